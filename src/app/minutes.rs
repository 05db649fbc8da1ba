//! The minutes from inside the meeting: the preview (m) and the export (e)
//! of the Markdown, HTML and xlsx files next to the session.

use crate::export::minutes::Options;
use crate::export::write::{self, Format};

use super::meeting::NOTICE_SECONDS;
use super::state::{App, MinutesView, Screen};

impl App {
    /// The preview: the Markdown of the internal minutes, as it will be.
    pub fn open_minutes_preview(&mut self) {
        let m = crate::export::minutes_of(self.data(), &self.session, Options::default());
        let text = crate::export::markdown::render(&m);
        let lines = text.lines().map(String::from).collect();
        self.stack.push(Screen::Minutes(MinutesView { lines, offset: 0 }));
    }

    /// Writes the internal Markdown, the public HTML and the xlsx sheet next
    /// to the session. Existing files are replaced only when `e` is pressed
    /// a second time while the question is on the status line.
    pub fn export_minutes(&mut self) {
        let t = self.lang.texts();
        let Some(store) = &self.store else {
            self.warn(t.export_no_session);
            return;
        };
        let session_path = store.path().to_path_buf();
        let targets = [(Format::Md, false), (Format::Html, true), (Format::Xlsx, false)];
        let paths: Vec<_> =
            targets.iter().map(|(f, p)| write::default_path(&session_path, *f, *p)).collect();
        let confirmed =
            self.export_asked.is_some_and(|at| (self.now - at).num_seconds() < NOTICE_SECONDS);
        if paths.iter().any(|p| p.exists()) && !confirmed {
            self.export_asked = Some(self.now);
            self.notify(t.export_confirm);
            return;
        }
        self.export_asked = None;
        for ((format, public), path) in targets.iter().zip(&paths) {
            let options = Options { public: *public, anonymize: false };
            let result = crate::export::render(self.data(), &self.session, *format, options)
                .and_then(|bytes| write::write(path, &bytes, true).map_err(|e| e.to_string()));
            if let Err(e) = result {
                self.warn(format!("{}: {e}", t.export_failed));
                return;
            }
        }
        let names: Vec<String> = paths
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        self.notify(format!("{}: {}", t.exported, names.join(", ")));
    }
}
