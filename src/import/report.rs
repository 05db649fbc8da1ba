//! The reconciliation as Markdown: what `import actuals` prints and writes
//! with `--reconciliation FILE`. Every text from the file is escaped.

use std::fmt::Write;

use crate::export::markdown::escape;
use crate::i18n::reconciliation::Words;
use crate::i18n::{Lang, fill};

use super::layout::Field;
use super::reconciliation::{Check, Fate, Reconciliation, Skip};
use super::table::column_letters;

/// A field as the report names it: `値 (value)`.
#[must_use]
pub fn field_name(field: Field) -> String {
    format!("{} ({})", field.label(), field.english())
}

/// A row's fate in words.
#[must_use]
pub fn fate_text(w: &Words, fate: &Fate) -> String {
    match fate {
        Fate::Title => w.title_row.to_string(),
        Fate::Header => w.header_row_fate.to_string(),
        Fate::RepeatedHeader => w.repeated_header.to_string(),
        Fate::Used { .. } => w.used.to_string(),
        Fate::Subtotal { sums, .. } => {
            let rows: Vec<String> = sums.iter().map(ToString::to_string).collect();
            format!("{} ({})", w.subtotal, fill(w.subtotal_of, &[("rows", &rows.join(", "))]))
        }
        Fate::StatedTotal { .. } => w.stated.to_string(),
        Fate::Skipped(Skip::Hidden) => w.skipped_hidden.to_string(),
        Fate::Skipped(Skip::NoValue) => w.skipped_no_value.to_string(),
        Fate::Skipped(Skip::Note) => w.skipped_note.to_string(),
        Fate::Refused(m) => format!("{}: {m}", w.refused),
    }
}

/// The check of a stated total in words.
#[must_use]
pub fn check_text(w: &Words, check: Option<Check>) -> String {
    match check {
        None => String::new(),
        Some(Check::Equal) => w.check_equal.to_string(),
        Some(Check::Rest(q)) => fill(w.check_rest, &[("q", &q)]),
        Some(Check::Short(q)) => fill(w.check_short, &[("q", &q)]),
    }
}

fn year(lang: Lang, fy: crate::domain::fiscal::FiscalYear) -> String {
    match lang {
        Lang::Ja => format!("{} ({})", fy.wareki(), fy.0),
        Lang::En => fy.0.to_string(),
    }
}

/// The Markdown text of the reconciliation.
#[must_use]
pub fn markdown(rec: &Reconciliation, lang: Lang) -> String {
    let w = lang.reconciliation();
    let mut out = String::new();
    let title = if rec.errors.is_empty() { w.title } else { w.refused_title };
    let _ = writeln!(out, "# {title}\n");
    let _ = writeln!(out, "- {}: {}", w.file, escape(&rec.file));
    for sheet in &rec.sheets {
        let name = sheet.table.sheet.as_deref().map(escape).unwrap_or_default();
        let header = sheet
            .layout
            .as_ref()
            .map(|l| format!(" ({} {})", w.header_row, l.header_number))
            .unwrap_or_default();
        if !name.is_empty() || !header.is_empty() {
            let _ = writeln!(out, "- {}: {name}{header}", w.sheet);
        }
    }
    if !rec.not_read.is_empty() {
        let list: Vec<String> =
            rec.not_read.iter().map(|(n, why)| format!("{} ({why})", escape(n))).collect();
        let _ = writeln!(out, "- {}: {}", w.not_read, list.join(", "));
    }
    columns(&mut out, rec, w);
    rows(&mut out, rec, w);
    let _ = writeln!(out, "\n## {}\n", w.warnings);
    if rec.warnings.is_empty() {
        let _ = writeln!(out, "{}", w.none);
    }
    for warning in &rec.warnings {
        let _ = writeln!(out, "- {}", escape(&warning.within_file()));
    }
    if !rec.errors.is_empty() {
        let _ = writeln!(out, "\n## {}\n", w.errors);
        for error in &rec.errors {
            let _ = writeln!(out, "- {}", escape(&error.within_file()));
        }
    }
    items(&mut out, rec, w, lang);
    out
}

fn columns(out: &mut String, rec: &Reconciliation, w: &Words) {
    let _ = writeln!(out, "\n## {}\n", w.columns);
    let many = rec.sheets.len() > 1;
    if many {
        let _ = writeln!(out, "| {} | {} | {} | {} |", w.sheet, w.column, w.header, w.field);
        let _ = writeln!(out, "|---|---|---|---|");
    } else {
        let _ = writeln!(out, "| {} | {} | {} |", w.column, w.header, w.field);
        let _ = writeln!(out, "|---|---|---|");
    }
    for sheet in &rec.sheets {
        let Some(layout) = &sheet.layout else { continue };
        for (c, header) in layout.headers.iter().enumerate() {
            let hidden = sheet.table.column_hidden(c);
            if header.is_empty() && !hidden && layout.field_of(c).is_none() {
                continue;
            }
            let mut field = match layout.field_of(c) {
                Some(f) => field_name(f),
                None if layout.left_out.binary_search(&c).is_ok() && !hidden => {
                    w.left_out.to_string()
                }
                None if layout.unit_column == Some(c) => w.unit_checked.to_string(),
                None => w.not_used.to_string(),
            };
            if hidden {
                field.push_str(&format!(" ({})", w.hidden));
            }
            let letters = column_letters(sheet.table.first_column + c);
            let name = sheet.table.sheet.as_deref().map(escape).unwrap_or_default();
            if many {
                let _ = writeln!(out, "| {name} | {letters} | {} | {field} |", escape(header));
            } else {
                let _ = writeln!(out, "| {letters} | {} | {field} |", escape(header));
            }
        }
    }
}

fn rows(out: &mut String, rec: &Reconciliation, w: &Words) {
    let _ = writeln!(out, "\n## {}\n", w.rows);
    let c = rec.counts();
    // English counts with their nouns (`1 subtotal`); the Japanese take
    // the numbers alone.
    let read_rows = crate::i18n::count_en(c.read, "row", "rows");
    let subtotals = crate::i18n::count_en(c.subtotal, "subtotal", "subtotals");
    let stated_totals = crate::i18n::count_en(c.stated, "stated total", "stated totals");
    let others = crate::i18n::count_en(c.other, "title or header", "titles and headers");
    let _ = writeln!(
        out,
        "{}\n",
        fill(
            w.counts,
            &[
                ("read", &c.read),
                ("used", &c.used),
                ("subtotal", &c.subtotal),
                ("stated", &c.stated),
                ("skipped", &c.skipped),
                ("refused", &c.refused),
                ("other", &c.other),
                ("read_rows", &read_rows),
                ("subtotals", &subtotals),
                ("stated_totals", &stated_totals),
                ("others", &others),
            ],
        )
    );
    let listed: Vec<_> = rec
        .rows
        .iter()
        .filter(|r| !matches!(r.fate, Fate::Used { .. } | Fate::Header | Fate::Title))
        .collect();
    if listed.is_empty() {
        return;
    }
    let _ = writeln!(out, "| {} | {} | {} | {} |", w.sheet, w.row, w.fate, w.content);
    let _ = writeln!(out, "|---|---|---|---|");
    for r in listed {
        let sheet = rec.sheet_name(r.sheet).map(escape).unwrap_or_default();
        let content = rec
            .sheets
            .get(r.sheet)
            .and_then(|s| s.table.rows.get(r.index))
            .map(|row| {
                let mut text = String::new();
                for t in row.cells.iter().map(super::table::Value::text).filter(|t| !t.is_empty()) {
                    let _ = write!(text, "「{}」", t.chars().take(24).collect::<String>());
                }
                text
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {sheet} | {} | {} | {} |",
            r.number,
            escape(&fate_text(w, &r.fate)),
            escape(&content)
        );
    }
}

fn items(out: &mut String, rec: &Reconciliation, w: &Words, lang: Lang) {
    let _ = writeln!(out, "\n## {}\n", w.items);
    if rec.items.is_empty() {
        let _ = writeln!(out, "{}", w.none);
        return;
    }
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} |",
        w.kpi, w.fiscal_year, w.companies, w.sum, w.stated_total, w.figure, w.check
    );
    let _ = writeln!(out, "|---|---|--:|--:|--:|--:|---|");
    for item in &rec.items {
        let unit = escape(&item.unit);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {}{unit} | {} |",
            escape(&item.kpi_name),
            year(lang, item.fiscal_year),
            item.companies,
            item.sum_text(&unit),
            item.stated.map(|s| format!("{s}{unit}")).unwrap_or_default(),
            item.figure,
            check_text(w, item.check)
        );
    }
}
