//! Importing what offices really have: actuals from Excel, LibreOffice and
//! CSV files (`table` → `actuals`), and the plan from the text of its
//! 地域再生計画 document (`plan_text`).

pub mod actuals;
pub mod blocks;
mod collected;
pub mod csv_file;
pub mod fold;
pub mod layout;
pub mod number;
pub mod ods_size;
pub mod plan_text;
pub mod reconciliation;
pub mod report;
pub mod row_reading;
pub mod sheet_xml;
pub mod spreadsheet;
pub mod table;
mod totals_above;
mod xls_container;
mod xls_records;
pub mod xls_size;
pub mod xlsx_parts;
pub mod xlsx_size;
mod xml_part;

use std::path::Path;

use crate::i18n::tr;

/// Whether a file is a table this program can import, by its extension.
#[must_use]
pub fn is_table(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
        Some("csv" | "tsv" | "txt" | "xlsx" | "xlsm" | "xls" | "ods")
    )
}

/// Which sheets of a workbook to read (`--sheet`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SheetChoice {
    /// The one visible sheet with the table's header; several are refused.
    #[default]
    Default,
    /// This sheet (hidden or not: the user named it).
    Named(String),
    /// Every sheet with the table's header (hidden ones only with `--hidden include`).
    All,
}

impl SheetChoice {
    /// `--sheet NAME`, `--sheet all` or nothing.
    #[must_use]
    pub fn from_arg(arg: Option<&str>) -> Self {
        match arg {
            None => SheetChoice::Default,
            Some("all") => SheetChoice::All,
            Some(name) => SheetChoice::Named(name.to_string()),
        }
    }
}

/// What an import read: the actuals (complete only when the
/// reconciliation has no errors), the reconciliation, and the file's bytes.
pub struct Imported {
    pub actuals: crate::domain::actuals::Actuals,
    pub reconciliation: reconciliation::Reconciliation,
    pub bytes: Vec<u8>,
}

/// Sheets not read, each with the reason.
type NotRead = Vec<(String, String)>;

/// The sheets to read from a workbook, and those not read with the reason.
fn choose_sheets(
    path: &Path,
    bytes: &[u8],
    choice: &SheetChoice,
    options: &actuals::Options,
) -> Result<(Vec<table::Table>, NotRead), table::CellError> {
    let mut book = spreadsheet::Book::open(path, bytes)?;
    let file = book.file().to_string();
    if let SheetChoice::Named(name) = choice {
        if !book.sheets.iter().any(|s| &s.name == name) {
            return Err(book.no_sheet(name));
        }
        return Ok((vec![book.read(name)?], Vec::new()));
    }
    let include_hidden = options.hidden == actuals::Hidden::Include;
    let (mut with_header, mut not_read, mut hidden_with_header) =
        (Vec::new(), Vec::new(), Vec::new());
    let mut first_visible = None;
    for sheet in book.sheets.clone() {
        let t = book.read(&sheet.name)?;
        // Two columns for one field still make a header: the import says so.
        let has_header = !matches!(layout::find(&t, &options.map, &[]), Ok(None));
        if sheet.hidden && !include_hidden {
            if has_header {
                hidden_with_header.push(sheet.name.clone());
            }
            not_read.push((sheet.name, tr("非表示", "hidden")));
            continue;
        }
        if has_header {
            with_header.push(t);
        } else {
            not_read.push((sheet.name, tr("見出し行なし", "no header row")));
            if first_visible.is_none() && !sheet.hidden {
                first_visible = Some(t);
            }
        }
    }
    match (with_header.len(), choice) {
        (0, _) if !hidden_with_header.is_empty() => Err(table::CellError::file(
            &file,
            tr(
                format!(
                    "表の見出しがあるシートは非表示のものだけです: {}。読むには --sheet NAME でシートを指定してください",
                    hidden_with_header.join(", ")
                ),
                format!(
                    "the only sheets with the table's header are hidden: {}; name one with --sheet NAME to read it",
                    hidden_with_header.join(", ")
                ),
            ),
        )),
        (0, _) => {
            let mut e = match &first_visible {
                Some(t) => actuals::no_header(t),
                None => book.no_visible_sheet(),
            };
            let names = book.names();
            e.message.push_str(&tr(
                format!(
                    "。シートは {names} です。別のシートを読むには --sheet NAME を使ってください"
                ),
                format!("; the sheets are: {names}; use --sheet NAME to read another"),
            ));
            Err(e)
        }
        (1, _) | (_, SheetChoice::All) => Ok((with_header, not_read)),
        _ => {
            let names: Vec<String> = with_header.iter().filter_map(|t| t.sheet.clone()).collect();
            Err(table::CellError::file(
                &file,
                tr(
                    format!(
                        "表の見出しがあるシートが複数あります: {}。--sheet NAME で一つを指定するか、--sheet all ですべて読んでください",
                        names.join(", ")
                    ),
                    format!(
                        "several sheets have the table's header: {}; name one with --sheet NAME, or read them all with --sheet all",
                        names.join(", ")
                    ),
                ),
            ))
        }
    }
}

/// Reads actuals from a table file, checked against `plan`, every row
/// accounted for in the reconciliation. An error here means nothing could
/// be read (the file, its sheets or its header).
pub fn read_actuals(
    path: &Path,
    plan: &crate::domain::plan::Plan,
    choice: &SheetChoice,
    options: &actuals::Options,
) -> Result<Imported, table::CellError> {
    let file = path.display().to_string();
    let bytes = crate::store::ron_file::read_capped(path).map_err(|e| {
        // The error names the file already; the message names it once.
        let text = e.to_string();
        let within = text.strip_prefix(&format!("{file}: ")).unwrap_or(&text).to_string();
        table::CellError::file(&file, within)
    })?;
    let ext =
        path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let (tables, not_read) = match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => choose_sheets(path, &bytes, choice, options)?,
        _ => (vec![csv_file::read(path, &bytes)?], Vec::new()),
    };
    let (actuals, reconciliation) = actuals::read(&file, tables, not_read, plan, options);
    Ok(Imported { actuals, reconciliation, bytes })
}

/// Reads actuals from a table file, checked against `plan`: the actuals
/// and the file's bytes, or every problem found (warnings too: this is the
/// path of a spreadsheet given straight to the program).
pub fn actuals_from_table(
    path: &Path,
    plan: &crate::domain::plan::Plan,
    sheet: Option<&str>,
    map: &std::collections::HashMap<String, actuals::Field>,
) -> Result<(crate::domain::actuals::Actuals, Vec<u8>), Vec<table::CellError>> {
    let options = actuals::Options { map: map.clone(), hidden: actuals::Hidden::Stop };
    let imported =
        read_actuals(path, plan, &SheetChoice::from_arg(sheet), &options).map_err(|e| vec![e])?;
    let rec = imported.reconciliation;
    if !rec.errors.is_empty() {
        return Err(rec.errors);
    }
    // The meeting's screens have no place for the import's warnings: given
    // straight to the program, a warning stops the loading like an error.
    if !rec.warnings.is_empty() {
        return Err(rec
            .warnings
            .into_iter()
            .map(|w| table::CellError {
                message: crate::i18n::tr(
                    format!(
                        "{}。kpi-council import actuals で照合表を確かめて actuals.ron を書き出し、それを指定してください",
                        w.message
                    ),
                    format!(
                        "{}; run `kpi-council import actuals` to read the reconciliation and write actuals.ron",
                        w.message
                    ),
                ),
                ..w
            })
            .collect());
    }
    Ok((imported.actuals, imported.bytes))
}
