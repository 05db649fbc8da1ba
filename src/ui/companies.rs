//! The companies behind one item: who contributed how much, with shares,
//! the split by kind of company, and the part without a breakdown. Only
//! the visible rows are built, so a list of 10,000 scrolls at once.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::state::{App, CompaniesView, Hit};
use crate::domain::breakdown::Share;
use crate::domain::company::CompanyKind;
use crate::domain::ledger::Cell;
use crate::domain::plan::{Kpi, KpiKind};
use crate::domain::quantity::Quantity;
use crate::i18n::{Lang, fill};

use super::breadcrumb;
use super::table::{Column, row, share_room};
use super::theme::theme;
use crate::text::{fit, pad_left, pad_right, width};

pub fn render(app: &App, view: &CompaniesView, frame: &mut Frame, area: Rect) {
    let block = breadcrumb::block(app, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let data = app.data();
    let (Some(cell), Some(kpi)) = (app.current_cell(), data.plan.kpis.get(app.cursor.kpi)) else {
        return;
    };
    let kinds = kind_lines(app, view, cell, kpi, inner.width);
    let unexplained = cell.unexplained().filter(|q| !q.is_zero());
    let footer = 2 + u16::from(unexplained.is_some_and(Quantity::is_negative));
    // The rest of each stated total (one a year behind a running one).
    let rests = if view.filter.is_empty() { cell.rests(&data.actuals, kpi) } else { Vec::new() };
    let [chart, controls, header, list, rest, total, notes] = Layout::vertical([
        Constraint::Length(u16::try_from(kinds.len()).unwrap_or(0)),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(u16::try_from(rests.len()).unwrap_or(u16::MAX)),
        Constraint::Length(1),
        Constraint::Length(footer - 1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(kinds), chart);
    render_controls(app, view, cell, frame, controls);

    // Behind a 累計 figure: the year each company contributed, in a column.
    let by_year = kpi.kind == KpiKind::Cumulative;
    let columns = columns(app.lang, inner.width, by_year);
    let t = app.lang.texts();
    let mut titles = vec![t.company, t.head_office, t.kind, t.value, t.share, t.date, t.note];
    if by_year {
        titles.insert(5, app.lang.contributed_in());
    }
    frame.render_widget(row(&columns, &titles, theme().header), header);
    render_rows(app, view, cell, kpi, &columns, frame, list);

    for ((i, gap), line) in rests.into_iter().zip(rest.rows()) {
        let stated = data.actuals.stated_totals.get(i);
        // 速報 or 確定 as the item screen says it beside the figure.
        let source = stated
            .map(|s| format!("{}: {}", t.stated_source, s.source_with_status()))
            .unwrap_or_default();
        let year = stated.map(|s| app.lang.fiscal_year_short(s.fiscal_year)).unwrap_or_default();
        let share = share_text(gap, cell.actual);
        let value = value_cell(app.lang, gap, kpi);
        let mut cells = vec![t.unexplained_row, "", "", value.as_str(), &share, "", &source];
        if by_year {
            cells.insert(5, &year);
        }
        frame.render_widget(row(&columns, &cells, theme().muted), line);
    }
    render_total(app, view, cell, kpi, &columns, frame, total);
    render_notes(app, view, cell, kpi, frame, notes);
}

/// The columns of a value, in the table and beside the bars.
const VALUE_W: usize = 9;

fn value_text(lang: Lang, q: Quantity, kpi: &Kpi) -> String {
    lang.figure(Some(q), &kpi.unit)
}

/// A value in its column: never cut inside its number.
fn value_cell(lang: Lang, q: Quantity, kpi: &Kpi) -> String {
    lang.figure_within(Some(q), &kpi.unit, VALUE_W)
}

fn share_text(part: Quantity, whole: Option<Quantity>) -> String {
    whole.and_then(|w| Share::of(part, w)).map(|s| s.to_string()).unwrap_or_default()
}

/// 企業名, 本社所在地, 区分, 値, 構成比, (寄与年度,) 日付, and 備考 where
/// there is room for it (the selected row's note is also shown in full
/// below the table).
fn columns(lang: Lang, total: u16, by_year: bool) -> Vec<Column> {
    let total = usize::from(total);
    let wide = total >= 100;
    let kind_w = match lang {
        Lang::Ja => 10,
        Lang::En => 13,
    };
    let mut cols = vec![
        Column::left(0),
        Column::left(if wide { 16 } else { 12 }),
        Column::left(kind_w),
        Column::right(VALUE_W),
        Column::right(6),
        Column::left(10),
    ];
    if by_year {
        cols.insert(5, Column::left(10));
    }
    if wide {
        cols.push(Column::left(0));
    }
    share_room(&mut cols, total, 8);
    cols
}

fn kind_lines<'a>(
    app: &App,
    view: &CompaniesView,
    cell: &Cell,
    kpi: &Kpi,
    w: u16,
) -> Vec<Line<'a>> {
    let lang = app.lang;
    let t = lang.texts();
    let sums = &view.kinds;
    let unexplained = cell.unexplained().filter(|q| !q.is_zero() && !q.is_negative());
    let mut entries: Vec<(String, Quantity, Style)> = sums
        .iter()
        .filter(|(_, q)| !q.is_zero())
        .map(|(k, q)| (lang.company_kind(*k).to_string(), *q, kind_style(*k)))
        .collect();
    if let Some(gap) = unexplained {
        entries.push((t.unexplained_row.to_string(), gap, theme().muted));
    }
    let max = entries.iter().map(|e| e.1).max().unwrap_or(Quantity::ZERO);
    let label_w = entries.iter().map(|e| width(&e.0)).max().unwrap_or(0) + 1;
    let bar_w = usize::from(w).saturating_sub(label_w + 9 + 8 + 3).min(40);
    entries
        .into_iter()
        .map(|(label, q, style)| {
            let n = if max.milli() > 0 {
                usize::try_from(
                    i128::from(q.milli()) * i128::try_from(bar_w).unwrap_or(0)
                        / i128::from(max.milli()),
                )
                .unwrap_or(0)
                .max(1)
            } else {
                0
            };
            Line::from(vec![
                Span::styled(pad_right(&label, label_w), theme().muted),
                Span::styled(pad_right(&"█".repeat(n), bar_w), style),
                Span::raw(" "),
                Span::raw(pad_left(&value_cell(lang, q, kpi), VALUE_W)),
                Span::raw(" "),
                Span::raw(pad_left(&share_text(q, cell.actual), 7)),
            ])
        })
        .collect()
}

fn kind_style(kind: CompanyKind) -> Style {
    match kind {
        CompanyKind::Metro => theme().header,
        CompanyKind::Local => theme().achieved,
        CompanyKind::University => theme().mostly,
        CompanyKind::Other => theme().muted,
    }
}

fn render_controls(app: &App, view: &CompaniesView, cell: &Cell, frame: &mut Frame, area: Rect) {
    let t = app.lang.texts();
    let filter = if view.filter.is_empty() {
        t.no_filter.to_string()
    } else {
        match app.lang {
            crate::i18n::Lang::Ja => format!("「{}」", view.filter_text),
            crate::i18n::Lang::En => format!("\"{}\"", view.filter_text),
        }
    };
    let count =
        fill(t.shown_of, &[("shown", &view.list.rows.len()), ("total", &cell.contributions.len())]);
    let line = Line::from(vec![
        Span::styled(format!("{}: ", t.filter), theme().muted),
        Span::styled(
            fit(&filter, 30),
            if view.filter.is_empty() { theme().muted } else { theme().mostly },
        ),
        Span::styled(format!("  {}: ", t.sort), theme().muted),
        Span::styled(app.lang.sort_key(view.sort), theme().header),
        Span::styled(format!("  {count}"), theme().muted),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

#[allow(clippy::too_many_arguments)]
fn render_rows(
    app: &App,
    view: &CompaniesView,
    cell: &Cell,
    kpi: &Kpi,
    columns: &[Column],
    frame: &mut Frame,
    area: Rect,
) {
    let t = app.lang.texts();
    if view.list.rows.is_empty() {
        let text = if cell.contributions.is_empty() { t.no_companies } else { t.no_match };
        frame.render_widget(Paragraph::new(Line::styled(text, theme().muted)), area);
        return;
    }
    let data = app.data();
    let visible = usize::from(area.height);
    let first = view.list.scroll_to_selection(visible);
    register_rows(app, area, first, visible.min(view.list.rows.len().saturating_sub(first)));
    let lines: Vec<Line> = view
        .list
        .rows
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(n, &i)| {
            let c = &data.actuals.contributions[i];
            let company = data
                .ledger
                .company_position(&c.company)
                .and_then(|p| data.actuals.companies.get(p));
            let (name, office, kind) =
                company.map_or((c.company.as_str(), "", String::new()), |co| {
                    (
                        co.name.as_str(),
                        co.head_office.as_str(),
                        app.lang.company_kind(co.kind).to_string(),
                    )
                });
            let date = c.date.map(|d| app.lang.short_date(d)).unwrap_or_default();
            let style = if n == view.list.selected { theme().selected } else { theme().base };
            let value = value_cell(app.lang, c.value, kpi);
            let share = share_text(c.value, cell.actual);
            let year = app.lang.fiscal_year_short(c.fiscal_year);
            let mut cells =
                vec![name, office, kind.as_str(), &value, &share, &date, c.note.as_str()];
            if kpi.kind == KpiKind::Cumulative {
                cells.insert(5, &year);
            }
            row(columns, &cells, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_total(
    app: &App,
    view: &CompaniesView,
    cell: &Cell,
    kpi: &Kpi,
    columns: &[Column],
    frame: &mut Frame,
    area: Rect,
) {
    let t = app.lang.texts();
    let lang = app.lang;
    // The item's figure (－ for 実績なし, never 0); a rate is never a total
    // of parts, so it is named as the actual, without a share.
    let actual = cell.actual;
    let (label, share) = match kpi.kind {
        KpiKind::Rate => (t.actual, String::new()),
        _ if actual.is_none_or(Quantity::is_zero) => (t.total, String::new()),
        _ => (t.total, "100.0%".to_string()),
    };
    let line = if view.filter.is_empty() {
        let value = lang.figure_within(actual, &kpi.unit, VALUE_W);
        row(columns, &padded(vec![label, "", "", &value, &share], columns.len()), theme().title)
    } else {
        let shown = view.shown;
        let label = format!("{} ({label} {})", t.shown_total, lang.figure(actual, &kpi.unit));
        let value = value_cell(app.lang, shown, kpi);
        let share = share_text(shown, cell.actual);
        row(columns, &padded(vec![&label, "", "", &value, &share], columns.len()), theme().title)
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The cells of a row, empty up to `n`.
fn padded(mut cells: Vec<&str>, n: usize) -> Vec<&str> {
    cells.resize(n, "");
    cells
}

fn render_notes(
    app: &App,
    view: &CompaniesView,
    cell: &Cell,
    kpi: &Kpi,
    frame: &mut Frame,
    area: Rect,
) {
    let t = app.lang.texts();
    let data = app.data();
    let w = usize::from(area.width);
    let mut lines = Vec::new();
    if let Some(i) = view.list.current() {
        let c = &data.actuals.contributions[i];
        if !c.note.is_empty() {
            lines.push(Line::styled(fit(&format!("{}: {}", t.note, c.note), w), theme().muted));
        }
    }
    if lines.is_empty() {
        lines.push(Line::raw(""));
    }
    if let Some(gap) = cell.unexplained().filter(|g| g.is_negative()) {
        let excess = Quantity::ZERO.saturating_sub(gap);
        let text = format!("{}: {}", t.breakdown_excess, value_text(app.lang, excess, kpi));
        lines.push(Line::styled(fit(&text, w), theme().error));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Each visible row, for the mouse.
pub fn register_rows(app: &App, area: Rect, first: usize, count: usize) {
    let mut hits = app.hits.borrow_mut();
    for j in 0..count {
        let y = area.y.saturating_add(u16::try_from(j).unwrap_or(u16::MAX));
        hits.push((
            Rect { x: area.x, y, width: area.width, height: 1 }.intersection(area),
            Hit::Row(first + j),
        ));
    }
}
