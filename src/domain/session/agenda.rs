//! The agenda (議題) the meeting steps through: KPI items and free items
//! (事業概要の説明, 交付金の執行状況, その他), in the order the secretariat
//! arranged them. A session that never arranged one follows the default
//! derived from the plan and the meeting date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::fiscal::FiscalYear;
use crate::domain::plan::Plan;

/// One item of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgendaItem {
    /// One KPI in one fiscal year; `title` renames it on the agenda.
    Kpi {
        kpi: String,
        fiscal_year: FiscalYear,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
    },
    /// An item that is not a KPI, with its 資料番号 and an optional note.
    Free {
        /// Unique within the session; remarks on the item name it.
        id: String,
        title: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        document: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
}

impl AgendaItem {
    /// The KPI × fiscal year of a KPI item.
    #[must_use]
    pub fn kpi_item(&self) -> Option<(&str, FiscalYear)> {
        match self {
            AgendaItem::Kpi { kpi, fiscal_year, .. } => Some((kpi, *fiscal_year)),
            AgendaItem::Free { .. } => None,
        }
    }

    /// The id of a free item.
    #[must_use]
    pub fn free_id(&self) -> Option<&str> {
        match self {
            AgendaItem::Free { id, .. } => Some(id),
            AgendaItem::Kpi { .. } => None,
        }
    }

    /// The title as the agenda shows it: the free item's title, a KPI
    /// item's own title if renamed, else the KPI's name and the year.
    #[must_use]
    pub fn title(&self, plan: &Plan, year: impl Fn(FiscalYear) -> String) -> String {
        match self {
            AgendaItem::Free { title, .. } => title.clone(),
            AgendaItem::Kpi { title, .. } if !title.trim().is_empty() => title.clone(),
            AgendaItem::Kpi { kpi, fiscal_year, .. } => {
                let name = plan.kpi(kpi).map_or(kpi.as_str(), |k| k.name.as_str());
                format!("{name} {}", year(*fiscal_year))
            }
        }
    }
}

/// The default agenda: each KPI in plan order in the fiscal year the
/// meeting evaluates (the one that ended before the meeting date: a meeting
/// on 2019-05-20 evaluates 平成30年度). Without a date, every KPI × fiscal
/// year in plan order.
#[must_use]
pub fn default_agenda(plan: &Plan, date: Option<NaiveDate>) -> Vec<AgendaItem> {
    let item = |kpi: &str, fiscal_year: FiscalYear| AgendaItem::Kpi {
        kpi: kpi.to_string(),
        fiscal_year,
        title: String::new(),
    };
    match date.and_then(|d| plan.evaluated_year(d)) {
        Some(fy) => plan.kpis.iter().map(|k| item(&k.id, fy)).collect(),
        None => plan
            .kpis
            .iter()
            .flat_map(|k| plan.fiscal_years.iter().map(|fy| item(&k.id, *fy)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        crate::store::embedded::load().expect("embedded default").dataset.plan
    }

    #[test]
    fn a_meeting_in_may_2019_evaluates_heisei_30() {
        let plan = plan();
        let agenda = default_agenda(&plan, "2019-05-20".parse().ok());
        assert_eq!(agenda.len(), plan.kpis.len());
        assert_eq!(agenda[0].kpi_item(), Some((plan.kpis[0].id.as_str(), FiscalYear(2018))));
        let title = agenda[0].title(&plan, FiscalYear::wareki);
        assert_eq!(title, format!("{} 平成30年度", plan.kpis[0].name));
        assert!(agenda.iter().all(|a| a.kpi_item().map(|(_, fy)| fy) == Some(FiscalYear(2018))));
    }

    #[test]
    fn without_a_date_every_kpi_and_year_is_on_it() {
        let plan = plan();
        let agenda = default_agenda(&plan, None);
        assert_eq!(agenda.len(), plan.kpis.len() * plan.fiscal_years.len());
        assert_eq!(agenda[1].kpi_item(), Some((plan.kpis[0].id.as_str(), plan.fiscal_years[1])));
    }
}
