//! The one way generated files reach the disk: stream each file to a temporary
//! file beside its target while comparing it with what is there, replace only
//! what differs, all or nothing; in check mode, compare without writing.
//!
//! Files are streamed, never held whole in memory (at 100,000 codes they are
//! hundreds of MiB), and made in parallel ([`crate::parallel::map`]).

use std::fs;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::emit::{EmitError, Emitter, GeneratedFile};
use crate::reconcile::Reconciled;

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

/// Why files could not be compared or written. The output folder is left as
/// it was.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Reading, writing or renaming a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: io::Error,
    },
    /// An emitter failed while its file was streamed.
    #[error(transparent)]
    Emit(#[from] EmitError),
}

impl OutputError {
    fn io(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
        move |source| OutputError::Io { path: path.to_path_buf(), source }
    }
}

/// A file to compare or write: where it goes and how to produce its bytes.
pub trait Artifact: Sync {
    /// Path relative to the output root, `/`-separated.
    fn path(&self) -> &str;

    /// Streams the file's contents to `out`.
    ///
    /// # Errors
    /// The emitter's error, or `out`'s.
    fn write_to(&self, out: &mut dyn Write) -> Result<(), EmitError>;
}

impl<A: Artifact + ?Sized> Artifact for &A {
    fn path(&self) -> &str {
        (**self).path()
    }

    fn write_to(&self, out: &mut dyn Write) -> Result<(), EmitError> {
        (**self).write_to(out)
    }
}

impl Artifact for GeneratedFile {
    fn path(&self) -> &str {
        &self.path
    }

    fn write_to(&self, out: &mut dyn Write) -> Result<(), EmitError> {
        out.write_all(self.contents.as_bytes()).map_err(|e| EmitError::Write { path: "(in memory)", source: e })
    }
}

/// An emitter bound to the table it emits: the file made when it is written.
pub struct Emission<'a> {
    /// The emitter.
    pub emitter: &'a dyn Emitter,
    /// The table.
    pub table: &'a Reconciled,
}

impl Artifact for Emission<'_> {
    fn path(&self) -> &str {
        self.emitter.path()
    }

    fn write_to(&self, out: &mut dyn Write) -> Result<(), EmitError> {
        self.emitter.emit(self.table, out)
    }
}

/// Every emitter of [`crate::emit::emitters`] bound to `table`, in order.
pub fn emissions<'a>(emitters: &'a [Box<dyn Emitter>], table: &'a Reconciled) -> Vec<Emission<'a>> {
    emitters.iter().map(|e| Emission { emitter: e.as_ref(), table }).collect()
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

/// A writer that compares what it is given with a file on disk, as it comes.
struct Comparison {
    /// The file on disk, while everything so far matched; `None` once it differs.
    existing: Option<BufReader<fs::File>>,
    state: FileState,
    scratch: Vec<u8>,
}

impl Comparison {
    fn new(path: &Path) -> Result<Comparison, OutputError> {
        let (existing, state) = match fs::File::open(path) {
            Ok(f) => (Some(BufReader::with_capacity(BUFFER, f)), FileState::Fresh),
            Err(e) if e.kind() == io::ErrorKind::NotFound => (None, FileState::Missing),
            Err(e) => return Err(OutputError::io(path)(e)),
        };
        Ok(Comparison { existing, state, scratch: Vec::new() })
    }

    /// The state once everything was written: fresh only if the file on disk
    /// also ends here.
    fn finish(mut self) -> io::Result<FileState> {
        if let Some(existing) = &mut self.existing
            && existing.read(&mut [0])? != 0
        {
            self.state = FileState::Stale;
        }
        Ok(self.state)
    }
}

impl Write for Comparison {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if let Some(existing) = &mut self.existing {
            self.scratch.resize(data.len(), 0);
            let same = match existing.read_exact(&mut self.scratch) {
                Ok(()) => self.scratch == data,
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => false,
                Err(e) => return Err(e),
            };
            if !same {
                self.state = FileState::Stale;
                self.existing = None;
            }
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes to a temporary file and compares with the target at once. Used
/// behind a `BufWriter`, so both see large pieces, not serde's tokens.
struct Tee {
    file: fs::File,
    comparison: Comparison,
}

impl Write for Tee {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.file.write_all(data)?;
        self.comparison.write_all(data)?;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// The buffer in front of each file's writer.
const BUFFER: usize = 1 << 16;

/// Compares each file with its counterpart under `out_dir`, under a shared
/// lock so that a concurrent `gen` is not seen half-way. Nothing is written.
///
/// # Errors
/// A file that exists but cannot be read, or an emitter's failure.
pub fn compare<A: Artifact>(out_dir: &Path, files: &[A]) -> Result<Vec<FileStatus>, OutputError> {
    let _lock = Lock::shared(out_dir).map_err(OutputError::io(out_dir))?;
    crate::parallel::map(files, |f| {
        let path = target(out_dir, f.path());
        let mut comparison = BufWriter::with_capacity(BUFFER, Comparison::new(&path)?);
        f.write_to(&mut comparison)?;
        let comparison = comparison.into_inner().map_err(|e| OutputError::io(&path)(e.into_error()))?;
        let state = comparison.finish().map_err(OutputError::io(&path))?;
        Ok(FileStatus { path: f.path().to_owned(), state })
    })
    .into_iter()
    .collect()
}

/// Every file made in full beside its target, under the output folder's
/// exclusive lock, not yet in place: [`Staged::commit`] puts them there;
/// dropping it removes them and leaves the folder as it was.
pub struct Staged {
    /// The state each file had on disk, in the order given.
    pub statuses: Vec<FileStatus>,
    /// `(temporary file, target)` for each stale or missing file.
    staged: Vec<(PathBuf, PathBuf)>,
    out_dir: PathBuf,
    _lock: Lock,
}

fn aside(path: &Path, what: &str) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    path.with_file_name(format!(".{name}.{what}{}", std::process::id()))
}

/// Streams every file to a temporary file beside its target (in parallel),
/// comparing it with the target as it goes; keeps those that differ.
///
/// # Errors
/// Any I/O failure or emitter failure, after every temporary file is removed.
pub fn stage<A: Artifact>(out_dir: &Path, files: &[A]) -> Result<Staged, OutputError> {
    let lock = Lock::exclusive(out_dir).map_err(OutputError::io(out_dir))?;
    let results = crate::parallel::map(files, |f| stream_beside(out_dir, f));
    let mut staged = Staged { statuses: Vec::new(), staged: Vec::new(), out_dir: out_dir.to_path_buf(), _lock: lock };
    let mut failure = None;
    for (f, result) in files.iter().zip(results) {
        match result {
            Ok((state, made)) => {
                staged.statuses.push(FileStatus { path: f.path().to_owned(), state });
                staged.staged.extend(made);
            }
            Err(e) => {
                failure.get_or_insert(e);
            }
        }
    }
    match failure {
        Some(e) => Err(e), // dropping `staged` removes its files
        None => Ok(staged),
    }
}

/// Streams one file to a temporary file beside its target, comparing as it
/// goes: its state, and `(temporary file, target)` unless it is fresh. On
/// failure, and when fresh, the temporary file is removed.
fn stream_beside<A: Artifact>(out_dir: &Path, f: &A) -> Result<(FileState, Option<(PathBuf, PathBuf)>), OutputError> {
    let path = target(out_dir, f.path());
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(OutputError::io(parent))?;
    }
    let tmp = aside(&path, "new");
    let made = (|| {
        let comparison = Comparison::new(&path)?;
        let file = fs::File::create(&tmp).map_err(OutputError::io(&tmp))?;
        let mut tee = BufWriter::with_capacity(BUFFER, Tee { file, comparison });
        f.write_to(&mut tee)?;
        let tee = tee.into_inner().map_err(|e| OutputError::io(&tmp)(e.into_error()))?;
        tee.comparison.finish().map_err(OutputError::io(&path))
    })();
    match made {
        Ok(FileState::Fresh) | Err(_) => {
            let _ = fs::remove_file(&tmp);
            made.map(|state| (state, None))
        }
        Ok(state) => Ok((state, Some((tmp, path)))),
    }
}

impl Staged {
    /// The output folder.
    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// Replaces every stale or missing target with its staged file, keeping
    /// each old file aside until all are in place; if a rename fails, the
    /// files already replaced are put back. Returns the state each file had.
    ///
    /// # Errors
    /// A rename that failed, after the folder has been restored.
    pub fn commit(mut self) -> Result<Vec<FileStatus>, OutputError> {
        let staged = std::mem::take(&mut self.staged);
        let mut done: Vec<(&PathBuf, Option<PathBuf>)> = Vec::new();
        let mut failure = None;
        for (tmp, path) in &staged {
            let old = aside(path, "old");
            let kept = if path.exists() {
                if let Err(e) = fs::rename(path, &old) {
                    failure = Some(OutputError::io(path)(e));
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
                failure = Some(OutputError::io(path)(e));
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
            for (tmp, _) in &staged {
                let _ = fs::remove_file(tmp);
            }
            return Err(e);
        }
        for (_, kept) in done {
            if let Some(old) = kept {
                let _ = fs::remove_file(old);
            }
        }
        Ok(std::mem::take(&mut self.statuses))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        for (tmp, _) in &self.staged {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// Writes every file that is stale or missing under `out_dir`, creating folders
/// as needed, and returns the status each file had before: [`stage`], then
/// [`Staged::commit`].
///
/// All or nothing: every new file is first written in full to a temporary file
/// beside its target; only then are the targets replaced. If any step fails,
/// the folder is left as it was. The whole run holds the output folder's
/// exclusive lock ([`LOCK_FILE`]), so two runs at the same time leave the files
/// of one of them, never a mix.
///
/// # Errors
/// Any I/O or emitter failure, after the folder has been restored.
pub fn write<A: Artifact>(out_dir: &Path, files: &[A]) -> Result<Vec<FileStatus>, OutputError> {
    stage(out_dir, files)?.commit()
}

/// Where the file at `relative` (`/`-separated) goes under `out_dir`.
pub fn target(out_dir: &Path, relative: &str) -> PathBuf {
    relative.split('/').fold(out_dir.to_path_buf(), |p, part| p.join(part))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: path.to_owned(), contents: contents.to_owned() }
    }

    /// Writes half its contents, then fails as an emitter bug would.
    struct FailsHalfway(GeneratedFile);

    impl Artifact for FailsHalfway {
        fn path(&self) -> &str {
            &self.0.path
        }

        fn write_to(&self, out: &mut dyn Write) -> Result<(), EmitError> {
            let half = &self.0.contents.as_bytes()[..self.0.contents.len() / 2];
            out.write_all(half).map_err(|e| EmitError::write("test", e))?;
            Err(EmitError::unrepresentable("test", "halfway"))
        }
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

    #[test]
    fn a_streamed_comparison_tells_fresh_stale_and_missing_apart() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("same"), "abc\n").expect("write");
        fs::write(dir.path().join("longer"), "abc\nd").expect("write");
        fs::write(dir.path().join("shorter"), "ab").expect("write");
        fs::write(dir.path().join("other"), "abd\n").expect("write");
        let names = ["same", "longer", "shorter", "other", "absent"];
        let files: Vec<GeneratedFile> = names.iter().map(|n| file(n, "abc\n")).collect();
        let states: Vec<FileState> = compare(dir.path(), &files).expect("compares").into_iter().map(|s| s.state).collect();
        use FileState::*;
        assert_eq!(states, [Fresh, Stale, Stale, Stale, Missing]);
    }

    #[test]
    fn writing_replaces_only_what_differs() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("a.txt"), "old\n").expect("write");
        fs::write(dir.path().join("b.txt"), "same\n").expect("write");
        let files = [file("a.txt", "new\n"), file("b.txt", "same\n"), file("sub/c.txt", "c\n")];
        let states: Vec<FileState> = write(dir.path(), &files).expect("writes").into_iter().map(|s| s.state).collect();
        assert_eq!(states, [FileState::Stale, FileState::Fresh, FileState::Missing]);
        let expected: Vec<(String, String)> = [("a.txt", "new\n"), ("b.txt", "same\n"), ("sub/c.txt", "c\n"), (LOCK_FILE, "")]
            .iter()
            .map(|(p, c)| ((*p).into(), (*c).into()))
            .collect();
        let mut expected = expected;
        expected.sort();
        assert_eq!(tree(dir.path()), expected);
    }

    #[test]
    fn an_emitter_failing_halfway_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), &[file("a.txt", "old a\n"), file("b.txt", "old b\n")]).expect("writes");
        let before = tree(dir.path());
        let files: [&dyn Artifact; 2] = [&file("a.txt", "new a\n"), &FailsHalfway(file("b.txt", "new b, longer\n"))];
        let err = stage(dir.path(), &files).err().expect("refused");
        assert!(matches!(err, OutputError::Emit(EmitError::Unrepresentable { .. })), "{err}");
        assert_eq!(tree(dir.path()), before, "a temporary file or a target changed");
    }

    #[test]
    fn staged_files_that_are_not_committed_are_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), &[file("a.txt", "old\n")]).expect("writes");
        let before = tree(dir.path());
        let staged = stage(dir.path(), &[file("a.txt", "new\n"), file("b.txt", "b\n")]).expect("stages");
        assert_eq!(staged.statuses.iter().map(|s| s.state).collect::<Vec<_>>(), [FileState::Stale, FileState::Missing]);
        assert_eq!(fs::read_to_string(dir.path().join("a.txt")).expect("a"), "old\n", "staging touched a target");
        drop(staged);
        assert_eq!(tree(dir.path()), before);
    }
}
