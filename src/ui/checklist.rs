//! The checklist `e` shows before exporting, and the versions of a remark
//! in conflict to keep one of.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::checklist::{ChecklistView, VersionPicker};
use crate::app::state::App;
use crate::text::{fit, wrap};

use super::remarks::speaker_label;
use super::theme::theme;

fn frame(title: &str, frame: &mut Frame, popup: Rect) -> Rect {
    super::clear_popup(frame, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme().header)
        .title(Span::styled(format!(" {title} "), theme().title));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    inner
}

/// Lines from `scroll`, as many as fit, with ▲ ▼ where more are hidden.
fn scrolled(lines: Vec<Line<'static>>, scroll: usize, height: usize) -> Vec<Line<'static>> {
    let scroll = scroll.min(lines.len().saturating_sub(1));
    let more_below = lines.len() > scroll + height;
    let mut shown: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    if more_below && let Some(last) = shown.last_mut() {
        *last = Line::styled("▼", theme().muted);
    }
    if scroll > 0
        && let Some(first) = shown.first_mut()
    {
        *first = Line::styled("▲", theme().muted);
    }
    shown
}

pub fn render_checklist(app: &App, view: &ChecklistView, f: &mut Frame, area: Rect) {
    let words = app.lang.checklist();
    let height = u16::try_from(view.lines.len() + 4).unwrap_or(u16::MAX);
    let popup = super::forms::window(area, 76, height);
    let inner = frame(words.title, f, popup);
    let w = usize::from(inner.width);
    let [body, rule, hint] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1), Constraint::Length(1)])
            .areas(inner);
    let lines: Vec<Line<'static>> = view
        .lines
        .iter()
        .map(|l| {
            let style = match (l.blocking, l.heading) {
                (true, _) => theme().error,
                (false, true) => theme().title,
                (false, false) => theme().base,
            };
            Line::styled(fit(&l.text, w), style)
        })
        .collect();
    f.render_widget(Paragraph::new(scrolled(lines, view.scroll, usize::from(body.height))), body);
    f.render_widget(Paragraph::new(Line::styled("─".repeat(w), theme().border)), rule);
    let (keys, style) = if view.blocks() {
        (words.blocked_keys, theme().error)
    } else {
        (words.confirm_keys, theme().muted)
    };
    f.render_widget(Paragraph::new(Line::styled(fit(keys, w), style)), hint);
}

pub fn render_versions(app: &App, picker: &VersionPicker, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let (t, words) = (lang.texts(), lang.checklist());
    let popup = super::forms::window(area, 90, 20);
    let inner = frame(words.versions_title, f, popup);
    let w = usize::from(inner.width);
    let [body, rule, hint] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1), Constraint::Length(1)])
            .areas(inner);
    let sheet = &app.session().sheet;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut selected_line = 0;
    for (i, v) in picker.versions.iter().enumerate() {
        let chosen = i == picker.selected;
        if chosen {
            selected_line = lines.len();
        }
        let which = match (i, v.until) {
            (0, _) => words.current_version,
            (_, None) => t.other_copy,
            (_, Some(_)) => words.earlier_version,
        };
        let deleted = if v.deleted { words.deleted } else { "" };
        let head = format!(
            "{} {}. {which}{deleted} │ {} {} │ {}",
            if chosen { "▶" } else { " " },
            i + 1,
            speaker_label(sheet, v.speaker.as_deref(), lang),
            lang.tag(lang.remark_kind(v.kind)),
            v.since.format("%m/%d %H:%M"),
        );
        let style = if chosen { theme().selected } else { theme().title };
        lines.push(Line::styled(fit(&head, w), style));
        for text in v.text.lines().flat_map(|l| wrap(&crate::text::clean(l), w.saturating_sub(4))) {
            lines.push(Line::styled(format!("    {text}"), theme().base));
        }
    }
    let height = usize::from(body.height);
    // Keep the chosen version's heading in sight.
    let scroll = selected_line.saturating_sub(height.saturating_sub(3));
    f.render_widget(Paragraph::new(scrolled(lines, scroll, height)), body);
    f.render_widget(Paragraph::new(Line::styled("─".repeat(w), theme().border)), rule);
    f.render_widget(Paragraph::new(Line::styled(fit(words.versions_keys, w), theme().muted)), hint);
}
