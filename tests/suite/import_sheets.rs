//! Spreadsheets shaped as city offices' really are (made by LibreOffice,
//! `tests/data/actuals/make.py`): each imports to the exact totals or is
//! refused with the exact message, as .xlsx and as .ods.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use kpi_council::domain::plan::Plan;
use kpi_council::i18n::Lang;
use kpi_council::import::actuals::{Hidden, Options};
use kpi_council::import::reconciliation::{Fate, Reconciliation};
use kpi_council::import::{Imported, SheetChoice, read_actuals, report};
use kpi_council::store::embedded;

fn file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/actuals").join(name)
}

/// The case as LibreOffice saved it in both formats.
fn both(case: &str) -> [PathBuf; 2] {
    [file(&format!("{case}.xlsx")), file(&format!("{case}.ods"))]
}

fn kitami() -> Plan {
    embedded::plan().expect("plan").0
}

/// The plan with a KPI in percent (観光客満足度), from its text.
fn reiwa() -> Plan {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/plans/reiwa-four-columns.txt");
    kpi_council::commands::import::read_plan(&path).expect("plan")
}

fn read(path: &Path, plan: &Plan, choice: &SheetChoice, hidden: Hidden) -> Imported {
    let options = Options { map: std::collections::HashMap::new(), hidden };
    read_actuals(path, plan, choice, &options).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(path: &Path, plan: &Plan) -> Imported {
    read(path, plan, &SheetChoice::Default, Hidden::Stop)
}

/// The figures per item as one line each: what the program will show.
fn totals(rec: &Reconciliation) -> Vec<String> {
    rec.items
        .iter()
        .map(|i| {
            format!(
                "{} {}: {} companies, sum {}, stated {}, shown {}",
                i.kpi,
                i.fiscal_year.0,
                i.companies,
                i.sum,
                i.stated.map_or_else(|| "-".into(), |s| s.to_string()),
                i.figure
            )
        })
        .collect()
}

fn errors(rec: &Reconciliation) -> Vec<String> {
    rec.errors.iter().map(kpi_council::import::table::CellError::within_file).collect()
}

fn warnings(rec: &Reconciliation) -> Vec<String> {
    rec.warnings.iter().map(kpi_council::import::table::CellError::within_file).collect()
}

/// The rows that are not plain companies, as `number fate`.
fn fates(rec: &Reconciliation) -> Vec<String> {
    rec.rows
        .iter()
        .filter(|r| !matches!(r.fate, Fate::Used { .. } | Fate::Header | Fate::Title))
        .map(|r| format!("{} {}", r.number, report::fate_text(Lang::En.reconciliation(), &r.fate)))
        .collect()
}

#[test]
fn subtotal_rows_are_checked_and_left_out() {
    for path in both("subtotals") {
        let i = import(&path, &kitami());
        let rec = &i.reconciliation;
        assert_eq!(errors(rec), Vec::<String>::new(), "{}", path.display());
        assert_eq!(
            totals(rec),
            [
                "新規移動人数 2018: 3 companies, sum 14, stated 14, shown 14",
                "新規参加企業数 2018: 2 companies, sum 2, stated 2, shown 2",
            ],
            "{}",
            path.display()
        );
        assert_eq!(
            fates(rec),
            [
                "5 subtotal, left out (sum of rows 3, 4)",
                "7 subtotal, left out (sum of rows 6)",
                "8 stated total",
                "11 stated total",
            ]
        );
        assert_eq!(i.actuals.contributions.len(), 5);
    }
    for path in both("subtotal-wrong") {
        assert_eq!(
            errors(&import(&path, &kitami()).reconciliation),
            [
                "sheet 実績, row 4, column D (値): the subtotal 「小計」 is 12 but the rows above it add up to 11 (rows 2, 3)"
            ]
        );
    }
}

#[test]
fn a_company_merged_over_two_rows_names_both() {
    for path in both("merged") {
        let i = import(&path, &kitami());
        assert_eq!(errors(&i.reconciliation), Vec::<String>::new(), "{}", path.display());
        assert_eq!(
            totals(&i.reconciliation),
            ["新規移動人数 2018: 2 companies, sum 33, stated -, shown 33"],
            "{}",
            path.display()
        );
        let c = &i.actuals.contributions;
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].company, c[1].company, "the merged company names rows 2 and 3");
        assert_eq!(c[1].note, "秋の滞在");
    }
    for path in both("merged-value") {
        assert_eq!(
            errors(&import(&path, &kitami()).reconciliation),
            [
                "sheet 実績, row 3, column D (値): the 値 cell is merged with row 2 above it; one value cannot count for several rows: unmerge it and give each row its own value"
            ],
            "{}",
            path.display()
        );
    }
}

#[test]
fn error_cells_are_refused_by_name() {
    for path in both("errors") {
        assert_eq!(
            errors(&import(&path, &kitami()).reconciliation),
            [
                "sheet 実績, row 3, column C (企業名): the 企業名 cell holds the error #N/A (a formula failed); correct it or type the value",
                "sheet 実績, row 4, column D (値): the 値 cell holds the error #DIV/0! (a formula failed); correct it or type the value",
            ],
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_hidden_first_sheet_is_not_read() {
    for path in both("hidden-sheet") {
        let i = import(&path, &kitami());
        let rec = &i.reconciliation;
        assert_eq!(errors(rec), Vec::<String>::new());
        assert_eq!(rec.sheets.len(), 1);
        assert_eq!(rec.sheet_name(0), Some("実績"));
        assert_eq!(rec.not_read, [("旧案".to_string(), "hidden".to_string())]);
        assert_eq!(totals(rec), ["新規移動人数 2018: 2 companies, sum 11, stated -, shown 11"]);
        // Named, it is read: the user knows.
        let old = read(&path, &kitami(), &SheetChoice::Named("旧案".into()), Hidden::Stop);
        assert_eq!(
            totals(&old.reconciliation),
            ["新規移動人数 2018: 1 companies, sum 99, stated -, shown 99"]
        );
    }
}

#[test]
fn a_hidden_column_stops_the_import_until_told() {
    for path in both("hidden-column") {
        let plan = kitami();
        let stop = import(&path, &plan);
        assert_eq!(
            errors(&stop.reconciliation),
            [
                "sheet 実績: hidden columns D (実績) hold data; say what to do with them: --hidden skip leaves them out, --hidden include reads them"
            ],
            "{}",
            path.display()
        );
        let skip = read(&path, &plan, &SheetChoice::Default, Hidden::Skip);
        assert_eq!(errors(&skip.reconciliation), Vec::<String>::new());
        assert_eq!(
            totals(&skip.reconciliation),
            ["新規移動人数 2018: 2 companies, sum 11, stated -, shown 11"],
            "the visible 値, not the hidden 実績"
        );
        let include = read(&path, &plan, &SheetChoice::Default, Hidden::Include);
        assert_eq!(
            errors(&include.reconciliation),
            [
                "sheet 実績, row 1: columns D (実績) and E (値) both read as 値 (value); keep one: --map \"実績=ignore\" leaves the first out"
            ]
        );
    }
}

#[test]
fn a_hidden_row_stops_the_import_until_told() {
    for path in both("hidden-row") {
        let plan = kitami();
        let stop = import(&path, &plan);
        assert_eq!(
            errors(&stop.reconciliation),
            [
                "sheet 実績: hidden rows 3 hold data; say what to do with them: --hidden skip leaves them out, --hidden include reads them"
            ],
            "{}",
            path.display()
        );
        let skip = read(&path, &plan, &SheetChoice::Default, Hidden::Skip);
        assert_eq!(
            totals(&skip.reconciliation),
            ["新規移動人数 2018: 2 companies, sum 11, stated -, shown 11"]
        );
        assert_eq!(fates(&skip.reconciliation), ["3 skipped: hidden row (--hidden skip)"]);
        let include = read(&path, &plan, &SheetChoice::Default, Hidden::Include);
        assert_eq!(
            totals(&include.reconciliation),
            ["新規移動人数 2018: 3 companies, sum 18, stated -, shown 18"]
        );
        assert_eq!(
            warnings(&include.reconciliation),
            ["sheet 実績: hidden rows 3 were read (--hidden include)"]
        );
    }
}

/// The case in all three formats LibreOffice saves: .xlsx, .ods and .xls.
fn all_three(case: &str) -> [PathBuf; 3] {
    [file(&format!("{case}.xlsx")), file(&format!("{case}.ods")), file(&format!("{case}.xls"))]
}

#[test]
fn rows_an_autofilter_leaves_out_stop_the_import_in_every_format() {
    // Rows 3 and 4 (速報) filtered out: the sheet shows 5 and 3. An .xls
    // had read all four (21) with only a warning that it could not tell.
    for path in all_three("filtered") {
        let plan = kitami();
        let stop = import(&path, &plan);
        assert_eq!(
            errors(&stop.reconciliation),
            [
                "sheet 実績: hidden rows 3, 4 hold data; say what to do with them: --hidden skip leaves them out, --hidden include reads them"
            ],
            "{}",
            path.display()
        );
        let skip = read(&path, &plan, &SheetChoice::Default, Hidden::Skip);
        assert_eq!(
            totals(&skip.reconciliation),
            ["新規移動人数 2018: 2 companies, sum 8, stated -, shown 8"],
            "{}",
            path.display()
        );
        assert_eq!(
            fates(&skip.reconciliation),
            ["3 skipped: hidden row (--hidden skip)", "4 skipped: hidden row (--hidden skip)"]
        );
    }
}

#[test]
fn collapsed_groups_of_rows_and_columns_stop_the_import_in_every_format() {
    for path in all_three("grouped") {
        let plan = kitami();
        let stop = import(&path, &plan);
        assert_eq!(
            errors(&stop.reconciliation),
            [
                "sheet 実績: hidden columns D (旧値) and rows 3, 4 hold data; say what to do with them: --hidden skip leaves them out, --hidden include reads them"
            ],
            "{}",
            path.display()
        );
        let skip = read(&path, &plan, &SheetChoice::Default, Hidden::Skip);
        assert_eq!(
            totals(&skip.reconciliation),
            ["新規移動人数 2018: 1 companies, sum 5, stated -, shown 5"],
            "{}: the visible row's 値, not the collapsed 旧値",
            path.display()
        );
        assert!(
            warnings(&skip.reconciliation).iter().all(|w| !w.contains("hidden")),
            "{:?}",
            warnings(&skip.reconciliation)
        );
    }
}

#[test]
fn a_unit_line_above_the_table_that_is_not_the_kpis_unit_is_refused() {
    // 「（単位：千人）」 in E1: 5 and 6 are 5,000 and 6,000 people, which
    // were read as 5 and 6.
    for path in both("unit-line") {
        let rec = import(&path, &kitami()).reconciliation;
        assert_eq!(
            errors(&rec),
            [
                "sheet 実績, row 3, column D (値): the sheet states its values in 千人 (row 1, column E: 「（単位：千人）」) but 新規移動人数 is counted in 人; a value in 千人 read as 人 would be a different figure: enter the values in 人 and make the stated unit agree",
                "sheet 実績, row 4, column D (値): the sheet states its values in 千人 (row 1, column E: 「（単位：千人）」) but 新規移動人数 is counted in 人; a value in 千人 read as 人 would be a different figure: enter the values in 人 and make the stated unit agree",
            ],
            "{}",
            path.display()
        );
    }
    let [xlsx, _] = both("unit-line");
    let stderr = refused_in_japanese(&xlsx);
    assert!(
        stderr.contains("シート 実績、3行目、D列（値）: シートは値の単位を 千人 としています（1 行目 E 列「（単位：千人）」）が、新規移動人数 の単位は 人 です"),
        "{stderr}"
    );
}

/// 「参考 事業費（単位：千円）」 over a reference table of costs, then the
/// KPI table without a unit line: the 千円 was taken as the KPI table's
/// unit, and its 5 and 6 (人) refused. A unit line states the unit of the
/// table directly under it: the nearest above the header, no rows of
/// figures between them.
#[test]
fn a_unit_line_of_another_table_above_is_not_the_tables_unit() {
    for path in both("unit-other-table") {
        let rec = import(&path, &kitami()).reconciliation;
        assert_eq!(errors(&rec), Vec::<String>::new(), "{}", path.display());
        // Said, in case it was meant for the values.
        assert_eq!(
            warnings(&rec),
            [
                "sheet 実績, row 1: 「参考 事業費（単位：千円）」 in column A states the unit 千円 of the table under it (figures in row 3), not of the values' table; if it is the values' unit, put it directly above their header"
            ],
            "{}",
            path.display()
        );
        assert_eq!(
            totals(&rec),
            ["新規移動人数 2018: 2 companies, sum 11, stated -, shown 11"],
            "{}",
            path.display()
        );
    }
    // The table's own unit line, a title, an empty row and a note between
    // it and the header, is its unit still; so is the nearest of two.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("own.csv");
    for head in [
        "（単位：千人）\n令和元年度 KPI実績\n\n作成：産業課\n",
        "参考 事業費（単位：千円）\n事業名,事業費\nサテライトオフィス整備,12000\n\n令和元年度 KPI実績（単位：千人）\n",
    ] {
        std::fs::write(
            &path,
            format!(
                "{head}指標,年度,企業名,値\n新規移動人数,2018,株式会社エー,5\n新規移動人数,2018,株式会社ビー,6\n"
            ),
        )
        .expect("write");
        let rec = import(&path, &kitami()).reconciliation;
        let errors = errors(&rec);
        assert_eq!(errors.len(), 2, "{head}: {errors:?}");
        assert!(
            errors.iter().all(|e| e.contains("the sheet states its values in 千人")),
            "{head}: {errors:?}"
        );
    }
}

#[test]
fn a_unit_line_listing_units_is_checked_against_each_kpi_by_the_list() {
    // （単位：人、社） over KPIs in 人 and in 社 had been read as 人 alone,
    // 新規参加企業数's 1 refused; （単位：人・社） as one unit 人・社, both
    // refused. A KPI whose unit is not listed is refused as before.
    let dir = tempfile::tempdir().expect("temp dir");
    for line in ["（単位：人、社）", "（単位：人・社）", "(単位:人,社)"] {
        let path = dir.path().join("list.csv");
        std::fs::write(
            &path,
            format!(
                "\"令和元年度 KPI実績{line}\"\n指標,年度,企業名,値\n新規移動人数,2018,株式会社エー,5\n新規参加企業数,2018,株式会社エー,1\n"
            ),
        )
        .expect("write");
        let rec = import(&path, &kitami()).reconciliation;
        assert_eq!(errors(&rec), Vec::<String>::new(), "{line}");
        assert_eq!(
            totals(&rec),
            [
                "新規移動人数 2018: 1 companies, sum 5, stated -, shown 5",
                "新規参加企業数 2018: 1 companies, sum 1, stated -, shown 1",
            ],
            "{line}"
        );
    }
    let path = dir.path().join("list.csv");
    std::fs::write(
        &path,
        "（単位：千人、社）\n指標,年度,企業名,値\n新規移動人数,2018,株式会社エー,5\n新規参加企業数,2018,株式会社エー,1\n",
    )
    .expect("write");
    let rec = import(&path, &kitami()).reconciliation;
    assert_eq!(
        errors(&rec),
        [
            "row 3, column D (値): the sheet states its values in 千人、社 (row 1, column A: 「（単位：千人、社）」) but 新規移動人数 is counted in 人; a value in 千人、社 read as 人 would be a different figure: enter the values in 人 and make the stated unit agree"
        ]
    );
}

#[test]
fn a_ditto_mark_in_the_unit_column_is_the_unit_above_it() {
    // 〃 and 同上 under 人 had been refused as units of their own; under
    // 千人 the row is refused as 千人 is.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ditto.csv");
    std::fs::write(
        &path,
        "指標,年度,企業名,値,単位\n新規移動人数,2018,株式会社エー,5,人\n新規移動人数,2018,株式会社ビー,6,〃\n新規移動人数,2018,株式会社シー,7,同上\n新規移動人数,2017,株式会社エー,3,千人\n新規移動人数,2017,株式会社ビー,4,〃\n",
    )
    .expect("write");
    let rec = import(&path, &kitami()).reconciliation;
    let refused = |row: usize| {
        format!(
            "row {row}, column D (値): column E (単位) gives this row's unit as 「千人」 but 新規移動人数 is counted in 人; a value in 「千人」 read as 人 would be a different figure: enter the value in 人"
        )
    };
    assert_eq!(errors(&rec), [refused(5), refused(6)]);
    assert_eq!(totals(&rec), ["新規移動人数 2018: 3 companies, sum 18, stated -, shown 18"]);
}

#[test]
fn a_unit_in_the_value_header_is_checked_against_each_kpi() {
    // 実績（人）: read for 新規移動人数 (人), refused for 新規参加企業数 (社).
    for path in both("unit-header") {
        let rec = import(&path, &kitami()).reconciliation;
        assert_eq!(
            errors(&rec),
            [
                "sheet 実績, row 3, column D (実績（人）): the sheet states its values in 人 (row 1, column D: 「実績（人）」) but 新規参加企業数 is counted in 社; a value in 人 read as 社 would be a different figure: enter the values in 社 and make the stated unit agree"
            ],
            "{}",
            path.display()
        );
        assert_eq!(
            fates(&rec)[0],
            "3 refused: the sheet states its values in 人 (row 1, column D: 「実績（人）」) but 新規参加企業数 is counted in 社; a value in 人 read as 社 would be a different figure: enter the values in 社 and make the stated unit agree"
        );
    }
}

#[test]
fn a_total_beside_the_published_figure_is_checked_as_the_companies_sum() {
    for path in both("total-and-published") {
        let rec = import(&path, &kitami()).reconciliation;
        assert_eq!(
            errors(&rec),
            [
                "sheet 実績, row 7, column D (値): 「合計」 is 9 but the company rows above it add up to 4 (rows 6); with a 公表値 row in the same KPI and 年度, 「合計」 is checked as the companies' sum: if it includes a part without a company breakdown, keep only the 公表値 row"
            ],
            "{}",
            path.display()
        );
        assert_eq!(
            fates(&rec),
            [
                "4 subtotal, left out (sum of rows 2, 3)",
                "5 stated total",
                "7 refused: 「合計」 is 9 but the company rows above it add up to 4 (rows 6); with a 公表値 row in the same KPI and 年度, 「合計」 is checked as the companies' sum: if it includes a part without a company breakdown, keep only the 公表値 row",
                "8 stated total",
            ]
        );
        assert_eq!(
            totals(&rec)[0],
            "新規移動人数 2017: 2 companies, sum 11, stated 15, shown 15",
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_total_ending_a_second_group_of_companies_is_its_groups_subtotal() {
    for path in both("two-groups") {
        let rec = import(&path, &kitami()).reconciliation;
        assert_eq!(errors(&rec), Vec::<String>::new(), "{}", path.display());
        assert_eq!(
            fates(&rec),
            ["4 subtotal, left out (sum of rows 2, 3)", "7 subtotal, left out (sum of rows 5, 6)"]
        );
        assert_eq!(
            totals(&rec),
            ["新規移動人数 2018: 4 companies, sum 16, stated -, shown 16"],
            "{}",
            path.display()
        );
    }
}

/// `A 5, B 6, 合計 11, C 5`: a 合計 over companies with one more company
/// under it and no total closing it had been read as 16 without a word,
/// though C may stand outside the total. It is refused at the 合計, naming
/// C's row; a 合計 closed by another under the last company, and a 小計
/// followed by more companies, are read as before.
#[test]
fn a_total_with_more_companies_below_and_none_closing_them_is_refused() {
    let refused = "「合計」 has company rows of the same KPI and 年度 below it (rows 5) and no total under them: are rows 5 part of the item or outside its total (a reference, a note)? if part of it, write 小計 for 「合計」 or add a 合計 row under them; if outside it, move them out of the table";
    for path in both("total-then-more") {
        let rec = import(&path, &kitami()).reconciliation;
        assert_eq!(
            errors(&rec),
            [format!("sheet 実績, row 4, column D (値): {refused}")],
            "{}",
            path.display()
        );
        assert_eq!(
            fates(&rec),
            [
                format!("4 refused: {refused}"),
                "7 subtotal, left out (sum of rows 6)".to_string(),
                "9 subtotal, left out (sum of rows 8)".to_string(),
                "11 subtotal, left out (sum of rows 10)".to_string(),
            ],
            "{}",
            path.display()
        );
        let totals = totals(&rec);
        assert!(
            totals
                .contains(&"新規移動人数 2017: 2 companies, sum 5, stated -, shown 5".to_string()),
            "{totals:?}"
        );
        assert!(
            totals.contains(
                &"新規参加企業数 2018: 2 companies, sum 2, stated -, shown 2".to_string()
            ),
            "{totals:?}"
        );
    }
    let [xlsx, _] = both("total-then-more");
    let stderr = refused_in_japanese(&xlsx);
    assert!(
        stderr.contains("シート 実績、4行目、D列（値）: 「合計」の下に、同じ指標・年度の企業の行（5 行目）が続き、その下に合計の行がありません"),
        "{stderr}"
    );
}

#[test]
fn a_date_in_the_fiscal_year_column_is_refused_as_a_date() {
    // 2018年 and 平成30年 under 年度 are that 年度; the date 2019/3/31 is
    // no 年度 (the one it falls in, or the one it closes?).
    for path in both("year-cells") {
        let rec = import(&path, &kitami()).reconciliation;
        assert_eq!(
            errors(&rec),
            [
                "sheet 実績, row 4, column B (年度): the 年度 column holds the date 「2019-03-31」 (a day of fiscal year 2018, 平成30年度), not a fiscal year; write the 年度, such as 2018, 2018年度, 平成30年度 or H30"
            ],
            "{}",
            path.display()
        );
        assert_eq!(totals(&rec), ["新規移動人数 2018: 2 companies, sum 11, stated -, shown 11"]);
    }
}

#[test]
fn a_column_headed_as_a_calendar_year_is_named_when_no_header_is_found() {
    let [xlsx, _] = both("calendar-year");
    let line = refusal(&xlsx, &[]);
    assert!(
        line.contains("「年」 (row 1, column B) heads a calendar year, not a 年度 (its January to March belong to the 年度 before): if the column holds 年度, head it 年度 or give --map \"年=fiscal_year\""),
        "{line}"
    );
}

#[test]
fn negatives_and_dashes_typed_as_text_are_refused_for_what_they_are() {
    for path in both("signs") {
        let rec = import(&path, &kitami()).reconciliation;
        assert_eq!(
            errors(&rec),
            [
                "sheet 実績, row 2, column D (値): 「▲1,234」 is written as a negative number (▲, △ and brackets mark a minus); expected a value of zero or more",
                "sheet 実績, row 3, column D (値): 「(12)」 is written as a negative number (▲, △ and brackets mark a minus); expected a value of zero or more",
                "sheet 実績, row 4, column D (値): 「－」 is a dash, not a number: it may mean zero or no figure; write 0 if there was none, or delete the row",
                "sheet 実績, row 5, column D (値): 「―」 is a dash, not a number: it may mean zero or no figure; write 0 if there was none, or delete the row",
            ],
            "{}",
            path.display()
        );
        // Full-width digits with a full-width comma, typed as text, read.
        assert_eq!(
            totals(&rec),
            ["新規移動人数 2017: 1 companies, sum 1,234, stated -, shown 1,234"]
        );
    }
}

#[test]
fn notes_under_the_total_are_passed_over_and_listed() {
    for path in both("notes") {
        let rec = import(&path, &kitami()).reconciliation;
        assert_eq!(errors(&rec), Vec::<String>::new(), "{}", path.display());
        assert_eq!(
            fates(&rec),
            [
                "4 stated total",
                "5 skipped: a note (注, ※)",
                "6 skipped: a note (注, ※)",
                "7 skipped: a note (注, ※)"
            ]
        );
        assert_eq!(totals(&rec), ["新規移動人数 2018: 2 companies, sum 11, stated 11, shown 11"]);
    }
}

#[test]
fn a_company_written_with_its_legal_form_abbreviated_is_told_of() {
    for path in both("legal-forms") {
        let imported = import(&path, &kitami());
        let rec = &imported.reconciliation;
        assert_eq!(errors(rec), Vec::<String>::new(), "{}", path.display());
        let names: Vec<&str> = imported.actuals.companies.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["株式会社サンプル東京", "(株)サンプル東京"],
            "spaces at the end are no other name"
        );
        assert_eq!(
            warnings(rec),
            [
                "sheet 実績, row 5, column C (企業名): 「(株)サンプル東京」 and 「株式会社サンプル東京」 (row 2) differ only in how the legal form is written and are counted as two companies; if they are one, write its name the same way in every row"
            ]
        );
    }
}

#[test]
fn a_table_beside_the_table_is_refused_at_its_first_column() {
    for path in both("beside-kind") {
        let plan = kitami();
        let rec = import(&path, &plan).reconciliation;
        // Read with the table, the summary's 区分 became the companies'
        // (首都圏企業, 地元企業) and its 合計 in F4 made 株式会社オホーツク試験's
        // row a stated total of 3 (refused only for being the smaller).
        assert_eq!(
            errors(&rec),
            [
                "sheet 実績, row 1: column F (区分) stands apart from the value column's table, the empty column E between them: a second table beside the first would have its rows paired with the first's, so it is not read; move the other table to a sheet of its own, or leave its columns out with --map \"区分=ignore\"; if it is one table, delete the empty column E"
            ],
            "{}",
            path.display()
        );
        let options = Options {
            map: kpi_council::import::actuals::parse_map("区分=ignore").expect("map"),
            hidden: Hidden::Stop,
        };
        let left = read_actuals(&path, &plan, &SheetChoice::Default, &options).expect("read");
        assert_eq!(
            totals(&left.reconciliation),
            ["新規移動人数 2018: 3 companies, sum 14, stated -, shown 14"]
        );
    }
    for path in both("beside-repeat") {
        assert_eq!(
            errors(&import(&path, &kitami()).reconciliation),
            [
                "sheet 実績, row 1: column G (指標) stands apart from the value column's table, the empty column F between them: a second table beside the first would have its rows paired with the first's, so it is not read; move the other table to a sheet of its own; if it is one table, delete the empty column F"
            ],
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_part_of_a_figure_written_as_a_row_is_refused_not_counted_again() {
    // Read as companies, （うち首都圏企業） made 2018 16 where the 合計 says 11,
    // and うち新規 made 2017 7.
    for path in both("part-of") {
        let rec = import(&path, &kitami()).reconciliation;
        assert_eq!(
            errors(&rec),
            [
                "sheet 実績, row 5, column C (企業名): 「（うち首都圏企業）」 is a part of a figure above it (うち: of which), not a company: counted as one, it would be counted twice; delete the row, or write the part in the 備考 of the row it belongs to",
                "sheet 実績, row 7, column C (企業名): 「うち新規」 is a part of a figure above it (うち: of which), not a company: counted as one, it would be counted twice; delete the row, or write the part in the 備考 of the row it belongs to",
            ],
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_bare_uchi_with_its_part_in_the_note_is_refused_not_counted_again() {
    // うち alone in the company cell, what it is a part of in 備考: it had
    // been counted as a company, 2018 read as 16 under a 合計 of 11 (taken
    // for the subtotal of a first group).
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("uchi.csv");
    std::fs::write(
        &path,
        "指標,年度,企業名,値,備考\n新規移動人数,2018,株式会社エー,5,\n新規移動人数,2018,株式会社ビー,6,\n新規移動人数,2018,合計,11,\n新規移動人数,2018,うち,5,首都圏企業\n新規移動人数,2018,（うち）,2,新規\n",
    )
    .expect("write");
    let rec = import(&path, &kitami()).reconciliation;
    assert_eq!(
        errors(&rec),
        [
            "row 5, column C (企業名): 「うち」 is a part of a figure above it (うち: of which), not a company: counted as one, it would be counted twice; delete the row, or write the part in the 備考 of the row it belongs to",
            "row 6, column C (企業名): 「（うち）」 is a part of a figure above it (うち: of which), not a company: counted as one, it would be counted twice; delete the row, or write the part in the 備考 of the row it belongs to",
        ]
    );
    assert_eq!(totals(&rec), ["新規移動人数 2018: 2 companies, sum 11, stated 11, shown 11"]);
}

#[test]
fn a_unit_column_is_checked_against_each_rows_kpi() {
    // 3 in 千人 had been read as 3 人.
    for path in both("unit-column") {
        let rec = import(&path, &kitami()).reconciliation;
        assert_eq!(
            errors(&rec),
            [
                "sheet 実績, row 3, column D (値): column E (単位) gives this row's unit as 「千人」 but 新規移動人数 is counted in 人; a value in 「千人」 read as 人 would be a different figure: enter the value in 人"
            ],
            "{}",
            path.display()
        );
        assert_eq!(
            totals(&rec),
            [
                "新規移動人数 2018: 1 companies, sum 5, stated -, shown 5",
                "新規参加企業数 2018: 1 companies, sum 1, stated -, shown 1"
            ]
        );
    }
}

#[test]
fn a_unit_written_by_a_cells_number_format_is_checked_against_its_kpi() {
    // 5 shown as 5千人 had been read as 5 人, in every format.
    let refused = |row: usize, said: &str, seen: &str, name: &str, unit: &str| {
        format!(
            "sheet 実績, row {row}, column D (値): the cell's number format writes 「{said}」 beside the number (shown as {seen}) but {name} is counted in {unit}; a value in 「{said}」 read as {unit} would be a different figure: enter the value in {unit} and format the cell as a plain number (or one writing {unit})"
        )
    };
    for path in all_three("format-unit") {
        let rec = import(&path, &kitami()).reconciliation;
        assert_eq!(
            errors(&rec),
            [
                refused(2, "千人", "5千人", "新規移動人数", "人"),
                refused(3, "千人", "3千人", "新規移動人数", "人"),
                refused(4, "千人", "千人4", "新規移動人数", "人"),
                refused(5, "人", "1人", "新規参加企業数", "社"),
                refused(6, "約", "約7", "新規移動人数", "人"),
            ],
            "{}",
            path.display()
        );
        // 6人, 2社 and 8 人 are in their KPIs' units: read.
        assert_eq!(
            totals(&rec),
            [
                "新規移動人数 2017: 1 companies, sum 8, stated -, shown 8",
                "新規移動人数 2018: 1 companies, sum 6, stated -, shown 6",
                "新規参加企業数 2017: 1 companies, sum 2, stated -, shown 2",
            ],
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_formats_text_for_negatives_zero_or_a_condition_is_no_unit_of_a_positive_value() {
    // #,##0;"△"#,##0, #,##0;[Red]"▲ "#,##0, #,##0;-#,##0;"－" (on 0),
    // [<0]"▲"#,##0;#,##0, [=0]"－";#,##0 and #,##0_ ;[Red]\-#,##0\  show
    // these values as plain numbers, and #,##0"社";"△"#,##0"社" as 1社:
    // all read. They had been refused as written in △, ▲ or －, in .ods
    // (whose cell style is the negatives' one, the positives' mapped from
    // it) and, for a condition, in .xlsx and .xls.
    for path in all_three("format-sections") {
        let rec = import(&path, &kitami()).reconciliation;
        assert_eq!(
            errors(&rec),
            [
                "sheet 実績, row 9, column D (値): the cell's number format writes 「千人」 beside the number (shown as 9千人) but 新規参加企業数 is counted in 社; a value in 「千人」 read as 社 would be a different figure: enter the value in 社 and format the cell as a plain number (or one writing 社)",
                // General"千人" (G/標準"千人"): read as 7 人 in .xlsx and .xls.
                "sheet 実績, row 10, column D (値): the cell's number format writes 「千人」 beside the number (shown as 7千人) but 新規移動人数 is counted in 人; a value in 「千人」 read as 人 would be a different figure: enter the value in 人 and format the cell as a plain number (or one writing 人)",
            ],
            "{}",
            path.display()
        );
        assert_eq!(
            totals(&rec),
            [
                "新規移動人数 2017: 3 companies, sum 9, stated -, shown 9",
                "新規移動人数 2018: 3 companies, sum 11, stated -, shown 11",
                "新規参加企業数 2016: 1 companies, sum 2, stated -, shown 2",
                "新規参加企業数 2018: 1 companies, sum 1, stated -, shown 1",
            ],
            "{}",
            path.display()
        );
    }
}

#[test]
fn percentages_are_scaled_only_where_the_cell_says_so() {
    let plan = reiwa();
    for path in all_three("percent") {
        let i = import(&path, &plan);
        let rec = &i.reconciliation;
        assert_eq!(errors(rec), Vec::<String>::new(), "{}", path.display());
        assert_eq!(
            totals(rec),
            [
                "空き店舗の活用件数 2019: 1 companies, sum 2, stated -, shown 2",
                "空き店舗の活用件数 2020: 1 companies, sum 1, stated -, shown 1",
                "観光客満足度 2019: 0 companies, sum 0, stated 13, shown 13",
                "観光客満足度 2020: 0 companies, sum 0, stated 0.85, shown 0.85",
                "観光客満足度 2021: 0 companies, sum 0, stated 90, shown 90",
                "ICT講座の受講者数 2019: 1 companies, sum 1.5, stated -, shown 1.5",
            ],
            "{}",
            path.display()
        );
        assert_eq!(
            warnings(rec),
            [
                "sheet 実績, row 3, column D (値): 0.85 for 観光客満足度 (in %) is not formatted as a percentage; if it means 85%, format the cell as a percentage or type the percent"
            ]
        );
        // 株式会社ｻﾝﾌﾟﾙ商店 in half-width katakana is 株式会社サンプル商店.
        assert_eq!(i.actuals.companies.len(), 2);
    }
    for path in all_three("percent-wrong-kpi") {
        assert_eq!(
            errors(&import(&path, &plan).reconciliation),
            [
                "sheet 実績, row 2, column D (値): the cell is formatted as a percentage (50%) but 空き店舗の活用件数 is counted in 件; expected a plain number"
            ]
        );
    }
}

/// 値 cells of 5000 and 6000 formatted `#,##0,` show 5 and 6 (an office
/// keeping yen in a sheet headed 千円, or people in 千人): read as 11,000
/// before, the sheet showing 11. Refused at each cell, saying what the
/// cell holds and how the format shows it.
#[test]
fn a_value_shown_in_thousands_by_its_format_is_refused() {
    let refused = |row: u32, held: u32| {
        format!(
            "sheet 実績, row {row}, column D (値): the cell's format shows its number divided by 1,000 (a format ending in a comma, such as #,##0,): the cell holds {held}, not what the sheet shows; format it as #,##0 to see the value and enter it in 人"
        )
    };
    for path in all_three("scaled") {
        assert_eq!(
            errors(&import(&path, &kitami()).reconciliation),
            [refused(2, 5000), refused(3, 6000)],
            "{}",
            path.display()
        );
    }
}

#[test]
fn commas_are_thousands_separators_only_in_groups_of_three() {
    for path in both("numbers") {
        assert_eq!(
            errors(&import(&path, &kitami()).reconciliation),
            [
                "sheet 実績, row 3, column D (値): 「1,50」 is not a number: a comma separates thousands in groups of three (1,234 or 12,345,678); write a decimal with a point (1.5)",
                "sheet 実績, row 4, column D (値): 「12,3,4」 is not a number: a comma separates thousands in groups of three (1,234 or 12,345,678); write a decimal with a point (1.5)",
            ],
            "{}",
            path.display()
        );
    }
}

#[test]
fn one_sheet_per_fiscal_year_is_read_with_sheet_all() {
    for path in both("per-year") {
        let plan = kitami();
        let options = Options::default();
        let refused = read_actuals(&path, &plan, &SheetChoice::Default, &options)
            .err()
            .expect("several sheets are refused");
        assert_eq!(
            refused.within_file(),
            "several sheets have the table's header: 平成28年度, 平成29年度, 平成30年度; name one with --sheet NAME, or read them all with --sheet all"
        );
        let all = read(&path, &plan, &SheetChoice::All, Hidden::Stop);
        assert_eq!(
            totals(&all.reconciliation),
            [
                "新規移動人数 2016: 2 companies, sum 9, stated -, shown 9",
                "新規移動人数 2017: 2 companies, sum 10, stated -, shown 10",
                "新規移動人数 2018: 2 companies, sum 36, stated -, shown 36",
            ],
            "{}",
            path.display()
        );
        let one = read(&path, &plan, &SheetChoice::Named("平成29年度".into()), Hidden::Stop);
        assert_eq!(
            totals(&one.reconciliation),
            ["新規移動人数 2017: 2 companies, sum 10, stated -, shown 10"]
        );
    }
}

#[test]
fn two_columns_for_one_field_are_refused() {
    for path in both("two-columns") {
        assert_eq!(
            errors(&import(&path, &kitami()).reconciliation),
            [
                "sheet 実績, row 1: columns B (年度) and C (実績年度) both read as 年度 (fiscal_year); keep one: --map \"年度=ignore\" leaves the first out"
            ]
        );
    }
}

#[test]
fn stated_totals_only_where_a_row_says_so() {
    for path in both("stated-totals") {
        let i = import(&path, &kitami());
        let rec = &i.reconciliation;
        assert_eq!(errors(rec), Vec::<String>::new(), "{}", path.display());
        assert_eq!(
            totals(rec),
            [
                "新規移動人数 2016: 2 companies, sum 9, stated 12, shown 12",
                "新規移動人数 2017: 1 companies, sum 9, stated 9, shown 9",
                "新規参加企業数 2018: 1 companies, sum 3, stated 10, shown 10",
                "進出企業数 2018: 0 companies, sum 0, stated 1, shown 1",
            ]
        );
        let sources: Vec<&str> =
            i.actuals.stated_totals.iter().map(|s| s.source.as_str()).collect();
        let name = path.file_name().and_then(|f| f.to_str()).expect("name");
        assert_eq!(
            sources,
            [
                "北見市商工観光部調べ".to_string(),
                format!("{name} シート「実績」6行目「合計」"),
                "北見市調べ".into(),
                "北見市調べ".into()
            ]
        );
    }
    for path in both("stated-smaller") {
        assert_eq!(
            errors(&import(&path, &kitami()).reconciliation),
            [
                "sheet 実績, row 4, column D (値): the stated total 8 is smaller than the sum of its 2 companies, 9"
            ]
        );
    }
}

fn bin() -> Command {
    crate::common::kpi_council()
}

/// The binary with its messages in English (the messages asserted here).
fn bin_en() -> Command {
    let mut c = bin();
    c.args(["--lang", "en"]);
    c
}

/// The one line of stderr of a refused import, the path shown as its name.
fn refusal(path: &Path, args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.ron");
    let result = bin_en()
        .args(["import", "actuals"])
        .arg(path)
        .args(args)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    assert!(!out.exists(), "nothing is written");
    String::from_utf8(result.get_output().stderr.clone())
        .expect("utf-8")
        .replace(&path.display().to_string(), "FILE")
}

#[test]
fn messages_point_at_the_cause() {
    for path in both("no-header") {
        assert_eq!(
            refusal(&path, &[]),
            "error: FILE: sheet 集計: no header row with the columns 年度 (fiscal year), 指標 (KPI) and 値 or 実績 (value) in the first ten rows; its first rows read row 1: 「令和元年度 実績一覧」; row 2: 「No」「項目」「数」; row 3: 「1」「新規移動人数」「5」; name the columns so, or use --map; the sheets are: 集計, メモ; use --sheet NAME to read another\n"
        );
    }
    for path in both("missed-company") {
        assert_eq!(
            refusal(&path, &[]),
            "error: FILE: sheet 実績, row 2: the header (row 1) has no 企業名 (company) column, so this row names no company; columns not read: C 「会社・団体」; if one holds the companies, use --map \"会社・団体=company\"\n"
        );
    }
    let [xlsx, _] = both("hidden-sheet");
    assert_eq!(
        refusal(&xlsx, &["--sheet", "実績2"]),
        "error: FILE: there is no sheet \"実績2\"; the sheets are: 旧案 (hidden), 実績\n"
    );
}

#[test]
fn the_reconciliation_is_printed_and_written_as_markdown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("actuals.ron");
    let md = dir.path().join("reconciliation.md");
    let [xlsx, _] = both("subtotals");
    let run = bin()
        .args(["import", "actuals"])
        .arg(&xlsx)
        .arg("-o")
        .arg(&out)
        .arg("--reconciliation")
        .arg(&md)
        .assert()
        .success();
    let printed = String::from_utf8(run.get_output().stdout.clone()).expect("utf-8");
    let written = std::fs::read_to_string(&md).expect("reconciliation written");
    assert!(printed.starts_with(&written), "the same text is printed");
    let text = written.replace(&xlsx.display().to_string(), "subtotals.xlsx");
    insta::assert_snapshot!(text);
    // The figures written are those the summary shows.
    bin()
        .arg("--actuals")
        .arg(&out)
        .args(["summary", "--format", "csv", "--fy", "2018"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "新規移動人数,新規移動人数,人,2018,平成30年度,50,14,28.0",
        ));
}

#[test]
fn a_refused_import_still_writes_its_reconciliation_in_english_when_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let md = dir.path().join("r.md");
    let [_, ods] = both("subtotal-wrong");
    bin()
        .args(["--lang", "en", "import", "actuals"])
        .arg(&ods)
        .arg("-o")
        .arg(dir.path().join("a.ron"))
        .arg("--reconciliation")
        .arg(&md)
        .assert()
        .code(2);
    let text = std::fs::read_to_string(&md).expect("written");
    assert!(text.starts_with("# Actuals import reconciliation (import refused)\n"), "{text}");
    assert!(
        text.contains("| 実績 | 4 | refused: the subtotal 「小計」 is 12 but the rows above it add up to 11 (rows 2, 3) |"),
        "{text}"
    );
    assert!(!dir.path().join("a.ron").exists());
}

#[test]
fn a_spreadsheet_given_directly_stops_on_a_warning_it_cannot_show() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("plan.ron");
    bin()
        .args(["import", "plan"])
        .arg(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/plans/reiwa-four-columns.txt"),
        )
        .arg("-o")
        .arg(&plan)
        .assert()
        .success();
    let [xlsx, _] = both("percent");
    let run = bin_en()
        .env("KPI_COUNCIL_CONFIG", dir.path().join("config.ron"))
        .env("KPI_COUNCIL_LOG", dir.path().join("log"))
        .arg("--plan")
        .arg(&plan)
        .arg("--actuals")
        .arg(&xlsx)
        .arg("summary")
        .assert()
        .code(2);
    let stderr = String::from_utf8(run.get_output().stderr.clone()).expect("utf-8");
    assert!(
        stderr.contains("sheet 実績, row 3, column D (値): 0.85 for 観光客満足度 (in %) is not formatted as a percentage; if it means 85%, format the cell as a percentage or type the percent; run `kpi-council import actuals` to read the reconciliation and write actuals.ron"),
        "{stderr}"
    );
}

#[test]
fn an_error_name_in_a_csv_is_refused_as_the_formula_error_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("vlookup.csv");
    std::fs::write(
        &path,
        "年度,指標,企業名,値\n2018,新規移動人数,株式会社エー,3\n2018,新規移動人数,#N/A,8\n",
    )
    .expect("write");
    assert_eq!(
        refusal(&path, &[]),
        "error: FILE, row 3, column C (企業名): the 企業名 cell holds the error #N/A (a formula failed); correct it or type the value\n"
    );
}

#[test]
fn an_xls_reads_its_merges_with_nothing_it_cannot_tell() {
    let i = import(&file("merged.xls"), &kitami());
    let rec = &i.reconciliation;
    assert_eq!(errors(rec), Vec::<String>::new());
    assert_eq!(totals(rec), ["新規移動人数 2018: 2 companies, sum 33, stated -, shown 33"]);
    // Its hidden rows, percentages and thousands are read from its records.
    assert_eq!(warnings(rec), Vec::<String>::new());
}

/// What `import actuals` says on stderr, in Japanese, refusing `path`:
/// exit status 2 and no actuals written.
fn refused_in_japanese(path: &Path) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.ron");
    let run = bin()
        .args(["--lang", "ja", "import", "actuals"])
        .arg(path)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    assert!(!out.exists(), "a refused import writes nothing");
    String::from_utf8(run.get_output().stderr.clone()).expect("utf-8")
}
