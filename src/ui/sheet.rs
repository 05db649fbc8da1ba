//! The session sheet screen: title, date, times, place and attendees.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::sheet::{Field, Row, SheetView, field_text};
use crate::app::state::{App, Hit};
use crate::domain::fiscal::{wareki_date, weekday_kanji};
use crate::i18n::Lang;

use super::breadcrumb;
use super::table::{Column, row};
use super::theme::theme;
use crate::text::fit;

#[must_use]
pub fn field_label(lang: Lang, field: Field) -> &'static str {
    let t = lang.texts();
    match field {
        Field::Title => t.title,
        Field::Date => t.meeting_date,
        Field::Start => t.start_time,
        Field::End => t.end_time,
        Field::Place => t.place,
        Field::Materials => t.materials,
        Field::NextMeeting => t.next_meeting,
    }
}

pub fn render(app: &App, view: &SheetView, frame: &mut Frame, area: Rect) {
    let block = breadcrumb::block(app, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lang = app.lang;
    let t = lang.texts();
    let sheet = &app.session().sheet;
    let [body, hint] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let w = usize::from(body.width);
    // As wide as the widest label and a blank: `Next meeting` was cut.
    let label_w = Field::ALL
        .iter()
        .map(|f| crate::text::width(field_label(lang, *f)) + 1)
        .max()
        .unwrap_or(0)
        .max(10);
    let rows = SheetView::rows(sheet);
    let mut lines = Vec::with_capacity(rows.len() + 2);
    let attendee_cols = [Column::left(3), Column::left(18), Column::left(24), Column::left(24)];
    for (n, r) in rows.iter().enumerate() {
        let selected = n == view.selected;
        let marker = Span::styled(if selected { "▶" } else { " " }, theme().header);
        let style = if selected { theme().selected } else { theme().base };
        match r {
            Row::Field(field) => {
                let mut value = field_text(sheet, *field);
                if *field == Field::Date
                    && let Some(d) = sheet.date
                    && lang == Lang::Ja
                {
                    value = format!("{value}（{}（{}））", wareki_date(d), weekday_kanji(d));
                }
                lines.push(Line::from(vec![
                    marker,
                    Span::styled(
                        crate::text::pad_right(field_label(lang, *field), label_w),
                        theme().muted,
                    ),
                    Span::styled(fit(&value, w.saturating_sub(label_w + 1)), style),
                ]));
            }
            Row::Attendee(i) => {
                if *i == 0 {
                    lines.push(Line::styled(format!(" {}", t.attendees), theme().header));
                }
                let Some(a) = sheet.attendees.get(*i) else { continue };
                // The key that names them as speaker in the remark editor:
                // those present only (an absent member is not offered).
                let number = if a.absent {
                    "－".to_string()
                } else {
                    (sheet.attendees[..*i].iter().filter(|x| !x.absent).count() + 1).to_string()
                };
                let mut role = lang.role(a.role).to_string();
                if a.absent {
                    role = format!("{role} {}", t.absent);
                }
                if a.signer {
                    role = format!("{role} {}", t.signer);
                }
                let cells = [number.as_str(), a.name.as_str(), a.affiliation.as_str(), &role];
                let mut line = row(&attendee_cols, &cells, style);
                line.spans.insert(0, marker);
                lines.push(line);
            }
            Row::Add => {
                if sheet.attendees.is_empty() {
                    lines.push(Line::styled(format!(" {}", t.attendees), theme().header));
                }
                lines.push(Line::from(vec![marker, Span::styled(t.add_attendee, style)]));
            }
        }
        // The row just drawn, for the mouse.
        let y =
            body.y.saturating_add(u16::try_from(lines.len().saturating_sub(1)).unwrap_or(u16::MAX));
        if y < body.bottom() {
            app.hits.borrow_mut().push((Rect { y, height: 1, ..body }, Hit::Row(n)));
        }
    }
    frame.render_widget(Paragraph::new(lines), body);
    frame.render_widget(Paragraph::new(Line::styled(fit(t.sheet_hint, w), theme().muted)), hint);
}
