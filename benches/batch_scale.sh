#!/bin/sh
# Batch scale of issue 19: check and map of a 10,000-leg document, and big user
# networks, with peak memory. Usage: benches/batch_scale.sh BINARY [OUT]
# (release build; run twice, before and after a change, on the same machine).
set -eu
BIN=${1:-target/release/shipmap}
OUT=${2:-target/batch-scale}
mkdir -p "$OUT"
[ -f "$OUT/b10000.csv" ] || python3 benches/batch_doc.py 10000 > "$OUT/b10000.csv"
[ -f "$OUT/b1000.csv" ] || python3 benches/batch_doc.py 1000 > "$OUT/b1000.csv"
[ -f "$OUT/b2500.csv" ] || python3 benches/batch_doc.py 2500 > "$OUT/b2500.csv"
measure() { # label, command...
    label=$1; shift
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -o "$OUT/time.txt" -f "%e %U %S %M" "$@" > /dev/null 2>&1 || echo "($label failed)"
    read -r wall user sys kb < "$OUT/time.txt"
    echo "$label | load $load | wall ${wall} s | cpu $(echo "$user + $sys" | bc) s | peak $((kb / 1024)) MB"
}
measure "check 10,000 legs" "$BIN" check "$OUT/b10000.csv" -q
for n in 1000 2500 10000; do
    rm -rf "$OUT/png"; measure "map png, $n legs" "$BIN" map "$OUT/b$n.csv" -o "$OUT/png" --format png -q
done
rm -rf "$OUT/all"
measure "map geojson,gpkg,kml,png, 10,000 legs" "$BIN" map "$OUT/b10000.csv" -o "$OUT/all" --format geojson,gpkg,kml,png -q
if [ -n "${NETWORKS:-}" ]; then
    [ -f "$OUT/net-200.geojson" ] || python3 benches/network_doc.py grid 200 > "$OUT/net-200.geojson"
    [ -f "$OUT/line-3m.geojson" ] || python3 benches/network_doc.py line 3000000 > "$OUT/line-3m.geojson"
    measure "200 MB network, one rail leg" "$BIN" check "50N 30E -rail-> 60N 50E" --rail-network "$OUT/net-200.geojson" -q
    measure "3M-point line, one rail leg" timeout 900 "$BIN" check "55.75N 37.6E -rail-> 55.753N 127.6E" --rail-network "$OUT/line-3m.geojson" -q
fi
