#!/usr/bin/env bash
# Regenerates docs/figures/*.svg from the shipped graph-data (needs Graphviz
# for clusters and titles: apt-get install graphviz).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --quiet -- render --all-figures -o docs/figures/
