//! EXPLAIN, PROFILE and `--timing` through the binary and the shell: the
//! plan is printed instead of (EXPLAIN) or after (PROFILE) the rows, in
//! table, JSON and CSV forms, and nothing is run under EXPLAIN.

use serde_json::Value;

use crate::common::{Test, icigraph};

const COUNT: &str = "MATCH (d:Drug)-[:targets]->(k:ImmuneCheckpoint) RETURN k.name AS k, count(*) AS n ORDER BY n DESC, k LIMIT 2";

#[test]
fn explain_prints_the_operators_and_no_rows() {
    let out = Test::new()
        .args(["query", &format!("EXPLAIN {COUNT}")])
        .stdout_has("Operator")
        .stdout_has("Estimated Rows")
        .stdout_has("+ProduceResults")
        .stdout_has("+Aggregation + Top")
        .stdout_has("starts from a scan of label :Drug")
        .run();
    assert!(!out.contains("PD-1"), "EXPLAIN ran the query:\n{out}");
    assert!(!out.contains("Time (ms)"), "{out}");
}

#[test]
fn profile_prints_rows_then_measured_operators() {
    let out = Test::new()
        .args(["query", &format!("profile {COUNT}")])
        .stdout_has("Time (ms)")
        .stdout_has("Total time in operators")
        .run();
    let rows_at = out.find("2 rows").expect("the result comes first");
    let plan_at = out.find("Operator").expect("then the plan");
    assert!(rows_at < plan_at, "{out}");
    assert!(out.contains("PD-1"), "{out}");
}

fn json(args: &[&str]) -> Value {
    let out = icigraph().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn profile_json_carries_rows_and_the_plan_tree() {
    let v = json(&["query", "--format", "json", &format!("PROFILE {COUNT}")]);
    assert_eq!(v["columns"], serde_json::json!(["k", "n"]));
    assert_eq!(v["rows"].as_array().unwrap().len(), 2);
    let plan = &v["plan"];
    assert_eq!(plan["operator"], "ProduceResults");
    assert_eq!(plan["rows"], 2);
    let agg = &plan["children"][0];
    assert_eq!(agg["rows"], 2);
    let matched = &agg["children"][0];
    assert_eq!(matched["operator"], "Match");
    // Every targets edge from a Drug to a checkpoint is one matched row.
    let plain = json(&[
        "query",
        "--format",
        "json",
        "MATCH (d:Drug)-[:targets]->(k:ImmuneCheckpoint) RETURN count(*) AS n",
    ]);
    assert_eq!(matched["rows"], plain[0]["n"]);
    assert!(matched["time_ms"].as_f64().unwrap() >= 0.0);
    assert!(matched["estimated_rows"].as_u64().is_some());
}

#[test]
fn explain_json_has_the_columns_and_no_rows() {
    let v = json(&["query", "--format", "json", &format!("EXPLAIN {COUNT}")]);
    assert_eq!(v["rows"], serde_json::json!([]));
    assert_eq!(v["columns"], serde_json::json!(["k", "n"]));
    assert!(v["plan"]["rows"].is_null(), "EXPLAIN has no measured rows");
}

#[test]
fn profile_csv_keeps_stdout_for_rows() {
    let out = icigraph()
        .args(["query", "--format", "csv", &format!("PROFILE {COUNT}")])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.starts_with("k,n\n"), "{stdout}");
    assert!(!stdout.contains("Operator"), "{stdout}");
    assert!(stderr.contains("+ProduceResults"), "{stderr}");
}

#[test]
fn explain_does_not_write() {
    // On an empty graph a CREATE under EXPLAIN leaves nothing to count.
    Test::new()
        .args([
            "query",
            "--empty",
            "EXPLAIN CREATE (:A); MATCH (a:A) RETURN count(a) AS n",
        ])
        .stdout_has(" 0 ")
        .run();
}

#[test]
fn timing_goes_to_stderr() {
    let out = icigraph()
        .args(["query", "--timing", "RETURN 1 AS one"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("1 row"), "{stdout}");
    assert!(!stdout.contains("parse"), "{stdout}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("parse "))
        .expect(&stderr);
    for part in ["parse ", " ms · plan ", " ms · execute ", " ms"] {
        assert!(line.contains(part), "{line}");
    }
}

#[test]
fn explain_alone_is_a_syntax_error_with_a_position() {
    Test::new()
        .args(["query", "EXPLAIN"])
        .stderr_has("EXPLAIN and PROFILE need a query after them")
        .exit(1)
        .run();
}

#[test]
fn the_shell_explains_profiles_and_times() {
    let session =
        format!(":timing on\nEXPLAIN {COUNT};\nPROFILE {COUNT};\n:timing off\nRETURN 1 AS one;\n");
    let out = icigraph()
        .arg("shell")
        .write_stdin(session)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("timing: on\n"), "{text}");
    assert_eq!(text.matches("+ProduceResults").count(), 2, "{text}");
    assert_eq!(text.matches("Time (ms)").count(), 1, "{text}");
    // Two timed statements, then none after `:timing off`.
    assert_eq!(text.matches(" ms · execute ").count(), 2, "{text}");
    assert!(text.contains("timing: off"), "{text}");
}
