//! A compressed adjacency (CSR) snapshot of the graph for path searches.
//!
//! petgraph keeps each node's edges in a linked list threaded through the
//! edge array; walking it costs a cache miss per edge, which dominates a
//! search on a large graph. Two sequential passes over the edge array give
//! every node its outgoing and incoming edges as contiguous slices instead.

use crate::graph::{EdgeIx, Graph, NodeIx};
use crate::schema::PredicateId;

/// Each node's outgoing and incoming edges as `(other end, edge)` pairs, in
/// edge order, plus each edge's predicate.
pub struct Adjacency {
    out_start: Vec<u32>,
    out: Vec<(u32, u32)>,
    in_start: Vec<u32>,
    inc: Vec<(u32, u32)>,
    predicates: Vec<PredicateId>,
}

impl Adjacency {
    pub fn new(graph: &Graph) -> Adjacency {
        let n = graph.node_count();
        // Read through the graph's flat edge arrays (not `petgraph()`, which
        // would build a whole DiGraph first on a large graph).
        let m = graph.edge_count();
        let mut ends = Vec::with_capacity(m);
        let mut predicates = Vec::with_capacity(m);
        let mut out_start = vec![0u32; n + 1];
        let mut in_start = vec![0u32; n + 1];
        for e in graph.edge_indices() {
            let edge = graph.edge(e);
            let (s, t) = (edge.subject().index() as u32, edge.object().index() as u32);
            ends.push((s, t));
            predicates.push(edge.predicate_id());
            out_start[s as usize + 1] += 1;
            in_start[t as usize + 1] += 1;
        }
        for i in 0..n {
            out_start[i + 1] += out_start[i];
            in_start[i + 1] += in_start[i];
        }
        let mut out = vec![(0u32, 0u32); ends.len()];
        let mut inc = vec![(0u32, 0u32); ends.len()];
        let mut out_fill = out_start.clone();
        let mut in_fill = in_start.clone();
        for (i, &(s, t)) in ends.iter().enumerate() {
            let slot = &mut out_fill[s as usize];
            out[*slot as usize] = (t, i as u32);
            *slot += 1;
            let slot = &mut in_fill[t as usize];
            inc[*slot as usize] = (s, i as u32);
            *slot += 1;
        }
        Adjacency {
            out_start,
            out,
            in_start,
            inc,
            predicates,
        }
    }

    /// Edges leaving `node` as (object, edge), or entering it as (subject,
    /// edge).
    pub fn edges(
        &self,
        node: NodeIx,
        leaving: bool,
    ) -> impl Iterator<Item = (NodeIx, EdgeIx)> + '_ {
        let (start, list) = if leaving {
            (&self.out_start, &self.out)
        } else {
            (&self.in_start, &self.inc)
        };
        let i = node.index();
        list[start[i] as usize..start[i + 1] as usize]
            .iter()
            .map(|&(n, e)| (NodeIx::new(n as usize), EdgeIx::new(e as usize)))
    }

    /// Number of edges at `node` in both directions (frontier sizes).
    pub fn degree(&self, node: NodeIx) -> usize {
        let i = node.index();
        (self.out_start[i + 1] - self.out_start[i] + self.in_start[i + 1] - self.in_start[i])
            as usize
    }

    pub fn predicate(&self, edge: EdgeIx) -> PredicateId {
        self.predicates[edge.index()]
    }
}
