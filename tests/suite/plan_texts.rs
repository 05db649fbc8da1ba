//! `import plan` on the plan texts of fictional towns in the templates of
//! 2016–2023 (`tests/data/plans/*.txt`, as PDF-to-text leaves them), each
//! compared with its expected plan file (`*.ron`, reviewed by eye): both
//! table layouts, section 7 present or absent, 和暦 and 西暦, 平成32年,
//! headings split over lines, wrapped names, 累計 and % KPIs, a year of
//! "-" only. And the report, `--kind`, the warnings and the errors.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use kpi_council::commands::import::read_plan_with;
use kpi_council::domain::fiscal::FiscalYear;
use kpi_council::domain::plan::KpiKind;
use kpi_council::import::plan_text::Options;
use kpi_council::import::plan_text::kinds::parse_override;
use kpi_council::store::dataset_files::load_plan;

fn plans(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/plans").join(name)
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

/// `import plan FILE -o OUT`, its messages in English.
fn import_plan(file: &Path, out: &Path) -> Command {
    let mut c = bin_en();
    c.args(["import", "plan"]).arg(file).arg("-o").arg(out);
    c
}

/// Every town, with the `--kind` given when its plan file was written.
const TOWNS: [(&str, &[&str]); 9] = [
    ("reiwa-four-columns", &[]),
    ("higashiyama-no-section7", &[]),
    ("minamikawa-increments-2019", &[]),
    ("nishiura-heisei-two-blocks", &[]),
    ("kitakata-seireki-no-evaluation", &[]),
    ("okanoue-fullwidth-reiwa", &[]),
    ("shimizu-two-tables-rate", &[]),
    ("fujisato-split-header-pages", &[]),
    ("aoba-joint-increments-2023", &["３町村の延べ宿泊者数=水準"]),
];

fn import(town: &str, kinds: &[&str]) -> kpi_council::import::plan_text::Imported {
    let kinds = kinds.iter().map(|k| parse_override(k).expect("--kind")).collect();
    read_plan_with(&plans(&format!("{town}.txt")), &Options { kinds, ..Options::default() })
        .unwrap_or_else(|e| panic!("{town}: {e}"))
}

#[test]
fn every_town_imports_to_its_expected_plan() {
    for (town, kinds) in TOWNS {
        let imported = import(town, kinds).plan;
        let (expected, _) = load_plan(&plans(&format!("{town}.ron"))).expect("expected plan");
        assert_eq!(imported, expected, "{town}");
    }
    // No expected file is left out of the list.
    let listed: Vec<String> = TOWNS.iter().map(|(t, _)| format!("{t}.ron")).collect();
    for entry in std::fs::read_dir(plans("")).expect("dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "ron") {
            let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
            assert!(listed.contains(&name), "{name} is not compared");
        }
    }
}

#[test]
fn what_each_template_gives() {
    // Section 7 absent: the body and month from 5-2 「評価の方法、時期及び体制」.
    let h = import("higashiyama-no-section7", &[]).plan;
    assert_eq!(h.evaluation.body, "東山町総合戦略推進会議", "the name alone, not the sentence");
    assert_eq!(h.evaluation.month, Some(6));
    assert_eq!(h.author, "北海道東山郡東山町", "策定主体");
    assert_eq!(
        h.name,
        "東山町における森林資源を活用した木工産業の振興と若者の定住促進によるしごと創生計画"
    );
    assert_eq!(
        h.period.end,
        chrono::NaiveDate::from_ymd_opt(2020, 3, 31).expect("date"),
        "平成32年"
    );
    assert_eq!(h.kpis[0].baseline.as_ref().map(|b| b.label.as_str()), Some("基準値（平成27年度）"));

    // 増加分 columns: targets by the kind, baseline beside them.
    let m = import("minamikawa-increments-2019", &[]).plan;
    let targets = |p: &kpi_council::domain::plan::Plan, k: usize| -> Vec<Option<String>> {
        p.fiscal_years.iter().map(|fy| p.kpis[k].target(*fy).map(|q| q.to_string())).collect()
    };
    assert_eq!(m.kpis[0].kind, KpiKind::Cumulative);
    assert_eq!(targets(&m, 0), [Some("10".into()), Some("25".into()), Some("45".into())]);
    assert_eq!(m.kpis[1].kind, KpiKind::Rate);
    assert_eq!(targets(&m, 1), [Some("34".into()), Some("36".into()), Some("39".into())]);
    assert_eq!(targets(&m, 2)[0], None, "an increase of - is no target");

    // 平成 years in two blocks, 平成31/32年度 and a 倍 ratio.
    let n = import("nishiura-heisei-two-blocks", &[]).plan;
    assert_eq!(n.fiscal_years, [2016, 2017, 2018, 2019, 2020].map(FiscalYear));
    assert_eq!(n.kpis[1].kind, KpiKind::Rate);

    // A year whose every target is "-" is still one of the plan's years.
    let k = import("kitakata-seireki-no-evaluation", &[]).plan;
    assert_eq!(k.fiscal_years, [2019, 2020, 2021, 2022].map(FiscalYear));
    assert!(k.kpis.iter().all(|kpi| kpi.target(FiscalYear(2021)).is_none()));
    assert_eq!(
        k.kpis.iter().map(|kpi| kpi.kind).collect::<Vec<_>>(),
        [KpiKind::Level, KpiKind::Cumulative, KpiKind::Level, KpiKind::Annual]
    );
    assert_eq!((k.evaluation.month, k.evaluation.body.as_str()), (None, ""));
    assert_eq!(k.period.start, "2019年4月1日から");

    // Names exactly as published: full-width brackets, ～, a wrapped name.
    let o = import("okanoue-fullwidth-reiwa", &[]).plan;
    let names: Vec<&str> = o.kpis.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "関係人口（延べ滞在日数）",
            "ふるさと納税～里山応援～の寄附件数",
            "町外在住の地域おこし協力隊員ＯＢの定住者数（累計）"
        ]
    );
    assert_eq!(o.kpis[2].kind, KpiKind::Cumulative, "累計 in the wrapped part of the name");
    assert_eq!(o.name, "岡ノ上町「～つながる里山～」関係人口創出・拡大計画", "furigana removed");

    // A joint plan: the author wrapped over two lines, joined.
    let a = import("aoba-joint-increments-2023", &["３町村の延べ宿泊者数=水準"]).plan;
    assert_eq!(a.author, "宮城県青葉郡青葉町、宮城県青葉郡川辺町及び宮城県青葉郡上流村");
    assert_eq!(a.kpis[0].kind, KpiKind::Level);
    assert_eq!(targets(&a, 0), [Some("33,000".into()), None, Some("36,000".into())]);
}

/// The report of `import plan`, in the interface's language (Japanese by
/// default), and the written plan's comments with it.
#[test]
fn import_plan_prints_each_kpis_kind_and_why() {
    let dir = tempfile::tempdir().expect("dir");
    let run = |mut command: Command, name: &str| {
        let out = command
            .args(["import", "plan"])
            .arg(plans("minamikawa-increments-2019.txt"))
            .arg("-o")
            .arg(dir.path().join(name))
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).expect("utf-8")
    };
    let stdout = run(bin(), "plan.ron");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert_eq!(
        lines[1],
        "  移住者数: 累計、令和元年度〜令和3年度: 10 / 25 / 45 人；事業開始前（現時点） 0人；目標値の求め方: 各年度の増加分を順に足した値（最後が KPI増加分の累計）；累計とした理由: 表が各年度の増加分と KPI増加分の累計を示している"
    );
    assert!(
        lines[2].starts_with("  市内新規高卒者の市内就職率: 率、")
            && lines[2].ends_with("率とした理由: 単位 % は割合・比率"),
        "{stdout}"
    );
    assert!(
        lines[3].contains("- / 3 / 6 件")
            && lines[3].ends_with("事業開始前（現時点） 4 から数えた水準なら --kind \"空き家バンクの成約件数=水準\" を指定してください"),
        "{stdout}"
    );
    let written = std::fs::read_to_string(dir.path().join("plan.ron")).expect("plan");
    assert!(
        written.lines().any(|l| l == "// 市内新規高卒者の市内就職率: 率。率とした理由: 単位 % は割合・比率。目標値の求め方: 事業開始前（現時点） 32 にそれまでの増加分を足した各年度末の水準"),
        "{written}"
    );

    let stdout = run(bin_en(), "plan-en.ron");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[1]
            .starts_with("  移住者数: 累計 (cumulative), 令和元年度〜令和3年度: 10 / 25 / 45 人"),
        "{stdout}"
    );
    assert!(lines[1].contains("why 累計: the table gives each year's 増加分"), "{stdout}");
    assert!(
        lines[2].contains("市内新規高卒者の市内就職率: 率 (rate)")
            && lines[2].contains("the unit % is a percentage"),
        "{stdout}"
    );
}

#[test]
fn kind_given_on_the_command_line_wins_and_an_unknown_name_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("plan.ron");
    // Typed with half-width digits: matched by the name folded.
    bin()
        .args(["import", "plan"])
        .arg(plans("minamikawa-increments-2019.txt"))
        .arg("-o")
        .arg(&out)
        .args(["--kind", "移住者数=単年度"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "移住者数: 単年度、令和元年度〜令和3年度: 10 / 15 / 20 人",
        ))
        .stdout(predicates::str::contains(
            "単年度とした理由: --kind の指定（推定は 累計、表が各年度の増加分と KPI増加分の累計を示している）",
        ));
    let (plan, _) = load_plan(&out).expect("written plan");
    assert_eq!(plan.kpis[0].kind, KpiKind::Annual);

    bin_en()
        .args(["import", "plan"])
        .arg(plans("minamikawa-increments-2019.txt"))
        .arg("-o")
        .arg(dir.path().join("never.ron"))
        .args(["--kind", "転入者数=累計"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--kind \"転入者数\": the plan has no KPI of that name; its KPIs are: 移住者数, 市内新規高卒者の市内就職率, 空き家バンクの成約件数"));
    assert!(!dir.path().join("never.ron").exists());
    bin_en()
        .args(["import", "plan"])
        .arg(plans("minamikawa-increments-2019.txt"))
        .arg("-o")
        .arg(dir.path().join("never.ron"))
        .args(["--kind", "移住者数=合計"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "unknown kind \"合計\"; expected 単年度, 累計, 水準 or 率",
        ));
}

#[test]
fn a_plan_that_names_no_evaluation_imports_with_warnings_and_shows_not_set() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("plan.ron");
    let run = bin_en()
        .args(["import", "plan"])
        .arg(plans("kitakata-seireki-no-evaluation.txt"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8(run.get_output().stderr.clone()).expect("utf-8");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning: ")).collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    assert!(
        warnings[0].contains("no month of the yearly evaluation") && warnings[0].contains("未設定")
    );
    assert!(warnings[1].contains("no evaluating body"));
    // The plan loads and its header says 未設定.
    let loaded = kpi_council::store::dataset_files::load(Some(&out), None).expect("loads");
    let now = chrono::DateTime::parse_from_rfc3339("2022-06-20T14:00:00+09:00").expect("time");
    let app = kpi_council::app::state::App::in_memory(loaded, kpi_council::i18n::Lang::Ja, now);
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).expect("terminal");
    terminal.draw(|f| kpi_council::ui::render(&app, f)).expect("draw");
    // Wide characters cover two cells: compared without spaces.
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .filter(|s| !s.trim().is_empty())
        .collect();
    assert!(screen.contains("評価:未設定（未設定）"), "{screen}");
}

fn stderr_of(file: &str) -> String {
    let out = bin_en()
        .args(["import", "plan"])
        .arg(plans(file))
        .args(["-o", "/tmp/kpi-council-never-written.ron"])
        .assert()
        .code(2);
    assert!(!Path::new("/tmp/kpi-council-never-written.ron").exists());
    String::from_utf8(out.get_output().stderr.clone()).expect("utf-8")
}

#[test]
fn errors_name_the_line_and_the_reason() {
    let e = stderr_of("period-without-date.txt");
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.contains("period-without-date.txt: line 24: the plan period needs its end date; 西暦 and 和暦 dates are both accepted")
            && e.contains("this line has no date: 「地域再生計画認定の日から3か年度」"),
        "{e}"
    );
    let e = stderr_of("increments-total-mismatch.txt");
    assert!(
        e.contains("line 23: 「創業件数」: the KPI増加分の累計 column says 12 but the yearly 増加分 add up to 10"),
        "{e}"
    );
}

#[test]
fn a_text_of_no_known_template_is_one_error_saying_what_was_expected() {
    let e = stderr_of("not-a-plan.txt");
    assert_eq!(e.lines().count(), 1, "one error, not four: {e}");
    assert!(e.contains("not a 地域再生計画 in a template kpi-council knows"), "{e}");
    assert!(e.contains("「1 地域再生計画の名称」") && e.contains("【数値目標】"), "{e}");
}

#[test]
fn a_kpi_named_with_full_width_brackets_is_found_as_typed() {
    let plan = plans("okanoue-fullwidth-reiwa.ron");
    for typed in ["関係人口（延べ滞在日数）", "関係人口(延べ滞在日数)"] {
        bin()
            .arg("--plan")
            .arg(&plan)
            .args(["summary", "--kpi", typed, "--format", "csv"])
            .assert()
            .success()
            .stdout(predicates::str::contains(
                "関係人口（延べ滞在日数）,関係人口（延べ滞在日数）,日,2019",
            ));
    }
}

#[test]
fn old_plan_files_without_a_kind_load_as_annual_and_check_says_so_once() {
    let dir = tempfile::tempdir().expect("dir");
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/kitami-plan.ron"),
    )
    .expect("asset")
    .replace("            kind: Annual,\n", "");
    assert!(!text.contains("kind:"));
    let old = dir.path().join("old-plan.ron");
    std::fs::write(&old, text).expect("write");
    let out = bin_en().arg("check").arg(&old).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    assert_eq!(stdout.matches("state no kind").count(), 1, "{stdout}");
    assert!(
        stdout.contains("3 of its KPIs state no kind and are read as 単年度 (Annual"),
        "{stdout}"
    );
    // Read as 単年度: the plan-period figure is the sum.
    bin_en()
        .arg("--plan")
        .arg(&old)
        .args(["summary", "--format", "json"])
        .assert()
        .success()
        .stdout(predicates::str::contains("\"rule_code\": \"sum\""));
}

/// The text of the 北見市 plan (`kitami-template.txt`) with one slip of
/// the kind a clerk makes, written in `dir`.
fn with_slip(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(plans("kitami-template.txt")).expect("text");
    assert!(text.contains(from), "{from:?} is in the plan text");
    let path = dir.join(name);
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    path
}

fn stderr(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stderr.clone()).expect("utf-8")
}

/// What a clerk reads, in Japanese, when the plan text has a slip: the
/// file, the line and what is missing, in the plan's own words; with
/// `--lang en` the same line as before.
#[test]
fn a_clerks_slips_in_the_plan_text_are_said_in_japanese() {
    let dir = tempfile::tempdir().expect("dir");
    let never = dir.path().join("never.ron");
    let row = with_slip(
        dir.path(),
        "row.txt",
        "新規参加企業数\t-\t10 社\t10 社\n進出企業数",
        "新規参加企業数\t-\t10 社\n進出企業数",
    );
    let period = with_slip(
        dir.path(),
        "period.txt",
        "地域再生計画認定の日から平成31年3月31日\n",
        "地域再生計画認定の日から平成31年3月\n",
    );
    for (file, said) in [
        (
            &row,
            "23 行目: このＫＰＩの行を読めません: 「新規参加企業数\t-\t10 社」。ＫＰＩ名と 3 列分の目標値（10 人、- など）が必要です",
        ),
        (
            &period,
            "77 行目: 計画期間の終了日が必要ですが、この行に日付がありません: 「地域再生計画認定の日から平成31年3月」。日付は西暦でも和暦でも読めます（2025年3月31日、令和7年3月31日、平成32年3月31日）",
        ),
    ] {
        let out = bin().args(["import", "plan"]).arg(file).arg("-o").arg(&never).assert().code(2);
        assert_eq!(stderr(&out), format!("エラー: {}: {said}\n", file.display()));
        assert!(!never.exists());
    }
    let out = bin()
        .args(["import", "plan"])
        .arg(plans("minamikawa-increments-2019.txt"))
        .arg("-o")
        .arg(&never)
        .args(["--kind", "転入者数=累計"])
        .assert()
        .code(2);
    assert!(
        stderr(&out).ends_with(": --kind \"転入者数\": 計画にこの名前のＫＰＩはありません（計画のＫＰＩ: 移住者数、市内新規高卒者の市内就職率、空き家バンクの成約件数）\n"),
        "{}",
        stderr(&out)
    );

    // No month of the evaluation: a warning, and the plan is written.
    let month = with_slip(dir.path(), "month.txt", "毎年5月に前年度実績", "前年度実績");
    let out = bin()
        .args(["import", "plan"])
        .arg(&month)
        .arg("-o")
        .arg(dir.path().join("plan.ron"))
        .assert()
        .success();
    assert_eq!(
        stderr(&out),
        format!(
            "警告: {}: 87 行目: 「7 目標の達成状況に係る評価に関する事項」に評価の月（毎年○月）が見つかりません。未設定と表示されます（計画ファイルの evaluation.month で設定できます）\n",
            month.display()
        )
    );

    // In English, word for word as before.
    let out = bin_en().args(["import", "plan"]).arg(&row).arg("-o").arg(&never).assert().code(2);
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}: line 23: cannot read this KPI row: 「新規参加企業数\t-\t10 社」; expected a name and 3 targets such as 10 人 or -\n",
            row.display()
        )
    );
}

/// Targets that fall (空き店舗の数 30 → 25 → 20 → 15件) may be a KPI to bring
/// down or one whose decline is to be held: the import says so at the row
/// and names both options, rather than rating 18 shops against 15 as 120%
/// 達成. With `--lower-is-better` the plan says `better: Lower`; with
/// `--higher-is-better`, `better: Higher`. Rising targets need neither.
#[test]
fn falling_targets_ask_which_way_the_kpi_improves() {
    let dir = tempfile::tempdir().expect("dir");
    let text = std::fs::read_to_string(plans("reiwa-four-columns.txt")).expect("fixture");
    let row = "空き店舗の活用件数※1          ２件            ５件            ８件           １０件";
    assert!(text.contains(row));
    let text = text.replace(
        row,
        "空き店舗の数                 ３０件          ２５件          ２０件          １５件",
    );
    let file = dir.path().join("plan.txt");
    std::fs::write(&file, text).expect("write");
    let out = dir.path().join("plan.ron");
    let refused = import_plan(&file, &out).output().expect("run");
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("line 20: the targets of 「空き店舗の数」 fall (30 → 25 → 20 → 15 件)")
            && said.contains("--lower-is-better \"空き店舗の数\"")
            && said.contains("--higher-is-better \"空き店舗の数\"")
            && said.contains(
                "also give --kind \"空き店舗の数=水準\" so that the plan period is not a sum"
            ),
        "{said}"
    );
    assert!(!out.exists(), "nothing written");
    for (flag, better) in
        [("--lower-is-better", "better: Lower"), ("--higher-is-better", "better: Higher")]
    {
        import_plan(&file, &out).args(["--force", flag, "空き店舗の数"]).assert().success();
        let written = std::fs::read_to_string(&out).expect("plan");
        let line = written.lines().find(|l| l.contains("name: \"空き店舗の数\"")).expect("the KPI");
        assert!(line.contains(better), "{line}");
        assert_eq!(written.matches("better:").count(), 1, "only the KPI named:\n{written}");
    }
}

/// A figure to bring down written as decreases in the 増加分 layout
/// (空き家数 150, △20, △20, △10) reads as a running total of -20, -40,
/// -50 戸: a plan holds no target below zero, so the import says so at the
/// row and names the way out (`--kind "空き家数=水準"`: 130 → 110 → 100),
/// rather than a bare `kpis[2]` without a line once `--lower-is-better`
/// was given as asked.
#[test]
fn decreases_as_a_running_total_are_refused_at_the_row_with_the_level_named() {
    let dir = tempfile::tempdir().expect("dir");
    let text = std::fs::read_to_string(plans("minamikawa-increments-2019.txt")).expect("fixture");
    let row =
        "ＫＰＩ３          4.00             -              3.00             3.00              6.00";
    assert!(text.contains(row));
    let text = text.replace("空き家バンクの成約件数（単位：件）", "空き家数（単位：戸）").replace(
        row,
        "ＫＰＩ３        150.00          △20.00           △20.00           △10.00            △50.00",
    );
    let file = dir.path().join("plan.txt");
    std::fs::write(&file, text).expect("write");
    let out = dir.path().join("plan.ron");
    for extra in [&[][..], &["--lower-is-better", "空き家数"][..]] {
        let refused = import_plan(&file, &out).args(extra).output().expect("run");
        assert_eq!(refused.status.code(), Some(2));
        let said = String::from_utf8_lossy(&refused.stderr);
        assert!(
            said.contains(
                "line 39: the targets of 「空き家数」 go below zero (-20 → -40 → -50 戸)"
            ) && said.contains("--kind \"空き家数=水準\""),
            "{extra:?}: {said}"
        );
        assert!(!out.exists(), "nothing written");
    }
    import_plan(&file, &out)
        .args(["--kind", "空き家数=水準", "--lower-is-better", "空き家数"])
        .assert()
        .success();
    let written = std::fs::read_to_string(&out).expect("plan");
    assert!(
        written.contains(
            "kind: Level, better: Lower, baseline: Some((label: \"事業開始前（現時点）\", value: 150)), targets: {2019: 130, 2020: 110, 2021: 100}"
        ),
        "{written}"
    );
}

/// `--lower-is-better` naming a KPI whose targets rise (空き店舗の活用件数 2
/// → 5 → 8 → 10件, a slip for 空き店舗の数) would rate 12 uses against 10 as
/// 83.3%: the import warns at the row, and its report says lower is better
/// beside the kind, so the slip is seen before the meeting.
#[test]
fn lower_is_better_on_rising_targets_is_warned_and_reported() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("plan.ron");
    let done = bin_en()
        .arg("import")
        .arg("plan")
        .arg(plans("reiwa-four-columns.txt"))
        .arg("-o")
        .arg(&out)
        .args(["--lower-is-better", "空き店舗の活用件数"])
        .output()
        .expect("run");
    assert!(done.status.success(), "{done:?}");
    let (said, report) =
        (String::from_utf8_lossy(&done.stderr), String::from_utf8_lossy(&done.stdout));
    assert!(
        said.contains(
            "reiwa-four-columns.txt: line 20: 「空き店舗の活用件数」 is named by --lower-is-better but its targets rise (2 → 5 → 8 → 10 件)"
        ),
        "{said}"
    );
    assert!(
        report.contains("  空き店舗の活用件数: 単年度 (annual, lower is better), "),
        "{report}"
    );
}

/// A plan of one target year (現状値 → 目標値) whose 単年度 KPI is to come
/// down (交通事故件数 350件 → 300件) has no earlier year to fall from: its
/// target below the 現状値, a figure of the same measure in this layout, is
/// asked about as a fall, rather than 280 accidents rated 93.3% 概ね達成.
#[test]
fn a_single_target_below_its_baseline_is_asked_about() {
    let dir = tempfile::tempdir().expect("dir");
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/plans/office/arrows.layout.txt");
    let text = std::fs::read_to_string(path).expect("fixture");
    let row = "移住者数           120 人      →     200 人";
    assert!(text.contains(row));
    let file = dir.path().join("plan.txt");
    std::fs::write(&file, text.replace(row, "交通事故件数       350 件      →     300 件"))
        .expect("write");
    let out = dir.path().join("plan.ron");
    let refused = import_plan(&file, &out).output().expect("run");
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("line 16: the targets of 「交通事故件数」 fall (")
            && said.contains("(現状値（令和４年度） 350 → 300 件)")
            && said.contains("--lower-is-better \"交通事故件数\""),
        "{said}"
    );
    import_plan(&file, &out).args(["--lower-is-better", "交通事故件数"]).assert().success();
    let written = std::fs::read_to_string(&out).expect("plan");
    let line = written.lines().find(|l| l.contains("name: \"交通事故件数\"")).expect("KPI");
    assert!(line.contains("kind: Annual, better: Lower,"), "{line}");
}
