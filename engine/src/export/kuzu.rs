//! A Kùzu database folder: `schema.cypher` (one node table per category, one
//! relationship table per predicate with every FROM/TO pair it joins),
//! `copy.cypher` (the COPY statements, run from the folder) and the CSV files
//! under `nodes/` and `rels/`. Integers are INT64, reference lists INT64[];
//! text lists are STRING cells joined by `|` (Kùzu's list syntax in CSV has
//! no escape for brackets and commas in items).

use std::io;

use crate::graph::{EdgeIx, Graph, NodeIx};
use crate::schema::CategoryId;

use super::columns::{ColumnType, Columns, items, text};
use super::{Files, Subset};
use crate::escape::{cypher_name, cypher_string};

fn kuzu_type(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Int => "INT64",
        ColumnType::Float => "DOUBLE",
        ColumnType::Bool => "BOOLEAN",
        ColumnType::Str | ColumnType::StrList => "STRING",
        ColumnType::IntList => "INT64[]",
    }
}

/// A file name part from a table name: letters, digits, `-` and `_` kept.
fn file_part(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn csv_err(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn cell(graph: &Graph, value: Option<&crate::graph::PropValue>, ty: ColumnType) -> String {
    let Some(value) = value else {
        return String::new();
    };
    match ty {
        ColumnType::IntList => format!(
            "[{}]",
            items(value)
                .iter()
                .map(|v| graph.value_text(v))
                .collect::<Vec<_>>()
                .join(",")
        ),
        _ => text(graph, value, "|"),
    }
}

/// Writes the folder.
pub fn write(graph: &Graph, subset: &Subset, files: &mut dyn Files) -> io::Result<()> {
    let schema = graph.schema();
    let mut by_category: Vec<Vec<NodeIx>> = vec![Vec::new(); schema.categories().len()];
    for &n in &subset.nodes {
        by_category[graph.node(n).category_id().0 as usize].push(n);
    }
    let mut by_predicate: Vec<Vec<EdgeIx>> = vec![Vec::new(); schema.predicates().len()];
    for &e in &subset.edges {
        by_predicate[graph.edge(e).predicate_id().0 as usize].push(e);
    }
    let table_names: Vec<String> = schema.categories().iter().map(|c| c.name.clone()).collect();
    let rel_names: Vec<String> = schema
        .predicates()
        .iter()
        .map(|p| {
            if table_names.contains(&p.name) {
                format!("{}_rel", p.name)
            } else {
                p.name.clone()
            }
        })
        .collect();
    let multiline = subset.nodes.iter().any(|&n| {
        let node = graph.node(n);
        node.name().contains(['\n', '\r'])
            || node
                .props()
                .any(|(_, v)| graph.value_text(v).contains(['\n', '\r']))
    }) || subset.edges.iter().any(|&e| {
        graph
            .edge(e)
            .props()
            .any(|(_, v)| graph.value_text(v).contains(['\n', '\r']))
    });
    let options = if multiline {
        "header=true, parallel=false"
    } else {
        "header=true"
    };
    let mut ddl = String::new();
    let mut copy = String::new();
    for (i, nodes) in by_category.iter().enumerate() {
        if nodes.is_empty() {
            continue;
        }
        let columns = Columns::of(
            graph,
            &Subset {
                nodes: nodes.clone(),
                edges: Vec::new(),
            },
        );
        let props: Vec<_> = columns
            .nodes
            .iter()
            .filter(|c| !["id", "name", "synonyms"].contains(&c.key.as_str()))
            .collect();
        let table = cypher_name(&table_names[i]);
        let mut fields = vec![
            "id STRING".to_owned(),
            "name STRING".to_owned(),
            "synonyms STRING".to_owned(),
        ];
        fields.extend(
            props
                .iter()
                .map(|c| format!("{} {}", cypher_name(&c.key), kuzu_type(c.ty))),
        );
        ddl.push_str(&format!(
            "CREATE NODE TABLE {table}({}, PRIMARY KEY (id));\n",
            fields.join(", ")
        ));
        let path = format!("nodes/{i:03}_{}.csv", file_part(&table_names[i]));
        copy.push_str(&format!(
            "COPY {table} FROM {} ({options});\n",
            cypher_string(&path)
        ));
        files.write(&path, &mut |out| {
            let mut w = csv::Writer::from_writer(out);
            let mut header = vec!["id".to_owned(), "name".into(), "synonyms".into()];
            header.extend(props.iter().map(|c| c.key.clone()));
            w.write_record(&header).map_err(csv_err)?;
            for &n in nodes {
                let node = graph.node(n);
                let mut row = vec![
                    node.id().to_owned(),
                    node.name().to_owned(),
                    node.synonyms().collect::<Vec<_>>().join("|"),
                ];
                row.extend(props.iter().map(|c| cell(graph, node.prop(&c.key), c.ty)));
                w.write_record(&row).map_err(csv_err)?;
            }
            w.flush()
        })?;
    }
    for (p, edges) in by_predicate.iter().enumerate() {
        if edges.is_empty() {
            continue;
        }
        let columns = Columns::of(
            graph,
            &Subset {
                nodes: Vec::new(),
                edges: edges.clone(),
            },
        );
        let mut pairs: Vec<(CategoryId, CategoryId, EdgeIx)> = edges
            .iter()
            .map(|&e| {
                let edge = graph.edge(e);
                (
                    graph.node(edge.subject()).category_id(),
                    graph.node(edge.object()).category_id(),
                    e,
                )
            })
            .collect();
        pairs.sort_by_key(|&(s, o, e)| (s, o, e));
        let mut groups: Vec<(CategoryId, CategoryId, Vec<EdgeIx>)> = Vec::new();
        for (s, o, e) in pairs {
            match groups.last_mut() {
                Some((gs, go, list)) if *gs == s && *go == o => list.push(e),
                _ => groups.push((s, o, vec![e])),
            }
        }
        let table = cypher_name(&rel_names[p]);
        let mut fields: Vec<String> = groups
            .iter()
            .map(|(s, o, _)| {
                format!(
                    "FROM {} TO {}",
                    cypher_name(&table_names[s.0 as usize]),
                    cypher_name(&table_names[o.0 as usize])
                )
            })
            .collect();
        fields.extend(
            columns
                .edges
                .iter()
                .map(|c| format!("{} {}", cypher_name(&c.key), kuzu_type(c.ty))),
        );
        ddl.push_str(&format!(
            "CREATE REL TABLE {table}({});\n",
            fields.join(", ")
        ));
        for (s, o, list) in &groups {
            let (from, to) = (&table_names[s.0 as usize], &table_names[o.0 as usize]);
            let path = format!(
                "rels/{p:03}_{}__{:03}_{}__{:03}_{}.csv",
                file_part(&rel_names[p]),
                s.0,
                file_part(from),
                o.0,
                file_part(to)
            );
            let pair_options = if groups.len() > 1 {
                format!(", from={}, to={}", cypher_string(from), cypher_string(to))
            } else {
                String::new()
            };
            copy.push_str(&format!(
                "COPY {table} FROM {} ({options}{pair_options});\n",
                cypher_string(&path)
            ));
            write_rels(graph, &columns, list, &path, files)?;
        }
    }
    files.write("schema.cypher", &mut |out| out.write_all(ddl.as_bytes()))?;
    files.write("copy.cypher", &mut |out| out.write_all(copy.as_bytes()))
}

fn write_rels(
    graph: &Graph,
    columns: &Columns,
    edges: &[EdgeIx],
    path: &str,
    files: &mut dyn Files,
) -> io::Result<()> {
    files.write(path, &mut |out| {
        let mut w = csv::Writer::from_writer(out);
        let mut header = vec!["from".to_owned(), "to".to_owned()];
        header.extend(columns.edges.iter().map(|c| c.key.clone()));
        w.write_record(&header).map_err(csv_err)?;
        let mut row: Vec<String> = Vec::with_capacity(header.len());
        for &e in edges {
            let edge = graph.edge(e);
            row.clear();
            row.push(graph.node(edge.subject()).id().to_owned());
            row.push(graph.node(edge.object()).id().to_owned());
            for c in &columns.edges {
                row.push(cell(graph, edge.prop(&c.key), c.ty));
            }
            w.write_record(&row).map_err(csv_err)?;
        }
        w.flush()
    })
}
