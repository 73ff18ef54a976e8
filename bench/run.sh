#!/usr/bin/env bash
# One command for the side-by-side benchmark: sets up the Python peers in
# bench/.venv, builds icigraph, generates the graphs into bench/data/ (git-
# ignored), runs every tool in its own process and writes bench/RESULTS.md.
# Options are passed to bench/run.py (e.g. --sizes small --repeat 1).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
fi
bench/.venv/bin/pip install -q -r bench/requirements.txt
if [ ! -x /usr/bin/time ]; then
    apt-get install -y time
fi
cargo build --release --quiet
exec bench/.venv/bin/python bench/run.py "$@"
