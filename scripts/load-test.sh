#!/usr/bin/env bash
# A bounded load test of `icigraph serve` on loopback: the node, path and
# query endpoints, each for a fixed time at a fixed number of connections
# (wrk), with p95 latency, error responses and the server's memory (RSS)
# before and after. Fails when an endpoint's p95 exceeds the target or any
# response is an error.
#
#   scripts/load-test.sh [--db FILE | --data DIR] [--seconds 10] [--connections 50] [--target-ms 20] [--bin PATH]
#
# Installs wrk from Debian when root and missing. Uses target/release/icigraph
# (built if missing) unless --bin names another build. The machine may be shared: figures vary with its load.
set -euo pipefail
cd "$(dirname "$0")/.."

graph=()
nodes_from=(graph-data/nodes/*.csv)
seconds=10
connections=50
target_ms=20
bin=target/release/icigraph
while [ $# -gt 0 ]; do
  case "$1" in
    --db) graph=(--db "$2"); shift 2 ;;
    --data) graph=(--data "$2"); nodes_from=("$2"/nodes.csv); shift 2 ;;
    --nodes-csv) nodes_from=("$2"); shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --target-ms) target_ms=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is missing (sudo apt-get install wrk)" >&2
    exit 1
  fi
fi
[ -x "$bin" ] || cargo build --release --quiet --bin icigraph

work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" "${graph[@]}" serve --port 0 >"$work/serve.log" 2>&1 &
pid=$!
url=
for _ in $(seq 1 600); do
  url=$(grep -o 'http://[^ ]*' "$work/serve.log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "the server did not start" >&2; exit 1; }
url=${url%/}
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }

# Requests: 200 seeded node ids; for paths, each source with a node two or
# three steps away (so every pair has a path); the query walks one node's edges.
python3 - "$url" "$work" "${nodes_from[@]}" <<'PY'
import csv, json, random, sys, urllib.parse, urllib.request
url, work, files = sys.argv[1], sys.argv[2], sys.argv[3:]
ids = []
for f in files:
    with open(f, newline='', encoding='utf-8-sig') as fh:
        ids += [row['id'] for row in csv.DictReader(fh) if row.get('id')]
rng = random.Random(1)
sample = rng.sample(ids, min(200, len(ids)))
q = lambda s: urllib.parse.quote(s, safe='')
with open(f'{work}/node.txt', 'w') as fh:
    for i in sample:
        fh.write(f'/api/node?id={q(i)}\n')
pairs = []
for i in sample[:60]:
    with urllib.request.urlopen(f'{url}/api/neighbors?name={q(i)}&depth=2') as r:
        hood = json.load(r)['neighbors']
    far = [n['node']['id'] for n in hood if n['depth'] == 2] or [n['node']['id'] for n in hood]
    if far:
        pairs.append((i, rng.choice(far)))
with open(f'{work}/path.txt', 'w') as fh:
    for a, b in pairs:
        fh.write(f'/api/path?from={q(a)}&to={q(b)}&k=3\n')
with open(f'{work}/query.txt', 'w') as fh:
    for i in sample:
        body = {'query': 'MATCH (n {id: $id})-[r]-(m) RETURN type(r) AS predicate, m.name AS neighbour ORDER BY neighbour LIMIT 25',
                'params': {'id': i}}
        fh.write(json.dumps(body) + '\n')
print(f'{len(sample)} nodes, {len(pairs)} path pairs')
PY

before=$(rss)
status=0
printf '| endpoint | requests | p50 ms | p95 ms | p99 ms | max ms | non-2xx | socket errors |\n|---|---|---|---|---|---|---|---|\n' >"$work/table.md"
for endpoint in node path query; do
  kind=get
  [ "$endpoint" = query ] && kind=post
  # A short warm-up, then the measured run.
  LOAD_FILE="$work/$endpoint.txt" LOAD_KIND=$kind wrk -t2 -c"$connections" -d1s -s bench/serve-load.lua "$url" >/dev/null
  line=$(LOAD_FILE="$work/$endpoint.txt" LOAD_KIND=$kind wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s \
    -s bench/serve-load.lua "$url" | grep '^RESULT')
  eval "${line#RESULT }"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$endpoint" "$requests" "$p50_ms" "$p95_ms" "$p99_ms" \
    "$max_ms" "$non2xx" "$socket_errors" >>"$work/table.md"
  if [ "$non2xx" != 0 ] || [ "$socket_errors" != 0 ]; then
    echo "FAIL $endpoint: $non2xx error responses, $socket_errors socket errors" >&2
    status=1
  fi
  if ! awk -v p="$p95_ms" -v t="$target_ms" 'BEGIN { exit !(p < t) }'; then
    echo "FAIL $endpoint: p95 ${p95_ms} ms is not under ${target_ms} ms" >&2
    status=1
  fi
done
after=$(rss)
cat "$work/table.md"
echo
echo "$connections connections, ${seconds} s per endpoint, wrk -t2 on loopback; server RSS ${before} KiB before, ${after} KiB after"
# Memory must stay flat: at most 25% or 64 MiB more after the run.
if [ "$after" -gt $((before + before / 4 + 65536)) ]; then
  echo "FAIL memory grew from ${before} KiB to ${after} KiB" >&2
  status=1
fi
exit $status
