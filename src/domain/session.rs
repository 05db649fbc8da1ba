//! A meeting's session: the sheet (title, date, place, attendees), every
//! remark with its history, the council's judgments, the data it was
//! recorded against, and where the presenter was. Changes arrive as
//! [`Op`]s, so the same change can be applied in memory, written to the
//! journal and replayed after a crash.

pub mod agenda;
pub mod checklist;
pub mod figures;
pub mod judgment;
pub mod merge;
pub mod op;
pub mod remark;
pub mod review;
pub mod sheet;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

pub use agenda::{AgendaItem, FollowUp, FollowUpStatus, default_agenda, follow_ups};
pub use judgment::{Judgment, JudgmentTarget};
pub use op::{Op, OpError};
pub use remark::{
    Change, Remark, RemarkKind, RemarkText, Revision, SetAside, ShortId, Target, Trail,
};
pub use review::ReviewCopy;
pub use sheet::{Attendee, Role, Sheet};

use super::fiscal::FiscalYear;
use super::record_error::RecordError;

/// The session file format this program writes and understands.
pub const SESSION_VERSION: u32 = 1;

/// A time with its offset, to the second: `2019-05-20T14:12:03+09:00`.
pub type Stamp = DateTime<FixedOffset>;

/// Which plan and actuals a session was recorded against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DataRef {
    /// The file as given on the command line, or `<embedded plan>`.
    pub path: String,
    /// SHA-256 of the content, in hex.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DataRefs {
    pub plan: DataRef,
    pub actuals: DataRef,
}

/// Where the presenter was: restored on resume.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub kpi: String,
    pub fiscal_year: FiscalYear,
    /// Whether the item screen (rather than the overview) was open.
    #[serde(default)]
    pub item_open: bool,
    /// The item's companies list, when it was open over the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub companies: Option<ListPosition>,
    /// The company (its id) whose page was open over the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// The free agenda item (its id) on screen, over the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
}

/// How the companies list was shown: so the projector shows the same rows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ListPosition {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub filter: String,
    #[serde(default)]
    pub sort: crate::domain::breakdown::SortKey,
    /// The selected company's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// A newer version is refused while reading, with its position.
    #[serde(deserialize_with = "crate::domain::format_version::expect::<_, SESSION_VERSION>")]
    pub version: u32,
    /// How many changes have been recorded; the journal continues from here.
    #[serde(default)]
    pub revision: u64,
    pub sheet: Sheet,
    #[serde(default)]
    pub data: DataRefs,
    #[serde(default)]
    pub position: Option<Position>,
    /// The agenda as the secretariat arranged it; `None` until then, the
    /// default derived from the plan and the meeting date
    /// ([`Session::agenda`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda: Option<Vec<AgendaItem>>,
    /// In the order they were made (by time, then id).
    #[serde(default)]
    pub remarks: Vec<Remark>,
    /// In plan order: the plan as a whole first, then by KPI and year.
    #[serde(default)]
    pub judgments: Vec<Judgment>,
    /// Items whose company breakdown was shown during the meeting (the
    /// minutes include those breakdowns), in plan-id order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdowns_shown: Vec<ItemRef>,
    /// The figures the meeting saw, per KPI × 年度 (the latest of each),
    /// in KPI and year order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures_seen: Vec<figures::SeenFigure>,
    /// The figures the earlier meeting of the plan saw (`new --from`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earlier_figures: Option<figures::EarlierFigures>,
    /// Set in a member's review copy (`review --as`): whose it is and since
    /// when. A merge takes only that member's remarks from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewCopy>,
    /// The journal lines already inside this file: per run that wrote a
    /// journal, the last of its lines folded in. A journal line not listed
    /// here is replayed, whatever the revision (a merge may raise it).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub folded: std::collections::BTreeMap<String, u64>,
}

/// One KPI in one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRef {
    pub kpi: String,
    pub fiscal_year: FiscalYear,
}

impl Session {
    /// When the meeting began: the sheet's date and start time, else the
    /// first remark made at the meeting (not one prepared in a member's
    /// review). The same for every program showing the session, and across
    /// restarts.
    #[must_use]
    pub fn meeting_start(&self, offset: chrono::FixedOffset) -> Option<Stamp> {
        if let (Some(d), Some(t)) = (self.sheet.date, self.sheet.start) {
            return d.and_time(t).and_local_timezone(offset).single();
        }
        self.live_remarks()
            .filter(|r| r.prepared_by().is_none())
            .filter(|r| self.sheet.date.is_none_or(|d| r.at.date_naive() == d))
            .map(|r| r.at)
            .min()
    }

    /// Time since the meeting began, or `None` before it has and on any
    /// other day than its own (a session reopened years later shows no
    /// clock of tens of thousands of hours).
    #[must_use]
    pub fn elapsed(&self, now: Stamp) -> Option<chrono::TimeDelta> {
        let start = self.meeting_start(*now.offset())?;
        (start <= now && start.date_naive() == now.date_naive()).then(|| now - start)
    }

    #[must_use]
    pub fn new(sheet: Sheet, data: DataRefs) -> Self {
        Session {
            version: SESSION_VERSION,
            revision: 0,
            sheet,
            data,
            position: None,
            agenda: None,
            remarks: Vec::new(),
            judgments: Vec::new(),
            breakdowns_shown: Vec::new(),
            figures_seen: Vec::new(),
            earlier_figures: None,
            review: None,
            folded: std::collections::BTreeMap::new(),
        }
    }

    /// The agenda the meeting steps through: as arranged, else the
    /// default for the plan and the meeting date.
    #[must_use]
    pub fn agenda(&self, plan: &crate::domain::plan::Plan) -> std::borrow::Cow<'_, [AgendaItem]> {
        match &self.agenda {
            Some(items) => std::borrow::Cow::Borrowed(items),
            None => std::borrow::Cow::Owned(default_agenda(plan, self.sheet.date)),
        }
    }

    /// The title of a free agenda item, by its id.
    #[must_use]
    pub fn free_item_title(&self, id: &str) -> Option<&str> {
        self.agenda.iter().flatten().find_map(|a| match a {
            AgendaItem::Free { id: i, title, .. } if i == id => Some(title.as_str()),
            AgendaItem::FollowUps { .. } if id == agenda::FOLLOW_UPS_ID => {
                Some(agenda::FOLLOW_UPS_TITLE)
            }
            _ => None,
        })
    }

    #[must_use]
    pub fn remark(&self, id: &str) -> Option<&Remark> {
        self.remarks.iter().find(|r| r.id == id)
    }

    /// The remarks that were not deleted, in order.
    pub fn live_remarks(&self) -> impl Iterator<Item = &Remark> {
        self.remarks.iter().filter(|r| r.trail().deleted.is_none())
    }

    #[must_use]
    pub fn judgment(&self, target: &JudgmentTarget) -> Option<&Judgment> {
        self.judgments.iter().find(|j| &j.target == target)
    }

    /// Checks what the types cannot: the version, unique remark ids,
    /// speakers that are attendees.
    pub fn validate(&self) -> Result<(), RecordError> {
        self.sheet.validate()?;
        for (record, r) in [("data.plan", &self.data.plan), ("data.actuals", &self.data.actuals)] {
            let hex = r.sha256.len() == 64 && r.sha256.bytes().all(|b| b.is_ascii_hexdigit());
            if !r.sha256.is_empty() && !hex {
                return Err(RecordError::new(
                    record,
                    format!(
                        "sha256: expected 64 hexadecimal digits (a SHA-256), found {} characters that are not",
                        r.sha256.chars().count()
                    ),
                ));
            }
        }
        let mut ids = std::collections::HashSet::with_capacity(self.remarks.len());
        for (i, r) in self.remarks.iter().enumerate() {
            // Named only when wrong: at 100,000 remarks, naming each cost
            // more than checking it.
            let record = || format!("remarks[{i}] ({:?})", r.id);
            if r.id.trim().is_empty() {
                return Err(RecordError::new(record(), "the remark id is empty"));
            }
            if !ids.insert(r.id.as_str()) {
                return Err(RecordError::new(record(), format!("duplicate remark id {:?}", r.id)));
            }
            if let Some(s) = &r.speaker
                && self.sheet.attendee(s).is_none()
            {
                return Err(RecordError::new(
                    record(),
                    format!("speaker {s:?} is not one of the attendees"),
                ));
            }
        }
        Ok(())
    }

    /// Everything but the remarks (nearly all of a large session), copied.
    #[must_use]
    pub fn without_remarks(&self) -> Session {
        // Every field named, so that a new one is not forgotten here.
        let Session {
            version,
            revision,
            sheet,
            data,
            position,
            agenda,
            remarks: _,
            judgments,
            breakdowns_shown,
            figures_seen,
            earlier_figures,
            review,
            folded,
        } = self;
        Session {
            version: *version,
            revision: *revision,
            sheet: sheet.clone(),
            data: data.clone(),
            position: position.clone(),
            agenda: agenda.clone(),
            remarks: Vec::new(),
            judgments: judgments.clone(),
            breakdowns_shown: breakdowns_shown.clone(),
            figures_seen: figures_seen.clone(),
            earlier_figures: earlier_figures.clone(),
            review: review.clone(),
            folded: folded.clone(),
        }
    }

    /// The time and id a new remark is recorded with, so that it comes
    /// after every remark recorded before it by the same hand (the
    /// meeting's, or one member's in a review copy) whatever the clock
    /// says: the remarks are kept in the order of their times, and a
    /// clock put back (a laptop whose clock is behind the machine that
    /// recorded the first part, a time server stepping it back) would
    /// list a later remark before earlier ones, on the screen and in the
    /// minutes. A time before the last such remark's becomes that time
    /// (in `now`'s offset), and the id then one after the last's (ids
    /// order remarks of one second); `Some` is how far the clock was
    /// behind, to be said. Another hand's remarks (questions prepared
    /// beforehand, on laptops with their own clocks) are not waited for.
    #[must_use]
    pub fn next_remark_stamp(
        &self,
        now: Stamp,
        id: String,
        prepared_by: Option<&str>,
    ) -> (Stamp, String, Option<chrono::TimeDelta>) {
        let Some(last) = self.remarks.iter().rev().find(|r| r.prepared_by() == prepared_by) else {
            return (now, id, None);
        };
        if (now, id.as_str()) > (last.at, last.id.as_str()) {
            return (now, id, None);
        }
        let behind = (now < last.at).then(|| last.at - now);
        let at = last.at.with_timezone(now.offset());
        let next = last.id.parse::<ulid::Ulid>().ok().and_then(|u| u.increment());
        match next.map(|u| u.to_string()).filter(|next| next.as_str() > last.id.as_str()) {
            Some(next) => (at, next, behind),
            // An id not of this program's making: the next second.
            None => (at + chrono::TimeDelta::seconds(1), id, behind),
        }
    }

    /// Puts remarks and judgments in their stable order, so the file diffs
    /// and merges well.
    pub fn normalize(&mut self) {
        self.remarks.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
        self.judgments.sort_by(|a, b| a.target.cmp(&b.target));
    }
}

/// A remark being typed, saved every few seconds so that a crash loses
/// seconds of typing, not the remark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// The remark being edited, or `None` for a new one.
    pub editing: Option<String>,
    pub speaker: Option<crate::domain::session::remark::ShortId>,
    pub kind: RemarkKind,
    pub target: Target,
    pub text: String,
    #[serde(default)]
    pub internal: bool,
    pub saved_at: Stamp,
}

/// A judgment being typed, kept beside the session so that a crash does not
/// lose it (`<session>.judgment-draft`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudgmentDraft {
    pub target: JudgmentTarget,
    pub effect: String,
    pub policy: String,
    #[serde(default)]
    pub internal: bool,
    pub reason: String,
    pub saved_at: Stamp,
}

#[cfg(test)]
mod next_remark_tests {
    use super::*;

    fn at(s: &str) -> Stamp {
        DateTime::parse_from_rfc3339(s).expect("time")
    }

    fn said(id: &str, time: &str, by: Option<&str>) -> Remark {
        let r = Remark::new(id.into(), at(time), RemarkKind::Opinion, Target::Meeting, "x".into());
        r.with_trail(Trail { prepared_by: by.map(str::to_string), ..Trail::default() })
    }

    /// A clock behind the remarks before (a laptop continuing the meeting,
    /// a clock stepped back) records the next remark after them, and says
    /// by how much it was behind; a clock ahead or on time changes nothing.
    #[test]
    fn a_clock_behind_records_the_next_remark_after_the_last() {
        let mut s = Session::new(Sheet::default(), DataRefs::default());
        let (id0, id1) = ("01JV0000000000000000000009", "01JV000000000000000000000A");
        s.remarks.push(said(id0, "2019-05-20T14:10:04+09:00", None));
        let (t, id, behind) =
            s.next_remark_stamp(at("2019-05-20T14:11:00+09:00"), "N".into(), None);
        assert_eq!((t, id.as_str(), behind), (at("2019-05-20T14:11:00+09:00"), "N", None));
        // Ten minutes behind, in UTC: the last remark's time in UTC, the
        // id after its.
        let now = at("2019-05-20T05:00:02Z");
        let (t, id, behind) = s.next_remark_stamp(now, "01A".into(), None);
        assert_eq!(t.to_rfc3339(), "2019-05-20T05:10:04+00:00");
        assert_eq!((id.as_str(), behind), (id1, Some(chrono::TimeDelta::seconds(602))));
        // The same second with a smaller id (a run started afresh): the id after.
        let (t, id, behind) =
            s.next_remark_stamp(at("2019-05-20T14:10:04+09:00"), "0".into(), None);
        assert_eq!((t, id.as_str(), behind), (at("2019-05-20T14:10:04+09:00"), id1, None));
        // An id not a ULID: the next second.
        s.remarks.push(said("r9", "2019-05-20T14:20:00+09:00", None));
        let (t, id, _) = s.next_remark_stamp(at("2019-05-20T14:00:00+09:00"), "01B".into(), None);
        assert_eq!((t, id.as_str()), (at("2019-05-20T14:20:01+09:00"), "01B"));
        // Each comes after the last once added.
        let mut copy = s.clone();
        copy.remarks.push(said(&id, &t.to_rfc3339(), None));
        copy.normalize();
        assert_eq!(copy.remarks.last().map(|r| r.id.as_str()), Some("01B"));
        // A question prepared on a laptop a day ahead holds no one back,
        // and a member's remarks follow the member's own.
        s.remarks.push(said(
            "01JW0000000000000000000000",
            "2019-05-21T09:00:00+09:00",
            Some("佐藤"),
        ));
        let now = at("2019-05-20T14:30:00+09:00");
        assert_eq!(s.next_remark_stamp(now, "01C".into(), None).0, now);
        let (t, _, behind) = s.next_remark_stamp(now, "01C".into(), Some("佐藤"));
        assert_eq!((t, behind.is_some()), (at("2019-05-21T09:00:00+09:00"), true));
    }
}

#[cfg(test)]
mod meeting_start_tests {
    use super::*;

    fn at(s: &str) -> Stamp {
        DateTime::parse_from_rfc3339(s).expect("time")
    }

    #[test]
    fn the_meeting_starts_at_the_sheet_time_else_at_its_first_remark() {
        let sheet = Sheet { date: "2019-05-20".parse().ok(), ..Sheet::default() };
        let mut s = Session::new(sheet, DataRefs::default());
        let now = at("2019-05-20T14:30:00+09:00");
        assert_eq!(s.elapsed(now), None, "nothing said yet: not begun");
        let mut prepared = Remark::new(
            "P".into(),
            at("2019-05-13T10:00:00+09:00"),
            RemarkKind::Question,
            Target::Meeting,
            "事前質問".into(),
        );
        prepared.trail_mut().prepared_by = Some("佐藤".into());
        s.remarks.push(prepared);
        assert_eq!(s.elapsed(now), None, "a question prepared beforehand does not start it");
        s.remarks.push(Remark::new(
            "R".into(),
            at("2019-05-20T14:05:00+09:00"),
            RemarkKind::Opinion,
            Target::Meeting,
            "開会".into(),
        ));
        assert_eq!(s.elapsed(now).map(|d| d.num_minutes()), Some(25));
        s.sheet.start = chrono::NaiveTime::from_hms_opt(14, 0, 0);
        assert_eq!(s.elapsed(now).map(|d| d.num_minutes()), Some(30), "the sheet's start wins");
        assert_eq!(s.elapsed(at("2019-05-20T13:59:00+09:00")), None);
        assert_eq!(s.elapsed(at("2019-05-21T09:00:00+09:00")), None, "the next day: no clock");
    }
}
