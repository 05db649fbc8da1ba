//! The session as the meeting goes: every change is applied, indexed,
//! made undoable and written to disk in one place, and the screen only
//! says 保存済み once the write returned.

use crate::clock::seconds_since;
use crate::domain::session::{ItemRef, ListPosition, Op, Position, Session, Stamp};

use super::effect::Effect;
use super::remark_index::RemarkIndex;
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

impl App {
    /// Applies a change, makes it undoable and asks the runtime to write
    /// it. Returns whether it was applied.
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
        self.after_change(op);
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
        self.after_change(op);
        if matches!(self.save, SaveState::Saved(_) | SaveState::InMemory) {
            let t = self.lang.texts().undone;
            self.notify(t);
        }
    }

    fn after_change(&mut self, op: Op) {
        if let Op::AddRemark(r) = &op
            && !self.remarks.public_only()
        {
            let loaded = std::sync::Arc::clone(self.loaded());
            if !self.remarks.add_last(&loaded.dataset, &self.session, &r.id) {
                self.remarks = RemarkIndex::build(&loaded.dataset, &self.session);
            }
        } else if !matches!(op, Op::SetPosition(_) | Op::SawFigure(_)) {
            self.remarks = RemarkIndex::build(&self.loaded().dataset, &self.session);
        }
        let revision = self.session.revision;
        self.emit(Effect::Record { op, revision });
    }

    /// Takes a session that replaces the one in memory (a merge of what
    /// another copy recorded): the index follows it.
    pub fn adopt(&mut self, session: Session) {
        self.session = session;
        self.remarks = RemarkIndex::build(&self.loaded().dataset, &self.session);
    }

    /// The session file was changed on disk (git, a copy) and the runtime
    /// merged it with this meeting's session: the merge replaces it, and
    /// the secretary is told.
    pub fn merged_from_disk(&mut self, merged: Session) {
        let before = self.session.remarks.len();
        let new = merged.remarks.len().saturating_sub(before);
        self.adopt(merged);
        let text = crate::i18n::fill(self.lang.texts().merged_from_disk, &[("n", &new)]);
        self.notify(text);
    }

    /// The session file was gone (moved, deleted) and was written again.
    pub fn file_written_again(&mut self) {
        let t = self.lang.texts().file_written_again;
        self.warn(t);
    }

    /// The session file was changed on disk and cannot be read.
    pub fn file_changed_unreadable(&mut self, reason: &str) {
        let text =
            crate::i18n::fill(self.lang.texts().file_changed_unreadable, &[("reason", &reason)]);
        self.warn(text);
    }

    /// The runtime wrote (or failed to write) a change.
    pub fn recorded(&mut self, durable: bool, result: Result<(), String>) {
        match result {
            Ok(()) if durable => self.save = SaveState::Saved(self.now),
            Ok(()) => {}
            Err(reason) => self.save_failed(reason),
        }
    }

    /// The runtime wrote (or failed to write) the whole session afresh.
    pub fn flushed(&mut self, result: Result<(), String>) {
        match result {
            Ok(()) => self.save = SaveState::Saved(self.now),
            Err(reason) => self.save_failed(reason),
        }
    }

    fn save_failed(&mut self, reason: String) {
        tracing::warn!(%reason, "a save failed; the change is kept in memory and retried");
        let since = match &self.save {
            SaveState::Failed { since, .. } => *since,
            _ => self.now,
        };
        self.save = SaveState::Failed { reason, since, last_try: self.now };
    }

    /// Called by the event loop a few times a second: asks for a retry of
    /// a failed write, saves the draft being typed, lets old notices go,
    /// calls out the end of an item's time box.
    pub fn tick(&mut self, now: Stamp) {
        self.now = now;
        if let Some(n) = &self.notice
            && seconds_since(n.at, now) >= NOTICE_SECONDS
        {
            self.notice = None;
        }
        if let SaveState::Failed { last_try, .. } = &self.save
            && seconds_since(*last_try, now) >= RETRY_SECONDS
        {
            self.emit(Effect::Flush);
        }
        self.save_draft(false);
        if let Some(limit) = self.minutes_per_item
            && !self.timebox_warned
            && (now - self.item_since).num_seconds() >= i64::from(limit) * 60
        {
            self.timebox_warned = true;
            let text = crate::i18n::fill(self.lang.texts().timebox_over, &[("n", &limit)]);
            self.notify(text);
        }
    }

    /// The waiting projector found the meeting: from now on it follows the
    /// session at `path`.
    pub fn start_following(&mut self, path: std::path::PathBuf, session: Session) {
        self.session = session;
        self.mode = super::state::Mode::Following(path);
        self.remarks = RemarkIndex::build_shown(&self.loaded().dataset, &self.session, true);
        self.restore_position();
        self.item_since = self.now;
    }

    /// The projector's view: `poll` brings the session up to what the
    /// writer recorded; the screen then shows where the secretary is.
    pub fn follow(&mut self, poll: impl FnOnce(&mut Session) -> bool) {
        if !poll(&mut self.session) {
            return;
        }
        self.remarks = RemarkIndex::build_shown(&self.loaded().dataset, &self.session, true);
        let before = self.cursor;
        self.restore_position();
        if self.cursor != before {
            self.item_since = self.now;
        }
    }

    /// Asks for the remark (or judgment) being typed to be kept, if it
    /// changed and (unless `force`) a couple of seconds have passed since
    /// the last draft.
    pub fn save_draft(&mut self, force: bool) {
        let now = self.now;
        if self.session_path.is_none() {
            return;
        }
        let effect = match &self.overlay {
            Some(Overlay::Remark(editor)) => {
                if !editor.draft_dirty
                    || (!force && seconds_since(editor.draft_saved_at, now) < RETRY_SECONDS)
                {
                    return;
                }
                Effect::SaveDraft(editor.draft(now))
            }
            Some(Overlay::Judgment(form)) => {
                if !form.draft_dirty
                    || (!force && seconds_since(form.draft_saved_at, now) < RETRY_SECONDS)
                {
                    return;
                }
                Effect::SaveJudgmentDraft(form.draft(&self.loaded().dataset.plan.judgment, now))
            }
            _ => return,
        };
        self.emit(effect);
    }

    /// The runtime kept the draft: it is clean until the next key.
    pub fn draft_saved(&mut self) {
        match &mut self.overlay {
            Some(Overlay::Remark(editor)) => {
                editor.draft_dirty = false;
                editor.draft_saved_at = self.now;
            }
            Some(Overlay::Judgment(form)) => {
                form.draft_dirty = false;
                form.draft_saved_at = self.now;
            }
            _ => {}
        }
    }

    /// The presenter's position, recorded (without a sync) when it moved:
    /// the item, and the companies list (filter, sort, selected company)
    /// and company page when they are open, so the projector shows them.
    pub fn record_position(&mut self) {
        let plan = &self.loaded().dataset.plan;
        let (Some(kpi), Some(&fy)) =
            (plan.kpis.get(self.cursor.kpi), plan.fiscal_years.get(self.cursor.year))
        else {
            return;
        };
        let kpi = kpi.id.clone();
        let data = self.data();
        let company_id =
            |i: usize| data.actuals.contributions.get(i).map(|c| c.company.to_string());
        let mut companies = None;
        let mut company = None;
        for screen in &self.stack {
            match screen {
                Screen::Companies(view) => {
                    companies = Some(ListPosition {
                        filter: view.filter_text.clone(),
                        sort: view.sort,
                        selected: view.list.current().and_then(company_id),
                    });
                }
                Screen::Company(view) => {
                    company = data.actuals.companies.get(view.company).map(|c| c.id.clone());
                }
                _ => {}
            }
        }
        let item_open = self.stack.iter().any(|s| matches!(s, Screen::Item));
        let topic = self.topic().map(str::to_string);
        let position = Some(Position {
            kpi: kpi.clone(),
            fiscal_year: fy,
            item_open,
            companies,
            company,
            topic,
        });
        if self.session.position != position {
            self.commit(Op::SetPosition(position));
        }
        // The figure the meeting saw, for the next meeting to compare.
        if item_open && let Some(figure) = self.figure_on_screen() {
            let seen = self.session.figures_seen.iter().any(|f| {
                f.kpi == figure.kpi && f.fiscal_year == figure.fiscal_year && *f == figure
            });
            if !seen {
                self.commit(Op::SawFigure(figure));
            }
        }
        // A breakdown put on screen goes into the minutes.
        if matches!(self.screen(), Screen::Companies(_)) {
            let item = ItemRef { kpi, fiscal_year: fy };
            if !self.session.breakdowns_shown.contains(&item) {
                self.commit(Op::ShowBreakdown(item));
            }
        }
    }

    /// The actual of the item under the cursor, with its stated source.
    #[must_use]
    pub fn figure_on_screen(&self) -> Option<crate::domain::session::figures::SeenFigure> {
        let data = self.data();
        let cell = self.current_cell()?;
        let kpi = data.plan.kpis.get(self.cursor.kpi)?;
        let source = cell
            .stated
            .and_then(|i| data.actuals.stated_totals.get(i))
            .map(crate::domain::actuals::StatedTotal::source_with_status)
            .unwrap_or_default();
        Some(crate::domain::session::figures::SeenFigure {
            kpi: kpi.id.clone(),
            fiscal_year: cell.fiscal_year,
            actual: cell.actual,
            source,
        })
    }

    /// What the earlier meeting saw of the item under the cursor, when it
    /// differs from the figure now: 前回会議時 36人 → 今回 38人.
    #[must_use]
    pub fn figure_change(&self) -> Option<String> {
        let earlier = self.session.earlier_figures.as_ref()?;
        let now = self.figure_on_screen()?;
        let unit = &self.data().plan.kpis.get(self.cursor.kpi)?.unit;
        let was = earlier.changed(&now.kpi, now.fiscal_year, now.actual)?;
        Some(crate::domain::session::figures::change_line(was, now.actual, unit))
    }

    /// Puts the cursor and the screens where the session says the presenter
    /// was: the item, its companies list with the same filter, sort and
    /// selected company, and the company page.
    pub fn restore_position(&mut self) {
        let Some(p) = self.session.position.clone() else { return };
        let plan = &self.loaded().dataset.plan;
        let (Some(kpi), Some(year)) = (plan.kpi_index(&p.kpi), plan.year_index(p.fiscal_year))
        else {
            return;
        };
        self.cursor = Cursor { kpi, year };
        let mut stack = vec![Screen::Overview];
        if p.item_open {
            stack.push(Screen::Item);
            if let Some(list) = &p.companies {
                let mut view = self.companies_view(&list.filter, list.sort);
                if let Some(id) = &list.selected {
                    let data = self.data();
                    if let Some(i) = view
                        .list
                        .rows
                        .iter()
                        .position(|&r| data.actuals.contributions[r].company == *id)
                    {
                        view.list.selected = i;
                    }
                }
                stack.push(Screen::Companies(view));
                let company =
                    p.company.as_deref().and_then(|id| self.data().ledger.company_position(id));
                if let Some(company) = company {
                    stack.push(Screen::Company(self.company_view(company)));
                }
            }
        }
        if let Some(id) = p.topic.filter(|id| self.session.free_item_title(id).is_some()) {
            stack.push(Screen::Topic(id));
        }
        // Screens of the secretary's own (the sheet, the minutes preview)
        // stay where they are on the secretary's side.
        if !self.is_follower() {
            let own: Vec<Screen> = std::mem::take(&mut self.stack)
                .into_iter()
                .filter(|s| matches!(s, Screen::Sheet(_) | Screen::Minutes(_) | Screen::Agenda(_)))
                .collect();
            stack.extend(own);
        }
        self.stack = stack;
    }

    /// The run ends: the draft and the position are kept (the runtime then
    /// writes the whole session).
    pub fn closing(&mut self) {
        self.save_draft(true);
        self.record_position();
    }
}
