//! The agenda the secretariat arranges: the default for the meeting date,
//! a free item stepped to with Space, shown on the projector and written
//! into every format of the minutes in agenda order.

use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kpi_council::app::action::Action;
use kpi_council::app::state::{App, Mode, ScreenKind};
use kpi_council::app::update::{handle_key, update};
use kpi_council::domain::session::{AgendaItem, DataRefs, Session, Sheet, Stamp, Target};
use kpi_council::export::minutes::Options;
use kpi_council::export::write::Format;
use kpi_council::i18n::Lang;
use kpi_council::store::embedded;

fn t0() -> Stamp {
    DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time")
}

fn may_2019() -> App {
    let sheet = Sheet { date: "2019-05-20".parse().ok(), ..Sheet::default() };
    let session = Session::new(sheet, DataRefs::default());
    App::new(embedded::load().expect("embedded"), Lang::Ja, session, t0())
}

/// The screen's text without blanks, at 100x30.
fn screen(app: &App) -> String {
    crate::common::drawn_text(app, 100, 30)
}

fn key(app: &mut App, code: KeyCode) {
    handle_key(app, KeyEvent::new(code, KeyModifiers::NONE));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Where each needle first appears, in the order given: each after the one before.
fn assert_in_order(text: &str, needles: &[&str]) {
    let mut from = 0;
    for n in needles {
        let at = text[from..].find(n).unwrap_or_else(|| panic!("{n:?} not after byte {from}"));
        from += at + n.len();
    }
}

#[test]
fn a_meeting_in_may_2019_evaluates_heisei_30_one_item_per_kpi() {
    let mut app = may_2019();
    assert_eq!(app.agenda_position(), (1, 3));
    assert!(screen(&app).contains("議題1/3"));
    update(&mut app, Action::Enter);
    assert!(screen(&app).contains("総覧›新規移動人数›平成30年度(2018)"), "{}", screen(&app));
    update(&mut app, Action::NextItem);
    update(&mut app, Action::NextItem);
    let last = screen(&app);
    assert!(last.contains("進出企業数›平成30年度(2018)") && last.contains("議題3/3"), "{last}");
    update(&mut app, Action::NextItem);
    assert_eq!(app.notice().map(|n| n.text.as_str()), Some("最後の議題です"));
    // An earlier year is still on the overview, off the agenda.
    update(&mut app, Action::Left);
    assert!(screen(&app).contains("議題–/3"), "{}", screen(&app));
}

/// On the agenda screen: a free item after the first, named, with its
/// 資料番号; then Space reaches it.
fn with_a_free_item() -> App {
    let mut app = may_2019();
    update(&mut app, Action::Agenda);
    assert_eq!(app.screen_kind(), ScreenKind::Agenda);
    update(&mut app, Action::AddItem);
    update(&mut app, Action::Enter);
    for _ in "新しい議題".chars() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "事業概要の説明");
    key(&mut app, KeyCode::Enter);
    update(&mut app, Action::Document);
    type_text(&mut app, "資料1");
    key(&mut app, KeyCode::Enter);
    assert!(app.prompt.is_none());
    update(&mut app, Action::Back);
    app
}

/// Renaming 新しい議題 as the manual says (Enter, type the name, Enter)
/// gives the typed name, not 「新しい議題事業概要の説明」.
#[test]
fn a_name_typed_over_the_new_item_replaces_it() {
    let mut app = may_2019();
    update(&mut app, Action::Agenda);
    update(&mut app, Action::AddItem);
    update(&mut app, Action::Enter);
    type_text(&mut app, "事業概要の説明");
    key(&mut app, KeyCode::Enter);
    let agenda = app.session().agenda.clone().expect("arranged");
    assert!(
        matches!(&agenda[1], AgendaItem::Free { title, .. } if title == "事業概要の説明"),
        "{:?}",
        agenda[1]
    );
}

#[test]
fn a_free_item_is_on_screen_on_the_projector_and_in_every_minutes_in_agenda_order() {
    let mut app = with_a_free_item();
    let agenda = app.session().agenda.clone().expect("arranged");
    assert!(matches!(&agenda[1], AgendaItem::Free { title, document, .. }
        if title == "事業概要の説明" && document == "資料1"));
    assert_eq!(app.agenda_position(), (1, 4));
    update(&mut app, Action::NextItem);
    assert_eq!(app.screen_kind(), ScreenKind::Topic);
    assert_eq!(app.agenda_position(), (2, 4));
    update(&mut app, Action::NewRemark);
    type_text(&mut app, "概要の説明を了承した。");
    key(&mut app, KeyCode::Enter);
    let shown = screen(&app);
    for text in ["事業概要の説明", "資料番号：資料1", "議題2/4", "概要の説明を了承した。"]
    {
        assert!(shown.contains(text), "{text} is on the secretary's screen:\n{shown}");
    }
    let remark = app.session().live_remarks().last().expect("remark");
    assert!(matches!(&remark.target, Target::Agenda { .. }));

    // The projector follows the session to the same item.
    let mut follower =
        App::new(embedded::load().expect("embedded"), Lang::Ja, app.session().clone(), t0());
    follower.set_mode(Mode::Following("meeting.ron".into()));
    assert_eq!(follower.screen_kind(), ScreenKind::Topic);
    let projected = screen(&follower);
    for text in ["事業概要の説明", "資料1", "議題2/4", "概要の説明を了承した。"]
    {
        assert!(projected.contains(text), "{text} is on the projector:\n{projected}");
    }
    update(&mut app, Action::NextItem);
    assert_eq!(app.screen_kind(), ScreenKind::Item);
    assert_eq!(app.agenda_position(), (3, 4));

    let data = &embedded::load().expect("embedded").dataset;
    let render = |format| {
        kpi_council::export::render(data, app.session(), format, Options::default())
            .expect("render")
    };
    // The KPIs' 議題 stands where the first KPI item does (議題 1, its
    // items under it), 事業の効果検証 after it, the free item 議題 3.
    let order = [
        "新規移動人数 平成30年度",
        "新規参加企業数 平成30年度",
        "進出企業数 平成30年度",
        "事業の効果検証について",
        "事業概要の説明",
        "資料1",
        "概要の説明を了承した。",
    ];
    let md = String::from_utf8(render(Format::Md)).expect("utf-8");
    let proceedings = &md[md.find("## 審議の内容").expect("proceedings")..];
    assert_in_order(proceedings, &order);
    assert!(proceedings.contains("### 3. 事業概要の説明"), "{proceedings}");
    let html = String::from_utf8(render(Format::Html)).expect("utf-8");
    assert_in_order(&html[html.find("審議の内容").expect("proceedings")..], &order);
    let docx = crate::documents::docx_text(&render(Format::Docx));
    assert_in_order(&docx[docx.find("議事の経過").expect("proceedings")..], &order[3..]);
    let xlsx = render(Format::Xlsx);
    let mut book: calamine::Xlsx<_> =
        calamine::Reader::new(std::io::Cursor::new(xlsx)).expect("xlsx");
    let remarks = calamine::Reader::worksheet_range(&mut book, "発言").expect("sheet");
    let row = remarks
        .rows()
        .find(|r| r.iter().any(|c| *c == calamine::Data::String("概要の説明を了承した。".into())))
        .expect("the remark is on the 発言 sheet");
    assert!(row.iter().any(|c| *c == calamine::Data::String("事業概要の説明".into())), "{row:?}");
}

#[test]
fn items_move_and_go_and_a_free_item_with_remarks_stays() {
    let mut app = with_a_free_item();
    update(&mut app, Action::Agenda);
    let titles = |app: &App| -> Vec<String> {
        let plan = &app.data().plan;
        app.agenda()
            .iter()
            .map(|a| a.title(plan, kpi_council::domain::fiscal::FiscalYear::wareki))
            .collect()
    };
    // The agenda opens on the item on screen (the first); down to the free one.
    update(&mut app, Action::Down);
    update(&mut app, Action::MoveUp);
    assert_eq!(titles(&app)[0], "事業概要の説明");
    update(&mut app, Action::Down);
    update(&mut app, Action::Delete);
    assert_eq!(titles(&app).len(), 3, "{:?}", titles(&app));
    assert!(!titles(&app).iter().any(|t| t.starts_with("新規移動人数")));
    update(&mut app, Action::Undo);
    assert_eq!(titles(&app).len(), 4, "undo brings it back");
    // A remark on the free item keeps it on the agenda.
    update(&mut app, Action::Back);
    app.set_agenda_position(0);
    update(&mut app, Action::NewRemark);
    type_text(&mut app, "質問");
    key(&mut app, KeyCode::Enter);
    update(&mut app, Action::Agenda);
    update(&mut app, Action::Delete);
    assert_eq!(titles(&app).len(), 4);
    assert!(app.notice().is_some_and(|n| n.error), "the secretary is told why");
}

/// The real binary in a pseudo-terminal: the secretariat arranges the
/// agenda with the keyboard alone, and the session file keeps it.
#[test]
fn arranging_the_agenda_with_the_keyboard() {
    use crate::common::{Key, Screen};
    let dir = tempfile::tempdir().expect("temp dir");
    let args = ["--session", "meeting.ron"];
    let mut s = Screen::start(&args, 100, 30, dir.path());
    s.wait_for("議題 1 / 3");
    s.key(Key::Char(b'a'));
    s.wait_for("議題の編成");
    // Add a free item after the first and name it.
    s.key(Key::Char(b'n'));
    s.wait_for("新しい議題");
    s.key(Key::Enter);
    s.wait_for("Enter: 決定");
    s.send(b"\n"); // Ctrl+J: clear to the start of the line
    s.send("事業概要の説明".as_bytes());
    s.key(Key::Enter);
    let listed = s.wait_for(" 2. [議題] 事業概要の説明");
    assert!(listed.contains(" 4. [KPI] 進出企業数"), "{listed}");
    // Move it to the top.
    s.key(Key::Char(b'K'));
    s.wait_for("▶ 1. [議題] 事業概要の説明");
    // Take the second (新規移動人数 平成30年度) off the agenda.
    s.key(Key::Down);
    s.wait_for("▶ 2. [KPI] 新規移動人数");
    s.key(Key::Char(b'd'));
    s.wait_for("議題を外しました");
    let arranged = s.wait_gone("[KPI] 新規移動人数");
    assert!(arranged.contains(" 2. [KPI] 新規参加企業数"), "{arranged}");
    assert!(arranged.contains("議題 – / 3"), "the overview's cursor is now off it:\n{arranged}");
    // Back, and Space steps through the agenda as arranged.
    s.key(Key::Esc);
    s.wait_gone("議題の編成");
    s.key(Key::Space);
    let topic = s.wait_for("議題 1 / 3");
    assert!(topic.contains("事業概要の説明"), "{topic}");
    s.key(Key::Space);
    s.wait_for("新規参加企業数 › 平成30年度 (2018)");
    s.key(Key::Char(b'q'));
    assert_eq!(s.wait_exit(), 0);

    let session = kpi_council::store::session_file::load(&dir.path().join("meeting.ron"))
        .expect("the session file reads");
    let plan = embedded::load().expect("embedded").dataset.plan;
    let titles: Vec<String> = session
        .agenda(&plan)
        .iter()
        .map(|a| a.title(&plan, kpi_council::domain::fiscal::FiscalYear::wareki))
        .collect();
    assert_eq!(titles, ["事業概要の説明", "新規参加企業数 平成30年度", "進出企業数 平成30年度"]);
}

/// `new --from` the golden session, for the meeting of 2020-05-18, written
/// as `next.ron` in `dir` and read back.
/// 新規移動人数 平成30年度, the follow-up session's first KPI item.
fn on_the_first_item() -> Target {
    Target::Item {
        kpi: "新規移動人数".into(),
        fiscal_year: kpi_council::domain::fiscal::FiscalYear(2018),
    }
}

/// The follow-up session's 前回の指摘事項 item.
fn on_the_follow_ups() -> Target {
    Target::Agenda { id: "前回の指摘事項".into() }
}

/// An opinion said at `time` (RFC 3339) on `target`.
fn opinion(
    id: &str,
    time: &str,
    target: Target,
    text: &str,
) -> kpi_council::domain::session::Remark {
    kpi_council::domain::session::Remark::new(
        id.into(),
        DateTime::parse_from_rfc3339(time).expect("time"),
        kpi_council::domain::session::RemarkKind::Opinion,
        target,
        text.into(),
    )
}

/// The session's minutes in `format` on the embedded data, as text.
fn minutes_text(session: &Session, format: Format) -> String {
    let data = &embedded::load().expect("embedded").dataset;
    crate::minutes::text_of(
        format,
        kpi_council::export::render(data, session, format, Options::default()).expect("render"),
    )
}

fn follow_up_session(dir: &std::path::Path) -> kpi_council::domain::session::Session {
    let last =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden-session.ron");
    crate::common::kpi_council()
        .current_dir(dir)
        .args(["new", "--from"])
        .arg(&last)
        .args(["--date", "2020-05-18", "-o", "next.ron"])
        .assert()
        .success();
    kpi_council::store::session_file::load(&dir.join("next.ron")).expect("the new session reads")
}

/// A new meeting following up the last one opens on its first item,
/// 前回の指摘事項への対応 (議題 1), so the first Space goes on to item 2:
/// from the overview's first KPI item (議題 2) it went on to item 3.
#[test]
fn a_new_follow_up_meeting_starts_on_its_first_item() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session = follow_up_session(dir.path());
    let mut app = App::new(embedded::load().expect("embedded"), Lang::Ja, session, t0());
    assert_eq!(app.screen_kind(), ScreenKind::Topic);
    assert_eq!(app.agenda_position(), (1, 4));
    update(&mut app, Action::NextItem);
    assert_eq!(app.agenda_position(), (2, 4));
}

/// `new --from`: last year's 決定事項 and 要対応事項 open the new agenda,
/// each with its wording, item and speaker; the secretariat sets the
/// status and a note; the projector and the minutes report them.
#[test]
fn last_years_action_items_are_carried_with_their_status() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session = follow_up_session(dir.path());
    let agenda = session.agenda.clone().expect("an agenda");
    let AgendaItem::FollowUps { items, .. } = &agenda[0] else {
        panic!("前回の指摘事項 first: {agenda:?}")
    };
    let carried: Vec<(&str, &str, &str)> =
        items.iter().map(|f| (f.text.as_str(), f.about.as_str(), f.speaker.as_str())).collect();
    assert_eq!(
        carried,
        [
            ("平成30年度の評価は原案のとおりとする。", "会議全体", "山田 太郎（会長）"),
            ("地元企業向け説明会を開催する | 6月中", "会議全体", "鈴木 一郎（事務局）"),
        ]
    );
    // A May 2020 meeting evaluates 令和元年度: the plan ended with 平成30年度.
    assert!(matches!(&agenda[1], AgendaItem::Kpi { fiscal_year, .. } if fiscal_year.0 == 2018));

    let mut app = App::new(embedded::load().expect("embedded"), Lang::Ja, session, t0());
    app.set_agenda_position(0);
    assert_eq!(app.screen_kind(), ScreenKind::Topic);
    update(&mut app, Action::Down);
    update(&mut app, Action::Enter); // 未着手 → 対応中
    update(&mut app, Action::Note);
    type_text(&mut app, "7月に開催予定");
    key(&mut app, KeyCode::Enter);
    let shown = screen(&app);
    for text in [
        "前回の指摘事項への対応",
        "〔未着手〕平成30年度の評価",
        "〔対応中〕地元企業向け説明会",
        "7月に開催予定",
    ] {
        assert!(shown.contains(&text.replace(' ', "")), "{text}:\n{shown}");
    }
    let mut follower =
        App::new(embedded::load().expect("embedded"), Lang::Ja, app.session().clone(), t0());
    follower.set_mode(Mode::Following("next.ron".into()));
    assert!(screen(&follower).contains("〔対応中〕地元企業向け説明会"), "{}", screen(&follower));
    update(&mut app, Action::Undo);
    assert!(screen(&app).contains("〔対応中〕"), "undo takes back the note first");
    assert!(!screen(&app).contains("7月に開催予定"));

    let data = &embedded::load().expect("embedded").dataset;
    let md = kpi_council::export::render(data, app.session(), Format::Md, Options::default())
        .expect("md");
    let md = String::from_utf8(md).expect("utf-8");
    assert_in_order(
        &md[md.find("## 審議の内容").expect("proceedings")..],
        &[
            "### 1. 前回の指摘事項への対応",
            "| 決定事項 | 平成30年度の評価は原案のとおりとする。 | 会議全体 | 山田 太郎（会長） | 未着手 |",
            "| 要対応事項 | 地元企業向け説明会を開催する \\| 6月中 | 会議全体 | 鈴木 一郎（事務局） | 対応中 |",
            "### 2. ",
            "#### （1）新規移動人数 平成30年度",
        ],
    );
    let html = kpi_council::export::render(data, app.session(), Format::Html, Options::default())
        .expect("html");
    let html = String::from_utf8(html).expect("utf-8");
    assert_in_order(
        &html,
        &["前回の指摘事項への対応", "地元企業向け説明会", "対応中", "新規移動人数 平成30年度"],
    );
    let docx = crate::documents::docx_text(
        &kpi_council::export::render(data, app.session(), Format::Docx, Options::default())
            .expect("docx"),
    );
    assert_in_order(
        &docx,
        &["前回の指摘事項への対応", "地元企業向け説明会を開催する | 6月中", "対応中"],
    );
    // And the evaluation workbook has them on a sheet of their own.
    let xlsx = kpi_council::export::render(data, app.session(), Format::Xlsx, Options::default())
        .expect("xlsx");
    let mut book: calamine::Xlsx<_> =
        calamine::Reader::new(std::io::Cursor::new(xlsx)).expect("xlsx");
    assert_eq!(
        calamine::Reader::sheet_names(&book),
        ["評価シート", "効果検証", "発言", "企業別内訳", "前回の指摘事項"],
        "the follow-ups after the breakdown"
    );
    let sheet = calamine::Reader::worksheet_range(&mut book, "前回の指摘事項")
        .expect("the follow-up sheet");
    let rows: Vec<Vec<calamine::Data>> = sheet.rows().map(<[calamine::Data]>::to_vec).collect();
    let cell = |r: usize, c: usize| rows[r][c].to_string();
    assert_eq!(cell(0, 1), "指摘事項");
    let action = rows
        .iter()
        .position(|r| r[1] == "地元企業向け説明会を開催する | 6月中")
        .expect("the action item");
    assert_eq!(cell(action, 0), "要対応事項");
    assert_eq!(cell(action, 4), "対応中");
    assert_eq!(cell(action, 5), "", "the note was undone above");
}

/// With --lang en the 前回の指摘事項 screen says each status and its key
/// hint in English, with English brackets: it showed 〔未着手〕 and
/// `（会議全体、山田 太郎（会長））` and named the statuses in Japanese.
/// The earlier meeting's own words (its remark, 会議全体, the speaker as
/// the minutes name them) stay as recorded.
#[test]
fn the_follow_ups_are_in_english_with_lang_en() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session = follow_up_session(dir.path());
    let mut app = App::new(embedded::load().expect("embedded"), Lang::En, session, t0());
    app.set_agenda_position(0);
    update(&mut app, Action::Down);
    update(&mut app, Action::Enter);
    update(&mut app, Action::Note);
    type_text(&mut app, "7月に開催予定");
    key(&mut app, KeyCode::Enter);
    let shown = crate::common::drawn_text(&app, 120, 30);
    for text in [
        "[notstarted]平成30年度の評価は原案のとおりとする。(会議全体,山田太郎（会長）)",
        "▶[inprogress]地元企業向け説明会を開催する|6月中(会議全体,鈴木一郎（事務局）)/7月に開催予定",
        "Enterstatus(notstarted→inprogress→done)",
    ] {
        assert!(shown.contains(text), "{text}:\n{shown}");
    }
    for japanese in ["未着手", "対応中", "対応済", "〔", "、", "／"] {
        assert!(!shown.contains(japanese), "{japanese} in English:\n{shown}");
    }
    // At 80 columns a row too long is wrapped, never cut: the note typed
    // at the meeting, at its end, was not seen.
    let narrow = crate::common::drawn_text(&app, 80, 24);
    assert!(narrow.contains("/7月に開催予定"), "{narrow}");
}

/// The Word minutes' 議題 are the agenda as arranged: 前回の指摘事項 and
/// each free item are 議題 of their own, listed in 開催概要 and headed
/// 議題（n） in its order, the KPIs' 達成状況 and 事業の効果検証 where the
/// first KPI item stands. They listed the two fixed 議題 only, and put
/// the free items under 議題（1） as （1）前回の指摘事項への対応 … (2) その他,
/// repeating the 議題's numbers. Markdown and HTML list the same 議題.
#[test]
fn the_word_minutes_list_and_head_every_item_of_the_agenda_as_arranged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut session = follow_up_session(dir.path());
    let mut agenda = session.agenda.clone().expect("an agenda");
    let free = |id: &str, title: &str, document: &str| AgendaItem::Free {
        id: id.into(),
        title: title.into(),
        document: document.into(),
        note: String::new(),
    };
    agenda.insert(1, free("g1", "事業概要の説明", "資料1"));
    agenda.push(free("g2", "その他", ""));
    session.agenda = Some(agenda);
    let at = DateTime::parse_from_rfc3339("2020-05-18T15:00:00+09:00").expect("time");
    let said = |id: &str, target: &str, text: &str| {
        kpi_council::domain::session::Remark::new(
            id.into(),
            at,
            kpi_council::domain::session::RemarkKind::Opinion,
            Target::Agenda { id: target.into() },
            text.into(),
        )
    };
    session.remarks.push(said("02R01", "g1", "概要を了承した。"));
    session.remarks.push(said("02R02", "g2", "次回は5月に開催する。"));
    let data = &embedded::load().expect("embedded").dataset;
    let docx = crate::documents::docx_text(
        &kpi_council::export::render(data, &session, Format::Docx, Options::default())
            .expect("docx"),
    );
    let kpis = "ICT拠点を活用した人と仕事の誘致と地元人材の育成による情報関連産業・雇用再生計画の平成30年度KPI達成状況について";
    let topics =
        ["前回の指摘事項への対応", "事業概要の説明", kpis, "事業の効果検証について", "その他"];
    let lines: Vec<&str> = docx.lines().collect();
    let outline: Vec<String> =
        topics.iter().enumerate().map(|(i, t)| format!("（{}）{t}", i + 1)).collect();
    let at_outline =
        lines.iter().position(|l| l.ends_with("　議題")).expect("the 議題 of the outline");
    assert_eq!(lines[at_outline + 1..=at_outline + topics.len()], outline, "{docx}");
    let proceedings = &docx[docx.find("議事の経過").expect("proceedings")..];
    let headings: Vec<String> =
        topics.iter().enumerate().map(|(i, t)| format!("議題（{}）{t}", i + 1)).collect();
    let headings: Vec<&str> = headings.iter().map(String::as_str).collect();
    assert_in_order(proceedings, &headings);
    assert_in_order(
        proceedings,
        &["議題（2）事業概要の説明", "資料番号：資料1", "概要を了承した。"],
    );
    assert_in_order(proceedings, &["議題（5）その他", "次回は5月に開催する。"]);
    for title in ["前回の指摘事項への対応", "事業概要の説明", "その他"] {
        assert!(
            !lines.iter().any(|l| l.starts_with('（')
                && l.ends_with(title)
                && docx.find(*l) > docx.find("議事の経過")),
            "{title} is numbered again among the KPI items:\n{docx}"
        );
    }
    let md = String::from_utf8(
        kpi_council::export::render(data, &session, Format::Md, Options::default()).expect("md"),
    )
    .expect("utf-8");
    let listed: Vec<String> =
        topics.iter().enumerate().map(|(i, t)| format!("  {}. {t}", i + 1)).collect();
    let listed: Vec<&str> = listed.iter().map(String::as_str).collect();
    assert_in_order(&md[..md.find("## 重要業績").expect("the KPI table")], &listed);
}

/// The workbook's 発言 sheet lists the remarks in the agenda's order, as
/// every other format does: those on 前回の指摘事項 (議題 1) first. It
/// listed every KPI item's first and the free items' after them.
#[test]
fn the_remarks_sheet_follows_the_agenda() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut session = follow_up_session(dir.path());
    let (on_item, on_follow_ups) = (on_the_first_item(), on_the_follow_ups());
    for (id, time, target, text) in [
        ("02R01", "2020-05-18T14:05:00+09:00", on_follow_ups, "説明会は6月に開いた。"),
        ("02R02", "2020-05-18T14:20:00+09:00", on_item, "定着状況を知りたい。"),
    ] {
        session.remarks.push(opinion(id, time, target, text));
    }
    let data = &embedded::load().expect("embedded").dataset;
    let xlsx = kpi_council::export::render(data, &session, Format::Xlsx, Options::default())
        .expect("xlsx");
    let (_, rows) = crate::minutes::sheets(xlsx)
        .into_iter()
        .find(|(name, _)| name == "発言")
        .expect("the 発言 sheet");
    let texts: Vec<String> = rows.iter().skip(1).map(|r| r[4].to_string()).collect();
    assert_eq!(texts, ["説明会は6月に開いた。", "定着状況を知りたい。"]);
}

/// A remark on the meeting as a whole said after 前回の指摘事項 was taken up
/// stands after it in the Word minutes: the agenda's beginning was told
/// from the KPI items' remarks alone (by their clock times as text), and
/// the remark was printed above 議題（1）, before what was said earlier.
#[test]
fn a_remark_on_the_meeting_stands_after_the_free_items_said_before_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut session = follow_up_session(dir.path());
    let (on_item, on_follow_ups) = (on_the_first_item(), on_the_follow_ups());
    for (id, time, target, text) in [
        ("02R01", "2020-05-18T14:02:00+09:00", Target::Meeting, "開会の挨拶。"),
        ("02R02", "2020-05-18T14:05:00+09:00", on_follow_ups, "説明会は6月に開いた。"),
        ("02R03", "2020-05-18T14:10:00+09:00", Target::Meeting, "ここで資料を差し替える。"),
        ("02R04", "2020-05-18T14:20:00+09:00", on_item, "定着状況を知りたい。"),
    ] {
        session.remarks.push(opinion(id, time, target, text));
    }
    let data = &embedded::load().expect("embedded").dataset;
    let docx = crate::documents::docx_text(
        &kpi_council::export::render(data, &session, Format::Docx, Options::default())
            .expect("docx"),
    );
    assert_in_order(
        &docx,
        &["開会の挨拶。", "議題（1）", "説明会は6月に開いた。", "ここで資料を差し替える。"],
    );
}

/// An earlier meeting's decision typed over two lines stands in the Word
/// minutes' 前回の指摘事項 table with its line break: the cell showed
/// 「…とする。␊なお…」.
#[test]
fn a_follow_up_of_two_lines_breaks_its_line_in_the_word_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut session = follow_up_session(dir.path());
    let mut agenda = session.agenda.clone().expect("an agenda");
    let AgendaItem::FollowUps { items, .. } = &mut agenda[0] else { panic!("{agenda:?}") };
    items[0].text = "評価は原案のとおりとする。\nなお文言は事務局に一任する。".into();
    session.agenda = Some(agenda);
    let data = &embedded::load().expect("embedded").dataset;
    let docx = crate::documents::docx_text(
        &kpi_council::export::render(data, &session, Format::Docx, Options::default())
            .expect("docx"),
    );
    assert!(docx.contains("評価は原案のとおりとする。⏎なお文言は事務局に一任する。"), "{docx}");
    assert!(!docx.contains('\u{240a}'), "no visible ␊:\n{docx}");
}

/// The public minutes made with `--anonymize` name the secretariat by
/// role in 前回の指摘事項 too, as everywhere else: the earlier meeting's
/// action item named 鈴木 一郎（事務局） in every format.
#[test]
fn an_action_item_carried_from_last_year_names_the_secretariat_by_role_when_anonymized() {
    use kpi_council::domain::session::{Attendee, Role};
    let dir = tempfile::tempdir().expect("temp dir");
    let mut session = follow_up_session(dir.path());
    session.sheet.attendees = vec![
        Attendee::new("a1", "山田 太郎", "北見商工会議所", Role::Chair),
        Attendee::new("a2", "鈴木 一郎", "北見市商工観光部", Role::Secretariat),
    ];
    let data = &embedded::load().expect("embedded").dataset;
    for format in crate::minutes::FORMATS {
        let render = |public, anonymize| {
            let bytes =
                kpi_council::export::render(data, &session, format, Options { public, anonymize })
                    .expect("render");
            crate::minutes::text_of(format, bytes)
        };
        let anonymized = render(true, true);
        assert!(!anonymized.contains("鈴木"), "{format:?}:\n{anonymized}");
        assert!(anonymized.contains("事務局（北見市商工観光部）"), "{format:?}:\n{anonymized}");
        assert!(anonymized.contains("山田 太郎（会長）"), "{format:?}: the chair by name");
        assert!(render(true, false).contains("鈴木 一郎（事務局）"), "{format:?}: named");
    }
}

/// A figure the earlier meeting saw differently (a 速報 since confirmed)
/// is shown with both values on the item screen and in the minutes; the
/// meeting records what it saw, and `new --from` carries that on.
#[test]
fn a_changed_figure_is_shown_with_both_values() {
    use kpi_council::domain::quantity::Quantity;
    use kpi_council::domain::session::figures::{EarlierFigures, SeenFigure};
    let seen = |actual| SeenFigure {
        kpi: "新規移動人数".into(),
        fiscal_year: kpi_council::domain::fiscal::FiscalYear(2018),
        actual: Some(Quantity::units(actual)),
        source: "速報値".into(),
    };
    let sheet = Sheet { date: "2019-05-20".parse().ok(), ..Sheet::default() };
    let mut session = Session::new(sheet, DataRefs::default());
    session.earlier_figures = Some(EarlierFigures {
        from: "第1回 令和元年5月13日".into(),
        figures: vec![seen(30)],
    });
    let mut app = App::new(embedded::load().expect("embedded"), Lang::Ja, session, t0());
    update(&mut app, Action::Enter);
    let shown = screen(&app);
    assert!(shown.contains("前回会議時30人→今回36人（前回の出典：速報値）"), "{shown}");
    assert_eq!(
        app.session().figures_seen.iter().map(|f| f.actual).collect::<Vec<_>>(),
        [Some(Quantity::units(36))],
        "the meeting records the figure it saw"
    );
    update(&mut app, Action::NextItem);
    assert!(!screen(&app).contains("前回会議時"), "an unchanged figure says nothing");

    let data = &embedded::load().expect("embedded").dataset;
    let md = kpi_council::export::render(data, app.session(), Format::Md, Options::default())
        .expect("md");
    let md = String::from_utf8(md).expect("utf-8");
    assert_in_order(
        &md,
        &[
            "#### （1）新規移動人数 平成30年度",
            "前回会議時 30人 → 今回 36人（前回の出典：速報値）",
            "#### （2）",
        ],
    );
    let html = kpi_council::export::render(data, app.session(), Format::Html, Options::default())
        .expect("html");
    assert!(String::from_utf8(html).expect("utf-8").contains("前回会議時 30人 → 今回 36人"));

    // The next meeting, made from this one, compares with what it saw.
    let dir = tempfile::tempdir().expect("temp dir");
    let text = kpi_council::store::session_file::to_text(app.session()).expect("ron");
    std::fs::write(dir.path().join("last.ron"), text).expect("write");
    crate::common::kpi_council()
        .current_dir(dir.path())
        .args(["new", "--from", "last.ron", "--date", "2020-05-18", "-o", "next.ron"])
        .assert()
        .success();
    let next = kpi_council::store::session_file::load(&dir.path().join("next.ron")).expect("next");
    let carried = next.earlier_figures.expect("the figures carried");
    assert_eq!(carried.figures, app.session().figures_seen);
}

/// A stated total may say whether it is 速報 or 確定: the item screen and
/// the minutes show it beside the source.
#[test]
fn a_preliminary_figure_says_so_beside_its_source() {
    use kpi_council::domain::actuals::FigureStatus;
    let mut loaded = embedded::load().expect("embedded");
    let stated = loaded
        .dataset
        .actuals
        .stated_totals
        .iter_mut()
        .find(|s| s.kpi == "進出企業数" && s.fiscal_year.0 == 2016)
        .expect("a stated total");
    stated.status = Some(FigureStatus::Preliminary);
    let source = format!("{}（速報）", stated.source);
    let data = loaded.dataset.clone();
    let mut app = App::in_memory(loaded, Lang::Ja, t0());
    app.cursor = kpi_council::app::state::Cursor { kpi: 2, year: 0 };
    update(&mut app, Action::Enter);
    assert!(screen(&app).contains(&source.replace(' ', "")), "{}", screen(&app));
    let md = kpi_council::export::render(&data, app.session(), Format::Md, Options::default())
        .expect("md");
    assert!(String::from_utf8(md).expect("utf-8").contains(&format!("出典：{source}")));
}

/// An item the plan cannot show (a KPI id edited by hand) is passed over,
/// never a dead end for Space.
#[test]
fn space_passes_over_an_item_the_plan_does_not_have() {
    let fy = kpi_council::domain::fiscal::FiscalYear(2018);
    let kpi = |id: &str| AgendaItem::Kpi { kpi: id.into(), fiscal_year: fy, title: String::new() };
    let mut session = Session::new(Sheet::default(), DataRefs::default());
    session.agenda = Some(vec![kpi("新規移動人数"), kpi("存在しない指標"), kpi("進出企業数")]);
    let mut app = App::new(embedded::load().expect("embedded"), Lang::Ja, session, t0());
    assert_eq!(app.agenda_position(), (1, 3));
    update(&mut app, Action::NextItem);
    assert_eq!(app.agenda_position(), (3, 3));
    update(&mut app, Action::PrevItem);
    assert_eq!(app.agenda_position(), (1, 3));
}

/// `y`: the plan across the years, every KPI's figures in each year and
/// over the period, with the judgments of the earlier meetings found in the
/// sessions folder and of this one.
#[test]
fn the_plan_across_the_years_shows_each_meetings_judgments() {
    use kpi_council::domain::session::{Judgment, JudgmentTarget};
    let dir = tempfile::tempdir().expect("temp dir");
    let loaded = embedded::load().expect("embedded");
    let refs =
        DataRefs { plan: loaded.plan_source.data_ref(), actuals: loaded.actuals_source.data_ref() };
    let sheet =
        Sheet { title: "第1回".into(), date: "2018-05-21".parse().ok(), ..Sheet::default() };
    let mut earlier = Session::new(sheet, refs);
    earlier.judgments.push(Judgment {
        target: JudgmentTarget::Item {
            kpi: "新規移動人数".into(),
            fiscal_year: kpi_council::domain::fiscal::FiscalYear(2017),
        },
        effect: "地方創生に効果があった".into(),
        policy: "改善して継続".into(),
        reason: String::new(),
        at: t0(),
        internal: false,
        withdrawn: None,
        history: Vec::new(),
    });
    let text = kpi_council::store::session_file::to_text(&earlier).expect("ron");
    std::fs::write(dir.path().join("2018-05-21-北見市.ron"), text).expect("write");

    let settings = kpi_council::config::Settings::plain(Lang::Ja);
    let meeting = kpi_council::commands::meeting::open(
        loaded,
        &settings,
        Some(&dir.path().join("2019-05-20-北見市.ron")),
        t0(),
    )
    .expect("open");
    let mut app = meeting.app;
    assert_eq!(app.earlier_meetings.len(), 1, "the earlier meeting is found");
    update(&mut app, Action::Years);
    assert_eq!(app.screen_kind(), ScreenKind::Years);
    let shown = screen(&app);
    for text in [
        "新規移動人数（人）",
        "平成28年度(2016)目標10人実績12人120.0%達成",
        "計画期間（合計）目標110人実績90人81.8%概ね達成",
        "評価［第1回平成30年5月21日］平成29年度(2017)：地方創生に効果があった／改善して継続",
    ] {
        assert!(shown.contains(text), "{text}:\n{shown}");
    }
    // With --lang en the screen's own words are English (the plan's words,
    // its KPIs, units and judgment categories, stay as the plan has them).
    app.lang = Lang::En;
    let shown = screen(&app);
    for text in [
        "新規移動人数(人)",
        "Judgment[第1回2018-05-21]FY2017(H29):地方創生に効果があった/改善して継続",
    ] {
        assert!(shown.contains(text), "{text}:\n{shown}");
    }
    for japanese in ["評価", "［", "］", "（", "：", "／", "平成30年5月21日"] {
        assert!(!shown.contains(japanese), "{japanese} in English:\n{shown}");
    }
}

/// A meeting made with `--lang en` is titled as the minutes say it, in
/// Japanese: its title was FY2019 北見地域企業立地促進協議会, and the
/// official Japanese minutes carried it so.
#[test]
fn a_new_meetings_title_is_japanese_whatever_the_interfaces_language() {
    let loaded = embedded::load().expect("embedded");
    let date = chrono::NaiveDate::from_ymd_opt(2019, 5, 20).expect("date");
    for lang in [Lang::Ja, Lang::En] {
        let settings = kpi_council::config::Settings::plain(lang);
        let sheet =
            kpi_council::commands::meeting::default_sheet(&loaded.dataset.plan, date, &settings);
        assert_eq!(sheet.title, "令和元年度 北見地域企業立地促進協議会", "{lang:?}");
    }
}

/// An item added with `--lang en` and not renamed stands in the Japanese
/// minutes as 新しい議題 (it was New item there).
#[test]
fn a_new_item_is_named_in_japanese_whatever_the_interfaces_language() {
    let mut app = may_2019();
    app.lang = Lang::En;
    update(&mut app, Action::Agenda);
    update(&mut app, Action::AddItem);
    let agenda = app.session().agenda.clone().expect("arranged");
    assert!(
        matches!(&agenda[1], AgendaItem::Free { title, .. } if title == "新しい議題"),
        "{:?}",
        agenda[1]
    );
}

fn free_item(id: &str, title: &str, document: &str) -> AgendaItem {
    AgendaItem::Free {
        id: id.into(),
        title: title.into(),
        document: document.into(),
        note: String::new(),
    }
}

/// The same 議題 has the same number in the outline and in 審議の内容, in
/// every format. The Markdown and HTML minutes numbered each section of
/// 審議の内容 (`### 6. 交付金の執行状況`, every KPI item counted) while
/// their outline numbered the 議題 (交付金 5); the KPI items now stand
/// （1）（2）… under the KPIs' 議題, as in the Word minutes.
#[test]
fn every_format_numbers_each_topic_in_the_body_as_the_outline_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut session = follow_up_session(dir.path());
    let mut agenda = session.agenda.clone().expect("an agenda");
    agenda.insert(1, free_item("g1", "事業概要の説明", "資料1"));
    agenda.push(free_item("g2", "交付金の執行状況", "資料2"));
    session.agenda = Some(agenda);
    let kpis = "ICT拠点を活用した人と仕事の誘致と地元人材の育成による情報関連産業・雇用再生計画の平成30年度KPI達成状況について";
    let topics = [
        "前回の指摘事項への対応",
        "事業概要の説明",
        kpis,
        "事業の効果検証について",
        "交付金の執行状況",
    ];
    let render = |format| minutes_text(&session, format);
    let md = render(Format::Md);
    let (outline, body) = md.split_at(md.find("## 審議の内容").expect("審議の内容"));
    for (i, t) in topics.iter().enumerate() {
        assert!(outline.contains(&format!("  {}. {t}\n", i + 1)), "{outline}");
    }
    let headings: Vec<String> =
        topics.iter().enumerate().map(|(i, t)| format!("\n### {}. {t}\n", i + 1)).collect();
    let mut expected: Vec<&str> = headings.iter().map(String::as_str).collect();
    expected.insert(3, "\n#### （1）新規移動人数 平成30年度 (2018)\n");
    expected.insert(4, "\n#### （3）進出企業数 平成30年度 (2018)\n");
    assert_in_order(body, &expected);
    assert!(!body.contains("### 6."), "{body}");

    let html = render(Format::Html);
    let (outline, body) = html.split_at(html.find("<h2>審議の内容").expect("審議の内容"));
    let listed: Vec<String> = topics.iter().map(|t| format!("<li>{t}</li>")).collect();
    assert_in_order(outline, &listed.iter().map(String::as_str).collect::<Vec<_>>());
    let headings: Vec<String> =
        topics.iter().enumerate().map(|(i, t)| format!("<h3>{}. {t}</h3>", i + 1)).collect();
    let mut expected: Vec<&str> = headings.iter().map(String::as_str).collect();
    expected.insert(3, "<h4>（1）新規移動人数 平成30年度 (2018)</h4>");
    assert_in_order(body, &expected);
    assert!(!body.contains("<h3>6."), "{body}");

    let docx = render(Format::Docx);
    let (outline, body) = docx.split_at(docx.find("議事の経過").expect("議事の経過"));
    let listed: Vec<String> =
        topics.iter().enumerate().map(|(i, t)| format!("（{}）{t}", i + 1)).collect();
    assert_in_order(outline, &listed.iter().map(String::as_str).collect::<Vec<_>>());
    let headings: Vec<String> =
        topics.iter().enumerate().map(|(i, t)| format!("議題（{}）{t}", i + 1)).collect();
    assert_in_order(body, &headings.iter().map(String::as_str).collect::<Vec<_>>());
}

/// A KPI item renamed on the agenda screen is headed by the name the
/// council gave it in every format, with the KPI's own name and year
/// beside its figures (`指標：…`); the tables and the judgments keep
/// citing the KPI. Every format headed it by the KPI's name alone.
#[test]
fn a_kpi_item_renamed_on_the_agenda_is_headed_by_that_name_in_every_format() {
    use kpi_council::domain::fiscal::FiscalYear;
    use kpi_council::domain::session::{Judgment, JudgmentTarget, Remark, RemarkKind};
    let fy = FiscalYear(2018);
    let kpi = |id: &str, title: &str| AgendaItem::Kpi {
        kpi: id.into(),
        fiscal_year: fy,
        title: title.into(),
    };
    let sheet = Sheet { date: "2019-05-20".parse().ok(), ..Sheet::default() };
    let mut session = Session::new(sheet, DataRefs::default());
    session.agenda = Some(vec![
        kpi("新規移動人数", "ICT人材の移住・定住の促進"),
        kpi("新規参加企業数", ""),
        kpi("進出企業数", ""),
    ]);
    let item = Target::Item { kpi: "新規移動人数".into(), fiscal_year: fy };
    session.remarks.push(Remark::new(
        "01R01".into(),
        t0(),
        RemarkKind::Opinion,
        item,
        "定着状況を知りたい。".into(),
    ));
    session.judgments.push(Judgment {
        target: JudgmentTarget::Item { kpi: "新規移動人数".into(), fiscal_year: fy },
        effect: "地方創生に効果があった".into(),
        policy: "改善して継続".into(),
        reason: "目標に届かなかった".into(),
        at: t0(),
        internal: false,
        withdrawn: None,
        history: Vec::new(),
    });
    let data = &embedded::load().expect("embedded").dataset;
    for (format, heading) in [
        (Format::Md, "#### （1）ICT人材の移住・定住の促進\n"),
        (Format::Html, "<h4>（1）ICT人材の移住・定住の促進</h4>"),
        (Format::Docx, "（1）ICT人材の移住・定住の促進\n"),
    ] {
        let text = crate::minutes::text_of(
            format,
            kpi_council::export::render(data, &session, format, Options::default())
                .expect("render"),
        );
        assert_in_order(
            &text,
            &[heading, "指標：新規移動人数 平成30年度 (2018)", "実績", "定着状況を知りたい。"],
        );
        assert!(!text.contains("（1）新規移動人数"), "{format:?}:\n{text}");
        // Unrenamed items say no 指標 line.
        assert_eq!(text.matches("指標：").count(), 1, "{format:?}:\n{text}");
    }
    // The workbook's 効果検証 row of the KPI still carries its judgment.
    let xlsx = kpi_council::export::render(data, &session, Format::Xlsx, Options::default())
        .expect("xlsx");
    let (_, rows) = crate::minutes::sheets(xlsx)
        .into_iter()
        .find(|(name, _)| name == "効果検証")
        .expect("the 効果検証 sheet");
    let row = rows.iter().find(|r| r[1].to_string().starts_with("新規移動人数")).expect("row");
    assert_eq!(row[5].to_string(), "地方創生に効果があった");
}

/// A free item taken off the agenda, its remarks kept, stands as （n） under
/// the KPIs' 議題 (`<h4>`); its 発言 label is then one level below it
/// (`<h5>`), never a heading beside it. An earlier meeting's remark whose
/// speaker was never chosen is 発言者未指定, never an empty cell.
#[test]
fn sections_under_the_kpis_nest_their_headings_and_name_no_speaker_as_unspecified() {
    use kpi_council::domain::fiscal::FiscalYear;
    use kpi_council::domain::session::{FollowUp, FollowUpStatus, Remark, RemarkKind};
    let fy = FiscalYear(2018);
    let sheet = Sheet { date: "2019-05-20".parse().ok(), ..Sheet::default() };
    let mut session = Session::new(sheet, DataRefs::default());
    session.agenda = Some(vec![
        AgendaItem::Kpi { kpi: "新規移動人数".into(), fiscal_year: fy, title: String::new() },
        AgendaItem::FollowUps {
            from: "平成30年度 第1回".into(),
            items: vec![FollowUp {
                remark: "01R03".into(),
                kind: RemarkKind::Action,
                text: "定着状況を調べる。".into(),
                about: "会議全体".into(),
                speaker: String::new(),
                status: FollowUpStatus::default(),
                note: String::new(),
            }],
        },
    ]);
    session.remarks.push(Remark::new(
        "01R01".into(),
        t0(),
        RemarkKind::Opinion,
        Target::Agenda { id: "taken-off".into() },
        "議題から外した項目への発言。".into(),
    ));
    let render = |format| minutes_text(&session, format);
    let html = render(Format::Html);
    let heading = html.find("<h4>（2）").unwrap_or_else(|| panic!("no （2） heading:\n{html}"));
    let remark = html.find("議題から外した項目への発言。").expect("the remark");
    assert!(heading < remark, "{html}");
    let between = &html[heading..remark];
    assert!(between.contains("<h5>発言</h5>"), "{between}");
    assert!(!between.contains("<h4>発言</h4>"), "{between}");
    for format in [Format::Md, Format::Html, Format::Docx] {
        let text = render(format);
        assert_in_order(&text, &["定着状況を調べる。", "発言者未指定"]);
    }
}

/// The meeting made with `new --from` lists the earlier chair as 欠席 until
/// the roll call; `check` says there is no chair present, whose name the
/// minutes' opening sentence would otherwise leave out (「会長が開会を宣言
/// した」 of nobody there). It does not block the export.
#[test]
fn check_says_when_no_chair_is_marked_present() {
    use kpi_council::domain::session::{Attendee, Role};
    let dir = tempfile::tempdir().expect("temp dir");
    let sheet = Sheet {
        date: "2019-05-20".parse().ok(),
        attendees: vec![
            Attendee::new("a1", "山田 太郎", "北見商工会議所", Role::Chair),
            Attendee::new("a2", "佐藤 花子", "", Role::Member),
        ],
        ..Sheet::default()
    };
    let last = Session::new(sheet, DataRefs::default());
    let text = kpi_council::store::session_file::to_text(&last).expect("ron");
    std::fs::write(dir.path().join("last.ron"), text).expect("write");
    let check = |file: &str| {
        let out = crate::common::kpi_council()
            .current_dir(dir.path())
            .args(["--lang", "en", "check", file])
            .output()
            .expect("check");
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    assert!(!check("last.ron").contains("No chair"), "the chair is present");
    crate::common::kpi_council()
        .current_dir(dir.path())
        .args(["new", "--from", "last.ron", "--date", "2020-05-18", "-o", "next.ron"])
        .assert()
        .success();
    let said = check("next.ron");
    assert!(said.contains("No chair (会長) marked present"), "{said}");
}
