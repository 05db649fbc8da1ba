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
    if let Some(refused) = dash_or_negative(number, raw) {
        return Err(refused);
    }
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
    if let Some(q) = exponent_or_sign(number, raw) {
        return q;
    }
    Quantity::parse(number).map_err(|e| match e {
        crate::domain::quantity::QuantityError::NotFinite(_) => tr(
            format!("数値を入力してください（「{raw}」とあります）"),
            format!("expected a number, found 「{raw}」"),
        ),
        other => other.to_string(),
    })
}

/// A dash standing for a figure (－, ―, -: zero, or no figure?) and a
/// negative written as offices write one in text (▲1,234, △1,234,
/// (1,234)): each refused for what it is, not as a malformed number.
fn dash_or_negative(number: &str, raw: &str) -> Option<String> {
    if matches!(number, "-" | "―" | "—" | "–" | "‐" | "−" | "ー" | "ｰ" | "～" | "~") {
        return Some(tr(
            format!(
                "「{raw}」は線で、数値ではありません。0 のことか、数値がないことか分からないため、読みません。実績がなければ 0 を入力するか、その行を削除してください"
            ),
            format!(
                "「{raw}」 is a dash, not a number: it may mean zero or no figure; write 0 if there was none, or delete the row"
            ),
        ));
    }
    let body = number
        .strip_prefix(['▲', '△', '▼', '▽'])
        .or_else(|| number.strip_prefix('(').and_then(|n| n.strip_suffix(')')))?;
    let body = body.trim();
    let numeric = !body.is_empty()
        && body.chars().any(|c| c.is_ascii_digit())
        && body.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.');
    numeric.then(|| {
        tr(
            format!(
                "「{raw}」は負の数の書き方です（▲・△・括弧はマイナスを表します）。値は 0 以上にしてください"
            ),
            format!(
                "「{raw}」 is written as a negative number (▲, △ and brackets mark a minus); expected a value of zero or more"
            ),
        )
    })
}

/// Numbers as Excel and LibreOffice read them from a CSV but
/// [`Quantity::parse`] does not: a leading `+` (`+5`) and no digit before
/// the point (`.5`), read exactly as written (more than three decimals
/// refused as for any number). A number with an exponent (`1.23E+05`) is
/// refused: a spreadsheet writes one as its cell shows it, rounded to the
/// digits shown (123456 formatted as 0.00E+00 is saved as 1.23E+05), so
/// the value it stands for is not in the file.
fn exponent_or_sign(number: &str, raw: &str) -> Option<Result<Quantity, String>> {
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
    if plain || !mantissa_ok || !exponent_ok {
        return None;
    }
    if exponent.is_some() {
        return Some(Err(tr(
            format!(
                "「{raw}」は指数表示の数値です。表計算ソフトは指数表示のセルを表示の桁数に丸めて書き出すため（123456 を 1.23E+05 と書くなど）、元の値が分かりません。セルの表示形式を指数でない数値にして保存し直してください"
            ),
            format!(
                "「{raw}」 is a number with an exponent: a spreadsheet writes such a cell rounded to the digits it shows (123456 as 1.23E+05), so the value itself is not in the file; format the cells as numbers without an exponent and save again"
            ),
        )));
    }
    let zero = if mantissa.starts_with('.') { "0" } else { "" };
    Some(Quantity::parse(&format!("{sign}{zero}{mantissa}")).map_err(|e| e.to_string()))
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
    fn signs_and_a_bare_point_read_as_a_spreadsheet_reads_them() {
        assert_eq!(parse("+5", ""), Ok(Quantity::units(5)));
        assert_eq!(parse(".5", ""), Ok(Quantity::from_milli(500)));
        assert_eq!(parse("-.5", ""), Ok(Quantity::from_milli(-500)));
        // Exactly as written: a fourth decimal is refused, never rounded.
        for precise in ["+1.0000000001", ".0000001", "+1.2345"] {
            let e = parse(precise, "").expect_err(precise);
            assert!(e.contains("more than three decimal places"), "{precise}: {e}");
        }
        for bad in ["+", ".", "+-5", "1,5e3", "5e3e1", "1.2.3"] {
            assert!(parse(bad, "").is_err(), "{bad}");
        }
    }

    /// A spreadsheet writes a cell formatted 0.00E+00 as it shows it:
    /// 123456 as 1.23E+05, which must not be read as 123000.
    #[test]
    fn a_number_with_an_exponent_is_refused_as_rounded() {
        for shown in ["1.23E+05", "1e+05", "１．５Ｅ１人", "2.5e-1", "1E-07", "1E+400", "-1.5e3"]
        {
            let e = parse(shown, "人").expect_err(shown);
            assert!(e.contains("with an exponent") && e.contains(shown), "{shown}: {e}");
        }
    }

    /// Offices write a decrease as ▲1,234 or △1,234 and a negative in
    /// accounts as (1,234); a dash for a figure may be 0 or none.
    #[test]
    fn negatives_and_dashes_are_refused_for_what_they_are() {
        for negative in ["▲1,234", "△1,234", "(1,234)", "（１，２３４）", "▲ 5人", "△0.5"]
        {
            let e = parse(negative, "人").expect_err(negative);
            assert_eq!(
                e,
                format!(
                    "「{negative}」 is written as a negative number (▲, △ and brackets mark a minus); expected a value of zero or more"
                ),
            );
        }
        for dash in ["－", "―", "-", "ー", " - ", "−"] {
            let e = parse(dash, "人").expect_err(dash);
            assert_eq!(
                e,
                format!(
                    "「{dash}」 is a dash, not a number: it may mean zero or no figure; write 0 if there was none, or delete the row"
                ),
            );
        }
        // Other text in brackets is no number.
        assert_eq!(parse("(予定)", ""), Err("expected a number, found 「(予定)」".into()));
    }

    #[test]
    fn units_and_widths_fold() {
        assert_eq!(parse(" ５０ 人", "人"), Ok(Quantity::units(50)));
        assert_eq!(parse("13％", "%"), Ok(Quantity::units(13)));
        assert_eq!(parse("ｻﾝ", ""), Err("expected a number, found 「ｻﾝ」".into()));
    }
}
