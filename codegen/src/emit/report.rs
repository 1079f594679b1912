//! `generated/<set>/RECONCILIATION.md`: the reconciliation as a reviewer reads
//! it in a pull request: where every text comes from, every conflict with its
//! decision, the symbolic names decided, how the code-less docs were aligned,
//! and what each doc contributed.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{EmitError, Emitter, GENERATED_NOTICE};
use crate::model::{Code, Holds, Message, Provenance, Reconciled, SetSpec};

/// Emits `RECONCILIATION.md`.
pub struct Report;

/// The characters that can start inline Markdown (GitHub's flavour) within a
/// table cell: escapes, code spans, emphasis and strikethrough, links and
/// images, HTML and autolinks, entities, math, and the cell's own pipe.
const MARKUP: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '&', '~', '$', '|'];

/// Escapes a doc's text for a Markdown table cell, so that it renders as the
/// text it is: each character of [`MARKUP`] backslash-escaped (CommonMark lets
/// any ASCII punctuation be), which leaves no link, image, emphasis, HTML,
/// entity or code span, and keeps the rest readable in a diff.
pub(super) fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if MARKUP.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn codes(list: &[Code]) -> String {
    if list.is_empty() { "—".to_owned() } else { list.iter().map(|c| cell(&c.to_string())).collect::<Vec<_>>().join(", ") }
}

/// Appends where a message comes from, as the provenance column says it.
fn mark(o: &mut String, m: &Message) {
    match m.provenance {
        Provenance::Doc => o.push_str("doc"),
        Provenance::Aligned => {
            let _ = write!(o, "aligned ← {}:{}", m.source, m.line);
        }
        Provenance::Inferred => {
            o.push_str("inferred ← ");
            if let Some(code) = &m.inferred_from {
                let _ = write!(o, "{code}");
            }
        }
        Provenance::Curated => {
            let _ = write!(o, "curated (decisions:{})", m.line);
        }
    }
    if m.doc_text.is_some() {
        o.push_str(" †");
    }
}

impl Emitter for Report {
    fn path(&self, _: &SetSpec) -> String {
        "RECONCILIATION.md".to_owned()
    }

    fn emit(&self, t: &Reconciled) -> Result<String, EmitError> {
        let mut o = String::new();
        summary(&mut o, t);
        provenance(&mut o, t);
        filled(&mut o, t);
        conflicts(&mut o, t);
        symbols(&mut o, t);
        alignment(&mut o, t);
        contributions(&mut o, t);
        Ok(o)
    }
}

/// The title, the counts and the sources.
fn summary(o: &mut String, t: &Reconciled) {
    let _ = write!(o, "<!-- {GENERATED_NOTICE} -->\n\n# Reconciliation of the {} docs\n\n", t.set.name);
    let counts = t.provenance_counts();
    let total: usize = counts.values().sum();
    let _ = writeln!(
        o,
        "{} codes × {} languages = {total} texts: {}. {} conflicts between the docs, each resolved by a decision in `{}`.\n",
        t.entries.len(),
        t.set.languages.all().len(),
        counts.iter().map(|(p, n)| format!("{n} {}", p.as_str())).collect::<Vec<_>>().join(", "),
        t.conflicts.len(),
        t.decisions.file,
    );

    o.push_str("## Sources\n\n| id | file | lang | role | sha256 |\n|---|---|---|---|---|\n");
    for s in &t.sources {
        let _ = writeln!(o, "| {} | `{}` | {} | {} | `{}` |", s.id, s.file, s.lang, s.role.as_str(), &s.sha256[..12.min(s.sha256.len())]);
    }
}

/// Where each text comes from, a line a code.
fn provenance(o: &mut String, t: &Reconciled) {
    o.push_str(
        "\n## Where each text comes from\n\n\
         `doc`: read from the language's coded doc at this code. `aligned ← source:line`: a cause of a code-less doc, \
         aligned to this code's cause. `inferred ← code`: the language's text for the same cause at that code. \
         `curated`: written in the decisions file. `†`: a decision set the doc's own text at this code aside \
         (kept in the JSON as `doc_text`).\n\n",
    );
    let mut columns = vec!["code"];
    columns.extend(t.set.has_symbol().then_some("symbol"));
    columns.extend((t.set.category_from != crate::model::CategoryFrom::None).then_some("category"));
    columns.extend(t.set.retryable.then_some("retry"));
    columns.extend(t.set.languages.all().iter().map(|l| l.tag()));
    let _ = writeln!(o, "| {} |\n|{}", columns.join(" | "), "---|".repeat(columns.len()));
    for e in &t.entries {
        let _ = write!(o, "| {}", cell(&e.code.to_string()));
        if let Some(symbol) = e.symbol.as_ref().filter(|_| t.set.has_symbol()) {
            let _ = write!(o, " | `{symbol}`");
        }
        if let Some(category) = &e.category {
            let _ = write!(o, " | {category}");
        }
        if let Some(retryable) = e.retryable {
            let _ = write!(o, " | {}", if retryable { "yes" } else { "no" });
        }
        for l in t.set.languages.all() {
            o.push_str(" | ");
            match e.messages.get(l) {
                Some(m) => mark(o, m),
                None => o.push('—'),
            }
        }
        o.push_str(" |\n");
    }
}

/// Every conflict, with the texts involved and its decision.
fn conflicts(o: &mut String, t: &Reconciled) {
    o.push_str("\n## Conflicts\n\nCodes that one language groups differently from the others (same text for different codes, or different texts for codes the others group).\n");
    for c in &t.conflicts {
        let others: Vec<&str> = t.set.languages.all().iter().filter(|l| !c.dissent.contains(l)).map(|l| l.tag()).collect();
        let _ = writeln!(
            o,
            "\n### {}\n\n{} group{} code{} {} differently from {}{}.\n\n| lang | code | text | where | grouped with |\n|---|---|---|---|---|",
            cell(&c.id),
            c.dissent.iter().map(|l| l.tag()).collect::<Vec<_>>().join(", "),
            if c.dissent.len() == 1 { "s" } else { "" },
            if c.codes.len() == 1 { "" } else { "s" },
            codes(&c.codes),
            others.join(", "),
            if c.split { " (no majority: another set of languages as large disagrees as well)" } else { "" },
        );
        for x in &c.texts {
            let source = t.source(&x.text.source).map_or(x.text.source.as_str(), |s| s.file.as_str());
            let _ = writeln!(
                o,
                "| {} | {} | {} | `{source}:{}` | {} |",
                x.lang,
                cell(&x.code.to_string()),
                cell(&x.text.text),
                x.text.line,
                codes(&x.grouped_with)
            );
        }
        let r = &c.resolution;
        let effect = match r.holds {
            Holds::Others => format!(
                "the other docs' grouping holds; set aside: {} in {}",
                codes(&r.set_aside),
                c.dissent.iter().map(|l| l.tag()).collect::<Vec<_>>().join(", ")
            ),
            Holds::Dissent => {
                format!("the dissenting grouping holds; set aside: {} in {}", codes(&r.set_aside), others.join(", "))
            }
            Holds::Variant => "a wording variant; every text stands and the causes count as one".to_owned(),
        };
        let _ = writeln!(o, "\n**Decision** (`{}:{}`): {effect}. {}", t.decisions.file, r.line, cell(&r.why));
    }
}

/// Every code the docs name differently, with the name decided.
fn symbols(o: &mut String, t: &Reconciled) {
    if t.symbols.is_empty() {
        return;
    }
    o.push_str("\n## Symbolic names\n\nCodes the docs give different symbolic names, and the name a `[[symbol]]` decision chose.\n");
    for s in &t.symbols {
        let _ = writeln!(o, "\n### {}\n\n| lang | symbol | where |\n|---|---|---|", cell(&s.code.to_string()));
        for x in &s.texts {
            let source = t.source(&x.source).map_or(x.source.as_str(), |s| s.file.as_str());
            let _ = writeln!(o, "| {} | `{}` | `{source}:{}` |", x.lang, x.symbol, x.line);
        }
        let _ = writeln!(o, "\n**Decision** (`{}:{}`): `{}`. {}", t.decisions.file, s.line, s.symbol, cell(&s.why));
    }
}

/// The score under which an alignment is flagged for a second look.
const LOW_SCORE: f64 = 0.5;

/// Every text not read from a coded doc at its code (aligned, inferred,
/// curated), with where it came from and the doc text a decision set aside;
/// then, per language, the codes no coded doc gives.
fn filled(o: &mut String, t: &Reconciled) {
    let rows: Vec<(&Code, &crate::lang::Lang, &Message)> = t
        .entries
        .iter()
        .flat_map(|e| e.messages.iter().map(move |(l, m)| (&e.code, l, m)))
        .filter(|(_, _, m)| m.provenance != Provenance::Doc)
        .collect();
    if rows.is_empty() {
        return;
    }
    o.push_str("\n## Texts not read from a doc at their code\n\nEach to review: the text, where it came from, and the doc's own text where a decision set it aside.\n\n| code | lang | text | from | doc text set aside |\n|---|---|---|---|---|\n");
    for (code, lang, m) in &rows {
        let mut from = String::new();
        mark(&mut from, m);
        let aside = m.doc_text.as_ref().map_or("—".to_owned(), |d| format!("{} (`{}:{}`)", cell(&d.text), d.source, d.line));
        let _ = writeln!(o, "| {} | {lang} | {} | {} | {aside} |", cell(&code.to_string()), cell(&m.text), from.trim_end_matches(" †"));
    }
    o.push_str("\n| lang | codes no coded doc gives |\n|---|---|\n");
    for lang in t.set.languages.all() {
        let lacking: Vec<Code> = rows.iter().filter(|(_, l, m)| *l == lang && m.doc_text.is_none()).map(|(c, _, _)| (*c).clone()).collect();
        let _ = writeln!(o, "| {lang} | {} |", codes(&lacking));
    }
}

/// How each code-less doc's causes were aligned.
fn alignment(o: &mut String, t: &Reconciled) {
    if t.alignment.is_empty() {
        return;
    }
    o.push_str("\n## Code-less docs\n\nEach cause of a doc without codes, aligned by order and text to the coded page's causes.\n");
    let mut by_source: BTreeMap<&str, Vec<_>> = BTreeMap::new();
    for a in &t.alignment {
        by_source.entry(a.cause.source.as_str()).or_default().push(a);
    }
    for (source, causes) in by_source {
        let file = t.source(source).map_or(source, |s| s.file.as_str());
        let _ = writeln!(o, "\n### `{source}` (`{file}`)\n\n| line | cause | codes | score | result |\n|---|---|---|---|---|");
        for a in causes {
            let score = match (a.pinned, a.score) {
                (true, _) => "pinned".to_owned(),
                (false, Some(s)) => format!("{s:.2}"),
                (false, None) => "—".to_owned(),
            };
            let result = match (a.codes.is_empty(), a.filled) {
                (true, _) => "dropped by decision",
                (false, true) => "filled (aligned)",
                (false, false) => "alternate wording",
            };
            let low = a.score.filter(|s| !a.pinned && *s < LOW_SCORE).map_or(String::new(), |_| " — **low score: check it**".to_owned());
            let result = format!("{result}{low}");
            let _ = writeln!(o, "| {} | {} | {} | {score} | {result} |", a.cause.line, cell(&a.cause.text), codes(&a.codes));
        }
    }
}

/// What each doc contributed, counted over the messages.
fn contributions(o: &mut String, t: &Reconciled) {
    o.push_str("\n## What each doc contributed\n\n| source | texts at their code | set aside | filled by alignment | alternate wordings | texts inferred from it |\n|---|---|---|---|---|---|\n");
    // Per source: texts at their code, set aside, filled by alignment,
    // alternate wordings, inferred from it.
    let mut tally = vec![[0usize; 5]; t.sources.len()];
    let source_at = |id: &str| t.sources.iter().position(|s| s.id == id);
    for m in t.entries.iter().flat_map(|e| e.messages.values()) {
        if let Some(i) = source_at(&m.source) {
            match m.provenance {
                Provenance::Doc => tally[i][0] += 1,
                Provenance::Aligned => tally[i][2] += 1,
                Provenance::Inferred => tally[i][4] += 1,
                Provenance::Curated => {}
            }
        }
        if let Some(i) = m.doc_text.as_ref().and_then(|d| source_at(&d.source)) {
            tally[i][1] += 1;
        }
        for i in m.alternates.iter().filter_map(|a| source_at(&a.source)) {
            tally[i][3] += 1;
        }
    }
    for (s, [doc, set_aside, aligned, alternates, inferred]) in t.sources.iter().zip(&tally) {
        let _ = writeln!(o, "| {} | {doc} | {set_aside} | {aligned} | {alternates} | {inferred} |", s.id);
    }
    let curated = t.provenance_counts().get(&Provenance::Curated).copied().unwrap_or(0);
    let _ = writeln!(o, "| decisions | {curated} curated | — | — | — | — |");
}
