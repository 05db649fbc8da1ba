//! Numbers as offices type them into cells: full-width digits, the KPI's
//! unit after the number, thousands separators, percentages. A comma is a
//! thousands separator only between groups of three digits: 「1,50」 and
//! 「12,3,4」 are refused, never read as 150 and 1234.

use crate::domain::plan::Kpi;
use crate::domain::quantity::Quantity;
use crate::i18n::tr;

use super::fold::nfkc;

/// Whether a KPI is counted in percent: the plan's own answer, or its unit
/// once folded (a unit typed in another width).
#[must_use]
pub fn kpi_is_percent(kpi: &Kpi) -> bool {
    kpi.is_percent() || matches!(nfkc(kpi.unit.trim()).as_str(), "%" | "パーセント")
}

/// Whether the commas of a number's integer part separate groups of three.
fn commas_are_thousands(int: &str) -> bool {
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// A number typed as text: `1,234`, `１２`, `50人`, `13%` for a KPI in
/// percent. The message says what was expected.
pub fn parse(raw: &str, unit: &str) -> Result<Quantity, String> {
    let folded = nfkc(raw);
    let trimmed = folded.trim();
    let unit = nfkc(unit.trim());
    let number = if unit.is_empty() {
        trimmed
    } else {
        trimmed.strip_suffix(unit.as_str()).map_or(trimmed, str::trim_end)
    };
    let digits = number.strip_prefix('-').unwrap_or(number);
    let int = digits.split_once('.').map_or(digits, |(i, _)| i);
    if int.contains(',') && !commas_are_thousands(int)
        || digits.split_once('.').is_some_and(|(_, f)| f.contains(','))
    {
        return Err(tr(
            format!(
                "「{raw}」は数値として読めません。カンマは 3 桁ごとの区切りにだけ使えます（1,234 や 12,345,678）。小数は点で書いてください（1.5）"
            ),
            format!(
                "「{raw}」 is not a number: a comma separates thousands in groups of three (1,234 or 12,345,678); write a decimal with a point (1.5)"
            ),
        ));
    }
    Quantity::parse(number).map_err(|e| match e {
        crate::domain::quantity::QuantityError::NotFinite(_) => tr(
            format!("数値を入力してください（「{raw}」とあります）"),
            format!("expected a number, found 「{raw}」"),
        ),
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators_only_in_groups_of_three() {
        assert_eq!(parse("1,234", ""), Ok(Quantity::units(1234)));
        assert_eq!(parse("12,345,678", ""), Ok(Quantity::units(12_345_678)));
        assert_eq!(parse("１，２３４人", "人"), Ok(Quantity::units(1234)));
        assert_eq!(parse("1,234.5", ""), Ok(Quantity::from_milli(1_234_500)));
        for bad in ["1,50", "12,3,4", ",123", "1234,567", "1,2345", "1.5,0"] {
            let e = parse(bad, "").expect_err(bad);
            assert!(e.contains("groups of three"), "{bad}: {e}");
        }
    }

    #[test]
    fn units_and_widths_fold() {
        assert_eq!(parse(" ５０ 人", "人"), Ok(Quantity::units(50)));
        assert_eq!(parse("13％", "%"), Ok(Quantity::units(13)));
        assert_eq!(parse("ｻﾝ", ""), Err("expected a number, found 「ｻﾝ」".into()));
    }
}
