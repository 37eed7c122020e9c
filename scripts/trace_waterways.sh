#!/bin/sh
# The traces behind the rows of data/sea/waterways.csv added on 2 Dec 2026 for
# issue 14 (elbe, scheldt, neva-bay, pearl, st-lawrence, mississippi, houston,
# volga). Each row is the port's own point (the gazetteer's port record; for
# Volgograd, which has none, the city's) followed by the line printed here.
# Needs gmt, gmt-gshhg-high, numpy, scipy and scikit-image (see the scripts'
# headers). Writes OUT/NAME.txt (the line) and OUT/NAME.log (length, clearance and
# the stretches over land, where GSHHG's water has a gap).
set -eu
OUT=${1:-/tmp/waterways}
mkdir -p "$OUT"
here=$(dirname "$0")
channel() {
    name=$1
    shift
    python3 "$here/trace_gshhg_channel.py" "$@" >"$OUT/$name.txt" 2>"$OUT/$name.log"
}
# START is the port; END a point on open water past the mouth; --via points pick a
# branch where the delta has several (the ship channel's, as the authority names it)
channel elbe 8.3/10.05/53.45/54.1 100 9.9694,53.5477 8.45,53.96
channel scheldt 3.3/4.5/51.15/51.6 100 4.3829,51.2024 3.45,51.47
channel neva-bay 29.45/30.35/59.8/60.15 100 30.2119,59.9567 29.50,60.00
channel pearl 113.15/114.0/22.1/23.2 100 113.2006,23.1228 113.80,22.25
channel st-lawrence -73.65/-70.4/45.45/47.15 150 -73.5593,45.5142 -70.60,47.07
# GSHHG's water has a 10 km gap at Quebec City, which the trace crosses straight,
# 1.1 km from the port of Quebec's record (UN/LOCODE CAQUE): the link is bent
# through that point, so Quebec is on the row
python3 - "$OUT/st-lawrence.txt" -71.2257,46.7955 <<'PY'
import math, sys
line = [tuple(map(float, p.split())) for p in open(sys.argv[1]).read().strip().split('|')]
q = tuple(map(float, sys.argv[2].split(',')))
def off(a, b):
    k = math.cos(math.radians(q[1]))
    ax, ay, bx, by, px, py = a[0] * k, a[1], b[0] * k, b[1], q[0] * k, q[1]
    t = max(0, min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)))
    return math.hypot(px - ax - t * (bx - ax), py - ay - t * (by - ay))
i = min(range(len(line) - 1), key=lambda i: off(line[i], line[i + 1]))
line.insert(i + 1, q)
open(sys.argv[1], 'w').write('|'.join(f"{x:.4f} {y:.4f}" for x, y in line))
PY
# Southwest Pass, the deep-draft channel, by way of Pointe a la Hache and Head of Passes
channel mississippi -90.2/-89.1/28.85/30.05 100 -90.0631,29.95 -89.45,28.88 0.5 \
    --via -89.7936,29.5800 --via -89.2689,29.1986
# GSHHG has no Buffalo Bayou: the trace starts at the head of GSHHG's water at
# Lynchburg, where the San Jacinto meets the channel, and the row joins the port
# (the Turning Basin) to it by one straight link of 28 km
channel houston -95.35/-94.6/29.25/29.8 60 -94.9967,29.7047 -94.65,29.28
# Astrakhan's port lies 2 km off the Volga's main channel, so it has its own row
# (`volga`, from the port down the Bakhtemir); `volga-upper` comes down from
# Volgograd and, from the first point of `volga` within 0.2 km of it (where the
# way from the port meets the main channel), is `volga`'s line, so a leg between
# Volgograd and Astrakhan goes through that fork (as the Danube's Kiliya and Sulina
# rows do) and a leg from Volgograd to the sea does not turn aside to the quay.
channel volga 44.3/48.3/45.3/48.9 200 48.0543,46.3771 47.70,45.60 1 --via 47.705,46.028
channel volga-upper 44.3/48.3/45.3/48.9 200 44.5018,48.7194 47.70,45.60 1 --via 47.705,46.028
python3 - "$OUT/volga-upper.txt" "$OUT/volga.txt" <<'PY'
import math, sys
read = lambda f: [tuple(map(float, p.split())) for p in open(f).read().strip().split('|')]
up, low = read(sys.argv[1]), read(sys.argv[2])
def off(q, a, b):
    k = math.cos(math.radians(q[1]))
    ax, ay, bx, by, px, py = a[0] * k, a[1], b[0] * k, b[1], q[0] * k, q[1]
    t = max(0, min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)))
    return math.hypot(px - ax - t * (bx - ax), py - ay - t * (by - ay)) * 111.2
for j in range(1, len(low)):
    i = min(range(len(up) - 1), key=lambda i: off(low[j], up[i], up[i + 1]))
    if off(low[j], up[i], up[i + 1]) < 0.2:
        break
line = up[:i + 1] + low[j:]
open(sys.argv[1], 'w').write('|'.join(f"{x:.4f} {y:.4f}" for x, y in line))
PY
# Added for the river ports a new user tried (issue 14, point 1). Each starts at the
# point the gazetteer gives the name (the port record where there is one, else the
# city's) and ends on open water past the mouth, or, for `danube-braila` and
# `mississippi-upper`, at the first point of the row it extends downstream.
channel saigon 106.6/107.2/10.2/10.9 100 106.7530,10.8262 107.00,10.30
channel yangon 95.95/96.6/16.2/16.9 100 96.16769,16.77456 96.40,16.35 1 --via 96.2575,16.66139
channel hooghly 87.7/88.6/20.95/22.65 150 88.3630,22.5626 88.1917,21.0508 1 --via 88.0724,22.0204
channel pasur 89.3/89.9/21.5/22.55 100 89.5825,22.4673 89.55,21.6
channel loire -2.45/-1.45/47.1/47.35 80 -1.5534,47.2172 -2.35,47.22
channel guadalquivir -6.55/-5.9/36.72/37.45 100 -6.0000,37.41667 -6.45,36.78
channel swina 14.1/14.75/53.38/54.05 100 14.5530,53.4289 14.28,53.98
channel danube-braila 27.85/28.15/45.2/45.5 80 27.97612,45.25701 28.050,45.437
channel mississippi-upper -91.3/-89.95/29.85/30.55 120 -91.19209,30.46696 -90.0631,29.95
# The points column of each row: the port's own point, then the line
python3 - "$OUT" <<'PY'
import sys
ports = {
    'elbe': (9.9694, 53.5477), 'scheldt': (4.3829, 51.2024), 'neva-bay': (30.2119, 59.9567),
    'pearl': (113.2006, 23.1228), 'st-lawrence': (-73.5593, 45.5142),
    'mississippi': (-90.0631, 29.9500), 'houston': (-95.2872, 29.7458),
    'volga': (48.0543, 46.3771), 'volga-upper': (44.5018, 48.7194),
    'saigon': (106.7530, 10.8262), 'yangon': (96.16769, 16.77456),
    'hooghly': (88.3630, 22.5626), 'pasur': (89.5825, 22.4673),
    'loire': (-1.5534, 47.2172), 'guadalquivir': (-6.0000, 37.41667),
    'swina': (14.5530, 53.4289), 'danube-braila': (27.97612, 45.25701),
    'mississippi-upper': (-91.19209, 30.46696),
}
with open(f'{sys.argv[1]}/points.csv', 'w') as out:
    for name, port in ports.items():
        line = [port]
        for p in open(f'{sys.argv[1]}/{name}.txt').read().strip().split('|'):
            q = tuple(round(float(v), 4) for v in p.split())
            if q != line[-1]:
                line.append(q)
        out.write(name + ',' + '|'.join(f"{x:.4f} {y:.4f}" for x, y in line) + '\n')
PY
# `danube-braila` is put in front of the hand-drawn `danube-sulina` row, which then
# starts at Braila; `mississippi-upper` continues as the `mississippi` row's line
# (both rows read from data/sea/waterways.csv, from their first point at Galati and
# New Orleans on), so legs between New Orleans and Baton Rouge go along the river
python3 - "$OUT" "$here/../data/sea/waterways.csv" <<'PY'
import csv, sys
out, table = sys.argv[1], sys.argv[2]
rows = {r[0]: r for r in csv.reader(open(table))}
lines = dict(l.strip().split(',', 1) for l in open(f'{out}/points.csv'))
def pts(text):
    return [tuple(map(float, p.split())) for p in text.split('|')]
def fmt(line):
    return '|'.join(f"{x:.4f} {y:.4f}" for x, y in line)
for up, down, start in [('danube-braila', 'danube-sulina', (28.05, 45.437)),
                        ('mississippi-upper', 'mississippi', (-90.0631, 29.95))]:
    low = pts(rows[down][2])
    low = low[min(i for i, p in enumerate(low) if abs(p[0] - start[0]) < 1e-3 and abs(p[1] - start[1]) < 1e-3):]
    line = pts(lines[up])[:-1] + low
    if up == 'danube-braila':
        del lines[up]
        lines[down] = fmt(line)
    else:
        lines[up] = fmt(line)
with open(f'{out}/points.csv', 'w') as f:
    for name, line in lines.items():
        f.write(f'{name},{line}\n')
PY
