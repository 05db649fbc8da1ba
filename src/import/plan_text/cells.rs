//! The cells of a KPI table row as PDF-to-text leaves them: `10 人`,
//! `10人`, `1,200百万円`, `１０件`, `12.5%`, `△5`, `-` (no target), read
//! from the right so that the name keeps whatever it holds.

use crate::domain::quantity::Quantity;

use super::lines::{Line, is_cjk, runs, squeeze};

/// One cell: no value (`-`), or a value with the unit written beside it
/// (empty when the cell is a bare number).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    None,
    Value(Quantity, String),
}

/// A row: the name as written (possibly empty when it stands on another
/// line) and its cells, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub name: String,
    pub cells: Vec<Cell>,
}

pub fn is_dash(token: &str) -> bool {
    !token.is_empty()
        && token.chars().all(|c| matches!(c, '-' | '－' | '―' | 'ー' | '‐' | '—' | '─' | '−'))
}

/// A cell that sets no target for its year: a dash, or `目標なし` /
/// `目標値なし` in words (a bare `なし` may be a count of none, 0).
fn is_no_target(token: &str) -> bool {
    is_dash(token) || matches!(token, "目標なし" | "目標値なし")
}

/// `12`, `1,234.5`, `△5` (a decrease, as Japanese tables write minus).
pub fn number(token: &str) -> Option<Quantity> {
    let (negative, digits) = match token.strip_prefix(['△', '▲']) {
        Some(rest) => (true, rest),
        None => (false, token),
    };
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let q = Quantity::parse(digits).ok()?;
    Some(if negative { Quantity::ZERO.saturating_sub(q) } else { q })
}

/// The words of a bound a cell may add to its number (`50%以上`,
/// `10件以下`): no unit. Taken for one, `50以上` made the KPI's unit 以上
/// and its baseline 40以上; `以下` says which way the KPI improves.
pub const BOUNDS: [&str; 5] = ["以上", "以下", "未満", "超", "程度"];

/// The bound a token ends in after its number, if any: `50%以上` → 以上.
#[must_use]
pub fn bound_in(token: &str) -> Option<&'static str> {
    token
        .starts_with(|c: char| c.is_ascii_digit() || c == '△' || c == '▲')
        .then(|| BOUNDS.into_iter().find(|b| token.ends_with(b)))
        .flatten()
}

/// The bound a unit standing apart from its number ends in (`25 件以下`,
/// as `pdftotext -layout` writes `25件以下`; `50 以上`), if any.
#[must_use]
pub fn bound_after(unit: &str) -> Option<&'static str> {
    BOUNDS.into_iter().find(|b| unit.ends_with(b))
}

/// `10人` → 10 and 人.
fn glued(token: &str) -> Option<(Quantity, String)> {
    if bound_in(token).is_some() {
        return None;
    }
    let body = token.trim_start_matches(['△', '▲']);
    let end = body.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))?;
    if end == 0 {
        return None;
    }
    let unit = &body[end..];
    if unit.chars().any(|c| c.is_ascii_digit()) || unit.chars().count() > 6 {
        return None;
    }
    let prefix_len = token.len() - body.len();
    Some((number(&token[..prefix_len + end])?, unit.to_string()))
}

/// Whether a folded token is a cell by itself.
pub fn is_cell(token: &str) -> bool {
    // A bound (`50以上`) is a cell that no row reads: refused naming it.
    is_no_target(token)
        || number(token).is_some()
        || glued(token).is_some()
        || bound_in(token).is_some()
}

/// An arrow standing alone between a baseline and a target
/// (`120 人 → 200 人`): a column of its own, no cell and no part of a name.
fn is_arrow(token: &str) -> bool {
    matches!(token, "→" | "⇒" | "➡" | "⇨")
}

/// The tokens of a line, as written and folded, side by side; arrows
/// standing alone left out.
fn tokens(line: &Line) -> Vec<(&str, &str)> {
    let raw = line.raw.split(char::is_whitespace).filter(|t| !t.is_empty());
    let folded = line.folded.split(' ').filter(|t| !t.is_empty());
    raw.zip(folded).filter(|(_, f)| !is_arrow(f)).collect()
}

/// Whether any token of the line is a cell. A number PDF-to-text set
/// apart inside Japanese words (`令和 2 年度比の`, `（全 10 回）`) is none: a
/// bare number between words that end and begin in Japanese script, on a
/// line without a column's gap of two spaces.
pub fn has_cells(line: &Line) -> bool {
    let tokens = tokens(line);
    let one_run = runs(line).is_some_and(|r| r.len() == 1);
    let within_words = |i: usize| {
        let japanese = |t: Option<&(&str, &str)>, last: bool| {
            t.and_then(|(_, f)| if last { f.chars().last() } else { f.chars().next() })
                .is_some_and(is_cjk)
        };
        one_run
            && number(tokens[i].1).is_some()
            && japanese(i.checked_sub(1).and_then(|p| tokens.get(p)), true)
            && japanese(tokens.get(i + 1), false)
    };
    (0..tokens.len()).any(|i| is_cell(tokens[i].1) && !within_words(i))
}

/// Whether the line's first word is a number (`10`, `5G`) and no other
/// word is a cell: `10 回）の受講`, a name's line that begins with a
/// number, or a value with its unit (`10 人`), which only its place on the
/// line tells apart.
pub fn leads_with_number(line: &Line) -> bool {
    match tokens(line).split_first() {
        Some(((_, first), rest)) => {
            let number_first = number(first).is_some() || glued(first).is_some();
            number_first && !rest.is_empty() && !rest.iter().any(|(_, f)| is_cell(f))
        }
        None => false,
    }
}

/// The width on the page of a text without its spaces: a Japanese or
/// full-width character is two columns, any other one.
fn page_width(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).map(|c| if is_cjk(c) { 2 } else { 1 }).sum()
}

/// A line's first part (apart from the rest by a column's gap) split
/// before a number set apart from the words by one space, as PDF-to-text
/// spaces a number inside Japanese words (`空き家対策第 2`): the char index
/// of that space in the line, the words and the number. `None` when the
/// line has no column's gap or its first part no such number.
fn number_after_words(line: &Line) -> Option<(usize, String, String)> {
    let runs = runs(line)?;
    let indent = line.indent?;
    let [(from, _, first), _, ..] = runs.as_slice() else { return None };
    let space = first.rfind(' ')?;
    let (words, number_text) = (&first[..space], &first[space + 1..]);
    if words.is_empty() || number(number_text).is_none() {
        return None;
    }
    let raw: Vec<char> = line.raw.chars().collect();
    let words_raw: String =
        raw[from - indent..from - indent + words.chars().count()].iter().collect();
    let at = from - indent + words.chars().count();
    Some((at, words_raw, number_text.to_string()))
}

/// The width of a table's name column, as far as its rows show it: the
/// widest first part of a line whose other parts are values, a number
/// that may be a value left out (`テレワーク実施 15`, a value set apart by
/// one space where the name fills its column).
#[must_use]
pub fn name_column_width(lines: &[Line]) -> usize {
    lines
        .iter()
        .filter_map(|l| {
            let runs = runs(l)?;
            let (first, rest) = runs.split_first()?;
            let values = !rest.is_empty()
                && rest.iter().all(|(_, _, t)| t.split(' ').next().is_some_and(is_cell));
            if !values || first.2.split(' ').next().is_some_and(is_cell) {
                return None;
            }
            Some(match number_after_words(l) {
                Some((_, words, _)) => page_width(&words),
                None => page_width(&l.raw.chars().take(first.1 - first.0).collect::<String>()),
            })
        })
        .max()
        .unwrap_or(0)
}

/// The line with a number that ends its first part joined to the words
/// before it, when together they fit in the name column (`width`): the
/// number is the name's (`空き家対策第 2` above `期の登録件数`), where a
/// value set apart from a name by one space stands beyond a name that
/// fills its column (`テレワーク実施 15`). With an empty 基準値 cell, the
/// 2 was read as the baseline and the name as 「空き家対策第期の登録件数」.
#[must_use]
pub fn with_number_in_name(line: &Line, width: usize) -> Option<Line> {
    let (at, words, number) = number_after_words(line)?;
    if page_width(&words) + page_width(&number) > width {
        return None;
    }
    let drop = |text: &str| -> String {
        text.chars().enumerate().filter(|(i, _)| *i != at).map(|(_, c)| c).collect()
    };
    Some(Line { raw: drop(&line.raw), folded: drop(&line.folded), ..line.clone() })
}

/// Removes a footnote mark at the end of a name: `ICT人材数※1` → `ICT人材数`.
pub fn without_footnote(name: &str) -> &str {
    let trimmed = name.trim_end_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    match trimmed.strip_suffix(['※', '*', '＊']) {
        Some(rest) => rest.trim_end(),
        None => name.trim_end_matches(['※', '*', '＊']).trim_end(),
    }
}

/// Reads exactly `n` cells from the right of the line; what remains on
/// the left is the name (may be empty). `None` when the line does not end
/// in `n` cells.
#[must_use]
pub fn read_row(line: &Line, n: usize) -> Option<Row> {
    row_of(line, n, false)
}

/// Reads a row of a table with a 単位 column before its values: the word
/// left of the `n` cells is the unit of each value written without one
/// (`直売所の年間来場者数 人 52,000 55,000`). `None` when that word is not
/// a unit.
#[must_use]
pub fn read_row_with_unit(line: &Line, n: usize) -> Option<Row> {
    row_of(line, n, true)
}

/// Whether what is left of a row after its cells ends in a value (`-`,
/// `10`, `10人` or `10 人` in a unit of the cells): a column the heading
/// did not name (a 策定時 column), which would otherwise end the name.
fn value_left(tokens: &[(&str, &str)], cells: &[Cell]) -> bool {
    let of_cells = |u: &str| cells.iter().any(|c| matches!(c, Cell::Value(_, cu) if cu == u));
    match tokens {
        [.., (_, before), (_, last)] if of_cells(last) && number(before).is_some() => true,
        [.., (_, last)] => {
            is_no_target(last)
                || number(last).is_some()
                || glued(last).is_some_and(|(_, u)| of_cells(&u))
        }
        [] => false,
    }
}

/// What a name ends with and a unit never does: `者数`, `率`, `割合`.
const NAME_ENDINGS: [char; 6] = ['数', '率', '額', '量', '合', '度'];

fn row_of(line: &Line, n: usize, unit_column: bool) -> Option<Row> {
    let mut tokens = tokens(line);
    let mut cells = Vec::with_capacity(n);
    while cells.len() < n {
        let (_, last) = tokens.pop()?;
        if is_no_target(last) {
            cells.push(Cell::None);
        } else if let Some(q) = number(last) {
            cells.push(Cell::Value(q, String::new()));
        } else if let Some((q, unit)) = glued(last) {
            cells.push(Cell::Value(q, unit));
        } else {
            // A unit on its own after its number: `10 人`.
            let (_, before) = tokens.pop()?;
            let q = number(before)?;
            // A bound is no unit (`25 件以下`): the row is refused naming it.
            if last.chars().count() > 6
                || last.chars().any(|c| c.is_ascii_digit())
                || bound_after(last).is_some()
            {
                return None;
            }
            cells.push(Cell::Value(q, last.to_string()));
        }
    }
    cells.reverse();
    if unit_column {
        let (_, unit) = tokens.pop()?;
        let is_unit = unit.chars().count() <= 6
            && !is_cell(unit)
            && !unit.chars().any(|c| c.is_ascii_digit() || NAME_ENDINGS.contains(&c));
        if !is_unit {
            return None;
        }
        for cell in &mut cells {
            if let Cell::Value(_, u) = cell
                && u.is_empty()
            {
                *u = unit.to_string();
            }
        }
    }
    if value_left(&tokens, &cells) {
        return None;
    }
    let raw: Vec<&str> = tokens.iter().map(|(r, _)| *r).collect();
    let name = without_footnote(&squeeze(&raw.join(" "))).to_string();
    Some(Row { name, cells })
}

#[cfg(test)]
mod tests {
    use super::super::lines::read;
    use super::*;

    fn row(text: &str, n: usize) -> Option<Row> {
        read_row(&read(text)[0], n)
    }

    fn v(n: i64, unit: &str) -> Cell {
        Cell::Value(Quantity::units(n), unit.into())
    }

    /// A bound after a number (`50以上`, `50%以上`) is no unit: the row is
    /// no row. `50以上` gave the KPI the unit 以上, its baseline 40以上.
    #[test]
    fn a_bound_after_a_number_is_no_unit() {
        assert_eq!(row("市民満足度 40 50以上 60以上", 3), None);
        assert_eq!(row("市民満足度 40% 50%以上 60%以上", 3), None);
        assert_eq!(row("空き店舗数 30件 25件以下 20件以下", 3), None);
        assert!(row("市民満足度 40% 50% 60%", 3).is_some());
        // Apart from the number, as pdftotext -layout writes it.
        assert_eq!(row("空き店舗数 25 件以下 25 件以下", 2), None);
        assert_eq!(row("市民満足度 50 %以上 60 以上", 2), None);
        assert!(row("空き店舗数 25 件 20 件", 2).is_some());
    }

    /// `目標なし` in a year's cell was refused at the row: it is that
    /// year without a target, as `-` is. A bare `なし` stays refused.
    #[test]
    fn no_target_in_words_is_a_year_without_a_target() {
        let read = row("移住者数 10人 目標なし 14人", 3).expect("row");
        assert_eq!(read.name, "移住者数");
        assert_eq!(read.cells, [v(10, "人"), Cell::None, v(14, "人")]);
        let read = row("移住者数 目標値なし 12 14", 3).expect("row");
        assert_eq!(read.cells, [Cell::None, v(12, ""), v(14, "")]);
        assert_eq!(row("移住者数 10人 なし 14人", 3), None);
    }

    #[test]
    fn a_value_left_of_the_cells_is_no_part_of_the_name() {
        assert_eq!(row("移住者数 10人 12人 14人", 2), None);
        assert_eq!(row("移住者数 10 人 12 人 14 人", 2), None);
        assert_eq!(row("移住者数 - 12 14", 2), None);
        assert_eq!(row("移住者数 10 12 14", 2), None);
        assert_eq!(row("5G基地局数 12局 14局", 2).map(|r| r.name), Some("5G基地局数".into()));
        assert_eq!(row("ＫＰＩ１ 0 10", 2).map(|r| r.name), Some("ＫＰＩ１".into()));
    }

    /// A number set apart by one space at the end of a name's first line
    /// is the name's where the two fit in the name column (`空き家対策第 2`
    /// in a column of `地域おこし協力`), a value where they do not
    /// (`テレワーク実施 15`, the name filling its column).
    #[test]
    fn a_number_after_a_name_is_the_name_s_within_the_name_column() {
        let text = "地域おこし協力     0         2\n空き家対策第 2    0         2\nテレワーク実施 15       20\n";
        let lines = read(text);
        let width = name_column_width(&lines);
        assert_eq!(width, 14, "地域おこし協力, テレワーク実施");
        let joined = |i: usize| with_number_in_name(&lines[i], width).map(|l| l.raw);
        assert_eq!(joined(1).as_deref(), Some("空き家対策第2    0         2"));
        assert_eq!(joined(2), None);
        assert_eq!(joined(0), None);
        assert!(with_number_in_name(&read("移住者数 10 20")[0], 14).is_none(), "no column gap");
    }

    #[test]
    fn a_unit_column_gives_the_unit_and_leaves_the_name() {
        let row = |t: &str| read_row_with_unit(&read(t)[0], 2);
        assert_eq!(
            row("水産加工品の売上高 百万円 120 130"),
            Some(Row {
                name: "水産加工品の売上高".into(),
                cells: vec![v(120, "百万円"), v(130, "百万円")]
            })
        );
        assert_eq!(row("リピート率 ％ - 27.0").map(|r| r.cells[0].clone()), Some(Cell::None));
        // An empty 単位 cell: the end of the name is no unit.
        assert_eq!(row("来場者のリピート率 25.0 27.0"), None);
        assert_eq!(row("漁業体験の参加者数 800 900"), None);
    }

    #[test]
    fn rows_are_read_from_the_right() {
        assert_eq!(
            row("新規移動人数 10 人 50 人 50 人", 3),
            Some(Row {
                name: "新規移動人数".into(),
                cells: vec![v(10, "人"), v(50, "人"), v(50, "人")]
            })
        );
        assert_eq!(
            row("進出企業数\t-\t1社\t1社", 3),
            Some(Row {
                name: "進出企業数".into(),
                cells: vec![Cell::None, v(1, "社"), v(1, "社")]
            })
        );
        assert_eq!(
            row("I C T 人材数※1 1,200 人 - 3 人", 3).map(|r| r.name),
            Some("ICT人材数".into())
        );
        assert_eq!(row("説明文だけの行", 3), None);
        assert_eq!(row("新規参加企業数\t-\t10社\t十社", 3), None);
    }

    #[test]
    fn names_are_kept_as_written() {
        assert_eq!(
            row("関係人口（延べ滞在日数）　１００日　２００日", 2),
            Some(Row {
                name: "関係人口（延べ滞在日数）".into(),
                cells: vec![v(100, "日"), v(200, "日")]
            })
        );
    }

    /// `令和 2 年度比の`, a name's line as PDF-to-text spaces it, has no
    /// cell: a line of a wrapped name, not a row that cannot be read.
    #[test]
    fn a_number_set_apart_inside_words_is_no_cell() {
        let cells = |t: &str| has_cells(&read(t)[0]);
        assert!(!cells("令和 2 年度比の"));
        assert!(!cells("（全 10 回）の受講"));
        assert!(cells("移住者数 10 12"));
        assert!(cells("10 回）の受講"));
        assert!(cells("令和   2   年度"), "a column's gap");
        assert!(cells("移住者数\t2\t人"), "a tab");
    }

    #[test]
    fn a_row_without_a_name_and_decreases() {
        assert_eq!(
            row("-  70 %  △5 %", 3).map(|r| r.cells),
            Some(vec![Cell::None, v(70, "%"), v(-5, "%")])
        );
        assert_eq!(row("- 70 % 75 %", 3).map(|r| r.name), Some(String::new()));
    }
}
