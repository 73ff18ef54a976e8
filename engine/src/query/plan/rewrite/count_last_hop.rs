//! Counts the last hop of a pattern from each match of the rest, instead
//! of enumerating it.

use super::super::ir::{
    AggFn, CountLastHopOp, Expr, LastHop, MatchOp, Op, PathPlan, PatternPlan, ProjectOp, Selector,
};
use super::count_by_label::labels_of;

/// Counts the last hop of a MATCH that only feeds counts: a MATCH followed
/// by an aggregation becomes one [`Op::CountLastHop`] when the last
/// relationship and its end node are constrained by nothing but type and
/// direction, and the projection reads nothing but counts and grouping
/// keys over the rest of the pattern (`MATCH (n)-[r]->() RETURN n,
/// count(r)` reads each node's degree), or keys that read the end node
/// only through its labels (counted per label set of the end node), or is
/// nothing but `count(DISTINCT end)` (the end nodes collected in one set
/// over node indices instead of hashed row by row).
pub fn count_last_hop(ops: Vec<Op>) -> Vec<Op> {
    super::fuse_match_project(ops, |m, project| {
        if project.aggregates.is_empty() {
            return Err(Box::new((m, project)));
        }
        counted(m, project).map(|counted| Op::CountLastHop(Box::new(counted)))
    })
}

/// The counted form of `m` when `project` (the aggregation it feeds)
/// allows it; both back otherwise.
fn counted(m: MatchOp, project: ProjectOp) -> Result<CountLastHopOp, Box<(MatchOp, ProjectOp)>> {
    let [path] = m.pattern.paths.as_slice() else {
        return Err(Box::new((m, project)));
    };
    let (Some(last_node), Some(last_rel)) = (path.nodes.last(), path.rels.last()) else {
        return Err(Box::new((m, project)));
    };
    let first_new = m.pattern.first_new;
    let simple = m.filter.is_none()
        && !m.optional
        && path.binding.is_none()
        && path.selector == Selector::All
        && path.rels.iter().all(|r| r.length.is_none())
        && last_rel.props.is_empty()
        && last_rel.slot >= first_new
        && last_node.labels.is_empty()
        && last_node.props.is_empty()
        && last_node.slot >= first_new
        && path.nodes[..path.nodes.len() - 1]
            .iter()
            .all(|n| n.slot != last_node.slot)
        && path.rels[..path.rels.len() - 1]
            .iter()
            .all(|r| r.slot != last_rel.slot);
    // Every pattern slot is bound in every match, so counting any of them
    // counts matches; nothing else may read the last hop.
    let pattern_slots: Vec<usize> = path
        .nodes
        .iter()
        .map(|n| n.slot)
        .chain(path.rels.iter().map(|r| r.slot))
        .collect();
    let p = &project;
    let last_slots = |s: usize| s == last_rel.slot || s == last_node.slot;
    let end = last_node.slot;
    let plain_counts = !p.aggregates.is_empty()
        && p.aggregates.iter().all(|a| match a.func {
            AggFn::CountStar => true,
            AggFn::Count => {
                !a.distinct
                    && matches!(a.args.as_slice(), [Expr::Slot(s)] if pattern_slots.contains(s))
            }
            _ => false,
        });
    let distinct_ends = !p.aggregates.is_empty()
        && p.aggregates.iter().all(|a| {
            a.func == AggFn::Count
                && a.distinct
                && matches!(a.args.as_slice(), [Expr::Slot(s)] if *s == end)
        })
        && !p.is_key.iter().any(|&k| k);
    let reads_last = p.items.iter().any(|e| e.reads_slot(&last_slots));
    let reads_end_beyond_labels = p
        .items
        .iter()
        .any(|e| e.reads_slot_outside(&last_slots, &|e| labels_of(e, end)));
    let mode = match () {
        _ if plain_counts && !reads_last => LastHop::Count,
        _ if plain_counts && !reads_end_beyond_labels => LastHop::ByEndLabels,
        _ if distinct_ends && !reads_last => LastHop::DistinctEnds,
        _ => return Err(Box::new((m, project))),
    };
    if !simple {
        return Err(Box::new((m, project)));
    }
    let n = path.nodes.len();
    let prefix_path = PathPlan {
        binding: None,
        selector: Selector::All,
        nodes: path.nodes[..n - 1].to_vec(),
        rels: path.rels[..n - 2].to_vec(),
    };
    Ok(CountLastHopOp {
        prefix: PatternPlan {
            paths: vec![prefix_path],
            first_new,
            width: m.pattern.width,
        },
        from_slot: path.nodes[n - 2].slot,
        last: last_rel.clone(),
        end_slot: end,
        mode,
        prefix_rel_slots: path.rels[..n - 2].iter().map(|r| r.slot).collect(),
        width: m.width,
        span: m.span,
        project,
        top: None,
    })
}
