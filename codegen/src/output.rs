//! The one way generated files reach the disk: compare with what is there,
//! write only what differs, and in check mode report stale files with the
//! command that fixes them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::GeneratedFile;

/// How a generated file compares with the file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// The disk holds exactly these bytes.
    Fresh,
    /// The disk holds other bytes.
    Stale,
    /// The file does not exist.
    Missing,
}

/// One generated file's state against `out_dir`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStatus {
    /// Path relative to the output root.
    pub path: String,
    /// Fresh, stale or missing.
    pub state: FileState,
}

/// Compares each file with its counterpart under `out_dir`.
///
/// # Errors
/// A file that exists but cannot be read.
pub fn compare(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<FileStatus>> {
    files
        .iter()
        .map(|f| {
            let state = match fs::read(target(out_dir, &f.path)) {
                Ok(bytes) if bytes == f.contents.as_bytes() => FileState::Fresh,
                Ok(_) => FileState::Stale,
                Err(e) if e.kind() == io::ErrorKind::NotFound => FileState::Missing,
                Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", target(out_dir, &f.path).display()))),
            };
            Ok(FileStatus { path: f.path.clone(), state })
        })
        .collect()
}

/// Writes every file that is stale or missing under `out_dir`, creating folders
/// as needed, and returns the status each file had before.
///
/// All new contents are first written to temporary files beside their targets,
/// then renamed into place, so a failure part-way leaves no target half-written.
///
/// # Errors
/// Any I/O failure; temporary files written so far are removed.
pub fn write(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<FileStatus>> {
    let statuses = compare(out_dir, files)?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for (f, s) in files.iter().zip(&statuses) {
            if s.state == FileState::Fresh {
                continue;
            }
            let path = target(out_dir, &f.path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            let tmp =
                path.with_file_name(format!(".{}.tmp{}", path.file_name().and_then(|n| n.to_str()).unwrap_or("out"), std::process::id()));
            fs::write(&tmp, f.contents.as_bytes())?;
            staged.push((tmp, path));
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    for (tmp, path) in &staged {
        fs::rename(tmp, path)?;
    }
    Ok(statuses)
}

fn target(out_dir: &Path, relative: &str) -> PathBuf {
    relative.split('/').fold(out_dir.to_path_buf(), |p, part| p.join(part))
}
