//! The `icigraph` front ends: the command line, the interactive shell and
//! rendering pictures and the local
//! web explorer. All graph work is done by [`icigraph_engine`]; these
//! modules parse what the user typed, call the engine and print its results.

pub mod cli;
pub mod error;
pub mod render;
pub mod serve;
pub mod shell;

pub use error::Error;
