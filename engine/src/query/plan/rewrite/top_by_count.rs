//! `MATCH (n)-->() RETURN n.id, count(*) AS d ORDER BY d DESC LIMIT 10`:
//! when every node is a group of its own, only the nodes with the k largest
//! counts can be in the answer, so the others never become groups.

use super::super::functions::Func;
use super::super::ir::{CountLastHopOp, Expr, LastHop, Op, TopByCount};

/// Marks counted last hops whose top-k projection orders by the count,
/// descending, first, and groups by something that names the node.
/// Runs after the top-k pass, whose flag it reads.
pub fn top_by_count(mut ops: Vec<Op>) -> Vec<Op> {
    for op in &mut ops {
        if let Op::CountLastHop(c) = op {
            c.top = by_count(c);
        }
    }
    ops
}

fn by_count(c: &CountLastHopOp) -> Option<TopByCount> {
    let p = &c.project;
    if c.mode != LastHop::Count || !p.top_k || p.distinct {
        return None;
    }
    let [path] = c.prefix.paths.as_slice() else {
        return None;
    };
    if !path.rels.is_empty() {
        return None;
    }
    let (Expr::Slot(first), true) = p.order.first()? else {
        return None;
    };
    if !matches!(p.items.get(*first)?, Expr::Agg(_)) {
        return None;
    }
    let from = c.from_slot;
    let keys: Vec<&Expr> = p
        .items
        .iter()
        .zip(&p.is_key)
        .filter_map(|(e, &k)| k.then_some(e))
        .collect();
    if keys.iter().any(|k| k.reads_slot(&|s| s != from)) {
        return None;
    }
    let is_from = |e: &Expr| matches!(e, Expr::Slot(s) if *s == from);
    let mut property = None;
    for key in keys {
        match key {
            e if is_from(e) => {
                return Some(TopByCount {
                    unique_property: None,
                });
            }
            Expr::Call(Func::Id | Func::ElementId, args, _) if matches!(args.as_slice(), [e] if is_from(e)) =>
            {
                return Some(TopByCount {
                    unique_property: None,
                });
            }
            Expr::Prop(e, name) if is_from(e) => property = property.or(Some(name.clone())),
            _ => {}
        }
    }
    property.map(|name| TopByCount {
        unique_property: Some(name),
    })
}
