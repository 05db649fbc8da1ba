//! Presenting on a projector: big digits, themes, NO_COLOR, the time box,
//! the projector's follower view, and the settings that are remembered.

use chrono::{DateTime, Duration};
use kpi_council::app::action::Action;
use kpi_council::app::state::{App, Mode};
use kpi_council::domain::fiscal::FiscalYear;
use kpi_council::domain::session::{
    DataRefs, Op, Position, Remark, RemarkKind, Session, Sheet, Stamp, Target,
};
use kpi_council::i18n::Lang;
use kpi_council::runtime::{Meeting, Runtime};
use kpi_council::store::disk::RealDisk;
use kpi_council::store::embedded;
use kpi_council::store::follow::Follower;
use kpi_council::store::session_store::SessionStore;
use kpi_council::ui::theme::ThemeKind;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

// The screen's text without blanks (a wide character leaves a blank cell).
use crate::common::buffer_text as text;

fn t0() -> Stamp {
    DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time")
}

fn app() -> Meeting {
    Meeting::new(
        App::in_memory(embedded::load().expect("embedded"), Lang::Ja, t0()),
        Runtime::in_memory(),
    )
}

fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| kpi_council::ui::render(app, f)).expect("draw");
    terminal
}

#[test]
fn big_digits_when_there_is_room_plain_text_when_not() {
    let mut app = app();
    app.update(Action::Enter);
    let big = text(&draw(&app, 120, 40));
    let small = text(&draw(&app, 80, 24));
    assert!(big.contains('▀') || big.contains('▄'), "block digits at 120x40");
    assert!(!small.contains('▀') && !small.contains('▄'), "plain figures at 80x24");
    assert!(small.contains("120.0%"));
    assert!(big.contains("%達成"), "the status follows the big rate");
}

#[test]
fn every_theme_says_the_status_in_words_and_styles_differently() {
    let mut app = app();
    for kind in [ThemeKind::Dark, ThemeKind::Light, ThemeKind::HighContrast] {
        app.app.theme = kind;
        let t = draw(&app, 100, 30);
        assert!(text(&t).contains("概ね達成"), "{kind:?}: status in words");
        let corner = &t.backend().buffer()[(50, 20)];
        match kind {
            ThemeKind::Light => assert_eq!(corner.bg, Color::White, "light background"),
            ThemeKind::HighContrast => {
                assert_eq!(corner.bg, Color::Black);
                assert!(corner.modifier.contains(Modifier::BOLD), "everything bold");
            }
            _ => assert_eq!(corner.bg, Color::Reset),
        }
    }
}

#[test]
fn no_color_draws_without_any_colour_whatever_the_theme() {
    let mut app = app();
    app.app.no_color = true;
    for kind in [ThemeKind::Dark, ThemeKind::Light, ThemeKind::HighContrast] {
        app.app.theme = kind;
        let t = draw(&app, 100, 30);
        for cell in t.backend().buffer().content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{kind:?}: {cell:?}");
        }
        assert!(text(&t).contains("達成"));
    }
}

#[test]
fn t_cycles_the_theme_and_remembers_it() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("kpi-council/config.ron");
    let mut app = Meeting::new(
        App::in_memory(embedded::load().expect("embedded"), Lang::Ja, t0()),
        Runtime::in_memory().remembering_in(Some(path.clone())),
    );
    app.update(Action::Theme);
    assert_eq!(app.theme, ThemeKind::Light);
    app.update(Action::Theme);
    assert_eq!(app.theme, ThemeKind::HighContrast);
    assert_eq!(
        kpi_council::config::load(&path).expect("config").theme,
        Some(ThemeKind::HighContrast)
    );
    app.update(Action::Theme);
    assert_eq!(app.theme, ThemeKind::Dark);
}

#[test]
fn the_time_box_warns_once_when_an_item_runs_over() {
    let mut app = app();
    app.app.minutes_per_item = Some(5);
    app.update(Action::Enter);
    app.tick(t0() + Duration::minutes(4));
    assert!(app.notice().is_none());
    app.tick(t0() + Duration::minutes(5));
    assert_eq!(
        app.notice().map(|n| n.text.as_str()),
        Some("この議題の持ち時間（5分）を過ぎました")
    );
    let status: String = {
        let t = draw(&app, 100, 30);
        (0..100).map(|x| t.backend().buffer()[(x, 29)].symbol().to_string()).collect()
    };
    assert!(status.contains("5:00/5:00"), "{status}");
    app.app.clear_notice();
    app.tick(t0() + Duration::minutes(6));
    assert!(app.notice().is_none(), "once per item");
    app.update(Action::NextItem);
    app.tick(t0() + Duration::minutes(7));
    assert!(app.notice().is_none(), "the next item starts its own time box");
}

fn remark(id: &str, text: &str, internal: bool) -> Op {
    Op::AddRemark(Remark {
        internal,
        ..Remark::new(
            id.into(),
            t0(),
            RemarkKind::Opinion,
            Target::Item { kpi: "新規移動人数".into(), fiscal_year: FiscalYear(2018) },
            text.into(),
        )
    })
}

#[test]
fn the_projector_follows_the_secretary_without_internal_remarks() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("m.ron");
    let create = || Session::new(Sheet::default(), DataRefs::default());
    let (mut store, mut writer, _) =
        SessionStore::open(&path, create, Box::new(RealDisk::default()), "w").expect("open");
    let (mut follower, mut seen) = Follower::open(&path).expect("follow");
    assert!(!follower.poll(&mut seen), "nothing new yet");
    for op in [
        remark("R1", "公開の発言", false),
        remark("R2", "内部の発言", true),
        Op::SetPosition(Some(Position {
            kpi: "新規移動人数".into(),
            fiscal_year: FiscalYear(2018),
            item_open: true,
            companies: None,
            company: None,
            topic: None,
        })),
    ] {
        writer.apply(&op).expect("apply");
        store.record(&writer, writer.revision, &op).expect("record");
    }
    assert!(follower.poll(&mut seen));
    assert_eq!(seen.remarks.len(), 2);
    // The follower's screen: on the secretary's item, the internal remark hidden.
    let mut follower_app = App::new(embedded::load().expect("embedded"), Lang::Ja, seen, t0());
    follower_app.set_mode(Mode::Following(path.clone()));
    let mut app = Meeting::new(follower_app, Runtime::following(follower));
    app.tick(t0());
    let screen = text(&draw(&app, 100, 30));
    assert!(screen.contains("新規移動人数›平成30年度"), "{screen}");
    assert!(screen.contains("公開の発言"));
    assert!(!screen.contains("内部の発言"), "internal remarks stay off the projector");
    // Only showing: no editor on the projector.
    app.update(Action::NewRemark);
    assert!(app.overlay.is_none());
    // After the writer closes (a new snapshot, an empty journal) it still follows.
    writer.apply(&remark("R3", "閉会後の発言", false)).expect("apply");
    store.snapshot(&writer).expect("snapshot");
    app.tick(t0() + Duration::seconds(1));
    assert_eq!(app.session().remarks.len(), 3);
}

#[test]
fn a_bad_config_file_is_reported_and_the_defaults_used() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("config.ron");
    std::fs::write(&path, "(theme: Some(Purple))").expect("write");
    let out = crate::common::kpi_council()
        .env("KPI_COUNCIL_CONFIG", &path)
        .env("KPI_COUNCIL_LOG", dir.path().join("log"))
        .args(["summary", "--format", "csv", "--fy", "2018"])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).expect("utf-8");
    assert!(stderr.starts_with("警告: ") && stderr.contains("config.ron:1:"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("新規移動人数"));
    crate::common::kpi_council()
        .env("KPI_COUNCIL_CONFIG", &path)
        .env("KPI_COUNCIL_LOG", dir.path().join("log"))
        .args(["config", "--path"])
        .assert()
        .success()
        .stdout(format!("{}\n", path.display()));
}

#[test]
fn every_subcommand_has_help_and_version() {
    for sub in [
        "summary",
        "check",
        "export",
        "import",
        "review",
        "merge",
        "merge-driver",
        "git-setup",
        "config",
        "completions",
    ] {
        let bin = || crate::common::kpi_council();
        bin().args([sub, "--help"]).assert().success();
        bin()
            .args([sub, "--version"])
            .assert()
            .success()
            .stdout(predicates::str::contains(env!("CARGO_PKG_VERSION")));
    }
    crate::common::kpi_council()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicates::str::contains("kpi-council"));
}

/// The projector records nothing: with no remark yet it does not tell
/// the room to press r.
#[test]
fn the_projector_does_not_offer_a_key_it_does_not_take() {
    let mut app = App::in_memory(embedded::load().expect("embedded"), Lang::Ja, t0());
    let secretary = text(&draw(&app, 100, 30));
    assert!(secretary.contains("発言はまだありません（rで記録）"), "{secretary}");
    app.set_mode(Mode::Following("m.ron".into()));
    let projector = text(&draw(&app, 100, 30));
    assert!(projector.contains("発言はまだありません"), "{projector}");
    assert!(!projector.contains("rで記録"), "{projector}");
}
