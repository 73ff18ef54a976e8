//! Neo4j `neo4j-admin database import full` CSVs: `nodes.csv` (`id:ID`,
//! `:LABEL`, typed properties), `relationships.csv` (`:START_ID`, `:END_ID`,
//! `:TYPE`, typed properties such as `refs:int[]`) and `import.sh` with the
//! command line. Lists are `|`-separated (`--array-delimiter='|'`), so a list
//! item cannot itself contain `|`; cells with line breaks are quoted
//! (`--multiline-fields=true`).

use std::io;

use crate::graph::{Graph, PropValue};

use super::columns::{Column, ColumnType, Columns, items, text};
use super::{Files, Subset};
use crate::escape;

/// The array delimiter of the export.
pub const ARRAY_DELIMITER: &str = "|";

/// The Neo4j header type of a column: `int` when every integer fits 32 bits.
fn neo4j_type(graph: &Graph, subset: &Subset, column: &Column, nodes: bool) -> &'static str {
    let fits = |value: &PropValue| {
        items(value)
            .iter()
            .all(|v| matches!(v, PropValue::Int(i) if i32::try_from(*i).is_ok()))
    };
    let small = || {
        if nodes {
            subset
                .nodes
                .iter()
                .filter_map(|&n| graph.node(n).prop(&column.key))
                .all(fits)
        } else {
            subset
                .edges
                .iter()
                .filter_map(|&e| graph.edge(e).prop(&column.key))
                .all(fits)
        }
    };
    match column.ty {
        ColumnType::Int if small() => "int",
        ColumnType::Int => "long",
        ColumnType::IntList if small() => "int[]",
        ColumnType::IntList => "long[]",
        ColumnType::Float => "double",
        ColumnType::Bool => "boolean",
        ColumnType::Str => "string",
        ColumnType::StrList => "string[]",
    }
}

fn csv_err(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// The command that imports the folder (run from inside it).
pub fn import_command(database: &str) -> String {
    format!(
        "neo4j-admin database import full --array-delimiter='{ARRAY_DELIMITER}' --multiline-fields=true --nodes=nodes.csv --relationships=relationships.csv {}",
        escape::shell(database)
    )
}

/// Writes `nodes.csv`, `relationships.csv` and `import.sh`.
pub fn write(graph: &Graph, subset: &Subset, files: &mut dyn Files) -> io::Result<()> {
    let columns = Columns::of(graph, subset);
    let node_cols: Vec<&Column> = columns
        .nodes
        .iter()
        .filter(|c| !["id", "name", "synonyms"].contains(&c.key.as_str()))
        .collect();
    files.write("nodes.csv", &mut |out| {
        let mut w = csv::Writer::from_writer(out);
        let mut header = vec![
            "id:ID".to_owned(),
            ":LABEL".to_owned(),
            "name".to_owned(),
            "synonyms:string[]".to_owned(),
        ];
        header.extend(
            node_cols
                .iter()
                .map(|c| format!("{}:{}", c.key, neo4j_type(graph, subset, c, true))),
        );
        w.write_record(&header).map_err(csv_err)?;
        let mut row: Vec<String> = Vec::with_capacity(header.len());
        for &n in &subset.nodes {
            let node = graph.node(n);
            row.clear();
            row.push(node.id().to_owned());
            row.push(node.category().name.clone());
            row.push(node.name().to_owned());
            row.push(node.synonyms().collect::<Vec<_>>().join(ARRAY_DELIMITER));
            for c in &node_cols {
                row.push(
                    node.prop(&c.key)
                        .map(|v| text(graph, v, ARRAY_DELIMITER))
                        .unwrap_or_default(),
                );
            }
            w.write_record(&row).map_err(csv_err)?;
        }
        w.flush()
    })?;
    files.write("relationships.csv", &mut |out| {
        let mut w = csv::Writer::from_writer(out);
        let mut header = vec![
            ":START_ID".to_owned(),
            ":END_ID".to_owned(),
            ":TYPE".to_owned(),
        ];
        header.extend(
            columns
                .edges
                .iter()
                .map(|c| format!("{}:{}", c.key, neo4j_type(graph, subset, c, false))),
        );
        w.write_record(&header).map_err(csv_err)?;
        let mut row: Vec<String> = Vec::with_capacity(header.len());
        for &e in &subset.edges {
            let edge = graph.edge(e);
            row.clear();
            row.push(graph.node(edge.subject()).id().to_owned());
            row.push(graph.node(edge.object()).id().to_owned());
            row.push(edge.predicate().name.clone());
            for c in &columns.edges {
                row.push(
                    edge.prop(&c.key)
                        .map(|v| text(graph, v, ARRAY_DELIMITER))
                        .unwrap_or_default(),
                );
            }
            w.write_record(&row).map_err(csv_err)?;
        }
        w.flush()
    })?;
    files.write("import.sh", &mut |out| {
        writeln!(out, "#!/bin/sh")?;
        writeln!(
            out,
            "# Imports this folder into a new Neo4j 5 database (stop the server first)."
        )?;
        writeln!(out, "# usage: sh import.sh [DATABASE]   (default: neo4j)")?;
        writeln!(out, "set -e")?;
        writeln!(out, "cd \"$(dirname \"$0\")\"")?;
        writeln!(
            out,
            "{}",
            import_command("neo4j").replace("'neo4j'", "\"${1:-neo4j}\"")
        )
    })
}
