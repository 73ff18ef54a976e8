//! Where a command writes: the one rule for files and folders the user names.
//!
//! A file target is refused when it exists, a folder target when it holds
//! anything, unless `--force`; a missing folder is created. Every file is
//! written under a temporary name beside its final one and renamed into place
//! only when complete, so a failed or interrupted write never leaves a half
//! file where the user expects a whole one (the temporary file is removed on
//! error).

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;
use icigraph_engine::export::Files;

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
