#!/usr/bin/env python3
"""Writes a batch document of N legs (default 10,000) for scale measurements.

Real pairs only: sea legs between ports of the embedded gazetteer's trade routes
(Black Sea, Baltic, Far East, Mediterranean, Gulf), rail and road legs between
Russian, Belarusian and Chinese rail hubs. Each route is one shipment of one to
three legs that chain (sea then rail inland). Deterministic: the same N gives the
same file.

    python3 benches/batch_doc.py 10000 > target/batch-10000.csv
    hyperfine 'target/release/shipmap check target/batch-10000.csv -q'
"""

import sys

SEA = [
    ("Najin", "Vostochny"), ("Najin", "Dunay, RU"), ("Vladivostok", "Busan"),
    ("Nakhodka", "Shanghai"), ("Dalian", "Vladivostok"), ("Nampo", "Dalian"),
    ("Tartus", "Novorossiysk"), ("Novorossiysk", "Port Said"), ("Sevastopol", "Tartus"),
    ("Ust-Luga", "Rotterdam"), ("Saint Petersburg", "Kaliningrad"),
    ("Bandar Abbas", "Jebel Ali"), ("Bandar Anzali", "Astrakhan"), ("Baku", "Aktau"),
    ("Odesa", "Istanbul"), ("Murmansk", "Arkhangelsk"),
]
INLAND = [
    ("Vostochny", "Khabarovsk"), ("Dunay, RU", "Ussuriysk"), ("Novorossiysk", "Tikhoretsk"),
    ("Vladivostok", "Khabarovsk"), ("Astrakhan", "Volgograd"), ("Kaliningrad", "Minsk"),
    ("Ust-Luga", "Moscow"), ("Dalian", "Shenyang"), ("Arkhangelsk", "Moscow"),
]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    out = ["route,mode,from,to,depart"]
    legs = 0
    i = 0
    while legs < n:
        a, b = SEA[i % len(SEA)]
        day = 1 + i % 28
        out.append(f'r{i},sea,"{a}","{b}",2023-09-{day:02d}')
        legs += 1
        onward = [p for p in INLAND if p[0] == b]
        if onward and legs < n:
            c = onward[0][1]
            mode = "rail" if i % 3 else "road"
            out.append(f'r{i},{mode},,"{c}",')
            legs += 1
        i += 1
    print("\n".join(out))


if __name__ == "__main__":
    main()
