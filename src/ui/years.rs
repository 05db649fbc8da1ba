//! The plan across the years: each KPI's target, actual, rate and status in
//! every fiscal year and over the plan period, then the judgments each
//! meeting (the earlier ones in the sessions folder, and this one) gave it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::state::App;
use crate::app::years::YearsView;
use crate::domain::session::{Judgment, JudgmentTarget};

use super::breadcrumb;
use super::theme::theme;
use crate::text::fit;

pub fn render(app: &App, view: &YearsView, frame: &mut Frame, area: Rect) {
    let block = breadcrumb::block(app, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lang = app.lang;
    let words = lang.texts();
    let data = app.data();
    let w = usize::from(inner.width);
    let this = lang.agenda().this_meeting;
    let mut meetings: Vec<(&str, &[Judgment])> =
        app.earlier_meetings.iter().map(|m| (m.label.as_str(), m.judgments.as_slice())).collect();
    meetings.push((this, &app.session().judgments));
    let mut lines: Vec<Line> = Vec::new();
    for (k, kpi) in data.plan.kpis.iter().enumerate() {
        lines.push(Line::styled(fit(&format!(" {}（{}）", kpi.name, kpi.unit), w), theme().title));
        for (y, fy) in data.plan.fiscal_years.iter().enumerate() {
            let Some(cell) = data.ledger.cell(k, y) else { continue };
            let rate = cell.achievement.rate.map(|r| format!(" {r}")).unwrap_or_default();
            let text = format!(
                "   {}  {} {}  {} {}{rate} {}",
                lang.fiscal_year(*fy),
                words.target,
                lang.figure(cell.target, &kpi.unit),
                words.actual,
                lang.figure(cell.actual, &kpi.unit),
                lang.status(cell.achievement.status)
            );
            lines.push(Line::styled(fit(&text, w), theme().base));
        }
        if let Some(t) = data.ledger.total(k) {
            let rate = t.achievement.rate.map(|r| format!(" {r}")).unwrap_or_default();
            let text = format!(
                "   {}  {} {}  {} {}{rate} {}",
                lang.period_label(t),
                words.target,
                lang.figure(t.target, &kpi.unit),
                words.actual,
                lang.figure(t.actual, &kpi.unit),
                lang.status(t.achievement.status)
            );
            lines.push(Line::styled(fit(&text, w), theme().muted));
            if let Some(note) = lang.period_note(t) {
                let text = format!("   {}{note}", lang.note_mark());
                lines.push(Line::styled(fit(&text, w), theme().notice));
            }
        }
        for (label, judgments) in &meetings {
            for j in judgments.iter().filter(|j| j.withdrawn.is_none()) {
                let JudgmentTarget::Item { kpi: id, fiscal_year } = &j.target else { continue };
                if *id != kpi.id || (app.is_follower() && j.internal) {
                    continue;
                }
                let text = format!(
                    "   評価［{label}］{}：{}／{}",
                    lang.fiscal_year(*fiscal_year),
                    j.effect,
                    j.policy
                );
                lines.push(Line::styled(fit(&text, w), theme().notice));
            }
        }
    }
    let offset = view.offset.min(lines.len().saturating_sub(1));
    let shown: Vec<Line> = lines.into_iter().skip(offset).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
