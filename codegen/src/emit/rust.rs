//! `generated/rust/src/table.rs`: the table as Rust statics and a `match`.
//!
//! The file's skeleton is written with `quote` and parsed with `syn`; the large
//! data expressions (thousands of literals) are built as `syn` syntax trees
//! directly, since parsing them back from tokens would cost most of a `gen`
//! run; `prettyplease` prints the whole file.

use std::str::FromStr;

use proc_macro2::{Literal, Span, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, Item, Lit, Member, Pat, Path, PathSegment, Stmt, token};

use super::{EmitError, Emitter, GENERATED_NOTICE, is_invisible};
use crate::decisions::{Category, Code, Holds};
use crate::lang::Lang;
use crate::reconcile::{DocText, Provenance, Reconciled};

/// Emits the table module of the `css-stop-reasons` crate: `SOURCES`,
/// `DECISIONS`, `STOP_REASONS`, `CONFLICTS`, `TEXTS` and a `match`-based
/// `reason(errcode, sub_errcode)`, printed with `prettyplease`.
pub struct Rust;

const PATH: &str = "rust/src/table.rs";

fn error(message: impl Into<String>) -> EmitError {
    EmitError { path: PATH, message: message.into() }
}

/// A Rust string literal for `s`: quotes, backslashes, control characters and
/// invisible characters ([`is_invisible`]) escaped, everything else as is.
fn str_lit(s: &str) -> Result<Expr, EmitError> {
    let mut repr = String::with_capacity(s.len() + 2);
    repr.push('"');
    for c in s.chars() {
        match c {
            '"' => repr.push_str("\\\""),
            '\\' => repr.push_str("\\\\"),
            '\n' => repr.push_str("\\n"),
            '\r' => repr.push_str("\\r"),
            '\t' => repr.push_str("\\t"),
            c if c.is_control() || is_invisible(c) => repr.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => repr.push(c),
        }
    }
    repr.push('"');
    let literal = Literal::from_str(&repr).map_err(|e| error(format!("string literal {repr}: {e}")))?;
    Ok(lit(literal))
}

fn lit(literal: Literal) -> Expr {
    Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: Lit::new(literal) })
}

fn int(n: u64) -> Expr {
    lit(Literal::u64_unsuffixed(n))
}

fn line(n: usize) -> Expr {
    int(n as u64)
}

fn bool_lit(b: bool) -> Expr {
    Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: Lit::Bool(syn::LitBool::new(b, Span::call_site())) })
}

/// A path expression: `None`, `Lang::En`.
fn path(segments: &[&str]) -> Expr {
    let mut p = Path { leading_colon: None, segments: Punctuated::new() };
    for s in segments {
        p.segments.push(PathSegment::from(Ident::new(s, Span::call_site())));
    }
    Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path: p })
}

fn some(e: Expr) -> Expr {
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(path(&["Some"])),
        paren_token: token::Paren::default(),
        args: Punctuated::from_iter([e]),
    })
}

/// `Type::function(args...)`.
fn call(function: &[&str], args: Vec<Expr>) -> Expr {
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(path(function)),
        paren_token: token::Paren::default(),
        args: args.into_iter().collect(),
    })
}

/// `receiver.method(args...)`.
fn method(receiver: Expr, name: &str, args: Vec<Expr>) -> Expr {
    Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: Ident::new(name, Span::call_site()),
        turbofish: None,
        paren_token: token::Paren::default(),
        args: args.into_iter().collect(),
    })
}

fn array(elems: Vec<Expr>) -> Expr {
    Expr::Array(syn::ExprArray { attrs: Vec::new(), bracket_token: token::Bracket::default(), elems: elems.into_iter().collect() })
}

/// `&[...]`.
fn slice(elems: Vec<Expr>) -> Expr {
    Expr::Reference(syn::ExprReference { attrs: Vec::new(), and_token: Default::default(), mutability: None, expr: Box::new(array(elems)) })
}

fn tuple(elems: Vec<Expr>) -> Expr {
    Expr::Tuple(syn::ExprTuple { attrs: Vec::new(), paren_token: token::Paren::default(), elems: elems.into_iter().collect() })
}

/// `Name { field: value, ... }`.
fn structure(name: &str, fields: Vec<(&str, Expr)>) -> Expr {
    let Expr::Path(p) = path(&[name]) else { unreachable!("path() builds a path") };
    Expr::Struct(syn::ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path: p.path,
        brace_token: token::Brace::default(),
        fields: fields
            .into_iter()
            .map(|(field, expr)| syn::FieldValue {
                attrs: Vec::new(),
                member: Member::Named(Ident::new(field, Span::call_site())),
                colon_token: Some(Default::default()),
                expr,
            })
            .collect(),
        dot2_token: None,
        rest: None,
    })
}

fn lang(l: Lang) -> Expr {
    path(&[
        "Lang",
        match l {
            Lang::En => "En",
            Lang::Ja => "Ja",
            Lang::Zh => "Zh",
            Lang::Ko => "Ko",
        },
    ])
}

fn category(c: Category) -> Expr {
    let name = c.as_str();
    let variant = format!("{}{}", name[..1].to_ascii_uppercase(), &name[1..]);
    path(&["Category", &variant])
}

fn holds(h: Holds) -> Expr {
    path(&[
        "Holds",
        match h {
            Holds::Others => "Others",
            Holds::Dissent => "Dissent",
            Holds::Variant => "Variant",
        },
    ])
}

fn code(c: Code) -> Expr {
    tuple(vec![int(c.errcode.into()), int(c.sub_errcode.into())])
}

/// The skeleton's `static NAME: ... = [];` gets `expr` as its value.
fn set_static(file: &mut syn::File, name: &str, expr: Expr) -> Result<(), EmitError> {
    for item in &mut file.items {
        if let Item::Static(s) = item
            && s.ident == name
        {
            *s.expr = expr;
            return Ok(());
        }
    }
    Err(error(format!("the skeleton has no static {name}")))
}

impl Emitter for Rust {
    fn path(&self) -> &'static str {
        PATH
    }

    fn emit(&self, table: &Reconciled) -> Result<String, EmitError> {
        let source_index = |id: &str| -> Result<Option<u64>, EmitError> {
            if id == crate::reconcile::DECISIONS_SOURCE {
                return Ok(None);
            }
            let i = table.sources.iter().position(|s| s.id == id).ok_or_else(|| error(format!("a message cites unknown source `{id}`")))?;
            Ok(Some(i as u64))
        };
        let doc_text = |t: &DocText| -> Result<Expr, EmitError> {
            let source = source_index(&t.source)?.ok_or_else(|| error("a doc text cites the decisions file"))?;
            Ok(call(&["DocText", "new"], vec![str_lit(&t.text)?, int(source), line(t.line)]))
        };

        let sources = table
            .sources
            .iter()
            .map(|s| {
                Ok(structure(
                    "Source",
                    vec![
                        ("id", str_lit(&s.id)?),
                        ("file", str_lit(&s.file)?),
                        ("lang", lang(s.lang)),
                        ("role", str_lit(s.role.as_str())?),
                        ("origin", str_lit(&s.origin)?),
                        ("sha256", str_lit(&s.sha256)?),
                    ],
                ))
            })
            .collect::<Result<Vec<_>, EmitError>>()?;

        let mut reasons = Vec::with_capacity(table.entries.len());
        for e in &table.entries {
            let mut messages = Vec::with_capacity(4);
            for l in Lang::ALL {
                let m = e.messages.get(&l).ok_or_else(|| error(format!("code {} has no {l} message", e.code())))?;
                let text = str_lit(&m.text)?;
                let at = line(m.line);
                let mut message = match (m.provenance, source_index(&m.source)?, m.inferred_from) {
                    (Provenance::Doc, Some(src), _) => call(&["Message", "doc"], vec![text, int(src), at]),
                    (Provenance::Aligned, Some(src), _) => call(&["Message", "aligned"], vec![text, int(src), at]),
                    (Provenance::Inferred, Some(src), Some(from)) => call(&["Message", "inferred"], vec![text, int(src), at, code(from)]),
                    (Provenance::Curated, None, _) => call(&["Message", "curated"], vec![text, at]),
                    (p, _, _) => return Err(error(format!("code {} {l}: a {} message citing `{}`", e.code(), p.as_str(), m.source))),
                };
                if let Some(d) = &m.doc_text {
                    message = method(message, "set_aside", vec![doc_text(d)?]);
                }
                if !m.alternates.is_empty() {
                    message = method(message, "also", vec![slice(m.alternates.iter().map(doc_text).collect::<Result<_, _>>()?)]);
                }
                messages.push(message);
            }
            reasons.push(call(
                &["StopReason", "new"],
                vec![int(e.errcode.into()), int(e.sub_errcode.into()), category(e.category), bool_lit(e.retryable), array(messages)],
            ));
        }

        let mut conflicts = Vec::with_capacity(table.conflicts.len());
        for c in &table.conflicts {
            let texts = c
                .texts
                .iter()
                .map(|t| {
                    Ok(structure(
                        "ConflictText",
                        vec![
                            ("lang", lang(t.lang)),
                            ("code", code(t.code)),
                            ("text", doc_text(&t.text)?),
                            ("grouped_with", slice(t.grouped_with.iter().copied().map(code).collect())),
                        ],
                    ))
                })
                .collect::<Result<Vec<_>, EmitError>>()?;
            let r = &c.resolution;
            conflicts.push(structure(
                "Conflict",
                vec![
                    ("id", str_lit(&c.id)?),
                    ("codes", slice(c.codes.iter().copied().map(code).collect())),
                    ("dissent", slice(c.dissent.iter().copied().map(lang).collect())),
                    ("split", bool_lit(c.split)),
                    ("texts", slice(texts)),
                    ("holds", holds(r.holds)),
                    ("set_aside", slice(r.set_aside.iter().copied().map(code).collect())),
                    ("why", str_lit(&r.why)?),
                    ("line", line(r.line)),
                ],
            ));
        }

        let index = &table.texts;
        let texts = index
            .iter()
            .map(|t| {
                let l = t.lang.parse().map_err(|_| error(format!("unknown language {}", t.lang)))?;
                Ok(call(
                    &["IndexedText", "new"],
                    vec![lang(l), str_lit(&t.key)?, str_lit(&t.text)?, slice(t.reasons.iter().map(|r| int(*r as u64)).collect())],
                ))
            })
            .collect::<Result<Vec<_>, EmitError>>()?;

        let n = |len: usize| Literal::usize_unsuffixed(len);
        let (n_sources, n_reasons, n_conflicts, n_texts) =
            (n(table.sources.len()), n(table.entries.len()), n(table.conflicts.len()), n(index.len()));
        let (decisions_file, decisions_sha) = (Literal::string(&table.decisions.file), Literal::string(&table.decisions.sha256));
        // The category vocabulary is defined once, in codegen, and emitted.
        let variant = |c: &Category| {
            let name = c.as_str();
            Ident::new(&format!("{}{}", name[..1].to_ascii_uppercase(), &name[1..]), Span::call_site())
        };
        let variants = Category::ALL.iter().map(|c| {
            let (ident, doc) = (variant(c), format!(" {}", c.description()));
            quote!(#[doc = #doc] #ident)
        });
        let names = Category::ALL.iter().map(|c| {
            let (ident, name) = (variant(c), c.as_str());
            quote!(Category::#ident => #name)
        });
        let skeleton: TokenStream = quote! {
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

            /// The entry for `(errcode, sub_errcode)`.
            #[inline]
            pub(crate) fn reason(errcode: u16, sub_errcode: u16) -> Option<&'static StopReason> {
                match errcode {
                    _ => None,
                }
            }
        };
        let mut file: syn::File = syn::parse2(skeleton).map_err(|e| error(e.to_string()))?;
        set_static(&mut file, "SOURCES", array(sources))?;
        set_static(&mut file, "STOP_REASONS", array(reasons))?;
        set_static(&mut file, "CONFLICTS", array(conflicts))?;
        set_static(&mut file, "TEXTS", array(texts))?;
        let mut by_key: Vec<usize> = (0..index.len()).collect();
        by_key.sort_by(|a, b| index[*a].key.cmp(&index[*b].key).then(a.cmp(b)));
        set_static(&mut file, "BY_KEY", array(by_key.into_iter().map(|i| int(i as u64)).collect()))?;
        // match errcode { e => match sub_errcode { s => Some(&STOP_REASONS[i]), _ => None }, _ => None }:
        // the outer match on a dense range compiles to a jump table.
        let pat_int = |v: u16| Pat::Lit(syn::ExprLit { attrs: Vec::new(), lit: Lit::new(Literal::u16_unsuffixed(v)) });
        let arm = |pat: Pat, body: Expr| syn::Arm {
            attrs: Vec::new(),
            pat,
            fat_arrow_token: Default::default(),
            body: Box::new(body),
            comma: Some(Default::default()),
        };
        let wildcard = || arm(Pat::Wild(syn::PatWild { attrs: Vec::new(), underscore_token: Default::default() }), path(&["None"]));
        let entry = |i: usize| {
            let index = Expr::Index(syn::ExprIndex {
                attrs: Vec::new(),
                expr: Box::new(path(&["STOP_REASONS"])),
                bracket_token: token::Bracket::default(),
                index: Box::new(int(i as u64)),
            });
            some(Expr::Reference(syn::ExprReference {
                attrs: Vec::new(),
                and_token: Default::default(),
                mutability: None,
                expr: Box::new(index),
            }))
        };
        let mut arms: Vec<syn::Arm> = Vec::new();
        let mut start = 0;
        while start < table.entries.len() {
            let errcode = table.entries[start].errcode;
            let end = start + table.entries[start..].iter().take_while(|e| e.errcode == errcode).count();
            let inner: Vec<syn::Arm> =
                (start..end).map(|i| arm(pat_int(table.entries[i].sub_errcode), entry(i))).chain([wildcard()]).collect();
            let inner = Expr::Match(syn::ExprMatch {
                attrs: Vec::new(),
                match_token: Default::default(),
                expr: Box::new(path(&["sub_errcode"])),
                brace_token: token::Brace::default(),
                arms: inner,
            });
            arms.push(arm(pat_int(errcode), inner));
            start = end;
        }
        let matched = file.items.iter_mut().find_map(|item| match item {
            Item::Fn(f) if f.sig.ident == "reason" => match f.block.stmts.first_mut() {
                Some(Stmt::Expr(Expr::Match(m), _)) => Some(m),
                _ => None,
            },
            _ => None,
        });
        let m = matched.ok_or_else(|| error("the skeleton has no match in fn reason"))?;
        let wildcard = m.arms.pop().ok_or_else(|| error("the skeleton's match has no arm"))?;
        m.arms = arms.into_iter().chain([wildcard]).collect();
        Ok(format!("// {GENERATED_NOTICE}\n\n{}", prettyplease::unparse(&file)))
    }
}
