//! The evaluation sheet (評価シート) for the city's records, written with
//! rust_xlsxwriter: the KPI table (numbers as numbers, rates as
//! percentages), the remarks, and the company breakdown of every item.

use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::minutes::{Minutes, Proceeding, RemarkEntry, breakdown_lines, withheld_note, words};
use super::safe;
use crate::domain::dataset::Dataset;
use crate::domain::fiscal::FiscalYear;
use crate::domain::quantity::Quantity;
use crate::i18n::Lang;
use crate::text::clean;

/// The note that ends a text cut at a cell's limit (32,767 characters).
const CUT: &str = "……（一つのセルに入る32,767字を超えるため、ここで切りました。全文はMarkdownの議事録にあります）";

/// Text from a file for one cell: made safe, cut visibly if too long.
fn text(s: &str) -> String {
    safe::xlsx_cut(s, CUT)
}

/// Text of several lines as several lines in the cell (wrapped), each
/// cleaned of controls, cut visibly at the cell's limit.
fn multiline(s: &str) -> String {
    safe::xlsx_cut(s, CUT)
}

fn header(
    sheet: &mut Worksheet,
    row: u32,
    titles: &[&str],
    bold: &Format,
) -> Result<(), XlsxError> {
    for (i, t) in titles.iter().enumerate() {
        sheet.write_string_with_format(row, u16::try_from(i).unwrap_or(u16::MAX), *t, bold)?;
    }
    Ok(())
}

/// All remarks of the minutes in one list, answers after their question:
/// the items in the order 審議の内容 has them (each 議題 as the outline
/// lists it, the KPI items under theirs), then the meeting's and the
/// companies'.
fn flat(m: &Minutes) -> Vec<&RemarkEntry> {
    fn push<'a>(out: &mut Vec<&'a RemarkEntry>, r: &'a RemarkEntry) {
        out.push(r);
        for a in &r.answers {
            push(out, a);
        }
    }
    let mut out = Vec::new();
    for p in m.in_body_order() {
        let remarks = match p {
            Proceeding::Free(free) => &free.remarks,
            Proceeding::FollowUps(f) => &f.remarks,
            Proceeding::Item(n) => &m.items[*n].remarks,
        };
        for r in remarks {
            push(&mut out, r);
        }
    }
    for r in &m.meeting_remarks {
        push(&mut out, r);
    }
    for (_, remarks) in &m.company_remarks {
        for r in remarks {
            push(&mut out, r);
        }
    }
    out
}

/// The workbook as bytes. The breakdown's rows wait in an unnamed
/// temporary file in `temp_dir` while it is made: the folder the workbook
/// goes to, which needs the room anyway (the system's temporary folder may
/// be small, or memory).
pub fn render(m: &Minutes, data: &Dataset, temp_dir: &Path) -> Result<Vec<u8>, XlsxError> {
    render_split(m, data, temp_dir, SHEET_ROWS)
}

/// The rows one sheet holds in Excel and LibreOffice Calc: 1,048,576.
pub const SHEET_ROWS: u32 = 1_048_576;

/// The name of the `n`th sheet (from 1) of a table longer than a sheet:
/// `name`, then `name (2)`, `name (3)` …
#[must_use]
pub fn nth_sheet(name: &str, n: u32) -> String {
    if n <= 1 { name.to_string() } else { format!("{name} ({n})") }
}

/// [`render`], the breakdown continued on a sheet of its own (its header
/// again) every `rows_per_sheet` rows, header included.
fn render_split(
    m: &Minutes,
    data: &Dataset,
    temp_dir: &Path,
    rows_per_sheet: u32,
) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    book.set_tempdir(temp_dir)?;
    // Level 2 (matches without lazy evaluation): at 100k records the
    // breakdown sheet is 100,000 rows and compressing it a third of the
    // export; level 2 takes 90 ms where Excel's own level 3 took 120, for
    // a file a tenth larger (3.8 MB against 3.4; level 1: 5.5 MB).
    book.set_zip_compression_level(2);
    std::thread::scope(|scope| {
        // The breakdown's rows (one per record) are gathered and their texts
        // made safe on another thread, and the other sheets written on a
        // third, while this one writes the breakdown: its cells are most of
        // the work.
        let (rows, pieces) = std::sync::mpsc::sync_channel(4);
        scope.spawn(move || breakdown_pieces(data, &rows));
        let others = scope.spawn(|| other_sheets(m, data, &formats));
        // One row per record, written in order: each row goes to a
        // temporary file as the next begins instead of every cell held in
        // memory (the texts still shared, as Excel writes them: inline they
        // made the file a third larger for no gain in time).
        breakdown_sheets(&mut book, m, data, &formats, &pieces, rows_per_sheet)?;
        let (before, after) =
            others.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        // The sheets made beside the breakdown before it, the follow-ups
        // (if any) last.
        book.worksheets_mut().splice(0..0, before);
        for sheet in after {
            book.push_worksheet(sheet);
        }
        book.save_to_buffer()
    })
}

/// The sheets before the breakdown (評価シート, 効果検証, 発言) and after it
/// (前回の指摘事項, when the meeting took up earlier ones). Made apart from
/// the workbook, they take its formats and shared strings when it is
/// saved, as sheets it made would; a default format set on the workbook
/// (none is) would not reach them.
fn other_sheets(
    m: &Minutes,
    data: &Dataset,
    formats: &Formats,
) -> Result<(Vec<Worksheet>, Vec<Worksheet>), XlsxError> {
    let mut before = vec![Worksheet::new(), Worksheet::new(), Worksheet::new()];
    evaluation_sheet(&mut before[0], m, data, formats)?;
    verification_sheet(&mut before[1], m, formats)?;
    remarks_sheet(&mut before[2], m, formats)?;
    let mut after = Vec::new();
    if m.proceedings.iter().any(|p| matches!(p, Proceeding::FollowUps(_))) {
        let mut sheet = Worksheet::new();
        follow_up_sheet(&mut sheet, m, formats)?;
        after.push(sheet);
    }
    Ok((before, after))
}

/// Some rows of the breakdown of one KPI × fiscal year, their texts ready
/// for the cells, one after the other in `texts`. One text for the piece
/// and not one for each cell: a text made on one thread and freed on
/// another (the workbook copies every cell's text) cost the writing thread,
/// the one that bounds the export, a tenth of its time.
struct BreakdownPiece {
    kpi: usize,
    year: usize,
    texts: String,
    rows: Vec<BreakdownCells>,
}

struct BreakdownCells {
    /// Where in the piece's `texts`.
    company: std::ops::Range<usize>,
    kind: &'static str,
    value: Quantity,
    share: Option<f64>,
    note: std::ops::Range<usize>,
    /// Behind a 累計 figure: the year the part was added in.
    contributed_in: Option<FiscalYear>,
    /// The printed lines its company's name or note takes, wrapped in
    /// their columns: counted on the gathering thread.
    lines: usize,
}

/// The widths of the breakdown's company and note columns (Excel's unit:
/// a Japanese character is two); a longer text wraps within them.
const BREAKDOWN_NAME_WIDTH: f64 = 40.0;
const BREAKDOWN_NOTE_WIDTH: f64 = 40.0;

/// Rows per piece handed from the gathering thread to the writing one.
const PIECE: usize = 4096;

/// Every item's breakdown in the sheet's order, in pieces; stops when the
/// sheet no longer takes them (an error on the writing side).
fn breakdown_pieces(data: &Dataset, out: &std::sync::mpsc::SyncSender<BreakdownPiece>) {
    let lang = Lang::Ja;
    for k in 0..data.plan.kpis.len() {
        for y in 0..data.plan.fiscal_years.len() {
            let lines = breakdown_lines(data, lang, k, y);
            for chunk in lines.chunks(PIECE) {
                let mut texts = String::new();
                let mut put = |s: &str| {
                    let start = texts.len();
                    texts.push_str(&text(s));
                    start..texts.len()
                };
                let rows = chunk
                    .iter()
                    .map(|b| BreakdownCells {
                        company: put(b.company),
                        kind: b.kind,
                        value: b.value,
                        #[allow(clippy::cast_precision_loss)]
                        share: b.share.map(|s| s.tenths() as f64 / 1000.0),
                        note: put(&b.note),
                        contributed_in: b.fiscal_year,
                        lines: wrapped_lines(b.company, BREAKDOWN_NAME_WIDTH)
                            .max(wrapped_lines(&b.note, BREAKDOWN_NOTE_WIDTH)),
                    })
                    .collect();
                if out.send(BreakdownPiece { kpi: k, year: y, texts, rows }).is_err() {
                    return;
                }
            }
        }
    }
}

struct Formats {
    bold: Format,
    percent: Format,
    /// Inside the printed tables: thin borders, text wrapped, top-aligned.
    head: Format,
    cell: Format,
    /// A figure with decimals: 1,234.5 (no zeros after the last digit).
    number: Format,
    /// A whole figure: 1,234 (#,##0.### shows 1,234. in Excel).
    whole: Format,
    /// A figure of the breakdown, without the table's borders.
    plain_number: Format,
    plain_whole: Format,
    /// The cells of a breakdown row of several lines (a long name or
    /// note): top-aligned, as the row's first line.
    top: Format,
    top_text: Format,
    top_percent: Format,
    top_number: Format,
    top_whole: Format,
    rate: Format,
    banner: Format,
    title: Format,
}

impl Formats {
    fn new() -> Self {
        let boxed = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top)
            .set_font_name(FONT);
        Formats {
            bold: Format::new().set_bold().set_font_name(FONT),
            percent: Format::new().set_num_format("0.0%"),
            head: boxed
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0x00E7_E6E6))
                .set_align(FormatAlign::Center),
            cell: boxed.clone().set_text_wrap(),
            number: boxed.clone().set_num_format(FRACTION),
            whole: boxed.clone().set_num_format(WHOLE),
            plain_number: Format::new().set_num_format(FRACTION),
            plain_whole: Format::new().set_num_format(WHOLE),
            top: Format::new().set_align(FormatAlign::Top),
            top_text: Format::new().set_align(FormatAlign::Top).set_text_wrap(),
            top_percent: Format::new().set_align(FormatAlign::Top).set_num_format("0.0%"),
            top_number: Format::new().set_align(FormatAlign::Top).set_num_format(FRACTION),
            top_whole: Format::new().set_align(FormatAlign::Top).set_num_format(WHOLE),
            rate: boxed.set_num_format("0.0%"),
            banner: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_font_color(Color::RGB(0x00C0_0000))
                .set_font_name(FONT),
            title: Format::new().set_bold().set_font_size(14).set_font_name(FONT),
        }
    }
}

/// The number formats of a figure: every digit it has and no more, with
/// thousands separators, as the screens and the minutes write it. One
/// format for all would not do: Excel shows `#,##0.###` of 50 as `50.`.
const WHOLE: &str = "#,##0";
const FRACTION: &str = "#,##0.###";

impl Formats {
    /// The format of a figure in the tables: whole or with decimals.
    fn figure(&self, q: Quantity) -> &Format {
        if q.milli() % 1000 == 0 { &self.whole } else { &self.number }
    }

    /// The format of a figure of the breakdown, in a row of one line or
    /// of several (`top`).
    fn plain_figure(&self, milli: i64, top: bool) -> &Format {
        match (milli % 1000 == 0, top) {
            (true, false) => &self.plain_whole,
            (false, false) => &self.plain_number,
            (true, true) => &self.top_whole,
            (false, true) => &self.top_number,
        }
    }
}

/// The font an office PC has for Japanese in Excel.
const FONT: &str = "游ゴシック";

/// A header or footer section: `&` doubled (it starts a code), and short
/// enough for Excel's 255-character limit with the rest.
fn hf(text: &str) -> String {
    let t: String = clean(text).chars().take(60).collect();
    t.replace('&', "&&")
}

/// A4 landscape, one page wide, the table's header row on every page,
/// the plan and the meeting date in the header, page x / y in the footer.
fn print_setup(sheet: &mut Worksheet, m: &Minutes, header_row: u32) -> Result<(), XlsxError> {
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_margins(0.5, 0.5, 0.7, 0.6, 0.3, 0.3);
    let banner =
        if m.public { String::new() } else { "&C&\"-,Bold\"&KC00000内部資料".to_string() };
    let date = m.when_gregorian.as_deref().unwrap_or("");
    sheet.set_header(format!("&L{}{banner}&R{}", hf(&m.plan_name), hf(date)));
    sheet.set_footer(format!("&L{}&C&P / &N", hf(&m.title)));
    Ok(())
}

/// A column width that fits `cells` in terminal columns (a Japanese
/// character is two, as in Excel's width unit), within `min..=max`.
fn fit_width<'a>(cells: impl Iterator<Item = &'a str>, min: usize, max: usize) -> f64 {
    let widest = cells.map(|c| c.lines().map(crate::text::width).max().unwrap_or(0)).max();
    #[allow(clippy::cast_precision_loss)]
    let w = (widest.unwrap_or(0) + 2).clamp(min, max) as f64;
    w
}

/// The height of a line of 11 pt 游ゴシック, in points, as Excel sets a row.
const LINE_HEIGHT: f64 = 18.75;
/// The tallest row Excel takes, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// The lines a text takes in a wrapping column `width` wide (Excel's
/// unit: a Japanese character is two), its own line breaks kept.
fn wrapped_lines(text: &str, width: f64) -> usize {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let per_line = (width - 1.0).max(1.0) as usize;
    text.lines().map(|l| crate::text::width(l).div_ceil(per_line).max(1)).sum::<usize>().max(1)
}

/// Gives each row whose cells wrap the height of its tallest cell.
/// LibreOffice keeps a row of a workbook at one line whatever it holds
/// (Excel grows it when it opens the file), so a plan-period note or a
/// reason printed from LibreOffice showed its first line only. A row of one
/// line is left to the program. `cells` are (row, column, text); `widths`
/// the columns' widths.
fn grow_rows(
    sheet: &mut Worksheet,
    cells: &[(u32, u16, String)],
    widths: &[f64],
) -> Result<(), XlsxError> {
    let mut lines: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
    for (row, col, text) in cells {
        let Some(&w) = widths.get(usize::from(*col)) else { continue };
        let n = wrapped_lines(text, w);
        let at = lines.entry(*row).or_insert(1);
        *at = (*at).max(n);
    }
    for (row, n) in lines {
        grow_row(sheet, row, n)?;
    }
    Ok(())
}

/// Gives a row of `lines` wrapped lines (more than one) their height, up
/// to the tallest Excel takes; a row of one line is left to the program.
fn grow_row(sheet: &mut Worksheet, row: u32, lines: usize) -> Result<(), XlsxError> {
    if lines > 1 {
        #[allow(clippy::cast_precision_loss)]
        let height = (lines as f64 * LINE_HEIGHT).min(MAX_ROW_HEIGHT);
        sheet.set_row_height(row, height)?;
    }
    Ok(())
}

/// The most wrapped lines a row of a long text is given. LibreOffice and
/// Excel print no row taller than 409 pt (21 lines) and leave out what does
/// not fit; the lines to spare are for the fonts an office PC substitutes,
/// which may wrap a line more than reckoned here.
const ROW_LINES: usize = 16;

/// A text for a wrapping column `width` wide, in pieces of at most
/// [`ROW_LINES`] lines, one a row: a remark of some 600 Japanese characters
/// or more goes on in the rows below instead of being cut when printed.
/// Each line cleaned of controls; never a piece over a cell's limit.
fn row_pieces(text: &str, width: f64) -> Vec<String> {
    if wrapped_lines(text, width) <= ROW_LINES {
        return safe::xlsx_pieces(text, safe::XLSX_CELL_LIMIT);
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let per_line = (width - 1.0).max(2.0) as usize;
    let mut pieces = Vec::new();
    let (mut piece, mut lines) = (String::new(), 0);
    for line in text.lines() {
        for (i, part) in crate::text::wrap(line.trim_end(), per_line).into_iter().enumerate() {
            if lines == ROW_LINES {
                pieces.push(std::mem::take(&mut piece));
                lines = 0;
            } else if lines > 0 && i == 0 {
                piece.push('\n');
            }
            piece.push_str(&part);
            lines += 1;
        }
    }
    pieces.push(piece);
    // Characters of no width (combining marks) make no line: a cell's
    // limit still holds.
    pieces.iter().flat_map(|p| safe::xlsx_pieces(p, safe::XLSX_CELL_LIMIT)).collect()
}

fn rate_value(r: crate::domain::achievement::Rate) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let v = r.tenths() as f64 / 1000.0;
    v
}

/// The widest the 種類 column grows: 単年度（少ないほど良い）, the longest
/// kind, is 24 and [`fit_width`] adds 2 (it was 8, and that kind wrapped on
/// three or four lines of every row of its KPI).
const KIND_WIDTH: usize = 26;

/// Widths of the 評価シート from the content, in Excel's unit (a Japanese
/// character is two); the long texts wrap within their column.
fn fit_columns(sheet: &mut Worksheet, columns: &[Vec<String>]) -> Result<Vec<f64>, XlsxError> {
    let limits: [(usize, usize); 12] = [
        (12, 28),
        (6, 8),
        (6, 6),
        (12, 24),
        (8, 12),
        (8, 12),
        (8, 8),
        (8, 10),
        (12, 30),
        (10, 14),
        (16, 40),
        (6, KIND_WIDTH),
    ];
    let mut widths = Vec::with_capacity(limits.len());
    for (col, (min, max)) in limits.iter().enumerate() {
        let w = fit_width(columns[col].iter().map(String::as_str), *min, *max);
        sheet.set_column_width(u16::try_from(col).unwrap_or(u16::MAX), w)?;
        widths.push(w);
    }
    Ok(widths)
}

/// The title, the plan, the meeting and what the sheet leaves out; the
/// 内部資料 banner on the internal version.
fn title_rows(sheet: &mut Worksheet, m: &Minutes, f: &Formats) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, format!("{} 評価シート", text(&m.title)), &f.title)?;
    sheet.write_string(1, 0, text(&m.plan_name))?;
    let mut note = m.when.clone().unwrap_or_default();
    if m.sample {
        note.push_str("　※実績値はサンプル（架空の企業）");
    }
    if let Some(w) = withheld_note(m) {
        note.push('　');
        note.push_str(&w);
    }
    sheet.write_string(2, 0, text(&note))?;
    if !m.public {
        sheet.write_string_with_format(3, 0, words::INTERNAL_NOTE, &f.banner)?;
    }
    Ok(())
}

/// 評価シート: every KPI × fiscal year with its judgment, then the totals.
fn evaluation_sheet(
    sheet: &mut Worksheet,
    m: &Minutes,
    data: &Dataset,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = Lang::Ja;
    sheet.set_name("評価シート")?;
    title_rows(sheet, m, f)?;
    let titles = [
        "指標",
        "単位",
        "年度",
        "年度（和暦）",
        "目標",
        "実績",
        "達成率",
        "評価",
        "効果",
        "今後の方針",
        "理由",
        words::KIND,
    ];
    let header_row = 4;
    header(sheet, header_row, &titles, &f.head)?;
    let mut row = header_row + 1;
    let mut columns: Vec<Vec<String>> = titles.iter().map(|t| vec![(*t).to_string()]).collect();
    let mut cells: Vec<(u32, u16, String)> = Vec::new();
    let mut put = |sheet: &mut Worksheet, row: u32, col: u16, t: String| -> Result<(), XlsxError> {
        sheet.write_string_with_format(row, col, &t, &f.cell)?;
        columns[usize::from(col)].push(t.clone());
        cells.push((row, col, t));
        Ok(())
    };
    let blank = |sheet: &mut Worksheet, row: u32, cols: &[u16]| -> Result<(), XlsxError> {
        for c in cols {
            sheet.write_blank(row, *c, &f.cell)?;
        }
        Ok(())
    };
    let num = |sheet: &mut Worksheet, row: u32, col: u16, q: Option<Quantity>| match q {
        Some(q) => sheet.write_number_with_format(row, col, q.as_f64(), f.figure(q)).map(|_| ()),
        None => sheet.write_blank(row, col, &f.number).map(|_| ()),
    };
    let rate =
        |sheet: &mut Worksheet, row: u32, r: Option<crate::domain::achievement::Rate>| match r {
            Some(r) => sheet.write_number_with_format(row, 6, rate_value(r), &f.rate).map(|_| ()),
            None => sheet.write_blank(row, 6, &f.rate).map(|_| ()),
        };
    for (k, kpi) in data.plan.kpis.iter().enumerate() {
        for (y, fy) in data.plan.fiscal_years.iter().enumerate() {
            let Some(cell) = data.ledger.cell(k, y) else { continue };
            put(sheet, row, 0, text(&kpi.name))?;
            put(sheet, row, 1, text(&kpi.unit))?;
            sheet.write_number_with_format(row, 2, fy.0, &f.cell)?;
            put(sheet, row, 3, fy.wareki())?;
            num(sheet, row, 4, cell.target)?;
            num(sheet, row, 5, cell.actual)?;
            rate(sheet, row, cell.achievement.rate)?;
            put(sheet, row, 7, lang.status(cell.achievement.status).to_string())?;
            let heading = format!("{} {}", kpi.name, lang.fiscal_year(*fy));
            match m.items.iter().find(|i| i.indicator == heading).and_then(|i| i.judgment.as_ref())
            {
                Some(j) => {
                    put(sheet, row, 8, text(&j.effect))?;
                    put(sheet, row, 9, text(&j.policy))?;
                    put(sheet, row, 10, multiline(&j.reason))?;
                }
                None => blank(sheet, row, &[8, 9, 10])?,
            }
            put(sheet, row, 11, lang.kpi_kind_of(kpi))?;
            row += 1;
        }
    }
    row += 1;
    sheet.write_string_with_format(row, 0, words::TOTALS, &f.bold)?;
    row += 1;
    for t in &m.totals {
        put(sheet, row, 0, text(&t.kpi))?;
        put(sheet, row, 1, text(&t.unit))?;
        blank(sheet, row, &[2, 8, 9, 10])?;
        // In the 年度（和暦） column: the rule that made the figure
        // (計画期間（合計）, 計画期間（最終年度の値） 令和3年度).
        put(sheet, row, 3, t.rule.as_deref().map(text).unwrap_or_default())?;
        num(sheet, row, 4, t.target)?;
        num(sheet, row, 5, t.actual)?;
        rate(sheet, row, t.rate)?;
        put(sheet, row, 7, lang.status(t.status).to_string())?;
        put(sheet, row, 11, text(&t.kind))?;
        row += 1;
    }
    if let Some(j) = &m.plan_judgment {
        row += 1;
        sheet.write_string_with_format(row, 0, "計画全体の評価", &f.bold)?;
        put(sheet, row, 8, text(&j.effect))?;
        put(sheet, row, 9, text(&j.policy))?;
        put(sheet, row, 10, multiline(&j.reason))?;
    }
    let widths = fit_columns(sheet, &columns)?;
    grow_rows(sheet, &cells, &widths)?;
    print_setup(sheet, m, header_row)?;
    Ok(())
}

/// The widths of the 効果検証 sheet's columns.
const VERIFICATION_WIDTHS: [f64; 8] = [5.0, 30.0, 10.0, 10.0, 9.0, 30.0, 16.0, 50.0];

/// 効果検証: one row per KPI in the layout municipalities publish for the
/// effectiveness verification of 地方創生 grants: the evaluated year's
/// target, actual and rate, 事業の効果, 今後の方針 and the council's
/// opinion (the judgment's reason, then the chair's and the members'
/// opinions on the item), ready to paste into the city's report.
fn verification_sheet(sheet: &mut Worksheet, m: &Minutes, f: &Formats) -> Result<(), XlsxError> {
    let lang = Lang::Ja;
    sheet.set_name("効果検証")?;
    let year = lang.fiscal_year(m.evaluated_year);
    sheet.write_string_with_format(0, 0, format!("地方創生の効果検証（{year}）"), &f.title)?;
    sheet.write_string(1, 0, text(&m.plan_name))?;
    if !m.public {
        sheet.write_string_with_format(2, 0, words::INTERNAL_NOTE, &f.banner)?;
    }
    let titles = [
        "No.",
        "重要業績評価指標（KPI）",
        "目標値",
        "実績値",
        "達成率",
        "事業の効果",
        "今後の方針",
        "意見",
    ];
    let header_row = 3;
    header(sheet, header_row, &titles, &f.head)?;
    let mut row = header_row + 1;
    // The texts, written once the rows are known, to size the rows by.
    let mut cells: Vec<(u32, u16, String)> = Vec::new();
    for (i, fig) in m.kpi_table.iter().enumerate() {
        let heading = format!("{} {}", fig.kpi, year);
        let item = m.items.iter().find(|it| it.indicator == heading);
        let judgment = item.and_then(|it| it.judgment.as_ref());
        let mut opinion: Vec<String> = judgment
            .map(|j| j.reason.trim().to_string())
            .filter(|r| !r.is_empty())
            .into_iter()
            .collect();
        // The council's opinions on the item, as said: the chair's and the
        // members', not the secretariat's or an observer's (their remarks
        // stand on the 発言 sheet).
        opinion.extend(
            item.into_iter()
                .flat_map(|it| &it.remarks)
                .filter(|r| {
                    r.kind == crate::domain::session::RemarkKind::Opinion
                        && !r.internal
                        && r.by_council
                })
                .map(|r| r.text.trim().to_string()),
        );
        #[allow(clippy::cast_precision_loss)]
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &f.cell)?;
        for (col, q) in [(2, fig.target), (3, fig.actual)] {
            match q {
                Some(q) => sheet.write_number_with_format(row, col, q.as_f64(), f.figure(q))?,
                None => sheet.write_blank(row, col, &f.number)?,
            };
        }
        match fig.rate {
            Some(r) => sheet.write_number_with_format(row, 4, rate_value(r), &f.rate)?,
            None => sheet.write_blank(row, 4, &f.rate)?,
        };
        let effect = judgment.map(|j| text(&j.effect)).unwrap_or_default();
        let policy = judgment.map(|j| text(&j.policy)).unwrap_or_default();
        let mut kpi = format!("{}（{}）", text(&fig.kpi), text(&fig.unit));
        // The form has no column of kinds: the rate's rule beside the name.
        if fig.better == crate::domain::plan::Better::Lower {
            kpi.push_str("（少ないほど良い）");
        }
        cells.push((row, 5, effect));
        cells.push((row, 6, policy));
        row = opinion_rows(sheet, f, &mut cells, row, &kpi, &opinion.join("\n"))?;
    }
    if let Some(j) = &m.plan_judgment {
        sheet.write_blank(row, 0, &f.cell)?;
        for col in 2..=4 {
            sheet.write_blank(row, col, &f.cell)?;
        }
        cells.push((row, 5, text(&j.effect)));
        cells.push((row, 6, text(&j.policy)));
        opinion_rows(sheet, f, &mut cells, row, "計画全体", &j.reason)?;
    }
    for (row, col, t) in &cells {
        sheet.write_string_with_format(*row, *col, t, &f.cell)?;
    }
    for (col, width) in (0..).zip(VERIFICATION_WIDTHS) {
        sheet.set_column_width(col, width)?;
    }
    grow_rows(sheet, &cells, &VERIFICATION_WIDTHS)?;
    print_setup(sheet, m, header_row)?;
    Ok(())
}

/// The 意見 of one row of 効果検証 from `row` on: the first piece beside
/// its figures, the rest of a long text in the rows below, each named
/// `label（続き）`, so that it prints whole. `label` is written on the
/// first row. Returns the row after the last.
fn opinion_rows(
    sheet: &mut Worksheet,
    f: &Formats,
    cells: &mut Vec<(u32, u16, String)>,
    row: u32,
    label: &str,
    opinion: &str,
) -> Result<u32, XlsxError> {
    let mut at = row;
    for (p, piece) in row_pieces(opinion, VERIFICATION_WIDTHS[7]).into_iter().enumerate() {
        if p == 0 {
            cells.push((at, 1, label.to_string()));
        } else {
            for col in [0, 2, 3, 4, 5, 6] {
                sheet.write_blank(at, col, &f.cell)?;
            }
            cells.push((at, 1, format!("{label}（続き）")));
        }
        cells.push((at, 7, piece));
        at += 1;
    }
    Ok(at)
}

/// 前回の指摘事項: last meeting's 決定事項 and 要対応事項 with the status and
/// note the secretariat set, for the city's follow-up records.
fn follow_up_sheet(sheet: &mut Worksheet, m: &Minutes, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("前回の指摘事項")?;
    let titles = ["区分", "指摘事項", "対象", "発言者", "対応状況", "備考"];
    for (col, t) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, u16::try_from(col).unwrap_or(0), *t, &f.head)?;
    }
    let mut row = 1;
    let mut written: Vec<(u32, u16, String)> = Vec::new();
    for p in &m.proceedings {
        let Proceeding::FollowUps(section) = p else { continue };
        for e in &section.entries {
            let cells = [
                super::markdown::follow_up_kind(e.kind).to_string(),
                multiline(&e.text),
                text(&e.about),
                text(&e.speaker),
                e.status.label().to_string(),
                multiline(&e.note),
            ];
            for (col, cell) in (0..).zip(cells) {
                sheet.write_string_with_format(row, col, &cell, &f.cell)?;
                written.push((row, col, cell));
            }
            row += 1;
        }
    }
    let widths = [12.0, 50.0, 28.0, 22.0, 10.0, 30.0];
    for (col, width) in (0..).zip(widths) {
        sheet.set_column_width(col, width)?;
    }
    grow_rows(sheet, &written, &widths)?;
    print_setup(sheet, m, 0)?;
    Ok(())
}

/// 発言: every remark the minutes show, answers after their question. A
/// remark too long for one printed row goes on in the rows below, each
/// saying whose it is and its kind with （続き）.
fn remarks_sheet(sheet: &mut Worksheet, m: &Minutes, f: &Formats) -> Result<(), XlsxError> {
    let lang = Lang::Ja;
    let bold = &f.bold;
    sheet.set_name("発言")?;
    header(sheet, 0, &["時刻", "発言者", "種別", "対象", "発言", "事前質問", "非公開"], bold)?;
    // The kind wide enough for 意見（続き） on one line.
    let widths = [8.0, 24.0, 14.0, 28.0, 60.0, 12.0, 8.0];
    let mut row = 1;
    for r in flat(m) {
        let prepared = r.prepared.as_ref().map(|p| text(&p.label())).unwrap_or_default();
        let speaker = text(&r.speaker);
        let about = text(&r.about);
        for (p, piece) in row_pieces(&r.text, widths[4]).into_iter().enumerate() {
            let kind = lang.remark_kind(r.kind);
            let kind = if p == 0 { kind.to_string() } else { format!("{kind}（続き）") };
            let internal = if r.internal { "非公開" } else { "" };
            // Every cell from the top of its row, wrapped within its
            // column: the time, the speaker and the kind printed on the
            // line where the remark begins (aligned as a spreadsheet leaves
            // them, they sat on the row's last line, and a remark of three
            // lines read as the one above's).
            let cells = [&r.time, &speaker, &kind, &about, &piece, &prepared, internal];
            let mut lines = 1;
            for ((col, cell), width) in (0..).zip(cells).zip(widths) {
                sheet.write_string_with_format(row, col, cell, &f.cell)?;
                lines = lines.max(wrapped_lines(cell, width));
            }
            // As tall as its tallest cell (see `grow_rows`), counted as
            // the row is written: a hundred thousand remarks and more.
            grow_row(sheet, row, lines)?;
            row += 1;
        }
    }
    for (col, width) in (0..).zip(widths) {
        sheet.set_column_width(col, width)?;
    }
    print_setup(sheet, m, 0)?;
    Ok(())
}

/// 企業別内訳: the companies behind every item.
/// The breakdown's sheets: one row per record, continued on the next sheet
/// (`企業別内訳 (2)` …) when a sheet is full: more than a million records
/// still make the workbook, every record in it.
fn breakdown_sheets(
    book: &mut Workbook,
    m: &Minutes,
    data: &Dataset,
    f: &Formats,
    pieces: &std::sync::mpsc::Receiver<BreakdownPiece>,
    rows_per_sheet: u32,
) -> Result<(), XlsxError> {
    let percent = &f.percent;
    // Every record is a row (100,000 and more): the texts of a KPI and a
    // year are made once.
    let names: Vec<String> = data.plan.kpis.iter().map(|k| text(&k.name)).collect();
    let years: Vec<(FiscalYear, String)> =
        data.plan.fiscal_years.iter().map(|&fy| (fy, fy.wareki())).collect();
    let mut sheets = 1;
    let mut sheet = breakdown_begun(book, sheets, f)?;
    let mut row = 1;
    // Until the gathering thread has sent the last piece.
    for piece in pieces {
        let name = names[piece.kpi].as_str();
        let (fy, fy_wareki) = &years[piece.year];
        for b in piece.rows {
            if row >= rows_per_sheet {
                breakdown_ended(sheet, m)?;
                sheets += 1;
                sheet = breakdown_begun(book, sheets, f)?;
                row = 1;
            }
            // A long name or note wraps within its column (cut at the
            // column's edge when printed, before), the row as tall as its
            // lines and each cell from its top. A row of one line is
            // written as it was: most rows, a million at the largest.
            let top = b.lines > 1;
            grow_row(sheet, row, b.lines)?;
            let text_format = top.then_some(&f.top_text);
            put_text(sheet, (row, 0), name, text_format)?;
            if top {
                sheet.write_number_with_format(row, 1, fy.0, &f.top)?;
            } else {
                sheet.write_number(row, 1, fy.0)?;
            }
            put_text(sheet, (row, 2), fy_wareki, text_format)?;
            put_text(sheet, (row, 3), &piece.texts[b.company], text_format)?;
            put_text(sheet, (row, 4), b.kind, text_format)?;
            let value = f.plain_figure(b.value.milli(), top);
            sheet.write_number_with_format(row, 5, b.value.as_f64(), value)?;
            if let Some(s) = b.share {
                let percent = if top { &f.top_percent } else { percent };
                sheet.write_number_with_format(row, 6, s, percent)?;
            }
            put_text(sheet, (row, 7), &piece.texts[b.note], text_format)?;
            if let Some(y) = b.contributed_in {
                match years.iter().find(|(fy, _)| *fy == y) {
                    Some((_, wareki)) => put_text(sheet, (row, 8), wareki, text_format)?,
                    None => put_text(sheet, (row, 8), &y.wareki(), text_format)?,
                }
            }
            row += 1;
        }
    }
    breakdown_ended(sheet, m)
}

/// A text cell of the breakdown, in `format` if it has one (a row of
/// several lines) and in the sheet's own otherwise.
fn put_text(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    text: &str,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    match format {
        Some(format) => sheet.write_string_with_format(row, col, text, format)?,
        None => sheet.write_string(row, col, text)?,
    };
    Ok(())
}

/// The `n`th sheet of the breakdown, added to `book` with its header row.
fn breakdown_begun<'a>(
    book: &'a mut Workbook,
    n: u32,
    f: &Formats,
) -> Result<&'a mut Worksheet, XlsxError> {
    let sheet = book.add_worksheet_with_low_memory()?;
    sheet.set_name(nth_sheet("企業別内訳", n))?;
    header(
        sheet,
        0,
        &[
            "指標",
            "年度",
            "年度（和暦）",
            "企業",
            "区分",
            "値",
            "構成比",
            "備考",
            words::CONTRIBUTED_IN,
        ],
        &f.bold,
    )?;
    Ok(sheet)
}

/// A breakdown sheet's widths and print setup, once its rows are written.
fn breakdown_ended(sheet: &mut Worksheet, m: &Minutes) -> Result<(), XlsxError> {
    for (col, width) in [
        (0, 18.0),
        (1, 8.0),
        (2, 12.0),
        (3, BREAKDOWN_NAME_WIDTH),
        (4, 12.0),
        (5, 8.0),
        (6, 8.0),
        (7, BREAKDOWN_NOTE_WIDTH),
        (8, 12.0),
    ] {
        sheet.set_column_width(col, width)?;
    }
    print_setup(sheet, m, 0)
}

/// Each sheet of a workbook as a spreadsheet reads it: its name and its
/// rows, every cell as text.
#[cfg(test)]
pub(crate) fn sheets_of(book: Vec<u8>) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::Reader;
    let mut xlsx = calamine::Xlsx::new(std::io::Cursor::new(book)).expect("a workbook");
    xlsx.sheet_names()
        .into_iter()
        .map(|name| {
            let range = xlsx.worksheet_range(&name).expect("a sheet");
            let rows = range.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
            (name, rows)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::{DataRefs, Session, Sheet};

    /// Every number of the workbook's sheets with its number format:
    /// (sheet, cell, value, format code), read from the file's XML.
    fn numbers_with_formats(bytes: Vec<u8>) -> Vec<(String, String, String, String)> {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let read = |zip: &mut zip::ZipArchive<_>, name: &str| {
            let mut text = String::new();
            zip.by_name(name).ok()?.read_to_string(&mut text).expect("utf-8");
            Some(text)
        };
        let attr = |tag: &str, name: &str| {
            let tag = format!(" {tag}");
            let key = format!(" {name}=\"");
            let at = tag.find(&key)? + key.len();
            Some(tag[at..at + tag[at..].find('"')?].to_string())
        };
        let styles = read(&mut zip, "xl/styles.xml").expect("styles");
        let codes: std::collections::HashMap<String, String> = styles
            .split("<numFmt ")
            .skip(1)
            .filter_map(|t| Some((attr(t, "numFmtId")?, attr(t, "formatCode")?)))
            .collect();
        let xfs = styles.split("<cellXfs").nth(1).expect("cellXfs");
        let xfs = &xfs[..xfs.find("</cellXfs>").expect("end")];
        let formats: Vec<String> = xfs
            .split("<xf ")
            .skip(1)
            .map(|t| {
                let id = attr(t, "numFmtId").unwrap_or_default();
                codes.get(&id).cloned().unwrap_or(id)
            })
            .collect();
        let mut out = Vec::new();
        for n in 1.. {
            let name = format!("xl/worksheets/sheet{n}.xml");
            let Some(sheet) = read(&mut zip, &name) else { break };
            for cell in sheet.split("<c ").skip(1) {
                let head = &cell[..cell.find('>').unwrap_or(0)];
                if attr(head, "t").is_some() || !cell.contains("<v>") {
                    continue;
                }
                let v = &cell[cell.find("<v>").expect("v") + 3..cell.find("</v>").expect("/v")];
                let style = attr(head, "s").and_then(|s| s.parse::<usize>().ok()).unwrap_or(0);
                let code = formats.get(style).cloned().unwrap_or_default();
                out.push((name.clone(), attr(head, "r").unwrap_or_default(), v.to_string(), code));
            }
        }
        out
    }

    /// A whole figure is shown without a decimal point (Excel shows 50 in
    /// `#,##0.###` as `50.`), one with decimals with every decimal it has,
    /// and every figure with thousands separators, the breakdown's too.
    #[test]
    fn every_figure_shows_as_the_minutes_write_it() {
        use std::collections::BTreeMap as Map;
        let mut data = crate::store::embedded::load().expect("embedded").dataset;
        data.actuals.contributions[0].value = Quantity::from_milli(2_500_250);
        let data = crate::domain::dataset::Dataset::new(data.plan, data.actuals).expect("valid");
        let session = Session::new(Sheet::default(), DataRefs::default());
        let options = super::super::minutes::Options { public: false, anonymize: false };
        let m = crate::export::minutes_of(&data, &session, options);
        let dir = tempfile::tempdir().expect("temp dir");
        let cells = numbers_with_formats(render(&m, &data, dir.path()).expect("xlsx"));
        let mut seen: Map<&str, usize> = Map::new();
        for (sheet, at, v, code) in &cells {
            // A rate, a share; a year (column B or C), a number of the list (A).
            let counter = code == "0" && at.starts_with(['A', 'B', 'C']);
            if code.ends_with('%') || counter {
                continue;
            }
            let whole = v.parse::<f64>().is_ok_and(|x| x.fract() == 0.0);
            let expected = if whole { "#,##0" } else { "#,##0.###" };
            assert_eq!(code, expected, "{sheet} {at}: {v}");
            *seen.entry(expected).or_default() += 1;
        }
        assert!(seen.get("#,##0").is_some_and(|n| *n > 20), "{seen:?}");
        assert!(seen.get("#,##0.###").is_some_and(|n| *n >= 1), "{seen:?}");
    }

    /// The 評価シート's 種類 column is as wide as its longest kind: it was
    /// at most 8, and 単年度（少ないほど良い） of a KPI to bring down
    /// wrapped on several lines of every row of that KPI.
    #[test]
    fn the_kind_of_a_kpi_to_bring_down_is_on_one_line() {
        use std::io::Read;
        let mut data = crate::store::embedded::load().expect("embedded").dataset;
        data.plan.kpis[0].better = Some(crate::domain::plan::Better::Lower);
        let data = crate::domain::dataset::Dataset::new(data.plan, data.actuals).expect("valid");
        let kind = Lang::Ja.kpi_kind_of(&data.plan.kpis[0]);
        assert_eq!(kind, "単年度（少ないほど良い）");
        let session = Session::new(Sheet::default(), DataRefs::default());
        let options = super::super::minutes::Options { public: false, anonymize: false };
        let m = crate::export::minutes_of(&data, &session, options);
        let dir = tempfile::tempdir().expect("temp dir");
        let book = render(&m, &data, dir.path()).expect("xlsx");
        let (name, rows) = &sheets_of(book.clone())[0];
        assert_eq!(name, "評価シート");
        assert!(rows.iter().any(|r| r.get(11) == Some(&kind)), "the kind in column L");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).expect("zip");
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .expect("sheet")
            .read_to_string(&mut xml)
            .expect("utf-8");
        let col =
            xml.split("<col ").find(|c| c.starts_with("min=\"12\" max=\"12\"")).expect("L's width");
        let width: f64 = col
            .split("width=\"")
            .nth(1)
            .and_then(|w| w.split('"').next())
            .expect("width")
            .parse()
            .expect("a number");
        // A Japanese character is two of Excel's unit, and a cell's margin one.
        #[allow(clippy::cast_precision_loss)]
        let needed = crate::text::width(&kind) as f64 + 1.0;
        assert!(width >= needed, "column L {width} wide for {kind} ({needed})");
    }

    /// More records than a sheet holds: the breakdown goes on in sheets of
    /// its own (企業別内訳 (2) …), each with the header, every record once
    /// and in order; the other sheets are as they were, around it.
    #[test]
    fn a_breakdown_longer_than_a_sheet_goes_on_in_the_next_with_every_record() {
        let data = crate::store::embedded::load().expect("embedded").dataset;
        let session = Session::new(Sheet::default(), DataRefs::default());
        let options = super::super::minutes::Options { public: false, anonymize: false };
        let m = crate::export::minutes_of(&data, &session, options);
        let dir = tempfile::tempdir().expect("temp dir");
        let whole = sheets_of(render(&m, &data, dir.path()).expect("xlsx"));
        let split = sheets_of(render_split(&m, &data, dir.path(), 10).expect("xlsx"));
        let is_breakdown = |name: &str| name.starts_with("企業別内訳");
        let [(_, all)] = &whole.iter().filter(|(n, _)| is_breakdown(n)).collect::<Vec<_>>()[..]
        else {
            panic!("one breakdown sheet: {:?}", whole.iter().map(|s| &s.0).collect::<Vec<_>>());
        };
        let (head, records) = all.split_first().expect("a header");
        assert!(records.len() > 20, "records enough to split: {}", records.len());
        let parts: Vec<_> = split.iter().filter(|(n, _)| is_breakdown(n)).collect();
        assert_eq!(parts.len(), records.len().div_ceil(9), "nine records a sheet");
        let mut again = Vec::new();
        for (i, (name, rows)) in parts.iter().enumerate() {
            let n = u32::try_from(i + 1).expect("few");
            assert_eq!(*name, nth_sheet("企業別内訳", n));
            assert_eq!(&rows[0], head, "{name}: the header again");
            assert!(rows.len() <= 10, "{name}: {} rows", rows.len());
            again.extend_from_slice(&rows[1..]);
        }
        assert_eq!(again, records, "every record once, in order");
        let others = |s: &[(String, Vec<Vec<String>>)]| -> Vec<(String, Vec<Vec<String>>)> {
            s.iter().filter(|(n, _)| !is_breakdown(n)).cloned().collect()
        };
        assert_eq!(others(&split), others(&whole));
        let names = |s: &[(String, Vec<Vec<String>>)]| -> Vec<String> {
            s.iter()
                .map(|(n, _)| if is_breakdown(n) { "企業別内訳" } else { n }.to_string())
                .collect()
        };
        let mut order = names(&split);
        order.dedup();
        assert_eq!(order, names(&whole), "the breakdown where it was");
    }
}
