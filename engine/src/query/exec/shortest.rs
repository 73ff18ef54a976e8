//! Shortest paths for the path selectors, over any graph seen through
//! [`GraphAccess`]: one shortest path and the k shortest simple paths come
//! from the shared walks ([`crate::walk`]) run on a petgraph view of the
//! relationships a pattern may use; all shortest paths keep every parent of
//! a breadth-first layer.

use std::cell::Cell;

use petgraph::Direction::{self, Incoming, Outgoing};
use petgraph::visit::{
    Data, EdgeFiltered, EdgeRef, GraphBase, GraphRef, IntoEdgeReferences, IntoEdges,
    IntoEdgesDirected, IntoNeighbors, IntoNeighborsDirected, NodeFiltered, NodeIndexable,
};
use rustc_hash::FxHashMap;

use super::super::access::{Dir, GraphAccess};
use super::super::error::{QueryError, Result};
use super::super::value::{NodeId, RelId, RelPath};
use super::Budget;
use crate::walk::bfs::{Balance, Bfs};
use crate::walk::yen::{Found, KShortest, SpurSearch};

/// Which relationships a search may walk, and how far.
pub struct Walk<'a> {
    pub graph: &'a dyn GraphAccess,
    /// Directions to follow from a node.
    pub dirs: &'a [Dir],
    /// Whether a relationship may be used (type and property tests).
    pub allow: &'a dyn Fn(RelId) -> Result<bool>,
    pub max_len: Option<usize>,
    pub budget: &'a Budget,
}

impl Walk<'_> {
    fn max_hops(&self) -> usize {
        self.max_len.unwrap_or(usize::MAX)
    }

    /// One shortest path from `from` to `to`.
    pub fn any_shortest(&self, from: NodeId, to: NodeId) -> Result<Option<RelPath>> {
        let error = Cell::new(None);
        let view = Rels {
            walk: self,
            error: &error,
        };
        let route = Bfs::new(self.graph.node_count()).shortest(
            view,
            from,
            to,
            self.max_hops(),
            Balance::Nodes,
        );
        if let Some(err) = error.take() {
            return Err(err);
        }
        Ok(route.map(|r| RelPath {
            nodes: r.nodes,
            rels: r.edges,
        }))
    }

    /// Every path of the shortest length.
    pub fn all_shortest(&self, from: NodeId, to: NodeId) -> Result<Vec<RelPath>> {
        if from == to {
            return Ok(vec![RelPath {
                nodes: vec![from],
                rels: Vec::new(),
            }]);
        }
        let error = Cell::new(None);
        let rels = Rels {
            walk: self,
            error: &error,
        };
        let mut parents: FxHashMap<NodeId, Vec<(NodeId, RelId)>> = FxHashMap::default();
        let mut depth: FxHashMap<NodeId, usize> = FxHashMap::default();
        depth.insert(from, 0);
        let mut layer = vec![from];
        let mut d = 0;
        while !layer.is_empty() && !depth.contains_key(&to) {
            if self.max_len.is_some_and(|m| d >= m) {
                break;
            }
            let mut next = Vec::new();
            for &node in &layer {
                for step in rels.edges(node) {
                    let (rel, other) = (step.rel, step.target);
                    match depth.get(&other) {
                        Some(&od) if od == d + 1 => {
                            parents.entry(other).or_default().push((node, rel));
                        }
                        Some(_) => {}
                        None => {
                            depth.insert(other, d + 1);
                            parents.entry(other).or_default().push((node, rel));
                            next.push(other);
                        }
                    }
                }
                if let Some(err) = error.take() {
                    return Err(err);
                }
            }
            layer = next;
            d += 1;
        }
        if !depth.contains_key(&to) {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        let mut stack = vec![(to, Vec::<NodeId>::new(), Vec::<RelId>::new())];
        while let Some((at, mut nodes, rels)) = stack.pop() {
            nodes.push(at);
            if at == from {
                let mut nodes = nodes;
                let mut rels = rels;
                nodes.reverse();
                rels.reverse();
                out.push(RelPath { nodes, rels });
                continue;
            }
            for &(prev, rel) in parents.get(&at).map_or(&[][..], Vec::as_slice) {
                self.budget.spend(1)?;
                let mut r = rels.clone();
                r.push(rel);
                stack.push((prev, nodes.clone(), r));
            }
        }
        out.sort();
        Ok(out)
    }

    /// The `k` shortest simple paths, shortest first (Yen's algorithm).
    pub fn k_shortest(&self, from: NodeId, to: NodeId, k: usize) -> Result<Vec<RelPath>> {
        let mut found = Vec::new();
        if k == 0 {
            return Ok(found);
        }
        let error = Cell::new(None);
        let search = RelSearch {
            rels: Rels {
                walk: self,
                error: &error,
            },
            target: to,
            bfs: Bfs::new(self.graph.node_count()),
        };
        let mut yen = KShortest::new(search, from, self.max_hops());
        while found.len() < k {
            let Some((nodes, rels)) = yen.next_path()? else {
                break;
            };
            found.push(RelPath { nodes, rels });
        }
        Ok(found)
    }
}

/// The relationships a [`Walk`] may use, as a petgraph graph: `Outgoing`
/// edges are the steps the walk takes from a node, `Incoming` the steps that
/// lead to it. Each relationship looked at is paid for from the budget; the
/// first error (budget or `allow`) is kept in `error` and ends the walk.
#[derive(Clone, Copy)]
struct Rels<'w, 'a> {
    walk: &'w Walk<'a>,
    error: &'w Cell<Option<QueryError>>,
}

/// One step of a walk: `source` to `target` over `rel`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RelStep {
    source: NodeId,
    target: NodeId,
    rel: RelId,
}

impl EdgeRef for RelStep {
    type NodeId = NodeId;
    type EdgeId = RelId;
    type Weight = ();
    fn source(&self) -> NodeId {
        self.source
    }
    fn target(&self) -> NodeId {
        self.target
    }
    fn weight(&self) -> &() {
        &()
    }
    fn id(&self) -> RelId {
        self.rel
    }
}

impl GraphBase for Rels<'_, '_> {
    type NodeId = NodeId;
    type EdgeId = RelId;
}

impl GraphRef for Rels<'_, '_> {}

impl Data for Rels<'_, '_> {
    type NodeWeight = ();
    type EdgeWeight = ();
}

impl NodeIndexable for Rels<'_, '_> {
    fn node_bound(&self) -> usize {
        self.walk.graph.node_count()
    }
    fn to_index(&self, a: NodeId) -> usize {
        a.0 as usize
    }
    fn from_index(&self, i: usize) -> NodeId {
        NodeId(i as u32)
    }
}

/// The steps from (or to) one node, direction by direction.
struct Steps<'w, 'a> {
    rels: Rels<'w, 'a>,
    node: NodeId,
    /// Walking towards the node (the search from the target end).
    towards: bool,
    dir: usize,
    current: Option<Box<dyn Iterator<Item = (RelId, NodeId)> + 'w>>,
    /// Relationships left to look at, at most.
    left: usize,
}

impl<'w, 'a> Rels<'w, 'a> {
    fn graph_dir(self, i: usize, towards: bool) -> Dir {
        match (self.walk.dirs[i], towards) {
            (Dir::Out, true) => Dir::In,
            (Dir::In, true) => Dir::Out,
            (d, _) => d,
        }
    }

    fn steps(self, node: NodeId, towards: bool) -> Steps<'w, 'a> {
        let left = (0..self.walk.dirs.len())
            .map(|i| {
                let rels = self.walk.graph.rels(node, self.graph_dir(i, towards));
                rels.size_hint().1.unwrap_or(usize::MAX)
            })
            .fold(0, usize::saturating_add);
        Steps {
            rels: self,
            node,
            towards,
            dir: 0,
            current: None,
            left,
        }
    }

    fn fail(self, err: QueryError) {
        if !has_error(self.error) {
            self.error.set(Some(err));
        }
    }
}

impl Iterator for Steps<'_, '_> {
    type Item = RelStep;

    fn next(&mut self) -> Option<RelStep> {
        let walk = self.rels.walk;
        loop {
            if has_error(self.rels.error) {
                return None;
            }
            let Some(current) = &mut self.current else {
                if self.dir >= walk.dirs.len() {
                    return None;
                }
                let dir = self.rels.graph_dir(self.dir, self.towards);
                self.current = Some(walk.graph.rels(self.node, dir));
                continue;
            };
            let Some((rel, other)) = current.next() else {
                self.current = None;
                self.dir += 1;
                continue;
            };
            self.left = self.left.saturating_sub(1);
            // An undirected walk sees a self-loop twice; keep one.
            if self.dir > 0 && other == self.node {
                continue;
            }
            if let Err(err) = walk.budget.spend(1) {
                self.rels.fail(err);
                return None;
            }
            match (walk.allow)(rel) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(err) => {
                    self.rels.fail(err);
                    return None;
                }
            }
            let (source, target) = if self.towards {
                (other, self.node)
            } else {
                (self.node, other)
            };
            return Some(RelStep {
                source,
                target,
                rel,
            });
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.left))
    }
}

fn has_error(cell: &Cell<Option<QueryError>>) -> bool {
    let err = cell.take();
    let has = err.is_some();
    cell.set(err);
    has
}

impl<'w, 'a> IntoNeighbors for Rels<'w, 'a> {
    type Neighbors = std::iter::Map<Steps<'w, 'a>, fn(RelStep) -> NodeId>;
    fn neighbors(self, a: NodeId) -> Self::Neighbors {
        self.steps(a, false).map(|s| s.target)
    }
}

impl<'w, 'a> IntoNeighborsDirected for Rels<'w, 'a> {
    type NeighborsDirected = std::iter::Map<Steps<'w, 'a>, fn(RelStep) -> NodeId>;
    fn neighbors_directed(self, a: NodeId, dir: Direction) -> Self::NeighborsDirected {
        match dir {
            Outgoing => self.steps(a, false).map(|s| s.target),
            Incoming => self.steps(a, true).map(|s| s.source),
        }
    }
}

impl<'w, 'a> IntoEdgeReferences for Rels<'w, 'a> {
    type EdgeRef = RelStep;
    type EdgeReferences = Box<dyn Iterator<Item = RelStep> + 'w>;
    fn edge_references(self) -> Self::EdgeReferences {
        let nodes = (0..self.walk.graph.node_count() as u32).map(NodeId);
        Box::new(nodes.flat_map(move |n| self.steps(n, false)))
    }
}

impl<'w, 'a> IntoEdges for Rels<'w, 'a> {
    type Edges = Steps<'w, 'a>;
    fn edges(self, a: NodeId) -> Steps<'w, 'a> {
        self.steps(a, false)
    }
}

impl<'w, 'a> IntoEdgesDirected for Rels<'w, 'a> {
    type EdgesDirected = Steps<'w, 'a>;
    fn edges_directed(self, a: NodeId, dir: Direction) -> Steps<'w, 'a> {
        self.steps(a, dir == Incoming)
    }
}

/// One shortest path avoiding some nodes and first relationships, as Yen's
/// spur search: a step is a relationship, so paths differing only in a
/// parallel relationship are different paths.
struct RelSearch<'w, 'a> {
    rels: Rels<'w, 'a>,
    target: NodeId,
    bfs: Bfs<RelId>,
}

impl SpurSearch for RelSearch<'_, '_> {
    type Node = NodeId;
    type Step = RelId;
    /// Every relationship costs the same: paths rank by length alone.
    type Cost = u32;
    type Error = QueryError;

    fn search(
        &mut self,
        from: NodeId,
        banned_nodes: &[NodeId],
        banned_steps: &[RelId],
        max_hops: usize,
    ) -> Result<Option<Found<NodeId, RelId, u32>>> {
        let rels = EdgeFiltered::from_fn(self.rels, |e: RelStep| !banned_steps.contains(&e.rel));
        let view = NodeFiltered::from_fn(&rels, |n: NodeId| !banned_nodes.contains(&n));
        let route = self
            .bfs
            .shortest(&view, from, self.target, max_hops, Balance::Nodes);
        if let Some(err) = self.rels.error.take() {
            return Err(err);
        }
        Ok(route.map(|r| Found {
            nodes: r.nodes,
            steps: r.edges,
            cost: 0,
        }))
    }

    fn cost(&self, _: &[NodeId], _: &[RelId]) -> u32 {
        0
    }
}
