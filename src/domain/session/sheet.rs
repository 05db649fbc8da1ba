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
}

impl Sheet {
    #[must_use]
    pub fn attendee(&self, id: &str) -> Option<&Attendee> {
        self.attendees.iter().find(|a| a.id == id)
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
