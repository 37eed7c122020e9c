"""Trace a river's or estuary's centre line for data/sea/waterways.csv where GSHHG
draws the water as an area (a double-lined river, an estuary, a bay with a channel),
not as a WDBII river line (for those, see trace_gshhg_river.py).

Needs Debian's gmt 6.4.0 and gmt-gshhg-full 2.3.7-6 (`apt-get install -y gmt
gmt-gshhg-full`) and Python's numpy, scipy and scikit-image (`pip install numpy
scipy scikit-image`; used with numpy 2.4, scipy 1.17, scikit-image 0.26). Run:

    python3 scripts/trace_gshhg_channel.py W/E/S/N CELL_M START END [CAP_KM] [--via LON,LAT ...]

1. `gmt grdlandmask -RW/E/S/N -Df` rasterises GSHHG's full-resolution shorelines
   (land, lakes and river-lakes, islands) at CELL_M metres: water or land per cell.
   Where GSHHG draws a river as a line, not an area (the Elbe above Blankenese, the
   Scheldt above the Dutch border), the WDBII permanent rivers and canals (`gmt
   coast -Df -Ir -Ic`) are burnt into the grid as water one cell wide, so the
   path can go up them to the port.
2. Each water cell's clearance is its distance to the nearest land cell (scipy's
   Euclidean distance transform, in km, cells scaled by the cosine of latitude).
3. The way from START's cell (lon,lat) to END's is the least-cost path over the
   grid (scikit-image's MCP_Geometric, 8 neighbours) where a km of water costs
   1 / min(clearance, CAP_KM)^2: the path keeps to the middle of the water where it
   is narrower than twice CAP_KM (default 1 km), and takes the shortest way at
   least CAP_KM from either shore where it is wider. A km of land costs LAND_COST
   (see below). `--via` points, moved to the nearest water, are passed in order
   (a branch of a delta, a side of an island).
4. The path is simplified by Douglas-Peucker to 0.3 km.

Prints `lon lat|lon lat|...`, and to stderr the length, the smallest clearance along
the path and how much of it crosses land: a km over land costs LAND_COST, so where
GSHHG's water has a gap (a stretch of river drawn neither as a line nor as an area),
the path crosses it by the shortest way and says how far. The row in waterways.csv is the
port's own point followed by this line. The commands used for each row are in
scripts/trace_waterways.sh.
"""
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy import ndimage
from skimage.graph import MCP_Geometric

R_KM = 6371.0088
# cost of a km over land, against 1 for a km of open water and 100 for a river
# line one cell wide
LAND_COST = 1e4


def km(a, b):
    la1, la2 = math.radians(a[1]), math.radians(b[1])
    dl = math.radians(b[0] - a[0])
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dl / 2) ** 2
    return 2 * R_KM * math.asin(min(1, math.sqrt(h)))


def water_grid(region, cell_m):
    # the grid is kept in the temporary directory between runs on one region
    cache = os.path.join(tempfile.gettempdir(), f"gshhg-water-{region.replace('/', '_')}-{cell_m}.npz")
    if os.path.exists(cache):
        z = np.load(cache)
        return z['land'], tuple(z['frame'])
    land, frame = rasterise(region, cell_m)
    np.savez(cache, land=land, frame=np.array(frame))
    return land, frame


def rasterise(region, cell_m):
    w, e, s, n = map(float, region.split('/'))
    mid = math.radians((s + n) / 2)
    dy = cell_m / 1000 / (R_KM * math.pi / 180)
    dx = dy / math.cos(mid)
    nx = int(round((e - w) / dx))
    ny = int(round((n - s) / dy))
    dx, dy = (e - w) / nx, (n - s) / ny
    with tempfile.TemporaryDirectory() as tmp:
        grd = os.path.join(tmp, 'mask.nc')
        subprocess.run(
            ['gmt', 'grdlandmask', f'-R{w}/{e}/{s}/{n}', f'-I{dx}/{dy}', '-r', '-Df',
             '-N0/1/0/1/0', f'-G{grd}'],
            check=True)
        raw = subprocess.run(['gmt', 'grd2xyz', grd, '-ZTLf'], check=True,
                             capture_output=True).stdout
    land = np.frombuffer(raw, dtype='<f4').reshape(ny, nx) > 0.5
    land = land.copy()
    rivers = subprocess.run(['gmt', 'coast', f'-R{w}/{e}/{s}/{n}', '-Df', '-Ir', '-Ic', '-M'],
                            check=True, capture_output=True, text=True).stdout
    burnt = 0
    for piece in rivers.split('>'):
        pts = [tuple(map(float, line.split()[:2])) for line in piece.splitlines()[1:]
               if line.strip()]
        for a, b in zip(pts, pts[1:]):
            steps = max(1, int(max(abs(b[0] - a[0]) / dx, abs(b[1] - a[1]) / dy) * 3))
            for i in range(steps + 1):
                x = a[0] + (b[0] - a[0]) * i / steps
                y = a[1] + (b[1] - a[1]) * i / steps
                c, r = int((x - w) / dx), int((n - y) / dy)
                if 0 <= r < ny and 0 <= c < nx and land[r, c]:
                    land[r, c] = False
                    burnt += 1
    print(f"{burnt} cells of river lines burnt in", file=sys.stderr)
    return land, (w, n, dx, dy)


def trace(region, cell_m, start, end, cap_km=1.0, via=()):
    land, (w, n, dx, dy) = water_grid(region, cell_m)
    ny, nx = land.shape
    lat_mid = n - dy * ny / 2
    kx = dx * math.pi / 180 * R_KM * math.cos(math.radians(lat_mid))
    ky = dy * math.pi / 180 * R_KM
    clear = ndimage.distance_transform_edt(~land, sampling=(ky, kx))
    # a km over land costs LAND_COST: the path crosses land only where GSHHG has a
    # gap in the water (a river drawn neither as a line nor as an area, a bridge's
    # cut), by the shortest way, and the crossing is reported
    with np.errstate(divide='ignore'):
        cost = np.where(land, LAND_COST, 1.0 / np.minimum(clear, cap_km) ** 2)

    water = np.argwhere(~land)

    def cell(p, wet=False):
        # the ends start where they are (a port on land goes to the water by the
        # shortest way); a via point is moved to the nearest water
        r = min(max(int((n - p[1]) / dy), 0), ny - 1)
        c = min(max(int((p[0] - w) / dx), 0), nx - 1)
        if wet and land[r, c]:
            d = (water[:, 0] - r) ** 2 * ky ** 2 + (water[:, 1] - c) ** 2 * kx ** 2
            return tuple(water[int(np.argmin(d))]), None
        return (r, c), None

    def lonlat(rc):
        return (w + (rc[1] + 0.5) * dx, n - (rc[0] + 0.5) * dy)

    cells = [cell(start)] + [cell(v, wet=True) for v in via] + [cell(end)]
    path = []
    for (a, _), (b, _) in zip(cells, cells[1:]):
        mcp = MCP_Geometric(cost, fully_connected=True, sampling=(ky, kx))
        mcp.find_costs([a], [b])
        piece = mcp.traceback(b)
        path.extend(piece if not path else piece[1:])
    pts = [lonlat(rc) for rc in path]
    length = sum(km(p, q) for p, q in zip(pts, pts[1:]))
    wet = [not land[r, c] for r, c in path]
    least = min((clear[r, c] for r, c in path if not land[r, c]), default=0.0)
    runs, run, longest, since = 0.0, 0.0, 0.0, None
    for i in range(1, len(path)):
        step = km(pts[i - 1], pts[i])
        if not wet[i] or not wet[i - 1]:
            since = since or pts[i - 1]
            run += step
            runs += step
            longest = max(longest, run)
        else:
            if run >= 1.0:
                print(f"over land {run:.1f} km from {since[0]:.4f},{since[1]:.4f} "
                      f"to {pts[i - 1][0]:.4f},{pts[i - 1][1]:.4f}", file=sys.stderr)
            run, since = 0.0, None
    print(f"path {length:.1f} km, least clearance {least:.2f} km, {len(pts)} cells; "
          f"over land (gaps in GSHHG's water) {runs:.1f} km, longest {longest:.1f} km",
          file=sys.stderr)
    return dp(pts, 0.3)


def xtrack(p, a, b):
    k = math.cos(math.radians(p[1]))
    ax, ay, bx, by, px, py = a[0] * k, a[1], b[0] * k, b[1], p[0] * k, p[1]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0 if length2 == 0 else max(0, min(1, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy)) * 111.2


def dp(pts, tol):
    # iterative Douglas-Peucker (paths are thousands of cells long)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    todo = [(0, len(pts) - 1)]
    while todo:
        i, j = todo.pop()
        if j - i < 2:
            continue
        k, m = max(((k, xtrack(pts[k], pts[i], pts[j])) for k in range(i + 1, j)),
                   key=lambda t: t[1])
        if m > tol:
            keep[k] = True
            todo += [(i, k), (k, j)]
    return [p for p, kept in zip(pts, keep) if kept]


def point(text):
    return tuple(map(float, text.split(',')))


if __name__ == '__main__':
    args = sys.argv[1:]
    via = []
    while '--via' in args:
        i = args.index('--via')
        via.append(point(args[i + 1]))
        del args[i:i + 2]
    region, cell_m, s, e = args[0], float(args[1]), point(args[2]), point(args[3])
    cap = float(args[4]) if len(args) > 4 else 1.0
    line = trace(region, cell_m, s, e, cap, via)
    print('|'.join(f"{x:.4f} {y:.4f}" for x, y in line))
