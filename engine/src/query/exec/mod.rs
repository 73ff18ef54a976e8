//! Execution: runs a planned statement against a graph seen through
//! [`GraphAccess`] (and [`GraphMut`] for CREATE). Each operator turns the rows
//! of the previous one into its own; pattern matching backtracks over the
//! graph from the best-anchored node.

mod aggregate;
mod call;
mod create;
mod eval;
pub mod functions;
mod matcher;
mod project;
pub mod shortest;
mod write;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::time::Instant;

use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};

use super::access::{GraphAccess, GraphMut};
use super::error::{ErrorKind, QueryError, Result};
use super::explain::{OpStats, Profile};
use super::plan::ir::{Op, Query, SingleQuery};
use super::value::{Key, Value};

pub use super::limits::{Budget, Limits};
pub use eval::eval;
pub use write::WriteStats;

/// A row: one value per slot.
pub type Row = Vec<Value>;

/// Everything an operator needs besides its rows.
pub struct Ctx<'a> {
    pub graph: &'a dyn GraphAccess,
    pub params: &'a BTreeMap<String, Value>,
    pub budget: &'a Budget,
    pub limits: Limits,
    regexes: &'a RefCell<FxHashMap<String, Regex>>,
    /// Aggregate results while projecting a group.
    pub aggs: &'a [Value],
}

impl<'a> Ctx<'a> {
    pub fn with_aggs<'b>(&'b self, aggs: &'b [Value]) -> Ctx<'b>
    where
        'a: 'b,
    {
        Ctx {
            graph: self.graph,
            params: self.params,
            budget: self.budget,
            limits: self.limits,
            regexes: self.regexes,
            aggs,
        }
    }

    /// A compiled regular expression, cached across rows.
    pub fn regex(&self, pattern: &str) -> Result<Regex> {
        if let Some(re) = self.regexes.borrow().get(pattern) {
            return Ok(re.clone());
        }
        let re = Regex::new(&format!("^(?s:{pattern})$")).map_err(|e| {
            QueryError::new(
                ErrorKind::Argument,
                format!("invalid regular expression: {e}"),
            )
        })?;
        self.regexes
            .borrow_mut()
            .insert(pattern.to_owned(), re.clone());
        Ok(re)
    }

    pub fn check_rows(&self, n: usize) -> Result<()> {
        if n > self.limits.rows {
            return Err(QueryError::new(
                ErrorKind::Limit,
                format!(
                    "the query produced more than {} rows and was stopped",
                    self.limits.rows
                ),
            )
            .with_help("rows are built before LIMIT applies: aggregate with count(), bound the pattern or anchor it on a node"));
        }
        Ok(())
    }
}

/// The result of a statement: column names, rows, and what it changed.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    pub stats: WriteStats,
}

/// Runs a planned query; with `profile`, records each operator's rows and
/// time there.
pub fn run(
    query: &Query,
    graph: &mut dyn GraphMut,
    params: &BTreeMap<String, Value>,
    limits: Limits,
    mut profile: Option<&mut Profile>,
) -> Result<Table> {
    fn stats<'p>(profile: &'p mut Option<&mut Profile>, n: usize) -> Option<&'p mut Vec<OpStats>> {
        profile.as_deref_mut().map(|p| {
            p.parts.resize_with(n + 1, Vec::new);
            &mut p.parts[n]
        })
    }
    let budget = Budget::new(&limits);
    let regexes = RefCell::new(FxHashMap::default());
    let mut pending = write::Pending::new(graph);
    let env = write::Env {
        params,
        budget: &budget,
        limits,
        regexes: &regexes,
    };
    let mut table = match query {
        Query::Single(single) => {
            let s = stats(&mut profile, 0);
            run_single(single, &mut pending, &env, s)?
        }
        Query::Union { parts, all } => {
            let mut table = Table::default();
            let mut seen: FxHashSet<Vec<Key>> = FxHashSet::default();
            for (i, part) in parts.iter().enumerate() {
                let s = stats(&mut profile, i);
                let t = run_single(part, &mut pending, &env, s)?;
                table.columns = t.columns;
                for row in t.rows {
                    if *all || seen.insert(row.iter().map(Value::key).collect()) {
                        table.rows.push(row);
                    }
                }
            }
            table
        }
    };
    table.stats = pending.commit(&mut table.rows)?;
    if let Some(p) = profile {
        p.rows = table.rows.len() as u64;
    }
    Ok(table)
}

/// PROFILE's per-operator figures: rows out and time since the operator
/// started (nothing is kept without a profile).
struct Recorder<'s> {
    stats: Option<&'s mut Vec<OpStats>>,
    started: Instant,
}

impl Recorder<'_> {
    fn start(&mut self) {
        self.started = Instant::now();
    }

    /// Ends the current operator with `rows` out and starts the next.
    fn mark(&mut self, rows: u64) {
        if let Some(s) = self.stats.as_deref_mut() {
            s.push(OpStats {
                rows,
                time: self.started.elapsed(),
            });
        }
        self.started = Instant::now();
    }
}

fn run_single(
    query: &SingleQuery,
    graph: &mut write::Pending,
    env: &write::Env,
    stats: Option<&mut Vec<OpStats>>,
) -> Result<Table> {
    let mut rec = Recorder {
        stats,
        started: Instant::now(),
    };
    let write::Env {
        params,
        budget,
        limits,
        regexes,
    } = *env;
    let mut rows: Vec<Row> = vec![Vec::new()];
    let mut ops = query.ops.iter().peekable();
    while let Some(op) = ops.next() {
        budget.set_held(rows.iter().map(|r| super::limits::row_bytes(r)).sum());
        budget.check_time()?;
        rec.start();
        let input = std::mem::take(&mut rows);
        rows = match op {
            Op::Create(create) => {
                create::run(create, input, graph, params, budget, limits, regexes)?
            }
            Op::Set(set) => write::set(set, input, graph, env)?,
            Op::Delete(delete) => write::delete(delete, input, graph, env)?,
            Op::Merge(merge) => write::merge(merge, input, graph, env)?,
            _ => {
                let ctx = Ctx {
                    graph: &*graph,
                    params,
                    budget,
                    limits,
                    regexes,
                    aggs: &[],
                };
                read_step(op, &mut ops, input, &ctx, &mut rec)?
            }
        };
        rec.mark(rows.len() as u64);
    }
    if query.columns.is_empty() {
        rows.clear();
    }
    Ok(Table {
        columns: query.columns.clone(),
        rows,
        stats: WriteStats::default(),
    })
}

/// Runs a query that only reads (a subquery expression) from `rows`.
pub fn run_read(query: &SingleQuery, rows: Vec<Row>, ctx: &Ctx) -> Result<Vec<Row>> {
    let mut rows = rows;
    let mut ops = query.ops.iter().peekable();
    while let Some(op) = ops.next() {
        ctx.budget.check_time()?;
        let mut rec = Recorder {
            stats: None,
            started: Instant::now(),
        };
        rows = read_step(op, &mut ops, rows, ctx, &mut rec)?;
    }
    Ok(rows)
}

/// One reading operator over `rows`; a MATCH feeding an aggregation takes
/// the aggregation from `ops` too and streams its rows into the groups
/// (`rec` then ends the MATCH when its rows have streamed).
fn read_step(
    op: &Op,
    ops: &mut std::iter::Peekable<std::slice::Iter<'_, Op>>,
    rows: Vec<Row>,
    ctx: &Ctx,
    rec: &mut Recorder,
) -> Result<Vec<Row>> {
    Ok(match op {
        Op::CountLastHop(c) => {
            let mut groups = project::Grouper::new(&c.project);
            let keyed = c.project.is_key.iter().any(|&k| k);
            let mut total = 0i64;
            // Each prefix match is its own group only from a single input row.
            let top = match &c.top {
                Some(t)
                    if rows.len() == 1
                        && t.unique_property
                            .as_deref()
                            .is_none_or(|k| ctx.graph.property_names_nodes(k)) =>
                {
                    project::wanted(&c.project, ctx).map_err(|e| e.at(c.project.span))?
                }
                _ => None,
            };
            if let Some(n) = top {
                let mut largest = project::Largest::new(n);
                matcher::count_last_hop(c, rows, ctx, &mut |row, n| {
                    largest.offer(row, n);
                    Ok(())
                })
                .map_err(|e| e.at(c.span))?;
                for (row, n) in largest.into_rows() {
                    groups
                        .add_counted(row, n, ctx)
                        .map_err(|e| e.at(c.project.span))?;
                }
            } else {
                matcher::count_last_hop(c, rows, ctx, &mut |row, n| {
                    if keyed {
                        groups.add_counted(row, n, ctx)
                    } else {
                        total += n;
                        Ok(())
                    }
                })
                .map_err(|e| e.at(c.span))?;
            }
            if !keyed {
                groups.add_counts(total, c.width);
            }
            groups.rows(ctx).map_err(|e| e.at(c.project.span))?
        }
        Op::CountByType(c) => {
            let mut groups = project::Grouper::new(&c.project);
            matcher::count_by_type(c, rows, ctx, &mut |row, n| groups.add_counted(row, n, ctx))
                .map_err(|e| e.at(c.span))?;
            groups.rows(ctx).map_err(|e| e.at(c.project.span))?
        }
        Op::CountByLabel(c) => {
            let mut groups = project::Grouper::new(&c.project);
            matcher::count_by_label(c, rows, ctx, &mut |row, n| groups.add_counted(row, n, ctx))
                .map_err(|e| e.at(c.span))?;
            groups.rows(ctx).map_err(|e| e.at(c.project.span))?
        }
        Op::Call(c) => call::run(c, rows, ctx).map_err(|e| e.at(c.span))?,
        Op::Match(m) => {
            match ops.next_if(|next| matches!(next, Op::Project(p) if !p.aggregates.is_empty())) {
                Some(Op::Project(p)) => {
                    let mut groups = project::Grouper::new(p);
                    let mut matched = 0u64;
                    matcher::run_into(m, rows, ctx, &mut |r| {
                        matched += 1;
                        groups.add(r, ctx)
                    })?;
                    rec.mark(matched);
                    groups.rows(ctx).map_err(|e| e.at(p.span))?
                }
                _ => matcher::run(m, rows, ctx)?,
            }
        }
        Op::Unwind { expr, slot, span } => {
            unwind(expr, *slot, rows, ctx).map_err(|e| e.at(*span))?
        }
        Op::Project(p) => project::run(p, rows, ctx)?,
        Op::Create(c) => return Err(semantic_at("CREATE cannot run here", c.span)),
        Op::Set(s) => return Err(semantic_at("SET cannot run here", s.span)),
        Op::Delete(d) => return Err(semantic_at("DELETE cannot run here", d.span)),
        Op::Merge(m) => return Err(semantic_at("MERGE cannot run here", m.span)),
    })
}

fn semantic_at(message: &str, span: super::plan::ir::Span) -> QueryError {
    super::error::semantic(message, span)
}

fn unwind(
    expr: &super::plan::ir::Expr,
    slot: usize,
    rows: Vec<Row>,
    ctx: &Ctx,
) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for row in rows {
        let value = eval(expr, &row, ctx)?;
        let items: Vec<Value> = match value {
            Value::Null => Vec::new(),
            Value::List(items) => items.as_ref().clone(),
            other => vec![other],
        };
        for item in items {
            let mut r = row.clone();
            if r.len() <= slot {
                r.resize(slot + 1, Value::Null);
            }
            r[slot] = item;
            ctx.budget.spend_items(1)?;
            ctx.budget.hold(super::limits::row_bytes(&r))?;
            out.push(r);
        }
        ctx.check_rows(out.len())?;
    }
    Ok(out)
}
