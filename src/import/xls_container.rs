//! The `Workbook` stream of an old Excel workbook (.xls), found in its
//! Compound File container as calamine finds it.
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
//! with it). One whose chains loop is not: calamine reads such a chain
//! round and round, without end for the directory and up to the length
//! stated for a stream, so that a 56 KB file made the program abort, out
//! of memory, and another made it hold 4.2 GB. A chain that loops is told
//! apart when what calamine would read of it is more than the whole file.
//! Nor is one whose allocation table lists the same sectors over and over,
//! which calamine keeps each time (a 40 MB file aborted the program):
//! refused when that is more than the whole file.

/// The container's signature: the first eight bytes of every .xls.
pub(super) const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// The sector number that ends a chain.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// DIFAT sectors are read while the next one's number is below this.
const RESERVED: u32 = 0xFFFF_FFFA;
/// Allocation table sectors are read when their number is below this.
const DIFSECT: u32 = 0xFFFF_FFFC;

pub(super) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

pub(super) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
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

/// Why the container was not read: calamine fails on it; a chain loops
/// and calamine would read more of it than the whole file (it reads it
/// round and round up to the length stated, without end for the
/// directory); or the allocation table lists the same sectors so many
/// times that calamine would keep more of it than the whole file.
#[derive(Debug)]
pub(super) enum Broken {
    Fails,
    Loops,
    Repeats,
    /// Two entries of the name calamine reads: it reads the first found,
    /// wherever it is; another program the one in the root.
    Twice,
}

/// The bytes of the chain from `start` along `table`, as calamine's
/// `get_chain` reads them: to the end of the chain, or `len` bytes.
///
/// Without a loop a chain visits each sector once, and holds less than
/// the file. One that visits more sectors than there are has come back to
/// a sector it passed: from then on it goes round the same sectors, each
/// read whole, and calamine reads it to `len`. It is read so when `len` is
/// within the file's size, and is `Broken::Loops` when it is more.
fn chain(
    sectors: &mut Sectors,
    r: &mut Reader<'_>,
    table: &[u32],
    start: u32,
    len: usize,
) -> Result<Vec<u8>, Broken> {
    let (mut out, mut id, mut visits) = (Vec::new(), start, 0u64);
    while id != END_OF_CHAIN {
        visits += 1;
        if visits > sectors.last.saturating_add(1) && len > r.file.len() {
            return Err(Broken::Loops);
        }
        let sector = sectors.get(id, r).ok_or(Broken::Fails)?;
        out.extend_from_slice(&sector[..sector.len().min(len - out.len())]);
        if out.len() >= len {
            break;
        }
        id = *usize::try_from(id).ok().and_then(|i| table.get(i)).ok_or(Broken::Fails)?;
    }
    Ok(out)
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
/// last sector number, so no more is kept.
///
/// calamine keeps every sector listed, each time it is listed. Listing
/// each once, a file holds its whole table; listing the same sectors over
/// and over (a DIFAT sector lists 127, or 1,023 in sectors of 4,096
/// bytes) makes calamine keep the table that many times, and is
/// `Broken::Repeats` when what it keeps is more than the whole file.
fn allocation_table(
    header: &[u8],
    sectors: &mut Sectors,
    r: &mut Reader<'_>,
) -> Result<Vec<u32>, Broken> {
    let mut listed: Vec<u32> = or_fails(header.get(0x4C..512).and_then(numbers))?.collect();
    let mut next = or_fails(u32_at(header, 0x44))?;
    let mut read = 0u64;
    while next < RESERVED {
        read += 1;
        if read > sectors.last.saturating_add(1) {
            return Err(Broken::Fails);
        }
        listed.extend(or_fails(sectors.get(next, r).and_then(numbers))?);
        next = or_fails(listed.pop())?;
    }
    let keep = or_fails(usize::try_from(sectors.last.saturating_add(1)).ok())?;
    let (mut table, mut held) = (Vec::new(), 0usize);
    for id in listed.into_iter().filter(|id| *id < DIFSECT) {
        let sector = or_fails(sectors.get(id, r))?;
        let numbers = or_fails(numbers(sector))?;
        held = held.saturating_add(sector.len());
        if held > r.file.len() {
            return Err(Broken::Repeats);
        }
        table.extend(numbers.take(keep.saturating_sub(table.len())));
    }
    Ok(table)
}

/// What calamine fails on.
fn or_fails<T>(value: Option<T>) -> Result<T, Broken> {
    value.ok_or(Broken::Fails)
}

/// The `Workbook` (or BIFF5 `Book`) stream of an .xls, read as calamine
/// reads it, or why it is not read.
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
    let table = allocation_table(header, sectors, r)?;
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
        let mut named = entries.iter().filter(|e| entry_name(e).eq_ignore_ascii_case(name));
        let Some(e) = named.next() else {
            continue;
        };
        if named.next().is_some() {
            return Err(Broken::Twice);
        }
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

/// The workbook stream of an .xls: `Broken::Fails` for anything that is
/// not an .xls calamine can read, `Broken::Loops` for one whose chains
/// loop past the file's size, `Broken::Repeats` for one whose allocation
/// table is listed past it.
pub(super) fn stream_of(bytes: &[u8]) -> Result<Vec<u8>, Broken> {
    if bytes.get(..8) != Some(&SIGNATURE[..]) {
        return Err(Broken::Fails);
    }
    read_container(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::xls_records::held_text;
    use crate::import::xls_records::test_files::{
        announcing, calamine_text, entry, fixture, large,
    };
    use crate::import::xls_size::{announced, check};
    use crate::store::limits::Limits;

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
            let stream = read_container(&bytes).expect("the workbook stream");
            assert_eq!(u16_at(&stream, 0), Some(0x0809), "{cutoff_side}: a BOF record first");
            assert_eq!(stream.len() >= 4096, cutoff_side == "above", "{}", stream.len());
            assert!(check(&bytes, &Limits::default()).is_ok());
        }
        // 300 records and the header, eight columns.
        assert_eq!(announced(&stream_of(&large).expect("a stream")), 301 * 8);
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
            // Refused: calamine would read a chain that loops round and
            // round, or keep a table listed over and over.
            if matches!(read_container(bytes), Err(Broken::Loops | Broken::Repeats)) {
                return;
            }
            let count = stream_of(bytes).ok().and_then(|s| held_text(&s)).map(|(s, o)| s + o);
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

    /// The allocation table of both fixtures: their sector 0.
    const TABLE: usize = 512;

    /// The number at `at` of `bytes` set to `value`.
    fn put(bytes: &mut [u8], at: usize, value: u32) {
        bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    /// The chain whose first sector is the number at `from`, along the
    /// table at `table` (offsets in `bytes`), made to loop: its last sector
    /// leads back to its first.
    fn looped(bytes: &mut [u8], table: usize, from: usize) {
        let start = u32_at(bytes, from).expect("a start");
        let mut last = start;
        while let Some(next) = u32_at(bytes, table + 4 * last as usize) {
            if next == END_OF_CHAIN {
                break;
            }
            last = next;
        }
        put(bytes, table + 4 * last as usize, start);
    }

    /// The loop refusal, in English.
    fn refused_for_a_loop(bytes: &[u8]) -> bool {
        check(bytes, &Limits::default()).is_err_and(|e| e.contains("a chain inside it loops"))
    }

    /// A loop in each chain calamine reads without bound: the directory,
    /// read to its end, and a stream in sectors of its own, the mini
    /// stream and the mini stream's table, each stated to be 4 GB long.
    /// calamine went round and round: the large fixture with its directory
    /// looping (56 KB) made the program abort, out of memory, and with its
    /// stream looping made it hold 4.2 GB. Each is refused, saying why.
    #[test]
    fn chains_that_loop_past_the_file_are_refused() {
        const FOUR_GB: u32 = 0xFFFF_FF00;
        type Edit = fn(&mut Vec<u8>);
        let edits: [(&str, Vec<u8>, Edit); 5] = [
            ("the large fixture's directory", large(), |b| looped(b, TABLE, 0x30)),
            ("the small fixture's directory", fixture(), |b| looped(b, TABLE, 0x30)),
            ("the stream", large(), |b| {
                let e = workbook_entry(b);
                looped(b, TABLE, e + 0x74);
                put(b, e + 0x78, FOUR_GB);
            }),
            ("the mini stream", fixture(), |b| {
                // The root entry, first in the directory.
                let e = 512 * (1 + u32_at(b, 0x30).expect("a directory") as usize);
                looped(b, TABLE, e + 0x74);
                put(b, e + 0x78, FOUR_GB);
            }),
            ("the mini stream's table", fixture(), |b| {
                looped(b, TABLE, 0x3C);
                // Sectors of 512 bytes: 4 GB.
                put(b, 0x40, 0x0080_0000);
            }),
        ];
        for (what, mut bytes, edit) in edits {
            edit(&mut bytes);
            assert!(matches!(read_container(&bytes), Err(Broken::Loops)), "{what}");
            let e = check(&bytes, &Limits::default()).expect_err(what);
            assert_eq!(
                e,
                "the Excel 97-2003 file is damaged: a chain inside it loops; open it in Excel or LibreOffice and save it again",
                "{what}"
            );
        }
    }

    /// A Compound File in sectors of 4,096 bytes holding `stream` (below
    /// 4,096 bytes) as its `Workbook` stream, stated `len` bytes long, in
    /// the mini stream: the allocation table, the directory, the mini
    /// stream's table, the mini stream. With `looping`, the stream's last
    /// mini sector leads back to its first.
    fn in_large_sectors(stream: &[u8], len: usize, looping: bool) -> Vec<u8> {
        const FREE: u32 = 0xFFFF_FFFF;
        let minis = stream.len().div_ceil(64);
        let n = |i: usize| u32::try_from(i).expect("a number");
        let mut header = vec![0u8; 4096];
        header[..8].copy_from_slice(&SIGNATURE);
        header[0x18..0x22].copy_from_slice(&[0x3E, 0, 4, 0, 0xFE, 0xFF, 12, 0, 6, 0]);
        for (at, value) in [(0x2C, 1), (0x30, 1), (0x38, 4096), (0x3C, 2), (0x40, 1)] {
            put(&mut header, at, value);
        }
        put(&mut header, 0x44, END_OF_CHAIN);
        header[0x4C..0x200].fill(0xFF);
        put(&mut header, 0x4C, 0);
        let mut table = vec![FREE; 1024];
        table[..4].copy_from_slice(&[0xFFFF_FFFD, END_OF_CHAIN, END_OF_CHAIN, END_OF_CHAIN]);
        let mut mini_table = vec![FREE; 1024];
        for (i, next) in mini_table.iter_mut().enumerate().take(minis) {
            *next = match i + 1 {
                end if end < minis => n(end),
                _ if looping => 0,
                _ => END_OF_CHAIN,
            };
        }
        let mut directory = entry("Root Entry", 5, 1, 3, 64 * minis);
        directory.extend(entry("Workbook", 2, FREE, 0, len));
        directory.resize(4096, 0);
        let numbers = |t: &[u32]| t.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>();
        let mut mini = stream.to_vec();
        mini.resize(4096, 0);
        [header, numbers(&table), directory, numbers(&mini_table), mini].concat()
    }

    /// A loop read to a length within the file's size: calamine reads it
    /// round and round to that length, and so is it read here, not refused
    /// nor passed on. The small fixture's stream announcing billions of
    /// rows, in a file of 4,096-byte sectors (20 KB), its mini chain led
    /// back to its start and its length stated as 4,000 bytes: refused as
    /// too large, as without the loop (passed on as a loop, calamine would
    /// read its sheet and abort). The large fixture's stream led back to
    /// its start from its 20th sector: its first 20 sectors over and over.
    #[test]
    fn chains_that_loop_within_the_file_are_read_round() {
        let stream = stream_of(&announcing(4_000_000_000)).expect("a stream");
        let honest = in_large_sectors(&stream, stream.len(), false);
        let looping = in_large_sectors(&stream, 4_000, true);
        assert_eq!(looping.len(), 20_480);
        for (bytes, len) in [(honest, stream.len()), (looping, 4_000)] {
            assert_eq!(read_container(&bytes).expect("read").len(), len);
            let e = check(&bytes, &Limits::default()).expect_err("refused");
            assert!(e.contains("too large to read"), "{e}");
        }
        let fixture_stream = stream_of(&fixture()).expect("a stream");
        let honest = in_large_sectors(&fixture_stream, fixture_stream.len(), false);
        assert_eq!(calamine_text(&honest), calamine_text(&fixture()), "calamine reads the file");

        let mut bytes = large();
        let e = workbook_entry(&bytes);
        let start = u32_at(&bytes, e + 0x74).expect("a start");
        let len = u32_at(&bytes, e + 0x78).expect("a length") as usize;
        let mut twentieth = start;
        for _ in 1..20 {
            twentieth = u32_at(&bytes, TABLE + 4 * twentieth as usize).expect("next");
        }
        put(&mut bytes, TABLE + 4 * twentieth as usize, start);
        let stream = read_container(&bytes).expect("read round");
        assert_eq!(stream.len(), len);
        assert!(stream[20 * 512..] == stream[..len - 20 * 512]);
        assert!(!refused_for_a_loop(&bytes));
    }

    /// The honest fixtures, and the text bomb built by the tests, have no
    /// loop: each stream is read to its stated length.
    #[test]
    fn honest_files_are_not_taken_for_loops() {
        let bomb = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/import/xls-shared-text-bomb.xls"
        ))
        .expect("fixture");
        for (what, bytes) in [("merged", fixture()), ("300 rows", large()), ("bomb", bomb)] {
            let len = u32_at(&bytes, workbook_entry(&bytes) + 0x78).expect("a length") as usize;
            assert_eq!(read_container(&bytes).expect(what).len(), len, "{what}");
            assert!(!refused_for_a_loop(&bytes), "{what}");
        }
        assert!(check(&fixture(), &Limits::default()).is_ok());
        assert!(check(&large(), &Limits::default()).is_ok());
    }

    /// The large fixture with `n` DIFAT sectors after it, each listing the
    /// sector `id` 127 times.
    fn listing(id: u32, n: u32) -> Vec<u8> {
        let mut bytes = large();
        let first = u32::try_from(bytes.len() / 512 - 1).expect("a sector");
        for i in 0..n {
            let next = if i + 1 < n { first + i + 1 } else { END_OF_CHAIN };
            bytes.extend(id.to_le_bytes().repeat(127));
            bytes.extend(next.to_le_bytes());
        }
        put(&mut bytes, 0x44, first);
        put(&mut bytes, 0x48, n);
        bytes
    }

    /// DIFAT sectors listing the allocation table over and over: calamine
    /// keeps the table each time it is listed, so that the large fixture
    /// with 80,000 of them (40 MB) made the program abort, out of memory,
    /// and with 8,000 (4 MB) hold 546 MB. Refused, saying why, as soon as
    /// what calamine keeps is more than the file, from one such sector on.
    /// DIFAT sectors listing no sector change nothing.
    #[test]
    fn an_allocation_table_listed_over_and_over_is_refused() {
        for n in [1, 8_000] {
            let bytes = listing(0, n);
            assert!(matches!(read_container(&bytes), Err(Broken::Repeats)), "{n}");
            assert_eq!(
                check(&bytes, &Limits::default()).expect_err("refused"),
                "the Excel 97-2003 file is damaged: its allocation table lists the same sectors over and over; open it in Excel or LibreOffice and save it again",
            );
        }
        let free = listing(0xFFFF_FFFF, 2);
        assert!(read_container(&free).expect("read") == read_container(&large()).expect("read"));
        assert_eq!(calamine_text(&free), calamine_text(&large()), "calamine reads the file");
    }
}
