//! The wording of every problem reconciliation reports: what is wrong, where,
//! and the entry of the set's `decisions.toml` that settles it.

use super::classes::Found;
use crate::decisions::{AlignPin, CodeInfo, ConflictDecision, Curated, Decisions, SymbolDecision};
use crate::diag::{Edit, Problem, SourceFile};
use crate::lang::Lang;
use crate::model::{Category, Cause, Code, ConflictText, ErrmsgRow, Message, ParsedDoc, Provenance, SymbolText};

fn code_list<C: std::borrow::Borrow<Code>>(codes: &[C]) -> String {
    codes.iter().map(|c| c.borrow().to_string()).collect::<Vec<_>>().join(", ")
}

fn quoted_list(codes: &[Code]) -> String {
    codes.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
}

fn lang_list(langs: &[Lang]) -> String {
    langs.iter().map(|l| l.tag()).collect::<Vec<_>>().join(", ")
}

/// `text` as a TOML string, quoted and escaped.
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

fn toml_list<T: std::fmt::Display>(items: &[T]) -> String {
    items.iter().map(|i| toml_string(&i.to_string())).collect::<Vec<_>>().join(", ")
}

/// The help text of a skeleton entry: the TOML to add to `file`, and what
/// to do with it (`cargo xtask decisions` adds it).
fn skeleton_help(intro: &str, file: &SourceFile, header: &str, entry: &str) -> String {
    format!(
        "{intro} in {} (`cargo xtask decisions` adds this entry for you):\n{header}\n{entry}then check its values, write why it holds, and remove `review = true`",
        file.path
    )
}

/// `word` with its indefinite article: `a doc`, `an aligned`.
fn article(word: &str) -> String {
    let an = word.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {word}", if an { "an" } else { "a" })
}

/// `s` when there are several.
fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

pub(super) fn two_coded_docs(first: &ParsedDoc, second: &ParsedDoc) -> Problem {
    Problem::error(format!("{} and {} are both coded docs in `{}`", first.file.path, second.file.path, second.spec.lang))
        .help("keep one coded doc per language; give an older revision role = \"causes\" or remove it")
}

/// A conflict nobody decided: the dissenting doc's text underlined, every
/// other language's text beside it, and the entry to add.
pub(super) fn undecided(docs: &[ParsedDoc], f: &Found, texts: &[ConflictText], decisions_file: &SourceFile) -> Problem {
    let label = |t: &ConflictText| {
        let with = if t.grouped_with.is_empty() { "alone".to_owned() } else { format!("with {}", code_list(&t.grouped_with)) };
        format!("{} {}: {} (grouped {with})", t.lang, t.code, t.text.text)
    };
    let doc_of = |t: &ConflictText| docs.iter().find(|d| d.spec.id == t.text.source);
    let first = texts.iter().find(|t| f.dissent.contains(&t.lang)).or(texts.first());
    let message = format!(
        "code{} {} {} grouped differently in {} than in the other docs",
        plural(f.codes.len()),
        code_list(&f.codes),
        if f.codes.len() > 1 { "are" } else { "is" },
        lang_list(&f.dissent),
    );
    let entry = format!(
        "codes = [{}]\ndissent = [{}]\nholds = \"others\"   # or \"dissent\", or \"variant\" if only the wording differs\nwhy = \"\"\nreview = true\n",
        toml_list(&f.codes),
        toml_list(&f.dissent),
    );
    let help = skeleton_help("decide which grouping holds", decisions_file, "[[conflict]]", &entry);
    let comment = texts.iter().map(label).collect();
    let mut problem = match first.and_then(|t| doc_of(t).map(|d| (t, d))) {
        Some((t, d)) => Problem::at(&d.file, t.text.line, &t.text.text, &message, label(t)),
        None => Problem::error(message),
    }
    .help(help)
    .edit(Edit::Append { table: "conflict", entry, comment });
    for t in texts.iter().filter(|t| Some(*t) != first) {
        if let Some(d) = doc_of(t) {
            problem = problem
                .with_related(Problem::at(&d.file, t.text.line, &t.text.text, format!("{} {} here", t.lang, t.code), label(t)).note());
        }
    }
    problem
}

/// A `[[conflict]]` decision that matches no conflict, with the conflicts
/// found at its codes, if any.
pub(super) fn stale_decision(d: &ConflictDecision, found: &[Found], decisions_file: &SourceFile) -> Problem {
    let near: Vec<String> = found
        .iter()
        .filter(|f| f.codes.iter().any(|c| d.codes.contains(c)))
        .map(|f| format!("codes [{}] with dissent [{}]", quoted_list(&f.codes), lang_list(&f.dissent)))
        .collect();
    Problem::at(
        decisions_file,
        d.line,
        "",
        format!(
            "this decision for codes {} (dissent: {}) matches no conflict in the docs: it is stale",
            code_list(&d.codes),
            lang_list(&d.dissent)
        ),
        "stale decision",
    )
    .help(if near.is_empty() {
        "the docs no longer disagree here; remove the [[conflict]] entry".to_owned()
    } else {
        format!("the docs now report {}; update or remove the entry", near.join(" and "))
    })
    .edit(Edit::Remove { table: "conflict", index: d.index })
}

pub(super) fn pin_to_unknown_code(pin: &AlignPin, code: &Code, decisions_file: &SourceFile) -> Problem {
    Problem::at(decisions_file, pin.line, "", format!("[[align]] pins a cause to {code}, which no coded doc lists"), "unknown code")
        .help("remove the [[align]] entry, or pin the cause to another code")
        .edit(Edit::Remove { table: "align", index: pin.index })
}

/// A cause of a code-less doc that aligns to no cause of the coded docs.
pub(super) fn unaligned(doc: &ParsedDoc, cause: &Cause, decisions_file: &SourceFile) -> Problem {
    let entry = format!(
        "source = {}\ncause = {}\ndrop = true   # or code = \"…\", the code whose cause it is\nwhy = \"\"\nreview = true\n",
        toml_string(&doc.spec.id),
        toml_string(&cause.text)
    );
    Problem::at(&doc.file, cause.line, &cause.text, format!("cause {:?} matches no cause of the coded docs", cause.text), "unaligned")
        .help(skeleton_help("pin it to its code, or drop it", decisions_file, "[[align]]", &entry))
        .edit(Edit::Append { table: "align", entry, comment: Vec::new() })
}

pub(super) fn stale_pin(pin: &AlignPin, decisions_file: &SourceFile) -> Problem {
    Problem::at(
        decisions_file,
        pin.line,
        "",
        format!("no code-less doc `{}` lists the cause {:?}: the pin is stale", pin.source, pin.cause),
        "stale pin",
    )
    .help("remove the [[align]] entry, or correct its source and cause")
    .edit(Edit::Remove { table: "align", index: pin.index })
}

pub(super) fn curated_for_unknown_code(c: &Curated, decisions_file: &SourceFile) -> Problem {
    Problem::at(
        decisions_file,
        c.line,
        "",
        format!("curated text for {} {}, a code no coded doc lists: it is stale", c.code, c.lang),
        "stale",
    )
    .help("remove the [[curated]] entry")
    .edit(Edit::Remove { table: "curated", index: c.index })
}

/// A curated text for a cell that already has a text (`filled`: its
/// provenance, the file and the line it comes from).
pub(super) fn curated_not_needed(c: &Curated, filled: (Provenance, String, usize), decisions_file: &SourceFile) -> Problem {
    let (provenance, source, line) = filled;
    Problem::at(
        decisions_file,
        c.line,
        "",
        format!(
            "curated text for {} {} is not needed: the cell has {} text ({source}:{line})",
            c.code,
            c.lang,
            article(provenance.as_str())
        ),
        "stale",
    )
    .help("remove the [[curated]] entry (or set the doc's text aside with a [[conflict]] decision)")
    .edit(Edit::Remove { table: "curated", index: c.index })
}

/// A `(code, language)` cell left without a text, pointing at where the
/// other languages list the code: each one's language, file, line and text.
pub(super) fn missing_cell(code: &Code, lang: &Lang, listed: &[(Lang, &SourceFile, usize, &str)], decisions_file: &SourceFile) -> Problem {
    let message = format!("code {code} has no {} ({lang}) text", lang.name());
    let entry =
        format!("code = {}\nlang = {}\ntext = \"\"\nwhy = \"\"\nreview = true\n", toml_string(&code.to_string()), toml_string(lang.tag()));
    let intro = format!("no {lang} doc lists it, and no other code shares its cause in a way {lang} covers; write one");
    let help = skeleton_help(&intro, decisions_file, "[[curated]]", &entry);
    let comment = listed.iter().map(|(l, file, line, text)| format!("{l} ({}:{line}): {}", file.path, crate::diag::clip(text))).collect();
    let langs: Vec<Lang> = listed.iter().map(|(l, ..)| l.clone()).collect();
    let problem = match listed.first() {
        Some((_, file, line, text)) => Problem::at(file, *line, text, message, format!("{code} listed here in {} only", lang_list(&langs))),
        None => Problem::error(message),
    };
    problem.help(help).edit(Edit::Append { table: "curated", entry, comment })
}

pub(super) fn more_missing_cells(more: usize, decisions_file: &SourceFile) -> Problem {
    Problem::error(format!("{}: {more} more (code, language) cells have no text", decisions_file.path)).help(
        "the first ones are listed above; a language missing from the manifest, or a doc that lost its table, usually explains them all",
    )
}

/// A code without its `[codes]` entry: `value` is a valid entry marked
/// for review (`{ category = "client", retryable = false, review = true }`),
/// `choices` what its maintainer must choose.
pub(super) fn uncategorized(code: &Code, value: &str, choices: &str, decisions_file: &SourceFile) -> Problem {
    let key = toml_string(&code.to_string());
    Problem::error(format!("{}: code {code} has no [codes] entry", decisions_file.path))
        .help(format!(
            "add to [codes] (`cargo xtask decisions` adds it for you):\n{key} = {value}\nthen choose {choices}, and remove `review = true`"
        ))
        .edit(Edit::Insert { table: "codes", key, value: value.to_owned() })
}

pub(super) fn more_uncategorized(more: usize, decisions_file: &SourceFile) -> Problem {
    Problem::error(format!("{}: {more} more codes have no [codes] entry", decisions_file.path)).help("add each code to [codes]")
}

/// A code whose docs list it under sections of different categories, or of none.
pub(super) fn section_categories_differ(code: &Code, sections: &[(Lang, String, Option<Category>)], manifest_hint: &str) -> Problem {
    let detail: Vec<String> = sections
        .iter()
        .map(|(lang, heading, category)| format!("{lang}: {heading:?} → {}", category.as_ref().map_or("no category", Category::as_str)))
        .collect();
    Problem::error(format!("code {code} is listed under sections of different categories, or of none: {}", detail.join("; ")))
        .help(format!("list each section heading under its category's `sections` in the manifest ({manifest_hint})"))
}

/// Codes the docs give different symbolic names, without a `[[symbol]]` decision.
pub(super) fn symbols_differ(docs: &[ParsedDoc], code: &Code, texts: &[SymbolText], decisions_file: &SourceFile) -> Problem {
    let detail: Vec<String> = texts.iter().map(|t| format!("{} {}", t.lang, t.symbol)).collect();
    let message = format!("the docs name code {code} differently: {}", detail.join(", "));
    let entry = format!(
        "code = {}\nsymbol = {}   # or another of the docs' names\nwhy = \"\"\nreview = true\n",
        toml_string(&code.to_string()),
        toml_string(&texts[0].symbol)
    );
    let help = skeleton_help("decide which name holds", decisions_file, "[[symbol]]", &entry);
    let comment = detail.clone();
    let mut problem = Problem::error(message).help(help).edit(Edit::Append { table: "symbol", entry, comment });
    for t in texts {
        if let Some(doc) = docs.iter().find(|d| d.spec.id == t.source) {
            let here = Problem::at(&doc.file, t.line, &t.symbol, format!("{} names it {}", t.lang, t.symbol), "named here").note();
            problem = problem.with_related(here);
        }
    }
    problem
}

pub(super) fn symbol_decision_not_needed(d: &SymbolDecision, agreed: &str, decisions_file: &SourceFile) -> Problem {
    Problem::at(decisions_file, d.line, "", format!("every doc names {} {agreed}: the [[symbol]] decision is stale", d.code), "stale")
        .help("remove the [[symbol]] entry")
        .edit(Edit::Remove { table: "symbol", index: d.index })
}

pub(super) fn symbol_decision_for_unnamed_code(d: &SymbolDecision, decisions_file: &SourceFile) -> Problem {
    Problem::at(decisions_file, d.line, "", format!("[[symbol]] for {}, which no doc names: it is stale", d.code), "stale")
        .help("remove the [[symbol]] entry, or correct its code")
        .edit(Edit::Remove { table: "symbol", index: d.index })
}

pub(super) fn symbol_twice(symbol: &str, codes: &[&Code], decisions_file: &SourceFile) -> Problem {
    Problem::error(format!("the symbolic name {symbol} is given to codes {}", code_list(codes)))
        .help(format!("a name must name one code: give the others their own names with [[symbol]] entries in {}", decisions_file.path))
}

/// A `[codes]` entry for a code no doc lists; `meant` is the code without
/// an entry it most likely meant.
pub(super) fn stale_category(code: &Code, info: &CodeInfo, meant: Option<&Code>, decisions_file: &SourceFile) -> Problem {
    let help = match meant {
        Some(meant) => format!("did you mean {meant}? It has no [codes] entry; else remove the line"),
        None => "remove the line".to_owned(),
    };
    Problem::at(decisions_file, info.line, "", format!("[codes] lists {code}, which no coded doc lists: it is stale"), "stale")
        .help(help)
        .edit(Edit::RemoveKey { table: "codes", key: info.key.clone() })
}

pub(super) fn more_stale_categories(more: usize, decisions_file: &SourceFile) -> Problem {
    Problem::error(format!("{}: {more} more [codes] entries list codes no coded doc lists", decisions_file.path)).help("remove them")
}

pub(super) fn wrong_script(code: &Code, lang: &Lang, m: &Message, decisions_file: &SourceFile) -> Problem {
    let where_ = if m.provenance == Provenance::Curated {
        format!("{}:{}", decisions_file.path, m.line)
    } else {
        format!("{}:{}", m.source, m.line)
    };
    Problem::error(format!("code {code} {lang} text {:?} ({}, {where_}) is not written in {}", m.text, m.provenance.as_str(), lang.name()))
        .help("check the doc's language in the manifest, or the curated text")
}

/// The hints of a code that codes of one cause must share: its category
/// (where the decisions give it) and its retry hint.
pub(super) type Hint = (Option<Category>, Option<bool>);

/// Codes of one cause (`class`) with different hints: the codes of each hint.
pub(super) fn hints_differ(class: &[Code], by_hint: &[(Vec<Code>, Hint)], decisions: &Decisions) -> Problem {
    let detail: Vec<String> = by_hint
        .iter()
        .map(|(codes, (category, retry))| {
            let category = category.as_ref().map_or(String::new(), |c| format!(" {c}"));
            let retry = retry.map_or(String::new(), |r| format!(" (retryable = {r})"));
            format!("{} →{category}{retry}", code_list(codes))
        })
        .collect();
    let line = class.iter().filter_map(|c| decisions.codes.get(c)).map(|i| i.line).min().unwrap_or(1);
    Problem::at(&decisions.file, line, "", format!("codes that share a cause have different hints: {}", detail.join("; ")), "one cause")
        .help("give every code of one cause the same hints in [codes]")
}

pub(super) fn still_in_conflict(f: &Found, decisions_file: &SourceFile) -> Problem {
    Problem::error(format!(
        "after the decisions, code{} {} still mean{} different things in {} than in the other languages",
        plural(f.codes.len()),
        code_list(&f.codes),
        if f.codes.len() > 1 { "" } else { "s" },
        lang_list(&f.dissent)
    ))
    .help(format!(
        "a curated or inferred text now groups these codes with another cause; check the [[curated]] and [[conflict]] entries for them in {}",
        decisions_file.path
    ))
}

/// An errmsg doc's row for an errcode that no coded doc lists.
pub(super) fn errmsg_for_unknown_errcode(doc: &ParsedDoc, row: &ErrmsgRow, key_name: &str) -> Problem {
    Problem::at(
        &doc.file,
        row.line,
        &row.errcode.to_string(),
        format!("{key_name} {} is not a code of the coded docs", row.errcode),
        "unknown",
    )
    .help(format!("an errmsg doc documents the {key_name}s of the set's coded docs: check the {key_name}, or the coded docs"))
}

/// The errmsg docs that give one errcode different errmsg strings (`docs`:
/// the first doc, then those that differ from it); `None` when they agree.
pub(super) fn errmsgs_differ(key_name: &str, rows: &[(&ParsedDoc, &ErrmsgRow)], docs: &[&ParsedDoc]) -> Option<Problem> {
    let (first, rest) = docs.split_first()?;
    let row_of = |doc: &ParsedDoc| rows.iter().find(|(d, _)| std::ptr::eq(*d, doc)).map(|(_, r)| *r);
    let first_row = row_of(first)?;
    let mut problem = Problem::at(
        &first.file,
        first_row.line,
        &first_row.errmsg,
        format!("the errmsg docs give {key_name} {} different errmsg strings", first_row.errcode),
        format!("{}: {}", first.spec.lang, crate::diag::quoted(&first_row.errmsg)),
    )
    .help("a callback carries one errmsg whatever the language: correct the doc whose string differs from what CSS sends");
    for doc in rest {
        if let Some(row) = row_of(doc) {
            let label = format!("{}: {}", doc.spec.lang, crate::diag::quoted(&row.errmsg));
            problem = problem.with_related(Problem::at(&doc.file, row.line, &row.errmsg, "here it differs", label).note());
        }
    }
    Some(problem)
}
