//! The command line speaks the interface's language: Japanese by default,
//! English with `--lang en`, the exit status the same in both.

use assert_cmd::Command;
use predicates::prelude::*;

fn bin() -> Command {
    crate::common::kpi_council()
}

#[test]
fn errors_are_japanese_by_default_and_english_with_lang_en() {
    bin()
        .args(["summary", "--fy", "1999"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("エラー: --fy \"1999\": 1999年度は計画にありません"));
    bin().args(["--lang", "en", "summary", "--fy", "1999"]).assert().code(2).stderr(
        predicate::str::starts_with("error: --fy \"1999\": fiscal year 1999 is not in the plan"),
    );
    bin().args(["check", "/nonexistent/plan.ron"]).assert().code(2).stdout(
        predicate::str::contains(
            "エラー: /nonexistent/plan.ron: ファイルを読めません: ファイルがありません",
        ),
    );
}

#[test]
fn reports_are_japanese_by_default() {
    let plan = format!("{}/assets/kitami-plan.ron", env!("CARGO_MANIFEST_DIR"));
    bin()
        .args(["check", &plan])
        .assert()
        .success()
        .stdout(predicate::str::contains("計画、正常: KPI 3 件 × 3 年度"));
    bin()
        .args(["--lang", "en", "check", &plan])
        .assert()
        .success()
        .stdout(predicate::str::contains("plan, valid: 3 KPIs × 3 fiscal years"));
}

#[test]
fn a_file_of_no_known_kind_is_said_in_each_language() {
    let dir = tempfile::tempdir().expect("dir");
    let odd = dir.path().join("odd.ron");
    std::fs::write(&odd, "(a: 1)").expect("write");
    bin().arg("check").arg(&odd).assert().code(2).stdout(predicate::str::contains(format!(
        "エラー: {}: ファイルの種類がわかりません。計画（`kpis` のあるもの）、実績（`companies` と `contributions` のあるもの）、会議の記録（`sheet` と `remarks` のあるもの）のどれかが必要です",
        odd.display()
    )));
    bin().args(["--lang", "en", "check"]).arg(&odd).assert().code(2).stdout(
        predicate::str::contains(format!(
            "error: {}: cannot tell what kind of file this is; expected a plan (with `kpis`), actuals (with `companies` and `contributions`) or a session (with `sheet` and `remarks`)",
            odd.display()
        )),
    );
}

#[test]
fn a_replaced_file_is_refused_in_japanese_naming_the_option() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("kpi.csv");
    std::fs::write(&out, "old").expect("write");
    bin().args(["summary", "--format", "csv", "-o"]).arg(&out).assert().code(2).stderr(
        predicate::str::contains("ファイルが既にあります。置き換えるには --force を付けてください"),
    );
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "old", "left as it was");
}

#[test]
fn lang_en_help_says_the_minutes_stay_japanese() {
    bin()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("The minutes stay in Japanese"));
}

#[test]
fn a_value_cell_that_is_not_a_number_is_said_in_japanese() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (value, said) in [
        ("\"1,50\"", "「1,50」は数値として読めません。カンマは 3 桁ごとの区切りにだけ使えます"),
        ("ｻﾝ", "数値を入力してください（「ｻﾝ」とあります）"),
        ("1.2345", "数値 1.2345 は小数点以下が 4 桁以上あります（3 桁までです）"),
        ("99999999999999999", "数値 99999999999999999 は大きすぎます（上限は 10^12）"),
    ] {
        let csv = dir.path().join("実績.csv");
        std::fs::write(&csv, format!("会社名,指標,年度,値\nA社,新規移動人数,2016,{value}\n"))
            .expect("csv");
        let out = bin()
            .current_dir(dir.path())
            .args(["import", "actuals", "実績.csv", "-o", "a.ron"])
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            stderr.contains(&format!("エラー: 実績.csv、2行目、D列（値）: {said}")),
            "{value}: {stderr}"
        );
    }
}

/// A wrong placeholder in the office's minutes wording is said in the
/// interface's language, like the rest of the warning around it.
#[test]
fn a_wrong_placeholder_in_the_minutes_wording_is_said_in_japanese() {
    let dir = tempfile::tempdir().expect("dir");
    let shipped = format!("{}/assets/minutes-wording.ron", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(shipped).expect("shipped wording");
    let text = text.replace("{会長}が開会を宣言した", "{委員長}が開会を宣言した");
    std::fs::write(dir.path().join("minutes-wording.ron"), text).expect("write");
    let run = |lang: &[&str]| {
        bin()
            .env("KPI_COUNCIL_CONFIG", dir.path().join("config.ron"))
            .args(lang)
            .args(["summary", "--fy", "2018"])
            .assert()
            .success()
    };
    run(&[]).stderr(predicate::str::contains(
        "opening: {委員長} は使えません。この文で使えるのは {開会} {会長} {会議名} {日付} {場所} です（議事録は標準の定型文で書き出します）",
    ));
    run(&["--lang", "en"]).stderr(predicate::str::contains(
        "opening: unknown placeholder {委員長}; expected {開会} {会長} {会議名} {日付} {場所} (the minutes use the shipped wording)",
    ));
}
