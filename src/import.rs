//! Importing what offices really have: actuals from Excel, LibreOffice and
//! CSV files (`table` → `actuals`), and the plan from the text of its
//! 地域再生計画 document (`plan_text`).

pub mod actuals;
pub mod csv_file;
pub mod ods_size;
pub mod plan_text;
pub mod spreadsheet;
pub mod table;

use std::path::Path;

/// Whether a file is a table this program can import, by its extension.
#[must_use]
pub fn is_table(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
        Some("csv" | "tsv" | "txt" | "xlsx" | "xlsm" | "xls" | "ods")
    )
}

/// Reads a CSV or spreadsheet file as a table.
pub fn read_table(
    path: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<table::Table, table::CellError> {
    let ext =
        path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => spreadsheet::read(path, bytes, sheet),
        _ => csv_file::read(path, bytes),
    }
}

/// Reads actuals from a table file, checked against `plan`: the actuals
/// and the file's bytes, or every problem found.
pub fn actuals_from_table(
    path: &Path,
    plan: &crate::domain::plan::Plan,
    sheet: Option<&str>,
    map: &std::collections::HashMap<String, actuals::Field>,
) -> Result<(crate::domain::actuals::Actuals, Vec<u8>), Vec<table::CellError>> {
    let file = path.display().to_string();
    let bytes = crate::store::ron_file::read_capped(path)
        .map_err(|e| vec![table::CellError::file(&file, e.to_string())])?;
    let table = read_table(path, &bytes, sheet).map_err(|e| vec![e])?;
    let actuals = actuals::import(&table, plan, map)?;
    Ok((actuals, bytes))
}
