//! `generated/rust/src/table.rs`: the table as Rust statics and a `match`.
//!
//! The file is a `syn` syntax tree printed by `prettyplease`: the code (the
//! `Category` enum, each static's declaration and docs, the `reason`
//! function) is written with `quote!`, and the data (each static's value, the
//! arms of the `match`) is made as syntax directly ([`syntax`]). Every text
//! reaches the file as a string literal made by `syn`, so no doc text can end
//! a literal or hide in the source.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use syn::{Expr, Item};

use super::syntax::{array, boolean, call, index, int, match_int, method, path, reference, slice, string, structure, tuple};
use super::{EmitError, Emitter, GENERATED_NOTICE, is_invisible};
use crate::lang::Lang;
use crate::model::{
    Category, Code, Conflict, DECISIONS_SOURCE, DocText, Entry, Holds, IndexedText, Message, Provenance, Reconciled, Source,
};

/// Emits the table module of the `css-stop-reasons` crate: `SOURCES`,
/// `DECISIONS`, `STOP_REASONS`, `CONFLICTS`, `TEXTS`, `BY_KEY` and a
/// `match`-based `reason(errcode, sub_errcode)`.
pub struct Rust;

const PATH: &str = "rust/src/table.rs";

fn error(message: impl Into<String>) -> EmitError {
    EmitError::new(PATH, message)
}

impl Emitter for Rust {
    fn path(&self) -> &'static str {
        PATH
    }

    fn emit(&self, table: &Reconciled) -> Result<String, EmitError> {
        let text = prettyplease::unparse(&file(table)?);
        if let Some(c) = text.chars().find(|c| is_invisible(*c)) {
            return Err(error(format!("U+{:04X} was printed unescaped", u32::from(c))));
        }
        Ok(format!("// {GENERATED_NOTICE}\n\n{text}"))
    }
}

/// The whole file: its items in order.
fn file(table: &Reconciled) -> Result<syn::File, EmitError> {
    let sources = SourceIndex(table);
    let texts = &table.texts;
    let n = Literal::usize_unsuffixed;
    let (n_sources, n_reasons, n_conflicts, n_texts) =
        (n(table.sources.len()), n(table.entries.len()), n(table.conflicts.len()), n(texts.len()));
    let reasons = table.entries.iter().map(|e| stop_reason(&sources, e)).collect::<Result<_, _>>()?;
    let conflicts = table.conflicts.iter().map(|c| conflict(&sources, c)).collect::<Result<_, _>>()?;
    let indexed = texts.iter().map(indexed_text).collect::<Result<_, _>>()?;
    let (decisions_file, decisions_sha) = (&table.decisions.file, &table.decisions.sha256);
    let items = vec![
        item(quote!(
            use crate::{Conflict, ConflictText, DocText, Holds, IndexedText, Lang, Message, Source, StopReason};
        ))?,
        item(category_enum())?,
        item(category_names())?,
        with_value(
            quote!(/// The docs the table was read from, in manifest order.
                pub(crate) static SOURCES: [Source; #n_sources] = [];),
            array(table.sources.iter().map(source).collect()),
        )?,
        item(quote!(/// The maintainers' decisions file, where curated texts come from: path and SHA-256.
            pub(crate) const DECISIONS: (&str, &str) = (#decisions_file, #decisions_sha);))?,
        with_value(
            quote!(/// Every known code pair, sorted by `(errcode, sub_errcode)`.
                pub(crate) static STOP_REASONS: [StopReason; #n_reasons] = [];),
            array(reasons),
        )?,
        with_value(
            quote!(/// Every disagreement found between the docs, with its resolution.
                pub(crate) static CONFLICTS: [Conflict; #n_conflicts] = [];),
            array(conflicts),
        )?,
        with_value(
            quote!(/// Every message text and alternate wording by language and comparison key
                /// (sorted by language, then key), with the positions in [`STOP_REASONS`] of
                /// the codes that give it.
                pub(crate) static TEXTS: [IndexedText; #n_texts] = [];),
            array(indexed),
        )?,
        with_value(
            quote!(/// Positions in [`TEXTS`] sorted by key, then language: exact lookups
                /// in every language are one binary search.
                pub(crate) static BY_KEY: [u32; #n_texts] = [];),
            array(by_key(texts)?),
        )?,
        reason_fn(&table.entries)?,
    ];
    Ok(syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items })
}

/// The item written in `tokens`.
fn item(tokens: TokenStream) -> Result<Item, EmitError> {
    syn::parse2(tokens).map_err(|e| error(e.to_string()))
}

/// The static declared in `declaration` (written with an empty array), with `value`.
fn with_value(declaration: TokenStream, value: Expr) -> Result<Item, EmitError> {
    match item(declaration)? {
        Item::Static(mut s) => {
            *s.expr = value;
            Ok(Item::Static(s))
        }
        _ => Err(error("a static's declaration is not a static")),
    }
}

/// `reason(errcode, sub_errcode)`: a `match` on `errcode` (a jump table over
/// the dense range) holding a `match` on `sub_errcode`, an arm an entry.
fn reason_fn(entries: &[Entry]) -> Result<Item, EmitError> {
    let mut by_errcode: Vec<(u16, Vec<(u16, Expr)>)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let found = call("Some", vec![reference(index("STOP_REASONS", int(i)))]);
        match by_errcode.last_mut() {
            Some((errcode, arms)) if *errcode == e.errcode => arms.push((e.sub_errcode, found)),
            _ => by_errcode.push((e.errcode, vec![(e.sub_errcode, found)])),
        }
    }
    let arms = by_errcode.into_iter().map(|(errcode, arms)| (errcode, match_int("sub_errcode", arms, path("None")))).collect();
    let body = match_int("errcode", arms, path("None"));
    match item(quote! {
        /// The entry for `(errcode, sub_errcode)`: a `match` on `errcode` (a jump
        /// table over the dense range) holding a `match` on `sub_errcode`.
        #[inline]
        pub(crate) fn reason(errcode: u16, sub_errcode: u16) -> Option<&'static StopReason> {}
    })? {
        Item::Fn(mut f) => {
            f.block.stmts = vec![syn::Stmt::Expr(body, None)];
            Ok(Item::Fn(f))
        }
        _ => Err(error("the reason function is not a function")),
    }
}

/// The `Category` enum: the vocabulary the decisions file is checked against.
fn category_enum() -> TokenStream {
    let variants = Category::ALL.iter().map(|c| {
        let (ident, doc) = (category(*c), format!(" {}", c.description()));
        quote!(#[doc = #doc] #ident)
    });
    quote! {
        /// What a push interruption is about, for grouping on dashboards: the
        /// vocabulary of `seeds/decisions.toml`, where every code is given one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Category {
            #(#variants),*
        }
    }
}

/// `Category::as_str`.
fn category_names() -> TokenStream {
    let names = Category::ALL.iter().map(|c| {
        let (ident, name) = (category(*c), c.as_str());
        quote!(Category::#ident => #name)
    });
    quote! {
        impl Category {
            /// The lowercase name used in the JSON, e.g. `"auth"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(#names),*
                }
            }
        }
    }
}

/// The `Category` variant: `auth` → `Auth`.
fn category(c: Category) -> Ident {
    Ident::new(&variant_name(c), Span::call_site())
}

fn variant_name(c: Category) -> String {
    let name = c.as_str();
    format!("{}{}", name[..1].to_ascii_uppercase(), &name[1..])
}

fn lang(l: Lang) -> Expr {
    path(match l {
        Lang::En => "Lang::En",
        Lang::Ja => "Lang::Ja",
        Lang::Zh => "Lang::Zh",
        Lang::Ko => "Lang::Ko",
    })
}

fn holds(h: Holds) -> Expr {
    path(match h {
        Holds::Others => "Holds::Others",
        Holds::Dissent => "Holds::Dissent",
        Holds::Variant => "Holds::Variant",
    })
}

/// `(errcode, sub_errcode)`.
fn code(c: Code) -> Expr {
    tuple(vec![int(usize::from(c.errcode)), int(usize::from(c.sub_errcode))])
}

fn codes(codes: &[Code]) -> Expr {
    slice(codes.iter().copied().map(code).collect())
}

/// A 1-based line, as the crate stores it (`u32`).
fn line(line: usize) -> Result<Expr, EmitError> {
    u32::try_from(line).map(|_| int(line)).map_err(|_| error(format!("line {line} is beyond u32")))
}

fn source(s: &Source) -> Expr {
    structure(
        "Source",
        vec![
            ("id", string(&s.id)),
            ("file", string(&s.file)),
            ("lang", lang(s.lang)),
            ("role", string(s.role.as_str())),
            ("origin", string(&s.origin)),
            ("sha256", string(&s.sha256)),
        ],
    )
}

/// The position in `SOURCES` of each source id (the decisions file has none).
struct SourceIndex<'t>(&'t Reconciled);

impl SourceIndex<'_> {
    fn of(&self, id: &str) -> Result<Option<usize>, EmitError> {
        if id == DECISIONS_SOURCE {
            return Ok(None);
        }
        let i = self.0.sources.iter().position(|s| s.id == id).ok_or_else(|| error(format!("a text cites unknown source `{id}`")))?;
        Ok(Some(i))
    }

    /// `DocText::new("text", source, line)`.
    fn doc_text(&self, t: &DocText) -> Result<Expr, EmitError> {
        let source = self.of(&t.source)?.ok_or_else(|| error("a doc text cites the decisions file"))?;
        Ok(call("DocText::new", vec![string(&t.text), int(source), line(t.line)?]))
    }
}

/// `StopReason::new(errcode, sub_errcode, Category::X, retryable, [messages])`.
fn stop_reason(sources: &SourceIndex<'_>, e: &Entry) -> Result<Expr, EmitError> {
    let messages = Lang::ALL
        .into_iter()
        .map(|l| {
            let m = e.messages.get(&l).ok_or_else(|| error(format!("code {} has no {l} message", e.code())))?;
            message(sources, e.code(), m)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let category = path(&format!("Category::{}", variant_name(e.category)));
    Ok(call(
        "StopReason::new",
        vec![int(usize::from(e.errcode)), int(usize::from(e.sub_errcode)), category, boolean(e.retryable), array(messages)],
    ))
}

/// `Message::doc("text", source, line)` (or `aligned`, `inferred`, `curated`),
/// with `.set_aside(…)` and `.also(&[…])` where the message has them.
fn message(sources: &SourceIndex<'_>, at: Code, m: &Message) -> Result<Expr, EmitError> {
    let (text, line) = (string(&m.text), line(m.line)?);
    let mut expr = match (m.provenance, sources.of(&m.source)?, m.inferred_from) {
        (Provenance::Doc, Some(source), _) => call("Message::doc", vec![text, int(source), line]),
        (Provenance::Aligned, Some(source), _) => call("Message::aligned", vec![text, int(source), line]),
        (Provenance::Inferred, Some(source), Some(from)) => call("Message::inferred", vec![text, int(source), line, code(from)]),
        (Provenance::Curated, None, _) => call("Message::curated", vec![text, line]),
        (p, _, _) => return Err(error(format!("code {at}: a {} message citing `{}`", p.as_str(), m.source))),
    };
    if let Some(d) = &m.doc_text {
        expr = method(expr, "set_aside", vec![sources.doc_text(d)?]);
    }
    if !m.alternates.is_empty() {
        let alternates = m.alternates.iter().map(|a| sources.doc_text(a)).collect::<Result<Vec<_>, _>>()?;
        expr = method(expr, "also", vec![slice(alternates)]);
    }
    Ok(expr)
}

fn conflict(sources: &SourceIndex<'_>, c: &Conflict) -> Result<Expr, EmitError> {
    let texts = c
        .texts
        .iter()
        .map(|t| {
            Ok(structure(
                "ConflictText",
                vec![
                    ("lang", lang(t.lang)),
                    ("code", code(t.code)),
                    ("text", sources.doc_text(&t.text)?),
                    ("grouped_with", codes(&t.grouped_with)),
                ],
            ))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    Ok(structure(
        "Conflict",
        vec![
            ("id", string(&c.id)),
            ("codes", codes(&c.codes)),
            ("dissent", slice(c.dissent.iter().copied().map(lang).collect())),
            ("split", boolean(c.split)),
            ("texts", slice(texts)),
            ("holds", holds(c.resolution.holds)),
            ("set_aside", codes(&c.resolution.set_aside)),
            ("why", string(&c.resolution.why)),
            ("line", line(c.resolution.line)?),
        ],
    ))
}

/// `IndexedText::new(lang, "key", "text", &[positions])`.
fn indexed_text(t: &IndexedText) -> Result<Expr, EmitError> {
    let l: Lang = t.lang.parse().map_err(|_| error(format!("unknown language {}", t.lang)))?;
    let reasons = t.reasons.iter().map(|r| u32::try_from(*r).map(|_| int(*r))).collect::<Result<Vec<_>, _>>();
    let reasons = reasons.map_err(|_| error("more than 2^32 entries"))?;
    Ok(call("IndexedText::new", vec![lang(l), string(&t.key), string(&t.text), slice(reasons)]))
}

/// The positions in `TEXTS` sorted by key (then position).
fn by_key(texts: &[IndexedText]) -> Result<Vec<Expr>, EmitError> {
    let count = u32::try_from(texts.len()).map_err(|_| error("more than 2^32 texts"))?;
    let mut by_key: Vec<u32> = (0..count).collect();
    by_key.sort_by(|a, b| texts[*a as usize].key.cmp(&texts[*b as usize].key).then(a.cmp(b)));
    Ok(by_key.into_iter().map(|i| int(i as usize)).collect())
}
