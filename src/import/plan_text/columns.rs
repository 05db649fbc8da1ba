//! The column headings of a KPI table: a baseline (事業開始前, 基準値), the
//! years (平成30年3月末, 2020年3月末, 2019年度増加分), the KPI増加分の累計
//! column; spread over one to three lines, read in order.

use chrono::NaiveDate;

use crate::domain::fiscal::FiscalYear;
use crate::i18n::tr;

use super::dates::{YearMark, year_mark_at};
use super::lines::Line;

/// The columns a table heading names, in order: baseline, years, 累計.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Columns {
    pub baseline: Option<String>,
    pub years: Vec<FiscalYear>,
    pub total: bool,
    pub increments: bool,
}

impl Columns {
    pub fn count(&self) -> usize {
        usize::from(self.baseline.is_some()) + self.years.len() + usize::from(self.total)
    }
}

const BASELINE_WORDS: [&str; 5] = ["事業開始前", "基準値", "現状値", "現況値", "基準年度"];

fn starts(chars: &[char], i: usize, word: &str) -> bool {
    let w: Vec<char> = word.chars().collect();
    chars[i..].starts_with(&w)
}

/// Reads the column headings from the heading lines of one block.
pub fn columns(header: &[&Line]) -> Result<Columns, String> {
    let raw: Vec<char> =
        header.iter().flat_map(|l| l.raw.chars()).filter(|c| !c.is_whitespace()).collect();
    let folded: Vec<char> =
        header.iter().flat_map(|l| l.folded.chars()).filter(|c| !c.is_whitespace()).collect();
    let text = |a: usize, b: usize| -> String { raw[a..b].iter().collect() };
    let mut cols = Columns::default();
    let mut marks: Vec<YearMark> = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        if let Some(w) = BASELINE_WORDS.iter().find(|w| starts(&folded, i, w)) {
            let end = i + w.chars().count();
            cols.baseline = Some(text(i, end));
            i = end;
            continue;
        }
        if starts(&folded, i, "増加分") {
            cols.increments = true;
            i += 3;
            continue;
        }
        if starts(&folded, i, "累計") {
            cols.total = true;
            cols.increments = true;
            i += 2;
            continue;
        }
        if folded[i] == '(' {
            let close = (i..folded.len()).find(|&j| folded[j] == ')').unwrap_or(folded.len());
            let inner: String = folded[i + 1..close].iter().collect();
            if inner.ends_with("年目") {
                cols.increments = true;
            } else if let Some(label) = cols.baseline.as_mut()
                && !label.contains(['（', '('])
                && (inner.contains("現時点") || inner.contains('年'))
            {
                label.push_str(&text(i, (close + 1).min(raw.len())));
            }
            i = close + 1;
            continue;
        }
        if let Some((mark, end)) = year_mark_at(&folded, i) {
            marks.push(mark);
            i = end;
            continue;
        }
        i += 1;
    }
    // `平成29年 平成30年` above `3月末 3月末`: paired in order.
    let years_only: Vec<i32> = marks
        .iter()
        .filter_map(|m| if let YearMark::YearOnly(y) = m { Some(*y) } else { None })
        .collect();
    let months_only: Vec<u32> = marks
        .iter()
        .filter_map(|m| if let YearMark::MonthOnly(m) = m { Some(*m) } else { None })
        .collect();
    if years_only.len() != months_only.len() {
        let (years, months) = (years_only.len(), months_only.len());
        return Err(tr(
            format!(
                "表の見出しの年が {years} 列、月が {months} 列で、組になりません。各列は 平成30年3月末 や 2019年度 のような日付で書いてください"
            ),
            format!(
                "the table's heading names {years} years and {months} months; expected each column as a date such as 平成30年3月末 or 2019年度"
            ),
        ));
    }
    let mut pairs = years_only.iter().zip(&months_only);
    for mark in &marks {
        let fy = match *mark {
            YearMark::MonthEnd { year, month } => month_end(year, month),
            YearMark::FiscalYear(y) => Some(FiscalYear(y)),
            YearMark::YearOnly(_) => pairs.next().and_then(|(y, m)| month_end(*y, *m)),
            YearMark::MonthOnly(_) => continue,
        };
        let fy = fy.ok_or_else(|| {
            tr(
                "表の見出しに存在しない月があります",
                "the table's heading has a month that does not exist",
            )
        })?;
        if cols.years.contains(&fy) {
            return Err(tr(
                format!("表の見出しに同じ年度（{}）の列が二つあります", fy.wareki()),
                format!("the table's heading names fiscal year {} twice", fy.0),
            ));
        }
        cols.years.push(fy);
    }
    Ok(cols)
}

/// The fiscal year a target for the end of `month` of `year` belongs to.
fn month_end(year: i32, month: u32) -> Option<FiscalYear> {
    NaiveDate::from_ymd_opt(year, month, 1).map(FiscalYear::of_date)
}

/// Whether a line names at least one year column (a line of prose, with
/// its 。, does not).
pub fn names_years(line: &Line) -> bool {
    if line.folded.contains('。') {
        return false;
    }
    let folded: Vec<char> = line.folded.chars().filter(|c| !c.is_whitespace()).collect();
    (0..folded.len()).any(|i| {
        year_mark_at(&folded, i).is_some_and(|(m, _)| !matches!(m, YearMark::MonthOnly(_)))
    })
}

/// Whether a line continues a heading (`（現時点） （１年目）`, `の累計`, `3月末`).
pub fn continues_heading(line: &Line) -> bool {
    let k = line.key();
    ["年目", "現時点", "累計", "増加分", "月末", "年度", "事業開始前", "基準値", "現状値"]
        .iter()
        .any(|w| k.contains(w))
}
