//! Importing actuals from files made by real office software, and plans
//! from the text of a 地域再生計画.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use kpi_council::domain::company::CompanyKind;
use kpi_council::domain::fiscal::FiscalYear;
use kpi_council::domain::quantity::Quantity;
use kpi_council::store::embedded;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn data(name: &str) -> PathBuf {
    root().join("tests/data").join(name)
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

fn import(path: &Path) -> kpi_council::domain::actuals::Actuals {
    let (plan, _) = embedded::plan().expect("plan");
    kpi_council::import::actuals_from_table(path, &plan, None, &std::collections::HashMap::new())
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
        .0
}

#[test]
fn every_office_format_imports_to_the_same_actuals() {
    let reference = import(&data("import/actuals-utf8.csv"));
    for file in [
        "actuals-libreoffice.xlsx",
        "actuals-libreoffice.ods",
        "actuals-cp932.csv",
        "actuals-utf8-bom.csv",
    ] {
        assert_eq!(import(&data(&format!("import/{file}"))), reference, "{file}");
    }
    let a = reference;
    assert_eq!(a.companies.len(), 7);
    assert_eq!(a.contributions.len(), 9);
    let c = |i: usize| &a.contributions[i];
    assert_eq!(c(0).value, Quantity::units(5));
    assert_eq!(c(0).date, chrono::NaiveDate::from_ymd_opt(2016, 9, 12));
    assert_eq!(c(1).value, Quantity::units(4), "full-width ４");
    assert_eq!(c(1).fiscal_year, FiscalYear(2016), "平成28年度");
    assert_eq!(c(1).date, chrono::NaiveDate::from_ymd_opt(2016, 11, 7), "H28.11.7");
    assert_eq!(c(2).value, Quantity::units(3), "surrounding spaces");
    assert_eq!(c(2).date, chrono::NaiveDate::from_ymd_opt(2017, 2, 6), "平成29年2月6日");
    assert_eq!(c(3).note, "開発チーム8名が 交代で常駐", "a quoted note with a line break");
    assert_eq!(c(4).value, Quantity::units(1234));
    assert_eq!(c(5).kpi, "新規参加企業数", "an ideographic space in the KPI name");
    assert_eq!(a.stated_totals.len(), 1);
    assert_eq!(a.stated_totals[0].value, Quantity::units(36));
    assert_eq!(a.stated_totals[0].source, "北見市商工観光部調べ");
    let kinds: Vec<CompanyKind> = a.companies.iter().map(|c| c.kind).collect();
    for k in [CompanyKind::Metro, CompanyKind::Local, CompanyKind::University, CompanyKind::Other] {
        assert!(kinds.contains(&k), "{k:?}");
    }
    // The same company in two rows is one company.
    assert_eq!(a.contributions[0].company, a.contributions[3].company);
}

#[test]
fn import_actuals_writes_a_file_the_program_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("actuals.ron");
    bin_en()
        .args(["import", "actuals"])
        .arg(data("import/actuals-libreoffice.xlsx"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("7 companies, 9 contributions, 1 stated total"));
    bin_en().arg("check").arg(&out).assert().success();
    bin_en()
        .arg("--actuals")
        .arg(&out)
        .args(["summary", "--format", "csv", "--fy", "2018"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "新規移動人数,新規移動人数,人,2018,平成30年度,50,36,72.0",
        ));
    bin_en()
        .args(["import", "actuals"])
        .arg(data("import/actuals-libreoffice.xlsx"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the file exists; use --force"));
}

#[test]
fn spreadsheets_can_be_given_to_the_program_directly() {
    bin()
        .arg("--actuals")
        .arg(data("import/actuals-libreoffice.ods"))
        .args(["summary", "--format", "csv", "--fy", "2016"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "新規移動人数,新規移動人数,人,2016,平成28年度,10,12,120.0",
        ));
}

/// Writes a CSV with a header and the given rows.
fn csv(dir: &Path, rows: &[&str]) -> PathBuf {
    let path = dir.join("bad.csv");
    let mut text = String::from("年度,指標,企業名,値,日付,備考\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(&path, text).expect("write csv");
    path
}

fn import_error(rows: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = csv(dir.path(), rows);
    let out = dir.path().join("out.ron");
    let result =
        bin_en().args(["import", "actuals"]).arg(&path).arg("-o").arg(&out).assert().code(2);
    assert!(!out.exists(), "nothing is written when a row is bad");
    let stderr = String::from_utf8(result.get_output().stderr.clone()).expect("utf-8");
    stderr.replace(&path.display().to_string(), "bad.csv")
}

#[test]
fn malformed_rows_give_exact_messages() {
    let good = "2018,新規移動人数,株式会社エー,3,2018/6/1,";
    assert_eq!(
        import_error(&[good, "2018,新規来訪者数,株式会社エー,3,,"]),
        "error: bad.csv, row 3, column B (指標): unknown KPI 「新規来訪者数」; expected one of: 新規移動人数, 新規参加企業数, 進出企業数\n"
    );
    assert_eq!(
        import_error(&["2020,新規移動人数,株式会社エー,3,,"]),
        "error: bad.csv, row 2, column A (年度): fiscal year 2020 is outside the plan; expected one of: 2016, 2017, 2018\nwithout --plan, the file was checked against the sample plan of 北見市; for your own plan's actuals give it: kpi-council --plan plan.ron import actuals …\n"
    );
    assert_eq!(
        import_error(&["2018,新規移動人数,株式会社エー,三人,,"]),
        "error: bad.csv, row 2, column D (値): expected a number, found 「三人」\n"
    );
    assert_eq!(
        import_error(&[",新規移動人数,株式会社エー,3,,"]),
        "error: bad.csv, row 2, column A (年度): the 年度 cell is empty; expected a value\n"
    );
    assert_eq!(
        import_error(&[good, "2017,新規移動人数,株式会社ビー,2,,", good]),
        "error: bad.csv, row 4: this row repeats row 2 (same KPI, year, company, value, date and note)\n"
    );
    assert_eq!(
        import_error(&["2018,新規移動人数,株式会社エー,3,2019/6/1,"]),
        "error: bad.csv, row 2, column E (日付): date 2019-06-01 is not in fiscal year 2018 (2018-04-01 to 2019-03-31)\n"
    );
    assert_eq!(
        import_error(&["2018,新規移動人数,,36,,"]),
        "error: bad.csv, row 2, column C (企業名): the company cell is empty (a merged cell?); a row states the item's total only when its company cell says 合計, 計, 総数 or 公表値 or it gives a 出典, and it is a subtotal only when its value is the sum of the rows above it\n"
    );
    // A company merged over two rows of 1社 each, saved as CSV: the second
    // row's company is empty and its value that of the row above.
    assert_eq!(
        import_error(&["2018,新規参加企業数,株式会社エー,1,,", "2018,新規参加企業数,,1,,"]),
        "error: bad.csv, row 3, column C (企業名): the company cell is empty and its value 1 equals the one row above it (row 2): a subtotal of one company, or the same company's second entry (a merged company cell saved as CSV is empty)? write 小計 in the company cell if it is a subtotal, or the company's name\n"
    );
}

#[test]
fn report_lists_every_bad_row_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = csv(
        dir.path(),
        &[
            "2020,新規移動人数,株式会社エー,3,,",
            "2018,新規移動人数,株式会社エー,3,,",
            "2018,謎,株式会社エー,3,,",
        ],
    );
    let out = dir.path().join("out.ron");
    let first =
        bin_en().args(["import", "actuals"]).arg(&path).arg("-o").arg(&out).assert().code(2);
    let stderr = String::from_utf8(first.get_output().stderr.clone()).expect("utf-8");
    assert_eq!(stderr.lines().count(), 1);
    assert!(
        stderr.contains("row 2")
            && stderr.contains("(and 1 more problems; --report lists them all)"),
        "{stderr}"
    );
    let all = bin_en()
        .args(["import", "actuals", "--report"])
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8(all.get_output().stderr.clone()).expect("utf-8");
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(
        stderr
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("error: ") && l.contains("row 4, column B (指標)"))
    );
    assert!(!out.exists());
}

#[test]
fn other_headers_are_mapped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("mapped.csv");
    std::fs::write(&path, "実施年,評価項目,会社,人数\n2018,新規移動人数,株式会社エー,3\n")
        .expect("write");
    let out = dir.path().join("out.ron");
    bin()
        .args(["import", "actuals"])
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "最初の10行に、年度・指標・値（または実績）の見出しがある行がありません。最初の行は 1 行目: 「実施年」「評価項目」「会社」「人数」",
        ));
    bin()
        .args([
            "import",
            "actuals",
            "--map",
            "実施年=fiscal_year,評価項目=kpi,会社=company,人数=value",
        ])
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&out).expect("out").contains("value: 3"));
}

#[test]
fn a_missing_sheet_names_the_sheets() {
    bin()
        .args(["import", "actuals", "--sheet", "実績2"])
        .arg(data("import/actuals-libreoffice.xlsx"))
        .args(["-o", "/tmp/never-written.ron"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "シート \"実績2\" はありません。シートは actuals-source です",
        ));
}

#[test]
fn an_ambiguous_kpi_name_is_an_error_not_a_guess() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut plan, _) = embedded::plan().expect("plan");
    let mut twin = plan.kpis[0].clone();
    twin.id = "新規移動人数（市外）".into();
    twin.name = "新規 移動人数".into();
    plan.kpis.push(twin);
    let plan_path = dir.path().join("plan.ron");
    std::fs::write(&plan_path, ron::to_string(&plan).expect("ron")).expect("write");
    let path = dir.path().join("a.csv");
    std::fs::write(&path, "年度,指標,企業名,値\n2018,新規　移動　人数,株式会社エー,3\n")
        .expect("write");
    bin()
        .arg("--plan")
        .arg(&plan_path)
        .args(["import", "actuals"])
        .arg(&path)
        .args(["-o"])
        .arg(dir.path().join("o.ron"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("「新規 移動 人数」は複数の KPI（新規移動人数, 新規 移動人数）に当たります。名前を正確に書いてください"));
}

fn import_plan(path: &Path) -> kpi_council::domain::plan::Plan {
    kpi_council::commands::import::read_plan(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_plan_text_imports_to_the_embedded_plan_field_by_field() {
    let (embedded_plan, _) = embedded::plan().expect("plan");
    let imported = import_plan(&data("plans/kitami-template.txt"));
    assert_eq!(imported.name, embedded_plan.name);
    assert_eq!(imported.author, embedded_plan.author);
    assert_eq!(imported.area, embedded_plan.area);
    assert_eq!(imported.period, embedded_plan.period);
    assert_eq!(imported.grant, embedded_plan.grant);
    assert_eq!(imported.total_cost, embedded_plan.total_cost);
    assert_eq!(imported.evaluation, embedded_plan.evaluation);
    assert_eq!(imported.fiscal_years, embedded_plan.fiscal_years);
    assert_eq!(imported.kpis, embedded_plan.kpis);
    assert_eq!(imported, embedded_plan);
}

#[test]
fn the_seed_document_imports_to_the_embedded_plan() {
    let seed = root().join("../shared/seed/000_8c8407ed5781ede5.txt");
    if !seed.exists() {
        eprintln!(
            "SKIPPED the_seed_document_imports_to_the_embedded_plan: {} is not on this machine",
            seed.display()
        );
        return;
    }
    let (embedded_plan, _) = embedded::plan().expect("plan");
    assert_eq!(import_plan(&seed), embedded_plan);
}

#[test]
fn a_reiwa_plan_with_four_columns_and_pdf_artifacts() {
    let plan = import_plan(&data("plans/reiwa-four-columns.txt"));
    assert_eq!(plan.name, "サンプル町まちなかにぎわい創出計画");
    assert_eq!(plan.fiscal_years, [2019, 2020, 2021, 2022].map(FiscalYear));
    assert_eq!(plan.evaluation.month, Some(6));
    assert_eq!(plan.evaluation.body, "サンプル町まちづくり推進委員会");
    assert_eq!(plan.period.end, chrono::NaiveDate::from_ymd_opt(2023, 3, 31).expect("date"));
    assert_eq!(
        plan.total_cost.as_ref().map(|m| (m.amount, m.unit.as_str())),
        Some((Quantity::units(120_000), "千円"))
    );
    let names: Vec<&str> = plan.kpis.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(
        names,
        ["空き店舗の活用件数", "商店街の年間販売額", "観光客満足度", "ICT講座の受講者数"]
    );
    let units: Vec<&str> = plan.kpis.iter().map(|k| k.unit.as_str()).collect();
    assert_eq!(units, ["件", "百万円", "%", "千人"]);
    assert_eq!(
        plan.kpis[0].target(FiscalYear(2022)),
        Some(Quantity::units(10)),
        "full-width １０件"
    );
    assert_eq!(plan.kpis[1].target(FiscalYear(2019)), Some(Quantity::units(1200)), "1,200百万円");
    assert_eq!(
        plan.kpis[2].target(FiscalYear(2019)),
        None,
        "a row split over two lines; - is no target"
    );
    assert_eq!(plan.kpis[3].target(FiscalYear(2019)), Some(Quantity::from_milli(1500)));
}

#[test]
fn unreadable_rows_are_reported_by_line() {
    let out = bin_en()
        .args(["import", "plan"])
        .arg(data("plans/unreadable-row.txt"))
        .args(["-o", "/tmp/never-written-plan.ron"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).expect("utf-8");
    assert!(stderr.contains("line 23: cannot read this KPI row: 「新規参加企業数\t-\t10社\t十社」; expected a name and 3 targets such as 10 人 or -"), "{stderr}");
    assert!(stderr.contains("line 36: cannot read this KPI row"), "{stderr}");
    assert!(!Path::new("/tmp/never-written-plan.ron").exists());
}

#[test]
fn a_shift_jis_plan_text_reads_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(data("plans/kitami-template.txt")).expect("text");
    let crlf = text.replace('\n', "\r\n");
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&crlf);
    let path = dir.path().join("plan-sjis.txt");
    std::fs::write(&path, &bytes).expect("write");
    let (embedded_plan, _) = embedded::plan().expect("plan");
    assert_eq!(import_plan(&path), embedded_plan);
}

/// A フリガナ column gives each company its reading; the companies list in
/// name order then follows the readings, not the legal forms or the kanji.
#[test]
fn a_furigana_column_orders_the_companies_by_reading() {
    use kpi_council::domain::breakdown::{Filter, SortKey, select};
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("furigana.csv");
    std::fs::write(
        &path,
        "指標,年度,企業名,フリガナ,値\n\
         新規移動人数,2018,株式会社和田製作所,ワダセイサクショ,1\n\
         新規移動人数,2018,阿部商店,アベショウテン,2\n\
         新規移動人数,2018,有限会社岡田,おかだ,4\n",
    )
    .expect("write");
    let actuals = import(&path);
    let readings: Vec<&str> = actuals.companies.iter().map(|c| c.reading.as_str()).collect();
    assert_eq!(readings, ["ワダセイサクショ", "アベショウテン", "おかだ"]);
    let (plan, _) = embedded::plan().expect("plan");
    let dataset = kpi_council::domain::dataset::Dataset::new(plan, actuals).expect("dataset");
    let year = dataset.plan.year_index(FiscalYear(2018)).expect("2018");
    let cell = dataset.ledger.cell(0, year).expect("cell");
    let rows = select(&dataset.actuals, &dataset.keys, cell, &Filter::new(""), SortKey::Name);
    let names: Vec<&str> = rows
        .iter()
        .map(|&i| {
            let id = &dataset.actuals.contributions[i].company;
            dataset.actuals.companies.iter().find(|c| &c.id == id).expect("company").name.as_str()
        })
        .collect();
    assert_eq!(names, ["阿部商店", "有限会社岡田", "株式会社和田製作所"], "あ, お, わ");
}

/// A 速報・確定 column says whether a stated total is preliminary or final;
/// a word that is neither is refused with its row, not guessed.
#[test]
fn a_stated_total_says_whether_it_is_preliminary_or_final() {
    use kpi_council::domain::actuals::FigureStatus;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("status.csv");
    std::fs::write(
        &path,
        "指標,年度,企業名,値,出典,速報・確定\n\
         新規移動人数,2018,阿部商店,2,,\n\
         新規移動人数,2018,合計,5,市調べ,速報\n\
         新規参加企業数,2018,合計,11,市調べ,確定\n",
    )
    .expect("write");
    let actuals = import(&path);
    let status: Vec<Option<FigureStatus>> =
        actuals.stated_totals.iter().map(|s| s.status).collect();
    assert_eq!(status, [Some(FigureStatus::Preliminary), Some(FigureStatus::Final)]);

    std::fs::write(
        &path,
        "指標,年度,企業名,値,出典,速報・確定\n新規移動人数,2018,合計,5,市調べ,暫定\n",
    )
    .expect("write");
    let (plan, _) = embedded::plan().expect("plan");
    let errors = kpi_council::import::actuals_from_table(
        &path,
        &plan,
        None,
        &std::collections::HashMap::new(),
    )
    .expect_err("refused");
    let text = format!("{errors:?}");
    assert!(text.contains("暫定") && text.contains("速報 or 確定"), "{text}");
    assert!(text.contains("row: Some(2)"), "the row is named: {text}");
}

/// The last line `import actuals FILE` prints, refused (exit status 2),
/// its output in `dir`.
fn last_refusal_line(file: &Path, dir: &Path) -> String {
    let out = bin()
        .args(["import", "actuals"])
        .arg(file)
        .arg("-o")
        .arg(dir.join("out.ron"))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    stderr.lines().last().expect("a line").to_string()
}

/// What a clerk reads, in Japanese, when a 小計 row is not the sum of the
/// rows above it, or a row has no company: the row, the column and why.
#[test]
fn subtotal_refusals_are_said_in_japanese() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("empty.csv");
    std::fs::write(
        &empty,
        "年度,指標,企業名,値\n2018,新規移動人数,株式会社エー,3\n2018,新規移動人数,,5\n",
    )
    .expect("write");
    for (file, said) in [
        (
            data("actuals/subtotal-wrong.xlsx"),
            "シート 実績、4行目、D列（値）: 小計の行「小計」は 12 ですが、上の行（2, 3 行目）の合計は 11 です",
        ),
        (
            empty,
            "3行目、C列（企業名）: 企業名のセルが空です（結合したセル？）。企業名のセルが 合計・計・総数・公表値 か出典のある行だけが合計を示す行で、値が上の行の合計と等しい行だけが小計です",
        ),
    ] {
        let line = last_refusal_line(&file, dir.path());
        assert!(line.starts_with("エラー: ") && line.ends_with(said), "{line}");
    }
}

/// A stated total smaller than its companies' sum, a row repeated word
/// for word, and a row naming no company are refused in Japanese too.
#[test]
fn stated_total_and_repeated_row_refusals_are_said_in_japanese() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repeated = dir.path().join("repeated.csv");
    std::fs::write(
        &repeated,
        "年度,指標,企業名,値\n2018,新規移動人数,株式会社エー,3\n2018,新規移動人数,株式会社ビー,2\n2018,新規移動人数,株式会社エー,3\n",
    )
    .expect("write");
    for (file, said) in [
        (
            data("actuals/stated-smaller.xlsx"),
            "シート 実績、4行目、D列（値）: 合計値 8 が、企業 2 社の値の合計 9 より小さくなっています",
        ),
        (
            repeated,
            "4行目: この行は 2 行目と同じです（指標・年度・企業名・値・日付・備考がすべて同じ）",
        ),
        (
            data("actuals/missed-company.xlsx"),
            "シート 実績、2行目: 見出し（1 行目）に企業名の列がないため、この行の企業が分かりません。読んでいない列: C 「会社・団体」。企業名の列があれば --map \"会社・団体=company\" で指定してください",
        ),
    ] {
        let line = last_refusal_line(&file, dir.path());
        assert!(line.starts_with("エラー: ") && line.ends_with(said), "{line}");
    }
}

/// A city's own workbook imported as the Japanese manual's first example
/// had it, without `--plan`: every row was refused against the sample plan
/// (「2019年度は計画の期間外です。次のいずれかにしてください: 2016, 2017,
/// 2018」), and nothing said that the plan was 北見市's sample. The error
/// now says so when nothing in the file could be read; a file with rows the
/// sample plan reads keeps its errors as they were.
#[test]
fn a_file_refused_against_the_sample_plan_says_to_give_the_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path =
        csv(dir.path(), &["2019,移住者数,株式会社エー,3,2019/6/1,", "2019,移住者数,合計,3,,"]);
    let out = dir.path().join("out.ron");
    let ja = bin().args(["import", "actuals"]).arg(&path).arg("-o").arg(&out).assert().code(2);
    let stderr = String::from_utf8(ja.get_output().stderr.clone()).expect("utf-8");
    assert!(stderr.contains("2019年度は計画の期間外です"), "{stderr}");
    assert!(
        stderr.contains("\n--plan がないため、サンプルの北見市の計画と照らし合わせました。自分の計画の実績なら kpi-council --plan plan.ron import actuals … のように計画を指定してください"),
        "{stderr}"
    );
    let en = bin_en().args(["import", "actuals"]).arg(&path).arg("-o").arg(&out).assert().code(2);
    let stderr = String::from_utf8(en.get_output().stderr.clone()).expect("utf-8");
    assert!(
        stderr.contains("without --plan, the file was checked against the sample plan of 北見市"),
        "{stderr}"
    );
    assert!(!out.exists());

    // A row the sample plan reads: the file is the sample's, its error alone.
    let stderr = import_error(&[
        "2018,新規移動人数,株式会社エー,3,2018/6/1,",
        "2019,新規移動人数,株式会社ビー,3,2019/6/1,",
    ]);
    assert!(stderr.contains("fiscal year 2019 is outside the plan"), "{stderr}");
    assert!(!stderr.contains("--plan"), "{stderr}");
}

/// A 単位 column is read: each row's unit is checked against its KPI's (a
/// row in 千人 for a KPI in 人 is refused). The reconciliation's column map
/// called it 読まない (not read), as if a wrong unit there went unnoticed.
#[test]
fn the_column_map_says_a_unit_column_is_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("units.csv");
    std::fs::write(&path, "年度,指標,企業名,値,単位,メモ\n2018,新規移動人数,株式会社エー,3,人,x\n")
        .expect("write");
    let run = |lang: &str, name: &str| {
        let out = bin()
            .args(["--lang", lang, "import", "actuals"])
            .arg(&path)
            .arg("-o")
            .arg(dir.path().join(name))
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).expect("utf-8")
    };
    let ja = run("ja", "ja.ron");
    assert!(ja.contains("| E | 単位 | 単位（行ごとに KPI の単位と照合） |"), "{ja}");
    assert!(ja.contains("| F | メモ | 読まない |"), "{ja}");
    let en = run("en", "en.ron");
    assert!(en.contains("| E | 単位 | unit (checked against each row's KPI) |"), "{en}");
    assert!(en.contains("| F | メモ | not read |"), "{en}");
}

/// The comment atop actuals.ron was English in a Japanese session, where
/// the plan's (`import plan`) is Japanese: it follows the language.
#[test]
fn the_actuals_file_says_where_it_came_from_in_the_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = data("import/actuals-libreoffice.xlsx");
    let first_line = |lang: &str| {
        let out = dir.path().join(format!("{lang}.ron"));
        bin()
            .args(["--lang", lang, "import", "actuals"])
            .arg(&source)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        let text = std::fs::read_to_string(&out).expect("written");
        text.lines().next().expect("a line").replace(&source.display().to_string(), "実績.xlsx")
    };
    assert_eq!(
        first_line("ja"),
        "// 実績.xlsx から kpi-council が取り込みました: 企業 7 社、実績の内訳 9 件、合計値 1 件。"
    );
    assert_eq!(
        first_line("en"),
        "// Imported from 実績.xlsx by kpi-council: 7 companies, 9 contributions, 1 stated total."
    );
}

/// `--plan` given the plan's text is refused (in English) with the way to
/// make the plan file from it.
fn assert_said_to_import_the_plan_text(text: &std::path::Path) {
    let out = bin_en().arg("--plan").arg(text).arg("summary").assert().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).expect("utf-8");
    assert!(
        stderr.contains(
            "this looks like the plan's text: make the plan file with kpi-council import plan"
        ),
        "{stderr}"
    );
}

/// The plan's text given to `--plan` (the file the manual's import starts
/// from) said only 「1:1: ここには `(` で始まる項目の組が必要です」: it now
/// says to make the plan file from it with `import plan`.
#[test]
fn the_plan_text_given_as_the_plan_says_to_import_it() {
    let text = data("plans/reiwa-four-columns.txt");
    let out = bin().arg("--plan").arg(&text).arg("summary").assert().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).expect("utf-8");
    assert!(
        stderr.contains(&format!(
            "{}:1:1: 計画の本文のテキストのようです。kpi-council import plan {} -o plan.ron で計画ファイルにしてから --plan plan.ron と指定してください",
            text.display(),
            text.display()
        )),
        "{stderr}"
    );
    assert_said_to_import_the_plan_text(&text);
}

/// The same in Shift_JIS, as an office may save the text: it was refused as
/// a file not in UTF-8.
#[test]
fn the_plan_text_in_shift_jis_given_as_the_plan_says_to_import_it() {
    let text = data("plans/office/kawanishi.sjis-crlf.txt");
    assert_said_to_import_the_plan_text(&text);
}
