//! The plan across the years: each KPI's target, actual, rate and status in
//! every fiscal year and over the plan period, then the judgments each
//! meeting (the earlier ones in the sessions folder, and this one) gave it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::state::App;
use crate::app::years::YearsView;
use crate::domain::fiscal::FiscalYear;
use crate::domain::session::{Judgment, JudgmentTarget};
use crate::i18n::Lang;

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
    // An earlier meeting by its title and date: 第1回 平成30年5月21日,
    // 第1回 2018-05-21.
    let mut meetings: Vec<(String, &[Judgment])> = app
        .earlier_meetings
        .iter()
        .map(|m| {
            let date = match lang {
                Lang::Ja => crate::domain::fiscal::wareki_date(m.date),
                Lang::En => m.date.to_string(),
            };
            (format!("{} {date}", m.title).trim().to_string(), m.judgments.as_slice())
        })
        .collect();
    meetings.push((this.to_string(), &app.session().judgments));
    let mut lines: Vec<Line> = Vec::new();
    for (k, kpi) in data.plan.kpis.iter().enumerate() {
        let mut head = format!(" {}{}", kpi.name, lang.paren(&kpi.unit));
        // Its rates are target ÷ actual: said as the item screen says it.
        if kpi.better() == crate::domain::plan::Better::Lower {
            head.push_str(&format!("  {}", lang.lower_is_better_rule()));
        }
        lines.push(Line::styled(fit(&head, w), theme().title));
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
            let line = |how: String| {
                format!(
                    "   {how}  {} {}  {} {}{rate} {}",
                    words.target,
                    lang.figure(t.target, &kpi.unit),
                    words.actual,
                    lang.figure(t.actual, &kpi.unit),
                    lang.status(t.achievement.status)
                )
            };
            // The rule's name gives way to its word or two before the rate.
            let mut text = line(lang.period_label(t));
            if crate::text::width(&text) > w {
                text = line(lang.period_label_short(t));
            }
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
                let text = judgment_text(lang, label, *fiscal_year, j);
                lines.push(Line::styled(fit(&text, w), theme().notice));
            }
        }
    }
    // Never past a screenful of the last lines; ↓ stops there (update).
    let furthest = lines.len().saturating_sub(usize::from(inner.height));
    view.furthest.set(furthest);
    let offset = view.offset.min(furthest);
    let shown: Vec<Line> = lines.into_iter().skip(offset).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// `評価［今回］平成30年度 (2018)：地方創生に効果があった／継続`, or with
/// `--lang en` `Judgment [this meeting] FY2018 (H30): … / …` (the effect and
/// the policy are the plan's own words).
fn judgment_text(lang: Lang, label: &str, fy: FiscalYear, j: &Judgment) -> String {
    let word = lang.texts().judgment_label;
    let year = lang.fiscal_year(fy);
    match lang {
        Lang::Ja => format!("   {word}［{label}］{year}：{}／{}", j.effect, j.policy),
        Lang::En => format!("   {word} [{label}] {year}: {} / {}", j.effect, j.policy),
    }
}
