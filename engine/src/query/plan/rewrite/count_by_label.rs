//! `MATCH (n) RETURN labels(n)[0] AS l, count(*)`: nodes are counted per
//! set of labels from the store's category array, and each grouping key is
//! evaluated once per label set instead of once per node.

use super::super::functions::Func;
use super::super::ir::{AggFn, CountByLabelOp, Expr, MatchOp, Op, ProjectOp, Selector};

pub fn count_by_label(ops: Vec<Op>) -> Vec<Op> {
    super::fuse_match_project(ops, |m, project| {
        if !fits(&m, &project) {
            return Err(Box::new((m, project)));
        }
        Ok(Op::CountByLabel(Box::new(CountByLabelOp {
            slot: m.pattern.paths[0].nodes[0].slot,
            width: m.width,
            span: m.span,
            project,
        })))
    })
}

/// Whether `e` is `labels(slot)` or `slot:Label…`: what reads a node only
/// through its labels.
pub fn labels_of(e: &Expr, slot: usize) -> bool {
    let is_slot = |e: &Expr| matches!(e, Expr::Slot(s) if *s == slot);
    match e {
        Expr::Call(Func::Labels, args, _) => matches!(args.as_slice(), [a] if is_slot(a)),
        Expr::HasLabels(inner, _) => is_slot(inner),
        _ => false,
    }
}

/// One new, unconstrained node feeding an aggregation of plain counts whose
/// expressions read the node only through its labels.
fn fits(m: &MatchOp, p: &ProjectOp) -> bool {
    let [path] = m.pattern.paths.as_slice() else {
        return false;
    };
    let ([node], []) = (path.nodes.as_slice(), path.rels.as_slice()) else {
        return false;
    };
    let slot = node.slot;
    let simple = m.filter.is_none()
        && !m.optional
        && path.binding.is_none()
        && path.selector == Selector::All
        && node.labels.is_empty()
        && node.props.is_empty()
        && slot >= m.pattern.first_new;
    let hit = |s: usize| s == slot;
    let only_labels = p
        .items
        .iter()
        .all(|e| !e.reads_slot_outside(&hit, &|e| labels_of(e, slot)));
    let counts = !p.aggregates.is_empty()
        && p.aggregates.iter().all(|a| match a.func {
            AggFn::CountStar => true,
            AggFn::Count => {
                !a.distinct && matches!(a.args.as_slice(), [Expr::Slot(s)] if *s == slot)
            }
            _ => false,
        });
    simple && only_labels && counts
}
