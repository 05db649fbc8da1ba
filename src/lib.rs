//! kpi-council: the evaluation meeting of a 地域再生計画 in a terminal.
//!
//! - [`domain`]: plans, fiscal years and eras, actuals, achievement, the
//!   aggregates: pure data and rules.
//! - [`store`]: reading files with positioned errors; the embedded default.
//! - [`app`]: state, actions, keys and `update`, which returns effects.
//! - [`runtime`]: carries the effects out (the session store, the
//!   follower, the config, the export worker).
//! - [`ui`]: drawing the state; one module per screen.
//! - [`tui`]: the terminal itself.
//! - [`commands`]: the subcommands for scripts.
//! - [`cli`]: the command line; [`error`]: how a command fails;
//!   [`i18n`]: Japanese and English words.

pub mod app;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod domain;
pub mod error;
pub mod export;
#[doc(hidden)]
pub mod fuzz_entry;
/// A line on stderr, as `eprintln!` prints it, but never a panic when
/// stderr cannot be written (a terminal hung up): the line is then lost.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stderr(), $($arg)*);
    }};
}

pub mod guard;
pub mod i18n;
pub mod import;
pub mod interrupt;
pub mod logging;
mod run;
pub mod runtime;
pub mod sample;
pub mod store;
pub mod text;
pub mod tui;
pub mod ui;

pub use run::run;

/// Exit status for an error the user can fix (bad input, bad arguments).
pub const EXIT_USER_ERROR: u8 = 2;
