//! The last result the shell showed, kept so `:export` and `:render` can
//! write or draw it without recomputing it.

use std::io::Write;

use petgraph::Direction;

use crate::cli::output::print_json;
use crate::cli::path::path_drawing;
use crate::error::Error;
use icigraph_engine::detail::NodeDetail;
use icigraph_engine::export::{Drawing, Emphasis, Style};
use icigraph_engine::graph::{EdgeIx, Graph, NodeIx};
use icigraph_engine::neighborhood::Neighborhood;
use icigraph_engine::path::PathResult;
use icigraph_engine::query::{Table, Value, output};
use icigraph_engine::schema::View;

/// One result, with the graph indices needed to draw it.
pub enum LastResult {
    Node { ix: NodeIx, detail: NodeDetail },
    Neighborhood(Neighborhood),
    Paths(PathResult),
    Query(Table),
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
            LastResult::Query(table) => {
                let n = table.rows.len();
                format!(
                    "the query result ({n} row{})",
                    if n == 1 { "" } else { "s" }
                )
            }
        }
    }

    /// The result as the matching command prints it with `--format json`.
    pub fn write_json(&self, graph: &Graph, out: &mut dyn Write) -> Result<(), Error> {
        match self {
            LastResult::Node { detail, .. } => print_json(out, detail),
            LastResult::Neighborhood(hood) => print_json(out, hood),
            LastResult::Paths(result) => print_json(out, result),
            LastResult::Query(table) => print_json(out, &output::table_json(graph, table)),
        }
    }

    /// The result as a picture, drawn as the matching command draws it with
    /// `--format dot`; a query draws the nodes, relationships and paths it
    /// returned.
    pub fn drawing(&self, graph: &Graph) -> Result<Drawing, Error> {
        let style = Style::from_schema(graph.schema());
        Ok(match self {
            LastResult::Node { ix, detail } => node_drawing(graph, *ix, detail, &style),
            LastResult::Neighborhood(hood) => Drawing::neighborhood(graph, hood, &style),
            LastResult::Paths(result) => path_drawing(graph, result),
            LastResult::Query(table) => query_drawing(graph, table, &style)?,
        })
    }
}

/// The graph elements a query returned, in first-seen order.
#[derive(Default)]
struct Returned {
    nodes: Vec<NodeIx>,
    edges: Vec<EdgeIx>,
}

impl Returned {
    fn node(&mut self, ix: NodeIx) {
        if !self.nodes.contains(&ix) {
            self.nodes.push(ix);
        }
    }

    fn edge(&mut self, graph: &Graph, ix: EdgeIx) {
        if !self.edges.contains(&ix) {
            self.edges.push(ix);
            let edge = graph.edge(ix);
            self.node(edge.subject());
            self.node(edge.object());
        }
    }

    fn collect(&mut self, graph: &Graph, value: &Value) {
        match value {
            Value::Node(id) => self.node(NodeIx::new(id.0 as usize)),
            Value::Rel(id) => self.edge(graph, EdgeIx::new(id.0 as usize)),
            Value::Path(path) => {
                for id in &path.nodes {
                    self.node(NodeIx::new(id.0 as usize));
                }
                for id in &path.rels {
                    self.edge(graph, EdgeIx::new(id.0 as usize));
                }
            }
            Value::List(items) => items.iter().for_each(|v| self.collect(graph, v)),
            Value::Map(entries) => entries.values().for_each(|v| self.collect(graph, v)),
            _ => {}
        }
    }
}

fn query_drawing(graph: &Graph, table: &Table, style: &Style) -> Result<Drawing, Error> {
    let mut returned = Returned::default();
    for value in table.rows.iter().flatten() {
        returned.collect(graph, value);
    }
    if returned.nodes.is_empty() {
        return Err(Error::Usage(
            "the last query returned no nodes, relationships or paths to draw: RETURN them (e.g. RETURN m, r, g) rather than their properties".into(),
        ));
    }
    let frame = View {
        id: "query".to_owned(),
        title: "Query result".to_owned(),
        caption: format!(
            "{} nodes, {} relationships.",
            returned.nodes.len(),
            returned.edges.len()
        ),
        rankdir: "LR".to_owned(),
        clusters: Vec::new(),
        ..View::default()
    };
    Ok(Drawing::build(
        graph,
        &returned.nodes,
        &returned.edges,
        &Emphasis::default(),
        style,
        frame,
    ))
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
    let frame = View {
        id: "node".to_owned(),
        title: detail.name.clone(),
        caption: format!(
            "{} [{}]: {n} edge{}.",
            detail.name,
            detail.category,
            if n == 1 { "" } else { "s" }
        ),
        rankdir: "LR".to_owned(),
        clusters: Vec::new(),
        ..View::default()
    };
    Drawing::build(graph, &nodes, &edges, &emphasis, style, frame)
}
