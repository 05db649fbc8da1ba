//! The session journal: one framed, checksummed change per line, appended
//! and synced before a remark is shown as saved. It makes a save cost one
//! small write whatever the size of the session (see `session_store`).
//!
//! A line is `<run>:<seq> <revision> <checksum> <change as one-line RON>`:
//! `<run>` names the run that wrote it (a ULID) and `<seq>` counts its lines,
//! so a line is known by name whatever the session file now holds (a git
//! merge may have replaced it); the session file lists, per run, the last
//! line already inside it (`folded`). The checksum is the first 16 hex
//! digits of the SHA-256 of the rest of the line. Lines written by earlier
//! versions (`<revision> <checksum> <change>`) are still read. A torn last
//! line (a crash mid-write) is dropped and reported; a partial line another
//! program appended before a whole line is passed over (the whole line is
//! read); damage anywhere else stops the load with the line number.

use sha2::{Digest, Sha256};

use crate::domain::session::{Op, Session};

fn checksum(head: &str, payload: &str) -> String {
    let mut h = Sha256::new();
    h.update(head.as_bytes());
    h.update(b" ");
    h.update(payload.as_bytes());
    super::hex(&h.finalize()[..8])
}

/// Which line a change came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineName {
    /// Line `seq` of run `run`.
    Run { run: String, seq: u64 },
    /// A line of an earlier version, known only by its revision.
    Legacy,
}

/// One change read back from the journal.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub name: LineName,
    /// The session's revision right after this change, where it was written.
    pub revision: u64,
    pub op: Op,
}

impl Entry {
    /// Whether `session` already holds this change: its run's lines up to
    /// this one are folded into it (or, for an old line, its revision is),
    /// and, for an added remark, the remark is there.
    #[must_use]
    pub fn is_in(&self, session: &Session) -> bool {
        let listed = match &self.name {
            LineName::Run { run, seq } => session.folded.get(run).is_some_and(|n| n >= seq),
            LineName::Legacy => self.revision <= session.revision,
        };
        // A file that lists the line but lacks the remark it added (a copy
        // that claims more than it holds) does not hold it: a remark is
        // never deleted from a session, only marked.
        listed && !matches!(&self.op, Op::AddRemark(r) if session.remark(&r.id).is_none())
    }

    /// Applies the change to `session` unless it already holds it, and
    /// marks it folded. Whether it was applied; a change that no longer
    /// fits (a remark already there) is skipped, never fatal.
    pub fn fold_into(&self, session: &mut Session) -> bool {
        if self.is_in(session) {
            return false;
        }
        let applied = session.apply(&self.op).is_ok();
        match &self.name {
            LineName::Run { run, seq } => {
                let last = session.folded.entry(run.clone()).or_insert(0);
                *last = (*last).max(*seq);
            }
            LineName::Legacy => session.revision = session.revision.max(self.revision),
        }
        applied
    }
}

/// One journal line, with its newline.
pub fn encode(run: &str, seq: u64, revision: u64, op: &Op) -> Result<String, ron::Error> {
    let payload = ron::to_string(op)?;
    let head = format!("{run}:{seq} {revision}");
    Ok(format!("{head} {} {payload}\n", checksum(&head, &payload)))
}

#[derive(Debug, PartialEq)]
pub struct Replay {
    pub records: Vec<Entry>,
    /// The last line was incomplete or damaged and was dropped (its line number).
    pub torn_tail: Option<usize>,
}

/// Damage in the middle of a journal: the line, and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct Damage {
    pub line: usize,
    pub reason: String,
}

fn line_number() -> String {
    crate::i18n::tr("行番号", "a line number")
}

fn revision_number() -> String {
    crate::i18n::tr("版の番号", "a revision number")
}

fn number(text: &str, what: fn() -> String) -> Result<u64, String> {
    text.parse().map_err(|_| {
        let what = what();
        crate::i18n::tr(
            format!("{what}のはずが {text:?} です"),
            format!("expected {what}, found {text:?}"),
        )
    })
}

fn decode(line: &str) -> Result<Entry, String> {
    let expected = || {
        crate::i18n::tr(
            "行は `<run>:<line> <revision> <checksum> <change>` の形のはずです",
            "expected `<run>:<line> <revision> <checksum> <change>`",
        )
    };
    let (first, rest) = line.split_once(' ').ok_or_else(expected)?;
    let (name, revision, head, rest) = if let Some((run, seq)) = first.split_once(':') {
        let (rev, rest) = rest.split_once(' ').ok_or_else(expected)?;
        let name = LineName::Run { run: run.to_string(), seq: number(seq, line_number)? };
        (name, number(rev, revision_number)?, format!("{first} {rev}"), rest)
    } else {
        (LineName::Legacy, number(first, revision_number)?, first.to_string(), rest)
    };
    let (sum, payload) = rest.split_once(' ').ok_or_else(expected)?;
    if checksum(&head, payload) != sum {
        return Err(crate::i18n::tr(
            "チェックサムが合いません（行が壊れています）",
            "the checksum does not match (the line is damaged)",
        ));
    }
    let op = ron::Options::default()
        .with_recursion_limit(super::ron_file::RECURSION_LIMIT)
        .from_str(payload)
        .map_err(|e| {
            let code = &e.code;
            crate::i18n::tr(
                format!("変更を読めません: {code}"),
                format!("the change cannot be read: {code}"),
            )
        })?;
    Ok(Entry { name, revision, op })
}

/// A line that does not read because another program appended a partial
/// line before it (no newline of its own): the intact line of a run found
/// after it, its checksum whole. (The run's next line was otherwise taken
/// for damaged: a follower did not show it, and a start dropped it as a
/// torn tail.) What comes before is not a change of any run and is left.
fn resync(line: &str) -> Option<Entry> {
    let bytes = line.as_bytes();
    // A run's name is a ULID: 26 letters and digits, then `:`.
    (1..bytes.len().saturating_sub(26))
        .filter(|&i| {
            bytes[i + 26] == b':'
                && bytes[i..i + 26].iter().all(u8::is_ascii_alphanumeric)
                && line.is_char_boundary(i)
        })
        .find_map(|i| decode(&line[i..]).ok().filter(|e| matches!(e.name, LineName::Run { .. })))
        .inspect(|_| {
            tracing::warn!("journal: a partial line of another program left before a line");
        })
}

/// Reads a journal. Lines must be complete (end in a newline) and intact;
/// a crash can cut the last one anywhere, even inside a character.
pub fn read(bytes: &[u8]) -> Result<Replay, Damage> {
    let mut records = Vec::new();
    let complete = bytes.ends_with(b"\n");
    let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    // `split` yields an empty piece after a final newline.
    let last = if complete { lines.len() - 1 } else { lines.len() };
    for (i, raw) in lines.iter().take(last).enumerate() {
        let number = i + 1;
        let is_last = number == last;
        let line = match std::str::from_utf8(raw) {
            Ok(l) => l,
            Err(_) if is_last => return Ok(Replay { records, torn_tail: Some(number) }),
            Err(_) => {
                let reason = crate::i18n::tr(
                    "行が正しい UTF-8 ではありません",
                    "the line is not valid UTF-8",
                );
                return Err(Damage { line: number, reason });
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match decode(line).or_else(|e| resync(line).ok_or(e)) {
            Ok(record) if !is_last || complete => records.push(record),
            Ok(_) => return Ok(Replay { records, torn_tail: Some(number) }),
            Err(_) if is_last => return Ok(Replay { records, torn_tail: Some(number) }),
            Err(reason) => return Err(Damage { line: number, reason }),
        }
    }
    Ok(Replay { records, torn_tail: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fiscal::FiscalYear;
    use crate::domain::session::Position;

    const RUN: &str = "01J0000000000000000000RUN1";

    fn op(n: i32) -> Op {
        Op::SetPosition(Some(Position {
            kpi: "改行\nと\"引用\"".into(),
            fiscal_year: FiscalYear(n),
            item_open: true,
            companies: None,
            company: None,
            topic: None,
        }))
    }

    #[test]
    fn round_trip_keeps_every_record_on_one_line() {
        let text: String = (1..=3)
            .map(|n| encode(RUN, n, n, &op(2016 + i32::try_from(n).unwrap_or(0))).expect("encode"))
            .collect();
        assert_eq!(text.lines().count(), 3);
        let replay = read(text.as_bytes()).expect("read");
        assert_eq!(replay.torn_tail, None);
        assert_eq!(replay.records.len(), 3);
        assert_eq!(replay.records[2].op, op(2019));
        assert_eq!(replay.records[2].name, LineName::Run { run: RUN.into(), seq: 3 });
    }

    #[test]
    fn a_torn_last_line_is_dropped_and_reported() {
        let mut text = encode(RUN, 1, 1, &op(2016)).expect("encode");
        let second = encode(RUN, 2, 2, &op(2017)).expect("encode");
        for cut in 1..second.len() {
            let mut torn = text.clone().into_bytes();
            torn.extend_from_slice(&second.as_bytes()[..cut]);
            let replay = read(&torn).expect("a torn tail is not fatal");
            assert_eq!(replay.records.len(), 1, "cut at {cut}");
            assert_eq!(replay.torn_tail, Some(2));
        }
        text.push_str(&second);
        assert_eq!(read(text.as_bytes()).expect("read").records.len(), 2);
    }

    /// Another program appended part of a line (no newline) before the
    /// meeting's next one: the meeting's line is read whole, in the middle
    /// and last, by a start and by a follower reading what is new.
    #[test]
    fn a_partial_line_of_another_program_does_not_hide_the_next_line() {
        let a = encode(RUN, 1, 1, &op(2016)).expect("encode");
        let partial = encode("01J0000000000000000000RUN2", 7, 9, &op(2020)).expect("encode");
        let partial = &partial[..partial.len() / 2];
        let b = encode(RUN, 2, 2, &op(2017)).expect("encode");
        let c = encode(RUN, 3, 3, &op(2018)).expect("encode");
        for (text, n) in [(format!("{a}{partial}{b}{c}"), 3), (format!("{a}{partial}{b}"), 2)] {
            let replay = read(text.as_bytes()).expect("read");
            assert_eq!(replay.torn_tail, None);
            let seqs: Vec<LineName> = replay.records.iter().map(|e| e.name.clone()).collect();
            let expected: Vec<LineName> =
                (1..=n).map(|seq| LineName::Run { run: RUN.into(), seq }).collect();
            assert_eq!(seqs, expected);
        }
        // What a follower reads after the first line: the rest.
        let replay = read(format!("{partial}{b}").as_bytes()).expect("read");
        assert_eq!(replay.records.len(), 1);
        assert_eq!(replay.records[0].op, op(2017));
        // Garbage with no whole line after it is still damage.
        let err = read(format!("{a}{partial}x\n{c}").as_bytes()).expect_err("damaged");
        assert_eq!(err.line, 2);
    }

    #[test]
    fn damage_in_the_middle_names_the_line() {
        let a = encode(RUN, 1, 1, &op(2016)).expect("encode");
        let b = encode(RUN, 2, 2, &op(2017)).expect("encode").replace("2017", "2018");
        let c = encode(RUN, 3, 3, &op(2018)).expect("encode");
        let err = read(format!("{a}{b}{c}").as_bytes()).expect_err("damaged");
        assert_eq!(err.line, 2);
        assert!(err.reason.contains("checksum"));
    }

    #[test]
    fn a_line_of_an_earlier_version_is_still_read() {
        let payload = ron::to_string(&op(2016)).expect("ron");
        let line = format!("7 {} {payload}\n", checksum("7", &payload));
        let replay = read(line.as_bytes()).expect("read");
        assert_eq!(replay.records[0].name, LineName::Legacy);
        assert_eq!(replay.records[0].revision, 7);
    }

    #[test]
    fn a_folded_line_is_not_applied_again_whatever_the_revision() {
        use crate::domain::session::{DataRefs, Sheet};
        let mut session = Session::new(Sheet::default(), DataRefs::default());
        session.revision = 1_000; // raised by a merge elsewhere
        let entry =
            Entry { name: LineName::Run { run: RUN.into(), seq: 2 }, revision: 2, op: op(2016) };
        assert!(!entry.is_in(&session), "a low revision does not hide an unfolded line");
        assert!(entry.fold_into(&mut session));
        assert_eq!(session.folded.get(RUN), Some(&2));
        assert!(!entry.fold_into(&mut session), "applied once");
    }
}
