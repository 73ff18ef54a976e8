//! The property columns of a subset and the type each holds, for formats that
//! declare types up front (GraphML keys, Neo4j headers, Kùzu DDL, CX2).

use crate::graph::{Graph, PropValue};

use super::Subset;

/// The type of a property column across all the nodes (or edges) that have it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    Int,
    Float,
    Bool,
    Str,
    IntList,
    StrList,
}

impl ColumnType {
    fn of(value: &PropValue) -> ColumnType {
        match value {
            PropValue::Int(_) => ColumnType::Int,
            PropValue::Float(_) => ColumnType::Float,
            PropValue::Bool(_) => ColumnType::Bool,
            PropValue::Str(_) | PropValue::Temporal(..) => ColumnType::Str,
            PropValue::List(items) if items.iter().all(|v| matches!(v, PropValue::Int(_))) => {
                ColumnType::IntList
            }
            PropValue::List(_) => ColumnType::StrList,
        }
    }

    /// The narrowest type holding both: a single value joins a list of its
    /// kind, an integer joins floats, anything else is text.
    fn join(self, other: ColumnType) -> ColumnType {
        use ColumnType::*;
        match (self, other) {
            (a, b) if a == b => a,
            (Int, Float) | (Float, Int) => Float,
            (Int, IntList) | (IntList, Int) => IntList,
            // An empty list reads as IntList; it joins string lists.
            (Str | StrList | IntList, Str | StrList | IntList) => StrList,
            _ => Str,
        }
    }

    pub fn is_list(self) -> bool {
        matches!(self, ColumnType::IntList | ColumnType::StrList)
    }
}

/// A property key with its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub key: String,
    pub ty: ColumnType,
}

/// The property columns of the subset's nodes and edges, in first-seen order.
pub struct Columns {
    pub nodes: Vec<Column>,
    pub edges: Vec<Column>,
}

impl Columns {
    pub fn of(graph: &Graph, subset: &Subset) -> Columns {
        let mut nodes = Vec::new();
        for &n in &subset.nodes {
            for (key, value) in graph.node(n).props() {
                add(&mut nodes, key, value);
            }
        }
        let mut edges = Vec::new();
        for &e in &subset.edges {
            for (key, value) in graph.edge(e).props() {
                add(&mut edges, key, value);
            }
        }
        Columns { nodes, edges }
    }
}

fn add(columns: &mut Vec<Column>, key: &str, value: &PropValue) {
    let ty = ColumnType::of(value);
    match columns.iter_mut().find(|c| c.key == key) {
        Some(column) => column.ty = column.ty.join(ty),
        None => columns.push(Column {
            key: key.to_owned(),
            ty,
        }),
    }
}

/// The items of a value as a list (a single value is a one-item list).
pub fn items(value: &PropValue) -> &[PropValue] {
    match value {
        PropValue::List(items) => items,
        single => std::slice::from_ref(single),
    }
}

/// A value as text for a column of the given type: lists joined by `sep`.
pub fn text(graph: &Graph, value: &PropValue, sep: &str) -> String {
    match value {
        PropValue::List(items) => items
            .iter()
            .map(|v| graph.value_text(v))
            .collect::<Vec<_>>()
            .join(sep),
        other => graph.value_text(other),
    }
}

/// The items of a `|`-separated cell.
pub fn split(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// A value as JSON of a column's declared type: a single value in a list
/// column becomes a one-item list, anything in a text column becomes text.
pub fn typed_json(graph: &Graph, value: &PropValue, ty: ColumnType) -> serde_json::Value {
    use serde_json::Value as Json;
    match ty {
        ColumnType::IntList | ColumnType::StrList => Json::Array(
            items(value)
                .iter()
                .map(|v| match (ty, v) {
                    (ColumnType::IntList, PropValue::Int(i)) => Json::from(*i),
                    _ => Json::from(graph.value_text(v)),
                })
                .collect(),
        ),
        ColumnType::Str => Json::from(text(graph, value, "|")),
        ColumnType::Float => match value {
            PropValue::Int(i) => Json::from(*i as f64),
            other => graph.value_json(other),
        },
        ColumnType::Int | ColumnType::Bool => graph.value_json(value),
    }
}
