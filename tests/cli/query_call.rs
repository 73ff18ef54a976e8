//! CALL db.labels() / db.relationshipTypes() / db.propertyKeys() on the
//! shipped graph agree with what MATCH finds, standalone and inside queries.

use icigraph_engine::query::{self, Options, Value};

use crate::common::{Test, shipped};

fn strings(text: &str) -> Vec<String> {
    let mut graph = shipped();
    let table = query::run(&mut graph, text, &Options::default()).unwrap();
    table
        .rows
        .iter()
        .map(|r| match &r[0] {
            Value::Str(s) => s.to_string(),
            other => panic!("{text}: not a string: {other:?}"),
        })
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn the_db_procedures_list_what_the_graph_holds() {
    let labels = strings("CALL db.labels()");
    assert!(!labels.is_empty());
    assert_eq!(labels, sorted(labels.clone()), "listed in order");
    assert_eq!(
        labels,
        sorted(strings("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l"))
    );
    // Every type in use, and the schema's predicates that no edge uses yet.
    let types = strings("CALL db.relationshipTypes()");
    assert_eq!(types, sorted(types.clone()));
    for t in strings("MATCH ()-[r]->() RETURN DISTINCT type(r)") {
        assert!(
            types.contains(&t),
            "{t} missing from db.relationshipTypes()"
        );
    }
    let keys = strings("CALL db.propertyKeys()");
    for key in strings("MATCH (n) UNWIND keys(n) AS k RETURN DISTINCT k") {
        assert!(keys.contains(&key), "{key} missing from db.propertyKeys()");
    }
}

#[test]
fn yield_renames_filters_and_feeds_the_rest_of_the_query() {
    let got = strings(
        "CALL db.labels() YIELD label AS l WHERE l STARTS WITH 'Drug' \
         MATCH (n) WHERE l IN labels(n) WITH l, count(n) AS k RETURN l + ':' + toString(k) AS c",
    );
    let drugs = strings("MATCH (n:Drug) RETURN toString(count(n))");
    assert_eq!(got, [format!("Drug:{}", drugs[0])]);
}

#[test]
fn mistakes_are_errors_with_a_position_and_a_suggestion() {
    Test::new()
        .args(["query", "CALL db.labells()"])
        .stderr_has("there is no procedure `db.labells`")
        .stderr_has("did you mean `db.labels`?")
        .exit(1)
        .run();
    Test::new()
        .args(["query", "MATCH (n) CALL db.labels() RETURN n"])
        .stderr_has("must say what it yields: YIELD label")
        .exit(1)
        .run();
    Test::new()
        .args(["query", "CALL db.labels() YIELD nope RETURN nope"])
        .stderr_has("db.labels has no output `nope`")
        .exit(1)
        .run();
    Test::new()
        .args(["query", "CALL db.labels(1)"])
        .stderr_has("db.labels takes 0 arguments, not 1")
        .exit(1)
        .run();
}
