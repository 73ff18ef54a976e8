//! Batches of node pairs (`source,target` CSV) for `path --pairs` and the
//! benchmark: read once, each name resolved as the single-pair commands do.

use std::path::Path;

use crate::graph::{Graph, NodeIx};

#[derive(Debug, thiserror::Error)]
pub enum PairsError {
    #[error("cannot read {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Bad {
        path: String,
        line: u64,
        message: String,
    },
}

/// Reads a `source,target` CSV (header required, more columns ignored) and
/// resolves every name: an exact id first, then the forgiving name look-up.
pub fn read(path: &Path, graph: &Graph) -> Result<Vec<(NodeIx, NodeIx)>, PairsError> {
    let display = path.display().to_string();
    let bad = |line: u64, message: String| PairsError::Bad {
        path: display.clone(),
        line,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| PairsError::Io {
            path: display.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
    let header = reader.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let column = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            bad(
                1,
                format!("missing column \"{name}\" (expected a header source,target)"),
            )
        })
    };
    let (source, target) = (column("source")?, column("target")?);
    let mut pairs = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad(line, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let find = |i: usize| {
            let name = record.get(i).unwrap_or("");
            graph
                .find_id(name)
                .map_or_else(|| graph.resolve(name), Ok)
                .map_err(|e| bad(line, e.to_string()))
        };
        pairs.push((find(source)?, find(target)?));
    }
    Ok(pairs)
}
