//! One remark in the session's parsed copy (`session_cache`): a record of
//! fixed layout, its texts (id, text, speaker, the target's id) in the
//! part's texts, and only for the few remarks that have one, its trail.
//!
//! Why by hand rather than `postcard` through serde: the copy exists to
//! start a meeting of a hundred thousand remarks quickly, and reading each
//! remark field by field through serde's visitors was a fifth of that
//! start's work. The fixed fields are read at their places; the texts
//! were checked as UTF-8 with the rest of the part's. The trail (who
//! prepared it, its deletion, earlier wordings, versions set aside) stays
//! `postcard`. Anything that does not fit refuses the copy, which is then
//! made again from the session file.

use serde::{Deserialize, Serialize};

use crate::domain::fiscal::FiscalYear;
use crate::domain::session::Stamp;
use crate::domain::session::remark::{
    Remark, RemarkKind, RemarkText, Revision, SetAside, ShortId, Target, Trail,
};

/// The fixed part of a record: where its texts begin in the part's texts,
/// the lengths of its id, text, speaker (`NONE`: none) and target id (u32
/// each), the target's fiscal year (i32), when it was said (seconds i64,
/// nanoseconds u32, offset i32), its kind, its target's kind, whether it
/// is internal and whether a trail follows (a byte each).
const FIXED: usize = 44;
/// A speaker's length that says there is none.
const NONE: u32 = u32::MAX;

/// A time as numbers: seconds and nanoseconds since 1970 (UTC), and the
/// offset in seconds; read back exactly.
#[derive(Serialize, Deserialize)]
struct Time(i64, u32, i32);

impl Time {
    fn of(t: &Stamp) -> Time {
        Time(t.timestamp(), t.timestamp_subsec_nanos(), t.offset().local_minus_utc())
    }

    fn stamp(&self) -> Option<Stamp> {
        use chrono::TimeZone;
        chrono::FixedOffset::east_opt(self.2)?.timestamp_opt(self.0, self.1).single()
    }
}

#[derive(Serialize)]
struct TrailOut<'a> {
    prepared_by: Option<&'a str>,
    deleted: Option<Time>,
    history: &'a [Revision],
    set_aside: &'a [SetAside],
    resolved: Option<Time>,
}

#[derive(Deserialize)]
struct TrailIn {
    prepared_by: Option<String>,
    deleted: Option<Time>,
    history: Vec<Revision>,
    set_aside: Vec<SetAside>,
    resolved: Option<Time>,
}

/// Appends `r`'s record to `record` and its texts to `texts` (the part's).
pub(super) fn write(
    r: &Remark,
    record: &mut Vec<u8>,
    texts: &mut String,
) -> Result<(), Box<dyn std::error::Error>> {
    let len = |s: &str| u32::try_from(s.len());
    let (target_kind, target_id, year) = match &r.target {
        Target::Meeting => (0u8, "", 0),
        Target::Item { kpi, fiscal_year } => (1, kpi.as_str(), fiscal_year.0),
        Target::Company { company } => (2, company.as_str(), 0),
        Target::Agenda { id } => (3, id.as_str(), 0),
    };
    let kind = RemarkKind::ALL.iter().position(|k| *k == r.kind).unwrap_or_default();
    let speaker = r.speaker.as_deref().map_or(Ok(NONE), len)?;
    if speaker == NONE && r.speaker.is_some() {
        return Err("a speaker's id too long".into());
    }
    let at = Time::of(&r.at);
    record.extend_from_slice(&u32::try_from(texts.len())?.to_le_bytes());
    for n in [len(&r.id)?, len(&r.text)?, speaker, len(target_id)?] {
        record.extend_from_slice(&n.to_le_bytes());
    }
    record.extend_from_slice(&year.to_le_bytes());
    record.extend_from_slice(&at.0.to_le_bytes());
    record.extend_from_slice(&at.1.to_le_bytes());
    record.extend_from_slice(&at.2.to_le_bytes());
    let trail = r.trail.is_some();
    record.extend_from_slice(&[u8::try_from(kind)?, target_kind, r.internal.into(), trail.into()]);
    for s in [&r.id, &r.text] {
        texts.push_str(s);
    }
    texts.push_str(r.speaker.as_deref().unwrap_or_default());
    texts.push_str(target_id);
    // Every text's end is a u32 too (and so the part's texts fit a
    // `RemarkText`).
    u32::try_from(texts.len())?;
    if trail {
        let t = r.trail();
        let out = TrailOut {
            prepared_by: t.prepared_by.as_deref(),
            deleted: t.deleted.as_ref().map(Time::of),
            history: &t.history,
            set_aside: &t.set_aside,
            resolved: t.resolved.as_ref().map(Time::of),
        };
        let taken = std::mem::take(record);
        *record = postcard::to_extend(&out, taken)?;
    }
    Ok(())
}

/// The remark whose record is all of `bytes`, its texts in the part's
/// `texts` (shared, not copied); `None` when anything does not fit.
pub(super) fn read(bytes: &[u8], texts: &RemarkText) -> Option<Remark> {
    let (fixed, rest) = bytes.split_first_chunk::<FIXED>()?;
    let u32_at =
        |i: usize| fixed.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let usize_at = |i: usize| u32_at(i).and_then(|n| usize::try_from(n).ok());
    let mut at = usize_at(0)?;
    let mut next = |len: usize| {
        let range = at..at.checked_add(len)?;
        at = range.end;
        Some(range)
    };
    let id = part_of(texts, next(usize_at(4)?)?)?;
    let text = part_of(texts, next(usize_at(8)?)?)?;
    let speaker = match u32_at(12)? {
        NONE => None,
        n => Some(ShortId::from(texts.get(next(usize::try_from(n).ok()?)?)?)),
    };
    let target_id = ShortId::from(texts.get(next(usize_at(16)?)?)?);
    let year = FiscalYear(i32::from_le_bytes(fixed[20..24].try_into().ok()?));
    let secs = i64::from_le_bytes(fixed[24..32].try_into().ok()?);
    let offset = i32::from_le_bytes(fixed[36..40].try_into().ok()?);
    let said = Time(secs, u32_at(32)?, offset).stamp()?;
    let [kind, target_kind, internal, trail] = [fixed[40], fixed[41], fixed[42], fixed[43]];
    let target = match target_kind {
        0 if target_id.is_empty() && year.0 == 0 => Target::Meeting,
        1 => Target::Item { kpi: target_id, fiscal_year: year },
        2 if year.0 == 0 => Target::Company { company: target_id },
        3 if year.0 == 0 => Target::Agenda { id: target_id },
        _ => return None,
    };
    let remark = Remark {
        id,
        at: said,
        speaker,
        kind: *RemarkKind::ALL.get(usize::from(kind))?,
        target,
        text,
        internal: match internal {
            0 => false,
            1 => true,
            _ => return None,
        },
        trail: None,
    };
    match trail {
        0 if rest.is_empty() => Some(remark),
        1 => {
            let (t, after): (TrailIn, _) = postcard::take_from_bytes(rest).ok()?;
            if !after.is_empty() {
                return None;
            }
            let time = |t: Option<Time>| match t {
                Some(t) => t.stamp().map(Some),
                None => Some(None),
            };
            Some(remark.with_trail(Trail {
                prepared_by: t.prepared_by,
                deleted: time(t.deleted)?,
                history: t.history,
                set_aside: t.set_aside,
                resolved: time(t.resolved)?,
            }))
        }
        _ => None,
    }
}

/// `texts[range]`, sharing its memory; `None` when the range is outside
/// it or cuts a character.
fn part_of(texts: &RemarkText, range: std::ops::Range<usize>) -> Option<RemarkText> {
    texts.get(range.clone()).map(|_| texts.substr(range))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Stamp {
        chrono::DateTime::parse_from_rfc3339(s).expect("time")
    }

    /// Remarks of every kind of target, with and without a speaker (one
    /// longer than is held in place), a trail, times in two offsets.
    fn remarks() -> Vec<Remark> {
        let year = FiscalYear(2019);
        let targets = [
            Target::Meeting,
            Target::Item { kpi: "新規参加企業数（累計）".into(), fiscal_year: year },
            Target::Company { company: "c000001".into() },
            Target::Agenda { id: "free-1".into() },
        ];
        let mut all = Vec::new();
        for (i, target) in targets.into_iter().enumerate() {
            let said = at("2019-05-20T14:00:00.123456789+09:00")
                + chrono::TimeDelta::seconds(i64::try_from(i).expect("small"));
            let mut r = Remark::new(
                format!("01ID{i}"),
                said,
                RemarkKind::ALL[i],
                target,
                format!("発言{i}"),
            );
            r.internal = i % 2 == 1;
            r.speaker = match i {
                0 => None,
                1 => Some("委員長代理の事務局長代理".into()),
                _ => Some(format!("a{i}").into()),
            };
            all.push(r);
        }
        let mut trailed = all[1].clone();
        trailed.id = "01TRAIL".into();
        trailed.trail_mut().prepared_by = Some("委員A".into());
        trailed.trail_mut().deleted = Some(at("2019-05-20T05:00:00Z"));
        let before = trailed
            .snapshot(at("2019-05-20T14:30:00-03:30"), crate::domain::session::Change::Edited);
        trailed.trail_mut().history.push(before);
        all.push(trailed);
        all
    }

    fn written(remarks: &[Remark]) -> (Vec<Vec<u8>>, RemarkText) {
        let mut texts = String::new();
        let records = remarks
            .iter()
            .map(|r| {
                let mut record = Vec::new();
                write(r, &mut record, &mut texts).expect("write");
                record
            })
            .collect();
        (records, RemarkText::from(texts))
    }

    #[test]
    fn every_field_reads_back_as_written() {
        let remarks = remarks();
        let (records, texts) = written(&remarks);
        for (record, r) in records.iter().zip(&remarks) {
            let back = read(record, &texts).expect("read");
            assert_eq!(&back, r);
            assert_eq!(back.at.offset(), r.at.offset(), "{}", r.id);
        }
        assert_eq!(records[0].len(), FIXED, "no trail, the fixed part only");
    }

    /// A record that says anything it cannot mean is refused.
    #[test]
    fn a_record_that_does_not_fit_is_refused() {
        let (records, texts) = written(&remarks());
        let changed = |n: usize, at: usize, byte: u8| {
            let mut r = records[n].clone();
            r[at] = byte;
            r
        };
        let longer = |n: usize| [records[n].clone(), vec![0]].concat();
        let cases = [
            ("a kind there is none of", changed(0, 40, 5)),
            ("a target kind there is none of", changed(0, 41, 4)),
            ("internal neither yes nor no", changed(0, 42, 2)),
            ("a trail said to follow", changed(0, 43, 1)),
            ("a trail of no kind", changed(0, 43, 2)),
            ("a byte after the record", longer(0)),
            ("a byte after the trail", longer(4)),
            ("the meeting with a fiscal year", changed(0, 20, 1)),
            ("texts beyond the part's", changed(3, 3, 0x7f)),
            ("cut short", records[1][..FIXED - 1].to_vec()),
        ];
        for (what, record) in cases {
            assert_eq!(read(&record, &texts), None, "{what}");
        }
    }
}
