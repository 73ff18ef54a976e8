//! `path --pairs`: many path queries in one process, one result per pair,
//! agreeing with the one-pair command.

use std::fs;

use predicates::str::contains;
use serde_json::Value;

use crate::common::icigraph;

#[test]
fn each_pair_gets_the_answer_of_a_single_query() {
    let tmp = tempfile::tempdir().unwrap();
    icigraph()
        .args([
            "generate", "--nodes", "400", "--edges", "3000", "--seed", "4", "--pairs", "12",
            "--out",
        ])
        .arg(tmp.path())
        .assert()
        .success()
        .stdout(contains("wrote 12 reachable pairs"));
    let pairs = tmp.path().join("pairs.csv");
    let out = icigraph()
        .arg("--data")
        .arg(tmp.path())
        .args([
            "path",
            "--directed",
            "--k",
            "1",
            "--format",
            "json",
            "--pairs",
        ])
        .arg(&pairs)
        .output()
        .unwrap();
    assert!(out.status.success());
    let batch: Value = serde_json::from_slice(&out.stdout).unwrap();
    let batch = batch.as_array().unwrap();
    let text = fs::read_to_string(&pairs).unwrap();
    let rows: Vec<(&str, &str)> = text
        .lines()
        .skip(1)
        .map(|l| l.split_once(',').unwrap())
        .collect();
    assert_eq!(batch.len(), rows.len());
    for (answer, (from, to)) in batch.iter().zip(&rows) {
        assert_eq!(answer["from"]["id"], *from);
        assert_eq!(answer["to"]["id"], *to);
        let single = icigraph()
            .arg("--data")
            .arg(tmp.path())
            .args([
                "path",
                from,
                to,
                "--directed",
                "--k",
                "1",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        let single: Value = serde_json::from_slice(&single.stdout).unwrap();
        assert_eq!(answer["paths"], single["paths"], "{from} -> {to}");
        assert!(
            !answer["paths"].as_array().unwrap().is_empty(),
            "pairs are reachable"
        );
    }
}

#[test]
fn pairs_report_unreachable_and_bad_rows_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("nodes.csv"),
        "id,name,category\na:1,one,X\na:2,two,X\na:3,three,X\n",
    )
    .unwrap();
    fs::write(
        tmp.path().join("edges.csv"),
        "subject,predicate,object\na:1,p,a:2\n",
    )
    .unwrap();
    fs::write(
        tmp.path().join("ok.csv"),
        "source,target\na:1,a:2\na:2,a:1\na:3,a:1\n",
    )
    .unwrap();
    icigraph()
        .arg("--data")
        .arg(tmp.path())
        .args(["path", "--directed", "--pairs"])
        .arg(tmp.path().join("ok.csv"))
        .assert()
        .success()
        .stdout(contains(
            "one [X] → two [X]:\n1. one [X] —p→ two [X]  (1 hop)",
        ))
        .stdout(contains(
            "two [X] → one [X]: no path from \"two\" to \"one\"",
        ))
        .stdout(contains("three [X] → one [X]: no path"));
    fs::write(
        tmp.path().join("bad.csv"),
        "source,target\na:1,a:2\na:1,a:9\n",
    )
    .unwrap();
    icigraph()
        .arg("--data")
        .arg(tmp.path())
        .args(["path", "--pairs"])
        .arg(tmp.path().join("bad.csv"))
        .assert()
        .code(1)
        .stderr(contains("bad.csv:3: no node is named \"a:9\""));
    fs::write(tmp.path().join("cols.csv"), "from,to\na:1,a:2\n").unwrap();
    icigraph()
        .arg("--data")
        .arg(tmp.path())
        .args(["path", "--pairs"])
        .arg(tmp.path().join("cols.csv"))
        .assert()
        .code(1)
        .stderr(contains("missing column \"source\""));
}
