//! The embedded default: the 北見市 plan and sample actuals, compiled in.

use crate::domain::actuals::Actuals;
use crate::domain::plan::Plan;

use super::dataset_files::{Loaded, Source, assemble};
use super::ron_file::{LoadError, Origin, parse};

pub const PLAN_RON: &str = include_str!("../../assets/kitami-plan.ron");
pub const ACTUALS_RON: &str = include_str!("../../assets/sample-actuals.ron");

pub const PLAN_ORIGIN: Origin = Origin::Embedded("plan");
pub const ACTUALS_ORIGIN: Origin = Origin::Embedded("sample actuals");

pub fn plan() -> Result<(Plan, Source), LoadError> {
    let plan = parse(&PLAN_ORIGIN, PLAN_RON)?;
    Ok((plan, Source::new(PLAN_ORIGIN, PLAN_RON.as_bytes())))
}

pub fn actuals() -> Result<(Actuals, Source), LoadError> {
    let actuals = parse(&ACTUALS_ORIGIN, ACTUALS_RON)?;
    Ok((actuals, Source::new(ACTUALS_ORIGIN, ACTUALS_RON.as_bytes())))
}

/// The 北見市 plan with the sample actuals.
pub fn load() -> Result<Loaded, LoadError> {
    let (plan, plan_source) = plan()?;
    let (actuals, actuals_source) = actuals()?;
    assemble(plan, plan_source, actuals, actuals_source)
}
