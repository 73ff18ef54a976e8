//! Shortest-path selectors checked against brute force on small seeded
//! random graphs: ANY SHORTEST has the shortest length, ALL SHORTEST finds
//! every shortest path, SHORTEST k returns the k shortest simple paths.

use icigraph_engine::Graph;
use icigraph_engine::query::{self, Options, Value};
use icigraph_engine::schema::Schema;

use crate::common::Lcg;

fn random_graph(seed: u64, nodes: u64, edges: usize) -> (Graph, Vec<(u64, u64)>) {
    let mut rng = Lcg(seed);
    let mut list = Vec::new();
    while list.len() < edges {
        let (a, b) = (rng.next(nodes), rng.next(nodes));
        if a != b && !list.contains(&(a, b)) {
            list.push((a, b));
        }
    }
    let mut script = format!("UNWIND range(0, {}) AS i CREATE (:N {{i: i}})", nodes - 1);
    for (a, b) in &list {
        script.push_str(&format!(
            "; MATCH (a:N {{i: {a}}}), (b:N {{i: {b}}}) CREATE (a)-[:E]->(b)"
        ));
    }
    let mut graph = Graph::new(Schema::open());
    query::run(&mut graph, &script, &Options::default()).unwrap();
    (graph, list)
}

/// Every simple path from `a` to `b` along directed edges, as node lists.
fn simple_paths(edges: &[(u64, u64)], a: u64, b: u64) -> Vec<Vec<u64>> {
    fn walk(edges: &[(u64, u64)], path: &mut Vec<u64>, b: u64, out: &mut Vec<Vec<u64>>) {
        let at = *path.last().unwrap();
        if at == b {
            out.push(path.clone());
            return;
        }
        for &(s, o) in edges {
            if s == at && !path.contains(&o) {
                path.push(o);
                walk(edges, path, b, out);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    walk(edges, &mut vec![a], b, &mut out);
    out
}

fn paths(graph: &mut Graph, selector: &str, a: u64, b: u64) -> Vec<Vec<i64>> {
    let text = format!(
        "MATCH p = {selector} (x:N {{i: {a}}})-[:E*]->(y:N {{i: {b}}}) RETURN [n IN nodes(p) | n.i] AS route"
    );
    let table = query::run(graph, &text, &Options::default()).unwrap();
    table
        .rows
        .iter()
        .map(|r| match &r[0] {
            Value::List(items) => items
                .iter()
                .map(|v| match v {
                    Value::Int(i) => *i,
                    other => panic!("not an int: {other}"),
                })
                .collect(),
            other => panic!("not a list: {other}"),
        })
        .collect()
}

#[test]
fn selectors_agree_with_brute_force() {
    for seed in 0..12 {
        let (mut graph, edges) = random_graph(seed, 9, 22);
        for (a, b) in [(0, 8), (1, 5), (3, 7), (2, 4)] {
            let all = simple_paths(&edges, a, b);
            let mut lengths: Vec<usize> = all.iter().map(|p| p.len() - 1).collect();
            lengths.sort_unstable();
            let any = paths(&mut graph, "ANY SHORTEST", a, b);
            let every = paths(&mut graph, "ALL SHORTEST", a, b);
            let k3 = paths(&mut graph, "SHORTEST 3", a, b);
            if all.is_empty() {
                assert!(any.is_empty() && every.is_empty() && k3.is_empty());
                continue;
            }
            let shortest = lengths[0];
            assert_eq!(any.len(), 1, "seed {seed} {a}->{b}");
            assert_eq!(any[0].len() - 1, shortest, "seed {seed} {a}->{b}");
            let expected_all = all.iter().filter(|p| p.len() - 1 == shortest).count();
            assert_eq!(every.len(), expected_all, "seed {seed} {a}->{b}");
            let got: Vec<usize> = k3.iter().map(|p| p.len() - 1).collect();
            let want: Vec<usize> = lengths.iter().copied().take(3).collect();
            assert_eq!(got, want, "seed {seed} {a}->{b}: k shortest lengths");
            for p in &k3 {
                let mut unique = p.clone();
                unique.sort_unstable();
                unique.dedup();
                assert_eq!(unique.len(), p.len(), "paths are simple");
                let as_u64: Vec<u64> = p.iter().map(|&i| i as u64).collect();
                assert!(all.contains(&as_u64), "a real path");
            }
            let mut distinct = k3.clone();
            distinct.dedup();
            assert_eq!(distinct.len(), k3.len(), "no path twice");
        }
    }
}

#[test]
fn shortest_path_function_and_length_bound() {
    let (mut graph, edges) = random_graph(99, 8, 18);
    let all = simple_paths(&edges, 0, 7);
    let shortest = all.iter().map(|p| p.len() - 1).min();
    let text = "MATCH p = shortestPath((x:N {i: 0})-[:E*]->(y:N {i: 7})) RETURN length(p) AS n";
    let table = query::run(&mut graph, text, &Options::default()).unwrap();
    let got = table.rows.first().map(|r| match r[0] {
        Value::Int(i) => i as usize,
        _ => panic!(),
    });
    assert_eq!(got, shortest);
    if let Some(s) = shortest.filter(|&s| s > 1) {
        let bounded = format!(
            "MATCH p = shortestPath((x:N {{i: 0}})-[:E*..{}]->(y:N {{i: 7}})) RETURN p",
            s - 1
        );
        let table = query::run(&mut graph, &bounded, &Options::default()).unwrap();
        assert!(table.rows.is_empty(), "no path within a shorter bound");
    }
}
