#!/usr/bin/env python3
"""Builds shipmap's embedded land networks (data/rail/*.bin) from registry packages.

Inputs (downloaded once into a cache directory, never committed):
  * PyPI  scgraph-data 2.0.0  -> scgraph_data/world_railways.py, world_highways.py
  * npm   world-atlas 2.0.2   -> countries-10m.json (Natural Earth 1:10m countries)
Python packages used here only: shapely (point in polygon), pycountry (ISO 3166
numeric -> alpha-2 codes).

Usage:
  pip download scgraph-data==2.0.0 --no-deps -d CACHE && (cd CACHE && unzip -o scgraph_data-*.whl)
  (cd CACHE && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz)
  python scripts/build_rail.py CACHE/scgraph_data/world_railways.py \
      CACHE/package/countries-10m.json data/rail/world_rail.bin

Options: --join-km KM (after the three paths) sets how close a dead end must be to
another line to be joined to it (default 1.0).

What it does:
  1. Reads the scgraph graph (nodes as [lat, lon], 3 decimals; undirected weighted
     adjacency in km) without importing scgraph: the file is a Python literal.
     Adds the cited lines of data/rail/supplement.csv (beside the output file).
  2. Tags every node with the ISO alpha-2 code of the Natural Earth country that
     contains it (or the nearest one within 0.1 degree, for coastal and border nodes
     that the 1:10m outline misses).
  2b. Joins false gaps (close_gaps) and writes the list to data/rail/joins.csv;
     marks the main lines of data/rail/main_lines.csv (edge class 1).
  2c. Sets the main-line edges' stored lengths from published kilometre posts
     (data/rail/km_posts.csv; apply_km_posts).
  3. Contracts chains of degree-2 nodes into single edges that keep their interior
     points (the routing graph shrinks about threefold; the drawn path keeps them all)
     and each interior point's stored distance along the edge.
  4. Orders junctions along a Hilbert curve (neighbours in the file are neighbours on
     the ground) and writes the compact binary described in src/network/rail/format.rs.
"""
import csv
import heapq
import json
import math
import os
import struct
import sys

import pycountry
import shapely
from shapely.geometry import MultiPolygon, Polygon

MAGIC = b"SMLAND\x00\x03"
SCALE = 1000  # coordinates are stored in thousandths of a degree (the source's precision)

# Natural Earth features with no ISO numeric id: the code of the state that holds them.
NO_ID = {
    "Dhekelia": "GB", "Akrotiri": "GB", "Somaliland": "SO", "Kosovo": "XK",
    "USNB Guantanamo Bay": "CU", "N. Cyprus": "CY", "Cyprus U.N. Buffer Zone": "CY",
    "Baikonur": "KZ", "Indian Ocean Ter.": "AU", "Coral Sea Is.": "AU",
}


def load_scgraph(path):
    src = open(path, encoding="utf-8").read()
    src = src.replace("from scgraph.core import GeoGraph", "")
    cut = src.rfind("GeoGraph(")
    src = src[: src.rfind("\n", 0, cut)]
    ns = {}
    exec(compile(src, path, "exec"), ns)  # the file is two literals: graph and nodes
    return ns["graph"], ns["nodes"]


def decode_topojson(path):
    topo = json.load(open(path, encoding="utf-8"))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idxs):
        out = []
        for i in idxs:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        code = None
        if "id" in g:
            c = pycountry.countries.get(numeric=g["id"])
            code = c.alpha_2 if c else None
        code = code or NO_ID.get(name)
        if code is None or g["type"] not in ("Polygon", "MultiPolygon"):
            print(f"skip country {name!r}", file=sys.stderr)
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        parts = []
        for p in polys:
            shell = ring(p[0])
            if len(shell) < 4:  # quantisation collapses the tiniest islets
                continue
            holes = [h for h in map(ring, p[1:]) if len(h) >= 4]
            parts.append(Polygon(shell, holes))
        shp = MultiPolygon(parts)
        countries.append((code, shapely.make_valid(shp)))
    return countries


def tag_countries(nodes, countries):
    codes = sorted({c for c, _ in countries})
    index = {c: i + 1 for i, c in enumerate(codes)}  # 0 = no country
    geoms = [g for _, g in countries]
    tree = shapely.STRtree(geoms)
    pts = shapely.points([(lon, lat) for lat, lon in nodes])
    tag = [0] * len(nodes)
    pi, gi = tree.query(pts, predicate="intersects")
    for p, g in zip(pi.tolist(), gi.tolist()):
        if tag[p] == 0:
            tag[p] = index[countries[g][0]]
    missing = [i for i, t in enumerate(tag) if t == 0]
    if missing:
        pi, gi = tree.query_nearest(pts[missing], max_distance=0.1)
        for p, g in zip(pi.tolist(), gi.tolist()):
            if tag[missing[p]] == 0:
                tag[missing[p]] = index[countries[g][0]]
    left = sum(1 for t in tag if t == 0)
    print(f"nodes with no country: {left} of {len(nodes)}", file=sys.stderr)
    return codes, tag


def contract(graph, main):
    """Junctions (degree != 2) and the chains of degree-2 nodes between them. An
    edge is of class 1 (main line) when at least half its length is on `main`
    source edges (pairs (min, max))."""
    adj = [[v for v in a if v != u] for u, a in enumerate(graph)]
    junction = [len(a) != 2 for a in adj]
    seen_edge = set()
    edges = []  # (u, v, weight_km, [interior nodes u->v], class, [km to each interior])

    def walk(u, first):
        prev, cur, interior, along = u, first, [], []
        w = graph[u][first]
        on_main = w if (min(u, first), max(u, first)) in main else 0.0
        seen_edge.add((min(u, first), max(u, first)))
        while not junction[cur]:
            interior.append(cur)
            along.append(w)
            a, b = adj[cur]
            nxt = b if a == prev else a
            if a == b:  # both sides lead to the same node (double edge)
                nxt = a
            key = (min(cur, nxt), max(cur, nxt))
            seen_edge.add(key)
            w += graph[cur][nxt]
            if key in main:
                on_main += graph[cur][nxt]
            prev, cur = cur, nxt
        return cur, w, interior, (1 if on_main * 2 >= w and w > 0 else 0), along

    for u in range(len(adj)):
        if not junction[u]:
            continue
        for v in adj[u]:
            if (min(u, v), max(u, v)) in seen_edge:
                continue
            end, w, interior, cls, along = walk(u, v)
            edges.append((u, end, w, interior, cls, along))
    # cycles made only of degree-2 nodes: promote one node of each to a junction
    for u in range(len(adj)):
        if junction[u] or all((min(u, v), max(u, v)) in seen_edge for v in adj[u]):
            continue
        junction[u] = True
        for v in adj[u]:
            if (min(u, v), max(u, v)) in seen_edge:
                continue
            end, w, interior, cls, along = walk(u, v)
            edges.append((u, end, w, interior, cls, along))
    return junction, edges


def hilbert(x, y, order=16):
    d = 0
    s = 1 << (order - 1)
    while s > 0:
        rx = 1 if x & s else 0
        ry = 1 if y & s else 0
        d += s * s * ((3 * rx) ^ ry)
        if ry == 0:
            if rx == 1:
                x, y = s - 1 - x, s - 1 - y
            x, y = y, x
        s >>= 1
    return d


def varint(out, n):
    if n < 0:
        raise ValueError(n)
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def zigzag(out, n):
    varint(out, (n << 1) if n >= 0 else ((-n) << 1) - 1)


EARTH_RADIUS_KM = 6371.0088
JOIN_KM = 1.0  # default --join-km: dead ends this close to another line are joined
# a join is made only when the network way round is longer than this (km) ...
JOIN_DETOUR_FACTOR = 2.0
JOIN_DETOUR_EXTRA_KM = 1.0  # ... times the gap, plus this
# a dead end whose line points straight at another line (within ALIGN_DEG) is joined
# across up to ALIGN_FACTOR x join_km: a line the source cut short where its points
# are sparse (Kyzylorda-Turkistan 1.7 km, Aktobe-Kandyagash 3.3 km)
ALIGN_FACTOR = 5.0
ALIGN_DEG = 30.0
# two dead ends that point at each other (each within ALIGN_DEG of the other) are
# joined across up to FACING_FACTOR x join_km (Bharuch-Surat 5.3 km)
FACING_FACTOR = 10.0
# nodes joined by edges shorter than this count as one place when looking for dead
# ends: a line that ends in a tiny loop or a doubled last point is a dead end too
CLUSTER_KM = 0.2
REPLACE_MIN_KM = 50.0
SUPPLEMENT_STEP_KM = 5.0  # a supplement line replaces a straight source edge this long


def hav(a, b):
    """Great-circle km between (lat, lon) pairs."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if not r[next(iter(r))].startswith("#")]


class NodeGrid:
    """Nodes bucketed in 0.01-degree cells, for lookups within a few km."""

    def __init__(self, nodes):
        self.nodes = nodes
        self.cells = {}
        for i, (lat, lon) in enumerate(nodes):
            self.cells.setdefault((math.floor(lat * 100), math.floor(lon * 100)), []).append(i)

    def add(self, i):
        lat, lon = self.nodes[i]
        self.cells.setdefault((math.floor(lat * 100), math.floor(lon * 100)), []).append(i)

    def within(self, at, km):
        lat, lon = at
        dr = math.ceil(km / 1.11) + 1
        dc = math.ceil(km / (1.11 * max(0.05, math.cos(math.radians(lat))))) + 1
        r0, c0 = math.floor(lat * 100), math.floor(lon * 100)
        out = []
        for r in range(r0 - dr, r0 + dr + 1):
            for c in range(c0 - dc, c0 + dc + 1):
                for i in self.cells.get((r, c), ()):
                    d = hav(at, self.nodes[i])
                    if d <= km:
                        out.append((d, i))
        out.sort()
        return out


def add_supplement(graph, nodes, rows, grid):
    """Adds the hand-written lines of data/rail/supplement.csv. Each line's first and
    last points must be within 2 km of a source node (its ends are joined there);
    interior points become new nodes. A line whose two end nodes are already joined
    by one straight source edge of REPLACE_MIN_KM or more replaces that edge and keeps
    its length (the source knew the line's length, not its shape); any other line is
    as long as its drawing."""
    lines = {}
    for r in rows:
        lines.setdefault(r["line"], []).append(r)
    added = []
    for name in sorted(lines):
        pts = sorted(lines[name], key=lambda r: int(r["seq"]))
        coords = [(round(float(r["lat"]), 3), round(float(r["lon"]), 3)) for r in pts]
        ends = []
        for at in (coords[0], coords[-1]):
            near = grid.within(at, 2.0)
            if not near:
                sys.exit(f"supplement line {name}: no network node within 2 km of {at}")
            ends.append(near[0][1])
        a, b = ends
        # the drawing, densified to points at most SUPPLEMENT_STEP_KM apart so that
        # every point's country tag is right to within that distance
        drawn_pts = [tuple(nodes[a])] + coords[1:-1] + [tuple(nodes[b])]
        dense = [drawn_pts[0]]
        for p, q in zip(drawn_pts, drawn_pts[1:]):
            k = max(1, math.ceil(hav(p, q) / SUPPLEMENT_STEP_KM))
            for j in range(1, k + 1):
                dense.append((round(p[0] + (q[0] - p[0]) * j / k, 3),
                              round(p[1] + (q[1] - p[1]) * j / k, 3)))
        chain = [a]
        for at in dense[1:-1]:
            nodes.append([at[0], at[1]])
            graph.append({})
            grid.add(len(nodes) - 1)
            chain.append(len(nodes) - 1)
        chain.append(b)
        drawn = [hav(nodes[chain[k]], nodes[chain[k + 1]]) for k in range(len(chain) - 1)]
        scale = 1.0
        old = graph[a].get(b)
        if old is not None and old >= REPLACE_MIN_KM and sum(drawn) > 0:
            scale = old / sum(drawn)
            del graph[a][b]
            del graph[b][a]
        for k in range(len(chain) - 1):
            u, v = chain[k], chain[k + 1]
            w = round(drawn[k] * scale, 3)
            graph[u][v] = w
            graph[v][u] = w
        added.append((name, sum(drawn) * scale, old))
        print(f"supplement {name}: {len(chain)} points, {sum(drawn) * scale:.1f} km"
              + (f" (replaces a {old:.1f} km straight edge)" if scale != 1.0 else ""),
              file=sys.stderr)
    return added


def on_land(a, b, tree, geoms):
    """Whether the straight join from a to b stays on land: false only when both
    ends are inside the 1:10m land outline and a point between them is not (a join
    between two points the outline leaves at sea, along a coast, is let through)."""
    pts = [(a[1] + (b[1] - a[1]) * t, a[0] + (b[0] - a[0]) * t) for t in (0, 1, .25, .5, .75)]
    hit = set(tree.query(shapely.points(pts), predicate="intersects")[0].tolist())
    return not ({0, 1} <= hit and len(hit) < len(pts))


def bounded_dists(graph, s, limit):
    dist = {s: 0.0}
    heap = [(0.0, s)]
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist[u]:
            continue
        for v, w in graph[u].items():
            nd = d + w
            if nd <= limit and nd < dist.get(v, math.inf):
                dist[v] = nd
                heapq.heappush(heap, (nd, v))
    return dist


def bearing_gap(prev, u, v):
    """Angle in degrees between the directions prev->u and u->v (local flat plane)."""
    k = math.cos(math.radians(u[0]))
    ax, ay = (u[1] - prev[1]) * k, u[0] - prev[0]
    bx, by = (v[1] - u[1]) * k, v[0] - u[0]
    na, nb = math.hypot(ax, ay), math.hypot(bx, by)
    if na == 0 or nb == 0:
        return 180.0
    c = max(-1.0, min(1.0, (ax * bx + ay * by) / (na * nb)))
    return math.degrees(math.acos(c))


def project(u, v, w):
    """The point of segment v-w nearest u (local flat plane): (t along v->w, km)."""
    k = math.cos(math.radians(u[0]))
    vx, vy = (v[1] - u[1]) * k, v[0] - u[0]
    wx, wy = (w[1] - u[1]) * k, w[0] - u[0]
    dx, dy = wx - vx, wy - vy
    len2 = dx * dx + dy * dy
    t = 0.0 if len2 == 0 else max(0.0, min(1.0, -(vx * dx + vy * dy) / len2))
    at = (v[0] + (w[0] - v[0]) * t, v[1] + (w[1] - v[1]) * t)
    return t, at


def close_gaps(graph, nodes, tag, grid, tree, geoms, join_km):
    """Joins each dead end to the nearest point of a line that the network cannot
    reach in less than JOIN_DETOUR_FACTOR x the gap + JOIN_DETOUR_EXTRA_KM, when both
    lie in the same country and the join does not cross water: any such point within
    join_km, or, failing that, one within ALIGN_FACTOR x join_km straight ahead of the
    dead end's line. The point is a node, or a new node that splits an edge where the
    source's points are far apart. Returns the dead ends, the joins and a count of
    the dead ends left, by reason."""
    def others(u):
        return [v for v in graph[u] if v != u]

    def dead_end(u):
        """The one node outside u's cluster that the cluster leads to, if only one:
        u is then (a point of) a dead end. Only the cluster's lowest node counts."""
        cluster, todo = {u}, [u]
        while todo and len(cluster) <= 16:
            x = todo.pop()
            for y, w in graph[x].items():
                if w < CLUSTER_KM and y not in cluster:
                    cluster.add(y)
                    todo.append(y)
        if min(cluster) != u:
            return None
        out = {y for x in cluster for y in graph[x] if y not in cluster}
        return next(iter(out)) if len(out) == 1 else None

    exits = {}
    for u in range(len(graph)):
        if len(graph[u]) <= 4:
            x = dead_end(u)
            if x is not None:
                exits[u] = x
    dead = sorted(exits)
    dead_grid = NodeGrid(nodes)
    dead_grid.cells = {}
    for u in dead:
        dead_grid.add(u)
    joins = []
    left = {"no other line within reach": 0, "would cross a border": 0,
            "would cross water": 0}
    far_km = ALIGN_FACTOR * join_km
    facing_km = FACING_FACTOR * join_km
    reach = far_km + 15.0  # segments with an end this far away are looked at
    joined = set()
    for u in dead:
        if u in joined:
            continue  # joined already, as the far end of an earlier join
        prev = nodes[exits[u]]
        limit = JOIN_DETOUR_FACTOR * facing_km + JOIN_DETOUR_EXTRA_KM + reach
        dist = bounded_dists(graph, u, limit)
        cands = []  # (gap km, target (lat, lon), v, w, t, network km to target)
        seen = set()
        for _, v in grid.within(nodes[u], reach):
            if v == u:
                continue
            for w, length in graph[v].items():
                key = (min(v, w), max(v, w))
                if w == u or v == w or key in seen:
                    continue
                seen.add(key)
                t, at = project(nodes[u], nodes[v], nodes[w])
                d = hav(nodes[u], at)
                if d > far_km:
                    continue
                net = min(dist.get(v, math.inf) + t * length,
                          dist.get(w, math.inf) + (1 - t) * length)
                cands.append((d, at, v, w, t, net))
        for d, v in dead_grid.within(nodes[u], facing_km):
            if d > far_km and v != u and v in exits and v not in joined \
                    and bearing_gap(nodes[exits[v]], nodes[v], nodes[u]) <= ALIGN_DEG:
                cands.append((d, tuple(nodes[v]), v, v, 0.0, dist.get(v, math.inf)))
        cands.sort(key=lambda c: c[0])
        reason = "no other line within reach"
        for d, at, v, w, t, net in cands:
            if net <= JOIN_DETOUR_FACTOR * d + JOIN_DETOUR_EXTRA_KM:
                continue
            if d > join_km and bearing_gap(prev, nodes[u], at) > ALIGN_DEG:
                continue
            near = v if t <= 0.5 else w
            if exits.get(near) == exits[u]:
                continue  # a twin end of the same line (a doubled last edge)
            if tag[u] == 0 or tag[u] != tag[near]:
                reason = "would cross a border"
                continue
            if not on_land(nodes[u], at, tree, geoms):
                reason = "would cross water"
                continue
            length = graph[v].get(w, 0.0)
            at3 = (round(at[0], 3), round(at[1], 3))
            if t * length < 0.05 or at3 == tuple(nodes[v]):
                target = v
            elif (1 - t) * length < 0.05 or at3 == tuple(nodes[w]):
                target = w
            else:  # split v-w at the foot of the join
                nodes.append([at3[0], at3[1]])
                tag.append(tag[near])
                graph.append({})
                target = len(nodes) - 1
                grid.add(target)
                del graph[v][w]
                del graph[w][v]
                for x, part in ((v, t * length), (w, (1 - t) * length)):
                    graph[x][target] = round(part, 3)
                    graph[target][x] = round(part, 3)
            gap = round(max(hav(nodes[u], nodes[target]), 0.001), 3)
            graph[u][target] = gap
            graph[target][u] = gap
            joins.append((u, target, gap))
            joined.update((u, target))
            break
        else:
            left[reason] += 1
    print(f"dead ends: {len(dead)}; joined {len(joins)}; left {left}", file=sys.stderr)
    return dead, joins, left


def astar(graph, nodes, s, t):
    """Shortest path by A* with great-circle estimates: the list of nodes."""
    goal = nodes[t]
    dist = {s: 0.0}
    pred = {}
    heap = [(hav(nodes[s], goal), s)]
    while heap:
        _, u = heapq.heappop(heap)
        if u == t:
            path = [t]
            while path[-1] != s:
                path.append(pred[path[-1]])
            return path[::-1], dist[t]
        du = dist[u]
        for v, w in graph[u].items():
            nd = du + w
            if nd < dist.get(v, math.inf):
                dist[v] = nd
                pred[v] = u
                heapq.heappush(heap, (nd + hav(nodes[v], goal), v))
    return None, math.inf


def main_lines(graph, nodes, grid, rows):
    """Source edges on the named main lines of data/rail/main_lines.csv: the shortest
    path between consecutive stations of each line (stations close enough together
    that this path is the line itself)."""
    lines = {}
    for r in rows:
        lines.setdefault(r["line"], []).append(r)
    main = set()
    sections = {}  # line -> [(seq, seq of the next station, source node path)]
    for name in sorted(lines):
        stops = sorted(lines[name], key=lambda r: int(r["seq"]))
        snapped = []
        for r in stops:
            near = grid.within((float(r["lat"]), float(r["lon"])), 5.0)
            if not near:
                sys.exit(f"main line {name}: no node within 5 km of {r['station']}")
            snapped.append(near[0][1])
        total = 0.0
        for k in range(len(stops) - 1):
            path, km = astar(graph, nodes, snapped[k], snapped[k + 1])
            if path is None:
                sys.exit(f"main line {name}: {stops[k]['station']} and "
                         f"{stops[k + 1]['station']} are not connected")
            straight = hav(nodes[snapped[k]], nodes[snapped[k + 1]])
            if km > 1.6 * straight + 20:
                print(f"  main line {name}: {stops[k]['station']} - "
                      f"{stops[k + 1]['station']} is {km:.0f} km by rail, "
                      f"{straight:.0f} km straight", file=sys.stderr)
            total += km
            sections.setdefault(name, []).append(
                (int(stops[k]["seq"]), int(stops[k + 1]["seq"]), path))
            for x, y in zip(path, path[1:]):
                main.add((min(x, y), max(x, y)))
        print(f"main line {name}: {len(stops)} stations, {total:.0f} km", file=sys.stderr)
    return main, sections


# A km-post section is applied only when the source's own length is within these
# bounds of the published one: a larger gap means the snapped station or the path is
# not the one the posts count (a different route, a station in another part of town),
# and the section is reported instead of being forced.
KM_POST_MIN_RATIO = 0.85
KM_POST_MAX_RATIO = 1.20
# Sections shorter than this are left alone: stations are snapped to the nearest node
# within 5 km, so on a short section the snap, not the line, would set the length.
KM_POST_MIN_KM = 50.0


def apply_km_posts(graph, sections, rows):
    """Sets the stored lengths of main-line edges from published kilometre posts
    (data/rail/km_posts.csv). For each line and counting, consecutive stations with a
    post in that counting bound a section: the main-line path between them (the
    concatenation of the station-to-station paths) has its edges' lengths scaled by
    published / source length, so the section adds up to the railway's own figure.
    The drawing is untouched. An edge is scaled at most once (by the first section
    that covers it, lines in name order). Returns one report row per section."""
    posts = {}
    for r in rows:
        posts.setdefault((r["line"], r["counting"]), []).append((int(r["seq"]), float(r["km"])))
    done = set()
    report = []
    for (line, counting), marks in sorted(posts.items()):
        steps = {a: (b, path) for a, b, path in sections.get(line, [])}
        marks.sort()
        for (s0, k0), (s1, k1) in zip(marks, marks[1:]):
            path, s = [], s0
            while s != s1 and s in steps:
                nxt, part = steps[s]
                path += part if not path else part[1:]
                s = nxt
            if s != s1:
                sys.exit(f"km posts {line}: no main-line path from seq {s0} to {s1}")
            published = abs(k1 - k0)
            pairs = list(zip(path, path[1:]))
            source = sum(graph[u][v] for u, v in pairs)
            ratio = published / source if source > 0 else 0.0
            fresh = [(u, v) for u, v in pairs if (min(u, v), max(u, v)) not in done]
            applied = (published >= KM_POST_MIN_KM and fresh
                       and KM_POST_MIN_RATIO <= ratio <= KM_POST_MAX_RATIO)
            if applied:
                # scale only the edges no earlier section set, so the section's sum
                # still comes to the published figure
                fixed = sum(graph[u][v] for u, v in pairs if (min(u, v), max(u, v)) in done)
                free = source - fixed
                f = (published - fixed) / free if free > 0 else 1.0
                if not KM_POST_MIN_RATIO <= f <= KM_POST_MAX_RATIO:
                    applied = False
                else:
                    for u, v in fresh:
                        w = round(graph[u][v] * f, 3)
                        graph[u][v] = w
                        graph[v][u] = w
                        done.add((min(u, v), max(u, v)))
            report.append((line, counting, s0, s1, published, source, applied))
            print(f"  km posts {line} {s0}-{s1} ({counting}): published {published:.1f} km,"
                  f" source {source:.1f} km, x{ratio:.3f}"
                  + ("" if applied else " (left as is)"), file=sys.stderr)
    return report


def write_joins(path, nodes, tag, codes, dead, joins, left, join_km):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# Gap joins made by scripts/build_rail.py (--join-km {join_km}): a dead end\n"
                f"# joined to the nearest node of a line it could not otherwise reach within\n"
                f"# {JOIN_DETOUR_FACTOR} x the gap + {JOIN_DETOUR_EXTRA_KM} km, same country,"
                f" on land: within {join_km} km,\n# or within {ALIGN_FACTOR * join_km} km"
                f" straight ahead (+-{ALIGN_DEG} degrees) of the dead end's line.\n"
                f"# dead ends in the source (after the supplement): {len(dead)}; joined:"
                f" {len(joins)}; left: "
                + "; ".join(f"{k}: {v}" for k, v in left.items()) + "\n")
        f.write("lat_end,lon_end,lat_to,lon_to,metres,country\n")
        for u, v, w in sorted(joins, key=lambda j: (nodes[j[0]][0], nodes[j[0]][1])):
            a, b = nodes[u], nodes[v]
            cc = codes[tag[u] - 1] if tag[u] else ""
            f.write(f"{a[0]:.3f},{a[1]:.3f},{b[0]:.3f},{b[1]:.3f},{round(w * 1000)},{cc}\n")


def main(src, topo, dst, join_km=JOIN_KM):
    here = os.path.dirname(os.path.abspath(dst))
    graph, nodes = load_scgraph(src)
    print(f"{len(nodes)} nodes", file=sys.stderr)
    grid = NodeGrid(nodes)
    add_supplement(graph, nodes, read_csv(os.path.join(here, "supplement.csv")), grid)
    countries = decode_topojson(topo)
    codes, tag = tag_countries(nodes, countries)
    geoms = [g for _, g in countries]
    tree = shapely.STRtree(geoms)
    dead, joins, left = close_gaps(graph, nodes, tag, grid, tree, geoms, join_km)
    write_joins(os.path.join(here, "joins.csv"), nodes, tag, codes, dead, joins, left,
                join_km)
    on_main, sections = main_lines(graph, nodes, grid,
                                   read_csv(os.path.join(here, "main_lines.csv")))
    apply_km_posts(graph, sections, read_csv(os.path.join(here, "km_posts.csv")))
    junction, edges = contract(graph, on_main)
    fix = [(round(lon * SCALE), round(lat * SCALE)) for lat, lon in nodes]
    js = [u for u in range(len(nodes)) if junction[u]]
    js.sort(key=lambda u: hilbert((fix[u][0] + 180000) * 65535 // 360000,
                                  (fix[u][1] + 90000) * 65535 // 180000))
    new = {u: i for i, u in enumerate(js)}
    recs = []
    for u, v, w, interior, cls, along in edges:
        a, b = new[u], new[v]
        if a > b:
            a, b, interior = b, a, interior[::-1]
            along = [w - x for x in along[::-1]]
        recs.append((a, b, w, interior, cls, along))
    recs.sort(key=lambda r: (r[0], r[1]))
    n_interior = sum(len(r[3]) for r in recs)
    print(f"{len(js)} junctions, {len(recs)} edges, {n_interior} interior points",
          file=sys.stderr)

    out = bytearray(MAGIC)
    out += struct.pack("<IIII", len(js), len(recs), n_interior, len(codes))
    for c in codes:
        out += c.encode("ascii")
    px = py = 0
    for u in js:
        x, y = fix[u]
        zigzag(out, x - px)
        zigzag(out, y - py)
        px, py = x, y
    out += bytes(tag[u] for u in js)
    prev_a = 0
    for a, b, w, interior, cls, along in recs:
        varint(out, a - prev_a)
        prev_a = a
        varint(out, b - a)
        total = round(w * 1000)
        varint(out, total)
        varint(out, len(interior))
        px, py = fix[js[a]]
        for n in interior:
            x, y = fix[n]
            zigzag(out, x - px)
            zigzag(out, y - py)
            px, py = x, y
        # each interior point's stored distance along the line, as steps in metres
        # (rounded cumulatively, so they never add up past the edge's own length)
        before = 0
        for km in along:
            at = min(round(km * 1000), total)
            varint(out, at - before)
            before = at
        # countries of interior points as runs; no runs = all like junction a
        runs = []
        for n in interior:
            if runs and runs[-1][0] == tag[n]:
                runs[-1][1] += 1
            else:
                runs.append([tag[n], 1])
        if len(runs) == 1 and runs[0][0] == tag[js[a]]:
            runs = []
        varint(out, len(runs))
        for t, k in runs:
            out.append(t)
            varint(out, k)
        out.append(cls)
    open(dst, "wb").write(out)
    print(f"wrote {dst}: {len(out)} bytes", file=sys.stderr)



if __name__ == "__main__":
    args = sys.argv[1:]
    km = JOIN_KM
    if len(args) == 5 and args[3] == "--join-km":
        km = float(args[4])
        args = args[:3]
    if len(args) != 3:
        sys.exit(__doc__)
    main(*args, join_km=km)
