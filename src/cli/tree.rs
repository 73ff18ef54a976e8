//! `tree`: the mechanism hierarchy as indented text, JSON or a DOT drawing.

use std::io::Write;

use super::Format;
use super::output::print_json;
use crate::error::Error;
use icigraph_engine::export::{Style, dot};
use icigraph_engine::graph::Graph;
use icigraph_engine::hierarchy::{self, TreeNode};
use icigraph_engine::path::strategies::Rules;

pub fn tree(
    graph: &Graph,
    name: Option<&str>,
    rules: &Rules,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let root = name.map(|n| graph.resolve(n)).transpose()?;
    let trees = hierarchy::tree(graph, root, rules);
    match format {
        Format::Json => print_json(out, &trees),
        Format::Dot => {
            let style = Style::from_schema(graph.schema());
            out.write_all(dot::tree(graph, &trees, &style).as_bytes())?;
            Ok(())
        }
        Format::Table | Format::Csv | Format::Markdown | Format::Html => {
            if trees.iter().all(|t: &TreeNode| t.children.is_empty()) && root.is_none() {
                writeln!(
                    out,
                    "this graph has no mechanism hierarchy (no broader-mechanism edges)"
                )?;
                return Ok(());
            }
            out.write_all(hierarchy::indented(&trees).as_bytes())?;
            Ok(())
        }
    }
}
