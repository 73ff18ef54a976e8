//! Reads edge files: the hot path of a large load (millions of rows).
//!
//! Rows are read as csv `ByteRecord`s and never turned into `String`s: end
//! points are looked up as byte slices in a table of node ids, predicates go
//! through a small per-chunk cache, and only property cells are decoded. A big
//! open-vocabulary file without quotes is cut at line ends into one chunk per
//! core, read in parallel; chunk results are merged in file order, so ids,
//! predicate numbering and the problem report are those of a sequential read.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::thread;

use csv::ByteRecord;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::graph::Adjacency;
use crate::graph::{Graph, NewValue, NodeIx};
use crate::progress::Progress;
use crate::schema::PredicateId;

use super::records::{self, Extra, Strictness};
use super::report::Report;
use super::table::{self, Dialect, Header, InputFile, LineCounter};

use super::plain::PARALLEL_BYTES;
use super::table::cut_at_lines;

/// Rows read before their end points are looked up together.
const BATCH: usize = 64;

/// The most columns a file read as plain lines has.
const MAX_PLAIN_WIDTH: usize = 8;

/// Node ids as bytes, so end points are found without decoding cells.
///
/// An open-addressing table of 32-byte slots holding ids of up to 23 bytes
/// (nearly all) inline, as three `u64`s with their length: a look-up hashes
/// and compares fixed-size words in one cache line and never follows a
/// pointer to the key. Profiling showed boxed-slice keys spending half the
/// load in `memcmp` on cache misses. Longer ids go to a second map.
pub struct IdTable {
    slots: Vec<Slot>,
    mask: usize,
    long: HashMap<Box<[u8]>, u32, foldhash::fast::FixedState>,
}

#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    key: Short,
    /// The node + 1; 0 is a vacant slot, so a new table is zeroed memory.
    node: u32,
}

const VACANT: u32 = 0;

#[derive(Clone, Copy, PartialEq, Eq)]
struct Short([u64; 3]);

// SAFETY: three `u64`s, no padding; all zeros is a value.
unsafe impl bytemuck::Zeroable for Short {}
// SAFETY: a `u32` after a 24-byte key, padded to 32 bytes; all zeros is the
// vacant slot.
unsafe impl bytemuck::Zeroable for Slot {}

impl Short {
    fn new(id: &[u8]) -> Option<Short> {
        if id.len() > 23 {
            return None;
        }
        let mut bytes = [0u8; 24];
        bytes[..id.len()].copy_from_slice(id);
        bytes[23] = id.len() as u8;
        let word =
            |i: usize| u64::from_le_bytes(bytes[i * 8..i * 8 + 8].try_into().expect("8 bytes"));
        Some(Short([word(0), word(1), word(2)]))
    }

    fn hash(&self) -> usize {
        let mut h = foldhash::fast::FixedState::default().build_hasher();
        h.write_u64(self.0[0]);
        h.write_u64(self.0[1]);
        h.write_u64(self.0[2]);
        h.finish() as usize
    }
}

/// A key prepared for look-up: its inline form and home slot.
#[derive(Clone, Copy)]
enum Key {
    Short(Short, usize),
    /// Over 23 bytes: looked up by its bytes in the second map.
    Long,
}

/// Ids inserted after their home slots were fetched together.
const INSERT_BATCH: usize = 32;

impl IdTable {
    /// The table of every node id of `graph`, at most two thirds full. It
    /// starts as zeroed memory (pages the kernel hands out already clear)
    /// and is filled a batch at a time, with the batch's home slots fetched
    /// first.
    pub fn of(graph: &Graph) -> IdTable {
        let n = graph.node_count();
        let capacity = (n + n / 2 + 1).next_power_of_two().max(16);
        let mut table = IdTable {
            slots: bytemuck::zeroed_vec(capacity),
            mask: capacity - 1,
            long: HashMap::default(),
        };
        let mut batch: Vec<(&[u8], Key, u32)> = Vec::with_capacity(INSERT_BATCH);
        let mut nodes = graph.node_indices().peekable();
        while nodes.peek().is_some() {
            batch.clear();
            for ix in nodes.by_ref().take(INSERT_BATCH) {
                let id = graph.node(ix).id().as_bytes();
                let key = table.key(id);
                table.touch(key);
                batch.push((id, key, ix.index() as u32 + 1));
            }
            for &(id, key, node) in &batch {
                match key {
                    Key::Short(key, mut i) => {
                        while table.slots[i].node != VACANT && table.slots[i].key != key {
                            i = (i + 1) & table.mask;
                        }
                        table.slots[i] = Slot { key, node };
                    }
                    Key::Long => {
                        table.long.insert(id.into(), node);
                    }
                }
            }
        }
        table
    }

    fn key(&self, id: &[u8]) -> Key {
        match Short::new(id) {
            Some(key) => Key::Short(key, key.hash() & self.mask),
            None => Key::Long,
        }
    }

    /// Touches a key's home slot so that a batch of look-ups waits for its
    /// cache misses together rather than one after another.
    fn touch(&self, key: Key) {
        if let Key::Short(_, home) = key {
            crate::prefetch::prefetch(&self.slots[home]);
        }
    }

    /// The node of `id`, whose key is `key`.
    fn find(&self, key: Key, id: &[u8]) -> Option<u32> {
        match key {
            Key::Short(key, mut i) => loop {
                let slot = &self.slots[i];
                if slot.node == VACANT {
                    return None;
                }
                if slot.key == key {
                    return Some(slot.node - 1);
                }
                i = (i + 1) & self.mask;
            },
            Key::Long => self.long.get(id).map(|&node| node - 1),
        }
    }
}

/// One edge as read, before predicates are numbered graph-wide.
#[derive(Clone, Copy, Debug)]
pub struct RawEdge {
    pub subject: u32,
    pub object: u32,
    /// Index into the chunk's predicate table.
    pub predicate: u16,
}

/// A predicate name as met in a chunk.
#[derive(Clone, Debug)]
enum Pred {
    Known(PredicateId),
    /// New to an open schema: numbered when chunks are merged; with its
    /// Biolink term when the file gives one.
    New(String, String),
    /// Not in a closed schema, or not UTF-8: its rows are reported.
    Bad,
}

/// What reading one chunk of an edge file produced.
pub struct Chunk {
    pub edges: Vec<RawEdge>,
    /// Properties of the edges that have any: (index into `edges`, (key, value)).
    props: Vec<(u32, Vec<(usize, NewValue)>)>,
    keys: Vec<String>,
    preds: Vec<Pred>,
    report: Report,
}

/// The edge chunks of a load, with predicates numbered graph-wide.
#[derive(Default)]
pub struct Edges {
    chunks: Vec<(Chunk, Vec<PredicateId>)>,
}

impl Edges {
    pub fn count(&self) -> usize {
        self.chunks.iter().map(|(c, _)| c.edges.len()).sum()
    }

    /// `(subject, object)` of every edge, in load order.
    pub fn ends(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.chunks
            .iter()
            .flat_map(|(c, _)| c.edges.iter().map(|e| (e.subject, e.object)))
    }

    /// Adds every edge to `graph` in load order, building the adjacency
    /// index from the same arrays on another thread meanwhile.
    pub fn build(self, graph: &mut Graph) {
        let (nodes, count) = (graph.node_count(), self.count());
        graph.reserve(0, count);
        // Built meanwhile on another thread from the same arrays.
        let adjacency = thread::scope(|scope| {
            let adjacency = scope.spawn(|| Adjacency::build(nodes, count, || self.ends()));
            self.add_to(graph);
            adjacency.join().expect("adjacency thread does not panic")
        });
        graph.set_adjacency(adjacency);
    }

    fn add_to(&self, graph: &mut Graph) {
        for (chunk, preds) in &self.chunks {
            if chunk.props.is_empty() {
                graph.push_plain_edges(
                    chunk
                        .edges
                        .iter()
                        .map(|e| (e.subject, preds[e.predicate as usize], e.object)),
                );
                continue;
            }
            let mut props = chunk.props.iter().peekable();
            for (i, e) in chunk.edges.iter().enumerate() {
                let props = match props.next_if(|(at, _)| *at as usize == i) {
                    Some((_, values)) => graph.intern_props(
                        values
                            .iter()
                            .map(|(k, v)| (chunk.keys[*k].as_str(), v.clone()))
                            .collect(),
                    ),
                    None => Default::default(),
                };
                graph.push_edge(
                    NodeIx::new(e.subject as usize),
                    preds[e.predicate as usize],
                    NodeIx::new(e.object as usize),
                    props,
                );
            }
        }
    }
}

/// Reads one edge file into `edges`, reporting every problem.
pub fn read(
    file: &InputFile,
    graph: &mut Graph,
    ids: &IdTable,
    (strictness, dialect): (Strictness, Dialect),
    report: &mut Report,
    edges: &mut Edges,
    progress: &dyn Progress,
) {
    let curated = strictness == Strictness::Curated;
    let required: &[&str] = if curated {
        &["subject", "predicate", "object", "refs"]
    } else {
        &["subject", "predicate", "object"]
    };
    let Some((header, start)) = table::header(file, dialect, report) else {
        return;
    };
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|name| header.index(name).is_none())
        .collect();
    for name in &missing {
        report.at(
            &file.display,
            1,
            None,
            format!(
                "missing required column \"{name}\" (the header has: {})",
                header.names().join(", ")
            ),
        );
    }
    // A curated folder whose schema lists provenance values states them on
    // every edge: each field of `schema/provenance.csv` is a column.
    let mut fields: Vec<&str> = Vec::new();
    if curated {
        for value in graph.schema().provenance_values() {
            if !fields.contains(&value.field.as_str()) {
                fields.push(&value.field);
            }
        }
    }
    let unstated: Vec<&str> = fields
        .into_iter()
        .filter(|name| header.index(name).is_none())
        .collect();
    if !unstated.is_empty() {
        report.at(
            &file.display,
            1,
            None,
            format!(
                "missing provenance column{} {} (schema/provenance.csv lists them; the header has: {})",
                if unstated.len() == 1 { "" } else { "s" },
                unstated
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                header.names().join(", ")
            ),
        );
        return;
    }
    if !missing.is_empty() {
        return;
    }
    let data = table::body(file);
    let quoted = dialect == Dialect::Csv && memchr::memchr(b'"', &data[start..]).is_some();
    let column = |name: &str| header.index(name).expect("required column checked");
    let plan = Plan {
        file: &file.display,
        data,
        dialect,
        curated,
        quoted,
        subject: column("subject"),
        // A KGX file written by icigraph names its own predicate beside the
        // Biolink one; the Biolink term is then kept in the schema.
        predicate: header
            .index(crate::biolink::PREDICATE)
            .filter(|_| !curated)
            .unwrap_or_else(|| column("predicate")),
        biolink: header
            .index(crate::biolink::PREDICATE)
            .filter(|_| !curated)
            .map(|_| column("predicate")),
        object: column("object"),
        required: required.iter().map(|name| (column(name), *name)).collect(),
        header: &header,
        extras: records::extras(
            &header,
            &["subject", "predicate", "object", crate::biolink::PREDICATE],
            strictness,
            dialect,
            graph.schema(),
        ),
        graph,
        ids,
        progress,
    };
    progress.advance(start as u64);
    let cuts = if curated || quoted || data.len() - start < PARALLEL_BYTES {
        vec![start, data.len()]
    } else {
        let parts = thread::available_parallelism().map_or(1, |n| n.get().min(8));
        cut_at_lines(data, start, parts)
    };
    let chunks: Vec<Chunk> = if cuts.len() == 2 {
        vec![plan.read_chunk(cuts[0], cuts[1])]
    } else {
        thread::scope(|scope| {
            let plan = &plan;
            let handles: Vec<_> = cuts
                .windows(2)
                .map(|w| {
                    let (from, to) = (w[0], w[1]);
                    scope.spawn(move || plan.read_chunk(from, to))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("edge reader thread does not panic"))
                .collect()
        })
    };
    for mut chunk in chunks {
        let preds = chunk
            .preds
            .iter()
            .map(|p| match p {
                Pred::Known(id) => *id,
                Pred::New(name, biolink) => match graph.schema_mut().predicate_or_add(name) {
                    Some(id) => {
                        if !biolink.is_empty() {
                            graph.schema_mut().set_predicate_biolink(id, biolink);
                        }
                        id
                    }
                    None => {
                        chunk
                            .report
                            .file(&file.display, "too many predicates (at most 65535)");
                        PredicateId(0)
                    }
                },
                Pred::Bad => PredicateId(0),
            })
            .collect();
        report.append(std::mem::take(&mut chunk.report));
        edges.chunks.push((chunk, preds));
    }
}

/// Everything a chunk reader needs, shared read-only between threads.
struct Plan<'a> {
    file: &'a str,
    data: &'a [u8],
    dialect: Dialect,
    curated: bool,
    quoted: bool,
    subject: usize,
    predicate: usize,
    /// The Biolink predicate column when `predicate` is icigraph's own.
    biolink: Option<usize>,
    object: usize,
    required: Vec<(usize, &'static str)>,
    header: &'a Header,
    extras: Vec<Extra>,
    graph: &'a Graph,
    ids: &'a IdTable,
    /// Told the bytes of each batch read.
    progress: &'a dyn Progress,
}

fn cell(record: &ByteRecord, i: usize) -> &[u8] {
    record.get(i).map_or(&[][..], <[u8]>::trim_ascii)
}

impl Plan<'_> {
    /// Reads the rows in `data[from..to]` (which starts at a row start):
    /// as plain lines when the file allows and no row has a problem, else
    /// with the csv reader, which reports every problem.
    fn read_chunk(&self, from: usize, to: usize) -> Chunk {
        let plain = !self.curated
            && !self.quoted
            && self.extras.is_empty()
            && self.biolink.is_none()
            && self.header.len() <= MAX_PLAIN_WIDTH;
        let mut told = 0;
        if plain && let Some(chunk) = self.read_plain(from, to, &mut told) {
            return chunk;
        }
        self.read_records(from, to, told)
    }

    /// Reads a chunk of an open file without quotes or property columns,
    /// one row per line, split at the delimiter; `None` at the first row
    /// with anything to report (bad UTF-8, a control character, a ragged
    /// row, an empty cell, an unknown node or predicate). The edges and
    /// predicate numbering are those [`Plan::read_records`] gives.
    /// Progress is told as rows are read; `told` is how much, so a chunk
    /// read again by the csv reader is not counted twice.
    fn read_plain(&self, from: usize, to: usize, told: &mut u64) -> Option<Chunk> {
        let text = table::plain_text(&self.data[from..to])?;
        let mut chunk = Chunk {
            edges: Vec::with_capacity((to - from) / 24),
            props: Vec::new(),
            keys: Vec::new(),
            preds: Vec::new(),
            report: Report::default(),
        };
        let delimiter = self.dialect.delimiter();
        let width = self.header.len();
        let mut preds: FxHashMap<&[u8], u16> = FxHashMap::default();
        let mut batch: Vec<[&[u8]; 3]> = Vec::with_capacity(BATCH);
        let mut keys: Vec<(Key, Key)> = Vec::with_capacity(BATCH);
        let mut lines = table::lines(text).map(|(_, line)| line).peekable();
        while lines.peek().is_some() {
            batch.clear();
            keys.clear();
            for line in lines.by_ref() {
                let (cells, n) = table::split_line::<MAX_PLAIN_WIDTH>(line, delimiter)?;
                if n != width {
                    return None;
                }
                let cells = cells.map(|c| c.as_bytes().trim_ascii());
                let row = [
                    cells[self.subject],
                    cells[self.predicate],
                    cells[self.object],
                ];
                if row.iter().any(|c| c.is_empty()) {
                    return None;
                }
                let key = (self.ids.key(row[0]), self.ids.key(row[2]));
                self.ids.touch(key.0);
                self.ids.touch(key.1);
                keys.push(key);
                batch.push(row);
                if batch.len() == BATCH {
                    break;
                }
            }
            for (row, &(s, o)) in batch.iter().zip(&keys) {
                let subject = self.ids.find(s, row[0])?;
                let object = self.ids.find(o, row[2])?;
                let predicate = match preds.get(row[1]) {
                    Some(&p) => p,
                    None => {
                        let name = std::str::from_utf8(row[1]).ok()?;
                        let pred = self.predicate_named(name, "");
                        if let Pred::Bad = pred {
                            return None;
                        }
                        let p = u16::try_from(chunk.preds.len()).ok()?;
                        chunk.preds.push(pred);
                        preds.insert(row[1], p);
                        p
                    }
                };
                chunk.edges.push(RawEdge {
                    subject,
                    object,
                    predicate,
                });
            }
            let read = lines.peek().map_or(to - from, |rest| {
                rest.as_ptr() as usize - text.as_ptr() as usize
            }) as u64;
            self.progress.advance(read - *told);
            *told = read;
        }
        self.progress.advance((to - from) as u64 - *told);
        *told = (to - from) as u64;
        Some(chunk)
    }

    /// Reads the rows in `data[from..to]` with the csv reader, reporting
    /// every problem; progress is told for what lies past the first `told`
    /// bytes (told already).
    fn read_records(&self, from: usize, to: usize, told: u64) -> Chunk {
        let mut credit = told;
        let advance = |bytes: u64, credit: &mut u64| {
            let skip = bytes.min(*credit);
            *credit -= skip;
            self.progress.advance(bytes - skip);
        };
        let file = self.file;
        let mut chunk = Chunk {
            edges: Vec::with_capacity((to - from) / 24),
            props: Vec::new(),
            keys: self.extras.iter().map(|e| e.key.clone()).collect(),
            preds: Vec::new(),
            report: Report::default(),
        };
        let bytes = &self.data[from..to];
        // Valid UTF-8 as a whole means every cell is (delimiters are ASCII),
        // so rows need no check of their own.
        let all_utf8 = std::str::from_utf8(bytes).is_ok();
        let mut pred_cache: FxHashMap<Box<[u8]>, u16> = FxHashMap::default();
        let mut seen: FxHashSet<(u32, u16, u32)> = FxHashSet::default();
        let mut lines = LineCounter::starting_at(self.data, from);
        let mut reader = table::reader(self.dialect, bytes);
        let width = self.header.len();
        // Rows are read in batches: the home slots of a batch's end points
        // are prefetched, then looked up, then the rows are checked in file
        // order. A look-up is mostly a cache miss; profiling showed half the
        // load waiting on one miss at a time when each row was finished
        // before the next was parsed.
        let mut batch: Vec<ByteRecord> = (0..BATCH).map(|_| ByteRecord::new()).collect();
        let mut failed: Vec<Option<(usize, String)>> = vec![None; BATCH];
        let mut found: Vec<(Option<u32>, Option<u32>)> = vec![(None, None); BATCH];
        let mut keys: Vec<Option<(Key, Key)>> = vec![None; BATCH];
        let mut more = true;
        let mut reported = 0;
        while more {
            let mut len = 0;
            while len < BATCH {
                match reader.read_byte_record(&mut batch[len]) {
                    Ok(true) => failed[len] = None,
                    Ok(false) => {
                        more = false;
                        break;
                    }
                    Err(err) => {
                        let at = err.position().map_or(0, |p| p.byte() as usize);
                        failed[len] = Some((from + at, format!("malformed row: {err}")));
                    }
                }
                len += 1;
            }
            let read = reader.position().byte();
            advance(read - reported, &mut credit);
            reported = read;
            for i in 0..len {
                let record = &batch[i];
                keys[i] = (failed[i].is_none() && record.len() == width).then(|| {
                    let keys = (
                        self.ids.key(cell(record, self.subject)),
                        self.ids.key(cell(record, self.object)),
                    );
                    self.ids.touch(keys.0);
                    self.ids.touch(keys.1);
                    keys
                });
            }
            for i in 0..len {
                found[i] = match keys[i] {
                    Some((s, o)) => (
                        self.ids.find(s, cell(&batch[i], self.subject)),
                        self.ids.find(o, cell(&batch[i], self.object)),
                    ),
                    None => (None, None),
                };
            }
            for i in 0..len {
                let report = &mut chunk.report;
                if let Some((at, message)) = failed[i].take() {
                    report.at(file, lines.line_at(at), None, message);
                    continue;
                }
                let record = &batch[i];
                let offset = from + record.position().map_or(0, |p| p.byte() as usize);
                let mut line = || lines.line_at(offset);
                if record.is_empty() {
                    continue;
                }
                if !all_utf8 && let Err(err) = std::str::from_utf8(record.as_slice()) {
                    let field = first_bad_field(record, err.valid_up_to());
                    let column = self.header.names().get(field).map(String::as_str);
                    report.at(file, line(), column, "invalid UTF-8");
                    continue;
                }
                if self.quoted
                    && let Some(cell) = record
                        .iter()
                        .find(|c| memchr::memchr2(b'\n', b'\r', c).is_some())
                {
                    let line = line();
                    let end = line + memchr::memchr_iter(b'\n', cell.trim_ascii()).count() as u64;
                    report.at(
                        file,
                        line,
                        None,
                        format!(
                            "a quoted cell runs on to line {end}: cells must be on one line (a line break in a value, or a quote left open)"
                        ),
                    );
                    continue;
                }
                if let Some(byte) = table::control_byte(record.as_slice()) {
                    let at = record.iter().position(|c| table::control_byte(c).is_some());
                    let column = at
                        .and_then(|i| self.header.names().get(i))
                        .map(String::as_str);
                    report.at(file, line(), column, table::control_message(byte));
                    continue;
                }
                if record.len() != width {
                    report.at(
                        file,
                        line(),
                        None,
                        format!(
                            "wrong number of fields: expected {width} as in the header, found {}",
                            record.len()
                        ),
                    );
                    continue;
                }
                let mut ok = true;
                for &(i, name) in &self.required {
                    if cell(record, i).is_empty() {
                        report.at(file, line(), Some(name), "empty value in a required column");
                        ok = false;
                    }
                }
                if !ok {
                    continue;
                }
                // Cells are valid UTF-8 from here on.
                let text = |i: usize| std::str::from_utf8(cell(record, i)).unwrap_or_default();
                let mut endpoint =
                    |i: usize, found: Option<u32>, name: &str, report: &mut Report| {
                        if found.is_none() {
                            let id = text(i);
                            let hint = records::hint_ids(self.graph, id, report);
                            report.at(
                                file,
                                line(),
                                Some(name),
                                format!("\"{id}\" names no node{hint}"),
                            );
                        }
                        found
                    };
                let subject = endpoint(self.subject, found[i].0, "subject", report);
                let object = endpoint(self.object, found[i].1, "object", report);
                let raw_pred = cell(record, self.predicate);
                let predicate = match pred_cache.get(raw_pred) {
                    Some(&p) => p,
                    None => {
                        let p = chunk.preds.len() as u16;
                        let biolink = self.biolink.map_or("", text);
                        chunk
                            .preds
                            .push(self.predicate_named(text(self.predicate), biolink));
                        pred_cache.insert(raw_pred.into(), p);
                        p
                    }
                };
                if let Pred::Bad = chunk.preds[predicate as usize] {
                    let name = records::local_name(text(self.predicate));
                    let hint = records::did_you_mean(&self.graph.schema().suggest_predicate(name));
                    report.at(
                        file,
                        line(),
                        Some("predicate"),
                        format!("unknown predicate \"{name}\"{hint}"),
                    );
                    ok = false;
                }
                let props = if self.extras.is_empty() {
                    Some(Vec::new())
                } else {
                    let line = line();
                    records::props(
                        self.graph,
                        file,
                        line,
                        &|i| Some(text(i)),
                        &self.extras,
                        report,
                    )
                };
                let (Some(subject), Some(object), Some(props), true) = (subject, object, props, ok)
                else {
                    continue;
                };
                if self.curated && !seen.insert((subject, predicate, object)) {
                    report.at(
                        file,
                        line(),
                        None,
                        "duplicate edge: the same subject, predicate and object appear earlier",
                    );
                    continue;
                }
                if !props.is_empty() {
                    chunk.props.push((chunk.edges.len() as u32, props));
                }
                chunk.edges.push(RawEdge {
                    subject,
                    object,
                    predicate,
                });
            }
        }
        advance((to - from) as u64 - reported, &mut credit);
        chunk
    }

    /// Looks a predicate up in the schema (an open one numbers new names later).
    fn predicate_named(&self, name: &str, biolink: &str) -> Pred {
        let name = records::local_name(name);
        let schema = self.graph.schema();
        match schema.predicate_id(name) {
            Some(id) => Pred::Known(id),
            None if schema.is_open() => Pred::New(name.to_owned(), biolink.to_owned()),
            None => Pred::Bad,
        }
    }
}

/// The field holding byte `at` of a record's concatenated fields.
fn first_bad_field(record: &ByteRecord, at: usize) -> usize {
    let mut end = 0;
    for (i, field) in record.iter().enumerate() {
        end += field.len();
        if at < end {
            return i;
        }
    }
    record.len().saturating_sub(1)
}
