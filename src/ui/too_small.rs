//! The notice shown when the terminal is smaller than the layouts need.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::state::App;
use crate::i18n::fill;

use super::theme::theme;
use super::{MIN_HEIGHT, MIN_WIDTH};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.lang.texts();
    let hint = fill(
        t.too_small_hint,
        &[("w", &MIN_WIDTH), ("h", &MIN_HEIGHT), ("cw", &area.width), ("ch", &area.height)],
    );
    let lines = vec![Line::styled(t.too_small, theme().title), Line::raw(hint)];
    let top = area.height.saturating_sub(2) / 2;
    let inner =
        Rect { y: area.y.saturating_add(top), height: area.height.saturating_sub(top), ..area };
    frame.render_widget(
        Paragraph::new(lines).alignment(Alignment::Center).wrap(Wrap { trim: true }),
        inner,
    );
}
