//! Directed traversals over the CSR [`Adjacency`](crate::graph::Adjacency):
//! shortest paths by bidirectional breadth-first search and counts of nodes
//! within k hops.
//!
//! A [`Traversal`] keeps its scratch arrays between queries and marks visits
//! with a generation stamp, so a batch of queries costs only the nodes each
//! one touches, not a clear of every node per query.

use crate::graph::Adjacency;
use crate::graph::{Graph, NodeIx};

const NONE: u32 = u32::MAX;

/// Scratch space for many queries on one graph.
pub struct Traversal<'g> {
    adj: &'g Adjacency,
    generation: u32,
    fwd_seen: Vec<u32>,
    bwd_seen: Vec<u32>,
    fwd_parent: Vec<u32>,
    bwd_parent: Vec<u32>,
    frontier: Vec<u32>,
    next: Vec<u32>,
    other_frontier: Vec<u32>,
}

impl<'g> Traversal<'g> {
    pub fn new(graph: &'g Graph) -> Traversal<'g> {
        let n = graph.node_count();
        Traversal {
            adj: graph.adjacency(),
            generation: 0,
            fwd_seen: vec![0; n],
            bwd_seen: vec![0; n],
            fwd_parent: vec![NONE; n],
            bwd_parent: vec![NONE; n],
            frontier: Vec::new(),
            next: Vec::new(),
            other_frontier: Vec::new(),
        }
    }

    fn next_generation(&mut self) -> u32 {
        if self.generation == u32::MAX - 1 {
            self.fwd_seen.fill(0);
            self.bwd_seen.fill(0);
            self.generation = 0;
        }
        self.generation += 1;
        self.generation
    }

    /// One shortest directed path from `from` to `to` (nodes in order, both
    /// ends included), or `None` when `to` cannot be reached.
    ///
    /// Both ends grow a breadth-first frontier and the smaller one advances a
    /// whole level at a time; the first node reached from both sides closes a
    /// shortest path, because each side has finished every shorter level.
    pub fn shortest_path(&mut self, from: NodeIx, to: NodeIx) -> Option<Vec<NodeIx>> {
        let (s, t) = (from.index() as u32, to.index() as u32);
        if s == t {
            return Some(vec![from]);
        }
        let g = self.next_generation();
        self.fwd_seen[s as usize] = g;
        self.bwd_seen[t as usize] = g;
        self.fwd_parent[s as usize] = NONE;
        self.bwd_parent[t as usize] = NONE;
        let mut fwd = std::mem::take(&mut self.frontier);
        let mut bwd = std::mem::take(&mut self.other_frontier);
        let mut next = std::mem::take(&mut self.next);
        fwd.clear();
        bwd.clear();
        fwd.push(s);
        bwd.push(t);
        let mut meet = None;
        while meet.is_none() && !fwd.is_empty() && !bwd.is_empty() {
            next.clear();
            let forward = self.cost(&fwd, true) <= self.cost(&bwd, false);
            let (frontier, csr, seen, parent, other_seen) = if forward {
                (
                    &fwd,
                    &self.adj.out,
                    &mut self.fwd_seen,
                    &mut self.fwd_parent,
                    &self.bwd_seen,
                )
            } else {
                (
                    &bwd,
                    &self.adj.inc,
                    &mut self.bwd_seen,
                    &mut self.bwd_parent,
                    &self.fwd_seen,
                )
            };
            'level: for &u in frontier.iter() {
                for &v in csr.targets(u) {
                    if seen[v as usize] != g {
                        seen[v as usize] = g;
                        parent[v as usize] = u;
                        if other_seen[v as usize] == g {
                            meet = Some(v);
                            break 'level;
                        }
                        next.push(v);
                    }
                }
            }
            if forward {
                std::mem::swap(&mut fwd, &mut next);
            } else {
                std::mem::swap(&mut bwd, &mut next);
            }
        }
        self.frontier = fwd;
        self.other_frontier = bwd;
        self.next = next;
        let meet = meet?;
        let mut path = Vec::new();
        let mut at = meet;
        while at != NONE {
            path.push(NodeIx::new(at as usize));
            at = self.fwd_parent[at as usize];
        }
        path.reverse();
        let mut at = self.bwd_parent[meet as usize];
        while at != NONE {
            path.push(NodeIx::new(at as usize));
            at = self.bwd_parent[at as usize];
        }
        Some(path)
    }

    /// Edges a frontier would scan: the cheaper side advances.
    fn cost(&self, frontier: &[u32], forward: bool) -> usize {
        let csr = if forward {
            &self.adj.out
        } else {
            &self.adj.inc
        };
        frontier.iter().map(|&v| csr.degree(v)).sum()
    }

    /// How many distinct nodes lie within `hops` directed steps of `from`
    /// (following edges forwards), `from` itself excluded.
    pub fn count_within(&mut self, from: NodeIx, hops: usize) -> usize {
        let g = self.next_generation();
        let n = self.fwd_seen.len();
        let s = from.index() as u32;
        self.fwd_seen[s as usize] = g;
        let mut frontier = std::mem::take(&mut self.frontier);
        let mut next = std::mem::take(&mut self.next);
        frontier.clear();
        frontier.push(s);
        let mut count = 0;
        for hop in 0..hops {
            next.clear();
            let last = hop + 1 == hops;
            for &u in &frontier {
                for &v in self.adj.out.targets(u) {
                    if self.fwd_seen[v as usize] != g {
                        self.fwd_seen[v as usize] = g;
                        count += 1;
                        if !last {
                            next.push(v);
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
        self.frontier = frontier;
        self.next = next;
        count
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::*;
    use crate::graph::NewNode;
    use crate::schema::Schema;

    fn graph(n: usize, edges: &[(usize, usize)]) -> Graph {
        let mut schema = Schema::open();
        let c = schema.category_or_add("C").unwrap();
        let p = schema.predicate_or_add("p").unwrap();
        let mut g = Graph::new(schema);
        let ids: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
        for id in &ids {
            g.add_node(
                c,
                NewNode {
                    id,
                    name: id,
                    ..NewNode::default()
                },
            )
            .unwrap();
        }
        for &(a, b) in edges {
            g.add_edge(NodeIx::new(a), p, NodeIx::new(b), Vec::new())
                .unwrap();
        }
        g
    }

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

    #[test]
    fn small_cases() {
        let g = graph(5, &[(0, 1), (1, 2), (2, 3), (0, 2), (4, 0)]);
        let mut t = Traversal::new(&g);
        let path = t.shortest_path(NodeIx::new(0), NodeIx::new(3)).unwrap();
        assert_eq!(
            path.iter().map(|n| n.index()).collect::<Vec<_>>(),
            vec![0, 2, 3]
        );
        assert_eq!(t.shortest_path(NodeIx::new(3), NodeIx::new(0)), None);
        assert_eq!(
            t.shortest_path(NodeIx::new(2), NodeIx::new(2))
                .unwrap()
                .len(),
            1
        );
        assert_eq!(t.count_within(NodeIx::new(0), 2), 3);
        assert_eq!(t.count_within(NodeIx::new(4), 1), 1);
        assert_eq!(t.count_within(NodeIx::new(4), 2), 3);
        assert_eq!(t.count_within(NodeIx::new(3), 2), 0);
    }

    #[test]
    fn matches_plain_bfs_on_generated_graphs() {
        for seed in 0..4 {
            let generated = crate::generate::generate(crate::generate::Spec {
                nodes: 300,
                edges: 900,
                seed,
            })
            .unwrap();
            let edges: Vec<(usize, usize)> = generated
                .edges
                .iter()
                .map(|&(s, _, o)| (s as usize, o as usize))
                .collect();
            let g = graph(300, &edges);
            let mut t = Traversal::new(&g);
            for from in (0..300).step_by(7) {
                let dist = distances(&g, from);
                for to in (0..300).step_by(5) {
                    let path = t.shortest_path(NodeIx::new(from), NodeIx::new(to));
                    assert_eq!(path.as_ref().map(|p| p.len() - 1), dist[to], "{from}->{to}");
                    if let Some(p) = path {
                        assert_eq!((p[0].index(), p[p.len() - 1].index()), (from, to));
                        for w in p.windows(2) {
                            assert!(
                                g.adjacency()
                                    .successors(w[0])
                                    .contains(&(w[1].index() as u32))
                            );
                        }
                    }
                }
                let within = dist.iter().filter(|d| matches!(d, Some(1..=2))).count();
                assert_eq!(t.count_within(NodeIx::new(from), 2), within);
            }
        }
    }
}
