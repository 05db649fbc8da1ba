//! The session as the meeting goes: every change is applied, indexed,
//! made undoable and written to disk in one place, and the screen only
//! says 保存済み once the write returned.

use std::collections::HashMap;

use crate::domain::dataset::Dataset;
use crate::domain::session::{ItemRef, ListPosition, Op, Position, Remark, Session, Stamp, Target};

use super::effect::Effect;
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
    /// Live remarks of each KPI × fiscal year of the plan (in agenda
    /// order), as indices into `Session::remarks`, in order: found by
    /// position, not hashed, for a hundred thousand remarks.
    items: Vec<Vec<usize>>,
    /// The plan's KPI ids and fiscal years, to find an item's position.
    kpis: Vec<String>,
    fiscal_years: Vec<crate::domain::fiscal::FiscalYear>,
    /// Live remarks of every other target, likewise.
    by_target: HashMap<Target, Vec<usize>>,
    years: usize,
    /// Remarks with versions a merge set aside, unsettled (⚠競合 N on the
    /// status line): counted here, when the session changes, not per frame.
    conflicts: usize,
    /// Whether internal remarks are left out (the projector's view).
    public_only: bool,
    /// How many remarks of the session the index was made from.
    indexed: usize,
}

impl RemarkIndex {
    #[must_use]
    pub fn build(data: &Dataset, session: &Session) -> Self {
        Self::build_shown(data, session, false)
    }

    /// The index, leaving out internal (非公開) remarks when `public_only`
    /// (the projector's view). A large session's remarks are read in
    /// slices, one per core, and the slices' lists joined in order: the
    /// read is bound by memory (a hundred thousand remarks spread over
    /// forty megabytes), and it follows every change.
    #[must_use]
    pub fn build_shown(data: &Dataset, session: &Session, public_only: bool) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let slices = cores.min(session.remarks.len() / PER_SLICE);
        Self::build_in_slices(data, session, public_only, slices)
    }

    /// The index read in `slices` slices of the remarks (one when there
    /// are too few), each on a thread of its own but the first.
    fn build_in_slices(
        data: &Dataset,
        session: &Session,
        public_only: bool,
        slices: usize,
    ) -> Self {
        let remarks = &session.remarks;
        let per_slice = remarks.len().div_ceil(slices.max(1)).max(1);
        let read =
            |n: usize, slice: &[Remark]| Slice::read(data, slice, n * per_slice, public_only);
        let whole = if remarks.len() <= per_slice {
            read(0, remarks)
        } else {
            std::thread::scope(|scope| {
                let mut chunks = remarks.chunks(per_slice).enumerate();
                let (_, first) = chunks.next().unwrap_or_default();
                // A slice no thread can be made for is read here, after.
                let others: Vec<_> = chunks
                    .map(|(n, chunk)| {
                        let thread = std::thread::Builder::new();
                        thread.spawn_scoped(scope, move || read(n, chunk)).map_err(|_| (n, chunk))
                    })
                    .collect();
                let mut whole = read(0, first);
                for other in others {
                    whole.append(match other {
                        // It cannot fail but by a panic, which is passed on.
                        Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                        Err((n, chunk)) => read(n, chunk),
                    });
                }
                whole
            })
        };
        let items = whole.items.into_iter().map(Lists::joined).collect();
        let by_target = whole.by_target.into_iter().map(|(t, l)| (t, l.joined())).collect();
        RemarkIndex {
            items,
            kpis: data.plan.kpis.iter().map(|k| k.id.clone()).collect(),
            fiscal_years: data.plan.fiscal_years.clone(),
            by_target,
            years: data.plan.fiscal_years.len(),
            conflicts: whole.conflicts,
            public_only,
            indexed: remarks.len(),
        }
    }

    /// Takes in the remark `id` just added, when it is the last of the
    /// session's (a remark recorded now is the newest): it goes to the end
    /// of its target's list, or after the target's other prepared remarks
    /// if it was prepared, without reading the other remarks again (at
    /// 100,000 remarks, 8 ms a remark). `false`, and nothing changed, when
    /// it is not the last, or the session is not the indexed one with one
    /// remark more: the caller builds the index anew.
    #[must_use]
    pub fn add_last(&mut self, data: &Dataset, session: &Session, id: &str) -> bool {
        let remarks = &session.remarks;
        let Some(r) = remarks.last().filter(|r| r.id == id) else { return false };
        if remarks.len() != self.indexed + 1 {
            return false;
        }
        if self.kpis.len() != data.plan.kpis.len() || self.fiscal_years != data.plan.fiscal_years {
            return false;
        }
        let i = remarks.len() - 1;
        self.indexed = remarks.len();
        if r.in_conflict() {
            self.conflicts += 1;
        }
        if r.deleted.is_some() || (self.public_only && r.internal) {
            return true;
        }
        let position = match &r.target {
            Target::Item { kpi, fiscal_year } => {
                data.plan.kpi_index(kpi).zip(data.plan.year_index(*fiscal_year))
            }
            _ => None,
        };
        let list = match position.and_then(|(k, y)| self.items.get_mut(k * self.years + y)) {
            Some(list) => list,
            None => self.by_target.entry(r.target.clone()).or_default(),
        };
        if r.prepared_by.is_some() {
            let after = list.iter().take_while(|&&j| remarks[j].prepared_by.is_some()).count();
            list.insert(after, i);
        } else {
            list.push(i);
        }
        true
    }

    /// How many remarks are in conflict (deleted ones too).
    #[must_use]
    pub fn conflicts(&self) -> usize {
        self.conflicts
    }

    #[must_use]
    pub fn of(&self, target: &Target) -> &[usize] {
        if let Target::Item { kpi, fiscal_year } = target
            && let Some(k) = self.kpis.iter().position(|id| id == kpi)
            && let Some(y) = self.fiscal_years.iter().position(|fy| fy == fiscal_year)
            && let Some(list) = self.items.get(k * self.years + y)
        {
            return list;
        }
        self.by_target.get(target).map_or(&[], Vec::as_slice)
    }

    #[must_use]
    pub fn item_count(&self, kpi: usize, year: usize) -> usize {
        self.items.get(kpi * self.years + year).map_or(0, Vec::len)
    }
}

/// Fewer remarks than this per core are read on one: a thread costs more.
const PER_SLICE: usize = 16_384;

/// The remarks of one target: members' prepared questions first, apart
/// from what is said live; each in the order made. Kept apart while the
/// remarks are read once, joined at the end (no second look at every
/// remark).
#[derive(Clone, Default)]
struct Lists {
    prepared: Vec<usize>,
    live: Vec<usize>,
}

impl Lists {
    fn push(&mut self, i: usize, prepared: bool) {
        if prepared { self.prepared.push(i) } else { self.live.push(i) }
    }

    /// Those of a later slice of the remarks after these.
    fn append(&mut self, mut later: Lists) {
        self.prepared.append(&mut later.prepared);
        self.live.append(&mut later.live);
    }

    fn joined(mut self) -> Vec<usize> {
        self.prepared.append(&mut self.live);
        self.prepared
    }
}

/// The lists of one slice of the remarks (their indices in the whole).
struct Slice {
    items: Vec<Lists>,
    by_target: HashMap<Target, Lists>,
    conflicts: usize,
}

impl Slice {
    fn read(data: &Dataset, remarks: &[Remark], offset: usize, public_only: bool) -> Slice {
        let years = data.plan.fiscal_years.len();
        let mut by_target: HashMap<Target, Lists> = HashMap::new();
        let mut items = vec![Lists::default(); data.plan.kpis.len() * years];
        let mut conflicts = 0;
        for (i, r) in remarks.iter().enumerate() {
            let i = offset + i;
            if r.in_conflict() {
                conflicts += 1;
            }
            if r.deleted.is_some() || (public_only && r.internal) {
                continue;
            }
            let prepared = r.prepared_by.is_some();
            if let Target::Item { kpi, fiscal_year } = &r.target
                && let (Some(k), Some(y)) =
                    (data.plan.kpi_index(kpi), data.plan.year_index(*fiscal_year))
                && let Some(list) = items.get_mut(k * years + y)
            {
                list.push(i, prepared);
                continue;
            }
            // The target cloned only when first seen: a remark's own is
            // looked up, never copied.
            match by_target.get_mut(&r.target) {
                Some(list) => list.push(i, prepared),
                None => {
                    let mut list = Lists::default();
                    list.push(i, prepared);
                    by_target.insert(r.target.clone(), list);
                }
            }
        }
        Slice { items, by_target, conflicts }
    }

    /// The lists of the slice that follows this one, after these.
    fn append(&mut self, later: Slice) {
        for (list, more) in self.items.iter_mut().zip(later.items) {
            list.append(more);
        }
        for (target, more) in later.by_target {
            self.by_target.entry(target).or_default().append(more);
        }
        self.conflicts += later.conflicts;
    }
}

fn seconds_between(a: Stamp, b: Stamp) -> i64 {
    (b - a).num_seconds()
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
            && !self.remarks.public_only
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
            && seconds_between(n.at, now) >= NOTICE_SECONDS
        {
            self.notice = None;
        }
        if let SaveState::Failed { last_try, .. } = &self.save
            && seconds_between(*last_try, now) >= RETRY_SECONDS
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
                    || (!force && seconds_between(editor.draft_saved_at, now) < RETRY_SECONDS)
                {
                    return;
                }
                Effect::SaveDraft(editor.draft(now))
            }
            Some(Overlay::Judgment(form)) => {
                if !form.draft_dirty
                    || (!force && seconds_between(form.draft_saved_at, now) < RETRY_SECONDS)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::remark::SetAside;

    /// A session whose remarks cover every case the index tells apart,
    /// spread so that any slicing cuts through them: items of the plan and
    /// an item outside it, companies, the meeting, prepared and live,
    /// internal, deleted, and in conflict.
    fn mixed() -> (Dataset, Session) {
        let size = crate::sample::Size { remarks: 5_000, ..crate::sample::MEDIUM };
        let plan = crate::sample::plan(size);
        let actuals = crate::sample::actuals(&plan, size);
        let mut session = crate::sample::session(
            &plan,
            &actuals,
            size,
            crate::domain::session::DataRefs::default(),
        );
        let at = session.remarks[0].at;
        for (i, r) in session.remarks.iter_mut().enumerate() {
            if i % 5 == 0 {
                r.prepared_by = Some("委員A".into());
            }
            if i % 7 == 0 {
                r.internal = true;
            }
            if i % 11 == 0 {
                r.deleted = Some(at);
            }
            if i % 13 == 0 {
                r.set_aside.push(SetAside {
                    since: at,
                    until: None,
                    speaker: None,
                    kind: r.kind,
                    target: r.target.clone(),
                    text: "別の版".into(),
                    internal: false,
                    deleted: false,
                });
            }
            if i % 17 == 0 {
                r.target =
                    Target::Item { kpi: "計画にない".into(), fiscal_year: FiscalYear(2018) };
            }
        }
        // A target first seen in the last slice, whatever the slicing.
        let last = session.remarks.last_mut().expect("remarks");
        last.target = Target::Company { company: "最後だけの企業".into() };
        (last.deleted, last.internal) = (None, false);
        (crate::domain::dataset::Dataset::new(plan, actuals).expect("data"), session)
    }

    use crate::domain::fiscal::FiscalYear;

    /// Read in slices, the index is the one read whole, for the meeting's
    /// view and the projector's alike: the same remarks, in the same order.
    #[test]
    fn slices_give_the_index_read_whole() {
        let (data, session) = mixed();
        for public_only in [false, true] {
            let whole = RemarkIndex::build_in_slices(&data, &session, public_only, 1);
            for slices in [2, 3, 7] {
                let sliced = RemarkIndex::build_in_slices(&data, &session, public_only, slices);
                assert_eq!(sliced.items, whole.items, "{slices} slices");
                assert_eq!(sliced.by_target, whole.by_target, "{slices} slices");
                assert_eq!(sliced.conflicts, whole.conflicts, "{slices} slices");
            }
        }
        let only_last = Target::Company { company: "最後だけの企業".into() };
        let whole = RemarkIndex::build_in_slices(&data, &session, false, 4);
        assert_eq!(whole.of(&only_last), [session.remarks.len() - 1]);
        // Fewer remarks than slices.
        let few = Session { remarks: session.remarks[..2].to_vec(), ..session.clone() };
        let one = RemarkIndex::build_in_slices(&data, &few, false, 1);
        let seven = RemarkIndex::build_in_slices(&data, &few, false, 7);
        assert_eq!((seven.items, seven.by_target), (one.items, one.by_target));
        let empty = Session { remarks: Vec::new(), ..session };
        let index = RemarkIndex::build_in_slices(&data, &empty, false, 3);
        assert!(index.items.iter().all(Vec::is_empty) && index.by_target.is_empty());
    }

    /// Remarks added one at a time, each the newest or not (then the index
    /// is built anew), of every kind the index tells apart: the index taken
    /// in remark by remark is the index built from scratch, every time.
    #[test]
    fn an_index_taking_in_added_remarks_is_the_one_built_anew() {
        let (data, session) = mixed();
        let (mut session, added) = {
            let mut start = session.clone();
            let kept = start.remarks.len() / 2;
            let added: Vec<Remark> = start.remarks.split_off(kept);
            (start, added)
        };
        let mut index = RemarkIndex::build(&data, &session);
        let mut taken_in = 0;
        for (n, mut r) in added.into_iter().enumerate() {
            if n % 9 == 4 {
                // Stamped before the newest: put in its place, not last.
                r.at = session.remarks[0].at;
                r.id = format!("0{}", r.id);
            }
            let op = Op::AddRemark(r.clone());
            session.apply(&op).expect("added");
            if session.remarks.last().is_some_and(|last| last.id == r.id) {
                assert!(index.add_last(&data, &session, &r.id), "remark {n}");
                taken_in += 1;
            } else {
                assert!(!index.add_last(&data, &session, &r.id), "not the last: refused");
                index = RemarkIndex::build(&data, &session);
            }
            let anew = RemarkIndex::build(&data, &session);
            assert_eq!(index.items, anew.items, "remark {n}");
            assert_eq!(index.by_target, anew.by_target, "remark {n}");
            assert_eq!(index.conflicts, anew.conflicts, "remark {n}");
        }
        assert!(taken_in > 1000, "most were taken in: {taken_in}");
        // An index of another session than the one it was made from: refused.
        let other = RemarkIndex::build(&data, &Session { remarks: Vec::new(), ..session.clone() });
        let last = &session.remarks[session.remarks.len() - 1].id;
        assert!(!other.clone().add_last(&data, &session, last));
    }

    /// What the lists hold: an item's prepared remarks first, then those
    /// said live, each in the order made, neither deleted nor (on the
    /// projector) internal ones.
    #[test]
    fn an_items_list_is_prepared_then_live_without_deleted() {
        let (data, session) = mixed();
        let kpi = &data.plan.kpis[0].id;
        let fiscal_year = data.plan.fiscal_years[0];
        let target = Target::Item { kpi: kpi.clone(), fiscal_year };
        for public_only in [false, true] {
            let index = RemarkIndex::build_in_slices(&data, &session, public_only, 3);
            let target = &target;
            let wanted: Vec<usize> = [true, false]
                .into_iter()
                .flat_map(|prepared| {
                    session.remarks.iter().enumerate().filter(move |(_, r)| {
                        r.target == *target
                            && r.prepared_by.is_some() == prepared
                            && r.deleted.is_none()
                            && !(public_only && r.internal)
                    })
                })
                .map(|(i, _)| i)
                .collect();
            assert!(wanted.len() > 10, "the sample has remarks on the item");
            assert_eq!(index.of(target), wanted.as_slice());
            let conflicts = session.remarks.iter().filter(|r| r.in_conflict()).count();
            assert!(conflicts > 0);
            assert_eq!(index.conflicts(), conflicts);
        }
    }
}
