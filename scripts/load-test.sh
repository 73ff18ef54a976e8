#!/usr/bin/env bash
# A bounded load test of `icigraph serve` on loopback: the node, path and
# query endpoints, each for a fixed time at a fixed number of connections
# (wrk), with p95 latency, error responses and the server's memory (RSS)
# before and after. Exits 1 when an endpoint's p95 is over the target, 2 when
# any response is an error or the memory grew. With --guard-ms G, a p95 over
# the target but under G exits 3 instead, and only one over G exits 1.
#
#   scripts/load-test.sh [--db FILE | --data DIR] [--seconds 10] [--connections 50] [--target-ms 20] [--path-k 3] [--guard-ms G] [--bin PATH]
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
path_k=3
guard_ms=
while [ $# -gt 0 ]; do
  case "$1" in
    --db) graph=(--db "$2"); shift 2 ;;
    --data) graph=(--data "$2"); nodes_from=("$2"/nodes.csv); shift 2 ;;
    --nodes-csv) nodes_from=("$2"); shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --target-ms) target_ms=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --path-k) path_k=$2; shift 2 ;;
    --guard-ms) guard_ms=$2; shift 2 ;;
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
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
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

# Requests: 200 seeded node ids; for paths, each source with a node one or
# two steps away (so every pair has a path); the query walks one node's edges.
python3 - "$url" "$work" "$path_k" "${nodes_from[@]}" <<'PY'
import csv, json, random, sys, urllib.parse, urllib.request
url, work, path_k, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
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
def neighbours(i):
    with urllib.request.urlopen(f'{url}/api/neighbors?name={q(i)}&depth=1') as r:
        return [n['node']['id'] for n in json.load(r)['neighbors']]
pairs = []
for i in sample[:60]:
    # Two steps out: a neighbour of a neighbour (or a neighbour), so a path exists.
    first = neighbours(i)
    if not first:
        continue
    second = [n for n in neighbours(rng.choice(first)) if n != i]
    pairs.append((i, rng.choice(second or first)))
with open(f'{work}/path.txt', 'w') as fh:
    for a, b in pairs:
        fh.write(f'/api/path?from={q(a)}&to={q(b)}&k={path_k}\n')
with open(f'{work}/query.txt', 'w') as fh:
    for i in sample:
        body = {'query': 'MATCH (n {id: $id})-[r]-(m) RETURN type(r) AS predicate, m.name AS neighbour ORDER BY neighbour LIMIT 25',
                'params': {'id': i}}
        fh.write(json.dumps(body) + '\n')
print(f'{len(sample)} nodes, {len(pairs)} path pairs')
PY

started=$(rss)
# Warm-up: every endpoint for a second, so the memory compared below is the
# server's steady state (thread stacks, allocator arenas) rather than its start.
for endpoint in node path query; do
  kind=get
  [ "$endpoint" = query ] && kind=post
  LOAD_FILE="$work/$endpoint.txt" LOAD_KIND=$kind wrk -t2 -c"$connections" -d1s -s bench/serve-load.lua "$url" >/dev/null
done
before=$(rss)
status=0
printf '| endpoint | requests | p50 ms | p95 ms | p99 ms | max ms | non-2xx | socket errors |\n|---|---|---|---|---|---|---|---|\n' >"$work/table.md"
for endpoint in node path query; do
  kind=get
  [ "$endpoint" = query ] && kind=post
  line=$(LOAD_FILE="$work/$endpoint.txt" LOAD_KIND=$kind wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s \
    -s bench/serve-load.lua "$url" | grep '^RESULT')
  eval "${line#RESULT }"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$endpoint" "$requests" "$p50_ms" "$p95_ms" "$p99_ms" \
    "$max_ms" "$non2xx" "$socket_errors" >>"$work/table.md"
  if [ "$non2xx" != 0 ] || [ "$socket_errors" != 0 ]; then
    echo "FAIL $endpoint: $non2xx error responses, $socket_errors socket errors" >&2
    status=2
  fi
  if [ -n "$guard_ms" ] && ! awk -v p="$p95_ms" -v t="$guard_ms" 'BEGIN { exit !(p < t) }'; then
    echo "FAIL $endpoint: p95 ${p95_ms} ms is not even under the ${guard_ms} ms guard" >&2
    [ "$status" = 2 ] || status=1
  elif ! awk -v p="$p95_ms" -v t="$target_ms" 'BEGIN { exit !(p < t) }'; then
    if [ -n "$guard_ms" ]; then
      echo "MISS $endpoint: p95 ${p95_ms} ms is not under the ${target_ms} ms target (under the ${guard_ms} ms guard)" >&2
      [ "$status" = 0 ] && status=3
    else
      echo "FAIL $endpoint: p95 ${p95_ms} ms is not under ${target_ms} ms" >&2
      [ "$status" = 2 ] || status=1
    fi
  fi
done
after=$(rss)
cat "$work/table.md"
echo
echo "$connections connections, ${seconds} s per endpoint, paths with k=${path_k}, wrk -t2 on loopback; server RSS ${started} KiB at start, ${before} KiB after warm-up, ${after} KiB after the runs"
# Memory must stay flat over the runs: at most 25% + 64 MiB more than after warm-up.
if [ "$after" -gt $((before + before / 4 + 65536)) ]; then
  echo "FAIL memory grew from ${before} KiB to ${after} KiB" >&2
  status=2
fi
exit $status
