//! `summary --companies` as scripts read it: every row the data make, in
//! the drill-down screen's order, one valid JSON document and a CSV with
//! the same rows, the texts from the files made safe. The output is
//! written as it is made (a million rows are never held); what it says is
//! checked here against the loaded data, row by row.

use std::path::Path;

use kpi_council::domain::breakdown::Share;
use kpi_council::domain::company::CompanyKind;
use kpi_council::domain::dataset::Dataset;
use kpi_council::domain::quantity::Quantity;
use kpi_council::export::safe;
use kpi_council::i18n::Lang;
use kpi_council::store::cache::Cache;
use kpi_council::store::{dataset_files, embedded};
use serde_json::{Value, json};

/// The embedded plan and actuals (stated totals with a part unexplained,
/// 累計 KPIs listing earlier years), with texts a spreadsheet or terminal
/// would obey in names, offices and notes; written into `dir`.
fn write_data(dir: &Path) {
    let loaded = embedded::load().expect("embedded");
    let plan = loaded.dataset.plan.clone();
    let mut actuals = loaded.dataset.actuals.clone();
    actuals.companies[0].name = "=HYPERLINK(\"http://evil.example\",\"x\")".into();
    actuals.companies[1].head_office = "東京都\u{202e}港区".into();
    actuals.companies[2].name = "@SUM(A1:A2)株式会社".into();
    actuals.contributions[0].note = "\u{1b}[2J消去".into();
    actuals.contributions[1].note = "-2+3".into();
    // The one-character CSI (C1) and DEL, which serde_json leaves raw.
    actuals.contributions[2].note = "\u{9b}31m赤\u{7f}".into();
    let pretty = ron::ser::PrettyConfig::default();
    std::fs::write(
        dir.join("plan.ron"),
        ron::ser::to_string_pretty(&plan, pretty.clone()).expect("plan"),
    )
    .expect("write");
    std::fs::write(
        dir.join("actuals.ron"),
        ron::ser::to_string_pretty(&actuals, pretty).expect("actuals"),
    )
    .expect("write");
}

fn load(dir: &Path) -> Dataset {
    dataset_files::load_with(
        Some(&dir.join("plan.ron")),
        Some(&dir.join("actuals.ron")),
        &Cache::off(),
    )
    .expect("load")
    .dataset
}

fn run(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = crate::common::kpi_council()
        .current_dir(dir)
        .env("KPI_COUNCIL_CACHE", "off")
        .args(["summary", "--companies", "--plan", "plan.ron", "--actuals", "actuals.ron"])
        .args(args)
        .assert()
        .success();
    out.get_output().stdout.clone()
}

fn share(part: Quantity, whole: Option<Quantity>) -> Value {
    #[allow(clippy::cast_precision_loss)]
    whole.and_then(|w| Share::of(part, w)).map_or(Value::Null, |s| json!(s.tenths() as f64 / 10.0))
}

fn number(q: Quantity) -> Value {
    if q.milli() % 1000 == 0 { json!(q.milli() / 1000) } else { json!(q.as_f64()) }
}

/// What the items should be, made from the loaded data: for every KPI ×
/// year of the ledger, its contributions largest first (the company found
/// by its id), then the part of a stated total without a breakdown.
fn expected(data: &Dataset) -> Value {
    let lang = Lang::Ja;
    let items: Vec<Value> = data
        .ledger
        .cells()
        .iter()
        .map(|cell| {
            let kpi = &data.plan.kpis[cell.kpi];
            let fy = cell.fiscal_year;
            let row = |row_type: &str| {
                json!({
                    "kpi": kpi.name, "kpi_id": kpi.id, "unit": kpi.unit,
                    "fiscal_year": fy.0, "fiscal_year_wareki": fy.wareki(),
                    "row_type": row_type, "company": "", "company_id": "",
                    "head_office": "", "kind": "", "kind_code": "",
                    "value": 0, "share": null, "date": null, "note": "",
                    "contributed_in": fy.0, "contributed_in_wareki": fy.wareki(),
                })
            };
            let mut rows: Vec<Value> = cell
                .contributions
                .iter()
                .map(|&i| {
                    let c = &data.actuals.contributions[i];
                    let co = data.actuals.companies.iter().find(|co| co.id == c.company);
                    let mut r = row("contribution");
                    r["company"] = json!(co.map_or(c.company.as_str(), |co| co.name.as_str()));
                    r["company_id"] = json!(c.company);
                    r["head_office"] = json!(co.map_or("", |co| co.head_office.as_str()));
                    r["kind"] = json!(co.map_or("", |co| lang.company_kind(co.kind)));
                    r["kind_code"] = json!(co.map_or("", |co| match co.kind {
                        CompanyKind::Metro => "metro",
                        CompanyKind::Local => "local",
                        CompanyKind::University => "university",
                        CompanyKind::Other => "other",
                    }));
                    r["value"] = number(c.value);
                    r["share"] = share(c.value, cell.actual);
                    r["date"] = c.date.map_or(Value::Null, |d| json!(d.to_string()));
                    r["note"] = json!(c.note);
                    r["contributed_in"] = json!(c.fiscal_year.0);
                    r["contributed_in_wareki"] = json!(c.fiscal_year.wareki());
                    r
                })
                .collect();
            let stated = cell.stated.map(|s| &data.actuals.stated_totals[s]);
            if let (Some(actual), Some(s)) = (cell.actual, stated) {
                let gap = actual.saturating_sub(cell.contributed);
                if gap.milli() > 0 {
                    let mut r = row("unexplained");
                    r["value"] = number(gap);
                    r["share"] = share(gap, cell.actual);
                    r["note"] = json!(s.source);
                    r["contributed_in"] = json!(s.fiscal_year.0);
                    r["contributed_in_wareki"] = json!(s.fiscal_year.wareki());
                    rows.push(r);
                }
            }
            json!({
                "kpi": kpi.name, "kpi_id": kpi.id, "unit": kpi.unit,
                "fiscal_year": fy.0, "fiscal_year_wareki": fy.wareki(),
                "actual": cell.actual.map_or(Value::Null, number),
                "contributed": number(cell.contributed),
                "breakdown_exceeds_stated": stated.is_some()
                    && cell.actual.is_some_and(|a| a.milli() < cell.contributed.milli()),
                "rows": rows,
            })
        })
        .collect();
    Value::Array(items)
}

#[test]
fn json_is_one_document_with_every_row_the_data_make() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_data(dir.path());
    let data = load(dir.path());
    let out = run(dir.path(), &["--format", "json"]);
    let text = String::from_utf8(out).expect("utf-8");
    // One document: the parser reads it to the end.
    let got: Value = serde_json::from_str(&text).expect("one valid JSON document");
    let want = expected(&data);
    assert!(want.as_array().is_some_and(|a| a.iter().any(|i| {
        i["rows"].as_array().is_some_and(|r| r.iter().any(|r| r["row_type"] == "unexplained"))
    })));
    assert_eq!(got, want);
    // The bidi override is there for a script, but as an escape, never raw.
    assert!(!text.contains('\u{202e}'));
    assert!(text.contains("東京都\\u202e港区"), "the override written as an escape");
    assert!(!text.contains(['\u{9b}', '\u{7f}']), "no C1 control or DEL raw");
    assert!(text.contains("\\u009b31m赤\\u007f"), "written as escapes");
    assert!(text.ends_with("]\n"));
}

/// Every line of the CSV against the rows the data make; the number of
/// rows.
fn check_csv(dir: &Path) -> Vec<u8> {
    let data = load(dir);
    let want: Vec<Value> = expected(&data)
        .as_array()
        .expect("items")
        .iter()
        .flat_map(|i| i["rows"].as_array().expect("rows").clone())
        .collect();
    let out = run(dir, &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let headers = reader.headers().expect("header").clone();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), want.len(), "one line per row");
    let texts = ["kpi", "kpi_id", "unit", "company", "company_id", "head_office", "note"];
    for (record, row) in records.iter().zip(&want) {
        for (name, cell) in headers.iter().zip(record) {
            let value = &row[name];
            let expected = match value {
                Value::Null => String::new(),
                Value::String(s) if texts.contains(&name) => safe::csv(s),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if let Some(n) = value.as_f64() {
                assert_eq!(cell.parse::<f64>().ok(), Some(n), "{name} of {row}");
            } else {
                assert_eq!(cell, expected, "{name} of {row}");
            }
        }
    }
    out
}

#[test]
fn csv_has_the_same_rows_with_texts_made_safe_for_a_spreadsheet() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_data(dir.path());
    let text = String::from_utf8(check_csv(dir.path())).expect("utf-8");
    assert!(text.contains("'=HYPERLINK"), "a formula-looking name starts with '");
    assert!(text.contains("'@SUM(A1:A2)株式会社"));
    assert!(
        !text.contains(['\u{1b}', '\u{202e}', '\u{9b}', '\u{7f}']),
        "no control reaches a cell"
    );
}

#[test]
fn nothing_selected_still_writes_the_header_and_an_empty_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_data(dir.path());
    // An item of the embedded actuals with no company behind it (進出企業数
    // in the first year).
    let data = load(dir.path());
    let items = expected(&data);
    let empty = items
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["kpi_id"] == "進出企業数" && i["rows"] == json!([]))
        .expect("an item without companies");
    let fy = empty["fiscal_year"].to_string();
    let csv = run(dir.path(), &["--format", "csv", "--kpi", "進出企業数", "--fy", &fy]);
    assert!(String::from_utf8_lossy(&csv).starts_with("kpi,kpi_id,unit,fiscal_year,"));
    assert_eq!(String::from_utf8_lossy(&csv).lines().count(), 1, "the header only");
    let json = run(dir.path(), &["--format", "json", "--kpi", "進出企業数", "--fy", &fy]);
    let got: Value = serde_json::from_slice(&json).expect("json");
    assert_eq!(got[0]["rows"], json!([]));
    assert_eq!(got.as_array().map(Vec::len), Some(1));
}

/// Items of many thousands of companies are written in pieces made on
/// both cores: every row is there once, in order.
#[test]
fn long_items_written_in_pieces_keep_every_row_in_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let size = kpi_council::sample::Size {
        kpis: 1,
        years: 2,
        companies: 300,
        records: 40_000,
        remarks: 0,
    };
    kpi_council::commands::sample::run(size, dir.path(), false).expect("sample");
    let data = load(dir.path());
    let longest = data.ledger.cells().iter().map(|c| c.contributions.len()).max();
    assert!(longest > Some(2 * 8192), "an item longer than two pieces: {longest:?}");
    let out = check_csv(dir.path());
    assert_eq!(
        String::from_utf8_lossy(&out).lines().count(),
        1 + data.ledger.cells().iter().map(|c| c.contributions.len()).sum::<usize>()
            + data
                .ledger
                .cells()
                .iter()
                .filter(|c| c.unexplained().is_some_and(|g| g.milli() > 0))
                .count(),
    );
}

/// `summary -o FILE` over a file that exists is refused before the data
/// are read (a million records take seconds): here the actuals named do
/// not exist, and the refusal is still the one about the output, which is
/// left as it was.
#[test]
fn an_output_that_exists_is_refused_before_the_data_are_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("out.csv"), "前の表\n").expect("write");
    let out = crate::common::kpi_council()
        .args(["--actuals", "missing.ron", "summary", "--companies", "--format", "csv"])
        .args(["-o", "out.csv"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        "エラー: out.csv: ファイルが既にあります。置き換えるには --force を付けてください"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("out.csv")).expect("kept"), "前の表\n");
}
