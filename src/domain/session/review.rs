//! A member's review copy: whose it is, and the guard that keeps a copy
//! from changing what others said.
//!
//! `review --as NAME` records in the copy which member it is for and since
//! when ([`ReviewCopy`]). The member adds, edits and deletes their own
//! remarks only; a merge brings those in and sets aside nothing else: any
//! change the copy carries to a remark its member did not write (an edit,
//! a deletion, a restoration), any remark it adds under another name and
//! any judgment it changes is flagged and left out ([`guard`]).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::Session;
use super::Stamp;
use super::judgment::JudgmentTarget;
use super::merge::{merge_judgment, merge_remark};
use super::remark::{Remark, RemarkKind};
use crate::domain::normalize::name_key;

/// Whose review copy a session is, and since when.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewCopy {
    /// The member's name as given to `review --as`.
    pub member: String,
    /// When the copy was first opened for the member's review.
    pub since: Stamp,
}

impl ReviewCopy {
    /// Whether `name` names this copy's member (however spaced or wide).
    #[must_use]
    pub fn is_member(&self, name: &str) -> bool {
        same_member(&self.member, name)
    }
}

/// Whether two names are the same member's, typed with other widths or spaces.
#[must_use]
pub fn same_member(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

/// Whether `member` wrote the remark (a question prepared under their name).
#[must_use]
pub fn wrote(member: &str, remark: &Remark) -> bool {
    remark.prepared_by().is_some_and(|p| same_member(p, member))
}

/// Whether a member may prepare a remark of this kind in a review copy: a
/// question or an opinion. 決定, 要対応 and 回答 are the meeting's: one
/// prepared beforehand would stand in the minutes as the council's.
#[must_use]
pub fn may_prepare(kind: RemarkKind) -> bool {
    matches!(kind, RemarkKind::Question | RemarkKind::Opinion)
}

/// What a review copy tried to do that is not its member's to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// A remark someone else wrote was edited in the copy.
    Edited,
    /// It was deleted.
    Deleted,
    /// It was restored after a deletion.
    Restored,
    /// A new remark under another name than the member's.
    AddedForAnother,
    /// The member's remark given another attendee as its speaker: a
    /// member's words are never put in someone else's mouth.
    OtherSpeaker,
    /// The member's remark given a kind the meeting records (決定, 要対応,
    /// 回答; see [`may_prepare`]).
    MeetingsKind,
}

/// One change a review copy carried that a merge leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flagged {
    Remark {
        /// The remark as the meeting's session holds it (or, for an
        /// addition, as the copy does).
        remark: Box<Remark>,
        what: Refused,
    },
    /// A judgment (評価) is the council's, never a member's.
    Judgment(JudgmentTarget),
}

/// The copy as a merge may take it: the member's own remarks as they are,
/// everything else as the meeting's session (`official`) has it. Returns
/// it with what was left out.
#[must_use]
pub fn guard(official: &Session, copy: &Session, member: &str) -> (Session, Vec<Flagged>) {
    let mut flagged = Vec::new();
    let mut kept = copy.clone();
    // The agenda and the figures seen are the meeting's, never a copy's.
    kept.agenda.clone_from(&official.agenda);
    kept.figures_seen.clone_from(&official.figures_seen);
    kept.earlier_figures.clone_from(&official.earlier_figures);
    kept.remarks.clear();
    // An attendee of the meeting other than the member (one only the copy
    // lists becomes 未指定 in the merge anyway).
    let another = |r: &Remark| {
        r.speaker
            .as_deref()
            .and_then(|id| official.sheet.attendee(id))
            .is_some_and(|a| !same_member(&a.name, member))
    };
    let other_speaker =
        |r: &Remark| Flagged::Remark { remark: Box::new(r.clone()), what: Refused::OtherSpeaker };
    let meetings_kind =
        |r: &Remark| Flagged::Remark { remark: Box::new(r.clone()), what: Refused::MeetingsKind };
    // By id, once: a copy of a large session is not searched per remark.
    let theirs_by_id: HashMap<&str, &Remark> =
        official.remarks.iter().map(|r| (r.id.as_str(), r)).collect();
    for r in &copy.remarks {
        match theirs_by_id.get(r.id.as_str()).copied() {
            Some(theirs) if wrote(member, theirs) && r.speaker != theirs.speaker && another(r) => {
                flagged.push(other_speaker(r));
                kept.remarks.push(theirs.clone());
            }
            // A kind the meeting gave it stays; the copy cannot give one.
            Some(theirs)
                if wrote(member, theirs) && r.kind != theirs.kind && !may_prepare(r.kind) =>
            {
                flagged.push(meetings_kind(r));
                kept.remarks.push(theirs.clone());
            }
            Some(theirs) if wrote(member, theirs) => kept.remarks.push(r.clone()),
            Some(theirs) => {
                // Whatever the copy knows that the meeting does not is a change.
                let alone = merge_remark(&[theirs]);
                let with_copy = merge_remark(&[theirs, r]);
                if with_copy != alone {
                    let what = match (
                        theirs.trail().deleted.is_some(),
                        with_copy.map(|m| m.trail().deleted),
                    ) {
                        (false, Some(Some(_))) => Refused::Deleted,
                        (true, Some(None)) => Refused::Restored,
                        _ => Refused::Edited,
                    };
                    flagged.push(Flagged::Remark { remark: Box::new(theirs.clone()), what });
                }
                kept.remarks.push(theirs.clone());
            }
            None if wrote(member, r) && another(r) => flagged.push(other_speaker(r)),
            None if wrote(member, r) && !may_prepare(r.kind) => flagged.push(meetings_kind(r)),
            None if wrote(member, r) => kept.remarks.push(r.clone()),
            None => flagged.push(Flagged::Remark {
                remark: Box::new(r.clone()),
                what: Refused::AddedForAnother,
            }),
        }
    }
    kept.judgments.clear();
    for j in &copy.judgments {
        let theirs = official.judgment(&j.target);
        let alone = theirs.and_then(|t| merge_judgment(&[t]));
        let with_copy = merge_judgment(&theirs.into_iter().chain([j]).collect::<Vec<_>>());
        if with_copy != alone {
            flagged.push(Flagged::Judgment(j.target.clone()));
        }
        kept.judgments.extend(theirs.cloned());
    }
    (kept, flagged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fiscal::FiscalYear;
    use crate::domain::session::Trail;
    use crate::domain::session::merge::merge;
    use crate::domain::session::{DataRefs, Judgment, Op, RemarkKind, Sheet, Target};
    use chrono::{DateTime, Duration};

    fn t(minutes: i64) -> Stamp {
        DateTime::parse_from_rfc3339("2019-05-13T10:00:00+09:00").expect("time")
            + Duration::minutes(minutes)
    }

    /// A remark: a member's prepared question, or (by nobody) the chair's
    /// decision.
    fn remark(id: &str, minutes: i64, text: &str, by: Option<&str>) -> Remark {
        let kind = if by.is_some() { RemarkKind::Question } else { RemarkKind::Decision };
        Remark::new(id.into(), t(minutes), kind, Target::Meeting, text.into())
            .with_trail(Trail { prepared_by: by.map(String::from), ..Trail::default() })
    }

    /// A new wording of a remark, its kind kept (the chair's is CHAIR).
    fn edit(id: &str, minutes: i64, text: &str) -> Op {
        let kind = if id == "CHAIR" { RemarkKind::Decision } else { RemarkKind::Question };
        edit_as(id, minutes, text, kind)
    }

    /// A new wording of a remark, of `kind`.
    fn edit_as(id: &str, minutes: i64, text: &str, kind: RemarkKind) -> Op {
        Op::EditRemark {
            id: id.into(),
            at: t(minutes),
            speaker: None,
            kind,
            target: Target::Meeting,
            text: text.into(),
            internal: false,
        }
    }

    /// The remarks flagged for `why`, by id.
    fn flagged_ids<'a>(flagged: &'a [Flagged], why: &Refused) -> Vec<&'a str> {
        flagged
            .iter()
            .filter_map(|f| match f {
                Flagged::Remark { remark, what } if what == why => Some(remark.id.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The meeting's session with the chair's decision and the member's question.
    fn official() -> Session {
        let mut s = Session::new(Sheet::default(), DataRefs::default());
        s.apply(&Op::AddRemark(remark("CHAIR", 0, "次回は十月に開催する。", None))).expect("add");
        s.apply(&Op::AddRemark(remark("MINE", 1, "内訳は？", Some("佐藤 花子")))).expect("add");
        s
    }

    #[test]
    fn a_copy_changes_only_its_members_remarks() {
        let base = official();
        let mut copy = base.clone();
        copy.apply(&edit("CHAIR", 10, "次回は開催しない。")).expect("edit");
        copy.apply(&edit("MINE", 11, "業種別の内訳は？")).expect("edit");
        copy.apply(&Op::AddRemark(remark("NEW", 12, "追加の質問", Some("佐藤　花子"))))
            .expect("add");
        let (kept, flagged) = guard(&base, &copy, "佐藤 花子");
        assert_eq!(
            flagged,
            vec![Flagged::Remark {
                remark: Box::new(base.remark("CHAIR").expect("chair").clone()),
                what: Refused::Edited
            }]
        );
        let merged = merge(&base, &kept);
        assert_eq!(merged.remark("CHAIR").map(|r| r.text.as_str()), Some("次回は十月に開催する。"));
        assert!(
            merged
                .remark("CHAIR")
                .is_some_and(|r| r.trail().history.is_empty() && !r.in_conflict())
        );
        assert_eq!(merged.remark("MINE").map(|r| r.text.as_str()), Some("業種別の内訳は？"));
        assert!(merged.remark("NEW").is_some(), "the member's new remark comes in");
    }

    #[test]
    fn deletions_restorations_and_additions_for_others_are_flagged() {
        let mut base = official();
        base.apply(&Op::AddRemark(remark("GONE", 2, "取り消した発言", None))).expect("add");
        base.apply(&Op::DeleteRemark { id: "GONE".into(), at: t(3) }).expect("delete");
        let mut copy = base.clone();
        copy.apply(&Op::DeleteRemark { id: "CHAIR".into(), at: t(10) }).expect("delete");
        copy.apply(&Op::RestoreRemark { id: "GONE".into(), at: t(11) }).expect("restore");
        copy.apply(&Op::AddRemark(remark("FORGED", 12, "会長の決定", None))).expect("add");
        let (kept, flagged) = guard(&base, &copy, "佐藤 花子");
        let whats: Vec<(&str, &Refused)> = flagged
            .iter()
            .filter_map(|f| match f {
                Flagged::Remark { remark, what } => Some((remark.id.as_str(), what)),
                Flagged::Judgment(_) => None,
            })
            .collect();
        assert_eq!(
            whats,
            [
                ("CHAIR", &Refused::Deleted),
                ("GONE", &Refused::Restored),
                ("FORGED", &Refused::AddedForAnother)
            ]
        );
        let merged = merge(&base, &kept);
        assert_eq!(merged.remarks, base.remarks, "nothing of it reaches the session");
    }

    #[test]
    fn a_members_remark_never_speaks_for_another_attendee() {
        use crate::domain::session::{Attendee, Role};
        let mut base = official();
        for (id, name, role) in
            [("a1", "山田 太郎", Role::Chair), ("a2", "佐藤 花子", Role::Member)]
        {
            base.sheet.attendees.push(Attendee::new(id, name, "", role));
        }
        let mut copy = base.clone();
        let by = |id: &str, speaker: &str| Remark {
            speaker: Some(speaker.into()),
            ..remark(id, 12, "十月に開催する。", Some("佐藤 花子"))
        };
        copy.apply(&Op::AddRemark(by("AS_CHAIR", "a1"))).expect("add");
        copy.apply(&Op::AddRemark(by("AS_HERSELF", "a2"))).expect("add");
        copy.apply(&Op::EditRemark {
            id: "MINE".into(),
            at: t(13),
            speaker: Some("a1".into()),
            kind: RemarkKind::Decision,
            target: Target::Meeting,
            text: "内訳は？".into(),
            internal: false,
        })
        .expect("edit");
        let (kept, flagged) = guard(&base, &copy, "佐藤 花子");
        assert_eq!(flagged_ids(&flagged, &Refused::OtherSpeaker), ["MINE", "AS_CHAIR"]);
        assert!(kept.remark("AS_CHAIR").is_none());
        assert!(kept.remark("AS_HERSELF").is_some());
        assert_eq!(kept.remark("MINE"), base.remark("MINE"));
    }

    /// A member prepares questions and opinions: a 決定, 要対応 or 回答 of
    /// a copy (an older program's, or the file edited by hand) is flagged
    /// and left out; a kind the meeting gave the member's remark stays.
    #[test]
    fn a_copy_cannot_give_a_remark_a_kind_the_meeting_records() {
        let mut base = official();
        base.apply(&Op::AddRemark(remark("ANSWERED", 2, "回答として記録", Some("佐藤 花子"))))
            .expect("add");
        // The secretariat made the member's remark an answer at the meeting.
        let answered = edit_as("ANSWERED", 3, "回答として記録", RemarkKind::Answer);
        base.apply(&answered).expect("edit");
        let mut copy = base.clone();
        copy.apply(&edit_as("MINE", 10, "内訳は？", RemarkKind::Decision)).expect("edit");
        copy.apply(&Op::AddRemark(Remark {
            kind: RemarkKind::Action,
            ..remark("TODO", 11, "説明会を開く", Some("佐藤 花子"))
        }))
        .expect("add");
        copy.apply(&Op::AddRemark(Remark {
            kind: RemarkKind::Opinion,
            ..remark("VIEW", 12, "継続すべき", Some("佐藤 花子"))
        }))
        .expect("add");
        copy.apply(&edit("ANSWERED", 13, "回答として記録（補足）")).expect("edit");
        let (kept, flagged) = guard(&base, &copy, "佐藤 花子");
        assert_eq!(flagged_ids(&flagged, &Refused::MeetingsKind), ["MINE", "TODO"], "{flagged:?}");
        assert_eq!(kept.remark("MINE"), base.remark("MINE"), "as the meeting has it");
        assert!(kept.remark("TODO").is_none());
        assert!(kept.remark("VIEW").is_some(), "an opinion comes in");
        // Made a question again in the copy: its own kind, taken.
        let answered = kept.remark("ANSWERED").expect("answered");
        assert_eq!(
            (answered.kind, answered.text.as_str()),
            (RemarkKind::Question, "回答として記録（補足）")
        );
    }

    #[test]
    fn an_older_copy_of_a_remark_the_meeting_changed_since_is_no_change() {
        let copy = official();
        let mut base = copy.clone();
        base.apply(&edit("CHAIR", 20, "次回は十一月に開催する。")).expect("edit");
        let (_, flagged) = guard(&base, &copy, "佐藤 花子");
        assert!(flagged.is_empty(), "{flagged:?}");
    }

    #[test]
    fn a_judgment_in_a_copy_is_flagged() {
        let base = official();
        let mut copy = base.clone();
        copy.apply(&Op::SetJudgment(Judgment {
            target: JudgmentTarget::Item { kpi: "k".into(), fiscal_year: FiscalYear(2018) },
            effect: "地方創生に効果があった".into(),
            policy: "継続".into(),
            reason: String::new(),
            at: t(30),
            internal: false,
            withdrawn: None,
            history: Vec::new(),
        }))
        .expect("judge");
        let (kept, flagged) = guard(&base, &copy, "佐藤 花子");
        assert_eq!(flagged.len(), 1);
        assert!(kept.judgments.is_empty());
    }

    #[test]
    fn a_copy_never_changes_the_meetings_agenda() {
        let official = Session::new(Sheet::default(), DataRefs::default());
        let mut copy = official.clone();
        copy.agenda = Some(vec![crate::domain::session::AgendaItem::Free {
            id: "x".into(),
            title: "差し込まれた議題".into(),
            document: String::new(),
            note: String::new(),
        }]);
        let (kept, _) = guard(&official, &copy, "佐藤 花子");
        assert_eq!(kept.agenda, None);
    }
}
