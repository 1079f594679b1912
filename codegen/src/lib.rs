//! Turns the Tencent Cloud CSS stream-interruption docs (one page, published in
//! English, Japanese, Chinese and Korean revisions that drifted apart) into
//! checked, typed tables of push interruption codes.
//!
//! Data flows one way, one stage a module:
//! [`input`] (the seed folder's bytes) → [`manifest`] → [`parse`] (each doc's
//! table, spans expanded, into the [`model`]) → [`reconcile`] (one table keyed by
//! `(errcode, sub_errcode)`) → [`emit`] (JSON, Rust, TypeScript) → [`output`]
//! (compare with or write to `generated/`).
//!
//! [`generate`] runs the stages from [`input::Input`] to the reconciled table;
//! [`output`] streams the emitters' files to disk.

// A `Problem` carries its source text and spans; it is built only on bad input,
// so its size on the error path does not matter.
#![allow(clippy::result_large_err)]

pub mod changes;
pub mod decisions;
pub mod diag;
pub mod emit;
pub mod explain;
pub mod fuzzing;
pub mod input;
pub mod lang;
pub mod manifest;
pub mod model;
pub mod normalize;
pub mod output;
pub mod parallel;
pub mod parse;
pub mod query;
pub mod reconcile;
pub mod synth;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use diag::{Problem, Problems};
use emit::GeneratedFile;
use input::{DECISIONS, FileBytes, Input, MANIFEST, NOT_DOCS};
use lang::ScriptCounts;
use model::{DocContent, ParsedDoc};
use reconcile::{DocInput, Reconciled};

/// What a successful run produces. The parsed docs are not kept (they are
/// dropped inside reconciliation, once their texts are in the entries; at
/// 100,000 codes they are ~80 MiB): [`parse_input`] gives them.
#[derive(Debug, Clone)]
pub struct Generation {
    /// The reconciled table, from which the files are emitted.
    pub table: Reconciled,
    /// Warnings (the run still succeeded).
    pub warnings: Problems,
}

/// The docs of a seed folder, parsed, with the hash of the bytes each was read
/// from and the warnings found.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// Every doc of the manifest, parsed, in manifest order.
    pub docs: Vec<ParsedDoc>,
    /// SHA-256 of each doc's bytes as stored, lowercase hex, in the order of `docs`.
    pub sha256: Vec<String>,
    /// Warnings; no errors.
    pub problems: Problems,
}

/// What [`on_stage_end`] registered.
static STAGE_END: OnceLock<fn()> = OnceLock::new();

/// Registers `hook`, called by [`generate`] where a stage (or one doc's
/// parsing, on its worker thread) has just dropped the large structures it
/// made: a few calls a doc and one a stage, from any thread. An allocator
/// that keeps freed memory a while before returning it to the system (the
/// xtask's mimalloc) can be told to return it there, and otherwise keep
/// freed memory for reuse: at 100,000 codes that spares faulting in hundreds
/// of MiB of fresh pages without raising the peak. Returns `false` (and keeps
/// the first hook) when one was registered already.
pub fn on_stage_end(hook: fn()) -> bool {
    STAGE_END.set(hook).is_ok()
}

/// Calls the hook of [`on_stage_end`], if any.
pub(crate) fn stage_end() {
    if let Some(hook) = STAGE_END.get() {
        hook();
    }
}

/// The first stage of [`generate`]: reads the manifest, checks the folder
/// against it, decodes and parses every doc, and checks each doc's language
/// against its script.
///
/// # Errors
/// Every problem found, warnings included, when any is an error.
pub fn parse_input(input: &Input) -> Result<Parsed, Problems> {
    parse_docs(input, DocBytes::Borrowed(&input.files), Grids::Keep, None::<Extra<'_, ()>>).0
}

/// Where [`parse_docs`] gets each doc's bytes: borrowed from the [`Input`], or
/// taken out of it, so that each doc's bytes are freed as soon as the doc is
/// decoded (at 100,000 codes, 34 MB that would otherwise stay to the end).
enum DocBytes<'a> {
    Borrowed(&'a BTreeMap<String, FileBytes>),
    Taken(BTreeMap<String, FileBytes>),
}

impl<'a> DocBytes<'a> {
    fn names(&self) -> impl Iterator<Item = &String> {
        match self {
            DocBytes::Borrowed(files) => files.keys(),
            DocBytes::Taken(files) => files.keys(),
        }
    }

    fn take(&mut self, name: &str) -> Option<Cow<'a, FileBytes>> {
        match self {
            DocBytes::Borrowed(files) => files.get(name).map(Cow::Borrowed),
            DocBytes::Taken(files) => files.remove(name).map(Cow::Owned),
        }
    }
}

/// Whether parsed docs keep their table grids ([`model::Table::rows`]), or
/// only the rows they mean: past parsing `generate` needs only those, and at
/// 100,000 codes the grids of all docs together are a few hundred MiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grids {
    Keep,
    Free,
}

/// A job [`parse_docs`] runs on its workers beside the docs, in order of
/// `size` (bytes) among them: its size, and the job.
type Extra<'a, X> = (usize, Box<dyn FnOnce() -> X + Send + 'a>);

/// What [`parse_docs`] runs on a worker: a doc (its position in the manifest,
/// its entry and its bytes), or the extra job.
enum Job<'a, X> {
    Doc(usize, &'a manifest::DocSpec, Option<Cow<'a, FileBytes>>),
    Extra(Box<dyn FnOnce() -> X + Send + 'a>),
}

/// Parses the docs of the manifest (see [`parse_input`]), and runs `extra`,
/// if given, on the same workers, where its size puts it among the docs: it
/// fills a core that would wait for the last doc otherwise. `extra` is run
/// (then on this thread) even when the manifest stops the docs from being read.
fn parse_docs<'a, X: Send>(
    input: &'a Input,
    files: DocBytes<'a>,
    grids: Grids,
    extra: Option<Extra<'a, X>>,
) -> (Result<Parsed, Problems>, Option<X>) {
    let (mut extra, mut done) = (extra, None);
    let parsed = parse_docs_with(input, files, grids, &mut extra, &mut done);
    (parsed, done.or_else(|| extra.map(|(_, job)| job())))
}

/// [`parse_docs`]: takes `extra` when the docs are read, and puts what it
/// gave in `done`.
fn parse_docs_with<'a, X: Send>(
    input: &'a Input,
    mut files: DocBytes<'a>,
    grids: Grids,
    extra: &mut Option<Extra<'a, X>>,
    done: &mut Option<X>,
) -> Result<Parsed, Problems> {
    let mut problems = Problems::default();
    let manifest_path = input.path_of(MANIFEST);
    let Some(manifest_bytes) = &input.manifest else {
        problems.push(
            Problem::error(format!("{manifest_path}: missing"))
                .help("the seed folder needs a manifest.toml listing each doc (see seeds/manifest.toml in the repository)"),
        );
        return Err(problems);
    };
    let manifest_file = match parse::decode(&manifest_path, manifest_bytes) {
        Ok(f) => f,
        Err(p) => {
            problems.push(p);
            return Err(problems);
        }
    };
    let manifest = match manifest::parse(&manifest_file) {
        Ok(m) => m,
        Err(ps) => {
            problems.extend(ps);
            return Err(problems);
        }
    };

    let listed: BTreeSet<&str> = manifest.docs.iter().map(|d| d.file.as_str()).collect();
    for name in files.names().filter(|n| !listed.contains(n.as_str()) && !NOT_DOCS.contains(&n.as_str())) {
        problems.push(
            Problem::error(format!("{}: not listed in {manifest_path}", input.path_of(name)))
                .help("add a [[doc]] entry for it to the manifest, or remove the file"),
        );
    }

    // Each doc on a core of its own, the largest first, so the cores finish
    // together (at 100,000 codes the last doc parsed alone for 20–120 ms when
    // they went in manifest order). The outcomes keep the manifest's order.
    let mut jobs: Vec<(usize, Job<'_, X>)> = manifest
        .docs
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let bytes = files.take(&spec.file);
            let size = match bytes.as_deref() {
                Some(FileBytes::Read(b)) => b.len(),
                _ => 0,
            };
            (size, Job::Doc(i, spec, bytes))
        })
        .chain(extra.take().map(|(size, job)| (size, Job::Extra(job))))
        .collect();
    drop(files);
    jobs.sort_by_key(|(size, _)| std::cmp::Reverse(*size));
    let markdown = parse::MarkdownPass::default();
    let mut outcomes = Vec::new();
    for outcome in parallel::map_owned(jobs, |(_, job)| match job {
        Job::Doc(i, spec, bytes) => Ok((i, read_doc(input, &manifest, spec, bytes, grids, &markdown))),
        Job::Extra(job) => Err(job()),
    }) {
        match outcome {
            Ok(doc) => outcomes.push(doc),
            Err(x) => *done = Some(x),
        }
    }
    outcomes.sort_by_key(|(i, _)| *i);
    let mut docs = Vec::new();
    let mut sha256 = Vec::new();
    for (_, (doc, found)) in outcomes {
        problems.extend(found);
        if let Some((doc, hash)) = doc {
            docs.push(doc);
            sha256.push(hash);
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(Parsed { docs, sha256, problems })
}

/// Reads one doc of the manifest: its bytes hashed, decoded (and then
/// dropped, when taken), parsed, its language checked. Gives the doc with the
/// SHA-256 of its bytes, or the problems found.
fn read_doc(
    input: &Input,
    manifest: &manifest::Manifest,
    spec: &manifest::DocSpec,
    source: Option<Cow<'_, FileBytes>>,
    grids: Grids,
    markdown: &parse::MarkdownPass,
) -> (Option<(ParsedDoc, String)>, Vec<Problem>) {
    let path = input.path_of(&spec.file);
    let listed_at = |message: String, label: &str| Problem::at(&manifest.file, spec.file_line, &spec.file, message, label);
    let bytes = match source.as_deref() {
        Some(FileBytes::Read(b)) => b,
        Some(FileBytes::TooLarge(n)) => {
            let p = listed_at(format!("{path} is {n} bytes, more than the limit of {} bytes", input::MAX_FILE_BYTES), "too large")
                .help("the docs are a few KiB; check that this is the right file, or split it");
            return (None, vec![p]);
        }
        Some(FileBytes::Unreadable(e)) => {
            return (None, vec![listed_at(format!("{path} cannot be read: {e}"), "unreadable").help("check the file's permissions")]);
        }
        None => {
            let p = listed_at(format!("{path} is listed but absent"), "no such file")
                .help("add the file to the seed folder, or remove its [[doc]] entry");
            return (None, vec![p]);
        }
    };
    let sha256 = reconcile::sha256_hex(bytes);
    let file = match parse::decode(&path, bytes) {
        Ok(f) => f,
        Err(p) => return (None, vec![p]),
    };
    drop(source);
    let parsed = match grids {
        Grids::Keep => parse::parse_doc(spec, &file),
        Grids::Free => parse::parse_doc_content(spec, &file, markdown),
    };
    stage_end();
    match parsed {
        Ok((mut doc, mut warnings)) => {
            warnings.extend(check_language(&manifest.file, &doc));
            if grids == Grids::Free {
                doc.table.rows = Vec::new();
            }
            (Some((doc, sha256)), warnings)
        }
        Err(ps) => (None, ps),
    }
}

/// Runs the whole pipeline over a seed folder's contents.
///
/// # Errors
/// Every problem found in the input, all together (warnings included); nothing
/// is generated when any of them is an error.
pub fn generate(input: &Input) -> Result<Generation, Problems> {
    generate_from(input, DocBytes::Borrowed(&input.files), input.decisions.as_deref().map(Cow::Borrowed))
}

/// [`generate`], taking the input: each doc's bytes are freed once the doc is
/// decoded, not at the end (what `gen` uses; at 100,000 codes 34 MB less at
/// the peak).
///
/// # Errors
/// As [`generate`].
pub fn generate_owned(mut input: Input) -> Result<Generation, Problems> {
    let files = std::mem::take(&mut input.files);
    let decisions = input.decisions.take();
    generate_from(&input, DocBytes::Taken(files), decisions.map(Cow::Owned))
}

/// The pipeline over `input`, its docs' bytes from `files` and its decisions
/// file's bytes from `decisions_bytes` (owned ones are freed once decoded).
fn generate_from(input: &Input, files: DocBytes<'_>, decisions_bytes: Option<Cow<'_, [u8]>>) -> Result<Generation, Problems> {
    // The decisions file is checked even when the docs are not, so one run
    // reports the problems of both. It is read on the docs' workers, where its
    // size puts it among the docs (after the largest two: at 100,000 codes
    // the 5.6 MB file takes 55 ms, which a core spent waiting when it was
    // read before the docs).
    let size = decisions_bytes.as_ref().map_or(0, |b| b.len());
    let read = move || {
        let mut problems = Problems::default();
        let decisions = read_decisions(input, decisions_bytes, &mut problems);
        stage_end();
        (decisions, problems)
    };
    let (parsed, decisions) = parse_docs(input, files, Grids::Free, Some((size, Box::new(read))));
    stage_end();
    let (decisions, decision_problems) = decisions.unwrap_or_default();
    let Parsed { docs, sha256, mut problems } = match parsed {
        Ok(parsed) => parsed,
        Err(mut problems) => {
            problems.extend(decision_problems.0);
            return Err(problems);
        }
    };
    problems.extend(decision_problems.0);
    let (Some((decisions, decisions_sha256)), false) = (decisions, problems.has_errors()) else {
        return Err(problems);
    };
    let inputs: Vec<DocInput> = docs.into_iter().zip(sha256).map(|(doc, sha256)| DocInput { doc, sha256 }).collect();
    let table = match reconcile::reconcile(inputs, &decisions, decisions_sha256) {
        Ok(table) => table,
        Err(ps) => {
            problems.extend(ps);
            return Err(problems);
        }
    };
    Ok(Generation { table, warnings: problems })
}

impl Generation {
    /// The generated files in memory, paths relative to the output root (for
    /// tests and small tables; `gen` streams them with [`output`]).
    ///
    /// # Errors
    /// An emitter that cannot express the table (a bug).
    pub fn files(&self) -> Result<Vec<GeneratedFile>, emit::EmitError> {
        emit::emit_all(&self.table)
    }
}

/// Reads `decisions.toml` from its bytes (`None`: a seed folder without one
/// has no decisions): the decisions and the SHA-256 of the bytes (of no bytes
/// when there is no file). The bytes are dropped here, once decoded.
fn read_decisions(input: &Input, bytes: Option<Cow<'_, [u8]>>, problems: &mut Problems) -> Option<(decisions::Decisions, String)> {
    let path = input.path_of(DECISIONS);
    let Some(bytes) = bytes else { return Some((decisions::empty(&path), reconcile::sha256_hex(&[]))) };
    let sha256 = reconcile::sha256_hex(&bytes);
    let decoded = parse::decode(&path, &bytes);
    drop(bytes);
    match decoded.map_err(|p| vec![p]).and_then(|file| decisions::parse(&file)) {
        Ok(d) => Some((d, sha256)),
        Err(ps) => {
            problems.extend(ps);
            None
        }
    }
}

/// Checks the manifest's language against the script of the doc's table texts.
fn check_language(manifest: &diag::SourceFile, doc: &ParsedDoc) -> Option<Problem> {
    let mut counts = ScriptCounts::default();
    match &doc.content {
        DocContent::Coded(rows) => rows.iter().for_each(|r| counts.add(&r.text)),
        DocContent::Causes(causes) => causes.iter().for_each(|c| counts.add(&c.text)),
    }
    let seen = counts.language();
    if seen == Some(doc.spec.lang) {
        return None;
    }
    let seen_name = seen.map_or("no letters of a known script".to_owned(), |l| format!("{} ({l})", l.name()));
    let first_line = doc.table.rows.first().map_or(doc.table.line, |r| r.line);
    Some(
        Problem::at(
            manifest,
            doc.spec.lang_line,
            &doc.spec.lang_tag,
            format!("{} is declared `{}` but its table is written in {seen_name}", doc.file.path, doc.spec.lang_tag),
            "declared here",
        )
        .help(format!(
            "fix the doc's lang in the manifest (Hangul: ko, kana: ja, Han without kana: zh, Latin: en); counted {} Hangul, {} kana, {} Han, {} Latin letters",
            counts.hangul, counts.kana, counts.han, counts.latin
        ))
        .with_related(Problem::at(&doc.file, first_line, "", "the table's first row", "written here").note()),
    )
}
