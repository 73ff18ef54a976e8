//! Writes the snapshot payload (see the module docs for the layout).

use crate::graph::column::Word;
use crate::graph::strings::StoredColumns;
use crate::graph::{Graph, PropValue, Props, Sym};
use crate::progress::Progress;
use crate::schema::Polarity;

#[derive(Default)]
pub(super) struct Out(pub Vec<u8>);

impl Out {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    pub fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    pub fn strs(&mut self, items: &[String]) {
        self.len(items.len());
        for s in items {
            self.str(s);
        }
    }
    pub fn u32s(&mut self, items: impl ExactSizeIterator<Item = u32>) {
        self.len(items.len());
        self.0.reserve(items.len() * 4);
        for v in items {
            self.0.extend_from_slice(&v.to_le_bytes());
        }
    }
    /// Zero bytes up to the next multiple of 8, so the column that follows
    /// can be read in place (the payload starts 8-aligned in the file).
    pub fn align(&mut self) {
        while !self.0.len().is_multiple_of(8) {
            self.0.push(0);
        }
    }
}

pub(super) fn sym(s: Sym) -> u32 {
    s.index() as u32
}

pub(super) fn polarity_code(p: Polarity) -> u8 {
    match p {
        Polarity::Activating => 0,
        Polarity::Inhibiting => 1,
        Polarity::Associative => 2,
        Polarity::Neutral => 3,
    }
}

/// Sections of the payload, each reported to a [`Progress`] when written.
pub(super) const SECTIONS: u64 = 4;

/// The payload: the columns (8-aligned, read in place), then the metadata
/// (schema, counts, where each column is, side tables), whose length the
/// caller puts in the header with its checksum.
pub(super) struct Payload {
    pub bytes: Vec<u8>,
    /// Where the metadata starts.
    pub meta: usize,
}

/// Writes the columns in the order the reader names them and records where
/// each is.
struct Columns {
    out: Out,
    /// (offset in the payload, count) of each column written.
    directory: Vec<(u64, u64)>,
}

impl Columns {
    fn put<T: Word>(&mut self, values: &[T]) {
        self.out.align();
        self.directory
            .push((self.out.0.len() as u64, values.len() as u64));
        if cfg!(target_endian = "little") {
            self.out.0.extend_from_slice(bytemuck::cast_slice(values));
        } else {
            for v in values {
                // Swapping to little-endian is the same swap as from it.
                self.out
                    .0
                    .extend_from_slice(bytemuck::bytes_of(&v.le_to_native()));
            }
        }
    }
}

pub(super) fn payload(graph: &Graph, progress: &dyn Progress) -> Payload {
    let mut columns = Columns {
        out: Out::default(),
        directory: Vec::new(),
    };
    let (subjects, objects, edges) = graph.raw_edges();
    columns.put(subjects);
    columns.put(objects);
    columns.put(edges);
    let adjacency = graph.adjacency();
    for csr in [&adjacency.out, &adjacency.inc] {
        for array in csr.arrays() {
            columns.put(array);
        }
    }
    progress.advance(1);

    let nodes = graph.raw_nodes();
    columns.put(nodes.ids);
    columns.put(nodes.names);
    columns.put(nodes.categories);
    columns.put(nodes.slots);
    let strings = StoredColumns::of(graph.strings().iter());
    columns.put(&strings.text);
    columns.put(&strings.ends);
    columns.put(&strings.hashes);
    columns.put(&strings.slots);
    drop(strings);
    columns.put(graph.raw_node_of());
    progress.advance(1);

    let mut out = columns.out;
    out.align();
    let meta = out.0.len();
    schema(graph, &mut out);
    out.len(graph.node_count());
    out.len(graph.edge_count());
    let components = graph.components();
    out.len(components.count);
    out.len(components.largest);
    out.len(columns.directory.len());
    for (offset, count) in columns.directory {
        out.u64(offset);
        out.u64(count);
    }
    out.len(nodes.extras.len());
    for extra in nodes.extras {
        out.u32s(extra.synonyms.iter().map(|&s| sym(s)));
        props(&extra.props, &mut out);
    }
    progress.advance(1);

    let table = graph.edge_props_table();
    out.len(table.len());
    for p in table {
        props(p, &mut out);
    }
    progress.advance(1);
    Payload { bytes: out.0, meta }
}

fn schema(graph: &Graph, out: &mut Out) {
    let schema = graph.schema();
    out.u8(u8::from(schema.is_open()));
    out.len(schema.categories().len());
    for c in schema.categories() {
        for s in [&c.name, &c.biolink, &c.description, &c.shape, &c.fill] {
            out.str(s);
        }
    }
    out.len(schema.predicates().len());
    for p in schema.predicates() {
        for s in [&p.name, &p.inverse, &p.biolink, &p.description] {
            out.str(s);
        }
        out.u8(polarity_code(p.polarity));
        out.u8(u8::from(p.bookkeeping));
        out.u8(u8::from(p.draw_reversed) | (u8::from(p.draw_faint) << 1));
    }
    out.len(schema.evidence_levels().len());
    for e in schema.evidence_levels() {
        out.str(&e.name);
        out.u8(e.rank);
        out.str(&e.label);
        out.u8(u8::from(e.clinical));
    }
    out.len(schema.views().len());
    for v in schema.views() {
        for s in [&v.id, &v.title, &v.caption, &v.rankdir] {
            out.str(s);
        }
        out.strs(&v.clusters);
        out.strs(&v.implied);
        out.strs(&v.ring);
        out.str(&v.table);
        let (nodes, clusters): (Vec<String>, Vec<String>) = v.placements.iter().cloned().unzip();
        out.strs(&nodes);
        out.strs(&clusters);
    }
    out.len(schema.provenance_values().len());
    for v in schema.provenance_values() {
        for s in [&v.field, &v.value, &v.description] {
            out.str(s);
        }
        out.u8(u8::from(v.stored));
        out.str(v.requires.as_deref().unwrap_or(""));
        out.str(&v.marker);
    }
    out.len(schema.polarity_styles().len());
    for style in schema.polarity_styles() {
        out.u8(polarity_code(style.polarity));
        for s in [&style.color, &style.arrowhead, &style.style, &style.legend] {
            out.str(s);
        }
    }
    out.len(schema.sources().len());
    for (column, value) in schema.sources() {
        out.str(column);
        out.str(value);
    }
}

fn props(props: &Props, out: &mut Out) {
    out.len(props.entries().len());
    for (key, value) in props.entries() {
        out.u32(sym(*key));
        self::value(value, out);
    }
}

fn value(value: &PropValue, out: &mut Out) {
    match value {
        PropValue::Str(s) => {
            out.u8(0);
            out.u32(sym(*s));
        }
        PropValue::Int(i) => {
            out.u8(1);
            out.u64(*i as u64);
        }
        PropValue::Float(f) => {
            out.u8(2);
            out.u64(f.to_bits());
        }
        PropValue::Bool(b) => {
            out.u8(3);
            out.u8(u8::from(*b));
        }
        PropValue::Temporal(kind, s) => {
            out.u8(5);
            out.u8(kind.code());
            out.u32(sym(*s));
        }
        PropValue::List(items) => {
            out.u8(4);
            out.len(items.len());
            for item in items {
                self::value(item, out);
            }
        }
    }
}
