//! The header of a table: which column holds which field, found by the
//! headers' names (Japanese or English, any width, in any order) or as
//! `--map` says. Two columns for one field are refused, never chosen from.

use std::collections::HashMap;

use super::fold::{key, nfkc};
use super::table::{CellError, Table, Value, column_letters};
use crate::i18n::tr;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    FiscalYear,
    Kpi,
    Company,
    Value,
    Date,
    Note,
    HeadOffice,
    Kind,
    Industry,
    Source,
    /// フリガナ: the company name's reading.
    Reading,
    /// 速報 or 確定, beside a stated total.
    FigureStatus,
    /// A column `--map` says not to read.
    Ignore,
}

impl Field {
    /// The header names recognised, compared by [`key`] (NFKC, case and spaces).
    fn names(self) -> &'static [&'static str] {
        match self {
            Field::FiscalYear => {
                &["年度", "実績年度", "対象年度", "fiscalyear", "fiscal_year", "fy", "year"]
            }
            Field::Kpi => {
                &["指標", "指標名", "kpi", "kpi名", "評価指標", "重要業績評価指標", "indicator"]
            }
            Field::Company => &[
                "企業名",
                "企業",
                "会社名",
                "事業者名",
                "事業者",
                "company",
                "companyname",
                "company_name",
            ],
            Field::Value => &["値", "実績", "実績値", "数値", "value", "actual"],
            Field::Date => &["日付", "年月日", "実施日", "date"],
            Field::Note => &["備考", "摘要", "note", "notes", "remarks"],
            Field::HeadOffice => {
                &["本社所在地", "所在地", "本社", "headoffice", "head_office", "location"]
            }
            Field::Kind => &["区分", "企業区分", "kind", "type", "category"],
            Field::Industry => &["業種", "industry"],
            Field::Source => &["出典", "source"],
            Field::Reading => &[
                "フリガナ",
                "ふりがな",
                "企業名フリガナ",
                "読み",
                "よみ",
                "カナ",
                "reading",
                "kana",
            ],
            Field::FigureStatus => {
                &["速報・確定", "速報／確定", "速報/確定", "数値の状態", "figure_status", "status"]
            }
            Field::Ignore => &["ignore", "無視"],
        }
    }

    pub const ALL: [Field; 12] = [
        Field::FiscalYear,
        Field::Kpi,
        Field::Company,
        Field::Value,
        Field::Date,
        Field::Note,
        Field::HeadOffice,
        Field::Kind,
        Field::Industry,
        Field::Source,
        Field::Reading,
        Field::FigureStatus,
    ];

    /// The field a header or a `--map` target names.
    pub fn parse(name: &str) -> Option<Field> {
        let k = key(name);
        Field::ALL
            .into_iter()
            .chain([Field::Ignore])
            .find(|f| f.names().iter().any(|n| key(n) == k))
    }

    /// The Japanese name, as in the headers.
    #[must_use]
    pub fn label(self) -> &'static str {
        self.names()[0]
    }

    /// The name `--map` takes.
    #[must_use]
    pub fn english(self) -> &'static str {
        match self {
            Field::FiscalYear => "fiscal_year",
            Field::Kpi => "kpi",
            Field::Company => "company",
            Field::Value => "value",
            Field::Date => "date",
            Field::Note => "note",
            Field::HeadOffice => "head_office",
            Field::Kind => "kind",
            Field::Industry => "industry",
            Field::Source => "source",
            Field::Reading => "reading",
            Field::FigureStatus => "figure_status",
            Field::Ignore => "ignore",
        }
    }
}

/// The fields `--map` names, as its messages list them.
const MAP_FIELDS: &str = "fiscal_year, kpi, company, value, date, note, head_office, kind, industry, source, reading, figure_status, ignore";

/// `--map "実績人数=value,会社=company,旧実績=ignore"`: headers of other names.
pub fn parse_map(text: &str) -> Result<HashMap<String, Field>, String> {
    let mut map = HashMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (header, field) = pair.split_once('=').ok_or_else(|| {
            tr(
                format!("--map: 「見出し=項目」の形で書いてください（{pair:?} とあります）"),
                format!("--map: expected HEADER=FIELD, found {pair:?}"),
            )
        })?;
        let field = Field::parse(field).ok_or_else(|| {
            let fields = MAP_FIELDS;
            tr(
                format!("--map: 項目 {field:?} はありません。次のどれかにしてください: {fields}"),
                format!("--map: unknown field {field:?}; expected one of: {fields}"),
            )
        })?;
        map.insert(key(header), field);
    }
    Ok(map)
}

/// The header row and what each column holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Index of the header in the table's rows.
    pub header_row: usize,
    /// Its row number in the sheet.
    pub header_number: usize,
    /// The cell index of each field's column.
    pub columns: HashMap<Field, usize>,
    /// The header cells' text.
    pub headers: Vec<String>,
    /// Columns left out: hidden ones with `--hidden skip`, and `--map …=ignore`;
    /// in order.
    pub left_out: Vec<usize>,
    /// The unit the sheet says its values are in: the value column's
    /// header (`値（千円）`) or a line above the table (`単位：千人`).
    pub unit: Option<StatedUnit>,
    /// A column headed 単位 (or unit) giving each row's unit, checked
    /// against the row's KPI.
    pub unit_column: Option<usize>,
    /// A unit line above the table that is another table's: rows of
    /// figures stand between it and the header, and it is not read as
    /// this table's unit (the row of the first figure below it).
    pub unit_elsewhere: Option<(StatedUnit, usize)>,
}

/// A unit the sheet states for its values, and the cell that states it.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedUnit {
    /// The row number in the sheet.
    pub row: usize,
    /// The cell index.
    pub column: usize,
    /// The cell's text.
    pub text: String,
    /// The unit, as written (NFKC).
    pub unit: String,
}

/// Units a value column's header may name in brackets (`実績（人）`), each
/// also with a scale (`千円`, `百万円`, `千人`): those that count whole
/// things ([`super::row_reading::COUNTED`]) and these measures; other words
/// in brackets (`実績（前年度）`) are no unit, and such a header names no
/// field.
const MEASURES: [&str; 16] = [
    "円",
    "%",
    "泊",
    "人泊",
    "t",
    "kg",
    "ha",
    "m2",
    "時間",
    "日",
    "ポイント",
    "倍",
    "本",
    "冊",
    "個",
    "点",
];
const SCALES: [&str; 6] = ["百万", "十万", "千万", "千", "万", "億"];

/// Whether a text is a unit (counted or a measure), with a scale or
/// without.
fn is_unit(text: &str) -> bool {
    let k = key(text);
    let bare = SCALES.iter().find_map(|s| k.strip_prefix(s)).unwrap_or(&k);
    super::row_reading::COUNTED.iter().chain(&MEASURES).any(|u| key(u) == k || key(u) == bare)
}

/// The unit after 単位 in a text: `（単位：千人）`, `単位:円`, `(単位 人)`,
/// or the units listed there (`（単位：人、社）`, `単位：人・社`), as
/// written; 単位 must be followed by a colon or a space, or stand after a
/// bracket.
fn unit_after_word(text: &str) -> Option<String> {
    let text = nfkc(text);
    let (before, after) = text.split_once("単位")?;
    let rest = after.trim_start_matches([':', ' ', '\u{3000}']);
    if rest.len() == after.len() && !before.trim_end().ends_with(['(', '[', '<', '【', '〔']) {
        return None;
    }
    let unit: String = rest
        .chars()
        .take_while(|c| {
            !c.is_whitespace() && !matches!(c, ')' | ']' | '>' | '】' | '〕' | '」' | '。')
        })
        .collect();
    let unit = unit.trim_matches(UNIT_LIST);
    (!unit.is_empty()).then(|| unit.to_string())
}

/// What separates the units a sheet lists (`人、社`, `人・社`, `人,社`).
const UNIT_LIST: [char; 4] = ['、', ',', '・', '･'];

/// The units a stated unit lists, each as written: `人、社` is 人 and 社,
/// for a sheet whose KPIs are counted in either.
pub fn listed_units(unit: &str) -> impl Iterator<Item = &str> {
    unit.split(UNIT_LIST).map(str::trim).filter(|u| !u.is_empty())
}

/// A value column's header with its unit in brackets: `値（千円）`,
/// `実績（人）`, `実績値(単位:人)`; the unit when the rest names the value.
fn value_header_unit(header: &str, map: &HashMap<String, Field>) -> Option<String> {
    let text = nfkc(header);
    let text = text.trim();
    let body = text.strip_suffix(')')?;
    let (base, inner) = body.rsplit_once('(')?;
    if field_of_header(base, map) != Some(Field::Value) {
        return None;
    }
    let unit = unit_after_word(text).unwrap_or_else(|| inner.trim().to_string());
    let units = listed_units(&unit).all(is_unit);
    units.then_some(unit)
}

impl Layout {
    /// The field of the column at a cell index, if one is read from it.
    #[must_use]
    pub fn field_of(&self, column: usize) -> Option<Field> {
        self.columns.iter().find(|(_, c)| **c == column).map(|(f, _)| *f)
    }

    /// `D (値)`: a column's letters and header.
    #[must_use]
    pub fn column_name(&self, table: &Table, column: usize) -> (String, String) {
        (
            column_letters(table.first_column + column),
            self.headers.get(column).cloned().unwrap_or_default(),
        )
    }
}

/// The field a header names, by `--map` first.
fn field_of_header(header: &str, map: &HashMap<String, Field>) -> Option<Field> {
    let k = key(header);
    if k.is_empty() {
        return None;
    }
    map.get(&k)
        .copied()
        .or_else(|| Field::ALL.into_iter().find(|f| f.names().iter().any(|n| key(n) == k)))
}

/// The header is the first of the first ten rows naming the fiscal year,
/// KPI and value columns (offices put a title or a note above it). `None`
/// when no row does; an error when two columns name one field.
pub fn find(
    table: &Table,
    map: &HashMap<String, Field>,
    left_out: &[usize],
) -> Result<Option<Layout>, CellError> {
    for (i, row) in table.rows.iter().enumerate().take(10) {
        let headers: Vec<String> = row.cells.iter().map(Value::text).collect();
        let mut found: HashMap<Field, Vec<usize>> = HashMap::new();
        let mut ignored = left_out.to_vec();
        for (c, h) in headers.iter().enumerate() {
            // In order (the hidden columns): found by binary search, for
            // a sheet may hide thousands.
            if left_out.binary_search(&c).is_ok() {
                continue;
            }
            match field_of_header(h, map) {
                Some(Field::Ignore) => ignored.push(c),
                Some(f) => found.entry(f).or_default().push(c),
                None if value_header_unit(h, map).is_some() => {
                    found.entry(Field::Value).or_default().push(c);
                }
                None => {}
            }
        }
        if ![Field::FiscalYear, Field::Kpi, Field::Value].iter().all(|f| found.contains_key(f)) {
            continue;
        }
        if let Some(e) = table_beside(table, i, &found, &headers) {
            return Err(e);
        }
        let mut fields: Vec<(&Field, &Vec<usize>)> = found.iter().collect();
        fields.sort();
        for (field, columns) in fields {
            if let [a, b, ..] = columns.as_slice() {
                let name = |c: usize| {
                    format!("{} ({})", column_letters(table.first_column + c), headers[c])
                };
                let first = &headers[*a];
                let advice = if key(first) == key(&headers[*b]) {
                    tr("どちらかの見出しを変えてください", "rename one of them")
                } else {
                    tr(
                        format!(
                            "一つにしてください: --map \"{first}=ignore\" で一つめを読みません"
                        ),
                        format!("keep one: --map \"{first}=ignore\" leaves the first out"),
                    )
                };
                return Err(CellError {
                    sheet: table.sheet.clone(),
                    row: Some(row.number),
                    ..CellError::file(
                        &table.file,
                        tr(
                            format!(
                                "{} 列と {} 列がどちらも {} として読めます。{advice}",
                                name(*a),
                                name(*b),
                                field.label()
                            ),
                            format!(
                                "columns {} and {} both read as {} ({}); {advice}",
                                name(*a),
                                name(*b),
                                field.label(),
                                field.english()
                            ),
                        ),
                    )
                });
            }
        }
        ignored.sort_unstable();
        ignored.dedup();
        let columns: HashMap<Field, usize> = found.into_iter().map(|(f, c)| (f, c[0])).collect();
        let (unit, unit_elsewhere) = stated_unit(table, i, &columns, &headers, map);
        let unit_column = (0..headers.len()).find(|c| {
            matches!(key(&headers[*c]).as_str(), "単位" | "unit")
                && !columns.values().any(|col| col == c)
                && ignored.binary_search(c).is_err()
        });
        return Ok(Some(Layout {
            header_row: i,
            header_number: row.number,
            columns,
            headers,
            left_out: ignored,
            unit,
            unit_column,
            unit_elsewhere,
        }));
    }
    Ok(None)
}

/// A column read that stands apart from the value column's table, an
/// empty column between them (empty in the header and every row below):
/// a second table beside the first, whose 区分 or 企業名 would be paired
/// with the first table's rows, or whose headers repeat the first's.
fn table_beside(
    table: &Table,
    header_row: usize,
    found: &HashMap<Field, Vec<usize>>,
    headers: &[String],
) -> Option<CellError> {
    let value = *found.get(&Field::Value)?.first()?;
    let empty_column = |c: usize| {
        table.rows[header_row..].iter().all(|r| r.cells.get(c).is_none_or(Value::is_empty))
    };
    let mut apart: Vec<(usize, usize)> = Vec::new();
    for &c in found.values().flatten() {
        let between = if c < value { c + 1..value } else { value + 1..c };
        if let Some(gap) = between.clone().find(|g| empty_column(*g)) {
            apart.push((c, gap));
        }
    }
    let &(column, gap) = apart.iter().min()?;
    let name = |c: usize| format!("{} ({})", column_letters(table.first_column + c), headers[c]);
    let (column, gap) = (name(column), column_letters(table.first_column + gap));
    let header = &headers[apart.iter().min()?.0];
    // --map names a header: of use only where no other column has its name.
    let unique = headers.iter().filter(|h| key(h) == key(header)).count() == 1;
    let (map, map_ja) = if unique {
        (
            format!(", or leave its columns out with --map \"{header}=ignore\""),
            format!("か、--map \"{header}=ignore\" でその列を読まないで"),
        )
    } else {
        (String::new(), String::new())
    };
    Some(CellError {
        sheet: table.sheet.clone(),
        row: Some(table.rows[header_row].number),
        ..CellError::file(
            &table.file,
            tr(
                format!(
                    "{column} 列は、空の {gap} 列をはさんで値の列の表から離れています。横に並んだ別の表なら、その行が左の表の行と組み合わされて読まれるため、読みません。別の表はほかのシートに移す{map_ja}ください。一つの表なら空の {gap} 列を削除してください"
                ),
                format!(
                    "column {column} stands apart from the value column's table, the empty column {gap} between them: a second table beside the first would have its rows paired with the first's, so it is not read; move the other table to a sheet of its own{map}; if it is one table, delete the empty column {gap}"
                ),
            ),
        )
    })
}

/// The unit the sheet states for its values: in the value column's
/// header, else in the nearest cell above the table (with no row of
/// figures between them) or beside its header that names no column
/// (`（単位：千人）`); and a unit line above rows of figures, another
/// table's, with the row of the figure nearest under it.
fn stated_unit(
    table: &Table,
    header_row: usize,
    columns: &HashMap<Field, usize>,
    headers: &[String],
    map: &HashMap<String, Field>,
) -> (Option<StatedUnit>, Option<(StatedUnit, usize)>) {
    let at = |row: usize, column: usize, unit: String| StatedUnit {
        row: table.rows[row].number,
        column,
        text: table.rows[row].cells[column].text(),
        unit,
    };
    if let Some(&c) = columns.get(&Field::Value)
        && let Some(unit) = value_header_unit(&headers[c], map)
    {
        return (Some(at(header_row, c, unit)), None);
    }
    let unit_in = |r: usize| {
        table.rows[r].cells.iter().enumerate().find_map(|(c, v)| {
            if r == header_row && columns.values().any(|col| *col == c) {
                return None;
            }
            unit_after_word(&v.text()).map(|unit| at(r, c, unit))
        })
    };
    // The nearest line above the header, up to a row of figures: a unit
    // line over another table (`参考 事業費（単位：千円）` above its rows of
    // costs) is that table's, not the one under them.
    let mut figures: Option<usize> = None;
    for r in (0..=header_row).rev() {
        if let Some(unit) = unit_in(r) {
            return match figures {
                None => (Some(unit), None),
                Some(f) => (None, Some((unit, table.rows[f].number))),
            };
        }
        if r < header_row && table.rows[r].cells.iter().any(is_figure) {
            figures = Some(r);
        }
    }
    (None, None)
}

/// Whether a cell holds a figure: a number, or a text that reads as one
/// (`12,000` in a CSV).
fn is_figure(v: &Value) -> bool {
    match v {
        Value::Number(_) | Value::Percent(_) | Value::Scaled(_) => true,
        Value::Text(t) => !t.trim().is_empty() && super::number::parse(t, "").is_ok(),
        Value::Empty | Value::Date(_) | Value::Error(_) => false,
    }
}

/// Whether a row repeats the header (tables pasted one under another).
#[must_use]
pub fn repeats_header(layout: &Layout, cells: &[Value]) -> bool {
    let text = |c: usize| cells.get(c).map(Value::text).unwrap_or_default();
    [Field::FiscalYear, Field::Kpi, Field::Value]
        .iter()
        .all(|f| layout.columns.get(f).is_some_and(|c| key(&text(*c)) == key(&layout.headers[*c])))
}

/// The columns where a row that repeats the header's 年度, 指標 and 値
/// says something else than the header, in a column read or naming a
/// field: a table pasted below another with its other columns in another
/// order, whose rows the first header's columns would read wrongly.
#[must_use]
pub fn header_differences(layout: &Layout, cells: &[Value]) -> Vec<usize> {
    let width = layout.headers.len().max(cells.len());
    (0..width)
        .filter(|c| {
            let here = cells.get(*c).map(Value::text).unwrap_or_default();
            let header = layout.headers.get(*c).map_or("", String::as_str);
            key(&here) != key(header)
                && (layout.field_of(*c).is_some()
                    || Field::parse(&here).is_some_and(|f| f != Field::Ignore))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_is_read_after_the_word_and_in_a_value_header_only() {
        assert_eq!(unit_after_word("（単位：千人）").as_deref(), Some("千人"));
        assert_eq!(unit_after_word("単位:円").as_deref(), Some("円"));
        assert_eq!(unit_after_word("(単位 人)").as_deref(), Some("人"));
        assert_eq!(
            unit_after_word("令和元年度 実績（単位：千円、％）").as_deref(),
            Some("千円、%")
        );
        assert_eq!(unit_after_word("単位：人・社。").as_deref(), Some("人・社"));
        assert_eq!(listed_units("千円、%").collect::<Vec<_>>(), ["千円", "%"]);
        assert_eq!(listed_units("人").collect::<Vec<_>>(), ["人"]);
        // A word with 単位 in it is no unit line.
        assert_eq!(unit_after_word("履修単位数の実績"), None);
        let map = HashMap::new();
        assert_eq!(value_header_unit("値（千円）", &map).as_deref(), Some("千円"));
        assert_eq!(value_header_unit("実績（人・社）", &map).as_deref(), Some("人・社"));
        assert_eq!(value_header_unit("実績（人、前年度）", &map), None);
        assert_eq!(value_header_unit("実績(人)", &map).as_deref(), Some("人"));
        assert_eq!(value_header_unit("実績値（単位：百万円）", &map).as_deref(), Some("百万円"));
        // Other words in brackets are no unit, and no value column.
        assert_eq!(value_header_unit("実績（前年度）", &map), None);
        assert_eq!(value_header_unit("企業名（人）", &map), None);
    }
}
