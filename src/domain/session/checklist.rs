//! What is unsettled before the minutes are exported: conflicts a merge
//! left (they block the export), remarks whose speaker is 未指定, agenda
//! items the plan asks a judgment (評価) on that have none, and how many
//! 非公開 items the public version leaves out. `e` shows it, `check` and
//! `export` print it.

use super::Session;
use super::judgment::JudgmentTarget;
use crate::domain::fiscal::FiscalYear;
use crate::domain::plan::Plan;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Checklist {
    /// Remarks with versions a merge set aside, unsettled: indices into
    /// `Session::remarks`. They block the export.
    pub conflicts: Vec<usize>,
    /// Judgments a merge gave two different verdicts, unsettled: their
    /// targets. They block the export too.
    pub judgment_conflicts: Vec<JudgmentTarget>,
    /// Live remarks whose speaker is 未指定 (a member's prepared question
    /// is under the member's name and is not counted): indices.
    pub unspecified: Vec<usize>,
    /// The fiscal year the meeting evaluates (from the sheet's date, else
    /// the plan's last year).
    pub evaluated_year: Option<FiscalYear>,
    /// What has no judgment although the plan asks for one: each KPI with
    /// a target in the evaluated year, and the plan as a whole.
    pub unjudged: Vec<JudgmentTarget>,
    /// 非公開 remarks and judgments the public minutes leave out.
    pub internal_remarks: usize,
    pub internal_judgments: usize,
    /// The roster lists attendees but no 会長 marked present (a chair
    /// carried over as 欠席 by `new --from`, say): the minutes' opening and
    /// closing sentences then name nobody (「会長が開会を宣言した」).
    pub no_chair_present: bool,
}

impl Checklist {
    #[must_use]
    pub fn of(plan: &Plan, session: &Session) -> Checklist {
        let evaluated_year = session
            .sheet
            .date
            .and_then(|d| plan.evaluated_year(d))
            .or_else(|| plan.fiscal_years.last().copied());
        let judged = |target: &JudgmentTarget| {
            session.judgment(target).is_some_and(|j| j.withdrawn.is_none())
        };
        let mut unjudged: Vec<JudgmentTarget> = evaluated_year
            .into_iter()
            .flat_map(|fy| {
                plan.kpis
                    .iter()
                    .filter(move |k| k.targets.contains_key(&fy))
                    .map(move |k| JudgmentTarget::Item { kpi: k.id.clone(), fiscal_year: fy })
            })
            .filter(|t| !judged(t))
            .collect();
        if !judged(&JudgmentTarget::Plan) {
            unjudged.push(JudgmentTarget::Plan);
        }
        let judgment_conflicts = session
            .judgments
            .iter()
            .filter(|j| j.in_conflict())
            .map(|j| j.target.clone())
            .collect();
        let mut list =
            Checklist { judgment_conflicts, evaluated_year, unjudged, ..Checklist::default() };
        for (i, r) in session.remarks.iter().enumerate() {
            if r.in_conflict() {
                list.conflicts.push(i);
            }
            if r.trail().deleted.is_some() {
                continue;
            }
            if r.speaker.is_none() && r.prepared_by().is_none() {
                list.unspecified.push(i);
            }
            if r.internal {
                list.internal_remarks += 1;
            }
        }
        list.internal_judgments =
            session.judgments.iter().filter(|j| j.withdrawn.is_none() && j.internal).count();
        let attendees = &session.sheet.attendees;
        list.no_chair_present = !attendees.is_empty()
            && !attendees.iter().any(|a| a.role == super::Role::Chair && !a.absent);
        list
    }

    /// Whether the export must wait: an unresolved conflict.
    #[must_use]
    pub fn blocks(&self) -> bool {
        !self.conflicts.is_empty() || !self.judgment_conflicts.is_empty()
    }

    /// Whether there is nothing at all to mention.
    #[must_use]
    pub fn is_clear(&self) -> bool {
        !self.blocks()
            && self.unspecified.is_empty()
            && self.unjudged.is_empty()
            && self.internal_remarks == 0
            && self.internal_judgments == 0
            && !self.no_chair_present
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::Trail;
    use crate::domain::session::merge::merge;
    use crate::domain::session::{
        DataRefs, Judgment, Op, Remark, RemarkKind, Sheet, Stamp, Target,
    };
    use chrono::{DateTime, Duration, NaiveDate};

    fn t(minutes: i64) -> Stamp {
        DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time")
            + Duration::minutes(minutes)
    }

    fn plan() -> Plan {
        crate::store::embedded::plan().expect("embedded plan").0
    }

    fn judgment(target: JudgmentTarget, internal: bool) -> Judgment {
        Judgment {
            target,
            effect: "地方創生に効果があった".into(),
            policy: "継続".into(),
            reason: String::new(),
            at: t(50),
            internal,
            withdrawn: None,
            history: Vec::new(),
        }
    }

    fn session() -> Session {
        let sheet = Sheet { date: NaiveDate::from_ymd_opt(2019, 5, 20), ..Sheet::default() };
        Session::new(sheet, DataRefs::default())
    }

    #[test]
    fn a_fresh_session_asks_for_every_judgment_of_the_evaluated_year() {
        let plan = plan();
        let list = Checklist::of(&plan, &session());
        assert_eq!(list.evaluated_year, Some(FiscalYear(2018)), "May 2019 evaluates 平成30年度");
        let item =
            |kpi: &str| JudgmentTarget::Item { kpi: kpi.into(), fiscal_year: FiscalYear(2018) };
        assert_eq!(
            list.unjudged,
            vec![
                item("新規移動人数"),
                item("新規参加企業数"),
                item("進出企業数"),
                JudgmentTarget::Plan
            ]
        );
        assert!(!list.blocks());
        assert!(!list.is_clear());
    }

    #[test]
    fn judged_unspecified_internal_and_conflicts_are_counted() {
        let plan = plan();
        let mut s = session();
        for k in &plan.kpis {
            let target = JudgmentTarget::Item { kpi: k.id.clone(), fiscal_year: FiscalYear(2018) };
            s.apply(&Op::SetJudgment(judgment(target, false))).expect("judge");
        }
        s.apply(&Op::SetJudgment(judgment(JudgmentTarget::Plan, true))).expect("judge");
        let said = |id: &str, speaker: Option<&str>, internal: bool| Remark {
            speaker: speaker.map(Into::into),
            internal,
            ..Remark::new(id.into(), t(1), RemarkKind::Opinion, Target::Meeting, "発言".into())
        };
        s.sheet.attendees.push(crate::domain::session::Attendee::new(
            "a1",
            "山田 太郎",
            "",
            crate::domain::session::Role::Chair,
        ));
        s.apply(&Op::AddRemark(said("A", None, false))).expect("add");
        s.apply(&Op::AddRemark(said("B", Some("a1"), true))).expect("add");
        s.apply(&Op::AddRemark(
            said("C", None, false)
                .with_trail(Trail {
                    prepared_by: Some("佐藤 花子".into()), ..Trail::default()
                }),
        ))
        .expect("add");
        s.apply(&Op::AddRemark(said("D", None, true))).expect("add");
        s.apply(&Op::DeleteRemark { id: "D".into(), at: t(2) }).expect("delete");
        let list = Checklist::of(&plan, &s);
        assert!(list.unjudged.is_empty());
        assert_eq!(list.unspecified, vec![0], "A only: C is the member's, D is deleted");
        assert_eq!((list.internal_remarks, list.internal_judgments), (1, 1));
        assert!(!list.blocks());

        let edit = |text: &str, minutes: i64| Op::EditRemark {
            id: "B".into(),
            at: t(minutes),
            speaker: Some("a1".into()),
            kind: RemarkKind::Opinion,
            target: Target::Meeting,
            text: text.into(),
            internal: true,
        };
        let (mut a, mut b) = (s.clone(), s.clone());
        a.apply(&edit("こちら", 10)).expect("edit");
        b.apply(&edit("あちら", 11)).expect("edit");
        let mut merged = merge(&a, &b);
        let list = Checklist::of(&plan, &merged);
        assert_eq!(list.conflicts, vec![1]);
        assert!(list.blocks());
        merged.apply(&edit("あちら", 20)).expect("settle");
        assert!(!Checklist::of(&plan, &merged).blocks(), "saving the remark settles it");
    }

    /// A roster whose only 会長 is 欠席 (as `new --from` carries the
    /// earlier one) is said: the minutes would say 「会長が開会を宣言した」
    /// of nobody present. An empty roster, or a chair present, says nothing.
    #[test]
    fn a_roster_without_a_present_chair_is_said() {
        use crate::domain::session::{Attendee, Role};
        let plan = plan();
        let mut s = session();
        assert!(!Checklist::of(&plan, &s).no_chair_present, "no roster yet");
        let mut chair = Attendee::new("a1", "山田 太郎", "", Role::Chair);
        chair.absent = true;
        s.sheet.attendees = vec![chair, Attendee::new("a2", "佐藤 花子", "", Role::Member)];
        let list = Checklist::of(&plan, &s);
        assert!(list.no_chair_present && !list.is_clear() && !list.blocks());
        s.sheet.attendees[0].absent = false;
        assert!(!Checklist::of(&plan, &s).no_chair_present);
    }
}
