//! What the spreadsheet library does not tell about a sheet, read from the
//! file's own XML: which rows and columns are hidden, which cells are
//! merged, and which numbers are formatted as percentages. calamine 0.38
//! gives the sheets' visibility and (for .xlsx only) merged regions, but no
//! row or column visibility and no number formats; reading the sheet's XML
//! once gives all of these the same way for .xlsx and .ods.

use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Cursor, Read as _};

use quick_xml::events::{BytesStart, Event};

/// The most rows and columns a sheet can have (Excel's limits).
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;

/// A rectangle of cells, 0-based, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub top: u32,
    pub left: u32,
    pub bottom: u32,
    pub right: u32,
}

/// What the sheet's XML says beyond the values.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Facts {
    /// Hidden rows as 0-based inclusive ranges.
    pub hidden_rows: Vec<(u32, u32)>,
    /// Hidden columns as 0-based inclusive ranges.
    pub hidden_columns: Vec<(u32, u32)>,
    pub merges: Vec<Region>,
    /// Cells (row, column), 0-based, holding a number formatted as a percentage.
    pub percent: HashSet<(u32, u32)>,
}

impl Facts {
    #[must_use]
    pub fn row_hidden(&self, row: u32) -> bool {
        self.hidden_rows.iter().any(|(a, b)| (*a..=*b).contains(&row))
    }

    /// The hidden columns among `0..width`.
    #[must_use]
    pub fn hidden_columns_below(&self, width: u32) -> Vec<usize> {
        (0..width)
            .filter(|c| self.hidden_columns.iter().any(|(a, b)| (*a..=*b).contains(c)))
            .map(|c| c as usize)
            .collect()
    }
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| {
        quick_xml::escape::unescape(&a.value)
            .map_or_else(|_| a.value.to_string(), std::borrow::Cow::into_owned)
    })
}

/// An attribute whose name ends with `:local` (its namespace prefix varies).
fn attr_local(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref().rsplit(':').next() == Some(local) && a.key.as_ref().contains(':'))
        .map(|a| a.value.to_string())
}

fn truthy(v: Option<&str>) -> bool {
    matches!(v, Some("1" | "true"))
}

/// Walks the events of the XML part `name` of `zip` as it is
/// decompressed (a sheet of a million rows is half a gigabyte of XML, never
/// held whole); `f` sees each start or empty element (`true` for empty)
/// and each end element (`None`). A part larger than the file ceiling is
/// refused, never read in part.
fn walk(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    mut f: impl FnMut(Option<(&BytesStart, bool)>, &str),
) -> Result<(), String> {
    let entry = zip.by_name(name).map_err(|e| format!("cannot read {name}: {e}"))?;
    let limit = crate::store::limits::limits().file_bytes;
    let mut reader =
        quick_xml::Reader::from_reader(BufReader::new(entry.take(limit.saturating_add(1))));
    let mut buf = Vec::new();
    let too_large = || crate::store::limits::limits().part_message(name);
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            // Cut at the ceiling: not damaged, too large.
            Err(_) if reader.get_ref().get_ref().limit() == 0 => return Err(too_large()),
            Err(e) => return Err(format!("damaged XML: {e}")),
        };
        match event {
            Event::Start(e) => f(Some((&e, false)), e.name().as_ref()),
            Event::Empty(e) => f(Some((&e, true)), e.name().as_ref()),
            Event::End(e) => f(None, e.name().as_ref()),
            Event::Eof if reader.get_ref().get_ref().limit() == 0 => return Err(too_large()),
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// `B12` as (row 11, column 1).
fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let letters: String = text.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = text.get(letters.len()..)?;
    let mut column: u32 = 0;
    for c in letters.chars() {
        column = column.checked_mul(26)?.checked_add(u32::from(c.to_ascii_uppercase()) - 64)?;
    }
    let row: u32 = digits.parse().ok()?;
    (column >= 1 && row >= 1).then(|| (row - 1, column - 1))
}

/// Whether an Excel number format shows a percentage: a `%` outside quotes
/// and escapes, in its first section.
fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if !quoted => {
                chars.next();
            }
            ';' if !quoted => return false,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// The facts of the .xlsx sheet named `sheet`.
pub fn xlsx(bytes: &[u8], sheet: &str) -> Result<Facts, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    // The sheet's relationship id, then its part.
    let mut rel = None;
    walk(&mut zip, "xl/workbook.xml", |e, name| {
        if let Some((e, _)) = e
            && name.rsplit(':').next() == Some("sheet")
            && attr(e, "name").as_deref() == Some(sheet)
        {
            rel = attr_local(e, "id");
        }
    })?;
    let rel = rel.ok_or_else(|| format!("the workbook does not list the sheet {sheet:?}"))?;
    let mut target = None;
    walk(&mut zip, "xl/_rels/workbook.xml.rels", |e, _| {
        if let Some((e, _)) = e
            && attr(e, "Id").as_deref() == Some(rel.as_str())
        {
            target = attr(e, "Target");
        }
    })?;
    let target = target.ok_or_else(|| format!("the sheet {sheet:?} has no part"))?;
    let path = target.strip_prefix('/').map_or_else(|| format!("xl/{target}"), str::to_string);
    // A workbook without styles shows no percentages; one whose styles
    // cannot be read is refused: its percentages would be read as plain
    // numbers (0.5 for 50%).
    let percent_styles = if zip.index_for_name("xl/styles.xml").is_some() {
        xlsx_percent_styles(&mut zip)?
    } else {
        HashSet::new()
    };
    let mut facts = Facts::default();
    // The row and column of the cell being read, and the row an
    // unnumbered `<row>` would be.
    let (mut row, mut column, mut next_row) = (0u32, 0u32, 0u32);
    walk(&mut zip, &path, |e, name| {
        let Some((e, _)) = e else { return };
        match name.rsplit(':').next() {
            Some("col") => {
                let n = |k| attr(e, k).and_then(|v| v.parse::<u32>().ok());
                if truthy(attr(e, "hidden").as_deref())
                    && let (Some(min), Some(max)) = (n("min"), n("max"))
                    && min >= 1
                {
                    facts.hidden_columns.push((min - 1, max.min(MAX_COLUMNS) - 1));
                }
            }
            Some("row") => {
                row = attr(e, "r")
                    .and_then(|r| r.parse::<u32>().ok())
                    .map_or(next_row, |r| r.saturating_sub(1).min(MAX_ROWS));
                next_row = row.saturating_add(1);
                column = 0;
                if truthy(attr(e, "hidden").as_deref()) {
                    facts.hidden_rows.push((row, row));
                }
            }
            Some("c") => {
                if let Some((r, c)) = attr(e, "r").as_deref().and_then(cell_ref) {
                    (row, column) = (r, c);
                }
                let style = attr(e, "s").and_then(|s| s.parse::<usize>().ok()).unwrap_or(0);
                if percent_styles.contains(&style) {
                    facts.percent.insert((row, column));
                }
                column += 1;
            }
            Some("mergeCell") => {
                if let Some((a, b)) = attr(e, "ref").as_deref().and_then(|r| r.split_once(':'))
                    && let (Some((top, left)), Some((bottom, right))) = (cell_ref(a), cell_ref(b))
                {
                    facts.merges.push(Region { top, left, bottom, right });
                }
            }
            _ => {}
        }
    })?;
    Ok(facts)
}

/// The indices of the cell formats (`cellXfs`) that show a percentage.
fn xlsx_percent_styles(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<HashSet<usize>, String> {
    let mut codes: HashMap<u32, String> = HashMap::new();
    let mut in_xfs = false;
    let mut index = 0usize;
    let mut xf_formats: Vec<(usize, u32)> = Vec::new();
    walk(zip, "xl/styles.xml", |e, name| {
        let local = name.rsplit(':').next().unwrap_or(name);
        match e {
            Some((e, empty)) => match local {
                "numFmt" => {
                    if let (Some(id), Some(code)) =
                        (attr(e, "numFmtId").and_then(|v| v.parse().ok()), attr(e, "formatCode"))
                    {
                        codes.insert(id, code);
                    }
                }
                "cellXfs" => in_xfs = !empty,
                "xf" if in_xfs => {
                    let id = attr(e, "numFmtId").and_then(|v| v.parse().ok()).unwrap_or(0);
                    xf_formats.push((index, id));
                    index += 1;
                }
                _ => {}
            },
            None if local == "cellXfs" => in_xfs = false,
            None => {}
        }
    })?;
    Ok(xf_formats
        .into_iter()
        .filter(|(_, id)| {
            // Built-in formats 9 (0%) and 10 (0.00%) are percentages.
            matches!(id, 9 | 10) || codes.get(id).is_some_and(|c| is_percent_format(c))
        })
        .map(|(i, _)| i)
        .collect())
}

fn repeats(e: &BytesStart, name: &str, limit: u32) -> u32 {
    attr(e, name).and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(1).clamp(1, limit)
}

/// The facts of the .ods sheet named `sheet` (`content.xml`).
pub fn ods(bytes: &[u8], sheet: &str) -> Result<Facts, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut facts = Facts::default();
    let mut inside = false;
    let (mut row, mut column) = (0u32, 0u32);
    let mut row_repeat = 1u32;
    walk(&mut zip, "content.xml", |e, name| match e {
        Some((e, empty)) => match name {
            "table:table" => {
                inside = attr(e, "table:name").as_deref() == Some(sheet);
                (row, column) = (0, 0);
            }
            _ if !inside => {}
            "table:table-column" => {
                let n = repeats(e, "table:number-columns-repeated", MAX_COLUMNS);
                if matches!(attr(e, "table:visibility").as_deref(), Some("collapse" | "filter")) {
                    facts.hidden_columns.push((column, column.saturating_add(n - 1)));
                }
                column = column.saturating_add(n).min(MAX_COLUMNS);
            }
            "table:table-row" => {
                row_repeat = repeats(e, "table:number-rows-repeated", MAX_ROWS);
                column = 0;
                if matches!(attr(e, "table:visibility").as_deref(), Some("collapse" | "filter")) {
                    facts.hidden_rows.push((row, row.saturating_add(row_repeat - 1)));
                }
                if empty {
                    row = row.saturating_add(row_repeat).min(MAX_ROWS);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let n = repeats(e, "table:number-columns-repeated", MAX_COLUMNS);
                let spans = |k| attr(e, k).and_then(|v| v.parse::<u32>().ok()).unwrap_or(1);
                let (down, across) =
                    (spans("table:number-rows-spanned"), spans("table:number-columns-spanned"));
                if name == "table:table-cell" && (down > 1 || across > 1) {
                    facts.merges.push(Region {
                        top: row,
                        left: column,
                        bottom: row.saturating_add(down - 1),
                        right: column.saturating_add(across - 1),
                    });
                }
                if attr(e, "office:value-type").as_deref() == Some("percentage") {
                    for r in 0..row_repeat.min(1000) {
                        for c in 0..n.min(1000) {
                            facts.percent.insert((row + r, column + c));
                        }
                    }
                }
                column = column.saturating_add(n).min(MAX_COLUMNS);
            }
            _ => {}
        },
        None => {
            if inside && name == "table:table-row" {
                row = row.saturating_add(row_repeat).min(MAX_ROWS);
            } else if name == "table:table" {
                inside = false;
            }
        }
    })?;
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_read_as_spreadsheets_number_them() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("B12"), Some((11, 1)));
        assert_eq!(cell_ref("AA3"), Some((2, 26)));
        assert_eq!(cell_ref("3"), None);
    }

    #[test]
    fn percent_formats_are_told_from_others() {
        assert!(is_percent_format("0.0%"));
        assert!(is_percent_format("#,##0%"));
        assert!(!is_percent_format("0\"%\""));
        assert!(!is_percent_format("0\\%"));
        assert!(!is_percent_format("#,##0;[Red]-0%"));
        assert!(!is_percent_format("yyyy/m/d"));
    }
}
