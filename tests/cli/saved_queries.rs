//! Golden tests: every saved question in `queries/` runs through the binary
//! on the shipped graph and its CSV output must match the snapshot.

use std::fs;
use std::path::Path;

#[test]
fn saved_queries_match_their_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("queries/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "cypher"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "expected at least 10 saved queries, found {}",
        files.len()
    );
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            text.trim_start().starts_with("//"),
            "{name}: a saved query starts with a comment saying what it asks"
        );
        let output = crate::common::icigraph()
            .args(["query", "--format", "csv", "-f"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{name} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let csv = String::from_utf8(output.stdout).unwrap();
        assert!(csv.lines().count() > 1, "{name} returned no rows");
        crate::common::assert_golden("saved_queries", &name, &csv);
    }
}
