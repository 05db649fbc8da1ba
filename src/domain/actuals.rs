//! Actual results: who contributed how much to which KPI in which year.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::company::Company;
use super::fiscal::FiscalYear;
use super::plan::{KpiKind, Plan, years_list};
use super::quantity::Quantity;
use super::record_error::RecordError;
use crate::i18n::tr;

/// The message for a value below zero.
fn negative(value: Quantity) -> String {
    tr(
        format!("値は 0 以上でなければなりません（{value} とあります）"),
        format!("expected a value of zero or more, found {value}"),
    )
}
use super::shared_str::{Interner, SharedStr};

pub const ACTUALS_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actuals {
    /// A newer version is refused while reading, with its position.
    #[serde(deserialize_with = "crate::domain::format_version::expect::<_, ACTUALS_VERSION>")]
    pub version: u32,
    /// Sample data are labelled サンプル on screen and in every export.
    #[serde(default)]
    pub sample: bool,
    #[serde(default)]
    pub companies: Vec<Company>,
    #[serde(default)]
    pub contributions: Vec<Contribution>,
    /// Totals stated without a breakdown, each with its source.
    #[serde(default)]
    pub stated_totals: Vec<StatedTotal>,
}

/// One company's part of one KPI in one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contribution {
    pub kpi: SharedStr,
    pub fiscal_year: FiscalYear,
    pub company: SharedStr,
    pub value: Quantity,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub note: SharedStr,
}

/// The official figure for a KPI and year, given with its source (e.g.
/// 北見市商工観光部調べ). When contributions also exist, the stated total is
/// the figure and the difference is shown, never hidden.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatedTotal {
    pub kpi: String,
    pub fiscal_year: FiscalYear,
    pub value: Quantity,
    pub source: String,
    /// 速報 or 確定, when the source says which.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<FigureStatus>,
}

/// Whether a stated figure is preliminary or final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FigureStatus {
    /// 速報.
    Preliminary,
    /// 確定.
    Final,
}

impl FigureStatus {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            FigureStatus::Preliminary => "速報",
            FigureStatus::Final => "確定",
        }
    }
}

impl StatedTotal {
    /// The source as shown beside the figure: `北見市商工観光部調べ（速報）`.
    #[must_use]
    pub fn source_with_status(&self) -> String {
        match self.status {
            Some(s) => format!("{}（{}）", self.source, s.label()),
            None => self.source.clone(),
        }
    }
}

impl Actuals {
    /// An empty actuals file (a plan with no results yet).
    #[must_use]
    pub fn empty() -> Self {
        Actuals {
            version: ACTUALS_VERSION,
            sample: false,
            companies: Vec::new(),
            contributions: Vec::new(),
            stated_totals: Vec::new(),
        }
    }

    /// Holds each distinct KPI id, company id and note of the contributions
    /// once, shared by the records that name it (a parsed file gives every
    /// record its own copies).
    pub fn share_texts(&mut self) {
        let mut interner = Interner::default();
        for c in &mut self.contributions {
            for text in [&mut c.kpi, &mut c.company, &mut c.note] {
                *text = interner.take(std::mem::take(text));
            }
        }
    }

    /// Checks the file against the plan: known KPIs and companies, years
    /// inside the plan, no negative values, dates inside their fiscal
    /// year, no duplicate ids or stated totals.
    pub fn validate(&self, plan: &Plan) -> Result<(), RecordError> {
        let company_ids = self.company_ids()?;
        let kpi_ids = || plan.kpis.iter().map(|k| k.id.as_str()).collect::<Vec<_>>().join(", ");
        // What is wrong with a KPI and year, if anything (the caller names the record).
        let kpi_year = |kpi: &str, fy: FiscalYear| -> Result<(), String> {
            if plan.kpi(kpi).is_none() {
                let ids = kpi_ids();
                return Err(tr(
                    format!("KPI の id {kpi:?} は計画にありません。次のどれかです: {ids}"),
                    format!("unknown KPI id {kpi:?}; expected one of: {ids}"),
                ));
            }
            if !plan.fiscal_years.contains(&fy) {
                let (year, years) = (fy.0, years_list(&plan.fiscal_years));
                return Err(tr(
                    format!("{year} 年度は計画の期間外です。次のどれかです: {years}"),
                    format!("fiscal year {year} is outside the plan; expected one of: {years}"),
                ));
            }
            Ok(())
        };
        let contribution = |c: &Contribution| -> Result<(), String> {
            kpi_year(&c.kpi, c.fiscal_year)?;
            if let Some(kpi) = plan.kpi(&c.kpi)
                && kpi.kind == KpiKind::Rate
            {
                let kpi = &c.kpi;
                return Err(tr(
                    format!(
                        "{kpi:?} は率の KPI です。率は企業ごとの値を足して求めるものではないため、その年度の率を stated_totals に書いてください"
                    ),
                    format!(
                        "{kpi:?} is a 率 (rate) KPI: a rate is not the sum of companies' parts; give the year's figure as a stated total instead"
                    ),
                ));
            }
            if !company_ids.contains_key(c.company.as_str()) {
                let company = &c.company;
                return Err(tr(
                    format!(
                        "企業の id {company:?} は companies にありません。先に追加してください"
                    ),
                    format!("unknown company id {company:?}; add it to companies first"),
                ));
            }
            if c.value.is_negative() {
                return Err(negative(c.value));
            }
            if let Some(date) = c.date
                && !c.fiscal_year.contains(date)
            {
                let fy = c.fiscal_year;
                let (year, start, end) = (fy.0, fy.start(), fy.end());
                return Err(tr(
                    format!("日付 {date} は {year} 年度（{start}〜{end}）のものではありません"),
                    format!("date {date} is not in fiscal year {year} ({start} to {end})"),
                ));
            }
            Ok(())
        };
        // The record's name is written out only for the one that is wrong.
        for (i, c) in self.contributions.iter().enumerate() {
            contribution(c).map_err(|message| {
                RecordError::new(
                    format!("contributions[{i}] (kpi {:?}, company {:?})", c.kpi, c.company),
                    message,
                )
            })?;
        }
        self.validate_stated(&kpi_year)
    }

    /// Each company's position by its id; an error for an empty id or
    /// name, or an id used twice.
    fn company_ids(&self) -> Result<HashMap<&str, usize>, RecordError> {
        let mut company_ids: HashMap<&str, usize> = HashMap::with_capacity(self.companies.len());
        for (i, c) in self.companies.iter().enumerate() {
            // Named only when wrong (a hundred thousand companies).
            let record = || format!("companies[{i}] ({:?})", c.id);
            if c.id.trim().is_empty() {
                return Err(RecordError::new(
                    record(),
                    tr("企業の id が空です", "the company id is empty"),
                ));
            }
            if c.name.trim().is_empty() {
                return Err(RecordError::new(
                    record(),
                    tr("企業名が空です", "the company name is empty"),
                ));
            }
            if let Some(first) = company_ids.insert(c.id.as_str(), i) {
                return Err(RecordError::new(
                    record(),
                    tr(
                        format!(
                            "企業の id {:?} が重複しています。companies[{first}] ですでに使われています",
                            c.id
                        ),
                        format!(
                            "duplicate company id {:?}; it is already used by companies[{first}]",
                            c.id
                        ),
                    ),
                ));
            }
        }
        Ok(company_ids)
    }

    /// The stated totals: a KPI and year of the plan, no negative value,
    /// one for each KPI and year, each with its source.
    fn validate_stated(
        &self,
        kpi_year: &dyn Fn(&str, FiscalYear) -> Result<(), String>,
    ) -> Result<(), RecordError> {
        let mut stated = HashSet::new();
        for (i, s) in self.stated_totals.iter().enumerate() {
            let record =
                format!("stated_totals[{i}] (kpi {:?}, fiscal year {})", s.kpi, s.fiscal_year.0);
            kpi_year(&s.kpi, s.fiscal_year).map_err(|m| RecordError::new(record.clone(), m))?;
            if s.value.is_negative() {
                return Err(RecordError::new(record, negative(s.value)));
            }
            if !stated.insert((s.kpi.as_str(), s.fiscal_year)) {
                return Err(RecordError::new(
                    record,
                    tr(
                        "この KPI と年度の合計値はすでに書かれています",
                        "a total for this KPI and fiscal year is already stated",
                    ),
                ));
            }
            if s.source.trim().is_empty() {
                return Err(RecordError::new(
                    record,
                    tr("合計値には出典（source）が必要です", "a stated total needs its source"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A million records are held in memory: five words a record (the
    /// three texts shared, one word each).
    #[test]
    fn a_contribution_takes_forty_bytes() {
        assert_eq!(std::mem::size_of::<Contribution>(), 40);
    }

    #[test]
    fn a_rate_takes_no_contributions() {
        let (mut plan, _) = crate::store::embedded::plan().expect("plan");
        plan.kpis[0].kind = KpiKind::Rate;
        let (actuals, _) = crate::store::embedded::actuals().expect("actuals");
        let e = actuals.validate(&plan).expect_err("refused").to_string();
        assert!(e.contains("is a 率 (rate) KPI") && e.contains("stated total"), "{e}");
    }
}
