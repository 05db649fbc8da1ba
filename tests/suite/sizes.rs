//! Every screen at every size a terminal can have, and random key
//! sequences between resizes: nothing panics, and below the minimum the
//! screen says so instead of drawing a broken layout.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kpi_council::app::action::Action;
use kpi_council::app::state::App;
use kpi_council::app::update::{handle_key, handle_paste, update};
use kpi_council::i18n::Lang;
use kpi_council::store::embedded;
use kpi_council::ui::{MIN_HEIGHT, MIN_WIDTH, render};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app() -> App {
    let loaded = embedded::load().expect("embedded");
    let session = kpi_council::domain::session::Session::new(
        kpi_council::domain::session::Sheet::default(),
        kpi_council::domain::session::DataRefs::default(),
    );
    let now = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    App::new(loaded, Lang::Ja, session, now)
}

fn text(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().buffer().content().iter().map(ratatui::buffer::Cell::symbol).collect()
}

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| render(app, f)).expect("draw");
    text(&terminal)
}

const SCREENS: [&[Action]; 8] = [
    &[],
    &[Action::Enter],
    &[Action::Enter, Action::Enter],
    &[Action::Enter, Action::Enter, Action::Enter],
    &[Action::Minutes],
    &[Action::SessionSheet],
    &[Action::Help],
    &[Action::NewRemark],
];

#[test]
fn every_screen_at_the_edges_of_every_size() {
    let widths = [1, 2, 3, 10, 40, MIN_WIDTH - 1, MIN_WIDTH, MIN_WIDTH + 1, 80, 120, 200, 300];
    let heights = [1, 2, 5, MIN_HEIGHT - 1, MIN_HEIGHT, MIN_HEIGHT + 1, 24, 40, 100];
    for keys in SCREENS {
        let mut app = app();
        for key in keys {
            update(&mut app, *key);
        }
        for w in widths {
            for h in heights {
                let shown = draw(&app, w, h).replace(' ', "");
                let small = w < MIN_WIDTH || h < MIN_HEIGHT;
                if small && w >= 20 && h >= 2 {
                    assert!(
                        shown.contains("端末が小さすぎます"),
                        "{keys:?} at {w}x{h} should say it is too small: {shown}"
                    );
                }
                if !small {
                    assert!(!shown.contains("小さすぎ"), "{keys:?} at {w}x{h}");
                }
            }
        }
    }
}

fn key_strategy() -> impl Strategy<Value = KeyEvent> {
    let plain = |c: KeyCode| KeyEvent::new(c, KeyModifiers::NONE);
    prop_oneof![
        prop::sample::select(
            "jkhlq?rvtmeis/dunNx0123456789 あ北見"
                .chars()
                .map(|c| plain(KeyCode::Char(c)))
                .collect::<Vec<_>>()
        ),
        prop::sample::select(vec![
            plain(KeyCode::Enter),
            plain(KeyCode::Esc),
            plain(KeyCode::Tab),
            plain(KeyCode::BackTab),
            plain(KeyCode::Backspace),
            plain(KeyCode::Delete),
            plain(KeyCode::Up),
            plain(KeyCode::Down),
            plain(KeyCode::Left),
            plain(KeyCode::Right),
            plain(KeyCode::PageUp),
            plain(KeyCode::PageDown),
            plain(KeyCode::Home),
            plain(KeyCode::End),
            KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
            KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT),
        ]),
    ]
}

#[derive(Debug, Clone)]
enum Step {
    Key(KeyEvent),
    Paste(String),
    Draw(u16, u16),
}

fn step_strategy() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => key_strategy().prop_map(Step::Key),
        1 => "[a-zあ-ん\n\u{1b}\u{202e}]{0,12}".prop_map(Step::Paste),
        3 => (1u16..=300, 1u16..=100).prop_map(|(w, h)| Step::Draw(w, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random keys, pastes and sizes in any order: every frame draws
    /// without a panic, at every size from 1x1 to 300x100.
    #[test]
    fn random_keys_at_random_sizes(steps in prop::collection::vec(step_strategy(), 1..40)) {
        let mut app = app();
        for step in steps {
            match step {
                Step::Key(key) => {
                    handle_key(&mut app, key);
                }
                Step::Paste(text) => {
                    handle_paste(&mut app, &text);
                }
                Step::Draw(w, h) => {
                    draw(&app, w, h);
                }
            }
            if app.quit {
                break;
            }
        }
    }
}
