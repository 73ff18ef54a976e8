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
//! an open. What indexing needs is checked instead, in one sequential pass
//! per column on two threads: every end point, adjacency target and edge
//! index in range, offsets rising, categories, predicates and property
//! slots known. The string table and the id table are checked where they
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
use crate::progress::{Progress, Silent, Started};

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

/// [`to_bytes`], telling `progress` each section encoded.
pub fn to_bytes_with(graph: &Graph, progress: &dyn Progress) -> Vec<u8> {
    let _bar = Started::new(progress, "encoding snapshot", encode::SECTIONS);
    let payload = encode::payload(graph, progress);
    let mut out = Vec::with_capacity(HEADER_LEN + payload.bytes.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&payload.bytes[payload.meta..]).to_le_bytes());
    out.extend_from_slice(&(payload.bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(&(payload.meta as u64).to_le_bytes());
    out.extend_from_slice(&payload.bytes);
    out
}

/// Writes a snapshot atomically (a temporary file beside it, renamed into
/// place), so a failed write never leaves a half-written snapshot behind.
pub fn write(graph: &Graph, path: &Path) -> std::io::Result<()> {
    let bytes = to_bytes(graph);
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp-{}", std::process::id()));
    let tmp = std::path::PathBuf::from(tmp);
    let result = fs::File::create(&tmp)
        .and_then(|mut file| file.write_all(&bytes).and_then(|()| file.sync_all()))
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
    decode::graph(&Arc::new(Bytes::Owned(bytes.to_vec())), HEADER_LEN, meta)
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
}
