"""KGX: `kgx validate` accepts the export; icigraph reads it back unchanged."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, icigraph, icigraph_json, without_unused

OFFLINE = Path(__file__).with_name("kgx_offline.py")
ICI_PREFIX = ["--prefix", "ici=urn:icigraph:"]
FILES = {"kgx": ("tsv", "nodes.tsv", "edges.tsv"), "kgx-jsonl": ("jsonl", "nodes.jsonl", "edges.jsonl")}


def validate(folder, fmt, declare=True):
    kind, nodes, edges = FILES[fmt]
    run = subprocess.run(
        [sys.executable, str(OFFLINE), *(ICI_PREFIX if declare else []), "validate",
         "-i", kind, str(folder / nodes), str(folder / edges)],
        capture_output=True, text=True, timeout=600,
    )
    return run.returncode, run.stdout + run.stderr


@pytest.mark.parametrize("fmt", ["kgx", "kgx-jsonl"])
def test_kgx_validate_passes(shipped, fmt):
    code, output = validate(shipped.export(fmt), fmt)
    assert code == 0, output[-3000:]


@pytest.mark.parametrize("fmt", ["kgx", "kgx-jsonl"])
def test_without_the_ici_prefix_only_the_prefix_is_reported(shipped, fmt):
    code, output = validate(shipped.export(fmt), fmt, declare=False)
    assert code != 0
    prefixes = set(re.findall(r"CURIE prefix '([^']*)'", output))
    assert prefixes == {"ici"}, output[-3000:]
    messages = re.findall(r'^\s*"([^"]+)": \[', output, re.M)
    assert messages and all("CURIE prefix 'ici'" in m for m in messages)


def kgx_source(folder, fmt):
    _, nodes, edges = FILES[fmt]
    return ["--kgx-nodes", folder / nodes, "--kgx-edges", folder / edges]


@pytest.mark.parametrize("fmt", ["kgx", "kgx-jsonl"])
def test_read_back_gives_the_same_stats(graph, fmt):
    back = icigraph_json(*kgx_source(graph.export(fmt), fmt), "stats")
    assert without_unused(back) == without_unused(graph.stats)


@pytest.mark.parametrize("fmt", ["kgx", "kgx-jsonl"])
@pytest.mark.parametrize("query", sorted((ROOT / "queries").glob("*.cypher")), ids=lambda p: p.stem)
def test_read_back_answers_the_saved_queries_alike(shipped, fmt, query):
    source = kgx_source(shipped.export(fmt), fmt)
    assert icigraph(*source, "query", "-f", query, "--format", "json") == icigraph(
        "query", "-f", query, "--format", "json"
    )


def test_edges_carry_biolink_terms_and_provenance(shipped):
    folder = shipped.export("kgx")
    header, first = (folder / "edges.tsv").read_text().splitlines()[:2]
    row = dict(zip(header.split("\t"), first.split("\t")))
    assert row["predicate"].startswith("biolink:")
    assert row["publications"] == "doi:10.1186/s13578-023-01073-9"
    assert re.fullmatch(r"\d+(\|\d+)*", row["ici:refs"])
    assert row["knowledge_level"] and row["agent_type"]
    nodes = (folder / "nodes.tsv").read_text().splitlines()
    assert all(line.split("\t")[1].startswith("biolink:") for line in nodes[1:])


def test_subsets_write_fewer_edges(shipped):
    whole = shipped.export("kgx")
    figure = shipped.export("kgx", "--figure", "fig3", tag="fig3")
    hood = shipped.export("kgx", "--neighbors", "B2M loss", "--depth", "1", tag="b2m")
    count = lambda f: len((f / "edges.tsv").read_text().splitlines()) - 1
    assert 0 < count(figure) < count(whole)
    assert 0 < count(hood) < count(whole)
