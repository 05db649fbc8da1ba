//! Aggregates computed once from a plan and its actuals: the figures of
//! every KPI × fiscal year, the plan-period figures, and which
//! contributions belong to which item and company. Nothing per frame is
//! proportional to the data: screens read from here.
//!
//! Every figure follows the KPI's kind ([`KpiKind`]): a 単年度 or 水準
//! year's actual is that year's records; a 累計 year's actual is the
//! running total; a 率 is never summed.

use std::collections::HashMap;

use super::achievement::Achievement;
use super::actuals::Actuals;
use super::fiscal::FiscalYear;
use super::plan::{KpiKind, PeriodRule, Plan};
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
}

impl Cell {
    /// Stated total minus the contributions, when a total is stated and
    /// contributions exist: positive means part of the total has no
    /// breakdown, negative means the breakdown exceeds the stated total.
    #[must_use]
    pub fn unexplained(&self) -> Option<Quantity> {
        let stated = self.actual.filter(|_| self.stated.is_some())?;
        Some(stated.saturating_sub(self.contributed))
    }
}

/// A KPI over the whole plan period, made by its kind's rule: the sum of
/// the years (単年度), or the final year's figure (累計, 水準, 率).
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
}

#[derive(Debug, Clone)]
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
                let list = &actuals.contributions;
                // Indices ascend already, so a stable sort keeps that last tie-break.
                contributions.sort_by_key(|&i| (std::cmp::Reverse(list[i].value), list[i].date));
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
                    achievement: Achievement::evaluate(target, actual, plan.thresholds),
                });
            }
        }

        let totals = plan
            .kpis
            .iter()
            .enumerate()
            .map(|(k, kpi)| period_total(kpi.kind, &cells[k * years..(k + 1) * years], plan))
            .collect();

        let company_index: HashMap<String, usize> =
            actuals.companies.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
        let mut by_company: Vec<Vec<usize>> = vec![Vec::new(); actuals.companies.len()];
        for (i, c) in actuals.contributions.iter().enumerate() {
            if slots[i].is_some()
                && let Some(&ci) = company_index.get(&c.company)
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

/// The plan-period figure of one KPI from its row of cells.
fn period_total(kind: KpiKind, row: &[Cell], plan: &Plan) -> PeriodTotal {
    let rule = kind.period_rule();
    let (year, target, actual) = match rule {
        PeriodRule::Sum => (
            None,
            sum_present(row.iter().map(|c| c.target)),
            sum_present(row.iter().map(|c| c.actual)),
        ),
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
        achievement: Achievement::evaluate(target, actual, plan.thresholds),
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

    #[test]
    fn contributions_are_largest_first() {
        let d = kitami();
        for cell in d.ledger.cells() {
            let values: Vec<Quantity> =
                cell.contributions.iter().map(|i| d.actuals.contributions[*i].value).collect();
            assert!(values.windows(2).all(|w| w[0] >= w[1]));
        }
    }
}
