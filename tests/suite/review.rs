//! Members' review copies, merge conflicts and the checklist before
//! export: in the app through `update`, from the command line, and in the
//! real binary in a pseudo-terminal.

use chrono::{DateTime, Duration, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use kpi_council::app::action::Action;
use kpi_council::app::effect::Effect;
use kpi_council::app::state::{App, Mode, Overlay};
use kpi_council::app::update::{handle_key, update};
use kpi_council::domain::session::merge::merge;
use kpi_council::domain::session::{
    Attendee, DataRefs, Op, Remark, RemarkKind, Role, Session, Sheet, Stamp, Target, Trail,
};
use kpi_council::i18n::Lang;
use kpi_council::store::{embedded, session_file};

use crate::common::{Key, Screen};

fn t(minutes: i64) -> Stamp {
    DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time")
        + Duration::minutes(minutes)
}

const CHAIR_DECISION: &str = "次回は十月に開催する。";

/// The meeting's session: the chair (a1) decided something, the member
/// (a2) prepared a question. Recorded against the embedded data.
fn meeting_session() -> Session {
    let loaded = embedded::load().expect("embedded");
    let person = |id: &str, name: &str, role| Attendee::new(id, name, "", role);
    let sheet = Sheet {
        title: "令和元年度 第1回".into(),
        date: NaiveDate::from_ymd_opt(2019, 5, 20),
        attendees: vec![
            person("a1", "山田 太郎", Role::Chair),
            person("a2", "佐藤 花子", Role::Member),
        ],
        ..Sheet::default()
    };
    let mut s = Session::new(
        sheet,
        DataRefs { plan: loaded.plan_source.data_ref(), actuals: loaded.actuals_source.data_ref() },
    );
    let decision = Remark {
        speaker: Some("a1".into()),
        ..Remark::new(
            "CHAIR".into(),
            t(0),
            RemarkKind::Decision,
            Target::Meeting,
            CHAIR_DECISION.into(),
        )
    };
    let question = Remark {
        speaker: Some("a2".into()),
        ..Remark::new("MINE".into(), t(1), RemarkKind::Question, Target::Meeting, "内訳は？".into())
    }
    .with_trail(Trail { prepared_by: Some("佐藤 花子".into()), ..Trail::default() });
    s.apply(&Op::AddRemark(decision)).expect("add");
    s.apply(&Op::AddRemark(question)).expect("add");
    s
}

fn edit_chair(text: &str, minutes: i64) -> Op {
    Op::EditRemark {
        id: "CHAIR".into(),
        at: t(minutes),
        speaker: Some("a1".into()),
        kind: RemarkKind::Decision,
        target: Target::Meeting,
        text: text.into(),
        internal: false,
    }
}

/// The meeting's session after two laptops changed the chair's decision
/// differently: one conflict, 「十一月」 current, 「十二月」 set aside.
fn conflicted() -> Session {
    let base = meeting_session();
    let (mut a, mut b) = (base.clone(), base);
    a.apply(&edit_chair("次回は十二月に開催する。", 5)).expect("edit");
    b.apply(&edit_chair("次回は十一月に開催する。", 6)).expect("edit");
    let merged = merge(&a, &b);
    assert!(merged.remark("CHAIR").is_some_and(Remark::in_conflict));
    merged
}

/// An app on `session` whose starting position is already recorded, so
/// that an action's effects are its own.
fn app(session: Session) -> App {
    let mut app = App::new(embedded::load().expect("embedded"), Lang::Ja, session, t(30));
    app.record_position();
    app.take_effects();
    app
}

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    handle_key(app, KeyEvent::new(code, KeyModifiers::NONE))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn notice(app: &App) -> Option<&str> {
    app.notice().map(|n| n.text.as_str())
}

fn write(dir: &std::path::Path, name: &str, session: &Session) {
    let text = session_file::to_text(session).expect("ron");
    std::fs::write(dir.join(name), text).expect("write the session");
}

#[test]
fn in_a_review_copy_others_remarks_are_read_only_and_say_why() {
    let mut app = app(meeting_session());
    app.set_mode(Mode::Reviewing("佐藤 花子".into()));
    // The member's prepared question is listed first; the chair's decision
    // (the last, selected first) is read-only.
    update(&mut app, Action::Remarks);
    update(&mut app, Action::Enter);
    assert!(app.overlay.is_none(), "the chair's decision does not open");
    let why =
        "他の人の発言は変更できません（事前確認の写しでは自分の発言だけを編集・削除できます）";
    assert_eq!(notice(&app), Some(why));
    assert!(update(&mut app, Action::Delete).is_empty(), "nothing is recorded");
    assert_eq!(notice(&app), Some(why));
    assert!(app.session().remark("CHAIR").is_some_and(|r| r.trail().deleted.is_none()));

    // Her own question: edited and deleted as usual.
    update(&mut app, Action::Up);
    update(&mut app, Action::Enter);
    assert!(matches!(app.overlay, Some(Overlay::Remark(_))));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    let effects = update(&mut app, Action::Delete);
    assert!(
        matches!(effects.as_slice(), [Effect::Record { op: Op::DeleteRemark { id, .. }, .. }] if id == "MINE")
    );
}

/// A review copy offers as speaker only what it saves: 0 未指定 and the
/// member herself as 1. The chair is not offered (he was, as 1, and Enter
/// then refused the remark); a number beside no one does nothing, and is
/// not typed into the text. A speaker that comes some other way (a draft)
/// is still refused at Enter.
#[test]
fn a_member_is_offered_only_herself_as_the_speaker() {
    let mut app = app(meeting_session());
    app.set_mode(Mode::Reviewing("佐藤 花子".into()));
    let offered: Vec<&str> = app.speaker_choices().iter().map(|a| a.name.as_str()).collect();
    assert_eq!(offered, ["佐藤 花子"]);
    update(&mut app, Action::NewRemark);
    type_text(&mut app, "十月に開催する。");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('2'));
    let Some(Overlay::Remark(editor)) = &app.overlay else { panic!("the editor") };
    assert_eq!(editor.speaker.as_deref(), Some("a2"), "2 is no one's number: nothing chosen");
    assert_eq!(editor.value(), "十月に開催する。", "nor typed");
    // ← → go between 未指定 and herself only.
    press(&mut app, KeyCode::Right);
    let Some(Overlay::Remark(editor)) = &app.overlay else { panic!("the editor") };
    assert_eq!(editor.speaker, None);
    press(&mut app, KeyCode::Right);
    let Some(Overlay::Remark(editor)) = &app.overlay else { panic!("the editor") };
    assert_eq!(editor.speaker.as_deref(), Some("a2"));
    press(&mut app, KeyCode::Char('1'));
    let effects = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::Record { op: Op::AddRemark(r), .. }, ..] if r.speaker.as_deref() == Some("a2")),
        "{effects:?}"
    );
    assert!(!app.may_speak_as(Some("a1")), "the chair, come some other way, is refused");
    assert!(
        notice(&app)
            .is_some_and(|n| n.starts_with("事前確認の写しでは、発言者は自分か未指定だけです")),
        "{:?}",
        notice(&app)
    );
}

/// A member's prepared remark is a question or an opinion: a 決定 made
/// beforehand would stand in the minutes' 決定事項 as the council's. The
/// editor offers those two only (1 意見, 2 質問): 3 回答, 4 決定 and 5 要対応
/// do nothing (they were offered, and Enter then refused the remark).
#[test]
fn a_member_is_offered_only_a_question_or_an_opinion() {
    let mut app = app(meeting_session());
    app.set_mode(Mode::Reviewing("佐藤 花子".into()));
    assert_eq!(app.kind_choices(), [RemarkKind::Opinion, RemarkKind::Question]);
    update(&mut app, Action::NewRemark);
    type_text(&mut app, "来年度も継続する。");
    // Tab twice: the kind.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    for kind in ['4', '5', '3'] {
        press(&mut app, KeyCode::Char(kind));
        let Some(Overlay::Remark(editor)) = &app.overlay else { panic!("the editor") };
        assert_eq!(editor.kind, RemarkKind::Question, "{kind} is not offered");
        assert_eq!(editor.value(), "来年度も継続する。", "{kind} is not typed");
    }
    // ← → go between 意見 and 質問 only.
    for (code, expected) in [
        (KeyCode::Right, RemarkKind::Opinion),
        (KeyCode::Right, RemarkKind::Question),
        (KeyCode::Left, RemarkKind::Opinion),
    ] {
        press(&mut app, code);
        let Some(Overlay::Remark(editor)) = &app.overlay else { panic!("the editor") };
        assert_eq!(editor.kind, expected);
    }
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::BackTab);
    // 1 意見: saved, under her name.
    press(&mut app, KeyCode::Char('1'));
    let effects = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::Record { op: Op::AddRemark(r), .. }, ..]
            if r.kind == RemarkKind::Opinion && r.speaker.as_deref() == Some("a2")),
        "{effects:?}"
    );
    assert!(!app.may_record_kind(RemarkKind::Decision), "a 決定 come some other way is refused");
}

/// Settling a conflict on the member's own remark in a review copy keeps
/// to the copy's rules too: a version that is the chair's decision is not
/// taken, and says why.
#[test]
fn a_member_cannot_settle_their_remark_as_someone_elses_decision() {
    let base = meeting_session();
    let (mut a, mut b) = (base.clone(), base);
    a.apply(&Op::EditRemark {
        id: "MINE".into(),
        at: t(5),
        speaker: Some("a1".into()),
        kind: RemarkKind::Decision,
        target: Target::Meeting,
        text: "内訳は次回示す。".into(),
        internal: false,
    })
    .expect("edit");
    b.apply(&Op::EditRemark {
        id: "MINE".into(),
        at: t(6),
        speaker: Some("a2".into()),
        kind: RemarkKind::Question,
        target: Target::Meeting,
        text: "業種別の内訳は？".into(),
        internal: false,
    })
    .expect("edit");
    let merged = merge(&a, &b);
    assert!(merged.remark("MINE").is_some_and(Remark::in_conflict));
    let mut app = app(merged);
    app.set_mode(Mode::Reviewing("佐藤 花子".into()));
    update(&mut app, Action::Remarks);
    update(&mut app, Action::Up);
    update(&mut app, Action::Enter);
    let Some(Overlay::Versions(picker)) = &app.overlay else { panic!("the versions") };
    let decision = picker
        .versions
        .iter()
        .position(|v| v.kind == RemarkKind::Decision)
        .expect("the decision's version");
    for _ in 0..decision {
        press(&mut app, KeyCode::Down);
    }
    assert!(press(&mut app, KeyCode::Enter).is_empty(), "not taken");
    assert!(app.session().remark("MINE").is_some_and(Remark::in_conflict), "still to settle");
    assert!(
        notice(&app).is_some_and(|n| n.starts_with("事前確認の写しでは")),
        "{:?}",
        notice(&app)
    );
}

/// A member who will be absent prepares questions beforehand: in their
/// review copy they are still offered as the speaker, and the default.
#[test]
fn a_member_marked_absent_still_prepares_questions_under_their_name() {
    let mut session = meeting_session();
    session.sheet.attendees[1].absent = true;
    let mut app = app(session);
    app.set_mode(Mode::Reviewing("佐藤 花子".into()));
    update(&mut app, Action::NewRemark);
    type_text(&mut app, "欠席しますが質問します");
    // ← → from herself: 未指定, then herself again (the chair is not offered).
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Left);
    let effects = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::Record { op: Op::AddRemark(r), .. }, ..]
            if r.speaker.as_deref() == Some("a2") && r.kind == RemarkKind::Question),
        "{effects:?}"
    );
}

#[test]
fn english_words_for_a_remark_that_is_not_yours() {
    let mut app = app(meeting_session());
    app.lang = Lang::En;
    app.set_mode(Mode::Reviewing("佐藤 花子".into()));
    update(&mut app, Action::Remarks);
    update(&mut app, Action::Delete);
    assert_eq!(
        notice(&app),
        Some("Not your remark: in a review copy you edit and delete only your own remarks")
    );
}

#[test]
fn the_checklist_blocks_export_while_a_conflict_is_unresolved() {
    let mut app = app(conflicted());
    assert_eq!(app.remarks().conflicts(), 1);
    assert!(update(&mut app, Action::Export).is_empty());
    let Some(Overlay::Checklist(view)) = &app.overlay else { panic!("the checklist") };
    assert!(view.blocks());
    assert!(view.lines[0].text.contains("未解決の競合 1件"), "{:?}", view.lines);
    assert!(press(&mut app, KeyCode::Enter).is_empty(), "Enter does not export");
    assert_eq!(notice(&app), Some("未解決の競合があるため書き出せません"));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none(), "Esc goes back");
}

#[test]
fn picking_a_set_aside_version_settles_the_conflict() {
    let mut app = app(conflicted());
    update(&mut app, Action::Remarks);
    update(&mut app, Action::Enter);
    let Some(Overlay::Versions(picker)) = &app.overlay else { panic!("the versions") };
    let texts: Vec<&str> = picker.versions.iter().map(|v| v.text.as_str()).collect();
    assert_eq!(
        texts,
        ["次回は十一月に開催する。", "次回は十二月に開催する。", CHAIR_DECISION],
        "the current one, the other copy's, and the wording both replaced"
    );
    press(&mut app, KeyCode::Down);
    let effects = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::Record { op: Op::EditRemark { text, .. }, .. }] if text == "次回は十二月に開催する。"),
        "{effects:?}"
    );
    let chair = app.session().remark("CHAIR").expect("chair");
    assert!(!chair.in_conflict());
    assert_eq!(chair.text, "次回は十二月に開催する。");
    assert!(chair.trail().set_aside.iter().any(|s| s.text == "次回は十二月に開催する。"), "kept");
    assert_eq!(app.remarks().conflicts(), 0, "the status line's count follows");
    assert_eq!(notice(&app), Some("競合を解決しました"));

    // Now e asks for one confirming key and exports.
    update(&mut app, Action::Export);
    assert!(matches!(press(&mut app, KeyCode::Enter).as_slice(), [Effect::Export(_)]));
}

#[test]
fn a_version_can_be_edited_before_it_is_kept() {
    let mut app = app(conflicted());
    update(&mut app, Action::Remarks);
    update(&mut app, Action::Enter);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('e'));
    let Some(Overlay::Remark(editor)) = &app.overlay else { panic!("the editor") };
    assert_eq!(editor.value(), "次回は十二月に開催する。", "the chosen wording, not a blank");
    type_text(&mut app, "（予定）");
    press(&mut app, KeyCode::Enter);
    let chair = app.session().remark("CHAIR").expect("chair");
    assert_eq!(chair.text, "次回は十二月に開催する。（予定）");
    assert!(!chair.in_conflict());
}

/// With --lang en a version's kind is in English brackets: it was
/// `〔decision〕`.
#[test]
fn the_versions_say_their_kind_in_english_brackets() {
    let mut app = app(conflicted());
    app.lang = Lang::En;
    update(&mut app, Action::Remarks);
    update(&mut app, Action::Enter);
    let shown = crate::common::drawn_text(&app, 100, 30);
    assert!(shown.contains("[decision]"), "{shown}");
    for japanese in ["〔", "〕", "（"] {
        assert!(!shown.contains(japanese), "{japanese} in English:\n{shown}");
    }
}

#[test]
fn checklist_overlay_80x24() {
    let mut session = conflicted();
    let unnamed =
        Remark::new("ANON".into(), t(2), RemarkKind::Opinion, Target::Meeting, "賛成です。".into());
    session.apply(&Op::AddRemark(Remark { internal: true, ..unnamed })).expect("add");
    let mut app = app(session);
    update(&mut app, Action::Export);
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|f| kpi_council::ui::render(&app, f)).expect("draw");
    assert_snapshot!(terminal.backend());
}

#[test]
fn versions_of_a_conflict_80x24() {
    let mut app = app(conflicted());
    update(&mut app, Action::Remarks);
    update(&mut app, Action::Enter);
    press(&mut app, KeyCode::Down);
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|f| kpi_council::ui::render(&app, f)).expect("draw");
    assert_snapshot!(terminal.backend());
}

fn cli(dir: &std::path::Path, args: &[&str]) -> assert_cmd::assert::Assert {
    crate::common::kpi_council().current_dir(dir).args(args).assert()
}

#[test]
fn export_refuses_an_unresolved_conflict_unless_forced_and_check_lists_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "meeting.ron", &conflicted());
    let refused = cli(dir.path(), &["export", "meeting.ron"]).code(2);
    let err = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(err.starts_with("エラー: meeting.ron: 未解決の競合があります"), "{err}");
    assert!(err.contains("未解決の競合 1件"), "{err}");
    assert!(err.contains("会議全体 │ 山田 太郎 〔決定〕「次回は十一月に開催する。」"), "{err}");
    assert!(!dir.path().join("meeting-minutes.md").exists(), "nothing written");

    // `check` fails it too (a git hook or a script running it before the
    // export is not told the session is ready), listing what is unsettled.
    let checked = cli(dir.path(), &["check", "meeting.ron"]).code(2);
    let out = String::from_utf8_lossy(&checked.get_output().stdout).into_owned();
    assert!(
        out.starts_with(
            "meeting.ron: 会議の記録、未解決の競合 1 件があり書き出せません: \"令和元年度 第1回\""
        ),
        "{out}"
    );
    assert!(out.contains("未解決の競合 1件"), "{out}");
    assert!(out.contains("評価（効果検証）が未記録の議題 4件"), "{out}");
    let checked = cli(dir.path(), &["--lang", "en", "check", "meeting.ron"]).code(2);
    let out = String::from_utf8_lossy(&checked.get_output().stdout).into_owned();
    assert!(
        out.contains("meeting.ron: session, 1 unresolved conflict blocks its export:"),
        "{out}"
    );

    let forced = cli(dir.path(), &["export", "meeting.ron", "--force"]).success();
    let err = String::from_utf8_lossy(&forced.get_output().stderr).into_owned();
    assert!(err.contains("警告: 評価（効果検証）が未記録の議題 4件"), "{err}");
    assert!(dir.path().join("meeting-minutes.md").exists());

    // English, as the interface.
    let refused = cli(dir.path(), &["--lang", "en", "export", "meeting.ron", "-o", "x.md"]).code(2);
    let err = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(err.contains("⚠ 1 unresolved conflict: to resolve before exporting"), "{err}");
}

/// The member, in the real binary: her copy cannot change the chair's
/// decision. A copy that did change it (by hand, or with another program)
/// is flagged by merge, and the decision stands.
#[test]
fn a_review_copy_cannot_change_the_chairs_remark_and_merge_flags_such_a_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "meeting.ron", &meeting_session());
    write(dir.path(), "sato.ron", &meeting_session());

    let mut s = Screen::start(&["review", "sato.ron", "--as", "佐藤 花子"], 100, 30, dir.path());
    s.wait_for("事前確認: 佐藤 花子");
    s.send(b"\t");
    s.key(Key::Enter);
    s.wait_for("他の人の発言は変更できません");
    s.key(Key::Esc);
    s.wait_gone("他の人の発言は変更できません");
    s.send(b"\t");
    s.send(b"d");
    s.wait_for("他の人の発言は変更できません");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    let copy = session_file::load(&dir.path().join("sato.ron")).expect("the copy loads");
    assert_eq!(
        copy.review.as_ref().map(|m| m.member.as_str()),
        Some("佐藤 花子"),
        "the copy records whose it is"
    );
    let chair = copy.remark("CHAIR").expect("chair");
    assert_eq!(
        (chair.text.as_str(), chair.trail().deleted, chair.trail().history.len()),
        (CHAIR_DECISION, None, 0)
    );

    // Opened without `review`, her copy is still hers, and the screen says
    // so at once (a meeting's session git replaced by her copy).
    let mut s = Screen::start(&["--session", "sato.ron"], 100, 30, dir.path());
    s.wait_for("この記録は 佐藤 花子 さんの事前確認の写しです");
    // The status line once the notice has gone.
    s.wait_for("事前確認: 佐藤 花子");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);

    // Another member's name on her copy is refused.
    let mut s = Screen::start(&["review", "sato.ron", "--as", "鈴木 一郎"], 100, 30, dir.path());
    assert_eq!(s.wait_exit(), 2);

    // The copy changed the decision anyway (edited by hand).
    let mut forged = copy;
    forged.apply(&edit_chair("次回は開催しない。", 60)).expect("edit");
    write(dir.path(), "sato.ron", &forged);
    let merged =
        cli(dir.path(), &["merge", "meeting.ron", "sato.ron", "-o", "meeting.ron"]).success();
    let report = String::from_utf8_lossy(&merged.get_output().stdout).into_owned();
    let flagged: Vec<&str> = report.lines().filter(|l| l.starts_with("反映せず")).collect();
    assert_eq!(flagged.len(), 1, "{report}");
    assert!(
        flagged[0].contains(
            "sato.ron（佐藤 花子 さんの確認用の写し） は 山田 太郎 さんの発言 CHAIR「次回は十月に開催する。」を書き換えています"
        ),
        "{report}"
    );
    let meeting = session_file::load(&dir.path().join("meeting.ron")).expect("loads");
    assert_eq!(meeting.remark("CHAIR").map(|r| r.text.as_str()), Some(CHAIR_DECISION));
    assert!(meeting.remark("CHAIR").is_some_and(|r| !r.in_conflict()));
}

#[test]
fn export_refuses_and_the_checklist_blocks_e_until_a_version_is_picked() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "meeting.ron", &conflicted());
    cli(dir.path(), &["export", "meeting.ron"]).code(2);

    let mut s = Screen::start(&["--session", "meeting.ron"], 80, 24, dir.path());
    let first = s.wait_for("指標 × 年度");
    assert!(first.contains("⚠競合 1"), "counted from the moment it opens:\n{first}");
    s.send(b"e");
    let list = s.wait_for("書き出し前の確認");
    assert!(list.contains("未解決の競合 1件"), "{list}");
    s.key(Key::Enter);
    s.wait_for("未解決の競合があるため書き出せません");
    assert!(!dir.path().join("meeting-minutes.md").exists(), "e did not export");
    s.key(Key::Esc);
    s.wait_gone("書き出し前の確認");

    // Settle it: the remark's versions, the other one kept.
    s.send(b"\t");
    s.key(Key::Enter);
    let versions = s.wait_for("競合の解決");
    assert!(versions.contains("次回は十一月に開催する。"), "{versions}");
    assert!(versions.contains("次回は十二月に開催する。"), "{versions}");
    s.key(Key::Down);
    s.key(Key::Enter);
    let settled = s.wait_for("競合を解決しました");
    assert!(!settled.contains("⚠競合 1"), "{settled}");

    s.send(b"e");
    s.wait_for("書き出し前の確認");
    s.key(Key::Enter);
    s.wait_for("議事録を書き出しました");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    let md = std::fs::read_to_string(dir.path().join("meeting-minutes.md")).expect("minutes");
    assert!(md.contains("次回は十二月に開催する。"), "the version picked is in the minutes");
    cli(dir.path(), &["export", "meeting.ron", "-o", "again.md"]).success();
}

/// A copy's change to a remark whose speaker is not named is flagged as
/// 発言者未指定の発言, not 「未指定 さんの発言」.
#[test]
fn a_flagged_change_to_a_remark_of_no_named_speaker_says_so() {
    use kpi_council::domain::session::ReviewCopy;
    let dir = tempfile::tempdir().expect("temp dir");
    let unnamed = |text: &str, minutes: i64| Op::EditRemark {
        id: "CHAIR".into(),
        at: t(minutes),
        speaker: None,
        kind: RemarkKind::Decision,
        target: Target::Meeting,
        text: text.into(),
        internal: false,
    };
    let mut meeting = meeting_session();
    meeting.apply(&unnamed(CHAIR_DECISION, 30)).expect("no speaker named");
    write(dir.path(), "meeting.ron", &meeting);
    let mut copy = meeting.clone();
    let mark = ReviewCopy { member: "佐藤 花子".into(), since: t(40) };
    copy.apply(&Op::MarkReviewCopy(mark)).expect("her copy");
    copy.apply(&unnamed("次回は開催しない。", 60)).expect("edited by hand");
    write(dir.path(), "sato.ron", &copy);
    let merged =
        cli(dir.path(), &["merge", "meeting.ron", "sato.ron", "-o", "meeting.ron"]).success();
    let report = String::from_utf8_lossy(&merged.get_output().stdout).into_owned();
    assert!(report.contains("は 発言者未指定の発言 CHAIR「"), "{report}");
    assert!(!report.contains("未指定 さん"), "{report}");
}
