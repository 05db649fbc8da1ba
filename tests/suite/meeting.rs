//! The meeting as the secretary drives it, without a terminal: remarks,
//! judgments, undo, drafts and resuming, through the same `update` the
//! keys go to.

use chrono::{DateTime, Duration};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kpi_council::app::action::Action;
use kpi_council::app::state::Overlay;
use kpi_council::commands::meeting;
use kpi_council::domain::fiscal::FiscalYear;
use kpi_council::domain::session::{JudgmentTarget, RemarkKind, Stamp, Target};
use kpi_council::i18n::Lang;
use kpi_council::runtime::Meeting;
use kpi_council::store::embedded;
use kpi_council::store::session_store::SessionStore;

fn t0() -> Stamp {
    DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time")
}

fn type_text(app: &mut Meeting, text: &str) {
    for c in text.chars() {
        app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn press(app: &mut Meeting, code: KeyCode) {
    app.key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Opens the session `m.ron` in `dir`. Tests that reopen a session the
/// test dropped a moment ago wait for its lock: another test of this
/// binary starting a child process (the pty and document tests) holds a
/// copy of every open descriptor, the lock's too, from its fork until its
/// exec, and an flock lasts while any copy is open. Only the tests run
/// side by side in one process see this; a meeting is its own process.
fn open(dir: &std::path::Path) -> Meeting {
    open_at(dir, t0())
}

/// [`open`] with the clock at `now`.
fn open_at(dir: &std::path::Path, now: Stamp) -> Meeting {
    let path = dir.join("m.ron");
    let settings = kpi_council::config::Settings::plain(Lang::Ja);
    let mut tries = 0;
    loop {
        match meeting::open(embedded::load().expect("embedded"), &settings, Some(&path), now) {
            Ok(app) => return app,
            Err(e)
                if (e.0.contains("別の kpi-council で開かれています")
                    || e.0.contains("open in another kpi-council"))
                    && tries < 50 =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Err(e) => panic!("open: {}", e.0),
        }
    }
}

#[test]
fn judgments_on_an_item_and_on_the_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    // The meeting starts on its agenda (平成30年度); back to the first year.
    app.update(Action::Left);
    app.update(Action::Left);
    app.update(Action::Enter); // item: 新規移動人数 平成28年度
    app.update(Action::Judgment);
    assert!(matches!(app.overlay, Some(Overlay::Judgment(_))));
    press(&mut app, KeyCode::Char('2')); // 地方創生に相当程度効果があった
    press(&mut app, KeyCode::Char('2')); // 改善して継続
    type_text(&mut app, "目標を上回った");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none());
    let item =
        JudgmentTarget::Item { kpi: "新規移動人数".into(), fiscal_year: FiscalYear(2016) };
    let j = app.session().judgment(&item).expect("recorded");
    assert_eq!(j.effect, "地方創生に相当程度効果があった");
    assert_eq!(j.policy, "改善して継続");
    assert_eq!(j.reason, "目標を上回った");

    app.update(Action::Back);
    app.update(Action::Judgment); // on the overview: the plan as a whole
    // The effect alone is not a judgment: the form stays, saying why.
    type_text(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Some(Overlay::Judgment(_))));
    assert_eq!(
        app.notice().map(|n| n.text.as_str()),
        Some("効果と今後の方針を番号で選んでから保存してください")
    );
    assert_eq!(app.session().judgment(&JudgmentTarget::Plan), None);
    type_text(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.session().judgment(&JudgmentTarget::Plan).map(|j| j.effect.as_str()),
        Some("地方創生に非常に効果的であった")
    );

    // What was recorded is on disk.
    let back = SessionStore::read_back(&dir.path().join("m.ron")).expect("read back");
    assert_eq!(back.judgments.len(), 2);
}

/// The meeting continued on a laptop whose clock is ten minutes behind
/// (or after a time server stepped the clock back): what is said next is
/// listed after what was said before, on the screen, in the file and in
/// the minutes, and the status line says the clock is behind.
#[test]
fn a_clock_put_back_keeps_the_remarks_in_the_order_they_were_made() {
    let dir = tempfile::tempdir().expect("temp dir");
    let say = |app: &mut Meeting, text: &str| {
        app.update(Action::NewRemark);
        type_text(app, text);
        press(app, KeyCode::Enter);
    };
    {
        let mut app = open_at(dir.path(), t0() + Duration::minutes(10));
        say(&mut app, "一番目の発言");
        app.tick(t0() + Duration::minutes(11));
        say(&mut app, "二番目の発言");
        // The clock is stepped back while the meeting runs.
        app.tick(t0() + Duration::minutes(5));
        say(&mut app, "三番目の発言");
        let notice = app.notice().map(|n| (n.text.clone(), n.error));
        assert_eq!(
            notice,
            Some((
                "時計（14:05:00）が前の発言より遅れています。順を保ち 14:11:00 で記録しました。時計を確かめてください".into(),
                true
            ))
        );
        app.close();
    }
    // Continued on a laptop whose clock is behind.
    let mut app = open_at(dir.path(), t0());
    say(&mut app, "四番目の発言");
    let order = ["一番目の発言", "二番目の発言", "三番目の発言", "四番目の発言"];
    let texts: Vec<&str> = app.session().remarks.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, order);
    let screen = crate::common::drawn_text(&app, 120, 40);
    let places: Vec<usize> = order.iter().map(|t| screen.find(t).expect(t)).collect();
    assert!(places.is_sorted(), "listed in the order said:\n{screen}");
    app.close();
    let back = SessionStore::read_back(&dir.path().join("m.ron")).expect("read back");
    let texts: Vec<&str> = back.remarks.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, order);
    let out = dir.path().join("m.md");
    crate::common::kpi_council()
        .args(["export", "--format", "md", "-o"])
        .arg(&out)
        .arg(dir.path().join("m.ron"))
        .assert()
        .success();
    let minutes = std::fs::read_to_string(&out).expect("minutes");
    let places: Vec<usize> = order.iter().map(|t| minutes.find(t).expect(t)).collect();
    assert!(places.is_sorted(), "the minutes in the order said:\n{minutes}");
    assert!(minutes.contains("14:11 〔意見〕発言者未指定：四番目の発言"), "{minutes}");
}

/// The session file renamed (or deleted) while the meeting runs: it is
/// written again whole at once, and said, not only at the close; a crash
/// after it loses nothing, and no journal is left without its file.
#[test]
fn a_session_moved_while_the_meeting_runs_is_written_again_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.ron");
    let mut app = open(dir.path());
    for text in ["移動前の発言", "ジャーナルだけの発言"] {
        app.update(Action::NewRemark);
        type_text(&mut app, text);
        press(&mut app, KeyCode::Enter);
    }
    std::fs::rename(&path, dir.path().join("名前を変えた.ron")).expect("rename");
    app.tick(t0() + Duration::seconds(1));
    assert_eq!(
        app.notice().map(|n| (n.text.as_str(), n.error)),
        Some((
            "セッションファイルが移動か削除されたため、元の場所に書き直しました（移動先の写しは古いままです）",
            true
        ))
    );
    let written = kpi_council::store::session_file::load(&path).expect("written again");
    let texts: Vec<&str> = written.remarks.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["移動前の発言", "ジャーナルだけの発言"]);
    drop(app); // a crash
    let back = SessionStore::read_back(&path).expect("read back");
    assert_eq!(back.remarks.len(), 2);
}

/// The sessions folder swapped under the meeting (a USB stick pulled and
/// its mount point left, the folder renamed and made again): the session
/// is written again where it was, and the meeting holds the lock there
/// too, so that a second program opening that session is refused rather
/// than recording beside it (it held the lock of the folder gone only).
#[test]
fn a_session_written_again_in_a_new_folder_is_still_locked_there() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.ron");
    let mut app = open(dir.path());
    app.update(Action::NewRemark);
    type_text(&mut app, "抜く前の発言");
    press(&mut app, KeyCode::Enter);
    let gone = tempfile::tempdir().expect("temp dir");
    for name in ["m.ron", "m.ron.lock", "m.ron.journal"] {
        std::fs::rename(dir.path().join(name), gone.path().join(name)).expect("move");
    }
    app.tick(t0() + Duration::seconds(1));
    assert!(path.exists(), "written again where it was");
    let second = kpi_council::store::lock::Lock::acquire(&path, "second");
    let Err(kpi_council::store::lock::LockError::Held { holder, .. }) = second else {
        panic!("a second program must be refused while the meeting runs");
    };
    assert!(holder.contains(&format!("pid {}", std::process::id())), "{holder}");
}

/// The `.lock` file alone deleted while the meeting runs (by hand, a
/// cleaning tool; the session stays): taken again at the next tick, so a
/// second program is refused rather than let record beside the meeting.
#[test]
fn a_lock_file_deleted_under_the_meeting_is_taken_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.ron");
    let mut app = open(dir.path());
    app.update(Action::NewRemark);
    type_text(&mut app, "消される前の発言");
    press(&mut app, KeyCode::Enter);
    std::fs::remove_file(dir.path().join("m.ron.lock")).expect("remove the lock");
    app.tick(t0() + Duration::seconds(1));
    let second = kpi_council::store::lock::Lock::acquire(&path, "second");
    let Err(kpi_council::store::lock::LockError::Held { holder, .. }) = second else {
        panic!("a second program must be refused while the meeting runs");
    };
    assert!(holder.contains(&format!("pid {}", std::process::id())), "{holder}");
}

/// After a crash, `check` and the next start count the journal's changes
/// alike: where the presenter moved is not a change to recover.
#[test]
fn check_counts_the_journals_changes_as_the_next_start_recovers_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    app.update(Action::NewRemark);
    type_text(&mut app, "落ちる前の発言");
    press(&mut app, KeyCode::Enter);
    app.update(Action::Down);
    app.update(Action::Enter);
    drop(app); // a crash
    let checked = crate::common::kpi_council()
        .args(["--lang", "en", "check"])
        .arg(dir.path().join("m.ron"))
        .assert()
        .success();
    let out = String::from_utf8_lossy(&checked.get_output().stdout).into_owned();
    assert!(out.contains("; its journal holds 1 more changes, folded in when"), "{out}");
    let app = open(dir.path());
    assert_eq!(
        app.notice().map(|n| n.text.as_str()),
        Some("前回の終了時に保存途中だった変更 1 件を復元しました")
    );
}

#[test]
fn undo_reverses_the_last_change_and_keeps_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    app.update(Action::NewRemark);
    type_text(&mut app, "取り消す発言");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session().live_remarks().count(), 1);
    app.update(Action::Undo);
    assert_eq!(app.session().live_remarks().count(), 0, "undone");
    assert_eq!(app.session().remarks.len(), 1, "but kept in the file as deleted");
    app.update(Action::Undo);
    assert_eq!(app.notice().map(|n| n.text.as_str()), Some("元に戻す変更はありません"));
    let back = SessionStore::read_back(&dir.path().join("m.ron")).expect("read back");
    assert!(back.remarks[0].trail().deleted.is_some());
}

#[test]
fn deleting_a_selected_remark_and_undoing_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    app.update(Action::Enter);
    for text in ["一つ目", "二つ目"] {
        app.update(Action::NewRemark);
        type_text(&mut app, text);
        press(&mut app, KeyCode::Enter);
    }
    app.update(Action::Remarks);
    assert_eq!(app.remark_focus, Some(1), "the newest is selected first");
    app.update(Action::Up);
    app.update(Action::Delete);
    let live: Vec<&str> = app.session().live_remarks().map(|r| r.text.as_str()).collect();
    assert_eq!(live, ["二つ目"]);
    app.update(Action::Undo);
    let live: Vec<&str> = app.session().live_remarks().map(|r| r.text.as_str()).collect();
    assert_eq!(live, ["一つ目", "二つ目"]);
}

#[test]
fn the_text_being_typed_survives_a_crash() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let mut app = open(dir.path());
        app.update(Action::Enter);
        app.update(Action::NewRemark);
        type_text(&mut app, "途中まで打った発言");
        app.tick(t0() + Duration::seconds(3));
        // The program dies here: no close, no save of the remark.
        drop(app);
    }
    let draft = std::fs::read_to_string(dir.path().join("m.ron.draft")).expect("draft written");
    assert!(draft.contains("途中まで打った発言"));
}

/// A clock stepped back while a remark is typed (a time server, a clock
/// set by hand) does not stop its draft being kept until the clock is
/// back where it was.
#[test]
fn the_text_being_typed_survives_a_crash_after_the_clock_was_put_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open_at(dir.path(), t0() + Duration::minutes(10));
    app.update(Action::NewRemark);
    type_text(&mut app, "時計が戻った後に打った発言");
    app.tick(t0() + Duration::minutes(5));
    app.tick(t0() + Duration::minutes(5) + Duration::seconds(3));
    let draft = std::fs::read_to_string(dir.path().join("m.ron.draft")).unwrap_or_default();
    assert!(draft.contains("時計が戻った後に打った発言"), "draft: {draft:?}");
    drop(app);
}

#[test]
fn a_draft_is_restored_on_the_next_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let mut app = open(dir.path());
        app.update(Action::NewRemark);
        type_text(&mut app, "次回に続く");
        app.save_draft();
        drop(app); // ends without saving the remark (a crash)
    }
    let app = open(dir.path());
    let Some(Overlay::Remark(editor)) = &app.overlay else { panic!("the editor reopens") };
    assert_eq!(editor.value(), "次回に続く");
    assert_eq!(app.notice().map(|n| n.text.as_str()), Some("前回の入力途中の発言を復元しました"));
}

#[test]
fn a_session_recorded_against_other_data_warns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.ron");
    {
        let mut app = open(dir.path());
        app.close();
    }
    let text = std::fs::read_to_string(&path).expect("file");
    let (_, source) = embedded::actuals().expect("actuals");
    assert!(text.contains(&source.sha256), "{text}");
    std::fs::write(&path, text.replace(&source.sha256, &"0".repeat(64))).expect("edit");
    let app = open(dir.path());
    assert_eq!(app.changed_data, vec!["実績"]);
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("terminal");
    terminal.draw(|f| kpi_council::ui::render(&app, f)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let line: String =
        (0..100).map(|x| buffer[(x, 1)].symbol().to_string()).collect::<String>().replace(' ', "");
    assert!(line.contains("注意:記録時から実績ファイルが変わっています"), "{line}");
}

#[test]
fn a_remark_typed_before_choosing_a_speaker_is_unspecified_and_can_be_set_later() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    let mut sheet = app.session().sheet.clone();
    sheet.attendees.push(kpi_council::domain::session::Attendee {
        id: "a1".into(),
        name: "山田".into(),
        affiliation: String::new(),
        role: kpi_council::domain::session::Role::Chair,
        absent: false,
        signer: false,
    });
    app.commit(kpi_council::domain::session::Op::SetSheet(sheet));
    app.update(Action::NewRemark);
    type_text(&mut app, "誰かの発言");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session().remarks[0].speaker, None);
    assert_eq!(app.session().remarks[0].target, Target::Meeting);
    app.update(Action::Remarks);
    app.update(Action::Enter);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Enter);
    let r = &app.session().remarks[0];
    assert_eq!(r.speaker.as_deref(), Some("a1"));
    assert_eq!(r.kind, RemarkKind::Question);
    assert_eq!(r.trail().history.len(), 1);
}

/// A remark meant 非公開, keyed one Tab short of the switch (`Tab 1 Tab 2
/// Tab Space`, the focus on 対象): saved 非公開 with nothing typed into it,
/// and the status line says so; a public remark is saved without a word.
#[test]
fn a_remark_keyed_one_tab_short_of_the_switch_is_still_internal_and_said_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    app.update(Action::NewRemark);
    for code in [KeyCode::Tab, KeyCode::Char('0'), KeyCode::Tab, KeyCode::Char('2')] {
        press(&mut app, code);
    }
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char(' '));
    type_text(&mut app, "個社の数字は公表前です");
    press(&mut app, KeyCode::Enter);
    let r = &app.session().remarks[0];
    assert!(r.internal, "saved 非公開");
    assert_eq!(r.text, "個社の数字は公表前です");
    assert_eq!(r.kind, RemarkKind::Question);
    let notice = app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("非公開で保存しました"), "{notice}");
    app.update(Action::NewRemark);
    type_text(&mut app, "公開の発言");
    press(&mut app, KeyCode::Enter);
    assert!(!app.session().remarks[1].internal);
    assert!(app.notice().is_none_or(|n| !n.text.contains("非公開")), "nothing said of 公開");
}

/// A 非公開 judgment or remark saved again as 公開 is said: Space on a
/// field above the text switches it, and a reason added with a leading
/// (full-width) space on the form as it opens, on 効果, published it
/// without a word.
#[test]
fn a_non_public_judgment_or_remark_saved_public_is_said() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    app.update(Action::Judgment); // the plan as a whole
    for code in [KeyCode::Char('1'), KeyCode::Char('1'), KeyCode::Char(' ')] {
        press(&mut app, code);
    }
    type_text(&mut app, "個社の数字による");
    press(&mut app, KeyCode::Enter);
    assert!(app.session().judgment(&JudgmentTarget::Plan).is_some_and(|j| j.internal));
    app.update(Action::Judgment);
    type_text(&mut app, "\u{3000}なお公表前");
    press(&mut app, KeyCode::Enter);
    let j = app.session().judgment(&JudgmentTarget::Plan).expect("recorded");
    assert!(!j.internal);
    let notice = app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("公開で保存しました（公開版の議事録に載ります）"), "{notice}");
    assert!(!notice.contains("非公開"), "{notice}");

    app.update(Action::NewRemark);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char(' '));
    type_text(&mut app, "公表前の数字");
    press(&mut app, KeyCode::Enter);
    assert!(app.session().remarks[0].internal);
    app.update(Action::Remarks);
    app.update(Action::Enter);
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    assert!(!app.session().remarks[0].internal);
    let notice = app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("公開で保存しました"), "{notice}");
    // Saved 公開 again, it is not said again.
    app.update(Action::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(app.notice().is_none_or(|n| !n.text.contains("公開で保存")), "said once");
}

/// An absent member (欠席) is never named as speaking: the editor numbers
/// those present only, on screen and for the keys alike.
#[test]
fn the_speaker_is_chosen_among_those_present() {
    use kpi_council::domain::session::{Attendee, Op, Role};
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    let mut sheet = app.session().sheet.clone();
    let mut absent = Attendee::new("a1", "欠席 一郎", "", Role::Member);
    absent.absent = true;
    sheet.attendees.push(absent);
    sheet.attendees.push(Attendee::new("a2", "出席 花子", "", Role::Member));
    app.commit(Op::SetSheet(sheet));
    app.update(Action::NewRemark);
    // Tab: the speaker, its choices shown.
    press(&mut app, KeyCode::Tab);
    let screen = crate::common::drawn_text(&app.app, 120, 40);
    assert!(screen.contains("1出席花子"), "the first present is 1: {screen}");
    assert!(!screen.contains("欠席一郎"), "the absent one is not offered");
    press(&mut app, KeyCode::Char('1'));
    type_text(&mut app, "出席者の発言");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session().remarks[0].speaker.as_deref(), Some("a2"));
    // ← → go round 未指定 and those present only.
    app.update(Action::NewRemark);
    press(&mut app, KeyCode::Tab);
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    type_text(&mut app, "次の発言");
    press(&mut app, KeyCode::Enter);
    // From 未指定: 出席 花子, 未指定, 出席 花子 (with the absent one among
    // them it would be 欠席 一郎, 出席 花子, 未指定).
    assert_eq!(app.session().remarks[1].speaker.as_deref(), Some("a2"));
    // The session sheet gives each the same number; the absent one none.
    app.update(Action::SessionSheet);
    let sheet = crate::common::drawn_text(&app.app, 120, 40);
    assert!(sheet.contains("－欠席一郎"), "{sheet}");
    assert!(sheet.contains("1出席花子"), "{sheet}");
}

#[test]
fn e_exports_the_minutes_next_to_the_session_and_asks_before_replacing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    app.update(Action::NewRemark);
    type_text(&mut app, "議事録に載る発言");
    press(&mut app, KeyCode::Enter);
    app.update(Action::Export);
    assert!(app.overlay.is_some(), "the checklist comes first");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.notice().map(|n| n.text.as_str()), None, "the meeting goes on");
    app.wait_for_export();
    let md = dir.path().join("m-minutes.md");
    let html = dir.path().join("m-minutes-public.html");
    let xlsx = dir.path().join("m-minutes.xlsx");
    let docx = dir.path().join("m-minutes.docx");
    let public_docx = dir.path().join("m-minutes-public.docx");
    for p in [&md, &html, &xlsx, &docx, &public_docx] {
        assert!(p.exists(), "{} written", p.display());
    }
    assert!(std::fs::read_to_string(&md).expect("md").contains("議事録に載る発言"));
    assert!(app.notice().is_some_and(|n| n.text.starts_with("議事録を書き出しました")));

    app.update(Action::NewRemark);
    type_text(&mut app, "後から加えた発言");
    press(&mut app, KeyCode::Enter);
    app.update(Action::Export);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.notice().map(|n| n.text.as_str()),
        Some("議事録ファイルが既にあります。もう一度 e で上書きします")
    );
    assert!(
        !std::fs::read_to_string(&md).expect("md").contains("後から加えた発言"),
        "not yet replaced"
    );
    app.update(Action::Export);
    app.wait_for_export();
    assert!(std::fs::read_to_string(&md).expect("md").contains("後から加えた発言"));
}

#[test]
fn m_previews_what_the_minutes_will_say() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    app.update(Action::NewRemark);
    type_text(&mut app, "プレビューに出る発言");
    press(&mut app, KeyCode::Enter);
    app.update(Action::Minutes);
    app.wait_for_preview();
    let kpi_council::app::state::Screen::Minutes(view) = app.screen() else { panic!("preview") };
    assert!(view.lines.iter().any(|l| l.contains("プレビューに出る発言")));
    app.update(Action::NextItem);
    let kpi_council::app::state::Screen::Minutes(view) = app.screen() else { panic!("preview") };
    assert_eq!(view.offset, 20, "Space turns a page");
    app.update(Action::Back);
    assert!(!matches!(app.screen(), kpi_council::app::state::Screen::Minutes(_)));
}

#[test]
fn a_merge_conflict_is_shown_and_settled_by_saving_the_remark() {
    use kpi_council::domain::session::Op;
    use kpi_council::domain::session::merge::merge;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    app.update(Action::NewRemark);
    type_text(&mut app, "元の発言");
    press(&mut app, KeyCode::Enter);
    let id = app.session().remarks[0].id.to_string();
    let edit = |text: &str, minutes: i64| Op::EditRemark {
        id: id.clone(),
        at: t0() + Duration::minutes(minutes),
        speaker: None,
        kind: RemarkKind::Opinion,
        target: Target::Meeting,
        text: text.into(),
        internal: false,
    };
    let (mut a, mut b) = (app.session().clone(), app.session().clone());
    a.apply(&edit("こちらの版", 5)).expect("edit");
    b.apply(&edit("あちらの版", 6)).expect("edit");
    let merged = merge(&a, &b);
    assert!(merged.remarks[0].in_conflict());
    app.app.adopt(merged);
    let screen = crate::common::drawn_text(&app, 100, 30);
    assert!(screen.contains("⚠競合"), "{screen}");
    assert!(screen.contains("別の写し:こちらの版"), "{screen}");
    // Later, the secretariat opens it, settles the wording, saves.
    app.app.set_now(t0() + Duration::minutes(10));
    app.update(Action::Remarks);
    app.update(Action::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(!app.session().remarks[0].in_conflict(), "saving settles it");
    assert!(
        app.session().remarks[0].trail().set_aside.iter().any(|s| s.text == "こちらの版"),
        "and keeps the other version"
    );
}

#[test]
fn the_sheet_takes_materials_next_meeting_absence_and_signers_and_they_are_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    app.update(Action::SessionSheet);
    // 会議名, 日付, 開始, 終了, 場所, then 配布資料 and 次回開催.
    for _ in 0..5 {
        app.update(Action::Down);
    }
    app.update(Action::Enter);
    type_text(&mut app, "資料1 実績一覧；資料2 企業別内訳");
    press(&mut app, KeyCode::Enter);
    app.update(Action::Down);
    app.update(Action::Enter);
    type_text(&mut app, "令和2年5月頃");
    press(&mut app, KeyCode::Enter);
    // ＋ 出席者を追加: name, then 出欠 and 署名人 toggled with Space.
    app.update(Action::Down);
    app.update(Action::Enter);
    type_text(&mut app, "佐藤 花子");
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    let sheet = &app.session().sheet;
    assert_eq!(sheet.materials, ["資料1 実績一覧", "資料2 企業別内訳"]);
    assert_eq!(sheet.next_meeting, "令和2年5月頃");
    let a = sheet.attendees.last().expect("added");
    assert_eq!((a.name.as_str(), a.absent, a.signer), ("佐藤 花子", true, true));
    let expected = sheet.clone();
    let _ = app.close();
    let saved = SessionStore::read_back(&dir.path().join("m.ron")).expect("saved");
    assert_eq!(saved.sheet, expected, "the new fields are on disk");
}

/// What the clerk types into a field that already holds a value (the
/// default 会議名) replaces it; Enter alone keeps it, End then typing adds
/// to it.
#[test]
fn typing_over_a_field_replaces_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    app.update(Action::SessionSheet);
    assert!(!app.session().sheet.title.is_empty(), "a new session has a default title");
    app.update(Action::Enter);
    type_text(&mut app, "令和元年度 第1回 北見地域企業立地促進協議会");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session().sheet.title, "令和元年度 第1回 北見地域企業立地促進協議会");
    app.update(Action::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session().sheet.title, "令和元年度 第1回 北見地域企業立地促進協議会");
    app.update(Action::Enter);
    press(&mut app, KeyCode::End);
    type_text(&mut app, "（書面）");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session().sheet.title, "令和元年度 第1回 北見地域企業立地促進協議会（書面）");
}

/// After an attendee is added the selection stays on 「＋ 出席者を追加」,
/// so Enter, name, Enter adds the next one instead of typing onto the
/// name of the one just added.
#[test]
fn attendees_are_added_one_after_another() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    app.update(Action::SessionSheet);
    let before = app.session().sheet.attendees.len();
    for _ in 0..7 + before {
        app.update(Action::Down);
    }
    for name in ["山田 太郎", "佐藤 花子", "鈴木 次郎"] {
        app.update(Action::Enter);
        type_text(&mut app, name);
        press(&mut app, KeyCode::Enter);
    }
    let names: Vec<&str> =
        app.session().sheet.attendees.iter().map(|a| a.name.as_str()).skip(before).collect();
    assert_eq!(names, ["山田 太郎", "佐藤 花子", "鈴木 次郎"]);
}

/// The preview is made on a worker thread: until its lines arrive the
/// screen says so and keys still work; the lines of a preview closed
/// before they arrived never land in a later one.
#[test]
fn the_preview_is_made_aside_and_a_closed_one_is_forgotten() {
    use kpi_council::app::state::Screen;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    app.update(Action::Minutes);
    let Screen::Minutes(view) = app.screen() else { panic!("preview") };
    assert!(!view.ready && view.lines.is_empty(), "nothing made on the key itself");
    let first = view.request;
    app.update(Action::Back);
    app.update(Action::Minutes);
    let Screen::Minutes(view) = app.screen() else { panic!("preview") };
    let second = view.request;
    assert_ne!(first, second);
    // The first preview's lines arrive late: ignored.
    app.app.preview_ready(first, vec!["古いプレビュー".into()]);
    let Screen::Minutes(view) = app.screen() else { panic!("preview") };
    assert!(!view.ready && view.lines.is_empty());
    app.wait_for_preview();
    let Screen::Minutes(view) = app.screen() else { panic!("preview") };
    assert!(view.ready && view.lines.iter().any(|l| l.starts_with("# ")), "the minutes' title");
    assert!(!view.lines.iter().any(|l| l == "古いプレビュー"));
}

/// A preview whose worker failed (a panic, caught) says so in its view,
/// with the reason, instead of staying 作成中 for ever.
#[test]
fn a_preview_that_could_not_be_made_says_why() {
    use kpi_council::app::state::Screen;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open(dir.path());
    app.update(Action::Minutes);
    let Screen::Minutes(view) = app.screen() else { panic!("preview") };
    let request = view.request;
    app.app.preview_failed(request, "No space left on device");
    let Screen::Minutes(view) = app.screen() else { panic!("preview") };
    assert!(view.ready);
    assert_eq!(view.lines, ["議事録のプレビューを作れません: No space left on device"]);
}
