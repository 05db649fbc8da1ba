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
    let now = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    App::in_memory(embedded::load().expect("embedded default"), lang, now)
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

/// A plan of five years at 80 columns leaves nine columns a cell: the
/// plan-period rate is never cut for the rule's word or its mark (110.0%
/// and ＊95.0% whole).
#[test]
fn overview_of_five_years_80x24() {
    let mut loaded = embedded::load().expect("embedded default");
    let mut plan = loaded.dataset.plan.clone();
    plan.fiscal_years = (2014..=2018).map(kpi_council::domain::fiscal::FiscalYear).collect();
    let actuals = loaded.dataset.actuals.clone();
    loaded.dataset = kpi_council::domain::dataset::Dataset::new(plan, actuals).expect("valid");
    let now = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    let app = App::in_memory(loaded, Lang::Ja, now);
    let screen = draw(&app, 80, 24).backend().to_string();
    for shown in ["│合計81.8% │", "│＊  95.0% │", "│   150.0% │"] {
        assert!(screen.contains(shown), "{shown} in\n{screen}");
    }
    assert_snapshot!(screen);
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

/// The plan across the years: a sum that leaves out a year without a
/// target says so under its figure, in each language.
#[test]
fn years_80x24() {
    let app = with(&[Action::Years], Lang::Ja);
    assert_snapshot!(draw(&app, 80, 24).backend());
    let app = with(&[Action::Years], Lang::En);
    assert_snapshot!("years_english_80x24", draw(&app, 80, 24).backend());
}

/// The overview's help ends with what its ＊ means, when a figure has it
/// (at 80x24 the help scrolls to it).
#[test]
fn help_on_the_overview_explains_the_mark() {
    let app = with(&[Action::Help], Lang::Ja);
    let screen = draw(&app, 100, 50).backend().to_string();
    assert!(screen.contains("＊"), "{screen}");
    assert!(screen.contains("計画期間の合計から除いた年度がある（議題の画面に理由）"), "{screen}");
}

/// In English at 80 columns the overview's help ends with what its * means,
/// whole: the line was cut mid-word ("(the item scree").
#[test]
fn help_on_the_overview_explains_the_mark_whole_at_80_columns() {
    let mut actions = vec![Action::Help];
    actions.extend([Action::Down; 30]);
    let app = with(&actions, Lang::En);
    let screen = draw(&app, 80, 24).backend().to_string();
    assert!(screen.contains(Lang::En.note_mark_meaning()), "{screen}");
}

/// The item screen's target caption at 80 columns: the date whole, in
/// both languages (the English one was cut: "Target (as of end of Mar…").
#[test]
fn item_target_caption_whole_at_80_columns() {
    for (lang, caption) in
        [(Lang::Ja, "目標 (平成31年3月末 時点)"), (Lang::En, "Target (as of 2019-03-31)")]
    {
        let app = with(&[Action::Enter, Action::Right, Action::Right], lang);
        let screen = draw(&app, 80, 24).backend().to_string();
        assert!(screen.contains(caption), "{lang:?}:\n{screen}");
    }
}

/// The agenda's help says what d does there: it removes the item (it said
/// "delete the selected remark or attendee").
#[test]
fn agenda_help_says_d_removes_the_item() {
    for (lang, words) in [
        (Lang::Ja, "選んだ発言・出席者・議題を削除"),
        (Lang::En, "delete the selected remark, attendee or agenda item"),
    ] {
        let app = with(&[Action::Agenda, Action::Help], lang);
        let screen = draw(&app, 80, 24).backend().to_string();
        assert!(screen.contains(words), "{lang:?}:\n{screen}");
    }
}

/// What Enter does is said as the screen does it: on the agenda it
/// renames the item, on the session sheet it edits the field, with the
/// remarks selected it edits the remark (the help said "drill down" there,
/// as on the overview).
#[test]
fn help_says_what_enter_does_on_the_agenda_and_the_sheet() {
    for (lang, opens, words) in [
        (Lang::Ja, Action::Agenda, "議題名を変更"),
        (Lang::En, Action::Agenda, "rename the item"),
        (Lang::Ja, Action::SessionSheet, "選んだ項目を編集"),
        (Lang::En, Action::SessionSheet, "edit the selected field"),
    ] {
        let app = with(&[opens, Action::Help], lang);
        let screen = draw(&app, 80, 24).backend().to_string();
        assert!(screen.contains(words), "{lang:?}:\n{screen}");
        assert!(!screen.contains(Action::Enter.describe(lang)), "{lang:?}:\n{screen}");
    }
    for (lang, words) in [(Lang::Ja, "選んだ発言を編集"), (Lang::En, "edit the selected remark")]
    {
        let mut app = meeting_app(lang);
        update(&mut app, Action::Remarks);
        update(&mut app, Action::Help);
        let screen = draw(&app, 80, 24).backend().to_string();
        assert!(screen.contains(words), "{lang:?}:\n{screen}");
        assert!(!screen.contains(Action::Enter.describe(lang)), "{lang:?}:\n{screen}");
    }
}

/// The projector waiting for a meeting says so whole at 80 columns, in
/// both languages (the English read "Waiting: waiting for a meeting t…"),
/// and waiting for one meeting its words come before the file's name.
#[test]
fn follower_waiting_says_so_whole_at_80_columns() {
    for (lang, words) in
        [(Lang::Ja, "待機中: 会議を待っています"), (Lang::En, "Waiting: no meeting yet")]
    {
        let mut app = app(lang);
        app.set_mode(kpi_council::app::state::Mode::Waiting(None));
        let screen = draw(&app, 80, 24).backend().to_string();
        let status = screen.lines().last().unwrap_or_default();
        assert!(status.contains(words), "{lang:?}: {status}");
    }
    // Waiting for one meeting: its file's name is what gives way.
    for (lang, words) in
        [(Lang::Ja, "待機中: 開始待ち 2019-05-20-"), (Lang::En, "Waiting: for 2019-05-20-")]
    {
        let mut app = app(lang);
        let path = std::path::PathBuf::from("sessions/2019-05-20-北見市.ron");
        app.set_mode(kpi_council::app::state::Mode::Waiting(Some(path)));
        let screen = draw(&app, 80, 24).backend().to_string();
        let status = screen.lines().last().unwrap_or_default();
        assert!(status.contains(words), "{lang:?}: {status}");
    }
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

/// The rest row of a stated total says 速報 or 確定 after its source, as
/// the item screen and the minutes do (it gave the bare source).
#[test]
fn the_rest_row_on_the_companies_screen_says_whether_the_figure_is_preliminary() {
    let mut loaded = embedded::load().expect("embedded default");
    let mut actuals = loaded.dataset.actuals.clone();
    actuals.stated_totals[0].status = Some(kpi_council::domain::actuals::FigureStatus::Final);
    loaded.dataset =
        kpi_council::domain::dataset::Dataset::new(loaded.dataset.plan.clone(), actuals)
            .expect("valid");
    let now = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    let mut app = App::in_memory(loaded, Lang::Ja, now);
    app.cursor = kpi_council::app::state::Cursor { kpi: 0, year: 2 };
    update(&mut app, Action::Enter);
    update(&mut app, Action::Enter);
    let screen = crate::common::drawn_text(&app, 200, 40);
    // The row in the list, blanks left out: name, value, share, source.
    let row = "（企業別内訳なし）3人8.3%出典:北見市商工観光部調べ（企業別内訳は33人分）（確定）│";
    assert!(screen.contains(row), "{screen}");
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

fn key(app: &mut App, code: crossterm::event::KeyCode) {
    kpi_council::app::update::handle_key(
        app,
        crossterm::event::KeyEvent::new(code, crossterm::event::KeyModifiers::NONE),
    );
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, crossterm::event::KeyCode::Char(c));
    }
}

/// A meeting under way: attendees, remarks on the item, a judgment.
fn meeting_app(lang: Lang) -> App {
    use kpi_council::domain::session::{Attendee, Op, Role};
    let mut app = app(lang);
    let mut sheet = app.session().sheet.clone();
    sheet.title = "令和元年度 第1回 北見地域企業立地促進協議会".into();
    for (id, name, aff, role) in [
        ("a1", "山田 太郎", "北見商工会議所", Role::Chair),
        ("a2", "佐藤 花子", "サンプル工科大学", Role::Member),
        ("a3", "鈴木 一郎", "北見市商工観光部", Role::Secretariat),
    ] {
        sheet.attendees.push(Attendee {
            id: id.into(),
            name: name.into(),
            affiliation: aff.into(),
            role,
            absent: false,
            signer: false,
        });
    }
    app.commit(Op::SetSheet(sheet));
    app.cursor = kpi_council::app::state::Cursor { kpi: 0, year: 2 };
    update(&mut app, Action::Enter);
    for (speaker, kind, text) in [
        ('1', '2', "その50人の内訳は？"),
        (
            '3',
            '3',
            "首都圏企業7社で33人、内訳のない3人は市の調査による。長い回答は画面の幅で折り返して表示される。",
        ),
        ('2', '1', "地元企業の参加を増やす工夫が必要。"),
    ] {
        update(&mut app, Action::NewRemark);
        key(&mut app, crossterm::event::KeyCode::Tab);
        key(&mut app, crossterm::event::KeyCode::Char(speaker));
        // Choosing by number moves on: `Tab 1 Tab 2` sets speaker and kind.
        key(&mut app, crossterm::event::KeyCode::Tab);
        key(&mut app, crossterm::event::KeyCode::Char(kind));
        type_text(&mut app, text);
        key(&mut app, crossterm::event::KeyCode::Enter);
    }
    update(&mut app, Action::Judgment);
    key(&mut app, crossterm::event::KeyCode::Char('3'));
    key(&mut app, crossterm::event::KeyCode::Char('2'));
    type_text(&mut app, "目標に届かなかったが参加企業は増えている");
    key(&mut app, crossterm::event::KeyCode::Enter);
    app
}

#[test]
fn item_with_remarks_80x24() {
    assert_snapshot!(draw(&meeting_app(Lang::Ja), 80, 24).backend());
}

#[test]
fn item_with_remarks_120x40() {
    assert_snapshot!(draw(&meeting_app(Lang::Ja), 120, 40).backend());
}

/// The judgment's reason longer than its line at 80 columns ends in …:
/// cut at the border it read 「…参加企業は増」 on the projector, as if whole.
#[test]
fn a_judgments_reason_too_long_for_its_line_ends_in_an_ellipsis() {
    let terminal = draw(&meeting_app(Lang::Ja), 80, 24);
    let buffer = terminal.backend().buffer();
    let row: String = (0..24u16)
        .map(|y| (0..80u16).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .map(|r| r.replace(' ', ""))
        .find(|r| r.contains("評価:地方創生"))
        .expect("the judgment's line");
    assert!(row.ends_with("参加企業は…│"), "{row}");
}

#[test]
fn overview_with_remark_counts_80x24() {
    let mut app = meeting_app(Lang::Ja);
    update(&mut app, Action::Back);
    assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn remark_editor_puts_the_cursor_at_the_caret() {
    let mut app = meeting_app(Lang::Ja);
    update(&mut app, Action::NewRemark);
    key(&mut app, crossterm::event::KeyCode::Tab);
    type_text(&mut app, "その50人の");
    let mut terminal = draw(&app, 80, 24);
    // The text area starts at the editor's left edge plus its border.
    let row = (0..24)
        .find(|y| {
            let line: String = (0..80)
                .map(|x| terminal.backend().buffer()[(x, *y)].symbol().to_string())
                .collect();
            line.contains("そ")
        })
        .expect("the typed text is on screen");
    let start = (0..80)
        .find(|x| terminal.backend().buffer()[(*x, row)].symbol() == "そ")
        .expect("first character");
    let cursor = terminal.get_cursor_position().expect("cursor");
    assert_eq!((cursor.x, cursor.y), (start + 10, row), "two columns per wide character");
    assert_snapshot!(terminal.backend());
}

#[test]
fn judgment_form_80x24() {
    let mut app = meeting_app(Lang::Ja);
    update(&mut app, Action::Judgment);
    assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn session_sheet_80x24() {
    let mut app = meeting_app(Lang::Ja);
    update(&mut app, Action::SessionSheet);
    update(&mut app, Action::Down);
    assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn minutes_preview_80x24() {
    let mut app = meeting_app(Lang::Ja);
    update(&mut app, Action::Back);
    update(&mut app, Action::Minutes);
    // As the runtime hands over the lines its worker made.
    let kpi_council::app::state::Screen::Minutes(view) = app.screen() else { panic!("preview") };
    let request = view.request;
    let lines = kpi_council::app::minutes::preview_lines(app.loaded(), app.session());
    app.preview_ready(request, lines);
    for _ in 0..2 {
        update(&mut app, Action::NextItem);
    }
    assert_snapshot!(draw(&app, 80, 24).backend());
}

/// An item with no target for its year, in block digits (120x40): the
/// missing target is said in words (目標なし, no target), not drawn as a
/// block `-` with the unit under it (which read as a bar or a minus), and
/// the English caption reads in English order.
#[test]
fn item_without_target_120x40() {
    for (lang, words, caption) in [
        (Lang::Ja, "目標なし", "目標 (平成29年3月末 時点)"),
        (Lang::En, "no target", "Target (as of 2017-03-31)"),
    ] {
        let app = with(&[Action::Down, Action::Enter], lang);
        let terminal = draw(&app, 120, 40);
        let screen = screen_text(&terminal);
        let rows: Vec<&str> = screen.lines().collect();
        // The target's column: its caption, then the words in the digits' rows.
        assert!(rows[3].contains(caption), "{lang:?}: {}", rows[3]);
        let first =
            |r: &str| r.trim_start_matches('│').split("  ").next().unwrap_or("").to_string();
        let column: Vec<String> = rows[4..9].iter().map(|r| first(r)).collect();
        assert_eq!(column, ["", words, "", "", ""], "{lang:?}:\n{screen}");
        assert_snapshot!(format!("item_without_target_120x40_{lang:?}"), terminal.backend());
    }
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let symbol = buffer[(x, y)].symbol();
            out.push_str(symbol);
            // A wide character's second column holds a placeholder.
            x += u16::try_from(unicode_width::UnicodeWidthStr::width(symbol).max(1)).unwrap_or(1);
        }
        out.push('\n');
    }
    out
}

/// At 80x24 the meeting's remarks take room from the matrix: a KPI that no
/// longer fits is marked, and ↓ (or the wheel) brings it into view.
#[test]
fn an_overview_with_meeting_remarks_marks_and_reaches_the_kpi_out_of_view() {
    let mut app = app(Lang::Ja);
    for text in ["開会の挨拶", "議事の確認"] {
        update(&mut app, Action::NewRemark);
        type_text(&mut app, text);
        key(&mut app, crossterm::event::KeyCode::Enter);
    }
    let first = screen_text(&draw(&app, 80, 24));
    assert!(first.contains("開会の挨拶"), "{first}");
    assert!(!first.contains("進出企業数"), "the third KPI is out of view here:\n{first}");
    assert!(first.contains("▼ 続き 1"), "and marked:\n{first}");
    update(&mut app, Action::Down);
    update(&mut app, Action::Down);
    let moved = screen_text(&draw(&app, 80, 24));
    assert!(moved.contains("進出企業数"), "{moved}");
    assert!(moved.contains("▲ 前 1"), "{moved}");
    assert!(!moved.contains("▼ 続き"), "{moved}");
}

/// The wheel scrolls the overview's rows; the agenda item stays where it is.
#[test]
fn the_wheel_scrolls_the_overview_without_changing_the_item() {
    use crossterm::event::{KeyModifiers, MouseEvent, MouseEventKind};
    let mut app = app(Lang::Ja);
    for text in ["開会の挨拶", "議事の確認"] {
        update(&mut app, Action::NewRemark);
        type_text(&mut app, text);
        key(&mut app, crossterm::event::KeyCode::Enter);
    }
    draw(&app, 80, 24);
    let before = app.cursor;
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 20,
        row: 8,
        modifiers: KeyModifiers::NONE,
    };
    kpi_council::app::mouse::handle_mouse(&mut app, wheel, std::time::Instant::now());
    let scrolled = screen_text(&draw(&app, 80, 24));
    assert_eq!(app.cursor, before, "the wheel does not move the agenda");
    assert!(scrolled.contains("進出企業数"), "{scrolled}");
    assert!(scrolled.contains("▲ 前 1"), "{scrolled}");
}

/// The checklist (`e`) over the item screen at 80x24: the item's wide
/// characters in the column left of the popup (計画期間, ＊) would spill
/// their second half over the popup's left border; the border stands
/// whole on every row.
#[test]
fn the_checklist_keeps_its_border_over_wide_characters() {
    let app = with(&[Action::Enter, Action::Export], Lang::Ja);
    let terminal = draw(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    let cell = |x: u16, y: u16| buffer[(x, y)].symbol().to_string();
    let (x, top) = (0..24u16)
        .flat_map(|y| (0..80u16).map(move |x| (x, y)))
        .find(|&(x, y)| cell(x, y) == "┌" && cell(x + 2, y) == "書")
        .expect("the checklist's top left corner");
    let bottom = (top + 1..24).find(|&y| cell(x, y) == "└").expect("its bottom left corner");
    let screen = terminal.backend().to_string();
    for y in top + 1..bottom {
        assert_eq!(cell(x, y), "│", "row {y}\n{screen}");
        let left = cell(x - 1, y);
        assert!(unicode_width::UnicodeWidthStr::width(left.as_str()) <= 1, "row {y}\n{screen}");
    }
}

/// A remark taller than the overview's remark panel (80x24 leaves it
/// three rows) is shown from its head, who said it and when, cut with …;
/// it was shown by its last lines alone, under no one's name.
#[test]
fn a_remark_taller_than_its_panel_is_shown_from_its_head() {
    use kpi_council::app::update::{handle_key, handle_paste};
    let mut app = app(Lang::Ja);
    update(&mut app, Action::NewRemark);
    handle_paste(&mut app, "一行目\n二行目\n三行目\n四行目\n五行目\n六行目");
    handle_key(&mut app, crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter));
    assert_eq!(app.session().remarks.len(), 1);
    let screen = screen_text(&draw(&app, 80, 24));
    let rows: Vec<&str> = screen.lines().collect();
    let at = rows.iter().position(|r| r.contains("発言 1")).expect("the panel");
    assert!(rows[at + 1].contains("14:00 未指定 〔意見〕"), "{screen}");
    assert!(rows[at + 2].contains("一行目"), "{screen}");
    assert!(rows[at + 3].contains('…'), "{screen}");
    assert!(!screen.contains("六行目"), "{screen}");
}

/// With --lang en the item screen's judgment is `effect / policy` and
/// the header names the changed files `Plan and Actuals`: they were
/// `… ／ …` and `Plan・Actuals`, Japanese punctuation in English lines.
#[test]
fn the_item_screen_in_english_has_english_punctuation() {
    let mut app = meeting_app(Lang::En);
    let t = Lang::En.texts();
    app.changed_data = vec![t.plan_file, t.actuals_file];
    let shown = screen_text(&draw(&app, 120, 40));
    let judgment = shown.lines().find(|l| l.contains("Judgment")).expect("the judgment line");
    let plan = &embedded::load().expect("embedded").dataset.plan.judgment;
    let pair = format!("{} / {}", plan.effects[2], plan.policies[1]);
    assert!(judgment.contains(&pair), "{pair}:\n{shown}");
    assert!(shown.contains("the Plan and Actuals file changed"), "{shown}");
    // (The plan's own title keeps its ・.)
    for japanese in ["／", "〔", "［"] {
        assert!(!shown.contains(japanese), "{japanese} in English:\n{shown}");
    }
}

/// With --lang en the session sheet's labels are whole: `Next meet…`.
#[test]
fn the_english_session_sheet_shows_its_labels_whole() {
    let app = with(&[Action::SessionSheet], Lang::En);
    let shown = screen_text(&draw(&app, 80, 24));
    assert!(shown.contains("│ Next meeting "), "{shown}");
}

/// With --lang en the attendee form's labels keep their colons: the name
/// box began over `Affiliation:`'s.
#[test]
fn the_english_attendee_form_shows_its_labels_whole() {
    let mut app = with(&[Action::SessionSheet], Lang::En);
    for _ in 0..8 {
        key(&mut app, crossterm::event::KeyCode::Down);
    }
    key(&mut app, crossterm::event::KeyCode::Enter);
    let shown = screen_text(&draw(&app, 80, 24));
    assert!(shown.contains(" Affiliation: "), "{shown}");
}

/// The plan across the years, scrolled down as far as it goes, keeps the
/// screen full of its last lines: it scrolled on until only its last line
/// was left, and after more ↓ than it has lines, ↑ did nothing visible
/// until as many had been pressed back.
#[test]
fn the_years_screen_scrolls_no_further_than_a_full_screen() {
    let (w, h) = (80, 16);
    // Drawn after every key, as the program does.
    let lines_of = |downs: usize, ups: usize| -> Vec<String> {
        let mut app = with(&[Action::Years], Lang::Ja);
        let keys =
            std::iter::repeat_n(Action::Down, downs).chain(std::iter::repeat_n(Action::Up, ups));
        for key in keys {
            draw(&app, w, h);
            update(&mut app, key);
        }
        screen_text(&draw(&app, w, h)).lines().map(String::from).collect()
    };
    // The rows between the box's borders that hold text.
    let filled = |lines: &[String]| {
        lines[3..usize::from(h) - 2]
            .iter()
            .filter(|l| !l.trim_matches(|c: char| c == '│' || c.is_whitespace()).is_empty())
            .count()
    };
    let top = lines_of(0, 0);
    let bottom = lines_of(80, 0);
    assert_ne!(top, bottom, "the screen scrolls:\n{}", top.join("\n"));
    assert!(
        filled(&bottom) + 2 >= filled(&top),
        "scrolled to the end, the screen stays full:\n{}",
        bottom.join("\n")
    );
    assert_ne!(lines_of(80, 1), bottom, "↑ scrolls back at once:\n{}", bottom.join("\n"));
}

/// The projector records nothing: its help said q quits "(the session is
/// already saved)", which is the recording terminal's to say.
#[test]
fn the_projectors_help_says_who_saves() {
    for (lang, words) in [
        (Lang::Ja, "終了（記録は記録している端末が保存します）"),
        (Lang::En, "quit (the recording terminal saves the session)"),
    ] {
        let mut app = app(lang);
        app.set_mode(kpi_council::app::state::Mode::Following("s.ron".into()));
        update(&mut app, Action::Help);
        let screen = screen_text(&draw(&app, 120, 40));
        assert!(screen.contains(words), "{lang:?}:\n{screen}");
        assert!(!screen.contains(Action::Quit.describe(lang)), "{lang:?}:\n{screen}");
    }
}
