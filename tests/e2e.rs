//! The real binary in a pseudo-terminal: the walking skeleton as a user
//! meets it.

mod common;

use common::{Key, Screen};

#[test]
fn step_through_every_item_and_quit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = Screen::start(&[], 80, 24, dir.path());
    let first = s.wait_for("総覧");
    assert!(first.contains("サンプル"), "sample data are labelled:\n{first}");
    assert!(first.contains("新規移動人数"));
    assert!(first.contains("議題 1 / 9"));

    s.key(Key::Enter);
    s.wait_for("総覧 › 新規移動人数 › 平成28年度 (2016)");
    for _ in 0..8 {
        s.key(Key::Space);
    }
    let last = s.wait_for("議題 9 / 9");
    assert!(last.contains("進出企業数 › 平成30年度 (2018)"), "{last}");
    assert!(last.contains("200.0%"), "the last item's rate is shown:\n{last}");
    assert!(last.contains("達成"));

    s.key(Key::Space);
    s.wait_for("最後の議題です");
    s.key(Key::PageUp);
    s.wait_for("議題 8 / 9");

    s.key(Key::Char(b'?'));
    s.wait_for("キー操作");
    s.key(Key::Esc);
    s.wait_gone("キー操作");
    s.key(Key::Esc);
    s.wait_for("指標 × 年度");

    s.key(Key::Char(b'q'));
    assert_eq!(s.wait_exit(), 0);
    assert!(s.restored(), "the alternate screen was left on quit");
}

#[test]
fn english_interface() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = Screen::start(&["--lang", "en"], 100, 30, dir.path());
    let text = s.wait_for("Overview");
    assert!(text.contains("SAMPLE"));
    assert!(text.contains("FY2018"));
    s.key(Key::Char(b'q'));
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = Screen::start(&[], 80, 24, dir.path());
    s.wait_for("総覧");
    let pid = s.pid();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    assert_eq!(s.wait_exit(), 143);
    assert!(s.restored());
}

#[test]
fn drill_down_to_a_company_filtering_in_japanese_and_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = Screen::start(&[], 80, 24, dir.path());
    s.wait_for("総覧");
    s.key(Key::Enter);
    s.wait_for("新規移動人数 › 平成28年度");
    s.key(Key::Enter);
    let list = s.wait_for("企業別内訳");
    assert!(list.contains("3件中 3件"), "{list}");
    assert!(list.contains("合計"));
    assert!(list.contains("12人"), "the total matches the item:\n{list}");

    s.send(b"/");
    s.wait_for("Enter: 決定");
    s.send("港区".as_bytes());
    let filtered = s.wait_for("3件中 1件");
    assert!(filtered.contains("株式会社サンプルシステム"), "{filtered}");
    assert!(!filtered.contains("架空データ工房"), "{filtered}");
    s.key(Key::Enter);
    s.wait_gone("Enter: 決定");
    s.key(Key::Enter);
    let company = s.wait_for("本社所在地: 東京都港区");
    assert!(company.contains("進出企業数"), "the company across every KPI:\n{company}");

    s.key(Key::Esc);
    s.wait_for("3件中 1件");
    s.key(Key::Esc);
    s.wait_for("年度別の目標と実績");
    s.key(Key::Esc);
    s.wait_for("指標 × 年度");
    s.key(Key::Char(b'q'));
    assert_eq!(s.wait_exit(), 0);
}
