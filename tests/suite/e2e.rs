//! The real binary in a pseudo-terminal: the walking skeleton as a user
//! meets it.

use crate::common::{Key, Screen};

#[test]
fn step_through_every_item_and_quit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = Screen::start(&[], 80, 24, dir.path());
    let first = s.wait_for("総覧");
    assert!(first.contains("サンプル"), "sample data are labelled:\n{first}");
    assert!(first.contains("新規移動人数"));
    // Today's meeting evaluates the plan's last year: one item per KPI.
    assert!(first.contains("議題 1 / 3"), "{first}");
    // The new session is written once the overview is shown, before any key.
    let sessions = dir.path().join("sessions");
    let written = (0..500).any(|_| {
        let found = std::fs::read_dir(&sessions).is_ok_and(|entries| {
            entries.flatten().any(|e| e.path().extension().is_some_and(|x| x == "ron"))
        });
        if !found {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        found
    });
    assert!(written, "no session file in {} after the first frame", sessions.display());

    s.key(Key::Enter);
    s.wait_for("総覧 › 新規移動人数 › 平成30年度 (2018)");
    for _ in 0..2 {
        s.key(Key::Space);
    }
    let last = s.wait_for("議題 3 / 3");
    assert!(last.contains("進出企業数 › 平成30年度 (2018)"), "{last}");
    assert!(last.contains("200.0%"), "the last item's rate is shown:\n{last}");
    assert!(last.contains("達成"));

    s.key(Key::Space);
    s.wait_for("最後の議題です");
    s.key(Key::PageUp);
    s.wait_for("議題 2 / 3");

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
    // From the evaluated year (on the agenda) back to the first one.
    s.key(Key::Left);
    s.key(Key::Left);
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

/// The session sheet: title, place, two attendees; back on the overview.
fn fill_sheet(s: &mut Screen) {
    s.send(b"i");
    s.wait_for("会議の情報");
    s.key(Key::Enter);
    s.wait_for("Enter: 決定");
    s.send(b"\n"); // Ctrl+J: clear to the start of the line
    s.send("令和元年度 第1回 北見地域企業立地促進協議会".as_bytes());
    s.key(Key::Enter);
    // The prompt shows the words too: a key pressed before the saved
    // screen is drawn is not used (as a person's typed ahead), so wait.
    s.wait_gone("Enter: 決定");
    s.wait_for("令和元年度 第1回 北見地域企業立地促進協議会");
    for _ in 0..4 {
        s.key(Key::Down);
    }
    s.key(Key::Enter);
    s.wait_for("Enter: 決定");
    s.send("北見市役所 第1会議室".as_bytes());
    s.key(Key::Enter);
    s.wait_gone("Enter: 決定");
    s.wait_for("北見市役所 第1会議室");
    for (name, affiliation, role) in
        [("山田 太郎", "北見商工会議所", "1"), ("佐藤 花子", "サンプル工科大学", "2")]
    {
        // Down to the row that adds an attendee.
        for _ in 0..10 {
            if s.text().contains("▶＋") {
                break;
            }
            s.key(Key::Down);
            std::thread::sleep(std::time::Duration::from_millis(30));
        }
        s.key(Key::Enter);
        s.wait_for("氏名:");
        s.send(name.as_bytes());
        s.send(b"\t");
        s.send(affiliation.as_bytes());
        s.send(b"\t");
        s.send(role.as_bytes());
        s.key(Key::Enter);
        s.wait_gone("氏名:");
        s.wait_for(affiliation);
    }
    s.key(Key::Esc);
    s.wait_for("指標 × 年度");
}

#[test]
fn a_meeting_recorded_quit_and_resumed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = ["--session", "meeting.ron"];
    let mut s = Screen::start(&args, 100, 30, dir.path());
    s.wait_for("保存済み");

    fill_sheet(&mut s);

    // Three remarks on different items, typed as UTF-8.
    s.key(Key::Enter);
    s.wait_for("新規移動人数 › 平成30年度");
    s.send(b"r");
    s.wait_for("発言を記録");
    s.send(b"\t1"); // speaker 1: 山田 太郎
    s.send("その50人の内訳は？".as_bytes());
    s.send(b"\t\t2"); // kind 2: 質問
    s.key(Key::Enter);
    s.wait_gone("発言を記録");
    s.wait_for("〔質問〕");
    s.key(Key::Space);
    s.wait_for("議題 2 / 3");
    s.send(b"r");
    s.wait_for("発言を記録");
    s.send("首都圏企業の割合が高い。".as_bytes());
    s.key(Key::Enter);
    s.wait_gone("発言を記録");
    s.wait_for("首都圏企業の割合が高い。");
    s.key(Key::Esc);
    s.wait_for("指標 × 年度");
    s.send(b"r");
    s.wait_for("会議全体");
    s.send("次回は十月に開催する。".as_bytes());
    s.send(b"\t\t4"); // 決定
    s.key(Key::Enter);
    // The editor shows the words too: wait for it to close.
    s.wait_gone("発言を記録");
    let overview = s.wait_for("次回は十月に開催する。");
    assert!(overview.contains("発言1"), "remark counts in the cells:\n{overview}");

    // Edit the first one.
    s.key(Key::Enter);
    s.wait_for("議題 2 / 3");
    s.key(Key::PageUp);
    s.wait_for("その50人の内訳は？");
    s.send(b"\t");
    s.wait_for("Enter: 編集");
    s.key(Key::Enter);
    s.wait_for("発言を編集");
    s.send("（再確認）".as_bytes());
    s.key(Key::Enter);
    s.wait_gone("発言を編集");
    s.wait_for("その50人の内訳は？（再確認）");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);

    // Start again: everything is there, where we left it.
    let mut s = Screen::start(&args, 100, 30, dir.path());
    let screen = s.wait_for("その50人の内訳は？（再確認）");
    assert!(screen.contains("山田 太郎（会長）"), "{screen}");
    assert!(screen.contains("〔質問〕"), "{screen}");
    s.key(Key::Esc);
    let overview = s.wait_for("次回は十月に開催する。");
    assert!(overview.contains("〔決定〕"), "{overview}");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);

    // And in the file, readable, with the earlier wording kept.
    let file = std::fs::read_to_string(dir.path().join("meeting.ron")).expect("session file");
    for text in [
        "令和元年度 第1回 北見地域企業立地促進協議会",
        "北見市役所 第1会議室",
        "name: \"山田 太郎\"",
        "affiliation: \"サンプル工科大学\"",
        "text: \"その50人の内訳は？（再確認）\"",
        "text: \"その50人の内訳は？\"",
        "change: Edited",
        "text: \"首都圏企業の割合が高い。\"",
        "text: \"次回は十月に開催する。\"",
        "kind: Decision",
        "speaker: Some(\"a1\")",
    ] {
        assert!(file.contains(text), "the file lacks {text:?}:\n{file}");
    }
}

#[test]
fn a_members_review_question_merged_into_the_meeting() {
    use kpi_council::domain::session::{Attendee, DataRefs, Role, Session, Sheet};
    let dir = tempfile::tempdir().expect("temp dir");
    let loaded = kpi_council::store::embedded::load().expect("embedded");
    let sheet = Sheet {
        title: "令和元年度 第1回".into(),
        attendees: vec![Attendee {
            id: "a2".into(),
            name: "佐藤 花子".into(),
            affiliation: "サンプル工科大学".into(),
            role: Role::Member,
            absent: false,
            signer: false,
        }],
        ..Sheet::default()
    };
    let session = Session::new(
        sheet,
        DataRefs { plan: loaded.plan_source.data_ref(), actuals: loaded.actuals_source.data_ref() },
    );
    let text = kpi_council::store::session_file::to_text(&session).expect("ron");
    std::fs::write(dir.path().join("meeting.ron"), &text).expect("meeting");
    std::fs::write(dir.path().join("sato.ron"), &text).expect("the copy sent to the member");

    // The member, offline, on their own laptop.
    let mut s = Screen::start(&["review", "sato.ron", "--as", "佐藤 花子"], 100, 30, dir.path());
    s.wait_for("事前確認: 佐藤 花子");
    s.key(Key::Enter);
    s.wait_for("新規移動人数 › 平成28年度");
    s.send(b"r");
    s.wait_for("佐藤 花子（委員）");
    s.send("移動した人の業種の内訳は？".as_bytes());
    s.key(Key::Enter);
    // The speaker is the member: named once.
    s.wait_for("佐藤 花子（委員） 〔質問〕［事前質問］");
    s.send(b"v");
    s.wait_for("事前確認の写しでは評価・会議情報・書き出しはできません");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);

    // Back at the office.
    let merged = crate::common::kpi_council()
        .current_dir(dir.path())
        .args(["--lang", "en", "merge", "meeting.ron", "sato.ron", "-o", "meeting.ron"])
        .assert()
        .success();
    let report = String::from_utf8(merged.get_output().stdout.clone()).expect("utf-8");
    assert!(report.contains("1 remark (1 new)"), "{report}");

    // At the meeting, the question is on its item, apart from live remarks.
    let mut s = Screen::start(&["--session", "meeting.ron"], 100, 30, dir.path());
    s.wait_for("指標 × 年度");
    s.key(Key::Enter);
    let item = s.wait_for("移動した人の業種の内訳は？");
    assert!(item.contains("佐藤 花子（委員） 〔質問〕［事前質問］"), "{item}");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

/// Every SGR parameter list the program wrote (`ESC [ … m`).
fn sgr_codes(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let mut out = Vec::new();
    let mut rest = text.as_ref();
    while let Some(i) = rest.find("\u{1b}[") {
        let after = &rest[i + 2..];
        let end = after.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(after.len());
        if after[end..].starts_with('m') {
            out.push(after[..end].to_string());
        }
        rest = &after[end.min(after.len())..];
    }
    out
}

/// Whether an SGR parameter list sets a colour (resets to the default do not).
fn sets_colour(params: &str) -> bool {
    params.split(';').any(|p| {
        let n: u32 = p.parse().unwrap_or(0);
        matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107)
    })
}

#[test]
fn no_color_means_no_colour_escape_sequences() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = Screen::start_with_env(&[], 100, 30, dir.path(), &[("NO_COLOR", "1")]);
    s.wait_for("指標 × 年度");
    s.key(Key::Enter);
    s.wait_for("年度別の目標と実績");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    let raw = s.raw.lock().expect("raw").clone();
    let codes = sgr_codes(&raw);
    assert!(!codes.is_empty(), "the screen was styled (bold, reverse)");
    let coloured: Vec<&String> = codes.iter().filter(|c| sets_colour(c)).collect();
    assert!(coloured.is_empty(), "colour sequences with NO_COLOR: {coloured:?}");

    // Without NO_COLOR the same screens are coloured: the check can fail.
    let other = tempfile::tempdir().expect("temp dir");
    let mut s = Screen::start(&[], 100, 30, other.path());
    s.wait_for("指標 × 年度");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    let raw = s.raw.lock().expect("raw").clone();
    assert!(sgr_codes(&raw).iter().any(|c| sets_colour(c)));
}

/// A click as an xterm sends it (SGR mouse mode), at 0-based column and row.
fn click(s: &mut Screen, column: u16, row: u16) {
    s.send(
        format!("\u{1b}[<0;{};{}M\u{1b}[<0;{};{}m", column + 1, row + 1, column + 1, row + 1)
            .as_bytes(),
    );
}

#[test]
fn mouse_selects_a_cell_and_a_double_click_opens_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = Screen::start(&[], 100, 30, dir.path());
    let screen = s.wait_for("議題 1 / 3");
    // The 平成30年度 column of the third KPI's row: find it on screen.
    let lines: Vec<&str> = screen.lines().collect();
    let row = lines.iter().position(|l| l.contains("進出企業数")).expect("row");
    let header = lines.iter().position(|l| l.contains("平成30年度")).expect("header");
    let at = lines[header].find("平成30年度").expect("year");
    // Display columns: each wide character before the year takes two.
    let prefix = &lines[header][..at];
    let column = u16::try_from(unicode_width::UnicodeWidthStr::width(prefix) + 2).expect("column");
    click(&mut s, column, u16::try_from(row).expect("row") + 1);
    s.wait_for("議題 3 / 3");
    click(&mut s, column, u16::try_from(row).expect("row") + 1);
    click(&mut s, column, u16::try_from(row).expect("row") + 1);
    s.wait_for("進出企業数 › 平成30年度");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

/// `e` on the largest benchmark sample: the minutes are written on a worker
/// thread, and a key pressed meanwhile is answered (and drawn) while the
/// status line still says they are being written.
#[test]
fn the_meeting_answers_keys_while_the_minutes_are_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    kpi_council::commands::sample::run(kpi_council::sample::LARGE, dir.path(), false)
        .expect("sample");
    let args = ["--plan", "plan.ron", "--actuals", "actuals.ron", "--session", "session.ron"];
    let mut s = Screen::start(&args, 120, 40, dir.path());
    s.wait_for("指標 × 年度");
    s.key(Key::Char(b'e'));
    s.wait_for("書き出し前の確認");
    s.key(Key::Enter);
    s.key(Key::Char(b'?'));
    let during = s.wait_for("キー操作");
    assert!(during.contains("書き出し中"), "the help opened while exporting:\n{during}");
    // Four formats of 10,000 remarks in a debug build: give it time.
    s.wait_for_within("議事録を書き出しました", std::time::Duration::from_secs(120));
    let md = std::fs::read_to_string(dir.path().join("session-minutes.md")).expect("minutes");
    assert!(md.contains("議事録"));
    s.key(Key::Char(b'q'));
    assert_eq!(s.wait_exit(), 0);
}

/// The minutes are written while the disk has no room for the workbook's
/// rows (every file limited to 512 KiB: the rows of 5,000 records take
/// 1.3 MB while they wait, each finished file under 200 KB). The library
/// that writes the workbook panics there; the export fails with the
/// system's words, writes none of its files, and the meeting goes on in
/// its screen: a remark typed after it is saved.
#[test]
fn minutes_that_cannot_be_written_fail_as_an_export_and_the_meeting_goes_on() {
    let dir = crate::common::sample_dir(500, 5_000);
    let args = ["--plan", "plan.ron", "--actuals", "actuals.ron", "--session", "session.ron"];
    let mut s = Screen::start_with_file_limit(&args, 120, 40, dir.path(), 512);
    s.wait_for("指標 × 年度");
    s.key(Key::Char(b'e'));
    s.wait_for("書き出し前の確認");
    s.key(Key::Enter);
    let failed = s.wait_for_within("議事録を書き出せません", std::time::Duration::from_secs(60));
    assert!(failed.contains("File too large"), "the system's words:\n{failed}");
    assert!(!failed.contains("panicked"), "no panic report on the screen:\n{failed}");
    assert!(!s.restored(), "the interface keeps its screen");
    // Every file is made before any is written: none of the set is there
    // (the Markdown, made before the workbook, was written before).
    for name in ["session-minutes.md", "session-minutes-public.html", "session-minutes.xlsx"] {
        assert!(!dir.path().join(name).exists(), "{name}");
    }
    s.send(b"r");
    s.wait_for("発言を記録");
    s.send("書き出しに失敗した後の発言".as_bytes());
    s.key(Key::Enter);
    s.wait_gone("発言を記録");
    s.wait_for("書き出しに失敗した後の発言");
    s.key(Key::Char(b'q'));
    assert_eq!(s.wait_exit(), 0);
    let file = std::fs::read_to_string(dir.path().join("session.ron")).expect("session");
    assert!(file.contains("書き出しに失敗した後の発言"), "the remark is saved");
}

/// A set of minutes that does not fit (a limit on the size of a file, as a
/// full disk or a quota would be) is not half replaced: every file is
/// written beside its old one before any is put in place, so the small
/// Markdown, written first, stays the old one when the Word file fails.
#[test]
fn minutes_that_do_not_all_fit_leave_the_earlier_set_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let set = [
        "session-minutes.md",
        "session-minutes-public.html",
        "session-minutes.xlsx",
        "session-minutes.docx",
        "session-minutes-public.docx",
    ];
    for name in set {
        std::fs::write(dir.path().join(name), "前回の書き出し").expect("old file");
    }
    // The embedded plan's Markdown, HTML and workbook are under 20 KiB;
    // each Word file is over 30.
    let mut s =
        Screen::start_with_file_limit(&["--session", "session.ron"], 120, 40, dir.path(), 20);
    s.wait_for("指標 × 年度");
    s.key(Key::Char(b'e'));
    s.wait_for("書き出し前の確認");
    s.key(Key::Enter);
    s.wait_for("もう一度 e で上書き");
    s.key(Key::Char(b'e'));
    let failed = s.wait_for_within("議事録を書き出せません", std::time::Duration::from_secs(60));
    assert!(failed.contains("File too large"), "the system's words:\n{failed}");
    assert!(failed.contains("session-minutes.docx"), "the file it is about:\n{failed}");
    s.key(Key::Char(b'q'));
    assert_eq!(s.wait_exit(), 0);
    for name in set {
        let text = std::fs::read_to_string(dir.path().join(name)).expect(name);
        assert_eq!(text, "前回の書き出し", "{name} is the earlier one");
    }
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("minutes") && !set.contains(&n.as_str()))
        .collect();
    assert!(left.is_empty(), "no file written beside them is left: {left:?}");
}
