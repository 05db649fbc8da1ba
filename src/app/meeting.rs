//! The session as the meeting goes: every change is applied, indexed,
//! made undoable and written to disk in one place, and the screen only
//! says 保存済み once the write returned.

use std::collections::HashMap;

use crate::domain::dataset::Dataset;
use crate::domain::session::{ItemRef, Op, Position, Session, Stamp, Target};

use super::state::{App, Cursor, Overlay, Screen};

/// Seconds between retries after a failed write, and between draft saves.
pub const RETRY_SECONDS: i64 = 2;
/// Seconds a notice stays on the status line.
pub const NOTICE_SECONDS: i64 = 6;

/// Whether the session is safe on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// No file behind the session (tests, previews).
    InMemory,
    /// Everything is on disk; the last durable write finished then.
    Saved(Stamp),
    /// A write failed: the changes are kept in memory and retried.
    Failed { reason: String, since: Stamp, last_try: Stamp },
}

/// Which remarks belong to which target, rebuilt when the session changes
/// (never per frame).
#[derive(Debug, Default, Clone)]
pub struct RemarkIndex {
    /// Live remarks per target, as indices into `Session::remarks`, in order.
    by_target: HashMap<Target, Vec<usize>>,
    /// Live remarks per KPI × fiscal year, in agenda order.
    item_counts: Vec<usize>,
    years: usize,
}

impl RemarkIndex {
    #[must_use]
    pub fn build(data: &Dataset, session: &Session) -> Self {
        Self::build_shown(data, session, false)
    }

    /// The index, leaving out internal (非公開) remarks when `public_only`
    /// (the projector's view).
    #[must_use]
    pub fn build_shown(data: &Dataset, session: &Session, public_only: bool) -> Self {
        let years = data.plan.fiscal_years.len();
        let mut by_target: HashMap<Target, Vec<usize>> = HashMap::new();
        let mut item_counts = vec![0; data.plan.kpis.len() * years];
        for (i, r) in session.remarks.iter().enumerate() {
            if r.deleted.is_some() || (public_only && r.internal) {
                continue;
            }
            if let Target::Item { kpi, fiscal_year } = &r.target
                && let (Some(k), Some(y)) =
                    (data.plan.kpi_index(kpi), data.plan.year_index(*fiscal_year))
                && let Some(n) = item_counts.get_mut(k * years + y)
            {
                *n += 1;
            }
            by_target.entry(r.target.clone()).or_default().push(i);
        }
        // Members' prepared questions first, apart from what is said live.
        for list in by_target.values_mut() {
            list.sort_by_key(|&i| (session.remarks[i].prepared_by.is_none(), i));
        }
        RemarkIndex { by_target, item_counts, years }
    }

    #[must_use]
    pub fn of(&self, target: &Target) -> &[usize] {
        self.by_target.get(target).map_or(&[], Vec::as_slice)
    }

    #[must_use]
    pub fn item_count(&self, kpi: usize, year: usize) -> usize {
        self.item_counts.get(kpi * self.years + year).copied().unwrap_or(0)
    }
}

fn seconds_between(a: Stamp, b: Stamp) -> i64 {
    (b - a).num_seconds()
}

impl App {
    /// Applies a change, makes it undoable and writes it. Returns whether
    /// it was applied.
    #[allow(clippy::needless_pass_by_value)] // callers build the change for this call
    pub fn commit(&mut self, op: Op) -> bool {
        let inverse = self.session.inverse(&op);
        if let Err(e) = self.session.apply(&op) {
            self.warn(e.to_string());
            return false;
        }
        if let Some(inverse) = inverse.filter(|_| op.is_durable()) {
            self.undo.push(inverse);
        }
        self.after_change(&op);
        true
    }

    /// Undoes the last change (which is itself recorded as a change).
    pub fn undo_last(&mut self) {
        let Some(op) = self.undo.pop() else {
            let t = self.lang.texts().nothing_to_undo;
            self.notify(t);
            return;
        };
        let op = op.restamped(self.now);
        if let Err(e) = self.session.apply(&op) {
            self.warn(e.to_string());
            return;
        }
        self.after_change(&op);
        if matches!(self.save, SaveState::Saved(_) | SaveState::InMemory) {
            let t = self.lang.texts().undone;
            self.notify(t);
        }
    }

    fn after_change(&mut self, op: &Op) {
        if !matches!(op, Op::SetPosition(_)) {
            self.remarks = RemarkIndex::build(&self.loaded.dataset, &self.session);
        }
        self.persist(op);
    }

    fn persist(&mut self, op: &Op) {
        let Some(store) = &mut self.store else { return };
        match store.record(&self.session, op) {
            Ok(()) if op.is_durable() => self.save = SaveState::Saved(self.now),
            Ok(()) => {}
            Err(e) => {
                tracing::warn!(error = %e, "a save failed; the change is kept in memory and retried");
                let since = match &self.save {
                    SaveState::Failed { since, .. } => *since,
                    _ => self.now,
                };
                self.save = SaveState::Failed {
                    reason: crate::store::ron_file::io_reason(&e),
                    since,
                    last_try: self.now,
                };
            }
        }
    }

    /// Called by the event loop a few times a second: retries a failed
    /// write, saves the draft being typed, lets old notices go.
    pub fn tick(&mut self, now: Stamp) {
        self.now = now;
        if let Some(n) = &self.notice
            && seconds_between(n.at, now) >= NOTICE_SECONDS
        {
            self.notice = None;
        }
        if let SaveState::Failed { since, last_try, .. } = self.save.clone()
            && seconds_between(last_try, now) >= RETRY_SECONDS
            && let Some(store) = &mut self.store
        {
            self.save = match store.flush(&self.session) {
                Ok(()) => SaveState::Saved(now),
                Err(e) => SaveState::Failed {
                    reason: crate::store::ron_file::io_reason(&e),
                    since,
                    last_try: now,
                },
            };
        }
        self.save_draft(false);
        self.follow_writer();
        if let Some(limit) = self.minutes_per_item
            && !self.timebox_warned
            && (now - self.item_since).num_seconds() >= i64::from(limit) * 60
        {
            self.timebox_warned = true;
            let text = crate::i18n::fill(self.lang.texts().timebox_over, &[("n", &limit)]);
            self.notify(text);
        }
    }

    /// The projector's view: take up what the writer recorded since the
    /// last tick, and show where the secretary is.
    fn follow_writer(&mut self) {
        let Some(follower) = &mut self.follow else { return };
        if !follower.poll(&mut self.session) {
            return;
        }
        self.remarks = RemarkIndex::build_shown(&self.loaded.dataset, &self.session, true);
        let before = self.cursor;
        self.restore_position();
        if self.session.position.as_ref().is_some_and(|p| !p.item_open) {
            self.stack.truncate(1);
        }
        if self.cursor != before {
            self.item_since = self.now;
        }
    }

    /// Saves the remark being typed, if it changed and (unless `now`)
    /// a couple of seconds have passed since the last draft.
    pub fn save_draft(&mut self, force: bool) {
        let now = self.now;
        let Some(Overlay::Remark(editor)) = &mut self.overlay else { return };
        let Some(store) = &mut self.store else { return };
        if !editor.draft_dirty {
            return;
        }
        if !force && seconds_between(editor.draft_saved_at, now) < RETRY_SECONDS {
            return;
        }
        if store.save_draft(&editor.draft(now)).is_ok() {
            editor.draft_dirty = false;
            editor.draft_saved_at = now;
        }
    }

    /// The presenter's position, recorded (without a sync) when it moved.
    pub fn record_position(&mut self) {
        let plan = &self.loaded.dataset.plan;
        let (Some(kpi), Some(&fy)) =
            (plan.kpis.get(self.cursor.kpi), plan.fiscal_years.get(self.cursor.year))
        else {
            return;
        };
        let kpi = kpi.id.clone();
        let position =
            Some(Position { kpi: kpi.clone(), fiscal_year: fy, item_open: self.stack.len() > 1 });
        if self.session.position != position {
            self.commit(Op::SetPosition(position));
        }
        // A breakdown put on screen goes into the minutes.
        if matches!(self.screen(), Screen::Companies(_)) {
            let item = ItemRef { kpi, fiscal_year: fy };
            if !self.session.breakdowns_shown.contains(&item) {
                self.commit(Op::ShowBreakdown(item));
            }
        }
    }

    /// Puts the cursor where the session says the presenter was.
    pub fn restore_position(&mut self) {
        let Some(p) = &self.session.position else { return };
        let plan = &self.loaded.dataset.plan;
        if let (Some(kpi), Some(year)) = (plan.kpi_index(&p.kpi), plan.year_index(p.fiscal_year)) {
            self.cursor = Cursor { kpi, year };
            if p.item_open {
                self.stack = vec![Screen::Overview, Screen::Item];
            }
        }
    }

    /// Ends the run: the draft and the session are written. Returns lines
    /// to print after the terminal is restored (where a rescue copy went).
    pub fn close(&mut self) -> Vec<String> {
        self.save_draft(true);
        self.record_position();
        let mut messages = Vec::new();
        let Some(store) = &mut self.store else { return messages };
        let path = store.path().display().to_string();
        match store.snapshot(&self.session) {
            Ok(()) => self.save = SaveState::Saved(self.now),
            Err(e) if matches!(self.save, SaveState::Saved(_)) => {
                // Every change is already in the journal; the next start
                // folds it into the snapshot.
                messages.push(format!(
                    "warning: {path}: the session could not be rewritten ({}); every change is in its journal and will be folded in at the next start",
                    crate::store::ron_file::io_reason(&e)
                ));
            }
            Err(e) => {
                let rescue = rescue_copy(&self.session, self.now);
                messages.push(match rescue {
                    Ok(p) => format!(
                        "error: {path}: the session could not be saved ({}); a complete copy was written to {}",
                        crate::store::ron_file::io_reason(&e),
                        p.display()
                    ),
                    Err(r) => format!(
                        "error: {path}: the session could not be saved ({}), nor a rescue copy ({r})",
                        crate::store::ron_file::io_reason(&e)
                    ),
                });
            }
        }
        messages
    }
}

/// Writes the whole session to the temporary folder when its own folder
/// cannot be written, so that quitting never drops a remark.
fn rescue_copy(session: &Session, now: Stamp) -> Result<std::path::PathBuf, String> {
    let text = crate::store::session_file::to_text(session).map_err(|e| e.to_string())?;
    let name = format!("kpi-council-rescue-{}.ron", now.format("%Y%m%d-%H%M%S"));
    let path = std::env::temp_dir().join(name);
    let mut disk = crate::store::disk::RealDisk::default();
    crate::store::disk::Disk::replace(&mut disk, &path, text.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(path)
}
