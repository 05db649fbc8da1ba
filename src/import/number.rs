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
    if let Some(q) = exponent_or_sign(number) {
        return q.map_err(|e| e.to_string());
    }
    Quantity::parse(number).map_err(|e| match e {
        crate::domain::quantity::QuantityError::NotFinite(_) => tr(
            format!("数値を入力してください（「{raw}」とあります）"),
            format!("expected a number, found 「{raw}」"),
        ),
        other => other.to_string(),
    })
}

/// Numbers as Excel and LibreOffice read them from a CSV but
/// [`Quantity::parse`] does not: a leading `+` (`+5`), no digit before the
/// point (`.5`), and an exponent (`1.23E+05`, `1e+05` as R writes 100000).
/// Through `f64`, whose value is exact for these at up to three decimals;
/// more are refused as for any number.
fn exponent_or_sign(
    number: &str,
) -> Option<Result<Quantity, crate::domain::quantity::QuantityError>> {
    let (sign, rest) = match number.as_bytes().first()? {
        b'+' => ("", &number[1..]),
        b'-' => ("-", &number[1..]),
        _ => ("", number),
    };
    let (mantissa, exponent) = match rest.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (rest, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((i, f)) => (i.is_empty() || digits(i)) && (f.is_empty() && digits(i) || digits(f)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    let plain = !number.starts_with('+') && !mantissa.starts_with('.') && exponent.is_none();
    if plain || !mantissa_ok || !exponent_ok || exponent.is_some_and(|e| e.len() > 4) {
        return None;
    }
    let x: f64 = format!("{sign}{rest}").parse().ok()?;
    Some(Quantity::from_f64(x))
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
    fn exponents_signs_and_a_bare_point_read_as_a_spreadsheet_reads_them() {
        assert_eq!(parse("1.23E+05", ""), Ok(Quantity::units(123_000)));
        assert_eq!(parse("1e+05", ""), Ok(Quantity::units(100_000)));
        assert_eq!(parse("１．５Ｅ１人", "人"), Ok(Quantity::units(15)));
        assert_eq!(parse("2.5e-1", ""), Ok(Quantity::from_milli(250)));
        assert_eq!(parse("+5", ""), Ok(Quantity::units(5)));
        assert_eq!(parse(".5", ""), Ok(Quantity::from_milli(500)));
        assert_eq!(parse("-.5", ""), Ok(Quantity::from_milli(-500)));
        let e = parse("1.2345E+00", "").expect_err("four decimals");
        assert!(e.contains("more than three decimal places"), "{e}");
        for bad in ["1e", "e5", "1e+", "1.2.3e4", "+", ".", "+-5", "1e99999", "1,5e3", "5e3e1"] {
            assert!(parse(bad, "").is_err(), "{bad}");
        }
    }

    #[test]
    fn units_and_widths_fold() {
        assert_eq!(parse(" ５０ 人", "人"), Ok(Quantity::units(50)));
        assert_eq!(parse("13％", "%"), Ok(Quantity::units(13)));
        assert_eq!(parse("ｻﾝ", ""), Err("expected a number, found 「ｻﾝ」".into()));
    }
}
