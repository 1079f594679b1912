//! The seed folder as read from disk: the manifest, the decisions file and every
//! doc's raw bytes, and how bytes become text ([`decode`]) and are named
//! ([`sha256_hex`]). This is the only module of the library that touches the
//! file system on the input side; everything after it works on memory.

use std::collections::BTreeMap;
use std::fs;
use std::io;
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

/// Upper limit on the size of one input file, in bytes (32 MiB: a doc of
/// 100,000 codes as an HTML table is about 9 MiB; the real docs are under
/// 10 KiB). Larger files are refused before they are read whole.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The raw contents of a seed folder.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// How the folder is named in diagnostics, e.g. `seeds/stream-interruption`.
    pub dir_label: String,
    /// The doc set's name: the folder's name under the project's `seeds/`
    /// (empty for a folder that is no set's, as in tests).
    pub set: String,
    /// The manifest's bytes, or `None` when it is missing.
    pub manifest: Option<Vec<u8>>,
    /// The decisions file's bytes, or `None` when it is missing.
    pub decisions: Option<Vec<u8>>,
    /// Every other regular file of the folder (not recursive), by file name.
    pub files: BTreeMap<String, FileBytes>,
}

/// One file's contents, or why it could not be read.
#[derive(Debug, Clone)]
pub enum FileBytes {
    /// The bytes, whole.
    Read(Vec<u8>),
    /// Larger than [`MAX_FILE_BYTES`]; holds the size in bytes.
    TooLarge(u64),
    /// Reading failed; holds the I/O error text.
    Unreadable(String),
}

impl Input {
    /// Reads the seed folder `dir`, shown as `dir_label` in diagnostics.
    ///
    /// Files are keyed by name, so the folder's listing order does not matter.
    /// Sub-folders and files whose names are not UTF-8 are skipped.
    ///
    /// # Errors
    /// When `dir` itself cannot be listed.
    pub fn read(dir: &Path, dir_label: &str) -> io::Result<Input> {
        let set = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut input = Input { dir_label: dir_label.to_owned(), set, ..Input::default() };
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let Ok(name) = entry.file_name().into_string() else { continue };
            let meta = match entry.metadata() {
                Ok(meta) if meta.is_file() => meta,
                Ok(_) => continue,
                Err(e) => {
                    input.files.insert(name, FileBytes::Unreadable(e.to_string()));
                    continue;
                }
            };
            let bytes = if meta.len() > MAX_FILE_BYTES {
                FileBytes::TooLarge(meta.len())
            } else {
                match fs::read(entry.path()) {
                    Ok(bytes) => FileBytes::Read(bytes),
                    Err(e) => FileBytes::Unreadable(e.to_string()),
                }
            };
            match (name.as_str(), bytes) {
                (MANIFEST, FileBytes::Read(b)) => input.manifest = Some(b),
                (DECISIONS, FileBytes::Read(b)) => input.decisions = Some(b),
                (_, bytes) => {
                    input.files.insert(name, bytes);
                }
            }
        }
        Ok(input)
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
    use super::decode;

    #[test]
    fn decode_strips_bom_and_crlf_and_refuses_bad_utf8() {
        let f = decode("x.md", b"\xEF\xBB\xBFa\r\nb\r\n").unwrap();
        assert_eq!(&*f.text, "a\nb\n");
        let p = decode("x.md", b"a\nb\n\xFF").unwrap_err();
        assert_eq!(p.message, "x.md:3: not UTF-8 (invalid byte at offset 4)");
    }
}
