//! Big node files of plain columns, checked on every core.
//!
//! An open-vocabulary node file whose only columns are `id`, `category`,
//! `name` (and icigraph's own category column), with no quote (CSV) or
//! backslash (TSV) anywhere, holds one row per line. Such a file is cut at
//! line ends and its parts are checked in parallel; the nodes are then added
//! in file order, a batch at a time, with the string-index slots of a batch
//! fetched together (a load of ten million nodes was mostly waiting on those
//! cache misses one at a time).
//!
//! A part with anything this reader does not check itself (bad UTF-8, a
//! control character, a ragged row, an empty required cell, a lone carriage
//! return) sends the whole file to the general reader before any node is
//! added, so the problems are reported by the one reader that knows them
//! all. What the nodes themselves can still get wrong (a duplicate id, an
//! open schema out of categories) is reported here through the same
//! functions as there, so both readers give the same graph and report.

use std::thread;

use rustc_hash::FxHashMap;

use crate::graph::NewNode;
use crate::schema::CategoryId;

use super::records::{NodeReader, add_row, row_category};
use super::report::Report;
use super::table::{self, Dialect, InputFile};

/// Files smaller than this are read on one thread (thread start-up would cost
/// more than it saves).
pub(super) const PARALLEL_BYTES: usize = 4 << 20;

/// Nodes whose string slots are fetched before any of them is added.
const BATCH: usize = 32;

/// The columns this reader understands.
const PLAIN: &[&str] = &["id", "category", "name", crate::biolink::CATEGORY];

/// Distinct (category cell, own category) pairs a part may name before the
/// file is left to the general reader.
const MAX_PAIRS: usize = 256;

/// One checked row, its cells trimmed, borrowed from the file.
struct Row<'a> {
    id: &'a str,
    /// The id when the name cell is empty.
    name: &'a str,
    line: u64,
    /// Index into the part's category pairs.
    category: u16,
}

/// The rows of one part of the file.
struct Part<'a> {
    rows: Vec<Row<'a>>,
    /// (category cell, own category cell), in order of first use.
    categories: Vec<(&'a str, &'a str)>,
}

/// Where each understood column is in the header.
#[derive(Clone, Copy)]
struct Layout {
    width: usize,
    id: usize,
    category: usize,
    name: Option<usize>,
    own: Option<usize>,
    delimiter: u8,
}

/// Reads `file` if it is a plain node file of at least `min_bytes` with no
/// problem a row can have; `false` (nothing added) leaves it to the general
/// reader.
pub(super) fn read_nodes(
    reader: &mut NodeReader<'_>,
    file: &InputFile,
    file_no: u32,
    min_bytes: usize,
) -> bool {
    let data = table::body(file);
    if data.len() < min_bytes {
        return false;
    }
    let mut scratch = Report::default();
    let Some((header, start)) = table::header(file, reader.dialect, &mut scratch) else {
        return false;
    };
    let names = header.names();
    if !scratch.is_empty() || !names.iter().all(|n| PLAIN.contains(&n.as_str())) {
        return false;
    }
    let (Some(id), Some(category)) = (header.index("id"), header.index("category")) else {
        return false;
    };
    let escape = match reader.dialect {
        Dialect::Csv => b'"',
        Dialect::Tsv => b'\\',
    };
    if memchr::memchr(escape, &data[start..]).is_some() {
        return false;
    }
    let layout = Layout {
        width: names.len(),
        id,
        category,
        name: header.index("name"),
        own: header.index(crate::biolink::CATEGORY),
        delimiter: reader.dialect.delimiter(),
    };
    let Some(parts) = check_parts(data, start, layout) else {
        return false;
    };
    let pairs: usize = parts.iter().map(|p| p.categories.len()).sum();
    let schema = reader.graph.schema();
    if schema.categories().len() + pairs >= u16::MAX as usize {
        return false;
    }
    add_parts(reader, file, file_no, parts);
    true
}

/// Checks the rows of `data[start..]` on every core; `None` at the first
/// row with a problem.
fn check_parts(data: &[u8], start: usize, layout: Layout) -> Option<Vec<Part<'_>>> {
    let threads = thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let cuts = table::cut_at_lines(data, start, threads);
    let first_line = 1 + memchr::memchr_iter(b'\n', &data[..start]).count() as u64;
    // Each part's first line: the lines before it, counted per part.
    let mut lines = vec![first_line];
    for w in cuts.windows(2) {
        let before = *lines.last().expect("not empty");
        lines.push(before + memchr::memchr_iter(b'\n', &data[w[0]..w[1]]).count() as u64);
    }
    thread::scope(|scope| {
        let handles: Vec<_> = cuts
            .windows(2)
            .zip(&lines)
            .map(|(w, &line)| {
                let bytes = &data[w[0]..w[1]];
                scope.spawn(move || check_part(bytes, line, layout))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("node reader thread does not panic"))
            .collect()
    })
}

/// The rows of one part starting at line `line`, or `None` if any row has a
/// problem (see the module docs).
fn check_part(bytes: &[u8], line: u64, layout: Layout) -> Option<Part<'_>> {
    let text = table::plain_text(bytes)?;
    let mut part = Part {
        rows: Vec::with_capacity(bytes.len() / 32),
        categories: Vec::new(),
    };
    let mut pairs: FxHashMap<(&str, &str), u16> = FxHashMap::default();
    for (before, raw) in table::lines(text) {
        let (cells, width) = table::split_line::<{ PLAIN.len() }>(raw, layout.delimiter)?;
        if width != layout.width {
            return None;
        }
        let cells = cells.map(str::trim);
        let (id, category) = (cells[layout.id], cells[layout.category]);
        if id.is_empty() || category.is_empty() {
            return None;
        }
        let name = layout.name.map_or("", |i| cells[i]);
        let own = layout.own.map_or("", |i| cells[i]);
        let next = part.categories.len();
        let category = *pairs.entry((category, own)).or_insert_with(|| {
            part.categories.push((category, own));
            next as u16
        });
        if part.categories.len() > MAX_PAIRS {
            return None;
        }
        part.rows.push(Row {
            id,
            name: if name.is_empty() { id } else { name },
            line: line + before,
            category,
        });
    }
    Some(part)
}

/// Adds the checked rows in file order.
fn add_parts(reader: &mut NodeReader<'_>, file: &InputFile, file_no: u32, parts: Vec<Part<'_>>) {
    let graph = &mut *reader.graph;
    for part in parts {
        let categories: Vec<Result<CategoryId, String>> = part
            .categories
            .iter()
            .map(|&(cell, own)| row_category(graph, cell, own))
            .collect();
        for batch in part.rows.chunks(BATCH) {
            for row in batch {
                graph.prefetch_string(row.id);
                graph.prefetch_string(row.name);
            }
            for row in batch {
                match &categories[row.category as usize] {
                    Ok(category) => add_row(
                        graph,
                        &mut reader.origins,
                        reader.report,
                        (file_no, &file.display),
                        row.line,
                        *category,
                        NewNode {
                            id: row.id,
                            name: row.name,
                            ..NewNode::default()
                        },
                    ),
                    Err(message) => {
                        reader
                            .report
                            .at(&file.display, row.line, Some("category"), message.clone())
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::graph::Graph;
    use crate::load::records::{Origins, Strictness};
    use crate::load::table::Bytes;
    use crate::schema::Schema;

    /// What a read produced: every string by symbol, every node, the
    /// categories with their Biolink classes, and the report.
    type Outcome = (
        Vec<Vec<u8>>,
        Vec<(String, String, String)>,
        Vec<(String, String)>,
        Report,
    );

    /// Reads `text` with the plain reader (`plain`) or the general one;
    /// `None` when the plain reader leaves the file to the general one.
    fn read(text: &[u8], dialect: Dialect, plain: bool) -> Option<Outcome> {
        let file = InputFile {
            display: "nodes.csv".into(),
            data: Bytes::Owned(text.to_vec()),
        };
        let mut graph = Graph::new(Schema::open());
        let mut report = Report::default();
        let mut reader = NodeReader {
            graph: &mut graph,
            report: &mut report,
            strictness: Strictness::Open,
            dialect,
            origins: Origins::default(),
        };
        if plain {
            reader.origins_push(&file.display);
            if !read_nodes(&mut reader, &file, 0, 0) {
                return None;
            }
        } else {
            assert!(
                text.len() < PARALLEL_BYTES,
                "small inputs take the general reader"
            );
            reader.read(&file);
        }
        let strings = graph.strings().iter().map(<[u8]>::to_vec).collect();
        let nodes = graph
            .node_indices()
            .map(|ix| {
                let node = graph.node(ix);
                let name = node.category().name.clone();
                (node.id().to_owned(), node.name().to_owned(), name)
            })
            .collect();
        let categories = graph
            .schema()
            .categories()
            .iter()
            .map(|c| (c.name.clone(), c.biolink.clone()))
            .collect();
        Some((strings, nodes, categories, report))
    }

    fn same(text: &str, dialect: Dialect) {
        let plain = read(text.as_bytes(), dialect, true).expect("a plain file");
        let general = read(text.as_bytes(), dialect, false).expect("always reads");
        assert_eq!(plain, general, "{text:?}");
    }

    #[test]
    fn plain_files_read_as_the_general_reader_reads_them() {
        same(
            "id,name,category\na:1,A one,Gene\na:2,,biolink:Gene\n",
            Dialect::Csv,
        );
        // CRLF, a byte-order mark, blank lines, no final line end.
        same(
            "\u{feff}id,category,name\r\n\r\na:1, Gene ,x\r\na:2,Disease|Gene,\r\n\na:3,Gene, y ",
            Dialect::Csv,
        );
        // A name that is another node's id, and a node named by its id.
        same(
            "id,name,category\na:1,a:2,Gene\na:2,,Gene\na:3,a:1,Gene\n",
            Dialect::Csv,
        );
        // Unicode spaces are trimmed as the general reader trims them.
        same(
            "id,name,category\n\u{a0}a:1\u{2003},β2M\u{a0},Gene\n",
            Dialect::Csv,
        );
        // icigraph's own category beside the Biolink class, and TSV.
        same(
            "id\tcategory\tici:category\tname\na:1\tbiolink:Gene\tMarker\tm\na:2\tbiolink:Gene\t\tn\n",
            Dialect::Tsv,
        );
        // Only id and category.
        same("category,id\nGene,a:1\nGene,a:2\n", Dialect::Csv);
    }

    #[test]
    fn duplicate_ids_are_reported_as_the_general_reader_reports_them() {
        let text = "id,name,category\na:1,x,Gene\na:2,y,Gene\na:1,z,Disease\n\na:2,,Gene\n";
        same(text, Dialect::Csv);
        let (_, nodes, _, report) = read(text.as_bytes(), Dialect::Csv, true).unwrap();
        assert_eq!(nodes.len(), 2);
        let messages: Vec<String> = report.problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            messages,
            [
                "nodes.csv:4: column \"id\": duplicate node id \"a:1\" (first defined at nodes.csv:2)",
                "nodes.csv:6: column \"id\": duplicate node id \"a:2\" (first defined at nodes.csv:3)",
            ]
        );
    }

    #[test]
    fn files_with_any_row_problem_are_left_to_the_general_reader() {
        for text in [
            "id,name,category\na:1,\"quoted\",Gene\n",
            "id,name,category\na:1,x\n",
            "id,name,category\na:1,x,Gene,extra\n",
            "id,name,category\n,x,Gene\n",
            "id,name,category\na:1,x, \n",
            "id,name,category\na:1,x\u{7}y,Gene\n",
            "id,name,category\na:1,x\ry,Gene\n",
            "id,name,category,description\na:1,x,Gene,d\n",
            "id,name,category,synonyms\na:1,x,Gene,s\n",
            "id,name\na:1,x\n",
            "id,id,category\na:1,a:1,Gene\n",
        ] {
            assert!(
                read(text.as_bytes(), Dialect::Csv, true).is_none(),
                "{text:?}"
            );
        }
        let bad_utf8 = b"id,name,category\na:1,\xff,Gene\n";
        assert!(read(bad_utf8, Dialect::Csv, true).is_none());
        assert!(
            read(
                b"id\tname\tcategory\na:1\tx\\ty\tGene\n",
                Dialect::Tsv,
                true
            )
            .is_none()
        );
    }

    proptest! {
        /// Rows drawn from a few ids, names and categories (so names meet
        /// ids and ids repeat) read the same by both readers.
        #[test]
        fn random_plain_files_read_the_same(
            rows in proptest::collection::vec((0..12u8, 0..14u8, 0..4u8), 0..60),
            crlf in any::<bool>(),
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("id,name,category{end}");
            for (id, name, category) in rows {
                let name = match name {
                    0 => String::new(),
                    n if n < 6 => format!("x:{n}"),
                    n => format!("name {n}"),
                };
                let category = ["Gene", "biolink:Disease", "Gene|Protein", " Cell "][category as usize];
                text.push_str(&format!("x:{id},{name},{category}{end}"));
            }
            same(&text, Dialect::Csv);
        }
    }
}
