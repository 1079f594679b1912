//! The one way generated files reach the disk: compare each file with what is
//! there, replace only what differs, all or nothing; in check mode, compare
//! without writing.
//!
//! A [`Pass`] ([`write()`] and [`compare`] make one) holds the output folder's lock
//! ([`LOCK_FILE`]) from start to end, takes the files one at a time,
//! so two runs never interleave. Then:
//! 1. every file that differs is written in full to a temporary file beside
//!    its target (`tempfile`: a random name, created exclusively, so nothing
//!    planted at a predictable name is followed or overwritten). A failure
//!    here removes the temporary files: nothing changed.
//! 2. each temporary file is renamed over its target, one atomic rename a
//!    file. If a rename fails, the files already replaced get their old
//!    contents back (and the new files are removed), so a failed run still
//!    changes nothing.
//!
//! A crash (a kill, a power cut) never leaves a torn or missing file: before
//! step 2 the targets are as they were, with temporary files beside them;
//! during it, some files are new and the rest old, each whole. The next run
//! removes the temporary files left behind ([`TEMP_PREFIX`], git-ignored) and
//! writes what is still stale; `--check` reports it meanwhile.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// One generated file's state against the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStatus {
    /// Path relative to the output root.
    pub path: String,
    /// Fresh, stale or missing.
    pub state: FileState,
}

/// Reading, writing or renaming a file failed; the output folder is left as it was.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct OutputError {
    /// The file.
    pub path: PathBuf,
    /// What the system said.
    #[source]
    pub source: io::Error,
    /// What to do, where more can be said than "check the disk and permissions".
    pub help: Option<String>,
}

fn failed(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError { path: path.to_path_buf(), source, help: None }
}

/// How long a run waits for the output folder's lock while another run
/// holds it, and how it says that it waits.
#[derive(Debug, Clone, Copy)]
pub struct LockWait {
    /// The longest wait, after which the run gives up with an error.
    pub limit: Duration,
    /// Called once when the lock is found held, with the lock file and `limit`.
    pub notice: fn(&Path, Duration),
}

impl LockWait {
    /// Waiting up to `limit`, saying nothing.
    pub const fn quiet(limit: Duration) -> LockWait {
        LockWait { limit, notice: |_, _| {} }
    }
}

/// The lock file `gen` holds in the output folder while it reads or writes it.
pub const LOCK_FILE: &str = ".gen.lock";

/// How the temporary files of a run start (they end in `.tmp`); files named
/// so in the output folders are the tool's own, and removed by the next run.
pub const TEMP_PREFIX: &str = ".gen-";

/// Where the file at `relative` (`/`-separated) goes under `out_dir`.
pub fn target(out_dir: &Path, relative: &str) -> PathBuf {
    relative.split('/').fold(out_dir.to_path_buf(), |p, part| p.join(part))
}

/// What is on disk at `path`: its bytes, or `None` when there is no file.
fn on_disk(path: &Path) -> Result<Option<Vec<u8>>, OutputError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(failed(path)(e)),
    }
}

/// How `file` compares with `existing`.
fn state(file: &GeneratedFile, existing: Option<&[u8]>) -> FileState {
    match existing {
        None => FileState::Missing,
        Some(bytes) if bytes == file.contents.as_bytes() => FileState::Fresh,
        Some(_) => FileState::Stale,
    }
}

/// One run's pass over an output folder, a file at a time: each file is
/// compared with the disk and, when writing, staged if it differs, then
/// dropped by the caller, so that the run holds one output in memory, not
/// all (the 10,000-code synthetic set's outputs are 35 MB together). The
/// folder's lock is held from [`Pass::begin`] to [`Pass::finish`] (or drop):
/// shared for a check, exclusive for a write.
pub struct Pass {
    out_dir: PathBuf,
    writing: bool,
    _lock: Option<Lock>,
    /// The folders already made and cleared of an earlier run's leftovers.
    ready: BTreeSet<PathBuf>,
    staged: Vec<Staged>,
    statuses: Vec<FileStatus>,
}

impl Pass {
    /// Starts a pass over `out_dir`: with `writing`, creating it and taking
    /// its exclusive lock; else the shared lock, if a writer ever made the
    /// lock file (a check creates nothing). Waits for another run's lock as
    /// `wait` says.
    ///
    /// # Errors
    /// The folder cannot be made, or the lock cannot be taken (or is still
    /// held after `wait.limit`).
    pub fn begin(out_dir: &Path, writing: bool, wait: LockWait) -> Result<Pass, OutputError> {
        let lock = if writing {
            fs::create_dir_all(out_dir).map_err(failed(out_dir))?;
            Some(lock_exclusive(out_dir, wait)?)
        } else {
            lock_shared(out_dir, wait)?
        };
        let (ready, staged, statuses) = (BTreeSet::new(), Vec::new(), Vec::new());
        Ok(Pass { out_dir: out_dir.to_path_buf(), writing, _lock: lock, ready, staged, statuses })
    }

    /// Compares `file` with the disk and, when writing and it differs,
    /// writes it in full to a temporary file beside its target.
    ///
    /// # Errors
    /// A file that exists but cannot be read; a folder or temporary file
    /// that cannot be made (the temporary files made so far are removed).
    pub fn add(&mut self, file: &GeneratedFile) -> Result<(), OutputError> {
        let path = target(&self.out_dir, &file.path);
        let folder = path.parent().unwrap_or(&self.out_dir).to_path_buf();
        if self.writing && !self.ready.contains(&folder) {
            fs::create_dir_all(&folder).map_err(failed(&folder))?;
            remove_leftovers(&folder)?;
            self.ready.insert(folder.clone());
        }
        let existing = on_disk(&path)?;
        let state = state(file, existing.as_deref());
        if self.writing && state != FileState::Fresh {
            self.staged.push(Staged { temp: stage(&folder, &file.contents)?, path, existing });
        }
        self.statuses.push(FileStatus { path: file.path.clone(), state });
        Ok(())
    }

    /// Renames every staged file over its target (all or nothing, see the
    /// module's docs), and gives the state each file had before.
    ///
    /// # Errors
    /// A rename failed; the targets already replaced have been restored.
    pub fn finish(self) -> Result<Vec<FileStatus>, OutputError> {
        commit(self.staged)?;
        Ok(self.statuses)
    }
}

/// Compares each file with its counterpart under `out_dir`, under a shared
/// lock so that a concurrent `gen` is not seen half-way (waiting for it as
/// `wait` says). Nothing is written.
///
/// # Errors
/// A file that exists but cannot be read, or a lock that cannot be taken
/// (or is still held after `wait.limit`).
pub fn compare(out_dir: &Path, files: &[GeneratedFile], wait: LockWait) -> Result<Vec<FileStatus>, OutputError> {
    let mut pass = Pass::begin(out_dir, false, wait)?;
    files.iter().try_for_each(|f| pass.add(f))?;
    pass.finish()
}

/// Writes every file that is stale or missing under `out_dir`, creating
/// folders as needed, and returns the state each file had before. All or
/// nothing, under the folder's exclusive lock (see the module's docs),
/// waiting for another run as `wait` says.
///
/// # Errors
/// Any I/O failure, after the folder has been restored.
pub fn write(out_dir: &Path, files: &[GeneratedFile], wait: LockWait) -> Result<Vec<FileStatus>, OutputError> {
    let mut pass = Pass::begin(out_dir, true, wait)?;
    files.iter().try_for_each(|f| pass.add(f))?;
    pass.finish()
}

/// A file written in full beside its target, not yet in place.
struct Staged {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
    /// What the target held, to put back if a later rename fails.
    existing: Option<Vec<u8>>,
}

/// Writes `contents` to a new temporary file in `folder`.
fn stage(folder: &Path, contents: &str) -> Result<tempfile::NamedTempFile, OutputError> {
    let mut temp = tempfile::Builder::new().prefix(TEMP_PREFIX).suffix(".tmp").tempfile_in(folder).map_err(failed(folder))?;
    temp.write_all(contents.as_bytes()).and_then(|()| temp.as_file().sync_all()).map_err(failed(temp.path()))?;
    Ok(temp)
}

/// Renames each staged file over its target; if one fails, the targets
/// already replaced are given back what they held.
fn commit(staged: Vec<Staged>) -> Result<(), OutputError> {
    let mut done: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
    for Staged { temp, path, existing } in staged {
        if let Err(e) = temp.persist(&path) {
            restore(done);
            return Err(failed(&path)(e.error));
        }
        done.push((path, existing));
    }
    Ok(())
}

/// Puts back what each replaced target held (removes the ones that were new).
fn restore(done: Vec<(PathBuf, Option<Vec<u8>>)>) {
    for (path, existing) in done.into_iter().rev() {
        let Some(folder) = path.parent() else { continue };
        let _ = match existing {
            Some(bytes) => tempfile::Builder::new().prefix(TEMP_PREFIX).suffix(".tmp").tempfile_in(folder).and_then(|mut temp| {
                temp.write_all(&bytes)?;
                temp.persist(&path).map(drop).map_err(|e| e.error)
            }),
            None => fs::remove_file(&path),
        };
    }
}

/// Removes the temporary files an earlier run left in `folder` (it was
/// killed while staging): the entries named [`TEMP_PREFIX`]`….tmp` that are
/// not folders. A symbolic link there is removed, never followed.
fn remove_leftovers(folder: &Path) -> Result<(), OutputError> {
    for entry in fs::read_dir(folder).map_err(failed(folder))? {
        let entry = entry.map_err(failed(folder))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp") && !is_dir {
            fs::remove_file(entry.path()).map_err(failed(&entry.path()))?;
        }
    }
    Ok(())
}

/// Holds the output folder's lock until dropped (closing the file releases it).
struct Lock(#[allow(dead_code)] fs::File);

/// Opens the lock file at `path` (for writing, created as needed, with
/// `create`), never through a symbolic link: one planted there is refused.
fn open_lock(path: &Path, create: bool) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    if create {
        options.create(true).truncate(false).write(true);
    } else {
        options.read(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Why the lock file at `path` could not be opened, and what to do.
fn lock_unopenable(path: &Path, source: io::Error) -> OutputError {
    let help = format!(
        "{} is gen's lock file and holds no data: if a run as another user left it, remove it or run as that user; \
         a symbolic link there is refused",
        path.display()
    );
    OutputError { path: path.to_path_buf(), source, help: Some(help) }
}

/// Takes the lock on `file` (at `path`), exclusive or `shared`, waiting as
/// `wait` says while another run holds it.
fn acquire(file: &fs::File, path: &Path, shared: bool, wait: LockWait) -> Result<(), OutputError> {
    let started = Instant::now();
    let mut told = false;
    loop {
        let attempt = if shared { file.try_lock_shared() } else { file.try_lock() };
        match attempt {
            Ok(()) => return Ok(()),
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => return Err(failed(path)(e)),
        }
        if started.elapsed() >= wait.limit {
            let source = io::Error::new(io::ErrorKind::TimedOut, format!("still locked by another run after {} s", wait.limit.as_secs()));
            let help = "another `cargo xtask gen` is using this folder: let it finish, or wait longer with `--wait SECONDS`".to_owned();
            return Err(OutputError { path: path.to_path_buf(), source, help: Some(help) });
        }
        if !told {
            (wait.notice)(path, wait.limit);
            told = true;
        }
        std::thread::sleep(LOCK_POLL);
    }
}

/// How often a waiting run tries the lock again.
const LOCK_POLL: Duration = Duration::from_millis(50);

/// The exclusive lock, creating the lock file as needed.
fn lock_exclusive(out_dir: &Path, wait: LockWait) -> Result<Lock, OutputError> {
    let path = out_dir.join(LOCK_FILE);
    let file = open_lock(&path, true).map_err(|e| lock_unopenable(&path, e))?;
    acquire(&file, &path, false, wait)?;
    Ok(Lock(file))
}

/// The shared lock, if a writer ever made the lock file; a check creates nothing.
fn lock_shared(out_dir: &Path, wait: LockWait) -> Result<Option<Lock>, OutputError> {
    let path = out_dir.join(LOCK_FILE);
    match open_lock(&path, false) {
        Ok(file) => {
            acquire(&file, &path, true, wait)?;
            Ok(Some(Lock(file)))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(lock_unopenable(&path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WAIT: LockWait = LockWait::quiet(Duration::from_secs(5));

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: path.to_owned(), contents: contents.to_owned() }
    }

    /// Every file under `dir`, by relative path, with its contents.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in fs::read_dir(&d).expect("readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let relative = path.strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
                    out.push((relative, fs::read_to_string(&path).unwrap_or_default()));
                }
            }
        }
        out.sort();
        out
    }

    fn states(statuses: Vec<FileStatus>) -> Vec<FileState> {
        statuses.into_iter().map(|s| s.state).collect()
    }

    #[test]
    fn a_comparison_tells_fresh_stale_and_missing_apart() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("same"), "abc\n").expect("write");
        fs::write(dir.path().join("longer"), "abc\nd").expect("write");
        fs::write(dir.path().join("other"), "abd\n").expect("write");
        let files: Vec<GeneratedFile> = ["same", "longer", "other", "absent"].iter().map(|n| file(n, "abc\n")).collect();
        use FileState::*;
        assert_eq!(states(compare(dir.path(), &files, WAIT).expect("compares")), [Fresh, Stale, Stale, Missing]);
        assert!(!dir.path().join(LOCK_FILE).exists(), "a check creates nothing");
    }

    #[test]
    fn writing_replaces_only_what_differs() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("a.txt"), "old\n").expect("write");
        fs::write(dir.path().join("b.txt"), "same\n").expect("write");
        let files = [file("a.txt", "new\n"), file("b.txt", "same\n"), file("sub/c.txt", "c\n")];
        assert_eq!(states(write(dir.path(), &files, WAIT).expect("writes")), [FileState::Stale, FileState::Fresh, FileState::Missing]);
        let expected: Vec<(String, String)> = [(LOCK_FILE, ""), ("a.txt", "new\n"), ("b.txt", "same\n"), ("sub/c.txt", "c\n")]
            .iter()
            .map(|(p, c)| ((*p).into(), (*c).into()))
            .collect();
        assert_eq!(tree(dir.path()), expected);
    }

    #[test]
    fn a_failed_rename_puts_back_what_was_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), &[file("a.txt", "old a\n")], WAIT).expect("writes");
        // `b` can be staged beside its target but not renamed over it: a folder is there.
        fs::create_dir_all(dir.path().join("b/inside")).expect("mkdir");
        let before = tree(dir.path());
        let err = write(dir.path(), &[file("a.txt", "new a\n"), file("new.txt", "n\n"), file("b", "b\n")], WAIT).expect_err("refused");
        assert!(err.path.ends_with("b"), "{err}");
        assert_eq!(tree(dir.path()), before, "a target changed or a temporary file was left");
    }

    #[test]
    fn temporary_files_left_by_a_killed_run_are_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join("sub")).expect("mkdir");
        fs::write(dir.path().join("sub/.gen-AbC123.tmp"), "half of an output").expect("write");
        fs::write(dir.path().join("sub/.keep"), "not ours").expect("write");
        write(dir.path(), &[file("sub/a.txt", "a\n")], WAIT).expect("writes");
        let names: Vec<String> = tree(dir.path()).into_iter().map(|(p, _)| p).collect();
        assert_eq!(names, [LOCK_FILE, "sub/.keep", "sub/a.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_planted_at_temporary_names_are_never_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("temp dir");
        let victim = outside.path().join("victim.txt");
        fs::write(&victim, "precious\n").expect("write");
        let out = dir.path().join("out");
        fs::create_dir_all(&out).expect("mkdir");
        // The names the former writer used, and names of the current pattern.
        for name in [".a.txt.new1", ".a.txt.old1", ".gen-planted.tmp", ".gen-.tmp"] {
            std::os::unix::fs::symlink(&victim, out.join(name)).expect("link");
        }
        fs::write(out.join(".gen-file.tmp"), "planted\n").expect("write");
        write(&out, &[file("a.txt", "new\n"), file("b.txt", "b\n")], WAIT).expect("writes");
        assert_eq!(fs::read_to_string(&victim).expect("victim"), "precious\n");
        assert_eq!(fs::read_to_string(out.join("a.txt")).expect("a"), "new\n");
        assert!(out.join(".a.txt.new1").is_symlink(), "a link not of the tool's pattern is left alone");
        assert!(!out.join(".gen-planted.tmp").exists() && !out.join(".gen-planted.tmp").is_symlink());
    }

    #[test]
    fn a_held_lock_is_waited_for_then_given_up_on_naming_the_lock() {
        let dir = tempfile::tempdir().expect("temp dir");
        let held = open_lock(&dir.path().join(LOCK_FILE), true).expect("lock file");
        held.lock().expect("held by this test");
        let wait = LockWait { limit: Duration::from_millis(200), notice: |path, _| assert!(path.ends_with(LOCK_FILE)) };
        let err = write(dir.path(), &[file("a.txt", "a\n")], wait).expect_err("gives up");
        assert!(err.path.ends_with(LOCK_FILE), "{err}");
        assert_eq!(err.source.kind(), io::ErrorKind::TimedOut);
        assert!(err.help.as_deref().is_some_and(|h| h.contains("--wait")), "{err:?}");
        assert!(!dir.path().join("a.txt").exists(), "nothing is written without the lock");
        drop(held);
        write(dir.path(), &[file("a.txt", "a\n")], wait).expect("writes once the lock is free");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_lock_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let victim = dir.path().join("victim");
        fs::write(&victim, "precious\n").expect("write");
        let out = dir.path().join("out");
        fs::create_dir_all(&out).expect("mkdir");
        std::os::unix::fs::symlink(&victim, out.join(LOCK_FILE)).expect("link");
        let err = write(&out, &[file("a.txt", "a\n")], WAIT).expect_err("refused");
        assert!(err.path.ends_with(LOCK_FILE) && err.help.is_some(), "{err:?}");
        assert!(!out.join("a.txt").exists());
    }
}
