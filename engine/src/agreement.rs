//! petgraph's own algorithms, run on the store through its visit traits,
//! checked against the project's walks and views (shipped and generated
//! graphs).

use petgraph::algo::{connected_components, dijkstra, has_path_connecting, tarjan_scc};
use petgraph::visit::{EdgeFiltered, NodeIndexable, Reversed};

use crate::graph::{Graph, NodeIx};
use crate::path::{PathOptions, shortest};
use crate::walk::bfs::{Balance, Bfs};

/// petgraph's own algorithms, run on the store, agree with the
/// project's: components with `stats`, unit-weight Dijkstra with the
/// breadth-first search and the path command, reachability with k-hop
/// counts, strong components with paths both ways.
fn agree(graph: &Graph) {
    let stats = crate::stats::stats(graph, 0);
    assert_eq!(connected_components(graph), stats.components);

    let mut bfs = Bfs::new(graph.node_count());
    let n = graph.node_bound();
    let sources: Vec<NodeIx> = (0..n).step_by(n / 7 + 1).map(NodeIx::new).collect();
    for &s in &sources {
        let dist = dijkstra(graph, s, None, |_| 1usize);
        let reach = dist.len() - 1;
        assert_eq!(bfs.count_within(graph, s, n), reach);
        let within_two = dist.values().filter(|&&d| (1..=2).contains(&d)).count();
        assert_eq!(bfs.count_within(graph, s, 2), within_two);
        for t in (0..n).step_by(n / 11 + 1).map(NodeIx::new) {
            let route = bfs.shortest(graph, s, t, usize::MAX, Balance::Edges);
            assert_eq!(route.as_ref().map(|r| r.edges.len()), dist.get(&t).copied());
            assert_eq!(route.is_some(), has_path_connecting(graph, s, t, None));
            // Reversed view: the path back along incoming edges.
            let back = bfs.shortest(Reversed(graph), t, s, usize::MAX, Balance::Edges);
            assert_eq!(back.map(|r| r.edges.len()), dist.get(&t).copied());
            if s != t {
                let options = PathOptions {
                    directed: true,
                    max_hops: n,
                    ..PathOptions::default()
                };
                let hops = shortest(graph, s, t, &options).ok().map(|p| p.hops());
                assert_eq!(hops, dist.get(&t).copied(), "{s:?} -> {t:?}");
            }
        }
    }

    let sccs = tarjan_scc(graph);
    assert_eq!(sccs.iter().map(Vec::len).sum::<usize>(), n);
    for scc in sccs.iter().filter(|c| c.len() > 1).take(5) {
        let (a, b) = (scc[0], scc[scc.len() - 1]);
        assert!(
            bfs.shortest(graph, a, b, usize::MAX, Balance::Edges)
                .is_some()
        );
        assert!(
            bfs.shortest(graph, b, a, usize::MAX, Balance::Edges)
                .is_some()
        );
    }

    // An edge filter is a petgraph adaptor too: without any edge nothing
    // is reachable.
    let none = EdgeFiltered::from_fn(graph, |_| false);
    assert_eq!(bfs.count_within(&none, NodeIx::new(0), n), 0);
}

#[test]
fn petgraph_algorithms_agree_on_the_shipped_graph() {
    let graph = crate::load(&crate::Source::Embedded).unwrap();
    agree(&graph);
}

#[test]
fn petgraph_algorithms_agree_on_a_generated_graph() {
    agree(&crate::generate::test_graph(2000, 8000, 3));
}
