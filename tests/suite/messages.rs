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
        .args(["--lang", "en", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("The minutes stay in Japanese"));
}

/// The program for its help: as wide as it takes (the test build of clap
/// wraps lines at `COLUMNS`, the program's own build does not).
fn for_help() -> Command {
    let mut cmd = bin();
    cmd.env("COLUMNS", "1000");
    cmd
}

/// What the help prints; it exits 0.
fn help(args: &[&str]) -> String {
    let out = for_help().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
}

fn has_all(page: &str, lines: &[&str]) {
    for line in lines {
        assert!(page.contains(line), "{line:?} not in:\n{page}");
    }
}

#[test]
fn help_is_japanese_by_default() {
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let page = help(args);
        has_all(
            &page,
            &[
                "地域再生計画の KPI 評価会議: 数値を映し、発言を記録し、議事録を書き出します",
                "使い方: kpi-council [OPTIONS] [COMMAND]",
                "コマンド:",
                "会議の記録から議事録を書き出します",
                "オプション:",
                "--lang <LANG>",
                "議事録は公文書のため、常に日本語です",
                "[指定できる値: ja, en]",
                "ヘルプを表示します",
                "バージョンを表示します",
            ],
        );
        for english in ["Usage:", "Options:", "Commands:", "Print help", "The minutes stay"] {
            assert!(!page.contains(english), "{args:?}: {english:?} in:\n{page}");
        }
    }
}

#[test]
fn help_is_english_with_lang_en_before_or_after() {
    for args in [&["--lang", "en", "--help"][..], &["--help", "--lang", "en"], &["-h", "--lang=en"]]
    {
        let page = help(args);
        has_all(
            &page,
            &[
                "KPI evaluation meetings of a 地域再生計画",
                "Usage: kpi-council [OPTIONS] [COMMAND]",
                "Commands:",
                "Options:",
                "The minutes stay in Japanese",
                "Print help",
            ],
        );
        assert!(!page.contains("使い方"), "{args:?}:\n{page}");
    }
    let page = help(&["import", "actuals", "--help", "--lang", "en"]);
    has_all(&page, &["Arguments:", "Possible values:", "- stop:    Stop and list them"]);
}

#[test]
fn import_actuals_help_is_japanese() {
    let page = help(&["import", "actuals", "--help"]);
    has_all(
        &page,
        &[
            "実績を .xlsx、.xls、.ods、.csv から取り込み、計画（--plan、または組込みの計画）と照らし合わせます",
            "使い方: kpi-council import actuals [OPTIONS] --output <OUT> <FILE>",
            "引数:",
            "表計算のファイル、または CSV",
            "-o, --output <OUT>",
            "書き出す実績ファイル",
            "指定できる値:",
            "- stop:    止めて一覧を示します",
            "- include: 表示されている行・列として読みます（警告に載せます）",
            "[既定値: stop]",
            "照合表",
            "ヘルプを表示します（要約は -h）",
        ],
    );
    for english in ["Arguments:", "Possible values:", "[default:", "The spreadsheet"] {
        assert!(!page.contains(english), "{english:?} in:\n{page}");
    }
    has_all(&help(&["help", "import", "actuals"]), &["書き出す実績ファイル"]);
}

/// The config's language is the help's when `--lang` is not given; a
/// config that cannot be read leaves the help Japanese (and it is still
/// printed, exit 0).
#[test]
fn help_follows_the_configs_language() {
    let dir = tempfile::tempdir().expect("dir");
    let english = dir.path().join("en.ron");
    std::fs::write(&english, "(lang: Some(En))\n").expect("config");
    let out =
        for_help().env("KPI_COUNCIL_CONFIG", &english).args(["check", "-h"]).assert().success();
    let page = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    has_all(&page, &["Validate plan, actuals and session files", "Usage:"]);
    let out = for_help()
        .env("KPI_COUNCIL_CONFIG", &english)
        .args(["check", "-h", "--lang", "ja"])
        .assert()
        .success();
    has_all(&String::from_utf8_lossy(&out.get_output().stdout), &["使い方:"]);
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(lang: Some(Purple))\n").expect("config");
    let out = for_help().env("KPI_COUNCIL_CONFIG", &bad).args(["check", "-h"]).assert().success();
    has_all(&String::from_utf8_lossy(&out.get_output().stdout), &["使い方:", "検査するファイル"]);
}

/// A mistyped command line is refused as before, exit status 2, with
/// clap's message in the run's language.
#[test]
fn a_mistyped_command_line_is_refused_in_japanese_exit_2() {
    let out = for_help().args(["summary", "--forse"]).assert().code(2);
    let said = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert_eq!(
        said,
        "エラー: 予期しない引数 '--forse' があります\n\n  ヒント: 似た引数があります: '--force'\n\n使い方: kpi-council summary --force\n\n詳しくは '--help' を見てください。\n"
    );
    for_help()
        .args(["--minutes-per-item", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1 から 600 までの数を指定してください"));
    for_help().args(["--lang", "en", "summary", "--forse"]).assert().code(2).stderr(
        predicate::str::starts_with("error: unexpected argument '--forse' found")
            .and(predicate::str::contains("For more information, try '--help'.")),
    );
    // A command without its subcommand prints its help, as a mistake.
    for_help().args(["import"]).assert().code(2).stderr(predicate::str::contains("使い方:"));
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

/// `config` lists where the settings and the log are in the run's
/// language; `config --path` prints the path alone, for scripts.
#[test]
fn config_lists_its_files_in_japanese() {
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("config.ron");
    let log = dir.path().join("kpi-council.log");
    let run = |args: &[&str]| {
        let out = bin()
            .env("KPI_COUNCIL_CONFIG", &config)
            .env("KPI_COUNCIL_LOG", &log)
            .args(args)
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout).to_string()
    };
    let (c, l) = (config.display(), log.display());
    assert_eq!(run(&["config"]), format!("設定ファイル: {c}\nログ: {l}\n"));
    assert_eq!(run(&["--lang", "en", "config"]), format!("config: {c}\nlog: {l}\n"));
    assert_eq!(run(&["config", "--path"]), format!("{c}\n"));
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

/// `--map` written wrong is refused in the run's language, and the fields
/// it lists are the ones it takes.
#[test]
fn a_map_written_wrong_is_said_in_each_language() {
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "指標,年度,企業名,値\n新規移動人数,2018,A社,1\n").expect("write");
    let run = |lang: &[&str], map: &str| {
        let out = bin()
            .args(lang)
            .args(["import", "actuals", "--map", map, "-o"])
            .arg(dir.path().join("out.ron"))
            .arg(&csv)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert_eq!(
        run(&[], "実績人数"),
        "エラー: --map: 「見出し=項目」の形で書いてください（\"実績人数\" とあります）\n"
    );
    let fields = "fiscal_year, kpi, company, value, date, note, head_office, kind, industry, source, reading, figure_status, ignore";
    assert_eq!(
        run(&[], "実績人数=amount"),
        format!(
            "エラー: --map: 項目 \"amount\" はありません。次のどれかにしてください: {fields}\n"
        )
    );
    assert_eq!(
        run(&["--lang", "en"], "実績人数=amount"),
        format!("error: --map: unknown field \"amount\"; expected one of: {fields}\n")
    );
}

/// An import whose actuals would be larger than a file the program reads
/// back is refused in the run's language.
#[test]
fn an_import_too_large_to_read_back_is_said_in_japanese() {
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("a.csv");
    let mut text = String::from("指標,年度,企業名,値\n");
    for i in 0..8000 {
        text.push_str(&format!("新規移動人数,{},株式会社サンプル{i:05},1\n", 2016 + i % 3));
    }
    assert!(text.len() < 1 << 20, "the CSV itself is read");
    std::fs::write(&csv, text).expect("write");
    let out = bin()
        .env("KPI_COUNCIL_MAX_FILE_MB", "1")
        .args(["import", "actuals", "-o"])
        .arg(dir.path().join("out.ron"))
        .arg(&csv)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("エラー: 取り込んだファイルを書き出しませんでした: "), "{stderr}");
    assert!(!dir.path().join("out.ron").exists());
}

/// A file to import that is not there is named once.
#[test]
fn a_missing_file_to_import_is_named_once() {
    let dir = tempfile::tempdir().expect("dir");
    let missing = dir.path().join("実績.xlsx");
    let out = bin()
        .args(["import", "actuals", "-o"])
        .arg(dir.path().join("out.ron"))
        .arg(&missing)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("エラー: {}: ファイルを読めません: ファイルがありません\n", missing.display())
    );
}

/// A plan mistyped by hand is refused in Japanese by default, at its line
/// and column, with what was expected there; with `--lang en` in the RON
/// reader's English, without a Japanese word of the program's.
#[test]
fn a_mistyped_plan_is_refused_in_japanese_with_what_was_expected() {
    let dir = tempfile::tempdir().expect("dir");
    let shipped = format!("{}/assets/kitami-plan.ron", env!("CARGO_MANIFEST_DIR"));
    let plan = std::fs::read_to_string(shipped).expect("shipped plan");
    let cases = [
        (
            "unit: \"人\",",
            "unit: 3,",
            "27:18: ここには文字列（\"…\" で囲んだ文字）が必要です",
            "27:18: expected string",
        ),
        (
            "kind: Annual,",
            "kind: 累計,",
            "28:19: `累計` は書けません。書けるのは `Annual`、`Cumulative`、`Level`、`Rate` のどれかです",
            "28:19: unexpected variant named `累計`",
        ),
        (
            "unit: \"人\",",
            "units: \"人\",",
            "27:13: `units` という項目は書けません。書けるのは `id`、`name`、`unit`、`kind`、`better`、`baseline`、`targets` です",
            "27:13: unexpected field named `units`",
        ),
        (
            "{2016: 10,",
            "{2016: \"10\",",
            "29:30: ここには数（小数は 3 桁まで）が必要です（文字列 \"10\" とあります）",
            "29:30: expected a number (at most three decimal places) but found the string \"10\" instead",
        ),
        (
            "kind: Annual,",
            "kind: Annual，",
            "28:25: 全角の '，' は書けません。半角の ',' にしてください",
            "28:25: the full-width '，'; expected the half-width ','",
        ),
        (
            "\"2019-03-31\"",
            "\"2019-13-31\"",
            "12:15: 日付が正しくありません。\"2019-03-31\" の形（年-月-日、半角）で、ある日付を書いてください",
            "12:15: input is out of range",
        ),
        (
            "version: 1,",
            "version: 9,",
            "6:14: 形式の版 9 は読めません。読めるのは版 1 です（新しい kpi-council で書かれたファイルかもしれません）",
            "6:14: format version 9 is not supported",
        ),
        (
            "month: 5,",
            "month: -5,",
            "18:17: この数はここに書ける範囲を超えています（負の数や大きすぎる数）",
            "18:17: integer is out of bounds",
        ),
    ];
    for (from, to, ja, en) in cases {
        let path = dir.path().join("計画 2019.ron");
        std::fs::write(&path, plan.replacen(from, to, 1)).expect("write");
        for command in [&["check"][..], &["summary", "--plan"]] {
            let out = bin().args(command).arg(&path).assert().code(2);
            let said = String::from_utf8_lossy(&out.get_output().stdout).to_string()
                + &String::from_utf8_lossy(&out.get_output().stderr);
            assert_eq!(said, format!("エラー: {}:{ja}\n", path.display()), "{command:?}");
        }
        let out = bin().args(["--lang", "en", "check"]).arg(&path).assert().code(2);
        let said = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        assert!(said.starts_with(&format!("error: {}:{en}", path.display())), "{said}");
    }
    let empty = dir.path().join("empty.ron");
    std::fs::write(&empty, "\n").expect("write");
    bin()
        .arg("check")
        .arg(&empty)
        .assert()
        .code(2)
        .stdout(format!("エラー: {}:1:1: ファイルが空です\n", empty.display()));
    bin()
        .args(["--plan"])
        .arg(&empty)
        .arg("summary")
        .assert()
        .code(2)
        .stderr(format!("エラー: {}:1:1: ファイルが空です\n", empty.display()));
}

/// A config or office wording with a syntax error is said in Japanese
/// (the language is not known while the config is read), and the run goes
/// on with the defaults.
#[test]
fn a_bad_config_and_wording_are_said_in_japanese() {
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("config.ron");
    std::fs::write(&config, "(lang: Some(Ja) theme: Some(Dark))").expect("config");
    std::fs::write(
        dir.path().join("minutes-wording.ron"),
        "(\n  opening: \"開会\",\n  closing: 3,\n)",
    )
    .expect("wording");
    let run = |lang: &[&str]| {
        let out = bin()
            .env("KPI_COUNCIL_CONFIG", &config)
            .args(lang)
            .args(["summary", "--fy", "2018"])
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stderr).to_string()
    };
    let (c, w) = (config.display(), dir.path().join("minutes-wording.ron"));
    let w = w.display();
    assert_eq!(
        run(&[]),
        format!(
            "警告: {c}:1:17: この前（前の項目の後）にカンマ `,` が必要です（設定ファイルは使いません）\n警告: {w}:3:11: ここには文字列（\"…\" で囲んだ文字）が必要です（議事録は標準の定型文で書き出します）\n"
        )
    );
    assert_eq!(
        run(&["--lang", "en"]),
        format!(
            "warning: {c}:1:17: expected a comma `,` before this (after the previous item) (the config file is ignored)\nwarning: {w}:3:11: expected string (the minutes use the shipped wording)\n"
        )
    );
    std::fs::write(&config, "(lang: Some(Ja), sessions_dir: Some(/home/kaigi))").expect("config");
    assert!(
        run(&[]).starts_with(&format!(
            "警告: {c}:1:37: ここに 'h' は書けません（文字は \"…\" で囲み、"
        )),
        "{}",
        run(&[])
    );
}

/// `help help` is the same page in both languages: the `help` command
/// with the commands it gives the help of.
#[test]
fn help_help_is_the_same_page_in_each_language() {
    let names = |page: &str| -> Vec<String> {
        page.lines()
            .skip_while(|l| !l.ends_with(':') || l.starts_with(' '))
            .filter(|l| l.starts_with("  "))
            .filter_map(|l| l.split_whitespace().next().map(str::to_string))
            .collect()
    };
    let ja = help(&["help", "help"]);
    let en = help(&["--lang", "en", "help", "help"]);
    has_all(&ja, &["使い方: kpi-council help [COMMAND]", "コマンド:"]);
    has_all(&en, &["Usage: kpi-council help [COMMAND]", "Commands:"]);
    assert!(names(&en).contains(&"summary".to_string()), "{en}");
    assert_eq!(names(&ja), names(&en), "{ja}\n{en}");
    help(&["--lang", "en", "help", "help", "summary"]);
}

/// The shell's completions describe the commands and options in the run's
/// language, as the help does: Japanese by default, English with `--lang en`.
#[test]
fn completions_describe_in_the_runs_language() {
    let script = |args: &[&str]| {
        let out = bin().args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
    };
    let fish = script(&["completions", "fish"]);
    has_all(
        &fish,
        &[
            "-a \"summary\" -d 'KPI × 年度の表（目標・実績・達成率・評価）を表示します'",
            "-l force -d '既にある出力ファイルを置き換えます'",
        ],
    );
    assert!(!fish.contains("Print the KPI"), "{fish}");
    let fish = script(&["--lang", "en", "completions", "fish"]);
    has_all(
        &fish,
        &["-a \"summary\" -d 'Print the KPI × fiscal-year table: target, actual, rate, status'"],
    );
    assert!(!fish.contains("表示します"), "{fish}");
    let zsh = script(&["completions", "zsh"]);
    has_all(
        &zsh,
        &["'--excel[--format csv と一緒に指定すると、Excel でそのまま開ける CSV にします"],
    );
}

/// The plan given as the actuals, the actuals as the plan, or either to
/// `export`: said as files mixed up, in each language, not as the first
/// field the expected kind lacks.
#[test]
fn files_mixed_up_are_said_as_such() {
    let assets = format!("{}/assets", env!("CARGO_MANIFEST_DIR"));
    let (plan, actuals) =
        (format!("{assets}/kitami-plan.ron"), format!("{assets}/sample-actuals.ron"));
    bin().args(["--plan", &actuals, "summary"]).assert().code(2).stderr(format!(
        "エラー: {actuals}:5:5: これは実績（--actuals）のファイルです。ここには計画（--plan）のファイルが必要です（ファイルを取り違えていませんか）\n"
    ));
    bin().args(["--actuals", &plan, "summary"]).assert().code(2).stderr(format!(
        "エラー: {plan}:7:5: これは計画（--plan）のファイルです。ここには実績（--actuals）のファイルが必要です（ファイルを取り違えていませんか）\n"
    ));
    bin().args(["export", &plan]).assert().code(2).stderr(format!(
        "エラー: {plan}:7:5: これは計画（--plan）のファイルです。ここには会議の記録のファイルが必要です（ファイルを取り違えていませんか）\n"
    ));
    bin().args(["--lang", "en", "--plan", &actuals, "summary"]).assert().code(2).stderr(format!(
        "error: {actuals}:5:5: this file is actuals (--actuals); expected a plan (--plan) here (are the files mixed up?)\n"
    ));
}

/// A file given as a workbook that none of the formats read is said in
/// Japanese with what it is and what to do: empty, text (a CSV named
/// .xlsx), a Word document, or a workbook cut short; `--lang en` keeps the
/// library's reason.
#[test]
fn a_file_that_is_not_a_workbook_is_said_in_japanese() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().expect("dir");
    let mut docx = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    docx.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).expect("zip");
    docx.write_all(b"<w:document/>").expect("zip");
    let docx = docx.finish().expect("zip").into_inner();
    let workbook =
        std::fs::read(format!("{}/tests/data/actuals/errors.xlsx", env!("CARGO_MANIFEST_DIR")))
            .expect("fixture");
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("空.xlsx", Vec::new(), "ファイルが空です"),
        (
            "実績 csv.xlsx",
            "年度,指標,会社,値\n2016,新規移動人数,A社,1\n".into(),
            "表計算ファイルではなく、テキストのファイルです。CSV なら名前の末尾を .csv にしてください",
        ),
        (
            "報告.xlsx",
            docx,
            "Word の文書です。実績は .xlsx・.xls・.ods・.csv のファイルで指定してください",
        ),
        (
            "途中まで.xlsx",
            workbook[..3000].to_vec(),
            "表計算ファイルを読めません。ファイルが壊れているようです。Excel か LibreOffice で開けるか確かめ、開けたら保存し直してください",
        ),
    ];
    for (name, bytes, said) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let out = bin()
            .args(["import", "actuals", "-o"])
            .arg(dir.path().join("a.ron"))
            .arg(&path)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(stderr.starts_with(&format!("エラー: {}: {said}\n", path.display())), "{stderr}");
    }
    let path = dir.path().join("途中まで.xlsx");
    bin()
        .args(["--lang", "en", "import", "actuals", "-o"])
        .arg(dir.path().join("a.ron"))
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read the spreadsheet: Cannot detect file format"));
}

/// A CSV given straight as `--actuals` is refused in the run's language
/// whole: its further problems counted, and a warning's way on (import it
/// to read the reconciliation) said in Japanese too.
#[test]
fn a_table_given_as_actuals_is_refused_wholly_in_japanese() {
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("実績 2016.csv");
    let run = |text: &str, lang: &[&str]| {
        std::fs::write(&csv, text).expect("write");
        let out = bin().args(lang).arg("--actuals").arg(&csv).arg("summary").assert().code(2);
        String::from_utf8_lossy(&out.get_output().stderr).to_string()
    };
    let two_bad = "年度,指標,企業名,値\n2016,新規移動人数,B社,x\n2016,新規移動人数,C社,y\n";
    assert_eq!(
        run(two_bad, &[]),
        format!(
            "エラー: {}: 2行目、D列（値）: 数値を入力してください（「x」とあります）（ほかに 1 件の問題。kpi-council import actuals --report ですべて表示）\n",
            csv.display()
        )
    );
    assert!(
        run(two_bad, &["--lang", "en"])
            .contains("(and 1 more problems; kpi-council import actuals --report lists them all)")
    );
    let warned = "年度,指標,企業名,値,メモ\n2016,新規移動人数,A社,1,#DIV/0!\n";
    assert_eq!(
        run(warned, &[]),
        format!(
            "エラー: {}: 2行目: E (メモ) 列にエラー #DIV/0! があります（この列は読みません）。kpi-council import actuals で照合表を確かめて actuals.ron を書き出し、それを指定してください\n",
            csv.display()
        )
    );
}

/// An office program's file where text is read (a plan's PDF or Word
/// document given to `import plan`, a workbook named .csv) is said for
/// what it is, with how to make what is needed, not as text in no known
/// encoding.
#[test]
fn an_office_file_where_text_is_read_is_said_for_what_it_is() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().expect("dir");
    let mut docx = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    docx.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).expect("zip");
    docx.write_all(b"<w:document/>").expect("zip");
    let docx = docx.finish().expect("zip").into_inner();
    let data = format!("{}/tests/data", env!("CARGO_MANIFEST_DIR"));
    let xls = std::fs::read(format!("{data}/import/actuals-300-rows.xls")).expect("xls");
    let xlsx = std::fs::read(format!("{data}/actuals/errors.xlsx")).expect("xlsx");
    let pdf = b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n1 0 obj\n".to_vec();
    let make = "計画の本文のテキストが必要です。計画の PDF から pdftotext -layout 計画.pdf 計画.txt で作ってください（Word の文書は PDF に保存してから）";
    for (name, bytes, said) in [
        ("計画.pdf", &pdf, format!("PDF のファイルです。{make}")),
        ("計画 案.docx", &docx, format!("Word の文書です。{make}")),
        ("計画.xlsx", &xlsx, format!("表計算ファイルか Office の文書です。{make}")),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        bin()
            .args(["import", "plan", "-o"])
            .arg(dir.path().join("p.ron"))
            .arg(&path)
            .assert()
            .code(2)
            .stderr(format!("エラー: {}: {said}\n", path.display()));
    }
    for (bytes, said) in [
        (
            &xlsx,
            "CSV ではなく表計算ファイル（.xlsx か .ods）です。名前の末尾を .xlsx（LibreOffice のものなら .ods）にしてください",
        ),
        (
            &xls,
            "CSV ではなく Excel 97-2003 の形式（.xls）のファイルです。名前の末尾を .xls にしてください",
        ),
        (&pdf, "PDF のファイルです。実績は .xlsx・.xls・.ods・.csv のファイルで指定してください"),
    ] {
        let path = dir.path().join("実績.csv");
        std::fs::write(&path, bytes).expect("write");
        let out = bin()
            .args(["import", "actuals", "-o"])
            .arg(dir.path().join("a.ron"))
            .arg(&path)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(stderr.ends_with(&format!("エラー: {}: {said}\n", path.display())), "{stderr}");
    }
}
