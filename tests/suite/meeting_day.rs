//! The meeting day in a real terminal: the start screen opens the session
//! prepared days before, the projector follows every screen the secretary
//! shows and nothing 非公開, and no form drops a word.

use std::path::Path;
use std::time::Duration;

use crate::common::{Key, Screen};
use kpi_council::store::session_file;

fn at(now: &str) -> [(&'static str, String); 1] {
    [("KPI_COUNCIL_NOW", now.to_string())]
}

fn start(args: &[&str], dir: &Path, now: &str) -> Screen {
    let env = at(now);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Screen::start_with_env(args, 100, 30, dir, &env)
}

fn type_text(s: &mut Screen, text: &str) {
    s.send(text.as_bytes());
}

fn backspaces(s: &mut Screen, n: usize) {
    for _ in 0..n {
        s.key(Key::Backspace);
    }
}

#[test]
fn the_start_screen_opens_the_session_prepared_a_week_before() {
    let dir = tempfile::tempdir().expect("dir");
    // A week before: the secretariat prepares the meeting of 2019-05-20.
    let mut s = start(&[], dir.path(), "2019-05-13T10:00:00+09:00");
    s.wait_for("総覧");
    s.key(Key::Char(b'i'));
    s.wait_for("会議の情報");
    s.key(Key::Down);
    s.key(Key::Enter);
    s.wait_for("日付:");
    backspaces(&mut s, 12);
    type_text(&mut s, "令和元年5月20日");
    s.key(Key::Enter);
    s.wait_for("令和元年5月20日（月）");
    s.key(Key::Esc);
    // Esc and a key sent together would read as Alt+key: wait in between.
    s.wait_for("指標 × 年度");
    s.key(Key::Char(b'r'));
    s.wait_for("発言を記録");
    type_text(&mut s, "開会前に準備した発言");
    s.key(Key::Enter);
    s.wait_for("保存済み");
    s.key(Key::Char(b'q'));
    assert_eq!(s.wait_exit(), 0);
    let prepared = dir.path().join("sessions/2019-05-13-北見市.ron");
    assert!(prepared.exists(), "named after the day it was made, never renamed");

    // The meeting day: plain kpi-council shows the start screen, the
    // prepared session selected.
    let mut s = start(&[], dir.path(), "2019-05-20T13:55:00+09:00");
    let picker = s.wait_for("会議を選ぶ");
    assert!(picker.contains("令和元年5月20日"), "{picker}");
    assert!(picker.contains("sessions/2019-05-13-北見市.ron"), "the selected file:\n{picker}");
    s.key(Key::Enter);
    let opened = s.wait_for("総覧");
    assert!(opened.contains("2019-05-13-北見市.ron 保存済み"), "{opened}");
    s.key(Key::Char(b'\t'));
    assert!(s.wait_for("開会前に準備した発言").contains("発言 1"));
    s.key(Key::Esc);
    s.wait_for("Tab: 発言を選ぶ");
    s.key(Key::Char(b'q'));
    assert_eq!(s.wait_exit(), 0);
    let files: Vec<String> = std::fs::read_dir(dir.path().join("sessions"))
        .expect("sessions")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| Path::new(n).extension().is_some_and(|e| e == "ron"))
        .collect();
    assert_eq!(files, ["2019-05-13-北見市.ron"], "no empty session of the day was made");
}

#[test]
fn n_on_the_start_screen_names_a_new_meeting_after_its_date() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = start(&[], dir.path(), "2019-05-13T10:00:00+09:00");
    s.wait_for("総覧");
    s.key(Key::Char(b'q'));
    s.wait_exit();
    let mut s = start(&[], dir.path(), "2019-06-01T10:00:00+09:00");
    s.wait_for("会議を選ぶ");
    s.key(Key::Char(b'n'));
    s.wait_for("新しい会議の開催日");
    backspaces(&mut s, 12);
    type_text(&mut s, "2019/11/5");
    s.key(Key::Enter);
    // The meeting of 13 May is earlier: its action items are offered.
    s.wait_for("令和元年度 北見地域企業立地促進協議会（2019-05-13） の指摘事項を議題に入れますか");
    s.key(Key::Char(b'y'));
    let opened = s.wait_for("保存済み");
    assert!(opened.contains("2019-11-05-北見市.ron"), "{opened}");
    s.key(Key::Char(b'q'));
    assert_eq!(s.wait_exit(), 0);
    let session =
        session_file::load(&dir.path().join("sessions/2019-11-05-北見市.ron")).expect("created");
    assert_eq!(session.sheet.date, chrono::NaiveDate::from_ymd_opt(2019, 11, 5));
    let agenda = session.agenda.expect("an arranged agenda");
    assert!(
        matches!(&agenda[0], kpi_council::domain::session::AgendaItem::FollowUps { from, .. }
            if from.contains("令和元年5月13日")),
        "{agenda:?}"
    );
}

#[test]
fn the_projector_waits_then_follows_the_companies_and_never_shows_an_internal_remark() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::create_dir(dir.path().join("sessions")).expect("sessions");
    let mut projector = start(&["--follow"], dir.path(), "2019-05-20T13:55:00+09:00");
    projector.wait_for("待機中");
    let mut secretary = start(
        &["--session", "sessions/2019-05-20-北見市.ron"],
        dir.path(),
        "2019-05-20T14:00:00+09:00",
    );
    secretary.wait_for("保存済み");
    projector.wait_for("追従表示: 2019-05-20-北見市.ron");
    // From the agenda's 平成30年度 back to 平成28年度, off the agenda.
    secretary.key(Key::Left);
    secretary.key(Key::Left);
    secretary.key(Key::Enter);
    secretary.key(Key::Enter);
    secretary.wait_for("企業別内訳");
    projector.wait_for("企業別内訳");
    secretary.key(Key::Char(b'/'));
    type_text(&mut secretary, "ダミー");
    secretary.key(Key::Enter);
    let shown = secretary.wait_for("3件中 1件");
    let followed = projector.wait_for("3件中 1件");
    assert!(shown.contains("株式会社ダミークラウド"));
    assert!(followed.contains("株式会社ダミークラウド"), "{followed}");
    assert!(followed.contains("「ダミー」"), "the filter is shown too:\n{followed}");
    assert!(!followed.contains("架空データ工房"), "the same rows:\n{followed}");
    secretary.key(Key::Enter);
    let page = secretary.wait_for("› 株式会社ダミークラウド");
    let company = projector.wait_for("› 株式会社ダミークラウド");
    assert!(company.contains("東京都渋谷区"), "the company page:\n{company}\n{page}");

    // An internal remark stays off the projector; a public one appears.
    secretary.key(Key::Char(b'r'));
    secretary.wait_for("発言を記録");
    for _ in 0..4 {
        secretary.key(Key::Char(b'\t'));
    }
    secretary.key(Key::Space);
    secretary.wait_for("公開: 非公開");
    type_text(&mut secretary, "内密の件");
    secretary.key(Key::Enter);
    secretary.wait_for("保存済み");
    secretary.key(Key::Char(b'r'));
    secretary.wait_for("発言を記録");
    type_text(&mut secretary, "公開の発言");
    secretary.key(Key::Enter);
    let after = projector.wait_for("公開の発言");
    assert!(!after.contains("内密の件"), "{after}");
    std::thread::sleep(Duration::from_millis(600));
    assert!(!projector.text().contains("内密の件"));

    // A click on the projector changes nothing on it.
    projector.send(b"\x1b[<0;10;12M\x1b[<0;10;12m");
    std::thread::sleep(Duration::from_millis(300));
    assert!(projector.text().contains("公開の発言"));
    secretary.key(Key::Char(b'q'));
    assert_eq!(secretary.wait_exit(), 0);
    projector.key(Key::Char(b'q'));
    assert_eq!(projector.wait_exit(), 0);
}

#[test]
fn text_typed_on_any_field_of_either_form_is_kept() {
    let dir = tempfile::tempdir().expect("dir");
    let path = "sessions/m.ron";
    let mut s = start(&["--session", path], dir.path(), "2019-05-20T14:00:00+09:00");
    s.wait_for("保存済み");
    s.key(Key::Enter);
    // The remark editor: a word typed with each field focused.
    s.key(Key::Char(b'r'));
    s.wait_for("発言を記録");
    let words = ["話者欄で", "種別欄で", "対象欄で", "公開欄で", "本文で"];
    for word in words {
        s.key(Key::Char(b'\t'));
        type_text(&mut s, word);
    }
    s.key(Key::Enter);
    s.wait_for("保存済み");
    // The judgment form likewise, starting on each field in turn.
    s.key(Key::Char(b'v'));
    s.wait_for("評価（効果検証）を記録");
    for word in ["効果欄で", "方針欄で", "公開欄で", "理由欄で", "対象欄で"] {
        s.key(Key::Char(b'\t'));
        type_text(&mut s, word);
    }
    // Back to 効果 (the focus is on the reason): choose it and the policy.
    s.key(Key::Char(b'\t'));
    s.key(Key::Char(b'\t'));
    s.key(Key::Char(b'1'));
    s.key(Key::Char(b'1'));
    s.key(Key::Enter);
    s.wait_for("保存済み");
    s.key(Key::Char(b'q'));
    assert_eq!(s.wait_exit(), 0);
    let session = session_file::load(&dir.path().join(path)).expect("session");
    let remark = &session.remarks[0].text;
    assert_eq!(remark, &words.concat(), "every word, in order");
    assert!(!session.remarks[0].internal);
    let judgment = &session.judgments[0];
    assert_eq!(judgment.reason, "効果欄で方針欄で公開欄で理由欄で対象欄で");
    assert!(!judgment.internal, "typing on 公開/非公開 does not toggle it");
}

/// A judgment being typed when the program is killed comes back, as typed,
/// in its form at the next start.
#[test]
fn a_half_typed_judgment_survives_kill_9() {
    let dir = tempfile::tempdir().expect("dir");
    let args = ["--session", "sessions/m.ron"];
    let mut s = start(&args, dir.path(), "2019-05-20T14:00:00+09:00");
    s.wait_for("保存済み");
    s.key(Key::Enter);
    s.key(Key::Char(b'v'));
    s.wait_for("評価（効果検証）を記録");
    s.key(Key::Char(b'3'));
    s.key(Key::Char(b'1'));
    type_text(&mut s, "参加企業は増えている");
    s.wait_for("参加企業は増えている");
    // The draft is kept every two seconds while typing goes on.
    let draft = dir.path().join("sessions/m.ron.judgment-draft");
    let waited = std::time::Instant::now();
    while !draft.exists() && waited.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(draft.exists(), "the judgment's draft was written");
    let status = std::process::Command::new("kill")
        .args(["-KILL", &s.pid().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    s.wait_status();

    let mut s = start(&args, dir.path(), "2019-05-20T14:05:00+09:00");
    let back = s.wait_for("参加企業は増えている");
    assert!(back.contains("評価（効果検証）を記録"), "reopened in its form:\n{back}");
    assert!(back.contains("効果: 地方創生に効果があった"), "with the effect chosen:\n{back}");
    s.key(Key::Enter);
    s.wait_for("保存済み");
    s.key(Key::Char(b'q'));
    assert_eq!(s.wait_exit(), 0);
    let session = session_file::load(&dir.path().join("sessions/m.ron")).expect("session");
    assert_eq!(session.judgments[0].reason, "参加企業は増えている");
    assert!(!draft.exists(), "saved: the draft is gone");
}

/// Enter pressed twice to save a remark (or on the start screen): the
/// second was typed before the screen under the form was there to see,
/// and is not taken as meant for it. It once opened the item under the
/// overview; now the status line says the key was not used, and the
/// remark is recorded once.
#[test]
fn enter_pressed_twice_acts_on_no_screen_it_was_not_meant_for() {
    let dir = tempfile::tempdir().expect("dir");
    let path = "sessions/2019-05-20-北見市.ron";
    let mut s = start(&["--session", path], dir.path(), "2019-05-20T14:00:00+09:00");
    s.wait_for("保存済み");
    s.key(Key::Char(b'r'));
    s.wait_for("発言を記録");
    type_text(&mut s, "内訳を示してください");
    s.send(b"\r\r");
    let after = s.wait_for("保存中・読み込み中に押されたキーは使いませんでした");
    assert!(after.contains("総覧 ─ 指標 × 年度"), "still the overview:\n{after}");
    assert!(!after.contains("総覧 ›"), "the item was not opened:\n{after}");
    // A key typed once the overview is shown works as ever.
    s.key(Key::Char(b'\t'));
    s.wait_for("内訳を示してください");
    s.key(Key::Esc);
    s.wait_for("Tab: 発言を選ぶ");
    s.key(Key::Char(b'q'));
    assert_eq!(s.wait_exit(), 0);
    let session = session_file::load(&dir.path().join(path)).expect("session");
    assert_eq!(session.remarks.len(), 1, "recorded once");

    // The start screen: Enter twice opens the meeting, and only that.
    let mut s = start(&[], dir.path(), "2019-05-20T14:05:00+09:00");
    s.wait_for("会議を選ぶ");
    s.send(b"\r\r");
    let opened = s.wait_for("保存中・読み込み中に押されたキーは使いませんでした");
    assert!(opened.contains("総覧 ─ 指標 × 年度"), "the overview:\n{opened}");
    s.key(Key::Char(b'q'));
    assert_eq!(s.wait_exit(), 0);
}
