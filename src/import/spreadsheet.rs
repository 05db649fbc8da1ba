//! Excel (xlsx, xls) and LibreOffice (ods) files, read with calamine.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto_from_rs};

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

/// Reads one sheet: `sheet`, or the first.
pub fn read(path: &Path, bytes: &[u8], sheet: Option<&str>) -> Result<Table, CellError> {
    let file = path.display().to_string();
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| CellError::file(&file, format!("cannot read the spreadsheet: {e}")))?;
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
    let range = book.worksheet_range(&name).map_err(|e| CellError {
        sheet: Some(name.clone()),
        ..CellError::file(&file, format!("cannot read the sheet: {e}"))
    })?;
    let (top, left) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| Row { number: top + i + 1, cells: cells.iter().map(value).collect() })
        .collect();
    Ok(Table { file, sheet: Some(name), rows, first_column: left })
}
