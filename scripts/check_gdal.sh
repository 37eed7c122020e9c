#!/usr/bin/env bash
# Opens the seed example's outputs in GDAL and checks what a QGIS or Google Earth
# user gets: layers, feature counts and field types; validates the GeoPackage with
# GDAL's validate_gpkg.py. Needs gdal-bin and python3-gdal.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/gdal-check
rm -rf "$out"
cargo run --quiet -- map examples/dprk-russia-2023.toml -o "$out" --format geojson,gpkg,kml

fail=0
expect() { # FILE PATTERN WHAT
  if ! grep -qE "$2" "$1"; then
    echo "GDAL check failed: $3 (wanted /$2/ in $1)"; fail=1
  fi
}
types() { # FILE WHAT: the typed fields every layer of legs must have
  expect "$1" '^depart: Date' "$2: depart typed Date"
  expect "$1" '^arrive: Date' "$2: arrive typed Date"
  expect "$1" '^distance_km: Real' "$2: distance_km typed Real"
  expect "$1" '^leg: Integer' "$2: leg typed Integer"
  expect "$1" '^depart_approx: Integer\(Boolean\)' "$2: depart_approx typed Boolean"
}
base="$out/dprk-russia-2023"

ogrinfo -ro -al -so "$base.geojson" > "$out/all.txt"
ogrinfo -ro -al -so -where "kind IN ('leg', 'stop')" "$base.geojson" > "$out/all_kinds.txt"
expect "$out/all_kinds.txt" '^Feature Count: 5$' "NAME.geojson: 2 legs and 3 stops"
types "$out/all.txt" "NAME.geojson"

ogrinfo -ro -al -so "${base}_legs.geojson" > "$out/legs.txt"
expect "$out/legs.txt" '^Geometry: Line String$' "NAME_legs.geojson: one geometry type"
ogrinfo -ro -al -so -where "kind = 'leg'" "${base}_legs.geojson" > "$out/legs_only.txt"
expect "$out/legs_only.txt" '^Feature Count: 2$' "NAME_legs.geojson: 2 legs (besides connectors)"
types "$out/legs.txt" "NAME_legs.geojson"

ogrinfo -ro -al -so "${base}_stops.geojson" > "$out/stops.txt"
expect "$out/stops.txt" '^Geometry: Point$' "NAME_stops.geojson: points only"
expect "$out/stops.txt" '^Feature Count: 3$' "NAME_stops.geojson: 3 stops"
expect "$out/stops.txt" '^arrive: Date' "NAME_stops.geojson: arrive typed Date"

ogrinfo -ro -so "$base.gpkg" legs > "$out/gpkg_legs.txt"
expect "$out/gpkg_legs.txt" '^Geometry: Multi Line String$' "gpkg legs geometry"
ogrinfo -ro -so -where "kind = 'leg'" "$base.gpkg" legs > "$out/gpkg_legs_only.txt"
expect "$out/gpkg_legs_only.txt" '^Feature Count: 2$' "gpkg legs count"
expect "$out/gpkg_legs.txt" '^duration_h: Real' "gpkg: duration_h typed Real even when null"
types "$out/gpkg_legs.txt" "NAME.gpkg legs"
ogrinfo -ro -so "$base.gpkg" stops > "$out/gpkg_stops.txt"
expect "$out/gpkg_stops.txt" '^Feature Count: 3$' "gpkg stops count"
ogrinfo -ro "$base.gpkg" > "$out/gpkg_layers.txt"
expect "$out/gpkg_layers.txt" 'layer_styles' "gpkg carries layer_styles"
validator=/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py
if [ -f "$validator" ]; then
  /usr/bin/python3 "$validator" "$base.gpkg" || { echo "GDAL check failed: validate_gpkg.py"; fail=1; }
else
  echo "GDAL check failed: $validator missing (install python3-gdal)"; fail=1
fi

ogrinfo -ro -so "$base.kml" "dprk-ru-2023 legs" > "$out/kml_legs.txt"
expect "$out/kml_legs.txt" '^Feature Count: [2-9]$' "kml legs (and connectors) count"
expect "$out/kml_legs.txt" '^begin: DateTime' "kml TimeSpan begin read as DateTime"
expect "$out/kml_legs.txt" '^distance_km: String' "kml ExtendedData read as strings"
ogrinfo -ro -so "$base.kml" "dprk-ru-2023 stops" > "$out/kml_stops.txt"
expect "$out/kml_stops.txt" '^Feature Count: 3$' "kml stops count"

[ "$fail" = 0 ] && echo "GDAL check: every output opens with the expected layers, counts and types"
exit "$fail"
