//! Aggregates computed once from a plan and its actuals: the figures of
//! every KPI × fiscal year, the plan-period figures, and which
//! contributions belong to which item and company. Nothing per frame is
//! proportional to the data: screens read from here.
//!
//! Every figure follows the KPI's kind ([`KpiKind`]): a 単年度 or 水準
//! year's actual is that year's records; a 累計 year's actual is the
//! running total; a 率 is never summed.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::achievement::Achievement;
use super::actuals::Actuals;
use super::fiscal::FiscalYear;
use super::plan::{Kpi, KpiKind, PeriodRule, Plan};
use super::quantity::Quantity;

/// The figures of one KPI in one fiscal year.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub kpi: usize,
    pub year: usize,
    pub fiscal_year: FiscalYear,
    pub target: Option<Quantity>,
    /// The figure, by the KPI's kind; `None` when this year has no record
    /// of its own (実績なし), which is not an actual of zero.
    pub actual: Option<Quantity>,
    /// The sum of the contributions listed in `contributions`.
    pub contributed: Quantity,
    /// Index into `Actuals::stated_totals`: the stated total the figure
    /// rests on. For a 累計 KPI it may be an earlier year's running figure,
    /// to which the later contributions are added.
    pub stated: Option<usize>,
    /// Indices into `Actuals::contributions`, largest value first: this
    /// year's, and for a 累計 KPI those of every earlier year too (each
    /// keeps its own `fiscal_year`, the year it contributed).
    pub contributions: Vec<usize>,
    pub achievement: Achievement,
    /// Whether the figure is a sum of parts a breakdown may list: not for
    /// a 率, whose stated figure has no part without a breakdown.
    pub of_parts: bool,
}

impl Cell {
    /// Stated total minus the contributions, when a total is stated and
    /// contributions exist: positive means part of the total has no
    /// breakdown, negative means the breakdown exceeds the stated total.
    /// None for a 率: 21% is no total of which 21% lacks a breakdown (its
    /// row （企業別内訳なし） 21% showed a share of 100.0%).
    #[must_use]
    pub fn unexplained(&self) -> Option<Quantity> {
        if !self.of_parts {
            return None;
        }
        let stated = self.actual.filter(|_| self.stated.is_some())?;
        Some(stated.saturating_sub(self.contributed))
    }

    /// The rest no company explains (above zero), as rows of the breakdown:
    /// each with the stated total it is the rest of (its year and source).
    /// Behind a 累計 figure resting on several years' stated running
    /// totals, the rest of each year's: 30人 stated in 令和5年度 over 12人
    /// in 令和4年度, with 5 of the 12 and 4 of the 18 added by companies,
    /// is 7 of 令和4年度 and 14 of 令和5年度, not 21 of 令和5年度. When
    /// the years' rests do not add up so (a year's companies above its
    /// increase), one rest of the latest stated total, as for any kind.
    #[must_use]
    pub fn rests(&self, actuals: &Actuals, kpi: &Kpi) -> Vec<(usize, Quantity)> {
        let (Some(gap), Some(last)) = (self.unexplained(), self.stated) else {
            return Vec::new();
        };
        if gap.is_zero() || gap.is_negative() {
            return Vec::new();
        }
        let whole = vec![(last, gap)];
        let Some(upto) = actuals.stated_totals.get(last).map(|s| s.fiscal_year) else {
            return whole;
        };
        if kpi.kind != KpiKind::Cumulative {
            return whole;
        }
        let mut stated: Vec<usize> = (0..actuals.stated_totals.len())
            .filter(|&i| {
                let s = &actuals.stated_totals[i];
                s.kpi == kpi.id && s.fiscal_year <= upto
            })
            .collect();
        if stated.len() < 2 {
            return whole;
        }
        stated.sort_by_key(|&i| actuals.stated_totals[i].fiscal_year);
        let years: Vec<FiscalYear> =
            stated.iter().map(|&i| actuals.stated_totals[i].fiscal_year).collect();
        // The companies of each stated year's increase, in one pass: those
        // after the year before's and up to its own (those after the last
        // are added on top of it, explained).
        let mut companies = vec![Quantity::ZERO; stated.len()];
        for &c in &self.contributions {
            let c = &actuals.contributions[c];
            let at = years.partition_point(|&y| y < c.fiscal_year);
            if let Some(sum) = companies.get_mut(at) {
                *sum = sum.saturating_add(c.value);
            }
        }
        let mut rests = Vec::new();
        let mut before = Quantity::ZERO;
        for (n, &i) in stated.iter().enumerate() {
            let value = actuals.stated_totals[i].value;
            let rest = value.saturating_sub(before).saturating_sub(companies[n]);
            if rest.is_negative() {
                return whole;
            }
            if !rest.is_zero() {
                rests.push((i, rest));
            }
            before = value;
        }
        let sum = rests.iter().fold(Quantity::ZERO, |sum, (_, r)| sum.saturating_add(*r));
        if sum == gap { rests } else { whole }
    }
}

/// A KPI over the whole plan period, made by its kind's rule: the sum of
/// the years (単年度), or the final year's figure (累計, 水準, 率).
///
/// A sum compares like with like: the target and the actual are summed
/// over the same years, those with a target (`-` in the plan is no target,
/// not 0). An actual of a year without a target is left out, and named; a
/// year with a target but no actual yet leaves the period without an
/// actual (実績なし), as a final-year rule does when its year has none,
/// rather than judging the plan on part of its years.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodTotal {
    pub rule: PeriodRule,
    /// For the final-year rules: the year the figures are taken from, the
    /// last one with a target (or, without any target, the last one with
    /// an actual). Target and actual always come from the same year.
    pub year: Option<FiscalYear>,
    pub target: Option<Quantity>,
    pub actual: Option<Quantity>,
    pub achievement: Achievement,
    /// A sum's years with an actual (not 0) but no target: not in the sum.
    /// Empty when a year is `missing` (nothing is summed then).
    pub left_out: Vec<FiscalYear>,
    /// A sum's years with a target but no actual: the sum has no actual.
    pub missing: Vec<FiscalYear>,
}

impl PeriodTotal {
    /// Whether the figure has something to say beside it: a year left out
    /// of the sum, or a year whose actual is not in yet.
    #[must_use]
    pub fn has_note(&self) -> bool {
        !self.left_out.is_empty() || !self.missing.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    years: usize,
    cells: Vec<Cell>,
    totals: Vec<PeriodTotal>,
    company_index: HashMap<String, usize>,
    /// Per company (index into `Actuals::companies`): its contributions in
    /// plan order (KPI, year), then by date.
    by_company: Vec<Vec<usize>>,
}

/// What one KPI × year holds before the kind is applied.
#[derive(Default, Clone)]
struct Own {
    contributions: Vec<usize>,
    contributed: Quantity,
    stated: Option<usize>,
}

/// Orders `rows` (indices into `list`) largest value first, then earliest
/// date, then as they were: the keys are copied next to each row first, so
/// the sort reads one array instead of a million records here and there.
fn largest_first(list: &[super::actuals::Contribution], rows: &mut Vec<usize>) {
    let mut keyed: Vec<(std::cmp::Reverse<Quantity>, Option<chrono::NaiveDate>, usize)> = rows
        .iter()
        .enumerate()
        .map(|(pos, &i)| (std::cmp::Reverse(list[i].value), list[i].date, pos))
        .collect();
    // The position is the last key, so an unstable sort keeps ties as they were.
    keyed.sort_unstable();
    let sorted = keyed.iter().map(|&(_, _, pos)| rows[pos]).collect();
    *rows = sorted;
}

impl Ledger {
    /// Builds the aggregates. Records that do not match the plan are
    /// skipped (validation reports them before this is called).
    #[must_use]
    pub fn build(plan: &Plan, actuals: &Actuals) -> Ledger {
        let years = plan.fiscal_years.len();
        let kpi_pos: HashMap<&str, usize> =
            plan.kpis.iter().enumerate().map(|(i, k)| (k.id.as_str(), i)).collect();
        let year_pos: HashMap<FiscalYear, usize> =
            plan.fiscal_years.iter().enumerate().map(|(i, y)| (*y, i)).collect();
        let slot = |kpi: &str, fy: FiscalYear| -> Option<usize> {
            Some(kpi_pos.get(kpi)? * years + year_pos.get(&fy)?)
        };

        // What each KPI × year holds of its own.
        let mut own: Vec<Own> = vec![Own::default(); plan.kpis.len() * years];
        let slots: Vec<Option<usize>> =
            actuals.contributions.iter().map(|c| slot(&c.kpi, c.fiscal_year)).collect();
        for (i, c) in actuals.contributions.iter().enumerate() {
            if let Some(s) = slots[i] {
                own[s].contributions.push(i);
                own[s].contributed = own[s].contributed.saturating_add(c.value);
            }
        }
        for (i, st) in actuals.stated_totals.iter().enumerate() {
            if let Some(s) = slot(&st.kpi, st.fiscal_year) {
                own[s].stated = Some(i);
            }
        }

        let mut cells: Vec<Cell> = Vec::with_capacity(plan.kpis.len() * years);
        for (k, kpi) in plan.kpis.iter().enumerate() {
            let row = &own[k * years..(k + 1) * years];
            // For 累計: the running figure so far, and what it rests on.
            let mut running: Option<(Quantity, Option<usize>)> = None;
            let mut listed: Vec<usize> = Vec::new();
            for (y, fy) in plan.fiscal_years.iter().enumerate() {
                let mine = &row[y];
                let has_record = mine.stated.is_some() || !mine.contributions.is_empty();
                let (actual, stated, contributions) = match kpi.kind {
                    KpiKind::Annual | KpiKind::Level => (
                        match mine.stated {
                            Some(i) => Some(actuals.stated_totals[i].value),
                            None => has_record.then_some(mine.contributed),
                        },
                        mine.stated,
                        mine.contributions.clone(),
                    ),
                    // Contributions to a rate are refused by validation:
                    // only a stated total is a rate's figure.
                    KpiKind::Rate => (
                        mine.stated.map(|i| actuals.stated_totals[i].value),
                        mine.stated,
                        mine.contributions.clone(),
                    ),
                    KpiKind::Cumulative => {
                        listed.extend_from_slice(&mine.contributions);
                        let (base, rests_on) = running.unwrap_or((Quantity::ZERO, None));
                        let figure = match mine.stated {
                            // A stated total is the running figure as given.
                            Some(i) => (actuals.stated_totals[i].value, Some(i)),
                            None => (base.saturating_add(mine.contributed), rests_on),
                        };
                        if has_record {
                            running = Some(figure);
                        }
                        (has_record.then_some(figure.0), figure.1, listed.clone())
                    }
                };
                // A year without a figure lists nothing: no breakdown of a 実績なし.
                let mut contributions = if actual.is_some() { contributions } else { Vec::new() };
                let contributed = contributions
                    .iter()
                    .fold(Quantity::ZERO, |a, &i| a.saturating_add(actuals.contributions[i].value));
                largest_first(&actuals.contributions, &mut contributions);
                let target = kpi.target(*fy);
                cells.push(Cell {
                    kpi: k,
                    year: y,
                    fiscal_year: *fy,
                    target,
                    actual,
                    contributed,
                    stated: if actual.is_some() { stated } else { None },
                    contributions,
                    achievement: Achievement::evaluate(
                        target,
                        actual,
                        plan.thresholds,
                        kpi.better(),
                    ),
                    of_parts: kpi.kind != KpiKind::Rate,
                });
            }
        }

        let totals = period_totals(plan, &cells);
        let company_index = company_index(actuals);
        let mut by_company: Vec<Vec<usize>> = vec![Vec::new(); actuals.companies.len()];
        for (i, c) in actuals.contributions.iter().enumerate() {
            if slots[i].is_some()
                && let Some(&ci) = company_index.get(c.company.as_str())
            {
                by_company[ci].push(i);
            }
        }
        for list in &mut by_company {
            // In plan order (KPI, then year), then by date; indices ascend already.
            list.sort_by_key(|&i| (slots[i], actuals.contributions[i].date));
        }

        Ledger { years, cells, totals, company_index, by_company }
    }

    #[must_use]
    pub fn cell(&self, kpi: usize, year: usize) -> Option<&Cell> {
        if year >= self.years {
            return None;
        }
        self.cells.get(kpi * self.years + year)
    }

    #[must_use]
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    #[must_use]
    pub fn total(&self, kpi: usize) -> Option<&PeriodTotal> {
        self.totals.get(kpi)
    }

    #[must_use]
    pub fn company_position(&self, id: &str) -> Option<usize> {
        self.company_index.get(id).copied()
    }

    /// The contributions of one company (index into `Actuals::companies`).
    #[must_use]
    pub fn company_contributions(&self, company: usize) -> &[usize] {
        self.by_company.get(company).map_or(&[], Vec::as_slice)
    }
}

/// What of a ledger costs time to compute (the lists, sorted; the
/// figures), kept so that a ledger can be made again from the same plan
/// and actuals without sorting a million records: see [`Ledger::parts`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerParts {
    /// Per cell, in the ledger's order.
    pub cells: Vec<CellParts>,
    pub by_company: Vec<Vec<usize>>,
}

/// The computed part of one [`Cell`]; the rest comes from the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellParts {
    pub actual: Option<i64>,
    pub contributed: i64,
    pub stated: Option<usize>,
    pub contributions: Vec<usize>,
}

/// [`LedgerParts`] borrowed from the ledger, to be written: the same
/// layout (a slice is written as a list is), without a copy of every
/// record's place (about 20 MB at a million records).
#[derive(Debug, Serialize)]
pub struct LedgerPartsOut<'a> {
    cells: Vec<CellPartsOut<'a>>,
    by_company: &'a [Vec<usize>],
}

/// [`CellParts`] borrowed, to be written.
#[derive(Debug, Serialize)]
struct CellPartsOut<'a> {
    actual: Option<i64>,
    contributed: i64,
    stated: Option<usize>,
    contributions: &'a [usize],
}

impl Ledger {
    /// [`Ledger::parts`] borrowed, to be written as they would be.
    #[must_use]
    pub fn parts_out(&self) -> LedgerPartsOut<'_> {
        LedgerPartsOut {
            cells: self
                .cells
                .iter()
                .map(|c| CellPartsOut {
                    actual: c.actual.map(Quantity::milli),
                    contributed: c.contributed.milli(),
                    stated: c.stated,
                    contributions: &c.contributions,
                })
                .collect(),
            by_company: &self.by_company,
        }
    }

    /// The parts [`Ledger::from_parts`] makes this ledger again from.
    #[must_use]
    pub fn parts(&self) -> LedgerParts {
        LedgerParts {
            cells: self
                .cells
                .iter()
                .map(|c| CellParts {
                    actual: c.actual.map(Quantity::milli),
                    contributed: c.contributed.milli(),
                    stated: c.stated,
                    contributions: c.contributions.clone(),
                })
                .collect(),
            by_company: self.by_company.clone(),
        }
    }

    /// The ledger [`Ledger::build`] makes of this plan and these actuals,
    /// from the parts it made before of the very same files. Targets,
    /// achievements and plan-period figures are computed again (they take
    /// microseconds). `None` when the parts do not fit these records: an
    /// index out of range, or counts that differ.
    #[must_use]
    pub fn from_parts(plan: &Plan, actuals: &Actuals, parts: LedgerParts) -> Option<Ledger> {
        let years = plan.fiscal_years.len();
        let records = actuals.contributions.len();
        let fits = |list: &[usize]| list.iter().all(|&i| i < records);
        if parts.cells.len() != plan.kpis.len() * years
            || parts.by_company.len() != actuals.companies.len()
            || !parts.by_company.iter().all(|l| fits(l))
        {
            return None;
        }
        let mut cells = Vec::with_capacity(parts.cells.len());
        for (at, part) in parts.cells.into_iter().enumerate() {
            let (k, y) = (at / years, at % years);
            let (kpi, fy) = (&plan.kpis[k], plan.fiscal_years[y]);
            if !fits(&part.contributions)
                || part.stated.is_some_and(|i| i >= actuals.stated_totals.len())
            {
                return None;
            }
            let target = kpi.target(fy);
            let actual = part.actual.map(Quantity::from_milli);
            cells.push(Cell {
                kpi: k,
                year: y,
                fiscal_year: fy,
                target,
                actual,
                contributed: Quantity::from_milli(part.contributed),
                stated: part.stated,
                contributions: part.contributions,
                achievement: Achievement::evaluate(target, actual, plan.thresholds, kpi.better()),
                of_parts: kpi.kind != KpiKind::Rate,
            });
        }
        let totals = period_totals(plan, &cells);
        let company_index = company_index(actuals);
        Some(Ledger { years, cells, totals, company_index, by_company: parts.by_company })
    }
}

/// Each KPI's plan-period figure from its row of cells (`years` cells a KPI).
fn period_totals(plan: &Plan, cells: &[Cell]) -> Vec<PeriodTotal> {
    let years = plan.fiscal_years.len();
    plan.kpis
        .iter()
        .enumerate()
        .map(|(k, kpi)| period_total(kpi, &cells[k * years..(k + 1) * years], plan))
        .collect()
}

/// Each company's position by its id.
fn company_index(actuals: &Actuals) -> HashMap<String, usize> {
    actuals.companies.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect()
}

/// The plan-period figure of one KPI from its row of cells.
fn period_total(kpi: &Kpi, row: &[Cell], plan: &Plan) -> PeriodTotal {
    let rule = kpi.kind.period_rule();
    let (mut left_out, mut missing) = (Vec::new(), Vec::new());
    let (year, target, actual) = match rule {
        // Without any target, the actuals' sum stands alone (目標なし).
        PeriodRule::Sum if row.iter().all(|c| c.target.is_none()) => {
            (None, None, sum_present(row.iter().map(|c| c.actual)))
        }
        PeriodRule::Sum => {
            let years = |f: fn(&Cell) -> bool| -> Vec<FiscalYear> {
                row.iter().filter(|c| f(c)).map(|c| c.fiscal_year).collect()
            };
            // A zero left out changes no sum: not named.
            missing = years(|c| c.target.is_some() && c.actual.is_none());
            if missing.is_empty() {
                left_out = years(|c| c.target.is_none() && c.actual.is_some_and(|a| !a.is_zero()));
            }
            let targeted = || row.iter().filter(|c| c.target.is_some());
            let actual =
                if missing.is_empty() { sum_present(targeted().map(|c| c.actual)) } else { None };
            (None, sum_present(targeted().map(|c| c.target)), actual)
        }
        PeriodRule::FinalRunningTotal | PeriodRule::FinalValue => {
            // The final target year; both figures from that one year, so a
            // missing final actual is 実績なし, never an earlier year's figure.
            let last = row
                .iter()
                .rev()
                .find(|c| c.target.is_some())
                .or_else(|| row.iter().rev().find(|c| c.actual.is_some()))
                .or(row.last());
            (last.map(|c| c.fiscal_year), last.and_then(|c| c.target), last.and_then(|c| c.actual))
        }
    };
    PeriodTotal {
        rule,
        year,
        target,
        actual,
        achievement: Achievement::evaluate(target, actual, plan.thresholds, kpi.better()),
        left_out,
        missing,
    }
}

fn sum_present(values: impl Iterator<Item = Option<Quantity>>) -> Option<Quantity> {
    values.fold(None, |acc, v| match (acc, v) {
        (None, v) => v,
        (Some(a), Some(b)) => Some(a.saturating_add(b)),
        (a, None) => a,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::achievement::Status;
    use crate::domain::dataset::Dataset;
    use crate::domain::shared_str::SharedStr;
    use crate::store::embedded;

    fn kitami() -> Dataset {
        embedded::load().expect("the embedded default is valid").dataset
    }

    fn figures(d: &Dataset, kpi: &str, fy: i32) -> (Option<i64>, Option<i64>, Status) {
        let k = d.plan.kpi_index(kpi).expect("kpi");
        let y = d.plan.year_index(FiscalYear(fy)).expect("year");
        let c = d.ledger.cell(k, y).expect("cell");
        (
            c.target.map(Quantity::whole_units),
            c.actual.map(Quantity::whole_units),
            c.achievement.status,
        )
    }

    #[test]
    fn largest_first_then_earliest_then_as_listed() {
        use crate::domain::actuals::Contribution;
        let c = |value: i64, date: Option<&str>| Contribution {
            kpi: "k".into(),
            fiscal_year: FiscalYear(2019),
            company: "a".into(),
            value: Quantity::units(value),
            date: date.map(|d| d.parse().expect("date")),
            note: SharedStr::default(),
        };
        let list = vec![
            c(1, None),
            c(5, Some("2019-06-01")),
            c(5, Some("2019-05-01")),
            c(5, Some("2019-06-01")),
            c(1, None),
            c(9, None),
        ];
        // As a cumulative list gives them: not in index order.
        let mut rows = vec![4, 3, 5, 0, 1, 2];
        largest_first(&list, &mut rows);
        assert_eq!(rows, vec![5, 2, 3, 1, 4, 0]);
    }

    #[test]
    fn the_embedded_targets_are_the_seed_plans() {
        let d = kitami();
        assert_eq!(figures(&d, "新規移動人数", 2016).0, Some(10));
        assert_eq!(figures(&d, "新規移動人数", 2017).0, Some(50));
        assert_eq!(figures(&d, "新規移動人数", 2018).0, Some(50));
        assert_eq!(figures(&d, "新規参加企業数", 2016).0, None);
        assert_eq!(figures(&d, "新規参加企業数", 2017).0, Some(10));
        assert_eq!(figures(&d, "新規参加企業数", 2018).0, Some(10));
        assert_eq!(figures(&d, "進出企業数", 2016).0, None);
        assert_eq!(figures(&d, "進出企業数", 2017).0, Some(1));
        assert_eq!(figures(&d, "進出企業数", 2018).0, Some(1));
    }

    #[test]
    fn the_sample_covers_every_status_and_every_item() {
        let d = kitami();
        let statuses: Vec<Status> = d.ledger.cells().iter().map(|c| c.achievement.status).collect();
        for s in [Status::Achieved, Status::MostlyAchieved, Status::NotAchieved, Status::NoTarget] {
            assert!(statuses.contains(&s), "sample lacks {s:?}");
        }
        assert!(d.ledger.cells().iter().all(|c| c.actual.is_some()), "every item has an actual");
        let no_target_with_actual = d
            .ledger
            .cells()
            .iter()
            .any(|c| c.target.is_none() && c.actual.is_some_and(|a| !a.is_zero()));
        assert!(no_target_with_actual);
    }

    #[test]
    fn stated_total_is_the_figure_and_the_gap_is_kept() {
        let d = kitami();
        let k = d.plan.kpi_index("新規移動人数").expect("kpi");
        let y = d.plan.year_index(FiscalYear(2018)).expect("year");
        let cell = d.ledger.cell(k, y).expect("cell");
        let stated = cell.stated.map(|i| d.actuals.stated_totals[i].value);
        assert_eq!(cell.actual, stated);
        assert_eq!(
            cell.unexplained(),
            Some(cell.actual.unwrap_or_default().saturating_sub(cell.contributed))
        );
    }

    #[test]
    fn period_totals_sum_annual_kpis() {
        let d = kitami();
        let k = d.plan.kpi_index("新規移動人数").expect("kpi");
        let total = d.ledger.total(k).expect("total");
        assert_eq!(total.target, Some(Quantity::units(110)));
        let sum: Quantity = (0..3).filter_map(|y| d.ledger.cell(k, y)?.actual).sum();
        assert_eq!(total.actual, Some(sum));
    }

    /// A ledger made again from its parts is the ledger built, for the
    /// embedded default and a sample with every kind of KPI; parts that do
    /// not fit the records are refused.
    #[test]
    fn a_ledger_from_its_parts_is_the_ledger_built() {
        let size = crate::sample::MEDIUM;
        let plan = crate::sample::plan(size);
        let actuals = crate::sample::actuals(&plan, size);
        let cumulative = one_kpi(
            KpiKind::Cumulative,
            &[(2019, 10), (2021, 30)],
            &[(2019, "a", 8), (2019, "b", 9), (2021, "c", 10)],
            &[(2020, 20)],
        );
        let rate = one_kpi(KpiKind::Rate, &[(2021, 50)], &[], &[(2020, 40), (2021, 45)]);
        let sample = Dataset::new(plan, actuals).expect("the sample is valid");
        for d in [kitami(), sample, cumulative, rate] {
            let parts = d.ledger.parts();
            // Written borrowed, read back owned: the same bytes.
            assert_eq!(
                postcard::to_stdvec(&d.ledger.parts_out()).expect("borrowed"),
                postcard::to_stdvec(&parts).expect("owned")
            );
            let again = Ledger::from_parts(&d.plan, &d.actuals, parts.clone());
            assert_eq!(again.as_ref(), Some(&d.ledger));
            let mut wrong = parts.clone();
            wrong.cells[0].contributions.push(d.actuals.contributions.len());
            assert_eq!(Ledger::from_parts(&d.plan, &d.actuals, wrong), None);
            let mut short = parts;
            short.by_company.pop();
            assert_eq!(Ledger::from_parts(&d.plan, &d.actuals, short), None);
        }
    }

    #[test]
    fn contributions_are_largest_first() {
        let d = kitami();
        for cell in d.ledger.cells() {
            let values: Vec<Quantity> =
                cell.contributions.iter().map(|i| d.actuals.contributions[*i].value).collect();
            assert!(values.windows(2).all(|w| w[0] >= w[1]));
        }
    }

    /// A plan of one KPI of `kind` over 2019–2021 with `targets`, and the
    /// contributions (year, company, value) and stated totals (year, value).
    fn one_kpi(
        kind: KpiKind,
        targets: &[(i32, i64)],
        contributions: &[(i32, &str, i64)],
        stated: &[(i32, i64)],
    ) -> Dataset {
        use crate::domain::actuals::{Contribution, StatedTotal};
        use crate::domain::company::{Company, CompanyKind};
        let mut plan = embedded::plan().expect("plan").0;
        plan.fiscal_years = vec![FiscalYear(2019), FiscalYear(2020), FiscalYear(2021)];
        plan.kpis.truncate(1);
        let k = &mut plan.kpis[0];
        k.id = "k".into();
        k.kind = kind;
        k.targets = targets.iter().map(|(y, t)| (FiscalYear(*y), Quantity::units(*t))).collect();
        let mut actuals = crate::domain::actuals::Actuals::empty();
        for id in ["a", "b", "c"] {
            actuals.companies.push(Company {
                id: id.into(),
                name: format!("会社{id}"),
                head_office: String::new(),
                industry: String::new(),
                kind: CompanyKind::Local,
                reading: String::new(),
            });
        }
        for (y, company, v) in contributions {
            actuals.contributions.push(Contribution {
                kpi: "k".into(),
                fiscal_year: FiscalYear(*y),
                company: (*company).into(),
                value: Quantity::units(*v),
                date: None,
                note: SharedStr::default(),
            });
        }
        for (y, v) in stated {
            actuals.stated_totals.push(StatedTotal {
                kpi: "k".into(),
                fiscal_year: FiscalYear(*y),
                value: Quantity::units(*v),
                source: "町調べ".into(),
                status: None,
            });
        }
        Dataset::new(plan, actuals).expect("valid")
    }

    fn actuals_of(d: &Dataset) -> Vec<Option<i64>> {
        (0..3)
            .map(|y| d.ledger.cell(0, y).and_then(|c| c.actual).map(Quantity::whole_units))
            .collect()
    }

    fn period(d: &Dataset) -> (Option<i64>, Option<i64>, Option<i32>, PeriodRule) {
        let t = d.ledger.total(0).expect("total");
        (
            t.target.map(Quantity::whole_units),
            t.actual.map(Quantity::whole_units),
            t.year.map(|y| y.0),
            t.rule,
        )
    }

    #[test]
    fn a_cumulative_kpi_runs_its_total_over_the_years() {
        // One contribution a year: 8, 9, 10 → 8, 17, 27.
        let d = one_kpi(
            KpiKind::Cumulative,
            &[(2019, 10), (2020, 20), (2021, 30)],
            &[(2019, "a", 8), (2020, "b", 9), (2021, "c", 10)],
            &[],
        );
        assert_eq!(actuals_of(&d), [Some(8), Some(17), Some(27)]);
        // The plan-period figure is the final year's, never 8 + 17 + 27.
        assert_eq!(period(&d), (Some(30), Some(27), Some(2021), PeriodRule::FinalRunningTotal));
        let a = d.ledger.total(0).expect("total").achievement;
        assert_eq!(
            (a.rate.map(|r| r.to_string()), a.status),
            (Some("90.0%".into()), Status::MostlyAchieved)
        );
        // The drill-down of 2020 lists the companies behind 17, each with its own year.
        let cell = d.ledger.cell(0, 1).expect("2020");
        let behind: Vec<(i32, &str, i64)> = cell
            .contributions
            .iter()
            .map(|&i| {
                let c = &d.actuals.contributions[i];
                (c.fiscal_year.0, c.company.as_str(), c.value.whole_units())
            })
            .collect();
        assert_eq!(behind, [(2020, "b", 9), (2019, "a", 8)]);
        assert_eq!(cell.contributed, Quantity::units(17));
        assert_eq!(cell.unexplained(), None);
    }

    #[test]
    fn a_stated_total_of_a_cumulative_kpi_is_the_running_figure_as_given() {
        // 2019 stated 10 (8 broken down); 2020 adds 9 → 19; 2021 has no record.
        let d = one_kpi(
            KpiKind::Cumulative,
            &[(2019, 10), (2020, 20), (2021, 30)],
            &[(2019, "a", 8), (2020, "b", 9)],
            &[(2019, 10)],
        );
        assert_eq!(actuals_of(&d), [Some(10), Some(19), None]);
        let c2020 = d.ledger.cell(0, 1).expect("2020");
        assert_eq!(
            c2020.unexplained(),
            Some(Quantity::units(2)),
            "the part of 2019's total without breakdown"
        );
        assert_eq!(
            c2020.stated.map(|i| d.actuals.stated_totals[i].fiscal_year),
            Some(FiscalYear(2019))
        );
        // Not reached yet: 実績なし, never the earlier 19.
        assert_eq!(period(&d), (Some(30), None, Some(2021), PeriodRule::FinalRunningTotal));
        assert_eq!(d.ledger.total(0).expect("total").achievement.status, Status::NoActual);

        // A later stated total restarts the running figure as given.
        let d = one_kpi(
            KpiKind::Cumulative,
            &[(2021, 30)],
            &[(2019, "a", 8), (2020, "b", 9), (2021, "c", 10)],
            &[(2020, 25)],
        );
        assert_eq!(actuals_of(&d), [Some(8), Some(25), Some(35)]);
    }

    #[test]
    fn a_level_is_each_years_state_and_its_final_value() {
        let d = one_kpi(
            KpiKind::Level,
            &[(2019, 2), (2020, 3), (2021, 3)],
            &[
                (2019, "a", 1),
                (2019, "b", 1),
                (2020, "a", 1),
                (2020, "b", 1),
                (2020, "c", 1),
                (2021, "a", 1),
                (2021, "c", 1),
            ],
            &[],
        );
        assert_eq!(actuals_of(&d), [Some(2), Some(3), Some(2)]);
        assert_eq!(period(&d), (Some(3), Some(2), Some(2021), PeriodRule::FinalValue));
        assert_eq!(d.ledger.total(0).expect("total").achievement.status, Status::NotAchieved);
    }

    /// The rest behind a running total resting on two years' stated
    /// figures: 12人 stated in 2019 with 5 of them by companies, 30人 in
    /// 2020 with 4 of the 18 added: 7 of 2019 and 14 of 2020 (one row of 21
    /// had been labelled 2020). A year whose companies exceed its increase
    /// keeps the one rest of the latest figure.
    #[test]
    fn the_rest_behind_a_running_total_is_each_stated_years() {
        let rests = |d: &Dataset, y: usize| -> Vec<(i32, i64)> {
            let cell = d.ledger.cell(0, y).expect("cell");
            cell.rests(&d.actuals, &d.plan.kpis[0])
                .into_iter()
                .map(|(i, q)| (d.actuals.stated_totals[i].fiscal_year.0, q.milli() / 1000))
                .collect()
        };
        let contributions = [(2019, "a", 2), (2019, "b", 3), (2020, "b", 4), (2021, "c", 1)];
        let d =
            one_kpi(KpiKind::Cumulative, &[(2021, 40)], &contributions, &[(2019, 12), (2020, 30)]);
        assert_eq!(rests(&d, 0), [(2019, 7)]);
        assert_eq!(rests(&d, 1), [(2019, 7), (2020, 14)]);
        // 2021 rests on 2020's figure, its own company added on top.
        assert_eq!(d.ledger.cell(0, 2).and_then(|c| c.actual), Some(Quantity::units(31)));
        assert_eq!(rests(&d, 2), [(2019, 7), (2020, 14)]);
        // 2020's companies (20) above its increase (18): one rest of 2020's.
        let over = [(2019, "a", 2), (2020, "b", 20)];
        let d = one_kpi(KpiKind::Cumulative, &[(2021, 40)], &over, &[(2019, 12), (2020, 30)]);
        assert_eq!(rests(&d, 1), [(2020, 8)]);
        // Another kind: the one rest of its stated total.
        let d = one_kpi(KpiKind::Annual, &[(2021, 40)], &contributions, &[(2019, 12), (2020, 30)]);
        assert_eq!(rests(&d, 1), [(2020, 26)]);
    }

    #[test]
    fn a_rate_is_never_summed() {
        let d = one_kpi(
            KpiKind::Rate,
            &[(2019, 12), (2020, 15), (2021, 20)],
            &[],
            &[(2019, 13), (2020, 14), (2021, 21)],
        );
        assert_eq!(actuals_of(&d), [Some(13), Some(14), Some(21)]);
        assert_eq!(period(&d), (Some(20), Some(21), Some(2021), PeriodRule::FinalValue));
        assert_eq!(
            d.ledger.total(0).expect("total").achievement.rate.map(|r| r.to_string()).as_deref(),
            Some("105.0%")
        );
    }

    #[test]
    fn target_and_actual_of_a_final_year_come_from_the_same_year() {
        // The last target is 2020's; 2021 has a result but no target.
        let d = one_kpi(
            KpiKind::Level,
            &[(2019, 2), (2020, 3)],
            &[(2020, "a", 1), (2021, "a", 5)],
            &[],
        );
        assert_eq!(period(&d), (Some(3), Some(1), Some(2020), PeriodRule::FinalValue));
    }

    #[test]
    fn no_target_no_actual_and_zero_stay_three_states() {
        let d =
            one_kpi(KpiKind::Annual, &[(2020, 10), (2021, 10)], &[(2019, "a", 4)], &[(2020, 0)]);
        let status = |y| d.ledger.cell(0, y).expect("cell").achievement.status;
        assert_eq!(
            (status(0), status(1), status(2)),
            (Status::NoTarget, Status::NotAchieved, Status::NoActual)
        );
        assert_eq!(actuals_of(&d), [Some(4), Some(0), None]);
        // 2021's actual is not in yet: the period has none, never 4 of 20
        // (2019's 4 has no target, 2021's target no actual).
        assert_eq!(period(&d), (Some(20), None, None, PeriodRule::Sum));
        let total = d.ledger.total(0).expect("total");
        assert_eq!(total.achievement.status, Status::NoActual);
        // Nothing is summed: nothing is named as left out of the sum.
        assert_eq!(
            (total.left_out.clone(), total.missing.clone()),
            (vec![], vec![FiscalYear(2021)])
        );
    }

    /// A sum compares like with like: 新規参加企業数 has targets for
    /// 平成29・30年度 only (`-` for 平成28年度), so its plan-period actual is
    /// those two years' 8 + 11 = 19 of 20 (95.0%), not 22 with 平成28年度's
    /// 3 (110.0%, 達成). 進出企業数's 平成28年度 is 0: left out, not named.
    #[test]
    fn a_sum_counts_only_the_years_with_a_target() {
        let d = kitami();
        let total = |name| d.ledger.total(d.plan.kpi_index(name).expect("kpi")).expect("total");
        let joined = total("新規参加企業数");
        assert_eq!(figures(&d, "新規参加企業数", 2016), (None, Some(3), Status::NoTarget));
        assert_eq!(
            (joined.target, joined.actual),
            (Some(Quantity::units(20)), Some(Quantity::units(19)))
        );
        assert_eq!(joined.achievement.rate.map(|r| r.to_string()).as_deref(), Some("95.0%"));
        assert_eq!(
            (joined.left_out.clone(), joined.missing.clone()),
            (vec![FiscalYear(2016)], vec![])
        );
        let moved = total("進出企業数");
        assert_eq!(figures(&d, "進出企業数", 2016), (None, Some(0), Status::NoTarget));
        assert_eq!(
            (moved.target, moved.actual),
            (Some(Quantity::units(2)), Some(Quantity::units(3)))
        );
        assert!(moved.left_out.is_empty());
        // Every year with a target has an actual: nothing missing.
        assert!(total("新規移動人数").missing.is_empty());
    }
}
