//! The summary tables as Excel opens them: a CSV with a byte-order mark
//! and CRLF line ends (Japanese Excel reads a CSV without the mark as
//! Shift_JIS, and shows UTF-8 as 文字化け), or an xlsx workbook.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// The CSV `csv` re-written for Excel into `out` as it is read: UTF-8 with
/// a BOM, CRLF between records (a line break inside a quoted field stays
/// as it was). Returns how many records (rows, the header one) it wrote.
pub fn csv_for_excel(
    csv: impl std::io::Read,
    out: &mut dyn std::io::Write,
) -> Result<u64, csv::Error> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(csv);
    let mut record = csv::ByteRecord::new();
    // The mark with the first record: a table that failed before it (an
    // unknown --kpi) writes nothing at all.
    if !r.read_byte_record(&mut record)? {
        return Ok(0);
    }
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    let mut rows = 0;
    loop {
        w.write_byte_record(&record)?;
        rows += 1;
        if !r.read_byte_record(&mut record)? {
            break;
        }
    }
    w.flush()?;
    Ok(rows)
}

/// What to tell whoever opens in Excel a CSV of `rows` rows: Excel reads
/// the first 1,048,576 and leaves the rest out.
#[must_use]
pub fn rows_excel_leaves_out(rows: u64) -> Option<String> {
    (rows > u64::from(crate::export::xlsx::SHEET_ROWS)).then(|| {
        crate::i18n::tr(
            format!(
                "警告: この CSV は {rows} 行（見出しを含む）あり、Excel が開くのは最初の 1,048,576 行までです。残りは Excel に読み込まれません（--format xlsx -o FILE なら続きのシートに入ります）"
            ),
            format!(
                "warning: this CSV has {rows} rows (the header included) and Excel opens only the first 1,048,576: it leaves the rest out (--format xlsx -o FILE goes on in further sheets)"
            ),
        )
    })
}

/// A cell that is a number in the CSV is a number in the workbook: a
/// plain decimal, without a leading zero (an id such as 007 stays text).
fn as_number(field: &str) -> Option<f64> {
    let digits = field.strip_prefix('-').unwrap_or(field);
    let plain = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && !(digits.starts_with('0') && digits.len() > 1 && !digits.starts_with("0."))
        && !digits.starts_with('.')
        && !digits.ends_with('.');
    if plain { field.parse().ok() } else { None }
}

/// The CSV as a workbook of one sheet: the header bold and frozen, a
/// filter on it, numbers as numbers (a figure with its row's unit as the
/// screen shows it, 12,000人; a rate or share as a percentage, 95.0%),
/// printed A4 landscape one page wide with the header on every page. The
/// rows wait in a temporary file in `temp_dir` (the folder the workbook
/// goes to: it needs the room anyway, and the system's temporary folder
/// may be small or memory).
pub fn xlsx_from_csv(
    csv: impl std::io::Read,
    sheet_name: &str,
    temp_dir: &std::path::Path,
) -> Result<Vec<u8>, String> {
    // The library panics when its temporary file cannot be written (a
    // full disk): an error like any other.
    let rows = crate::export::xlsx::SHEET_ROWS;
    crate::guard::quietly(|| workbook(csv, sheet_name, temp_dir, rows)).unwrap_or_else(|panic| {
        tracing::error!(panic, "the workbook's library panicked");
        Err(crate::guard::said(&panic))
    })
}

/// What a column of the program's own tables holds, by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Text,
    /// A figure in the row's unit (`target`, `actual`, `value`).
    Figure,
    /// Percent with one decimal (`rate`, `share`): 95.0 is 95.0%.
    Percent,
    /// A day (`date`, written 2018-06-01): a date cell, which a spreadsheet
    /// sorts, filters by month and counts from.
    Date,
}

impl Column {
    fn of(header: &str) -> Column {
        match header {
            "target" | "actual" | "value" => Column::Figure,
            "rate" | "share" => Column::Percent,
            "date" => Column::Date,
            _ => Column::Text,
        }
    }
}

/// How many units a figure's format may name: the plan's, a few; past
/// that (a hostile file) figures show without it, the unit column still
/// beside them.
const UNIT_FORMATS: usize = 200;

/// The cell formats of the table's numbers, made once each.
struct Formats {
    percent: Format,
    /// A day as a Japanese office's sheet shows it: 2018/6/1.
    date: Format,
    /// A text wrapping within its column, from the top of its row.
    wrap: Format,
    /// A figure's formats by its unit: whole, and with decimals.
    figures: std::collections::HashMap<String, [Format; 2]>,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            percent: Format::new().set_num_format("0.0%"),
            date: Format::new().set_num_format("yyyy/m/d"),
            wrap: Format::new().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top),
            figures: std::collections::HashMap::new(),
        }
    }

    /// The format showing a figure as the screen does: thousands
    /// separators, every decimal it has and no more (`#,##0.###` alone
    /// would show 50 as `50.`), and the unit after it.
    fn figure(&mut self, unit: &str, whole: bool) -> &Format {
        let unit = if self.figures.len() < UNIT_FORMATS || self.figures.contains_key(unit) {
            unit
        } else {
            ""
        };
        // Looked up without making a key: once a cell, a million times.
        if !self.figures.contains_key(unit) {
            let unit_code = literal(unit);
            let made = ["#,##0", "#,##0.###"]
                .map(|number| Format::new().set_num_format(format!("{number}{unit_code}")));
            self.figures.insert(unit.to_string(), made);
        }
        &self.figures[unit][usize::from(!whole)]
    }
}

/// `text` as a number format shows it as it is: each character escaped,
/// so that no character of a unit (`%`, `0`, `"`) is read as a code.
fn literal(text: &str) -> String {
    text.chars().flat_map(|c| ['\\', c]).collect()
}

/// The widest a column is made, in Excel's unit (a Japanese character is
/// two): a longer text (a KPI's or company's long name, a note) wraps
/// within it, its row made as tall as its lines, rather than being cut at
/// the next cell's edge.
const WIDEST: usize = 60;

/// The height of a line of the default 11 pt font, in points.
const LINE_HEIGHT: f64 = 15.0;

/// The tallest row Excel takes, in points.
const TALLEST: f64 = 409.0;

/// The lines a text takes in a column [`WIDEST`] wide, its own line breaks
/// kept, and the width of its widest line.
fn text_lines(text: &str) -> (usize, usize) {
    let per_line = WIDEST - 2;
    if !text.contains('\n') {
        let width = crate::text::width(text);
        return (width.div_ceil(per_line).max(1), width);
    }
    let widths = text.lines().map(crate::text::width);
    let lines = widths.clone().map(|w| w.div_ceil(per_line).max(1)).sum::<usize>().max(1);
    (lines, widths.max().unwrap_or(0))
}

/// Whether a plain decimal (as [`as_number`] takes) is whole, and the
/// width it shows with thousands separators and `unit_width` after it
/// (`12000` as 12,000人), without making the text: once a cell.
fn figure_shown(field: &str, unit_width: usize) -> (bool, usize) {
    let (int, frac) = field.split_once('.').unwrap_or((field, ""));
    let frac = frac.trim_end_matches('0');
    let digits = int.trim_start_matches('-').len();
    let sign = int.len() - digits;
    let point = if frac.is_empty() { 0 } else { 1 + frac.len() };
    (frac.is_empty(), sign + digits + digits.saturating_sub(1) / 3 + point + unit_width)
}

/// A cell of a row as written: the width of the text it shows (for the
/// column's) and the lines it takes (for the row's height).
fn write_cell(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    field: &str,
    (column, unit, unit_width): (Column, &str, usize),
    formats: &mut Formats,
) -> Result<(usize, usize), XlsxError> {
    let number = as_number(field);
    if let (Some(n), Column::Figure) = (number, column) {
        let (whole, width) = figure_shown(field, unit_width);
        sheet.write_number_with_format(row, col, n, formats.figure(unit, whole))?;
        return Ok((width, 1));
    }
    if let (Some(n), Column::Percent) = (number, column) {
        sheet.write_number_with_format(row, col, n / 100.0, &formats.percent)?;
        // `0.0%`: the whole part, one decimal and the sign (1130.0%).
        let int = field.split_once('.').map_or(field, |(int, _)| int);
        return Ok((int.len() + 3, 1));
    }
    if let (Column::Date, Some(day)) = (column, excel_date(field)) {
        sheet.write_datetime_with_format(row, col, &day, &formats.date)?;
        return Ok((10, 1));
    }
    if let Some(n) = number {
        sheet.write_number(row, col, n)?;
        return Ok((field.len(), 1));
    }
    let (lines, width) = text_lines(field);
    if lines > 1 || field.contains('\n') {
        sheet.write_string_with_format(row, col, field, &formats.wrap)?;
    } else {
        sheet.write_string(row, col, field)?;
    }
    Ok((width, lines))
}

/// A day written `2018-06-01` as the workbook's date; other text stays text.
fn excel_date(field: &str) -> Option<rust_xlsxwriter::ExcelDateTime> {
    use chrono::Datelike;
    let day = crate::domain::fiscal::iso_date(field)?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(
        u16::try_from(day.year()).ok()?,
        u8::try_from(day.month()).ok()?,
        u8::try_from(day.day()).ok()?,
    )
    .ok()
}

fn workbook(
    csv: impl std::io::Read,
    sheet_name: &str,
    temp_dir: &std::path::Path,
    rows_per_sheet: u32,
) -> Result<Vec<u8>, String> {
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    // As the minutes' breakdown sheet: each row goes to a temporary file
    // as the next begins (a million rows held as cells took 3.7 GB), and
    // compressed at level 2.
    book.set_zip_compression_level(2);
    book.set_tempdir(temp_dir).map_err(e)?;
    let bold = Format::new().set_bold();
    let mut formats = Formats::new();
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(csv);
    let mut records = r.records();
    let header: Vec<String> = match records.next() {
        Some(record) => record
            .map_err(|e| e.to_string())?
            .iter()
            .map(|f| crate::text::clean(f).into())
            .collect(),
        None => Vec::new(),
    };
    let columns: Vec<Column> = header.iter().map(|h| Column::of(h)).collect();
    let unit_at = header.iter().position(|h| h == "unit");
    let mut widths: Vec<usize> = header.iter().map(|h| crate::text::width(h)).collect();
    let last_col = u16::try_from(header.len().saturating_sub(1)).map_err(|e| e.to_string())?;
    // A table longer than a sheet goes on in the next (`name (2)` …), the
    // header again at its top: every row is in the workbook.
    let mut sheets = 1;
    let mut sheet = begun(&mut book, sheet_name, sheets, &header, &bold).map_err(e)?;
    let mut row = 1;
    for record in records {
        let record = record.map_err(|e| e.to_string())?;
        if row >= rows_per_sheet {
            ended(sheet, &widths, row - 1, last_col).map_err(e)?;
            sheets += 1;
            sheet = begun(&mut book, sheet_name, sheets, &header, &bold).map_err(e)?;
            row = 1;
        }
        let unit = crate::text::clean(unit_at.and_then(|u| record.get(u)).unwrap_or_default());
        let unit_width = crate::text::width(&unit);
        let mut lines = 1;
        for (j, field) in record.iter().enumerate() {
            let col = u16::try_from(j).map_err(|e| e.to_string())?;
            let column = columns.get(j).copied().unwrap_or(Column::Text);
            let field = crate::text::clean(field);
            let (width, taken) =
                write_cell(sheet, (row, col), &field, (column, &unit, unit_width), &mut formats)
                    .map_err(e)?;
            if widths.len() <= j {
                widths.resize(j + 1, 0);
            }
            widths[j] = widths[j].max(width);
            lines = lines.max(taken);
        }
        if lines > 1 {
            // LibreOffice does not grow a row to its wrapped text when it
            // opens the workbook: the row is given its height.
            #[allow(clippy::cast_precision_loss)]
            let height = (lines as f64 * LINE_HEIGHT).min(TALLEST);
            sheet.set_row_height(row, height).map_err(e)?;
        }
        row += 1;
    }
    ended(sheet, &widths, row - 1, last_col).map_err(e)?;
    book.save_to_buffer().map_err(e)
}

/// The `n`th sheet of the table, added to `book`, the header in bold on its
/// first row.
fn begun<'a>(
    book: &'a mut Workbook,
    name: &str,
    n: u32,
    header: &[String],
    bold: &Format,
) -> Result<&'a mut Worksheet, XlsxError> {
    let sheet = book.add_worksheet_with_low_memory()?;
    sheet.set_name(crate::export::xlsx::nth_sheet(name, n))?;
    for (j, title) in header.iter().enumerate() {
        let col = u16::try_from(j).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.write_string_with_format(0, col, title, bold)?;
    }
    Ok(sheet)
}

/// A sheet of the table once its rows are in: the columns as wide as their
/// texts so far, the header frozen with a filter on it, printed A4
/// landscape one page wide with the header on every page.
fn ended(
    sheet: &mut Worksheet,
    widths: &[usize],
    last_row: u32,
    last_col: u16,
) -> Result<(), XlsxError> {
    for (j, w) in widths.iter().enumerate() {
        let col = u16::try_from(j).map_err(|_| XlsxError::RowColumnLimitError)?;
        #[allow(clippy::cast_precision_loss)]
        sheet.set_column_width(col, (*w + 2).clamp(6, WIDEST) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_footer("&C&P / &N");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_csv_has_a_bom_and_crlf_and_keeps_quoted_line_breaks() {
        let mut out = Vec::new();
        let rows = csv_for_excel("kpi,note\n新規移動人数,\"二行の\n備考\"\n".as_bytes(), &mut out)
            .expect("csv");
        assert_eq!(out, "\u{feff}kpi,note\r\n新規移動人数,\"二行の\n備考\"\r\n".as_bytes());
        assert_eq!(rows, 2, "rows, not lines");
    }

    /// Excel opens the first 1,048,576 rows of a CSV: a longer one is told
    /// of, with the way to have every row.
    #[test]
    fn a_csv_longer_than_excel_reads_is_told_of() {
        assert_eq!(rows_excel_leaves_out(1_048_576), None);
        let said = rows_excel_leaves_out(1_048_577).expect("told");
        // (the library's tests speak English: crate::i18n::message_lang)
        for part in ["1048577 rows", "first 1,048,576", "--format xlsx -o FILE"] {
            assert!(said.contains(part), "{part}: {said}");
        }
    }

    /// The byte-order mark comes with the first record: a table that
    /// failed before writing any (an unknown --kpi) leaves nothing.
    #[test]
    fn excel_csv_of_nothing_is_nothing() {
        let mut out = Vec::new();
        assert_eq!(csv_for_excel(&b""[..], &mut out).expect("csv"), 0);
        assert!(out.is_empty(), "{out:?}");
    }

    /// The rows wait in the folder given (the workbook's own), never
    /// silently elsewhere: a folder that is not there is an error.
    #[test]
    fn a_workbook_whose_folder_cannot_hold_its_rows_is_an_error() {
        let dir = tempfile::tempdir().expect("dir");
        let book = xlsx_from_csv(&b"kpi,value\na,1\n"[..], "KPI", dir.path()).expect("xlsx");
        assert!(book.starts_with(b"PK"), "a zip");
        let missing = dir.path().join("missing");
        let error = xlsx_from_csv(&b"kpi,value\na,1\n"[..], "KPI", &missing).expect_err("error");
        assert!(error.to_lowercase().contains("temp"), "{error}");
    }

    /// A table longer than a sheet goes on in the next (表 (2) …), each
    /// with the header in its first row, every row once and in order.
    #[test]
    fn a_table_longer_than_a_sheet_goes_on_in_the_next_with_its_header() {
        let dir = tempfile::tempdir().expect("temp dir");
        let csv = "kpi,value\na,1\nb,2\nc,3\nd,4\ne,5\n";
        let book = workbook(csv.as_bytes(), "表", dir.path(), 3).expect("xlsx");
        let row = |cells: &[&str]| cells.iter().map(ToString::to_string).collect::<Vec<_>>();
        let sheets = crate::export::xlsx::sheets_of(book);
        let expected = [
            ("表", vec![row(&["kpi", "value"]), row(&["a", "1"]), row(&["b", "2"])]),
            ("表 (2)", vec![row(&["kpi", "value"]), row(&["c", "3"]), row(&["d", "4"])]),
            ("表 (3)", vec![row(&["kpi", "value"]), row(&["e", "5"])]),
        ]
        .map(|(n, rows)| (n.to_string(), rows));
        assert_eq!(sheets, expected);
        // Exactly full: no empty sheet after it.
        let book = workbook(csv.as_bytes(), "表", dir.path(), 6).expect("xlsx");
        let names: Vec<String> =
            crate::export::xlsx::sheets_of(book).into_iter().map(|s| s.0).collect();
        assert_eq!(names, ["表"]);
    }

    /// A figure's cell holds the number and shows it as the screen does,
    /// its row's unit in the format (12,000人, 1,234.5人, 95%: the `%` of a
    /// rate KPI's unit written as itself, not as a percentage code); a
    /// rate is a percentage (98.7 is 0.987, shown 98.7%).
    #[test]
    fn figures_show_with_separators_and_their_unit_and_rates_as_percentages() {
        use std::io::Read;
        let dir = tempfile::tempdir().expect("temp dir");
        let csv = "kpi,unit,target,actual,rate\na,人,12000,1234.5,98.7\nb,%,95,,100.0\n";
        let book = workbook(csv.as_bytes(), "KPI", dir.path(), 10).expect("xlsx");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book.clone())).expect("zip");
        let mut styles = String::new();
        zip.by_name("xl/styles.xml").expect("styles").read_to_string(&mut styles).expect("utf-8");
        for code in [r"#,##0\人", r"#,##0.###\人", r"#,##0\%", "0.0%"] {
            assert!(styles.contains(&format!("formatCode=\"{code}\"")), "{code}: {styles}");
        }
        let rows = &crate::export::xlsx::sheets_of(book)[0].1;
        assert_eq!(rows[1][2..], ["12000", "1234.5", "0.987"]);
        assert_eq!(rows[2][2..], ["95", "", "1"]);
    }

    /// The companies' `date` column (2018-06-01 in the CSV) is a date cell
    /// shown 2018/6/1, not the text 2018-06-01 a spreadsheet cannot sort
    /// by month or count from; an empty date stays empty.
    #[test]
    fn dates_are_date_cells() {
        use std::io::Read;
        let dir = tempfile::tempdir().expect("temp dir");
        let csv = "kpi,date,note\na,2018-06-01,x\nb,,y\n";
        let book = workbook(csv.as_bytes(), "企業別内訳", dir.path(), 10).expect("xlsx");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).expect("zip");
        let mut styles = String::new();
        zip.by_name("xl/styles.xml").expect("styles").read_to_string(&mut styles).expect("utf-8");
        assert!(styles.contains("formatCode=\"yyyy/m/d\""), "{styles}");
        let mut sheet = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .expect("sheet")
            .read_to_string(&mut sheet)
            .expect("utf-8");
        let b2 = &sheet[sheet.find("<c r=\"B2\"").expect("B2")..];
        let b2 = &b2[..b2.find("</c>").expect("end")];
        // The serial day of 2018-06-01, as a number with a style, no text.
        assert!(
            (b2.contains("<v>43252</v>") || b2.contains("<v>43252.0</v>"))
                && b2.contains(" s=\"")
                && !b2.contains("t=\""),
            "{b2}"
        );
        assert!(!sheet.contains("<c r=\"B3\""), "{sheet}");
    }

    /// The width a figure shows, for its column: as the screen writes it.
    #[test]
    fn a_figure_is_as_wide_as_it_shows() {
        assert_eq!(figure_shown("12000", 2), (true, "12,000".len() + 2));
        assert_eq!(figure_shown("1234567.25", 4), (false, "1,234,567.25".len() + 4));
        assert_eq!(figure_shown("-100", 0), (true, 4));
        assert_eq!(figure_shown("72.0", 0), (true, 2));
        assert_eq!(figure_shown("0.5", 1), (false, 4));
    }

    #[test]
    fn numbers_are_plain_decimals_and_ids_stay_text() {
        assert_eq!(as_number("36"), Some(36.0));
        assert_eq!(as_number("72.0"), Some(72.0));
        assert_eq!(as_number("-3.5"), Some(-3.5));
        assert_eq!(as_number("0.5"), Some(0.5));
        assert_eq!(as_number("007"), None);
        assert_eq!(as_number("1e5"), None);
        assert_eq!(as_number(""), None);
        assert_eq!(as_number("平成30年度"), None);
    }
}
