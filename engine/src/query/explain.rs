//! What `EXPLAIN` and `PROFILE` return: a typed description of a planned
//! statement (an operator tree with estimated rows, and for PROFILE the rows
//! and time each operator took). Front ends print it; nothing here prints.

use std::time::Duration;

use serde::Serialize;

use super::access::GraphAccess;
use super::plan::ir::{
    CountLastHopOp, Expr, LastHop, MatchOp, NodePat, Op, PathPlan, ProjectOp, Query, RelDir,
    Selector, SingleQuery, Span,
};

/// How a statement is run: plainly, `EXPLAIN` (planned, not run) or
/// `PROFILE` (run, with per-operator figures).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Run,
    Explain,
    Profile,
}

/// One operator of a plan. Rows flow from the children (the input) to the
/// parent; the root is `ProduceResults` (or the last clause of a statement
/// that returns nothing).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanNode {
    /// Operator name, e.g. `Match`, `Aggregation`, `Projection + Sort + Limit`.
    pub operator: String,
    /// What the operator does: the clause text and, for a MATCH, where the
    /// search starts.
    pub details: String,
    /// Rows the planner expects out of the operator (a heuristic from label
    /// and relationship counts; see docs/query.md).
    pub estimated_rows: u64,
    /// PROFILE: rows the operator produced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// PROFILE: wall time spent in the operator, in milliseconds. A MATCH
    /// that streams into an aggregation carries the time of both while rows
    /// stream; the aggregation carries the time of finishing the groups.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_ms: Option<f64>,
    /// The operators whose rows this one reads (two or more only under a
    /// UNION).
    pub children: Vec<PlanNode>,
}

impl PlanNode {
    /// The operators from the root down, each with its depth (a child of a
    /// node at depth d has depth d + 1 when it is not the only child).
    pub fn flatten(&self) -> Vec<(usize, &PlanNode)> {
        let mut out = Vec::new();
        self.flatten_into(0, &mut out);
        out
    }

    fn flatten_into<'a>(&'a self, depth: usize, out: &mut Vec<(usize, &'a PlanNode)>) {
        out.push((depth, self));
        let branch = self.children.len() > 1;
        for (i, child) in self.children.iter().enumerate() {
            child.flatten_into(if branch && i > 0 { depth + 1 } else { depth }, out);
        }
    }
}

/// Parse, plan and execution time of a script (every statement).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timings {
    pub parse: Duration,
    pub plan: Duration,
    pub execute: Duration,
}

/// What one operator did while it ran (PROFILE).
#[derive(Clone, Copy, Debug, Default)]
pub struct OpStats {
    pub rows: u64,
    pub time: Duration,
}

/// Per-operator figures of a run: one list per part of a UNION (one part
/// otherwise), in operator order.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    pub parts: Vec<Vec<OpStats>>,
    /// Rows the statement returned.
    pub rows: u64,
}

/// Describes a planned query. `text` is the whole script (spans point into
/// it); `profile` adds measured figures.
pub(crate) fn describe(
    query: &Query,
    text: &str,
    graph: &dyn GraphAccess,
    profile: Option<&Profile>,
) -> PlanNode {
    let est = Estimator::new(graph);
    let part_stats = |i: usize| profile.and_then(|p| p.parts.get(i)).map(Vec::as_slice);
    let (body, columns, estimate) = match query {
        Query::Single(single) => {
            let (node, rows) = chain(single, text, &est, part_stats(0));
            (node, single.columns.clone(), rows)
        }
        Query::Union { parts, all } => {
            let mut children = Vec::new();
            let mut total = 0.0;
            for (i, part) in parts.iter().enumerate() {
                let (node, rows) = chain(part, text, &est, part_stats(i));
                total += rows;
                children.push(node.unwrap_or_else(|| leaf("Empty", String::new(), 1.0)));
            }
            let node = PlanNode {
                operator: if *all { "UnionAll" } else { "Union" }.to_owned(),
                details: if *all {
                    "UNION ALL: every row of every part".to_owned()
                } else {
                    "UNION: distinct rows of all parts".to_owned()
                },
                estimated_rows: round(total),
                rows: profile.map(|p| p.rows),
                time_ms: None,
                children,
            };
            (Some(node), parts[0].columns.clone(), total)
        }
    };
    if columns.is_empty() {
        return body.unwrap_or_else(|| leaf("Empty", String::new(), 0.0));
    }
    PlanNode {
        operator: "ProduceResults".to_owned(),
        details: columns.join(", "),
        estimated_rows: round(estimate),
        rows: profile.map(|p| p.rows),
        time_ms: None,
        children: body.into_iter().collect(),
    }
}

fn leaf(operator: &str, details: String, rows: f64) -> PlanNode {
    PlanNode {
        operator: operator.to_owned(),
        details,
        estimated_rows: round(rows),
        rows: None,
        time_ms: None,
        children: Vec::new(),
    }
}

fn round(rows: f64) -> u64 {
    if rows.is_finite() {
        rows.round().max(0.0).min(u64::MAX as f64) as u64
    } else {
        u64::MAX
    }
}

/// The operators of one single query, last on top; and its estimated rows.
fn chain(
    query: &SingleQuery,
    text: &str,
    est: &Estimator,
    stats: Option<&[OpStats]>,
) -> (Option<PlanNode>, f64) {
    let mut below: Option<PlanNode> = None;
    let mut rows = 1.0;
    for (i, op) in query.ops.iter().enumerate() {
        let (operator, details, out) = match op {
            Op::Match(m) => describe_match(m, text, est, rows),
            Op::CountLastHop(c) => describe_count(c, text, est),
            Op::Unwind { span, .. } => ("Unwind".to_owned(), clause(text, *span), rows * 10.0),
            Op::Create(c) => ("Create".to_owned(), clause(text, c.span), rows),
            Op::Set(s) => ("Set".to_owned(), clause(text, s.span), rows),
            Op::Delete(d) => ("Delete".to_owned(), clause(text, d.span), rows),
            Op::Merge(m) => ("Merge".to_owned(), clause(text, m.span), rows.max(1.0)),
            Op::Project(p) => describe_project(p, text, rows),
            Op::CountByType(c) => {
                let details = format!(
                    "{} RETURN {}; relationships counted per type from every node's list, no rows built",
                    clause(text, c.span),
                    clause(text, c.project.span)
                );
                let types = if c.types.is_empty() {
                    est.graph.type_names().len()
                } else {
                    c.types.len()
                };
                ("CountByType".to_owned(), details, types as f64)
            }
            Op::CountByLabel(c) => {
                let details = format!(
                    "{} RETURN {}; nodes counted per label set from the store, no rows built",
                    clause(text, c.span),
                    clause(text, c.project.span)
                );
                let labels = est.graph.label_names().len().max(1);
                ("CountByLabel".to_owned(), details, labels as f64)
            }
            Op::Call(c) => {
                let details = format!("{}; {}", clause(text, c.span), c.procedure.signature());
                // The built-ins list names; a handful per input row.
                ("ProcedureCall".to_owned(), details, rows * 10.0)
            }
        };
        rows = out;
        let measured = stats.and_then(|s| s.get(i));
        below = Some(PlanNode {
            operator,
            details,
            estimated_rows: round(rows),
            rows: measured.map(|s| s.rows),
            time_ms: measured.map(|s| s.time.as_secs_f64() * 1000.0),
            children: below.into_iter().collect(),
        });
    }
    (below, rows)
}

/// A clause's source text on one line, shortened for a table cell.
fn clause(text: &str, span: Span) -> String {
    let source = text.get(span.0..span.1).unwrap_or("");
    let one_line = source.split_whitespace().collect::<Vec<_>>().join(" ");
    const MAX: usize = 120;
    if one_line.chars().count() > MAX {
        let cut: String = one_line.chars().take(MAX - 1).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

fn describe_match(m: &MatchOp, text: &str, est: &Estimator, input: f64) -> (String, String, f64) {
    let mut starts = Vec::new();
    let mut rows = input;
    let mut shortest = false;
    for path in &m.pattern.paths {
        let (start, found) = est.path(path, m.pattern.first_new);
        starts.push(start);
        rows *= found;
        shortest |= path.selector != Selector::All;
    }
    if m.filter.is_some() {
        rows *= FILTER_SELECTIVITY;
    }
    if m.optional {
        rows = rows.max(input);
    }
    let operator = match (m.optional, shortest) {
        (true, true) => "OptionalShortestPath",
        (true, false) => "OptionalMatch",
        (false, true) => "ShortestPath",
        (false, false) => "Match",
    };
    let details = format!(
        "{}; starts from {}",
        clause(text, m.span),
        starts.join(", ")
    );
    (operator.to_owned(), details, rows)
}

fn describe_count(c: &CountLastHopOp, text: &str, est: &Estimator) -> (String, String, f64) {
    let (starts, found): (Vec<String>, Vec<f64>) = c
        .prefix
        .paths
        .iter()
        .map(|p| est.path(p, c.prefix.first_new))
        .unzip();
    let types = if c.last.types.is_empty() {
        "any type".to_owned()
    } else {
        format!(":{}", c.last.types.join("|"))
    };
    let how = match c.mode {
        LastHop::Count => "is counted from each node's degree, not walked",
        LastHop::ByEndLabels => "is counted per label set of its end node, no rows built",
        LastHop::DistinctEnds => "marks its end nodes in one set over node indices, no rows built",
    };
    let top = match c.top.as_ref().map(|t| t.unique_property.as_deref()) {
        Some(None) => "; only the nodes with the largest counts become groups".to_owned(),
        Some(Some(key)) => format!(
            "; only the nodes with the largest counts become groups if `{key}` names every node"
        ),
        None => String::new(),
    };
    let details = format!(
        "{} RETURN {}; starts from {}; the last hop ({types}) {how}{top}",
        clause(text, c.span),
        clause(text, c.project.span),
        starts.join(", ")
    );
    // One row without grouping keys; with keys, at most one per prefix match.
    let rows = if c.project.is_key.iter().any(|&k| k) {
        found.iter().product::<f64>().sqrt().max(1.0)
    } else {
        1.0
    };
    ("CountLastHop".to_owned(), details, rows)
}

fn describe_project(p: &ProjectOp, text: &str, input: f64) -> (String, String, f64) {
    let mut parts = Vec::new();
    let mut rows = input;
    if !p.aggregates.is_empty() {
        parts.push("Aggregation");
        rows = if p.is_key.iter().any(|&k| k) {
            input.sqrt().max(1.0).min(input.max(1.0))
        } else {
            1.0
        };
    } else {
        parts.push("Projection");
    }
    if p.distinct {
        parts.push("Distinct");
        rows = rows.sqrt().max(rows.min(1.0));
    }
    if !p.order.is_empty() {
        parts.push(if p.top_k { "Top" } else { "Sort" });
    }
    if let Some(skip) = p.skip.as_ref() {
        parts.push("Skip");
        if let Some(n) = constant(skip) {
            rows = (rows - n).max(0.0);
        }
    }
    if let Some(limit) = p.limit.as_ref() {
        if !p.top_k {
            parts.push("Limit");
        }
        if let Some(n) = constant(limit) {
            rows = rows.min(n);
        }
    }
    if p.filter.is_some() {
        parts.push("Filter");
        rows *= FILTER_SELECTIVITY;
    }
    (parts.join(" + "), clause(text, p.span), rows)
}

fn constant(e: &Expr) -> Option<f64> {
    match e {
        Expr::Const(super::value::Value::Int(i)) => Some(*i as f64),
        _ => None,
    }
}

/// Share of rows a WHERE is assumed to keep.
const FILTER_SELECTIVITY: f64 = 0.5;
/// Share of nodes a property equality is assumed to keep (without an index).
const PROPERTY_SELECTIVITY: f64 = 0.1;

/// Row estimates from the graph's counts: label sizes, relationships per
/// node, relationships per type.
struct Estimator<'g> {
    graph: &'g dyn GraphAccess,
    nodes: f64,
    degree: f64,
    /// Relationships per type, counted on first use.
    per_type: std::cell::OnceCell<rustc_hash::FxHashMap<u32, usize>>,
}

impl<'g> Estimator<'g> {
    fn new(graph: &'g dyn GraphAccess) -> Estimator<'g> {
        let nodes = graph.node_count().max(1) as f64;
        Estimator {
            graph,
            nodes,
            degree: graph.rel_count() as f64 / nodes,
            per_type: std::cell::OnceCell::new(),
        }
    }

    /// Share of all relationships that have one of `types`.
    fn type_share(&self, types: &[String]) -> f64 {
        let counts = self.per_type.get_or_init(|| {
            let mut counts = rustc_hash::FxHashMap::default();
            for r in 0..self.graph.rel_count() as u32 {
                let key = self.graph.rel_type(super::value::RelId(r));
                *counts.entry(key.0).or_insert(0) += 1;
            }
            counts
        });
        let total = self.graph.rel_count().max(1) as f64;
        let typed: usize = types
            .iter()
            .filter_map(|t| self.graph.type_key(t))
            .map(|k| counts.get(&k.0).copied().unwrap_or(0))
            .sum();
        typed as f64 / total
    }

    fn label_share(&self, pat: &NodePat) -> f64 {
        pat.labels
            .iter()
            .map(|l| self.graph.nodes_with_label(l).len() as f64 / self.nodes)
            .fold(1.0, f64::min)
    }

    /// Where the matcher starts the path (the same order of preference as
    /// the matcher: bound, indexed, smallest label, any node) and the
    /// matches expected per input row.
    fn path(&self, path: &PathPlan, first_new: usize) -> (String, f64) {
        let score = |n: &NodePat| {
            if n.slot < first_new {
                3
            } else if n
                .props
                .iter()
                .any(|(k, e)| (k == "id" || k == "name") && !e.reads_slot(&|s| s >= first_new))
            {
                2
            } else if !n.labels.is_empty() {
                1
            } else {
                0
            }
        };
        let start = (0..path.nodes.len())
            .max_by_key(|&i| (score(&path.nodes[i]), std::cmp::Reverse(i)))
            .unwrap_or(0);
        let anchor = &path.nodes[start];
        let (what, mut rows) = match score(anchor) {
            3 => ("a node bound earlier".to_owned(), 1.0),
            2 => {
                let key = anchor
                    .props
                    .iter()
                    .find(|(k, _)| k == "id" || k == "name")
                    .map_or("", |(k, _)| k.as_str());
                (format!("an index seek on `{key}`"), 1.0)
            }
            1 => {
                let (label, count) = anchor
                    .labels
                    .iter()
                    .map(|l| (l, self.graph.nodes_with_label(l).len()))
                    .min_by_key(|(_, n)| *n)
                    .expect("labelled");
                (
                    format!("a scan of label :{label} ({count} nodes)"),
                    count as f64,
                )
            }
            _ => (
                format!("a scan of all nodes ({})", self.nodes as u64),
                self.nodes,
            ),
        };
        if score(anchor) < 2 {
            rows *= PROPERTY_SELECTIVITY.powi(anchor.props.len() as i32);
        }
        for (i, rel) in path.rels.iter().enumerate() {
            let mut per_hop = self.degree;
            if !rel.types.is_empty() {
                per_hop *= self.type_share(&rel.types);
            }
            if rel.dir == RelDir::Either {
                per_hop *= 2.0;
            }
            per_hop *= PROPERTY_SELECTIVITY.powi(rel.props.len() as i32);
            let hops = match rel.length {
                None => per_hop,
                Some((min, max)) => {
                    let max = max.unwrap_or(min.max(1) + 2).min(min + 8);
                    (min..=max).map(|k| per_hop.powi(k as i32)).sum()
                }
            };
            rows *= hops;
            // The node reached by this hop (the matcher walks both ways from
            // the anchor; the filter it applies is the same).
            let reached = if i >= start {
                &path.nodes[i + 1]
            } else {
                &path.nodes[i]
            };
            rows *= self.label_share(reached);
            rows *= PROPERTY_SELECTIVITY.powi(reached.props.len() as i32);
        }
        if path.selector != Selector::All {
            rows = rows.min(1.0);
        }
        (what, rows)
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::Graph;
    use crate::query::{self, Mode, Options};
    use crate::schema::Schema;

    fn graph() -> Graph {
        let mut g = Graph::new(Schema::open());
        let script = "UNWIND range(1, 6) AS i CREATE (:A {i: i})-[:R]->(:B {i: i}); \
                      MATCH (a:A {i: 1}), (b:B) CREATE (a)-[:S]->(b)";
        query::run(&mut g, script, &Options::default()).unwrap();
        g
    }

    #[test]
    fn explain_plans_without_running() {
        let mut g = graph();
        let before = g.node_count();
        let out = query::execute(
            &mut g,
            "EXPLAIN CREATE (:A {i: 99}) RETURN 1 AS one",
            &Options::default(),
        )
        .unwrap();
        assert_eq!(out.mode, Mode::Explain);
        assert_eq!(g.node_count(), before, "EXPLAIN must not run the CREATE");
        assert!(out.table.rows.is_empty());
        assert_eq!(out.table.columns, ["one"]);
        let plan = out.plan.expect("a plan");
        let ops: Vec<&str> = plan
            .flatten()
            .iter()
            .map(|(_, n)| n.operator.as_str())
            .collect();
        assert_eq!(ops, ["ProduceResults", "Projection", "Create"]);
        assert!(
            plan.flatten()
                .iter()
                .all(|(_, n)| n.rows.is_none() && n.time_ms.is_none())
        );
    }

    #[test]
    fn explain_estimates_a_label_scan_from_the_label_size() {
        let mut g = graph();
        let out =
            query::execute(&mut g, "explain MATCH (b:B) RETURN b", &Options::default()).unwrap();
        let plan = out.plan.unwrap();
        let nodes = plan.flatten();
        let (_, scan) = nodes.iter().find(|(_, n)| n.operator == "Match").unwrap();
        assert_eq!(scan.estimated_rows, 6);
        assert!(
            scan.details.contains("label :B (6 nodes)"),
            "{}",
            scan.details
        );
    }

    #[test]
    fn profile_counts_the_rows_of_every_operator() {
        let mut g = graph();
        let text = "PROFILE MATCH (a:A)-[:S]->(b) WITH a, b MATCH (b)<-[:R]-(c) \
                    RETURN c.i AS i ORDER BY i LIMIT 4";
        let out = query::execute(&mut g, text, &Options::default()).unwrap();
        assert_eq!(out.mode, Mode::Profile);
        assert_eq!(out.table.rows.len(), 4);
        let plan = out.plan.unwrap();
        let rows: Vec<(String, Option<u64>)> = plan
            .flatten()
            .iter()
            .map(|(_, n)| (n.operator.clone(), n.rows))
            .collect();
        let want = [
            ("ProduceResults", 4),
            ("Projection + Top", 4),
            ("Match", 6),
            ("Projection", 6),
            ("Match", 6),
        ];
        let want: Vec<(String, Option<u64>)> = want
            .iter()
            .map(|(o, r)| (o.to_string(), Some(*r)))
            .collect();
        assert_eq!(rows, want);
        // A plain run gives the same rows.
        let plain = query::run(&mut g, &text["PROFILE ".len()..], &Options::default()).unwrap();
        let key = |rows: &[Vec<query::Value>]| -> Vec<String> {
            rows.iter().map(|r| format!("{r:?}")).collect()
        };
        assert_eq!(key(&plain.rows), key(&out.table.rows));
    }

    #[test]
    fn profile_of_a_streamed_aggregation_counts_matched_rows() {
        let mut g = graph();
        let out = query::execute(
            &mut g,
            "PROFILE MATCH (a:A)-->(b) RETURN b.i % 2 AS odd, count(*) AS n",
            &Options::default(),
        )
        .unwrap();
        let plan = out.plan.unwrap();
        let nodes = plan.flatten();
        let find = |op: &str| nodes.iter().find(|(_, n)| n.operator == op).unwrap().1;
        assert_eq!(find("Match").rows, Some(12));
        assert_eq!(find("Aggregation").rows, Some(2));
    }

    #[test]
    fn a_degree_count_per_node_is_shown_as_the_counted_hop() {
        let mut g = graph();
        let out = query::execute(
            &mut g,
            "PROFILE MATCH (a:A)-->(b) RETURN a.i AS i, count(*) AS n ORDER BY n DESC, i LIMIT 2",
            &Options::default(),
        )
        .unwrap();
        let plan = out.plan.unwrap();
        let ops: Vec<&str> = plan
            .flatten()
            .iter()
            .map(|(_, n)| n.operator.as_str())
            .collect();
        assert_eq!(ops, ["ProduceResults", "CountLastHop"]);
        let n: Vec<String> = out
            .table
            .rows
            .iter()
            .map(|r| format!("{:?}", r[1]))
            .collect();
        assert_eq!(n, ["Int(7)", "Int(1)"]);
    }

    #[test]
    fn the_analytical_shapes_are_planned_without_rows() {
        let mut g = graph();
        let cases = [
            (
                "MATCH (n) RETURN labels(n)[0] AS l, count(*) AS c ORDER BY l",
                "CountByLabel",
                "counted per label set",
                "[[Str(\"A\"), Int(6)], [Str(\"B\"), Int(6)]]",
            ),
            (
                "MATCH (n:A) WHERE n.i > 2 MATCH (n)-->(m) RETURN labels(m)[0] AS l, count(*) AS c",
                "CountLastHop",
                "per label set of its end node",
                "[[Str(\"B\"), Int(4)]]",
            ),
            (
                "MATCH (a:A {i: 1})-->(b) WITH DISTINCT b MATCH (b)<--(c) RETURN count(DISTINCT c) AS n",
                "CountLastHop",
                "marks its end nodes",
                "[[Int(6)]]",
            ),
            (
                "MATCH (n)-->() RETURN n.i AS i, id(n) AS k, count(*) AS d ORDER BY d DESC LIMIT 1",
                "CountLastHop",
                "largest counts become groups",
                "[[Int(1), Int(0), Int(7)]]",
            ),
        ];
        for (text, operator, how, want) in cases {
            let out =
                query::execute(&mut g, &format!("PROFILE {text}"), &Options::default()).unwrap();
            let plan = out.plan.unwrap();
            let nodes = plan.flatten();
            let node = nodes
                .iter()
                .find(|(_, n)| n.operator == operator)
                .unwrap_or_else(|| panic!("{text}: no {operator}"));
            assert!(node.1.details.contains(how), "{text}: {}", node.1.details);
            assert_eq!(format!("{:?}", out.table.rows), want, "{text}");
        }
    }

    #[test]
    fn explain_needs_a_query() {
        let mut g = graph();
        let err = query::execute(&mut g, "EXPLAIN", &Options::default()).unwrap_err();
        assert!(err.message.contains("need a query"), "{}", err.message);
    }

    #[test]
    fn only_the_marked_statement_of_a_script_is_planned_only() {
        let mut g = graph();
        let before = g.node_count();
        let out = query::execute(
            &mut g,
            "CREATE (:C); EXPLAIN CREATE (:C); MATCH (c:C) RETURN count(c) AS n",
            &Options::default(),
        )
        .unwrap();
        assert_eq!(g.node_count(), before + 1);
        assert_eq!(out.mode, Mode::Run);
        assert!(out.plan.is_none());
        assert!(
            matches!(out.table.rows.as_slice(), [r] if matches!(r[..], [query::Value::Int(1)]))
        );
    }
}
