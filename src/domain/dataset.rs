//! A plan with its actuals and the aggregates computed from them.

use super::actuals::Actuals;
use super::ledger::{Ledger, LedgerParts};
use super::plan::Plan;
use super::record_error::RecordError;
use super::search::SearchKeys;

/// Which of the two files a rule was broken in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Plan,
    Actuals,
}

#[derive(Debug, Clone)]
pub struct Dataset {
    pub plan: Plan,
    pub actuals: Actuals,
    pub ledger: Ledger,
    /// What the companies list filters and sorts on, prepared once.
    pub keys: SearchKeys,
}

impl Dataset {
    /// Validates both files against each other and computes the ledger.
    pub fn new(plan: Plan, actuals: Actuals) -> Result<Dataset, (Part, RecordError)> {
        plan.validate().map_err(|e| (Part::Plan, e))?;
        actuals.validate(&plan).map_err(|e| (Part::Actuals, e))?;
        let ledger = Ledger::build(&plan, &actuals);
        let keys = SearchKeys::build(&actuals, |id| ledger.company_position(id));
        Ok(Dataset { plan, actuals, ledger, keys })
    }

    /// A dataset whose files were checked against each other before (their
    /// bytes are the same as then), with the search keys and the ledger's
    /// parts made then (the ledger is built afresh if they do not fit).
    #[must_use]
    pub fn checked_before(
        plan: Plan,
        actuals: Actuals,
        keys: SearchKeys,
        ledger: LedgerParts,
    ) -> Dataset {
        let ledger = Ledger::from_parts(&plan, &actuals, ledger)
            .unwrap_or_else(|| Ledger::build(&plan, &actuals));
        Dataset { plan, actuals, ledger, keys }
    }

    /// Whether the actuals are sample data (labelled サンプル everywhere).
    #[must_use]
    pub fn is_sample(&self) -> bool {
        self.actuals.sample
    }

    /// Number of agenda items: every KPI × fiscal year.
    #[must_use]
    pub fn agenda_len(&self) -> usize {
        self.plan.kpis.len() * self.plan.fiscal_years.len()
    }
}
