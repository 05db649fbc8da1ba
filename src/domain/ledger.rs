//! Aggregates computed once from a plan and its actuals: the figures of
//! every KPI × fiscal year, the plan-period totals, and which contributions
//! belong to which item and company. Nothing per frame is proportional to
//! the data: screens read from here.

use std::collections::HashMap;

use super::achievement::Achievement;
use super::actuals::Actuals;
use super::fiscal::FiscalYear;
use super::plan::{KpiKind, Plan};
use super::quantity::Quantity;

/// The figures of one KPI in one fiscal year.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub kpi: usize,
    pub year: usize,
    pub fiscal_year: FiscalYear,
    pub target: Option<Quantity>,
    /// The figure: the stated total when there is one, otherwise the sum of
    /// contributions; `None` when neither exists.
    pub actual: Option<Quantity>,
    /// The sum of the contributions alone.
    pub contributed: Quantity,
    /// Index into `Actuals::stated_totals`.
    pub stated: Option<usize>,
    /// Indices into `Actuals::contributions`, largest value first.
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

/// A KPI over the whole plan period: the sum of the years for an annual
/// KPI, the last year for a cumulative one.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodTotal {
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

        let mut cells: Vec<Cell> = Vec::with_capacity(plan.kpis.len() * years);
        for (k, kpi) in plan.kpis.iter().enumerate() {
            for (y, fy) in plan.fiscal_years.iter().enumerate() {
                cells.push(Cell {
                    kpi: k,
                    year: y,
                    fiscal_year: *fy,
                    target: kpi.target(*fy),
                    actual: None,
                    contributed: Quantity::ZERO,
                    stated: None,
                    contributions: Vec::new(),
                    achievement: Achievement::evaluate(kpi.target(*fy), None, plan.thresholds),
                });
            }
        }
        // Each contribution's cell, looked up once.
        let slots: Vec<Option<usize>> =
            actuals.contributions.iter().map(|c| slot(&c.kpi, c.fiscal_year)).collect();
        for (i, c) in actuals.contributions.iter().enumerate() {
            if let Some(s) = slots[i] {
                cells[s].contributions.push(i);
                cells[s].contributed = cells[s].contributed.saturating_add(c.value);
            }
        }
        for (i, st) in actuals.stated_totals.iter().enumerate() {
            if let Some(s) = slot(&st.kpi, st.fiscal_year) {
                cells[s].stated = Some(i);
                cells[s].actual = Some(st.value);
            }
        }
        for cell in &mut cells {
            if cell.stated.is_none() && !cell.contributions.is_empty() {
                cell.actual = Some(cell.contributed);
            }
            let list = &actuals.contributions;
            // Indices ascend already, so a stable sort keeps that last tie-break.
            cell.contributions.sort_by_key(|&i| (std::cmp::Reverse(list[i].value), list[i].date));
            cell.achievement = Achievement::evaluate(cell.target, cell.actual, plan.thresholds);
        }

        let totals = plan
            .kpis
            .iter()
            .enumerate()
            .map(|(k, kpi)| {
                let row = &cells[k * years..(k + 1) * years];
                let (target, actual) = match kpi.kind {
                    KpiKind::Annual => (
                        sum_present(row.iter().map(|c| c.target)),
                        sum_present(row.iter().map(|c| c.actual)),
                    ),
                    KpiKind::Cumulative => (
                        row.iter().rev().find_map(|c| c.target),
                        row.iter().rev().find_map(|c| c.actual),
                    ),
                };
                PeriodTotal {
                    target,
                    actual,
                    achievement: Achievement::evaluate(target, actual, plan.thresholds),
                }
            })
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
