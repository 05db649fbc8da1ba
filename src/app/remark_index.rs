//! Which remarks belong to which target (KPI × fiscal year, company, the
//! meeting, an agenda item): made when the session is opened or replaced,
//! taken in remark by remark as the meeting records, never per frame.

use std::collections::HashMap;

use crate::domain::dataset::Dataset;
use crate::domain::session::{Remark, Session, Target};

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
    by_target: HashMap<Target, Vec<usize>, Fast>,
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
        let most = session.remarks.len() / PER_SLICE;
        // The cores asked only when there are slices to share: the answer
        // is read from the system's files each time (three of them under
        // a CPU quota), and the index follows every change.
        let slices = if most > 1 {
            std::thread::available_parallelism().map_or(1, usize::from).min(most)
        } else {
            most
        };
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
        if r.trail().deleted.is_some() || (self.public_only && r.internal) {
            return true;
        }
        let list = match Items::of(data).at(&r.target).and_then(|at| self.items.get_mut(at)) {
            Some(list) => list,
            None => self.by_target.entry(r.target.clone()).or_default(),
        };
        if r.prepared_by().is_some() {
            let after = list.iter().take_while(|&&j| remarks[j].prepared_by().is_some()).count();
            list.insert(after, i);
        } else {
            list.push(i);
        }
        true
    }

    /// Whether internal remarks are left out (the projector's view).
    #[must_use]
    pub fn public_only(&self) -> bool {
        self.public_only
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

/// The hasher of the index's maps: several times faster than the
/// standard one for a hundred thousand short ids. Seeded anew by each run,
/// so that no file can be written to collide in advance (foldhash calls
/// itself minimally resistant to such attacks, not proof against them).
type Fast = foldhash::fast::RandomState;

/// Where each item of the plan (KPI × fiscal year) is in the index's list
/// of items, a remark's KPI id hashed once rather than compared with every
/// KPI's id (a fifth of reading the remarks; comparing lengths and first
/// bytes first was slower than hashing).
struct Items<'a> {
    kpis: HashMap<&'a str, usize, Fast>,
    fiscal_years: &'a [crate::domain::fiscal::FiscalYear],
}

impl<'a> Items<'a> {
    fn of(data: &'a Dataset) -> Self {
        let mut kpis = HashMap::with_capacity_and_hasher(data.plan.kpis.len(), Fast::default());
        // The first of equal ids, as `Plan::kpi_index` finds it.
        for (i, k) in data.plan.kpis.iter().enumerate() {
            kpis.entry(k.id.as_str()).or_insert(i);
        }
        Items { kpis, fiscal_years: &data.plan.fiscal_years }
    }

    /// `None` for another target, or an item the plan does not have.
    fn at(&self, target: &Target) -> Option<usize> {
        let Target::Item { kpi, fiscal_year } = target else { return None };
        let k = *self.kpis.get(kpi.as_str())?;
        let y = self.fiscal_years.iter().position(|fy| fy == fiscal_year)?;
        Some(k * self.fiscal_years.len() + y)
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
    by_target: HashMap<Target, Lists, Fast>,
    conflicts: usize,
}

impl Slice {
    fn read(data: &Dataset, remarks: &[Remark], offset: usize, public_only: bool) -> Slice {
        let years = data.plan.fiscal_years.len();
        let mut by_target: HashMap<Target, Lists, Fast> = HashMap::default();
        let found = Items::of(data);
        let mut items = vec![Lists::default(); data.plan.kpis.len() * years];
        let mut conflicts = 0;
        for (i, r) in remarks.iter().enumerate() {
            let i = offset + i;
            if r.in_conflict() {
                conflicts += 1;
            }
            if r.trail().deleted.is_some() || (public_only && r.internal) {
                continue;
            }
            let prepared = r.prepared_by().is_some();
            if let Some(list) = found.at(&r.target).and_then(|at| items.get_mut(at)) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fiscal::FiscalYear;
    use crate::domain::session::Op;
    use crate::domain::session::remark::SetAside;

    /// The sample's actuals and session for `plan`.
    fn sampled(
        plan: &crate::domain::plan::Plan,
        size: crate::sample::Size,
    ) -> (crate::domain::actuals::Actuals, Session) {
        let actuals = crate::sample::actuals(plan, size);
        let session = crate::sample::session(
            plan,
            &actuals,
            size,
            crate::domain::session::DataRefs::default(),
        );
        (actuals, session)
    }

    /// A session whose remarks cover every case the index tells apart,
    /// spread so that any slicing cuts through them: items of the plan and
    /// an item outside it, companies, the meeting, prepared and live,
    /// internal, deleted, and in conflict.
    fn mixed() -> (Dataset, Session) {
        let size = crate::sample::Size { remarks: 5_000, ..crate::sample::MEDIUM };
        let plan = crate::sample::plan(size);
        let (actuals, mut session) = sampled(&plan, size);
        let at = session.remarks[0].at;
        for (i, r) in session.remarks.iter_mut().enumerate() {
            if i % 5 == 0 {
                r.trail_mut().prepared_by = Some("委員A".into());
            }
            if i % 7 == 0 {
                r.internal = true;
            }
            if i % 11 == 0 {
                r.trail_mut().deleted = Some(at);
            }
            if i % 13 == 0 {
                let pushed = SetAside {
                    since: at,
                    until: None,
                    speaker: None,
                    kind: r.kind,
                    target: r.target.clone(),
                    text: "別の版".into(),
                    internal: false,
                    deleted: false,
                };
                r.trail_mut().set_aside.push(pushed);
            }
            if i % 17 == 0 {
                r.target =
                    Target::Item { kpi: "計画にない".into(), fiscal_year: FiscalYear(2018) };
            }
        }
        // A target first seen in the last slice, whatever the slicing.
        let last = session.remarks.last_mut().expect("remarks");
        last.target = Target::Company { company: "最後だけの企業".into() };
        (last.trail_mut().deleted, last.internal) = (None, false);
        (crate::domain::dataset::Dataset::new(plan, actuals).expect("data"), session)
    }

    /// KPI ids that begin alike, or differ only in width, each keep their
    /// own remarks: every item's list is exactly the live remarks said
    /// about it (prepared first), found here by comparing whole targets.
    #[test]
    fn kpis_with_ids_alike_keep_their_own_remarks() {
        let size = crate::sample::Size { remarks: 3_000, ..crate::sample::MEDIUM };
        let mut plan = crate::sample::plan(size);
        for (kpi, id) in plan.kpis.iter_mut().zip(["観光", "観光入込客数", "AB", "ＡＢ", "AB "])
        {
            kpi.id = id.into();
        }
        let (actuals, mut session) = sampled(&plan, size);
        for (i, r) in session.remarks.iter_mut().enumerate() {
            r.trail_mut().prepared_by = (i % 4 == 0).then(|| "委員A".into());
        }
        let data = Dataset::new(plan, actuals).expect("data");
        let index = RemarkIndex::build(&data, &session);
        for kpi in &data.plan.kpis {
            for fy in &data.plan.fiscal_years {
                let target = Target::Item { kpi: kpi.id.as_str().into(), fiscal_year: *fy };
                let said = |prepared: bool| -> Vec<usize> {
                    let live = session.remarks.iter().enumerate().filter(|(_, r)| {
                        r.target == target
                            && r.trail().deleted.is_none()
                            && r.prepared_by().is_some() == prepared
                    });
                    live.map(|(i, _)| i).collect()
                };
                let expected = [said(true), said(false)].concat();
                assert_eq!(index.of(&target), expected, "{} {fy:?}", kpi.id);
                assert!(!expected.is_empty(), "{} {fy:?} has remarks", kpi.id);
            }
        }
    }

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
                r.id = format!("0{}", r.id).into();
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
        let target = Target::Item { kpi: kpi.as_str().into(), fiscal_year };
        for public_only in [false, true] {
            let index = RemarkIndex::build_in_slices(&data, &session, public_only, 3);
            let target = &target;
            let wanted: Vec<usize> = [true, false]
                .into_iter()
                .flat_map(|prepared| {
                    session.remarks.iter().enumerate().filter(move |(_, r)| {
                        r.target == *target
                            && r.prepared_by().is_some() == prepared
                            && r.trail().deleted.is_none()
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
