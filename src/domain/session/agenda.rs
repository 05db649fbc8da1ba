//! The agenda (議題) the meeting steps through: KPI items and free items
//! (事業概要の説明, 交付金の執行状況, その他), in the order the secretariat
//! arranged them. A session that never arranged one follows the default
//! derived from the plan and the meeting date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Session;
use super::remark::{RemarkKind, Target};
use crate::domain::fiscal::FiscalYear;
use crate::domain::plan::Plan;

/// The id of the 前回の指摘事項 item (one per agenda).
pub const FOLLOW_UPS_ID: &str = "前回の指摘事項";
/// Its title unless renamed.
pub const FOLLOW_UPS_TITLE: &str = "前回の指摘事項への対応";

/// Where an earlier meeting's action item stands, as the secretariat says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum FollowUpStatus {
    /// 未着手.
    #[default]
    NotStarted,
    /// 対応中.
    InProgress,
    /// 対応済.
    Done,
}

impl FollowUpStatus {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            FollowUpStatus::NotStarted => "未着手",
            FollowUpStatus::InProgress => "対応中",
            FollowUpStatus::Done => "対応済",
        }
    }

    /// The next status, as Enter cycles them.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            FollowUpStatus::NotStarted => FollowUpStatus::InProgress,
            FollowUpStatus::InProgress => FollowUpStatus::Done,
            FollowUpStatus::Done => FollowUpStatus::NotStarted,
        }
    }
}

/// A 要対応事項 or 決定事項 of an earlier meeting, carried with its wording,
/// item and speaker, and what has been done about it since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// The remark's id in the earlier session.
    pub remark: String,
    pub kind: RemarkKind,
    pub text: String,
    /// What it was about: `新規移動人数 平成29年度`, 会議全体, a company.
    pub about: String,
    /// Who said it: `佐藤 花子（委員）`, or empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub speaker: String,
    #[serde(default)]
    pub status: FollowUpStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The earlier session's 要対応事項 and 決定事項 (those not deleted), in the
/// order they were said, each 未着手. `year` names a fiscal year.
#[must_use]
pub fn follow_ups(
    earlier: &Session,
    plan: &Plan,
    year: impl Fn(FiscalYear) -> String,
) -> Vec<FollowUp> {
    earlier
        .live_remarks()
        .filter(|r| matches!(r.kind, RemarkKind::Action | RemarkKind::Decision))
        .map(|r| FollowUp {
            remark: r.id.to_string(),
            kind: r.kind,
            text: r.text.to_string(),
            about: match &r.target {
                Target::Meeting => "会議全体".to_string(),
                Target::Item { kpi, fiscal_year } => {
                    let name = plan.kpi(kpi).map_or(kpi.as_str(), |k| k.name.as_str());
                    format!("{name} {}", year(*fiscal_year))
                }
                Target::Company { company } => company.to_string(),
                Target::Agenda { id } => earlier.free_item_title(id).unwrap_or(id).to_string(),
            },
            speaker: r
                .speaker
                .as_deref()
                .and_then(|s| earlier.sheet.attendee(s))
                .map(|a| format!("{}（{}）", a.name, role_word(a.role)))
                .unwrap_or_default(),
            status: FollowUpStatus::NotStarted,
            note: String::new(),
        })
        .collect()
}

fn role_word(role: super::Role) -> &'static str {
    match role {
        super::Role::Chair => "会長",
        super::Role::Member => "委員",
        super::Role::Secretariat => "事務局",
        super::Role::Observer => "オブザーバー",
    }
}

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
    /// 前回の指摘事項への対応: an earlier meeting's action items and
    /// decisions, each with its status and note.
    FollowUps {
        /// The earlier meeting, as its session named it (title or date).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        from: String,
        items: Vec<FollowUp>,
    },
}

impl AgendaItem {
    /// The KPI × fiscal year of a KPI item.
    #[must_use]
    pub fn kpi_item(&self) -> Option<(&str, FiscalYear)> {
        match self {
            AgendaItem::Kpi { kpi, fiscal_year, .. } => Some((kpi, *fiscal_year)),
            AgendaItem::Free { .. } | AgendaItem::FollowUps { .. } => None,
        }
    }

    /// The id of a free item.
    #[must_use]
    pub fn free_id(&self) -> Option<&str> {
        match self {
            AgendaItem::Free { id, .. } => Some(id),
            AgendaItem::FollowUps { .. } => Some(FOLLOW_UPS_ID),
            AgendaItem::Kpi { .. } => None,
        }
    }

    /// The title as the agenda shows it: the free item's title, a KPI
    /// item's own title if renamed, else the KPI's name and the year.
    #[must_use]
    pub fn title(&self, plan: &Plan, year: impl Fn(FiscalYear) -> String) -> String {
        match self {
            AgendaItem::Free { title, .. } => title.clone(),
            AgendaItem::FollowUps { .. } => FOLLOW_UPS_TITLE.to_string(),
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
