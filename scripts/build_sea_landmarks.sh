#!/usr/bin/env bash
# Rebuilds data/sea/landmarks.bin (the sea router's landmark distances, see
# src/network/sea/landmarks.rs) and data/sea/hierarchy.bin (its contraction
# hierarchy, see src/network/sea/hierarchy.rs) from data/sea/marnet.bin. Run it
# after scripts/build_sea.py has changed marnet.bin, or the Arctic gates in
# data/sea/passages.csv have changed; `cargo test` fails until you do.
set -euo pipefail
cd "$(dirname "$0")/.."
SHIPMAP_BLESS=1 cargo test --release --lib -- sea::landmarks::tests::embedded_table_is_current \
    sea::hierarchy::tests::embedded_hierarchy_is_current
sha256sum data/sea/landmarks.bin data/sea/hierarchy.bin
