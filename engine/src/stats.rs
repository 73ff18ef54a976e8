//! Whole-graph summary: counts per category and predicate, weakly connected
//! components and the best-connected nodes.

use petgraph::unionfind::UnionFind;
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

/// The size of every weakly connected component, by its root. Union-find
/// over the edge list: no recursion (petgraph's `tarjan_scc` recurses once
/// per node of a depth-first path, which overflows the stack on a graph of
/// millions of nodes) and two `u32`s per node.
fn component_sizes(graph: &Graph) -> Vec<usize> {
    let n = graph.node_count();
    let mut sets = UnionFind::<u32>::new(n);
    let (subjects, objects, _) = graph.raw_edges();
    for (&s, &o) in subjects.iter().zip(objects) {
        sets.union(s, o);
    }
    let mut sizes = vec![0usize; n];
    for v in 0..n as u32 {
        sizes[sets.find_mut(v) as usize] += 1;
    }
    sizes
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
    let sizes = component_sizes(graph);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A path of 300,000 nodes plus a separate pair: a recursive
    /// depth-first search would need one frame per node and overflow the
    /// test thread's stack.
    #[test]
    fn components_of_a_long_chain_do_not_recurse() {
        let n = 300_000;
        let mut edges: Vec<(usize, usize)> = (1..n - 2).map(|i| (i - 1, i)).collect();
        edges.push((n - 1, n - 2));
        let g = crate::graph::test_graph(n, &edges);
        let s = stats(&g, 3);
        assert_eq!(s.components, 2);
        assert_eq!(s.largest_component, n - 2);
    }
}
