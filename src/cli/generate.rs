//! `generate`: writes a synthetic graph folder and says what it wrote.

use std::io::Write;
use std::path::Path;

use super::GenerateFormat;
use crate::error::Error;
use crate::generate::{self, Format, Spec};

pub fn run(
    nodes: u32,
    edges: u64,
    seed: u64,
    dir: &Path,
    format: GenerateFormat,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let graph =
        generate::generate(Spec { nodes, edges, seed }).map_err(|e| Error::Usage(e.to_string()))?;
    let format = match format {
        GenerateFormat::Csv => Format::Csv,
        GenerateFormat::Kgx => Format::Kgx,
    };
    graph
        .write_dir(dir, format)
        .map_err(|source| Error::Write {
            path: dir.display().to_string(),
            source,
        })?;
    writeln!(
        out,
        "wrote {} nodes and {} edges to {} (seed {seed})",
        graph.node_count(),
        graph.edges.len(),
        dir.display()
    )?;
    Ok(())
}
