//! `generated/rust/src/table.rs`: the table as Rust statics and a `match`.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::{EmitError, Emitter, GENERATED_NOTICE};
use crate::decisions::{Category, Code, Holds};
use crate::lang::Lang;
use crate::reconcile::{DocText, Provenance, Reconciled};

/// Emits the table module of the `css-stop-reasons` crate: `SOURCES`,
/// `STOP_REASONS`, `CONFLICTS` and a `match`-based `index(errcode, sub_errcode)`,
/// built with `quote` and printed with `prettyplease`.
pub struct Rust;

const PATH: &str = "rust/src/table.rs";

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `Lang::En`, … for a language.
fn lang(l: Lang) -> TokenStream {
    let v = ident(match l {
        Lang::En => "En",
        Lang::Ja => "Ja",
        Lang::Zh => "Zh",
        Lang::Ko => "Ko",
    });
    quote!(Lang::#v)
}

fn provenance(p: Provenance) -> TokenStream {
    let v = ident(match p {
        Provenance::Doc => "Doc",
        Provenance::Aligned => "Aligned",
        Provenance::Inferred => "Inferred",
        Provenance::Curated => "Curated",
    });
    quote!(Provenance::#v)
}

fn category(c: Category) -> TokenStream {
    let name = c.as_str();
    let v = ident(&format!("{}{}", name[..1].to_ascii_uppercase(), &name[1..]));
    quote!(Category::#v)
}

fn holds(h: Holds) -> TokenStream {
    let v = ident(match h {
        Holds::Others => "Others",
        Holds::Dissent => "Dissent",
        Holds::Variant => "Variant",
    });
    quote!(Holds::#v)
}

fn code(c: Code) -> TokenStream {
    let (e, s) = (Literal::u16_unsuffixed(c.errcode), Literal::u16_unsuffixed(c.sub_errcode));
    quote!((#e, #s))
}

fn line(n: usize) -> Literal {
    Literal::u32_unsuffixed(u32::try_from(n).unwrap_or(u32::MAX))
}

fn some_or_none(t: Option<TokenStream>) -> TokenStream {
    match t {
        Some(t) => quote!(Some(#t)),
        None => quote!(None),
    }
}

impl Emitter for Rust {
    fn path(&self) -> &'static str {
        PATH
    }

    fn emit(&self, table: &Reconciled) -> Result<String, EmitError> {
        let source_index = |id: &str| -> Result<Option<Literal>, EmitError> {
            if id == crate::reconcile::DECISIONS_SOURCE {
                return Ok(None);
            }
            table
                .sources
                .iter()
                .position(|s| s.id == id)
                .map(|i| Some(Literal::usize_unsuffixed(i)))
                .ok_or_else(|| EmitError { path: PATH, message: format!("a message cites unknown source `{id}`") })
        };
        let doc_text = |t: &DocText| -> Result<TokenStream, EmitError> {
            let source = source_index(&t.source)?
                .ok_or_else(|| EmitError { path: PATH, message: "a doc text cites the decisions file".to_owned() })?;
            let (text, line) = (Literal::string(&t.text), line(t.line));
            Ok(quote!(DocText { text: #text, source: #source, line: #line }))
        };
        let sources = table.sources.iter().map(|s| {
            let (id, file, origin, sha256) =
                (Literal::string(&s.id), Literal::string(&s.file), Literal::string(&s.origin), Literal::string(&s.sha256));
            let (lang, role) = (lang(s.lang), Literal::string(s.role.as_str()));
            quote!(Source { id: #id, file: #file, lang: #lang, role: #role, origin: #origin, sha256: #sha256 })
        });
        let mut reasons = Vec::new();
        let mut arms = Vec::new();
        for (i, e) in table.entries.iter().enumerate() {
            let (errcode, sub_errcode) = (Literal::u16_unsuffixed(e.errcode), Literal::u16_unsuffixed(e.sub_errcode));
            let mut messages = Vec::new();
            for l in Lang::ALL {
                let m =
                    e.messages.get(&l).ok_or_else(|| EmitError { path: PATH, message: format!("code {} has no {l} message", e.code()) })?;
                let (text, prov, ln) = (Literal::string(&m.text), provenance(m.provenance), line(m.line));
                let source = some_or_none(source_index(&m.source)?.map(|s| quote!(#s)));
                let inferred_from = some_or_none(m.inferred_from.map(code));
                let original = some_or_none(m.doc_text.as_ref().map(doc_text).transpose()?);
                let alternates = m.alternates.iter().map(doc_text).collect::<Result<Vec<_>, _>>()?;
                messages.push(quote!(Message {
                    text: #text,
                    provenance: #prov,
                    source: #source,
                    line: #ln,
                    inferred_from: #inferred_from,
                    doc_text: #original,
                    alternates: &[#(#alternates),*],
                }));
            }
            let (cat, retryable) = (category(e.category), e.retryable);
            reasons.push(quote!(StopReason {
                errcode: #errcode,
                sub_errcode: #sub_errcode,
                category: #cat,
                retryable: #retryable,
                messages: [#(#messages),*],
            }));
            let index = Literal::usize_unsuffixed(i);
            arms.push(quote!((#errcode, #sub_errcode) => Some(#index)));
        }
        let mut conflicts = Vec::new();
        for c in &table.conflicts {
            let id = Literal::string(&c.id);
            let codes = c.codes.iter().map(|x| code(*x));
            let dissent = c.dissent.iter().map(|l| lang(*l));
            let split = c.split;
            let mut texts = Vec::new();
            for t in &c.texts {
                let (l, at, text) = (lang(t.lang), code(t.code), doc_text(&t.text)?);
                let with = t.grouped_with.iter().map(|x| code(*x));
                texts.push(quote!(ConflictText { lang: #l, code: #at, text: #text, grouped_with: &[#(#with),*] }));
            }
            let r = &c.resolution;
            let (h, why, ln) = (holds(r.holds), Literal::string(&r.why), line(r.line));
            let set_aside = r.set_aside.iter().map(|x| code(*x));
            conflicts.push(quote!(Conflict {
                id: #id,
                codes: &[#(#codes),*],
                dissent: &[#(#dissent),*],
                split: #split,
                texts: &[#(#texts),*],
                holds: #h,
                set_aside: &[#(#set_aside),*],
                why: #why,
                line: #ln,
            }));
        }
        let index = super::text_index(table);
        let texts = index.iter().map(|t| {
            let l = lang(t.lang.parse().unwrap_or(Lang::En));
            let (k, text) = (Literal::string(&t.key), Literal::string(&t.text));
            let bigrams = crate::normalize::bigrams(&t.key).into_iter().map(Literal::u64_unsuffixed);
            let reasons = t.reasons.iter().map(|r| Literal::u16_unsuffixed(u16::try_from(*r).unwrap_or(u16::MAX)));
            quote!(IndexedText { lang: #l, key: #k, text: #text, bigrams: &[#(#bigrams),*], reasons: &[#(#reasons),*] })
        });
        let n_texts = Literal::usize_unsuffixed(index.len());
        let (n_sources, n_reasons, n_conflicts) = (
            Literal::usize_unsuffixed(table.sources.len()),
            Literal::usize_unsuffixed(table.entries.len()),
            Literal::usize_unsuffixed(table.conflicts.len()),
        );
        let (decisions_file, decisions_sha) = (Literal::string(&table.decisions.file), Literal::string(&table.decisions.sha256));
        let tokens = quote! {
            use crate::{Category, Conflict, ConflictText, DocText, Holds, IndexedText, Lang, Message, Provenance, Source, StopReason};

            /// The docs the table was read from, in manifest order.
            pub(crate) static SOURCES: [Source; #n_sources] = [#(#sources),*];

            /// The maintainers' decisions file, where curated texts come from: path and SHA-256.
            pub(crate) const DECISIONS: (&str, &str) = (#decisions_file, #decisions_sha);

            /// Every known code pair, sorted by `(errcode, sub_errcode)`.
            pub(crate) static STOP_REASONS: [StopReason; #n_reasons] = [#(#reasons),*];

            /// Every disagreement found between the docs, with its resolution.
            pub(crate) static CONFLICTS: [Conflict; #n_conflicts] = [#(#conflicts),*];

            /// Every message text and alternate wording by language and comparison key
            /// (sorted by language, then key), with its character bigrams and the
            /// positions in [`STOP_REASONS`] of the codes that give it.
            pub(crate) static TEXTS: [IndexedText; #n_texts] = [#(#texts),*];

            /// Position of `(errcode, sub_errcode)` in [`STOP_REASONS`].
            pub(crate) const fn index(errcode: u16, sub_errcode: u16) -> Option<usize> {
                match (errcode, sub_errcode) {
                    #(#arms,)*
                    _ => None,
                }
            }
        };
        let file: syn::File = syn::parse2(tokens).map_err(|e| EmitError { path: PATH, message: e.to_string() })?;
        Ok(format!("// {GENERATED_NOTICE}\n\n{}", prettyplease::unparse(&file)))
    }
}
