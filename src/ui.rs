//! Drawing: `render(&App, &mut Frame)` never changes the state, so every
//! screen can be drawn into a test backend. One file per screen.

pub mod breadcrumb;
pub mod checklist;
pub mod companies;
pub mod company;
pub mod figures;
pub mod forms;
pub mod header;
pub mod help;
pub mod item;
pub mod loading;
pub mod minutes;
pub mod overview;
pub mod prompt;
pub mod reconciliation;
pub mod remarks;
pub mod sheet;
pub mod status_line;
pub mod table;
pub mod theme;
pub mod too_small;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

use crate::app::state::{App, Overlay, Screen};

/// Below this size the screens cannot be laid out; a notice is shown instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn render(app: &App, frame: &mut Frame) {
    theme::use_theme(if app.no_color { theme::ThemeKind::Mono } else { app.theme });
    app.hits.borrow_mut().clear();
    let area = frame.area();
    frame.buffer_mut().set_style(area, theme::theme().base);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small::render(app, frame, area);
        return;
    }
    let [header_area, body, status] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(0), Constraint::Length(1)])
            .areas(area);
    header::render(app, frame, header_area);
    match app.screen() {
        Screen::Overview => overview::render(app, frame, body),
        Screen::Item => item::render(app, frame, body),
        Screen::Companies(view) => companies::render(app, view, frame, body),
        Screen::Company(view) => company::render(app, view, frame, body),
        Screen::Sheet(view) => sheet::render(app, view, frame, body),
        Screen::Minutes(view) => minutes::render(app, view, frame, body),
    }
    if app.prompt.is_some() {
        prompt::render(app, frame, status);
    } else {
        status_line::render(app, frame, status);
    }
    match &app.overlay {
        Some(Overlay::Remark(editor)) => forms::render_remark(app, editor, frame, body),
        Some(Overlay::Judgment(form)) => forms::render_judgment(app, form, frame, body),
        Some(Overlay::Attendee(form)) => forms::render_attendee(app, form, frame, body),
        Some(Overlay::Checklist(view)) => checklist::render_checklist(app, view, frame, body),
        Some(Overlay::Versions(picker)) => checklist::render_versions(app, picker, frame, body),
        None => {}
    }
    if app.help {
        help::render(app, frame, body);
    }
}
