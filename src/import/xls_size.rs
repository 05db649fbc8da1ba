//! How many cells an old Excel workbook (.xls) would make calamine set
//! aside, counted before calamine opens it. calamine reads every sheet when
//! it opens an .xls and reserves room for the cells each sheet's DIMENSIONS
//! record announces: a 6 KB file announcing four billion rows made the
//! program abort, out of memory, with the meeting's terminal left raw. The
//! records are read here and the file refused beyond the cells limit.
//!
//! Written by hand, and small: the workbook is a Compound File (the
//! container of Office 97–2003 files) whose `Workbook` stream holds BIFF
//! records; calamine's reader of the container is private and no crate for
//! it is in the build. Only what finding the stream needs is read, every
//! offset checked and every chain bounded, so that a damaged file is simply
//! passed on (calamine then says what is wrong with it).

/// The container's signature: the first eight bytes of every .xls.
const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Sector numbers at and above this end a chain or mark a special sector.
const MAX_SECTOR: u32 = 0xFFFF_FFFA;
/// The BIFF record that announces a sheet's extent.
const DIMENSIONS: u16 = 0x0200;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The container: its bytes, sector size and allocation table.
struct Container<'a> {
    bytes: &'a [u8],
    shift: u32,
    fat: Vec<u32>,
}

impl Container<'_> {
    fn sector(&self, n: u32) -> Option<&[u8]> {
        let size = 1usize << self.shift;
        let at = usize::try_from(n).ok()?.checked_add(1)?.checked_mul(size)?;
        self.bytes.get(at..at.checked_add(size)?)
    }

    /// The bytes of the chain from `start` in `table` (sectors of `size`
    /// bytes, read by `get`), at most `len` of them; `None` for a chain
    /// that breaks, loops or runs past the file.
    fn chain<'b>(
        table: &[u32],
        start: u32,
        len: usize,
        get: impl Fn(u32) -> Option<&'b [u8]>,
    ) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut n = start;
        // A chain visits each sector at most once.
        for _ in 0..=table.len() {
            if out.len() >= len || n >= MAX_SECTOR {
                break;
            }
            out.extend_from_slice(get(n)?);
            n = *table.get(usize::try_from(n).ok()?)?;
        }
        (out.len() >= len).then(|| {
            out.truncate(len);
            out
        })
    }
}

/// The `Workbook` (or BIFF5 `Book`) stream of an .xls; `None` when the
/// container cannot be read.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let shift = u32::from(u16_at(bytes, 0x1E)?);
    if !(7..=16).contains(&shift) {
        return None;
    }
    let size = 1usize << shift;
    let sectors = u32::try_from(bytes.len() / size).ok()?;
    // The allocation table's sectors: 109 in the header, then the chain of
    // DIFAT sectors, each ending with the next one's number.
    let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 0x4C + 4 * i)).collect();
    let mut next = u32_at(bytes, 0x44)?;
    let plain = Container { bytes, shift, fat: Vec::new() };
    for _ in 0..sectors {
        if next >= MAX_SECTOR {
            break;
        }
        let sector = plain.sector(next)?;
        let ids: Vec<u32> = sector.chunks_exact(4).filter_map(|c| u32_at(c, 0)).collect();
        let (last, rest) = ids.split_last()?;
        fat_sectors.extend_from_slice(rest);
        next = *last;
    }
    let mut fat = Vec::new();
    for id in fat_sectors.into_iter().filter(|id| *id < MAX_SECTOR) {
        fat.extend(plain.sector(id)?.chunks_exact(4).filter_map(|c| u32_at(c, 0)));
    }
    let c = Container { bytes, shift, fat };
    // The directory's length is not stated: its chain is read to its end.
    let mut directory = Vec::new();
    let mut n = u32_at(bytes, 0x30)?;
    for _ in 0..=c.fat.len() {
        if n >= MAX_SECTOR {
            break;
        }
        directory.extend_from_slice(c.sector(n)?);
        n = *c.fat.get(usize::try_from(n).ok()?)?;
    }
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let name_of = |e: &[u8]| -> String {
        let len = usize::from(u16_at(e, 0x40).unwrap_or(0)).min(64);
        let units: Vec<u16> = e[..len].chunks_exact(2).filter_map(|c| u16_at(c, 0)).collect();
        String::from_utf16_lossy(&units).trim_end_matches('\0').to_string()
    };
    let stream = entries.iter().find(|e| {
        e.get(0x42) == Some(&2)
            && ["Workbook", "Book"].iter().any(|n| name_of(e).eq_ignore_ascii_case(n))
    })?;
    let start = u32_at(stream, 0x74)?;
    let len = usize::try_from(u32_at(stream, 0x78)?).ok()?;
    let cutoff = usize::try_from(u32_at(bytes, 0x38)?).ok()?;
    if len >= cutoff {
        return Container::chain(&c.fat, start, len, |n| c.sector(n));
    }
    // A small stream lives in the mini stream (the root entry's chain), in
    // sectors of 64 bytes, allocated by the mini table.
    let root = entries.first().filter(|e| e.get(0x42) == Some(&5))?;
    let mini_len = usize::try_from(u32_at(root, 0x78)?).ok()?;
    let mini = Container::chain(&c.fat, u32_at(root, 0x74)?, mini_len, |n| c.sector(n))?;
    let mini_table_len = usize::try_from(u32_at(bytes, 0x40)?).ok()?.checked_mul(size)?;
    let mini_table: Vec<u32> =
        Container::chain(&c.fat, u32_at(bytes, 0x3C)?, mini_table_len, |n| c.sector(n))?
            .chunks_exact(4)
            .filter_map(|b| u32_at(b, 0))
            .collect();
    Container::chain(&mini_table, start, len, |n| {
        let at = usize::try_from(n).ok()?.checked_mul(64)?;
        mini.get(at..at.checked_add(64)?)
    })
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

/// The cells the sheets of an .xls announce together; `None` for anything
/// that is not a readable .xls.
fn announced(bytes: &[u8]) -> Option<u64> {
    if bytes.get(..8) != Some(&SIGNATURE[..]) {
        return None;
    }
    let stream = workbook_stream(bytes)?;
    let (mut at, mut total) = (0usize, 0u64);
    while let (Some(kind), Some(len)) = (u16_at(&stream, at), u16_at(&stream, at + 2)) {
        let data = stream.get(at + 4..at + 4 + usize::from(len)).unwrap_or_default();
        if kind == DIMENSIONS {
            total = total.saturating_add(reserved(data));
        }
        at += 4 + usize::from(len);
    }
    Some(total)
}

/// Refuses an .xls whose sheets announce together more cells than
/// `limits` allow. Anything that is not a readable .xls passes: calamine
/// reports it.
pub fn check(bytes: &[u8], limits: &crate::store::limits::Limits) -> Result<(), String> {
    let total = announced(bytes).unwrap_or(0);
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
        assert_eq!(announced(&large), Some(301 * 8));
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
}
