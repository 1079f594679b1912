//! The starting files of a set's packages: what `gen` writes into a set's
//! `rust/` or `ts/` folder the first time, when the package is not there
//! yet (its `Cargo.toml` or `package.json` absent). From then on they are the
//! set's own, edited by hand like any source (the stream-interruption set's
//! add the callback and its sign check); `gen` never touches them again.
//! They hold only what the tables need: the package's manifest, a library
//! file that re-exports the generated modules, and a test of the table.

use std::fmt::Write as _;

use super::GeneratedFile;
use crate::model::{Reconciled, SetSpec};

/// The file whose absence means a package is not there yet: `rust/Cargo.toml`, `ts/package.json`.
pub const PACKAGE_MANIFESTS: [&str; 2] = ["rust/Cargo.toml", "ts/package.json"];

/// Every starting file's path, as [`starting_files`] writes them.
pub const STARTING_FILES: [&str; 8] = [
    "rust/Cargo.toml",
    "rust/src/lib.rs",
    "rust/tests/table.rs",
    "ts/package.json",
    "ts/tsconfig.json",
    "ts/tsconfig.cjs.json",
    "ts/src/index.ts",
    "ts/test/table.test.mjs",
];

/// The starting files of the packages whose manifest `exists` says is absent.
pub fn starting_files(table: &Reconciled, exists: impl Fn(&str) -> bool) -> Vec<GeneratedFile> {
    let set = &*table.set;
    let mut files = Vec::new();
    if !exists(PACKAGE_MANIFESTS[0]) {
        files.extend([
            file("rust/Cargo.toml", cargo_toml(set)),
            file("rust/src/lib.rs", lib_rs(set)),
            file("rust/tests/table.rs", rust_test(set)),
        ]);
    }
    if !exists(PACKAGE_MANIFESTS[1]) {
        files.extend([
            file("ts/package.json", package_json(set)),
            file("ts/tsconfig.json", TSCONFIG.to_owned()),
            file("ts/tsconfig.cjs.json", TSCONFIG_CJS.to_owned()),
            file("ts/src/index.ts", index_ts(set)),
            file("ts/test/table.test.mjs", ts_test(set)),
        ]);
    }
    files
}

fn file(path: &str, contents: String) -> GeneratedFile {
    GeneratedFile { path: path.to_owned(), contents }
}

/// One line saying what the packages hold, for their descriptions.
fn description(set: &SetSpec) -> String {
    format!("{}: {} with their {} in {}, generated from the vendor's docs.", set.title, set.key.names(), set.text, set.languages.tags())
}

fn cargo_toml(set: &SetSpec) -> String {
    format!(
        "[package]\nname = \"{0}\"\nversion = \"{2}\"\ndescription = {1:?}\nedition = \"2024\"\nrust-version = \"{3}\"\nlicense = \"MIT OR Apache-2.0\"\n\
         documentation = \"https://docs.rs/{0}\"\nreadme = \"CODES.md\"\ncategories = [\"internationalization\", \"no-std\"]\n\n\
         [dependencies]\nserde = {{ version = \"1.0.229\", default-features = false, features = [\"alloc\"], optional = true }}\nunicode-normalization = {{ version = \"0.1.26\", default-features = false, optional = true }}\n\n\
         [package.metadata.docs.rs]\n# Every feature, with the items each needs marked as such.\nall-features = true\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n\n\
         [features]\ndefault = [\"std\"]\n# Reverse lookups by text (`match_text`): needs an allocator and Unicode normalization.\nalloc = [\"dep:unicode-normalization\"]\nstd = [\"alloc\"]\n# `Serialize` and `Deserialize` for `Lang` and `Category` (as their tags) and `Serialize` for the entries.\nserde = [\"alloc\", \"dep:serde\"]\n\n\
         [[test]]\nname = \"table\"\nrequired-features = [\"alloc\"]\n",
        set.outputs.crate_name,
        description(set),
        set.outputs.version,
        RUST_VERSION,
    )
}

/// The `rust-version` of a new set's crate: the workspace's, which every
/// crate declares (a test checks they agree; `cargo xtask test` checks the
/// workspace builds with it).
pub const RUST_VERSION: &str = "1.89";

/// The names the library re-exports from the generated table module.
fn table_exports(set: &SetSpec) -> Vec<&str> {
    let mut names = vec!["Code", "Lang", set.outputs.entry_type.as_str(), "lookup"];
    if !set.categories.is_empty() {
        names.extend(["Category", "UnknownCategory"]);
    }
    if set.has_symbol() {
        names.extend(["lookup_symbol", "symbols"]);
    }
    names.sort_unstable();
    names
}

fn lib_rs(set: &SetSpec) -> String {
    format!(
        "//! {}.\n//!\n//! {}\n//!\n//! The table is generated from the vendor's docs, reconciled across their\n//! languages; every text says where it comes from (`message_detail`, [`sources`]).\n//!\n\
         #![doc = include_str!(\"../CODES.md\")]\n#![no_std]\n#![cfg_attr(docsrs, feature(doc_cfg))]\n#![warn(missing_docs)]\n\n#[cfg(feature = \"alloc\")]\nextern crate alloc;\n#[cfg(feature = \"std\")]\nextern crate std;\n\nmod runtime;\n#[cfg(feature = \"alloc\")]\nmod text;\n\n\
         pub use runtime::{{Conflict, ConflictText, DocText, Errmsg, Holds, Message, Provenance, Source, UnknownLang, all, conflicts, decisions_file, sources}};\n\
         pub use table::{{{}}};\n#[cfg(feature = \"alloc\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"alloc\")))]\npub use text::{{How, TextMatch, key, match_text}};\n\n\
         // Generated by `cargo xtask gen` and printed by prettyplease, whose layout\n// rustfmt would re-wrap: left as printed.\n#[rustfmt::skip]\n#[cfg_attr(not(feature = \"alloc\"), allow(dead_code))] // TEXTS serves `match_text` only\nmod table;\n",
        set.title,
        description(set),
        table_exports(set).join(", "),
    )
}

/// The arguments `lookup` takes for entry `e`, by its accessors.
fn rust_lookup_args(set: &SetSpec) -> String {
    set.key.columns.iter().map(|c| format!("e.{}()", rust_name(&c.name))).collect::<Vec<_>>().join(", ")
}

/// A key column's accessor as Rust writes it (`r#type` for a keyword).
fn rust_name(name: &str) -> String {
    super::syntax::ident(name).to_string()
}

fn rust_test(set: &SetSpec) -> String {
    let krate = set.outputs.crate_name.replace('-', "_");
    let mut out = format!(
        "//! The table's own lookups agree with it: every code is found by its key{}\n//! and by each of its texts, and every language by its tag.\n\n\
         use {krate}::{{Lang, all, lookup, match_text, sources}};\n\n\
         #[test]\nfn every_code_is_found_by_its_key_and_by_its_texts() {{\n    assert!(!all().is_empty());\n    for e in all() {{\n        assert_eq!(lookup({}), Some(e));\n        for lang in Lang::ALL {{\n            let found = match_text(e.message(lang), Some(lang));\n            assert!(found[0].is_exact() && found[0].reasons().contains(&e), \"{{e}} {{lang}}\");\n        }}\n    }}\n}}\n\n\
         #[test]\nfn every_language_is_named_by_its_tag_and_has_a_doc() {{\n    for lang in Lang::ALL {{\n        assert_eq!(lang.tag().parse(), Ok(lang));\n        assert!(sources().iter().any(|s| s.lang() == lang));\n    }}\n    assert_eq!(Lang::negotiate(\"\"), Lang::ALL[0]);\n}}\n",
        if set.has_symbol() { ", by its symbolic name" } else { "" },
        rust_lookup_args(set),
    );
    if set.has_symbol() {
        let _ = write!(
            out,
            "\n#[test]\nfn every_code_is_found_by_its_symbolic_name() {{\n    for e in all() {{\n        assert_eq!({krate}::lookup_symbol(e.symbol()), Some(e));\n    }}\n}}\n"
        );
    }
    out
}

fn package_json(set: &SetSpec) -> String {
    let cjs_marker = "node -e \"require('node:fs').writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }))\"";
    let value = serde_json::json!({
        "name": set.outputs.npm,
        "version": set.outputs.version,
        "description": description(set),
        "license": "MIT OR Apache-2.0",
        "type": "module",
        "sideEffects": false,
        "main": "./dist/cjs/index.js",
        "module": "./dist/index.js",
        "types": "./dist/index.d.ts",
        "exports": { ".": {
            "import": { "types": "./dist/index.d.ts", "default": "./dist/index.js" },
            "require": { "types": "./dist/cjs/index.d.ts", "default": "./dist/cjs/index.js" }
        } },
        "files": ["dist", "LICENSE-MIT", "LICENSE-APACHE", "NOTICE"],
        "scripts": {
            "build": format!("tsc -p tsconfig.json && tsc -p tsconfig.cjs.json && {cjs_marker}"),
            "typecheck": "tsc -p tsconfig.json --noEmit",
            "test": "node --test test/",
            "prepack": "npm run build"
        },
        "devDependencies": { "@types/node": "20.19.43", "typescript": "5.9.3" },
        "engines": { "node": ">=18" }
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// The CommonJS build (`dist/cjs/`), for `require` on Node versions without `require(esm)`.
const TSCONFIG_CJS: &str = r#"{
  "extends": "./tsconfig.json",
  "compilerOptions": {
    "module": "CommonJS",
    "moduleResolution": "Node10",
    "outDir": "dist/cjs"
  }
}
"#;

const TSCONFIG: &str = r#"{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "exactOptionalPropertyTypes": true,
    "declaration": true,
    "outDir": "dist",
    "rootDir": "src",
    "skipLibCheck": false,
    "types": [
      "node"
    ]
  },
  "include": [
    "src"
  ]
}
"#;

fn index_ts(set: &SetSpec) -> String {
    format!(
        "/**\n * {}.\n *\n * {}\n *\n * `src/table.ts` (the table and the set's types) and `src/runtime.ts` (what\n * every generated package shares) are generated by `cargo xtask gen` from the\n * docs in the project's `seeds/{}/` folder. This file was written by `gen`\n * once, as a start, and is the set's own.\n */\nexport * from \"./runtime.js\";\nexport * from \"./table.js\";\n",
        set.title,
        description(set),
        set.name
    )
}

fn ts_test(set: &SetSpec) -> String {
    let args: Vec<String> = set.key.columns.iter().map(|c| format!("e.{}", c.name)).collect();
    let mut out = format!(
        "// The table's own lookups agree with it: every code is found by its key and\n// by each of its texts, and every language by its tag.\n\
         import assert from \"node:assert/strict\";\nimport {{ test }} from \"node:test\";\n\n\
         import {{ ENTRIES, LANGS, lookup, matchText, message, negotiateLang, parseLang{} }} from \"../dist/index.js\";\n\n\
         test(\"every code is found by its key and by its texts\", () => {{\n  assert.ok(ENTRIES.length > 0);\n  for (const e of ENTRIES) {{\n    assert.equal(lookup({}), e);\n    for (const lang of LANGS) {{\n      const [first] = matchText(message(e, lang).text, lang);\n      assert.ok(first?.exact && first.reasons.includes(e));\n    }}\n  }}\n}});\n\n\
         test(\"every language is named by its tag\", () => {{\n  for (const lang of LANGS) assert.equal(parseLang(lang), lang);\n  assert.equal(negotiateLang(\"\"), LANGS[0]);\n}});\n",
        if set.has_symbol() { ", lookupSymbol" } else { "" },
        args.join(", "),
    );
    if set.has_symbol() {
        out.push_str(
            "\ntest(\"every code is found by its symbolic name\", () => {\n  for (const e of ENTRIES) assert.equal(lookupSymbol(e.symbol), e);\n});\n",
        );
    }
    out
}

/// Where each package manifest of a set keeps its version: the file, and
/// how to find the version in its text.
const VERSIONED: [(&str, Versioned); 3] =
    [("rust/Cargo.toml", Versioned::Cargo), ("ts/package.json", Versioned::Npm), ("ts/package-lock.json", Versioned::NpmLock)];

#[derive(Clone, Copy)]
enum Versioned {
    Cargo,
    Npm,
    NpmLock,
}

impl Versioned {
    /// The versions `text` declares for the package itself.
    fn versions(self, text: &str) -> Vec<String> {
        let str_of = |v: Option<&serde_json::Value>| v.and_then(serde_json::Value::as_str).map(str::to_owned);
        match self {
            Versioned::Cargo => {
                let table = text.parse::<toml::Table>().ok();
                let version = table.as_ref().and_then(|t| t.get("package")?.get("version")?.as_str().map(str::to_owned));
                version.into_iter().collect()
            }
            Versioned::Npm | Versioned::NpmLock => {
                let value: Option<serde_json::Value> = serde_json::from_str(text).ok();
                let mut found: Vec<String> = value.as_ref().and_then(|v| str_of(v.get("version"))).into_iter().collect();
                if let (Versioned::NpmLock, Some(v)) = (self, &value) {
                    found.extend(str_of(v.get("packages").and_then(|p| p.get("")).and_then(|p| p.get("version"))));
                }
                found
            }
        }
    }
}

/// The package manifests in a set's output folder whose version is not the
/// set's (`[set] version` of its manifest, the one place it is written): a
/// message each, naming the file (under `folder`, as shown) and the line.
/// `read` gives a file's text by its path in the folder, `None` when absent.
pub fn version_mismatches(set: &SetSpec, folder: &str, read: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let wanted = &set.outputs.version;
    let mut out = Vec::new();
    for (path, kind) in VERSIONED {
        let Some(text) = read(path) else { continue };
        let mut after = 0;
        for found in kind.versions(&text).into_iter().filter(|v| v != wanted) {
            // The line of this declaration: the next line after the last one named that declares it.
            let at = text.lines().enumerate().skip(after).find(|(_, l)| l.contains(&format!("\"{found}\"")) && l.contains("version"));
            let line = at.map_or(1, |(i, _)| i + 1);
            after = line;
            out.push(format!(
                "{folder}/{path}:{line}: version \"{found}\" is not the set's version \"{wanted}\"\n\
                 help: write version \"{wanted}\" there; the version is written once, as `[set] version` in seeds/{}/manifest.toml, and the packages and the JSON follow it",
                set.name
            ));
        }
    }
    out
}
