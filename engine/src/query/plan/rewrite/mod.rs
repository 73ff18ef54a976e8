//! Rewrites of a planned query that keep its answers and change how it
//! runs, one named pass per file. Each is checked against plain
//! enumeration on random multigraphs (tests/cli/query_counts.rs,
//! tests/cli/query_rewrites.rs).

mod count_by_label;
mod count_by_type;
mod count_last_hop;
mod top_k;

use super::ir::Op;

/// Every pass, in order.
pub fn apply(ops: Vec<Op>) -> Vec<Op> {
    let ops = count_by_type::count_by_type(ops);
    let ops = count_by_label::count_by_label(ops);
    let ops = count_last_hop::count_last_hop(ops);
    top_k::top_k(ops)
}
