//! Yen's algorithm: loopless paths in the order of [`super::bfs::best_path`]
//! (hops, then weakness of evidence, then node sequence), produced lazily so
//! that filters checked on whole paths (`--via-category`) can take as many
//! as they need.
//!
//! Paths are distinct by node sequence: two paths differing only in which of
//! two parallel edges they use are one path, shown with its strongest edge.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::FxHashSet;

use super::best::{Bans, Found, best_path};
use crate::graph::NodeIx;
use crate::path::Filter;

/// A candidate ordered by (hops, weakness, node sequence).
type Key = (usize, u32, Vec<u32>);

pub(crate) struct KShortest<'f, 'g> {
    filter: &'f Filter<'g>,
    source: NodeIx,
    target: NodeIx,
    max_hops: usize,
    accepted: Vec<Vec<NodeIx>>,
    candidates: BinaryHeap<Reverse<Key>>,
    seen: FxHashSet<Vec<u32>>,
    started: bool,
}

impl<'f, 'g> KShortest<'f, 'g> {
    pub fn new(filter: &'f Filter<'g>, source: NodeIx, target: NodeIx, max_hops: usize) -> Self {
        KShortest {
            filter,
            source,
            target,
            max_hops,
            accepted: Vec::new(),
            candidates: BinaryHeap::new(),
            seen: FxHashSet::default(),
            started: false,
        }
    }

    /// Weakness of a known node sequence, hop by hop.
    fn weakness(&self, nodes: &[NodeIx]) -> u32 {
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

    /// Adds every deviation of the last accepted path to the candidates.
    fn branch(&mut self) {
        let last = self.accepted.last().expect("a path was accepted").clone();
        let mut banned = vec![false; self.filter.node_count()];
        for i in 0..last.len() - 1 {
            let spur = last[i];
            let root = &last[..=i];
            if i > 0 {
                banned[last[i - 1].index()] = true;
            }
            let first_hops: Vec<NodeIx> = self
                .accepted
                .iter()
                .filter(|p| p.len() > i + 1 && p[..=i] == *root)
                .map(|p| p[i + 1])
                .collect();
            let bans = Bans {
                nodes: &banned,
                first_hops: &first_hops,
            };
            let Some(Found {
                nodes: spur_path,
                weakness,
            }) = best_path(self.filter, spur, self.target, self.max_hops - i, &bans)
            else {
                continue;
            };
            let mut nodes = root[..i].to_vec();
            nodes.extend(spur_path);
            let key: Vec<u32> = nodes.iter().map(|n| n.index() as u32).collect();
            if self.seen.insert(key.clone()) {
                let total = self.weakness(root) + weakness;
                self.candidates.push(Reverse((nodes.len() - 1, total, key)));
            }
        }
    }
}

impl Iterator for KShortest<'_, '_> {
    type Item = Vec<NodeIx>;

    fn next(&mut self) -> Option<Vec<NodeIx>> {
        if !self.started {
            self.started = true;
            let found = best_path(
                self.filter,
                self.source,
                self.target,
                self.max_hops,
                &Bans::default(),
            )?;
            self.seen
                .insert(found.nodes.iter().map(|n| n.index() as u32).collect());
            self.accepted.push(found.nodes.clone());
            return Some(found.nodes);
        }
        if self.accepted.is_empty() {
            return None;
        }
        self.branch();
        let Reverse((_, _, key)) = self.candidates.pop()?;
        let nodes: Vec<NodeIx> = key.into_iter().map(|k| NodeIx::new(k as usize)).collect();
        self.accepted.push(nodes.clone());
        Some(nodes)
    }
}
