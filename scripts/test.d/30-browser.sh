#!/usr/bin/env bash
# End-to-end tests of `icigraph serve` in headless Chromium: installs Debian's
# chromium (as root, when missing) and the pinned npm packages (playwright-core
# downloads no browser), builds the binary with the drawing library bundled,
# starts two servers on free loopback ports (the shipped graph, and a tiny
# graph of hostile names), runs web/tests/e2e.mjs and stops the servers.
# Screenshots go to web/artifacts/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/../.."

CHROMIUM=/usr/bin/chromium
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  else
    echo "browser tests skipped: $CHROMIUM is missing (sudo apt-get install chromium)" >&2
    exit 0
  fi
fi
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "browser tests skipped: npm is missing (sudo apt-get install nodejs npm)" >&2
    exit 0
  fi
fi

# With --prefix, npm reads its global config from web/etc/npmrc instead of the
# system's, so a CA file set there (a proxy's own CA) is not seen: keep the
# system bundle trusted when nothing else names one.
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -z "${npm_config_cafile:-}" ] && [ -r /etc/ssl/certs/ca-certificates.crt ]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix web --no-audit --no-fund --loglevel=error
# build.rs bundles web/node_modules/cytoscape now that it is there.
cargo build --quiet --bin icigraph
bin=target/debug/icigraph

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# A graph whose names and properties are markup and script URLs.
mkdir -p "$work/hostile"
cat > "$work/hostile/nodes.csv" <<'CSV'
id,name,category,description
ici:x1,"<script>alert(""pwned"")</script>",Gene,"<img src=x onerror=alert(3)>"
ici:x2,javascript:alert(2),"Drug""><svg onload=alert(5)>",'quoted' and "double-quoted"
ici:x3,"a&amp;b </td></tr><b>bold</b>",Gene,"<a href=""javascript:alert(6)"">click</a>"
CSV
cat > "$work/hostile/edges.csv" <<'CSV'
subject,predicate,object,refs
ici:x1,targets,ici:x2,1
ici:x3,"on""click",ici:x1,2
CSV

# `start VAR ARGS…` starts `icigraph ARGS… serve --port 0` and sets VAR to its
# URL once it listens. It runs in this shell (not in a $(…) subshell), so the
# server's pid is recorded for cleanup.
start() {
  local var=$1
  shift
  local log="$work/serve-${#pids[@]}.log"
  "$bin" "$@" serve --port 0 >"$log" 2>&1 &
  pids+=("$!")
  local url=
  for _ in $(seq 1 300); do
    url=$(grep -o 'http://[^ ]*' "$log" | head -1 || true)
    [ -n "$url" ] && break
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$url" ]; then
    echo "the server did not start:" >&2
    cat "$log" >&2
    return 1
  fi
  printf -v "$var" '%s' "$url"
}

start ICIGRAPH_URL
start HOSTILE_URL --data "$work/hostile"
export ICIGRAPH_URL HOSTILE_URL
export ARTIFACTS="$PWD/web/artifacts"
mkdir -p "$ARTIFACTS"
node web/tests/e2e.mjs
