//! What the companies list filters and sorts on, computed once per record
//! when the data are loaded: the folded text a filter is matched against
//! and the place of each company in the name order. A key press then
//! compares prepared keys; it never folds a string or looks up an id.

use serde::{Deserialize, Serialize};

use super::actuals::Actuals;
use super::company::CompanyKind;
use super::normalize::fold_width;

/// Text as a filter compares it: full-width ASCII folded, ASCII in lower case.
#[must_use]
pub fn fold(text: &str) -> String {
    let mut folded = fold_width(text);
    folded.make_ascii_lowercase();
    folded
}

/// Separates a company's fields in its folded text; a filter never holds
/// it (a typed filter is one line), so no match spans two fields.
const FIELD_SEPARATOR: char = '\n';

/// Per-record search and sort keys; indices as in [`Actuals`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchKeys {
    /// Per company: name, head office and industry, folded, one per line.
    company_text: Vec<Box<str>>,
    /// Per company: its place in the name order, from 1.
    name_rank: Vec<u32>,
    /// Per company: its kind.
    kind: Vec<CompanyKind>,
    /// Per contribution: the position of its company plus one, 0 when the
    /// company is unknown.
    company: Vec<u32>,
    /// The folded notes that folding changed, by contribution (ascending);
    /// every other note is matched as written. Few notes hold full-width
    /// ASCII, so this is short where one entry per record would not be.
    note: Vec<(u32, Box<str>)>,
}

/// The companies' part of [`SearchKeys`] (see [`SearchKeys::companies`]).
#[derive(Debug)]
pub struct CompanyKeys {
    company_text: Vec<Box<str>>,
    name_rank: Vec<u32>,
    kind: Vec<CompanyKind>,
}

fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl SearchKeys {
    /// Prepares the keys of every record; `company_of` gives the position
    /// of a company id in `actuals.companies`.
    #[must_use]
    pub fn build(actuals: &Actuals, company_of: impl Fn(&str) -> Option<usize>) -> SearchKeys {
        Self::with_companies(Self::companies(actuals), actuals, company_of)
    }

    /// The companies' part of the keys: it needs no ledger, so it can be
    /// made while the ledger is (see `Dataset::new_with`).
    #[must_use]
    pub fn companies(actuals: &Actuals) -> CompanyKeys {
        let company_text = actuals
            .companies
            .iter()
            .map(|c| {
                let mut text = String::with_capacity(
                    c.name.len() + c.head_office.len() + c.industry.len() + 2,
                );
                text.push_str(&c.name);
                text.push(FIELD_SEPARATOR);
                text.push_str(&c.head_office);
                text.push(FIELD_SEPARATOR);
                text.push_str(&c.industry);
                fold(&text).into_boxed_str()
            })
            .collect();
        // The name order: by reading, else by name without its legal form,
        // then by the whole name and the id, so equal keys keep a fixed order.
        let sort_names: Vec<String> =
            actuals.companies.iter().map(super::company::Company::sort_name).collect();
        let mut order: Vec<usize> = (0..actuals.companies.len()).collect();
        order.sort_by(|&a, &b| {
            let (ca, cb) = (&actuals.companies[a], &actuals.companies[b]);
            (&sort_names[a], &ca.name, &ca.id).cmp(&(&sort_names[b], &cb.name, &cb.id))
        });
        let mut name_rank = vec![0; actuals.companies.len()];
        for (rank, &c) in order.iter().enumerate() {
            name_rank[c] = small(rank + 1);
        }
        let kind = actuals.companies.iter().map(|c| c.kind).collect();
        CompanyKeys { company_text, name_rank, kind }
    }

    /// The keys, with the companies' part made before.
    pub fn with_companies(
        companies: CompanyKeys,
        actuals: &Actuals,
        company_of: impl Fn(&str) -> Option<usize>,
    ) -> SearchKeys {
        let CompanyKeys { company_text, name_rank, kind } = companies;
        let company = actuals
            .contributions
            .iter()
            .map(|c| company_of(&c.company).map_or(0, |i| small(i + 1)))
            .collect();
        let note = actuals
            .contributions
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let folded = fold(&c.note);
                (folded != c.note).then(|| (small(i), folded.into_boxed_str()))
            })
            .collect();
        SearchKeys { company_text, name_rank, kind, company, note }
    }

    /// The position of a contribution's company in `Actuals::companies`.
    #[must_use]
    pub fn company(&self, contribution: usize) -> Option<usize> {
        let c = *self.company.get(contribution)?;
        usize::try_from(c).ok()?.checked_sub(1)
    }

    /// A contribution's company's place in the name order (0: unknown
    /// company, first).
    #[must_use]
    pub fn name_rank(&self, contribution: usize) -> u32 {
        self.company(contribution).and_then(|c| self.name_rank.get(c)).copied().unwrap_or(0)
    }

    /// A contribution's company's kind (その他 when unknown).
    #[must_use]
    pub fn kind(&self, contribution: usize) -> CompanyKind {
        self.company(contribution)
            .and_then(|c| self.kind.get(c))
            .copied()
            .unwrap_or(CompanyKind::Other)
    }

    /// Whether a contribution's note or its company's name, head office
    /// or industry holds `folded` (already folded).
    #[must_use]
    pub fn holds(&self, actuals: &Actuals, contribution: usize, folded: &str) -> bool {
        let folded_note = self
            .note
            .binary_search_by_key(&small(contribution), |(i, _)| *i)
            .ok()
            .and_then(|at| self.note.get(at));
        let note = match folded_note {
            Some((_, note)) => note,
            None => actuals.contributions.get(contribution).map_or("", |c| c.note.as_str()),
        };
        note.contains(folded)
            || self
                .company(contribution)
                .and_then(|c| self.company_text.get(c))
                .is_some_and(|text| text.contains(folded))
    }

    /// Whether these keys were built for these actuals (same counts).
    #[must_use]
    pub fn fits(&self, actuals: &Actuals) -> bool {
        self.company_text.len() == actuals.companies.len()
            && self.name_rank.len() == actuals.companies.len()
            && self.kind.len() == actuals.companies.len()
            && self.company.len() == actuals.contributions.len()
            && self.note.iter().all(|(i, _)| (*i as usize) < actuals.contributions.len())
            && self.note.windows(2).all(|w| w[0].0 < w[1].0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::embedded;

    #[test]
    fn keys_fold_once_and_rank_names() {
        let loaded = embedded::load().expect("embedded default");
        let d = &loaded.dataset;
        let keys = &d.keys;
        assert!(keys.fits(&d.actuals));
        for (i, c) in d.actuals.contributions.iter().enumerate() {
            let company = keys.company(i).expect("every sample company is known");
            assert_eq!(d.actuals.companies[company].id, c.company);
            assert!(keys.holds(&d.actuals, i, &fold(&d.actuals.companies[company].name)));
        }
        // Ranks are a permutation of 1..=n in the name order.
        let mut ranks: Vec<u32> = keys.name_rank.clone();
        ranks.sort_unstable();
        assert_eq!(ranks, (1..=small(d.actuals.companies.len())).collect::<Vec<_>>());
    }

    #[test]
    fn a_match_never_spans_two_fields() {
        use crate::domain::actuals::Contribution;
        use crate::domain::company::Company;
        use crate::domain::fiscal::FiscalYear;
        use crate::domain::quantity::Quantity;
        let mut actuals = Actuals::empty();
        actuals.companies.push(Company {
            id: "a".into(),
            name: "アサヒＩＴ".into(),
            head_office: "東京都港区".into(),
            industry: "情報通信業".into(),
            kind: CompanyKind::Metro,
            reading: String::new(),
        });
        actuals.contributions.push(Contribution {
            kpi: "k".into(),
            fiscal_year: FiscalYear(2019),
            company: "a".into(),
            value: Quantity::units(1),
            date: None,
            note: "Ｕターン".into(),
        });
        let keys = SearchKeys::build(&actuals, |id| (id == "a").then_some(0));
        let holds = |text: &str| keys.holds(&actuals, 0, &fold(text));
        assert!(holds("アサヒit"), "full-width ASCII folds and ignores case");
        assert!(holds("港区"));
        assert!(holds("通信"));
        assert!(holds("uタ"), "the note is folded too");
        assert!(!holds("it東京"), "name and head office are not one text");
        assert!(!holds("港区情報"), "head office and industry are not one text");
    }
}
