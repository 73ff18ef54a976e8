//! The last result the shell showed, kept so `:export` and `:render` can
//! write or draw it without recomputing it.

use std::io::Write;

use petgraph::Direction;

use crate::cli::output::print_json;
use crate::cli::path::path_drawing;
use crate::detail::NodeDetail;
use crate::error::Error;
use crate::export::{Drawing, Emphasis, Frame, Style};
use crate::graph::{Graph, NodeIx};
use crate::neighborhood::Neighborhood;
use crate::path::PathResult;

/// One result, with the graph indices needed to draw it.
#[derive(Debug)]
pub enum LastResult {
    Node { ix: NodeIx, detail: NodeDetail },
    Neighborhood(Neighborhood),
    Paths(PathResult),
}

impl LastResult {
    /// What the result is, for messages: `the neighbourhood of β2M`.
    pub fn describe(&self) -> String {
        match self {
            LastResult::Node { detail, .. } => format!("node {}", detail.name),
            LastResult::Neighborhood(hood) => {
                format!("the neighbourhood of {}", hood.center.name)
            }
            LastResult::Paths(result) => {
                format!("the paths from {} to {}", result.from.name, result.to.name)
            }
        }
    }

    /// The result as the matching command prints it with `--format json`.
    pub fn write_json(&self, out: &mut dyn Write) -> Result<(), Error> {
        match self {
            LastResult::Node { detail, .. } => print_json(out, detail),
            LastResult::Neighborhood(hood) => print_json(out, hood),
            LastResult::Paths(result) => print_json(out, result),
        }
    }

    /// The result as a picture, drawn as the matching command draws it with
    /// `--format dot`.
    pub fn drawing(&self, graph: &Graph) -> Drawing {
        let style = Style::from_schema(graph.schema());
        match self {
            LastResult::Node { ix, detail } => node_drawing(graph, *ix, detail, &style),
            LastResult::Neighborhood(hood) => Drawing::neighborhood(graph, hood, &style),
            LastResult::Paths(result) => path_drawing(graph, result),
        }
    }
}

/// A node with all its edges: the node and its edges emphasised.
fn node_drawing(graph: &Graph, ix: NodeIx, detail: &NodeDetail, style: &Style) -> Drawing {
    let mut nodes = vec![ix];
    let mut edges = Vec::new();
    for dir in [Direction::Outgoing, Direction::Incoming] {
        for e in graph.edges(ix, dir) {
            edges.push(e);
            let other = graph.edge(e).other(ix);
            if !nodes.contains(&other) {
                nodes.push(other);
            }
        }
    }
    let emphasis = Emphasis {
        nodes: vec![ix],
        edges: edges.clone(),
    };
    let n = edges.len();
    let frame = Frame {
        name: "node".to_owned(),
        title: detail.name.clone(),
        caption: format!(
            "{} [{}]: {n} edge{}.",
            detail.name,
            detail.category,
            if n == 1 { "" } else { "s" }
        ),
        rankdir: "LR".to_owned(),
        clusters: Vec::new(),
    };
    Drawing::build(graph, &nodes, &edges, &emphasis, style, frame)
}
