//! `icigraph query` driven through the binary: formats, parameters, files,
//! scripts, errors with positions and suggestions, and the enumeration cap.

use predicates::prelude::*;

use crate::common::{Test, icigraph};

#[test]
fn table_output_counts_rows() {
    Test::new()
        .args([
            "query",
            "MATCH (k:ImmuneCheckpoint {name: 'PD-1'}) RETURN k.name AS name",
        ])
        .stdout_has("PD-1")
        .stdout_has("1 row")
        .run();
}

#[test]
fn json_keeps_nodes_relationships_and_paths_typed() {
    let out = icigraph()
        .args([
            "query",
            "--format",
            "json",
            "MATCH p = (d:Drug {name: 'relatlimab'})-[r:targets]->(k) RETURN d, r, p, 1.5 AS x",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = &json[0];
    assert_eq!(row["d"]["id"], "ici:relatlimab");
    assert_eq!(row["d"]["labels"][0], "Drug");
    assert_eq!(row["d"]["properties"]["name"], "relatlimab");
    assert_eq!(row["r"]["type"], "targets");
    assert_eq!(row["r"]["start"], "ici:relatlimab");
    assert_eq!(row["r"]["end"], "ici:lag3");
    assert_eq!(row["r"]["properties"]["refs"][0], 23);
    assert_eq!(row["p"]["nodes"].as_array().unwrap().len(), 2);
    assert_eq!(row["p"]["relationships"][0]["type"], "targets");
    assert_eq!(row["x"], 1.5);
}

#[test]
fn csv_has_a_header_and_parameters_are_typed() {
    icigraph()
        .args([
            "query",
            "--format",
            "csv",
            "RETURN $name AS name, $n + 1 AS next, $list[1] AS second",
            "--param",
            "name=β2M",
            "--param",
            "n=41",
            "--param",
            r#"list=["a","b"]"#,
        ])
        .assert()
        .success()
        .stdout("name,next,second\nβ2M,42,b\n");
}

#[test]
fn a_script_runs_in_order_on_an_empty_graph_and_prints_the_last_result() {
    icigraph()
        .args([
            "query",
            "--empty",
            "--format",
            "csv",
            "CREATE (:A {n: 1})-[:R]->(:B {n: 2}); CREATE (:A {n: 3}); MATCH (a:A) RETURN a.n AS n ORDER BY n",
        ])
        .assert()
        .success()
        .stdout("n\n1\n3\n");
}

#[test]
fn a_query_file_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("q.cypher");
    std::fs::write(
        &file,
        "// count drugs\nMATCH (d:Drug) RETURN count(d) > 10 AS many\n",
    )
    .unwrap();
    icigraph()
        .args(["query", "--format", "csv", "-f"])
        .arg(&file)
        .assert()
        .success()
        .stdout("many\ntrue\n");
}

#[test]
fn a_misspelt_label_points_at_it_and_suggests_the_closest() {
    Test::new()
        .args(["query", "MATCH (d:Durg) RETURN d"])
        .stderr_has("no label `Durg`")
        .stderr_has("query:1:10")
        .stderr_has("did you mean `Drug`")
        .exit(1)
        .run();
}

#[test]
fn misspelt_types_properties_and_functions_get_suggestions() {
    for (query, suggestion) in [
        ("MATCH ()-[:targts]->() RETURN 1", "did you mean `targets`"),
        ("MATCH (d:Drug) RETURN d.nmae", "did you mean `name`"),
        ("RETURN toUpperr('a')", "did you mean `toUpper`"),
    ] {
        Test::new()
            .args(["query", query])
            .stderr_has(suggestion)
            .exit(1)
            .run();
    }
}

#[test]
fn a_syntax_error_shows_line_and_column() {
    icigraph()
        .args(["query", "MATCH (n)\nRETURN n LIMT 3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("syntax error").and(predicate::str::contains("query:2:")));
}

#[test]
fn unbounded_enumeration_is_stopped_with_a_message() {
    icigraph()
        .args([
            "query",
            "--empty",
            "--max-expansions",
            "100000",
            "UNWIND range(1, 8) AS i CREATE (:N {i: i}); MATCH (a:N), (b:N) WHERE a.i < b.i CREATE (a)-[:E]->(b); MATCH p = (:N)-[*]-(:N) RETURN count(p)",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("stopped").and(predicate::str::contains("*1..3")));
}

#[test]
fn create_never_touches_the_files() {
    icigraph()
        .args(["query", "CREATE (:Drug {name: 'scratch'}) RETURN 1 AS done"])
        .assert()
        .success();
    icigraph()
        .args([
            "query",
            "--format",
            "csv",
            "MATCH (d:Drug {name: 'scratch'}) RETURN count(d) AS n",
        ])
        .assert()
        .success()
        .stdout("n\n0\n");
}

#[test]
fn a_missing_parameter_is_reported() {
    icigraph()
        .args(["query", "RETURN $who"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("$who"));
}
