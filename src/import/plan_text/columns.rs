//! The column headings of a KPI table: a baseline (事業開始前, 基準値), the
//! years (平成30年3月末, 2020年3月末, 2019年度増加分), the KPI増加分の累計
//! column; spread over one to three lines, read in order.

use chrono::NaiveDate;

use crate::domain::fiscal::FiscalYear;
use crate::i18n::tr;

use super::cells::is_cell;
use super::dates::{YearMark, year_mark_at};
use super::lines::{Line, runs};

/// The columns a table heading names, in order: baseline, years, 累計.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Columns {
    pub baseline: Option<String>,
    pub years: Vec<FiscalYear>,
    pub total: bool,
    pub increments: bool,
    /// A 単位 column left of the values.
    pub unit: bool,
}

impl Columns {
    pub fn count(&self) -> usize {
        usize::from(self.baseline.is_some()) + self.years.len() + usize::from(self.total)
    }
}

/// The headings of a baseline column, longer first where one begins
/// another (現状値 before 現状).
const BASELINE_WORDS: [&str; 9] =
    ["事業開始前", "基準値", "現状値", "現況値", "基準年度", "策定時", "直近値", "当初値", "現状"];

fn starts(chars: &[char], i: usize, word: &str) -> bool {
    let w: Vec<char> = word.chars().collect();
    chars[i..].starts_with(&w)
}

/// Reads the column headings from the heading lines of one block. A
/// heading over several lines is read line after line (`平成29年 平成30年`
/// above `3月末 3月末`) and, where the lines keep their page columns,
/// column after column (`2024 年` above `度` above `増加分`, each cell
/// wrapped within its narrow column), which keeps a wrapped word whole
/// (`事業開始` / `前（現時`); when both readings give columns of other
/// years, the heading is refused rather than one guessed.
pub fn columns(header: &[&Line]) -> Result<Columns, String> {
    let raw: Vec<char> =
        header.iter().flat_map(|l| l.raw.chars()).filter(|c| !c.is_whitespace()).collect();
    let folded: Vec<char> =
        header.iter().flat_map(|l| l.folded.chars()).filter(|c| !c.is_whitespace()).collect();
    let by_lines = read_heading(&raw, &folded);
    let Some((raw, folded)) = by_page_columns(header) else { return by_lines };
    match (by_lines, read_heading(&raw, &folded)) {
        (Ok(a), Ok(b)) if a.years != b.years => Err(tr(
            "表の見出しが複数の行にわたり、行ごとに読むか列ごとに読むかで年度が変わります。見出しの各列を 2024年度増加分（１年目） や 令和3年3月末 のように一続きに書いてください",
            "the table's heading spans lines and names other years when read line by line than column by column; write each column's heading in one piece, such as 2024年度増加分（１年目） or 令和3年3月末",
        )),
        // Read column by column, a wrapped word is whole: 事業開始 / 前.
        (_, Ok(b)) => Ok(b),
        (Ok(a), Err(_)) => Ok(a),
        (Err(e), Err(_)) => Err(e),
    }
}

/// A column of a heading: where it ends on the page, and its parts as
/// (line, first char, one past the last).
type Group = (usize, Vec<(usize, usize, usize)>);

/// The heading lines' text column after column, as written and folded:
/// each part of a line goes with the parts of the other lines that share
/// page columns with it. `None` for one line, or lines whose columns are
/// not known.
fn by_page_columns(header: &[&Line]) -> Option<(Vec<char>, Vec<char>)> {
    if header.len() < 2 {
        return None;
    }
    // (first column, one past the last, line, first char, one past the last char)
    let mut parts: Vec<(usize, usize, usize, usize, usize)> = Vec::new();
    for (n, l) in header.iter().enumerate() {
        let indent = l.indent?;
        for (a, b, _) in runs(l)? {
            parts.push((a, b, n, a - indent, b - indent));
        }
    }
    parts.sort_by_key(|p| p.0);
    // Parts that overlap, directly or through others, are one column.
    let mut groups: Vec<Group> = Vec::new();
    for (a, b, n, from, to) in parts {
        match groups.last_mut() {
            Some((end, members)) if a < *end => {
                *end = (*end).max(b);
                members.push((n, from, to));
            }
            _ => groups.push((b, vec![(n, from, to)])),
        }
    }
    let mut raw = Vec::new();
    let mut folded = Vec::new();
    for (_, mut members) in groups {
        members.sort_unstable();
        for (n, from, to) in members {
            let keep = |s: &str| -> Vec<char> {
                s.chars().skip(from).take(to - from).filter(|c| !c.is_whitespace()).collect()
            };
            raw.extend(keep(&header[n].raw));
            folded.extend(keep(&header[n].folded));
        }
    }
    Some((raw, folded))
}

/// Reads the column headings from their text without white space.
fn read_heading(raw: &[char], folded: &[char]) -> Result<Columns, String> {
    let text = |a: usize, b: usize| -> String { raw[a..b].iter().collect() };
    let mut cols = Columns::default();
    let mut marks: Vec<YearMark> = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        if let Some(w) = BASELINE_WORDS.iter().find(|w| starts(folded, i, w)) {
            let end = i + w.chars().count();
            cols.baseline = Some(text(i, end));
            i = end;
            continue;
        }
        if starts(folded, i, "単位") && cols.years.is_empty() && marks.is_empty() {
            cols.unit = true;
            i += 2;
            continue;
        }
        if starts(folded, i, "増加分") {
            cols.increments = true;
            i += 3;
            continue;
        }
        if starts(folded, i, "累計") {
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
        if let Some((mark, end)) = year_mark_at(folded, i) {
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

/// Whether a line continues a heading (`（現時点） （１年目）`, `の累計`,
/// `3月末`), or holds the wrapped pieces of several narrow heading cells
/// side by side (`前   度   度   分`: two parts or more, none a value).
pub fn continues_heading(line: &Line) -> bool {
    let k = line.key();
    let words = ["年目", "現時点", "累計", "増加分", "月末", "年度"]
        .iter()
        .chain(&BASELINE_WORDS)
        .any(|w| k.contains(w));
    let pieces = !k.contains('。')
        && runs(line).is_some_and(|r| r.len() >= 2 && r.iter().all(|(_, _, t)| !is_cell(t)));
    words || pieces
}
