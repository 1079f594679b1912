//! `seeds/manifest.toml`: which docs feed the pipeline and what each one is.
//!
//! ```toml
//! schema_version = 1
//!
//! [[doc]]
//! id = "en"                          # source id used in `sources[].id` and provenance
//! file = "stream-interruption.en.md" # inside the seed folder
//! lang = "en"                        # BCP 47 tag; checked against the doc's script
//! role = "coded"                     # "coded": a table of errcode, sub_errcode, reason
//!                                    # "causes": a list of reasons without codes
//! origin = "https://…"               # the page the doc was taken from
//! upstream = "000_b0f3029a50c4c4e3.txt"  # name of the file as delivered
//! ```

use std::collections::BTreeSet;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Problem, Problems, SourceFile};
use crate::input::{self, Input, MANIFEST, NOT_DOCS};
use crate::lang::Lang;
use crate::model::{DocSpec, Role};

/// The checked manifest.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The manifest file, for diagnostics that point into it.
    pub file: SourceFile,
    /// The docs, in manifest order.
    pub docs: Vec<DocSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    schema_version: Spanned<u32>,
    #[serde(default)]
    doc: Vec<RawDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDoc {
    id: Spanned<String>,
    file: Spanned<String>,
    lang: Spanned<String>,
    role: Spanned<Role>,
    origin: String,
    upstream: Option<String>,
}

/// The manifest schema this build understands.
pub const SCHEMA_VERSION: u32 = 1;

/// Reads the seed folder's manifest and checks the folder against it: every
/// file other than [`NOT_DOCS`] must be listed. Whether each listed `file`
/// exists is checked when the doc is read.
///
/// Gives `None`, with the problems in `problems`, when there is no manifest
/// or it cannot be read; files not listed are problems beside a manifest.
pub fn read(input: &Input, problems: &mut Problems) -> Option<Manifest> {
    let path = input.path_of(MANIFEST);
    let Some(bytes) = &input.manifest else {
        problems.push(
            Problem::error(format!("{path}: missing"))
                .help("the seed folder needs a manifest.toml listing each doc (see seeds/manifest.toml in the repository)"),
        );
        return None;
    };
    let manifest = input::decode(&path, bytes).map_err(|p| vec![p]).and_then(|file| parse(&file));
    let manifest = manifest.map_err(|ps| problems.extend(ps)).ok()?;
    let listed: BTreeSet<&str> = manifest.docs.iter().map(|d| d.file.as_str()).collect();
    for name in input.files.keys().filter(|n| !listed.contains(n.as_str()) && !NOT_DOCS.contains(&n.as_str())) {
        problems.push(
            Problem::error(format!("{}: not listed in {path}", input.path_of(name)))
                .help("add a [[doc]] entry for it to the manifest, or remove the file"),
        );
    }
    Some(manifest)
}

/// Parses and checks the manifest text.
///
/// # Errors
/// Every problem found, each pointing at its line: TOML syntax, unknown keys,
/// an unsupported `schema_version`, duplicate ids or files, ids that are not
/// `[a-z0-9-]+`, files outside the seed folder, unknown language tags. Whether
/// each `file` exists is checked by the caller, which sees the folder.
pub fn parse(file: &SourceFile) -> Result<Manifest, Vec<Problem>> {
    let raw: RawManifest = toml::from_str(&file.text).map_err(|e| vec![toml_problem(file, &e)])?;
    let mut problems = Vec::new();
    let at = |span: std::ops::Range<usize>, message: String, label: &str| Problem::at_span(file, span, message, label);
    if *raw.schema_version.get_ref() != SCHEMA_VERSION {
        problems.push(
            at(raw.schema_version.span(), format!("schema_version {} is not supported", raw.schema_version.get_ref()), "unsupported")
                .help(format!("this build reads schema_version = {SCHEMA_VERSION}")),
        );
    }
    if raw.doc.is_empty() {
        problems
            .push(Problem::error(format!("{}: no [[doc]] entries", file.path)).help("list each doc of the seed folder as a [[doc]] entry"));
    }
    let mut ids = BTreeSet::new();
    let mut files = BTreeSet::new();
    let mut docs = Vec::new();
    for d in raw.doc {
        let id = d.id.get_ref().clone();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            problems.push(at(d.id.span(), format!("source id `{id}` must be lowercase ASCII letters, digits and `-`"), "invalid id"));
        } else if !ids.insert(id.clone()) {
            problems.push(at(d.id.span(), format!("source id `{id}` is used twice"), "duplicate id"));
        }
        let name = d.file.get_ref().clone();
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            problems.push(
                at(d.file.span(), format!("`{name}` is not a plain file name inside the seed folder"), "not a file name")
                    .help("docs live directly in the seed folder; write just the file name"),
            );
        } else if !files.insert(name.clone()) {
            problems.push(at(d.file.span(), format!("`{name}` is listed twice"), "duplicate file"));
        }
        let lang = match d.lang.get_ref().parse::<Lang>() {
            Ok(lang) => lang,
            Err(e) => {
                problems.push(
                    at(d.lang.span(), e.to_string(), "unknown language")
                        .help("use en, ja, zh or ko (a region or script subtag may follow)"),
                );
                continue;
            }
        };
        docs.push(DocSpec {
            id,
            file: name,
            lang,
            lang_tag: d.lang.get_ref().clone(),
            role: *d.role.get_ref(),
            origin: d.origin,
            upstream: d.upstream,
            lang_line: file.line_of(d.lang.span().start),
            file_line: file.line_of(d.file.span().start),
        });
    }
    if problems.is_empty() { Ok(Manifest { file: file.clone(), docs }) } else { Err(problems) }
}

/// A TOML syntax or schema error as a [`Problem`] pointing at its span (the
/// decisions file's errors too).
pub fn toml_problem(file: &SourceFile, e: &toml::de::Error) -> Problem {
    let message = e.message().trim().to_owned();
    let help = "fix the TOML here; the keys and values each entry takes are described at the top of the repository's copy of this file";
    let problem = match e.span() {
        Some(span) => Problem::at_span(file, span, &message, "here"),
        None => Problem::error(format!("{}: {message}", file.path)),
    };
    problem.help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(text: &str) -> Result<Manifest, Vec<Problem>> {
        parse(&SourceFile::new("seeds/manifest.toml", text))
    }

    #[test]
    fn reads_a_doc_entry() {
        let m = manifest(
            "schema_version = 1\n[[doc]]\nid = \"ja\"\nfile = \"a.md\"\nlang = \"ja-JP\"\nrole = \"coded\"\norigin = \"https://example.invalid/\"\n",
        )
        .unwrap();
        assert_eq!(m.docs[0].lang, Lang::Ja);
        assert_eq!(m.docs[0].lang_line, 5);
        assert_eq!(m.docs[0].role, Role::Coded);
    }

    #[test]
    fn reports_every_bad_entry_with_its_line() {
        let problems = manifest(
            "schema_version = 1\n[[doc]]\nid = \"x\"\nfile = \"../a.md\"\nlang = \"fr\"\nrole = \"coded\"\norigin = \"\"\n\
             [[doc]]\nid = \"x\"\nfile = \"b.md\"\nlang = \"en\"\nrole = \"causes\"\norigin = \"\"\n",
        )
        .unwrap_err();
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "seeds/manifest.toml:4: `../a.md` is not a plain file name inside the seed folder",
                "seeds/manifest.toml:5: `fr` is not a BCP 47 tag for a language the docs are published in (en, ja, zh, ko)",
                "seeds/manifest.toml:9: source id `x` is used twice",
            ]
        );
    }

    #[test]
    fn unknown_keys_point_at_their_line() {
        let problems = manifest("schema_version = 1\n[[doc]]\nid = \"x\"\nfiel = \"a.md\"\n").unwrap_err();
        assert!(problems[0].message.starts_with("seeds/manifest.toml:4:"), "{}", problems[0].message);
    }
}
