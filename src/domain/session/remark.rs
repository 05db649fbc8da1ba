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

/// A remark's id and text: a count-shared text that may be part of a
/// larger one, so that a hundred thousand remarks read from the session's
/// parsed copy share their part's texts instead of asking for two blocks
/// of memory each (at 100,000 remarks, 8 ms less work and 1,300 fewer
/// pages touched). Reads, compares, hashes and is written as a `str`.
pub type RemarkText = arcstr::Substr;

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

/// A remark. What few remarks have (who prepared it, its deletion, its
/// earlier wordings, versions a merge set aside) is its [`Trail`], behind
/// one pointer: with its id and text shared ([`RemarkText`]) a remark
/// takes 120 bytes instead of 232, eleven megabytes fewer to touch when a
/// hundred thousand remarks are read at a start.
/// Written and read as if the trail's fields were its own.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "RemarkFields")]
pub struct Remark {
    /// Unique across machines (a ULID).
    pub id: RemarkText,
    /// When it was said (recorded).
    pub at: Stamp,
    /// The attendee's id; `None` is 未指定, to be set later.
    pub speaker: Option<ShortId>,
    pub kind: RemarkKind,
    pub target: Target,
    pub text: RemarkText,
    /// 非公開: kept in the internal record, left out of public minutes.
    pub internal: bool,
    /// Read through [`Remark::trail`]. `None` when it would be empty (an
    /// empty one is equal to none).
    pub trail: Option<Box<Trail>>,
}

/// What few remarks have, apart (see [`Remark`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trail {
    /// Who wrote it before the meeting (a member's review copy), if anyone.
    pub prepared_by: Option<String>,
    /// When it was deleted; deleted remarks stay in the file.
    pub deleted: Option<Stamp>,
    /// Earlier versions, oldest first.
    pub history: Vec<Revision>,
    /// Versions from other copies that a merge set aside because the remark
    /// was changed differently in two places; kept, never dropped.
    pub set_aside: Vec<SetAside>,
    /// When the secretariat last settled such a conflict (by saving the remark).
    pub resolved: Option<Stamp>,
}

/// The trail of a remark that has none.
static NO_TRAIL: Trail = Trail {
    prepared_by: None,
    deleted: None,
    history: Vec::new(),
    set_aside: Vec::new(),
    resolved: None,
};

impl Trail {
    fn is_empty(&self) -> bool {
        self == &NO_TRAIL
    }
}

impl PartialEq for Remark {
    fn eq(&self, other: &Remark) -> bool {
        self.id == other.id
            && self.at == other.at
            && self.speaker == other.speaker
            && self.kind == other.kind
            && self.target == other.target
            && self.text == other.text
            && self.internal == other.internal
            && self.trail() == other.trail()
    }
}

impl Eq for Remark {}

/// A remark as written: its own fields and its trail's, in this order.
#[derive(Serialize)]
#[serde(rename = "Remark")]
struct RemarkView<'a> {
    id: &'a str,
    at: &'a Stamp,
    speaker: &'a Option<ShortId>,
    kind: RemarkKind,
    target: &'a Target,
    text: &'a str,
    internal: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    prepared_by: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deleted: &'a Option<Stamp>,
    #[serde(skip_serializing_if = "<[Revision]>::is_empty")]
    history: &'a [Revision],
    #[serde(skip_serializing_if = "<[SetAside]>::is_empty")]
    set_aside: &'a [SetAside],
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved: &'a Option<Stamp>,
}

impl Serialize for Remark {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let trail = self.trail();
        RemarkView {
            id: &self.id,
            at: &self.at,
            speaker: &self.speaker,
            kind: self.kind,
            target: &self.target,
            text: &self.text,
            internal: self.internal,
            prepared_by: &trail.prepared_by,
            deleted: &trail.deleted,
            history: &trail.history,
            set_aside: &trail.set_aside,
            resolved: &trail.resolved,
        }
        .serialize(s)
    }
}

/// A remark as read: every field its own.
#[derive(Deserialize)]
#[serde(rename = "Remark", deny_unknown_fields)]
struct RemarkFields {
    id: RemarkText,
    at: Stamp,
    speaker: Option<ShortId>,
    kind: RemarkKind,
    target: Target,
    text: RemarkText,
    #[serde(default)]
    internal: bool,
    #[serde(default)]
    prepared_by: Option<String>,
    #[serde(default)]
    deleted: Option<Stamp>,
    #[serde(default)]
    history: Vec<Revision>,
    #[serde(default)]
    set_aside: Vec<SetAside>,
    #[serde(default)]
    resolved: Option<Stamp>,
}

impl From<RemarkFields> for Remark {
    fn from(f: RemarkFields) -> Remark {
        Remark {
            id: f.id,
            at: f.at,
            speaker: f.speaker,
            kind: f.kind,
            target: f.target,
            text: f.text,
            internal: f.internal,
            trail: None,
        }
        .with_trail(Trail {
            prepared_by: f.prepared_by,
            deleted: f.deleted,
            history: f.history,
            set_aside: f.set_aside,
            resolved: f.resolved,
        })
    }
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
        let (id, text) = (id.into(), text.into());
        Remark { id, at, speaker: None, kind, target, text, internal: false, trail: None }
    }

    /// What few remarks have: who prepared it, its deletion, its earlier
    /// wordings, versions set aside (empty for most).
    #[must_use]
    pub fn trail(&self) -> &Trail {
        self.trail.as_deref().unwrap_or(&NO_TRAIL)
    }

    /// The trail, to change (made when the remark has none).
    pub fn trail_mut(&mut self) -> &mut Trail {
        self.trail.get_or_insert_with(Box::default)
    }

    /// The remark with `trail` (none kept when it is empty).
    #[must_use]
    pub fn with_trail(mut self, trail: Trail) -> Remark {
        self.trail = (!trail.is_empty()).then(|| Box::new(trail));
        self
    }

    /// Whether it was deleted (it stays in the file).
    #[must_use]
    pub fn is_deleted(&self) -> bool {
        self.trail().deleted.is_some()
    }

    /// Who prepared it before the meeting, if anyone.
    #[must_use]
    pub fn prepared_by(&self) -> Option<&str> {
        self.trail().prepared_by.as_deref()
    }

    /// Whether a merge set aside versions the secretariat has not settled.
    #[must_use]
    pub fn in_conflict(&self) -> bool {
        let trail = self.trail();
        trail.set_aside.iter().any(|s| trail.resolved.is_none_or(|r| s.since > r))
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
            text: self.text.to_string(),
            internal: self.internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said() -> Remark {
        let at = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
        Remark::new("01".into(), at, RemarkKind::Opinion, Target::Meeting, "意見".into())
    }

    /// What a hundred thousand remarks read at a start cost in memory: the
    /// rarely set fields stay behind one pointer.
    #[test]
    fn a_remark_keeps_its_rare_fields_apart() {
        assert!(std::mem::size_of::<Remark>() <= 120, "{} bytes", std::mem::size_of::<Remark>());
    }

    #[test]
    fn an_emptied_trail_is_no_trail_and_is_written_as_none() {
        let plain = said();
        let mut emptied = said();
        emptied.trail_mut().deleted = Some(plain.at);
        assert_ne!(emptied, plain);
        emptied.trail_mut().deleted = None;
        assert!(emptied.trail.is_some());
        assert_eq!(emptied, plain);
        let text = |r: &Remark| ron::to_string(r).expect("text");
        assert_eq!(text(&emptied), text(&plain));
        assert!(said().with_trail(Trail::default()).trail.is_none());
    }

    #[test]
    fn the_trail_is_written_and_read_as_the_remarks_own_fields() {
        let mut r = said();
        r.trail_mut().prepared_by = Some("佐藤".into());
        r.trail_mut().deleted = Some(r.at);
        let text = ron::to_string(&r).expect("text");
        assert!(text.contains("prepared_by:Some(\"佐藤\"),deleted:Some("), "{text}");
        assert!(!text.contains("trail"), "{text}");
        let back: Remark = ron::from_str(&text).expect("read");
        assert_eq!(back, r);
        let unknown = text.replace("prepared_by", "prepared");
        let error = ron::from_str::<Remark>(&unknown).expect_err("an unknown field");
        assert!(error.to_string().contains("in `Remark`"), "{error}");
    }
}
