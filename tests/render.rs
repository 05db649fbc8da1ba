//! Snapshots of every screen of the walking skeleton, drawn into a test
//! backend at 80x24 and 120x40. Reviewed by eye when accepted.

use insta::assert_snapshot;
use kpi_council::app::action::Action;
use kpi_council::app::state::App;
use kpi_council::app::update::update;
use kpi_council::i18n::Lang;
use kpi_council::store::embedded;
use kpi_council::ui::render;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app(lang: Lang) -> App {
    App::new(embedded::load().expect("embedded default"), lang)
}

fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(|f| render(app, f)).expect("draw");
    terminal
}

fn with(actions: &[Action], lang: Lang) -> App {
    let mut app = app(lang);
    for a in actions {
        update(&mut app, *a);
    }
    app
}

#[test]
fn overview_80x24() {
    let app = with(&[Action::Down, Action::Right], Lang::Ja);
    assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn overview_120x40() {
    let app = with(&[], Lang::Ja);
    assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn item_80x24() {
    // 新規移動人数 平成30年度: a stated total with a partial breakdown.
    let app = with(&[Action::Enter, Action::Right, Action::Right], Lang::Ja);
    assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn item_120x40() {
    let app = with(&[Action::Enter, Action::NextItem], Lang::Ja);
    assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn item_without_target_80x24() {
    let app = with(&[Action::Down, Action::Enter], Lang::Ja);
    assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn help_80x24() {
    let app = with(&[Action::Enter, Action::Help], Lang::Ja);
    assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn overview_english_80x24() {
    let app = with(&[], Lang::En);
    assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn too_small() {
    let app = with(&[], Lang::Ja);
    assert_snapshot!(draw(&app, 40, 10).backend());
}

#[test]
fn every_size_draws_without_panic() {
    let apps =
        [with(&[], Lang::Ja), with(&[Action::Enter], Lang::Ja), with(&[Action::Help], Lang::En)];
    for app in &apps {
        for w in [1, 2, 10, 59, 60, 61, 79, 80, 81, 200] {
            for h in [1, 2, 8, 15, 16, 17, 23, 24, 60] {
                draw(app, w, h);
            }
        }
    }
}

fn companies_of(kpi: usize, year: usize, lang: Lang) -> App {
    let mut app = app(lang);
    app.cursor = kpi_council::app::state::Cursor { kpi, year };
    update(&mut app, Action::Enter);
    update(&mut app, Action::Enter);
    app
}

#[test]
fn companies_80x24() {
    // 新規移動人数 平成29年度: nine companies, one with a very long name.
    let mut app = companies_of(0, 1, Lang::Ja);
    update(&mut app, Action::Down);
    assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn companies_120x40_with_stated_total() {
    // 新規移動人数 平成30年度: 33 of the stated 36 broken down by company.
    let app = companies_of(0, 2, Lang::Ja);
    assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn companies_filter_without_match_80x24() {
    let mut app = companies_of(0, 1, Lang::Ja);
    update(&mut app, Action::Filter);
    for c in "大阪".chars() {
        kpi_council::app::update::handle_key(
            &mut app,
            crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            ),
        );
    }
    assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn company_with_long_name_80x24() {
    // The long-named company: first by name sort? Select it by moving to it.
    let mut app = companies_of(0, 1, Lang::Ja);
    let long = app.data().ledger.company_position("m09").expect("m09");
    let row = match app.screen() {
        kpi_council::app::state::Screen::Companies(v) => v
            .list
            .rows
            .iter()
            .position(|&i| app.data().actuals.contributions[i].company == "m09")
            .expect("m09 contributes in 2017"),
        _ => panic!("companies screen"),
    };
    for _ in 0..row {
        update(&mut app, Action::Down);
    }
    update(&mut app, Action::Enter);
    match app.screen() {
        kpi_council::app::state::Screen::Company(v) => assert_eq!(v.company, long),
        _ => panic!("company screen"),
    }
    assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn company_120x40() {
    let mut app = companies_of(0, 1, Lang::Ja);
    update(&mut app, Action::Down);
    update(&mut app, Action::Enter);
    assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn companies_english_80x24() {
    let app = companies_of(1, 2, Lang::En);
    assert_snapshot!(draw(&app, 80, 24).backend());
}
