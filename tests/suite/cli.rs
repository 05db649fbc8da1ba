//! The command line as scripts use it: summaries, checks and the one-line
//! errors of bad input (exit status 2, no panic, no backtrace).

use assert_cmd::Command;
use predicates::prelude::*;

fn bin() -> Command {
    crate::common::kpi_council()
}

/// The binary with its messages in English (the messages asserted here).
fn bin_en() -> Command {
    let mut c = bin();
    c.args(["--lang", "en"]);
    c
}

fn fixture(name: &str) -> String {
    format!("{}/tests/invalid/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn summary_csv_has_a_row_per_kpi_and_year() {
    let out = bin().args(["summary", "--format", "csv"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("header").clone();
    for col in ["kpi", "fiscal_year", "target", "actual", "rate", "status"] {
        assert!(headers.iter().any(|h| h == col), "missing column {col}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 9);
    let get = |r: &csv::StringRecord, col: &str| {
        let i = headers.iter().position(|h| h == col).expect("column");
        r[i].to_string()
    };
    let migrants_2017 = rows
        .iter()
        .find(|r| get(r, "kpi") == "新規移動人数" && get(r, "fiscal_year") == "2017")
        .expect("新規移動人数 2017");
    assert_eq!(get(migrants_2017, "target"), "50");
    assert_eq!(get(migrants_2017, "actual"), "42");
    assert_eq!(get(migrants_2017, "rate"), "84.0");
    assert_eq!(get(migrants_2017, "status"), "概ね達成");
    let no_target = rows
        .iter()
        .find(|r| get(r, "kpi") == "新規参加企業数" && get(r, "fiscal_year") == "2016")
        .expect("新規参加企業数 2016");
    assert_eq!(get(no_target, "target"), "", "no target is empty, not zero");
    assert_eq!(get(no_target, "actual"), "3");
    assert_eq!(get(no_target, "rate"), "");
    assert_eq!(get(no_target, "status"), "目標なし");
}

#[test]
fn summary_for_one_year_in_wareki() {
    let out = bin().args(["summary", "--format", "csv", "--fy", "平成30年度"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(text.lines().skip(1).all(|l| l.contains(",2018,")));
}

/// The plan-period sum of 新規参加企業数 is over its years with a target
/// (平成29・30年度): 19 of 20, marked, and the year left out said below.
#[test]
fn summary_says_what_a_plan_period_sum_leaves_out() {
    let out = bin().arg("summary").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines
            .contains(&"新規参加企業数  単年度  計画期間（合計）＊   20社  19社   95.0%  概ね達成"),
        "{text}"
    );
    assert!(
        lines.contains(&"進出企業数      単年度  計画期間（合計）      2社   3社  150.0%  達成"),
        "{text}"
    );
    assert_eq!(
        lines.last(),
        Some(&"＊ 新規参加企業数: 目標のない平成28年度の実績は含めず"),
        "{text}"
    );
}

#[test]
fn summary_json_has_numbers_and_nulls() {
    let out = bin().args(["summary", "--format", "json"]).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    assert_eq!(v["sample"], true);
    let items = v["items"].as_array().expect("items");
    assert_eq!(items.len(), 9);
    assert_eq!(items[1]["target"], 50);
    assert_eq!(items[1]["rate"], 84.0);
    assert!(items[3]["target"].is_null());
    assert_eq!(v["plan_period_totals"][0]["target"], 110);
}

#[test]
fn summary_table_aligns_japanese_by_display_width() {
    let out = bin().arg("summary").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    let widths: Vec<usize> = text
        .lines()
        .skip(1)
        .filter(|l| l.contains("年度 ("))
        .map(|l| {
            let cut = l.find("年度 (").expect("year column");
            unicode_width::UnicodeWidthStr::width(&l[..cut])
        })
        .collect();
    assert_eq!(widths.len(), 9);
    assert!(widths.windows(2).all(|w| w[0] == w[1]), "year column starts at one width: {widths:?}");
    assert!(text.contains("[サンプル]"));
}

#[test]
fn summary_with_a_year_outside_the_plan_is_a_user_error() {
    bin_en()
        .args(["summary", "--fy", "2020"])
        .assert()
        .code(2)
        .stderr("error: --fy \"2020\": fiscal year 2020 is not in the plan; expected one of: 2016, 2017, 2018\n");
}

#[test]
fn check_names_the_kind_of_each_file() {
    let root = env!("CARGO_MANIFEST_DIR");
    bin_en()
        .args([
            "check",
            &format!("{root}/assets/kitami-plan.ron"),
            &format!("{root}/assets/sample-actuals.ron"),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("kitami-plan.ron: plan, valid: 3 KPIs × 3 fiscal years"))
        .stdout(predicate::str::contains("sample-actuals.ron: actuals, valid against the plan"))
        .stdout(predicate::str::contains("22 companies"));
}

#[test]
fn check_reports_a_bad_file_and_exits_2() {
    bin()
        .args(["check", &fixture("unknown-kpi.ron")])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("KPI の id \"visitors\" は計画にありません"));
    bin_en()
        .args(["check", &fixture("unknown-kpi.ron")])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("unknown KPI id \"visitors\""));
}

/// Each bad input gives exactly one line naming the file, the position or
/// record, and what was expected.
#[test]
fn bad_actuals_give_one_clear_line() {
    let cases = [
        // A plan, given as the actuals: said as files mixed up.
        (
            "malformed.ron",
            "malformed.ron:3:5: this file is a plan (--plan); expected actuals (--actuals) here (are the files mixed up?)",
        ),
        (
            "wrong-type.ron",
            "wrong-type.ron:8:66: expected a number (at most three decimal places) but found the string \"五人\" instead",
        ),
        (
            "unknown-kpi.ron",
            "unknown-kpi.ron: contributions[1] (kpi \"visitors\", company \"a\"): unknown KPI id \"visitors\"; expected one of: 新規移動人数, 新規参加企業数, 進出企業数",
        ),
        (
            "year-outside.ron",
            "year-outside.ron: contributions[0] (kpi \"新規移動人数\", company \"a\"): fiscal year 2020 is outside the plan; expected one of: 2016, 2017, 2018",
        ),
        (
            "negative.ron",
            "negative.ron: contributions[0] (kpi \"新規参加企業数\", company \"a\"): expected a value of zero or more, found -1",
        ),
        (
            "duplicate-company.ron",
            "duplicate-company.ron: companies[2] (\"a\"): duplicate company id \"a\"; it is already used by companies[0]",
        ),
        (
            "unknown-field.ron",
            "unknown-field.ron:4:35: unexpected field named `headoffice` in `Company`",
        ),
        ("not-utf8.ron", "not-utf8.ron:4:30: the file is not valid UTF-8 text"),
        (
            "future-version.ron",
            "future-version.ron:2:14: format version 7 is not supported; expected version 1 (the file may come from a newer kpi-council)",
        ),
    ];
    for (file, message) in cases {
        let out = bin_en().args(["--actuals", &fixture(file), "summary"]).assert().code(2);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).expect("utf-8");
        assert_eq!(stderr.lines().count(), 1, "{file}: one line only:\n{stderr}");
        assert!(stderr.starts_with("error: "), "{file}: {stderr}");
        assert!(stderr.contains(message), "{file}: expected {message:?} in\n{stderr}");
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
        assert!(out.get_output().stdout.is_empty(), "{file}: nothing on stdout");
    }
}

#[test]
fn a_malformed_plan_names_line_and_column() {
    bin_en().args(["--plan", &fixture("malformed.ron"), "summary"]).assert().code(2).stderr(
        predicate::str::contains(
            "malformed.ron:6:5: expected a comma `,` before this (after the previous item)",
        ),
    );
}

#[test]
fn a_missing_file_is_a_user_error() {
    bin_en()
        .args(["--plan", "no-such-plan.ron", "summary"])
        .assert()
        .code(2)
        .stderr("error: no-such-plan.ron: cannot read the file: no such file\n");
}

#[test]
fn the_tui_refuses_bad_input_before_touching_the_terminal() {
    bin()
        .args(["--actuals", &fixture("negative.ron")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("値は 0 以上でなければなりません"));
}

#[test]
fn company_breakdown_csv_adds_up_to_each_item() {
    let summary = bin().args(["summary", "--format", "json"]).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&summary.get_output().stdout).expect("json");
    let out = bin().args(["summary", "--companies", "--format", "csv"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("header").clone();
    for col in ["kpi", "fiscal_year", "company", "value", "share"] {
        assert!(headers.iter().any(|h| h == col), "missing column {col}");
    }
    let col = |name: &str| headers.iter().position(|h| h == name).expect("column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    for item in v["items"].as_array().expect("items") {
        let kpi = item["kpi"].as_str().expect("kpi");
        let fy = item["fiscal_year"].to_string();
        let sum: f64 = rows
            .iter()
            .filter(|r| &r[col("kpi")] == kpi && r[col("fiscal_year")] == fy)
            .map(|r| r[col("value")].parse::<f64>().expect("number"))
            .sum();
        let actual = item["actual"].as_f64().unwrap_or(0.0);
        assert!((sum - actual).abs() < 1e-9, "{kpi} {fy}: rows sum to {sum}, actual {actual}");
    }
    let contributions = rows.iter().filter(|r| &r[col("row_type")] == "contribution").count();
    let (sample, _) = kpi_council::store::embedded::actuals().expect("sample actuals");
    assert_eq!(contributions, sample.contributions.len(), "one row per contribution");
}

#[test]
fn company_breakdown_for_one_kpi_and_year() {
    bin()
        .args(["summary", "--companies", "--kpi", "新規移動人数", "--fy", "H30"])
        .assert()
        .success()
        .stdout(predicate::str::contains("新規移動人数 平成30年度 (2018)  実績 36人"))
        .stdout(predicate::str::contains("（企業別内訳なし）"))
        .stdout(predicate::str::contains("新規参加企業数").not());
}

#[test]
fn unknown_kpi_id_is_a_user_error() {
    bin_en()
        .args(["summary", "--companies", "--kpi", "visitors"])
        .assert()
        .code(2)
        .stderr("error: --kpi \"visitors\": unknown KPI id; expected one of: 新規移動人数, 新規参加企業数, 進出企業数\n");
}

#[test]
fn sample_writes_the_same_valid_files_each_time() {
    let a = tempfile::tempdir().expect("temp dir");
    let args = ["--kpis", "2", "--years", "3", "--companies", "5", "--records", "40"];
    let names = ["plan.ron", "actuals.ron", "session.ron"];
    let mut runs = Vec::new();
    for _ in 0..2 {
        bin_en()
            .arg("sample")
            .args(args)
            .args(["--remarks", "7", "--force", "-o"])
            .arg(a.path())
            .assert()
            .success();
        runs.push(names.map(|n| std::fs::read(a.path().join(n)).expect("written")));
    }
    for (i, name) in names.iter().enumerate() {
        assert!(runs[0][i] == runs[1][i], "{name} differs between two runs");
    }
    let out = bin_en()
        .arg("check")
        .args(["plan.ron", "actuals.ron", "session.ron"].map(|n| a.path().join(n)))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    assert!(text.contains("2 KPIs × 3 fiscal years"), "{text}");
    assert!(text.contains("5 companies, 40 contributions"), "{text}");
    assert!(text.contains("7 remarks"), "{text}");
    // Written files are never replaced without --force.
    bin_en()
        .arg("sample")
        .args(["-o"])
        .arg(a.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--force"));
}

/// `kpi-council summary … | head -1`: the reader goes away; the program
/// ends quietly with status 0, as the usual tools do.
#[test]
fn a_closed_pipe_ends_quietly() {
    for args in [
        &["summary", "--format", "csv"][..],
        &["summary", "--companies", "--format", "csv"][..],
        &["summary", "--format", "json"][..],
        &["summary"][..],
    ] {
        let mut child = crate::common::isolated(&mut std::process::Command::new(env!(
            "CARGO_BIN_EXE_kpi-council"
        )))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start");
        // Close the reading end before the program writes anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}: nothing on stderr");
    }
}

/// A plan saved again by hand in Notepad's ANSI (Shift_JIS) or as UTF-16
/// is refused naming the encoding it looks saved in and how to save it
/// again, in Japanese by default; a file of stray bytes names none.
#[test]
fn a_plan_saved_in_another_encoding_is_named_as_such() {
    let dir = tempfile::tempdir().expect("dir");
    let text = include_str!("../../assets/kitami-plan.ron");
    let (sjis, _, lossy) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!lossy);
    let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16 = [&[0xFF, 0xFE][..], &bare].concat();
    for (name, bytes, said) in [
        ("sjis.ron", sjis.into_owned(), Some("（Shift_JIS で保存されているようです）")),
        ("utf16.ron", utf16, Some("（UTF-16 で保存されているようです）")),
        // Without its byte-order mark, UTF-16 is still named as such (its
        // NUL bytes decode as Shift_JIS too).
        ("utf16-bare.ron", bare, Some("（UTF-16 で保存されているようです）")),
        ("stray.ron", b"(version: 1, name: \"\xFF\xFF\")".to_vec(), None),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).expect("write");
        let out = crate::common::kpi_council()
            .arg("--plan")
            .arg(&file)
            .arg("summary")
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("UTF-8 のテキストではありません"), "{name}: {stderr}");
        assert!(stderr.contains("UTF-8 で保存し直してください"), "{name}: {stderr}");
        match said {
            Some(s) => assert!(stderr.contains(s), "{name}: {stderr}"),
            None => assert!(!stderr.contains("保存されているようです"), "{name}: {stderr}"),
        }
    }
}

/// `check SESSION` in English counts in English: one of a thing is singular
/// ("1 agenda items", "1 remarks, 1 judgments" before), and the Japanese
/// lines are as they were.
#[test]
fn check_counts_a_session_in_english_grammar() {
    let golden = format!("{}/tests/data/golden-session.ron", env!("CARGO_MANIFEST_DIR"));
    let out = bin_en().args(["check", &golden]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for line in [
        "5 attendees, 9 remarks (1 deleted), 3 judgments",
        "  1 agenda item without a judgment\n",
        "  Left out of the public version (internal): 1 remark, 1 judgment\n",
    ] {
        assert!(text.contains(line), "{line:?} in:\n{text}");
    }
    let out = bin().args(["--lang", "ja", "check", &golden]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for line in ["評価（効果検証）が未記録の議題 1件", "公開版から除く非公開：発言 1件・評価 1件"]
    {
        assert!(text.contains(line), "{line:?} in:\n{text}");
    }
}
