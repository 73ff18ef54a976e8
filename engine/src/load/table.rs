//! Streaming CSV/TSV reading with `file:line` positions. Records are read
//! into one reused buffer and checked for UTF-8 in place; every malformed row
//! is reported and skipped so the rest of the file is still checked.
//!
//! Cells are trimmed when read rather than by the csv reader, whose trimming
//! allocates a new record per row; line numbers are only counted for rows
//! that have a problem.

use csv::{ByteRecord, Reader, ReaderBuilder, StringRecord, Trim};

use super::report::Report;
pub use crate::bytes::Bytes;

/// The bytes of one input file and the name to report it by.
#[derive(Debug)]
pub struct InputFile {
    pub display: String,
    pub data: Bytes,
}

/// The first control character (other than a tab) in a cell: such names
/// and values would make invalid SVG and XML, so a load refuses them.
pub fn control_byte(cell: &[u8]) -> Option<u8> {
    cell.iter()
        .copied()
        .find(|&b| (b < 0x20 && b != b'\t') || b == 0x7f)
}

/// `bytes` as text that can be read as plain lines: UTF-8, with no control
/// character but tabs and line ends, and every carriage return just before
/// a line feed. One pass the compiler vectorizes, rather than a check per
/// cell.
pub fn plain_text(bytes: &[u8]) -> Option<&str> {
    let control = bytes.chunks(4096).any(|block| {
        block.iter().fold(false, |found, &b| {
            found | ((b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0x7f)
        })
    });
    let lone_cr = memchr::memchr_iter(b'\r', bytes).any(|at| bytes.get(at + 1) != Some(&b'\n'));
    if control || lone_cr {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

/// The lines of `text`, each with the number of lines before it and
/// without its line end, skipping empty ones (the csv reader skips them).
pub fn lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    let mut rest = text;
    let mut before = 0;
    std::iter::from_fn(move || {
        loop {
            if rest.is_empty() {
                return None;
            }
            let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
            let line = &rest[..end];
            rest = rest.get(end + 1..).unwrap_or_default();
            before += 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if !line.is_empty() {
                return Some((before - 1, line));
            }
        }
    })
}

/// The cells of an unquoted `line`, untrimmed, split at `delimiter`, with
/// how many there are; `None` when there are more than `N`.
pub fn split_line<const N: usize>(line: &str, delimiter: u8) -> Option<([&str; N], usize)> {
    let mut cells = [""; N];
    let mut n = 0;
    let mut start = 0;
    for end in memchr::memchr_iter(delimiter, line.as_bytes()).chain([line.len()]) {
        *cells.get_mut(n)? = &line[start..end];
        n += 1;
        start = end + 1;
    }
    Some((cells, n))
}

/// The problem reported for a cell holding `byte`.
pub fn control_message(byte: u8) -> String {
    format!("holds the control character U+{byte:04X}: names and values must be printable text")
}

pub use crate::bytes::not_regular;

/// The header row of a file.
#[derive(Clone, Debug)]
pub struct Header {
    names: Vec<String>,
}

impl Header {
    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn name(&self, index: usize) -> &str {
        &self.names[index]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// One well-formed data row.
pub struct Row<'r> {
    /// 1-based line the row starts on.
    pub line: u64,
    record: &'r StringRecord,
}

impl<'r> Row<'r> {
    /// The trimmed cell at `index` (empty when out of range).
    pub fn get(&self, index: usize) -> &'r str {
        self.record.get(index).map_or("", str::trim)
    }

    pub fn len(&self) -> usize {
        self.record.len()
    }

    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }
}

/// Field separator and quoting of a file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// RFC 4180 CSV with double-quote quoting.
    Csv,
    /// Tab-separated, no quoting (KGX).
    Tsv,
}

impl Dialect {
    /// The byte between cells.
    pub fn delimiter(self) -> u8 {
        match self {
            Dialect::Csv => b',',
            Dialect::Tsv => b'\t',
        }
    }
}

/// The file's bytes without a UTF-8 byte-order mark.
pub fn body(file: &InputFile) -> &[u8] {
    let data: &[u8] = &file.data;
    data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data)
}

/// A csv reader for the dialect; no header handling, no trimming, ragged
/// rows allowed (they are reported by the caller).
pub fn reader(dialect: Dialect, data: &[u8]) -> Reader<&[u8]> {
    ReaderBuilder::new()
        .delimiter(dialect.delimiter())
        .quoting(dialect == Dialect::Csv)
        .flexible(true)
        .trim(Trim::None)
        .has_headers(false)
        .buffer_capacity(1 << 16)
        .from_reader(data)
}

/// Reads and checks the header row. Returns it with the byte offset where the
/// data rows start, or `None` when the file has no header (reported).
pub fn header(file: &InputFile, dialect: Dialect, report: &mut Report) -> Option<(Header, usize)> {
    let data = body(file);
    if data.iter().all(u8::is_ascii_whitespace) {
        report.file(&file.display, "file is empty: expected a header row");
        return None;
    }
    let mut reader = reader(dialect, data);
    let mut raw = ByteRecord::new();
    let header = match reader.read_byte_record(&mut raw) {
        Ok(true) => match StringRecord::from_byte_record(raw) {
            Ok(record) => Header {
                names: record.iter().map(|n| n.trim().to_owned()).collect(),
            },
            Err(_) => {
                report.at(&file.display, 1, None, "header row is not valid UTF-8");
                return None;
            }
        },
        Ok(false) => {
            report.file(&file.display, "file is empty: expected a header row");
            return None;
        }
        Err(err) => {
            report.at(&file.display, 1, None, format!("unreadable header: {err}"));
            return None;
        }
    };
    if let Some(name) = header.names.iter().find(|n| n.contains(['\n', '\r'])) {
        let end = 1 + name.matches('\n').count();
        report.at(
            &file.display,
            1,
            None,
            format!(
                "the header row has a quote left open: a quoted name runs on to line {end} (a header is one line)"
            ),
        );
        return None;
    }
    for (i, name) in header.names.iter().enumerate() {
        if name.is_empty() {
            report.at(
                &file.display,
                1,
                None,
                format!("header cell {} is empty", i + 1),
            );
        } else if header.names[..i].contains(name) {
            report.at(
                &file.display,
                1,
                Some(name),
                "column appears twice in the header",
            );
        }
    }

    Some((header, reader.position().byte() as usize))
}

/// Reads `file`, calling `visit` for every well-formed row. Returns the header,
/// or `None` when the file has none (reported).
pub fn read(
    file: &InputFile,
    dialect: Dialect,
    report: &mut Report,
    mut visit: impl FnMut(&Header, Row<'_>, &mut Report),
) -> Option<Header> {
    let (header, start) = self::header(file, dialect, report)?;
    let data = body(file);
    let mut reader = reader(dialect, &data[start..]);
    // Lines are counted from byte offsets: the csv crate's own line counter
    // does not follow CRLF and skipped blank lines the way editors do.
    let mut lines = LineCounter::starting_at(data, start);
    let mut record = StringRecord::new();
    loop {
        let mut bytes = record.into_byte_record();
        match reader.read_byte_record(&mut bytes) {
            Ok(true) => {}
            Ok(false) => break,
            Err(err) => {
                let line = err
                    .position()
                    .map_or(0, |p| lines.line_at(start + p.byte() as usize));
                report.at(&file.display, line, None, format!("malformed row: {err}"));
                record = StringRecord::new();
                continue;
            }
        }
        let line = bytes
            .position()
            .map_or(0, |p| lines.line_at(start + p.byte() as usize));
        record = match StringRecord::from_byte_record(bytes) {
            Ok(record) => record,
            Err(err) => {
                let field = err.utf8_error().field();
                let column = header.names.get(field).map(String::as_str);
                report.at(&file.display, line, column, "invalid UTF-8");
                StringRecord::from_byte_record(err.into_byte_record()).unwrap_or_default()
            }
        };
        if record.is_empty() {
            continue;
        }
        if let Some(cell) = record.iter().find(|cell| cell.contains(['\n', '\r'])) {
            let end = line + cell.trim().matches('\n').count() as u64;
            report.at(
                &file.display,
                line,
                None,
                format!(
                    "a quoted cell runs on to line {end}: cells must be on one line (a line break in a value, or a quote left open)"
                ),
            );
            continue;
        }
        if let Some((i, byte)) = record
            .iter()
            .enumerate()
            .find_map(|(i, cell)| control_byte(cell.as_bytes()).map(|b| (i, b)))
        {
            report.at(
                &file.display,
                line,
                header.names.get(i).map(String::as_str),
                control_message(byte),
            );
            continue;
        }
        if record.len() != header.len() {
            report.at(
                &file.display,
                line,
                None,
                format!(
                    "wrong number of fields: expected {} as in the header, found {}",
                    header.len(),
                    record.len()
                ),
            );
            continue;
        }
        visit(
            &header,
            Row {
                line,
                record: &record,
            },
            report,
        );
    }
    Some(header)
}

/// Byte offsets cutting `data[start..]` into about `parts` pieces, each
/// ending just after a line feed.
pub fn cut_at_lines(data: &[u8], start: usize, parts: usize) -> Vec<usize> {
    let mut cuts = vec![start];
    let step = (data.len() - start) / parts.max(1);
    for k in 1..parts {
        let at = (start + k * step).max(*cuts.last().expect("not empty"));
        match memchr::memchr(b'\n', &data[at..]) {
            Some(nl) if at + nl + 1 < data.len() => cuts.push(at + nl + 1),
            _ => break,
        }
    }
    cuts.push(data.len());
    cuts.dedup();
    cuts
}

/// Turns increasing byte offsets into 1-based line numbers in one pass.
pub struct LineCounter<'a> {
    data: &'a [u8],
    offset: usize,
    /// The line at `offset`, counted on first use (most rows never need it).
    line: Option<u64>,
}

impl<'a> LineCounter<'a> {
    /// A counter for offsets at or after `offset` in `data`.
    pub fn starting_at(data: &'a [u8], offset: usize) -> Self {
        LineCounter {
            data,
            offset: offset.min(data.len()),
            line: None,
        }
    }

    /// The line of the first byte of the record starting at or after `byte`
    /// (the reader reports a record's start before the previous line end).
    pub fn line_at(&mut self, byte: usize) -> u64 {
        let line = *self.line.get_or_insert_with(|| {
            1 + memchr::memchr_iter(b'\n', &self.data[..self.offset]).count() as u64
        });
        let mut byte = byte.min(self.data.len());
        while byte < self.data.len() && matches!(self.data[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte >= self.offset {
            let line =
                line + memchr::memchr_iter(b'\n', &self.data[self.offset..byte]).count() as u64;
            self.line = Some(line);
            self.offset = byte;
        }
        self.line.unwrap_or(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &'static [u8]) -> (Vec<(u64, Vec<String>)>, Report) {
        let file = InputFile {
            display: "t.csv".into(),
            data: Bytes::Static(text),
        };
        let mut report = Report::default();
        let mut out = Vec::new();
        read(&file, Dialect::Csv, &mut report, |_, row, _| {
            out.push((
                row.line,
                (0..row.len()).map(|i| row.get(i).to_owned()).collect(),
            ));
        });
        (out, report)
    }

    #[test]
    fn reads_rows_with_lines_bom_and_crlf() {
        let (rows, report) = rows(b"\xEF\xBB\xBFid,name\r\na, A \r\n\r\nb,B\r\n");
        assert!(report.is_empty(), "{report}");
        assert_eq!(rows[0], (2, vec!["a".into(), "A".into()]));
        assert_eq!(rows[1].0, 4);
    }

    #[test]
    fn reports_wrong_field_count_and_keeps_going() {
        let (rows, report) = rows(b"id,name\na\nb,B\n");
        assert_eq!(rows.len(), 1);
        assert_eq!(report.problems()[0].line, Some(2));
        assert!(report.problems()[0].message.contains("expected 2"));
    }

    #[test]
    fn reports_unbalanced_quote() {
        let (_, report) = rows(b"id,name\n\"a,A\nb,B\n");
        assert_eq!(report.problems()[0].line, Some(2));
        assert!(report.problems()[0].message.contains("a quote left open"));
    }

    #[test]
    fn reports_invalid_utf8_with_column() {
        let (rows, report) = rows(b"id,name\na,\xFF\n");
        assert!(rows.is_empty());
        assert_eq!(report.problems()[0].column.as_deref(), Some("name"));
    }

    #[test]
    fn cuts_fall_after_line_ends() {
        let data = b"h\naaaa\nbbbb\ncccc\ndddd\n";
        let cuts = cut_at_lines(data, 2, 3);
        assert_eq!(cuts.first(), Some(&2));
        assert_eq!(cuts.last(), Some(&data.len()));
        for &c in &cuts[1..cuts.len() - 1] {
            assert_eq!(data[c - 1], b'\n');
        }
        assert!(cuts.len() >= 3);
    }

    #[test]
    fn plain_lines_are_utf8_without_controls_or_lone_carriage_returns() {
        assert!(plain_text(b"a,b\r\nc\td,\xc3\xa9\n").is_some());
        for bad in [&b"a\rb\n"[..], b"a\r", b"a\x07\n", b"a\x7f", b"\xff\n"] {
            assert!(plain_text(bad).is_none(), "{bad:?}");
        }
        let got: Vec<(u64, &str)> = lines("a\r\n\n\r\nb\nc").collect();
        assert_eq!(got, [(0, "a"), (3, "b"), (4, "c")]);
        assert_eq!(split_line::<3>("a, b,", b','), Some((["a", " b", ""], 3)));
        assert_eq!(split_line::<2>("a,b,c", b','), None);
    }

    #[test]
    fn reports_empty_file() {
        let (_, report) = rows(b"\xEF\xBB\xBF \n");
        assert!(report.problems()[0].message.contains("empty"));
    }
}
