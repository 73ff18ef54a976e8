//! Every plan rewrite against plain enumeration, on random multigraphs
//! (self-loops, parallel edges, two relationship types, two labels, some
//! nodes with a third): the counted last hop with grouping keys (degrees
//! per node), per label set of its end node and as a set of distinct end
//! nodes, counts per relationship type and per label set, and top-k
//! selection for ORDER BY … LIMIT. The plain form is the same query with a
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

/// As [`build`], with every third node given a second label (so label
/// sets are no longer one per category and the executor compares label
/// lists instead of reading the category array).
fn build_multi(nodes: usize, labels: &[bool], edges: &[(usize, usize, bool)]) -> Graph {
    let mut graph = build(nodes, labels, edges);
    rows(
        &mut graph,
        "MATCH (n) WHERE n.i % 3 = 0 SET n:X RETURN count(*) AS c",
        &[],
    );
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

/// What [`make`] builds a graph from: node count, labels, edges, and
/// whether some nodes get a second label.
type Shape = (usize, Vec<bool>, Vec<(usize, usize, bool)>, bool);

fn shapes() -> impl Strategy<Value = Shape> {
    (
        1usize..8,
        prop::collection::vec(any::<bool>(), 1..4),
        prop::collection::vec((0usize..8, 0usize..8, any::<bool>()), 0..24),
        any::<bool>(),
    )
}

fn make((n, labels, edges, multi): &Shape) -> Graph {
    if *multi {
        build_multi(*n, labels, edges)
    } else {
        build(*n, labels, edges)
    }
}

/// Rows of `fast` and of its plain form, each on a fresh graph (the
/// queries may delete).
fn both(shape: &Shape, fast: &str) -> (Vec<String>, Vec<String>) {
    (
        rows(&mut make(shape), fast, &[]),
        rows(&mut make(shape), &plain(fast), &[]),
    )
}

/// `count_by_label`: nodes counted per label set (groups in scan order).
const BY_LABEL: &[&str] = &[
    "MATCH (n) RETURN labels(n)[0] AS l, count(*) AS c",
    "MATCH (n) RETURN labels(n) AS l, count(n) AS c",
    "MATCH (n) RETURN n:N AS x, size(labels(n)) AS s, count(*) AS c",
    "MATCH (n) RETURN count(*) AS c",
    "MATCH (n) RETURN labels(n)[0] AS l, count(*) AS c ORDER BY c DESC, l LIMIT 1",
    "UNWIND [1, 2] AS x MATCH (n) RETURN x, labels(n) AS l, count(*) AS c",
    // Deleted in the same statement: no longer counted.
    "MATCH (d {i: 0}) DETACH DELETE d WITH count(*) AS gone MATCH (n) RETURN labels(n) AS l, count(*) AS c",
];

/// `count_last_hop` grouping by the end node's labels (in enumeration order).
const BY_END_LABELS: &[&str] = &[
    "MATCH (a)-->(c) RETURN labels(c)[0] AS l, count(*) AS n",
    "MATCH (a:N)-[:E]-(c) RETURN a.i AS k, labels(c) AS l, count(c) AS n",
    "MATCH (a)-->(b)-->(c) RETURN c:N AS x, count(*) AS n",
    "MATCH (a)<-[:F]-(b)--(c) RETURN b.i AS k, c:X AS x, count(*) AS n",
    "MATCH (n:N) WHERE n.i > 2 MATCH (n)-->(m) RETURN labels(m)[0] AS l, count(*) AS c ORDER BY l",
];

/// `count_last_hop` collecting distinct end nodes in a set.
const DISTINCT_ENDS: &[&str] = &[
    "MATCH (a)-->(c) RETURN count(DISTINCT c) AS n",
    "MATCH (a {i: 1})-->(b) WITH DISTINCT b MATCH (b)-->(c) RETURN count(DISTINCT c) AS n",
    "MATCH (a {i: 2})-->()-->(c) RETURN count(DISTINCT c) AS n",
    "MATCH (a)-[:E]->(b)-[:F]-(c) RETURN count(DISTINCT c) AS n",
    // A self-loop cannot be walked twice: its end is not reached again.
    "MATCH (a)-[r]->(b)-->(c) RETURN count(DISTINCT c) AS n",
    "MATCH (a:N)--(c) RETURN count(DISTINCT c) AS x, count(DISTINCT c) + 1 AS y",
    "OPTIONAL MATCH (a {i: 99}) WITH a MATCH (a)-->(c) RETURN count(DISTINCT c) AS n",
    // Deleted relationships are still in the store's arrays: not counted.
    "MATCH ()-[x:E]->() DELETE x WITH count(*) AS gone MATCH (a)-->(c) RETURN count(DISTINCT c) AS n",
];

/// The same query with `WITH *` before its last RETURN, which no rewrite
/// crosses: every match becomes a row.
fn plain(fast: &str) -> String {
    let at = fast.rfind(" RETURN").expect("a RETURN");
    format!("{} WITH *{}", &fast[..at], &fast[at..])
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
    fn counts_per_label_equal_enumerated_groups_in_the_same_order(shape in shapes()) {
        for fast in BY_LABEL {
            let (fast_rows, plain_rows) = both(&shape, fast);
            prop_assert_eq!(fast_rows, plain_rows, "{}", fast);
        }
    }

    #[test]
    fn hops_counted_per_end_label_equal_enumerated_groups_in_the_same_order(shape in shapes()) {
        for fast in BY_END_LABELS {
            let (fast_rows, plain_rows) = both(&shape, fast);
            prop_assert_eq!(fast_rows, plain_rows, "{}", fast);
        }
    }

    #[test]
    fn distinct_end_sets_equal_enumerated_distinct_counts(shape in shapes()) {
        for fast in DISTINCT_ENDS {
            let (fast_rows, plain_rows) = both(&shape, fast);
            prop_assert_eq!(fast_rows, plain_rows, "{}", fast);
        }
    }

    #[test]
    fn counts_per_type_with_deletes_pending_equal_enumerated_groups(shape in shapes()) {
        // Deleted relationships are still in the store's arrays: the walk
        // that skips them must answer.
        let fast = "MATCH ()-[x:E]->() DELETE x WITH count(*) AS gone MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n";
        let (fast_rows, plain_rows) = both(&shape, fast);
        prop_assert_eq!(fast_rows, plain_rows);
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

/// A graph whose nodes have ids of their own (`n<i>`), none (null ids), or
/// an id another node has already (kept as a plain property): only the
/// first kind lets `n.id` name every node.
fn build_ids(ids: &[u8], edges: &[(usize, usize, bool)]) -> Graph {
    let n = ids.len();
    let mut script = String::new();
    for (i, kind) in ids.iter().enumerate() {
        match kind {
            0 => script.push_str(&format!("CREATE (:N {{i: {i}, id: 'n{i}'}});")),
            1 => script.push_str(&format!("CREATE (:M {{i: {i}}});")),
            _ => script.push_str(&format!("CREATE (:N {{i: {i}, id: 'n0'}});")),
        }
    }
    for &(a, b, f) in edges {
        let t = if f { "F" } else { "E" };
        script.push_str(&format!(
            "MATCH (a {{i: {}}}), (b {{i: {}}}) CREATE (a)-[:{t}]->(b);",
            a % n,
            b % n
        ));
    }
    script.push_str("RETURN 1");
    let mut graph = Graph::new(Schema::open());
    query::run(&mut graph, &script, &Options::default()).unwrap();
    graph
}

/// `top_by_count`: the nodes with the largest counts, against grouping
/// every match (`WITH *` stops the rewrite). Ties are many, so the rows
/// kept must be exactly the first of a stable sort of all groups.
const TOP_BY_COUNT: &[&str] = &[
    "MATCH (a)-->() RETURN a.id AS k, count(*) AS n ORDER BY n DESC, k LIMIT $k",
    "MATCH (a)<--() RETURN a AS k, count(*) AS n ORDER BY n DESC LIMIT $k",
    "MATCH (a)--() RETURN id(a) AS k, count(*) AS n ORDER BY n DESC SKIP $s LIMIT $k",
    "MATCH (a:N)-[:E]->() RETURN a.i AS i, elementId(a) AS k, count(*) AS n ORDER BY n DESC, i LIMIT $k",
    "MATCH (a)-[:F]-() RETURN a.id AS k, count(*) AS n, count(a) AS m ORDER BY n DESC LIMIT $k",
    // Not one group per node: grouped by a value many nodes share, or
    // every node met once per input row.
    "MATCH (a)-->() RETURN a.i % 2 AS k, count(*) AS n ORDER BY n DESC LIMIT $k",
    "UNWIND [1, 2] AS x MATCH (a)-->() RETURN a.id AS k, count(*) AS n ORDER BY n DESC LIMIT $k",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn top_by_count_equals_grouping_every_match(
        ids in prop::collection::vec(0u8..3, 1..9),
        edges in prop::collection::vec((0usize..9, 0usize..9, any::<bool>()), 0..30),
        k in 0i64..5,
        s in 0i64..3,
    ) {
        for fast in TOP_BY_COUNT {
            let params = [("k", k), ("s", s)];
            let fast_rows = rows(&mut build_ids(&ids, &edges), fast, &params);
            let plain_rows = rows(&mut build_ids(&ids, &edges), &plain(fast), &params);
            prop_assert_eq!(fast_rows, plain_rows, "{}", fast);
        }
    }
}

#[test]
fn top_by_count_prunes_only_when_the_key_names_every_node() {
    // Out-degrees 1, 2, 2, 3 and 4.
    let degrees = [1, 2, 2, 3, 4];
    let edges: Vec<(usize, usize, bool)> = degrees
        .iter()
        .enumerate()
        .flat_map(|(a, &d)| (0..d).map(move |j| (a, j, false)))
        .collect();
    let query = "MATCH (a)-->() RETURN a.id AS k, count(*) AS n ORDER BY n DESC, k LIMIT 1";
    let unique = rows(&mut build_ids(&[0, 0, 0, 0, 0], &edges), query, &[]);
    assert_eq!(unique, [r#"[Str("n4"), Int(4)]"#]);
    // Nodes 1 and 2 carry node 0's id: their counts add up to the most.
    let shared = rows(&mut build_ids(&[0, 2, 2, 0, 0], &edges), query, &[]);
    assert_eq!(shared, [r#"[Str("n0"), Int(5)]"#]);
    let explain = query::execute(
        &mut build_ids(&[0, 0], &edges),
        &format!("EXPLAIN {query}"),
        &Options::default(),
    )
    .unwrap();
    let plan = explain.plan.unwrap();
    let details: Vec<String> = plan
        .flatten()
        .iter()
        .map(|(_, n)| n.details.clone())
        .collect();
    assert!(
        details
            .iter()
            .any(|d| d.contains("largest counts become groups if `id` names every node")),
        "{details:?}"
    );
}

/// String tests on a node property read in place (`n.k STARTS WITH …`)
/// against the same test on a copied value, for every kind of value a
/// property can hold: strings, the built-in id and name, numbers, lists,
/// and nothing.
#[test]
fn string_tests_on_properties_read_in_place_equal_tests_on_copies() {
    let mut graph = Graph::new(Schema::open());
    let script = "CREATE (:N {id: 'gene:1', name: 'alpha beta', k: 'alpine'}), \
                  (:N {name: 'beta', k: 7}), (:N {k: ['al']}), (:M), \
                  (:M {id: 'al:2', name: '', k: ''}); RETURN 1";
    query::run(&mut graph, script, &Options::default()).unwrap();
    for key in ["id", "name", "k", "missing"] {
        for op in ["STARTS WITH", "ENDS WITH", "CONTAINS"] {
            for pattern in ["'al'", "'a'", "''", "'beta'", "1", "null"] {
                let fast = format!(
                    "MATCH (n) RETURN n.{key} {op} {pattern} AS t, count(*) AS c ORDER BY c, t"
                );
                let plain = format!(
                    "MATCH (n) WITH n.{key} AS v RETURN v {op} {pattern} AS t, count(*) AS c ORDER BY c, t"
                );
                assert_eq!(
                    rows(&mut graph, &fast, &[]),
                    rows(&mut graph, &plain, &[]),
                    "{fast}"
                );
            }
        }
    }
}
