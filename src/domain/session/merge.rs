//! Merging copies of a session (members' review copies, two branches of a
//! git repository): nothing is lost, nothing is duplicated, the order of
//! merging does not matter, and merging the same copy twice changes
//! nothing (commutative, associative, idempotent).
//!
//! Remarks merge by id. When copies changed a remark differently, the
//! newest version stays current and every other version is kept in
//! `set_aside`, which marks the remark for the secretariat. A version that
//! some copy later replaced is not set aside: the replacement supersedes it.

use std::collections::{BTreeMap, BTreeSet};

use super::Session;
use super::judgment::{Judgment, JudgmentRevision};
use super::remark::{Change, Remark, SetAside};
use super::sheet::{Attendee, Sheet};

/// One version of a remark: when it was made, when its copy replaced it,
/// and what it said.
type Record = SetAside;

/// The versions a copy of a remark knows: its chain (history then the
/// current version) and what earlier merges set aside.
fn records(r: &Remark) -> (Vec<Record>, Record) {
    let mut chain = Vec::with_capacity(r.trail().history.len());
    let mut since = r.at;
    let mut deleted = false;
    for rev in &r.trail().history {
        chain.push(Record {
            since,
            until: Some(rev.changed_at),
            speaker: rev.speaker.clone(),
            kind: rev.kind,
            target: rev.target.clone(),
            text: rev.text.clone(),
            internal: rev.internal,
            deleted,
        });
        deleted = match rev.change {
            Change::Deleted => true,
            Change::Restored => false,
            Change::Edited => deleted,
        };
        since = rev.changed_at;
    }
    let current = Record {
        since,
        until: None,
        speaker: r.speaker.clone(),
        kind: r.kind,
        target: r.target.clone(),
        text: r.text.to_string(),
        internal: r.internal,
        deleted: r.trail().deleted.is_some(),
    };
    (chain, current)
}

/// A version's identity: when it was made and what it said.
fn key(r: &Record) -> Record {
    Record { until: None, ..r.clone() }
}

/// Merges copies of one remark (same id); `None` without any.
#[must_use]
pub fn merge_remark(copies: &[&Remark]) -> Option<Remark> {
    // The common case, a remark no copy changed: the merge of equal copies
    // without earlier wordings or versions set aside is that remark (what
    // the steps below give too, without a copy of every version).
    // (The last of the equal copies, as below: equal may still differ in
    // how a time's offset is written.)
    if are_plain_and_equal(copies) {
        return copies.last().map(|r| (*r).clone());
    }
    merge_versions(copies)
}

/// Whether the copies are equal and the last has no earlier wording and
/// nothing set aside: their merge is the last.
fn are_plain_and_equal(copies: &[&Remark]) -> bool {
    copies.split_last().is_some_and(|(last, others)| {
        last.trail().history.is_empty()
            && last.trail().set_aside.is_empty()
            && others.iter().all(|other| other == last)
    })
}

/// [`merge_remark`] version by version.
fn merge_versions(copies: &[&Remark]) -> Option<Remark> {
    let parts: Vec<(Vec<Record>, Record)> = copies.iter().map(|r| records(r)).collect();
    // Versions some copy replaced.
    let ended: BTreeSet<Record> = parts
        .iter()
        .flat_map(|(chain, _)| chain.iter())
        .chain(copies.iter().flat_map(|r| r.trail().set_aside.iter()).filter(|s| s.until.is_some()))
        .map(key)
        .collect();
    // The newest version no copy replaced wins; ties go to the fuller copy.
    let winner = copies
        .iter()
        .zip(&parts)
        .filter(|(_, (_, current))| !ended.contains(&key(current)))
        .max_by(|(a, (chain_a, current_a)), (b, (chain_b, current_b))| {
            key(current_a)
                .cmp(&key(current_b))
                .then(chain_a.len().cmp(&chain_b.len()))
                // Equal copies (the common case: a remark no one changed)
                // need no tie-break; only differing ones are compared as text.
                .then_with(|| {
                    if a == b {
                        std::cmp::Ordering::Equal
                    } else {
                        format!("{a:?}").cmp(&format!("{b:?}"))
                    }
                })
        })
        .map(|(r, _)| *r)
        .or_else(|| copies.first().copied())?;
    let (winner_chain, winner_current) = records(winner);
    let mut set_aside: BTreeSet<Record> = BTreeSet::new();
    for (r, (chain, current)) in copies.iter().zip(&parts) {
        for rec in chain.iter().chain(std::iter::once(current)).chain(r.trail().set_aside.iter()) {
            let superseded = rec.until.is_none() && ended.contains(&key(rec));
            let in_winner = winner_chain.contains(rec) || *rec == winner_current;
            if !superseded && !in_winner {
                set_aside.insert(rec.clone());
            }
        }
    }
    let mut merged = winner.clone();
    merged.trail_mut().set_aside = set_aside.into_iter().collect();
    merged.trail_mut().resolved = copies.iter().filter_map(|r| r.trail().resolved).max();
    // `at` is when the winner's first version was said: taking another
    // copy's (a hand-edited file may differ) would make the current version
    // one that never existed, and a second merge would change it again.
    Some(merged)
}

/// What a verdict says: effect, policy, reason, 非公開.
type Wording = (String, String, String, bool);

/// Merges copies of one judgment (same target): the latest verdict no copy
/// replaced stays; every other verdict is in its history. `None` without any.
#[must_use]
pub fn merge_judgment(copies: &[&Judgment]) -> Option<Judgment> {
    let content = |h: &JudgmentRevision| -> Wording {
        (h.effect.clone(), h.policy.clone(), h.reason.clone(), h.internal)
    };
    // A verdict set aside by an earlier merge is kept with `changed_at`
    // equal to `since`; one some copy really replaced has a later one.
    let set_aside = |h: &JudgmentRevision| h.since == Some(h.changed_at);
    let current = |j: &Judgment| j.snapshot(j.at);
    let replaced: Vec<&JudgmentRevision> =
        copies.iter().flat_map(|j| j.history.iter()).filter(|h| !set_aside(h)).collect();
    // Verdicts some copy replaced, by when they were given and what they said.
    let ended: BTreeSet<(super::Stamp, Wording)> =
        replaced.iter().filter_map(|h| h.since.map(|s| (s, content(h)))).collect();
    // And when each wording was last replaced: the same verdict given on
    // another copy before then (two clerks recording what the council
    // said, alike) is the one replaced, not another copy's verdict still
    // standing: a change made on one copy only is no conflict.
    let mut last_replaced: BTreeMap<Wording, super::Stamp> = BTreeMap::new();
    for h in &replaced {
        let last = last_replaced.entry(content(h)).or_insert(h.changed_at);
        *last = (*last).max(h.changed_at);
    }
    let is_ended = |at: super::Stamp, said: &Wording| {
        ended.contains(&(at, said.clone())) || last_replaced.get(said).is_some_and(|&x| at < x)
    };
    let mut live: Vec<&Judgment> =
        copies.iter().copied().filter(|j| !is_ended(j.at, &content(&current(j)))).collect();
    if live.is_empty() {
        live = copies.to_vec();
    }
    let latest = |j: &Judgment| (j.at.max(j.withdrawn.unwrap_or(j.at)), format!("{j:?}"));
    let winner = *live.iter().max_by_key(|j| latest(j))?;
    let winning = (winner.at, content(&current(winner)));
    // Set-aside verdicts a copy went on to replace are superseded, not set
    // aside; nor is the verdict that stands (set aside on a copy where
    // another stood).
    let mut history: BTreeSet<JudgmentRevision> = copies
        .iter()
        .flat_map(|j| j.history.iter())
        .filter(|h| {
            !(set_aside(h)
                && h.since.is_some_and(|s| is_ended(s, &content(h)) || (s, content(h)) == winning))
        })
        .cloned()
        .collect();
    for j in &live {
        if (j.at, content(&current(j))) != winning {
            // Given elsewhere and not replaced there: kept, as given.
            history.insert(JudgmentRevision { changed_at: j.at, ..current(j) });
        }
    }
    let mut merged = winner.clone();
    merged.history = history.into_iter().collect();
    Some(merged)
}

/// Whether `theirs` (an attendee of another copy) has an id `ours` gives
/// another person, not one `base` lists already.
fn clashes(ours: &Sheet, theirs: &Attendee, base: Option<&Sheet>) -> bool {
    use crate::domain::normalize::name_key;
    ours.attendee(&theirs.id).is_some_and(|o| name_key(&o.name) != name_key(&theirs.name))
        && base.is_none_or(|b| b.attendee(&theirs.id).is_none())
}

/// Whether [`separate_attendees`] would give any attendee of `theirs` a new id.
#[must_use]
pub fn attendees_clash(ours: &Sheet, theirs: &Sheet, base: Option<&Sheet>) -> bool {
    theirs.attendees.iter().any(|a| clashes(ours, a, base))
}

/// The speakers of remarks both copies hold, named alike on both: each
/// was an attendee before the copies parted, so an id of theirs whose name
/// differs is that person renamed on one copy, not a second person.
fn spoken_on_both(ours: &Session, theirs: &Session) -> std::collections::HashSet<String> {
    let by_ours: std::collections::HashMap<&str, &str> =
        ours.remarks.iter().filter_map(|r| Some((r.id.as_str(), r.speaker.as_deref()?))).collect();
    theirs
        .remarks
        .iter()
        .filter_map(|r| {
            let speaker = r.speaker.as_deref()?;
            (by_ours.get(r.id.as_str()) == Some(&speaker)).then(|| speaker.to_string())
        })
        .collect()
}

/// Attendees `theirs` added under an id `ours` gives someone else (each
/// copy took the next id, `a2`, for another person): theirs is given an id
/// neither copy uses, and so is the speaker of every remark only theirs
/// holds, so that no remark is put in the wrong person's mouth in the
/// minutes. An id `base` lists already (one attendee, renamed on a side)
/// is no such clash, nor one both copies name as the speaker of a remark
/// they both hold (without a base: renamed on one copy). The attendees given a new id, each with the id it had.
pub fn separate_attendees(
    ours: &Session,
    theirs: &mut Session,
    base: Option<&Sheet>,
) -> Vec<(String, Attendee)> {
    let number = |id: &str| id.strip_prefix('a').and_then(|n| n.parse::<u32>().ok()).unwrap_or(0);
    let mut next = ours
        .sheet
        .attendees
        .iter()
        .chain(&theirs.sheet.attendees)
        .map(|a| number(&a.id))
        .max()
        .unwrap_or(0);
    let spoken = spoken_on_both(ours, theirs);
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for a in &mut theirs.sheet.attendees {
        if clashes(&ours.sheet, a, base) && !spoken.contains(a.id.as_str()) {
            next += 1;
            let fresh = format!("a{next}");
            renamed.insert(std::mem::replace(&mut a.id, fresh.clone()), fresh);
        }
    }
    if renamed.is_empty() {
        return Vec::new();
    }
    let held: std::collections::HashSet<&str> =
        ours.remarks.iter().map(|r| r.id.as_str()).collect();
    let rename = |speaker: &mut Option<super::remark::ShortId>| {
        if let Some(fresh) = speaker.as_deref().and_then(|id| renamed.get(id)) {
            *speaker = Some(fresh.as_str().into());
        }
    };
    for r in theirs.remarks.iter_mut().filter(|r| !held.contains(r.id.as_str())) {
        rename(&mut r.speaker);
        if r.trail.is_some() {
            let trail = r.trail_mut();
            trail.history.iter_mut().for_each(|h| rename(&mut h.speaker));
            trail.set_aside.iter_mut().for_each(|x| rename(&mut x.speaker));
        }
    }
    renamed
        .into_iter()
        .filter_map(|(old, fresh)| Some((old, theirs.sheet.attendee(&fresh)?.clone())))
        .collect()
}

/// Field by field: equal fields stay, differing ones resolve the same way
/// whatever the order (the greater value). The `merge` command keeps the
/// meeting's own sheet instead and reports the differences.
#[must_use]
pub fn merge_sheet(a: &Sheet, b: &Sheet) -> Sheet {
    let mut attendees: BTreeMap<String, Attendee> = BTreeMap::new();
    for x in a.attendees.iter().chain(&b.attendees) {
        attendees
            .entry(x.id.clone())
            .and_modify(|y| {
                if format!("{x:?}") > format!("{y:?}") {
                    *y = x.clone();
                }
            })
            .or_insert_with(|| x.clone());
    }
    // Equal lists keep their order; otherwise ids in natural order (a2 before a10).
    let order: Vec<String> =
        if a.attendees.iter().map(|x| &x.id).eq(b.attendees.iter().map(|x| &x.id)) {
            a.attendees.iter().map(|x| x.id.clone()).collect()
        } else {
            let mut ids: Vec<String> = attendees.keys().cloned().collect();
            ids.sort_by_key(|id| natural(id));
            ids
        };
    Sheet {
        title: a.title.clone().max(b.title.clone()),
        date: a.date.max(b.date),
        start: a.start.max(b.start),
        end: a.end.max(b.end),
        place: a.place.clone().max(b.place.clone()),
        attendees: order.into_iter().filter_map(|id| attendees.remove(&id)).collect(),
        materials: merge_list(&a.materials, &b.materials),
        next_meeting: a.next_meeting.clone().max(b.next_meeting.clone()),
    }
}

/// A list given on one side and extended on the other keeps the longer;
/// two different lists resolve to the greater, whatever the order.
fn merge_list(a: &[String], b: &[String]) -> Vec<String> {
    if b.starts_with(a) {
        b.to_vec()
    } else if a.starts_with(b) {
        a.to_vec()
    } else {
        a.to_vec().max(b.to_vec())
    }
}

/// `a12` as (`a`, 12, ``) so that a2 sorts before a10.
fn natural(id: &str) -> (String, u64, String) {
    let letters: String = id.chars().take_while(|c| !c.is_ascii_digit()).collect();
    let rest = &id[letters.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number = digits.parse().unwrap_or(0);
    (letters, number, rest[digits.len()..].to_string())
}

/// The copies of each remark (same id), by their places in `remarks`, in
/// the order given; the remarks in the order their ids first come. Each id
/// is hashed once (an ordered map from ids to lists cost a third of a
/// merge of two 100,000-remark copies).
fn by_id(remarks: &[&Remark]) -> Vec<Vec<usize>> {
    let mut groups: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(remarks.len());
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (at, r) in remarks.iter().enumerate() {
        let next = groups.len();
        let group = *groups.entry(r.id.as_str()).or_insert(next);
        if group == out.len() {
            out.push(Vec::with_capacity(2));
        }
        out[group].push(at);
    }
    out
}

/// The merged remarks of `all` (every copy's, in the order given), in any
/// order: a remark whose copies are equal is moved, not copied; the others
/// are merged version by version.
fn merge_remarks(mut all: Vec<Remark>) -> Vec<Remark> {
    let mut keep = vec![false; all.len()];
    let mut merged = Vec::new();
    {
        let refs: Vec<&Remark> = all.iter().collect();
        for group in by_id(&refs) {
            let copies: Vec<&Remark> = group.iter().map(|&at| refs[at]).collect();
            match group.last() {
                Some(&last) if are_plain_and_equal(&copies) => keep[last] = true,
                _ => merged.extend(merge_versions(&copies)),
            }
        }
    }
    let mut kept = keep.into_iter();
    all.retain(|_| kept.next().unwrap_or(false));
    all.append(&mut merged);
    all
}

/// [`merge`] of two copies given away (the `merge` command's): a remark
/// both hold alike is moved, not copied.
#[must_use]
pub fn merge_owned(mut a: Session, mut b: Session) -> Session {
    let mut all = std::mem::take(&mut a.remarks);
    all.append(&mut b.remarks);
    let mut merged = merge(&a, &b);
    merged.remarks = merge_remarks(all);
    merged.normalize();
    merged
}

/// Merges two copies of a session.
#[must_use]
pub fn merge(a: &Session, b: &Session) -> Session {
    let all: Vec<&Remark> = a.remarks.iter().chain(&b.remarks).collect();
    let remarks = by_id(&all);
    let mut judgments: BTreeMap<_, Vec<&Judgment>> = BTreeMap::new();
    for j in a.judgments.iter().chain(&b.judgments) {
        judgments.entry(j.target.clone()).or_default().push(j);
    }
    let mut shown: Vec<_> = a.breakdowns_shown.iter().chain(&b.breakdowns_shown).cloned().collect();
    shown.sort();
    shown.dedup();
    let mut merged = Session {
        version: a.version.max(b.version),
        revision: a.revision.max(b.revision),
        sheet: merge_sheet(&a.sheet, &b.sheet),
        data: if format!("{:?}", a.data) >= format!("{:?}", b.data) {
            a.data.clone()
        } else {
            b.data.clone()
        },
        position: a.position.clone().max(b.position.clone()),
        // The secretariat arranges the agenda in one copy: an arranged
        // agenda wins over the default; of two, the first copy's.
        agenda: a.agenda.clone().or_else(|| b.agenda.clone()),
        // In any order: `normalize` below puts them in the file's.
        remarks: remarks
            .iter()
            .filter_map(|group| merge_remark(&group.iter().map(|&at| all[at]).collect::<Vec<_>>()))
            .collect(),
        judgments: judgments.values().filter_map(|copies| merge_judgment(copies)).collect(),
        breakdowns_shown: shown,
        figures_seen: {
            let mut seen = b.figures_seen.clone();
            for f in &a.figures_seen {
                super::figures::record(&mut seen, f);
            }
            seen
        },
        earlier_figures: a.earlier_figures.clone().or_else(|| b.earlier_figures.clone()),
        // The `merge` command and the git driver decide which copy's mark
        // stands; here only an order-free choice.
        review: a.review.clone().max(b.review.clone()),
        folded: {
            let mut folded = a.folded.clone();
            for (run, seq) in &b.folded {
                let last = folded.entry(run.clone()).or_insert(0);
                *last = (*last).max(*seq);
            }
            folded
        },
    };
    merged.normalize();
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::{RemarkKind, Stamp, Target};

    fn at(s: &str) -> Stamp {
        chrono::DateTime::parse_from_rfc3339(s).expect("time")
    }

    /// Equal copies take the short way; it gives what the merge version by
    /// version gives, to the offset a time is written with.
    #[test]
    fn equal_copies_merge_as_version_by_version() {
        let mut a = Remark::new(
            "R1".into(),
            at("2019-05-20T14:00:00+09:00"),
            RemarkKind::Question,
            Target::Meeting,
            "内訳は？".into(),
        );
        a.trail_mut().resolved = Some(at("2019-05-20T15:00:00+09:00"));
        // The same instants, written in UTC in the other copy.
        let mut b = a.clone();
        b.at = at("2019-05-20T05:00:00Z");
        b.trail_mut().resolved = Some(at("2019-05-20T06:00:00Z"));
        assert_eq!(a, b, "equal, as remarks compare");
        for copies in [vec![&a, &b], vec![&b, &a], vec![&a], vec![&a, &a, &b]] {
            let short = merge_remark(&copies).expect("merged");
            let long = merge_versions(&copies).expect("merged");
            assert_eq!(format!("{short:?}"), format!("{long:?}"));
        }
        // Different copies still go version by version.
        let mut c = a.clone();
        c.text = "内訳は？（修正）".into();
        let merged = merge_remark(&[&a, &c]).expect("merged");
        assert_eq!(format!("{merged:?}"), format!("{:?}", merge_versions(&[&a, &c]).expect("m")));
        assert_eq!(merged.trail().set_aside.len(), 1, "one version set aside");
        // Sessions holding them merge alike borrowed or given away.
        let session = |remarks: Vec<Remark>| Session {
            remarks,
            ..Session::new(super::super::Sheet::default(), super::super::DataRefs::default())
        };
        for (x, y) in
            [(vec![a.clone()], vec![b.clone()]), (vec![b.clone(), c.clone()], vec![a.clone()])]
        {
            let by_ref = merge(&session(x.clone()), &session(y.clone()));
            let owned = merge_owned(session(x), session(y));
            assert_eq!(format!("{owned:?}"), format!("{by_ref:?}"));
        }
    }
}
