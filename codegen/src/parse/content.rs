//! A doc's tables → what they mean: codes with texts (a coded doc) or causes
//! without codes, read by the columns the set's manifest names, and whether
//! the texts are in the language the manifest declares.

use std::collections::BTreeMap;

use crate::diag::{Problem, SourceFile};
use crate::lang::ScriptCounts;
use crate::model::{
    Cause, Cell, Code, CodedRow, Column, DocContent, DocSpec, ErrmsgRow, FallbackRow, KeyColumn, KeyError, KeyValue, ParsedDoc, Placement,
    Role, Row, SetSpec, Table,
};

/// Reads the tables as the manifest role says: codes and texts, or causes.
/// Gives the content and its warnings (a code repeated with the same text).
/// `sections`: whether each row keeps its table's section heading.
///
/// # Errors
/// A table without a header row, a header of a width the set's columns do not
/// allow, ragged rows, key cells that are not of their column's type, empty
/// texts or causes, bad symbolic names, a code given twice with different texts.
pub(super) fn read(spec: &DocSpec, set: &SetSpec, file: &SourceFile, tables: &[Table]) -> Result<(DocContent, Vec<Problem>), Vec<Problem>> {
    let sections = spec.tables.all || set.category_from == crate::model::CategoryFrom::Section;
    let mut reading = Reading { file, set, problems: Vec::new(), warnings: Vec::new(), first_at: BTreeMap::new(), rows: Vec::new() };
    let (mut causes, mut errmsgs, mut fallback) = (Vec::new(), Vec::new(), None);
    for table in tables {
        let Some(layout) = reading.layout(spec, table) else { continue };
        let section = table.section().filter(|_| sections).map(|h| h.text.clone());
        match spec.role {
            Role::Causes => causes.extend(reading.causes(&table.rows)),
            Role::Coded => table.rows.iter().for_each(|row| reading.coded_row(row, &layout, section.as_deref())),
            Role::Errmsg => reading.errmsg_rows(&table.rows, &mut errmsgs, &mut fallback),
        }
    }
    let content = match spec.role {
        Role::Causes => DocContent::Causes(causes),
        Role::Coded => DocContent::Coded(reading.rows),
        Role::Errmsg => DocContent::Errmsgs(errmsgs, fallback),
    };
    if reading.problems.is_empty() { Ok((content, reading.warnings)) } else { Err(reading.problems) }
}

/// The rows of one doc being read, table by table.
struct Reading<'a> {
    file: &'a SourceFile,
    set: &'a SetSpec,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    /// Where in `rows` each code was first read.
    first_at: BTreeMap<Code, usize>,
    rows: Vec<CodedRow>,
}

impl Reading<'_> {
    /// What each of the table's columns holds, once its header is checked
    /// against the set's columns: all of them, or fewer when the table leaves
    /// out key columns that have a default (rightmost first). `None`, with a
    /// problem, for a table that cannot be read so.
    fn layout(&mut self, spec: &DocSpec, table: &Table) -> Option<Vec<Column>> {
        let file = self.file;
        let Some(header) = &table.header else {
            let p = Problem::at(file, table.line, "", "the table has no header row", "table starts here")
                .help("the first row must name the columns (<th> cells, or a pipe table's head)");
            self.problems.push(p);
            return None;
        };
        let width = header.cells.len();
        let layout = match spec.role {
            Role::Causes => (width == 1).then(|| vec![Column::Text]),
            Role::Coded => narrowed(self.set, width),
            Role::Errmsg => (width == 3).then(|| vec![Column::Key(0), Column::Skip, Column::Text]),
        };
        let Some(layout) = layout else {
            let needs = match spec.role {
                Role::Causes => "exactly one (the cause)".to_owned(),
                Role::Coded => self.column_names(),
                Role::Errmsg => format!("three: the {}, the errmsg string and the reason", self.set.key.columns[0].name),
            };
            let message = format!("the header has {width} columns; a {} doc needs {needs}", spec.role.as_str());
            let p = Problem::at(file, header.line, "", message, "header")
                .help(format!("check the doc's role in the manifest (line {}) and the set's [table] columns", spec.file_line));
            self.problems.push(p);
            return None;
        };
        let ragged: Vec<Problem> = table
            .rows
            .iter()
            .filter(|row| row.cells.len() != width)
            .map(|row| {
                Problem::at(file, row.line, "", format!("the row has {} cells; the header has {width}", row.cells.len()), "ragged row")
                    .help("give every row one cell per column (count colspan and rowspan)")
            })
            .collect();
        if ragged.is_empty() {
            Some(layout)
        } else {
            self.problems.extend(ragged);
            None
        }
    }

    /// The set's columns in words: `errcode, sub_errcode (optional) and reason`.
    fn column_names(&self) -> String {
        let names: Vec<String> = self
            .set
            .columns
            .iter()
            .map(|c| match c {
                Column::Key(i) => {
                    let k = &self.set.key.columns[*i];
                    if k.default.is_some() { format!("{} (optional)", k.name) } else { k.name.clone() }
                }
                Column::Symbol => "the symbol".to_owned(),
                Column::Text => self.set.text.clone(),
                Column::Skip => "a column read past".to_owned(),
            })
            .collect();
        match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// The causes of a code-less doc's rows; an empty cell is a problem.
    fn causes(&mut self, rows: &[Row]) -> Vec<Cause> {
        let mut causes = Vec::new();
        for cell in rows.iter().map(|row| &row.cells[0]) {
            if cell.text.is_empty() {
                self.problems.push(Problem::at(self.file, cell.line, "", "empty cause", "empty").help("remove the row or write the cause"));
            } else {
                causes.push(Cause { text: cell.text.to_string(), line: cell.line });
            }
        }
        causes
    }

    /// Reads the rows of an errmsg table into `rows`: each an errcode, its
    /// `errmsg` string and the reason. The last row may have an errcode cell
    /// that is not a code (`Others`): it is the doc's `fallback`.
    fn errmsg_rows(&mut self, rows: &[Row], out: &mut Vec<ErrmsgRow>, fallback: &mut Option<FallbackRow>) {
        let key = &self.set.key.columns[0];
        for (i, row) in rows.iter().enumerate() {
            let [code, errmsg, reason] = &row.cells[..] else { continue };
            let texts = [(errmsg, "errmsg string"), (reason, "reason")];
            if let Some((empty, what)) = texts.iter().find(|(c, _)| c.text.is_empty()) {
                let p = Problem::at(self.file, empty.line, "", format!("the row gives no {what}"), "empty")
                    .help("fill the cell, or remove the row");
                self.problems.push(p);
                continue;
            }
            let (errmsg, reason) = (errmsg.text.to_string(), reason.text.to_string());
            match key_value(self.file, key, code) {
                Ok(errcode) => out.push(ErrmsgRow { errcode, errmsg, reason, line: row.line }),
                Err(_) if i + 1 == rows.len() && !code.text.is_empty() => {
                    *fallback = Some(FallbackRow { label: code.text.to_string(), errmsg, reason, line: row.line });
                }
                Err(p) => self.problems.push(p),
            }
        }
    }

    /// Reads one row of a coded table and keeps it, each code once: a repeat
    /// with the same text is dropped with a warning, one with another text is
    /// a problem.
    fn coded_row(&mut self, row: &Row, layout: &[Column], section: Option<&str>) {
        let coded = match coded_row(self.file, self.set, row, layout) {
            Ok(coded) => CodedRow { section: section.map(str::to_owned), ..coded },
            Err(found) => return self.problems.extend(found),
        };
        match self.first_at.get(&coded.code) {
            Some(&i) if self.rows[i].text == coded.text => self.warnings.push(repeated(self.file, &self.rows[i], &coded).warning()),
            Some(&i) => self.problems.push(repeated(self.file, &self.rows[i], &coded)),
            None => {
                self.first_at.insert(coded.code.clone(), self.rows.len());
                self.rows.push(coded);
            }
        }
    }
}

/// The layout of a coded table `width` columns wide: the set's columns, less
/// as many key columns with a default as the table is narrower (rightmost
/// first); `None` when that cannot make it fit.
fn narrowed(set: &SetSpec, width: usize) -> Option<Vec<Column>> {
    let mut layout = set.columns.clone();
    while layout.len() > width {
        let optional = layout.iter().rposition(|c| matches!(c, Column::Key(i) if set.key.columns[*i].default.is_some()))?;
        layout.remove(optional);
    }
    (layout.len() == width).then_some(layout)
}

/// One row of a coded table, read by `layout`: its code, symbol and text.
/// A key cell merged from the left (`colspan`) holds its column's default,
/// as does a key column the table leaves out.
///
/// # Errors
/// Key cells that are not of their column's type, a bad symbolic name, an empty text.
fn coded_row(file: &SourceFile, set: &SetSpec, row: &Row, layout: &[Column]) -> Result<CodedRow, Vec<Problem>> {
    let mut values: Vec<Option<KeyValue>> = set.key.columns.iter().map(|c| c.default.clone()).collect();
    let (mut symbol, mut text, mut problems) = (None, None, Vec::new());
    for (column, cell) in layout.iter().zip(&row.cells) {
        match column {
            Column::Key(i) => {
                let key = &set.key.columns[*i];
                if cell.placement == Placement::FromLeft && key.default.is_some() {
                    continue;
                }
                match key_value(file, key, cell) {
                    Ok(v) => values[*i] = Some(v),
                    Err(p) => problems.push(p),
                }
            }
            Column::Symbol => match symbol_of(file, cell) {
                Ok(s) => symbol = Some(s),
                Err(p) => problems.push(p),
            },
            Column::Text => text = Some(cell),
            Column::Skip => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Every key column is in the set's columns, and only those with a default can be left out.
    let (Some(values), Some(text)) = (values.into_iter().collect::<Option<Vec<KeyValue>>>(), text) else {
        let p = Problem::at(file, row.line, "", "the row gives no code or no text", "row").help("check the set's [table] columns");
        return Err(vec![p]);
    };
    let code = set.key.code(values);
    if text.text.is_empty() {
        let p = Problem::at(file, text.line, "", format!("code {code} has no {} text", set.text), "empty text")
            .help(format!("write the {}, or remove the row", set.text));
        return Err(vec![p]);
    }
    Ok(CodedRow { code, symbol, text: text.text.to_string(), line: text.line, section: None })
}

/// Reads a key cell as its column's type.
fn key_value(file: &SourceFile, column: &KeyColumn, cell: &Cell) -> Result<KeyValue, Problem> {
    let text = &*cell.text;
    let name = &column.name;
    let problem = |message: String, help: String| Problem::at(file, cell.line, text, message, format!("bad {name}")).help(help);
    if text.is_empty() {
        return Err(problem(format!("the {name} cell is empty"), format!("write the {name} of the row")));
    }
    column.ty.parse(text).map_err(|why| {
        let help = match why {
            KeyError::NotWhole => format!("the {name} is a whole number; is a header row missing, or the set's [table] columns wrong?"),
            KeyError::OtherDigits => format!("write the {name} with the ASCII digits 0-9"),
            KeyError::LeadingZero => format!("write the {name} without leading zeros, if that is the code the vendor sends"),
            KeyError::OutOfRange(ty) => format!("check the {name}: the set's manifest gives it type {}", ty.as_str()),
            KeyError::NotOneWord => format!("a {} code is one word; check the set's [table] columns", column.ty.as_str()),
        };
        problem(format!("{name} `{}` {why}", crate::diag::clip(text)), help)
    })
}

/// Reads a symbol cell: an identifier of ASCII letters, digits and `_`
/// (`ERR_ROOM_ENTER_FAIL`), not starting with a digit.
fn symbol_of(file: &SourceFile, cell: &Cell) -> Result<String, Problem> {
    let s = cell.text.trim_matches('`');
    let valid = s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(s.to_owned())
    } else {
        Err(Problem::at(file, cell.line, &cell.text, format!("`{}` is not a symbolic name", cell.text), "not a symbol")
            .help("a symbolic name is ASCII letters, digits and `_`, such as ERR_ROOM_ENTER_FAIL"))
    }
}

/// The problem of a code listed again (`again`) after `first`.
fn repeated(file: &SourceFile, first: &CodedRow, again: &CodedRow) -> Problem {
    let same = first.text == again.text;
    let problem = Problem::at(
        file,
        again.line,
        "",
        format!(
            "code {} is listed again (first at line {}){}",
            again.code,
            first.line,
            if same { " with the same text; the repeat is ignored" } else { " with a different text" }
        ),
        "repeated code",
    );
    if same {
        problem.help("remove the repeated row")
    } else {
        problem.help(format!("keep one row for the code; the first says {}", crate::diag::quoted(&first.text)))
    }
}

/// Checks the manifest's language (`manifest`: the manifest file) against
/// the script of the doc's table texts: a problem when they disagree. A
/// language whose script this tool does not know is not checked.
pub(super) fn check_language(manifest: &SourceFile, doc: &ParsedDoc) -> Option<Problem> {
    let expected = doc.spec.lang.script()?;
    let mut counts = ScriptCounts::default();
    match &doc.content {
        DocContent::Coded(rows) => rows.iter().for_each(|r| counts.add(&r.text)),
        DocContent::Causes(causes) => causes.iter().for_each(|c| counts.add(&c.text)),
        DocContent::Errmsgs(rows, _) => rows.iter().for_each(|r| counts.add(&r.reason)),
    }
    let seen = counts.script();
    if seen == Some(expected) {
        return None;
    }
    let seen_name = match (seen, counts.guess()) {
        (Some(script), Some(tag)) => format!("{} (as `{tag}` is)", script.name()),
        _ => "no letters of a known script".to_owned(),
    };
    let first_line = doc.tables.first().map_or(1, |t| t.rows.first().map_or(t.line, |r| r.line));
    Some(
        Problem::at(
            manifest,
            doc.spec.lang_line,
            &doc.spec.lang_tag,
            format!("{} is declared `{}` ({}) but its table is written in {seen_name}", doc.file.path, doc.spec.lang_tag, doc.spec.lang.name()),
            "declared here",
        )
        .help(format!(
            "fix the doc's lang in the manifest (Hangul: ko, kana: ja, Han without kana: zh, Latin: en or another Latin-script language); counted {} Hangul, {} kana, {} Han, {} Latin, {} Cyrillic letters",
            counts.hangul, counts.kana, counts.han, counts.latin, counts.cyrillic
        ))
        .with_related(Problem::at(&doc.file, first_line, "", "the table's first row", "written here").note()),
    )
}
