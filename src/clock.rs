//! The only place the program reads the clock: everything else is handed
//! the time, so tests and the domain never depend on it.

use chrono::{Local, Timelike};

use crate::domain::session::Stamp;

/// Now, in the machine's time zone, to the second.
#[must_use]
pub fn now() -> Stamp {
    let now = Local::now().fixed_offset();
    now.with_nanosecond(0).unwrap_or(now)
}
