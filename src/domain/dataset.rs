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

/// Runs two independent pieces of work, perhaps at the same time: the
/// domain stays free of threads, and its caller says how (the store runs
/// a large file's on two cores).
pub trait Both {
    fn both<A, B, RA, RB>(&self, a: A, b: B) -> (RA, RB)
    where
        A: FnOnce() -> RA + Send,
        B: FnOnce() -> RB + Send,
        RA: Send,
        RB: Send;
}

/// One after the other.
pub struct InTurn;

impl Both for InTurn {
    fn both<A, B, RA, RB>(&self, a: A, b: B) -> (RA, RB)
    where
        A: FnOnce() -> RA + Send,
        B: FnOnce() -> RB + Send,
        RA: Send,
        RB: Send,
    {
        (a(), b())
    }
}

impl Dataset {
    /// Validates both files against each other and computes the ledger.
    pub fn new(plan: Plan, actuals: Actuals) -> Result<Dataset, (Part, RecordError)> {
        Self::new_with(plan, actuals, &InTurn)
    }

    /// [`Dataset::new`], the ledger and the companies' search keys made by
    /// `both` (at the same time, when it runs them so).
    pub fn new_with(
        plan: Plan,
        actuals: Actuals,
        both: &impl Both,
    ) -> Result<Dataset, (Part, RecordError)> {
        plan.validate().map_err(|e| (Part::Plan, e))?;
        actuals.validate(&plan).map_err(|e| (Part::Actuals, e))?;
        let (ledger, companies) =
            both.both(|| Ledger::build(&plan, &actuals), || SearchKeys::companies(&actuals));
        let keys =
            SearchKeys::with_companies(companies, &actuals, |id| ledger.company_position(id));
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
