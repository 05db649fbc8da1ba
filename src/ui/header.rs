//! The plan's header: name, author, period, evaluating body, and the
//! サンプル badge when sample data are shown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::state::App;
use crate::domain::fiscal::wareki_date;
use crate::i18n::{Lang, fill};

use super::theme::theme;
use crate::text::{fit, width};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.lang.texts();
    let plan = &app.data().plan;
    let badge = if app.data().is_sample() { format!(" {} ", t.sample) } else { String::new() };
    let badge_w = width(&badge);
    let name_w = usize::from(area.width).saturating_sub(badge_w + 1);
    let mut first = vec![Span::styled(fit(&plan.name, name_w), theme().title)];
    let used = width(&first[0].content);
    first.push(Span::raw(" ".repeat(usize::from(area.width).saturating_sub(used + badge_w))));
    if !badge.is_empty() {
        first.push(Span::styled(badge, theme().sample));
    }
    let end = match app.lang {
        Lang::Ja => format!("〜{}", wareki_date(plan.period.end)),
        Lang::En => format!("until {}", plan.period.end),
    };
    let mut second = format!(
        "{}: {}  {}: {}  {}: {}{}",
        t.author,
        plan.author,
        t.period,
        end,
        t.evaluated_by,
        if plan.evaluation.body.trim().is_empty() {
            app.lang.not_set()
        } else {
            plan.evaluation.body.as_str()
        },
        app.lang.paren(
            &plan
                .evaluation
                .month
                .map_or_else(|| app.lang.not_set().to_string(), |m| app.lang.evaluation_month(m))
        ),
    );
    // The total cost only whole: cut at the line's end it read 45,0…, a
    // figure no one can read right.
    if let Some(cost) = &plan.total_cost {
        let with_cost = format!("{second}  {}: {}{}", t.total_cost, cost.amount, cost.unit);
        if width(&with_cost) <= usize::from(area.width) {
            second = with_cost;
        }
    }
    let second = if app.changed_data.is_empty() {
        Line::styled(fit(&second, usize::from(area.width)), theme().muted)
    } else {
        let what = app.lang.listed(&app.changed_data);
        Line::styled(
            fit(&fill(t.data_changed, &[("what", &what)]), usize::from(area.width)),
            theme().error,
        )
    };
    let lines = vec![Line::from(first), second];
    frame.render_widget(ratatui::widgets::Paragraph::new(lines), area);
}
