//! The icigraph engine: a property-graph loader, name resolver, path finder and
//! Cypher engine for the biology of acquired resistance to immune checkpoint
//! inhibitors. It has no terminal or UI dependencies; the `icigraph` binary,
//! the shell and other front ends are built on it.
//!
//! Data flows one way:
//! files → [`load`] (validated against [`schema`]) → [`graph::Graph`] →
//! [`resolve`] names → searches and views → [`export`] formats.

pub mod alloc;
pub mod biolink;
pub mod bytes;
pub mod detail;
pub mod escape;
pub mod export;
pub mod generate;
pub mod graph;
pub mod hierarchy;
pub mod load;
pub mod neighborhood;
pub mod pairs;
pub mod path;
pub mod progress;
pub mod provenance;
pub mod query;
pub mod resolve;
pub mod schema;
pub mod snapshot;
pub mod stats;
pub mod suggest;
pub mod summary;
pub mod walk;

#[cfg(test)]
mod agreement;
mod prefetch;

pub use graph::Graph;
pub use load::{Source, load};
