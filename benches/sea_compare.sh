#!/usr/bin/env bash
# shipmap against searoute-py 1.6.0 on the port pairs of benches/searoute_compare.csv,
# in one run: the criterion sea benches (release), then searoute's backends, then the
# ratios. Needs the venv of benches/searoute_compare.py (see there); set SEAROUTE_VENV
# if it is not /work/cache-sea/venv. Extra arguments go to criterion.
#
#   benches/sea_compare.sh [--warm-up-time 1 --measurement-time 3]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${SEAROUTE_VENV:-/work/cache-sea/venv}
target=${CARGO_TARGET_DIR:-target}
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--warm-up-time 1 --measurement-time 3)

# criterion's progress lines go to a log, not the terminal
log="$target/sea_compare_bench.log"
if ! cargo bench --bench sea -- "${args[@]}" sea/route >"$log" 2>&1; then
    tail -20 "$log"
    exit 1
fi
crit="$target/criterion"
# criterion writes nanoseconds; the all-pairs bench routes every pair once
python3 - "$crit" <<'PY' >/tmp/shipmap_sea_figures.txt
import json, os, statistics, sys
crit = sys.argv[1]
def median_ns(d):
    with open(os.path.join(d, "new", "estimates.json")) as f:
        return json.load(f)["median"]["point_estimate"]
alls = [d for d in os.listdir(crit) if d.startswith("sea_route_all-")]
n = int(alls[0].split("-")[1])
mean_ms = median_ns(os.path.join(crit, alls[0])) / n / 1e6
per = os.path.join(crit, "sea_route")
pairs = {p: median_ns(os.path.join(per, p)) / 1e6 for p in os.listdir(per)
         if os.path.exists(os.path.join(per, p, "new", "estimates.json"))}
print(f"{mean_ms:.4f} {statistics.median(pairs.values()):.4f} {n}")
for p, ms in sorted(pairs.items(), key=lambda kv: -kv[1]):
    print(f"# {p}: {ms:.3f} ms")
PY
read -r mean median n < /tmp/shipmap_sea_figures.txt

. "$venv/bin/activate"
srlog="$target/searoute_compare.log"
python benches/searoute_compare.py --repeat 5 >"$srlog"
sed -n '1,/^fastest/p' "$srlog"
sr=$(sed -n 's/^fastest: .* at \([0-9.]*\) ms per route$/\1/p' "$srlog")

echo
echo "slowest pairs (shipmap, criterion median):"
grep '^#' /tmp/shipmap_sea_figures.txt | head -5 | sed 's/^# /  /'
echo
python3 - "$mean" "$median" "$n" "$sr" <<'PY'
import sys
mean, median, n, sr = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
print(f"shipmap: {mean:.3f} ms a route on average over {n} pairs, {median:.3f} ms median pair")
print(f"searoute-py fastest: {sr:.2f} ms a route")
print(f"ratio: {sr / mean:.1f}x on average, {sr / median:.1f}x at the median")
PY
