//! `kpi-council summary --companies`: the companies behind each number, as
//! the drill-down screen shows them, for scripts.
//!
//! A million records make a million rows: CSV and JSON are made in pieces
//! of a few thousand rows on both cores, borrowing the texts from the
//! loaded data, and written in order as they come, so the output is never
//! held whole. The text table is made one item at a time, since each
//! item's columns are as wide as its widest cell: the items' tables on both
//! cores, written in order likewise.

use crate::export::safe;
use std::borrow::Cow;
use std::io::Write;

use serde::ser::{Serialize, Serializer};

use crate::cli::Format;
use crate::domain::actuals::StatedTotal;
use crate::domain::breakdown::{Filter, Share, SortKey, select};
use crate::domain::company::CompanyKind;
use crate::domain::dataset::Dataset;
use crate::domain::fiscal::FiscalYear;
use crate::domain::ledger::Cell;
use crate::domain::plan::{Kpi, KpiKind};
use crate::domain::quantity::Quantity;
use crate::i18n::Lang;
use crate::text::{clean, pad_left, pad_right, width};

/// One contribution, or the part of a stated total without a breakdown,
/// its texts borrowed from the data (or made safe for CSV).
#[derive(Debug, serde::Serialize)]
struct CompanyRow<'a> {
    kpi: Cow<'a, str>,
    kpi_id: Cow<'a, str>,
    unit: Cow<'a, str>,
    fiscal_year: i32,
    fiscal_year_wareki: &'a str,
    /// `contribution`, or `unexplained` for the rest of a stated total.
    row_type: &'static str,
    company: Cow<'a, str>,
    company_id: Cow<'a, str>,
    head_office: Cow<'a, str>,
    kind: &'static str,
    kind_code: &'static str,
    value: Quantity,
    /// Percent of the item's actual, one decimal, rounded.
    share: Option<Share>,
    date: Option<chrono::NaiveDate>,
    note: Cow<'a, str>,
    /// The fiscal year the contribution (or stated total) was made in: the
    /// item's year, or an earlier one behind a 累計 running total.
    contributed_in: i32,
    contributed_in_wareki: Cow<'a, str>,
}

/// How the texts of a row are written: as they are (JSON, whose layout
/// escapes them, and the table, cleaned when drawn), or made safe for a
/// spreadsheet (CSV).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Texts {
    Raw,
    Csv,
}

impl Texts {
    fn apply(self, text: &str) -> Cow<'_, str> {
        match self {
            Texts::Raw => Cow::Borrowed(text),
            Texts::Csv => safe::csv_cell(text),
        }
    }
}

fn kind_code(kind: CompanyKind) -> &'static str {
    match kind {
        CompanyKind::Metro => "metro",
        CompanyKind::Local => "local",
        CompanyKind::University => "university",
        CompanyKind::Other => "other",
    }
}

/// The 和暦 names of the plan's years, made once: each row names two.
struct Years(Vec<(FiscalYear, String)>);

impl Years {
    fn new(data: &Dataset) -> Self {
        Years(data.plan.fiscal_years.iter().map(|&fy| (fy, fy.wareki())).collect())
    }

    fn wareki(&self, fy: FiscalYear) -> Cow<'_, str> {
        self.0
            .iter()
            .find(|(y, _)| *y == fy)
            .map_or_else(|| Cow::Owned(fy.wareki()), |(_, w)| Cow::Borrowed(w.as_str()))
    }
}

/// One KPI × fiscal year and the contributions behind it, in the order
/// the drill-down screen lists them (largest first).
struct Item<'a> {
    data: &'a Dataset,
    lang: Lang,
    years: &'a Years,
    kpi: &'a Kpi,
    cell: &'a Cell,
    wareki: Cow<'a, str>,
    contributions: Vec<usize>,
    /// The parts of stated totals without a breakdown (each above zero),
    /// each with its stated total: one, or behind a running total one a
    /// year ([`Cell::rests`]).
    rests: Vec<(Quantity, Option<&'a StatedTotal>)>,
}

fn items<'a>(
    data: &'a Dataset,
    lang: Lang,
    years: &'a Years,
    kpi: Option<usize>,
    fy: Option<FiscalYear>,
) -> impl Iterator<Item = Item<'a>> {
    data.ledger
        .cells()
        .iter()
        .filter(move |c| kpi.is_none_or(|k| k == c.kpi) && fy.is_none_or(|f| f == c.fiscal_year))
        .filter_map(move |cell| {
            let k = data.plan.kpis.get(cell.kpi)?;
            Some(Item {
                data,
                lang,
                years,
                kpi: k,
                cell,
                wareki: years.wareki(cell.fiscal_year),
                contributions: select(
                    &data.actuals,
                    &data.keys,
                    cell,
                    &Filter::default(),
                    SortKey::Value,
                ),
                rests: cell
                    .rests(&data.actuals, k)
                    .into_iter()
                    .map(|(i, gap)| (gap, data.actuals.stated_totals.get(i)))
                    .collect(),
            })
        })
}

impl Item<'_> {
    fn is_empty(&self) -> bool {
        self.contributions.is_empty() && self.rests.is_empty()
    }

    fn share(&self, v: Quantity) -> Option<Share> {
        self.cell.actual.and_then(|a| Share::of(v, a))
    }

    /// The rows: every contribution, then the unexplained rest.
    fn rows(&self, texts: Texts) -> impl Iterator<Item = CompanyRow<'_>> + '_ {
        self.rows_of(texts, 0..self.contributions.len(), true)
    }

    /// Reads the first byte of every text the rows of `range` will show:
    /// a tight loop whose reads the processor overlaps, so that the rows
    /// then find their texts in the cache (they are scattered across the
    /// loaded data; each row waited for six reads from memory in turn).
    fn warm(&self, range: std::ops::Range<usize>) {
        let data = self.data;
        let first = |s: &str| usize::from(s.as_bytes().first().copied().unwrap_or(0));
        let sum: usize = self.contributions[range]
            .iter()
            .map(|&i| {
                let c = &data.actuals.contributions[i];
                let co = data.keys.company(i).and_then(|p| data.actuals.companies.get(p));
                first(&c.company)
                    + first(&c.note)
                    + co.map_or(0, |co| first(&co.name) + first(&co.head_office))
            })
            .sum();
        std::hint::black_box(sum);
    }

    /// The rows of the contributions in `range` (places in the item's
    /// order), then the unexplained rest if `rest`.
    fn rows_of(
        &self,
        texts: Texts,
        range: std::ops::Range<usize>,
        rest: bool,
    ) -> impl Iterator<Item = CompanyRow<'_>> + '_ {
        let data = self.data;
        let (kpi, kpi_id, unit) =
            (texts.apply(&self.kpi.name), texts.apply(&self.kpi.id), texts.apply(&self.kpi.unit));
        let base = move |row_type| CompanyRow {
            kpi: kpi.clone(),
            kpi_id: kpi_id.clone(),
            unit: unit.clone(),
            fiscal_year: self.cell.fiscal_year.0,
            fiscal_year_wareki: &self.wareki,
            row_type,
            company: Cow::Borrowed(""),
            company_id: Cow::Borrowed(""),
            head_office: Cow::Borrowed(""),
            kind: "",
            kind_code: "",
            value: Quantity::ZERO,
            share: None,
            date: None,
            note: Cow::Borrowed(""),
            contributed_in: self.cell.fiscal_year.0,
            contributed_in_wareki: Cow::Borrowed(&self.wareki),
        };
        let base2 = base.clone();
        let contributions = self.contributions[range].iter().map(move |&i| {
            let c = &data.actuals.contributions[i];
            let co = data.keys.company(i).and_then(|p| data.actuals.companies.get(p));
            CompanyRow {
                company: texts.apply(co.map_or(c.company.as_str(), |co| co.name.as_str())),
                company_id: texts.apply(&c.company),
                head_office: texts.apply(co.map_or("", |co| co.head_office.as_str())),
                kind: co.map_or("", |co| self.lang.company_kind(co.kind)),
                kind_code: co.map_or("", |co| kind_code(co.kind)),
                value: c.value,
                share: self.share(c.value),
                date: c.date,
                note: texts.apply(&c.note),
                contributed_in: c.fiscal_year.0,
                contributed_in_wareki: self.years.wareki(c.fiscal_year),
                ..base("contribution")
            }
        });
        let rests = if rest { self.rests.as_slice() } else { &[] };
        let unexplained = rests.iter().map(move |&(gap, stated)| {
            let mut row = base2("unexplained");
            row.value = gap;
            row.share = self.share(gap);
            row.note = stated.map_or(Cow::Borrowed(""), |s| texts.apply(&s.source));
            if let Some(s) = stated {
                row.contributed_in = s.fiscal_year.0;
                row.contributed_in_wareki = self.years.wareki(s.fiscal_year);
            }
            row
        });
        contributions.chain(unexplained)
    }
}

/// No rows: an item's JSON up to its rows (see [`write_json`]).
struct NoRows;

impl Serialize for NoRows {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(std::iter::empty::<()>())
    }
}

/// The rows of one item, as JSON writes them (an array made as it goes):
/// what the pieces of [`write_json`] make together.
#[cfg(test)]
struct RowsOf<'s, 'a>(&'s Item<'a>);

#[cfg(test)]
impl Serialize for RowsOf<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.rows(Texts::Raw))
    }
}

/// An item's JSON, its rows as `rows` writes them.
fn serialize_item<S: Serializer>(
    item: &Item,
    rows: &impl Serialize,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let cell = item.cell;
    let mut json = s.serialize_struct("Item", 9)?;
    json.serialize_field("kpi", &item.kpi.name)?;
    json.serialize_field("kpi_id", &item.kpi.id)?;
    json.serialize_field("unit", &item.kpi.unit)?;
    json.serialize_field("fiscal_year", &cell.fiscal_year.0)?;
    json.serialize_field("fiscal_year_wareki", &item.wareki)?;
    json.serialize_field("actual", &cell.actual)?;
    json.serialize_field("contributed", &cell.contributed)?;
    // The breakdown adds up to more than the stated total.
    json.serialize_field(
        "breakdown_exceeds_stated",
        &cell.unexplained().is_some_and(Quantity::is_negative),
    )?;
    json.serialize_field("rows", rows)?;
    json.end()
}

pub fn run(
    data: &Dataset,
    lang: Lang,
    kpi: Option<&str>,
    fy: Option<FiscalYear>,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), crate::error::Error> {
    let kpi = kpi.map(|k| super::summary::parse_kpi(data, k)).transpose()?;
    let years = Years::new(data);
    let written = match format {
        // The workbook is built from the CSV.
        Format::Csv | Format::Xlsx => write_csv(items(data, lang, &years, kpi, fy), out),
        Format::Json => write_json(items(data, lang, &years, kpi, fy), out, JSON_PIECE),
        Format::Table => write_table(data, lang, items(data, lang, &years, kpi, fy), out),
    };
    written.map_err(crate::error::Error::Output)
}

/// Rows per piece of JSON made on one core while the other makes the next.
const JSON_PIECE: usize = 4096;

/// Pretty JSON, the characters a terminal would obey escaped (see
/// [`safe::JsonFormatter`]): one document, an array of the items, each
/// with its rows. Made in pieces of rows on both cores, as the CSV is, and
/// written in order as they come: never held whole. serde_json's pretty
/// layout is kept to the byte: an item's fields are made by serde_json
/// with its rows left empty and the array opened again, and each row at
/// the depth it has in the document, between the marks the layout puts
/// around an array's values (a test compares with the document made
/// whole).
fn write_json<'a>(
    items: impl Iterator<Item = Item<'a>>,
    out: &mut dyn Write,
    rows_per_piece: usize,
) -> std::io::Result<()> {
    let items: Vec<Item> = items.collect();
    // Every item has a piece, its rows or not.
    let pieces = pieces(&items, rows_per_piece, true);
    let piece = |k: usize| -> std::io::Result<Vec<u8>> {
        let (n, range, rest) = &pieces[k];
        let item = &items[*n];
        item.warm(range.clone());
        let mut bytes = Vec::new();
        if range.start == 0 {
            bytes.extend_from_slice(if *n == 0 { b"\n  " } else { b",\n  " });
            let mut json = serde_json::Serializer::with_formatter(
                &mut bytes,
                safe::JsonFormatter::pretty_within(1),
            );
            serialize_item(item, &NoRows, &mut json)?;
            // `"rows": []` and the item's end, taken back: the rows follow.
            let made = bytes.strip_suffix(b"]\n  }").map(<[u8]>::len);
            bytes.truncate(made.ok_or_else(|| std::io::Error::other("unexpected JSON layout"))?);
        }
        let rows = item.rows_of(Texts::Raw, range.clone(), *rest);
        for (i, row) in (range.start..).zip(rows) {
            bytes.extend_from_slice(if i == 0 { b"\n      " } else { b",\n      " });
            let mut json = serde_json::Serializer::with_formatter(
                &mut bytes,
                safe::JsonFormatter::pretty_within(3),
            );
            row.serialize(&mut json)?;
        }
        if *rest {
            let any = !item.contributions.is_empty() || !item.rests.is_empty();
            bytes.extend_from_slice(if any { b"\n    ]\n  }" } else { b"]\n  }" });
        }
        Ok(bytes)
    };
    out.write_all(b"[")?;
    in_order_on_two_cores(pieces.len(), piece, out)?;
    out.write_all(if items.is_empty() { b"]\n" } else { b"\n]\n" })
}

/// The pieces of the items' rows: (item, its contributions in this piece,
/// whether the unexplained rest ends it), at most `rows` contributions
/// each. An item without rows has one piece when `every_item`, else none.
fn pieces(
    items: &[Item],
    rows: usize,
    every_item: bool,
) -> Vec<(usize, std::ops::Range<usize>, bool)> {
    let mut pieces = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let len = item.contributions.len();
        let mut start = 0;
        while start < len {
            let end = (start + rows).min(len);
            pieces.push((n, start..end, end == len));
            start = end;
        }
        if len == 0 && (!item.rests.is_empty() || every_item) {
            pieces.push((n, 0..0, true));
        }
    }
    pieces
}

/// Makes `count` pieces with `piece` and writes them in order: on both
/// cores when there are two or more, each taking every other piece and
/// handing them over in order, two at most waiting (a few pieces held,
/// never the whole).
fn in_order_on_two_cores(
    count: usize,
    piece: impl Fn(usize) -> std::io::Result<Vec<u8>> + Sync,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if count < 2 {
        return (0..count).try_for_each(|k| out.write_all(&piece(k)?));
    }
    std::thread::scope(|scope| {
        let makers: Vec<std::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>> = (0..2)
            .map(|first| {
                let (tx, rx) = std::sync::mpsc::sync_channel(2);
                let piece = &piece;
                scope.spawn(move || {
                    for k in (first..count).step_by(2) {
                        // The writer has stopped (an error): so do we.
                        if tx.send(piece(k)).is_err() {
                            break;
                        }
                    }
                });
                rx
            })
            .collect();
        for k in 0..count {
            let bytes = makers[k % 2].recv().map_err(std::io::Error::other)??;
            out.write_all(&bytes)?;
        }
        Ok(())
    })
}

/// The CSV columns, in the order of [`CompanyRow`]'s fields.
const CSV_HEADER: [&str; 17] = [
    "kpi",
    "kpi_id",
    "unit",
    "fiscal_year",
    "fiscal_year_wareki",
    "row_type",
    "company",
    "company_id",
    "head_office",
    "kind",
    "kind_code",
    "value",
    "share",
    "date",
    "note",
    "contributed_in",
    "contributed_in_wareki",
];

/// Rows per piece of CSV made on one core while the other makes the next.
const CSV_PIECE: usize = 8192;

/// The header, then every row. A million rows are made in pieces on both
/// cores (each row is a few hundred bytes gathered from across the loaded
/// data, so the time goes to waiting for memory, which two cores halve);
/// the pieces are written in order as they come, at most a few held.
fn write_csv<'a>(
    items: impl Iterator<Item = Item<'a>>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let items: Vec<Item> = items.collect();
    let pieces = pieces(&items, CSV_PIECE, false);
    // The header even when nothing matched, so scripts can read it.
    let mut header = csv::Writer::from_writer(Vec::new());
    header.write_record(CSV_HEADER)?;
    out.write_all(&header.into_inner().map_err(csv::IntoInnerError::into_error)?)?;
    let piece = |k: usize| -> std::io::Result<Vec<u8>> {
        let (n, range, rest) = &pieces[k];
        items[*n].warm(range.clone());
        let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        // Text from the files: never a formula in a spreadsheet.
        for row in items[*n].rows_of(Texts::Csv, range.clone(), *rest) {
            w.serialize(row)?;
        }
        w.into_inner().map_err(csv::IntoInnerError::into_error)
    };
    in_order_on_two_cores(pieces.len(), piece, out)
}

fn write_table<'a>(
    data: &Dataset,
    lang: Lang,
    items: impl Iterator<Item = Item<'a>>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let t = lang.texts();
    if data.is_sample() {
        writeln!(out, "[{}]", t.sample)?;
    }
    // One item at a time, every line made safe for the terminal, the items
    // made on both cores and written in order.
    let items: Vec<Item> = items.collect();
    let piece = |k: usize| -> std::io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        safe::to_terminal(&mut bytes, |out| write_item_table(lang, &items[k], out))?;
        Ok(bytes)
    };
    in_order_on_two_cores(items.len(), piece, out)
}

fn write_item_table(lang: Lang, item: &Item, out: &mut dyn Write) -> std::io::Result<()> {
    let t = lang.texts();
    let unit = &item.kpi.unit;
    let fiscal_year = item.cell.fiscal_year;
    let actual = lang.figure(item.cell.actual, unit);
    writeln!(
        out,
        "\n{} {}  {} {actual}",
        clean(&item.kpi.name),
        lang.fiscal_year(fiscal_year),
        t.actual
    )?;
    if item.is_empty() {
        writeln!(out, "  {}", t.no_companies)?;
        return Ok(());
    }
    let mut cells: Vec<[String; 7]> = item
        .rows(Texts::Raw)
        .map(|r| {
            let name = if r.row_type == "unexplained" {
                t.unexplained_row.to_string()
            } else {
                clean(&r.company).into_owned()
            };
            [
                name,
                clean(&r.head_office).into_owned(),
                r.kind.to_string(),
                lang.figure(Some(r.value), &r.unit),
                r.share.map(|s| s.to_string()).unwrap_or_default(),
                {
                    let date = r.date.map(|d| lang.short_date(d)).unwrap_or_default();
                    // Behind a running total: the year it was added in.
                    if r.contributed_in == fiscal_year.0 {
                        date
                    } else {
                        format!("{} {date}", lang.fiscal_year_short(FiscalYear(r.contributed_in)))
                            .trim_end()
                            .to_string()
                    }
                },
                clean(&r.note).into_owned(),
            ]
        })
        .collect();
    // The item's figure at the bottom, as the companies screen has it: a
    // rate is never a total of parts, so it is named as the actual,
    // without a share.
    let (label, total_share) = match item.kpi.kind {
        KpiKind::Rate => (t.actual, ""),
        _ if item.cell.actual.is_some_and(|a| !a.is_zero()) => (t.total, "100.0%"),
        _ => (t.total, ""),
    };
    cells.push([
        label.to_string(),
        String::new(),
        String::new(),
        actual.clone(),
        total_share.to_string(),
        String::new(),
        String::new(),
    ]);
    let mut widths = [0usize; 7];
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(c));
        }
    }
    for row in &cells {
        let mut line = String::from("  ");
        for (i, (c, w)) in row.iter().zip(widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(&if (3..=4).contains(&i) { pad_left(c, w) } else { pad_right(c, w) });
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    if item.cell.unexplained().is_some_and(Quantity::is_negative) {
        writeln!(out, "  ! {}: {}{}", t.breakdown_excess, item.cell.contributed, unit)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An item with all its rows, as serde_json makes it whole.
    struct Whole<'s, 'a>(&'s Item<'a>);

    impl Serialize for Whole<'_, '_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            serialize_item(self.0, &RowsOf(self.0), s)
        }
    }

    fn made_whole(items: &[Item]) -> String {
        let mut bytes = Vec::new();
        let mut json =
            serde_json::Serializer::with_formatter(&mut bytes, safe::JsonFormatter::pretty());
        json.collect_seq(items.iter().map(Whole)).expect("json");
        bytes.push(b'\n');
        String::from_utf8(bytes).expect("utf-8")
    }

    /// The document made in pieces on two cores is, to the byte, the one
    /// serde_json makes whole: for every size of piece, with an item
    /// without rows, one with the unexplained rest of a stated total, a
    /// name a terminal would obey, and no item at all.
    #[test]
    fn json_made_in_pieces_is_the_document_made_whole() {
        let mut loaded = crate::store::embedded::load().expect("embedded");
        loaded.dataset.actuals.companies[0].name = "株式会社\u{9b}31m東京\u{202e}".into();
        let data = &loaded.dataset;
        let years = Years::new(data);
        for fy in [None, Some(FiscalYear(2018)), Some(FiscalYear(1900))] {
            let listed: Vec<Item> = items(data, Lang::Ja, &years, None, fy).collect();
            let want = made_whole(&listed);
            if fy.is_none() {
                assert!(listed.iter().any(Item::is_empty), "an item without rows");
                assert!(listed.iter().any(|i| !i.rests.is_empty()), "an unexplained rest");
                assert!(want.contains("株式会社\\u009b31m東京\\u202e"), "{want}");
            }
            for rows in [1, 2, 3, 7, JSON_PIECE] {
                let mut out = Vec::new();
                write_json(items(data, Lang::Ja, &years, None, fy), &mut out, rows).expect("json");
                let got = String::from_utf8(out).expect("utf-8");
                assert_eq!(got, want, "pieces of {rows} rows, {fy:?}");
            }
        }
        serde_json::from_str::<serde_json::Value>(&made_whole(&[])).expect("JSON");
    }
}
