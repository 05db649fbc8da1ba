//! Benchmarks of the large sizes: how the data are best loaded (RON, RON
//! with the session read on the other core, the binary cache), every key
//! of the companies screen, export, merge, and an office's table imported,
//! at 100k records / 10k remarks, 1M records / 10k remarks, and 100k
//! records / 100k remarks.
//!
//! `cargo bench --bench scale` (about 5 minutes: the samples are written
//! first, 1M records take a quarter of a minute). Figures in BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use kpi_council::app::action::Action;
use kpi_council::app::state::App;
use kpi_council::app::update::{handle_key, update};
use kpi_council::domain::session::{Session, Stamp};
use kpi_council::export::minutes::Options;
use kpi_council::export::write::Format;
use kpi_council::i18n::Lang;
use kpi_council::sample::Size;
use kpi_council::store::cache::Cache;
use kpi_council::store::dataset_files::{Loaded, load_with};
use kpi_council::store::session_file;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    /// 100k records, 10k remarks.
    Large,
    /// 1M records, 10k remarks.
    Huge,
    /// 100k records, 100k remarks.
    Talkative,
}

impl std::fmt::Display for Scale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Scale::Large => "100k-10k",
            Scale::Huge => "1m-10k",
            Scale::Talkative => "100k-100k",
        })
    }
}

impl Scale {
    fn size(self) -> Size {
        match self {
            Scale::Large => kpi_council::sample::LARGE,
            Scale::Huge => {
                Size { companies: 100_000, records: 1_000_000, ..kpi_council::sample::LARGE }
            }
            Scale::Talkative => Size { remarks: 100_000, ..kpi_council::sample::LARGE },
        }
    }
}

const RECORDS: [Scale; 2] = [Scale::Large, Scale::Huge];
const ALL: [Scale; 3] = [Scale::Large, Scale::Huge, Scale::Talkative];

struct Fixture {
    dir: tempfile::TempDir,
    loaded: Loaded,
    session: Session,
}

impl Fixture {
    fn plan(&self) -> PathBuf {
        self.dir.path().join("plan.ron")
    }
    fn actuals(&self) -> PathBuf {
        self.dir.path().join("actuals.ron")
    }
    fn session_path(&self) -> PathBuf {
        self.dir.path().join("session.ron")
    }
    fn cache(&self) -> Cache {
        Cache::in_dir(&self.dir.path().join("cache"))
    }
}

fn make(scale: Scale) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    kpi_council::commands::sample::run(scale.size(), dir.path(), true).expect("sample");
    let path = |n: &str| dir.path().join(n);
    let cache = Cache::in_dir(&path("cache"));
    // The first load writes the cache the cached benchmarks read.
    let loaded =
        load_with(Some(&path("plan.ron")), Some(&path("actuals.ron")), &cache).expect("load");
    let session = session_file::load(&path("session.ron")).expect("session");
    Fixture { dir, loaded, session }
}

fn fixture(scale: Scale) -> &'static Fixture {
    static F: [OnceLock<Fixture>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = match scale {
        Scale::Large => 0,
        Scale::Huge => 1,
        Scale::Talkative => 2,
    };
    F[i].get_or_init(|| make(scale))
}

fn load_data(f: &Fixture, cache: &Cache) -> Loaded {
    load_with(Some(&f.plan()), Some(&f.actuals()), cache).expect("load")
}

fn load_session(path: &Path) -> Session {
    session_file::load(path).expect("session")
}

/// The choice of how to load, plan + actuals + session: the RON files one
/// after the other (0), the session parsed on the other core meanwhile (1),
/// the actuals from the cache (2), the cache and the session in parallel (3).
#[divan::bench(args = ALL, consts = [0, 1, 2, 3], sample_count = 5, sample_size = 1)]
fn load<const HOW: u8>(bencher: Bencher, scale: Scale) {
    let f = fixture(scale);
    let cache = if HOW >= 2 { f.cache() } else { Cache::off() };
    let path = f.session_path();
    bencher.bench(|| {
        if HOW % 2 == 1 {
            std::thread::scope(|s| {
                let session = s.spawn(|| load_session(&path));
                let loaded = load_data(f, &cache);
                (loaded, session.join().expect("session thread"))
            })
        } else {
            (load_data(f, &cache), load_session(&path))
        }
    });
}

fn now() -> Stamp {
    DateTime::parse_from_rfc3339("2019-05-20T15:00:00+09:00").expect("time")
}

/// On the companies screen of the first item with the most companies.
fn companies_app(scale: Scale) -> App {
    let f = fixture(scale);
    let mut app = App::new(f.loaded.clone(), Lang::Ja, f.session.clone(), now());
    // The last year of the first KPI: the largest list (累計 lists every year).
    let years = f.loaded.dataset.plan.fiscal_years.len();
    app.set_agenda_position(years - 1);
    update(&mut app, Action::Enter);
    update(&mut app, Action::Enter);
    app
}

fn press(app: &mut App, code: KeyCode) {
    handle_key(app, KeyEvent::new(code, KeyModifiers::NONE));
}

/// One key on the companies screen and the frame drawn at 200x50: what a
/// person waits for. 0: down; 1: sort (s); 2: next item (→) and back;
/// 3: a character typed into the filter, then deleted (each a key).
#[divan::bench(args = RECORDS, consts = [0, 1, 2, 3], sample_count = 50)]
fn companies_key<const KEY: u8>(bencher: Bencher, scale: Scale) {
    let mut app = companies_app(scale);
    if KEY == 3 {
        press(&mut app, KeyCode::Char('/'));
        // A prefix that narrows the list: the next character narrows it more.
        press(&mut app, KeyCode::Char('サ'));
    }
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    let mut flip = true;
    bencher.bench_local(|| {
        match (KEY, flip) {
            (0, true) => press(&mut app, KeyCode::Down),
            (0, false) => press(&mut app, KeyCode::Up),
            (1, _) => press(&mut app, KeyCode::Char('s')),
            (2, true) => press(&mut app, KeyCode::Right),
            (2, false) => press(&mut app, KeyCode::Left),
            (_, true) => press(&mut app, KeyCode::Char('ク')),
            (_, false) => press(&mut app, KeyCode::Backspace),
        }
        flip = !flip;
        terminal.draw(|f| kpi_council::ui::render(&app, f)).expect("draw");
    });
}

/// One key on each of the other screens, and the frame drawn at 200x50,
/// each key undone by the next: 0 overview → / ←; 1 item screen ↓ / ↑
/// (its remarks); 2 company page ↓ / ↑; 3 the minutes preview opened (m)
/// and closed (Esc); 4 the agenda (a) ↓ / ↑; 5 the plan across the years
/// opened (y) and closed (Esc); 6 help (?) opened and closed.
#[divan::bench(args = RECORDS, consts = [0, 1, 2, 3, 4, 5, 6], sample_count = 20)]
fn screen_key<const SCREEN: u8>(bencher: Bencher, scale: Scale) {
    let f = fixture(scale);
    let mut app = App::new(f.loaded.clone(), Lang::Ja, f.session.clone(), now());
    let setup: &[KeyCode] = match SCREEN {
        1 => &[KeyCode::Enter],
        2 => &[KeyCode::Enter, KeyCode::Enter, KeyCode::Enter],
        4 => &[KeyCode::Char('a')],
        _ => &[],
    };
    for &key in setup {
        press(&mut app, key);
    }
    let (there, back) = match SCREEN {
        0 => (KeyCode::Right, KeyCode::Left),
        3 => (KeyCode::Char('m'), KeyCode::Esc),
        5 => (KeyCode::Char('y'), KeyCode::Esc),
        6 => (KeyCode::Char('?'), KeyCode::Esc),
        _ => (KeyCode::Down, KeyCode::Up),
    };
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    let mut flip = true;
    bencher.bench_local(|| {
        press(&mut app, if flip { there } else { back });
        flip = !flip;
        terminal.draw(|f| kpi_council::ui::render(&app, f)).expect("draw");
    });
}

/// The minutes in each format (0 Markdown, 1 HTML, 2 xlsx, 3 Word), from
/// data and session already loaded.
#[divan::bench(args = [Scale::Large, Scale::Talkative], consts = [0, 1, 2, 3], sample_count = 5, sample_size = 1)]
fn export<const FORMAT: u8>(bencher: Bencher, scale: Scale) {
    let f = fixture(scale);
    let format = match FORMAT {
        0 => Format::Md,
        1 => Format::Html,
        2 => Format::Xlsx,
        _ => Format::Docx,
    };
    bencher.bench(|| {
        kpi_council::export::render(&f.loaded.dataset, &f.session, format, Options::default())
            .expect("render")
    });
}

/// Merging two copies of the session in memory (`merge`): the second copy
/// has every tenth remark edited later, as a member's review copy would.
#[divan::bench(args = [Scale::Large, Scale::Talkative], sample_count = 5, sample_size = 1)]
fn merge(bencher: Bencher, scale: Scale) {
    use kpi_council::domain::session::merge::merge;
    let f = fixture(scale);
    let mine = f.session.clone();
    let mut theirs = f.session.clone();
    for r in theirs.remarks.iter_mut().step_by(10) {
        r.text = format!("{}（追記）", r.text).into();
    }
    bencher.bench(|| merge(&mine, &theirs));
}

/// An office's table of the 100k records (`指標, 年度, 企業名, 区分,
/// 本社所在地, 値, 日付, 備考`, one row per record, rows repeated in the
/// sample left out), written once.
fn office_csv() -> &'static Path {
    static CSV: OnceLock<PathBuf> = OnceLock::new();
    CSV.get_or_init(|| {
        let f = fixture(Scale::Large);
        let mut table = Vec::new();
        kpi_council::commands::companies::run(
            &f.loaded.dataset,
            Lang::Ja,
            None,
            None,
            kpi_council::cli::Format::Csv,
            &mut table,
        )
        .expect("table");
        let mut rows = csv::Reader::from_reader(table.as_slice());
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(["指標", "年度", "企業名", "区分", "本社所在地", "値", "日付", "備考"])
            .expect("header");
        let mut seen = std::collections::HashSet::new();
        for row in rows.records() {
            let row = row.expect("row");
            // kpi, fiscal_year, company, kind, head_office, value, date, note
            let cells: Vec<&str> = [0, 3, 6, 9, 8, 11, 13, 14].iter().map(|i| &row[*i]).collect();
            if &row[5] == "contribution" && seen.insert(cells.join("\u{1f}")) {
                out.write_record(&cells).expect("row");
            }
        }
        let path = f.dir.path().join("office.csv");
        std::fs::write(&path, out.into_inner().expect("csv")).expect("write");
        path
    })
}

/// `import actuals` of the office's table of 100k records: read, checked
/// against the plan, every row reconciled (subtotals looked for in each
/// KPI × 年度 of about 2,000 rows).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn import_actuals(bencher: Bencher) {
    bench_import(bencher, office_csv(), kpi_council::import::actuals::Hidden::Stop);
}

/// Imports `path` against the 100k sample's plan, read and checked (not
/// written), each row accepted.
fn bench_import(bencher: Bencher, path: &Path, hidden: kpi_council::import::actuals::Hidden) {
    use kpi_council::import::{SheetChoice, actuals, read_actuals};
    let f = fixture(Scale::Large);
    let options = actuals::Options { map: std::collections::HashMap::new(), hidden };
    bencher.bench(|| {
        let imported =
            read_actuals(path, &f.loaded.dataset.plan, &SheetChoice::from_arg(None), &options)
                .expect("read");
        assert!(
            imported.reconciliation.errors.is_empty(),
            "{:?}",
            &imported.reconciliation.errors[..1]
        );
        imported
    });
}

/// The office's table as an .xlsx of its first `rows` rows, written by the
/// same library as the minutes: each pair of rows with its note (備考)
/// merged, every fifth row hidden, as a clerk's filtered, merged sheet.
fn merged_workbook(rows: usize) -> PathBuf {
    let f = fixture(Scale::Large);
    let path = f.dir.path().join(format!("merged-{rows}.xlsx"));
    if path.exists() {
        return path;
    }
    let mut reader = csv::Reader::from_path(office_csv()).expect("csv");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = reader.headers().expect("header").clone();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, u16::try_from(c).expect("column"), h).expect("header");
    }
    let plain = rust_xlsxwriter::Format::new();
    for (i, row) in reader.records().take(rows).enumerate() {
        let (row, r) = (row.expect("row"), u32::try_from(i + 1).expect("row"));
        for (c, v) in row.iter().enumerate() {
            let c = u16::try_from(c).expect("column");
            match v.parse::<f64>() {
                Ok(n) if c == 5 => sheet.write_number(r, c, n).map(|_| ()),
                _ => sheet.write_string(r, c, v).map(|_| ()),
            }
            .expect("cell");
        }
        if r % 5 == 0 {
            sheet.set_row_hidden(r).expect("hidden");
        }
        if r % 2 == 0 {
            sheet.merge_range(r - 1, 7, r, 7, &row[7], &plain).expect("merge");
        }
    }
    book.save(&path).expect("save");
    path
}

/// `import actuals` of a sheet of 25k and 100k rows, half of them merged
/// with the row above and a fifth hidden (read with `--hidden include`):
/// every merge and hidden row is found once, so four times the rows take
/// about four times as long (the merges were looked up row by row, and
/// 100k rows took 11 s).
#[divan::bench(args = [25_000, 100_000], sample_count = 3, sample_size = 1)]
fn import_merged_rows(bencher: Bencher, rows: usize) {
    let path = merged_workbook(rows);
    bench_import(bencher, &path, kpi_council::import::actuals::Hidden::Include);
}
