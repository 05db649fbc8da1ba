//! Drawing: `render(&App, &mut Frame)` never changes the state, so every
//! screen can be drawn into a test backend. One file per screen.

pub mod agenda;
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
pub mod picker;
pub mod prompt;
pub mod reconciliation;
pub mod remarks;
pub mod sheet;
pub mod status_line;
pub mod table;
pub mod theme;
pub mod too_small;
pub mod topic;
pub mod years;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::Clear;

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
    let [header_area, body, status] = frame_areas(area);
    header::render(app, frame, header_area);
    match app.screen() {
        Screen::Overview => overview::render(app, frame, body),
        Screen::Item => item::render(app, frame, body),
        Screen::Companies(view) => companies::render(app, view, frame, body),
        Screen::Company(view) => company::render(app, view, frame, body),
        Screen::Sheet(view) => sheet::render(app, view, frame, body),
        Screen::Minutes(view) => minutes::render(app, view, frame, body),
        Screen::Topic(id) => topic::render(app, id, frame, body),
        Screen::Agenda(view) => agenda::render(app, view, frame, body),
        Screen::Years(view) => years::render(app, view, frame, body),
    }
    if app.prompt.is_some() {
        prompt::render(app, frame, status);
        // A message about what was typed (a time it cannot read) goes on
        // the row above the prompt, which would otherwise hide it.
        if let Some(notice) = app.notice().as_ref().filter(|_| body.height > 0) {
            let row = ratatui::layout::Rect { y: body.bottom() - 1, height: 1, ..body };
            let style = if notice.error { theme::theme().error } else { theme::theme().notice };
            let text = crate::text::fit(&format!(" {}", notice.text), usize::from(row.width));
            frame.render_widget(Clear, row);
            frame.render_widget(ratatui::widgets::Paragraph::new(text).style(style), row);
        }
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

/// Every screen's rows: the header, the body and the status line.
fn frame_areas(area: ratatui::layout::Rect) -> [ratatui::layout::Rect; 3] {
    Layout::vertical([Constraint::Length(2), Constraint::Min(0), Constraint::Length(1)]).areas(area)
}

/// What every first frame does before it shows any data, done ahead on
/// the thread that draws, while the data load: the frame's rows laid out
/// for the terminal's size (ratatui keeps a layout once solved, per
/// thread), a bordered block and Japanese text set into a buffer, and the
/// time written as the status line writes it (the clock reads its time
/// zone once per thread). Their first use cost the embedded default's
/// first frame about 0.5 ms of 4 (by turns).
pub fn prepare(area: ratatui::layout::Rect, now: crate::domain::session::Stamp) {
    std::hint::black_box(now.format(status_line::CLOCK).to_string());
    std::hint::black_box(frame_areas(area));
    let room = ratatui::layout::Rect::new(0, 0, 24, 3);
    let mut buffer = ratatui::buffer::Buffer::empty(room);
    let block = ratatui::widgets::Block::default()
        .borders(ratatui::widgets::Borders::ALL)
        .title(ratatui::text::Span::styled(" 総覧 ", theme::theme().title));
    let line =
        ratatui::text::Line::styled(crate::text::pad_right("平成28年度", 12), theme::theme().base);
    ratatui::widgets::Widget::render(block, room, &mut buffer);
    buffer.set_line(1, 1, &line, 12);
    std::hint::black_box(buffer);
}

/// Clears the room of a popup. A wide character of the screen below that
/// starts in the column left of the popup would spill its second half over
/// the popup's border (the terminal draws it two columns wide): it is
/// blanked, so the border stays whole.
pub fn clear_popup(frame: &mut Frame, popup: ratatui::layout::Rect) {
    frame.render_widget(Clear, popup);
    if popup.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in popup.top()..popup.bottom() {
        let cell = &mut buf[(popup.x - 1, y)];
        if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}

#[cfg(test)]
mod popup_tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::layout::Rect;
    use ratatui::widgets::{Block, Borders, Paragraph};

    #[test]
    fn a_wide_character_left_of_a_popup_does_not_eat_its_border() {
        let mut terminal = Terminal::new(TestBackend::new(12, 3)).expect("terminal");
        terminal
            .draw(|frame| {
                frame.render_widget(Paragraph::new("あいうえおか"), frame.area());
                // The popup starts at column 3: あ(0-1) い(2-3) straddles it.
                let popup = Rect::new(3, 0, 6, 3);
                super::clear_popup(frame, popup);
                frame.render_widget(Block::default().borders(Borders::ALL), popup);
            })
            .expect("draw");
        let buffer = terminal.backend().buffer();
        assert_eq!(buffer[(3, 0)].symbol(), "┌");
        assert_eq!(buffer[(2, 0)].symbol(), " ", "the straddling い is blanked");
        assert_eq!(buffer[(0, 0)].symbol(), "あ", "the rest of the screen stays");
    }
}
