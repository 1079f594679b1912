//! Stage 1: a doc's text → its tables, spans expanded → the rows they mean.
//!
//! - `markdown`: one pulldown-cmark pass finds the doc's headings and raw
//!   HTML blocks and reads its pipe tables;
//! - `html`: each HTML block's tables, read with html5ever's tree builder
//!   (through scraper), with source lines;
//! - `grid`: `colspan` and `rowspan` expanded into one cell per column;
//! - the tables the manifest chooses ([`TableChoice`]: by heading, by column
//!   headers, one or all), each with the headings it sits under;
//! - `content`: the grids read by the set's columns as codes and texts, or
//!   as causes, and the texts' script checked against the manifest's language.

mod content;
mod grid;
mod html;
mod markdown;

pub use crate::model::MAX_COLUMNS;
pub use crate::normalize::collapse_whitespace;
pub use grid::{Budget, LIST_ITEM, MAX_CELL_BYTES, MAX_CELLS, MAX_EXPANDED_TEXT, MAX_ROWS};
pub use html::{MAX_COLSPAN, MAX_DEPTH, MAX_ROWSPAN};

use crate::diag::{Problem, Problems, SourceFile};
use crate::input::{self, FileBytes, Input};
use crate::manifest::Manifest;
use crate::model::{DocSpec, Heading, ParsedDoc, SetSpec, Table, TableChoice, TableSyntax};

/// Reads every doc of the manifest from the seed folder, in manifest order:
/// each one's bytes hashed, decoded, parsed, its language checked. Docs that
/// cannot be read are left out, their problems (and every warning) added to
/// `problems`.
pub fn read_docs(input: &Input, manifest: &Manifest, problems: &mut Problems) -> Vec<ParsedDoc> {
    let mut docs = Vec::new();
    let mut budget = Budget::default();
    for spec in &manifest.docs {
        match read_doc(input, manifest, spec, &mut budget) {
            Ok((doc, warnings)) => {
                problems.extend(warnings);
                docs.push(doc);
            }
            Err(found) => problems.extend(found),
        }
    }
    docs
}

/// Reads one doc of the manifest: the doc and its warnings.
fn read_doc(input: &Input, manifest: &Manifest, spec: &DocSpec, budget: &mut Budget) -> Result<(ParsedDoc, Vec<Problem>), Vec<Problem>> {
    let path = input.path_of(&spec.file);
    let listed_at = |message: String, label: &str| Problem::at(&manifest.file, spec.file_line, &spec.file, message, label);
    let bytes = match input.files.get(&spec.file) {
        Some(FileBytes::Read(bytes)) => bytes,
        Some(other) => {
            let (message, help) = other.why_not_read(&path).unwrap_or_else(|| (format!("{path} was not read"), String::new()));
            return Err(vec![listed_at(message, "not read").help(help)]);
        }
        None => {
            let p = listed_at(format!("{path} is listed but absent"), "no such file")
                .help("add the file to the seed folder, or remove its [[doc]] entry");
            return Err(vec![p]);
        }
    };
    let file = input::decode(&path, bytes).map_err(|p| vec![p])?;
    let (mut doc, mut warnings) = parse_doc(spec, &manifest.set, &file, input::sha256_hex(bytes), budget)?;
    doc.cited = input.cited(&spec.file);
    warnings.extend(content::check_language(&manifest.file, &doc));
    Ok((doc, warnings))
}

/// Parses a doc of the set `set` and reads the tables its manifest entry
/// chooses as its role says; `sha256` names the bytes `file` was decoded
/// from; its tables take what they make from `budget` (one for all the docs
/// of a set). Gives the doc and its warnings.
///
/// # Errors
/// Every problem found, each naming the file and line: no table chosen, or
/// several where one is expected, a broken HTML table, bad spans, ragged
/// rows, a missing header, key cells that are not codes, the same code given
/// twice with different texts.
pub fn parse_doc(
    spec: &DocSpec,
    set: &SetSpec,
    file: &SourceFile,
    sha256: String,
    budget: &mut Budget,
) -> Result<(ParsedDoc, Vec<Problem>), Vec<Problem>> {
    let tables = choose(file, &spec.tables, find_tables(file, budget))?;
    let (content, warnings) = content::read(spec, set, file, &tables)?;
    let cited = file.path.clone();
    Ok((ParsedDoc { spec: spec.clone(), file: file.clone(), cited, sha256, tables, content }, warnings))
}

/// A table of a doc as found: read, or why it cannot be, with where it
/// starts and the headings it is under.
pub struct Found {
    /// 1-based line where the table starts.
    pub line: usize,
    /// The headings it is under, outermost first.
    pub headings: Vec<Heading>,
    /// The table, or its problems.
    pub table: Result<Table, Vec<Problem>>,
}

/// Every table of the doc, in order, each with the headings it sits under;
/// they take what they make from `budget`.
pub fn find_tables(file: &SourceFile, budget: &mut Budget) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut headings: Vec<Heading> = Vec::new();
    for block in markdown::blocks(file) {
        let tables = match block {
            markdown::Block::Heading(h) => {
                headings.retain(|outer| outer.level < h.level);
                headings.push(h);
                continue;
            }
            markdown::Block::Html { first_line, html } => {
                html::tables(file, first_line, &html, budget).into_iter().map(|t| (t.as_ref().map_or(first_line, |t| t.line), t)).collect()
            }
            markdown::Block::Pipe(line, rows) => {
                vec![(line, rows.and_then(|rows| grid::expand(file, TableSyntax::Pipe, line, rows, budget)))]
            }
        };
        for (line, table) in tables {
            let table = table.map(|t| Table { headings: headings.clone(), ..t });
            found.push(Found { line, headings: headings.clone(), table });
        }
    }
    found
}

/// The tables `choice` picks among those `found` in `file`.
///
/// # Errors
/// No table picked; more than one where `choice` wants one; the problems of
/// a picked table that cannot be read.
pub fn choose(file: &SourceFile, choice: &TableChoice, found: Vec<Found>) -> Result<Vec<Table>, Vec<Problem>> {
    let total = found.len();
    let under = |f: &Found| choice.heading.as_ref().is_none_or(|h| f.headings.iter().any(|x| &x.text == h));
    let mut picked: Vec<Found> = found.into_iter().filter(under).collect();
    if let Some(columns) = &choice.columns {
        let same = |t: &Table| {
            t.header.as_ref().is_some_and(|h| {
                h.cells.len() == columns.len() && h.cells.iter().zip(columns).all(|(c, want)| c.text.to_lowercase() == want.to_lowercase())
            })
        };
        picked.retain(|f| f.table.as_ref().is_ok_and(same));
    }
    match picked.len() {
        0 => Err(vec![nothing_picked(file, choice, total)]),
        1 => picked.pop().map_or_else(|| Err(Vec::new()), |f| f.table.map(|t| vec![t])),
        _ if choice.all => {
            let (tables, problems): (Vec<_>, Vec<_>) = picked.into_iter().map(|f| f.table).partition(Result::is_ok);
            let problems: Vec<Problem> = problems.into_iter().filter_map(Result::err).flatten().collect();
            if problems.is_empty() { Ok(tables.into_iter().filter_map(Result::ok).collect()) } else { Err(problems) }
        }
        n => {
            let lines: Vec<String> = picked.iter().map(|f| f.line.to_string()).collect();
            let which = if choice.is_default() { "tables found" } else { "tables match the manifest's choice" };
            Err(vec![
                Problem::error(format!("{}: {n} {which} (at lines {}); expected exactly one", file.path, lines.join(", "))).help(
                    "choose the table of codes in the doc's [[doc]] entry: heading = \"…\", columns = [\"…\", …], or tables = \"all\"",
                ),
            ])
        }
    }
}

/// The problem of a choice that picks no table among `total`.
fn nothing_picked(file: &SourceFile, choice: &TableChoice, total: usize) -> Problem {
    if total == 0 {
        return Problem::error(format!("{}: no table found", file.path))
            .help("the doc must hold its codes in an HTML <table> or a Markdown pipe table");
    }
    let mut wanted = Vec::new();
    if let Some(h) = &choice.heading {
        wanted.push(format!("under the heading {h:?}"));
    }
    if let Some(c) = &choice.columns {
        wanted.push(format!("with the columns {c:?}"));
    }
    Problem::error(format!("{}: none of its {total} tables is {}", file.path, wanted.join(" and "))).help(
        "check the doc's heading and columns in the manifest; `cargo xtask init` lists every table of a doc with its heading and columns",
    )
}

/// Finds the doc's one table and expands it into a grid (for tests and the
/// fuzz targets).
///
/// # Errors
/// No table, more than one table, or a table that cannot be read.
pub fn parse_table(file: &SourceFile) -> Result<Table, Vec<Problem>> {
    choose(file, &TableChoice::default(), find_tables(file, &mut Budget::default())).map(|mut tables| tables.remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        parse_table(&SourceFile::new("t.md", text)).unwrap_or_else(|p| panic!("{}", p[0].render()))
    }

    fn problems(text: &str) -> Vec<String> {
        parse_table(&SourceFile::new("t.md", text)).unwrap_err().into_iter().map(|p| p.message).collect()
    }

    fn cell_texts(row: &crate::model::Row) -> Vec<&str> {
        row.cells.iter().map(|c| &*c.text).collect()
    }

    #[test]
    fn whitespace_collapses_to_single_spaces() {
        assert_eq!(collapse_whitespace(" a \u{a0} b\t"), "a b");
        assert_eq!(collapse_whitespace("合成\u{3000}推流\n"), "合成 推流");
        assert_eq!(collapse_whitespace("  "), "");
    }

    #[test]
    fn an_html_table_in_a_block_quote_reads_as_at_the_top_level() {
        let rows = "<table>\n<tr><th>a</th><th>b</th></tr>\n<tr><td>1</td><td>x</td></tr>\n</table>\n";
        let top = table(rows);
        let quoted = table(&rows.lines().map(|l| format!("> {l}\n")).collect::<String>());
        assert_eq!(quoted.to_text(), top.to_text());
        assert_eq!(top.to_text(), "Html table at line 1\nhead L2    \"a\" | \"b\"\nbody L3    \"1\" | \"x\"\n");
    }

    #[test]
    fn colspan_copies_to_the_right_and_rowspan_below() {
        let t = table(
            "<table>\n<tr>\n<th colspan='2'>Code</td>\n<th>Reason</td>\n</tr>\n<tr>\n<td colspan='2'>0</td>\n<td>A</td>\n</tr>\n\
             <tr>\n<td rowspan='2'>18</td>\n<td>100</td>\n<td>B</td>\n</tr>\n<tr>\n<td>101</td>\n<td>C</td>\n</tr>\n</table>\n",
        );
        assert_eq!(
            t.to_text(),
            "Html table at line 1\n\
             head L2    \"Code\" | <\"Code\" | \"Reason\"\n\
             body L6    \"0\" | <\"0\" | \"A\"\n\
             body L10   \"18\" | \"100\" | \"B\"\n\
             body L15   ^\"18\" | \"101\" | \"C\"\n"
        );
        assert_eq!(t.rows[2].cells[1].line, 16);
    }

    #[test]
    fn tags_written_over_several_lines_are_placed_on_the_line_they_start() {
        let t = table("<table\nborder=1>\n<tr\n><th\ncolspan=2\n>a</th></tr>\n<tr><td>b</td><td\n>c</td></tr>\n</table>\n");
        assert_eq!(t.line, 1);
        let head = t.header.as_ref().expect("header");
        assert_eq!((head.line, head.cells[0].line), (3, 4));
        assert_eq!((t.rows[0].line, t.rows[0].cells[0].line, t.rows[0].cells[1].line), (7, 7, 7));
    }

    #[test]
    fn the_parser_repairs_what_browsers_repair() {
        // `<th>` closed by `</td>` stays a header cell; rows and cells left
        // open are closed; text outside cells leaves the table.
        let t = table("<table><tr><th>A</td><th>B</td></tr>loose<tr><td>1<td>x</table>\n");
        let head = t.header.expect("header row");
        assert_eq!(cell_texts(&head), ["A", "B"]);
        assert!(head.cells.iter().all(|c| c.header));
        assert_eq!(cell_texts(&t.rows[0]), ["1", "x"]);
    }

    #[test]
    fn rowspan_in_the_middle_column_leaves_room_for_later_cells() {
        let t = table(
            "<table><tr><th>a</th><th>b</th><th>c</th></tr><tr><td>1</td><td rowspan=2>x</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>\n",
        );
        assert_eq!(cell_texts(&t.rows[1]), ["3", "x", "4"]);
        assert_eq!(t.rows[1].cells[1].placement, crate::model::Placement::FromAbove);
    }

    #[test]
    fn cell_text_decodes_entities_and_drops_inline_tags_and_comments() {
        let t = table(
            "<table><tr><th>h</th></tr><tr><td> a &amp; b<br>c <code>x</code>&#65;&nbsp;<!-- note --> <a href='#'>d</a>\n e </td></tr></table>\n",
        );
        assert_eq!(t.rows[0].cells[0].text.as_ref(), "a & b c xA d e");
    }

    #[test]
    fn svg_and_math_in_a_cell_are_read_as_foreign_content() {
        let t = table("<table>\n<tr><td>a<svg><g><td>x</td></g></svg>b</td><td>c<math><mi>y</mi></math></td></tr>\n</table>\n");
        assert_eq!(cell_texts(&t.rows[0]), ["axb", "cy"]);
    }

    #[test]
    fn bad_spans_are_refused_with_their_line() {
        for bad in ["0", "-1", "abc", "999999999"] {
            let messages = problems(&format!("<table>\n<tr><th>h</th></tr>\n<tr><td rowspan='{bad}'>x</td></tr>\n</table>\n"));
            assert_eq!(messages, [format!("t.md:3: rowspan='{bad}' is not a whole number from 1 to 65534")]);
        }
        let messages = problems("<table>\n<tr><th>h</th></tr>\n<tr><td rowspan='3'>x</td></tr>\n</table>\n");
        assert_eq!(messages, ["t.md:3: rowspan='3' runs past the end of the table (1 rows left)"]);
    }

    #[test]
    fn a_blank_line_inside_an_html_table_is_refused() {
        let messages = problems("<table>\n<tr><td>x</td></tr>\n\n<tr><td>y</td></tr>\n</table>\n");
        assert_eq!(messages, ["t.md:1: this HTML table is not closed before its block ends"]);
        // A `</table>` in a comment closes nothing.
        let messages = problems("<table>\n<tr><td>x</td></tr>\n<!-- </table> -->\n\n<tr><td>y</td></tr>\n</table>\n");
        assert_eq!(messages, ["t.md:1: this HTML table is not closed before its block ends"]);
    }

    #[test]
    fn a_table_mentioned_in_a_comment_is_not_a_table() {
        let t = table("<!-- the <table> below -->\n\n<table>\n<tr><th>h</th></tr>\n<tr><td>x</td></tr>\n</table>\n");
        assert_eq!((t.line, t.rows[0].cells[0].text.as_ref()), (3, "x"));
    }

    #[test]
    fn nested_tables_and_two_tables_are_refused() {
        assert_eq!(
            problems("<table>\n<tr><td><table><tr><td>x</td></tr></table></td></tr>\n</table>\n"),
            ["t.md:2: a table inside a table cell"]
        );
        assert_eq!(
            problems("| a |\n|---|\n| 1 |\n\n<table><tr><td>x</td></tr></table>\n"),
            ["t.md: 2 tables found (at lines 1, 5); expected exactly one"]
        );
        assert_eq!(
            problems("<table><tr><td>x</td></tr></table>\n<table>\n<tr><td>y</td></tr></table>\n"),
            ["t.md: 2 tables found (at lines 1, 2); expected exactly one"]
        );
    }

    #[test]
    fn pipe_tables_keep_lines_escaped_pipes_and_code() {
        let t =
            table("Intro\n\n| errcode | sub_errcode | errmsg |\n| :-- | --: | --- |\n| 18 | 100 | a \\| b `c` |\n| 19 | 0 | d<br>e |\n");
        assert_eq!(
            t.to_text(),
            "Pipe table at line 3\n\
             head L3    \"errcode\" | \"sub_errcode\" | \"errmsg\"\n\
             body L5    \"18\" | \"100\" | \"a | b `c`\"\n\
             body L6    \"19\" | \"0\" | \"d e\"\n"
        );
    }

    #[test]
    fn pipe_rows_with_too_few_or_too_many_cells_are_refused() {
        let head = "| errcode | sub_errcode | errmsg |\n|---|---|---|\n";
        assert_eq!(problems(&format!("{head}| 1 | 0 |\n")), ["t.md:3: the row has 2 cells; the header has 3"]);
        assert_eq!(problems(&format!("{head}| 1 | 0 | a | b |\n")), ["t.md:3: the row has 4 cells; the header has 3"]);
        // No outer pipes, escaped pipes and pipes in code are fine.
        let t = table(&format!("{head}1 | 0 | a \\| b\n| 2 | 0 | `x\\|y` |\n"));
        assert_eq!(t.rows[1].cells[2].text.as_ref(), "`x|y`");
    }
}
