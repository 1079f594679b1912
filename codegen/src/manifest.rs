//! A doc set's `manifest.toml`: what the set's table is (its key, columns,
//! languages and categories), what its outputs are called, and which docs
//! feed it. The README's "The manifest" section is the reference, with a
//! commented example; `seeds/*/manifest.toml` are working ones.
//!
//! ```toml
//! schema_version = 2
//!
//! [set]
//! title = "Tencent Cloud CSS push interruption codes"
//! json = "stop_reasons"        # json/stop_reasons.json, .schema.json; tables STOP_REASONS
//! crate = "css-stop-reasons"   # the Rust crate
//! npm = "css-stop-reasons"     # the npm package
//! entry = "StopReason"         # the Rust/TypeScript type of one entry
//! retryable = true             # decisions.toml gives each code a retry hint
//!
//! [[key]]                      # the key's columns, in order (one or more)
//! name = "errcode"
//! type = "u16"                 # u16, u32, i32, i64 or string
//! [[key]]
//! name = "sub_errcode"
//! type = "u16"
//! default = 0                  # where a doc gives none
//!
//! [table]
//! columns = ["errcode", "sub_errcode", "reason"]  # left to right; "-" skips one
//! text = "reason"              # which column holds the text
//! # symbol = "symbol"          # a column of symbolic names (ERR_ROOM_ENTER_FAIL)
//!
//! [[category]]                 # optional vocabulary
//! name = "auth"
//! description = "Expiry and signature parameters, third-party auth."
//! # sections = ["…", "…"]      # headings whose tables' rows are in this category
//!
//! [[doc]]
//! id = "en"                    # source id used in `sources[].id` and provenance
//! file = "stream-interruption.en.md"
//! lang = "en"                  # BCP 47; checked against the doc's script
//! role = "coded"               # or "causes": reasons listed once, without codes
//! origin = "https://…"
//! # tables = "all"             # read every table, not exactly one
//! # heading = "Error codes"    # only tables under this heading
//! # columns = ["Type", "Description"]  # only tables with this header row
//! ```

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Problem, Problems, SourceFile};
use crate::input::{self, Input, MANIFEST, NOT_DOCS};
use crate::lang::{self, Languages};
use crate::model::{
    Category, CategoryDef, CategoryFrom, Column, DocSpec, KeyColumn, KeyShape, KeyType, Outputs, Role, SetSpec, TableChoice,
};

/// The checked manifest.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The manifest file, for diagnostics that point into it.
    pub file: SourceFile,
    /// The set the manifest describes.
    pub set: Arc<SetSpec>,
    /// The docs, in manifest order.
    pub docs: Vec<DocSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    schema_version: Spanned<u32>,
    set: Option<RawSet>,
    #[serde(default)]
    key: Vec<RawKey>,
    table: Option<RawTable>,
    #[serde(default)]
    category: Vec<RawCategory>,
    #[serde(default)]
    doc: Vec<RawDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    title: String,
    json: Spanned<String>,
    #[serde(rename = "crate")]
    crate_name: Spanned<String>,
    npm: Spanned<String>,
    entry: Spanned<String>,
    version: Option<Spanned<String>>,
    #[serde(default)]
    retryable: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKey {
    name: Spanned<String>,
    #[serde(rename = "type")]
    ty: KeyType,
    default: Option<Spanned<toml::Value>>,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    columns: Spanned<Vec<String>>,
    text: String,
    symbol: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    name: Spanned<String>,
    description: String,
    sections: Option<Vec<String>>,
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
    tables: Option<Spanned<String>>,
    heading: Option<String>,
    columns: Option<Vec<String>>,
}

/// The packages' version where the manifest's `[set]` gives none.
const DEFAULT_VERSION: &str = "0.1.0";

/// The manifest schema this build understands.
pub const SCHEMA_VERSION: u32 = 2;

/// Most `[[doc]]` entries a manifest may list (the real sets: 1 to 5 docs).
pub const MAX_DOCS: usize = 32;
/// Most `[[category]]` entries (the real sets: up to 12).
pub const MAX_CATEGORIES: usize = 64;
/// Most `[[key]]` columns (the real sets: 1 or 2).
pub const MAX_KEYS: usize = 4;

/// Names a key column cannot take: the entry's other fields and the
/// generated entry type's methods. (`code` names the whole key, so only a
/// key of one column may call its column so.)
/// `self`, `super` and `crate` cannot be Rust identifiers at all, not even
/// raw, and `gen` is a keyword of the generated crates' edition.
const RESERVED: [&str; 12] =
    ["symbol", "category", "retryable", "messages", "message", "message_for", "message_detail", "new", "self", "super", "crate", "gen"];

/// Reads the seed folder's manifest and checks the folder against it: every
/// file other than [`NOT_DOCS`] must be listed. Whether each listed `file`
/// exists is checked when the doc is read.
///
/// Gives `None`, with the problems in `problems`, when there is no manifest
/// or it cannot be read; files not listed are problems beside a manifest.
pub fn read(input: &Input, problems: &mut Problems) -> Option<Manifest> {
    let path = input.path_of(MANIFEST);
    let Some(bytes) = &input.manifest else {
        if let Some((message, help)) = input.files.get(MANIFEST).and_then(|f| f.why_not_read(&path)) {
            problems.push(Problem::error(message).help(help));
            return None;
        }
        problems.push(
            Problem::error(format!("{path}: missing"))
                .help("a doc set's folder needs a manifest.toml describing its table and listing each doc: `cargo xtask init` writes one"),
        );
        return None;
    };
    let manifest = input::decode(&path, bytes).map_err(|p| vec![p]).and_then(|file| parse(&file, &input.set));
    let manifest = manifest.map_err(|ps| problems.extend(ps)).ok()?;
    if manifest.docs.iter().all(|d| d.role != Role::Coded) {
        // Not fatal here: the docs are still read, so that their own problems are reported too.
        problems.push(Problem::error(format!("{path}: no doc has role = \"coded\"")).help("at least one doc must give the codes"));
    }
    let listed: BTreeSet<&str> = manifest.docs.iter().map(|d| d.file.as_str()).collect();
    for name in input.files.keys().filter(|n| !listed.contains(n.as_str()) && !NOT_DOCS.contains(&n.as_str())) {
        problems.push(
            Problem::error(format!("{}: not listed in {path}", input.path_of(name)))
                .help("add a [[doc]] entry for it to the manifest, or remove the file"),
        );
    }
    Some(manifest)
}

/// Refuses a manifest with more docs, categories, keys or columns than the
/// limits ([`MAX_DOCS`], [`MAX_CATEGORIES`], [`MAX_KEYS`],
/// [`crate::model::MAX_COLUMNS`]), before any entry is checked.
fn check_counts(file: &SourceFile, raw: &RawManifest) -> Result<(), Vec<Problem>> {
    let columns = raw.table.as_ref().map_or(0, |t| t.columns.get_ref().len());
    let counts = [
        ("[[doc]] entries", raw.doc.len(), MAX_DOCS),
        ("[[category]] entries", raw.category.len(), MAX_CATEGORIES),
        ("[[key]] entries", raw.key.len(), MAX_KEYS),
        ("[table] columns", columns, crate::model::MAX_COLUMNS),
    ];
    let over: Vec<Problem> = counts
        .iter()
        .filter(|(_, n, limit)| n > limit)
        .map(|(what, n, limit)| {
            Problem::error(format!("{}: {n} {what}, more than the limit of {limit}", file.path))
                .help("the real doc sets need far fewer; check that this is the right file, or split the set")
        })
        .collect();
    if over.is_empty() { Ok(()) } else { Err(over) }
}

/// Parses and checks the manifest text of the set `set_name` (its folder's name).
///
/// # Errors
/// Every problem found, each pointing at its line: TOML syntax, unknown keys,
/// an unsupported `schema_version`, a missing `[set]`, `[[key]]` or `[table]`,
/// names that are not identifiers, columns that name nothing, duplicate ids
/// or files, files outside the seed folder, tags that are not BCP 47.
pub fn parse(file: &SourceFile, set_name: &str) -> Result<Manifest, Vec<Problem>> {
    let raw: RawManifest = toml::from_str(&file.text).map_err(|e| vec![toml_problem(file, &e)])?;
    check_counts(file, &raw)?;
    let mut check = Checker { file, problems: Vec::new() };
    if *raw.schema_version.get_ref() != SCHEMA_VERSION {
        let p =
            check.at(raw.schema_version.span(), format!("schema_version {} is not supported", raw.schema_version.get_ref()), "unsupported");
        check.problems.push(p.help(format!(
            "this build reads schema_version = {SCHEMA_VERSION}; version 1 had no [set], [[key]] or [table]: see the README's \"The manifest\" section"
        )));
        return Err(check.problems);
    }
    let key = check.key(&raw.key);
    let (Some(set), Some(table)) = (raw.set, raw.table) else {
        let missing = Problem::error(format!("{}: [set] and [table] are required", file.path))
            .help("name the outputs in [set] and the table's columns in [table]; see the README's \"The manifest\" section");
        check.problems.push(missing);
        return Err(check.problems);
    };
    let (columns, text) = check.columns(&key, table);
    let (categories, category_from) = check.categories(raw.category);
    let mut languages = Languages::default();
    let docs = check.docs(raw.doc, &mut languages);
    let outputs = check.outputs(&set);
    let spec = SetSpec {
        name: set_name.to_owned(),
        title: set.title,
        outputs,
        key: Arc::new(key),
        columns,
        text,
        languages,
        categories,
        category_from,
        retryable: set.retryable,
        errmsgs: docs.iter().any(|d| d.role == Role::Errmsg),
    };
    if check.problems.is_empty() { Ok(Manifest { file: file.clone(), set: Arc::new(spec), docs }) } else { Err(check.problems) }
}

/// Checks the entries of one manifest, collecting the problems.
struct Checker<'f> {
    file: &'f SourceFile,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn at(&self, span: std::ops::Range<usize>, message: impl std::fmt::Display, label: &str) -> Problem {
        Problem::at_span(self.file, span, message, label)
    }

    /// A problem at `span` unless `ok`.
    fn require(&mut self, ok: bool, span: std::ops::Range<usize>, message: impl std::fmt::Display, help: &str) {
        if !ok {
            let p = self.at(span, message, "here").help(help);
            self.problems.push(p);
        }
    }

    fn key(&mut self, raw: &[RawKey]) -> KeyShape {
        if raw.is_empty() {
            self.problems.push(
                Problem::error(format!("{}: no [[key]] columns", self.file.path))
                    .help("name the key's columns, e.g. [[key]] name = \"errcode\" type = \"u16\""),
            );
        }
        let mut columns: Vec<KeyColumn> = Vec::new();
        for k in raw {
            let name = k.name.get_ref().clone();
            self.require(
                is_snake_case(&name),
                k.name.span(),
                format!("key column `{name}` is not a snake_case name"),
                "use lowercase ASCII letters, digits and `_`, starting with a letter",
            );
            self.require(
                !RESERVED.contains(&name.as_str()),
                k.name.span(),
                format!("`{name}` names another field of an entry"),
                "choose another name for the key column",
            );
            self.require(
                columns.iter().all(|c| c.name != name),
                k.name.span(),
                format!("key column `{name}` is named twice"),
                "give each key column its own name",
            );
            let default = k.default.as_ref().and_then(|d| {
                let text = match d.get_ref() {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(n) => n.to_string(),
                    _ => String::new(),
                };
                k.ty.parse(&text).map_err(|e| self.problems.push(self.at(d.span(), format!("default `{text}` {e}"), "default"))).ok()
            });
            let description = k.description.clone().unwrap_or_else(|| format!("The `{name}`."));
            columns.push(KeyColumn { name, ty: k.ty, default, description });
        }
        if let Some(i) = columns.iter().position(|c| c.default.is_some())
            && let Some(after) = columns[i..].iter().zip(raw[i..].iter()).find(|(c, _)| c.default.is_none())
        {
            let p =
                self.at(after.1.name.span(), format!("`{}` has no default but follows a column that has one", after.0.name), "no default");
            self.problems.push(p.help("give defaults to the last columns of the key only, so that a code can leave them out"));
        }
        KeyShape { columns }
    }

    /// The table's columns and the name of its text column.
    fn columns(&mut self, key: &KeyShape, table: RawTable) -> (Vec<Column>, String) {
        let span = table.columns.span();
        let mut columns = Vec::new();
        for name in table.columns.get_ref() {
            let column = if let Some(i) = key.columns.iter().position(|c| &c.name == name) {
                Column::Key(i)
            } else if *name == table.text {
                Column::Text
            } else if Some(name) == table.symbol.as_ref() {
                Column::Symbol
            } else if name == "-" {
                Column::Skip
            } else {
                let p = self.at(span.clone(), format!("column `{name}` is not a key column, the text or the symbol"), "columns");
                self.problems
                    .push(p.help("name each column of the tables, left to right: a [[key]] name, `text`, `symbol`, or \"-\" to skip one"));
                Column::Skip
            };
            if column != Column::Skip && columns.contains(&column) {
                self.problems.push(self.at(span.clone(), format!("column `{name}` is named twice"), "columns"));
            }
            columns.push(column);
        }
        for (i, k) in key.columns.iter().enumerate() {
            self.require(
                columns.contains(&Column::Key(i)),
                span.clone(),
                format!("key column `{}` is not among the columns", k.name),
                "list every key column in [table] columns",
            );
        }
        self.require(
            columns.contains(&Column::Text),
            span.clone(),
            format!("the text column `{}` is not among the columns", table.text),
            "list the text column in [table] columns",
        );
        if let Some(symbol) = &table.symbol {
            self.require(
                columns.contains(&Column::Symbol),
                span,
                format!("the symbol column `{symbol}` is not among the columns"),
                "list the symbol column in [table] columns, or remove `symbol`",
            );
        }
        (columns, table.text)
    }

    fn categories(&mut self, raw: Vec<RawCategory>) -> (Vec<CategoryDef>, CategoryFrom) {
        let with_sections = raw.iter().filter(|c| c.sections.is_some()).count();
        let from = match (raw.len(), with_sections) {
            (0, _) => CategoryFrom::None,
            (_, 0) => CategoryFrom::Decisions,
            (n, k) if n == k => CategoryFrom::Section,
            _ => {
                self.problems
                    .push(Problem::error(format!("{}: some [[category]] entries list sections and some do not", self.file.path)).help(
                    "give every category its sections (categories come from the docs' headings) or none (they come from decisions.toml)",
                ));
                CategoryFrom::None
            }
        };
        let mut defs: Vec<CategoryDef> = Vec::new();
        for c in raw {
            let name = c.name.get_ref().clone();
            let valid = name.starts_with(|ch: char| ch.is_ascii_lowercase())
                && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            self.require(
                valid,
                c.name.span(),
                format!("category `{name}` is not a lowercase name"),
                "use lowercase ASCII letters, digits and `-`, starting with a letter",
            );
            self.require(
                defs.iter().all(|d| d.category.as_str() != name),
                c.name.span(),
                format!("category `{name}` is listed twice"),
                "keep one entry per category",
            );
            let sections: Vec<String> = c.sections.unwrap_or_default().iter().map(|s| crate::normalize::collapse_whitespace(s)).collect();
            for s in &sections {
                let elsewhere = defs.iter().find(|d| d.sections.contains(s));
                if let Some(d) = elsewhere {
                    let p = self.at(c.name.span(), format!("section {s:?} is listed for `{}` too", d.category), "sections");
                    self.problems.push(p.help("a heading can give only one category"));
                }
            }
            defs.push(CategoryDef { category: Category::new(&name, defs.len()), description: c.description, sections });
        }
        (defs, from)
    }

    fn outputs(&mut self, set: &RawSet) -> Outputs {
        let (json, crate_name, npm, entry) = (set.json.get_ref(), set.crate_name.get_ref(), set.npm.get_ref(), set.entry.get_ref());
        self.require(
            is_snake_case(json),
            set.json.span(),
            format!("json = `{json}` is not a snake_case file stem"),
            "use lowercase ASCII letters, digits and `_`, e.g. \"stop_reasons\"",
        );
        self.require(
            is_package_name(crate_name),
            set.crate_name.span(),
            format!("crate = `{crate_name}` is not a crate name"),
            "use lowercase ASCII letters, digits and `-`",
        );
        let npm_name = npm
            .strip_prefix('@')
            .and_then(|s| s.split_once('/'))
            .map_or(npm.as_str(), |(scope, name)| if is_package_name(scope) { name } else { "" });
        self.require(
            is_package_name(npm_name),
            set.npm.span(),
            format!("npm = `{npm}` is not an npm package name"),
            "use lowercase ASCII letters, digits and `-`, optionally with a scope: @scope/name",
        );
        let camel = entry.starts_with(|c: char| c.is_ascii_uppercase()) && entry.chars().all(|c| c.is_ascii_alphanumeric());
        self.require(
            camel,
            set.entry.span(),
            format!("entry = `{entry}` is not an UpperCamelCase type name"),
            "name the type of one entry, e.g. \"StopReason\"",
        );
        let version = set.version.as_ref().map_or(DEFAULT_VERSION, |v| v.get_ref().as_str());
        if let (Some(at), Err(e)) = (&set.version, semver::Version::parse(version)) {
            let p = self.at(at.span(), format!("version = `{version}` is not a semantic version ({e})"), "not a version");
            self.problems.push(p.help("write it as MAJOR.MINOR.PATCH, e.g. \"0.2.0\""));
        }
        Outputs {
            json: json.clone(),
            crate_name: crate_name.clone(),
            npm: npm.clone(),
            entry_type: entry.clone(),
            version: version.to_owned(),
        }
    }

    fn docs(&mut self, raw: Vec<RawDoc>, languages: &mut Languages) -> Vec<DocSpec> {
        if raw.is_empty() {
            self.problems.push(
                Problem::error(format!("{}: no [[doc]] entries", self.file.path))
                    .help("list each doc of the seed folder as a [[doc]] entry"),
            );
        }
        let (mut ids, mut files) = (BTreeSet::new(), BTreeSet::new());
        let mut docs = Vec::new();
        for d in raw {
            let id = d.id.get_ref().clone();
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
                self.problems.push(self.at(
                    d.id.span(),
                    format!("source id `{id}` must be lowercase ASCII letters, digits and `-`"),
                    "invalid id",
                ));
            } else if !ids.insert(id.clone()) {
                self.problems.push(self.at(d.id.span(), format!("source id `{id}` is used twice"), "duplicate id"));
            }
            let name = d.file.get_ref().clone();
            if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                let p = self.at(d.file.span(), format!("`{name}` is not a plain file name inside the seed folder"), "not a file name");
                self.problems.push(p.help("docs live directly in the seed folder; write just the file name"));
            } else if !files.insert(name.clone()) {
                self.problems.push(self.at(d.file.span(), format!("`{name}` is listed twice"), "duplicate file"));
            }
            let tables = self.table_choice(&d);
            let tag = match lang::normalize(d.lang.get_ref()) {
                Ok(tag) => tag,
                Err(e) => {
                    let p = self.at(d.lang.span(), e, "not a language tag");
                    self.problems.push(p.help("write the doc's language as a BCP 47 tag: en, ja, zh-Hans, pt-BR, …"));
                    continue;
                }
            };
            docs.push(DocSpec {
                id,
                file: name,
                lang: languages.add(&tag),
                lang_tag: d.lang.get_ref().clone(),
                role: *d.role.get_ref(),
                tables,
                origin: d.origin,
                upstream: d.upstream,
                lang_line: self.file.line_of(d.lang.span().start),
                file_line: self.file.line_of(d.file.span().start),
            });
        }
        docs
    }

    fn table_choice(&mut self, d: &RawDoc) -> TableChoice {
        let all = match d.tables.as_ref().map(|t| (t.get_ref().as_str(), t.span())) {
            None | Some(("one", _)) => false,
            Some(("all", _)) => true,
            Some((other, span)) => {
                let p = self.at(span, format!("tables = \"{other}\" is neither \"one\" nor \"all\""), "tables");
                self.problems.push(p.help(
                    "\"one\": the doc has exactly one table of codes (among those `heading` and `columns` choose); \"all\": read every one",
                ));
                false
            }
        };
        let heading = d.heading.as_deref().map(crate::normalize::collapse_whitespace);
        let columns = d.columns.as_ref().map(|cs| cs.iter().map(|c| crate::normalize::collapse_whitespace(c)).collect());
        TableChoice { all, heading, columns }
    }
}

fn is_snake_case(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase()) && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn is_package_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase()) && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A TOML syntax or schema error as a [`Problem`] pointing at its span (the
/// decisions file's errors too).
pub fn toml_problem(file: &SourceFile, e: &toml::de::Error) -> Problem {
    toml_problem_at(file, e, 0)
}

/// As [`toml_problem`], for an error of the part of `file` that starts at
/// byte `offset` (a table read alone).
pub fn toml_problem_at(file: &SourceFile, e: &toml::de::Error, offset: usize) -> Problem {
    let message = e.message().trim().to_owned();
    let help = "fix the TOML here; the keys and values each entry takes are described at the top of the repository's copy of this file";
    let problem = match e.span() {
        Some(span) => Problem::at_span(file, offset + span.start..offset + span.end, &message, "here"),
        None => Problem::error(format!("{}: {message}", file.path)),
    };
    problem.help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KeyValue;

    const HEAD: &str = "schema_version = 2\n[set]\ntitle = \"t\"\njson = \"codes\"\ncrate = \"c\"\nnpm = \"c\"\nentry = \"Code\"\n\
        [[key]]\nname = \"errcode\"\ntype = \"u16\"\n[[key]]\nname = \"sub_errcode\"\ntype = \"u16\"\ndefault = 0\n\
        [table]\ncolumns = [\"errcode\", \"sub_errcode\", \"reason\"]\ntext = \"reason\"\n";

    fn manifest(text: &str) -> Result<Manifest, Vec<Problem>> {
        parse(&SourceFile::new("seeds/s/manifest.toml", text), "s")
    }

    fn messages(text: &str) -> Vec<String> {
        manifest(text).unwrap_err().into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn reads_the_set_its_key_and_a_doc() {
        let m = manifest(&format!(
            "{HEAD}[[doc]]\nid = \"ja\"\nfile = \"a.md\"\nlang = \"ja-jp\"\nrole = \"coded\"\norigin = \"https://example.invalid/\"\ncolumns = [\"Type\", \" Meaning \"]\n"
        ))
        .unwrap_or_else(|p| panic!("{}", p[0].render()));
        assert_eq!(m.docs[0].lang.tag(), "ja-JP");
        assert_eq!(m.docs[0].lang_line, 21);
        assert_eq!(m.docs[0].tables.columns.as_deref(), Some(&["Type".to_owned(), "Meaning".to_owned()][..]));
        assert_eq!(m.set.columns, [Column::Key(0), Column::Key(1), Column::Text]);
        assert_eq!(m.set.key.columns[1].default, Some(KeyValue::Int(0)));
        assert_eq!(m.set.category_from, CategoryFrom::None);
    }

    #[test]
    fn reports_every_bad_entry_with_its_line() {
        let text = format!(
            "{HEAD}[[doc]]\nid = \"x\"\nfile = \"../a.md\"\nlang = \"not a tag\"\nrole = \"coded\"\norigin = \"\"\n\
             [[doc]]\nid = \"x\"\nfile = \"b.md\"\nlang = \"en\"\nrole = \"causes\"\norigin = \"\"\n"
        );
        let found = messages(&text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("seeds/s/manifest.toml:20: `../a.md` is not a plain file name"), "{found:?}");
        assert!(found[1].starts_with("seeds/s/manifest.toml:21: `not a tag` is not a BCP 47 language tag"), "{found:?}");
        assert_eq!(found[2], "seeds/s/manifest.toml:25: source id `x` is used twice");
    }

    #[test]
    fn columns_must_name_the_key_and_the_text() {
        let text = HEAD.replace("[\"errcode\", \"sub_errcode\", \"reason\"]", "[\"errcode\", \"why\"]")
            + "[[doc]]\nid = \"x\"\nfile = \"a.md\"\nlang = \"en\"\nrole = \"coded\"\norigin = \"\"\n";
        let found = messages(&text);
        assert!(found.iter().any(|m| m.contains("column `why` is not a key column")), "{found:?}");
        assert!(found.iter().any(|m| m.contains("key column `sub_errcode` is not among the columns")), "{found:?}");
        assert!(found.iter().any(|m| m.contains("the text column `reason` is not among the columns")), "{found:?}");
    }

    #[test]
    fn the_version_is_semver_and_defaults_to_0_1_0() {
        let doc = "[[doc]]\nid = \"en\"\nfile = \"a.md\"\nlang = \"en\"\nrole = \"coded\"\norigin = \"o\"\n";
        let read = manifest(&format!("{HEAD}{doc}")).unwrap_or_else(|p| panic!("{:?}", p[0].message));
        assert_eq!(read.set.outputs.version, "0.1.0");
        let with = HEAD.replace("entry = \"Code\"\n", "entry = \"Code\"\nversion = \"1.2.3-rc.1\"\n");
        assert_eq!(manifest(&format!("{with}{doc}")).map(|m| m.set.outputs.version.clone()).ok().as_deref(), Some("1.2.3-rc.1"));
        let bad = HEAD.replace("entry = \"Code\"\n", "entry = \"Code\"\nversion = \"1.2\"\n");
        let found = messages(&format!("{bad}{doc}"));
        assert!(found[0].starts_with("seeds/s/manifest.toml:8: version = `1.2` is not a semantic version"), "{}", found[0]);
    }

    #[test]
    fn version_1_and_unknown_keys_are_explained() {
        assert!(messages("schema_version = 1\n")[0].contains("schema_version 1 is not supported"));
        let found = messages(&format!("{HEAD}[[doc]]\nid = \"x\"\nfiel = \"a.md\"\n"));
        assert!(found[0].starts_with("seeds/s/manifest.toml:20:"), "{}", found[0]);
    }
}
