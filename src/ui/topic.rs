//! A free agenda item on screen (事業概要の説明, 交付金の執行状況, その他):
//! its title, 資料番号 and note, and the remarks on it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::state::App;
use crate::domain::session::{AgendaItem, Target};
use crate::i18n::Lang;

use super::breadcrumb;
use super::theme::theme;
use crate::text::fit;

pub fn render(app: &App, id: &str, frame: &mut Frame, area: Rect) {
    let block = breadcrumb::block(app, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let agenda = app.agenda();
    let item = agenda.iter().find(|a| a.free_id() == Some(id));
    if let Some(AgendaItem::FollowUps { from, items }) = item {
        follow_ups(app, from, items, frame, inner);
        return;
    }
    let Some(AgendaItem::Free { title, document, note, .. }) = item else {
        return;
    };
    let w = usize::from(inner.width);
    let mut lines =
        vec![Line::styled(fit(&format!(" {title}"), w), theme().title), Line::default()];
    if !document.trim().is_empty() {
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {}", app.lang.labelled(app.lang.agenda().document_number, "")),
                theme().muted,
            ),
            Span::styled(fit(document, w.saturating_sub(12)), theme().base),
        ]));
    }
    let note_lines = u16::from(!note.trim().is_empty()) * 3;
    let [head, body, remarks] = Layout::vertical([
        Constraint::Length(u16::try_from(lines.len()).unwrap_or(3)),
        Constraint::Length(note_lines),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(lines), head);
    if note_lines > 0 {
        let text = crate::text::clean(note);
        frame.render_widget(
            Paragraph::new(format!(" {text}")).style(theme().base).wrap(Wrap { trim: false }),
            body,
        );
    }
    super::remarks::render(app, &Target::Agenda { id: id.into() }, frame, remarks);
}

/// 前回の指摘事項への対応: one row per earlier action item or decision,
/// with its status; the remarks on the item below.
fn follow_ups(
    app: &App,
    from: &str,
    items: &[crate::domain::session::FollowUp],
    frame: &mut Frame,
    area: Rect,
) {
    let w = usize::from(area.width);
    let words = app.lang.agenda();
    let mut lines = vec![Line::styled(
        fit(&format!(" {}  {from}", crate::domain::session::agenda::FOLLOW_UPS_TITLE), w),
        theme().title,
    )];
    for (n, e) in items.iter().enumerate() {
        let selected = n == app.follow_up_row();
        let style = if selected { theme().selected } else { theme().base };
        let lang = app.lang;
        let status = lang.tag(lang.follow_up_status(e.status));
        let head = format!("{}{status}", if selected { "▶" } else { " " });
        // What it was about and who said it are the earlier session's
        // words (会議全体, 山田 太郎（会長）), as the minutes have them.
        let said = match (lang, e.speaker.is_empty()) {
            (Lang::Ja, true) => format!("（{}）", e.about),
            (Lang::Ja, false) => format!("（{}、{}）", e.about, e.speaker),
            (Lang::En, true) => format!(" ({})", e.about),
            (Lang::En, false) => format!(" ({}, {})", e.about, e.speaker),
        };
        let note = match lang {
            _ if e.note.trim().is_empty() => String::new(),
            Lang::Ja => format!(" ／ {}", e.note),
            Lang::En => format!(" / {}", e.note),
        };
        let body = format!(" {}{said}{note}", e.text);
        // Wrapped, never cut: the note typed at the meeting is at the end.
        let indent = crate::text::width(&head);
        for (i, part) in crate::text::wrap(&body, w.saturating_sub(indent)).into_iter().enumerate()
        {
            let lead = if i == 0 { head.clone() } else { " ".repeat(indent) };
            lines.push(Line::from(vec![
                Span::styled(lead, theme().header),
                Span::styled(part, style),
            ]));
        }
    }
    lines.push(Line::styled(fit(&format!(" {}", words.follow_up_hint), w), theme().muted));
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let [list, remarks] =
        Layout::vertical([Constraint::Length(height), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(lines), list);
    let id = crate::domain::session::agenda::FOLLOW_UPS_ID.into();
    super::remarks::render(app, &Target::Agenda { id }, frame, remarks);
}
