//! A table's written cells → its grid: `colspan` copies to the right,
//! `rowspan` copies below, each row one cell per grid column.

use crate::diag::{Problem, SourceFile};
use crate::model::{Cell, Placement, Row, Table, TableSyntax};

/// Largest number of rows accepted in one table.
pub const MAX_ROWS: usize = 200_000;
/// Largest number of grid columns accepted in one table.
pub const MAX_COLUMNS: usize = 64;

/// What a cell's text starts each item of a list in it with (`<li>`), so
/// that the items stay apart when the cell is read as one line of text.
pub const LIST_ITEM: &str = "• ";

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
/// and `rowspan` copies below. The first row is the header when all its
/// cells are header cells.
///
/// # Errors
/// A table of more than [`MAX_ROWS`] rows, a row wider than [`MAX_COLUMNS`],
/// a `rowspan` running past the end of the table.
pub(super) fn expand(file: &SourceFile, syntax: TableSyntax, table_line: usize, rows: WrittenRows) -> Result<Table, Vec<Problem>> {
    if rows.len() > MAX_ROWS {
        return Err(vec![
            Problem::at(file, table_line, "", format!("the table has {} rows, more than the limit of {MAX_ROWS}", rows.len()), "table")
                .help("split the doc, or raise codegen::parse::MAX_ROWS"),
        ]);
    }
    let row_count = rows.len();
    let mut expansion = Expansion { file, carried: Vec::new(), problems: Vec::new() };
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

/// The grid being made, a row at a time.
struct Expansion<'f> {
    file: &'f SourceFile,
    /// Per grid column, the cell a rowspan above still covers it with.
    carried: Vec<Option<Carried>>,
    problems: Vec<Problem>,
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
                    cells.push(Cell { text: String::new(), line, placement: Placement::Written, header: false });
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
            for k in 0..sc.colspan {
                let placement = if k == 0 { Placement::Written } else { Placement::FromLeft };
                let cell = Cell { text: sc.text.clone(), line: sc.line, placement, header: sc.header };
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
