"""Times the Python API against the engine's own figures on one graph folder.

    python bench/python_api.py DIR [--cli target/release/icigraph] [--repeat 5]

DIR holds nodes.csv, edges.csv and pairs.csv (`icigraph generate ... --pairs
100`). Prints a Markdown table: the API's load from CSV and from a snapshot
next to the CLI's (`icigraph bench-queries`, in-process timings), 100
shortest directed paths and 100 two-hop counts through the API next to the
engine's, the per-call overhead, and `.to_pandas()` of a 1M-row result.
Medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import icigraph


CPU: dict = {}


def median_time(fn, repeat: int) -> float:
    """Median wall time of `fn`; its median CPU time (all threads of this
    process, robust to a busy machine) is kept in CPU under fn's label."""
    times = []
    cpu = []
    for _ in range(repeat):
        c = time.process_time()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - c)
    CPU[len(CPU)] = statistics.median(cpu)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=Path)
    ap.add_argument("--cli", default="target/release/icigraph")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    folder: Path = args.dir
    pairs_file = folder / "pairs.csv"
    with pairs_file.open() as f:
        rows = list(csv.reader(f))
    pairs = [(s, t) for s, t in rows[1:]] if rows[0][0] == "source" else [(s, t) for s, t in rows]

    snapshot = Path(tempfile.mkdtemp()) / "graph.icg"
    icigraph.load(folder).build_snapshot(snapshot)

    cli = {"csv": [], "snapshot": []}
    for _ in range(args.repeat):
        for kind, opt in (("csv", ["--data", str(folder)]), ("snapshot", ["--db", str(snapshot)])):
            out = subprocess.run(
                [args.cli, "bench-queries", *opt, "--pairs", str(pairs_file), "--hops", "2"],
                check=True, capture_output=True, text=True,
            ).stdout
            cli[kind].append(json.loads(out))

    def cli_median(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in cli[kind])

    load_csv = median_time(lambda: icigraph.load(folder), args.repeat)
    load_snap = median_time(lambda: icigraph.load(snapshot=snapshot), args.repeat)

    g = icigraph.load(snapshot=snapshot)
    hops_api = []

    def paths() -> None:
        hops_api.clear()
        for s, t in pairs:
            try:
                hops_api.append(g.path(s, t, k=1, directed=True, max_hops=g.node_count)["paths"][0]["hops"])
            except icigraph.NotFound:
                hops_api.append(None)

    paths_api = median_time(paths, args.repeat)
    counts_api = []

    def counts() -> None:
        counts_api.clear()
        counts_api.extend(g.count_within(s, 2) for s, _ in pairs)

    two_hop_api = median_time(counts, args.repeat)
    ref = cli["snapshot"][0]
    assert hops_api == ref["path_lengths"], "the API's path lengths differ from the engine's"
    assert counts_api == ref["two_hop_counts"], "the API's two-hop counts differ from the engine's"

    n = 10000
    first = pairs[0][0]
    overhead = median_time(lambda: [g.count_within(first, 0) for _ in range(n)], args.repeat) / n
    bare = median_time(lambda: [g.node_count for _ in range(n)], args.repeat) / n

    text = "MATCH (a)-[r]->(b) RETURN a.id AS subject, type(r) AS predicate, b.id AS object, id(r) AS rel LIMIT 1000000"
    query_s = median_time(lambda: g.query(text), args.repeat)
    result = g.query(text)
    assert len(result) == 1_000_000
    pandas_s = median_time(result.to_pandas, args.repeat)
    arrow_s = median_time(result.to_arrow, args.repeat)
    dicts_s = median_time(lambda: sum(1 for _ in result), 1)

    e_paths = cli_median("snapshot", "path_engine_seconds")
    e_two = cli_median("snapshot", "two_hop_seconds")
    print(f"graph: {g.node_count:,} nodes, {g.edge_count:,} edges; medians of {args.repeat} runs\n")
    print("Wall times (CPU seconds of this process, all threads, in the last table).\n")
    print("| measure | Python API | engine (CLI, in process) | ratio |")
    print("|---|---|---|---|")
    print(f"| load from CSV (s) | {load_csv:.3f} | {cli_median('csv', 'load_seconds'):.3f} | {load_csv / cli_median('csv', 'load_seconds'):.2f}× |")
    print(f"| load from snapshot (s) | {load_snap:.3f} | {cli_median('snapshot', 'load_seconds'):.3f} | {load_snap / cli_median('snapshot', 'load_seconds'):.2f}× |")
    print(f"| 100 shortest directed paths, `g.path(k=1)` vs the path engine (ms) | {paths_api * 1e3:.1f} | {e_paths * 1e3:.1f} | {paths_api / e_paths:.2f}× |")
    print(f"| 100 two-hop counts, `g.count_within` (ms) | {two_hop_api * 1e3:.2f} | {e_two * 1e3:.2f} | {two_hop_api / e_two:.2f}× |")
    print(f"| one call, `count_within(x, 0)`: name lookup, GIL release, an empty walk (µs) | {overhead * 1e6:.2f} | | |")
    print(f"| one call, `g.node_count`: the binding alone (µs) | {bare * 1e6:.2f} | | |")
    print(f"| 1M-row query, `g.query` (s) | {query_s:.3f} | | |")
    print(f"| `.to_pandas()` of it (s) | {pandas_s:.3f} | | |")
    print(f"| `.to_arrow()` of it (s) | {arrow_s:.3f} | | |")
    print(f"| iterating it as dicts (s, 1 run) | {dicts_s:.3f} | | |")
    labels = ["load CSV", "load snapshot", "100 paths", "100 two-hop counts", "10,000 count_within calls",
              "10,000 node_count calls", "1M-row query", "to_pandas", "to_arrow", "iterate as dicts"]
    print("\n| Python API, CPU seconds | " + " | ".join(labels) + " |")
    print("|---" * (len(labels) + 1) + "|")
    print("| median | " + " | ".join(f"{CPU[i]:.3f}" for i in range(len(labels))) + " |")


if __name__ == "__main__":
    main()
