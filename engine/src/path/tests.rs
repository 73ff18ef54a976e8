//! Property tests: every search against a brute-force enumerator on random
//! small directed multigraphs (parallel edges, self-loops, several
//! predicates, evidence levels and categories).

use std::collections::VecDeque;

use proptest::prelude::*;

use super::*;
use crate::graph::{Graph, NewNode, NewValue, keys};
use crate::schema::{Category, EvidenceLevel, Polarity, Predicate, Schema};

const LEVELS: &[(&str, u8)] = &[("preclinical", 1), ("phase2", 4), ("approved", 6)];

#[derive(Clone, Debug)]
struct Spec {
    categories: Vec<u8>,
    edges: Vec<(u8, u8, u8, Option<u8>)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (2usize..8).prop_flat_map(|n| {
        let node = 0..n as u8;
        (
            proptest::collection::vec(0u8..3, n),
            proptest::collection::vec(
                (node.clone(), node, 0u8..3, proptest::option::of(0u8..3)),
                0..22,
            ),
        )
            .prop_map(|(categories, edges)| Spec { categories, edges })
    })
}

/// Bigger and denser graphs, where Yen branches deep and often.
fn dense_spec() -> impl Strategy<Value = Spec> {
    (4usize..12).prop_flat_map(|n| {
        let node = 0..n as u8;
        (
            proptest::collection::vec(0u8..3, n),
            proptest::collection::vec(
                (node.clone(), node, 0u8..3, proptest::option::of(0u8..3)),
                0..40,
            ),
        )
            .prop_map(|(categories, edges)| Spec { categories, edges })
    })
}

fn build(spec: &Spec) -> Graph {
    let mut schema = Schema::closed();
    for c in ["A", "B", "C"] {
        schema
            .add_category(Category {
                name: c.into(),
                biolink: String::new(),
                description: String::new(),
                shape: String::new(),
                fill: String::new(),
            })
            .unwrap();
    }
    for p in ["p0", "p1", "p2"] {
        schema
            .add_predicate(Predicate {
                name: p.into(),
                inverse: format!("{p}_inv"),
                biolink: String::new(),
                description: String::new(),
                polarity: Polarity::Associative,
                bookkeeping: false,
                draw_reversed: false,
                draw_faint: false,
            })
            .unwrap();
    }
    for (name, rank) in LEVELS {
        schema
            .add_evidence(EvidenceLevel {
                name: (*name).into(),
                rank: *rank,
                label: String::new(),
                clinical: *rank > 1,
            })
            .unwrap();
    }
    let mut g = Graph::new(schema);
    for (i, &c) in spec.categories.iter().enumerate() {
        let id = format!("n:{i}");
        g.add_node(
            CategoryId(u16::from(c)),
            NewNode {
                id: &id,
                name: &id,
                ..NewNode::default()
            },
        )
        .unwrap();
    }
    for &(s, o, p, ev) in &spec.edges {
        let props = ev
            .map(|e| vec![(keys::EVIDENCE, NewValue::Str(LEVELS[e as usize].0.into()))])
            .unwrap_or_default();
        g.add_edge(
            NodeIx::new(s as usize),
            PredicateId(u16::from(p)),
            NodeIx::new(o as usize),
            props,
        )
        .unwrap();
    }
    g
}

/// Weakness of the best edge for the hop `u → w`, if any edge allows it.
fn hop_weakness(g: &Graph, o: &PathOptions, u: NodeIx, w: NodeIx) -> Option<u32> {
    g.edge_indices()
        .filter(|&e| o.predicates.is_empty() || o.predicates.contains(&g.edge(e).predicate_id()))
        .filter(|&e| {
            let (s, t) = (g.edge(e).subject(), g.edge(e).object());
            (s == u && t == w) || (!o.directed && s == w && t == u)
        })
        .map(|e| {
            let rank = g
                .edge(e)
                .prop_text(keys::EVIDENCE)
                .and_then(|n| g.schema().evidence(&n).map(|l| l.rank))
                .unwrap_or(0);
            u32::from(6 - rank)
        })
        .min()
}

fn passable(g: &Graph, o: &PathOptions, n: NodeIx) -> bool {
    !o.avoid.contains(&n) && !o.exclude_categories.contains(&g.node(n).category_id())
}

/// Every simple path the options allow, with its (hops, weakness, nodes) key,
/// sorted.
fn brute(g: &Graph, from: NodeIx, to: NodeIx, o: &PathOptions) -> Vec<(usize, u32, Vec<NodeIx>)> {
    fn go(
        g: &Graph,
        o: &PathOptions,
        to: NodeIx,
        path: &mut Vec<NodeIx>,
        weak: u32,
        out: &mut Vec<(usize, u32, Vec<NodeIx>)>,
    ) {
        let at = *path.last().unwrap();
        if path.len() > o.max_hops {
            return;
        }
        for w in g.node_indices() {
            if path.contains(&w) {
                continue;
            }
            let Some(hw) = hop_weakness(g, o, at, w) else {
                continue;
            };
            path.push(w);
            if w == to {
                let inner = &path[1..path.len() - 1];
                let via = o
                    .via_categories
                    .iter()
                    .all(|c| inner.iter().any(|&n| g.node(n).category_id() == *c));
                if via {
                    out.push((path.len() - 1, weak + hw, path.clone()));
                }
            } else if passable(g, o, w) {
                go(g, o, to, path, weak + hw, out);
            }
            path.pop();
        }
    }
    let mut out = Vec::new();
    go(g, o, to, &mut vec![from], 0, &mut out);
    out.sort();
    out
}

/// Plain breadth-first hop distance over the allowed graph.
fn bfs_hops(g: &Graph, from: NodeIx, to: NodeIx, o: &PathOptions) -> Option<usize> {
    let mut dist = vec![usize::MAX; g.node_count()];
    dist[from.index()] = 0;
    let mut queue = VecDeque::from([from]);
    while let Some(v) = queue.pop_front() {
        if v == to {
            return Some(dist[v.index()]);
        }
        if v != from && !passable(g, o, v) {
            continue;
        }
        for w in g.node_indices() {
            if dist[w.index()] == usize::MAX && hop_weakness(g, o, v, w).is_some() {
                dist[w.index()] = dist[v.index()] + 1;
                queue.push_back(w);
            }
        }
    }
    None
}

fn options() -> impl Strategy<Value = (PathOptions, usize)> {
    (
        1usize..6,
        any::<bool>(),
        proptest::collection::vec(0usize..8, 0..2),
        proptest::option::of(0u16..3),
        proptest::option::of(0u16..3),
        proptest::collection::vec(0u16..3, 0..2),
        1usize..8,
    )
        .prop_map(|(max_hops, directed, avoid, via, exclude, preds, k)| {
            (
                PathOptions {
                    max_hops,
                    directed,
                    avoid: avoid.into_iter().map(NodeIx::new).collect(),
                    via_categories: via.map(CategoryId).into_iter().collect(),
                    exclude_categories: exclude.map(CategoryId).into_iter().collect(),
                    predicates: preds.into_iter().map(PredicateId).collect(),
                },
                k,
            )
        })
}

/// Drops avoided nodes that do not exist or are endpoints.
fn fit(g: &Graph, mut o: PathOptions, from: NodeIx, to: NodeIx) -> PathOptions {
    o.avoid
        .retain(|n| n.index() < g.node_count() && *n != from && *n != to);
    o
}

/// Each step uses an allowed edge between its nodes, in the walked
/// direction, with the least weakness of the edges that could serve.
fn check_steps(g: &Graph, o: &PathOptions, path: &Path) -> Result<(), TestCaseError> {
    prop_assert_eq!(path.steps.len() + 1, path.nodes.len());
    for (i, step) in path.steps.iter().enumerate() {
        let (u, w) = (path.nodes[i], path.nodes[i + 1]);
        let edge = g.edge(step.edge);
        let ends = if step.forward {
            (edge.subject(), edge.object())
        } else {
            (edge.object(), edge.subject())
        };
        prop_assert_eq!(ends, (u, w));
        prop_assert!(step.forward || !o.directed);
        prop_assert!(o.predicates.is_empty() || o.predicates.contains(&edge.predicate_id()));
        let rank = edge
            .prop_text(keys::EVIDENCE)
            .and_then(|n| g.schema().evidence(&n).map(|l| l.rank))
            .unwrap_or(0);
        prop_assert_eq!(Some(u32::from(6 - rank)), hop_weakness(g, o, u, w));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn yen_equals_brute_force(spec in spec(), (o, k) in options(), ends in (0usize..8, 0usize..8)) {
        let g = build(&spec);
        let n = g.node_count();
        let (from, to) = (NodeIx::new(ends.0 % n), NodeIx::new(ends.1 % n));
        prop_assume!(from != to);
        let o = fit(&g, o, from, to);
        let expected: Vec<Vec<NodeIx>> =
            brute(&g, from, to, &o).into_iter().take(k).map(|p| p.2).collect();
        match k_shortest(&g, from, to, k, &o) {
            Ok(paths) => {
                let got: Vec<Vec<NodeIx>> = paths.iter().map(|p| p.nodes.clone()).collect();
                prop_assert_eq!(&got, &expected);
                for p in &paths {
                    check_steps(&g, &o, p)?;
                    let mut sorted = p.nodes.clone();
                    sorted.sort();
                    sorted.dedup();
                    prop_assert_eq!(sorted.len(), p.nodes.len(), "loopless");
                }
                prop_assert!(paths.windows(2).all(|w| w[0].hops() <= w[1].hops()));
            }
            Err(PathError::NoPath { .. }) => prop_assert!(expected.is_empty()),
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }

    #[test]
    fn fewest_hop_listing_equals_yen(spec in spec(), (o, k) in options(), ends in (0usize..8, 0usize..8)) {
        let g = build(&spec);
        let n = g.node_count();
        let (from, to) = (NodeIx::new(ends.0 % n), NodeIx::new(ends.1 % n));
        prop_assume!(from != to);
        let o = fit(&g, o, from, to);
        let filter = Filter::new(&g, &o, &[from, to]);
        let max_hops = hop_limit(&g, &o);
        let by_yen = yen(&filter, from, to, k, 0, max_hops, None);
        let mut scratch = crate::walk::best::Scratch::new(n);
        // Twice on one scratch: the second listing must not see the first's marks.
        for _ in 0..2 {
            let listed = crate::walk::best::fewest_hop_paths(&filter, from, to, max_hops, k, &mut scratch)
                .expect("small graphs stay within the work limit");
            let fewest = by_yen.first().map_or(0, Vec::len);
            let expected: Vec<Vec<NodeIx>> = by_yen
                .iter()
                .filter(|p| p.len() == fewest)
                .cloned()
                .collect();
            let got: Vec<Vec<NodeIx>> = listed.iter().map(|b| b.nodes.clone()).collect();
            // `--via-category` is checked on whole paths, after the listing.
            if o.via_categories.is_empty() {
                prop_assert_eq!(&got, &expected);
            }
        }
    }

    /// Lawler's refinement, the depth bound and a first path handed over
    /// change nothing Yen returns: the same k paths as the brute-force
    /// enumeration in its order (hops, weakness, node sequence), and the
    /// same ties after them as plain Yen finds on its way, in the same order.
    #[test]
    fn refined_yen_equals_plain_yen_and_brute_force(
        spec in dense_spec(),
        (o, k) in options(),
        ties in 0usize..6,
        handed in any::<bool>(),
        ends in (0usize..12, 0usize..12),
    ) {
        let g = build(&spec);
        let n = g.node_count();
        let (from, to) = (NodeIx::new(ends.0 % n), NodeIx::new(ends.1 % n));
        prop_assume!(from != to);
        let o = fit(&g, o, from, to);
        let filter = Filter::new(&g, &o, &[from, to]);
        let max_hops = hop_limit(&g, &o);
        let first = (handed && o.via_categories.is_empty())
            .then(|| {
                let mut scratch = crate::walk::best::Scratch::new(n);
                crate::walk::best::fewest_hop_paths(&filter, from, to, max_hops, 1, &mut scratch)
            })
            .flatten()
            .and_then(|mut listed| listed.pop());
        let refined = yen(&filter, from, to, k, ties, max_hops, first);
        let plain = KShortest::new(PathSearch::new(&filter, to), from, max_hops).plain();
        let plain = take_paths(&filter, plain, k, ties);
        prop_assert_eq!(&refined, &plain);
        let expected: Vec<Vec<NodeIx>> =
            brute(&g, from, to, &o).into_iter().take(k).map(|p| p.2).collect();
        prop_assert_eq!(&refined[..refined.len().min(k)], &expected[..]);
        if let Some(last) = expected.get(k - 1) {
            prop_assert!(refined[k..].iter().all(|p| p.len() == last.len()));
        }
    }

    #[test]
    fn shortest_length_equals_bfs(spec in spec(), (mut o, _) in options(), ends in (0usize..8, 0usize..8)) {
        let g = build(&spec);
        let n = g.node_count();
        let (from, to) = (NodeIx::new(ends.0 % n), NodeIx::new(ends.1 % n));
        prop_assume!(from != to);
        o.via_categories.clear();
        let o = fit(&g, o, from, to);
        let bfs = bfs_hops(&g, from, to, &o).filter(|&h| h <= o.max_hops);
        prop_assert_eq!(shortest(&g, from, to, &o).ok().map(|p| p.hops()), bfs);
    }

    #[test]
    fn all_paths_equal_brute_force(spec in spec(), (o, limit) in options(), ends in (0usize..8, 0usize..8)) {
        let g = build(&spec);
        let n = g.node_count();
        let (from, to) = (NodeIx::new(ends.0 % n), NodeIx::new(ends.1 % n));
        prop_assume!(from != to);
        let o = fit(&g, o, from, to);
        let mut expected: Vec<(usize, Vec<NodeIx>)> =
            brute(&g, from, to, &o).into_iter().map(|p| (p.0, p.2)).collect();
        // --all streams by hops, then node sequence.
        expected.sort();
        let mut got = Vec::new();
        let result = all_paths(&g, from, to, limit, &o, |p| {
            got.push(p);
            Ok::<(), PathError>(())
        });
        match result {
            Ok(summary) => {
                let nodes: Vec<(usize, Vec<NodeIx>)> =
                    got.iter().map(|p| (p.hops(), p.nodes.clone())).collect();
                prop_assert_eq!(summary.count, nodes.len());
                prop_assert_eq!(summary.truncated, expected.len() > limit);
                expected.truncate(limit);
                prop_assert_eq!(nodes, expected);
                for p in &got {
                    check_steps(&g, &o, p)?;
                }
            }
            Err(PathError::NoPath { .. }) => prop_assert!(expected.is_empty()),
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }
}

#[test]
fn bad_queries_are_refused() {
    let g = build(&Spec {
        categories: vec![0, 0, 0],
        edges: vec![(0, 1, 0, None), (1, 2, 0, None)],
    });
    let (a, b, c) = (NodeIx::new(0), NodeIx::new(1), NodeIx::new(2));
    let o = PathOptions::default();
    assert!(matches!(
        k_shortest(&g, a, a, 3, &o),
        Err(PathError::SameNode(_))
    ));
    assert_eq!(k_shortest(&g, a, c, 0, &o), Err(PathError::ZeroK));
    let zero = PathOptions {
        max_hops: 0,
        ..PathOptions::default()
    };
    assert_eq!(k_shortest(&g, a, c, 1, &zero), Err(PathError::ZeroHops));
    let avoid_end = PathOptions {
        avoid: vec![c],
        ..PathOptions::default()
    };
    assert!(matches!(
        k_shortest(&g, a, c, 1, &avoid_end),
        Err(PathError::AvoidEndpoint(_))
    ));
    let avoid_mid = PathOptions {
        avoid: vec![b],
        ..PathOptions::default()
    };
    assert!(matches!(
        k_shortest(&g, a, c, 1, &avoid_mid),
        Err(PathError::NoPath { filtered: true, .. })
    ));
    let none = all_paths(&g, a, c, 0, &o, |_| Ok::<(), PathError>(()));
    assert_eq!(none, Err(PathError::ZeroLimit));
}

#[test]
fn directed_walks_only_forwards() {
    let g = build(&Spec {
        categories: vec![0, 0],
        edges: vec![(1, 0, 0, None)],
    });
    let (a, b) = (NodeIx::new(0), NodeIx::new(1));
    let back = shortest(&g, a, b, &PathOptions::default()).unwrap();
    assert!(!back.steps[0].forward);
    let directed = PathOptions {
        directed: true,
        ..PathOptions::default()
    };
    assert!(shortest(&g, a, b, &directed).is_err());
}
