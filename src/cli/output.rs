//! Terminal tables and JSON printing shared by the commands.

use std::io::Write;

use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle};
use serde::Serialize;

use crate::error::Error;

/// Columns separated by spaces, one rule under the header: easy to read and
/// to grep, and it survives copy-paste into a lab notebook.
const STYLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' '));

/// A table with the project's look, wrapped to the terminal width.
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(STYLE)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    table
}

pub fn print_table(out: &mut dyn Write, table: &Table) -> Result<(), Error> {
    writeln!(out, "{table}")?;
    Ok(())
}

/// Pretty JSON followed by a newline.
pub fn print_json(out: &mut dyn Write, value: &impl Serialize) -> Result<(), Error> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// Reference numbers as the review prints them: `[42, 43]`.
pub fn refs(refs: &[i64]) -> String {
    if refs.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = refs.iter().map(i64::to_string).collect();
        format!("[{}]", list.join(", "))
    }
}
