//! `MATCH ()-[r]->() RETURN type(r), count(*)`: relationships per type are
//! counted from each node's relationship list, without building a row per
//! relationship or evaluating `type(r)` for each.

use super::super::functions::Func;
use super::super::ir::{AggFn, CountByTypeOp, Expr, MatchOp, Op, ProjectOp, Selector};

pub fn count_by_type(ops: Vec<Op>) -> Vec<Op> {
    super::fuse_match_project(ops, |m, p| {
        if !fits(&m, &p) {
            return Err(Box::new((m, p)));
        }
        let path = &m.pattern.paths[0];
        let rel = &path.rels[0];
        Ok(Op::CountByType(Box::new(CountByTypeOp {
            rel_slot: rel.slot,
            start_slot: path.nodes[0].slot,
            end_slot: path.nodes[1].slot,
            dir: rel.dir,
            types: rel.types.clone(),
            width: m.width,
            span: m.span,
            project: p,
        })))
    })
}

/// One relationship between two new, unconstrained nodes, feeding a
/// grouping by `type(r)` (and nothing else) with plain counts.
fn fits(m: &MatchOp, p: &ProjectOp) -> bool {
    let [path] = m.pattern.paths.as_slice() else {
        return false;
    };
    let ([a, b], [rel]) = (path.nodes.as_slice(), path.rels.as_slice()) else {
        return false;
    };
    let first_new = m.pattern.first_new;
    let simple = m.filter.is_none()
        && !m.optional
        && path.binding.is_none()
        && path.selector == Selector::All
        && rel.length.is_none()
        && rel.props.is_empty()
        && rel.slot >= first_new
        && [a, b]
            .iter()
            .all(|n| n.labels.is_empty() && n.props.is_empty() && n.slot >= first_new)
        && a.slot != b.slot;
    let type_of_r = |e: &Expr| {
        matches!(e, Expr::Call(Func::Type, args, _)
            if matches!(args.as_slice(), [Expr::Slot(s)] if *s == rel.slot))
    };
    let keys_ok = p.items.iter().zip(&p.is_key).all(|(e, &key)| {
        if key {
            type_of_r(e)
        } else {
            matches!(e, Expr::Agg(_))
        }
    }) && p.is_key.iter().filter(|&&k| k).count() == 1;
    let counts = p.aggregates.iter().all(|a| match a.func {
        AggFn::CountStar => true,
        AggFn::Count => {
            !a.distinct
                && matches!(a.args.as_slice(), [Expr::Slot(s)] if [a_slot(m), b_slot(m), rel.slot].contains(s))
        }
        _ => false,
    });
    simple && keys_ok && counts && !p.aggregates.is_empty()
}

fn a_slot(m: &MatchOp) -> usize {
    m.pattern.paths[0].nodes[0].slot
}

fn b_slot(m: &MatchOp) -> usize {
    m.pattern.paths[0].nodes[1].slot
}
