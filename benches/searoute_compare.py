#!/usr/bin/env python3
"""Side-by-side with searoute-py 1.6.0 (PyPI) on the port pairs of searoute_compare.csv.

Times searoute per route after its graphs are built (warm), for each backend and
algorithm it offers, and reports the fastest; prints searoute's length for each pair
next to shipmap's (from `shipmap_lengths.csv` if given). Run:

    python3 -m venv /work/cache-sea/venv && . /work/cache-sea/venv/bin/activate
    pip install searoute==1.6.0 igraph
    python benches/searoute_compare.py [--repeat 5]

and compare with `cargo bench --bench sea -- sea/route/all` (see BENCHMARKS.md), or
run both and get the ratio with `benches/sea_compare.sh`.
"""

import argparse
import csv
import os
import statistics
import time

import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def pairs():
    with open(os.path.join(HERE, "searoute_compare.csv")) as f:
        for row in csv.DictReader(f):
            yield (f"{row['from']}-{row['to']}",
                   [float(row["from_lon"]), float(row["from_lat"])],
                   [float(row["to_lon"]), float(row["to_lat"])])


def one(backend, algorithm, repeat):
    """Times one backend/algorithm in this process (searoute caches graphs globally,
    so each combination runs in its own process)."""
    import searoute as sr
    ps = list(pairs())
    sr.searoute(ps[0][1], ps[0][2], backend=backend, algorithm=algorithm)  # build graphs
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _, a, b in ps:
            sr.searoute(a, b, backend=backend, algorithm=algorithm)
        runs.append((time.perf_counter() - t0) / len(ps))
    print(f"{statistics.median(runs) * 1e3:.3f}")
    for name, a, b in ps:
        r = sr.searoute(a, b, backend=backend, algorithm=algorithm)
        print(f"{name},{r['properties']['length']:.0f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--one", nargs=2, metavar=("BACKEND", "ALGORITHM"))
    args = ap.parse_args()
    if args.one:
        return one(args.one[0], args.one[1], args.repeat)
    n = len(list(pairs()))
    results, lengths = {}, {}
    for backend in ("networkx", "igraph"):
        for algorithm in ("dijkstra", "astar"):
            out = subprocess.run([sys.executable, __file__, "--repeat", str(args.repeat), "--one", backend, algorithm],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                last = out.stderr.strip().splitlines()[-1:] or ["?"]
                print(f"{backend}/{algorithm}: failed ({last[0]})")
                continue
            lines = out.stdout.splitlines()
            results[(backend, algorithm)] = float(lines[0])
            lengths[(backend, algorithm)] = lines[1:]
            print(f"{backend}/{algorithm}: median {float(lines[0]):.2f} ms per route ({n} pairs x {args.repeat} runs)")
    best = min(results, key=results.get)
    print(f"fastest: {best[0]}/{best[1]} at {results[best]:.2f} ms per route")
    print("\npair,searoute_km")
    print("\n".join(lengths[best]))


if __name__ == "__main__":
    main()
