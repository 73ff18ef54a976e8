//! MERGE, SET, REMOVE and DELETE from the command line and the shell: the
//! counts are printed (and carried in JSON), changes stay in memory unless
//! `--save FILE.icg` (or the shell's `:save`) names a new snapshot, which the
//! write rule guards; a failing statement changes nothing.

use std::fs;

use serde_json::Value;

use crate::common::{Test, icigraph};

#[test]
fn counts_are_printed_and_carried_in_json() {
    Test::new()
        .args([
            "query",
            "--empty",
            "CREATE (:A {k: 1})-[:R]->(:B); MATCH (a:A) SET a.k = 2, a:C REMOVE a:A",
        ])
        .stdout_has("1 property set, 1 label added, 1 label removed")
        .stderr_has("in memory only; --save FILE.icg")
        .run();
    let out = Test::new()
        .args([
            "query",
            "--empty",
            "--format",
            "json",
            "CREATE (a:A)-[:R]->(:B) WITH a DETACH DELETE a",
        ])
        .run();
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["stats"]["nodes_created"], 2);
    assert_eq!(json["stats"]["nodes_deleted"], 1);
    assert_eq!(json["stats"]["relationships_deleted"], 1);
    // A read keeps the plain array of rows.
    let out = Test::new()
        .args(["query", "--empty", "--format", "json", "RETURN 1 AS one"])
        .run();
    assert!(serde_json::from_str::<Value>(&out).unwrap().is_array());
}

#[test]
fn save_writes_a_new_snapshot_and_never_the_one_read() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first.icg");
    let second = tmp.path().join("second.icg");
    let (first_s, second_s) = (first.to_str().unwrap(), second.to_str().unwrap());
    Test::new()
        .args(["query", "--empty", "--save", first_s])
        .args(["CREATE (:Gene {id: 'g:1', name: 'one'})-[:R]->(:Gene {id: 'g:2'})"])
        .stderr_has("saved 2 nodes and 1 edge to")
        .run();
    let read = fs::read(&first).unwrap();
    // A second curation step reads the first snapshot and saves another.
    Test::new()
        .args(["--db", first_s, "query", "--save", second_s])
        .args(["MATCH (g {id: 'g:2'}) DETACH DELETE g WITH 1 AS x MATCH (n {id: 'g:1'}) SET n.checked = true"])
        .run();
    assert_eq!(
        fs::read(&first).unwrap(),
        read,
        "the snapshot read was rewritten"
    );
    let out = Test::new()
        .args(["--db", second_s, "query", "--format", "json"])
        .args(["MATCH (n) RETURN n.id AS id, n.checked AS checked"])
        .run();
    let rows: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows, serde_json::json!([{"id": "g:1", "checked": true}]));
    // An existing file is kept unless --force; the graph's own file never.
    Test::new()
        .args([
            "--db",
            first_s,
            "query",
            "--save",
            second_s,
            "MATCH (n) SET n.x = 1",
        ])
        .stderr_has("it exists; pass --force")
        .exit(1)
        .run();
    Test::new()
        .args(["--db", first_s, "--force", "query", "--save", first_s])
        .args(["MATCH (n) SET n.x = 1"])
        .stderr_has("part of the graph being read")
        .exit(1)
        .run();
    assert_eq!(fs::read(&first).unwrap(), read);
}

#[test]
fn a_refused_delete_is_reported_with_its_position_and_saves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("never.icg");
    Test::new()
        .args(["query", "--empty", "--save", out.to_str().unwrap()])
        .args(["CREATE (a:A)-[:R]->(:B) WITH a DELETE a"])
        .stderr_has("constraint violated: cannot delete a node that still has relationships")
        .stderr_has("query:1:39")
        .stderr_has("DETACH DELETE")
        .exit(1)
        .run();
    assert!(!out.exists());
}

#[test]
fn the_shell_keeps_changes_for_the_session_and_saves_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let snap = tmp.path().join("session.icg");
    let session = format!(
        "CREATE (:Gene {{id: 'g:9', name: 'nine'}});\n\
         MATCH (g:Gene {{id: 'g:9'}}) SET g.note = 'checked';\n\
         MATCH (g:Gene {{id: 'g:9'}}) RETURN g.note;\n\
         :save {}\n\
         MATCH (g:Gene {{id: 'g:9'}}) DETACH DELETE g;\n\
         :quit\n",
        snap.display()
    );
    let out = icigraph()
        .args(["--data", "tests/fixtures/mini", "shell"])
        .write_stdin(session)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("changes are kept for this session only"),
        "{text}"
    );
    // Said once before the :save (not after each statement) and once after it.
    assert_eq!(text.matches("kept for this session").count(), 2, "{text}");
    assert!(text.contains("checked"), "{text}");
    assert!(text.contains("saved"), "{text}");
    // The change after :save is not saved, and :quit says so.
    assert!(text.contains("1 node deleted"), "{text}");
    assert!(text.contains("changes were not saved"), "{text}");
    let out = Test::new()
        .args(["--db", snap.to_str().unwrap(), "query"])
        .args(["MATCH (g {id: 'g:9'}) RETURN g.note"])
        .run();
    assert!(out.contains("checked"), "{out}");
}
