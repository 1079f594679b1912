//! The import graph of `codegen/src` runs one way (issue 14's layout): each
//! stage of the pipeline uses only the stages before it, never a later one
//! and never the crate root; the modules beside the pipeline (reading its
//! output, or running it) may use the pipeline, the crate root and the ones
//! before them in [`BESIDE`]. Read from the source with `syn`: the paths of
//! `use` items and of code, outside `#[cfg(test)]` items (paths inside
//! macros such as `quote!` are tokens of the generated code, not imports).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The pipeline's stages, each using only those before it.
const PIPELINE: &[&str] = &["normalize", "lang", "diag", "model", "input", "manifest", "decisions", "parse", "reconcile", "emit", "output"];

/// Beside the pipeline: each may use every stage, the crate root and those before it here.
const BESIDE: &[&str] = &["query", "changes", "explain", "init", "bookkeeping"];

/// What the crate root (`lib.rs`) is called in the edges.
const ROOT: &str = "the crate root";

/// The modules (and [`ROOT`]) that the source of module `module` names
/// through `crate::…` paths, or, in the crate root, through its own modules'
/// names. Items marked `#[cfg(test)]` are left out.
fn uses_of(module: &str, source: &str) -> Result<BTreeSet<String>, syn::Error> {
    let file = syn::parse_file(source)?;
    let mut uses = Uses { in_root: module == ROOT, found: BTreeSet::new() };
    for item in file.items.iter().filter(|item| !is_test_only(item)) {
        uses.visit_item(item);
    }
    uses.found.remove(module);
    Ok(uses.found)
}

fn is_test_only(item: &syn::Item) -> bool {
    let attrs = match item {
        syn::Item::Mod(m) => &m.attrs,
        syn::Item::Fn(f) => &f.attrs,
        syn::Item::Use(u) => &u.attrs,
        syn::Item::Impl(i) => &i.attrs,
        _ => return false,
    };
    attrs.iter().any(|a| a.path().is_ident("cfg") && a.meta.require_list().is_ok_and(|l| l.tokens.to_string() == "test"))
}

struct Uses {
    in_root: bool,
    found: BTreeSet<String>,
}

impl Uses {
    /// Records what a path whose first two segments are `first` and `second` names.
    fn record(&mut self, first: &str, second: Option<&str>) {
        let named = match (first, second) {
            ("crate", Some(name)) => name,
            (name, _) if self.in_root => name,
            _ => return,
        };
        if PIPELINE.contains(&named) || BESIDE.contains(&named) {
            self.found.insert(named.to_owned());
        } else if first == "crate" {
            // `crate::generate`, `crate::Generation`: an item of the crate root.
            self.found.insert(ROOT.to_owned());
        }
    }
}

impl<'ast> Visit<'ast> for Uses {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        let mut segments = path.segments.iter().map(|s| s.ident.to_string());
        if let Some(first) = segments.next() {
            self.record(&first, segments.next().as_deref());
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut roots = vec![&item.tree];
        while let Some(tree) = roots.pop() {
            match tree {
                syn::UseTree::Path(p) => {
                    for second in second_names(&p.tree) {
                        self.record(&p.ident.to_string(), Some(&second));
                    }
                }
                syn::UseTree::Name(n) => self.record(&n.ident.to_string(), None),
                syn::UseTree::Rename(r) => self.record(&r.ident.to_string(), None),
                syn::UseTree::Group(g) => roots.extend(g.items.iter()),
                syn::UseTree::Glob(_) => {}
            }
        }
    }
}

/// The names right after a `use` path's first segment: `emit` of
/// `crate::emit::X`, `a` and `b` of `crate::{a::X, b}`.
fn second_names(tree: &syn::UseTree) -> Vec<String> {
    match tree {
        syn::UseTree::Path(p) => vec![p.ident.to_string()],
        syn::UseTree::Name(n) => vec![n.ident.to_string()],
        syn::UseTree::Rename(r) => vec![r.ident.to_string()],
        syn::UseTree::Group(g) => g.items.iter().flat_map(second_names).collect(),
        syn::UseTree::Glob(_) => vec!["*".to_owned()],
    }
}

/// What `module` may use.
fn allowed(module: &str) -> Vec<&'static str> {
    if module == ROOT {
        return PIPELINE.to_vec();
    }
    if let Some(at) = PIPELINE.iter().position(|m| *m == module) {
        return PIPELINE[..at].to_vec();
    }
    let at = BESIDE.iter().position(|m| *m == module).unwrap_or(0);
    PIPELINE.iter().chain(&[ROOT]).chain(&BESIDE[..at]).copied().collect()
}

/// The edges of `module` that run against the layout, as `module → used`.
fn against_the_layout(module: &str, source: &str) -> Result<Vec<String>, syn::Error> {
    let allowed = allowed(module);
    let uses = uses_of(module, source)?;
    Ok(uses.into_iter().filter(|u| !allowed.contains(&u.as_str())).map(|u| format!("{module} → {u}")).collect())
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("codegen/src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The module a file of `codegen/src` belongs to: its first component (`reconcile` of `reconcile/align.rs`).
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("under codegen/src");
    let first = relative.components().next().expect("a file").as_os_str().to_string_lossy().into_owned();
    match first.strip_suffix(".rs") {
        Some("lib") => ROOT.to_owned(),
        Some(name) => name.to_owned(),
        None => first,
    }
}

#[test]
fn codegen_modules_use_only_the_stages_before_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/src");
    let mut against = Vec::new();
    for file in rust_files(&src) {
        let module = module_of(&src, &file);
        assert!(
            module == ROOT || PIPELINE.contains(&module.as_str()) || BESIDE.contains(&module.as_str()),
            "{module} ({}) is in neither PIPELINE nor BESIDE of tests/layers.rs: add it where it belongs",
            file.display()
        );
        let shown = Path::new("codegen/src").join(file.strip_prefix(&src).expect("under codegen/src"));
        let source = std::fs::read_to_string(&file).expect("a readable source file");
        let edges = against_the_layout(&module, &source).unwrap_or_else(|e| panic!("{}: {e}", shown.display()));
        against.extend(edges.into_iter().map(|e| format!("{e} ({})", shown.display())));
    }
    assert!(against.is_empty(), "imports against the pipeline's order:\n{}", against.join("\n"));
}

#[test]
fn a_use_of_a_later_stage_or_of_the_crate_root_is_found() {
    let later = "use crate::{diag::Problem, emit::Emitter};\nfn f() { let _ = crate::output::write; }";
    assert_eq!(against_the_layout("parse", later).unwrap(), ["parse → emit", "parse → output"]);
    let root = "fn f() { let _ = crate::generate(&input); }";
    assert_eq!(against_the_layout("reconcile", root).unwrap(), ["reconcile → the crate root"]);
    assert!(against_the_layout("bookkeeping", root).unwrap().is_empty());
    let in_macro_or_test = "fn f() { quote!(use crate::runtime::X;); }\n#[cfg(test)]\nmod tests { use crate::emit::X; }";
    assert!(against_the_layout("parse", in_macro_or_test).unwrap().is_empty());
    let in_root = "use emit::Emitter;\npub fn g() { query::Reader::new(); }";
    assert_eq!(against_the_layout(ROOT, in_root).unwrap(), ["the crate root → query"]);
}
