//! GraphML with typed `<key>` declarations, for networkx, igraph, Gephi and
//! yEd.
//!
//! Node keys: `name`, `category`, `biolink_category`, `synonyms`, then every
//! node property; edge keys: `predicate`, `biolink_predicate`, then every
//! edge property. Integers are `long`, decimals `double`, flags `boolean`,
//! text `string`. GraphML has no list type: a list (synonyms, refs, figures,
//! …) is a `string` whose items are joined by `|`, as in the CSV files, and
//! its `<key>` carries `attr.list="|"` in the icigraph namespace so a reader
//! can split it again.

use std::io::{self, Write};

use crate::graph::Graph;

use super::Subset;
use super::columns::{ColumnType, Columns, text};
use crate::escape::xml;

fn type_name(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Int => "long",
        ColumnType::Float => "double",
        ColumnType::Bool => "boolean",
        ColumnType::Str | ColumnType::IntList | ColumnType::StrList => "string",
    }
}

/// Writes the subset as one GraphML document.
pub fn write(graph: &Graph, subset: &Subset, out: &mut dyn Write) -> io::Result<()> {
    let columns = Columns::of(graph, subset);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ici="https://github.com/icigraph" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    let fixed_nodes = [
        ("name", false),
        ("category", false),
        ("biolink_category", false),
        ("synonyms", true),
    ];
    for (i, (key, list)) in fixed_nodes.iter().enumerate() {
        key_line(out, &format!("n{i}"), "node", key, "string", *list)?;
    }
    let node_keys: Vec<(String, &super::columns::Column)> = columns
        .nodes
        .iter()
        .filter(|c| !fixed_nodes.iter().any(|(k, _)| *k == c.key))
        .enumerate()
        .map(|(i, c)| (format!("n{}", i + fixed_nodes.len()), c))
        .collect();
    for (id, c) in &node_keys {
        key_line(out, id, "node", &c.key, type_name(c.ty), c.ty.is_list())?;
    }
    let fixed_edges = ["predicate", "biolink_predicate"];
    for (i, key) in fixed_edges.iter().enumerate() {
        key_line(out, &format!("e{i}"), "edge", key, "string", false)?;
    }
    let edge_keys: Vec<(String, &super::columns::Column)> = columns
        .edges
        .iter()
        .filter(|c| !fixed_edges.contains(&c.key.as_str()))
        .enumerate()
        .map(|(i, c)| (format!("e{}", i + fixed_edges.len()), c))
        .collect();
    for (id, c) in &edge_keys {
        key_line(out, id, "edge", &c.key, type_name(c.ty), c.ty.is_list())?;
    }
    writeln!(out, r#"<graph id="G" edgedefault="directed">"#)?;
    let schema = graph.schema();
    for &n in &subset.nodes {
        let node = graph.node(n);
        let category = node.category();
        write!(out, r#"<node id="{}">"#, xml(node.id()))?;
        data(out, "n0", node.name())?;
        data(out, "n1", &category.name)?;
        data(out, "n2", &category.biolink)?;
        let synonyms: Vec<&str> = node.synonyms().collect();
        if !synonyms.is_empty() {
            data(out, "n3", &synonyms.join("|"))?;
        }
        for (id, c) in &node_keys {
            if let Some(value) = node.prop(&c.key) {
                data(out, id, &text(graph, value, "|"))?;
            }
        }
        writeln!(out, "</node>")?;
    }
    let ids: Vec<String> = graph
        .node_indices()
        .map(|n| xml(graph.node(n).id()).into_owned())
        .collect();
    let predicates: Vec<String> = schema
        .predicates()
        .iter()
        .map(|p| {
            format!(
                r#"<data key="e0">{}</data><data key="e1">{}</data>"#,
                xml(&p.name),
                xml(&p.biolink)
            )
        })
        .collect();
    for &e in &subset.edges {
        let edge = graph.edge(e);
        write!(
            out,
            r#"<edge id="e{}" source="{}" target="{}">{}"#,
            e.index(),
            ids[edge.subject().index()],
            ids[edge.object().index()],
            predicates[edge.predicate_id().0 as usize]
        )?;
        for (id, c) in &edge_keys {
            if let Some(value) = edge.prop(&c.key) {
                data(out, id, &text(graph, value, "|"))?;
            }
        }
        writeln!(out, "</edge>")?;
    }
    writeln!(out, "</graph>\n</graphml>")
}

fn key_line(
    out: &mut dyn Write,
    id: &str,
    domain: &str,
    name: &str,
    ty: &str,
    list: bool,
) -> io::Result<()> {
    let list = if list { r#" ici:list="|""# } else { "" };
    writeln!(
        out,
        r#"<key id="{id}" for="{domain}" attr.name="{}" attr.type="{ty}"{list}/>"#,
        xml(name)
    )
}

fn data(out: &mut dyn Write, key: &str, value: &str) -> io::Result<()> {
    write!(out, r#"<data key="{key}">{}</data>"#, xml(value))
}
