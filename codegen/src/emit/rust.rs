//! `generated/rust/src/table.rs`: the table as Rust statics and a `match`.
//!
//! The whole file is built as tokens with `quote`, checked by `syn` and
//! printed by `prettyplease`. Every text reaches it as a string literal made
//! by `proc_macro2` (`char::escape_debug`: quotes, backslashes, control and
//! invisible characters escaped), so no doc text can end a literal or hide
//! in the source.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::{EmitError, Emitter, GENERATED_NOTICE, IndexedText, is_invisible, text_index};
use crate::lang::Lang;
use crate::model::{Category, Code, Conflict, DECISIONS_SOURCE, DocText, Entry, Holds, Message, Provenance, Reconciled, Source};

/// Emits the table module of the `css-stop-reasons` crate: `SOURCES`,
/// `DECISIONS`, `STOP_REASONS`, `CONFLICTS`, `TEXTS`, `BY_KEY` and a
/// `match`-based `reason(errcode, sub_errcode)`.
pub struct Rust;

const PATH: &str = "rust/src/table.rs";

impl Emitter for Rust {
    fn path(&self) -> &'static str {
        PATH
    }

    fn emit(&self, table: &Reconciled) -> Result<String, EmitError> {
        let file: syn::File = syn::parse2(module(table)?).map_err(|e| EmitError::new(PATH, e.to_string()))?;
        let text = prettyplease::unparse(&file);
        if let Some(c) = text.chars().find(|c| is_invisible(*c)) {
            return Err(EmitError::new(PATH, format!("U+{:04X} was printed unescaped", u32::from(c))));
        }
        Ok(format!("// {GENERATED_NOTICE}\n\n{text}"))
    }
}

/// The whole module.
fn module(table: &Reconciled) -> Result<TokenStream, EmitError> {
    let sources = SourceIndex(table);
    let n = Literal::usize_unsuffixed;
    let texts = text_index(&table.entries);
    let (n_sources, n_reasons, n_conflicts, n_texts) =
        (n(table.sources.len()), n(table.entries.len()), n(table.conflicts.len()), n(texts.len()));
    let source_items = table.sources.iter().map(source);
    let reasons = table.entries.iter().map(|e| stop_reason(&sources, e)).collect::<Result<Vec<_>, _>>()?;
    let conflicts = table.conflicts.iter().map(|c| conflict(&sources, c)).collect::<Result<Vec<_>, _>>()?;
    let text_items = texts.iter().map(indexed_text).collect::<Result<Vec<_>, _>>()?;
    let by_key = by_key(&texts)?;
    let (decisions_file, decisions_sha) = (&table.decisions.file, &table.decisions.sha256);
    let category = category_enum();
    let arms = arms(&table.entries);
    Ok(quote! {
        use crate::{Conflict, ConflictText, DocText, Holds, IndexedText, Lang, Message, Source, StopReason};

        #category

        /// The docs the table was read from, in manifest order.
        pub(crate) static SOURCES: [Source; #n_sources] = [#(#source_items),*];

        /// The maintainers' decisions file, where curated texts come from: path and SHA-256.
        pub(crate) const DECISIONS: (&str, &str) = (#decisions_file, #decisions_sha);

        /// Every known code pair, sorted by `(errcode, sub_errcode)`.
        pub(crate) static STOP_REASONS: [StopReason; #n_reasons] = [#(#reasons),*];

        /// Every disagreement found between the docs, with its resolution.
        pub(crate) static CONFLICTS: [Conflict; #n_conflicts] = [#(#conflicts),*];

        /// Every message text and alternate wording by language and comparison key
        /// (sorted by language, then key), with the positions in [`STOP_REASONS`] of
        /// the codes that give it.
        pub(crate) static TEXTS: [IndexedText; #n_texts] = [#(#text_items),*];

        /// Positions in [`TEXTS`] sorted by key, then language: exact lookups
        /// in every language are one binary search.
        pub(crate) static BY_KEY: [u32; #n_texts] = [#(#by_key),*];

        /// The entry for `(errcode, sub_errcode)`: a `match` on `errcode` (a jump
        /// table over the dense range) holding a `match` on `sub_errcode`.
        #[inline]
        pub(crate) fn reason(errcode: u16, sub_errcode: u16) -> Option<&'static StopReason> {
            match errcode {
                #(#arms)*
                _ => None,
            }
        }
    })
}

/// The `Category` enum: the vocabulary the decisions file is checked against.
fn category_enum() -> TokenStream {
    let variants = Category::ALL.iter().map(|c| {
        let (ident, doc) = (category(*c), format!(" {}", c.description()));
        quote!(#[doc = #doc] #ident)
    });
    let names = Category::ALL.iter().map(|c| {
        let (ident, name) = (category(*c), c.as_str());
        quote!(Category::#ident => #name)
    });
    quote! {
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
    }
}

/// The `Category` variant: `auth` → `Auth`.
fn category(c: Category) -> Ident {
    let name = c.as_str();
    Ident::new(&format!("{}{}", name[..1].to_ascii_uppercase(), &name[1..]), Span::call_site())
}

fn lang(l: Lang) -> TokenStream {
    match l {
        Lang::En => quote!(Lang::En),
        Lang::Ja => quote!(Lang::Ja),
        Lang::Zh => quote!(Lang::Zh),
        Lang::Ko => quote!(Lang::Ko),
    }
}

fn holds(h: Holds) -> TokenStream {
    match h {
        Holds::Others => quote!(Holds::Others),
        Holds::Dissent => quote!(Holds::Dissent),
        Holds::Variant => quote!(Holds::Variant),
    }
}

/// `(errcode, sub_errcode)`.
fn code(c: Code) -> TokenStream {
    let (e, s) = (Literal::u16_unsuffixed(c.errcode), Literal::u16_unsuffixed(c.sub_errcode));
    quote!((#e, #s))
}

/// A 1-based line, as the crate stores it (`u32`).
fn line(line: usize) -> Result<Literal, EmitError> {
    u32::try_from(line).map(Literal::u32_unsuffixed).map_err(|_| EmitError::new(PATH, format!("line {line} is beyond u32")))
}

fn source(s: &Source) -> TokenStream {
    let (id, file, origin, sha256, role) = (&s.id, &s.file, &s.origin, &s.sha256, s.role.as_str());
    let lang = lang(s.lang);
    quote!(Source { id: #id, file: #file, lang: #lang, role: #role, origin: #origin, sha256: #sha256 })
}

/// The position in `SOURCES` of each source id (the decisions file has none).
struct SourceIndex<'a>(&'a Reconciled);

impl SourceIndex<'_> {
    fn of(&self, id: &str) -> Result<Option<Literal>, EmitError> {
        if id == DECISIONS_SOURCE {
            return Ok(None);
        }
        let i = self
            .0
            .sources
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| EmitError::new(PATH, format!("a text cites unknown source `{id}`")))?;
        Ok(Some(Literal::usize_unsuffixed(i)))
    }

    /// `DocText::new("text", source, line)`.
    fn doc_text(&self, t: &DocText) -> Result<TokenStream, EmitError> {
        let source = self.of(&t.source)?.ok_or_else(|| EmitError::new(PATH, "a doc text cites the decisions file"))?;
        let (text, line) = (&t.text, line(t.line)?);
        Ok(quote!(DocText::new(#text, #source, #line)))
    }
}

/// `StopReason::new(errcode, sub_errcode, Category::X, retryable, [messages])`.
fn stop_reason(sources: &SourceIndex<'_>, e: &Entry) -> Result<TokenStream, EmitError> {
    let messages = Lang::ALL
        .into_iter()
        .map(|l| {
            let m = e.messages.get(&l).ok_or_else(|| EmitError::new(PATH, format!("code {} has no {l} message", e.code())))?;
            message(sources, e.code(), m)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (errcode, sub_errcode, retryable) = (Literal::u16_unsuffixed(e.errcode), Literal::u16_unsuffixed(e.sub_errcode), e.retryable);
    let category = category(e.category);
    Ok(quote!(StopReason::new(#errcode, #sub_errcode, Category::#category, #retryable, [#(#messages),*])))
}

/// `Message::doc("text", source, line)` (or `aligned`, `inferred`, `curated`),
/// with `.set_aside(…)` and `.also(&[…])` where the message has them.
fn message(sources: &SourceIndex<'_>, at: Code, m: &Message) -> Result<TokenStream, EmitError> {
    let (text, line) = (&m.text, line(m.line)?);
    let mut tokens = match (m.provenance, sources.of(&m.source)?, m.inferred_from) {
        (Provenance::Doc, Some(source), _) => quote!(Message::doc(#text, #source, #line)),
        (Provenance::Aligned, Some(source), _) => quote!(Message::aligned(#text, #source, #line)),
        (Provenance::Inferred, Some(source), Some(from)) => {
            let from = code(from);
            quote!(Message::inferred(#text, #source, #line, #from))
        }
        (Provenance::Curated, None, _) => quote!(Message::curated(#text, #line)),
        (p, _, _) => return Err(EmitError::new(PATH, format!("code {at}: a {} message citing `{}`", p.as_str(), m.source))),
    };
    if let Some(d) = &m.doc_text {
        let d = sources.doc_text(d)?;
        tokens = quote!(#tokens.set_aside(#d));
    }
    if !m.alternates.is_empty() {
        let alternates = m.alternates.iter().map(|a| sources.doc_text(a)).collect::<Result<Vec<_>, _>>()?;
        tokens = quote!(#tokens.also(&[#(#alternates),*]));
    }
    Ok(tokens)
}

fn conflict(sources: &SourceIndex<'_>, c: &Conflict) -> Result<TokenStream, EmitError> {
    let texts = c
        .texts
        .iter()
        .map(|t| {
            let (lang, code, text) = (lang(t.lang), code(t.code), sources.doc_text(&t.text)?);
            let grouped_with = t.grouped_with.iter().copied().map(self::code);
            Ok(quote!(ConflictText { lang: #lang, code: #code, text: #text, grouped_with: &[#(#grouped_with),*] }))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let (id, split, why, line) = (&c.id, c.split, &c.resolution.why, line(c.resolution.line)?);
    let codes = c.codes.iter().copied().map(code);
    let dissent = c.dissent.iter().copied().map(lang);
    let holds = holds(c.resolution.holds);
    let set_aside = c.resolution.set_aside.iter().copied().map(code);
    Ok(quote! {
        Conflict {
            id: #id,
            codes: &[#(#codes),*],
            dissent: &[#(#dissent),*],
            split: #split,
            texts: &[#(#texts),*],
            holds: #holds,
            set_aside: &[#(#set_aside),*],
            why: #why,
            line: #line,
        }
    })
}

/// `IndexedText::new(lang, "key", "text", &[positions])`.
fn indexed_text(t: &IndexedText) -> Result<TokenStream, EmitError> {
    let l: Lang = t.lang.parse().map_err(|_| EmitError::new(PATH, format!("unknown language {}", t.lang)))?;
    let (lang, key, text) = (lang(l), &t.key, &t.text);
    let reasons = t.reasons.iter().map(|r| u32::try_from(*r).map(Literal::u32_unsuffixed)).collect::<Result<Vec<_>, _>>();
    let reasons = reasons.map_err(|_| EmitError::new(PATH, "more than 2^32 entries"))?;
    Ok(quote!(IndexedText::new(#lang, #key, #text, &[#(#reasons),*])))
}

/// The positions in `TEXTS` sorted by key (then position).
fn by_key(texts: &[IndexedText]) -> Result<Vec<Literal>, EmitError> {
    let count = u32::try_from(texts.len()).map_err(|_| EmitError::new(PATH, "more than 2^32 texts"))?;
    let mut by_key: Vec<u32> = (0..count).collect();
    by_key.sort_by(|a, b| texts[*a as usize].key.cmp(&texts[*b as usize].key).then(a.cmp(b)));
    Ok(by_key.into_iter().map(Literal::u32_unsuffixed).collect())
}

/// `errcode => match sub_errcode { sub => Some(&STOP_REASONS[i]), …, _ => None },`
/// for each errcode, in table order.
fn arms(entries: &[Entry]) -> Vec<TokenStream> {
    let mut by_errcode: Vec<(u16, Vec<TokenStream>)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let (sub, i) = (Literal::u16_unsuffixed(e.sub_errcode), Literal::usize_unsuffixed(i));
        let arm = quote!(#sub => Some(&STOP_REASONS[#i]),);
        match by_errcode.last_mut() {
            Some((errcode, arms)) if *errcode == e.errcode => arms.push(arm),
            _ => by_errcode.push((e.errcode, vec![arm])),
        }
    }
    by_errcode
        .into_iter()
        .map(|(errcode, arms)| {
            let errcode = Literal::u16_unsuffixed(errcode);
            quote!(#errcode => match sub_errcode { #(#arms)* _ => None, },)
        })
        .collect()
}
