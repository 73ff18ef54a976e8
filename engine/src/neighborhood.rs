//! Breadth-first neighbourhoods: the nodes within N steps of a node, each with
//! the edge that first reached it, read in the direction it was walked.

use serde::Serialize;

use crate::graph::{EdgeIx, Graph, NodeIx};
use crate::path::{Filter, PathOptions};
use crate::provenance::EdgeClaim;
use crate::schema::{CategoryId, PredicateId};
use crate::summary::NodeSummary;

/// Which edges to walk and which nodes to list.
#[derive(Clone, Debug, Default)]
pub struct NeighborFilter {
    /// Only walk edges of these predicates (all when empty).
    pub predicates: Vec<PredicateId>,
    /// Only list nodes of these categories (all when empty); others are still walked through.
    pub categories: Vec<CategoryId>,
    /// Walk edges only from subject to object.
    pub directed: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Neighbor {
    pub depth: usize,
    pub node: NodeSummary,
    /// The node this one was reached from.
    pub from: NodeSummary,
    /// The edge read in the direction it was walked.
    #[serde(flatten)]
    pub claim: EdgeClaim,
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

/// Nodes within `depth` steps of `start`, walking edges both ways unless the
/// filter is directed, in breadth-first order with ties broken by name for
/// stable output. A node reached over several edges from the same node is
/// shown with the strongest-evidence one, as in paths.
pub fn neighborhood(
    graph: &Graph,
    start: NodeIx,
    depth: usize,
    filter: &NeighborFilter,
) -> Neighborhood {
    let walk = Filter::new(
        graph,
        &PathOptions {
            directed: filter.directed,
            predicates: filter.predicates.clone(),
            ..PathOptions::default()
        },
        &[],
    );
    let mut seen = vec![false; graph.node_count()];
    seen[start.index()] = true;
    let mut level = vec![start];
    let mut neighbors = Vec::new();
    for d in 1..=depth {
        let mut found = Vec::new();
        for &at in &level {
            let mut reached: Vec<NodeIx> = walk
                .out_hops(at)
                .map(|h| h.next)
                .filter(|n| !seen[n.index()])
                .collect();
            reached.sort_unstable();
            reached.dedup();
            for next in reached {
                seen[next.index()] = true;
                let hop = walk.best_hop(at, next).expect("a hop reached it");
                found.push((at, next, hop));
            }
        }
        found.sort_by(|a, b| (graph.node(a.1).name(), a.1).cmp(&(graph.node(b.1).name(), b.1)));
        level = found.iter().map(|f| f.1).collect();
        for (at, next, hop) in found {
            let category = graph.node(next).category_id();
            if !filter.categories.is_empty() && !filter.categories.contains(&category) {
                continue;
            }
            neighbors.push(Neighbor {
                depth: d,
                node: NodeSummary::of(graph, next),
                from: NodeSummary::of(graph, at),
                claim: EdgeClaim::of(graph, hop.edge, hop.forward),
                edge: hop.edge,
                index: next,
            });
        }
        if level.is_empty() {
            break;
        }
    }
    Neighborhood {
        center: NodeSummary::of(graph, start),
        depth,
        neighbors,
    }
}
