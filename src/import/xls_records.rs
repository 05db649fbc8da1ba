//! The BIFF records of an .xls's workbook stream, and what its sheets'
//! cells would make calamine hold: the cells it sets out and the text they
//! carry. The shared string table and the sheets are read as calamine
//! reads them (the same records, strings and sheets), so that what is
//! counted is at least what it would hold; the count gives up only where
//! calamine fails before reading any sheet.

use super::table::Unsettled;
use super::xls_container::{u16_at, u32_at};

/// The BIFF record that announces a sheet's extent.
pub(super) const DIMENSIONS: u16 = 0x0200;
/// The BIFF records read for the text the cells hold, and those that
/// frame it: the shared string table and the records that continue one,
/// the cells naming a shared string or carrying their own text, a
/// workbook's protection, its code page, its sheets, and the records that
/// begin and end each part of the stream.
const SST: u16 = 0x00FC;
const CONTINUE: u16 = 0x003C;
const LABELSST: u16 = 0x00FD;
const NUMBER: u16 = 0x0203;
const BOOLERR: u16 = 0x0205;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const STRING: u16 = 0x0207;
const SHRFMLA: u16 = 0x04BC;
const ARRAY: u16 = 0x0221;
const TABLE: u16 = 0x0236;
const FILEPASS: u16 = 0x002F;
const CODEPAGE: u16 = 0x0042;
const BOUNDSHEET: u16 = 0x0085;
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
/// The records that tell whether formula results were computed: the
/// workbook's calculation engine (RECALCID; 0 asks every program to
/// recalculate) and a sheet's UNCALCED (its formulas were not calculated
/// when it was saved).
const RECALCID: u16 = 0x01C1;
const UNCALCED: u16 = 0x005E;
/// A sheet's calculation mode (MS-XLS CalcMode: 0 manual, 1 automatic,
/// 0xFFFF automatic but for data tables), as Excel writes it in each sheet.
const CALCMODE: u16 = 0x000D;
/// The FORMULA record's flag asking for the formula to be calculated when
/// the file is opened (MS-XLS: reserved, written as 0 by Excel and by
/// LibreOffice 7).
const CALC_ON_LOAD: u16 = 0x0002;
/// A row's record (MS-XLS Row) and a range of columns' (ColInfo): each
/// says whether it is hidden, by the user, by an autofilter or by a
/// collapsed outline group alike (Row's `fDyZero`, ColInfo's `fHidden`).
const ROW: u16 = 0x0208;
/// A number format (its index and code) and a cell format (XF: the number
/// format's index at offset 2), in the workbook's globals, BIFF8.
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
/// The built-in number formats showing a percentage: 0% and 0.00%.
const PERCENT_FORMATS: [u16; 2] = [9, 10];
const COLINFO: u16 = 0x007D;
const ROW_HIDDEN: u16 = 0x0020;
const COLUMN_HIDDEN: u16 = 0x0001;

/// One record as calamine's reader frames it: the CONTINUE records right
/// after it belong to it (`more`, headers included).
struct Record<'a> {
    kind: u16,
    data: &'a [u8],
    more: &'a [u8],
}

/// The records of a stream as calamine frames them (its `RecordIter`):
/// an `Err` where that framing breaks, after which calamine reads no
/// further and fails.
struct Records<'a> {
    rest: &'a [u8],
    broken: bool,
}

impl<'a> Records<'a> {
    fn new(stream: &'a [u8]) -> Self {
        Records { rest: stream, broken: false }
    }

    /// The length of the record at the start of `b`, header included,
    /// when it is whole.
    fn whole(b: &[u8]) -> Option<usize> {
        let len = 4 + usize::from(u16_at(b, 2)?);
        (b.len() >= len).then_some(len)
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, ()>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.broken || self.rest.is_empty() {
            return None;
        }
        let Some(len) = Records::whole(self.rest) else {
            self.broken = true;
            return Some(Err(()));
        };
        let (kind, data) = (u16_at(self.rest, 0).unwrap_or(0), &self.rest[4..len]);
        self.rest = &self.rest[len..];
        let after = self.rest;
        // As calamine reads them: only while more than a header is left.
        while self.rest.len() > 4 && u16_at(self.rest, 0) == Some(CONTINUE) {
            let Some(len) = Records::whole(self.rest) else {
                self.broken = true;
                return Some(Err(()));
            };
            self.rest = &self.rest[len..];
        }
        let more = &after[..after.len() - self.rest.len()];
        Some(Ok(Record { kind, data, more }))
    }
}

/// A record's data read across its CONTINUE records, as calamine's
/// `Record` reads it.
struct Parts<'a> {
    data: &'a [u8],
    more: &'a [u8],
}

impl Parts<'_> {
    /// Moves to the next CONTINUE record; `false` when there is none.
    fn next_part(&mut self) -> bool {
        let Some(len) = Records::whole(self.more) else { return false };
        self.data = &self.more[4..len];
        self.more = &self.more[len..];
        true
    }

    /// Passes over `n` bytes, into the next records as needed; `None`
    /// where they run out (calamine fails there).
    fn skip(&mut self, mut n: u64) -> Option<()> {
        while n > 0 {
            if self.data.is_empty() && !self.next_part() {
                return None;
            }
            let step = usize::try_from(n).unwrap_or(usize::MAX).min(self.data.len());
            self.data = &self.data[step..];
            n -= step as u64;
        }
        Some(())
    }
}

/// The code page calamine decodes text with (the CODEPAGE record's; UTF-16
/// when there is none, as in every file Excel or LibreOffice writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Code {
    Utf16Le,
    Utf16Be,
    Other,
}

impl Code {
    fn of(page: u16) -> Code {
        match page {
            1200 | 21010 => Code::Utf16Le,
            1201 => Code::Utf16Be,
            _ => Code::Other,
        }
    }
}

/// What one call of calamine's `decode_to` takes from `data` for a text of
/// `chars` characters stored one byte (`Some(false)`), two bytes
/// (`Some(true)`) or in the code page (`None`) each: the characters and
/// bytes it takes, and an upper bound on the UTF-8 bytes it makes of them.
///
/// The bound is exact for UTF-16 text as Excel and LibreOffice write it
/// (one byte a character below U+0080, two below U+0800, three above; a
/// surrogate counts three, one more than its half of a pair makes). The
/// decoder sniffs a byte-order mark at the start of each piece decoded:
/// after a UTF-16BE mark every code unit counts three, and after a UTF-8
/// mark, or in any other code page, every byte given to the decoder counts
/// three and six more are added (encoding_rs's own bound on what its
/// decoders write).
fn decoded(code: Code, data: &[u8], chars: usize, high: Option<bool>) -> (usize, usize, u64) {
    let high = high.or(if code == Code::Other { None } else { Some(false) });
    let (taken, used) = if high == Some(true) {
        let taken = (data.len() / 2).min(chars);
        (taken, 2 * taken)
    } else {
        let taken = data.len().min(chars);
        (taken, taken)
    };
    let bytes = &data[..used];
    let units = || bytes.chunks_exact(2).filter_map(|c| u16_at(c, 0));
    let bound = match (code, high) {
        _ if taken == 0 => 0,
        (Code::Utf16Le, Some(false)) => bytes.iter().map(|b| 1 + u64::from(*b >= 0x80)).sum(),
        (Code::Utf16Le | Code::Utf16Be, Some(true)) if !bytes.starts_with(&[0xEF, 0xBB, 0xBF]) => {
            if code == Code::Utf16Le && !bytes.starts_with(&[0xFE, 0xFF]) {
                units()
                    .map(|u| match u {
                        0..0x80 => 1,
                        0x80..0x800 => 2,
                        _ => 3,
                    })
                    .sum()
            } else {
                3 * taken as u64
            }
        }
        _ => 3 * (if high.is_some() { 2 * taken } else { taken }) as u64 + 6,
    };
    (taken, used, bound)
}

/// The UTF-8 bytes of one string of the shared string table
/// (`XLUnicodeRichExtendedString`), read as calamine's
/// `read_rich_extended_string` reads it: its characters may go on in the
/// next CONTINUE records, each then starting with a byte that says how wide
/// they are; its formatting runs and extended block are passed over, across
/// records too. `None` where calamine fails or panics.
fn shared_string(p: &mut Parts<'_>, code: Code) -> Option<u64> {
    if p.data.is_empty() {
        return Some(0);
    }
    let chars = usize::from(u16_at(p.data, 0)?);
    let flags = *p.data.get(2)?;
    p.data = p.data.get(3..)?;
    let mut runs = 0u64;
    if flags & 0x8 != 0 {
        runs = 4 * u64::from(u16_at(p.data, 0)?);
        p.data = p.data.get(2..)?;
    }
    let mut extended = 0u64;
    if flags & 0x4 != 0 {
        // A negative length has calamine skip past every record: it fails.
        extended = u64::try_from(i32::from_le_bytes(p.data.get(..4)?.try_into().ok()?)).ok()?;
        p.data = p.data.get(4..)?;
    }
    let (mut left, mut high, mut total) = (chars, flags & 0x1 != 0, 0u64);
    // Each turn ends the characters or moves to the next record.
    loop {
        let (taken, used, bound) = decoded(code, p.data, left, Some(high));
        p.data = &p.data[used..];
        left -= taken;
        total = total.saturating_add(bound);
        if left == 0 {
            break;
        }
        if !p.next_part() {
            return None;
        }
        high = p.data.first()? & 0x1 != 0;
        p.data = &p.data[1..];
    }
    p.skip(runs)?;
    p.skip(extended)?;
    Some(total)
}

/// The UTF-8 bytes of each string of the shared string table (SST), in
/// calamine's order: every string, whatever the record's count says, and
/// an empty one for each empty CONTINUE record found between strings.
/// Each string takes at least three bytes of the file or a record of its
/// own, so the table holds fewer lengths than the stream has bytes.
/// `None` where calamine fails or panics reading the table.
fn shared_strings(r: &Record<'_>, code: Code) -> Option<Vec<u32>> {
    let mut p = Parts { data: r.data.get(8..)?, more: r.more };
    let mut lengths = Vec::new();
    while !p.data.is_empty() || p.next_part() {
        let len = shared_string(&mut p, code)?;
        lengths.push(u32::try_from(len).unwrap_or(u32::MAX));
    }
    Some(lengths)
}

/// What calamine keeps from the workbook's globals for reading its sheets.
struct Globals {
    /// The code page in force at the end of the globals.
    code: Code,
    /// Whether the workbook is BIFF8 (its strings then carry a width flag).
    biff8: bool,
    /// Where each sheet starts, one entry per BOUNDSHEET record: calamine
    /// reads a sheet once for each record naming it.
    sheets: Vec<usize>,
    /// The UTF-8 bytes of each shared string.
    shared: Vec<u32>,
    /// How many strings the SST record says it holds, and the last code
    /// page a CODEPAGE record named.
    unique: Option<u32>,
    codepage: Option<u16>,
    /// The calculation engine the RECALCID record names.
    engine: Option<u32>,
}

/// The globals, read as calamine reads them up to their EOF record; `None`
/// where calamine fails or panics before reading any sheet (an encrypted
/// file, broken records, a damaged shared string table).
fn globals(stream: &[u8]) -> Option<Globals> {
    let mut g = Globals {
        code: Code::Utf16Le,
        biff8: true,
        sheets: Vec::new(),
        shared: Vec::new(),
        unique: None,
        codepage: None,
        engine: None,
    };
    for r in Records::new(stream) {
        let r = r.ok()?;
        match r.kind {
            FILEPASS if u16_at(r.data, 0)? != 0 => return None,
            CODEPAGE => {
                g.codepage = u16_at(r.data, 0);
                g.code = Code::of(u16_at(r.data, 0)?);
            }
            // calamine panics on a record too short for its sheet's state and kind.
            BOUNDSHEET if r.data.len() < 6 => return None,
            BOUNDSHEET => g.sheets.push(usize::try_from(u32_at(r.data, 0)?).ok()?),
            BOF => {
                let dt = if r.data.len() >= 4 { u16_at(r.data, 2)? } else { 0 };
                g.biff8 = match u16_at(r.data, 0)? {
                    0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => false,
                    0 => dt != 0x1000,
                    _ => true,
                };
            }
            SST => {
                g.shared = shared_strings(&r, g.code)?;
                g.unique = u32_at(r.data, 4);
            }
            RECALCID => g.engine = u32_at(r.data, 4),
            EOF => break,
            _ => (),
        }
    }
    Some(g)
}

/// The room calamine takes for the text a cell carries itself (a LABEL,
/// RSTRING or formula STRING record's `XLUnicodeString`, as its
/// `parse_string` reads it): it reserves a byte for each character the
/// record announces before decoding those the record holds, and keeps the
/// text with that room. A 13-byte record announcing 65,535 characters and
/// holding none takes 65,535 bytes: these records amplify too.
fn own_text(s: &[u8], g: &Globals) -> u64 {
    let (start, high) = if g.biff8 { (3, s.get(2).map(|f| f & 0x1 != 0)) } else { (2, None) };
    let (Some(chars), Some(data)) = (u16_at(s, 0), s.get(start..)) else { return 0 };
    let (_, _, bound) = decoded(g.code, data, usize::from(chars), high);
    let room = u64::from(chars);
    // Text longer than the room reserved grows it as a `String` grows.
    if bound <= room { room } else { bound.max(2 * room).max(8) }
}

/// The records of one sheet, read from `pos` as calamine reads a sheet
/// (up to its EOF record, past embedded charts' substreams), each given to
/// `f`.
fn sheet_records<'a>(stream: &'a [u8], pos: usize, mut f: impl FnMut(&Record<'a>)) {
    // calamine panics on a sheet that starts past the stream.
    let Some(sheet) = stream.get(pos..) else { return };
    let (mut begun, mut depth) = (false, 0usize);
    for r in Records::new(sheet) {
        let Ok(r) = r else { break };
        if depth > 0 {
            match r.kind {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => (),
            }
            continue;
        }
        match r.kind {
            BOF if begun => depth += 1,
            BOF => begun = true,
            EOF => break,
            _ => f(&r),
        }
    }
}

/// The text one sheet's cells hold: the bytes of the shared strings its
/// cells name, and those its cells carry.
fn sheet_text(stream: &[u8], pos: usize, g: &Globals) -> (u64, u64) {
    let (mut shared, mut own) = (0u64, 0u64);
    sheet_records(stream, pos, |r| match r.kind {
        LABEL | RSTRING => {
            own = own.saturating_add(r.data.get(6..).map_or(0, |s| own_text(s, g)));
        }
        STRING => own = own.saturating_add(own_text(r.data, g)),
        // A number past the table names no string: calamine makes no cell.
        LABELSST => {
            let index = u32_at(r.data, 6).and_then(|i| usize::try_from(i).ok());
            let len = index.and_then(|i| g.shared.get(i)).map_or(0, |l| u64::from(*l));
            shared = shared.saturating_add(len);
        }
        _ => (),
    });
    (shared, own)
}

/// The rectangle from the first row and column with a cell to the last.
#[derive(Default)]
struct Extent(Option<(u16, u16, u16, u16)>);

impl Extent {
    fn add(&mut self, (row, column): (u16, u16)) {
        let (top, left, bottom, right) = self.0.unwrap_or((row, column, row, column));
        self.0 = Some((top.min(row), left.min(column), bottom.max(row), right.max(column)));
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(top, left, bottom, right)| {
            (u64::from(bottom - top) + 1) * (u64::from(right - left) + 1)
        })
    }
}

/// The cells calamine sets out for one sheet: it keeps a sheet's values,
/// and apart from them its formulas, each as the whole rectangle from the
/// first to the last (`Range::from_sparse`), so two cells far apart in a
/// few-KB file asked for four billion. The records that make a cell are
/// those calamine reads: numbers, texts, shared texts that exist, booleans
/// and errors, formulas (a value and a formula each) and their text results.
fn sheet_cells(stream: &[u8], pos: usize, g: &Globals) -> u64 {
    let (mut values, mut formulas) = (Extent::default(), Extent::default());
    let at = |d: &[u8]| Some((u16_at(d, 0)?, u16_at(d, 2)?));
    let mut formula = (0, 0);
    sheet_records(stream, pos, |r| match r.kind {
        NUMBER | LABEL | RSTRING | BOOLERR | RK => values.add(at(r.data).unwrap_or_default()),
        LABELSST => {
            let index = u32_at(r.data, 6).and_then(|i| usize::try_from(i).ok());
            if let (Some(cell), Some(_)) = (at(r.data), index.and_then(|i| g.shared.get(i))) {
                values.add(cell);
            }
        }
        // A row of numbers: as many as the record holds, from its first column.
        MULRK => {
            if let (Some((row, first)), Some(last)) =
                (at(r.data), r.data.len().checked_sub(2).and_then(|e| u16_at(r.data, e)))
                && last >= first
                && r.data.len() == 6 + 6 * (usize::from(last - first) + 1)
            {
                values.add((row, first));
                values.add((row, last));
            }
        }
        FORMULA => {
            if let Some(cell) = at(r.data).filter(|_| r.data.len() >= 20) {
                formula = cell;
                values.add(cell);
                formulas.add(cell);
            }
        }
        STRING => values.add(formula),
        _ => (),
    });
    values.cells().saturating_add(formulas.cells())
}

/// The text calamine would hold for the cells of all sheets: the bytes of
/// shared strings copied into each cell naming one, and of the texts cells
/// carry themselves. A sheet named by several BOUNDSHEET records counts
/// once for each, as calamine reads it for each, but is read here once.
/// `None` where calamine fails before reading a sheet.
pub(super) fn held_text(stream: &[u8]) -> Option<(u64, u64)> {
    let g = globals(stream)?;
    let mut counted = std::collections::BTreeMap::new();
    let (mut shared, mut own) = (0u64, 0u64);
    for pos in &g.sheets {
        let (s, o) = *counted.entry(*pos).or_insert_with(|| sheet_text(stream, *pos, &g));
        shared = shared.saturating_add(s);
        own = own.saturating_add(o);
    }
    Some((shared, own))
}

/// The cells calamine sets out for all sheets, a sheet named by several
/// BOUNDSHEET records once for each. `None` where calamine fails before
/// reading a sheet.
pub(super) fn held_cells(stream: &[u8]) -> Option<u64> {
    let g = globals(stream)?;
    over_sheets(stream, |stream, pos| sheet_cells(stream, pos, &g))
}

/// What `count` makes of each sheet, read from each BOUNDSHEET position as
/// calamine reads it (a record out of line with the stream's own records,
/// hidden inside another, is read too), summed over the sheet records, a
/// sheet read once however many name it. `None` where calamine fails
/// before reading a sheet.
fn over_sheets(stream: &[u8], count: impl Fn(&[u8], usize) -> u64) -> Option<u64> {
    let g = globals(stream)?;
    let mut counted = std::collections::BTreeMap::new();
    Some(g.sheets.iter().fold(0u64, |total, pos| {
        total.saturating_add(*counted.entry(*pos).or_insert_with(|| count(stream, *pos)))
    }))
}

/// The records calamine reads for the sheets: each sheet's, once for each
/// sheet record naming it (40,000 sheet records naming one long sheet, a
/// 1 MB file, took 31 s to open).
pub(super) fn records_read(stream: &[u8]) -> Option<u64> {
    over_sheets(stream, |stream, pos| {
        let mut n = 0u64;
        sheet_records(stream, pos, |_| n += 1);
        n
    })
}

/// The cells the sheets' DIMENSIONS records make calamine reserve, each
/// record's as `reserved` tells, read where calamine reads them.
pub(super) fn announced_by_sheets(stream: &[u8], reserved: impl Fn(&[u8]) -> u64) -> Option<u64> {
    over_sheets(stream, |stream, pos| {
        let mut total = 0u64;
        sheet_records(stream, pos, |r| {
            if r.kind == DIMENSIONS {
                total = total.saturating_add(reserved(r.data));
            }
        });
        total
    })
}

/// Why the workbook would read differently in calamine and in other
/// programs, if it would: a shared string table holding another number of
/// strings than it says (calamine reads every string, and an empty one for
/// each empty CONTINUE record; LibreOffice reads as many as the table says,
/// so each string after the difference names another company), or an Excel
/// 97-2003 workbook saying a code page other than Unicode (calamine decodes
/// its Unicode text through it; the format's text is Unicode whatever the
/// record says). `(ja, en)`.
pub(super) fn read_two_ways(stream: &[u8]) -> Option<(String, String)> {
    let g = globals(stream)?;
    if let Some(said) = g.unique
        && usize::try_from(said).ok() != Some(g.shared.len())
    {
        let held = g.shared.len();
        return Some((
            format!("共有文字列の表が {said} 個と書きながら {held} 個を持っています"),
            format!("its shared string table says {said} strings and holds {held}"),
        ));
    }
    if let Some(page) = g.codepage.filter(|p| g.biff8 && *p != 1200) {
        return Some((
            format!("Unicode の形式なのにコードページ {page} と書かれています"),
            format!("it is in the Unicode format but names the code page {page}"),
        ));
    }
    None
}

/// The first cell (row, column) given a text by a STRING record that
/// follows no formula with a text result: calamine gives the text to the
/// last formula's cell, LibreOffice shows the formula's number. `None`
/// when there is none (or calamine reads no sheet).
pub(super) fn stray_string(stream: &[u8]) -> Option<(u16, u16)> {
    let g = globals(stream)?;
    let mut read = std::collections::BTreeSet::new();
    g.sheets.iter().filter(|pos| read.insert(**pos)).find_map(|pos| {
        // The last formula's cell, and whether its result is a text.
        let mut last: Option<((u16, u16), bool)> = None;
        let mut found = None;
        sheet_records(stream, *pos, |r| match r.kind {
            FORMULA => {
                let cell = u16_at(r.data, 0).zip(u16_at(r.data, 2)).unwrap_or_default();
                let text = r.data.get(6) == Some(&0) && r.data.get(12..14) == Some(&[0xFF, 0xFF]);
                last = Some((cell, text));
            }
            SHRFMLA | ARRAY | TABLE => {}
            STRING => {
                if !matches!(last, Some((_, true))) {
                    found.get_or_insert(last.map_or((0, 0), |(cell, _)| cell));
                }
                last = None;
            }
            _ => last = None,
        });
        found
    })
}

/// The formulas of the `index`th sheet (in the order of the sheet
/// records, as calamine lists them) whose stored results no program
/// computed, as Apache POI (HSSF) and Spreadsheet::WriteExcel write them:
/// each formula flagged to be calculated when opened with the number 0
/// stored in place of its result (Excel and LibreOffice show the computed
/// value; calamine would read 0). Every formula of the sheet when the
/// workbook names the calculation engine 0 (POI's
/// `setForceFormulaRecalculation`) or the sheet says its formulas were not
/// calculated (UNCALCED): the results stored are then those of a template
/// filled in without computing, or none, or those Excel left when set to
/// calculate by hand (its CALCMODE 0: `manual`). Counted in the order written.
/// Every sheet's at once: the globals are read once, not once a sheet.
pub(super) fn placeholders(stream: &[u8]) -> Vec<Unsettled> {
    let Some(g) = globals(stream) else { return Vec::new() };
    g.sheets.iter().map(|&pos| sheet_placeholders(stream, pos, g.engine)).collect()
}

/// The hidden rows and columns of every sheet, as ranges `(first, last)`,
/// 0-based, in the order of the sheet records: rows hidden by the user,
/// filtered out by an autofilter, or in a collapsed outline group.
pub(super) fn hidden(stream: &[u8]) -> Vec<Hidden> {
    let Some(g) = globals(stream) else { return Vec::new() };
    g.sheets.iter().map(|&pos| sheet_hidden(stream, pos)).collect()
}

/// The number cells of every sheet whose format shows a percentage or
/// the number divided by 1,000 or more (`#,##0,`), (row, column) 0-based,
/// in the order of the sheet records; `None` for a workbook older than
/// BIFF8 (Excel 97), whose formats are not read here.
pub(super) fn shown(stream: &[u8]) -> Option<Vec<Shown>> {
    let g = globals(stream)?;
    if !g.biff8 {
        return None;
    }
    // What each cell format shows, by its index.
    let (mut codes, mut xfs) = (std::collections::HashMap::new(), Vec::new());
    for r in Records::new(stream) {
        let Ok(r) = r else { break };
        match r.kind {
            FORMAT => {
                if let (Some(id), Some(code)) = (u16_at(r.data, 0), format_code(r.data)) {
                    codes.insert(id, code);
                }
            }
            XF => xfs.push(u16_at(r.data, 2).unwrap_or(0)),
            EOF => break,
            _ => (),
        }
    }
    let kinds: Vec<Option<Kind>> = xfs
        .iter()
        .map(|id| match codes.get(id) {
            Some(code) if super::sheet_xml::is_percent_format(code) => Some(Kind::Percent),
            Some(code) if super::sheet_xml::is_scaled_format(code) => Some(Kind::Scaled),
            Some(code) => super::sheet_xml::format_unit(code).map(Kind::Unit),
            None => PERCENT_FORMATS.contains(id).then_some(Kind::Percent),
        })
        .collect();
    Some(g.sheets.iter().map(|&pos| sheet_shown(stream, pos, &kinds)).collect())
}

/// A FORMAT record's code (BIFF8: its index, then an XLUnicodeString).
fn format_code(data: &[u8]) -> Option<String> {
    let chars = usize::from(u16_at(data, 2)?);
    let wide = data.get(4)? & 1 != 0;
    let text = data.get(5..)?;
    if wide {
        let units: Vec<u16> =
            text.chunks_exact(2).take(chars).map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(text.iter().take(chars).map(|b| char::from(*b)).collect())
    }
}

/// How a cell format shows its number, where the import must know it.
enum Kind {
    Percent,
    Scaled,
    /// With text beside the number (`#,##0"千円"`).
    Unit(super::table::SharedUnit),
}

/// The number cells of one sheet shown as percentages, scaled, or with
/// text beside the number.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Shown {
    pub percent: Vec<(u32, u32)>,
    pub scaled: Vec<(u32, u32)>,
    pub units: Vec<((u32, u32), super::table::SharedUnit)>,
}

fn sheet_shown(stream: &[u8], pos: usize, kinds: &[Option<Kind>]) -> Shown {
    let mut found = Shown::default();
    let mut note = |row: u16, column: u16, xf: u16| {
        let at = (u32::from(row), u32::from(column));
        match kinds.get(usize::from(xf)) {
            Some(Some(Kind::Percent)) => found.percent.push(at),
            Some(Some(Kind::Scaled)) => found.scaled.push(at),
            Some(Some(Kind::Unit(unit))) => found.units.push((at, unit.clone())),
            _ => (),
        }
    };
    sheet_records(stream, pos, |r| match r.kind {
        NUMBER | RK | FORMULA => {
            if let (Some(row), Some(column), Some(xf)) =
                (u16_at(r.data, 0), u16_at(r.data, 2), u16_at(r.data, 4))
            {
                note(row, column, xf);
            }
        }
        MULRK => {
            if let (Some(row), Some(first)) = (u16_at(r.data, 0), u16_at(r.data, 2)) {
                let cells = r.data.get(4..r.data.len().saturating_sub(2)).unwrap_or_default();
                for (i, cell) in (0u16..).zip(cells.chunks_exact(6)) {
                    if let Some(xf) = u16_at(cell, 0) {
                        note(row, first.saturating_add(i), xf);
                    }
                }
            }
        }
        _ => (),
    });
    found
}

/// The hidden rows and columns of one sheet.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Hidden {
    pub rows: Vec<(u32, u32)>,
    pub columns: Vec<(u32, u32)>,
}

fn sheet_hidden(stream: &[u8], pos: usize) -> Hidden {
    let mut found = Hidden::default();
    sheet_records(stream, pos, |r| match r.kind {
        ROW => {
            if let (Some(row), Some(flags)) = (u16_at(r.data, 0), u16_at(r.data, 12))
                && flags & ROW_HIDDEN != 0
            {
                found.rows.push((u32::from(row), u32::from(row)));
            }
        }
        COLINFO => {
            if let (Some(first), Some(last), Some(flags)) =
                (u16_at(r.data, 0), u16_at(r.data, 2), u16_at(r.data, 8))
                && flags & COLUMN_HIDDEN != 0
            {
                found.columns.push((u32::from(first), u32::from(last)));
            }
        }
        _ => (),
    });
    found
}

/// [`placeholders`] of the sheet at `pos`, in a workbook naming `engine`.
fn sheet_placeholders(stream: &[u8], pos: usize, engine: Option<u32>) -> Unsettled {
    let mut found = Unsettled { recalculated: true, ..Unsettled::default() };
    let (mut every, mut uncalced, mut manual) = (found, false, false);
    sheet_records(stream, pos, |r| match r.kind {
        UNCALCED => uncalced = true,
        CALCMODE => manual = u16_at(r.data, 0) == Some(0),
        FORMULA if r.data.len() >= 20 => {
            let at = (
                u32::from(u16_at(r.data, 0).unwrap_or(0)),
                u32::from(u16_at(r.data, 2).unwrap_or(0)),
            );
            every.note(at, 1);
            let result = &r.data[6..14];
            let zero = result[6..8] != [0xFF, 0xFF]
                && f64::from_le_bytes(result.try_into().unwrap_or_default()) == 0.0;
            if zero && u16_at(r.data, 14).is_some_and(|f| f & CALC_ON_LOAD != 0) {
                found.note(at, 1);
            }
        }
        _ => (),
    });
    // Excel set to calculate by hand writes UNCALCED in the sheets it
    // saved without recalculating: their results are stale, not placeholders.
    every.manual = uncalced && manual && engine != Some(0);
    if uncalced || engine == Some(0) { every } else { found }
}

/// Files and readings shared by the tests of the .xls pre-count.
#[cfg(test)]
pub(crate) mod test_files {
    pub(crate) fn fixture() -> Vec<u8> {
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/actuals/merged.xls"))
            .expect("fixture")
    }

    /// The fixture with its one DIMENSIONS record announcing `rows` rows.
    pub(crate) fn announcing(rows: u32) -> Vec<u8> {
        let mut bytes = fixture();
        let header = [0x00, 0x02, 0x0E, 0x00];
        let at: Vec<usize> =
            bytes.windows(4).enumerate().filter(|(_, w)| *w == header).map(|(i, _)| i).collect();
        assert_eq!(at.len(), 1, "one DIMENSIONS record, whole in the file");
        bytes[at[0] + 8..at[0] + 12].copy_from_slice(&rows.to_le_bytes());
        bytes
    }

    /// A directory entry named `name`, of `kind`, its children under
    /// `child`, its stream starting at sector `start` and `len` bytes long.
    pub(crate) fn entry(name: &str, kind: u8, child: u32, start: u32, len: usize) -> Vec<u8> {
        const FREE: u32 = 0xFFFF_FFFF;
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
        e[..units.len()].copy_from_slice(&units);
        e[0x40..0x42].copy_from_slice(&u16::try_from(units.len()).expect("short").to_le_bytes());
        e[0x42] = kind;
        e[0x43] = 1;
        for (at, v) in [(0x44, FREE), (0x48, FREE), (0x4C, child), (0x74, start)] {
            e[at..at + 4].copy_from_slice(&v.to_le_bytes());
        }
        let len = u32::try_from(len).expect("a length");
        e[0x78..0x7C].copy_from_slice(&len.to_le_bytes());
        e
    }

    pub(crate) fn large() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/import/actuals-300-rows.xls"
        ))
        .expect("fixture")
    }

    /// The text calamine holds for the cells of `file`: the bytes of
    /// every text cell of every sheet. `None` when it cannot read the file
    /// (or panics on it).
    pub(crate) fn calamine_text(file: &[u8]) -> Option<u64> {
        use calamine::Reader;
        let read = || {
            let mut book = calamine::Xls::new(std::io::Cursor::new(file.to_vec())).ok()?;
            let sheets = book.worksheets();
            let texts = sheets.iter().flat_map(|(_, range)| range.used_cells());
            Some(
                texts
                    .map(|(_, _, v)| match v {
                        calamine::Data::String(s) => s.len() as u64,
                        _ => 0,
                    })
                    .sum(),
            )
        };
        crate::guard::quietly(read).ok().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::test_files::{calamine_text, entry, fixture, large};
    use super::*;
    use crate::import::xls_container::{SIGNATURE, stream_of};
    use crate::import::xls_size::check;
    use crate::store::limits::Limits;

    /// A record of `kind` holding `data`.
    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let len = u16::try_from(data.len()).expect("a record's length");
        [&kind.to_le_bytes()[..], &len.to_le_bytes(), data].concat()
    }

    type Parts = Vec<(u16, Vec<u8>)>;

    /// The records of a stream, in order, as (kind, data).
    fn records_of(stream: &[u8]) -> Parts {
        let mut out = Vec::new();
        let mut at = 0;
        while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
            out.push((kind, stream[at + 4..at + 4 + usize::from(len)].to_vec()));
            at += 4 + usize::from(len);
        }
        out
    }

    /// A stream of one sheet as its globals and its sheet.
    fn parts_of(stream: &[u8]) -> (Parts, Parts) {
        let mut globals = records_of(stream);
        let end = globals.iter().position(|(k, _)| *k == EOF).expect("the globals' EOF");
        let sheet = globals.split_off(end + 1);
        (globals, sheet)
    }

    /// The small fixture's stream as its globals and its one sheet.
    fn merged_parts() -> (Parts, Parts) {
        parts_of(&stream_of(&fixture()).expect("a stream"))
    }

    /// A workbook stream of `globals` then `sheet`, each BOUNDSHEET record
    /// pointing at the sheet.
    fn book(globals: &Parts, sheet: &Parts) -> Vec<u8> {
        let at: usize = globals.iter().map(|(_, d)| 4 + d.len()).sum();
        let at = u32::try_from(at).expect("a position").to_le_bytes();
        let mut out = Vec::new();
        for (kind, data) in globals {
            let mut data = data.clone();
            if *kind == BOUNDSHEET {
                data[..4].copy_from_slice(&at);
            }
            out.extend(record(*kind, &data));
        }
        for (kind, data) in sheet {
            out.extend(record(*kind, data));
        }
        out
    }

    /// Cells formatted as percentages or in thousands, by a cell format
    /// (XF) naming a built-in or a FORMAT record's code: an RK, a NUMBER
    /// and each cell of a MULRK (LibreOffice writes one for numbers side
    /// by side), the cells of other formats not.
    #[test]
    fn cells_shown_as_percentages_or_thousands_are_found_by_their_formats() {
        let (mut globals, mut sheet) = merged_parts();
        let last_xf = globals.iter().rposition(|(k, _)| *k == XF).expect("an XF");
        let xfs = u16::try_from(globals.iter().filter(|(k, _)| *k == XF).count()).expect("XFs");
        let xf = |format: u16| {
            let mut data = vec![0u8; 20];
            data[2..4].copy_from_slice(&format.to_le_bytes());
            (XF, data)
        };
        // 「0.0%」 and 「#,##0,」 written as FORMAT records, and the built-in 0%.
        let code = |id: u16, text: &str| {
            let len = u16::try_from(text.len()).expect("a code");
            (FORMAT, [&id.to_le_bytes()[..], &len.to_le_bytes(), &[0], text.as_bytes()].concat())
        };
        globals.insert(last_xf + 1, xf(170));
        globals.insert(last_xf + 2, xf(171));
        globals.insert(last_xf + 3, xf(9));
        globals.insert(last_xf + 4, xf(172));
        globals.insert(1, code(170, "0.0%"));
        globals.insert(2, code(171, "#,##0,"));
        globals.insert(3, code(172, "#,##0"));
        let (percent, scaled, builtin, plain) = (xfs, xfs + 1, xfs + 2, xfs + 3);
        let cell = |row: u16, col: u16, xf: u16| {
            [&row.to_le_bytes()[..], &col.to_le_bytes(), &xf.to_le_bytes(), &[0; 4]].concat()
        };
        let mulrk = [
            &20u16.to_le_bytes()[..],
            &0u16.to_le_bytes(),
            &plain.to_le_bytes(),
            &[0; 4],
            &scaled.to_le_bytes(),
            &[0; 4],
            &builtin.to_le_bytes(),
            &[0; 4],
            &2u16.to_le_bytes(),
        ]
        .concat();
        let end = sheet.iter().position(|(k, _)| *k == EOF).expect("the sheet's EOF");
        sheet.insert(end, (RK, cell(21, 3, percent)));
        sheet.insert(end, (MULRK, mulrk));
        let shown = shown(&book(&globals, &sheet)).expect("BIFF8");
        assert_eq!(shown[0].percent, [(20, 2), (21, 3)]);
        assert_eq!(shown[0].scaled, [(20, 1)]);
    }

    /// The offset of the `n`th record of `kind` in `stream`.
    fn offset_of(stream: &[u8], kind: u16, n: usize) -> usize {
        let mut at = 0;
        let mut seen = 0;
        while let (Some(k), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
            if k == kind {
                if seen == n {
                    return at;
                }
                seen += 1;
            }
            at += 4 + usize::from(len);
        }
        panic!("no record {kind:#x} number {n}");
    }

    /// A sheet hidden inside another record, named by a sheet record that
    /// points into it: calamine reads it from there, and reserved the four
    /// billion rows its DIMENSIONS record announces (the program aborted);
    /// a count that reads the stream's own records did not see it.
    #[test]
    fn a_sheet_hidden_inside_another_record_is_counted_where_calamine_reads_it() {
        let (mut globals, sheet) = merged_parts();
        let named = globals.iter().position(|(k, _)| *k == BOUNDSHEET).expect("a sheet record");
        globals.insert(named + 1, globals[named].clone());
        let bof = sheet.first().expect("its BOF").1.clone();
        let dimensions =
            [&0u32.to_le_bytes()[..], &u32::MAX.to_le_bytes(), &[0, 0, 0xFF, 0, 0, 0]].concat();
        let hidden =
            [record(BOF, &bof), record(DIMENSIONS, &dimensions), record(EOF, &[])].concat();
        let mut stream = book(&globals, &sheet);
        let inside = stream.len() + 4;
        stream.extend(record(0x1234, &hidden));
        let second = offset_of(&stream, BOUNDSHEET, 1);
        stream[second + 4..second + 8]
            .copy_from_slice(&u32::try_from(inside).expect("pos").to_le_bytes());
        let counted = crate::import::xls_size::announced(&stream);
        assert!(counted > 4_000_000_000, "the hidden sheet's rows: {counted}");
        assert!(announced_by_sheets(&book(&merged_parts().0, &sheet), |_| 1) == Some(1));
    }

    /// A shared string table holding another number of strings than it
    /// says, and a workbook naming a code page other than Unicode: each
    /// read one way by calamine and another by LibreOffice (companies
    /// swapped, texts decoded). Said; the fixture is not.
    #[test]
    fn tables_and_code_pages_read_two_ways_are_found() {
        let (mut globals, sheet) = merged_parts();
        assert_eq!(read_two_ways(&book(&globals, &sheet)), None);
        let sst = globals.iter().position(|(k, _)| *k == SST).expect("its SST");
        let said = u32_at(&globals[sst].1, 4).expect("its count");
        let mut fewer = globals.clone();
        fewer[sst].1[4..8].copy_from_slice(&(said - 1).to_le_bytes());
        let (_, en) = read_two_ways(&book(&fewer, &sheet)).expect("found");
        assert!(en.contains(&format!("says {} strings and holds {said}", said - 1)), "{en}");
        let page = globals.iter().position(|(k, _)| *k == CODEPAGE).expect("its code page");
        globals[page].1 = 932u16.to_le_bytes().to_vec();
        let (_, en) = read_two_ways(&book(&globals, &sheet)).expect("found");
        assert!(en.contains("code page 932"), "{en}");
    }

    /// A sheet named by several sheet records is read by calamine once for
    /// each: its records count as often. Two sheets of one name are
    /// refused when the workbook is opened.
    #[test]
    fn a_sheet_named_twice_is_read_twice_and_refused_by_its_name() {
        let (mut globals, sheet) = merged_parts();
        let once = records_read(&book(&globals, &sheet)).expect("read");
        let named = globals.iter().position(|(k, _)| *k == BOUNDSHEET).expect("a sheet record");
        globals.insert(named + 1, globals[named].clone());
        let mut stream = book(&globals, &sheet);
        assert_eq!(records_read(&stream), Some(2 * once));
        stream.extend(record(0x1234, &[0; 4092]));
        let error = crate::import::spreadsheet::Book::open(
            std::path::Path::new("twice.xls"),
            &container(&stream),
        )
        .err()
        .expect("refused")
        .to_string();
        assert!(error.contains("two sheets have the same name"), "{error}");
    }

    /// Two directory entries named `Workbook`: calamine reads the first
    /// found wherever it lies, LibreOffice the root's. Refused as damaged.
    #[test]
    fn two_workbook_streams_are_refused() {
        let (globals, sheet) = merged_parts();
        let mut stream = book(&globals, &sheet);
        stream.extend(record(0x1234, &[0; 4092]));
        let mut file = container(&stream);
        assert!(
            crate::import::xls_size::check(&file, &crate::store::limits::Limits::default()).is_ok()
        );
        // The directory is the first sector: the second entry is the stream's.
        let (first, free) = (512 + 128, 512 + 256);
        let entry = file[first..first + 128].to_vec();
        file[free..free + 128].copy_from_slice(&entry);
        let e = crate::import::xls_size::check(&file, &crate::store::limits::Limits::default())
            .expect_err("refused");
        assert!(e.contains("it holds two workbooks"), "{e}");
    }

    /// A formula whose result is a number, followed by a text result:
    /// calamine gives the text to the formula's cell, LibreOffice shows the
    /// number. Found, naming the cell; after a formula with a text result
    /// the text is its own.
    #[test]
    fn a_text_result_after_a_number_is_found() {
        let (globals, mut sheet) = merged_parts();
        let formula = |result: [u8; 8]| {
            let cell = [1u16.to_le_bytes(), 3u16.to_le_bytes(), 0x0Fu16.to_le_bytes()].concat();
            let tokens = [&3u16.to_le_bytes()[..], &[0x1E], &5u16.to_le_bytes()].concat();
            (FORMULA, [cell, result.to_vec(), vec![0; 6], tokens].concat())
        };
        let text = (STRING, [&2u16.to_le_bytes()[..], &[0], b"50"].concat());
        let end = sheet.len() - 1;
        let mut number = sheet.clone();
        number.splice(end..end, [formula(5.0f64.to_le_bytes()), text.clone()]);
        assert_eq!(stray_string(&book(&globals, &number)), Some((1, 3)));
        sheet.splice(end..end, [formula([0, 0, 0, 0, 0, 0, 0xFF, 0xFF]), text]);
        assert_eq!(stray_string(&book(&globals, &sheet)), None);
    }

    /// A Compound File holding `stream` as its `Workbook` stream, in
    /// sectors of 512 bytes: the directory, the stream, the allocation
    /// table. The stream is long enough to live outside the mini stream.
    fn container(stream: &[u8]) -> Vec<u8> {
        const END: u32 = 0xFFFF_FFFE;
        const FREE: u32 = 0xFFFF_FFFF;
        assert!(stream.len() >= 4096, "outside the mini stream");
        let sectors = stream.len().div_ceil(512);
        let tables = (1 + sectors).div_ceil(127);
        assert!(tables <= 109, "the header lists every table sector");
        let n = |i: usize| u32::try_from(i).expect("a sector");
        let mut fat = vec![FREE; tables * 128];
        fat[0] = END;
        for (i, next) in fat.iter_mut().enumerate().take(sectors + 1).skip(1) {
            *next = if i == sectors { END } else { n(i + 1) };
        }
        fat[1 + sectors..1 + sectors + tables].fill(0xFFFF_FFFD);
        let mut header = vec![0u8; 512];
        let mut put = |at: usize, v: &[u8]| header[at..at + v.len()].copy_from_slice(v);
        put(0, &SIGNATURE);
        put(0x18, &[0x3E, 0, 3, 0, 0xFE, 0xFF, 9, 0, 6, 0]);
        put(0x2C, &n(tables).to_le_bytes());
        put(0x38, &4096u32.to_le_bytes());
        for at in [0x3C, 0x44] {
            put(at, &END.to_le_bytes());
        }
        for i in 0..109 {
            let id = if i < tables { n(1 + sectors + i) } else { FREE };
            put(0x4C + 4 * i, &id.to_le_bytes());
        }
        let mut out = header;
        out.extend(entry("Root Entry", 5, 1, END, 0));
        out.extend(entry("Workbook", 2, FREE, 1, stream.len()));
        out.extend(entry("", 0, FREE, FREE, 0).repeat(2));
        out.extend(stream);
        out.resize(512 * (2 + sectors), 0);
        out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
        out
    }

    /// The small fixture's stream with one more shared string, `chars`
    /// times "é" stored a byte each (two bytes each in UTF-8), in CONTINUE
    /// records of the size Excel writes; and `cells` cells below the table
    /// naming it, the sheet's DIMENSIONS record grown to hold them. `empty`
    /// empty CONTINUE records come before the string: calamine reads each
    /// as one more (empty) string, and the cells name the string after them.
    fn shared_text_stream(chars: u16, cells: u16, empty: u32) -> Vec<u8> {
        let (mut globals, mut sheet) = merged_parts();
        let at = globals.iter().position(|(k, _)| *k == SST).expect("its SST") + 1;
        let sst = &mut globals[at - 1].1;
        let index = u32_at(sst, 4).expect("its count of strings") + empty;
        let total = u32_at(sst, 0).expect("its count of cells") + u32::from(cells);
        sst[..4].copy_from_slice(&total.to_le_bytes());
        sst[4..8].copy_from_slice(&(index + 1).to_le_bytes());
        let mut text = [&chars.to_le_bytes()[..], &[0]].concat();
        text.extend(std::iter::repeat_n(0xE9, usize::from(chars)));
        let mut parts: Parts = (0..empty).map(|_| (CONTINUE, Vec::new())).collect();
        let (head, tail) = text.split_at(text.len().min(8224));
        parts.push((CONTINUE, head.to_vec()));
        // A record that goes on with the characters says their width first.
        parts.extend(tail.chunks(8223).map(|c| (CONTINUE, [&[0], c].concat())));
        globals.splice(at..at, parts);
        let dim = sheet.iter_mut().find(|(k, _)| *k == DIMENSIONS).expect("its DIMENSIONS");
        let rows = u32_at(&dim.1, 4).expect("its rows");
        dim.1[4..8].copy_from_slice(&(rows + u32::from(cells)).to_le_bytes());
        let end = sheet.len() - 1;
        let label = |row: u32| {
            let row = u16::try_from(row).expect("a row");
            [&row.to_le_bytes()[..], &[0, 0, 0x0F, 0], &index.to_le_bytes()].concat()
        };
        sheet.splice(end..end, (0..u32::from(cells)).map(|i| (LABELSST, label(rows + i))));
        book(&globals, &sheet)
    }

    /// The text counted for a stream, shared and own together.
    fn counted(stream: &[u8]) -> Option<u64> {
        held_text(stream).map(|(s, o)| s + o)
    }

    /// The cells calamine sets out for the sheets of `file`: each sheet's
    /// values and formulas, as the rectangles it keeps.
    fn calamine_cells(file: &[u8]) -> u64 {
        use calamine::Reader;
        let mut book = calamine::Xls::new(std::io::Cursor::new(file.to_vec())).expect("read");
        let names = book.sheet_names();
        let size = |(rows, columns): (usize, usize)| (rows * columns) as u64;
        names
            .iter()
            .map(|n| {
                size(book.worksheet_range(n).expect("values").get_size())
                    + size(book.worksheet_formula(n).expect("formulas").get_size())
            })
            .sum()
    }

    /// Two cells far apart: calamine sets out the whole rectangle between
    /// them for a sheet's values (a few-KB file asking for four billion
    /// cells aborted the program). Counted as calamine sets it out, to the
    /// cell, and refused past the cells limit.
    #[test]
    fn cells_far_apart_are_counted_as_the_rectangle_between_them() {
        let far = |row: u16, column: u16| {
            let (globals, mut sheet) = merged_parts();
            let number = [&row.to_le_bytes()[..], &column.to_le_bytes(), &[0x0F, 0]].concat();
            let end = sheet.len() - 1;
            sheet.insert(end, (NUMBER, [number, 1.0f64.to_le_bytes().to_vec()].concat()));
            let mut stream = book(&globals, &sheet);
            // Read by no one: the stream made long enough for its own sectors.
            stream.extend(record(0x1234, &[0; 4092]));
            stream
        };
        let near = far(2_000, 200);
        let counted = held_cells(&near).expect("counted");
        assert_eq!(counted, 2_001 * 201, "from A1 to the far cell");
        assert_eq!(counted, calamine_cells(&container(&near)));
        let file = container(&far(65_535, 255));
        assert!(file.len() < 12_000, "{}", file.len());
        let e = check(&file, &Limits::default()).expect_err("refused");
        assert!(
            e.contains("its sheets' cells lie so far apart that reading them takes 16777216 cells")
                && e.contains("KPI_COUNCIL_MAX_CELLS"),
            "{e}"
        );
    }

    /// The text counted for the real fixtures is the text calamine makes
    /// of their cells, to the byte (LibreOffice writes every text as a
    /// shared string); both pass.
    #[test]
    fn the_fixtures_count_the_text_their_cells_hold() {
        for file in [fixture(), large()] {
            let truth = calamine_text(&file).expect("calamine reads it");
            assert!(truth > 100, "{truth}");
            let stream = stream_of(&file).expect("a stream");
            assert_eq!(held_text(&stream), Some((truth, 0)));
            assert!(check(&file, &Limits::default()).is_ok());
        }
    }

    /// One shared string of 65,535 characters named by 2,100 cells: a
    /// 100 KB file that would make calamine hold 275 MB, over the 256 MB
    /// the default limits allow. Refused, saying so; read under a limit
    /// that allows it. Counted as calamine makes it.
    #[test]
    fn a_long_shared_string_named_by_many_cells_is_refused() {
        let before = calamine_text(&fixture()).expect("read");
        let stream = shared_text_stream(65_535, 2_100, 0);
        assert_eq!(held_text(&stream), Some((before + 2_100 * 131_070, 0)));
        let file = container(&stream);
        assert!(file.len() < 110_000, "{}", file.len());
        let e = check(&file, &Limits::default()).expect_err("refused");
        let held = before + 275_247_000;
        assert!(
            e.contains(&format!("its cells naming shared strings come to {held} bytes"))
                && e.contains("KPI_COUNCIL_MAX_CELLS"),
            "{e}"
        );
        assert!(check(&file, &Limits { cells: 2_200_000, ..Limits::default() }).is_ok());
        let few = container(&shared_text_stream(65_535, 3, 0));
        assert_eq!(calamine_text(&few), Some(before + 3 * 131_070));
        assert_eq!(counted(&stream_of(&few).expect("a stream")), calamine_text(&few));
    }

    /// Empty CONTINUE records before the long string: calamine reads each
    /// as one more shared string, so the cells name the long string by a
    /// later number; counted as calamine reads them.
    #[test]
    fn empty_continue_records_number_the_strings_as_calamine_does() {
        let before = calamine_text(&fixture()).expect("read");
        let stream = shared_text_stream(65_535, 2_100, 1);
        assert_eq!(held_text(&stream), Some((before + 2_100 * 131_070, 0)));
        assert!(check(&container(&stream), &Limits::default()).is_err());
        let few = container(&shared_text_stream(65_535, 3, 2));
        assert_eq!(calamine_text(&few), Some(before + 3 * 131_070));
        assert_eq!(counted(&stream_of(&few).expect("a stream")), calamine_text(&few));
    }

    /// Cells carrying their own text (LABEL records) that announce 65,535
    /// characters and hold none: 13 bytes of the file each, for which
    /// calamine reserves 65,535 bytes. Refused.
    #[test]
    fn cells_announcing_long_texts_of_their_own_are_refused() {
        let (globals, mut sheet) = merged_parts();
        let end = sheet.len() - 1;
        let label = |row: u16| [&row.to_le_bytes()[..], &[0, 0, 0x0F, 0, 0xFF, 0xFF, 0]].concat();
        sheet.splice(end..end, (100..4_300).map(|row| (LABEL, label(row))));
        let stream = book(&globals, &sheet);
        let before = calamine_text(&fixture()).expect("read");
        assert_eq!(held_text(&stream), Some((before, 4_200 * 65_535)));
        let e = check(&container(&stream), &Limits::default()).expect_err("refused");
        assert!(e.contains("its text cells come to"), "{e}");
        // A text held whole takes the room it announces.
        let hello = [&[5, 0, 0][..], b"hello"].concat();
        let g = globals_of(&stream);
        assert_eq!(own_text(&hello, &g), 5);
        assert_eq!(own_text(&[&[5, 0, 0][..], "é".repeat(5).as_bytes()].concat()[..8], &g), 10);
    }

    fn globals_of(stream: &[u8]) -> Globals {
        globals(stream).expect("its globals")
    }

    /// A sheet named by three BOUNDSHEET records is read by calamine three
    /// times, kept under three names; its text is counted three times.
    #[test]
    fn a_sheet_named_by_several_sheet_records_is_counted_for_each() {
        let thrice = |stream: &[u8]| {
            let (mut globals, sheet) = parts_of(stream);
            let at = globals.iter().position(|(k, _)| *k == BOUNDSHEET).expect("one");
            for name in [b"B", b"C"] {
                let data = [&[0, 0, 0, 0, 0, 0, 1, 0][..], name].concat();
                globals.insert(at + 1, (BOUNDSHEET, data));
            }
            book(&globals, &sheet)
        };
        let before = calamine_text(&fixture()).expect("read");
        let stream = thrice(&shared_text_stream(65_535, 1_000, 0));
        assert_eq!(held_text(&stream), Some((3 * (before + 1_000 * 131_070), 0)));
        assert!(check(&container(&stream), &Limits::default()).is_err());
        let few = container(&thrice(&shared_text_stream(65_535, 3, 0)));
        let once = calamine_text(&container(&shared_text_stream(65_535, 3, 0))).expect("read");
        assert_eq!(calamine_text(&few), Some(3 * once));
        assert_eq!(counted(&stream_of(&few).expect("a stream")), Some(3 * once));
    }

    /// The offset of each record of a stream.
    fn offsets(stream: &[u8]) -> Vec<usize> {
        let mut at = 0;
        records_of(stream)
            .iter()
            .map(|(_, d)| {
                at += 4 + d.len();
                at - 4 - d.len()
            })
            .collect()
    }

    /// `stream` with its bytes `from..to` left out, its sheet record
    /// (before them) still pointing at its sheet (after them).
    fn cut_out(stream: &[u8], from: usize, to: usize) -> Vec<u8> {
        let at = offsets(stream)
            .into_iter()
            .find(|at| u16_at(stream, *at) == Some(BOUNDSHEET))
            .expect("its sheet record")
            + 4;
        let mut out = [&stream[..from], &stream[to..]].concat();
        let pos = u32_at(&out, at).expect("a position") - u32::try_from(to - from).expect("short");
        out[at..at + 4].copy_from_slice(&pos.to_le_bytes());
        out
    }

    /// Shared string tables damaged every way a cut or a flipped byte
    /// damages them (a table holding the fixture's strings, an empty
    /// CONTINUE record and a string of 9,000 characters over two more):
    /// no panic, and whenever calamine still reads the file, at least the
    /// text it makes is counted. A long record before the table keeps the
    /// stream out of the mini stream.
    #[test]
    fn damaged_shared_string_tables_are_counted_as_calamine_reads_them() {
        let (mut globals, sheet) = parts_of(&shared_text_stream(9_000, 3, 1));
        globals.insert(1, (0x005C, vec![b' '; 4_200]));
        let stream = book(&globals, &sheet);
        let starts = offsets(&stream);
        let sst = starts.iter().position(|at| u16_at(&stream, *at) == Some(SST)).expect("an SST");
        let end = starts[sst + 4];
        assert_eq!(u16_at(&stream, starts[sst + 3]), Some(CONTINUE), "the table's last record");
        // Every byte but those inside the long run of characters.
        let points: Vec<usize> = (starts[sst]..end)
            .filter(|at| stream[at - 1..at + 2] != [0xE9; 3] || at % 101 == 0)
            .collect();
        let mut read = 0;
        let mut agree = |damaged: &[u8], what: &str| {
            let count = counted(damaged);
            if let Some(truth) = calamine_text(&container(damaged)) {
                read += 1;
                assert!(count.is_some_and(|c| c >= truth), "{what}: {count:?} < {truth}");
            }
        };
        for at in &points {
            agree(&cut_out(&stream, *at, end), &format!("cut at {at}"));
            for flip in [0x01, 0x04, 0x08, 0x80, 0xFF] {
                let mut damaged = stream.clone();
                damaged[*at] ^= flip;
                agree(&damaged, &format!("{flip:#x} at {at}"));
            }
        }
        assert!(read > points.len(), "calamine reads many of them: {read}");
        for cut in 0..stream.len() {
            let _ = held_text(&stream[..cut]);
        }
    }

    /// `tests/data/import/xls-shared-text-bomb.xls`, which the end-to-end
    /// tests give the program, is the file built here.
    #[test]
    fn the_shared_text_fixture_is_the_file_built_here() {
        let path =
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/import/xls-shared-text-bomb.xls");
        let built = container(&shared_text_stream(65_535, 2_100, 0));
        assert!(std::fs::read(path).expect("fixture") == built);
    }

    /// `lo-recalculated.xls`'s stream: LibreOffice's save of a table whose
    /// 値 cells D3, D4 and D5 are formulas (its results computed, flagged
    /// 0), on the first of two sheets.
    fn computed() -> Vec<u8> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/formulas/lo-recalculated.xls");
        stream_of(&std::fs::read(path).expect("fixture")).expect("a stream")
    }

    /// The placeholders of the `index`th sheet of `stream`.
    fn placeholders_of(stream: &[u8], index: usize) -> Unsettled {
        placeholders(stream).get(index).copied().unwrap_or_default()
    }

    /// `stream` with each FORMULA record's data changed by `f`.
    fn with_formulas(stream: &[u8], f: impl Fn(&mut [u8])) -> Vec<u8> {
        let mut out = stream.to_vec();
        for at in offsets(stream) {
            if u16_at(stream, at) == Some(FORMULA) {
                let len = usize::from(u16_at(stream, at + 2).expect("its length"));
                f(&mut out[at + 4..at + 4 + len]);
            }
        }
        out
    }

    /// A result stored as 0 and flagged to be calculated when opened is a
    /// placeholder (Apache POI, Spreadsheet::WriteExcel); a 0 flagged as
    /// Excel and LibreOffice flag their results, or a number other than 0,
    /// was computed. The results LibreOffice computed are read.
    #[test]
    fn placeholders_are_zeros_flagged_to_be_calculated_when_opened() {
        let read = Unsettled { recalculated: true, ..Unsettled::default() };
        let stream = computed();
        assert_eq!(placeholders_of(&stream, 0), read);
        let zeros = with_formulas(&stream, |d| d[6..14].copy_from_slice(&0f64.to_le_bytes()));
        assert_eq!(placeholders_of(&zeros, 0), read, "a 0 computed");
        let flagged = with_formulas(&zeros, |d| d[14] |= 0x02);
        let all = Unsettled { count: 3, first: Some((2, 3)), recalculated: true, manual: false };
        assert_eq!(placeholders_of(&flagged, 0), all);
        assert_eq!(placeholders_of(&flagged, 1), read, "the other sheet has no formula");
        let negative = with_formulas(&flagged, |d| d[13] = 0x80);
        assert_eq!(placeholders_of(&negative, 0), all, "-0 is 0");
        // A text result (its type, then 0xFFFF) is no number.
        let text = with_formulas(&flagged, |d| d[12..14].copy_from_slice(&[0xFF, 0xFF]));
        assert_eq!(placeholders_of(&text, 0), read);
        assert_eq!(placeholders_of(&with_formulas(&stream, |d| d[14] |= 0x02), 0), read);
    }

    /// The workbook naming the calculation engine 0, or the sheet saying
    /// its formulas were not calculated: none of the sheet's results is
    /// read, whatever they are.
    #[test]
    fn a_workbook_or_sheet_asking_to_be_recalculated_settles_no_result() {
        let all = Unsettled { count: 3, first: Some((2, 3)), recalculated: true, manual: false };
        let (mut globals, mut sheets) = parts_of(&computed());
        let recalc = globals.iter().position(|(k, _)| *k == RECALCID).expect("its RECALCID");
        assert_ne!(u32_at(&globals[recalc].1, 4), Some(0), "LibreOffice's engine");
        let mut engine0 = globals.clone();
        engine0[recalc].1[4..8].copy_from_slice(&0u32.to_le_bytes());
        assert_eq!(placeholders_of(&book(&engine0, &sheets), 0), all);
        sheets.insert(1, (UNCALCED, vec![0; 4]));
        assert_eq!(placeholders_of(&book(&globals, &sheets), 0), all);
        globals.remove(recalc);
        sheets.remove(1);
        assert_eq!(placeholders_of(&book(&globals, &sheets), 0).count, 0, "no RECALCID");
    }
}
