//! Excel (xlsx, xls) and LibreOffice (ods) files, read with calamine.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Seek};
use std::path::Path;

use calamine::{
    Data, DataRef, Reader, SheetType, SheetVisible, Sheets, Xlsx, open_workbook_auto_from_rs,
};

use super::sheet_xml;
use super::table::{CellError, Row, Table, Value, error_name};

/// A text cell's value: a formula's error kept as its text (LibreOffice
/// does so) is an error.
fn text_value(s: &str) -> Value {
    error_name(s).map_or_else(|| Value::Text(s.to_string()), |n| Value::Error(n.into()))
}

fn value(cell: &Data) -> Value {
    match cell {
        Data::Empty => Value::Empty,
        Data::Error(e) => Value::Error(e.to_string()),
        Data::String(s) => text_value(s),
        Data::DurationIso(s) => Value::Text(s.clone()),
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

/// An .xlsx cell's value, its text copied once (a shared text is lent).
fn value_of_ref(cell: &DataRef) -> Value {
    match cell {
        DataRef::String(s) => text_value(s),
        DataRef::SharedString(s) => text_value(s),
        other => value(&Data::from(other.clone())),
    }
}

/// The bytes of text a cell holds.
fn text_of(cell: &Data) -> u64 {
    match cell {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.len() as u64,
        _ => 0,
    }
}

fn text_of_ref(cell: &DataRef) -> u64 {
    match cell {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len() as u64,
        DataRef::SharedString(s) => s.len() as u64,
        _ => 0,
    }
}

/// What the tables read from one workbook hold, all its sheets together:
/// a workbook may name one large sheet many times, and a shared text is
/// copied into every cell that names it. Both are bounded by the limits.
#[derive(Debug, Default, Clone, Copy)]
struct Held {
    cells: usize,
    text: u64,
}

impl Held {
    /// Adds a cell's text, refused past the text budget; `at` is the cell.
    fn text(&mut self, bytes: u64, at: (u32, u32)) -> Result<(), String> {
        self.text = self.text.saturating_add(bytes);
        let limits = crate::store::limits::limits();
        if self.text > limits.text_budget() {
            let (held, row, column) =
                (self.text, u64::from(at.0) + 1, super::table::column_letters(at.1 as usize));
            return Err(limits.text_message(
                held,
                (
                    format!(
                        "表計算ファイルのテキストが多すぎて読めません（{row} 行目、{column} 列までで、読んだシートのセルのテキストが合わせて {held} バイトになります）"
                    ),
                    format!(
                        "the spreadsheet holds too much text to read: up to row {row}, column {column}, the cells of the sheets read hold {held} bytes"
                    ),
                ),
            ));
        }
        Ok(())
    }

    /// Refuses a sheet whose XML holds more text than is left of the text
    /// budget, before the library reads it (the text is counted again,
    /// cell by cell, as it is read).
    fn sheet_text(&self, text: u64) -> Result<(), String> {
        let limits = crate::store::limits::limits();
        let held = self.text.saturating_add(text);
        if held > limits.text_budget() {
            return Err(limits.text_message(
                held,
                (
                    format!(
                        "表計算ファイルのテキストが多すぎて読めません（このシートの XML に {text} バイトあり、読んだシートと合わせて {held} バイトになります）"
                    ),
                    format!(
                        "the spreadsheet holds too much text to read: this sheet's XML holds {text} bytes, {held} with the sheets read"
                    ),
                ),
            ));
        }
        Ok(())
    }

    /// Adds `n` cells, refused past the cells limit; `at` is the last.
    fn cells(&mut self, n: usize, at: (u32, u32)) -> Result<(), String> {
        self.cells = self.cells.saturating_add(n);
        let limits = crate::store::limits::limits();
        if self.cells > limits.cells {
            let (row, column) = (u64::from(at.0) + 1, super::table::column_letters(at.1 as usize));
            return Err(limits.cells_message((
                format!(
                    "シートが大きすぎて読めません（{row} 行目、{column} 列まであります。読んだシートを合わせて数えます）"
                ),
                format!(
                    "the sheet is too large to read: it reaches row {row} and column {column} (the sheets read count together)"
                ),
            )));
        }
        Ok(())
    }
}

/// An open workbook: its sheets (with their visibility) and the means to
/// read each one as a table.
pub struct Book {
    file: String,
    bytes: Vec<u8>,
    inner: Sheets<Cursor<Vec<u8>>>,
    /// Every worksheet, in the workbook's order.
    pub sheets: Vec<SheetInfo>,
    /// What the sheets read so far hold.
    held: Held,
    /// An .xls's placeholders, by the sheet's place among the sheet
    /// records (as calamine lists them), read once at opening.
    placeholders: Vec<super::table::Unsettled>,
    /// An .xls's hidden rows and columns, by the sheet's place among the
    /// sheet records.
    xls_hidden: Vec<super::xls_records::Hidden>,
    /// An .xls's cells shown as percentages or in thousands, by the
    /// sheet's place among the sheet records; `None` where not read (a
    /// workbook older than Excel 97).
    xls_shown: Option<Vec<super::xls_records::Shown>>,
}

/// A sheet's name and whether it is hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetInfo {
    pub name: String,
    pub hidden: bool,
}

/// Runs the spreadsheet library, which is not trusted to survive a hostile
/// file: a panic inside it becomes an error naming the file, said in one
/// line (see [`crate::guard`]).
fn guarded<T>(file: &str, f: impl FnOnce() -> Result<T, CellError>) -> Result<T, CellError> {
    crate::guard::quietly(f).unwrap_or_else(|_| {
        tracing::warn!(file, "the spreadsheet library panicked on this file");
        Err(CellError::file(
            file,
            crate::i18n::tr(
                "表計算ファイルを読めません: ファイルが壊れています",
                "cannot read the spreadsheet: the file is damaged",
            ),
        ))
    })
}

/// That `what` (`(ja, en)`) cannot be read, with the library's reason in
/// English; in Japanese what to do instead (the library's English is
/// written to the log).
fn unreadable(ja: &str, en: &str, why: &dyn std::fmt::Display) -> String {
    tracing::warn!(reason = %why, "the spreadsheet library could not read {en}");
    crate::i18n::tr(
        format!(
            "{ja}を読めません。ファイルが壊れているようです。Excel か LibreOffice で開けるか確かめ、開けたら保存し直してください"
        ),
        format!("cannot read {en}: {why}"),
    )
}

/// Why a file none of the workbook formats read is not a workbook: empty,
/// text (a CSV named .xlsx), a Word document, or neither (cut short,
/// damaged): each with what to do.
fn not_a_workbook(bytes: &[u8], why: &dyn std::fmt::Display) -> String {
    use crate::i18n::tr;
    let head = &bytes[..bytes.len().min(4096)];
    if bytes.is_empty() {
        tr("ファイルが空です", "the file is empty; expected a workbook (.xlsx, .xls, .ods)")
    } else if !head.contains(&0) && !head.starts_with(b"PK") {
        tr(
            "表計算ファイルではなく、テキストのファイルです。CSV なら名前の末尾を .csv にしてください",
            "the file is text, not a workbook; if it is a CSV, name it .csv",
        )
    } else if head.starts_with(b"PK") && contains(bytes, b"word/document.xml") {
        tr(
            "Word の文書です。実績は .xlsx・.xls・.ods・.csv のファイルで指定してください",
            "the file is a Word document; expected a workbook (.xlsx, .xls, .ods) or a CSV",
        )
    } else {
        unreadable("表計算ファイル", "the spreadsheet", why)
    }
}

/// Whether `needle` is somewhere in `bytes`.
fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// Why a sheet's layout (its hidden rows and columns, merged cells and
/// percentages, read from its XML) could not be read.
fn layout_unread(why: &str) -> String {
    crate::i18n::tr(
        format!("シートの書式（隠した行や列、結合したセル）を読めません: {why}"),
        format!("cannot read the sheet's layout: {why}"),
    )
}

impl Book {
    /// Opens a workbook from its bytes; the format is told by the content.
    pub fn open(path: &Path, bytes: &[u8]) -> Result<Book, CellError> {
        let file = path.display().to_string();
        guarded(&file.clone(), || Book::open_unguarded(file, bytes))
    }

    fn open_unguarded(file: String, bytes: &[u8]) -> Result<Book, CellError> {
        let limits = crate::store::limits::limits();
        super::ods_size::check(bytes, &limits).map_err(|e| CellError::file(&file, e))?;
        super::xls_size::check(bytes, &limits).map_err(|e| CellError::file(&file, e))?;
        super::xlsx_size::check(bytes, &limits).map_err(|e| CellError::file(&file, e))?;
        // Before the library's copy of the workbook: the stream read here
        // is let go first.
        let (placeholders, xls_hidden, xls_shown) = super::xls_container::stream_of(bytes)
            .map(|stream| {
                (
                    super::xls_records::placeholders(&stream),
                    super::xls_records::hidden(&stream),
                    super::xls_records::shown(&stream),
                )
            })
            .unwrap_or_default();
        let inner = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
            .map_err(|e| CellError::file(&file, not_a_workbook(bytes, &e)))?;
        // An Excel binary workbook is read by allocating its whole used
        // rectangle (an 800-byte one can ask for 512 GiB), and no city
        // office needs it. Most are refused before they are opened.
        if let Sheets::Xlsb(_) = inner {
            return Err(CellError::file(&file, super::xlsx_size::xlsb_refused()));
        }
        let sheets = inner
            .sheets_metadata()
            .iter()
            .filter(|s| s.typ == SheetType::WorkSheet)
            .map(|s| SheetInfo { name: s.name.clone(), hidden: s.visible != SheetVisible::Visible })
            .collect::<Vec<_>>();
        // A name given to two sheets: the library reads one of them under
        // it (an .xls, the last), another program each.
        let mut names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        names.sort_unstable();
        if let Some(pair) = names.windows(2).find(|p| p[0] == p[1]) {
            let name = pair[0];
            return Err(CellError::file(
                &file,
                crate::i18n::tr(
                    format!(
                        "二つのシートが同じ名前 {name:?} です。表計算ソフトによって違うシートが読めるため、読みません。Excel や LibreOffice で開いて保存し直してください"
                    ),
                    format!(
                        "two sheets have the same name {name:?}: different programs would read different sheets, so it is not read; open it in Excel or LibreOffice and save it again"
                    ),
                ),
            ));
        }
        Ok(Book {
            file,
            bytes: bytes.to_vec(),
            inner,
            sheets,
            held: Held::default(),
            placeholders,
            xls_hidden,
            xls_shown,
        })
    }

    #[must_use]
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The sheet's names, for messages.
    #[must_use]
    pub fn names(&self) -> String {
        self.sheets
            .iter()
            .map(|s| {
                if s.hidden {
                    crate::i18n::tr(format!("{}（非表示）", s.name), format!("{} (hidden)", s.name))
                } else {
                    s.name.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The error for a sheet `name` the workbook does not have.
    #[must_use]
    pub fn no_sheet(&self, name: &str) -> CellError {
        let names = self.names();
        CellError::file(
            &self.file,
            crate::i18n::tr(
                format!("シート {name:?} はありません。シートは {names} です"),
                format!("there is no sheet {name:?}; the sheets are: {names}"),
            ),
        )
    }

    /// The error for a workbook whose sheets are all hidden.
    #[must_use]
    pub fn no_visible_sheet(&self) -> CellError {
        CellError::file(
            &self.file,
            crate::i18n::tr(
                "表示されているシートがありません",
                "the spreadsheet has no visible sheet",
            ),
        )
    }

    /// Reads one sheet as a table: its values, with error cells kept as
    /// errors, numbers shown as percentages marked so, merged regions
    /// applied to every row they span, hidden rows and columns marked.
    pub fn read(&mut self, name: &str) -> Result<Table, CellError> {
        let file = self.file.clone();
        guarded(&file, || self.read_unguarded(name))
    }

    fn read_unguarded(&mut self, name: &str) -> Result<Table, CellError> {
        let file = self.file.clone();
        let in_sheet = |message: String| CellError {
            sheet: Some(name.to_string()),
            ..CellError::file(&file, message)
        };
        let mut notes = Vec::new();
        let (rows, first_column, facts) = match &mut self.inner {
            Sheets::Xlsx(xlsx) => {
                // The sheet's XML read first: it refuses a text too long
                // for the library to gather.
                let facts =
                    sheet_xml::xlsx(&self.bytes, name).map_err(|e| in_sheet(layout_unread(&e)))?;
                self.held.sheet_text(facts.text).map_err(in_sheet)?;
                let (rows, left) = xlsx_rows(xlsx, name, &mut self.held).map_err(in_sheet)?;
                (rows, left, facts)
            }
            Sheets::Ods(_) => {
                let (rows, left) = self.range_rows(name).map_err(in_sheet)?;
                let facts =
                    sheet_xml::ods(&self.bytes, name).map_err(|e| in_sheet(layout_unread(&e)))?;
                (rows, left, facts)
            }
            _ => {
                let (rows, left) = self.range_rows(name).map_err(in_sheet)?;
                let mut facts = sheet_xml::Facts::default();
                let mut index = None;
                if let Sheets::Xls(xls) = &mut self.inner {
                    // Placeholders stored for results no program computed,
                    // the sheet found by its place among the sheet records.
                    index = xls.sheets_metadata().iter().position(|s| s.name == name);
                    if let Some(found) = index.and_then(|i| self.placeholders.get(i)) {
                        facts.formulas = *found;
                    }
                    // Rows hidden by the user, an autofilter or a collapsed
                    // group, and hidden columns (an .xls sheet has at most
                    // 65,536 rows and 256 columns).
                    if let Some(hidden) = index.and_then(|i| self.xls_hidden.get(i)) {
                        for &(first, last) in &hidden.rows {
                            facts.hidden_rows.set(first, last, 65_536);
                        }
                        for &(first, last) in &hidden.columns {
                            facts.hidden_columns.set(first, last, 256);
                        }
                    }
                    // The formulas' cells: a result read as empty may be one
                    // a program that does not compute formulas left so.
                    if let Ok(formulas) = xls.worksheet_formula(name) {
                        let (top, left) = formulas.start().unwrap_or((0, 0));
                        facts.formula_cells = formulas
                            .used_cells()
                            .filter(|(_, _, f)| !f.is_empty())
                            .filter_map(|(r, c, _)| {
                                let at = (u32::try_from(r).ok()?, u32::try_from(c).ok()?);
                                Some((top.checked_add(at.0)?, left.checked_add(at.1)?))
                            })
                            .collect();
                    }
                    facts.merges = xls
                        .merge_cells_by_sheet_name(name)
                        .unwrap_or_default()
                        .iter()
                        .map(|d| sheet_xml::Region {
                            top: d.start.0,
                            left: d.start.1,
                            bottom: d.end.0,
                            right: d.end.1,
                        })
                        .collect();
                }
                let shown = self.xls_shown.as_ref().and_then(|s| index.and_then(|i| s.get(i)));
                if let Some(shown) = shown {
                    facts.percent.extend(shown.percent.iter().copied());
                    facts.scaled.extend(shown.scaled.iter().copied());
                    facts.units.extend(shown.units.iter().cloned());
                } else {
                    notes.push(crate::i18n::tr(
                        "Excel 5.0/95 以前の形式（.xls）のファイルでは、パーセント表示や千単位表示（#,##0,）のセルが分かりません。確かめるには .xlsx で保存し直してください",
                        "an .xls file older than Excel 97 does not show which cells are shown as percentages or in thousands (#,##0,); save it as .xlsx to have them checked",
                    ));
                }
                (rows, left, facts)
            }
        };
        let mut table = Table::new(file.clone(), Some(name.to_string()), rows, first_column);
        table.notes = notes;
        apply(&mut table, &facts, &mut self.held).map_err(in_sheet)?;
        Ok(table)
    }

    fn range_rows(&mut self, name: &str) -> Result<(Vec<Row>, usize), String> {
        let range =
            self.inner.worksheet_range(name).map_err(|e| unreadable("シート", "the sheet", &e))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::new();
        for (i, cells) in range.rows().enumerate() {
            let at = (top.saturating_add(u32::try_from(i).unwrap_or(u32::MAX)), left);
            let width = u32::try_from(cells.len()).unwrap_or(u32::MAX);
            self.held.cells(cells.len(), (at.0, left.saturating_add(width.saturating_sub(1))))?;
            self.held.text(cells.iter().map(text_of).sum(), at)?;
            rows.push(Row::new(at.0 as usize + 1, cells.iter().map(value).collect()));
        }
        Ok((rows, left as usize))
    }
}

/// What the sheet's XML says, applied to the values read; an error for
/// merged regions that overlap, and for merges that widen the rows past
/// the cells `held` may grow to.
fn apply(table: &mut Table, facts: &sheet_xml::Facts, held: &mut Held) -> Result<(), String> {
    let left = table.first_column;
    table.unsettled = facts.formulas;
    for (r, c) in &facts.formula_cells {
        let number = *r as usize + 1;
        let i = table.rows.partition_point(|row| row.number < number);
        if let Some(row) = table.rows.get(i).filter(|row| row.number == number)
            && let Some(index) = (*c as usize).checked_sub(left)
            && row.cells.get(index).is_none_or(Value::is_empty)
        {
            table.empty_formulas.push((number, index));
        }
    }
    table.empty_formulas.sort_unstable();
    for row in &mut table.rows {
        row.hidden = u32::try_from(row.number - 1).is_ok_and(|r| facts.row_hidden(r));
        for (i, cell) in row.cells.iter_mut().enumerate() {
            let at = (u32::try_from(row.number - 1), u32::try_from(left + i));
            if let (Ok(r), Ok(c)) = at
                && let Value::Number(n) = cell
            {
                if facts.percent.contains(&(r, c)) {
                    *cell = Value::Percent(*n);
                } else if facts.scaled.contains(&(r, c)) {
                    *cell = Value::Scaled(*n);
                } else if let Some(unit) = facts.units.get(&(r, c)) {
                    table.format_units.insert((row.number, i), unit.clone());
                }
            }
        }
    }
    // The rows are in order: each region finds its rows by their numbers.
    let at = |rows: &[Row], number: usize| rows.partition_point(|r| r.number < number);
    let regions = facts.percent_regions.iter().map(|r| (r, Value::Percent as fn(f64) -> Value));
    let scaled = facts.scaled_regions.iter().map(|r| (r, Value::Scaled as fn(f64) -> Value));
    for (region, shown) in regions.chain(scaled) {
        let (first, end) =
            (at(&table.rows, region.top as usize + 1), at(&table.rows, region.bottom as usize + 2));
        let columns = (region.left as usize).saturating_sub(left)
            ..(region.right as usize + 1).saturating_sub(left);
        for row in table.rows.get_mut(first..end).unwrap_or_default() {
            let to = columns.end.min(row.cells.len());
            for cell in row.cells.get_mut(columns.start..to).unwrap_or_default() {
                if let Value::Number(n) = cell {
                    *cell = shown(*n);
                }
            }
        }
    }
    unit_regions(table, &facts.unit_regions);
    let width = table.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    table.hidden_columns =
        facts.hidden_columns_below(u32::try_from(left + width).unwrap_or(u32::MAX));
    // A merged region's value belongs to every row it spans (a company
    // merged down two rows names both); the columns it spans to the right
    // stay empty, so a header merged across two columns is one header.
    let mut regions: Vec<&sheet_xml::Region> =
        facts.merges.iter().filter(|r| r.bottom > r.top && r.left as usize >= left).collect();
    regions.sort_by_key(|r| (r.left, r.top, r.bottom, r.right));
    // A region written twice is one region; two that overlap make a file
    // no spreadsheet writes, whose values could be read two ways.
    regions.dedup();
    if let Some(pair) =
        regions.windows(2).find(|p| p[0].left == p[1].left && p[1].top <= p[0].bottom)
    {
        let (a, b) = (region_name(pair[0]), region_name(pair[1]));
        return Err(crate::i18n::tr(
            format!(
                "結合したセルの範囲 {a} と {b} が重なっています。表計算ソフトで結合を直してください"
            ),
            format!(
                "the merged regions {a} and {b} overlap; mend the merges in a spreadsheet program"
            ),
        ));
    }
    covered_values(table, &facts.merges)?;
    for region in regions {
        let (top, bottom, index) =
            (region.top as usize, region.bottom as usize, region.left as usize - left);
        let first = at(&table.rows, top + 1);
        let Some(v) = table
            .rows
            .get(first)
            .filter(|r| r.number == top + 1)
            .and_then(|r| r.cells.get(index))
            .filter(|v| !v.is_empty())
            .cloned()
        else {
            continue;
        };
        let end = at(&table.rows, bottom + 2);
        for row in table.rows.get_mut(first + 1..end).unwrap_or_default() {
            if row.cells.len() <= index {
                let at = (u32::try_from(row.number - 1).unwrap_or(u32::MAX), region.left);
                held.cells(index + 1 - row.cells.len(), at)?;
                row.cells.resize(index + 1, Value::Empty);
            }
            if row.cells[index].is_empty() {
                row.cells[index] = v.clone();
                table.merged.push((row.number, index, top + 1));
            }
        }
    }
    table.merged.sort_unstable();
    Ok(())
}

/// Notes the number cells of an .ods's regions whose format writes text
/// beside the number, with the text.
fn unit_regions(table: &mut Table, regions: &[(sheet_xml::Region, super::table::SharedUnit)]) {
    let left = table.first_column;
    let at = |rows: &[Row], number: usize| rows.partition_point(|r| r.number < number);
    for (region, unit) in regions {
        let (first, end) =
            (at(&table.rows, region.top as usize + 1), at(&table.rows, region.bottom as usize + 2));
        let columns = (region.left as usize).saturating_sub(left)
            ..(region.right as usize + 1).saturating_sub(left);
        for row in table.rows.get(first..end).unwrap_or_default() {
            let to = columns.end.min(row.cells.len());
            for i in columns.start..to {
                if matches!(row.cells[i], Value::Number(_)) {
                    table.format_units.insert((row.number, i), unit.clone());
                }
            }
        }
    }
}

/// Empties the cells a merged region covers (all but its first): a
/// spreadsheet shows the first cell's value over the region and hides the
/// others (LibreOffice keeps them when asked to), so the table reads as the
/// sheet shows; a number that was under a merge is then read as merged
/// (and refused as such in a value column), never counted unseen. The
/// values emptied are noted, the first named. The cells looked at are at
/// most the cells limit: regions that overlap could otherwise be looked at
/// without end.
fn covered_values(table: &mut Table, merges: &[sheet_xml::Region]) -> Result<(), String> {
    let left = table.first_column;
    let mut looked = 0usize;
    let budget = crate::store::limits::limits().cells;
    let (mut hidden, mut first_place) = (0usize, None);
    for region in merges {
        let at = |number: usize| table.rows.partition_point(|r| r.number < number);
        let rows = at(region.top as usize + 1)..at(region.bottom as usize + 2);
        for row in table.rows.get_mut(rows).unwrap_or_default() {
            let from = (region.left as usize).saturating_sub(left);
            let to = (region.right as usize + 1).saturating_sub(left).min(row.cells.len());
            for (i, cell) in row.cells.get_mut(from..to).unwrap_or_default().iter_mut().enumerate()
            {
                looked += 1;
                if looked > budget {
                    return Err(too_many_merged_cells());
                }
                let first = row.number == region.top as usize + 1
                    && (region.left as usize).checked_sub(left) == Some(from + i);
                if !first && !cell.is_empty() {
                    hidden += 1;
                    first_place.get_or_insert_with(|| {
                        format!("{}{}", super::table::column_letters(left + from + i), row.number)
                    });
                    *cell = Value::Empty;
                }
            }
        }
    }
    if let Some(place) = first_place {
        table.notes.push(crate::i18n::tr(
            format!("結合したセルの下に隠れた値（{place} など {hidden} 個）は、表計算ソフトで見えないため読みません"),
            format!("values hidden under merged cells ({place}, {hidden} in all) are not read: a spreadsheet does not show them"),
        ));
    }
    Ok(())
}

/// The message for more merged cells than the cells limit.
fn too_many_merged_cells() -> String {
    crate::store::limits::limits().cells_message((
        "シートが大きすぎて読めません（結合したセルが多すぎます）".to_string(),
        "the sheet is too large to read: it has too many merged cells".to_string(),
    ))
}

/// `A1:A3`: a region as a spreadsheet names it.
fn region_name(r: &sheet_xml::Region) -> String {
    let cell = |row: u32, column: u32| {
        format!("{}{}", super::table::column_letters(column as usize), u64::from(row) + 1)
    };
    format!("{}:{}", cell(r.top, r.left), cell(r.bottom, r.right))
}

/// Reads one sheet: `sheet`, or the first visible one (the compatibility
/// entry of the fuzz targets; the import chooses sheets itself).
pub fn read(path: &Path, bytes: &[u8], sheet: Option<&str>) -> Result<Table, CellError> {
    let mut book = Book::open(path, bytes)?;
    let name = match sheet {
        Some(s) => s.to_string(),
        None => book
            .sheets
            .iter()
            .find(|s| !s.hidden)
            .map(|s| s.name.clone())
            .ok_or_else(|| book.no_visible_sheet())?,
    };
    if !book.sheets.iter().any(|s| s.name == name) {
        return Err(book.no_sheet(&name));
    }
    book.read(&name)
}

/// The rows of an xlsx sheet, read cell by cell. calamine's
/// `worksheet_range` allocates the whole rectangle from the first used cell
/// to the last, so a 5 KB file with cells at A1 and XFD1048576 would ask
/// for 512 GiB; here only the rows that hold values are kept, each as wide
/// as its last value, and the total is bounded.
fn xlsx_rows<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    name: &str,
    held: &mut Held,
) -> Result<(Vec<Row>, usize), String> {
    let mut cells =
        book.worksheet_cells_reader(name).map_err(|e| unreadable("シート", "the sheet", &e))?;
    let mut by_row: BTreeMap<u32, Vec<(u32, Value)>> = BTreeMap::new();
    // The values are counted as they come, against what the sheets read
    // before hold, so that no more are gathered than may be held.
    let mut values = *held;
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable("シート", "the sheet", &e))?
    {
        let at = cell.get_position();
        held.text(text_of_ref(cell.get_value()), at)?;
        let v = value_of_ref(cell.get_value());
        if matches!(v, Value::Empty) {
            continue;
        }
        values.cells(1, at)?;
        by_row.entry(at.0).or_default().push((at.1, v));
    }
    let left = by_row.values().flatten().map(|(c, _)| *c).min().unwrap_or(0);
    let mut rows = Vec::with_capacity(by_row.len());
    for (row, values) in by_row {
        let right = values.iter().map(|(c, _)| *c).max().unwrap_or(left);
        let width = (right - left) as usize + 1;
        held.cells(width, (row, right))?;
        let mut dense = vec![Value::Empty; width];
        for (column, v) in values {
            dense[(column - left) as usize] = v;
        }
        rows.push(Row::new(row as usize + 1, dense));
    }
    Ok((rows, left as usize))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::guarded;

    #[test]
    fn a_panic_in_the_library_is_one_error_and_prints_no_report() {
        let _one =
            crate::guard::HOOK_TESTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let reports = Arc::new(AtomicUsize::new(0));
        let me = std::thread::current().id();
        let counted = Arc::clone(&reports);
        // Stands for the hook that prints the report to stderr (the
        // process's hook is shared: only this thread's panics counted).
        crate::guard::add_hook(move |_| {
            if std::thread::current().id() == me {
                counted.fetch_add(1, Ordering::SeqCst);
            }
        });
        let result: Result<(), _> = guarded("book.xlsx", || panic!("index out of bounds"));
        let after_guard = reports.load(Ordering::SeqCst);
        // A panic outside the guard is reported.
        let _ = std::panic::catch_unwind(|| panic!("outside"));
        let outside = reports.load(Ordering::SeqCst);
        let error = result.expect_err("the panic is an error").to_string();
        assert!(error.contains("book.xlsx") && error.contains("damaged"), "{error}");
        assert_eq!(after_guard, 0, "no report printed for the caught panic");
        assert_eq!(outside, 1, "a panic outside the guard is reported");
    }
}
