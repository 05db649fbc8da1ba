//! What the application asks the outside world to do. `update` and `tick`
//! decide; they change no file, read no clock and start no thread. They
//! return effects, and the runtime (`crate::runtime`) carries them out and
//! reports each result back to the app (which alone changes the save state
//! and the notices).

use std::path::PathBuf;

use crate::config::ThemeKind;
use crate::domain::session::{Draft, JudgmentDraft, Op};
use crate::export::write::Format;

/// One thing to do outside the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write a change already applied to the session. A durable change is
    /// on disk before the runtime reports it saved; `revision` is the
    /// session's revision right after this change.
    Record { op: Op, revision: u64 },
    /// Write the whole session afresh: the retry after a failed write.
    Flush,
    /// Keep the remark being typed, so a crash loses seconds, not the remark.
    SaveDraft(Draft),
    /// The remark was saved or given up: its draft goes.
    ClearDraft,
    /// Keep the judgment being typed, likewise.
    SaveJudgmentDraft(JudgmentDraft),
    /// The judgment was saved, withdrawn or given up: its draft goes.
    ClearJudgmentDraft,
    /// Write the minutes next to the session (on a worker thread).
    Export(ExportRequest),
    /// Make the lines of the minutes preview (on a worker thread) and hand
    /// them to [`crate::app::state::App::preview_ready`] with this number.
    Preview(u64),
    /// Remember the colours chosen with `t` in the config file.
    RememberTheme(ThemeKind),
}

/// The minutes the interface writes with `e`: the internal Markdown, the
/// public HTML, the xlsx sheet and the Word minutes (internal and public),
/// next to the session and named after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRequest {
    /// The second `e` while the question was shown: existing files may be
    /// replaced.
    pub replace: bool,
}

impl ExportRequest {
    /// Each file the interface writes: its format, whether it is the public
    /// version, and where it goes for the session at `session`.
    #[must_use]
    pub fn targets(session: &std::path::Path) -> Vec<(Format, bool, PathBuf)> {
        [
            (Format::Md, false),
            (Format::Html, true),
            (Format::Xlsx, false),
            (Format::Docx, false),
            (Format::Docx, true),
        ]
        .into_iter()
        .map(|(f, public)| (f, public, crate::export::write::default_path(session, f, public)))
        .collect()
    }
}

/// How an export ended, reported back by the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportOutcome {
    /// Files exist and the request did not say to replace them: ask.
    Exists,
    /// The files written, by name.
    Written(Vec<String>),
    /// Nothing or not everything was written: why.
    Failed(String),
    /// No session file to write beside (a preview in memory).
    NoSession,
}
