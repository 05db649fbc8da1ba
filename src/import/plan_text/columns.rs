//! The column headings of a KPI table: a baseline (事業開始前, 基準値), the
//! years (平成30年3月末, 2020年3月末, 2019年度増加分), the KPI増加分の累計
//! column; spread over one to three lines, read in order.

use chrono::NaiveDate;

use crate::domain::fiscal::FiscalYear;
use crate::i18n::tr;

use super::cells::is_cell;
use super::dates::{YearMark, year_mark_at};
use super::lines::{Line, fold, runs};

/// The columns a table heading names, in order: baseline, years, 累計.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Columns {
    pub baseline: Option<String>,
    /// The baseline column stands right of the years (`令和５年度 令和６年度
    /// 令和７年度 基準値`), not left of them.
    pub baseline_last: bool,
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
/// another (現状値 before 現状); 申請時 as plans of 2015–2016 head it.
const BASELINE_WORDS: [&str; 10] = [
    "事業開始前",
    "基準値",
    "現状値",
    "現況値",
    "基準年度",
    "策定時",
    "申請時",
    "直近値",
    "当初値",
    "現状",
];

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
    let Some((raw, folded, cells)) = by_page_columns(header).or_else(|| by_tab_columns(header))
    else {
        return by_lines;
    };
    // Each column naming one date at most, no two columns' parts were
    // taken for one: the columns are the heading's (`目標値` above
    // `令和５年度`, a cell merged over the years, whose bracket below it
    // read line by line, `（令和４年度）` of the 基準値, was taken for the
    // target's date).
    let one_date_each = cells.iter().all(|c| dates_outside_brackets(c) <= 1);
    match (by_lines, read_heading(&raw, &folded)) {
        // Read line by line, `現状値（令和４年` / `度）` may name no year at
        // all: no other reading.
        (Ok(a), Ok(b)) if !a.years.is_empty() && a.years != b.years && !one_date_each => Err(tr(
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
fn by_page_columns(header: &[&Line]) -> Option<(Vec<char>, Vec<char>, Vec<String>)> {
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
    let mut cells = Vec::new();
    for (_, mut members) in groups {
        members.sort_unstable();
        let mut cell = String::new();
        for (n, from, to) in members {
            let keep = |s: &str| -> Vec<char> {
                s.chars().skip(from).take(to - from).filter(|c| !c.is_whitespace()).collect()
            };
            raw.extend(keep(&header[n].raw));
            folded.extend(keep(&header[n].folded));
            cell.extend(keep(&header[n].folded));
        }
        cells.push(cell);
    }
    Some((raw, folded, cells))
}

/// How many dates a column's folded heading names outside brackets:
/// `2023年度（令和5年度）` one, `平成29年` above `3月末` one.
fn dates_outside_brackets(cell: &str) -> usize {
    let chars: Vec<char> = cell.chars().collect();
    let (mut i, mut depth, mut count) = (0, 0usize, 0);
    while i < chars.len() {
        match chars[i] {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => {
                if let Some((mark, end)) = year_mark_at(&chars, i) {
                    count += usize::from(!matches!(mark, YearMark::MonthOnly(_)));
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    count
}

/// The heading lines' text column after column where each line has its
/// cells apart by tabs, as many on each line, an empty cell's place kept
/// (`ＫＰＩ\t基準値\t2023年度` above `\t\t（令和5年度）`). `None` otherwise:
/// a line without tabs, or lines of other counts, whose places do not
/// say which cell is which column's.
fn by_tab_columns(header: &[&Line]) -> Option<(Vec<char>, Vec<char>, Vec<String>)> {
    let cells: Vec<&Vec<String>> =
        header.iter().map(|l| l.tab_cells.as_ref()).collect::<Option<_>>()?;
    let n = cells.first()?.len();
    if header.len() < 2 || n < 2 || cells.iter().any(|c| c.len() != n) {
        return None;
    }
    let mut raw = Vec::new();
    let mut folded = Vec::new();
    let mut columns = Vec::new();
    for k in 0..n {
        let mut column = String::new();
        for line in &cells {
            raw.extend(line[k].chars().filter(|c| !c.is_whitespace()));
            let f: String = fold(&line[k]).chars().filter(|c| !c.is_whitespace()).collect();
            folded.extend(f.chars());
            column.push_str(&f);
        }
        columns.push(column);
    }
    Some((raw, folded, columns))
}

/// The forms of a column's date the heading is read in, for a message.
const FORMS: (&str, &str) = (
    "令和5年度、R5年度、2023年度、2023(R5)年度、2023年度（令和5年度）、令和6年3月末、R6.3末、2024年3月末",
    "令和5年度, R5年度, 2023年度, 2023(R5)年度, 2023年度（令和5年度）, 令和6年3月末, R6.3末, 2024年3月末",
);

/// A column's date that is not one: `R5` (the fiscal year, or the end of
/// the calendar year?), `2023(R4)年度` and `2023年度（令和4年度）` (which
/// year?).
fn unclear(what: &str, two_years: bool) -> String {
    let (ja, en) = if two_years {
        ("西暦と和暦が別の年を示しています", "its 西暦 and 和暦 name different years")
    } else {
        (
            "年も年度も付いていないため、年度か暦年か決められません",
            "it has neither 年 nor 年度, so whether it is a fiscal year or a calendar year cannot be told",
        )
    };
    tr(
        format!(
            "表の見出し「{what}」がどの年度の列か読めません（{ja}）。列の見出しは {} のように書いてください",
            FORMS.0
        ),
        format!(
            "cannot tell which fiscal year the table's heading 「{what}」 names: {en}; write each column's heading as one of {}",
            FORMS.1
        ),
    )
}

/// A baseline column between the years, or right of a 累計 column: its
/// values cannot be told from the years' in the rows.
fn baseline_out_of_place(word: &str) -> String {
    tr(
        format!(
            "表の見出しで「{word}」の列が年度の列の間か累計の列の後にあり、各行の値がどの列のものか決められません。テキストを編集して「{word}」の列をＫＰＩ名のすぐ右か、年度の列の後に移してください"
        ),
        format!(
            "the table's heading puts the 「{word}」 column between the years' columns or after a 累計 column, so which value belongs to which column cannot be told; edit the text so that the 「{word}」 column stands right of the KPI names or after the years"
        ),
    )
}

/// A year in brackets right after a column's date, `2023年度（令和5年度）`:
/// the same date in the other calendar, which must name the same year.
/// `None` when the bracket holds no year alone; `Err` when another year.
fn annotation(column: YearMark, inner: &[char], written: &str) -> Option<Result<(), String>> {
    let (mark, end) = year_mark_at(inner, 0)?;
    if end != inner.len() {
        return None;
    }
    let fiscal = |m: YearMark| match m {
        YearMark::FiscalYear(y) => Some(FiscalYear(y)),
        YearMark::MonthEnd { year, month } => month_end(year, month),
        _ => None,
    };
    let same = match (mark, column) {
        (YearMark::FiscalYear(_) | YearMark::MonthEnd { .. }, _) => fiscal(mark) == fiscal(column),
        (
            YearMark::YearOnly(y) | YearMark::Bare(y),
            YearMark::FiscalYear(c) | YearMark::MonthEnd { year: c, .. },
        ) => c == y,
        _ => false,
    };
    Some(if same { Ok(()) } else { Err(unclear(written, true)) })
}

/// Reads the column headings from their text without white space.
fn read_heading(raw: &[char], folded: &[char]) -> Result<Columns, String> {
    let text = |a: usize, b: usize| -> String { raw[a..b].iter().collect() };
    let mut cols = Columns::default();
    let mut marks: Vec<YearMark> = Vec::new();
    // Where the last column's date and the baseline's word end.
    let mut date_end: Option<(usize, usize, YearMark)> = None;
    let mut baseline_end = None;
    let mut target_end = None;
    let mut i = 0;
    while i < folded.len() {
        if let Some(w) = BASELINE_WORDS.iter().find(|w| starts(folded, i, w)) {
            let end = i + w.chars().count();
            if cols.total {
                return Err(baseline_out_of_place(&text(i, end)));
            }
            cols.baseline_last = !marks.is_empty();
            cols.baseline = Some(text(i, end));
            baseline_end = Some(end);
            i = end;
            continue;
        }
        if starts(folded, i, "目標") {
            // `目標値（令和７年度）`: the bracket is the column's date.
            let word = if starts(folded, i, "目標値") { 3 } else { 2 };
            target_end = Some(i + word);
            i += word;
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
        if starts(folded, i, "累計") || starts(folded, i, "合計") {
            // The layout of increases says 増加分 or 年目; a table of
            // targets may add up its years in a 累計 column too, or a
            // 合計 one, as older plans head it.
            if cols.baseline_last {
                return Err(baseline_out_of_place(cols.baseline.as_deref().unwrap_or_default()));
            }
            cols.total = true;
            i += 2;
            continue;
        }
        if folded[i] == '(' {
            let close = (i..folded.len()).find(|&j| folded[j] == ')').unwrap_or(folded.len());
            let inner: String = folded[i + 1..close].iter().collect();
            let after_date = date_end.filter(|(_, end, _)| *end == i);
            let target_date = year_mark_at(&folded[i + 1..close], 0)
                .filter(|(m, end)| {
                    i + 1 + end == close
                        && matches!(m, YearMark::FiscalYear(_) | YearMark::MonthEnd { .. })
                })
                .filter(|_| target_end == Some(i));
            if let Some((mark, _)) = target_date {
                marks.push(mark);
            } else if let Some((start, _, column)) = after_date
                && let Some(same) = annotation(
                    column,
                    &folded[i + 1..close],
                    &text(start, (close + 1).min(raw.len())),
                )
            {
                same?;
            } else if inner.ends_with("年目") {
                cols.increments = true;
            } else if let Some(label) = cols.baseline.as_mut()
                && !label.contains(['（', '('])
                && (baseline_end == Some(i) || inner.contains("現時点") || inner.contains('年'))
            {
                label.push_str(&text(i, (close + 1).min(raw.len())));
            }
            i = close + 1;
            continue;
        }
        if let Some((mark, end)) = year_mark_at(folded, i) {
            if matches!(mark, YearMark::Bare(_) | YearMark::TwoYears) {
                return Err(unclear(&text(i, end), mark == YearMark::TwoYears));
            }
            if cols.baseline_last {
                return Err(baseline_out_of_place(cols.baseline.as_deref().unwrap_or_default()));
            }
            marks.push(mark);
            // `平成30年` above `3月末` is no column's whole date: a
            // bracket after it (`（平成27年度）` below `基準値`) is not its.
            let whole = matches!(mark, YearMark::FiscalYear(_) | YearMark::MonthEnd { .. });
            date_end = whole.then_some((i, end, mark));
            i = end;
            continue;
        }
        i += 1;
    }
    cols.years = fiscal_years(&marks)?;
    Ok(cols)
}

/// The fiscal years of a heading's year marks, in order: `平成29年
/// 平成30年` above `3月末 3月末` paired in order.
fn fiscal_years(marks: &[YearMark]) -> Result<Vec<FiscalYear>, String> {
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
    let mut years = Vec::new();
    for mark in marks {
        let fy = match *mark {
            YearMark::MonthEnd { year, month } => month_end(year, month),
            YearMark::FiscalYear(y) => Some(FiscalYear(y)),
            YearMark::YearOnly(_) => pairs.next().and_then(|(y, m)| month_end(*y, *m)),
            YearMark::MonthOnly(_) | YearMark::Bare(_) | YearMark::TwoYears => continue,
        };
        let fy = fy.ok_or_else(|| {
            tr(
                "表の見出しに存在しない月があります",
                "the table's heading has a month that does not exist",
            )
        })?;
        if years.contains(&fy) {
            return Err(tr(
                format!("表の見出しに同じ年度（{}）の列が二つあります", fy.wareki()),
                format!("the table's heading names fiscal year {} twice", fy.0),
            ));
        }
        years.push(fy);
    }
    Ok(years)
}

/// The fiscal year a target for the end of `month` of `year` belongs to.
fn month_end(year: i32, month: u32) -> Option<FiscalYear> {
    NaiveDate::from_ymd_opt(year, month, 1).map(FiscalYear::of_date)
}

/// Whether a line names at least one year column (a line of prose, with
/// its 。, does not; nor a KPI name's line such as `令和2年度比の`, whose
/// year goes on in words: 比 or a kana after it, but for a heading's
/// `令和5年度の目標`).
pub fn names_years(line: &Line) -> bool {
    if line.folded.contains('。') {
        return false;
    }
    let folded: Vec<char> = line.folded.chars().filter(|c| !c.is_whitespace()).collect();
    let in_words = |after: &[char]| match after.first() {
        Some('比') => true,
        Some(c) if ('\u{3041}'..='\u{309F}').contains(c) => {
            !(starts(after, 0, "の目標") || starts(after, 0, "の実績"))
        }
        _ => false,
    };
    (0..folded.len()).any(|i| {
        year_mark_at(&folded, i).is_some_and(|(m, end)| {
            !matches!(m, YearMark::MonthOnly(_)) && !in_words(&folded[end..])
        })
    })
}

/// Whether a line continues a heading (`（現時点） （１年目）`, `の累計`,
/// `3月末`), or holds the wrapped pieces of several narrow heading cells
/// side by side (`前   度   度   分`: two parts or more, none a value).
pub fn continues_heading(line: &Line) -> bool {
    heading_words(line) || pieces(line)
}

/// Whether a line continues the heading lines `header` below them: as
/// [`continues_heading`], its pieces each standing under a part of the
/// heading where the lines keep their page columns. A name's line whose
/// 全角 space PDF-to-text left as spaces (`移住   定住者数`, the values of
/// a centred cell lower down) has a piece under no heading cell.
pub fn continues_heading_below(line: &Line, header: &[&Line]) -> bool {
    if heading_words(line) {
        return true;
    }
    if !pieces(line) {
        return false;
    }
    let parts: Option<Vec<(usize, usize)>> = header
        .iter()
        .map(|h| runs(h).map(|r| r.into_iter().map(|(a, b, _)| (a, b)).collect::<Vec<_>>()))
        .collect::<Option<Vec<_>>>()
        .map(|all| all.concat());
    match (parts, runs(line)) {
        (Some(parts), Some(own)) => {
            own.iter().all(|(a, b, _)| parts.iter().any(|(c, d)| a < d && c < b))
        }
        _ => true,
    }
}

fn heading_words(line: &Line) -> bool {
    let k = line.key();
    ["年目", "現時点", "累計", "増加分", "月末", "年度"]
        .iter()
        .chain(&BASELINE_WORDS)
        .any(|w| k.contains(w))
}

fn pieces(line: &Line) -> bool {
    !line.key().contains('。')
        && runs(line).is_some_and(|r| r.len() >= 2 && r.iter().all(|(_, _, t)| !is_cell(t)))
}
