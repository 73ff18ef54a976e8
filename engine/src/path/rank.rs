//! Ranking paths so that the ones that explain come first.
//!
//! The search ([`PathIndex::k_shortest`]) orders paths by hops and evidence.
//! Among paths of equal length, `specific` ranking then prefers
//!
//! 1. fewer *bookkeeping* edges — predicates that record where or in what
//!    something was studied (`observed_in`, `tests`, `studied_for`, …; the
//!    `kind` column of `schema/predicates.csv`) rather than how it acts, and
//! 2. a higher degree-weighted path count, as in Hetionet's DWPC
//!    (Himmelstein et al. 2017): each edge contributes
//!    `(degree(u) · degree(v))^-w` with the damping exponent
//!    [`HUB_DAMPING`] `w = 0.4`, Hetionet's choice, so a path through a hub
//!    such as `melanoma` (dozens of edges) scores far below one through a
//!    specific mechanism. Degrees count edges in both directions.
//!
//! Paths are never reordered across lengths: a shorter path always comes
//! first. This module only re-ranks candidates the public search functions
//! return; it does not search itself.

use serde::Serialize;

use super::{Path, PathError, PathIndex, PathOptions};
use crate::graph::{Graph, NodeIx};
use petgraph::Direction;

/// The damping exponent `w` of the degree-weighted path score.
pub const HUB_DAMPING: f64 = 0.4;

/// How many paths beyond the `k` asked for are fetched as candidates, so that
/// paths of the longest length shown compete among themselves.
pub const EXTRA_CANDIDATES: usize = 50;

/// The order of `path` results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rank {
    /// Fewest hops, then strongest evidence: the search's own order.
    Hops,
    /// Fewest hops, then fewest bookkeeping edges, then the degree-weighted
    /// score (hubs damped).
    #[default]
    Specific,
}

/// What `specific` ranking sees in one path.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PathScore {
    pub hops: usize,
    /// Edges of bookkeeping predicates on the path.
    pub bookkeeping: usize,
    /// The degree-weighted path score: ∏ over edges of `(deg(u)·deg(v))^-w`.
    pub dwpc: f64,
}

fn degree(graph: &Graph, node: NodeIx) -> usize {
    graph.edges(node, Direction::Outgoing).count() + graph.edges(node, Direction::Incoming).count()
}

/// The score of one path.
pub fn score(graph: &Graph, path: &Path) -> PathScore {
    let mut bookkeeping = 0;
    let mut dwpc = 1.0;
    for (step, pair) in path.steps.iter().zip(path.nodes.windows(2)) {
        if graph.edge(step.edge).predicate().bookkeeping {
            bookkeeping += 1;
        }
        let d = (degree(graph, pair[0]) * degree(graph, pair[1])).max(1) as f64;
        dwpc *= d.powf(-HUB_DAMPING);
    }
    PathScore {
        hops: path.hops(),
        bookkeeping,
        dwpc,
    }
}

/// Sorts `paths` by `rank`; stable, so ties keep the search's order.
pub fn rerank(graph: &Graph, paths: &mut [Path], rank: Rank) {
    if rank == Rank::Hops {
        return;
    }
    let mut scored: Vec<(PathScore, Path)> = paths
        .iter()
        .map(|p| (score(graph, p), p.clone()))
        .collect();
    scored.sort_by(|(a, _), (b, _)| {
        a.hops
            .cmp(&b.hops)
            .then(a.bookkeeping.cmp(&b.bookkeeping))
            .then(b.dwpc.total_cmp(&a.dwpc))
    });
    for (slot, (_, path)) in paths.iter_mut().zip(scored) {
        *slot = path;
    }
}

/// The `k` best paths under `rank`: candidates from
/// [`PathIndex::k_shortest`], re-ranked.
pub fn k_best(
    index: &PathIndex<'_>,
    from: NodeIx,
    to: NodeIx,
    k: usize,
    options: &PathOptions,
    rank: Rank,
) -> Result<Vec<Path>, PathError> {
    if rank == Rank::Hops || k == 0 {
        return index.k_shortest(from, to, k, options);
    }
    let mut paths = index.k_shortest(from, to, k.saturating_add(EXTRA_CANDIDATES), options)?;
    rerank(index.graph(), &mut paths, rank);
    paths.truncate(k);
    Ok(paths)
}
