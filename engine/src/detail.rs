//! Everything known about one node: its properties and every edge in and out,
//! each read from the node's side.

use petgraph::Direction;
use serde::Serialize;

use crate::graph::{Graph, NodeIx};
use crate::provenance::EdgeClaim;
use crate::summary::NodeSummary;

/// One edge seen from a node.
#[derive(Clone, Debug, Serialize)]
pub struct EdgeView {
    /// `out` when the node is the subject, `in` when it is the object.
    pub direction: &'static str,
    pub neighbor: NodeSummary,
    /// The edge read from this node: forward for `out`, inverse for `in`.
    #[serde(flatten)]
    pub claim: EdgeClaim,
}

#[derive(Clone, Debug, Serialize)]
pub struct NodeDetail {
    pub id: String,
    pub name: String,
    pub category: String,
    pub synonyms: Vec<String>,
    pub properties: serde_json::Map<String, serde_json::Value>,
    pub edges: Vec<EdgeView>,
}

pub fn node_detail(graph: &Graph, ix: NodeIx) -> NodeDetail {
    let node = graph.node(ix);
    let properties = node
        .props()
        .map(|(k, v)| (k.to_owned(), graph.value_json(v)))
        .collect();
    let mut edges = Vec::new();
    for (dir, forward) in [(Direction::Outgoing, true), (Direction::Incoming, false)] {
        for e in graph.edges(ix, dir) {
            edges.push(EdgeView {
                direction: if forward { "out" } else { "in" },
                neighbor: NodeSummary::of(graph, graph.edge(e).other(ix)),
                claim: EdgeClaim::of(graph, e, forward),
            });
        }
    }
    edges.sort_by(|a, b| {
        (a.direction, &a.claim.reading, &a.neighbor.name).cmp(&(
            b.direction,
            &b.claim.reading,
            &b.neighbor.name,
        ))
    });
    NodeDetail {
        id: node.id().to_owned(),
        name: node.name().to_owned(),
        category: node.category().name.clone(),
        synonyms: node.synonyms().map(str::to_owned).collect(),
        properties,
        edges,
    }
}
