//! CSV as Japanese offices write it: Shift_JIS (CP932) as Excel saves it,
//! UTF-8 with or without a BOM, UTF-16 from Excel's "Unicode text", CRLF,
//! quoted fields with line breaks, commas or tabs. The encoding is
//! detected, never asked for.

use std::path::Path;

use encoding_rs::{Encoding, SHIFT_JIS, UTF_16BE, UTF_16LE};

use super::table::{CellError, Row, Table, Value, error_name};

/// A file of an office program where text was expected, told by its
/// first bytes (and a Word document by its main part's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    Pdf,
    Word,
    /// A zip package: an .xlsx or .ods workbook (or another).
    Workbook,
    /// The binary format of Excel 97-2003 (.xls) and Word 97-2003 (.doc).
    Legacy,
}

/// What a file is when it is an office program's file and not text.
#[must_use]
pub fn not_text(bytes: &[u8]) -> Option<NotText> {
    if bytes.starts_with(b"%PDF") {
        Some(NotText::Pdf)
    } else if bytes.starts_with(b"PK\x03\x04") {
        let word = bytes.windows(17).any(|w| w == b"word/document.xml");
        Some(if word { NotText::Word } else { NotText::Workbook })
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Some(NotText::Legacy)
    } else {
        None
    }
}

/// What a CSV file that is an office program's file is, and what to do.
fn not_csv(file: &str, kind: NotText) -> CellError {
    use crate::i18n::tr;
    CellError::file(
        file,
        match kind {
            NotText::Pdf => tr(
                "PDF のファイルです。実績は .xlsx・.xls・.ods・.csv のファイルで指定してください",
                "the file is a PDF; expected a CSV or a workbook (.xlsx, .xls, .ods)",
            ),
            NotText::Word => tr(
                "Word の文書です。実績は .xlsx・.xls・.ods・.csv のファイルで指定してください",
                "the file is a Word document; expected a CSV or a workbook (.xlsx, .xls, .ods)",
            ),
            NotText::Workbook => tr(
                "CSV ではなく表計算ファイル（.xlsx か .ods）です。名前の末尾を .xlsx（LibreOffice のものなら .ods）にしてください",
                "the file is a workbook (.xlsx or .ods), not a CSV; name it .xlsx (.ods for LibreOffice's)",
            ),
            NotText::Legacy => tr(
                "CSV ではなく Excel 97-2003 の形式（.xls）のファイルです。名前の末尾を .xls にしてください",
                "the file is in the Excel 97-2003 format (.xls), not a CSV; name it .xls",
            ),
        },
    )
}

/// The text of a CSV file and the encoding it was in.
pub fn decode(file: &str, bytes: &[u8]) -> Result<(String, &'static Encoding), CellError> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(CellError::file(
                file,
                crate::i18n::tr(
                    format!(
                        "ファイルは {0} として始まりますが、正しい {0} ではありません",
                        encoding.name()
                    ),
                    format!("the file starts as {} but is not valid {0}", encoding.name()),
                ),
            ));
        }
        return Ok((text.into_owned(), encoding));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), encoding_rs::UTF_8));
    }
    // Without a BOM, UTF-16 shows as NUL bytes between ASCII letters.
    let nuls = bytes.iter().take(200).filter(|b| **b == 0).count();
    if nuls > 10 {
        let even_nuls = bytes.iter().take(200).step_by(2).filter(|b| **b == 0).count();
        let encoding = if even_nuls > nuls / 2 { UTF_16BE } else { UTF_16LE };
        let (text, _, had_errors) = encoding.decode(bytes);
        if !had_errors {
            return Ok((text.into_owned(), encoding));
        }
    }
    let (text, _, had_errors) = SHIFT_JIS.decode(bytes);
    if had_errors {
        return Err(CellError::file(
            file,
            crate::i18n::tr(
                "ファイルは UTF-8 でも Shift_JIS（CP932）でもありません。CSV（UTF-8）か CSV（Shift_JIS）で保存し直してください",
                "the file is neither UTF-8 nor Shift_JIS (CP932) text; save it as CSV (UTF-8) or CSV (Shift_JIS)",
            ),
        ));
    }
    Ok((text.into_owned(), SHIFT_JIS))
}

/// Where a cell's quotes would be read one way here and another way by a
/// spreadsheet program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteProblem {
    /// A quote opens the cell and is never closed.
    Unclosed,
    /// The quoted text is followed by more text in the same cell.
    TextAfter,
    /// Spaces, then a quote, at the start of an unquoted cell.
    SpaceBefore,
}

/// The row number, as a spreadsheet shows it, of each record the reader
/// below yields: it skips empty lines, which a spreadsheet shows as empty
/// rows, and a quoted cell's line breaks stay in its row. Or the first
/// cell whose quotes are not as CSV writes them, as (row, column index,
/// problem): the reader would join the rows after an unclosed quote into
/// one cell, and drop the quotes of `"A"社`, where LibreOffice keeps them
/// and reads the rows after as rows; no figure may depend on which is right.
fn scan(text: &str, delimiter: u8) -> Result<Vec<usize>, (usize, usize, QuoteProblem)> {
    #[derive(Clone, Copy)]
    enum State {
        Start,
        Lead,
        Unquoted,
        Quoted,
        AfterQuote,
        Trail,
    }
    // Read by bytes: every byte that matters is ASCII, and no byte of a
    // character written in several is.
    let blank = |c: u8| c == b' ' || (c == b'\t' && delimiter != b'\t');
    let (mut row, mut column, mut opened) = (1usize, 0usize, (1usize, 0usize));
    let (mut state, mut line_start) = (State::Start, true);
    let mut records = Vec::new();
    let mut bytes = text.bytes().peekable();
    while let Some(c) = bytes.next() {
        let in_quotes = matches!(state, State::Quoted);
        if !in_quotes && (c == b'\r' || c == b'\n') {
            if c == b'\r' && bytes.peek() == Some(&b'\n') {
                bytes.next();
            }
            (row, column, state, line_start) = (row + 1, 0, State::Start, true);
            continue;
        }
        if line_start {
            records.push(row);
            line_start = false;
        }
        if !in_quotes && c == delimiter {
            (column, state) = (column + 1, State::Start);
            continue;
        }
        state = match (state, c) {
            (State::Start, b'"') => {
                opened = (row, column);
                State::Quoted
            }
            (State::Start | State::Lead, c) if blank(c) => State::Lead,
            (State::Lead, b'"') => return Err((row, column, QuoteProblem::SpaceBefore)),
            (State::Quoted, b'"') => State::AfterQuote,
            (State::AfterQuote, b'"') | (State::Quoted, _) => State::Quoted,
            (State::AfterQuote | State::Trail, c) if blank(c) => State::Trail,
            (State::AfterQuote | State::Trail, _) => {
                return Err((opened.0, opened.1, QuoteProblem::TextAfter));
            }
            (State::Start | State::Lead | State::Unquoted, _) => State::Unquoted,
        };
    }
    if matches!(state, State::Quoted) {
        return Err((opened.0, opened.1, QuoteProblem::Unclosed));
    }
    Ok(records)
}

/// The error for a cell whose quotes are read differently elsewhere.
fn quote_error(file: &str, (row, column, problem): (usize, usize, QuoteProblem)) -> CellError {
    let message = match problem {
        QuoteProblem::Unclosed => crate::i18n::tr(
            "このセルを開く引用符（\"）が閉じられていません。このままでは後ろの行がすべてこのセルに入り、LibreOffice は後ろの行を行として読みます。引用符を閉じるか、消してください",
            "the quote (\") that opens this cell is never closed: every row after it would be read into this one cell, where LibreOffice reads them as rows; close the quote or remove it",
        ),
        QuoteProblem::TextAfter => crate::i18n::tr(
            "このセルでは、引用符（\"）で囲んだ文字の後ろに、区切りの前にさらに文字があります（\"A\"社 のような形）。表計算ソフトによって読み方が違い、閉じていない引用符なら後ろの行を飲み込みます。セル全体を引用符で囲み、中の \" は \"\" と書くか、引用符を消してください",
            "in this cell, text follows the quoted text before the next separator (as in \"A\"社): spreadsheet programs read such a cell differently, and a quote left open swallows the rows after it; quote the whole cell, writing a quote inside it as \"\", or remove the quotes",
        ),
        QuoteProblem::SpaceBefore => crate::i18n::tr(
            "このセルは空白の後に引用符（\"）で始まります。LibreOffice は引用符で囲んだ一つのセルとして読み、この取り込みは中の区切りでセルを分けて読みます。引用符の前の空白を消してください",
            "this cell starts with spaces and then a quote (\"): LibreOffice reads it as one quoted cell, this import as text split at the separators inside it; remove the spaces before the quote",
        ),
    };
    CellError {
        row: Some(row),
        column: Some((super::table::column_letters(column), String::new())),
        ..CellError::file(file, message)
    }
}

/// Tab or comma: the one that splits more of the first twenty lines into
/// the same number of cells (outside quotes). A title above the table may
/// hold a comma (「北見市, 令和5年度の実績」) or no separator at all, so
/// the first line alone does not decide; nor does which is found more
/// often: LibreOffice's "Text (Tab delimited)" writes 1,234,567 and notes
/// such as 「東京, 大阪」 unquoted, more commas than tabs on each row,
/// but the same number of tabs on every row. A wrong guess cannot read
/// wrong numbers: the header's names would stand in one cell, and a table
/// without its header is refused.
fn delimiter_of(text: &str) -> u8 {
    let mut lines: Vec<(usize, usize)> = vec![(0, 0)];
    let mut quoted = false;
    for c in text.bytes() {
        let Some(last) = lines.last_mut() else { break };
        match c {
            b'"' => quoted = !quoted,
            b'\t' if !quoted => last.0 += 1,
            b',' if !quoted => last.1 += 1,
            b'\n' if !quoted => {
                if lines.len() == 20 {
                    break;
                }
                lines.push((0, 0));
            }
            _ => {}
        }
    }
    // How many lines have the count most lines have, of a separator found.
    let agreeing = |count: fn(&(usize, usize)) -> usize| {
        let mut counts: Vec<usize> = lines.iter().map(count).filter(|&n| n > 0).collect();
        counts.sort_unstable();
        counts.chunk_by(|a, b| a == b).map(<[usize]>::len).max().unwrap_or(0)
    };
    if agreeing(|l| l.0) > agreeing(|l| l.1) { b'\t' } else { b',' }
}

/// Reads a CSV (or tab-separated) file as a table.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Table, CellError> {
    let file = path.display().to_string();
    if let Some(kind) = not_text(bytes) {
        return Err(not_csv(&file, kind));
    }
    let (text, _) = decode(&file, bytes)?;
    // A byte-order mark inside the text (files joined one after another,
    // each with its own) shows as nothing, and must not make 「B社」 a
    // company apart from the 「B社」 of the rows above.
    let text = if text.contains('\u{feff}') { text.replace('\u{feff}', "") } else { text };
    let delimiter = delimiter_of(&text);
    let numbers = scan(&text, delimiter).map_err(|p| quote_error(&file, p))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let limits = crate::store::limits::limits();
    let mut count = 0usize;
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let row = e.position().map_or(i + 1, |p| usize::try_from(p.record()).unwrap_or(i) + 1);
            CellError {
                row: Some(row),
                ..CellError::file(
                    &file,
                    crate::i18n::tr(
                        format!("この CSV の行を読めません: {e}"),
                        format!("cannot read this CSV row: {e}"),
                    ),
                )
            }
        })?;
        // Counted before the row's cells are made: one line of 50 million
        // commas must not become 50 million cells first.
        count += record.len();
        if count > limits.cells {
            let (row, limit) = (i + 1, limits.cells);
            return Err(CellError {
                row: Some(row),
                ..CellError::file(
                    &file,
                    limits.cells_message((
                        format!("ファイルが大きすぎて読めません（{row} 行目までで {limit} セルを超えます）"),
                        format!(
                            "the file is too large to read: it has more than {limit} cells by row {row}"
                        ),
                    )),
                )
            });
        }
        let cells = record
            .iter()
            .map(|c| match (c.trim().is_empty(), error_name(c)) {
                (true, _) => Value::Empty,
                // A sheet saved as CSV keeps a failed formula as its error's name.
                (false, Some(e)) => Value::Error(e.to_string()),
                (false, None) => Value::Text(c.to_string()),
            })
            .collect();
        // The scan and the reader split records alike; were they ever to
        // differ, no row could be named rightly.
        let Some(&number) = numbers.get(i) else {
            return Err(CellError::file(
                &file,
                crate::i18n::tr(
                    "この CSV の行の区切りを確かめられません",
                    "cannot tell where this CSV's rows begin",
                ),
            ));
        };
        rows.push(Row::new(number, cells));
    }
    if rows.len() != numbers.len() {
        return Err(CellError::file(
            &file,
            crate::i18n::tr(
                "この CSV の行の区切りを確かめられません",
                "cannot tell where this CSV's rows begin",
            ),
        ));
    }
    Ok(Table { delimited: true, ..Table::new(file, None, rows, 0) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_jis_utf8_and_bom_all_read() {
        let text = "年度,指標\r\n2018,新規移動人数\r\n";
        let (sjis, _, _) = SHIFT_JIS.encode(text);
        assert_eq!(decode("a", &sjis).expect("sjis").0, text);
        assert_eq!(decode("a", text.as_bytes()).expect("utf8").0, text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode("a", &bom).expect("bom").0, text);
        // encoding_rs only decodes UTF-16 (WHATWG), so build the bytes by hand.
        let mut le = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode("a", &le).expect("utf-16").0, text);
    }

    #[test]
    fn quoted_fields_with_line_breaks_stay_one_cell() {
        let t =
            read(Path::new("a.csv"), "備考,値\n\"二行に\nわたる\",3\n".as_bytes()).expect("csv");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells[0], Value::Text("二行に\nわたる".into()));
    }

    #[test]
    fn tabs_are_detected() {
        let t = read(Path::new("a.txt"), "年度\t値\n2018\t3\n".as_bytes()).expect("tsv");
        assert_eq!(t.rows[1].cells, vec![Value::Text("2018".into()), Value::Text("3".into())]);
    }

    #[test]
    fn a_title_with_a_comma_or_without_tabs_does_not_hide_the_tabs_below_it() {
        for title in ["北見市, 令和5年度の実績\t\t\n", "令和5年度の実績\n"] {
            let text = format!("{title}会社名\t値\nA社\t1,200\nB社\t3\n");
            let t = read(Path::new("a.txt"), text.as_bytes()).expect("tsv");
            assert_eq!(
                t.rows[2].cells,
                vec![Value::Text("A社".into()), Value::Text("1,200".into())],
                "{title:?}"
            );
        }
        // LibreOffice's "Text (Tab delimited)": a figure's thousands
        // separators and a note's commas unquoted, more than the tabs.
        let row = "新規移動人数\t2018\tA社\t1,234,567\t東京, 大阪, 名古屋, 福岡\n";
        let text = format!("指標\t年度\t企業名\t値\t備考\n{}", row.repeat(5));
        let t = read(Path::new("a.txt"), text.as_bytes()).expect("tsv");
        assert_eq!(t.rows[1].cells[3], Value::Text("1,234,567".into()));
        assert_eq!(t.rows[1].cells[4], Value::Text("東京, 大阪, 名古屋, 福岡".into()));
        // Commas inside quotes do not count; tabs inside them neither.
        let t = read(Path::new("a.csv"), "\"a\tb\tc\td\",値\nA社,2\n".as_bytes()).expect("csv");
        assert_eq!(t.rows[1].cells, vec![Value::Text("A社".into()), Value::Text("2".into())]);
    }
}
