//! Open-vocabulary folders (`nodes.csv` + `edges.csv`, or KGX TSV or JSON Lines, no
//! `schema/`): any category and predicate loads, everything else is still
//! checked, and big files (read in parallel chunks) report true line numbers.

use std::fs;
use std::path::Path;

use predicates::prelude::*;
use predicates::str::contains;

use crate::common::icigraph;

fn folder(nodes: &str, edges: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("nodes.csv"), nodes).unwrap();
    fs::write(tmp.path().join("edges.csv"), edges).unwrap();
    tmp
}

fn check(dir: &Path) -> assert_cmd::assert::Assert {
    icigraph().arg("--data").arg(dir).arg("check").assert()
}

#[test]
fn any_category_and_predicate_is_accepted_and_extra_columns_are_properties() {
    let tmp = folder(
        "id,name,category,source\nx:1,Alpha,Widget,lab\nx:2,Beta,biolink:Gadget,lab\n",
        "subject,predicate,object,confidence\nx:1,frobnicates,x:2,0.9\nx:2,biolink:tweaks,x:1,\n",
    );
    check(tmp.path())
        .success()
        .stdout(contains("2 nodes, 2 edges, 2 categories, 2 predicates"));
    icigraph()
        .arg("--data")
        .arg(tmp.path())
        .args(["node", "Alpha", "--format", "json"])
        .assert()
        .success()
        .stdout(contains("\"source\": \"lab\""))
        .stdout(contains("frobnicates"));
    icigraph()
        .arg("--data")
        .arg(tmp.path())
        .args(["export", "json"])
        .assert()
        .success()
        .stdout(contains(
            r#""predicate":"frobnicates","object":"x:2","refs":[],"confidence":"0.9""#,
        ))
        .stdout(contains(
            r#""predicate":"tweaks","object":"x:1","refs":[]}"#,
        ));
}

#[test]
fn everything_else_is_still_validated() {
    let tmp = folder(
        "id,name,category\nx:1,Alpha,Widget\nx:2,Beta,Gadget\nx:1,Again,Widget\n,Nameless,Widget\n",
        "subject,predicate,object\nx:1,links,x:3\nx:1,links\nx:2,,x:1\n\"x:2,links,x:1\n",
    );
    check(tmp.path())
        .code(1)
        .stderr(contains(
            "nodes.csv:4: column \"id\": duplicate node id \"x:1\"",
        ))
        .stderr(contains("nodes.csv:5: column \"id\": empty value"))
        .stderr(contains(
            "edges.csv:2: column \"object\": \"x:3\" names no node; did you mean",
        ))
        .stderr(contains("edges.csv:3: wrong number of fields: expected 3"))
        .stderr(contains("edges.csv:4: column \"predicate\": empty value"))
        .stderr(contains("edges.csv:5: a quoted cell runs on to line"));
}

#[test]
fn missing_columns_are_named() {
    let tmp = folder("id,name\nx:1,A\n", "subject,object\nx:1,x:1\n");
    check(tmp.path())
        .code(1)
        .stderr(contains("missing required column \"category\""))
        .stderr(contains("missing required column \"predicate\""));
}

#[test]
fn kgx_folder_without_schema_loads() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("nodes.tsv"),
        "id\tname\tcategory\nA:1\tone\tbiolink:Gene\nA:2\ttwo\tbiolink:Disease\n",
    )
    .unwrap();
    fs::write(
        tmp.path().join("edges.tsv"),
        "subject\tpredicate\tobject\nA:1\tbiolink:causes\tA:2\n",
    )
    .unwrap();
    check(tmp.path())
        .success()
        .stdout(contains("2 nodes, 1 edges, 2 categories, 1 predicates"));
}

/// A folder of KGX JSON Lines is found by `--data` as a KGX TSV one is, and
/// loads the same graph as naming its two files.
#[test]
fn kgx_jsonl_folder_without_schema_loads() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("nodes.jsonl"),
        "{\"id\":\"A:1\",\"name\":\"one\",\"category\":[\"biolink:Gene\"]}\n\
         {\"id\":\"A:2\",\"name\":\"two\",\"category\":[\"biolink:Disease\"]}\n",
    )
    .unwrap();
    fs::write(
        tmp.path().join("edges.jsonl"),
        "{\"subject\":\"A:1\",\"predicate\":\"biolink:causes\",\"object\":\"A:2\"}\n",
    )
    .unwrap();
    check(tmp.path())
        .success()
        .stdout(contains("2 nodes, 1 edges, 2 categories, 1 predicates"));
    let by_folder = icigraph()
        .arg("--data")
        .arg(tmp.path())
        .args(["query", "MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let by_files = icigraph()
        .arg("--kgx-nodes")
        .arg(tmp.path().join("nodes.jsonl"))
        .arg("--kgx-edges")
        .arg(tmp.path().join("edges.jsonl"))
        .args(["query", "MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(by_folder, by_files);
    assert!(String::from_utf8_lossy(&by_folder).contains("causes"));
}

/// The JSON Lines export of the shipped graph, given back as a folder, has
/// the shipped graph's counts; a problem in it is reported with its file and line.
#[test]
fn kgx_jsonl_export_reads_back_as_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("kgx");
    icigraph()
        .args(["export", "kgx-jsonl", "-o"])
        .arg(&out)
        .assert()
        .success();
    let shipped = crate::common::shipped();
    let expected = format!(
        "{} nodes, {} edges",
        shipped.node_count(),
        shipped.edge_count()
    );
    check(&out).success().stdout(contains(expected));
    let edges = out.join("edges.jsonl");
    let mut text = fs::read_to_string(&edges).unwrap();
    text.push_str("{\"subject\": 3}\n");
    fs::write(&edges, &text).unwrap();
    let line = text.lines().count();
    check(&out)
        .failure()
        .stderr(contains(format!("edges.jsonl:{line}")));
}

/// A file big enough to be read in parallel chunks: problems in every chunk
/// carry the line numbers an editor shows, in file order.
#[test]
fn big_files_report_true_lines_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    icigraph()
        .args([
            "generate", "--nodes", "5000", "--edges", "200000", "--seed", "3", "--out",
        ])
        .arg(tmp.path())
        .assert()
        .success();
    let path = tmp.path().join("edges.csv");
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.len() > 5 << 20,
        "file must exceed the parallel threshold"
    );
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let rest = lines[10].split_once(',').unwrap().1.to_owned();
    lines[10] = format!("gene:nope,{rest}"); // line 11
    let late = lines.len() - 5; // a line in the last chunk
    lines[late] = "a,b".into();
    lines.push(String::new());
    fs::write(&path, lines.join("\n")).unwrap();
    let out = check(tmp.path()).code(1).get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    let first = err
        .find("edges.csv:11: column \"subject\": \"gene:nope\" names no node")
        .unwrap();
    let second = err
        .find(&format!("edges.csv:{}: wrong number of fields", late + 1))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(first < second);
    assert!(err.contains("2 problems in total"));
    assert!(!err.contains("panicked"));
}

#[test]
fn invalid_utf8_is_reported_with_its_column() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("nodes.csv"), "id,name,category\nx:1,A,W\n").unwrap();
    fs::write(
        tmp.path().join("edges.csv"),
        b"subject,predicate,object\nx:1,l\xffinks,x:1\n".as_slice(),
    )
    .unwrap();
    check(tmp.path())
        .code(1)
        .stderr(contains("edges.csv:2: column \"predicate\": invalid UTF-8"))
        .stderr(contains("panicked").not());
}

/// A `:date` header makes its column Cypher dates: compared with `date()`,
/// read by component, kept through a snapshot; a bad cell is `file:line`.
#[test]
fn a_date_typed_header_loads_dates_and_reports_bad_ones() {
    let tmp = folder(
        "id,name,category,approval_date:date\nd:1,Alpha,Drug,2011-03-25\nd:2,Beta,Drug,2014-09-04\nd:3,Gamma,Drug,\n",
        "subject,predicate,object\nd:1,related_to,d:2\n",
    );
    let query = "MATCH (n:Drug) WHERE n.approval_date >= date('2014-01-01') \
                 RETURN n.id AS id, n.approval_date AS d, n.approval_date.year AS y";
    icigraph()
        .arg("--data")
        .arg(tmp.path())
        .args(["query", "--format", "csv", query])
        .assert()
        .success()
        .stdout("id,d,y\nd:2,2014-09-04,2014\n");
    let out = tempfile::tempdir().unwrap();
    let snapshot = out.path().join("g.icg");
    icigraph()
        .arg("--data")
        .arg(tmp.path())
        .arg("build")
        .arg("-o")
        .arg(&snapshot)
        .assert()
        .success();
    icigraph()
        .arg("--db")
        .arg(&snapshot)
        .args([
            "query",
            "--format",
            "csv",
            "MATCH (n) WHERE n.approval_date IS NOT NULL RETURN n.id AS id ORDER BY n.approval_date DESC",
        ])
        .assert()
        .success()
        .stdout("id\nd:2\nd:1\n");

    let bad = folder(
        "id,name,category,approval_date:date\nd:1,Alpha,Drug,2011-02-30\n",
        "subject,predicate,object\n",
    );
    check(bad.path()).failure().stderr(contains(
        "nodes.csv:2: column \"approval_date\": \"2011-02-30\" is not a date such as 2021-03-19",
    ));
}
