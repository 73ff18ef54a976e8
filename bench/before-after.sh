#!/usr/bin/env bash
# Two builds of icigraph side by side on the 2.25M-edge generated graph (the
# bench's `large` size): load from CSV, peak memory, 100 shortest paths (the
# BFS and the `path` engine), 100 two-hop counts (all from the hidden
# `bench-queries`, timed in process) and `path --pairs` over the same pairs
# (whole process). Medians of --repeat runs; prints a Markdown table.
#
#   bench/before-after.sh OLD_BIN NEW_BIN [--repeat 3]
#
# The graph is generated once into bench/data/large/ by NEW_BIN (seed 1).
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2; shift 2
repeat=3
[ "${1:-}" = --repeat ] && repeat=$2
data=bench/data/large
if [ ! -f "$data/pairs.csv" ]; then
  mkdir -p bench/data
  "$new" generate --nodes 47031 --edges 2250197 --seed 1 --pairs 100 --out "$data" >/dev/null
fi
python3 - "$old" "$new" "$data" "$repeat" <<'PY'
import json, statistics, subprocess, sys, tempfile, time, os
old, new, data, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
pairs = os.path.join(data, "pairs.csv")

def timed(cmd):
    with tempfile.NamedTemporaryFile() as t:
        start = time.perf_counter()
        out = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd,
                             check=True, capture_output=True, text=True).stdout
        wall = time.perf_counter() - start
        rss_kib = int(open(t.name).read().split()[-1])
    return out, wall, rss_kib

def run(binary):
    rows = []
    for _ in range(repeat):
        out, _, rss = timed([binary, "--data", data, "bench-queries", "--pairs", pairs])
        r = json.loads(out)
        _, wall, _ = timed([binary, "--data", data, "path", "--pairs", pairs, "--format", "json"])
        rows.append({
            "load from CSV (s)": r["load_seconds"],
            "peak memory (MiB)": rss / 1024,
            "100 shortest paths, BFS (ms)": r["paths_seconds"] * 1e3,
            "100 shortest paths, path engine (ms)": r.get("path_engine_seconds", float("nan")) * 1e3,
            "100 two-hop counts (ms)": r["two_hop_seconds"] * 1e3,
            "path --pairs, whole process (s)": wall,
        })
        answers = (r["path_lengths"], r["two_hop_counts"])
    return {k: statistics.median(x[k] for x in rows) for k in rows[0]}, answers

a, answers_a = run(old)
b, answers_b = run(new)
assert answers_a == answers_b, "the two builds disagree on path lengths or two-hop counts"
print(f"| measure (median of {repeat}) | before | after | after / before |")
print("|---|---|---|---|")
for k in a:
    print(f"| {k} | {a[k]:.3g} | {b[k]:.3g} | {b[k] / a[k]:.2f} |")
PY
