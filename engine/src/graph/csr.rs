//! Compressed adjacency (CSR) in both directions, for traversals that touch
//! millions of edges.
//!
//! petgraph's `DiGraph` keeps each node's edges as a linked list threaded
//! through one 24-byte record per edge, so a walk jumps around memory. Here a
//! node's out-neighbours (and in-neighbours) are one contiguous slice of
//! `u32`s, which keeps a two-hop count or a breadth-first search in cache.
//! Within a node, edges keep their load order.

use std::sync::Arc;

use super::NodeIx;
use super::column::Column;
use super::damage::Damage;

/// One direction: `targets[offsets[v]..offsets[v + 1]]` are the neighbours of
/// `v`, and `edges` the matching edge indices.
#[derive(Clone, Debug, Default)]
pub struct Csr {
    offsets: Column<u32>,
    targets: Column<u32>,
    edges: Column<u32>,
    /// For arrays of a snapshot not checked at open: the node count every
    /// target must be below, and where a read records what it found.
    checks: Option<(u32, Arc<Damage>)>,
}

impl PartialEq for Csr {
    fn eq(&self, other: &Csr) -> bool {
        self.arrays() == other.arrays()
    }
}

impl Eq for Csr {}

/// Edge counts from which [`Csr::build`] fills by node ranges.
const RANGED_FROM: usize = 1 << 20;

/// Nodes per range: at most 2^16 (a node's place in its range is a `u16`),
/// and about two thousand ranges in all.
fn range_bits(node_count: usize) -> u32 {
    (usize::BITS - node_count.leading_zeros())
        .saturating_sub(11)
        .min(16)
}

/// The two steps of [`Csr::build`] for a big graph, given its offsets.
fn fill_by_ranges(
    offsets: &[u32],
    targets: &mut [u32],
    edges: &mut [u32],
    ends: impl Iterator<Item = (u32, u32)>,
) {
    let node_count = offsets.len() - 1;
    let bits = range_bits(node_count);
    let start = |range: usize| offsets[(range << bits).min(node_count)];
    let ranges = (node_count >> bits) + 1;
    // Step one: each edge to the run of its node's range, with the node's
    // place in the range beside it.
    let mut cursor: Vec<u32> = (0..ranges).map(start).collect();
    let mut place = vec![0u16; targets.len()];
    let low = (1u32 << bits) - 1;
    for (e, (from, to)) in ends.enumerate() {
        let at = &mut cursor[(from >> bits) as usize];
        let i = *at as usize;
        targets[i] = to;
        edges[i] = e as u32;
        place[i] = (from & low) as u16;
        *at += 1;
    }
    // Step two: each run, copied aside, back in node order.
    let mut run: Vec<(u32, u32, u16)> = Vec::new();
    let mut next: Vec<u32> = Vec::new();
    for range in 0..ranges {
        let (lo, hi) = (start(range) as usize, start(range + 1) as usize);
        let first = (range << bits).min(node_count);
        let last = ((range + 1) << bits).min(node_count);
        run.clear();
        run.extend((lo..hi).map(|i| (targets[i], edges[i], place[i])));
        next.clear();
        next.extend_from_slice(&offsets[first..last]);
        for &(to, e, p) in &run {
            let at = &mut next[p as usize];
            targets[*at as usize] = to;
            edges[*at as usize] = e;
            *at += 1;
        }
    }
}

impl Csr {
    /// Builds from the `(from, to)` end points of every edge, in edge order.
    /// `ends` is called twice (a counting pass, then a filling pass).
    ///
    /// A big graph is filled in two steps, since writing each edge straight
    /// to its place is a cache (and TLB) miss per array: edges are first
    /// appended to the runs of about two thousand ranges of nodes (a few
    /// write streams that stay in cache), then each range, small enough to
    /// stay in cache, is put in node order. Both steps keep edge order
    /// within a node.
    pub fn build<I>(node_count: usize, edge_count: usize, ends: impl Fn() -> I) -> Csr
    where
        I: Iterator<Item = (u32, u32)>,
    {
        let mut offsets = vec![0u32; node_count + 1];
        for (from, _) in ends() {
            offsets[from as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut targets = vec![0u32; edge_count];
        let mut edges = vec![0u32; edge_count];
        if edge_count < RANGED_FROM {
            let mut cursor = offsets[..node_count].to_vec();
            for (e, (from, to)) in ends().enumerate() {
                let at = &mut cursor[from as usize];
                targets[*at as usize] = to;
                edges[*at as usize] = e as u32;
                *at += 1;
            }
        } else {
            fill_by_ranges(&offsets, &mut targets, &mut edges, ends());
        }
        Csr {
            offsets: offsets.into(),
            targets: targets.into(),
            edges: edges.into(),
            checks: None,
        }
    }

    /// A CSR from stored arrays whose values are checked where they are
    /// read (see [`super::damage`]); only the lengths and the first and
    /// last offsets are checked here.
    pub(crate) fn unchecked(
        node_count: usize,
        edge_count: usize,
        [offsets, targets, edges]: [Column<u32>; 3],
        damage: &Arc<Damage>,
    ) -> Result<Csr, &'static str> {
        if offsets.len() != node_count + 1
            || targets.len() != edge_count
            || edges.len() != edge_count
        {
            return Err("adjacency arrays have the wrong length");
        }
        if offsets[0] != 0 || offsets[node_count] as usize != edge_count {
            return Err("adjacency offsets do not span the edges");
        }
        Ok(Csr {
            offsets,
            targets,
            edges,
            checks: Some((node_count as u32, Arc::clone(damage))),
        })
    }

    /// The same arrays after [`Csr::checked`] passed over them whole, so
    /// reads need no more checks.
    pub(crate) fn verified(&self) -> Result<Csr, &'static str> {
        let n = self.offsets.len().saturating_sub(1);
        let [o, t, e] = [&self.offsets, &self.targets, &self.edges].map(Clone::clone);
        Csr::checked(n, self.targets.len(), o, t, e)
    }

    /// A CSR from stored arrays (snapshot reader), after checking what
    /// indexing with them needs: offsets rising from 0 to the edge count,
    /// every target below `node_count` and every edge index below the edge
    /// count. One sequential pass over each array (no lookups into the edge
    /// arrays): whether the adjacency agrees with the edge end points is not
    /// checked, so a crafted file can make answers inconsistent, never index
    /// out of bounds.
    pub(crate) fn checked(
        node_count: usize,
        edge_count: usize,
        offsets: Column<u32>,
        targets: Column<u32>,
        edges: Column<u32>,
    ) -> Result<Csr, &'static str> {
        let m = edge_count;
        if offsets.len() != node_count + 1 || targets.len() != m || edges.len() != m {
            return Err("adjacency arrays have the wrong length");
        }
        if offsets[0] != 0 || offsets[node_count] as usize != m {
            return Err("adjacency offsets do not span the edges");
        }
        // Branch-free folds, so the compiler vectorises them.
        let falls = offsets
            .windows(2)
            .fold(false, |falls, pair| falls | (pair[0] > pair[1]));
        if falls {
            return Err("adjacency offsets are out of order");
        }
        if !all_below(&targets, node_count) {
            return Err("adjacency names a node out of range");
        }
        if !all_below(&edges, m) {
            return Err("adjacency names an edge out of range");
        }
        Ok(Csr {
            offsets,
            targets,
            edges,
            checks: None,
        })
    }

    /// Whether all three arrays are read in place from a snapshot.
    #[cfg(test)]
    pub(crate) fn is_shared(&self) -> bool {
        self.offsets.is_shared() && self.targets.is_shared() && self.edges.is_shared()
    }

    /// The three arrays (offsets, targets, edges), for the snapshot writer.
    pub(crate) fn arrays(&self) -> [&[u32]; 3] {
        [&self.offsets, &self.targets, &self.edges]
    }

    #[inline]
    fn range(&self, v: u32) -> std::ops::Range<usize> {
        match &self.checks {
            None => self.offsets[v as usize] as usize..self.offsets[v as usize + 1] as usize,
            Some((_, damage)) => self.checked_range(v, damage),
        }
    }

    fn checked_range(&self, v: u32, damage: &Damage) -> std::ops::Range<usize> {
        let v = v as usize;
        match (self.offsets.get(v), self.offsets.get(v + 1)) {
            (Some(&a), Some(&b)) if a <= b && b as usize <= self.targets.len() => {
                a as usize..b as usize
            }
            _ => {
                damage.record("adjacency offsets are out of order");
                0..0
            }
        }
    }

    /// `slice` if every value is below `bound`; else nothing, recorded.
    #[inline]
    fn below<'a>(slice: &'a [u32], bound: usize, damage: &Damage, what: &'static str) -> &'a [u32] {
        if all_below(slice, bound) {
            slice
        } else {
            damage.record(what);
            &[]
        }
    }

    /// Neighbours of `v` (node indices), one per edge.
    #[inline]
    pub fn targets(&self, v: u32) -> &[u32] {
        let slice = &self.targets[self.range(v)];
        match &self.checks {
            None => slice,
            Some((n, damage)) => Csr::below(
                slice,
                *n as usize,
                damage,
                "adjacency names a node out of range",
            ),
        }
    }

    /// Edge indices of `v`'s edges, matching [`Csr::targets`].
    #[inline]
    pub fn edges(&self, v: u32) -> &[u32] {
        let slice = &self.edges[self.range(v)];
        match &self.checks {
            None => slice,
            Some((_, damage)) => Csr::below(
                slice,
                self.edges.len(),
                damage,
                "adjacency names an edge out of range",
            ),
        }
    }

    /// Every node's degree in index order, from the offsets alone (falling
    /// offsets of a damaged snapshot read as degree 0).
    pub fn degrees(&self) -> impl Iterator<Item = usize> + '_ {
        self.offsets
            .windows(2)
            .map(|pair| pair[1].saturating_sub(pair[0]) as usize)
    }

    #[inline]
    pub fn degree(&self, v: u32) -> usize {
        self.range(v).len()
    }
}

/// Whether every value is below `bound` (one vectorised pass).
pub(crate) fn all_below(values: &[u32], bound: usize) -> bool {
    values.is_empty() || (values.iter().fold(0, |max, &v| max.max(v)) as usize) < bound
}

/// Out- and in-adjacency of a graph.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Adjacency {
    pub out: Csr,
    pub inc: Csr,
}

impl Adjacency {
    /// Builds both directions from edge end points `(subject, object)`; with
    /// more than a million edges the two directions are built on two threads.
    pub fn build<I>(node_count: usize, edge_count: usize, ends: impl Fn() -> I + Sync) -> Adjacency
    where
        I: Iterator<Item = (u32, u32)>,
    {
        let out = || Csr::build(node_count, edge_count, &ends);
        let inc = || Csr::build(node_count, edge_count, || ends().map(|(s, o)| (o, s)));
        if edge_count > 1_000_000 {
            std::thread::scope(|scope| {
                let inc = scope.spawn(inc);
                let out = out();
                Adjacency {
                    out,
                    inc: inc.join().expect("adjacency thread does not panic"),
                }
            })
        } else {
            Adjacency {
                out: out(),
                inc: inc(),
            }
        }
    }

    /// Objects of `v`'s outgoing edges.
    pub fn successors(&self, v: NodeIx) -> &[u32] {
        self.out.targets(v.index() as u32)
    }

    /// Subjects of `v`'s incoming edges.
    pub fn predecessors(&self, v: NodeIx) -> &[u32] {
        self.inc.targets(v.index() as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Filling by node ranges gives what filling each edge in place gives.
    #[test]
    fn ranged_filling_matches_direct_filling() {
        for (nodes, seed) in [(1usize, 1u64), (5, 2), (3000, 3), (70_000, 4), (300_000, 5)] {
            let mut state = seed;
            let mut next = || {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((state >> 33) % nodes as u64) as u32
            };
            let ends: Vec<(u32, u32)> = (0..RANGED_FROM + 1000).map(|_| (next(), next())).collect();
            let built = Csr::build(nodes, ends.len(), || ends.iter().copied());
            let mut lists = vec![Vec::new(); nodes];
            for (e, &(from, to)) in ends.iter().enumerate() {
                lists[from as usize].push((to, e as u32));
            }
            for (v, list) in lists.iter().enumerate() {
                let got: Vec<(u32, u32)> = built
                    .targets(v as u32)
                    .iter()
                    .copied()
                    .zip(built.edges(v as u32).iter().copied())
                    .collect();
                assert_eq!(&got, list, "node {v} of {nodes}");
            }
        }
    }

    #[test]
    fn both_directions_keep_edge_order() {
        let ends = [(0u32, 1u32), (2, 1), (0, 2), (0, 1)];
        let adj = Adjacency::build(3, ends.len(), || ends.iter().copied());
        assert_eq!(adj.out.targets(0), &[1, 2, 1]);
        assert_eq!(adj.out.edges(0), &[0, 2, 3]);
        assert_eq!(adj.inc.targets(1), &[0, 2, 0]);
        assert_eq!(adj.inc.edges(1), &[0, 1, 3]);
        assert!(adj.out.targets(1).is_empty());
        assert_eq!(adj.inc.degree(2), 1);
    }

    #[test]
    fn checked_accepts_what_build_makes_and_nothing_out_of_bounds() {
        let (from, to) = ([0u32, 2, 0, 0], [1u32, 1, 2, 1]);
        let ends = || from.iter().copied().zip(to.iter().copied());
        let built = Csr::build(3, 4, ends);
        let [o, t, e] = built.arrays().map(|a| Column::from(a.to_vec()));
        let again = Csr::checked(3, 4, o.clone(), t.clone(), e.clone()).unwrap();
        assert_eq!(again, built);
        let change = |c: &Column<u32>, i: usize, v: u32| {
            let mut c = c.clone();
            c.to_mut()[i] = v;
            c
        };
        let bad = [
            (
                Csr::checked(3, 4, change(&o, 1, 9), t.clone(), e.clone()),
                "out of order",
            ),
            (
                Csr::checked(3, 4, change(&o, 3, 3), t.clone(), e.clone()),
                "span",
            ),
            (
                Csr::checked(3, 4, o.clone(), change(&t, 0, 7), e.clone()),
                "a node out of range",
            ),
            (
                Csr::checked(3, 4, o.clone(), t.clone(), change(&e, 0, 99)),
                "an edge out of range",
            ),
            (
                Csr::checked(2, 4, o.clone(), t.clone(), e.clone()),
                "wrong length",
            ),
            (
                Csr::checked(3, 5, o.clone(), t.clone(), e.clone()),
                "wrong length",
            ),
        ];
        for (result, message) in bad {
            assert!(
                result.as_ref().is_err_and(|m| m.contains(message)),
                "{result:?}"
            );
        }
        // In bounds but out of order: accepted (it cannot index out of bounds).
        assert!(Csr::checked(3, 4, o.clone(), t.clone(), change(&e, 1, 0)).is_ok());
        assert!(all_below(&[], 0));
        assert!(!all_below(&[0], 0));
    }
}
