//! Changes to a session. Each is applied in memory, written to the journal
//! as it is, and replayed from the journal after a crash; nothing is ever
//! removed: edits and deletions keep what was there before.

use serde::{Deserialize, Serialize};

use super::agenda::AgendaItem;
use super::judgment::{Judgment, JudgmentTarget};
use super::remark::{Change, Remark, RemarkKind, Target};
use super::sheet::Sheet;
use super::{ItemRef, Position, ReviewCopy, Session, Stamp};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    AddRemark(Remark),
    EditRemark {
        id: String,
        at: Stamp,
        speaker: Option<super::remark::ShortId>,
        kind: RemarkKind,
        target: Target,
        text: String,
        internal: bool,
    },
    DeleteRemark {
        id: String,
        at: Stamp,
    },
    RestoreRemark {
        id: String,
        at: Stamp,
    },
    SetSheet(Sheet),
    SetJudgment(Judgment),
    WithdrawJudgment {
        target: JudgmentTarget,
        at: Stamp,
    },
    SetPosition(Option<Position>),
    /// The agenda as arranged (`None`: back to the default).
    SetAgenda(Option<Vec<AgendaItem>>),
    /// The company breakdown of an item was put on screen.
    ShowBreakdown(ItemRef),
    /// An item's figure was on screen.
    SawFigure(super::figures::SeenFigure),
    /// The session became a member's review copy.
    MarkReviewCopy(ReviewCopy),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpError {
    #[error("remark {0} already exists")]
    DuplicateRemark(String),
    #[error("there is no remark {0}")]
    NoRemark(String),
    #[error("there is no judgment on {0:?}")]
    NoJudgment(JudgmentTarget),
}

impl Op {
    /// Whether the change must be on disk before the screen says so. The
    /// presenter's position is not: losing it loses nothing said.
    #[must_use]
    pub fn is_durable(&self) -> bool {
        !matches!(self, Op::SetPosition(_) | Op::ShowBreakdown(_) | Op::SawFigure(_))
    }

    /// The same change stamped at another time (an undo happens now, not
    /// when the change it reverses was made).
    #[must_use]
    pub fn restamped(mut self, now: Stamp) -> Op {
        match &mut self {
            Op::EditRemark { at, .. }
            | Op::DeleteRemark { at, .. }
            | Op::RestoreRemark { at, .. }
            | Op::WithdrawJudgment { at, .. } => *at = now,
            Op::SetJudgment(j) => j.at = now,
            Op::AddRemark(_)
            | Op::SetSheet(_)
            | Op::SetAgenda(_)
            | Op::SetPosition(_)
            | Op::ShowBreakdown(_)
            | Op::SawFigure(_)
            | Op::MarkReviewCopy(_) => {}
        }
        self
    }
}

impl Session {
    /// Applies a change. A change that does not fit (an edit of a remark
    /// that does not exist) leaves the session as it was.
    pub fn apply(&mut self, op: &Op) -> Result<(), OpError> {
        match op {
            Op::AddRemark(r) => {
                if self.remark(&r.id).is_some() {
                    return Err(OpError::DuplicateRemark(r.id.to_string()));
                }
                // Keep time order without sorting the whole list each time.
                let pos = self
                    .remarks
                    .iter()
                    .rposition(|x| (&x.at, &x.id) <= (&r.at, &r.id))
                    .map_or(0, |p| p + 1);
                self.remarks.insert(pos, r.clone());
            }
            Op::EditRemark { id, at, speaker, kind, target, text, internal } => {
                let r = self.remark_mut(id)?;
                let before = r.snapshot(*at, Change::Edited);
                r.trail_mut().history.push(before);
                r.speaker.clone_from(speaker);
                r.kind = *kind;
                r.target = target.clone();
                r.text = text.as_str().into();
                r.internal = *internal;
                // Saving a remark a merge marked settles the conflict.
                if r.in_conflict() {
                    r.trail_mut().resolved = Some(*at);
                }
            }
            Op::DeleteRemark { id, at } => {
                let r = self.remark_mut(id)?;
                let before = r.snapshot(*at, Change::Deleted);
                r.trail_mut().history.push(before);
                r.trail_mut().deleted = Some(*at);
            }
            Op::RestoreRemark { id, at } => {
                let r = self.remark_mut(id)?;
                let before = r.snapshot(*at, Change::Restored);
                r.trail_mut().history.push(before);
                r.trail_mut().deleted = None;
            }
            Op::SetSheet(sheet) => self.sheet = sheet.clone(),
            Op::SetJudgment(j) => {
                if let Some(old) = self.judgments.iter_mut().find(|x| x.target == j.target) {
                    // Recording the verdict again settles a merge's conflict.
                    old.settle(j.at);
                    let mut history = std::mem::take(&mut old.history);
                    // A withdrawn verdict is kept as replaced too: a merge
                    // with a copy that still holds it sees it replaced here,
                    // not given elsewhere (which would be a conflict).
                    let mut replaced = old.snapshot(j.at);
                    // Replaced in the second it was given (the clock counts
                    // seconds: `u` right after Enter): never equal to when it
                    // was given, which marks a verdict a merge set aside.
                    if replaced.since == Some(replaced.changed_at) {
                        replaced.changed_at += chrono::TimeDelta::nanoseconds(1);
                    }
                    history.push(replaced);
                    *old = Judgment { history, withdrawn: None, ..j.clone() };
                } else {
                    let pos = self.judgments.partition_point(|x| x.target < j.target);
                    self.judgments.insert(pos, j.clone());
                }
            }
            Op::WithdrawJudgment { target, at } => {
                let j = self
                    .judgments
                    .iter_mut()
                    .find(|x| &x.target == target)
                    .ok_or_else(|| OpError::NoJudgment(target.clone()))?;
                j.settle(*at);
                j.withdrawn = Some(*at);
            }
            Op::SetPosition(p) => self.position.clone_from(p),
            Op::SetAgenda(a) => self.agenda.clone_from(a),
            Op::ShowBreakdown(item) => {
                let pos = self.breakdowns_shown.partition_point(|x| x < item);
                if self.breakdowns_shown.get(pos) != Some(item) {
                    self.breakdowns_shown.insert(pos, item.clone());
                }
            }
            Op::MarkReviewCopy(copy) => self.review = Some(copy.clone()),
            Op::SawFigure(f) => {
                super::figures::record(&mut self.figures_seen, f);
            }
        }
        self.revision += 1;
        Ok(())
    }

    fn remark_mut(&mut self, id: &str) -> Result<&mut Remark, OpError> {
        self.remarks
            .iter_mut()
            .find(|r| r.id == id)
            .ok_or_else(|| OpError::NoRemark(id.to_string()))
    }

    /// The change that undoes `op`, computed before `op` is applied.
    #[must_use]
    pub fn inverse(&self, op: &Op) -> Option<Op> {
        match op {
            Op::AddRemark(r) => Some(Op::DeleteRemark { id: r.id.to_string(), at: r.at }),
            Op::EditRemark { id, at, .. } => {
                let r = self.remark(id)?;
                Some(Op::EditRemark {
                    id: id.clone(),
                    at: *at,
                    speaker: r.speaker.clone(),
                    kind: r.kind,
                    target: r.target.clone(),
                    text: r.text.to_string(),
                    internal: r.internal,
                })
            }
            Op::DeleteRemark { id, at } => Some(Op::RestoreRemark { id: id.clone(), at: *at }),
            Op::RestoreRemark { id, at } => Some(Op::DeleteRemark { id: id.clone(), at: *at }),
            Op::SetSheet(_) => Some(Op::SetSheet(self.sheet.clone())),
            Op::SetAgenda(_) => Some(Op::SetAgenda(self.agenda.clone())),
            Op::SetJudgment(j) => match self.judgment(&j.target) {
                Some(old) if old.withdrawn.is_none() => {
                    Some(Op::SetJudgment(Judgment { history: Vec::new(), ..old.clone() }))
                }
                _ => Some(Op::WithdrawJudgment { target: j.target.clone(), at: j.at }),
            },
            Op::WithdrawJudgment { target, .. } => {
                let old = self.judgment(target)?;
                Some(Op::SetJudgment(Judgment { history: Vec::new(), ..old.clone() }))
            }
            Op::SetPosition(_)
            | Op::ShowBreakdown(_)
            | Op::SawFigure(_)
            | Op::MarkReviewCopy(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fiscal::FiscalYear;
    use crate::domain::session::{DataRefs, Sheet};
    use chrono::DateTime;

    fn at(s: &str) -> Stamp {
        DateTime::parse_from_rfc3339(s).expect("time")
    }

    fn remark(id: &str, time: &str, text: &str) -> Remark {
        let item = Target::Item { kpi: "新規移動人数".into(), fiscal_year: FiscalYear(2018) };
        Remark::new(id.into(), at(time), RemarkKind::Question, item, text.into())
    }

    fn session() -> Session {
        Session::new(Sheet::default(), DataRefs::default())
    }

    #[test]
    fn remarks_stay_in_time_order_whatever_the_arrival() {
        let mut s = session();
        s.apply(&Op::AddRemark(remark("B", "2019-05-20T14:10:00+09:00", "二"))).expect("add");
        s.apply(&Op::AddRemark(remark("A", "2019-05-20T14:05:00+09:00", "一"))).expect("add");
        s.apply(&Op::AddRemark(remark("C", "2019-05-20T14:20:00+09:00", "三"))).expect("add");
        let texts: Vec<&str> = s.remarks.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["一", "二", "三"]);
        assert_eq!(s.revision, 3);
        assert!(s.apply(&Op::AddRemark(remark("A", "2019-05-20T14:05:00+09:00", "x"))).is_err());
        assert_eq!(s.revision, 3, "a refused change is not counted");
    }

    #[test]
    fn edits_and_deletions_keep_what_was_said_before() {
        let mut s = session();
        s.apply(&Op::AddRemark(remark("A", "2019-05-20T14:05:00+09:00", "五十人の内訳は？")))
            .expect("add");
        let edit = Op::EditRemark {
            id: "A".into(),
            at: at("2019-05-20T14:06:00+09:00"),
            speaker: Some("a1".into()),
            kind: RemarkKind::Question,
            target: Target::Meeting,
            text: "その50人の内訳は？".into(),
            internal: false,
        };
        s.apply(&edit).expect("edit");
        s.apply(&Op::DeleteRemark { id: "A".into(), at: at("2019-05-20T14:07:00+09:00") })
            .expect("delete");
        let r = s.remark("A").expect("kept");
        assert_eq!(r.text, "その50人の内訳は？");
        assert!(r.trail().deleted.is_some());
        assert_eq!(r.trail().history.len(), 2);
        assert_eq!(r.trail().history[0].text, "五十人の内訳は？");
        assert_eq!(r.trail().history[0].change, Change::Edited);
        assert_eq!(r.trail().history[1].change, Change::Deleted);
        assert_eq!(s.live_remarks().count(), 0);
    }

    /// A verdict changed and undone within the same second (the clock
    /// counts seconds; `u` right after Enter): one copy, one clerk, no
    /// conflict, and the export is not held up. (Before, the verdict
    /// replaced in the same second it was given looked set aside by a
    /// merge: ⚠競合 on a session no merge had touched.)
    #[test]
    fn a_verdict_replaced_in_the_second_it_was_given_is_no_conflict() {
        let verdict =
            |effect: &str, time: &str| Op::SetJudgment(Judgment::on_the_plan(effect, time));
        let mut s = session();
        s.apply(&verdict("効果があった", "2019-05-20T13:50:01+09:00")).expect("judge");
        let before = s.clone();
        s.apply(&verdict("効果がなかった", "2019-05-20T13:50:03+09:00")).expect("judge");
        let given = s.clone();
        // Undone in the same second: the earlier verdict again.
        s.apply(&verdict("効果があった", "2019-05-20T13:50:03+09:00")).expect("undo");
        let j = s.judgment(&JudgmentTarget::Plan).expect("judged");
        assert_eq!(j.effect, "効果があった");
        assert!(!j.in_conflict(), "{j:?}");
        // Nor with a copy taken at any step.
        for copy in [&before, &given] {
            let merged = super::super::merge::merge(&s, copy);
            let j = merged.judgment(&JudgmentTarget::Plan).expect("judged");
            assert_eq!(j.effect, "効果があった");
            assert!(!j.in_conflict(), "{j:?}");
        }
    }

    #[test]
    fn every_change_can_be_undone() {
        let mut s = session();
        let ops = [
            Op::AddRemark(remark("A", "2019-05-20T14:05:00+09:00", "一")),
            Op::EditRemark {
                id: "A".into(),
                at: at("2019-05-20T14:06:00+09:00"),
                speaker: None,
                kind: RemarkKind::Opinion,
                target: Target::Meeting,
                text: "二".into(),
                internal: true,
            },
            Op::SetSheet(Sheet { title: "第1回".into(), ..Sheet::default() }),
            Op::SetJudgment(Judgment {
                target: JudgmentTarget::Plan,
                effect: "地方創生に効果があった".into(),
                policy: "継続".into(),
                reason: "理由".into(),
                at: at("2019-05-20T15:00:00+09:00"),
                internal: false,
                withdrawn: None,
                history: Vec::new(),
            }),
        ];
        let mut states = vec![s.clone()];
        let mut undo = Vec::new();
        for op in &ops {
            undo.push(s.inverse(op).expect("undoable"));
            s.apply(op).expect("apply");
            states.push(s.clone());
        }
        let now = at("2019-05-20T15:30:00+09:00");
        for expected in states.iter().rev().skip(1) {
            let op = undo.pop().expect("undo").restamped(now);
            s.apply(&op).expect("undo applies");
            // Content is back; history grows instead of shrinking.
            assert_eq!(s.sheet, expected.sheet);
            let live = |x: &Session| -> Vec<(String, String)> {
                x.live_remarks().map(|r| (r.id.to_string(), r.text.to_string())).collect()
            };
            assert_eq!(live(&s), live(expected));
            let judged = |x: &Session| x.judgments.iter().filter(|j| j.withdrawn.is_none()).count();
            assert_eq!(judged(&s), judged(expected));
        }
        assert_eq!(s.remark("A").map(|r| r.trail().history.len()), Some(3), "nothing was lost");
    }
}
