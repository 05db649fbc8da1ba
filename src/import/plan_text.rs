//! The plan from the text of its 地域再生計画 document, in the templates
//! of 2016–2023, as PDF-to-text leaves it: spaces inside words (`I C T`),
//! full-width digits, tabs or runs of spaces between columns, headings
//! whose number stands on its own line, wrapped names, rows split over
//! lines, footnote marks, furigana. Hand-written because the template is
//! a Japanese government form no library knows.
//!
//! The parts, each in its module: [`lines`] (the text as written and
//! folded), [`headings`] (the numbered sections), [`dates`] (和暦 and 西暦,
//! 平成32年), [`tables`] and [`cells`] (both KPI table layouts),
//! [`kinds`] (which kind each KPI is, and why), [`evaluation`] (who
//! evaluates, when). Names are stored exactly as published; folding is for
//! matching only. What cannot be read is reported by line; nothing is
//! dropped silently.

mod cells;
mod dates;
mod evaluation;
mod headings;
pub mod kinds;
mod lines;
mod tables;

use std::collections::BTreeMap;
use std::fmt;

use crate::domain::fiscal::FiscalYear;
use crate::domain::normalize::name_key;
use crate::domain::plan::{
    Baseline, JudgmentCategories, Kpi, KpiKind, Money, PLAN_VERSION, Plan, PlanPeriod, Thresholds,
};
use crate::domain::quantity::Quantity;

use headings::Heading;
use kinds::{Layout, Override};
use lines::Line;
use tables::{Legend, RowName, Table, TableRow};

pub use lines::squeeze;

/// Something in the text that could not be read, or (as a warning) was
/// not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

impl TextError {
    #[must_use]
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        TextError { line: Some(line), message: message.into() }
    }

    #[must_use]
    pub fn whole(message: impl Into<String>) -> Self {
        TextError { line: None, message: message.into() }
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// What the user chose on the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--kind "KPI名=累計"`.
    pub kinds: Vec<Override>,
}

/// What was read about one KPI, for the report `import plan` prints.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiReport {
    pub line: usize,
    pub name: String,
    pub kind: KpiKind,
    pub unit: String,
    pub baseline: Option<Baseline>,
    /// Every fiscal year of the plan with the target (`None`: "-").
    pub targets: Vec<(FiscalYear, Option<Quantity>)>,
    /// Why the kind: the word, unit or column, or `--kind`.
    pub why: String,
    /// How the targets were made from the table, when not as written.
    pub formed: Option<String>,
}

/// A plan read from its text, with the report and the warnings.
#[derive(Debug, Clone)]
pub struct Imported {
    pub plan: Plan,
    pub kpis: Vec<KpiReport>,
    /// What the plan does not say (shown as 未設定) or looks like a slip.
    pub warnings: Vec<TextError>,
}

/// Reads a plan from its text with the kinds as inferred.
pub fn parse(text: &str) -> Result<Plan, Vec<TextError>> {
    import(text, &Options::default()).map(|i| i.plan)
}

/// `32,000千円` → 32000 and 千円.
fn money(text: &str) -> Option<Money> {
    let t: String = lines::fold(text).chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_start_matches([':', '：']);
    let digits_end = t.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))?;
    let amount = Quantity::parse(&t[..digits_end]).ok()?;
    let unit: String =
        t[digits_end..].chars().take_while(|c| !matches!(c, '(' | '（' | '、' | '。')).collect();
    (!unit.is_empty()).then_some(Money { amount, unit })
}

/// The first heading whose title passes `pred`, as the plan writes it
/// (`2. 策定主体の名称`), and the first paragraph under it.
fn section(
    lines: &[Line],
    headings: &[Heading],
    pred: impl Fn(&str) -> bool,
) -> (Option<String>, Option<(usize, String)>) {
    match headings::find(headings, |h| pred(&h.title)) {
        Some(h) => {
            (Some(format!("{} {}", h.number, h.title)), headings::paragraph(lines, headings, h))
        }
        None => (None, None),
    }
}

const DATE_HELP: &str =
    "西暦 and 和暦 dates are both accepted (2025年3月31日, 令和7年3月31日, 平成32年3月31日)";

/// 計画期間 (or, failing it, 事業実施期間): the text before the end date and the date.
fn read_period(
    lines: &[Line],
    headings: &[Heading],
    errors: &mut Vec<TextError>,
) -> Option<PlanPeriod> {
    let (found, para) = section(lines, headings, |t| t.starts_with("計画期間"));
    let (found, para) = if para.is_some() {
        (found, para)
    } else {
        let (f, p) = section(lines, headings, |t| t.contains("事業実施期間"));
        (found.or(f), p)
    };
    let Some((line, text)) = para else {
        errors.push(TextError::whole(match found {
            Some(h) => format!(
                "「{h}」 has no text under it; expected the period, such as 地域再生計画認定の日から令和7年3月31日まで"
            ),
            None => "could not find 「6 計画期間」 (or 「事業実施期間」); expected the heading and the period under it, such as 地域再生計画認定の日から令和7年3月31日まで".to_string(),
        }));
        return None;
    };
    // Positions in the folded text are those of the written one.
    let folded: String = lines::fold(&text);
    let Some(last) = dates::dates_in(&folded).pop() else {
        errors.push(TextError::at(
            line,
            format!(
                "the plan period needs its end date; {DATE_HELP}; this line has no date: 「{text}」"
            ),
        ));
        return None;
    };
    let start: String = text.chars().take(last.start).collect();
    let start = start.trim().trim_end_matches(['、', ',']).trim().to_string();
    Some(PlanPeriod { start, end: last.date })
}

/// The grant the plan uses: `地方創生推進交付金【A3007】`.
fn read_grant(lines: &[Line]) -> Option<String> {
    lines.iter().map(|l| squeeze(&l.raw)).find(|t| {
        t.contains("交付金") && t.contains('【') && t.ends_with('】') && t.chars().count() < 40
    })
}

fn read_total_cost(lines: &[Line]) -> Option<Money> {
    lines.iter().find_map(|l| {
        let (_, rest) = l.folded.split_once("総事業費")?;
        money(rest)
    })
}

/// The lines where a KPI table begins: 【数値目標】, 重要業績評価指標（KPI）及び目標年月.
fn table_starts(lines: &[Line]) -> Vec<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            let k = l.key();
            !k.contains('。')
                && (k.contains("数値目標")
                    || (k.contains("重要業績評価指標")
                        && (k.contains("目標年月") || k.contains("KPI"))))
        })
        .map(|(i, _)| i)
        .collect()
}

/// A KPI gathered from the tables, before its kind is applied.
struct Gathered {
    row: TableRow,
    layout: Layout,
    baseline_label: Option<String>,
}

/// Resolves legend labels to names and merges the tables: the same KPI in
/// two tables must say the same.
fn gather(
    tables: Vec<Table>,
    legends: &[(usize, Legend)],
    errors: &mut Vec<TextError>,
) -> (Vec<Gathered>, Vec<FiscalYear>) {
    let mut out: Vec<Gathered> = Vec::new();
    let mut years: Vec<FiscalYear> = Vec::new();
    for table in tables {
        for fy in &table.years {
            if !years.contains(fy) {
                years.push(*fy);
            }
        }
        for mut row in table.rows {
            match tables::row_label(&row.name) {
                Some(RowName::Label(label, unit)) => {
                    match legends.iter().find(|(_, g)| g.label == label) {
                        Some((_, g)) => {
                            row.name.clone_from(&g.name);
                            if row.unit.is_empty() {
                                row.unit = if unit.is_empty() { g.unit.clone() } else { unit };
                            }
                        }
                        None => {
                            errors.push(TextError::at(
                                row.line,
                                format!(
                                    "the row 「{}」 has no legend line giving its name; expected a line such as ＫＰＩ{label} 移住者数（単位：人）",
                                    row.name
                                ),
                            ));
                            continue;
                        }
                    }
                }
                Some(RowName::LabelAndName(label, name)) => {
                    row.name = name;
                    if row.unit.is_empty()
                        && let Some((_, g)) = legends.iter().find(|(_, g)| g.label == label)
                    {
                        row.unit.clone_from(&g.unit);
                    }
                }
                None => {}
            }
            let key = name_key(&row.name);
            match out.iter().find(|g| name_key(&g.row.name) == key) {
                Some(known) => {
                    let same = known.row.values == row.values
                        && known.row.baseline == row.baseline
                        && (row.unit.is_empty() || known.row.unit == row.unit)
                        && known.layout == table.layout;
                    if !same {
                        errors.push(TextError::at(
                            row.line,
                            format!(
                                "the targets of 「{}」 here differ from those on line {}",
                                row.name, known.row.line
                            ),
                        ));
                    }
                }
                None => out.push(Gathered {
                    row,
                    layout: table.layout,
                    baseline_label: table.baseline_label.clone(),
                }),
            }
        }
    }
    years.sort();
    (out, years)
}

/// The targets of a KPI by its kind, from the values its table gives, and
/// how they were made when not as written.
fn targets(
    g: &Gathered,
    kind: KpiKind,
    years: &[FiscalYear],
) -> Result<(BTreeMap<FiscalYear, Quantity>, Option<String>), String> {
    let row = &g.row;
    if g.layout == Layout::Targets {
        return Ok((row.values.clone(), None));
    }
    let sum = row.values.values().fold(Quantity::ZERO, |a, v| a.saturating_add(*v));
    if let Some(total) = row.total
        && total != sum
    {
        return Err(format!(
            "「{}」: the KPI増加分の累計 column says {total} but the yearly 増加分 add up to {sum}",
            row.name
        ));
    }
    let running = |start: Quantity| -> BTreeMap<FiscalYear, Quantity> {
        let mut acc = start;
        let mut out = BTreeMap::new();
        for fy in years {
            if let Some(v) = row.values.get(fy) {
                acc = acc.saturating_add(*v);
                out.insert(*fy, acc);
            }
        }
        out
    };
    let label = g.baseline_label.as_deref().unwrap_or("事業開始前");
    match kind {
        KpiKind::Annual => Ok((row.values.clone(), Some("each year's 増加分 as written".into()))),
        KpiKind::Cumulative => Ok((
            running(Quantity::ZERO),
            Some("the running sums of the yearly 増加分 (the last is the KPI増加分の累計)".into()),
        )),
        KpiKind::Level | KpiKind::Rate => match row.baseline {
            Some(b) => Ok((
                running(b),
                Some(format!(
                    "{label} {b} plus the 増加分 so far: the level at the end of each year"
                )),
            )),
            None => Err(format!(
                "「{}」 is a {} KPI in a table of 増加分, so each year's target is {label} plus the 増加分 so far, but {label} has no value; give it, or --kind \"{}=累計\" to compare the 増加分 themselves",
                row.name,
                kind.japanese(),
                row.name
            )),
        },
    }
}

/// Each KPI with its kind (inferred or given) and its targets by that
/// kind, and the report of what was inferred.
fn kpis(
    gathered: &[Gathered],
    fiscal_years: &[FiscalYear],
    options: &Options,
    errors: &mut Vec<TextError>,
    warnings: &mut Vec<TextError>,
) -> (Vec<Kpi>, Vec<KpiReport>) {
    let mut kpis = Vec::new();
    let mut reports = Vec::new();
    for g in gathered {
        let row = &g.row;
        let inferred = kinds::infer(&row.name, &row.unit, g.layout);
        let (kind, why) = match kinds::override_for(&options.kinds, &row.name) {
            Some(o) => (
                o.kind,
                format!("--kind (inferred: {}, {})", inferred.kind.japanese(), inferred.why),
            ),
            None => (inferred.kind, inferred.why),
        };
        // Increases counted from a value already reached may be a level.
        let why = match row.baseline {
            Some(b)
                if g.layout == Layout::Increments
                    && kind == KpiKind::Cumulative
                    && b > Quantity::ZERO =>
            {
                format!(
                    "{why}; if the figure is a level counted from {} {b}, give --kind \"{}=水準\"",
                    g.baseline_label.as_deref().unwrap_or("事業開始前"),
                    row.name
                )
            }
            _ => why,
        };
        if row.unit.is_empty() {
            errors.push(TextError::at(
                row.line,
                format!(
                    "「{}」 has no unit (人, 社, % …) with any target or in a legend (単位：人)",
                    row.name
                ),
            ));
        }
        let (targets, formed) = match targets(g, kind, fiscal_years) {
            Ok(t) => t,
            Err(e) => {
                errors.push(TextError::at(row.line, e));
                continue;
            }
        };
        let baseline = match (&g.baseline_label, row.baseline) {
            (Some(label), Some(value)) => Some(Baseline { label: label.clone(), value }),
            _ => None,
        };
        let kpi = Kpi {
            id: row.name.clone(),
            name: row.name.clone(),
            unit: row.unit.clone(),
            kind,
            kind_given: true,
            baseline: baseline.clone(),
            targets,
        };
        if let Some(q) = kpi.targets.values().find(|q| kpi.looks_like_a_ratio(**q)) {
            warnings.push(TextError::at(
                row.line,
                format!(
                    "「{}」 is counted in % but has a target of {q}: a ratio written for a percentage (0.15 for 15 %)?",
                    kpi.name
                ),
            ));
        }
        reports.push(KpiReport {
            line: row.line,
            name: kpi.name.clone(),
            kind,
            unit: kpi.unit.clone(),
            baseline,
            targets: fiscal_years.iter().map(|fy| (*fy, kpi.target(*fy))).collect(),
            why,
            formed,
        });
        kpis.push(kpi);
    }

    (kpis, reports)
}

/// Reads a plan from its text: the plan, what was inferred per KPI, and
/// the warnings; or every problem found, by line.
pub fn import(text: &str, options: &Options) -> Result<Imported, Vec<TextError>> {
    let lines = lines::read(text);
    let headings = headings::find_all(&lines);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    let (name_found, name) = section(&lines, &headings, |t| t.contains("地域再生計画の名称"));
    let (author_found, author) =
        section(&lines, &headings, |t| t.contains("作成主体") || t.contains("策定主体"));
    let (area_found, area) = section(&lines, &headings, |t| t.contains("地域再生計画の区域"));

    let mut legends = Vec::new();
    let tables: Vec<Table> = table_starts(&lines)
        .into_iter()
        .filter_map(|s| tables::read(&lines, &headings, s, &mut legends, &mut errors))
        .collect();

    if name_found.is_none() && author_found.is_none() && area_found.is_none() && tables.is_empty() {
        return Err(vec![TextError::whole(
            "this text is not a 地域再生計画 in a template kpi-council knows: found none of its parts; expected the headings 「1 地域再生計画の名称」, 「2 地域再生計画の作成主体の名称」 and 「3 地域再生計画の区域」, and a KPI table under 【数値目標】 or 「重要業績評価指標（KPI）及び目標年月」",
        )]);
    }
    let mut need = |found: Option<String>,
                    value: Option<(usize, String)>,
                    heading: &str,
                    what: &str| {
        if let Some((_, v)) = value {
            return v;
        }
        errors.push(TextError::whole(match found {
            Some(h) => format!("「{h}」 has no text under it; expected {what}"),
            None => {
                format!("could not find 「{heading}」; expected the heading and {what} under it")
            }
        }));
        String::new()
    };
    let name = need(name_found, name, "1 地域再生計画の名称", "the plan's name");
    let author = need(author_found, author, "2 地域再生計画の作成主体の名称", "the municipality");
    let area = need(area_found, area, "3 地域再生計画の区域", "the area");

    let period = read_period(&lines, &headings, &mut errors);
    let grant = read_grant(&lines);
    let total_cost = read_total_cost(&lines);
    let evaluation = evaluation::read(&lines, &headings, &mut warnings);

    if tables.is_empty() {
        errors.push(TextError::whole(
            "could not find the KPI table; expected 【数値目標】 or 「重要業績評価指標（KPI）及び目標年月」 followed by a heading row of dates (平成30年3月末 …, 2020年3月末 …, or 2019年度増加分 …)",
        ));
    }
    let first_table = tables.first().map(|t| t.line);
    let (gathered, fiscal_years) = gather(tables, &legends, &mut errors);
    if let Some(line) = first_table
        && gathered.is_empty()
        && errors.is_empty()
    {
        errors.push(TextError::at(line, "the KPI table has a heading but no KPI rows"));
    }

    for o in &options.kinds {
        if !gathered.iter().any(|g| name_key(&g.row.name) == name_key(&o.name)) {
            let names: Vec<&str> = gathered.iter().map(|g| g.row.name.as_str()).collect();
            errors.push(TextError::whole(format!(
                "--kind {:?}: the plan has no KPI of that name; its KPIs are: {}",
                o.name,
                names.join(", ")
            )));
        }
    }

    let (kpis, reports) = kpis(&gathered, &fiscal_years, options, &mut errors, &mut warnings);

    if !errors.is_empty() {
        return Err(errors);
    }
    let Some(period) = period else { return Err(errors) };
    Ok(Imported {
        plan: Plan {
            version: PLAN_VERSION,
            name,
            author,
            area,
            period,
            grant,
            total_cost,
            evaluation,
            fiscal_years,
            kpis,
            thresholds: Thresholds::default(),
            judgment: JudgmentCategories::default(),
        },
        kpis: reports,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_as_written() {
        let m = |t: &str| money(t).map(|m| (m.amount, m.unit));
        assert_eq!(m(" 32,000千円"), Some((Quantity::units(32_000), "千円".into())));
        assert_eq!(
            m("　１２０，０００千円（うち交付金６０，０００千円）"),
            Some((Quantity::units(120_000), "千円".into()))
        );
    }

    const SMALL_PLAN: &str = "1. 地域再生計画の名称\n\n試験計画\n\n2. 地域再生計画の作成主体の名称\n\n試験町\n\n3. 地域再生計画の区域\n\n試験町の全域\n\n【数値目標】\n\n令和3年3月末 令和4年3月末\n{ROWS}\n6. 計画期間\n\n地域再生計画認定の日から令和4年3月31日まで\n";

    #[test]
    fn a_percentage_written_as_a_ratio_is_a_warning() {
        let text = SMALL_PLAN.replace("{ROWS}", "テレワーク実施率 0.15 % 0.2 %\n");
        let imported = import(&text, &Options::default()).expect("imports");
        assert_eq!(imported.plan.kpis[0].kind, KpiKind::Rate);
        let w: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
        assert!(
            w.iter().any(|w| w.starts_with(
                "line 16: 「テレワーク実施率」 is counted in % but has a target of 0.15"
            )),
            "{w:?}"
        );
    }

    #[test]
    fn a_kpi_without_unit_or_two_kpis_of_one_name_are_errors() {
        let text = SMALL_PLAN.replace("{ROWS}", "相談件数 3 5\n");
        let e = import(&text, &Options::default()).expect_err("refused");
        assert!(e.iter().any(|e| e.to_string().contains("「相談件数」 has no unit")), "{e:?}");
    }

    #[test]
    fn an_unknown_text_is_one_error_naming_what_was_expected() {
        let e = import("議事録\n\n1. 開会\n2. 議事\n", &Options::default()).expect_err("refused");
        assert_eq!(e.len(), 1);
        assert!(
            e[0].message.contains("not a 地域再生計画") && e[0].message.contains("【数値目標】"),
            "{}",
            e[0]
        );
    }
}
