//! The one rule for every file a command writes (`render -o`, `build -o`,
//! `export -o`, `generate --out`, the shell's `:render` and `:export`):
//! nothing the user owns is replaced by surprise.
//!
//! A target is refused when it exists (unless `--force`), when it is not a
//! regular file (a directory, FIFO, device, socket or symbolic link is never
//! written through or replaced), when it lies inside or over the graph being
//! read, and when its extension names another format than the one written.
//! An existing file replaced with `--force` is truncated and written in
//! place, so its permissions, owner and hard links stay as they were (a file
//! the user may not write stays unwritten).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;
use icigraph_engine::export::Files;

/// What a command may write over.
#[derive(Clone, Debug, Default)]
pub struct Writes {
    /// `--force`: replace an existing regular file.
    pub force: bool,
    /// The graph's own files and folders (canonical paths), never written.
    pub inputs: Vec<PathBuf>,
}

/// Extensions that name a format, for refusing a mismatch.
const KNOWN: &[(&str, &str)] = &[
    ("svg", "SVG"),
    ("png", "PNG"),
    ("pdf", "PDF"),
    ("json", "JSON"),
    ("dot", "DOT"),
    ("gv", "DOT"),
    ("csv", "CSV"),
    ("tsv", "TSV"),
    ("icg", "snapshot"),
    ("html", "HTML"),
    ("htm", "HTML"),
    ("md", "Markdown"),
];

impl Writes {
    pub fn new(force: bool, inputs: &[&Path]) -> Writes {
        Writes {
            force,
            inputs: inputs
                .iter()
                .filter_map(|p| std::fs::canonicalize(p).ok())
                .collect(),
        }
    }

    /// Checks `path` as a target for `format` (one of the names in the
    /// extension table) without creating anything.
    pub fn check(&self, path: &Path, format: &str) -> Result<(), Error> {
        let refuse = |why: String| {
            Err(Error::Usage(format!(
                "will not write {}: {why}",
                path.display()
            )))
        };
        if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
            let ext = ext.to_ascii_lowercase();
            if let Some((_, named)) = KNOWN.iter().find(|(e, _)| *e == ext)
                && *named != format
            {
                return refuse(format!(
                    "the extension .{ext} names {named}, but this writes {format}"
                ));
            }
        }
        match std::fs::symlink_metadata(path) {
            Ok(meta) => {
                let kind = meta.file_type();
                if kind.is_symlink() {
                    return refuse("it is a symbolic link; name the file it points to".into());
                }
                if !kind.is_file() {
                    return refuse(format!(
                        "it is {}, and only regular files are written",
                        describe(&kind)
                    ));
                }
                if !self.force {
                    return refuse("it exists; pass --force to replace it".into());
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return refuse(e.to_string()),
        }
        if let Some(input) = self.input_containing(path) {
            return refuse(format!(
                "it is part of the graph being read ({})",
                input.display()
            ));
        }
        Ok(())
    }

    /// Checks `path` and opens it with [`open`].
    pub fn create(&self, path: &Path, format: &str) -> Result<File, Error> {
        self.check(path, format)?;
        open(path).map_err(|source| Error::Write {
            path: path.display().to_string(),
            source,
        })
    }

    /// Checks a folder a command fills with files (`generate --out`,
    /// `render --all-figures -o`): it may exist, but not as anything other
    /// than a folder, and not inside the graph being read.
    pub fn check_dir(&self, dir: &Path) -> Result<(), Error> {
        let refuse = |why: String| {
            Err(Error::Usage(format!(
                "will not write into {}: {why}",
                dir.display()
            )))
        };
        match std::fs::symlink_metadata(dir) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return refuse("it is a symbolic link; name the folder it points to".into());
            }
            Ok(meta) if !meta.is_dir() => {
                return refuse(format!(
                    "it is {}, not a folder",
                    describe(&meta.file_type())
                ));
            }
            _ => {}
        }
        if let Some(input) = self.input_containing(dir) {
            return refuse(format!(
                "it is part of the graph being read ({})",
                input.display()
            ));
        }
        Ok(())
    }

    /// Refuses a target inside, over or around the graph being read, whatever
    /// `--force` says.
    pub fn check_outside_graph(&self, path: &Path) -> Result<(), Error> {
        match self.input_containing(path) {
            Some(input) => Err(Error::Usage(format!(
                "will not write {}: it is part of the graph being read ({})",
                path.display(),
                input.display()
            ))),
            None => Ok(()),
        }
    }

    /// The input `path` lies inside, over or around.
    fn input_containing(&self, path: &Path) -> Option<&PathBuf> {
        let resolved = resolve(path)?;
        self.inputs
            .iter()
            .find(|input| resolved.starts_with(input) || input.starts_with(&resolved))
    }
}

/// Opens a checked target for writing: a new file is created exclusively,
/// an existing one is truncated in place; a symbolic link is never followed.
pub fn open(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    if std::fs::symlink_metadata(path).is_ok() {
        options.truncate(true);
    } else {
        options.create_new(true);
    }
    options.open(path)
}

/// `path` made absolute with symbolic links of its existing part resolved.
fn resolve(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let base = resolve(parent)?;
    Some(base.join(path.file_name()?))
}

fn describe(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

// Folder targets and whole-file writes for the interchange exports: the same
// refusal of existing targets, plus a temporary name renamed into place so an
// interrupted export never leaves a half file.

fn write_err(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.display().to_string(),
        source,
    }
}

/// Refuses an existing file unless `force`.
pub fn check_file(path: &Path, force: bool) -> Result<(), Error> {
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(Error::Usage(format!(
            "{} already exists; pass --force to replace it",
            path.display()
        )));
    }
    if path.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a folder; name a file to write",
            path.display()
        )));
    }
    Ok(())
}

/// Writes one file through a temporary name, then renames it into place.
pub fn write_file(
    path: &Path,
    body: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    atomic(path, body).map_err(write_err(path))
}

fn atomic(path: &Path, body: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let temp = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    let result = (|| {
        let mut file = BufWriter::with_capacity(1 << 20, File::create(&temp)?);
        body(&mut file)?;
        file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// A folder target: created when missing, refused when not empty unless
/// `force` (then only the files written are replaced).
pub struct Folder {
    root: PathBuf,
    /// Files written, relative to the folder, in order.
    pub written: Vec<String>,
}

impl Folder {
    pub fn open(root: &Path, force: bool) -> Result<Folder, Error> {
        if root.exists() && !root.is_dir() {
            return Err(Error::Usage(format!(
                "{} is a file; this format writes a folder",
                root.display()
            )));
        }
        if !force
            && let Ok(mut entries) = fs::read_dir(root)
            && entries.next().is_some()
        {
            return Err(Error::Usage(format!(
                "{} is not empty; pass --force to write into it",
                root.display()
            )));
        }
        fs::create_dir_all(root).map_err(write_err(root))?;
        Ok(Folder {
            root: root.to_owned(),
            written: Vec::new(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Files for Folder {
    fn write(
        &mut self,
        name: &str,
        body: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let path = self.root.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        atomic(&path, body)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        self.written.push(name.to_owned());
        Ok(())
    }
}
