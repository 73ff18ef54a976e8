//! Everything known about one node: its properties and every edge in and out,
//! each read from the node's side.

use petgraph::Direction;
use serde::Serialize;

use crate::graph::{Graph, NodeIx, keys};
use crate::provenance::{Caveats, Provenance};

/// A node as `{id, name, category}`, the shape every output uses.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct NodeSummary {
    pub id: String,
    pub name: String,
    pub category: String,
}

impl NodeSummary {
    pub fn of(graph: &Graph, ix: NodeIx) -> NodeSummary {
        let node = graph.node(ix);
        NodeSummary {
            id: node.id().to_owned(),
            name: node.name().to_owned(),
            category: node.category().name.clone(),
        }
    }
}

/// One edge seen from a node.
#[derive(Clone, Debug, Serialize)]
pub struct EdgeView {
    /// `out` when the node is the subject, `in` when it is the object.
    pub direction: &'static str,
    pub predicate: String,
    /// The edge read from this node: forward for `out`, inverse for `in`.
    pub reading: String,
    pub neighbor: NodeSummary,
    pub refs: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(flatten)]
    pub provenance: Provenance,
    #[serde(flatten)]
    pub caveats: Caveats,
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
            let edge = graph.edge(e);
            edges.push(EdgeView {
                direction: if forward { "out" } else { "in" },
                predicate: edge.predicate().name.clone(),
                reading: edge.reading(forward),
                neighbor: NodeSummary::of(graph, edge.other(ix)),
                refs: edge.refs(),
                evidence: edge.prop_text(keys::EVIDENCE),
                provenance: Provenance::of(&edge),
                caveats: Caveats::of(graph, &edge),
            });
        }
    }
    edges.sort_by(|a, b| {
        (a.direction, &a.reading, &a.neighbor.name).cmp(&(
            b.direction,
            &b.reading,
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
