//! The graph walks every command shares: bidirectional breadth-first search,
//! the best path by evidence, Yen's k shortest paths, bounded simple paths
//! and k-hop counts. They depend only on the store ([`crate::graph`]) and on
//! petgraph's traits or [`SearchView`]; commands supply the views.

pub(crate) mod best;
pub mod bfs;
pub(crate) mod simple;
pub(crate) mod yen;
mod zeroed;

use crate::graph::{EdgeIx, NodeIx};

/// One step a search may take from a node: to `next`, over `edge`, walked
/// forwards (subject → object) or backwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hop {
    pub next: NodeIx,
    pub edge: EdgeIx,
    pub forward: bool,
}

/// The graph as an evidence-ranked path search sees it (the `path` command's
/// filter): which nodes it may pass, the steps it may take, what an edge
/// costs.
pub(crate) trait SearchView {
    /// Nodes are `0..node_count()`.
    fn node_count(&self) -> usize;
    /// Whether a path may pass through `node`.
    fn passable(&self, node: NodeIx) -> bool;
    /// Steps leaving `node`.
    fn out_hops(&self, node: NodeIx) -> impl Iterator<Item = Hop> + '_;
    /// Steps arriving at `node`; `next` is where the step starts.
    fn in_hops(&self, node: NodeIx) -> impl Iterator<Item = Hop> + '_;
    /// How many edges a search may look at from `node` (an upper bound).
    fn degree(&self, node: NodeIx) -> usize;
    /// How far an edge falls short of the strongest evidence.
    fn weakness(&self, edge: EdgeIx) -> u32;
    /// The step a path takes from `from` to `to`, when several edges join them.
    fn best_hop(&self, from: NodeIx, to: NodeIx) -> Option<Hop>;
    /// Whether a whole path passes the filters checked on paths.
    fn via_ok(&self, nodes: &[NodeIx]) -> bool;
}
