//! Counting the last hop of a pattern without enumerating it must give the
//! same numbers as enumerating: checked on seeded random multigraphs with
//! self-loops, parallel edges and two relationship types, for every pattern
//! shape the shortcut accepts and for the `WITH` form that bypasses it.

use icigraph_engine::Graph;
use icigraph_engine::query::{self, Options, Value};
use icigraph_engine::schema::Schema;

use crate::common::Lcg;

fn random_graph(seed: u64, nodes: u64, edges: usize) -> Graph {
    let mut rng = Lcg(seed);
    let mut script = format!("UNWIND range(0, {}) AS i CREATE (:N {{i: i}})", nodes - 1);
    for _ in 0..edges {
        let (a, b) = (rng.next(nodes), rng.next(nodes));
        let t = if rng.next(3) == 0 { "F" } else { "E" };
        script.push_str(&format!(
            "; MATCH (a:N {{i: {a}}}), (b:N {{i: {b}}}) CREATE (a)-[:{t}]->(b)"
        ));
    }
    let mut graph = Graph::new(Schema::open());
    query::run(&mut graph, &script, &Options::default()).unwrap();
    graph
}

fn count(graph: &mut Graph, text: &str) -> i64 {
    let table = query::run(graph, text, &Options::default()).unwrap();
    match table.rows.as_slice() {
        [row] => match &row[0] {
            Value::Int(n) => *n,
            other => panic!("{text}: not a count: {other:?}"),
        },
        rows => panic!("{text}: expected one row, got {}", rows.len()),
    }
}

#[test]
fn counted_last_hops_equal_enumerated_matches() {
    let patterns = [
        "(a:N {i: 0})-->(c)",
        "(a:N {i: 1})-->()-->(c)",
        "(a:N {i: 2})<--()-->(c)",
        "(a:N {i: 3})--()--(c)",
        "(a:N {i: 4})-[:E]->()-[:F]->(c)",
        "(a:N {i: 5})-[:E|F]-()<-[:E]-(c)",
        "(a:N)-->(b)-->(c)",
        "(a)--(b)--(c)--(d)",
    ];
    for seed in 1..=12 {
        let mut graph = random_graph(seed, 9, 30);
        for pattern in patterns {
            let enumerated = count(
                &mut graph,
                &format!("MATCH {pattern} WITH a, c RETURN count(c)"),
            );
            let fast = count(&mut graph, &format!("MATCH {pattern} RETURN count(c)"));
            let star = count(&mut graph, &format!("MATCH {pattern} RETURN count(*)"));
            assert_eq!(fast, enumerated, "seed {seed}: {pattern}");
            assert_eq!(star, enumerated, "seed {seed}: {pattern} count(*)");
        }
    }
}

#[test]
fn a_count_after_earlier_rows_adds_up_per_row() {
    let mut graph = random_graph(99, 8, 25);
    let per_row = count(
        &mut graph,
        "UNWIND [0, 1, 1, 2] AS k MATCH (a:N {i: k})-->()-->(c) WITH a, c RETURN count(c)",
    );
    let fast = count(
        &mut graph,
        "UNWIND [0, 1, 1, 2] AS k MATCH (a:N {i: k})-->()-->(c) RETURN count(c)",
    );
    assert_eq!(fast, per_row);
}
