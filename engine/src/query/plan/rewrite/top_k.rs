//! `ORDER BY … LIMIT k`: only the first `skip + k` rows in order are
//! needed, so the projection selects them (linear time) and sorts just
//! those instead of sorting every row.

use super::super::ir::{Expr, Op};

/// Marks projections whose ORDER BY is followed by a LIMIT (of a literal
/// or a parameter; SKIP likewise) as top-k.
pub fn top_k(mut ops: Vec<Op>) -> Vec<Op> {
    for op in &mut ops {
        let project = match op {
            Op::Project(p) => p,
            Op::CountLastHop(c) => &mut c.project,
            Op::CountByType(c) => &mut c.project,
            Op::CountByLabel(c) => &mut c.project,
            _ => continue,
        };
        let constant = |e: &Option<Expr>| {
            e.as_ref()
                .is_none_or(|e| matches!(e, Expr::Const(_) | Expr::Param(_)))
        };
        project.top_k = !project.order.is_empty()
            && project.limit.is_some()
            && constant(&project.limit)
            && constant(&project.skip);
    }
    ops
}
