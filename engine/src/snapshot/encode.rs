//! Writes a snapshot (see the module docs for the layout), streaming the
//! columns from the graph's arrays.

use std::io::{self, Write};

use crate::graph::column::Word;
use crate::graph::strings::StoredColumns;
use crate::graph::{Graph, NodeColumns, PropValue, Props, Sym};
use crate::progress::{Progress, Started};
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

/// One column to stream: its values as little-endian bytes.
trait ColumnBytes {
    fn count(&self) -> usize;
    fn width(&self) -> usize;
    fn write_to(&self, w: &mut dyn Write, progress: &dyn Progress) -> io::Result<()>;
}

/// Values written between two progress reports.
const CHUNK_BYTES: usize = 8 << 20;

impl<T: Word> ColumnBytes for &[T] {
    fn count(&self) -> usize {
        self.len()
    }
    fn width(&self) -> usize {
        std::mem::size_of::<T>()
    }
    fn write_to(&self, w: &mut dyn Write, progress: &dyn Progress) -> io::Result<()> {
        for chunk in self.chunks((CHUNK_BYTES / self.width().max(1)).max(1)) {
            if cfg!(target_endian = "little") {
                w.write_all(bytemuck::cast_slice(chunk))?;
            } else {
                // Swapping to little-endian is the same swap as from it.
                let swapped: Vec<T> = chunk.iter().map(|v| v.le_to_native()).collect();
                w.write_all(bytemuck::cast_slice(&swapped))?;
            }
            progress.advance(std::mem::size_of_val(chunk) as u64);
        }
        Ok(())
    }
}

/// Zero bytes from `at` up to the next multiple of 8.
fn padding(at: u64) -> usize {
    (at.next_multiple_of(8) - at) as usize
}

/// Writes a whole snapshot to `w`: the header, the columns straight from
/// the graph's arrays, then the metadata. Every column's place follows from
/// the lengths, so the metadata (which lists them) and its checksum are
/// made first and nothing as big as the graph is assembled in memory.
pub(super) fn write(
    graph: &Graph,
    w: &mut dyn Write,
    progress: &dyn Progress,
    header: impl FnOnce(&[u8], u64) -> Vec<u8>,
) -> io::Result<()> {
    let (subjects, objects, edges) = graph.raw_edges();
    let adjacency = graph.adjacency();
    let [out_offsets, out_targets, out_edges] = adjacency.out.arrays();
    let [inc_offsets, inc_targets, inc_edges] = adjacency.inc.arrays();
    let nodes = graph.raw_nodes();
    let strings = StoredColumns::of(graph.strings().iter());
    let columns: [&dyn ColumnBytes; 18] = [
        &subjects,
        &objects,
        &edges,
        &out_offsets,
        &out_targets,
        &out_edges,
        &inc_offsets,
        &inc_targets,
        &inc_edges,
        &nodes.ids,
        &nodes.names,
        &nodes.categories,
        &nodes.slots,
        &strings.text.as_slice(),
        &strings.ends.as_slice(),
        &strings.hashes.as_slice(),
        &strings.slots.as_slice(),
        &graph.raw_node_of(),
    ];
    let mut directory = Vec::with_capacity(columns.len());
    let mut at = 0u64;
    for column in columns {
        at += padding(at) as u64;
        directory.push((at, column.count() as u64));
        at += (column.count() * column.width()) as u64;
    }
    let meta_at = at + padding(at) as u64;
    let meta = metadata(graph, &nodes, &directory);

    let header = header(&meta, meta_at);
    let total = header.len() as u64 + meta_at + meta.len() as u64;
    let _bar = Started::new(progress, "writing snapshot", total);
    // Bytes other than column values: the header, padding, the metadata.
    let other = |w: &mut dyn Write, bytes: &[u8]| {
        progress.advance(bytes.len() as u64);
        w.write_all(bytes)
    };
    other(w, &header)?;
    let mut written = 0u64;
    for (column, &(offset, _)) in columns.iter().zip(&directory) {
        other(w, &[0; 8][..(offset - written) as usize])?;
        column.write_to(w, progress)?;
        written = offset + (column.count() * column.width()) as u64;
    }
    other(w, &[0; 8][..(meta_at - written) as usize])?;
    other(w, &meta)
}

/// The metadata: schema, counts, the column directory, the side tables.
fn metadata(graph: &Graph, nodes: &NodeColumns<'_>, directory: &[(u64, u64)]) -> Vec<u8> {
    let mut out = Out::default();
    schema(graph, &mut out);
    out.len(graph.node_count());
    out.len(graph.edge_count());
    let components = graph.components();
    out.len(components.count);
    out.len(components.largest);
    out.len(directory.len());
    for &(offset, count) in directory {
        out.u64(offset);
        out.u64(count);
    }
    out.len(nodes.extras.len());
    for extra in nodes.extras {
        out.u32s(extra.synonyms.iter().map(|&s| sym(s)));
        props(&extra.props, &mut out);
    }
    let table = graph.edge_props_table();
    out.len(table.len());
    for p in table {
        props(p, &mut out);
    }
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
