//! Where an .xlsx's parts are, found as calamine finds them, so that what
//! the program counts and reads itself (sizes, hidden rows, merges,
//! percentages) is what calamine reads. A file can hold a decoy: a second
//! workbook folder, a relationship after the end of the list. Read
//! otherwise than calamine reads them, a decoy hid the real shared strings
//! from the count (the program aborted) or a decoy sheet's rows were taken
//! as hidden or not (the totals were silently wrong).
//!
//! calamine reads the package's relationships from their first
//! `Relationships` element to its end and takes the last `officeDocument`
//! target as the workbook, in its folder; the workbook's relationships, up
//! to the end of their list, the last of one id counting; a sheet's part is
//! its relationship's target, in the workbook's folder unless it starts
//! with `/`; a sheet is found by its name, the first of that name; every
//! part name is looked up without regard to case, `\` read as `/`.

use std::collections::HashMap;
use std::io::Cursor;

use quick_xml::events::{BytesStart, Event};

use super::xml_part::{self, raw_attr};
use crate::store::limits::Limits;

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The zip entry calamine opens for `path`: the last entry whose name,
/// with `\` read as `/`, equals it without regard to case, else the entry
/// of exactly that name.
#[must_use]
pub fn entry_for(names: &[String], path: &str) -> Option<String> {
    let key = path.to_ascii_lowercase();
    names
        .iter()
        .rev()
        .find(|n| n.replace('\\', "/").to_ascii_lowercase() == key)
        .or_else(|| names.iter().find(|n| n.as_str() == path))
        .cloned()
}

/// The refusal of a package whose parts could be read two ways.
fn ambiguous(what_ja: &str, what_en: &str) -> String {
    crate::i18n::tr(
        format!(
            "ファイルの部分の指し方があいまいです（{what_ja}）。表計算ソフトによって違う内容が読めるため、読みません。Excel や LibreOffice で開いて保存し直してください"
        ),
        format!(
            "the file's parts could be read two ways ({what_en}): spreadsheet programs would read different contents, so it is not read; open it in Excel or LibreOffice and save it again"
        ),
    )
}

/// A part's path with its `.` and `..` steps taken, as a package names it.
fn normalized(path: &str) -> String {
    let mut steps: Vec<&str> = Vec::new();
    for step in path.split('/') {
        match step {
            "." | "" => {}
            ".." => {
                steps.pop();
            }
            step => steps.push(step),
        }
    }
    steps.join("/")
}

/// An attribute's value, unescaped as calamine decodes it.
fn decoded(e: &BytesStart<'_>, key: &str) -> Option<String> {
    raw_attr(e, key).map(|v| {
        quick_xml::escape::unescape(&v).map_or_else(|_| v.to_string(), std::borrow::Cow::into_owned)
    })
}

/// The `Relationship` elements of a relationships part, up to the end of
/// their list, each given to `f`; with `wait`, only those after the start
/// of the list.
fn relationships(
    zip: &mut Zip<'_>,
    name: &str,
    wait: bool,
    limits: &Limits,
    mut f: impl FnMut(&BytesStart<'_>),
) -> Result<(), String> {
    let Ok(entry) = zip.by_name(name) else { return Ok(()) };
    let (mut begun, mut ended) = (!wait, false);
    xml_part::events(entry, name, limits, |event| {
        match event {
            _ if ended => {}
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "Relationships" => begun = true,
                "Relationship" if begun => f(e),
                _ => {}
            },
            Event::End(e) if begun && e.local_name().as_ref() == "Relationships" => ended = true,
            _ => {}
        }
        Ok(())
    })
    .map(|_| ())
}

/// How a workbook says its formulas are calculated ([`Parts::calculation`]).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Calculation {
    /// It asks to be recalculated when opened: its results are placeholders.
    pub recalculated: bool,
    /// It names the calculation engine that computed its results.
    pub engine: bool,
    /// It is set to calculate by hand and saved without recalculating
    /// (`calcMode="manual" calcOnSave="0"`): its results may be stale.
    pub manual: bool,
}

/// An .xlsx's parts as calamine finds them.
pub struct Parts {
    /// Every entry of the zip, by name.
    pub names: Vec<String>,
    /// The workbook's folder (`xl/`) and its part's name (`workbook.xml`).
    pub folder: String,
    pub workbook: String,
}

impl Parts {
    /// The parts of the package in `zip`; `None` for a file that is no
    /// .xlsx (no package relationships).
    pub fn find(zip: &mut Zip<'_>, limits: &Limits) -> Result<Option<Parts>, String> {
        let names: Vec<String> =
            zip.file_names().filter_map(Result::ok).map(std::borrow::Cow::into_owned).collect();
        let Some(rels) = entry_for(&names, "_rels/.rels") else { return Ok(None) };
        // calamine finds a part by its name without regard to case, another
        // program by its exact name: two names that differ only so are two
        // readings of one file.
        let mut folded: Vec<(String, &String)> =
            names.iter().map(|n| (n.replace('\\', "/").to_ascii_lowercase(), n)).collect();
        folded.sort();
        if let Some(pair) = folded.windows(2).find(|p| p[0].0 == p[1].0) {
            let (a, b) = (pair[0].1, pair[1].1);
            return Err(ambiguous(
                &format!("{a} と {b} は大文字と小文字だけが違います"),
                &format!("{a} and {b} differ only in case"),
            ));
        }
        let mut targets = Vec::new();
        relationships(zip, &rels, true, limits, |e| {
            if raw_attr(e, "Type").is_some_and(|t| t.ends_with("/relationships/officeDocument"))
                && let Some(t) = decoded(e, "Target")
            {
                targets.push(t);
            }
        })?;
        if targets.len() > 1 {
            return Err(ambiguous("ブックが二つ指されています", "it names two workbooks"));
        }
        let target = targets.pop();
        let (folder, workbook) = match target {
            None => ("xl/".to_string(), "workbook.xml".to_string()),
            Some(t) => {
                let (dir, name) = t.rfind('/').map_or(("", t.as_str()), |i| t.split_at(i + 1));
                let name = if name.is_empty() { "workbook.xml" } else { name };
                (dir.strip_prefix('/').unwrap_or(dir).to_string(), name.to_string())
            }
        };
        Ok(Some(Parts { names, folder, workbook }))
    }

    /// The entry of the part `path` in the workbook's folder.
    #[must_use]
    pub fn entry(&self, path: &str) -> Option<String> {
        entry_for(&self.names, &format!("{}{path}", self.folder))
    }

    /// The workbook part's path and that of its relationships.
    #[must_use]
    pub fn workbook_paths(&self) -> [String; 2] {
        let (folder, workbook) = (&self.folder, &self.workbook);
        [format!("{folder}{workbook}"), format!("{folder}_rels/{workbook}.rels")]
    }

    /// How the workbook says its formulas are calculated: whether it asks
    /// to be recalculated when opened (`<calcPr fullCalcOnLoad="1"/>`, as
    /// programs that do not compute formulas write it, storing
    /// placeholders for the results; any value but a false one is read as
    /// asking; or the calculation engine 0, `calcId="0"`, Apache POI's
    /// `setForceFormulaRecalculation`, which Excel recalculates), and
    /// whether it names the engine that calculated it (`calcId`: Excel
    /// writes its own; a workbook naming none is recalculated by Excel
    /// when opened), and whether it was saved by hand-set calculation
    /// without recalculating (`calcMode="manual"` with `calcOnSave="0"`:
    /// Excel's manual mode with "recalculate before saving" off; on, as it
    /// is unless turned off, the results are computed as it saves).
    pub fn calculation(&self, zip: &mut Zip<'_>, limits: &Limits) -> Result<Calculation, String> {
        let mut found = Calculation::default();
        let [workbook, _] = self.workbook_paths();
        let Some(workbook) = entry_for(&self.names, &workbook) else { return Ok(found) };
        let Ok(entry) = zip.by_name(&workbook) else { return Ok(found) };
        xml_part::events(entry, &workbook, limits, |event| {
            if let Event::Start(e) | Event::Empty(e) = event
                && e.local_name().as_ref() == "calcPr"
            {
                if let Some(v) = raw_attr(e, "fullCalcOnLoad") {
                    found.recalculated |= !matches!(v.trim(), "0" | "false");
                }
                let manual = raw_attr(e, "calcMode").is_some_and(|v| v.trim() == "manual");
                let unsaved =
                    raw_attr(e, "calcOnSave").is_some_and(|v| matches!(v.trim(), "0" | "false"));
                found.manual |= manual && unsaved;
                if let Some(v) = raw_attr(e, "calcId") {
                    found.recalculated |= v.trim() == "0";
                    found.engine = true;
                }
            }
            Ok(())
        })?;
        Ok(found)
    }

    /// The program the package says wrote it (`docProps/app.xml`'s
    /// `Application`), where it says so.
    pub fn application(
        &self,
        zip: &mut Zip<'_>,
        limits: &Limits,
    ) -> Result<Option<String>, String> {
        let Some(name) = entry_for(&self.names, "docProps/app.xml") else { return Ok(None) };
        let Ok(entry) = zip.by_name(&name) else { return Ok(None) };
        let (mut inside, mut text) = (false, None::<String>);
        xml_part::events(entry, &name, limits, |event| {
            match event {
                Event::Start(e) => inside = e.local_name().as_ref() == "Application",
                Event::Text(t) if inside => text.get_or_insert_default().push_str(t),
                Event::End(_) => inside = false,
                _ => {}
            }
            Ok(())
        })?;
        Ok(text.map(|t| t.trim().to_string()))
    }

    /// Every sheet of the workbook as (name, entry of its part), in order;
    /// a sheet whose part is not in the file has `None`.
    pub fn sheets(
        &self,
        zip: &mut Zip<'_>,
        limits: &Limits,
    ) -> Result<Vec<(String, Option<String>)>, String> {
        let [workbook, rels] = self.workbook_paths();
        let mut targets: HashMap<String, String> = HashMap::new();
        // The shared strings and styles calamine reads are those of their
        // usual names in the workbook's folder; the workbook may name others.
        let mut elsewhere = None;
        if let Some(rels) = entry_for(&self.names, &rels) {
            relationships(zip, &rels, false, limits, |e| {
                let target = raw_attr(e, "Target").unwrap_or_default().into_owned();
                let kind = raw_attr(e, "Type").unwrap_or_default();
                // Where the part is, as any program finds it.
                let decoded = decoded(e, "Target").unwrap_or_default();
                let path = normalized(
                    &decoded
                        .strip_prefix('/')
                        .map_or_else(|| format!("{}{decoded}", self.folder), str::to_string),
                );
                for (suffix, name) in
                    [("/sharedStrings", "sharedStrings.xml"), ("/styles", "styles.xml")]
                {
                    let usual = normalized(&format!("{}{name}", self.folder));
                    if kind.ends_with(suffix) && !path.eq_ignore_ascii_case(&usual) {
                        elsewhere = Some(path.clone());
                    }
                }
                if let Some(id) = raw_attr(e, "Id") {
                    targets.insert(id.into_owned(), target);
                }
            })?;
        }
        if let Some(path) = elsewhere {
            return Err(ambiguous(
                &format!("共有文字列か書式が {path} にあると書かれています"),
                &format!("it names {path} as its shared strings or styles"),
            ));
        }
        let mut sheets = Vec::new();
        let Some(workbook) = entry_for(&self.names, &workbook) else { return Ok(sheets) };
        let Ok(entry) = zip.by_name(&workbook) else { return Ok(sheets) };
        xml_part::events(entry, &workbook, limits, |event| {
            if let Event::Start(e) | Event::Empty(e) = event
                && e.local_name().as_ref() == "sheet"
            {
                // calamine takes the last attribute named `id` in any
                // namespace, another program the relationship's: one only.
                let ids: Vec<String> = e
                    .attributes()
                    .flatten()
                    .filter(|a| a.key.local_name().as_ref() == "id")
                    .map(|a| a.value.into_owned())
                    .collect();
                if ids.len() > 1 {
                    let name = decoded(e, "name").unwrap_or_default();
                    return Err(ambiguous(
                        &format!("シート {name:?} に id が二つあります"),
                        &format!("the sheet {name:?} has two ids"),
                    ));
                }
                let id = ids.into_iter().next();
                let part = id.and_then(|id| targets.get(&id)).and_then(|t| {
                    let path = t
                        .strip_prefix('/')
                        .map_or_else(|| format!("{}{t}", self.folder), str::to_string);
                    entry_for(&self.names, &path)
                });
                sheets.push((decoded(e, "name").unwrap_or_default(), part));
            }
            Ok(())
        })?;
        Ok(sheets)
    }
}

#[cfg(test)]
mod tests {
    use super::normalized;

    /// `./` and `../` steps name the part they lead to: a workbook naming
    /// its shared strings `./sharedStrings.xml` names the usual part.
    #[test]
    fn paths_are_read_with_their_steps_taken() {
        assert_eq!(normalized("xl/./sharedStrings.xml"), "xl/sharedStrings.xml");
        assert_eq!(normalized("xl/../xl/styles.xml"), "xl/styles.xml");
        assert_eq!(normalized("xl/worksheets/../sharedStrings.xml"), "xl/sharedStrings.xml");
        assert_eq!(normalized("xl/strings2.xml"), "xl/strings2.xml");
    }
}
