//! The graph walks every command shares: bidirectional breadth-first search,
//! the best path by evidence, Yen's k shortest paths, bounded simple paths
//! and k-hop counts.

pub(crate) mod best;
pub mod bfs;
pub(crate) mod simple;
pub(crate) mod yen;
