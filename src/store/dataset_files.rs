//! Loading a plan and its actuals from files or the embedded default.

use std::path::Path;

use crate::domain::actuals::Actuals;
use crate::domain::dataset::{Both, Dataset, Part};
use crate::domain::plan::Plan;

use super::cache::{self, Cache};
use super::embedded;
use super::ron_file::{self, LoadError, Origin};
use crate::import::table::CellError;

/// Where one input came from, for the status line and the session record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub origin: Origin,
    /// Length of the content in bytes.
    pub len: usize,
    /// SHA-256 of the content, in hex: what a session records.
    pub sha256: String,
}

impl Source {
    #[must_use]
    pub fn new(origin: Origin, bytes: &[u8]) -> Self {
        use sha2::{Digest, Sha256};
        let sha256 = super::hex(&Sha256::digest(bytes));
        Source { origin, len: bytes.len(), sha256 }
    }

    /// As a session records it.
    #[must_use]
    pub fn data_ref(&self) -> crate::domain::session::DataRef {
        crate::domain::session::DataRef {
            path: self.origin.to_string(),
            sha256: self.sha256.clone(),
        }
    }
}

/// A validated dataset and the sources it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    pub plan_source: Source,
    pub actuals_source: Source,
    /// Whether the actuals came from the cache rather than their file.
    pub from_cache: bool,
}

impl Loaded {
    /// The files as a session records them.
    #[must_use]
    pub fn data_refs(&self) -> crate::domain::session::DataRefs {
        crate::domain::session::DataRefs {
            plan: self.plan_source.data_ref(),
            actuals: self.actuals_source.data_ref(),
        }
    }
}

/// Records from which the ledger and the search keys are made on two
/// cores (a thread costs more for fewer).
const ON_TWO_CORES_FROM: usize = 10_000;

/// Runs the second piece of work on a thread of its own.
struct TwoCores;

impl Both for TwoCores {
    fn both<A, B, RA, RB>(&self, a: A, b: B) -> (RA, RB)
    where
        A: FnOnce() -> RA + Send,
        B: FnOnce() -> RB + Send,
        RA: Send,
        RB: Send,
    {
        std::thread::scope(|scope| {
            let second = scope.spawn(b);
            let first = a();
            (first, second.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
        })
    }
}

pub fn assemble(
    plan: Plan,
    plan_source: Source,
    actuals: Actuals,
    actuals_source: Source,
) -> Result<Loaded, LoadError> {
    let dataset = if actuals.contributions.len() < ON_TWO_CORES_FROM {
        Dataset::new(plan, actuals)
    } else {
        Dataset::new_with(plan, actuals, &TwoCores)
    };
    match dataset {
        Ok(dataset) => Ok(Loaded { dataset, plan_source, actuals_source, from_cache: false }),
        Err((Part::Plan, e)) => Err(LoadError::invalid(&plan_source.origin, e)),
        Err((Part::Actuals, e)) => Err(LoadError::invalid(&actuals_source.origin, e)),
    }
}

pub fn load_plan(path: &Path) -> Result<(Plan, Source), LoadError> {
    let (plan, bytes): (Plan, _) = ron_file::load(path).map_err(|e| plan_text_given(path, e))?;
    Ok((plan, Source::new(Origin::File(path.to_path_buf()), &bytes)))
}

/// The plan's text (`.txt`, what `import plan` reads) given where its plan
/// file goes fails at its first character (or, in Shift_JIS or UTF-16, as
/// not UTF-8): said as such, with the command that makes the plan file.
fn plan_text_given(path: &Path, error: LoadError) -> LoadError {
    let text = path.extension().is_some_and(|x| x.eq_ignore_ascii_case("txt"));
    match error {
        LoadError::Syntax { origin, line: 1, col: 1, .. } | LoadError::NotUtf8 { origin, .. }
            if text =>
        {
            let file = crate::export::safe::terminal(&path.display().to_string()).into_owned();
            LoadError::Syntax {
                origin,
                line: 1,
                col: 1,
                message: crate::i18n::tr(
                    format!(
                        "計画の本文のテキストのようです。kpi-council import plan {file} -o plan.ron で計画ファイルにしてから --plan plan.ron と指定してください"
                    ),
                    format!(
                        "this looks like the plan's text: make the plan file with kpi-council import plan {file} -o plan.ron, then give --plan plan.ron"
                    ),
                ),
            }
        }
        other => other,
    }
}

pub fn load_actuals(path: &Path) -> Result<(Actuals, Source), LoadError> {
    let (mut actuals, bytes): (Actuals, _) = ron_file::load(path)?;
    actuals.share_texts();
    super::limits::check_actuals(&super::limits::limits(), &actuals)
        .map_err(|e| LoadError::invalid(&Origin::File(path.to_path_buf()), e))?;
    Ok((actuals, Source::new(Origin::File(path.to_path_buf()), &bytes)))
}

/// Loads what the command line names. Without `--plan` the embedded plan
/// is used; without `--actuals`, the sample actuals go with the embedded
/// plan and a plan from a file starts with no actuals. Large actuals in
/// RON come from the cache when it was made from the same bytes.
pub fn load(plan: Option<&Path>, actuals: Option<&Path>) -> Result<Loaded, LoadError> {
    load_with(plan, actuals, &Cache::from_env())
}

/// [`load`] with the cache given.
pub fn load_with(
    plan: Option<&Path>,
    actuals: Option<&Path>,
    cache: &Cache,
) -> Result<Loaded, LoadError> {
    let (plan, plan_source, plan_bytes) = match plan {
        Some(p) => {
            let bytes = ron_file::read_capped(p)?;
            let origin = Origin::File(p.to_path_buf());
            let plan: Plan = ron_file::utf8_text(&origin, &bytes)
                .and_then(|text| ron_file::parse(&origin, text))
                .map_err(|e| plan_text_given(p, e))?;
            (plan, Source::new(origin, &bytes), bytes)
        }
        None => {
            let (plan, source) = embedded::plan()?;
            (plan, source, embedded::PLAN_RON.as_bytes().to_vec())
        }
    };
    let from_file = matches!(plan_source.origin, Origin::File(_));
    let (actuals, actuals_source) = match actuals {
        // A spreadsheet or CSV straight from a department: imported on the fly.
        Some(a) if crate::import::is_table(a) => {
            let (actuals, bytes) = crate::import::actuals_from_table(
                a,
                &plan,
                None,
                &std::collections::HashMap::new(),
            )
            .map_err(|errors| {
                let n = errors.len().saturating_sub(1);
                let more = if n > 0 {
                    crate::i18n::tr(
                        format!("（ほかに {n} 件の問題。kpi-council import actuals --report ですべて表示）"),
                        format!(" (and {n} more problems; kpi-council import actuals --report lists them all)"),
                    )
                } else {
                    String::new()
                };
                let first = errors.first().map(CellError::within_file).unwrap_or_default();
                LoadError::Other {
                    origin: Origin::File(a.to_path_buf()),
                    message: format!("{first}{more}"),
                }
            })?;
            (actuals, Source::new(Origin::File(a.to_path_buf()), &bytes))
        }
        Some(a) => return load_ron_actuals(plan, plan_source, &plan_bytes, a, cache),
        None if from_file => {
            (Actuals::empty(), Source::new(Origin::Embedded("empty actuals"), b""))
        }
        None => embedded::actuals()?,
    };
    assemble(plan, plan_source, actuals, actuals_source)
}

/// The plan with actuals from a RON file: from the cache when it was made
/// from these very bytes of both files, else parsed, checked, and cached.
fn load_ron_actuals(
    plan: Plan,
    plan_source: Source,
    plan_bytes: &[u8],
    path: &Path,
    cache: &Cache,
) -> Result<Loaded, LoadError> {
    let origin = Origin::File(path.to_path_buf());
    let plan_path = plan_path(&plan_source);
    if let Some(hit) = cache::read(cache, &plan_path, plan_bytes, path) {
        let actuals_source =
            Source { origin, len: hit.actuals_len, sha256: hit.actuals_sha256.clone() };
        // The bytes of both files are those that were checked when the cache
        // was written, so the checks would find what they found then.
        let dataset = Dataset::checked_before(plan, hit.actuals, hit.keys, hit.ledger);
        return Ok(Loaded { dataset, plan_source, actuals_source, from_cache: true });
    }
    // Line by line on all the cores, a block at a time and hashed as it
    // is read, when written by the program (the texts shared as they are
    // read); else whole, with the RON reader's errors and positions.
    let (actuals, actuals_source, hashed) = match streamed(&origin, path) {
        Some(read) => read,
        None => {
            let bytes = ron_file::read_capped(path)?;
            let text = ron_file::utf8_text(&origin, &bytes)?;
            let mut actuals: Actuals = ron_file::parse(&origin, text)?;
            actuals.share_texts();
            let hashed = cache::Hashed::of(&bytes);
            (actuals, Source::new(origin.clone(), &bytes), hashed)
        }
    };
    super::limits::check_actuals(&super::limits::limits(), &actuals)
        .map_err(|e| LoadError::invalid(&origin, e))?;
    let loaded = assemble(plan, plan_source, actuals, actuals_source)?;
    cache::write(
        cache,
        &plan_path,
        plan_bytes,
        path,
        hashed,
        &cache::Contents {
            actuals: &loaded.dataset.actuals,
            keys: &loaded.dataset.keys,
            ledger: &loaded.dataset.ledger,
            plan_sha256: &loaded.plan_source.sha256,
            actuals_sha256: &loaded.actuals_source.sha256,
        },
    );
    Ok(loaded)
}

/// The actuals file at `path` read a block of lines at a time, never
/// whole (see `actuals_lines::read_from`), with its SHA-256 and cache hash
/// made from the bytes as they are read. `None` for a file not as the
/// program writes it, or one that cannot be read or is too large: the
/// caller reads it whole, and says why where it must.
fn streamed(origin: &Origin, path: &Path) -> Option<(Actuals, Source, cache::Hashed)> {
    // Looked at before it is opened: a named pipe opened here and then
    // again by the whole read could lose its writer in between.
    let meta = std::fs::metadata(path).ok()?;
    let limit = super::limits::limits().file_bytes;
    if !meta.is_file() || meta.len() > limit {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let len = usize::try_from(meta.len()).ok()?;
    let mut hashing = Hashing::new(std::io::Read::take(file, limit + 1));
    let actuals = {
        let mut input = std::io::BufReader::with_capacity(1 << 20, &mut hashing);
        super::actuals_lines::read_from(origin, &mut input, len, 4 << 20).ok()??
    };
    // A file that grew past the limit while it was read.
    if hashing.len > limit {
        return None;
    }
    let (source, hashed) = hashing.finish(origin.clone());
    Some((actuals, source, hashed))
}

/// A reader that hashes every byte it reads, as `Source` and the cache
/// hash them.
struct Hashing<R> {
    inner: R,
    sha256: sha2::Sha256,
    xxh3: xxhash_rust::xxh3::Xxh3,
    len: u64,
}

impl<R> Hashing<R> {
    fn new(inner: R) -> Self {
        use sha2::Digest as _;
        Hashing { inner, sha256: sha2::Sha256::new(), xxh3: xxhash_rust::xxh3::Xxh3::new(), len: 0 }
    }

    fn finish(self, origin: Origin) -> (Source, cache::Hashed) {
        use sha2::Digest as _;
        let len = usize::try_from(self.len).unwrap_or(usize::MAX);
        let sha256 = super::hex(&self.sha256.finalize());
        (Source { origin, len, sha256 }, cache::Hashed::from_parts(len, self.xxh3.digest128()))
    }
}

impl<R: std::io::Read> std::io::Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use sha2::Digest as _;
        let n = self.inner.read(buf)?;
        self.sha256.update(&buf[..n]);
        self.xxh3.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
}

/// What names the plan in a cache's name: its path, or the embedded one.
fn plan_path(source: &Source) -> std::path::PathBuf {
    match &source.origin {
        Origin::File(p) => p.clone(),
        Origin::Embedded(name) => std::path::PathBuf::from(format!("<embedded {name}>")),
    }
}

#[cfg(test)]
mod two_cores_tests {
    use super::*;

    #[test]
    fn the_dataset_made_on_two_cores_is_the_one_made_on_one() {
        let size = crate::sample::Size { records: ON_TWO_CORES_FROM + 7, ..crate::sample::MEDIUM };
        let plan = crate::sample::plan(size);
        let actuals = crate::sample::actuals(&plan, size);
        let one = Dataset::new(plan.clone(), actuals.clone()).expect("valid");
        let two = Dataset::new_with(plan, actuals, &TwoCores).expect("valid");
        assert_eq!(one.keys, two.keys);
        assert_eq!(one.ledger.cells(), two.ledger.cells());
        assert_eq!(one.ledger.parts(), two.ledger.parts());
        assert!(one.keys.name_rank(0) > 0, "the keys are made");
    }
}

#[cfg(test)]
mod streamed_tests {
    use super::*;

    /// A file the program wrote, read a block of lines at a time: the
    /// records the RON reader makes of it whole, its SHA-256 and length as
    /// `Source` takes them from the bytes, the cache's hash likewise.
    #[test]
    fn a_streamed_file_is_read_and_hashed_as_its_bytes_whole() {
        let size = crate::sample::Size { records: 20_000, ..crate::sample::MEDIUM };
        let plan = crate::sample::plan(size);
        let actuals = crate::sample::actuals(&plan, size);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("actuals.ron");
        std::fs::write(&path, ron_file::records_text(&actuals).expect("text")).expect("write");
        let bytes = std::fs::read(&path).expect("read");
        let origin = Origin::File(path.clone());
        let (read, source, hashed) = streamed(&origin, &path).expect("streamed");
        let whole: Actuals =
            ron_file::parse(&origin, std::str::from_utf8(&bytes).expect("utf-8")).expect("RON");
        assert_eq!(read, whole);
        assert_eq!(source, Source::new(origin.clone(), &bytes));
        assert_eq!(hashed, cache::Hashed::of(&bytes));
        // With a byte-order mark: the same records, the mark hashed too.
        let marked = [b"\xEF\xBB\xBF".as_slice(), &bytes].concat();
        std::fs::write(&path, &marked).expect("write");
        let (read, source, _) = streamed(&origin, &path).expect("streamed with a mark");
        assert_eq!(read, whole);
        assert_eq!(source, Source::new(origin.clone(), &marked));
        // Laid out by hand: left to the whole read.
        let edited =
            String::from_utf8(bytes).expect("utf-8").replacen("version: ", "version:  ", 1);
        std::fs::write(&path, edited).expect("write");
        assert!(streamed(&origin, &path).is_none());
    }
}
