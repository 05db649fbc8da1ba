//! A remark: something said at the meeting, recorded with its speaker,
//! kind and target, and every earlier wording.

use serde::{Deserialize, Serialize};

use super::Stamp;
use crate::domain::fiscal::FiscalYear;

/// An id a remark names (a KPI's, a company's, an agenda item's, its
/// speaker's): held in place up to 24 bytes, so that reading a hundred
/// thousand remarks asks for no memory for them, and going through them
/// (the remark index) follows no pointer to tell their targets apart.
/// Written and read as any text is.
pub type ShortId = compact_str::CompactString;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RemarkKind {
    /// 意見.
    Opinion,
    /// 質問.
    Question,
    /// 回答.
    Answer,
    /// 決定.
    Decision,
    /// 要対応.
    Action,
}

impl RemarkKind {
    pub const ALL: [RemarkKind; 5] = [
        RemarkKind::Opinion,
        RemarkKind::Question,
        RemarkKind::Answer,
        RemarkKind::Decision,
        RemarkKind::Action,
    ];
}

/// What a remark is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Target {
    /// The meeting as a whole.
    Meeting,
    /// One KPI in one fiscal year.
    Item { kpi: ShortId, fiscal_year: FiscalYear },
    /// A company (its id in the actuals).
    Company { company: ShortId },
    /// A free item of the agenda (its id).
    Agenda { id: ShortId },
}

/// How a remark changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Edited,
    Deleted,
    Restored,
}

/// What a remark said before a change, and when it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub changed_at: Stamp,
    pub change: Change,
    pub speaker: Option<ShortId>,
    pub kind: RemarkKind,
    pub target: Target,
    pub text: String,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remark {
    /// Unique across machines (a ULID).
    pub id: String,
    /// When it was said (recorded).
    pub at: Stamp,
    /// The attendee's id; `None` is 未指定, to be set later.
    pub speaker: Option<ShortId>,
    pub kind: RemarkKind,
    pub target: Target,
    pub text: String,
    /// 非公開: kept in the internal record, left out of public minutes.
    #[serde(default)]
    pub internal: bool,
    /// Who wrote it before the meeting (a member's review copy), if anyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepared_by: Option<String>,
    /// When it was deleted; deleted remarks stay in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<Stamp>,
    /// Earlier versions, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Revision>,
    /// Versions from other copies that a merge set aside because the remark
    /// was changed differently in two places; kept, never dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set_aside: Vec<SetAside>,
    /// When the secretariat last settled such a conflict (by saving the remark).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Stamp>,
}

/// A version of a remark from another copy, set aside by a merge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetAside {
    /// When this version was made.
    pub since: Stamp,
    /// When its copy replaced it, if it did.
    #[serde(default)]
    pub until: Option<Stamp>,
    pub speaker: Option<ShortId>,
    pub kind: RemarkKind,
    pub target: Target,
    pub text: String,
    #[serde(default)]
    pub internal: bool,
    #[serde(default)]
    pub deleted: bool,
}

impl Remark {
    /// An empty remark: what a reader of many remarks on several cores
    /// leaves where one did not read, the whole read then refused.
    #[must_use]
    pub fn blank() -> Remark {
        Remark::new(
            String::new(),
            Stamp::default(),
            RemarkKind::Opinion,
            Target::Meeting,
            String::new(),
        )
    }

    /// A new remark as typed: no speaker yet (未指定), public, with no
    /// history. Other fields are set with struct update syntax.
    #[must_use]
    pub fn new(id: String, at: Stamp, kind: RemarkKind, target: Target, text: String) -> Remark {
        Remark {
            id,
            at,
            speaker: None,
            kind,
            target,
            text,
            internal: false,
            prepared_by: None,
            deleted: None,
            history: Vec::new(),
            set_aside: Vec::new(),
            resolved: None,
        }
    }

    /// Whether a merge set aside versions the secretariat has not settled.
    #[must_use]
    pub fn in_conflict(&self) -> bool {
        self.set_aside.iter().any(|s| self.resolved.is_none_or(|r| s.since > r))
    }

    /// The current content as a revision stamped with the change about to happen.
    #[must_use]
    pub fn snapshot(&self, changed_at: Stamp, change: Change) -> Revision {
        Revision {
            changed_at,
            change,
            speaker: self.speaker.clone(),
            kind: self.kind,
            target: self.target.clone(),
            text: self.text.clone(),
            internal: self.internal,
        }
    }
}
