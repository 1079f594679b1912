//! Table shapes common in vendor docs, each read from small literal docs of
//! a set whose manifest the test writes: pipe tables in block quotes, cells
//! holding inline HTML, padded and unaligned pipe tables, several tables in
//! one doc (chosen by heading or header row, or all with their sections),
//! signed and string keys with symbolic names, and a language listing fewer
//! rows than the others, a gap a curated text fills.

use codegen::input::{FileBytes, Input};
use codegen::model::{DocContent, Entry, Message};
use codegen::{Generation, generate, parse_input};

/// A set's manifest before its docs: one key column `code` of `ty`, the
/// `columns`, and `extra` TOML (categories, a symbol column's name).
fn head(ty: &str, columns: &str, extra: &str) -> String {
    format!(
        "schema_version = 2\n[set]\ntitle = \"Test codes\"\njson = \"codes\"\ncrate = \"test-codes\"\nnpm = \"test-codes\"\nentry = \"TestCode\"\n\
         [[key]]\nname = \"code\"\ntype = \"{ty}\"\n[table]\ncolumns = {columns}\ntext = \"meaning\"\n{extra}\n"
    )
}

/// A seed folder in memory: `docs` are `(file, lang, extra TOML of the [[doc]], text)`.
fn input(head: &str, docs: &[(&str, &str, &str, &str)], decisions: &str) -> Input {
    let mut manifest = head.to_owned();
    let mut input = Input { dir_label: "seeds/test".to_owned(), set: "test".to_owned(), ..Input::default() };
    for (file, lang, extra, text) in docs {
        let id = file.split('.').next().unwrap_or(file);
        manifest.push_str(&format!(
            "\n[[doc]]\nid = \"{id}\"\nfile = \"{file}\"\nlang = \"{lang}\"\nrole = \"coded\"\norigin = \"test\"\n{extra}\n"
        ));
        input.files.insert((*file).to_owned(), FileBytes::Read(text.as_bytes().to_vec()));
    }
    input.manifest = Some(manifest.into_bytes());
    input.decisions = Some(format!("schema_version = 1\n{decisions}").into_bytes());
    input
}

fn run(input: &Input) -> Generation {
    generate(input).unwrap_or_else(|p| panic!("{}", p.render()))
}

fn entry<'t>(g: &'t Generation, code: &str) -> &'t Entry {
    g.table.entries.iter().find(|e| e.code.to_string() == code).unwrap_or_else(|| panic!("no code {code}"))
}

fn message<'e>(e: &'e Entry, tag: &str) -> &'e Message {
    e.messages.iter().find(|(l, _)| l.tag() == tag).map(|(_, m)| m).expect("a message in every language")
}

/// The rows of each doc as `(code, text)`.
fn rows(input: &Input) -> Vec<Vec<(String, String)>> {
    let parsed = parse_input(input).unwrap_or_else(|p| panic!("{}", p.render()));
    parsed
        .docs
        .iter()
        .map(|d| match &d.content {
            DocContent::Coded(rows) => rows.iter().map(|r| (r.code.to_string(), r.text.clone())).collect(),
            DocContent::Causes(_) | DocContent::Errmsgs(..) => Vec::new(),
        })
        .collect()
}

#[test]
fn a_pipe_table_in_a_block_quote_reads_as_one_at_the_top_level() {
    let h = head("u16", "[\"code\", \"meaning\"]", "");
    let plain = "| Code | Meaning |\n|---|---|\n| 1 | Busy. |\n| 2 | Gone. |\n";
    let quoted: String = plain.lines().map(|l| format!("> {l}\n")).collect();
    let nested: String = format!("> Note\n>\n{}", plain.lines().map(|l| format!("> > {l}\n")).collect::<String>());
    for doc in [plain.to_owned(), quoted, nested] {
        assert_eq!(rows(&input(&h, &[("en.md", "en", "", &doc)], "")), [[("1".into(), "Busy.".into()), ("2".into(), "Gone.".into())]]);
    }
}

#[test]
fn cells_holding_inline_html_are_read_as_text_with_list_items_apart() {
    let h = head("u16", "[\"code\", \"meaning\"]", "");
    let pipe = "| Code | Meaning |\n|---|---|\n| 1 | <b>Bold</b> and<br>broken |\n| 2 | <li>desc: the text.<li>occur_time: when. |\n";
    let html = "<table>\n<tr><th>Code</th><th>Meaning</th></tr>\n<tr><td>1</td><td><b>Bold</b> and<br>broken</td></tr>\n\
                <tr><td>2</td><td><ul><li>desc: the text.</li><li>occur_time: when.</li></ul></td></tr>\n</table>\n";
    for doc in [pipe, html] {
        let expected = [("1".into(), "Bold and broken".into()), ("2".into(), "• desc: the text. • occur_time: when.".into())];
        assert_eq!(rows(&input(&h, &[("en.md", "en", "", doc)], "")), [expected]);
    }
}

#[test]
fn padded_and_unaligned_pipe_tables_read_alike() {
    let h = head("i32", "[\"code\", \"meaning\"]", "");
    let tight = "|Code|Meaning|\n|---|---|\n|-3301|Entering the room failed.|\n|-3316|No parameters.|\n";
    let padded = "| Code   | Meaning                    |\n| :----- | -------------------------: |\n\
                  |   -3301  |   Entering the room failed.   |\n| -3316 | No parameters. |\n";
    let no_outer = "Code | Meaning\n--- | ---\n-3301 | Entering the room failed.\n-3316 | No parameters.\n";
    let expected = vec![("-3301".to_owned(), "Entering the room failed.".to_owned()), ("-3316".to_owned(), "No parameters.".to_owned())];
    for doc in [tight, padded, no_outer] {
        assert_eq!(rows(&input(&h, &[("en.md", "en", "", doc)], "")), std::slice::from_ref(&expected));
    }
}

/// A page with a table of fields, then the codes under a heading of their own.
const PAGE: &str = "# Callback\n\n## Fields\n\n| Field | Type | Meaning |\n|---|---|---|\n| type | int | The type. |\n\n\
                    ## Types\n\n| Type | Meaning |\n|---|---|\n| 1 | Timestamp went back. |\n| 2 | Codec changed. |\n";

#[test]
fn the_table_of_codes_is_chosen_by_its_heading_or_its_header_row() {
    let h = head("u16", "[\"code\", \"meaning\"]", "");
    let expected = vec![("1".to_owned(), "Timestamp went back.".to_owned()), ("2".to_owned(), "Codec changed.".to_owned())];
    for choice in ["heading = \"Types\"", "columns = [\"type\", \" Meaning \"]"] {
        assert_eq!(rows(&input(&h, &[("en.md", "en", choice, PAGE)], "")), std::slice::from_ref(&expected), "{choice}");
    }
    // Without a choice the page has two tables: refused, saying how to choose.
    let problems = parse_input(&input(&h, &[("en.md", "en", "", PAGE)], "")).expect_err("two tables");
    let rendered = problems.render();
    assert!(rendered.contains("2 tables found (at lines 5, 11); expected exactly one"), "{rendered}");
    assert!(rendered.contains("heading = "), "{rendered}");
    // A choice that picks nothing says what it looked for.
    let problems = parse_input(&input(&h, &[("en.md", "en", "heading = \"Errors\"", PAGE)], "")).expect_err("no table");
    assert!(problems.render().contains("none of its 2 tables is under the heading \"Errors\""), "{}", problems.render());
}

/// Two sections of a TRTC-like page in `lang`: the headings, the texts.
fn sectioned(headings: [&str; 2], texts: [&str; 3], symbols: [&str; 3]) -> String {
    format!(
        "## {}\n\n| Symbol | Code | Meaning |\n|---|---|---|\n| {} | -1 | {} |\n| {} | -2 | {} |\n\n## {}\n\n| Symbol | Code | Meaning |\n|---|---|---|\n| {} | 7 | {} |\n",
        headings[0], symbols[0], texts[0], symbols[1], texts[1], headings[1], symbols[2], texts[2]
    )
}

/// A set whose tables have a symbol column and whose sections are its categories.
fn sectioned_set() -> String {
    head(
        "i32",
        "[\"symbol\", \"code\", \"meaning\"]",
        "symbol = \"symbol\"\n[[category]]\nname = \"room\"\ndescription = \"Rooms.\"\nsections = [\"Room errors\", \"ルームのエラー\"]\n\
         [[category]]\nname = \"warning\"\ndescription = \"Warnings.\"\nsections = [\"Warnings\", \"警告\"]\n",
    )
}

#[test]
fn every_table_of_a_doc_is_read_with_its_section_as_category_and_names_checked() {
    let en =
        sectioned(["Room errors", "Warnings"], ["Enter failed.", "Exit failed.", "Network busy."], ["ERR_ENTER", "ERR_EXIT", "WARN_BUSY"]);
    let ja =
        sectioned(["ルームのエラー", "警告"], ["入室に失敗", "退室に失敗", "ネットワークが混雑"], ["ERR_ENTER", "ERR_EXIT", "WARN_BUSY"]);
    let docs = [("en.md", "en", "tables = \"all\"", en.as_str()), ("ja.md", "ja", "tables = \"all\"", ja.as_str())];
    let g = run(&input(&sectioned_set(), &docs, ""));
    let busy = entry(&g, "7");
    assert_eq!((busy.symbol.as_deref(), busy.category.as_ref().map(|c| c.as_str())), (Some("WARN_BUSY"), Some("warning")));
    assert_eq!(message(busy, "ja").section.as_deref(), Some("警告"));
    assert_eq!(entry(&g, "-1").category.as_ref().map(|c| c.as_str()), Some("room"));

    // A language naming a code differently is a conflict to decide.
    let renamed = ja.replace("ERR_EXIT", "ERR_QUIT");
    let docs = [("en.md", "en", "tables = \"all\"", en.as_str()), ("ja.md", "ja", "tables = \"all\"", renamed.as_str())];
    let rendered = generate(&input(&sectioned_set(), &docs, "")).expect_err("names differ").render();
    assert!(rendered.contains("the docs name code -2 differently: en ERR_EXIT, ja ERR_QUIT"), "{rendered}");
    let g = run(&input(&sectioned_set(), &docs, "[[symbol]]\ncode = \"-2\"\nsymbol = \"ERR_EXIT\"\nwhy = \"en's name.\"\n"));
    assert_eq!(entry(&g, "-2").symbol.as_deref(), Some("ERR_EXIT"));
    assert_eq!(g.table.symbols.len(), 1);
    // The bookkeeping adds the [[symbol]] entry, proposing the first doc's name, for review.
    let books = codegen::bookkeeping::keep_books(&input(&sectioned_set(), &docs, "")).unwrap_or_else(|p| panic!("{}", p.render()));
    assert_eq!(books.done.len(), 1, "{:?}", books.done);
    assert!(books.done[0].starts_with("+ [[symbol]] (review = true): "), "{:?}", books.done);
    assert!(books.text.contains("code = \"-2\"\nsymbol = \"ERR_EXIT\""), "{}", books.text);
    let reviewed = Input {
        decisions: Some(books.text.replace("why = \"\"\nreview = true", "why = \"en's name.\"").into_bytes()),
        ..input(&sectioned_set(), &docs, "")
    };
    assert_eq!(entry(&run(&reviewed), "-2").symbol.as_deref(), Some("ERR_EXIT"));

    // A section no category lists is refused, naming it.
    let moved = ja.replace("## 警告", "## その他");
    let docs = [("en.md", "en", "tables = \"all\"", en.as_str()), ("ja.md", "ja", "tables = \"all\"", moved.as_str())];
    let rendered = generate(&input(&sectioned_set(), &docs, "")).expect_err("unknown section").render();
    assert!(rendered.contains("ja: \"その他\" → no category"), "{rendered}");
    // No edit of the decisions settles that: the bookkeeping leaves it to the manifest.
    let books = codegen::bookkeeping::keep_books(&input(&sectioned_set(), &docs, "")).unwrap_or_else(|p| panic!("{}", p.render()));
    assert!(books.done.is_empty() && !books.changed);
    assert!(books.left.0.iter().any(|p| p.message.contains("sections of different categories")), "{}", books.left.render());
}

#[test]
fn string_keys_and_a_language_listing_fewer_rows_filled_by_a_curated_text() {
    let h = head("string", "[\"code\", \"meaning\"]", "");
    let en = "| Code | Meaning |\n|---|---|\n| InvalidInput.InvalidTimeOffset | The time offset is invalid. |\n| LimitExceeded | Too many requests. |\n";
    let zh = "| 错误码 | 描述 |\n|---|---|\n| InvalidInput.InvalidTimeOffset | 时间偏移无效。 |\n";
    let docs = [("en.md", "en", "", en), ("zh.md", "zh", "", zh)];
    // The gap is refused until the decisions fill it.
    let rendered = generate(&input(&h, &docs, "")).expect_err("a gap").render();
    assert!(rendered.contains("code LimitExceeded has no Chinese (zh) text"), "{rendered}");
    let g = run(&input(
        &h,
        &docs,
        "[[curated]]\ncode = \"LimitExceeded\"\nlang = \"zh\"\ntext = \"请求过多。\"\nwhy = \"zh lists no such row; translated from en.\"\n",
    ));
    let filled = message(entry(&g, "LimitExceeded"), "zh");
    assert_eq!((filled.text.as_str(), filled.provenance.as_str()), ("请求过多。", "curated"));
    assert_eq!(message(entry(&g, "InvalidInput.InvalidTimeOffset"), "zh").text, "时间偏移无效。");
}
