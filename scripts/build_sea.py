#!/usr/bin/env python3
"""Builds shipmap's embedded sea data (data/sea/) from two registry packages.

Inputs (downloaded by their ordinary clients, never committed):
  * PyPI  searoute 1.6.0   -> searoute/data/marnet_searoute.geojson (Eurostat marnet, EUPL-1.2)
  * npm   world-atlas 2.0.2 -> land-10m.json (Natural Earth 10m land, public domain)

Outputs:
  * data/sea/land.bin   Natural Earth 10m land rasterised at 1 arc-minute, as sorted
                        run boundaries per row (cell centre inside land = land).
  * data/sea/marnet.bin The marnet graph: every vertex a node, every segment an edge with
                        its geodesic length; segments that crossed 2 km or more of land
                        outside the named narrows are re-drawn over the water grid;
                        Kiel and Corinth canals added (marnet lacks them).

Usage:
  python3 -m venv /work/cache-sea/venv && . /work/cache-sea/venv/bin/activate
  pip install numpy scikit-image geographiclib
  pip download searoute==1.6.0 --no-deps -d /work/cache-sea/dl && tar xzf ... (see data/README.md)
  npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
  python scripts/build_sea.py --marnet .../marnet_searoute.geojson --land .../land-10m.json
"""

import argparse
import csv
import hashlib
import json
import math
import os
import struct
import sys

import numpy as np
from geographiclib.geodesic import Geodesic
from skimage.graph import MCP_Geometric

CELLS_PER_DEG = 60  # 1 arc-minute cells
COLS = 360 * CELLS_PER_DEG
ROWS = 180 * CELLS_PER_DEG
MAX_LAND_KM = 2.0  # what tests/sea_land.rs allows
WATER_GAP_KM = 0.25  # water shorter than this does not end a run over land (as in Rust)
REPAIR_LAND_KM = 1.0  # what the build repairs: a margin under the test's limit
SAMPLE_KM = 0.25
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Canals marnet lacks. Vertices follow each canal's centre line (approximate, from the
# canals' published end points and towns on their banks).
CANALS = {
    "kiel": [(9.14, 53.89), (9.25, 53.95), (9.37, 54.03), (9.47, 54.11), (9.57, 54.24),
             (9.67, 54.30), (9.80, 54.33), (9.93, 54.35), (10.05, 54.36), (10.145, 54.365)],
    "corinth": [(22.957, 37.935), (22.983, 37.925), (23.005, 37.915)],
}
# Where each canal's end joins open water, walked to the nearest network node.
CANAL_MOUTHS = {"kiel": [(9.10, 53.87), (10.20, 54.40)], "corinth": [(22.93, 37.95), (23.03, 37.90)]}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------- land raster
def topo_rings(path):
    """Every ring of the land object, as float arrays of lon/lat."""
    t = json.load(open(path))
    sx, sy = t["transform"]["scale"]
    tx, ty = t["transform"]["translate"]
    arcs = []
    for arc in t["arcs"]:
        a = np.cumsum(np.array(arc, dtype=np.int64), axis=0).astype(np.float64)
        a[:, 0] = a[:, 0] * sx + tx
        a[:, 1] = a[:, 1] * sy + ty
        arcs.append(a)

    def ring(idxs):
        parts = []
        for i in idxs:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            parts.append(a if not parts else a[1:])
        return np.concatenate(parts)

    rings = []
    for geom in t["objects"]["land"]["geometries"]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for poly in polys:
            for r in poly:
                rings.append(ring(r))
    return rings


def rasterise(rings):
    """Row-wise land intervals (cell centres inside land), as sorted [start, end) pairs.

    Rings cut at the antimeridian are unwrapped into continuous curves first; each
    ring's crossings of a row pair up into intervals, which wrap back into the map and
    combine by even-odd (holes, islands in lakes). Antarctica winds round the pole:
    its unpaired crossing closes at the map's eastern edge.
    """
    segs = []
    for i, r in enumerate(rings):
        x = r[:, 0].copy()
        step = np.diff(x)
        shift = np.concatenate([[0.0], np.cumsum(np.where(step > 180, -360.0, np.where(step < -180, 360.0, 0.0)))])
        x = x + shift
        segs.append(np.column_stack([x[:-1], r[:-1, 1], x[1:], r[1:, 1], np.full(len(x) - 1, i)]))
    s = np.concatenate(segs)
    x0, y0, x1, y1, ring = s[:, 0], s[:, 1], s[:, 2], s[:, 3], s[:, 4].astype(np.int64)
    # rows whose centre latitude lies in [min(y0,y1), max(y0,y1))
    ylo, yhi = np.minimum(y0, y1), np.maximum(y0, y1)
    r0 = np.ceil((ylo + 90.0) * CELLS_PER_DEG - 0.5).astype(np.int64)
    r1 = np.ceil((yhi + 90.0) * CELLS_PER_DEG - 0.5).astype(np.int64)
    n = np.maximum(r1 - r0, 0)
    seg = np.repeat(np.arange(len(n)), n)
    rows = np.repeat(r0, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    yc = (rows + 0.5) / CELLS_PER_DEG - 90.0
    t = (yc - y0[seg]) / (y1[seg] - y0[seg])
    xc = x0[seg] + t * (x1[seg] - x0[seg])
    col = np.ceil((xc + 180.0) * CELLS_PER_DEG - 0.5).astype(np.int64)
    rg = ring[seg]
    order = np.lexsort((col, rg, rows))
    rows, rg, col = rows[order], rg[order], col[order]
    toggles = [[] for _ in range(ROWS)]
    i, total = 0, len(rows)
    while i < total:
        j = i
        while j < total and rows[j] == rows[i] and rg[j] == rg[i]:
            j += 1
        cs = col[i:j].tolist()
        if len(cs) % 2:
            cs.append(cs[-1] // COLS * COLS + COLS)  # a ring round the pole closes at the edge
        for a, b in zip(cs[0::2], cs[1::2]):
            # one interval in unwrapped columns; wrap it back into 0..COLS
            while a < b:
                base = a // COLS * COLS
                end = min(b, base + COLS)
                toggles[rows[i]].extend((a - base, end - base))
                a = end
        i = j
    out = []
    for cs in toggles:
        cs.sort()
        iv = []
        for a, b in zip(cs[0::2], cs[1::2]):
            if a >= b:
                continue
            if iv and iv[-1][1] >= a:
                iv[-1][1] = max(iv[-1][1], b)
            else:
                iv.append([a, b])
        out.append(iv)
    return out


def dense(intervals):
    land = np.zeros((ROWS, COLS), dtype=bool)
    for r, iv in enumerate(intervals):
        for a, b in iv:
            land[r, a:b] = True
    return land


def cell_of(lon, lat):
    c = min(max(int((lon + 180.0) * CELLS_PER_DEG), 0), COLS - 1)
    r = min(max(int((lat + 90.0) * CELLS_PER_DEG), 0), ROWS - 1)
    return r, c


def centre(r, c):
    return ((c + 0.5) / CELLS_PER_DEG - 180.0, (r + 0.5) / CELLS_PER_DEG - 90.0)


# ---------------------------------------------------------------- geometry helpers
def km(a, b):
    return Geodesic.WGS84.Inverse(a[1], a[0], b[1], b[0])["s12"] / 1000.0


def unwrap(a, b):
    """b's longitude moved by 360 so the step from a is the short way round."""
    dx = b[0] - a[0]
    if dx > 180:
        return (b[0] - 360, b[1])
    if dx < -180:
        return (b[0] + 360, b[1])
    return b


def wrap(lon):
    w = (lon + 180.0) % 360.0 - 180.0
    return 180.0 if (w == -180.0 and lon > 0) else w


def land_run_km(land, a, b, narrows):
    """Longest run over land (km) along the straight lon/lat segment a-b, outside narrows.
    Samples every quarter cell, so a run's ends may be off by a quarter cell each; water
    shorter than WATER_GAP_KM does not end a run, as in the Rust LandGrid::land_run_km,
    which walks the cells exactly and which tests/sea_land.rs checks the result with
    (the two edges that check found at 2.06 km, which this sampler put under 1.9 km,
    are in data/sea/narrows.csv: burrard-inlet, hagemeister-strait)."""
    b = unwrap(a, b)
    length = approx_km(a, b)
    n = max(1, int(math.ceil(max(abs(b[0] - a[0]), abs(b[1] - a[1])) * CELLS_PER_DEG * 4.0)))
    worst, run_start, water_start = 0.0, None, None
    for i in range(n + 1):
        f = i / n
        lon, lat = a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])
        r, c = cell_of(wrap(lon), lat)
        on_land = land[r, c] and not in_narrows(narrows, wrap(lon), lat)
        if on_land:
            if run_start is None:
                run_start = i
            water_start = None
        elif run_start is not None:
            if water_start is None:
                water_start = i
            # each sample stands for 1/n of the line
            if (i - water_start + 1) / n * length >= WATER_GAP_KM:
                worst = max(worst, (water_start - run_start) / n * length)
                run_start, water_start = None, None
    if run_start is not None:
        stop = water_start if water_start is not None else n
        worst = max(worst, (stop - run_start) / n * length)
    return worst


def approx_km(a, b):
    """Equirectangular km, as the Rust approx_km."""
    k = 1.852 * CELLS_PER_DEG
    dx = (b[0] - a[0]) * math.cos(math.radians((a[1] + b[1]) * 0.5))
    return math.hypot(dx, b[1] - a[1]) * k


def in_narrows(narrows, lon, lat):
    return any(n[1] <= lon <= n[3] and n[2] <= lat <= n[4] for n in narrows)


def nearest_water(land, r, c, radius=6):
    if not land[r, c]:
        return r, c
    best = None
    for dr in range(-radius, radius + 1):
        for dc in range(-radius, radius + 1):
            rr, cc = r + dr, (c + dc) % COLS
            if 0 <= rr < ROWS and not land[rr, cc]:
                d = dr * dr + dc * dc * math.cos(math.radians((rr + 0.5) / 60 - 90)) ** 2
                if best is None or d < best[0]:
                    best = (d, rr, cc)
    return None if best is None else (best[1], best[2])


def water_path(land, a, b, margin=40):
    """Cells of a shortest 8-connected water path from a to b (lon/lat), or None."""
    ra, ca = cell_of(*a)
    rb, cb = cell_of(*unwrap(a, b)) if abs(b[0] - a[0]) <= 180 else cell_of(*b)
    if abs(cb - ca) > COLS // 2:
        return None  # antimeridian-crossing repairs are not needed for marnet
    r0, r1 = max(min(ra, rb) - margin, 0), min(max(ra, rb) + margin, ROWS - 1)
    c0, c1 = max(min(ca, cb) - margin, 0), min(max(ca, cb) + margin, COLS - 1)
    win = land[r0:r1 + 1, c0:c1 + 1]
    cost = np.where(win, np.inf, 1.0)
    # columns shrink with latitude: weight by cos(lat) approximately via the mean row
    sa, sb = nearest_water(land, ra, ca), nearest_water(land, rb, cb)
    if sa is None or sb is None:
        return None
    la = (sa[0] - r0, sa[1] - c0)
    lb = (sb[0] - r0, sb[1] - c0)
    if not (0 <= lb[0] < win.shape[0] and 0 <= lb[1] < win.shape[1]):
        return None
    m = MCP_Geometric(cost, fully_connected=True)
    costs, _ = m.find_costs([la], [lb])
    if not np.isfinite(costs[lb]):
        return None
    path = m.traceback(lb)
    return [(p[0] + r0, p[1] + c0) for p in path]


def simplify_cells(land, cells):
    """Greedy line-of-sight thinning of a cell path: keep a point only where needed."""
    pts = [centre(*c) for c in cells]
    out = [pts[0]]
    i = 0
    while i < len(pts) - 1:
        j = len(pts) - 1
        while j > i + 1 and land_run_km(land, pts[i], pts[j], []) > 0.0:
            j -= 1
        out.append(pts[j])
        i = j
    return out


# ---------------------------------------------------------------- network
def load_marnet(path):
    g = json.load(open(path))
    index, nodes, edges = {}, [], set()

    def node(p):
        key = (round(wrap(p[0]), 6), round(p[1], 6))
        if key[0] == -180.0:
            key = (180.0, key[1])
        if key not in index:
            index[key] = len(nodes)
            nodes.append(key)
        return index[key]

    for f in g["features"]:
        geom = f["geometry"]
        lines = geom["coordinates"] if geom["type"] == "MultiLineString" else [geom["coordinates"]]
        for line in lines:
            for a, b in zip(line, line[1:]):
                ia, ib = node(a), node(b)
                if ia != ib:
                    edges.add((min(ia, ib), max(ia, ib)))
    return nodes, index, sorted(edges)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--marnet", required=True)
    ap.add_argument("--land", required=True)
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "sea"))
    args = ap.parse_args()
    narrows = []
    with open(os.path.join(ROOT, "data", "sea", "narrows.csv")) as f:
        for row in csv.DictReader(f):
            narrows.append((row["name"], float(row["min_lon"]), float(row["min_lat"]),
                            float(row["max_lon"]), float(row["max_lat"])))

    print("rasterising land", file=sys.stderr)
    intervals = rasterise(topo_rings(args.land))
    land = dense(intervals)
    print(f"land cells {land.sum()}, intervals {sum(len(i) for i in intervals)}", file=sys.stderr)

    nodes, index, edges = load_marnet(args.marnet)
    print(f"marnet nodes {len(nodes)} edges {len(edges)}", file=sys.stderr)
    geometry = {}  # edge -> interior points
    repaired, unrepaired = 0, []
    for e in edges:
        a, b = nodes[e[0]], nodes[e[1]]
        if land_run_km(land, a, b, narrows) < REPAIR_LAND_KM:
            continue
        cells = water_path(land, a, b)
        if cells is None:
            unrepaired.append((a, b))
            continue
        pts = simplify_cells(land, cells)
        geometry[e] = pts
        repaired += 1
    print(f"re-drawn over water: {repaired}; left (dropped): {len(unrepaired)}", file=sys.stderr)
    for a, b in unrepaired:
        print(f"  dropped {a} - {b}", file=sys.stderr)
    # Check the final polylines (a repaired path still walks from a node on land to
    # its first water cell): report what is left, drop it.
    bad = set()
    for e in edges:
        pts = [nodes[e[0]]] + [p for p in geometry.get(e, []) if p not in (nodes[e[0]], nodes[e[1]])] + [nodes[e[1]]]
        worst = max(land_run_km(land, p, q, narrows) for p, q in zip(pts, pts[1:]))
        if worst >= MAX_LAND_KM * 0.95:
            bad.add(e)
            print(f"  still over land: {worst:.1f} km, {nodes[e[0]]} - {nodes[e[1]]}", file=sys.stderr)
    edges = [e for e in edges if e not in bad]

    # canals: a chain of nodes, each mouth joined to the nearest node over water
    for name, line in CANALS.items():
        ids = []
        for p in line:
            ids.append(len(nodes))
            nodes.append(p)
        for k in range(len(ids) - 1):
            edges.append((ids[k], ids[k + 1]))
        for end, mouth in zip((ids[0], ids[-1]), CANAL_MOUTHS[name]):
            m = len(nodes)
            nodes.append(mouth)
            edges.append((end, m))
            best = min(range(len(nodes) - len(line) - 1),
                       key=lambda i: km(mouth, nodes[i]) if abs(nodes[i][1] - mouth[1]) < 3 else 1e9)
            cells = water_path(land, mouth, nodes[best])
            if cells is None:
                raise SystemExit(f"{name}: no water path from {mouth} to {nodes[best]}")
            geometry[(m, best)] = simplify_cells(land, cells)
            edges.append((m, best))
            print(f"{name} mouth {mouth} -> node {nodes[best]} ({km(mouth, nodes[best]):.1f} km)", file=sys.stderr)

    nodes, edges, geometry = largest_component(nodes, edges, geometry)
    write_land(os.path.join(args.out, "land.bin"), intervals)
    write_net(os.path.join(args.out, "marnet.bin"), land, nodes, edges, geometry)
    print("sha256 marnet", sha256(args.marnet), file=sys.stderr)
    print("sha256 land", sha256(args.land), file=sys.stderr)


def largest_component(nodes, edges, geometry):
    """Keeps the connected part of the network holding most nodes; re-numbers nodes.
    Pieces cut off by dropped edges (a river reach, an islet) would only trap links."""
    parent = list(range(len(nodes)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        parent[find(a)] = find(b)
    sizes = {}
    for a, b in edges:
        sizes[find(a)] = sizes.get(find(a), 0) + 1
    main = max(sizes, key=sizes.get)
    keep = [i for i in range(len(nodes)) if find(i) == main]
    renum = {old: new for new, old in enumerate(keep)}
    print(f"largest component: {len(keep)} of {len(nodes)} nodes", file=sys.stderr)
    new_edges, new_geom = [], {}
    for a, b in edges:
        if a in renum and b in renum:
            e = (renum[a], renum[b])
            new_edges.append(e)
            if (a, b) in geometry:
                new_geom[e] = geometry[(a, b)]
    return [nodes[i] for i in keep], new_edges, new_geom


def write_land(path, intervals):
    offsets, cols = [0], []
    for iv in intervals:
        for a, b in iv:
            cols.extend((a, b))
        offsets.append(len(cols))
    with open(path, "wb") as f:
        f.write(b"SEAL")
        f.write(struct.pack("<III", ROWS, COLS, len(cols)))
        f.write(np.array(offsets, dtype="<u4").tobytes())
        f.write(np.array(cols, dtype="<u2").tobytes())
    print(f"wrote {path}: {os.path.getsize(path)} bytes", file=sys.stderr)


def write_net(path, land, nodes, edges, geometry):
    # interior geometry: repaired polylines drop their end points (they are the nodes)
    geo_pts, erec = [], []
    for a, b in edges:
        g = geometry.get((a, b))
        inner = []
        if g is not None:
            inner = g[1:-1]
            # the repaired path starts at the water cell nearest a; keep its first point
            inner = [p for p in g if p not in (nodes[a], nodes[b])]
        pts = [nodes[a]] + inner + [nodes[b]]
        length = sum(km(p, q) for p, q in zip(pts, pts[1:]))
        erec.append((a, b, length, len(geo_pts), len(inner)))
        geo_pts.extend(inner)
    # node -> water cell, for the grid search near coasts
    cells = []
    for i, (lon, lat) in enumerate(nodes):
        w = nearest_water(land, *cell_of(lon, lat), radius=3)
        if w is not None:
            cells.append((w[0] * COLS + w[1], i))
    cells.sort()
    with open(path, "wb") as f:
        f.write(b"SEAN")
        f.write(struct.pack("<IIII", len(nodes), len(erec), len(geo_pts), len(cells)))
        f.write(np.array(nodes, dtype="<f8").tobytes())
        for a, b, length, start, count in erec:
            f.write(struct.pack("<IIdII", a, b, length, start, count))
        f.write(np.array(geo_pts, dtype="<f8").reshape(-1).tobytes() if geo_pts else b"")
        f.write(np.array(cells, dtype="<u4").reshape(-1).tobytes())
    print(f"wrote {path}: {os.path.getsize(path)} bytes; {len(nodes)} nodes, {len(erec)} edges, "
          f"{len(geo_pts)} geometry points, {len(cells)} node cells", file=sys.stderr)


if __name__ == "__main__":
    main()
