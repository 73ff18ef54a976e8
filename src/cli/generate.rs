//! `generate`: writes a synthetic graph folder and says what it wrote.

use std::io::Write;
use std::path::Path;

use super::GenerateFormat;
use crate::error::Error;
use icigraph_engine::generate::{self, Format, Spec};
use icigraph_engine::progress::Progress;

pub fn run(
    spec: Spec,
    dir: &Path,
    format: GenerateFormat,
    pairs: usize,
    writes: &super::target::Writes,
    progress: &dyn Progress,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let ext = match format {
        GenerateFormat::Csv => "csv",
        GenerateFormat::Kgx => "tsv",
    };
    writes.check_dir(dir)?;
    for name in ["nodes", "edges"] {
        writes.check(
            &dir.join(format!("{name}.{ext}")),
            &ext.to_ascii_uppercase(),
        )?;
    }
    if pairs > 0 {
        writes.check(&dir.join("pairs.csv"), "CSV")?;
    }
    let seed = spec.seed;
    let graph = generate::generate_with(spec, progress)?;
    let format = match format {
        GenerateFormat::Csv => Format::Csv,
        GenerateFormat::Kgx => Format::Kgx,
    };
    graph
        .write_dir_with(dir, format, progress)
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
    if pairs > 0 {
        let path = dir.join("pairs.csv");
        let chosen = graph.reachable_pairs(pairs, seed);
        let write_err = |source| Error::Write {
            path: path.display().to_string(),
            source,
        };
        let mut file = std::io::BufWriter::new(super::target::open(&path).map_err(write_err)?);
        graph
            .write_pairs(&chosen, &mut file)
            .and_then(|()| file.flush())
            .map_err(write_err)?;
        writeln!(
            out,
            "wrote {} reachable pairs to {}",
            chosen.len(),
            path.display()
        )?;
    }
    Ok(())
}
