//! How many cells an old Excel workbook (.xls) would make calamine set
//! aside, and how much text they would hold, counted before calamine opens
//! it. calamine reads every sheet when it opens an .xls and reserves room
//! for the cells each sheet's DIMENSIONS record announces: a 6 KB file
//! announcing four billion rows made the program abort, out of memory,
//! with the meeting's terminal left raw. The records are read first and the
//! file refused beyond the cells limit.
//!
//! The text is counted because it is not bounded by the file either:
//! calamine copies a shared string into every cell that names it, and
//! reserves for the text a cell carries itself every character its record
//! announces, so a 281 KB file made the program hold 5.8 GB. The file is
//! refused beyond the text budget.
//!
//! The workbook stream is found in the file's container by
//! `xls_container`, and its records read by `xls_records`. A file whose
//! container's chains loop is refused too (calamine would read them round
//! and round), and so is one whose allocation table lists the same sectors
//! over and over (calamine would keep them each time).

use super::xls_container::{Broken, stream_of, u16_at, u32_at};
use super::xls_records::{DIMENSIONS, held_cells, held_text};

/// The cells calamine sets aside for one DIMENSIONS record, computed as it
/// does (its `parse_dimensions`, then rows × columns, in 32-bit arithmetic).
fn reserved(data: &[u8]) -> u64 {
    let (rf, rl, cf, cl) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        _ => return 0,
    };
    let cf = if 0xFF < cf || cl < cf { 0 } else { cf };
    if rl == 0 || cl == 0 {
        return 1;
    }
    let rows = u64::from((rl - 1).wrapping_sub(rf).wrapping_add(1));
    let columns = u64::from((cl - 1).wrapping_sub(cf).wrapping_add(1));
    rows.saturating_mul(columns)
}

/// The cells the sheets of a workbook stream announce together: the
/// larger of the DIMENSIONS records read in line from the stream's start
/// and those read where calamine reads each sheet.
pub(super) fn announced(stream: &[u8]) -> u64 {
    in_line(stream).max(super::xls_records::announced_by_sheets(stream, reserved).unwrap_or(0))
}

fn in_line(stream: &[u8]) -> u64 {
    let (mut at, mut total) = (0usize, 0u64);
    while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let data = stream.get(at + 4..at + 4 + usize::from(len)).unwrap_or_default();
        if kind == DIMENSIONS {
            total = total.saturating_add(reserved(data));
        }
        at += 4 + usize::from(len);
    }
    total
}

/// Refuses an .xls whose container's chains loop or whose allocation
/// table lists the same sectors over and over, whose sheets announce
/// together more cells than `limits` allow, or whose cells would hold more
/// text than the text budget. Anything else that is not a readable .xls
/// passes: calamine reports it.
pub fn check(bytes: &[u8], limits: &crate::store::limits::Limits) -> Result<(), String> {
    let stream = match stream_of(bytes) {
        Ok(stream) => stream,
        Err(Broken::Loops) => {
            return Err(damaged("ファイルの中の連結が循環しています", "a chain inside it loops"));
        }
        Err(Broken::Repeats) => {
            return Err(damaged(
                "ファイルの中の割り当て表に同じ場所が何度も挙がっています",
                "its allocation table lists the same sectors over and over",
            ));
        }
        Err(Broken::Twice) => {
            return Err(damaged(
                "ファイルの中にブック（Workbook）が二つあり、表計算ソフトによって違う方が読めます",
                "it holds two workbooks (Workbook), and different programs would read different ones",
            ));
        }
        Err(Broken::Fails) => return Ok(()),
    };
    let total = announced(&stream);
    if total > u64::try_from(limits.cells).unwrap_or(u64::MAX) {
        return Err(limits.cells_message((
            format!(
                "Excel 97-2003 のブックが大きすぎて読めません（シートの大きさの記録が {total} セルを示します）"
            ),
            format!(
                "the Excel 97-2003 workbook is too large to read: its sheets announce {total} cells"
            ),
        )));
    }
    let records = super::xls_records::records_read(&stream).unwrap_or(0);
    let most = u64::try_from(limits.cells).unwrap_or(u64::MAX).saturating_mul(10);
    if records > most {
        return Err(limits.cells_message((
            format!(
                "Excel 97-2003 のブックが大きすぎて読めません（シートを読むと {records} 個の記録を読むことになります。記録はセルの上限の 10 倍まで読みます）"
            ),
            format!(
                "the Excel 97-2003 workbook is too large to read: reading its sheets reads {records} records (at most ten times the cells limit are read)"
            ),
        )));
    }
    if let Some((ja, en)) = super::xls_records::read_two_ways(&stream) {
        return Err(crate::i18n::tr(
            format!(
                "Excel 97-2003 のブックが表計算ソフトによって違って読めます（{ja}）。Excel や LibreOffice で開いて保存し直してください"
            ),
            format!(
                "the Excel 97-2003 workbook reads differently in different programs ({en}); open it in Excel or LibreOffice and save it again"
            ),
        ));
    }
    if let Some((row, column)) = super::xls_records::stray_string(&stream) {
        let cell =
            format!("{}{}", super::table::column_letters(usize::from(column)), u32::from(row) + 1);
        return Err(crate::i18n::tr(
            format!(
                "Excel 97-2003 のブックの {cell} の数式の結果が、表計算ソフトによって数値とも文字列とも読めます。Excel や LibreOffice で開いて保存し直してください"
            ),
            format!(
                "the formula result in {cell} of the Excel 97-2003 workbook reads as a number in one program and as a text in another; open it in Excel or LibreOffice and save it again"
            ),
        ));
    }
    let cells = held_cells(&stream).unwrap_or(0);
    if cells > u64::try_from(limits.cells).unwrap_or(u64::MAX) {
        return Err(limits.cells_message((
            format!(
                "Excel 97-2003 のブックが大きすぎて読めません（シートのセルが離れて置かれ、読むと {cells} セルの範囲になります）"
            ),
            format!(
                "the Excel 97-2003 workbook is too large to read: its sheets' cells lie so far apart that reading them takes {cells} cells"
            ),
        )));
    }
    let (shared, own) = held_text(&stream).unwrap_or((0, 0));
    let held = shared.saturating_add(own);
    if held > limits.text_budget() {
        // Where the text comes from, when it all comes from one place.
        let (ja, en) = if own == 0 {
            ("共有文字列を指すセル", "its cells naming shared strings")
        } else {
            ("文字列のセル", "its text cells")
        };
        return Err(limits.text_message(
            held,
            (
                format!(
                    "Excel 97-2003 のブックのテキストが多すぎて読めません（{ja}が合わせて {held} バイトになります）"
                ),
                format!(
                    "the Excel 97-2003 workbook holds too much text to read: {en} come to {held} bytes"
                ),
            ),
        ));
    }
    Ok(())
}

/// The refusal of an .xls whose container is damaged in a way calamine
/// does not report: it would take more memory than the whole file, or go
/// on without end. `ja` and `en` say how.
fn damaged(ja: &str, en: &str) -> String {
    crate::i18n::tr(
        format!(
            "Excel 97-2003 のファイルが壊れています（{ja}）。Excel や LibreOffice で開いて保存し直してください"
        ),
        format!(
            "the Excel 97-2003 file is damaged: {en}; open it in Excel or LibreOffice and save it again"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::xls_records::test_files::announcing;
    use crate::store::limits::Limits;

    /// Four billion rows announced: refused before calamine reserves them
    /// (it aborted, out of memory); a small announcement passes.
    #[test]
    fn a_sheet_announcing_billions_of_cells_is_refused() {
        let e = check(&announcing(4_000_000_000), &Limits::default()).expect_err("refused");
        assert!(e.contains("too large to read") && e.contains("KPI_COUNCIL_MAX_CELLS"), "{e}");
        assert!(check(&announcing(100), &Limits::default()).is_ok());
    }
}
