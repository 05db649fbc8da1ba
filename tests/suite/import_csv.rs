//! CSV files as offices and their software make them, read as a
//! spreadsheet shows them or refused: row numbers that count the empty
//! lines a spreadsheet shows, quotes that spreadsheet programs read
//! differently, byte-order marks left inside joined files, and a second
//! table pasted below the first with its columns in another order.

use std::path::{Path, PathBuf};

use kpi_council::store::embedded;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/import").join(name)
}

/// The import's output, or its stderr when refused (with the file's path
/// replaced by its name).
fn import(path: &Path) -> Result<String, String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.ron");
    let result = crate::common::kpi_council()
        .args(["--lang", "en", "import", "actuals"])
        .arg(path)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run");
    let name = path.file_name().expect("name").to_string_lossy().into_owned();
    if result.status.success() {
        Ok(std::fs::read_to_string(&out).expect("written"))
    } else {
        assert!(!out.exists(), "nothing is written when refused");
        Err(String::from_utf8_lossy(&result.stderr).replace(&path.display().to_string(), &name))
    }
}

/// A CSV file `name` holding `text`, in `dir`.
fn written(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn actuals(path: &Path) -> kpi_council::domain::actuals::Actuals {
    let (plan, _) = embedded::plan().expect("plan");
    kpi_council::import::actuals_from_table(path, &plan, None, &std::collections::HashMap::new())
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
        .0
}

/// Python's csv module on Windows, the file opened without `newline=''`,
/// ends each row with \r\r\n: Excel and LibreOffice show an empty row
/// after each. The stated total's source and every error name the row
/// the clerk sees, not the row counted without the empty ones.
#[test]
fn rows_are_numbered_as_a_spreadsheet_shows_them() {
    let a = actuals(&data("python-windows.csv"));
    assert_eq!(a.stated_totals.len(), 1);
    assert_eq!(a.stated_totals[0].source, "python-windows.csv 7行目「合計」");

    let dir = tempfile::tempdir().expect("temp dir");
    let path = written(
        dir.path(),
        "blank.csv",
        "令和元年度 KPI実績報告\n\n指標,年度,企業名,値\n新規移動人数,2018,株式会社エー,\"二\n人\"\n\n新規移動人数,2018,株式会社ビー,三\n",
    );
    let e = import(&path).expect_err("refused");
    assert!(e.contains("blank.csv, row 4, column D (値)"), "{e}");
    assert!(e.contains("(and 1 more problems"), "{e}");
    let out = crate::common::kpi_council()
        .args(["--lang", "en", "import", "actuals", "--report"])
        .arg(&path)
        .arg("-o")
        .arg(dir.path().join("o.ron"))
        .output()
        .expect("run");
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(report.contains("row 6, column D (値): expected a number, found 「三」"), "{report}");
}

/// A quote never closed (a ditto mark written by a program that never
/// quotes) made the rows after it one cell, dropping their figures, where
/// LibreOffice reads them as rows; quotes inside a quoted cell not doubled
/// made another company name. Both are refused at the cell.
#[test]
fn quotes_read_differently_elsewhere_are_refused() {
    let e = import(&data("quote-never-closed.csv")).expect_err("refused");
    assert!(
        e.contains("quote-never-closed.csv, row 3, column E: the quote (\") that opens this cell is never closed"),
        "{e}"
    );
    let e = import(&data("quotes-not-doubled.csv")).expect_err("refused");
    assert!(
        e.contains(
            "quotes-not-doubled.csv, row 2, column C: in this cell, text follows the quoted text"
        ),
        "{e}"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let path = written(
        dir.path(),
        "space.csv",
        "指標, 年度, 企業名, 値\n新規移動人数, 2018, \"株式会社エー, 東京支店\", 3\n",
    );
    let e = import(&path).expect_err("refused");
    assert!(
        e.contains("space.csv, row 2, column C: this cell starts with spaces and then a quote"),
        "{e}"
    );
}

/// Two CSV UTF-8 files joined (copy /b): the second's byte-order mark,
/// invisible in a spreadsheet, does not make its first company another.
#[test]
fn a_byte_order_mark_inside_joined_files_is_not_part_of_a_name() {
    let a = actuals(&data("joined-utf8-bom.csv"));
    assert_eq!(a.contributions.len(), 4);
    let names: Vec<&str> = a.companies.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["株式会社サンプルシステムズ東京", "架空データ工房株式会社"]);
}

/// A second table pasted below the first, its header repeating 年度, 指標
/// and 値 in their places but with 企業名 and 本社所在地 swapped: its rows
/// would have been read with the town as the company.
#[test]
fn a_repeated_header_with_other_columns_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = written(
        dir.path(),
        "pasted.csv",
        "指標,年度,企業名,本社所在地,値\n新規移動人数,2018,株式会社エー,東京都港区,5\n指標,年度,本社所在地,企業名,値\n新規移動人数,2017,東京都渋谷区,株式会社ビー,4\n",
    );
    let e = import(&path).expect_err("refused");
    assert!(
        e.contains("pasted.csv, row 3: this row repeats the header's (row 1) 年度, 指標 and 値 but not its other columns: column C says 「本社所在地」 where the header says 「企業名」; column D says 「企業名」 where the header says 「本社所在地」"),
        "{e}"
    );
    // The same header repeated word for word is still a header.
    std::fs::write(
        &path,
        "指標,年度,企業名,値\n新規移動人数,2018,株式会社エー,5\n指標,年度,企業名,値\n新規移動人数,2017,株式会社ビー,4\n",
    )
    .expect("write");
    assert!(import(&path).is_ok());
}

/// A number written with a thousands separator and no quotes, as a legacy
/// system exports it: 1,234 is split into 1 and 234, and the table would
/// show 6人 where the office meant 1,239人. Refused at the cell; the same
/// value quoted reads as 1,234. A header for a column of notes lets it be.
#[test]
fn a_value_split_by_an_unquoted_comma_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: &str| written(dir.path(), name, text);
    let split = write(
        "split.csv",
        "指標,年度,企業名,値\n新規移動人数,2018,株式会社サンプル東京,1,234\n新規移動人数,2018,架空データ工房株式会社,5\n",
    );
    let split_at = |name: &str| {
        format!(
            "error: {name}, row 2, column D (値): the value 「1」 and 「234」 in the next column look like 1,234 written without quotes and split at its comma; quote the value (\"1,234\") or remove the comma"
        )
    };
    assert_eq!(
        import(&split).map(|_| ()).expect_err("refused").lines().last(),
        Some(split_at("split.csv").as_str())
    );
    // With a 備考 column whose cell is empty, the 234 would be the note.
    let noted_split = write(
        "noted-split.csv",
        "指標,年度,企業名,値,備考\n新規移動人数,2018,株式会社サンプル東京,1,234,\n",
    );
    assert_eq!(
        import(&noted_split).map(|_| ()).expect_err("refused").lines().last(),
        Some(split_at("noted-split.csv").as_str())
    );
    // A note in a column without a header is refused by its column.
    let unnamed = write(
        "unnamed.csv",
        "指標,年度,企業名,値\n新規移動人数,2018,株式会社サンプル東京,5,確認済み\n",
    );
    assert_eq!(
        import(&unnamed).map(|_| ()).expect_err("refused").lines().last(),
        Some(
            "error: unnamed.csv, row 2, column E: this row holds 「確認済み」 in a column without a header: a value with a comma and no quotes is split in two (1,234 read as 1 and 234) and the cells after it move; quote the value (\"1,234\") or remove the comma, or give a column of notes a header"
        )
    );
    let quoted = write(
        "quoted.csv",
        "指標,年度,企業名,値\n新規移動人数,2018,株式会社サンプル東京,\"1,234\"\n新規移動人数,2018,架空データ工房株式会社,5\n",
    );
    let values: Vec<String> =
        actuals(&quoted).contributions.iter().map(|c| c.value.to_string()).collect();
    assert_eq!(values, ["1,234", "5"]);
    let noted = write(
        "noted.csv",
        "指標,年度,企業名,値,メモ\n新規移動人数,2018,株式会社サンプル東京,1,確認済み\n",
    );
    assert!(import(&noted).is_ok(), "a column of notes with a header is not refused");
}

/// A zero-width space pasted into one row's company name shows as nothing:
/// the two rows are one company, named as first written.
#[test]
fn an_invisible_character_does_not_make_a_second_company() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = written(
        dir.path(),
        "zw.csv",
        "指標,年度,企業名,値\n新規移動人数,2018,株式会社サンプル東京,5\n新規移動人数,2017,株式会社サンプル\u{200B}東京,6\n",
    );
    let read = actuals(&path);
    let names: Vec<&str> = read.companies.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["株式会社サンプル東京"]);
    assert_eq!(read.contributions.len(), 2);
}

/// A count of people that is a fraction (a formula's average, or a cell
/// Excel shows rounded as 13) imports, warned in the report, row and cell
/// named; whole counts are not warned of.
#[test]
fn a_fractional_count_of_people_is_warned_of() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = written(
        dir.path(),
        "fraction.csv",
        "会社名,指標,年度,値\nA社,新規移動人数,2016,12.6\nB社,新規移動人数,2017,13\n",
    );
    let out = crate::common::kpi_council()
        .args(["--lang", "en", "import", "actuals"])
        .arg(&path)
        .arg("-o")
        .arg(dir.path().join("out.ron"))
        .output()
        .expect("run");
    assert!(out.status.success());
    let report = String::from_utf8_lossy(&out.stdout);
    let warned: Vec<&str> = report.lines().filter(|l| l.contains("a fraction")).collect();
    assert_eq!(
        warned,
        [
            "- row 2, column D (値): 新規移動人数 counts whole 人 but the value is 12.6, a fraction; check that the spreadsheet does not show it rounded and that it is not a formula's result"
        ],
        "{report}"
    );
}

/// A cell formatted as scientific is saved as it shows, rounded:
/// LibreOffice writes 123456 as 1.23E+05. Refused at that cell, never read
/// as 123000.
#[test]
fn a_number_saved_with_an_exponent_is_refused_not_read_rounded() {
    let e = import(&data("scientific.csv")).expect_err("refused");
    assert!(
        e.contains(
            "scientific.csv, row 3, column D (値): 「1.23E+05」 is a number with an exponent"
        ),
        "{e}"
    );
}

/// LibreOffice's "Text (Tab delimited)" writes 1,234,567 and a note's
/// commas unquoted: more commas than tabs, yet a tab-separated table.
#[test]
fn a_tab_delimited_text_with_more_commas_than_tabs_is_read_by_its_tabs() {
    let a = actuals(&data("libreoffice-tab.txt"));
    let values: Vec<String> = a.contributions.iter().map(|c| c.value.to_string()).collect();
    assert_eq!(
        values,
        ["1,234,567", "2,345,678", "3,456,789", "4,567,890", "5,678,901", "6,789,012"]
    );
    assert_eq!(a.contributions[0].note, "東京, 大阪, 名古屋, 福岡の拠点から");
}
