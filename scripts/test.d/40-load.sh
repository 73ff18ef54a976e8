#!/usr/bin/env bash
# The web explorer's bounded load test on the shipped graph: a release build
# of icigraph serves on a free loopback port, wrk (installed from Debian when
# root and missing) runs the node, path and query endpoints for 5 s each at 50
# connections. It fails when any response is an error, the server's memory
# grows, or a p95 is over a 100 ms guard (a regression several times the
# target). The target is a p95 under 20 ms: it gets three tries, and a miss
# under the guard is reported, not failed, because the machine is shared and a
# busy moment is not a defect. The 2.25M-edge figures of docs/web.md are
# measured by hand with the same script (see there).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet --bin icigraph
for try in 1 2 3; do
  code=0
  bash scripts/load-test.sh --seconds 5 --connections 50 --target-ms 20 --guard-ms 100 || code=$?
  [ "$code" = 3 ] || break
  echo "p95 over the 20 ms target (try $try of 3; load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done
case "$code" in
  0) echo "load: 1 passed, 0 failed" ;;
  3) echo "WARNING: p95 over the 20 ms target in three tries on a busy machine (under the 100 ms guard)" >&2
     echo "load: 1 passed, 0 failed"; code=0 ;;
  *) echo "load: 0 passed, 1 failed" ;;
esac
exit "$code"
