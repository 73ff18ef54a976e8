#!/usr/bin/env bash
# The side-by-side Cypher benchmark: icigraph against Kùzu on the 2.25M-edge
# generated graph (bench/data/large, git-ignored). Sets up bench/.venv like
# bench/run.sh, builds icigraph in release mode and hands over to
# bench/cypher.py (options: --repeat N, --no-write).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
fi
bench/.venv/bin/pip install -q -r bench/requirements.txt
cargo build --release --quiet --bin icigraph
exec bench/.venv/bin/python bench/cypher.py "$@"
