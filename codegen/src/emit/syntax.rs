//! Rust expressions made directly as `syn` syntax trees, for the data of the
//! Rust table: one node a value, no tokens to lex and parse again (built with
//! `quote!` and parsed by `syn`, the data of 10,000 codes took 0.8 s of the
//! 1 s the Rust table took; made here, 0.1 s). Literals are `syn`'s own, so
//! `prettyplease` prints them escaped (`char::escape_debug`).

use proc_macro2::Span;

use crate::model::KeyValue;
use syn::punctuated::Punctuated;
use syn::{
    Arm, Expr, ExprArray, ExprCall, ExprIndex, ExprLit, ExprMatch, ExprMethodCall, ExprPath, ExprReference, ExprStruct, ExprTuple,
    FieldValue, Ident, Lit, Member, Pat, PatWild,
};

fn lit(lit: Lit) -> Expr {
    Expr::Lit(ExprLit { attrs: Vec::new(), lit })
}

/// `"text"`: quotes, backslashes, control characters and invisible
/// characters ([`super::is_invisible`]) escaped, every other character as
/// written, and the literal read back by `proc_macro2`'s lexer. (`syn`'s
/// `LitStr::new` escapes every character `char::escape_debug` would, which
/// looks each CJK character up in a long table: a quarter of the Rust table's
/// time on the seed docs.) The lexed token is kept verbatim: `prettyplease`
/// prints a string literal as its token's text either way, and `Lit::new`
/// would decode every escape again only to learn that it is a string (a
/// twelfth of the Rust table's instructions on the seed docs).
pub(super) fn string(text: &str) -> Expr {
    let mut repr = String::with_capacity(text.len() + 2);
    repr.push('"');
    for c in text.chars() {
        match c {
            '"' => repr.push_str("\\\""),
            '\\' => repr.push_str("\\\\"),
            c if c.is_control() || super::is_invisible(c) => repr.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => repr.push(c),
        }
    }
    repr.push('"');
    match repr.parse::<proc_macro2::Literal>() {
        Ok(literal) => lit(Lit::Verbatim(literal)),
        // Not reached: the escapes above leave nothing the lexer refuses.
        Err(_) => lit(Lit::Str(syn::LitStr::new(text, Span::call_site()))),
    }
}

/// An integer literal without suffix: `42` (`proc_macro2`'s number
/// literal, where `syn::LitInt::new` would lex the digits as source text).
pub(super) fn int(n: usize) -> Expr {
    lit(Lit::new(proc_macro2::Literal::usize_unsuffixed(n)))
}

/// `true` or `false`.
pub(super) fn boolean(b: bool) -> Expr {
    lit(Lit::Bool(syn::LitBool::new(b, Span::call_site())))
}

/// The identifier `name`, raw (`r#type`) where it is a keyword: syn's
/// identifier parser refuses exactly the keywords (strict and reserved).
/// (`self`, `super` and `crate` cannot be raw, and syn takes edition 2024's
/// `gen` for an identifier: the manifest refuses those four as names.)
pub(super) fn ident(name: &str) -> Ident {
    if syn::parse_str::<Ident>(name).is_ok() { Ident::new(name, Span::call_site()) } else { Ident::new_raw(name, Span::call_site()) }
}

/// A path of the emitter's own names (types, variants in CamelCase,
/// constructors), none of them a keyword, so no segment needs to be raw.
/// (Checking each segment with [`ident`] took a sixth of the Rust table's
/// time on the seed docs.)
fn syn_path(path: &str) -> syn::Path {
    let segments = path.split("::").map(|s| syn::PathSegment::from(Ident::new(s, Span::call_site())));
    syn::Path { leading_colon: None, segments: segments.collect() }
}

/// A path: `Lang::En`, `Message::doc`.
pub(super) fn path(path: &str) -> Expr {
    Expr::Path(ExprPath { attrs: Vec::new(), qself: None, path: syn_path(path) })
}

/// `function(args…)`.
pub(super) fn call(function: &str, args: Vec<Expr>) -> Expr {
    Expr::Call(ExprCall {
        attrs: Vec::new(),
        func: Box::new(path(function)),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `receiver.method(args…)`.
pub(super) fn method(receiver: Expr, method: &str, args: Vec<Expr>) -> Expr {
    Expr::MethodCall(ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: Ident::new(method, Span::call_site()),
        turbofish: None,
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `[elems…]`.
pub(super) fn array(elems: Vec<Expr>) -> Expr {
    Expr::Array(ExprArray { attrs: Vec::new(), bracket_token: Default::default(), elems: elems.into_iter().collect() })
}

/// `&expr`.
pub(super) fn reference(expr: Expr) -> Expr {
    Expr::Reference(ExprReference { attrs: Vec::new(), and_token: Default::default(), mutability: None, expr: Box::new(expr) })
}

/// `&[elems…]`.
pub(super) fn slice(elems: Vec<Expr>) -> Expr {
    reference(array(elems))
}

/// `(elems…)`.
pub(super) fn tuple(elems: Vec<Expr>) -> Expr {
    Expr::Tuple(ExprTuple { attrs: Vec::new(), paren_token: Default::default(), elems: elems.into_iter().collect() })
}

/// `Type { field: value, … }`.
pub(super) fn structure(name: &str, fields: Vec<(&str, Expr)>) -> Expr {
    let fields: Punctuated<FieldValue, syn::Token![,]> = fields
        .into_iter()
        .map(|(field, expr)| FieldValue {
            attrs: Vec::new(),
            member: Member::Named(ident(field)),
            colon_token: Some(Default::default()),
            expr,
        })
        .collect();
    Expr::Struct(ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path: syn_path(name),
        brace_token: Default::default(),
        fields,
        dot2_token: None,
        rest: None,
    })
}

/// `array[index]`.
pub(super) fn index(array: &str, index: Expr) -> Expr {
    Expr::Index(ExprIndex { attrs: Vec::new(), expr: Box::new(path(array)), bracket_token: Default::default(), index: Box::new(index) })
}

/// An integer literal without suffix, negative ones with their sign: `-3301`.
pub(super) fn signed(n: i64) -> Expr {
    lit(key_literal(&KeyValue::Int(n)))
}

/// A key value as a literal (for expressions and `match` patterns): an
/// integer without suffix, or a string.
pub(super) fn key_literal(value: &KeyValue) -> Lit {
    match value {
        KeyValue::Int(n) => Lit::new(proc_macro2::Literal::i64_unsuffixed(*n)),
        KeyValue::Text(text) => match string(text) {
            Expr::Lit(ExprLit { lit, .. }) => lit,
            _ => Lit::Str(syn::LitStr::new(text, Span::call_site())),
        },
    }
}

/// `match on { pattern => body, …, _ => otherwise }`, each arm's pattern a
/// literal; `on` is a key column's name, raw where it is a keyword (`r#type`).
pub(super) fn match_lit(on: &str, arms: Vec<(Lit, Expr)>, otherwise: Expr) -> Expr {
    let arm = |pat: Pat, body: Expr| Arm {
        attrs: Vec::new(),
        pat,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    };
    let wild = Pat::Wild(PatWild { attrs: Vec::new(), underscore_token: Default::default() });
    let mut arms: Vec<Arm> = arms.into_iter().map(|(lit, body)| arm(Pat::Lit(ExprLit { attrs: Vec::new(), lit }), body)).collect();
    arms.push(arm(wild, otherwise));
    Expr::Match(ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(Expr::Path(ExprPath { attrs: Vec::new(), qself: None, path: syn::Path::from(ident(on)) })),
        brace_token: Default::default(),
        arms,
    })
}

#[cfg(test)]
mod tests {
    use super::ident;

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("unsized").to_string(), "r#unsized");
        assert_eq!(ident("errcode").to_string(), "errcode");
        assert_eq!(ident("Lang").to_string(), "Lang");
    }
}
