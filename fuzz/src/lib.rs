//! The fuzz targets' entry points (`fuzz_targets/`), also replayed over the
//! saved corpus by `tests/fuzz_corpus.rs` (which includes this file): each
//! takes arbitrary bytes, runs one parser as `gen` does, and renders every
//! diagnostic it produces. None of them may panic, whatever the bytes.

use codegen::diag::{Problem, SourceFile};
use codegen::model::{DocSpec, Role, SetSpec, TableChoice};
use codegen::{decisions, input, manifest, parse};

/// The stream-interruption set's manifest, whose table the doc targets read.
const SEED_MANIFEST: &str = include_str!("../../seeds/stream-interruption/manifest.toml");

/// The stream-interruption set.
fn set() -> std::sync::Arc<SetSpec> {
    match manifest::parse(&SourceFile::new("manifest.toml", SEED_MANIFEST), "stream-interruption") {
        Ok(m) => m.set,
        Err(p) => panic!("the seed manifest is valid: {}", p[0].render()),
    }
}

fn render_all(problems: &[Problem]) -> usize {
    problems.iter().map(|p| p.render().len()).sum()
}

fn spec(role: Role) -> DocSpec {
    DocSpec {
        id: "fuzz".to_owned(),
        file: "fuzz.md".to_owned(),
        lang: codegen::lang::Lang::new("en", 0),
        lang_tag: "en".to_owned(),
        role,
        tables: TableChoice::default(),
        origin: String::new(),
        upstream: None,
        lang_line: 1,
        file_line: 1,
    }
}

/// A doc (HTML table or pipe table) read as a coded doc and as a cause list.
/// Returns the size of what was produced, so the work cannot be optimized away.
pub fn doc(bytes: &[u8]) -> usize {
    let file = match input::decode("fuzz.md", bytes) {
        Ok(f) => f,
        Err(p) => return render_all(&[p]),
    };
    let set = set();
    [Role::Coded, Role::Causes]
        .into_iter()
        .map(|role| match parse::parse_doc(&spec(role), &set, &file, String::new(), &mut parse::Budget::default()) {
            Ok((doc, warnings)) => {
                doc.tables.iter().map(|t| t.to_text().len()).sum::<usize>() + doc.content.to_string().len() + render_all(&warnings)
            }
            Err(problems) => render_all(&problems),
        })
        .sum()
}

/// The header every pipe-table input is appended to.
pub const PIPE_HEAD: &str = "| errcode | sub_errcode | errmsg |\n| ------- | ----------- | ------ |\n";

/// Pipe-table rows: `bytes` after a pipe-table header, read as [`doc`] does.
pub fn pipe_rows(bytes: &[u8]) -> usize {
    let mut input = PIPE_HEAD.as_bytes().to_vec();
    input.extend_from_slice(bytes);
    doc(&input)
}

/// A manifest.
pub fn manifest(bytes: &[u8]) -> usize {
    match input::decode("manifest.toml", bytes) {
        Ok(file) => match manifest::parse(&file, "fuzz") {
            Ok(m) => m.docs.len(),
            Err(problems) => render_all(&problems),
        },
        Err(p) => render_all(&[p]),
    }
}

/// A decisions file.
pub fn decisions(bytes: &[u8]) -> usize {
    match input::decode("decisions.toml", bytes) {
        Ok(file) => match decisions::parse(&file, &set()) {
            Ok(d) => d.conflicts.len() + d.curated.len() + d.codes.len(),
            Err(problems) => render_all(&problems),
        },
        Err(p) => render_all(&[p]),
    }
}
