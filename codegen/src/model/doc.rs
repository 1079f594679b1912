//! A doc as parsing leaves it: its manifest entry, its tables as cell grids
//! with `colspan`/`rowspan` expanded, every row and cell keeping its source
//! line, and the rows they mean once read as codes (or as code-less causes).

use std::fmt::{self, Write as _};

use super::{Code, KeyValue, Role};
use crate::diag::SourceFile;
use crate::lang::Lang;

/// One `[[doc]]` entry of the manifest, checked.
#[derive(Debug, Clone)]
pub struct DocSpec {
    /// Source id: lowercase ASCII letters, digits and `-`; unique.
    pub id: String,
    /// File name inside the seed folder.
    pub file: String,
    /// The doc's language.
    pub lang: Lang,
    /// The tag as the manifest writes it (e.g. `ja_jp`).
    pub lang_tag: String,
    /// What the doc contributes.
    pub role: Role,
    /// Which of the doc's tables hold its codes.
    pub tables: TableChoice,
    /// The page the doc was taken from.
    pub origin: String,
    /// The file's name as delivered upstream, if recorded.
    pub upstream: Option<String>,
    /// 1-based line of the entry's `lang` key, for diagnostics about the language.
    pub lang_line: usize,
    /// 1-based line of the entry's `file` key.
    pub file_line: usize,
}

/// Which of a doc's tables to read: those under a heading, those with given
/// column headers, and one table or all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableChoice {
    /// Read every table that matches (each row keeps its section heading);
    /// otherwise exactly one table must match.
    pub all: bool,
    /// Only tables in the section under the heading with this text (at any
    /// level, up to the next heading of that level or higher).
    pub heading: Option<String>,
    /// Only tables whose header cells are these texts, in order (compared
    /// with whitespace collapsed, case-insensitively).
    pub columns: Option<Vec<String>>,
}

impl TableChoice {
    /// Whether the choice is the default: the doc's one table.
    pub fn is_default(&self) -> bool {
        *self == TableChoice::default()
    }
}

/// How a grid cell came to be at its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// The cell as written in the source.
    Written,
    /// A copy of the cell to its left, made by that cell's `colspan`.
    FromLeft,
    /// A copy of the cell above, made by that cell's `rowspan`.
    FromAbove,
}

/// Largest number of grid columns a table may have, and a set's `[table]`
/// (the real docs' tables have 1 to 4).
pub const MAX_COLUMNS: usize = 16;

/// One cell of the expanded grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The cell's text: inline markup removed, entities decoded, runs of whitespace
    /// collapsed to one space, trimmed.
    pub text: std::sync::Arc<str>,
    /// 1-based line where the written cell starts.
    pub line: usize,
    /// Whether the cell was written here or copied by a span.
    pub placement: Placement,
    /// Whether the source marked it as a header cell (`<th>`, or a pipe table's head).
    pub header: bool,
}

/// One row of the expanded grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line where the row starts (its `<tr>`, or the pipe row's line).
    pub line: usize,
    /// The cells, one per grid column, spans expanded.
    pub cells: Vec<Cell>,
}

/// Which syntax a table was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableSyntax {
    /// A raw HTML `<table>` inside the Markdown.
    Html,
    /// A Markdown (GFM) pipe table.
    Pipe,
}

/// A heading of a doc, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Its text, inline markup removed, whitespace collapsed.
    pub text: String,
    /// Its level, 1 (`#`) to 6.
    pub level: u8,
    /// 1-based line.
    pub line: usize,
}

/// A table read from a doc, spans expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// HTML or pipe table.
    pub syntax: TableSyntax,
    /// 1-based line where the table starts.
    pub line: usize,
    /// The headings the table sits under, outermost first (the last is its section).
    pub headings: Vec<Heading>,
    /// The header row, when the first row is all header cells.
    pub header: Option<Row>,
    /// The body rows, in source order.
    pub rows: Vec<Row>,
}

impl Table {
    /// A compact, line-per-row rendering for snapshots and debugging:
    /// `L31  "0" | <"0" | "Unknown error."`, where `<` marks a `colspan` copy
    /// and `^` a `rowspan` copy.
    pub fn to_text(&self) -> String {
        let mut out = format!("{:?} table at line {}", self.syntax, self.line);
        if let Some(section) = self.section() {
            let _ = write!(out, " under {:?}", section.text);
        }
        out.push('\n');
        for (kind, row) in self.header.iter().map(|r| ("head", r)).chain(self.rows.iter().map(|r| ("body", r))) {
            let _ = write!(out, "{kind} L{:<4}", row.line);
            for (i, cell) in row.cells.iter().enumerate() {
                let mark = match cell.placement {
                    Placement::Written => "",
                    Placement::FromLeft => "<",
                    Placement::FromAbove => "^",
                };
                let _ = write!(out, "{}{mark}{:?}", if i == 0 { " " } else { " | " }, cell.text);
            }
            out.push('\n');
        }
        out
    }

    /// The heading of the section the table is in, if any.
    pub fn section(&self) -> Option<&Heading> {
        self.headings.last()
    }
}

/// A row of a coded doc: one code and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodedRow {
    /// The code; key columns the doc leaves out (a `colspan`'d code cell, a
    /// table without the column) hold their default.
    pub code: Code,
    /// The symbolic name, where the set's tables have a symbol column.
    pub symbol: Option<String>,
    /// The text as the doc writes it (see [`Cell::text`]).
    pub text: String,
    /// 1-based line of the text cell.
    pub line: usize,
    /// The heading of the section the row's table is in (when the doc reads
    /// all its tables, or the set's categories come from sections).
    pub section: Option<String>,
}

/// A cause of a code-less doc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    /// The cause text as the doc writes it.
    pub text: String,
    /// 1-based line of the cell.
    pub line: usize,
}

/// A row of an errmsg doc: an errcode, the `errmsg` string callbacks carry
/// with it, and the reason in the doc's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrmsgRow {
    /// The value of the set's first key column (the callback's `errcode`).
    pub errcode: KeyValue,
    /// The `errmsg` string as the doc writes it (see [`Cell::text`]).
    pub errmsg: String,
    /// The reason as the doc words it.
    pub reason: String,
    /// 1-based line of the row.
    pub line: usize,
}

/// An errmsg doc's row for every errcode it does not list ("Others", "其他").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FallbackRow {
    /// The errcode cell as written (`Others`).
    pub label: String,
    /// What the doc writes in the `errmsg` column (a description, in the doc's language).
    pub errmsg: String,
    /// The reason (what to do), in the doc's language.
    pub reason: String,
    /// 1-based line of the row.
    pub line: usize,
}

/// What a doc says, read from its table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocContent {
    /// Codes with texts, in source order, duplicates removed.
    Coded(Vec<CodedRow>),
    /// Causes without codes, in source order.
    Causes(Vec<Cause>),
    /// An errmsg table's rows, in source order, and its fallback row.
    Errmsgs(Vec<ErrmsgRow>, Option<FallbackRow>),
}

/// A doc parsed and read: its manifest entry, its text and its table.
#[derive(Debug, Clone)]
pub struct ParsedDoc {
    /// The manifest entry.
    pub spec: DocSpec,
    /// The doc's text, for diagnostics.
    pub file: SourceFile,
    /// The doc's path in the project, as the artifacts cite it (`sources[].file`).
    pub cited: String,
    /// Lowercase hex SHA-256 of the doc's bytes as stored (`sources[].sha256`).
    pub sha256: String,
    /// The tables read, spans expanded, in source order.
    pub tables: Vec<Table>,
    /// The rows the tables mean.
    pub content: DocContent,
}

impl fmt::Display for DocContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocContent::Coded(rows) => {
                for r in rows {
                    let values: Vec<String> = r.code.values().iter().map(ToString::to_string).collect();
                    write!(f, "{} L{}", values.join("/"), r.line)?;
                    if let Some(symbol) = &r.symbol {
                        write!(f, " {symbol}")?;
                    }
                    writeln!(f, " {:?}", r.text)?;
                }
            }
            DocContent::Causes(causes) => {
                for c in causes {
                    writeln!(f, "L{} {:?}", c.line, c.text)?;
                }
            }
            DocContent::Errmsgs(rows, fallback) => {
                for r in rows {
                    writeln!(f, "{} L{} {:?} {:?}", r.errcode, r.line, r.errmsg, r.reason)?;
                }
                if let Some(o) = fallback {
                    writeln!(f, "{:?} L{} {:?} {:?}", o.label, o.line, o.errmsg, o.reason)?;
                }
            }
        }
        Ok(())
    }
}
