//! The import preview: the sheet as read, each cell coloured and headed by
//! the field it was read as, each row tagged with its fate (skipped rows
//! greyed, refused rows in the error colour), the selected row's fate in
//! words, and the totals per KPI × 年度 at the bottom.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::preview::Preview;
use crate::i18n::fill;
use crate::i18n::reconciliation::Words;
use crate::import::layout::Field;
use crate::import::reconciliation::{Fate, SheetRead};
use crate::import::report::{check_text, fate_text};
use crate::import::table::{Value, column_letters};

use super::theme::{Theme, theme};
use crate::text::{clean, fit, pad_left, pad_right};

/// Columns of the row number, the fate tag and each cell.
const NUMBER: usize = 5;
const TAG: usize = 8;
const CELL: usize = 12;

/// The short tag of a fate, at most [`TAG`] columns.
fn tag(lang: crate::i18n::Lang, fate: Option<&Fate>) -> &'static str {
    use crate::i18n::Lang::{En, Ja};
    match (fate, lang) {
        (None, _) => "",
        (Some(Fate::Title), Ja) => "表題",
        (Some(Fate::Title), En) => "title",
        (Some(Fate::Header | Fate::RepeatedHeader), Ja) => "見出し",
        (Some(Fate::Header | Fate::RepeatedHeader), En) => "header",
        (Some(Fate::Used { .. }), Ja) => "採用",
        (Some(Fate::Used { .. }), En) => "used",
        (Some(Fate::Subtotal { .. }), Ja) => "小計",
        (Some(Fate::Subtotal { .. }), En) => "subtotal",
        (Some(Fate::StatedTotal { .. }), Ja) => "合計",
        (Some(Fate::StatedTotal { .. }), En) => "stated",
        (Some(Fate::Skipped(_)), Ja) => "除外",
        (Some(Fate::Skipped(_)), En) => "skipped",
        (Some(Fate::Refused(_)), Ja) => "拒否",
        (Some(Fate::Refused(_)), En) => "refused",
    }
}

fn row_style(t: &Theme, fate: Option<&Fate>) -> Style {
    match fate {
        Some(Fate::Refused(_)) => t.error,
        Some(Fate::Skipped(_) | Fate::Subtotal { .. } | Fate::Title) | None => t.muted,
        Some(Fate::Header | Fate::RepeatedHeader) => t.header,
        Some(Fate::StatedTotal { .. }) => t.notice,
        Some(Fate::Used { .. }) => t.base,
    }
}

/// The style of a used cell by its field: the columns' header names the
/// field too, so colour is never the only sign.
fn field_style(t: &Theme, field: Field) -> Style {
    match field {
        Field::Value => t.achieved.add_modifier(Modifier::BOLD),
        Field::Kpi | Field::FiscalYear => t.header,
        Field::Company => t.title,
        _ => t.base,
    }
}

fn short_field(lang: crate::i18n::Lang, field: Field) -> &'static str {
    match lang {
        crate::i18n::Lang::Ja => field.label(),
        // In a word, as the Japanese (年度), where --map's name for the
        // field would be cut in its cell (fiscal_year, head_office).
        crate::i18n::Lang::En => match field {
            Field::FiscalYear => "year",
            Field::HeadOffice => "office",
            Field::FigureStatus => "status",
            other => other.english(),
        },
    }
}

pub fn render(p: &Preview, frame: &mut Frame) {
    let t = theme();
    let w = p.lang.reconciliation();
    let area = frame.area();
    frame.buffer_mut().set_style(area, t.base);
    let items = p.rec.items.len().min(5) + 1;
    let errors = u16::from(!p.rec.errors.is_empty());
    // The first warning too (a value left out, hidden rows read): the
    // file is written as they say.
    let warnings = u16::from(!p.rec.warnings.is_empty());
    let [title, grid, detail, totals, warning_line, error_line, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(2),
        Constraint::Length(u16::try_from(items).unwrap_or(6)),
        Constraint::Length(warnings),
        Constraint::Length(errors),
        Constraint::Length(1),
    ])
    .areas(area);
    render_title(p, w, frame, title);
    if let Some(sheet) = p.rec.sheets.get(p.sheet) {
        render_grid(p, sheet, frame, grid);
        render_detail(p, w, sheet, frame, detail);
    }
    render_totals(p, w, frame, totals);
    for (list, name, style, line) in [
        (&p.rec.warnings, w.warnings, t.notice, warning_line),
        (&p.rec.errors, w.errors, t.error, error_line),
    ] {
        if let Some(first) = list.first() {
            let text = format!("{name} ({}): {}", list.len(), first.within_file());
            let fitted = fit(&clean(&text), usize::from(line.width));
            frame.render_widget(Paragraph::new(fitted).style(style), line);
        }
    }
    let hint = if p.can_write() { w.preview_keys } else { w.preview_refused_keys };
    frame.render_widget(
        Paragraph::new(fit(hint, usize::from(keys.width))).style(t.status_line),
        keys,
    );
}

fn render_title(p: &Preview, w: &Words, frame: &mut Frame, area: Rect) {
    let t = theme();
    let sheet = p.rec.sheets.get(p.sheet);
    let name = sheet.and_then(|s| s.table.sheet.clone()).unwrap_or_default();
    let header = sheet
        .and_then(|s| s.layout.as_ref())
        .map(|l| format!("  {} {}", w.header_row, l.header_number))
        .unwrap_or_default();
    let count = fill(w.sheet_of, &[("n", &(p.sheet + 1)), ("count", &p.rec.sheets.len())]);
    // The sheet first: a long path is what gets cut.
    let file = std::path::Path::new(&p.rec.file)
        .file_name()
        .map_or_else(|| p.rec.file.clone(), |f| f.to_string_lossy().into_owned());
    let text = format!("{}  {name} ({count}){header}  {file}", w.preview_title);
    frame.render_widget(
        Paragraph::new(fit(&clean(&text), usize::from(area.width))).style(t.title),
        area,
    );
}

fn render_grid(p: &Preview, sheet: &SheetRead, frame: &mut Frame, area: Rect) {
    let t = theme();
    let height = usize::from(area.height).saturating_sub(1);
    let columns = usize::from(area.width).saturating_sub(NUMBER + TAG + 2) / (CELL + 1);
    let first = p.column;
    let last = first + columns.max(1);
    let mut lines = Vec::with_capacity(height + 1);
    // The columns' letters and the field each is read as.
    let mut head = vec![Span::styled(pad_right("", NUMBER + TAG + 2), t.header)];
    let width = sheet.table.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    for c in first..last.min(width) {
        let label = match sheet.field_of(c) {
            Some(f) => format!(
                "{} {}",
                column_letters(sheet.table.first_column + c),
                short_field(p.lang, f)
            ),
            None => column_letters(sheet.table.first_column + c),
        };
        let style = sheet.field_of(c).map_or(t.muted, |f| field_style(t, f));
        head.push(Span::styled(pad_right(&fit(&label, CELL), CELL + 1), style));
    }
    lines.push(Line::from(head));
    let top = p.row.saturating_sub(height.saturating_sub(1));
    for (i, row) in sheet.table.rows.iter().enumerate().skip(top).take(height) {
        let fate = p.rec.fate(p.sheet, i);
        let style = row_style(t, fate);
        let used = matches!(fate, Some(Fate::Used { .. } | Fate::StatedTotal { .. }));
        let mut spans = vec![
            Span::styled(pad_left(&row.number.to_string(), NUMBER), t.muted),
            Span::raw(" "),
            Span::styled(pad_right(tag(p.lang, fate), TAG), style),
            Span::raw(" "),
        ];
        for c in first..last.min(width) {
            let value = row.cells.get(c).map(Value::text).unwrap_or_default();
            let cell_style = match sheet.field_of(c) {
                Some(f) if used => field_style(t, f),
                Some(_) => style,
                None => t.muted,
            };
            let text = pad_right(&fit(&clean(&value.replace(['\n', '\r'], " ")), CELL), CELL + 1);
            spans.push(Span::styled(text, cell_style));
        }
        let mut line = Line::from(spans);
        if i == p.row {
            line = line.patch_style(t.selected);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_detail(p: &Preview, w: &Words, sheet: &SheetRead, frame: &mut Frame, area: Rect) {
    let t = theme();
    let Some(row) = sheet.table.rows.get(p.row) else { return };
    let fate = p.rec.fate(p.sheet, p.row);
    let text = match fate {
        Some(f) => format!("{} {}: {}", w.row, row.number, fate_text(w, f)),
        None => format!("{} {}", w.row, row.number),
    };
    let wrapped = crate::text::wrap(&clean(&text), usize::from(area.width));
    let lines: Vec<Line> = wrapped.into_iter().take(2).map(Line::from).collect();
    frame.render_widget(Paragraph::new(lines).style(row_style(t, fate)), area);
}

/// The columns a KPI's name keeps on a line of the totals, at the least.
const NAME_AT_LEAST: usize = 8;

fn render_totals(p: &Preview, w: &Words, frame: &mut Frame, area: Rect) {
    let t = theme();
    let max = usize::from(area.width);
    let mut lines = vec![Line::styled(fit(w.items, max), t.header)];
    for item in p.rec.items.iter().take(5) {
        let year = match p.lang {
            crate::i18n::Lang::Ja => item.fiscal_year.wareki(),
            crate::i18n::Lang::En => item.fiscal_year.0.to_string(),
        };
        let stated = item.stated.map(|s| format!("  {} {s}", w.stated_total)).unwrap_or_default();
        let companies = format!("  {} {}", w.companies, item.companies);
        let rest = format!(
            "  {} {}{stated}  → {}{}  {}",
            w.sum,
            item.sum_text(""),
            item.figure,
            item.unit,
            check_text(w, item.check)
        );
        // The check (一致, or what is left without a breakdown) ends the
        // line and is what it is for: the KPI's name gives way first, then
        // the count of companies, never the check (it was cut to 一…).
        let name = clean(&item.kpi_name);
        let line = |companies: &str| {
            let tail = clean(&format!(" {year}{companies}{rest}")).into_owned();
            let room = max.saturating_sub(crate::text::width(&tail)).max(NAME_AT_LEAST);
            (
                format!("{}{tail}", fit(&name, room)),
                crate::text::width(&tail) + NAME_AT_LEAST <= max,
            )
        };
        let (text, fits) = line(&companies);
        let text = if fits { text } else { line("").0 };
        lines.push(Line::from(fit(&text, max)));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
