//! KGX (the Biolink Model's exchange format) as TSV (`nodes.tsv`,
//! `edges.tsv`) or JSON Lines (`nodes.jsonl`, `edges.jsonl`).
//!
//! `category` and `predicate` are the Biolink terms the schema maps each
//! category and predicate to (`biolink_category`, `biolink_predicate`);
//! icigraph's own vocabulary and every property that is not a KGX slot are
//! written in the `ici:` namespace (`ici:category`, `ici:predicate`,
//! `ici:refs` — the review's reference numbers —, `ici:evidence`, …), so the
//! file validates as KGX and icigraph reads it back unchanged. Edges carry
//! `knowledge_level` and `agent_type` from their own properties (KGX's
//! `not_provided` when absent) and the schema's source columns
//! (`schema/sources.csv`: `publications`, `primary_knowledge_source`) unless
//! the edge has its own.

use std::io::{self, Write};

use serde_json::{Map, Value as Json};

use crate::graph::{Graph, PropValue};

use super::columns::items;
use super::{Files, Subset};
use crate::biolink::{CATEGORY, NAMESPACE, NOT_PROVIDED, PREDICATE};
use crate::escape;

/// Property keys that are KGX slots, written under their own name.
pub const SLOTS: &[&str] = &[
    "description",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "aggregator_knowledge_source",
    "supporting_data_source",
    "publications",
    "provided_by",
    "xref",
    "iri",
    "in_taxon",
    "negated",
];

/// Edge slots KGX expects on every edge, filled with [`NOT_PROVIDED`].
pub(super) const REQUIRED: &[&str] = &["knowledge_level", "agent_type"];

/// The KGX column of a property key.
pub fn column(key: &str) -> String {
    if SLOTS.contains(&key) {
        key.to_owned()
    } else {
        format!("{NAMESPACE}{key}")
    }
}

/// The Biolink class of a category, `biolink:NamedThing` when the schema has none.
pub(super) fn category_curie(category: &crate::schema::Category) -> String {
    if category.biolink.is_empty() {
        "biolink:NamedThing".into()
    } else {
        category.biolink.clone()
    }
}

pub(super) fn predicate_curie(predicate: &crate::schema::Predicate) -> String {
    if predicate.biolink.is_empty() {
        "biolink:related_to".into()
    } else {
        predicate.biolink.clone()
    }
}

/// The column layout of one export.
struct Layout {
    node_keys: Vec<String>,
    edge_keys: Vec<String>,
    /// Source columns from the schema not already edge properties.
    defaults: Vec<(String, String)>,
}

impl Layout {
    fn of(graph: &Graph, subset: &Subset) -> Layout {
        let columns = super::columns::Columns::of(graph, subset);
        let node_keys = columns.nodes.into_iter().map(|c| c.key).collect();
        let edge_keys: Vec<String> = columns
            .edges
            .into_iter()
            .map(|c| c.key)
            .filter(|k| !REQUIRED.contains(&k.as_str()))
            .collect();
        let defaults = graph
            .schema()
            .sources()
            .iter()
            .filter(|(k, _)| !edge_keys.contains(k) && !REQUIRED.contains(&k.as_str()))
            .cloned()
            .collect();
        Layout {
            node_keys,
            edge_keys,
            defaults,
        }
    }
}

/// Writes `nodes.tsv` and `edges.tsv`.
pub fn write_tsv(graph: &Graph, subset: &Subset, files: &mut dyn Files) -> io::Result<()> {
    let layout = Layout::of(graph, subset);
    let schema = graph.schema();
    let categories: Vec<(String, String)> = schema
        .categories()
        .iter()
        .map(|c| {
            (
                escape::tsv(&category_curie(c)).into_owned(),
                escape::tsv(&c.name).into_owned(),
            )
        })
        .collect();
    files.write("nodes.tsv", &mut |out| {
        let mut header = vec!["id", "category", "name", "synonym"];
        let node_cols: Vec<String> = layout.node_keys.iter().map(|k| column(k)).collect();
        header.extend(node_cols.iter().map(String::as_str));
        header.push(CATEGORY);
        writeln!(out, "{}", header.join("\t"))?;
        for &n in &subset.nodes {
            let node = graph.node(n);
            let (curie, name) = &categories[node.category_id().0 as usize];
            write!(
                out,
                "{}\t{curie}\t{}\t",
                escape::tsv(node.id()),
                escape::tsv(node.name())
            )?;
            let mut first = true;
            for synonym in node.synonyms() {
                if !first {
                    out.write_all(b"|")?;
                }
                first = false;
                out.write_all(escape::tsv(synonym).as_bytes())?;
            }
            for key in &layout.node_keys {
                out.write_all(b"\t")?;
                if let Some(value) = node.prop(key) {
                    write_tsv_value(graph, value, out)?;
                }
            }
            writeln!(out, "\t{name}")?;
        }
        Ok(())
    })?;
    let predicates: Vec<(String, String)> = schema
        .predicates()
        .iter()
        .map(|p| {
            (
                escape::tsv(&predicate_curie(p)).into_owned(),
                escape::tsv(&p.name).into_owned(),
            )
        })
        .collect();
    let ids: Vec<String> = graph
        .node_indices()
        .map(|n| escape::tsv(graph.node(n).id()).into_owned())
        .collect();
    files.write("edges.tsv", &mut |out| {
        let mut header = vec!["subject", "predicate", "object"];
        header.extend(REQUIRED);
        header.extend(layout.defaults.iter().map(|(k, _)| k.as_str()));
        let edge_cols: Vec<String> = layout.edge_keys.iter().map(|k| column(k)).collect();
        header.extend(edge_cols.iter().map(String::as_str));
        header.push(PREDICATE);
        writeln!(out, "{}", header.join("\t"))?;
        let defaults: String = layout
            .defaults
            .iter()
            .map(|(_, v)| format!("\t{}", escape::tsv(v)))
            .collect();
        for &e in &subset.edges {
            let edge = graph.edge(e);
            let (curie, name) = &predicates[edge.predicate_id().0 as usize];
            write!(
                out,
                "{}\t{curie}\t{}",
                ids[edge.subject().index()],
                ids[edge.object().index()]
            )?;
            for key in REQUIRED {
                out.write_all(b"\t")?;
                match edge.prop(key) {
                    Some(value) => write_tsv_value(graph, value, out)?,
                    None => out.write_all(NOT_PROVIDED.as_bytes())?,
                }
            }
            out.write_all(defaults.as_bytes())?;
            for key in &layout.edge_keys {
                out.write_all(b"\t")?;
                if let Some(value) = edge.prop(key) {
                    write_tsv_value(graph, value, out)?;
                }
            }
            writeln!(out, "\t{name}")?;
        }
        Ok(())
    })
}

fn write_tsv_value(graph: &Graph, value: &PropValue, out: &mut dyn Write) -> io::Result<()> {
    for (i, item) in items(value).iter().enumerate() {
        if i > 0 {
            out.write_all(b"|")?;
        }
        match item {
            PropValue::Str(s) => out.write_all(escape::tsv(graph.text(*s)).as_bytes())?,
            other => out.write_all(graph.value_text(other).as_bytes())?,
        }
    }
    Ok(())
}

/// Writes `nodes.jsonl` and `edges.jsonl`: one JSON object a line, lists as
/// arrays and numbers as numbers, so every value survives exactly.
pub fn write_jsonl(graph: &Graph, subset: &Subset, files: &mut dyn Files) -> io::Result<()> {
    let layout = Layout::of(graph, subset);
    let schema = graph.schema();
    files.write("nodes.jsonl", &mut |out| {
        for &n in &subset.nodes {
            let node = graph.node(n);
            let category = node.category();
            let mut map = Map::new();
            map.insert("id".into(), node.id().into());
            map.insert(
                "category".into(),
                Json::Array(vec![category_curie(category).into()]),
            );
            map.insert("name".into(), node.name().into());
            let synonyms: Vec<Json> = node.synonyms().map(Json::from).collect();
            if !synonyms.is_empty() {
                map.insert("synonym".into(), Json::Array(synonyms));
            }
            for (key, value) in node.props() {
                map.insert(column(key), graph.value_json(value));
            }
            map.insert(CATEGORY.into(), category.name.as_str().into());
            serde_json::to_writer(&mut *out, &map)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    })?;
    files.write("edges.jsonl", &mut |out| {
        for &e in &subset.edges {
            let edge = graph.edge(e);
            let predicate = schema.predicate(edge.predicate_id());
            let mut map = Map::new();
            map.insert("subject".into(), graph.node(edge.subject()).id().into());
            map.insert("predicate".into(), predicate_curie(predicate).into());
            map.insert("object".into(), graph.node(edge.object()).id().into());
            for key in REQUIRED {
                let value = edge
                    .prop(key)
                    .map_or(Json::from(NOT_PROVIDED), |v| graph.value_json(v));
                map.insert((*key).into(), value);
            }
            for (key, value) in &layout.defaults {
                // `publications` is a multivalued slot.
                let value = if key == "publications" {
                    Json::Array(super::columns::split(value).map(Json::from).collect())
                } else {
                    value.as_str().into()
                };
                map.insert(key.clone(), value);
            }
            for (key, value) in edge.props() {
                if !REQUIRED.contains(&key) {
                    map.insert(column(key), graph.value_json(value));
                }
            }
            map.insert(PREDICATE.into(), predicate.name.as_str().into());
            serde_json::to_writer(&mut *out, &map)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    })
}
