//! CSV as Japanese offices write it: Shift_JIS (CP932) as Excel saves it,
//! UTF-8 with or without a BOM, UTF-16 from Excel's "Unicode text", CRLF,
//! quoted fields with line breaks, commas or tabs. The encoding is
//! detected, never asked for.

use std::path::Path;

use encoding_rs::{Encoding, SHIFT_JIS, UTF_16BE, UTF_16LE};

use super::table::{CellError, Row, Table, Value, error_name};

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

/// Reads a CSV (or tab-separated) file as a table.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Table, CellError> {
    let file = path.display().to_string();
    let (text, _) = decode(&file, bytes)?;
    let first_line = text.lines().next().unwrap_or("");
    let delimiter =
        if first_line.contains('\t') && !first_line.contains(',') { b'\t' } else { b',' };
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
        rows.push(Row::new(i + 1, cells));
    }
    Ok(Table::new(file, None, rows, 0))
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
}
