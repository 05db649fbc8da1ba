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
            text.push_str(&format!("（{}）", t.no_color_note));
        }
        self.notify(text);
        self.emit(Effect::RememberTheme(self.theme));
    }

    /// The runtime could not write the config: the choice lasts this run.
    pub fn theme_not_remembered(&mut self, reason: &str) {
        let t = self.lang.texts();
        let text = self.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default();
        self.notify(format!("{text}（{}: {reason}）", t.not_remembered));
    }
}
