//! Actuals from a table: columns found by their header (Japanese or
//! English, in any order, or as `--map` says), KPIs matched to the plan by
//! name, every value checked. Nothing is guessed: an ambiguous KPI or a bad
//! cell is an error naming its place, and one bad row means no output.

use std::collections::HashMap;

use crate::domain::actuals::{ACTUALS_VERSION, Actuals, Contribution, StatedTotal};
use crate::domain::company::{Company, CompanyKind};
use crate::domain::fiscal::{FiscalYear, parse_date};
use crate::domain::normalize::{fold_width, name_key};
use crate::domain::plan::{Plan, years_list};
use crate::domain::quantity::Quantity;

use super::table::{CellError, Row, Table, Value, column_letters};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
}

impl Field {
    /// The header names recognised, compared after folding width, case and spaces.
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
        }
    }

    const ALL: [Field; 10] = [
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
    ];

    /// The field an English `--map` target names.
    pub fn parse(name: &str) -> Option<Field> {
        let key = name_key(name);
        Field::ALL.into_iter().find(|f| f.names().iter().any(|n| name_key(n) == key))
    }

    fn label(self) -> &'static str {
        self.names()[0]
    }
}

/// `--map "実績人数=value,会社=company"`: headers of other names.
pub fn parse_map(text: &str) -> Result<HashMap<String, Field>, String> {
    let mut map = HashMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (header, field) = pair
            .split_once('=')
            .ok_or_else(|| format!("--map: expected HEADER=FIELD, found {pair:?}"))?;
        let field = Field::parse(field).ok_or_else(|| {
            format!("--map: unknown field {field:?}; expected one of: fiscal_year, kpi, company, value, date, note, head_office, kind, industry, source")
        })?;
        map.insert(name_key(header), field);
    }
    Ok(map)
}

/// The header row and what each column holds.
struct Layout {
    header_row: usize,
    columns: HashMap<Field, usize>,
    headers: Vec<String>,
}

fn find_layout(table: &Table, map: &HashMap<String, Field>) -> Result<Layout, CellError> {
    // The header is the first of the first ten rows naming the required columns
    // (offices put a title or a note above it).
    for (i, row) in table.rows.iter().enumerate().take(10) {
        let headers: Vec<String> = row.cells.iter().map(Value::text).collect();
        let mut columns = HashMap::new();
        for (c, h) in headers.iter().enumerate() {
            let key = name_key(h);
            let field = map.get(&key).copied().or_else(|| {
                Field::ALL.into_iter().find(|f| f.names().iter().any(|n| name_key(n) == key))
            });
            if let Some(f) = field {
                columns.entry(f).or_insert(c);
            }
        }
        if [Field::FiscalYear, Field::Kpi, Field::Value].iter().all(|f| columns.contains_key(f)) {
            return Ok(Layout { header_row: i, columns, headers });
        }
    }
    Err(CellError {
        sheet: table.sheet.clone(),
        ..CellError::file(
            &table.file,
            "no header row with the columns 年度 (fiscal year), 指標 (KPI) and 値 or 実績 (value) in the first ten rows; name them so, or use --map",
        )
    })
}

struct Reading<'a> {
    table: &'a Table,
    plan: &'a Plan,
    layout: &'a Layout,
}

impl Reading<'_> {
    fn error(&self, row: &Row, field: Option<Field>, message: String) -> CellError {
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

    fn text(&self, row: &Row, field: Field) -> String {
        fold_spaces(&self.cell(row, field).text())
    }

    /// A NUL, an escape or another control character in a cell means a
    /// damaged or hostile file (a UTF-16 file read as bytes, say), never a
    /// figure someone typed: refused, with its cell. Line breaks and tabs
    /// inside a note are text.
    fn no_controls(&self, row: &Row) -> Result<(), CellError> {
        let mut fields: Vec<(&Field, &usize)> = self.layout.columns.iter().collect();
        fields.sort_by_key(|(_, c)| **c);
        for (field, _) in fields {
            let text = self.cell(row, *field).text();
            if let Some(c) =
                text.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            {
                return Err(self.error(
                    row,
                    Some(*field),
                    format!(
                        "the {} cell holds the control character U+{:04X}; expected text",
                        field.label(),
                        u32::from(c)
                    ),
                ));
            }
        }
        Ok(())
    }

    fn required(&self, row: &Row, field: Field) -> Result<String, CellError> {
        let text = self.text(row, field);
        if text.is_empty() {
            return Err(self.error(
                row,
                Some(field),
                format!("the {} cell is empty; expected a value", field.label()),
            ));
        }
        Ok(text)
    }

    fn fiscal_year(&self, row: &Row) -> Result<FiscalYear, CellError> {
        let raw = match self.cell(row, Field::FiscalYear) {
            Value::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
            _ => self.required(row, Field::FiscalYear)?,
        };
        let fy = FiscalYear::parse(&raw).ok_or_else(|| {
            self.error(row, Some(Field::FiscalYear), format!("expected a fiscal year such as 2018, 2018年度, 平成30年度 or H30, found 「{raw}」"))
        })?;
        if self.plan.year_index(fy).is_none() {
            return Err(self.error(
                row,
                Some(Field::FiscalYear),
                format!(
                    "fiscal year {} is outside the plan; expected one of: {}",
                    fy.0,
                    years_list(&self.plan.fiscal_years)
                ),
            ));
        }
        Ok(fy)
    }

    /// The KPI's id: its exact name (or id), else its name typed with other
    /// widths or spaces; two matches are an error, never a guess.
    fn kpi(&self, row: &Row) -> Result<String, CellError> {
        let raw = self.required(row, Field::Kpi)?;
        if let Some(k) = self.plan.kpis.iter().find(|k| k.name == raw || k.id == raw) {
            return Ok(k.id.clone());
        }
        let key = name_key(&raw);
        let matches: Vec<_> = self
            .plan
            .kpis
            .iter()
            .filter(|k| name_key(&k.name) == key || name_key(&k.id) == key)
            .collect();
        match matches.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => {
                let names: Vec<&str> = self.plan.kpis.iter().map(|k| k.name.as_str()).collect();
                Err(self.error(
                    row,
                    Some(Field::Kpi),
                    format!("unknown KPI 「{raw}」; expected one of: {}", names.join(", ")),
                ))
            }
            many => {
                let names: Vec<&str> = many.iter().map(|k| k.name.as_str()).collect();
                Err(self.error(
                    row,
                    Some(Field::Kpi),
                    format!(
                        "「{raw}」 matches more than one KPI ({}); write the name exactly",
                        names.join(", ")
                    ),
                ))
            }
        }
    }

    /// A number: typed as one, or as text with full-width digits,
    /// thousands separators, spaces, or the KPI's unit after it (`50人`).
    fn value(&self, row: &Row, unit: &str) -> Result<Quantity, CellError> {
        let q = match self.cell(row, Field::Value) {
            Value::Number(n) => Quantity::from_f64(*n)
                .map_err(|e| self.error(row, Some(Field::Value), e.to_string()))?,
            _ => {
                let raw = self.required(row, Field::Value)?;
                let folded = fold_width(&raw);
                let number = folded.trim().strip_suffix(unit).unwrap_or(folded.trim());
                Quantity::parse(number).map_err(|_| {
                    self.error(
                        row,
                        Some(Field::Value),
                        format!("expected a number, found 「{raw}」"),
                    )
                })?
            }
        };
        if q.is_negative() {
            return Err(self.error(
                row,
                Some(Field::Value),
                format!("expected a value of zero or more, found {q}"),
            ));
        }
        Ok(q)
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
                parse_date(&raw).ok_or_else(|| {
                    self.error(row, Some(Field::Date), format!("expected a date such as 2018/6/1, 平成30年6月1日 or H30.6.1, found 「{raw}」"))
                })?
            }
        };
        if !fy.contains(date) {
            return Err(self.error(
                row,
                Some(Field::Date),
                format!(
                    "date {date} is not in fiscal year {} ({} to {})",
                    fy.0,
                    fy.start(),
                    fy.end()
                ),
            ));
        }
        Ok(Some(date))
    }

    fn kind(&self, row: &Row) -> Result<CompanyKind, CellError> {
        let raw = self.text(row, Field::Kind);
        let key = name_key(&raw);
        Ok(match key.as_str() {
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
                    format!("expected 首都圏企業, 地元企業, 大学 or その他, found 「{raw}」"),
                ));
            }
        })
    }
}

/// Runs of white space inside a cell become one space.
fn fold_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the rows have given so far.
#[derive(Default)]
struct Collected {
    companies: Vec<Company>,
    /// Company index by its name folded for comparison.
    by_name: HashMap<String, usize>,
    contributions: Vec<Contribution>,
    stated_totals: Vec<StatedTotal>,
    /// The first row of each distinct record, to find repeated rows.
    seen: HashMap<String, usize>,
}

impl Collected {
    fn add(&mut self, r: &Reading, row: &Row) -> Result<(), CellError> {
        r.no_controls(row)?;
        let fy = r.fiscal_year(row)?;
        let kpi = r.kpi(row)?;
        let unit = r.plan.kpi(&kpi).map_or("", |k| k.unit.as_str());
        let value = r.value(row, unit)?;
        let date = r.date(row, fy)?;
        let note = r.text(row, Field::Note);
        let name = r.text(row, Field::Company);
        let signature = format!(
            "{kpi}\u{1f}{}\u{1f}{name}\u{1f}{}\u{1f}{date:?}\u{1f}{note}",
            fy.0,
            value.plain()
        );
        if let Some(first) = self.seen.insert(signature, row.number) {
            return Err(r.error(
                row,
                None,
                format!(
                    "this row repeats row {first} (same KPI, year, company, value, date and note)"
                ),
            ));
        }
        if name.is_empty() {
            return self.stated_total(
                r,
                row,
                StatedTotal { kpi, fiscal_year: fy, value, source: note },
            );
        }
        let company = Company {
            id: String::new(),
            name,
            head_office: r.text(row, Field::HeadOffice),
            industry: r.text(row, Field::Industry),
            kind: r.kind(row)?,
        };
        let id = self.company_id(r, row, company)?;
        self.contributions.push(Contribution {
            kpi,
            fiscal_year: fy,
            company: id,
            value,
            date,
            note,
        });
        Ok(())
    }

    /// A row without a company states a total; its source (出典, or else
    /// 備考, given as `total.source`) is required.
    fn stated_total(
        &mut self,
        r: &Reading,
        row: &Row,
        mut total: StatedTotal,
    ) -> Result<(), CellError> {
        let source = r.text(row, Field::Source);
        if !source.is_empty() {
            total.source = source;
        }
        if total.source.is_empty() {
            return Err(r.error(
                row,
                Some(Field::Company),
                "the company is empty, so this row states a total; expected its source in 出典 or 備考".into(),
            ));
        }
        if self
            .stated_totals
            .iter()
            .any(|s| s.kpi == total.kpi && s.fiscal_year == total.fiscal_year)
        {
            return Err(r.error(
                row,
                Some(Field::Company),
                "a total for this KPI and fiscal year is already stated".into(),
            ));
        }
        self.stated_totals.push(total);
        Ok(())
    }

    /// The id of the row's company: a new one, or the one an earlier row
    /// named. Details given once are enough; different ones are a conflict.
    fn company_id(
        &mut self,
        r: &Reading,
        row: &Row,
        company: Company,
    ) -> Result<String, CellError> {
        let key = name_key(&company.name);
        let Some(&i) = self.by_name.get(&key) else {
            let id = format!("c{:03}", self.companies.len() + 1);
            self.by_name.insert(key, self.companies.len());
            self.companies.push(Company { id: id.clone(), ..company });
            return Ok(id);
        };
        let known = &mut self.companies[i];
        let name = &company.name;
        for (have, now, what) in [
            (&mut known.head_office, &company.head_office, "本社所在地"),
            (&mut known.industry, &company.industry, "業種"),
        ] {
            if have.is_empty() {
                have.clone_from(now);
            } else if !now.is_empty() && have != now {
                return Err(r.error(
                    row,
                    None,
                    format!(
                        "{what} of 「{name}」 is 「{now}」 here but 「{have}」 in an earlier row"
                    ),
                ));
            }
        }
        if known.kind != company.kind && company.kind != CompanyKind::Other {
            if known.kind != CompanyKind::Other {
                return Err(r.error(
                    row,
                    Some(Field::Kind),
                    format!("区分 of 「{name}」 differs from an earlier row"),
                ));
            }
            known.kind = company.kind;
        }
        Ok(known.id.clone())
    }
}

/// The result of reading a table: the actuals, or every bad row.
pub fn import(
    table: &Table,
    plan: &Plan,
    map: &HashMap<String, Field>,
) -> Result<Actuals, Vec<CellError>> {
    let layout = find_layout(table, map).map_err(|e| vec![e])?;
    let r = Reading { table, plan, layout: &layout };
    let mut errors = Vec::new();
    let mut collected = Collected::default();
    for row in table.rows.iter().skip(layout.header_row + 1) {
        if row.cells.iter().all(Value::is_empty) {
            continue;
        }
        if let Err(e) = collected.add(&r, row) {
            errors.push(e);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let Collected { companies, contributions, stated_totals, .. } = collected;
    Ok(Actuals { version: ACTUALS_VERSION, sample: false, companies, contributions, stated_totals })
}
