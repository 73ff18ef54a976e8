//! The last result the shell showed, kept so `:export` and `:render` can
//! write or draw it without recomputing it.

use std::io::Write;

use petgraph::Direction;

use crate::cli::output::print_json;
use crate::detail::NodeDetail;
use crate::error::Error;
use crate::graph::{EdgeIx, Graph, NodeIx};
use crate::neighborhood::Neighborhood;

/// One result, with the graph indices needed to draw it.
#[derive(Debug)]
pub enum LastResult {
    Node { ix: NodeIx, detail: NodeDetail },
    Neighborhood { center: NodeIx, hood: Neighborhood },
}

impl LastResult {
    /// What the result is, for messages: `the neighbourhood of β2M`.
    pub fn describe(&self) -> String {
        match self {
            LastResult::Node { detail, .. } => format!("node {}", detail.name),
            LastResult::Neighborhood { hood, .. } => {
                format!("the neighbourhood of {}", hood.center.name)
            }
        }
    }

    /// The result as the matching command prints it with `--format json`.
    pub fn write_json(&self, out: &mut dyn Write) -> Result<(), Error> {
        match self {
            LastResult::Node { detail, .. } => print_json(out, detail),
            LastResult::Neighborhood { hood, .. } => print_json(out, hood),
        }
    }

    /// The nodes and edges the result shows, for drawing: a node with all its
    /// edges, a neighbourhood with the edges that reached each neighbour.
    pub fn subgraph(&self, graph: &Graph) -> (Vec<NodeIx>, Vec<EdgeIx>) {
        match self {
            LastResult::Node { ix, .. } => {
                let mut nodes = vec![*ix];
                let mut edges = Vec::new();
                for dir in [Direction::Outgoing, Direction::Incoming] {
                    for e in graph.edges(*ix, dir) {
                        edges.push(e);
                        nodes.push(graph.edge(e).other(*ix));
                    }
                }
                dedup(&mut nodes);
                dedup(&mut edges);
                (nodes, edges)
            }
            LastResult::Neighborhood { center, hood } => {
                let nodes = std::iter::once(*center)
                    .chain(hood.neighbors.iter().map(|n| n.index))
                    .collect();
                let edges = hood.neighbors.iter().map(|n| n.edge).collect();
                (nodes, edges)
            }
        }
    }
}

/// Sorts and removes repeats (a self-loop or parallel edges list a node twice).
fn dedup<T: Ord>(items: &mut Vec<T>) {
    items.sort();
    items.dedup();
}
