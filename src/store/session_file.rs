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
    Ok(text)
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
pub struct Early {
    bytes: Vec<u8>,
    session: Session,
}

impl Early {
    /// Reads and parses the file at `path`; `None` on any problem (opening
    /// the session reads it again and reports the problem then).
    #[must_use]
    pub fn read(path: &std::path::Path) -> Option<Early> {
        let bytes = ron_file::read_capped(path).ok()?;
        let origin = Origin::File(path.to_path_buf());
        let session = parse(&origin, ron_file::utf8_text(&origin, &bytes).ok()?).ok()?;
        Some(Early { bytes, session })
    }

    /// The session, when it was parsed from exactly `text`.
    #[must_use]
    pub fn of(self, text: &str) -> Option<Session> {
        let bytes = self.bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&self.bytes);
        (bytes == text.as_bytes()).then_some(self.session)
    }
}
