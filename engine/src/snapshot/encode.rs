//! Writes the snapshot payload (see the module docs for the layout).

use lasso::Key;

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
    /// An aligned column of `u32`s (count, then the values), read in place.
    pub fn column(&mut self, items: &[u32]) {
        self.align();
        self.u32s(items.iter().copied());
    }
    pub fn u16s(&mut self, items: impl ExactSizeIterator<Item = u16>) {
        self.len(items.len());
        self.0.reserve(items.len() * 2);
        for v in items {
            self.0.extend_from_slice(&v.to_le_bytes());
        }
    }
}

pub(super) fn sym(s: Sym) -> u32 {
    s.into_usize() as u32
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

pub(super) fn payload(graph: &Graph, progress: &dyn Progress) -> Vec<u8> {
    let mut out = Out::default();
    schema(graph, &mut out);

    // Aligned columns first, read in place by the reader: end points, then
    // the adjacency in both directions (checked on other threads while it
    // decodes the rest).
    let (subjects, objects, edges) = graph.raw_edges();
    out.len(graph.node_count());
    out.column(subjects);
    out.column(objects);
    let adjacency = graph.adjacency();
    for csr in [&adjacency.out, &adjacency.inc] {
        for array in csr.arrays() {
            out.column(array);
        }
    }
    out.u16s(edges.iter().map(|e| e.predicate.0));
    out.u32s(edges.iter().map(|e| e.props));
    progress.advance(1);

    let strings = graph.strings();
    out.u32s(strings.strings().map(|s| s.len() as u32));
    let total: usize = strings.strings().map(str::len).sum();
    out.len(total);
    for s in strings.strings() {
        out.0.extend_from_slice(s.as_bytes());
    }
    progress.advance(1);

    let nodes = graph.raw_nodes();
    out.u32s(nodes.iter().map(|n| sym(n.id)));
    out.u16s(nodes.iter().map(|n| n.category.0));
    out.u32s(nodes.iter().map(|n| sym(n.name)));
    for n in nodes {
        out.u32s(n.synonyms.iter().map(|&s| sym(s)));
        props(&n.props, &mut out);
    }
    progress.advance(1);

    let table = graph.edge_props_table();
    out.len(table.len());
    for p in table {
        props(p, &mut out);
    }
    progress.advance(1);
    out.0
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
