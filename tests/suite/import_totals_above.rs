//! Totals written above their companies (合計 first, bold and shaded, the
//! KPI merged down its block, a blank row between blocks), as offices lay
//! them out: read as the total of the rows below, checked, the companies
//! counted once; refused at the total's cell where which rows it totals is
//! unclear. The files are LibreOffice's (`tests/data/actuals/make.py`).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use kpi_council::i18n::Lang;
use kpi_council::import::actuals::{Hidden, Options};
use kpi_council::import::reconciliation::{Fate, Reconciliation};
use kpi_council::import::{Imported, SheetChoice, read_actuals, report};
use kpi_council::store::embedded;

fn file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/actuals").join(name)
}

fn import(path: &Path) -> Imported {
    let plan = embedded::plan().expect("plan").0;
    let options = Options { map: std::collections::HashMap::new(), hidden: Hidden::Stop };
    read_actuals(path, &plan, &SheetChoice::Default, &options)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn totals(rec: &Reconciliation) -> Vec<String> {
    rec.items
        .iter()
        .map(|i| {
            let stated = i.stated.map_or_else(|| "-".into(), |s| s.to_string());
            format!(
                "{} {}: {} companies, sum {}, stated {stated}, shown {}",
                i.kpi, i.fiscal_year.0, i.companies, i.sum, i.figure
            )
        })
        .collect()
}

fn errors(rec: &Reconciliation) -> Vec<String> {
    rec.errors.iter().map(kpi_council::import::table::CellError::within_file).collect()
}

/// The rows that are not plain companies, as `number fate`.
fn fates(rec: &Reconciliation) -> Vec<String> {
    rec.rows
        .iter()
        .filter(|r| !matches!(r.fate, Fate::Used { .. } | Fate::Header | Fate::Title))
        .map(|r| format!("{} {}", r.number, report::fate_text(Lang::En.reconciliation(), &r.fate)))
        .collect()
}

fn bin_en() -> Command {
    let mut c = crate::common::kpi_council();
    c.args(["--lang", "en"]);
    c
}

/// What `summary` prints for the actuals at `path`, with `args`.
fn summary(path: &Path, args: &[&str]) -> String {
    let run = bin_en().arg("--actuals").arg(path).arg("summary").args(args).assert().success();
    String::from_utf8(run.get_output().stdout.clone()).expect("utf-8")
}

#[test]
fn totals_above_their_companies_are_checked_and_not_counted_twice() {
    for name in ["top-totals.xlsx", "top-totals.ods", "top-totals.xls", "top-totals.csv"] {
        let i = import(&file(name));
        let rec = &i.reconciliation;
        assert_eq!(errors(rec), Vec::<String>::new(), "{name}");
        assert_eq!(
            totals(rec),
            [
                "新規移動人数 2017: 2 companies, sum 10, stated 10, shown 10",
                "新規移動人数 2018: 3 companies, sum 14, stated 14, shown 14",
                "新規参加企業数 2018: 3 companies, sum 3, stated -, shown 3",
            ],
            "{name}"
        );
        assert_eq!(
            fates(rec),
            [
                "3 stated total",
                "7 stated total",
                "12 subtotal, left out (sum of rows 13, 14)",
                "15 subtotal, left out (sum of rows 16)",
            ],
            "{name}"
        );
        assert_eq!(i.actuals.contributions.len(), 8, "{name}: each company once");
    }
}

/// The same figures laid out with each total below its companies, as the
/// import has always read them.
fn totals_below(dir: &Path) -> PathBuf {
    let path = dir.join("below.csv");
    let rows = [
        "指標,年度,企業名,値,備考",
        "新規移動人数,2017,株式会社サンプル東京,4,",
        "新規移動人数,2017,架空データ工房株式会社,6,",
        "新規移動人数,2017,合計,10,",
        "新規移動人数,2018,株式会社サンプル東京,5,",
        "新規移動人数,2018,架空データ工房株式会社,6,",
        "新規移動人数,2018,株式会社オホーツク試験,3,",
        "新規移動人数,2018,合　計,14,",
        "新規参加企業数,2018,株式会社サンプル東京,1,",
        "新規参加企業数,2018,架空データ工房株式会社,1,",
        "新規参加企業数,2018,小計,2,首都圏",
        "新規参加企業数,2018,株式会社オホーツク試験,1,",
        "新規参加企業数,2018,小計,1,地元",
    ];
    std::fs::write(&path, rows.join("\n") + "\n").expect("write");
    path
}

#[test]
fn the_summary_shows_the_companies_sum_once_as_with_totals_below() {
    let dir = tempfile::tempdir().expect("temp dir");
    let below = totals_below(dir.path());
    let csv = summary(&file("top-totals.xlsx"), &["--format", "csv", "--fy", "2018"]);
    assert!(csv.contains("新規移動人数,新規移動人数,人,2018,平成30年度,50,14,28.0"), "{csv}");
    assert!(csv.contains("新規参加企業数,新規参加企業数,社,2018,平成30年度,10,3,30.0"), "{csv}");
    for fy in ["2017", "2018"] {
        let args = ["--companies", "--fy", fy];
        let above = summary(&file("top-totals.xlsx"), &args);
        assert_eq!(above, summary(&below, &args), "FY {fy}");
        assert_eq!(above, summary(&file("top-totals.ods"), &args), "FY {fy}");
        assert_eq!(above, summary(&file("top-totals.csv"), &args), "FY {fy}");
    }
    let companies = summary(&file("top-totals.xlsx"), &["--companies", "--fy", "2018"]);
    assert!(companies.contains("新規移動人数 FY2018 (H30)  Actual 14人\n"), "{companies}");
    assert_eq!(companies.matches("株式会社オホーツク試験").count(), 2, "{companies}");
    assert!(companies.contains("  Total                            14人  100.0%\n"), "{companies}");
}

#[test]
fn a_total_above_that_does_not_add_up_is_refused_at_its_cell() {
    for name in ["top-total-wrong.xlsx", "top-total-wrong.ods"] {
        let rec = import(&file(name)).reconciliation;
        assert_eq!(
            errors(&rec),
            [
                "sheet 実績, row 3, column D (値): 「合計」 above its companies is 15 but the rows below it add up to 14 (rows 4, 5); if it includes a part without a company breakdown, write 公表値 in its company cell"
            ],
            "{name}"
        );
    }
    // In Japanese, as the secretariat reads it.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = file("top-total-wrong.xlsx");
    let run = crate::common::kpi_council()
        .args(["import", "actuals"])
        .arg(&path)
        .arg("-o")
        .arg(dir.path().join("a.ron"))
        .assert()
        .code(2);
    let stderr = String::from_utf8(run.get_output().stderr.clone()).expect("utf-8");
    assert!(
        stderr.contains("シート 実績、3行目、D列（値）: 企業の行の上の「合計」は 15 ですが、下の行（4, 5 行目）の合計は 14 です。企業別の内訳のない分を含む値なら、企業名のセルを「公表値」にしてください"),
        "{stderr}"
    );
    assert!(!dir.path().join("a.ron").exists());
}

#[test]
fn totals_above_whose_rows_are_unclear_are_refused_at_the_cell() {
    for name in ["top-unclear.xlsx", "top-unclear.ods"] {
        let rec = import(&file(name)).reconciliation;
        assert_eq!(
            errors(&rec),
            [
                // 合計 above and below the same companies.
                "sheet 実績, row 3, column D (値): 「合計」 stands above the companies it totals, but 「合計」 (row 6) stands below companies (rows 4, 5): with totals both above and below the companies of one KPI and 年度, which rows each totals is unclear; keep the totals on one side, above or below their companies",
                // 小計 groups above their companies, under a 合計 above them.
                "sheet 実績, row 8, column D (値): 「合計」 is followed by 「小計」 (row 9), not by company rows: a total of other totals is not read, as which rows it totals is unclear; delete it, or write 公表値 in its company cell if it is the published figure of the KPI and 年度",
                // 小計 rows below their companies, under a 合計 above them.
                "sheet 実績, row 15, column D (値): 「合計」 stands above the companies it totals, but 「小計」 (row 18) stands below companies (rows 16, 17): with totals both above and below the companies of one KPI and 年度, which rows each totals is unclear; keep the totals on one side, above or below their companies",
                // A 総計 over the 合計 groups below it.
                "sheet 実績, row 22, column D (値): 「総計」 is followed by 「合計」 (row 23), not by company rows: a total of other totals is not read, as which rows it totals is unclear; delete it, or write 公表値 in its company cell if it is the published figure of the KPI and 年度",
            ],
            "{name}"
        );
    }
}

/// The merged KPI and 年度 saved as CSV are empty below the block's first
/// row: refused at each such cell, never read into another block.
#[test]
fn a_merged_block_saved_as_csv_is_refused_at_its_empty_cells() {
    let rec = import(&file("top-totals-merged.csv")).reconciliation;
    let errors = errors(&rec);
    assert_eq!(errors.len(), 10, "{errors:#?}");
    for (i, row) in [4, 5, 8].into_iter().enumerate() {
        assert_eq!(
            errors[i],
            format!(
                "row {row}, column B (年度): the 年度 cell is empty, though the row above has one: a merged cell saved as CSV is empty below its first row; write the 年度 on every row"
            )
        );
    }
    let path = file("top-totals-merged.csv");
    let run = crate::common::kpi_council()
        .args(["import", "actuals"])
        .arg(&path)
        .arg("-o")
        .arg(tempfile::tempdir().expect("temp dir").path().join("a.ron"))
        .assert()
        .code(2);
    let stderr = String::from_utf8(run.get_output().stderr.clone()).expect("utf-8");
    assert!(
        stderr.contains("4行目、B列（年度）: 年度 のセルが空です。上の行にはあります。結合したセルは CSV に保存すると二行目から空になります。すべての行に 年度 を入力してください"),
        "{stderr}"
    );
}
