//! A binary copy of parsed actuals, so that a large actuals file opens
//! without parsing its RON again.
//!
//! The RON file stays the truth. The cache is found by the paths of the plan
//! and actuals, and used only when the fast hashes (xxh3-128) and lengths of
//! *both files' bytes* are the ones it was made from, with this very build
//! of the program (its version and a hash of its executable): a file
//! edited in place, even with the same size and time, is parsed again. The
//! records carry a checksum of their own, so a damaged cache is never read
//! as data. A cache that is missing, stale, unreadable or corrupt is
//! ignored and rebuilt; it never stops a load and never reports an error.
//!
//! The records are written as their own plain types (`postcard`), not with
//! the file formats' serde attributes, which are made for RON. The search
//! keys and the ledger's sorted lists go with them, so a hit sorts nothing.
//! The actuals file is hashed as it is read, a block at a time, on the
//! other core while the cache is decoded: its bytes are never held whole.
//! Nor are the cache's: it is read a block at a time too, each record
//! decoded as it comes ([`super::cache_blocks`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::actuals::{ACTUALS_VERSION, Actuals, Contribution, FigureStatus, StatedTotal};
use crate::domain::company::{Company, CompanyKind};
use crate::domain::fiscal::FiscalYear;
use crate::domain::ledger::{Ledger, LedgerParts, LedgerPartsOut};
use crate::domain::quantity::Quantity;
use crate::domain::search::SearchKeys;
use crate::domain::shared_str::SharedStr;

use super::cache_blocks::Blocks;

/// Raised whenever a type written to the cache changes.
const FORMAT: u32 = 5;
const MAGIC: &[u8; 8] = b"KPICACHE";
/// Where the cache goes instead of the platform's cache folder; `off`
/// turns it off.
pub const CACHE_VARIABLE: &str = "KPI_COUNCIL_CACHE";
/// Smaller actuals are parsed every time: they take milliseconds.
pub const MIN_BYTES: usize = 1024 * 1024;

/// Where caches are kept, and from which size of actuals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    dir: Option<PathBuf>,
    min_bytes: usize,
}

impl Cache {
    /// As the environment says: `KPI_COUNCIL_CACHE` (a folder, or `off`),
    /// else the platform's cache folder (`~/.cache/kpi-council` on Linux).
    #[must_use]
    pub fn from_env() -> Cache {
        let dir = match std::env::var_os(CACHE_VARIABLE) {
            Some(v) if v == "off" || v.is_empty() => None,
            Some(v) => Some(PathBuf::from(v)),
            None => default_dir(),
        };
        Cache { dir, min_bytes: MIN_BYTES }
    }

    /// In this folder, for actuals of any size.
    #[must_use]
    pub fn in_dir(dir: &Path) -> Cache {
        Cache { dir: Some(dir.to_path_buf()), min_bytes: 0 }
    }

    /// Only for files of at least `min_bytes`.
    #[must_use]
    pub fn from_size(self, min_bytes: usize) -> Cache {
        Cache { min_bytes, ..self }
    }

    /// No cache.
    #[must_use]
    pub fn off() -> Cache {
        Cache { dir: None, min_bytes: usize::MAX }
    }

    /// Files smaller than this are not cached.
    #[must_use]
    pub fn min_bytes(&self) -> usize {
        self.min_bytes
    }

    /// The folder, when the cache is on.
    #[must_use]
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The cache file for these two files, when a cache is used for them.
    fn file_for(&self, plan: &Path, actuals: &Path, actuals_len: usize) -> Option<PathBuf> {
        if actuals_len < self.min_bytes {
            return None;
        }
        let dir = self.dir.as_ref()?;
        let full = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let mut names = full(plan).into_os_string().into_encoded_bytes();
        names.push(0);
        names.extend(full(actuals).into_os_string().into_encoded_bytes());
        let name = xxhash_rust::xxh3::xxh3_128(&names);
        Some(dir.join(format!("{name:032x}.actuals")))
    }
}

/// The platform's cache folder for the program.
#[must_use]
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "kpi-council").map(|d| d.cache_dir().to_path_buf())
}

/// This very program: its version and a hash of its executable, so that a
/// program rebuilt or updated without a new version number never reads a
/// cache an earlier build wrote (a changed parser could read the same bytes
/// otherwise). Computed once; the executable unreadable, the version alone.
pub(super) fn program() -> &'static str {
    static PROGRAM: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PROGRAM.get_or_init(|| {
        let build = std::env::current_exe()
            .and_then(std::fs::File::open)
            .and_then(|file| hash_reading(file, 1 << 16))
            .map(|(hash, _)| format!("{hash:032x}"))
            .unwrap_or_default();
        format!("{} {build}", env!("CARGO_PKG_VERSION"))
    })
}

/// The xxh3-128 hash and length of everything `reader` gives, read in
/// blocks of `block` bytes: a large file is never held whole.
pub(super) fn hash_reading(
    mut reader: impl std::io::Read,
    block: usize,
) -> std::io::Result<(u128, u64)> {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0; block];
    let mut len: u64 = 0;
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return Ok((hasher.digest128(), len)),
            Ok(n) => {
                hasher.update(&buffer[..n]);
                len += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// What the cache was made from: both files' bytes, the program, and the
/// limits the files were checked against (a lower limit set later must
/// refuse what it refuses, cached or not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    format: u32,
    program: String,
    limits: String,
    plan_len: u64,
    plan_hash: u128,
    actuals_len: u64,
    actuals_hash: u128,
}

impl Key {
    fn new(plan: &[u8], actuals_len: u64, actuals_hash: u128) -> Key {
        Key {
            format: FORMAT,
            program: program().to_string(),
            limits: format!("{:?}", super::limits::limits()),
            plan_len: plan.len() as u64,
            plan_hash: xxhash_rust::xxh3::xxh3_128(plan),
            actuals_len,
            actuals_hash,
        }
    }

    /// The key of the actuals file as it is now, read a block at a time;
    /// `None` when it cannot be read or is over the limit on a file.
    fn of_file(plan: &[u8], actuals: &Path) -> Option<Key> {
        let limit = super::limits::limits().file_bytes;
        let file = std::fs::File::open(actuals).ok()?;
        let (hash, len) = hash_reading(std::io::Read::take(file, limit + 1), 1 << 20).ok()?;
        (len <= limit).then(|| Key::new(plan, len, hash))
    }
}

/// What a cache holds besides the key.
#[derive(Debug, Clone, PartialEq)]
pub struct Cached {
    pub actuals: Actuals,
    pub keys: SearchKeys,
    pub ledger: LedgerParts,
    /// The length of the actuals file.
    pub actuals_len: usize,
    /// SHA-256 of the plan's and actuals' bytes, in hex, as a session records.
    pub plan_sha256: String,
    pub actuals_sha256: String,
}

/// What [`write`] is given: borrowed from the loaded data.
#[derive(Debug, Clone, Copy)]
pub struct Contents<'a> {
    pub actuals: &'a Actuals,
    pub keys: &'a SearchKeys,
    pub ledger: &'a Ledger,
    pub plan_sha256: &'a str,
    pub actuals_sha256: &'a str,
}

/// The body as written, borrowed from the loaded data: the head, then the
/// rest after its length (read whole: 17 MB at a million records, the room
/// given back before the contributions are made), then the lists: the
/// companies, each distinct KPI id, company id and note of the
/// contributions once, and the contributions naming them by their place
/// (postcard's layout of [`ListsOut`]). Written into the file a piece at a
/// time ([`BodyOut::write_to`]): made whole, the body and its records took
/// 88 MB more at a million records, the highest the memory of a first
/// start went.
struct BodyOut<'a> {
    head: HeadOut<'a>,
    rest: RestOut<'a>,
    actuals: &'a Actuals,
    texts: Vec<&'a str>,
    /// Each contribution's KPI id, company id and note, by place in `texts`.
    places: Vec<[u32; 3]>,
}

#[derive(Serialize)]
struct HeadOut<'a> {
    plan_sha256: &'a str,
    actuals_sha256: &'a str,
    sample: bool,
}

#[derive(Serialize)]
struct RestOut<'a> {
    stated_totals: Vec<StatedOut<'a>>,
    keys: &'a SearchKeys,
    ledger: LedgerPartsOut<'a>,
}

/// The lists as one value: the layout [`BodyOut::write_to`] writes piece
/// by piece (checked by a test against this, made whole).
#[cfg(test)]
#[derive(Serialize)]
struct ListsOut<'a> {
    companies: Vec<CompanyOut<'a>>,
    texts: Vec<&'a str>,
    contributions: Vec<ContributionOut>,
}

#[derive(Serialize)]
struct CompanyOut<'a> {
    id: &'a str,
    name: &'a str,
    head_office: &'a str,
    industry: &'a str,
    kind: CompanyKind,
    reading: &'a str,
}

impl<'a> CompanyOut<'a> {
    fn of(c: &'a Company) -> Self {
        CompanyOut {
            id: &c.id,
            name: &c.name,
            head_office: &c.head_office,
            industry: &c.industry,
            kind: c.kind,
            reading: &c.reading,
        }
    }
}

#[derive(Serialize)]
struct ContributionOut {
    kpi: u32,
    fiscal_year: i32,
    company: u32,
    milli: i64,
    date: Option<i32>,
    note: u32,
}

impl ContributionOut {
    fn of(c: &Contribution, [kpi, company, note]: [u32; 3]) -> Self {
        ContributionOut {
            kpi,
            fiscal_year: c.fiscal_year.0,
            company,
            milli: c.value.milli(),
            date: c.date.map(|d| d.num_days_from_ce()),
            note,
        }
    }
}

#[derive(Serialize)]
struct StatedOut<'a> {
    kpi: &'a str,
    fiscal_year: i32,
    milli: i64,
    source: &'a str,
    status: Option<FigureStatus>,
}

/// Bytes of the body gathered before they are written to the file.
const PIECE: usize = 1 << 16;

impl<'a> BodyOut<'a> {
    fn of(c: Contents<'a>) -> Option<BodyOut<'a>> {
        let a = c.actuals;
        let mut texts: Vec<&'a str> = Vec::new();
        let mut found: std::collections::HashMap<&'a str, u32, foldhash::fast::RandomState> =
            std::collections::HashMap::default();
        let mut place = |text: &'a str| -> Option<u32> {
            if let Some(&at) = found.get(text) {
                return Some(at);
            }
            let at = u32::try_from(texts.len()).ok()?;
            texts.push(text);
            found.insert(text, at);
            Some(at)
        };
        let places = a
            .contributions
            .iter()
            .map(|c| Some([place(&c.kpi)?, place(&c.company)?, place(&c.note)?]))
            .collect::<Option<Vec<_>>>()?;
        let head = HeadOut {
            plan_sha256: c.plan_sha256,
            actuals_sha256: c.actuals_sha256,
            sample: a.sample,
        };
        let rest = RestOut {
            stated_totals: a
                .stated_totals
                .iter()
                .map(|s| StatedOut {
                    kpi: &s.kpi,
                    fiscal_year: s.fiscal_year.0,
                    milli: s.value.milli(),
                    source: &s.source,
                    status: s.status,
                })
                .collect(),
            keys: c.keys,
            ledger: c.ledger.parts_out(),
        };
        Some(BodyOut { head, rest, actuals: a, texts, places })
    }

    /// Writes the bytes into `out` a piece at a time: the head, the rest's
    /// length and the rest, then each list as postcard writes one (its
    /// count, then its items).
    fn write_to(&self, out: &mut dyn Write) -> Result<(), Box<dyn std::error::Error>> {
        fn piece(
            buffer: Vec<u8>,
            out: &mut dyn Write,
        ) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
            if buffer.len() < PIECE {
                return Ok(buffer);
            }
            // A signal to stop gives the cache up at once (see
            // crate::interrupt): it is made again next time.
            crate::interrupt::check()?;
            out.write_all(&buffer)?;
            let mut buffer = buffer;
            buffer.clear();
            Ok(buffer)
        }
        let a = self.actuals;
        // The rest's bytes written as they are, not copied behind the head
        // (17 MB at a million records), as `put_sized` lays them out.
        let rest = postcard::to_stdvec(&self.rest)?;
        let head = postcard::to_stdvec(&self.head)?;
        out.write_all(&postcard::to_extend(&(rest.len() as u64), head)?)?;
        out.write_all(&rest)?;
        drop(rest);
        let mut buffer = Vec::with_capacity(2 * PIECE);
        buffer = postcard::to_extend(&a.companies.len(), buffer)?;
        for c in &a.companies {
            buffer = piece(postcard::to_extend(&CompanyOut::of(c), buffer)?, out)?;
        }
        buffer = postcard::to_extend(&self.texts.len(), buffer)?;
        for text in &self.texts {
            buffer = piece(postcard::to_extend(text, buffer)?, out)?;
        }
        buffer = postcard::to_extend(&a.contributions.len(), buffer)?;
        for (c, &places) in a.contributions.iter().zip(&self.places) {
            buffer = piece(postcard::to_extend(&ContributionOut::of(c, places), buffer)?, out)?;
        }
        out.write_all(&buffer)?;
        Ok(())
    }

    /// The bytes as one value would be written whole (for the test of
    /// [`BodyOut::write_to`]).
    #[cfg(test)]
    fn bytes_whole(&self) -> postcard::Result<Vec<u8>> {
        let a = self.actuals;
        let lists = ListsOut {
            companies: a.companies.iter().map(CompanyOut::of).collect(),
            texts: self.texts.clone(),
            contributions: a
                .contributions
                .iter()
                .zip(&self.places)
                .map(|(c, &p)| ContributionOut::of(c, p))
                .collect(),
        };
        let out = postcard::to_stdvec(&self.head)?;
        let out = super::cache_blocks::put_sized(&self.rest, out)?;
        postcard::to_extend(&lists, out)
    }
}

/// The body as read, value by value as the file is read, so that the
/// records become companies and contributions one at a time, never held
/// twice: the head, the rest, then the companies, the texts and the
/// contributions (each list a count and its records: postcard's layout of
/// a list). The bytes [`BodyOut::write_to`] writes.
struct BodyHead {
    plan_sha256: String,
    actuals_sha256: String,
    sample: bool,
}

#[derive(Deserialize)]
struct BodyRest {
    stated_totals: Vec<StatedRecord>,
    keys: SearchKeys,
    ledger: LedgerParts,
}

#[derive(Deserialize)]
struct CompanyRecord {
    id: String,
    name: String,
    head_office: String,
    industry: String,
    kind: CompanyKind,
    reading: String,
}

#[derive(Deserialize)]
struct ContributionRecord {
    /// Places in `Body::texts`.
    kpi: u32,
    fiscal_year: i32,
    company: u32,
    milli: i64,
    /// Days from 0001-01-01 (day 1).
    date: Option<i32>,
    note: u32,
}

#[derive(Deserialize)]
struct StatedRecord {
    kpi: String,
    fiscal_year: i32,
    milli: i64,
    source: String,
    status: Option<FigureStatus>,
}

/// The records of a list: its count, then each record, as they are read.
/// Never more than the limit on records allows, nor than the file's
/// `bytes` could hold (the body's checksum was checked before: the counts
/// are the writer's; these bounds are a second guard).
fn list<T: serde::de::DeserializeOwned>(
    blocks: &mut Blocks<impl std::io::Read>,
    bytes: u64,
) -> Option<Vec<T>> {
    let count = count(blocks, bytes)?;
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        out.push(blocks.take()?);
    }
    Some(out)
}

/// A list's count, within the bounds [`list`] says.
fn count(blocks: &mut Blocks<impl std::io::Read>, bytes: u64) -> Option<usize> {
    let count: usize = blocks.take()?;
    (count <= super::limits::limits().records && count as u64 <= bytes).then_some(count)
}

/// The body, read from the file after the checksum (`bytes` long at most).
fn decode_body(blocks: &mut Blocks<impl std::io::Read>, bytes: u64) -> Option<Cached> {
    let head = BodyHead {
        plan_sha256: blocks.take()?,
        actuals_sha256: blocks.take()?,
        sample: blocks.take()?,
    };
    let rest: BodyRest = blocks.take_sized(bytes)?;
    let companies = list(blocks, bytes)?;
    let texts: Vec<SharedStr> =
        list::<String>(blocks, bytes)?.into_iter().map(SharedStr::from).collect();
    let text = |at: u32| texts.get(usize::try_from(at).ok()?).cloned();
    let count = count(blocks, bytes)?;
    let mut contributions = Vec::with_capacity(count);
    for _ in 0..count {
        let c: ContributionRecord = blocks.take()?;
        let date = match c.date {
            Some(days) => Some(NaiveDate::from_num_days_from_ce_opt(days)?),
            None => None,
        };
        contributions.push(Contribution {
            kpi: text(c.kpi)?,
            fiscal_year: FiscalYear(c.fiscal_year),
            company: text(c.company)?,
            value: Quantity::from_milli(c.milli),
            date,
            note: text(c.note)?,
        });
    }
    Body { head, companies, contributions, rest }.into_cached()
}

/// A body decoded, its contributions made.
struct Body {
    head: BodyHead,
    companies: Vec<CompanyRecord>,
    contributions: Vec<Contribution>,
    rest: BodyRest,
}

impl Body {
    fn into_cached(self) -> Option<Cached> {
        let Body { head, companies, contributions, rest } = self;
        let actuals = Actuals {
            version: ACTUALS_VERSION,
            sample: head.sample,
            companies: companies
                .into_iter()
                .map(|c| Company {
                    id: c.id,
                    name: c.name,
                    head_office: c.head_office,
                    industry: c.industry,
                    kind: c.kind,
                    reading: c.reading,
                })
                .collect(),
            contributions,
            stated_totals: rest
                .stated_totals
                .into_iter()
                .map(|s| StatedTotal {
                    kpi: s.kpi,
                    fiscal_year: FiscalYear(s.fiscal_year),
                    value: Quantity::from_milli(s.milli),
                    source: s.source,
                    status: s.status,
                })
                .collect(),
        };
        // A cache cut short or mixed up cannot pass for a whole one.
        if !rest.keys.fits(&actuals) {
            return None;
        }
        Some(Cached {
            actuals,
            keys: rest.keys,
            ledger: rest.ledger,
            actuals_len: 0,
            plan_sha256: head.plan_sha256,
            actuals_sha256: head.actuals_sha256,
        })
    }
}

/// Reads the cache of these files, when there is one made from exactly
/// these bytes of the plan and exactly the bytes the actuals file holds
/// now. Any failure is `None`: the caller parses the files.
#[must_use]
pub fn read(cache: &Cache, plan_path: &Path, plan: &[u8], actuals_path: &Path) -> Option<Cached> {
    let len = std::fs::metadata(actuals_path).ok()?.len();
    // A file over the limit is refused by the parse, with its message.
    if len > super::limits::limits().file_bytes {
        return None;
    }
    let file = cache.file_for(plan_path, actuals_path, usize::try_from(len).ok()?)?;
    // The file from its start to the body (its checksum first), with the key.
    let open = || -> Option<(Blocks<std::fs::File>, Key)> {
        let mut blocks = Blocks::new(std::fs::File::open(&file).ok()?, BLOCK);
        (&blocks.bytes::<8>()? == MAGIC).then_some(())?;
        let key: Key = blocks.take()?;
        Some((blocks, key))
    };
    let bytes = std::fs::metadata(&file).ok()?.len();
    let (blocks, key) = open()?;
    // The actuals are hashed on the other core while the body is checked
    // and decoded; a body decoded for nothing is dropped.
    let (now, cached) = std::thread::scope(|s| {
        let now = s.spawn(|| Key::of_file(plan, actuals_path));
        let again = || open().map(|(blocks, _)| blocks);
        let cached = (key.format == FORMAT).then(|| decode(blocks, again, bytes)).flatten();
        (now.join().ok().flatten(), cached)
    });
    if now.as_ref() != Some(&key) {
        tracing::debug!(cache = %file.display(), "the cache was made from other files");
        return None;
    }
    if cached.is_none() {
        tracing::info!(cache = %file.display(), "the cache is unreadable; the files are parsed");
    }
    cached.map(|c| Cached { actuals_len: usize::try_from(key.actuals_len).unwrap_or(0), ..c })
}

/// How much of a cache file is read at a time.
const BLOCK: usize = 1 << 20;

/// The body after the key (`blocks`, and `again` from the same place):
/// checksum, then the records. The whole body's checksum is checked first,
/// a block at a time, so that damaged bytes never reach the decoder (a
/// damaged count could ask for gigabytes); then the records are decoded as
/// they are read, nothing after them.
fn decode<R: std::io::Read>(
    mut blocks: Blocks<R>,
    again: impl FnOnce() -> Option<Blocks<R>>,
    bytes: u64,
) -> Option<Cached> {
    let sum = blocks.bytes::<16>()?;
    if blocks.hash_of_rest()?.to_le_bytes() != sum {
        return None;
    }
    let mut blocks = again()?;
    blocks.bytes::<16>()?;
    let cached = decode_body(&mut blocks, bytes)?;
    blocks.nothing_follows()?.then_some(cached)
}

/// What a cache is made from of the actuals file: its length and fast
/// hash, taken from its bytes while they are at hand (they are let go
/// before the cache is written: 163 MB at a million records).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hashed {
    len: usize,
    hash: u128,
}

impl Hashed {
    #[must_use]
    pub fn of(bytes: &[u8]) -> Hashed {
        Hashed { len: bytes.len(), hash: xxhash_rust::xxh3::xxh3_128(bytes) }
    }

    /// The length and xxh3-128 of bytes hashed as they were read.
    #[must_use]
    pub fn from_parts(len: usize, hash: u128) -> Hashed {
        Hashed { len, hash }
    }
}

/// Writes the cache of these files. Failures are logged, never reported:
/// the next start parses the files again.
pub fn write(
    cache: &Cache,
    plan_path: &Path,
    plan: &[u8],
    actuals_path: &Path,
    actuals: Hashed,
    contents: &Contents<'_>,
) {
    let Some(file) = cache.file_for(plan_path, actuals_path, actuals.len) else { return };
    let result = (|| -> Result<(), Box<dyn std::error::Error>> {
        let body = BodyOut::of(*contents).ok_or("more than 2^32 distinct texts")?;
        write_file_with(
            &file,
            *MAGIC,
            &Key::new(plan, actuals.len as u64, actuals.hash),
            &mut |out| body.write_to(out),
            "actuals",
            KEEP,
        )
    })();
    if let Err(e) = result {
        tracing::info!(cache = %file.display(), error = %e, "the cache was not written");
    }
}

/// Writes a cache file whole or not at all: the magic, the key, a checksum
/// of the body, the body; then keeps the `keep` most recent of this kind.
/// Not synced: a cache lost in a crash is made again.
pub(super) fn write_file(
    file: &Path,
    magic: [u8; 8],
    key: &impl Serialize,
    body: &[u8],
    extension: &str,
    keep: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    // The body written after its prefix, not copied behind it (13 MB
    // more at once for a session of 100,000 remarks, about 36 MB for a
    // million records).
    let mut prefix = postcard::to_extend(key, magic.to_vec())?;
    prefix.extend_from_slice(&xxhash_rust::xxh3::xxh3_128(body).to_le_bytes());
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Dropped after the file (see crate::interrupt). Readable by its owner
    // only: a session's copy holds every remark, 非公開 ones too.
    let mut writing = crate::interrupt::writing_cache();
    super::disk::replace_own(file, &mut |out| {
        out.write_all(&prefix)?;
        out.write_all(body)?;
        Ok(())
    })?;
    writing.done();
    prune(file, extension, keep);
    Ok(())
}

/// What writes a body into a cache file (see [`write_file_with`]).
pub(super) type WriteBody<'a> = super::disk::WriteOwn<'a>;

/// [`write_file`] of a body that `body` writes into the file from where it
/// stands (it may go back within what it wrote, and must end at its end),
/// a part at a time instead of whole in memory; the body's checksum is
/// then made from the file, read back a block at a time.
pub(super) fn write_file_with(
    file: &Path,
    magic: [u8; 8],
    key: &impl Serialize,
    body: &mut WriteBody<'_>,
    extension: &str,
    keep: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    use std::io::{Read, Seek, SeekFrom};
    let prefix = postcard::to_extend(key, magic.to_vec())?;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Dropped after the file (see crate::interrupt).
    let mut writing = crate::interrupt::writing_cache();
    // Read back too: the checksum is made from what was written.
    super::disk::replace_own(file, &mut |out| {
        out.write_all(&prefix)?;
        out.write_all(&[0; 16])?;
        let body_at = out.stream_position()?;
        body(out)?;
        let end = out.stream_position()?;
        out.seek(SeekFrom::Start(body_at))?;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut block = vec![0u8; 1 << 18];
        let mut left = end - body_at;
        while left > 0 {
            let n = usize::try_from(left.min(block.len() as u64))?;
            out.read_exact(&mut block[..n])?;
            hasher.update(&block[..n]);
            left -= n as u64;
        }
        out.seek(SeekFrom::Start(prefix.len() as u64))?;
        out.write_all(&hasher.digest128().to_le_bytes())?;
        Ok(())
    })?;
    writing.done();
    prune(file, extension, keep);
    Ok(())
}

/// How many caches of actuals or of whole sessions are kept (the most
/// recently written): one per pair of files opened, so that trying many
/// samples does not fill the disk.
pub(super) const KEEP: usize = 4;

/// Removes the caches of this kind (`extension`) beyond the `keep` most
/// recent, never `kept`; and the temporary files of this kind a run ended
/// before it finished writing left (`.<name>.<extension>.XXXXXX`, tens of
/// megabytes each), once they are an hour old: a younger one may be
/// another run's, being written.
pub(super) fn prune(kept: &Path, extension: &str, keep: usize) {
    let Some(dir) = kept.parent() else { return };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    let left_over = format!(".{extension}.");
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for path in &paths {
        let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        if name.starts_with('.')
            && name.contains(&left_over)
            && std::fs::symlink_metadata(path)
                .and_then(|m| m.modified())
                .is_ok_and(|at| at < an_hour_ago)
        {
            let _ = std::fs::remove_file(path);
        }
    }
    let mut caches: Vec<(std::time::SystemTime, PathBuf)> = paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == extension) && p != kept)
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    caches.sort_by_key(|c| std::cmp::Reverse(c.0));
    for (_, old) in caches.iter().skip(keep.saturating_sub(1)) {
        let _ = std::fs::remove_file(old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::embedded;

    /// A cache file (a session's copy holds every remark) is readable by
    /// its owner only, however it is written.
    #[cfg(unix)]
    #[test]
    fn a_cache_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let (whole, in_parts) = (dir.path().join("a.session"), dir.path().join("b.session"));
        write_file(&whole, *b"TESTTEST", &1u32, b"body", "session", 4).expect("written");
        let mut body = |out: &mut std::fs::File| {
            out.write_all(b"body")?;
            Ok(())
        };
        write_file_with(&in_parts, *b"TESTTEST", &1u32, &mut body, "session", 4).expect("written");
        for file in [whole, in_parts] {
            let mode = std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", file.display());
        }
    }

    fn loaded() -> crate::domain::dataset::Dataset {
        let mut d = embedded::load().expect("embedded").dataset;
        // Every field read back, the stated total's 速報 included.
        d.actuals.stated_totals[0].status = Some(FigureStatus::Preliminary);
        d
    }

    fn cached(d: &crate::domain::dataset::Dataset) -> Cached {
        Cached {
            keys: d.keys.clone(),
            actuals: d.actuals.clone(),
            ledger: d.ledger.parts(),
            actuals_len: 7,
            plan_sha256: "p".into(),
            actuals_sha256: "a".into(),
        }
    }

    fn contents(d: &crate::domain::dataset::Dataset) -> Contents<'_> {
        Contents {
            actuals: &d.actuals,
            keys: &d.keys,
            ledger: &d.ledger,
            plan_sha256: "p",
            actuals_sha256: "a",
        }
    }

    /// A cache folder and an actuals file holding `b"actuals"`.
    fn files() -> (tempfile::TempDir, Cache, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::in_dir(&dir.path().join("cache"));
        let (plan, actuals) = (dir.path().join("plan.ron"), dir.path().join("actuals.ron"));
        std::fs::write(&actuals, b"actuals").expect("actuals");
        (dir, cache, plan, actuals)
    }

    #[test]
    fn what_is_written_is_read_back_for_the_same_bytes_only() {
        let (_dir, cache, plan, actuals) = files();
        let d = loaded();
        write(&cache, &plan, b"plan", &actuals, Hashed::of(b"actuals"), &contents(&d));
        assert_eq!(read(&cache, &plan, b"plan", &actuals), Some(cached(&d)));
        assert_eq!(read(&cache, &plan, b"plam", &actuals), None, "another plan");
        assert_eq!(read(&cache, &actuals, b"plan", &plan), None, "other paths");
        assert_eq!(read(&Cache::off(), &plan, b"plan", &actuals), None);
        // The same length, other bytes.
        std::fs::write(&actuals, b"actualz").expect("actuals");
        assert_eq!(read(&cache, &plan, b"plan", &actuals), None);
        std::fs::remove_file(&actuals).expect("remove");
        assert_eq!(read(&cache, &plan, b"plan", &actuals), None, "no actuals file");
    }

    /// The body written a piece at a time is the one postcard makes of it
    /// whole, for a body of many pieces (30,000 records, texts with escapes
    /// and non-ASCII), the embedded one, and one without companies.
    #[test]
    fn the_body_written_in_pieces_is_the_body_made_whole() {
        let size = crate::sample::Size { records: 30_000, ..crate::sample::MEDIUM };
        let plan = crate::sample::plan(size);
        let mut actuals = crate::sample::actuals(&plan, size);
        actuals.contributions[5].note = "改行\nと\"引用\"".into();
        let large = crate::domain::dataset::Dataset::new(plan, actuals).expect("valid");
        let mut none = loaded();
        none.actuals.companies.clear();
        for d in [&large, &loaded(), &none] {
            let body = BodyOut::of(contents(d)).expect("body");
            let mut pieces = Vec::new();
            body.write_to(&mut pieces).expect("written");
            let whole = body.bytes_whole().expect("whole");
            assert!(d.actuals.contributions.len() < 30_000 || whole.len() > 4 * PIECE);
            assert_eq!(pieces, whole);
        }
    }

    /// Every value of the body cut by a block's end somewhere: the same
    /// records as read in one block.
    #[test]
    fn a_cache_read_a_few_bytes_at_a_time_reads_the_same() {
        let (_dir, cache, plan, actuals) = files();
        let d = loaded();
        write(&cache, &plan, b"plan", &actuals, Hashed::of(b"actuals"), &contents(&d));
        let file = cache.file_for(&plan, &actuals, 7).expect("a cache file");
        let whole = std::fs::read(&file).expect("cache");
        let after_magic = whole.strip_prefix(MAGIC).expect("magic");
        let (_, body): (Key, _) = postcard::take_from_bytes(after_magic).expect("key");
        let len = body.len() as u64;
        for block in [1, 3, 64] {
            let again = || Some(Blocks::new(body, block));
            let read = decode(Blocks::new(body, block), again, len).expect("decoded");
            assert_eq!(Cached { actuals_len: 7, ..read }, cached(&d), "blocks of {block}");
        }
        let mut flipped = body.to_vec();
        flipped[40] ^= 1;
        let again = || Some(Blocks::new(&flipped[..], 3));
        assert_eq!(decode(Blocks::new(&flipped[..], 3), again, len), None, "checksum");
    }

    /// A temporary file a run left when it ended in the middle of writing
    /// (a second Ctrl+C) goes when the next cache is written, once an hour
    /// old; a younger one, which may be another run's, stays, and so does
    /// any other file.
    #[test]
    fn a_cache_half_written_by_an_ended_run_is_removed_later() {
        let (_dir, cache, plan, actuals) = files();
        let folder = cache.dir().expect("a folder").to_path_buf();
        std::fs::create_dir_all(&folder).expect("folder");
        let made = |name: &str, hours: u64| {
            let path = folder.join(name);
            let file = std::fs::File::create(&path).expect("file");
            let at = std::time::SystemTime::now() - std::time::Duration::from_secs(hours * 3600);
            file.set_modified(at).expect("time");
            path
        };
        let left = made(".33d3f0.actuals.AbC123", 2);
        let young = made(".44e4f1.actuals.XyZ789", 0);
        let other = made(".notes.txt", 2);
        let session = made(".55f5a2.session.QwE456", 2);
        let d = loaded();
        write(&cache, &plan, b"plan", &actuals, Hashed::of(b"actuals"), &contents(&d));
        assert!(!left.exists(), "the old one is removed");
        assert!(young.exists() && other.exists(), "a young one and other files stay");
        assert!(session.exists(), "another kind's are left to its own writes");
    }

    #[test]
    fn a_cut_or_damaged_cache_is_ignored() {
        let (_dir, cache, plan, actuals) = files();
        write(&cache, &plan, b"plan", &actuals, Hashed::of(b"actuals"), &contents(&loaded()));
        let file = cache.file_for(&plan, &actuals, 7).expect("a cache file");
        let whole = std::fs::read(&file).expect("cache");
        for cut in [0, 4, MAGIC.len() + 3, whole.len() / 2, whole.len() - 1] {
            std::fs::write(&file, &whole[..cut]).expect("cut");
            assert_eq!(read(&cache, &plan, b"plan", &actuals), None, "cut at {cut}");
        }
        let mut flipped = whole.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        std::fs::write(&file, &flipped).expect("flip");
        assert_eq!(read(&cache, &plan, b"plan", &actuals), None, "a changed byte");
    }
}
