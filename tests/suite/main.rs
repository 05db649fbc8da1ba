//! Every integration test, in one binary: one link of the crate instead of
//! one per file. Each module is one area; `common` drives the real binary
//! in a pseudo-terminal.

mod common;

mod agenda;
mod architecture;
mod cache;
mod cli;
mod companies_output;
mod corpus;
mod crash;
mod documents;
mod e2e;
mod faults;
mod formulas;
mod fuzz_regressions;
mod git_merge;
mod hostile;
mod import;
mod import_csv;
mod import_preview;
mod import_sheets;
mod import_totals_above;
mod kinds;
mod limits;
mod malformed;
mod meeting;
mod meeting_day;
mod merge;
mod messages;
mod minutes;
mod plan_office;
mod plan_texts;
mod presenting;
mod reconciliation_props;
mod render;
mod replace;
mod review;
mod scale;
mod session_roundtrip;
// Signals, job control and the terminal's device: Unix only.
#[cfg(unix)]
mod signals;
mod sizes;
mod spreadsheet_budget;
mod surfaces;
mod symlinks;
