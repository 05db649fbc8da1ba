//! Every figure follows the KPI's kind, the same on every surface: the
//! fictional みなと町 plan (`tests/data/kinds`) has one KPI of each kind —
//! 単年度 with no target, a real 0 and no result; 累計 with one
//! contribution a year; 水準; 率 with stated totals only — through
//! `summary --format json`, the company breakdown, the screens and the
//! minutes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use insta::assert_snapshot;
use kpi_council::app::action::Action;
use kpi_council::app::state::App;
use kpi_council::app::update::update;
use kpi_council::domain::session::{DataRefs, ItemRef, Session, Sheet};
use kpi_council::export::minutes::Options;
use kpi_council::export::write::Format;
use kpi_council::i18n::Lang;
use kpi_council::store::dataset_files::{self, Loaded};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/kinds").join(name)
}

fn loaded() -> Loaded {
    dataset_files::load(Some(&data("plan.ron")), Some(&data("actuals.ron"))).expect("みなと町")
}

fn bin() -> Command {
    let mut c = crate::common::kpi_council();
    c.arg("--plan").arg(data("plan.ron")).arg("--actuals").arg(data("actuals.ron"));
    c
}

fn json(args: &[&str]) -> Value {
    let out = bin().args(args).assert().success();
    serde_json::from_slice(&out.get_output().stdout).expect("json")
}

/// The items of one KPI: (actual, status code) by year.
fn items_of(v: &Value, kpi: &str) -> Vec<(Value, String)> {
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["kpi"] == kpi)
        .map(|i| (i["actual"].clone(), i["status_code"].as_str().unwrap_or("").to_string()))
        .collect()
}

fn total_of<'a>(v: &'a Value, kpi: &str) -> &'a Value {
    v["plan_period_totals"]
        .as_array()
        .expect("totals")
        .iter()
        .find(|t| t["kpi"] == kpi)
        .unwrap_or_else(|| panic!("no total for {kpi}"))
}

#[test]
fn summary_json_follows_every_kind() {
    let v = json(&["summary", "--format", "json"]);
    let n = |x: f64| Value::from(x);

    // 単年度: 目標なし with an actual, a real 0, and 実績なし: three states.
    assert_eq!(
        items_of(&v, "新規就業者数"),
        [
            (Value::from(4), "no_target".to_string()),
            (Value::from(0), "not_achieved".to_string()),
            (Value::Null, "no_actual".to_string())
        ]
    );
    let annual = total_of(&v, "新規就業者数");
    assert_eq!(
        (annual["rule"].as_str(), annual["rule_code"].as_str()),
        (Some("計画期間（合計）"), Some("sum"))
    );
    // Like with like: the sum is over the years with a target, and the
    // last of them has no actual yet, so the period has none (never 4 of
    // 20: the 4 is a year without a target); the year missing is said.
    assert_eq!(
        (&annual["target"], &annual["actual"], &annual["fiscal_year"], &annual["status_code"]),
        (&Value::from(20), &Value::Null, &Value::Null, &Value::from("no_actual"))
    );
    assert_eq!(
        (&annual["left_out_years"], &annual["missing_years"], &annual["note"]),
        (
            &serde_json::json!([]),
            &serde_json::json!([2021]),
            &Value::from("令和3年度の実績がまだないため計画期間の実績は未確定")
        )
    );

    // 累計: one contribution a year, 8 + 9 + 10, shown as running totals.
    let actuals: Vec<Value> =
        items_of(&v, "移住者数（累計）").into_iter().map(|(a, _)| a).collect();
    assert_eq!(actuals, [Value::from(8), Value::from(17), Value::from(27)]);
    let cumulative = total_of(&v, "移住者数（累計）");
    assert_eq!(cumulative["kind_code"], "cumulative");
    assert_eq!(cumulative["rule"], "計画期間（最終年度の累計）");
    assert_eq!(cumulative["fiscal_year"], 2021);
    assert_eq!(
        (&cumulative["target"], &cumulative["actual"]),
        (&Value::from(30), &Value::from(27))
    );
    assert_eq!(cumulative["rate"], n(90.0));

    // 水準: the final year's, not the sum 7.
    let level = total_of(&v, "入居企業数");
    assert_eq!(
        (&level["rule_code"], &level["actual"], &level["status_code"]),
        (&Value::from("final_value"), &Value::from(2), &Value::from("not_achieved"))
    );

    // 率: never summed (13 + 14.5 + 21 = 48.5 appears nowhere).
    let rate = total_of(&v, "市内就職率");
    assert_eq!(
        (&rate["kind"], &rate["rule"]),
        (&Value::from("率"), &Value::from("計画期間（最終年度の値）"))
    );
    assert_eq!(
        (&rate["target"], &rate["actual"], &rate["rate"]),
        (&Value::from(20), &Value::from(21), &n(105.0))
    );
    assert!(!v.to_string().contains("48.5"), "a rate was summed somewhere");
    assert_eq!(
        (&rate["baseline"], &rate["baseline_label"]),
        (&Value::from(10), &Value::from("事業開始前（現時点）"))
    );
    assert_eq!(annual["baseline"], Value::Null);
    let items = v["items"].as_array().expect("items");
    assert!(items.iter().filter(|i| i["kpi"] == "市内就職率").all(|i| i["kind_code"] == "rate"));
}

#[test]
fn the_breakdown_of_a_cumulative_year_names_the_year_each_company_contributed() {
    let out = bin()
        .args([
            "summary",
            "--companies",
            "--kpi",
            "移住者数（累計）",
            "--fy",
            "2021",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("header").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let rows: Vec<(String, String, String)> = reader
        .records()
        .map(|r| r.expect("row"))
        .map(|r| {
            (
                r[col("company")].to_string(),
                r[col("contributed_in")].to_string(),
                r[col("value")].to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("みなと架空大学".into(), "2021".into(), "10".into()),
            ("サンプル商事株式会社".into(), "2020".into(), "9".into()),
            ("株式会社みなと水産（架空）".into(), "2019".into(), "8".into()),
        ]
    );
}

/// The Markdown minutes of a meeting in June of the year after `fy` that
/// showed the companies behind `kpi`'s `fy`.
fn minutes_showing(loaded: &Loaded, kpi: &str, fy: i32) -> String {
    let mut session = Session::new(Sheet::default(), DataRefs::default());
    session.sheet.date = chrono::NaiveDate::from_ymd_opt(fy + 1, 6, 20);
    session.breakdowns_shown =
        vec![ItemRef { kpi: kpi.into(), fiscal_year: kpi_council::domain::fiscal::FiscalYear(fy) }];
    let md = kpi_council::export::render(&loaded.dataset, &session, Format::Md, Options::default())
        .expect("markdown");
    String::from_utf8(md).expect("utf-8")
}

fn app(actions: &[Action]) -> App {
    let now = chrono::DateTime::parse_from_rfc3339("2022-06-20T14:00:00+09:00").expect("time");
    let mut app = App::in_memory(loaded(), Lang::Ja, now);
    for a in actions {
        update(&mut app, *a);
    }
    app
}

fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(|f| kpi_council::ui::render(app, f)).expect("draw");
    terminal
}

#[test]
fn overview_of_every_kind_120x40() {
    assert_snapshot!(draw(&app(&[]), 120, 40).backend());
}

#[test]
fn item_of_a_cumulative_kpi_80x24() {
    // 移住者数（累計） 令和2年度: 17 of 20, and the plan-period rule.
    assert_snapshot!(draw(&app(&[Action::Down, Action::Right, Action::Enter]), 80, 24).backend());
}

/// In English at 80 columns the item's plan-period line keeps its rate and
/// status whole: the rule's long name ("plan period (final year's running
/// total) FY2021") cut it at "90.", so it gives way to the short one; and
/// so on the plan across the years.
#[test]
fn the_plan_period_line_keeps_its_rate_in_english_at_80_columns() {
    let now = chrono::DateTime::parse_from_rfc3339("2022-06-20T14:00:00+09:00").expect("time");
    for (lang, wide, narrow) in [
        (Lang::En, "plan period (final year's running total) FY2021", "Plan period (final) FY2021"),
        (Lang::Ja, "計画期間（最終年度の累計） 令和3年度", "計画期間（最終年度の累計） 令和3年度"),
    ] {
        let mut app = App::in_memory(loaded(), lang, now);
        for a in [Action::Down, Action::Right, Action::Right, Action::Enter] {
            update(&mut app, a);
        }
        let rate = match lang {
            Lang::En => "90.0% mostly met",
            Lang::Ja => "90.0% 概ね達成",
        };
        for (w, h, label) in [(80, 24, narrow), (120, 40, wide)] {
            let screen = draw(&app, w, h).backend().to_string();
            let line = screen.lines().find(|l| l.contains(label)).unwrap_or_default();
            assert!(line.contains(rate), "{lang:?} {w}x{h}: {line}\n{screen}");
        }
        // The plan across the years (y) says it the same way.
        update(&mut app, Action::Back);
        update(&mut app, Action::Years);
        for (w, h, label) in [(80, 24, narrow), (120, 40, wide)] {
            let screen = draw(&app, w, h).backend().to_string();
            let line = screen.lines().find(|l| l.contains(label)).unwrap_or_default();
            assert!(line.contains(rate), "years {lang:?} {w}x{h}: {line}\n{screen}");
        }
    }
}

#[test]
fn companies_behind_a_cumulative_total_120x40() {
    // 移住者数（累計） 令和3年度: three companies, each with its year.
    let a = app(&[Action::Down, Action::Right, Action::Right, Action::Enter, Action::Enter]);
    assert_snapshot!(draw(&a, 120, 40).backend());
}

#[test]
fn item_of_a_rate_with_its_baseline_120x40() {
    let a = app(&[Action::Down, Action::Down, Action::Down, Action::Enter]);
    assert_snapshot!(draw(&a, 120, 40).backend());
}

#[test]
fn the_minutes_say_the_kind_and_the_rule_of_every_plan_period_figure() {
    let loaded = loaded();
    let mut session = Session::new(Sheet::default(), DataRefs::default());
    session.sheet.date = chrono::NaiveDate::from_ymd_opt(2022, 6, 20);
    session.breakdowns_shown = vec![ItemRef {
        kpi: "移住者数（累計）".into(),
        fiscal_year: kpi_council::domain::fiscal::FiscalYear(2021),
    }];
    let md = kpi_council::export::render(&loaded.dataset, &session, Format::Md, Options::default())
        .expect("markdown");
    let md = String::from_utf8(md).expect("utf-8");
    for row in [
        // The sum's years with a target lack an actual (令和3年度): 実績なし,
        // said why (never 4 of 20: the 4人 is of a year without a target).
        "| 新規就業者数 | 単年度 | 計画期間（合計）（※令和3年度の実績がまだないため計画期間の実績は未確定） | 20人 | － | － | 実績なし |",
        "| 移住者数（累計） | 累計 | 計画期間（最終年度の累計） 令和3年度 | 30人 | 27人 | 90.0% | 概ね達成 |",
        "| 入居企業数 | 水準 | 計画期間（最終年度の値） 令和3年度 | 3社 | 2社 | 66.6% | 未達成 |",
        "| 市内就職率 | 率 | 計画期間（最終年度の値） 令和3年度 | 20% | 21% | 105.0% | 達成 |",
        // The evaluated year (令和3年度) in the KPI table: 実績なし is not 0.
        "| 新規就業者数 | 単年度 | 10人 | － | － | 実績なし |",
    ] {
        assert!(md.contains(row), "missing {row:?} in\n{md}");
    }
    // The breakdown of the running total names the year of each part.
    assert!(md.contains("| 企業 | 区分 | 寄与年度 | 値 | 構成比 | 備考 |"), "{md}");
    assert!(md.contains("| サンプル商事株式会社 | 首都圏企業 | 令和2年度 | 9人 | 33.3% |"), "{md}");
    // The baseline beside the target, never as one.
    assert!(md.contains("目標 20%（令和4年3月末）（事業開始前（現時点） 10%）"), "{md}");

    let html =
        kpi_council::export::render(&loaded.dataset, &session, Format::Html, Options::default())
            .expect("html");
    let html = String::from_utf8(html).expect("utf-8");
    assert!(html.contains("<td>計画期間（最終年度の累計） 令和3年度</td>"));

    let xlsx =
        kpi_council::export::render(&loaded.dataset, &session, Format::Xlsx, Options::default())
            .expect("xlsx");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).expect("xlsx");
    let sheet = book.worksheet_range("評価シート").expect("sheet");
    let rule_row = sheet
        .rows()
        .find(|r| {
            r.get(3) == Some(&Data::String("計画期間（最終年度の値） 令和3年度".into()))
                && r[0] == Data::String("市内就職率".into())
        })
        .expect("the rate's plan-period row says its rule");
    assert_eq!(rule_row[5], Data::Float(21.0), "the final year's rate, not a sum");
    assert_eq!(rule_row[11], Data::String("率".into()));
    // The breakdown of the running total names the year of each part, as
    // the Markdown does.
    let breakdown = book.worksheet_range("企業別内訳").expect("breakdown sheet");
    let part = breakdown
        .rows()
        .find(|r| {
            r[1] == Data::Float(2021.0) && r[3] == Data::String("サンプル商事株式会社".into())
        })
        .expect("the company's part of the 令和3年度 running total");
    // Added in 令和2年度, not the year of the row.
    assert_eq!(part.get(8), Some(&Data::String("令和2年度".into())), "{part:?}");
    assert_eq!(part[5], Data::Float(9.0), "{part:?}");
    assert_eq!(part[4], Data::String("首都圏企業".into()), "{part:?}");
}

#[test]
fn check_warns_of_a_percentage_written_as_a_ratio() {
    let dir = tempfile::tempdir().expect("dir");
    let text = std::fs::read_to_string(data("plan.ron"))
        .expect("plan")
        .replace("{2019: 12.5, 2020: 15, 2021: 20}", "{2019: 0.125, 2020: 0.15, 2021: 0.2}");
    let slip = dir.path().join("plan.ron");
    std::fs::write(&slip, text).expect("write");
    crate::common::kpi_council()
        .args(["--lang", "en", "check"])
        .arg(&slip)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "warning: 「市内就職率」 is counted in % but its target for 2019 is 0.125: a ratio written for a percentage?",
        ));
}

#[test]
fn a_running_total_resting_on_an_earlier_stated_total_says_so() {
    use kpi_council::domain::actuals::StatedTotal;
    use kpi_council::domain::dataset::Dataset;
    use kpi_council::domain::fiscal::FiscalYear;
    use kpi_council::domain::quantity::Quantity;
    let d = loaded().dataset;
    let mut actuals = d.actuals.clone();
    // 令和元年度: 10 stated, of which 8 broken down; 令和2年度 adds 9 → 19.
    actuals.stated_totals.push(StatedTotal {
        kpi: "移住者数（累計）".into(),
        fiscal_year: FiscalYear(2019),
        value: Quantity::units(10),
        source: "みなと町住民課調べ".into(),
        status: None,
    });
    let d = Dataset::new(d.plan.clone(), actuals).expect("valid");
    let mut session = Session::new(Sheet::default(), DataRefs::default());
    session.sheet.date = chrono::NaiveDate::from_ymd_opt(2021, 6, 20);
    session.breakdowns_shown =
        vec![ItemRef { kpi: "移住者数（累計）".into(), fiscal_year: FiscalYear(2020) }];
    let md = String::from_utf8(
        kpi_council::export::render(&d, &session, Format::Md, Options::default()).expect("md"),
    )
    .expect("utf-8");
    assert!(md.contains("目標 20人（令和3年3月末）、実績 19人、達成率 95.0%（概ね達成）"), "{md}");
    assert!(md.contains("出典：みなと町住民課調べ（令和元年度の累計に以降の内訳を加算）"), "{md}");
    // The rest of 令和元年度's total, without breakdown, is its own row of that year.
    assert!(
        md.contains("| （企業別内訳なし） |  | 令和元年度 | 2人 | 10.5% | みなと町住民課調べ |"),
        "{md}"
    );
}

/// The embedded 北見市 plan with its first KPI, 新規移動人数, to bring down
/// (`better: Lower`), written into `dir`; and the sample actuals.
fn kitami_to_bring_down(dir: &std::path::Path) -> (PathBuf, PathBuf) {
    let plan = include_str!("../../assets/kitami-plan.ron").replacen(
        "kind: Annual,",
        "kind: Annual,\n            better: Lower,",
        1,
    );
    assert!(plan.contains("better: Lower"));
    let plan_path = dir.join("plan.ron");
    std::fs::write(&plan_path, plan).expect("plan");
    (plan_path, PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/sample-actuals.ron"))
}

/// A KPI to bring down (`better: Lower` in the plan, as `import plan
/// --lower-is-better` writes it): each rate is target ÷ actual and 達成 is
/// an actual at or below the target, in the summary, on the overview and
/// in the minutes, which name it 少ないほど良い. With 新規移動人数 read so, 36
/// against 50 is 138.8% 達成 (it was 72.0% 未達成), 42 against 50 is 119.0%,
/// and the plan period 90 against 110 is 122.2%.
#[test]
fn a_kpi_to_bring_down_turns_every_rate_and_status() {
    let dir = tempfile::tempdir().expect("dir");
    let (plan_path, actuals) = kitami_to_bring_down(dir.path());
    let out = crate::common::kpi_council()
        .args(["--lang", "en", "summary", "--format", "json", "--plan"])
        .arg(&plan_path)
        .arg("--actuals")
        .arg(&actuals)
        .output()
        .expect("summary");
    assert!(out.status.success(), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let rows: Vec<(i64, String, String, String)> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["kpi"] == "新規移動人数")
        .map(|i| {
            (
                i["fiscal_year"].as_i64().expect("year"),
                i["rate"].to_string(),
                i["status_code"].as_str().expect("status").to_string(),
                i["kind"].as_str().expect("kind").to_string(),
            )
        })
        .collect();
    let kind = "annual, lower is better".to_string();
    assert_eq!(
        rows,
        [
            (2016, "83.3".into(), "mostly_achieved".into(), kind.clone()),
            (2017, "119.0".into(), "achieved".into(), kind.clone()),
            (2018, "138.8".into(), "achieved".into(), kind),
        ]
    );
    let total = total_of(&v, "新規移動人数");
    assert_eq!(
        (total["rate"].to_string(), total["status_code"].as_str()),
        ("122.2".into(), Some("achieved"))
    );

    // The overview says so on the KPI's row; the minutes name the kind.
    let loaded = dataset_files::load(Some(&plan_path), Some(&actuals)).expect("plan");
    let data = loaded.dataset.clone();
    let now = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    let app = App::in_memory(loaded, Lang::Ja, now);
    let screen = crate::common::drawn_text(&app, 120, 40);
    assert!(screen.contains("少ないほど良い"), "{screen}");
    assert!(screen.contains("138.8%"), "{screen}");
    let md = kpi_council::export::render(&data, app.session(), Format::Md, Options::default())
        .expect("md");
    let md = String::from_utf8(md).expect("utf-8");
    assert!(md.contains("単年度（少ないほど良い）"), "{md}");
    assert!(md.contains("138.8%"), "{md}");
    // The HTML minutes' chart of its years says so in its caption.
    let html = kpi_council::export::render(&data, app.session(), Format::Html, Options::default())
        .expect("html");
    let html = String::from_utf8(html).expect("utf-8");
    assert!(html.contains("実績　少ないほど良い</text>"), "{html}");
    assert_eq!(html.matches("実績　少ないほど良い</text>").count(), 1, "only its own chart");
}

/// A plan file written by hand with falling targets and no `better` is
/// read as more is better, and `check` says so, naming the KPI and the two
/// words that settle it; with `better: Higher` written, nothing is said.
#[test]
fn check_warns_of_falling_targets_that_say_no_direction() {
    let dir = tempfile::tempdir().expect("dir");
    let falling = include_str!("../../assets/kitami-plan.ron").replacen(
        "targets: {2016: 10, 2017: 50, 2018: 50}",
        "targets: {2016: 50, 2017: 50, 2018: 10}",
        1,
    );
    assert!(falling.contains("{2016: 50, 2017: 50, 2018: 10}"));
    let file = dir.path().join("plan.ron");
    for (text, warned) in [
        (falling.clone(), true),
        (falling.replacen("kind: Annual,", "kind: Annual,\n            better: Higher,", 1), false),
    ] {
        std::fs::write(&file, text).expect("plan");
        let out = crate::common::kpi_council()
            .args(["--lang", "en", "check"])
            .arg(&file)
            .output()
            .expect("check");
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let said = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            said.contains("the targets of 「新規移動人数」 fall")
                && said.contains("`better: Lower`"),
            warned,
            "{said}"
        );
    }
}

/// The years screen (`y`) names a KPI to bring down as the overview and
/// the item screen do: beside 50人 目標 and 36人 実績 its 138.8% 達成 reads
/// as target ÷ actual only when the screen says so.
#[test]
fn the_years_screen_names_a_kpi_to_bring_down() {
    let dir = tempfile::tempdir().expect("dir");
    let (plan_path, actuals) = kitami_to_bring_down(dir.path());
    let loaded = dataset_files::load(Some(&plan_path), Some(&actuals)).expect("plan");
    let now = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    let mut app = App::in_memory(loaded, Lang::Ja, now);
    kpi_council::app::update::handle_key(
        &mut app,
        crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('y'),
            crossterm::event::KeyModifiers::NONE,
        ),
    );
    let screen = crate::common::drawn_text(&app, 120, 40);
    assert!(screen.contains("計画期間の推移"), "{screen}");
    assert!(
        screen.contains("新規移動人数（人）少ないほど良い指標（達成率＝目標／実績）"),
        "{screen}"
    );
    assert!(screen.contains("新規参加企業数（社）"), "{screen}");
    assert!(!screen.contains("新規参加企業数（社）少ないほど良い"), "{screen}");
}

/// Scripts read which way a KPI improves from a code, as they read its
/// kind (`kind_code`), not from the words 単年度（少ないほど良い）: the CSV's
/// last column and the JSON's items and plan-period totals say `better_code` `lower`
/// or `higher`.
#[test]
fn summary_gives_scripts_the_direction_as_a_code() {
    let dir = tempfile::tempdir().expect("dir");
    let (plan_path, actuals) = kitami_to_bring_down(dir.path());
    let run = |format: &str| {
        let out = crate::common::kpi_council()
            .args(["--lang", "en", "summary", "--fy", "2018", "--format", format, "--plan"])
            .arg(&plan_path)
            .arg("--actuals")
            .arg(&actuals)
            .output()
            .expect("summary");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let csv = run("csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].ends_with(",kind,kind_code,better_code"), "{csv}");
    assert!(lines[1].starts_with("新規移動人数,") && lines[1].ends_with(",annual,lower"), "{csv}");
    assert!(
        lines[2].starts_with("新規参加企業数,") && lines[2].ends_with(",annual,higher"),
        "{csv}"
    );
    let v: Value = serde_json::from_str(&run("json")).expect("json");
    let codes = |list: &str| -> Vec<String> {
        v[list]
            .as_array()
            .expect("list")
            .iter()
            .map(|i| i["better_code"].as_str().unwrap_or("none").to_string())
            .collect()
    };
    assert_eq!(codes("items"), ["lower", "higher", "higher"]);
    assert_eq!(codes("plan_period_totals"), ["lower", "higher", "higher"]);
}

/// The 効果検証 sheet, the form an office publishes, has no column of kinds:
/// beside 目標 50 and 実績 36 its 138.8% reads as target ÷ actual only when
/// the KPI's cell says 少ないほど良い; a KPI better higher is named as before.
#[test]
fn the_verification_sheet_names_a_kpi_to_bring_down() {
    let dir = tempfile::tempdir().expect("dir");
    let (plan_path, actuals) = kitami_to_bring_down(dir.path());
    let loaded = dataset_files::load(Some(&plan_path), Some(&actuals)).expect("plan");
    let now = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    let data = loaded.dataset.clone();
    let app = App::in_memory(loaded, Lang::Ja, now);
    let xlsx = kpi_council::export::render(&data, app.session(), Format::Xlsx, Options::default())
        .expect("xlsx");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).expect("xlsx");
    let sheet = book.worksheet_range("効果検証").expect("sheet");
    let names: Vec<String> = sheet
        .rows()
        .filter(|r| matches!(r.first(), Some(Data::Float(_))))
        .map(|r| r[1].to_string())
        .collect();
    assert_eq!(
        names,
        ["新規移動人数（人）（少ないほど良い）", "新規参加企業数（社）", "進出企業数（社）"]
    );
}

/// The header's total cost is shown whole or not at all: an author long
/// enough to push it past 120 columns cut it to 32,00…, a figure that
/// reads as another.
#[test]
fn the_header_never_cuts_the_total_cost() {
    let dir = tempfile::tempdir().expect("dir");
    let plan = include_str!("../../assets/kitami-plan.ron").replacen(
        "author: \"北見市\"",
        "author: \"北海道常呂郡北見市\"",
        1,
    );
    assert!(plan.contains("北海道常呂郡北見市"));
    let plan_path = dir.path().join("plan.ron");
    std::fs::write(&plan_path, plan).expect("plan");
    let actuals = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/sample-actuals.ron");
    let now = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    for (w, whole) in [(120, false), (160, true)] {
        let loaded = dataset_files::load(Some(&plan_path), Some(&actuals)).expect("plan");
        let app = App::in_memory(loaded, Lang::Ja, now);
        let screen = crate::common::drawn_text(&app, w, 40);
        // The drawn text without blanks.
        assert!(screen.contains("作成主体:北海道常呂郡北見市"), "{screen}");
        assert_eq!(screen.contains("総事業費:"), whole, "{w}: {screen}");
        assert_eq!(screen.contains("総事業費:32,000千円"), whole, "{w}: {screen}");
    }
}

/// `import actuals CSV -o OUT` against the kinds plan, in `lang` where
/// given: how it ended.
fn import_kinds(csv: &Path, out: &Path, lang: Option<&str>) -> std::process::Output {
    let mut cmd = crate::common::kpi_council();
    cmd.arg("--plan").arg(data("plan.ron"));
    if let Some(lang) = lang {
        cmd.args(["--lang", lang]);
    }
    cmd.args(["import", "actuals"]).arg(csv).arg("-o").arg(out).output().expect("run")
}

/// The import's table of figures gives a 累計 year as the program shows
/// it: the running figure 30人 stated in 2020 rests on 8 + 9 of companies
/// (13 without a breakdown, as the item screen says), and 2021 without a
/// stated total is 30 + 10 = 40人. It compared the running figure with the
/// year's own companies (21 without a breakdown) and gave 2021 as 10人.
/// A stated total alone read as a sum of companies of 0人.
#[test]
fn the_import_report_gives_a_cumulative_year_its_running_figure() {
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("実績.csv");
    std::fs::write(
        &csv,
        "年度,指標,企業名,値,出典\n\
         2019,移住者数（累計）,株式会社あ,8,\n\
         2020,移住者数（累計）,株式会社い,9,\n\
         2020,移住者数（累計）,公表値,30,町調べ\n\
         2021,移住者数（累計）,株式会社う,10,\n\
         2020,新規就業者数,公表値,3,町調べ\n",
    )
    .expect("csv");
    let out = import_kinds(&csv, &dir.path().join("actuals.ron"), None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let row = |fy: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(&format!("| 移住者数（累計） | {fy}")))
            .unwrap_or_else(|| panic!("{fy}: {stdout}"))
            .to_string()
    };
    assert_eq!(row("令和元年度"), "| 移住者数（累計） | 令和元年度 (2019) | 1 | 8人 |  | 8人 |  |");
    assert_eq!(
        row("令和2年度"),
        "| 移住者数（累計） | 令和2年度 (2020) | 2 | 17人 | 30人 | 30人 | 企業別内訳なし 13 |"
    );
    assert_eq!(row("令和3年度"), "| 移住者数（累計） | 令和3年度 (2021) | 3 | 27人 |  | 40人 |  |");
    // A stated total without companies has no sum of companies, not one of 0.
    let alone = stdout.lines().find(|l| l.starts_with("| 新規就業者数 |")).expect("stated");
    assert_eq!(alone, "| 新規就業者数 | 令和2年度 (2020) | 0 | － | 3人 | 3人 |  |");
}

/// An office's workbook of a 累計 KPI gives each year's companies with a
/// 合計 row under them, the year's own sum: 8 in 2019, then 9 in 2020. The
/// 合計 of 2020 is then a running figure of 9 resting on 8 + 9 = 17 of
/// companies: the import's table said 「内訳が 8 多い（拒否）」 and yet
/// wrote the actuals, and every screen showed 9人 for a running total of
/// 17人. It is refused at its cell, as any total below its companies is.
#[test]
fn a_cumulative_total_below_its_running_companies_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("実績.csv");
    std::fs::write(
        &csv,
        "年度,指標,企業名,値\n\
         2019,移住者数（累計）,株式会社あ,8\n\
         2019,移住者数（累計）,合計,8\n\
         2020,移住者数（累計）,株式会社い,9\n\
         2020,移住者数（累計）,合計,9\n",
    )
    .expect("csv");
    let written = dir.path().join("actuals.ron");
    let out = import_kinds(&csv, &written, Some("en"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!written.exists(), "nothing written");
    assert!(
        stderr.contains(
            "row 5, column D (値): the stated total 9 is smaller than the sum of its companies up to this fiscal year, 17 (a 累計 KPI's total is its running figure: the companies of this year and every earlier one)"
        ),
        "{stderr}"
    );
}

/// An office labels the running figure of a 累計 KPI 「累計」: a subtotal
/// label, so 8 + 9 = 17 under the year's own 9 was refused as a subtotal
/// not adding up, with nothing saying what to write. The message says to
/// write 合計 for the running figure; so written, it is read.
#[test]
fn a_row_labelled_ruikei_says_to_write_goukei_for_a_running_figure() {
    let dir = tempfile::tempdir().expect("dir");
    let run = |label: &str| {
        let csv = dir.path().join(format!("{label}.csv"));
        std::fs::write(
            &csv,
            format!(
                "年度,指標,企業名,値\n\
                 2019,移住者数（累計）,株式会社あ,8\n\
                 2019,移住者数（累計）,合計,8\n\
                 2020,移住者数（累計）,株式会社い,9\n\
                 2020,移住者数（累計）,{label},17\n"
            ),
        )
        .expect("csv");
        import_kinds(&csv, &dir.path().join(format!("{label}.ron")), Some("en"))
    };
    let out = run("累計");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "the subtotal 「累計」 is 17 but the rows above it add up to 9 (rows 4); if it is a 累計 KPI's running figure (this year's companies and every earlier year's), write 合計 in its company cell"
        ),
        "{stderr}"
    );
    let out = run("合計");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// An actuals.ron written before the import refused it (or by hand) with a
/// 累計 year's total of 9 resting on 8 + 9 = 17 of companies: `check` said
/// it was valid, and the item screen showed 9人 with nothing said. `check`
/// now warns of a total below its companies, naming the figures.
#[test]
fn check_warns_of_a_total_below_its_running_companies() {
    let dir = tempfile::tempdir().expect("dir");
    let actuals = std::fs::read_to_string(data("actuals.ron")).expect("actuals").replace(
        "    stated_totals: [\n",
        "    stated_totals: [\n        (kpi: \"移住者数（累計）\", fiscal_year: 2020, value: 9, source: \"町調べ\"),\n",
    );
    let path = dir.path().join("actuals.ron");
    std::fs::write(&path, actuals).expect("write");
    let check = |lang: &str| {
        let out = crate::common::kpi_council()
            .arg("--plan")
            .arg(data("plan.ron"))
            .args(["--lang", lang, "check"])
            .arg(&path)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).expect("utf-8")
    };
    let en = check("en");
    assert!(
        en.contains("; warning: the stated total of 「移住者数（累計）」 for 令和2年度 is 9 but its companies (up to that year, a 累計) add up to 17"),
        "{en}"
    );
    let ja = check("ja");
    assert!(
        ja.contains("；警告: 「移住者数（累計）」令和2年度の合計値 9 が、企業別内訳の合計 17（累計の指標はその年度までの企業の値）より小さくなっています"),
        "{ja}"
    );
    // The file as given, without the short total: no such warning.
    let out = crate::common::kpi_council()
        .arg("--plan")
        .arg(data("plan.ron"))
        .args(["--lang", "en", "check"])
        .arg(data("actuals.ron"))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    assert!(!text.contains("warning"), "{text}");
}

/// An office that gives each company's own running figure (株式会社あ 8
/// in both years) or a 合計 of the year's companies alone is refused: the
/// message says what to write, 小計 for a sum of the year's companies or
/// the running figure of at least the companies' sum, and how a company's
/// value is read (it named the two figures only, and the office's 合計 of
/// 17 was right by its own reading).
#[test]
fn a_cumulative_total_below_its_running_companies_says_what_to_write() {
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("実績.csv");
    std::fs::write(
        &csv,
        "年度,指標,企業名,値\n\
         2019,移住者数（累計）,株式会社あ,8\n\
         2019,移住者数（累計）,合計,8\n\
         2020,移住者数（累計）,株式会社あ,8\n\
         2020,移住者数（累計）,株式会社い,9\n\
         2020,移住者数（累計）,合計,17\n",
    )
    .expect("csv");
    let written = dir.path().join("actuals.ron");
    let run = |lang: &str| {
        let out = import_kinds(&csv, &written, Some(lang));
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let ja = run("ja");
    assert!(
        ja.contains(
            "6行目、D列（値）: 合計値 17 が、この年度までの企業の値の合計 25 より小さくなっています（累計の指標の合計は、その年度と前の年度の企業の値を合わせた累計の値です）。\
             この年度の企業だけの合計なら企業名の欄を「小計」に、累計の値なら 25 以上にしてください（企業の値は、その企業の累計ではなく、その年度に増えた分として読みます）"
        ),
        "{ja}"
    );
    let en = run("en");
    assert!(
        en.contains(
            "every earlier one): write 小計 in its company cell if it sums this year's companies only, or the running figure, at least 25 (a company's value is read as what it added in that year, not its own running figure)"
        ),
        "{en}"
    );
    assert!(!written.exists(), "nothing written");
}

/// An office's yearly totals of a 累計 KPI without companies, each the
/// year's own increase (8, 5, 6): read as running figures, the plan period
/// showed 6人 (20.0%, 未達成) for a running 19人, with no word from the
/// import or `check`. A running figure below an earlier year's is warned
/// of at its cell (any below the highest before it), and by `check`.
#[test]
fn a_cumulative_stated_total_below_an_earlier_one_is_warned_of() {
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("実績.csv");
    std::fs::write(
        &csv,
        "年度,指標,企業名,値,出典\n\
         2019,移住者数（累計）,,8,町調べ\n\
         2020,移住者数（累計）,,5,町調べ\n\
         2021,移住者数（累計）,,6,町調べ\n",
    )
    .expect("csv");
    let written = dir.path().join("actuals.ron");
    let out = import_kinds(&csv, &written, None);
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(
        report.contains(
            "3行目、D列（値）: 累計の指標の合計値 5 が、令和元年度 (2019) の合計値 8 より小さくなっています。\
             その年度に増えた分なら、前の年度までと合わせた累計の値を書いてください"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "4行目、D列（値）: 累計の指標の合計値 6 が、令和元年度 (2019) の合計値 8 より"
        ),
        "6 is below 8 still: {report}"
    );
    let out = crate::common::kpi_council()
        .arg("--plan")
        .arg(data("plan.ron"))
        .args(["--lang", "en", "check"])
        .arg(&written)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "; warning: the stated total of 「移住者数（累計）」 for FY2020 is 5, below FY2019's 8: a 累計 KPI's total is its running figure"
        ),
        "{stdout}"
    );
}

/// A 率 is no sum of parts: its stated 21% was shown on the companies
/// screen and in the minutes' breakdown as a row （企業別内訳なし） 21% with a
/// share of 100.0%, a share of a percentage meaning nothing. The screen
/// says the item has no breakdown, its bottom row the actual without a
/// share, and the minutes print no breakdown of it.
#[test]
fn a_rate_has_no_row_without_a_breakdown_and_no_share() {
    // 市内就職率 令和3年度 (2021): stated 21%, no company.
    let a = app(&[
        Action::Down,
        Action::Down,
        Action::Down,
        Action::Right,
        Action::Right,
        Action::Enter,
        Action::Enter,
    ]);
    let screen = crate::common::drawn_text(&a, 120, 40);
    assert!(screen.contains("市内就職率") && screen.contains("21%"), "{screen}");
    assert!(!screen.contains("企業別内訳なし"), "{screen}");
    assert!(!screen.contains("100.0%"), "{screen}");

    let md = minutes_showing(&loaded(), "市内就職率", 2021);
    assert!(md.contains("市内就職率"), "{md}");
    assert!(!md.contains("（企業別内訳なし）"), "{md}");
    assert!(!md.contains("100.0%"), "{md}");
}

/// A 率 has no companies behind it: the Markdown minutes of a meeting that
/// looked at its breakdown wrote the heading 企業別内訳 over a table of
/// headers alone, where the Word and HTML minutes write no table.
#[test]
fn a_rate_shown_gives_no_empty_breakdown_table_in_the_markdown() {
    let md = minutes_showing(&loaded(), "市内就職率", 2021);
    assert!(md.contains("出典：みなと町教育委員会調べ"), "{md}");
    assert!(!md.contains("**企業別内訳**"), "{md}");
    assert!(!md.contains("| 企業 | 区分 |"), "{md}");
}

/// A running total stated in two years (12人 in 令和元年度 with 8 by a
/// company, 30人 in 令和2年度 with 9 of the 18 added by another): the
/// breakdown of 令和2年度 gave one row （企業別内訳なし） 13人 of 令和2年度,
/// though 4 of them were 令和元年度's. Each year's rest is its own row, with
/// its year, in `summary --companies` and in the minutes.
#[test]
fn the_rest_behind_a_running_total_names_each_stated_year() {
    let dir = tempfile::tempdir().expect("dir");
    let actuals = std::fs::read_to_string(data("actuals.ron")).expect("actuals").replace(
        "    stated_totals: [\n",
        "    stated_totals: [\n        (kpi: \"移住者数（累計）\", fiscal_year: 2019, value: 12, source: \"住民課調べ\"),\n        (kpi: \"移住者数（累計）\", fiscal_year: 2020, value: 30, source: \"住民課調べ\"),\n",
    );
    let actuals_path = dir.path().join("actuals.ron");
    std::fs::write(&actuals_path, actuals).expect("write");
    let mut cmd = crate::common::kpi_council();
    cmd.arg("--plan").arg(data("plan.ron")).arg("--actuals").arg(&actuals_path);
    let out = cmd
        .args(["summary", "--companies", "--kpi", "移住者数（累計）", "--fy", "2020"])
        .args(["--format", "csv"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    let rests: Vec<(String, String)> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("row"))
        .filter(|r| &r[5] == "unexplained")
        .map(|r| (r[11].to_string(), r[15].to_string()))
        .collect();
    assert_eq!(rests, [("4".into(), "2019".into()), ("9".into(), "2020".into())], "{text}");

    let loaded =
        dataset_files::load(Some(&data("plan.ron")), Some(&actuals_path)).expect("the data");
    let md = minutes_showing(&loaded, "移住者数（累計）", 2020);
    for row in [
        "| （企業別内訳なし） |  | 令和元年度 | 4人 | 13.3% | 住民課調べ |",
        "| （企業別内訳なし） |  | 令和2年度 | 9人 | 30.0% | 住民課調べ |",
    ] {
        assert!(md.contains(row), "{row} in:\n{md}");
    }
}

/// `tests/data/kinds-stated`: 移住者数（累計） has 令和4年度's stated running
/// 14人 without companies and 令和5年度's companies adding 7 → 21人;
/// 就業者数（累計） a stated 12人 in 令和4年度 of which 9 broken down (令和3・4年度),
/// then 3 more in 令和5年度 → 15人.
fn stated_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/kinds-stated")
}

/// The rest of an earlier year's stated total, behind a later running
/// figure, is named with the year it was stated in (令和4年度), never the
/// year of the item (令和5年度), and each company with the year it added
/// its part: on the companies screen, in `summary --companies` (csv, json,
/// table) and in the minutes (md, html, docx, xlsx).
#[test]
fn the_rest_of_an_earlier_stated_total_is_named_with_its_year_on_every_surface() {
    let dir = stated_dir();
    let l = dataset_files::load(Some(&dir.join("plan.ron")), Some(&dir.join("actuals.ron")))
        .expect("kinds-stated");
    let fy = kpi_council::domain::fiscal::FiscalYear;

    let summary = |format: &str| {
        let out = crate::common::kpi_council()
            .arg("--plan")
            .arg(dir.join("plan.ron"))
            .arg("--actuals")
            .arg(dir.join("actuals.ron"))
            .args(["summary", "--companies", "--fy", "2023", "--format", format])
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).expect("utf-8")
    };
    let csv = summary("csv");
    for row in [
        "移住者数（累計）,移住者数（累計）,人,2023,令和5年度,contribution,株式会社みなと水産（架空）,a,みなと町,地元企業,local,7,33.3,,社員寮,2023,令和5年度",
        "移住者数（累計）,移住者数（累計）,人,2023,令和5年度,unexplained,,,,,,14,66.7,,みなと町住民課調べ,2022,令和4年度",
        "就業者数（累計）,就業者数（累計）,人,2023,令和5年度,contribution,株式会社みなと水産（架空）,a,みなと町,地元企業,local,5,33.3,,,2021,令和3年度",
        "就業者数（累計）,就業者数（累計）,人,2023,令和5年度,unexplained,,,,,,3,20.0,,みなと町産業課調べ,2022,令和4年度",
    ] {
        assert!(csv.contains(row), "missing {row:?} in\n{csv}");
    }
    let json: Value = serde_json::from_str(&summary("json")).expect("json");
    let rest = json
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["kpi"] == "移住者数（累計）")
        .and_then(|i| i["rows"].as_array()?.iter().find(|r| r["row_type"] == "unexplained"))
        .expect("the rest of 令和4年度's total")
        .clone();
    assert_eq!(
        (&rest["value"], &rest["contributed_in"], &rest["contributed_in_wareki"]),
        (&Value::from(14), &Value::from(2022), &Value::from("令和4年度"))
    );
    let table = summary("table");
    let rest_line = table.lines().find(|l| l.contains("（企業別内訳なし）")).expect("rest");
    assert!(rest_line.contains("14人") && rest_line.contains("令和4年度"), "{table}");

    let mut session = Session::new(Sheet::default(), DataRefs::default());
    session.sheet.date = chrono::NaiveDate::from_ymd_opt(2024, 6, 20);
    session.breakdowns_shown = vec![
        ItemRef { kpi: "移住者数（累計）".into(), fiscal_year: fy(2023) },
        ItemRef { kpi: "就業者数（累計）".into(), fiscal_year: fy(2023) },
    ];
    let render = |format| {
        kpi_council::export::render(&l.dataset, &session, format, Options::default())
            .expect("minutes")
    };
    let md = String::from_utf8(render(Format::Md)).expect("utf-8");
    let docx = crate::documents::docx_text(&render(Format::Docx));
    for row in [
        "| 株式会社みなと水産（架空） | 地元企業 | 令和5年度 | 7人 | 33.3% | 社員寮 |",
        "| （企業別内訳なし） |  | 令和4年度 | 14人 | 66.7% | みなと町住民課調べ |",
        "| 株式会社みなと水産（架空） | 地元企業 | 令和3年度 | 5人 | 33.3% |  |",
        "| サンプル商事株式会社 | 首都圏企業 | 令和5年度 | 3人 | 20.0% |  |",
        "| （企業別内訳なし） |  | 令和4年度 | 3人 | 20.0% | みなと町産業課調べ |",
    ] {
        assert!(md.contains(row), "missing {row:?} in\n{md}");
        assert!(docx.contains(row), "missing {row:?} in\n{docx}");
    }
    let html = String::from_utf8(render(Format::Html)).expect("utf-8");
    assert!(
        html.contains(
            "<tr><td>（企業別内訳なし）</td><td class=\"nw\"></td><td class=\"nw\">令和4年度</td><td class=\"n\">14人</td>"
        ),
        "{html}"
    );
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(render(Format::Xlsx))).expect("xlsx");
    let sheet = book.worksheet_range("企業別内訳").expect("breakdown sheet");
    let rest = sheet
        .rows()
        .find(|r| {
            r[0] == Data::String("移住者数（累計）".into())
                && r[1] == Data::Float(2023.0)
                && r[3] == Data::String("（企業別内訳なし）".into())
        })
        .expect("the rest in the 令和5年度 breakdown");
    assert_eq!((&rest[5], &rest[8]), (&Data::Float(14.0), &Data::String("令和4年度".into())));

    let now = chrono::DateTime::parse_from_rfc3339("2024-06-20T14:00:00+09:00").expect("time");
    let mut app = App::in_memory(l, Lang::Ja, now);
    for a in [Action::Right, Action::Right, Action::Enter, Action::Enter] {
        update(&mut app, a);
    }
    let screen = crate::common::drawn_text(&app, 120, 40);
    assert!(screen.contains("企業別内訳") && screen.contains("令和5年度(2023)"), "{screen}");
    assert!(
        screen.contains("（企業別内訳なし）14人66.7%令和4年度出典:みなと町住民課調べ"),
        "{screen}"
    );
    assert!(screen.contains("みなと町地元企業7人33.3%令和5年度社員寮"), "{screen}");
}

/// In English the baseline's label is the plan's Japanese words
/// (事業開始前（現時点）): the item screen says it is the baseline.
#[test]
fn the_english_item_screen_names_the_baseline() {
    let now = chrono::DateTime::parse_from_rfc3339("2022-06-20T14:00:00+09:00").expect("time");
    for (lang, words) in
        [(Lang::En, "baseline 事業開始前（現時点） 10%"), (Lang::Ja, " 事業開始前（現時点） 10%")]
    {
        let mut a = App::in_memory(loaded(), lang, now);
        for action in [Action::Down, Action::Down, Action::Down, Action::Enter] {
            update(&mut a, action);
        }
        let screen = draw(&a, 120, 40).backend().to_string();
        assert!(screen.contains(words), "{lang:?}:\n{screen}");
    }
}
