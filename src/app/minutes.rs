//! The minutes from inside the meeting: the preview (m) and the export (e)
//! of the Markdown, HTML and xlsx files next to the session.

use crate::domain::session::Session;
use crate::export::minutes::Options;
use crate::store::dataset_files::Loaded;

use super::effect::{Effect, ExportOutcome, ExportRequest};
use super::meeting::NOTICE_SECONDS;
use super::state::{App, ExportState, MinutesView, Screen};

impl App {
    /// The preview: the Markdown of the internal minutes, as it will be.
    /// At a million records it takes a noticeable time, so it is made on
    /// a worker thread; the screen says so until the lines arrive.
    pub fn open_minutes_preview(&mut self) {
        self.previews += 1;
        let request = self.previews;
        self.stack.push(Screen::Minutes(MinutesView {
            lines: Vec::new(),
            offset: 0,
            request,
            ready: false,
        }));
        self.emit(Effect::Preview(request));
    }

    /// The lines of a preview asked for: shown if that preview is still
    /// open (a later one, or none, ignores them).
    /// The preview could not be made (its worker failed): the view says
    /// so, with the reason.
    pub fn preview_failed(&mut self, request: u64, reason: &str) {
        let line = format!("{}: {reason}", self.lang.texts().minutes_failed);
        self.preview_ready(request, vec![line]);
    }

    pub fn preview_ready(&mut self, request: u64, lines: Vec<String>) {
        for screen in &mut self.stack {
            if let Screen::Minutes(view) = screen
                && view.request == request
            {
                view.lines = lines;
                view.ready = true;
                return;
            }
        }
    }

    /// `e`: asks the runtime to write the internal Markdown, the public HTML
    /// and the xlsx sheet next to the session. Existing files are replaced
    /// only when `e` is pressed a second time while the question is on the
    /// status line. The meeting goes on while they are written.
    pub fn export_minutes(&mut self) {
        let replace = match self.export {
            ExportState::Running(_) => {
                let t = self.lang.texts().exporting;
                self.notify(t);
                return;
            }
            ExportState::Asked(at) => crate::clock::seconds_since(at, self.now) < NOTICE_SECONDS,
            ExportState::Idle => false,
        };
        self.export = ExportState::Running(self.now);
        self.emit(Effect::Export(ExportRequest { replace }));
    }

    /// The runtime's answer to an export.
    pub fn export_done(&mut self, outcome: ExportOutcome) {
        let t = self.lang.texts();
        self.export = ExportState::Idle;
        match outcome {
            ExportOutcome::Exists => {
                self.export = ExportState::Asked(self.now);
                self.notify(t.export_confirm);
            }
            ExportOutcome::Written(names) => {
                self.notify(format!("{}: {}", t.exported, names.join(", ")));
            }
            ExportOutcome::Failed(reason) => self.warn(format!("{}: {reason}", t.export_failed)),
            ExportOutcome::NoSession => self.warn(t.export_no_session),
        }
    }
}

/// The minutes preview's lines: the internal minutes as Markdown.
#[must_use]
pub fn preview_lines(loaded: &Loaded, session: &Session) -> Vec<String> {
    let (data, used) = (&loaded.dataset, loaded.data_refs());
    let formats = [crate::export::write::Format::Md];
    let m = crate::export::minutes_over(data, &used, session, Options::default(), &formats);
    crate::export::markdown::render(&m).lines().map(String::from).collect()
}
