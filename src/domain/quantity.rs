//! Exact quantities: KPI targets and actuals are counted in thousandths of a
//! unit, so sums and rates never drift the way `f64` arithmetic would.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Thousandths of a unit per unit.
const SCALE: i64 = 1000;
/// The largest magnitude accepted from a file, in whole units (10^12).
/// Far above any KPI of a municipal plan, and far enough below `i64::MAX`
/// that sums of many such values cannot overflow in practice.
pub const MAX_UNITS: i64 = 1_000_000_000_000;

/// A non-negative or negative amount with up to three decimal places.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity(i64);

/// Why a number could not become a [`Quantity`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuantityError {
    NotFinite(String),
    TooLarge(String),
    TooPrecise(String),
}

impl std::error::Error for QuantityError {}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::i18n::tr;
        f.write_str(&match self {
            QuantityError::NotFinite(n) => tr(
                format!("数値ではありません（「{n}」とあります）"),
                format!("expected a finite number, found {n}"),
            ),
            QuantityError::TooLarge(n) => tr(
                format!("数値 {} は大きすぎます（上限は 10^12）", brief(n)),
                format!("the number {} is too large (the limit is 10^12)", brief(n)),
            ),
            QuantityError::TooPrecise(n) => tr(
                format!("数値 {} は小数点以下が 4 桁以上あります（3 桁までです）", brief(n)),
                format!("the number {} has more than three decimal places", brief(n)),
            ),
        })
    }
}

/// A number as the message shows it: a 400-digit number from a hostile
/// file must not flood the one line of the error.
fn brief(number: &str) -> String {
    const SHOWN: usize = 16;
    let count = number.chars().count();
    if count <= SHOWN + 8 {
        number.to_string()
    } else {
        let head: String = number.chars().take(SHOWN).collect();
        crate::i18n::tr(format!("{head}…（{count} 文字）"), format!("{head}… ({count} characters)"))
    }
}

impl Quantity {
    pub const ZERO: Quantity = Quantity(0);

    /// A whole number of units.
    #[must_use]
    pub const fn units(n: i64) -> Self {
        Quantity(n.saturating_mul(SCALE))
    }

    /// From thousandths of a unit.
    #[must_use]
    pub const fn from_milli(milli: i64) -> Self {
        Quantity(milli)
    }

    /// Thousandths of a unit.
    #[must_use]
    pub const fn milli(self) -> i64 {
        self.0
    }

    #[must_use]
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    #[must_use]
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Whole units, rounded toward zero (for bar heights and the like).
    #[must_use]
    pub const fn whole_units(self) -> i64 {
        self.0 / SCALE
    }

    /// Sum that saturates instead of overflowing. Inputs are bounded by
    /// [`MAX_UNITS`], so saturation needs millions of maximal values.
    #[must_use]
    pub const fn saturating_add(self, other: Quantity) -> Quantity {
        Quantity(self.0.saturating_add(other.0))
    }

    #[must_use]
    pub const fn saturating_sub(self, other: Quantity) -> Quantity {
        Quantity(self.0.saturating_sub(other.0))
    }

    /// From an integer read from a file.
    pub fn from_i128(n: i128) -> Result<Self, QuantityError> {
        if n.abs() > i128::from(MAX_UNITS) {
            return Err(QuantityError::TooLarge(n.to_string()));
        }
        i64::try_from(n).map(Quantity::units).map_err(|_| QuantityError::TooLarge(n.to_string()))
    }

    /// From a float read from a file: must be finite, within range and have
    /// at most three decimals (a value is never silently rounded).
    pub fn from_f64(x: f64) -> Result<Self, QuantityError> {
        if !x.is_finite() {
            return Err(QuantityError::NotFinite(x.to_string()));
        }
        if x.abs() > 1e12 {
            return Err(QuantityError::TooLarge(x.to_string()));
        }
        let scaled = x * 1000.0;
        let rounded = scaled.round();
        // Only float noise is forgiven: a spreadsheet's 0.1 + 0.2 is
        // 0.30000000000000004, and a sum of a few hundred figures is off by
        // some hundred units in its last place, 1e-13 of the value. A
        // fourth decimal, the smallest thing to refuse, is at least a tenth
        // of a thousandth off, far more below a billion; above it a float
        // cannot hold thousandths exactly anyway. (A tolerance of 1e-6 of
        // the value let 1000.0004 through as 1000.)
        let noise = (scaled.abs() * 1e-13).max(1e-6);
        if (scaled - rounded).abs() > noise {
            return Err(QuantityError::TooPrecise(x.to_string()));
        }
        // In range by the check above: |rounded| <= 1e15 < i64::MAX.
        #[allow(clippy::cast_possible_truncation)]
        Ok(Quantity(rounded as i64))
    }

    /// Parse a plain decimal such as `12`, `-3`, `1,234` or `0.5`.
    /// Thousands separators are accepted; anything else is an error.
    pub fn parse(text: &str) -> Result<Self, QuantityError> {
        let t = text.trim().replace(',', "");
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.as_str()),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let valid = !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit());
        if !valid {
            return Err(QuantityError::NotFinite(text.trim().to_string()));
        }
        if frac.len() > 3 {
            return Err(QuantityError::TooPrecise(text.trim().to_string()));
        }
        if int.trim_start_matches('0').len() > 13 {
            return Err(QuantityError::TooLarge(text.trim().to_string()));
        }
        let whole: i64 =
            int.parse().map_err(|_| QuantityError::TooLarge(text.trim().to_string()))?;
        if whole > MAX_UNITS {
            return Err(QuantityError::TooLarge(text.trim().to_string()));
        }
        let mut frac_milli: i64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            let place = [100, 10, 1][i];
            frac_milli += i64::from(b - b'0') * place;
        }
        let milli = whole * SCALE + frac_milli;
        Ok(Quantity(if neg { -milli } else { milli }))
    }
}

impl std::iter::Sum for Quantity {
    fn sum<I: Iterator<Item = Quantity>>(iter: I) -> Self {
        iter.fold(Quantity::ZERO, Quantity::saturating_add)
    }
}

/// Written with thousands separators and without trailing zeros:
/// `32,000`, `0.5`, `-1,234.25`.
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let whole = abs / 1000;
        let frac = abs % 1000;
        let digits = whole.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 5);
        if neg {
            grouped.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if frac != 0 {
            let f3 = format!("{frac:03}");
            grouped.push('.');
            grouped.push_str(f3.trim_end_matches('0'));
        }
        f.pad(&grouped)
    }
}

impl Quantity {
    /// The plain number for machine-readable output: no separators (`32000`, `0.5`).
    #[must_use]
    pub fn plain(self) -> String {
        let neg = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / 1000, abs % 1000);
        if frac == 0 {
            format!("{neg}{whole}")
        } else {
            let f3 = format!("{frac:03}");
            format!("{neg}{whole}.{}", f3.trim_end_matches('0'))
        }
    }

    /// As a JSON/RON number: an integer when whole, otherwise a float.
    #[must_use]
    pub fn as_f64(self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let v = self.0 as f64 / 1000.0;
        v
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % SCALE == 0 {
            s.serialize_i64(self.0 / SCALE)
        } else {
            s.serialize_f64(self.as_f64())
        }
    }
}

struct QuantityVisitor;

impl Visitor<'_> for QuantityVisitor {
    type Value = Quantity;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number (at most three decimal places)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
        Quantity::from_i128(i128::from(v)).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
        Quantity::from_i128(i128::from(v)).map_err(E::custom)
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Quantity, E> {
        Quantity::from_i128(v).map_err(E::custom)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Quantity, E> {
        let n = i128::try_from(v).map_err(|_| E::custom(QuantityError::TooLarge(v.to_string())))?;
        Quantity::from_i128(n).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
        Quantity::from_f64(v).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(QuantityVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn a_fourth_decimal_is_refused_at_any_size() {
        for ok in [0.1, 0.5, 1.234, 1000.001, 123_456_789.123, 999_999_999_999.999, -0.001, 0.0] {
            assert!(Quantity::from_f64(ok).is_ok(), "{ok}");
        }
        for bad in [0.0001, 1.2345, 1000.0004, 123_456_789.123_4, 999_999_999.000_5] {
            assert_eq!(
                Quantity::from_f64(bad),
                Err(QuantityError::TooPrecise(bad.to_string())),
                "{bad}"
            );
        }
        assert_eq!(
            Quantity::from_f64(1000.001).map(|q| q.to_string()).ok(),
            Some("1,000.001".into())
        );
        // A spreadsheet's float noise is not a fourth decimal.
        assert_eq!(Quantity::from_f64(0.1 + 0.2), Ok(Quantity::from_milli(300)));
        assert_eq!(Quantity::from_f64(1.1 * 3.0), Ok(Quantity::from_milli(3300)));
        let sum = (0..1000).fold(0.0, |s, _| s + 1234.567);
        assert_eq!(Quantity::from_f64(sum), Ok(Quantity::from_milli(1_234_567_000)));
        let sum = (0..100).fold(0.0, |s, i| s + 987_654_321.123 + f64::from(i));
        assert!(Quantity::from_f64(sum).is_ok(), "{sum}");
    }

    #[test]
    fn a_huge_number_is_named_briefly() {
        let e = QuantityError::TooLarge(format!("1{}", "0".repeat(300))).to_string();
        assert_eq!(
            e,
            "the number 1000000000000000… (301 characters) is too large (the limit is 10^12)"
        );
        let e = QuantityError::TooLarge("1e13".into()).to_string();
        assert_eq!(e, "the number 1e13 is too large (the limit is 10^12)");
    }

    #[rstest]
    #[case(Quantity::units(32000), "32,000")]
    #[case(Quantity::units(0), "0")]
    #[case(Quantity::units(999), "999")]
    #[case(Quantity::units(1000), "1,000")]
    #[case(Quantity::from_milli(500), "0.5")]
    #[case(Quantity::from_milli(-1_234_250), "-1,234.25")]
    #[case(Quantity::units(1_234_567), "1,234,567")]
    fn display_groups_thousands(#[case] q: Quantity, #[case] text: &str) {
        assert_eq!(q.to_string(), text);
    }

    #[test]
    fn sums_of_tenths_do_not_drift() {
        let tenth = Quantity::from_f64(0.1).expect("0.1 is valid");
        let sum: Quantity = std::iter::repeat_n(tenth, 10).sum();
        assert_eq!(sum, Quantity::units(1));
    }

    #[rstest]
    #[case(f64::NAN)]
    #[case(f64::INFINITY)]
    #[case(1e13)]
    #[case(0.0001)]
    fn rejects_bad_floats(#[case] x: f64) {
        assert!(Quantity::from_f64(x).is_err(), "{x} should be rejected");
    }

    #[rstest]
    #[case("12", Quantity::units(12))]
    #[case(" 1,234 ", Quantity::units(1234))]
    #[case("0.25", Quantity::from_milli(250))]
    #[case("-3", Quantity::units(-3))]
    fn parses_plain_numbers(#[case] text: &str, #[case] q: Quantity) {
        assert_eq!(Quantity::parse(text), Ok(q));
    }

    #[rstest]
    #[case("")]
    #[case("abc")]
    #[case("1.2345")]
    #[case("1e5")]
    #[case("99999999999999")]
    fn rejects_bad_text(#[case] text: &str) {
        assert!(Quantity::parse(text).is_err(), "{text:?} should be rejected");
    }

    #[test]
    fn ron_round_trip_keeps_integers_integral() {
        let q: Quantity = ron::from_str("50").expect("integer");
        assert_eq!(ron::to_string(&q).expect("serialize"), "50");
        let h: Quantity = ron::from_str("2.5").expect("float");
        assert_eq!(h, Quantity::from_milli(2500));
    }
}
