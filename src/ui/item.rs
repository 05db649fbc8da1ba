//! The item screen, the "slide": one KPI in one fiscal year. Target
//! against actual in large type, a gauge, the years side by side, and the
//! plan-period total.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph};

use crate::app::state::App;
use crate::domain::achievement::Status;
use crate::domain::ledger::Cell;
use crate::domain::plan::Kpi;
use crate::domain::quantity::Quantity;
use crate::domain::session::{JudgmentTarget, Target};
use crate::i18n::Lang;

use super::theme::theme;
use crate::text::{fit, pad_left, pad_right, width};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let t = lang.texts();
    let data = app.data();
    let (Some(cell), Some(kpi)) = (app.current_cell(), data.plan.kpis.get(app.cursor.kpi)) else {
        return;
    };
    let crumbs =
        format!(" {} › {} › {} ", t.overview, kpi.name, lang.fiscal_year(cell.fiscal_year));
    let position = format!(" {} {} ", t.agenda, app.agenda_label());
    let crumb_w = usize::from(area.width).saturating_sub(width(&position) + 4);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme().border)
        .title(Span::styled(fit(&crumbs, crumb_w), theme().title))
        .title_top(Line::styled(position, theme().header).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let years = data.plan.fiscal_years.len();
    let chart_h = u16::try_from(years * 2).unwrap_or(u16::MAX);
    // Blank separators only where there is room for them and the remarks.
    let gap = u16::from(inner.height >= 30);
    let change = app.figure_change();
    let source_h = u16::from(cell.stated.is_some()) + u16::from(change.is_some());
    let judged = app.current_item().and_then(|t| judgment_line(app, &t, usize::from(inner.width)));
    let total_note =
        data.ledger.total(app.cursor.kpi).is_some_and(crate::domain::ledger::PeriodTotal::has_note);
    let [figures, gauge, _, chart, _, total, source, judgment, remarks] = Layout::vertical([
        Constraint::Length(super::figures::height(area)),
        Constraint::Length(1),
        Constraint::Length(gap),
        Constraint::Length(chart_h.saturating_add(1)),
        Constraint::Length(gap),
        Constraint::Length(1 + u16::from(total_note)),
        Constraint::Length(source_h),
        Constraint::Length(u16::from(judged.is_some())),
        Constraint::Min(0),
    ])
    .areas(inner);
    super::figures::render(frame, figures, area, lang, kpi, cell);
    render_gauge(frame, gauge, lang, cell);
    render_years(app, frame, chart, kpi);
    render_total(app, frame, total, kpi);
    render_source(app, frame, source, kpi, cell);
    if let Some(line) = judged {
        frame.render_widget(Paragraph::new(line), judgment);
    }
    if let Some(target) = app.current_item() {
        super::remarks::render(app, &target, frame, remarks);
    }
}

/// `評価: 地方創生に相当程度効果があった ／ 改善して継続 — 理由`, in `w`
/// columns: a reason longer than the room left ends in …, never cut at
/// the border without a sign (「…参加企業は増」 read as the whole reason).
fn judgment_line(app: &App, target: &Target, w: usize) -> Option<Line<'static>> {
    let Target::Item { kpi, fiscal_year } = target else { return None };
    let jt = JudgmentTarget::Item { kpi: kpi.to_string(), fiscal_year: *fiscal_year };
    let j = app
        .session()
        .judgment(&jt)
        .filter(|j| j.withdrawn.is_none() && !(app.is_follower() && j.internal))?;
    let t = app.lang.texts();
    let internal = match (j.internal, app.lang) {
        (false, _) => String::new(),
        (true, Lang::Ja) => format!("［{}］", t.internal),
        (true, Lang::En) => format!(" [{}]", t.internal),
    };
    // Two copies gave different verdicts: said on the item, as on a remark.
    let conflict = if j.in_conflict() && !app.is_follower() {
        format!(" ⚠{}", t.conflict)
    } else {
        String::new()
    };
    let label = format!("{}{internal}{conflict}: ", t.judgment_label);
    let room = w.saturating_sub(width(&label));
    let verdict = fit(&app.lang.pair(&j.effect, &j.policy), room);
    let room = room.saturating_sub(width(&verdict) + 2);
    let reason = crate::text::clean(&j.reason.replace('\n', " ")).into_owned();
    let mut spans = vec![Span::styled(label, theme().header), Span::styled(verdict, theme().title)];
    if room > 0 && !reason.is_empty() {
        spans.push(Span::styled(format!("  {}", fit(&reason, room)), theme().muted));
    }
    Some(Line::from(spans))
}

fn value_text(lang: Lang, kpi: &Kpi, v: Option<Quantity>) -> String {
    lang.figure(v, &kpi.unit)
}

fn render_gauge(frame: &mut Frame, area: Rect, lang: Lang, cell: &Cell) {
    let a = cell.achievement;
    let ratio = a.rate.map_or(0.0, |r| {
        #[allow(clippy::cast_precision_loss)]
        let x = r.tenths() as f64 / 1000.0;
        x.clamp(0.0, 1.0)
    });
    let label = match a.rate {
        Some(r) => format!("{r} {}", lang.status(a.status)),
        None => lang.status(a.status).to_string(),
    };
    frame.render_widget(
        Gauge::default()
            .ratio(ratio)
            .label(label)
            .use_unicode(true)
            .gauge_style(theme().status(a.status)),
        area,
    );
}

/// Two bars per fiscal year (target and actual) on one scale. Drawn as
/// text rows rather than with ratatui's `BarChart`, whose horizontal labels
/// are sized by bar width and would cut the 和暦 year labels.
fn render_years(app: &App, frame: &mut Frame, area: Rect, kpi: &Kpi) {
    let lang = app.lang;
    let t = lang.texts();
    let data = app.data();
    let k = app.cursor.kpi;
    let cells: Vec<&Cell> =
        (0..data.plan.fiscal_years.len()).filter_map(|y| data.ledger.cell(k, y)).collect();
    let max =
        cells.iter().flat_map(|c| [c.target, c.actual]).flatten().max().unwrap_or(Quantity::ZERO);
    let label_w = 12;
    let tag_w = width(t.target).max(width(t.actual)) + 1;
    let value_w = 10;
    let rate_w = 18;
    let bar_w =
        usize::from(area.width).saturating_sub(label_w + tag_w + value_w + rate_w + 2).max(1);
    let bar = |v: Option<Quantity>| -> String {
        let Some(v) = v.filter(|_| max.milli() > 0) else { return String::new() };
        let n =
            i128::from(v.milli()) * i128::try_from(bar_w).unwrap_or(0) / i128::from(max.milli());
        let n = usize::try_from(n).unwrap_or(0);
        let n = if n == 0 && v.milli() > 0 { 1 } else { n };
        "█".repeat(n.min(bar_w))
    };
    // The baseline beside the targets, never as one: its label is the
    // plan's words (事業開始前（現時点）), said to be the baseline in English.
    let title = match &kpi.baseline {
        Some(b) => format!(
            "{}  {}{} {}",
            t.by_year,
            match lang {
                crate::i18n::Lang::Ja => "",
                crate::i18n::Lang::En => "baseline ",
            },
            crate::text::clean(&b.label),
            value_text(lang, kpi, Some(b.value))
        ),
        None => t.by_year.to_string(),
    };
    let title = if kpi.better() == crate::domain::plan::Better::Lower {
        format!("{title}  {}", lang.lower_is_better_rule())
    } else {
        title
    };
    let mut lines = vec![Line::styled(fit(&title, usize::from(area.width)), theme().muted)];
    for (n, c) in cells.into_iter().enumerate() {
        // The year's two rows, for the mouse.
        let y = area.y.saturating_add(1).saturating_add(u16::try_from(n * 2).unwrap_or(u16::MAX));
        app.hits.borrow_mut().push((
            Rect { y, height: 2, ..area }.intersection(area),
            crate::app::state::Hit::Year(c.year),
        ));
        let current = c.year == app.cursor.year;
        let marker = if current { "▶" } else { " " };
        let year = format!("{marker}{}", lang.fiscal_year_short(c.fiscal_year));
        let year_style = if current { theme().title } else { theme().muted };
        let status_style = theme().status(c.achievement.status);
        let rate = match (c.achievement.rate, c.achievement.status) {
            (Some(r), s) => format!("{r} {}", lang.status(s)),
            (None, s) => lang.status(s).to_string(),
        };
        lines.push(Line::from(vec![
            Span::styled(pad_right(&year, label_w), year_style),
            Span::styled(pad_right(t.target, tag_w), theme().muted),
            Span::styled(pad_right(&bar(c.target), bar_w), theme().target_bar),
            Span::raw(" "),
            Span::raw(pad_left(&lang.figure_within(c.target, &kpi.unit, value_w), value_w)),
        ]));
        lines.push(Line::from(vec![
            Span::raw(" ".repeat(label_w)),
            Span::styled(pad_right(t.actual, tag_w), theme().muted),
            Span::styled(pad_right(&bar(c.actual), bar_w), bar_style(c.achievement.status)),
            Span::raw(" "),
            Span::raw(pad_left(&lang.figure_within(c.actual, &kpi.unit, value_w), value_w)),
            Span::raw(" "),
            Span::styled(fit(&rate, rate_w), status_style),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn bar_style(status: Status) -> Style {
    theme().status(status)
}

fn render_total(app: &App, frame: &mut Frame, area: Rect, kpi: &Kpi) {
    let lang = app.lang;
    let t = lang.texts();
    let Some(total) = app.data().ledger.total(app.cursor.kpi) else { return };
    // The rule that made the figure, and for a final-year rule which year.
    let rate = match total.achievement.rate {
        Some(r) => format!("{r} {}", lang.status(total.achievement.status)),
        None => lang.status(total.achievement.status).to_string(),
    };
    let figures = format!(
        "{} {}  {} {}  ",
        t.target,
        value_text(lang, kpi, total.target),
        t.actual,
        value_text(lang, kpi, total.actual)
    );
    // The rule's name gives way to its word or two (計画期間（最終累計）,
    // Plan period (final)) before the rate and status are cut.
    let mut how = lang.period_label(total);
    if width(&how) + 2 + width(&figures) + width(&rate) > usize::from(area.width) {
        how = lang.period_label_short(total);
    }
    let line = Line::from(vec![
        Span::styled(format!("{how}  "), theme().header),
        Span::raw(figures),
        Span::styled(rate, theme().status(total.achievement.status)),
    ]);
    // What the sum leaves out, on the line below.
    let note = lang.period_note(total).map(|n| {
        let text = format!("{}{n}", lang.note_mark());
        Line::styled(fit(&text, usize::from(area.width)), theme().notice)
    });
    frame.render_widget(Paragraph::new(std::iter::once(line).chain(note).collect::<Text>()), area);
}

fn render_source(app: &App, frame: &mut Frame, area: Rect, kpi: &Kpi, cell: &Cell) {
    let lang = app.lang;
    let t = lang.texts();
    let mut lines = Vec::new();
    // A figure that changed since the earlier meeting says so first.
    if let Some(change) = app.figure_change() {
        lines.push(Line::styled(fit(&change, usize::from(area.width)), theme().notice));
    }
    if let Some(i) = cell.stated {
        if let Some(s) = app.data().actuals.stated_totals.get(i) {
            // A running total resting on an earlier year's stated total says so.
            let from = if s.fiscal_year == cell.fiscal_year {
                String::new()
            } else {
                lang.running_from(s.fiscal_year)
            };
            lines.push(Line::styled(
                fit(
                    &format!("{}: {}{from}", t.stated_source, s.source_with_status()),
                    usize::from(area.width),
                ),
                theme().muted,
            ));
        }
        if let Some(gap) = cell.unexplained().filter(|g| !g.is_zero()) {
            let text = if gap.is_negative() {
                let excess = Quantity::ZERO.saturating_sub(gap);
                format!("{} ({})", t.breakdown_excess, lang.figure(Some(excess), &kpi.unit))
            } else {
                format!("{}: {}", t.breakdown_gap, lang.figure(Some(gap), &kpi.unit))
            };
            let style = if gap.is_negative() { theme().error } else { theme().muted };
            lines.push(Line::styled(fit(&text, usize::from(area.width)), style));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}
