#!/usr/bin/env python3
"""Writes a big user rail network (GeoJSON) for the big-input measurements of issue 19.

    python3 benches/network_doc.py grid 200 > target/net-200.geojson
    python3 benches/network_doc.py line 3000000 > target/line-3m.geojson

`grid MB`: a lattice of lines over western Russia (every 0.1 degree of latitude and
longitude from 45N 20E), points every 0.002 degree so that crossing lines share a
point and join, cut into features of 500 points with OSM-like properties, written as
ogr2ogr writes GeoJSON (`[ lon, lat ]` with spaces); grows eastwards until the file is
about MB megabytes.

`line N`: one LineString of N points from Moscow eastwards, wiggling 0.3 km either
side every point (so simplification keeps many of them), for the 3M-point
simplification case; route along it with
`shipmap check "55.75N 37.6E -rail-> <the end it prints on stderr>" --rail-network FILE`.

Deterministic: the same arguments give the same file.
"""

import sys

STEP = 0.002  # degrees between points
SPACING = 0.1  # degrees between lines
PER_FEATURE = 500


def feature(fid: int, pts: list) -> str:
    coords = ", ".join(f"[ {lon:.6f}, {lat:.6f} ]" for lon, lat in pts)
    return (
        '{ "type": "Feature", "properties": { "osm_id": %d, "railway": "rail", '
        '"name": "Line %d", "gauge": "1520", "electrified": "contact_line", '
        '"usage": "main" }, "geometry": { "type": "LineString", "coordinates": [ %s ] } }'
        % (fid, fid, coords)
    )


def lines(pts: list):
    """Cuts a line into features of PER_FEATURE points sharing their end points."""
    for i in range(0, len(pts) - 1, PER_FEATURE - 1):
        yield pts[i : i + PER_FEATURE]


def grid(mb: float) -> None:
    out = sys.stdout
    out.write('{ "type": "FeatureCollection", "name": "rail", "features": [\n')
    lat0, lat1, lon0 = 45.0, 65.0, 20.0
    n_lat = round((lat1 - lat0) / STEP)
    written, fid, first = 0, 0, True
    k = 0
    # Column by column (a meridian line, then the parallel segments east of it), so
    # the file can stop at any size and still be one connected lattice.
    while written < mb * 1e6:
        lon = lon0 + k * SPACING
        pieces = [[(lon, lat0 + i * STEP) for i in range(n_lat + 1)]]
        steps = round(SPACING / STEP)
        for j in range(round((lat1 - lat0) / SPACING) + 1):
            lat = lat0 + j * SPACING
            pieces.append([(lon + i * STEP, lat) for i in range(steps + 1)])
        for piece in pieces:
            for part in lines(piece):
                text = ("" if first else ",\n") + feature(fid, part)
                out.write(text)
                written += len(text)
                fid += 1
                first = False
        k += 1
    out.write("\n] }\n")
    print(f"{fid} features, {written / 1e6:.1f} MB, {k} columns", file=sys.stderr)


def line(n: int) -> None:
    lon, lat = 37.6, 55.75
    pts = []
    for i in range(n):
        wiggle = 0.003 if i % 2 else -0.003
        pts.append((lon + i * 0.00003, lat + wiggle))
    sys.stdout.write('{ "type": "FeatureCollection", "features": [\n')
    sys.stdout.write(feature(0, pts))
    sys.stdout.write("\n] }\n")
    end = pts[-1]
    print(f"ends at {end[1]:.4f}N {end[0]:.4f}E", file=sys.stderr)


def main() -> None:
    kind = sys.argv[1] if len(sys.argv) > 1 else "grid"
    if kind == "grid":
        grid(float(sys.argv[2]) if len(sys.argv) > 2 else 200)
    elif kind == "line":
        line(int(sys.argv[2]) if len(sys.argv) > 2 else 3_000_000)
    else:
        sys.exit("usage: network_doc.py grid MB | line N")


if __name__ == "__main__":
    main()
