//! One set of limits for what the program reads and what it writes: a
//! file it would refuse to read is never written (a merge, an import, a
//! session's snapshot), so nothing it saves becomes unreadable. Kept in
//! one place so that they change together.
//!
//! The limits protect against a hostile or broken file, not against honest
//! data: what a file may make the program hold (one text, the records of
//! one list, nesting) is limited, and the size of a whole file only at a
//! ceiling far above any council's data (a million records of actuals are
//! about 160 MB). Each limit a person can meet names the variable that
//! raises it.

use std::sync::OnceLock;

use crate::i18n::tr;

/// The ceiling on one file, unless `KPI_COUNCIL_MAX_FILE_MB` says otherwise.
pub const DEFAULT_FILE_MB: u64 = 2048;

/// The longest text (a note, a name, a remark) unless `KPI_COUNCIL_MAX_TEXT_KB`
/// says otherwise: a remark is a paragraph, a note a line.
pub const DEFAULT_TEXT_KB: usize = 1024;

/// The most records in one list (companies, contributions, remarks)
/// unless `KPI_COUNCIL_MAX_RECORDS` says otherwise.
pub const DEFAULT_RECORDS: usize = 20_000_000;

/// Deepest nesting accepted; the formats need fewer than ten levels.
pub const RECURSION_LIMIT: usize = 64;

/// The most cells held for one imported sheet or CSV file (in an ODS
/// file, all its sheets together: they are read at once), unless
/// `KPI_COUNCIL_MAX_CELLS` says otherwise. A city's actuals are a few
/// thousand rows of a dozen columns; a prefecture's million records of
/// eight columns are 8 million, for which the refusal names the variable.
/// The default stays low because a cell's cost is not bounded by the file:
/// a 15 KB .ods can ask for 20 million cells (1.9 GB held), a long text
/// shared by many cells is copied into each, and every sheet of a workbook
/// is read.
pub const DEFAULT_CELLS: usize = 2_000_000;

/// The text an imported workbook may make the program hold, per cell of the
/// cells limit: 2,000,000 cells allow 256 MB of text in all. A city's
/// cells hold a name, a year or a note, a few dozen bytes; a hostile file
/// can make one short text count many times (a shared text named by every
/// cell, a cell repeated by an attribute, a run of spaces written as its
/// count), so the text held is counted as the library would make it, not
/// as the file stores it.
pub const TEXT_PER_CELL: u64 = 128;

pub const FILE_VARIABLE: &str = "KPI_COUNCIL_MAX_FILE_MB";
pub const TEXT_VARIABLE: &str = "KPI_COUNCIL_MAX_TEXT_KB";
pub const RECORDS_VARIABLE: &str = "KPI_COUNCIL_MAX_RECORDS";
pub const CELLS_VARIABLE: &str = "KPI_COUNCIL_MAX_CELLS";

/// The limits in force: the defaults, or what the environment sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub file_bytes: u64,
    pub text_bytes: usize,
    pub records: usize,
    /// Cells of one imported table.
    pub cells: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_bytes: DEFAULT_FILE_MB * 1024 * 1024,
            text_bytes: DEFAULT_TEXT_KB * 1024,
            records: DEFAULT_RECORDS,
            cells: DEFAULT_CELLS,
        }
    }
}

impl Limits {
    /// The defaults with what `var` gives (a positive whole number per
    /// variable; anything else keeps the default).
    #[must_use]
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Limits {
        let number = |name: &str| var(name)?.trim().parse::<u64>().ok().filter(|n| *n > 0);
        let d = Limits::default();
        Limits {
            file_bytes: number(FILE_VARIABLE).map_or(d.file_bytes, |mb| mb.saturating_mul(1 << 20)),
            text_bytes: number(TEXT_VARIABLE)
                .and_then(|kb| usize::try_from(kb.saturating_mul(1024)).ok())
                .unwrap_or(d.text_bytes),
            records: number(RECORDS_VARIABLE)
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(d.records),
            cells: number(CELLS_VARIABLE).and_then(|n| usize::try_from(n).ok()).unwrap_or(d.cells),
        }
    }

    /// The message for an imported table of more cells than are read,
    /// `(ja, en)` saying how far it goes.
    #[must_use]
    pub fn cells_message(&self, (ja, en): (String, String)) -> String {
        let (limit, raise) = (self.cells, self.cells.saturating_mul(2));
        tr(
            format!(
                "{ja}。表は {limit} セルまで読みます。上限は {CELLS_VARIABLE} で引き上げられます（例: {CELLS_VARIABLE}={raise}）"
            ),
            format!(
                "{en}; at most {limit} cells are read; raise the limit with {CELLS_VARIABLE} (for example {CELLS_VARIABLE}={raise})"
            ),
        )
    }

    /// The most bytes of text an imported workbook may hold.
    #[must_use]
    pub fn text_budget(&self) -> u64 {
        u64::try_from(self.cells).unwrap_or(u64::MAX).saturating_mul(TEXT_PER_CELL)
    }

    /// The message for an imported workbook that would hold more text than
    /// [`Limits::text_budget`]: `held` bytes at least, `(ja, en)` saying where.
    #[must_use]
    pub fn text_message(&self, held: u64, (ja, en): (String, String)) -> String {
        let (cells, budget) = (self.cells, self.text_budget());
        let needed = usize::try_from(held / TEXT_PER_CELL + 1).unwrap_or(usize::MAX);
        let raise = needed.max(cells.saturating_mul(2));
        tr(
            format!(
                "{ja}。表は {cells} セル、テキストは合わせて {budget} バイト（1 セルあたり {TEXT_PER_CELL} バイト）まで読みます。上限は {CELLS_VARIABLE} で引き上げられます（例: {CELLS_VARIABLE}={raise}）"
            ),
            format!(
                "{en}; at most {cells} cells and {budget} bytes of text in all ({TEXT_PER_CELL} bytes a cell) are read; raise the limit with {CELLS_VARIABLE} (for example {CELLS_VARIABLE}={raise})"
            ),
        )
    }

    /// The message for a file over the ceiling.
    #[must_use]
    pub fn file_message(&self, size: u64) -> String {
        let (limit, mb, raise) = (self.file_bytes, self.file_bytes >> 20, (size >> 20) + 1);
        tr(
            format!(
                "ファイルが {size} バイトあります。{limit} バイト（{mb} MB）を超えるファイルは読みません。読むには上限を {FILE_VARIABLE}={raise} で引き上げてください"
            ),
            format!(
                "the file is {size} bytes; files over {limit} bytes ({mb} MB) are refused; to read it, raise the limit with {FILE_VARIABLE}={raise}"
            ),
        )
    }

    /// The message for a part of a spreadsheet file (its XML, `name`)
    /// larger than the ceiling on a file, once decompressed.
    #[must_use]
    pub fn part_message(&self, name: &str) -> String {
        let (mb, raise) = (self.file_bytes >> 20, (self.file_bytes >> 20).saturating_mul(2));
        tr(
            format!(
                "ファイルの中の {name} が、展開すると {mb} MB を超えます。読むには上限を {FILE_VARIABLE}={raise} のように引き上げてください"
            ),
            format!(
                "its part {name} is over {mb} MB once decompressed; to read it, raise the limit with {FILE_VARIABLE} (for example {FILE_VARIABLE}={raise})"
            ),
        )
    }

    /// What is wrong with one text of `len` bytes, if it is too long.
    pub fn check_text(&self, len: usize) -> Result<(), String> {
        if len > self.text_bytes {
            let (limit, kb, raise) = (self.text_bytes, self.text_bytes / 1024, len / 1024 + 1);
            return Err(tr(
                format!(
                    "テキストが {len} バイトあります。一つのテキストは {limit} バイト（{kb} KB）までです。上限は {TEXT_VARIABLE}={raise} で引き上げられます"
                ),
                format!(
                    "the text is {len} bytes; a text may hold at most {limit} bytes ({kb} KB); raise the limit with {TEXT_VARIABLE}={raise}"
                ),
            ));
        }
        Ok(())
    }

    /// What is wrong with a list of `len` records, if it is too long.
    pub fn check_records(&self, len: usize) -> Result<(), String> {
        if len > self.records {
            let limit = self.records;
            return Err(tr(
                format!(
                    "{len} 件あります。一つの一覧は {limit} 件までです。上限は {RECORDS_VARIABLE}={len} で引き上げられます"
                ),
                format!(
                    "the list holds {len} records; a list may hold at most {limit}; raise the limit with {RECORDS_VARIABLE}={len}"
                ),
            ));
        }
        Ok(())
    }
}

/// The limits in force for this run (read from the environment once).
pub fn limits() -> Limits {
    static LIMITS: OnceLock<Limits> = OnceLock::new();
    *LIMITS.get_or_init(|| Limits::from_vars(|name| std::env::var(name).ok()))
}

/// Checks what parsed actuals hold against the limits: each list and each
/// text, named by its record.
pub fn check_actuals(
    limits: &Limits,
    actuals: &crate::domain::actuals::Actuals,
) -> Result<(), crate::domain::record_error::RecordError> {
    use crate::domain::record_error::RecordError;
    let list = |name: &str, len: usize| {
        limits.check_records(len).map_err(|m| RecordError::new(name.to_string(), m))
    };
    list("companies", actuals.companies.len())?;
    list("contributions", actuals.contributions.len())?;
    list("stated_totals", actuals.stated_totals.len())?;
    let texts = |record: &dyn Fn() -> String, texts: &[&str]| {
        texts
            .iter()
            .try_for_each(|t| limits.check_text(t.len()).map_err(|m| RecordError::new(record(), m)))
    };
    for (i, c) in actuals.companies.iter().enumerate() {
        texts(
            &|| format!("companies[{i}]"),
            &[&c.id, &c.name, &c.head_office, &c.industry, &c.reading],
        )?;
    }
    for (i, c) in actuals.contributions.iter().enumerate() {
        texts(&|| format!("contributions[{i}]"), &[&c.kpi, &c.company, &c.note])?;
    }
    for (i, c) in actuals.stated_totals.iter().enumerate() {
        texts(&|| format!("stated_totals[{i}]"), &[&c.kpi, &c.source])?;
    }
    Ok(())
}

/// Checks a parsed session against the limits: the remarks, the versions
/// of each, and each remark's text.
pub fn check_session(
    limits: &Limits,
    session: &crate::domain::session::Session,
) -> Result<(), crate::domain::record_error::RecordError> {
    use crate::domain::record_error::RecordError;
    limits
        .check_records(session.remarks.len())
        .map_err(|m| RecordError::new("remarks".to_string(), m))?;
    for (i, r) in session.remarks.iter().enumerate() {
        let record = || format!("remarks[{i}] ({:?})", r.id);
        limits
            .check_records(r.trail().history.len().saturating_add(r.trail().set_aside.len()))
            .map_err(|m| RecordError::new(record(), m))?;
        let texts = std::iter::once(r.text.as_str())
            .chain(r.trail().history.iter().map(|h| h.text.as_str()))
            .chain(r.trail().set_aside.iter().map(|h| h.text.as_str()));
        for t in texts {
            limits.check_text(t.len()).map_err(|m| RecordError::new(record(), m))?;
        }
    }
    Ok(())
}

/// Whether `bytes` may be written as a file the program reads back: the
/// reason when it may not.
pub fn check_written(bytes: usize) -> Result<(), String> {
    let size = u64::try_from(bytes).unwrap_or(u64::MAX);
    let limit = limits().file_bytes;
    if size > limit {
        return Err(too_large_to_write(size, limit));
    }
    Ok(())
}

/// Why a file of `size` bytes is not written, `limit` being the largest
/// one read back.
#[must_use]
pub fn too_large_to_write(size: u64, limit: u64) -> String {
    tr(
        format!(
            "{size} バイトになり、{limit} バイトを超えるファイルは読めないため、何も書きませんでした（セッションやデータを分けるか、{FILE_VARIABLE} で上限を引き上げてください）"
        ),
        format!(
            "it would be {size} bytes, and files over {limit} bytes are refused when read; nothing was written (split the session or the data, or raise the limit with {FILE_VARIABLE})"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_write_limit_is_the_read_limit() {
        let limit = usize::try_from(limits().file_bytes).unwrap_or(usize::MAX);
        assert!(check_written(limit).is_ok());
        let err = check_written(limit + 1).expect_err("one byte over");
        assert!(err.contains("refused when read"), "{err}");
    }

    #[test]
    fn the_environment_raises_each_limit_and_nonsense_keeps_the_default() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_string())
        };
        let d = Limits::default();
        assert_eq!(Limits::from_vars(|_| None), d);
        let raised = Limits::from_vars(vars(&[
            (FILE_VARIABLE, "4096"),
            (TEXT_VARIABLE, "8"),
            (RECORDS_VARIABLE, "30000000"),
            (CELLS_VARIABLE, "40000000"),
        ]));
        assert_eq!(raised.file_bytes, 4096 << 20);
        assert_eq!(raised.text_bytes, 8 * 1024);
        assert_eq!(raised.records, 30_000_000);
        assert_eq!(raised.cells, 40_000_000);
        for nonsense in ["", "0", "-1", "many", "1.5"] {
            let pairs: &'static [(&'static str, &'static str)] =
                Box::leak(Box::new([(FILE_VARIABLE, nonsense)]));
            assert_eq!(Limits::from_vars(vars(pairs)), d, "{nonsense:?}");
        }
    }

    #[test]
    fn each_message_names_the_limit_and_how_to_raise_it() {
        let l = Limits { file_bytes: 10 << 20, text_bytes: 2048, records: 5, cells: 7 };
        let m = l.file_message(30 << 20);
        assert!(m.contains("10485760 bytes") && m.contains("KPI_COUNCIL_MAX_FILE_MB=31"), "{m}");
        let m = l.check_text(5000).expect_err("too long");
        assert!(m.contains("2048 bytes") && m.contains("KPI_COUNCIL_MAX_TEXT_KB=5"), "{m}");
        assert!(l.check_text(2048).is_ok());
        let m = l.check_records(6).expect_err("too many");
        assert!(m.contains("at most 5") && m.contains("KPI_COUNCIL_MAX_RECORDS=6"), "{m}");
        assert!(l.check_records(5).is_ok());
        let m = l.cells_message(("大きすぎます".into(), "too large".into()));
        assert!(
            m.starts_with("too large; at most 7 cells") && m.contains("KPI_COUNCIL_MAX_CELLS"),
            "{m}"
        );
    }
}
