//! Dates as plan texts write them: 和暦 or 西暦, 元年, full-width digits,
//! and the 平成32年 / 平成33年 that plans written before 2019 carry for the
//! years that became 令和2年 / 令和3年. The program's own date reader
//! refuses a 平成 date after 平成31年4月30日; a plan text is read with
//! the era's arithmetic alone, since the projected year is what the
//! document legitimately says. Table headings also abbreviate the era
//! (`R5年度`, `H30.3末`) and write both calendars (`2023(R5)年度`); a year
//! with neither 年 nor 年度 (`R5`) is no column's date (the fiscal year, or
//! the calendar year's end?) and is marked so, to be refused by name.

use chrono::NaiveDate;

use crate::domain::fiscal::Era;

/// An era year as plan texts write it: 元 or a number, within reason
/// (平成 ran 31 years; plans written in it name years up to about 平成40).
fn era_year(era: &Era, n: &str) -> Option<i32> {
    let n: i32 = if n == "元" { 1 } else { n.parse().ok()? };
    (1..=99).contains(&n).then(|| era.gregorian_year(n))
}

/// The eras a plan's table abbreviates to a letter: `R5`, `H30`.
const LETTER_ERAS: [char; 2] = ['R', 'H'];

/// An era year at `chars[i..]` without its 年: `平成30`, `令和元`, `R5`,
/// `H30` (a letter only after no other letter: `R5R6` is two, headings
/// being read without their spaces). Returns the 西暦 year and the index
/// after the number.
fn era_number_at(chars: &[char], i: usize) -> Option<(i32, usize)> {
    let era = crate::domain::fiscal::ERAS.iter().find_map(|era| {
        let name: Vec<char> = era.name.chars().collect();
        if chars[i..].starts_with(&name) {
            return Some((era, i + name.len()));
        }
        let lettered = LETTER_ERAS.contains(&era.letter)
            && chars[i] == era.letter
            && (i == 0 || !chars[i - 1].is_ascii_alphabetic());
        lettered.then_some((era, i + 1))
    });
    let (era, start) = era?;
    let end = (start..chars.len())
        .find(|&j| !(chars[j].is_ascii_digit() || chars[j] == '元'))
        .unwrap_or(chars.len());
    if end == start {
        return None;
    }
    let n: String = chars[start..end].iter().collect();
    Some((era_year(era, &n)?, end))
}

/// A year written at `chars[i..]`: `平成30`, `令和元`, `R5`, `2019` (each
/// followed by 年). Returns the 西暦 year and the index after 年.
fn year_at(chars: &[char], i: usize) -> Option<(i32, usize)> {
    if let Some((year, end)) = era_number_at(chars, i) {
        return (chars.get(end) == Some(&'年')).then_some((year, end + 1));
    }
    let end = (i..chars.len()).find(|&j| !chars[j].is_ascii_digit()).unwrap_or(chars.len());
    if end - i == 4 && chars.get(end) == Some(&'年') && (i == 0 || !chars[i - 1].is_ascii_digit())
    {
        let n: String = chars[i..end].iter().collect();
        return Some((n.parse().ok()?, end + 1));
    }
    None
}

/// A number of one or two digits at `chars[i..]` followed by `unit`.
fn small_number(chars: &[char], i: usize, unit: char) -> Option<(u32, usize)> {
    let end = (i..chars.len()).find(|&j| !chars[j].is_ascii_digit()).unwrap_or(chars.len());
    if end == i || end - i > 2 || chars.get(end) != Some(&unit) {
        return None;
    }
    let n: String = chars[i..end].iter().collect();
    Some((n.parse().ok()?, end + 1))
}

/// A full date found in a text, by character positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub date: NaiveDate,
}

/// Every full date (`令和5年3月31日`, `2024年3月31日`, `平成32年3月31日`) in a
/// folded text without spaces.
#[must_use]
pub fn dates_in(folded: &str) -> Vec<Found> {
    let chars: Vec<char> = folded.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let found = year_at(&chars, i).and_then(|(year, j)| {
            let (month, k) = small_number(&chars, j, '月')?;
            let (day, end) = small_number(&chars, k, '日')?;
            Some(Found { start: i, end, date: NaiveDate::from_ymd_opt(year, month, day)? })
        });
        match found {
            Some(f) => {
                i = f.end;
                out.push(f);
            }
            None => i += 1,
        }
    }
    out
}

/// A column heading's year, found at `chars[i..]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearMark {
    /// `平成30年3月末`: the end of a month, a target's date.
    MonthEnd { year: i32, month: u32 },
    /// `2019年度`, `平成28年度`.
    FiscalYear(i32),
    /// `平成30年` with its month on another line.
    YearOnly(i32),
    /// `3月末` with its year on another line.
    MonthOnly(u32),
    /// `R5`, `令和5`, `R5.3`: a year with neither 年 nor 年度 (the fiscal
    /// year, or the calendar year's end?): no column's date.
    Bare(i32),
    /// `2023(R4)年度`: the two calendars name other years.
    TwoYears,
}

/// `2023(R5)`, `2023（令和5年）` at `chars[i..]` before a 年: the 西暦 year
/// when the bracket names the same year (`Err` when another), and the
/// index of the 年.
fn year_in_both_calendars(chars: &[char], i: usize) -> Option<Result<(i32, usize), usize>> {
    let end = i + 4;
    let digits = chars.get(i..end)?;
    if !digits.iter().all(char::is_ascii_digit)
        || (i > 0 && chars[i - 1].is_ascii_digit())
        || chars.get(end) != Some(&'(')
    {
        return None;
    }
    let close = (end..chars.len()).find(|&j| chars[j] == ')')?;
    let year: i32 = digits.iter().collect::<String>().parse().ok()?;
    let (era_year, after) = era_number_at(chars, end + 1)?;
    let inner_nen = chars.get(after) == Some(&'年');
    let inner_end = if inner_nen { after + 1 } else { after };
    if inner_end != close {
        return None;
    }
    // `2024(令和6年)3月末`: the bracket holds the 年, the month follows.
    let after_close = match chars.get(close + 1) {
        Some('年') => close + 2,
        Some(_) if inner_nen => close + 1,
        _ => return None,
    };
    let written_end =
        if chars.get(after_close) == Some(&'度') { after_close + 1 } else { after_close };
    Some(if era_year == year { Ok((year, after_close)) } else { Err(written_end) })
}

/// The same year in the other calendar, in a bracket right after a year's
/// 年 at `chars[j..]`: `2024年（令和6年）3月末`, `令和6年（2024年）`. The
/// index after the bracket when it names the same year (`Err` with it
/// when another); `None` when no bracket of a year alone stands there.
fn other_calendar_after(chars: &[char], j: usize, year: i32) -> Option<Result<usize, usize>> {
    if chars.get(j) != Some(&'(') {
        return None;
    }
    let close = (j + 1..chars.len()).find(|&k| chars[k] == ')')?;
    let inner = &chars[j + 1..close];
    let (other, end) = year_at(inner, 0).or_else(|| era_number_at(inner, 0))?;
    if end != inner.len() {
        return None;
    }
    Some(if other == year { Ok(close + 1) } else { Err(close + 1) })
}

/// `R5.3末`, `H30.3月末`, `令和6.3月`: an era year, a point and a month,
/// with 月 or 末 after it (`R5.3` alone may be a number).
fn dotted_month_end(chars: &[char], i: usize) -> Option<(YearMark, usize)> {
    let (year, j) = era_number_at(chars, i)?;
    if chars.get(j) != Some(&'.') {
        return None;
    }
    let end = (j + 1..chars.len()).find(|&k| !chars[k].is_ascii_digit()).unwrap_or(chars.len());
    if end == j + 1 || end - j - 1 > 2 {
        return None;
    }
    let month: u32 = chars[j + 1..end].iter().collect::<String>().parse().ok()?;
    let mut k = end;
    if chars.get(k) == Some(&'月') {
        k += 1;
    }
    if chars.get(k) == Some(&'末') {
        k += 1;
    }
    (k > end).then_some((YearMark::MonthEnd { year, month }, k))
}

/// The year mark at `chars[i..]` and the index after it.
#[must_use]
pub fn year_mark_at(chars: &[char], i: usize) -> Option<(YearMark, usize)> {
    let year = match year_in_both_calendars(chars, i) {
        Some(Err(end)) => return Some((YearMark::TwoYears, end)),
        Some(Ok(found)) => Some(found),
        None => year_at(chars, i),
    };
    if year.is_none()
        && let Some(found) = dotted_month_end(chars, i)
    {
        return Some(found);
    }
    if year.is_none()
        && let Some((bare, end)) = era_number_at(chars, i)
        && chars.get(end) != Some(&'年')
    {
        // `R5`, or `R5.3` with neither 月 nor 末.
        let point = chars.get(end) == Some(&'.');
        let end = if point {
            (end + 1..chars.len()).find(|&k| !chars[k].is_ascii_digit()).unwrap_or(chars.len())
        } else {
            end
        };
        return Some((YearMark::Bare(bare), end));
    }
    if let Some((year, mut j)) = year {
        match other_calendar_after(chars, j, year) {
            Some(Ok(after)) => j = after,
            Some(Err(after)) => {
                let end = if chars.get(after) == Some(&'度') { after + 1 } else { after };
                return Some((YearMark::TwoYears, end));
            }
            None => {}
        }
        if chars.get(j) == Some(&'度') {
            return Some((YearMark::FiscalYear(year), j + 1));
        }
        if let Some((month, k)) = small_number(chars, j, '月') {
            let end = if chars.get(k) == Some(&'末') { k + 1 } else { k };
            return Some((YearMark::MonthEnd { year, month }, end));
        }
        return Some((YearMark::YearOnly(year), j));
    }
    if (i == 0 || !chars[i - 1].is_ascii_digit())
        && let Some((month, k)) = small_number(chars, i, '月')
        && chars.get(k) == Some(&'末')
    {
        return Some((YearMark::MonthOnly(month), k + 1));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn dates_in_both_calendars_and_projected_heisei_years() {
        let found = |t: &str| dates_in(t).into_iter().map(|f| f.date).collect::<Vec<_>>();
        assert_eq!(found("地域再生計画認定の日から平成31年3月31日"), [d(2019, 3, 31)]);
        assert_eq!(found("認定の日から平成33年3月31日まで"), [d(2021, 3, 31)]);
        assert_eq!(found("2020年4月1日から2025年3月31日まで"), [d(2020, 4, 1), d(2025, 3, 31)]);
        assert_eq!(found("令和元年5月1日"), [d(2019, 5, 1)]);
        assert_eq!(found("12024年3月31日"), Vec::<NaiveDate>::new());
        assert_eq!(found("3カ年度"), Vec::<NaiveDate>::new());
    }

    #[test]
    fn column_year_marks() {
        let mark = |t: &str| {
            let chars: Vec<char> = t.chars().collect();
            year_mark_at(&chars, 0).map(|m| m.0)
        };
        assert_eq!(mark("平成32年3月末"), Some(YearMark::MonthEnd { year: 2020, month: 3 }));
        assert_eq!(mark("2019年度増加分"), Some(YearMark::FiscalYear(2019)));
        assert_eq!(mark("令和元年度"), Some(YearMark::FiscalYear(2019)));
        assert_eq!(mark("平成29年"), Some(YearMark::YearOnly(2017)));
        assert_eq!(mark("3月末"), Some(YearMark::MonthOnly(3)));
        assert_eq!(mark("3月"), None);
    }

    /// Years as cities' own tables write them were no column's date: the
    /// heading was not found, and the plan refused as having no KPI table.
    #[test]
    fn column_year_marks_abbreviated_and_in_both_calendars() {
        let mark = |t: &str| {
            let chars: Vec<char> = t.chars().collect();
            year_mark_at(&chars, 0).map(|m| m.0)
        };
        assert_eq!(mark("R5年度"), Some(YearMark::FiscalYear(2023)));
        assert_eq!(mark("H30年度"), Some(YearMark::FiscalYear(2018)));
        assert_eq!(mark("R元年度"), Some(YearMark::FiscalYear(2019)));
        assert_eq!(mark("H30.3末"), Some(YearMark::MonthEnd { year: 2018, month: 3 }));
        assert_eq!(mark("R5.3月末"), Some(YearMark::MonthEnd { year: 2023, month: 3 }));
        assert_eq!(mark("2023(R5)年度"), Some(YearMark::FiscalYear(2023)));
        assert_eq!(mark("2024(R6)年3月末"), Some(YearMark::MonthEnd { year: 2024, month: 3 }));
        assert_eq!(mark("2023(R4)年度"), Some(YearMark::TwoYears));
        // The era's year with its 年 in the bracket, the month after it;
        // or the 年 before the bracket: `2024(令和6年)3月末` was refused as
        // a year without its month, and `2024年(令和6年)3月末` gave its
        // bracket to the 基準値 column's label.
        let march_2024 = Some(YearMark::MonthEnd { year: 2024, month: 3 });
        assert_eq!(mark("2024(令和6年)3月末"), march_2024);
        assert_eq!(mark("2024年(令和6年)3月末"), march_2024);
        assert_eq!(mark("2024年(R6年)3月末"), march_2024);
        assert_eq!(mark("令和6年(2024年)3月末"), march_2024);
        assert_eq!(mark("2023年(令和5年)度"), Some(YearMark::FiscalYear(2023)));
        assert_eq!(mark("2024(令和5年)3月末"), Some(YearMark::TwoYears));
        assert_eq!(mark("2024年(令和5年)3月末"), Some(YearMark::TwoYears));
        assert_eq!(mark("R5"), Some(YearMark::Bare(2023)));
        assert_eq!(mark("R5.3"), Some(YearMark::Bare(2023)));
        assert_eq!(mark("令和5"), Some(YearMark::Bare(2023)));
        // A letter after another is no era: `QR5`.
        let chars: Vec<char> = "QR5".chars().collect();
        assert_eq!(year_mark_at(&chars, 1), None);
    }
}
