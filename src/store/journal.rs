//! The session journal: one framed, checksummed change per line, appended
//! and synced before a remark is shown as saved. It makes a save cost one
//! small write whatever the size of the session (see `session_store`).
//!
//! A line is `<revision> <checksum> <change as one-line RON>`; the checksum
//! is the first 16 hex digits of the SHA-256 of `<revision> <RON>`. A torn
//! last line (a crash mid-write) is dropped and reported; damage anywhere
//! else stops the load with the line number.

use sha2::{Digest, Sha256};

use crate::domain::session::Op;

fn checksum(revision: u64, payload: &str) -> String {
    let mut h = Sha256::new();
    h.update(revision.to_string().as_bytes());
    h.update(b" ");
    h.update(payload.as_bytes());
    super::hex(&h.finalize()[..8])
}

/// One journal line, with its newline.
pub fn encode(revision: u64, op: &Op) -> Result<String, ron::Error> {
    let payload = ron::to_string(op)?;
    Ok(format!("{revision} {} {payload}\n", checksum(revision, &payload)))
}

#[derive(Debug, PartialEq)]
pub struct Replay {
    pub records: Vec<(u64, Op)>,
    /// The last line was incomplete or damaged and was dropped (its line number).
    pub torn_tail: Option<usize>,
}

/// Damage in the middle of a journal: the line, and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct Damage {
    pub line: usize,
    pub reason: String,
}

fn decode(line: &str) -> Result<(u64, Op), String> {
    let mut parts = line.splitn(3, ' ');
    let (Some(rev), Some(sum), Some(payload)) = (parts.next(), parts.next(), parts.next()) else {
        return Err("expected `<revision> <checksum> <change>`".into());
    };
    let revision: u64 =
        rev.parse().map_err(|_| format!("expected a revision number, found {rev:?}"))?;
    if checksum(revision, payload) != sum {
        return Err("the checksum does not match (the line is damaged)".into());
    }
    let op = ron::Options::default()
        .with_recursion_limit(super::ron_file::RECURSION_LIMIT)
        .from_str(payload)
        .map_err(|e| format!("the change cannot be read: {}", e.code))?;
    Ok((revision, op))
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
                return Err(Damage { line: number, reason: "the line is not valid UTF-8".into() });
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match decode(line) {
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

    fn op(n: i32) -> Op {
        Op::SetPosition(Some(Position {
            kpi: "改行\nと\"引用\"".into(),
            fiscal_year: FiscalYear(n),
            item_open: true,
            companies: None,
            company: None,
        }))
    }

    #[test]
    fn round_trip_keeps_every_record_on_one_line() {
        let text: String = (1..=3)
            .map(|n| encode(n, &op(2016 + i32::try_from(n).unwrap_or(0))).expect("encode"))
            .collect();
        assert_eq!(text.lines().count(), 3);
        let replay = read(text.as_bytes()).expect("read");
        assert_eq!(replay.torn_tail, None);
        assert_eq!(replay.records.len(), 3);
        assert_eq!(replay.records[2], (3, op(2019)));
    }

    #[test]
    fn a_torn_last_line_is_dropped_and_reported() {
        let mut text = encode(1, &op(2016)).expect("encode");
        let second = encode(2, &op(2017)).expect("encode");
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

    #[test]
    fn damage_in_the_middle_names_the_line() {
        let a = encode(1, &op(2016)).expect("encode");
        let b = encode(2, &op(2017)).expect("encode").replace("2017", "2018");
        let c = encode(3, &op(2018)).expect("encode");
        let err = read(format!("{a}{b}{c}").as_bytes()).expect_err("damaged");
        assert_eq!(err.line, 2);
        assert!(err.reason.contains("checksum"));
    }
}
