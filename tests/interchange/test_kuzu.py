"""Kùzu loads the Kùzu export, and reads the Neo4j admin-import CSVs with its
CSV reader: counts per label and type and shortest-path lengths equal
icigraph's."""

import csv
from collections import Counter

import kuzu


def connect(path):
    return kuzu.Connection(kuzu.Database(str(path)))


def run_script(conn, path, cwd):
    for statement in path.read_text().split(";\n"):
        if statement.strip():
            conn.execute(statement.replace("FROM '", f"FROM '{cwd}/", 1))


def rows(result):
    out = []
    while result.has_next():
        out.append(result.get_next())
    return out


def test_kuzu_loads_the_kuzu_export(graph):
    folder = graph.export("kuzu")
    conn = connect(graph.dir / "kuzu-db")
    run_script(conn, folder / "schema.cypher", folder)
    run_script(conn, folder / "copy.cypher", folder)
    labels = dict(rows(conn.execute("MATCH (n) RETURN label(n), count(*)")))
    assert labels == graph.category_counts()
    types = dict(rows(conn.execute("MATCH ()-[r]->() RETURN label(r), count(*)")))
    assert types == graph.predicate_counts()
    for a, targets in graph.targets().items():
        found = dict(rows(conn.execute(
            f"MATCH p = (x:`{graph.label[a]}` {{id: $a}})-[* SHORTEST 1..30]-(y) "
            "WHERE y.id IN $targets RETURN y.id, length(p)",
            {"a": a, "targets": targets},
        )))
        assert {b: found.get(b) for b in targets} == {b: graph.hops[(a, b)] for b in targets}


def test_kuzu_reads_the_neo4j_csvs(graph):
    folder = graph.export("neo4j")
    conn = connect(graph.dir / "neo4j-db")
    nodes, rels = folder / "nodes.csv", folder / "relationships.csv"
    labels = dict(rows(conn.execute(f"LOAD FROM '{nodes}' (header=true) RETURN `:LABEL`, count(*)")))
    assert labels == graph.category_counts()
    types = dict(rows(conn.execute(f"LOAD FROM '{rels}' (header=true) RETURN `:TYPE`, count(*)")))
    assert types == graph.predicate_counts()
    with open(nodes, newline="") as f:
        node_header = next(csv.reader(f))
    with open(rels, newline="") as f:
        rel_header = next(csv.reader(f))
    columns = lambda header: ", ".join(f"c{i} STRING" for i in range(len(header)))
    conn.execute(f"CREATE NODE TABLE N({columns(node_header)}, PRIMARY KEY (c0))")
    conn.execute(f"CREATE REL TABLE R(FROM N TO N, {columns(rel_header[2:])})")
    conn.execute(f"COPY N FROM '{nodes}' (header=true, parallel=false)")
    conn.execute(f"COPY R FROM '{rels}' (header=true, parallel=false)")
    assert rows(conn.execute("MATCH (n:N) RETURN count(*)"))[0][0] == graph.stats["nodes"]
    assert rows(conn.execute("MATCH ()-[r:R]->() RETURN count(*)"))[0][0] == graph.stats["edges"]
    for a, targets in graph.targets().items():
        found = dict(rows(conn.execute(
            "MATCH p = (x:N {c0: $a})-[:R* SHORTEST 1..30]-(y:N) "
            "WHERE y.c0 IN $targets RETURN y.c0, length(p)",
            {"a": a, "targets": targets},
        )))
        assert {b: found.get(b) for b in targets} == {b: graph.hops[(a, b)] for b in targets}


def test_neo4j_headers_are_typed(shipped):
    folder = shipped.export("neo4j")
    with open(folder / "relationships.csv", newline="") as f:
        header = next(csv.reader(f))
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert "refs:int[]" in header
    with open(folder / "nodes.csv", newline="") as f:
        assert next(csv.reader(f))[:2] == ["id:ID", ":LABEL"]
    script = (folder / "import.sh").read_text()
    assert "neo4j-admin database import full" in script
