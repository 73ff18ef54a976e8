//! Rewrites of a planned query that keep its answers and change how it
//! runs, one named pass per file. Each is checked against plain
//! enumeration on random multigraphs (tests/cli/query_counts.rs,
//! tests/cli/query_rewrites.rs).

mod count_by_label;
mod count_by_type;
mod count_last_hop;
mod top_by_count;
mod top_k;

use super::ir::{MatchOp, Op, ProjectOp};

/// What a pass makes of a MATCH and the projection right after it: one
/// fused operator, or both back unchanged.
type Fused = Result<Op, Box<(MatchOp, ProjectOp)>>;

/// Replaces each MATCH directly followed by a projection with what `fuse`
/// makes of the pair; the loop every match-then-project pass shares.
fn fuse_match_project(ops: Vec<Op>, fuse: impl Fn(MatchOp, ProjectOp) -> Fused) -> Vec<Op> {
    let mut out = Vec::with_capacity(ops.len());
    let mut ops = ops.into_iter().peekable();
    while let Some(op) = ops.next() {
        let Op::Match(m) = op else {
            out.push(op);
            continue;
        };
        let Some(Op::Project(project)) = ops.next_if(|next| matches!(next, Op::Project(_))) else {
            out.push(Op::Match(m));
            continue;
        };
        match fuse(m, project) {
            Ok(fused) => out.push(fused),
            Err(unchanged) => {
                let (m, project) = *unchanged;
                out.push(Op::Match(m));
                out.push(Op::Project(project));
            }
        }
    }
    out
}

/// Every pass, in order.
pub fn apply(ops: Vec<Op>) -> Vec<Op> {
    let ops = count_by_type::count_by_type(ops);
    let ops = count_by_label::count_by_label(ops);
    let ops = count_last_hop::count_last_hop(ops);
    let ops = top_k::top_k(ops);
    top_by_count::top_by_count(ops)
}
