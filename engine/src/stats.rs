//! Whole-graph summary: counts per category and predicate, weakly connected
//! components and the best-connected nodes.

use petgraph::algo::tarjan_scc;
use petgraph::visit::UndirectedAdaptor;
use serde::Serialize;

use crate::graph::Graph;

#[derive(Debug, Serialize)]
pub struct Count {
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct Hub {
    pub id: String,
    pub name: String,
    pub category: String,
    pub degree: usize,
}

#[derive(Debug, Serialize)]
pub struct Stats {
    pub nodes: usize,
    pub edges: usize,
    pub categories: Vec<Count>,
    pub predicates: Vec<Count>,
    /// Weakly connected components (edge direction ignored).
    pub components: usize,
    pub largest_component: usize,
    pub hubs: Vec<Hub>,
}

/// Summarises a graph, listing the `hubs` nodes of highest degree.
pub fn stats(graph: &Graph, hubs: usize) -> Stats {
    let schema = graph.schema();
    let mut per_category = vec![0usize; schema.categories().len()];
    for ix in graph.node_indices() {
        per_category[graph.node(ix).category_id().0 as usize] += 1;
    }
    let mut per_predicate = vec![0usize; schema.predicates().len()];
    for e in graph.edge_indices() {
        per_predicate[graph.edge(e).predicate_id().0 as usize] += 1;
    }
    // Weak components are the strong components of the undirected view.
    let sizes: Vec<usize> = tarjan_scc(UndirectedAdaptor(graph))
        .iter()
        .map(Vec::len)
        .collect();
    let counts = |names: Vec<&str>, counts: Vec<usize>| {
        let mut out: Vec<Count> = names
            .into_iter()
            .zip(counts)
            .map(|(name, count)| Count {
                name: name.to_owned(),
                count,
            })
            .collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        out
    };
    let mut degrees: Vec<(usize, usize)> = graph
        .node_indices()
        .map(|ix| {
            let adjacency = graph.adjacency();
            let degree = adjacency.successors(ix).len() + adjacency.predecessors(ix).len();
            (degree, ix.index())
        })
        .collect();
    degrees.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Stats {
        nodes: graph.node_count(),
        edges: graph.edge_count(),
        categories: counts(
            schema
                .categories()
                .iter()
                .map(|c| c.name.as_str())
                .collect(),
            per_category,
        ),
        predicates: counts(
            schema
                .predicates()
                .iter()
                .map(|p| p.name.as_str())
                .collect(),
            per_predicate,
        ),
        components: sizes.iter().filter(|&&s| s > 0).count(),
        largest_component: sizes.iter().copied().max().unwrap_or(0),
        hubs: degrees
            .into_iter()
            .take(hubs)
            .map(|(degree, ix)| {
                let node = graph.node(petgraph::graph::NodeIndex::new(ix));
                Hub {
                    id: node.id().to_owned(),
                    name: node.name().to_owned(),
                    category: node.category().name.clone(),
                    degree,
                }
            })
            .collect(),
    }
}
