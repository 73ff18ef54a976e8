//! Every plan rewrite against plain enumeration, on random multigraphs
//! (self-loops, parallel edges, two relationship types, two labels): the
//! counted last hop with grouping keys (degrees per node), counts per
//! relationship type, and top-k selection for ORDER BY … LIMIT. The plain form is the same query with a
//! `WITH` in between (which no rewrite crosses), or the rows sorted here.

use icigraph_engine::Graph;
use icigraph_engine::query::{self, Options, Value};
use icigraph_engine::schema::Schema;
use proptest::prelude::*;

fn build(nodes: usize, labels: &[bool], edges: &[(usize, usize, bool)]) -> Graph {
    let mut script = String::new();
    for i in 0..nodes {
        let label = if labels[i % labels.len()] { "N" } else { "M" };
        script.push_str(&format!("CREATE (:{label} {{i: {i}}});"));
    }
    for &(a, b, f) in edges {
        let t = if f { "F" } else { "E" };
        script.push_str(&format!(
            "MATCH (a {{i: {}}}), (b {{i: {}}}) CREATE (a)-[:{t}]->(b);",
            a % nodes,
            b % nodes
        ));
    }
    script.push_str("RETURN 1");
    let mut graph = Graph::new(Schema::open());
    query::run(&mut graph, &script, &Options::default()).unwrap();
    graph
}

fn rows(graph: &mut Graph, text: &str, params: &[(&str, i64)]) -> Vec<String> {
    let mut options = Options::default();
    for (k, v) in params {
        options.params.insert((*k).to_owned(), Value::Int(*v));
    }
    let table = query::run(graph, text, &options).unwrap_or_else(|e| panic!("{text}: {e}"));
    table.rows.iter().map(|r| format!("{r:?}")).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn graphs() -> impl Strategy<Value = Graph> {
    (
        1usize..8,
        prop::collection::vec(any::<bool>(), 1..4),
        prop::collection::vec((0usize..8, 0usize..8, any::<bool>()), 0..24),
    )
        .prop_map(|(n, labels, edges)| build(n, &labels, &edges))
}

const GROUPED: &[(&str, &str)] = &[
    ("(a)-->(c)", "a.i"),
    ("(a)<--(c)", "a.i"),
    ("(a)--(c)", "a.i"),
    ("(a:N)-[:E|F]->(c)", "a.i"),
    ("(a)-[:F]-(c)", "a.i % 2"),
    ("(a)-->(b)-->(c)", "b.i"),
    ("(a)-->(b)<-[:E]-(c)", "a.i + 10 * b.i"),
    ("(a:M)--(b)--(c)", "a"),
];

const BY_TYPE: &[&str] = &[
    "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n",
    "MATCH ()<-[r]-() RETURN type(r) AS t, count(r) AS n",
    "MATCH ()-[r]-() RETURN type(r) AS t, count(*) AS n",
    "MATCH (a)-[r:E]->(b) RETURN type(r) AS t, count(a) AS n, count(b) AS m",
    "MATCH ()-[r:E|F]-() RETURN count(*) AS n, type(r) AS t",
    "UNWIND [1, 2] AS x MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n",
    "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n ORDER BY n DESC, t LIMIT 1",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn counts_per_type_equal_enumerated_groups_in_the_same_order(mut graph in graphs()) {
        for fast in BY_TYPE {
            // `WITH *` stops the rewrite: every match becomes a row.
            let plain = fast.replacen(" RETURN", " WITH * RETURN", 1);
            prop_assert_eq!(rows(&mut graph, fast, &[]), rows(&mut graph, &plain, &[]), "{}", fast);
        }
    }

    #[test]
    fn counted_hops_per_key_equal_enumerated_groups(mut graph in graphs()) {
        for (pattern, key) in GROUPED {
            let fast = format!("MATCH {pattern} RETURN {key} AS k, count(c) AS n, count(*) AS s");
            let plain = format!(
                "MATCH {pattern} WITH a, c, {key} AS k RETURN k, count(c) AS n, count(*) AS s"
            );
            prop_assert_eq!(
                sorted(rows(&mut graph, &fast, &[])),
                sorted(rows(&mut graph, &plain, &[])),
                "{}", fast
            );
        }
    }

    #[test]
    fn top_k_equals_sorting_everything(
        mut graph in graphs(),
        k in 0i64..6,
        skip in 0i64..3,
        desc in any::<bool>(),
    ) {
        let dir = if desc { "DESC" } else { "ASC" };
        // Ties are many (x has few values): the first rows in order must be
        // exactly those a stable sort of all rows puts first.
        let all = "MATCH (a)-->(b) RETURN a.i % 3 AS x, b.i AS y";
        let table = query::run(&mut graph, all, &Options::default()).unwrap();
        let mut expected: Vec<(i64, Vec<Value>)> = table
            .rows
            .iter()
            .map(|r| match r[0] { Value::Int(x) => (x, r.clone()), _ => unreachable!() })
            .collect();
        expected.sort_by(|a, b| if desc { b.0.cmp(&a.0) } else { a.0.cmp(&b.0) });
        let expected: Vec<String> = expected
            .iter()
            .skip(skip as usize)
            .take(k as usize)
            .map(|(_, r)| format!("{r:?}"))
            .collect();
        let limited = format!("{all} ORDER BY x {dir} SKIP {skip} LIMIT $k");
        prop_assert_eq!(rows(&mut graph, &limited, &[("k", k)]), expected.clone());
        let grouped_fast = format!(
            "MATCH (a)-->(c) RETURN a.i AS k, count(*) AS n ORDER BY n {dir}, k LIMIT {k}"
        );
        let grouped_plain = format!(
            "MATCH (a)-->(c) WITH a, c RETURN a.i AS k, count(*) AS n ORDER BY n {dir}, k"
        );
        let mut want = rows(&mut graph, &grouped_plain, &[]);
        want.truncate(k as usize);
        prop_assert_eq!(rows(&mut graph, &grouped_fast, &[]), want);
    }
}
