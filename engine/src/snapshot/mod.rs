//! Binary snapshots (`.icg`): a validated graph saved so a later start skips
//! parsing and validation.
//!
//! Layout, all little-endian: a 32-byte header (magic `ICIGRAPH`, format
//! version, payload length, CRC-32 of the payload), then the payload: the
//! schema, the node count, edge arrays (subjects, objects, predicates,
//! property slots), the string table (lengths, then bytes), node arrays and
//! property tables. End points come first so the reader can index them on
//! other threads while it decodes the rest.
//!
//! Hand-rolled flat arrays rather than a serde format: the bulk of a big graph
//! is a few `u32` columns, which are written and read with plain
//! `to_le_bytes`/`from_le_bytes` over slices (memcpy speed, no per-edge
//! framing, no alignment or `unsafe` casts), and the reader checks every index
//! it meets, so a damaged file is refused with a message rather than a panic.
//! The adjacency index is not stored: rebuilding it from the edge arrays, in
//! parallel with decoding, is cheaper than reading and checking twice its size.

mod decode;
mod encode;

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::graph::Graph;
use crate::progress::{Progress, Silent, Started};

/// First bytes of every snapshot.
pub const MAGIC: &[u8; 8] = b"ICIGRAPH";
/// Bumped whenever the layout changes; other versions are refused.
pub const VERSION: u32 = 4;
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
    decode::graph(&bytes[HEADER_LEN..])
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

/// Reads a snapshot file (memory-mapped when big).
pub fn read(path: &Path) -> Result<Result<Graph, SnapshotError>, std::io::Error> {
    let bytes = crate::bytes::Bytes::open(path)?;
    Ok(from_bytes(&bytes))
}
