//! Fiscal years (年度) and Japanese eras (和暦).
//!
//! 年度 Y runs from Y-04-01 to (Y+1)-03-31. A date is written in the era in
//! force on that day (2019-04-30 is 平成31年4月30日, 2019-05-01 is 令和元年5月1日);
//! a fiscal year is named in the era in force at the end of its first
//! calendar year, which is the official usage (FY2019 is 令和元年度, FY1988
//! is 昭和63年度).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::normalize::fold_width;

/// A Japanese era with the first day it was in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Era {
    pub name: &'static str,
    /// One-letter abbreviation used in forms: H30, R1.
    pub letter: char,
    pub romaji: &'static str,
    start: (i32, u32, u32),
}

/// The eras of the modern calendar, newest first.
pub const ERAS: [Era; 5] = [
    Era { name: "令和", letter: 'R', romaji: "Reiwa", start: (2019, 5, 1) },
    Era { name: "平成", letter: 'H', romaji: "Heisei", start: (1989, 1, 8) },
    Era { name: "昭和", letter: 'S', romaji: "Showa", start: (1926, 12, 25) },
    Era { name: "大正", letter: 'T', romaji: "Taisho", start: (1912, 7, 30) },
    Era { name: "明治", letter: 'M', romaji: "Meiji", start: (1868, 10, 23) },
];

impl Era {
    #[must_use]
    pub fn start_date(&self) -> NaiveDate {
        let (y, m, d) = self.start;
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    /// The 西暦 year of this era's year `n` (元年 is 1).
    #[must_use]
    pub fn gregorian_year(&self, n: i32) -> i32 {
        self.start.0 + n - 1
    }

    #[must_use]
    pub fn by_name(name: &str) -> Option<&'static Era> {
        ERAS.iter().find(|e| e.name == name)
    }

    #[must_use]
    pub fn by_letter(letter: char) -> Option<&'static Era> {
        let up = letter.to_ascii_uppercase();
        ERAS.iter().find(|e| e.letter == up)
    }
}

/// The era in force on `date` and the year within it, or `None` before 明治.
#[must_use]
pub fn era_of(date: NaiveDate) -> Option<(&'static Era, i32)> {
    ERAS.iter().find(|e| date >= e.start_date()).map(|e| (e, date.year() - e.start.0 + 1))
}

/// `元` for the first year of an era, otherwise the number.
fn era_year_text(n: i32) -> String {
    if n == 1 { "元".to_string() } else { n.to_string() }
}

/// A date in 和暦: `令和元年5月1日`. Before 明治 the 西暦 form is used.
#[must_use]
pub fn wareki_date(date: NaiveDate) -> String {
    match era_of(date) {
        Some((era, n)) => {
            format!("{}{}年{}月{}日", era.name, era_year_text(n), date.month(), date.day())
        }
        None => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
    }
}

/// Month and year in 和暦 with 末: `平成31年3月末`.
#[must_use]
pub fn wareki_month_end(date: NaiveDate) -> String {
    match era_of(date) {
        Some((era, n)) => format!("{}{}年{}月末", era.name, era_year_text(n), date.month()),
        None => format!("{}年{}月末", date.year(), date.month()),
    }
}

/// The weekday as one kanji: 月 火 水 木 金 土 日.
#[must_use]
pub fn weekday_kanji(date: NaiveDate) -> &'static str {
    ["月", "火", "水", "木", "金", "土", "日"][date.weekday().num_days_from_monday() as usize]
}

/// A fiscal year, named by the 西暦 year in which it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    /// The fiscal year a date falls in.
    #[must_use]
    pub fn of_date(date: NaiveDate) -> Self {
        if date.month() >= 4 { FiscalYear(date.year()) } else { FiscalYear(date.year() - 1) }
    }

    #[must_use]
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0, 4, 1).unwrap_or(NaiveDate::MIN)
    }

    #[must_use]
    pub fn end(self) -> NaiveDate {
        self.0
            .checked_add(1)
            .and_then(|next| NaiveDate::from_ymd_opt(next, 3, 31))
            .unwrap_or(NaiveDate::MAX)
    }

    #[must_use]
    pub fn contains(self, date: NaiveDate) -> bool {
        FiscalYear::of_date(date) == self
    }

    /// The era naming this fiscal year and the year within it.
    #[must_use]
    pub fn era(self) -> Option<(&'static Era, i32)> {
        NaiveDate::from_ymd_opt(self.0, 12, 31).and_then(era_of)
    }

    /// `平成30年度`, or `2018年度` before 明治.
    #[must_use]
    pub fn wareki(self) -> String {
        match self.era() {
            Some((era, n)) => format!("{}{}年度", era.name, era_year_text(n)),
            None => format!("{}年度", self.0),
        }
    }

    /// `H30`, `R1`: the short form for narrow columns.
    #[must_use]
    pub fn short_wareki(self) -> String {
        match self.era() {
            Some((era, n)) => format!("{}{}", era.letter, n),
            None => self.0.to_string(),
        }
    }

    /// The usual 年度 end-of-March label for a target: `平成31年3月末`.
    #[must_use]
    pub fn target_label(self) -> String {
        wareki_month_end(self.end())
    }

    /// Parses the ways a fiscal year is written in offices: `2018`,
    /// `2018年度`, `FY2018`, `平成30年度`, `平成30`, `H30`, `R1`, `令和元年度`,
    /// with full-width digits and spaces allowed.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let folded: String = fold_width(text).chars().filter(|c| !c.is_whitespace()).collect();
        let t = folded.strip_suffix("年度").unwrap_or(&folded);
        let t = t.strip_suffix('年').unwrap_or(t);
        let t = t.strip_prefix("FY").or_else(|| t.strip_prefix("fy")).unwrap_or(t);
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) && t.len() == 4 {
            return t.parse().ok().map(FiscalYear);
        }
        let (era, rest) = split_era(t)?;
        let n = era_number(rest)?;
        Some(FiscalYear(era.gregorian_year(n)))
    }

    /// The fiscal year whose end is the month named like `平成30年3月末`
    /// (or `2018年3月末`): that is 平成29年度 (FY2017).
    #[must_use]
    pub fn from_month_end(text: &str) -> Option<Self> {
        let folded: String = fold_width(text).chars().filter(|c| !c.is_whitespace()).collect();
        let t = folded.strip_suffix('末').unwrap_or(&folded);
        let t = t.strip_suffix('月')?;
        let (year_part, month) = t.split_once('年')?;
        let month: u32 = month.parse().ok()?;
        let year = if year_part.len() == 4 && year_part.bytes().all(|b| b.is_ascii_digit()) {
            year_part.parse().ok()?
        } else {
            let (era, rest) = split_era(year_part)?;
            era.gregorian_year(era_number(rest)?)
        };
        let date = NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(FiscalYear::of_date(date))
    }
}

/// Splits `平成30` or `H30` into the era and the rest.
fn split_era(t: &str) -> Option<(&'static Era, &str)> {
    for era in &ERAS {
        if let Some(rest) = t.strip_prefix(era.name) {
            return Some((era, rest));
        }
    }
    let first = t.chars().next()?;
    let era = Era::by_letter(first)?;
    Some((era, &t[first.len_utf8()..]))
}

/// `元` or a positive number.
fn era_number(t: &str) -> Option<i32> {
    if t == "元" {
        return Some(1);
    }
    if t.is_empty() || t.len() > 3 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok().filter(|n| *n >= 1)
}

impl fmt::Display for FiscalYear {
    /// `平成30年度 (2018)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.wareki(), self.0)
    }
}

/// A day written exactly as the program writes it, `2018-06-01` (ISO 8601:
/// four digits, two, two): the form of its own files and tables. Read
/// without a format string to interpret: once a cell in a table of a
/// million rows.
#[must_use]
pub fn iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)
}

/// Parses a date as offices write it: `2018-06-01`, `2018/6/1`, `2018.6.1`,
/// `2018年6月1日`, `平成30年6月1日`, `H30.6.1`, `R1.5.20`, `R元.5.20`.
#[must_use]
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let folded: String = fold_width(text).chars().filter(|c| !c.is_whitespace()).collect();
    let t = folded.strip_suffix('日').unwrap_or(&folded);
    let normalized: String = t
        .chars()
        .map(|c| if matches!(c, '-' | '/' | '.' | '年' | '月') { ' ' } else { c })
        .collect();
    let parts: Vec<&str> = normalized.split(' ').collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let year = if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
        y.parse().ok()?
    } else {
        let (era, rest) = split_era(y)?;
        era.gregorian_year(era_number(rest)?)
    };
    let month: u32 = m.parse().ok()?;
    let day: u32 = d.parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    // An era date must be inside that era: 平成32年 does not exist after 令和.
    if !(y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())) {
        let (era, _) = split_era(y)?;
        if era_of(date).map(|(e, _)| e.name) != Some(era.name) {
            return None;
        }
    }
    Some(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("2018-06-01", Some((2018, 6, 1)))]
    #[case("2020-02-29", Some((2020, 2, 29)))]
    #[case("2019-02-29", None)]
    #[case("2018-6-01", None)]
    #[case("2018-06-1 ", None)]
    #[case("+018-06-01", None)]
    #[case("2018/06/01", None)]
    #[case("２０１８-06-01", None)]
    #[case("2018-13-01", None)]
    #[case("", None)]
    fn iso_date_reads_only_the_form_the_program_writes(
        #[case] text: &str,
        #[case] day: Option<(i32, u32, u32)>,
    ) {
        let day = day.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        assert_eq!(iso_date(text), day);
        if let Some(day) = day {
            assert_eq!(day.to_string(), text);
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn the_ends_of_the_calendar_do_not_overflow() {
        assert_eq!(FiscalYear(2018).end(), d(2019, 3, 31));
        assert_eq!(FiscalYear(i32::MAX).end(), NaiveDate::MAX);
        assert_eq!(FiscalYear(i32::MIN).start(), NaiveDate::MIN);
    }

    #[rstest]
    #[case(d(2019, 4, 30), "平成31年4月30日")]
    #[case(d(2019, 5, 1), "令和元年5月1日")]
    #[case(d(2020, 1, 1), "令和2年1月1日")]
    #[case(d(1989, 1, 7), "昭和64年1月7日")]
    #[case(d(1989, 1, 8), "平成元年1月8日")]
    #[case(d(2016, 9, 12), "平成28年9月12日")]
    fn dates_use_the_era_in_force(#[case] date: NaiveDate, #[case] text: &str) {
        assert_eq!(wareki_date(date), text);
    }

    #[rstest]
    #[case(2019, "令和元年度")]
    #[case(2018, "平成30年度")]
    #[case(2016, "平成28年度")]
    #[case(1989, "平成元年度")]
    #[case(1988, "昭和63年度")]
    #[case(2020, "令和2年度")]
    fn fiscal_years_are_named_officially(#[case] fy: i32, #[case] text: &str) {
        assert_eq!(FiscalYear(fy).wareki(), text);
    }

    #[rstest]
    #[case(d(2018, 4, 1), 2018)]
    #[case(d(2019, 3, 31), 2018)]
    #[case(d(2019, 4, 1), 2019)]
    #[case(d(2019, 1, 15), 2018)]
    fn dates_fall_in_their_fiscal_year(#[case] date: NaiveDate, #[case] fy: i32) {
        assert_eq!(FiscalYear::of_date(date), FiscalYear(fy));
    }

    #[rstest]
    #[case("平成30年3月末", 2017)]
    #[case("平成 29 年 3 月末", 2016)]
    #[case("平成31年3月末", 2018)]
    #[case("令和2年3月末", 2019)]
    #[case("２０１８年３月末", 2017)]
    fn month_end_targets_belong_to_the_year_they_close(#[case] text: &str, #[case] fy: i32) {
        assert_eq!(FiscalYear::from_month_end(text), Some(FiscalYear(fy)));
    }

    #[test]
    fn target_label_is_the_end_of_march_after_the_year() {
        assert_eq!(FiscalYear(2018).target_label(), "平成31年3月末");
        assert_eq!(FiscalYear(2019).target_label(), "令和2年3月末");
    }

    #[rstest]
    #[case("2018", 2018)]
    #[case("2018年度", 2018)]
    #[case("FY2018", 2018)]
    #[case("平成30年度", 2018)]
    #[case("H30", 2018)]
    #[case("h30", 2018)]
    #[case("R1", 2019)]
    #[case("令和元年度", 2019)]
    #[case("２０１８", 2018)]
    #[case("平成 30 年度", 2018)]
    fn fiscal_years_parse_as_offices_write_them(#[case] text: &str, #[case] fy: i32) {
        assert_eq!(FiscalYear::parse(text), Some(FiscalYear(fy)));
    }

    #[rstest]
    #[case("")]
    #[case("年度")]
    #[case("X30")]
    #[case("平成")]
    #[case("18")]
    #[case("H0")]
    fn nonsense_is_not_a_fiscal_year(#[case] text: &str) {
        assert_eq!(FiscalYear::parse(text), None);
    }

    #[rstest]
    #[case("2018-06-01", d(2018, 6, 1))]
    #[case("2018/6/1", d(2018, 6, 1))]
    #[case("平成30年6月1日", d(2018, 6, 1))]
    #[case("H30.6.1", d(2018, 6, 1))]
    #[case("R1.5.20", d(2019, 5, 20))]
    #[case("令和元年5月1日", d(2019, 5, 1))]
    #[case("２０１８／６／１", d(2018, 6, 1))]
    fn dates_parse_as_offices_write_them(#[case] text: &str, #[case] date: NaiveDate) {
        assert_eq!(parse_date(text), Some(date));
    }

    #[rstest]
    #[case("平成31年5月1日")]
    #[case("令和元年4月30日")]
    #[case("2018-02-30")]
    #[case("6/1")]
    fn impossible_dates_are_rejected(#[case] text: &str) {
        assert_eq!(parse_date(text), None);
    }

    #[test]
    fn weekday_of_the_first_reiwa_meeting() {
        assert_eq!(weekday_kanji(d(2019, 5, 20)), "月");
    }

    #[test]
    fn display_shows_both_calendars() {
        assert_eq!(FiscalYear(2018).to_string(), "平成30年度 (2018)");
    }
}
