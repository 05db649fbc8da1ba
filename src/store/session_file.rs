//! The session file: plain RON in a stable order, readable and fixable by
//! hand, one remark per line so that diffs and merges stay small.

use ron::ser::PrettyConfig;

use crate::domain::session::Session;
use crate::domain::session::remark::Remark;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::cache::Cache;
use super::lock::Lock;
use super::record_lines;
use super::ron_file::{self, LoadError, Origin};

/// The session as the text of its file: the sheet's fields one per line,
/// then one remark (and one judgment) per line, whatever its history.
/// Indenting every field of every nested record (full pretty-printing) made
/// a remark's size depend on its depth: a session with long histories
/// nearly tripled when rewritten. One record per line keeps the size
/// proportional to the content, and diffs and merges at one line per change.
pub fn to_text(session: &Session) -> Result<String, ron::Error> {
    to_text_sorted(session.clone()).map(|(text, _)| text)
}

/// [`to_text`] of a session given away, put in the order written (in
/// place: a session of 100,000 remarks is not copied): the text and what
/// parsing it gives back.
pub fn to_text_sorted(mut sorted: Session) -> Result<(String, Session), ron::Error> {
    sorted.normalize();
    let text = match remarks_apart(&sorted)? {
        Some(text) => text,
        None => whole_text(&sorted)?,
    };
    Ok((text, sorted))
}

/// A session as [`to_text_lent`] wrote it: everything but its remarks,
/// and its remarks, lent when they were written from where they were.
pub struct Written<'a> {
    /// The session without its remarks.
    pub head: Session,
    pub remarks: std::borrow::Cow<'a, [Remark]>,
}

impl Written<'_> {
    /// The session whole, its remarks copied if they were lent.
    #[must_use]
    pub fn into_session(self) -> Session {
        let mut session = self.head;
        session.remarks = self.remarks.into_owned();
        session
    }
}

/// [`to_text_sorted`] for a session that may be lent, with `folded` (a
/// run and its last journal line) marked as folded in. A large session
/// lent already in the order written is written from where it is: at
/// 100,000 remarks a copy of its remarks is 33 MB, held beside the text
/// at every closing snapshot. Its text is then made a piece at a time as
/// it is written ([`SessionText::write_to`]): whole, it is 21 MB more at
/// the close of such a meeting. Anything else is copied if lent, put in
/// order and written as before.
pub fn to_text_lent<'a>(
    session: std::borrow::Cow<'a, Session>,
    folded: Option<(&str, u64)>,
) -> Result<(SessionText<'a>, Written<'a>), ron::Error> {
    use std::borrow::Cow;
    let fold = |s: &mut Session| {
        if let Some((run, seq)) = folded {
            let last = s.folded.entry(run.to_owned()).or_insert(0);
            *last = (*last).max(seq);
        }
    };
    if let Cow::Borrowed(lent) = session
        && lent.remarks.len() >= APART_FROM
        && lent.remarks.is_sorted_by(|a, b| (a.at, &a.id) <= (b.at, &b.id))
    {
        let mut head = lent.without_remarks();
        fold(&mut head);
        // The judgments (the head's) in order; the remarks are.
        head.normalize();
        if let Some(apart) = remarks_apart_of(&head, &lent.remarks)? {
            let text = SessionText(Pieces::Apart(apart));
            return Ok((text, Written { head, remarks: Cow::Borrowed(&lent.remarks) }));
        }
    }
    let mut whole = session.into_owned();
    fold(&mut whole);
    let (text, mut sorted) = to_text_sorted(whole)?;
    let remarks = std::mem::take(&mut sorted.remarks);
    Ok((SessionText(Pieces::Whole(text)), Written { head: sorted, remarks: Cow::Owned(remarks) }))
}

/// The text of a session file, made whole or a piece at a time as it is
/// written (see [`to_text_lent`]).
pub struct SessionText<'a>(Pieces<'a>);

enum Pieces<'a> {
    Whole(String),
    Apart(Apart<'a>),
}

impl SessionText<'_> {
    /// Writes the text to `out` a piece at a time; its length and its
    /// xxh3-128. A text growing past `limit` bytes is written no further
    /// (the rest only counted, for the message) and refused, what was
    /// written left to the caller to throw away: never a file the next
    /// start would refuse.
    pub fn write_to(
        &self,
        out: &mut dyn std::io::Write,
        limit: u64,
    ) -> std::io::Result<(u64, u128)> {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut len = 0u64;
        // A failed write stops the writing, not the counting: a text past
        // the limit is refused as such even when the disk failed first
        // (a full disk, a file size limit), as when it was refused before
        // anything was written.
        let mut failed = None;
        let mut piece = |text: &str| {
            len += text.len() as u64;
            if len > limit || failed.is_some() {
                return Ok(());
            }
            hasher.update(text.as_bytes());
            if let Err(e) = out.write_all(text.as_bytes()) {
                failed = Some(e);
            }
            Ok(())
        };
        match &self.0 {
            Pieces::Whole(text) => piece(text)?,
            Pieces::Apart(apart) => apart.pieces(BLOCK, &mut piece)?,
        }
        if len > limit {
            return Err(std::io::Error::other(super::limits::too_large_to_write(len, limit)));
        }
        match failed {
            Some(e) => Err(e),
            None => Ok((len, hasher.digest128())),
        }
    }

    /// The whole text.
    pub fn into_string(self) -> Result<String, ron::Error> {
        match self.0 {
            Pieces::Whole(text) => Ok(text),
            Pieces::Apart(apart) => apart.into_string(),
        }
    }
}

/// How the RON writer writes a remark's line (what `remark_line` writes
/// by hand; its tests compare the two).
#[cfg(test)]
pub(crate) fn line_config() -> PrettyConfig {
    config(0)
}

fn config(depth: usize) -> PrettyConfig {
    super::ron_file::pretty_config()
        .indentor("    ".to_string())
        .struct_names(false)
        .enumerate_arrays(false)
        .compact_arrays(false)
        .depth_limit(depth)
}

/// The text in one pass of the RON writer.
fn whole_text(session: &Session) -> Result<String, ron::Error> {
    let mut text = ron::ser::to_string_pretty(session, config(2))?;
    text.push('\n');
    Ok(text)
}

/// Sessions with fewer remarks are written in one pass (milliseconds).
const APART_FROM: usize = 2_000;

/// The same text as [`whole_text`], its remarks' lines written on all the
/// cores: the RON writer checks every character of every text for escapes
/// (a second for 100,000 remarks on one core, at every closing snapshot and
/// merge). A remark is one line at the depth the whole writer puts it, so
/// the lines are the remark written alone, indented, each ending in a
/// comma; they take the place of the empty list of the session written
/// without them. `None` for a small session, or when the empty list is not
/// found once (then the whole writer is used).
fn remarks_apart(session: &Session) -> Result<Option<String>, ron::Error> {
    if session.remarks.len() < APART_FROM {
        return Ok(None);
    }
    remarks_apart_of(&session.without_remarks(), &session.remarks)?
        .map(Apart::into_string)
        .transpose()
}

/// [`remarks_apart`] of a session given as its `head` (without remarks)
/// and its `remarks`, to be made whole or a piece at a time.
fn remarks_apart_of<'a>(
    head: &Session,
    remarks: &'a [Remark],
) -> Result<Option<Apart<'a>>, ron::Error> {
    if remarks.len() < APART_FROM || !head.remarks.is_empty() {
        return Ok(None);
    }
    let rest = whole_text(head)?;
    let (Some(at), 1) = (rest.find(EMPTY), rest.matches(EMPTY).count()) else {
        return Ok(None);
    };
    Ok(Some(Apart { rest, at, remarks }))
}

/// The empty list of remarks in the text of a session written without
/// them, where their lines go.
const EMPTY: &str = "\n    remarks: [],\n";

/// Remarks written in blocks of this many, each block's lines made on all
/// the cores and written before the next is made: at most a few megabytes
/// of text at once.
const BLOCK: usize = 16_384;

/// A session's text as the session written without its remarks (`rest`,
/// their empty list at `at`) and the remarks' lines to put there.
struct Apart<'a> {
    rest: String,
    at: usize,
    remarks: &'a [Remark],
}

impl Apart<'_> {
    /// The text in pieces, in order, given to `piece`: the text before the
    /// list, the lines of each block of `block` remarks, the rest.
    fn pieces(
        &self,
        block: usize,
        piece: &mut dyn FnMut(&str) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        piece(&self.rest[..self.at])?;
        piece("\n    remarks: [\n")?;
        let threads = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 8);
        let mut first = String::new();
        for remarks in self.remarks.chunks(block.max(1)) {
            let per_thread = remarks.len().div_ceil(threads);
            let mut chunks = remarks.chunks(per_thread);
            let Some(mine) = chunks.next() else { continue };
            first.clear();
            // The first share on this thread, the others on their own.
            let others = std::thread::scope(|scope| {
                let handles: Vec<_> = chunks
                    .map(|chunk| {
                        scope.spawn(move || {
                            let mut lines = String::new();
                            write_lines(chunk, &mut lines);
                            lines
                        })
                    })
                    .collect();
                write_lines(mine, &mut first);
                handles
                    .into_iter()
                    .map(|h| h.join().map_err(|_| std::io::Error::other("a writer thread failed")))
                    .collect::<std::io::Result<Vec<String>>>()
            })?;
            piece(&first)?;
            for lines in &others {
                piece(lines)?;
            }
        }
        piece("    ],\n")?;
        piece(&self.rest[self.at + EMPTY.len()..])
    }

    fn into_string(self) -> Result<String, ron::Error> {
        self.into_string_in(BLOCK)
    }

    fn into_string_in(self, block: usize) -> Result<String, ron::Error> {
        // Room for the whole text at once (a text's own bytes and about
        // 200 for the rest of its line): no second copy while it grows.
        let room = self.rest.len() + self.remarks.iter().map(|r| r.text.len() + 200).sum::<usize>();
        let mut text = String::with_capacity(room);
        let mut push = |p: &str| {
            text.push_str(p);
            Ok(())
        };
        // Only a writer thread's failure stops it.
        self.pieces(block, &mut push).map_err(|e| ron::Error::Message(e.to_string()))?;
        Ok(text)
    }
}

/// The way back from [`remarks_apart`]: a file exactly as this program
/// writes it has its remark lines read on all the cores, each by
/// `remark_line::read` or, for a line that one leaves, by the RON reader
/// alone (see `record_lines`). `None` for any other file, or a line that
/// does not read: the RON reader then reads the whole file, as before, and
/// gives its errors with their line and column.
fn read_apart(origin: &Origin, text: &str) -> Option<Session> {
    let (rest, mut lists) = record_lines::split(text, &["remarks"]);
    let lines = lists.pop().flatten()?;
    let mut session = head_apart(origin, &rest)?;
    drop(rest);
    session.remarks = record_lines::read(&lines, read_remark_line)?;
    Some(session)
}

/// The session that the text outside the remarks' list parses into, when
/// that text is exactly what this program writes for it; `None` for any
/// other layout (the whole file is then read by the RON reader).
fn head_apart(origin: &Origin, rest: &str) -> Option<Session> {
    let session: Session = ron_file::parse(origin, rest).ok()?;
    (session.remarks.is_empty() && whole_text(&session).ok()? == rest).then_some(session)
}

/// One remark's line: by the program's own reader, or for a line that one
/// leaves, by the RON reader alone.
fn read_remark_line(line: &str) -> Option<Remark> {
    super::remark_line::read(line).or_else(|| record_lines::by_ron(line))
}

/// [`read_apart`] of the file at `path`, read a block of lines at a time
/// (`record_lines::split_streaming`): a large session opened from its text
/// is never held whole (25 MB beside its remarks, at 100,000 remarks, while
/// the actuals load). `None` as for `read_apart`.
fn read_apart_file(origin: &Origin, path: &Path) -> Option<Session> {
    let file = std::fs::File::open(path).ok()?;
    let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
    let mut input = std::io::BufReader::with_capacity(1 << 20, file);
    read_apart_from(origin, &mut input, len, 4 << 20)
}

/// See [`read_apart_file`]; `len` the file's size, the remarks' lines in
/// blocks of about `block_bytes`.
fn read_apart_from(
    origin: &Origin,
    input: &mut dyn std::io::BufRead,
    len: usize,
    block_bytes: usize,
) -> Option<Session> {
    // Room for as many remarks as the file could hold (a line is longer
    // than this), made once: a list grown as the blocks come left 5 MB
    // of its earlier places in use at 100,000 remarks. What is never
    // written is never touched; what is left over is given back after.
    let mut remarks: Vec<Remark> = Vec::new();
    // Where the system refuses that much room, the file is read whole
    // (and refused there, as before, if it is too large for memory).
    remarks.try_reserve(len / 128).ok()?;
    let readers = record_lines::Readers::new();
    let head = |_: &str| true;
    let rest =
        record_lines::split_streaming(input, &["remarks"], block_bytes, &head, &mut |_, lines| {
            readers.extend(&mut remarks, lines, || read_remark_line, Remark::blank)
        })
        .ok()??;
    let mut session = head_apart(origin, &rest)?;
    remarks.shrink_to_fit();
    session.remarks = remarks;
    Some(session)
}

/// Each remark on its own line, as the whole writer puts it in the list.
fn write_lines(remarks: &[Remark], into: &mut String) {
    for remark in remarks {
        into.push_str("        ");
        super::remark_line::write(remark, into);
        into.push_str(",\n");
    }
}

/// Parses and validates a session file's text.
pub fn parse(origin: &Origin, text: &str) -> Result<Session, LoadError> {
    let session: Session = match read_apart(origin, text) {
        Some(session) => session,
        None => {
            ron_file::parse(origin, text).map_err(|e| conflict_left(origin, text).unwrap_or(e))?
        }
    };
    checked(origin, session)
}

/// A file that does not read because `git merge` (or a pull, a rebase, a
/// stash) left a conflict in it, with its markers (`<<<<<<<` at the start
/// of a line): the merge was made without the program's driver. Said as
/// such, with the way to merge it again keeping both sides, rather than
/// as the character the RON reader stopped at.
pub(crate) fn conflict_left(origin: &Origin, text: &str) -> Option<LoadError> {
    let line = ron_file::conflict_line(text)?;
    let file = origin.to_string();
    let file = if file.contains(char::is_whitespace) { format!("\"{file}\"") } else { file };
    Some(LoadError::Syntax {
        origin: origin.clone(),
        line,
        col: 1,
        message: crate::i18n::tr(
            format!(
                "git の統合で競合した印（<<<<<<<）が残っています（kpi-council の統合ドライバーを使わずに統合されました）。両方の発言を残して統合し直すには、kpi-council git-setup を実行してから git checkout -m -- {file}（git status で unmerged と出ている間に）"
            ),
            format!(
                "a git conflict is left in the file (<<<<<<<): it was merged without kpi-council's merge driver. To merge it again keeping both sides' remarks, run kpi-council git-setup, then git checkout -m -- {file} (while git status lists it as unmerged)"
            ),
        ),
    })
}

/// A session read from its file, checked against the limits and
/// validated.
fn checked(origin: &Origin, session: Session) -> Result<Session, LoadError> {
    super::limits::check_session(&super::limits::limits(), &session)
        .map_err(|e| LoadError::invalid(origin, e))?;
    session.validate().map_err(|e| LoadError::invalid(origin, e))?;
    Ok(session)
}

/// Reads a session file (without its journal: see `session_store`).
pub fn load(path: &std::path::Path) -> Result<Session, LoadError> {
    load_with(path, &super::cache::Cache::off())
}

/// [`load`], from the parsed copy in `cache` when one was made from the
/// file's very bytes (a large session a meeting closed on this machine).
pub fn load_with(
    path: &std::path::Path,
    cache: &super::cache::Cache,
) -> Result<Session, LoadError> {
    if let Some(refused) = not_a_session(path) {
        return Err(refused);
    }
    let bytes = ron_file::read_capped(path)?;
    if let Some(session) = super::session_cache::read(cache, &bytes) {
        return Ok(session);
    }
    let origin = Origin::File(path.to_path_buf());
    let text = ron_file::utf8_text(&origin, &bytes)?;
    parse(&origin, text)
}

/// The session at `path` without its remarks, and how many of them are
/// not deleted (its journal left aside: see `SessionStore::read_head`).
/// A large file is hashed a block at a time as it is read; when its head
/// was kept, or a parsed copy of those bytes, only that head is read.
/// Otherwise the file is parsed, and its head kept for the next time.
pub fn read_head(
    path: &std::path::Path,
    cache: &super::cache::Cache,
) -> Result<(Session, usize), LoadError> {
    use std::io::Read as _;
    if let Some(refused) = not_a_session(path) {
        return Err(refused);
    }
    let origin = Origin::File(path.to_path_buf());
    let io = |e: std::io::Error| LoadError::Io {
        origin: origin.clone(),
        reason: ron_file::io_reason(&e),
    };
    let large =
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() >= cache.min_bytes() as u64);
    if large {
        let file = std::fs::File::open(path).map_err(io)?;
        let limit = super::limits::limits().file_bytes;
        let (hash, len) = super::cache::hash_reading(file.take(limit + 1), 1 << 18).map_err(io)?;
        if len > limit {
            return Err(LoadError::TooLarge { origin, size: len, limit });
        }
        let head = usize::try_from(len)
            .ok()
            .and_then(|len| super::session_cache::read_head_hashed(cache, len, hash));
        if let Some(head) = head {
            return Ok(head);
        }
    }
    let bytes = ron_file::read_capped(path)?;
    let mut session = parse(&origin, ron_file::utf8_text(&origin, &bytes)?)?;
    let live = session.live_remarks().count();
    session.remarks = Vec::new();
    super::session_cache::write_head(cache, &bytes, &session, live);
    Ok((session, live))
}

/// How much of a large file is read to tell that it is not a session.
const SNIFF_BYTES: usize = 64 * 1024;

/// The error the RON reader finds in the first [`SNIFF_BYTES`] of `path`,
/// when it is a field no session has, named whole in that part: a plan
/// (`name`) or actuals (`sample`) beside the sessions is refused without
/// reading its hundreds of megabytes (the earlier meetings and the start
/// screen read every `.ron` file of the folder). `None` for anything
/// else, a small file or one over the limit on a file included: that is
/// read whole, with its own error.
///
/// The RON reader reads from the start, so up to the character after a
/// field's name the part and the file read alike: the error is the one
/// reading the whole file gives, unless the file has a fault of another
/// kind further on that is found first when it is read whole (a byte that
/// is not UTF-8: it is then refused for its unknown field instead).
fn not_a_session(path: &Path) -> Option<LoadError> {
    use std::io::Read;
    let mut part = Vec::with_capacity(SNIFF_BYTES);
    let file = std::fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() > super::limits::limits().file_bytes {
        return None;
    }
    file.take(SNIFF_BYTES as u64 + 1).read_to_end(&mut part).ok()?;
    if part.len() <= SNIFF_BYTES {
        return None;
    }
    let part = part.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&part);
    let text = match std::str::from_utf8(part) {
        Ok(text) => text,
        // Cut inside a character: up to it.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&part[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let options = ron::Options::default().with_recursion_limit(ron_file::RECURSION_LIMIT);
    let error = options.from_str::<Session>(text).err()?;
    let ron::Error::NoSuchStructField { .. } = error.code else { return None };
    // The name ends inside the part, a character after it: not cut (nor
    // the reader's look at the characters after it).
    (offset(text, error.span.end)? < text.len())
        .then(|| ron_file::syntax_in(&Origin::File(path.to_path_buf()), text, &error))
}

/// The byte offset in `text` of a position of the RON reader (line and
/// column from 1, the column in characters); `None` past the text.
fn offset(text: &str, at: ron::error::Position) -> Option<usize> {
    let mut lines = text.split_inclusive('\n');
    let before: usize = lines.by_ref().take(at.line.checked_sub(1)?).map(str::len).sum();
    let line = lines.next()?;
    let col = at.col.checked_sub(1)?;
    (line.chars().count() >= col)
        .then(|| before + line.chars().take(col).map(char::len_utf8).sum::<usize>())
}

/// A session file locked, read and parsed ahead, on another thread while
/// the data load: the lock is taken first, so what it read is the file as
/// it is under the lock, and opening reads it no second time.
/// Dropped unused (the data failed to load), it tells its thread to stop
/// and waits for it (a block of the copy aside at most, or a parse already
/// begun), so that nothing it wrote is left behind.
#[derive(Debug)]
pub struct Early {
    ahead: Option<Ahead>,
    stop: Arc<AtomicBool>,
    /// Where its parsed copy was looked for: the store opened with it keeps
    /// its own copies there too.
    copies: super::cache::Cache,
}

#[derive(Debug)]
enum Ahead {
    Done(Option<Box<Locked>>),
    /// Still being read on its own thread.
    Running(std::thread::JoinHandle<Option<Box<Locked>>>),
}

/// The session's lock, and what was read under it.
pub struct Locked {
    pub lock: Lock,
    /// `None` when the file could not be read, is not UTF-8 or does not
    /// parse: opening reads it again, under this lock, to say why.
    pub read: Option<Read>,
}

impl std::fmt::Debug for Locked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locked").field("read", &self.read).finish_non_exhaustive()
    }
}

/// A session file as read under its lock.
#[derive(Debug)]
pub struct Read {
    /// Its bytes as on disk (UTF-8 text), held for the backup: a small
    /// session's.
    pub bytes: Option<Vec<u8>>,
    /// A large session's bytes as read, kept aside in
    /// `<session>.bak.pending` instead of in memory: it becomes the `.bak`
    /// when the meeting first replaces the file.
    pub kept: Option<KeptAside>,
    /// A large session read from its parsed copy: only hashed as it was
    /// read, and kept aside once the first frame is on screen.
    pub later: Option<BackupLater>,
    /// Its metadata, taken before it was read: a change while it was read
    /// shows as a change later.
    pub meta: std::fs::Metadata,
    /// xxh3-128 of its bytes as on disk.
    pub hash: u128,
    /// The session its text parses into.
    pub session: Session,
}

/// `<session>.bak.pending`, written by this run: removed when dropped
/// (a reading never used, a run that ends without making it the `.bak`,
/// which renames it away first). A process killed meanwhile leaves it; the
/// next opening replaces it.
#[derive(Debug)]
pub struct KeptAside(PathBuf);

impl KeptAside {
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for KeptAside {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A session file of this size or more is kept aside on disk as read
/// (for its backup) rather than held in memory while the meeting runs.
const KEPT_FROM: u64 = super::cache::MIN_BYTES as u64;

/// The session file at `path` as it is now, read under its lock: `None`
/// when there is none. A large one is copied as it is read to
/// `<session>.bak.pending` (its backup to be) and hashed on the way, and
/// its session comes from its parsed copy in `cache` when one was made
/// from these bytes; else the text is parsed. Errors name the file, its
/// line and column.
pub fn read_under_lock(path: &Path, cache: &Cache) -> Result<Option<Read>, LoadError> {
    static NEVER: AtomicBool = AtomicBool::new(false);
    read_unless_stopped(path, cache, &NEVER, false)
}

/// [`read_under_lock`], given up (`Ok(None)`, nothing left behind) as soon
/// as `stop` is set: a reading ahead whose data failed to load. `later`:
/// a large session whose parsed copy is in `cache` is only hashed, and
/// copied aside later ([`BackupLater`]: the interface's start, which has a
/// first frame to draw first); else it is copied as it is read.
fn read_unless_stopped(
    path: &Path,
    cache: &Cache,
    stop: &AtomicBool,
    later: bool,
) -> Result<Option<Read>, LoadError> {
    let Ok(meta) = std::fs::symlink_metadata(path) else { return Ok(None) };
    if later
        && meta.is_file()
        && meta.len() >= KEPT_FROM
        && super::session_cache::may_hold(cache, meta.len())
    {
        let Some((len, hash)) = hash_of(path, &meta, stop)? else { return Ok(None) };
        let from_copy = usize::try_from(len)
            .ok()
            .and_then(|n| super::session_cache::read_hashed(cache, n, hash));
        if let Some(session) = from_copy {
            let later = Some(BackupLater {
                path: path.to_path_buf(),
                hash,
                copying: None,
                stop: Arc::default(),
            });
            return Ok(Some(Read { bytes: None, kept: None, later, meta, hash, session }));
        }
    }
    if meta.is_file() && meta.len() >= KEPT_FROM {
        if let Some(read) = keep_aside(path, &meta, cache, stop)? {
            return Ok(Some(read));
        }
        if stop.load(Ordering::Relaxed) {
            return Ok(None);
        }
    }
    let origin = Origin::File(path.to_path_buf());
    let bytes = ron_file::read_capped(path)?;
    let text = ron_file::utf8_text(&origin, &bytes)?;
    let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
    let session = match super::session_cache::read_hashed(cache, bytes.len(), hash) {
        Some(session) => session,
        None => parse(&origin, text)?,
    };
    Ok(Some(Read { bytes: Some(bytes), kept: None, later: None, meta, hash, session }))
}

/// `<session>.bak.pending`.
#[must_use]
pub fn pending_backup(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak.pending");
    PathBuf::from(name)
}

/// A large session's backup to be, when its session came from its parsed
/// copy: the file is copied to `<session>.bak.pending` on a thread of its
/// own once the first frame is on screen ([`BackupLater::begin`]), not
/// while the start reads, decodes and draws (the copy of a 100,000-remark
/// session took the start's two cores for a few milliseconds), or when it
/// is needed first, whichever comes first. The copy is hashed: one that is
/// not the bytes opened (another program wrote the file in between) says
/// so, and is not made the backup.
#[derive(Debug)]
pub struct BackupLater {
    path: PathBuf,
    /// The xxh3-128 of the bytes opened.
    hash: u128,
    copying: Option<std::thread::JoinHandle<Option<(KeptAside, u128)>>>,
    /// Set when the copy is no longer wanted (the run ends first).
    stop: Arc<AtomicBool>,
}

impl BackupLater {
    /// Starts the copy on a thread of its own, once; where no thread can
    /// be made, [`BackupLater::finish`] makes it.
    pub fn begin(&mut self) {
        if self.copying.is_none() {
            let (path, stop) = (self.path.clone(), Arc::clone(&self.stop));
            let thread = std::thread::Builder::new().name("backup-copy".into());
            self.copying = thread.spawn(move || copy_now(&path, &stop)).ok();
        }
    }

    /// The copy (waiting for it, or making it now) and whether it holds
    /// the bytes opened; `None` when it could not be made (it is tried
    /// again at the next call).
    pub fn finish(&mut self) -> Option<(KeptAside, bool)> {
        let made = match self.copying.take() {
            Some(h) => h.join().ok().flatten(),
            None => copy_now(&self.path, &self.stop),
        };
        made.map(|(kept, hash)| (kept, hash == self.hash))
    }

    /// The xxh3-128 of the bytes opened.
    #[must_use]
    pub fn hash(&self) -> u128 {
        self.hash
    }
}

impl Drop for BackupLater {
    /// A copy under way is stopped and waited for: nothing is left.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.copying.take() {
            let _ = h.join();
        }
    }
}

/// The session file at `path` copied aside, and the xxh3-128 of the copy;
/// given up, nothing left, once `stop` is set.
fn copy_now(path: &Path, stop: &AtomicBool) -> Option<(KeptAside, u128)> {
    let origin = Origin::File(path.to_path_buf());
    let limit = super::limits::limits().file_bytes;
    match copy_aside(path, &origin, limit, stop) {
        Ok((kept, _, hash)) => Some((kept, hash)),
        Err(_) => None,
    }
}

/// The length and xxh3-128 of the file at `path`, read a block at a time;
/// `None` once `stop` is set.
fn hash_of(
    path: &Path,
    meta: &std::fs::Metadata,
    stop: &AtomicBool,
) -> Result<Option<(u64, u128)>, LoadError> {
    let origin = Origin::File(path.to_path_buf());
    let limit = super::limits::limits().file_bytes;
    if meta.len() > limit {
        return Err(LoadError::TooLarge { origin, size: meta.len(), limit });
    }
    match read_blocks(path, &origin, limit, stop, &mut |_| true) {
        Ok(read) => Ok(Some(read)),
        Err(problem) => problem.map_or(Ok(None), Err),
    }
}

/// Reads the file at `path` a block at a time, handing each to `each`
/// (which says whether to go on): its length and xxh3-128. `Err(None)`
/// once `stop` is set or `each` says to stop.
fn read_blocks(
    path: &Path,
    origin: &Origin,
    limit: u64,
    stop: &AtomicBool,
    each: &mut dyn FnMut(&[u8]) -> bool,
) -> Result<(u64, u128), Option<LoadError>> {
    use std::io::Read as _;
    let io = |e: std::io::Error| LoadError::Io {
        origin: origin.clone(),
        reason: ron_file::io_reason(&e),
    };
    let mut file = std::fs::File::open(path).map_err(|e| Some(io(e)))?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut block = vec![0u8; 1 << 18];
    let mut len = 0u64;
    loop {
        if stop.load(Ordering::Relaxed) {
            return Err(None);
        }
        let n = match file.read(&mut block) {
            Ok(0) => return Ok((len, hasher.digest128())),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Some(io(e))),
        };
        len += n as u64;
        if len > limit {
            return Err(Some(LoadError::TooLarge { origin: origin.clone(), size: len, limit }));
        }
        hasher.update(&block[..n]);
        if !each(&block[..n]) {
            return Err(None);
        }
    }
}

/// Copies the session file to its pending backup a block at a time,
/// hashing what it writes; then the session, from its parsed copy or from
/// the text kept aside. `Ok(None)` when the copy cannot be written (a full
/// disk, a folder that refuses it): the file is then read into memory.
fn keep_aside(
    path: &Path,
    meta: &std::fs::Metadata,
    cache: &Cache,
    stop: &AtomicBool,
) -> Result<Option<Read>, LoadError> {
    let origin = Origin::File(path.to_path_buf());
    let io = |e: std::io::Error| LoadError::Io {
        origin: origin.clone(),
        reason: ron_file::io_reason(&e),
    };
    let limit = super::limits::limits().file_bytes;
    if meta.len() > limit {
        return Err(LoadError::TooLarge { origin, size: meta.len(), limit });
    }
    let (kept, len, hash) = match copy_aside(path, &origin, limit, stop) {
        Ok(made) => made,
        Err(problem) => return problem.map_or(Ok(None), Err),
    };
    if stop.load(Ordering::Relaxed) {
        return Ok(None);
    }
    // The copy exists only for bytes this program wrote or parsed, so the
    // bytes need no second look; without one, the text kept aside (the
    // very bytes hashed) is parsed, its errors naming the session file.
    let session = match usize::try_from(len)
        .ok()
        .and_then(|len| super::session_cache::read_hashed(cache, len, hash))
    {
        Some(session) => session,
        // Read a block at a time when the program wrote it, else whole
        // (and its errors named with their line and column).
        None => match read_apart_file(&origin, kept.path()) {
            Some(session) => checked(&origin, session)?,
            None => {
                let bytes = std::fs::read(kept.path()).map_err(io)?;
                parse(&origin, ron_file::utf8_text(&origin, &bytes)?)?
            }
        },
    };
    Ok(Some(Read { bytes: None, kept: Some(kept), later: None, meta: meta.clone(), hash, session }))
}

/// Copies the session file at `path` to its pending backup a block at a
/// time, hashing what it writes: the copy, its length and xxh3-128.
/// `Err(None)` when the copy cannot be written (a full disk, a folder that
/// refuses it) or `stop` is set, nothing left behind.
fn copy_aside(
    path: &Path,
    origin: &Origin,
    limit: u64,
    stop: &AtomicBool,
) -> Result<(KeptAside, u64, u128), Option<LoadError>> {
    use std::io::Write as _;
    let kept = pending_backup(path);
    // A run that ended without replacing the file left one: replaced. A
    // link there is removed itself, never written through.
    match std::fs::remove_file(&kept) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(_) => return Err(None),
    }
    let mut options = std::fs::OpenOptions::new();
    let Ok(mut out) = super::disk::open_nofollow(options.write(true).create_new(true), &kept)
    else {
        return Err(None);
    };
    // From here on, any way out but success removes it.
    let kept = KeptAside(kept);
    let (len, hash) =
        read_blocks(path, origin, limit, stop, &mut |block| out.write_all(block).is_ok())?;
    drop(out);
    Ok((kept, len, hash))
}

impl Early {
    /// Locks, reads and parses the existing session file at `path` now;
    /// `None` when there is no such file or its lock is held (opening then
    /// does all of it and reports any problem). A large session comes from
    /// its parsed copy in the cache folder when the copy was made from
    /// these very bytes (the meeting that wrote the file left it there);
    /// else it is parsed. From its parsed copy, the file is only hashed: its
    /// backup to be is copied aside when the store opened with it is told
    /// to (`SessionStore::begin_backup`, once the first frame is drawn), or
    /// at its first save.
    #[must_use]
    pub fn read(path: &std::path::Path, cache: &super::cache::Cache, now: &str) -> Option<Early> {
        let stop = Arc::new(AtomicBool::new(false));
        read_ahead(path, cache, now, &stop).map(|p| Early {
            ahead: Some(Ahead::Done(Some(p))),
            stop,
            copies: cache.clone(),
        })
    }

    /// [`Early::read`] on a thread of its own, so that the data load goes
    /// on meanwhile.
    #[must_use]
    pub fn spawn(path: std::path::PathBuf, cache: super::cache::Cache, now: String) -> Early {
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let copies = cache.clone();
        let handle = std::thread::Builder::new()
            .name("session-ahead".into())
            .spawn(move || read_ahead(&path, &cache, &now, &stopping));
        let ahead = match handle {
            Ok(h) => Ahead::Running(h),
            Err(_) => Ahead::Done(None),
        };
        Early { ahead: Some(ahead), stop, copies }
    }

    /// The cache folder it looked in for the session's parsed copy.
    #[must_use]
    pub fn copies(&self) -> &super::cache::Cache {
        &self.copies
    }

    /// The lock and what was read under it (waiting for the thread if it
    /// is still reading).
    #[must_use]
    pub fn locked(mut self) -> Option<Box<Locked>> {
        match self.ahead.take()? {
            Ahead::Done(p) => p,
            Ahead::Running(h) => h.join().ok().flatten(),
        }
    }
}

impl Drop for Early {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // What it read (and its copy aside) goes with the result.
        if let Some(Ahead::Running(h)) = self.ahead.take() {
            let _ = h.join();
        }
    }
}

fn read_ahead(path: &Path, cache: &Cache, now: &str, stop: &AtomicBool) -> Option<Box<Locked>> {
    // A new session is created by opening; nothing to read ahead.
    std::fs::symlink_metadata(path).ok()?;
    let lock = Lock::acquire(path, now).ok()?;
    let read = read_unless_stopped(path, cache, stop, true).ok().flatten();
    Some(Box::new(Locked { lock, read }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a snapshot keeps as the parsed copy (the sorted session) is
    /// what parsing the written text gives, hostile texts included.
    #[test]
    fn the_sorted_session_is_what_its_text_parses_into() {
        let mut session = crate::sample::session_of(crate::sample::MEDIUM);
        let hostile = [
            "\u{1b}[2J消去\u{7}",
            "改行\nと\rと\t",
            "\"引用\" \\ バックスラッシュ",
            "\u{202e}逆向き\u{200d}👩‍👩‍👧",
            "0.1 + 0.2 ＝ 0.30000000000000004",
            "",
        ];
        for (remark, text) in session.remarks.iter_mut().zip(hostile.iter().cycle()) {
            remark.text = (*text).into();
        }
        let (text, sorted) = to_text_sorted(session).expect("text");
        let parsed = parse(&Origin::Embedded("session"), &text).expect("parse");
        assert_eq!(parsed, sorted);
        assert_eq!(to_text(&parsed).expect("text"), text, "written again, the same bytes");
    }

    /// A session of more remarks than [`APART_FROM`] with hostile texts,
    /// every optional field, histories and versions set aside; normalized.
    pub(super) fn hostile_session() -> Session {
        use crate::domain::session::remark::{Change, Revision, SetAside, Target};
        let size = crate::sample::Size { remarks: APART_FROM + 333, ..crate::sample::MEDIUM };
        let mut session = crate::sample::session_of(size);
        let hostile = [
            "\u{1b}[2J消去\u{7}",
            "改行\nと\rと\t",
            "\"引用\" \\ バックスラッシュ r#\"生\"#",
            "\u{202e}逆向き\u{200d}👩‍👩‍👧 が\u{3099}",
            "\n    remarks: [],\n",
            "",
        ];
        let at = session.remarks[0].at;
        let targets = [
            Target::Meeting,
            Target::Company { company: "c000001".into() },
            Target::Agenda { id: "free-1".into() },
        ];
        for (i, remark) in session.remarks.iter_mut().enumerate() {
            remark.text = hostile[i % hostile.len()].into();
            if i % 7 == 0 {
                remark.target = targets[i % targets.len()].clone();
            }
            if i % 11 == 0 {
                remark.internal = true;
                remark.trail_mut().prepared_by = Some("委員\"A\"".into());
                remark.trail_mut().deleted = Some(at);
                remark.trail_mut().resolved = Some(at);
                let pushed = Revision {
                    changed_at: at,
                    change: Change::Edited,
                    speaker: None,
                    kind: remark.kind,
                    target: Target::Meeting,
                    text: hostile[(i + 1) % hostile.len()].to_string(),
                    internal: false,
                };
                remark.trail_mut().history.push(pushed);
                let pushed = SetAside {
                    since: at,
                    until: None,
                    speaker: Some("a1".into()),
                    kind: remark.kind,
                    target: Target::Agenda { id: "free-1".into() },
                    text: hostile[(i + 2) % hostile.len()].to_string(),
                    internal: true,
                    deleted: false,
                };
                remark.trail_mut().set_aside.push(pushed);
            }
        }
        session.sheet.place = "\n    remarks: [],\n".into();
        session.normalize();
        session
    }

    /// A large session lent in the order written is written from where it
    /// is, and gives the bytes and the session its sorted copy gives: with
    /// or without a run marked folded, its judgments out of order. Its
    /// remarks out of order, it is copied, and still the same.
    #[test]
    fn a_session_lent_in_order_is_written_as_its_sorted_copy() {
        use crate::domain::session::judgment::{Judgment, JudgmentTarget};
        use std::borrow::Cow;
        let mut session = hostile_session();
        let at = session.remarks[0].at;
        // Out of order: the plan's judgment sorts first.
        for target in [
            JudgmentTarget::Item {
                kpi: "k1".into(),
                fiscal_year: crate::domain::fiscal::FiscalYear(2019),
            },
            JudgmentTarget::Plan,
        ] {
            session.judgments.push(Judgment {
                target,
                effect: "地方創生に相当程度効果があった".into(),
                policy: "継続".into(),
                reason: String::new(),
                at,
                internal: false,
                withdrawn: None,
                history: Vec::new(),
            });
        }
        let copied = |s: &Session, folded: Option<(&str, u64)>| {
            let mut s = s.clone();
            if let Some((run, seq)) = folded {
                s.folded.insert(run.into(), seq);
            }
            to_text_sorted(s).expect("text")
        };
        for folded in [None, Some(("run-1", 7))] {
            let (text, written) = to_text_lent(Cow::Borrowed(&session), folded).expect("text");
            assert!(matches!(written.remarks, Cow::Borrowed(_)), "not copied");
            let (want, sorted) = copied(&session, folded);
            // Written a piece at a time: the same bytes, their length and
            // hash as the file's.
            let mut file = Vec::new();
            let (len, hash) = text.write_to(&mut file, u64::MAX).expect("written");
            assert_eq!(String::from_utf8(file).expect("UTF-8"), want);
            assert_eq!(
                (len, hash),
                (want.len() as u64, xxhash_rust::xxh3::xxh3_128(want.as_bytes()))
            );
            assert_eq!(text.into_string().expect("text"), want);
            assert_eq!(written.into_session(), sorted);
        }
        let mut unordered = session.clone();
        unordered.remarks.swap(0, 5);
        let folded = Some(("run-1", 7));
        let (text, written) = to_text_lent(Cow::Borrowed(&unordered), folded).expect("text");
        assert!(matches!(written.remarks, Cow::Owned(_)), "copied");
        let (want, sorted) = copied(&unordered, folded);
        let mut file = Vec::new();
        text.write_to(&mut file, u64::MAX).expect("written");
        assert_eq!(String::from_utf8(file).expect("UTF-8"), want);
        assert_eq!(text.into_string().expect("text"), want);
        assert_eq!(written.into_session(), sorted);
    }

    /// A disk that takes this many bytes more, then is full.
    struct FullAfter(usize);
    impl std::io::Write for FullAfter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.0 {
                return Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "disk full"));
            }
            self.0 -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A large session's remarks written apart on the cores give the very
    /// bytes of the one-pass writer, whatever a remark holds: hostile
    /// texts, every optional field, history and versions set aside, every
    /// kind of target, judgments and an agenda around them.
    #[test]
    fn remarks_written_apart_are_the_bytes_of_one_pass() {
        let mut session = hostile_session();
        let apart = remarks_apart(&session).expect("written").expect("written apart");
        let whole = whole_text(&session).expect("written");
        assert_eq!(apart, whole);
        assert!(whole.contains("        (id: "), "one remark a line, as the file has them");
        let parsed = parse(&Origin::Embedded("session"), &apart).expect("parse");
        assert_eq!(parsed, session);
        // In blocks of any size, a block's lines shared among the cores:
        // the same bytes (a block of one, blocks not dividing the remarks,
        // one block of all).
        for block in [1, 7, 1000, session.remarks.len()] {
            let pieces = remarks_apart_of(&session.without_remarks(), &session.remarks)
                .expect("written")
                .expect("written apart");
            assert_eq!(pieces.into_string_in(block).expect("text"), whole, "blocks of {block}");
        }
        // A text growing past the limit stops being written there, with
        // the message of a file too large to be read back.
        let lent = || to_text_lent(std::borrow::Cow::Borrowed(&session), None).expect("text").0;
        let whole = lent().into_string().expect("text");
        let text = lent();
        let mut file = Vec::new();
        let refused = text.write_to(&mut file, 5_000).expect_err("too large");
        let said = refused.to_string();
        assert!(said.contains(&format!("{} ", whole.len())), "the whole size: {said}");
        assert!(said.contains("5000 "), "the limit: {said}");
        assert!(file.len() <= 5_000, "nothing written past the limit: {}", file.len());
        // A disk that fails before the limit is reached: still the message
        // of the limit for a text past it, and the disk's own error for
        // one within it.
        let refused = lent().write_to(&mut FullAfter(100), 5_000).expect_err("too large");
        assert!(refused.to_string().contains("5000 "), "the limit first: {refused}");
        let full = lent().write_to(&mut FullAfter(100), u64::MAX).expect_err("disk full");
        assert_eq!(full.kind(), std::io::ErrorKind::StorageFull);
        // Too few remarks to be worth the threads: one pass.
        session.remarks.truncate(APART_FROM - 1);
        assert_eq!(remarks_apart(&session).expect("written"), None);
    }

    /// The head of a large session is what reading it whole gives, less
    /// the remarks: the first time parsed (and the head kept alone, not a
    /// copy of the whole session), then from that head; a file changed
    /// since is parsed again.
    #[test]
    fn the_head_is_the_whole_session_without_its_remarks() {
        let dir = tempfile::tempdir().expect("dir");
        let cache = Cache::in_dir(&dir.path().join("cache"));
        let path = dir.path().join("m.ron");
        let mut session = hostile_session();
        session.sheet.title = "第1回".into();
        let text = to_text(&session).expect("text");
        std::fs::write(&path, &text).expect("write");
        let whole = load_with(&path, &Cache::off()).expect("whole");
        let live = whole.live_remarks().count();
        assert!(live < whole.remarks.len(), "deleted remarks are not counted");
        let kept = || {
            let files = std::fs::read_dir(dir.path().join("cache")).into_iter().flatten();
            let mut names: Vec<String> = files
                .filter_map(|e| Some(e.ok()?.path().extension()?.to_str()?.to_string()))
                .collect();
            names.sort();
            names
        };
        assert!(kept().is_empty());
        let parsed = read_head(&path, &cache).expect("parsed");
        assert_eq!(parsed, (whole.without_remarks(), live));
        assert_eq!(kept(), ["head"], "the head kept for the next time");
        let from_head = read_head(&path, &cache).expect("from the head");
        assert_eq!(from_head, (whole.without_remarks(), live));
        // What is read is the head kept: one kept for these bytes with
        // another title (the cache trusts its own) is what shows.
        let mut marked = whole.without_remarks();
        marked.sheet.title = "写しの題".into();
        crate::store::session_cache::write_head(&cache, text.as_bytes(), &marked, 7);
        let (head, n) = read_head(&path, &cache).expect("head");
        assert_eq!((head.sheet.title.as_str(), n), ("写しの題", 7));
        // The same length, another title: the copy is not this file's.
        let other = text.replacen("第1回", "第2回", 1);
        assert_eq!(other.len(), text.len());
        std::fs::write(&path, &other).expect("write");
        let (head, _) = read_head(&path, &cache).expect("parsed again");
        assert_eq!(head.sheet.title, "第2回");
    }
}

#[cfg(test)]
mod reading_tests {
    use super::*;

    fn origin() -> Origin {
        Origin::Embedded("session")
    }

    fn small() -> Session {
        crate::sample::session_of(crate::sample::Size { remarks: 40, ..crate::sample::MEDIUM })
    }

    /// What `read_apart` gives for `text`, and the same read from it a
    /// block of lines at a time, at every block size (a line a block,
    /// blocks across lines, the whole list in one).
    fn read_both_ways(text: &str) -> Option<Session> {
        let whole = read_apart(&origin(), text);
        for block in [1, 300, 1 << 20] {
            let streamed = read_apart_from(&origin(), &mut text.as_bytes(), text.len(), block);
            assert_eq!(streamed, whole, "in blocks of {block} bytes");
        }
        whole
    }

    #[test]
    fn a_file_as_written_is_read_line_by_line_as_ron_reads_it_whole() {
        let mut session = super::tests::hostile_session();
        // Plain Japanese too, read without the RON reader.
        for remark in session.remarks.iter_mut().step_by(3) {
            remark.text = "首都圏企業の割合が高い。".into();
        }
        let text = whole_text(&session).expect("written");
        let by_lines = read_both_ways(&text).expect("read line by line");
        let by_ron: Session = ron_file::parse(&origin(), &text).expect("RON");
        assert_eq!(by_lines, by_ron);
        assert_eq!(by_lines, session);
        assert_eq!(parse(&origin(), &text).expect("parse"), session);
    }

    #[test]
    fn a_list_inside_a_string_is_not_taken_for_the_remarks() {
        const OPEN: &str = "\n    remarks: [\n";
        const CLOSE: &str = "\n    ],\n";
        let session = small();
        assert!(!session.remarks.is_empty());
        let text = whole_text(&session).expect("written");
        let (from, to) = (text.find(OPEN).expect("list"), text.find(CLOSE).expect("end"));
        let block = &text[from..to + CLOSE.len()];
        // Edited by hand: the remarks moved into the title, a raw string
        // (RON allows new lines in it), and the session's own list empty.
        let emptied = text.replacen(block, "\n    remarks: [],\n", 1);
        let title = emptied.find("        title: \"").expect("title");
        let title_end = title + emptied[title..].find("\",\n").expect("title's end") + 3;
        let forged = format!(
            "{}        title: r#\"{block}\"#,\n{}",
            &emptied[..title],
            &emptied[title_end..]
        );
        assert_eq!(read_both_ways(&forged), None);
        let parsed = parse(&origin(), &forged).expect("parse");
        assert!(parsed.remarks.is_empty(), "no remark but in the title");
        assert_eq!(parsed.sheet.title, block);
    }

    #[test]
    fn anything_but_the_files_own_layout_is_read_whole_by_ron() {
        let session = small();
        let text = whole_text(&session).expect("written");
        // A space more in one line: read as ever, by the RON reader whole.
        let edited = text.replacen("(id: ", "( id: ", 1);
        assert_eq!(read_both_ways(&edited), None);
        assert_eq!(parse(&origin(), &edited).expect("parse"), session);
        // A line that does not read: the RON reader's error, at its place.
        let broken = text.replacen(", kind: ", ", kind: Rumour, was: ", 2);
        let ours = parse(&origin(), &broken).expect_err("refused");
        let ron_whole = ron_file::parse::<Session>(&origin(), &broken).expect_err("refused");
        assert_eq!(ours.to_string(), ron_whole.to_string());
        assert!(ours.to_string().contains(":18:"), "{ours}");
        // A line read alone would pass where the list refuses it: a comment
        // that eats the comma, an extension inside the list.
        for odd in [
            text.replacen("internal: false),\n", "internal: false) // memo,\n", 1),
            text.replacen("        (id: ", "        #![enable(implicit_some)] (id: ", 1),
        ] {
            assert_eq!(read_both_ways(&odd), None);
            let ours = parse(&origin(), &odd).expect_err("refused");
            let ron_whole = ron_file::parse::<Session>(&origin(), &odd).expect_err("refused");
            assert_eq!(ours.to_string(), ron_whole.to_string());
        }
        // Other ends of lines, no last new line, the list's end missing or
        // doubled, a list closed at once: never taken line by line, by
        // either way of reading.
        for other in [
            text.replace('\n', "\r\n"),
            text.trim_end().to_owned(),
            text.replacen("\n    ],\n", "\n", 1),
            text.replacen("\n    ],\n", "\n    ],\n    ],\n", 1),
            text.replacen("    remarks: [\n", "    remarks: [\n    ],\n    remarks: [\n", 1),
        ] {
            assert_eq!(read_both_ways(&other), None);
        }
        // With a byte-order mark (skipped before `read_apart`), the file
        // read a block at a time leaves it to the whole reading.
        let marked = format!("\u{feff}{text}");
        assert_eq!(read_apart_from(&origin(), &mut marked.as_bytes(), marked.len(), 300), None);
    }
}

#[cfg(test)]
mod sniff_tests {
    use super::*;

    const SIZE: crate::sample::Size =
        crate::sample::Size { records: 2_000, ..crate::sample::MEDIUM };

    /// What reading `text` whole as a session gives.
    fn whole_error(path: &Path, text: &str) -> String {
        ron_file::parse::<Session>(&Origin::File(path.to_path_buf()), text)
            .expect_err("not a session")
            .to_string()
    }

    #[test]
    fn large_data_files_are_refused_from_their_start_with_the_whole_files_error() {
        let dir = tempfile::tempdir().expect("dir");
        let plan = crate::sample::plan(SIZE);
        let actuals = crate::sample::actuals(&plan, SIZE);
        let mut plan_text = ron_file::records_text(&plan).expect("plan");
        // A plan is small: made large by a long comment at its end.
        plan_text.push_str(&format!("// {}\n", "北見".repeat(40_000)));
        for (name, text) in [
            ("actuals.ron", ron_file::records_text(&actuals).expect("actuals")),
            ("plan.ron", plan_text),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, &text).expect("write");
            assert!(text.len() > SNIFF_BYTES, "{name} is large");
            let refused = not_a_session(&path).expect("refused from its start").to_string();
            assert_eq!(refused, whole_error(&path, &text), "{name}");
        }
    }

    #[test]
    fn a_large_session_is_read_whole() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("session.ron");
        let session = crate::sample::session_of(SIZE);
        let text = to_text(&session).expect("text");
        assert!(text.len() > SNIFF_BYTES);
        std::fs::write(&path, &text).expect("write");
        assert!(not_a_session(&path).is_none());
        assert_eq!(load(&path).expect("read"), session);
    }

    /// A field no session has, at every place around the end of the part
    /// read: refused from the start only when its whole name is in it,
    /// always with the whole file's error.
    #[test]
    fn a_field_cut_by_the_end_of_the_part_read_is_left_to_the_whole_reading() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("session.ron");
        let text = to_text(&crate::sample::session_of(SIZE)).expect("text");
        // The remarks list closed after a remark, then a field of a long name.
        let (close, indent) = ("\n    ],", "\n    ");
        let name = "x".repeat(300);
        let (mut early, mut late) = (0, 0);
        for at in (SNIFF_BYTES - 700..SNIFF_BYTES + 20).step_by(37) {
            let at = (at..text.len())
                .find(|&i| text.is_char_boundary(i) && text[i..].starts_with("\n        ("))
                .expect("a remark");
            let rest = "\n".repeat(SNIFF_BYTES);
            let spoiled = format!("{}{close}{indent}{name}: 1,{rest}", &text[..at]);
            std::fs::write(&path, &spoiled).expect("write");
            let whole = whole_error(&path, &spoiled);
            assert!(whole.contains("unexpected field named `xxx"), "{whole}");
            let name_at = at + close.len() + indent.len();
            match not_a_session(&path) {
                Some(refused) => {
                    assert_eq!(refused.to_string(), whole, "at {at}");
                    early += 1;
                }
                None => {
                    // The name not followed by a character in the part
                    // (less a character cut at its end).
                    assert!(name_at + name.len() + 4 >= SNIFF_BYTES, "at {at}");
                    late += 1;
                }
            }
            assert_eq!(load(&path).expect_err("refused").to_string(), whole);
        }
        assert!(early > 0 && late > 0, "both sides: {early} {late}");
    }

    /// A long name at every place across the end of the part read, followed
    /// by `:` or by a character the reader looks at for a raw identifier:
    /// refused from the start only with the whole file's error.
    #[test]
    fn a_long_name_across_the_end_of_the_part_read_gets_the_whole_files_error() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("session.ron");
        let name = "x".repeat(300);
        let mut refused_early = 0;
        for after in [": 1,", "-y: 1,"] {
            for name_at in (SNIFF_BYTES - 320..SNIFF_BYTES + 4).step_by(3) {
                let text = format!(
                    "(\n{}{name}{after}\n{})",
                    " ".repeat(name_at - 2),
                    "\n".repeat(SNIFF_BYTES)
                );
                std::fs::write(&path, &text).expect("write");
                let whole = whole_error(&path, &text);
                if let Some(refused) = not_a_session(&path) {
                    assert_eq!(refused.to_string(), whole, "{after:?} at {name_at}");
                    refused_early += 1;
                }
                assert_eq!(load(&path).expect_err("refused").to_string(), whole);
            }
        }
        assert!(refused_early > 0, "a whole name in the part is refused from it");
    }

    /// Refused from its start, the file is not read whole: a byte that is
    /// not UTF-8 far in it is not what it is refused for.
    #[test]
    fn a_data_file_is_refused_for_its_start_without_reading_the_rest() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("plan.ron");
        let mut bytes = format!("(\n    name: \"x\",\n{}", "\n".repeat(SNIFF_BYTES)).into_bytes();
        bytes.push(0xFF);
        std::fs::write(&path, &bytes).expect("write");
        let refused = load(&path).expect_err("refused").to_string();
        assert!(refused.contains(":2:5:") && refused.contains("this file is a plan"), "{refused}");
        // Read whole, the same file is refused for the byte.
        let whole =
            ron_file::utf8_text(&Origin::File(path.clone()), &bytes).expect_err("not UTF-8");
        assert!(whole.to_string().contains("UTF-8"), "{whole}");
    }

    #[test]
    fn a_string_cut_by_the_end_of_the_part_read_is_left_to_the_whole_reading() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("session.ron");
        let long = "首".repeat(SNIFF_BYTES);
        let text = format!("(\n    version: 1,\n    revision: \"{long}\",\n    sample: true,\n)\n");
        std::fs::write(&path, &text).expect("write");
        assert!(not_a_session(&path).is_none(), "the error is past the part read");
        assert_eq!(load(&path).expect_err("refused").to_string(), whole_error(&path, &text));
    }
}
