//! Achievement: the rate of an actual against its target, and its status.

use std::fmt;

use serde::Serialize;

use super::plan::{Better, Thresholds};
use super::quantity::Quantity;

/// A rate in tenths of a percent (`840` is 84.0 %).
///
/// The rate is cut, not rounded, to one decimal (切り捨て): 99.96 % shows as
/// 99.9 %, so the shown rate never overstates achievement and always agrees
/// with the status next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(i64);

/// As a number of percent with one decimal (`84.0`).
impl Serialize for Rate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[allow(clippy::cast_precision_loss)]
        let percent = self.0 as f64 / 10.0;
        s.serialize_f64(percent)
    }
}

impl Rate {
    /// `actual / target`, or `None` when the target is zero.
    #[must_use]
    pub fn of(actual: Quantity, target: Quantity) -> Option<Rate> {
        if target.milli() <= 0 || actual.is_negative() {
            return None;
        }
        let tenths = i128::from(actual.milli()) * 1000 / i128::from(target.milli());
        Some(Rate(i64::try_from(tenths).unwrap_or(i64::MAX)))
    }

    #[must_use]
    pub const fn tenths(self) -> i64 {
        self.0
    }

    /// `84.0` without the percent sign, for machine-readable output.
    #[must_use]
    pub fn plain(self) -> String {
        format!("{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl fmt::Display for Rate {
    /// `84.0%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("{}%", self.plain()))
    }
}

/// How an item stands. Always shown in words as well as colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 達成: at or above the achieved threshold.
    Achieved,
    /// 概ね達成: at or above the mostly-achieved threshold.
    MostlyAchieved,
    /// 未達成.
    NotAchieved,
    /// 目標なし: the plan sets no target this year ("-").
    NoTarget,
    /// 実績なし: a target, but no result has been recorded.
    NoActual,
}

impl Status {
    /// Stable code for machine-readable output.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::MostlyAchieved => "mostly_achieved",
            Status::NotAchieved => "not_achieved",
            Status::NoTarget => "no_target",
            Status::NoActual => "no_actual",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Achievement {
    pub rate: Option<Rate>,
    pub status: Status,
}

impl Achievement {
    /// Compares exactly (no rounding): `actual × 100 ≥ threshold × target`.
    #[must_use]
    ///
    /// Where less is better ([`Better::Lower`]) the two change places: the
    /// rate is `target / actual` and 達成 is `target × 100 ≥ threshold ×
    /// actual` (an actual at or below the target; none at all, 0, reaches
    /// any target of 0 or more).
    pub fn evaluate(
        target: Option<Quantity>,
        actual: Option<Quantity>,
        thresholds: Thresholds,
        better: Better,
    ) -> Achievement {
        let Some(target) = target else {
            return Achievement { rate: None, status: Status::NoTarget };
        };
        let Some(actual) = actual else {
            return Achievement { rate: None, status: Status::NoActual };
        };
        let (better_side, against) = match better {
            Better::Higher => (actual, target),
            Better::Lower => (target, actual),
        };
        let reaches = |threshold: Quantity| {
            i128::from(better_side.milli()) * 100_000
                >= i128::from(threshold.milli()) * i128::from(against.milli())
        };
        let status = if reaches(thresholds.achieved) {
            Status::Achieved
        } else if reaches(thresholds.mostly_achieved) {
            Status::MostlyAchieved
        } else {
            Status::NotAchieved
        };
        Achievement { rate: Rate::of(better_side, against), status }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn q(n: i64) -> Quantity {
        Quantity::units(n)
    }

    #[rstest]
    #[case(42, 50, "84.0%", Status::MostlyAchieved)]
    #[case(50, 50, "100.0%", Status::Achieved)]
    #[case(12, 10, "120.0%", Status::Achieved)]
    #[case(40, 50, "80.0%", Status::MostlyAchieved)]
    #[case(39, 50, "78.0%", Status::NotAchieved)]
    #[case(0, 1, "0.0%", Status::NotAchieved)]
    #[case(1, 3, "33.3%", Status::NotAchieved)]
    #[case(2, 3, "66.6%", Status::NotAchieved)]
    fn rates_and_statuses(
        #[case] actual: i64,
        #[case] target: i64,
        #[case] rate: &str,
        #[case] status: Status,
    ) {
        let a = Achievement::evaluate(
            Some(q(target)),
            Some(q(actual)),
            Thresholds::default(),
            Better::Higher,
        );
        assert_eq!(a.rate.map(|r| r.to_string()).as_deref(), Some(rate));
        assert_eq!(a.status, status);
    }

    #[test]
    fn shown_rate_never_overstates_and_agrees_with_status() {
        // 9996 / 10000 = 99.96 %: shown 99.9 %, 概ね達成 (not 100.0 % beside 概ね達成).
        let a = Achievement::evaluate(
            Some(q(10_000)),
            Some(q(9_996)),
            Thresholds::default(),
            Better::Higher,
        );
        assert_eq!(a.rate.map(|r| r.to_string()).as_deref(), Some("99.9%"));
        assert_eq!(a.status, Status::MostlyAchieved);
        // 7999 / 10000 = 79.99 %: shown 79.9 %, 未達成.
        let b = Achievement::evaluate(
            Some(q(10_000)),
            Some(q(7_999)),
            Thresholds::default(),
            Better::Higher,
        );
        assert_eq!(b.rate.map(|r| r.to_string()).as_deref(), Some("79.9%"));
        assert_eq!(b.status, Status::NotAchieved);
    }

    #[test]
    fn decimals_do_not_drift() {
        // 0.1 + 0.2 against 0.3 is exactly 100 %, unlike in floating point.
        let actual = Quantity::from_milli(100).saturating_add(Quantity::from_milli(200));
        let a = Achievement::evaluate(
            Some(Quantity::from_milli(300)),
            Some(actual),
            Thresholds::default(),
            Better::Higher,
        );
        assert_eq!(a.status, Status::Achieved);
        assert_eq!(a.rate.map(Rate::tenths), Some(1000));
    }

    #[test]
    fn no_target_is_not_a_target_of_zero() {
        let none = Achievement::evaluate(None, Some(q(3)), Thresholds::default(), Better::Higher);
        assert_eq!(none, Achievement { rate: None, status: Status::NoTarget });
        let zero =
            Achievement::evaluate(Some(q(0)), Some(q(3)), Thresholds::default(), Better::Higher);
        assert_eq!(zero.status, Status::Achieved);
        assert_eq!(zero.rate, None);
    }

    #[test]
    fn missing_actual_is_not_zero() {
        let a = Achievement::evaluate(Some(q(10)), None, Thresholds::default(), Better::Higher);
        assert_eq!(a.status, Status::NoActual);
    }

    #[test]
    fn thresholds_come_from_the_plan() {
        let strict = Thresholds { achieved: q(100), mostly_achieved: q(90) };
        let a = Achievement::evaluate(Some(q(50)), Some(q(42)), strict, Better::Higher);
        assert_eq!(a.status, Status::NotAchieved);
    }

    /// Less is better (空き店舗数): 18 shops against a target of 15 is 83.3%
    /// and 概ね達成, not 120.0% and 達成; 12 is 125.0%, 達成; none at all
    /// reaches it. A decrease to make (△20 as a target) is reached by △25,
    /// not by △15; with more better, △15 holds a decline within △20.
    #[rstest]
    #[case(18, 15, Better::Lower, Some("83.3%"), Status::MostlyAchieved)]
    #[case(12, 15, Better::Lower, Some("125.0%"), Status::Achieved)]
    #[case(0, 15, Better::Lower, None, Status::Achieved)]
    #[case(3, 0, Better::Lower, Some("0.0%"), Status::NotAchieved)]
    #[case(0, 0, Better::Lower, None, Status::Achieved)]
    #[case(-25, -20, Better::Lower, None, Status::Achieved)]
    #[case(-15, -20, Better::Lower, None, Status::NotAchieved)]
    #[case(-15, -20, Better::Higher, None, Status::Achieved)]
    #[case(-25, -20, Better::Higher, None, Status::NotAchieved)]
    fn less_is_better_turns_the_rate_and_status(
        #[case] actual: i64,
        #[case] target: i64,
        #[case] better: Better,
        #[case] rate: Option<&str>,
        #[case] status: Status,
    ) {
        let a =
            Achievement::evaluate(Some(q(target)), Some(q(actual)), Thresholds::default(), better);
        assert_eq!(a.rate.map(|r| r.to_string()).as_deref(), rate);
        assert_eq!(a.status, status);
    }
}
