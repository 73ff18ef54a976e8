"""Runs the benchmark workload for one peer library and prints JSON.

    python peers.py TOOL DATA_DIR PAIRS_CSV

TOOL is one of networkx, rustworkx, igraph, kuzu, ladybug. Each tool loads
DATA_DIR/nodes.csv (id,name,category) and DATA_DIR/edges.csv
(subject,predicate,object) keeping every edge and its predicate, then answers
one shortest directed path per pair and counts the distinct nodes within two
directed hops of each pair's source (source excluded). Times are measured in
process with time.perf_counter, as icigraph's bench-queries does; peak memory
is measured by the caller (/usr/bin/time -v) for the whole process.
"""

import csv
import json
import os
import shutil
import sys
import tempfile
import time


def read_csv(path):
    with open(path, newline="") as f:
        rows = csv.reader(f)
        next(rows)
        return list(rows)


def read_pairs(path):
    return [(s, t) for s, t in read_csv(path)]


def run_networkx(data, pairs):
    import networkx as nx

    t0 = time.perf_counter()
    g = nx.MultiDiGraph()
    g.add_nodes_from((i, {"name": n, "category": c}) for i, n, c in read_csv(f"{data}/nodes.csv"))
    g.add_edges_from((s, o, {"predicate": p}) for s, p, o in read_csv(f"{data}/edges.csv"))
    load = time.perf_counter() - t0

    t0 = time.perf_counter()
    lengths = []
    for s, t in pairs:
        try:
            lengths.append(nx.shortest_path_length(g, s, t))
        except nx.NetworkXNoPath:
            lengths.append(None)
    paths = time.perf_counter() - t0

    t0 = time.perf_counter()
    counts = [len(nx.single_source_shortest_path_length(g, s, cutoff=2)) - 1 for s, _ in pairs]
    two_hop = time.perf_counter() - t0
    return g.number_of_nodes(), g.number_of_edges(), load, paths, two_hop, lengths, counts


def bfs_length(rx, g, source, target):
    """Hops from source to target by rustworkx's breadth-first search, stopped at
    the target: on the large graph 12.1 s for the 100 pairs, against 26.5 s for
    `digraph_dijkstra_shortest_paths` with a target, 52.3 s for
    `digraph_dijkstra_shortest_path_lengths` with a goal and 70.0 s for
    `digraph_bfs_layers` (same lengths from all four)."""
    from rustworkx.visit import BFSVisitor, StopSearch

    if source == target:
        return 0

    class Visitor(BFSVisitor):
        def __init__(self):
            self.depth = {source: 0}

        def tree_edge(self, edge):
            u, v, _ = edge
            self.depth[v] = self.depth[u] + 1
            if v == target:
                raise StopSearch

    visitor = Visitor()
    rx.digraph_bfs_search(g, [source], visitor)
    return visitor.depth.get(target)


def run_rustworkx(data, pairs):
    import rustworkx as rx

    t0 = time.perf_counter()
    nodes = read_csv(f"{data}/nodes.csv")
    g = rx.PyDiGraph(multigraph=True)
    indices = g.add_nodes_from([{"id": i, "name": n, "category": c} for i, n, c in nodes])
    index = {row[0]: ix for row, ix in zip(nodes, indices)}
    g.add_edges_from([(index[s], index[o], p) for s, p, o in read_csv(f"{data}/edges.csv")])
    load = time.perf_counter() - t0

    t0 = time.perf_counter()
    lengths = []
    for s, t in pairs:
        lengths.append(bfs_length(rx, g, index[s], index[t]))
    paths = time.perf_counter() - t0

    t0 = time.perf_counter()
    counts = []
    for s, _ in pairs:
        v = index[s]
        first = set(g.successor_indices(v))
        seen = set(first)
        for u in first:
            seen.update(g.successor_indices(u))
        seen.discard(v)
        counts.append(len(seen))
    two_hop = time.perf_counter() - t0
    return g.num_nodes(), g.num_edges(), load, paths, two_hop, lengths, counts


def run_igraph(data, pairs):
    import igraph as ig

    t0 = time.perf_counter()
    nodes = read_csv(f"{data}/nodes.csv")
    index = {row[0]: i for i, row in enumerate(nodes)}
    edges = read_csv(f"{data}/edges.csv")
    g = ig.Graph(
        n=len(nodes),
        edges=[(index[s], index[o]) for s, _, o in edges],
        directed=True,
        vertex_attrs={
            "id": [r[0] for r in nodes],
            "name": [r[1] for r in nodes],
            "category": [r[2] for r in nodes],
        },
        edge_attrs={"predicate": [p for _, p, _ in edges]},
    )
    del edges
    load = time.perf_counter() - t0

    t0 = time.perf_counter()
    lengths = []
    for s, t in pairs:
        path = g.get_shortest_path(index[s], index[t], mode="out")
        lengths.append(len(path) - 1 if path else None)
    paths = time.perf_counter() - t0

    t0 = time.perf_counter()
    counts = [len(g.neighborhood(index[s], order=2, mode="out", mindist=1)) for s, _ in pairs]
    two_hop = time.perf_counter() - t0
    return g.vcount(), g.ecount(), load, paths, two_hop, lengths, counts


def run_cypher_db(module, data, pairs):
    db_dir = tempfile.mkdtemp(prefix=f"{module.__name__}-", dir=os.path.dirname(os.path.abspath(data)))
    try:
        t0 = time.perf_counter()
        db = module.Database(os.path.join(db_dir, "db"))
        conn = module.Connection(db)
        conn.execute("CREATE NODE TABLE Node(id STRING, name STRING, category STRING, PRIMARY KEY (id))")
        conn.execute("CREATE REL TABLE Rel(FROM Node TO Node, predicate STRING)")
        nodes = os.path.abspath(f"{data}/nodes.csv")
        edges = os.path.abspath(f"{data}/edges.csv")
        conn.execute(f"COPY Node FROM '{nodes}' (header=true)")
        conn.execute(
            f"COPY Rel FROM (LOAD FROM '{edges}' (header=true) RETURN subject, object, predicate)"
        )
        load = time.perf_counter() - t0

        count = lambda q: conn.execute(q).get_next()[0]
        n, m = count("MATCH (n:Node) RETURN count(*)"), count("MATCH ()-[r:Rel]->() RETURN count(*)")

        t0 = time.perf_counter()
        sp = "MATCH (a:Node)-[r:Rel* SHORTEST 1..30]->(b:Node) WHERE a.id = $s AND b.id = $t RETURN length(r)"
        lengths = []
        for s, t in pairs:
            res = conn.execute(sp, {"s": s, "t": t})
            lengths.append(res.get_next()[0] if res.has_next() else None)
        paths = time.perf_counter() - t0

        t0 = time.perf_counter()
        hop = "MATCH (a:Node)-[:Rel*1..2]->(b:Node) WHERE a.id = $s AND b.id <> $s RETURN count(DISTINCT b)"
        counts = [conn.execute(hop, {"s": s}).get_next()[0] for s, _ in pairs]
        two_hop = time.perf_counter() - t0
        conn.close()
        db.close()
        return n, m, load, paths, two_hop, lengths, counts
    finally:
        shutil.rmtree(db_dir, ignore_errors=True)


def main():
    tool, data, pairs_path = sys.argv[1:4]
    pairs = read_pairs(pairs_path)
    if tool == "networkx":
        result = run_networkx(data, pairs)
    elif tool == "rustworkx":
        result = run_rustworkx(data, pairs)
    elif tool == "igraph":
        result = run_igraph(data, pairs)
    elif tool in ("kuzu", "ladybug"):
        result = run_cypher_db(__import__(tool), data, pairs)
    else:
        sys.exit(f"unknown tool {tool}")
    n, m, load, paths, two_hop, lengths, counts = result
    json.dump(
        {
            "tool": tool,
            "nodes": n,
            "edges": m,
            "load_seconds": load,
            "paths_seconds": paths,
            "two_hop_seconds": two_hop,
            "path_lengths": lengths,
            "two_hop_counts": counts,
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
