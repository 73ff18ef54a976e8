"""`icigraph export parquet` read by PySpark (local mode) and DuckDB: counts per
label and per relationship type, and the two-hop counts of 20 seeded nodes,
equal to icigraph's own answers, on the shipped graph and on a generated
100k-edge graph (two row groups of edges)."""

import json
import os
import random
import subprocess
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("ICIGRAPH_BIN", ROOT / "target" / "debug" / "icigraph"))
SEED = 20230613
SEEDED = 20


def icigraph(*args):
    run = subprocess.run(
        [str(BINARY), *map(str, args)], capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, f"icigraph {' '.join(map(str, args))}:\n{run.stderr}"
    return run.stdout


def rows(source, text):
    return json.loads(icigraph(*source, "query", "--format", "json", text))


class Graph:
    """A graph's Parquet export and icigraph's answers about it."""

    def __init__(self, source, out):
        self.source = source
        self.dir = out
        icigraph(*source, "export", "parquet", "-o", out)
        self.labels = {
            r["label"]: r["n"]
            for r in rows(source, "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n")
        }
        self.types = {
            r["type"]: r["n"]
            for r in rows(source, "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
        }
        ids = sorted(r["id"] for r in rows(source, "MATCH (n) RETURN n.id AS id"))
        self.seeded = random.Random(SEED).sample(ids, SEEDED)
        # Walks a-b-c over two distinct relationships, either direction.
        listed = json.dumps(self.seeded)
        found = rows(
            source,
            f"UNWIND {listed} AS id MATCH (a {{id: id}})-[r1]-(b)-[r2]-(c) "
            "RETURN id, count(*) AS n",
        )
        self.two_hop = {i: 0 for i in self.seeded}
        self.two_hop.update({r["id"]: r["n"] for r in found})
        loops = rows(source, "MATCH (a)-[r]->(a) RETURN count(*) AS n")[0]["n"]
        # A self-loop walks both ways in Cypher's undirected match; none here.
        assert loops == 0


@pytest.fixture(scope="module", params=["shipped", "generated"])
def graph(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(request.param)
    if request.param == "shipped":
        return Graph([], root / "parquet")
    data = root / "data"
    icigraph("generate", "--nodes", "20000", "--edges", "100000", "--seed", "7", "--out", data)
    return Graph(["--data", data], root / "parquet")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("icigraph-parquet")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def spark_answers(spark, graph):
    from pyspark.sql import functions as F

    nodes = spark.read.parquet(str(graph.dir / "nodes.parquet"))
    edges = spark.read.parquet(str(graph.dir / "edges.parquet"))
    labels = {
        r["ici:category"]: r["count"] for r in nodes.groupBy("`ici:category`").count().collect()
    }
    types = {
        r["ici:predicate"]: r["count"] for r in edges.groupBy("`ici:predicate`").count().collect()
    }
    # Each edge as two half-edges (both directions), keyed by the edge's row.
    keyed = edges.select("subject", "object").withColumn("e", F.monotonically_increasing_id()).cache()
    half = keyed.select(F.col("subject").alias("src"), F.col("object").alias("dst"), "e").unionByName(
        keyed.select(F.col("object").alias("src"), F.col("subject").alias("dst"), "e")
    )
    first = half.where(F.col("src").isin(graph.seeded)).alias("h1")
    second = half.alias("h2")
    walks = first.join(
        second, (F.col("h1.dst") == F.col("h2.src")) & (F.col("h1.e") != F.col("h2.e"))
    )
    two_hop = {i: 0 for i in graph.seeded}
    two_hop.update(
        {r["src"]: r["count"] for r in walks.groupBy(F.col("h1.src").alias("src")).count().collect()}
    )
    keyed.unpersist()
    return labels, types, two_hop, nodes.count(), edges.count()


def test_spark_reads_the_export_with_icigraphs_counts(spark, graph):
    labels, types, two_hop, n_nodes, n_edges = spark_answers(spark, graph)
    assert labels == graph.labels
    assert types == graph.types
    assert two_hop == graph.two_hop
    assert n_nodes == sum(graph.labels.values())
    assert n_edges == sum(graph.types.values())
    # The walks are not all trivially zero.
    assert sum(two_hop.values()) > 0


def test_spark_sees_typed_columns_and_provenance(spark, graph):
    from pyspark.sql.types import ArrayType, LongType, StringType

    def array_of(df, column, item):
        # Spark reads every Parquet column as nullable, lists' items too.
        dt = df.schema[column].dataType
        return isinstance(dt, ArrayType) and dt.elementType == item

    nodes = spark.read.parquet(str(graph.dir / "nodes.parquet"))
    edges = spark.read.parquet(str(graph.dir / "edges.parquet"))
    assert nodes.columns[:4] == ["id", "category", "name", "synonym"]
    assert nodes.columns[-1] == "ici:category"
    assert edges.columns[:5] == ["subject", "predicate", "object", "knowledge_level", "agent_type"]
    assert array_of(nodes, "synonym", StringType())
    assert all(c.startswith("biolink:") for c in [r[0] for r in edges.select("predicate").distinct().collect()])
    if not graph.source:
        # The shipped graph's edges carry the review's DOI and reference numbers.
        assert array_of(edges, "ici:refs", LongType())
        assert array_of(edges, "publications", StringType())
        dois = {d for r in edges.select("publications").collect() for d in r[0]}
        assert dois == {"doi:10.1186/s13578-023-01073-9"}
        levels = {r[0] for r in edges.select("knowledge_level").distinct().collect()}
        assert "not_provided" not in levels
        assert edges.where("size(`ici:refs`) = 0 OR `ici:refs` IS NULL").count() == 0


def test_duckdb_agrees(graph):
    con = duckdb.connect()
    nodes = str(graph.dir / "nodes.parquet")
    edges = str(graph.dir / "edges.parquet")
    labels = dict(con.execute(f"SELECT \"ici:category\", count(*) FROM '{nodes}' GROUP BY 1").fetchall())
    types = dict(con.execute(f"SELECT \"ici:predicate\", count(*) FROM '{edges}' GROUP BY 1").fetchall())
    assert labels == graph.labels
    assert types == graph.types
    seeded = ", ".join("'" + i.replace("'", "''") + "'" for i in graph.seeded)
    found = dict(
        con.execute(
            f"""
            WITH e AS (SELECT subject, object, row_number() OVER () AS e FROM '{edges}'),
            h AS (SELECT subject AS src, object AS dst, e FROM e
                  UNION ALL SELECT object, subject, e FROM e)
            SELECT h1.src, count(*) FROM h h1 JOIN h h2 ON h1.dst = h2.src AND h1.e <> h2.e
            WHERE h1.src IN ({seeded}) GROUP BY 1
            """
        ).fetchall()
    )
    assert {i: found.get(i, 0) for i in graph.seeded} == graph.two_hop
