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

/// Width that caveat lines wrap at.
const NOTE_WIDTH: usize = 100;

/// A table whose rows may each carry a caveat, printed as an indented,
/// wrapped line under the row (rows are kept to one line each for that).
pub struct NotedTable {
    table: Table,
    notes: Vec<String>,
}

impl NotedTable {
    pub fn new(header: &[&str]) -> NotedTable {
        let mut table = table(header);
        table.set_content_arrangement(ContentArrangement::Disabled);
        NotedTable {
            table,
            notes: Vec::new(),
        }
    }

    /// Adds a row; an empty `note` prints nothing under it.
    pub fn add_row(&mut self, cells: Vec<String>, note: String) {
        let cells: Vec<String> = cells.into_iter().map(|c| c.replace('\n', " ")).collect();
        self.table.add_row(cells);
        self.notes.push(note);
    }

    pub fn print(&self, out: &mut dyn Write) -> Result<(), Error> {
        let mut lines = self.table.lines();
        for header in lines.by_ref().take(2) {
            writeln!(out, "{header}")?;
        }
        for (line, note) in lines.zip(&self.notes) {
            writeln!(out, "{line}")?;
            write_note(out, "     ↳ ", note)?;
        }
        Ok(())
    }
}

/// A caveat wrapped under its row; nothing when `note` is empty.
pub fn write_note(out: &mut dyn Write, indent: &str, note: &str) -> Result<(), Error> {
    if note.is_empty() {
        return Ok(());
    }
    let rest = " ".repeat(indent.chars().count());
    let options = textwrap::Options::new(NOTE_WIDTH)
        .initial_indent(indent)
        .subsequent_indent(&rest)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    for line in textwrap::wrap(note, options) {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Pretty JSON followed by a newline.
pub fn print_json(out: &mut dyn Write, value: &impl Serialize) -> Result<(), Error> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// Keys of an edge's caveats, left out of JSON by `--brief`.
const CAVEAT_KEYS: &[&str] = &["note", "context", "trials", "setting", "outcome", "section"];

/// Pretty JSON, without the caveat fields of every edge when `brief`
/// (node properties are kept as they are).
pub fn print_json_brief(
    out: &mut dyn Write,
    value: &impl Serialize,
    brief: bool,
) -> Result<(), Error> {
    if !brief {
        return print_json(out, value);
    }
    let mut value = serde_json::to_value(value).map_err(std::io::Error::from)?;
    strip_caveats(&mut value);
    print_json(out, &value)
}

fn strip_caveats(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|k, _| !CAVEAT_KEYS.contains(&k.as_str()));
            for (key, v) in map.iter_mut() {
                if key != "properties" {
                    strip_caveats(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_caveats),
        _ => {}
    }
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
