//! Turns node and edge rows into graph nodes and edges, validating each cell
//! against the schema and the nodes seen so far.

use crate::graph::{Graph, NewNode, NewValue, NodeIx, TemporalKind, keys};
use crate::schema::CategoryId;
use crate::schema::Schema;
use crate::suggest;

use super::columns;
use super::report::Report;
use super::table::{Dialect, Header, InputFile};

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
    /// A provenance column with a closed list of values (curated only).
    Provenance,
    /// A calendar date, declared by a `:date` suffix on the header
    /// (`approval_date:date`), stored as a Cypher date.
    Date,
}

pub(super) struct Extra {
    pub index: usize,
    pub key: String,
    kind: Kind,
    /// TSV cells carry tabs, line breaks and backslashes as `\t`, `\n`,
    /// `\r`, `\\` (KGX TSV has no quoting).
    unescape: bool,
}

/// Columns whose KGX value `not_provided` means the value is unknown: it is
/// not stored, and exports write it again for an edge without the property.
const NOT_PROVIDED_COLUMNS: &[&str] = &["knowledge_level", "agent_type"];

/// Columns that never split on `|`.
const TEXT_COLUMNS: &[&str] = &[keys::DESCRIPTION, keys::NOTE, "name", "title", "caption"];

/// The header suffix that declares a column of dates.
const DATE_SUFFIX: &str = ":date";

pub(super) fn extras(
    header: &Header,
    skip: &[&str],
    strictness: Strictness,
    dialect: Dialect,
    schema: &Schema,
) -> Vec<Extra> {
    header
        .names()
        .iter()
        .enumerate()
        .filter(|(_, name)| !skip.contains(&name.as_str()) && !name.is_empty())
        .map(|(index, name)| {
            // Open layouts (KGX) keep icigraph's own properties in the
            // `ici:` namespace; they are read back under their own name.
            let name = match strictness {
                Strictness::Open => name
                    .strip_prefix(crate::biolink::NAMESPACE)
                    .filter(|n| !n.is_empty())
                    .unwrap_or(name),
                Strictness::Curated => name,
            };
            // A typed header names the property without its type suffix.
            if let Some(key) = name.strip_suffix(DATE_SUFFIX).filter(|k| !k.is_empty()) {
                return Extra {
                    index,
                    key: key.to_owned(),
                    kind: Kind::Date,
                    unescape: dialect == Dialect::Tsv,
                };
            }
            let kind = match name {
                n if TEXT_COLUMNS.contains(&n) => Kind::Text,
                keys::REFS => Kind::Refs,
                keys::CONTEXT | keys::TRIALS if strictness == Strictness::Curated => Kind::NodeIds,
                keys::CONTEXT | keys::TRIALS => Kind::List,
                keys::FIGURES if !schema.views().is_empty() => Kind::Views,
                keys::FIGURES => Kind::List,
                keys::EVIDENCE if !schema.evidence_levels().is_empty() => Kind::Evidence,
                n if strictness == Strictness::Curated && schema.is_provenance_field(n) => {
                    Kind::Provenance
                }
                _ => Kind::Auto,
            };
            Extra {
                index,
                key: name.to_owned(),
                kind,
                unescape: dialect == Dialect::Tsv,
            }
        })
        .collect()
}

pub(super) fn split(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}

fn list(cell: &str, unescape: bool) -> NewValue {
    NewValue::List(split(cell).map(|s| text(s, unescape)).collect())
}

fn text(cell: &str, unescape: bool) -> NewValue {
    NewValue::Str(if unescape {
        crate::escape::untsv(cell).into_owned()
    } else {
        cell.to_owned()
    })
}

/// Strips the `biolink:` prefix so labels read as `Gene`, not `biolink:Gene`.
pub(super) fn local_name(name: &str) -> &str {
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

/// The columns of a node file that are not properties.
pub(super) const NODE_COLUMNS: &[&str] = &[
    "id",
    "category",
    "name",
    "synonyms",
    "synonym",
    crate::biolink::CATEGORY,
];

pub struct NodeReader<'a> {
    pub graph: &'a mut Graph,
    pub report: &'a mut Report,
    pub strictness: Strictness,
    pub dialect: Dialect,
    pub origins: Origins,
}

impl NodeReader<'_> {
    /// Numbers a file in the origins of duplicate-id messages.
    pub(super) fn origins_push(&mut self, display: &str) -> u32 {
        self.origins.files.push(display.to_owned());
        (self.origins.files.len() - 1) as u32
    }

    pub fn read(&mut self, file: &InputFile) {
        let curated = self.strictness == Strictness::Curated;
        let required: &[&str] = if curated {
            &["id", "category", "name"]
        } else {
            &["id", "category"]
        };
        let file_no = self.origins_push(&file.display);
        // Room for a big file's nodes up front (one per line, counted in
        // one pass), so the string table is not rehashed, string by string,
        // every time it doubles.
        if file.data.len() >= 1 << 20 {
            let lines = memchr::memchr_iter(b'\n', &file.data).count();
            self.graph.reserve(lines, 0);
        }
        if self.strictness == Strictness::Open
            && super::plain::read_nodes(self, file, file_no, super::plain::PARALLEL_BYTES)
        {
            return;
        }
        let mut plan: Option<Vec<Extra>> = None;
        let graph = &mut *self.graph;
        let origins = &mut self.origins;
        let strictness = self.strictness;
        let dialect = self.dialect;
        columns::read_checked(
            file,
            self.dialect,
            self.report,
            required,
            |cols, row, report| {
                let extras = plan.get_or_insert_with(|| {
                    extras(
                        cols.header(),
                        NODE_COLUMNS,
                        strictness,
                        dialect,
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
                // A KGX file written by icigraph names its own category
                // beside the Biolink class, which is kept in the schema.
                let own = match strictness {
                    Strictness::Open => cols.get(row, crate::biolink::CATEGORY),
                    Strictness::Curated => "",
                };
                let category = match row_category(graph, cols.get(row, "category"), own) {
                    Ok(category) => category,
                    Err(message) => {
                        report.at(&file.display, row.line, Some("category"), message);
                        return;
                    }
                };
                let tsv = dialect == Dialect::Tsv;
                let unescape = |cell: &'_ str| -> String {
                    if tsv {
                        crate::escape::untsv(cell).into_owned()
                    } else {
                        cell.to_owned()
                    }
                };
                let name = match cols.get(row, "name") {
                    "" => unescape(id),
                    name => unescape(name),
                };
                let mut synonyms: Vec<String> =
                    split(cols.get(row, "synonyms")).map(unescape).collect();
                synonyms.extend(split(cols.get(row, "synonym")).map(unescape));
                let Some(props) = props(
                    graph,
                    &file.display,
                    row.line,
                    &|i| Some(row.get(i)),
                    extras,
                    report,
                ) else {
                    return;
                };
                let props = props
                    .into_iter()
                    .map(|(i, v)| (extras[i].key.as_str(), v))
                    .collect();
                let new = NewNode {
                    id,
                    name: &name,
                    synonyms: synonyms.iter().map(String::as_str).collect(),
                    props,
                };
                add_row(
                    graph,
                    origins,
                    report,
                    (file_no, &file.display),
                    row.line,
                    category,
                    new,
                );
            },
        );
    }
}

/// The category a node row names: the first class of its category cell
/// ([`category_named`]). An open schema adds it if new; else the problem to
/// report.
pub(super) fn row_category(
    graph: &mut Graph,
    category_cell: &str,
    own: &str,
) -> Result<CategoryId, String> {
    let biolink = split(category_cell).next().unwrap_or("");
    category_named(graph, biolink, own).map_err(|name| {
        let hint = did_you_mean(&graph.schema().suggest_category(name));
        format!("unknown category \"{name}\"{hint}")
    })
}

/// The category of a Biolink class (without its `biolink:` prefix), or
/// `own`, icigraph's own category of a KGX file it wrote (the Biolink class
/// is then kept in the schema). An open schema adds it if new; else the
/// name it lacks.
pub(super) fn category_named<'a>(
    graph: &mut Graph,
    biolink: &'a str,
    own: &'a str,
) -> Result<CategoryId, &'a str> {
    let name = if own.is_empty() {
        local_name(biolink)
    } else {
        own
    };
    let known = graph.schema().category_id(name).is_some();
    let category = graph.schema_mut().category_or_add(name).ok_or(name)?;
    if !known && !own.is_empty() && !biolink.is_empty() {
        graph.schema_mut().set_category_biolink(category, biolink);
    }
    Ok(category)
}

/// Adds a node read at `file:line` (file numbered in `origins`), or reports
/// why not: a duplicate id names where it was first defined.
pub(super) fn add_row(
    graph: &mut Graph,
    origins: &mut Origins,
    report: &mut Report,
    (file_no, file): (u32, &str),
    line: u64,
    category: CategoryId,
    new: NewNode<'_>,
) {
    let id = new.id;
    match graph.add_node(category, new) {
        Ok(_) => origins.places.push((file_no, line)),
        Err(crate::graph::GraphError::DuplicateId(_)) => {
            let first = graph.find_id(id).map(|ix| origins.place(ix));
            report.at(
                file,
                line,
                Some("id"),
                format!(
                    "duplicate node id \"{id}\" (first defined at {})",
                    first.unwrap_or_default()
                ),
            );
        }
        Err(err) => report.at(file, line, None, err.to_string()),
    }
}

/// The typed properties of a row, each with the position of its column in
/// `extras`; `None` after reporting a bad cell. `cell` gives a trimmed cell
/// by column index, `None` when it is not valid UTF-8.
pub(super) fn props<'c>(
    graph: &Graph,
    file: &str,
    line: u64,
    cell_at: &dyn Fn(usize) -> Option<&'c str>,
    extras: &[Extra],
    report: &mut Report,
) -> Option<Vec<(usize, NewValue)>> {
    let cell = cell_at;
    let mut out = Vec::with_capacity(extras.len());
    let mut ok = true;
    for (position, extra) in extras.iter().enumerate() {
        let Some(cell) = cell(extra.index) else {
            report.at(file, line, Some(&extra.key), "invalid UTF-8");
            ok = false;
            continue;
        };
        if cell.is_empty() {
            if extra.kind == Kind::Provenance {
                report.at(
                    file,
                    line,
                    Some(&extra.key),
                    "empty provenance value: every curated edge states it",
                );
                ok = false;
            }
            continue;
        }
        if cell == crate::biolink::NOT_PROVIDED
            && extra.kind != Kind::Provenance
            && NOT_PROVIDED_COLUMNS.contains(&extra.key.as_str())
        {
            continue;
        }
        let unescape = extra.unescape;
        let value = match extra.kind {
            Kind::Text => text(cell, unescape),
            Kind::Auto if cell.contains('|') => list(cell, unescape),
            Kind::Auto => text(cell, unescape),
            Kind::List => list(cell, unescape),
            Kind::Refs => {
                let mut refs = Vec::new();
                for item in split(cell) {
                    match item.parse::<i64>() {
                        Ok(n) if n > 0 => refs.push(NewValue::Int(n)),
                        _ => {
                            report.at(
                                file,
                                line,
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
                        let hint = hint_ids(graph, id, report);
                        report.at(
                            file,
                            line,
                            Some(&extra.key),
                            format!("\"{id}\" names no node{hint}"),
                        );
                        ok = false;
                    }
                }
                list(cell, unescape)
            }
            Kind::Views => {
                for id in split(cell) {
                    if graph.schema().view(id).is_none() {
                        let known = graph.schema().views().iter().map(|v| v.id.as_str());
                        let hint = did_you_mean(&suggest::closest(id, known, 3));
                        report.at(
                            file,
                            line,
                            Some(&extra.key),
                            format!("unknown view \"{id}\"{hint}"),
                        );
                        ok = false;
                    }
                }
                list(cell, unescape)
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
                        line,
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
            Kind::Date => match cell.parse::<jiff::civil::Date>() {
                Ok(date) => NewValue::Temporal(TemporalKind::Date, date.to_string()),
                Err(err) => {
                    report.at(
                        file,
                        line,
                        Some(&extra.key),
                        format!("\"{cell}\" is not a date such as 2021-03-19 ({err})"),
                    );
                    ok = false;
                    continue;
                }
            },
            Kind::Provenance => {
                ok &= provenance_ok(graph, file, line, cell, extra, extras, report, &|i| {
                    cell_at(i).unwrap_or_default()
                });
                NewValue::Str(cell.to_owned())
            }
        };
        out.push((position, value));
    }
    ok.then_some(out)
}

/// Checks one provenance cell against `schema/provenance.csv`: a known
/// value, one a curated file may hold, with the column it requires filled.
#[allow(clippy::too_many_arguments)]
fn provenance_ok<'c>(
    graph: &Graph,
    file: &str,
    line: u64,
    cell: &str,
    extra: &Extra,
    extras: &[Extra],
    report: &mut Report,
    cell_at: &dyn Fn(usize) -> &'c str,
) -> bool {
    let schema = graph.schema();
    let field = extra.key.as_str();
    let Some(value) = schema.provenance_value(field, cell) else {
        let known: Vec<&str> = schema
            .provenance_field(field)
            .map(|v| v.value.as_str())
            .collect();
        let hint = did_you_mean(&suggest::closest(cell, known.iter().copied(), 1));
        let hint = if hint.is_empty() {
            format!(" (expected one of: {})", known.join(", "))
        } else {
            hint
        };
        report.at(
            file,
            line,
            Some(field),
            format!("unknown value \"{cell}\"{hint}"),
        );
        return false;
    };
    if !value.stored {
        report.at(
            file,
            line,
            Some(field),
            format!(
                "\"{cell}\" is never stored in a data file: {}",
                value.description
            ),
        );
        return false;
    }
    if let Some(required) = &value.requires {
        let filled = extras
            .iter()
            .find(|e| &e.key == required)
            .is_some_and(|e| !cell_at(e.index).is_empty());
        if !filled {
            report.at(
                file,
                line,
                Some(required),
                format!("{field} \"{cell}\" needs the {required} column filled"),
            );
            return false;
        }
    }
    true
}

fn is_curie(id: &str) -> bool {
    match id.split_once(':') {
        Some((prefix, local)) => {
            !prefix.is_empty() && !local.is_empty() && !id.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// A "did you mean" for a wrong node id, skipped once the report is full.
pub(super) fn hint_ids(graph: &Graph, id: &str, report: &Report) -> String {
    if report.is_full() {
        String::new()
    } else {
        did_you_mean(&closest_ids(graph, id))
    }
}

/// Node ids close to a wrong one (only on graphs small enough to scan).
fn closest_ids(graph: &Graph, id: &str) -> Vec<String> {
    if id.is_empty() || graph.node_count() > 200_000 {
        return Vec::new();
    }
    suggest::closest(id, graph.node_indices().map(|ix| graph.node(ix).id()), 3)
}

pub(super) fn did_you_mean(options: &[String]) -> String {
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
