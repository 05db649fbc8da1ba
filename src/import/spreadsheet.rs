//! Excel (xlsx, xls) and LibreOffice (ods) files, read with calamine.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Seek};
use std::path::Path;

use calamine::{Data, Reader, Sheets, Xlsx, open_workbook_auto_from_rs};

use super::table::{CellError, Row, Table, Value};

fn value(cell: &Data) -> Value {
    match cell {
        Data::Empty | Data::Error(_) => Value::Empty,
        Data::String(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Float(f) => Value::Number(*f),
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => Value::Number(*i as f64),
        Data::Bool(b) => Value::Text(b.to_string()),
        Data::DateTime(dt) => {
            dt.as_datetime().map_or(Value::Number(dt.as_f64()), |d| Value::Date(d.date()))
        }
        Data::DateTimeIso(s) => {
            chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
                .map_or_else(|_| Value::Text(s.clone()), Value::Date)
        }
    }
}

/// Reads one sheet: `sheet`, or the first. The spreadsheet library is not
/// trusted to survive a hostile file: a panic inside it becomes an error.
pub fn read(path: &Path, bytes: &[u8], sheet: Option<&str>) -> Result<Table, CellError> {
    let file = path.display().to_string();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_sheet(&file, bytes, sheet)))
        .unwrap_or_else(|_| {
            Err(CellError::file(&file, "cannot read the spreadsheet: the file is damaged"))
        })
}

fn read_sheet(file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Table, CellError> {
    let file = file.to_string();
    super::ods_size::check(bytes, MAX_CELLS as u64).map_err(|e| CellError::file(&file, e))?;
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| CellError::file(&file, format!("cannot read the spreadsheet: {e}")))?;
    // The format is told by the content, whatever the file's name says. An
    // Excel binary workbook is read by allocating its whole used rectangle
    // (an 800-byte one can ask for 512 GiB), and no city office needs it.
    if let Sheets::Xlsb(_) = book {
        return Err(CellError::file(
            &file,
            "Excel binary workbooks (.xlsb) are not read; save the file as .xlsx or .csv",
        ));
    }
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| {
            CellError::file(
                &file,
                format!("there is no sheet {s:?}; the sheets are: {}", names.join(", ")),
            )
        })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| CellError::file(&file, "the spreadsheet has no sheets"))?,
    };
    let in_sheet = |message: String| CellError {
        sheet: Some(name.clone()),
        ..CellError::file(&file, message)
    };
    if let Sheets::Xlsx(xlsx) = &mut book {
        let (rows, first_column) = xlsx_rows(xlsx, &name).map_err(in_sheet)?;
        return Ok(Table { file, sheet: Some(name), rows, first_column });
    }
    let range =
        book.worksheet_range(&name).map_err(|e| in_sheet(format!("cannot read the sheet: {e}")))?;
    let (top, left) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| Row { number: top + i + 1, cells: cells.iter().map(value).collect() })
        .collect();
    Ok(Table { file, sheet: Some(name), rows, first_column: left })
}

/// At most this many cells are held for one sheet: a city's actuals are a
/// few thousand rows of a dozen columns.
const MAX_CELLS: usize = 2_000_000;

/// The rows of an xlsx sheet, read cell by cell. calamine's
/// `worksheet_range` allocates the whole rectangle from the first used cell
/// to the last, so a 5 KB file with cells at A1 and XFD1048576 would ask
/// for 512 GiB; here only the rows that hold values are kept, each as wide
/// as its last value, and the total is bounded.
fn xlsx_rows<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    name: &str,
) -> Result<(Vec<Row>, usize), String> {
    let too_large = |row: u32, column: u32| {
        format!(
            "the sheet is too large to read: it reaches row {} and column {}; at most {MAX_CELLS} cells are read",
            row + 1,
            super::table::column_letters(column as usize)
        )
    };
    let mut cells =
        book.worksheet_cells_reader(name).map_err(|e| format!("cannot read the sheet: {e}"))?;
    let mut by_row: BTreeMap<u32, Vec<(u32, Value)>> = BTreeMap::new();
    let mut count = 0usize;
    while let Some(cell) = cells.next_cell().map_err(|e| format!("cannot read the sheet: {e}"))? {
        let (row, column) = cell.get_position();
        let v = value(&Data::from(cell.get_value().clone()));
        if matches!(v, Value::Empty) {
            continue;
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(too_large(row, column));
        }
        by_row.entry(row).or_default().push((column, v));
    }
    let left = by_row.values().flatten().map(|(c, _)| *c).min().unwrap_or(0);
    let mut held = 0usize;
    let mut rows = Vec::with_capacity(by_row.len());
    for (row, values) in by_row {
        let right = values.iter().map(|(c, _)| *c).max().unwrap_or(left);
        let width = (right - left) as usize + 1;
        held += width;
        if held > MAX_CELLS {
            return Err(too_large(row, right));
        }
        let mut dense = vec![Value::Empty; width];
        for (column, v) in values {
            dense[(column - left) as usize] = v;
        }
        rows.push(Row { number: row as usize + 1, cells: dense });
    }
    Ok((rows, left as usize))
}
