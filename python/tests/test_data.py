"""Other graphs: generated, plain CSV, KGX, snapshots; and broken data, each
problem surfacing as DataError with its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import icigraph
from conftest import FIXTURES


def test_generated_graph(generated: Path, tmp_path: Path) -> None:
    g = icigraph.load(generated)
    assert (g.node_count, g.edge_count) == (2000, 20000)
    # Same seed, same graph.
    again = tmp_path / "again"
    assert icigraph.generate(2000, 20000, 7, again) == (2000, 20000)
    assert (again / "edges.csv").read_bytes() == (generated / "edges.csv").read_bytes()
    ids = [row["id"] for row in g.query("MATCH (n) RETURN n.id AS id ORDER BY id LIMIT 2")]
    p = g.path(ids[0], ids[1], max_hops=8)
    assert p["paths"][0]["hops"] >= 1
    # count_within agrees with Cypher's distinct two-hop neighbours.
    by_query = list(
        g.query(
            "MATCH (a {id: $id})-[*1..2]->(b) WHERE b <> a RETURN count(DISTINCT b) AS n", id=ids[0]
        )
    )[0]["n"]
    assert g.count_within(ids[0], 2) == by_query
    s = g.stats()
    assert s["nodes"] == 2000 and s["edges"] == 20000
    snap = g.build_snapshot(tmp_path / "gen.icg")
    assert icigraph.load(snapshot=snap).stats() == s


def test_generated_kgx(tmp_path: Path) -> None:
    icigraph.generate(100, 300, 1, tmp_path, kgx=True)
    g = icigraph.load(kgx_nodes=tmp_path / "nodes.tsv", kgx_edges=tmp_path / "edges.tsv")
    assert (g.node_count, g.edge_count) == (100, 300)
    assert icigraph.load(tmp_path).edge_count == 300


def test_generate_refuses_impossible() -> None:
    with pytest.raises(icigraph.UsageError, match="at least 2 nodes"):
        icigraph.generate(1, 5, 1, "/nonexistent-never-written")


def test_open_layout_and_kgx_fixtures() -> None:
    g = icigraph.load(FIXTURES / "open")
    assert g.resolve("Node one")["id"] == "n1"
    k = icigraph.load(kgx_nodes=FIXTURES / "kgx" / "nodes.tsv", kgx_edges=FIXTURES / "kgx" / "edges.tsv")
    assert k.resolve("gene one")["id"] == "HGNC:0001"


def test_load_needs_one_source() -> None:
    with pytest.raises(icigraph.UsageError):
        icigraph.load()
    with pytest.raises(icigraph.UsageError):
        icigraph.load(FIXTURES / "open", snapshot="x.icg")
    with pytest.raises(icigraph.UsageError):
        icigraph.load(kgx_nodes=FIXTURES / "kgx" / "nodes.tsv")


def test_missing_and_non_graph_folders(tmp_path: Path) -> None:
    with pytest.raises(icigraph.DataError) as e:
        icigraph.load(tmp_path / "nothing-here")
    assert "nothing-here" in str(e.value)
    with pytest.raises(icigraph.DataError, match="holds no graph"):
        icigraph.load(tmp_path)


def test_damaged_snapshot(tmp_path: Path) -> None:
    bad = tmp_path / "bad.icg"
    bad.write_bytes(b"not a snapshot at all" * 10)
    with pytest.raises(icigraph.DataError) as e:
        icigraph.load(snapshot=bad)
    assert e.value.file == str(bad)
    good = tmp_path / "good.icg"
    icigraph.open().build_snapshot(good)
    # The metadata at the end is checksummed: damage there is refused.
    data = bytearray(good.read_bytes())
    data[-16] ^= 0xFF
    bad.write_bytes(bytes(data))
    with pytest.raises(icigraph.DataError):
        icigraph.load(snapshot=bad)
    # Columns are bounds-checked, not checksummed: damage there is refused
    # or harmless, never a crash.
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    try:
        icigraph.load(snapshot=bad)
    except icigraph.DataError:
        pass
    bad.write_bytes(good.read_bytes()[:100])
    with pytest.raises(icigraph.DataError):
        icigraph.load(snapshot=bad)


BROKEN = FIXTURES / "broken"

# Each broken file alone (with the schema and the good nodes), the line the
# problem is reported at, and words of the message.
CASES = [
    ("nodes/01_unknown_category.csv", 2, 'unknown category "Gen"'),
    ("nodes/02_duplicate_id.csv", 3, "duplicate node id"),
    ("nodes/03_missing_column.csv", 1, 'missing required column "name"'),
    ("nodes/04_empty_cell.csv", 2, "empty value in a required column"),
    ("nodes/05_invalid_utf8.csv", 2, "invalid UTF-8"),
    ("nodes/06_empty.csv", None, "file is empty"),
    ("nodes/07_not_a_curie.csv", 2, "is not a CURIE"),
    ("edges/01_unknown_predicate.csv", 2, 'unknown predicate "overcome"'),
    ("edges/02_missing_endpoint.csv", 2, "names no node"),
    ("edges/03_unbalanced_quote.csv", 3, "a quoted cell runs on to line"),
    ("edges/04_wrong_field_count.csv", 2, "wrong number of fields"),
    ("edges/05_bad_refs.csv", 2, "is not a positive whole number"),
    ("edges/06_unknown_evidence.csv", 2, 'unknown evidence level "phase4"'),
    ("edges/07_empty_refs.csv", 2, "empty value in a required column"),
]


def one_broken(tmp_path: Path, file: str) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(BROKEN / "schema", folder / "schema")
    (folder / "nodes").mkdir()
    (folder / "edges").mkdir()
    shutil.copy(BROKEN / "nodes" / "00_good.csv", folder / "nodes")
    shutil.copy(BROKEN / file, folder / file)
    return folder


@pytest.mark.parametrize("file,line,words", CASES, ids=[c[0] for c in CASES])
def test_each_broken_file_is_a_data_error_at_its_line(tmp_path: Path, file: str, line, words: str) -> None:
    folder = one_broken(tmp_path, file)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    with pytest.raises(icigraph.DataError) as e:
        icigraph.load(folder)
    err = e.value
    mine = [p for p in err.problems if p["file"].endswith(file)]
    assert mine, err.problems
    assert mine[0]["line"] == line
    assert words in mine[0]["message"]
    where = f"{folder / file}:{line}" if line else f"{folder / file}:"
    assert where in str(err)
    assert err.file == err.problems[0]["file"] and err.line == err.problems[0]["line"]
    # Nothing the user owns is changed.
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_whole_broken_folder_reports_every_problem() -> None:
    with pytest.raises(icigraph.DataError) as e:
        icigraph.load(BROKEN)
    assert e.value.total == 14 == len(e.value.problems)
    assert "14 problems in total" in str(e.value)
    assert isinstance(e.value, icigraph.IcigraphError)
