//! Hostile input never crashes the binary: deep nesting, long operator
//! chains, deep runtime values, long error lines and runaway work all end
//! with a clear error (exit 1), never a stack overflow, a panic (101) or an
//! abort; the shell carries on after each.

use assert_cmd::Command;
use icigraph_engine::query::limits::{MAX_NESTING, MAX_VALUE_DEPTH};
use icigraph_engine::query::{ErrorKind, QueryError};

fn icigraph() -> Command {
    let mut cmd = Command::cargo_bin("icigraph").unwrap();
    cmd.env_remove("ICIGRAPH_DATA");
    cmd
}

/// Runs a query; returns (exit code, stdout, stderr). A signal or a panic fails the test.
fn query(args: &[&str]) -> (i32, String, String) {
    let out = icigraph().arg("query").args(args).output().unwrap();
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {:?}", out.status));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_ne!(code, 101, "panicked: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        code,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

fn nested(open: &str, close: &str, n: usize) -> String {
    format!("RETURN {}1{}", open.repeat(n), close.repeat(n))
}

#[test]
fn deep_nesting_is_refused_with_its_position() {
    let cases = [
        nested("(", ")", 10_000),
        nested("[", "]", 10_000),
        nested("{a: ", "}", 10_000),
        nested("[x IN ", " | x]", 5_000),
        nested("CASE WHEN true THEN ", " END", 5_000),
        nested("size(", ")", 5_000),
    ];
    for text in &cases {
        let (code, _, err) = query(&["--empty", text]);
        assert_eq!(code, 1, "{}", &text[..40]);
        assert!(err.contains("more than 200 deep"), "{err}");
        // The position of the bracket that crossed the limit, line 1.
        assert!(err.contains("[query:1:"), "{err}");
    }
    // Unary minus and NOT nest without brackets.
    for op in ["-", "NOT "] {
        let text = format!("RETURN {}true", op.repeat(20_000));
        let (code, _, err) = query(&["--empty", &text]);
        assert_eq!(code, 1);
        assert!(err.contains("nest more than"), "{err}");
    }
}

#[test]
fn nesting_at_the_limit_still_runs() {
    let (code, out, err) = query(&["--empty", "--format", "csv", &nested("(", ")", MAX_NESTING)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().nth(1) == Some("1"), "{out}");
}

#[test]
fn flat_chains_of_ten_thousand_terms_evaluate() {
    let plus = format!("RETURN 1{} AS n", " + 1".repeat(10_000));
    let (code, out, err) = query(&["--empty", "--format", "csv", &plus]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().nth(1), Some("10001"));
    for (op, value) in [("AND", "true"), ("OR", "false"), ("XOR", "false")] {
        let text = format!(
            "RETURN {value}{} AS b",
            format!(" {op} {value}").repeat(10_000)
        );
        let (code, _, err) = query(&["--empty", "--format", "csv", &text]);
        assert_eq!(code, 0, "{op}: {err}");
    }
    // Concatenating n strings builds n²/2 bytes: fine for 2,000 terms, a
    // limit message (not a crash) for 10,000.
    let strings = format!("RETURN 'a'{} AS s", " + 'a'".repeat(2_000));
    assert_eq!(query(&["--empty", &strings]).0, 0);
    let strings = format!("RETURN 'a'{} AS s", " + 'a'".repeat(10_000));
    let (code, _, err) = query(&["--empty", &strings]);
    assert_eq!(code, 1);
    assert!(err.contains("(--max-expansions)"), "{err}");
    // A comparison chain is a type error, reported, not a crash.
    let lt = format!("RETURN 1{}", " < 1".repeat(10_000));
    assert!(query(&["--empty", &lt]).0 <= 1);
}

#[test]
fn deep_runtime_values_are_refused_when_built() {
    for text in [
        "RETURN reduce(l = [], x IN range(1, 100000) | [l]) AS l",
        "RETURN reduce(m = {}, x IN range(1, 100000) | {m: m}) AS m",
        "UNWIND range(1, 100000) AS x WITH collect([x]) AS l RETURN reduce(a = l, x IN range(1, 2000) | [a])",
    ] {
        let (code, _, err) = query(&["--empty", text]);
        assert_eq!(code, 1, "{text}");
        assert!(
            err.contains(&format!("more than {MAX_VALUE_DEPTH} levels deep")),
            "{err}"
        );
    }
    // Just under the limit is a value like any other.
    let ok = format!(
        "RETURN size(reduce(l = [], x IN range(1, {}) | [l])) AS n",
        MAX_VALUE_DEPTH - 1
    );
    let (code, out, err) = query(&["--empty", "--format", "json", &ok]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"n\": 1"), "{out}");
}

#[test]
fn the_shell_survives_every_hostile_statement() {
    let mut script = String::new();
    script.push_str(&nested("(", ")", 100_000));
    script.push_str(";\n");
    script.push_str("RETURN reduce(l = [], x IN range(1, 100000) | [l]);\n");
    script.push_str(&format!("RETURN 1{};\n", " + 1".repeat(10_000)));
    script.push_str(&format!("RETURN '{}' + ;\n", "y".repeat(70_000)));
    script.push_str("MATCH (a), (b), (c), (d) RETURN count(*);\n");
    script.push_str("RETURN 42 AS alive;\n");
    let out = icigraph()
        .args(["--format", "csv", "shell", "--max-expansions", "100000"])
        .write_stdin(script)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{:?}", out.status);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.ends_with("alive\n42\n"), "{stdout}");
    assert!(stderr.contains("4 of 6 inputs failed"), "{stderr}");
    assert!(stderr.contains("--max-expansions"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn long_lines_non_ascii_and_tabs_in_errors_are_clipped() {
    let long = format!("RETURN '{}' + ", "y".repeat(70_000));
    let wide = format!("RETURN '{}' + x", "é\t".repeat(40_000));
    let lines = format!("RETURN\n{}\n + 1", "x".repeat(80_000));
    let many = "UNWIND 1 AS x ".repeat(5_000) + "RETURN x x";
    for text in [&long, &wide, &lines, &many] {
        let (code, _, err) = query(&["--empty", text]);
        assert_eq!(code, 1);
        assert!(err.contains("[query:"), "{}", &err[..err.len().min(400)]);
        // A window of the line, not the whole line; a short message.
        assert!(err.len() < 4_000, "{} bytes of report", err.len());
    }
    let (_, _, err) = query(&["--empty", &wide]);
    assert!(err.contains("[query:1:"), "{err}");
    let (_, _, err) = query(&["--empty", &lines]);
    // The name is echoed clipped, with the real line of the error.
    assert!(err.contains("[query:2:1]"), "{err}");
    assert!(err.contains('…'), "{err}");
}

#[test]
fn a_span_past_the_end_of_the_text_is_reported_without_panicking() {
    for (start, end) in [(1000, 2000), (8, 8), (0, usize::MAX / 2), (3, 1)] {
        let err = QueryError::new(ErrorKind::Syntax, "out of range")
            .at((start, end))
            .with_source("query", "RETURN é\t1");
        let text = icigraph::cli::report(icigraph::Error::Query(err));
        assert!(text.contains("out of range"), "{text}");
    }
}

/// A query stopped by a limit: exit 1 and the limit's message.
fn stopped(args: &[&str], message: &str) {
    let (code, _, err) = query(args);
    assert_eq!(code, 1, "{args:?}: {err}");
    assert!(err.contains(message), "{args:?}: {err}");
    assert!(!err.contains("add LIMIT"), "{err}");
}

#[test]
fn expansions_bound_every_kind_of_work() {
    let few = ["--max-expansions", "5000"];
    for text in [
        "MATCH p = (a)-[*]-(b) RETURN count(p)",
        "MATCH (a)-[*]->(b) RETURN a.id, b.id LIMIT 5",
        "MATCH (a), (b), (c), (d), (e) RETURN count(*)",
        "MATCH (a) MATCH (b) RETURN count(*)",
        "MATCH (a) RETURN size([x IN range(1, 100000) | range(1, 100)]) LIMIT 1",
    ] {
        let mut args = few.to_vec();
        args.push(text);
        stopped(&args, "(--max-expansions)");
    }
    for text in [
        "RETURN size([x IN range(1, 10000000) | range(1, 100)])",
        "RETURN size(reduce(s = 'a', x IN range(1, 40) | s + s))",
        "UNWIND range(1, 10000000) AS x UNWIND range(1, 10000000) AS y RETURN count(*)",
        "RETURN [x IN range(1, 1000000) WHERE x % 2 = 0 | x * 2][0]",
        "RETURN any(x IN range(1, 10000000) WHERE x < 0)",
    ] {
        let mut args = vec!["--empty"];
        args.extend(few);
        args.push(text);
        stopped(&args, "(--max-expansions)");
    }
}

/// Under the default settings an unbounded variable-length pattern on a
/// generated 20k-edge graph is stopped by the work budget with its message.
/// Every relationship tried costs O(1) (the used set is hashed once a walk is
/// deep) and the relationship list a deep walk binds is charged as it is
/// built, so the default budget is reached in seconds; before, the same
/// query ran 158 s in a release build. A run past the kill time fails here.
#[test]
fn the_default_budget_stops_unbounded_variable_length_work() {
    let tmp = tempfile::tempdir().unwrap();
    let graph = tmp.path().join("g");
    icigraph()
        .args([
            "generate", "--nodes", "5000", "--edges", "20000", "--seed", "1", "--out",
        ])
        .arg(&graph)
        .assert()
        .success();
    for text in [
        "MATCH ()-[*]-() RETURN count(*)",
        "MATCH p = (a)-[*]-(b) RETURN count(p)",
        "MATCH (a)-[*]->(b) RETURN a.id, b.id LIMIT 5",
    ] {
        let out = icigraph()
            .arg("--data")
            .arg(&graph)
            .args(["query", text])
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{text}: {err}");
        assert!(err.contains("(--max-expansions)"), "{text}: {err}");
    }
    // A bounded, anchored pattern on the same graph still answers.
    let out = icigraph()
        .arg("--data")
        .arg(&graph)
        .args([
            "query",
            "--format",
            "csv",
            "MATCH (a {id: 'gene:0'})-[*1..2]-(b) RETURN count(*) AS n",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n: u64 = String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert!(n > 0);
}

/// A cycle of `n` nodes `n0 → n1 → … → n0`, built through the engine.
fn cycle(n: usize) -> icigraph_engine::Graph {
    use icigraph_engine::graph::{Graph, NewNode};
    use icigraph_engine::schema::Schema;
    let mut schema = Schema::open();
    let category = schema.category_or_add("Gene").unwrap();
    let predicate = schema.predicate_or_add("part_of").unwrap();
    let mut graph = Graph::new(schema);
    let ixs: Vec<_> = (0..n)
        .map(|i| {
            let (id, name) = (format!("n{i}"), format!("node {i}"));
            let node = NewNode {
                id: &id,
                name: &name,
                synonyms: Vec::new(),
                props: Vec::new(),
            };
            graph.add_node(category, node).unwrap()
        })
        .collect();
    for i in 0..n {
        graph
            .add_edge(ixs[i], predicate, ixs[(i + 1) % n], Vec::new())
            .unwrap();
    }
    graph
}

fn count_with(
    graph: &mut icigraph_engine::Graph,
    text: &str,
    expansions: u64,
) -> Result<i64, QueryError> {
    use icigraph_engine::query::{self, Limits, Options, Value};
    let options = Options {
        limits: Limits {
            expansions,
            ..Limits::default()
        },
        ..Options::default()
    };
    let table = query::run(graph, text, &options)?;
    match table.rows[0][0] {
        Value::Int(n) => Ok(n),
        ref other => panic!("{other:?}"),
    }
}

/// Walks deeper than the short scanned stack of used relationships (16)
/// keep relationship isomorphism: a directed 40-cycle has 40 walks from a
/// node, an undirected one 80 (each way round, the last back to the start),
/// and none reuses a relationship after backtracking.
#[test]
fn deep_variable_length_walks_never_reuse_a_relationship() {
    let mut graph = cycle(40);
    let directed = count_with(
        &mut graph,
        "MATCH ({id: 'n0'})-[*]->(b) RETURN count(*)",
        1 << 30,
    );
    assert_eq!(directed.unwrap(), 40);
    let either = count_with(
        &mut graph,
        "MATCH ({id: 'n0'})-[*]-(b) RETURN count(*)",
        1 << 30,
    );
    assert_eq!(either.unwrap(), 80);
    let all = count_with(&mut graph, "MATCH ()-[*]-() RETURN count(*)", 1 << 30);
    assert_eq!(all.unwrap(), 40 * 80);
}

/// The list of relationships a walk binds is charged as work: on a 100-cycle
/// the 100 walks from `n0` expand 100 relationships but bind lists of
/// 1 + 2 + … + 100 = 5,050 relationships, so 1,000 steps are not enough.
#[test]
fn the_relationship_lists_a_walk_binds_are_charged_as_work() {
    let mut graph = cycle(100);
    let text = "MATCH ({id: 'n0'})-[*]->(b) RETURN count(*)";
    let err = count_with(&mut graph, text, 1_000).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Limit);
    assert!(err.to_string().contains("walked more than 1000"), "{err}");
    assert_eq!(count_with(&mut graph, text, 10_000).unwrap(), 100);
}

#[test]
fn memory_is_budgeted_by_the_rows_and_values_held() {
    stopped(
        &[
            "--empty",
            "--max-memory",
            "1M",
            "UNWIND range(1, 1000000) AS x RETURN x LIMIT 3",
        ],
        "(--max-memory)",
    );
    stopped(
        &[
            "--max-memory",
            "256K",
            "MATCH (a)-[*1..3]->(b) RETURN a, b LIMIT 5",
        ],
        "(--max-memory)",
    );
    stopped(
        &[
            "--empty",
            "--max-memory",
            "1M",
            "UNWIND range(1, 200000) AS x RETURN size(collect(x)) AS n",
        ],
        "(--max-memory)",
    );
    // Within the budget the same query answers.
    let (code, out, _) = query(&[
        "--empty",
        "--max-memory",
        "64M",
        "--format",
        "csv",
        "UNWIND range(1, 1000) AS x RETURN count(x) AS n",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().nth(1), Some("1000"));
}

#[test]
fn a_timeout_stops_a_long_query() {
    stopped(
        &[
            "--timeout",
            "1ms",
            "--max-expansions",
            "1000000000000",
            "MATCH (a), (b), (c), (d) RETURN count(*)",
        ],
        "(--timeout)",
    );
}

#[test]
fn the_row_limit_does_not_tell_a_query_with_limit_to_add_one() {
    let (code, _, err) = query(&["--empty", "UNWIND range(1, 6000000) AS x RETURN x LIMIT 1"]);
    assert_eq!(code, 1);
    assert!(err.contains("rows"), "{err}");
    assert!(!err.contains("add LIMIT"), "{err}");
}

#[test]
fn devices_and_fifos_are_refused_as_graph_files_with_the_cause() {
    for args in [
        vec!["--db", "/dev/zero", "stats"],
        vec![
            "--kgx-nodes",
            "/dev/zero",
            "--kgx-edges",
            "/dev/zero",
            "stats",
        ],
    ] {
        let out = icigraph().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("a device, not a regular file"));
    }
    let tmp = tempfile::tempdir().unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(tmp.path().join("nodes.csv"))
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::write(tmp.path().join("edges.csv"), "subject,predicate,object\n").unwrap();
    let out = icigraph()
        .args(["--data", tmp.path().to_str().unwrap(), "stats"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a FIFO, not a regular file"));
}

/// A folder in the `nodes.csv` + `edges.csv` layout with the given files.
fn folder(nodes: &str, edges: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("nodes.csv"), nodes).unwrap();
    std::fs::write(tmp.path().join("edges.csv"), edges).unwrap();
    tmp
}

fn check(dir: &tempfile::TempDir) -> String {
    let out = icigraph()
        .args(["--data", dir.path().to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_megabyte_bad_cell_is_reported_clipped_without_a_slow_suggestion() {
    let mut nodes = String::from("id,name,category\n");
    for i in 0..5_000 {
        nodes.push_str(&format!("n:{i},name {i},Gene\n"));
    }
    let huge = "x".repeat(1 << 20);
    let edges = format!("subject,predicate,object\n{huge},interacts_with,n:1\n");
    let dir = folder(&nodes, &edges);
    let err = check(&dir);
    assert!(
        err.contains("edges.csv:2: column \"subject\""),
        "{}",
        &err[..300]
    );
    assert!(err.len() < 4_000, "{} bytes echoed", err.len());
    assert!(err.contains('…'));
}

#[test]
fn load_messages_name_the_real_problem() {
    let edges = "subject,predicate,object\na:1,interacts_with,a:2\n";
    let newline = folder(
        "id,name,category\na:1,\"two\nlines\",Gene\na:2,B,Gene\n",
        edges,
    );
    let err = check(&newline);
    assert!(
        err.contains("nodes.csv:2: a quoted cell runs on to line 3"),
        "{err}"
    );
    let header = folder("id,\"name,category\na:1,A,Gene\n", edges);
    let err = check(&header);
    assert!(
        err.contains("nodes.csv:1: the header row has a quote left open"),
        "{err}"
    );
    assert!(!err.contains("missing required column"), "{err}");
}

#[test]
fn path_counts_have_a_documented_maximum() {
    let out = icigraph()
        .args(["path", "B2M loss", "PD-1", "--all", "--limit", "100000000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("0..=100000"));
}

/// The longest double-quoted string in DOT text, in bytes.
fn longest_dot_string(dot: &str) -> usize {
    let (mut longest, mut current, mut inside, mut escaped) = (0, 0, false, false);
    for b in dot.bytes() {
        if inside {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                inside = false;
                longest = longest.max(current);
                continue;
            }
            current += 1;
        } else if b == b'"' {
            inside = true;
            current = 0;
        }
    }
    longest
}

#[test]
fn hostile_names_give_valid_json_dot_and_svg() {
    let names = [
        "x".repeat(100_000),
        "&\"<]>".repeat(5_000),
        "é".repeat(5_000),
        "tab\there".to_owned(),
        "<b>&amp;</b>".to_owned(),
    ];
    let mut nodes = String::from("id,name,category\n");
    for (i, n) in names.iter().enumerate() {
        nodes.push_str(&format!("n:{i},\"{}\",Gene\n", n.replace('"', "\"\"")));
    }
    // Two ids sharing a long prefix stay two nodes in DOT.
    let long_id = "i".repeat(20_000);
    nodes.push_str(&format!("{long_id}a,A,Gene\n{long_id}b,B,Gene\n"));
    let mut edges = String::from("subject,predicate,object\n");
    for i in 1..names.len() {
        edges.push_str(&format!("n:0,interacts_with,n:{i}\n"));
    }
    edges.push_str(&format!("{long_id}a,interacts_with,{long_id}b\n"));
    let dir = folder(&nodes, &edges);
    let data = dir.path().to_str().unwrap();
    let json = icigraph()
        .args(["--data", data, "export", "json"])
        .output()
        .unwrap();
    assert!(json.status.success());
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        parsed["nodes"][0]["name"].as_str().map(str::len),
        Some(100_000)
    );
    let dot = icigraph()
        .args(["--data", data, "export", "dot", "--all"])
        .output()
        .unwrap();
    assert!(dot.status.success());
    let dot = String::from_utf8(dot.stdout).unwrap();
    assert!(
        longest_dot_string(&dot) < 16_384,
        "{}",
        longest_dot_string(&dot)
    );
    assert!(dot.matches(&"i".repeat(2_000)).count() >= 2);
    let picture = tempfile::tempdir().unwrap();
    let svg = picture.path().join("n.svg");
    let out = icigraph()
        .args([
            "--data",
            data,
            "render",
            "--engine",
            "builtin",
            "--neighbors",
            "n:0",
            "-o",
        ])
        .arg(&svg)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    resvg::usvg::Tree::from_str(&text, &resvg::usvg::Options::default()).expect("valid SVG");
    // The drawn label is short; the picture stays small.
    assert!(text.len() < 400_000, "{} bytes", text.len());
}

#[test]
fn control_characters_are_refused_at_load_with_file_and_line() {
    let edges = "subject,predicate,object\na:1,interacts_with,a:2\n";
    let dir = folder("id,name,category\na:1,A\u{1}B,Gene\na:2,B,Gene\n", edges);
    let err = check(&dir);
    assert!(
        err.contains("nodes.csv:2: column \"name\": holds the control character U+0001"),
        "{err}"
    );
}

/// A walk whose depth the query text does not bound (a variable-length
/// pattern along a chain of 100,000 relationships) runs on a thread with a
/// small stack: the matcher grows the stack as it recurses instead of
/// relying on one big segment for every query.
#[test]
fn a_long_variable_length_walk_grows_the_stack_it_needs() {
    use icigraph_engine::graph::{Graph, NewNode};
    use icigraph_engine::query::{self, Options};
    use icigraph_engine::schema::Schema;
    const HOPS: usize = 100_000;
    let handle = std::thread::Builder::new()
        .stack_size(512 << 10)
        .spawn(|| {
            let mut schema = Schema::open();
            let cat = schema.category_or_add("N").unwrap();
            let pred = schema.predicate_or_add("next").unwrap();
            let mut graph = Graph::new(schema);
            let ids: Vec<String> = (0..=HOPS).map(|i| format!("n{i}")).collect();
            let nodes: Vec<_> = ids
                .iter()
                .map(|id| {
                    let new = NewNode {
                        id,
                        name: id,
                        ..NewNode::default()
                    };
                    graph.add_node(cat, new).unwrap()
                })
                .collect();
            for pair in nodes.windows(2) {
                graph.add_edge(pair[0], pred, pair[1], Vec::new()).unwrap();
            }
            let text = format!(
                "MATCH (a {{id: 'n0'}})-[r*]->(b {{id: 'n{HOPS}'}}) RETURN size(r) AS hops"
            );
            query::run(&mut graph, &text, &Options::default())
                .map(|t| t.rows[0][0].to_string())
                .map_err(|e| e.to_string())
        })
        .unwrap();
    assert_eq!(handle.join().unwrap(), Ok(HOPS.to_string()));
}
