//! The council's judgment (評価) on an item or on the plan as a whole, in
//! the categories of 地方創生 effectiveness verification.

use serde::{Deserialize, Serialize};

use super::Stamp;
use crate::domain::fiscal::FiscalYear;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum JudgmentTarget {
    /// The plan (the project) as a whole.
    Plan,
    Item {
        kpi: String,
        fiscal_year: FiscalYear,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judgment {
    pub target: JudgmentTarget,
    /// One of the plan's effect categories (地方創生に相当程度効果があった …).
    pub effect: String,
    /// 今後の方針 (継続 / 改善して継続 / 中止 …).
    pub policy: String,
    pub reason: String,
    pub at: Stamp,
    #[serde(default)]
    pub internal: bool,
    /// When it was withdrawn (by undo); withdrawn judgments stay in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Stamp>,
    /// Earlier verdicts on the same target, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<JudgmentRevision>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudgmentRevision {
    /// When this verdict was given (absent in files from before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Stamp>,
    /// When it was replaced (or, for a verdict set aside by a merge, given).
    pub changed_at: Stamp,
    pub effect: String,
    pub policy: String,
    pub reason: String,
    #[serde(default)]
    pub internal: bool,
}

impl Judgment {
    /// The verdicts a merge set aside (given on another copy of the session
    /// and replaced by none) that say something else than this one: the
    /// council gave two different verdicts, and the newest only stands
    /// until the secretariat records the one to keep.
    pub fn set_aside(&self) -> impl Iterator<Item = &JudgmentRevision> {
        let content = |h: &JudgmentRevision| {
            (h.effect.clone(), h.policy.clone(), h.reason.clone(), h.internal)
        };
        // A file from before verdicts kept when they were given says only
        // when one was replaced: a verdict given no later, as it says, is
        // that one, replaced, not another copy's.
        let replaced_unstamped = move |h: &JudgmentRevision| {
            self.history.iter().any(|r| {
                r.since.is_none()
                    && h.since.is_some_and(|s| s <= r.changed_at)
                    && content(r) == content(h)
            })
        };
        self.history.iter().filter(move |h| {
            h.since == Some(h.changed_at)
                && (&h.effect, &h.policy, &h.reason, h.internal)
                    != (&self.effect, &self.policy, &self.reason, self.internal)
                && !replaced_unstamped(h)
        })
    }

    /// Whether a merge left verdicts set aside that differ from this one:
    /// a conflict that blocks the export, as a remark's does.
    #[must_use]
    pub fn in_conflict(&self) -> bool {
        self.set_aside().next().is_some()
    }

    /// Recording a verdict again settles a conflict: the verdicts set aside
    /// count as replaced at `at` (so merging the other copy again does not
    /// bring them back).
    pub fn settle(&mut self, at: Stamp) {
        for h in &mut self.history {
            if h.since == Some(h.changed_at) {
                // Replaced when settled; never equal to when it was given,
                // which would mark it set aside again.
                h.changed_at =
                    if Some(at) == h.since { at + chrono::TimeDelta::nanoseconds(1) } else { at };
            }
        }
    }

    #[must_use]
    pub fn snapshot(&self, changed_at: Stamp) -> JudgmentRevision {
        JudgmentRevision {
            since: Some(self.at),
            changed_at,
            effect: self.effect.clone(),
            policy: self.policy.clone(),
            reason: self.reason.clone(),
            internal: self.internal,
        }
    }
}

#[cfg(test)]
impl Judgment {
    /// For tests: a public verdict on the plan as a whole, `effect` / 継続,
    /// given at `time` (RFC 3339).
    pub(crate) fn on_the_plan(effect: &str, time: &str) -> Judgment {
        Judgment {
            target: JudgmentTarget::Plan,
            effect: effect.into(),
            policy: "継続".into(),
            reason: String::new(),
            at: chrono::DateTime::parse_from_rfc3339(time).expect("time"),
            internal: false,
            withdrawn: None,
            history: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(effect: &str, time: &str) -> Judgment {
        Judgment::on_the_plan(effect, time)
    }

    /// A file from before verdicts kept when they were given (its history
    /// says only when each was replaced), merged with a copy that still
    /// holds the verdict it replaced: no conflict, as before.
    #[test]
    fn an_older_files_replaced_verdict_is_no_conflict() {
        let old = verdict("効果があった", "2019-05-20T14:50:00+09:00");
        let mut changed = verdict("効果がなかった", "2019-05-20T15:00:00+09:00");
        changed.history.push(JudgmentRevision { since: None, ..old.snapshot(changed.at) });
        let merged =
            crate::domain::session::merge::merge_judgment(&[&changed, &old]).expect("merged");
        assert_eq!(merged.effect, "効果がなかった");
        assert!(!merged.in_conflict(), "{merged:?}");
        // Given on another copy after it was replaced here: a conflict.
        let later = verdict("効果があった", "2019-05-20T15:10:00+09:00");
        let merged =
            crate::domain::session::merge::merge_judgment(&[&changed, &later]).expect("merged");
        assert!(merged.in_conflict(), "{merged:?}");
    }
}
