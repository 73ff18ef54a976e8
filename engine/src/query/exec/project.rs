//! WITH and RETURN: projection, grouping with aggregates, DISTINCT,
//! ORDER BY, SKIP, LIMIT and WITH's WHERE.

use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use super::super::error::{Result, argument, type_error};
use super::super::plan::ir::{Expr, ProjectOp};
use super::super::value::{Key, Value};
use super::aggregate::Acc;
use super::{Ctx, Row, eval};

pub fn run(p: &ProjectOp, rows: Vec<Row>, ctx: &Ctx) -> Result<Vec<Row>> {
    run_inner(p, rows, ctx).map_err(|e| e.at(p.span))
}

fn run_inner(p: &ProjectOp, rows: Vec<Row>, ctx: &Ctx) -> Result<Vec<Row>> {
    if !p.aggregates.is_empty() {
        let mut groups = Grouper::new(p);
        for row in rows {
            groups.add(row, ctx)?;
        }
        return groups.rows(ctx);
    }
    let keep_input = !p.distinct && (!p.order.is_empty() || p.filter.is_some());
    let mut out = Ordered::new(p, ctx)?;
    for row in rows {
        let mut projected = p
            .items
            .iter()
            .map(|e| eval(e, &row, ctx))
            .collect::<Result<Vec<_>>>()?;
        if keep_input {
            projected.extend(row);
        }
        out.push(projected, ctx)?;
    }
    out.finish(ctx)
}

/// DISTINCT, ORDER BY, SKIP, LIMIT and WHERE over projected rows as they
/// come. With a top-k ORDER BY only the first `skip + limit` rows are
/// wanted, so rows are selected as they arrive (at most twice that many are
/// held) instead of all being kept and sorted.
struct Ordered<'p> {
    p: &'p ProjectOp,
    skip: usize,
    limit: Option<usize>,
    /// The number of rows to keep while ordering, when bounded.
    wanted: Option<usize>,
    seen: rustc_hash::FxHashSet<SmallVec<[Key; 1]>>,
    /// Sort keys, arrival position and row; without ORDER BY, just rows.
    keyed: Vec<(Vec<Value>, usize, Row)>,
    arrived: usize,
}

impl<'p> Ordered<'p> {
    fn new(p: &'p ProjectOp, ctx: &Ctx) -> Result<Ordered<'p>> {
        let skip = count(p.skip.as_ref(), "SKIP", ctx)?.unwrap_or(0);
        let limit = count(p.limit.as_ref(), "LIMIT", ctx)?;
        let wanted = limit
            .map(|l| l.saturating_add(skip))
            .filter(|_| p.top_k && !p.order.is_empty());
        Ok(Ordered {
            p,
            skip,
            limit,
            wanted,
            seen: Default::default(),
            keyed: Vec::new(),
            arrived: 0,
        })
    }

    fn push(&mut self, row: Row, ctx: &Ctx) -> Result<()> {
        let p = self.p;
        if p.distinct
            && !self
                .seen
                .insert(row[..p.items.len()].iter().map(Value::key).collect())
        {
            return Ok(());
        }
        let keys = p
            .order
            .iter()
            .map(|(e, _)| eval(e, &row, ctx))
            .collect::<Result<Vec<_>>>()?;
        self.keyed.push((keys, self.arrived, row));
        self.arrived += 1;
        if let Some(n) = self.wanted
            && self.keyed.len() >= n.saturating_mul(2).max(64)
        {
            self.select(n);
        }
        Ok(())
    }

    /// Keeps the first `n` rows in order. The arrival position breaks ties,
    /// so selecting in rounds gives exactly what one stable sort would.
    fn select(&mut self, n: usize) {
        if n == 0 {
            self.keyed.clear();
        } else if n < self.keyed.len() {
            let order = &self.p.order;
            self.keyed
                .select_nth_unstable_by(n - 1, |a, b| in_order(order, a, b));
            self.keyed.truncate(n);
        }
    }

    fn finish(mut self, ctx: &Ctx) -> Result<Vec<Row>> {
        let p = self.p;
        if !p.order.is_empty() {
            if let Some(n) = self.wanted {
                self.select(n);
            }
            let order = &p.order;
            self.keyed.sort_unstable_by(|a, b| in_order(order, a, b));
        }
        let k = p.items.len();
        let rows = self
            .keyed
            .into_iter()
            .map(|(_, _, row)| row)
            .skip(self.skip)
            .take(self.limit.unwrap_or(usize::MAX));
        let mut kept = Vec::new();
        for mut row in rows {
            if let Some(filter) = &p.filter {
                match eval(filter, &row, ctx)?.truth() {
                    Ok(Some(true)) => {}
                    Ok(_) => continue,
                    Err(t) => {
                        return Err(type_error(format!("WHERE expects a boolean, not a {t}")));
                    }
                }
            }
            row.truncate(k);
            kept.push(row);
        }
        Ok(kept)
    }
}

type Keyed = (Vec<Value>, usize, Row);

/// ORDER BY's comparison of two keyed rows, ties broken by arrival.
fn in_order(order: &[(Expr, bool)], (a, i, _): &Keyed, (b, j, _): &Keyed) -> std::cmp::Ordering {
    for ((x, y), (_, desc)) in a.iter().zip(b).zip(order) {
        let o = x.order(y);
        let o = if *desc { o.reverse() } else { o };
        if o.is_ne() {
            return o;
        }
    }
    i.cmp(j)
}

/// How many rows a top-k projection keeps before SKIP applies (`skip +
/// limit`); `None` without a LIMIT.
pub fn wanted(p: &ProjectOp, ctx: &Ctx) -> Result<Option<usize>> {
    let skip = count(p.skip.as_ref(), "SKIP", ctx)?.unwrap_or(0);
    let limit = count(p.limit.as_ref(), "LIMIT", ctx)?;
    Ok(limit.map(|l| l.saturating_add(skip)))
}

/// Of the rows offered with counts, those with the `n` largest counts
/// (every row tied with the n-th included), in the order offered; rows of
/// count 0 are no match at all. Rows below the n-th largest count seen so
/// far are dropped as they come.
pub struct Largest {
    n: usize,
    /// The `n` largest counts so far, smallest on top.
    best: std::collections::BinaryHeap<std::cmp::Reverse<i64>>,
    rows: Vec<(Row, i64)>,
    prune_at: usize,
}

impl Largest {
    pub fn new(n: usize) -> Largest {
        Largest {
            n,
            best: Default::default(),
            rows: Vec::new(),
            prune_at: n.saturating_mul(4).max(1024),
        }
    }

    pub fn offer(&mut self, row: Row, count: i64) {
        if count == 0 || self.n == 0 {
            return;
        }
        if self.best.len() < self.n {
            self.best.push(std::cmp::Reverse(count));
        } else {
            let floor = self.floor();
            if count < floor {
                return;
            }
            if count > floor {
                self.best.pop();
                self.best.push(std::cmp::Reverse(count));
            }
        }
        self.rows.push((row, count));
        if self.rows.len() >= self.prune_at {
            self.prune();
            // Ties can keep many rows: prune again only once they double.
            self.prune_at = self.prune_at.max(self.rows.len().saturating_mul(2));
        }
    }

    /// The smallest count a kept row can have.
    fn floor(&self) -> i64 {
        match self.best.peek() {
            Some(std::cmp::Reverse(c)) if self.best.len() == self.n => *c,
            _ => 1,
        }
    }

    fn prune(&mut self) {
        let floor = self.floor();
        self.rows.retain(|(_, c)| *c >= floor);
    }

    pub fn into_rows(mut self) -> Vec<(Row, i64)> {
        self.prune();
        self.rows
    }
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
/// Every group owns one row and `aggregates.len()` accumulators in one flat
/// array, and its key is allocation-free when there is one key item, since
/// grouping by one node per row makes a group of every row.
pub struct Grouper<'p> {
    p: &'p ProjectOp,
    index: FxHashMap<SmallVec<[Key; 1]>, usize>,
    firsts: Vec<Row>,
    accs: Vec<Acc>,
}

impl<'p> Grouper<'p> {
    pub fn new(p: &'p ProjectOp) -> Grouper<'p> {
        Grouper {
            p,
            index: FxHashMap::default(),
            firsts: Vec::new(),
            accs: Vec::new(),
        }
    }

    /// The accumulators of `row`'s group, which is made (owning the row) if
    /// it is new.
    fn group(&mut self, row: Row, ctx: &Ctx) -> Result<(&Row, &mut [Acc])> {
        let p = self.p;
        let mut key = SmallVec::new();
        for (e, _) in p.items.iter().zip(&p.is_key).filter(|(_, k)| **k) {
            key.push(eval(e, &row, ctx)?.key());
        }
        let g = match self.index.get(&key) {
            Some(&g) => g,
            None => {
                let g = self.firsts.len();
                self.index.insert(key, g);
                ctx.budget.hold(super::super::limits::row_bytes(&row))?;
                self.accs.extend(p.aggregates.iter().map(Acc::new));
                self.firsts.push(row);
                g
            }
        };
        let width = p.aggregates.len();
        Ok((&self.firsts[g], &mut self.accs[g * width..(g + 1) * width]))
    }

    pub fn add(&mut self, row: Row, ctx: &Ctx) -> Result<()> {
        let p = self.p;
        let args = p
            .aggregates
            .iter()
            .map(|call| {
                call.args
                    .iter()
                    .map(|a| eval(a, &row, ctx))
                    .collect::<Result<Vec<_>>>()
            })
            .collect::<Result<Vec<_>>>()?;
        let (_, accs) = self.group(row, ctx)?;
        for (acc, args) in accs.iter_mut().zip(args) {
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
        if self.firsts.is_empty() {
            self.index.insert(SmallVec::new(), 0);
            self.accs.extend(self.p.aggregates.iter().map(Acc::new));
            self.firsts.push(vec![Value::Null; width]);
        }
        for acc in &mut self.accs[..self.p.aggregates.len()] {
            acc.add_count(n);
        }
    }

    /// Adds `n` rows that share `row`'s grouping keys to an aggregation
    /// whose aggregates are all plain counts (`count_last_hop` with keys).
    pub fn add_counted(&mut self, row: Row, n: i64, ctx: &Ctx) -> Result<()> {
        if n == 0 {
            return Ok(());
        }
        let (_, accs) = self.group(row, ctx)?;
        for acc in accs {
            acc.add_count(n);
        }
        Ok(())
    }

    /// One row per group (keys and aggregate results), through the
    /// projection's DISTINCT, ORDER BY, SKIP, LIMIT and WHERE.
    pub fn rows(mut self, ctx: &Ctx) -> Result<Vec<Row>> {
        let p = self.p;
        if self.firsts.is_empty() && !p.is_key.iter().any(|&k| k) {
            self.firsts.push(Vec::new());
            self.accs.extend(p.aggregates.iter().map(Acc::new));
        }
        let mut out = Ordered::new(p, ctx)?;
        let mut accs = self.accs.into_iter();
        for first in self.firsts {
            let aggs = accs
                .by_ref()
                .take(p.aggregates.len())
                .map(Acc::finish)
                .collect::<Result<Vec<_>>>()?;
            let gctx = ctx.with_aggs(&aggs);
            let row = p
                .items
                .iter()
                .map(|e| eval(e, &first, &gctx))
                .collect::<Result<Vec<_>>>()?;
            out.push(row, ctx)?;
        }
        out.finish(ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Many offers (past the pruning threshold, with ties): the rows kept
    /// are exactly those with at least the n-th largest count, in order.
    #[test]
    fn largest_keeps_every_row_at_or_above_the_nth_count_in_order() {
        let counts: Vec<i64> = (0..5000i64).map(|i| (i * 7919) % 13).collect();
        for n in [0, 1, 3, 40, 6000] {
            let mut largest = Largest::new(n);
            for (i, &c) in counts.iter().enumerate() {
                largest.offer(vec![Value::Int(i as i64)], c);
            }
            let mut sorted: Vec<i64> = counts.iter().copied().filter(|&c| c > 0).collect();
            sorted.sort_unstable_by(|a, b| b.cmp(a));
            let want: Vec<(Row, i64)> = match sorted.get(n.saturating_sub(1)) {
                Some(&floor) if n > 0 => counts
                    .iter()
                    .enumerate()
                    .filter(|&(_, &c)| c >= floor.max(1))
                    .map(|(i, &c)| (vec![Value::Int(i as i64)], c))
                    .collect(),
                _ if n == 0 => Vec::new(),
                _ => counts
                    .iter()
                    .enumerate()
                    .filter(|&(_, &c)| c > 0)
                    .map(|(i, &c)| (vec![Value::Int(i as i64)], c))
                    .collect(),
            };
            let got = largest.into_rows();
            assert_eq!(got.len(), want.len(), "n = {n}");
            for ((a, x), (b, y)) in got.iter().zip(&want) {
                assert_eq!((format!("{a:?}"), x), (format!("{b:?}"), y), "n = {n}");
            }
        }
    }
}
