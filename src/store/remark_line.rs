//! One remark as its line in the session file, written by hand: byte for
//! byte what the RON writer gives for it alone at the depth the session
//! file puts it (`session_file::write_lines`), without that writer's cost.
//!
//! Why by hand: the RON writer escapes every character of every string
//! through `char::escape_debug`, whose check of the Unicode tables is slow
//! for every Japanese character: a quarter of a merge of two 100,000-remark
//! copies, most of a closing snapshot of such a session. Here a run of
//! characters known to come out of `escape_debug` as they went in (ASCII
//! but the quotes and the backslash, kana, kanji, CJK and full-width
//! punctuation: the tests check every one of them against the standard
//! library) is copied at once; every other character goes through
//! `escape_debug` as in the RON writer. The tests compare both writers on
//! hostile, full (earlier wordings, versions set aside) and random remarks.
//!
//! [`read`] is the way back for the lines it writes, for the same reason
//! (the RON reader takes a second for 100,000 remarks): anything else is
//! left to the RON reader.

use std::fmt::Write as _;

use super::record_lines::Cursor;
use crate::domain::session::{
    Change, Remark, RemarkKind, Revision, SetAside, Stamp, Target, Trail,
};

/// Appends `remark` as the RON writer writes it alone in the session
/// file's line format (`session_file::line_config`); no indentation, no
/// comma.
pub fn write(remark: &Remark, into: &mut String) {
    // Every field named, so that a field added to a remark cannot be left
    // out of the file unnoticed (it does not compile until written here).
    let Remark { id, at, speaker, kind: said_as, target: about, text, internal, trail: _ } = remark;
    let Trail { prepared_by, deleted, history, set_aside, resolved } = remark.trail();
    into.push_str("(id: ");
    string(id, into);
    into.push_str(", at: ");
    stamp(at, into);
    said(speaker.as_deref(), *said_as, about, text, *internal, into);
    if let Some(who) = prepared_by {
        into.push_str(", prepared_by: Some(");
        string(who, into);
        into.push(')');
    }
    if let Some(at) = deleted {
        into.push_str(", deleted: Some(");
        stamp(at, into);
        into.push(')');
    }
    list("history", history, revision, into);
    list("set_aside", set_aside, version_set_aside, into);
    if let Some(at) = resolved {
        into.push_str(", resolved: Some(");
        stamp(at, into);
        into.push(')');
    }
    into.push(')');
}

/// `, speaker: …, kind: …, target: …, text: …, internal: …`: what was
/// said, by whom, about what; a remark, an earlier wording and a version
/// set aside all hold it, in this order.
fn said(
    speaker: Option<&str>,
    said_as: RemarkKind,
    about: &Target,
    text: &str,
    internal: bool,
    into: &mut String,
) {
    into.push_str(", speaker: ");
    optional(speaker, into);
    into.push_str(", kind: ");
    into.push_str(kind(said_as));
    into.push_str(", target: ");
    target(about, into);
    into.push_str(", text: ");
    string(text, into);
    into.push_str(if internal { ", internal: true" } else { ", internal: false" });
}

/// `, name: [a, b]` when there are any (RON leaves an empty list out: the
/// fields are skipped when empty).
fn list<T>(name: &str, items: &[T], one: fn(&T, &mut String), into: &mut String) {
    if items.is_empty() {
        return;
    }
    into.push_str(", ");
    into.push_str(name);
    into.push_str(": [");
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            into.push_str(", ");
        }
        one(item, into);
    }
    into.push(']');
}

/// An earlier wording, every field named (as in [`write`]).
fn revision(earlier: &Revision, into: &mut String) {
    let Revision { changed_at, change, speaker, kind: said_as, target: about, text, internal } =
        earlier;
    into.push_str("(changed_at: ");
    stamp(changed_at, into);
    into.push_str(", change: ");
    into.push_str(match change {
        Change::Edited => "Edited",
        Change::Deleted => "Deleted",
        Change::Restored => "Restored",
    });
    said(speaker.as_deref(), *said_as, about, text, *internal, into);
    into.push(')');
}

/// A version set aside by a merge, every field named (as in [`write`]).
fn version_set_aside(version: &SetAside, into: &mut String) {
    let SetAside { since, until, speaker, kind: said_as, target: about, text, internal, deleted } =
        version;
    into.push_str("(since: ");
    stamp(since, into);
    into.push_str(", until: ");
    match until {
        Some(at) => {
            into.push_str("Some(");
            stamp(at, into);
            into.push(')');
        }
        None => into.push_str("None"),
    }
    said(speaker.as_deref(), *said_as, about, text, *internal, into);
    into.push_str(if *deleted { ", deleted: true)" } else { ", deleted: false)" });
}

fn kind(kind: RemarkKind) -> &'static str {
    match kind {
        RemarkKind::Opinion => "Opinion",
        RemarkKind::Question => "Question",
        RemarkKind::Answer => "Answer",
        RemarkKind::Decision => "Decision",
        RemarkKind::Action => "Action",
    }
}

fn target(target: &Target, into: &mut String) {
    match target {
        Target::Meeting => into.push_str("Meeting"),
        Target::Item { kpi, fiscal_year } => {
            into.push_str("Item(kpi: ");
            string(kpi, into);
            let _ = write!(into, ", fiscal_year: {})", fiscal_year.0);
        }
        Target::Company { company } => {
            into.push_str("Company(company: ");
            string(company, into);
            into.push(')');
        }
        Target::Agenda { id } => {
            into.push_str("Agenda(id: ");
            string(id, into);
            into.push(')');
        }
    }
}

fn optional(value: Option<&str>, into: &mut String) {
    match value {
        Some(s) => {
            into.push_str("Some(");
            string(s, into);
            into.push(')');
        }
        None => into.push_str("None"),
    }
}

/// A time as chrono writes it for serde: RFC 3339, the fraction of a
/// second only when there is one, `Z` for UTC.
fn stamp(at: &Stamp, into: &mut String) {
    into.push('"');
    into.push_str(&at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    into.push('"');
}

/// A string in quotes, escaped as the RON writer escapes it.
fn string(s: &str, into: &mut String) {
    into.push('"');
    let mut plain_from = 0;
    for (at, c) in s.char_indices() {
        if comes_out_as_is(c) {
            continue;
        }
        into.push_str(&s[plain_from..at]);
        into.extend(c.escape_debug());
        plain_from = at + c.len_utf8();
    }
    into.push_str(&s[plain_from..]);
    into.push('"');
}

/// Characters that `char::escape_debug` gives back unchanged, as the tests
/// check for every one of them: printable ASCII but `"`, `'` and `\`; and
/// the blocks Japanese text is written in, without their combining marks
/// (U+302A–302F, U+3099–309A) and without the ideographic space U+3000,
/// which it escapes.
const AS_IS: [(char, char); 15] = [
    ('\u{2010}', '\u{2027}'),
    ('\u{2030}', '\u{205E}'),
    ('\u{2190}', '\u{21FF}'),
    ('\u{2460}', '\u{24FF}'),
    ('\u{25A0}', '\u{25FF}'),
    ('\u{3001}', '\u{3029}'),
    ('\u{3030}', '\u{303F}'),
    ('\u{3041}', '\u{3096}'),
    ('\u{309B}', '\u{30FF}'),
    ('\u{3220}', '\u{33FF}'),
    ('\u{3400}', '\u{4DBF}'),
    ('\u{4E00}', '\u{9FFF}'),
    ('\u{F900}', '\u{FA6D}'),
    ('\u{FF01}', '\u{FF9D}'),
    ('\u{FFE0}', '\u{FFE6}'),
];

fn comes_out_as_is(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c) && !matches!(c, '"' | '\'' | '\\');
    }
    AS_IS.iter().any(|&(from, to)| (from..=to).contains(&c))
}

/// Reads a line as [`write`] writes it for a remark without earlier
/// wordings or versions set aside, and no escape in any of its strings: the remark, or
/// `None` for anything else (the RON reader then reads the line). What it
/// takes, RON reads the same (the tests compare both on written, damaged
/// and random lines): it takes exactly the text `write` gives, and strings
/// without a backslash, which RON reads as written.
#[must_use]
pub fn read(line: &str) -> Option<Remark> {
    let mut c = Cursor::new(line);
    c.eat("(id: ")?;
    let id = c.string()?.to_string();
    c.eat(", at: ")?;
    let at = read_stamp(&mut c)?;
    c.eat(", speaker: ")?;
    let speaker = if c.eat("None").is_some() { None } else { Some(c.some_string()?.into()) };
    c.eat(", kind: ")?;
    let kind = read_kind(&mut c)?;
    c.eat(", target: ")?;
    let target = read_target(&mut c)?;
    c.eat(", text: ")?;
    let text = c.string()?.to_string();
    let internal = if c.eat(", internal: true").is_some() {
        true
    } else {
        c.eat(", internal: false")?;
        false
    };
    let mut remark = Remark::new(id, at, kind, target, text);
    remark.speaker = speaker;
    remark.internal = internal;
    if c.eat(", prepared_by: ").is_some() {
        remark.trail_mut().prepared_by = Some(c.some_string()?.to_string());
    }
    if c.eat(", deleted: Some(").is_some() {
        remark.trail_mut().deleted = Some(read_stamp(&mut c)?);
        c.eat(")")?;
    }
    if c.eat(", resolved: Some(").is_some() {
        remark.trail_mut().resolved = Some(read_stamp(&mut c)?);
        c.eat(")")?;
    }
    c.eat(")")?;
    c.is_done().then_some(remark)
}

/// A time exactly as [`stamp`] writes it (any other form: `None`).
fn read_stamp(c: &mut Cursor<'_>) -> Option<Stamp> {
    let s = c.string()?;
    let at = chrono::DateTime::parse_from_rfc3339(s).ok()?;
    (at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true) == s).then_some(at)
}

fn read_kind(c: &mut Cursor<'_>) -> Option<RemarkKind> {
    RemarkKind::ALL.into_iter().find(|k| c.eat(kind(*k)).is_some())
}

fn read_target(c: &mut Cursor<'_>) -> Option<Target> {
    if c.eat("Meeting").is_some() {
        return Some(Target::Meeting);
    }
    if c.eat("Item(kpi: ").is_some() {
        let kpi = c.string()?.into();
        c.eat(", fiscal_year: ")?;
        let year = i32::try_from(c.integer()?).ok()?;
        c.eat(")")?;
        return Some(Target::Item { kpi, fiscal_year: crate::domain::fiscal::FiscalYear(year) });
    }
    if c.eat("Company(company: ").is_some() {
        let company = c.string()?.into();
        c.eat(")")?;
        return Some(Target::Company { company });
    }
    c.eat("Agenda(id: ")?;
    let id = c.string()?.into();
    c.eat(")")?;
    Some(Target::Agenda { id })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fiscal::FiscalYear;
    use proptest::prelude::*;

    fn pretty() -> ron::ser::PrettyConfig {
        crate::store::session_file::line_config()
    }

    fn by_ron(remark: &Remark) -> String {
        ron::ser::to_string_pretty(remark, pretty()).expect("ron")
    }

    fn by_hand(remark: &Remark) -> String {
        let mut line = String::new();
        write(remark, &mut line);
        line
    }

    fn at(s: &str) -> Stamp {
        chrono::DateTime::parse_from_rfc3339(s).expect("time")
    }

    /// The line read back by hand (when it has no escape) and by RON: the
    /// remark itself either way.
    fn read_back(r: &Remark) {
        let line = by_hand(r);
        let by_ron: Remark = ron::from_str(&line).expect("RON reads the line");
        match read(&line) {
            Some(back) => assert_eq!(back, by_ron),
            None => assert!(line.contains('\\'), "left to RON without an escape: {line}"),
        }
    }

    #[test]
    fn every_character_taken_as_is_is_what_escape_debug_gives_back() {
        let ascii = (' '..='~').filter(|c| !matches!(c, '"' | '\'' | '\\'));
        let blocks = AS_IS.iter().flat_map(|&(from, to)| from..=to);
        for c in ascii.chain(blocks) {
            assert!(comes_out_as_is(c));
            assert_eq!(c.escape_debug().to_string(), c.to_string(), "U+{:04X}", u32::from(c));
        }
        // And some that are escaped: the ideographic space, combining
        // sound marks, controls, quotes.
        for c in ['\u{3000}', '\u{3099}', '\u{302A}', '\u{FF9E}', '\n', '\u{7F}', '"', '\'', '\\'] {
            assert!(!comes_out_as_is(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn hostile_and_full_remarks_are_written_as_ron_writes_them() {
        let texts = [
            "首都圏企業の割合が高い。",
            "",
            "quote \" backslash \\ apostrophe ' tab \t newline \n cr \r nul \0",
            "全角　スペース（U+3000）とｶﾞ半角ﾟ、か\u{3099}結合",
            "绝对 😀 emoji \u{200B}zero-width \u{202E}rtl override \u{FEFF}",
            "\u{7F}\u{80}\u{9F}\u{A0}\u{AD}",
            "〜～―‐・「」『』【】〔〕※①②③→←↑↓■□◆◇○●",
            "r#\"raw\"# and /* comment */ // line",
        ];
        let targets = [
            Target::Meeting,
            Target::Item { kpi: "新規移動人数".into(), fiscal_year: FiscalYear(2018) },
            Target::Item { kpi: "\"\n".into(), fiscal_year: FiscalYear(-1) },
            Target::Company { company: "c007171".into() },
            Target::Agenda { id: "a\u{3000}1".into() },
        ];
        for (n, text) in texts.iter().enumerate() {
            for (m, target) in targets.iter().enumerate() {
                let mut r = Remark::new(
                    format!("01DB9SRP40000B71Q8299N8G{n}{m}"),
                    at("2019-05-20T14:00:00+09:00"),
                    RemarkKind::ALL[(n + m) % 5],
                    target.clone(),
                    (*text).to_string(),
                );
                r.speaker = (m % 2 == 0).then(|| compact_str::format_compact!("a{n}\"{text}"));
                r.internal = n % 2 == 1;
                assert_eq!(by_hand(&r), by_ron(&r));
                read_back(&r);
                r.trail_mut().prepared_by = Some((*text).to_string());
                r.trail_mut().deleted = Some(at("2019-05-20T14:05:00.123+09:00"));
                r.trail_mut().resolved = Some(at("2020-01-01T00:00:00.000000001-03:30"));
                r.at = at("2019-05-20T05:00:00Z");
                assert_eq!(by_hand(&r), by_ron(&r));
                // An offset with seconds is written rounded to the minute.
                let odd = chrono::FixedOffset::west_opt(7321).expect("offset");
                r.at = at("2019-05-20T05:00:00Z").with_timezone(&odd);
                assert_eq!(by_hand(&r), by_ron(&r));
                read_back(&r);
                r.trail_mut().history.push(Revision {
                    changed_at: at("2019-05-20T14:01:00+09:00"),
                    change: Change::Edited,
                    speaker: None,
                    kind: RemarkKind::Opinion,
                    target: Target::Meeting,
                    text: (*text).to_string(),
                    internal: false,
                });
                assert_eq!(by_hand(&r), by_ron(&r), "with a history");
                r.trail_mut().history.push(Revision {
                    changed_at: at("2019-05-20T14:01:30.25+09:00"),
                    change: Change::Deleted,
                    speaker: Some((*text).into()),
                    kind: RemarkKind::Decision,
                    target: targets[(m + 1) % targets.len()].clone(),
                    text: String::new(),
                    internal: true,
                });
                let pushed = Revision {
                    changed_at: at("2019-05-20T14:01:40Z"),
                    change: Change::Restored,
                    ..r.trail().history[0].clone()
                };
                r.trail_mut().history.push(pushed);
                assert_eq!(by_hand(&r), by_ron(&r), "with three earlier wordings");
                read_back(&r);
                let with_history = r.clone();
                r.trail_mut().history.clear();
                r.trail_mut().set_aside.push(SetAside {
                    since: at("2019-05-20T14:02:00+09:00"),
                    until: None,
                    speaker: Some("a1".into()),
                    kind: RemarkKind::Answer,
                    target: Target::Meeting,
                    text: (*text).to_string(),
                    internal: true,
                    deleted: false,
                });
                assert_eq!(by_hand(&r), by_ron(&r), "set aside");
                let pushed = SetAside {
                    until: Some(at("2019-05-20T14:03:00.001+09:00")),
                    deleted: true,
                    target: targets[(n + m) % targets.len()].clone(),
                    ..r.trail().set_aside[0].clone()
                };
                r.trail_mut().set_aside.push(pushed);
                r.trail_mut().history = with_history.trail().history.clone();
                assert_eq!(by_hand(&r), by_ron(&r), "both, and more than one of each");
                read_back(&r);
            }
        }
    }

    proptest! {
        #[test]
        fn any_remark_is_written_as_ron_writes_it(
            id in "[0-9A-Z]{0,26}|.{0,30}",
            speaker in proptest::option::of("[a-z0-9]{0,3}|.{0,8}"),
            text in "(.|[ぁ-んァ-ヶ一-龥　、。「」ｦ-ﾟ\u{3099}\u{302A}])*",
            kpi in "[ぁ-ん一-龥a-z]{0,8}|.{0,12}",
            year in -3000i32..3000,
            which in 0usize..4,
            internal in any::<bool>(),
            prepared in proptest::option::of("[a-z0-9]{0,3}|.{0,8}"),
            seconds in 0i64..4_000_000_000,
            nanos in 0u32..1_000_000_000,
            // Whole minutes, as RFC 3339 writes them (an offset with seconds
            // is rounded to the minute by both writers: the fixed case above).
            offset_minutes in -1_439i32..1_440,
        ) {
            let target = match which {
                0 => Target::Meeting,
                1 => Target::Item { kpi: kpi.as_str().into(), fiscal_year: FiscalYear(year) },
                2 => Target::Company { company: kpi.as_str().into() },
                _ => Target::Agenda { id: kpi.as_str().into() },
            };
            let zone = chrono::FixedOffset::east_opt(offset_minutes * 60).expect("offset");
            let when = chrono::DateTime::from_timestamp(seconds, nanos).expect("time").with_timezone(&zone);
            let mut r = Remark::new(id, when, RemarkKind::ALL[which], target, text);
            r.speaker = speaker.map(Into::into);
            r.internal = internal;
            r.trail_mut().prepared_by = prepared;
            r.trail_mut().deleted = internal.then_some(when);
            let line = by_hand(&r);
            prop_assert_eq!(&line, &by_ron(&r));
            // Read back: by hand when it has no escape, and always as RON
            // reads it, which is the remark.
            let by_ron: Remark = ron::from_str(&line).expect("RON reads the line");
            prop_assert_eq!(&by_ron, &r);
            let by_reader = read(&line);
            prop_assert_eq!(by_reader.is_some(), !line.contains('\\'));
            if let Some(back) = by_reader {
                prop_assert_eq!(back, by_ron);
            }
        }

        #[test]
        fn a_damaged_line_is_read_as_ron_reads_it_or_left_to_ron(
            text in "[ぁ-んa-z\"\\(),: ]{0,12}",
            cut in 0usize..400,
            insert in "[\"\\(),:a-zA-Z0-9 +\\-_.]{0,3}",
            which in 0usize..4,
        ) {
            let target = match which {
                0 => Target::Meeting,
                1 => Target::Item { kpi: text.as_str().into(), fiscal_year: FiscalYear(2018) },
                2 => Target::Company { company: text.as_str().into() },
                _ => Target::Agenda { id: text.as_str().into() },
            };
            let mut r = Remark::new("01DB9SRP40".into(), at("2019-05-20T14:00:00+09:00"),
                RemarkKind::ALL[which], target, text.clone());
            r.speaker = Some("a1".into());
            r.trail_mut().resolved = (which == 2).then(|| at("2019-05-20T14:00:00.5+09:00"));
            let line = by_hand(&r);
            // Something inserted (or a piece cut) anywhere in the line.
            let mut at_char = cut % (line.chars().count() + 1);
            let mut damaged: String = line.chars().take(at_char).collect();
            damaged.push_str(&insert);
            if insert.is_empty() { at_char += 1; }
            damaged.extend(line.chars().skip(at_char));
            let options = ron::Options::default();
            let by_ron: Result<Remark, _> = options.from_str(&damaged);
            if let Some(back) = read(&damaged) {
                prop_assert_eq!(Some(back), by_ron.ok(), "{}", damaged);
            }
        }
    }
}
