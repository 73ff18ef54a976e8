//! icigraph: a property-graph loader, name resolver and query engine for the
//! biology of acquired resistance to immune checkpoint inhibitors.
//!
//! The library does all the work; the `icigraph` binary only parses arguments
//! and prints. Data flows one way:
//! files → [`load`] (validated against [`schema`]) → [`graph::Graph`] →
//! [`resolve`] names → searches and views → [`export`] formats.

pub mod adjacency;
pub mod cli;
pub mod detail;
pub mod error;
pub mod export;
pub mod generate;
pub mod graph;
pub mod load;
pub mod neighborhood;
pub mod pairs;
pub mod path;
pub mod query;
pub mod render;
pub mod resolve;
pub mod schema;
pub mod shell;
pub mod snapshot;
pub mod stats;
pub mod suggest;
pub mod traverse;

pub use error::Error;
pub use graph::Graph;
pub use load::{Source, load};
