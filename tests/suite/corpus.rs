//! Every command on every broken or hostile file: it ends with exit status
//! 0 or 2 and never a panic, and text from a file reaches no output raw:
//! no control byte on the terminal, no link, image or HTML in the Markdown,
//! no tag or handler in the HTML, no formula in a CSV cell or the xlsx.

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::DateTime;
use kpi_council::domain::session::{
    Attendee, DataRef, DataRefs, Op, Remark, RemarkKind, Role, Session, Sheet, Target,
};
use kpi_council::store::{embedded, session_file};

use crate::common::Screen;

/// Texts that try each destination's escape: terminal sequences, Markdown
/// and HTML injection, spreadsheet formulas.
const HOSTILE: [&str; 10] = [
    "\u{1b}]52;c;cHduMw==\u{7}clip",
    "\u{1b}]0;title\u{7}\u{1b}[2Jwipe",
    "[link](http://evil.example/)",
    "![img](http://evil.example/x.png)",
    "<img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\u{202e}evil\u{9b}31m",
];

fn hostile(i: usize) -> &'static str {
    HOSTILE[i % HOSTILE.len()]
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("corpus folder").flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::path);
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "py")) {
            out.push(path);
        }
    }
}

/// The hostile plan, actuals and sessions (a valid one, and ones whose
/// fixed-shape fields are not: a multibyte hash, a hash that closes a code
/// span), written into `dir`.
fn write_hostile(dir: &Path) -> Vec<PathBuf> {
    let loaded = embedded::load().expect("embedded");
    let mut plan = loaded.dataset.plan.clone();
    for (i, k) in plan.kpis.iter_mut().enumerate() {
        k.name = format!("{}{}", hostile(i + 5), k.name);
        k.unit = hostile(i + 1).to_string();
    }
    let mut actuals = loaded.dataset.actuals.clone();
    for (i, c) in actuals.companies.iter_mut().enumerate() {
        c.name = format!("{}株式会社", hostile(i));
        c.head_office = hostile(i + 3).to_string();
    }
    for (i, c) in actuals.contributions.iter_mut().enumerate() {
        c.note = hostile(i + 6).into();
    }
    let write = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path
    };
    let pretty = ron::ser::PrettyConfig::default();
    let plan_path =
        write("hostile-plan.ron", ron::ser::to_string_pretty(&plan, pretty.clone()).expect("plan"));
    let actuals_path = write(
        "hostile-actuals.ron",
        ron::ser::to_string_pretty(&actuals, pretty).expect("actuals"),
    );

    let session = hostile_session();
    let mut paths = vec![plan_path, actuals_path];
    paths.push(write("hostile-session.ron", session_file::to_text(&session).expect("ron")));
    for (name, hash) in [
        ("multibyte-hash", "ハッシュ".repeat(16)),
        ("backtick-hash", format!("{}` [x](http://evil.example/) `", "a".repeat(30))),
        ("escape-hash", format!("{}\u{1b}[2J", "b".repeat(60))),
    ] {
        let mut s = session.clone();
        s.data.plan.sha256 = hash;
        paths.push(write(&format!("{name}.ron"), session_file::to_text(&s).expect("ron")));
    }
    paths
}

fn hostile_session() -> Session {
    let sheet = Sheet {
        title: format!("第1回{}", hostile(0)),
        place: format!("{}{}", hostile(2), hostile(4)),
        attendees: (0..4)
            .map(|i| {
                Attendee::new(
                    &format!("a{i}"),
                    hostile(i + 5),
                    hostile(i + 1),
                    if i == 0 { Role::Chair } else { Role::Member },
                )
            })
            .collect(),
        ..Sheet::default()
    };
    let path = format!("{}{}{}", hostile(2), hostile(4), hostile(1));
    let data = DataRefs {
        plan: DataRef { path: path.clone(), sha256: "c".repeat(64) },
        actuals: DataRef { path, sha256: "d".repeat(64) },
    };
    let mut session = Session::new(sheet, data);
    let at = DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    for (i, text) in HOSTILE.iter().enumerate() {
        session
            .apply(&Op::AddRemark(Remark {
                speaker: Some(format!("a{}", i % 4).into()),
                ..Remark::new(
                    format!("01HOSTILE{i:017}"),
                    at + chrono::Duration::minutes(i64::try_from(i).expect("small")),
                    RemarkKind::Opinion,
                    Target::Meeting,
                    (*text).to_string(),
                )
            }))
            .expect("add remark");
    }
    session
}

fn run(dir: &Path, args: &[&str]) -> Output {
    crate::common::kpi_council()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs")
}

/// Bytes that must never reach a terminal from a file.
fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    for (name, needle) in [
        ("ESC", &b"\x1b"[..]),
        ("BEL", b"\x07"),
        ("C1 CSI", "\u{9b}".as_bytes()),
        ("right-to-left override", "\u{202e}".as_bytes()),
    ] {
        let found = bytes.windows(needle.len()).position(|w| w == needle);
        assert!(found.is_none(), "{what}: a raw {name} at byte {found:?}");
    }
}

fn check_outcome(what: &str, out: &Output) {
    let code = out.status.code();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(code, Some(0 | 2)), "{what}: exit {code:?}; stderr: {stderr}");
    for text in [&stderr, &String::from_utf8_lossy(&out.stdout)] {
        assert!(!text.contains("panicked"), "{what}: a panic report: {text}");
        assert!(!text.contains("RUST_BACKTRACE"), "{what}: a panic report: {text}");
    }
    if code == Some(2) {
        let all = format!("{stderr}{}", String::from_utf8_lossy(&out.stdout));
        // In the command line's language (Japanese unless --lang en).
        assert!(
            all.contains("error") || all.contains("エラー"),
            "{what}: says what is wrong: {all}"
        );
    }
    assert_terminal_safe(&format!("{what} (stdout)"), &out.stdout);
    assert_terminal_safe(&format!("{what} (stderr)"), &out.stderr);
}

/// Each command that reads a file, with `f` in every place a file goes.
fn commands(f: &str) -> Vec<Vec<String>> {
    let v = |args: &[&str]| args.iter().map(|a| (*a).to_string()).collect::<Vec<_>>();
    vec![
        v(&["check", f]),
        v(&["summary", "--plan", f, "--format", "csv"]),
        v(&["summary", "--actuals", f]),
        v(&["summary", "--actuals", f, "--companies", "--format", "csv"]),
        v(&["export", f, "--format", "md", "-o", "out.md", "--force"]),
        v(&["export", f, "--format", "html", "-o", "out.html", "--force"]),
        v(&["export", f, "--format", "xlsx", "-o", "out.xlsx", "--force"]),
        v(&["merge", f, f, "-o", "merged.ron", "--force"]),
        v(&["merge-driver", f, f, f, f]),
        v(&["import", "actuals", f, "-o", "imported.ron"]),
        v(&["import", "plan", f, "-o", "imported-plan.ron"]),
    ]
}

#[test]
fn every_command_on_every_corpus_file_ends_0_or_2_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let mut corpus = Vec::new();
    files(&root.join("tests/invalid"), &mut corpus);
    files(&root.join("tests/data"), &mut corpus);
    corpus.extend(write_hostile(dir.path()));
    assert!(corpus.len() > 100, "the corpus: {} files", corpus.len());
    // Two workers, each in its own folder (the outputs are written there).
    let chunks: Vec<Vec<PathBuf>> =
        corpus.chunks(corpus.len().div_ceil(2)).map(<[_]>::to_vec).collect();
    std::thread::scope(|scope| {
        for (n, chunk) in chunks.into_iter().enumerate() {
            scope.spawn(move || {
                let work = tempfile::tempdir().expect("work dir");
                for file in chunk {
                    // A copy: merge-driver writes into its second file.
                    let name = format!("input-{n}");
                    let copy = work.path().join(&name);
                    std::fs::copy(&file, &copy).expect("copy");
                    for args in commands(&name) {
                        std::fs::copy(&file, &copy).expect("copy");
                        let args: Vec<&str> = args.iter().map(String::as_str).collect();
                        let out = run(work.path(), &args);
                        check_outcome(&format!("{} on {}", args.join(" "), file.display()), &out);
                    }
                }
            });
        }
    });
}

fn markdown_is_inert(what: &str, text: &str) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                panic!("{what}: a link or image to {dest_url}");
            }
            Event::Html(h) | Event::InlineHtml(h) => panic!("{what}: raw HTML {h}"),
            _ => {}
        }
    }
}

fn html_is_inert(what: &str, html: &str) {
    use html5gum::{Token, Tokenizer};
    assert!(!html.contains('\u{1b}'), "{what}: a raw ESC");
    for token in Tokenizer::new(html) {
        if let Token::StartTag(tag) = token.expect("tokenize") {
            let name = String::from_utf8_lossy(&tag.name).to_string();
            assert!(
                !["script", "img", "iframe", "a", "object"].contains(&name.as_str()),
                "{what}: <{name}>"
            );
            for attr in tag.attributes.keys() {
                let attr = String::from_utf8_lossy(attr).to_lowercase();
                assert!(!attr.starts_with("on"), "{what}: handler {attr}");
            }
        }
    }
}

fn csv_is_inert(what: &str, text: &str) {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let mut cells = 0;
    for record in reader.records() {
        for cell in &record.expect("csv") {
            cells += 1;
            let formula = matches!(cell.chars().next(), Some('=' | '+' | '-' | '@'));
            assert!(!formula || cell.parse::<f64>().is_ok(), "{what}: a formula cell {cell:?}");
        }
    }
    assert!(cells > 0, "{what}: some cells");
}

fn xlsx_is_inert(what: &str, path: &Path) {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).expect("open xlsx");
    let mut hostile_cells = 0;
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).expect("formulas");
        assert!(formulas.used_cells().next().is_none(), "{what}: a formula in sheet {name}");
        let range = book.worksheet_range(&name).expect("sheet");
        for cell in range.used_cells() {
            let text = cell.2.to_string();
            hostile_cells += usize::from(text.contains("HYPERLINK"));
            assert_terminal_safe(&format!("{what} sheet {name}"), text.as_bytes());
        }
    }
    assert!(hostile_cells > 0, "{what}: the hostile text is there, as text");
}

#[test]
fn a_hostile_session_through_every_command_and_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = write_hostile(dir.path());
    let d = dir.path();
    let data = ["--plan", "hostile-plan.ron", "--actuals", "hostile-actuals.ron"];
    let with = |args: &[&'static str]| -> Vec<&'static str> { [&data[..], args].concat() };

    // The terminal: every report and message.
    for args in [
        with(&["check", "hostile-session.ron", "hostile-plan.ron", "hostile-actuals.ron"]),
        with(&["summary"]),
        with(&["summary", "--companies"]),
        with(&["summary", "--format", "json"]),
        with(&["export", "hostile-session.ron", "-o", "m.md"]),
    ] {
        let out = run(d, &args);
        check_outcome(&args.join(" "), &out);
    }
    // A member's copy with a hostile title and place: the report of what it
    // would change quotes them made visible, never raw.
    let clean =
        Session::new(Sheet { title: "第1回".into(), ..Sheet::default() }, DataRefs::default());
    std::fs::write(d.join("official.ron"), session_file::to_text(&clean).expect("ron"))
        .expect("write");
    let out = run(d, &["merge", "official.ron", "hostile-session.ron", "-o", "merged.ron"]);
    check_outcome("merge", &out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("clip"), "the title is reported");

    // Fixed-shape fields that are not: refused, naming the field.
    for name in ["multibyte-hash.ron", "backtick-hash.ron", "escape-hash.ron"] {
        for args in [["export", name, "--force"].as_slice(), ["check", name].as_slice()] {
            let args = with(args);
            let out = run(d, &args);
            check_outcome(&args.join(" "), &out);
            assert_eq!(out.status.code(), Some(2), "{name}: refused");
            let said = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stderr),
                String::from_utf8_lossy(&out.stdout)
            );
            assert!(said.contains("sha256") && said.contains("SHA-256"), "{said}");
        }
    }

    // The files: Markdown, HTML (internal and public), CSV, xlsx.
    for (format, public, out) in [
        ("md", "--internal", "m.md"),
        ("md", "--public", "p.md"),
        ("html", "--internal", "m.html"),
        ("html", "--public", "p.html"),
        ("xlsx", "--internal", "m.xlsx"),
    ] {
        let args = with(&[
            "export",
            "hostile-session.ron",
            "--format",
            format,
            public,
            "-o",
            out,
            "--force",
        ]);
        let result = run(d, &args);
        check_outcome(&args.join(" "), &result);
        assert_eq!(result.status.code(), Some(0), "{}", String::from_utf8_lossy(&result.stderr));
        let path = d.join(out);
        match format {
            "md" => {
                let text = std::fs::read_to_string(&path).expect("md");
                assert_terminal_safe(out, text.as_bytes());
                markdown_is_inert(out, &text);
                assert!(text.contains("HYPERLINK"), "the text is kept, as text");
            }
            "html" => html_is_inert(out, &std::fs::read_to_string(&path).expect("html")),
            _ => xlsx_is_inert(out, &path),
        }
    }
    for args in [
        with(&["summary", "--format", "csv"]),
        with(&["summary", "--companies", "--format", "csv"]),
    ] {
        let out = run(d, &args);
        check_outcome(&args.join(" "), &out);
        csv_is_inert(&args.join(" "), &String::from_utf8_lossy(&out.stdout));
    }
    // JSON for scripts: one document, nothing a terminal would obey left raw
    // (serde_json itself escapes only the C0 controls).
    for args in [
        with(&["summary", "--format", "json"]),
        with(&["summary", "--companies", "--format", "json"]),
    ] {
        let out = run(d, &args);
        check_outcome(&args.join(" "), &out);
        assert_terminal_safe(&args.join(" "), &out.stdout);
        if args.contains(&"--companies") {
            // A company's name holds the C1 CSI: written as an escape.
            assert!(String::from_utf8_lossy(&out.stdout).contains("\\u009b31m"));
        }
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("one JSON document");
    }
    assert_eq!(paths.len(), 6);
}

#[test]
fn a_remark_longer_than_a_spreadsheet_cell_is_split_never_refused() {
    use calamine::Reader;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut session = Session::new(Sheet::default(), DataRefs::default());
    let at = DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    let long: String =
        (0..70_000).map(|i| char::from(b'a' + u8::try_from(i % 26).expect("small"))).collect();
    session
        .apply(&Op::AddRemark(Remark::new(
            "01LONG".into(),
            at,
            RemarkKind::Opinion,
            Target::Meeting,
            long.clone(),
        )))
        .expect("add");
    std::fs::write(dir.path().join("s.ron"), session_file::to_text(&session).expect("ron"))
        .expect("write");
    let out = run(dir.path(), &["export", "s.ron", "--format", "xlsx", "-o", "m.xlsx"]);
    check_outcome("export xlsx", &out);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(dir.path().join("m.xlsx")).expect("open");
    let range = book.worksheet_range("発言").expect("remarks sheet");
    // Too long for one printed row (409 pt), let alone a cell: it goes on
    // in the rows below, each saying （続き）.
    let rows: Vec<Vec<String>> = range
        .rows()
        .skip(1)
        .map(|r| r.iter().map(ToString::to_string).collect())
        .filter(|r: &Vec<String>| r.get(4).is_some_and(|c| c.contains(['a', 'z'])))
        .collect();
    assert!(rows.len() >= 3, "split over rows: {}", rows.len());
    assert_eq!(rows[0][2], "意見");
    assert!(rows[1..].iter().all(|r| r[2] == "意見（続き）"), "each continuation says so");
    let joined: String = rows.iter().map(|r| r[4].as_str()).collect();
    assert_eq!(joined, long, "every character, in order");
}

/// The interface too: every session-like corpus file opened as the
/// meeting's session either opens (and quits cleanly) or is refused with
/// exit status 2, never a panic.
#[test]
fn the_meeting_opens_or_refuses_every_corpus_session_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let mut corpus = Vec::new();
    files(&root.join("tests/invalid"), &mut corpus);
    files(&root.join("tests/data/fuzz/session"), &mut corpus);
    corpus.push(root.join("tests/data/golden-session.ron"));
    corpus.extend(write_hostile(dir.path()).into_iter().filter(|p| {
        p.file_name().is_some_and(|n| !n.to_string_lossy().starts_with("hostile-p"))
            && !p.to_string_lossy().contains("hostile-actuals")
    }));
    let (mut opened, mut refused) = (0, 0);
    for file in corpus {
        let work = tempfile::tempdir().expect("work dir");
        std::fs::copy(&file, work.path().join("s.ron")).expect("copy");
        let mut s = Screen::start(&["--session", "s.ron"], 100, 30, work.path());
        let start = std::time::Instant::now();
        let code = loop {
            if let Some(code) = s.try_exit() {
                refused += 1;
                break code;
            }
            if s.text().contains("保存済み") {
                opened += 1;
                s.send(b"q");
                break s.wait_exit();
            }
            assert!(start.elapsed() < crate::common::DEADLINE, "{}: {}", file.display(), s.text());
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let raw = String::from_utf8_lossy(&s.raw.lock().expect("raw")).into_owned();
        assert!(!raw.contains("panicked"), "{}: a panic report: {raw}", file.display());
        assert!(matches!(code, 0 | 2), "{}: exit {code}: {raw}", file.display());
    }
    assert!(opened > 0 && refused > 0, "both kinds: {opened} opened, {refused} refused");
}
