//! The overview: a KPI × fiscal-year matrix of target, actual, rate and
//! status, with the plan-period total, and a cursor on one cell.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::app::state::{App, Hit};
use crate::domain::achievement::Achievement;
use crate::domain::plan::Kpi;
use crate::domain::quantity::Quantity;
use crate::domain::session::Target;
use crate::i18n::Lang;

use super::theme::theme;
use crate::text::{fit, pad_left, pad_right, width};

/// Lines per KPI row: target, actual, rate, status, and a rule.
const ROW_LINES: u16 = 5;
const HEADER_LINES: u16 = 2;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.lang.texts();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme().border)
        .title(Span::styled(format!(" {} ", t.overview), theme().title))
        .title(Span::styled(format!(" {} × {} ", t.kpi, t.fiscal_year), theme().muted));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The meeting's own remarks below the matrix, where there is room.
    let matrix_h = HEADER_LINES
        + u16::try_from(app.data().plan.kpis.len()).unwrap_or(u16::MAX).saturating_mul(ROW_LINES);
    let meeting = app.remarks().of(&Target::Meeting).len();
    let wanted = if app.remark_focus.is_some() {
        8
    } else if meeting > 0 {
        4
    } else {
        2
    };
    let remarks_h = inner.height.saturating_sub(matrix_h).max(wanted.min(inner.height / 2));
    let [matrix, remarks] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(remarks_h)]).areas(inner);
    draw_matrix(app, frame.buffer_mut(), matrix);
    super::remarks::render(app, &Target::Meeting, frame, remarks);
}

/// Column layout: the KPI label, one column per fiscal year, the total.
struct Columns {
    label: u16,
    cell: u16,
    count: usize,
}

impl Columns {
    fn new(total_width: u16, years: usize) -> Self {
        let count = years + 1;
        let label = (total_width / 5).clamp(12, 24);
        let rest = total_width.saturating_sub(label);
        let cell = u16::try_from(usize::from(rest) / count.max(1)).unwrap_or(0);
        // What the cells leave over goes to the label column.
        let used = cell.saturating_mul(u16::try_from(count).unwrap_or(0));
        Columns { label: total_width.saturating_sub(used), cell, count }
    }

    fn x(&self, area: Rect, col: usize) -> u16 {
        let offset = u16::try_from(col).unwrap_or(0).saturating_mul(self.cell);
        area.x.saturating_add(self.label).saturating_add(offset)
    }
}

fn put(buf: &mut Buffer, x: u16, y: u16, area: Rect, text: &str, w: u16, style: Style) {
    if y >= area.bottom() || x >= area.right() {
        return;
    }
    let w = w.min(area.right() - x);
    buf.set_line(x, y, &Line::styled(pad_right(text, usize::from(w)), style), w);
}

fn draw_matrix(app: &App, buf: &mut Buffer, area: Rect) {
    let lang = app.lang;
    let t = lang.texts();
    let plan = &app.data().plan;
    let ledger = &app.data().ledger;
    let cols = Columns::new(area.width, plan.fiscal_years.len());
    let cw = usize::from(cols.cell.saturating_sub(1));

    // Header: each fiscal year, and the plan-period total.
    put(buf, area.x, area.y, area, t.kpi, cols.label, theme().header);
    for (i, fy) in plan.fiscal_years.iter().enumerate() {
        let x = cols.x(area, i);
        let (first, second) = match lang {
            Lang::Ja => (fy.wareki(), format!("({})", fy.0)),
            Lang::En => (format!("FY{}", fy.0), format!("({})", fy.short_wareki())),
        };
        header_cell(buf, area, x, cols.cell, [&first, &second]);
    }
    let total_x = cols.x(area, cols.count - 1);
    header_cell(
        buf,
        area,
        total_x,
        cols.cell,
        [t.plan_period, &format!("({})", rule_word(plan, lang))],
    );

    // Rows: scrolled by the wheel, and just enough to show the cursor's
    // KPI when it moved. A KPI out of view is never hidden without a mark.
    let body_h = area.height.saturating_sub(HEADER_LINES);
    let visible = usize::from((body_h / ROW_LINES).max(1));
    let first = first_row(app, visible, plan.kpis.len());
    for (row, (k, kpi)) in plan.kpis.iter().enumerate().skip(first).take(visible).enumerate() {
        let y = area.y + HEADER_LINES + u16::try_from(row).unwrap_or(0) * ROW_LINES;
        draw_label(buf, area, y, cols.label, kpi, lang);
        for y_i in 0..plan.fiscal_years.len() {
            let Some(cell) = ledger.cell(k, y_i) else { continue };
            let mut lines = cell_lines(lang, kpi, cell.target, cell.actual, cell.achievement, cw);
            let count = app.remarks().item_count(k, y_i);
            if count > 0 {
                // The remark count on the left of the status line of the cell.
                let tag = format!("{}{count}", t.remarks_label);
                let status = lang.status(cell.achievement.status);
                lines[3] = format!("{}{}", tag, pad_left(status, cw.saturating_sub(width(&tag))));
            }
            let selected = app.cursor.kpi == k && app.cursor.year == y_i;
            draw_cell(
                buf,
                area,
                cols.x(area, y_i),
                y,
                cols.cell,
                &lines,
                cell.achievement,
                selected,
            );
            let rect = Rect { x: cols.x(area, y_i), y, width: cols.cell, height: ROW_LINES - 1 };
            app.hits.borrow_mut().push((rect.intersection(area), Hit::Cell { kpi: k, year: y_i }));
        }
        if let Some(total) = ledger.total(k) {
            let mut lines =
                cell_lines(lang, kpi, total.target, total.actual, total.achievement, cw);
            // The rule that made the figure, on the left of the rate line;
            // a mark when the sum leaves something out (the item screen
            // says what).
            // The rate is never cut for them: in a narrow cell (a plan of
            // five years at 80 columns) the word gives way, then the mark.
            let mark = if total.has_note() { lang.note_mark() } else { "" };
            let word = lang.period_rule_short(total.rule);
            let rate = lines[2].trim_start().to_string();
            let room = cw.saturating_sub(width(&rate));
            let rule = [format!("{word}{mark}"), mark.to_string(), String::new()]
                .into_iter()
                .find(|r| width(r) <= room)
                .unwrap_or_default();
            lines[2] = format!("{rule}{}", pad_left(&rate, cw.saturating_sub(width(&rule))));
            draw_cell(buf, area, total_x, y, cols.cell, &lines, total.achievement, false);
        }
        let rule_y = y + ROW_LINES - 1;
        put(
            buf,
            area.x,
            rule_y,
            area,
            &"─".repeat(usize::from(area.width)),
            area.width,
            theme().border,
        );
    }
    let shown = visible.min(plan.kpis.len().saturating_sub(first));
    scroll_marks(app, buf, area, first, shown, plan.kpis.len());
    // After the cells, so a click finds the cell first.
    app.hits.borrow_mut().push((area, Hit::Matrix));
}

/// The first KPI row to draw: the remembered scroll, moved as little as
/// needed to show the cursor when it moved since the last frame.
fn first_row(app: &App, visible: usize, kpis: usize) -> usize {
    let mut first = app.overview_scroll.get();
    if app.overview_seen.get() != Some(app.cursor) {
        let k = app.cursor.kpi;
        if k < first {
            first = k;
        } else if k >= first + visible {
            first = k + 1 - visible;
        }
        app.overview_seen.set(Some(app.cursor));
    }
    first = first.min(kpis.saturating_sub(visible));
    app.overview_scroll.set(first);
    first
}

/// `▲ 前 2 ▼ 続き 1` on the matrix's last line, right-aligned, when KPI
/// rows are out of view above or below: ↑ ↓ (or the wheel) reach them.
fn scroll_marks(app: &App, buf: &mut Buffer, area: Rect, first: usize, shown: usize, kpis: usize) {
    let words = app.lang.day();
    let below = kpis.saturating_sub(first + shown);
    let mut text = String::new();
    if first > 0 {
        text.push_str(&format!(" {} {first}", words.more_above));
    }
    if below > 0 {
        text.push_str(&format!(" {} {below}", words.more_below));
    }
    if text.is_empty() || area.height == 0 {
        return;
    }
    text.push(' ');
    let w = u16::try_from(width(&text)).unwrap_or(0).min(area.width);
    let y = area.bottom().saturating_sub(1);
    put(buf, area.right().saturating_sub(w), y, area, &text, w, theme().notice);
}

/// A column heading: the year (or 計画期間) and its second form below.
fn header_cell(buf: &mut Buffer, area: Rect, x: u16, w: u16, lines: [&str; 2]) {
    let inner = w.saturating_sub(1);
    put(buf, x, area.y, area, lines[0], inner, theme().header);
    put(buf, x, area.y + 1, area, lines[1], inner, theme().muted);
    for y in [area.y, area.y + 1] {
        rule(buf, area, x.saturating_add(inner), y);
    }
}

/// A rule between two columns, so each cell reads as one; none against
/// the border.
fn rule(buf: &mut Buffer, area: Rect, x: u16, y: u16) {
    if x.saturating_add(1) < area.right() {
        put(buf, x, y, area, "│", 1, theme().border);
    }
}

/// The rule of the plan-period column when every KPI shares it, else a
/// pointer to the rule written in each row.
fn rule_word(plan: &crate::domain::plan::Plan, lang: Lang) -> &'static str {
    let mut rules = plan.kpis.iter().map(|k| k.kind.period_rule());
    match rules.next() {
        Some(first) if rules.all(|r| r == first) => lang.period_rule_short(first),
        _ => match lang {
            Lang::Ja => "種類別",
            Lang::En => "by kind",
        },
    }
}

fn draw_label(buf: &mut Buffer, area: Rect, y: u16, w: u16, kpi: &Kpi, lang: Lang) {
    let lw = usize::from(w.saturating_sub(1));
    let name = crate::text::wrap(&kpi.name, lw);
    put(buf, area.x, y, area, name.first().map_or("", String::as_str), w, theme().title);
    let mut next = y + 1;
    if let Some(rest) = name.get(1) {
        let rest = if name.len() > 2 {
            fit(&format!("{rest}{}", name[2..].concat()), lw)
        } else {
            rest.clone()
        };
        put(buf, area.x, next, area, &rest, w, theme().title);
        next += 1;
    }
    let kind = lang.kpi_kind(kpi.kind);
    put(buf, area.x, next, area, &format!("({}) {kind}", kpi.unit), w, theme().muted);
    // Its rates are target ÷ actual: said on the row's last line.
    if kpi.better() == crate::domain::plan::Better::Lower {
        put(buf, area.x, next + 1, area, lang.lower_is_better(), w, theme().muted);
    }
}

/// The four lines of a cell: target, actual, rate, status.
fn cell_lines(
    lang: Lang,
    kpi: &Kpi,
    target: Option<Quantity>,
    actual: Option<Quantity>,
    a: Achievement,
    w: usize,
) -> [String; 4] {
    let t = lang.texts();
    // In a narrow cell the unit gives way (the row's label names it), then
    // the number shows as … (the item screen has it whole): never cut.
    let figure = |label: &str, v: Option<Quantity>| {
        let room = w.saturating_sub(width(label));
        format!("{label}{}", pad_left(&lang.figure_within(v, &kpi.unit, room), room))
    };
    let rate = lang.rate(a.rate);
    let rate = if width(&rate) <= w { rate } else { crate::text::ELLIPSIS.to_string() };
    [
        figure(t.target, target),
        figure(t.actual, actual),
        pad_left(&rate, w),
        pad_left(lang.status(a.status), w),
    ]
}

#[allow(clippy::too_many_arguments)]
fn draw_cell(
    buf: &mut Buffer,
    area: Rect,
    x: u16,
    y: u16,
    w: u16,
    lines: &[String; 4],
    a: Achievement,
    selected: bool,
) {
    let inner_w = w.saturating_sub(1);
    for (i, text) in lines.iter().enumerate() {
        let style = if i == 3 { theme().status(a.status) } else { theme().base };
        let style = if selected { style.patch(theme().selected) } else { style };
        let row = y + u16::try_from(i).unwrap_or(0);
        put(buf, x, row, area, text, inner_w, style);
        rule(buf, area, x.saturating_add(inner_w), row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::achievement::{Rate, Status};

    /// A rate too wide for its cell (a plan of many years on a narrow
    /// screen) shows as …, as a figure does: never cut inside its number
    /// (「15000.…」 or 「150…」 for 15000.0%).
    #[test]
    fn a_rate_too_wide_for_its_cell_is_never_cut() {
        let (plan, _) = crate::store::embedded::plan().expect("plan");
        let kpi = &plan.kpis[0];
        let (target, actual) = (Quantity::units(1), Quantity::units(150));
        let a = Achievement { rate: Rate::of(actual, target), status: Status::Achieved };
        let lines = |w| cell_lines(Lang::Ja, kpi, Some(target), Some(actual), a, w);
        assert_eq!(lines(8)[2], "15000.0%");
        assert_eq!(lines(7)[2], "      …");
        assert_eq!(lines(6)[2], "     …");
        assert_eq!(lines(4)[2], "   …");
    }
}
