#!/usr/bin/env bash
# Whole-process latency of everyday commands on the shipped graph (hyperfine).
# Usage: bash bench/cli-latency.sh [extra hyperfine args]
# Needs: hyperfine (apt-get install -y hyperfine). Writes bench/cli-latency.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/icigraph
commands=(
  "$bin node β2M"
  "$bin node 'beta-2 microglobulin' --format json"
  "$bin neighbors 'B2M loss' --depth 2"
  "$bin stats"
  "$bin check"
)
# Every command must succeed on the shipped data; a failing one is skipped and named.
for extra in "path 'β2M loss' 'cIAP1/2 antagonist'" "strategies 'β2M loss'" \
  "query -f queries/b2m-to-ciap.cypher" "query -f queries/countermeasures-by-mechanism.cypher"; do
  if eval "$bin $extra" >/dev/null 2>&1; then commands+=("$bin $extra"); else echo "skipped (fails): $extra" >&2; fi
done
hyperfine --warmup 5 --min-runs 30 -N --export-markdown bench/cli-latency.md "$@" "${commands[@]}"
