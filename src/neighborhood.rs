//! Breadth-first neighbourhoods: the nodes within N steps of a node, each with
//! the edge that first reached it, read in the direction it was walked.

use std::collections::VecDeque;

use petgraph::Direction;
use serde::Serialize;

use crate::detail::NodeSummary;
use crate::graph::{EdgeIx, Graph, NodeIx};
use crate::schema::{CategoryId, PredicateId};

/// Which edges to walk and which nodes to list.
#[derive(Clone, Debug, Default)]
pub struct NeighborFilter {
    /// Only walk edges of these predicates (all when empty).
    pub predicates: Vec<PredicateId>,
    /// Only list nodes of these categories (all when empty); others are still walked through.
    pub categories: Vec<CategoryId>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Neighbor {
    pub depth: usize,
    pub node: NodeSummary,
    /// The node this one was reached from.
    pub from: NodeSummary,
    pub predicate: String,
    pub reading: String,
    pub refs: Vec<i64>,
    #[serde(skip)]
    pub edge: EdgeIx,
    #[serde(skip)]
    pub index: NodeIx,
}

#[derive(Clone, Debug, Serialize)]
pub struct Neighborhood {
    pub center: NodeSummary,
    pub depth: usize,
    pub neighbors: Vec<Neighbor>,
}

/// Nodes within `depth` steps of `start`, walking edges both ways, in
/// breadth-first order with ties broken by name for stable output.
pub fn neighborhood(
    graph: &Graph,
    start: NodeIx,
    depth: usize,
    filter: &NeighborFilter,
) -> Neighborhood {
    let mut seen = vec![false; graph.node_count()];
    seen[start.index()] = true;
    let mut queue = VecDeque::from([(start, 0usize)]);
    let mut neighbors = Vec::new();
    while let Some((at, d)) = queue.pop_front() {
        if d >= depth {
            continue;
        }
        let mut found = Vec::new();
        for (dir, forward) in [(Direction::Outgoing, true), (Direction::Incoming, false)] {
            for e in graph.edges(at, dir) {
                let edge = graph.edge(e);
                if !filter.predicates.is_empty()
                    && !filter.predicates.contains(&edge.predicate_id())
                {
                    continue;
                }
                let next = edge.other(at);
                if seen[next.index()] {
                    continue;
                }
                seen[next.index()] = true;
                found.push((next, e, forward));
            }
        }
        found.sort_by(|a, b| graph.node(a.0).name().cmp(graph.node(b.0).name()));
        for (next, e, forward) in found {
            queue.push_back((next, d + 1));
            let category = graph.node(next).category_id();
            if !filter.categories.is_empty() && !filter.categories.contains(&category) {
                continue;
            }
            let edge = graph.edge(e);
            neighbors.push(Neighbor {
                depth: d + 1,
                node: NodeSummary::of(graph, next),
                from: NodeSummary::of(graph, at),
                predicate: edge.predicate().name.clone(),
                reading: edge.reading(forward),
                refs: edge.refs(),
                edge: e,
                index: next,
            });
        }
    }
    Neighborhood {
        center: NodeSummary::of(graph, start),
        depth,
        neighbors,
    }
}
