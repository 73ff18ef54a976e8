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

/// A candidate ordered by (hops, cost, node sequence, steps), then the index
/// where it leaves the path it was branched from. Candidates are distinct by
/// nodes and steps, so that last field never decides the order.
type Key<S> = (
    usize,
    <S as SpurSearch>::Cost,
    Vec<<S as SpurSearch>::Node>,
    Vec<<S as SpurSearch>::Step>,
    usize,
);

/// The loopless paths from a source to the search's target, best first.
///
/// Two refinements leave every answer as plain Yen gives it, candidates
/// included (see [`KShortest::next_found`]), and cut the spur searches:
///
/// - Lawler's: a path branches only from the index where it left its parent.
///   A deviation at an earlier index has the parent's root and, for the bans
///   it meets now, was already found when the last path that changed those
///   bans was branched (or when the parent was), so it could only be seen
///   again.
/// - With [`KShortest::at_most`] `k`: once the candidates hold enough paths
///   of some length L to complete the `k`, no later answer is longer than L,
///   so a spur search from index i looks only L - i hops deep. A spur search
///   returns the fewest-hop path first, so the bound drops only candidates
///   longer than L, which are never returned.
pub(crate) struct KShortest<S: SpurSearch> {
    search: S,
    source: S::Node,
    max_hops: usize,
    /// Accepted paths, each with the index where it left its parent.
    accepted: Vec<(Walked<S>, usize)>,
    candidates: BinaryHeap<Reverse<Key<S>>>,
    /// Candidates by hop count, for the depth bound.
    by_hops: Vec<usize>,
    seen: FxHashSet<Walked<S>>,
    started: bool,
    /// The first path, when the caller already knows it.
    first: Option<Found<S::Node, S::Step, S::Cost>>,
    /// The most paths [`KShortest::next_path`] returns.
    limit: Option<usize>,
    /// Whether branching starts at each path's deviation (off only to check
    /// that it changes nothing).
    lawler: bool,
}

impl<S: SpurSearch> KShortest<S> {
    pub fn new(search: S, source: S::Node, max_hops: usize) -> Self {
        KShortest {
            search,
            source,
            max_hops,
            accepted: Vec::new(),
            candidates: BinaryHeap::new(),
            by_hops: Vec::new(),
            seen: FxHashSet::default(),
            started: false,
            first: None,
            limit: None,
            lawler: true,
        }
    }

    /// Returns at most `k` paths from [`KShortest::next_path`] (then only
    /// [`KShortest::next_found`]), which lets spur searches stop at the
    /// length the `k`-th path can still have.
    pub fn at_most(mut self, k: usize) -> Self {
        self.limit = Some(k);
        self
    }

    /// Starts from a best path the caller has already found (it must be
    /// what the spur search returns from the source with no bans).
    pub fn starting_with(mut self, first: Found<S::Node, S::Step, S::Cost>) -> Self {
        self.first = Some(first);
        self
    }

    /// Plain Yen: every accepted path branches from every index. Only for
    /// checking that the refinements change no answer.
    #[cfg(test)]
    pub fn plain(mut self) -> Self {
        self.lawler = false;
        self
    }

    /// The longest a returned path can be: the hop count by which the
    /// accepted paths and the shortest candidates already make `limit`.
    fn depth_bound(&self) -> usize {
        let Some(limit) = self.limit else {
            return self.max_hops;
        };
        let mut wanted = limit.saturating_sub(self.accepted.len());
        for (hops, &count) in self.by_hops.iter().enumerate() {
            if count >= wanted {
                return hops.min(self.max_hops);
            }
            wanted -= count;
        }
        self.max_hops
    }

    /// Adds every deviation of the last accepted path to the candidates.
    fn branch(&mut self) -> Result<(), S::Error> {
        let ((nodes, steps), deviation) =
            self.accepted.last().expect("a path was accepted").clone();
        let start = if self.lawler { deviation } else { 0 };
        for i in start..steps.len() {
            let left = self.depth_bound().saturating_sub(i);
            if left == 0 {
                // The bound only tightens as the index grows.
                break;
            }
            let (root_nodes, root_steps) = (&nodes[..=i], &steps[..i]);
            let banned_steps: Vec<S::Step> = self
                .accepted
                .iter()
                .map(|(path, _)| path)
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
                let hops = s.len();
                if self.by_hops.len() <= hops {
                    self.by_hops.resize(hops + 1, 0);
                }
                self.by_hops[hops] += 1;
                self.candidates.push(Reverse((hops, cost, n, s, i)));
            }
        }
        Ok(())
    }

    /// The best candidate, moved to the accepted paths.
    fn accept_best(&mut self) -> Option<Walked<S>> {
        let Reverse((hops, _, nodes, steps, deviation)) = self.candidates.pop()?;
        self.by_hops[hops] -= 1;
        self.accepted
            .push(((nodes.clone(), steps.clone()), deviation));
        Some((nodes, steps))
    }

    /// The next best path, or `None` when there are no more (or the
    /// [`KShortest::at_most`] limit is reached).
    pub fn next_path(&mut self) -> Result<Option<Walked<S>>, S::Error> {
        if self.limit.is_some_and(|k| self.accepted.len() >= k) {
            return Ok(None);
        }
        if !self.started {
            self.started = true;
            let found = match self.first.take() {
                Some(found) => found,
                None => match self.search.search(self.source, &[], &[], self.max_hops)? {
                    Some(found) => found,
                    None => return Ok(None),
                },
            };
            let key = (found.nodes, found.steps);
            self.seen.insert(key.clone());
            self.accepted.push((key.clone(), 0));
            return Ok(Some(key));
        }
        if self.accepted.is_empty() {
            return Ok(None);
        }
        self.branch()?;
        Ok(self.accept_best())
    }
}

impl<S: SpurSearch> KShortest<S> {
    /// The best candidate already found, without searching for more: the
    /// deviations of the paths accepted before the last one. A re-ranking
    /// takes its ties from here, so ranking never costs another search.
    pub fn next_found(&mut self) -> Option<Walked<S>> {
        self.accept_best()
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
