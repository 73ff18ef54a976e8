//! Yen's algorithm: loopless paths in the order of a spur search (fewest
//! hops, then the search's cost, then node sequence, then steps), produced
//! lazily so that filters checked on whole paths (`--via-category`) can take
//! as many as they need.
//!
//! The same loop serves the `path` command, whose paths are node sequences
//! (a step is the next node, so two paths never differ only in a parallel
//! edge) ranked by evidence, and the query engine's `SHORTEST k`, whose
//! paths are relationship sequences of equal cost.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hash::Hash;
use std::ops::Add;

use rustc_hash::FxHashSet;

/// A path as a spur search returns it: `steps[i]` leads from `nodes[i]` to
/// `nodes[i + 1]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found<N, S, C> {
    pub nodes: Vec<N>,
    pub steps: Vec<S>,
    pub cost: C,
}

/// The best-path search Yen's algorithm deviates with.
pub(crate) trait SpurSearch {
    type Node: Copy + Eq + Ord + Hash;
    /// What tells two paths leaving the same node apart.
    type Step: Copy + Eq + Ord + Hash;
    type Cost: Copy + Ord + Default + Add<Output = Self::Cost>;
    type Error;

    /// The best path from `from` to the target of at most `max_hops` hops
    /// that uses none of `banned_nodes` and does not start with any of
    /// `banned_steps`.
    fn search(
        &mut self,
        from: Self::Node,
        banned_nodes: &[Self::Node],
        banned_steps: &[Self::Step],
        max_hops: usize,
    ) -> SpurResult<Self>;

    /// The cost of a known prefix of a path.
    fn cost(&self, nodes: &[Self::Node], steps: &[Self::Step]) -> Self::Cost;
}

/// A path as Yen keeps it: nodes and steps.
pub(crate) type Walked<S> = (Vec<<S as SpurSearch>::Node>, Vec<<S as SpurSearch>::Step>);

/// What a spur search returns.
type SpurResult<S> = Result<
    Option<Found<<S as SpurSearch>::Node, <S as SpurSearch>::Step, <S as SpurSearch>::Cost>>,
    <S as SpurSearch>::Error,
>;

/// A candidate ordered by (hops, cost, node sequence, steps).
type Key<S> = (
    usize,
    <S as SpurSearch>::Cost,
    Vec<<S as SpurSearch>::Node>,
    Vec<<S as SpurSearch>::Step>,
);

/// The loopless paths from a source to the search's target, best first.
pub(crate) struct KShortest<S: SpurSearch> {
    search: S,
    source: S::Node,
    max_hops: usize,
    accepted: Vec<Walked<S>>,
    candidates: BinaryHeap<Reverse<Key<S>>>,
    seen: FxHashSet<Walked<S>>,
    started: bool,
}

impl<S: SpurSearch> KShortest<S> {
    pub fn new(search: S, source: S::Node, max_hops: usize) -> Self {
        KShortest {
            search,
            source,
            max_hops,
            accepted: Vec::new(),
            candidates: BinaryHeap::new(),
            seen: FxHashSet::default(),
            started: false,
        }
    }

    /// Adds every deviation of the last accepted path to the candidates.
    fn branch(&mut self) -> Result<(), S::Error> {
        let (nodes, steps) = self.accepted.last().expect("a path was accepted").clone();
        for i in 0..steps.len() {
            let left = self.max_hops.saturating_sub(i);
            if left == 0 {
                continue;
            }
            let (root_nodes, root_steps) = (&nodes[..=i], &steps[..i]);
            let banned_steps: Vec<S::Step> = self
                .accepted
                .iter()
                .filter(|(n, s)| s.len() > i && n[..=i] == *root_nodes && s[..i] == *root_steps)
                .map(|(_, s)| s[i])
                .collect();
            let Some(spur) = self
                .search
                .search(nodes[i], &nodes[..i], &banned_steps, left)?
            else {
                continue;
            };
            let mut path_nodes = nodes[..i].to_vec();
            path_nodes.extend(spur.nodes);
            let mut path_steps = root_steps.to_vec();
            path_steps.extend(spur.steps);
            let key = (path_nodes, path_steps);
            if self.seen.insert(key.clone()) {
                let cost = self.search.cost(root_nodes, root_steps) + spur.cost;
                let (n, s) = key;
                self.candidates.push(Reverse((s.len(), cost, n, s)));
            }
        }
        Ok(())
    }

    /// The next best path, or `None` when there are no more.
    pub fn next_path(&mut self) -> Result<Option<Walked<S>>, S::Error> {
        if !self.started {
            self.started = true;
            let Some(found) = self.search.search(self.source, &[], &[], self.max_hops)? else {
                return Ok(None);
            };
            let key = (found.nodes, found.steps);
            self.seen.insert(key.clone());
            self.accepted.push(key.clone());
            return Ok(Some(key));
        }
        if self.accepted.is_empty() {
            return Ok(None);
        }
        self.branch()?;
        let Some(Reverse((_, _, nodes, steps))) = self.candidates.pop() else {
            return Ok(None);
        };
        self.accepted.push((nodes.clone(), steps.clone()));
        Ok(Some((nodes, steps)))
    }
}

impl<S: SpurSearch> KShortest<S> {
    /// The best candidate already found, without searching for more: the
    /// deviations of the paths accepted before the last one. A re-ranking
    /// takes its ties from here, so ranking never costs another search.
    pub fn next_found(&mut self) -> Option<Walked<S>> {
        let Reverse((_, _, nodes, steps)) = self.candidates.pop()?;
        self.accepted.push((nodes.clone(), steps.clone()));
        Some((nodes, steps))
    }
}

impl<S: SpurSearch<Error = std::convert::Infallible>> Iterator for KShortest<S> {
    type Item = Walked<S>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_path() {
            Ok(path) => path,
            Err(never) => match never {},
        }
    }
}
