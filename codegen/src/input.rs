//! The seed folder as read from disk: the manifest, the decisions file and every
//! doc's raw bytes, and how bytes become text ([`decode`]) and are named
//! ([`sha256_hex`]). This is the only module of the library that touches the
//! file system on the input side; everything after it works on memory.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read as _};
use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::diag::{Problem, SourceFile};

/// Name of the manifest inside the seed folder.
pub const MANIFEST: &str = "manifest.toml";
/// Name of the maintainers' decisions file inside the seed folder.
pub const DECISIONS: &str = "decisions.toml";
/// Files in the seed folder that are not docs.
pub const NOT_DOCS: [&str; 3] = [MANIFEST, DECISIONS, "README.md"];

/// Largest doc accepted, in bytes (1 MiB: the real docs are about 8 KiB,
/// the largest doc of the 10,000-code synthetic set 0.9 MiB). This is also
/// the limit on the prose around a doc's tables: a doc of 1 MiB of the
/// costliest Markdown tried (a link opened on every word, block quotes
/// nested on every line) parses in 0.1 s and 65 MiB.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Largest sum of the sizes of a set's docs, in bytes (4 MiB: the real
/// stream-interruption docs are 40 KiB together, the synthetic set's 2.9 MiB).
pub const MAX_SET_BYTES: u64 = 4 * 1024 * 1024;
/// Largest manifest accepted, in bytes (the real ones are about 4 KiB).
pub const MAX_MANIFEST_BYTES: u64 = 64 * 1024;
/// Largest decisions file accepted, in bytes (the real ones are under 20 KiB;
/// the 10,000-code synthetic set's, 0.5 MiB).
pub const MAX_DECISIONS_BYTES: u64 = 2 * 1024 * 1024;

/// The raw contents of a seed folder: the manifest, the decisions file and
/// the docs the manifest lists, read whole; every other file only looked at.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// How the folder is named in diagnostics, e.g. `seeds/stream-interruption`.
    pub dir_label: String,
    /// The doc set's name: the folder's name under the project's `seeds/`
    /// (empty for a folder that is no set's, as in tests).
    pub set: String,
    /// The manifest's bytes, or `None` when it is missing or was not read
    /// (then `files` says why).
    pub manifest: Option<Vec<u8>>,
    /// The decisions file's bytes, or `None` when it is missing or was not
    /// read (then `files` says why).
    pub decisions: Option<Vec<u8>>,
    /// Every other file of the folder (not recursive) by file name, and the
    /// manifest or decisions file when it could not be read.
    pub files: BTreeMap<String, FileBytes>,
}

/// One file's contents, or why it was not read.
#[derive(Debug, Clone)]
pub enum FileBytes {
    /// The bytes, whole.
    Read(Vec<u8>),
    /// Not read: the manifest does not list it. Holds its size in bytes.
    Unlisted(u64),
    /// Not read: larger than its limit. Holds the size and the limit in bytes.
    TooLarge(u64, u64),
    /// Not read: the docs the manifest lists are larger than
    /// [`MAX_SET_BYTES`] together. Holds their sum in bytes.
    SetTooLarge(u64),
    /// Not a regular file (a folder, a FIFO, a device).
    NotRegular,
    /// Opening or reading it failed; holds the I/O error text.
    Unreadable(String),
}

impl FileBytes {
    /// Why the file at display path `path` was not read, and what to do; `None`
    /// for a file that was read or that is not listed.
    pub fn why_not_read(&self, path: &str) -> Option<(String, String)> {
        match self {
            FileBytes::Read(_) | FileBytes::Unlisted(_) => None,
            FileBytes::TooLarge(size, limit) => Some((
                format!("{path} is {size} bytes, more than the limit of {limit} bytes"),
                "the real files of a doc set are a few KiB; check that this is the right file, or split the set".to_owned(),
            )),
            FileBytes::SetTooLarge(total) => Some((
                format!("{path} was not read: the docs listed are {total} bytes together, more than the limit of {MAX_SET_BYTES} bytes"),
                "split the docs into more than one doc set".to_owned(),
            )),
            FileBytes::NotRegular => Some((format!("{path} is not a regular file"), "replace it by the file itself".to_owned())),
            FileBytes::Unreadable(e) => Some((format!("{path} cannot be read: {e}"), "check the file's permissions".to_owned())),
        }
    }
}

/// The `file` of each `[[doc]]` of a manifest's text, where it parses as TOML
/// (the manifest's own problems are found when it is read).
fn listed_docs(manifest: &[u8]) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Listed {
        #[serde(default)]
        doc: Vec<ListedDoc>,
    }
    #[derive(serde::Deserialize)]
    struct ListedDoc {
        file: String,
    }
    let text = std::str::from_utf8(manifest).unwrap_or_default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    toml::from_str::<Listed>(text).map(|l| l.doc.into_iter().map(|d| d.file).collect()).unwrap_or_default()
}

/// Reads the file at `path` if it is a regular file of at most `limit` bytes.
/// The size is checked before reading, and again while reading (a file that
/// grows is not read past its limit).
pub fn read_bounded(path: &Path, limit: u64) -> FileBytes {
    let (file, size) = match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => return FileBytes::NotRegular,
        Ok(meta) if meta.len() > limit => return FileBytes::TooLarge(meta.len(), limit),
        Ok(meta) => (fs::File::open(path), meta.len()),
        Err(e) => return FileBytes::Unreadable(e.to_string()),
    };
    // Room for the size `stat` gave and one byte more, so that a file that did
    // not grow is read in one call and the next finds its end (without it,
    // `read_to_end` began at 32 bytes and doubled: ten reads a doc).
    let mut bytes = Vec::with_capacity(usize::try_from(size).map_or(0, |n| n.saturating_add(1)));
    match file.and_then(|f| f.take(limit + 1).read_to_end(&mut bytes)) {
        Ok(n) if n as u64 > limit => FileBytes::TooLarge(n as u64, limit),
        Ok(_) => FileBytes::Read(bytes),
        Err(e) => FileBytes::Unreadable(e.to_string()),
    }
}

impl Input {
    /// Reads the seed folder `dir`, shown as `dir_label` in diagnostics: the
    /// manifest and the decisions file (each up to its limit), then the docs
    /// the manifest lists, when their sizes together are within
    /// [`MAX_SET_BYTES`]. Other files are only looked at (`stat`).
    ///
    /// Files are keyed by name, so the folder's listing order does not matter.
    /// Sub-folders, and files whose names are not UTF-8, are skipped.
    ///
    /// # Errors
    /// When `dir` itself cannot be listed.
    pub fn read(dir: &Path, dir_label: &str) -> io::Result<Input> {
        let set = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut input = Input { dir_label: dir_label.to_owned(), set, ..Input::default() };
        for (name, limit) in [(MANIFEST, MAX_MANIFEST_BYTES), (DECISIONS, MAX_DECISIONS_BYTES)] {
            let path = dir.join(name);
            if fs::symlink_metadata(&path).is_err_and(|e| e.kind() == io::ErrorKind::NotFound) {
                continue;
            }
            match read_bounded(&path, limit) {
                FileBytes::Read(bytes) if name == MANIFEST => input.manifest = Some(bytes),
                FileBytes::Read(bytes) => input.decisions = Some(bytes),
                other => {
                    input.files.insert(name.to_owned(), other);
                }
            }
        }
        let listed = input.manifest.as_deref().map(listed_docs).unwrap_or_default();
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let Ok(name) = entry.file_name().into_string() else { continue };
            let folder = entry.file_type().is_ok_and(|t| t.is_dir());
            if name == MANIFEST || name == DECISIONS || (folder && !listed.contains(&name)) {
                continue;
            }
            let size = fs::metadata(entry.path()).map_or(0, |m| m.len());
            input.files.insert(name, FileBytes::Unlisted(size));
        }
        input.read_listed(dir, &listed);
        Ok(input)
    }

    /// Reads the docs named `listed` that are in the folder, unless their
    /// sizes together are over [`MAX_SET_BYTES`].
    fn read_listed(&mut self, dir: &Path, listed: &[String]) {
        let size = |name: &String| match self.files.get(name) {
            Some(FileBytes::Unlisted(size)) => *size,
            _ => 0,
        };
        let total: u64 = listed.iter().collect::<BTreeSet<_>>().into_iter().map(size).sum();
        for name in listed {
            if let Some(file) = self.files.get_mut(name)
                && matches!(file, FileBytes::Unlisted(_))
            {
                *file = if total > MAX_SET_BYTES { FileBytes::SetTooLarge(total) } else { read_bounded(&dir.join(name), MAX_FILE_BYTES) };
            }
        }
    }

    /// The display path of `name` inside the seed folder, e.g. `seeds/ko.md`.
    pub fn path_of(&self, name: &str) -> String {
        if self.dir_label.is_empty() { name.to_owned() } else { format!("{}/{name}", self.dir_label) }
    }

    /// Where the artifacts say `name` is: its place in the project,
    /// `seeds/<set>/<name>`, whatever folder it was read from.
    pub fn cited(&self, name: &str) -> String {
        if self.set.is_empty() { format!("seeds/{name}") } else { format!("seeds/{}/{name}", self.set) }
    }
}

/// The doc sets under `seeds`: the names of its folders that hold a
/// manifest, sorted.
///
/// # Errors
/// When `seeds` cannot be listed.
pub fn sets(seeds: &Path) -> io::Result<Vec<String>> {
    let mut sets = Vec::new();
    for entry in fs::read_dir(seeds)? {
        let entry = entry?;
        if entry.path().join(MANIFEST).is_file()
            && let Ok(name) = entry.file_name().into_string()
        {
            sets.push(name);
        }
    }
    sets.sort();
    Ok(sets)
}

/// Decodes a file's bytes: UTF-8 required, a leading BOM dropped, CRLF and
/// lone CR line breaks turned into LF (so lines count the same).
///
/// # Errors
/// Bytes that are not UTF-8, naming the line of the first bad byte.
pub fn decode(path: &str, bytes: &[u8]) -> Result<SourceFile, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        Problem::error(format!("{path}:{line}: not UTF-8 (invalid byte at offset {})", e.valid_up_to())).help("save the doc as UTF-8")
    })?;
    let text: Arc<str> = text.replace("\r\n", "\n").replace('\r', "\n").into();
    Ok(SourceFile::new(path, text))
}

/// SHA-256 of `bytes`, lowercase hex: how `sources[].sha256` and
/// `decisions.sha256` name the exact bytes a run read.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST_TEXT: &str = "[[doc]]\nfile = \"en.md\"\n";

    #[test]
    fn only_the_listed_docs_are_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join(MANIFEST), MANIFEST_TEXT).expect("write");
        fs::write(dir.path().join("en.md"), "listed").expect("write");
        fs::write(dir.path().join("junk.bin"), "not listed").expect("write");
        let input = Input::read(dir.path(), "seeds").expect("reads");
        assert!(matches!(&input.files["en.md"], FileBytes::Read(b) if b == b"listed"));
        assert!(matches!(input.files["junk.bin"], FileBytes::Unlisted(10)));
        assert!(input.decisions.is_none() && !input.files.contains_key(DECISIONS), "an absent decisions file is absent");
    }

    #[cfg(unix)]
    #[test]
    fn a_decisions_file_that_cannot_be_read_is_said_to_be_so() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join(MANIFEST), MANIFEST_TEXT).expect("write");
        // A link to itself: opening it fails, whoever runs the test (mode 000 does not stop root).
        std::os::unix::fs::symlink(DECISIONS, dir.path().join(DECISIONS)).expect("link");
        let input = Input::read(dir.path(), "seeds").expect("reads");
        let (message, _) = input.files[DECISIONS].why_not_read("seeds/decisions.toml").expect("not read");
        assert!(message.starts_with("seeds/decisions.toml cannot be read: "), "{message}");
    }

    #[test]
    fn the_docs_over_the_set_limit_together_are_not_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join(MANIFEST), "[[doc]]\nfile = \"a.md\"\n[[doc]]\nfile = \"b.md\"\n").expect("write");
        let half = usize::try_from(MAX_SET_BYTES / 2).expect("fits") + 1;
        fs::write(dir.path().join("a.md"), "a".repeat(half)).expect("write");
        fs::write(dir.path().join("b.md"), "b".repeat(half)).expect("write");
        let input = Input::read(dir.path(), "seeds").expect("reads");
        assert!(matches!(input.files["a.md"], FileBytes::SetTooLarge(n) if n == 2 * half as u64));
        assert!(matches!(input.files["b.md"], FileBytes::SetTooLarge(_)));
    }

    #[test]
    fn decode_strips_bom_and_crlf_and_refuses_bad_utf8() {
        let f = decode("x.md", b"\xEF\xBB\xBFa\r\nb\r\n").unwrap();
        assert_eq!(&*f.text, "a\nb\n");
        let p = decode("x.md", b"a\nb\n\xFF").unwrap_err();
        assert_eq!(p.message, "x.md:3: not UTF-8 (invalid byte at offset 4)");
    }
}
