"""Every call of the API on the shipped review graph."""

from __future__ import annotations

import shutil

import pytest

import icigraph


def test_open_counts_match_stats(g: icigraph.Graph) -> None:
    s = g.stats()
    assert g.node_count == s["nodes"] > 400
    assert g.edge_count == s["edges"] > 1000
    assert sum(c["count"] for c in s["categories"]) == s["nodes"]
    assert sum(p["count"] for p in s["predicates"]) == s["edges"]
    assert len(g.stats(hubs=3)["hubs"]) == 3
    assert "436 nodes" not in repr(g) or "shipped" in repr(g)


@pytest.mark.parametrize("name", ["β2M", "B2M", "beta2-microglobulin", "Beta-2 microglobulin", "ici:b2m"])
def test_resolve_is_forgiving(g: icigraph.Graph, name: str) -> None:
    assert g.resolve(name) == {"id": "ici:b2m", "name": "β2M", "category": "Gene"}


def test_unknown_name_suggests(g: icigraph.Graph) -> None:
    with pytest.raises(icigraph.NameNotFound) as e:
        g.resolve("B2Q")
    assert e.value.name == "B2Q"
    assert {"id": "ici:b2m", "name": "β2M", "category": "Gene"} in e.value.suggestions
    assert "did you mean β2M" in str(e.value)
    assert isinstance(e.value, LookupError) and isinstance(e.value, icigraph.IcigraphError)


def test_empty_name(g: icigraph.Graph) -> None:
    with pytest.raises(icigraph.NameNotFound):
        g.node("")


def test_node_detail_carries_edges_and_refs(g: icigraph.Graph) -> None:
    n = g.node("B2M loss")
    assert n["id"] == "ici:b2m_loss" and n["category"] == "Mechanism"
    assert {"id", "name", "category", "synonyms", "properties", "edges"} <= set(n)
    overcome = [e for e in n["edges"] if e["neighbor"]["id"] == "ici:ciap_antagonism"]
    assert overcome and overcome[0]["refs"] == [105]
    assert all(e["direction"] in ("in", "out") for e in n["edges"])
    # The same number of edges as the graph holds at the node.
    result = g.query("MATCH (m {id: 'ici:b2m_loss'})-[r]-() RETURN count(r) AS n")
    assert len(n["edges"]) == list(result)[0]["n"]


def test_neighbors(g: icigraph.Graph) -> None:
    hood = g.neighbors("B2M loss", depth=1)
    assert hood["center"]["id"] == "ici:b2m_loss" and hood["depth"] == 1
    ids = {x["node"]["id"] for x in hood["neighbors"]}
    assert "ici:ciap_antagonism" in ids and "ici:b2m" in ids
    only = g.neighbors("B2M loss", depth=2, categories="Strategy")
    assert only["neighbors"] and all(x["node"]["category"] == "Strategy" for x in only["neighbors"])
    out = g.neighbors("B2M loss", directed=True)
    assert all(x["from"]["id"] == "ici:b2m_loss" for x in out["neighbors"])
    assert len(out["neighbors"]) < len(hood["neighbors"])
    assert "digraph" in hood.dot()
    with pytest.raises(icigraph.UsageError, match='did you mean "Strategy"'):
        g.neighbors("B2M loss", categories=["Strategi"])


def test_path_k_and_filters(g: icigraph.Graph) -> None:
    p = g.path("JAK1 loss", "anti-CTLA-4", k=2)
    assert p["from"]["id"] == "ici:jak1_loss" and p["to"]["id"] == "ici:anti_ctla4"
    assert len(p["paths"]) == 2
    for q in p["paths"]:
        assert q["hops"] == len(q["edges"]) == len(q["nodes"]) - 1
        assert q["nodes"][0]["id"] == "ici:jak1_loss" and q["nodes"][-1]["id"] == "ici:anti_ctla4"
        assert all(e["refs"] for e in q["edges"])
    assert p["paths"][0]["hops"] <= p["paths"][1]["hops"]
    assert p["paths"][0]["nodes"] != p["paths"][1]["nodes"]
    # The shortest path agrees with Cypher's shortestPath.
    r = g.query("MATCH p = shortestPath((a {id: 'ici:jak1_loss'})-[*..6]-(b {id: 'ici:anti_ctla4'})) RETURN length(p) AS n")
    assert r[0]["n"] == p["paths"][0]["hops"]
    avoided = g.path("JAK1 loss", "anti-CTLA-4", k=2, avoid="melanoma")
    assert all("ici:melanoma" not in [n["id"] for n in q["nodes"]] for q in avoided["paths"])
    with pytest.raises(icigraph.NotFound, match="no path"):
        g.path("JAK1 loss", "anti-CTLA-4", max_hops=1)
    with pytest.raises(icigraph.UsageError, match="k 0"):
        g.path("JAK1 loss", "anti-CTLA-4", k=0)
    with pytest.raises(icigraph.UsageError, match="both ends"):
        g.path("B2M", "β2M")


def test_directed_path_follows_edges(g: icigraph.Graph) -> None:
    p = g.path("cIAP1/2 antagonism", "B2M loss", directed=True)
    assert all(e["forward"] for q in p["paths"] for e in q["edges"])


def test_strategies_ranked(g: icigraph.Graph) -> None:
    s = g.strategies("B2M loss")
    assert s["mechanism"]["id"] == "ici:b2m_loss"
    first = s["strategies"][0]
    assert first["strategy"]["name"] == "cIAP1/2 antagonism"
    assert first["scope"] == "direct" and first["refs"] == [105]
    assert all(x["refs"] and x["knowledge_level"] for x in s["strategies"])
    inferred = [x for x in s["strategies"] if x["scope"] != "direct"]
    assert inferred and all(x["knowledge_level"] == "logical_entailment" for x in inferred)
    dropped = {x["strategy"]["name"]: x["rule"] for x in s["excluded"]}
    assert dropped.get("chloroquine") == "raises_what_is_lost"
    names = [x["strategy"]["name"] for x in s["strategies"]]
    assert "chloroquine" not in names
    direct = g.strategies("B2M loss", direct_only=True)
    assert [x["scope"] for x in direct["strategies"]] == ["direct"]
    with pytest.raises(icigraph.NameNotFound):
        g.strategies("no such mechanism at all")


def test_query_params_and_rows(g: icigraph.Graph) -> None:
    r = g.query(
        "MATCH (d:Drug)-[:targets]->(:ImmuneCheckpoint {name: $cp}) RETURN d.name AS drug ORDER BY drug LIMIT $n",
        cp="PD-1",
        n=3,
    )
    assert r.columns == ["drug"] and len(r) == 3
    assert list(r) == [{"drug": "cemiplimab"}, {"drug": "dostarlimab"}, {"drug": "nivolumab"}]
    assert r[0] == {"drug": "cemiplimab"} and r[-1] == {"drug": "nivolumab"}
    assert r.column("drug") == ["cemiplimab", "dostarlimab", "nivolumab"]
    assert "<td>cemiplimab</td>" in r._repr_html_() and "3 rows" in r._repr_html_()


def test_query_values_keep_types(g: icigraph.Graph) -> None:
    row = list(
        g.query("RETURN 1 AS i, 2.5 AS f, true AS b, null AS n, 'x' AS s, [1, 'a'] AS l, {k: 1} AS m, $p AS p", p=[1, {"a": None}])
    )[0]
    assert row == {"i": 1, "f": 2.5, "b": True, "n": None, "s": "x", "l": [1, "a"], "m": {"k": 1}, "p": [1, {"a": None}]}
    assert type(row["i"]) is int and type(row["b"]) is bool


def test_query_nodes_as_dicts_and_networkx(g: icigraph.Graph) -> None:
    r = g.query("MATCH (s)-[r:overcomes]->(m {id: 'ici:b2m_loss'}) RETURN m, r, s")
    assert len(r) >= 1
    row = r[0]
    assert row["m"]["id"] == "ici:b2m_loss" and "Mechanism" in row["m"]["labels"]
    assert {"type", "start", "end", "properties"} <= set(row["r"])
    nx = r.to_networkx()
    assert nx.number_of_edges() == len(r)
    assert "ici:b2m_loss" in nx.nodes and nx.nodes["ici:b2m_loss"]["category"] == "Mechanism"
    assert "digraph" in r.dot()
    with pytest.raises(icigraph.UsageError, match="RETURN them"):
        g.query("RETURN 1 AS x").to_networkx()


def test_query_paths_as_dicts(g: icigraph.Graph) -> None:
    r = g.query("MATCH p = shortestPath((a {id: 'ici:jak1_loss'})-[*..4]-(b {id: 'ici:anti_ctla4'})) RETURN p")
    p = r[0]["p"]
    assert p["nodes"][0]["id"] == "ici:jak1_loss" and p["nodes"][-1]["id"] == "ici:anti_ctla4"
    assert len(p["relationships"]) == len(p["nodes"]) - 1 == g.path("JAK1 loss", "anti-CTLA-4")["paths"][0]["hops"]


def test_to_pandas_and_arrow_types(g: icigraph.Graph) -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    r = g.query("MATCH (n) RETURN n.name AS name, size(n.name) AS len, toFloat(size(n.name)) / 2 AS half, n.name STARTS WITH 'a' AS a ORDER BY name")
    df = r.to_pandas()
    assert list(df.columns) == ["name", "len", "half", "a"] and len(df) == g.node_count
    assert str(df["len"].dtype) == "int64" and str(df["half"].dtype) == "float64" and str(df["a"].dtype) == "bool"
    assert df["name"].tolist() == r.column("name")
    assert (df["half"] * 2 == df["len"]).all()
    t = r.to_arrow()
    assert t.num_rows == g.node_count and t.column_names == ["name", "len", "half", "a"]
    assert t.schema.field("len").type == pa.int64()
    assert t.column("name").to_pylist() == r.column("name")
    # Nodes survive the conversion: as dicts in pandas, as structs or JSON in arrow.
    nodes = g.query("MATCH (n:Drug) RETURN n LIMIT 2")
    assert nodes.to_pandas()["n"][0]["labels"] == ["Drug"]
    assert nodes.to_arrow().num_rows == 2
    empty = g.query("MATCH (n:Drug) WHERE n.name = 'nothing' RETURN n.name AS x")
    assert len(empty.to_pandas()) == 0 and empty.to_arrow().num_rows == 0
    assert isinstance(df, pd.DataFrame)


def test_create_changes_only_memory(g: icigraph.Graph) -> None:
    fresh = icigraph.open()
    fresh.query("CREATE (:Gene {id: 'ici:new_gene', name: 'NEWG'})")
    assert fresh.resolve("NEWG")["id"] == "ici:new_gene"
    assert fresh.node_count == g.node_count + 1
    with pytest.raises(icigraph.NameNotFound):
        icigraph.open().resolve("NEWG")


def test_figures_and_networkx_views(g: icigraph.Graph) -> None:
    figs = {f.id: f for f in g.figures()}
    assert {"fig1", "fig2", "fig3", "fig4", "fig5", "table1", "table2"} <= set(figs)
    fig4 = g.figure("fig4")
    view = fig4.to_networkx()
    assert 0 < view.number_of_nodes() < g.node_count
    whole = g.to_networkx()
    assert whole.number_of_nodes() == g.node_count and whole.number_of_edges() == g.edge_count
    edge = next(iter(whole.edges(data=True)))
    assert "predicate" in edge[2] and "refs" in edge[2]
    assert fig4.dot().startswith("digraph")
    with pytest.raises(icigraph.UsageError, match="fig4"):
        g.figure("fig44")


def test_render(g: icigraph.Graph, tmp_path) -> None:
    out = g.render("fig4", tmp_path / "fig4.dot")
    assert out.read_text(encoding="utf-8").startswith("digraph")
    with pytest.raises(icigraph.RenderError, match=".svg"):
        g.render("fig4", tmp_path / "fig4.txt")
    p = g.path("B2M loss", "PD-1")
    if shutil.which("dot") is None:
        with pytest.raises(icigraph.RenderError, match="not installed"):
            g.render(p, tmp_path / "p.svg")
        assert p._repr_svg_() is None
        return
    svg = g.render(p, tmp_path / "p.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and ("PD-1" in svg or "PD&#45;1" in svg)
    assert (tmp_path / "p.png").exists() is False
    png = g.render(g.figure("fig2"), tmp_path / "fig2.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (p._repr_svg_() or "")
    assert "<svg" in (g.figure("fig1")._repr_svg_() or "")
    assert g.query("RETURN 1 AS x")._repr_svg_() is None


def test_render_without_graphviz(g: icigraph.Graph, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(icigraph.RenderError, match="not installed"):
        g.render("fig1", tmp_path / "f.svg")
    assert g.figure("fig1")._repr_svg_() is None
    assert g.render("fig1", tmp_path / "f.dot").exists()


def test_snapshot_round_trip(g: icigraph.Graph, tmp_path) -> None:
    path = g.build_snapshot(tmp_path / "graph.icg")
    back = icigraph.load(snapshot=path)
    assert (back.node_count, back.edge_count) == (g.node_count, g.edge_count)
    assert back.strategies("B2M loss") == g.strategies("B2M loss")
