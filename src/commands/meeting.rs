//! The interactive meeting: open (or resume) the session, run the
//! interface, and close the session whatever way the run ends.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::app::editor::RemarkEditor;
use crate::app::judgment_form::JudgmentForm;
use crate::app::picker::{Choice, Picker};
use crate::app::state::{App, Mode, Overlay};
use crate::clock;
use crate::config::Settings;
use crate::domain::fiscal::FiscalYear;
use crate::domain::plan::Plan;
use crate::domain::session::{DataRefs, Op, ReviewCopy, Session, Sheet, Stamp};
use crate::i18n::{fill, tr};
use crate::runtime::{Meeting, Runtime};
use crate::store::dataset_files::Loaded;
use crate::store::disk::RealDisk;
use crate::store::session_list;
use crate::store::session_path::{SESSIONS_DIR, default_path};
use crate::store::session_store::SessionStore;
use crate::tui::{self, Ending};

use super::UserError;

/// The sheet of a new session: the evaluating body's meeting on `date`,
/// with the attendees the config lists. The title is the minutes' (always
/// Japanese, whatever the interface's language): 令和元年度 …協議会, never
/// FY2019 …協議会 in an official document because the session was made
/// with `--lang en`.
#[must_use]
pub fn default_sheet(plan: &Plan, date: NaiveDate, settings: &Settings) -> Sheet {
    let title = format!("{} {}", FiscalYear::of_date(date).wareki(), plan.evaluation.body);
    Sheet {
        title,
        date: Some(date),
        attendees: settings.config.attendees.clone(),
        ..Sheet::default()
    }
}

/// The sessions folder: the config's, else ./sessions.
#[must_use]
pub fn sessions_dir(settings: &Settings) -> PathBuf {
    settings.config.sessions_dir.clone().unwrap_or_else(|| PathBuf::from(SESSIONS_DIR))
}

/// The file of a new meeting on `date`: `sessions/2019-05-20-北見市.ron`.
/// A session's file name is fixed when it is created and never changes.
#[must_use]
pub fn new_session_path(plan: &Plan, date: NaiveDate, settings: &Settings) -> PathBuf {
    default_path(&sessions_dir(settings), &plan.author, date)
}

/// Opens the session at `path` (creating it for a meeting on `date` when
/// there is none) and builds the app around it, with the runtime that
/// keeps it on disk.
pub fn open_at(
    loaded: Loaded,
    settings: &Settings,
    path: &Path,
    date: NaiveDate,
    now: Stamp,
) -> Result<Meeting, UserError> {
    open_at_with(loaded, settings, path, date, now, Opened::Now(None))
}

/// How the interface opens a session: perhaps parsed ahead (see
/// `session_file::Early`), and a session created new perhaps written only
/// once the first frame is on screen (the interface then calls
/// `Meeting::settle`).
enum Opened {
    Now(Option<crate::store::session_file::Early>),
    NewWrittenAfterFirstFrame(Option<crate::store::session_file::Early>),
}

fn open_at_with(
    loaded: Loaded,
    settings: &Settings,
    path: &Path,
    date: NaiveDate,
    now: Stamp,
    opened: Opened,
) -> Result<Meeting, UserError> {
    let lang = settings.lang;
    let path = path.to_path_buf();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            let (dir, reason) = (dir.display(), crate::store::ron_file::io_reason(&e));
            UserError(tr(
                format!("{dir}: 記録のフォルダーを作れません: {reason}"),
                format!("{dir}: cannot create the sessions folder: {reason}"),
            ))
        })?;
    }
    let refs = loaded.data_refs();
    let sheet = default_sheet(&loaded.dataset.plan, date, settings);
    let create = || Session::new(sheet, refs.clone());
    let (disk, stamp) = (Box::new(RealDisk::default()), now.to_rfc3339());
    let (mut store, mut session, report) = match opened {
        Opened::Now(early) => SessionStore::open_with(&path, create, disk, &stamp, early),
        Opened::NewWrittenAfterFirstFrame(early) => {
            SessionStore::open_writing_new_later(&path, create, disk, &stamp, early)
        }
    }
    .map_err(|e| UserError(e.to_string()))?;
    // Opening wrote the session (a journal folded in) and merged a file
    // changed on disk meanwhile: the meeting starts from that.
    if let Some(merged) = store.take_merged() {
        session = merged;
    }
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
    let meeting_date = app.session().sheet.date.unwrap_or(date);
    app.earlier_meetings = earlier_meetings(store.path(), meeting_date, &refs.plan.sha256);
    if report.recovered > 0 {
        let changes = crate::i18n::count_en(report.recovered, "change", "changes");
        app.notify(fill(t.recovered, &[("n", &report.recovered), ("changes", &changes)]));
    }
    if let Some(draft) = &report.draft {
        app.overlay = Some(Overlay::Remark(Box::new(RemarkEditor::from_draft(draft, now))));
        app.notify(t.draft_restored);
    } else if let Some(draft) = &report.judgment_draft {
        let targets = vec![crate::domain::session::JudgmentTarget::Plan];
        let categories = &app.data().plan.judgment;
        let form = JudgmentForm::from_draft(draft, targets, categories, now);
        app.overlay = Some(Overlay::Judgment(Box::new(form)));
        app.notify(lang.day().judgment_draft_restored);
    }
    if let Some(problem) = &settings.problem {
        app.warn(format!("{}: {problem}", t.config_ignored));
    }
    if let Some(problem) = &settings.wording_problem {
        app.warn(format!("{}: {problem}", t.wording_ignored));
    }
    // What a close could not save, until it is merged in: said last, so
    // that no other notice hides it.
    if let Some((copy, n)) = crate::runtime::rescue_ahead(store.path(), app.session()) {
        let (copy, session) = (copy.display(), store.path().display());
        let remarks = crate::i18n::count_en(n, "remark", "remarks");
        let pairs: [(&str, &dyn std::fmt::Display); 4] =
            [("copy", &copy), ("n", &n), ("remarks", &remarks), ("session", &session)];
        app.warn(fill(t.rescue_found, &pairs));
    }
    let runtime = Runtime::with_store(store)
        .remembering_in(settings.path.clone())
        .wording(settings.wording.clone());
    Ok(Meeting::new(app, runtime))
}

/// The meetings of the same plan before `date` in the session's folder,
/// oldest first, with their judgments: for the plan-across-years screen.
/// A file that cannot be read is left out (the start screen says why).
#[must_use]
pub fn earlier_meetings(
    path: &Path,
    date: NaiveDate,
    plan_sha256: &str,
) -> Vec<crate::app::years::EarlierMeeting> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    // The session itself is not read again: at 100k remarks that is half a second.
    let mut found: Vec<(NaiveDate, crate::app::years::EarlierMeeting)> =
        session_list::read_others(dir, path)
            .into_iter()
            .filter_map(|session| {
                let day = session.sheet.date.filter(|d| *d < date)?;
                let plan = &session.data.plan.sha256;
                if !plan.is_empty() && plan != plan_sha256 {
                    return None;
                }
                let title = session.sheet.title.trim().to_string();
                let judgments =
                    session.judgments.into_iter().filter(|j| j.withdrawn.is_none()).collect();
                Some((day, crate::app::years::EarlierMeeting { title, date: day, judgments }))
            })
            .collect();
    found.sort_by_key(|(d, _)| *d);
    found.into_iter().map(|(_, m)| m).collect()
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
    /// Follow read-only (the projector's view): this session, or the one
    /// being recorded in the sessions folder (`None` inside).
    pub follow: Option<Option<PathBuf>>,
    /// Review a copy as this member.
    pub review_as: Option<String>,
    pub options: Options,
}

/// The projector's view: a read-only follower of the session the
/// secretary's program records. Without a path it follows the session of
/// the sessions folder being recorded now; with none yet (or a path that
/// does not exist yet) it waits (待機中) and follows it once it is there.
fn follower(
    loaded: Loaded,
    settings: &Settings,
    target: Option<&Path>,
    now: Stamp,
) -> Result<Meeting, UserError> {
    let dir = sessions_dir(settings);
    let found = match target {
        Some(path) => Some(path.to_path_buf()).filter(|p| p.exists()),
        None => session_list::being_recorded(&dir),
    };
    let (app, runtime) = match found {
        Some(path) => {
            let (follower, session) = crate::store::follow::Follower::open(&path)
                .map_err(|e| UserError(e.to_string()))?;
            let mut app = App::new(loaded, settings.lang, session, now);
            app.set_mode(Mode::Following(path));
            app.restore_position();
            (app, Runtime::following(follower))
        }
        None => {
            let sheet = default_sheet(&loaded.dataset.plan, now.date_naive(), settings);
            let session = Session::new(sheet, DataRefs::default());
            let mut app = App::new(loaded, settings.lang, session, now);
            app.set_mode(Mode::Waiting(target.map(Path::to_path_buf)));
            (app, Runtime::waiting(target.map(Path::to_path_buf), dir))
        }
    };
    let mut app = app;
    app.theme = settings.config.theme.unwrap_or_default();
    app.no_color = settings.no_color;
    Ok(Meeting::new(app, runtime))
}

/// Opens the session at `session` (or today's new one) and builds the app
/// around it.
pub fn open(
    loaded: Loaded,
    settings: &Settings,
    session: Option<&Path>,
    now: Stamp,
) -> Result<Meeting, UserError> {
    let today = now.date_naive();
    let path = session
        .map_or_else(|| new_session_path(&loaded.dataset.plan, today, settings), Path::to_path_buf);
    open_at(loaded, settings, &path, today, now)
}

/// Makes the session `name`'s review copy: the copy records whose it is
/// and since when (so that a merge can tell), and one member's copy is
/// never reviewed under another's name.
fn begin_review(
    meeting: &mut Meeting,
    path: &Path,
    name: &str,
    now: Stamp,
) -> Result<(), UserError> {
    match &meeting.session().review {
        Some(mark) if !mark.is_member(name) => {
            let (path, member, since) =
                (path.display(), &mark.member, mark.since.format("%Y-%m-%d %H:%M"));
            return Err(UserError(tr(
                format!(
                    "{path}: これは {member} さんの確認用の写しです（{since} から）。--as \"{member}\" で開くか、会議の記録から新しく写しを作ってください"
                ),
                format!(
                    "{path}: this is {member}'s review copy (since {since}); review it --as \"{member}\", or start from a fresh copy of the meeting's session"
                ),
            )));
        }
        Some(_) => {}
        None => {
            let mark = ReviewCopy { member: name.to_string(), since: now };
            if !meeting.commit(Op::MarkReviewCopy(mark)) {
                let path = path.display();
                return Err(UserError(tr(
                    format!("{path}: 確認用の写しの印を付けられません"),
                    format!("{path}: cannot mark the review copy"),
                )));
            }
        }
    }
    meeting.app.set_mode(Mode::Reviewing(name.to_string()));
    Ok(())
}

/// A member's copy opened without `review` (from the start screen, or
/// with `--session`) is still that member's: the screen allows what a
/// merge will take from it. Said at once, with the way back: a meeting's
/// session that git replaced by a member's copy (a fast-forward) showed
/// only 事前確認 on the status line, and judgments refused.
fn keep_review_copy(meeting: &mut Meeting) {
    if let Some(mark) = meeting.session().review.clone()
        && matches!(meeting.mode(), Mode::Recording)
    {
        let member = &mark.member;
        meeting.app.warn(tr(
            format!(
                "この記録は {member} さんの事前確認の写しです（評価・会議情報・書き出しはできません）。会議の記録が写しに入れ替わったとき（git の統合など）は、元の会議の記録と kpi-council merge でまとめてください"
            ),
            format!(
                "this session is {member}'s review copy (no judgments, sheet or export here); if it replaced the meeting's session (a git merge), bring it into the meeting's own session with kpi-council merge"
            ),
        ));
        meeting.app.set_mode(Mode::Reviewing(mark.member));
    }
}

/// What the loader hands the interface: a meeting ready to run, or the
/// start screen's choice to make first.
pub enum Opening {
    Ready(Box<Meeting>),
    Choose(Box<Chooser>),
}

/// The start screen's side: the data are read; which session to open is
/// chosen on screen.
pub struct Chooser {
    loaded: Loaded,
    settings: Settings,
    options: Options,
    now: Stamp,
    pub picker: Picker,
}

impl Chooser {
    /// Opens what was chosen (a new meeting is created on its date; an
    /// existing file of that date is resumed, never replaced).
    pub fn open(self, choice: Choice) -> Result<Option<Meeting>, UserError> {
        let mut carried = 0;
        let (path, date) = match choice {
            Choice::Quit => return Ok(None),
            Choice::Open(path) => (path, self.now.date_naive()),
            Choice::New(date) => {
                (new_session_path(&self.loaded.dataset.plan, date, &self.settings), date)
            }
            Choice::NewFrom(date, earlier) => {
                let path = new_session_path(&self.loaded.dataset.plan, date, &self.settings);
                // A session of that date already there is resumed, never replaced.
                if !path.exists() {
                    (_, carried) = super::new::run(
                        &self.loaded,
                        &self.settings,
                        &earlier,
                        Some(&date.to_string()),
                        Some(&path),
                        date,
                    )?;
                }
                (path, date)
            }
        };
        let opened = Opened::NewWrittenAfterFirstFrame(None);
        let mut meeting = open_at_with(self.loaded, &self.settings, &path, date, self.now, opened)?;
        keep_review_copy(&mut meeting);
        meeting.app.minutes_per_item = self.options.minutes_per_item;
        if carried > 0 {
            meeting.app.notify(super::new::carried_note(carried));
        }
        Ok(Some(meeting))
    }
}

/// Reads the data and opens the session as the request says; without
/// `--session`, a sessions folder that holds sessions asks which first.
fn build(request: &Request, settings: &Settings) -> Result<Opening, UserError> {
    // A session named on the command line is locked, read and parsed on
    // the other core while the data load; opening then takes the lock and
    // the session as read under it.
    let now = clock::now();
    let early = request.session.as_ref().filter(|_| request.follow.is_none()).map(|path| {
        crate::store::session_file::Early::spawn(
            path.clone(),
            crate::store::cache::Cache::from_env(),
            now.to_rfc3339(),
        )
    });
    let loaded =
        crate::store::dataset_files::load(request.plan.as_deref(), request.actuals.as_deref());
    let loaded = loaded?;
    let today = now.date_naive();
    let mut meeting = match (&request.follow, &request.review_as) {
        (Some(target), _) => follower(loaded, settings, target.as_deref(), now)?,
        (None, Some(name)) => {
            let session = request.session.as_deref().unwrap_or(Path::new(""));
            if !session.exists() {
                let session = session.display();
                return Err(UserError(tr(
                    format!("{session}: その記録はありません。確認は会議の記録の写しから始めます"),
                    format!(
                        "{session}: no such session; a review starts from a copy of the meeting's session"
                    ),
                )));
            }
            let mut meeting =
                open_at_with(loaded, settings, session, today, now, Opened::Now(early))?;
            begin_review(&mut meeting, session, name.trim(), now)?;
            meeting
        }
        (None, None) => match request.session.as_deref() {
            Some(path) => {
                let opened = Opened::NewWrittenAfterFirstFrame(early);
                open_at_with(loaded, settings, path, today, now, opened)?
            }
            None => {
                let listed = session_list::list(&sessions_dir(settings));
                if listed.is_empty() {
                    let path = new_session_path(&loaded.dataset.plan, today, settings);
                    let opened = Opened::NewWrittenAfterFirstFrame(None);
                    open_at_with(loaded, settings, &path, today, now, opened)?
                } else {
                    let mut picker = Picker::new(listed, today, settings.lang);
                    picker.plan_sha256 = loaded.plan_source.data_ref().sha256;
                    return Ok(Opening::Choose(Box::new(Chooser {
                        loaded,
                        settings: settings.clone(),
                        options: request.options,
                        now,
                        picker,
                    })));
                }
            }
        },
    };
    keep_review_copy(&mut meeting);
    meeting.app.minutes_per_item = request.options.minutes_per_item;
    Ok(Opening::Ready(Box::new(meeting)))
}

/// Runs the meeting (or the review, or the follower); the exit status says
/// how it ended. The first frame is drawn while the data are read.
pub fn run(request: Request, settings: Settings) -> Result<ExitCode, UserError> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        // Bad input is reported as such even without a terminal.
        crate::store::dataset_files::load(request.plan.as_deref(), request.actuals.as_deref())?;
        return Err(UserError(tr(
            "画面を開くには端末が必要です。端末で kpi-council を実行するか、kpi-council --help でサブコマンドを確かめてください",
            "the interface needs a terminal; run kpi-council in a terminal, or see kpi-council --help for the subcommands",
        )));
    }
    let lang = settings.lang;
    let loader: tui::Loader = Box::new(move || build(&request, &settings));
    // (the start screen, when there is one, comes once the data are read)
    let outcome = tui::run(loader, lang).map_err(|e| {
        UserError(tr(
            format!("端末を使えません: {e}"),
            format!("the terminal could not be used: {e}"),
        ))
    })?;
    // Abandoned while loading: the session may not even be open yet.
    let (ending, messages, opened) = match outcome {
        tui::Outcome::Ran(ending, messages) => (ending, messages, true),
        tui::Outcome::LoadFailed(e) => return Err(e),
        tui::Outcome::Abandoned(ending) => (ending, Vec::new(), false),
    };
    for m in &messages {
        crate::say!("{}", crate::export::safe::terminal_lines(m));
    }
    Ok(match ending {
        Ending::Quit
            if messages.iter().any(|m| m.starts_with("error") || m.starts_with("エラー")) =>
        {
            ExitCode::FAILURE
        }
        Ending::Quit => ExitCode::SUCCESS,
        Ending::Signal(n) => ExitCode::from(u8::try_from(128 + n).unwrap_or(255)),
        Ending::TerminalLost(reason) => {
            if opened {
                crate::say!(
                    "{}",
                    tr(
                        format!("エラー: 端末が失われました（{reason}）。記録は保存してあります"),
                        format!("error: the terminal was lost ({reason}); the session was saved"),
                    )
                );
            } else {
                crate::say!(
                    "{}",
                    tr(
                        format!(
                            "エラー: 読み込み中に端末が失われました（{reason}）。何も変えていません"
                        ),
                        format!(
                            "error: the terminal was lost while loading ({reason}); nothing was changed"
                        ),
                    )
                );
            }
            ExitCode::FAILURE
        }
    })
}
