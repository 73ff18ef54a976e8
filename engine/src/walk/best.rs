//! The best path between two nodes: fewest hops (bidirectional breadth-first
//! search), then least total weakness of evidence, then the smallest sequence
//! of node indices. Used directly for the shortest path and as Yen's spur
//! search, which adds bans on nodes and on first hops.
//!
//! The search expands whole levels alternately from both ends, always the
//! frontier with fewer edges, until they meet at depth `a` from the source and `b`
//! from the target. Every shortest path then runs through the source's levels
//! `0..=a` and the target's levels `0..=b`; a dynamic programme over those
//! levels gives each node its least weakness to the target, and a greedy walk
//! from the source that always takes the smallest next node keeping that
//! optimum yields the unique best path.

use super::SearchView;
use super::yen::{Found, SpurSearch};
use crate::graph::NodeIx;

const UNSEEN: u32 = u32::MAX;

/// Extra restrictions of one search (Yen's spur searches).
pub(crate) struct Bans<'a> {
    /// Nodes the path may not use (indexed by node; empty bans none).
    pub nodes: &'a [bool],
    /// Next nodes the path may not step to from its first node.
    pub first_hops: &'a [NodeIx],
}

/// A path found by a search, as node indices and total weakness.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Best {
    pub nodes: Vec<NodeIx>,
    pub weakness: u32,
}

/// [`best_path`] as Yen's spur search: a step is the next node, the cost the
/// weakness of evidence.
pub(crate) struct PathSearch<'f, V> {
    filter: &'f V,
    target: NodeIx,
    /// Scratch for the banned nodes of one search, indexed by node.
    banned: Vec<bool>,
}

impl<'f, V: SearchView> PathSearch<'f, V> {
    pub fn new(filter: &'f V, target: NodeIx) -> Self {
        PathSearch {
            filter,
            target,
            banned: vec![false; filter.node_count()],
        }
    }
}

impl<V: SearchView> SpurSearch for PathSearch<'_, V> {
    type Node = NodeIx;
    type Step = NodeIx;
    type Cost = u32;
    type Error = std::convert::Infallible;

    fn search(
        &mut self,
        from: NodeIx,
        banned_nodes: &[NodeIx],
        banned_steps: &[NodeIx],
        max_hops: usize,
    ) -> Result<Option<Found<NodeIx, NodeIx, u32>>, Self::Error> {
        for n in banned_nodes {
            self.banned[n.index()] = true;
        }
        let bans = Bans {
            nodes: &self.banned,
            first_hops: banned_steps,
        };
        let best = best_path(self.filter, from, self.target, max_hops, &bans);
        for n in banned_nodes {
            self.banned[n.index()] = false;
        }
        Ok(best.map(|Best { nodes, weakness }| Found {
            steps: nodes[1..].to_vec(),
            nodes,
            cost: weakness,
        }))
    }

    /// Weakness of a known node sequence, hop by hop.
    fn cost(&self, nodes: &[NodeIx], _: &[NodeIx]) -> u32 {
        nodes
            .windows(2)
            .map(|w| {
                let hop = self
                    .filter
                    .best_hop(w[0], w[1])
                    .expect("hop of a found path");
                self.filter.weakness(hop.edge)
            })
            .sum()
    }
}

/// The best path from `source` to `target` of at most `max_hops` hops.
pub(crate) fn best_path(
    filter: &impl SearchView,
    source: NodeIx,
    target: NodeIx,
    max_hops: usize,
    bans: &Bans<'_>,
) -> Option<Best> {
    if source == target {
        return Some(Best {
            nodes: vec![source],
            weakness: 0,
        });
    }
    let n = filter.node_count();
    let usable = |node: NodeIx| {
        (node == target || filter.passable(node))
            && node != source
            && bans.nodes.get(node.index()).is_none_or(|b| !b)
    };
    let hop_ok = |from: NodeIx, to: NodeIx| from != source || !bans.first_hops.contains(&to);

    let mut from_source = vec![UNSEEN; n];
    let mut to_target = vec![UNSEEN; n];
    from_source[source.index()] = 0;
    to_target[target.index()] = 0;
    let mut source_levels = vec![vec![source]];
    let mut target_levels = vec![vec![target]];
    loop {
        let (a, b) = (source_levels.len() - 1, target_levels.len() - 1);
        if a + b >= max_hops {
            return None;
        }
        let work = |level: &[NodeIx]| level.iter().map(|&v| filter.degree(v)).sum::<usize>();
        let forward_side = work(&source_levels[a]) <= work(&target_levels[b]);
        let mut next = Vec::new();
        let mut met = false;
        if forward_side {
            for &v in &source_levels[a] {
                for hop in filter.out_hops(v) {
                    let w = hop.next;
                    if from_source[w.index()] == UNSEEN && usable(w) && hop_ok(v, w) {
                        from_source[w.index()] = (a + 1) as u32;
                        met |= to_target[w.index()] != UNSEEN;
                        next.push(w);
                    }
                }
            }
        } else {
            for &v in &target_levels[b] {
                for hop in filter.in_hops(v) {
                    let w = hop.next;
                    let reachable = w == source || usable(w);
                    if to_target[w.index()] == UNSEEN && reachable && hop_ok(w, v) {
                        to_target[w.index()] = (b + 1) as u32;
                        met |= from_source[w.index()] != UNSEEN;
                        next.push(w);
                    }
                }
            }
        }
        if next.is_empty() {
            return None;
        }
        if forward_side {
            source_levels.push(next);
        } else {
            target_levels.push(next);
        }
        if met {
            break;
        }
    }
    let (a, b) = (source_levels.len() - 1, target_levels.len() - 1);

    // Least weakness to the target, first over the target's levels, then
    // back over the source's levels (which meet the target's at level a).
    let mut cost = vec![UNSEEN; n];
    cost[target.index()] = 0;
    for (j, level) in target_levels.iter().enumerate().skip(1) {
        for &v in level {
            cost[v.index()] = filter
                .out_hops(v)
                .filter(|h| to_target[h.next.index()] == (j - 1) as u32 && hop_ok(v, h.next))
                .filter(|h| cost[h.next.index()] != UNSEEN)
                .map(|h| filter.weakness(h.edge) + cost[h.next.index()])
                .min()
                .unwrap_or(UNSEEN);
        }
    }
    for i in (0..a).rev() {
        for &v in &source_levels[i] {
            cost[v.index()] = filter
                .out_hops(v)
                .filter(|h| from_source[h.next.index()] == (i + 1) as u32 && hop_ok(v, h.next))
                .filter(|h| cost[h.next.index()] != UNSEEN)
                .map(|h| filter.weakness(h.edge) + cost[h.next.index()])
                .min()
                .unwrap_or(UNSEEN);
        }
    }
    let weakness = cost[source.index()];
    debug_assert_ne!(weakness, UNSEEN, "the levels met, so a path exists");

    let mut nodes = Vec::with_capacity(a + b + 1);
    nodes.push(source);
    let mut at = source;
    for pos in 0..a + b {
        let on_level = |w: NodeIx| {
            if pos < a {
                from_source[w.index()] == (pos + 1) as u32
            } else {
                to_target[w.index()] == (a + b - pos - 1) as u32
            }
        };
        let here = cost[at.index()];
        at = filter
            .out_hops(at)
            .filter(|h| on_level(h.next) && hop_ok(at, h.next))
            .filter(|h| {
                let rest = cost[h.next.index()];
                rest != UNSEEN && filter.weakness(h.edge) + rest == here
            })
            .map(|h| h.next)
            .min()?;
        nodes.push(at);
    }
    Some(Best { nodes, weakness })
}
