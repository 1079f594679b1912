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

/// The lock file `gen` holds in the output folder while it reads or writes it.
pub const LOCK_FILE: &str = ".gen.lock";

/// Holds the output folder's lock: exclusive for writing, shared for reading,
/// so two runs never interleave their files. Released on drop.
struct Lock(fs::File);

impl Lock {
    /// The exclusive lock, creating the folder and the lock file as needed.
    fn exclusive(out_dir: &Path) -> io::Result<Lock> {
        fs::create_dir_all(out_dir)?;
        let file = fs::OpenOptions::new().create(true).truncate(false).write(true).open(out_dir.join(LOCK_FILE))?;
        file.lock()?;
        Ok(Lock(file))
    }

    /// The shared lock, if a writer ever made the lock file; a check creates nothing.
    fn shared(out_dir: &Path) -> io::Result<Option<Lock>> {
        match fs::File::open(out_dir.join(LOCK_FILE)) {
            Ok(file) => {
                file.lock_shared()?;
                Ok(Some(Lock(file)))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// Compares each file with its counterpart under `out_dir`, under a shared
/// lock so that a concurrent `gen` is not seen half-way.
///
/// # Errors
/// A file that exists but cannot be read.
pub fn compare(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<FileStatus>> {
    let _lock = Lock::shared(out_dir)?;
    compare_unlocked(out_dir, files)
}

fn compare_unlocked(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<FileStatus>> {
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
/// All or nothing: every new file is first written in full to a temporary file
/// beside its target; only then are the targets replaced, each old file kept
/// aside until all are in place. If any step fails, the files already replaced
/// are put back and the temporary files removed, so the folder is left as it
/// was. The whole run holds the output folder's exclusive lock ([`LOCK_FILE`]),
/// so two runs at the same time leave the files of one of them, never a mix.
///
/// # Errors
/// Any I/O failure, after the folder has been restored.
pub fn write(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<FileStatus>> {
    let _lock = Lock::exclusive(out_dir)?;
    let statuses = compare_unlocked(out_dir, files)?;
    let stale: Vec<(&GeneratedFile, PathBuf)> =
        files.iter().zip(&statuses).filter(|(_, s)| s.state != FileState::Fresh).map(|(f, _)| (f, target(out_dir, &f.path))).collect();
    let aside = |path: &Path, what: &str| {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        path.with_file_name(format!(".{name}.{what}{}", std::process::id()))
    };
    // 1. Every new file, in full, beside its target.
    let mut staged: Vec<PathBuf> = Vec::new();
    let staging = stale.iter().try_for_each(|(f, path)| {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let tmp = aside(path, "new");
        staged.push(tmp.clone());
        fs::write(&tmp, f.contents.as_bytes())
    });
    if let Err(e) = staging {
        for tmp in &staged {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    // 2. Replace the targets, keeping each old file aside until all are in place.
    let mut done: Vec<(&PathBuf, Option<PathBuf>)> = Vec::new();
    let mut failure = None;
    for ((_, path), tmp) in stale.iter().zip(&staged) {
        let old = aside(path, "old");
        let kept = if path.exists() {
            if let Err(e) = fs::rename(path, &old) {
                failure = Some(e);
                break;
            }
            Some(old)
        } else {
            None
        };
        if let Err(e) = fs::rename(tmp, path) {
            if let Some(old) = &kept {
                let _ = fs::rename(old, path);
            }
            failure = Some(e);
            break;
        }
        done.push((path, kept));
    }
    if let Some(e) = failure {
        for (path, kept) in done.iter().rev() {
            match kept {
                Some(old) => {
                    let _ = fs::rename(old, path);
                }
                None => {
                    let _ = fs::remove_file(path);
                }
            }
        }
        for tmp in &staged {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    for (_, kept) in done {
        if let Some(old) = kept {
            let _ = fs::remove_file(old);
        }
    }
    Ok(statuses)
}

fn target(out_dir: &Path, relative: &str) -> PathBuf {
    relative.split('/').fold(out_dir.to_path_buf(), |p, part| p.join(part))
}
