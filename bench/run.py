"""Drives the side-by-side benchmark (see bench/README.md); run via bench/run.sh.

Generates each size with `icigraph generate` (seed 1, 100 reachable pairs),
builds a snapshot, then runs icigraph (from CSV and from the snapshot) and each
peer, each in its own process under /usr/bin/time -v, `--repeat` times. Reports
medians, checks that every tool agrees with icigraph on every path length and
two-hop count, and writes bench/RESULTS.md.
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
DATA = os.path.join(BENCH, "data")
BIN = os.path.join(ROOT, "target", "release", "icigraph")
PY = os.path.join(BENCH, ".venv", "bin", "python")

SIZES = {"small": (10_000, 100_000), "large": (47_031, 2_250_197)}
TOOLS = ["icigraph-csv", "icigraph-snapshot", "kuzu", "ladybug", "rustworkx", "igraph", "networkx"]
SEED = 1
PAIRS = 100


def sh(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True)


def prepare(size):
    nodes, edges = SIZES[size]
    folder = os.path.join(DATA, size)
    if not os.path.exists(os.path.join(folder, "pairs.csv")):
        sh([BIN, "generate", "--nodes", str(nodes), "--edges", str(edges), "--seed", str(SEED),
            "--pairs", str(PAIRS), "--out", folder])
    snapshot = os.path.join(DATA, f"{size}.icg")
    sh([BIN, "--data", folder, "build", "--force", "-o", snapshot])
    return folder, snapshot


def command(tool, folder, snapshot):
    pairs = os.path.join(folder, "pairs.csv")
    if tool == "icigraph-csv":
        return [BIN, "--data", folder, "bench-queries", "--pairs", pairs]
    if tool == "icigraph-snapshot":
        return [BIN, "--db", snapshot, "bench-queries", "--pairs", pairs]
    return [PY, os.path.join(BENCH, "peers.py"), tool, folder, pairs]


def measure(tool, folder, snapshot):
    proc = subprocess.run(["/usr/bin/time", "-v"] + command(tool, folder, snapshot),
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{tool} failed:\n{proc.stderr[-2000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    result = json.loads(proc.stdout)
    result["rss_mib"] = int(rss.group(1)) / 1024
    return result


def run_size(size, tools, repeat):
    folder, snapshot = prepare(size)
    rows = {}
    for tool in tools:
        runs = []
        for _ in range(repeat):
            runs.append(measure(tool, folder, snapshot))
            print(f"  {size} {tool}: load {runs[-1]['load_seconds']:.3f} s, "
                  f"paths {runs[-1]['paths_seconds']:.4f} s, two-hop {runs[-1]['two_hop_seconds']:.4f} s, "
                  f"{runs[-1]['rss_mib']:.0f} MiB", file=sys.stderr)
        first = runs[0]
        rows[tool] = {
            "nodes": first["nodes"],
            "edges": first["edges"],
            "load": statistics.median(r["load_seconds"] for r in runs),
            "paths": statistics.median(r["paths_seconds"] for r in runs),
            "two_hop": statistics.median(r["two_hop_seconds"] for r in runs),
            "rss": statistics.median(r["rss_mib"] for r in runs),
            "path_lengths": first["path_lengths"],
            "two_hop_counts": first["two_hop_counts"],
            "loads": [r["load_seconds"] for r in runs],
        }
        if "path_engine_seconds" in first:
            rows[tool]["path_engine"] = statistics.median(r["path_engine_seconds"] for r in runs)
    return rows


def agreement(rows):
    ref = rows["icigraph-csv"]
    lines = []
    for tool, row in rows.items():
        same_nodes = (row["nodes"], row["edges"]) == (ref["nodes"], ref["edges"])
        bad_paths = sum(a != b for a, b in zip(row["path_lengths"], ref["path_lengths"]))
        bad_counts = sum(a != b for a, b in zip(row["two_hop_counts"], ref["two_hop_counts"]))
        ok = same_nodes and bad_paths == 0 and bad_counts == 0 \
            and len(row["path_lengths"]) == len(ref["path_lengths"]) == PAIRS
        lines.append((tool, ok, bad_paths, bad_counts, row["nodes"], row["edges"]))
    return lines


def table(rows):
    ref = rows["icigraph-csv"]
    out = ["| tool | load (s) | peak RSS (MiB) | 100 shortest paths (ms) | 100 two-hop counts (ms) |",
           "|---|---|---|---|---|"]

    for tool, row in rows.items():
        def cell(key, fmt, scale=1):
            text = fmt.format(row[key] * scale)
            if tool == "icigraph-csv" or ref[key] == 0:
                return text
            return f"{text} ({row[key] / ref[key]:.1f}×)"

        out.append("| {} | {} | {} | {} | {} |".format(
            tool,
            cell("load", "{:.3f}"),
            cell("rss", "{:.0f}"),
            cell("paths", "{:.2f}", 1000),
            cell("two_hop", "{:.2f}", 1000),
        ))
    return "\n".join(out)


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    nproc = sh(["nproc"]).stdout.strip()
    free = sh(["free", "-h"]).stdout.rstrip()
    load = open("/proc/loadavg").read().split()[:3]
    return cpu, nproc, free, " ".join(load)


def versions():
    out = sh([PY, "-c", "import importlib.metadata as m; print(' '.join(f'{p}=={m.version(p)}' "
                         "for p in ['kuzu','ladybug','rustworkx','igraph','networkx']))"]).stdout.strip()
    return out + f"; Python {platform.python_version()}; " + sh([BIN, "--version"]).stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="small,large")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=os.path.join(BENCH, "RESULTS.md"))
    args = parser.parse_args()
    tools = args.tools.split(",")
    if "icigraph-csv" not in tools:
        tools.insert(0, "icigraph-csv")
    sections = []
    all_ok = True
    cpu, nproc, free, load_before = machine()
    for size in args.sizes.split(","):
        rows = run_size(size, tools, args.repeat)
        checks = agreement(rows)
        all_ok &= all(ok for _, ok, *_ in checks)
        nodes, edges = SIZES[size]
        text = [f"## {size}: {nodes:,} nodes, {edges:,} edges (seed {SEED}, {PAIRS} reachable pairs)", "",
                table(rows), "",
                "Agreement with icigraph (every path length and two-hop count): " + ", ".join(
                    f"{tool} {'✓' if ok else f'✗ ({bp} paths, {bc} counts differ; {n} nodes, {m} edges)'}"
                    for tool, ok, bp, bc, n, m in checks), "",
                "Shortest paths through the `path` command's engine (Yen's k = 1, directed, index "
                "build included; what `icigraph path --pairs FILE --directed --k 1 --rank hops` runs): " + "; ".join(
                    f"{tool} {row['path_engine'] * 1000:.1f} ms" for tool, row in rows.items() if "path_engine" in row), "",
                "Load times of each run (s): " + "; ".join(
                    f"{tool} {', '.join(f'{x:.3f}' for x in row['loads'])}" for tool, row in rows.items()),
                ""]
        sections.append("\n".join(text))
        print("\n".join(text))
    _, _, _, load_after = machine()
    header = [
        "# Side-by-side benchmark", "",
        "Generated by `bench/run.sh` (see bench/README.md). Medians of "
        f"{args.repeat} runs, each tool in its own process; times measured in process; "
        "peak RSS of the whole process from `/usr/bin/time -v`. Ratios are each figure "
        "divided by icigraph (csv)'s: above 1× means icigraph is ahead.", "",
        f"Machine: {cpu}, `nproc` = {nproc}; load average {load_before} before and "
        f"{load_after} after the run (the machine is shared).", "",
        "```", free, "```", "",
        f"Versions: {versions()}", "",
        "Notes: every peer installed from PyPI. networkx is pinned to 3.6.1 because this "
        "machine has Python 3.11 and pip refuses 3.7: `Ignored the following versions that "
        "require a different python version: 3.7 Requires-Python !=3.14.1,>=3.12`. "
        "icigraph's process also builds the `path` engine's index to time it (the line below "
        "each table), which is included in its peak RSS.", "",
    ]
    with open(args.out, "w") as f:
        f.write("\n".join(header) + "\n" + "\n".join(sections))
    print(f"wrote {args.out}", file=sys.stderr)
    sys.exit(0 if all_ok else 1)


if __name__ == "__main__":
    main()
