//! The interactive meeting: open (or resume) the session, run the
//! interface, and close the session whatever way the run ends.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::app::editor::RemarkEditor;
use crate::app::state::{App, Mode, Overlay};
use crate::clock;
use crate::config::Settings;
use crate::domain::fiscal::FiscalYear;
use crate::domain::plan::Plan;
use crate::domain::session::{DataRefs, Session, Sheet, Stamp};
use crate::i18n::{Lang, fill};
use crate::runtime::{Meeting, Runtime};
use crate::store::dataset_files::Loaded;
use crate::store::disk::RealDisk;
use crate::store::session_path::{SESSIONS_DIR, default_path};
use crate::store::session_store::SessionStore;
use crate::tui::{self, Ending};

use super::UserError;

/// The sheet of a new session: the evaluating body's meeting, today, with
/// the attendees the config lists.
#[must_use]
pub fn default_sheet(plan: &Plan, now: Stamp, settings: &Settings) -> Sheet {
    let lang = settings.lang;
    let today = now.date_naive();
    let title = match lang {
        Lang::Ja => format!("{} {}", FiscalYear::of_date(today).wareki(), plan.evaluation.body),
        Lang::En => format!("FY{} {}", FiscalYear::of_date(today).0, plan.evaluation.body),
    };
    Sheet {
        title,
        date: Some(today),
        attendees: settings.config.attendees.clone(),
        ..Sheet::default()
    }
}

/// The session file to use: `--session`, or today's default in the
/// sessions folder (the config's, else ./sessions).
#[must_use]
pub fn session_path(given: Option<&Path>, plan: &Plan, now: Stamp, settings: &Settings) -> PathBuf {
    let dir = settings.config.sessions_dir.clone().unwrap_or_else(|| PathBuf::from(SESSIONS_DIR));
    given.map_or_else(|| default_path(&dir, &plan.author, now.date_naive()), Path::to_path_buf)
}

/// Opens the session and builds the app around it, with the runtime that
/// keeps it on disk.
pub fn open(
    loaded: Loaded,
    settings: &Settings,
    session: Option<&Path>,
    now: Stamp,
) -> Result<Meeting, UserError> {
    let lang = settings.lang;
    let path = session_path(session, &loaded.dataset.plan, now, settings);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            UserError(format!(
                "{}: cannot create the sessions folder: {}",
                dir.display(),
                crate::store::ron_file::io_reason(&e)
            ))
        })?;
    }
    let refs =
        DataRefs { plan: loaded.plan_source.data_ref(), actuals: loaded.actuals_source.data_ref() };
    let sheet = default_sheet(&loaded.dataset.plan, now, settings);
    let (store, mut session, report) = SessionStore::open(
        &path,
        || Session::new(sheet, refs.clone()),
        Box::new(RealDisk::default()),
        &now.to_rfc3339(),
    )
    .map_err(|e| UserError(e.to_string()))?;
    tracing::info!(path = %path.display(), created = report.created, recovered = report.recovered, torn = ?report.torn_tail, "session opened");
    let mut changed = Vec::new();
    let t = lang.texts();
    if session.data.plan.sha256.is_empty() && session.data.actuals.sha256.is_empty() {
        // A session prepared by hand: record the data it is first used with.
        session.data = refs.clone();
    } else {
        if session.data.plan.sha256 != refs.plan.sha256 {
            changed.push(t.plan_file);
        }
        if session.data.actuals.sha256 != refs.actuals.sha256 {
            changed.push(t.actuals_file);
        }
    }
    let mut app = App::new(loaded, lang, session, now);
    app.theme = settings.config.theme.unwrap_or_default();
    app.no_color = settings.no_color;
    app.attach_file(store.path().to_path_buf());
    app.changed_data = changed;
    if report.recovered > 0 {
        app.notify(fill(t.recovered, &[("n", &report.recovered)]));
    }
    if let Some(draft) = &report.draft {
        app.overlay = Some(Overlay::Remark(Box::new(RemarkEditor::from_draft(draft, now))));
        app.notify(t.draft_restored);
    }
    if let Some(problem) = &settings.problem {
        app.warn(format!("{}: {problem}", t.config_ignored));
    }
    let runtime = Runtime::with_store(store).remembering_in(settings.path.clone());
    Ok(Meeting::new(app, runtime))
}

/// How the meeting is run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// A time box for each agenda item, in minutes.
    pub minutes_per_item: Option<u32>,
}

/// What to open: the data, and the session to record, review or follow.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub plan: Option<PathBuf>,
    pub actuals: Option<PathBuf>,
    pub session: Option<PathBuf>,
    /// Follow this session read-only (the projector's view).
    pub follow: Option<PathBuf>,
    /// Review a copy as this member.
    pub review_as: Option<String>,
    pub options: Options,
}

/// The projector's view: a read-only follower of the session the
/// secretary's program records.
fn follower(
    loaded: Loaded,
    settings: &Settings,
    path: &Path,
    now: Stamp,
) -> Result<Meeting, UserError> {
    let (follower, session) =
        crate::store::follow::Follower::open(path).map_err(|e| UserError(e.to_string()))?;
    let mut app = App::new(loaded, settings.lang, session, now);
    app.set_mode(Mode::Following(path.to_path_buf()));
    app.theme = settings.config.theme.unwrap_or_default();
    app.no_color = settings.no_color;
    Ok(Meeting::new(app, Runtime::following(follower)))
}

/// Reads the data and opens the session as the request says.
fn build(request: &Request, settings: &Settings) -> Result<Meeting, UserError> {
    let loaded =
        crate::store::dataset_files::load(request.plan.as_deref(), request.actuals.as_deref())?;
    let now = clock::now();
    let mut meeting = match (&request.follow, &request.review_as) {
        (Some(path), _) => follower(loaded, settings, path, now)?,
        (None, Some(name)) => {
            let session = request.session.as_deref().unwrap_or(Path::new(""));
            if !session.exists() {
                return Err(UserError(format!(
                    "{}: no such session; a review starts from a copy of the meeting's session",
                    session.display()
                )));
            }
            let mut meeting = open(loaded, settings, Some(session), now)?;
            meeting.app.set_mode(Mode::Reviewing(name.trim().to_string()));
            meeting
        }
        (None, None) => open(loaded, settings, request.session.as_deref(), now)?,
    };
    meeting.app.minutes_per_item = request.options.minutes_per_item;
    Ok(meeting)
}

/// Runs the meeting (or the review, or the follower); the exit status says
/// how it ended. The first frame is drawn while the data are read.
pub fn run(request: Request, settings: Settings) -> Result<ExitCode, UserError> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        // Bad input is reported as such even without a terminal.
        crate::store::dataset_files::load(request.plan.as_deref(), request.actuals.as_deref())?;
        return Err(UserError(
            "the interface needs a terminal; run kpi-council in a terminal, or see kpi-council --help for the subcommands".into(),
        ));
    }
    let lang = settings.lang;
    let loader: tui::Loader = Box::new(move || build(&request, &settings));
    let outcome = tui::run(loader, lang)
        .map_err(|e| UserError(format!("the terminal could not be used: {e}")))?;
    // Abandoned while loading: the session may not even be open yet.
    let (ending, messages, opened) = match outcome {
        tui::Outcome::Ran(ending, messages) => (ending, messages, true),
        tui::Outcome::LoadFailed(e) => return Err(e),
        tui::Outcome::Abandoned(ending) => (ending, Vec::new(), false),
    };
    for m in &messages {
        eprintln!("{}", crate::export::safe::terminal_lines(m));
    }
    Ok(match ending {
        Ending::Quit if messages.iter().any(|m| m.starts_with("error")) => ExitCode::FAILURE,
        Ending::Quit => ExitCode::SUCCESS,
        Ending::Signal(n) => ExitCode::from(u8::try_from(128 + n).unwrap_or(255)),
        Ending::TerminalLost(reason) => {
            if opened {
                eprintln!("error: the terminal was lost ({reason}); the session was saved");
            } else {
                eprintln!(
                    "error: the terminal was lost while loading ({reason}); nothing was changed"
                );
            }
            ExitCode::FAILURE
        }
    })
}
