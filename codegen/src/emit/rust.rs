//! `generated/<set>/rust/src/table.rs`: the table as Rust statics and a `match`.
//!
//! The file is a `syn` syntax tree printed by `prettyplease`: the code (the
//! `Category` enum, each static's declaration and docs, the lookup
//! functions) is written with `quote!`, and the data (each static's value,
//! the arms of the `match`es) is made as syntax directly ([`syntax`]). Every
//! text reaches the file as a string literal made by `syn`, so no doc text
//! can end a literal or hide in the source.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use syn::{Expr, Item};

use super::syntax::{
    array, boolean, call, ident, index, int, key_literal, match_lit, method, path, reference, slice, string, structure, tuple,
};
use super::{EmitError, Emitter, GENERATED_NOTICE, is_invisible, rust_types, type_name};
use crate::lang::Lang;
use crate::model::{
    Code, Conflict, DECISIONS_SOURCE, DocText, Entry, Errmsg, Holds, IndexedErrmsg, IndexedText, KeyType, KeyValue, Message, Provenance,
    Reconciled, SetSpec, Source,
};

/// Emits the table module of a set's crate: the `Category` enum (where the
/// set has categories), `SOURCES`, `DECISIONS`, the entries (named after the
/// set's JSON, e.g. `STOP_REASONS`), `CONFLICTS`, `TEXTS`, `BY_KEY`, a
/// `match`-based `reason(…)` taking the key's columns, and `by_symbol` where
/// the set's codes have symbolic names.
pub struct Rust;

const PATH: &str = "rust/src/table.rs";

fn error(message: impl Into<String>) -> EmitError {
    EmitError::new(PATH, message)
}

impl Emitter for Rust {
    fn path(&self, _: &SetSpec) -> String {
        PATH.to_owned()
    }

    fn emit(&self, table: &Reconciled) -> Result<String, EmitError> {
        let mut text = format!("// {GENERATED_NOTICE}\n\n");
        for part in parts(table) {
            text.push_str(&part()?);
        }
        if let Some(c) = text.chars().find(|c| is_invisible(*c)) {
            return Err(error(format!("U+{:04X} was printed unescaped", u32::from(c))));
        }
        Ok(text)
    }
}

/// Makes and prints one part of the file: some of its items.
type Part<'t> = Box<dyn Fn() -> Result<String, EmitError> + 't>;

/// The file's parts, in order. Each is made, printed and dropped in turn,
/// and the large statics' elements an item at a time ([`print_static`]), so
/// that little of the file's syntax tree is in memory at once: the whole tree
/// of the 10,000-code synthetic set's table took 158 MB.
fn parts(table: &Reconciled) -> Vec<Part<'_>> {
    let set = &*table.set;
    let n = Literal::usize_unsuffixed;
    let entry_type = ident(&set.outputs.entry_type);
    let mut parts: Vec<Part<'_>> = vec![
        Box::new(move || print_items(types(table)?)),
        Box::new(move || {
            let n_sources = n(table.sources.len());
            let (decisions_file, decisions_sha) = (&table.decisions.file, &table.decisions.sha256);
            print_items(vec![
                with_value(
                    quote!(/// The docs the table was read from, in manifest order.
                        pub(crate) static SOURCES: [Source; #n_sources] = [];),
                    array(table.sources.iter().map(source).collect()),
                )?,
                item(quote!(/// The maintainers' decisions file, where curated texts come from: path and SHA-256.
                    pub(crate) const DECISIONS: (&str, &str) = (#decisions_file, #decisions_sha);))?,
            ])
        }),
        Box::new(move || {
            let (sources, n_reasons) = (SourceIndex(table), n(table.entries.len()));
            let sorted_by = format!(" Every known code, sorted by `{}`.", set.key.names());
            let declaration = quote!(#[doc = #sorted_by] pub(crate) static ENTRIES: [#entry_type; #n_reasons] = [];);
            print_static(declaration, "ENTRY", table.entries.iter().map(|e| entry(&sources, e)))
        }),
        Box::new(move || {
            let (sources, n_conflicts) = (SourceIndex(table), n(table.conflicts.len()));
            let declaration = quote!(/// Every disagreement found between the docs, with its resolution.
                pub(crate) static CONFLICTS: [Conflict; #n_conflicts] = [];);
            print_static(declaration, "CONFLICT", table.conflicts.iter().map(|c| conflict(&sources, c)))
        }),
        Box::new(move || {
            let n_texts = n(table.texts.len());
            let declaration = quote!(/// Every message text and alternate wording by language and comparison key
                /// (sorted by language, then key), with the positions in the entries of
                /// the codes that give it.
                pub(crate) static TEXTS: [IndexedText; #n_texts] = [];);
            print_static(declaration, "TEXT", table.texts.iter().map(|t| indexed_text(set, t)))
        }),
        Box::new(move || {
            let n_texts = n(table.texts.len());
            let declaration = quote!(/// Positions in [`TEXTS`] sorted by key, then language: exact lookups
                /// in every language are one binary search.
                pub(crate) static BY_KEY: [u32; #n_texts] = [];);
            // Small literals, which prettyplease fills lines with: printed whole.
            print_items(vec![with_value(declaration, array(by_key(&table.texts)?))?])
        }),
        Box::new(move || {
            let n_errmsgs = n(table.errmsg_texts.len());
            let declaration = quote!(/// Every `errmsg` string by comparison key (sorted by key), with the
                /// positions in the entries of the codes that give it.
                pub(crate) static ERRMSGS: [IndexedErrmsg; #n_errmsgs] = [];);
            print_static(declaration, "ERRMSG", table.errmsg_texts.iter().map(indexed_errmsg))
        }),
        Box::new(move || print_items(vec![reason_fn(set, &table.entries)?])),
    ];
    if set.has_symbol() {
        parts.push(Box::new(move || print_items(vec![symbol_fn(set, &table.entries)?, symbols_module(set, &table.entries)?])));
    }
    parts
}

/// `items` as `prettyplease` prints them. (Printed apart, items read exactly
/// as printed in one file: `prettyplease` ends each with a line break.)
fn print_items(items: Vec<Item>) -> Result<String, EmitError> {
    Ok(prettyplease::unparse(&syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items }))
}

/// The static array declared in `declaration` (written with an empty
/// array), holding `elements`. The array names one `const` an element
/// (`ENTRY_0`, `ENTRY_1`, … for the prefix `ENTRY`), and each const is an
/// item of its own, made and printed one at a time after the static: every
/// item is printed whole by `prettyplease`, and little of the file's syntax
/// tree is in memory at once. (The whole tree of the 10,000-code synthetic
/// set's table took 158 MB; with each static printed whole, the heaviest
/// input the limits accept peaked at 199 MiB instead of 171.)
fn print_static(
    declaration: TokenStream,
    prefix: &str,
    elements: impl ExactSizeIterator<Item = Result<Expr, EmitError>>,
) -> Result<String, EmitError> {
    let Item::Static(mut declared) = item(declaration)? else { return Err(error("a static's declaration is not a static")) };
    let syn::Type::Array(array_type) = &*declared.ty else { return Err(error("a static's type is not an array")) };
    let element_type = &array_type.elem;
    let Item::Const(template) = item(quote!(const ELEMENT: #element_type = 0;))? else { return Err(error("a const is not a const")) };
    let names: Vec<String> = (0..elements.len()).map(|i| format!("{prefix}_{i}")).collect();
    *declared.expr = array(names.iter().map(|name| path(name)).collect());
    let mut text = print_items(vec![Item::Static(declared)])?;
    for (name, element) in names.iter().zip(elements) {
        let mut one = template.clone();
        one.ident = syn::Ident::new(name, proc_macro2::Span::call_site());
        *one.expr = element?;
        text.push_str(&print_items(vec![Item::Const(one)])?);
    }
    Ok(text)
}

/// The file's first items: the runtime imports and the set's types.
fn types(table: &Reconciled) -> Result<Vec<Item>, EmitError> {
    let set = &*table.set;
    let entry_type = ident(&set.outputs.entry_type);
    let mut items = vec![item(runtime_imports(table))?];
    items.extend(items_of(rust_types::lang_enum(set))?);
    if !set.categories.is_empty() {
        items.extend(items_of(rust_types::category_enum(&set.categories))?);
    }
    items.push(item(rust_types::code_alias(set))?);
    items.extend(items_of(rust_types::entry_type(set))?);
    items.push(item(quote!(/// The entry type, by the name the runtime knows it by.
        pub(crate) type Entry = #entry_type;))?);
    Ok(items)
}

/// `use crate::runtime::{…}`: the runtime types the table's data is made of.
fn runtime_imports(table: &Reconciled) -> TokenStream {
    let doc_texts = !table.conflicts.is_empty()
        || table.entries.iter().flat_map(|e| e.messages.values()).any(|m| m.doc_text.is_some() || !m.alternates.is_empty());
    let mut names = vec!["Conflict", "IndexedErrmsg", "IndexedText", "Message", "Source"];
    if table.set.errmsgs {
        names.push("Errmsg");
    }
    if !table.conflicts.is_empty() {
        names.extend(["ConflictText", "Holds"]);
    }
    if doc_texts {
        names.push("DocText");
    }
    names.sort_unstable();
    let names = names.into_iter().map(ident);
    quote!(use crate::runtime::{#(#names),*};)
}

/// The items written in `tokens`.
fn items_of(tokens: TokenStream) -> Result<Vec<Item>, EmitError> {
    syn::parse2::<syn::File>(tokens).map(|f| f.items).map_err(|e| error(e.to_string()))
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

/// The function declared in `declaration` (written with an empty body), with `body`.
fn with_body(declaration: TokenStream, body: Expr) -> Result<Item, EmitError> {
    match item(declaration)? {
        Item::Fn(mut f) => {
            f.block.stmts = vec![syn::Stmt::Expr(body, None)];
            Ok(Item::Fn(f))
        }
        _ => Err(error("a function's declaration is not a function")),
    }
}

/// `lookup(column, …)`: a `match` on the key's first column (for numbers, a
/// jump table over a dense range) holding a `match` on the next, and so on,
/// an arm an entry.
fn reason_fn(set: &SetSpec, entries: &[Entry]) -> Result<Item, EmitError> {
    let rows: KeyedRows<'_> =
        entries.iter().enumerate().map(|(i, e)| (e.code.values(), call("Some", vec![reference(index("ENTRIES", int(i)))]))).collect();
    let names: Vec<&str> = set.key.columns.iter().map(|c| c.name.as_str()).collect();
    let body = nested_match(&names, rows);
    let params = set.key.columns.iter().map(|c| {
        let (name, ty) = (ident(&c.name), lookup_type(c.ty));
        quote!(#name: #ty)
    });
    let defaults: Vec<String> = set.key.columns.iter().filter_map(|c| c.default.as_ref().map(|d| format!("`{} = {d}`", c.name))).collect();
    let doc = format!(
        " The entry for `{}`, or `None` for a code no doc lists{}. A `match` compiled from the table: no hashing, no allocation.",
        set.key.names(),
        if defaults.is_empty() {
            String::new()
        } else {
            format!(" (codes without the later columns are looked up with {})", defaults.join(", "))
        }
    );
    let entry_type = ident(&set.outputs.entry_type);
    with_body(
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn lookup(#(#params),*) -> Option<&'static #entry_type> {}
        },
        body,
    )
}

/// The type `lookup` takes a key column's value as.
fn lookup_type(ty: KeyType) -> TokenStream {
    match ty {
        KeyType::String => quote!(&str),
        other => rust_types::key_type(other),
    }
}

/// Entries in key order, each as the rest of its key and the expression it gives.
type KeyedRows<'k> = Vec<(&'k [KeyValue], Expr)>;

/// A `match` on `columns[0]` over `rows`, holding the `match` on the next column.
fn nested_match(columns: &[&str], rows: KeyedRows<'_>) -> Expr {
    let Some((column, rest)) = columns.split_first() else {
        return rows.into_iter().next().map_or_else(|| path("None"), |(_, found)| found);
    };
    let mut arms: Vec<(&KeyValue, KeyedRows<'_>)> = Vec::new();
    for (values, found) in rows {
        let Some((first, tail)) = values.split_first() else { continue };
        match arms.last_mut() {
            Some((value, group)) if *value == first => group.push((tail, found)),
            _ => arms.push((first, vec![(tail, found)])),
        }
    }
    let arms = arms.into_iter().map(|(value, group)| (key_literal(value), nested_match(rest, group))).collect();
    match_lit(column, arms, path("None"))
}

/// `lookup_symbol(symbol)`: a `match` on the symbolic name.
fn symbol_fn(set: &SetSpec, entries: &[Entry]) -> Result<Item, EmitError> {
    let mut named: Vec<(&str, usize)> = entries.iter().enumerate().filter_map(|(i, e)| e.symbol.as_deref().map(|s| (s, i))).collect();
    named.sort_unstable();
    let arms = named
        .into_iter()
        .map(|(symbol, i)| (key_literal(&KeyValue::Text(symbol.to_owned())), call("Some", vec![reference(index("ENTRIES", int(i)))])))
        .collect();
    let entry_type = ident(&set.outputs.entry_type);
    with_body(
        quote! {
            /// The entry whose symbolic name is `symbol`, as the docs write it
            /// (e.g. `ERR_ROOM_ENTER_FAIL`), or `None` for a name no doc gives.
            pub fn lookup_symbol(symbol: &str) -> Option<&'static #entry_type> {}
        },
        match_lit("symbol", arms, path("None")),
    )
}

/// `pub mod symbols`: a constant a symbolic name, holding its code
/// (`pub const ERR_ROOM_ENTER_FAIL: Code = -3301;`), documented with the
/// code's text in the table's first language.
fn symbols_module(set: &SetSpec, entries: &[Entry]) -> Result<Item, EmitError> {
    let first = set.languages.all().first();
    let consts = entries.iter().filter_map(|e| {
        let name = ident(e.symbol.as_deref()?);
        let doc = format!(" `{}`: {}", e.code, first.and_then(|l| e.messages.get(l)).map_or("", |m| m.text.as_str()));
        let value = code(&e.code);
        Some(quote!(#[doc = #doc] pub const #name: Code = #value;))
    });
    item(quote! {
        /// The codes by their symbolic names, as the docs write them.
        #[allow(non_upper_case_globals)]
        pub mod symbols {
            use super::Code;
            #(#consts)*
        }
    })
}

/// `Lang::Ja`, `Lang::ZhHant`.
fn lang(l: &Lang) -> Expr {
    path(&format!("Lang::{}", type_name(l.tag())))
}

fn holds(h: Holds) -> Expr {
    path(match h {
        Holds::Others => "Holds::Others",
        Holds::Dissent => "Holds::Dissent",
        Holds::Variant => "Holds::Variant",
    })
}

/// A code as the crate writes it: its one value, or a tuple of its values (`(18, 305)`).
fn code(c: &Code) -> Expr {
    match c.values() {
        [one] => key_literal_expr(one),
        many => tuple(many.iter().map(key_literal_expr).collect()),
    }
}

fn key_literal_expr(value: &KeyValue) -> Expr {
    match value {
        KeyValue::Int(n) => super::syntax::signed(*n),
        KeyValue::Text(s) => string(s),
    }
}

fn codes(codes: &[Code]) -> Expr {
    slice(codes.iter().map(code).collect())
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
            ("lang", lang(&s.lang)),
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

/// `StopReason::new(errcode, sub_errcode, [symbol,] [Category::X,] [retryable,] [messages])`:
/// the key's values, then what the set has.
fn entry(sources: &SourceIndex<'_>, e: &Entry) -> Result<Expr, EmitError> {
    let set = &sources.0.set;
    let messages = set
        .languages
        .all()
        .iter()
        .map(|l| {
            let m = e.messages.get(l).ok_or_else(|| error(format!("code {} has no {l} message", e.code)))?;
            message(sources, &e.code, m)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut args: Vec<Expr> = e.code.values().iter().map(key_literal_expr).collect();
    if set.has_symbol() {
        args.push(string(e.symbol.as_deref().ok_or_else(|| error(format!("code {} has no symbolic name", e.code)))?));
    }
    if let Some(c) = &e.category {
        args.push(path(&format!("Category::{}", type_name(c.as_str()))));
    }
    if let Some(r) = e.retryable {
        args.push(boolean(r));
    }
    if let Some(errmsgs) = &e.errmsgs {
        args.push(slice(errmsgs.iter().map(|m| errmsg(sources, m)).collect::<Result<Vec<_>, _>>()?));
    }
    args.push(array(messages));
    Ok(call(&format!("{}::new", set.outputs.entry_type), args))
}

/// `Errmsg::new("errmsg", &[(source, line), …])`.
fn errmsg(sources: &SourceIndex<'_>, m: &Errmsg) -> Result<Expr, EmitError> {
    let at = m
        .sources
        .iter()
        .map(|s| {
            let source = sources.of(&s.source)?.ok_or_else(|| error("an errmsg cites the decisions file"))?;
            Ok(tuple(vec![int(source), line(s.line)?]))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    Ok(call("Errmsg::new", vec![string(&m.errmsg), slice(at)]))
}

/// `Message::doc("text", source, line)` (or `aligned`, `inferred`, `curated`),
/// with `.set_aside(…)` and `.also(&[…])` where the message has them.
fn message(sources: &SourceIndex<'_>, at: &Code, m: &Message) -> Result<Expr, EmitError> {
    let (text, line) = (string(&m.text), line(m.line)?);
    let mut expr = match (m.provenance, sources.of(&m.source)?, &m.inferred_from) {
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
                    ("lang", lang(&t.lang)),
                    ("code", code(&t.code)),
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
            ("dissent", slice(c.dissent.iter().map(lang).collect())),
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
fn indexed_text(set: &SetSpec, t: &IndexedText) -> Result<Expr, EmitError> {
    let l = set.languages.get(&t.lang).ok_or_else(|| error(format!("unknown language {}", t.lang)))?;
    let reasons = t.reasons.iter().map(|r| u32::try_from(*r).map(|_| int(*r))).collect::<Result<Vec<_>, _>>();
    let reasons = reasons.map_err(|_| error("more than 2^32 entries"))?;
    Ok(call("IndexedText::new", vec![lang(&l), string(&t.key), string(&t.text), slice(reasons)]))
}

/// `IndexedErrmsg::new("key", "errmsg", &[positions])`.
fn indexed_errmsg(t: &IndexedErrmsg) -> Result<Expr, EmitError> {
    let reasons = t.reasons.iter().map(|r| u32::try_from(*r).map(|_| int(*r))).collect::<Result<Vec<_>, _>>();
    let reasons = reasons.map_err(|_| error("more than 2^32 entries"))?;
    Ok(call("IndexedErrmsg::new", vec![string(&t.key), string(&t.errmsg), slice(reasons)]))
}

/// The positions in `TEXTS` sorted by key (then position).
fn by_key(texts: &[IndexedText]) -> Result<Vec<Expr>, EmitError> {
    let count = u32::try_from(texts.len()).map_err(|_| error("more than 2^32 texts"))?;
    let mut by_key: Vec<u32> = (0..count).collect();
    by_key.sort_by(|a, b| texts[*a as usize].key.cmp(&texts[*b as usize].key).then(a.cmp(b)));
    Ok(by_key.into_iter().map(|i| int(i as usize)).collect())
}
