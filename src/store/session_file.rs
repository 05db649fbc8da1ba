//! The session file: plain RON in a stable order, readable and fixable by
//! hand, one remark per line so that diffs and merges stay small.

use ron::ser::PrettyConfig;

use crate::domain::session::Session;

use super::lock::Lock;
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
    let config = PrettyConfig::new()
        .indentor("    ".to_string())
        .struct_names(false)
        .enumerate_arrays(false)
        .compact_arrays(false)
        .depth_limit(2);
    let mut text = ron::ser::to_string_pretty(&sorted, config)?;
    text.push('\n');
    Ok((text, sorted))
}

/// Parses and validates a session file's text.
pub fn parse(origin: &Origin, text: &str) -> Result<Session, LoadError> {
    let session: Session = ron_file::parse(origin, text)?;
    super::limits::check_session(&super::limits::limits(), &session)
        .map_err(|e| LoadError::invalid(origin, e))?;
    session.validate().map_err(|e| LoadError::invalid(origin, e))?;
    Ok(session)
}

/// Reads a session file (without its journal: see `session_store`).
pub fn load(path: &std::path::Path) -> Result<Session, LoadError> {
    let bytes = ron_file::read_capped(path)?;
    let origin = Origin::File(path.to_path_buf());
    let text = ron_file::utf8_text(&origin, &bytes)?;
    parse(&origin, text)
}

/// A session file locked, read and parsed ahead, on another thread while
/// the data load: the lock is taken first, so what it read is the file as
/// it is under the lock, and opening reads it no second time.
#[derive(Debug)]
pub struct Early(Ahead);

#[derive(Debug)]
enum Ahead {
    Done(Option<Box<Locked>>),
    /// Still being read on its own thread.
    Running(std::thread::JoinHandle<Option<Box<Locked>>>),
}

/// The session's lock, and what was read under it.
pub struct Locked {
    pub lock: Lock,
    /// `None` when the file could not be read or is not UTF-8: opening
    /// reads it again, under this lock, to say why.
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
    /// Its bytes as on disk: UTF-8 text.
    pub bytes: Vec<u8>,
    /// Its metadata, taken before it was read: a change while it was read
    /// shows as a change later.
    pub meta: std::fs::Metadata,
    /// xxh3-128 of its bytes as on disk.
    pub hash: u128,
    /// The session its text parses into; `None` when it does not parse
    /// (opening parses it again to say why).
    pub session: Option<Session>,
}

impl Early {
    /// Locks, reads and parses the existing session file at `path` now;
    /// `None` when there is no such file or its lock is held (opening then
    /// does all of it and reports any problem). A large session comes from
    /// its parsed copy in the cache folder when the copy was made from
    /// these very bytes (the meeting that wrote the file left it there);
    /// else it is parsed.
    #[must_use]
    pub fn read(path: &std::path::Path, cache: &super::cache::Cache, now: &str) -> Option<Early> {
        read_ahead(path, cache, now).map(|p| Early(Ahead::Done(Some(p))))
    }

    /// [`Early::read`] on a thread of its own, so that the data load goes
    /// on meanwhile.
    #[must_use]
    pub fn spawn(path: std::path::PathBuf, cache: super::cache::Cache, now: String) -> Early {
        let handle = std::thread::Builder::new()
            .name("session-ahead".into())
            .spawn(move || read_ahead(&path, &cache, &now));
        Early(match handle {
            Ok(h) => Ahead::Running(h),
            Err(_) => Ahead::Done(None),
        })
    }

    /// The lock and what was read under it (waiting for the thread if it
    /// is still reading).
    #[must_use]
    pub fn locked(self) -> Option<Box<Locked>> {
        match self.0 {
            Ahead::Done(p) => p,
            Ahead::Running(h) => h.join().ok().flatten(),
        }
    }
}

fn read_ahead(
    path: &std::path::Path,
    cache: &super::cache::Cache,
    now: &str,
) -> Option<Box<Locked>> {
    // A new session is created by opening; nothing to read ahead.
    std::fs::symlink_metadata(path).ok()?;
    let lock = Lock::acquire(path, now).ok()?;
    let read = read_locked(path, cache);
    Some(Box::new(Locked { lock, read }))
}

fn read_locked(path: &std::path::Path, cache: &super::cache::Cache) -> Option<Read> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let bytes = ron_file::read_capped(path).ok()?;
    let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
    let copy = super::session_cache::read_hashed(cache, bytes.len(), hash);
    let origin = Origin::File(path.to_path_buf());
    let text = ron_file::utf8_text(&origin, &bytes).ok()?;
    let session = copy.or_else(|| parse(&origin, text).ok());
    Some(Read { bytes, meta, hash, session })
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
            remark.text = (*text).to_string();
        }
        let (text, sorted) = to_text_sorted(session).expect("text");
        let parsed = parse(&Origin::Embedded("session"), &text).expect("parse");
        assert_eq!(parsed, sorted);
        assert_eq!(to_text(&parsed).expect("text"), text, "written again, the same bytes");
    }
}
