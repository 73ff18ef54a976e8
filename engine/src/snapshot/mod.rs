//! Binary snapshots (`.icg`): a validated graph saved so a later start skips
//! parsing and validation, and opening it builds nothing.
//!
//! Layout, all little-endian: a 32-byte header (magic `ICIGRAPH`, format
//! version, CRC-32 of the metadata, payload length, where the metadata
//! starts), then the payload: first the columns, each 8-aligned and read in
//! place from the mapped file ([`crate::graph::column`]): edge subjects,
//! objects and weights, the CSR adjacency of both directions (offsets,
//! targets, edge indices), the node columns (id and name symbols,
//! categories, slots of their synonyms and properties), the string table
//! (bytes, ends, and its hash index: [`crate::graph::strings`]) and the id
//! table (node of each symbol); then the metadata: the schema, the counts,
//! where each column lies, and the side tables of node synonyms and
//! properties and of edge properties, which are decoded.
//!
//! Hand-rolled flat arrays rather than a serde format: the bulk of a big
//! graph is a few columns of numbers, and anything decoded or hashed when a
//! file is opened costs every command. So the checksum covers the metadata
//! only (a few kilobytes unless nodes or edges carry properties); hashing the
//! columns of a 50M-edge graph (3 GB) would take longer than all the rest of
//! an open. What indexing needs is checked instead: every end point,
//! adjacency target and edge index in range, offsets rising, categories,
//! predicates and property slots known; the node columns when the file is
//! opened, the edge columns and the adjacency either then too ([`read`],
//! one sequential pass per column on two threads) or where each value is
//! read ([`read_unchecked`], for one-shot commands). The string table and the id table are checked where they
//! are read (a damaged entry reads as empty or misses, never as another
//! string or node). So a damaged or crafted file is refused with a message
//! or answers inconsistently, but never panics or reads out of bounds.

mod decode;
mod encode;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use crate::bytes::Bytes;

use crate::graph::Graph;
use crate::progress::{Progress, Silent};

/// First bytes of every snapshot.
pub const MAGIC: &[u8; 8] = b"ICIGRAPH";
/// Bumped whenever the layout changes; other versions are refused.
pub const VERSION: u32 = 6;
const HEADER_LEN: usize = 32;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SnapshotError {
    #[error(
        "not an icigraph snapshot (it does not start with ICIGRAPH); build one with `icigraph build -o FILE`"
    )]
    NotASnapshot,
    #[error(
        "snapshot format version {found} is not supported by this icigraph (it reads version {VERSION}); rebuild it with `icigraph build -o FILE`"
    )]
    Version { found: u32 },
    #[error(
        "snapshot is truncated: {expected} bytes expected, {found} present; rebuild it with `icigraph build -o FILE`"
    )]
    Truncated { expected: u64, found: u64 },
    #[error("snapshot is corrupted (checksum mismatch); rebuild it with `icigraph build -o FILE`")]
    Checksum,
    #[error("snapshot is corrupted ({0}); rebuild it with `icigraph build -o FILE`")]
    Corrupt(String),
}

/// The snapshot bytes of a graph.
pub fn to_bytes(graph: &Graph) -> Vec<u8> {
    to_bytes_with(graph, &Silent)
}

/// [`to_bytes`], telling `progress` the bytes written.
pub fn to_bytes_with(graph: &Graph, progress: &dyn Progress) -> Vec<u8> {
    let mut out = Vec::new();
    write_to(graph, &mut out, progress).expect("writing to memory does not fail");
    out
}

/// Streams a graph's snapshot to `w` (buffer it), telling `progress` the
/// bytes written; the graph's columns are written as they are, not copied.
pub fn write_to(graph: &Graph, w: &mut dyn Write, progress: &dyn Progress) -> std::io::Result<()> {
    encode::write(graph, w, progress, |meta, meta_at| {
        let mut header = Vec::with_capacity(HEADER_LEN);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&VERSION.to_le_bytes());
        header.extend_from_slice(&crc32fast::hash(meta).to_le_bytes());
        header.extend_from_slice(&(meta_at + meta.len() as u64).to_le_bytes());
        header.extend_from_slice(&meta_at.to_le_bytes());
        header
    })
}

/// Writes a snapshot atomically (a temporary file beside it, renamed into
/// place), so a failed write never leaves a half-written snapshot behind.
pub fn write(graph: &Graph, path: &Path) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp-{}", std::process::id()));
    let tmp = std::path::PathBuf::from(tmp);
    let result = fs::File::create(&tmp)
        .and_then(|file| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
            write_to(graph, &mut out, &Silent)?;
            out.into_inner().map_err(|e| e.into_error())?.sync_all()
        })
        .and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        fs::remove_file(&tmp).ok();
    }
    result
}

/// Reads a graph back from snapshot bytes, checking header, checksum and
/// every index (see the module docs).
pub fn from_bytes(bytes: &[u8]) -> Result<Graph, SnapshotError> {
    let meta = check(bytes)?;
    verified(decode::graph(
        &Arc::new(Bytes::Owned(bytes.to_vec())),
        HEADER_LEN,
        meta,
    ))
}

fn verified(graph: Result<Graph, SnapshotError>) -> Result<Graph, SnapshotError> {
    let mut graph = graph?;
    graph
        .verify()
        .map_err(|what| SnapshotError::Corrupt(what.into()))?;
    Ok(graph)
}

/// Checks the header and the checksum of the metadata; returns where the
/// metadata starts in `bytes`.
fn check(bytes: &[u8]) -> Result<usize, SnapshotError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(SnapshotError::NotASnapshot);
    }
    if bytes.len() < HEADER_LEN {
        return Err(SnapshotError::Truncated {
            expected: HEADER_LEN as u64,
            found: bytes.len() as u64,
        });
    }
    let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    let long = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    let version = word(8);
    if version != VERSION {
        return Err(SnapshotError::Version { found: version });
    }
    let expected = (HEADER_LEN as u64).saturating_add(long(16));
    if (bytes.len() as u64) < expected {
        return Err(SnapshotError::Truncated {
            expected,
            found: bytes.len() as u64,
        });
    }
    if bytes.len() as u64 > expected {
        return Err(SnapshotError::Corrupt(format!(
            "{} bytes after the end of the graph",
            bytes.len() as u64 - expected
        )));
    }
    let meta = usize::try_from(long(24))
        .ok()
        .and_then(|at| at.checked_add(HEADER_LEN))
        .filter(|&at| at <= bytes.len())
        .ok_or_else(|| SnapshotError::Corrupt("the metadata starts past the end".into()))?;
    if crc32fast::hash(&bytes[meta..]) != word(12) {
        return Err(SnapshotError::Checksum);
    }
    Ok(meta)
}

/// Reads a snapshot file. A big one is memory-mapped and its columns are
/// read in place, so the mapping lives as long as the graph ([`write`]
/// replaces a file by renaming, which leaves a mapped copy intact).
pub fn read(path: &Path) -> Result<Result<Graph, SnapshotError>, std::io::Error> {
    Ok(verified(read_unchecked(path)?))
}

/// Reads a snapshot file like [`read`] but checks its edge and adjacency
/// values only where they are read, not all at open (reading them all costs
/// more than most one-shot commands on a big graph): after using the
/// graph, [`Graph::damage`] says whether a read found one out of range,
/// and the answer must then be discarded. [`Graph::verify`] checks them all.
pub fn read_unchecked(path: &Path) -> Result<Result<Graph, SnapshotError>, std::io::Error> {
    let bytes = Arc::new(Bytes::open(path)?);
    Ok(check(&bytes).and_then(|meta| decode::graph(&bytes, HEADER_LEN, meta)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Adjacency, NodeIx, test_graph};
    use petgraph::Direction;

    /// A file big enough to be mapped is read in place: end points and both
    /// adjacency directions are slices of the file, equal to what building
    /// gives, and the graph still takes changes (copied out on first write).
    #[test]
    fn a_mapped_snapshot_is_read_in_place_and_stays_editable() {
        let n = 20_000;
        let edges: Vec<(usize, usize)> = (0..200_000).map(|i| (i % n, (i * 7 + 1) % n)).collect();
        let graph = test_graph(n, &edges);
        let dir = std::env::temp_dir().join(format!("icigraph-snapshot-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("g.icg");
        write(&graph, &file).unwrap();
        let mut read = read(&file).unwrap().unwrap();
        fs::remove_dir_all(&dir).ok();
        assert!(read.read_in_place());
        let (s, o, _) = read.raw_edges();
        let rebuilt = Adjacency::build(n, edges.len(), || s.iter().copied().zip(o.iter().copied()));
        assert_eq!(read.adjacency(), &rebuilt);
        assert_eq!(read.adjacency(), graph.adjacency());

        let p = read.schema().predicate_id("p").unwrap();
        let e = read
            .add_edge(NodeIx::new(5), p, NodeIx::new(6), Vec::new())
            .unwrap();
        assert!(!read.read_in_place());
        assert_eq!(read.edge_count(), edges.len() + 1);
        assert_eq!(read.edge(e).object(), NodeIx::new(6));
        assert_eq!(
            read.edges(NodeIx::new(5), Direction::Outgoing).next(),
            Some(e)
        );
    }

    /// A snapshot of `test_graph(n, …)` with node `n{i}` named `n{i}`, and
    /// where each column lies in it (byte range in the file).
    fn damageable(n: usize) -> (Vec<u8>, Vec<std::ops::Range<usize>>) {
        let edges: Vec<(usize, usize)> = (0..n).map(|i| (i, (i * 7 + 1) % n)).collect();
        let bytes = to_bytes(&test_graph(n, &edges));
        let meta = check(&bytes).unwrap();
        let widths = [4, 4, 8, 4, 4, 4, 4, 4, 4, 4, 4, 2, 4, 1, 8, 4, 4, 4];
        let ranges = decode::directory(&bytes, meta)
            .into_iter()
            .zip(widths)
            .map(|((offset, count), width)| {
                let start = HEADER_LEN + offset as usize;
                start..start + count as usize * width
            })
            .collect();
        (bytes, ranges)
    }

    fn word(bytes: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
    }

    fn put(bytes: &mut [u8], at: usize, value: u32) {
        bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    /// Every node found by its id and by the resolver: a damaged string
    /// index or id table may make `find_id` miss, never answer another node,
    /// and the resolver then finds the right one through the name index.
    fn ids_still_resolve(graph: &Graph) {
        for ix in graph.node_indices() {
            let id = format!("n{}", ix.index());
            assert!(graph.find_id(&id).is_none_or(|found| found == ix), "{id}");
            assert_eq!(graph.resolve(&id), Ok(ix), "{id}");
        }
    }

    #[test]
    fn opening_reads_every_column_in_place() {
        let (bytes, _) = damageable(50);
        let graph = from_bytes(&bytes).unwrap();
        assert!(graph.read_in_place());
        ids_still_resolve(&graph);
        assert!(!graph.names_ready(), "exact ids need no name index");
        for ix in graph.node_indices() {
            assert_eq!(graph.find_id(&format!("n{}", ix.index())), Some(ix));
        }
    }

    #[test]
    fn a_damaged_string_index_misses_but_never_names_another_string() {
        let (base, columns) = damageable(50);
        let slots = columns[16].clone();
        // Each non-empty slot in turn points at another symbol, or out of range.
        for at in slots.clone().step_by(4).filter(|&at| word(&base, at) != 0) {
            for value in [word(&base, at) % 50 + 2, u32::MAX] {
                let mut bytes = base.clone();
                put(&mut bytes, at, value);
                let graph = from_bytes(&bytes).expect("the index is checked where read");
                ids_still_resolve(&graph);
            }
        }
    }

    #[test]
    fn a_damaged_id_table_misses_but_never_names_another_node() {
        let (base, columns) = damageable(50);
        for at in columns[17].clone().step_by(4) {
            for value in [0, 7, 49, 50, u32::MAX - 1] {
                let mut bytes = base.clone();
                put(&mut bytes, at, value);
                let graph = from_bytes(&bytes).unwrap();
                ids_still_resolve(&graph);
            }
        }
    }

    #[test]
    fn damaged_string_ends_or_bytes_read_as_empty_text() {
        let (base, columns) = damageable(50);
        let ends = columns[14].clone();
        for (at, value) in [
            (ends.start, u64::MAX),
            (ends.start + 8 * 5, 0),
            (ends.end - 8, 1 << 40),
        ] {
            let mut bytes = base.clone();
            bytes[at..at + 8].copy_from_slice(&value.to_le_bytes());
            let graph = from_bytes(&bytes).unwrap();
            for ix in graph.node_indices() {
                let id = graph.node(ix).id();
                assert!(id.is_empty() || id == format!("n{}", ix.index()), "{id}");
            }
            let mut out = Vec::new();
            crate::export::json::write_graph(&graph, &mut out).unwrap();
        }
        let mut bytes = base.clone();
        bytes[columns[13].start + 1] = 0xff;
        let graph = from_bytes(&bytes).unwrap();
        let texts: Vec<&str> = graph.node_indices().map(|ix| graph.node(ix).id()).collect();
        assert!(texts.contains(&""), "the damaged string reads as empty");
        assert!(texts.contains(&"n7"));
    }

    /// Out-of-range values in the edge and adjacency columns of a
    /// [`damageable`] file: (byte, value put there, the message it gives).
    fn edge_damage(columns: &[std::ops::Range<usize>]) -> Vec<(usize, u32, &'static str)> {
        vec![
            (
                columns[0].start + 8,
                50,
                "an edge names a node out of range",
            ),
            (columns[1].start, 4000, "an edge names a node out of range"),
            (columns[2].start, 999, "unknown predicate or properties"),
            (columns[2].start + 4, 3, "unknown predicate or properties"),
            (
                columns[4].start + 4,
                77,
                "adjacency names a node out of range",
            ),
            (columns[8].start, 50, "adjacency names an edge out of range"),
        ]
    }

    #[test]
    fn out_of_range_records_are_refused_with_a_message() {
        let (base, columns) = damageable(50);
        let mut cases = edge_damage(&columns);
        cases.push((
            columns[12].start,
            0,
            "a node names extras that do not exist",
        ));
        for (at, value, message) in cases {
            let mut bytes = base.clone();
            put(&mut bytes, at, value);
            let err = from_bytes(&bytes).expect_err(message).to_string();
            assert!(err.contains(message), "{err}");
        }
        let mut bytes = base.clone();
        bytes[columns[11].start..columns[11].start + 2].copy_from_slice(&999u16.to_le_bytes());
        let err = from_bytes(&bytes).expect_err("category").to_string();
        assert!(err.contains("a node has an unknown category"), "{err}");
    }

    /// Reads every edge and adjacency value a command can: each node's edges
    /// both ways (end points, predicate, properties), a petgraph search over
    /// the visit traits, and the per-predicate counts.
    fn read_everything(graph: &Graph) {
        for ix in graph.node_indices() {
            for dir in [Direction::Outgoing, Direction::Incoming] {
                for e in graph.edges(ix, dir) {
                    let edge = graph.edge(e);
                    let _ = (edge.subject(), edge.object(), edge.predicate(), edge.refs());
                    let _ = graph.node(edge.other(ix)).id();
                }
            }
        }
        let _ = petgraph::algo::dijkstra(graph, NodeIx::new(0), None, |_| 1);
        let _ = graph.edges_per_predicate(Direction::Outgoing);
    }

    fn read_unchecked_bytes(bytes: &[u8], name: &str) -> Graph {
        let dir = std::env::temp_dir().join(format!("icigraph-unchecked-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join(name);
        fs::write(&file, bytes).unwrap();
        let graph = read_unchecked(&file).unwrap().unwrap();
        fs::remove_file(&file).ok();
        graph
    }

    /// Opened without checking its edges, a damaged snapshot never panics:
    /// the reads that meet a value out of range record what `verify` (the
    /// check at open) reports, and a change afterwards keeps the nodes and
    /// the damage on record. An intact one reads the same as when checked.
    #[test]
    fn unchecked_reads_record_the_damage_the_open_check_finds() {
        let (base, columns) = damageable(50);
        let intact = read_unchecked_bytes(&base, "intact.icg");
        read_everything(&intact);
        assert_eq!(intact.damage(), None);
        assert_eq!(intact.adjacency(), from_bytes(&base).unwrap().adjacency());
        let mut cases = edge_damage(&columns);
        cases.push((
            columns[3].start + 4,
            1000,
            "adjacency offsets are out of order",
        ));
        for (at, value, message) in cases {
            let mut bytes = base.clone();
            put(&mut bytes, at, value);
            let mut graph = read_unchecked_bytes(&bytes, "damaged.icg");
            read_everything(&graph);
            let found = graph
                .damage()
                .unwrap_or_else(|| panic!("{message}: not found"));
            assert!(found.contains(message), "{found}");
            let refused = from_bytes(&bytes).expect_err(message).to_string();
            assert!(refused.contains(message), "{refused}");
            let p = graph.schema().predicate_id("p").unwrap();
            let e = graph
                .add_edge(NodeIx::new(1), p, NodeIx::new(2), Vec::new())
                .unwrap();
            assert_eq!((graph.node_count(), graph.edge_count()), (50, 1));
            assert_eq!(graph.edge(e).object(), NodeIx::new(2));
            assert!(graph.damage().is_some());
        }
    }

    /// The metadata is checksummed; the columns are not (see the module docs).
    #[test]
    fn a_flipped_metadata_byte_fails_the_checksum() {
        let (mut bytes, columns) = damageable(50);
        let meta = columns.last().unwrap().end.next_multiple_of(8);
        bytes[meta + 3] ^= 0x10;
        assert_eq!(from_bytes(&bytes).unwrap_err(), SnapshotError::Checksum);
    }

    /// `stats` reads the components from the snapshot; a change recomputes them.
    #[test]
    fn components_are_stored_and_recomputed_after_a_change() {
        use crate::graph::Components;
        let graph = test_graph(6, &[(0, 1), (2, 3), (3, 2)]);
        let mut read = from_bytes(&to_bytes(&graph)).unwrap();
        let stored = Components {
            count: 4,
            largest: 2,
        };
        assert_eq!(read.components(), stored);
        let p = read.schema().predicate_id("p").unwrap();
        read.add_edge(NodeIx::new(1), p, NodeIx::new(2), Vec::new())
            .unwrap();
        let joined = Components {
            count: 3,
            largest: 4,
        };
        assert_eq!(read.components(), joined);
        assert_eq!(from_bytes(&to_bytes(&read)).unwrap().components(), joined);
    }
}
