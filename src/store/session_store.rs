//! Keeping a session on disk so that a remark shown as saved is never lost.
//!
//! Files next to `<name>.ron`:
//! - `<name>.ron`: the snapshot, the whole session as plain RON.
//! - `<name>.ron.journal`: changes since the snapshot, one per line.
//! - `<name>.ron.draft`: the remark being typed, every few seconds.
//! - `<name>.ron.judgment-draft`: likewise, the judgment being typed.
//! - `<name>.ron.bak`: the snapshot as it was when the session was opened.
//! - `<name>.ron.lock`: held while the session is open.
//!
//! Snapshot + journal, chosen by measurement (see BENCHMARKS.md): on the
//! 2-core development machine, rewriting the snapshot of a session with
//! 10,000 remarks (3.9 MB) took 86 ms, and grows with the session, while
//! appending one synced journal line took 0.14 ms (median) whatever the
//! size. A remark must be durable before 保存済み shows, so the journal it is. The snapshot is rewritten when the session is opened
//! (folding in the journal of a crashed run) and when it is closed, and
//! whenever a journal write has failed. Its `revision` says which journal
//! lines it already holds, so a crash between writing the snapshot and
//! emptying the journal loses and repeats nothing.

use std::path::{Path, PathBuf};

use crate::domain::session::{Draft, JudgmentDraft, Op, Session};

use super::disk::Disk;
use super::journal;
use super::lock::{Lock, LockError};
use super::ron_file::{self, LoadError, Origin, io_reason};
use super::session_file;

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Locked(#[from] LockError),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(
        "{path}:{line}: the journal is damaged: {reason}; the session was not opened (the files are untouched)"
    )]
    Journal { path: String, line: usize, reason: String },
    #[error("{path}: cannot write: {reason}")]
    Io { path: String, reason: String },
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
    _lock: Lock,
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn read_optional(path: &Path) -> Result<Option<String>, LoadError> {
    read_bytes(path)?
        .map(|bytes| ron_file::utf8_text(&Origin::File(path.to_path_buf()), &bytes))
        .transpose()
}

fn read_bytes(path: &Path) -> Result<Option<Vec<u8>>, LoadError> {
    if !path.exists() {
        return Ok(None);
    }
    ron_file::read_capped(path).map(Some)
}

fn replay(path: &Path) -> Result<Option<journal::Replay>, OpenError> {
    let Some(bytes) = read_bytes(path)? else { return Ok(None) };
    journal::read(&bytes).map(Some).map_err(|d| OpenError::Journal {
        path: path.display().to_string(),
        line: d.line,
        reason: d.reason,
    })
}

impl SessionStore {
    /// Opens (or creates with `create`) the session at `path`: takes the
    /// lock, reads the snapshot, replays the journal, and writes a fresh
    /// snapshot if anything was replayed.
    pub fn open(
        path: &Path,
        create: impl FnOnce() -> Session,
        mut disk: Box<dyn Disk>,
        now: &str,
    ) -> Result<(SessionStore, Session, OpenReport), OpenError> {
        let lock = Lock::acquire(path, now)?;
        let journal_path = with_suffix(path, ".journal");
        let draft_path = with_suffix(path, ".draft");
        let io = |p: &Path, e: std::io::Error| OpenError::Io {
            path: p.display().to_string(),
            reason: io_reason(&e),
        };
        let mut report = OpenReport::default();
        let mut session = match read_optional(path)? {
            Some(text) => {
                let session = session_file::parse(&Origin::File(path.to_path_buf()), &text)?;
                // A copy as it was at the start of this run.
                disk.replace(&with_suffix(path, ".bak"), text.as_bytes())
                    .map_err(|e| io(&with_suffix(path, ".bak"), e))?;
                session
            }
            None => {
                report.created = true;
                create()
            }
        };
        if let Some(replay) = replay(&journal_path)? {
            report.torn_tail = replay.torn_tail;
            for (revision, op) in replay.records {
                if revision <= session.revision {
                    continue; // already in the snapshot
                }
                // A change that no longer fits is skipped, never fatal.
                if session.apply(&op).is_ok() && op.is_durable() {
                    report.recovered += 1;
                }
                session.revision = revision;
            }
        }
        if let Some(text) = read_optional(&draft_path)? {
            report.draft = ron_file::parse(&Origin::File(draft_path.clone()), &text).ok();
        }
        let judgment_draft_path = with_suffix(path, ".judgment-draft");
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
            _lock: lock,
        };
        if report.created || report.recovered > 0 || report.torn_tail.is_some() {
            store.snapshot(&session).map_err(|e| io(path, e))?;
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
        if !self.journal_ok {
            return self.snapshot(session);
        }
        let line = journal::encode(revision, op).map_err(std::io::Error::other)?;
        let result = self.disk.append(&self.journal, line.as_bytes(), op.is_durable());
        if result.is_err() {
            self.journal_ok = false;
        }
        result
    }

    /// Writes the whole session as a fresh snapshot and empties the
    /// journal. Used on close, after a failed write, and on open.
    pub fn snapshot(&mut self, session: &Session) -> std::io::Result<()> {
        let text = session_file::to_text(session).map_err(std::io::Error::other)?;
        self.disk.replace(&self.path, text.as_bytes())?;
        // Only now, with the snapshot durable, may the journal go.
        self.disk.replace(&self.journal, b"")?;
        self.journal_ok = true;
        Ok(())
    }

    /// Retries after a failure: a fresh snapshot.
    pub fn flush(&mut self, session: &Session) -> std::io::Result<()> {
        self.snapshot(session)
    }

    /// Saves the remark being typed.
    pub fn save_draft(&mut self, draft: &Draft) -> std::io::Result<()> {
        let text = ron::ser::to_string_pretty(draft, ron::ser::PrettyConfig::new())
            .map_err(std::io::Error::other)?;
        self.disk.replace(&self.draft, text.as_bytes())
    }

    /// The remark was saved or given up: its draft goes.
    pub fn clear_draft(&mut self) -> std::io::Result<()> {
        self.disk.remove(&self.draft)
    }

    /// Keeps the judgment being typed (`<name>.ron.judgment-draft`).
    pub fn save_judgment_draft(&mut self, draft: &JudgmentDraft) -> std::io::Result<()> {
        let text = ron::ser::to_string_pretty(draft, ron::ser::PrettyConfig::new())
            .map_err(std::io::Error::other)?;
        self.disk.replace(&self.judgment_draft, text.as_bytes())
    }

    /// The judgment was saved, withdrawn or given up: its draft goes.
    pub fn clear_judgment_draft(&mut self) -> std::io::Result<()> {
        self.disk.remove(&self.judgment_draft)
    }

    /// Reads the session as a second program would: snapshot + journal.
    pub fn read_back(path: &Path) -> Result<Session, OpenError> {
        let mut session = session_file::load(path)?;
        let journal_path = with_suffix(path, ".journal");
        if let Some(replay) = replay(&journal_path)? {
            for (revision, op) in replay.records {
                if revision > session.revision {
                    let _ = session.apply(&op);
                    session.revision = revision;
                }
            }
        }
        Ok(session)
    }
}
