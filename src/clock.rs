//! The only place the program reads the clock: everything else is handed
//! the time, so tests and the domain never depend on it.
//!
//! `KPI_COUNCIL_NOW` (an RFC 3339 time, e.g. `2019-05-20T13:55:00+09:00`)
//! sets the time the program starts at; it then runs on from there. It is
//! how a rehearsal (or a test) plays the meeting day on another day.

use std::sync::OnceLock;
use std::time::Instant;

use chrono::{DateTime, Local, TimeDelta, Timelike};

use crate::domain::session::Stamp;

/// The variable that sets the starting time.
pub const NOW_VARIABLE: &str = "KPI_COUNCIL_NOW";

/// The time given in the environment and the moment it was read.
fn given() -> Option<(Stamp, Instant)> {
    static GIVEN: OnceLock<Option<(Stamp, Instant)>> = OnceLock::new();
    *GIVEN.get_or_init(|| {
        let text = std::env::var(NOW_VARIABLE).ok()?;
        let at = DateTime::parse_from_rfc3339(text.trim()).ok()?;
        Some((at, Instant::now()))
    })
}

/// Whether the environment sets the time but it cannot be read: said once
/// at start rather than silently using the machine's clock.
#[must_use]
pub fn unreadable_setting() -> Option<String> {
    let text = std::env::var(NOW_VARIABLE).ok()?;
    match DateTime::parse_from_rfc3339(text.trim()) {
        Ok(_) => None,
        Err(_) => Some(format!(
            "{NOW_VARIABLE}={text}: not a time (expected e.g. 2019-05-20T13:55:00+09:00)"
        )),
    }
}

/// Now, in the machine's time zone (or the zone of the given time), to the
/// second.
#[must_use]
pub fn now() -> Stamp {
    let now = match given() {
        Some((start, read_at)) => {
            let run = TimeDelta::from_std(read_at.elapsed()).unwrap_or_default();
            start + run
        }
        None => Local::now().fixed_offset(),
    };
    now.with_nanosecond(0).unwrap_or(now)
}

/// Seconds from `earlier` to `now`, for what waits a few seconds (a retry
/// of a failed save, the draft's next copy, a notice, a question on the
/// status line). A clock put back since (a time server stepping it, a
/// clock set by hand) makes `now` the earlier: that counts as long past,
/// never as a wait until the clock is back where it was, which would
/// stop the retries and the drafts for as long as it was put back.
#[must_use]
pub fn seconds_since(earlier: Stamp, now: Stamp) -> i64 {
    let seconds = (now - earlier).num_seconds();
    if now < earlier { i64::MAX } else { seconds }
}
