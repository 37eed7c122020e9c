#!/usr/bin/env bash
# Opens the seed example's outputs in GDAL and checks what a QGIS or Google Earth
# user gets: layers, feature counts and field types; validates the GeoPackage with
# GDAL's validate_gpkg.py; reads the CSV (WKT geometry) and the kepler.gl trip file.
# Needs gdal-bin and python3-gdal.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/gdal-check
rm -rf "$out"
cargo run --quiet -- map examples/dprk-russia-2023.toml -o "$out" --format geojson,gpkg,kml,csv,kepler

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

ogrinfo -ro -al -so "${base}_combined.geojson" > "$out/all.txt"
ogrinfo -ro -al -so -where "kind IN ('leg', 'stop')" "${base}_combined.geojson" > "$out/all_kinds.txt"
expect "$out/all_kinds.txt" '^Feature Count: 5$' "NAME_combined.geojson: 2 legs and 3 stops"
types "$out/all.txt" "NAME_combined.geojson"
expect "$out/all.txt" '^depart_inferred: Integer\(Boolean\)' "NAME_combined.geojson: depart_inferred typed Boolean"

ogrinfo -ro -al -so "${base}_legs.geojson" > "$out/legs.txt"
expect "$out/legs.txt" '^Geometry: Multi Line String$' "NAME_legs.geojson: one geometry type"
if grep -E '^(duration_h|speed_kn|speed_kmh|distance_km|depart|arrive|depart_latest|arrive_latest|depart_text|arrive_text): (String|Date)' "$out/legs.txt" | grep -vE '^(depart|arrive)(_latest)?: Date|_text: String'; then
  echo "GDAL check failed: NAME_legs.geojson has a field of the wrong type (above)"; fail=1
fi
ogrinfo -ro -al -so -where "kind = 'leg'" "${base}_legs.geojson" > "$out/legs_only.txt"
expect "$out/legs_only.txt" '^Feature Count: 2$' "NAME_legs.geojson: 2 legs (besides connectors)"
types "$out/legs.txt" "NAME_legs.geojson"

ogrinfo -ro -al -so "${base}_stops.geojson" > "$out/stops.txt"
expect "$out/stops.txt" '^Geometry: Point$' "NAME_stops.geojson: points only"
expect "$out/stops.txt" '^Feature Count: 3$' "NAME_stops.geojson: 3 stops"
expect "$out/stops.txt" '^arrive: Date' "NAME_stops.geojson: arrive typed Date"
expect "$out/stops.txt" '^Extent: \(40\.1[0-9]*, 42\.[0-9]*\) - \(132\.[0-9]*, 45\.[0-9]*\)$' "NAME_stops.geojson: tight extent"

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

ogrinfo -ro "$base.kml" > "$out/kml_layers.txt"
expect "$out/kml_layers.txt" '^1: legs' "kml layer legs"
expect "$out/kml_layers.txt" '^2: stops' "kml layer stops"
if grep -qE '^3: ' "$out/kml_layers.txt"; then echo "GDAL check failed: kml has more than two layers"; fail=1; fi
ogrinfo -ro -so "$base.kml" legs > "$out/kml_legs.txt"
expect "$out/kml_legs.txt" '^Feature Count: [2-9]$' "kml legs (and connectors) count"
expect "$out/kml_legs.txt" '^begin: DateTime' "kml TimeSpan begin read as DateTime"
expect "$out/kml_legs.txt" '^distance_km: Real' "kml SchemaData distance_km typed Real"
expect "$out/kml_legs.txt" '^leg: Integer' "kml SchemaData leg typed Integer"
ogrinfo -ro -so "$base.kml" stops > "$out/kml_stops.txt"
expect "$out/kml_stops.txt" '^Feature Count: 3$' "kml stops count"

# CSV: GDAL reads the WKT column as geometry and types the columns from NAME.csvt.
ogrinfo -ro -al -so "$base.csv" > "$out/csv.txt"
expect "$out/csv.txt" '^Feature Count: 6$' "csv: 2 legs, a connector and 3 stops"
expect "$out/csv.txt" '^Geometry: Unknown \(any\)$|^Geometry: Multi Line String$' "csv geometry read from WKT"
expect "$out/csv.txt" '^depart: Date' "csv depart typed Date"
expect "$out/csv.txt" '^distance_km: Real' "csv distance_km typed Real"
expect "$out/csv.txt" '^lat: Real' "csv lat typed Real"
ogrinfo -ro -al -q -where "kind = 'stop' AND name = 'Najin'" "$base.csv" > "$out/csv_najin.txt"
expect "$out/csv_najin.txt" 'POINT \(130\.3 42\.2333\)' "csv: a stop's WKT point read back"
expect "$out/csv_najin.txt" '^  WKT \(String\) = POINT' "csv: the WKT column kept"

# kepler.gl trips: GDAL reads them as 3D lines (the fourth value, time, is kepler's).
ogrinfo -ro -al -so "${base}_kepler.geojson" > "$out/kepler.txt"
expect "$out/kepler.txt" '^Feature Count: 2$' "kepler: a trip per leg"
expect "$out/kepler.txt" '^Geometry: 3D Line String$|^Geometry: Line String$' "kepler: LineStrings"
expect "$out/kepler.txt" '^depart_epoch: Integer' "kepler: depart_epoch typed Integer"
expect "$out/kepler.txt" '^depart_time: DateTime' "kepler: depart_time typed DateTime"

[ "$fail" = 0 ] && echo "GDAL check: every output opens with the expected layers, counts and types"
exit "$fail"
