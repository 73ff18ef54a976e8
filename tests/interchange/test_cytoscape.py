"""Cytoscape: ndex2's CX2 reader accepts the CX2 file with its style;
networkx reads the cytoscape.js JSON."""

import json

import networkx as nx
from ndex2.cx2 import RawCX2NetworkFactory


def test_ndex2_reads_the_cx2_with_its_style(shipped):
    raw = json.loads(shipped.export("cx2", "--figure", "fig2", tag="fig2").read_text())
    net = RawCX2NetworkFactory().get_cx2network(raw)
    style = net.get_visual_properties()
    assert style["nodeMapping"]["NODE_SHAPE"]["definition"]["attribute"] == "category"
    assert style["edgeMapping"]["EDGE_TARGET_ARROW_SHAPE"]["type"] == "DISCRETE"
    members = json.loads(__import__("conftest").icigraph("figures", "--format", "json"))
    fig2 = next(v for v in members if v["id"] == "fig2")
    assert len(net.get_nodes()) >= fig2["nodes"]
    assert len(net.get_edges()) == fig2["edges"]


def test_ndex2_reads_the_whole_graph(shipped):
    raw = json.loads(shipped.export("cx2").read_text())
    net = RawCX2NetworkFactory().get_cx2network(raw)
    assert len(net.get_nodes()) == shipped.stats["nodes"]
    assert len(net.get_edges()) == shipped.stats["edges"]
    refs = next(iter(net.get_edges().values()))["v"]["refs"]
    assert isinstance(refs, list) and all(isinstance(r, int) for r in refs)


def test_cytoscape_js_json_carries_the_style(shipped):
    data = json.loads(shipped.export("cytoscape").read_text())
    g = nx.cytoscape_graph(data)
    assert g.number_of_nodes() == shipped.stats["nodes"]
    assert g.number_of_edges() == shipped.stats["edges"]
    selectors = {s["selector"]: s["style"] for s in data["style"]}
    assert selectors['node[category = "Mechanism"]']["shape"] == "hexagon"
    assert selectors['edge[polarity = "inhibiting"]']["target-arrow-shape"] == "tee"
