//! `kpi-council summary`: the KPI × fiscal-year table as text, CSV or JSON.

use crate::export::safe;
use std::io::Write;

use serde::Serialize;

use crate::cli::Format;
use crate::domain::achievement::Rate;
use crate::domain::dataset::Dataset;
use crate::domain::fiscal::FiscalYear;
use crate::domain::plan::years_list;
use crate::domain::quantity::Quantity;
use crate::i18n::Lang;
use crate::text::{clean, pad_left, pad_right, width};

use super::UserError;
use crate::i18n::tr;

/// One KPI × fiscal year, as scripts read it.
#[derive(Debug, Serialize)]
pub struct Row {
    /// The KPI's name as in the plan.
    pub kpi: String,
    pub kpi_id: String,
    pub unit: String,
    /// 単年度, 累計, 水準 or 率 (English words with `--lang en`).
    pub kind: String,
    /// `annual`, `cumulative`, `level` or `rate`.
    pub kind_code: &'static str,
    /// `higher` (rate = actual ÷ target) or `lower` (target ÷ actual).
    pub better_code: &'static str,
    /// The 西暦 year the fiscal year starts.
    pub fiscal_year: i32,
    /// The fiscal year in 和暦: 平成30年度.
    pub fiscal_year_wareki: String,
    pub target: Option<Quantity>,
    pub actual: Option<Quantity>,
    /// Percent with one decimal, cut not rounded.
    pub rate: Option<Rate>,
    pub status: String,
    pub status_code: &'static str,
}

#[derive(Debug, Serialize)]
struct Total {
    kpi: String,
    kpi_id: String,
    unit: String,
    kind: String,
    kind_code: &'static str,
    better_code: &'static str,
    /// The rule that made the figure: 計画期間（合計）, 計画期間（最終年度の値）…
    rule: &'static str,
    /// `sum`, `final_running_total` or `final_value`.
    rule_code: &'static str,
    /// For a final-year rule, the year the figures are taken from.
    fiscal_year: Option<i32>,
    fiscal_year_wareki: Option<String>,
    /// The value the KPI started from, beside the targets (never one).
    baseline: Option<Quantity>,
    /// Its label as the plan writes it: 事業開始前（現時点）, 基準値.
    baseline_label: Option<String>,
    target: Option<Quantity>,
    actual: Option<Quantity>,
    rate: Option<Rate>,
    status: String,
    status_code: &'static str,
    /// A sum's years with an actual but no target, not in the sum.
    left_out_years: Vec<i32>,
    /// A sum's years with a target but no actual: the sum has no actual.
    missing_years: Vec<i32>,
    /// Both, said in words.
    note: Option<String>,
}

#[derive(Debug, Serialize)]
struct Report<'a> {
    plan: &'a str,
    author: &'a str,
    sample: bool,
    items: &'a [Row],
    plan_period_totals: Vec<Total>,
}

/// Parses `--fy` and checks it is one of the plan's years.
pub fn parse_fy(data: &Dataset, text: &str) -> Result<FiscalYear, UserError> {
    let fy = FiscalYear::parse(text).ok_or_else(|| {
        UserError(tr(
            format!(
                "--fy {text:?}: 年度は 2018、2018年度、平成30年度、H30 のように指定してください"
            ),
            format!(
                "--fy {text:?}: expected a fiscal year such as 2018, 2018年度, 平成30年度 or H30"
            ),
        ))
    })?;
    if data.plan.year_index(fy).is_none() {
        let (y, years) = (fy.0, years_list(&data.plan.fiscal_years));
        return Err(UserError(tr(
            format!(
                "--fy {text:?}: {y}年度は計画にありません。次のいずれかを指定してください: {years}"
            ),
            format!("--fy {text:?}: fiscal year {y} is not in the plan; expected one of: {years}"),
        )));
    }
    Ok(fy)
}

/// The rows, in agenda order, optionally for one fiscal year only.
#[must_use]
pub fn rows(data: &Dataset, lang: Lang, kpi: Option<usize>, fy: Option<FiscalYear>) -> Vec<Row> {
    data.ledger
        .cells()
        .iter()
        .filter(|c| fy.is_none_or(|f| f == c.fiscal_year) && kpi.is_none_or(|k| k == c.kpi))
        .filter_map(|c| {
            let kpi = data.plan.kpis.get(c.kpi)?;
            let a = c.achievement;
            Some(Row {
                kpi: kpi.name.clone(),
                kpi_id: kpi.id.clone(),
                unit: kpi.unit.clone(),
                kind: lang.kpi_kind_of(kpi),
                kind_code: kpi.kind.code(),
                better_code: kpi.better().code(),
                fiscal_year: c.fiscal_year.0,
                fiscal_year_wareki: c.fiscal_year.wareki(),
                target: c.target,
                actual: c.actual,
                rate: a.rate,
                status: lang.status(a.status).to_string(),
                status_code: a.status.code(),
            })
        })
        .collect()
}

/// The index of a KPI named by `--kpi`: its id or name exactly as the
/// plan writes it, else typed with other widths or spaces
/// (`関係人口(延べ滞在日数)` for `関係人口（延べ滞在日数）`) when that
/// names one KPI only.
pub fn parse_kpi(data: &Dataset, id: &str) -> Result<usize, UserError> {
    let kpis = &data.plan.kpis;
    if let Some(i) = data.plan.kpi_index(id).or_else(|| kpis.iter().position(|k| k.name == id)) {
        return Ok(i);
    }
    let key = crate::domain::normalize::name_key(id);
    let matches: Vec<usize> = (0..kpis.len())
        .filter(|&i| {
            let k = &kpis[i];
            crate::domain::normalize::name_key(&k.id) == key
                || crate::domain::normalize::name_key(&k.name) == key
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => {
            let ids: Vec<&str> = kpis.iter().map(|k| k.id.as_str()).collect();
            let ids = ids.join(", ");
            Err(UserError(tr(
                format!(
                    "--kpi {id:?}: その KPI はありません。次のいずれかを指定してください: {ids}"
                ),
                format!("--kpi {id:?}: unknown KPI id; expected one of: {ids}"),
            )))
        }
        many => {
            let ids: Vec<&str> = many.iter().map(|&i| kpis[i].id.as_str()).collect();
            let ids = ids.join(", ");
            Err(UserError(tr(
                format!("--kpi {id:?} は複数の KPI（{ids}）に当たります。正確に書いてください"),
                format!("--kpi {id:?} matches more than one KPI ({ids}); write it exactly"),
            )))
        }
    }
}

pub fn run(
    data: &Dataset,
    lang: Lang,
    kpi: Option<&str>,
    fy: Option<FiscalYear>,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), crate::error::Error> {
    let kpi = kpi.map(|k| parse_kpi(data, k)).transpose()?;
    let rows = rows(data, lang, kpi, fy);
    let written = match format {
        // The workbook is built from the CSV.
        Format::Csv | Format::Xlsx => write_csv(&rows, out),
        Format::Json => {
            let mut buffer = Vec::new();
            write_json(data, lang, &rows, &mut buffer).and_then(|()| {
                out.write_all(safe::json(&String::from_utf8_lossy(&buffer)).as_bytes())
            })
        }
        Format::Table => safe::to_terminal(out, |out| {
            write_table(data, lang, &rows, fy.is_none() && kpi.is_none(), out)
        }),
    };
    written.map_err(crate::error::Error::Output)
}

fn write_csv(rows: &[Row], out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "kpi",
        "kpi_id",
        "unit",
        "fiscal_year",
        "fiscal_year_wareki",
        "target",
        "actual",
        "rate",
        "status",
        "status_code",
        "kind",
        "kind_code",
        "better_code",
    ])?;
    for r in rows {
        let fy = r.fiscal_year.to_string();
        // Text from the plan: never a formula in a spreadsheet.
        w.write_record([
            safe::csv(&r.kpi).as_str(),
            &safe::csv(&r.kpi_id),
            &safe::csv(&r.unit),
            &fy,
            &r.fiscal_year_wareki,
            &r.target.map(Quantity::plain).unwrap_or_default(),
            &r.actual.map(Quantity::plain).unwrap_or_default(),
            &r.rate.map(Rate::plain).unwrap_or_default(),
            &r.status,
            r.status_code,
            &r.kind,
            r.kind_code,
            r.better_code,
        ])?;
    }
    w.flush()
}

fn write_json(
    data: &Dataset,
    lang: Lang,
    rows: &[Row],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let totals = data
        .plan
        .kpis
        .iter()
        .enumerate()
        .filter_map(|(k, kpi)| {
            let t = data.ledger.total(k)?;
            Some(Total {
                kpi: kpi.name.clone(),
                kpi_id: kpi.id.clone(),
                unit: kpi.unit.clone(),
                kind: lang.kpi_kind_of(kpi),
                kind_code: kpi.kind.code(),
                better_code: kpi.better().code(),
                rule: lang.period_rule(t.rule),
                rule_code: t.rule.code(),
                fiscal_year: t.year.map(|y| y.0),
                fiscal_year_wareki: t.year.map(FiscalYear::wareki),
                baseline: kpi.baseline.as_ref().map(|b| b.value),
                baseline_label: kpi.baseline.as_ref().map(|b| b.label.clone()),
                target: t.target,
                actual: t.actual,
                rate: t.achievement.rate,
                status: lang.status(t.achievement.status).to_string(),
                status_code: t.achievement.status.code(),
                left_out_years: t.left_out.iter().map(|y| y.0).collect(),
                missing_years: t.missing.iter().map(|y| y.0).collect(),
                note: lang.period_note(t),
            })
        })
        .collect();
    let report = Report {
        plan: &data.plan.name,
        author: &data.plan.author,
        sample: data.is_sample(),
        items: rows,
        plan_period_totals: totals,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

fn write_table(
    data: &Dataset,
    lang: Lang,
    rows: &[Row],
    with_totals: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let t = lang.texts();
    let plan = &data.plan;
    let sample = if data.is_sample() { format!("  [{}]", t.sample) } else { String::new() };
    writeln!(out, "{}（{}）{sample}", clean(&plan.name), clean(&plan.author))?;
    let show = |q: Option<Quantity>, unit: &str| lang.figure(q, unit);
    let show_rate = |r: Option<Rate>| lang.rate(r);
    let mut table: Vec<[String; 7]> = vec![[
        t.kpi.into(),
        lang.kpi_kind_heading().into(),
        t.fiscal_year.into(),
        t.target.into(),
        t.actual.into(),
        t.rate.into(),
        t.status.into(),
    ]];
    for r in rows {
        let fy = lang.fiscal_year(FiscalYear(r.fiscal_year));
        table.push([
            clean(&r.kpi).into_owned(),
            r.kind.clone(),
            fy,
            show(r.target, &r.unit),
            show(r.actual, &r.unit),
            show_rate(r.rate),
            r.status.clone(),
        ]);
    }
    let mut notes = Vec::new();
    if with_totals {
        for (k, kpi) in plan.kpis.iter().enumerate() {
            let Some(total) = data.ledger.total(k) else { continue };
            // The rule that made the figure, and for a final-year rule its
            // year; what a sum leaves out is said below the table.
            let mut rule = lang.period_label(total);
            if let Some(note) = lang.period_note(total) {
                rule.push_str(lang.note_mark());
                notes.push(format!("{} {}: {note}", lang.note_mark(), clean(&kpi.name)));
            }
            table.push([
                clean(&kpi.name).into_owned(),
                lang.kpi_kind_of(kpi),
                rule,
                show(total.target, &kpi.unit),
                show(total.actual, &kpi.unit),
                show_rate(total.achievement.rate),
                lang.status(total.achievement.status).into(),
            ]);
        }
    }
    let mut widths = [0usize; 7];
    for row in &table {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    for row in &table {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            // Names and years read left to right; numbers line up on the right.
            if (3..=5).contains(&i) {
                line.push_str(&pad_left(cell, w));
            } else {
                line.push_str(&pad_right(cell, w));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    for note in notes {
        writeln!(out, "{note}")?;
    }
    Ok(())
}
