//! `export dot`, the interchange formats of `export`, and `figures`.

use std::io::{BufWriter, Write};
use std::path::Path;

use super::args::{PathArgs, SubsetArgs};
use super::browse::{NeighborWalk, neighbor_filter};
use super::output::{print_json, print_table, table};
use super::progress::{Counted, CountedFiles};
use super::{Format, Global, target};
use crate::error::Error;
use icigraph_engine::export::drawing::{find_view, view_summaries};
use icigraph_engine::export::{
    Drawing, Style, Subset, Table, cytoscape, dot, graphml, kgx, kuzu, neo4j, parquet,
};
use icigraph_engine::graph::Graph;
use icigraph_engine::neighborhood::neighborhood;
use icigraph_engine::progress::Progress;
use icigraph_engine::query;

/// `export dot --figure ID | --all [-o FILE]`.
pub fn dot(
    graph: &Graph,
    figure: Option<&str>,
    output: Option<&Path>,
    writes: &super::target::Writes,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let style = Style::from_schema(graph.schema());
    let drawing = match figure {
        Some(view) => Drawing::figure(graph, view, &style)?,
        None => Drawing::whole(graph, &style),
    };
    write_text(&dot::write(&drawing), output, writes, "DOT", out)
}

/// `export table --figure ID`: one of the review's tables as Markdown (the
/// default), CSV, HTML or JSON.
pub fn export_table(
    graph: &Graph,
    figure: &str,
    format: Format,
    output: Option<&Path>,
    writes: &super::target::Writes,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let table = Table::of_view(graph, figure)?;
    let name = match format {
        Format::Csv => "CSV",
        Format::Html => "HTML",
        Format::Json => "JSON",
        _ => "Markdown",
    };
    let text = match format {
        Format::Table | Format::Markdown => table.markdown(),
        Format::Csv => table.csv(),
        Format::Html => table.html(),
        Format::Json => serde_json::to_string_pretty(&table).map_err(std::io::Error::other)? + "\n",
        Format::Dot => {
            return Err(Error::Usage(format!(
                "the table as a DOT drawing: `icigraph export dot --figure {}`",
                table.view
            )));
        }
    };
    write_text(&text, output, writes, name, out)
}

/// Writes text to a file, or to `out` when no file is named.
pub fn write_text(
    text: &str,
    output: Option<&Path>,
    writes: &super::target::Writes,
    format: &str,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let Some(path) = output else {
        out.write_all(text.as_bytes())?;
        return Ok(());
    };
    let write_err = |source| Error::Write {
        path: path.display().to_string(),
        source,
    };
    let mut file = BufWriter::new(writes.create(path, format)?);
    file.write_all(text.as_bytes()).map_err(write_err)?;
    file.flush().map_err(write_err)
}

/// `figures`: each view with its title and how much of the graph it holds.
pub fn figures(graph: &Graph, format: Format, out: &mut dyn Write) -> Result<(), Error> {
    let rows = view_summaries(graph);
    match format {
        Format::Json => print_json(out, &rows),
        Format::Dot => Err(Error::Usage(
            "`figures` lists views; draw one with `icigraph export dot --figure ID`".into(),
        )),
        Format::Table | Format::Csv | Format::Markdown | Format::Html => {
            if rows.is_empty() {
                writeln!(out, "this graph defines no figure views (schema/views.csv)")?;
                return Ok(());
            }
            let mut t = table(&["view", "title", "nodes", "edges", "clusters"]);
            for r in &rows {
                t.add_row(vec![
                    r.id.to_owned(),
                    r.title.to_owned(),
                    r.nodes.to_string(),
                    r.edges.to_string(),
                    r.clusters.len().to_string(),
                ]);
            }
            print_table(out, &t)
        }
    }
}

/// The interchange formats of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interchange {
    Kgx,
    KgxJsonl,
    Parquet,
    Graphml,
    Cytoscape,
    Cx2,
    Neo4j,
    Kuzu,
}

/// The part of the graph the subset options name, with a title for formats
/// that carry one.
pub fn subset(graph: &mut Graph, args: &SubsetArgs) -> Result<(Subset, String), Error> {
    if let Some(view) = &args.figure {
        let view = find_view(graph, view)?;
        let title = format!("{}: {}", view.id, view.title);
        let id = view.id.clone();
        return Ok((Subset::figure(graph, &id), title));
    }
    if let Some(name) = &args.neighbors {
        let ix = graph.resolve(name)?;
        let filter = neighbor_filter(
            graph,
            &NeighborWalk {
                categories: &[],
                predicates: &[],
                directed: false,
            },
        )?;
        let hood = neighborhood(graph, ix, args.depth, &filter);
        let title = format!("{} within {} steps", graph.node(ix).name(), args.depth);
        return Ok((Subset::neighborhood(graph, &hood), title));
    }
    if let Some(text) = &args.query {
        let options = query::Options {
            strict: true,
            ..query::Options::default()
        };
        let table = query::run(graph, text, &options)?;
        return Ok((Subset::query(graph, &table), text.clone()));
    }
    if let Some(ends) = &args.path {
        let path_args = PathArgs::between(&ends[0], &ends[1], None);
        let (result, _) = super::path::find_paths(graph, &path_args)?;
        let (nodes, edges) = result.subgraph();
        let title = format!("paths from {} to {}", ends[0], ends[1]);
        return Ok((Subset::of(graph, &nodes, &edges), title));
    }
    Ok((Subset::whole(graph), "icigraph".to_owned()))
}

/// `export kgx|kgx-jsonl|parquet|graphml|cytoscape|cx2|neo4j|kuzu`.
pub fn interchange(
    graph: &mut Graph,
    format: Interchange,
    subset_args: &SubsetArgs,
    output: Option<&Path>,
    force: bool,
    global: &Global,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let writes = global.writes();
    let bars = global.bars();
    let progress: &dyn Progress = &bars;
    if let Some(path) = output {
        writes.check_outside_graph(path)?;
    }
    // Refuse before any work: a long export should not end in "exists".
    let folder_format = matches!(
        format,
        Interchange::Kgx
            | Interchange::KgxJsonl
            | Interchange::Parquet
            | Interchange::Neo4j
            | Interchange::Kuzu
    );
    if let Some(path) = output
        && !folder_format
    {
        target::check_file(path, force)?;
    }
    let mut folder = match output {
        Some(path) if folder_format => Some(target::Folder::open(path, force)?),
        _ => None,
    };
    let (subset, title) = subset(graph, subset_args)?;
    let graph = &*graph;
    let single = |body: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
                  out: &mut dyn Write|
     -> Result<(), Error> {
        let mut counted = |w: &mut dyn Write| body(&mut Counted::new(w, progress));
        match output {
            Some(path) => target::write_file(path, &mut counted),
            None => counted(out).map_err(Error::Output),
        }
    };
    progress.start("bytes written", 0);
    let written = (|| -> Result<(), Error> {
        let mut counted = folder.as_mut().map(|dir| CountedFiles {
            inner: dir,
            progress,
        });
        match (format, counted.as_mut()) {
            (Interchange::Graphml, _) => {
                single(&mut |w| graphml::write(graph, &subset, w), out)?;
            }
            (Interchange::Cytoscape, _) => {
                single(
                    &mut |w| cytoscape::write_cyjs(graph, &subset, &title, w),
                    out,
                )?;
            }
            (Interchange::Cx2, _) => {
                single(
                    &mut |w| cytoscape::write_cx2(graph, &subset, &title, w),
                    out,
                )?;
            }
            (_, None) => {
                return Err(Error::Usage(
                    "this format writes a folder: give it with -o DIR".into(),
                ));
            }
            (Interchange::Kgx, Some(dir)) => {
                kgx::write_tsv(graph, &subset, dir).map_err(folder_err)?
            }
            (Interchange::KgxJsonl, Some(dir)) => {
                kgx::write_jsonl(graph, &subset, dir).map_err(folder_err)?
            }
            (Interchange::Parquet, Some(dir)) => {
                parquet::write(graph, &subset, dir).map_err(folder_err)?
            }
            (Interchange::Neo4j, Some(dir)) => {
                neo4j::write(graph, &subset, dir).map_err(folder_err)?
            }
            (Interchange::Kuzu, Some(dir)) => {
                kuzu::write(graph, &subset, dir).map_err(folder_err)?
            }
        }
        Ok(())
    })();
    progress.finish();
    written?;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let counts = format!(
        "{}, {}",
        plural(subset.nodes.len(), "node"),
        plural(subset.edges.len(), "edge")
    );
    match (&folder, output) {
        (Some(dir), _) => {
            let files = if dir.written.len() <= 4 {
                dir.written.join(", ")
            } else {
                format!("{} files", dir.written.len())
            };
            writeln!(out, "wrote {} ({files}): {counts}", dir.root().display())?;
            if format == Interchange::Neo4j {
                writeln!(
                    out,
                    "import (Neo4j 5, server stopped), from {}:\n  {}",
                    dir.root().display(),
                    neo4j::import_command("neo4j")
                )?;
            }
        }
        (None, Some(path)) => writeln!(out, "wrote {}: {counts}", path.display())?,
        (None, None) => {}
    }
    Ok(())
}

fn folder_err(source: std::io::Error) -> Error {
    Error::Output(source)
}
