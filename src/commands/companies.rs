//! `kpi-council summary --companies`: the companies behind each number, as
//! the drill-down screen shows them, for scripts.

use crate::export::safe;
use std::io::Write;

use serde::Serialize;

use crate::cli::Format;
use crate::domain::breakdown::{Filter, Share, SortKey, select};
use crate::domain::company::CompanyKind;
use crate::domain::dataset::Dataset;
use crate::domain::fiscal::FiscalYear;
use crate::domain::quantity::Quantity;
use crate::i18n::Lang;
use crate::text::{clean, pad_left, pad_right, width};

/// One contribution, or the part of a stated total without a breakdown.
#[derive(Debug, Clone, Serialize)]
pub struct CompanyRow {
    pub kpi: String,
    pub kpi_id: String,
    pub unit: String,
    pub fiscal_year: i32,
    pub fiscal_year_wareki: String,
    /// `contribution`, or `unexplained` for the rest of a stated total.
    pub row_type: &'static str,
    pub company: String,
    pub company_id: String,
    pub head_office: String,
    pub kind: String,
    pub kind_code: &'static str,
    pub value: Quantity,
    /// Percent of the item's actual, one decimal, rounded.
    pub share: Option<Share>,
    pub date: Option<chrono::NaiveDate>,
    pub note: String,
    /// The fiscal year the contribution (or stated total) was made in: the
    /// item's year, or an earlier one behind a 累計 running total.
    pub contributed_in: i32,
    pub contributed_in_wareki: String,
}

#[derive(Debug, Serialize)]
struct Item {
    kpi: String,
    kpi_id: String,
    unit: String,
    fiscal_year: i32,
    fiscal_year_wareki: String,
    actual: Option<Quantity>,
    contributed: Quantity,
    /// The breakdown adds up to more than the stated total.
    breakdown_exceeds_stated: bool,
    rows: Vec<CompanyRow>,
}

fn kind_code(kind: CompanyKind) -> &'static str {
    match kind {
        CompanyKind::Metro => "metro",
        CompanyKind::Local => "local",
        CompanyKind::University => "university",
        CompanyKind::Other => "other",
    }
}

fn items(data: &Dataset, lang: Lang, kpi: Option<usize>, fy: Option<FiscalYear>) -> Vec<Item> {
    data.ledger
        .cells()
        .iter()
        .filter(|c| kpi.is_none_or(|k| k == c.kpi) && fy.is_none_or(|f| f == c.fiscal_year))
        .filter_map(|cell| {
            let k = data.plan.kpis.get(cell.kpi)?;
            let base = |row_type| CompanyRow {
                kpi: k.name.clone(),
                kpi_id: k.id.clone(),
                unit: k.unit.clone(),
                fiscal_year: cell.fiscal_year.0,
                fiscal_year_wareki: cell.fiscal_year.wareki(),
                row_type,
                company: String::new(),
                company_id: String::new(),
                head_office: String::new(),
                kind: String::new(),
                kind_code: "",
                value: Quantity::ZERO,
                share: None,
                date: None,
                note: String::new(),
                contributed_in: cell.fiscal_year.0,
                contributed_in_wareki: cell.fiscal_year.wareki(),
            };
            let share = |v| cell.actual.and_then(|a| Share::of(v, a));
            let mut rows: Vec<CompanyRow> =
                select(&data.actuals, &data.keys, cell, &Filter::default(), SortKey::Value)
                    .into_iter()
                    .map(|i| {
                        let c = &data.actuals.contributions[i];
                        let co = data.keys.company(i).and_then(|p| data.actuals.companies.get(p));
                        let mut row = base("contribution");
                        row.company =
                            co.map_or_else(|| c.company.to_string(), |co| co.name.clone());
                        row.company_id = c.company.to_string();
                        row.head_office = co.map(|co| co.head_office.clone()).unwrap_or_default();
                        row.kind =
                            co.map(|co| lang.company_kind(co.kind).to_string()).unwrap_or_default();
                        row.kind_code = co.map_or("", |co| kind_code(co.kind));
                        row.value = c.value;
                        row.share = share(c.value);
                        row.date = c.date;
                        row.note = c.note.to_string();
                        row.contributed_in = c.fiscal_year.0;
                        row.contributed_in_wareki = c.fiscal_year.wareki();
                        row
                    })
                    .collect();
            let gap = cell.unexplained().filter(|g| !g.is_zero() && !g.is_negative());
            if let Some(gap) = gap {
                let mut row = base("unexplained");
                row.value = gap;
                row.share = share(gap);
                let stated = cell.stated.and_then(|i| data.actuals.stated_totals.get(i));
                row.note = stated.map(|s| s.source.clone()).unwrap_or_default();
                if let Some(s) = stated {
                    row.contributed_in = s.fiscal_year.0;
                    row.contributed_in_wareki = s.fiscal_year.wareki();
                }
                rows.push(row);
            }
            Some(Item {
                kpi: k.name.clone(),
                kpi_id: k.id.clone(),
                unit: k.unit.clone(),
                fiscal_year: cell.fiscal_year.0,
                fiscal_year_wareki: cell.fiscal_year.wareki(),
                actual: cell.actual,
                contributed: cell.contributed,
                breakdown_exceeds_stated: cell.unexplained().is_some_and(Quantity::is_negative),
                rows,
            })
        })
        .collect()
}

pub fn run(
    data: &Dataset,
    lang: Lang,
    kpi: Option<&str>,
    fy: Option<FiscalYear>,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), crate::error::Error> {
    let kpi = kpi.map(|k| super::summary::parse_kpi(data, k)).transpose()?;
    let items = items(data, lang, kpi, fy);
    let written = match format {
        // The workbook is built from the CSV.
        Format::Csv | Format::Xlsx => write_csv(&items, out),
        Format::Json => serde_json::to_string_pretty(&items)
            .map_err(std::io::Error::other)
            .and_then(|text| writeln!(out, "{}", safe::json(&text))),
        Format::Table => safe::to_terminal(out, |out| write_table(data, lang, &items, out)),
    };
    written.map_err(crate::error::Error::Output)
}

fn write_csv(items: &[Item], out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    for item in items {
        for row in &item.rows {
            // Text from the files: never a formula in a spreadsheet.
            let safe = CompanyRow {
                kpi: safe::csv(&row.kpi),
                kpi_id: safe::csv(&row.kpi_id),
                unit: safe::csv(&row.unit),
                company: safe::csv(&row.company),
                company_id: safe::csv(&row.company_id),
                head_office: safe::csv(&row.head_office),
                note: safe::csv(&row.note),
                ..row.clone()
            };
            w.serialize(safe)?;
        }
    }
    if items.iter().all(|i| i.rows.is_empty()) {
        // Keep the header even when nothing matched, so scripts can read it.
        w.write_record([
            "kpi",
            "kpi_id",
            "unit",
            "fiscal_year",
            "fiscal_year_wareki",
            "row_type",
            "company",
            "company_id",
            "head_office",
            "kind",
            "kind_code",
            "value",
            "share",
            "date",
            "note",
            "contributed_in",
            "contributed_in_wareki",
        ])?;
    }
    w.flush()
}

fn write_table(
    data: &Dataset,
    lang: Lang,
    items: &[Item],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let t = lang.texts();
    if data.is_sample() {
        writeln!(out, "[{}]", t.sample)?;
    }
    for item in items {
        let actual =
            item.actual.map_or_else(|| t.no_value.to_string(), |a| format!("{a}{}", item.unit));
        writeln!(
            out,
            "\n{} {}  {} {actual}",
            clean(&item.kpi),
            lang.fiscal_year(FiscalYear(item.fiscal_year)),
            t.actual
        )?;
        if item.rows.is_empty() {
            writeln!(out, "  {}", t.no_companies)?;
            continue;
        }
        let mut cells: Vec<[String; 7]> = item
            .rows
            .iter()
            .map(|r| {
                let name = if r.row_type == "unexplained" {
                    t.unexplained_row.to_string()
                } else {
                    clean(&r.company).into_owned()
                };
                [
                    name,
                    clean(&r.head_office).into_owned(),
                    r.kind.clone(),
                    format!("{}{}", r.value, r.unit),
                    r.share.map(|s| s.to_string()).unwrap_or_default(),
                    {
                        let date = r.date.map(|d| lang.short_date(d)).unwrap_or_default();
                        // Behind a running total: the year it was added in.
                        if r.contributed_in == item.fiscal_year {
                            date
                        } else {
                            format!(
                                "{} {date}",
                                lang.fiscal_year_short(FiscalYear(r.contributed_in))
                            )
                            .trim_end()
                            .to_string()
                        }
                    },
                    clean(&r.note).into_owned(),
                ]
            })
            .collect();
        let total_share = if item.actual.is_some_and(|a| !a.is_zero()) { "100.0%" } else { "" };
        cells.push([
            t.total.to_string(),
            String::new(),
            String::new(),
            actual.clone(),
            total_share.to_string(),
            String::new(),
            String::new(),
        ]);
        let mut widths = [0usize; 7];
        for row in &cells {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(c));
            }
        }
        for row in &cells {
            let mut line = String::from("  ");
            for (i, (c, w)) in row.iter().zip(widths).enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                line.push_str(&if (3..=4).contains(&i) { pad_left(c, w) } else { pad_right(c, w) });
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        if item.breakdown_exceeds_stated {
            writeln!(out, "  ! {}: {}{}", t.breakdown_excess, item.contributed, item.unit)?;
        }
    }
    Ok(())
}
