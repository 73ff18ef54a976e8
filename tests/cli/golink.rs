//! The review linked to public knowledge: cross-references merged from
//! `graph-data/xrefs/`, and the Gene Ontology folder `graph-data-go/` loaded
//! beside the review with `--with`. Answers are checked against the
//! Bioconductor sqlite files Debian ships (r-bioc-org.hs.eg.db, r-bioc-go.db)
//! through `scripts/golink/golink.py`, which reads them with Python's sqlite3.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;

use crate::common::copy_dir;

const ORGDB: &str = "/usr/lib/R/site-library/org.Hs.eg.db/extdata/org.Hs.eg.sqlite";
const GODB: &str = "/usr/lib/R/site-library/GO.db/extdata/GO.sqlite";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether the sqlite files are here; in CI they must be (test-all.sh installs them).
fn packages() -> bool {
    let orgdb = std::env::var("ICIGRAPH_ORGDB").unwrap_or_else(|_| ORGDB.into());
    let godb = std::env::var("ICIGRAPH_GODB").unwrap_or_else(|_| GODB.into());
    let present = Path::new(&orgdb).is_file() && Path::new(&godb).is_file();
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install r-bioc-org.hs.eg.db and r-bioc-go.db (scripts/test-all.sh does)"
        );
        eprintln!(
            "skipped: the sqlite checks need `apt-get install r-bioc-org.hs.eg.db r-bioc-go.db`"
        );
    }
    present
}

fn golink(args: &[&str]) -> String {
    let output = Process::new("python3")
        .arg(root().join("scripts/golink/golink.py"))
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "golink.py {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn icigraph(args: &[&str]) -> String {
    let output = Command::cargo_bin("icigraph")
        .unwrap()
        .env_remove("ICIGRAPH_DATA")
        .current_dir(root())
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "icigraph {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn go_queries() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("queries/go"))
        .expect("queries/go exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "cypher"))
        .collect();
    files.sort();
    files
}

#[test]
fn go_queries_match_their_goldens_and_the_sqlite_tables() {
    let files = go_queries();
    assert_eq!(files.len(), 3, "three cross-source questions");
    let sqlite = packages();
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let csv = icigraph(&[
            "--with",
            "graph-data-go",
            "query",
            "--format",
            "csv",
            "-f",
            file.to_str().unwrap(),
        ]);
        assert!(csv.lines().count() > 1, "{name} returned no rows");
        if sqlite {
            let expected = golink(&["--answer", &name]);
            assert_eq!(
                csv, expected,
                "{name}: the graph and the sqlite tables disagree"
            );
        }
        crate::common::assert_golden("golink", &name, &csv);
    }
}

/// Reads `graph-data/xrefs/org.Hs.eg.db.csv` as (id, symbol, xrefs).
fn xref_rows() -> Vec<(String, String, String)> {
    let mut reader = csv::Reader::from_path(root().join("graph-data/xrefs/org.Hs.eg.db.csv"))
        .expect("the xrefs file exists");
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r[1].to_owned(), r[2].to_owned())
        })
        .collect()
}

#[test]
fn every_linked_gene_carries_the_package_ncbi_gene_id() {
    let rows = xref_rows();
    assert!(rows.len() >= 40, "only {} nodes linked", rows.len());
    // Every node the decisions call a single gene product is linked.
    let mut decisions =
        csv::Reader::from_path(root().join("scripts/golink/decisions.csv")).unwrap();
    for r in decisions.records() {
        let r = r.unwrap();
        if &r[1] == "gene_product" {
            assert!(
                rows.iter().any(|(id, _, _)| id == &r[0]),
                "{} is a gene product but has no xrefs",
                &r[0]
            );
        }
    }
    // Every review Gene node is either linked or has a decision saying why not.
    let genes = icigraph(&[
        "query",
        "--format",
        "csv",
        "MATCH (g:Gene) RETURN g.id AS id, g.xref IS NOT NULL AS linked ORDER BY id",
    ]);
    let decided = fs::read_to_string(root().join("scripts/golink/decisions.csv")).unwrap();
    for line in genes.lines().skip(1) {
        let (id, linked) = line.split_once(',').unwrap();
        assert!(
            linked == "true" || decided.contains(&format!("{id},")),
            "{id}: no xref and no decision"
        );
    }
    if !packages() {
        return;
    }
    // The package's own symbol -> gene id table, read independently of the linker.
    let symbols: Vec<&str> = rows.iter().map(|(_, s, _)| s.as_str()).collect();
    let script = "import sqlite3, sys\n\
        c = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)\n\
        for s in sys.argv[2:]:\n    \
        r = c.execute('SELECT gene_id FROM genes JOIN gene_info USING (_id) WHERE symbol = ?', (s,)).fetchall()\n    \
        print(s, ' '.join(x[0] for x in r))\n";
    let orgdb = std::env::var("ICIGRAPH_ORGDB").unwrap_or_else(|_| ORGDB.into());
    let output = Process::new("python3")
        .args(["-c", script, &orgdb])
        .args(&symbols)
        .output()
        .unwrap();
    assert!(output.status.success());
    let table = String::from_utf8(output.stdout).unwrap();
    for ((id, symbol, _), line) in rows.iter().zip(table.lines()) {
        let ids: Vec<&str> = line.split(' ').skip(1).collect();
        assert_eq!(ids.len(), 1, "{symbol} is not one gene in the package");
        let json = icigraph(&["node", id, "--format", "json"]);
        let node: serde_json::Value = serde_json::from_str(&json).unwrap();
        let xref = node["properties"]["xref"].as_array().expect("xref list");
        assert_eq!(
            xref[0],
            format!("NCBIGene:{}", ids[0]),
            "{id} ({symbol}) loaded with the wrong NCBI Gene id"
        );
    }
}

#[test]
fn gene_aliases_find_the_review_nodes() {
    for (alias, id) in [
        ("HAVCR2", "ici:tim3"),
        ("VSIR", "ici:vista"),
        ("CD274", "ici:pd_l1"),
        ("PDCD1", "ici:pd1"),
        ("B2M", "ici:b2m"),
        ("STK11", "ici:lkb1"),
        ("CD366", "ici:tim3"),
        ("C10orf54", "ici:vista"),
    ] {
        let json = icigraph(&["node", alias, "--format", "json"]);
        let node: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(node["id"], id, "{alias}");
    }
}

#[test]
fn review_edges_and_go_edges_name_their_sources() {
    let csv = icigraph(&[
        "--with",
        "graph-data-go",
        "query",
        "--format",
        "csv",
        "MATCH ()-[r]->() RETURN r.primary_knowledge_source AS source, count(*) AS edges ORDER BY source",
    ]);
    let review = icigraph(&[
        "query",
        "--format",
        "csv",
        "MATCH ()-[r]->() RETURN count(*) AS n",
    ]);
    let review = review.lines().nth(1).unwrap();
    let go_edges = fs::read_to_string(root().join("graph-data-go/edges.tsv")).unwrap();
    let annotations = go_edges.matches("\tinfores:ncbi-gene\t").count();
    let dag = go_edges.matches("\tinfores:go\t").count();
    assert_eq!(
        csv,
        format!(
            "source,edges\ndoi:10.1186/s13578-023-01073-9,{review}\n\
             infores:go,{dag}\ninfores:ncbi-gene,{annotations}\n"
        ),
        "every edge names its source: the review's all of them, GO's from the folder"
    );
    // Without --with the review's edges stay as curated: no such property at all.
    Command::cargo_bin("icigraph")
        .unwrap()
        .env_remove("ICIGRAPH_DATA")
        .args([
            "query",
            "MATCH ()-[r]->() RETURN r.primary_knowledge_source AS s LIMIT 1",
        ])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "no property `primary_knowledge_source`",
        ));
}

#[test]
fn check_reports_a_cross_reference_to_a_missing_node() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("graph-data");
    copy_dir(&root().join("graph-data"), &copy);
    let xrefs = copy.join("xrefs/org.Hs.eg.db.csv");
    let text = fs::read_to_string(&xrefs).unwrap();
    fs::write(&xrefs, text.replacen("ici:b2m,", "ici:b2mm,", 1)).unwrap();
    let output = Command::cargo_bin("icigraph")
        .unwrap()
        .args(["check", "--data"])
        .arg(&copy)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("org.Hs.eg.db.csv:3") && err.contains("\"ici:b2mm\" names no node"),
        "{err}"
    );
}

#[test]
fn with_refuses_a_curated_folder() {
    Command::cargo_bin("icigraph")
        .unwrap()
        .current_dir(root())
        .args(["--with", "graph-data", "stats"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "cannot be loaded beside the graph",
        ));
}
