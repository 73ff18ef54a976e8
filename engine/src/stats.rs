//! Whole-graph summary: counts per category and predicate, weakly connected
//! components and the best-connected nodes.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

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
    // Straight passes over the category and weight columns.
    let mut per_category = vec![0usize; schema.categories().len()];
    for &c in graph.node_categories() {
        if let Some(count) = per_category.get_mut(c as usize) {
            *count += 1;
        }
    }
    let per_predicate = graph.predicate_counts();
    let components = graph.components();
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
    // The `hubs` highest degrees (ties: lower index first), kept in a heap
    // of that size rather than sorting every node.
    let adjacency = graph.adjacency();
    let mut top: BinaryHeap<(Reverse<usize>, usize)> = BinaryHeap::with_capacity(hubs + 1);
    let degrees = adjacency.out.degrees().zip(adjacency.inc.degrees());
    for (i, (out, inc)) in degrees.enumerate() {
        let entry = (Reverse(out + inc), i);
        if top.len() >= hubs && top.peek().is_none_or(|worst| entry >= *worst) {
            continue;
        }
        top.push(entry);
        if top.len() > hubs {
            top.pop();
        }
    }
    let degrees: Vec<(usize, usize)> = top
        .into_sorted_vec()
        .into_iter()
        .map(|(Reverse(degree), ix)| (degree, ix))
        .collect();
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
        components: components.count,
        largest_component: components.largest,
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

    /// The hubs are the nodes of highest degree, ties by index, as sorting
    /// every node would list them.
    #[test]
    fn hubs_are_the_highest_degrees_in_order() {
        let n = 40;
        let edges: Vec<(usize, usize)> = (0..300).map(|i| ((i * i) % n, (i * 7 + 3) % n)).collect();
        let g = crate::graph::test_graph(n, &edges);
        let mut all: Vec<(usize, usize)> = g
            .node_indices()
            .map(|ix| {
                let a = g.adjacency();
                (
                    a.successors(ix).len() + a.predecessors(ix).len(),
                    ix.index(),
                )
            })
            .collect();
        all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for k in [0, 1, 5, 39, 40, 60] {
            let hubs: Vec<(usize, String)> = stats(&g, k)
                .hubs
                .into_iter()
                .map(|h| (h.degree, h.id))
                .collect();
            let expected: Vec<(usize, String)> = all
                .iter()
                .take(k)
                .map(|&(d, i)| (d, format!("n{i}")))
                .collect();
            assert_eq!(hubs, expected, "{k} hubs");
        }
    }
}
