//! Reading one row's cells by the header's columns: the fiscal year, the
//! KPI (matched to the plan by NFKC), the value (percentages scaled only
//! where the cell says so), the company or the label standing in its
//! place. Every problem names its cell.

use std::cell::Cell;

use crate::domain::company::{Company, CompanyKind};
use crate::domain::fiscal::{FiscalYear, parse_date};
use crate::domain::plan::{Kpi, Plan, years_list};
use crate::domain::quantity::Quantity;
use crate::i18n::tr;

use super::blocks::{Label, Read, RowKind};
use super::fold::{key, nfkc};
use super::layout::{Field, Layout};
use super::number::{self, kpi_is_percent};
use super::table::{CellError, Row, Table, Value, column_letters};

pub struct Reading<'a> {
    pub table: &'a Table,
    pub plan: &'a Plan,
    pub layout: &'a Layout,
    /// Rows refused for a KPI or fiscal year the plan does not have.
    pub outside_plan: Cell<usize>,
}

/// Runs of white space inside a cell become one space.
fn fold_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Reading<'_> {
    /// An error at a row, in a field's column when given.
    pub fn error(&self, row: &Row, field: Option<Field>, message: String) -> CellError {
        let column = field.and_then(|f| self.layout.columns.get(&f)).map(|c| {
            (
                column_letters(self.table.first_column + c),
                self.layout.headers.get(*c).cloned().unwrap_or_default(),
            )
        });
        CellError {
            file: self.table.file.clone(),
            sheet: self.table.sheet.clone(),
            row: Some(row.number),
            column,
            message,
        }
    }

    fn cell<'r>(&self, row: &'r Row, field: Field) -> &'r Value {
        self.layout.columns.get(&field).and_then(|c| row.cells.get(*c)).unwrap_or(&Value::Empty)
    }

    pub(crate) fn text(&self, row: &Row, field: Field) -> String {
        fold_spaces(&self.cell(row, field).text())
    }

    /// The columns read, in their order.
    fn fields(&self) -> Vec<(Field, usize)> {
        let mut fields: Vec<(Field, usize)> =
            self.layout.columns.iter().map(|(f, c)| (*f, *c)).collect();
        fields.sort_by_key(|(_, c)| *c);
        fields
    }

    /// A control character means a damaged or hostile file, never a figure
    /// someone typed; an error value means a formula failed. Both are
    /// refused with their cell. Line breaks and tabs inside a note are text.
    fn cells_are_values(&self, row: &Row) -> Result<(), CellError> {
        for (field, _) in self.fields() {
            let cell = self.cell(row, field);
            if let Value::Error(e) = cell {
                return Err(self.error(
                    row,
                    Some(field),
                    tr(
                        format!("{} のセルがエラー {e} です（数式の失敗）。直すか、値を入力してください", field.label()),
                        format!("the {} cell holds the error {e} (a formula failed); correct it or type the value", field.label()),
                    ),
                ));
            }
            let text = cell.text();
            if let Some(c) =
                text.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            {
                return Err(self.error(
                    row,
                    Some(field),
                    tr(
                        format!(
                            "{} のセルに制御文字 U+{:04X} があります。文字を入力してください",
                            field.label(),
                            u32::from(c)
                        ),
                        format!(
                            "the {} cell holds the control character U+{:04X}; expected text",
                            field.label(),
                            u32::from(c)
                        ),
                    ),
                ));
            }
        }
        if let Some(c) = self.layout.columns.get(&Field::Value)
            && let Some(from) = self.table.merged_from(row.number, *c)
        {
            return Err(self.error(
                row,
                Some(Field::Value),
                tr(
                    format!("値のセルが上の {from} 行目と結合されています。一つの値を複数の行に数えることはできません。結合を解除し、行ごとに値を入力してください"),
                    format!("the 値 cell is merged with row {from} above it; one value cannot count for several rows: unmerge it and give each row its own value"),
                ),
            ));
        }
        Ok(())
    }

    fn required(&self, row: &Row, field: Field) -> Result<String, CellError> {
        let text = self.text(row, field);
        let formula =
            self.layout.columns.get(&field).is_some_and(|c| {
                self.table.empty_formulas.binary_search(&(row.number, *c)).is_ok()
            });
        if text.is_empty() && formula {
            return Err(self.error(
                row,
                Some(field),
                tr(
                    format!(
                        "{} のセルは数式ですが、結果が空です。数式を計算しないプログラムで作られたファイルなら、Excel か LibreOffice で開いて保存し直してください",
                        field.label()
                    ),
                    format!(
                        "the {} cell holds a formula whose result is empty; if a program that does not compute formulas wrote the file, open it in Excel or LibreOffice and save it again",
                        field.label()
                    ),
                ),
            ));
        }
        if text.is_empty() {
            let label = field.label();
            let message = if self.filled_above(row, field) {
                tr(
                    format!(
                        "{label} のセルが空です。上の行にはあります。結合したセルは CSV に保存すると二行目から空になります。すべての行に {label} を入力してください"
                    ),
                    format!(
                        "the {label} cell is empty, though the row above has one: a merged cell saved as CSV is empty below its first row; write the {label} on every row"
                    ),
                )
            } else {
                tr(
                    format!("{label} のセルが空です。値を入力してください"),
                    format!("the {label} cell is empty; expected a value"),
                )
            };
            return Err(self.error(row, Some(field), message));
        }
        Ok(text)
    }

    /// The unit a row's 単位 cell (column `c`) gives: its text, or for a
    /// ditto mark (〃, 同上) the nearest unit above it in the column; None
    /// for an empty cell.
    fn row_unit(&self, row: &Row, c: usize) -> Option<String> {
        let is_ditto = |t: &str| DITTO.iter().any(|d| key(d) == key(t));
        let text = row.cells.get(c).filter(|v| !v.is_empty())?.text();
        if !is_ditto(&text) {
            return Some(text);
        }
        let rows = &self.table.rows;
        let at = rows.partition_point(|r| r.number < row.number);
        let first = (self.layout.header_row + 1).min(at);
        // A few rows of ditto marks at most: the look up stops after 1,000
        // rows (a mark further from its unit is refused as it is).
        rows[first..at]
            .iter()
            .rev()
            .take(1000)
            .filter_map(|r| r.cells.get(c).filter(|v| !v.is_empty()).map(Value::text))
            .find(|t| !is_ditto(t))
            .or(Some(text))
    }

    /// In a text file, whether the rows right above, below the header and
    /// with no blank row between, reach one with this field filled: the
    /// cell was merged down in the sheet saved. Only a hint for the
    /// message, so the look up stops after 1,000 rows.
    fn filled_above(&self, row: &Row, field: Field) -> bool {
        if !self.table.delimited {
            return false;
        }
        let rows = &self.table.rows;
        let at = rows.partition_point(|r| r.number < row.number);
        let first = (self.layout.header_row + 1).min(at);
        for r in rows[first..at].iter().rev().take(1000) {
            if r.cells.iter().all(Value::is_empty) {
                return false;
            }
            if !self.text(r, field).is_empty() {
                return true;
            }
        }
        false
    }

    fn fiscal_year(&self, row: &Row) -> Result<FiscalYear, CellError> {
        let raw = match self.cell(row, Field::FiscalYear) {
            Value::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
            _ => self.required(row, Field::FiscalYear)?,
        };
        // A date or a month (2019/3/31, 平成31年3月末) is no 年度: which
        // 年度 it stands for (the one it falls in, or the one it ends?) is
        // the office's to say.
        let date = match self.cell(row, Field::FiscalYear) {
            Value::Date(d) => Some(*d),
            _ => parse_date(&raw),
        };
        let month = FiscalYear::from_month_end(&nfkc(&raw));
        if let Some(fy) = date.map(FiscalYear::of_date).or(month) {
            let (y, era) = (fy.0, fy.wareki());
            return Err(self.error(row, Some(Field::FiscalYear), tr(
                format!("年度の列に日付「{raw}」があります（{y}年度＝{era}中の日付です）。年度は 2018、2018年度、平成30年度、H30 のように書いてください"),
                format!("the 年度 column holds the date 「{raw}」 (a day of fiscal year {y}, {era}), not a fiscal year; write the 年度, such as 2018, 2018年度, 平成30年度 or H30"),
            )));
        }
        let fy = FiscalYear::parse(&nfkc(&raw)).ok_or_else(|| {
            self.error(row, Some(Field::FiscalYear), tr(
                format!("年度は 2018、2018年度、平成30年度、H30 のように書いてください（「{raw}」とあります）"),
                format!("expected a fiscal year such as 2018, 2018年度, 平成30年度 or H30, found 「{raw}」"),
            ))
        })?;
        if self.plan.year_index(fy).is_none() {
            self.outside_plan.set(self.outside_plan.get() + 1);
            return Err(self.error(row, Some(Field::FiscalYear), {
                let (y, years) = (fy.0, years_list(&self.plan.fiscal_years));
                tr(
                    format!("{y}年度は計画の期間外です。次のいずれかにしてください: {years}"),
                    format!("fiscal year {y} is outside the plan; expected one of: {years}"),
                )
            }));
        }
        Ok(fy)
    }

    /// The KPI: its exact name (or id), else its name typed in another
    /// width or with other spaces (NFKC); two matches are an error.
    fn kpi(&self, row: &Row) -> Result<&Kpi, CellError> {
        let raw = self.required(row, Field::Kpi)?;
        if let Some(k) = self.plan.kpis.iter().find(|k| k.name == raw || k.id == raw) {
            return Ok(k);
        }
        let k = key(&raw);
        let matches: Vec<&Kpi> =
            self.plan.kpis.iter().filter(|p| key(&p.name) == k || key(&p.id) == k).collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => {
                self.outside_plan.set(self.outside_plan.get() + 1);
                let names: Vec<&str> = self.plan.kpis.iter().map(|k| k.name.as_str()).collect();
                Err(self.error(row, Some(Field::Kpi), {
                    let names = names.join(", ");
                    tr(
                        format!(
                            "KPI「{raw}」は計画にありません。次のいずれかにしてください: {names}"
                        ),
                        format!("unknown KPI 「{raw}」; expected one of: {names}"),
                    )
                }))
            }
            many => {
                let names: Vec<&str> = many.iter().map(|k| k.name.as_str()).collect();
                Err(self.error(
                    row,
                    Some(Field::Kpi),
                    {
                        let names = names.join(", ");
                        tr(
                            format!("「{raw}」は複数の KPI（{names}）に当たります。名前を正確に書いてください"),
                            format!("「{raw}」 matches more than one KPI ({names}); write the name exactly"),
                        )
                    },
                ))
            }
        }
    }

    /// Refuses a value whose cell format writes text beside the number
    /// (`#,##0"千円"`) other than the KPI's unit.
    fn format_unit(&self, row: &Row, kpi: &Kpi) -> Result<(), CellError> {
        if let Some(shown) = self
            .layout
            .columns
            .get(&Field::Value)
            .and_then(|c| self.table.format_units.get(&(row.number, *c)))
            && !same_unit(&shown.unit, &kpi.unit)
        {
            let (name, unit, said) = (&kpi.name, &kpi.unit, &shown.unit);
            let held = self.cell(row, Field::Value).text();
            let seen = format!("{}{held}{}", shown.before, shown.after);
            let message = tr(
                format!(
                    "セルの表示形式が数値に「{said}」を付けて表示しています（{seen}）が、{name} の単位は {unit} です。「{said}」で書いた値を {unit} として読むと数字が違うため、読みません。値を {unit} で入力し、表示形式を数値（または {unit} を付ける形式）にしてください"
                ),
                format!(
                    "the cell's number format writes 「{said}」 beside the number (shown as {seen}) but {name} is counted in {unit}; a value in 「{said}」 read as {unit} would be a different figure: enter the value in {unit} and format the cell as a plain number (or one writing {unit})"
                ),
            );
            return Err(self.error(row, Some(Field::Value), message));
        }
        Ok(())
    }

    /// The value, and a warning when a KPI in percent gets a plain number
    /// of 1 or less (0.13 meant as 13%?).
    fn value(&self, row: &Row, kpi: &Kpi) -> Result<(Quantity, Option<CellError>), CellError> {
        let percent_kpi = kpi_is_percent(kpi);
        let err = |m: String| self.error(row, Some(Field::Value), m);
        let (q, from_number) = match self.cell(row, Field::Value) {
            Value::Number(n) => (Quantity::from_f64(*n).map_err(|e| err(e.to_string()))?, true),
            Value::Percent(p) if percent_kpi => {
                (Quantity::from_f64(p * 100.0).map_err(|e| err(e.to_string()))?, false)
            }
            Value::Percent(_) => {
                let shown = self.cell(row, Field::Value).text();
                let (name, unit) = (&kpi.name, &kpi.unit);
                return Err(err(tr(
                    format!(
                        "セルがパーセント表示（{shown}）ですが、{name} の単位は {unit} です。表示形式を数値にしてください"
                    ),
                    format!(
                        "the cell is formatted as a percentage ({shown}) but {name} is counted in {unit}; expected a plain number"
                    ),
                )));
            }
            Value::Scaled(_) => {
                let held = self.cell(row, Field::Value).text();
                return Err(err(tr(
                    format!(
                        "セルの表示形式が数値を 1,000 で割って（千単位で）表示しています（#,##0, のように末尾に「,」のある形式）。セルの値は {held} で、画面の表示とは違います。表示形式を「#,##0」にして表示のとおりの値を確かめ、{} で表す値を入力してください",
                        kpi.unit
                    ),
                    format!(
                        "the cell's format shows its number divided by 1,000 (a format ending in a comma, such as #,##0,): the cell holds {held}, not what the sheet shows; format it as #,##0 to see the value and enter it in {}",
                        kpi.unit
                    ),
                )));
            }
            _ => {
                let raw = self.required(row, Field::Value)?;
                (number::parse(&raw, &kpi.unit).map_err(err)?, !raw.contains(['%', '％']))
            }
        };
        if let Some(stated) = &self.layout.unit
            && !super::layout::listed_units(&stated.unit).any(|u| key(u) == key(&kpi.unit))
        {
            let (name, unit, said, text) = (&kpi.name, &kpi.unit, &stated.unit, &stated.text);
            let place = column_letters(self.table.first_column + stated.column);
            let row_number = stated.row;
            return Err(err(tr(
                format!(
                    "シートは値の単位を {said} としています（{row_number} 行目 {place} 列「{text}」）が、{name} の単位は {unit} です。{said} で書いた値を {unit} として読むと数字が違うため、読みません。値を {unit} で入力し、単位の書き方を合わせてください"
                ),
                format!(
                    "the sheet states its values in {said} (row {row_number}, column {place}: 「{text}」) but {name} is counted in {unit}; a value in {said} read as {unit} would be a different figure: enter the values in {unit} and make the stated unit agree"
                ),
            )));
        }
        if let Some(c) = self.layout.unit_column
            && let Some(said) = self.row_unit(row, c)
            && key(&said) != key(&kpi.unit)
        {
            let (name, unit) = (&kpi.name, &kpi.unit);
            let place = column_letters(self.table.first_column + c);
            return Err(err(tr(
                format!(
                    "{place} 列（単位）はこの行の値の単位を「{said}」としていますが、{name} の単位は {unit} です。「{said}」で書いた値を {unit} として読むと数字が違うため、読みません。値を {unit} で入力してください"
                ),
                format!(
                    "column {place} (単位) gives this row's unit as 「{said}」 but {name} is counted in {unit}; a value in 「{said}」 read as {unit} would be a different figure: enter the value in {unit}"
                ),
            )));
        }
        self.format_unit(row, kpi)?;
        if q.is_negative() {
            return Err(err(tr(
                format!("値は 0 以上にしてください（{q} とあります）"),
                format!("expected a value of zero or more, found {q}"),
            )));
        }
        let warning = (percent_kpi && from_number && !q.is_zero() && q <= Quantity::units(1))
            .then(|| {
                let (name, unit) = (&kpi.name, &kpi.unit);
                let percent = Quantity::from_milli(q.milli().saturating_mul(100));
                err(tr(
                    format!("{name}（単位 {unit}）の {q} はパーセント表示ではありません。{percent}% のことなら、セルをパーセント表示にするか % を付けて入力してください"),
                    format!("{q} for {name} (in {unit}) is not formatted as a percentage; if it means {percent}%, format the cell as a percentage or type the percent"),
                ))
            })
            .or_else(|| fractional_count(kpi, q).map(err));
        Ok((q, warning))
    }

    fn date(&self, row: &Row, fy: FiscalYear) -> Result<Option<chrono::NaiveDate>, CellError> {
        let date = match self.cell(row, Field::Date) {
            Value::Empty => return Ok(None),
            Value::Date(d) => *d,
            other => {
                let raw = other.text();
                if raw.is_empty() {
                    return Ok(None);
                }
                parse_date(&nfkc(&raw)).ok_or_else(|| {
                    self.error(row, Some(Field::Date), tr(
                        format!("日付は 2018/6/1、平成30年6月1日、H30.6.1 のように書いてください（「{raw}」とあります）"),
                        format!("expected a date such as 2018/6/1, 平成30年6月1日 or H30.6.1, found 「{raw}」"),
                    ))
                })?
            }
        };
        if !fy.contains(date) {
            return Err(self.error(row, Some(Field::Date), {
                let (y, from, to) = (fy.0, fy.start(), fy.end());
                tr(
                    format!("日付 {date} が {y}年度（{from}〜{to}）の中にありません"),
                    format!("date {date} is not in fiscal year {y} ({from} to {to})"),
                )
            }));
        }
        Ok(Some(date))
    }

    fn kind(&self, row: &Row) -> Result<CompanyKind, CellError> {
        let raw = self.text(row, Field::Kind);
        Ok(match key(&raw).as_str() {
            "" | "その他" | "other" | "others" => CompanyKind::Other,
            "首都圏企業" | "首都圏" | "metro" | "metrocompany" => CompanyKind::Metro,
            "地元企業" | "地元" | "市内企業" | "local" | "localcompany" => {
                CompanyKind::Local
            }
            "大学" | "university" => CompanyKind::University,
            _ => {
                return Err(self.error(
                    row,
                    Some(Field::Kind),
                    tr(
                        format!("区分は 首都圏企業、地元企業、大学、その他 のどれかにしてください（「{raw}」とあります）"),
                        format!("expected 首都圏企業, 地元企業, 大学 or その他, found 「{raw}」"),
                    ),
                ));
            }
        })
    }

    /// Reads a row (at index `index` of its table) that is not empty.
    pub fn row(&self, index: usize, row: &Row) -> Result<(Read, Vec<CellError>), CellError> {
        self.cells_are_values(row)?;
        let fiscal_year = self.fiscal_year(row)?;
        let kpi = self.kpi(row)?;
        let (value, warning) = self.value(row, kpi)?;
        let name = self.text(row, Field::Company);
        let source = self.text(row, Field::Source);
        let kind_text = self.text(row, Field::Kind);
        let label = Label::of(&name)
            .map(|l| (l, name.clone()))
            .or_else(|| Label::of(&kind_text).map(|l| (l, kind_text.clone())));
        let kind = if let Some((label, text)) = label {
            RowKind::Label { label, text }
        } else if name.is_empty() {
            if source.is_empty() { RowKind::Unlabelled } else { RowKind::SourceTotal }
        } else {
            if is_part_of(&name) {
                return Err(self.error(
                    row,
                    Some(Field::Company),
                    tr(
                        format!(
                            "「{name}」は上の行の数値の内訳（うち）で、企業ではありません。企業として数えると二重になるため、読みません。この行を削除するか、内訳は元の行の備考に書いてください"
                        ),
                        format!(
                            "「{name}」 is a part of a figure above it (うち: of which), not a company: counted as one, it would be counted twice; delete the row, or write the part in the 備考 of the row it belongs to"
                        ),
                    ),
                ));
            }
            let date = self.date(row, fiscal_year)?;
            RowKind::Company {
                company: Company {
                    id: String::new(),
                    name,
                    head_office: self.text(row, Field::HeadOffice),
                    industry: self.text(row, Field::Industry),
                    kind: self.kind(row)?,
                    reading: self.text(row, Field::Reading),
                },
                date,
            }
        };
        let read = Read {
            index,
            number: row.number,
            kpi: kpi.id.clone(),
            fiscal_year,
            value,
            note: self.text(row, Field::Note),
            source,
            kind,
        };
        Ok((read, warning.into_iter().collect()))
    }
}

/// A company cell naming a part of the figure above it, as offices write
/// one under a company or a 合計: `うち首都圏企業`, `（うち新規）`,
/// `内訳：市内`, and うち alone (the part named in the 備考). うち followed
/// by kana is a name (うちやま農園).
fn is_part_of(name: &str) -> bool {
    let k = key(name);
    let k = k.trim_start_matches(['(', '[', '【', '〔', '<', '・']);
    if k.starts_with("内訳") {
        return true;
    }
    let Some(rest) = k.strip_prefix("うち") else { return false };
    rest.chars().next().is_none_or(|c| !matches!(c, '\u{3040}'..='\u{309F}'))
}

/// Units that count whole things: a value of 12.6 人 is a formula's
/// result (an average, a share) or a cell shown rounded by its format, and
/// the spreadsheet may well show 13 where the import reads 12.6.
pub(super) const COUNTED: [&str; 18] = [
    "人",
    "名",
    "者",
    "社",
    "件",
    "戸",
    "世帯",
    "団体",
    "事業所",
    "回",
    "箇所",
    "か所",
    "ヶ所",
    "店",
    "棟",
    "校",
    "台",
    "組",
];

/// Marks a 単位 cell may hold for the unit above it.
const DITTO: [&str; 3] = ["〃", "同上", "″"];

/// Whether a cell format's text is the KPI's unit, as the 単位 line and
/// column are (by width, case and spaces); a yen sign is 円.
fn same_unit(shown: &str, unit: &str) -> bool {
    let yen = |k: String| if k == "¥" { "円".to_string() } else { k };
    yen(key(shown)) == yen(key(unit))
}

/// The warning for a fractional value of a KPI counted in whole things.
fn fractional_count(kpi: &Kpi, q: Quantity) -> Option<String> {
    // (whole values, nearly all of them, return before the unit is folded)
    if q.milli() % 1000 == 0 || !COUNTED.contains(&nfkc(kpi.unit.trim()).as_str()) {
        return None;
    }
    let (name, unit) = (&kpi.name, &kpi.unit);
    Some(tr(
        format!(
            "{name} は {unit} を数えますが、値が {q} と小数です。表計算ソフトで丸めて表示されていないか、数式の結果でないかを確かめてください"
        ),
        format!(
            "{name} counts whole {unit} but the value is {q}, a fraction; check that the spreadsheet does not show it rounded and that it is not a formula's result"
        ),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_formats_unit_is_the_kpis_by_width_and_a_yen_sign_is_yen() {
        assert!(super::same_unit("人", "人"));
        assert!(super::same_unit("％", "%"));
        assert!(super::same_unit("¥", "円"));
        assert!(super::same_unit("￥", "円"));
        assert!(!super::same_unit("千円", "円"));
        assert!(!super::same_unit("¥", "千円"));
        assert!(!super::same_unit("件目", "件"));
    }

    #[test]
    fn a_part_of_a_figure_is_told_from_a_name() {
        for part in [
            "うち首都圏企業",
            "（うち新規）",
            "(うち 女性)",
            "うちR5新規",
            "内訳：市内",
            "・うち市外",
            "うち",
            "（うち）",
        ] {
            assert!(super::is_part_of(part), "{part}");
        }
        for name in ["うちやま農園", "株式会社うち", "内田製作所", "サンプル株式会社うち"]
        {
            assert!(!super::is_part_of(name), "{name}");
        }
    }
}
