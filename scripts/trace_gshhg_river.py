"""Trace a river's course for data/sea/waterways.csv from GSHHG WDBII rivers.

Dump the rivers of a region with Debian's gmt 6.4.0 and gmt-gshhg-high 2.3.7-6
(`apt-get install -y gmt gmt-gshhg-high`), then trace from the port to the mouth:

    gmt coast -R23.7/24.2/56.9/57.2 -Dh -Ia -M > daugava.txt
    python3 scripts/trace_gshhg_river.py daugava.txt 24.106,56.9456 24.03,57.06

Prints `lon lat|lon lat|...`: the shortest way over the river lines (pieces cut at
GMT's bins joined within 50 m) from the vertex nearest START (lon,lat) to the
reachable vertex nearest END, simplified by Douglas-Peucker to 0.3 km. The row in
waterways.csv is the port's own point followed by this line. Used for daugava
(END 24.03,57.06) and don (R38.5/40.5/46.8/47.5, START 39.643,47.178, END 39.25,47.1).
"""
import sys, math, heapq
def km(a, b):
    la1, la2 = math.radians(a[1]), math.radians(b[1])
    dl = math.radians(b[0]-a[0]); dp = la2-la1
    h = math.sin(dp/2)**2 + math.cos(la1)*math.cos(la2)*math.sin(dl/2)**2
    return 2*6371.0088*math.asin(min(1, math.sqrt(h)))
def load(path):
    segs, cur = [], None
    for line in open(path):
        if line.startswith('>'):
            cur = []; segs.append(cur); continue
        x, y = map(float, line.split()[:2]); cur.append((round(x, 4), round(y, 4)))
    return segs
def trace(path, start, end, tol=0.3):
    segs = load(path)
    adj = {}
    for s in segs:
        for a, b in zip(s, s[1:]):
            d = km(a, b)
            adj.setdefault(a, []).append((b, d)); adj.setdefault(b, []).append((a, d))
    # join vertices within 50 m (bin cuts)
    verts = list(adj)
    grid = {}
    for v in verts:
        grid.setdefault((round(v[0], 2), round(v[1], 2)), []).append(v)
    for v in verts:
        gx, gy = round(v[0], 2), round(v[1], 2)
        for dx in (-0.01, 0, 0.01):
            for dy in (-0.01, 0, 0.01):
                for w in grid.get((round(gx+dx, 2), round(gy+dy, 2)), []):
                    if w != v and km(v, w) < 0.05:
                        adj[v].append((w, km(v, w)))
    s = min(verts, key=lambda v: km(v, start))
    dist = {s: 0}; prev = {}; pq = [(0, s)]
    while pq:
        d, v = heapq.heappop(pq)
        if d > dist[v]: continue
        for w, c in adj[v]:
            if d + c < dist.get(w, 1e18):
                dist[w] = d + c; prev[w] = v; heapq.heappush(pq, (d + c, w))
    e = min(dist, key=lambda v: km(v, end))
    if e not in dist: sys.exit(f"no path; nearest start {km(s,start):.1f} km end {km(e,end):.1f} km")
    out = [e]
    while out[-1] != s: out.append(prev[out[-1]])
    out.reverse()
    print(f"start off {km(s,start):.2f} km, end off {km(e,end):.2f} km, river {dist[e]:.1f} km, {len(out)} pts", file=sys.stderr)
    return dp(out, tol)
def xtrack(p, a, b):
    k = math.cos(math.radians(p[1]))
    ax, ay, bx, by, px, py = a[0]*k, a[1], b[0]*k, b[1], p[0]*k, p[1]
    dx, dy = bx-ax, by-ay; L = dx*dx+dy*dy
    t = 0 if L == 0 else max(0, min(1, ((px-ax)*dx+(py-ay)*dy)/L))
    return math.hypot(px-(ax+t*dx), py-(ay+t*dy))*111.2
def dp(pts, tol):
    if len(pts) < 3: return pts
    i, m = max(((i, xtrack(pts[i], pts[0], pts[-1])) for i in range(1, len(pts)-1)), key=lambda t: t[1])
    if m <= tol: return [pts[0], pts[-1]]
    return dp(pts[:i+1], tol)[:-1] + dp(pts[i:], tol)
if __name__ == '__main__':
    f = sys.argv[1]; s = tuple(map(float, sys.argv[2].split(','))); e = tuple(map(float, sys.argv[3].split(',')))
    pts = trace(f, s, e)
    print('|'.join(f"{x:.4f} {y:.4f}" for x, y in pts))
