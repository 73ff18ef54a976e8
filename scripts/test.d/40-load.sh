#!/usr/bin/env bash
# The web explorer's bounded load test on the shipped graph: a release build
# of icigraph serves on a free loopback port, wrk (installed from Debian when
# root and missing) runs the node, path and query endpoints for 5 s each at 50
# connections; the suite fails when a p95 is not under 20 ms, any response is
# an error, or the server's memory grows. The 2.25M-edge figures of
# docs/web.md are measured by hand with the same script (see there).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet --bin icigraph
bash scripts/load-test.sh --seconds 5 --connections 50 --target-ms 20
