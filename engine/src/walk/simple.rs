//! Every simple path of at most H hops, streamed to a callback in order of
//! hops, then node sequence.
//!
//! Iterative deepening: one depth-first pass per path length, pruned by each
//! node's hop distance to the target (a breadth-first search from the target
//! over the filtered graph), so a branch is followed only while it can still
//! reach the target within the length of the pass. Paths are distinct by node
//! sequence, as in [`super::yen`].

use std::ops::ControlFlow;

use super::SearchView;
use crate::graph::NodeIx;

const UNSEEN: u32 = u32::MAX;

/// Hop distance from every node to `target` (at most `max_hops`), over
/// passable nodes.
fn distances_to(
    filter: &impl SearchView,
    source: NodeIx,
    target: NodeIx,
    max_hops: usize,
) -> Vec<u32> {
    let mut dist = vec![UNSEEN; filter.node_count()];
    dist[target.index()] = 0;
    let mut level = vec![target];
    for d in 1..=max_hops as u32 {
        let mut next = Vec::new();
        for &v in &level {
            for hop in filter.in_hops(v) {
                let w = hop.next;
                if dist[w.index()] == UNSEEN && (w == source || filter.passable(w)) {
                    dist[w.index()] = d;
                    next.push(w);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        level = next;
    }
    dist
}

/// Calls `visit` with every simple path from `source` to `target` of at most
/// `max_hops` hops that passes the filter, until `visit` breaks.
pub(crate) fn all_simple_paths(
    filter: &impl SearchView,
    source: NodeIx,
    target: NodeIx,
    max_hops: usize,
    mut visit: impl FnMut(&[NodeIx]) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let dist = distances_to(filter, source, target, max_hops);
    if dist[source.index()] == UNSEEN {
        return ControlFlow::Continue(());
    }
    let mut on_path = vec![false; filter.node_count()];
    on_path[source.index()] = true;
    let mut path = vec![source];
    for hops in dist[source.index()] as usize..=max_hops {
        let mut walk = Walk {
            filter,
            target,
            hops,
            dist: &dist,
            on_path: &mut on_path,
            path: &mut path,
        };
        walk.extend(&mut visit)?;
    }
    ControlFlow::Continue(())
}

struct Walk<'a, 'f, V> {
    filter: &'f V,
    target: NodeIx,
    hops: usize,
    dist: &'a [u32],
    on_path: &'a mut [bool],
    path: &'a mut Vec<NodeIx>,
}

impl<V: SearchView> Walk<'_, '_, V> {
    /// Extends the current path by one node in every possible way.
    fn extend(&mut self, visit: &mut impl FnMut(&[NodeIx]) -> ControlFlow<()>) -> ControlFlow<()> {
        let at = *self.path.last().expect("the path starts at the source");
        let left = self.hops - (self.path.len() - 1);
        let mut next: Vec<NodeIx> = self
            .filter
            .out_hops(at)
            .map(|h| h.next)
            .filter(|&w| {
                let d = self.dist[w.index()];
                !self.on_path[w.index()] && d != UNSEEN && (d as usize) < left
            })
            .filter(|&w| {
                if left == 1 {
                    w == self.target
                } else {
                    w != self.target
                }
            })
            .collect();
        next.sort_unstable();
        next.dedup();
        for w in next {
            self.path.push(w);
            if w == self.target {
                if self.filter.via_ok(self.path) {
                    visit(self.path)?;
                }
            } else {
                self.on_path[w.index()] = true;
                let flow = self.extend(visit);
                self.on_path[w.index()] = false;
                flow?;
            }
            self.path.pop();
        }
        ControlFlow::Continue(())
    }
}
