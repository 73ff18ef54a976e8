//! Progress bars and `--quiet`: output that is not a terminal never holds a
//! bar, `--quiet` is accepted by every command and changes none of their
//! output, and a slow `generate` on a terminal draws one. Also: `generate`
//! writes the same bytes on every run with one seed.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use sha2::{Digest, Sha256};

use crate::common::icigraph;

/// sha256 of every file in `dir`, by name.
fn digests(dir: &Path) -> BTreeMap<String, String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let digest = Sha256::digest(fs::read(&path).unwrap());
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                hex,
            )
        })
        .collect()
}

fn run(args: &[&str], extra: &[&std::ffi::OsStr]) -> Output {
    icigraph().args(args).args(extra).output().unwrap()
}

/// The generator draws from one seeded stream on one thread, so the files
/// are a function of the arguments alone; 200,000 edges take a few seconds
/// in a debug build, longer than a bar's delay, and print no bar into a pipe.
#[test]
fn generate_writes_identical_files_for_a_seed_and_no_bar_into_a_pipe() {
    let tmp = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    for name in ["a", "b"] {
        let dir = tmp.path().join(name);
        let out = run(
            &[
                "generate", "--nodes", "40000", "--edges", "200000", "--seed", "7", "--pairs",
                "20", "--out",
            ],
            &[dir.as_os_str()],
        );
        assert!(out.status.success(), "{out:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "no bar on a pipe");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            format!(
                "wrote 40000 nodes and 200000 edges to {} (seed 7)\nwrote 20 reachable pairs to {}\n",
                dir.display(),
                dir.join("pairs.csv").display()
            )
        );
        seen.push(digests(&dir));
    }
    let names: Vec<&str> = seen[0].keys().map(String::as_str).collect();
    assert_eq!(names, ["edges.csv", "nodes.csv", "pairs.csv"]);
    assert_eq!(seen[0], seen[1], "sha256 of every file matches");
}

/// Read-only commands: the same stdout, stderr and status with and without
/// `--quiet` (or `-q` before the command).
#[test]
fn quiet_is_accepted_everywhere_and_changes_no_output() {
    let commands: &[&[&str]] = &[
        &["check"],
        &["stats", "--hubs", "3"],
        &["node", "B2M"],
        &["neighbors", "B2M"],
        &["path", "B2M", "CD8 T cell"],
        &["strategies", "B2M loss"],
        &["tree"],
        &["figures"],
        &["query", "MATCH (n) RETURN count(n)"],
        &["export", "table", "--figure", "table1"],
        &["node", "no such thing at all"],
    ];
    for args in commands {
        let plain = run(args, &[]);
        let quiet = run(args, &["--quiet".as_ref()]);
        let short = icigraph().arg("-q").args(*args).output().unwrap();
        for other in [&quiet, &short] {
            assert_eq!(plain.status.code(), other.status.code(), "{args:?}");
            assert_eq!(plain.stdout, other.stdout, "{args:?}");
            assert_eq!(plain.stderr, other.stderr, "{args:?}");
        }
    }
}

/// Commands that write files: the same files with `--quiet`, nothing on
/// stderr either way.
#[test]
fn quiet_writers_write_the_same_files() {
    let tmp = tempfile::tempdir().unwrap();
    let writers: &[(&[&str], &str)] = &[
        (&["build", "-o"], "g.icg"),
        (&["export", "kgx", "-o"], "kgx"),
        (&["export", "neo4j", "-o"], "neo4j"),
        (&["export", "json", "-o"], "g.json"),
        (&["export", "graphml", "-o"], "g.graphml"),
        (
            &["generate", "--nodes", "50", "--edges", "200", "--out"],
            "gen",
        ),
    ];
    for (args, name) in writers {
        let mut written = Vec::new();
        for flag in [None, Some("--quiet")] {
            let target = tmp.path().join(flag.unwrap_or("plain")).join(name);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            let out = icigraph()
                .args(flag)
                .args(*args)
                .arg(&target)
                .output()
                .unwrap();
            assert!(out.status.success(), "{args:?}: {out:?}");
            assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
            written.push(if target.is_dir() {
                digests(&target)
            } else {
                BTreeMap::from([(
                    name.to_string(),
                    format!("{:?}", fs::read(&target).unwrap()),
                )])
            });
        }
        assert_eq!(written[0], written[1], "{args:?}");
    }
}

fn script_available() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `generate` on a pseudo-terminal (util-linux `script`): a bar after a
/// second of work, cleared at the end; none with `--quiet`. 800,000 edges
/// take several seconds in a debug build.
#[test]
fn a_slow_generate_on_a_terminal_draws_a_bar_unless_quiet() {
    if !script_available() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("icigraph");
    for quiet in [false, true] {
        let dir = tmp.path().join(if quiet { "quiet" } else { "bars" });
        let command = format!(
            "{} {}generate --nodes 100000 --edges 800000 --out {}",
            bin.display(),
            if quiet { "--quiet " } else { "" },
            dir.display()
        );
        let out = Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .env("TERM", "xterm")
            .env_remove("CI")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let screen = String::from_utf8_lossy(&out.stdout);
        assert!(
            screen.contains("wrote 100000 nodes and 800000 edges"),
            "{screen}"
        );
        let bar = screen.contains("drawing edges [") || screen.contains("writing rows [");
        assert_eq!(bar, !quiet, "quiet {quiet}: {screen}");
        if !quiet {
            assert!(screen.contains('%'), "{screen}");
        }
    }
}
