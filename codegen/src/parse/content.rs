//! A table's grid → what it means: code pairs with reasons (a coded doc) or
//! causes without codes, and whether its texts are in the language the
//! manifest declares.

use std::collections::BTreeMap;

use crate::diag::{Problem, SourceFile};
use crate::lang::ScriptCounts;
use crate::model::{Cause, Cell, CodedRow, DocContent, DocSpec, MAX_CODE, ParsedDoc, Placement, Role, Row, Table};

/// Reads the grid as the manifest role says: codes and reasons, or causes.
/// Gives the content and its warnings (a code repeated with the same text).
///
/// # Errors
/// No header row, a header of the wrong width for the role, ragged rows,
/// code cells that are not codes, empty reasons or causes, a code given twice
/// with different texts.
pub(super) fn read(spec: &DocSpec, file: &SourceFile, table: &Table) -> Result<(DocContent, Vec<Problem>), Vec<Problem>> {
    let width = check_shape(spec, file, table)?;
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let content = match spec.role {
        Role::Causes => DocContent::Causes(causes(file, &table.rows, &mut problems)),
        Role::Coded => DocContent::Coded(coded_rows(file, &table.rows, width, &mut problems, &mut warnings)),
    };
    if problems.is_empty() { Ok((content, warnings)) } else { Err(problems) }
}

/// The table's width: its header's, if the role allows it and every row has it.
fn check_shape(spec: &DocSpec, file: &SourceFile, table: &Table) -> Result<usize, Vec<Problem>> {
    let Some(header) = &table.header else {
        return Err(vec![
            Problem::at(file, table.line, "", "the table has no header row", "table starts here")
                .help("the first row must name the columns (<th> cells, or a pipe table's head)"),
        ]);
    };
    let width = header.cells.len();
    let (expected, needs) = match spec.role {
        Role::Coded => (2..=3, "errcode, sub_errcode (optional) and reason"),
        Role::Causes => (1..=1, "exactly one (the cause)"),
    };
    if !expected.contains(&width) {
        return Err(vec![
            Problem::at(
                file,
                header.line,
                "",
                format!("the header has {width} columns; a {} doc needs {needs}", spec.role.as_str()),
                "header",
            )
            .help(format!("check the doc's role in the manifest (line {})", spec.file_line)),
        ]);
    }
    let ragged: Vec<Problem> = table
        .rows
        .iter()
        .filter(|row| row.cells.len() != width)
        .map(|row| {
            Problem::at(file, row.line, "", format!("the row has {} cells; the header has {width}", row.cells.len()), "ragged row")
                .help("give every row one cell per column (count colspan and rowspan)")
        })
        .collect();
    if ragged.is_empty() { Ok(width) } else { Err(ragged) }
}

/// The causes of a code-less doc's rows; an empty cell is a problem.
fn causes(file: &SourceFile, rows: &[Row], problems: &mut Vec<Problem>) -> Vec<Cause> {
    let mut causes = Vec::new();
    for cell in rows.iter().map(|row| &row.cells[0]) {
        if cell.text.is_empty() {
            problems.push(Problem::at(file, cell.line, "", "empty cause", "empty").help("remove the row or write the cause"));
        } else {
            causes.push(Cause { text: cell.text.clone(), line: cell.line });
        }
    }
    causes
}

/// One row of a coded doc (`width` 2 or 3 columns): its code pair and
/// reason. A code cell merged across both code columns (`colspan`) means
/// `sub_errcode = 0`.
///
/// # Errors
/// Code cells that are not codes, an empty reason.
fn coded_row(file: &SourceFile, row: &Row, width: usize) -> Result<Option<CodedRow>, Vec<Problem>> {
    let [code_cells @ .., reason] = row.cells.as_slice() else { return Ok(None) };
    let errcode = parse_code(file, &code_cells[0], "errcode");
    let sub_errcode =
        if width == 2 || code_cells[1].placement == Placement::FromLeft { Ok(0) } else { parse_code(file, &code_cells[1], "sub_errcode") };
    let (errcode, sub_errcode) = match (errcode, sub_errcode) {
        (Ok(e), Ok(s)) => (e, s),
        (e, s) => return Err(e.err().into_iter().chain(s.err()).collect()),
    };
    if reason.text.is_empty() {
        return Err(vec![
            Problem::at(file, reason.line, "", format!("errcode {errcode}/{sub_errcode} has no reason text"), "empty reason")
                .help("write the reason, or remove the row"),
        ]);
    }
    Ok(Some(CodedRow { errcode, sub_errcode, text: reason.text.clone(), line: reason.line }))
}

/// The code pairs and reasons of a coded doc's rows, each code once, in
/// source order: a repeat with the same text is dropped with a warning, one
/// with another text is a problem.
fn coded_rows(file: &SourceFile, rows: &[Row], width: usize, problems: &mut Vec<Problem>, warnings: &mut Vec<Problem>) -> Vec<CodedRow> {
    let mut first_at: BTreeMap<(u16, u16), usize> = BTreeMap::new();
    let mut kept: Vec<CodedRow> = Vec::new();
    for row in rows {
        let coded = match coded_row(file, row, width) {
            Ok(Some(coded)) => coded,
            Ok(None) => continue,
            Err(found) => {
                problems.extend(found);
                continue;
            }
        };
        let code = (coded.errcode, coded.sub_errcode);
        match first_at.get(&code) {
            Some(&i) if kept[i].text == coded.text => warnings.push(repeated(file, &kept[i], &coded).warning()),
            Some(&i) => problems.push(repeated(file, &kept[i], &coded)),
            None => {
                first_at.insert(code, kept.len());
                kept.push(coded);
            }
        }
    }
    kept
}

/// The problem of a code listed again (`again`) after `first`.
fn repeated(file: &SourceFile, first: &CodedRow, again: &CodedRow) -> Problem {
    let same = first.text == again.text;
    let problem = Problem::at(
        file,
        again.line,
        "",
        format!(
            "errcode {}/{} is listed again (first at line {}){}",
            again.errcode,
            again.sub_errcode,
            first.line,
            if same { " with the same text; the repeat is ignored" } else { " with a different text" }
        ),
        "repeated code",
    );
    if same {
        problem.help("remove the repeated row")
    } else {
        problem.help(format!("keep one row for the code; the first says {:?}", first.text))
    }
}

/// Reads a code cell: ASCII decimal digits, at most [`MAX_CODE`].
fn parse_code(file: &SourceFile, cell: &Cell, what: &str) -> Result<u16, Problem> {
    let text = cell.text.as_str();
    let problem = |message: String, help: String| Problem::at(file, cell.line, text, message, format!("not an {what}")).help(help);
    if text.is_empty() {
        return Err(problem(format!("the {what} cell is empty"), format!("write the {what} as a number from 0 to {MAX_CODE}")));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        let help = if text.chars().all(char::is_numeric) {
            format!("write the {what} with the ASCII digits 0-9 (this cell uses other digits)")
        } else {
            format!("an {what} is a whole number from 0 to {MAX_CODE}; is a header row missing?")
        };
        return Err(problem(format!("{what} `{text}` is not a number"), help));
    }
    match text.parse::<u32>() {
        Ok(n) if n <= u32::from(MAX_CODE) => Ok(n as u16),
        _ => Err(problem(
            format!("{what} {text} is beyond the code range 0..={MAX_CODE}"),
            "check the code; codes have at most four digits".to_owned(),
        )),
    }
}

/// Checks the manifest's language (`manifest`: the manifest file) against
/// the script of the doc's table texts: a problem when they disagree.
pub(super) fn check_language(manifest: &SourceFile, doc: &ParsedDoc) -> Option<Problem> {
    let mut counts = ScriptCounts::default();
    match &doc.content {
        DocContent::Coded(rows) => rows.iter().for_each(|r| counts.add(&r.text)),
        DocContent::Causes(causes) => causes.iter().for_each(|c| counts.add(&c.text)),
    }
    let seen = counts.language();
    if seen == Some(doc.spec.lang) {
        return None;
    }
    let seen_name = seen.map_or("no letters of a known script".to_owned(), |l| format!("{} ({l})", l.name()));
    let first_line = doc.table.rows.first().map_or(doc.table.line, |r| r.line);
    Some(
        Problem::at(
            manifest,
            doc.spec.lang_line,
            &doc.spec.lang_tag,
            format!("{} is declared `{}` but its table is written in {seen_name}", doc.file.path, doc.spec.lang_tag),
            "declared here",
        )
        .help(format!(
            "fix the doc's lang in the manifest (Hangul: ko, kana: ja, Han without kana: zh, Latin: en); counted {} Hangul, {} kana, {} Han, {} Latin letters",
            counts.hangul, counts.kana, counts.han, counts.latin
        ))
        .with_related(Problem::at(&doc.file, first_line, "", "the table's first row", "written here").note()),
    )
}
