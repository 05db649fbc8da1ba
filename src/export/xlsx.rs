//! The evaluation sheet (評価シート) for the city's records, written with
//! rust_xlsxwriter: the KPI table (numbers as numbers, rates as
//! percentages), the remarks, and the company breakdown of every item.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::minutes::{Minutes, RemarkEntry, breakdown_rows, withheld_note, words};
use super::safe;
use crate::domain::dataset::Dataset;
use crate::domain::quantity::Quantity;
use crate::i18n::Lang;

/// The note that ends a text cut at a cell's limit (32,767 characters).
const CUT: &str = "……（一つのセルに入る32,767字を超えるため、ここで切りました。全文はMarkdownの議事録にあります）";
/// The note that ends a remark continued in the next columns.
const CONTINUED: &str = "……（続きは右の「発言（続き）」の列）";

/// Text from a file for one cell: made safe, cut visibly if too long.
fn text(s: &str) -> String {
    safe::xlsx_cut(s, CUT)
}

fn number(sheet: &mut Worksheet, row: u32, col: u16, q: Option<Quantity>) -> Result<(), XlsxError> {
    if let Some(q) = q {
        sheet.write_number(row, col, q.as_f64())?;
    }
    Ok(())
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

/// All remarks of the minutes in one list, answers after their question.
fn flat(m: &Minutes) -> Vec<&RemarkEntry> {
    fn push<'a>(out: &mut Vec<&'a RemarkEntry>, r: &'a RemarkEntry) {
        out.push(r);
        for a in &r.answers {
            push(out, a);
        }
    }
    let mut out = Vec::new();
    for item in &m.items {
        for r in &item.remarks {
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

/// The workbook as bytes.
pub fn render(m: &Minutes, data: &Dataset) -> Result<Vec<u8>, XlsxError> {
    let formats =
        Formats { bold: Format::new().set_bold(), percent: Format::new().set_num_format("0.0%") };
    let mut book = Workbook::new();
    evaluation_sheet(book.add_worksheet(), m, data, &formats)?;
    remarks_sheet(book.add_worksheet(), m, &formats)?;
    breakdown_sheet(book.add_worksheet(), data, &formats)?;
    book.save_to_buffer()
}

struct Formats {
    bold: Format,
    percent: Format,
}

/// 評価シート: every KPI × fiscal year with its judgment, then the totals.
fn evaluation_sheet(
    sheet: &mut Worksheet,
    m: &Minutes,
    data: &Dataset,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = Lang::Ja;
    let (bold, percent) = (&f.bold, &f.percent);
    sheet.set_name("評価シート")?;
    sheet.write_string_with_format(0, 0, format!("{} 評価シート", text(&m.title)), bold)?;
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
    header(sheet, 4, &titles, bold)?;
    let mut row = 5;
    for (k, kpi) in data.plan.kpis.iter().enumerate() {
        for (y, fy) in data.plan.fiscal_years.iter().enumerate() {
            let Some(cell) = data.ledger.cell(k, y) else { continue };
            sheet.write_string(row, 0, text(&kpi.name))?;
            sheet.write_string(row, 1, text(&kpi.unit))?;
            sheet.write_number(row, 2, fy.0)?;
            sheet.write_string(row, 3, fy.wareki())?;
            number(sheet, row, 4, cell.target)?;
            number(sheet, row, 5, cell.actual)?;
            if let Some(r) = cell.achievement.rate {
                #[allow(clippy::cast_precision_loss)]
                sheet.write_number_with_format(row, 6, r.tenths() as f64 / 1000.0, percent)?;
            }
            sheet.write_string(row, 7, lang.status(cell.achievement.status))?;
            let heading = format!("{} {}", kpi.name, lang.fiscal_year(*fy));
            if let Some(j) =
                m.items.iter().find(|i| i.heading == heading).and_then(|i| i.judgment.as_ref())
            {
                sheet.write_string(row, 8, text(&j.effect))?;
                sheet.write_string(row, 9, text(&j.policy))?;
                sheet.write_string(row, 10, text(&j.reason))?;
            }
            sheet.write_string(row, 11, lang.kpi_kind(kpi.kind))?;
            row += 1;
        }
    }
    row += 1;
    sheet.write_string_with_format(row, 0, words::TOTALS, bold)?;
    row += 1;
    for f in &m.totals {
        sheet.write_string(row, 0, text(&f.kpi))?;
        sheet.write_string(row, 1, text(&f.unit))?;
        // In the 年度（和暦） column: the rule that made the figure
        // (計画期間（合計）, 計画期間（最終年度の値） 令和3年度).
        sheet.write_string(row, 3, f.rule.as_deref().map(text).unwrap_or_default())?;
        number(sheet, row, 4, f.target)?;
        number(sheet, row, 5, f.actual)?;
        if let Some(r) = f.rate {
            #[allow(clippy::cast_precision_loss)]
            sheet.write_number_with_format(row, 6, r.tenths() as f64 / 1000.0, percent)?;
        }
        sheet.write_string(row, 7, lang.status(f.status))?;
        sheet.write_string(row, 11, text(&f.kind))?;
        row += 1;
    }
    if let Some(j) = &m.plan_judgment {
        row += 1;
        sheet.write_string_with_format(row, 0, "計画全体の評価", bold)?;
        sheet.write_string(row, 8, text(&j.effect))?;
        sheet.write_string(row, 9, text(&j.policy))?;
        sheet.write_string(row, 10, text(&j.reason))?;
    }
    for (col, width) in [
        (0, 18),
        (1, 6),
        (2, 8),
        (3, 28),
        (4, 10),
        (5, 10),
        (6, 10),
        (7, 10),
        (8, 30),
        (9, 14),
        (10, 40),
        (11, 8),
    ] {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}

/// 発言: every remark the minutes show, answers after their question.
fn remarks_sheet(sheet: &mut Worksheet, m: &Minutes, f: &Formats) -> Result<(), XlsxError> {
    let lang = Lang::Ja;
    let bold = &f.bold;
    sheet.set_name("発言")?;
    header(sheet, 0, &["時刻", "発言者", "種別", "対象", "発言", "事前質問", "非公開"], bold)?;
    let mut continued = 0;
    for (i, r) in flat(m).into_iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        sheet.write_string(row, 0, &r.time)?;
        sheet.write_string(row, 1, text(&r.speaker))?;
        sheet.write_string(row, 2, lang.remark_kind(r.kind))?;
        sheet.write_string(row, 3, text(&r.about))?;
        // A remark longer than a cell holds goes on in the next columns,
        // each piece but the last saying so: never refused, never lost.
        let room = safe::XLSX_CELL_LIMIT - CONTINUED.encode_utf16().count();
        let pieces = safe::xlsx_pieces(&r.text, room);
        let last = pieces.len() - 1;
        for (p, piece) in pieces.into_iter().enumerate() {
            let col = if p == 0 { 4 } else { 6 + u16::try_from(p).unwrap_or(u16::MAX - 7) };
            let piece = if p < last { piece + CONTINUED } else { piece };
            sheet.write_string(row, col, piece)?;
        }
        continued = continued.max(last);
        sheet.write_string(row, 5, r.prepared_by.as_deref().map(text).unwrap_or_default())?;
        sheet.write_string(row, 6, if r.internal { "非公開" } else { "" })?;
    }
    for p in 1..=continued {
        let col = 6 + u16::try_from(p).unwrap_or(u16::MAX - 7);
        sheet.write_string_with_format(0, col, "発言（続き）", bold)?;
    }
    for (col, width) in [(0, 8), (1, 24), (2, 8), (3, 28), (4, 60), (5, 12), (6, 8)] {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}

/// 企業別内訳: the companies behind every item.
fn breakdown_sheet(sheet: &mut Worksheet, data: &Dataset, f: &Formats) -> Result<(), XlsxError> {
    let lang = Lang::Ja;
    let (bold, percent) = (&f.bold, &f.percent);
    sheet.set_name("企業別内訳")?;
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
        bold,
    )?;
    let mut row = 1;
    for (k, kpi) in data.plan.kpis.iter().enumerate() {
        for (y, fy) in data.plan.fiscal_years.iter().enumerate() {
            for b in breakdown_rows(data, lang, k, y) {
                sheet.write_string(row, 0, text(&kpi.name))?;
                sheet.write_number(row, 1, fy.0)?;
                sheet.write_string(row, 2, fy.wareki())?;
                sheet.write_string(row, 3, text(&b.company))?;
                sheet.write_string(row, 4, text(&b.kind))?;
                sheet.write_number(row, 5, b.value.as_f64())?;
                if let Some(s) = b.share {
                    #[allow(clippy::cast_precision_loss)]
                    sheet.write_number_with_format(row, 6, s.tenths() as f64 / 1000.0, percent)?;
                }
                sheet.write_string(row, 7, text(&b.note))?;
                // Behind a 累計 figure: the year the part was added in.
                if let Some(y) = b.fiscal_year {
                    sheet.write_string(row, 8, y.wareki())?;
                }
                row += 1;
            }
        }
    }
    for (col, width) in
        [(0, 18), (1, 8), (2, 12), (3, 40), (4, 12), (5, 8), (6, 8), (7, 40), (8, 12)]
    {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}
