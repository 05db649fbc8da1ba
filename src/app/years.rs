//! The plan across the years: every KPI's targets and actuals over the
//! whole plan period, with each meeting's judgments on it, for the meeting
//! that evaluates the whole plan at its end.

use crate::domain::session::Judgment;

/// An earlier meeting of the plan, found in the sessions folder.
#[derive(Debug, Clone, PartialEq)]
pub struct EarlierMeeting {
    /// Its title.
    pub title: String,
    /// Its date (written in the interface's language on screen).
    pub date: chrono::NaiveDate,
    /// Its judgments (withdrawn ones left out).
    pub judgments: Vec<Judgment>,
}

/// The plan-across-years screen: the first line shown, and the furthest
/// it may be (its last line at the bottom of the screen), as last drawn
/// (until then, no bound).
#[derive(Debug)]
pub struct YearsView {
    pub offset: usize,
    pub furthest: std::cell::Cell<usize>,
}

impl Default for YearsView {
    fn default() -> Self {
        YearsView { offset: 0, furthest: std::cell::Cell::new(usize::MAX) }
    }
}
