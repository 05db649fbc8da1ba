//! How many cells an old Excel workbook (.xls) would make calamine set
//! aside, and how much text they would hold, counted before calamine opens
//! it. calamine reads every sheet when it opens an .xls and reserves room
//! for the cells each sheet's DIMENSIONS record announces: a 6 KB file
//! announcing four billion rows made the program abort, out of memory,
//! with the meeting's terminal left raw. The records are read here and the
//! file refused beyond the cells limit.
//!
//! The text is counted because it is not bounded by the file either:
//! calamine copies a shared string into every cell that names it, and
//! reserves for the text a cell carries itself every character its record
//! announces, so a 281 KB file made the program hold 5.8 GB. The file is
//! refused beyond the text budget. The shared string table and the sheets
//! are read as calamine reads them (the same records, strings and sheets),
//! so that what is counted is at least what it would hold; the count gives
//! up only where calamine fails before reading any sheet.
//!
//! Written by hand: the workbook is a Compound File (the container of
//! Office 97–2003 files) whose `Workbook` stream holds BIFF records;
//! calamine's reader of the container is private and no crate for it is in
//! the build. The container is read as calamine reads it (entries found by
//! their name alone, the mini stream below 4,096 bytes whatever the header
//! says, chains read to their end or their stated length, sectors cut short
//! by the end of the file), since a stream found otherwise is not the one
//! calamine reads. Every offset is checked and every chain bounded; a file
//! calamine cannot read is passed on (calamine then says what is wrong
//! with it), and so is one whose chains loop, which calamine reads round
//! and round.

/// The container's signature: the first eight bytes of every .xls.
const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// The sector number that ends a chain.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// DIFAT sectors are read while the next one's number is below this.
const RESERVED: u32 = 0xFFFF_FFFA;
/// Allocation table sectors are read when their number is below this.
const DIFSECT: u32 = 0xFFFF_FFFC;
/// The BIFF record that announces a sheet's extent.
const DIMENSIONS: u16 = 0x0200;
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
const FILEPASS: u16 = 0x002F;
const CODEPAGE: u16 = 0x0042;
const BOUNDSHEET: u16 = 0x0085;
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The file as calamine's reader of the container reads it: in order,
/// one reader shared by the sectors and the mini sectors.
struct Reader<'a> {
    file: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// Up to `n` bytes from where the reader is.
    fn read(&mut self, n: usize) -> &'a [u8] {
        let from = self.at.min(self.file.len());
        self.at = from.saturating_add(n).min(self.file.len());
        &self.file[from..self.at]
    }
}

/// Sectors as calamine's `Sectors` holds them: what the reader gave so
/// far, read on as far as the sector asked for. A sector that runs past
/// the end of what can be read is cut short the first time it is asked
/// for, and filled with zeros after.
struct Sectors {
    data: Vec<u8>,
    size: usize,
    /// The last sector number calamine reads.
    last: u64,
}

impl Sectors {
    /// Sector `id`; `None` where calamine fails (a number past the last)
    /// or panics (a sector that starts past what can be read).
    fn get(&mut self, id: u32, r: &mut Reader<'_>) -> Option<&[u8]> {
        if u64::from(id) > self.last {
            return None;
        }
        let start = usize::try_from(id).ok()?.checked_mul(self.size)?;
        let end = start.checked_add(self.size)?;
        if end > self.data.len() {
            let more = r.read(end - self.data.len());
            self.data.extend_from_slice(more);
            let read = self.data.len();
            self.data.resize(end, 0);
            if read < end {
                return self.data.get(start..read);
            }
        }
        self.data.get(start..end)
    }
}

/// Why a chain was not read: calamine fails on it, or it loops (calamine
/// then reads it round and round up to the length stated, without end for
/// the directory).
enum Broken {
    Fails,
    Loops,
}

/// The bytes of the chain from `start` along `table`, as calamine's
/// `get_chain` reads them: to the end of the chain, or `len` bytes.
fn chain(
    sectors: &mut Sectors,
    r: &mut Reader<'_>,
    table: &[u32],
    start: u32,
    len: usize,
) -> Result<Vec<u8>, Broken> {
    let (mut out, mut id) = (Vec::new(), start);
    // Without a loop a chain visits each sector once.
    for _ in 0..=sectors.last.saturating_add(1) {
        if id == END_OF_CHAIN {
            return Ok(out);
        }
        let sector = sectors.get(id, r).ok_or(Broken::Fails)?;
        out.extend_from_slice(&sector[..sector.len().min(len - out.len())]);
        if out.len() >= len {
            return Ok(out);
        }
        id = *usize::try_from(id).ok().and_then(|i| table.get(i)).ok_or(Broken::Fails)?;
    }
    Err(Broken::Loops)
}

/// Little-endian numbers of four bytes; `None` for a length calamine
/// does not accept (it asserts a multiple of four).
fn numbers(b: &[u8]) -> Option<impl Iterator<Item = u32> + '_> {
    b.len().is_multiple_of(4).then(|| b.chunks_exact(4).filter_map(|c| u32_at(c, 0)))
}

/// A directory entry's name as calamine reads it: all 64 bytes decoded as
/// UTF-16, a byte-order mark at their start changing the decoding, and
/// cut at the first NUL.
fn entry_name(e: &[u8]) -> String {
    let b = e.get(..64).unwrap_or_default();
    let utf16 = |b: &[u8], read: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = b.chunks_exact(2).map(|c| read([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    };
    let name = if let Some(rest) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, u16::from_be_bytes)
    } else {
        utf16(b.strip_prefix(&[0xFF, 0xFE]).unwrap_or(b), u16::from_le_bytes)
    };
    name.split('\0').next().unwrap_or_default().to_string()
}

/// A directory entry's stream length (eight bytes with 4,096-byte sectors).
fn entry_len(e: &[u8], size: usize) -> Option<usize> {
    let len = if size == 512 {
        u64::from(u32_at(e, 0x78)?)
    } else {
        u64::from_le_bytes(e.get(0x78..0x80)?.try_into().ok()?)
    };
    usize::try_from(len).ok()
}

/// The allocation table, as calamine reads it: the sectors listed in the
/// header and along the chain of DIFAT sectors (each ending with the next
/// one's number). A chain's sectors are looked up in it only below the
/// last sector number, so no more is kept (calamine keeps a number for
/// every sector listed, which may be listed many times).
fn allocation_table(header: &[u8], sectors: &mut Sectors, r: &mut Reader<'_>) -> Option<Vec<u32>> {
    let mut listed: Vec<u32> = numbers(header.get(0x4C..512)?)?.collect();
    let mut next = u32_at(header, 0x44)?;
    let mut read = 0u64;
    while next < RESERVED {
        read += 1;
        if read > sectors.last.saturating_add(1) {
            return None;
        }
        listed.extend(numbers(sectors.get(next, r)?)?);
        next = listed.pop()?;
    }
    let keep = usize::try_from(sectors.last.saturating_add(1)).ok()?;
    let mut table = Vec::new();
    for id in listed.into_iter().filter(|id| *id < DIFSECT) {
        let numbers = numbers(sectors.get(id, r)?)?;
        table.extend(numbers.take(keep.saturating_sub(table.len())));
    }
    Some(table)
}

/// The `Workbook` (or BIFF5 `Book`) stream of an .xls, read as calamine
/// reads it; `None` when calamine cannot read it, and for a chain that
/// loops.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    read_container(bytes).ok()
}

/// What calamine fails on.
fn or_fails<T>(value: Option<T>) -> Result<T, Broken> {
    value.ok_or(Broken::Fails)
}

/// The `Workbook` (or `Book`) stream of an .xls, or why it is not read.
fn read_container(bytes: &[u8]) -> Result<Vec<u8>, Broken> {
    let header = or_fails(bytes.get(..512))?;
    let size = match or_fails(u16_at(header, 0x1E))? {
        9 => 512,
        12 => 4096,
        _ => return Err(Broken::Fails),
    };
    if u16_at(header, 0x20) != Some(6) || bytes.len() < size {
        return Err(Broken::Fails);
    }
    let r = &mut Reader { file: bytes, at: size };
    let last = or_fails(u64::try_from(bytes.len() / size).ok())?;
    let sectors = &mut Sectors { data: Vec::new(), size, last };
    let table = or_fails(allocation_table(header, sectors, r))?;
    let directory = chain(sectors, r, &table, or_fails(u32_at(header, 0x30))?, usize::MAX)?;
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let root = or_fails(entries.first())?;
    let root_start = or_fails(u32_at(root, 0x74))?;
    if u16_at(header, 0x1A) != Some(3) && root_start == END_OF_CHAIN {
        return Err(Broken::Fails);
    }
    // The mini stream (the root entry's chain) and its table, when stated.
    let mini_table_len = or_fails(u32_at(header, 0x40).and_then(|n| usize::try_from(n).ok()))?;
    let (mini, mini_table) = if mini_table_len > 0 {
        let mini = chain(sectors, r, &table, root_start, or_fails(entry_len(root, size))?)?;
        let len = or_fails(mini_table_len.checked_mul(size))?;
        let mini_table = chain(sectors, r, &table, or_fails(u32_at(header, 0x3C))?, len)?;
        (mini, or_fails(numbers(&mini_table))?.collect())
    } else {
        (Vec::new(), Vec::new())
    };
    let minis = &mut Sectors { data: mini, size: 64, last: last.saturating_mul(8) };
    // Entries are found by name alone, the first that has it; when the
    // `Workbook` stream cannot be read, calamine tries `Book`.
    for name in ["Workbook", "Book"] {
        let Some(e) = entries.iter().find(|e| entry_name(e).eq_ignore_ascii_case(name)) else {
            continue;
        };
        let (start, len) = (or_fails(u32_at(e, 0x74))?, or_fails(entry_len(e, size))?);
        let stream = if len < 4096 {
            chain(minis, r, &mini_table, start, len)
        } else {
            chain(sectors, r, &table, start, len)
        };
        match stream {
            Err(Broken::Fails) => (),
            read => return read,
        }
    }
    Err(Broken::Fails)
}

/// The cells calamine sets aside for one DIMENSIONS record, computed as it
/// does (its `parse_dimensions`, then rows × columns, in 32-bit arithmetic).
fn reserved(data: &[u8]) -> u64 {
    let (rf, rl, cf, cl) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        _ => return 0,
    };
    let cf = if 0xFF < cf || cl < cf { 0 } else { cf };
    if rl == 0 || cl == 0 {
        return 1;
    }
    let rows = u64::from((rl - 1).wrapping_sub(rf).wrapping_add(1));
    let columns = u64::from((cl - 1).wrapping_sub(cf).wrapping_add(1));
    rows.saturating_mul(columns)
}

/// The workbook stream of an .xls; `None` for anything that is not a
/// readable .xls.
fn stream_of(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.get(..8) != Some(&SIGNATURE[..]) {
        return None;
    }
    workbook_stream(bytes)
}

/// The cells the sheets of a workbook stream announce together.
fn announced(stream: &[u8]) -> u64 {
    let (mut at, mut total) = (0usize, 0u64);
    while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let data = stream.get(at + 4..at + 4 + usize::from(len)).unwrap_or_default();
        if kind == DIMENSIONS {
            total = total.saturating_add(reserved(data));
        }
        at += 4 + usize::from(len);
    }
    total
}

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
}

/// The globals, read as calamine reads them up to their EOF record; `None`
/// where calamine fails or panics before reading any sheet (an encrypted
/// file, broken records, a damaged shared string table).
fn globals(stream: &[u8]) -> Option<Globals> {
    let mut g =
        Globals { code: Code::Utf16Le, biff8: true, sheets: Vec::new(), shared: Vec::new() };
    for r in Records::new(stream) {
        let r = r.ok()?;
        match r.kind {
            FILEPASS if u16_at(r.data, 0)? != 0 => return None,
            CODEPAGE => g.code = Code::of(u16_at(r.data, 0)?),
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
            SST => g.shared = shared_strings(&r, g.code)?,
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
fn held_text(stream: &[u8]) -> Option<(u64, u64)> {
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
fn held_cells(stream: &[u8]) -> Option<u64> {
    let g = globals(stream)?;
    let mut counted = std::collections::BTreeMap::new();
    Some(g.sheets.iter().fold(0u64, |total, pos| {
        total.saturating_add(*counted.entry(*pos).or_insert_with(|| sheet_cells(stream, *pos, &g)))
    }))
}

/// Refuses an .xls whose sheets announce together more cells than
/// `limits` allow, or whose cells would hold more text than the text
/// budget. Anything that is not a readable .xls passes: calamine reports
/// it.
pub fn check(bytes: &[u8], limits: &crate::store::limits::Limits) -> Result<(), String> {
    let Some(stream) = stream_of(bytes) else { return Ok(()) };
    let total = announced(&stream);
    if total > u64::try_from(limits.cells).unwrap_or(u64::MAX) {
        return Err(limits.cells_message((
            format!(
                "Excel 97-2003 のブックが大きすぎて読めません（シートの大きさの記録が {total} セルを示します）"
            ),
            format!(
                "the Excel 97-2003 workbook is too large to read: its sheets announce {total} cells"
            ),
        )));
    }
    let cells = held_cells(&stream).unwrap_or(0);
    if cells > u64::try_from(limits.cells).unwrap_or(u64::MAX) {
        return Err(limits.cells_message((
            format!(
                "Excel 97-2003 のブックが大きすぎて読めません（シートのセルが離れて置かれ、読むと {cells} セルの範囲になります）"
            ),
            format!(
                "the Excel 97-2003 workbook is too large to read: its sheets' cells lie so far apart that reading them takes {cells} cells"
            ),
        )));
    }
    let (shared, own) = held_text(&stream).unwrap_or((0, 0));
    let held = shared.saturating_add(own);
    if held > limits.text_budget() {
        // Where the text comes from, when it all comes from one place.
        let (ja, en) = if own == 0 {
            ("共有文字列を指すセル", "its cells naming shared strings")
        } else {
            ("文字列のセル", "its text cells")
        };
        return Err(limits.text_message(
            held,
            (
                format!(
                    "Excel 97-2003 のブックのテキストが多すぎて読めません（{ja}が合わせて {held} バイトになります）"
                ),
                format!(
                    "the Excel 97-2003 workbook holds too much text to read: {en} come to {held} bytes"
                ),
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::limits::Limits;

    fn fixture() -> Vec<u8> {
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/actuals/merged.xls"))
            .expect("fixture")
    }

    /// The fixture with its one DIMENSIONS record announcing `rows` rows.
    fn announcing(rows: u32) -> Vec<u8> {
        let mut bytes = fixture();
        let header = [0x00, 0x02, 0x0E, 0x00];
        let at: Vec<usize> =
            bytes.windows(4).enumerate().filter(|(_, w)| *w == header).map(|(i, _)| i).collect();
        assert_eq!(at.len(), 1, "one DIMENSIONS record, whole in the file");
        bytes[at[0] + 8..at[0] + 12].copy_from_slice(&rows.to_le_bytes());
        bytes
    }

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
        let entry = |name: &str, kind: u8, child: u32, start: u32, len: usize| {
            let mut e = vec![0u8; 128];
            let units: Vec<u8> =
                name.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
            e[..units.len()].copy_from_slice(&units);
            e[0x40..0x42]
                .copy_from_slice(&u16::try_from(units.len()).expect("short").to_le_bytes());
            e[0x42] = kind;
            e[0x43] = 1;
            for (at, v) in [(0x44, FREE), (0x48, FREE), (0x4C, child), (0x74, start)] {
                e[at..at + 4].copy_from_slice(&v.to_le_bytes());
            }
            e[0x78..0x7C].copy_from_slice(&n(len).to_le_bytes());
            e
        };
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

    /// The text calamine holds for the cells of `file`: the bytes of
    /// every text cell of every sheet. `None` when it cannot read the file
    /// (or panics on it).
    fn calamine_text(file: &[u8]) -> Option<u64> {
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

    /// The text counted for a stream, shared and own together.
    fn counted(stream: &[u8]) -> Option<u64> {
        held_text(stream).map(|(s, o)| s + o)
    }

    /// Both places a stream lives: the small fixture's in the mini stream,
    /// LibreOffice's 300 rows in sectors of their own. Each begins with a
    /// BOF record and announces its sheet as LibreOffice wrote it.
    #[test]
    fn the_workbook_stream_is_found_in_small_and_large_files() {
        let large = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/import/actuals-300-rows.xls"
        ))
        .expect("fixture");
        for (bytes, cutoff_side) in [(fixture(), "below"), (large.clone(), "above")] {
            let stream = workbook_stream(&bytes).expect("the workbook stream");
            assert_eq!(u16_at(&stream, 0), Some(0x0809), "{cutoff_side}: a BOF record first");
            assert_eq!(stream.len() >= 4096, cutoff_side == "above", "{}", stream.len());
            assert!(check(&bytes, &Limits::default()).is_ok());
        }
        // 300 records and the header, eight columns.
        assert_eq!(announced(&stream_of(&large).expect("a stream")), 301 * 8);
    }

    /// Four billion rows announced: refused before calamine reserves them
    /// (it aborted, out of memory); a small announcement passes.
    #[test]
    fn a_sheet_announcing_billions_of_cells_is_refused() {
        let e = check(&announcing(4_000_000_000), &Limits::default()).expect_err("refused");
        assert!(e.contains("too large to read") && e.contains("KPI_COUNCIL_MAX_CELLS"), "{e}");
        assert!(check(&announcing(100), &Limits::default()).is_ok());
    }

    /// Damaged containers pass (calamine says what is wrong) without a panic.
    #[test]
    fn a_damaged_container_passes_without_a_panic() {
        let good = fixture();
        for cut in [0, 8, 100, 512, 600, 2048, good.len() / 2, good.len() - 1] {
            assert!(check(&good[..cut], &Limits::default()).is_ok(), "cut at {cut}");
        }
        for at in (0x1E..0x80).step_by(2) {
            let mut bad = good.clone();
            bad[at] ^= 0xFF;
            let _ = check(&bad, &Limits::default());
        }
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

    fn large() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/import/actuals-300-rows.xls"
        ))
        .expect("fixture")
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

    /// The large fixture with its sheet announcing four billion rows.
    fn large_announcing_billions() -> Vec<u8> {
        let mut bytes = large();
        let header = [0x00, 0x02, 0x0E, 0x00];
        let at = bytes.windows(4).position(|w| w == header).expect("its DIMENSIONS record");
        bytes[at + 8..at + 12].copy_from_slice(&4_000_000_000u32.to_le_bytes());
        bytes
    }

    /// The file offset of the `Workbook` directory entry of a fixture
    /// (whose directory is one sector).
    fn workbook_entry(bytes: &[u8]) -> usize {
        let directory = 512 * (1 + u32_at(bytes, 0x30).expect("a directory") as usize);
        (directory..directory + 512)
            .step_by(128)
            .find(|e| entry_name(&bytes[*e..]) == "Workbook")
            .expect("its entry")
    }

    /// Container fields calamine does not read, or reads otherwise than a
    /// reader of the format might: the name's stated length, the mini
    /// stream's cutoff in the header, the entry's kind, a stream length
    /// past the end of its chain (calamine reads to the end of the chain),
    /// a last sector cut short. Each edit of the sheet announcing billions
    /// of rows (its stream in the mini stream, or in sectors of its own)
    /// is still refused, and of the fixture still counts its text.
    #[test]
    fn the_container_is_read_as_calamine_reads_it() {
        type Edit = fn(&mut Vec<u8>, usize);
        let edits: [(&str, Edit); 5] = [
            ("name length", |b, e| b[e + 0x40..e + 0x42].fill(0)),
            ("cutoff", |b, _| b[0x38..0x3C].fill(0xFF)),
            ("kind", |b, e| b[e + 0x42] = 1),
            ("length", |b, e| {
                let len = u32_at(b, e + 0x78).expect("a length") + 1_000;
                b[e + 0x78..e + 0x7C].copy_from_slice(&len.to_le_bytes());
            }),
            ("cut", |b, _| b.truncate(b.len() - 100)),
        ];
        for (what, edit) in edits {
            for bomb in [announcing(4_000_000_000), large_announcing_billions()] {
                let mut bytes = bomb;
                let entry = workbook_entry(&bytes);
                edit(&mut bytes, entry);
                let e = check(&bytes, &Limits::default()).expect_err(what);
                assert!(e.contains("too large to read"), "{what}: {e}");
            }
            let mut bytes = large();
            edit(&mut bytes, workbook_entry(&large()));
            let truth = calamine_text(&bytes).expect(what);
            let stream = stream_of(&bytes).expect(what);
            assert_eq!(held_text(&stream), Some((truth, 0)), "{what}");
        }
    }

    /// Containers damaged every way a flipped byte in the header, the
    /// directory or the allocation table damages them, or a cut: no panic,
    /// and whenever calamine still reads the file, at least the text it
    /// makes is counted.
    #[test]
    fn damaged_containers_are_read_as_calamine_reads_them() {
        let good = large();
        let sector = |n: u32| 512 * (1 + n as usize);
        let directory = sector(u32_at(&good, 0x30).expect("a directory"));
        let tables = (0..109).filter_map(|i| u32_at(&good, 0x4C + 4 * i)).filter(|n| *n < RESERVED);
        let mut places: Vec<usize> = (0..512).chain(directory..directory + 512).collect();
        for table in tables {
            places.extend((sector(table)..sector(table) + 512).step_by(3));
        }
        let (mut read, mut tried) = (0, 0);
        let mut agree = |bytes: &[u8], what: &str| {
            tried += 1;
            // calamine reads a chain that loops round and round.
            if matches!(read_container(bytes), Err(Broken::Loops)) {
                return;
            }
            let count = stream_of(bytes).and_then(|s| held_text(&s)).map(|(s, o)| s + o);
            if let Some(truth) = calamine_text(bytes) {
                read += 1;
                assert!(count.is_some_and(|c| c >= truth), "{what}: {count:?} < {truth}");
            }
        };
        for at in places {
            for flip in [0x01, 0x80, 0xFF] {
                let mut bad = good.clone();
                bad[at] ^= flip;
                agree(&bad, &format!("{flip:#x} at {at}"));
            }
        }
        for cut in (0..good.len()).step_by(61).chain((512..good.len()).step_by(512)) {
            agree(&good[..cut], &format!("cut at {cut}"));
        }
        assert!(read * 4 > tried, "calamine reads many of them: {read} of {tried}");
    }
}
