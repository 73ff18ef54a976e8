//! Column look-up by header name, and the checks on required columns and cells
//! shared by every file kind.

use super::report::Report;
use super::table::{self, Dialect, Header, InputFile, Row};

/// A file's header with the checks already made on it.
pub struct Columns {
    header: Header,
    /// Whether the required columns were checked and found (reported once).
    checked: Option<bool>,
}

impl Columns {
    pub fn new(header: &Header) -> Columns {
        Columns {
            header: header.clone(),
            checked: None,
        }
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.header.index(name)
    }

    /// The cell of a named column ("" when the file lacks the column).
    pub fn get<'r>(&self, row: &Row<'r>, name: &str) -> &'r str {
        self.index(name).map_or("", |i| row.get(i))
    }

    /// Reports missing required columns once; false when any is missing, so the
    /// file's rows are skipped rather than each reported.
    pub fn check_required(&mut self, file: &str, required: &[&str], report: &mut Report) -> bool {
        if let Some(ok) = self.checked {
            return ok;
        }
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|name| self.header.index(name).is_none())
            .collect();
        for name in &missing {
            report.at(
                file,
                1,
                None,
                format!(
                    "missing required column \"{name}\" (the header has: {})",
                    self.header.names().join(", ")
                ),
            );
        }
        let ok = missing.is_empty();
        self.checked = Some(ok);
        ok
    }

    /// Reports every empty required cell of a row; true when there is none.
    pub fn require_cells(
        &self,
        file: &str,
        row: &Row<'_>,
        required: &[&str],
        report: &mut Report,
    ) -> bool {
        let mut ok = true;
        for name in required {
            if self.get(row, name).is_empty() {
                report.at(
                    file,
                    row.line,
                    Some(name),
                    "empty value in a required column",
                );
                ok = false;
            }
        }
        ok
    }
}

/// Reads a file, checking its required columns (once, even for a file with no
/// rows) and cells, and calls `visit` for each row that has them all.
pub fn read_checked(
    file: &InputFile,
    dialect: Dialect,
    report: &mut Report,
    required: &[&str],
    mut visit: impl FnMut(&Columns, &Row<'_>, &mut Report),
) -> Option<Columns> {
    let mut columns: Option<Columns> = None;
    let header = table::read(file, dialect, report, |header, row, report| {
        let cols = columns.get_or_insert_with(|| Columns::new(header));
        if cols.check_required(&file.display, required, report)
            && cols.require_cells(&file.display, &row, required, report)
        {
            visit(cols, &row, report);
        }
    })?;
    let mut cols = columns.unwrap_or_else(|| Columns::new(&header));
    cols.check_required(&file.display, required, report);
    Some(cols)
}
