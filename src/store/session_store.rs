//! Keeping a session on disk so that a remark shown as saved is never lost.
//!
//! Files next to `<name>.ron`:
//! - `<name>.ron`: the snapshot, the whole session as plain RON.
//! - `<name>.ron.journal`: changes since the snapshot, one per line.
//! - `<name>.ron.draft`: the remark being typed, every few seconds.
//! - `<name>.ron.judgment-draft`: likewise, the judgment being typed.
//! - `<name>.ron.bak`: the snapshot as it was when the session was opened,
//!   written when this run first replaces it.
//! - `<name>.ron.lock`: held while the session is open.
//!
//! Snapshot + journal, chosen by measurement (see BENCHMARKS.md): on the
//! 2-core development machine, rewriting the snapshot of a session with
//! 10,000 remarks (3.9 MB) took 86 ms, and grows with the session, while
//! appending one synced journal line took 0.14 ms (median) whatever the
//! size. A remark must be durable before 保存済み shows, so the journal it is. The snapshot is rewritten when the session is opened
//! (folding in the journal of a crashed run) and when it is closed, and
//! whenever a journal write has failed.
//!
//! The file is shared: git (a merge, a checkout), a copy or another tool may
//! replace it after a crash or while a meeting runs. So journal lines are
//! named (this run's id and a line number) and the file lists the lines it
//! already holds (`folded`): a start replays every line not listed, by
//! name, whatever the file's revision, and a crash between writing the
//! snapshot and emptying the journal loses and repeats nothing. The journal
//! is emptied only once the snapshot holding its lines is durable. A file
//! changed on disk under a running meeting is noticed (size and time, then
//! a content hash) and merged in, never overwritten.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::domain::session::merge::{attendees_clash, merge, separate_attendees};
use crate::domain::session::{AgendaItem, DataRefs, Draft, JudgmentDraft, Op, Session, Sheet};

use super::disk::Disk;
use super::journal;
use super::lock::{Lock, LockError};
use super::ron_file::{self, LoadError, Origin, io_reason};
use super::session_file;

/// The message of a damaged journal.
fn journal_damaged(path: &str, line: usize, reason: &str) -> String {
    crate::i18n::tr(
        format!(
            "{path}:{line}: ジャーナルが壊れています: {reason}。記録は開いていません（ファイルには手を付けていません）"
        ),
        format!(
            "{path}:{line}: the journal is damaged: {reason}; the session was not opened (the files are untouched)"
        ),
    )
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Locked(#[from] LockError),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{}", journal_damaged(path, *line, reason))]
    Journal { path: String, line: usize, reason: String },
    #[error("{path}: {}", crate::i18n::tr(format!("書き込めません: {reason}"), format!("cannot write: {reason}")))]
    Io { path: String, reason: String },
    #[error("{path}: {reason}")]
    Link { path: String, reason: String },
}

/// What opening found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// The session file did not exist and was created.
    pub created: bool,
    /// Changes recovered from the journal of a run that did not close.
    pub recovered: usize,
    /// A torn last journal line was dropped (its line number).
    pub torn_tail: Option<usize>,
    /// A draft of a remark being typed when the last run ended.
    pub draft: Option<Draft>,
    /// A judgment being typed when the last run ended.
    pub judgment_draft: Option<JudgmentDraft>,
}

pub struct SessionStore {
    path: PathBuf,
    journal: PathBuf,
    draft: PathBuf,
    judgment_draft: PathBuf,
    disk: Box<dyn Disk>,
    /// False after a journal write failed: the next save writes a fresh
    /// snapshot instead of trusting the journal file again.
    journal_ok: bool,
    /// This run's name in the journal (a ULID), and its last line number.
    run: String,
    seq: u64,
    /// The session file as this run last read or wrote it.
    on_disk: Option<OnDisk>,
    /// Its sheet, data and agenda then: what a replacing file is compared with.
    base: Base,
    /// A merge with a file changed on disk, not yet taken by the meeting.
    merged: Option<Session>,
    /// Where a large session's parsed copy is kept for the next start.
    copies: super::cache::Cache,
    /// `<session>.bak`, and the file as this run opened it until it is
    /// written there: just before this run first replaces the session file
    /// (until then the file itself is that copy), so that opening a large
    /// session does not wait for a second copy of it to reach the disk.
    backup: PathBuf,
    backup_pending: Option<Backup>,
    /// The session's revision and this run's journal lines while the file
    /// holds exactly the session as read at open (`None` once anything was
    /// written, or when opening changed it).
    unchanged: Option<(u64, u64)>,
    /// Created new in memory and not yet written (see
    /// [`SessionStore::open_writing_new_later`]): the next change or
    /// [`SessionStore::settle`] writes the whole session.
    unwritten: bool,
    /// Why the snapshot that folds a crashed run's journal in at opening
    /// could not be written (a full disk): the session opened all the
    /// same, held in memory and retried, the journal kept until then.
    open_failure: Option<String>,
    lock: Lock,
}

/// The session file as this run opened it, until it becomes the `.bak`.
enum Backup {
    /// A small file's bytes, in memory.
    Bytes(Vec<u8>),
    /// A large file's, kept aside on disk (`<session>.bak.pending`),
    /// removed if the run ends without making it the `.bak`.
    Kept(session_file::KeptAside),
    /// A large file's read from its parsed copy, to be kept aside once
    /// the first frame is on screen ([`SessionStore::begin_backup`]).
    Later(session_file::BackupLater),
}

/// What tells a file changed on disk: size and time cheaply, then content.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OnDisk {
    len: u64,
    modified: Option<SystemTime>,
    /// xxh3-128 of the bytes: a change detector, fast at tens of megabytes.
    hash: u128,
}

impl OnDisk {
    /// A file read by this run, `meta` taken before it was read (so that a
    /// change while it was read shows as a change at the next look), or
    /// written by it, `meta` taken after.
    fn seen(meta: &std::fs::Metadata, hash: u128) -> OnDisk {
        OnDisk { len: meta.len(), modified: meta.modified().ok(), hash }
    }
}

/// The sheet, data and agenda of a session file as a run last read or
/// wrote it.
pub type Base = (Sheet, DataRefs, Option<Vec<AgendaItem>>);

/// Theirs where ours is still as it was, else ours.
fn pick<T: PartialEq + Clone>(base: &T, ours: &T, theirs: &T) -> T {
    if ours == base { theirs.clone() } else { ours.clone() }
}

/// What a running meeting holds (`ours`) merged with a file that replaced
/// its session on disk (`theirs`): every remark and judgment of both (the
/// union of `merge`); each field of the sheet, the data and the agenda
/// (with the statuses of 前回の指摘事項) that changed on disk since this
/// run last saw them (`base`), else ours; the attendees of both, so that every speaker stays
/// an attendee; our position.
#[must_use]
pub fn merge_replaced(ours: &Session, theirs: &Session, base: &Base) -> Session {
    // An attendee the file added under an id the meeting gave someone else
    // gets another id, with the remarks only the file holds.
    let separated;
    let theirs = if attendees_clash(&ours.sheet, &theirs.sheet, Some(&base.0)) {
        let mut copy = theirs.clone();
        separate_attendees(ours, &mut copy, Some(&base.0));
        separated = copy;
        &separated
    } else {
        theirs
    };
    let mut merged = merge(ours, theirs);
    // (The union keeps ours whenever ours has an agenda: an agenda
    // arranged on disk while ours stood as read was lost.)
    merged.agenda = pick(&base.2, &ours.agenda, &theirs.agenda);
    // Field by field: the meeting's own edit of one field (an attendee
    // marked absent) does not drop another the file brought (its title).
    let (b, o, t) = (&base.0, &ours.sheet, &theirs.sheet);
    let mut sheet = Sheet {
        title: pick(&b.title, &o.title, &t.title),
        date: pick(&b.date, &o.date, &t.date),
        start: pick(&b.start, &o.start, &t.start),
        end: pick(&b.end, &o.end, &t.end),
        place: pick(&b.place, &o.place, &t.place),
        attendees: pick(&b.attendees, &o.attendees, &t.attendees),
        materials: pick(&b.materials, &o.materials, &t.materials),
        next_meeting: pick(&b.next_meeting, &o.next_meeting, &t.next_meeting),
    };
    for a in ours.sheet.attendees.iter().chain(&theirs.sheet.attendees) {
        if sheet.attendee(&a.id).is_none() {
            sheet.attendees.push(a.clone());
        }
    }
    merged.sheet = sheet;
    merged.data = pick(&base.1, &ours.data, &theirs.data);
    merged.position.clone_from(&ours.position);
    merged
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The file as text (a byte-order mark dropped), taking the bytes read
/// without a copy: a session may be tens of megabytes.
fn read_optional(path: &Path) -> Result<Option<String>, LoadError> {
    let Some(bytes) = read_bytes(path)? else { return Ok(None) };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(Some(text))
        }
        // The position of the first bad byte, for the message.
        Err(e) => ron_file::utf8_text(&Origin::File(path.to_path_buf()), e.as_bytes())
            .map(|text| Some(text.to_string())),
    }
}

fn read_bytes(path: &Path) -> Result<Option<Vec<u8>>, LoadError> {
    if !path.exists() {
        return Ok(None);
    }
    ron_file::read_capped(path).map(Some)
}

/// Refuses a link at any of the session's files before anything is read
/// or written.
fn refuse_links(paths: &[&Path]) -> Result<(), OpenError> {
    for p in paths {
        super::disk::refuse_symlink(p).map_err(|e| OpenError::Link {
            path: p.display().to_string(),
            reason: io_reason(&e),
        })?;
    }
    Ok(())
}

fn replay(path: &Path) -> Result<Option<journal::Replay>, OpenError> {
    let Some(bytes) = read_bytes(path)? else { return Ok(None) };
    journal::read(&bytes).map(Some).map_err(|d| OpenError::Journal {
        path: path.display().to_string(),
        line: d.line,
        reason: d.reason,
    })
}

/// The cache folder a store keeps a large session's parsed copies in: the
/// one its reading ahead looked in, else the one the environment names.
fn copies_of(early: Option<&session_file::Early>) -> super::cache::Cache {
    early.map_or_else(super::cache::Cache::from_env, |e| e.copies().clone())
}

impl SessionStore {
    /// Opens (or creates with `create`) the session at `path`: takes the
    /// lock, reads the snapshot, replays the journal, and writes a fresh
    /// snapshot if anything was replayed.
    pub fn open(
        path: &Path,
        create: impl FnOnce() -> Session,
        disk: Box<dyn Disk>,
        now: &str,
    ) -> Result<(SessionStore, Session, OpenReport), OpenError> {
        Self::open_with(path, create, disk, now, None)
    }

    /// Like [`SessionStore::open`], with the file perhaps already parsed on
    /// another thread: used when the bytes read now under the lock are the
    /// very bytes it was parsed from, else parsed again. A large session's
    /// parsed copies are kept in the cache folder `early` looked in.
    pub fn open_with(
        path: &Path,
        create: impl FnOnce() -> Session,
        disk: Box<dyn Disk>,
        now: &str,
        early: Option<session_file::Early>,
    ) -> Result<(SessionStore, Session, OpenReport), OpenError> {
        let copies = copies_of(early.as_ref());
        Self::open_inner(path, create, disk, now, early, false, copies)
    }

    /// Like [`SessionStore::open`], a large session's parsed copies read
    /// from and kept in `copies` instead of the cache folder the
    /// environment names.
    pub fn open_keeping_copies_in(
        path: &Path,
        create: impl FnOnce() -> Session,
        disk: Box<dyn Disk>,
        now: &str,
        copies: super::cache::Cache,
    ) -> Result<(SessionStore, Session, OpenReport), OpenError> {
        Self::open_inner(path, create, disk, now, None, false, copies)
    }

    /// Like [`SessionStore::open_with`], except that a session created new
    /// (no file, no journal) is written later: at [`SessionStore::settle`],
    /// called once the first frame is on screen, or at the first change,
    /// whichever comes first. Nothing is recorded before it is written, so
    /// nothing can be lost; the first frame just does not wait for the
    /// disk to sync an empty session.
    pub fn open_writing_new_later(
        path: &Path,
        create: impl FnOnce() -> Session,
        disk: Box<dyn Disk>,
        now: &str,
        early: Option<session_file::Early>,
    ) -> Result<(SessionStore, Session, OpenReport), OpenError> {
        let copies = copies_of(early.as_ref());
        Self::open_inner(path, create, disk, now, early, true, copies)
    }

    fn open_inner(
        path: &Path,
        create: impl FnOnce() -> Session,
        disk: Box<dyn Disk>,
        now: &str,
        early: Option<session_file::Early>,
        write_new_later: bool,
        copies: super::cache::Cache,
    ) -> Result<(SessionStore, Session, OpenReport), OpenError> {
        let journal_path = with_suffix(path, ".journal");
        let draft_path = with_suffix(path, ".draft");
        let judgment_draft_path = with_suffix(path, ".judgment-draft");
        let backup = with_suffix(path, ".bak");
        refuse_links(&[
            path,
            &with_suffix(path, ".lock"),
            &journal_path,
            &draft_path,
            &judgment_draft_path,
            &backup,
            &session_file::pending_backup(path),
        ])?;
        // Locked and read ahead on another thread, or now.
        let (lock, ahead) = match early.and_then(session_file::Early::locked) {
            Some(locked) => (locked.lock, locked.read),
            None => (Lock::acquire(path, now)?, None),
        };
        let io = |p: &Path, e: std::io::Error| OpenError::Io {
            path: p.display().to_string(),
            reason: io_reason(&e),
        };
        let mut report = OpenReport::default();
        let mut on_disk = None;
        let mut backup_pending = None;
        let read = match ahead {
            Some(read) => Some(read),
            None => session_file::read_under_lock(path, &copies)?,
        };
        let mut session = match read {
            Some(read) => {
                on_disk = Some(OnDisk::seen(&read.meta, read.hash));
                // Kept as it was at the start of this run; only a file that
                // parsed (or whose parsed copy was made from its very
                // bytes), so a damaged file never replaces a good copy.
                backup_pending = match (read.kept, read.bytes, read.later) {
                    (Some(kept), _, _) => Some(Backup::Kept(kept)),
                    (None, Some(bytes), _) => Some(Backup::Bytes(bytes)),
                    (None, None, Some(later)) => Some(Backup::Later(later)),
                    (None, None, None) => None,
                };
                read.session
            }
            None => {
                report.created = true;
                create()
            }
        };
        let mut replayed = false;
        if let Some(replay) = replay(&journal_path)? {
            report.torn_tail = replay.torn_tail;
            for entry in replay.records {
                replayed = true;
                // Applied by name unless the file already holds it; a
                // change that no longer fits is skipped, never fatal.
                if entry.fold_into(&mut session) && entry.op.is_durable() {
                    report.recovered += 1;
                }
            }
        }
        if let Some(text) = read_optional(&draft_path)? {
            report.draft = ron_file::parse(&Origin::File(draft_path.clone()), &text).ok();
        }
        if let Some(text) = read_optional(&judgment_draft_path)? {
            report.judgment_draft =
                ron_file::parse(&Origin::File(judgment_draft_path.clone()), &text).ok();
        }
        let mut store = SessionStore {
            path: path.to_path_buf(),
            journal: journal_path,
            draft: draft_path,
            judgment_draft: judgment_draft_path,
            disk,
            journal_ok: true,
            run: ulid::Ulid::new().to_string(),
            seq: 0,
            on_disk,
            base: (session.sheet.clone(), session.data.clone(), session.agenda.clone()),
            merged: None,
            copies,
            backup,
            backup_pending,
            unchanged: None,
            unwritten: false,
            open_failure: None,
            lock,
        };
        if report.created && write_new_later && !replayed && report.torn_tail.is_none() {
            store.unwritten = true;
        } else if report.created {
            store.snapshot(&session).map_err(|e| io(path, e))?;
        } else if replayed || report.torn_tail.is_some() {
            // A crashed run's journal to fold in, and the disk still full
            // (or the folder read-only): the meeting opens with it all the
            // same, as after a failed write during the meeting; the file
            // and the journal stay as they are until a snapshot succeeds.
            if let Err(e) = store.snapshot(&session) {
                tracing::warn!(error = %e, "the recovered session could not be written at opening");
                store.journal_ok = false;
                store.open_failure = Some(io_reason(&e));
            }
        } else {
            store.unchanged = Some((session.revision, 0));
        }
        Ok((store, session, report))
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records a change already applied to `session`; `revision` is the
    /// session's revision right after that change (later changes may be
    /// applied already). Returns once it is on disk (for a durable change).
    /// On error the session stays in memory; call [`Self::flush`] to retry.
    pub fn record(&mut self, session: &Session, revision: u64, op: &Op) -> std::io::Result<()> {
        if !self.journal_ok || self.unwritten || self.merged.is_some() {
            // A whole snapshot: after a failed journal write, for a new
            // session not yet on disk (no journal line without its file),
            // or when a merge with the file on disk waits for the meeting
            // (made by an earlier snapshot that nobody took it from): the
            // meeting takes it right after this, and it must hold this
            // change (a journal line alone would be folded into a session
            // that lacks it, then lost).
            return self.snapshot(session);
        }
        self.seq += 1;
        let line =
            journal::encode(&self.run, self.seq, revision, op).map_err(std::io::Error::other)?;
        let result = self.disk.append(&self.journal, line.as_bytes(), op.is_durable());
        if result.is_err() {
            self.journal_ok = false;
        }
        result
    }

    /// Writes the whole session as a fresh snapshot and empties the
    /// journal. Used on close, after a failed write, and on open. A file
    /// changed on disk since this run last saw it is merged in, not
    /// overwritten: the merged session then waits in [`Self::take_merged`]
    /// for the meeting to take in place of its own.
    pub fn snapshot(&mut self, session: &Session) -> std::io::Result<()> {
        if self.holds_already(session) {
            return Ok(());
        }
        // The meeting's own session is written from where it is, not
        // copied (see `session_file::to_text_lent`).
        let mut whole = match self.merged.take() {
            // Merged earlier and not yet taken by the meeting: with this
            // session, and kept so at once (what the meeting takes, should
            // the write below fail, holds this session's changes too).
            Some(pending) => {
                let both = self.merge_in(session, &pending);
                self.merged = Some(both.clone());
                Cow::Owned(both)
            }
            None => Cow::Borrowed(session),
        };
        let mut merged = self.merged.is_some();
        self.backup_ready();
        match self.changed_on_disk() {
            Ok(Some(theirs)) => {
                // Kept for the meeting at once: the file is now taken as
                // seen, and a write that fails below must not drop what it
                // held (the next snapshot merges it again).
                let both = self.merge_in(&whole, &theirs);
                self.merged = Some(both.clone());
                whole = Cow::Owned(both);
                merged = true;
            }
            // Gone, or as this run left it.
            Ok(None) => {}
            // Changed and unreadable (damaged, too large): kept beside the
            // session before it is replaced, or not replaced at all.
            Err(_) => self.keep_unmerged()?,
        }
        // Every line this run wrote is in what is written now.
        let folded = (self.seq > 0).then(|| (self.run.clone(), self.seq));
        // The file as opened, kept before anything replaces it (and let go
        // before the new text is made: a large session is not held thrice).
        let backed = match &self.backup_pending {
            Some(Backup::Bytes(start)) => self.disk.replace(&self.backup, start),
            Some(Backup::Kept(kept)) => self.disk.promote(kept.path(), &self.backup),
            // Made ready above.
            Some(Backup::Later(_)) | None => Ok(()),
        };
        match backed {
            // The copy waiting to be the backup is gone (removed by
            // someone, or already renamed by a try whose folder sync
            // failed): the save is not held back for it.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!(error = %e, "the session's backup to be is gone");
            }
            other => other?,
        }
        self.backup_pending = None;
        let folded = folded.as_ref().map(|(run, seq)| (run.as_str(), *seq));
        let (text, written) =
            session_file::to_text_lent(whole, folded).map_err(std::io::Error::other)?;
        // Never a file the next start would refuse (the journal keeps
        // all): the writing stops as soon as the text grows past the
        // limit, and the old file stays.
        let limit = super::limits::limits().file_bytes;
        let mut made = None;
        self.disk.replace_with(&self.path, &mut |file| {
            made = Some(text.write_to(file, limit)?);
            Ok(())
        })?;
        let (len, hash) =
            made.ok_or_else(|| std::io::Error::other("the session was not written"))?;
        self.unwritten = false;
        drop(text);
        self.on_disk =
            std::fs::symlink_metadata(&self.path).ok().map(|meta| OnDisk::seen(&meta, hash));
        self.base =
            (written.head.sheet.clone(), written.head.data.clone(), written.head.agenda.clone());
        // Only now, with the snapshot durable, may the journal go.
        // (A session just created has none to empty.)
        if self.seq > 0 || std::fs::symlink_metadata(&self.journal).is_ok() {
            self.disk.replace(&self.journal, b"")?;
        }
        self.journal_ok = true;
        // The run's session may be in another order than the file: the
        // file is that session only once nothing else happened (open).
        self.unchanged = None;
        // What the next start parses the file into, ready for it (large
        // sessions only; see `session_cache`).
        super::session_cache::write_if_missing(
            &self.copies,
            len,
            hash,
            &written.head,
            &written.remarks,
        );
        if merged {
            self.merged = Some(written.into_session());
        }
        Ok(())
    }

    /// Starts keeping a large session's file aside for its backup, on a
    /// thread of its own, when its session came from its parsed copy
    /// (called once the first frame is on screen; nothing otherwise).
    pub fn begin_backup(&mut self) {
        if let Some(Backup::Later(later)) = &mut self.backup_pending {
            later.begin();
        }
    }

    /// The backup kept aside before anything replaces the file, when it
    /// was to be copied after the first frame. Only a copy of the very bytes
    /// opened becomes the backup. One that is not (another program wrote
    /// the file meanwhile, keeping its size and time or not, or while it
    /// was copied) is dropped, the previous `.bak` left as it is, and the
    /// file read and merged in as any file changed on disk. Where no copy
    /// can be made, the file is read into memory; where it cannot be read
    /// (gone, refused) there is no backup, and the save goes on: the
    /// meeting's session is never held back for its backup.
    fn backup_ready(&mut self) {
        let Some(Backup::Later(later)) = &mut self.backup_pending else { return };
        let opened = later.hash();
        let same = |bytes: &[u8]| xxhash_rust::xxh3::xxh3_128(bytes) == opened;
        let backup = match later.finish() {
            Some((kept, true)) => Some(Backup::Kept(kept)),
            Some((_, false)) => None,
            None => match ron_file::read_capped(&self.path) {
                Ok(bytes) if same(&bytes) => Some(Backup::Bytes(bytes)),
                Ok(_) => None,
                Err(e) => {
                    tracing::warn!(error = %e, "the session file could not be read for its backup");
                    None
                }
            },
        };
        if backup.is_none() {
            tracing::warn!(path = %self.path.display(), "no backup: the session file could not be copied as opened; it is read again at this save");
            if let Some(known) = &mut self.on_disk {
                // Read again by `changed_on_disk`, whatever its size and time.
                (known.len, known.modified) = (u64::MAX, None);
            }
        }
        self.backup_pending = backup;
    }

    /// Whether the file is still exactly `session` as this run read it:
    /// nothing recorded, merged or changed in the session since, and the
    /// file the same size and time as then. Writing it again would give the
    /// same file (a meeting opened to look and closed): only its parsed
    /// copy is left for the next start, if there is none. Anything else,
    /// and a file changed on disk, is written (and merged) as always.
    fn holds_already(&mut self, session: &Session) -> bool {
        let same = self.merged.is_none()
            && self.journal_ok
            && self.unchanged == Some((session.revision, self.seq))
            && self.base.0 == session.sheet
            && self.base.1 == session.data
            && self.base.2 == session.agenda;
        let Some(known) = self.on_disk.as_ref().filter(|_| same) else { return false };
        let Ok(meta) = std::fs::symlink_metadata(&self.path) else { return false };
        if known.len != meta.len() || known.modified != meta.modified().ok() {
            return false;
        }
        super::session_cache::write_if_missing(
            &self.copies,
            known.len,
            known.hash,
            session,
            &session.remarks,
        );
        true
    }

    /// The session as merged with a file that changed on disk, once: the
    /// meeting takes it in place of its own (and says so).
    pub fn take_merged(&mut self) -> Option<Session> {
        self.merged.take()
    }

    /// Copies a session file that changed on disk but cannot be read to
    /// `<session>.unmerged`, so that writing the meeting's session over it
    /// loses nothing of it.
    fn keep_unmerged(&mut self) -> std::io::Result<()> {
        let kept = with_suffix(&self.path, ".unmerged");
        super::disk::refuse_symlink(&kept)?;
        std::fs::copy(&self.path, &kept)?;
        // Opened for writing: Windows syncs only a file open for writing
        // (opened to read, the sync was refused and the meeting's save with it).
        std::fs::OpenOptions::new().write(true).open(&kept)?.sync_all()?;
        tracing::warn!(kept = %kept.display(), "a changed session file that cannot be read was kept aside");
        Ok(())
    }

    /// The session file as it is on disk, when it changed since this run
    /// last read or wrote it (git, a copy, another tool replaced it):
    /// cheaply by size and time, then by content. `Ok(None)` when it did
    /// not change (or is gone: the next snapshot writes it again).
    pub fn changed_on_disk(&mut self) -> Result<Option<Session>, LoadError> {
        let Ok(meta) = std::fs::symlink_metadata(&self.path) else { return Ok(None) };
        if let Some(known) = &self.on_disk
            && known.len == meta.len()
            && known.modified == meta.modified().ok()
        {
            return Ok(None);
        }
        let bytes = ron_file::read_capped(&self.path)?;
        let now = OnDisk::seen(&meta, xxhash_rust::xxh3::xxh3_128(&bytes));
        if self.on_disk.as_ref().is_some_and(|k| k.hash == now.hash) {
            self.on_disk = Some(now);
            return Ok(None);
        }
        let origin = Origin::File(self.path.clone());
        let theirs = session_file::parse(&origin, ron_file::utf8_text(&origin, &bytes)?)?;
        // Seen: it is merged now, and the merge is written next.
        self.on_disk = Some(now);
        Ok(Some(theirs))
    }

    /// `ours` with a file that replaced the session on disk merged in.
    #[must_use]
    pub fn merge_in(&self, ours: &Session, theirs: &Session) -> Session {
        merge_replaced(ours, theirs, &self.base)
    }

    /// Writes a session created new and not yet written (see
    /// [`SessionStore::open_writing_new_later`]); nothing otherwise.
    pub fn settle(&mut self, session: &Session) -> std::io::Result<()> {
        if self.unwritten { self.snapshot(session) } else { Ok(()) }
    }

    /// Whether the session is still only in memory, created new and not
    /// yet written (nothing of it is on disk, nor in a journal).
    #[must_use]
    pub fn is_unwritten(&self) -> bool {
        self.unwritten
    }

    /// Whether the session file this run wrote is no longer there (moved,
    /// renamed or deleted while the meeting runs).
    #[must_use]
    pub fn is_gone(&self) -> bool {
        !self.unwritten
            && std::fs::symlink_metadata(&self.path)
                .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
    }

    /// Takes the session's lock again where the session is, when the lock
    /// held is no longer there (the folder swapped under the meeting): a
    /// second program opening the session is then refused, not let record
    /// beside this one. Said when another program took it meanwhile.
    pub fn relock(&mut self, now: &str) -> Result<(), LockError> {
        if !self.lock.is_in_place() {
            self.lock = Lock::acquire(&self.path, now)?;
        }
        Ok(())
    }

    /// Why opening could not write the session (see `open_failure`), once.
    pub fn take_open_failure(&mut self) -> Option<String> {
        self.open_failure.take()
    }

    /// Retries after a failure: a fresh snapshot.
    pub fn flush(&mut self, session: &Session) -> std::io::Result<()> {
        self.snapshot(session)
    }

    /// Saves the remark being typed.
    pub fn save_draft(&mut self, draft: &Draft) -> std::io::Result<()> {
        let text = ron::ser::to_string_pretty(draft, super::ron_file::pretty_config())
            .map_err(std::io::Error::other)?;
        self.disk.replace(&self.draft, text.as_bytes())
    }

    /// The remark was saved or given up: its draft goes.
    pub fn clear_draft(&mut self) -> std::io::Result<()> {
        self.disk.remove(&self.draft)
    }

    /// Keeps the judgment being typed (`<name>.ron.judgment-draft`).
    pub fn save_judgment_draft(&mut self, draft: &JudgmentDraft) -> std::io::Result<()> {
        let text = ron::ser::to_string_pretty(draft, super::ron_file::pretty_config())
            .map_err(std::io::Error::other)?;
        self.disk.replace(&self.judgment_draft, text.as_bytes())
    }

    /// The judgment was saved, withdrawn or given up: its draft goes.
    pub fn clear_judgment_draft(&mut self) -> std::io::Result<()> {
        self.disk.remove(&self.judgment_draft)
    }

    /// Folds the journal beside the session at `path` into `session` (lines
    /// it does not hold yet): how many changes were applied, where the
    /// presenter was not counted. A journal torn
    /// at its end (a meeting writing it now) gives its whole lines.
    pub fn fold_journal(path: &Path, session: &mut Session) -> Result<usize, OpenError> {
        let journal_path = with_suffix(path, ".journal");
        let mut applied = 0;
        if let Some(replay) = replay(&journal_path)? {
            for entry in replay.records {
                // Counted as the start counts what it recovers: where the
                // presenter was is applied, not counted as a change.
                if entry.fold_into(session) && entry.op.is_durable() {
                    applied += 1;
                }
            }
        }
        Ok(applied)
    }

    /// What the start screen and the earlier meetings show of a session:
    /// the session without its remarks, and how many of them are not
    /// deleted, journal included. Without a journal to fold (a meeting
    /// that ended), a large session's parsed copy gives it from its head:
    /// the remarks are neither parsed nor decoded.
    pub fn read_head(path: &Path) -> Result<(Session, usize), OpenError> {
        let journal = with_suffix(path, ".journal");
        if std::fs::symlink_metadata(&journal).is_ok_and(|m| m.len() > 0) {
            let mut session = Self::read_back(path)?;
            let live = session.live_remarks().count();
            session.remarks = Vec::new();
            return Ok((session, live));
        }
        Ok(session_file::read_head(path, &super::cache::Cache::from_env())?)
    }

    /// Reads the session as a second program would: snapshot + journal
    /// (the snapshot from its parsed copy when there is one for its bytes).
    pub fn read_back(path: &Path) -> Result<Session, OpenError> {
        Self::read_back_with(path, &super::cache::Cache::from_env())
    }

    /// [`SessionStore::read_back`], a large session's parsed copy looked
    /// for (and made) in `copies`.
    pub fn read_back_with(path: &Path, copies: &super::cache::Cache) -> Result<Session, OpenError> {
        let mut session = session_file::load_with(path, copies)?;
        Self::fold_journal(path, &mut session)?;
        Ok(session)
    }
}
