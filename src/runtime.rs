//! The runtime: it owns what the application must not touch (the session
//! store with its journal and lock, the projector's follower, the config
//! file, the export worker) and carries out the effects `update` returns.
//! Only its reports change the save state and the notices, so the screen
//! says 保存済み only after the write returned: recording a change and
//! keeping a draft happen here, synchronously, before the next frame. The
//! export runs on a worker thread and posts its outcome back; the meeting
//! goes on meanwhile.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Instant;

use crossterm::event::{KeyEvent, MouseEvent};

use crate::app::action::Action;
use crate::app::effect::{Effect, ExportOutcome, ExportRequest};
use crate::app::meeting::SaveState;
use crate::app::state::App;
use crate::domain::session::{Op, Session, Stamp};
use crate::export::minutes::Options;
use crate::export::wording::Wording;
use crate::export::write::Format;
use crate::i18n::tr;
use crate::store::dataset_files::Loaded;
use crate::store::follow::Follower;
use crate::store::lock::LockError;
use crate::store::ron_file::io_reason;
use crate::store::session_store::SessionStore;

/// What carries out the app's effects.
#[derive(Default)]
pub struct Runtime {
    /// Where the session is kept; `None` keeps it in memory only.
    store: Option<SessionStore>,
    /// The projector's view of a session another program writes.
    follower: Option<Follower>,
    /// The projector waiting for the meeting: the session it waits for,
    /// or the folder whose recorded session it will follow.
    waiting: Option<(Option<PathBuf>, PathBuf)>,
    /// Where the theme is remembered; `None` in tests.
    config_path: Option<PathBuf>,
    /// The export under way, if any: its outcome arrives here.
    export: Option<Receiver<ExportOutcome>>,
    /// The minutes previews being made: their lines arrive here.
    previews: Vec<Receiver<(u64, PreviewLines)>>,
    /// The fixed sentences of the minutes, in the office's wording.
    wording: Arc<Wording>,
    /// The session file changed on disk and could not be read: said once.
    unreadable_said: bool,
    /// Another program took the session's lock meanwhile: said once.
    lock_taken_said: bool,
    /// A new session's first write was tried (see [`Runtime::settle`]).
    settled: bool,
}

impl Runtime {
    /// A runtime that writes nothing: tests, benchmarks, previews.
    #[must_use]
    pub fn in_memory() -> Self {
        Runtime::default()
    }

    /// A runtime keeping the session in `store`.
    #[must_use]
    pub fn with_store(store: SessionStore) -> Self {
        Runtime { store: Some(store), ..Runtime::default() }
    }

    /// A runtime following a session another program writes.
    #[must_use]
    pub fn following(follower: Follower) -> Self {
        Runtime { follower: Some(follower), ..Runtime::default() }
    }

    /// A runtime waiting for a meeting to follow: the session at `target`
    /// once it exists, or (without a target) the session of `dir` that a
    /// kpi-council is recording.
    #[must_use]
    pub fn waiting(target: Option<PathBuf>, dir: PathBuf) -> Self {
        Runtime { waiting: Some((target, dir)), ..Runtime::default() }
    }

    /// Whether the meeting waited for can be followed now; if so, follow it.
    fn look_for_meeting(&mut self, app: &mut App) {
        let Some((target, dir)) = &self.waiting else { return };
        let path = match target {
            Some(path) => Some(path.clone()).filter(|p| p.is_file()),
            None => crate::store::session_list::being_recorded(dir),
        };
        let Some(path) = path else { return };
        if let Ok((follower, session)) = Follower::open(&path) {
            tracing::info!(path = %path.display(), "the awaited meeting is followed");
            self.waiting = None;
            self.follower = Some(follower);
            app.start_following(path, session);
        }
    }

    /// Remember the theme in this config file.
    #[must_use]
    pub fn remembering_in(mut self, config: Option<PathBuf>) -> Self {
        self.config_path = config;
        self
    }

    /// Write the minutes in this wording (the office's, from the config folder).
    #[must_use]
    pub fn wording(mut self, wording: Wording) -> Self {
        self.wording = Arc::new(wording);
        self
    }

    #[must_use]
    pub fn session_file(&self) -> Option<&Path> {
        self.store.as_ref().map(SessionStore::path)
    }

    /// Carries out effects in order, telling the app how each went.
    pub fn carry_out(&mut self, app: &mut App, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Record { op, revision } => self.record(app, &op, revision),
                Effect::Flush => {
                    let Some(store) = &mut self.store else { continue };
                    let result = store.flush(app.session()).map_err(|e| io_reason(&e));
                    app.flushed(result);
                    self.take_merged(app);
                }
                Effect::SaveDraft(draft) => {
                    if let Some(store) = &mut self.store
                        && store.save_draft(&draft).is_ok()
                    {
                        app.draft_saved();
                    }
                }
                Effect::ClearDraft => {
                    if let Some(store) = &mut self.store {
                        let _ = store.clear_draft();
                    }
                }
                Effect::SaveJudgmentDraft(draft) => {
                    if let Some(store) = &mut self.store
                        && store.save_judgment_draft(&draft).is_ok()
                    {
                        app.draft_saved();
                    }
                }
                Effect::ClearJudgmentDraft => {
                    if let Some(store) = &mut self.store {
                        let _ = store.clear_judgment_draft();
                    }
                }
                Effect::Export(request) => self.start_export(app, &request),
                Effect::Preview(request) => {
                    let loaded = Arc::clone(app.loaded());
                    let session = app.session().clone();
                    let (tx, rx) = mpsc::channel();
                    std::thread::spawn(move || {
                        let lines = crate::guard::quietly(|| {
                            crate::app::minutes::preview_lines(&loaded, &session)
                        });
                        let _ = tx.send((request, lines));
                    });
                    self.previews.push(rx);
                }
                Effect::RememberTheme(theme) => {
                    let Some(path) = &self.config_path else { continue };
                    let mut config = crate::config::load(path).unwrap_or_default();
                    config.theme = Some(theme);
                    if let Err(e) = crate::config::save(path, &config) {
                        app.theme_not_remembered(&e.to_string());
                    }
                }
            }
        }
    }

    /// Writes a session created new once the first frame is on screen,
    /// once: a failure shows as any failed save does, and is retried as
    /// one is (every two seconds), not at every frame.
    pub fn settle(&mut self, app: &mut App) {
        if std::mem::replace(&mut self.settled, true) {
            return;
        }
        let Some(store) = &mut self.store else { return };
        store.begin_backup();
        if let Err(e) = store.settle(app.session()) {
            app.flushed(Err(io_reason(&e)));
        }
        self.take_merged(app);
    }

    fn record(&mut self, app: &mut App, op: &Op, revision: u64) {
        let Some(store) = &mut self.store else { return };
        let result = store.record(app.session(), revision, op).map_err(|e| io_reason(&e));
        app.recorded(op.is_durable(), result);
        self.take_merged(app);
    }

    /// A merge the store made with a file changed on disk replaces the
    /// meeting's session.
    fn take_merged(&mut self, app: &mut App) {
        if let Some(merged) = self.store.as_mut().and_then(SessionStore::take_merged) {
            app.merged_from_disk(merged);
        }
    }

    /// Whether git, a copy or another tool replaced the session file under
    /// the meeting: if so it is merged in and written back at once, so that
    /// neither side's remarks are lost. Cheap when nothing changed (the
    /// file's size and time).
    fn watch_session_file(&mut self, app: &mut App) {
        let Some(store) = &mut self.store else { return };
        // Locked again where the session is written whenever the lock file
        // is no longer the one held: the session moved (below), the folder
        // swapped, or the `.lock` file alone deleted (by hand, a cleaning
        // tool): a second program opening the session is then refused, not
        // let record beside this one. Two looks at the disk when nothing
        // changed; a folder that cannot be written is said by the
        // snapshot's failure below.
        match store.relock(&app.now().to_rfc3339()) {
            Err(e @ LockError::Held { .. }) => {
                if !std::mem::replace(&mut self.lock_taken_said, true) {
                    tracing::warn!(error = %e, "the session's lock was taken by another program");
                }
                app.warn(e.to_string());
                return;
            }
            Ok(()) => self.lock_taken_said = false,
            Err(_) => {}
        }
        // Moved or deleted (renamed in a file manager, a sync tool): written
        // again whole at once, not at the close, so that its journal is
        // never left without the file it continues.
        if store.is_gone() {
            let result = store.snapshot(app.session()).map_err(|e| io_reason(&e));
            let written = result.is_ok();
            app.flushed(result);
            if written {
                app.file_written_again();
            }
            return;
        }
        match store.changed_on_disk() {
            Ok(None) => {}
            Ok(Some(theirs)) => {
                self.unreadable_said = false;
                let merged = store.merge_in(app.session(), &theirs);
                app.merged_from_disk(merged);
                let result = store.snapshot(app.session()).map_err(|e| io_reason(&e));
                app.flushed(result);
                self.take_merged(app);
            }
            Err(e) => {
                if !self.unreadable_said {
                    self.unreadable_said = true;
                    tracing::warn!(error = %e, "the session file changed on disk and cannot be read");
                    app.file_changed_unreadable(&e.to_string());
                }
            }
        }
    }

    /// Checks what is already there, then writes the minutes on a worker
    /// thread from a copy of the session as it is now.
    fn start_export(&mut self, app: &mut App, request: &ExportRequest) {
        let Some(session_path) = self.session_file().map(Path::to_path_buf) else {
            app.export_done(ExportOutcome::NoSession);
            return;
        };
        let targets = ExportRequest::targets(&session_path);
        if !request.replace && targets.iter().any(|(_, _, p)| p.exists()) {
            app.export_done(ExportOutcome::Exists);
            return;
        }
        tracing::info!(files = targets.len(), "export starts");
        let loaded = Arc::clone(app.loaded());
        let session = app.session().clone();
        let wording = Arc::clone(&self.wording);
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // A panic here (a bug, or a library on a full disk) fails the
            // export; the meeting and its terminal go on (see crate::guard).
            let outcome =
                crate::guard::quietly(|| write_minutes(&loaded, &session, &targets, &wording))
                    .unwrap_or_else(|panic| {
                        tracing::error!(panic, "the export's worker panicked");
                        ExportOutcome::Failed(crate::guard::said(&panic))
                    });
            let _ = tx.send(outcome);
        });
        self.export = Some(rx);
    }

    /// Called by the event loop before each frame: the clock, a finished
    /// export, what the followed writer recorded, and the effects the tick
    /// decided (a retry, a draft).
    pub fn tick(&mut self, app: &mut App, now: Stamp) {
        app.tick(now);
        if let Some(rx) = &self.export {
            match rx.try_recv() {
                Ok(outcome) => {
                    tracing::info!(?outcome, "export ends");
                    self.export = None;
                    app.export_done(outcome);
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.export = None;
                    app.export_done(ExportOutcome::Failed(stopped_unexpectedly()));
                }
            }
        }
        self.previews.retain(|rx| match rx.try_recv() {
            Ok((request, lines)) => {
                preview_done(app, request, lines);
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => false,
        });
        if let Some(follower) = &mut self.follower {
            app.follow(|session| follower.poll(session));
        }
        self.look_for_meeting(app);
        self.watch_session_file(app);
        let effects = app.take_effects();
        self.carry_out(app, effects);
    }

    /// Waits for the minutes previews asked for, and shows them.
    pub fn finish_previews(&mut self, app: &mut App) {
        for rx in std::mem::take(&mut self.previews) {
            if let Ok((request, lines)) = rx.recv() {
                preview_done(app, request, lines);
            }
        }
    }

    /// Waits for an export under way (at the end of a run, so that the
    /// files are complete before the program exits).
    pub fn finish_export(&mut self, app: &mut App) {
        if let Some(rx) = self.export.take() {
            let outcome =
                rx.recv().unwrap_or_else(|_| ExportOutcome::Failed(stopped_unexpectedly()));
            app.export_done(outcome);
        }
    }

    /// Ends the run: the draft and the position are written, then the
    /// whole session. Returns lines to print after the terminal is
    /// restored (where a rescue copy went).
    pub fn close(&mut self, app: &mut App) -> Vec<String> {
        app.closing();
        let effects = app.take_effects();
        self.carry_out(app, effects);
        // The session first: minutes being written are waited for after
        // it, so that a slow export never stands before the save.
        let messages = self.save_at_close(app);
        self.finish_export(app);
        messages
    }

    /// The closing's save: the whole session, or where it went instead.
    fn save_at_close(&mut self, app: &mut App) -> Vec<String> {
        let mut messages = Vec::new();
        let Some(store) = &mut self.store else { return messages };
        let path = store.path().display().to_string();
        // (A new session not yet written has no journal to fall back on.)
        let already_saved =
            matches!(app.save_state(), SaveState::Saved(_)) && !store.is_unwritten();
        // A file changed on disk is merged in, never overwritten.
        if let Ok(Some(theirs)) = store.changed_on_disk() {
            let merged = store.merge_in(app.session(), &theirs);
            app.merged_from_disk(merged);
        }
        match store.snapshot(app.session()) {
            Ok(()) => app.flushed(Ok(())),
            Err(e) if already_saved => {
                // Every change is already in the journal; the next start
                // folds it into the snapshot.
                let reason = io_reason(&e);
                messages.push(tr(
                    format!("警告: {path}: 記録ファイルを書き直せませんでした（{reason}）。変更はすべてジャーナルにあり、次に開いたときに記録へ取り込まれます"),
                    format!("warning: {path}: the session could not be rewritten ({reason}); every change is in its journal and will be folded in at the next start"),
                ));
            }
            Err(e) => {
                let rescue = rescue_copy(app.session(), app.now(), store.path());
                let reason = io_reason(&e);
                messages.push(match rescue {
                    Ok(p) => {
                        let p = p.display();
                        tr(
                            format!("エラー: {path}: 記録を保存できませんでした（{reason}）。全体の写しを {p} に書きました（保存先に書けるようになったら kpi-council merge {path} {p} -o {path} で記録に戻せます）"),
                            format!("error: {path}: the session could not be saved ({reason}); a complete copy was written to {p} (once its folder can be written again, kpi-council merge {path} {p} -o {path} brings it back)"),
                        )
                    }
                    Err(r) => tr(
                        format!("エラー: {path}: 記録を保存できず（{reason}）、救出用の写しも書けませんでした（{r}）"),
                        format!("error: {path}: the session could not be saved ({reason}), nor a rescue copy ({r})"),
                    ),
                });
            }
        }
        // An earlier close's rescue copy still holds remarks the session
        // lacks (said at the start too, where a long line is cut).
        if let Some((copy, n)) = rescue_ahead(store.path(), app.session()) {
            let copy = copy.display();
            messages.push(tr(
                format!("警告: {path}: 救出用の写し {copy} に、この記録にない発言が {n} 件あります。kpi-council merge {path} {copy} -o {path} で取り込めます"),
                format!("warning: {path}: the rescue copy {copy} holds {} this session lacks; kpi-council merge {path} {copy} -o {path} brings them in", crate::i18n::count_en(n, "remark", "remarks")),
            ));
        }
        messages
    }
}

/// The export's worker ended without its answer.
fn stopped_unexpectedly() -> String {
    tr("途中で止まりました（詳しくはログに）", "it stopped unexpectedly (see the log)")
}

/// A preview's lines, or why its worker failed (a panic's message).
type PreviewLines = Result<Vec<String>, String>;

/// A preview's worker has ended: its lines, or the reason it failed.
fn preview_done(app: &mut App, request: u64, lines: PreviewLines) {
    match lines {
        Ok(lines) => app.preview_ready(request, lines),
        Err(panic) => {
            tracing::error!(panic, "the preview's worker panicked");
            app.preview_failed(request, &crate::guard::said(&panic));
        }
    }
}

/// Builds the minutes once per version (internal, public) and writes every
/// file; the first failure is reported, and nothing of the session is
/// touched either way.
fn write_minutes(
    loaded: &Loaded,
    session: &Session,
    targets: &[(Format, bool, PathBuf)],
    wording: &Wording,
) -> ExportOutcome {
    let data = &loaded.dataset;
    // Each version for the formats written in it.
    let formats = |public: bool| -> Vec<Format> {
        targets.iter().filter(|(_, p, _)| *p == public).map(|(f, _, _)| *f).collect()
    };
    let used = loaded.data_refs();
    let internal =
        crate::export::minutes_over(data, &used, session, Options::default(), &formats(false));
    let public = crate::export::minutes_over(
        data,
        &used,
        session,
        Options { public: true, anonymize: false },
        &formats(true),
    );
    // Every file made before any is written: one that cannot be made
    // leaves the set as it was, not half replaced (a few megabytes held).
    let mut made = Vec::with_capacity(targets.len());
    for (format, is_public, path) in targets {
        let m = if *is_public { &public } else { &internal };
        let folder = path.parent().unwrap_or(path);
        match crate::export::render_minutes(m, data, *format, wording, folder) {
            Ok(bytes) => made.push((path, bytes)),
            Err(e) => return ExportOutcome::Failed(e),
        }
    }
    // Every file written beside its old one before any is put in place.
    let files: Vec<(&Path, &[u8])> =
        made.iter().map(|(p, b)| (p.as_path(), b.as_slice())).collect();
    if let Err(e) = crate::export::write::write_all(&files) {
        return ExportOutcome::Failed(e.to_string());
    }
    let names = made.iter().filter_map(|(p, _)| p.file_name());
    ExportOutcome::Written(names.map(|n| n.to_string_lossy().into_owned()).collect())
}

/// Writes the whole session where it survives a restart (the program's
/// state folder, see [`crate::config::rescue_dir`]) when its own folder
/// cannot be written, so that quitting never drops a remark; the temporary
/// folder when that cannot be written either (the same full disk). Named
/// after the session, so that the copy says whose it is.
fn rescue_copy(session: &Session, now: Stamp, session_path: &Path) -> Result<PathBuf, String> {
    let text = crate::store::session_file::to_text(session).map_err(|e| e.to_string())?;
    let name = format!("{}{}.ron", rescue_prefix(session_path), now.format("%Y%m%d-%H%M%S"));
    let mut disk = crate::store::disk::RealDisk::default();
    let mut first_error = None;
    let folders = crate::config::rescue_dir().into_iter().chain([std::env::temp_dir()]);
    for folder in folders {
        let path = folder.join(&name);
        let written = std::fs::create_dir_all(&folder)
            .and_then(|()| crate::store::disk::Disk::replace(&mut disk, &path, text.as_bytes()));
        match written {
            Ok(()) => return Ok(path),
            Err(e) => {
                tracing::warn!(error = %e, path = %path.display(), "a rescue copy could not be written");
                first_error.get_or_insert_with(|| io_reason(&e));
            }
        }
    }
    Err(first_error.unwrap_or_default())
}

/// How the rescue copies of the session at `session_path` are named
/// before their time: `kpi-council-rescue-<session>-<folder>-`, the folder
/// as eight hex digits of its absolute path, so that a session of the
/// same name in another folder (the default name is the date and the
/// plan's author) is never told of this one's copy.
#[must_use]
pub fn rescue_prefix(session_path: &Path) -> String {
    let stem = session_path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let absolute = std::path::absolute(session_path).unwrap_or_else(|_| session_path.into());
    let folder = absolute.parent().map(|p| p.as_os_str().as_encoded_bytes().to_vec());
    let folder = xxhash_rust::xxh3::xxh3_64(&folder.unwrap_or_default()) & 0xffff_ffff;
    format!("kpi-council-rescue-{}{folder:08x}-", stem.map(|s| format!("{s}-")).unwrap_or_default())
}

/// The newest rescue copy of the session at `session_path` that holds
/// remarks `session` lacks, and how many: what the close could not save,
/// until it is merged in. Copies that cannot be read are passed over.
#[must_use]
pub fn rescue_ahead(session_path: &Path, session: &Session) -> Option<(PathBuf, usize)> {
    let prefix = rescue_prefix(session_path);
    let held: std::collections::HashSet<&str> =
        session.remarks.iter().map(|r| r.id.as_str()).collect();
    let folders = crate::config::rescue_dir().into_iter().chain([std::env::temp_dir()]);
    let mut copies: Vec<PathBuf> = folders
        .filter_map(|folder| std::fs::read_dir(folder).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.strip_prefix(&prefix).and_then(|rest| rest.strip_suffix(".ron")).is_some_and(
                    // Exactly the time (`20190520-140000`): not the copy
                    // of another session whose name goes on after this one's.
                    |time| {
                        time.len() == 15
                            && time
                                .char_indices()
                                .all(|(i, c)| if i == 8 { c == '-' } else { c.is_ascii_digit() })
                    },
                )
            })
        })
        .collect();
    // Named by their time: the newest last.
    copies.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    copies.into_iter().rev().find_map(|copy| {
        let rescued = crate::store::session_file::load(&copy).ok()?;
        let lacking = rescued.live_remarks().filter(|r| !held.contains(r.id.as_str())).count();
        (lacking > 0).then_some((copy, lacking))
    })
}

/// An app with its runtime: what the event loop drives, and what tests
/// drive without a terminal. Each input goes through `update` and its
/// effects are carried out before the call returns.
pub struct Meeting {
    pub app: App,
    pub runtime: Runtime,
}

impl Meeting {
    #[must_use]
    pub fn new(mut app: App, mut runtime: Runtime) -> Self {
        // Opened, but not saved (a full disk after a crash): said in red
        // and retried from the start, as a failed write during the meeting.
        if let Some(reason) = runtime.store.as_mut().and_then(SessionStore::take_open_failure) {
            app.flushed(Err(reason));
        }
        Meeting { app, runtime }
    }

    pub fn key(&mut self, key: KeyEvent) {
        let effects = crate::app::update::handle_key(&mut self.app, key);
        self.runtime.carry_out(&mut self.app, effects);
    }

    pub fn paste(&mut self, text: &str) {
        let effects = crate::app::update::handle_paste(&mut self.app, text);
        self.runtime.carry_out(&mut self.app, effects);
    }

    pub fn mouse(&mut self, event: MouseEvent, at: Instant) {
        let effects = crate::app::mouse::handle_mouse(&mut self.app, event, at);
        self.runtime.carry_out(&mut self.app, effects);
    }

    pub fn update(&mut self, action: Action) {
        let effects = crate::app::update::update(&mut self.app, action);
        self.runtime.carry_out(&mut self.app, effects);
    }

    /// Applies and records a change; whether it was applied.
    pub fn commit(&mut self, op: Op) -> bool {
        let applied = self.app.commit(op);
        let effects = self.app.take_effects();
        self.runtime.carry_out(&mut self.app, effects);
        applied
    }

    pub fn tick(&mut self, now: Stamp) {
        self.runtime.tick(&mut self.app, now);
    }

    /// Writes the session if it was created new and is not yet on disk
    /// (the first frame does not wait for that).
    pub fn settle(&mut self) {
        self.runtime.settle(&mut self.app);
    }

    /// Waits until an export under way has written its files.
    pub fn wait_for_export(&mut self) {
        self.runtime.finish_export(&mut self.app);
    }

    /// Waits until the minutes previews asked for are shown.
    pub fn wait_for_preview(&mut self) {
        self.runtime.finish_previews(&mut self.app);
    }

    /// Keeps the remark being typed now, whenever the last draft was.
    pub fn save_draft(&mut self) {
        self.app.save_draft(true);
        let effects = self.app.take_effects();
        self.runtime.carry_out(&mut self.app, effects);
    }

    /// Ends the run; lines to print after the terminal is restored.
    pub fn close(&mut self) -> Vec<String> {
        self.runtime.close(&mut self.app)
    }
}

/// Reading the state through the meeting (`meeting.session()`); changes go
/// through the methods above so that their effects are carried out.
impl std::ops::Deref for Meeting {
    type Target = App;

    fn deref(&self) -> &App {
        &self.app
    }
}
