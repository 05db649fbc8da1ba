//! The session sheet: what the minutes' heading says.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::domain::record_error::RecordError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// 会長.
    Chair,
    /// 委員.
    Member,
    /// 事務局.
    Secretariat,
    /// オブザーバー.
    Observer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Chair, Role::Member, Role::Secretariat, Role::Observer];

    #[must_use]
    pub fn next(self) -> Role {
        let i = Role::ALL.iter().position(|r| *r == self).unwrap_or(0);
        Role::ALL[(i + 1) % Role::ALL.len()]
    }

    #[must_use]
    pub fn previous(self) -> Role {
        let i = Role::ALL.iter().position(|r| *r == self).unwrap_or(0);
        Role::ALL[(i + Role::ALL.len() - 1) % Role::ALL.len()]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendee {
    /// Short and stable: remarks name their speaker by it.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub affiliation: String,
    pub role: Role,
    /// Listed but not present (欠席者 in the minutes).
    #[serde(default, skip_serializing_if = "is_false")]
    pub absent: bool,
    /// Signs the minutes (議事録署名人).
    #[serde(default, skip_serializing_if = "is_false")]
    pub signer: bool,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

impl Attendee {
    /// A present attendee who does not sign.
    #[must_use]
    pub fn new(id: &str, name: &str, affiliation: &str, role: Role) -> Self {
        Attendee {
            id: id.to_string(),
            name: name.to_string(),
            affiliation: affiliation.to_string(),
            role,
            absent: false,
            signer: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// e.g. 令和元年度 第1回 北見地域企業立地促進協議会.
    pub title: String,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub start: Option<NaiveTime>,
    #[serde(default)]
    pub end: Option<NaiveTime>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub attendees: Vec<Attendee>,
    /// 配布資料, in order: `資料1 令和元年度KPI実績一覧`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<String>,
    /// 次回開催, as the council says it: `令和2年5月頃（日程は別途調整）`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub next_meeting: String,
}

impl Sheet {
    #[must_use]
    pub fn attendee(&self, id: &str) -> Option<&Attendee> {
        self.attendees.iter().find(|a| a.id == id)
    }

    /// Who may be named as speaking: the attendees present (欠席 not), in
    /// the sheet's order, as the remark editor numbers them.
    #[must_use]
    pub fn speakers(&self) -> Vec<&Attendee> {
        self.attendees.iter().filter(|a| !a.absent).collect()
    }

    /// An id for a new attendee: `a1`, `a2`, … one past the largest used.
    #[must_use]
    pub fn next_attendee_id(&self) -> String {
        let max = self
            .attendees
            .iter()
            .filter_map(|a| a.id.strip_prefix('a')?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        format!("a{}", max + 1)
    }

    pub fn validate(&self) -> Result<(), RecordError> {
        let mut ids = std::collections::HashSet::new();
        for (i, a) in self.attendees.iter().enumerate() {
            let record = format!("sheet.attendees[{i}] ({:?})", a.id);
            if a.id.trim().is_empty() {
                return Err(RecordError::new(record, "the attendee id is empty"));
            }
            if !ids.insert(a.id.as_str()) {
                return Err(RecordError::new(record, format!("duplicate attendee id {:?}", a.id)));
            }
        }
        Ok(())
    }
}
