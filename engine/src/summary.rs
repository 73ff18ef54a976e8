//! A node as every output names it: `{id, name, category}`. It sits below
//! the views (detail, provenance, paths) so that each can name nodes without
//! importing another view.

use serde::Serialize;

use crate::graph::{Graph, NodeIx};

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
