//! The largest sample the benchmarks use (100,000 records, 10,000 remarks)
//! loads from its files, every screen draws at a small and a large size,
//! and the minutes export with every remark in them. Not timed: the
//! figures are in BENCHMARKS.md.

use kpi_council::app::action::Action;
use kpi_council::app::state::App;
use kpi_council::app::update::update;
use kpi_council::domain::session::Session;
use kpi_council::export::minutes::Options;
use kpi_council::export::write::Format;
use kpi_council::i18n::Lang;
use kpi_council::sample::LARGE;
use kpi_council::store::dataset_files::{self, Loaded};
use kpi_council::store::session_file;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen_text(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| kpi_council::ui::render(app, f)).expect("draw");
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..height {
        let mut x = 0;
        while x < width {
            let symbol = buffer[(x, y)].symbol();
            text.push_str(symbol);
            // A wide character's second cell is a blank placeholder.
            x += u16::try_from(unicode_width::UnicodeWidthStr::width(symbol).max(1)).unwrap_or(1);
        }
        text.push('\n');
    }
    text
}

/// Lines of the Markdown minutes that are one remark: `- 14:05 〔意見〕…`.
fn remark_lines(markdown: &str) -> usize {
    markdown
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            let b = l.as_bytes();
            l.starts_with("- ")
                && b.len() > 8
                && b[2..4].iter().all(u8::is_ascii_digit)
                && b[4] == b':'
                && b[5..7].iter().all(u8::is_ascii_digit)
                && l[7..].starts_with(" 〔")
        })
        .count()
}

#[test]
fn the_large_sample_loads_draws_every_screen_and_exports() {
    let dir = tempfile::tempdir().expect("temp dir");
    kpi_council::commands::sample::run(LARGE, dir.path(), false).expect("sample");
    let loaded: Loaded = dataset_files::load_with(
        Some(&dir.path().join("plan.ron")),
        Some(&dir.path().join("actuals.ron")),
        &kpi_council::store::cache::Cache::off(),
    )
    .expect("the large actuals load");
    let session: Session =
        session_file::load(&dir.path().join("session.ron")).expect("the large session loads");
    let data = &loaded.dataset;
    assert_eq!(data.actuals.contributions.len(), 100_000);
    assert_eq!(data.actuals.companies.len(), 10_000);
    assert_eq!(session.remarks.len(), 10_000);

    // The ledger accounts for every record exactly once.
    let cells: usize = (0..data.plan.kpis.len())
        .flat_map(|k| (0..data.plan.fiscal_years.len()).map(move |y| (k, y)))
        .filter_map(|(k, y)| data.ledger.cell(k, y))
        .map(|c| c.contributions.len())
        .sum();
    assert_eq!(cells, 100_000);

    // Every screen, as a person reaches it, at 80x24 and 200x50.
    let screens: [(&str, &[Action], &str); 6] = [
        ("overview", &[], "総覧"),
        ("item", &[Action::Enter], "目標"),
        ("companies", &[Action::Enter, Action::Enter], "企業"),
        ("company", &[Action::Enter, Action::Enter, Action::Enter], "企業"),
        ("minutes", &[Action::Minutes], "議事録"),
        ("sheet", &[Action::SessionSheet], "会議"),
    ];
    let now = chrono::DateTime::parse_from_rfc3339("2019-05-20T15:00:00+09:00").expect("time");
    for (name, keys, word) in screens {
        let mut app = App::new(loaded.clone(), Lang::Ja, session.clone(), now);
        for key in keys {
            update(&mut app, *key);
        }
        // The preview's lines, as the runtime's worker makes them.
        if let kpi_council::app::state::Screen::Minutes(view) = app.screen() {
            let request = view.request;
            let lines = kpi_council::app::minutes::preview_lines(app.loaded(), app.session());
            app.preview_ready(request, lines);
        }
        for (w, h) in [(80, 24), (200, 50)] {
            let text = screen_text(&app, w, h);
            assert!(text.contains(word), "{name} at {w}x{h} lacks {word}:\n{text}");
        }
    }

    // The internal minutes hold every remark; the public ones every public
    // remark, and say how many were withheld.
    let live = session.live_remarks().count();
    let internal = session.live_remarks().filter(|r| r.internal).count();
    let md = kpi_council::export::render(data, &session, Format::Md, Options::default())
        .expect("markdown");
    let md = String::from_utf8(md).expect("utf-8");
    assert_eq!(remark_lines(&md), live);
    let public = Options { public: true, ..Options::default() };
    let md = kpi_council::export::render(data, &session, Format::Md, public).expect("markdown");
    let md = String::from_utf8(md).expect("utf-8");
    assert_eq!(remark_lines(&md), live - internal);
    assert!(md.contains(&format!("非公開の発言 {internal} 件")), "withheld count missing");
    let html = kpi_council::export::render(data, &session, Format::Html, public).expect("html");
    assert!(html.len() > 1_000_000, "the HTML minutes hold the breakdowns");
    let xlsx = kpi_council::export::render(data, &session, Format::Xlsx, Options::default())
        .expect("xlsx");
    assert!(xlsx.starts_with(b"PK"), "an xlsx is a zip file");
}

/// A million records (163 MB of actuals, over the old 64 MiB cap) load,
/// and load again from the cache with the same figures. Slow in a debug
/// build (a few minutes): run it with
/// `cargo test --release --test suite -- --ignored a_million`.
#[test]
#[ignore = "a few minutes in a debug build; run with --ignored"]
fn a_million_records_load_and_load_again_from_the_cache() {
    use kpi_council::store::cache::Cache;
    let dir = tempfile::tempdir().expect("temp dir");
    let size =
        kpi_council::sample::Size { companies: 100_000, records: 1_000_000, remarks: 100, ..LARGE };
    kpi_council::commands::sample::run(size, dir.path(), false).expect("sample");
    let actuals = dir.path().join("actuals.ron");
    assert!(std::fs::metadata(&actuals).expect("actuals").len() > 64 << 20);
    let cache = Cache::in_dir(&dir.path().join("cache"));
    let load = || {
        dataset_files::load_with(Some(&dir.path().join("plan.ron")), Some(&actuals), &cache)
            .expect("a million records load")
    };
    let first = load();
    assert!(!first.from_cache);
    let data = &first.dataset;
    assert_eq!(data.actuals.contributions.len(), 1_000_000);
    assert_eq!(data.actuals.companies.len(), 100_000);
    let listed: usize = data.ledger.cells().iter().map(|c| c.contributions.len()).sum();
    assert!(listed >= 1_000_000, "every record is in its item");
    let second = load();
    assert!(second.from_cache);
    assert_eq!(second.dataset.actuals, first.dataset.actuals);
    assert_eq!(second.actuals_source, first.actuals_source);
    for (a, b) in first.dataset.ledger.cells().iter().zip(second.dataset.ledger.cells()) {
        assert_eq!(a, b);
    }
}
