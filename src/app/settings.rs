//! Settings changed from inside the interface and remembered: the theme.

use super::state::App;

impl App {
    /// `t`: the next theme, remembered in the config file.
    pub fn cycle_theme(&mut self) {
        self.theme = self.theme.next();
        let t = self.lang.texts();
        let name = match self.theme {
            crate::ui::theme::ThemeKind::Dark => t.theme_dark,
            crate::ui::theme::ThemeKind::Light => t.theme_light,
            crate::ui::theme::ThemeKind::HighContrast | crate::ui::theme::ThemeKind::Mono => {
                t.theme_contrast
            }
        };
        let mut text = format!("{}: {name}", t.theme_label);
        if self.no_color {
            text.push_str(&format!("（{}）", t.no_color_note));
        }
        if let Some(path) = &self.config_path {
            let mut config = crate::config::load(path).unwrap_or_default();
            config.theme = Some(self.theme);
            if let Err(e) = crate::config::save(path, &config) {
                text.push_str(&format!("（{}: {e}）", t.not_remembered));
            }
        }
        self.notify(text);
    }
}
