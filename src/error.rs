//! The library's top-level error: one variant per module error, so callers
//! can match on what went wrong and the binary can report it.

use crate::render::RenderError;
use icigraph_engine::export::{DrawError, TableError};
use icigraph_engine::generate::GenerateError;
use icigraph_engine::load::LoadError;
use icigraph_engine::pairs::PairsError;
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
    #[error(transparent)]
    Pairs(#[from] PairsError),
    #[error(transparent)]
    Generate(#[from] GenerateError),
    /// A file named on the command line that cannot be read.
    #[error("cannot read {path}: {reason}")]
    Read {
        path: String,
        reason: std::io::Error,
    },
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
    /// Ctrl-C stopped the running query before anything was printed.
    #[error("interrupted: the query was stopped by Ctrl-C; nothing was printed")]
    Interrupted,
}

impl Error {
    /// Exit status: 1 for bad input or usage, 3 for output failures, 130
    /// (the shell's convention for SIGINT) when Ctrl-C stopped the work.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Interrupted => 130,
            Error::Write { .. } | Error::Output(_) | Error::Render(RenderError::Write { .. }) => 3,
            _ => 1,
        }
    }
}
