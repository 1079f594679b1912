//! `generated/rust/src/table.rs`: the table as Rust statics and a `match`.
//!
//! The file's code (the `Category` enum, the statics' declarations with their
//! docs, the `reason` function) is built with `quote`, checked by `syn` and
//! printed by `prettyplease`. The data inside the statics and the arms of the
//! `match` (tens of literals per code, millions at 100,000 codes) are written
//! straight to the output, one record a line, as `syn` syntax trees cost a few
//! hundred bytes a literal and `prettyplease` a few microseconds: that was most
//! of a `gen` run at scale. The module is `#[rustfmt::skip]`; tests parse the
//! whole file with `syn` and compare every literal's value with the table.

use std::fmt::Write as _;
use std::io;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::{Chunked, EmitError, Emitter, GENERATED_NOTICE, is_invisible};
use crate::decisions::{Category, Code, Holds};
use crate::lang::Lang;
use crate::reconcile::{DocText, Provenance, Reconciled};

/// Emits the table module of the `css-stop-reasons` crate: `SOURCES`,
/// `DECISIONS`, `STOP_REASONS`, `CONFLICTS`, `TEXTS`, `BY_KEY` and a
/// `match`-based `reason(errcode, sub_errcode)`.
pub struct Rust;

const PATH: &str = "rust/src/table.rs";

fn error(message: impl Into<String>) -> EmitError {
    EmitError::unrepresentable(PATH, message)
}

/// Appends a Rust string literal for `s`: quotes, backslashes, control
/// characters and invisible characters ([`is_invisible`]) escaped, everything
/// else as is.
fn str_lit(o: &mut String, s: &str) {
    o.push('"');
    if !super::any_byte(s.as_bytes(), |b| b == b'"' || b == b'\\' || b < 0x20 || b == 0x7f || super::invisible_lead(b)) {
        o.push_str(s);
        o.push('"');
        return;
    }
    let mut copied = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            c if c.is_control() || (!c.is_ascii() && is_invisible(c)) => "",
            _ => continue,
        };
        o.push_str(&s[copied..i]);
        if escape.is_empty() {
            let _ = write!(o, "\\u{{{:x}}}", u32::from(c));
        } else {
            o.push_str(escape);
        }
        copied = i + c.len_utf8();
    }
    o.push_str(&s[copied..]);
    o.push('"');
}

fn lang(l: Lang) -> &'static str {
    match l {
        Lang::En => "Lang::En",
        Lang::Ja => "Lang::Ja",
        Lang::Zh => "Lang::Zh",
        Lang::Ko => "Lang::Ko",
    }
}

/// The `Category` variant's name: `"auth"` → `Auth`.
fn variant(c: Category) -> String {
    let name = c.as_str();
    format!("{}{}", name[..1].to_ascii_uppercase(), &name[1..])
}

fn holds(h: Holds) -> &'static str {
    match h {
        Holds::Others => "Holds::Others",
        Holds::Dissent => "Holds::Dissent",
        Holds::Variant => "Holds::Variant",
    }
}

/// Appends the decimal digits of `n` (`itoa`: the emitter writes millions
/// of numbers, and `write!` goes through `fmt`'s machinery for each).
fn number(o: &mut String, n: impl itoa::Integer) {
    o.push_str(itoa::Buffer::new().format(n));
}

/// `(errcode, sub_errcode)`.
fn code(o: &mut String, c: Code) {
    o.push('(');
    number(o, c.errcode);
    o.push_str(", ");
    number(o, c.sub_errcode);
    o.push(')');
}

/// `&[a, b, ...]`, each element written by `item`.
fn slice<T>(o: &mut String, items: &[T], mut item: impl FnMut(&mut String, &T)) {
    o.push_str("&[");
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            o.push_str(", ");
        }
        item(o, x);
    }
    o.push(']');
}

/// The position in `SOURCES` of each source id (the decisions file has none).
struct SourceIndex<'a>(&'a Reconciled);

impl SourceIndex<'_> {
    fn of(&self, id: &str) -> Result<Option<usize>, EmitError> {
        if id == crate::reconcile::DECISIONS_SOURCE {
            return Ok(None);
        }
        let i = self.0.sources.iter().position(|s| s.id == id).ok_or_else(|| error(format!("a text cites unknown source `{id}`")))?;
        Ok(Some(i))
    }

    /// `DocText::new("text", source, line)`.
    fn doc_text(&self, o: &mut String, t: &DocText) -> Result<(), EmitError> {
        let source = self.of(&t.source)?.ok_or_else(|| error("a doc text cites the decisions file"))?;
        o.push_str("DocText::new(");
        str_lit(o, &t.text);
        o.push_str(", ");
        number(o, source);
        o.push_str(", ");
        number(o, t.line);
        o.push(')');
        Ok(())
    }

    fn doc_texts(&self, o: &mut String, texts: &[DocText]) -> Result<(), EmitError> {
        let mut result = Ok(());
        slice(o, texts, |o, t| {
            if result.is_ok() {
                result = self.doc_text(o, t);
            }
        });
        result
    }
}

/// The file's code, printed by `prettyplease`: everything but the statics'
/// values and the `match` arms, which are spliced in at the `[]` of each
/// static and before the `match`'s wildcard arm.
fn skeleton(table: &Reconciled) -> Result<String, EmitError> {
    let n = Literal::usize_unsuffixed;
    let (n_sources, n_reasons, n_conflicts, n_texts) =
        (n(table.sources.len()), n(table.entries.len()), n(table.conflicts.len()), n(table.texts.len()));
    let (decisions_file, decisions_sha) = (Literal::string(&table.decisions.file), Literal::string(&table.decisions.sha256));
    // The category vocabulary is defined once, in codegen, and emitted.
    let ident = |c: &Category| Ident::new(&variant(*c), Span::call_site());
    let variants = Category::ALL.iter().map(|c| {
        let (ident, doc) = (ident(c), format!(" {}", c.description()));
        quote!(#[doc = #doc] #ident)
    });
    let names = Category::ALL.iter().map(|c| {
        let (ident, name) = (ident(c), c.as_str());
        quote!(Category::#ident => #name)
    });
    let tokens: TokenStream = quote! {
        use crate::{Conflict, ConflictText, DocText, Holds, IndexedText, Lang, Message, Source, StopReason};

        /// What a push interruption is about, for grouping on dashboards: the
        /// vocabulary of `seeds/decisions.toml`, where every code is given one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Category {
            #(#variants),*
        }

        impl Category {
            /// The lowercase name used in the JSON, e.g. `"auth"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(#names),*
                }
            }
        }

        /// The docs the table was read from, in manifest order.
        pub(crate) static SOURCES: [Source; #n_sources] = [];

        /// The maintainers' decisions file, where curated texts come from: path and SHA-256.
        pub(crate) const DECISIONS: (&str, &str) = (#decisions_file, #decisions_sha);

        /// Every known code pair, sorted by `(errcode, sub_errcode)`.
        pub(crate) static STOP_REASONS: [StopReason; #n_reasons] = [];

        /// Every disagreement found between the docs, with its resolution.
        pub(crate) static CONFLICTS: [Conflict; #n_conflicts] = [];

        /// Every message text and alternate wording by language and comparison key
        /// (sorted by language, then key), with the positions in [`STOP_REASONS`] of
        /// the codes that give it.
        pub(crate) static TEXTS: [IndexedText; #n_texts] = [];

        /// Positions in [`TEXTS`] sorted by key, then language: exact lookups
        /// in every language are one binary search.
        pub(crate) static BY_KEY: [u32; #n_texts] = [];

        /// The entry for `(errcode, sub_errcode)`: a `match` on `errcode` (a jump
        /// table over the dense range) holding a `match` on `sub_errcode`.
        #[inline]
        pub(crate) fn reason(errcode: u16, sub_errcode: u16) -> Option<&'static StopReason> {
            match errcode {
                _ => None,
            }
        }
    };
    let file: syn::File = syn::parse2(tokens).map_err(|e| error(e.to_string()))?;
    Ok(prettyplease::unparse(&file))
}

/// The places data goes in the printed skeleton, in file order.
const STATICS: [&str; 5] = ["SOURCES", "STOP_REASONS", "CONFLICTS", "TEXTS", "BY_KEY"];
const ARMS_AT: &str = "        _ => None,\n";

impl Emitter for Rust {
    fn path(&self) -> &'static str {
        PATH
    }

    fn emit(&self, table: &Reconciled, out: &mut dyn io::Write) -> Result<(), EmitError> {
        let skeleton = skeleton(table)?;
        let mut pieces = skeleton.split("= [];\n");
        let mut o = Chunked::new(PATH, out);
        let _ = write!(o.buf, "// {GENERATED_NOTICE}\n\n");
        for name in STATICS {
            let head = pieces.next().ok_or_else(|| error(format!("the skeleton has no static {name}")))?;
            o.buf.push_str(head);
            o.buf.push_str("= [\n");
            match name {
                "SOURCES" => sources(&mut o, table)?,
                "STOP_REASONS" => stop_reasons(&mut o, table)?,
                "CONFLICTS" => conflicts(&mut o, table)?,
                "TEXTS" => texts(&mut o, table)?,
                _ => by_key(&mut o, table)?,
            }
            o.buf.push_str("];\n");
        }
        let rest = pieces.next().ok_or_else(|| error("the skeleton ends early"))?;
        if pieces.next().is_some() {
            return Err(error("the skeleton has more statics than expected"));
        }
        let (before, after) = rest.split_once(ARMS_AT).ok_or_else(|| error("the skeleton's match has no wildcard arm"))?;
        o.buf.push_str(before);
        arms(&mut o, table)?;
        o.buf.push_str(ARMS_AT);
        o.buf.push_str(after);
        o.flush()
    }
}

fn sources(o: &mut Chunked<'_>, table: &Reconciled) -> Result<(), EmitError> {
    for s in &table.sources {
        let b = &mut o.buf;
        b.push_str("    Source {\n        id: ");
        str_lit(b, &s.id);
        b.push_str(",\n        file: ");
        str_lit(b, &s.file);
        let _ = write!(b, ",\n        lang: {},\n        role: ", lang(s.lang));
        str_lit(b, s.role.as_str());
        b.push_str(",\n        origin: ");
        str_lit(b, &s.origin);
        b.push_str(",\n        sha256: ");
        str_lit(b, &s.sha256);
        b.push_str(",\n    },\n");
    }
    Ok(())
}

/// One `StopReason::new(errcode, sub_errcode, category, retryable, [messages])`
/// per code, a message a line.
fn stop_reasons(o: &mut Chunked<'_>, table: &Reconciled) -> Result<(), EmitError> {
    let sources = SourceIndex(table);
    for e in &table.entries {
        let b = &mut o.buf;
        b.push_str("    StopReason::new(");
        number(b, e.errcode);
        b.push_str(", ");
        number(b, e.sub_errcode);
        b.push_str(", Category::");
        b.push_str(&variant(e.category));
        b.push_str(if e.retryable { ", true, [\n" } else { ", false, [\n" });
        for l in Lang::ALL {
            let m = e.messages.get(&l).ok_or_else(|| error(format!("code {} has no {l} message", e.code())))?;
            let source = sources.of(&m.source)?;
            let constructor = match (m.provenance, source, m.inferred_from) {
                (Provenance::Doc, Some(_), _) => "doc",
                (Provenance::Aligned, Some(_), _) => "aligned",
                (Provenance::Inferred, Some(_), Some(_)) => "inferred",
                (Provenance::Curated, None, _) => "curated",
                (p, _, _) => return Err(error(format!("code {} {l}: a {} message citing `{}`", e.code(), p.as_str(), m.source))),
            };
            b.push_str("        Message::");
            b.push_str(constructor);
            b.push('(');
            str_lit(b, &m.text);
            if let Some(source) = source {
                b.push_str(", ");
                number(b, source);
            }
            b.push_str(", ");
            number(b, m.line);
            if let Some(from) = m.inferred_from.filter(|_| m.provenance == Provenance::Inferred) {
                b.push_str(", ");
                code(b, from);
            }
            b.push(')');
            if let Some(d) = &m.doc_text {
                b.push_str(".set_aside(");
                sources.doc_text(b, d)?;
                b.push(')');
            }
            if !m.alternates.is_empty() {
                b.push_str(".also(");
                sources.doc_texts(b, &m.alternates)?;
                b.push(')');
            }
            b.push_str(",\n");
        }
        b.push_str("    ]),\n");
        o.flush_if_full()?;
    }
    Ok(())
}

fn conflicts(o: &mut Chunked<'_>, table: &Reconciled) -> Result<(), EmitError> {
    let sources = SourceIndex(table);
    for c in &table.conflicts {
        let b = &mut o.buf;
        b.push_str("    Conflict {\n        id: ");
        str_lit(b, &c.id);
        b.push_str(",\n        codes: ");
        slice(b, &c.codes, |b, c| code(b, *c));
        b.push_str(",\n        dissent: ");
        slice(b, &c.dissent, |b, l| b.push_str(lang(*l)));
        let _ = write!(b, ",\n        split: {},\n        texts: &[\n", c.split);
        for t in &c.texts {
            let _ = write!(b, "            ConflictText {{ lang: {}, code: ", lang(t.lang));
            code(b, t.code);
            b.push_str(", text: ");
            sources.doc_text(b, &t.text)?;
            b.push_str(", grouped_with: ");
            slice(b, &t.grouped_with, |b, c| code(b, *c));
            b.push_str(" },\n");
        }
        let r = &c.resolution;
        let _ = write!(b, "        ],\n        holds: {},\n        set_aside: ", holds(r.holds));
        slice(b, &r.set_aside, |b, c| code(b, *c));
        b.push_str(",\n        why: ");
        str_lit(b, &r.why);
        let _ = write!(b, ",\n        line: {},\n    }},\n", r.line);
        o.flush_if_full()?;
    }
    Ok(())
}

/// One `IndexedText::new(lang, "key", "text", &[positions])` a line.
fn texts(o: &mut Chunked<'_>, table: &Reconciled) -> Result<(), EmitError> {
    for t in &table.texts {
        let l: Lang = t.lang.parse().map_err(|_| error(format!("unknown language {}", t.lang)))?;
        let b = &mut o.buf;
        b.push_str("    IndexedText::new(");
        b.push_str(lang(l));
        b.push_str(", ");
        str_lit(b, &t.key);
        b.push_str(", ");
        str_lit(b, &t.text);
        b.push_str(", ");
        slice(b, &t.reasons, |b, r| number(b, *r));
        b.push_str("),\n");
        o.flush_if_full()?;
    }
    Ok(())
}

/// The positions in `TEXTS` sorted by key (then position), twenty a line.
fn by_key(o: &mut Chunked<'_>, table: &Reconciled) -> Result<(), EmitError> {
    let index = &table.texts;
    let mut by_key: Vec<u32> = (0..u32::try_from(index.len()).map_err(|_| error("more than 2^32 texts"))?).collect();
    by_key.sort_by(|a, b| index[*a as usize].key.cmp(&index[*b as usize].key).then(a.cmp(b)));
    for line in by_key.chunks(20) {
        o.buf.push_str("   ");
        for &i in line {
            o.buf.push(' ');
            number(&mut o.buf, i);
            o.buf.push(',');
        }
        o.buf.push('\n');
        o.flush_if_full()?;
    }
    Ok(())
}

/// `errcode => match sub_errcode { sub => Some(&STOP_REASONS[i]), ..., _ => None },`
/// for each errcode, in table order.
fn arms(o: &mut Chunked<'_>, table: &Reconciled) -> Result<(), EmitError> {
    let entries = &table.entries;
    let mut start = 0;
    while start < entries.len() {
        let errcode = entries[start].errcode;
        let end = start + entries[start..].iter().take_while(|e| e.errcode == errcode).count();
        o.buf.push_str("        ");
        number(&mut o.buf, errcode);
        o.buf.push_str(" => match sub_errcode {\n");
        for (i, e) in entries.iter().enumerate().take(end).skip(start) {
            o.buf.push_str("            ");
            number(&mut o.buf, e.sub_errcode);
            o.buf.push_str(" => Some(&STOP_REASONS[");
            number(&mut o.buf, i);
            o.buf.push_str("]),\n");
        }
        o.buf.push_str("            _ => None,\n        },\n");
        o.flush_if_full()?;
        start = end;
    }
    Ok(())
}
