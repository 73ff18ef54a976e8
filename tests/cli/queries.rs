//! Saved questions: every `queries/*.args` file is run through the binary on
//! the shipped data and its output compared with a checked-in snapshot, so a
//! data or algorithm change that alters an answer shows up in review.
//!
//! An `.args` file holds `#` comment lines saying what it asks, then one line
//! of shell-quoted icigraph arguments. After an intended change, accept the
//! new answers with `INSTA_UPDATE=always cargo test --test queries` (or
//! `cargo insta review`).

use std::fs;
use std::path::PathBuf;

/// The argument line of an `.args` file.
fn arguments(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(lines.len(), 1, "one line of arguments expected");
    shlex::split(lines[0]).expect("arguments are shell-quoted")
}

#[test]
fn saved_queries_give_their_recorded_answers() {
    let mut files: Vec<PathBuf> = fs::read_dir("queries")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "args"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "queries/ holds no .args file");
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let args = arguments(&fs::read_to_string(&file).unwrap());
        let out = crate::common::icigraph()
            .env("COLUMNS", "200")
            .args(&args)
            .output()
            .unwrap();
        let mut answer = format!("exit: {}\n", out.status.code().unwrap_or(-1));
        answer.push_str(&String::from_utf8_lossy(&out.stdout));
        if !out.stderr.is_empty() {
            answer.push_str("--- stderr ---\n");
            answer.push_str(&String::from_utf8_lossy(&out.stderr));
        }
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
            description => args.join(" "),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, answer);
        });
    }
}
