//! The plan (地域再生計画): its header and its KPIs with yearly targets.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fiscal::FiscalYear;
use super::quantity::Quantity;
use super::record_error::RecordError;
use crate::i18n::tr;

/// The plan file format this program writes and understands.
pub const PLAN_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// A newer version is refused while reading, with its position.
    #[serde(deserialize_with = "crate::domain::format_version::expect::<_, PLAN_VERSION>")]
    pub version: u32,
    /// 地域再生計画の名称.
    pub name: String,
    /// 作成主体: the municipality.
    pub author: String,
    /// 区域.
    pub area: String,
    pub period: PlanPeriod,
    /// The grant the plan uses (e.g. 地方創生推進交付金【A3007】).
    #[serde(default)]
    pub grant: Option<String>,
    /// 総事業費.
    #[serde(default)]
    pub total_cost: Option<Money>,
    pub evaluation: Evaluation,
    /// The fiscal years the targets are set for, in order.
    pub fiscal_years: Vec<FiscalYear>,
    pub kpis: Vec<Kpi>,
    #[serde(default)]
    pub thresholds: Thresholds,
    #[serde(default)]
    pub judgment: JudgmentCategories,
}

/// 計画期間: the start is usually 「地域再生計画認定の日から」, so it is text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanPeriod {
    pub start: String,
    pub end: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    pub amount: Quantity,
    pub unit: String,
}

/// Who evaluates the plan, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// 評価を行う組織: 北見地域企業立地促進協議会; empty when the plan does
    /// not name one (shown as 未設定).
    pub body: String,
    /// The month of the yearly evaluation meeting (5 = May); `None` when
    /// the plan does not say (shown as 未設定). Written as a bare number.
    #[serde(
        default,
        deserialize_with = "bare_option::deserialize",
        serialize_with = "bare_option::serialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub month: Option<u32>,
    /// What the plan says about the timing and content, as written.
    #[serde(default)]
    pub timing: String,
    /// How the results are published, as written.
    #[serde(default)]
    pub publication: String,
}

/// What a KPI's yearly figures mean, which decides every figure computed
/// from them: how a year's actual is formed from the records, and which
/// rule makes the plan-period figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum KpiKind {
    /// 単年度 (a flow): each year's new count, such as 新規移動人数. A year's
    /// actual is that year's records; the plan-period figure is the sum.
    #[default]
    Annual,
    /// 累計: each year's target and actual include every earlier year (移住者数
    /// （累計） 10/20/30人). A year's actual is the running total: the latest
    /// stated total at or before that year (the running figure as given),
    /// plus the contributions of the years after it up to this one; without
    /// a stated total, the contributions of this and every earlier year. A
    /// year without any record of its own has no actual (実績なし). The
    /// plan-period figure is the final year's, never a sum.
    Cumulative,
    /// 水準 (a level or stock): the state at the end of the year (入居企業数,
    /// a 満足度 score). A year's actual is that year's records; the
    /// plan-period figure is the final year's.
    Level,
    /// 率: a percentage or ratio (市内就職率 12.5/15/20%). Never summed: a
    /// year's actual is its stated total only (contributions are refused),
    /// and the plan-period figure is the final year's.
    Rate,
}

impl KpiKind {
    pub const ALL: [KpiKind; 4] =
        [KpiKind::Annual, KpiKind::Cumulative, KpiKind::Level, KpiKind::Rate];

    /// How the plan-period figure of a KPI of this kind is made.
    #[must_use]
    pub const fn period_rule(self) -> PeriodRule {
        match self {
            KpiKind::Annual => PeriodRule::Sum,
            KpiKind::Cumulative => PeriodRule::FinalRunningTotal,
            KpiKind::Level | KpiKind::Rate => PeriodRule::FinalValue,
        }
    }

    /// Stable code for machine-readable output.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            KpiKind::Annual => "annual",
            KpiKind::Cumulative => "cumulative",
            KpiKind::Level => "level",
            KpiKind::Rate => "rate",
        }
    }

    /// The Japanese word, as plans and councils say it.
    #[must_use]
    pub const fn japanese(self) -> &'static str {
        match self {
            KpiKind::Annual => "単年度",
            KpiKind::Cumulative => "累計",
            KpiKind::Level => "水準",
            KpiKind::Rate => "率",
        }
    }

    /// `累計`, `Cumulative`, `cumulative` …: the Japanese word, the name in
    /// the plan file or the code.
    #[must_use]
    pub fn parse(text: &str) -> Option<KpiKind> {
        let t = crate::domain::normalize::fold_width(text.trim()).to_ascii_lowercase();
        KpiKind::ALL
            .into_iter()
            .find(|k| t == k.japanese() || t == k.code() || (*k == KpiKind::Annual && t == "単年"))
    }
}

/// How a plan-period figure is made from the years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodRule {
    /// 計画期間（合計）: the sum of the years.
    Sum,
    /// 計画期間（最終年度の累計）: the final year's running total.
    FinalRunningTotal,
    /// 計画期間（最終年度の値）: the final year's value.
    FinalValue,
}

impl PeriodRule {
    /// Stable code for machine-readable output.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            PeriodRule::Sum => "sum",
            PeriodRule::FinalRunningTotal => "final_running_total",
            PeriodRule::FinalValue => "final_value",
        }
    }
}

/// The value a KPI started from (事業開始前, 基準値, 現状値): shown beside the
/// targets, never a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The column's heading as the plan writes it: 事業開始前（現時点）, 基準値.
    pub label: String,
    pub value: Quantity,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "KpiRecord")]
pub struct Kpi {
    /// A short, stable identifier used by the actuals and session files.
    pub id: String,
    /// The KPI's name as written in the plan.
    pub name: String,
    pub unit: String,
    pub kind: KpiKind,
    /// Whether the file states the kind. Files written before kinds existed
    /// do not: they load as 単年度, and `check` says so.
    #[serde(skip)]
    pub kind_given: bool,
    /// Whether more is better (the default) or less (空き店舗数, 待機児童数):
    /// it decides every rate and status of the KPI. Written only when the
    /// plan states it.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "bare_option")]
    pub better: Option<Better>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    /// Targets by fiscal year. A year that is absent has *no target* ("-"),
    /// which is not a target of zero.
    pub targets: BTreeMap<FiscalYear, Quantity>,
}

/// Which way a KPI's figures improve. A target lower than the baseline or
/// than an earlier year's says nothing by itself: a 空き店舗数 to bring down
/// and a 人口 whose decline is to be held both have falling targets, and
/// the plan says which (`better: Lower` or `better: Higher`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Better {
    /// More is better: rate = actual ÷ target; 達成 when the actual reaches
    /// the target.
    #[default]
    Higher,
    /// Less is better: rate = target ÷ actual; 達成 when the actual is at
    /// or below the target.
    Lower,
}

impl Better {
    /// Stable code for machine-readable output: `higher` or `lower`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Better::Higher => "higher",
            Better::Lower => "lower",
        }
    }
}

/// A KPI as the file holds it: the kind may be missing (old files).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KpiRecord {
    id: String,
    name: String,
    unit: String,
    #[serde(default, deserialize_with = "bare_option::deserialize")]
    kind: Option<KpiKind>,
    #[serde(default, deserialize_with = "bare_option::deserialize")]
    better: Option<Better>,
    #[serde(default)]
    baseline: Option<Baseline>,
    targets: BTreeMap<FiscalYear, Quantity>,
}

impl From<KpiRecord> for Kpi {
    fn from(r: KpiRecord) -> Kpi {
        Kpi {
            id: r.id,
            name: r.name,
            unit: r.unit,
            kind: r.kind.unwrap_or_default(),
            kind_given: r.kind.is_some(),
            better: r.better,
            baseline: r.baseline,
            targets: r.targets,
        }
    }
}

/// An optional field written as its bare value (`month: 5`, `kind: Level`)
/// and left out when absent, so hand-written files need no `Some(…)`.
mod bare_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        T::deserialize(d).map(Some)
    }

    #[allow(clippy::ref_option)]
    pub fn serialize<S: Serializer, T: Serialize>(
        value: &Option<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => v.serialize(s),
            None => s.serialize_none(),
        }
    }
}

impl Kpi {
    #[must_use]
    pub fn target(&self, fy: FiscalYear) -> Option<Quantity> {
        self.targets.get(&fy).copied()
    }

    /// Which way the KPI improves: as the plan states, else more is better.
    #[must_use]
    pub fn better(&self) -> Better {
        self.better.unwrap_or_default()
    }

    /// Whether the targets go down: a target below an earlier year's, or
    /// below zero, or (for a level or a rate, whose baseline is the same
    /// measure) below the baseline. The baseline of a 単年度 or 累計 KPI may
    /// be a stock or the flow before the project, its targets counted from
    /// it (増加分), so it is not compared. Such a KPI may be one to bring
    /// down or one whose decline is to be held; the plan must say which.
    #[must_use]
    pub fn targets_fall(&self) -> bool {
        let same_measure = matches!(self.kind, KpiKind::Level | KpiKind::Rate);
        let mut highest_before = self.baseline.as_ref().filter(|_| same_measure).map(|b| b.value);
        for &t in self.targets.values() {
            if t.is_negative() || highest_before.is_some_and(|b| t < b) {
                return true;
            }
            highest_before = Some(highest_before.map_or(t, |b| b.max(t)));
        }
        false
    }

    /// Whether the unit is a percentage (%, ％, パーセント).
    #[must_use]
    pub fn is_percent(&self) -> bool {
        matches!(self.unit.trim(), "%" | "％" | "パーセント")
    }

    /// A likely slip between a ratio and a percentage: a value above 0 and
    /// at most 1 of a KPI counted in percent (0.15 written for 15 %).
    /// Worth a warning, not a refusal: 0.5 % can be meant.
    #[must_use]
    pub fn looks_like_a_ratio(&self, value: Quantity) -> bool {
        self.is_percent() && value > Quantity::ZERO && value <= Quantity::units(1)
    }
}

/// Rates at or above which an item counts as 達成 and 概ね達成, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub achieved: Quantity,
    pub mostly_achieved: Quantity,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { achieved: Quantity::units(100), mostly_achieved: Quantity::units(80) }
    }
}

/// The wording of the council's verdicts (効果検証), which councils phrase differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudgmentCategories {
    pub effects: Vec<String>,
    pub policies: Vec<String>,
}

impl Default for JudgmentCategories {
    fn default() -> Self {
        JudgmentCategories {
            effects: [
                "地方創生に非常に効果的であった",
                "地方創生に相当程度効果があった",
                "地方創生に効果があった",
                "地方創生に対して効果がなかった",
            ]
            .map(String::from)
            .to_vec(),
            // 事業の発展・拡大 last, as published forms have it (and so that
            // the indices of the others stay what they were).
            policies: ["継続", "改善して継続", "中止", "終了", "事業の発展・拡大"]
                .map(String::from)
                .to_vec(),
        }
    }
}

/// The fiscal years a plan may name: from the first year of 明治 to the
/// last four-digit year. Anything else is a typing error, and keeps date
/// arithmetic far from its limits.
pub const FISCAL_YEARS: std::ops::RangeInclusive<i32> = 1868..=9998;

impl Plan {
    #[must_use]
    pub fn kpi(&self, id: &str) -> Option<&Kpi> {
        self.kpis.iter().find(|k| k.id == id)
    }

    #[must_use]
    pub fn kpi_index(&self, id: &str) -> Option<usize> {
        self.kpis.iter().position(|k| k.id == id)
    }

    #[must_use]
    pub fn year_index(&self, fy: FiscalYear) -> Option<usize> {
        self.fiscal_years.iter().position(|y| *y == fy)
    }

    /// The fiscal year a meeting on `date` evaluates: the year before the
    /// one the meeting falls in (the May 2019 meeting evaluates 平成30年度),
    /// clamped to the plan's years.
    #[must_use]
    pub fn evaluated_year(&self, meeting: NaiveDate) -> Option<FiscalYear> {
        let wanted = FiscalYear(FiscalYear::of_date(meeting).0 - 1);
        let first = *self.fiscal_years.first()?;
        let last = *self.fiscal_years.last()?;
        Some(wanted.clamp(first, last))
    }

    /// Checks what the types alone cannot: versions, unique ids, targets
    /// inside the plan's years, no negative targets, sane thresholds.
    pub fn validate(&self) -> Result<(), RecordError> {
        self.validate_years()?;
        if self.kpis.is_empty() {
            return Err(RecordError::new(
                "kpis",
                tr("KPI が一つもありません", "expected at least one KPI"),
            ));
        }
        let mut ids = HashSet::new();
        for (i, kpi) in self.kpis.iter().enumerate() {
            self.validate_kpi(i, kpi, &mut ids)?;
        }
        let t = self.thresholds;
        if t.mostly_achieved.is_negative() || t.mostly_achieved > t.achieved || t.achieved.is_zero()
        {
            return Err(RecordError::new("thresholds", {
                let (mostly, achieved) = (t.mostly_achieved, t.achieved);
                tr(
                    format!(
                        "0 ≦ mostly_achieved ≦ achieved かつ achieved > 0 にしてください（{mostly} と {achieved} とあります）"
                    ),
                    format!(
                        "expected 0 <= mostly_achieved <= achieved and achieved > 0, found {mostly} and {achieved}"
                    ),
                )
            }));
        }
        if self.judgment.effects.is_empty() {
            return Err(RecordError::new(
                "judgment.effects",
                tr("評価の区分が一つもありません", "expected at least one category"),
            ));
        }
        Ok(())
    }

    /// The name, the evaluation's month and the fiscal years.
    fn validate_years(&self) -> Result<(), RecordError> {
        if self.name.trim().is_empty() {
            return Err(RecordError::new(
                "name",
                tr("計画の名称が空です", "the plan's name is empty"),
            ));
        }
        if let Some(month) = self.evaluation.month
            && !(1..=12).contains(&month)
        {
            return Err(RecordError::new(
                "evaluation.month",
                tr(
                    format!("月は 1 から 12 で書いてください（{month} とあります）"),
                    format!("expected a month from 1 to 12, found {month}"),
                ),
            ));
        }
        if self.fiscal_years.is_empty() {
            return Err(RecordError::new(
                "fiscal_years",
                tr("年度が一つもありません", "expected at least one fiscal year"),
            ));
        }
        if let Some((i, fy)) =
            self.fiscal_years.iter().enumerate().find(|(_, y)| !FISCAL_YEARS.contains(&y.0))
        {
            return Err(RecordError::new(format!("fiscal_years[{i}]"), {
                let (from, to, year) = (FISCAL_YEARS.start(), FISCAL_YEARS.end(), fy.0);
                tr(
                    format!("年度は {from}（明治）から {to} で書いてください（{year} とあります）"),
                    format!("expected a fiscal year from {from} (明治) to {to}, found {year}"),
                )
            }));
        }
        for (i, pair) in self.fiscal_years.windows(2).enumerate() {
            if pair[0] >= pair[1] {
                return Err(RecordError::new(format!("fiscal_years[{}]", i + 1), {
                    let (next, before) = (pair[1].0, pair[0].0);
                    tr(
                        format!(
                            "年度は重ならないように古い順に書いてください（{before} の次が {next} です）"
                        ),
                        format!(
                            "fiscal years must be in increasing order without repeats; {next} follows {before}"
                        ),
                    )
                }));
            }
        }
        Ok(())
    }

    /// One KPI: an id of its own, a name, targets in the plan's years and
    /// not below zero, a labelled baseline.
    fn validate_kpi<'a>(
        &self,
        i: usize,
        kpi: &'a Kpi,
        ids: &mut HashSet<&'a str>,
    ) -> Result<(), RecordError> {
        let record = format!("kpis[{i}] ({:?})", kpi.id);
        if kpi.id.trim().is_empty() {
            return Err(RecordError::new(record, tr("KPI の id が空です", "the KPI id is empty")));
        }
        if !ids.insert(kpi.id.as_str()) {
            return Err(RecordError::new(
                record,
                tr(
                    format!(
                        "KPI の id {:?} が重複しています。KPI ごとに別の id が必要です",
                        kpi.id
                    ),
                    format!("duplicate KPI id {:?}; each KPI needs its own id", kpi.id),
                ),
            ));
        }
        if kpi.name.trim().is_empty() {
            return Err(RecordError::new(
                record,
                tr("KPI の名称が空です", "the KPI name is empty"),
            ));
        }
        for (fy, target) in &kpi.targets {
            if !self.fiscal_years.contains(fy) {
                return Err(RecordError::new(format!("{record}.targets[{}]", fy.0), {
                    let (year, years) = (fy.0, years_list(&self.fiscal_years));
                    tr(
                        format!("{year} 年度は計画の年度（{years}）にありません"),
                        format!(
                            "fiscal year {year} is not one of the plan's fiscal years ({years})"
                        ),
                    )
                }));
            }
            if target.is_negative() {
                return Err(RecordError::new(
                    format!("{record}.targets[{}]", fy.0),
                    tr(
                        format!("目標値は 0 以上でなければなりません（{target} とあります）"),
                        format!("expected a target of zero or more, found {target}"),
                    ),
                ));
            }
        }
        if let Some(b) = &kpi.baseline
            && b.label.trim().is_empty()
        {
            return Err(RecordError::new(
                format!("{record}.baseline"),
                tr(
                    "基準値には計画の書き方どおりの見出し（事業開始前、基準値、現状値など）が必要です",
                    "the baseline needs its label as the plan writes it (事業開始前, 基準値, 現状値)",
                ),
            ));
        }
        Ok(())
    }

    /// The KPIs whose kind the file does not state (read as 単年度).
    #[must_use]
    pub fn kinds_not_given(&self) -> Vec<&Kpi> {
        self.kpis.iter().filter(|k| !k.kind_given).collect()
    }
}

/// `2016, 2017, 2018`.
#[must_use]
pub fn years_list(years: &[FiscalYear]) -> String {
    years.iter().map(|y| y.0.to_string()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_years_outside_the_calendar_are_refused() {
        let (plan, _) = crate::store::embedded::plan().expect("embedded plan");
        for year in [i32::MAX, 9999, 1867, 0, -5] {
            let mut p = plan.clone();
            p.fiscal_years = vec![FiscalYear(year)];
            let e = p.validate().expect_err("out of range").to_string();
            assert!(e.contains("fiscal_years[0]") && e.contains(&year.to_string()), "{e}");
        }
        let mut p = plan.clone();
        p.fiscal_years = vec![FiscalYear(1868), FiscalYear(9998)];
        for k in &mut p.kpis {
            k.targets.clear();
        }
        assert!(p.validate().is_ok());
    }

    /// Falling targets are a rise broken, a figure below zero, or (for a
    /// level or a rate only) a target below the baseline; the embedded
    /// plan's targets fall nowhere.
    #[test]
    fn targets_fall_when_a_year_is_below_an_earlier_one_or_below_zero() {
        let (plan, _) = crate::store::embedded::plan().expect("embedded plan");
        assert!(plan.kpis.iter().all(|k| !k.targets_fall()));
        let kpi = |kind: KpiKind, baseline: Option<i64>, targets: &[i64]| Kpi {
            id: "k".into(),
            name: "k".into(),
            unit: "件".into(),
            kind,
            kind_given: true,
            better: None,
            baseline: baseline
                .map(|v| Baseline { label: "基準値".into(), value: Quantity::units(v) }),
            targets: targets
                .iter()
                .enumerate()
                .map(|(i, &t)| {
                    (FiscalYear(2020 + i32::try_from(i).expect("year")), Quantity::units(t))
                })
                .collect(),
        };
        assert!(!kpi(KpiKind::Annual, None, &[10, 10, 20]).targets_fall());
        assert!(kpi(KpiKind::Annual, None, &[30, 25, 20]).targets_fall());
        assert!(kpi(KpiKind::Annual, None, &[10, -5]).targets_fall());
        // A 単年度 or 累計 KPI's baseline may be another measure.
        assert!(!kpi(KpiKind::Annual, Some(350), &[50, 110]).targets_fall());
        assert!(!kpi(KpiKind::Cumulative, Some(4), &[3, 6]).targets_fall());
        assert!(kpi(KpiKind::Level, Some(150), &[100]).targets_fall());
        assert!(kpi(KpiKind::Rate, Some(20), &[15, 18]).targets_fall());
        assert!(!kpi(KpiKind::Rate, Some(12), &[15, 18]).targets_fall());
    }
}
