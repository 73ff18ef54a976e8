"""Shared fixtures: the icigraph debug binary, the shipped graph and a
100k-edge generated graph, each exported once per session to every format."""

import json
import os
import random
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("ICIGRAPH_BIN", ROOT / "target" / "debug" / "icigraph"))
SEED = 20230613
# 50 seeded pairs: 5 sources with 10 targets each, so a tool can answer one
# source's pairs with one single-source search.
SOURCES = 5
TARGETS = 10


def icigraph(*args, check=True):
    """Runs icigraph and returns its standard output."""
    run = subprocess.run(
        [str(BINARY), *map(str, args)], capture_output=True, text=True, timeout=600
    )
    if check and run.returncode != 0:
        raise AssertionError(f"icigraph {' '.join(map(str, args))} failed:\n{run.stderr}")
    return run.stdout


def icigraph_json(*args):
    return json.loads(icigraph(*args, "--format", "json"))


class Graph:
    """One graph as icigraph sees it, with its exports."""

    def __init__(self, name, source_args, root):
        self.name = name
        self.source = list(source_args)
        self.dir = root / name
        self.dir.mkdir()
        self.stats = icigraph_json(*self.source, "stats")
        rows = icigraph_json(
            *self.source, "query", "MATCH (n) RETURN n.id AS id, labels(n)[0] AS label ORDER BY id"
        )
        self.nodes = [r["id"] for r in rows]
        self.label = {r["id"]: r["label"] for r in rows}
        rng = random.Random(SEED)
        self.pairs = []
        for source in rng.sample(self.nodes, SOURCES):
            others = [n for n in self.nodes if n != source]
            self.pairs += [(source, target) for target in rng.sample(others, TARGETS)]
        self.hops = self.shortest(self.pairs)

    def shortest(self, pairs, extra=()):
        """icigraph's undirected shortest-path length of each pair (None: no path)."""
        rows = icigraph_json(
            *extra,
            *([] if extra else self.source),
            "query",
            "--param",
            "pairs=" + json.dumps([list(p) for p in pairs]),
            "UNWIND $pairs AS pr MATCH (a {id: pr[0]}), (b {id: pr[1]}) "
            "OPTIONAL MATCH p = shortestPath((a)-[*..30]-(b)) "
            "RETURN pr[0] AS a, pr[1] AS b, length(p) AS hops",
        )
        return {(r["a"], r["b"]): r["hops"] for r in rows}

    def targets(self):
        """The pairs grouped by source: {source: [targets]}."""
        grouped = {}
        for a, b in self.pairs:
            grouped.setdefault(a, []).append(b)
        return grouped

    def export(self, fmt, *args, tag="whole"):
        """The export in `fmt` (subset options in `args`, named by `tag`), written once."""
        suffix = {"graphml": ".graphml", "cytoscape": ".cyjs", "cx2": ".cx2"}.get(fmt, "")
        target = self.dir / f"{fmt}-{tag}{suffix}"
        if not target.exists():
            icigraph(*self.source, "export", fmt, *args, "-o", target)
        return target

    def category_counts(self):
        """Nodes per category (categories with none are schema, not data)."""
        return {c["name"]: c["count"] for c in self.stats["categories"] if c["count"]}

    def predicate_counts(self):
        return {p["name"]: p["count"] for p in self.stats["predicates"] if p["count"]}


def without_unused(stats):
    """`stats` without the schema's unused categories and predicates, which a
    data file cannot carry."""
    out = dict(stats)
    for key in ("categories", "predicates"):
        out[key] = [entry for entry in stats[key] if entry["count"]]
    return out


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("interchange")


@pytest.fixture(scope="session")
def shipped(workdir):
    return Graph("shipped", [], workdir)


@pytest.fixture(scope="session")
def generated(workdir):
    data = workdir / "generated-data"
    icigraph("generate", "--nodes", 20000, "--edges", 100000, "--seed", 7, "--out", data)
    return Graph("generated", ["--data", data], workdir)


@pytest.fixture(scope="session", params=["shipped", "generated"])
def graph(request):
    return request.getfixturevalue(request.param)
