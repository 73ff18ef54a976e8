//! `path`, `strategies` and `neighbors` driven through the binary, on the
//! shipped data and on a small fixture with its own strategy rules.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::icigraph;

fn json(args: &[&str]) -> Value {
    let out = icigraph()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn fails_with(args: &[&str], message: &str) {
    icigraph()
        .args(args)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(message))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn b2m_loss_reaches_ciap_antagonism_by_ref_105_whatever_the_spelling() {
    for from in ["β2M loss", "B2M loss", "beta-2-microglobulin mutation"] {
        let v = json(&["path", from, "cIAP1/2 antagonist"]);
        assert_eq!(v["from"]["id"], "ici:b2m_loss");
        assert_eq!(v["to"]["id"], "ici:ciap_antagonism");
        let first = &v["paths"][0];
        assert_eq!(first["hops"], 1);
        let edge = &first["edges"][0];
        assert_eq!(edge["subject"], "ici:ciap_antagonism");
        assert_eq!(edge["predicate"], "overcomes");
        assert_eq!(edge["reading"], "overcome by");
        assert_eq!(edge["forward"], false);
        assert_eq!(edge["refs"], serde_json::json!([105]));
        assert_eq!(edge["evidence"], "preclinical");
    }
}

#[test]
fn k_paths_are_ordered_by_hops_and_distinct() {
    let v = json(&["path", "JAK1 loss", "anti-CTLA-4", "--k", "6"]);
    let paths = v["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 6);
    let hops: Vec<u64> = paths.iter().map(|p| p["hops"].as_u64().unwrap()).collect();
    assert!(hops.windows(2).all(|w| w[0] <= w[1]), "{hops:?}");
    let seqs: Vec<Vec<String>> = paths
        .iter()
        .map(|p| {
            p["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["id"].as_str().unwrap().to_owned())
                .collect()
        })
        .collect();
    for (i, a) in seqs.iter().enumerate() {
        assert!(!seqs[i + 1..].contains(a), "duplicate path {a:?}");
        let mut sorted = a.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), a.len(), "loop in {a:?}");
    }
}

#[test]
fn filters_are_respected() {
    let avoided = json(&[
        "path",
        "JAK1 loss",
        "anti-CTLA-4",
        "--k",
        "5",
        "--avoid",
        "melanoma",
        "--exclude-category",
        "Drug",
    ]);
    for p in avoided["paths"].as_array().unwrap() {
        let nodes = p["nodes"].as_array().unwrap();
        for n in &nodes[1..nodes.len() - 1] {
            assert_ne!(n["id"], "ici:melanoma");
            assert_ne!(n["category"], "Drug");
        }
    }
    let via = json(&["path", "JAK1 loss", "anti-CTLA-4", "--via-category", "Drug"]);
    for p in via["paths"].as_array().unwrap() {
        let nodes = p["nodes"].as_array().unwrap();
        assert!(
            nodes[1..nodes.len() - 1]
                .iter()
                .any(|n| n["category"] == "Drug")
        );
    }
    let only = json(&[
        "path",
        "β2M loss",
        "acquired resistance",
        "--predicate",
        "subclass_of",
        "--predicate",
        "contributes to",
        "--directed",
    ]);
    for p in only["paths"].as_array().unwrap() {
        for e in p["edges"].as_array().unwrap() {
            assert!(e["predicate"] == "subclass_of" || e["predicate"] == "contributes_to");
            assert_eq!(e["forward"], true);
        }
    }
}

#[test]
fn all_paths_stream_and_report_the_cap() {
    icigraph()
        .args(["path", "β2M", "loss of MHC-I", "--all", "--max-hops", "4"])
        .args(["--limit", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2. "))
        .stdout(predicate::str::contains("3. ").not())
        .stdout(predicate::str::contains(
            "stopped at --limit 2: more paths exist",
        ));
    let v = json(&["path", "β2M", "loss of MHC-I", "--all", "--max-hops", "3"]);
    assert!(v.get("truncated").is_none());
    assert!(v["paths"].as_array().unwrap().len() >= 2);
}

/// `path --all --format json` is written path by path as the walk finds
/// them; the streamed text is byte for byte the document the engine's
/// [`PathResult`] prints whole (with and without `truncated`), and
/// `--brief` gives a valid document without caveats.
#[test]
fn all_paths_json_is_streamed_as_the_whole_document_would_print() {
    use icigraph_engine::path::{self, PathOptions, PathResult};
    let graph = crate::common::shipped();
    let (from, to) = (
        graph.resolve("β2M").unwrap(),
        graph.resolve("loss of MHC-I").unwrap(),
    );
    for (hops, limit) in [(4, 3), (4, 100_000), (3, 100_000)] {
        let options = PathOptions {
            max_hops: hops,
            ..PathOptions::default()
        };
        let mut found = Vec::new();
        let summary = path::all_paths(&graph, from, to, limit, &options, |p| {
            found.push(p);
            Ok::<(), path::PathError>(())
        })
        .unwrap();
        let mut result = PathResult::new(&graph, from, to, &found);
        result.truncated = summary.truncated;
        let expected = serde_json::to_string_pretty(&result).unwrap() + "\n";
        let (hops, limit) = (hops.to_string(), limit.to_string());
        let args = [
            "path",
            "β2M",
            "loss of MHC-I",
            "--all",
            "--max-hops",
            &hops,
            "--limit",
            &limit,
        ];
        let out = icigraph()
            .args(args)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
        let brief = json(&[&args[..], &["--brief"]].concat());
        assert_eq!(brief["paths"].as_array().unwrap().len(), found.len());
        assert_eq!(brief["to"]["name"], "loss of MHC-I");
        assert_eq!(brief.get("truncated").is_some(), summary.truncated);
        assert!(!brief.to_string().contains("\"section\""));
    }
}

#[test]
fn bad_path_queries_get_clear_messages() {
    fails_with(&["path", "β2M", "B2M"], "is both ends of the path");
    fails_with(
        &["path", "β2M", "cIAP1/2 antagonist", "--max-hops", "0"],
        "--max-hops 0",
    );
    fails_with(&["path", "β2M", "cIAP1/2 antagonist", "--k", "0"], "--k 0");
    fails_with(
        &["path", "β2M", "cIAP1/2 antagonist", "--all", "--limit", "0"],
        "--limit 0",
    );
    fails_with(
        &["path", "JAK3 loss", "β2M"],
        "no node is named \"JAK3 loss\"",
    );
    fails_with(
        &["path", "β2M", "cIAP1/2 antagonist", "--avoid", "β2M"],
        "cannot avoid",
    );
    fails_with(
        &[
            "path",
            "β2M",
            "cIAP1/2 antagonist",
            "--exclude-category",
            "Gen",
        ],
        "did you mean \"Gene\"",
    );
    fails_with(
        &[
            "path",
            "β2M",
            "cIAP1/2 antagonist",
            "--predicate",
            "overcome",
        ],
        "unknown predicate",
    );
    fails_with(
        &["path", "β2M", "cIAP1/2 antagonist", "--max-hops", "1"],
        "no path from \"β2M\" to \"cIAP1/2 antagonism\" within 1 hop",
    );
    fails_with(
        &["strategies", "β2M loss", "--format", "dot"],
        "table or json",
    );
    fails_with(
        &[
            "--data",
            "tests/fixtures/paths",
            "path",
            "island gene",
            "hub outcome",
        ],
        "no path",
    );
}

#[test]
fn strategies_rank_by_evidence_and_justify_each_with_a_path() {
    let v = json(&["strategies", "β2M mutation"]);
    assert_eq!(v["mechanism"]["id"], "ici:b2m_loss");
    let list = v["strategies"].as_array().unwrap();
    let ranks: Vec<i64> = list
        .iter()
        .map(|s| s["rank"].as_i64().unwrap_or(-1))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{ranks:?}");
    let ciap = list
        .iter()
        .find(|s| s["strategy"]["id"] == "ici:ciap_antagonism")
        .expect("cIAP1/2 antagonism counteracts β2M loss");
    assert_eq!(ciap["refs"], serde_json::json!([105]));
    // Countermeasures of the broader mechanism come with the chain that
    // reaches it.
    let broader = list
        .iter()
        .find(|s| s["counteracts"]["id"] == "ici:antigen_presentation_defect")
        .expect("defective antigen presentation has countermeasures");
    let path = &broader["path"];
    assert_eq!(path["nodes"][0]["id"], "ici:b2m_loss");
    assert_eq!(path["edges"][0]["predicate"], "subclass_of");
    for s in list {
        let nodes = s["path"]["nodes"].as_array().unwrap();
        assert_eq!(nodes.last().unwrap()["id"], s["strategy"]["id"]);
    }
}

#[test]
fn strategy_rules_are_read_from_the_data_folder() {
    let v = json(&[
        "--data",
        "tests/fixtures/paths",
        "strategies",
        "narrow defect",
    ]);
    let ids: Vec<&str> = v["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["strategy"]["id"].as_str().unwrap())
        .collect();
    // The fixture's rules count `inhibits`, not `overcomes`; what the data
    // states for the mechanism itself (preclinical) comes before phase 3
    // inherited from the broader mechanism.
    assert_eq!(ids, ["ici:s_direct", "ici:s_broad"]);
    // An outcome nothing counteracts is not a mechanism: the answer is the
    // mechanisms next to it, each with its own countermeasures, and the
    // climb from those never passes through the outcome.
    let v = json(&[
        "--data",
        "tests/fixtures/paths",
        "strategies",
        "hub outcome",
    ]);
    assert_eq!(v["strategies"], serde_json::json!([]));
    let involved = v["involved_in"].as_array().unwrap();
    assert_eq!(involved.len(), 1);
    assert_eq!(involved[0]["report"]["mechanism"]["id"], "ici:m_narrow");
}

#[test]
fn broken_strategy_rules_are_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let copy = |rel: &str| {
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(format!("tests/fixtures/paths/{rel}"), to).unwrap();
    };
    for rel in [
        "schema/categories.csv",
        "schema/predicates.csv",
        "schema/evidence.csv",
        "nodes/nodes.csv",
        "edges/edges.csv",
    ] {
        copy(rel);
    }
    std::fs::write(
        dir.path().join("schema/strategy_rules.csv"),
        "predicate,role,direction\ninhibits,cures,forward\n",
    )
    .unwrap();
    let data = dir.path().to_str().unwrap();
    fails_with(
        &["--data", data, "strategies", "narrow defect"],
        "strategy_rules.csv:2:",
    );
}

#[test]
fn neighbors_read_edges_in_the_walked_direction() {
    let v = json(&["neighbors", "cIAP1/2 antagonist"]);
    let n = v["neighbors"].as_array().unwrap();
    let b2m = n
        .iter()
        .find(|x| x["node"]["id"] == "ici:b2m_loss")
        .unwrap();
    assert_eq!(b2m["reading"], "overcomes");
    assert_eq!(b2m["evidence"], "preclinical");
    let back = json(&["neighbors", "β2M loss"]);
    let ciap = back["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["node"]["id"] == "ici:ciap_antagonism")
        .unwrap();
    assert_eq!(ciap["reading"], "overcome by");
    // Directed: only edges leaving the node.
    let directed = json(&[
        "neighbors",
        "cIAP1/2 antagonist",
        "--directed",
        "--depth",
        "3",
    ]);
    for x in directed["neighbors"].as_array().unwrap() {
        assert!(!x["reading"].as_str().unwrap().ends_with(" by"), "{x}");
    }
    let none = json(&[
        "neighbors",
        "β2M loss",
        "--directed",
        "--predicate",
        "overcomes",
    ]);
    assert_eq!(none["neighbors"].as_array().unwrap().len(), 0);
}

#[test]
fn neighbors_depth_reaches_further_in_breadth_first_order() {
    let one = json(&["neighbors", "β2M", "--depth", "1"]);
    let two = json(&["neighbors", "β2M", "--depth", "2"]);
    let d1 = one["neighbors"].as_array().unwrap();
    let d2 = two["neighbors"].as_array().unwrap();
    assert!(d2.len() > d1.len());
    let depths: Vec<u64> = d2.iter().map(|x| x["depth"].as_u64().unwrap()).collect();
    assert!(depths.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(d2.iter().filter(|x| x["depth"] == 1).count(), d1.len());
    let mut ids: Vec<&str> = d2
        .iter()
        .map(|x| x["node"]["id"].as_str().unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), d2.len(), "each node listed once");
    assert!(
        !ids.contains(&"ici:b2m"),
        "the centre is not its own neighbour"
    );
}

#[test]
fn paths_draw_as_dot_with_the_path_emphasised() {
    let out = icigraph()
        .args(["path", "β2M loss", "cIAP1/2 antagonist", "--format", "dot"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let dot = String::from_utf8(out.stdout).unwrap();
    assert!(dot.starts_with("digraph \"path\""), "{dot}");
    assert!(dot.contains("\"ici:ciap_antagonism\" -> \"ici:b2m_loss\""));
    assert!(dot.contains("refs [105]"));
}
