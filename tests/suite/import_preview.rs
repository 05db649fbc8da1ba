//! `import actuals FILE --preview`: the sheet as read, each row's fate and
//! the totals, at 80x24, Japanese by default; Enter writes, Esc does not.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kpi_council::app::preview::{Decision, Preview};
use kpi_council::i18n::Lang;
use kpi_council::import::actuals::Options;
use kpi_council::import::{SheetChoice, read_actuals};
use kpi_council::store::embedded;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::common::{Key, Screen};

fn file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/actuals").join(name)
}

fn preview(name: &str, lang: Lang) -> Preview {
    let plan = embedded::plan().expect("plan").0;
    let imported =
        read_actuals(&file(name), &plan, &SheetChoice::Default, &Options::default()).expect("read");
    let mut rec = imported.reconciliation;
    rec.file = name.to_string();
    Preview::new(rec, lang)
}

fn draw(p: &Preview) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|f| kpi_council::ui::reconciliation::render(p, f)).expect("draw");
    terminal
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn the_preview_shows_each_rows_fate_and_the_totals_in_japanese() {
    let mut p = preview("subtotals.ods", Lang::Ja);
    for _ in 0..4 {
        assert_eq!(p.key(key(KeyCode::Down)), None);
    }
    insta::assert_snapshot!(draw(&p).backend());
}

/// Each KPI's totals line ends with its check at 80 columns, in either
/// language: it was cut (一… in Japanese, "equ…" in English), the name of
/// the KPI now giving way first.
#[test]
fn the_totals_lines_end_with_their_check_at_80_columns() {
    for (lang, check) in [(Lang::Ja, "一致"), (Lang::En, "equal")] {
        let p = preview("subtotals.ods", lang);
        let screen = draw(&p).backend().to_string();
        let totals: Vec<&str> = screen.lines().filter(|l| l.contains(" → ")).collect();
        assert!(!totals.is_empty(), "{lang:?}:\n{screen}");
        for line in totals {
            let text = line.split('"').nth(1).unwrap_or_default().trim_end();
            assert!(text.ends_with(check), "{lang:?}: {text}");
        }
    }
}

#[test]
fn a_refused_import_shows_its_first_refused_row_in_english() {
    let p = preview("errors.xlsx", Lang::En);
    assert_eq!(p.row, 2, "the first refused row is selected");
    // Each column's field whole in its heading (it read "B fiscal_ye…").
    let screen = draw(&p).backend().to_string();
    let head = screen.lines().nth(1).unwrap_or_default();
    assert!(head.contains("B year "), "{head}");
    insta::assert_snapshot!(draw(&p).backend());
}

#[test]
fn enter_writes_only_an_import_without_errors() {
    let mut good = preview("subtotals.xlsx", Lang::Ja);
    assert_eq!(good.key(key(KeyCode::Enter)), Some(Decision::Write));
    let mut refused = preview("errors.xlsx", Lang::Ja);
    assert_eq!(refused.key(key(KeyCode::Enter)), None);
    assert_eq!(refused.key(key(KeyCode::Esc)), Some(Decision::Discard));
}

#[test]
fn tab_steps_through_the_sheets_read() {
    let plan = embedded::plan().expect("plan").0;
    let imported =
        read_actuals(&file("per-year.ods"), &plan, &SheetChoice::All, &Options::default())
            .expect("read");
    let mut p = Preview::new(imported.reconciliation, Lang::Ja);
    assert_eq!(p.sheet, 0);
    p.key(key(KeyCode::Tab));
    assert_eq!(p.sheet, 1);
    let text = format!("{:?}", draw(&p).backend());
    assert!(text.contains("平成29年度 (シート 2/3)"), "{text}");
}

#[test]
fn in_a_terminal_esc_writes_nothing_and_enter_writes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = file("subtotals.xlsx");
    let source = source.to_str().expect("path");
    let out = dir.path().join("actuals.ron");
    let out_arg = out.to_str().expect("path");
    let args = ["import", "actuals", source, "-o", out_arg, "--preview"];
    let mut s = Screen::start(&args, 80, 24, dir.path());
    s.wait_for("取り込みの確認");
    s.wait_for("一致");
    s.key(Key::Esc);
    assert_eq!(s.wait_exit(), 0);
    assert!(!out.exists(), "Esc writes nothing");
    let mut s = Screen::start(&args, 80, 24, dir.path());
    s.wait_for("Enter 書き出す");
    s.key(Key::Enter);
    assert_eq!(s.wait_exit(), 0);
    let written = std::fs::read_to_string(&out).expect("Enter writes");
    assert!(written.contains("企業 4 社、実績の内訳 5 件、合計値 2 件"), "{written}");
}

/// SIGTERM while the preview is shown: the screen gives the terminal back
/// (raw mode, the alternate screen) before the program ends by the
/// signal, and nothing is written.
#[test]
fn a_signal_during_the_preview_restores_the_terminal_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = file("subtotals.xlsx");
    let out = dir.path().join("actuals.ron");
    let args = [
        "import",
        "actuals",
        source.to_str().expect("path"),
        "-o",
        out.to_str().expect("path"),
        "--preview",
    ];
    let mut s = Screen::start(&args, 80, 24, dir.path());
    s.wait_for("取り込みの確認");
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &s.pid().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let status = s.wait_status();
    assert!(status.signal().is_some(), "ended by the signal: {status:?}");
    assert!(s.restored(), "the terminal is given back first");
    assert!(!out.exists(), "nothing written");
}

/// The first warning shows above the keys: a file read with a doubt (a
/// company written once 株式会社… and once (株)…) says so before Enter.
#[test]
fn the_preview_shows_the_first_warning() {
    let p = preview("legal-forms.xlsx", Lang::Ja);
    assert!(p.can_write(), "no error");
    let screen = format!("{}", draw(&p).backend());
    let line = screen.lines().rev().nth(1).expect("the line above the keys");
    assert!(line.contains("警告 (1): ") && line.contains("(株)サンプル東京"), "{screen}");
}
