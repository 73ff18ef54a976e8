//! Binary snapshots (`.icg`): a validated graph saved so a later start skips
//! parsing and validation.
//!
//! Layout, all little-endian: a 32-byte header (magic `ICIGRAPH`, format
//! version, payload length, CRC-32 of the payload), then the payload: the
//! schema, the node count, then 8-aligned `u32` columns (edge subjects, edge
//! objects, and the CSR adjacency of both directions: offsets, targets, edge
//! indices), edge predicates and property slots, the string table (lengths,
//! then bytes), node arrays and property tables.
//!
//! Hand-rolled flat arrays rather than a serde format: the bulk of a big graph
//! is a few `u32` columns. The reader maps the file and the store reads the
//! aligned columns in place ([`crate::graph::column`]), so opening a snapshot
//! neither allocates nor builds the adjacency; it checks them instead, in one
//! linear pass per direction on two threads (every offset, edge index and
//! target in range and equal to what building would give), while it decodes
//! the rest, checking every index it meets. So a damaged or crafted file is
//! refused with a message rather than a panic.

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
pub const VERSION: u32 = 5;
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
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&payload);
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
/// every index.
pub fn from_bytes(bytes: &[u8]) -> Result<Graph, SnapshotError> {
    check(bytes)?;
    decode::graph(&Arc::new(Bytes::Owned(bytes.to_vec())), HEADER_LEN)
}

/// Checks header and checksum.
fn check(bytes: &[u8]) -> Result<(), SnapshotError> {
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
    let version = word(8);
    if version != VERSION {
        return Err(SnapshotError::Version { found: version });
    }
    let len = u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes"));
    let expected = HEADER_LEN as u64 + len;
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
    if crc32fast::hash(&bytes[HEADER_LEN..]) != word(24) {
        return Err(SnapshotError::Checksum);
    }
    Ok(())
}

/// Reads a snapshot file. A big one is memory-mapped and its columns are
/// read in place, so the mapping lives as long as the graph ([`write`]
/// replaces a file by renaming, which leaves a mapped copy intact).
pub fn read(path: &Path) -> Result<Result<Graph, SnapshotError>, std::io::Error> {
    let bytes = Arc::new(Bytes::open(path)?);
    if let Err(err) = check(&bytes) {
        return Ok(Err(err));
    }
    Ok(decode::graph(&bytes, HEADER_LEN))
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
