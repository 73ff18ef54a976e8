//! WITH and RETURN: projection, grouping with aggregates, DISTINCT,
//! ORDER BY, SKIP, LIMIT and WITH's WHERE.

use rustc_hash::FxHashMap;

use super::super::error::{Result, argument, type_error};
use super::super::plan::ir::{Expr, ProjectOp};
use super::super::value::{Key, Value};
use super::aggregate::Acc;
use super::{Ctx, Row, eval};

pub fn run(p: &ProjectOp, rows: Vec<Row>, ctx: &Ctx) -> Result<Vec<Row>> {
    run_inner(p, rows, ctx).map_err(|e| e.at(p.span))
}

fn run_inner(p: &ProjectOp, rows: Vec<Row>, ctx: &Ctx) -> Result<Vec<Row>> {
    let out: Vec<Row> = if !p.aggregates.is_empty() {
        let mut groups = Grouper::new(p);
        for row in rows {
            groups.add(row, ctx)?;
        }
        groups.finish(ctx)?
    } else {
        let keep_input = !p.distinct && (!p.order.is_empty() || p.filter.is_some());
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut projected = p
                .items
                .iter()
                .map(|e| eval(e, &row, ctx))
                .collect::<Result<Vec<_>>>()?;
            if keep_input {
                projected.extend(row);
            }
            out.push(projected);
        }
        out
    };
    after_grouping(p, out, ctx)
}

/// DISTINCT, ORDER BY, SKIP, LIMIT and WHERE over projected rows.
pub fn after_grouping(p: &ProjectOp, mut out: Vec<Row>, ctx: &Ctx) -> Result<Vec<Row>> {
    let k = p.items.len();
    if p.distinct {
        let mut seen = rustc_hash::FxHashSet::default();
        out.retain(|row| seen.insert(row[..k].iter().map(Value::key).collect::<Vec<Key>>()));
    }
    let skip = count(p.skip.as_ref(), "SKIP", ctx)?.unwrap_or(0);
    let limit = count(p.limit.as_ref(), "LIMIT", ctx)?;
    if !p.order.is_empty() {
        let mut keyed = Vec::with_capacity(out.len());
        for (i, row) in out.into_iter().enumerate() {
            let keys = p
                .order
                .iter()
                .map(|(e, _)| eval(e, &row, ctx))
                .collect::<Result<Vec<_>>>()?;
            keyed.push((keys, i, row));
        }
        // The input position breaks ties, so selecting the first rows gives
        // exactly what a stable sort of all of them would.
        let cmp = |(a, i, _): &(Vec<Value>, usize, Row), (b, j, _): &(Vec<Value>, usize, Row)| {
            for ((x, y), (_, desc)) in a.iter().zip(b.iter()).zip(&p.order) {
                let o = x.order(y);
                let o = if *desc { o.reverse() } else { o };
                if o.is_ne() {
                    return o;
                }
            }
            i.cmp(j)
        };
        let wanted = limit.map(|l| l.saturating_add(skip));
        match wanted {
            Some(n) if p.top_k && n < keyed.len() => {
                if n == 0 {
                    keyed.clear();
                } else {
                    keyed.select_nth_unstable_by(n - 1, cmp);
                    keyed.truncate(n);
                }
                keyed.sort_unstable_by(cmp);
            }
            _ => keyed.sort_unstable_by(cmp),
        }
        out = keyed.into_iter().map(|(_, _, row)| row).collect();
    }
    let out = out.into_iter().skip(skip).take(limit.unwrap_or(usize::MAX));
    let mut kept = Vec::new();
    for mut row in out {
        if let Some(filter) = &p.filter {
            match eval(filter, &row, ctx)?.truth() {
                Ok(Some(true)) => {}
                Ok(_) => continue,
                Err(t) => return Err(type_error(format!("WHERE expects a boolean, not a {t}"))),
            }
        }
        row.truncate(k);
        kept.push(row);
    }
    Ok(kept)
}

/// Evaluates SKIP or LIMIT: a non-negative integer.
fn count(e: Option<&Expr>, what: &str, ctx: &Ctx) -> Result<Option<usize>> {
    let Some(e) = e else {
        return Ok(None);
    };
    match eval(e, &[], ctx)? {
        Value::Int(i) if i >= 0 => Ok(Some(i as usize)),
        Value::Int(_) => Err(argument(format!("{what} must not be negative"))),
        Value::Float(_) => Err(type_error(format!(
            "{what} must be an integer, not a float"
        ))),
        other => Err(type_error(format!(
            "{what} must be an integer, not a {}",
            other.type_name()
        ))),
    }
}

/// Groups rows by the projection's keys and feeds its aggregates, one row
/// at a time (so a MATCH can stream into it without holding its rows).
pub struct Grouper<'p> {
    p: &'p ProjectOp,
    index: FxHashMap<Vec<Key>, usize>,
    groups: Vec<(Row, Vec<Acc>)>,
}

impl<'p> Grouper<'p> {
    pub fn new(p: &'p ProjectOp) -> Grouper<'p> {
        Grouper {
            p,
            index: FxHashMap::default(),
            groups: Vec::new(),
        }
    }

    pub fn add(&mut self, row: Row, ctx: &Ctx) -> Result<()> {
        let p = self.p;
        let mut key = Vec::new();
        for (e, _) in p.items.iter().zip(&p.is_key).filter(|(_, k)| **k) {
            key.push(eval(e, &row, ctx)?.key());
        }
        let g = match self.index.get(&key) {
            Some(&g) => g,
            None => {
                self.index.insert(key, self.groups.len());
                let accs = p.aggregates.iter().map(Acc::new).collect();
                ctx.budget.hold(super::super::limits::row_bytes(&row))?;
                self.groups.push((row.clone(), accs));
                self.groups.len() - 1
            }
        };
        for (acc, call) in self.groups[g].1.iter_mut().zip(&p.aggregates) {
            let args = call
                .args
                .iter()
                .map(|a| eval(a, &row, ctx))
                .collect::<Result<Vec<_>>>()?;
            for a in &args {
                ctx.budget.hold(super::super::limits::shallow_bytes(a))?;
            }
            acc.add(args)?;
        }
        Ok(())
    }

    /// Adds `n` rows at once to an aggregation without grouping keys whose
    /// aggregates are all plain counts (see `plan::rewrite::count_last_hop`).
    pub fn add_counts(&mut self, n: i64, width: usize) {
        if n == 0 {
            return;
        }
        if self.groups.is_empty() {
            self.index.insert(Vec::new(), 0);
            let accs = self.p.aggregates.iter().map(Acc::new).collect();
            self.groups.push((vec![Value::Null; width], accs));
        }
        for acc in &mut self.groups[0].1 {
            acc.add_count(n);
        }
    }

    /// Adds `n` rows that share `row`'s grouping keys to an aggregation
    /// whose aggregates are all plain counts (`count_last_hop` with keys).
    pub fn add_counted(&mut self, row: &Row, n: i64, ctx: &Ctx) -> Result<()> {
        if n == 0 {
            return Ok(());
        }
        let p = self.p;
        let mut key = Vec::new();
        for (e, _) in p.items.iter().zip(&p.is_key).filter(|(_, k)| **k) {
            key.push(eval(e, row, ctx)?.key());
        }
        let g = match self.index.get(&key) {
            Some(&g) => g,
            None => {
                self.index.insert(key, self.groups.len());
                let accs = p.aggregates.iter().map(Acc::new).collect();
                ctx.budget.hold(super::super::limits::row_bytes(row))?;
                self.groups.push((row.clone(), accs));
                self.groups.len() - 1
            }
        };
        for acc in &mut self.groups[g].1 {
            acc.add_count(n);
        }
        Ok(())
    }

    /// One row per group: keys and aggregate results.
    pub fn finish(mut self, ctx: &Ctx) -> Result<Vec<Row>> {
        let p = self.p;
        if self.groups.is_empty() && !p.is_key.iter().any(|&k| k) {
            self.groups
                .push((Vec::new(), p.aggregates.iter().map(Acc::new).collect()));
        }
        let mut out = Vec::with_capacity(self.groups.len());
        for (first, accs) in self.groups {
            let aggs = accs
                .into_iter()
                .map(Acc::finish)
                .collect::<Result<Vec<_>>>()?;
            let gctx = ctx.with_aggs(&aggs);
            out.push(
                p.items
                    .iter()
                    .map(|e| eval(e, &first, &gctx))
                    .collect::<Result<Vec<_>>>()?,
            );
        }
        Ok(out)
    }
}
