//! A short deterministic run of every fuzz target: the seed corpus (TCK
//! queries read from `../shared/tck`, the saved queries, the test fixtures,
//! the shipped data) and fixed-seed mutations of it. Seconds, not minutes;
//! `cargo +nightly fuzz run TARGET --features libfuzzer` fuzzes for real.

use std::fs;
use std::path::{Path, PathBuf};

use icigraph_fuzz as targets;

/// A small deterministic generator (no extra dependency for a test).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Files under `dir` ending in `ext`, sorted.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Queries from the TCK's feature files (the docstrings after `executing query:`).
fn tck_queries() -> Vec<String> {
    let mut out = Vec::new();
    for path in files(&root().join("../shared/tck"), "feature") {
        let text = fs::read_to_string(path).unwrap_or_default();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if line.trim_end().ends_with("executing query:") && lines.next().is_some() {
                let body: Vec<&str> = lines
                    .by_ref()
                    .take_while(|l| l.trim() != "\"\"\"")
                    .collect();
                out.push(body.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n"));
            }
        }
    }
    out
}

/// A few byte-level mutations of `seed`.
fn mutate(seed: &[u8], rng: &mut Lcg) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.next(4) {
        match rng.next(5) {
            0 if !v.is_empty() => {
                let i = rng.next(v.len());
                v[i] = b"()[]{}+-*,.:'\"\n\\0x9aAND"[rng.next(22)];
            }
            1 if !v.is_empty() => {
                let i = rng.next(v.len());
                v.truncate(i);
            }
            2 => {
                let i = rng.next(v.len() + 1);
                let piece = v[i..].iter().take(20).copied().collect::<Vec<_>>();
                for _ in 0..rng.next(8) {
                    v.splice(i..i, piece.iter().copied());
                }
            }
            3 if !v.is_empty() => {
                let i = rng.next(v.len());
                v.remove(i);
            }
            _ => v.extend_from_slice(b" WITH 1 AS x"),
        }
    }
    v
}

#[test]
fn query_target_on_the_tck_and_saved_queries() {
    let mut seeds: Vec<Vec<u8>> = tck_queries().into_iter().map(String::into_bytes).collect();
    let tck = seeds.len();
    for path in files(&root().join("queries"), "cypher") {
        seeds.push(fs::read(path).unwrap());
    }
    seeds.push(b"MATCH p = (a)-[*]-(b) RETURN count(p)".to_vec());
    seeds.push(format!("RETURN {}1{}", "(".repeat(500), ")".repeat(500)).into_bytes());
    let mut rng = Lcg(7);
    // Every seed once, then mutations of a fixed sample.
    for seed in seeds.iter().step_by(4) {
        targets::query(seed);
    }
    for _ in 0..300 {
        let seed = &seeds[rng.next(seeds.len())];
        targets::query(&mutate(seed, &mut rng));
    }
    eprintln!("query: {tck} TCK queries among {} seeds", seeds.len());
}

#[test]
fn loader_target_on_the_fixtures() {
    let mut seeds = Vec::new();
    for dir in [
        "tests/fixtures/open",
        "tests/fixtures/mini",
        "tests/fixtures/paths",
    ] {
        let nodes = files(&root().join(dir), "csv");
        let mut joined = Vec::new();
        for f in nodes {
            joined.extend(fs::read(f).unwrap());
            joined.push(0);
        }
        seeds.push(joined);
    }
    let mut rng = Lcg(11);
    for seed in &seeds {
        targets::loader(seed);
    }
    for _ in 0..150 {
        let seed = &seeds[rng.next(seeds.len())];
        targets::loader(&mutate(seed, &mut rng));
    }
}

#[test]
fn snapshot_target_with_the_checksum_recomputed() {
    let mut rng = Lcg(13);
    for _ in 0..400 {
        let n = 4 + rng.next(12);
        let data: Vec<u8> = (0..n).map(|_| rng.next(256) as u8).collect();
        targets::snapshot(&data);
    }
}

#[test]
fn export_target_on_hostile_names() {
    let long = "x".repeat(100_000);
    let seeds: Vec<Vec<u8>> = vec![
        long.into_bytes(),
        "&\"<]>\\N\u{1f}]\u{1f} padded \u{1f}é"
            .repeat(3_000)
            .into_bytes(),
        fs::read(root().join("graph-data/nodes"))
            .unwrap_or_else(|_| b"PD-1\x1fB2M\x1fIFN-\xce\xb3".to_vec()),
    ];
    let mut rng = Lcg(17);
    for seed in &seeds {
        targets::export(seed);
    }
    for _ in 0..40 {
        let seed = &seeds[rng.next(seeds.len())];
        targets::export(&mutate(seed, &mut rng));
    }
}
