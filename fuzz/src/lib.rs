//! The bodies of the fuzz targets: each takes arbitrary bytes and must end
//! without a panic, a stack overflow or unbounded work. libFuzzer calls them
//! through `fuzz_targets/`; `tests/smoke.rs` runs them on a fixed corpus.

use std::path::Path;
use std::time::Duration;

use icigraph_engine::export::{Drawing, Style, dot, json};
use icigraph_engine::graph::Graph;
use icigraph_engine::load::{Source, load};
use icigraph_engine::query::{self, Limits, Options};
use icigraph_engine::snapshot;

/// The small graph queries run on (the `mini` fixture of the main crate).
pub fn mini() -> Graph {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/mini");
    load(&Source::Dir(dir)).expect("the mini fixture loads")
}

/// Limits small enough that any input finishes in milliseconds.
pub fn tiny_limits() -> Limits {
    Limits {
        expansions: 200_000,
        rows: 20_000,
        memory: 64 << 20,
        timeout: Some(Duration::from_secs(2)),
        cancel: None,
    }
}

/// Parse, plan and run the bytes as a Cypher script on the mini graph.
pub fn query(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = query::check(text);
    let mut graph = mini();
    let options = Options {
        limits: tiny_limits(),
        ..Options::default()
    };
    if let Ok(table) = query::run(&mut graph, text, &options) {
        let _ = query::output::table_json(&graph, &table);
    }
}

/// Load the bytes as a `nodes.csv` + `edges.csv` folder (split at the first
/// NUL byte, or in the middle) and, when it loads, export it.
pub fn loader(data: &[u8]) {
    let (nodes, edges) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => data.split_at(data.len() / 2),
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, bytes) in [("nodes.csv", nodes), ("edges.csv", edges)] {
        std::fs::write(dir.path().join(name), bytes).expect("a temporary file");
    }
    if let Ok(graph) = load(&Source::Dir(dir.path().to_owned())) {
        exercise(&graph);
    }
}

/// Overwrite the body of a valid snapshot with the bytes (at an offset the
/// first bytes choose), recompute the checksum so the decoder is reached,
/// and check that a graph it accepts is consistent.
pub fn snapshot(data: &[u8]) {
    thread_local! {
        static BASE: Vec<u8> = snapshot::to_bytes(&mini());
    }
    let mut bytes = BASE.with(Clone::clone);
    corrupt(&mut bytes, data);
    if let Ok(graph) = snapshot::from_bytes(&bytes) {
        exercise(&graph);
    }
}

/// The snapshot header's length, where its checksum lives, and where it
/// says the checksummed metadata starts (from the end of the header).
const HEADER: usize = 32;
const CRC_AT: usize = 12;
const META_AT: usize = 24;

/// Writes `data` into the body of `bytes` and fixes the checksum.
pub fn corrupt(bytes: &mut Vec<u8>, data: &[u8]) {
    let body = bytes.len() - HEADER;
    if data.len() >= 4 {
        let at = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize % body.max(1);
        for (i, &b) in data[4..].iter().enumerate() {
            let j = HEADER + (at + i) % body;
            bytes[j] ^= b;
        }
        // A length byte past the end now and then: truncation.
        if data[0] & 0x80 != 0 {
            bytes.truncate(HEADER + at);
        }
    }
    let meta = u64::from_le_bytes(bytes[META_AT..META_AT + 8].try_into().expect("8 bytes"));
    let meta = usize::try_from(meta).map_or(usize::MAX, |m| m.saturating_add(HEADER));
    if let Some(tail) = bytes.get(meta..) {
        let crc = crc32fast::hash(tail);
        bytes[CRC_AT..CRC_AT + 4].copy_from_slice(&crc.to_le_bytes());
    }
}

/// Names made of the bytes, drawn and exported: DOT strings must stay within
/// Graphviz's limit and JSON must parse back.
pub fn export(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut nodes = String::from("id,name,category\n");
    let mut edges = String::from("subject,predicate,object\n");
    for (i, name) in text.split('\u{1f}').take(50).enumerate() {
        let name: String = name.chars().filter(|c| !c.is_control()).collect();
        nodes.push_str(&format!("n:{i},\"{}\",Gene\n", name.replace('"', "\"\"")));
        if i > 0 {
            edges.push_str(&format!("n:0,interacts_with,n:{i}\n"));
        }
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("nodes.csv"), nodes).expect("a temporary file");
    std::fs::write(dir.path().join("edges.csv"), edges).expect("a temporary file");
    if let Ok(graph) = load(&Source::Dir(dir.path().to_owned())) {
        exercise(&graph);
    }
}

/// Everything a loaded graph must survive: JSON that parses back, DOT whose
/// strings fit Graphviz, every edge's ends among the nodes.
fn exercise(graph: &Graph) {
    for e in graph.edge_indices() {
        let edge = graph.edge(e);
        assert!(edge.subject().index() < graph.node_count());
        assert!(edge.object().index() < graph.node_count());
    }
    let mut out = Vec::new();
    json::write_graph(graph, &mut out).expect("JSON export");
    let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&out);
    assert!(parsed.is_ok(), "export json wrote invalid JSON");
    let drawing = Drawing::whole(graph, &Style::from_schema(graph.schema()));
    let text = dot::write(&drawing);
    assert!(
        longest_string(&text) < 16_384,
        "a DOT string past Graphviz's limit"
    );
}

/// The longest double-quoted string in DOT text, in bytes.
pub fn longest_string(dot: &str) -> usize {
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
