#!/usr/bin/env bash
# Reruns the adversarial input classes against a built binary and counts how
# each run ended: exit codes, signals, runs past the timeout. Usage:
#   scripts/adversarial.sh [BINARY]   (default target/release/icigraph)
# Every case must end with exit 0 or 1 (a clear error or a limit message).
set -u
BIN=${1:-target/release/icigraph}
LIMIT=${LIMIT:-20}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
declare -A codes
bad=0
total=0
run() {
    local class=$1; shift
    timeout -s KILL "$LIMIT" "$BIN" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
    local rc=$?
    total=$((total + 1))
    codes[$rc]=$(( ${codes[$rc]:-0} + 1 ))
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        bad=$((bad + 1))
        echo "[$class] exit $rc: ${*:1:3} …" >&2
        head -c 300 "$WORK/err" >&2; echo >&2
    fi
}
rep() { python3 -c "import sys; print(sys.argv[1] * int(sys.argv[2]), end='')" "$1" "$2"; }
q() { local class=$1; shift; printf '%s' "$1" >"$WORK/q.cypher"; shift; run "$class" query "$@" -f "$WORK/q.cypher"; }

# Nesting: brackets, maps, unary operators, CASE, comprehensions, calls.
for n in 100 200 201 1000 10000 100000; do
    for pair in "(|)" "[|]" "{a: |}" "[x IN | | x]" "CASE WHEN true THEN | END" "size(|)" "-|" "NOT |"; do
        open=${pair%%|*}; close=${pair#*|}
        q nesting "RETURN $(rep "$open" $n)1$(rep "$close" $n)" --empty
    done
done
# Flat chains.
for op in "+" "AND" "OR" "<" "XOR" "*" "||" "="; do
    for n in 1000 10000 50000; do q chain "RETURN 1$(rep " $op 1" $n)" --empty; done
done
# Deep values, comprehensions, big ranges, string growth.
for text in \
    "RETURN reduce(l=[], x IN range(1,100000) | [l])" \
    "RETURN size([x IN range(1,10000000) | range(1,100)])" \
    "RETURN size(reduce(s='a', x IN range(1,40) | s+s))" \
    "UNWIND range(1,100000000) AS x RETURN count(*)" \
    "UNWIND range(1,10000000) AS x UNWIND range(1,10000000) AS y RETURN count(*)" \
    "RETURN range(1, 9223372036854775807)" \
    "UNWIND range(1,1000000) AS x RETURN collect(x + 'aaaaaaaaaaaaaaaaaaaa')"; do
    q values "$text" --empty
done
# Variable length and cartesian products on the shipped graph.
for text in \
    "MATCH p=(a)-[*]-(b) RETURN count(p)" \
    "MATCH (a)-[*]->(b) RETURN a.id, b.id LIMIT 5" \
    "MATCH ()-[*]-() RETURN count(*)" \
    "MATCH (a),(b),(c),(d),(e) RETURN count(*)" \
    "MATCH (a),(b),(c) RETURN a.id, b.id, c.id LIMIT 3"; do
    q varlength "$text"
    q varlength "$text" --max-expansions 1000
    q varlength "$text" --timeout 2s --max-expansions 100000000000
done
# Long error lines.
q longline "RETURN '$(rep y 70000)' + " --empty
q longline "RETURN '$(rep $'é\t' 40000)' + x" --empty
# Hostile names in a small folder.
mkdir -p "$WORK/names"
python3 - "$WORK/names" <<'PY'
import sys, os
d = sys.argv[1]
names = ["x" * 100000, " padded ", "tab\there", "quote\"q", "<b>&amp;</b>", "]", "é" * 5000, "nl\\nx"]
with open(os.path.join(d, "nodes.csv"), "w") as f:
    f.write("id,name,category\n")
    for i, n in enumerate(names):
        f.write('n:%d,"%s",Gene\n' % (i, n.replace('"', '""')))
with open(os.path.join(d, "edges.csv"), "w") as f:
    f.write("subject,predicate,object\n")
    for i in range(len(names) - 1):
        f.write("n:%d,interacts_with,n:%d\n" % (i, i + 1))
PY
for fmt in json csv table; do run names --data "$WORK/names" --format "$fmt" query "MATCH (n) RETURN n.name"; done
run names --data "$WORK/names" export json
run names --data "$WORK/names" export dot --all
run names --data "$WORK/names" check
# Crafted snapshots: byte flips with the checksum recomputed.
"$BIN" --data "$WORK/names" build -o "$WORK/g.icg" >/dev/null 2>&1
for seed in $(seq 1 40); do
    python3 - "$WORK/g.icg" "$WORK/c.icg" "$seed" <<'PY'
import sys, random, zlib, struct
data = bytearray(open(sys.argv[1], "rb").read())
r = random.Random(int(sys.argv[3]))
for _ in range(r.randint(1, 8)):
    i = r.randrange(32, len(data))
    data[i] = r.randrange(256)
data[24:28] = struct.pack("<I", zlib.crc32(bytes(data[32:])) & 0xffffffff)
open(sys.argv[2], "wb").write(data)
PY
    run snapshot --db "$WORK/c.icg" stats
done
run snapshot --db /dev/zero stats
# Writes over existing and special files.
echo precious >"$WORK/keep.json"
run writes export json -o "$WORK/keep.json"
run writes --force export json -o /dev/null
run writes build -o /dev/full
ln -sf "$WORK/keep.json" "$WORK/link.json"
run writes --force export json -o "$WORK/link.json"
mkfifo "$WORK/fifo.svg"
run writes --force render --figure fig2 -o "$WORK/fifo.svg"
run writes render --engine builtin --figure fig2 -o "$WORK/fig.pdf"
grep -q precious "$WORK/keep.json" || { echo "keep.json was overwritten" >&2; bad=$((bad + 1)); }

echo "runs: $total"
for rc in "${!codes[@]}"; do echo "exit $rc: ${codes[$rc]}"; done | sort
echo "bad (not 0/1, signal, or past ${LIMIT}s): $bad"
[ "$bad" -eq 0 ]
