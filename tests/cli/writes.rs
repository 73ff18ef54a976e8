//! Writing commands never destroy what the user owns: an existing file is
//! kept unless `--force`, a folder, FIFO, device or symbolic link is never
//! written through or replaced, the graph being read is never written, and
//! the format written is the one the extension names.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn icigraph() -> Command {
    let mut cmd = Command::cargo_bin("icigraph").unwrap();
    cmd.env_remove("ICIGRAPH_DATA");
    cmd.env_remove("ICIGRAPH_DB");
    cmd
}

/// Runs and expects a refusal (exit 1) whose message contains `why`.
fn refused(args: &[&str], why: &str) {
    let out = icigraph().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(err.contains(why), "{args:?}: {err}");
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A tiny graph folder in the `nodes.csv` + `edges.csv` layout.
fn folder(dir: &Path) {
    fs::write(
        dir.join("nodes.csv"),
        "id,name,category\na:1,A,Gene\na:2,B,Gene\n",
    )
    .unwrap();
    fs::write(
        dir.join("edges.csv"),
        "subject,predicate,object\na:1,interacts_with,a:2\n",
    )
    .unwrap();
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("out.json");
    fs::write(&target, "precious").unwrap();
    let commands: Vec<Vec<String>> = vec![
        vec![
            "export".into(),
            "json".into(),
            "-o".into(),
            s(&target).into(),
        ],
        vec![
            "export".into(),
            "dot".into(),
            "--figure".into(),
            "fig2".into(),
            "-o".into(),
            s(&tmp.path().join("x.dot")).into(),
        ],
        vec![
            "build".into(),
            "-o".into(),
            s(&tmp.path().join("g.icg")).into(),
        ],
        vec![
            "render".into(),
            "--engine".into(),
            "builtin".into(),
            "--figure".into(),
            "fig2".into(),
            "-o".into(),
            s(&tmp.path().join("f.svg")).into(),
        ],
    ];
    for name in ["x.dot", "g.icg", "f.svg"] {
        fs::write(tmp.path().join(name), "precious").unwrap();
    }
    for args in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&args, "pass --force to replace it");
    }
    for name in ["out.json", "x.dot", "g.icg", "f.svg"] {
        assert_eq!(
            fs::read_to_string(tmp.path().join(name)).unwrap(),
            "precious"
        );
    }
    // With --force the file is replaced in place: same inode, hard link kept.
    let link = tmp.path().join("link.json");
    fs::hard_link(&target, &link).unwrap();
    icigraph()
        .args(["--force", "export", "json", "-o", s(&target)])
        .assert()
        .success();
    let text = fs::read_to_string(&link).unwrap();
    assert!(text.starts_with('{'), "the hard link sees the new content");
}

#[test]
fn special_files_and_links_are_never_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let secret = tmp.path().join("secret.txt");
    fs::write(&secret, "keep").unwrap();
    let link = tmp.path().join("link.json");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    refused(
        &["--force", "export", "json", "-o", s(&link)],
        "symbolic link",
    );
    assert_eq!(fs::read_to_string(&secret).unwrap(), "keep");
    let fifo = tmp.path().join("pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    refused(&["--force", "export", "json", "-o", s(&fifo)], "a FIFO");
    refused(&["--force", "build", "-o", "/dev/null"], "a device");
    refused(
        &["--force", "export", "json", "-o", s(tmp.path())],
        "a folder",
    );
}

#[test]
fn the_graph_being_read_is_never_written() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    folder(&data);
    let before = fs::read_to_string(data.join("nodes.csv")).unwrap();
    let d = s(&data);
    refused(
        &[
            "--data",
            d,
            "--force",
            "build",
            "-o",
            s(&data.join("graph.icg")),
        ],
        "part of the graph being read",
    );
    refused(
        &[
            "--data",
            d,
            "--force",
            "build",
            "-o",
            s(&data.join("nodes.csv")),
        ],
        "will not write",
    );
    refused(
        &[
            "--data",
            d,
            "export",
            "json",
            "-o",
            s(&data.join("new.json")),
        ],
        "part of the graph being read",
    );
    refused(
        &[
            "--data", d, "generate", "--nodes", "10", "--edges", "10", "--out", d,
        ],
        "part of the graph being read",
    );
    // Interchange exports, even forced, never write into the folder read.
    refused(
        &["--data", d, "--force", "export", "kgx", "-o", d],
        "part of the graph being read",
    );
    refused(
        &[
            "--data",
            d,
            "export",
            "graphml",
            "--force",
            "-o",
            s(&data.join("g.graphml")),
        ],
        "part of the graph being read",
    );
    assert_eq!(fs::read_to_string(data.join("nodes.csv")).unwrap(), before);
    let snapshot = tmp.path().join("g.icg");
    icigraph()
        .args(["--data", d, "build", "-o", s(&snapshot)])
        .assert()
        .success();
    refused(
        &["--db", s(&snapshot), "--force", "build", "-o", s(&snapshot)],
        "part of the graph being read",
    );
}

#[test]
fn the_extension_names_the_format_written() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("fig.pdf");
    let svg = tmp.path().join("fig.svg");
    fs::write(&svg, "precious").unwrap();
    refused(
        &[
            "render",
            "--engine",
            "builtin",
            "--figure",
            "fig2",
            "-o",
            s(&pdf),
        ],
        "install Graphviz",
    );
    assert!(!pdf.exists());
    assert_eq!(fs::read_to_string(&svg).unwrap(), "precious");
    refused(
        &["export", "json", "-o", s(&tmp.path().join("graph.csv"))],
        "names CSV, but this writes JSON",
    );
    refused(
        &["build", "-o", s(&tmp.path().join("graph.json"))],
        "names JSON, but this writes snapshot",
    );
}

#[test]
fn generate_keeps_an_existing_graph_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    fs::create_dir(&out).unwrap();
    folder(&out);
    let args = [
        "generate",
        "--nodes",
        "20",
        "--edges",
        "30",
        "--out",
        s(&out),
    ];
    refused(&args, "pass --force to replace it");
    assert!(
        fs::read_to_string(out.join("nodes.csv"))
            .unwrap()
            .contains("a:1")
    );
    let mut forced = vec!["--force"];
    forced.extend(args);
    icigraph().args(&forced).assert().success();
}

#[test]
fn the_shell_refuses_to_write_over_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("last.json");
    fs::write(&target, "precious").unwrap();
    let script = format!(":node PD-1\n:export json {}\n", s(&target));
    let out = icigraph()
        .arg("shell")
        .write_stdin(script)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pass --force"));
    assert_eq!(fs::read_to_string(&target).unwrap(), "precious");
}

/// `export parquet` writes its folder through the same rule as every other
/// interchange export: a file in its place, a non-empty folder (unless
/// `--force`) and the folder being read (even forced) are refused; what it
/// writes are two complete Parquet files.
#[test]
fn export_parquet_follows_the_write_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    folder(&data);
    let d = s(&data);
    refused(
        &["--data", d, "--force", "export", "parquet", "-o", d],
        "part of the graph being read",
    );
    let file = tmp.path().join("file");
    fs::write(&file, "keep").unwrap();
    refused(&["export", "parquet", "-o", s(&file)], "is a file");
    let out = tmp.path().join("pq");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    refused(&["export", "parquet", "-o", s(&out)], "not empty");
    icigraph()
        .args(["--data", d, "export", "parquet", "--force", "-o", s(&out)])
        .assert()
        .success()
        .stdout(predicates::str::contains("nodes.parquet, edges.parquet"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep");
    assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    for name in ["nodes.parquet", "edges.parquet"] {
        let bytes = fs::read(out.join(name)).unwrap();
        assert!(
            bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
            "{name}"
        );
    }
}
