#!/usr/bin/env bash
# Side by side, in one run: shipmap's renderer against GMT 6.4 drawing the same
# content (coast, lakes, rivers, borders, the route, its stops and labels) for the
# same extents at the same size (1920 px wide), with hyperfine.
#
#   apt-get install gmt gmt-gshhg-high ghostscript hyperfine
#   cargo build --release
#   bash benches/gmt_compare.sh            # writes target/gmt-compare/*.md
#
# shipmap writes one PNG per run (1920x1080: Natural Earth land and borders, GSHHG
# lakes and WDBII rivers, country, sea and city names, the route, its labels,
# close-up inset, locator, legend, scale bar), and in a second row PNG and SVG;
# GMT writes one PNG (GSHHG coast, lakes and WDBII rivers at automatic resolution,
# borders, the route, markers, stop labels and a scale bar; no reference names,
# insets or legend), so the comparison favours GMT. shipmap is timed as the whole
# `shipmap map` command: reading and building the document (routing included),
# drawing, writing the files.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${CARGO_TARGET_DIR:-target}/release/shipmap"
OUT="${CARGO_TARGET_DIR:-target}/gmt-compare"
mkdir -p "$OUT"
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 1; }
SOJ="42.2456N 130.2967E -sea-> 42.8889N 132.3436E -rail-> 43.7971N 131.9518E"
command -v gmt >/dev/null && command -v gs >/dev/null || { echo "GMT needs gmt and Ghostscript: apt-get install gmt gmt-gshhg-high ghostscript" >&2; exit 1; }

cat > "$OUT/seed-route.txt" <<'PTS'
132.3436 42.8889
131.95 43.80
135.08 48.48
128.47 50.92
113.50 52.03
107.58 51.83
104.28 52.29
92.87 56.01
82.92 55.03
73.37 54.99
61.40 55.16
50.15 53.20
46.03 51.53
44.51 48.71
40.1255 45.8546
PTS

# Eurasia: Lambert conformal conic like shipmap's choice for the seed extent.
cat > "$OUT/gmt-seed.sh" <<GMT
cd "$OUT"
gmt begin gmt-seed png E254
gmt coast -R28/28/150/60+r -JL86/49/44/54/19.2c -Da -Gwheat -Slightblue -Clightblue -W0.25p -I1/0.3p,lightblue -I2/0.3p,lightblue -N1/0.5p,gray -Lg50/33+c49+w1000k+f -B0
printf "130.2967 42.2456\n132.3436 42.8889\n" | gmt plot -W2p,blue
gmt plot seed-route.txt -W1.5p,black
printf "130.2967 42.2456\n132.3436 42.8889\n40.1255 45.8546\n" | gmt plot -Sc0.2c -Gwhite -W1p
printf "130.2967 42.2456 Najin\n132.3436 42.8889 Dunay\n40.1255 45.8546 Tikhoretsk\n" | gmt text -F+f10p,Helvetica-Bold+jLM -D0.2c/0
gmt end
GMT

# Sea of Japan: Mercator, 1600x1000-shaped region.
cat > "$OUT/gmt-soj.sh" <<GMT
cd "$OUT"
gmt begin gmt-soj png E254
gmt coast -R129.3/133.4/42.1/43.975 -JM19.2c -Da -Gwheat -Slightblue -Clightblue -W0.25p -I1/0.3p,lightblue -I2/0.3p,lightblue -N1/0.5p,gray -Lg132.8/42.3+c43+w20k+f -B0
printf "130.2967 42.2456\n132.3436 42.8889\n" | gmt plot -W2p,blue
printf "132.3436 42.8889\n131.9518 43.7971\n" | gmt plot -W1.5p,black,-
printf "130.2967 42.2456\n132.3436 42.8889\n131.9518 43.7971\n" | gmt plot -Sc0.2c -Gwhite -W1p
printf "130.2967 42.2456 Najin\n132.3436 42.8889 Dunay\n131.9518 43.7971 Ussuriysk\n" | gmt text -F+f10p,Helvetica-Bold+jLM -D0.2c/0
gmt end
GMT

hyperfine --warmup 2 --runs 10 --export-markdown "$OUT/seed.md" \
  -n "shipmap seed (Eurasia) PNG" "$BIN map examples/dprk-russia-2023.toml -o $OUT --name seed --format png --size 1920x1080" \
  -n "shipmap seed (Eurasia) PNG+SVG" "$BIN map examples/dprk-russia-2023.toml -o $OUT --name seed2 --format png,svg --size 1920x1080" \
  -n "GMT 6.4 seed (Eurasia) PNG" "bash $OUT/gmt-seed.sh"
hyperfine --warmup 2 --runs 10 --export-markdown "$OUT/soj.md" \
  -n "shipmap Sea of Japan PNG" "$BIN map '$SOJ' -o $OUT --name sea-of-japan --format png --size 1920x1080" \
  -n "GMT 6.4 Sea of Japan PNG" "bash $OUT/gmt-soj.sh"
for f in "$OUT"/*.png; do
  python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print(sys.argv[1], *struct.unpack('>II', d[16:24]))" "$f"
done
