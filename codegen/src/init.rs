//! `cargo xtask init SET DOC…`: a starting manifest for a new doc set, from
//! a look at its docs. Every table of each doc is listed ([`survey`]) with the
//! heading it sits under, its columns and its row count; each doc's language
//! is guessed from its script; and [`starting_manifest`] writes the choices
//! it makes (which table, which columns are the key, the symbol and the
//! text, their types, the categories) marked `# REVIEW` for the maintainer.

use std::fmt::Write as _;

use crate::diag::SourceFile;
use crate::emit::type_name;
use crate::lang::ScriptCounts;
use crate::model::{KeyType, Table};
use crate::parse;

/// One table of a doc as `init` sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSurvey {
    /// 1-based line where it starts.
    pub line: usize,
    /// The heading of its section, if any.
    pub heading: Option<String>,
    /// Its header cells.
    pub columns: Vec<String>,
    /// Its body rows.
    pub rows: usize,
    /// What each column looks like, from its body cells.
    pub kinds: Vec<ColumnKind>,
    /// Why it cannot be read, if it cannot.
    pub problem: Option<String>,
}

/// What a column's cells look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Whole numbers fitting the type.
    Number(KeyType),
    /// Symbolic names (`ERR_ROOM_ENTER_FAIL`).
    Symbol,
    /// Words without spaces (`InvalidInput.InvalidTimeOffset`).
    Word,
    /// Text.
    Text,
}

/// One doc as `init` sees it: its tables and the language its script suggests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSurvey {
    /// The file name.
    pub file: String,
    /// The BCP 47 language subtag its tables' script suggests, if any.
    pub lang: Option<&'static str>,
    /// Every table, in order.
    pub tables: Vec<TableSurvey>,
}

/// Looks at every table of `file`.
pub fn survey(name: &str, file: &SourceFile) -> DocSurvey {
    let mut counts = ScriptCounts::default();
    let tables = parse::find_tables(file, &mut parse::Budget::default())
        .into_iter()
        .map(|found| {
            let heading = found.headings.last().map(|h| h.text.clone());
            match found.table {
                Ok(table) => {
                    table.rows.iter().flat_map(|r| &r.cells).for_each(|c| counts.add(&c.text));
                    surveyed(found.line, heading, &table)
                }
                Err(problems) => TableSurvey {
                    line: found.line,
                    heading,
                    columns: Vec::new(),
                    rows: 0,
                    kinds: Vec::new(),
                    problem: problems.first().map(|p| p.message.clone()),
                },
            }
        })
        .collect();
    DocSurvey { file: name.to_owned(), lang: counts.guess(), tables }
}

fn surveyed(line: usize, heading: Option<String>, table: &Table) -> TableSurvey {
    let columns: Vec<String> = table.header.as_ref().map(|h| h.cells.iter().map(|c| c.text.to_string()).collect()).unwrap_or_default();
    let width = table.rows.first().map_or(columns.len(), |r| r.cells.len());
    let kinds = (0..width).map(|i| kind(table.rows.iter().filter_map(|r| r.cells.get(i)).map(|c| &*c.text))).collect();
    TableSurvey { line, heading, columns, rows: table.rows.len(), kinds, problem: None }
}

/// What the cells of one column look like.
fn kind<'a>(cells: impl Iterator<Item = &'a str> + Clone) -> ColumnKind {
    let numbers: Option<Vec<i64>> = cells.clone().map(|c| c.parse::<i64>().ok()).collect();
    if let Some(numbers) = numbers.filter(|n| !n.is_empty()) {
        let fits = |ty: KeyType| ty.range().is_some_and(|(lo, hi)| numbers.iter().all(|n| (lo..=hi).contains(n)));
        let ty = [KeyType::U16, KeyType::U32, KeyType::I32].into_iter().find(|ty| fits(*ty)).unwrap_or(KeyType::I64);
        return ColumnKind::Number(ty);
    }
    let symbol = |c: &str| {
        c.starts_with(|ch: char| ch.is_ascii_uppercase()) && c.chars().all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
    };
    if cells.clone().all(|c| symbol(c) && c.contains('_')) {
        ColumnKind::Symbol
    } else if cells.clone().all(|c| !c.is_empty() && c.is_ascii() && !c.contains(char::is_whitespace)) {
        ColumnKind::Word
    } else {
        ColumnKind::Text
    }
}

/// What each column looks like over all of `tables` (of one header).
fn merged_kinds(tables: &[&TableSurvey]) -> Vec<ColumnKind> {
    let mut kinds = tables.first().map(|t| t.kinds.clone()).unwrap_or_default();
    for t in tables.iter().skip(1) {
        for (k, other) in kinds.iter_mut().zip(&t.kinds) {
            *k = merge(*k, *other);
        }
    }
    kinds
}

/// What a column that looks like `a` in one table and `b` in another is.
fn merge(a: ColumnKind, b: ColumnKind) -> ColumnKind {
    use ColumnKind::{Number, Symbol, Text, Word};
    match (a, b) {
        (Number(x), Number(y)) => Number(match (x, y) {
            _ if x == y => x,
            (KeyType::U16, other) | (other, KeyType::U16) if other != KeyType::String => other,
            _ => KeyType::I64,
        }),
        (Symbol, Symbol) => Symbol,
        (Text, _) | (_, Text) => Text,
        _ => Word,
    }
}

/// The table of codes a doc most likely holds: among the readable tables
/// with a number or word column and a text column, those with the header of
/// the largest one; several when the doc repeats that header (a table per section).
fn code_tables(doc: &DocSurvey) -> Vec<&TableSurvey> {
    let coded = |t: &&TableSurvey| {
        t.problem.is_none()
            && t.kinds.contains(&ColumnKind::Text)
            && t.kinds.iter().any(|k| matches!(k, ColumnKind::Number(_) | ColumnKind::Word))
    };
    let Some(largest) = doc.tables.iter().filter(coded).max_by_key(|t| t.rows) else { return Vec::new() };
    doc.tables.iter().filter(coded).filter(|t| t.columns == largest.columns).collect()
}

/// The starting manifest of the set `name` with the docs `docs` (in the
/// order given), every guess marked `# REVIEW`.
pub fn starting_manifest(name: &str, docs: &[DocSurvey]) -> String {
    let kinds = docs.iter().map(code_tables).find(|t| !t.is_empty()).map(|tables| merged_kinds(&tables)).unwrap_or_default();
    let stem = name.replace('-', "_");
    let mut out = format!(
        "# The {name} doc set, written by `cargo xtask init` from a look at its docs.\n\
         # Every line marked REVIEW is a guess: check it, then run `cargo xtask gen --set {name}`,\n\
         # which says what decisions.toml needs. The README's \"The manifest\" section describes every field.\n\
         schema_version = 2\n\n[set]\ntitle = \"{name}\" # REVIEW: what the codes are, one line\njson = \"{stem}\"\ncrate = \"{name}\"\nnpm = \"{name}\"\nentry = \"{}\" # REVIEW: the type of one entry\n",
        type_name(name)
    );
    let mut columns = Vec::new();
    let text = kinds.iter().rposition(|k| *k == ColumnKind::Text);
    let mut keyed = false;
    for (i, k) in kinds.iter().enumerate() {
        match k {
            ColumnKind::Number(ty) if !keyed => {
                let _ = write!(out, "\n[[key]]\nname = \"code\" # REVIEW\ntype = \"{}\" # REVIEW: from the docs' values\n", ty.as_str());
                keyed = true;
                columns.push("\"code\"");
            }
            ColumnKind::Word if !keyed => {
                out.push_str("\n[[key]]\nname = \"code\" # REVIEW\ntype = \"string\"\n");
                keyed = true;
                columns.push("\"code\"");
            }
            ColumnKind::Symbol => columns.push("\"symbol\""),
            ColumnKind::Text if Some(i) == text => columns.push("\"text\""),
            _ => columns.push("\"-\""),
        }
    }
    let symbol = if kinds.contains(&ColumnKind::Symbol) { "symbol = \"symbol\"\n" } else { "" };
    let _ = write!(
        out,
        "\n[table]\ncolumns = [{}] # REVIEW: what each column holds, left to right\ntext = \"text\"\n{symbol}",
        columns.join(", ")
    );
    out.push_str(&categories(docs));
    for doc in docs {
        out.push_str(&doc_entry(doc));
    }
    out
}

/// `[[category]]` entries from the sections of docs that list their codes in
/// a table per section, paired by position across the docs.
fn categories(docs: &[DocSurvey]) -> String {
    let sections: Vec<Vec<String>> = docs.iter().map(|d| code_tables(d).iter().filter_map(|t| t.heading.clone()).collect()).collect();
    let Some(first) = sections.first().filter(|s| s.len() > 1) else { return String::new() };
    let mut out = String::from("\n# REVIEW: each section of the docs a category, its heading in every language paired by position.\n");
    for (i, heading) in first.iter().enumerate() {
        let all: Vec<String> = sections.iter().filter_map(|s| s.get(i)).map(|h| format!("  {h:?},\n")).collect();
        let _ = write!(
            out,
            "[[category]]\nname = \"section-{}\" # REVIEW\ndescription = {heading:?}\nsections = [\n{}]\n\n",
            i + 1,
            all.concat()
        );
    }
    out
}

/// A doc's `[[doc]]` entry, with its table choice and guessed language.
fn doc_entry(doc: &DocSurvey) -> String {
    let tables = code_tables(doc);
    let id = doc
        .file
        .split('.')
        .rev()
        .nth(1)
        .filter(|s| s.len() <= 8)
        .unwrap_or(&doc.file)
        .to_ascii_lowercase()
        .replace(|c: char| !c.is_ascii_alphanumeric(), "-");
    let lang = doc.lang.unwrap_or("und");
    let mut out = format!(
        "\n[[doc]]\nid = \"{id}\" # REVIEW\nfile = \"{}\"\nlang = \"{lang}\" # REVIEW: guessed from the script\nrole = \"coded\"\norigin = \"\" # REVIEW: the page the doc was taken from\n",
        doc.file
    );
    let readable = doc.tables.iter().filter(|t| t.problem.is_none()).count();
    match tables.as_slice() {
        [] => out.push_str("# REVIEW: no table of codes found in this doc\n"),
        [_, _, ..] => out.push_str("tables = \"all\" # REVIEW: one table per section\n"),
        [one] if readable > 1 => {
            let columns: Vec<String> = one.columns.iter().map(|c| format!("{c:?}")).collect();
            let _ = writeln!(out, "columns = [{}] # REVIEW: the header of the table of codes", columns.join(", "));
        }
        [_] => {}
    }
    out
}

/// The survey as `init` prints it: each doc, its language, each table.
pub fn report(docs: &[DocSurvey]) -> String {
    let mut out = String::new();
    for doc in docs {
        let _ = writeln!(out, "{} (looks {}):", doc.file, doc.lang.unwrap_or("like no known script"));
        for t in &doc.tables {
            let under = t.heading.as_deref().map_or(String::new(), |h| format!(" under {h:?}"));
            match &t.problem {
                Some(p) => {
                    let _ = writeln!(out, "  line {}{under}: cannot be read: {p}", t.line);
                }
                None => {
                    let _ = writeln!(out, "  line {}{under}: {} rows, columns {:?}", t.line, t.rows, t.columns);
                }
            }
        }
    }
    out
}
