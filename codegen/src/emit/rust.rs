//! `generated/rust/src/table.rs`: the table as Rust statics and a `match`.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{EmitError, Emitter, GENERATED_NOTICE};
use crate::lang::Lang;
use crate::reconcile::{Provenance, Reconciled};

/// Emits the table module of the `css-stop-reasons` crate: `SOURCES`,
/// `STOP_REASONS` and a `match`-based `index(errcode, sub_errcode)`, built with
/// `quote` and printed with `prettyplease`.
pub struct Rust;

fn lang_variant(lang: Lang) -> TokenStream {
    let ident = format_ident!("{}", match lang {
        Lang::En => "En",
        Lang::Ja => "Ja",
        Lang::Zh => "Zh",
        Lang::Ko => "Ko",
    });
    quote!(Lang::#ident)
}

fn provenance_variant(p: Provenance) -> TokenStream {
    match p {
        Provenance::Doc => quote!(Provenance::Doc),
    }
}

impl Emitter for Rust {
    fn path(&self) -> &'static str {
        "rust/src/table.rs"
    }

    fn emit(&self, table: &Reconciled) -> Result<String, EmitError> {
        let source_index = |id: &str| table.sources.iter().position(|s| s.id == id);
        let sources = table.sources.iter().map(|s| {
            let (id, file, origin, sha256) =
                (Literal::string(&s.id), Literal::string(&s.file), Literal::string(&s.origin), Literal::string(&s.sha256));
            let lang = lang_variant(s.lang);
            let role = Literal::string(s.role.as_str());
            quote!(Source { id: #id, file: #file, lang: #lang, role: #role, origin: #origin, sha256: #sha256 })
        });
        let mut reasons = Vec::new();
        let mut arms = Vec::new();
        for (i, e) in table.entries.iter().enumerate() {
            let (errcode, sub_errcode) = (Literal::u16_unsuffixed(e.errcode), Literal::u16_unsuffixed(e.sub_errcode));
            let mut messages = Vec::new();
            for lang in Lang::ALL {
                messages.push(match e.messages.get(&lang) {
                    Some(m) => {
                        let source = source_index(&m.source).ok_or_else(|| EmitError {
                            path: "rust/src/table.rs",
                            message: format!("message cites unknown source `{}`", m.source),
                        })?;
                        let text = Literal::string(&m.text);
                        let provenance = provenance_variant(m.provenance);
                        let source = Literal::usize_unsuffixed(source);
                        let line = Literal::u32_unsuffixed(u32::try_from(m.line).unwrap_or(u32::MAX));
                        quote!(Some(Message { text: #text, provenance: #provenance, source: #source, line: #line }))
                    }
                    None => quote!(None),
                });
            }
            reasons.push(quote!(StopReason { errcode: #errcode, sub_errcode: #sub_errcode, messages: [#(#messages),*] }));
            let index = Literal::usize_unsuffixed(i);
            arms.push(quote!((#errcode, #sub_errcode) => Some(#index)));
        }
        let (n_sources, n_reasons) = (Literal::usize_unsuffixed(table.sources.len()), Literal::usize_unsuffixed(table.entries.len()));
        let tokens = quote! {
            use crate::{Lang, Message, Provenance, Source, StopReason};

            /// The docs the table was read from, in manifest order.
            pub(crate) static SOURCES: [Source; #n_sources] = [#(#sources),*];

            /// Every known code pair, sorted by `(errcode, sub_errcode)`.
            pub(crate) static STOP_REASONS: [StopReason; #n_reasons] = [#(#reasons),*];

            /// Position of `(errcode, sub_errcode)` in [`STOP_REASONS`].
            pub(crate) const fn index(errcode: u16, sub_errcode: u16) -> Option<usize> {
                match (errcode, sub_errcode) {
                    #(#arms,)*
                    _ => None,
                }
            }
        };
        let file: syn::File = syn::parse2(tokens).map_err(|e| EmitError { path: "rust/src/table.rs", message: e.to_string() })?;
        Ok(format!("// {GENERATED_NOTICE}\n\n{}", prettyplease::unparse(&file)))
    }
}
