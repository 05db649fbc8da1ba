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
//! with it), and so is one whose chains loop, which calamine reads round
//! and round.

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

/// The workbook stream of an .xls; `None` for anything that is not a
/// readable .xls.
pub(super) fn stream_of(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.get(..8) != Some(&SIGNATURE[..]) {
        return None;
    }
    workbook_stream(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::xls_records::held_text;
    use crate::import::xls_records::test_files::{announcing, calamine_text, fixture, large};
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
            let stream = workbook_stream(&bytes).expect("the workbook stream");
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
