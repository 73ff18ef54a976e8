//! KGX JSON Lines (`nodes.jsonl`, `edges.jsonl`): one JSON object a line.
//! Values keep their JSON types (arrays are lists, integers integers); keys
//! in the `ici:` namespace are icigraph's own properties, read back under
//! their own name, and `ici:category` / `ici:predicate` name the category
//! and predicate when the file was written by icigraph. Every problem is
//! reported as `file:line`.

use serde_json::{Map, Value as Json};

use crate::biolink::{CATEGORY, NAMESPACE, NOT_PROVIDED, PREDICATE};
use crate::graph::{Graph, NewNode, NewValue};

use super::records::{category_named, did_you_mean, hint_ids, local_name};
use super::report::Report;
use super::table::InputFile;

/// Columns whose `not_provided` means unknown (not stored).
const NOT_PROVIDED_KEYS: &[&str] = &["knowledge_level", "agent_type"];

/// The non-blank lines of a file with their 1-based numbers.
fn lines(file: &InputFile) -> impl Iterator<Item = (u64, &[u8])> {
    let data = super::table::body(file);
    data.split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, line)| (i as u64 + 1, line.strip_suffix(b"\r").unwrap_or(line)))
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
}

fn object(
    file: &InputFile,
    line: u64,
    text: &[u8],
    report: &mut Report,
) -> Option<Map<String, Json>> {
    match serde_json::from_slice::<Json>(text) {
        Ok(Json::Object(map)) => Some(map),
        Ok(other) => {
            let kind = match other {
                Json::Array(_) => "an array",
                Json::String(_) => "a string",
                Json::Number(_) => "a number",
                Json::Bool(_) => "a boolean",
                _ => "null",
            };
            report.at(
                &file.display,
                line,
                None,
                format!("expected a JSON object, found {kind}"),
            );
            None
        }
        Err(err) => {
            report.at(
                &file.display,
                line,
                None,
                format!("invalid JSON at column {}: {err}", err.column()),
            );
            None
        }
    }
}

/// A required string field ("" when missing or not a string, reported).
fn required<'m>(
    file: &InputFile,
    line: u64,
    map: &'m Map<String, Json>,
    key: &str,
    report: &mut Report,
) -> Option<&'m str> {
    match map.get(key) {
        Some(Json::String(s)) if !s.trim().is_empty() => Some(s.trim()),
        Some(Json::Array(items)) if key == "category" => match items.first() {
            Some(Json::String(s)) if !s.trim().is_empty() => Some(s.trim()),
            _ => {
                report.at(
                    &file.display,
                    line,
                    Some(key),
                    "expected a non-empty list of names",
                );
                None
            }
        },
        None | Some(Json::Null) => {
            report.at(&file.display, line, Some(key), "missing required field");
            None
        }
        Some(_) => {
            report.at(
                &file.display,
                line,
                Some(key),
                "expected a non-empty string",
            );
            None
        }
    }
}

fn optional_text<'m>(map: &'m Map<String, Json>, key: &str) -> &'m str {
    match map.get(key) {
        Some(Json::String(s)) => s,
        _ => "",
    }
}

fn value(json: &Json) -> Option<NewValue> {
    Some(match json {
        Json::Null => return None,
        Json::Bool(b) => NewValue::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => NewValue::Int(i),
            None => NewValue::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => NewValue::Str(s.clone()),
        Json::Array(items) => NewValue::List(
            items
                .iter()
                .filter_map(|v| match v {
                    Json::Array(_) | Json::Object(_) => Some(NewValue::Str(v.to_string())),
                    other => value(other),
                })
                .collect(),
        ),
        Json::Object(_) => NewValue::Str(json.to_string()),
    })
}

/// Properties of a record: every key but `skip`, `ici:` stripped.
fn props<'m>(map: &'m Map<String, Json>, skip: &[&str]) -> Vec<(&'m str, NewValue)> {
    map.iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .filter(|(k, v)| {
            !(NOT_PROVIDED_KEYS.contains(&k.as_str()) && v.as_str() == Some(NOT_PROVIDED))
        })
        .filter_map(|(k, v)| {
            let key = k
                .strip_prefix(NAMESPACE)
                .filter(|k| !k.is_empty())
                .unwrap_or(k);
            value(v).map(|v| (key, v))
        })
        .filter(|(_, v)| !matches!(v, NewValue::Str(s) if s.is_empty()))
        .collect()
}

fn strings(json: Option<&Json>) -> Vec<&str> {
    match json {
        Some(Json::String(s)) if !s.is_empty() => vec![s.as_str()],
        Some(Json::Array(items)) => items.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

pub fn read_nodes(file: &InputFile, graph: &mut Graph, report: &mut Report) {
    let mut first: rustc_hash::FxHashMap<String, u64> = Default::default();
    for (line, text) in lines(file) {
        let Some(map) = object(file, line, text, report) else {
            continue;
        };
        let id = required(file, line, &map, "id", report);
        let biolink = required(file, line, &map, "category", report);
        let (Some(id), Some(biolink)) = (id, biolink) else {
            continue;
        };
        let own = optional_text(&map, CATEGORY).trim();
        let Ok(category) = category_named(graph, biolink, own) else {
            report.at(
                &file.display,
                line,
                Some("category"),
                "too many categories (at most 65535)",
            );
            continue;
        };
        let mut synonyms = strings(map.get("synonym"));
        synonyms.extend(strings(map.get("synonyms")));
        let label = match optional_text(&map, "name") {
            "" => id,
            name => name,
        };
        let new = NewNode {
            id,
            name: label,
            synonyms,
            props: props(
                &map,
                &["id", "category", "name", "synonym", "synonyms", CATEGORY],
            ),
        };
        match graph.add_node(category, new) {
            Ok(_) => {
                first.insert(id.to_owned(), line);
            }
            Err(crate::graph::GraphError::DuplicateId(_)) => {
                let at = first.get(id).copied().unwrap_or(0);
                report.at(
                    &file.display,
                    line,
                    Some("id"),
                    format!(
                        "duplicate node id \"{id}\" (first defined at {}:{at})",
                        file.display
                    ),
                );
            }
            Err(err) => report.at(&file.display, line, None, err.to_string()),
        }
    }
}

pub fn read_edges(file: &InputFile, graph: &mut Graph, report: &mut Report) {
    for (line, text) in lines(file) {
        let Some(map) = object(file, line, text, report) else {
            continue;
        };
        let subject = required(file, line, &map, "subject", report);
        let biolink = required(file, line, &map, "predicate", report);
        let object = required(file, line, &map, "object", report);
        let (Some(subject), Some(biolink), Some(object)) = (subject, biolink, object) else {
            continue;
        };
        let mut ends = [None, None];
        for (slot, (key, id)) in ends
            .iter_mut()
            .zip([("subject", subject), ("object", object)])
        {
            *slot = graph.find_id(id);
            if slot.is_none() {
                let hint = hint_ids(graph, id, report);
                report.at(
                    &file.display,
                    line,
                    Some(key),
                    format!("\"{id}\" names no node{hint}"),
                );
            }
        }
        let [Some(s), Some(o)] = ends else {
            continue;
        };
        let own = optional_text(&map, PREDICATE).trim();
        let name = if own.is_empty() {
            local_name(biolink)
        } else {
            own
        };
        let known = graph.schema().predicate_id(name).is_some();
        let Some(predicate) = graph.schema_mut().predicate_or_add(name) else {
            let hint = did_you_mean(&graph.schema().suggest_predicate(name));
            report.at(
                &file.display,
                line,
                Some("predicate"),
                format!("unknown predicate \"{name}\"{hint}"),
            );
            continue;
        };
        if !known && !own.is_empty() {
            graph.schema_mut().set_predicate_biolink(predicate, biolink);
        }
        let props = props(&map, &["subject", "predicate", "object", PREDICATE]);
        if let Err(err) = graph.add_edge(s, predicate, o, props) {
            report.at(&file.display, line, None, err.to_string());
        }
    }
}
