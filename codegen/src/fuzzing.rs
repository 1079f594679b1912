//! Entry points for the fuzz targets in `fuzz/` and for the test that replays
//! their corpus (`tests/fuzz_corpus.rs`): each takes arbitrary bytes, runs one
//! parser as `gen` does, and renders every diagnostic it produces. None of them
//! may panic, whatever the bytes.

use crate::diag::{Problem, SourceFile};
use crate::lang::Lang;
use crate::manifest::{DocSpec, Role};
use crate::{decisions, manifest, parse};

fn render_all(problems: &[Problem]) -> usize {
    problems.iter().map(|p| p.render().len()).sum()
}

fn spec(role: Role) -> DocSpec {
    DocSpec {
        id: "fuzz".to_owned(),
        file: "fuzz.md".to_owned(),
        lang: Lang::En,
        lang_tag: "en".to_owned(),
        role,
        origin: String::new(),
        upstream: None,
        lang_line: 1,
        file_line: 1,
    }
}

/// A doc (HTML table or pipe table) read as a coded doc and as a cause list.
/// Returns the size of what was produced, so the work cannot be optimized away.
///
/// # Panics
/// When [`parse::parse_doc_content`] (what `generate` uses) reads another
/// content, or other problems, than [`parse::parse_doc`]; when a pipe table
/// read in parts of two rows reads otherwise than in one pass
/// ([`parse::read_in_parts_as_in_one_pass`]).
pub fn doc(bytes: &[u8]) -> usize {
    let file = match parse::decode("fuzz.md", bytes) {
        Ok(f) => f,
        Err(p) => return render_all(&[p]),
    };
    if let Err(difference) = parse::read_in_parts_as_in_one_pass(&file.text, 2) {
        panic!("{difference}");
    }
    [Role::Coded, Role::Causes]
        .into_iter()
        .map(|role| {
            let (copied, moved) =
                (parse::parse_doc(&spec(role), &file), parse::parse_doc_content(&spec(role), &file, &parse::MarkdownPass::default()));
            let messages = |ps: &[Problem]| ps.iter().map(|p| p.message.clone()).collect::<Vec<_>>();
            let agree = match (&copied, &moved) {
                (Ok((a, wa)), Ok((b, wb))) => a.content == b.content && messages(wa) == messages(wb),
                (Err(a), Err(b)) => messages(a) == messages(b),
                _ => false,
            };
            assert!(agree, "parse_doc and parse_doc_content disagree on {:?}", file.text);
            match copied {
                Ok((doc, warnings)) => doc.table.to_text().len() + doc.content.to_string().len() + render_all(&warnings),
                Err(problems) => render_all(&problems),
            }
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

/// A doc read by the tokenizer HTML reader and by scraper's tree builder.
///
/// # Panics
/// When they read it differently (lines aside): that is what the
/// `html_oracle` fuzz target looks for.
#[cfg(feature = "scraper-oracle")]
pub fn html_oracle(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Some(difference) = parse::disagreement(text)
    {
        panic!("the HTML readers disagree on {text:?}:\n{difference}");
    }
}

/// A manifest.
pub fn manifest(bytes: &[u8]) -> usize {
    match parse::decode("manifest.toml", bytes) {
        Ok(file) => match manifest::parse(&file) {
            Ok(m) => m.docs.len(),
            Err(problems) => render_all(&problems),
        },
        Err(p) => render_all(&[p]),
    }
}

/// A decisions file, read by [`decisions::parse`] and checked against
/// [`decisions::parse_with_toml`].
///
/// # Panics
/// When the two readers disagree: one accepts what the other refuses, or they
/// read different decisions.
pub fn decisions(bytes: &[u8]) -> usize {
    match parse::decode("decisions.toml", bytes) {
        Ok(file) => {
            let (fast, reference) = (decisions::parse(&file), decisions::parse_with_toml(&file));
            if let Some(difference) = decisions_differ(&fast, &reference) {
                panic!("decisions::parse and parse_with_toml disagree on {:?}: {difference}", file.text);
            }
            match fast {
                Ok(d) => d.conflicts.len() + d.curated.len() + d.codes.len(),
                Err(problems) => render_all(&problems),
            }
        }
        Err(p) => render_all(&[p]),
    }
}

type DecisionsResult = Result<decisions::Decisions, Vec<Problem>>;

/// How two readings of one decisions file differ, if they do. Both refusing
/// is agreement even when the messages differ (a code listed twice is a
/// duplicate key to the toml crate).
fn decisions_differ(a: &DecisionsResult, b: &DecisionsResult) -> Option<String> {
    match (a, b) {
        (Ok(a), Ok(b)) => (a.codes != b.codes || a.conflicts != b.conflicts || a.curated != b.curated || a.align != b.align)
            .then(|| format!("{:?}\nagainst\n{:?}", a.codes, b.codes)),
        (Err(_), Err(_)) => None,
        (Ok(_), Err(p)) => Some(format!("only the toml crate refuses it: {}", p[0].message)),
        (Err(p), Ok(_)) => Some(format!("only the fast reader refuses it: {}", p[0].message)),
    }
}

/// A diagnostic's rendering for a span anywhere in any text, the way parsers
/// make them: the renderer must not panic on odd spans or characters.
pub fn render_at(text: &str, line: usize) -> usize {
    let file = SourceFile::new("fuzz.md", text);
    Problem::at(&file, line, text.get(..text.len().min(3)).unwrap_or(""), "fuzz", "here").render().len()
}
