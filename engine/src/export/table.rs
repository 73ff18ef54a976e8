//! The review's tables rebuilt from the graph: Table 1 (the approved
//! checkpoint inhibitors) and Table 2 (strategies against each resistance
//! mechanism). A view whose `table` cell names a layout is one of these; its
//! rows are read from the edges tagged with the view, so the table and the
//! data cannot disagree.

use std::fmt::Write as _;

use petgraph::Direction;
use rustc_hash::FxHashSet;
use serde::Serialize;

use crate::graph::{EdgeIx, Graph, NodeIx, keys};

use super::drawing::{DrawError, find_view, members};

/// A table: header, rows and, for each row, the group it belongs to (the
/// agent of Table 1, the resistance axis and mechanism of Table 2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Table {
    pub view: String,
    pub title: String,
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// How many leading columns group rows: equal cells in consecutive rows
    /// are merged when drawn.
    pub grouped: usize,
}

/// The table layouts a view can name in its `table` cell.
pub const LAYOUTS: &[&str] = &["approvals", "strategies"];

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TableError {
    #[error(transparent)]
    View(#[from] DrawError),
    #[error("view \"{view}\" is drawn as a graph, not a table; the tables are {}", list(.tables))]
    NotATable { view: String, tables: Vec<String> },
    #[error("view \"{view}\" names an unknown table layout \"{layout}\"; the layouts are {}", list(.known))]
    UnknownLayout {
        view: String,
        layout: String,
        known: Vec<String>,
    },
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items
            .iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Table {
    /// The table of a view, built from the view's edges.
    pub fn of_view(graph: &Graph, name: &str) -> Result<Table, TableError> {
        let view = find_view(graph, name)?;
        let (_, edges) = members(graph, &view.id);
        let (columns, rows, grouped) = match view.table.as_str() {
            "approvals" => approvals(graph, &edges),
            "strategies" => strategies(graph, &edges),
            "" => {
                return Err(TableError::NotATable {
                    view: view.id.clone(),
                    tables: table_views(graph),
                });
            }
            other => {
                return Err(TableError::UnknownLayout {
                    view: view.id.clone(),
                    layout: other.to_owned(),
                    known: LAYOUTS.iter().map(|s| (*s).to_owned()).collect(),
                });
            }
        };
        Ok(Table {
            view: view.id.clone(),
            title: view.title.clone(),
            caption: view.caption.clone(),
            columns: columns.into_iter().map(str::to_owned).collect(),
            rows,
            grouped,
        })
    }

    /// GitHub-flavoured Markdown; `|` inside a cell is escaped.
    pub fn markdown(&self) -> String {
        let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
        let mut out = format!("**{}**\n\n", cell(&self.title));
        let _ = writeln!(
            out,
            "| {} |",
            self.columns
                .iter()
                .map(|c| cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let _ = writeln!(
            out,
            "|{}|",
            self.columns
                .iter()
                .map(|_| " --- ")
                .collect::<Vec<_>>()
                .join("|")
        );
        for row in &self.rows {
            let _ = writeln!(
                out,
                "| {} |",
                row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
            );
        }
        out
    }

    /// CSV with a header line.
    pub fn csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&self.columns);
        for row in &self.rows {
            let _ = writer.write_record(row);
        }
        let bytes = writer.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }

    /// A standalone HTML `<table>`, grouped cells merged with `rowspan`.
    pub fn html(&self) -> String {
        let esc = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
        };
        let mut out = format!(
            "<table>\n<caption><strong>{}</strong> {}</caption>\n<thead><tr>",
            esc(&self.title),
            esc(&self.caption)
        );
        for c in &self.columns {
            let _ = write!(out, "<th>{}</th>", esc(c));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        let spans = self.spans();
        for (r, row) in self.rows.iter().enumerate() {
            out.push_str("<tr>");
            for (c, value) in row.iter().enumerate() {
                match spans[r][c] {
                    0 => {}
                    1 => {
                        let _ = write!(out, "<td>{}</td>", esc(value));
                    }
                    n => {
                        let _ = write!(out, "<td rowspan=\"{n}\">{}</td>", esc(value));
                    }
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        out
    }

    /// For every cell, how many rows it spans: 1 for a plain cell, more for
    /// the first of equal group cells, 0 for the cells merged into it. A
    /// group column merges only within the groups of the columns left of it.
    pub fn spans(&self) -> Vec<Vec<usize>> {
        let mut spans: Vec<Vec<usize>> = self.rows.iter().map(|r| vec![1; r.len()]).collect();
        for c in 0..self.grouped.min(self.columns.len()) {
            let mut start = 0;
            for r in 1..=self.rows.len() {
                let same = r < self.rows.len()
                    && (0..=c).all(|k| self.rows[r].get(k) == self.rows[start].get(k));
                if !same {
                    spans[start][c] = r - start;
                    for row in spans.iter_mut().take(r).skip(start + 1) {
                        row[c] = 0;
                    }
                    start = r;
                }
            }
        }
        spans
    }
}

/// The ids of the views drawn as tables.
pub fn table_views(graph: &Graph) -> Vec<String> {
    graph
        .schema()
        .views()
        .iter()
        .filter(|v| !v.table.is_empty())
        .map(|v| v.id.clone())
        .collect()
}

type Rows = (Vec<&'static str>, Vec<Vec<String>>, usize);

/// Table 1: one row per approved indication of each agent.
fn approvals(graph: &Graph, edges: &[EdgeIx]) -> Rows {
    let columns = vec![
        "agent",
        "brand",
        "target",
        "type",
        "manufacturer",
        "indication",
        "trials",
    ];
    let mut rows = Vec::new();
    for &e in edges {
        let edge = graph.edge(e);
        if edge.predicate().name != "approved_for" {
            continue;
        }
        let agent = edge.subject();
        let node = graph.node(agent);
        rows.push(vec![
            node.name().to_owned(),
            node.prop_text("brand").unwrap_or_default(),
            neighbours(graph, agent, "targets", Direction::Outgoing).join(" / "),
            node.prop_text("molecular_type").unwrap_or_default(),
            neighbours(graph, agent, "manufactures", Direction::Incoming).join(" / "),
            graph.node(edge.object()).name().to_owned(),
            trials(graph, e).join("; "),
        ]);
    }
    // Rows of one agent together, agents in the order the table lists them.
    stable_group(&mut rows, 0);
    (columns, rows, 5)
}

/// Table 2: one row per countermeasure of each mechanism.
fn strategies(graph: &Graph, edges: &[EdgeIx]) -> Rows {
    let columns = vec![
        "axis",
        "mechanism",
        "strategy",
        "agent",
        "combined with",
        "evidence",
        "setting",
        "trials",
        "refs",
    ];
    let in_view: FxHashSet<EdgeIx> = edges.iter().copied().collect();
    let mut rows = Vec::new();
    for &e in edges {
        let edge = graph.edge(e);
        if edge.predicate().name != "overcomes" {
            continue;
        }
        let subject = edge.subject();
        let mechanism = graph.node(edge.object());
        // An agent is listed under the approach it belongs to.
        let parent = graph
            .edges(subject, Direction::Outgoing)
            .filter(|p| in_view.contains(p))
            .find(|&p| {
                matches!(
                    graph.edge(p).predicate().name.as_str(),
                    "member_of" | "subclass_of"
                )
            })
            .map(|p| graph.edge(p).object());
        let (strategy, agent) = match parent {
            Some(p) => (
                graph.node(p).name().to_owned(),
                graph.node(subject).name().to_owned(),
            ),
            None => (graph.node(subject).name().to_owned(), String::new()),
        };
        let partners: Vec<String> = graph
            .edges(subject, Direction::Outgoing)
            .chain(graph.edges(subject, Direction::Incoming))
            .filter(|p| in_view.contains(p))
            .filter(|&p| graph.edge(p).predicate().name == "combined_with")
            .map(|p| graph.node(graph.edge(p).other(subject)).name().to_owned())
            .collect();
        let evidence = edge
            .prop_text(keys::EVIDENCE)
            .filter(|s| !s.is_empty())
            .map(|level| {
                graph
                    .schema()
                    .evidence(&level)
                    .map_or(level.clone(), |l| l.label.clone())
            })
            .unwrap_or_default();
        // The curated provenance setting when the row has one, else the
        // cancer types the edge was studied in.
        let setting = edge
            .prop_text("setting")
            .filter(|s| !s.is_empty() && s != "not_stated")
            .map(|s| s.replace('_', " "))
            .unwrap_or_else(|| {
                edge.prop_list(keys::CONTEXT)
                    .iter()
                    .map(|id| graph.find_id(id).map_or(*id, |ix| graph.node(ix).name()))
                    .collect::<Vec<_>>()
                    .join(", ")
            });
        let refs: Vec<String> = edge.refs().iter().map(i64::to_string).collect();
        rows.push(vec![
            mechanism.prop_text(keys::AXIS).unwrap_or_default(),
            mechanism.name().to_owned(),
            strategy,
            agent,
            dedup(partners).join(", "),
            evidence,
            setting,
            trials(graph, e).join("; "),
            refs.join(", "),
        ]);
    }
    stable_group(&mut rows, 0);
    // Within an axis, rows of one mechanism together, then of one strategy.
    let mut grouped: Vec<Vec<String>> = Vec::new();
    let mut axes: Vec<String> = Vec::new();
    for row in &rows {
        if !axes.contains(&row[0]) {
            axes.push(row[0].clone());
        }
    }
    for axis in axes {
        let mut part: Vec<Vec<String>> = rows.iter().filter(|r| r[0] == axis).cloned().collect();
        stable_group(&mut part, 1);
        let mut ordered = Vec::new();
        let mut mechanisms: Vec<String> = Vec::new();
        for r in &part {
            if !mechanisms.contains(&r[1]) {
                mechanisms.push(r[1].clone());
            }
        }
        for m in mechanisms {
            let mut rows_of: Vec<Vec<String>> =
                part.iter().filter(|r| r[1] == m).cloned().collect();
            stable_group(&mut rows_of, 2);
            ordered.extend(rows_of);
        }
        grouped.extend(ordered);
    }
    (columns, grouped, 3)
}

/// Reorders rows so equal values of `column` are adjacent, groups in the
/// order of their first row and rows within a group in their own order.
fn stable_group(rows: &mut Vec<Vec<String>>, column: usize) {
    let mut keys: Vec<String> = Vec::new();
    for row in rows.iter() {
        if !keys.contains(&row[column]) {
            keys.push(row[column].clone());
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    for key in keys {
        out.extend(rows.iter().filter(|r| r[column] == key).cloned());
    }
    *rows = out;
}

fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Names of the nodes joined to `ix` by `predicate` in direction `dir`.
fn neighbours(graph: &Graph, ix: NodeIx, predicate: &str, dir: Direction) -> Vec<String> {
    let names = graph
        .edges(ix, dir)
        .filter(|&e| graph.edge(e).predicate().name == predicate)
        .map(|e| graph.node(graph.edge(e).other(ix)).name().to_owned())
        .collect();
    dedup(names)
}

/// The trials of an edge as "name (NCT number)" where the trial node has both.
fn trials(graph: &Graph, e: EdgeIx) -> Vec<String> {
    graph
        .edge(e)
        .prop_list(keys::TRIALS)
        .iter()
        .map(|id| match graph.find_id(id) {
            Some(ix) => {
                let node = graph.node(ix);
                match node
                    .prop_text("nct_id")
                    .filter(|n| !n.is_empty() && n != node.name())
                {
                    Some(nct) => format!("{} ({nct})", node.name()),
                    None => node.name().to_owned(),
                }
            }
            None => (*id).to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[[&str; 3]]) -> Table {
        Table {
            view: "t".into(),
            title: "T".into(),
            caption: String::new(),
            columns: vec!["a".into(), "b".into(), "c".into()],
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
                .collect(),
            grouped: 2,
        }
    }

    #[test]
    fn group_cells_merge_within_their_parent_group() {
        let t = table(&[
            ["x", "p", "1"],
            ["x", "p", "2"],
            ["y", "p", "3"],
            ["y", "q", "4"],
        ]);
        assert_eq!(
            t.spans(),
            vec![vec![2, 2, 1], vec![0, 0, 1], vec![2, 1, 1], vec![0, 1, 1]]
        );
    }

    #[test]
    fn markdown_escapes_pipes() {
        let t = table(&[["a|b", "c", "d"]]);
        assert!(t.markdown().contains("| a\\|b | c | d |"));
    }
}
