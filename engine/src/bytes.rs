//! Reading input files, shared by the CSV loader and the snapshot reader.

use std::fs::File;
use std::ops::Deref;
use std::path::Path;

/// File contents: compiled into the binary, read, or memory-mapped.
pub enum Bytes {
    Static(&'static [u8]),
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Static(bytes) => bytes,
            Bytes::Owned(bytes) => bytes,
            Bytes::Mapped(map) => map,
        }
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} bytes", self.len())
    }
}

/// Files from this size on are memory-mapped rather than read.
const MAP_BYTES: u64 = 1 << 20;

impl Bytes {
    /// A file's contents. Big files are mapped: the parser then reads the
    /// page cache directly, saving a copy of the file and the page faults
    /// of a buffer as large as it (about a tenth of a 2.25M-edge load).
    /// Only regular files are read: a FIFO or a device (`/dev/zero`) would
    /// block or never end.
    pub fn open(path: &Path) -> std::io::Result<Bytes> {
        let file = File::open(path)?;
        let meta = file.metadata()?;
        if !meta.is_file() {
            return Err(std::io::Error::other(not_regular(&meta)));
        }
        if meta.len() < MAP_BYTES {
            return std::fs::read(path).map(Bytes::Owned);
        }
        // SAFETY: the map is only read: while loading, and for a snapshot
        // as long as the graph read from it (its columns are read in place).
        // If another process truncated the file meanwhile, reads past the
        // new end would fault; graph files are not edited in place (a new
        // snapshot is written beside the old one and renamed over it, which
        // leaves a mapping of the old one intact), and the same risk is
        // accepted by tools such as ripgrep.
        let map = unsafe { memmap2::Mmap::map(&file)? };
        Ok(Bytes::Mapped(map))
    }
}

/// Why a file that is not a regular file is refused.
pub fn not_regular(meta: &std::fs::Metadata) -> String {
    let kind = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "it is a FIFO, not a regular file".into();
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "it is a device, not a regular file".into();
        }
        if kind.is_socket() {
            return "it is a socket, not a regular file".into();
        }
    }
    if kind.is_dir() {
        "it is a folder, not a file".into()
    } else {
        "it is not a regular file".into()
    }
}
