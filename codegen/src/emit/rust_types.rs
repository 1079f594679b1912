//! The set's own types in its Rust table module, written with `quote!`:
//! `Lang` (the set's languages), `Category` (its vocabulary), `Code` (its
//! key as a value) and the entry type (`StopReason`) with its accessors.
//! What every set shares is in the runtime (`codegen/runtime/rust/`).

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::syntax::ident;
use super::type_name;
use crate::model::{CategoryDef, KeyColumn, KeyType, KeyValue, SetSpec};

/// `Lang`: a variant per language of the set, with `ALL`, `tag`, `name` and `index`.
pub(super) fn lang_enum(set: &SetSpec) -> TokenStream {
    let langs = set.languages.all();
    let variants: Vec<Ident> = langs.iter().map(|l| ident(&type_name(l.tag()))).collect();
    let docs = langs.iter().map(|l| format!(" {} (`{}`).", l.name(), l.tag()));
    let (tags, names) = (langs.iter().map(|l| l.tag()), langs.iter().map(|l| l.name()));
    let n = Literal::usize_unsuffixed(langs.len());
    let all_doc = format!(" Every language, in table order: {}.", set.languages.tags());
    quote! {
        /// A language of the table, named by its BCP 47 tag.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Lang {
            #(#[doc = #docs] #variants),*
        }
        impl Lang {
            #[doc = #all_doc]
            pub const ALL: [Lang; #n] = [#(Lang::#variants),*];
            /// The BCP 47 tag, e.g. `"ja"`.
            pub const fn tag(self) -> &'static str {
                match self {
                    #(Lang::#variants => #tags),*
                }
            }
            /// The language's name in English, e.g. `"Japanese"`.
            pub const fn name(self) -> &'static str {
                match self {
                    #(Lang::#variants => #names),*
                }
            }
            pub(crate) const fn index(self) -> usize {
                self as usize
            }
        }
    }
}

/// `Category`: the set's vocabulary, with `ALL`, `as_str`, `description`,
/// `Display`, `FromStr` (and its error, `UnknownCategory`) and, under the
/// `serde` feature, `Serialize` and `Deserialize` as the name.
pub(super) fn category_enum(categories: &[CategoryDef]) -> TokenStream {
    let variants: Vec<Ident> = categories.iter().map(|c| ident(&type_name(c.category.as_str()))).collect();
    let docs: Vec<String> = categories.iter().map(|c| format!(" {}", c.description)).collect();
    let names: Vec<&str> = categories.iter().map(|c| c.category.as_str()).collect();
    let descriptions = categories.iter().map(|c| c.description.as_str());
    let n = Literal::usize_unsuffixed(categories.len());
    let all_doc = format!(" Every category, in the manifest's order: {}.", names.join(", "));
    let unknown_doc = format!(" The name is none of the categories: {}.", names.join(", "));
    let unknown_text = format!("not a category (one of {})", names.join(", "));
    quote! {
        /// What a code is about, for grouping on dashboards and alerts.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Category {
            #(#[doc = #docs] #variants),*
        }
        impl Category {
            #[doc = #all_doc]
            pub const ALL: [Category; #n] = [#(Category::#variants),*];
            /// The lowercase name used in the JSON, e.g. `"auth"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(Category::#variants => #names),*
                }
            }
            /// What the category covers, one line.
            pub const fn description(self) -> &'static str {
                match self {
                    #(Category::#variants => #descriptions),*
                }
            }
        }
        impl core::fmt::Display for Category {
            /// The name, as [`Category::as_str`] gives it.
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        #[doc = #unknown_doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct UnknownCategory;
        impl core::fmt::Display for UnknownCategory {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(#unknown_text)
            }
        }
        #[cfg(feature = "std")]
        impl std::error::Error for UnknownCategory {}
        impl core::str::FromStr for Category {
            type Err = UnknownCategory;
            /// The category of that name, exactly as [`Category::as_str`] writes it.
            fn from_str(name: &str) -> Result<Self, UnknownCategory> {
                Category::ALL.iter().copied().find(|c| c.as_str() == name).ok_or(UnknownCategory)
            }
        }
        #[cfg(feature = "serde")]
        impl serde::Serialize for Category {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for Category {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = <alloc::string::String as serde::Deserialize>::deserialize(deserializer)?;
                name.parse().map_err(|_| serde::de::Error::unknown_variant(&name, &[#(#names),*]))
            }
        }
    }
}

/// The Rust type of a key column's values.
pub(super) fn key_type(ty: KeyType) -> TokenStream {
    match ty {
        KeyType::U16 => quote!(u16),
        KeyType::U32 => quote!(u32),
        KeyType::I32 => quote!(i32),
        KeyType::I64 => quote!(i64),
        KeyType::String => quote!(&'static str),
    }
}

/// `Code`: the key's value, a tuple for keys of several columns.
pub(super) fn code_alias(set: &SetSpec) -> TokenStream {
    let types: Vec<TokenStream> = set.key.columns.iter().map(|c| key_type(c.ty)).collect();
    let doc = format!(" A code: `{}`.", set.key.names());
    match types.as_slice() {
        [one] => quote!(#[doc = #doc] pub type Code = #one;),
        many => quote!(#[doc = #doc] pub type Code = (#(#many),*);),
    }
}

/// The entry type's fields beside the key and messages, as `(name, type, doc)`.
fn extra_fields(set: &SetSpec) -> Vec<(Ident, TokenStream, &'static str)> {
    let mut fields = Vec::new();
    if set.has_symbol() {
        fields.push((ident("symbol"), quote!(&'static str), " The symbolic name the docs give the code, e.g. `ERR_ROOM_ENTER_FAIL`."));
    }
    if !set.categories.is_empty() {
        fields.push((ident("category"), quote!(Category), " What the code is about."));
    }
    if set.retryable {
        fields.push((ident("retryable"), quote!(bool), " Whether trying again, unchanged, would likely work."));
    }
    if set.errmsgs {
        let doc = " The `errmsg` strings a callback carries with this code's errcode, as the callback docs list them (empty for an errcode they do not list).";
        fields.push((ident("errmsgs"), quote!(&'static [Errmsg]), doc));
    }
    fields
}

/// The entry type (`StopReason`): its fields, `new`, accessors, `code`,
/// `message`, `message_for`, `message_detail`, and `Display`.
pub(super) fn entry_type(set: &SetSpec) -> TokenStream {
    let name = ident(&set.outputs.entry_type);
    let n = Literal::usize_unsuffixed(set.languages.all().len());
    let k = Literal::usize_unsuffixed(set.key.columns.len());
    let keys: Vec<Ident> = set.key.columns.iter().map(|c| ident(&c.name)).collect();
    let key_types: Vec<TokenStream> = set.key.columns.iter().map(|c| key_type(c.ty)).collect();
    let key_docs: Vec<String> = set.key.columns.iter().map(|c| format!(" {}", c.description)).collect();
    let extras = extra_fields(set);
    let (extra, extra_types, extra_docs): (Vec<_>, Vec<_>, Vec<_>) =
        (extras.iter().map(|f| f.0.clone()).collect(), extras.iter().map(|f| f.1.clone()).collect(), extras.iter().map(|f| f.2).collect());
    let code = match keys.as_slice() {
        [one] => quote!(self.#one),
        many => quote!((#(self.#many),*)),
    };
    // A key of one column named `code` has that column's accessor as its `code()`.
    let code_fn = (keys.len() > 1 || set.key.columns[0].name != "code").then(|| {
        quote! {
            /// The code, as [`Code`].
            pub const fn code(&self) -> Code {
                #code
            }
        }
    });
    let doc = format!(" One code of the table: {}, and its {} in every language.", set.key.names(), set.text);
    let text_doc = format!(" The {} in `lang`. Every code has one in every language.", set.text);
    let display = display_impl(set);
    let serialize = serialize_impl(set);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct #name {
            #(pub(crate) #keys: #key_types,)*
            #(pub(crate) #extra: #extra_types,)*
            pub(crate) messages: [Message; #n],
        }
        impl #name {
            /// An entry (used by the generated table).
            pub(crate) const fn new(#(#keys: #key_types,)* #(#extra: #extra_types,)* messages: [Message; #n]) -> Self {
                #name { #(#keys,)* #(#extra,)* messages }
            }
            #(#[doc = #key_docs] pub const fn #keys(&self) -> #key_types { self.#keys })*
            #(#[doc = #extra_docs] pub const fn #extra(&self) -> #extra_types { self.#extra })*
            #code_fn
            #[doc = #text_doc]
            pub const fn message(&self, lang: Lang) -> &'static str {
                self.messages[lang.index()].text
            }
            /// The text for a BCP 47 tag or `Accept-Language` list, with the
            /// fallback chain of [`Lang::negotiate`].
            pub fn message_for(&self, accept: &str) -> &'static str {
                self.message(Lang::negotiate(accept))
            }
            /// The text in `lang` with its provenance.
            pub const fn message_detail(&self, lang: Lang) -> &Message {
                &self.messages[lang.index()]
            }
            /// The key's values, in column order, for reverse lookups of a code given as text.
            #[cfg_attr(not(feature = "alloc"), allow(dead_code))]
            pub(crate) fn key_values(&self) -> [&dyn core::fmt::Display; #k] {
                [#(&self.#keys),*]
            }
        }
        #display
        #serialize
    }
}

/// `Serialize` under the `serde` feature: the JSON's entry shape, with each
/// message as its text alone and each errmsg as its string.
fn serialize_impl(set: &SetSpec) -> TokenStream {
    let name = ident(&set.outputs.entry_type);
    let fields = set.key.columns.iter().map(|c| c.name.clone()).chain(extra_fields(set).into_iter().map(|f| f.0.to_string()));
    let entries = fields.map(|field| {
        let id = ident(&field);
        if field == "errmsgs" {
            quote!(map.serialize_entry("errmsgs", &self.errmsgs.iter().map(|m| m.errmsg()).collect::<alloc::vec::Vec<_>>())?;)
        } else {
            quote!(map.serialize_entry(#field, &self.#id)?;)
        }
    });
    quote! {
        #[cfg(feature = "serde")]
        impl serde::Serialize for #name {
            /// As the entry of the JSON (`errcode`, …, `category`, `messages`),
            /// with each message as its text alone (`"messages": {"en": "…"}`)
            /// and each errmsg as its string.
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                #(#entries)*
                map.serialize_entry("messages", &crate::runtime::TextsByLang(&self.messages))?;
                map.end()
            }
        }
    }
}

/// `Display`: the code in the decisions file's notation (trailing columns at
/// their default left out), the category where the set has them, and the
/// text in the table's first language: `18/503 (auth): …`.
fn display_impl(set: &SetSpec) -> TokenStream {
    let name = ident(&set.outputs.entry_type);
    let columns = &set.key.columns;
    let required = columns.iter().take_while(|c| c.default.is_none()).count().max(1);
    let widen = columns.iter().enumerate().skip(required).filter_map(|(i, c)| {
        let (field, default) = (ident(&c.name), default_literal(c)?);
        let shown = Literal::usize_unsuffixed(i + 1);
        Some(quote!(if self.#field != #default { shown = #shown; }))
    });
    let writes = columns.iter().enumerate().map(|(i, c)| {
        let field = ident(&c.name);
        match i {
            0 => quote!(write!(f, "{}", self.#field)?;),
            _ if i < required => quote!(write!(f, "/{}", self.#field)?;),
            _ => {
                let at = Literal::usize_unsuffixed(i);
                quote!(if shown > #at { write!(f, "/{}", self.#field)?; })
            }
        }
    });
    let optional = columns.len() > required;
    let required = Literal::usize_unsuffixed(required);
    let shown = optional.then(|| quote!(let mut shown: usize = #required; #(#widen)*));
    let category = (!set.categories.is_empty()).then(|| quote!(write!(f, " ({})", self.category.as_str())?;));
    let doc = format!(
        " The code, {}the text in {}: `18/503 (auth): …`.",
        if set.categories.is_empty() { "" } else { "the category and " },
        set.languages.all().first().map_or("", |l| l.tag())
    );
    quote! {
        impl core::fmt::Display for #name {
            #[doc = #doc]
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                #shown
                #(#writes)*
                #category
                write!(f, ": {}", self.message(Lang::ALL[0]))
            }
        }
    }
}

/// A column's default as a literal to compare with.
fn default_literal(c: &KeyColumn) -> Option<TokenStream> {
    match c.default.as_ref()? {
        KeyValue::Int(n) => {
            let lit = Literal::i64_unsuffixed(*n);
            Some(quote!(#lit))
        }
        KeyValue::Text(s) => Some(quote!(#s)),
    }
}
