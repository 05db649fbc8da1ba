//! What opening an .xlsx makes calamine hold before any sheet is read,
//! counted before it opens the file. When calamine opens an .xlsx it reads
//! the package's relationships, the shared strings, the styles, the theme,
//! the workbook's relationships and its list of sheets, each a zip entry
//! that may decompress to gigabytes, and it sets aside room for as many
//! shared strings as the file's `uniqueCount` says (a 6 KB file saying
//! 900 billion made the program abort). Each of those parts is read here,
//! where calamine finds it ([`super::xlsx_parts`]) and wherever else a part
//! of that name lies, and the file refused when the shared strings or the
//! parts' elements pass the cells limit, or their text the text budget:
//! the styles' texts counted once for each cell format naming them, as
//! calamine copies them. Two sheets that are one part are refused (each
//! sheet is read). The sheets themselves are read cell by cell and counted
//! as they are read ([`super::spreadsheet`]).
//!
//! A workbook in Excel's binary format is refused here as well: calamine
//! reads its parts with no ceiling at all, and it is not read anyway.

use std::collections::HashMap;
use std::io::Cursor;

use quick_xml::events::{BytesStart, Event};

use super::xlsx_parts::{Parts, entry_for};
use super::xml_part::{self, raw_attr};
use crate::store::limits::Limits;

/// Why an Excel binary workbook is not read.
#[must_use]
pub fn xlsb_refused() -> String {
    crate::i18n::tr(
        "Excel バイナリブック（.xlsb）は読みません。.xlsx か .csv で保存し直してください"
            .to_string(),
        "Excel binary workbooks (.xlsb) are not read; save the file as .xlsx or .csv".to_string(),
    )
}

/// What the parts read so far make calamine hold.
#[derive(Default)]
struct Count {
    /// Shared strings and the other parts' elements.
    entries: u64,
    /// The shared strings' text and the other parts' bytes.
    text: u64,
}

impl Count {
    fn check(&self, part: &str, limits: &Limits) -> Result<(), String> {
        let (entries, text) = (self.entries, self.text);
        if entries > u64::try_from(limits.cells).unwrap_or(u64::MAX) {
            return Err(limits.cells_message((
                format!(
                    "表計算ファイルが大きすぎて読めません（{part} までの部分に共有文字列や要素が {entries} 個あります）"
                ),
                format!(
                    "the spreadsheet is too large to read: its parts up to {part} hold {entries} shared strings and elements"
                ),
            )));
        }
        if text > limits.text_budget() {
            return Err(limits.text_message(
                text,
                (
                    format!(
                        "表計算ファイルのテキストが多すぎて読めません（{part} までの部分に {text} バイトあります）"
                    ),
                    format!(
                        "the spreadsheet holds too much text to read: its parts up to {part} hold {text} bytes"
                    ),
                ),
            ));
        }
        Ok(())
    }

    fn add(&mut self, entries: u64, text: u64, part: &str, limits: &Limits) -> Result<(), String> {
        self.entries = self.entries.saturating_add(entries);
        self.text = self.text.saturating_add(text);
        self.check(part, limits)
    }
}

/// The bytes of text an event carries: a reference as written (never
/// fewer than it makes), a tag with its attributes.
fn event_bytes(event: &Event<'_>) -> u64 {
    let n = match event {
        Event::Start(e) | Event::Empty(e) => e.len(),
        Event::Text(t) | Event::Comment(t) => t.len(),
        Event::CData(t) => t.len(),
        Event::GeneralRef(r) => r.len() + 2,
        _ => 0,
    };
    n as u64
}

/// Counts a shared strings part: each string (`si`, empty or not) an
/// entry, and all its text, phonetic readings included (calamine keeps a
/// reading written inside a text); the `uniqueCount` calamine sets room
/// aside for is refused beyond the cells limit.
fn shared_strings(
    event: &Event<'_>,
    count: &mut Count,
    limits: &Limits,
    part: &str,
) -> Result<(), String> {
    match event {
        Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
            let said = raw_attr(e, "uniqueCount").and_then(|v| v.trim().parse::<u64>().ok());
            if let Some(n) = said.filter(|n| *n > u64::try_from(limits.cells).unwrap_or(u64::MAX)) {
                return Err(limits.cells_message((
                    format!("表計算ファイルが大きすぎて読めません（共有文字列が {n} 個あると書かれています）"),
                    format!("the spreadsheet is too large to read: it says it holds {n} shared strings"),
                )));
            }
            Ok(())
        }
        Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "si" => {
            count.add(1, 0, part, limits)
        }
        Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
            count.add(0, event_bytes(event), part, limits)
        }
        _ => Ok(()),
    }
}

/// The texts of the styles that calamine copies into every cell format
/// (`xf`) naming them: a number format's code, a font's attributes. Each
/// is counted once for every format naming it, wherever it comes in the
/// part.
#[derive(Default)]
struct Styles {
    /// The length of each number format's code, and of each font.
    formats: HashMap<u64, u64>,
    fonts: Vec<u64>,
    /// How many cell formats name each number format and each font.
    named_formats: HashMap<u64, u64>,
    named_fonts: HashMap<u64, u64>,
    in_font: bool,
}

impl Styles {
    fn event(&mut self, event: &Event<'_>) {
        let attrs = |e: &BytesStart<'_>| -> u64 {
            e.attributes().flatten().map(|a| a.value.len() as u64).sum()
        };
        let number = |e: &BytesStart<'_>, key: &str| {
            raw_attr(e, key).and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(0)
        };
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "numFmt" => {
                    self.formats.insert(number(e, "numFmtId"), attrs(e));
                }
                "font" => {
                    self.fonts.push(attrs(e));
                    self.in_font = matches!(event, Event::Start(_));
                }
                "xf" => {
                    *self.named_formats.entry(number(e, "numFmtId")).or_default() += 1;
                    *self.named_fonts.entry(number(e, "fontId")).or_default() += 1;
                }
                _ if self.in_font => {
                    if let Some(last) = self.fonts.last_mut() {
                        *last = last.saturating_add(attrs(e));
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "font" => self.in_font = false,
            _ => {}
        }
    }

    /// The bytes calamine makes of them.
    fn copies(&self) -> u64 {
        let formats = self
            .named_formats
            .iter()
            .map(|(id, n)| n.saturating_mul(self.formats.get(id).copied().unwrap_or(0)));
        let fonts = self.named_fonts.iter().map(|(id, n)| {
            let font = usize::try_from(*id).ok().and_then(|i| self.fonts.get(i)).copied();
            n.saturating_mul(font.unwrap_or(0))
        });
        formats.chain(fonts).fold(0, u64::saturating_add)
    }
}

/// The message for two sheets that are one part.
fn one_part_twice(a: &str, b: &str, part: &str) -> String {
    crate::i18n::tr(
        format!(
            "ブックのシート {a:?} と {b:?} が同じ部分 {part} を指しています。ファイルが壊れています。Excel や LibreOffice で開いて保存し直してください"
        ),
        format!(
            "the workbook's sheets {a:?} and {b:?} are the same part {part}; the file is damaged: open it in Excel or LibreOffice and save it again"
        ),
    )
}

/// Refuses an .xlsx whose opening would make calamine hold more than
/// `limits` allow, one whose sheets are one part, and an Excel binary
/// workbook. Anything else passes: calamine reports what is wrong with it.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    xlsb_check(&zip)?;
    let Some(parts) = Parts::find(&mut zip, limits)? else { return Ok(()) };
    // The parts calamine reads, where it finds them and wherever else one
    // of that name lies; each read once.
    let [workbook, workbook_rels] = parts.workbook_paths();
    let mut read: Vec<String> = ["_rels/.rels", workbook.as_str(), workbook_rels.as_str()]
        .iter()
        .filter_map(|p| entry_for(&parts.names, p))
        .chain(
            ["sharedStrings.xml", "styles.xml", "theme/theme1.xml"]
                .iter()
                .filter_map(|p| parts.entry(p)),
        )
        .chain(
            parts
                .names
                .iter()
                .filter(|n| {
                    let n = n.to_ascii_lowercase();
                    ["sharedstrings.xml", "styles.xml", "theme1.xml"].iter().any(|s| n.ends_with(s))
                })
                .cloned(),
        )
        .collect();
    read.sort();
    read.dedup();
    let mut count = Count::default();
    for name in &read {
        let Ok(entry) = zip.by_name(name) else { continue };
        let lower = name.to_ascii_lowercase();
        let mut styles = Styles::default();
        // Broken XML is calamine's to report.
        xml_part::events(entry, name, limits, |event| {
            if lower.ends_with("sharedstrings.xml") {
                return shared_strings(event, &mut count, limits, name);
            }
            if lower.ends_with("styles.xml") {
                styles.event(event);
            }
            let entries = u64::from(matches!(event, Event::Start(_) | Event::Empty(_)));
            count.add(entries, event_bytes(event), name, limits)
        })?;
        count.add(0, styles.copies(), name, limits)?;
    }
    let sheets = parts.sheets(&mut zip, limits)?;
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (sheet, part) in &sheets {
        if let Some(part) = part
            && let Some(first) = seen.insert(part, sheet)
        {
            return Err(one_part_twice(first, sheet, part));
        }
    }
    Ok(())
}

/// Refuses an Excel binary workbook, by its parts.
fn xlsb_check(zip: &zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), String> {
    let names: Vec<String> =
        zip.file_names().filter_map(Result::ok).map(std::borrow::Cow::into_owned).collect();
    if ["xl/workbook.bin", "xl/sharedStrings.bin", "xl/styles.bin", "xl/_rels/workbook.bin.rels"]
        .iter()
        .any(|p| entry_for(&names, p).is_some())
    {
        return Err(xlsb_refused());
    }
    Ok(())
}
