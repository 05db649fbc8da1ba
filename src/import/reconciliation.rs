//! What an import read, row by row: the reconciliation the secretariat
//! reads before the meeting. Every non-empty row of every sheet read has
//! exactly one fate; the totals per KPI × 年度 are those the program will
//! show. Printed by `import actuals`, written as Markdown with
//! `--reconciliation FILE`, and drawn by the preview.

use std::collections::BTreeSet;

use crate::domain::actuals::Actuals;
use crate::domain::fiscal::FiscalYear;
use crate::domain::ledger::Ledger;
use crate::domain::plan::{KpiKind, Plan};
use crate::domain::quantity::Quantity;

use super::layout::{Field, Layout};
use super::table::{CellError, Table};

/// What became of one row.
#[derive(Debug, Clone, PartialEq)]
pub enum Fate {
    /// Above the header: a title or a note.
    Title,
    Header,
    /// The header again, lower down.
    RepeatedHeader,
    /// A company's contribution.
    Used {
        kpi: String,
        fiscal_year: FiscalYear,
        company: String,
        value: Quantity,
    },
    /// A subtotal, checked against the rows it sums and left out.
    Subtotal {
        kpi: String,
        fiscal_year: FiscalYear,
        value: Quantity,
        sums: Vec<usize>,
    },
    /// The item's total as the file states it.
    StatedTotal {
        kpi: String,
        fiscal_year: FiscalYear,
        value: Quantity,
    },
    /// Not read, for the reason given.
    Skipped(Skip),
    /// Refused: the import writes nothing.
    Refused(String),
}

/// Why a row was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// A hidden row, with `--hidden skip`.
    Hidden,
    /// Its values are only in columns that are not read.
    NoValue,
    /// A note under or in the table (注：…, ※…), its one cell.
    Note,
}

/// One row's fate, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct RowFate {
    /// Index into [`Reconciliation::sheets`].
    pub sheet: usize,
    /// The row number as the spreadsheet shows it.
    pub number: usize,
    /// Index into the sheet's table rows.
    pub index: usize,
    pub fate: Fate,
}

/// A sheet (or a CSV file) that was read, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRead {
    pub table: Table,
    /// `None` when no header was found in it.
    pub layout: Option<Layout>,
}

impl SheetRead {
    /// The field read from a cell index, if any.
    #[must_use]
    pub fn field_of(&self, column: usize) -> Option<Field> {
        self.layout.as_ref().and_then(|l| l.field_of(column))
    }
}

/// How a stated total compares with the companies' sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Equal: the breakdown is complete.
    Equal,
    /// Larger: the rest has no company breakdown.
    Rest(Quantity),
    /// Smaller: refused.
    Short(Quantity),
}

/// The figures of one KPI × 年度 as the import gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub kpi: String,
    pub kpi_name: String,
    pub unit: String,
    pub fiscal_year: FiscalYear,
    /// Distinct companies contributing.
    pub companies: usize,
    /// Their contributions' sum.
    pub sum: Quantity,
    pub stated: Option<Quantity>,
    /// What the program shows: the stated total, else the sum.
    pub figure: Quantity,
    pub check: Option<Check>,
}

impl Item {
    /// The companies' sum as the report writes it: － when there is no
    /// company (a stated total alone), which is no sum of 0.
    #[must_use]
    pub fn sum_text(&self, unit: &str) -> String {
        if self.companies == 0 { "－".to_string() } else { format!("{}{unit}", self.sum) }
    }
}

/// Everything an import read and decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciliation {
    pub file: String,
    pub sheets: Vec<SheetRead>,
    /// Sheets not read, with the reason.
    pub not_read: Vec<(String, String)>,
    pub rows: Vec<RowFate>,
    pub warnings: Vec<CellError>,
    pub errors: Vec<CellError>,
    pub items: Vec<Item>,
    /// Rows refused for a KPI the plan does not have or a fiscal year
    /// outside it: the file may be another plan's.
    pub outside_plan: usize,
}

impl Reconciliation {
    /// Counts of the rows by fate: read (non-empty), used, subtotal,
    /// stated total, skipped, refused.
    #[must_use]
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.rows {
            match r.fate {
                Fate::Title | Fate::Header | Fate::RepeatedHeader => c.other += 1,
                Fate::Used { .. } => c.used += 1,
                Fate::Subtotal { .. } => c.subtotal += 1,
                Fate::StatedTotal { .. } => c.stated += 1,
                Fate::Skipped(_) => c.skipped += 1,
                Fate::Refused(_) => c.refused += 1,
            }
        }
        c.read = self.rows.len();
        c
    }

    /// The fate of a sheet's row, by its index in the table.
    #[must_use]
    pub fn fate(&self, sheet: usize, index: usize) -> Option<&Fate> {
        self.rows.iter().find(|r| r.sheet == sheet && r.index == index).map(|r| &r.fate)
    }

    /// The sheet's name as messages give it.
    #[must_use]
    pub fn sheet_name(&self, sheet: usize) -> Option<&str> {
        self.sheets.get(sheet).and_then(|s| s.table.sheet.as_deref())
    }
}

/// How many rows met each fate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub read: usize,
    pub used: usize,
    pub subtotal: usize,
    pub stated: usize,
    pub skipped: usize,
    pub refused: usize,
    /// Titles and headers.
    pub other: usize,
}

/// A 累計 KPI's stated total below the highest stated in an earlier year:
/// a running figure does not fall, so it is likely the year's own increase
/// (an office's yearly 8, 5, 6 read as running figures showed 6 for 19).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningFall {
    pub kpi: String,
    pub kpi_name: String,
    pub fiscal_year: FiscalYear,
    pub value: Quantity,
    pub earlier_year: FiscalYear,
    pub earlier_value: Quantity,
}

/// Every [`RunningFall`] of the plan's 累計 KPIs, in plan order.
#[must_use]
pub fn running_falls(plan: &Plan, actuals: &Actuals) -> Vec<RunningFall> {
    let mut falls = Vec::new();
    for kpi in plan.kpis.iter().filter(|k| k.kind == KpiKind::Cumulative) {
        let mut stated: Vec<_> = actuals.stated_totals.iter().filter(|s| s.kpi == kpi.id).collect();
        stated.sort_by_key(|s| s.fiscal_year);
        let mut highest: Option<(FiscalYear, Quantity)> = None;
        for s in stated {
            match highest {
                Some((year, value)) if s.value < value => falls.push(RunningFall {
                    kpi: kpi.id.clone(),
                    kpi_name: kpi.name.clone(),
                    fiscal_year: s.fiscal_year,
                    value: s.value,
                    earlier_year: year,
                    earlier_value: value,
                }),
                Some((_, value)) if s.value == value => {}
                _ => highest = Some((s.fiscal_year, s.value)),
            }
        }
    }
    falls
}

/// The figures per KPI × 年度, in plan order, of the items that have any,
/// as the program shows them: a 累計 year's figure is the running total,
/// checked against the contributions of that year and every earlier one
/// (its running figure 30人 against that year's 4人 alone read 26人 without
/// a breakdown, where the item screen shows 21人), and without a stated
/// total it is the running sum, not the year's own.
#[must_use]
pub fn items(plan: &Plan, actuals: &Actuals) -> Vec<Item> {
    let ledger = Ledger::build(plan, actuals);
    let mut items = Vec::new();
    for (k, kpi) in plan.kpis.iter().enumerate() {
        for (y, fy) in plan.fiscal_years.iter().enumerate() {
            let own: Vec<_> = actuals
                .contributions
                .iter()
                .filter(|c| c.kpi == kpi.id && c.fiscal_year == *fy)
                .collect();
            let stated = actuals
                .stated_totals
                .iter()
                .find(|s| s.kpi == kpi.id && s.fiscal_year == *fy)
                .map(|s| s.value);
            if own.is_empty() && stated.is_none() {
                continue;
            }
            let cell = ledger.cell(k, y);
            let parts: Vec<_> = match (kpi.kind, cell) {
                (KpiKind::Cumulative, Some(c)) => {
                    c.contributions.iter().map(|&i| &actuals.contributions[i]).collect()
                }
                _ => own,
            };
            let sum: Quantity = parts.iter().map(|c| c.value).sum();
            let companies = parts.iter().map(|c| c.company.as_str()).collect::<BTreeSet<_>>().len();
            let check = stated.filter(|_| !parts.is_empty()).map(|s| match s.cmp(&sum) {
                std::cmp::Ordering::Equal => Check::Equal,
                std::cmp::Ordering::Greater => Check::Rest(s.saturating_sub(sum)),
                std::cmp::Ordering::Less => Check::Short(sum.saturating_sub(s)),
            });
            items.push(Item {
                kpi: kpi.id.clone(),
                kpi_name: kpi.name.clone(),
                unit: kpi.unit.clone(),
                fiscal_year: *fy,
                companies,
                sum,
                stated,
                figure: cell.and_then(|c| c.actual).unwrap_or(stated.unwrap_or(sum)),
                check,
            });
        }
    }
    items
}
