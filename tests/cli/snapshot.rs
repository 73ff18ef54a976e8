//! `icigraph build` and `--db`: a snapshot answers like the files it came
//! from, and a damaged one is refused with a clear message, never a panic.

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use predicates::str::contains;

use crate::common::{Lcg, icigraph};

fn build(data: &str, dir: &Path) -> PathBuf {
    let out = dir.join("graph.icg");
    icigraph()
        // The loop rebuilds the same file: replacing it needs --force.
        .args(["--force", "build", "--data", data, "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("wrote"));
    out
}

fn export(args: &[&str]) -> Vec<u8> {
    icigraph()
        .args(args)
        .args(["export", "json"])
        .output()
        .unwrap()
        .stdout
}

#[test]
fn snapshot_answers_like_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    for data in [
        "tests/fixtures/mini",
        "tests/fixtures/kgx",
        "tests/fixtures/open",
    ] {
        let db = build(data, tmp.path());
        let db = db.to_str().unwrap();
        let from_files = export(&["--data", data]);
        assert!(from_files.len() > 20);
        assert_eq!(export(&["--db", db]), from_files, "{data}");
        let node_args = ["node", "n1", "--format", "json"];
        if data.ends_with("open") {
            let a = icigraph()
                .args(["--db", db])
                .args(node_args)
                .output()
                .unwrap();
            let b = icigraph()
                .args(["--data", data])
                .args(node_args)
                .output()
                .unwrap();
            assert_eq!(a.stdout, b.stdout);
        }
    }
}

#[test]
fn shipped_graph_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("shipped.icg");
    icigraph()
        .arg("build")
        .arg("-o")
        .arg(&db)
        .assert()
        .success();
    let db = db.to_str().unwrap();
    assert_eq!(export(&["--db", db]), export(&[]));
}

fn refused(bytes: &[u8], message: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("bad.icg");
    fs::write(&db, bytes).unwrap();
    icigraph()
        .arg("--db")
        .arg(&db)
        .arg("check")
        .assert()
        .code(1)
        .stderr(contains(message))
        .stderr(contains("panicked").not());
}

/// One-shot commands on a snapshot whose edges they check where they read
/// them: none panics, one that fails names the damage and prints no answer,
/// and at least one of them (searches from many nodes, per-predicate counts
/// and degrees, expansions both ways) meets it.
fn refused_where_read(bytes: &[u8], message: &str, pairs: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("bad.icg");
    fs::write(&db, bytes).unwrap();
    let runs: [&[&str]; 4] = [
        &["path", "--pairs", pairs.to_str().unwrap(), "--k", "1"],
        &["stats"],
        &[
            "query",
            "MATCH (a) WITH a MATCH (a)-->(b) RETURN a.id, b.id",
        ],
        &[
            "query",
            "MATCH (a) WITH a MATCH (a)<--(b) RETURN a.id, b.id",
        ],
    ];
    let mut failed = 0;
    for args in runs {
        let output = icigraph().arg("--db").arg(&db).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        if !output.status.success() {
            failed += 1;
            assert!(stderr.contains(message), "{args:?}: {stderr}");
            assert!(output.stdout.is_empty(), "{args:?} printed an answer");
        }
    }
    assert!(failed > 0, "no command met the damage ({message})");
}

fn good_bytes() -> Vec<u8> {
    let tmp = tempfile::tempdir().unwrap();
    fs::read(build("tests/fixtures/mini", tmp.path())).unwrap()
}

#[test]
fn truncated_snapshot_is_refused() {
    let bytes = good_bytes();
    refused(&bytes[..bytes.len() - 7], "snapshot is truncated");
    refused(&bytes[..20], "snapshot is truncated");
}

#[test]
fn flipped_byte_is_refused() {
    let mut bytes = good_bytes();
    let last = bytes.len() - 3;
    bytes[last] ^= 0x40;
    refused(&bytes, "checksum mismatch");
}

#[test]
fn wrong_magic_is_refused() {
    let mut bytes = good_bytes();
    bytes[0] = b'X';
    refused(&bytes, "not an icigraph snapshot");
    refused(b"id,name\n", "not an icigraph snapshot");
}

#[test]
fn wrong_version_is_refused() {
    let mut bytes = good_bytes();
    bytes[8..12].copy_from_slice(&99u32.to_le_bytes());
    refused(&bytes, "snapshot format version 99 is not supported");
}

#[test]
fn missing_snapshot_and_conflicting_sources_are_clear() {
    icigraph()
        .args(["--db", "no/such/file.icg", "stats"])
        .assert()
        .code(1)
        .stderr(contains("cannot read no/such/file.icg"));
    icigraph()
        .args(["--db", "x.icg", "--data", "tests/fixtures/mini", "stats"])
        .assert()
        .code(2)
        .stderr(contains("cannot be used with"));
}

/// Recomputes the checksum of a changed snapshot (it covers the metadata,
/// which starts at the offset in header bytes 24..32), so the decoder itself
/// is tested.
fn reseal(bytes: &mut [u8]) {
    let meta = 32 + u64::from_le_bytes(bytes[24..32].try_into().unwrap()) as usize;
    if let Some(tail) = bytes.get(meta..) {
        let crc = crc32fast::hash(tail);
        bytes[12..16].copy_from_slice(&crc.to_le_bytes());
    }
}

/// Corrupts the body and recomputes the checksum: every crafted file is
/// refused with a message or decodes to a graph whose edges join existing
/// nodes and which exports valid JSON.
#[test]
fn crafted_bodies_with_a_valid_checksum_are_refused_or_consistent() {
    use icigraph_engine::snapshot;
    let dir = std::path::Path::new("tests/fixtures/mini");
    let graph =
        icigraph_engine::load::load(&icigraph_engine::load::Source::Dir(dir.into())).unwrap();
    let base = snapshot::to_bytes(&graph);
    let mut rng = Lcg(99);
    let (mut refused, mut loaded) = (0, 0);
    for round in 0..2_000 {
        let mut bytes = base.clone();
        for _ in 0..1 + rng.next(4) {
            let i = 32 + rng.next((bytes.len() - 32) as u64) as usize;
            bytes[i] = if round % 3 == 0 {
                0xff
            } else {
                rng.next(256) as u8
            };
        }
        if round % 7 == 0 {
            let keep = 32 + rng.next((bytes.len() - 32) as u64) as usize;
            bytes.truncate(keep);
        }
        reseal(&mut bytes);
        match snapshot::from_bytes(&bytes) {
            Err(err) => {
                assert!(!err.to_string().is_empty());
                refused += 1;
            }
            Ok(g) => {
                for e in g.edge_indices() {
                    let edge = g.edge(e);
                    assert!(edge.subject().index() < g.node_count());
                    assert!(edge.object().index() < g.node_count());
                }
                let mut out = Vec::new();
                icigraph_engine::export::json::write_graph(&g, &mut out).unwrap();
                serde_json::from_slice::<serde_json::Value>(&out).expect("valid JSON");
                loaded += 1;
            }
        }
    }
    // The checksum does not hide the decoder: crafted files reach it, and
    // many fail there (damage to strings and the id table is read as empty
    // text or a miss instead).
    assert!(refused > 500, "{refused} refused, {loaded} loaded");
}

/// Every file of a folder, by name.
fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// A snapshot keeps what interchange exports take from the schema (the
/// review as every curated edge's source, the edge styles), so `export kgx`
/// and `export dot` from it equal the same exports from the folder.
#[test]
fn exports_from_a_snapshot_equal_exports_from_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("shipped.icg");
    icigraph()
        .arg("build")
        .arg("-o")
        .arg(&db)
        .assert()
        .success();
    let kgx = |source: &[&str], out: &Path| {
        icigraph()
            .args(source)
            .args(["export", "kgx", "-o"])
            .arg(out)
            .assert()
            .success();
        files_of(out)
    };
    let db = db.to_str().unwrap();
    let from_snapshot = kgx(&["--db", db], &tmp.path().join("a"));
    let from_folder = kgx(&[], &tmp.path().join("b"));
    assert!(!from_folder.is_empty());
    let edges = from_folder
        .iter()
        .find(|(name, _)| name.starts_with("edges"))
        .expect("an edge file");
    assert!(
        String::from_utf8_lossy(&edges.1).contains("doi:10.1186/s13578-023-01073-9"),
        "the curated edges cite the review"
    );
    assert_eq!(from_snapshot, from_folder);
    let dot = |source: &[&str]| {
        icigraph()
            .args(source)
            .args(["export", "dot", "--all"])
            .output()
            .unwrap()
            .stdout
    };
    let folder_dot = dot(&[]);
    assert!(folder_dot.len() > 100);
    assert_eq!(dot(&["--db", db]), folder_dot);
}

/// A snapshot of the previous format version (written by an older icigraph)
/// is refused with the rebuild hint, not misread.
#[test]
fn older_version_is_refused() {
    for older in [4u32, 5] {
        let mut bytes = good_bytes();
        bytes[8..12].copy_from_slice(&older.to_le_bytes());
        refused(
            &bytes,
            &format!("snapshot format version {older} is not supported"),
        );
        refused(&bytes, "rebuild it with `icigraph build -o FILE`");
    }
}

/// Where the stored column `values` (`u32`s, 8-aligned) lies in the
/// snapshot: its one occurrence, found from the graph's own arrays.
fn column_at(bytes: &[u8], values: &[u32]) -> usize {
    let needle: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    let found: Vec<usize> = (0..=bytes.len() - needle.len())
        .step_by(8)
        .filter(|&i| bytes[i..i + needle.len()] == needle[..])
        .collect();
    assert_eq!(found.len(), 1, "column {values:?} found at {found:?}");
    found[0]
}

/// The stored adjacency is checked, not trusted: a crafted snapshot whose
/// CSR offsets, targets or edge indices are out of range is refused with a
/// message, by the library and by the command line, and never panics.
#[test]
fn crafted_adjacency_is_refused_with_a_message() {
    use icigraph_engine::snapshot;
    use petgraph::Direction;
    // Big enough that every column's contents are unique in the file.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("generated");
    icigraph()
        .args([
            "generate", "--nodes", "300", "--edges", "3000", "--seed", "3", "--out",
        ])
        .arg(&dir)
        .assert()
        .success();
    let graph = icigraph_engine::load::load(&icigraph_engine::load::Source::Dir(dir)).unwrap();
    let (n, m) = (graph.node_count() as u32, graph.edge_count() as u32);
    let nodes: Vec<_> = graph.node_indices().collect();
    let mut offsets = vec![0u32];
    for &v in &nodes {
        offsets.push(offsets.last().unwrap() + graph.edges(v, Direction::Outgoing).count() as u32);
    }
    let inc = &graph.adjacency().inc;
    let inc_targets: Vec<u32> = (0..n).flat_map(|v| inc.targets(v).to_vec()).collect();
    let out = &graph.adjacency().out;
    let out_edges: Vec<u32> = (0..n).flat_map(|v| out.edges(v).to_vec()).collect();
    let base = snapshot::to_bytes(&graph);
    assert!(snapshot::from_bytes(&base).is_ok());
    let ids: Vec<&str> = nodes.iter().map(|&v| graph.node(v).id()).collect();
    let pairs = tmp.path().join("pairs.csv");
    let rows: String = (0..ids.len() / 2)
        .map(|i| format!("{},{}\n", ids[i], ids[ids.len() - 1 - i]))
        .collect();
    fs::write(&pairs, format!("source,target\n{rows}")).unwrap();
    let cases = [
        (
            column_at(&base, &offsets) + 4,
            u32::MAX - 1,
            "adjacency offsets",
        ),
        (
            column_at(&base, &offsets) + 4 * n as usize,
            m - 1,
            "adjacency offsets",
        ),
        (
            column_at(&base, &inc_targets),
            n + 3,
            "adjacency names a node out of range",
        ),
        (
            column_at(&base, &out_edges),
            m + 7,
            "adjacency names an edge out of range",
        ),
    ];
    for (at, value, message) in cases {
        let mut bytes = base.clone();
        bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
        reseal(&mut bytes);
        let err = snapshot::from_bytes(&bytes).expect_err(message);
        assert!(err.to_string().contains(message), "{err}");
        refused(&bytes, &format!("snapshot is corrupted ({message}"));
        refused_where_read(&bytes, &format!("snapshot is corrupted ({message}"), &pairs);
    }
}
