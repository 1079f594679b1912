//! Helpers shared by the project's integration tests.

use std::path::{Path, PathBuf};

use codegen::input::Input;

/// The project root (the folder above this crate).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The doc sets of the project: the folders of `seeds/` with a manifest, sorted.
pub fn set_names() -> Vec<String> {
    codegen::input::sets(&project_root().join("seeds")).expect("seeds/ is readable")
}

/// The seed folder of the doc set `name`, read.
pub fn seed_set(name: &str) -> Input {
    Input::read(&project_root().join("seeds").join(name), &format!("seeds/{name}")).expect("seeds/ is readable")
}

/// The stream-interruption doc set's seed folder, read.
pub fn seeds() -> Input {
    Input::read(&project_root().join("seeds/stream-interruption"), "seeds/stream-interruption").expect("seeds/ is readable")
}

/// Where the frozen copies of the doc sets are ([`frozen`]).
pub const FROZEN: &str = "tests/fixtures";

/// The doc set `name` as it stood on 2026-12-02, frozen in
/// `tests/fixtures/SET/` (its manifest, decisions and docs, byte for byte):
/// the tests about a set's particular disagreements, wordings, lines and
/// emitted files read this copy and edits of it, so that an update of
/// `seeds/` leaves them as they are. The tests of `seeds/` itself check what
/// holds for any docs.
pub fn frozen(name: &str) -> Input {
    let dir = format!("{FROZEN}/{name}");
    Input::read(&project_root().join(&dir), &dir).expect("the frozen set is readable")
}

/// The frozen stream-interruption set ([`frozen`]).
pub fn frozen_set() -> Input {
    frozen("stream-interruption")
}

/// A real revision of the vendor's stream-interruption page, from
/// `tests/fixtures/revisions/` (copied from `../shared/realworld/interruption-page/`,
/// the file named by its language and the date of its commit: `ko__2021-03-08.md`).
pub fn revision(name: &str) -> Vec<u8> {
    std::fs::read(project_root().join("tests/fixtures/revisions").join(name)).expect("the revision is in tests/fixtures/revisions/")
}

/// The frozen stream-interruption set's manifest ([`frozen`]) before its first `[[doc]]`: the
/// set, its key, columns and categories, for literal seed folders of that set.
pub fn css_manifest_head() -> String {
    let manifest = std::fs::read_to_string(project_root().join(FROZEN).join("stream-interruption/manifest.toml")).expect("manifest");
    manifest.split("\n[[doc]]").next().unwrap_or_default().to_owned()
}

/// The stream-interruption set, as its frozen manifest describes it.
pub fn css_set() -> std::sync::Arc<codegen::model::SetSpec> {
    let text = std::fs::read_to_string(project_root().join(FROZEN).join("stream-interruption/manifest.toml")).expect("manifest");
    let file = codegen::diag::SourceFile::new("manifest.toml", text);
    codegen::manifest::parse(&file, "stream-interruption").unwrap_or_else(|p| panic!("{}", p[0].render())).set
}

/// The stream-interruption code `errcode/sub_errcode`, of the key its manifest gives.
pub fn code(errcode: i64, sub_errcode: i64) -> codegen::model::Code {
    use codegen::model::KeyValue;
    css_set().key.code(vec![KeyValue::Int(errcode), KeyValue::Int(sub_errcode)])
}

/// A seed folder in memory of the stream-interruption set: `docs` are `(file, lang, role, text)`, listed in
/// the manifest in that order with ids `file` minus its extension.
pub fn literal_input(docs: &[(&str, &str, &str, &str)], decisions: &str) -> Input {
    let mut manifest = css_manifest_head();
    let mut input = Input { dir_label: "seeds".to_owned(), ..Input::default() };
    for (file, lang, role, text) in docs {
        let id = file.split('.').next().unwrap_or(file);
        manifest
            .push_str(&format!("\n[[doc]]\nid = \"{id}\"\nfile = \"{file}\"\nlang = \"{lang}\"\nrole = \"{role}\"\norigin = \"test\"\n"));
        input.files.insert((*file).to_owned(), codegen::input::FileBytes::Read(text.as_bytes().to_vec()));
    }
    input.manifest = Some(manifest.into_bytes());
    input.decisions = Some(decisions.as_bytes().to_vec());
    input
}

/// Replaces `from` with `to` in the seed file `name` (exactly once; panics otherwise).
pub fn edit(input: &mut Input, name: &str, from: &str, to: &str) {
    let Some(codegen::input::FileBytes::Read(bytes)) = input.files.get_mut(name) else { panic!("{name} is not in the seed folder") };
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    assert_eq!(text.matches(from).count(), 1, "{name} must contain {from:?} exactly once");
    *bytes = text.replacen(from, to, 1).into_bytes();
}

/// The codes the coded docs of `input` list, as parsed.
pub fn listed_codes(input: &Input) -> std::collections::BTreeSet<codegen::model::Code> {
    let parsed = codegen::parse_input(input).unwrap_or_else(|p| panic!("{}", p.render()));
    parsed
        .docs
        .iter()
        .filter_map(|d| match &d.content {
            codegen::model::DocContent::Coded(rows) => Some(rows.iter().map(|r| r.code.clone())),
            codegen::model::DocContent::Causes(_) | codegen::model::DocContent::Errmsgs(..) => None,
        })
        .flatten()
        .collect()
}

/// The smallest errcode no coded doc of `input` lists.
pub fn free_errcode(input: &Input) -> i64 {
    let listed = listed_codes(input);
    (0..).find(|e| !listed.iter().any(|c| c.values()[0] == codegen::model::KeyValue::Int(*e))).expect("a free errcode")
}

/// Adds a row of `cells` (the table's columns, in order) to the coded doc
/// `name` of `input`, after its last coded row: a pipe-table row after that
/// row's line, or an HTML row before the `</table>` that follows it. Gives
/// the line of the row's last cell (where the parser reads its text).
pub fn add_row(input: &mut Input, name: &str, cells: &[&str]) -> usize {
    let parsed = codegen::parse_input(input).unwrap_or_else(|p| panic!("{}", p.render()));
    let doc = parsed.docs.iter().find(|d| d.spec.file == name).unwrap_or_else(|| panic!("{name} is not a doc of the set"));
    let codegen::model::DocContent::Coded(rows) = &doc.content else { panic!("{name} is not a coded doc") };
    let last = rows.iter().map(|r| r.line).max().expect("a row");
    let Some(codegen::input::FileBytes::Read(bytes)) = input.files.get_mut(name) else { panic!("{name} is not in the seed folder") };
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let at = if lines[last - 1].trim_start().starts_with('|') {
        lines.insert(last, format!("| {} |", cells.join(" | ")));
        last + 1
    } else {
        let end = (last - 1..lines.len()).find(|&i| lines[i].contains("</table>")).expect("the table's end");
        let row: Vec<String> = cells.iter().map(|c| format!("<td>{c}</td>")).collect();
        lines.insert(end, format!("<tr>{}</tr>", row.join("")));
        end + 1
    };
    *bytes = lines.join("\n").into_bytes();
    at
}

/// Writes the files of `input` that differ from `dir` (its seed folder) back to it.
pub fn write_back(input: &Input, dir: &Path) {
    for (name, file) in &input.files {
        if let codegen::input::FileBytes::Read(bytes) = file
            && std::fs::read(dir.join(name)).ok().as_deref() != Some(bytes.as_slice())
        {
            std::fs::write(dir.join(name), bytes).expect("the seed folder is writable");
        }
    }
}

/// Rewords one reason of the coded doc `name` of `input` by adding `suffix`
/// (in the doc's script) to it: the last row whose text no other row of the
/// doc shares (so the languages still group the codes as before) and is
/// written as is on its line. Gives the row's code and its new text.
pub fn reword(input: &mut Input, name: &str, suffix: &str) -> (codegen::model::Code, String) {
    let parsed = codegen::parse_input(input).unwrap_or_else(|p| panic!("{}", p.render()));
    let doc = parsed.docs.iter().find(|d| d.spec.file == name).unwrap_or_else(|| panic!("{name} is not a doc of the set"));
    let codegen::model::DocContent::Coded(rows) = &doc.content else { panic!("{name} is not a coded doc") };
    let Some(codegen::input::FileBytes::Read(bytes)) = input.files.get_mut(name) else { panic!("{name} is not in the seed folder") };
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let row = rows
        .iter()
        .rev()
        .find(|r| rows.iter().filter(|o| o.text == r.text).count() == 1 && lines[r.line - 1].matches(r.text.as_str()).count() == 1)
        .unwrap_or_else(|| panic!("{name} has no row with a text of its own"));
    let reworded = format!("{}{suffix}", row.text);
    lines[row.line - 1] = lines[row.line - 1].replacen(row.text.as_str(), &reworded, 1);
    *bytes = lines.join("\n").into_bytes();
    (row.code.clone(), reworded)
}

/// Replaces `from` with `to` in the decisions file (exactly once).
pub fn edit_decisions(input: &mut Input, from: &str, to: &str) {
    let text = String::from_utf8(input.decisions.clone().expect("decisions")).expect("utf-8");
    assert_eq!(text.matches(from).count(), 1, "decisions must contain {from:?} exactly once");
    input.decisions = Some(text.replacen(from, to, 1).into_bytes());
}

/// The first place two answer trees differ, for a readable failure.
pub fn first_difference(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> Option<String> {
    match (a, b) {
        (serde_json::Value::Object(x), serde_json::Value::Object(y)) => x.keys().chain(y.keys()).find_map(|k| {
            first_difference(
                x.get(k).unwrap_or(&serde_json::Value::Null),
                y.get(k).unwrap_or(&serde_json::Value::Null),
                &format!("{path}.{k}"),
            )
        }),
        (serde_json::Value::Array(x), serde_json::Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}[{i}]")))
        }
        // JSON does not tell 1 from 1.0: compare numbers by value.
        (serde_json::Value::Number(x), serde_json::Value::Number(y)) if x.as_f64() == y.as_f64() => None,
        _ if a == b => None,
        _ => Some(format!("{path}: {a} vs {b}")),
    }
}

/// Panics, in one line saying what to run, when the TypeScript package at
/// `ts` has no build, or a build older than its `src/table.ts` (the table
/// changed since: `dist/` would answer with the old texts).
pub fn assert_built(ts: &std::path::Path) {
    let fix = format!("run `npm run build` in {} (or `cargo xtask test`)", ts.display());
    let modified = |p: &str| std::fs::metadata(ts.join(p)).and_then(|m| m.modified()).ok();
    match (modified("dist/index.js"), modified("src/table.ts")) {
        (None, _) => panic!("{}/dist is missing: {fix}", ts.display()),
        (Some(built), Some(table)) if built < table => panic!("{}/dist is older than src/table.ts: {fix}", ts.display()),
        _ => {}
    }
}
