//! A table read from a file: rows of cells, each knowing where it came
//! from, so every error can name the file, sheet, row and column.

use crate::i18n::tr;
use std::fmt;

use chrono::NaiveDate;

/// One cell's value as the file gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    /// A number typed as a number (spreadsheets).
    Number(f64),
    /// A date typed as a date (spreadsheets).
    Date(NaiveDate),
    /// A number formatted as a percentage: 0.13 shown as 13%.
    Percent(f64),
    /// A number whose format shows it divided by 1,000 or more
    /// (`#,##0,`: 12345000 shown as 12,345).
    Scaled(f64),
    /// A formula's error (`#N/A`, `#REF!` …), as the file shows it.
    Error(String),
}

/// The error values spreadsheets show in a cell whose formula failed.
pub const ERROR_NAMES: [&str; 7] =
    ["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NULL!", "#NUM!"];

/// The error name a text is, if it is one: a CSV saved from a sheet with a
/// failed formula holds the error's name as text.
#[must_use]
pub fn error_name(text: &str) -> Option<&'static str> {
    let t = text.trim();
    ERROR_NAMES.iter().find(|n| n.eq_ignore_ascii_case(t)).copied()
}

impl Value {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// As text, for headers, names and notes.
    #[must_use]
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.trim().to_string(),
            Value::Number(n) | Value::Scaled(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{n:.0}")
                } else {
                    n.to_string()
                }
            }
            Value::Date(d) => d.to_string(),
            Value::Percent(p) => {
                // × 100 in floating point makes 0.285 28.499999999999996:
                // rounded to ten decimals, far below any digit a sheet shows.
                let hundred = p * 100.0;
                let rounded = (hundred * 1e10).round() / 1e10;
                let shown =
                    Value::Number(if rounded.is_finite() { rounded } else { hundred }).text();
                format!("{shown}%")
            }
            Value::Error(e) => e.clone(),
        }
    }
}

/// Formula cells whose results the file does not settle, as a program
/// that does not compute formulas writes them: with no result stored, or
/// with placeholders in a workbook that asks to be recalculated when
/// opened. What a spreadsheet shows in them is not in the file.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Unsettled {
    /// How many, and the first in the order written: (row, column),
    /// 0-based from A1.
    pub count: u64,
    pub first: Option<(u32, u32)>,
    /// The workbook asks to be recalculated when opened: every formula's
    /// stored result is then a placeholder (a program that does not
    /// compute formulas writes 0).
    pub recalculated: bool,
    /// The workbook is set to calculate by hand and was saved without
    /// recalculating (Excel's manual calculation with "recalculate before
    /// saving" off): the results stored are those of the last
    /// recalculation, stale wherever a value changed since.
    pub manual: bool,
}

impl Unsettled {
    /// Counts one more such cell, at (row, column), `n` times (an .ods
    /// cell may stand for many).
    pub fn note(&mut self, at: (u32, u32), n: u64) {
        self.count = self.count.saturating_add(n);
        self.first.get_or_insert(at);
    }

    /// Why the sheet is not read, for an error placed at the first cell.
    #[must_use]
    pub fn message(&self) -> String {
        let fix = (
            "Excel で開いて保存し直してください（LibreOffice では Ctrl+Shift+F9 で再計算してから保存してください）",
            "open it in Excel and save it again (in LibreOffice, recalculate with Ctrl+Shift+F9 before saving)",
        );
        let (more_ja, more_en) = match self.count {
            0 | 1 => (String::new(), String::new()),
            n => (format!("ほか {} 個のセル", n - 1), format!(" (and {} more)", n - 1)),
        };
        if self.manual {
            tr(
                format!(
                    "このセル{more_ja}は数式です。このブックは計算方法が「手動」に設定されていて、計算し直さずに保存されたため、保存された結果は今の値から計算したものと違うことがあり、読みません。Excel で［数式］→［計算方法の設定］を［自動］にして（計算し直されます）保存し直してください。手動のままにするなら、［ファイル］→［オプション］→［数式］の「ブックの保存前に再計算を行う」をオンにして保存してください（LibreOffice では［データ］→［計算］→［自動計算］をオンにして保存してください）"
                ),
                format!(
                    "this cell{more_en} holds a formula, and the workbook is set to manual calculation and was saved without recalculating: the results stored may be stale, not what its values now compute to, so they are not read; in Excel set Formulas > Calculation Options to Automatic (it recalculates) and save it again, or, to keep it manual, turn on File > Options > Formulas > \"Recalculate workbook before saving\" and save (in LibreOffice, turn on Data > Calculate > AutoCalculate and save)"
                ),
            )
        } else if self.recalculated {
            tr(
                format!(
                    "このセル{more_ja}は数式です。このブックは開くときに計算し直すよう保存されていて（数式を計算しないプログラムで作られたファイルです）、保存された結果は表計算ソフトが表示する値と違うことがあるため読みません。{}",
                    fix.0
                ),
                format!(
                    "this cell{more_en} holds a formula, and the workbook asks to be recalculated when opened (it was written by a program that does not compute formulas): the results stored may not be what a spreadsheet shows, so they are not read; {}",
                    fix.1
                ),
            )
        } else {
            tr(
                format!(
                    "このセル{more_ja}は数式ですが、計算した結果がファイルに保存されていません（数式を計算しないプログラムで作られたファイルです）。表計算ソフトが表示する値が分からないため読みません。{}",
                    fix.0
                ),
                format!(
                    "this cell{more_en} holds a formula whose result the file does not store (it was written by a program that does not compute formulas): what a spreadsheet shows there is unknown, so it is not read; {}",
                    fix.1
                ),
            )
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row number as the spreadsheet shows it (1 is the first row).
    pub number: usize,
    pub cells: Vec<Value>,
    /// Hidden in the spreadsheet (its height is zero or it is folded away).
    pub hidden: bool,
}

impl Row {
    /// A visible row of cells.
    #[must_use]
    pub fn new(number: usize, cells: Vec<Value>) -> Self {
        Row { number, cells, hidden: false }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub file: String,
    pub sheet: Option<String>,
    pub rows: Vec<Row>,
    /// The column number (0-based) of the first cell of each row.
    pub first_column: usize,
    /// Hidden columns (0-based, counted from column A, not `first_column`),
    /// in order.
    pub hidden_columns: Vec<usize>,
    /// Cells that hold the value of a merged region above them:
    /// (row number, column index in `cells`, the region's first row number),
    /// in order.
    pub merged: Vec<(usize, usize, usize)>,
    /// What the file could not tell (an .xls does not say which rows are hidden).
    pub notes: Vec<String>,
    /// Formulas whose results the file does not hold: the sheet is not read.
    pub unsettled: Unsettled,
    /// Cells (row number, index in `cells`) of formulas whose result is
    /// empty (.xls), in order: a message about such a cell says so.
    pub empty_formulas: Vec<(usize, usize)>,
    /// Read from a text file (CSV, tab-separated), where an unquoted comma
    /// splits a value into two cells.
    pub delimited: bool,
    /// Number cells whose format writes text beside the number (`0"千円"`
    /// shows 5 as 5千円), by (row number, index in `cells`).
    pub format_units: std::collections::HashMap<(usize, usize), SharedUnit>,
}

/// The text a cell's number format writes before and after its number
/// (`[$千円]#,##0`, `#,##0"千円"`, `#,##0\千\円`, an .ods `number:text`),
/// and the unit it makes: that text without spaces and punctuation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatUnit {
    pub before: String,
    pub after: String,
    pub unit: String,
}

/// A format's text, shared by every cell of the format (a sheet may
/// format a million cells with one long text).
pub type SharedUnit = std::sync::Arc<FormatUnit>;

/// The most characters of a format's text kept before and after the
/// number: a unit is a word or two; the rest is cut with an ellipsis.
const FORMAT_TEXT: usize = 32;

impl FormatUnit {
    /// The format's texts, when they make a unit: none for a format
    /// without text, or only spaces and punctuation (`#,##0_);(#,##0)`).
    #[must_use]
    pub fn of(before: &str, after: &str) -> Option<SharedUnit> {
        let unit: String = before
            .chars()
            .chain(after.chars())
            .filter(|c| !c.is_whitespace() && (!c.is_ascii_punctuation() || matches!(c, '$' | '%')))
            .collect();
        let cut = |text: &str| {
            let text = text.trim();
            match text.char_indices().nth(FORMAT_TEXT) {
                Some((end, _)) => format!("{}…", &text[..end]),
                None => text.to_string(),
            }
        };
        (!unit.is_empty()).then(|| {
            SharedUnit::new(FormatUnit { before: cut(before), after: cut(after), unit: cut(&unit) })
        })
    }
}

impl Table {
    /// The first row of the merged region whose value the cell (row
    /// `number`, `index` in `cells`) holds, if it holds one.
    #[must_use]
    pub fn merged_from(&self, number: usize, index: usize) -> Option<usize> {
        let i = self.merged.partition_point(|(r, c, _)| (*r, *c) < (number, index));
        self.merged.get(i).filter(|(r, c, _)| (*r, *c) == (number, index)).map(|(_, _, from)| *from)
    }

    /// A table of visible rows with nothing hidden or merged.
    #[must_use]
    pub fn new(file: String, sheet: Option<String>, rows: Vec<Row>, first_column: usize) -> Self {
        Table {
            file,
            sheet,
            rows,
            first_column,
            hidden_columns: Vec::new(),
            merged: Vec::new(),
            notes: Vec::new(),
            unsettled: Unsettled::default(),
            empty_formulas: Vec::new(),
            delimited: false,
            format_units: std::collections::HashMap::new(),
        }
    }

    /// Whether the column at `index` in the rows' cells is hidden.
    #[must_use]
    pub fn column_hidden(&self, index: usize) -> bool {
        self.hidden_columns.binary_search(&(self.first_column + index)).is_ok()
    }
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column number.
#[must_use]
pub fn column_letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + u8::try_from(n % 26).unwrap_or(0)));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.iter().rev().collect()
}

/// Where something went wrong in a table, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<usize>,
    /// Column letters and its header, when known.
    pub column: Option<(String, String)>,
    pub message: String,
}

impl CellError {
    #[must_use]
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        CellError {
            file: file.to_string(),
            sheet: None,
            row: None,
            column: None,
            message: message.into(),
        }
    }
}

impl CellError {
    /// The error without the file's name: `sheet 実績, row 5, column D
    /// (値): expected …`, for a caller that names the file itself.
    #[must_use]
    pub fn within_file(&self) -> String {
        let mut place: Vec<String> = Vec::new();
        if let Some(s) = &self.sheet {
            place.push(tr(format!("シート {s}"), format!("sheet {s}")));
        }
        if let Some(r) = self.row {
            place.push(tr(format!("{r}行目"), format!("row {r}")));
        }
        if let Some((letters, header)) = &self.column {
            place.push(if header.is_empty() {
                tr(format!("{letters}列"), format!("column {letters}"))
            } else {
                tr(format!("{letters}列（{header}）"), format!("column {letters} ({header})"))
            });
        }
        if place.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", place.join(&tr("、", ", ")), self.message)
        }
    }
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sep = if self.sheet.is_none() && (self.row.is_some() || self.column.is_some()) {
            if crate::i18n::message_lang() == crate::i18n::Lang::Ja { "、" } else { ", " }
        } else {
            ": "
        };
        write!(f, "{}{sep}{}", self.file, self.within_file())
    }
}

impl std::error::Error for CellError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell of 0.285 shown as 28.5% was listed in the reconciliation and
    /// the preview as 28.499999999999996% (0.285 × 100 in floating point),
    /// though it is read as 28.5.
    #[test]
    fn a_percentage_is_written_as_the_sheet_shows_it() {
        assert_eq!(Value::Percent(0.285).text(), "28.5%");
        assert_eq!(Value::Percent(0.333).text(), "33.3%");
        assert_eq!(Value::Percent(0.07).text(), "7%");
        assert_eq!(Value::Percent(0.123_456).text(), "12.3456%");
        assert_eq!(Value::Percent(1.0).text(), "100%");
    }

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn errors_name_file_sheet_row_and_column() {
        let e = CellError {
            file: "実績.xlsx".into(),
            sheet: Some("実績".into()),
            row: Some(5),
            column: Some(("C".into(), "値".into())),
            message: "expected a number, found 「五人」".into(),
        };
        assert_eq!(
            e.to_string(),
            "実績.xlsx: sheet 実績, row 5, column C (値): expected a number, found 「五人」"
        );
    }
}
