//! What opening an .xlsx makes calamine hold before any sheet is read,
//! counted before it opens the file. When calamine opens an .xlsx it reads
//! the package's relationships, the shared strings, the styles, the theme,
//! the workbook's relationships and its list of sheets, each a zip entry
//! that may decompress to gigabytes, and it sets aside room for as many
//! shared strings as the file's `uniqueCount` says (a 6 KB file saying
//! 900 billion made the program abort). Each of those parts is read here
//! as calamine finds it (the package's relationships name the workbook and
//! its folder; entry names compare without case), and the file refused
//! when the shared strings or the parts' elements pass the cells limit, or
//! their text the text budget. The sheets themselves are read cell by cell
//! and counted as they are read ([`super::spreadsheet`]).
//!
//! A workbook in Excel's binary format is refused here as well: calamine
//! reads its parts with no ceiling at all, and it is not read anyway.

use std::io::Cursor;

use quick_xml::events::Event;

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

/// The zip entry calamine opens for `path`: the last entry whose name,
/// with `\` read as `/`, equals it without regard to case, else the entry
/// of exactly that name.
fn entry_for(names: &[String], path: &str) -> Option<String> {
    let key = path.to_ascii_lowercase();
    names
        .iter()
        .rev()
        .find(|n| n.replace('\\', "/").to_ascii_lowercase() == key)
        .or_else(|| names.iter().find(|n| n.as_str() == path))
        .cloned()
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

    /// Counts the shared strings part: each string (`si`, empty or not)
    /// an entry, and the text calamine keeps of it (not its phonetic
    /// reading, `rPh`); the `uniqueCount` calamine sets room aside for is
    /// refused beyond the cells limit.
    fn shared_strings(
        &mut self,
        event: &Event<'_>,
        phonetic: &mut u32,
        limits: &Limits,
        part: &str,
    ) -> Result<(), String> {
        let local =
            |e: &quick_xml::events::BytesStart<'_>, name: &str| e.local_name().as_ref() == name;
        match event {
            Event::Start(e) | Event::Empty(e) if local(e, "sst") => {
                let said = raw_attr(e, "uniqueCount").and_then(|v| v.trim().parse::<u64>().ok());
                if let Some(n) =
                    said.filter(|n| *n > u64::try_from(limits.cells).unwrap_or(u64::MAX))
                {
                    return Err(limits.cells_message((
                        format!("表計算ファイルが大きすぎて読めません（共有文字列が {n} 個あると書かれています）"),
                        format!("the spreadsheet is too large to read: it says it holds {n} shared strings"),
                    )));
                }
            }
            Event::Start(e) | Event::Empty(e) if local(e, "si") => self.entries += 1,
            Event::Start(e) if local(e, "rPh") => *phonetic += 1,
            Event::End(e) if e.local_name().as_ref() == "rPh" => {
                *phonetic = phonetic.saturating_sub(1);
            }
            _ if *phonetic > 0 => {}
            Event::Text(t) => self.text = self.text.saturating_add(t.len() as u64),
            Event::CData(t) => self.text = self.text.saturating_add(t.len() as u64),
            Event::GeneralRef(r) => self.text = self.text.saturating_add(r.len() as u64 + 2),
            _ => return Ok(()),
        }
        self.check(part, limits)
    }

    /// Counts another part: each element an entry, its bytes as text.
    fn other(&mut self, event: &Event<'_>, limits: &Limits, part: &str) -> Result<(), String> {
        let bytes = match event {
            Event::Start(e) | Event::Empty(e) => {
                self.entries += 1;
                e.len()
            }
            Event::Text(t) => t.len(),
            Event::CData(t) => t.len(),
            Event::GeneralRef(r) => r.len() + 2,
            _ => return Ok(()),
        };
        self.text = self.text.saturating_add(bytes as u64);
        self.check(part, limits)
    }
}

/// The folder and name of the workbook part, as calamine reads them from
/// the package's relationships (`xl/` and `workbook.xml` by default).
fn workbook_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    rels: &str,
    limits: &Limits,
    count: &mut Count,
) -> Result<(String, String), String> {
    let mut target = None;
    if let Ok(entry) = zip.by_name(rels) {
        xml_part::events(entry, rels, limits, |event| {
            if let Event::Start(e) | Event::Empty(e) = event
                && e.local_name().as_ref() == "Relationship"
                && raw_attr(e, "Type").is_some_and(|t| t.ends_with("/relationships/officeDocument"))
                && let Some(t) = raw_attr(e, "Target")
            {
                target = Some(
                    quick_xml::escape::unescape(&t)
                        .map_or_else(|_| t.to_string(), std::borrow::Cow::into_owned),
                );
            }
            count.other(event, limits, rels)
        })?;
    }
    let Some(target) = target else { return Ok(("xl/".into(), "workbook.xml".into())) };
    let (dir, name) = target.rfind('/').map_or(("", target.as_str()), |i| target.split_at(i + 1));
    let name = if name.is_empty() { "workbook.xml" } else { name };
    Ok((dir.strip_prefix('/').unwrap_or(dir).to_string(), name.to_string()))
}

/// Refuses an .xlsx whose opening would make calamine hold more than
/// `limits` allow, and an Excel binary workbook. Anything else passes:
/// calamine reports what is wrong with it.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let names: Vec<String> =
        zip.file_names().filter_map(Result::ok).map(std::borrow::Cow::into_owned).collect();
    if ["xl/workbook.bin", "xl/sharedStrings.bin", "xl/styles.bin", "xl/_rels/workbook.bin.rels"]
        .iter()
        .any(|p| entry_for(&names, p).is_some())
    {
        return Err(xlsb_refused());
    }
    let Some(rels) = entry_for(&names, "_rels/.rels") else { return Ok(()) };
    let mut count = Count::default();
    let (xl, workbook) = workbook_part(&mut zip, &rels, limits, &mut count)?;
    let parts = [
        format!("{xl}sharedStrings.xml"),
        format!("{xl}styles.xml"),
        format!("{xl}theme/theme1.xml"),
        format!("{xl}_rels/{workbook}.rels"),
        format!("{xl}{workbook}"),
    ];
    for (i, path) in parts.iter().enumerate() {
        let Some(name) = entry_for(&names, path) else { continue };
        let Ok(entry) = zip.by_name(&name) else { continue };
        let mut phonetic = 0;
        // Broken XML is calamine's to report.
        xml_part::events(entry, &name, limits, |event| {
            if i == 0 {
                count.shared_strings(event, &mut phonetic, limits, &name)
            } else {
                count.other(event, limits, &name)
            }
        })?;
    }
    Ok(())
}
