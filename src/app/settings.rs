//! Settings changed from inside the interface and remembered: the theme.

use crate::config::ThemeKind;

use super::effect::Effect;
use super::state::App;

impl App {
    /// `t`: the next theme; the runtime remembers it in the config file.
    pub fn cycle_theme(&mut self) {
        self.theme = self.theme.next();
        let t = self.lang.texts();
        let name = match self.theme {
            ThemeKind::Dark => t.theme_dark,
            ThemeKind::Light => t.theme_light,
            ThemeKind::HighContrast | ThemeKind::Mono => t.theme_contrast,
        };
        let mut text = format!("{}: {name}", t.theme_label);
        if self.no_color {
            text.push_str(&self.lang.paren(t.no_color_note));
        }
        self.notify(text);
        self.emit(Effect::RememberTheme(self.theme));
    }

    /// The runtime could not write the config: the choice lasts this run.
    pub fn theme_not_remembered(&mut self, reason: &str) {
        let t = self.lang.texts();
        let text = self.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default();
        let why = self.lang.paren(&format!("{}: {reason}", t.not_remembered));
        self.notify(format!("{text}{why}"));
    }
}

#[cfg(test)]
mod tests {
    use crate::app::state::App;
    use crate::i18n::Lang;
    use crate::store::embedded;

    /// With --lang en the theme's notice says why it is not remembered in
    /// English brackets: they were full-width, `（not remembered: …）`.
    #[test]
    fn a_theme_not_remembered_is_said_in_english_brackets() {
        let now = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
        let mut app = App::in_memory(embedded::load().expect("embedded"), Lang::En, now);
        app.no_color = true;
        app.cycle_theme();
        app.theme_not_remembered("read-only");
        let text = app.notice().map(|n| n.text.clone()).unwrap_or_default();
        assert!(
            text.ends_with(" (no colours: NO_COLOR is set) (not remembered: read-only)"),
            "{text}"
        );
        assert!(!text.contains('（'), "{text}");
    }
}
