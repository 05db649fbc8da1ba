//! Actuals from tables: each row read by the header's columns, KPIs
//! matched to the plan by name, every value checked, and every non-empty
//! row given one fate (used, subtotal, stated total, skipped or refused)
//! in a [`Reconciliation`]. Nothing is guessed: one refused row means no
//! output.
//!
//! A row states an item's total only when it says so: its company (or
//! 区分) cell is 合計, 計, 総数 or 公表値, or it gives a 出典 without a
//! company. 小計, 総計 and 累計 rows, 合計 and 計 rows followed by more
//! companies of the same block, and rows without a company whose value is
//! the sum of two or more rows above them are subtotals: checked, then left
//! out (one row above of the same value is refused as ambiguous). Totals
//! written above their companies sum the rows below them, exactly, or are
//! refused where which rows they sum is unclear.

use std::cell::Cell;
use std::collections::HashMap;

use crate::domain::actuals::{ACTUALS_VERSION, Actuals, FigureStatus, StatedTotal};
use crate::domain::fiscal::FiscalYear;
use crate::domain::plan::{KpiKind, Plan};
use crate::domain::quantity::Quantity;
use crate::i18n::tr;

use super::blocks::{self, Read, RowKind};
use super::collected::{Collected, Stated};
use super::layout::{self, Layout, StatedUnit};
pub use super::layout::{Field, parse_map};
use super::reconciliation::{self, Fate, Reconciliation, RowFate, SheetRead, Skip};
use super::row_reading::Reading;
use super::table::{CellError, Row, Table, Value, column_letters};

/// What to do with hidden rows and columns that hold data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Hidden {
    /// Stop and list them.
    #[default]
    Stop,
    /// Leave them out (listed in the reconciliation).
    Skip,
    /// Read them as if they were visible (listed as warnings).
    Include,
}

/// How to read the tables.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub map: HashMap<String, Field>,
    pub hidden: Hidden,
}

/// The result of reading a table: the actuals, or every bad row.
pub fn import(
    table: &Table,
    plan: &Plan,
    map: &HashMap<String, Field>,
) -> Result<Actuals, Vec<CellError>> {
    let options = Options { map: map.clone(), hidden: Hidden::Stop };
    let (actuals, r) = read(&table.file, vec![table.clone()], Vec::new(), plan, &options);
    if r.errors.is_empty() { Ok(actuals) } else { Err(r.errors) }
}

/// Reads the tables (the sheets chosen, or a CSV file) into actuals and
/// the reconciliation of every row. The actuals are complete only when
/// the reconciliation has no errors.
pub fn read(
    file: &str,
    tables: Vec<Table>,
    not_read: Vec<(String, String)>,
    plan: &Plan,
    options: &Options,
) -> (Actuals, Reconciliation) {
    let mut rec = Reconciliation {
        file: file.to_string(),
        sheets: Vec::new(),
        not_read,
        rows: Vec::new(),
        warnings: Vec::new(),
        errors: Vec::new(),
        items: Vec::new(),
        outside_plan: 0,
    };
    let mut collected = Collected::default();
    for (s, table) in tables.into_iter().enumerate() {
        for note in &table.notes {
            rec.warnings
                .push(CellError { sheet: table.sheet.clone(), ..CellError::file(file, note) });
        }
        let layout = read_sheet(s, &table, plan, options, &mut rec, &mut collected);
        rec.sheets.push(SheetRead { table, layout });
    }
    collected.check_stated_totals(&mut rec);
    rec.warnings.append(&mut collected.warnings);
    rec.rows.sort_by_key(|r| (r.sheet, r.index));
    let Collected { companies, contributions, stated, .. } = collected;
    let actuals = Actuals {
        version: ACTUALS_VERSION,
        sample: false,
        companies,
        contributions,
        stated_totals: stated.iter().map(|s| s.total.clone()).collect(),
    };
    rec.items = reconciliation::items(plan, &actuals);
    refuse_running_shortfalls(plan, &stated, &mut rec);
    warn_running_falls(plan, &stated, &actuals, &mut rec);
    (actuals, rec)
}

/// A 累計 year's stated total is its running figure, resting on the
/// companies of that year and every earlier one (as [`reconciliation::items`]
/// checks it): one below them (an office's 合計 of the year's own companies,
/// 9 where 8 + 9 were added) is refused at its cell, as a total below the
/// year's own companies is when it is read.
fn refuse_running_shortfalls(plan: &Plan, stated: &[Stated], rec: &mut Reconciliation) {
    let short: Vec<(String, FiscalYear, Quantity)> = rec
        .items
        .iter()
        .filter(|i| matches!(i.check, Some(reconciliation::Check::Short(_))))
        .filter(|i| plan.kpi(&i.kpi).is_some_and(|k| k.kind == KpiKind::Cumulative))
        .map(|i| (i.kpi.clone(), i.fiscal_year, i.sum))
        .collect();
    for (kpi, fy, sum) in short {
        let Some(st) = stated.iter().find(|s| s.total.kpi == kpi && s.total.fiscal_year == fy)
        else {
            continue;
        };
        let total = st.total.value;
        let message = tr(
            format!(
                "合計値 {total} が、この年度までの企業の値の合計 {sum} より小さくなっています（累計の指標の合計は、その年度と前の年度の企業の値を合わせた累計の値です）。この年度の企業だけの合計なら企業名の欄を「小計」に、累計の値なら {sum} 以上にしてください（企業の値は、その企業の累計ではなく、その年度に増えた分として読みます）"
            ),
            format!(
                "the stated total {total} is smaller than the sum of its companies up to this fiscal year, {sum} (a 累計 KPI's total is its running figure: the companies of this year and every earlier one): write 小計 in its company cell if it sums this year's companies only, or the running figure, at least {sum} (a company's value is read as what it added in that year, not its own running figure)"
            ),
        );
        rec.errors.push(CellError { message: message.clone(), ..st.error.clone() });
        if let Some(r) = rec.rows.iter_mut().find(|r| r.sheet == st.sheet && r.index == st.index) {
            r.fate = Fate::Refused(message);
        }
    }
}

/// A 累計 year's stated total below an earlier year's is warned of at its
/// cell: a running figure does not fall, and an office's yearly totals of
/// the year's own increase (8, 5, 6) were read as running figures without
/// a word (the plan period showed 6 for 19).
fn warn_running_falls(plan: &Plan, stated: &[Stated], actuals: &Actuals, rec: &mut Reconciliation) {
    for fall in reconciliation::running_falls(plan, actuals) {
        let Some(st) = stated
            .iter()
            .find(|s| s.total.kpi == fall.kpi && s.total.fiscal_year == fall.fiscal_year)
        else {
            continue;
        };
        let (value, earlier) = (fall.value, fall.earlier_value);
        let (year, en_year) = (fall.earlier_year.wareki(), fall.earlier_year.0);
        let message = tr(
            format!(
                "累計の指標の合計値 {value} が、{year} ({en_year}) の合計値 {earlier} より小さくなっています。その年度に増えた分なら、前の年度までと合わせた累計の値を書いてください（累計の指標の合計は、その年度までの累計の値として読みます）"
            ),
            format!(
                "a 累計 KPI's stated total {value} is below FY{en_year}'s {earlier}: if it is the year's increase, write the running figure, with the years before it (a 累計 KPI's total is read as its running figure)"
            ),
        );
        rec.warnings.push(CellError { message, ..st.error.clone() });
    }
}

/// The hidden columns (cell indices) and hidden rows (table indices) that hold data.
fn hidden_data(table: &Table) -> (Vec<usize>, Vec<usize>) {
    let width = table.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let columns = (0..width)
        .filter(|c| {
            table.column_hidden(*c)
                && table.rows.iter().any(|r| r.cells.get(*c).is_some_and(|v| !v.is_empty()))
        })
        .collect();
    let rows = table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.hidden && r.cells.iter().any(|v| !v.is_empty()))
        .map(|(i, _)| i)
        .collect();
    (columns, rows)
}

/// Reads one sheet's rows into `collected`, their fates into `rec`.
fn read_sheet(
    s: usize,
    table: &Table,
    plan: &Plan,
    options: &Options,
    rec: &mut Reconciliation,
    collected: &mut Collected,
) -> Option<Layout> {
    let (hidden_columns, hidden_rows) = hidden_data(table);
    // Hidden columns are left out of the layout unless included: when the
    // import stops on them, the rest of the sheet is still accounted for.
    let left_out: &[usize] = if options.hidden == Hidden::Include { &[] } else { &hidden_columns };
    let layout = match layout::find(table, &options.map, left_out) {
        Ok(Some(l)) => l,
        Ok(None) => {
            rec.errors.push(no_header(table));
            return None;
        }
        Err(e) => {
            rec.errors.push(e);
            return None;
        }
    };
    // Formulas whose results are not in the file: no row of the sheet can
    // be told to read as a spreadsheet shows it.
    if let Some((row, column)) = table.unsettled.first {
        let c = (column as usize).checked_sub(table.first_column);
        rec.errors.push(CellError {
            sheet: table.sheet.clone(),
            row: Some(row as usize + 1),
            column: Some(c.map_or_else(
                || (column_letters(column as usize), String::new()),
                |c| layout.column_name(table, c),
            )),
            ..CellError::file(&table.file, table.unsettled.message())
        });
        return Some(layout);
    }
    hidden_notice(table, &layout, options.hidden, (&hidden_columns, &hidden_rows), rec);
    let reading = Reading { table, plan, layout: &layout, outside_plan: Cell::new(0) };
    let reads = read_rows(s, &reading, options.hidden, rec);
    rec.outside_plan += reading.outside_plan.get();
    settle(s, &reading, &reads, rec, collected);
    Some(layout)
}

/// `D (値)`: a column as messages name it.
fn column_place(table: &Table, layout: &Layout, c: usize) -> String {
    let (letters, header) = layout.column_name(table, c);
    if header.is_empty() { letters } else { format!("{letters} ({header})") }
}

/// Hidden columns and rows that hold data: an error to stop on, or a
/// warning when they are read; skipped rows say so themselves.
fn hidden_notice(
    table: &Table,
    layout: &Layout,
    hidden: Hidden,
    (columns, rows): (&[usize], &[usize]),
    rec: &mut Reconciliation,
) {
    let (mut what, mut what_ja) = (Vec::new(), Vec::new());
    if !columns.is_empty() {
        let names: Vec<String> = columns.iter().map(|c| column_place(table, layout, *c)).collect();
        what.push(format!("columns {}", names.join(", ")));
        what_ja.push(format!("{} 列", names.join("、")));
    }
    if !rows.is_empty() {
        let numbers: Vec<String> = rows.iter().map(|i| table.rows[*i].number.to_string()).collect();
        what.push(format!("rows {}", numbers.join(", ")));
        what_ja.push(format!("{} 行目", numbers.join("、")));
    }
    if what.is_empty() {
        return;
    }
    let (what, what_ja) = (what.join(" and "), what_ja.join("と"));
    let sheet_error = |message: String| CellError {
        sheet: table.sheet.clone(),
        ..CellError::file(&table.file, message)
    };
    match hidden {
        Hidden::Stop => rec.errors.push(sheet_error(tr(
            format!(
                "非表示の {what_ja}にデータがあります。どうするか指定してください: --hidden skip で読まずに除き、--hidden include で読みます"
            ),
            format!(
                "hidden {what} hold data; say what to do with them: --hidden skip leaves them out, --hidden include reads them"
            ),
        ))),
        Hidden::Include => rec.warnings.push(sheet_error(tr(
            format!("非表示の {what_ja}も読みました（--hidden include）"),
            format!("hidden {what} were read (--hidden include)"),
        ))),
        Hidden::Skip => {}
    }
}

/// A unit line above another table's figures, not read as the unit of
/// the values: said, in case it was meant for them.
fn unit_elsewhere(table: &Table, unit: &StatedUnit, figure: usize) -> String {
    let (text, said) = (&unit.text, &unit.unit);
    let place = column_letters(table.first_column + unit.column);
    tr(
        format!(
            "{place} 列「{text}」の単位 {said} は、その下の表（{figure} 行目からの数値）の単位とみなし、値の表には当てはめません。値の表の単位なら、その見出しのすぐ上に書いてください"
        ),
        format!(
            "「{text}」 in column {place} states the unit {said} of the table under it (figures in row {figure}), not of the values' table; if it is the values' unit, put it directly above their header"
        ),
    )
}

/// Reads each non-empty row; titles, headers, skipped and refused rows
/// get their fate here, the rows read are decided by their block after.
fn read_rows(s: usize, reading: &Reading, hidden: Hidden, rec: &mut Reconciliation) -> Vec<Read> {
    let (table, layout) = (reading.table, reading.layout);
    let place = |c: usize| column_place(table, layout, c);
    let unread_error = |c: usize, e: &str| {
        let place = place(c);
        tr(
            format!("{place} 列にエラー {e} があります（この列は読みません）"),
            format!("column {place} holds the error {e} (the column is not read)"),
        )
    };
    let mut reads: Vec<Read> = Vec::new();
    for (i, row) in table.rows.iter().enumerate() {
        if row.cells.iter().all(Value::is_empty) {
            continue;
        }
        let mut fate =
            |fate| rec.rows.push(RowFate { sheet: s, number: row.number, index: i, fate });
        if i < layout.header_row {
            if let Some((unit, figure)) =
                layout.unit_elsewhere.as_ref().filter(|(u, _)| u.row == row.number)
            {
                rec.warnings.push(reading.error(row, None, unit_elsewhere(table, unit, *figure)));
            }
            fate(Fate::Title);
            continue;
        }
        if i == layout.header_row {
            fate(Fate::Header);
            continue;
        }
        if row.hidden && hidden != Hidden::Include {
            fate(if hidden == Hidden::Skip {
                Fate::Skipped(Skip::Hidden)
            } else {
                Fate::Refused(tr(
                    format!("{} 行目は非表示です", row.number),
                    format!("row {} is hidden", row.number),
                ))
            });
            continue;
        }
        if let Some(e) = beyond_header(table, layout, row) {
            fate(Fate::Refused(e.message.clone()));
            rec.errors.push(e);
            continue;
        }
        if is_note(row) {
            fate(Fate::Skipped(Skip::Note));
            continue;
        }
        if layout::repeats_header(layout, &row.cells) {
            let differ = layout::header_differences(layout, &row.cells);
            if differ.is_empty() {
                fate(Fate::RepeatedHeader);
            } else {
                let message = repeated_header_differs(table, layout, row, &differ);
                fate(Fate::Refused(message.clone()));
                rec.errors.push(reading.error(row, None, message));
            }
            continue;
        }
        let read =
            |c: &(usize, &Value)| layout.left_out.binary_search(&c.0).is_err() && !c.1.is_empty();
        let read_cells: Vec<(usize, &Value)> =
            row.cells.iter().enumerate().filter(|c| read(c)).collect();
        if read_cells.iter().all(|(c, _)| layout.field_of(*c).is_none()) {
            for (c, v) in read_cells {
                if let Value::Error(e) = v {
                    rec.warnings.push(reading.error(row, None, unread_error(c, e)));
                }
            }
            fate(Fate::Skipped(Skip::NoValue));
            continue;
        }
        for (c, v) in &read_cells {
            if layout.field_of(*c).is_none()
                && let Value::Error(e) = v
            {
                rec.warnings.push(reading.error(row, None, unread_error(*c, e)));
            }
        }
        match reading.row(i, row) {
            Ok((read, warnings)) => {
                rec.warnings.extend(warnings);
                reads.push(read);
            }
            Err(e) => {
                fate(Fate::Refused(e.message.clone()));
                rec.errors.push(e);
            }
        }
    }
    reads
}

/// A note written in the table, as offices add one under its 合計: one
/// text cell, beginning with 注 or ※ (`注：B社は速報値`, `※1 延べ人数`,
/// `（注）…`). It holds no figure; other rows of one cell are read, and
/// refused for the cells they lack.
fn is_note(row: &Row) -> bool {
    let mut filled = row.cells.iter().filter(|v| !v.is_empty());
    let (Some(Value::Text(text)), None) = (filled.next(), filled.next()) else {
        return false;
    };
    let k = super::fold::key(text);
    let k = k.trim_start_matches(['(', '[', '【', '〔', '<', '*']);
    k.starts_with('注') || k.starts_with('※') || text.trim_start().starts_with('*')
}

/// In a text file, a row with a value in a column the header leaves
/// without a name: an unquoted comma splits a number (`57,000` read as 57
/// and 000, the table's figure silently a thousandth) or a name in two,
/// and every cell after it moves; or notes without a header. Refused at
/// the cell, either way.
fn beyond_header(table: &Table, layout: &Layout, row: &Row) -> Option<CellError> {
    if !table.delimited {
        return None;
    }
    if let Some(e) = split_number(table, layout, row) {
        return Some(e);
    }
    let (c, v) = row.cells.iter().enumerate().find(|(c, v)| {
        !v.is_empty() && layout.headers.get(*c).is_none_or(|h| h.trim().is_empty())
    })?;
    let (letters, text) = (column_letters(table.first_column + c), v.text());
    Some(CellError {
        sheet: table.sheet.clone(),
        row: Some(row.number),
        column: Some((letters, String::new())),
        ..CellError::file(
            &table.file,
            tr(
                format!(
                    "この行には見出しのない列に「{text}」があります。引用符で囲まずに区切り文字（,）を含む値は二つのセルに分かれ（1,234 が 1 と 234 に）、後ろの列がずれます。値を \"1,234\" のように引用符で囲むか区切り文字を消すか、メモの列なら見出しを付けてください"
                ),
                format!(
                    "this row holds 「{text}」 in a column without a header: a value with a comma and no quotes is split in two (1,234 read as 1 and 234) and the cells after it move; quote the value (\"1,234\") or remove the comma, or give a column of notes a header"
                ),
            ),
        )
    })
}

/// In a text file, a value of one to three digits followed by a cell of
/// exactly three digits: `1,234` written without quotes, split into the
/// value 1 and 234 in the next column (a note or anything else with a
/// header, where [`beyond_header`] does not see it). Refused at the value.
fn split_number(table: &Table, layout: &Layout, row: &Row) -> Option<CellError> {
    let c = *layout.columns.get(&Field::Value)?;
    let digits = |v: &Value, n: std::ops::RangeInclusive<usize>| {
        let t = v.text();
        n.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    let (value, next) = (row.cells.get(c)?, row.cells.get(c + 1)?);
    if !(digits(value, 1..=3) && digits(next, 3..=3)) {
        return None;
    }
    let (a, b) = (value.text(), next.text());
    let letters = column_letters(table.first_column + c);
    let header = layout.headers.get(c).cloned().unwrap_or_default();
    Some(CellError {
        sheet: table.sheet.clone(),
        row: Some(row.number),
        column: Some((letters, header)),
        ..CellError::file(
            &table.file,
            tr(
                format!(
                    "値「{a}」と次の列の「{b}」は、引用符で囲まずに書いた {a},{b} が区切り文字（,）で二つに分かれたものに見えます。値を \"{a},{b}\" のように引用符で囲むか、区切り文字を消してください"
                ),
                format!(
                    "the value 「{a}」 and 「{b}」 in the next column look like {a},{b} written without quotes and split at its comma; quote the value (\"{a},{b}\") or remove the comma"
                ),
            ),
        )
    })
}

/// The message for a row that repeats the header's 年度, 指標 and 値 but
/// not its other columns (`differ`, cell indices).
fn repeated_header_differs(table: &Table, layout: &Layout, row: &Row, differ: &[usize]) -> String {
    let (mut en, mut ja) = (Vec::new(), Vec::new());
    for c in differ {
        let letters = column_letters(table.first_column + c);
        let here = row.cells.get(*c).map(Value::text).unwrap_or_default();
        let header = layout.headers.get(*c).map_or("", String::as_str);
        en.push(format!("column {letters} says 「{here}」 where the header says 「{header}」"));
        ja.push(format!("{letters} 列は見出しの「{header}」ではなく「{here}」"));
    }
    let number = layout.header_number;
    tr(
        format!(
            "この行は見出し（{number} 行目）の年度・指標・値を繰り返していますが、ほかの列が違います: {}。下の行を最初の見出しの列で読むと、企業名などを別の列から読んでしまいます。表の列を同じ並びにするか、別々に取り込んでください",
            ja.join("、")
        ),
        format!(
            "this row repeats the header's (row {number}) 年度, 指標 and 値 but not its other columns: {}; the rows below it would be read by the first header's columns, the company or others from the wrong column: give both tables the same columns, or import them separately",
            en.join("; ")
        ),
    )
}

/// 速報 or 確定 in a stated total's row, if its sheet has that column; any
/// other word is refused rather than guessed.
fn stated_status(reading: &Reading, row: &Row) -> Result<Option<FigureStatus>, String> {
    match reading.text(row, Field::FigureStatus).as_str() {
        "" => Ok(None),
        "速報" => Ok(Some(FigureStatus::Preliminary)),
        "確定" => Ok(Some(FigureStatus::Final)),
        other => Err(tr(
            format!(
                "「{other}」: 合計の行の 速報・確定 の欄には 速報 か 確定 と書くか、空けてください"
            ),
            format!("「{other}」: expected 速報 or 確定 (or nothing) beside a stated total"),
        )),
    }
}

/// Decides each block's rows: companies, subtotals, stated totals.
fn settle(
    s: usize,
    reading: &Reading,
    reads: &[Read],
    rec: &mut Reconciliation,
    collected: &mut Collected,
) {
    let (table, layout) = (reading.table, reading.layout);
    for block in blocks::split(reads) {
        for (read, outcome) in blocks::decide(block, reads) {
            let r = &reads[read];
            let row = &table.rows[r.index];
            let fate = match outcome {
                blocks::Outcome::Company { warning } => {
                    if let Some(w) = warning {
                        rec.warnings.push(reading.error(row, Some(Field::Value), w));
                    }
                    match collected.company(reading, row, r) {
                        Ok(()) => Fate::Used {
                            kpi: r.kpi.clone(),
                            fiscal_year: r.fiscal_year,
                            company: r.company_name().to_string(),
                            value: r.value,
                        },
                        Err(e) => {
                            let m = e.message.clone();
                            rec.errors.push(e);
                            Fate::Refused(m)
                        }
                    }
                }
                blocks::Outcome::Subtotal(sums) => Fate::Subtotal {
                    kpi: r.kpi.clone(),
                    fiscal_year: r.fiscal_year,
                    value: r.value,
                    sums: sums.iter().map(|i| table.rows[reads[*i].index].number).collect(),
                },
                blocks::Outcome::Stated => match stated_status(reading, row) {
                    Err(m) => {
                        rec.errors.push(reading.error(row, Some(Field::FigureStatus), m.clone()));
                        Fate::Refused(m)
                    }
                    Ok(status) => {
                        collected.stated.push(Stated {
                            total: StatedTotal {
                                kpi: r.kpi.clone(),
                                fiscal_year: r.fiscal_year,
                                value: r.value,
                                source: stated_source(table, row.number, r),
                                status,
                            },
                            sheet: s,
                            index: r.index,
                            error: reading.error(row, Some(Field::Value), String::new()),
                        });
                        Fate::StatedTotal {
                            kpi: r.kpi.clone(),
                            fiscal_year: r.fiscal_year,
                            value: r.value,
                        }
                    }
                },
                blocks::Outcome::Refused(message) => {
                    let field = if matches!(r.kind, RowKind::Unlabelled) {
                        Field::Company
                    } else {
                        Field::Value
                    };
                    let message = if matches!(r.kind, RowKind::Unlabelled)
                        && !layout.columns.contains_key(&Field::Company)
                    {
                        missed_company(table, layout)
                    } else {
                        message
                    };
                    let e = reading.error(row, Some(field), message);
                    rec.errors.push(e);
                    Fate::Refused(rec.errors.last().map(|e| e.message.clone()).unwrap_or_default())
                }
            };
            rec.rows.push(RowFate { sheet: s, number: row.number, index: r.index, fate });
        }
    }
}

/// The source of a stated total: its 出典, else its 備考, else the cell
/// that states it.
fn stated_source(table: &Table, number: usize, read: &Read) -> String {
    if !read.source.is_empty() {
        return read.source.clone();
    }
    if !read.note.is_empty() {
        return read.note.clone();
    }
    let file = std::path::Path::new(&table.file)
        .file_name()
        .map_or_else(|| table.file.clone(), |f| f.to_string_lossy().into_owned());
    let label = read.label_text();
    match &table.sheet {
        Some(sheet) => format!("{file} シート「{sheet}」{number}行目「{label}」"),
        None => format!("{file} {number}行目「{label}」"),
    }
}

/// The message when no header row is found: the first rows' cells as read.
pub(crate) fn no_header(table: &Table) -> CellError {
    let mut shown = Vec::new();
    for row in table.rows.iter().take(5) {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(Value::text)
            .filter(|t| !t.is_empty())
            .take(8)
            .map(|t| format!("「{}」", t.chars().take(20).collect::<String>()))
            .collect();
        let (number, cells) = (row.number, cells.join(""));
        shown.push(tr(format!("{number} 行目: {cells}"), format!("row {number}: {cells}")));
    }
    let first = if shown.is_empty() {
        tr("シートは空です", "the sheet is empty")
    } else {
        tr(
            format!("最初の行は {}", shown.join("、")),
            format!("its first rows read {}", shown.join("; ")),
        )
    };
    // A column headed 年 (a calendar year) is no 年度: its January to
    // March belong to the 年度 before.
    let calendar = table.rows.iter().take(10).find_map(|row| {
        row.cells.iter().enumerate().find_map(|(c, v)| {
            let text = v.text();
            matches!(super::fold::key(&text).as_str(), "年" | "暦年" | "年次").then(|| {
                (row.number, column_letters(table.first_column + c), text.trim().to_string())
            })
        })
    });
    let calendar = calendar.map_or_else(String::new, |(row, column, text)| {
        tr(
            format!(
                "。{row} 行目 {column} 列の「{text}」は暦年の見出しで、年度ではありません（1〜3月は前の年度です）。年度を書いた列なら見出しを「年度」にするか --map \"{text}=fiscal_year\" を指定してください"
            ),
            format!(
                "; 「{text}」 (row {row}, column {column}) heads a calendar year, not a 年度 (its January to March belong to the 年度 before): if the column holds 年度, head it 年度 or give --map \"{text}=fiscal_year\""
            ),
        )
    });
    CellError {
        sheet: table.sheet.clone(),
        ..CellError::file(
            &table.file,
            tr(
                format!(
                    "最初の10行に、年度・指標・値（または実績）の見出しがある行がありません。{first}。見出しをこの名前にするか、--map で列を指定してください{calendar}"
                ),
                format!(
                    "no header row with the columns 年度 (fiscal year), 指標 (KPI) and 値 or 実績 (value) in the first ten rows; {first}; name the columns so, or use --map{calendar}"
                ),
            ),
        )
    }
}

/// The message when the header has no company column and a row needs one:
/// the header row chosen and the columns it did not read.
fn missed_company(table: &Table, layout: &Layout) -> String {
    let unread: Vec<String> = (0..layout.headers.len())
        .filter(|c| {
            layout.field_of(*c).is_none()
                && layout.left_out.binary_search(c).is_err()
                && !layout.headers[*c].is_empty()
        })
        .map(|c| format!("{} 「{}」", column_letters(table.first_column + c), layout.headers[c]))
        .collect();
    let first = (0..layout.headers.len())
        .find(|c| {
            layout.field_of(*c).is_none()
                && layout.left_out.binary_search(c).is_err()
                && !layout.headers[*c].is_empty()
        })
        .unwrap_or(0);
    let (list, header) = (unread.join(", "), &layout.headers[first]);
    let hint = match unread.first() {
        Some(_) => tr(
            format!(
                "。読んでいない列: {list}。企業名の列があれば --map \"{header}=company\" で指定してください"
            ),
            format!(
                "; columns not read: {list}; if one holds the companies, use --map \"{header}=company\""
            ),
        ),
        None => String::new(),
    };
    let row = layout.header_number;
    tr(
        format!("見出し（{row} 行目）に企業名の列がないため、この行の企業が分かりません{hint}"),
        format!(
            "the header (row {row}) has no 企業名 (company) column, so this row names no company{hint}"
        ),
    )
}
