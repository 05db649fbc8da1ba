//! Hostile text in every field a file from someone else's machine can
//! carry: company names and notes, remarks, attendees, the session title.
//! The terminal must never receive it raw (asserted on the bytes the
//! program wrote), the screen shows visible placeholders, the columns stay
//! aligned, and the exports carry no control characters either.

use std::path::Path;

use crate::common::{Key, Screen};
use chrono::DateTime;
use kpi_council::domain::session::{
    Attendee, DataRefs, Op, Remark, RemarkKind, Role, Session, Sheet, Target,
};
use kpi_council::export::minutes::Options;
use kpi_council::export::write::Format;
use kpi_council::store::embedded;

/// Each payload carries a marker after its escape so that a raw one in the
/// output cannot be the program's own sequence.
const HOSTILE: [&str; 12] = [
    "\u{1b}[2Jpwn1",
    "\u{1b}]0;pwn2\u{7}",
    "\u{1b}]52;c;cHduMw==\u{7}",
    "\u{1b}]8;;http://evil.example/\u{1b}\\pwn4\u{1b}]8;;\u{1b}\\",
    "pw\rn5",
    "pw\u{8}n6",
    "pw\u{0}n7",
    "\u{9b}31mpwn8",
    "\u{202e}pwn9",
    "a\u{200d}b\u{200b}c",
    "e\u{301}\u{301}\u{301}",
    "長い単語ＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷ",
];

/// Byte sequences that must never reach the terminal or an export.
fn forbidden() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("ESC [2J with the payload", b"\x1b[2Jpwn1".to_vec()),
        ("any OSC (title, clipboard, link)", b"\x1b]".to_vec()),
        ("carriage return inside text", b"pw\rn5".to_vec()),
        ("backspace", b"\x08".to_vec()),
        ("NUL", b"\x00".to_vec()),
        ("C1 CSI", "\u{9b}".as_bytes().to_vec()),
        ("right-to-left override", "\u{202e}".as_bytes().to_vec()),
        ("zero-width joiner", "\u{200d}".as_bytes().to_vec()),
        ("zero-width space", "\u{200b}".as_bytes().to_vec()),
    ]
}

fn assert_clean(what: &str, bytes: &[u8]) {
    for (name, needle) in forbidden() {
        let found = bytes.windows(needle.len()).position(|w| w == needle.as_slice());
        assert!(found.is_none(), "{what} holds a raw {name} at byte {found:?}");
    }
}

fn hostile(i: usize) -> String {
    HOSTILE[i % HOSTILE.len()].to_string()
}

/// The embedded actuals with every company name, head office and note
/// replaced by hostile text, and a session full of it.
fn write_files(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let loaded = embedded::load().expect("embedded");
    let mut actuals = loaded.dataset.actuals.clone();
    for (i, c) in actuals.companies.iter_mut().enumerate() {
        c.name = format!("株式会社{}", hostile(i));
        c.head_office = hostile(i + 3);
    }
    for (i, c) in actuals.contributions.iter_mut().enumerate() {
        c.note = hostile(i + 5).into();
    }
    let actuals_path = dir.join("actuals.ron");
    let text = ron::ser::to_string_pretty(&actuals, ron::ser::PrettyConfig::default())
        .expect("serialize actuals");
    std::fs::write(&actuals_path, text).expect("write actuals");

    let sheet = Sheet {
        title: format!("第1回{}", hostile(0)),
        place: hostile(1),
        attendees: (0..4)
            .map(|i| Attendee {
                id: format!("a{i}"),
                name: hostile(i + 2),
                affiliation: hostile(i + 6),
                role: if i == 0 { Role::Chair } else { Role::Member },
                absent: false,
                signer: false,
            })
            .collect(),
        ..Sheet::default()
    };
    let mut session = Session::new(sheet, DataRefs::default());
    let at = DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    let plan = &loaded.dataset.plan;
    let company = actuals.companies[0].id.clone();
    for (i, text) in HOSTILE.iter().enumerate() {
        let target = match i % 3 {
            0 => Target::Meeting,
            1 => Target::Item {
                kpi: plan.kpis[0].id.as_str().into(),
                fiscal_year: plan.fiscal_years[0],
            },
            _ => Target::Company { company: company.as_str().into() },
        };
        session
            .apply(&Op::AddRemark(Remark {
                speaker: Some(format!("a{}", i % 4).into()),
                ..Remark::new(
                    format!("01HOSTILE{i:017}"),
                    at + chrono::Duration::minutes(i64::try_from(i).expect("small")),
                    RemarkKind::Opinion,
                    target,
                    format!("発言{text}終わり"),
                )
            }))
            .expect("add remark");
    }
    let session_path = dir.join("session.ron");
    std::fs::write(
        &session_path,
        kpi_council::store::session_file::to_text(&session).expect("session text"),
    )
    .expect("write session");
    (actuals_path, session_path)
}

/// Every row of a bordered block ends with its right border in the same
/// column: no character was wider or narrower on the terminal than the
/// program measured.
fn assert_aligned(s: &Screen, rows: u16, what: &str) {
    let mut ends = Vec::new();
    for row in 0..rows {
        let cells = s.row_cells(row);
        if cells.first().is_some_and(|c| c == "│")
            && let Some(last) = cells.iter().rposition(|c| c == "│")
        {
            ends.push((row, last));
        }
    }
    let widest = ends.iter().map(|(_, c)| *c).max().expect("a bordered block");
    let stray: Vec<_> = ends.iter().filter(|(_, c)| *c != widest).collect();
    assert!(stray.is_empty(), "{what}: rows whose right border moved: {stray:?}\n{}", s.text());
}

/// The column where `word` starts on each row that shows it: the cells
/// after a wide character's first are empty and skipped.
fn columns_of(s: &Screen, rows: u16, word: &str, row_has: &str) -> Vec<(u16, usize)> {
    let mut found = Vec::new();
    for row in 0..rows {
        let cells = s.row_cells(row);
        if !cells.concat().contains(row_has) {
            continue;
        }
        for start in 0..cells.len() {
            let text: String = cells[start..].iter().map(String::as_str).collect();
            if !cells[start].is_empty() && text.starts_with(word) {
                found.push((row, start));
                break;
            }
        }
    }
    found
}

/// A column of the table starts at the same place on every row (that
/// holds `row_has`), whatever hostile text came before it on the row.
fn assert_same_column(s: &Screen, rows: u16, (word, row_has): (&str, &str), at_least: usize) {
    let found = columns_of(s, rows, word, row_has);
    assert!(found.len() >= at_least, "{word} on {} rows only:\n{}", found.len(), s.text());
    assert!(found.iter().all(|(_, c)| *c == found[0].1), "{word} moved: {found:?}\n{}", s.text());
}

#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (actuals, session) = write_files(dir.path());
    let (actuals, session) = (actuals.to_string_lossy(), session.to_string_lossy());
    let mut s = Screen::start(&["--actuals", &actuals, "--session", &session], 100, 30, dir.path());
    // Every screen a person reaches, kept for the placeholders below.
    let mut seen = String::new();
    let overview = s.wait_for("総覧");
    assert!(overview.contains("␛[2Jpwn1"), "the title's escape is shown as ␛:\n{overview}");
    seen.push_str(&overview);
    s.key(Key::Enter); // the item, with its remarks
    seen.push_str(&s.wait_for("pwn"));
    s.key(Key::Enter); // the companies behind it
    seen.push_str(&s.wait_for("株式会社"));
    assert_aligned(&s, 30, "companies");
    assert_same_column(&s, 30, ("首都圏企業", "株式会社"), 3);
    s.key(Key::Enter); // one company
    seen.push_str(&s.wait_for("株式会社"));
    assert_aligned(&s, 30, "company");
    for _ in 0..3 {
        s.key(Key::Esc);
    }
    s.wait_for("総覧");
    s.send(b"i"); // the session sheet: title, place, attendees
    let sheet = s.wait_for("会議の情報");
    seen.push_str(&sheet);
    assert_aligned(&s, 30, "session sheet");
    assert_same_column(&s, 30, ("委員", ""), 3);
    s.key(Key::Esc);
    s.wait_gone("会議の情報");
    s.send(b"m"); // the minutes preview, made on a worker thread
    s.wait_for("議事録");
    seen.push_str(&s.wait_gone("議事録を作成中"));
    s.key(Key::Esc);
    s.wait_gone("議事録");
    // Each payload is on screen, made visible. (The terminal library drops
    // a character cluster that holds a control character, so the raw-byte
    // check alone would not show that the program replaced them.)
    for shown in [
        "␛[2Jpwn1",
        "␛]0;pwn2␇",
        "␛]52;c;cHduMw==␇",
        "␛]8;;http",
        "pw␍n5",
        "pw␈n6",
        "pw␀n7",
        "␦31mpwn8",
        "␦pwn9",
        "a␦b␦c",
    ] {
        assert!(seen.contains(shown), "{shown} not shown on any screen:\n{seen}");
    }
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    let raw = s.raw.lock().expect("raw").clone();
    assert_clean("the bytes written to the terminal", &raw);
}

#[test]
fn exports_carry_no_control_characters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (actuals, session) = write_files(dir.path());
    let loaded = kpi_council::store::dataset_files::load(None, Some(&actuals)).expect("load");
    let session = kpi_council::store::session_file::load(&session).expect("session");
    for format in [Format::Md, Format::Html] {
        for public in [false, true] {
            let options = Options { public, anonymize: false };
            let bytes = kpi_council::export::render(&loaded.dataset, &session, format, options)
                .expect("render");
            assert_clean(&format!("{format:?} minutes (public {public})"), &bytes);
            assert!(!bytes.contains(&0x1b), "{format:?}: a raw ESC");
            let text = String::from_utf8(bytes).expect("utf-8");
            assert!(text.contains("pwn1"), "{format:?}: the text itself is kept");
            if format == Format::Html {
                assert!(!text.contains("<script"), "no markup from user text");
            }
        }
    }
    // The xlsx: every shared string free of controls (the zip is binary, so
    // its text is read back with the spreadsheet reader).
    let bytes =
        kpi_council::export::render(&loaded.dataset, &session, Format::Xlsx, Options::default())
            .expect("xlsx");
    let path = dir.path().join("minutes.xlsx");
    std::fs::write(&path, bytes).expect("write xlsx");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("open xlsx");
    let mut cells = 0;
    for name in calamine::Reader::sheet_names(&book) {
        let range = calamine::Reader::worksheet_range(&mut book, &name).expect("sheet");
        for cell in range.used_cells() {
            let text = cell.2.to_string();
            cells += usize::from(text.contains("pwn"));
            assert_clean(&format!("xlsx sheet {name}"), text.as_bytes());
        }
    }
    assert!(cells > 0, "the hostile text is in the workbook, made harmless");
    // The Word minutes: the document's XML free of controls, the text kept.
    for public in [false, true] {
        let options = Options { public, anonymize: false };
        let bytes = kpi_council::export::render(&loaded.dataset, &session, Format::Docx, options)
            .expect("docx");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut xml = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name("word/document.xml").expect("xml"), &mut xml)
            .expect("read");
        assert_clean(&format!("docx minutes (public {public})"), &xml);
        assert!(!xml.contains(&0x1b), "docx: a raw ESC");
        let text = String::from_utf8(xml).expect("utf-8");
        assert!(text.contains("pwn1"), "docx: the text itself is kept");
        assert!(!text.contains("<script"), "docx: user text is escaped");
    }
}
