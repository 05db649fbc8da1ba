//! Benchmarks of what a meeting does, at three sizes: the embedded default,
//! 10k records / 1k remarks, and 100k records / 10k remarks.
//! Run with `cargo bench`; figures and their meaning are in BENCHMARKS.md.

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::DateTime;
use divan::Bencher;
use kpi_council::app::action::Action;
use kpi_council::app::state::App;
use kpi_council::app::update::update;
use kpi_council::domain::ledger::Ledger;
use kpi_council::domain::session::{
    DataRefs, Op, Remark, RemarkKind, Session, Sheet, Stamp, Target,
};
use kpi_council::export::minutes::Options;
use kpi_council::export::write::Format;
use kpi_council::i18n::Lang;
use kpi_council::sample::{LARGE, MEDIUM, Size};
use kpi_council::store::dataset_files::{self, Loaded};
use kpi_council::store::disk::RealDisk;
use kpi_council::store::session_store::SessionStore;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    Small,
    Medium,
    Large,
}

impl std::fmt::Display for Scale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Scale::Small => "embedded",
            Scale::Medium => "10k-1k",
            Scale::Large => "100k-10k",
        })
    }
}

const SCALES: [Scale; 3] = [Scale::Small, Scale::Medium, Scale::Large];

/// Files on disk for one scale, made once per run.
struct Fixture {
    _dir: tempfile::TempDir,
    plan: Option<PathBuf>,
    actuals: Option<PathBuf>,
    session: PathBuf,
    loaded: Loaded,
    session_value: Session,
}

fn now() -> Stamp {
    DateTime::parse_from_rfc3339("2019-05-20T15:00:00+09:00").expect("time")
}

fn make(scale: Scale) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let size: Option<Size> = match scale {
        Scale::Small => None,
        Scale::Medium => Some(MEDIUM),
        Scale::Large => Some(LARGE),
    };
    let (plan, actuals, session) = match size {
        Some(size) => {
            kpi_council::commands::sample::run(size, dir.path(), true).expect("sample");
            (
                Some(dir.path().join("plan.ron")),
                Some(dir.path().join("actuals.ron")),
                dir.path().join("session.ron"),
            )
        }
        None => {
            // The embedded default with a session of a few remarks.
            let loaded = kpi_council::store::embedded::load().expect("embedded");
            let small = Size { kpis: 3, years: 3, companies: 22, records: 0, remarks: 20 };
            let mut s = kpi_council::sample::session(
                &loaded.dataset.plan,
                &loaded.dataset.actuals,
                small,
                DataRefs::default(),
            );
            s.data.plan = loaded.plan_source.data_ref();
            s.data.actuals = loaded.actuals_source.data_ref();
            let path = dir.path().join("session.ron");
            std::fs::write(&path, kpi_council::store::session_file::to_text(&s).expect("ron"))
                .expect("write");
            (None, None, path)
        }
    };
    let loaded = dataset_files::load(plan.as_deref(), actuals.as_deref()).expect("load");
    let session_value = kpi_council::store::session_file::load(&session).expect("session");
    Fixture { _dir: dir, plan, actuals, session, loaded, session_value }
}

fn fixture(scale: Scale) -> &'static Fixture {
    static SMALL: OnceLock<Fixture> = OnceLock::new();
    static MEDIUM_F: OnceLock<Fixture> = OnceLock::new();
    static LARGE_F: OnceLock<Fixture> = OnceLock::new();
    match scale {
        Scale::Small => SMALL.get_or_init(|| make(Scale::Small)),
        Scale::Medium => MEDIUM_F.get_or_init(|| make(Scale::Medium)),
        Scale::Large => LARGE_F.get_or_init(|| make(Scale::Large)),
    }
}

fn app(scale: Scale) -> App {
    let f = fixture(scale);
    App::new(f.loaded.clone(), Lang::Ja, f.session_value.clone(), now())
}

/// Reading and checking plan + actuals + session from their files.
#[divan::bench(args = SCALES, sample_count = 10)]
fn load(bencher: Bencher, scale: Scale) {
    let f = fixture(scale);
    bencher.bench(|| {
        let loaded = dataset_files::load(f.plan.as_deref(), f.actuals.as_deref()).expect("load");
        let session = kpi_council::store::session_file::load(&f.session).expect("session");
        (loaded, session)
    });
}

/// The aggregates behind the overview (every KPI × year, totals, companies).
#[divan::bench(args = SCALES, sample_count = 20)]
fn overview(bencher: Bencher, scale: Scale) {
    let d = &fixture(scale).loaded.dataset;
    bencher.bench(|| Ledger::build(&d.plan, &d.actuals));
}

fn on_screen(scale: Scale, screen: &str) -> App {
    let mut app = app(scale);
    let steps: &[Action] = match screen {
        "overview" => &[],
        "item" => &[Action::Enter],
        "companies" => &[Action::Enter, Action::Enter],
        "company" => &[Action::Enter, Action::Enter, Action::Enter],
        "minutes" => &[Action::Minutes],
        _ => &[Action::SessionSheet],
    };
    for a in steps {
        update(&mut app, *a);
    }
    // The preview's lines, as the runtime's worker hands them over.
    if let kpi_council::app::state::Screen::Minutes(view) = app.screen() {
        let request = view.request;
        let lines = kpi_council::app::minutes::preview_lines(app.loaded(), app.session());
        app.preview_ready(request, lines);
    }
    app
}

const SCREENS: [&str; 6] = ["overview", "item", "companies", "company", "minutes", "sheet"];

/// Drawing one screen into a test backend; the const is the screen's
/// place in `SCREENS` (0 overview, 1 item, 2 companies, 3 company,
/// 4 minutes preview, 5 session sheet).
fn draw(bencher: Bencher, scale: Scale, screen: usize, (w, h): (u16, u16)) {
    let app = on_screen(scale, SCREENS[screen]);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    bencher.bench_local(|| {
        terminal.draw(|f| kpi_council::ui::render(&app, f)).map(|_| ()).expect("draw");
    });
}

/// Each screen drawn at 80x24.
#[divan::bench(args = SCALES, consts = [0, 1, 2, 3, 4, 5], sample_count = 20)]
fn render_80x24<const S: usize>(bencher: Bencher, scale: Scale) {
    draw(bencher, scale, S, (80, 24));
}

/// Each screen drawn at 200x50.
#[divan::bench(args = SCALES, consts = [0, 1, 2, 3, 4, 5], sample_count = 20)]
fn render_200x50<const S: usize>(bencher: Bencher, scale: Scale) {
    draw(bencher, scale, S, (200, 50));
}

/// One key on the companies screen: the selection moves one row and the
/// frame is drawn again (200x50).
#[divan::bench(args = SCALES, sample_count = 50)]
fn companies_key(bencher: Bencher, scale: Scale) {
    let mut app = on_screen(scale, "companies");
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    let mut down = true;
    bencher.bench_local(|| {
        update(&mut app, if down { Action::Down } else { Action::Up });
        down = !down;
        terminal.draw(|f| kpi_council::ui::render(&app, f)).expect("draw");
    });
}

/// Saving one remark durably (appended to the journal and synced).
#[divan::bench(args = SCALES, sample_count = 30)]
fn save_remark(bencher: Bencher, scale: Scale) {
    let f = fixture(scale);
    let dir = tempfile::tempdir_in(std::env::current_dir().expect("cwd")).expect("temp dir");
    let path = dir.path().join("s.ron");
    std::fs::copy(&f.session, &path).expect("copy");
    let (mut store, mut session, _) =
        SessionStore::open(&path, unreachable_session, Box::new(RealDisk::default()), "bench")
            .expect("open");
    let mut n = 0u64;
    bencher.bench_local(|| {
        n += 1;
        let op = Op::AddRemark(Remark::new(
            format!("BENCH{n:020}"),
            now(),
            RemarkKind::Opinion,
            Target::Meeting,
            "ベンチマークの発言".into(),
        ));
        session.apply(&op).expect("apply");
        store.record(&session, session.revision, &op).expect("record");
    });
}

fn unreachable_session() -> Session {
    Session::new(Sheet::default(), DataRefs::default())
}

/// The minutes as Markdown and as HTML.
#[divan::bench(args = SCALES, consts = [0, 1], sample_count = 10)]
fn export<const HTML: u8>(bencher: Bencher, scale: Scale) {
    let f = fixture(scale);
    let format = if HTML == 1 { Format::Html } else { Format::Md };
    bencher.bench(|| {
        kpi_council::export::render(&f.loaded.dataset, &f.session_value, format, Options::default())
            .expect("render")
    });
}

/// Remarks on one agenda item, none of them a question: the minutes built
/// and written as Markdown. Doubling the remarks must about double the
/// time (each answer is placed by index, never by looking back).
#[divan::bench(args = [20_000, 40_000, 80_000], sample_count = 5)]
fn minutes_one_item(bencher: Bencher, remarks: usize) {
    let loaded = kpi_council::store::embedded::load().expect("embedded");
    let plan = &loaded.dataset.plan;
    let target = kpi_council::domain::session::Target::Item {
        kpi: plan.kpis[0].id.as_str().into(),
        fiscal_year: plan.fiscal_years[0],
    };
    let mut session = unreachable_session();
    for n in 0..remarks {
        let at = now() + chrono::Duration::seconds(i64::try_from(n).unwrap_or(0));
        let kind = if n % 2 == 0 {
            kpi_council::domain::session::RemarkKind::Opinion
        } else {
            kpi_council::domain::session::RemarkKind::Answer
        };
        let r = kpi_council::domain::session::Remark::new(
            format!("01B{n:023}"),
            at,
            kind,
            target.clone(),
            format!("発言{n}"),
        );
        session.apply(&Op::AddRemark(r)).expect("add");
    }
    bencher.bench(|| {
        kpi_council::export::render(&loaded.dataset, &session, Format::Md, Options::default())
            .expect("render")
    });
}
