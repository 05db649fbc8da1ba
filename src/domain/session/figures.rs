//! The figures a meeting saw, per KPI × 年度, so that the next meeting can
//! say when one changed since (a 速報 later confirmed, a correction):
//! 前回会議時 36人 → 今回 38人.

use serde::{Deserialize, Serialize};

use crate::domain::fiscal::FiscalYear;
use crate::domain::quantity::Quantity;

/// The actual of one KPI in one fiscal year as it was on screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeenFigure {
    pub kpi: String,
    pub fiscal_year: FiscalYear,
    /// `None`: no actual yet (実績なし).
    pub actual: Option<Quantity>,
    /// The stated source of the figure, if it rests on a stated total.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// The figures an earlier meeting of the plan saw, carried by `new --from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EarlierFigures {
    /// The earlier meeting: its title and date.
    pub from: String,
    pub figures: Vec<SeenFigure>,
}

impl EarlierFigures {
    /// What the earlier meeting saw of an item, when it differs from `now`.
    #[must_use]
    pub fn changed(&self, kpi: &str, fy: FiscalYear, now: Option<Quantity>) -> Option<&SeenFigure> {
        self.figures.iter().find(|f| f.kpi == kpi && f.fiscal_year == fy && f.actual != now)
    }
}

/// Puts `figure` in `seen` (kept in KPI, year order), replacing what was
/// seen of the same item. Returns whether anything changed.
pub fn record(seen: &mut Vec<SeenFigure>, figure: &SeenFigure) -> bool {
    let key = |f: &SeenFigure| (f.kpi.clone(), f.fiscal_year);
    match seen.binary_search_by_key(&key(figure), key) {
        Ok(i) if seen[i] == *figure => false,
        Ok(i) => {
            seen[i] = figure.clone();
            true
        }
        Err(i) => {
            seen.insert(i, figure.clone());
            true
        }
    }
}

/// `前回会議時 36人 → 今回 38人`, with the earlier source when it had one.
#[must_use]
pub fn change_line(earlier: &SeenFigure, now: Option<Quantity>, unit: &str) -> String {
    let value =
        |q: Option<Quantity>| q.map_or_else(|| "実績なし".to_string(), |q| format!("{q}{unit}"));
    let mut line = format!("前回会議時 {} → 今回 {}", value(earlier.actual), value(now));
    if !earlier.source.trim().is_empty() {
        line.push_str(&format!("（前回の出典：{}）", earlier.source));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(actual: i64) -> SeenFigure {
        SeenFigure {
            kpi: "新規移動人数".into(),
            fiscal_year: FiscalYear(2018),
            actual: Some(Quantity::units(actual)),
            source: "速報".into(),
        }
    }

    #[test]
    fn a_changed_figure_is_said_with_both_values() {
        let earlier = EarlierFigures { from: "第1回".into(), figures: vec![seen(36)] };
        let now = Some(Quantity::units(38));
        let was = earlier.changed("新規移動人数", FiscalYear(2018), now).expect("changed");
        assert_eq!(change_line(was, now, "人"), "前回会議時 36人 → 今回 38人（前回の出典：速報）");
        assert!(
            earlier.changed("新規移動人数", FiscalYear(2018), Some(Quantity::units(36))).is_none()
        );
        let mut list = Vec::new();
        assert!(record(&mut list, &seen(36)));
        assert!(!record(&mut list, &seen(36)));
        assert!(record(&mut list, &seen(38)));
        assert_eq!(list.len(), 1);
    }
}
