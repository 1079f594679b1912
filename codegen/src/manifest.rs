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

use crate::diag::{Label, Problem, SourceFile};
use crate::lang::Lang;

/// What a doc contributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A table of `errcode`, `sub_errcode` (possibly merged into one column by
    /// `colspan`) and reason text.
    Coded,
    /// A one-column table of reasons without codes, from a revision of the page
    /// that listed each distinct cause once.
    Causes,
}

impl Role {
    /// The manifest spelling: `"coded"` or `"causes"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Coded => "coded",
            Role::Causes => "causes",
        }
    }
}

/// One `[[doc]]` entry of the manifest, checked.
#[derive(Debug, Clone)]
pub struct DocSpec {
    /// Source id: lowercase ASCII letters, digits and `-`; unique.
    pub id: String,
    /// File name inside the seed folder.
    pub file: String,
    /// The doc's language.
    pub lang: Lang,
    /// The tag as the manifest writes it (e.g. `ja-JP`).
    pub lang_tag: String,
    /// What the doc contributes.
    pub role: Role,
    /// The page the doc was taken from.
    pub origin: String,
    /// The file's name as delivered upstream, if recorded.
    pub upstream: Option<String>,
    /// 1-based line of the entry's `lang` key, for diagnostics about the language.
    pub lang_line: usize,
    /// 1-based line of the entry's `file` key.
    pub file_line: usize,
}

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
    let at = |span: std::ops::Range<usize>, message: String, label: &str| {
        let line = file.line_of(span.start);
        Problem {
            labels: vec![Label { span: (span.start, span.len()).into(), text: label.to_owned() }],
            ..Problem::at(file, line, "", message, label)
        }
    };
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

/// A TOML syntax or schema error as a [`Problem`] pointing at its span.
pub(crate) fn toml_problem(file: &SourceFile, e: &toml::de::Error) -> Problem {
    let message = e.message().trim().to_owned();
    let help = "fix the TOML here; the keys and values each entry takes are described at the top of the repository's copy of this file";
    let problem = match e.span() {
        Some(span) => {
            let line = file.line_of(span.start);
            Problem {
                labels: vec![Label { span: (span.start, span.len()).into(), text: "here".to_owned() }],
                ..Problem::at(file, line, "", &message, "here")
            }
        }
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
