//! The companies behind one number: the breakdown of a KPI in a fiscal
//! year, with shares, the kinds of company, and the part a stated total
//! does not break down.

use std::cmp::Ordering;
use std::fmt;

use serde::Serialize;

use super::actuals::Actuals;
use super::company::CompanyKind;
use super::ledger::Cell;
use super::quantity::Quantity;
use super::search::{SearchKeys, fold};

/// A share of a total in tenths of a percent, rounded half up (四捨五入):
/// shares describe, they do not judge, so they are rounded, not cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Share(i64);

impl Share {
    /// `part / whole`, or `None` when the whole is zero.
    #[must_use]
    pub fn of(part: Quantity, whole: Quantity) -> Option<Share> {
        if whole.milli() <= 0 {
            return None;
        }
        let num = i128::from(part.milli()) * 2000 + i128::from(whole.milli());
        let tenths = num.div_euclid(2 * i128::from(whole.milli()));
        Some(Share(i64::try_from(tenths).unwrap_or(i64::MAX)))
    }

    #[must_use]
    pub const fn tenths(self) -> i64 {
        self.0
    }

    /// `12.5` without the percent sign.
    #[must_use]
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{}", a / 10, a % 10)
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.width().is_none() && f.precision().is_none() {
            // Written straight out: a share is shown on every row of a
            // breakdown of 100,000 companies.
            let sign = if self.0 < 0 { "-" } else { "" };
            let a = self.0.unsigned_abs();
            return write!(f, "{sign}{}.{}%", a / 10, a % 10);
        }
        f.pad(&format!("{}%", self.plain()))
    }
}

impl Serialize for Share {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[allow(clippy::cast_precision_loss)]
        let percent = self.0 as f64 / 10.0;
        s.serialize_f64(percent)
    }
}

/// How the companies list is ordered; `s` cycles through them.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum SortKey {
    /// Largest value first.
    #[default]
    Value,
    /// By company name.
    Name,
    /// Earliest date first.
    Date,
    /// 首都圏企業, 地元企業, 大学, その他; largest first within each.
    Kind,
}

impl SortKey {
    #[must_use]
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Value => SortKey::Name,
            SortKey::Name => SortKey::Date,
            SortKey::Date => SortKey::Kind,
            SortKey::Kind => SortKey::Value,
        }
    }
}

/// A filter typed by a user: matches company name, head office, industry
/// and note. Full-width ASCII is folded and ASCII compared without case;
/// Japanese is matched as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    folded: String,
}

impl Filter {
    #[must_use]
    pub fn new(text: &str) -> Self {
        Filter { folded: fold(text.trim()) }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    /// Whether every row this filter keeps is also kept by `wider`: typing
    /// more characters only narrows the list, so the new list is found
    /// among the old rows.
    #[must_use]
    pub fn narrows(&self, wider: &Filter) -> bool {
        self.folded.contains(wider.folded.as_str())
    }

    #[must_use]
    pub fn matches(&self, actuals: &Actuals, keys: &SearchKeys, contribution: usize) -> bool {
        self.folded.is_empty() || keys.holds(actuals, contribution, &self.folded)
    }
}

/// The contributions of one item, filtered and sorted, as indices into
/// `Actuals::contributions`.
#[must_use]
pub fn select(
    actuals: &Actuals,
    keys: &SearchKeys,
    cell: &Cell,
    filter: &Filter,
    sort: SortKey,
) -> Vec<usize> {
    let mut rows: Vec<usize> = if filter.is_empty() {
        cell.contributions.clone()
    } else {
        cell.contributions.iter().copied().filter(|&i| filter.matches(actuals, keys, i)).collect()
    };
    // `cell.contributions` is already largest first, so a stable sort keeps
    // that order among equals.
    let value = |i: usize| actuals.contributions[i].value;
    match sort {
        // Already in this order.
        SortKey::Value => {}
        // The name order: each company's place, prepared at load.
        SortKey::Name => rows.sort_by_key(|&i| keys.name_rank(i)),
        SortKey::Date => rows.sort_by(|&a, &b| {
            match (actuals.contributions[a].date, actuals.contributions[b].date) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }),
        SortKey::Kind => {
            rows.sort_by(|&a, &b| keys.kind(a).cmp(&keys.kind(b)).then(value(b).cmp(&value(a))));
        }
    }
    rows
}

/// The rows of `rows` (a list already filtered by a wider filter and
/// sorted) that `filter` keeps, in the same order.
#[must_use]
pub fn narrow(actuals: &Actuals, keys: &SearchKeys, rows: &[usize], filter: &Filter) -> Vec<usize> {
    rows.iter().copied().filter(|&i| filter.matches(actuals, keys, i)).collect()
}

/// How much of an item came from each kind of company.
#[must_use]
pub fn by_kind(actuals: &Actuals, keys: &SearchKeys, cell: &Cell) -> [(CompanyKind, Quantity); 4] {
    let mut sums = CompanyKind::ALL.map(|k| (k, Quantity::ZERO));
    for &i in &cell.contributions {
        let kind = keys.kind(i);
        if let Some(slot) = sums.iter_mut().find(|(k, _)| *k == kind) {
            slot.1 = slot.1.saturating_add(actuals.contributions[i].value);
        }
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::embedded;

    #[test]
    fn shares_round_half_up() {
        let s = |p, w| Share::of(Quantity::units(p), Quantity::units(w)).map(|s| s.to_string());
        assert_eq!(s(1, 3).as_deref(), Some("33.3%"));
        assert_eq!(s(2, 3).as_deref(), Some("66.7%"));
        assert_eq!(s(1, 8).as_deref(), Some("12.5%"));
        assert_eq!(s(1, 16).as_deref(), Some("6.3%"));
        assert_eq!(s(0, 5).as_deref(), Some("0.0%"));
        assert_eq!(s(1, 0), None);
        let negative = Share::of(Quantity::units(-1), Quantity::units(8)).expect("share");
        assert_eq!(negative.to_string(), "-12.5%");
        assert_eq!(format!("{negative:>8}|{negative:<7}|"), "  -12.5%|-12.5% |", "padded");
    }

    /// For every KPI × fiscal year of the sample: the breakdown adds up to
    /// the item's actual, and the shares to 100 % within rounding.
    #[test]
    fn breakdowns_add_up_to_the_item_for_every_cell() {
        let loaded = embedded::load().expect("embedded default");
        let d = &loaded.dataset;
        for cell in d.ledger.cells() {
            let rows = select(&d.actuals, &d.keys, cell, &Filter::default(), SortKey::Value);
            assert_eq!(rows.len(), cell.contributions.len());
            let contributed: Quantity =
                rows.iter().map(|&i| d.actuals.contributions[i].value).sum();
            let unexplained = cell.unexplained().unwrap_or(Quantity::ZERO);
            let Some(actual) = cell.actual else { continue };
            assert_eq!(
                contributed.saturating_add(unexplained),
                actual,
                "KPI {} FY {}",
                cell.kpi,
                cell.fiscal_year.0
            );
            if actual.is_zero() {
                continue;
            }
            let mut shares: Vec<i64> = rows
                .iter()
                .filter_map(|&i| Share::of(d.actuals.contributions[i].value, actual))
                .map(Share::tenths)
                .collect();
            if !unexplained.is_zero() {
                shares.extend(Share::of(unexplained, actual).map(Share::tenths));
            }
            let sum: i64 = shares.iter().sum();
            let slack = i64::try_from(shares.len()).unwrap_or(0);
            assert!((sum - 1000).abs() <= slack, "shares sum to {sum} tenths for {cell:?}");
            let kinds: Quantity = by_kind(&d.actuals, &d.keys, cell).iter().map(|k| k.1).sum();
            assert_eq!(kinds, contributed);
        }
    }

    #[test]
    fn filter_matches_japanese_and_ascii_without_case() {
        let loaded = embedded::load().expect("embedded default");
        let d = &loaded.dataset;
        let cell = d.ledger.cell(0, 2).expect("新規移動人数 2018");
        let pick = |text: &str| {
            select(&d.actuals, &d.keys, cell, &Filter::new(text), SortKey::Value).len()
        };
        assert_eq!(pick(""), 7);
        assert_eq!(pick("港区"), 1);
        assert_eq!(pick("東京都"), 6);
        assert_eq!(pick("uターン"), 1, "ASCII in notes ignores case");
        assert_eq!(pick("Ｕターン"), 1, "full-width ASCII folds");
        assert_eq!(pick("存在しない"), 0);
    }

    #[test]
    fn sorts_cycle_and_order() {
        assert_eq!(SortKey::Value.next().next().next().next(), SortKey::Value);
        let loaded = embedded::load().expect("embedded default");
        let d = &loaded.dataset;
        let cell = d.ledger.cell(0, 1).expect("新規移動人数 2017");
        let by = |s| select(&d.actuals, &d.keys, cell, &Filter::default(), s);
        let dates: Vec<_> =
            by(SortKey::Date).iter().map(|&i| d.actuals.contributions[i].date).collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]));
        let values: Vec<_> =
            by(SortKey::Value).iter().map(|&i| d.actuals.contributions[i].value).collect();
        assert!(values.windows(2).all(|w| w[0] >= w[1]));
    }
}
