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

/// The plan-across-years screen: the first line shown.
#[derive(Debug, Default)]
pub struct YearsView {
    pub offset: usize,
}
