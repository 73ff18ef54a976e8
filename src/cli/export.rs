//! `export dot` and `figures`: DOT text and the list of figure views.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde::Serialize;

use super::Format;
use super::output::{print_json, print_table, table};
use crate::error::Error;
use icigraph_engine::export::drawing::members;
use icigraph_engine::export::{Drawing, Style, Table, dot};
use icigraph_engine::graph::Graph;

/// `export dot --figure ID | --all [-o FILE]`.
pub fn dot(
    graph: &Graph,
    figure: Option<&str>,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let style = Style::from_schema(graph.schema());
    let drawing = match figure {
        Some(view) => Drawing::figure(graph, view, &style)?,
        None => Drawing::whole(graph, &style),
    };
    write_text(&dot::write(&drawing), output, out)
}

/// `export table --figure ID`: one of the review's tables as Markdown (the
/// default), CSV, HTML or JSON.
pub fn export_table(
    graph: &Graph,
    figure: &str,
    format: Format,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let table = Table::of_view(graph, figure)?;
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
    write_text(&text, output, out)
}

/// Writes text to a file, or to `out` when no file is named.
pub fn write_text(text: &str, output: Option<&Path>, out: &mut dyn Write) -> Result<(), Error> {
    let Some(path) = output else {
        out.write_all(text.as_bytes())?;
        return Ok(());
    };
    let write_err = |source| Error::Write {
        path: path.display().to_string(),
        source,
    };
    let mut file = BufWriter::new(File::create(path).map_err(write_err)?);
    file.write_all(text.as_bytes()).map_err(write_err)?;
    file.flush().map_err(write_err)
}

#[derive(Serialize)]
struct ViewRow<'a> {
    id: &'a str,
    title: &'a str,
    caption: &'a str,
    rankdir: &'a str,
    clusters: &'a [String],
    nodes: usize,
    edges: usize,
}

/// `figures`: each view with its title and how much of the graph it holds.
pub fn figures(graph: &Graph, format: Format, out: &mut dyn Write) -> Result<(), Error> {
    let rows: Vec<ViewRow> = graph
        .schema()
        .views()
        .iter()
        .map(|v| {
            let (nodes, edges) = members(graph, &v.id);
            ViewRow {
                id: &v.id,
                title: &v.title,
                caption: &v.caption,
                rankdir: &v.rankdir,
                clusters: &v.clusters,
                nodes: nodes.len(),
                edges: edges.len(),
            }
        })
        .collect();
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
