#!/usr/bin/env bash
# The 10M-node, 50M-edge benchmark: generates the seeded graph (once, ~2 min,
# 2.3 GB on disk), checks it is the pinned one, then measures whole-process
# wall time, CPU and peak RSS (/usr/bin/time) of icigraph loading the CSV,
# building the snapshot and answering everyday commands from it, and of Kùzu
# loading the same files and answering one shortest path.
# Usage: bash bench/large.sh [DIR]   (default bench/data/big; needs ~8 GB free)
# Options through the environment: RUNS (default 3), KUZU=0 to skip Kùzu.
# Prints a markdown table on stdout; progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-bench/data/big}
runs=${RUNS:-3}
bin=target/release/icigraph
cargo build --release --quiet --bin icigraph
if [ ! -x /usr/bin/time ]; then
    echo "needs /usr/bin/time (apt-get install -y time)" >&2
    exit 1
fi
if [ ! -s "$dir/edges.csv" ]; then
    echo "generating $dir ..." >&2
    "$bin" --quiet generate --nodes 10000000 --edges 50000000 --seed 1 --out "$dir"
fi
echo "checking the generated files against their pinned sha256 ..." >&2
(cd "$dir" && sha256sum -c --quiet <<'EOF'
8aa8c452ec4177dccd8c34693da9cd90cfe1177a7f6ad4d0af513187c6185fa8  nodes.csv
3cb79533d83bfe15e08f33b6f8639599376e4f83b8d1de932db288d1edbc5159  edges.csv
EOF
)
db="$dir.icg"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# One row: label, then the command; run $2 times.
measure() {
    local label=$1 times=$2
    shift 2
    local cells=()
    for _ in $(seq "$times"); do
        /usr/bin/time -f '%e %U %S %M' -o "$log" "$@" >/dev/null
        read -r wall user sys kb <"$log"
        cells+=("$wall s ($user u, $sys s), $((kb / 1024)) MiB")
    done
    local joined
    joined=$(printf '%s; ' "${cells[@]}")
    echo "| $label | ${joined%; } |"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "| step | wall (user, sys), peak RSS, per run |"
echo "|---|---|"
measure "icigraph: load the CSV and validate (\`check\`)" "$runs" "$bin" --quiet --data "$dir" check
measure "icigraph: \`build\` the snapshot" 1 "$bin" --quiet --force --data "$dir" build -o "$db"
"$bin" --db "$db" query 'RETURN 1' >/dev/null # warm the page cache once
measure "\`query 'RETURN 1'\`" "$runs" "$bin" --db "$db" query 'RETURN 1'
measure "\`query 'MATCH (n) RETURN count(n)'\`" "$runs" "$bin" --db "$db" query 'MATCH (n) RETURN count(n)'
measure "\`node gene:1\`" "$runs" "$bin" --db "$db" node gene:1
measure "\`neighbors gene:1\`" "$runs" "$bin" --db "$db" neighbors gene:1
measure "\`stats\`" "$runs" "$bin" --db "$db" stats
measure "\`path gene:1 bp:134199\`" "$runs" "$bin" --db "$db" path gene:1 bp:134199
measure "\`path gene:0 gene:7777776\`" "$runs" "$bin" --db "$db" path gene:0 gene:7777776
measure "\`path gene:0 gene:7777776 --directed --k 1 --rank hops --max-hops 30\` (Kùzu's query)" "$runs" \
    "$bin" --db "$db" path gene:0 gene:7777776 --directed --k 1 --rank hops --max-hops 30
if [ "${KUZU:-1}" != 0 ]; then
    if [ ! -x bench/.venv/bin/python ]; then
        python3 -m venv bench/.venv
    fi
    bench/.venv/bin/pip install -q -r bench/requirements.txt
    pair=$(mktemp)
    printf 'source,target\ngene:0,gene:7777776\n' >"$pair"
    out=$(mktemp)
    /usr/bin/time -f '%e %U %S %M' -o "$log" bench/.venv/bin/python bench/peers.py kuzu "$dir" "$pair" >"$out"
    read -r wall user sys kb <"$log"
    bench/.venv/bin/python - "$out" "$wall" "$user" "$sys" "$kb" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
wall, user, sys_, kb = sys.argv[2:6]
print(f"| Kùzu: `COPY` nodes and edges | {r['load_seconds']:.1f} s |")
print(f"| Kùzu: one shortest path gene:0 → gene:7777776 (length {r['path_lengths'][0]}) | {r['paths_seconds']:.2f} s |")
print(f"| Kùzu: whole process (load, path, one two-hop count) | {wall} s ({user} u, {sys_} s), {int(kb) // 1024} MiB |")
EOF
    rm -f "$pair" "$out"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
