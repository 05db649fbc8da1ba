//! Loading a plan and its actuals from files or the embedded default.

use std::path::Path;

use crate::domain::actuals::Actuals;
use crate::domain::dataset::{Dataset, Part};
use crate::domain::plan::Plan;

use super::embedded;
use super::ron_file::{self, LoadError, Origin};
use crate::import::table::CellError;

/// Where one input came from, for the status line and the session record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub origin: Origin,
    /// Length of the content in bytes.
    pub len: usize,
    /// SHA-256 of the content, in hex: what a session records.
    pub sha256: String,
}

impl Source {
    #[must_use]
    pub fn new(origin: Origin, bytes: &[u8]) -> Self {
        use sha2::{Digest, Sha256};
        let sha256 = super::hex(&Sha256::digest(bytes));
        Source { origin, len: bytes.len(), sha256 }
    }

    /// As a session records it.
    #[must_use]
    pub fn data_ref(&self) -> crate::domain::session::DataRef {
        crate::domain::session::DataRef {
            path: self.origin.to_string(),
            sha256: self.sha256.clone(),
        }
    }
}

/// A validated dataset and the sources it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    pub plan_source: Source,
    pub actuals_source: Source,
}

pub fn assemble(
    plan: Plan,
    plan_source: Source,
    actuals: Actuals,
    actuals_source: Source,
) -> Result<Loaded, LoadError> {
    match Dataset::new(plan, actuals) {
        Ok(dataset) => Ok(Loaded { dataset, plan_source, actuals_source }),
        Err((Part::Plan, e)) => Err(LoadError::invalid(&plan_source.origin, e)),
        Err((Part::Actuals, e)) => Err(LoadError::invalid(&actuals_source.origin, e)),
    }
}

pub fn load_plan(path: &Path) -> Result<(Plan, Source), LoadError> {
    let (plan, bytes): (Plan, _) = ron_file::load(path)?;
    Ok((plan, Source::new(Origin::File(path.to_path_buf()), &bytes)))
}

pub fn load_actuals(path: &Path) -> Result<(Actuals, Source), LoadError> {
    let (actuals, bytes): (Actuals, _) = ron_file::load(path)?;
    Ok((actuals, Source::new(Origin::File(path.to_path_buf()), &bytes)))
}

/// Loads what the command line names. Without `--plan` the embedded plan
/// is used; without `--actuals`, the sample actuals go with the embedded
/// plan and a plan from a file starts with no actuals.
pub fn load(plan: Option<&Path>, actuals: Option<&Path>) -> Result<Loaded, LoadError> {
    let (plan, plan_source) = match plan {
        Some(p) => load_plan(p)?,
        None => embedded::plan()?,
    };
    let from_file = matches!(plan_source.origin, Origin::File(_));
    let (actuals, actuals_source) = match actuals {
        // A spreadsheet or CSV straight from a department: imported on the fly.
        Some(a) if crate::import::is_table(a) => {
            let (actuals, bytes) = crate::import::actuals_from_table(
                a,
                &plan,
                None,
                &std::collections::HashMap::new(),
            )
            .map_err(|errors| {
                let more = if errors.len() > 1 {
                    format!(" (and {} more problems)", errors.len() - 1)
                } else {
                    String::new()
                };
                let first = errors.first().map(CellError::within_file).unwrap_or_default();
                LoadError::Other {
                    origin: Origin::File(a.to_path_buf()),
                    message: format!("{first}{more}"),
                }
            })?;
            (actuals, Source::new(Origin::File(a.to_path_buf()), &bytes))
        }
        Some(a) => load_actuals(a)?,
        None if from_file => {
            (Actuals::empty(), Source::new(Origin::Embedded("empty actuals"), b""))
        }
        None => embedded::actuals()?,
    };
    assemble(plan, plan_source, actuals, actuals_source)
}
