//! The frame of the drill-down screens: where you are (総覧 › KPI › 年度 ›
//! 企業) on the left of the border, the agenda position on the right, so
//! nobody gets lost on a projector.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::app::state::{App, Screen};

use super::theme::theme;
use crate::text::{fit, width};

/// The crumbs of the open screens.
#[must_use]
pub fn crumbs(app: &App) -> Vec<String> {
    let lang = app.lang;
    let t = lang.texts();
    let data = app.data();
    let mut out = vec![t.overview.to_string()];
    for screen in app.stack().iter().skip(1) {
        match screen {
            Screen::Overview => {}
            Screen::Item => {
                if let (Some(kpi), Some(fy)) = (
                    data.plan.kpis.get(app.cursor.kpi),
                    data.plan.fiscal_years.get(app.cursor.year),
                ) {
                    out.push(kpi.name.clone());
                    out.push(lang.fiscal_year(*fy));
                }
            }
            Screen::Companies(_) => out.push(t.companies.to_string()),
            Screen::Sheet(_) => out.push(t.sheet_title.to_string()),
            Screen::Minutes(_) => out.push(t.minutes_title.to_string()),
            Screen::Agenda(_) => out.push(app.lang.agenda().title.to_string()),
            Screen::Years(_) => out.push(app.lang.agenda().years_title.to_string()),
            Screen::Topic(id) => {
                out.push(app.session().free_item_title(id).unwrap_or(id).to_string());
            }
            Screen::Company(view) => {
                if let Some(c) = data.actuals.companies.get(view.company) {
                    out.push(c.name.clone());
                }
            }
        }
    }
    out
}

/// A bordered block titled with the breadcrumb and the agenda position.
/// Earlier crumbs are cut first when space is short; the last stays whole
/// as long as it can.
#[must_use]
pub fn block<'a>(app: &App, area: Rect) -> Block<'a> {
    let t = app.lang.texts();
    let position = format!(" {} {} ", t.agenda, app.agenda_label());
    let room = usize::from(area.width).saturating_sub(width(&position) + 6);
    let crumbs = crumbs(app);
    let full = format!(" {} ", crumbs.join(" › "));
    let title = if width(&full) <= room {
        full
    } else {
        let last = crumbs.last().cloned().unwrap_or_default();
        let head = crumbs[..crumbs.len().saturating_sub(1)].join(" › ");
        let last_w = width(&last).min(room.saturating_sub(8).max(room / 2));
        let head_room = room.saturating_sub(last_w + 5);
        format!(" {} › {} ", fit(&head, head_room), fit(&last, last_w))
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme().border)
        .title(Span::styled(fit(&title, room + 2), theme().title))
        .title_top(Line::styled(position, theme().header).right_aligned())
}
