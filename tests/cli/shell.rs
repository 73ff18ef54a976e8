//! `icigraph shell` driven through a pipe: commands in, the same output as the
//! one-shot commands out, errors reported without ending the session.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use crate::common::icigraph;

fn mini() -> Command {
    let mut cmd = icigraph();
    cmd.args(["--data", "tests/fixtures/mini"]);
    cmd
}

/// Runs the shell on `data` (None: the shipped graph) with `session` as input.
fn shell(data: Option<&str>, session: &str) -> std::process::Output {
    let mut cmd = icigraph();
    if let Some(dir) = data {
        cmd.args(["--data", dir]);
    }
    cmd.arg("shell").write_stdin(session).output().unwrap()
}

/// What a one-shot command prints on standard output and standard error.
fn one_shot(data: Option<&str>, args: &[&str]) -> (String, String) {
    let mut cmd = icigraph();
    if let Some(dir) = data {
        cmd.args(["--data", dir]);
    }
    let out = cmd.args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn output_matches_the_one_shot_commands() {
    let session =
        ":node β2M\n:neighbors 'B2M loss' 2\n:stats\n:format json\n:node B2M\n:neighbours PD-1\n";
    let out = shell(None, session);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = [
        one_shot(None, &["node", "β2M"]).0,
        one_shot(None, &["neighbors", "B2M loss", "--depth", "2"]).0,
        one_shot(None, &["stats"]).0,
        "format: json\n".to_owned(),
        one_shot(None, &["node", "B2M", "--format", "json"]).0,
        one_shot(None, &["neighbors", "PD-1", "--format", "json"]).0,
    ]
    .concat();
    assert_eq!(text(&out.stdout), expected);
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn errors_are_the_cli_diagnostics_and_the_session_carries_on() {
    let out = shell(
        Some("tests/fixtures/mini"),
        ":node JAK9\n:node β2M\n:neighbors nothing-like-this 2\n:stats\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let (node_out, _) = one_shot(Some("tests/fixtures/mini"), &["node", "β2M"]);
    let (stats_out, _) = one_shot(Some("tests/fixtures/mini"), &["stats"]);
    assert_eq!(text(&out.stdout), node_out + &stats_out);
    let (_, unknown) = one_shot(Some("tests/fixtures/mini"), &["node", "JAK9"]);
    let (_, unknown2) = one_shot(
        Some("tests/fixtures/mini"),
        &["neighbors", "nothing-like-this"],
    );
    assert!(unknown.contains("no node is named \"JAK9\""), "{unknown}");
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with(&(unknown + &unknown2)), "{stderr}");
    assert!(
        stderr.trim_end().ends_with("× 2 of 4 inputs failed"),
        "{stderr}"
    );
}

#[test]
fn a_mistyped_command_gets_a_suggestion() {
    let out = shell(None, ":nieghbors β2M\n:help neighbours\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("unknown command \":nieghbors\"; did you mean \":neighbors\""),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).starts_with(":neighbors NAME [DEPTH]\n"));
}

#[test]
fn bad_arguments_say_what_is_expected() {
    let out = shell(
        None,
        ":node\n:neighbors PD-1 0\n:path B2M loss PD-1\n:format xml\n:stats please\n:export json\n",
    );
    let stderr = text(&out.stderr);
    for expected in [
        "usage: :node NAME",
        "depth must be a whole number from 1 up, not 0",
        "put quotes around names with spaces",
        "unknown format \"xml\": choose table, json, csv or dot",
        ":stats takes no arguments",
        "usage: :export json|dot FILE",
        "6 of 6 inputs failed",
    ] {
        assert!(
            stderr.contains(expected),
            "{expected:?} missing from:\n{stderr}"
        );
    }
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn export_json_writes_the_last_result() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hood.json");
    let session = format!(
        ":export json {0}\n:neighbors 'B2M loss' 2\n:stats\n:export json '{0}'\n",
        file.display()
    );
    let out = shell(Some("tests/fixtures/mini"), &session);
    // The first export has nothing to write yet.
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("there is no result yet"));
    assert!(text(&out.stdout).ends_with(&format!(
        "wrote the neighbourhood of β2M loss to {}\n",
        file.display()
    )));
    let written: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let (expected, _) = one_shot(
        Some("tests/fixtures/mini"),
        &["neighbors", "B2M loss", "--depth", "2", "--format", "json"],
    );
    assert_eq!(written, serde_json::from_str::<Value>(&expected).unwrap());
}

#[test]
fn a_file_that_cannot_be_written_is_reported() {
    let out = shell(
        Some("tests/fixtures/mini"),
        ":node β2M\n:export json /nonexistent-dir/x.json\n:node B2M loss\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("cannot write /nonexistent-dir/x.json"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("β2M loss [Mechanism]"));
}

#[test]
fn quit_stops_reading() {
    let out = shell(
        Some("tests/fixtures/mini"),
        ":format json\n:quit\n:node nobody\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "format: json\n");
}

#[test]
fn no_prompts_blank_lines_and_comments_are_skipped() {
    let out = shell(
        Some("tests/fixtures/mini"),
        "\n   \n// a note for the reader\n:format\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "format: table\n");
}

#[test]
fn broken_input_is_reported_and_skipped() {
    let mut input = b":node \xff\xfe\n:format\n".to_vec();
    input.extend_from_slice(b"MATCH (n)\nRETURN n");
    let out = mini().arg("shell").write_stdin(input).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("line 1 of the input is not UTF-8 text"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the input ended inside a statement (is a ; missing?): MATCH (n)"),
        "{stderr}"
    );
    assert_eq!(text(&out.stdout), "format: table\n");
}

#[test]
fn help_lists_every_command() {
    let out = shell(None, ":help\n");
    let stdout = text(&out.stdout);
    for command in [
        ":node",
        ":neighbors",
        ":path",
        ":strategies",
        ":render",
        ":export",
        ":format",
        ":stats",
        ":help",
        ":quit",
    ] {
        assert!(
            stdout.contains(command),
            "{command} missing from:\n{stdout}"
        );
    }
}

#[test]
fn a_closed_output_ends_the_shell_quietly() {
    // `head -c 1` closes the pipe early; the shell must stop without a panic
    // or an error report.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "yes :stats | head -n 2000 | {} shell | head -c 1 >/dev/null",
            assert_cmd::cargo::cargo_bin("icigraph").display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn shell_help_mentions_piped_use() {
    mini()
        .args(["shell", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("icigraph shell < session.txt"));
}

#[test]
fn paths_and_strategies_match_the_one_shot_commands() {
    let out = shell(
        None,
        ":path \"B2M loss\" PD-1 2\n:strategies B2M loss\n:format json\n:path JAK1 'CTLA-4'\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = [
        one_shot(None, &["path", "B2M loss", "PD-1", "--k", "2"]).0,
        one_shot(None, &["strategies", "B2M loss"]).0,
        "format: json\n".to_owned(),
        one_shot(None, &["path", "JAK1", "CTLA-4", "--format", "json"]).0,
    ]
    .concat();
    assert_eq!(text(&out.stdout), expected);
}

#[test]
fn render_and_export_dot_draw_the_last_result() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("paths.svg");
    let dot = dir.path().join("paths.dot");
    let session = format!(
        ":render {0}\n:path \"B2M loss\" PD-1 2\n:render {0}\n:export dot {1}\n:render {2}\n:neighbors JAK1\n:render {3}\n",
        svg.display(),
        dot.display(),
        dir.path().join("paths.txt").display(),
        dir.path().join("jak1.svg").display(),
    );
    let out = shell(None, &session);
    // Nothing to draw before the first result; a .txt picture is refused.
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("there is no result yet"), "{stderr}");
    assert!(
        stderr.contains("cannot tell the picture format of"),
        "{stderr}"
    );
    assert!(stderr.contains("2 of 7 inputs failed"), "{stderr}");
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("wrote {}", svg.display())),
        "{stdout}"
    );
    assert!(stdout.contains(&format!(
        "wrote the paths from β2M loss/mutation to PD-1 to {}",
        dot.display()
    )));
    let picture = std::fs::read_to_string(&svg).unwrap();
    assert!(
        picture.contains("<svg") && picture.contains("killing of tumor cells"),
        "{picture}"
    );
    let (expected, _) = one_shot(
        None,
        &["path", "B2M loss", "PD-1", "--k", "2", "--format", "dot"],
    );
    assert_eq!(std::fs::read_to_string(&dot).unwrap(), expected);
    let around = std::fs::read_to_string(dir.path().join("jak1.svg")).unwrap();
    assert!(around.contains("STAT1"), "{around}");
}

#[test]
fn cypher_statements_span_lines_and_print_as_query_does() {
    let first = "MATCH (m:Mechanism)-[r:involves]->(g:Gene)\n  RETURN m.name, g.name\n  ORDER BY m.name LIMIT 3;";
    let second = "MATCH (g:Gene {name: 'β2M'}) RETURN g.name AS gene";
    let session = format!("{first}\n// a comment line\n{second}; RETURN 1 AS one;\n");
    let out = shell(None, &session);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = [
        one_shot(None, &["query", first.trim_end_matches(';')]).0,
        one_shot(None, &["query", second]).0,
        one_shot(None, &["query", "RETURN 1 AS one"]).0,
    ]
    .concat();
    assert!(expected.contains("β2M"), "{expected}");
    assert_eq!(text(&out.stdout), expected);
}

#[test]
fn a_bad_statement_prints_the_query_diagnostic() {
    let bad = "MATCH (n:Mechansim) RETURN n";
    let out = shell(
        None,
        &format!("{bad};\nMATCH (n RETURN n;\nRETURN 2 AS two;\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    let (_, expected) = one_shot(None, &["query", bad]);
    assert!(expected.contains("did you mean `Mechanism`?"), "{expected}");
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(stderr.contains("unclosed delimiter"), "{stderr}");
    assert_eq!(
        text(&out.stdout),
        one_shot(None, &["query", "RETURN 2 AS two"]).0
    );
}

#[test]
fn a_query_result_can_be_drawn_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("q.svg");
    let json = dir.path().join("q.json");
    let query = "MATCH p = (:Gene {name: 'JAK1'})-[:activates]->(:Gene) RETURN p";
    let session = format!(
        "{query};\n:render {}\n:export json {}\nRETURN 1 AS one;\n:render {}\n",
        svg.display(),
        json.display(),
        svg.display()
    );
    let out = shell(None, &session);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("the last query returned no nodes, relationships or paths to draw"),
        "{}",
        text(&out.stderr)
    );
    let picture = std::fs::read_to_string(&svg).unwrap();
    assert!(
        picture.contains("JAK1") && picture.contains("STAT1"),
        "{picture}"
    );
    let written: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let (expected, _) = one_shot(None, &["--format", "json", "query", query]);
    assert_eq!(written, serde_json::from_str::<Value>(&expected).unwrap());
}

#[test]
fn params_set_in_the_shell_reach_later_statements() {
    let session = ":param cp => 'PD-' + '1'\n:param k => 1 + 1\n:params\n\
                   MATCH (d:Drug)-[:targets]->(:ImmuneCheckpoint {name: $cp}) RETURN d.name ORDER BY d.name LIMIT $k;\n\
                   :params clear\nRETURN $cp;\n";
    let out = shell(None, session);
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("$cp => PD-1\n$k => 2\n$cp => PD-1\n$k => 2\n"),
        "{stdout}"
    );
    let (expected, _) = one_shot(
        None,
        &[
            "query",
            "MATCH (d:Drug)-[:targets]->(:ImmuneCheckpoint {name: 'PD-1'}) RETURN d.name ORDER BY d.name LIMIT 2",
        ],
    );
    assert!(
        stdout.contains(&expected),
        "{stdout}\nexpected:\n{expected}"
    );
    assert!(stdout.contains("parameters cleared"), "{stdout}");
    // After clearing, $cp is unknown again.
    let stderr = text(&out.stderr);
    assert!(stderr.contains("no value given for $cp"), "{stderr}");
}

#[test]
fn schema_counts_labels_types_and_what_each_type_joins() {
    let out = mini()
        .arg("shell")
        .write_stdin(":schema\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for title in ["labels:", "relationship types:", "what each type joins:"] {
        assert!(stdout.contains(title), "{stdout}");
    }
    // The same counts as asking Cypher directly.
    let (types, _) = one_shot(
        Some("tests/fixtures/mini"),
        &[
            "query",
            "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS relationships ORDER BY type",
        ],
    );
    assert!(stdout.contains(&types), "{stdout}\nexpected:\n{types}");
}
