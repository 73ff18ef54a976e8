//! Turns node and edge rows into graph nodes and edges, validating each cell
//! against the schema and the nodes seen so far.

use rustc_hash::FxHashSet;

use crate::graph::{Graph, NewNode, NewValue, NodeIx, keys};
use crate::schema::Schema;
use crate::suggest;

use super::columns::{self, Columns};
use super::report::Report;
use super::table::{Dialect, InputFile, Row};

/// How strictly rows are read: the curated layout checks references between
/// cells; open folders (plain CSV, KGX) accept any vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strictness {
    Curated,
    Open,
}

/// What a column of an edge or node file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Free text, never split (descriptions, notes).
    Text,
    /// `|`-separated when it holds a `|`.
    Auto,
    /// Always a list.
    List,
    /// Reference numbers of the review.
    Refs,
    /// Ids of nodes that must exist (curated only).
    NodeIds,
    /// Ids of figure views that must exist (when views are defined).
    Views,
    /// An evidence level from the schema (when levels are defined).
    Evidence,
}

struct Extra {
    index: usize,
    key: String,
    kind: Kind,
}

/// Columns that never split on `|`.
const TEXT_COLUMNS: &[&str] = &[keys::DESCRIPTION, keys::NOTE, "name", "title", "caption"];

fn extras(columns: &Columns, skip: &[&str], strictness: Strictness, schema: &Schema) -> Vec<Extra> {
    columns
        .header()
        .names()
        .iter()
        .enumerate()
        .filter(|(_, name)| !skip.contains(&name.as_str()) && !name.is_empty())
        .map(|(index, name)| {
            let kind = match name.as_str() {
                n if TEXT_COLUMNS.contains(&n) => Kind::Text,
                keys::REFS => Kind::Refs,
                keys::CONTEXT | keys::TRIALS if strictness == Strictness::Curated => Kind::NodeIds,
                keys::CONTEXT | keys::TRIALS => Kind::List,
                keys::FIGURES if !schema.views().is_empty() => Kind::Views,
                keys::FIGURES => Kind::List,
                keys::EVIDENCE if !schema.evidence_levels().is_empty() => Kind::Evidence,
                _ => Kind::Auto,
            };
            Extra {
                index,
                key: name.clone(),
                kind,
            }
        })
        .collect()
}

fn split(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}

fn list(cell: &str) -> NewValue {
    NewValue::List(split(cell).map(|s| NewValue::Str(s.to_owned())).collect())
}

/// Strips the `biolink:` prefix so labels read as `Gene`, not `biolink:Gene`.
fn local_name(name: &str) -> &str {
    name.strip_prefix("biolink:").unwrap_or(name)
}

/// Where each node was first defined, for duplicate-id messages.
#[derive(Default)]
pub struct Origins {
    files: Vec<String>,
    places: Vec<(u32, u64)>,
}

impl Origins {
    fn place(&self, ix: NodeIx) -> String {
        let (file, line) = self.places[ix.index()];
        format!("{}:{line}", self.files[file as usize])
    }
}

pub struct NodeReader<'a> {
    pub graph: &'a mut Graph,
    pub report: &'a mut Report,
    pub strictness: Strictness,
    pub dialect: Dialect,
    pub origins: Origins,
}

impl NodeReader<'_> {
    pub fn read(&mut self, file: &InputFile) {
        let curated = self.strictness == Strictness::Curated;
        let required: &[&str] = if curated {
            &["id", "category", "name"]
        } else {
            &["id", "category"]
        };
        self.origins.files.push(file.display.clone());
        let file_no = (self.origins.files.len() - 1) as u32;
        let mut plan: Option<Vec<Extra>> = None;
        let graph = &mut *self.graph;
        let origins = &mut self.origins;
        let strictness = self.strictness;
        columns::read_checked(
            file,
            self.dialect,
            self.report,
            required,
            |cols, row, report| {
                let extras = plan.get_or_insert_with(|| {
                    extras(
                        cols,
                        &["id", "category", "name", "synonyms", "synonym"],
                        strictness,
                        graph.schema(),
                    )
                });
                let id = cols.get(row, "id");
                if curated && !is_curie(id) {
                    report.at(
                        &file.display,
                        row.line,
                        Some("id"),
                        format!("id \"{id}\" is not a CURIE (prefix:local, e.g. ici:b2m)"),
                    );
                    return;
                }
                let category_cell = cols.get(row, "category");
                let category_name = local_name(split(category_cell).next().unwrap_or(""));
                let Some(category) = graph.schema_mut().category_or_add(category_name) else {
                    let hint = did_you_mean(&graph.schema().suggest_category(category_name));
                    report.at(
                        &file.display,
                        row.line,
                        Some("category"),
                        format!("unknown category \"{category_name}\"{hint}"),
                    );
                    return;
                };
                let name = match cols.get(row, "name") {
                    "" => id,
                    name => name,
                };
                let mut synonyms: Vec<&str> = split(cols.get(row, "synonyms")).collect();
                synonyms.extend(split(cols.get(row, "synonym")));
                let Some(props) = props(graph, &file.display, row, extras, report) else {
                    return;
                };
                let new = NewNode {
                    id,
                    name,
                    synonyms,
                    props,
                };
                match graph.add_node(category, new) {
                    Ok(_) => origins.places.push((file_no, row.line)),
                    Err(crate::graph::GraphError::DuplicateId(_)) => {
                        let first = graph.find_id(id).map(|ix| origins.place(ix));
                        report.at(
                            &file.display,
                            row.line,
                            Some("id"),
                            format!(
                                "duplicate node id \"{id}\" (first defined at {})",
                                first.unwrap_or_default()
                            ),
                        );
                    }
                    Err(err) => report.at(&file.display, row.line, None, err.to_string()),
                }
            },
        );
    }
}

pub struct EdgeReader<'a> {
    pub graph: &'a mut Graph,
    pub report: &'a mut Report,
    pub strictness: Strictness,
    pub dialect: Dialect,
    pub seen: FxHashSet<(u32, u16, u32)>,
}

impl EdgeReader<'_> {
    pub fn read(&mut self, file: &InputFile) {
        let curated = self.strictness == Strictness::Curated;
        let required: &[&str] = if curated {
            &["subject", "predicate", "object", "refs"]
        } else {
            &["subject", "predicate", "object"]
        };
        let mut plan: Option<Vec<Extra>> = None;
        let graph = &mut *self.graph;
        let seen = &mut self.seen;
        let strictness = self.strictness;
        columns::read_checked(
            file,
            self.dialect,
            self.report,
            required,
            |cols, row, report| {
                let extras = plan.get_or_insert_with(|| {
                    extras(
                        cols,
                        &["subject", "predicate", "object"],
                        strictness,
                        graph.schema(),
                    )
                });
                let mut ok = true;
                let mut endpoint = |column: &str, graph: &Graph, report: &mut Report| {
                    let id = cols.get(row, column);
                    let found = graph.find_id(id);
                    if found.is_none() {
                        let hint = did_you_mean(&closest_ids(graph, id));
                        report.at(
                            &file.display,
                            row.line,
                            Some(column),
                            format!("\"{id}\" names no node{hint}"),
                        );
                        ok = false;
                    }
                    found
                };
                let subject = endpoint("subject", graph, report);
                let object = endpoint("object", graph, report);
                let predicate_name = local_name(cols.get(row, "predicate"));
                let predicate = graph.schema_mut().predicate_or_add(predicate_name);
                if predicate.is_none() {
                    let hint = did_you_mean(&graph.schema().suggest_predicate(predicate_name));
                    report.at(
                        &file.display,
                        row.line,
                        Some("predicate"),
                        format!("unknown predicate \"{predicate_name}\"{hint}"),
                    );
                }
                let props = props(graph, &file.display, row, extras, report);
                let (Some(subject), Some(predicate), Some(object), Some(props), true) =
                    (subject, predicate, object, props, ok)
                else {
                    return;
                };
                if curated
                    && !seen.insert((subject.index() as u32, predicate.0, object.index() as u32))
                {
                    report.at(
                        &file.display,
                        row.line,
                        None,
                        "duplicate edge: the same subject, predicate and object appear earlier",
                    );
                    return;
                }
                if let Err(err) = graph.add_edge(subject, predicate, object, props) {
                    report.at(&file.display, row.line, None, err.to_string());
                }
            },
        );
    }
}

/// The typed properties of a row; `None` after reporting a bad cell.
fn props<'p>(
    graph: &Graph,
    file: &str,
    row: &Row<'_>,
    extras: &'p [Extra],
    report: &mut Report,
) -> Option<Vec<(&'p str, NewValue)>> {
    let mut out = Vec::with_capacity(extras.len());
    let mut ok = true;
    for extra in extras {
        let cell = row.get(extra.index);
        if cell.is_empty() {
            continue;
        }
        let value = match extra.kind {
            Kind::Text => NewValue::Str(cell.to_owned()),
            Kind::Auto if cell.contains('|') => list(cell),
            Kind::Auto => NewValue::Str(cell.to_owned()),
            Kind::List => list(cell),
            Kind::Refs => {
                let mut refs = Vec::new();
                for item in split(cell) {
                    match item.parse::<i64>() {
                        Ok(n) if n > 0 => refs.push(NewValue::Int(n)),
                        _ => {
                            report.at(
                                file,
                                row.line,
                                Some(&extra.key),
                                format!("reference \"{item}\" is not a positive whole number"),
                            );
                            ok = false;
                        }
                    }
                }
                NewValue::List(refs)
            }
            Kind::NodeIds => {
                for id in split(cell) {
                    if graph.find_id(id).is_none() {
                        let hint = did_you_mean(&closest_ids(graph, id));
                        report.at(
                            file,
                            row.line,
                            Some(&extra.key),
                            format!("\"{id}\" names no node{hint}"),
                        );
                        ok = false;
                    }
                }
                list(cell)
            }
            Kind::Views => {
                for id in split(cell) {
                    if graph.schema().view(id).is_none() {
                        let known = graph.schema().views().iter().map(|v| v.id.as_str());
                        let hint = did_you_mean(&suggest::closest(id, known, 3));
                        report.at(
                            file,
                            row.line,
                            Some(&extra.key),
                            format!("unknown view \"{id}\"{hint}"),
                        );
                        ok = false;
                    }
                }
                list(cell)
            }
            Kind::Evidence => {
                if graph.schema().evidence(cell).is_none() {
                    let levels: Vec<&str> = graph
                        .schema()
                        .evidence_levels()
                        .iter()
                        .map(|e| e.name.as_str())
                        .collect();
                    report.at(
                        file,
                        row.line,
                        Some(&extra.key),
                        format!(
                            "unknown evidence level \"{cell}\" (expected one of: {})",
                            levels.join(", ")
                        ),
                    );
                    ok = false;
                }
                NewValue::Str(cell.to_owned())
            }
        };
        out.push((extra.key.as_str(), value));
    }
    ok.then_some(out)
}

fn is_curie(id: &str) -> bool {
    match id.split_once(':') {
        Some((prefix, local)) => {
            !prefix.is_empty() && !local.is_empty() && !id.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Node ids close to a wrong one (only on graphs small enough to scan).
fn closest_ids(graph: &Graph, id: &str) -> Vec<String> {
    if id.is_empty() || graph.node_count() > 200_000 {
        return Vec::new();
    }
    suggest::closest(id, graph.node_indices().map(|ix| graph.node(ix).id()), 3)
}

fn did_you_mean(options: &[String]) -> String {
    match options {
        [] => String::new(),
        [one] => format!("; did you mean \"{one}\"?"),
        many => format!(
            "; did you mean one of {}?",
            many.iter()
                .map(|o| format!("\"{o}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
