//! The KPIs from the tables: legend labels resolved, the tables merged
//! (the same KPI in two must say the same), each KPI's kind inferred or
//! given, and its targets made by that kind.

use std::collections::BTreeMap;

use crate::domain::fiscal::FiscalYear;
use crate::domain::normalize::name_key;
use crate::domain::plan::{Baseline, Better, Kpi, KpiKind};
use crate::domain::quantity::Quantity;
use crate::i18n::tr;

use super::cells::without_footnote;
use super::kinds::{self, Layout};
use super::legends::{self, Legend, RowName};
use super::lines::Line;
use super::tables::{Table, TableRow};
use super::{KpiReport, Options, TextError};

/// The lines where a KPI table begins: 【数値目標】, 重要業績評価指標（KPI）及び目標年月.
/// A table's heading cell `重要業績評価指標（ＫＰＩ）` right below 【数値目標】
/// begins no second table.
pub fn table_starts(lines: &[Line]) -> Vec<usize> {
    let mut starts: Vec<usize> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let k = l.key();
        let start = !k.contains('。')
            && (k.contains("数値目標")
                || (k.contains("重要業績評価指標")
                    && (k.contains("目標年月") || k.contains("KPI"))));
        let heading_of_last =
            starts.last().is_some_and(|&s| lines[s + 1..i].iter().all(Line::is_blank));
        if start && !heading_of_last {
            starts.push(i);
        }
    }
    starts
}

/// A KPI gathered from the tables, before its kind is applied.
pub struct Gathered {
    pub row: TableRow,
    pub layout: Layout,
    pub baseline_label: Option<String>,
}

/// Resolves legend labels to names and merges the tables: the same KPI in
/// two tables must say the same.
pub fn gather(
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
            match legends::row_label(&row.name) {
                Some(RowName::Label(label, unit)) => {
                    match legends.iter().find(|(_, g)| g.label == label) {
                        Some((_, g)) => {
                            row.name.clone_from(&g.name);
                            if row.unit.is_empty() {
                                row.unit = if unit.is_empty() { g.unit.clone() } else { unit };
                            }
                        }
                        None => {
                            let name = &row.name;
                            errors.push(TextError::at(
                                row.line,
                                tr(
                                    format!(
                                        "行「{name}」のＫＰＩ名を示す行がありません。「ＫＰＩ{label} 移住者数（単位：人）」のように名前を書いた行が必要です"
                                    ),
                                    format!(
                                        "the row 「{name}」 has no legend line giving its name; expected a line such as ＫＰＩ{label} 移住者数（単位：人）"
                                    ),
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
            if !unit_from_name(&mut row, errors) {
                continue;
            }
            let key = name_key(&row.name);
            match out.iter().find(|g| name_key(&g.row.name) == key) {
                Some(known) => {
                    let same = known.row.values == row.values
                        && known.row.baseline == row.baseline
                        && (row.unit.is_empty() || known.row.unit == row.unit)
                        && known.layout == table.layout;
                    if !same {
                        let (name, first) = (&row.name, known.row.line);
                        errors.push(TextError::at(
                            row.line,
                            tr(
                                format!("「{name}」の目標値が {first} 行目のものと違います"),
                                format!(
                                    "the targets of 「{name}」 here differ from those on line {first}"
                                ),
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

/// Takes the unit a row's name ends with (`移住者数（単位：人）`) as the
/// row's unit, the name without it. `false` (reported) when the cells give
/// another unit.
fn unit_from_name(row: &mut TableRow, errors: &mut Vec<TextError>) -> bool {
    let Some((name, unit)) = legends::unit_in_name(&row.name) else { return true };
    // `テレワーク実施率※2（単位：％）`: the footnote mark is no part of it.
    let name = without_footnote(&name).to_string();
    if !row.unit.is_empty() && row.unit != unit {
        let first = &row.unit;
        errors.push(TextError::at(
            row.line,
            tr(
                format!("「{name}」に単位が二つあります（名称に {unit}、目標値に {first}）"),
                format!("「{name}」 has two units, {unit} in its name and {first} with its values"),
            ),
        ));
        return false;
    }
    row.name = name;
    row.unit = unit;
    true
}

/// The targets of a KPI by its kind, from the values its table gives, and
/// how they were made when not as written.
fn targets(
    g: &Gathered,
    kind: KpiKind,
    years: &[FiscalYear],
) -> Result<(BTreeMap<FiscalYear, Quantity>, Option<String>), String> {
    let row = &g.row;
    let sum = row.values.values().fold(Quantity::ZERO, |a, v| a.saturating_add(*v));
    let name = &row.name;
    if g.layout == Layout::Targets {
        return targets_total(row, kind, sum).map(|()| (row.values.clone(), None));
    }
    if let Some(total) = row.total
        && total != sum
    {
        return Err(tr(
            format!(
                "「{name}」の「KPI増加分の累計」は {total} ですが、各年度の増加分の合計は {sum} です"
            ),
            format!(
                "「{name}」: the KPI増加分の累計 column says {total} but the yearly 増加分 add up to {sum}"
            ),
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
        KpiKind::Annual => Ok((
            row.values.clone(),
            Some(tr("各年度の増加分をそのまま", "each year's 増加分 as written")),
        )),
        KpiKind::Cumulative => Ok((
            running(Quantity::ZERO),
            Some(tr(
                "各年度の増加分を順に足した値（最後が KPI増加分の累計）",
                "the running sums of the yearly 増加分 (the last is the KPI増加分の累計)",
            )),
        )),
        KpiKind::Level | KpiKind::Rate => match row.baseline {
            Some(b) => Ok((
                running(b),
                Some(tr(
                    format!("{label} {b} にそれまでの増加分を足した各年度末の水準"),
                    format!(
                        "{label} {b} plus the 増加分 so far: the level at the end of each year"
                    ),
                )),
            )),
            None => {
                let kind = kind.japanese();
                Err(tr(
                    format!(
                        "「{name}」は{kind}のＫＰＩです。増加分の表では各年度の目標値を {label} の値にそれまでの増加分を足して求めますが、{label} に値がありません。値を書くか、増加分そのものを比べる場合は --kind \"{name}=累計\" を指定してください"
                    ),
                    format!(
                        "「{name}」 is a {kind} KPI in a table of 増加分, so each year's target is {label} plus the 増加分 so far, but {label} has no value; give it, or --kind \"{name}=累計\" to compare the 増加分 themselves"
                    ),
                ))
            }
        },
    }
}

/// A 累計 column in a table of targets (`令和5年度 … 令和7年度 累計`): the
/// years' targets added up, or a 累計 KPI's last target. Anything else
/// says the years are not what they seem (increases? levels?), so it is
/// refused rather than one reading guessed.
fn targets_total(row: &TableRow, kind: KpiKind, sum: Quantity) -> Result<(), String> {
    let Some(total) = row.total else { return Ok(()) };
    let last = row.values.values().next_back().copied();
    if total == sum || (kind == KpiKind::Cumulative && last == Some(total)) {
        return Ok(());
    }
    let name = &row.name;
    let kind = kind.japanese();
    Err(tr(
        format!(
            "「{name}」の「累計」は {total} ですが、各年度の目標値の合計は {sum} です（{kind}のＫＰＩ）。各年度の目標値が累計なら --kind \"{name}=累計\" を指定し、各年度の列が増加分なら見出しを「2024年度増加分」のように書いてください"
        ),
        format!(
            "「{name}」: the 累計 column says {total} but the yearly targets add up to {sum} (a {kind} KPI); if each year's target is a running total, give --kind \"{name}=累計\"; if the year columns are increases, head them such as 2024年度増加分"
        ),
    ))
}

/// Each KPI with its kind (inferred or given) and its targets by that
/// kind, and the report of what was inferred.
pub fn kpis(
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
        let (kind, why) = kind_and_why(g, options);
        if row.unit.is_empty() {
            let name = &row.name;
            errors.push(TextError::at(
                row.line,
                tr(
                    format!(
                        "「{name}」の単位（人、社、% など）がありません。目標値に添えるか、（単位：人）のように書いてください"
                    ),
                    format!(
                        "「{name}」 has no unit (人, 社, % …) with any target or in a legend (単位：人)"
                    ),
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
        let mut kpi = Kpi {
            id: row.name.clone(),
            name: row.name.clone(),
            unit: row.unit.clone(),
            kind,
            kind_given: true,
            better: None,
            baseline: baseline.clone(),
            targets,
        };
        // Decreases (△20) read as increments are targets below zero, which
        // no plan holds: said here, at the row, before which way is better
        // is asked (the answer would not help).
        if kpi.targets.values().any(|t| t.is_negative()) {
            errors.push(TextError::at(row.line, below_zero(&kpi)));
            continue;
        }
        let falls = falls(&kpi, g.layout);
        match better(&kpi, falls, options) {
            Ok(b) => kpi.better = b,
            Err(message) => {
                errors.push(TextError::at(row.line, message));
                continue;
            }
        }
        // A running total rises whichever way is better; any other KPI
        // named to bring down whose targets rise is likely a slip of name.
        if kpi.better == Some(Better::Lower) && kpi.kind != KpiKind::Cumulative && !falls {
            let shown: Vec<String> = kpi.targets.values().map(ToString::to_string).collect();
            let (name, unit, shown) = (&kpi.name, &kpi.unit, shown.join(" → "));
            warnings.push(TextError::at(
                row.line,
                tr(
                    format!(
                        "「{name}」は --lower-is-better で少ないほど良いとされていますが、目標は上がっています（{shown} {unit}）。達成率は 目標 ÷ 実績 になります。別の KPI の名前ではありませんか？"
                    ),
                    format!(
                        "「{name}」 is named by --lower-is-better but its targets rise ({shown} {unit}): its rates will be target ÷ actual; another KPI's name meant?"
                    ),
                ),
            ));
        }
        if let Some(q) = kpi.targets.values().find(|q| kpi.looks_like_a_ratio(**q)) {
            let name = &kpi.name;
            warnings.push(TextError::at(
                row.line,
                tr(
                    format!(
                        "「{name}」は % で数えますが、目標値が {q} です。百分率のところに比率を書いていませんか？（15 % を 0.15 など）"
                    ),
                    format!(
                        "「{name}」 is counted in % but has a target of {q}: a ratio written for a percentage (0.15 for 15 %)?"
                    ),
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
            better: kpi.better(),
        });
        kpis.push(kpi);
    }

    (kpis, reports)
}

/// The KPI's kind, as `--kind` gives it or as inferred, and why.
fn kind_and_why(g: &Gathered, options: &Options) -> (KpiKind, String) {
    let row = &g.row;
    let inferred = kinds::infer(&row.name, &row.unit, g.layout);
    let (kind, why) = match kinds::override_for(&options.kinds, &row.name) {
        Some(o) => (
            o.kind,
            tr(
                format!("--kind の指定（推定は {}、{}）", inferred.kind.japanese(), inferred.why),
                format!("--kind (inferred: {}, {})", inferred.kind.japanese(), inferred.why),
            ),
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
            let (label, name) = (g.baseline_label.as_deref().unwrap_or("事業開始前"), &row.name);
            tr(
                format!(
                    "{why}。{label} {b} から数えた水準なら --kind \"{name}=水準\" を指定してください"
                ),
                format!(
                    "{why}; if the figure is a level counted from {label} {b}, give --kind \"{name}=水準\""
                ),
            )
        }
        _ => why,
    };
    (kind, why)
}

/// Whether the targets fall ([`Kpi::targets_fall`]), or, in a table of
/// targets as written (not of 増加分), a 単年度's target is below its baseline:
/// there the baseline is the same yearly figure of an earlier year, and a
/// plan of one target year (現状値 350件 → 目標値 300件) has no earlier
/// target to fall from.
fn falls(kpi: &Kpi, layout: Layout) -> bool {
    let below_baseline =
        || kpi.baseline.as_ref().is_some_and(|b| kpi.targets.values().any(|t| *t < b.value));
    kpi.targets_fall()
        || (layout == Layout::Targets && kpi.kind == KpiKind::Annual && below_baseline())
}

/// Which way the KPI improves, as `--lower-is-better` or
/// `--higher-is-better` says. Targets that fall (below the baseline or an
/// earlier year's) without either are refused: 空き店舗数 to bring down and a
/// 人口 whose decline is to be held look alike, and every rate and status
/// of the KPI turns on which it is.
fn better(kpi: &Kpi, falls: bool, options: &Options) -> Result<Option<Better>, String> {
    let key = name_key(&kpi.name);
    let named = |names: &[String]| names.iter().any(|n| name_key(n) == key);
    match (named(&options.lower), named(&options.higher)) {
        (true, true) => Err(tr(
            format!(
                "「{}」に --lower-is-better と --higher-is-better の両方が指定されています。どちらか一方にしてください",
                kpi.name
            ),
            format!(
                "「{}」 is named by both --lower-is-better and --higher-is-better; expected one",
                kpi.name
            ),
        )),
        (true, false) => Ok(Some(Better::Lower)),
        (false, true) => Ok(Some(Better::Higher)),
        (false, false) if falls => {
            let mut figures: Vec<String> = Vec::new();
            if let Some(b) = &kpi.baseline {
                figures.push(format!("{} {}", b.label, b.value));
            }
            figures.extend(kpi.targets.values().map(ToString::to_string));
            let (name, unit, shown) = (&kpi.name, &kpi.unit, figures.join(" → "));
            // Read as 単年度 for want of a word: a count at year end falling
            // (空き店舗の数) would have its plan period summed.
            let inferred_annual =
                kpi.kind == KpiKind::Annual && kinds::override_for(&options.kinds, name).is_none();
            let (kind_ja, kind_en) = if inferred_annual {
                (
                    format!(
                        "。年度末の数なら、計画期間の値が合計にならないよう --kind \"{name}=水準\" も付けてください"
                    ),
                    format!(
                        "; if it is a count at year end, also give --kind \"{name}=水準\" so that the plan period is not a sum"
                    ),
                )
            } else {
                (String::new(), String::new())
            };
            Err(tr(
                format!(
                    "「{name}」の目標が下がっています（{shown} {unit}）。少ないほど良い指標（空き店舗数など）なら --lower-is-better \"{name}\"、減少を抑える指標（人口など）で多いほど良いなら --higher-is-better \"{name}\" を付けてください。達成率と達成の判定はこれで決まります{kind_ja}"
                ),
                format!(
                    "the targets of 「{name}」 fall ({shown} {unit}); expected --lower-is-better \"{name}\" for a KPI to bring down (vacant shops) or --higher-is-better \"{name}\" for one whose decline is to be held (population): every rate and status turns on it{kind_en}"
                ),
            ))
        }
        (false, false) => Ok(None),
    }
}

/// Targets below zero (decreases △20 read as a running total or as each
/// year's change): a plan holds none. With a baseline above zero the
/// decreases are likely counted from it, as a level: named with its
/// `--kind`.
fn below_zero(kpi: &Kpi) -> String {
    let shown: Vec<String> = kpi.targets.values().map(ToString::to_string).collect();
    let (name, unit, shown) = (&kpi.name, &kpi.unit, shown.join(" → "));
    let level =
        kpi.baseline.as_ref().filter(|b| b.value > Quantity::ZERO && kpi.kind != KpiKind::Level);
    match level {
        Some(b) => {
            let (label, value) = (&b.label, b.value);
            tr(
                format!(
                    "「{name}」の目標が 0 を下回ります（{shown} {unit}）。計画の目標は 0 以上です。{label} {value} から増減を数えた水準なら --kind \"{name}=水準\" を指定してください"
                ),
                format!(
                    "the targets of 「{name}」 go below zero ({shown} {unit}); expected targets of zero or more: if the figure is a level counted from {label} {value}, give --kind \"{name}=水準\""
                ),
            )
        }
        None => tr(
            format!("「{name}」の目標が 0 を下回ります（{shown} {unit}）。計画の目標は 0 以上です"),
            format!(
                "the targets of 「{name}」 go below zero ({shown} {unit}); expected targets of zero or more"
            ),
        ),
    }
}
