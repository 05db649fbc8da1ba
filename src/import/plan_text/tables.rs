//! The KPI tables of a plan text, in both layouts of the template:
//!
//! - columns per target date (`平成29年3月末 平成30年3月末 …`, or `2020年3月末`),
//!   optionally after a 基準値 / 現状値 column;
//! - columns per year's increase (`事業開始前（現時点） 2019年度増加分（１年目）
//!   … KPI増加分の累計`), rows named by their KPI or by a legend label
//!   (`ＫＰＩ１`) whose name is given on a legend line, and the table split
//!   into blocks when it is too wide for the page.
//!
//! Headings may be spread over two or three lines; the fiscal years come
//! from the headings, so a year whose every target is `-` still exists.

use std::collections::BTreeMap;

use crate::domain::fiscal::FiscalYear;
use crate::domain::normalize::{fold_width, name_key};
use crate::domain::quantity::Quantity;
use crate::i18n::tr;

use super::TextError;
use super::cells::{
    Cell, Row, bound_after, bound_in, has_cells, is_cell, is_dash, leads_with_number,
    name_column_width, read_row, read_row_with_unit, with_number_in_name,
};
use super::columns::{Columns, columns, continues_heading, continues_heading_below, names_years};
use super::dates::{YearMark, year_mark_at};
use super::headings::Heading;
use super::kinds::Layout;
use super::legends::{Legend, legend};
use super::lines::{
    self, Line, at_page_break, is_page_number, join_wrapped, key as lines_key, read as read_lines,
    runs, squeeze,
};

/// A table as read: its columns, and each KPI's cells by column.
#[derive(Debug, Clone)]
pub struct Table {
    /// The line the table's marker is on (【数値目標】 …).
    pub line: usize,
    pub layout: Layout,
    /// The baseline column's heading as written: 事業開始前（現時点）, 基準値.
    pub baseline_label: Option<String>,
    pub years: Vec<FiscalYear>,
    pub rows: Vec<TableRow>,
}

/// One KPI of a table, with the values as the table gives them (targets,
/// or increases in the increase layout).
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub line: usize,
    /// As written; from the legend when the row is labelled ＫＰＩ１.
    pub name: String,
    pub unit: String,
    pub baseline: Option<Quantity>,
    pub values: BTreeMap<FiscalYear, Quantity>,
    /// The KPI増加分の累計 column.
    pub total: Option<Quantity>,
}

/// One block of a table: its heading lines, its columns once the heading
/// is over, and its rows.
#[derive(Debug, Default)]
struct Block {
    header: Vec<usize>,
    columns: Option<Columns>,
    rows: Vec<(usize, Row)>,
}

/// Whether brackets are left open: `関係人口（延べ滞在` continues below.
fn open_bracket(text: &str) -> bool {
    text.matches(['（', '(']).count() > text.matches(['）', ')']).count()
}

/// Whether brackets are closed that were opened before: `日数）` ends
/// a name begun on the line above.
fn closes_bracket(text: &str) -> bool {
    text.matches(['）', ')']).count() > text.matches(['（', '(']).count()
}

/// Reads the table whose marker is at `start`, up to the next heading.
/// `None` when no heading row follows (a marker in prose, or
/// 「4-3の【数値目標】に同じ」) or the heading cannot be read (reported).
pub fn read(
    lines: &[Line],
    headings: &[Heading],
    start: usize,
    top_aligned: bool,
    legends: &mut Vec<(usize, Legend)>,
    errors: &mut Vec<TextError>,
) -> Option<Table> {
    let end = headings.iter().map(|h| h.at).find(|&at| at > start).unwrap_or(lines.len());
    // Up to the template's next heading: a numbered KPI name on a line of
    // its own (`① 移住者数`) looks like a heading of the plan's own.
    let template_end = headings
        .iter()
        .filter(|h| h.of_the_template())
        .map(|h| h.at)
        .find(|&at| at > start)
        .unwrap_or(lines.len());
    if one_cell_per_line(&lines[start + 1..template_end]) {
        errors.push(TextError::at(lines[start].number, one_per_line_message()));
        return None;
    }
    match without_notes(lines, start + 1..end) {
        Some(cut) => read_table(&cut, end, start, top_aligned, legends, errors),
        None => read_table(lines, end, start, top_aligned, legends, errors),
    }
}

/// The headings of a column of notes right of the values.
const NOTES_WORDS: [&str; 2] = ["備考", "摘要"];

/// The lines with the table's column of notes left out, when its heading
/// row ends in one (`… 令和７年度   備考`, as `pdftotext -layout` keeps its
/// page columns): from that row on, every part of a line standing in the
/// notes' page columns. Notes hold numbers and dates (`R4 実績 120`,
/// `2,000 人増`), which were taken for values or cells' dates.
fn without_notes(lines: &[Line], section: std::ops::Range<usize>) -> Option<Vec<Line>> {
    if let Some(cut) = without_tab_notes(lines, section.clone()) {
        return Some(cut);
    }
    let (at, from) = section.clone().find_map(|i| {
        let parts = runs(&lines[i])?;
        let [.., (_, before, _), (a, _, last)] = parts.as_slice() else { return None };
        let notes = NOTES_WORDS.contains(&lines::key(last).as_str());
        if !notes || parts.len() < 3 {
            return None;
        }
        // Halfway from the last year's heading: a note may begin left of
        // a heading centred in its cell.
        if names_years(&lines[i]) {
            return Some((i, (before + a) / 2));
        }
        // A heading of two rows, 目標値 merged over the years' cells: the
        // years stand on a line below, left of 備考.
        let years = lines.get(i + 1..(i + 3).min(section.end))?.iter().find(|l| names_years(l))?;
        let (_, end, _) = runs(years)?.into_iter().rfind(|(start, _, _)| start < a)?;
        Some((i, (end + a) / 2))
    })?;
    let mut cut = lines.to_vec();
    for l in &mut cut[at..section.end] {
        let (Some(indent), Some(parts)) = (l.indent, runs(l)) else { continue };
        let Some((a, _, _)) = parts.iter().find(|(a, _, _)| *a >= from) else { continue };
        let keep = a.saturating_sub(indent);
        l.raw = l.raw.chars().take(keep).collect::<String>().trim_end().to_string();
        l.folded = l.folded.chars().take(keep).collect::<String>().trim_end().to_string();
    }
    Some(cut)
}

/// As [`without_notes`], for a text whose cells are apart by tabs: the
/// last cell of the heading row is 備考, and each later line's cell in
/// that place is left out.
fn without_tab_notes(lines: &[Line], section: std::ops::Range<usize>) -> Option<Vec<Line>> {
    let (at, k) = section.clone().find_map(|i| {
        let cells = lines[i].tab_cells.as_ref()?;
        let notes = NOTES_WORDS.contains(&lines::key(cells.last()?).as_str());
        (notes && cells.len() >= 3 && names_years(&lines[i])).then_some((i, cells.len() - 1))
    })?;
    let mut cut = lines.to_vec();
    for l in &mut cut[at..section.end] {
        let Some(cells) = l.tab_cells.as_mut().filter(|c| c.len() > k) else { continue };
        cells.truncate(k);
        l.raw = cells.join("\t").trim().to_string();
        l.folded = lines::fold(&l.raw);
    }
    Some(cut)
}

/// Reads the table whose marker is at `start`, up to `end`: see [`read`].
fn read_table(
    lines: &[Line],
    end: usize,
    start: usize,
    top_aligned: bool,
    legends: &mut Vec<(usize, Legend)>,
    errors: &mut Vec<TextError>,
) -> Option<Table> {
    let mut blocks: Vec<Block> = vec![Block::default()];
    let mut pending: Option<(usize, String)> = None;
    // The last line that belonged to a row (its values or its name).
    let mut last_line = 0;
    let mut wraps = Wraps::default();
    let first_error = errors.len();
    let names_width = name_column_width(&lines[start + 1..end]);
    for i in start + 1..end {
        let l = &lines[i];
        let text = l.folded.trim();
        if passed_over(lines, i, pending.as_ref(), errors) {
            continue;
        }
        if let Some(g) = legend(l) {
            legends.push((l.number, g));
            continue;
        }
        if legend_goes_on(lines, i, legends) {
            continue;
        }
        let any_rows = blocks.iter().any(|b| !b.rows.is_empty());
        if text.starts_with('【') && any_rows {
            break;
        }
        let block = blocks.last_mut()?;
        if block.columns.is_none() {
            if heading_line(lines, block, l) {
                add_to_heading(lines, block, start, i);
                continue;
            }
            if block.header.is_empty() {
                // Prose or a legend's text before the table.
                continue;
            }
            if !settle(block, lines, errors) {
                return None;
            }
        }
        let Some(read) = row_at(l, block, names_width, errors) else { continue };
        if let Some(row) = read.0 {
            last_line = l.number;
            let mut row = row;
            match pending.take() {
                Some((line, name)) => {
                    wraps.name_part(&name);
                    wraps.row(&row.name);
                    row.name = squeeze(&format!("{name}{}", row.name));
                    block.rows.push((line, row));
                }
                None if row.name.is_empty() => errors.push(TextError::at(
                    l.number,
                    tr(
                        format!("ＫＰＩ名のない行です: 「{}」", l.raw),
                        format!("a KPI row without a name: 「{}」", l.raw),
                    ),
                )),
                None => {
                    wraps.row(&row.name);
                    block.rows.push((l.number, row));
                }
            }
            continue;
        }
        if starts_block(lines, l, block) {
            // The table goes on in another block, with its own heading.
            blocks.push(Block { header: vec![i], ..Block::default() });
            continue;
        }
        let next = (i + 1..end).map(|j| &lines[j]).find(|n| !n.is_blank());
        if let Some((message, names)) =
            cells_refused(lines, l, next, block, pending.is_some(), last_line)
        {
            let into = if names { &mut wraps.unclear } else { &mut *errors };
            into.push(TextError::at(l.number, message));
            continue;
        }
        // Words without cells: part of a name, or the end of the table.
        let (wraps, last_line) = (&mut wraps, &mut last_line);
        let lines = &lines[..end];
        let mut state = Words { pending: &mut pending, last_line, wraps, any_rows, lines };
        if !words(l, next, block, &mut state, errors) {
            break;
        }
    }
    wraps.check(top_aligned);
    if refused_for_names(errors, first_error, wraps.unclear) {
        return None;
    }
    errors.extend(pending.map(|(line, name)| no_values_after(line, &name)));
    let blocks: Vec<Block> = blocks.into_iter().filter(|b| b.columns.is_some()).collect();
    if blocks.is_empty() {
        return None;
    }
    Some(merge_blocks(lines[start].number, blocks, errors))
}

/// A name at the table's end without the values it waits for.
fn no_values_after(line: usize, name: &str) -> TextError {
    TextError::at(
        line,
        tr(
            format!("ＫＰＩ「{name}」の後に値がありません"),
            format!("the KPI 「{name}」 has no values after it"),
        ),
    )
}

/// Whether the table is refused for names whose lines cannot be told
/// apart (cells centred or aligned to the bottom), `unclear`: for them
/// alone, every other complaint since `first_error` (a name joined by
/// guess that has no unit, a row whose name the line above took) being
/// their consequence. Not when another error stands above them: a row
/// refused for more values than the heading's columns leaves the next
/// name's lines without a row, and those are its consequence.
fn refused_for_names(
    errors: &mut Vec<TextError>,
    first_error: usize,
    mut unclear: Vec<TextError>,
) -> bool {
    let first_other = errors[first_error..].iter().filter_map(|e| e.line).min();
    let first_unclear = unclear.iter().filter_map(|e| e.line).min();
    if first_unclear.is_none() || first_other.is_some_and(|o| Some(o) < first_unclear) {
        return false;
    }
    errors.truncate(first_error);
    unclear.sort_by_key(|e| e.line);
    errors.extend(unclear);
    true
}

/// Whether the line is (more of) the heading of a block whose columns
/// are not settled yet.
fn heading_line(lines: &[Line], block: &Block, l: &Line) -> bool {
    let header: Vec<&Line> = block.header.iter().map(|&h| &lines[h]).collect();
    // Below a heading, a line of values is a row even when its KPI's name
    // holds a year (`空き店舗（R2補助）件数  5件  8件`): it was taken for
    // more of the heading and the KPI left out without a word.
    if !header.is_empty() && (has_value_cells(l) || under_label(l, &header)) {
        return false;
    }
    names_years(l)
        || (!header.is_empty()
            && (continues_heading_below(l, &header)
                || closes_heading_bracket(lines, block, l)
                || label_beside(l, &header)))
}

/// Whether the line is the heading's label cell alone (`ＫＰＩ`, `指標`),
/// left of every part of the heading so far: a heading of two or three
/// lines (`令和 4 年` / `度`) centred in its cells puts the label on its
/// middle line. It ended the heading above it, whose years then lacked
/// their 度, and the table was refused for a heading without a year.
fn label_beside(l: &Line, header: &[&Line]) -> bool {
    const LABELS: [&str; 6] = ["KPI", "KPI名", "指標", "指標名", "項目", "重要業績評価指標"];
    let parts = runs(l).unwrap_or_default();
    let [(_, b, t)] = parts.as_slice() else { return false };
    let key = lines::key(t);
    let key = key.trim_start_matches(['(', '（']).trim_end_matches([')', '）']);
    let left = header.iter().filter_map(|h| runs(h)?.into_iter().map(|r| r.0).min()).min();
    LABELS.contains(&key) && left.is_some_and(|a| *b <= a)
}

/// Whether the line is one part standing under the heading's label cell
/// (`ＫＰＩ`, `指標`: its leftmost part, naming no year), where
/// the names stand: `令和２年度` above its values and `比の増加数` below, in
/// a table whose cells are centred or aligned to the bottom. It was taken
/// for more of the heading, and the plan refused at the heading (a column
/// whose two calendars disagree, 令和５年３月末（令和元年度）) or at rows a
/// value short.
fn under_label(l: &Line, header: &[&Line]) -> bool {
    let parts = runs(l).unwrap_or_default();
    let [(a, b, _)] = parts.as_slice() else { return false };
    let (a, b) = (*a, *b);
    // The heading's leftmost part: its label, or a date where it has none.
    let label = header.iter().filter_map(|h| runs(h)?.into_iter().next()).min_by_key(|r| r.0);
    label.is_some_and(|(c, d, t)| {
        a < d && c < b && read_lines(&t).first().is_some_and(|first| !names_years(first))
    })
}

/// Whether a part of the line (apart from the rest by a column's gap or
/// a tab) is a value, a cell that names no date: `5件`, `1,000人`; not
/// `3月末`, `2019年度`, nor a heading's `（令和 5 年度）`.
fn has_value_cells(l: &Line) -> bool {
    let parts: Vec<String> = match runs(l) {
        Some(runs) => runs.into_iter().map(|(_, _, t)| t).collect(),
        None => l.raw.split('\t').map(fold_width).collect(),
    };
    parts.iter().map(|p| p.trim()).any(|p| is_cell(p) && !p.contains(['年', '月', '度']))
}

/// Adds the line at `i` to the block's heading: with the lines right
/// above it that go with it, when it is the first, or instead of the
/// heading so far, when that was prose.
fn add_to_heading(lines: &[Line], block: &mut Block, start: usize, i: usize) {
    let mut start = start;
    if prose_above(lines, &block.header, i) {
        // The lines above the dates that go with them are below the prose.
        start = block.header.last().copied().unwrap_or(start);
        block.header.clear();
    }
    if block.header.is_empty() {
        // `基準値` on the line above the dates, centred in its taller cell.
        block.header.extend(heading_above(lines, start, i));
    }
    block.header.push(i);
}

/// Whether the heading lines so far were a line of prose above the table
/// (`令和元年度実績を基準とする`): one part each, and the line at `i` has
/// parts apart by a column's gap as a heading row does; a blank line
/// between them, or the prose standing over no single column of a date
/// (over the label `ＫＰＩ`, or across a column's gap), where a heading
/// cell's line stands. Their year was read as one more column, and each
/// row's baseline as its target for that year, without a word; or,
/// right above the heading, the heading refused for its 基準値 column.
fn prose_above(lines: &[Line], header: &[usize], i: usize) -> bool {
    let one_part = |l: &Line| runs(l).is_some_and(|r| r.len() == 1);
    let Some(&last) = header.last() else { return false };
    let Some(below) = runs(&lines[i]).filter(|r| r.len() >= 2) else { return false };
    let over_a_date = |l: &Line| {
        let parts = runs(l).unwrap_or_default();
        let [(a, b, _)] = parts.as_slice() else { return false };
        let over: Vec<&String> =
            below.iter().filter(|(c, d, _)| a < d && c < b).map(|(_, _, t)| t).collect();
        let dated = |t: &String| read_lines(t).first().is_some_and(names_years);
        matches!(over.as_slice(), [t] if dated(t))
    };
    header.iter().all(|&h| one_part(&lines[h]))
        && (lines[last + 1..i].iter().any(Line::is_blank)
            || header.iter().all(|&h| !over_a_date(&lines[h])))
}

/// Whether a line that names a year below a block's rows is the heading
/// of the table's next block: not a line of values, nor a name's.
fn starts_block(lines: &[Line], l: &Line, block: &Block) -> bool {
    let header: Vec<&Line> = block.header.iter().map(|&h| &lines[h]).collect();
    names_years(l)
        && !has_value_cells(l)
        && !rest_of_name(lines, l, block)
        && !under_label(l, &header)
        && (block.rows.is_empty() || dated_note(lines, l, block).is_none())
}

/// Whether each part of the line is in brackets: `（R5.3末）`, a cell's
/// note below its value, never a heading row.
fn only_brackets(l: &Line) -> bool {
    let parts: Vec<String> = match runs(l) {
        Some(runs) => runs.into_iter().map(|(_, _, t)| t).collect(),
        None => l.folded.split('\t').map(str::to_string).collect(),
    };
    parts.iter().map(|p| p.trim()).all(|p| p.starts_with('(') && p.ends_with(')'))
}

/// A cell's date on the line below its value, each part right of the
/// name's in brackets (`（R5.3末）` alone right of the names, or beside
/// `人）` ending a wrapped name): the part that names it, as written, and
/// the name's part beside it.
fn dated_note(lines: &[Line], l: &Line, block: &Block) -> Option<(String, Option<String>)> {
    let parts = runs(l)?;
    let bracketed = |t: &str| t.trim().starts_with('(') && t.trim().ends_with(')');
    let name = match parts.as_slice() {
        [_] if past_the_names(lines, l, block) == Some(true) => None,
        [(a, _, _), (b, _, _), ..] => {
            let indent = l.indent?;
            Some(l.raw.chars().skip(a - indent).take(b - a).collect::<String>().trim().to_string())
        }
        _ => return None,
    };
    let right = if parts.len() == 1 { &parts[..] } else { &parts[1..] };
    if !right.iter().all(|(_, _, t)| bracketed(t)) {
        return None;
    }
    Some((date_in_cell(l)?, name))
}

/// The first of the parts right of the name that names a date
/// (`10人（R5.3末）`, `R5.3末`, or a line of `（R5.3末）` alone), as written.
fn date_in_cell(l: &Line) -> Option<String> {
    let parts: Vec<(usize, usize)> = match runs(l) {
        Some(runs) => runs.into_iter().map(|(a, b, _)| (a, b)).collect(),
        None => return None,
    };
    let indent = l.indent?;
    let skip = usize::from(!only_brackets(l));
    parts.into_iter().skip(skip).find_map(|(a, b)| {
        let raw: String = l.raw.chars().skip(a - indent).take(b - a).collect();
        let folded: Vec<char> = lines_key(&raw).chars().collect();
        let dated = (0..folded.len()).any(|i| {
            year_mark_at(&folded, i).is_some_and(|(m, _)| !matches!(m, YearMark::MonthOnly(_)))
        });
        dated.then_some(raw)
    })
}

/// A date in a cell, where a value or `-` alone stands.
fn dated_cell(cell: &str) -> String {
    tr(
        format!(
            "「{cell}」: 表のセルに日付があります。セルには値（10 人など）か - だけを書けます。日付はその列の見出しに書き（基準値（R5.3末） など）、セルからは除いてください"
        ),
        format!(
            "「{cell}」: a cell of the table holds a date, where a value (10 人) or - stands alone; write the date in its column's heading (such as 基準値（R5.3末）) and leave it out of the cells"
        ),
    )
}

/// The first cell of a line whose number has a bound after it, glued
/// (`50%以上`) or apart (`25 件以下`, as `pdftotext -layout` writes
/// `25件以下`), with the bound.
fn bounded(raw: &str) -> Option<(String, &'static str)> {
    let tokens: Vec<&str> = raw.split_whitespace().collect();
    tokens.iter().enumerate().find_map(|(i, t)| {
        let folded = lines::fold(t);
        if let Some(b) = bound_in(&folded) {
            return Some(((*t).to_string(), b));
        }
        let next = tokens.get(i + 1)?;
        let unit = lines::fold(next);
        let b = bound_after(&unit)?;
        let apart = unit.chars().count() <= 6 && !unit.chars().any(|c| c.is_ascii_digit());
        (super::cells::number(&folded).is_some() && apart).then(|| (format!("{t} {next}"), b))
    })
}

/// A cell whose number has a bound after it (`50%以上`).
fn bounded_cell(cell: &str, bound: &str) -> String {
    tr(
        format!(
            "「{cell}」: セルの「{bound}」は単位ではなく、目標値として読めません。値は数と単位だけ（50%）で書いてください。目標が下限でなく上限（以下・未満）なら、ＫＰＩは少ないほど良いものとして --lower-is-better \"ＫＰＩ名\" を付けてください"
        ),
        format!(
            "「{cell}」: 「{bound}」 in a cell is no unit and cannot be read as a target; write the number and its unit alone (50%), and if the target is a most (以下, 未満) rather than a least, give --lower-is-better \"KPI name\" for a KPI to bring down"
        ),
    )
}

/// A line reaching into the values' columns with rows of the table still
/// below it.
fn between_rows(raw: &str) -> String {
    tr(
        format!(
            "「{raw}」は表の行の間にあり、値の欄まで伸びているためＫＰＩの名前の一部ではありません。表の後の文なら表の後に移し、そうでなければテキストから除いてください"
        ),
        format!(
            "「{raw}」 stands between the table's rows and reaches into the values' columns, so it is no part of a KPI's name; if it is text after the table, move it there, else remove it from the text"
        ),
    )
}

/// Whether a line that names a year below a block's rows is the rest of
/// a KPI's name, not the heading of the table's next block: one part,
/// standing where the names begin, its years in brackets (`（令和３年度開始）`
/// below `補助件数  0  2  4`), where a heading's dates stand right of the
/// names, or in a cell of their own. It was taken for a heading without
/// rows, and the name cut short without a word.
fn rest_of_name(lines: &[Line], l: &Line, block: &Block) -> bool {
    let one_part = runs(l).is_some_and(|runs| runs.len() == 1);
    let in_brackets = !years_outside_brackets(l);
    let names_at = block
        .rows
        .last()
        .and_then(|(at, _)| lines.iter().find(|x| x.number == *at))
        .map(|row| row.indent.unwrap_or(0));
    one_part && in_brackets && l.indent.zip(names_at).is_some_and(|(here, names)| here <= names)
}

/// Whether the line names a year outside brackets: `令和元年度実績`, not
/// `（令和３年度開始）`.
fn years_outside_brackets(l: &Line) -> bool {
    let mut depth = 0usize;
    let outside: String = l
        .folded
        .chars()
        .filter(|c| match c {
            '(' => {
                depth += 1;
                false
            }
            ')' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        })
        .collect();
    read_lines(&outside).first().is_some_and(names_years)
}

/// Whether the line closes a bracket the heading left open, `度）` below
/// `（令和４年` below `基準値`: a heading cell wrapped over three lines.
fn closes_heading_bracket(lines: &[Line], block: &Block, l: &Line) -> bool {
    let heading: String = block.header.iter().map(|&h| lines[h].raw.as_str()).collect();
    open_bracket(&heading) && closes_bracket(&l.raw) && !has_cells(l)
}

/// The lines right above a table's first line of dates (no blank line
/// between) that continue its heading: a cell's text the converter put
/// higher than the dates, `基準値` above `ＫＰＩ 令和3年3月末 …`.
fn heading_above(lines: &[Line], start: usize, first: usize) -> Vec<usize> {
    let mut above = Vec::new();
    let mut j = first;
    while j > start + 1 {
        j -= 1;
        let l = &lines[j];
        if l.is_blank() || legend(l).is_some() || has_cells(l) || !continues_heading(l) {
            break;
        }
        above.push(j);
    }
    above.reverse();
    above
}

/// Whether a table's cells stand one per line, as plain `pdftotext`
/// (without -layout) and a word processor's "save as text" leave them:
/// three lines or more of a value alone and flush left (`120`, `120人`, or
/// `120 人` with its unit set apart, as plain pdftotext writes a number
/// before a full-width unit), and no line with two values. A heading's date whose
/// digits pdftotext set apart (`令和 3 年 3 月末`) holds no values.
fn one_cell_per_line(lines: &[Line]) -> bool {
    let mut alone = 0;
    for l in lines {
        if names_years(l) {
            continue;
        }
        let tokens: Vec<&str> = l.folded.split_whitespace().collect();
        let cells = tokens.iter().filter(|t| is_cell(t) && !is_dash(t)).count();
        if cells >= 2 {
            return false;
        }
        // Flush left, as plain pdftotext writes it: in a -layout text a
        // value standing alone right of the names is a row's own (a name
        // above it, in a table of one target).
        let flush_left = l.indent.is_none_or(|i| i == 0);
        let value_alone = flush_left
            && match tokens.as_slice() {
                [_] => cells == 1,
                [value, unit] => cells == 1 && is_cell(value) && is_cell(&format!("{value}{unit}")),
                _ => false,
            };
        if value_alone {
            alone += 1;
        }
    }
    alone >= 3
}

fn one_per_line_message() -> String {
    tr(
        "ＫＰＩの表のセルが１行に１つずつ並んでいて、どの値がどのＫＰＩのどの年度のものか読めません（-layout を付けない pdftotext や、Word・LibreOffice の「テキストとして保存」はこの形になります）。計画の PDF から pdftotext -layout 計画.pdf 計画.txt でテキストにしてください",
        "the KPI table's cells stand one per line, so which value belongs to which KPI and year cannot be read (plain pdftotext without -layout, and a word processor's \"save as text\", leave a table so); make the text from the plan's PDF with pdftotext -layout plan.pdf plan.txt",
    )
}

/// Whether the line at `i` goes on with the legend line right above it
/// (`ＫＰＩ② 町内産の食材を使用した…に占める` / `割合`, wrapped at the page's
/// edge); the legend is then read again from its lines joined.
fn legend_goes_on(lines: &[Line], i: usize, legends: &mut [(usize, Legend)]) -> bool {
    let Some((at, g)) = legends.last_mut() else { return false };
    let first = *at - 1;
    let goes_on = |l: &Line| {
        !l.is_blank()
            && !l.raw.contains('。')
            && !l.raw.starts_with(['【', '※'])
            && !has_cells(l)
            && !names_years(l)
            && !continues_heading(l)
            && legend(l).is_none()
    };
    if first >= i || !lines[first + 1..=i].iter().all(goes_on) {
        return false;
    }
    let joined = join_wrapped(lines[first..=i].iter().map(|l| l.raw.as_str()));
    match legend(&read_lines(&joined)[0]) {
        Some(whole) => {
            *g = whole;
            true
        }
        None => false,
    }
}

/// Whether the line at `i` is no part of the table: blank, a rule of
/// dashes, a note, a page number. A lone number below a name that waits
/// for its values is those values, unless it stands at a page break
/// (refused: it may be the page's number).
fn passed_over(
    lines: &[Line],
    i: usize,
    pending: Option<&(usize, String)>,
    errors: &mut Vec<TextError>,
) -> bool {
    let l = &lines[i];
    let text = l.folded.trim();
    let name_goes_on = footnote_before_bracket(text).is_some() && i > 0 && !lines[i - 1].is_blank();
    if text.is_empty()
        || text.split_whitespace().all(is_dash)
        || (text.starts_with(['※', '*']) && !name_goes_on)
        || text.starts_with("注")
    {
        return true;
    }
    if !is_page_number(l) {
        return false;
    }
    if pending.is_some() && at_page_break(lines, i) {
        errors.push(TextError::at(l.number, page_number_or_value(l, pending)));
    }
    pending.is_none() || at_page_break(lines, i)
}

/// The length of the footnote mark a wrapped name's line begins with,
/// glued to the bracket that goes on with the name: `※1（単位：` below
/// `移住者数`, the name's cell being `移住者数※1（単位：人）`. A note's text
/// begins with words (`※1 転入時アンケート…`).
fn footnote_before_bracket(folded: &str) -> Option<usize> {
    let rest = folded.strip_prefix(['※', '*'])?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    rest[digits..].starts_with('(').then_some(1 + digits)
}

/// A lone number at a page break after a name that waits for its values.
fn page_number_or_value(l: &Line, pending: Option<&(usize, String)>) -> String {
    let (raw, name) = (&l.raw, pending.map_or("", |(_, n)| n.as_str()));
    tr(
        format!(
            "「{raw}」がページ番号か「{name}」の値か決められません。テキストを編集して、ＫＰＩ名と値を同じ行に書いてください"
        ),
        format!(
            "「{raw}」 may be a page number or the value of 「{name}」; edit the text so that the KPI's name and values stand on one line"
        ),
    )
}

/// A line with cells that is not a row of `n` cells: what a row needs
/// (targets, or values in the increase layout).
fn unreadable_row(raw: &str, n: usize, targets: bool) -> String {
    let (ja, en) = if targets { ("目標値", "targets") } else { ("値", "values") };
    tr(
        format!(
            "このＫＰＩの行を読めません: 「{raw}」。ＫＰＩ名と {n} 列分の{ja}（10 人、- など）が必要です"
        ),
        format!(
            "cannot read this KPI row: 「{raw}」; expected a name and {n} {en} such as 10 人 or -"
        ),
    )
}

fn n_of(block: &Block) -> usize {
    block.columns.as_ref().map_or(0, Columns::count)
}

/// A line read as a row of the block's columns, with its 単位 column.
fn row_in(l: &Line, block: &Block) -> Option<Row> {
    if block.columns.as_ref().is_some_and(|c| c.unit) {
        read_row_with_unit(l, n_of(block))
    } else {
        read_row(l, n_of(block))
    }
}

/// A line read as a row, if it is one.
struct RowAt(Option<Row>);

/// A line read as a row of the block's columns, a number that ends its
/// name's first part within the name column taken into the name
/// (`空き家対策第 2`); `None` (reported) when that leaves the row a value
/// short, which it would not be with the number as its first value.
fn row_at(
    l: &Line,
    block: &Block,
    names_width: usize,
    errors: &mut Vec<TextError>,
) -> Option<RowAt> {
    let Some(in_name) = with_number_in_name(l, names_width) else {
        return Some(RowAt(row_in(l, block)));
    };
    let read = row_in(&in_name, block);
    if read.is_none() && row_in(l, block).is_some() {
        errors.push(TextError::at(l.number, number_in_name(&l.raw, n_of(block))));
        return None;
    }
    Some(RowAt(read))
}

/// Why a line with cells is not a row of the block's columns.
fn not_a_row(l: &Line, block: &Block) -> String {
    if let Some(cell) = date_in_cell(l) {
        return dated_cell(&cell);
    }
    if let Some((cell, bound)) = bounded(&l.raw) {
        return bounded_cell(&cell, bound);
    }
    let n = n_of(block);
    if read_row(l, n + 1).is_some() {
        return more_values(&l.raw, n, block.columns.as_ref());
    }
    let increments = block.columns.as_ref().is_some_and(|c| c.increments);
    unreadable_row(&l.raw, n, !increments)
}

/// A row with one value more than the heading names columns: a column
/// whose heading was not read, which would shift every value.
fn more_values(raw: &str, n: usize, columns: Option<&Columns>) -> String {
    let names: Vec<String> = columns
        .map(|c| {
            let mut names: Vec<String> =
                c.baseline.iter().filter(|_| !c.baseline_last).cloned().collect();
            names.extend(c.years.iter().map(|fy| fy.wareki()));
            if c.total {
                names.push("KPI増加分の累計".into());
            }
            names.extend(c.baseline.iter().filter(|_| c.baseline_last).cloned());
            names
        })
        .unwrap_or_default();
    let m = n + 1;
    tr(
        format!(
            "「{raw}」には値が {m} 個ありますが、表の見出しから読めた列は {n} 列（{}）です。見出しの読めない列（基準値や現状値の列など）があると値がずれるため、その列の見出しを 基準値 としてください",
            names.join("、")
        ),
        format!(
            "「{raw}」 has {m} values but the table's heading names {n} columns ({}); a column whose heading was not read (a baseline?) would shift every value: head that column 基準値",
            names.join(", ")
        ),
    )
}

/// Settles a block's columns from its heading lines; `false` (reported)
/// when they cannot be read.
fn settle(block: &mut Block, lines: &[Line], errors: &mut Vec<TextError>) -> bool {
    let header: Vec<&Line> = block.header.iter().map(|&h| &lines[h]).collect();
    let at = lines[block.header[0]].number;
    match columns(&header) {
        Ok(c) if !c.years.is_empty() => {
            block.columns = Some(c);
            true
        }
        Ok(_) => {
            errors.push(TextError::at(
                at,
                tr(
                    "ＫＰＩの表の見出しに年度がありません。平成30年3月末、2020年3月末、2019年度増加分 のような日付が必要です",
                    "the KPI table's heading names no year; expected dates such as 平成30年3月末, 2020年3月末 or 2019年度増加分",
                ),
            ));
            false
        }
        Err(e) => {
            errors.push(TextError::at(at, e));
            false
        }
    }
}

/// Names wrapped below their values. A table whose cells are aligned to
/// the top puts a name's first line beside its values and the rest below;
/// one centred or aligned to the bottom puts the head of the next name
/// there too: `A 1 2` / `B` / `C 3 4` is `A B` and `C`, or `A` and `B C`.
/// The lines between two rows are the rest of the name above only when
/// the last of them ends a name: shorter than the name column (a head
/// line fills it), or closing a bracket, or starting with one (a name
/// starts with neither). Lines after the last row are its own.
#[derive(Debug, Default)]
struct Wraps {
    /// The widest part of a name on one line: the name column's width.
    width: usize,
    /// Each run of lines taken as the rest of the name above.
    gaps: Vec<Gap>,
    /// Whether the last gap follows the last row so far.
    open: bool,
    /// The lines of names that cannot be told apart: see
    /// `refused_for_names`.
    unclear: Vec<TextError>,
}

#[derive(Debug)]
struct Gap {
    first: (usize, String),
    last: String,
    /// Whether a line of it was taken by position alone, not a bracket.
    unsure: bool,
}

impl Wraps {
    /// A part of a name on one line, its width counted without the spaces
    /// PDF-to-text puts inside words or leaves for a 全角 space
    /// (`移住   定住者数` is no wider than `移住定住者数`).
    fn name_part(&mut self, text: &str) {
        self.width = self.width.max(letters(text));
    }

    fn row(&mut self, name_part: &str) {
        self.name_part(name_part);
        self.open = false;
    }

    fn below(&mut self, l: &Line, unsure: bool) {
        self.name_part(&l.raw);
        match self.gaps.last_mut() {
            Some(gap) if self.open => {
                gap.last.clone_from(&l.raw);
                gap.unsure |= unsure;
            }
            _ => {
                self.gaps.push(Gap {
                    first: (l.number, l.raw.clone()),
                    last: l.raw.clone(),
                    unsure,
                });
                self.open = true;
            }
        }
    }

    /// Refuses a table whose wrapped lines may belong to the row below,
    /// unless the user said its cells are aligned to the top.
    fn check(&mut self, top_aligned: bool) {
        if top_aligned {
            return;
        }
        let between = self.gaps.len() - usize::from(self.open);
        let ends_a_name = |t: &str| {
            letters(t) + 2 <= self.width || t.starts_with(['（', '(']) || closes_bracket(t)
        };
        if let Some(gap) = self.gaps[..between].iter().find(|g| g.unsure && !ends_a_name(&g.last)) {
            let (line, raw) = &gap.first;
            self.unclear.push(TextError::at(
                *line,
                tr(
                    format!(
                        "「{raw}」が上のＫＰＩの名前の続きか、下のＫＰＩの名前の始まりか決められません（セルを上下中央や下に揃えた表では、名前が値の行の上にも分かれます）。PDF の表でセルが上揃え（名前の１行目が値と同じ高さ）なら --top-aligned を付けてください。そうでなければ{}",
                        ONE_LINE.0
                    ),
                    format!(
                        "「{raw}」 may be the rest of the KPI name above or the start of the one below (a table whose cells are centred or aligned to the bottom wraps a name above its values too); if the PDF's table has its cells aligned to the top (each name's first line level with its values), give --top-aligned; otherwise {}",
                        ONE_LINE.1
                    ),
                ),
            ));
        }
    }
}

/// The characters of a text but its spaces.
fn letters(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// What to do about a name whose lines cannot be told apart.
const ONE_LINE: (&str, &str) = (
    "テキストを編集して各ＫＰＩの名前を値と同じ１行に書くか、Word などで表のセルを上揃えにして PDF を作り直してください",
    "edit the text so that each KPI's name stands whole on the line of its values, or align the table's cells to the top in the word processor and make the PDF again",
);

/// What the reading of a table keeps between lines, for a line of words.
struct Words<'a> {
    /// A name whose values are on a later line.
    pending: &'a mut Option<(usize, String)>,
    /// The last line that belonged to a row.
    last_line: &'a mut usize,
    wraps: &'a mut Wraps,
    any_rows: bool,
    lines: &'a [Line],
}

/// A line of words without cells: the rest of the name above, a name
/// whose values follow, or prose after the table (`false`: the table has
/// ended).
fn words(
    l: &Line,
    next: Option<&Line>,
    block: &mut Block,
    state: &mut Words,
    errors: &mut Vec<TextError>,
) -> bool {
    let n = n_of(block);
    let previous_open = previous_open(block);
    let append = |block: &mut Block| {
        if let Some((_, last)) = block.rows.last_mut() {
            // The footnote mark is no part of the name: `※1（単位：`.
            let mark = footnote_before_bracket(&l.folded).unwrap_or(0);
            let rest: String = l.raw.chars().skip(mark).collect();
            last.name = squeeze(&format!("{}{rest}", last.name));
        }
    };
    let next_takes = next_takes(l, next, block);
    let below_row = below_row(l, block, *state.last_line);
    if let Some((cell, name)) = dated_note(state.lines, l, block).filter(|_| !block.rows.is_empty())
    {
        // The name's part beside it is the rest of the name above.
        if let (Some(part), Some((_, last))) = (name, block.rows.last_mut()) {
            last.name = squeeze(&format!("{}{part}", last.name));
        }
        errors.push(TextError::at(l.number, dated_cell(&cell)));
        return true;
    }
    let past = || past_the_names(state.lines, l, block) == Some(true);
    let no_row_after = next.is_none_or(|n| row_in(n, block).is_none());
    if state.pending.is_some() {
        errors.push(TextError::at(l.number, unreadable_row(&l.raw, n, false)));
    } else if previous_open {
        *state.last_line = l.number;
        state.wraps.below(l, false);
        append(block);
    } else if next_takes {
        *state.pending = Some((l.number, l.raw.clone()));
    } else if below_row && past() {
        // Reaching into the values' columns where no name's line does: a
        // cell's date below its value, or text. Right under the table, the
        // table has ended: it was taken into the last name
        // (「観光客数令和元年度実績を基準とする」).
        if table_goes_on(state.lines, l, block) {
            errors.push(TextError::at(l.number, between_rows(&l.raw)));
        } else {
            return false;
        }
    } else if below_row && no_row_after && years_outside_brackets(l) {
        // Within the name column: the rest of the last name, or text?
        let name = block.rows.last().map_or("", |(_, r)| r.name.as_str());
        errors.push(TextError::at(l.number, under_the_last_row(&l.raw, name)));
    } else if below_row {
        // Right below its row, without a blank line: the rest of its name
        // (`内生産量（単` below `木質チップの村 120 200`), as a table whose
        // cells are aligned to the top lays it out; one aligned to the
        // bottom puts the head of the next name there.
        *state.last_line = l.number;
        state.wraps.below(l, true);
        append(block);
    } else if open_bracket(&l.raw) {
        *state.pending = Some((l.number, l.raw.clone()));
    } else if state.any_rows || !block.rows.is_empty() {
        return false;
    } else if next.is_some() {
        state.wraps.unclear.push(TextError::at(l.number, between_heading_and_rows(&l.raw)));
    }
    true
}

/// Why a line with cells that is no row is refused, and whether for a
/// name whose lines cannot be told apart; `None` for a line without
/// cells, and for a name's line that begins with a number (`10 回）の受講`)
/// which `words` takes into a name.
fn cells_refused(
    lines: &[Line],
    l: &Line,
    next: Option<&Line>,
    block: &Block,
    pending: bool,
    last_line: usize,
) -> Option<(String, bool)> {
    if !has_cells(l) {
        return None;
    }
    let in_names = leads_with_number(l) && in_name_column(lines, l, block, next);
    if !in_names {
        return Some((not_a_row(l, block), false));
    }
    if !pending && goes_into_a_name(l, next, block, last_line) {
        return None;
    }
    // Before the first row, as a centred table puts a name's head.
    Some(if block.rows.is_empty() && !pending {
        (between_heading_and_rows(&l.raw), true)
    } else {
        (number_led_name(&l.raw), false)
    })
}

/// Whether the last row's name has a bracket left open.
fn previous_open(block: &Block) -> bool {
    block.rows.last().is_some_and(|(_, r)| open_bracket(&r.name))
}

/// Whether the row below takes this line: its values have no name of
/// their own, or its name closes the bracket this line opens.
fn next_takes(l: &Line, next: Option<&Line>, block: &Block) -> bool {
    next.and_then(|n| row_in(n, block))
        .is_some_and(|r| r.name.is_empty() || open_bracket(&l.raw) && closes_bracket(&r.name))
}

/// Whether the line, one part, reaches past where the values of the last
/// row begin: a name's line stays within the name column.
fn past_the_names(lines: &[Line], l: &Line, block: &Block) -> Option<bool> {
    let parts = runs(l)?;
    let [(_, end, _)] = parts.as_slice() else { return None };
    let (at, _) = block.rows.last()?;
    // The line of the row's values, each in a part of its own: the first
    // of them (a name may begin with a number: `2020 年度比の`).
    let cells = n_of(block) + usize::from(block.columns.as_ref().is_some_and(|c| c.unit));
    let (row, read) =
        lines.get(at - 1..l.number - 1)?.iter().find_map(|r| Some((r, row_in(r, block)?)))?;
    let parts = runs(row)?;
    // A name set apart from its value by one space shares its part.
    let first = parts.len().checked_sub(cells + usize::from(!read.name.is_empty()))?;
    Some(*end > parts[first + usize::from(!read.name.is_empty())].0)
}

/// A line naming a year right under a table's last row, within the name
/// column: the rest of the name, or text after the table.
fn under_the_last_row(raw: &str, name: &str) -> String {
    tr(
        format!(
            "「{raw}」は表の最後の行のすぐ下にあり、括弧の外で年度を示しているため、ＫＰＩ「{name}」の名前の続きか、表の後の文か決められません。表の後の文なら表との間に空行を入れ、名前の続きならテキストを編集して名前を値と同じ１行に書いてください"
        ),
        format!(
            "「{raw}」 stands right under the table's last row and names a year outside brackets: it may be the rest of the name 「{name}」 or a line of text after the table; if it is text, put a blank line between it and the table; if it is part of the name, edit the text so that the name stands whole on the line of its values"
        ),
    )
}

/// Whether rows of the block, or the heading of another block, stand
/// below the line (`lines` ending with the table's section).
fn table_goes_on(lines: &[Line], l: &Line, block: &Block) -> bool {
    lines
        .get(l.number..)
        .unwrap_or_default()
        .iter()
        .any(|x| row_in(x, block).is_some() || (names_years(x) && !x.folded.contains('。')))
}

/// Whether the line stands right below a row, without a blank line.
fn below_row(l: &Line, block: &Block, last_line: usize) -> bool {
    block.rows.last().is_some() && last_line + 1 == l.number && !l.raw.contains('。')
}

/// Whether `words` takes the line into a name (the one above or below)
/// rather than ending the table, when no name waits for its values.
fn goes_into_a_name(l: &Line, next: Option<&Line>, block: &Block, last_line: usize) -> bool {
    previous_open(block)
        || next_takes(l, next, block)
        || below_row(l, block, last_line)
        || open_bracket(&l.raw)
}

/// Whether the line starts no further right than the names do (the line
/// of the last row's name, or else the next line): a value stands in its
/// column, right of the names, so `10 回）の受講` there is a name's line.
fn in_name_column(lines: &[Line], l: &Line, block: &Block, next: Option<&Line>) -> bool {
    let row_line = |at: usize| lines.iter().find(|x| x.number == at);
    let anchor = block.rows.last().and_then(|(at, _)| row_line(*at)).or(next);
    match (l.indent, anchor.and_then(|a| a.indent)) {
        (Some(here), Some(names)) => here <= names,
        _ => false,
    }
}

/// A line of a name that begins with a number, which cannot be told from
/// a row of values where it stands.
fn number_led_name(raw: &str) -> String {
    tr(
        format!(
            "「{raw}」は数字で始まるため値の行として読まれましたが、どのＫＰＩの行としても読めません。ＫＰＩ名の続きの行（「全10回）の受講」のような名前の一部）なら、テキストを編集してその名前を値と同じ１行につなげてください"
        ),
        format!(
            "「{raw}」 begins with a number and was taken for a row of values, but it is no KPI row; if it is a line of a KPI's name (such as 全10回）の受講), edit the text so that the name stands whole on one line with its values"
        ),
    )
}

/// A row whose name's line ends in a number within the name column
/// (`空き家対策第 2`), which leaves the row a value short: a cell left
/// empty, or the number is a value after all.
fn number_in_name(raw: &str, n: usize) -> String {
    tr(
        format!(
            "「{raw}」の名前の後の数は名前の欄にあるためＫＰＩ名の一部として読みましたが、そうすると値が {n} 列分に足りません。空欄のセルがあれば - を書いてください。その数が値なら、テキストを編集してＫＰＩ名と値の間を２文字以上空けてください"
        ),
        format!(
            "「{raw}」: the number after the name stands within the name column and was read as part of the KPI's name, which leaves fewer than {n} values; write - in an empty cell, or, if that number is a value, edit the text so that two spaces or more stand between the name and its values"
        ),
    )
}

/// Words between a table's heading and its first row that no row takes:
/// the head of a name whose values stand lower, in a table whose cells
/// are centred or aligned to the bottom, where a name's lines cannot be
/// told from the row above's.
fn between_heading_and_rows(raw: &str) -> String {
    tr(
        format!(
            "「{raw}」は表の見出しと最初のＫＰＩの行の間にあり、どのＫＰＩの名前の一部か決められません（セルの中で上下中央や下に揃えた表では、名前が値の行の上と下に分かれます）。{}",
            ONE_LINE.0
        ),
        format!(
            "「{raw}」 stands between the table's heading and its first KPI row, and which KPI's name it is part of cannot be told (in a table whose cells are centred or aligned to the bottom, a name wraps above and below its values); {}",
            ONE_LINE.1
        ),
    )
}

/// Joins the blocks of a table: the first gives the rows, the others add
/// columns to the rows of the same name.
fn merge_blocks(line: usize, blocks: Vec<Block>, errors: &mut Vec<TextError>) -> Table {
    let layout = if blocks.iter().any(|b| b.columns.as_ref().is_some_and(|c| c.increments)) {
        Layout::Increments
    } else {
        Layout::Targets
    };
    let baseline_label = blocks.iter().find_map(|b| b.columns.as_ref()?.baseline.clone());
    let mut years: Vec<FiscalYear> = Vec::new();
    let mut rows: Vec<TableRow> = Vec::new();
    let mut units: Vec<Vec<(usize, String)>> = Vec::new();
    let first = blocks.first().and_then(|b| b.columns.clone());
    for (b, block) in blocks.into_iter().enumerate() {
        let Some(cols) = block.columns else { continue };
        // The heading repeated atop the next page (Word's 「タイトル行の繰り
        // 返し」): more rows of the same columns.
        let repeated = b > 0 && first.as_ref() == Some(&cols);
        for fy in &cols.years {
            if repeated {
                break;
            }
            if years.contains(fy) {
                errors.push(TextError::at(
                    line,
                    tr(
                        format!("ＫＰＩの表に同じ年度（{}）の列が二つあります", fy.wareki()),
                        format!("the KPI table names fiscal year {} twice", fy.0),
                    ),
                ));
            } else {
                years.push(*fy);
            }
        }
        for (row_line, row) in block.rows {
            let at = if b == 0 || repeated {
                rows.push(TableRow {
                    line: row_line,
                    name: row.name.clone(),
                    unit: String::new(),
                    baseline: None,
                    values: BTreeMap::new(),
                    total: None,
                });
                units.push(Vec::new());
                rows.len() - 1
            } else if let Some(at) =
                rows.iter().position(|r| row_key(&r.name) == row_key(&row.name))
            {
                at
            } else {
                let name = &row.name;
                errors.push(TextError::at(
                    row_line,
                    tr(
                        format!("「{name}」はＫＰＩの表の続きにありますが、前の部分に同じ名前の行がありません"),
                        format!("「{name}」 continues the KPI table but no row above has that name"),
                    ),
                ));
                continue;
            };
            fill(&mut rows[at], &mut units[at], &cols, row.cells, row_line);
        }
    }
    for (row, found) in rows.iter_mut().zip(units) {
        for (l, u) in found {
            if row.unit.is_empty() {
                row.unit = u;
            } else if row.unit != u {
                let (name, first) = (&row.name, &row.unit);
                errors.push(TextError::at(
                    l,
                    tr(
                        format!("「{name}」に単位が二つあります（{first} と {u}）"),
                        format!("「{name}」 has two units, {first} and {u}"),
                    ),
                ));
                break;
            }
        }
    }
    years.sort();
    Table { line, layout, baseline_label, years, rows }
}

/// Puts a row's cells into its KPI in the order of the block's columns,
/// keeping the units written with the values.
fn fill(
    row: &mut TableRow,
    units: &mut Vec<(usize, String)>,
    cols: &Columns,
    cells: Vec<Cell>,
    line: usize,
) {
    let mut cells = cells.into_iter();
    let mut take = || -> Option<Quantity> {
        match cells.next()? {
            Cell::None => None,
            Cell::Value(q, u) => {
                if !u.is_empty() {
                    units.push((line, u));
                }
                Some(q)
            }
        }
    };
    if cols.baseline.is_some() && !cols.baseline_last {
        row.baseline = take();
    }
    for fy in &cols.years {
        if let Some(q) = take() {
            row.values.insert(*fy, q);
        }
    }
    if cols.total {
        row.total = take();
    }
    // `令和５年度 令和６年度 令和７年度 基準値`: the baseline was taken as the
    // first year's target, every value a column to the left.
    if cols.baseline.is_some() && cols.baseline_last {
        row.baseline = take();
    }
}

/// The key a row is matched by across blocks and tables.
#[must_use]
pub fn row_key(name: &str) -> String {
    name_key(name)
}

#[cfg(test)]
mod tests {
    use super::super::headings::find_all;
    use super::super::legends::{Legend, RowName, row_label};
    use super::super::lines::read as read_lines;
    use super::*;

    fn table(text: &str) -> (Option<Table>, Vec<(usize, Legend)>, Vec<TextError>) {
        let lines = read_lines(text);
        let headings = find_all(&lines);
        let mut legends = Vec::new();
        let mut errors = Vec::new();
        let t = read(&lines, &headings, 0, false, &mut legends, &mut errors);
        (t, legends, errors)
    }

    /// Each row's name, baseline and value of `fy`, as a test compares them.
    fn name_baseline_and(t: &Table, fy: u16) -> Vec<(String, Option<Quantity>, Option<Quantity>)> {
        let fy = FiscalYear(fy.into());
        t.rows.iter().map(|r| (r.name.clone(), r.baseline, r.values.get(&fy).copied())).collect()
    }

    fn q(n: i64) -> Quantity {
        Quantity::units(n)
    }

    #[test]
    fn a_table_of_target_dates_with_a_baseline_split_over_two_lines() {
        let (t, _, errors) = table(
            "【数値目標】\n\t基準値\t平成29年\t平成30年\n\t（平成27年度）\t3月末\t3月末\n観光客数\t900人\t1,000人\t1,100人\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let t = t.expect("table");
        assert_eq!(t.layout, Layout::Targets);
        assert_eq!(t.baseline_label.as_deref(), Some("基準値（平成27年度）"));
        assert_eq!(t.years, [FiscalYear(2016), FiscalYear(2017)]);
        assert_eq!(t.rows[0].baseline, Some(q(900)));
        assert_eq!(t.rows[0].values.get(&FiscalYear(2017)), Some(&q(1100)));
    }

    /// Word's "save as text" of a table whose year cells hold two lines:
    /// the lines of a row by tabs, an empty cell an empty place between
    /// them. Read line by line, `2024年度` met `（令和5年度）` and the
    /// heading was refused for two calendars naming different years.
    #[test]
    fn a_tab_separated_heading_over_two_lines_is_read_column_by_column() {
        let (t, _, errors) = table(
            "【数値目標】\nＫＰＩ\t基準値\t2023年度\t2024年度\n\t（令和4年度）\t（令和5年度）\t（令和6年度）\n移住者数（人）\t10\t12\t14\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let t = t.expect("table");
        assert_eq!(t.baseline_label.as_deref(), Some("基準値（令和4年度）"));
        assert_eq!(t.years, [2023, 2024].map(FiscalYear));
        assert_eq!(t.rows[0].values.get(&FiscalYear(2024)), Some(&q(14)));
        let (t, _, errors) = table(
            "【数値目標】\nＫＰＩ\t基準値\t2023年度\t2024年度\n\t\t（令和5年度）\t（令和6年度）\n移住者数（人）\t10\t12\t14\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let t = t.expect("table");
        assert_eq!(t.baseline_label.as_deref(), Some("基準値"));
        assert_eq!(t.years, [2023, 2024].map(FiscalYear));
    }

    /// LibreOffice's PDF of a Word table centred in its cells, as
    /// `pdftotext -layout` gives it: the year cells wrap (`令和 4 年` /
    /// `度`) and the label `ＫＰＩ` stands on the heading's middle line.
    /// It ended the heading, whose years lacked their 度, and the plan was
    /// refused for a heading without a year.
    #[test]
    fn a_centred_label_on_the_middle_line_of_a_three_line_heading() {
        let text = "【数値目標】\n\n                    基準値（令和 3 年   令和 4 年   令和 5 年   令和 6 年\nＫＰＩ\n                    度）           度        度        度\n新規創業件数（単位：件）        3            5        5        6\n移住者数の累計（単位：人）       0            20       45       70\n";
        let (t, _, errors) = table(text);
        assert!(errors.is_empty(), "{errors:?}");
        let t = t.expect("table");
        assert_eq!(t.baseline_label.as_deref(), Some("基準値（令和3年度）"));
        assert_eq!(t.years, [2022, 2023, 2024].map(FiscalYear));
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].baseline, Some(q(3)));
        assert_eq!(t.rows[1].values.get(&FiscalYear(2024)), Some(&q(70)));
    }

    #[test]
    fn an_increase_table_in_two_blocks_with_legends() {
        let (t, legends, errors) = table(
            "【数値目標】\nＫＰＩ１ 移住者数（単位：人）\n事業開始前 平成28年度 平成29年度\n（現時点） （１年目） （２年目）\nＫＰＩ１ 0 10 10\n平成30年度 KPI増加分\n（３年目） の累計\nＫＰＩ１ 10 30\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let t = t.expect("table");
        assert_eq!(t.layout, Layout::Increments);
        assert_eq!(t.baseline_label.as_deref(), Some("事業開始前（現時点）"));
        assert_eq!(t.years, [2016, 2017, 2018].map(FiscalYear));
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].total, Some(q(30)));
        assert_eq!(t.rows[0].values.len(), 3);
        assert_eq!(row_label(&t.rows[0].name), Some(RowName::Label(1, String::new())));
        assert_eq!(legends[0].1, Legend { label: 1, name: "移住者数".into(), unit: "人".into() });
    }

    /// The first row below the heading, its KPI's name with a year in it
    /// (`（R2補助）`, `（令和2年補助）`), is that KPI's row: it was read as
    /// more of the heading, and the KPI left out without a word.
    #[test]
    fn a_first_row_whose_name_holds_a_year_is_a_row() {
        for name in ["空き店舗（R2補助）件数", "空き店舗（令和2年補助）件数", "H30比の移住者数"]
        {
            let text = format!(
                "【数値目標】\n            令和3年3月末   令和4年3月末\n{name}     5件     8件\n移住者数       10人    20人\n"
            );
            let (t, _, errors) = table(&text);
            assert!(errors.is_empty(), "{name}: {errors:?}");
            let names: Vec<String> = t.expect("table").rows.into_iter().map(|r| r.name).collect();
            assert_eq!(names, [name, "移住者数"], "{name}");
        }
    }

    /// A name's line below its values that names a year in brackets
    /// (`（令和３年度開始）`) is the rest of the name: it was taken for the
    /// heading of another block, and the plan refused, or, below the last
    /// row, the name cut short without a word. A block's heading of dates
    /// there is still one.
    #[test]
    fn a_name_s_line_with_a_year_in_brackets_below_its_values_is_the_name_s() {
        let (t, _, errors) = table(
            "【数値目標】\n            令和3年3月末   令和4年3月末\n補助件数        5件        8件\n（令和３年度開始）\n移住者数        10人       20人\n（R5年度開始）\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<String> = t.expect("table").rows.into_iter().map(|r| r.name).collect();
        assert_eq!(names, ["補助件数（令和３年度開始）", "移住者数（R5年度開始）"]);

        let (t, _, errors) = table(
            "【数値目標】\n            令和3年3月末   令和4年3月末\n移住者数        5人        8人\n            令和5年3月末\n移住者数        9人\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(t.expect("table").years.len(), 3);
    }

    /// The 基準値 column right of the years: its value was taken as the
    /// first year's target and every value shifted a column to the left.
    /// Between the years, or after a 累計, it is refused.
    #[test]
    fn a_baseline_column_right_of_the_years_holds_the_baseline() {
        let (t, _, errors) = table(
            "【数値目標】\nＫＰＩ        令和5年度    令和6年度    基準値\n移住者数        12人        14人        10人\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let row = &t.expect("table").rows[0];
        assert_eq!(row.baseline, Some(q(10)));
        assert_eq!(row.values.get(&FiscalYear(2023)), Some(&q(12)));
        assert_eq!(row.values.get(&FiscalYear(2024)), Some(&q(14)));

        // The target before the baseline, each with its year in brackets.
        let (t, _, errors) = table(
            "【数値目標】\n指標        目標値（令和７年度）    現状値（令和４年度）\n移住者数        200人        120人\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let t = t.expect("table");
        assert_eq!(t.baseline_label.as_deref(), Some("現状値（令和４年度）"));
        assert_eq!(t.rows[0].baseline, Some(q(120)));
        assert_eq!(t.rows[0].values.get(&FiscalYear(2025)), Some(&q(200)));

        for heading in ["令和5年度    基準値    令和6年度", "令和5年度    累計    基準値"]
        {
            let (t, _, errors) = table(&format!(
                "【数値目標】\nＫＰＩ        {heading}\n移住者数        12人        14人        10人\n"
            ));
            assert!(t.is_none(), "{heading}");
            assert!(
                errors.iter().any(|e| e.line == Some(2)
                    && e.message.contains(
                        "「基準値」 column between the years' columns or after a 累計 column"
                    )),
                "{heading}: {errors:?}"
            );
        }
    }

    #[test]
    fn a_year_of_dashes_still_exists() {
        let (t, _, _) = table(
            "【数値目標】\n2020年3月末 2021年3月末 2022年3月末\n相談件数 - 10件 -\n移住者数 - 5人 -\n",
        );
        let t = t.expect("table");
        assert_eq!(t.years, [2019, 2020, 2021].map(FiscalYear));
        assert_eq!(t.rows[0].values.len(), 1);
    }

    #[test]
    fn a_name_wrapped_below_its_values_is_refused_unless_the_last_one_shows_it() {
        // Cells aligned to the bottom: `空き家バンク登録` begins the
        // second name, but reads as the rest of the first.
        let (_, _, errors) = table(
            "【数値目標】\n基準値 令和3年3月末 令和4年3月末\n移住者数 10人 20人 30人\n空き家バンク登録\n件数 5件 6件 7件\n",
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(4));
        assert!(errors[0].message.contains("「空き家バンク登録」 may be the rest of the KPI name above or the start of the one below"), "{errors:?}");
        // Centred: a name of three lines has its values on the middle one,
        // so the head of the next name stands below the row above; its
        // lines fill the column, and the last row goes on below its values
        // as a top-aligned table's would.
        let (_, _, errors) = table(
            "【数値目標】\n基準値 令和3年3月末 令和4年3月末\n移住者数 10人 12人 14人\n空き家バンク登\n録物件の成約件 5件 6件 7件\n数\n観光客の満足度\n調査での満足と 60% 70% 75%\n回答した人割合\n",
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(4), "{errors:?}");
        // Aligned to the top: the last line of each wrapped name is short.
        let (t, _, errors) = table(
            "【数値目標】\n基準値 令和3年3月末 令和4年3月末\n空き家バンク 5件 6件 7件\n登録件数\n移住相談を経 10人 20人 30人\nた転入者数\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<String> = t.expect("table").rows.into_iter().map(|r| r.name).collect();
        assert_eq!(names, ["空き家バンク登録件数", "移住相談を経た転入者数"]);
    }

    /// A lone value of three digits or fewer below its name was passed
    /// over as a page number: the name joined the next KPI's, with that
    /// KPI's value, and the KPI was lost.
    #[test]
    fn a_lone_value_below_its_name_is_no_page_number() {
        let text = "【数値目標】\nＫＰＩ 令和4年3月末\n移住者数 30人\nテレワーク拠点の年間利用者数（単位：人）\n      300\n空き家バンク成約件数 12件\n";
        let (t, _, errors) = table(text);
        assert!(errors.is_empty(), "{errors:?}");
        let rows: Vec<(String, Option<Quantity>)> = t
            .expect("table")
            .rows
            .into_iter()
            .map(|r| (r.name, r.values.get(&FiscalYear(2021)).copied()))
            .collect();
        assert_eq!(rows[1], ("テレワーク拠点の年間利用者数（単位：人）".into(), Some(q(300))));
        assert_eq!(rows.len(), 3);
        // At a page break it may be the page's number: refused.
        let (_, _, errors) =
            table(&text.replace("      300\n", "      300\n\u{c}ＫＰＩ 令和4年3月末\n"));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("「300」 may be a page number or the value of 「テレワーク拠点の年間利用者数（単位：人）」"), "{errors:?}");
    }

    /// Read line by line, `事業開始` / `前（現時` / `点）` in narrow columns
    /// gave no baseline word, and no baseline column: the two readings
    /// differed and the heading was refused. Column by column it is whole.
    #[test]
    fn a_baseline_heading_wrapped_in_its_column_is_read_whole() {
        let (t, _, errors) = table(concat!(
            "【数値目標】\n",
            "ＫＰＩ     単位         事業開始   2024 年度   2025 年度   KPI 増加\n",
            "                   前（現時   増加分       増加分       分の累計\n",
            "                   点）     （１年       （２年\n",
            "                          目）        目）\n",
            "移住相談件数 件    120    30        30        60\n",
        ));
        assert!(errors.is_empty(), "{errors:?}");
        let t = t.expect("table");
        assert_eq!(t.baseline_label.as_deref(), Some("事業開始前（現時点）"));
        assert_eq!(t.years, [2024, 2025].map(FiscalYear));
        assert_eq!((t.rows[0].baseline, t.rows[0].total), (Some(q(120)), Some(q(60))));
        assert_eq!(t.rows[0].unit, "件");
    }

    /// A legend wrapped at the page's edge gave a name cut short.
    #[test]
    fn a_legend_wrapped_over_lines_is_read_whole() {
        let (t, legends, errors) = table(
            "【数値目標】\nＫＰＩ①   町内産の食材を使用した学校給食の提供回数が全提供回数に占める\n割合（単位：％）\n事業開始前（現時点） 2024年度増加分（１年目） KPI増加分の累計\nＫＰＩ① 30 2 2\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert!(t.is_some());
        assert_eq!(
            legends[0].1,
            Legend {
                label: 1,
                name: "町内産の食材を使用した学校給食の提供回数が全提供回数に占める割合".into(),
                unit: "%".into()
            }
        );
    }

    /// A name's line that begins with a number (`10 回）の受講`) was
    /// taken for a row of values and the table refused; it is the rest of
    /// the name where a line of words would be. A value with its unit in
    /// a value column (`10 人`, right of the names) stays refused as a
    /// row, and a number-led line that no name takes is refused saying
    /// that the name's line was taken for values.
    #[test]
    fn a_name_s_line_beginning_with_a_number_is_part_of_the_name() {
        let head = "【数値目標】\nＫＰＩ          令和3年3月末   令和4年3月末\n";
        let (t, _, errors) = table(&format!(
            "{head}ＩＣＴ講座（全   2 人        4 人\n10 回）の受講\n者数\n2020 年度比の   5 件        6 件\n観光客数\n市内の          7 件        8 件\n5G 基地局数\n"
        ));
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<String> = t.expect("table").rows.into_iter().map(|r| r.name).collect();
        assert_eq!(
            names,
            ["ＩＣＴ講座（全10回）の受講者数", "2020年度比の観光客数", "市内の5G基地局数"]
        );

        let (_, _, errors) =
            table(&format!("{head}移住者数        2 人        4 人\n                10 人\n"));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.starts_with("cannot read this KPI row: 「10 人」"), "{errors:?}");

        let (_, _, errors) =
            table(&format!("{head}移住者数        2 人        4 人\n\n10 回）の受講\n"));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(5));
        assert!(
            errors[0].message.starts_with(
                "「10 回）の受講」 begins with a number and was taken for a row of values"
            ),
            "{errors:?}"
        );
    }

    /// A year written in both calendars, `2023年度（令和5年度）`, gave its
    /// bracket to the baseline: 基準値 was shown as 基準値（令和5年度）, and
    /// `基準値（R4）` as 基準値（令和5年度） too. A bracket naming another
    /// year than its column's is refused.
    #[test]
    fn a_year_in_both_calendars_keeps_its_bracket_from_the_baseline() {
        let read = |head: &str| {
            table(&format!(
                "【数値目標】\nＫＰＩ {head} 2023年度（令和5年度） 2024年度（令和6年度）\n移住者数 10人 12人 14人\n"
            ))
        };
        let (t, _, errors) = read("基準値");
        assert!(errors.is_empty(), "{errors:?}");
        let t = t.expect("table");
        assert_eq!(t.baseline_label.as_deref(), Some("基準値"));
        assert_eq!(t.years, [2023, 2024].map(FiscalYear));
        let (t, _, _) = read("基準値（R4）");
        assert_eq!(t.expect("table").baseline_label.as_deref(), Some("基準値（R4）"));

        // Year-ends in both calendars, the 年 inside the bracket or before
        // it: refused as years without months, or the bracket shown as the
        // baseline's (基準値（令和6年）).
        for heads in [
            "2024(令和6年)3月末 2025(令和7年)3月末",
            "2024年（令和6年）3月末 2025年（令和7年）3月末",
        ] {
            let (t, _, errors) =
                table(&format!("【数値目標】\nＫＰＩ 基準値 {heads}\n移住者数 10人 12人 14人\n"));
            assert!(errors.is_empty(), "{heads}: {errors:?}");
            let t = t.expect("table");
            assert_eq!(t.baseline_label.as_deref(), Some("基準値"), "{heads}");
            assert_eq!(t.years, [2023, 2024].map(FiscalYear), "{heads}");
            assert_eq!(t.rows[0].values.get(&FiscalYear(2024)), Some(&q(14)), "{heads}");
        }

        let (t, _, errors) = table(
            "【数値目標】\nＫＰＩ 基準値 2023年度（令和4年度） 2024年度（令和6年度）\n移住者数 10人 12人 14人\n",
        );
        assert!(t.is_none());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].message.starts_with("cannot tell which fiscal year the table's heading 「2023年度（令和4年度）」 names: its 西暦 and 和暦 name different years"),
            "{errors:?}"
        );
    }

    /// `R5`, with neither 年 nor 年度, is refused naming it and the forms
    /// read; the heading was not found at all, and the plan refused as
    /// having no KPI table.
    #[test]
    fn a_year_without_nen_or_nendo_is_refused_by_name() {
        let (t, _, errors) = table("【数値目標】\nＫＰＩ 基準値 R5 R6\n移住者数 10人 12人 14人\n");
        assert!(t.is_none());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(2));
        assert!(
            errors[0].message.starts_with("cannot tell which fiscal year the table's heading 「R5」 names: it has neither 年 nor 年度")
                && errors[0].message.contains("R5年度, 2023年度, 2023(R5)年度"),
            "{errors:?}"
        );
    }

    /// A name's line with a year in it, `令和 2 年度比の`: taken for a
    /// heading row (a new block of the table) before its values, and for
    /// a row that cannot be read below them.
    #[test]
    fn a_name_s_line_naming_a_year_is_part_of_the_name() {
        let (t, _, errors) = table(
            "【数値目標】\nＫＰＩ            基準値     令和6年3月末   令和7年3月末\n観光消費額        4,500      6,000        8,000\n（令和 2 年度比）\n移住者数（単位：人）  10  12  14\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<String> = t.expect("table").rows.into_iter().map(|r| r.name).collect();
        assert_eq!(names, ["観光消費額（令和2年度比）", "移住者数（単位：人）"]);

        let (_, _, errors) = table(
            "【数値目標】\nＫＰＩ            基準値     令和6年3月末   令和7年3月末\n移住者数（単位：人）  10  12  14\n令和 2 年度比の\n観光消費額        4,500      6,000        8,000\n",
        );
        assert!(
            errors
                .iter()
                .all(|e| !e.message.contains("twice") && !e.message.contains("cannot read")),
            "{errors:?}"
        );
        // A heading's own words after its year are still a heading.
        let (t, _, errors) = table(
            "【数値目標】\nＫＰＩ 基準値 令和5年度の目標 令和6年度の目標\n移住者数 10人 12人 14人\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(t.expect("table").years, [2023, 2024].map(FiscalYear));
    }

    /// A name's line that begins with its footnote mark glued to a
    /// bracket (`※1（単位：`) goes on with the name; a note (`※1 転入時…`)
    /// is passed over.
    #[test]
    fn a_footnote_mark_before_a_bracket_goes_on_with_the_name() {
        let (t, _, errors) = table(
            "【数値目標】\nＫＰＩ 令和6年3月末 令和7年3月末\n移住者数   12   14\n※1（単位：\n人）\n※1 転入時アンケートによる\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<String> = t.expect("table").rows.into_iter().map(|r| r.name).collect();
        assert_eq!(names, ["移住者数（単位：人）"]);
    }

    /// A baseline and one target with its year in brackets
    /// (`目標値（令和７年度）`), an arrow between their values: the
    /// heading named no year, and the arrow made the row unreadable.
    #[test]
    fn a_target_s_year_in_brackets_and_an_arrow_between_values() {
        let (t, _, errors) = table(
            "【数値目標】\n重要業績評価指標       現状値（令和４年度）   目標値（令和７年度）\n移住者数           120 人      →      200 人\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let t = t.expect("table");
        assert_eq!(t.baseline_label.as_deref(), Some("現状値（令和４年度）"));
        assert_eq!(t.years, [FiscalYear(2025)]);
        assert_eq!(t.rows[0].name, "移住者数");
        assert_eq!(t.rows[0].baseline, Some(q(120)));
        assert_eq!(t.rows[0].values.get(&FiscalYear(2025)), Some(&q(200)));
    }

    /// A line of prose naming a year right above the heading row, or right
    /// below the last row, without a blank line: taken into the heading,
    /// and the table refused for its 基準値 column (not the cause); or
    /// into the last KPI's name (「観光客数令和元年度実績を基準とする」)
    /// without a word.
    #[test]
    fn prose_naming_a_year_next_to_the_table_is_no_part_of_it() {
        let rows = "移住者数        10人        12人          14人\n観光客数        100人       120人         140人\n";
        let head = "ＫＰＩ          基準値      令和6年3月末   令和7年3月末\n";
        let prose = "令和元年度実績を基準とする\n";
        for text in [format!("{prose}{head}{rows}"), format!("{head}{rows}{prose}")] {
            let (t, _, errors) = table(&format!("【数値目標】\n{text}"));
            assert!(errors.is_empty(), "{text}: {errors:?}");
            let t = t.expect("table");
            let rows = name_baseline_and(&t, 2024);
            assert_eq!(
                rows,
                [
                    ("移住者数".to_string(), Some(q(10)), Some(q(14))),
                    ("観光客数".to_string(), Some(q(100)), Some(q(140)))
                ],
                "{text}"
            );
            assert_eq!(t.years, [2023, 2024].map(FiscalYear), "{text}");
        }
        // Short enough to stand within the name column: the rest of the
        // name, or text after the table? Refused at the line.
        let (_, _, errors) = table(&format!("【数値目標】\n{head}{rows}令和元年度実績\n"));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(5));
        assert!(
            errors[0].message.starts_with("「令和元年度実績」 stands right under the table's last row and names a year outside brackets: it may be the rest of the name 「観光客数」 or a line of text after the table;"),
            "{errors:?}"
        );
    }

    /// A cell's date written below its value (`（R5.3末）` under the
    /// baseline), or in the cell beside it (`10人（R5.3末）`): refused as
    /// a date in a cell, naming where the date belongs. Below, it was
    /// taken for the heading of another block and the text refused for a
    /// heading without a year; in the row, as a row that cannot be read.
    #[test]
    fn a_date_in_a_cell_is_refused_as_such() {
        let head = "ＫＰＩ          基準値      令和6年3月末   令和7年3月末\n";
        for (rows, line, cell) in [
            (
                "移住者数        10人        12人          14人\n                （R5.3末）\n観光客数        100人       120人         140人\n",
                4,
                "（R5.3末）",
            ),
            ("移住者数        10人（R5.3末）        12人          14人\n", 3, "10人（R5.3末）"),
            ("移住者数        R5.3末        12人          14人\n", 3, "R5.3末"),
            // Beside the end of a wrapped name: the line was taken for the
            // heading of another block, and the name left open, refused
            // for having no unit.
            (
                "観光客数（単位：千      250        260               270\n人）             （R5.3 末）\n",
                4,
                "（R5.3 末）",
            ),
        ] {
            let (t, _, errors) = table(&format!("【数値目標】\n{head}{rows}"));
            assert_eq!(errors.len(), 1, "{rows}: {errors:?}");
            assert_eq!(errors[0].line, Some(line), "{rows}");
            assert!(
                errors[0]
                    .message
                    .starts_with(&format!("「{cell}」: a cell of the table holds a date")),
                "{rows}: {errors:?}"
            );
            assert!(t.is_none_or(|t| t.rows.iter().all(|r| !r.name.contains("R5"))), "{rows}");
        }
    }

    /// A line reaching into the values' columns between two rows: the
    /// table ended there, and the KPIs below it were left out.
    #[test]
    fn a_line_of_text_between_rows_never_ends_the_table() {
        let (_, _, errors) = table(
            "【数値目標】\nＫＰＩ          基準値      令和6年3月末   令和7年3月末\n移住者数        10人        12人          14人\n令和元年度実績を基準とする数値\n観光客数        100人       120人         140人\n",
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(4), "{errors:?}");
        assert!(
            errors[0]
                .message
                .starts_with("「令和元年度実績を基準とする数値」 stands between the table's rows"),
            "{errors:?}"
        );
    }

    /// A 備考 column right of the years, its notes holding numbers and
    /// dates (`R4 実績 120`, `2,000 人増`) and wrapping below: a note's
    /// number was taken for a value (refused as a column whose heading was
    /// not read, head it 基準値), its date for a date in a cell. The notes
    /// are no part of the KPIs: left out.
    #[test]
    fn a_notes_column_right_of_the_years_is_left_out() {
        let (t, _, errors) = table(concat!(
            "【数値目標】\n",
            "ＫＰＩ        基準値     令和５年度   令和６年度   令和７年度   備考\n",
            "移住者数       10      12      14      16      R4 実績 120\n",
            "（単位：                                       人\n",
            "人）\n",
            "観光客数       250     260     270     280     2,000 人増\n",
            "空き家数       3       5       7       9\n",
        ));
        assert!(errors.is_empty(), "{errors:?}");
        let t = t.expect("table");
        assert_eq!(t.years, [2023, 2024, 2025].map(FiscalYear));
        let rows = name_baseline_and(&t, 2025);
        assert_eq!(
            rows,
            [
                ("移住者数（単位：人）".to_string(), Some(q(10)), Some(q(16))),
                ("観光客数".to_string(), Some(q(250)), Some(q(280))),
                ("空き家数".to_string(), Some(q(3)), Some(q(9))),
            ]
        );
    }

    /// A heading of two rows, 目標値 merged over the years' cells and
    /// 備考 beside it on the first: the years stand on the line below, and
    /// the notes (`R3 実績 8`) were refused as a date in a cell.
    #[test]
    fn a_notes_column_beside_a_merged_target_heading_is_left_out() {
        let (t, _, errors) = table(concat!(
            "【数値目標】\n",
            "ＫＰＩ       基準値      目標値                     備考\n",
            "          （令和４年    令和５年度   令和６年度   令和７年度\n",
            "          度）\n",
            "移住者数      10       12      14      16      R3 実績 8\n",
            "（単位：\n",
            "人）\n",
            "観光客数      250      260     270     280\n",
        ));
        assert!(errors.is_empty(), "{errors:?}");
        let t = t.expect("table");
        assert_eq!(t.years, [2023, 2024, 2025].map(FiscalYear));
        let rows = name_baseline_and(&t, 2025);
        assert_eq!(
            rows,
            [
                ("移住者数（単位：人）".to_string(), Some(q(10)), Some(q(16))),
                ("観光客数".to_string(), Some(q(250)), Some(q(280))),
            ]
        );
    }

    /// The same in a text whose cells are apart by tabs.
    #[test]
    fn a_notes_column_apart_by_tabs_is_left_out() {
        let (t, _, errors) = table(concat!(
            "【数値目標】\n",
            "ＫＰＩ\t基準値\t令和５年度\t令和６年度\t備考\n",
            "移住者数（人）\t10\t12\t14\tR4 実績 120\n",
            "観光客数（人）\t250\t260\t270\t2,000\n",
        ));
        assert!(errors.is_empty(), "{errors:?}");
        let rows = name_baseline_and(&t.expect("table"), 2024);
        assert_eq!(
            rows,
            [
                ("移住者数（人）".to_string(), Some(q(10)), Some(q(14))),
                ("観光客数（人）".to_string(), Some(q(250)), Some(q(270))),
            ]
        );
    }

    /// A bound after a target (`50％以上`): refused naming the cell and
    /// what the bound is not. `50以上` was read with the unit 以上.
    #[test]
    fn a_bound_in_a_cell_is_refused_naming_it() {
        let (_, _, errors) = table(
            "【数値目標】\nＫＰＩ          基準値      令和6年3月末   令和7年3月末\n市民満足度        40        50以上          60以上\n",
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(3));
        assert!(
            errors[0].message.starts_with("「50以上」: 「以上」 in a cell is no unit"),
            "{errors:?}"
        );
        // Apart from its number, as pdftotext -layout writes 25件以下.
        let (_, _, errors) = table(
            "【数値目標】\nＫＰＩ          基準値      令和6年3月末   令和7年3月末\n空き店舗数        30 件        25 件以下          20 件以下\n",
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].message.starts_with("「25 件以下」: 「以下」 in a cell is no unit"),
            "{errors:?}"
        );
        // Every cell bounded: no plain number made the line one of cells,
        // and it was taken for words.
        let (_, _, errors) = table(
            "【数値目標】\nＫＰＩ          令和6年3月末   令和7年3月末\n市民満足度        50%以上          60%以上\n移住者数        12人          14人\n",
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].message.starts_with("「50%以上」: 「以上」 in a cell is no unit"),
            "{errors:?}"
        );
    }

    /// A 全角 space in a name, which `pdftotext -layout` leaves as three
    /// spaces (as in 「上山村   森林資源を…」), on a centred name's line
    /// above its values: its two parts were taken for pieces of the
    /// heading's cells, and the name was lost (「a KPI row without a
    /// name」); taken as the name, its spaces made the name column seem
    /// wide enough for the next name's head to be this one's rest
    /// (「移住定住者数（町外から）空き家バンク」 and 「成約件数」). Refused as
    /// the same table without the space is.
    #[test]
    fn a_name_s_full_width_space_is_no_column_gap() {
        let text = |name: &str| {
            format!(
                "【数値目標】\n            基準値\nＫＰＩ                   令和６年３月末   令和７年３月末\n            （令和４年度）\n{name}\n            10人        12人        14人\n（町外から）\n空き家バンク\n成約件数            3件         5件         7件\n"
            )
        };
        for name in ["移住定住者数", "移住   定住者数"] {
            let (_, _, errors) = table(&text(name));
            assert_eq!(errors.len(), 1, "{name}: {errors:?}");
            assert_eq!(errors[0].line, Some(7), "{name}: {errors:?}");
            assert!(
                errors[0]
                    .message
                    .starts_with("「（町外から）」 may be the rest of the KPI name above"),
                "{name}: {errors:?}"
            );
        }
    }

    #[test]
    fn wrapped_names_are_joined() {
        let (t, _, errors) = table(
            "【数値目標】\n令和2年3月末 令和3年3月末\n関係人口（延べ滞在\n日数） 100日 200日\n新規就業者数 5人 5人\n（町外から）\n観光客満足度\n- 70 %\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<String> = t.expect("table").rows.into_iter().map(|r| r.name).collect();
        assert_eq!(names, ["関係人口（延べ滞在日数）", "新規就業者数（町外から）", "観光客満足度"]);
    }
}
