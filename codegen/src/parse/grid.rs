//! A table's written cells → its grid: `colspan` copies to the right,
//! `rowspan` copies below, each row one cell per grid column. The copies
//! share the written cell's text. What the expansion would make is counted
//! and checked against the limits before any cell is copied.

use std::sync::Arc;

use crate::diag::{Problem, SourceFile, quoted};
use crate::model::{Cell, MAX_COLUMNS, Placement, Row, Table, TableSyntax};

/// Largest number of rows accepted in one table besides its header (the real
/// docs' tables have at most 70; the 10,000-code synthetic sets of the
/// benchmarks, 10,000).
pub const MAX_ROWS: usize = 20_000;
/// Largest text of one cell, in bytes of UTF-8 (the real docs' reasons are
/// under 200 bytes; a cell with a list of steps, about 1 KiB).
pub const MAX_CELL_BYTES: usize = 16 * 1024;
/// Largest number of grid cells the tables of one doc set make, spans
/// expanded (the real docs: about 900; the 10,000-code synthetic set: about
/// 120,000).
pub const MAX_CELLS: usize = 200_000;
/// Largest number of bytes of cell text the tables of one doc set make,
/// each copy a span makes counted (the real docs: about 20 KiB; the
/// 10,000-code synthetic set: about 2.4 MiB).
pub const MAX_EXPANDED_TEXT: usize = 8 * 1024 * 1024;

/// What a cell's text starts each item of a list in it with (`<li>`), so
/// that the items stay apart when the cell is read as one line of text.
pub const LIST_ITEM: &str = "• ";

/// What is left of a doc set's [`MAX_CELLS`] and [`MAX_EXPANDED_TEXT`] as
/// its tables are read: one for the docs of a set, read in turn.
#[derive(Debug, Clone)]
pub struct Budget {
    cells: usize,
    text: usize,
}

impl Default for Budget {
    /// The whole of both limits.
    fn default() -> Self {
        Budget { cells: MAX_CELLS, text: MAX_EXPANDED_TEXT }
    }
}

/// A table's rows as written, before span expansion: each row's line and cells.
pub(super) type WrittenRows = Vec<(usize, Vec<SourceCell>)>;

/// One written cell before span expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SourceCell {
    pub text: String,
    pub line: usize,
    pub header: bool,
    pub colspan: usize,
    pub rowspan: usize,
}

/// A cell copied down by a `rowspan`, and how many more rows it covers.
struct Carried {
    rows_left: usize,
    cell: Cell,
}

/// Expands written cells into the grid, filling `colspan` copies to the right
/// and `rowspan` copies below, and takes what it makes from `budget`. The
/// first row is the header when all its cells are header cells.
///
/// # Errors
/// Before anything is copied: a table of more than [`MAX_ROWS`] rows, a row
/// wider than [`MAX_COLUMNS`], a cell of more than [`MAX_CELL_BYTES`], a
/// table that would make more cells or text than is left of `budget`. While
/// expanding: a `rowspan` running past the end of the table.
pub(super) fn expand(
    file: &SourceFile,
    syntax: TableSyntax,
    table_line: usize,
    rows: WrittenRows,
    budget: &mut Budget,
) -> Result<Table, Vec<Problem>> {
    check_limits(file, table_line, &rows, budget)?;
    let row_count = rows.len();
    let mut expansion = Expansion { carried: Vec::new(), problems: Vec::new(), file };
    let mut grid = Vec::with_capacity(rows.len());
    for (r, (line, written)) in rows.into_iter().enumerate() {
        let cells = expansion.row(line, written, row_count - r);
        grid.push(Row { line, cells });
    }
    if !expansion.problems.is_empty() {
        return Err(expansion.problems);
    }
    let header = match grid.first() {
        Some(first) if !first.cells.is_empty() && first.cells.iter().all(|c| c.header) => Some(grid.remove(0)),
        _ => None,
    };
    Ok(Table { syntax, line: table_line, headings: Vec::new(), header, rows: grid })
}

/// Refuses a table that is too long, too wide, holds too large a cell, or
/// would take more than is left of `budget` once its spans are expanded;
/// otherwise takes that from `budget`. Each cell counts its `colspan` ×
/// `rowspan` copies (the rows its `rowspan` covers within the table).
fn check_limits(file: &SourceFile, table_line: usize, rows: &WrittenRows, budget: &mut Budget) -> Result<(), Vec<Problem>> {
    let refuse = |line: usize, message: String, label: &str, help: &str| Err(vec![Problem::at(file, line, "", message, label).help(help)]);
    if rows.len() > MAX_ROWS + 1 {
        let message = format!("the table has {} rows, more than the limit of {MAX_ROWS} and a header", rows.len());
        return refuse(
            table_line,
            message,
            "table",
            "the docs' tables have at most a few hundred rows; check that this is the right file, or split the table",
        );
    }
    let (mut cells, mut text) = (0usize, 0usize);
    for (r, (line, written)) in rows.iter().enumerate() {
        let width: usize = written.iter().map(|c| c.colspan).sum();
        if width > MAX_COLUMNS {
            return refuse(
                *line,
                format!("the row is {width} columns wide, more than the limit of {MAX_COLUMNS}"),
                "too wide",
                "check colspan values and the number of cells in this row",
            );
        }
        for cell in written {
            if cell.text.len() > MAX_CELL_BYTES {
                let message = format!("the cell's text {} is more than the limit of {MAX_CELL_BYTES} bytes", quoted(&cell.text));
                return refuse(
                    cell.line,
                    message,
                    "too long",
                    "a cell holds one reason of a sentence or two; check for a tag left open before this cell",
                );
            }
            let copies = cell.colspan * cell.rowspan.min(rows.len() - r);
            cells += copies;
            text += copies * cell.text.len();
            if cells > budget.cells {
                let message = format!(
                    "the doc set's tables make more than the limit of {MAX_CELLS} cells once spans are expanded (this cell makes {copies})"
                );
                return refuse(
                    cell.line,
                    message,
                    "spans",
                    "check the rowspan and colspan values here; the docs' tables have at most a few thousand cells",
                );
            }
            if text > budget.text {
                let message = format!(
                    "the doc set's tables make more than the limit of {MAX_EXPANDED_TEXT} bytes of text once spans are expanded (this cell makes {})",
                    copies * cell.text.len()
                );
                return refuse(
                    cell.line,
                    message,
                    "spans",
                    "check the rowspan and colspan values here, and for a tag left open before this cell",
                );
            }
        }
    }
    budget.cells -= cells;
    budget.text -= text;
    Ok(())
}

/// The grid being made, a row at a time.
struct Expansion<'f> {
    /// Per grid column, the cell a rowspan above still covers it with.
    carried: Vec<Option<Carried>>,
    problems: Vec<Problem>,
    file: &'f SourceFile,
}

impl Expansion<'_> {
    /// One row of the grid (`rows_left` rows of the table from this one on):
    /// its written cells placed after the cells carried down from above,
    /// each spread over its `colspan`.
    fn row(&mut self, line: usize, written: Vec<SourceCell>, rows_left: usize) -> Vec<Cell> {
        let (file, carried, problems) = (self.file, &mut self.carried, &mut self.problems);
        let mut cells: Vec<Cell> = Vec::new();
        let mut written = written.into_iter();
        loop {
            let col = cells.len();
            if let Some(slot) = carried.get_mut(col)
                && let Some(above) = slot
            {
                cells.push(Cell { placement: Placement::FromAbove, ..above.cell.clone() });
                above.rows_left -= 1;
                if above.rows_left == 0 {
                    *slot = None;
                }
                continue;
            }
            let Some(sc) = written.next() else {
                if carried.iter().skip(col).any(Option::is_some) {
                    // A rowspan further right still covers this row: the gap is an empty cell.
                    cells.push(Cell { text: Arc::from(""), line, placement: Placement::Written, header: false });
                    continue;
                }
                return cells;
            };
            if col + sc.colspan > MAX_COLUMNS {
                problems.push(
                    Problem::at(file, sc.line, "", format!("the row is wider than {MAX_COLUMNS} columns"), "too wide")
                        .help("check colspan values and the number of cells in this row"),
                );
                return cells;
            }
            if sc.rowspan > rows_left {
                problems.push(
                    Problem::at(
                        file,
                        sc.line,
                        "rowspan",
                        format!("rowspan='{}' runs past the end of the table ({rows_left} rows left)", sc.rowspan),
                        "too long",
                    )
                    .help("make rowspan count the rows the cell really covers"),
                );
            }
            let text: Arc<str> = Arc::from(sc.text);
            for k in 0..sc.colspan {
                let placement = if k == 0 { Placement::Written } else { Placement::FromLeft };
                let cell = Cell { text: Arc::clone(&text), line: sc.line, placement, header: sc.header };
                if sc.rowspan > 1 {
                    if carried.len() <= col + k {
                        carried.resize_with(col + k + 1, || None);
                    }
                    carried[col + k] = Some(Carried { rows_left: sc.rowspan - 1, cell: cell.clone() });
                }
                cells.push(cell);
            }
        }
    }
}
