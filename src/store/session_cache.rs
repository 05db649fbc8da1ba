//! A copy of a parsed session in a format faster to read than RON, so that
//! a session of a hundred thousand remarks opens without parsing its RON
//! again.
//!
//! The session file stays the truth. The copy is kept in the cache folder
//! (see [`Cache`]), named after the bytes it was made from (their
//! xxh3-128), so a session copied elsewhere finds it too, and used only
//! when the file's bytes are exactly those (length and hash of the whole
//! file) and the program is this very one; its body carries a checksum of
//! its own. Anything else (missing, stale, damaged, another version) is
//! ignored and the RON is parsed: the copy never stops a session from
//! opening and never reports an error.
//!
//! The remarks, nearly all of a large session, are written in parts, each
//! remark as a record of fixed layout with its texts together after the
//! part's records (see `remark_record`); the rest of the session as JSON,
//! because its types skip empty fields when written (for a readable RON
//! file), which a format without field names cannot read back.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::domain::session::Session;
use crate::domain::session::remark::{Remark, RemarkText};

use super::cache::Cache;

/// Raised whenever the session's types or this layout change.
const FORMAT: u32 = 10;
const MAGIC: &[u8; 8] = b"KPISESSN";
/// A session's head kept alone (see [`write_head`]).
const HEAD_MAGIC: &[u8; 8] = b"KPIHEADS";
/// Heads kept alone: a few kilobytes each, one for every large session of
/// a folder the start screen lists, years of meetings.
const HEADS_KEPT: usize = 256;
/// Larger than any head this program writes: a file that claims more is
/// not read.
const HEAD_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// What the copy was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    format: u32,
    program: String,
    limits: String,
    len: u64,
    hash: u128,
}

impl Key {
    fn of(bytes: &[u8]) -> Key {
        Key::hashed(bytes.len(), xxhash_rust::xxh3::xxh3_128(bytes))
    }

    fn hashed(len: usize, hash: u128) -> Key {
        Key {
            format: FORMAT,
            program: super::cache::program().to_string(),
            limits: format!("{:?}", super::limits::limits()),
            len: len as u64,
            hash,
        }
    }
}

/// The copy's file for a session file of these bytes, when copies are
/// kept for it.
fn file_for(cache: &Cache, key: &Key) -> Option<PathBuf> {
    // Smaller sessions are parsed every time: they take milliseconds.
    if key.len < cache.min_bytes() as u64 {
        return None;
    }
    Some(cache.dir()?.join(format!("{:032x}.session", key.hash)))
}

/// The session parsed from exactly `bytes` (the file's whole content),
/// when a copy was made from them.
#[must_use]
pub fn read(cache: &Cache, bytes: &[u8]) -> Option<Session> {
    if bytes.len() < cache.min_bytes() {
        return None;
    }
    read_hashed(cache, bytes.len(), xxhash_rust::xxh3::xxh3_128(bytes))
}

/// Whether the cache folder may hold a copy for a session file of `len`
/// bytes: one made by this program from a file of that length. Asked
/// before hashing a file only to look for its copy (the copies' keys are
/// read, a few kilobytes each, four copies at most): a file changed since
/// its last copy is then read once, not twice.
#[must_use]
pub fn may_hold(cache: &Cache, len: u64) -> bool {
    let like = Key::hashed(usize::try_from(len).unwrap_or(usize::MAX), 0);
    if file_for(cache, &like).is_none() {
        return false;
    }
    let Some(Ok(entries)) = cache.dir().map(std::fs::read_dir) else { return false };
    entries.flatten().any(|entry| {
        let path = entry.path();
        path.extension().is_some_and(|e| e == "session")
            && stored_key(&path).is_some_and(|key| Key { hash: 0, ..key } == like)
    })
}

/// [`read`], for a file of `len` bytes whose xxh3-128 is `hash` (computed
/// once by the caller, who needs it too).
#[must_use]
pub fn read_hashed(cache: &Cache, len: usize, hash: u128) -> Option<Session> {
    if len < cache.min_bytes() {
        return None;
    }
    let want = Key::hashed(len, hash);
    let file = file_for(cache, &want)?;
    let session = read_file(&file, &want);
    if session.is_none() {
        tracing::info!(cache = %file.display(), "the session copy is unreadable; the file is parsed");
    }
    session
}

/// The session parsed from a file of `len` bytes whose xxh3-128 is
/// `hash`, without its remarks, and how many of them are not deleted (what
/// the start screen and the earlier meetings show of a session), when its
/// head was kept alone ([`write_head`]) or a copy was made from those
/// bytes: only the copy's head is read.
#[must_use]
pub fn read_head_hashed(cache: &Cache, len: usize, hash: u128) -> Option<(Session, usize)> {
    if len < cache.min_bytes() {
        return None;
    }
    let want = Key::hashed(len, hash);
    if let Some(head) = head_file_for(cache, &want).and_then(|file| read_head_file(&file, &want)) {
        return Some(head);
    }
    let file = file_for(cache, &want)?;
    read_head_of(&file, &want).map(|(head, _)| (head.session, head.live))
}

/// Keeps the head of `session` (without its remarks) and its number of
/// remarks not deleted, parsed from a file of exactly `bytes`: a file of
/// its own, apart from the copies of whole sessions (of which only the
/// most recent few are kept), so that a folder of many large sessions is
/// listed from their heads every time. Failures are logged, never
/// reported.
pub fn write_head(cache: &Cache, bytes: &[u8], session: &Session, live: usize) {
    if bytes.len() < cache.min_bytes() {
        return;
    }
    let key = Key::of(bytes);
    let Some(file) = head_file_for(cache, &key) else { return };
    let result =
        serde_json::to_vec(&session.without_remarks()).map_err(Into::into).and_then(|json| {
            let mut body = (live as u64).to_le_bytes().to_vec();
            body.extend_from_slice(&json);
            super::cache::write_file(&file, *HEAD_MAGIC, &key, &body, "head", HEADS_KEPT)
        });
    if let Err(e) = result {
        tracing::info!(cache = %file.display(), error = %e, "the session's head was not kept");
    }
}

/// The file a head kept alone goes to.
fn head_file_for(cache: &Cache, key: &Key) -> Option<PathBuf> {
    if key.len < cache.min_bytes() as u64 {
        return None;
    }
    Some(cache.dir()?.join(format!("{:032x}.head", key.hash)))
}

/// A head kept alone at `file`, made for `want`, whose checksum holds.
fn read_head_file(file: &std::path::Path, want: &Key) -> Option<(Session, usize)> {
    use std::io::Read;
    let mut whole = Vec::new();
    std::fs::File::open(file).ok()?.take(HEAD_MAX_BYTES).read_to_end(&mut whole).ok()?;
    let rest = whole.strip_prefix(HEAD_MAGIC)?;
    let (key, rest): (Key, _) = postcard::take_from_bytes(rest).ok()?;
    if key != *want {
        return None;
    }
    let (sum, body) = rest.split_at_checked(16)?;
    if sum != xxhash_rust::xxh3::xxh3_128(body).to_le_bytes() {
        return None;
    }
    let (live, json) = take_u64(body)?;
    Some((serde_json::from_slice(json).ok()?, usize::try_from(live).ok()?))
}

/// Keeps a copy of `session`, parsed from (or written as) exactly `bytes`.
/// Failures are logged, never reported.
pub fn write(cache: &Cache, bytes: &[u8], session: &Session) {
    if bytes.len() < cache.min_bytes() {
        return;
    }
    keep(cache, &Key::of(bytes), session, &session.remarks);
}

/// Keeps a copy of the session of `head` (its remarks, if any, ignored)
/// and `remarks`, parsed from a file of `len` bytes whose xxh3-128 is
/// `hash`, unless this program made one already.
pub fn write_if_missing(cache: &Cache, len: u64, hash: u128, head: &Session, remarks: &[Remark]) {
    let Ok(len) = usize::try_from(len) else { return };
    // Before the key, which names this very program (a hash of the whole
    // executable, 4 ms, made once): a small session never needs it.
    if len < cache.min_bytes() {
        return;
    }
    let key = Key::hashed(len, hash);
    let Some(file) = file_for(cache, &key) else { return };
    if stored_key(&file).as_ref() != Some(&key) {
        keep(cache, &key, head, remarks);
    }
}

/// See [`write_if_missing`].
fn keep(cache: &Cache, key: &Key, head: &Session, remarks: &[Remark]) {
    let Some(file) = file_for(cache, key) else { return };
    let result = super::cache::write_file_with(
        &file,
        *MAGIC,
        key,
        &mut |out| encode_to(out, head, remarks),
        "session",
        super::cache::KEEP,
    );
    if let Err(e) = result {
        tracing::info!(cache = %file.display(), error = %e, "the session copy was not written");
    }
}

/// The key a copy was written with, read from its start only.
fn stored_key(file: &std::path::Path) -> Option<Key> {
    use std::io::Read;
    let mut start = Vec::new();
    std::fs::File::open(file).ok()?.take(4096).read_to_end(&mut start).ok()?;
    let rest = start.strip_prefix(MAGIC)?;
    postcard::take_from_bytes(rest).ok().map(|(key, _)| key)
}

/// The body: the head's length and checksum, the head (the number of
/// remarks not deleted, the length of the JSON part, the session without
/// its remarks as JSON, the number of parts
/// of the remarks and for each where it starts, its length, its number of
/// remarks and its checksum), then the parts (each: its remarks' records
/// one after the other, their texts, then where each record ends, as u32).
#[cfg(test)]
fn encode(head: &Session, remarks: &[Remark]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut body = std::io::Cursor::new(Vec::new());
    encode_to(&mut body, head, remarks)?;
    Ok(body.into_inner())
}

/// The body (see `encode`) written into `out` from where it stands, a
/// part at a time, the head's table of parts filled in after them: at
/// the close of a 100,000-remark meeting the body made whole in memory
/// (20 MB) was the run's peak.
fn encode_to<W: std::io::Write + std::io::Seek>(
    out: &mut W,
    head: &Session,
    remarks: &[Remark],
) -> Result<(), Box<dyn std::error::Error>> {
    use std::io::SeekFrom;
    let json = serde_json::to_vec(&head.without_remarks())?;
    let live = remarks.iter().filter(|r| r.trail().deleted.is_none()).count() as u64;
    // The remarks in parts, each read while the one before is decoded.
    let parts = if remarks.len() < SMALL { 1 } else { PARTS };
    let per_part = remarks.len().div_ceil(parts).max(1);
    let count = remarks.len().div_ceil(per_part);
    let head_len = 8 + 8 + json.len() + 8 + count * PART_ENTRY;
    let mut top = Vec::with_capacity(HEAD_PREFIX + head_len);
    top.extend_from_slice(&(head_len as u64).to_le_bytes());
    top.extend_from_slice(&[0; 16]);
    top.extend_from_slice(&live.to_le_bytes());
    top.extend_from_slice(&(json.len() as u64).to_le_bytes());
    top.extend_from_slice(&json);
    top.extend_from_slice(&(count as u64).to_le_bytes());
    let entries = top.len();
    // Room for the table of parts, filled in once they are written.
    top.resize(HEAD_PREFIX + head_len, 0);
    let body_at = out.stream_position()?;
    out.write_all(&top)?;
    let mut at = top.len();
    let (mut part, mut texts) = (Vec::new(), String::new());
    for (n, chunk) in remarks.chunks(per_part).enumerate() {
        // The remarks, then where each ends (from the part's start), so
        // that the cores split a part between them and each decodes its
        // share straight into the one list. After the remarks, not
        // before: a part begun with room for the table left 12 MB more
        // resident when a 100,000-remark meeting closed (the allocator's
        // doing; measured, not guessed).
        part.clear();
        texts.clear();
        let mut ends = Vec::with_capacity(chunk.len() * 4);
        for remark in chunk {
            super::remark_record::write(remark, &mut part, &mut texts)?;
            ends.extend_from_slice(&u32::try_from(part.len())?.to_le_bytes());
        }
        // The ids and texts together, checked as UTF-8 at once when read.
        part.extend_from_slice(texts.as_bytes());
        part.extend_from_slice(&ends);
        let mut entry = Vec::with_capacity(PART_ENTRY);
        entry.extend_from_slice(&(at as u64).to_le_bytes());
        entry.extend_from_slice(&(part.len() as u64).to_le_bytes());
        entry.extend_from_slice(&(chunk.len() as u64).to_le_bytes());
        entry.extend_from_slice(&xxhash_rust::xxh3::xxh3_128(&part).to_le_bytes());
        let place = entries + n * PART_ENTRY;
        top[place..place + PART_ENTRY].copy_from_slice(&entry);
        out.write_all(&part)?;
        at += part.len();
    }
    let sum = xxhash_rust::xxh3::xxh3_128(&top[HEAD_PREFIX..]);
    top[8..HEAD_PREFIX].copy_from_slice(&sum.to_le_bytes());
    out.seek(SeekFrom::Start(body_at))?;
    out.write_all(&top)?;
    out.seek(SeekFrom::End(0))?;
    Ok(())
}

/// Fewer remarks than this are one part: decoding them takes less than
/// starting a thread.
const SMALL: usize = 4096;
/// The parts of a large session's remarks, read one after the other into
/// two buffers (one read while the other is decoded): the smaller the
/// parts, the less new memory a start touches (at 100,000 remarks, four
/// parts of 3 MB each took 8 ms more to open than eight; sixteen were no
/// faster than eight).
const PARTS: usize = 8;

/// One part of the remarks: where its bytes are (from the start of the
/// body), how many, its number of remarks and its own checksum, so that
/// each part is read and checked alone.
#[derive(Debug, Clone, Copy)]
struct Part {
    at: u64,
    bytes: u64,
    remarks: usize,
    sum: u128,
}

/// Each entry of the parts' table: at, bytes, remarks (u64 each), sum.
const PART_ENTRY: usize = 8 * 3 + 16;
/// Before the head: its length, and its checksum.
const HEAD_PREFIX: usize = 8 + 16;

/// A copy's head: the session without its remarks, how many of its
/// remarks are not deleted, and the parts' table.
struct Head {
    session: Session,
    live: usize,
    parts: Vec<Part>,
}

fn parse_head(head: &[u8]) -> Option<Head> {
    let (live, rest) = take_u64(head)?;
    let (len, rest) = take_u64(rest)?;
    let (json, rest) = rest.split_at_checked(usize::try_from(len).ok()?)?;
    let (count, mut rest) = take_u64(rest)?;
    let mut parts = Vec::new();
    for _ in 0..count {
        let (at, after) = take_u64(rest)?;
        let (bytes, after) = take_u64(after)?;
        let (remarks, after) = take_u64(after)?;
        let (sum, after) = after.split_at_checked(16)?;
        parts.push(Part {
            at,
            bytes,
            remarks: usize::try_from(remarks).ok()?,
            sum: u128::from_le_bytes(sum.try_into().ok()?),
        });
        rest = after;
    }
    if !rest.is_empty() {
        return None;
    }
    let session = serde_json::from_slice(json).ok()?;
    Some(Head { session, live: usize::try_from(live).ok()?, parts })
}

/// The head's length, checked against its checksum: where the head ends.
fn head_of(body: &[u8]) -> Option<&[u8]> {
    let (len, rest) = take_u64(body)?;
    let (sum, rest) = rest.split_at_checked(16)?;
    let head = rest.get(..usize::try_from(len).ok()?)?;
    (sum == xxhash_rust::xxh3::xxh3_128(head).to_le_bytes()).then_some(head)
}

/// The session from a whole body in memory.
#[cfg(test)]
fn decode(body: &[u8]) -> Option<Session> {
    let head = head_of(body)?;
    let first = (HEAD_PREFIX + head.len()) as u64;
    let Head { mut session, parts, .. } = parse_head(head)?;
    if !fits(&parts, first, body.len() as u64) {
        return None;
    }
    session.remarks = decode_parts(&parts, |part, into| {
        let at = usize::try_from(part.at).ok()?;
        let bytes = body.get(at..at.checked_add(usize::try_from(part.bytes).ok()?)?)?;
        into.clear();
        into.extend_from_slice(bytes);
        Some(())
    })?;
    Some(session)
}

/// The session from the copy at `file`, made for `want`: the start of the
/// file read first (its key, then the head), then each part read and
/// checked while the one before it is decoded, so that reading and
/// decoding go on side by side and nothing waits for the whole file.
fn read_file(file: &std::path::Path, want: &Key) -> Option<Session> {
    use std::io::{Read, Seek};
    let (Head { mut session, parts, .. }, body_at) = read_head_of(file, want)?;
    session.remarks = decode_parts(&parts, |part, into| {
        into.clear();
        into.resize(usize::try_from(part.bytes).ok()?, 0);
        let mut reader = std::fs::File::open(file).ok()?;
        reader.seek(std::io::SeekFrom::Start(body_at.checked_add(part.at)?)).ok()?;
        reader.read_exact(into).ok()
    })?;
    Some(session)
}

/// The head of the copy at `file`, made for `want` (checked against its
/// checksum), and where the body starts in the file.
fn read_head_of(file: &std::path::Path, want: &Key) -> Option<(Head, u64)> {
    use std::io::{Read, Seek};
    let mut opened = std::fs::File::open(file).ok()?;
    let mut start = Vec::new();
    (&mut opened).take(64 * 1024).read_to_end(&mut start).ok()?;
    let rest = start.strip_prefix(MAGIC)?;
    let (key, rest): (Key, _) = postcard::take_from_bytes(rest).ok()?;
    if key != *want {
        tracing::debug!(cache = %file.display(), "the session copy was made from other bytes");
        return None;
    }
    // The whole body's checksum (every copy has one) is not read: the head
    // and each part carry their own, checked as they are read.
    let body_at = (start.len() - rest.len() + 16) as u64;
    let body_len = opened.metadata().ok()?.len().checked_sub(body_at)?;
    let prefix = start.get(usize::try_from(body_at).ok()?..)?;
    let (head_len, _) = take_u64(prefix)?;
    // Read before its checksum is: never more than the file holds.
    if head_len.checked_add(HEAD_PREFIX as u64)? > body_len {
        return None;
    }
    let mut body_start =
        prefix.get(..HEAD_PREFIX.checked_add(usize::try_from(head_len).ok()?)?).map(<[u8]>::to_vec);
    if body_start.is_none() {
        // A head longer than the first read (a large sheet): read it whole.
        let mut whole = vec![0; HEAD_PREFIX + usize::try_from(head_len).ok()?];
        opened.seek(std::io::SeekFrom::Start(body_at)).ok()?;
        opened.read_exact(&mut whole).ok()?;
        body_start = Some(whole);
    }
    let head = parse_head(head_of(&body_start?)?)?;
    let first = head_len.checked_add(HEAD_PREFIX as u64)?;
    fits(&head.parts, first, body_len).then_some((head, body_at))
}

/// Whether the parts follow one another from `first` (where the head
/// ends) to the end of a body of `len` bytes, in their order with no gap,
/// and each holds no more remarks than it has room for (each remark takes
/// its end, four bytes, and at least one byte of its own). A head whose
/// checksum holds may still have been made to fit: it never gets room for
/// more remarks than a fifth of the file's bytes, nor parts out of order,
/// twice, overlapping or left out.
fn fits(parts: &[Part], first: u64, len: u64) -> bool {
    let mut at = first;
    let in_turn = parts.iter().all(|p| {
        let least = u64::try_from(p.remarks).ok().and_then(|n| n.checked_mul(5));
        let end = p.at.checked_add(p.bytes);
        match end {
            Some(end) if p.at == at && least.is_some_and(|least| least <= p.bytes) => {
                at = end;
                true
            }
            _ => false,
        }
    });
    in_turn && at == len
}

fn take_u64(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let (n, rest) = bytes.split_at_checked(8)?;
    Some((u64::from_le_bytes(n.try_into().ok()?), rest))
}

/// The remarks of every part, in order, in one list made once: each part
/// fetched and checked against its checksum while the one before it is
/// decoded, its remarks shared among the cores, each writing its share in
/// its place (no list of each core's to join after: appending 50,000
/// remarks took a tenth of a 100,000-remark start on one core). On one
/// core, or where no thread can be made, the same one after the other.
fn decode_parts<F>(parts: &[Part], fetch: F) -> Option<Vec<Remark>>
where
    F: Fn(&Part, &mut Vec<u8>) -> Option<()> + Sync,
{
    // More threads than parts would mostly cost their start.
    let cores = std::thread::available_parallelism().map_or(1, usize::from).min(PARTS);
    let pool = (cores > 1 && parts.len() > 1)
        .then(|| rayon::ThreadPoolBuilder::new().num_threads(cores).build().ok())
        .flatten();
    match pool {
        Some(pool) => pool.install(|| decode_in_turn(parts, &fetch, true)),
        None => decode_in_turn(parts, &fetch, false),
    }
}

/// See [`decode_parts`]; `shared` when running in a pool of threads.
fn decode_in_turn<F>(parts: &[Part], fetch: &F, shared: bool) -> Option<Vec<Remark>>
where
    F: Fn(&Part, &mut Vec<u8>) -> Option<()> + Sync,
{
    let fetched = |part: &Part, into: &mut Vec<u8>| {
        fetch(part, into)?;
        (xxhash_rust::xxh3::xxh3_128(into) == part.sum).then_some(())
    };
    let mut remarks = Vec::with_capacity(parts.iter().map(|p| p.remarks).sum());
    let (mut current, mut next) = (Vec::new(), Vec::new());
    let Some(first) = parts.first() else { return Some(remarks) };
    fetched(first, &mut current)?;
    for (i, part) in parts.iter().enumerate() {
        let upcoming = parts.get(i + 1);
        let mut fetch_next = || upcoming.map_or(Some(()), |p| fetched(p, &mut next));
        let mut decode = || decode_part(&current, part.remarks, &mut remarks, shared);
        let (next_fetched, decoded) =
            if shared { rayon::join(fetch_next, decode) } else { (fetch_next(), decode()) };
        next_fetched?;
        decoded?;
        std::mem::swap(&mut current, &mut next);
    }
    Some(remarks)
}

/// Appends the `count` remarks of one part: the remarks, their ids and
/// texts, then where each remark ends; `None` when the part holds anything
/// else. `shared`: the remarks split among the pool's threads.
///
/// The ids and texts are apart from the rest so that they are checked as
/// UTF-8 in one piece: one by one, each shorter than `simdutf8` checks
/// itself, they took a twentieth of a 100,000-remark start's work.
fn decode_part(bytes: &[u8], count: usize, into: &mut Vec<Remark>, shared: bool) -> Option<()> {
    use rayon::iter::{IntoParallelIterator, ParallelExtend, ParallelIterator};
    use std::sync::atomic::{AtomicBool, Ordering};
    let (body, ends) = bytes.split_at_checked(bytes.len().checked_sub(count.checked_mul(4)?)?)?;
    let ends: Vec<usize> = ends
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .collect();
    let in_order = ends.windows(2).all(|w| w[0] <= w[1]);
    if !in_order {
        return None;
    }
    let (records, texts) = body.split_at_checked(ends.last().copied().unwrap_or(0))?;
    // One block of memory for the part's ids and texts, shared by them
    // (which holds at most 4 GiB: never more than a part is written with).
    u32::try_from(texts.len()).ok()?;
    let texts = RemarkText::from(simdutf8::basic::from_utf8(texts).ok()?);
    // A remark that does not decode leaves a blank in its place and the
    // whole part refused after.
    let failed = AtomicBool::new(false);
    let one = |i: usize| {
        let start = if i == 0 { 0 } else { ends[i - 1] };
        super::remark_record::read(&records[start..ends[i]], &texts).unwrap_or_else(|| {
            failed.store(true, Ordering::Relaxed);
            Remark::blank()
        })
    };
    if shared {
        into.par_extend((0..count).into_par_iter().map(one));
    } else {
        into.extend((0..count).map(one));
    }
    (!failed.load(Ordering::Relaxed)).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::remark::{RemarkKind, Revision, SetAside, Target};

    /// A sample session of `size`, its text, and its copy written in a
    /// cache folder of its own: (folder, cache, session, text).
    fn copied(size: crate::sample::Size) -> (tempfile::TempDir, Cache, Session, String) {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::in_dir(&dir.path().join("cache"));
        let (session, text) = sample_of(size);
        write(&cache, text.as_bytes(), &session);
        (dir, cache, session, text)
    }

    fn sample_of(size: crate::sample::Size) -> (Session, String) {
        let mut session = crate::sample::session_of(size);
        // Every field of a remark set somewhere, times in two offsets.
        let at = session.remarks[0].at;
        let utc = at.with_timezone(&chrono::FixedOffset::east_opt(0).expect("utc"));
        let r = &mut session.remarks[1];
        r.trail_mut().prepared_by = Some("委員A".into());
        r.trail_mut().deleted = Some(utc);
        r.trail_mut().resolved = Some(at + chrono::TimeDelta::nanoseconds(123_456_789));
        r.trail_mut().history.push(Revision {
            changed_at: at,
            change: crate::domain::session::remark::Change::Edited,
            speaker: None,
            kind: RemarkKind::Question,
            target: Target::Agenda { id: "free-1".into() },
            text: "以前の文言".into(),
            internal: true,
        });
        r.trail_mut().set_aside.push(SetAside {
            since: at,
            until: Some(utc),
            speaker: Some("委員B".into()),
            kind: RemarkKind::Answer,
            target: Target::Company { company: "c000001".into() },
            text: "取り下げた文言".into(),
            internal: false,
            deleted: true,
        });
        // Every kind of target a remark has, and a remark of no speaker.
        session.remarks[2].target = Target::Agenda { id: "free-1".into() };
        session.remarks[3].speaker = None;
        // Ids held in place (up to 24 bytes) and not: at the edge, and
        // longer, in Japanese.
        for (i, id) in [(4, "a".repeat(24)), (5, "事務局長代理".repeat(2))] {
            let mut attendee = session.sheet.attendees[0].clone();
            attendee.id.clone_from(&id);
            session.sheet.attendees.push(attendee);
            session.remarks[i].speaker = Some(id.into());
        }
        session.remarks[4].target = Target::Company { company: "c".repeat(25).into() };
        session.remarks[5].target = Target::Item {
            kpi: "新規参加企業数（累計）".into(),
            fiscal_year: crate::domain::fiscal::FiscalYear(2018),
        };
        let text = super::super::session_file::to_text(&session).expect("text");
        let origin = super::super::ron_file::Origin::Embedded("sample session");
        (super::super::session_file::parse(&origin, &text).expect("parse"), text)
    }

    /// Every kind of target reads back from the copy as written: the
    /// record read has the same variants as [`Target`] in the same order
    /// (a variant added to `Target` stops this test from compiling until
    /// it is listed here, and the sample gives it to a remark).
    #[test]
    fn every_kind_of_target_reads_back() {
        let kind = |t: &Target| match t {
            Target::Meeting => 0,
            Target::Item { .. } => 1,
            Target::Company { .. } => 2,
            Target::Agenda { .. } => 3,
        };
        let (_dir, cache, session, text) = copied(crate::sample::MEDIUM);
        let kinds: std::collections::BTreeSet<_> =
            session.remarks.iter().map(|r| kind(&r.target)).collect();
        assert_eq!(kinds.len(), 4, "the sample has every kind of target");
        assert_eq!(read(&cache, text.as_bytes()).as_ref(), Some(&session));
    }

    /// A sample of two parts' worth of remarks, written whole: the session,
    /// its copy's body and the table of its parts.
    struct TwoParts {
        session: Session,
        body: Vec<u8>,
        parts: Vec<Part>,
    }

    impl TwoParts {
        fn new() -> TwoParts {
            let size = crate::sample::Size { remarks: SMALL * 2, ..crate::sample::MEDIUM };
            let (session, _) = sample_of(size);
            let body = encode(&session, &session.remarks).expect("encode");
            let Head { parts, .. } = parse_head(head_of(&body).expect("head")).expect("head");
            TwoParts { session, body, parts }
        }

        fn bytes_of(&self, p: &Part) -> &[u8] {
            let at = usize::try_from(p.at).expect("at");
            &self.body[at..at + usize::try_from(p.bytes).expect("bytes")]
        }

        fn first(&self) -> Vec<u8> {
            self.bytes_of(&self.parts[0]).to_vec()
        }

        /// The remarks read with `part` in place of the first part (its
        /// checksum made to fit).
        fn read_with_first(&self, part: &[u8], shared: bool) -> Option<Vec<Remark>> {
            let mut changed = self.parts.clone();
            changed[0].sum = xxhash_rust::xxh3::xxh3_128(part);
            let fetch = |p: &Part, into: &mut Vec<u8>| {
                into.clear();
                into.extend_from_slice(if p.at == self.parts[0].at {
                    part
                } else {
                    self.bytes_of(p)
                });
                Some(())
            };
            decode_in_turn(&changed, &fetch, shared)
        }
    }

    /// A part's ids and texts are read as written, and refused when they
    /// are not UTF-8 or a remark's id ends inside a character, the part's
    /// checksum made to fit.
    #[test]
    fn a_parts_texts_are_refused_unless_utf8_and_cut_between_characters() {
        let sample = TwoParts::new();
        let (session, first) = (&sample.session, sample.first());
        let table = first.len() - sample.parts[0].remarks * 4;
        // The last remark's end: where the records end and the texts begin.
        let records_end = u32::from_le_bytes(first[first.len() - 4..].try_into().expect("4"));
        let records_end = usize::try_from(records_end).expect("small");
        let texts = std::str::from_utf8(&first[records_end..table]).expect("texts");
        let r0 = &session.remarks[0];
        assert!(texts.starts_with(&format!("{}{}", r0.id, r0.text)), "the first remark's first");
        assert!(!r0.text.is_ascii(), "a text in Japanese follows the first id");
        // The first record: where its texts begin (0), then its id's length.
        let u32_at = |i: usize| u32::from_le_bytes(first[i..i + 4].try_into().expect("4"));
        assert_eq!((u32_at(0), u32_at(4) as usize), (0, r0.id.len()));
        let mut not_utf8 = first.clone();
        not_utf8[records_end + r0.id.len()] = 0xff;
        let mut cut = first.clone();
        cut[4] += 1;
        for (what, part, readable) in [
            ("as written", first.clone(), true),
            ("not UTF-8", not_utf8, false),
            ("cut", cut, false),
        ] {
            let back = sample.read_with_first(&part, false);
            assert_eq!(back.as_ref() == Some(&session.remarks), readable, "{what}");
            assert_eq!(back.is_some(), readable, "{what}");
        }
    }

    /// A copy may be there only for a file of its length, from this
    /// program; none in an empty or switched-off cache.
    #[test]
    fn a_copy_may_be_held_only_for_a_file_of_its_length() {
        let (dir, cache, _, text) = copied(crate::sample::MEDIUM);
        let len = text.len() as u64;
        assert!(may_hold(&cache, len));
        assert!(!may_hold(&cache, len + 1), "another length");
        assert!(!may_hold(&Cache::off(), len));
        assert!(!may_hold(&Cache::in_dir(&dir.path().join("empty")), len));
    }

    #[test]
    fn the_copy_is_the_parsed_session_for_the_same_bytes_only() {
        let (_dir, cache, session, text) = copied(crate::sample::MEDIUM);
        assert_eq!(read(&cache, text.as_bytes()).as_ref(), Some(&session));
        let mut other = text.clone().into_bytes();
        let last = other.len() - 2;
        other[last] = b' ';
        assert_eq!(read(&cache, &other), None, "same length, other bytes");
        assert_eq!(read(&Cache::off(), text.as_bytes()), None);
    }

    /// A session of many remarks is kept in parts decoded side by side:
    /// read back, every remark in its place.
    #[test]
    fn a_copy_in_parts_reads_back_in_order() {
        let size = crate::sample::Size { remarks: SMALL * 2 + 7, ..crate::sample::MEDIUM };
        let (_dir, cache, session, text) = copied(size);
        let body = encode(&session, &session.remarks).expect("encode");
        let Head { parts, .. } = parse_head(head_of(&body).expect("head")).expect("head");
        assert_eq!(parts.len(), PARTS, "kept in parts");
        let back = read(&cache, text.as_bytes()).expect("read back");
        assert_eq!(back.remarks.len(), SMALL * 2 + 7);
        assert_eq!(back, session);
        // Written a part at a time, the file is byte for byte the body
        // made whole in memory behind its key and checksum.
        let key = Key::of(text.as_bytes());
        let kept = file_for(&cache, &key).expect("named");
        let whole = kept.with_extension("whole");
        super::super::cache::write_file(&whole, *MAGIC, &key, &body, "whole", 1).expect("written");
        let streamed = std::fs::read(&kept).expect("kept");
        assert!(streamed == std::fs::read(&whole).expect("whole"), "the same bytes");
    }

    /// A part whose count of remarks is not what it holds is refused, not
    /// read short or long, even with a head whose checksum fits; a part
    /// changed by one byte is refused by its own checksum.
    #[test]
    fn a_part_holding_other_than_its_count_is_refused() {
        let size = crate::sample::Size { remarks: SMALL * 2, ..crate::sample::MEDIUM };
        let (session, _) = sample_of(size);
        let mut body = encode(&session, &session.remarks).expect("encode");
        let head_len = usize::try_from(take_u64(&body).expect("len").0).expect("len");
        // The head: the live remarks' number, the JSON's length, the JSON.
        let json =
            usize::try_from(take_u64(&body[HEAD_PREFIX + 8..]).expect("json").0).expect("len");
        // The first part's count of remarks (the third number of its entry).
        let count_at = HEAD_PREFIX + 8 + 8 + json + 8 + 16;
        let count = take_u64(&body[count_at..]).expect("count").0;
        let with_count = |body: &mut Vec<u8>, n: u64| {
            body[count_at..count_at + 8].copy_from_slice(&n.to_le_bytes());
            let sum = xxhash_rust::xxh3::xxh3_128(&body[HEAD_PREFIX..HEAD_PREFIX + head_len]);
            body[8..HEAD_PREFIX].copy_from_slice(&sum.to_le_bytes());
        };
        with_count(&mut body, count + 1);
        assert!(decode(&body).is_none(), "one remark more than the part holds");
        with_count(&mut body, count - 1);
        assert!(decode(&body).is_none(), "one remark fewer than the part holds");
        with_count(&mut body, count);
        assert_eq!(decode(&body).as_ref(), Some(&session), "as written");
        let last = body.len() - 3;
        body[last] ^= 1;
        assert!(decode(&body).is_none(), "a byte of the last part changed");
    }

    /// Where each remark of a part ends is checked: ends out of order,
    /// beyond the part's records, or one byte off (a remark cut short and
    /// the next read from its last byte) refuse the copy, the part's own
    /// checksum made to fit; on one core and shared among several alike.
    #[test]
    fn a_part_whose_remark_ends_do_not_fit_is_refused() {
        let sample = TwoParts::new();
        let first = sample.first();
        // The ends follow the remarks, at the end of the part.
        let table = first.len() - sample.parts[0].remarks * 4;
        let at = |i: usize| table + i * 4..table + i * 4 + 4;
        let end = |i: usize| u32::from_le_bytes(first[at(i)].try_into().expect("4"));
        let with_end = |i: usize, value: u32| {
            let mut part = first.clone();
            part[at(i)].copy_from_slice(&value.to_le_bytes());
            part
        };
        let last = sample.parts[0].remarks - 1;
        let cases = [
            ("as written", first.clone()),
            ("out of order", with_end(1, end(0) - 1)),
            ("beyond the records", with_end(last, end(last) + 1)),
            ("one byte off", with_end(0, end(0) + 1)),
        ];
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("pool");
        for (what, part) in cases {
            for shared in [false, true] {
                let back = pool.install(|| sample.read_with_first(&part, shared));
                if what == "as written" {
                    let remarks = Some(&sample.session.remarks);
                    assert_eq!(back.as_ref(), remarks, "{what}, shared {shared}");
                } else {
                    assert!(back.is_none(), "{what}, shared {shared}");
                }
            }
        }
    }

    /// The head alone gives the session without its remarks and how many
    /// are not deleted, as the whole copy does; only for the same bytes.
    #[test]
    fn the_head_gives_the_session_without_remarks_and_their_live_number() {
        let (_dir, cache, session, text) = copied(crate::sample::MEDIUM);
        let (len, hash) = (text.len(), xxhash_rust::xxh3::xxh3_128(text.as_bytes()));
        let (head, live) = read_head_hashed(&cache, len, hash).expect("a head");
        assert_eq!(head, session.without_remarks());
        assert!(
            session.remarks.iter().any(|r| r.trail().deleted.is_some()),
            "the sample deletes one"
        );
        assert_eq!(live, session.live_remarks().count());
        assert_eq!(read_head_hashed(&cache, len, hash ^ 1), None, "other bytes");
        assert_eq!(read_head_hashed(&Cache::off(), len, hash), None);
    }

    /// A head kept alone is read before a whole copy's; a damaged one, or
    /// one of other bytes, is not read at all.
    #[test]
    fn a_head_kept_alone_is_read_when_whole_and_for_the_same_bytes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::in_dir(&dir.path().join("cache"));
        let (session, text) = sample_of(crate::sample::MEDIUM);
        let (len, hash) = (text.len(), xxhash_rust::xxh3::xxh3_128(text.as_bytes()));
        assert_eq!(read_head_hashed(&cache, len, hash), None, "nothing kept yet");
        write_head(&cache, text.as_bytes(), &session, 5);
        assert_eq!(read_head_hashed(&cache, len, hash), Some((session.without_remarks(), 5)));
        assert_eq!(read_head_hashed(&cache, len, hash ^ 1), None, "other bytes");
        let file = head_file_for(&cache, &Key::of(text.as_bytes())).expect("a head");
        let whole = std::fs::read(&file).expect("head");
        let mut flipped = whole.clone();
        let at = flipped.len() - 2;
        flipped[at] ^= 1;
        std::fs::write(&file, &flipped).expect("flip");
        assert_eq!(read_head_hashed(&cache, len, hash), None, "a changed byte");
        for cut in [0, 4, whole.len() / 2, whole.len() - 1] {
            std::fs::write(&file, &whole[..cut]).expect("cut");
            assert_eq!(read_head_hashed(&cache, len, hash), None, "cut at {cut}");
        }
        // With a whole copy beside the damaged head, the copy's head.
        write(&cache, text.as_bytes(), &session);
        let live = session.live_remarks().count();
        assert_eq!(read_head_hashed(&cache, len, hash), Some((session.without_remarks(), live)));
    }

    /// A folder of more large sessions than whole copies are kept still
    /// keeps every head: listing them never makes one evict another.
    #[test]
    fn more_heads_are_kept_than_whole_copies() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::in_dir(&dir.path().join("cache"));
        let (session, text) = sample_of(crate::sample::MEDIUM);
        let sessions = super::super::cache::KEEP + 2;
        for n in 0..sessions {
            let bytes = format!("{text}// {n}\n");
            write_head(&cache, bytes.as_bytes(), &session, n);
            write(&cache, bytes.as_bytes(), &session);
        }
        let count = |extension: &str| {
            std::fs::read_dir(dir.path().join("cache"))
                .expect("cache")
                .filter(|e| {
                    e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == extension))
                })
                .count()
        };
        assert_eq!(count("head"), sessions);
        assert_eq!(count("session"), super::super::cache::KEEP);
        for n in 0..sessions {
            let bytes = format!("{text}// {n}\n");
            let hash = xxhash_rust::xxh3::xxh3_128(bytes.as_bytes());
            assert_eq!(read_head_hashed(&cache, bytes.len(), hash).map(|(_, live)| live), Some(n));
        }
    }

    /// The parts follow one another from the head to the end of the body,
    /// each given room for no more remarks than its bytes can hold (each
    /// remark's end, four bytes, and at least a byte of its own).
    #[test]
    fn parts_follow_one_another_each_with_room_for_its_remarks() {
        let part = |at: u64, bytes: u64, remarks: usize| Part { at, bytes, remarks, sum: 0 };
        assert!(fits(&[part(10, 100, 20)], 10, 110));
        assert!(!fits(&[part(10, 100, 21)], 10, 110), "more remarks than room");
        assert!(!fits(&[part(10, 100, 20)], 10, 109), "beyond the body");
        assert!(!fits(&[part(10, 99, 19)], 10, 110), "short of the body's end");
        assert!(!fits(&[part(11, 99, 19)], 10, 110), "not where the head ends");
        assert!(fits(&[part(10, 50, 10), part(60, 50, 10)], 10, 110));
        assert!(!fits(&[part(60, 50, 10), part(10, 50, 10)], 10, 110), "out of order");
        assert!(!fits(&[part(10, 100, 20), part(10, 100, 20)], 10, 110), "overlapping");
        assert!(!fits(&[part(10, 50, 10), part(60, 50, usize::MAX)], 10, 110), "absurd");
        assert!(fits(&[], 10, 10), "no remarks");
        assert!(!fits(&[], 10, 110), "no parts for the bytes");
    }

    /// `body` with its head's table of parts changed by `change` (the
    /// parts' bytes kept; where each starts moved by as much as the head
    /// grew or shrank), the head's checksum made to fit.
    fn with_parts(body: &[u8], change: impl Fn(Vec<Part>) -> Vec<Part>) -> Vec<u8> {
        let head = head_of(body).expect("head");
        let Head { parts, .. } = parse_head(head).expect("head");
        // The live remarks' number, the JSON's length and the JSON, kept.
        let json = usize::try_from(take_u64(&head[8..]).expect("json").0).expect("len");
        let kept = &head[..16 + json];
        let parts = change(parts);
        let new_len = kept.len() + 8 + parts.len() * PART_ENTRY;
        let mut new = kept.to_vec();
        new.extend_from_slice(&(parts.len() as u64).to_le_bytes());
        for p in &parts {
            let at = (p.at + new_len as u64).checked_sub(head.len() as u64).expect("at");
            new.extend_from_slice(&at.to_le_bytes());
            new.extend_from_slice(&p.bytes.to_le_bytes());
            new.extend_from_slice(&(p.remarks as u64).to_le_bytes());
            new.extend_from_slice(&p.sum.to_le_bytes());
        }
        let mut out = (new.len() as u64).to_le_bytes().to_vec();
        out.extend_from_slice(&xxhash_rust::xxh3::xxh3_128(&new).to_le_bytes());
        out.extend_from_slice(&new);
        out.extend_from_slice(&body[HEAD_PREFIX + head.len()..]);
        out
    }

    /// A change made to a table of parts.
    type Change = Box<dyn Fn(Vec<Part>) -> Vec<Part>>;

    /// A head whose parts are out of order, twice, left out or
    /// overlapping (its checksum made to fit) is refused, never read into
    /// a session of other remarks nor given room for more remarks than the
    /// file holds (twenty thousand overlapping parts asked for 743 GB and
    /// aborted); in memory and through the file as a start reads it.
    #[test]
    fn a_head_whose_parts_do_not_follow_one_another_is_refused() {
        let size = crate::sample::Size { remarks: SMALL * 2, ..crate::sample::MEDIUM };
        let (session, text) = sample_of(size);
        let body = encode(&session, &session.remarks).expect("encode");
        let first = (HEAD_PREFIX + head_of(&body).expect("head").len()) as u64;
        let all = body.len() as u64 - first;
        let cases: [(&str, Change); 6] = [
            ("as written", Box::new(|p| p)),
            (
                "two swapped",
                Box::new(|mut p| {
                    p.swap(0, 1);
                    p
                }),
            ),
            (
                "the first twice",
                Box::new(|mut p| {
                    p[1] = p[0];
                    p
                }),
            ),
            (
                "the last left out",
                Box::new(|mut p| {
                    p.pop();
                    p
                }),
            ),
            ("none", Box::new(|_| Vec::new())),
            (
                "overlapping",
                Box::new(move |p| {
                    vec![
                        Part { at: first, bytes: all, remarks: (all / 5) as usize, ..p[0] };
                        20_000
                    ]
                }),
            ),
        ];
        for (what, change) in cases {
            let changed = with_parts(&body, change);
            let dir = tempfile::tempdir().expect("temp dir");
            let cache = Cache::in_dir(&dir.path().join("cache"));
            write(&cache, text.as_bytes(), &session);
            let file = file_for(&cache, &Key::of(text.as_bytes())).expect("a copy");
            let whole = std::fs::read(&file).expect("copy");
            let mut whole = whole[..whole.len() - body.len()].to_vec();
            whole.extend_from_slice(&changed);
            std::fs::write(&file, &whole).expect("write");
            if what == "as written" {
                assert_eq!(decode(&changed).as_ref(), Some(&session), "{what}");
                assert_eq!(read(&cache, text.as_bytes()).as_ref(), Some(&session), "{what}");
            } else {
                assert!(decode(&changed).is_none(), "{what}, in memory");
                assert_eq!(read(&cache, text.as_bytes()), None, "{what}");
            }
        }
    }

    /// A copy whose head names absurd sizes, its checksum made to fit (a
    /// file changed on purpose): ignored, never a panic, an abort or
    /// gigabytes asked for; read through the file as a start does.
    #[test]
    fn absurd_sizes_in_a_head_that_checks_are_ignored() {
        let size = crate::sample::Size { remarks: SMALL * 2, ..crate::sample::MEDIUM };
        let (session, text) = sample_of(size);
        let body = encode(&session, &session.remarks).expect("encode");
        let head_len = usize::try_from(take_u64(&body).expect("len").0).expect("len");
        // The head: the live remarks' number, the JSON's length, the JSON,
        // the number of parts, then each part's at, bytes, remarks, sum.
        let json =
            usize::try_from(take_u64(&body[HEAD_PREFIX + 8..]).expect("json").0).expect("len");
        let entry = |k: usize| HEAD_PREFIX + 8 + 8 + json + 8 + k * PART_ENTRY;
        let cases: [(&str, usize, u64); 6] = [
            ("the first part's bytes", entry(0) + 8, u64::MAX),
            ("the last part's bytes", entry(PARTS - 1) + 8, (1 << 63) - 1),
            ("bytes beyond the file", entry(0) + 8, 4 << 30),
            ("the first part's remarks", entry(0) + 16, 1 << 50),
            ("where a part starts", entry(2), u64::MAX - 3),
            ("the head's length", 0, u64::MAX - 10),
        ];
        for (what, at, value) in cases {
            let dir = tempfile::tempdir().expect("temp dir");
            let cache = Cache::in_dir(&dir.path().join("cache"));
            write(&cache, text.as_bytes(), &session);
            let file = file_for(&cache, &Key::of(text.as_bytes())).expect("a copy");
            let mut whole = std::fs::read(&file).expect("copy");
            let b = whole.len() - body.len();
            assert_eq!(&whole[b..], &body[..]);
            whole[b + at..b + at + 8].copy_from_slice(&value.to_le_bytes());
            if at != 0 {
                let sum = xxhash_rust::xxh3::xxh3_128(&whole[b + HEAD_PREFIX..][..head_len]);
                whole[b + 8..b + HEAD_PREFIX].copy_from_slice(&sum.to_le_bytes());
            }
            std::fs::write(&file, &whole).expect("write");
            assert_eq!(read(&cache, text.as_bytes()), None, "{what}");
            assert!(decode(&whole[b..]).is_none(), "{what}, in memory");
        }
    }

    #[test]
    fn a_damaged_copy_is_ignored() {
        let (_dir, cache, _, text) = copied(crate::sample::MEDIUM);
        let file = file_for(&cache, &Key::of(text.as_bytes())).expect("a copy");
        let whole = std::fs::read(&file).expect("copy");
        for cut in [0, 4, MAGIC.len() + 3, whole.len() / 2, whole.len() - 1] {
            std::fs::write(&file, &whole[..cut]).expect("cut");
            assert_eq!(read(&cache, text.as_bytes()), None, "cut at {cut}");
        }
        let mut flipped = whole;
        let at = flipped.len() - 10;
        flipped[at] ^= 1;
        std::fs::write(&file, &flipped).expect("flip");
        assert_eq!(read(&cache, text.as_bytes()), None, "a changed byte");
    }
}
