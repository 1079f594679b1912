//! A doc as parsing leaves it: its manifest entry, a cell grid with
//! `colspan`/`rowspan` expanded, every row and cell keeping its source line,
//! and the rows it means once read as codes (or as code-less causes).

use std::fmt::{self, Write as _};

use super::Role;
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
    /// The tag as the manifest writes it (e.g. `ja-JP`).
    pub lang_tag: String,
    /// What the doc contributes.
    pub role: Role,
    /// The page the doc was taken from.
    pub origin: String,
    /// The file's name as delivered upstream, if recorded.
    pub upstream: Option<String>,
    /// 1-based line of the entry's `lang` key, for diagnostics about the language.
    pub lang_line: usize,
    /// 1-based line of the entry's `file` key.
    pub file_line: usize,
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

/// One cell of the expanded grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The cell's text: inline markup removed, entities decoded, runs of whitespace
    /// collapsed to one space, trimmed.
    pub text: String,
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

/// A table read from a doc, spans expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// HTML or pipe table.
    pub syntax: TableSyntax,
    /// 1-based line where the table starts.
    pub line: usize,
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
        let mut out = format!("{:?} table at line {}\n", self.syntax, self.line);
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
}

/// A row of a coded doc: one code pair and its reason text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodedRow {
    /// The `errcode` (0–[`super::MAX_CODE`]).
    pub errcode: u16,
    /// The `sub_errcode` (0–[`super::MAX_CODE`]); `0` where the doc gives none (a
    /// `colspan`'d code cell or a two-column table).
    pub sub_errcode: u16,
    /// The reason text as the doc writes it (see [`Cell::text`]).
    pub text: String,
    /// 1-based line of the reason cell.
    pub line: usize,
}

/// A cause of a code-less doc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    /// The cause text as the doc writes it.
    pub text: String,
    /// 1-based line of the cell.
    pub line: usize,
}

/// What a doc says, read from its table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocContent {
    /// Code pairs with reasons, in source order, duplicates removed.
    Coded(Vec<CodedRow>),
    /// Causes without codes, in source order.
    Causes(Vec<Cause>),
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
    /// The table, spans expanded.
    pub table: Table,
    /// The rows the table means.
    pub content: DocContent,
}

impl fmt::Display for DocContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocContent::Coded(rows) => {
                for r in rows {
                    writeln!(f, "{}/{} L{} {:?}", r.errcode, r.sub_errcode, r.line, r.text)?;
                }
            }
            DocContent::Causes(causes) => {
                for c in causes {
                    writeln!(f, "L{} {:?}", c.line, c.text)?;
                }
            }
        }
        Ok(())
    }
}
