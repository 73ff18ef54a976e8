//! Pattern matching by backtracking. Each path starts from its best-anchored
//! node (already bound, then found through an id/name index, then the
//! smallest label, then any node) and expands along its relationships in
//! both directions from there. Relationships are never reused within one
//! pattern (openCypher's relationship isomorphism).

use std::collections::HashSet;

use super::super::access::{Dir, GraphAccess, TypeKey};
use super::super::error::Result;
use super::super::limits;
use fixedbitset::FixedBitSet;

use super::super::plan::ir::{
    CountByLabelOp, CountByTypeOp, CountLastHopOp, LastHop, MatchOp, NodePat, PathPlan,
    PatternPlan, RelDir, RelPat, Selector,
};
use super::super::value::{NodeId, RelId, RelPath, Value};
use super::shortest::Walk;
use super::{Ctx, Row, eval};

type Emit<'e> = dyn FnMut(Row) -> Result<bool> + 'e;

/// Runs a MATCH or OPTIONAL MATCH over every input row.
pub fn run(m: &MatchOp, rows: Vec<Row>, ctx: &Ctx) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    run_into(m, rows, ctx, &mut |r| {
        ctx.budget.hold(super::super::limits::row_bytes(&r))?;
        out.push(r);
        ctx.check_rows(out.len())
    })?;
    Ok(out)
}

/// Runs a MATCH, handing each result row to `sink`.
pub fn run_into(
    m: &MatchOp,
    rows: Vec<Row>,
    ctx: &Ctx,
    sink: &mut dyn FnMut(Row) -> Result<()>,
) -> Result<()> {
    for row in rows {
        let mut any = false;
        match_pattern(&m.pattern, &row, ctx, &mut |r| {
            if let Some(filter) = &m.filter {
                match eval(filter, &r, ctx)?.truth() {
                    Ok(Some(true)) => {}
                    Ok(_) => return Ok(true),
                    Err(t) => {
                        return Err(super::super::error::type_error(format!(
                            "WHERE expects a boolean, not a {t}"
                        )));
                    }
                }
            }
            any = true;
            sink(r)?;
            Ok(true)
        })
        .map_err(|e| e.at(m.span))?;
        if m.optional && !any {
            let mut r = row;
            r.resize(m.width, Value::Null);
            sink(r)?;
        }
    }
    Ok(())
}

/// Calls `emit` with every match of `plan` extending `row`; `emit` returns
/// false to stop early.
pub fn match_pattern(
    plan: &PatternPlan,
    row: &[Value],
    ctx: &Ctx,
    emit: &mut Emit<'_>,
) -> Result<()> {
    let mut values = row.to_vec();
    values.resize(plan.width.max(row.len()), Value::Null);
    for v in values.iter_mut().skip(plan.first_new) {
        *v = Value::Null;
    }
    let assigned = (0..values.len()).map(|s| s < plan.first_new).collect();
    let graph = ctx.graph;
    let types = plan
        .paths
        .iter()
        .map(|p| p.rels.iter().map(|r| resolve_types(graph, r)).collect())
        .collect();
    let mut m = Matcher {
        plan,
        ctx,
        row: values,
        assigned,
        used: UsedRels::default(),
        done: vec![false; plan.paths.len()],
        types,
    };
    m.next_path(emit)?;
    Ok(())
}

/// `None`: any type; `Some(keys)`: one of these (empty: nothing matches).
fn resolve_types(graph: &dyn GraphAccess, rel: &RelPat) -> Option<Vec<TypeKey>> {
    if rel.types.is_empty() {
        None
    } else {
        Some(rel.types.iter().filter_map(|t| graph.type_key(t)).collect())
    }
}

fn dirs(dir: RelDir, forward: bool) -> &'static [Dir] {
    match (dir, forward) {
        (RelDir::Right, true) | (RelDir::Left, false) => &[Dir::Out],
        (RelDir::Left, true) | (RelDir::Right, false) => &[Dir::In],
        (RelDir::Either, _) => &[Dir::Out, Dir::In],
    }
}

/// The relationships bound so far along the current match (never reused
/// within one pattern). A short stack is scanned; past [`UsedRels::SCAN`]
/// entries a hash set answers, so a variable-length walk thousands of hops
/// deep still pays O(1) per relationship tried, and the work budget measures
/// the time it takes.
#[derive(Default)]
struct UsedRels {
    stack: Vec<RelId>,
    set: HashSet<RelId>,
}

impl UsedRels {
    const SCAN: usize = 16;

    fn contains(&self, r: &RelId) -> bool {
        if self.stack.len() <= Self::SCAN {
            self.stack.contains(r)
        } else {
            self.set.contains(r)
        }
    }

    fn push(&mut self, r: RelId) {
        self.stack.push(r);
        if self.stack.len() == Self::SCAN + 1 {
            self.set.extend(self.stack.iter().copied());
        } else if self.stack.len() > Self::SCAN {
            self.set.insert(r);
        }
    }

    fn pop(&mut self) {
        if let Some(r) = self.stack.pop() {
            if self.stack.len() == Self::SCAN {
                self.set.clear();
            } else if self.stack.len() > Self::SCAN {
                self.set.remove(&r);
            }
        }
    }
}

/// One relationship to walk: (relationship index, from node index, to node
/// index, whether in the written direction).
type Step = (usize, usize, usize, bool);

struct Matcher<'a, 'c> {
    plan: &'a PatternPlan,
    ctx: &'a Ctx<'c>,
    row: Vec<Value>,
    assigned: Vec<bool>,
    used: UsedRels,
    done: Vec<bool>,
    types: Vec<Vec<Option<Vec<TypeKey>>>>,
}

impl Matcher<'_, '_> {
    fn node_at(&self, pat: &NodePat) -> Option<NodeId> {
        match self.row[pat.slot] {
            Value::Node(n) => Some(n),
            _ => None,
        }
    }

    fn evaluable(&self, e: &super::super::plan::ir::Expr) -> bool {
        !e.reads_slot(&|s| !self.assigned.get(s).copied().unwrap_or(false))
    }

    /// How well a node pattern anchors a search: bound 3, indexed 2, labelled 1.
    fn anchor_score(&self, pat: &NodePat) -> u8 {
        if self.assigned[pat.slot] {
            3
        } else if pat
            .props
            .iter()
            .any(|(k, e)| (k == "id" || k == "name") && self.evaluable(e))
        {
            2
        } else if !pat.labels.is_empty() {
            1
        } else {
            0
        }
    }

    /// The nodes a pattern node may bind to; scanning them is counted as work.
    fn candidates(&self, pat: &NodePat) -> Result<Vec<NodeId>> {
        let nodes = self.candidate_nodes(pat)?;
        self.ctx.budget.spend(nodes.len() as u64)?;
        Ok(nodes)
    }

    fn candidate_nodes(&self, pat: &NodePat) -> Result<Vec<NodeId>> {
        let graph = self.ctx.graph;
        if self.assigned[pat.slot] {
            return Ok(self.node_at(pat).into_iter().collect());
        }
        for (k, e) in &pat.props {
            if self.evaluable(e) {
                let v = eval(e, &self.row, self.ctx)?;
                if let Some(nodes) = graph.nodes_by_property(k, &v) {
                    return Ok(nodes);
                }
            }
        }
        if !pat.labels.is_empty() {
            let mut best: Option<Vec<NodeId>> = None;
            for label in &pat.labels {
                let nodes = graph.nodes_with_label(label);
                if best.as_ref().is_none_or(|b| nodes.len() < b.len()) {
                    best = Some(nodes);
                }
            }
            return Ok(best.unwrap_or_default());
        }
        Ok((0..graph.node_count() as u32)
            .map(NodeId)
            .filter(|&n| graph.node_live(n))
            .collect())
    }

    /// Binds `pat` to `node` if it fits; `Some(true)` when newly assigned.
    fn try_node(&mut self, pat: &NodePat, node: NodeId) -> Result<Option<bool>> {
        let bound = self.assigned[pat.slot];
        if bound && self.node_at(pat) != Some(node) {
            return Ok(None);
        }
        let graph = self.ctx.graph;
        if !pat.labels.iter().all(|l| graph.has_label(node, l)) {
            return Ok(None);
        }
        for (k, e) in &pat.props {
            let want = eval(e, &self.row, self.ctx)?;
            if graph.node_property(node, k).equals(&want) != Some(true) {
                return Ok(None);
            }
        }
        if bound {
            return Ok(Some(false));
        }
        self.row[pat.slot] = Value::Node(node);
        self.assigned[pat.slot] = true;
        Ok(Some(true))
    }

    fn release(&mut self, slot: usize, newly: bool) {
        if newly {
            self.assigned[slot] = false;
            self.row[slot] = Value::Null;
        }
    }

    fn rel_fits(&self, p: usize, ri: usize, rel: RelId) -> Result<bool> {
        let graph = self.ctx.graph;
        if let Some(types) = &self.types[p][ri]
            && !types.contains(&graph.rel_type(rel))
        {
            return Ok(false);
        }
        for (k, e) in &self.plan.paths[p].rels[ri].props {
            let want = eval(e, &self.row, self.ctx)?;
            if graph.rel_property(rel, k).equals(&want) != Some(true) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn next_path(&mut self, emit: &mut Emit<'_>) -> Result<bool> {
        let open = (0..self.plan.paths.len()).filter(|&p| !self.done[p]);
        let best = open.max_by_key(|&p| {
            let score = self.plan.paths[p]
                .nodes
                .iter()
                .map(|n| self.anchor_score(n))
                .max()
                .unwrap_or(0);
            (score, std::cmp::Reverse(p))
        });
        let Some(p) = best else {
            return emit(self.row.clone());
        };
        self.done[p] = true;
        let result = self.start_path(p, emit);
        self.done[p] = false;
        result
    }

    fn start_path(&mut self, p: usize, emit: &mut Emit<'_>) -> Result<bool> {
        let plan = self.plan;
        let path = &plan.paths[p];
        if path.selector != Selector::All {
            return self.shortest(p, emit);
        }
        let start = (0..path.nodes.len())
            .max_by_key(|&i| (self.anchor_score(&path.nodes[i]), std::cmp::Reverse(i)))
            .unwrap_or(0);
        let mut steps: Vec<Step> = (start..path.rels.len())
            .map(|r| (r, r, r + 1, true))
            .collect();
        steps.extend((0..start).rev().map(|r| (r, r + 1, r, false)));
        for node in self.candidates(&path.nodes[start])? {
            let Some(newly) = self.try_node(&path.nodes[start], node)? else {
                continue;
            };
            let go_on = self.walk(p, &steps, 0, emit)?;
            self.release(path.nodes[start].slot, newly);
            if !go_on {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn walk(&mut self, p: usize, steps: &[Step], i: usize, emit: &mut Emit<'_>) -> Result<bool> {
        let plan = self.plan;
        let path = &plan.paths[p];
        let Some(&(ri, from_i, to_i, forward)) = steps.get(i) else {
            return self.finish_path(path, emit);
        };
        let from = self
            .node_at(&path.nodes[from_i])
            .expect("walks start from bound nodes");
        let rel = &path.rels[ri];
        if rel.length.is_some() {
            let mut acc = Vec::new();
            return self.walk_var(p, steps, i, from, &mut acc, emit);
        }
        let graph = self.ctx.graph;
        for (d, dir) in dirs(rel.dir, forward).iter().enumerate() {
            for (r, other) in graph.rels(from, *dir) {
                if d > 0 && other == from {
                    continue;
                }
                self.ctx.budget.spend(1)?;
                if self.used.contains(&r) || !self.rel_fits(p, ri, r)? {
                    continue;
                }
                let rel_newly = !self.assigned[rel.slot];
                if !rel_newly && !matches!(self.row[rel.slot], Value::Rel(x) if x == r) {
                    continue;
                }
                let Some(newly) = self.try_node(&path.nodes[to_i], other)? else {
                    continue;
                };
                self.row[rel.slot] = Value::Rel(r);
                self.assigned[rel.slot] = true;
                self.used.push(r);
                let go_on = limits::grow(|| self.walk(p, steps, i + 1, emit))?;
                self.used.pop();
                self.release(rel.slot, rel_newly);
                self.release(path.nodes[to_i].slot, newly);
                if !go_on {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    fn walk_var(
        &mut self,
        p: usize,
        steps: &[Step],
        i: usize,
        at: NodeId,
        acc: &mut Vec<RelId>,
        emit: &mut Emit<'_>,
    ) -> Result<bool> {
        let plan = self.plan;
        let path = &plan.paths[p];
        let (ri, _, to_i, forward) = steps[i];
        let rel = &path.rels[ri];
        let (min, max) = rel.length.expect("variable length");
        let depth = acc.len();
        if depth >= min
            && let Some(newly) = self.try_node(&path.nodes[to_i], at)?
        {
            // The relationship list bound here is as long as the walk is deep.
            self.ctx.budget.spend(depth as u64)?;
            let mut list: Vec<Value> = acc.iter().map(|&r| Value::Rel(r)).collect();
            if !forward {
                list.reverse();
            }
            self.row[rel.slot] = Value::list(list);
            self.assigned[rel.slot] = true;
            let go_on = self.walk(p, steps, i + 1, emit)?;
            self.release(rel.slot, true);
            self.release(path.nodes[to_i].slot, newly);
            if !go_on {
                return Ok(false);
            }
        }
        if max.is_some_and(|m| depth >= m) {
            return Ok(true);
        }
        let graph = self.ctx.graph;
        for (d, dir) in dirs(rel.dir, forward).iter().enumerate() {
            for (r, other) in graph.rels(at, *dir) {
                if d > 0 && other == at {
                    continue;
                }
                self.ctx.budget.spend(1)?;
                if self.used.contains(&r) || !self.rel_fits(p, ri, r)? {
                    continue;
                }
                self.used.push(r);
                acc.push(r);
                let go_on = limits::grow(|| self.walk_var(p, steps, i, other, acc, emit))?;
                acc.pop();
                self.used.pop();
                if !go_on {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// Binds the path variable, if any, and moves on to the next path.
    fn finish_path(&mut self, path: &PathPlan, emit: &mut Emit<'_>) -> Result<bool> {
        let Some(slot) = path.binding else {
            return self.next_path(emit);
        };
        let value = Value::Path(std::rc::Rc::new(self.build_path(path)));
        self.row[slot] = value;
        self.assigned[slot] = true;
        let go_on = self.next_path(emit)?;
        self.release(slot, true);
        Ok(go_on)
    }

    fn build_path(&self, path: &PathPlan) -> RelPath {
        let graph = self.ctx.graph;
        let first = self.node_at(&path.nodes[0]).expect("matched node");
        let mut nodes = vec![first];
        let mut rels = Vec::new();
        let mut at = first;
        for rel in &path.rels {
            let list: Vec<RelId> = match &self.row[rel.slot] {
                Value::Rel(r) => vec![*r],
                Value::List(items) => items
                    .iter()
                    .filter_map(|v| match v {
                        Value::Rel(r) => Some(*r),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            for r in list {
                let (s, e) = graph.endpoints(r);
                at = if s == at { e } else { s };
                nodes.push(at);
                rels.push(r);
            }
        }
        RelPath { nodes, rels }
    }

    /// A path part under a shortest-path selector: `(a)-[r*min..max]-(b)`.
    fn shortest(&mut self, p: usize, emit: &mut Emit<'_>) -> Result<bool> {
        let plan = self.plan;
        let path = &plan.paths[p];
        let (a, b, rel) = (&path.nodes[0], &path.nodes[1], &path.rels[0]);
        let (min, max) = rel.length.unwrap_or((1, Some(1)));
        if min > 1 {
            return Err(super::super::error::unsupported(
                "a shortest-path pattern with a minimum length above 1",
                rel.span,
            ));
        }
        let graph = self.ctx.graph;
        let types = self.types[p][0].clone();
        let mut want_props = Vec::new();
        for (k, e) in &rel.props {
            want_props.push((k.clone(), eval(e, &self.row, self.ctx)?));
        }
        let allow = move |r: RelId| -> Result<bool> {
            if let Some(types) = &types
                && !types.contains(&graph.rel_type(r))
            {
                return Ok(false);
            }
            Ok(want_props
                .iter()
                .all(|(k, v)| graph.rel_property(r, k).equals(v) == Some(true)))
        };
        let from_nodes = self.candidates(a)?;
        for x in from_nodes {
            let Some(newly_a) = self.try_node(a, x)? else {
                continue;
            };
            for y in self.candidates(b)? {
                let Some(newly_b) = self.try_node(b, y)? else {
                    continue;
                };
                let walk = Walk {
                    graph,
                    dirs: dirs(rel.dir, true),
                    allow: &allow,
                    max_len: max,
                    budget: self.ctx.budget,
                };
                let found = if x == y && min > 0 {
                    Vec::new()
                } else {
                    match path.selector {
                        Selector::AllShortest => walk.all_shortest(x, y)?,
                        Selector::Shortest(k) => walk.k_shortest(x, y, k)?,
                        _ => walk.any_shortest(x, y)?.into_iter().collect(),
                    }
                };
                for found in found {
                    self.row[rel.slot] = if rel.length.is_some() {
                        Value::list(found.rels.iter().map(|&r| Value::Rel(r)).collect())
                    } else {
                        Value::Rel(found.rels[0])
                    };
                    self.assigned[rel.slot] = true;
                    let go_on = match path.binding {
                        Some(slot) => {
                            self.row[slot] = Value::Path(std::rc::Rc::new(found));
                            self.assigned[slot] = true;
                            let go_on = self.next_path(emit)?;
                            self.release(slot, true);
                            go_on
                        }
                        None => self.next_path(emit)?,
                    };
                    self.release(rel.slot, true);
                    if !go_on {
                        self.release(b.slot, newly_b);
                        self.release(a.slot, newly_a);
                        return Ok(false);
                    }
                }
                self.release(b.slot, newly_b);
            }
            self.release(a.slot, newly_a);
        }
        Ok(true)
    }
}

/// How many rows the MATCH a [`CountLastHopOp`] replaced would produce from
/// `rows`: the prefix is matched, and the last hop counted from each match's
/// node by walking its edge lists instead of building a row per match (a
/// hub's 1.5 million two-hop matches become a walk over its neighbours').
/// `add` gets each prefix match (padded to the MATCH's width) with the
/// number of last hops counted from it; per label set of the end node, with
/// the first end node of each set in the row ([`LastHop::ByEndLabels`]);
/// or, once at the end, the number of distinct end nodes
/// ([`LastHop::DistinctEnds`]).
pub fn count_last_hop(
    op: &CountLastHopOp,
    rows: Vec<Row>,
    ctx: &Ctx,
    add: &mut dyn FnMut(Row, i64) -> Result<()>,
) -> Result<()> {
    let graph = ctx.graph;
    let types = resolve_types(graph, &op.last);
    let groups = match op.mode {
        LastHop::ByEndLabels => label_groups(graph),
        _ => Vec::new(),
    };
    let mut ends = match op.mode {
        LastHop::DistinctEnds => FixedBitSet::with_capacity(graph.node_count()),
        _ => FixedBitSet::new(),
    };
    // Per label set met from one prefix match: (set, first end node, count).
    let mut buckets: Vec<(u32, NodeId, i64)> = Vec::new();
    let mut bucket_of: rustc_hash::FxHashMap<u32, usize> = Default::default();
    let mut per_match = |r: Row| -> Result<bool> {
        let Value::Node(from) = r[op.from_slot] else {
            return Ok(true);
        };
        let used: Vec<RelId> = op
            .prefix_rel_slots
            .iter()
            .filter_map(|&s| match r[s] {
                Value::Rel(x) => Some(x),
                _ => None,
            })
            .collect();
        let mut r = r;
        r.resize(op.width.max(r.len()), Value::Null);
        // Nothing to tell apart: the count is the degree in the store.
        if op.mode == LastHop::Count
            && types.is_none()
            && op.prefix_rel_slots.is_empty()
            && op.last.dir != RelDir::Either
        {
            let dir = dirs(op.last.dir, true)[0];
            ctx.budget.spend(1)?;
            add(r, graph.degree(from, dir) as i64)?;
            return Ok(true);
        }
        let mut walked = 0u64;
        let mut total = 0i64;
        buckets.clear();
        bucket_of.clear();
        let mut tally = |other: NodeId| match op.mode {
            LastHop::Count => total += 1,
            LastHop::DistinctEnds => ends.insert(other.0 as usize),
            LastHop::ByEndLabels => {
                let set = groups[other.0 as usize];
                match bucket_of.get(&set) {
                    Some(&b) => buckets[b].2 += 1,
                    None => {
                        bucket_of.insert(set, buckets.len());
                        buckets.push((set, other, 1));
                    }
                }
            }
        };
        // Every relationship counts: the end nodes are read straight off the
        // store's arrays, not through each relationship.
        let slice = match (types.is_none() && used.is_empty(), dirs(op.last.dir, true)) {
            (true, [dir]) => graph.neighbour_slice(from, *dir),
            _ => None,
        };
        if let Some(slice) = slice {
            walked = slice.len() as u64;
            for &other in slice.iter().rev() {
                tally(NodeId(other));
            }
        } else {
            for (d, dir) in dirs(op.last.dir, true).iter().enumerate() {
                for (rel, other) in graph.rels(from, *dir) {
                    walked += 1;
                    // An undirected self-loop is listed both ways: count it once.
                    let seen_already = d > 0 && other == from;
                    let counted = !(seen_already || used.contains(&rel))
                        && types
                            .as_ref()
                            .is_none_or(|t| t.contains(&graph.rel_type(rel)));
                    if counted {
                        tally(other);
                    }
                }
            }
        }
        ctx.budget.spend(walked)?;
        match op.mode {
            LastHop::Count => add(r, total)?,
            LastHop::DistinctEnds => {}
            LastHop::ByEndLabels => {
                for &(_, first, n) in &buckets {
                    r[op.end_slot] = Value::Node(first);
                    add(r.clone(), n)?;
                }
            }
        }
        Ok(true)
    };
    for row in rows {
        match bound_start(&op.prefix, &row) {
            // The prefix is one node the row already binds: it is the match.
            Some(found) => {
                if let Some(r) = found {
                    per_match(r)?;
                }
            }
            None => match_pattern(&op.prefix, &row, ctx, &mut per_match)?,
        }
    }
    if op.mode == LastHop::DistinctEnds {
        let mut r = Vec::new();
        r.resize(op.width, Value::Null);
        add(r, ends.count_ones(..) as i64)?;
    }
    Ok(())
}

/// When `plan` is a single node the row binds already, with nothing to
/// check: `Some` of its one match (`Some(None)`: no match, the slot holds
/// no node); `None` when the pattern must be matched.
fn bound_start(plan: &PatternPlan, row: &[Value]) -> Option<Option<Row>> {
    let [path] = plan.paths.as_slice() else {
        return None;
    };
    let ([node], []) = (path.nodes.as_slice(), path.rels.as_slice()) else {
        return None;
    };
    if node.slot >= plan.first_new
        || node.slot >= row.len()
        || !node.labels.is_empty()
        || !node.props.is_empty()
        || path.binding.is_some()
        || path.selector != Selector::All
    {
        return None;
    }
    if !matches!(row[node.slot], Value::Node(_)) {
        return Some(None);
    }
    let mut values = row.to_vec();
    values.resize(plan.width.max(row.len()), Value::Null);
    for v in values.iter_mut().skip(plan.first_new) {
        *v = Value::Null;
    }
    Some(Some(values))
}

/// A label-set number per node id (see [`GraphAccess::label_partition`]),
/// from the store or else by comparing label lists.
pub fn label_groups(graph: &dyn GraphAccess) -> Vec<u32> {
    if let Some(groups) = graph.label_partition() {
        return groups;
    }
    let mut sets: rustc_hash::FxHashMap<Vec<String>, u32> = Default::default();
    (0..graph.node_count() as u32)
        .map(|n| {
            let next = sets.len() as u32;
            *sets.entry(graph.labels(NodeId(n))).or_insert(next)
        })
        .collect()
}

/// Counts the nodes a [`CountByLabelOp`]'s MATCH would match per label
/// set; `add` gets, per set in the order a node scan meets them, a row
/// with the set's first node and the count.
pub fn count_by_label(
    op: &CountByLabelOp,
    rows: Vec<Row>,
    ctx: &Ctx,
    add: &mut dyn FnMut(Row, i64) -> Result<()>,
) -> Result<()> {
    let graph = ctx.graph;
    let groups = label_groups(graph);
    let sets = groups.iter().max().map_or(0, |&g| g as usize + 1);
    let mut per: Vec<(Option<NodeId>, i64)> = vec![(None, 0); sets];
    for (n, &g) in groups.iter().enumerate() {
        let node = NodeId(n as u32);
        if !graph.node_live(node) {
            continue;
        }
        let slot = &mut per[g as usize];
        slot.0.get_or_insert(node);
        slot.1 += 1;
    }
    let mut found: Vec<(NodeId, i64)> = per
        .into_iter()
        .filter_map(|(first, count)| first.map(|f| (f, count)))
        .collect();
    found.sort_unstable();
    for row in rows {
        ctx.budget.spend(groups.len().max(1) as u64)?;
        for &(first, count) in &found {
            let mut r = row.clone();
            r.resize(op.width.max(r.len()), Value::Null);
            r[op.slot] = Value::Node(first);
            add(r, count)?;
        }
    }
    Ok(())
}

/// Counts the relationships a [`CountByTypeOp`]'s MATCH would match, per
/// type, walking every node's relationship list in the matcher's order
/// (so groups come out in the order enumeration meets them); `add` gets,
/// per type, a row as the first match of that type and the count.
pub fn count_by_type(
    op: &CountByTypeOp,
    rows: Vec<Row>,
    ctx: &Ctx,
    add: &mut dyn FnMut(Row, i64) -> Result<()>,
) -> Result<()> {
    let graph = ctx.graph;
    let allowed: Option<Vec<TypeKey>> =
        (!op.types.is_empty()).then(|| op.types.iter().filter_map(|t| graph.type_key(t)).collect());
    // One direction: the store reads the counts off its arrays.
    let from_store = match dirs(op.dir, true) {
        [dir] => graph.rels_per_type(*dir).map(|counts| (*dir, counts)),
        _ => None,
    };
    if let Some((dir, counts)) = from_store {
        for row in rows {
            ctx.budget.spend(graph.rel_count().max(1) as u64)?;
            for &(t, rel, count) in &counts {
                if allowed.as_ref().is_some_and(|a| !a.contains(&t)) {
                    continue;
                }
                let (subject, object) = graph.endpoints(rel);
                let (from, other) = match dir {
                    Dir::Out => (subject, object),
                    Dir::In => (object, subject),
                };
                let mut r = row.clone();
                r.resize(op.width.max(r.len()), Value::Null);
                r[op.rel_slot] = Value::Rel(rel);
                r[op.start_slot] = Value::Node(from);
                r[op.end_slot] = Value::Node(other);
                add(r, count as i64)?;
            }
        }
        return Ok(());
    }
    for row in rows {
        let mut index: rustc_hash::FxHashMap<TypeKey, usize> = Default::default();
        let mut found: Vec<(RelId, NodeId, NodeId, i64)> = Vec::new();
        for n in 0..graph.node_count() as u32 {
            let from = NodeId(n);
            let mut walked = 0u64;
            for (d, dir) in dirs(op.dir, true).iter().enumerate() {
                for (rel, other) in graph.rels(from, *dir) {
                    walked += 1;
                    if d > 0 && other == from {
                        continue;
                    }
                    let t = graph.rel_type(rel);
                    if allowed.as_ref().is_some_and(|a| !a.contains(&t)) {
                        continue;
                    }
                    match index.get(&t) {
                        Some(&i) => found[i].3 += 1,
                        None => {
                            index.insert(t, found.len());
                            found.push((rel, from, other, 1));
                        }
                    }
                }
            }
            ctx.budget.spend(walked.max(1))?;
        }
        for (rel, from, other, count) in found {
            let mut r = row.clone();
            r.resize(op.width.max(r.len()), Value::Null);
            r[op.rel_slot] = Value::Rel(rel);
            r[op.start_slot] = Value::Node(from);
            r[op.end_slot] = Value::Node(other);
            add(r, count)?;
        }
    }
    Ok(())
}
