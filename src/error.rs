//! The library's top-level error: one variant per module error, so callers
//! can match on what went wrong and the binary can report it.

use crate::render::RenderError;
use icigraph_engine::export::{DrawError, TableError};
use icigraph_engine::load::LoadError;
use icigraph_engine::path::PathError;
use icigraph_engine::query::QueryError;
use icigraph_engine::resolve::ResolveError;

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    #[error(transparent)]
    Path(#[from] PathError),
    #[error(transparent)]
    Draw(#[from] DrawError),
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Query(#[from] QueryError),
    /// A command-line value the library cannot use (unknown category, …).
    #[error("{0}")]
    Usage(String),
    #[error("cannot write {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Output(#[from] std::io::Error),
}

impl Error {
    /// Exit status: 1 for bad input or usage, 3 for output failures.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Write { .. } | Error::Output(_) | Error::Render(RenderError::Write { .. }) => 3,
            _ => 1,
        }
    }
}
