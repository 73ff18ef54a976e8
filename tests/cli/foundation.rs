//! Foundation behaviour driven through the binary: loading, validation
//! reports, name resolution, look-ups and exports.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use crate::common::icigraph;

fn mini() -> Command {
    let mut cmd = icigraph();
    cmd.args(["--data", "tests/fixtures/mini"]);
    cmd
}

fn json(cmd: &mut Command) -> Value {
    let out = cmd.arg("--format").arg("json").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn broken_files_are_all_reported_with_file_and_line() {
    let out = icigraph()
        .args(["check", "--data", "tests/fixtures/broken"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let dir = "tests/fixtures/broken";
    let expected = [
        "nodes/01_unknown_category.csv:2: column \"category\": unknown category \"Gen\"; did you mean \"Gene\"?",
        "nodes/02_duplicate_id.csv:3: column \"id\": duplicate node id \"ici:jak2\" (first defined at tests/fixtures/broken/nodes/02_duplicate_id.csv:2)",
        "nodes/03_missing_column.csv:1: missing required column \"name\"",
        "nodes/04_empty_cell.csv:2: column \"name\": empty value in a required column",
        "nodes/05_invalid_utf8.csv:2: column \"name\": invalid UTF-8",
        "nodes/06_empty.csv: file is empty",
        "nodes/07_not_a_curie.csv:2: column \"id\": id \"tap2\" is not a CURIE",
        "edges/01_unknown_predicate.csv:2: column \"predicate\": unknown predicate \"overcome\"; did you mean \"overcomes\"?",
        "edges/02_missing_endpoint.csv:2: column \"object\": \"ici:b2m_los\" names no node; did you mean one of \"ici:b2m_loss\"",
        "edges/03_unbalanced_quote.csv:3: a quoted cell runs on to line",
        "edges/04_wrong_field_count.csv:2: wrong number of fields: expected 9 as in the header, found 4",
        "edges/05_bad_refs.csv:2: column \"refs\": reference \"12a\" is not a positive whole number",
        "edges/06_unknown_evidence.csv:2: column \"evidence\": unknown evidence level \"phase4\"",
        "edges/07_empty_refs.csv:2: column \"refs\": empty value in a required column",
    ];
    for line in expected {
        assert!(
            stderr.contains(&format!("{dir}/{line}")),
            "missing {line:?} in:\n{stderr}"
        );
    }
    assert!(stderr.contains("14 problems in total"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn every_command_refuses_invalid_data_with_the_same_report() {
    icigraph()
        .args(["node", "B2M", "--data", "tests/fixtures/broken"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("14 problems in total"));
}

#[test]
fn the_shipped_data_passes_check() {
    icigraph()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: "));
    icigraph()
        .args(["check", "--data", "graph-data"])
        .assert()
        .success();
}

#[test]
fn a_folder_that_is_not_a_graph_is_named() {
    icigraph()
        .args(["check", "--data", "tests"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("tests holds no graph"));
    icigraph()
        .args(["check", "--data", "no/such/dir"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read no/such/dir"));
}

#[test]
fn forgiving_names_find_the_same_node() {
    for name in [
        "β2M",
        "B2M",
        "beta2-microglobulin",
        "Beta-2 microglobulin",
        "ici:b2m",
    ] {
        let node = json(mini().args(["node", name]));
        assert_eq!(node["id"], "ici:b2m", "{name}");
    }
    let node = json(mini().args(["node", "beta-2-microglobulin mutation"]));
    assert_eq!(node["id"], "ici:b2m_loss");
}

#[test]
fn node_lists_edges_with_readings_both_ways() {
    let node = json(mini().args(["node", "B2M loss"]));
    assert_eq!(node["category"], "Mechanism");
    assert_eq!(node["properties"]["axis"], "intrinsic");
    let edges = node["edges"].as_array().unwrap();
    let overcome = edges
        .iter()
        .find(|e| e["neighbor"]["id"] == "ici:ciap_antagonist")
        .unwrap();
    assert_eq!(overcome["direction"], "in");
    assert_eq!(overcome["reading"], "overcome by");
    assert_eq!(overcome["refs"], serde_json::json!([105]));
    assert_eq!(overcome["evidence"], "preclinical");

    mini()
        .args(["node", "B2M loss"])
        .assert()
        .success()
        .stdout(predicate::str::contains("—overcome by→"))
        .stdout(predicate::str::contains("[105]"));
}

#[test]
fn unknown_names_suggest_and_fail() {
    mini()
        .args(["node", "b2n"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no node is named \"b2n\"; did you mean β2M",
        ));
}

#[test]
fn neighbors_walk_depth_with_filters() {
    let hood = json(mini().args(["neighbors", "β2M", "--depth", "3"]));
    let names: Vec<&str> = hood["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["node"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "β2M loss",
            "cIAP1/2 antagonist",
            "defective antigen presentation",
            "acquired resistance"
        ]
    );
    let only = json(mini().args(["neighbors", "β2M", "--depth", "3", "--category", "strategy"]));
    assert_eq!(only["neighbors"].as_array().unwrap().len(), 1);
    assert_eq!(only["neighbors"][0]["reading"], "overcome by");

    let walked = json(mini().args([
        "neighbors",
        "β2M",
        "--depth",
        "3",
        "--predicate",
        "involves",
    ]));
    assert_eq!(walked["neighbors"].as_array().unwrap().len(), 1);

    mini()
        .args(["neighbors", "β2M", "--category", "Strategie"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean \"Strategy\""));
}

#[test]
fn export_json_has_every_node_and_edge() {
    let graph = json(mini().args(["export", "json"]));
    assert_eq!(graph["nodes"].as_array().unwrap().len(), 5);
    let edges = graph["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 4);
    let edge = edges
        .iter()
        .find(|e| e["predicate"] == "overcomes")
        .unwrap();
    assert_eq!(edge["subject"], "ici:ciap_antagonist");
    assert_eq!(edge["refs"], serde_json::json!([105]));
    assert_eq!(edge["note"], "test edge, with a comma");
    let node = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "ici:ciap_antagonist")
        .unwrap();
    assert_eq!(
        node["synonyms"],
        serde_json::json!(["cIAP antagonist", "SMAC mimetic"])
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    mini()
        .args(["export", "json", "-o"])
        .arg(&path)
        .assert()
        .success();
    let written: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(written, graph);
}

#[test]
fn stats_count_categories_components_and_hubs() {
    let stats = json(mini().arg("stats"));
    assert_eq!(stats["nodes"], 5);
    assert_eq!(stats["edges"], 4);
    assert_eq!(stats["components"], 1);
    assert_eq!(stats["hubs"][0]["id"], "ici:b2m_loss");
    assert_eq!(stats["categories"][0]["name"], "Mechanism");
    assert_eq!(stats["categories"][0]["count"], 3);
}

#[test]
fn kgx_and_open_folders_load_with_any_vocabulary() {
    let node = json(icigraph().args(["node", "gene one", "--data", "tests/fixtures/kgx"]));
    assert_eq!(node["id"], "HGNC:0001");
    assert_eq!(node["category"], "Gene");
    assert_eq!(
        node["edges"][0]["predicate"],
        "gene_associated_with_condition"
    );

    let node = json(icigraph().args([
        "node",
        "GENE1",
        "--kgx-nodes",
        "tests/fixtures/kgx/nodes.tsv",
        "--kgx-edges",
        "tests/fixtures/kgx/edges.tsv",
    ]));
    assert_eq!(node["properties"]["provided_by"], "src");

    let stats = json(icigraph().args(["stats", "--data", "tests/fixtures/open"]));
    assert_eq!(stats["nodes"], 3);
    assert_eq!(stats["edges"], 2);
}

#[test]
fn data_folder_can_come_from_the_environment() {
    icigraph()
        .env("ICIGRAPH_DATA", "tests/fixtures/mini")
        .args(["node", "smac mimetics"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ici:ciap_antagonist"));
}
