#!/usr/bin/env bash
# Fills fuzz/corpus/TARGET/ with seed inputs for `cargo +nightly fuzz run`:
#   query    the TCK's queries (read from ../shared/tck at run time, one file
#            per `executing query:` docstring), the saved queries, a few
#            adversarial shapes (unbounded variable length, deep nesting)
#   loader   nodes file, NUL, edges file: the open and mini fixtures and
#            slices of the shipped graph-data
#   snapshot offset + XOR bytes (the target's input shape), a fixed sample
#   export   node names of the shipped graph joined by U+001F
# Seeds are written under content-derived names, so rerunning adds nothing new.
# Usage: fuzz/seed.sh [TCK_DIR]   (default: ../shared/tck beside the repository)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tck=${1:-$root/../shared/tck}
[ -d "$tck" ] || tck=/work/shared/tck
out=$root/fuzz/corpus
mkdir -p "$out"/{query,loader,snapshot,export}

put() { # TARGET < bytes: store stdin under its hash
    local tmp
    tmp=$(mktemp "$out/$1/.seed.XXXXXX")
    cat >"$tmp"
    mv "$tmp" "$out/$1/seed-$(sha1sum "$tmp" | cut -c1-16)"
}

# query: every docstring after "executing query:" in the feature files.
if [ -d "$tck" ]; then
    split=$(mktemp -d)
    find "$tck" -name '*.feature' -print0 | sort -z | xargs -0 awk -v dir="$split" '
        /executing query:[[:space:]]*$/ { want = 1; next }
        want && /^[[:space:]]*"""/ { if (inside) { inside = 0; want = 0; close(file) } else { inside = 1; n++; file = sprintf("%s/%06d", dir, n) } next }
        inside { sub(/^[[:space:]]+/, ""); print > file }
    '
    for f in "$split"/*; do put query <"$f"; done
    rm -rf "$split"
else
    echo "seed.sh: no TCK at $tck; query corpus from the saved queries only" >&2
fi
for f in "$root"/queries/*.cypher; do put query <"$f"; done
printf 'MATCH p = (a)-[*]-(b) RETURN count(p)' | put query
printf 'MATCH (a),(b),(c) RETURN count(*)' | put query
printf 'RETURN reduce(l = [], x IN range(1, 1000) | [l])' | put query
python3 -c "print('RETURN ' + '(' * 300 + '1' + ')' * 300, end='')" | put query

# loader: nodes, a NUL byte, edges.
{ cat "$root/tests/fixtures/open/nodes.csv"; printf '\0'; cat "$root/tests/fixtures/open/edges.csv"; } | put loader
for fixture in mini paths dot; do
    for n in "$root/tests/fixtures/$fixture"/nodes/*.csv; do
        for e in "$root/tests/fixtures/$fixture"/edges/*.csv; do
            { cat "$n"; printf '\0'; cat "$e"; } | put loader
        done
    done
done
for n in "$root"/graph-data/nodes/*.csv; do
    e=$root/graph-data/edges/$(basename "$n")
    [ -f "$e" ] || e=$(ls "$root"/graph-data/edges/*.csv | head -1)
    { head -40 "$n"; printf '\0'; head -40 "$e"; } | put loader
done
{ head -40 "$root/tests/fixtures/kgx/nodes.tsv" | tr '\t' ','; printf '\0'; head -40 "$root/tests/fixtures/kgx/edges.tsv" | tr '\t' ','; } | put loader

# snapshot: offset (4 bytes, little-endian) then bytes XORed into the body.
for seed in $(seq 1 16); do
    python3 -c "
import random, sys
r = random.Random($seed)
sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(4 + r.randrange(24))))" | put snapshot
done

# export: names of the shipped graph (column 3 of the node files), U+001F between them.
for n in "$root"/graph-data/nodes/*.csv; do
    python3 - "$n" <<'PY' | put export
import csv, sys
with open(sys.argv[1], newline="") as f:
    names = [row.get("name", "") for row in csv.DictReader(f)]
sys.stdout.write("\x1f".join(names))
PY
done
python3 -c "print('x' * 20000 + '\x1f' + '&\"<]>\\\\N é 中 🧬' * 200, end='')" | put export

for t in query loader snapshot export; do
    echo "$t: $(ls "$out/$t" | wc -l) seeds"
done
