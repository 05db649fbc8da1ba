//! How many cells an .ods sheet would become, counted before calamine reads
//! it. OpenDocument repeats rows and cells by attributes
//! (`table:number-rows-repeated`, `table:number-columns-repeated`), so a
//! 15 KB file can describe a hundred million cells, which calamine
//! materialises as one rectangle: the program would take gigabytes or abort.
//! The rectangle each sheet spans is measured here with a streaming XML
//! reader and refused beyond a limit.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};

/// The rectangle of one sheet, from its first row with a value to its last,
/// and from column A to the last column with a value.
#[derive(Debug, Default)]
struct Extent {
    rows: u64,
    first_valued: Option<u64>,
    last_valued: u64,
    columns: u64,
}

impl Extent {
    fn cells(&self) -> u64 {
        self.first_valued.map_or(0, |first| {
            self.last_valued.saturating_sub(first).saturating_add(1).saturating_mul(self.columns)
        })
    }
}

/// The most rows and columns a sheet can have (as in calamine and Excel):
/// repeats beyond them are cut there, as the library does.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

fn repeats(e: &BytesStart, name: &str, limit: u64) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .min(limit)
}

/// Whether calamine keeps something for the cell: a value, or a formula
/// (kept as text beside the values, a cell of its own).
fn has_value(e: &BytesStart) -> bool {
    e.attributes()
        .flatten()
        .any(|a| matches!(a.key.as_ref(), "office:value-type" | "table:formula"))
}

/// Refuses an .ods file whose sheets together would hold more cells than
/// `limits` allow (calamine reads every sheet when it opens the file),
/// naming the sheet where the count passes it. Anything that is not a
/// readable .ods passes: calamine reports it.
pub fn check(bytes: &[u8], limits: &crate::store::limits::Limits) -> Result<(), String> {
    let max_cells = u64::try_from(limits.cells).unwrap_or(u64::MAX);
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let Ok(content) = zip.by_name("content.xml") else { return Ok(()) };
    // Read as it is decompressed, to the file ceiling: a part larger is
    // refused, never counted in part (a comment of 300 MB before the
    // sheets would hide them).
    let limit = limits.file_bytes;
    let mut reader =
        quick_xml::Reader::from_reader(BufReader::new(content.take(limit.saturating_add(1))));
    // Read as calamine reads it: end tags that do not match their start
    // tags stop neither (they stopped this count, not calamine's reading).
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut sheet = String::new();
    let mut extent = Extent::default();
    // The cells of the sheets before this one.
    let mut before = 0u64;
    // The row being read: how often it repeats, its width so far, and the
    // end of its last cell with a value.
    let (mut row_repeat, mut row_width, mut row_valued) = (1u64, 0u64, 0u64);
    loop {
        // Broken XML is calamine's to report; XML cut at the ceiling is not
        // broken but too large.
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(_) if reader.get_ref().get_ref().limit() == 0 => {
                return Err(limits.part_message("content.xml"));
            }
            Err(_) => return Ok(()),
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    before = before.saturating_add(extent.cells());
                    extent = Extent::default();
                    sheet = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == "table:name")
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default();
                }
                "table:table-row" if matches!(event, Event::Empty(_)) => {
                    // A row without cells: only its height counts.
                    let n = repeats(e, "table:number-rows-repeated", MAX_ROWS);
                    extent.rows = extent.rows.saturating_add(n).min(MAX_ROWS);
                }
                "table:table-row" => {
                    (row_repeat, row_width, row_valued) =
                        (repeats(e, "table:number-rows-repeated", MAX_ROWS), 0, 0);
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let n = repeats(e, "table:number-columns-repeated", MAX_COLUMNS);
                    row_width = row_width.saturating_add(n).min(MAX_COLUMNS);
                    if has_value(e) || matches!(event, Event::Start(_)) {
                        row_valued = row_width;
                    }
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                if row_valued > 0 {
                    extent.first_valued.get_or_insert(extent.rows);
                    extent.last_valued =
                        extent.rows.saturating_add(row_repeat.saturating_sub(1)).min(MAX_ROWS);
                    extent.columns = extent.columns.max(row_valued);
                }
                extent.rows = extent.rows.saturating_add(row_repeat).min(MAX_ROWS);
                if before.saturating_add(extent.cells()) > max_cells {
                    let rows = extent
                        .last_valued
                        .saturating_sub(extent.first_valued.unwrap_or(0))
                        .saturating_add(1);
                    let columns = extent.columns;
                    return Err(limits.cells_message((
                        format!(
                            "表計算ファイルが大きすぎて読めません（シート {sheet:?} が {rows} 行 {columns} 列にわたります。すべてのシートを合わせて数えます）"
                        ),
                        format!(
                            "the spreadsheet is too large to read: its sheet {sheet:?} spans {rows} rows and {columns} columns (all the sheets together count)"
                        ),
                    )));
                }
            }
            Event::Eof if reader.get_ref().get_ref().limit() == 0 => {
                return Err(limits.part_message("content.xml"));
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}
