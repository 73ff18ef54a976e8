"""GraphML: networkx and python-igraph read the export; counts, categories
and the shortest-path lengths of seeded pairs equal icigraph's."""

from collections import Counter

import igraph
import networkx as nx


def test_networkx_reads_the_graphml(graph):
    g = nx.read_graphml(graph.export("graphml"))
    assert g.number_of_nodes() == graph.stats["nodes"]
    assert g.number_of_edges() == graph.stats["edges"]
    assert Counter(d["category"] for _, d in g.nodes(data=True)) == graph.category_counts()
    assert Counter(d["predicate"] for _, _, d in g.edges(data=True)) == graph.predicate_counts()
    undirected = g.to_undirected(as_view=True)
    for (a, b), hops in graph.hops.items():
        try:
            assert nx.shortest_path_length(undirected, a, b) == hops, (a, b)
        except nx.NetworkXNoPath:
            assert hops is None, (a, b)


def test_igraph_reads_the_graphml(graph):
    g = igraph.Graph.Read_GraphML(str(graph.export("graphml")))
    assert g.vcount() == graph.stats["nodes"]
    assert g.ecount() == graph.stats["edges"]
    assert Counter(g.vs["category"]) == graph.category_counts()
    index = {name: i for i, name in enumerate(g.vs["id"])}
    sources = sorted({a for a, _ in graph.hops})
    for a in sources:
        targets = [b for (x, b) in graph.hops if x == a]
        lengths = g.distances(source=index[a], target=[index[b] for b in targets], mode="all")[0]
        for b, length in zip(targets, lengths):
            expected = graph.hops[(a, b)]
            assert (None if length == float("inf") else length) == expected, (a, b)


def test_typed_keys(shipped):
    text = shipped.export("graphml").read_text()
    assert '<key id="n0" for="node" attr.name="name" attr.type="string"/>' in text
    g = nx.read_graphml(shipped.export("graphml"))
    _, _, data = next(iter(g.edges(data=True)))
    assert all(ref.isdigit() for ref in data["refs"].split("|"))
