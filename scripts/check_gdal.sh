#!/usr/bin/env bash
# Opens the seed example's outputs in GDAL (ogrinfo) and checks what a QGIS user
# gets: feature counts and field types. Needs gdal-bin.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/gdal-check
rm -rf "$out"
cargo run --quiet -- map examples/dprk-russia-2023.toml -o "$out"

fail=0
expect() { # FILE PATTERN WHAT
  if ! grep -qE "$2" "$1"; then
    echo "GDAL check failed: $3 (wanted /$2/ in $1)"; fail=1
  fi
}
info="$out/ogrinfo.txt"
ogrinfo -ro -al -so "$out/dprk-russia-2023.geojson" > "$info"
expect "$info" '^Feature Count: 5$' "2 legs and 3 stops"
expect "$info" '^depart: Date' "depart typed Date"
expect "$info" '^arrive: Date' "arrive typed Date"
expect "$info" '^distance_km: Real' "distance_km typed Real"
expect "$info" '^leg: Integer' "leg typed Integer"
expect "$info" '^depart_approx: Integer\(Boolean\)' "depart_approx typed Boolean"
[ "$fail" = 0 ] && echo "GDAL check: all outputs open with the expected types"
exit "$fail"
