//! The agenda screen: the items in the order the meeting takes them,
//! KPI items and free items, with the keys that arrange them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::agenda::{AgendaField, AgendaView};
use crate::app::state::{App, Hit};
use crate::domain::session::AgendaItem;
use crate::i18n::Lang;

use super::breadcrumb;
use super::theme::theme;
use crate::text::{fit, width};

#[must_use]
pub fn field_label(lang: Lang, field: AgendaField) -> &'static str {
    let w = lang.agenda();
    match field {
        AgendaField::Title => lang.texts().agenda,
        AgendaField::Document => w.document_number,
        AgendaField::Note | AgendaField::EntryNote(_) => w.note,
    }
}

pub fn render(app: &App, view: &AgendaView, frame: &mut Frame, area: Rect) {
    let block = breadcrumb::block(app, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lang = app.lang;
    let words = lang.agenda();
    let plan = &app.data().plan;
    let agenda = app.agenda();
    // The keys' hint wraps between keys, so none is cut off at 80 columns.
    let hints = super::forms::hint_lines(&format!(" {}", words.hint), usize::from(inner.width));
    let hint_rows = u16::try_from(hints.len()).unwrap_or(1);
    let [body, hint] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(hint_rows)]).areas(inner);
    let w = usize::from(body.width);
    let visible = usize::from(body.height).max(1);
    let first = view.selected.saturating_sub(visible - 1);
    let mut lines = Vec::new();
    for (n, item) in agenda.iter().enumerate().skip(first).take(visible) {
        let selected = n == view.selected;
        let style = if selected { theme().selected } else { theme().base };
        let (kind, extra) = match item {
            AgendaItem::Kpi { .. } => (words.kpi_item, String::new()),
            AgendaItem::Free { document, note, .. } => {
                let mut extra = String::new();
                if !document.trim().is_empty() {
                    extra
                        .push_str(&format!("  {}", lang.labelled(words.document_number, document)));
                }
                if !note.trim().is_empty() {
                    extra.push_str(&format!("  {}", lang.labelled(words.note, note)));
                }
                (words.free_item, extra)
            }
            AgendaItem::FollowUps { items, .. } => {
                let n = items.len();
                let count = match lang {
                    Lang::Ja => format!("  {n}件"),
                    Lang::En if n == 1 => "  1 item".to_string(),
                    Lang::En => format!("  {n} items"),
                };
                (words.free_item, count)
            }
        };
        let head = format!("{}{:>2}. ", if selected { "▶" } else { " " }, n + 1);
        let kind = format!("[{kind}] ");
        let title = item.title(plan, |fy| lang.fiscal_year(fy));
        let room = w.saturating_sub(width(&head) + width(&kind));
        let row = Rect { y: body.y + u16::try_from(n - first).unwrap_or(0), height: 1, ..body };
        app.hits.borrow_mut().push((row, Hit::Row(n)));
        lines.push(Line::from(vec![
            Span::styled(head, theme().header),
            Span::styled(kind, theme().muted),
            Span::styled(fit(&format!("{title}{extra}"), room), style),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), body);
    frame.render_widget(Paragraph::new(hints), hint);
}
