//! The line being typed at the bottom (the filter, a sheet field). The
//! terminal's own cursor is put at the caret so an IME opens its candidate
//! window there.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui_textarea::TextArea;

use crate::app::state::{App, Prompt};

use super::theme::theme;
use crate::text::width;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.lang.texts();
    let (label, input, hint) = match &app.prompt {
        Some(Prompt::Filter { input, .. }) => {
            (t.filter, input, crate::app::form_keys::prompt_hint(app.lang))
        }
        Some(Prompt::SheetField { field, input }) => (
            super::sheet::field_label(app.lang, *field),
            input,
            crate::app::form_keys::prompt_hint(app.lang),
        ),
        Some(Prompt::AgendaField { field, input, .. }) => (
            super::agenda::field_label(app.lang, *field),
            input,
            crate::app::form_keys::prompt_hint(app.lang),
        ),
        None => return,
    };
    line(frame, area, label, input, &hint);
}

/// One line of typing: ` label: ` then the text being typed, with the
/// caret (where an IME opens), then the keys' hint.
pub fn line(frame: &mut Frame, area: Rect, label: &str, input: &TextArea, hint: &str) {
    let label = format!(" {label}: ");
    let hint = format!("  {hint} ");
    let label_w = u16::try_from(width(&label)).unwrap_or(0);
    let hint_w = u16::try_from(width(&hint)).unwrap_or(0);
    frame.render_widget(Span::styled(label, theme().notice), area);
    let room = area.width.saturating_sub(label_w + hint_w);
    let input_area = Rect { x: area.x + label_w, width: room, ..area };
    frame.render_widget(input, input_area);
    frame.render_widget(
        Span::styled(hint, theme().status_line),
        Rect { x: input_area.right(), width: hint_w.min(area.width), ..area },
    );
    if let Some(pos) = caret(input, input_area) {
        frame.set_cursor_position(pos);
    }
}

/// Where the caret of a drawn text area is on screen.
#[must_use]
pub fn caret(input: &TextArea, area: Rect) -> Option<Position> {
    let at = input.screen_cursor();
    let (top, left) = input.scroll_offset();
    let row = u16::try_from(at.row).ok()?.checked_sub(top)?;
    let col = u16::try_from(at.col).ok()?.checked_sub(left)?;
    (row < area.height && col < area.width).then(|| Position { x: area.x + col, y: area.y + row })
}
