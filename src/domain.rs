//! The domain: plans, fiscal years and eras, actuals, achievement, and the
//! aggregates computed from them. Pure data and rules: no I/O, no terminal,
//! no clock (times are passed in).

pub mod achievement;
pub mod actuals;
pub mod breakdown;
pub mod company;
pub mod dataset;
pub mod fiscal;
pub mod format_version;
pub mod ledger;
pub mod normalize;
pub mod plan;
pub mod quantity;
pub mod record_error;
pub mod search;
pub mod session;
pub mod shared_str;
