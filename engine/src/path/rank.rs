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

/// The damping exponent `w` of the degree-weighted path score.
pub const HUB_DAMPING: f64 = 0.4;

/// How many paths beyond the `k` asked for, all as long as the `k`-th, are
/// taken as candidates (see [`PathIndex::k_shortest_ties`]), so that paths
/// of the longest length shown compete among themselves.
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

/// Edges at a node in both directions, read off the CSR offsets (a hub of a
/// big graph has millions).
fn degree(graph: &Graph, node: NodeIx) -> usize {
    let adjacency = graph.adjacency();
    let v = node.index() as u32;
    adjacency.out.degree(v) + adjacency.inc.degree(v)
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
    let mut scored: Vec<(PathScore, Path)> =
        paths.iter().map(|p| (score(graph, p), p.clone())).collect();
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
/// [`PathIndex::k_shortest_ties`], re-ranked.
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
    let mut paths = index.k_shortest_ties(from, to, k, EXTRA_CANDIDATES, options)?;
    rerank(index.graph(), &mut paths, rank);
    paths.truncate(k);
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::NewNode;
    use crate::schema::{Category, Polarity, Predicate, PredicateId, Schema};

    /// `a` reaches `z` in two hops three ways: through `hub` (which has
    /// many other edges), through `m` over a bookkeeping edge, and through
    /// `k` over mechanistic edges only.
    fn graph() -> (Graph, NodeIx, NodeIx) {
        let mut schema = Schema::closed();
        schema
            .add_category(Category {
                name: "T".into(),
                biolink: String::new(),
                description: String::new(),
                shape: String::new(),
                fill: String::new(),
            })
            .unwrap();
        for (name, bookkeeping) in [("acts", false), ("seen_in", true)] {
            schema
                .add_predicate(Predicate {
                    name: name.into(),
                    inverse: format!("{name}_by"),
                    biolink: String::new(),
                    description: String::new(),
                    polarity: Polarity::Associative,
                    bookkeeping,
                    draw_reversed: false,
                    draw_faint: false,
                })
                .unwrap();
        }
        let mut g = Graph::new(schema);
        let names = ["a", "z", "hub", "m", "k", "x1", "x2", "x3", "x4"];
        for id in names {
            g.add_node(
                crate::schema::CategoryId(0),
                NewNode {
                    id,
                    name: id,
                    ..NewNode::default()
                },
            )
            .unwrap();
        }
        let (acts, seen_in) = (PredicateId(0), PredicateId(1));
        let edges = [
            ("a", acts, "hub"),
            ("hub", acts, "z"),
            ("a", seen_in, "m"),
            ("m", acts, "z"),
            ("a", acts, "k"),
            ("k", acts, "z"),
            ("hub", acts, "x1"),
            ("hub", acts, "x2"),
            ("hub", acts, "x3"),
            ("hub", acts, "x4"),
        ];
        let n = |g: &Graph, id: &str| g.find_id(id).unwrap();
        let edges: Vec<_> = edges
            .iter()
            .map(|&(s, p, o)| (n(&g, s), p, n(&g, o)))
            .collect();
        for (s, p, o) in edges {
            g.add_edge(s, p, o, Vec::new()).unwrap();
        }
        let (a, z) = (n(&g, "a"), n(&g, "z"));
        (g, a, z)
    }

    fn middle(g: &Graph, p: &Path) -> String {
        g.node(p.nodes[1]).id().to_owned()
    }

    /// Specific ranking reorders only within a length: it returns as many
    /// paths as the search's own order, the same ones below the `k`-th
    /// path's length, none longer, distinct and loopless, sorted by the
    /// ranking's key.
    #[test]
    fn specific_ranking_reorders_only_ties_of_the_kth_length() {
        for graph in [
            crate::load(&crate::Source::Embedded).unwrap(),
            crate::generate::test_graph(400, 2400, 5),
        ] {
            let index = PathIndex::new(&graph);
            let options = PathOptions::default();
            let n = graph.node_count();
            for (i, j) in (0..n)
                .step_by(n / 9 + 1)
                .zip((0..n).rev().step_by(n / 7 + 1))
            {
                let (a, z) = (NodeIx::new(i), NodeIx::new(j));
                if a == z {
                    continue;
                }
                for k in [1, 3, 10] {
                    let Ok(plain) = index.k_shortest(a, z, k, &options) else {
                        continue;
                    };
                    let ranked = k_best(&index, a, z, k, &options, Rank::Specific).unwrap();
                    assert_eq!(ranked.len(), plain.len(), "{a:?} -> {z:?}, k = {k}");
                    let longest = plain.last().unwrap().hops();
                    let shorter = |paths: &[Path]| -> Vec<Vec<NodeIx>> {
                        let mut v: Vec<_> = paths
                            .iter()
                            .filter(|p| p.hops() < longest)
                            .map(|p| p.nodes.clone())
                            .collect();
                        v.sort();
                        v
                    };
                    assert_eq!(shorter(&ranked), shorter(&plain));
                    assert!(ranked.iter().all(|p| p.hops() <= longest));
                    let mut distinct: Vec<_> = ranked.iter().map(|p| p.nodes.clone()).collect();
                    distinct.sort();
                    distinct.dedup();
                    assert_eq!(distinct.len(), ranked.len());
                    for p in &ranked {
                        let mut nodes = p.nodes.clone();
                        nodes.sort();
                        nodes.dedup();
                        assert_eq!(nodes.len(), p.nodes.len(), "loopless");
                    }
                    let keys: Vec<_> = ranked.iter().map(|p| score(&graph, p)).collect();
                    for w in keys.windows(2) {
                        let order = w[0]
                            .hops
                            .cmp(&w[1].hops)
                            .then(w[0].bookkeeping.cmp(&w[1].bookkeeping))
                            .then(w[1].dwpc.total_cmp(&w[0].dwpc));
                        assert_ne!(order, std::cmp::Ordering::Greater, "sorted by rank");
                    }
                }
            }
        }
    }

    #[test]
    fn specific_prefers_mechanistic_edges_then_damps_hubs() {
        let (g, a, z) = graph();
        let index = PathIndex::new(&g);
        let options = PathOptions::default();
        let specific = k_best(&index, a, z, 3, &options, Rank::Specific).unwrap();
        let order: Vec<String> = specific.iter().map(|p| middle(&g, p)).collect();
        assert_eq!(order, ["k", "hub", "m"]);
        let hops = k_best(&index, a, z, 3, &options, Rank::Hops).unwrap();
        assert_eq!(hops, index.k_shortest(a, z, 3, &options).unwrap());
    }

    #[test]
    fn the_score_is_the_degree_product_raised_to_minus_w() {
        let (g, a, z) = graph();
        let paths = PathIndex::new(&g)
            .k_shortest(a, z, 3, &PathOptions::default())
            .unwrap();
        let via_hub = paths.iter().find(|p| middle(&g, p) == "hub").unwrap();
        // deg(a) = 3, deg(hub) = 6, deg(z) = 3.
        let expected = (3.0f64 * 6.0).powf(-0.4) * (6.0f64 * 3.0).powf(-0.4);
        let got = score(&g, via_hub);
        assert!((got.dwpc - expected).abs() < 1e-12, "{got:?}");
        assert_eq!(got.bookkeeping, 0);
        let via_k = paths.iter().find(|p| middle(&g, p) == "k").unwrap();
        let expected_k = (3.0f64 * 2.0).powf(-0.4) * (2.0f64 * 3.0).powf(-0.4);
        assert!((score(&g, via_k).dwpc - expected_k).abs() < 1e-12);
        assert_eq!(HUB_DAMPING, 0.4);
    }
}
