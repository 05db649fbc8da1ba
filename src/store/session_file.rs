//! The session file: plain RON in a stable order, readable and fixable by
//! hand, one remark per line so that diffs and merges stay small.

use ron::ser::PrettyConfig;

use crate::domain::session::Session;

use super::ron_file::{self, LoadError, Origin};

/// The session as the text of its file: the sheet's fields one per line,
/// then one remark (and one judgment) per line, whatever its history.
/// Indenting every field of every nested record (full pretty-printing) made
/// a remark's size depend on its depth: a session with long histories
/// nearly tripled when rewritten. One record per line keeps the size
/// proportional to the content, and diffs and merges at one line per change.
pub fn to_text(session: &Session) -> Result<String, ron::Error> {
    to_text_sorted(session).map(|(text, _)| text)
}

/// [`to_text`], with the session in the order written: what parsing the
/// text gives back.
pub fn to_text_sorted(session: &Session) -> Result<(String, Session), ron::Error> {
    let mut sorted = session.clone();
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

/// A session file read and parsed ahead, on another thread while the data
/// load: pure reading, no lock, no backup, nothing written.
#[derive(Debug)]
pub struct Early(Ahead);

#[derive(Debug)]
enum Ahead {
    Done(Option<Box<Parsed>>),
    /// Still being read on its own thread.
    Running(std::thread::JoinHandle<Option<Box<Parsed>>>),
}

#[derive(Debug)]
struct Parsed {
    bytes: Vec<u8>,
    session: Session,
}

impl Early {
    /// Reads and parses the file at `path` now; `None` on any problem
    /// (opening the session reads it again and reports the problem then).
    /// A large session comes from its parsed copy in the cache folder when
    /// the copy was made from these very bytes (the meeting that wrote the
    /// file left it there); else it is parsed.
    #[must_use]
    pub fn read(path: &std::path::Path, cache: &super::cache::Cache) -> Option<Early> {
        read_ahead(path, cache).map(|p| Early(Ahead::Done(Some(p))))
    }

    /// [`Early::read`] on a thread of its own, so that the data load, and
    /// the lock, the read and the backup of opening, go on meanwhile.
    #[must_use]
    pub fn spawn(path: std::path::PathBuf, cache: super::cache::Cache) -> Early {
        let handle = std::thread::Builder::new()
            .name("session-ahead".into())
            .spawn(move || read_ahead(&path, &cache));
        Early(match handle {
            Ok(h) => Ahead::Running(h),
            Err(_) => Ahead::Done(None),
        })
    }

    /// The session, when it was parsed from exactly `text` (waiting for
    /// the thread if it is still reading).
    #[must_use]
    pub fn of(self, text: &str) -> Option<Session> {
        let parsed = match self.0 {
            Ahead::Done(p) => p,
            Ahead::Running(h) => h.join().ok().flatten(),
        }?;
        let bytes = parsed.bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&parsed.bytes);
        (bytes == text.as_bytes()).then_some(parsed.session)
    }
}

fn read_ahead(path: &std::path::Path, cache: &super::cache::Cache) -> Option<Box<Parsed>> {
    let bytes = ron_file::read_capped(path).ok()?;
    if let Some(session) = super::session_cache::read(cache, &bytes) {
        return Some(Box::new(Parsed { bytes, session }));
    }
    let origin = Origin::File(path.to_path_buf());
    let session = parse(&origin, ron_file::utf8_text(&origin, &bytes).ok()?).ok()?;
    Some(Box::new(Parsed { bytes, session }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a snapshot keeps as the parsed copy (the sorted session) is
    /// what parsing the written text gives, hostile texts included.
    #[test]
    fn the_sorted_session_is_what_its_text_parses_into() {
        let size = crate::sample::MEDIUM;
        let plan = crate::sample::plan(size);
        let actuals = crate::sample::actuals(&plan, size);
        let mut session = crate::sample::session(
            &plan,
            &actuals,
            size,
            crate::domain::session::DataRefs::default(),
        );
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
        let (text, sorted) = to_text_sorted(&session).expect("text");
        let parsed = parse(&Origin::Embedded("session"), &text).expect("parse");
        assert_eq!(parsed, sorted);
        assert_eq!(to_text(&parsed).expect("text"), text, "written again, the same bytes");
    }
}
