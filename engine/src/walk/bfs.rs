//! Bidirectional breadth-first search for one shortest path, and counts of
//! the nodes within k hops, over any petgraph graph (the store, or a filtered
//! or undirected view of it).
//!
//! A [`Bfs`] keeps its scratch arrays between searches and marks visits with
//! a generation stamp, so a batch of searches costs only the nodes each one
//! touches, not a clear of every node per search.

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::visit::{EdgeRef, IntoEdgesDirected, IntoNeighborsDirected, NodeIndexable};

const NONE: u32 = u32::MAX;

/// A path found by a search: `nodes[i]` and `nodes[i + 1]` are joined by
/// `edges[i]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route<N, E> {
    pub nodes: Vec<N>,
    pub edges: Vec<E>,
}

/// Which frontier a bidirectional search advances next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Balance {
    /// The one with fewer edges to scan (cheap on the store's CSR).
    Edges,
    /// The one with fewer nodes (for views whose edge counts cost a walk).
    Nodes,
}

/// Scratch space for many searches on graphs of at most `node_bound` nodes.
pub struct Bfs<E> {
    generation: u32,
    /// Per side (from the source, from the target): generation of the visit,
    /// parent node index and the edge to it.
    seen: [Vec<u32>; 2],
    parent: [Vec<u32>; 2],
    via: [Vec<Option<E>>; 2],
    frontier: [Vec<u32>; 2],
    next: Vec<u32>,
}

impl<E: Copy> Bfs<E> {
    pub fn new(node_bound: usize) -> Bfs<E> {
        Bfs {
            generation: 0,
            seen: [vec![0; node_bound], vec![0; node_bound]],
            parent: [vec![NONE; node_bound], vec![NONE; node_bound]],
            via: [vec![None; node_bound], vec![None; node_bound]],
            frontier: [Vec::new(), Vec::new()],
            next: Vec::new(),
        }
    }

    fn next_generation(&mut self) -> u32 {
        if self.generation == u32::MAX - 1 {
            self.seen.iter_mut().for_each(|s| s.fill(0));
            self.generation = 0;
        }
        self.generation += 1;
        self.generation
    }

    /// One shortest directed path from `from` to `to` of at most `max_hops`
    /// edges, or `None` when there is none.
    ///
    /// Both ends grow a breadth-first frontier and the smaller one (by
    /// `balance`) advances a whole level; the first node reached from both
    /// sides closes a shortest path, because each side has finished every
    /// shorter level.
    pub fn shortest<G>(
        &mut self,
        g: G,
        from: G::NodeId,
        to: G::NodeId,
        max_hops: usize,
        balance: Balance,
    ) -> Option<Route<G::NodeId, E>>
    where
        G: IntoEdgesDirected<EdgeId = E> + NodeIndexable,
    {
        let (s, t) = (g.to_index(from) as u32, g.to_index(to) as u32);
        if s == t {
            return Some(Route {
                nodes: vec![from],
                edges: Vec::new(),
            });
        }
        let gen_ = self.next_generation();
        for (side, start) in [(0, s), (1, t)] {
            self.seen[side][start as usize] = gen_;
            self.parent[side][start as usize] = NONE;
            self.via[side][start as usize] = None;
            self.frontier[side].clear();
            self.frontier[side].push(start);
        }
        let mut next = std::mem::take(&mut self.next);
        let mut depths = [0usize; 2];
        let mut meet = None;
        while meet.is_none() && !self.frontier[0].is_empty() && !self.frontier[1].is_empty() {
            if depths[0] + depths[1] >= max_hops {
                break;
            }
            let work = |frontier: &[u32], dir| -> usize {
                frontier
                    .iter()
                    .map(|&v| {
                        let edges = g.edges_directed(g.from_index(v as usize), dir);
                        edges.size_hint().1.unwrap_or(usize::MAX)
                    })
                    .fold(0, usize::saturating_add)
            };
            let [forward, backward] = &self.frontier;
            let side = match balance {
                Balance::Edges => usize::from(work(forward, Outgoing) > work(backward, Incoming)),
                Balance::Nodes => usize::from(backward.len() < forward.len()),
            };
            let dir = if side == 0 { Outgoing } else { Incoming };
            let [seen_fwd, seen_bwd] = &mut self.seen;
            let (seen, other_seen) = if side == 0 {
                (seen_fwd, &*seen_bwd)
            } else {
                (seen_bwd, &*seen_fwd)
            };
            let parent = &mut self.parent[side];
            let via = &mut self.via[side];
            next.clear();
            'level: for &u in &self.frontier[side] {
                for edge in g.edges_directed(g.from_index(u as usize), dir) {
                    let w = if side == 0 {
                        edge.target()
                    } else {
                        edge.source()
                    };
                    let v = g.to_index(w) as u32;
                    if seen[v as usize] != gen_ {
                        seen[v as usize] = gen_;
                        parent[v as usize] = u;
                        via[v as usize] = Some(edge.id());
                        if other_seen[v as usize] == gen_ {
                            meet = Some(v);
                            break 'level;
                        }
                        next.push(v);
                    }
                }
            }
            depths[side] += 1;
            std::mem::swap(&mut self.frontier[side], &mut next);
        }
        self.next = next;
        let meet = meet?;
        let mut nodes = Vec::new();
        let mut edges = Vec::new();
        let mut at = meet;
        while at != NONE {
            nodes.push(g.from_index(at as usize));
            edges.extend(self.via[0][at as usize]);
            at = self.parent[0][at as usize];
        }
        nodes.reverse();
        edges.reverse();
        at = meet;
        while let Some(edge) = self.via[1][at as usize] {
            edges.push(edge);
            at = self.parent[1][at as usize];
            nodes.push(g.from_index(at as usize));
        }
        Some(Route { nodes, edges })
    }

    /// How many distinct nodes lie within `hops` directed steps of `from`
    /// (following edges forwards), `from` itself excluded.
    pub fn count_within<G>(&mut self, g: G, from: G::NodeId, hops: usize) -> usize
    where
        G: IntoNeighborsDirected + NodeIndexable,
    {
        let gen_ = self.next_generation();
        let n = g.node_bound();
        let s = g.to_index(from) as u32;
        let seen = &mut self.seen[0];
        seen[s as usize] = gen_;
        let mut frontier = std::mem::take(&mut self.frontier[0]);
        let mut next = std::mem::take(&mut self.next);
        frontier.clear();
        frontier.push(s);
        let mut count = 0;
        for hop in 0..hops {
            next.clear();
            let last = hop + 1 == hops;
            for &u in &frontier {
                for w in g.neighbors_directed(g.from_index(u as usize), Outgoing) {
                    let v = g.to_index(w);
                    if seen[v] != gen_ {
                        seen[v] = gen_;
                        count += 1;
                        if !last {
                            next.push(v as u32);
                        }
                    }
                }
                if count + 1 == n {
                    break;
                }
            }
            std::mem::swap(&mut frontier, &mut next);
            if frontier.is_empty() || count + 1 == n {
                break;
            }
        }
        self.frontier[0] = frontier;
        self.next = next;
        count
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use petgraph::visit::EdgeRef;

    use super::*;
    use crate::generate::test_graph as generated_graph;
    use crate::graph::{EdgeIx, Graph, NodeIx, test_graph as graph};

    /// Plain breadth-first distances, the reference the fast code must match.
    fn distances(g: &Graph, from: usize) -> Vec<Option<usize>> {
        let mut dist = vec![None; g.node_count()];
        dist[from] = Some(0);
        let mut queue = VecDeque::from([from]);
        while let Some(u) = queue.pop_front() {
            for &v in g.adjacency().successors(NodeIx::new(u)) {
                if dist[v as usize].is_none() {
                    dist[v as usize] = Some(dist[u].unwrap() + 1);
                    queue.push_back(v as usize);
                }
            }
        }
        dist
    }

    fn nodes(route: Option<Route<NodeIx, EdgeIx>>) -> Option<Vec<usize>> {
        route.map(|r| r.nodes.iter().map(|n| n.index()).collect())
    }

    #[test]
    fn small_cases() {
        let g = graph(5, &[(0, 1), (1, 2), (2, 3), (0, 2), (4, 0)]);
        let mut t = Bfs::new(g.node_count());
        let n = NodeIx::new;
        assert_eq!(
            nodes(t.shortest(&g, n(0), n(3), usize::MAX, Balance::Edges)),
            Some(vec![0, 2, 3])
        );
        assert_eq!(t.shortest(&g, n(3), n(0), usize::MAX, Balance::Edges), None);
        assert_eq!(t.shortest(&g, n(4), n(3), 2, Balance::Edges), None);
        assert_eq!(
            nodes(t.shortest(&g, n(4), n(3), 3, Balance::Edges)),
            Some(vec![4, 0, 2, 3])
        );
        assert_eq!(
            nodes(t.shortest(&g, n(2), n(2), usize::MAX, Balance::Edges)),
            Some(vec![2])
        );
        assert_eq!(t.count_within(&g, n(0), 2), 3);
        assert_eq!(t.count_within(&g, n(4), 1), 1);
        assert_eq!(t.count_within(&g, n(4), 2), 3);
        assert_eq!(t.count_within(&g, n(3), 2), 0);
    }

    #[test]
    fn matches_plain_bfs_on_generated_graphs() {
        for seed in 0..4 {
            let g = generated_graph(300, 900, seed);
            let mut t = Bfs::new(g.node_count());
            for from in (0..300).step_by(7) {
                let dist = distances(&g, from);
                for to in (0..300).step_by(5) {
                    let route = t.shortest(
                        &g,
                        NodeIx::new(from),
                        NodeIx::new(to),
                        usize::MAX,
                        Balance::Edges,
                    );
                    let hops = route.as_ref().map(|r| r.nodes.len() - 1);
                    assert_eq!(hops, dist[to], "{from}->{to}");
                    if let Some(r) = route {
                        assert_eq!(r.edges.len() + 1, r.nodes.len());
                        assert_eq!(
                            (r.nodes[0].index(), r.nodes[r.nodes.len() - 1].index()),
                            (from, to)
                        );
                        for (w, e) in r.nodes.windows(2).zip(&r.edges) {
                            let edge = g.edge(*e);
                            assert_eq!((edge.subject(), edge.object()), (w[0], w[1]));
                        }
                    }
                }
                let within = dist.iter().filter(|d| matches!(d, Some(1..=2))).count();
                assert_eq!(t.count_within(&g, NodeIx::new(from), 2), within);
            }
        }
        // The edge references of the petgraph view are the store's edges.
        let g = graph(3, &[(0, 1), (2, 1)]);
        let ends: Vec<_> = petgraph::visit::IntoEdgeReferences::edge_references(&g)
            .map(|e| (e.source().index(), e.target().index(), e.id().index()))
            .collect();
        assert_eq!(ends, vec![(0, 1, 0), (2, 1, 1)]);
    }
}
