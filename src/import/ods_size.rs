//! How many cells an .ods sheet would become, and how much text, counted
//! before calamine reads it. OpenDocument repeats rows and cells by
//! attributes (`table:number-rows-repeated`, `table:number-columns-repeated`),
//! so a 15 KB file can describe a hundred million cells, which calamine
//! materialises as one rectangle: the program would take gigabytes or abort.
//! A cell's text is copied into every cell it is repeated to, and a run of
//! spaces is written as its count (`<text:s text:c="2000000000"/>`: 30 bytes
//! that took 30 s and 5.9 GB). The rectangle each sheet spans and the text
//! its cells make are measured here with a streaming XML reader, and
//! refused beyond the limits.

use std::io::Cursor;

use quick_xml::events::{BytesStart, Event};

use super::xml_part::{self, raw_attr};
use crate::store::limits::Limits;

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

/// A whole number an attribute gives, its references read as calamine
/// decodes them (`&#54;000` is 6000).
fn number(e: &BytesStart, name: &str) -> Option<u64> {
    let raw = raw_attr(e, name)?;
    let decoded = quick_xml::escape::unescape(&raw).ok()?;
    decoded.trim().parse::<u64>().ok()
}

fn repeats(e: &BytesStart, name: &str, limit: u64) -> u64 {
    number(e, name).unwrap_or(1).min(limit)
}

/// Whether calamine keeps something for the cell: a value (from any of
/// the attributes it reads one from, with or without a type), or a
/// formula (kept as text beside the values, a cell of its own).
fn has_value(e: &BytesStart) -> bool {
    e.attributes().flatten().any(|a| {
        matches!(
            a.key.as_ref(),
            "office:value-type"
                | "office:value"
                | "office:string-value"
                | "office:date-value"
                | "office:time-value"
                | "office:boolean-value"
                | "table:formula"
        )
    })
}

/// The bytes of an element's attributes.
fn attribute_bytes(e: &BytesStart) -> u64 {
    e.attributes().flatten().map(|a| a.value.len() as u64).sum()
}

/// The text a cell's attributes give it (its text value, date or formula),
/// which calamine copies into every cell the element stands for.
fn attribute_text(e: &BytesStart) -> u64 {
    e.attributes()
        .flatten()
        .filter(|a| {
            matches!(
                a.key.as_ref(),
                "office:string-value" | "office:date-value" | "office:time-value" | "table:formula"
            )
        })
        .map(|a| a.value.len() as u64)
        .sum()
}

/// The text of the cell being read, from its start tag to its end, as
/// calamine would make it: every text and reference, a line for each
/// paragraph after the first, a tab or line break for theirs, and the
/// spaces `<text:s text:c="N"/>` stands for (N of them: a 30-byte element
/// can ask for gigabytes). A comment on the cell is not read by calamine,
/// up to the first end of a comment (not that of a comment inside it).
#[derive(Default)]
struct CellText {
    /// How many cells the element stands for, across.
    across: u64,
    bytes: u64,
    /// Inside a comment (`office:annotation`).
    comment: bool,
}

impl CellText {
    fn add(&mut self, event: &Event<'_>) {
        let bytes = match event {
            Event::Start(e) if e.name().as_ref() == "office:annotation" => {
                self.comment = true;
                0
            }
            Event::End(e) if self.comment && e.name().as_ref() == "office:annotation" => {
                self.comment = false;
                0
            }
            _ if self.comment => 0,
            Event::Text(t) => t.len() as u64,
            Event::CData(t) => t.len() as u64,
            // `&amp;` or `&#x1F600;`: never fewer bytes written than made.
            Event::GeneralRef(r) => r.len() as u64 + 2,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "text:s" => {
                    if raw_attr(e, "text:c").is_some() {
                        number(e, "text:c").unwrap_or(0)
                    } else {
                        1
                    }
                }
                "text:p" | "text:tab" | "text:line-break" => 1,
                _ => 0,
            },
            _ => 0,
        };
        self.bytes = self.bytes.saturating_add(bytes);
    }
}

/// What the sheets of an .ods make calamine hold, counted as it is read.
#[derive(Default)]
struct Count {
    sheet: String,
    extent: Extent,
    /// The cells of the sheets before this one.
    before: u64,
    /// The row being read: how often it repeats, its width so far, the end
    /// of its last cell with a value, and the text of one of its copies.
    row_repeat: u64,
    row_width: u64,
    row_valued: u64,
    row_text: u64,
    /// The cell being read, between its start and end tags.
    cell: Option<CellText>,
    /// The text of every sheet so far.
    text: u64,
    /// Inside a table: calamine ignores a table started inside another and
    /// ends the sheet at the first end of a table.
    open: bool,
}

impl Count {
    fn event(&mut self, event: &Event<'_>, limits: &Limits) -> Result<(), String> {
        if let Some(cell) = &mut self.cell {
            if let Event::End(e) = event
                && matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell")
            {
                self.row_text =
                    self.row_text.saturating_add(cell.bytes.saturating_mul(cell.across));
                self.cell = None;
            } else {
                cell.add(event);
            }
            return Ok(());
        }
        match event {
            Event::Start(e) | Event::Empty(e) => {
                self.start(e, matches!(event, Event::Empty(_)));
                // A named range's texts are kept (a 1 MB address each).
                if matches!(e.name().as_ref(), "table:named-range" | "table:named-expression") {
                    self.text = self.text.saturating_add(attribute_bytes(e));
                    return self.check_text(limits);
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => return self.row_end(limits),
            Event::End(e) if e.name().as_ref() == "table:table" => self.open = false,
            _ => {}
        }
        Ok(())
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        match e.name().as_ref() {
            "table:table" if self.open => {}
            "table:table" => {
                self.before = self.before.saturating_add(self.extent.cells());
                self.extent = Extent::default();
                self.sheet =
                    raw_attr(e, "table:name").map(std::borrow::Cow::into_owned).unwrap_or_default();
                self.open = !empty;
            }
            // A row without cells: only its height counts.
            "table:table-row" if empty => {
                let n = repeats(e, "table:number-rows-repeated", MAX_ROWS);
                self.extent.rows = self.extent.rows.saturating_add(n).min(MAX_ROWS);
            }
            "table:table-row" => {
                (self.row_repeat, self.row_width, self.row_valued, self.row_text) =
                    (repeats(e, "table:number-rows-repeated", MAX_ROWS), 0, 0, 0);
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let n = repeats(e, "table:number-columns-repeated", MAX_COLUMNS);
                self.row_width = self.row_width.saturating_add(n).min(MAX_COLUMNS);
                if has_value(e) || !empty {
                    self.row_valued = self.row_width;
                }
                let cell = CellText { across: n, bytes: attribute_text(e), comment: false };
                if empty {
                    self.row_text = self.row_text.saturating_add(cell.bytes.saturating_mul(n));
                } else {
                    self.cell = Some(cell);
                }
            }
            _ => {}
        }
    }

    fn row_end(&mut self, limits: &Limits) -> Result<(), String> {
        let extent = &mut self.extent;
        if self.row_valued > 0 {
            extent.first_valued.get_or_insert(extent.rows);
            extent.last_valued =
                extent.rows.saturating_add(self.row_repeat.saturating_sub(1)).min(MAX_ROWS);
            extent.columns = extent.columns.max(self.row_valued);
        }
        extent.rows = extent.rows.saturating_add(self.row_repeat).min(MAX_ROWS);
        self.text = self.text.saturating_add(self.row_text.saturating_mul(self.row_repeat));
        let sheet = &self.sheet;
        if self.before.saturating_add(extent.cells())
            > u64::try_from(limits.cells).unwrap_or(u64::MAX)
        {
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
        self.check_text(limits)
    }

    fn check_text(&self, limits: &Limits) -> Result<(), String> {
        let sheet = &self.sheet;
        if self.text > limits.text_budget() {
            let held = self.text;
            return Err(limits.text_message(
                held,
                (
                    format!(
                        "表計算ファイルのテキストが多すぎて読めません（シート {sheet:?} までで、セルのテキストが繰り返しを含めて {held} バイトになります）"
                    ),
                    format!(
                        "the spreadsheet holds too much text to read: up to its sheet {sheet:?}, its cells' text comes to {held} bytes, repeats included"
                    ),
                ),
            ));
        }
        Ok(())
    }
}

/// Refuses an .ods file whose sheets together would hold more cells, or
/// more text, than `limits` allow (calamine reads every sheet when it opens
/// the file), naming the sheet where the count passes it. Anything that is
/// not a readable .ods passes: calamine reports it.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    // calamine reads the manifest first, for a password: it is read the
    // same way here before.
    if let Ok(manifest) = zip.by_name("META-INF/manifest.xml") {
        xml_part::events(manifest, "META-INF/manifest.xml", limits, |_| Ok(()))?;
    }
    let Ok(content) = zip.by_name("content.xml") else { return Ok(()) };
    let mut count = Count::default();
    // Broken XML is calamine's to report.
    xml_part::events(content, "content.xml", limits, |event| count.event(event, limits)).map(|_| ())
}
