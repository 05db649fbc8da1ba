//! The first frame, drawn before the data are read: with large files
//! reading takes a moment, and the screen should never sit blank.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::Lang;

use super::theme::theme;

pub fn render(frame: &mut Frame, lang: Lang, elapsed: Duration) {
    let area = frame.area();
    frame.buffer_mut().set_style(area, theme().base);
    let text = match lang {
        Lang::Ja => format!("読み込み中…（{:.1} 秒）", elapsed.as_secs_f32()),
        Lang::En => format!("Loading… ({:.1} s)", elapsed.as_secs_f32()),
    };
    let top = area.height.saturating_sub(1) / 2;
    let line = Rect {
        y: area.y.saturating_add(top),
        height: area.height.saturating_sub(top).min(1),
        ..area
    };
    frame.render_widget(
        Paragraph::new(Line::styled(text, theme().title)).alignment(Alignment::Center),
        line,
    );
}
