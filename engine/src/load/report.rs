//! Problems found while loading, collected so a curator sees all of them in
//! one run rather than fixing one line at a time.

use std::fmt;

/// One problem at a place in an input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based line; `None` for problems with the file as a whole.
    pub line: Option<u64>,
    /// The column (header name) the problem is in, where one applies.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(column) = &self.column {
            write!(f, "column \"{column}\": ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// `text` cut to [`Report::MAX_ECHO`] bytes at a character boundary, saying
/// how long it was.
fn clip(mut text: String) -> String {
    if text.len() > Report::MAX_ECHO {
        let total = text.len();
        let mut end = Report::MAX_ECHO;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str(&format!("… ({total} bytes)"));
    }
    text
}

/// Every problem of a load, up to [`Report::KEEP`] kept in full.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    problems: Vec<Problem>,
    total: usize,
}

impl Report {
    /// How many problems are kept and shown; the rest are only counted.
    pub const KEEP: usize = 100;

    /// Longest message or column name kept, in bytes; a problem that
    /// echoes a megabyte cell is shown with its start.
    pub const MAX_ECHO: usize = 400;

    pub fn push(&mut self, mut problem: Problem) {
        self.total += 1;
        if self.problems.len() < Self::KEEP {
            problem.message = clip(problem.message);
            problem.column = problem.column.map(clip);
            self.problems.push(problem);
        }
    }

    /// Records a problem at `file:line`, optionally in a column.
    pub fn at(&mut self, file: &str, line: u64, column: Option<&str>, message: impl Into<String>) {
        self.push(Problem {
            file: file.to_owned(),
            line: Some(line),
            column: column.map(str::to_owned),
            message: message.into(),
        });
    }

    /// Records a problem with a whole file.
    pub fn file(&mut self, file: &str, message: impl Into<String>) {
        self.push(Problem {
            file: file.to_owned(),
            line: None,
            column: None,
            message: message.into(),
        });
    }

    /// Whether further problems would only be counted (callers skip costly
    /// "did you mean" searches then).
    pub fn is_full(&self) -> bool {
        self.problems.len() >= Self::KEEP
    }

    /// Appends the problems of a later part of the input, as if they had been
    /// pushed here one by one.
    pub fn append(&mut self, other: Report) {
        let room = Self::KEEP - self.problems.len().min(Self::KEEP);
        self.problems.extend(other.problems.into_iter().take(room));
        self.total += other.total;
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    pub fn total(&self) -> usize {
        self.total
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "{problem}")?;
        }
        let hidden = self.total - self.problems.len();
        if hidden > 0 {
            writeln!(f, "… and {hidden} more problems not shown")?;
        }
        let s = if self.total == 1 { "" } else { "s" };
        write!(f, "{} problem{s} in total", self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_file_line_column_message() {
        let mut report = Report::default();
        report.at(
            "nodes/a.csv",
            3,
            Some("category"),
            "unknown category \"Gen\"",
        );
        report.file("edges/b.csv", "file is empty");
        let text = report.to_string();
        assert!(text.contains("nodes/a.csv:3: column \"category\": unknown category \"Gen\""));
        assert!(text.contains("edges/b.csv: file is empty"));
        assert!(text.ends_with("2 problems in total"));
    }

    #[test]
    fn append_keeps_order_and_counts() {
        let mut a = Report::default();
        let mut b = Report::default();
        for i in 0..(Report::KEEP as u64 - 1) {
            a.at("f.csv", i + 1, None, "bad");
        }
        b.at("f.csv", 500, None, "later");
        b.at("f.csv", 501, None, "dropped");
        a.append(b);
        assert_eq!(a.total(), Report::KEEP + 1);
        assert!(a.is_full());
        assert_eq!(a.problems().last().unwrap().line, Some(500));
    }

    #[test]
    fn keeps_a_bounded_number_but_counts_all() {
        let mut report = Report::default();
        for i in 0..(Report::KEEP as u64 + 5) {
            report.at("f.csv", i + 1, None, "bad");
        }
        assert_eq!(report.total(), Report::KEEP + 5);
        assert_eq!(report.problems().len(), Report::KEEP);
        assert!(report.to_string().contains("5 more problems not shown"));
    }
}
