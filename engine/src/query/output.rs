//! Query results for people and programs: JSON that keeps types (nodes,
//! relationships and paths as objects), text cells for tables and CSV, and
//! parameter values read from the command line.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json, json};

use super::access::GraphAccess;
use super::exec::Table;
use super::value::{NodeId, RelId, Value, format_float};

fn props_json(graph: &dyn GraphAccess, props: BTreeMap<String, Value>) -> Json {
    let map: Map<String, Json> = props
        .into_iter()
        .map(|(k, v)| (k, to_json(graph, &v)))
        .collect();
    Json::Object(map)
}

fn node_json(graph: &dyn GraphAccess, n: NodeId) -> Json {
    json!({
        "id": graph.node_key(n),
        "labels": graph.labels(n),
        "properties": props_json(graph, graph.node_properties(n)),
    })
}

fn rel_json(graph: &dyn GraphAccess, r: RelId) -> Json {
    let (s, e) = graph.endpoints(r);
    json!({
        "type": graph.type_name(graph.rel_type(r)),
        "start": graph.node_key(s),
        "end": graph.node_key(e),
        "properties": props_json(graph, graph.rel_properties(r)),
    })
}

/// A value as typed JSON.
pub fn to_json(graph: &dyn GraphAccess, value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map_or_else(|| Json::String(format_float(*f)), Json::Number),
        Value::Str(s) => Json::String(s.to_string()),
        Value::List(items) => Json::Array(items.iter().map(|v| to_json(graph, v)).collect()),
        Value::Map(m) => Json::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), to_json(graph, v)))
                .collect(),
        ),
        Value::Node(n) => node_json(graph, *n),
        Value::Rel(r) => rel_json(graph, *r),
        Value::Path(p) => json!({
            "nodes": p.nodes.iter().map(|&n| node_json(graph, n)).collect::<Vec<_>>(),
            "relationships": p.rels.iter().map(|&r| rel_json(graph, r)).collect::<Vec<_>>(),
        }),
        // ISO 8601 text, as Neo4j's drivers print temporal values.
        Value::Temporal(t) => Json::String(t.to_string()),
    }
}

/// One result row as a JSON object whose keys keep the column order.
pub struct JsonRow<'a> {
    columns: &'a [String],
    values: Vec<Json>,
}

impl serde::Serialize for JsonRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.columns.len()))?;
        for (c, v) in self.columns.iter().zip(&self.values) {
            map.serialize_entry(c, v)?;
        }
        map.end()
    }
}

/// A whole result as JSON: an array of row objects keyed by column.
pub fn table_json<'a>(graph: &dyn GraphAccess, table: &'a Table) -> Vec<JsonRow<'a>> {
    table
        .rows
        .iter()
        .map(|row| JsonRow {
            columns: &table.columns,
            values: row.iter().map(|v| to_json(graph, v)).collect(),
        })
        .collect()
}

fn node_text(graph: &dyn GraphAccess, n: NodeId) -> String {
    let labels = graph.labels(n).join(":");
    match graph.node_property(n, "name") {
        Value::Str(name) if !labels.is_empty() => format!("{name} [{labels}]"),
        Value::Str(name) => name.to_string(),
        _ => {
            let props = graph.node_properties(n);
            let mut text = String::from("(");
            if !labels.is_empty() {
                text.push(':');
                text.push_str(&labels);
            }
            if !props.is_empty() {
                if !labels.is_empty() {
                    text.push(' ');
                }
                text.push_str(&literal(graph, &Value::map(props)));
            }
            text.push(')');
            text
        }
    }
}

/// A value as a table or CSV cell: strings and temporal values bare (the
/// ISO text Neo4j prints), everything else in Cypher-like literal form;
/// nodes by name and label.
pub fn to_text(graph: &dyn GraphAccess, value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Str(s) => s.to_string(),
        Value::Temporal(t) => t.to_string(),
        other => literal(graph, other),
    }
}

fn literal(graph: &dyn GraphAccess, value: &Value) -> String {
    match value {
        Value::Node(n) => node_text(graph, *n),
        Value::Rel(r) => format!(":{}", graph.type_name(graph.rel_type(*r))),
        Value::Path(p) => {
            let mut text = node_text(graph, p.nodes[0]);
            for (i, &r) in p.rels.iter().enumerate() {
                let (s, _) = graph.endpoints(r);
                let t = graph.type_name(graph.rel_type(r));
                if s == p.nodes[i] {
                    text.push_str(&format!(" -[:{t}]-> "));
                } else {
                    text.push_str(&format!(" <-[:{t}]- "));
                }
                text.push_str(&node_text(graph, p.nodes[i + 1]));
            }
            text
        }
        Value::List(items) => {
            let inner: Vec<String> = items.iter().map(|v| literal(graph, v)).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Map(m) => {
            let inner: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{k}: {}", literal(graph, v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        other => other.to_string(),
    }
}

/// Rows as CSV with a header line.
pub fn write_csv(
    graph: &dyn GraphAccess,
    table: &Table,
    out: &mut dyn std::io::Write,
) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(&table.columns)?;
    for row in &table.rows {
        writer.write_record(row.iter().map(|v| to_text(graph, v)))?;
    }
    writer.flush()?;
    Ok(())
}

/// A parameter value from the command line: JSON when it parses as JSON
/// (`3`, `true`, `["a","b"]`, `"quoted"`), otherwise the text itself.
pub fn param_value(text: &str) -> Value {
    match serde_json::from_str::<Json>(text) {
        Ok(json) => from_json(&json),
        Err(_) => Value::str(text),
    }
}

fn from_json(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => n
            .as_i64()
            .map_or_else(|| Value::Float(n.as_f64().unwrap_or(f64::NAN)), Value::Int),
        Json::String(s) => Value::str(s),
        Json::Array(items) => Value::list(items.iter().map(from_json).collect()),
        Json::Object(m) => Value::map(m.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()),
    }
}
