//! Parquet (`nodes.parquet`, `edges.parquet`) for Spark, DuckDB, Polars and
//! any other columnar engine: the columns of the KGX export ([`kgx`]), typed.
//!
//! Nodes: `id`, `category` (the Biolink class), `name`, `synonym` (a list),
//! every node property under its KGX column name, `ici:category`. Edges:
//! `subject`, `predicate` (the Biolink predicate), `object`,
//! `knowledge_level` and `agent_type` (`not_provided` when absent), the
//! schema's source columns (`publications` a list, as KGX's multivalued
//! slot), every edge property under its KGX column (`ici:refs`, the review's
//! reference numbers, a list of integers), `ici:predicate`. A property's
//! type is the one [`Columns`] finds across the subset: integers, floats,
//! booleans, text, or lists of integers or of text; a missing value is null.
//!
//! Rows are written in row groups of [`ROWS_PER_GROUP`]; each finished group
//! is handed to the output at once, so memory holds one group, not the file.

use std::io::{self, Write};
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema as ArrowSchema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::graph::{Graph, PropValue};

use super::columns::{ColumnType, Columns, items};
use super::kgx::{self, REQUIRED};
use super::{Files, Subset};
use crate::biolink::{CATEGORY, NOT_PROVIDED, PREDICATE};

/// Rows of one row group (and of the batch built in memory at a time).
pub const ROWS_PER_GROUP: usize = 65_536;

/// Writes `nodes.parquet` and `edges.parquet`.
pub fn write(graph: &Graph, subset: &Subset, files: &mut dyn Files) -> io::Result<()> {
    let columns = Columns::of(graph, subset);
    let schema = graph.schema();

    let node_props: Vec<(String, ColumnType)> = columns
        .nodes
        .iter()
        .map(|c| (c.key.clone(), c.ty))
        .collect();
    let mut node_fields = vec![
        text_field("id", false),
        text_field("category", false),
        text_field("name", false),
        list_field("synonym", DataType::Utf8, false),
    ];
    node_fields.extend(node_props.iter().map(|(k, ty)| field(&kgx::column(k), *ty)));
    node_fields.push(text_field(CATEGORY, false));
    let node_schema = Arc::new(ArrowSchema::new(node_fields));
    files.write("nodes.parquet", &mut |out| {
        let mut writer = Writer::new(node_schema.clone())?;
        for chunk in subset.nodes.chunks(ROWS_PER_GROUP) {
            let mut cols = Builders::new(&node_schema);
            for &n in chunk {
                let node = graph.node(n);
                let category = node.category();
                cols.text(0, Some(node.id()));
                cols.text(1, Some(&kgx::category_curie(category)));
                cols.text(2, Some(node.name()));
                cols.texts(3, node.synonyms());
                for (i, (key, _)) in node_props.iter().enumerate() {
                    cols.value(4 + i, graph, node.prop(key));
                }
                cols.text(4 + node_props.len(), Some(&category.name));
            }
            writer.write(cols.finish(&node_schema)?, out)?;
        }
        writer.close(out)
    })?;

    let edge_props: Vec<(String, ColumnType)> = columns
        .edges
        .iter()
        .filter(|c| !REQUIRED.contains(&c.key.as_str()))
        .map(|c| (c.key.clone(), c.ty))
        .collect();
    let defaults: Vec<(String, String)> = schema
        .sources()
        .iter()
        .filter(|(k, _)| !edge_props.iter().any(|(e, _)| e == k) && !REQUIRED.contains(&k.as_str()))
        .cloned()
        .collect();
    let mut edge_fields = vec![
        text_field("subject", false),
        text_field("predicate", false),
        text_field("object", false),
    ];
    edge_fields.extend(REQUIRED.iter().map(|k| text_field(k, false)));
    for (key, _) in &defaults {
        edge_fields.push(if key == "publications" {
            list_field(key, DataType::Utf8, false)
        } else {
            text_field(key, false)
        });
    }
    edge_fields.extend(edge_props.iter().map(|(k, ty)| field(&kgx::column(k), *ty)));
    edge_fields.push(text_field(PREDICATE, false));
    let edge_schema = Arc::new(ArrowSchema::new(edge_fields));
    files.write("edges.parquet", &mut |out| {
        let mut writer = Writer::new(edge_schema.clone())?;
        for chunk in subset.edges.chunks(ROWS_PER_GROUP) {
            let mut cols = Builders::new(&edge_schema);
            for &e in chunk {
                let edge = graph.edge(e);
                let predicate = schema.predicate(edge.predicate_id());
                cols.text(0, Some(graph.node(edge.subject()).id()));
                cols.text(1, Some(&kgx::predicate_curie(predicate)));
                cols.text(2, Some(graph.node(edge.object()).id()));
                let mut at = 3;
                for key in REQUIRED {
                    let value = edge.prop(key).map(|v| super::columns::text(graph, v, "|"));
                    cols.text(at, Some(value.as_deref().unwrap_or(NOT_PROVIDED)));
                    at += 1;
                }
                for (key, value) in &defaults {
                    if key == "publications" {
                        cols.texts(at, super::columns::split(value));
                    } else {
                        cols.text(at, Some(value));
                    }
                    at += 1;
                }
                for (key, _) in &edge_props {
                    cols.value(at, graph, edge.prop(key));
                    at += 1;
                }
                cols.text(at, Some(&predicate.name));
            }
            writer.write(cols.finish(&edge_schema)?, out)?;
        }
        writer.close(out)
    })
}

fn text_field(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

/// A list column; its items are never null, the list itself may be.
fn list_field(name: &str, item: DataType, nullable: bool) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", item, false))),
        nullable,
    )
}

/// The Arrow field of a property column (nullable: not every row has it).
fn field(name: &str, ty: ColumnType) -> Field {
    match ty {
        ColumnType::Int => Field::new(name, DataType::Int64, true),
        ColumnType::Float => Field::new(name, DataType::Float64, true),
        ColumnType::Bool => Field::new(name, DataType::Boolean, true),
        ColumnType::Str => text_field(name, true),
        ColumnType::IntList => list_field(name, DataType::Int64, true),
        ColumnType::StrList => list_field(name, DataType::Utf8, true),
    }
}

/// One builder per column of a batch.
enum Builder {
    Text(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
    Bool(BooleanBuilder),
    Texts(ListBuilder<StringBuilder>),
    Ints(ListBuilder<Int64Builder>),
}

struct Builders(Vec<Builder>);

impl Builders {
    fn new(schema: &ArrowSchema) -> Builders {
        Builders(
            schema
                .fields()
                .iter()
                .map(|f| match f.data_type() {
                    DataType::Int64 => Builder::Int(Int64Builder::new()),
                    DataType::Float64 => Builder::Float(Float64Builder::new()),
                    DataType::Boolean => Builder::Bool(BooleanBuilder::new()),
                    DataType::List(item) => {
                        let item = Arc::new(Field::new("item", item.data_type().clone(), false));
                        if item.data_type() == &DataType::Int64 {
                            Builder::Ints(ListBuilder::new(Int64Builder::new()).with_field(item))
                        } else {
                            Builder::Texts(ListBuilder::new(StringBuilder::new()).with_field(item))
                        }
                    }
                    _ => Builder::Text(StringBuilder::new()),
                })
                .collect(),
        )
    }

    fn text(&mut self, at: usize, value: Option<&str>) {
        if let Builder::Text(b) = &mut self.0[at] {
            b.append_option(value);
        }
    }

    fn texts<'a>(&mut self, at: usize, values: impl Iterator<Item = &'a str>) {
        if let Builder::Texts(b) = &mut self.0[at] {
            for v in values {
                b.values().append_value(v);
            }
            b.append(true);
        }
    }

    /// A property value in its column's type; `None` is null.
    fn value(&mut self, at: usize, graph: &Graph, value: Option<&PropValue>) {
        let Some(value) = value else {
            match &mut self.0[at] {
                Builder::Text(b) => b.append_null(),
                Builder::Int(b) => b.append_null(),
                Builder::Float(b) => b.append_null(),
                Builder::Bool(b) => b.append_null(),
                Builder::Texts(b) => b.append(false),
                Builder::Ints(b) => b.append(false),
            }
            return;
        };
        match &mut self.0[at] {
            Builder::Int(b) => match value {
                PropValue::Int(i) => b.append_value(*i),
                _ => b.append_null(),
            },
            Builder::Float(b) => match value {
                PropValue::Int(i) => b.append_value(*i as f64),
                PropValue::Float(f) => b.append_value(*f),
                _ => b.append_null(),
            },
            Builder::Bool(b) => match value {
                PropValue::Bool(x) => b.append_value(*x),
                _ => b.append_null(),
            },
            Builder::Ints(b) => {
                for item in items(value) {
                    if let PropValue::Int(i) = item {
                        b.values().append_value(*i);
                    }
                }
                b.append(true);
            }
            Builder::Texts(b) => {
                for item in items(value) {
                    b.values().append_value(graph.value_text(item));
                }
                b.append(true);
            }
            Builder::Text(b) => b.append_value(super::columns::text(graph, value, "|")),
        }
    }

    fn finish(self, schema: &Arc<ArrowSchema>) -> io::Result<RecordBatch> {
        let arrays: Vec<ArrayRef> = self
            .0
            .into_iter()
            .map(|b| -> ArrayRef {
                match b {
                    Builder::Text(mut b) => Arc::new(b.finish()),
                    Builder::Int(mut b) => Arc::new(b.finish()),
                    Builder::Float(mut b) => Arc::new(b.finish()),
                    Builder::Bool(mut b) => Arc::new(b.finish()),
                    Builder::Texts(mut b) => Arc::new(b.finish()),
                    Builder::Ints(mut b) => Arc::new(b.finish()),
                }
            })
            .collect();
        RecordBatch::try_new(schema.clone(), arrays).map_err(io::Error::other)
    }
}

/// An Arrow writer whose bytes are handed to the output after every row
/// group (the Parquet writer needs an owned, `Send` sink; the output is
/// neither, so the bytes pass through a buffer that is drained each time).
struct Writer(ArrowWriter<Vec<u8>>);

impl Writer {
    fn new(schema: Arc<ArrowSchema>) -> io::Result<Writer> {
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROWS_PER_GROUP))
            .set_created_by(format!("icigraph {}", env!("CARGO_PKG_VERSION")))
            .build();
        ArrowWriter::try_new(Vec::new(), schema, Some(props))
            .map(Writer)
            .map_err(io::Error::other)
    }

    fn write(&mut self, batch: RecordBatch, out: &mut dyn Write) -> io::Result<()> {
        self.0.write(&batch).map_err(io::Error::other)?;
        self.0.flush().map_err(io::Error::other)?;
        self.drain(out)
    }

    fn drain(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let buffer = self.0.inner_mut();
        out.write_all(buffer)?;
        buffer.clear();
        Ok(())
    }

    fn close(mut self, out: &mut dyn Write) -> io::Result<()> {
        self.0.finish().map_err(io::Error::other)?;
        self.drain(out)
    }
}
