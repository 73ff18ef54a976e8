//! Which part of a graph an export writes: the whole graph, a figure view, a
//! neighbourhood, a path result or the nodes and relationships a query
//! returned. Every format takes a [`Subset`], so each subset kind works for
//! every format.

use crate::graph::{EdgeIx, Graph, NodeIx};
use crate::neighborhood::Neighborhood;
use crate::query::{Table, Value};

/// Nodes and edges to write, nodes in graph order, edges in graph order; every
/// edge's end points are among the nodes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subset {
    pub nodes: Vec<NodeIx>,
    pub edges: Vec<EdgeIx>,
}

impl Subset {
    /// Everything.
    pub fn whole(graph: &Graph) -> Subset {
        Subset {
            nodes: graph.node_indices().collect(),
            edges: graph.edge_indices().collect(),
        }
    }

    /// Given nodes and edges, with the end points of the edges added.
    pub fn of(graph: &Graph, nodes: &[NodeIx], edges: &[EdgeIx]) -> Subset {
        let mut keep = vec![false; graph.node_count()];
        for &n in nodes {
            keep[n.index()] = true;
        }
        let mut edge_keep = vec![false; graph.edge_count()];
        for &e in edges {
            edge_keep[e.index()] = true;
            let edge = graph.edge(e);
            keep[edge.subject().index()] = true;
            keep[edge.object().index()] = true;
        }
        Subset {
            nodes: graph.node_indices().filter(|n| keep[n.index()]).collect(),
            edges: graph
                .edge_indices()
                .filter(|e| edge_keep[e.index()])
                .collect(),
        }
    }

    /// The given nodes and every edge between two of them.
    pub fn induced(graph: &Graph, nodes: &[NodeIx]) -> Subset {
        let mut keep = vec![false; graph.node_count()];
        for &n in nodes {
            keep[n.index()] = true;
        }
        let edges: Vec<EdgeIx> = graph
            .edge_indices()
            .filter(|&e| {
                let edge = graph.edge(e);
                keep[edge.subject().index()] && keep[edge.object().index()]
            })
            .collect();
        Subset::of(graph, nodes, &edges)
    }

    /// The members of a figure view (`figures` cells naming it).
    pub fn figure(graph: &Graph, view: &str) -> Subset {
        let (nodes, edges) = super::drawing::members(graph, view);
        Subset::of(graph, &nodes, &edges)
    }

    /// A neighbourhood: its centre, the nodes reached and every edge among them.
    pub fn neighborhood(graph: &Graph, hood: &Neighborhood) -> Subset {
        let mut nodes: Vec<NodeIx> = hood.neighbors.iter().map(|n| n.index).collect();
        if let Some(center) = graph.find_id(&hood.center.id) {
            nodes.push(center);
        }
        Subset::induced(graph, &nodes)
    }

    /// Every node, relationship and path anywhere in a query result (inside
    /// lists and maps too), with the end points of the relationships.
    pub fn query(graph: &Graph, table: &Table) -> Subset {
        let mut nodes = Vec::new();
        let mut edges = Vec::new();
        for row in &table.rows {
            for value in row {
                collect(value, &mut nodes, &mut edges);
            }
        }
        nodes.retain(|n: &NodeIx| n.index() < graph.node_count());
        edges.retain(|e: &EdgeIx| e.index() < graph.edge_count());
        Subset::of(graph, &nodes, &edges)
    }
}

fn collect(value: &Value, nodes: &mut Vec<NodeIx>, edges: &mut Vec<EdgeIx>) {
    match value {
        Value::Node(n) => nodes.push(NodeIx::new(n.0 as usize)),
        Value::Rel(r) => edges.push(EdgeIx::new(r.0 as usize)),
        Value::Path(p) => {
            nodes.extend(p.nodes.iter().map(|n| NodeIx::new(n.0 as usize)));
            edges.extend(p.rels.iter().map(|r| EdgeIx::new(r.0 as usize)));
        }
        Value::List(items) => items.iter().for_each(|v| collect(v, nodes, edges)),
        Value::Map(map) => map.values().for_each(|v| collect(v, nodes, edges)),
        _ => {}
    }
}
