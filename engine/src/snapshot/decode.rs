//! Reads the snapshot payload back: the metadata decoded and checked, the
//! columns read in place, the node columns checked in one pass each.

use std::sync::Arc;

use crate::bytes::Bytes;
use crate::graph::column::{Column, Word};
use crate::graph::strings::Sym;
use crate::graph::{Adjacency, Components, Csr};
use crate::graph::{
    Edge, Graph, GraphParts, NO_PROPS, NodeExtra, PropValue, Props, Strings, TemporalKind,
};
use crate::schema::{
    Category, EvidenceLevel, Polarity, PolarityStyle, Predicate, ProvenanceValue, Schema, View,
};

use super::SnapshotError;

/// Nesting limit of list values (the loader makes lists one level deep).
const MAX_DEPTH: usize = 8;

/// The columns, in the order they are stored and listed in the metadata.
const COLUMNS: [&str; 18] = [
    "edge subjects",
    "edge objects",
    "edge weights",
    "adjacency offsets",
    "adjacency targets",
    "adjacency edges",
    "adjacency offsets",
    "adjacency targets",
    "adjacency edges",
    "node ids",
    "node names",
    "node categories",
    "node slots",
    "string bytes",
    "string ends",
    "string hashes",
    "string index",
    "id table",
];

fn corrupt(what: impl Into<String>) -> SnapshotError {
    SnapshotError::Corrupt(what.into())
}

struct In<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> In<'a> {
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
        let n = self.len(4, what)?;
        Ok(self
            .take(n * 4, what)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect())
    }
}

/// Where the columns lie: (offset in the payload, count), in [`COLUMNS`] order.
struct Directory {
    file: Arc<Bytes>,
    base: usize,
    entries: std::vec::IntoIter<(u64, u64)>,
    names: std::slice::Iter<'static, &'static str>,
}

impl Directory {
    /// The next column, read in place (or copied when it is not aligned).
    fn next<T: Word>(&mut self) -> Result<Column<T>, SnapshotError> {
        let what = self.names.next().expect("one name per column");
        let (offset, count) = self.entries.next().expect("one entry per column");
        usize::try_from(offset)
            .ok()
            .and_then(|offset| offset.checked_add(self.base))
            .zip(usize::try_from(count).ok())
            .and_then(|(start, count)| Column::shared(&self.file, start, count))
            .ok_or_else(|| corrupt(format!("{what} runs past the end")))
    }
}

/// Decodes a payload (`file` from byte `base` on, its metadata from byte
/// `meta`) into a graph. The columns are read in place; the node columns
/// are checked here, the edge columns and the two adjacency directions
/// where they are read or by [`Graph::verify`].
pub(super) fn graph(file: &Arc<Bytes>, base: usize, meta: usize) -> Result<Graph, SnapshotError> {
    let mut input = In {
        data: &file[meta..],
        at: 0,
    };
    let schema = schema(&mut input)?;
    let (n, m) = (input.u64("nodes")?, input.u64("edges")?);
    if n >= u64::from(u32::MAX) || m >= u64::from(u32::MAX) {
        return Err(corrupt("more nodes or edges than a graph holds"));
    }
    let (n, m) = (n as usize, m as usize);
    // Only printed (by `stats`), so a damaged value is harmless.
    let components = Components {
        count: input.u64("components")? as usize,
        largest: input.u64("components")? as usize,
    };
    if input.len(16, "columns")? != COLUMNS.len() {
        return Err(corrupt("the column directory has the wrong length"));
    }
    let entries: Vec<(u64, u64)> = (0..COLUMNS.len())
        .map(|_| Ok((input.u64("column")?, input.u64("column")?)))
        .collect::<Result<_, SnapshotError>>()?;
    let mut columns = Directory {
        file: Arc::clone(file),
        base,
        entries: entries.into_iter(),
        names: COLUMNS.iter(),
    };
    let subjects = columns.next::<u32>()?;
    let objects = columns.next::<u32>()?;
    let edges = columns.next::<Edge>()?;
    let out = [columns.next()?, columns.next()?, columns.next()?];
    let inc = [columns.next()?, columns.next()?, columns.next()?];
    let node_ids = columns.next::<u32>()?;
    let node_names = columns.next::<u32>()?;
    let categories = columns.next::<u16>()?;
    let node_slots = columns.next::<u32>()?;
    let strings = Strings::stored(
        columns.next()?,
        columns.next()?,
        columns.next()?,
        columns.next()?,
    )
    .map_err(corrupt)?;
    let node_of = columns.next::<u32>()?;
    if subjects.len() != m || objects.len() != m || edges.len() != m {
        return Err(corrupt("edge arrays differ in length"));
    }
    if [
        node_ids.len(),
        node_names.len(),
        node_slots.len(),
        categories.len(),
    ] != [n; 4]
    {
        return Err(corrupt("node arrays differ in length"));
    }
    let sym = |raw: u32, what: &str| -> Result<Sym, SnapshotError> {
        if (raw as usize) < strings.len() {
            Ok(Sym::from_index(raw))
        } else {
            Err(corrupt(format!(
                "{what} names string {raw} of {}",
                strings.len()
            )))
        }
    };
    let extras = (0..input.len(16, "node extras")?)
        .map(|_| {
            let synonyms = input
                .u32s("synonyms")?
                .into_iter()
                .map(|s| sym(s, "synonym"))
                .collect::<Result<_, _>>()?;
            let props = props(&mut input, &sym)?;
            Ok(NodeExtra { synonyms, props })
        })
        .collect::<Result<Vec<_>, SnapshotError>>()?;
    let edge_props = (0..input.len(8, "edge property table")?)
        .map(|_| props(&mut input, &sym))
        .collect::<Result<Vec<_>, _>>()?;
    if input.at != input.data.len() {
        return Err(corrupt("unread bytes after the edge properties"));
    }

    if m > 0 && (n == 0 || schema.predicates().is_empty()) {
        return Err(corrupt("edges without nodes or predicates"));
    }
    let category_count = schema.categories().len();
    let max_category = categories.iter().fold(0, |max, &c| max.max(c));
    let bad_slot = node_slots.iter().fold(false, |bad, &s| {
        bad | (s != NO_PROPS && s as usize >= extras.len())
    });
    if n > 0 && max_category as usize >= category_count {
        return Err(corrupt("a node has an unknown category"));
    }
    if bad_slot {
        return Err(corrupt("a node names extras that do not exist"));
    }
    let damage = Arc::default();
    let adjacency = Adjacency {
        out: Csr::unchecked(n, m, out, &damage).map_err(corrupt)?,
        inc: Csr::unchecked(n, m, inc, &damage).map_err(corrupt)?,
    };
    Ok(Graph::from_parts(GraphParts {
        schema,
        strings,
        node_ids,
        node_names,
        categories,
        node_slots,
        node_extras: extras,
        node_of,
        subjects,
        objects,
        edges,
        edge_props,
        components: Some(components),
        adjacency,
        damage,
    }))
}

/// Where each column lies in a payload whose metadata starts at `meta`:
/// (offset in the payload, count), in [`COLUMNS`] order; for tests that
/// damage one column.
#[cfg(test)]
pub(super) fn directory(file: &[u8], meta: usize) -> Vec<(u64, u64)> {
    let mut input = In {
        data: &file[meta..],
        at: 0,
    };
    schema(&mut input).expect("a valid schema");
    let mut word = || input.u64("column").expect("a directory");
    let (_nodes, _edges, _components, _largest) = (word(), word(), word(), word());
    let count = word();
    (0..count).map(|_| (word(), word())).collect()
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
