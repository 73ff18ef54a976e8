//! Cross-reference files (`xrefs/*.csv` of a curated folder): generated rows
//! that add properties and synonyms to nodes defined in `nodes/`, so linking
//! the review to public identifiers never rewrites the curated node files.
//!
//! A row names an existing node by `id`; `synonym` adds names; every other
//! column becomes a node property (`xref` lists are `|`-separated).

use rustc_hash::FxHashMap;

use crate::graph::{Graph, NewValue};

use super::columns;
use super::records::{self, Strictness};
use super::report::Report;
use super::table::{Dialect, InputFile};

/// Merges one cross-reference file into the nodes already read.
pub(super) fn read(
    file: &InputFile,
    graph: &mut Graph,
    seen: &mut FxHashMap<String, String>,
    report: &mut Report,
) {
    let mut plan = None;
    columns::read_checked(file, Dialect::Csv, report, &["id"], |cols, row, report| {
        let extras = plan.get_or_insert_with(|| {
            records::extras(
                cols.header(),
                &["id", "synonym", "synonyms"],
                Strictness::Curated,
                Dialect::Csv,
                graph.schema(),
            )
        });
        let id = cols.get(row, "id");
        let place = format!("{}:{}", file.display, row.line);
        if let Some(first) = seen.insert(id.to_owned(), place.clone()) {
            report.at(
                &file.display,
                row.line,
                Some("id"),
                format!("\"{id}\" has cross-references twice (first at {first})"),
            );
            return;
        }
        let Some(ix) = graph.find_id(id) else {
            let hint = records::hint_ids(graph, id, report);
            report.at(
                &file.display,
                row.line,
                Some("id"),
                format!("\"{id}\" names no node{hint}"),
            );
            return;
        };
        let Some(props) = records::props(
            graph,
            &file.display,
            row.line,
            &|i| Some(row.get(i)),
            extras,
            report,
        ) else {
            return;
        };
        let mut synonyms: Vec<&str> = records::split(cols.get(row, "synonym")).collect();
        synonyms.extend(records::split(cols.get(row, "synonyms")));
        graph.add_synonyms(ix, &synonyms);
        for (position, value) in props {
            let value = match (extras[position].key.as_str(), value) {
                ("xref", NewValue::Str(one)) => NewValue::List(vec![NewValue::Str(one)]),
                (_, value) => value,
            };
            graph.set_node_prop(ix, &extras[position].key, value);
        }
    });
}
