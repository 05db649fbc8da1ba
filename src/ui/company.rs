//! One company across every KPI and fiscal year of the plan: what it
//! contributed, when, and the notes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::state::{App, CompanyView};
use crate::domain::breakdown::Share;
use crate::domain::company::Company;
use crate::domain::plan::KpiKind;
use crate::domain::quantity::Quantity;

use super::breadcrumb;
use super::table::{Column, row, share_room};
use super::theme::theme;
use crate::text::fit;

/// The company's name, and its head office, industry and kind.
fn head_lines(lang: crate::i18n::Lang, company: &Company, w: usize) -> Vec<Line<'static>> {
    let t = lang.texts();
    let about = format!(
        "{}: {}  {}: {}  {}: {}",
        t.head_office,
        company.head_office,
        t.industry,
        company.industry,
        t.kind,
        lang.company_kind(company.kind)
    );
    vec![
        Line::styled(fit(&company.name, w), theme().title),
        Line::styled(fit(&about, w), theme().muted),
    ]
}

/// The columns of a value: a figure wider is never cut (see
/// [`crate::i18n::Lang::figure_within`]).
const VALUE_W: usize = 9;
pub fn render(app: &App, view: &CompanyView, frame: &mut Frame, area: Rect) {
    let block = breadcrumb::block(app, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let data = app.data();
    let lang = app.lang;
    let t = lang.texts();
    let Some(company) = data.actuals.companies.get(view.company) else { return };
    let w = usize::from(inner.width);
    let target = app.screen_target();
    let remark_count = target.as_ref().map_or(0, |t| app.remarks().of(t).len());
    let remarks_h =
        if app.remark_focus.is_some() || remark_count > 0 { inner.height / 3 } else { 2 };
    let [head, header, list, totals, note, remarks] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(remarks_h),
    ])
    .areas(inner);
    if let Some(target) = &target {
        super::remarks::render(app, target, frame, remarks);
    }
    frame.render_widget(Paragraph::new(head_lines(lang, company, w)), head);

    let mut columns = vec![
        Column::left(16),
        Column::left(if w >= 100 { 18 } else { 10 }),
        Column::right(VALUE_W),
        Column::right(9),
        Column::left(10),
    ];
    if w >= 90 {
        columns.push(Column::left(0));
    }
    share_room(&mut columns, w, 8);
    let titles = [t.kpi, t.fiscal_year, t.value, t.share, t.date, t.note];
    frame.render_widget(row(&columns, &titles, theme().header), header);

    let visible = usize::from(list.height);
    let first = view.list.scroll_to_selection(visible);
    super::companies::register_rows(
        app,
        list,
        first,
        visible.min(view.list.rows.len().saturating_sub(first)),
    );
    let lines: Vec<Line> = view
        .list
        .rows
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .filter_map(|(n, &i)| {
            let c = &data.actuals.contributions[i];
            let k = data.plan.kpi_index(&c.kpi)?;
            let kpi = &data.plan.kpis[k];
            let y = data.plan.year_index(c.fiscal_year)?;
            let item_total = data.ledger.cell(k, y).and_then(|cell| cell.actual);
            let share = item_total.and_then(|tot| Share::of(c.value, tot)).map(|s| s.to_string());
            let style = if n == view.list.selected { theme().selected } else { theme().base };
            let cells = [
                kpi.name.as_str(),
                &lang.fiscal_year_short(c.fiscal_year),
                &lang.figure_within(Some(c.value), &kpi.unit, VALUE_W),
                share.as_deref().unwrap_or(""),
                &c.date.map(|d| lang.short_date(d)).unwrap_or_default(),
                c.note.as_str(),
            ];
            Some(row(&columns, &cells, style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);

    // The company's sum for each KPI over the plan period: for the kinds
    // whose parts add up (単年度, 累計); a level or a rate is never summed.
    let mut spans = vec![Span::styled(format!("{}: ", t.total), theme().header)];
    for (k, kpi) in data.plan.kpis.iter().enumerate() {
        if !matches!(kpi.kind, KpiKind::Annual | KpiKind::Cumulative) {
            continue;
        }
        let sum: Quantity = view
            .list
            .rows
            .iter()
            .map(|&i| &data.actuals.contributions[i])
            .filter(|c| data.plan.kpi_index(&c.kpi) == Some(k))
            .map(|c| c.value)
            .sum();
        if !sum.is_zero() {
            spans.push(Span::raw(format!("{} {}  ", kpi.name, lang.figure(Some(sum), &kpi.unit))));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), totals);
    if let Some(i) = view.list.current() {
        let c = &data.actuals.contributions[i];
        if !c.note.is_empty() {
            let text = fit(&format!("{}: {}", t.note, c.note), w);
            frame.render_widget(Paragraph::new(Line::styled(text, theme().muted)), note);
        }
    }
}
