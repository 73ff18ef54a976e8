//! The path searches' view of the graph's compressed adjacency.
//!
//! The graph already keeps every node's outgoing and incoming edges as
//! contiguous CSR slices in load order (see [`crate::graph::Csr`]); the
//! searches walk those directly, so preparing a search costs nothing beyond
//! the graph itself, and edge order (hence tie-breaking) stays deterministic.

use crate::graph::Csr;
use crate::graph::{EdgeIx, Graph, NodeIx};
use crate::schema::PredicateId;

/// Each node's outgoing and incoming edges as `(other end, edge)` pairs, in
/// edge order, plus each edge's predicate.
pub struct Adjacency<'g> {
    graph: &'g Graph,
    out: &'g Csr,
    inc: &'g Csr,
}

impl<'g> Adjacency<'g> {
    pub fn new(graph: &'g Graph) -> Adjacency<'g> {
        let csr = graph.adjacency();
        Adjacency {
            graph,
            out: &csr.out,
            inc: &csr.inc,
        }
    }

    /// Edges leaving `node` as (object, edge), or entering it as (subject,
    /// edge).
    pub fn edges(
        &self,
        node: NodeIx,
        leaving: bool,
    ) -> impl Iterator<Item = (NodeIx, EdgeIx)> + '_ {
        let csr = if leaving { self.out } else { self.inc };
        let v = node.index() as u32;
        csr.targets(v)
            .iter()
            .zip(csr.edges(v))
            .map(|(&n, &e)| (NodeIx::new(n as usize), EdgeIx::new(e as usize)))
    }

    /// Number of edges at `node` in both directions (frontier sizes).
    pub fn degree(&self, node: NodeIx) -> usize {
        let v = node.index() as u32;
        self.out.degree(v) + self.inc.degree(v)
    }

    pub fn predicate(&self, edge: EdgeIx) -> PredicateId {
        self.graph.edge(edge).predicate_id()
    }
}
