//! Reads the snapshot payload back, checking every length and index.

use std::sync::Arc;
use std::thread;

use lasso::{Key, Rodeo};

use crate::bytes::Bytes;
use crate::graph::column::{Column, Word};
use crate::graph::{Adjacency, Csr};
use crate::graph::{
    Edge, Graph, GraphParts, NO_PROPS, Node, PropValue, Props, Strings, Sym, TemporalKind,
};
use crate::schema::{
    Category, CategoryId, EvidenceLevel, Polarity, PolarityStyle, Predicate, PredicateId,
    ProvenanceValue, Schema, View,
};

use super::SnapshotError;

/// Nesting limit of list values (the loader makes lists one level deep).
const MAX_DEPTH: usize = 8;

fn corrupt(what: impl Into<String>) -> SnapshotError {
    SnapshotError::Corrupt(what.into())
}

struct In<'a> {
    data: &'a [u8],
    at: usize,
    /// The whole file, which columns read in place keep alive.
    file: &'a Arc<Bytes>,
    /// Where `data` starts in `file`.
    base: usize,
}

impl<'a> In<'a> {
    /// Skips the zero padding before an aligned column.
    fn align(&mut self, what: &str) -> Result<(), SnapshotError> {
        let pad = (8 - self.at % 8) % 8;
        if self.take(pad, what)?.iter().any(|&b| b != 0) {
            return Err(corrupt(format!("padding before {what} is not zero")));
        }
        Ok(())
    }
    /// An aligned column (count, then values), read in place from the file.
    fn column<T: Word>(&mut self, what: &str) -> Result<Column<T>, SnapshotError> {
        self.align(what)?;
        let n = self.len(size_of::<T>(), what)?;
        let start = self.base + self.at;
        self.take(n * size_of::<T>(), what)?;
        Column::shared(self.file, start, n)
            .ok_or_else(|| corrupt(format!("{what} runs past the end")))
    }
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], SnapshotError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.data.len())
            .ok_or_else(|| corrupt(format!("{what} runs past the end")))?;
        let bytes = &self.data[self.at..end];
        self.at = end;
        Ok(bytes)
    }
    fn u8(&mut self, what: &str) -> Result<u8, SnapshotError> {
        Ok(self.take(1, what)?[0])
    }
    fn u32(&mut self, what: &str) -> Result<u32, SnapshotError> {
        Ok(u32::from_le_bytes(
            self.take(4, what)?.try_into().expect("4 bytes"),
        ))
    }
    fn u64(&mut self, what: &str) -> Result<u64, SnapshotError> {
        Ok(u64::from_le_bytes(
            self.take(8, what)?.try_into().expect("8 bytes"),
        ))
    }
    /// A count of items of at least `size` bytes each, checked against what is left.
    fn len(&mut self, size: usize, what: &str) -> Result<usize, SnapshotError> {
        let n = self.u64(what)?;
        let left = (self.data.len() - self.at) as u64;
        if n.saturating_mul(size.max(1) as u64) > left {
            return Err(corrupt(format!("{what}: {n} items do not fit")));
        }
        Ok(n as usize)
    }
    fn str(&mut self, what: &str) -> Result<String, SnapshotError> {
        let n = self.len(1, what)?;
        let bytes = self.take(n, what)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| corrupt(format!("{what} is not UTF-8")))
    }
    fn strs(&mut self, what: &str) -> Result<Vec<String>, SnapshotError> {
        let n = self.len(8, what)?;
        (0..n).map(|_| self.str(what)).collect()
    }
    fn u32s(&mut self, what: &str) -> Result<Vec<u32>, SnapshotError> {
        self.u32_bytes(what).map(le_u32s)
    }
    /// The bytes of a `u16` array, decoded by the caller.
    fn u16_bytes(&mut self, what: &str) -> Result<&'a [u8], SnapshotError> {
        let n = self.len(2, what)?;
        self.take(n * 2, what)
    }
    /// The bytes of a `u32` array, decoded later (on another thread).
    fn u32_bytes(&mut self, what: &str) -> Result<&'a [u8], SnapshotError> {
        let n = self.len(4, what)?;
        self.take(n * 4, what)
    }
    fn u16s(&mut self, what: &str) -> Result<Vec<u16>, SnapshotError> {
        let n = self.len(2, what)?;
        let bytes = self.take(n * 2, what)?;
        Ok(bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes(c.try_into().expect("2 bytes")))
            .collect())
    }
}

/// Decodes and checks a payload (`file` from byte `base` on) into a graph.
/// The edge end points and both CSR directions are read in place; the two
/// directions are checked against the end points on other threads while
/// this one decodes the schema, strings, nodes and properties.
pub(super) fn graph(file: &Arc<Bytes>, base: usize) -> Result<Graph, SnapshotError> {
    let mut input = In {
        data: &file[base..],
        at: 0,
        file,
        base,
    };
    let schema = schema(&mut input)?;
    // Each node takes at least 26 bytes below (id, category, name, two counts).
    let n = input.len(26, "nodes")?;
    let subjects = input.column::<u32>("edge subjects")?;
    let objects = input.column::<u32>("edge objects")?;
    let m = subjects.len();
    if objects.len() != m {
        return Err(corrupt("edge arrays differ in length"));
    }
    let mut arrays = Vec::with_capacity(6);
    for what in ["adjacency offsets", "adjacency targets", "adjacency edges"]
        .iter()
        .cycle()
        .take(6)
    {
        arrays.push(input.column::<u32>(what)?);
    }
    let mut arrays = arrays.into_iter();
    let mut next = || arrays.next().expect("six arrays");
    let out = (next(), next(), next());
    let inc = (next(), next(), next());
    let (out, inc, rest) = thread::scope(|scope| {
        let check = |(offsets, targets, edges), from: &[u32], to: &[u32]| {
            Csr::checked(n, offsets, targets, edges, from, to).map_err(corrupt)
        };
        let (s, o) = (&subjects, &objects);
        let inc = scope.spawn(move || check(inc, o, s));
        let out = scope.spawn(move || check(out, s, o));
        let rest = rest(&mut input, schema, n, m);
        let out = out.join().expect("snapshot thread does not panic");
        let inc = inc.join().expect("snapshot thread does not panic");
        (out, inc, rest)
    });
    let (schema, strings, nodes, edges, edge_props) = rest?;
    // Every edge is in both checked directions, so its end points exist.
    let adjacency = Adjacency {
        out: out?,
        inc: inc?,
    };
    let mut graph = Graph::from_parts(GraphParts {
        schema,
        strings,
        nodes,
        subjects,
        objects,
        edges,
        edge_props,
    });
    graph.set_adjacency(adjacency);
    Ok(graph)
}

fn le_u32s(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
        .collect()
}

type Rest = (Schema, Strings, Vec<Node>, Vec<Edge>, Vec<Props>);

/// Everything after the end points: edge predicates and property slots,
/// strings, nodes, edge properties.
fn rest(input: &mut In<'_>, schema: Schema, n: usize, m: usize) -> Result<Rest, SnapshotError> {
    let predicates = input.u16_bytes("edge predicates")?;
    let slots = input.u32_bytes("edge properties")?;
    if predicates.len() != m * 2 || slots.len() != m * 4 {
        return Err(corrupt("edge arrays differ in length"));
    }
    let strings = strings(input)?;
    let sym = |raw: u32, what: &str| -> Result<Sym, SnapshotError> {
        if (raw as usize) < strings.len() {
            Sym::try_from_usize(raw as usize).ok_or_else(|| corrupt(what))
        } else {
            Err(corrupt(format!(
                "{what} names string {raw} of {}",
                strings.len()
            )))
        }
    };

    let ids = input.u32s("node ids")?;
    let categories = input.u16s("node categories")?;
    let names = input.u32s("node names")?;
    if ids.len() != n || categories.len() != n || names.len() != n {
        return Err(corrupt("node arrays differ in length"));
    }
    let mut nodes = Vec::with_capacity(n);
    for i in 0..n {
        let category = categories[i];
        if category as usize >= schema.categories().len() {
            return Err(corrupt(format!("node {i} has unknown category {category}")));
        }
        let synonyms = input
            .u32s("synonyms")?
            .into_iter()
            .map(|s| sym(s, "synonym"))
            .collect::<Result<_, _>>()?;
        let props = props(input, &sym)?;
        nodes.push(Node {
            id: sym(ids[i], "node id")?,
            category: CategoryId(category),
            name: sym(names[i], "node name")?,
            synonyms,
            props,
        });
    }

    let table_len = input.len(8, "edge property table")?;
    let table = (0..table_len)
        .map(|_| props(input, &sym))
        .collect::<Result<Vec<_>, _>>()?;
    if input.at != input.data.len() {
        return Err(corrupt("unread bytes after the edge properties"));
    }
    // One pass from the raw columns to edge weights, checking as it goes.
    let predicate_count = schema.predicates().len();
    let edges = predicates
        .chunks_exact(2)
        .zip(slots.chunks_exact(4))
        .map(|(p, slot)| {
            let predicate = u16::from_le_bytes(p.try_into().expect("2 bytes"));
            let props = u32::from_le_bytes(slot.try_into().expect("4 bytes"));
            if predicate as usize >= predicate_count {
                return Err(corrupt("an edge has an unknown predicate"));
            }
            if props != NO_PROPS && props as usize >= table.len() {
                return Err(corrupt("an edge names properties that do not exist"));
            }
            Ok(Edge {
                predicate: PredicateId(predicate),
                props,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((schema, strings, nodes, edges, table))
}

fn schema(input: &mut In<'_>) -> Result<Schema, SnapshotError> {
    let mut schema = match input.u8("schema kind")? {
        0 => Schema::closed(),
        1 => Schema::open(),
        other => return Err(corrupt(format!("unknown schema kind {other}"))),
    };
    let bad = |e: crate::schema::SchemaError| corrupt(e.to_string());
    for _ in 0..input.len(40, "categories")? {
        let category = Category {
            name: input.str("category")?,
            biolink: input.str("category")?,
            description: input.str("category")?,
            shape: input.str("category")?,
            fill: input.str("category")?,
        };
        schema.add_category(category).map_err(bad)?;
    }
    for _ in 0..input.len(35, "predicates")? {
        let (name, inverse, biolink, description) = (
            input.str("predicate")?,
            input.str("predicate")?,
            input.str("predicate")?,
            input.str("predicate")?,
        );
        let polarity = polarity(input.u8("polarity")?)?;
        let bookkeeping = input.u8("predicate kind")? == 1;
        let drawing = input.u8("predicate drawing")?;
        if drawing > 3 {
            return Err(corrupt(format!("unknown predicate drawing {drawing}")));
        }
        schema
            .add_predicate(Predicate {
                name,
                inverse,
                biolink,
                description,
                polarity,
                bookkeeping,
                draw_reversed: drawing & 1 != 0,
                draw_faint: drawing & 2 != 0,
            })
            .map_err(bad)?;
    }
    for _ in 0..input.len(18, "evidence levels")? {
        let name = input.str("evidence level")?;
        let rank = input.u8("evidence rank")?;
        let label = input.str("evidence level")?;
        let clinical = input.u8("evidence stage")? == 1;
        schema
            .add_evidence(EvidenceLevel {
                name,
                rank,
                label,
                clinical,
            })
            .map_err(bad)?;
    }
    for _ in 0..input.len(40, "views")? {
        let view = View {
            id: input.str("view")?,
            title: input.str("view")?,
            caption: input.str("view")?,
            rankdir: input.str("view")?,
            clusters: input.strs("view clusters")?,
            implied: input.strs("view implied predicates")?,
            ring: input.strs("view ring")?,
            table: input.str("view table")?,
            placements: Vec::new(),
        };
        let nodes = input.strs("view placements")?;
        let clusters = input.strs("view placements")?;
        if nodes.len() != clusters.len() {
            return Err(corrupt("view placements of unequal length".to_owned()));
        }
        let mut view = view;
        view.placements = nodes.into_iter().zip(clusters).collect();
        schema.add_view(view).map_err(bad)?;
    }
    for _ in 0..input.len(41, "provenance values")? {
        let (field, value, description) = (
            input.str("provenance value")?,
            input.str("provenance value")?,
            input.str("provenance value")?,
        );
        let stored = input.u8("provenance value")? == 1;
        let requires = Some(input.str("provenance value")?).filter(|r| !r.is_empty());
        let marker = input.str("provenance value")?;
        schema
            .add_provenance(ProvenanceValue {
                field,
                value,
                description,
                stored,
                requires,
                marker,
            })
            .map_err(bad)?;
    }
    for _ in 0..input.len(33, "polarity styles")? {
        let polarity = polarity(input.u8("polarity style")?)?;
        let style = PolarityStyle {
            polarity,
            color: input.str("polarity style")?,
            arrowhead: input.str("polarity style")?,
            style: input.str("polarity style")?,
            legend: input.str("polarity style")?,
        };
        schema.add_polarity_style(style).map_err(bad)?;
    }
    for _ in 0..input.len(16, "source columns")? {
        let (column, value) = (input.str("source column")?, input.str("source value")?);
        schema.add_source(&column, &value).map_err(bad)?;
    }
    Ok(schema)
}

fn polarity(code: u8) -> Result<Polarity, SnapshotError> {
    Ok(match code {
        0 => Polarity::Activating,
        1 => Polarity::Inhibiting,
        2 => Polarity::Associative,
        3 => Polarity::Neutral,
        other => return Err(corrupt(format!("unknown polarity {other}"))),
    })
}

fn strings(input: &mut In<'_>) -> Result<Strings, SnapshotError> {
    let lengths = input.u32s("string lengths")?;
    let total = input.len(1, "strings")?;
    let text = std::str::from_utf8(input.take(total, "strings")?)
        .map_err(|_| corrupt("strings are not UTF-8"))?;
    // Sized up front: a big graph's tens of millions of strings would
    // otherwise rehash the table and regrow the arena many times.
    let capacity = lasso::Capacity::new(
        lengths.len(),
        std::num::NonZeroUsize::new(total.max(1)).expect("at least one"),
    );
    let mut strings: Strings = Rodeo::with_capacity_and_hasher(capacity, Default::default());
    let mut at = 0usize;
    for (i, &len) in lengths.iter().enumerate() {
        let s = at
            .checked_add(len as usize)
            .and_then(|end| text.get(at..end))
            .ok_or_else(|| corrupt("string table lengths do not match its text"))?;
        at += len as usize;
        if strings.get_or_intern(s).into_usize() != i {
            return Err(corrupt("string table repeats a string"));
        }
    }
    if at != total {
        return Err(corrupt("string table lengths do not match its text"));
    }
    Ok(strings)
}

fn props(
    input: &mut In<'_>,
    sym: &impl Fn(u32, &str) -> Result<Sym, SnapshotError>,
) -> Result<Props, SnapshotError> {
    let n = input.len(5, "properties")?;
    let mut entries = Vec::with_capacity(n);
    for _ in 0..n {
        let key = sym(input.u32("property key")?, "property key")?;
        entries.push((key, value(input, sym, 0)?));
    }
    Ok(Props::new(entries))
}

fn value(
    input: &mut In<'_>,
    sym: &impl Fn(u32, &str) -> Result<Sym, SnapshotError>,
    depth: usize,
) -> Result<PropValue, SnapshotError> {
    Ok(match input.u8("value tag")? {
        0 => PropValue::Str(sym(input.u32("text value")?, "text value")?),
        1 => PropValue::Int(input.u64("integer value")? as i64),
        2 => PropValue::Float(f64::from_bits(input.u64("float value")?)),
        3 => PropValue::Bool(input.u8("boolean value")? != 0),
        4 if depth < MAX_DEPTH => {
            let n = input.len(2, "list value")?;
            (0..n)
                .map(|_| value(input, sym, depth + 1))
                .collect::<Result<_, _>>()
                .map(PropValue::List)?
        }
        4 => return Err(corrupt("lists nested too deeply")),
        5 => {
            let kind = TemporalKind::from_code(input.u8("temporal type")?)
                .ok_or_else(|| corrupt("unknown temporal type"))?;
            PropValue::Temporal(kind, sym(input.u32("temporal value")?, "temporal value")?)
        }
        other => return Err(corrupt(format!("unknown value tag {other}"))),
    })
}
