//! Any session survives being written and read back: the snapshot file and
//! the journal, with Japanese, emoji, quotes, backslashes and newlines.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use kpi_council::domain::fiscal::FiscalYear;
use kpi_council::domain::session::{
    Attendee, Change, DataRef, DataRefs, Judgment, JudgmentTarget, Op, Remark, RemarkKind,
    Revision, Role, Session, Sheet, Stamp, Target, Trail,
};
use kpi_council::store::journal;
use kpi_council::store::ron_file::Origin;
use kpi_council::store::session_file;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    // Japanese, emoji, quotes, backslashes, newlines, RON syntax and plain ASCII.
    let pieces = prop::sample::select(vec![
        "その50人の内訳は？",
        "北見",
        "🙂",
        "👨‍👩‍👧",
        "\"",
        "\\",
        "\n",
        "\r\n",
        "'",
        "r#\"",
        "\"#",
        "(",
        ")",
        "[",
        "]",
        ",",
        ":",
        "//",
        "/*",
        "#",
        "-",
        "|",
        " ",
        "\t",
        "ＡＢＣ",
        "ｶﾅ",
        "é",
        "\u{301}",
        "abc",
        "0",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

fn stamp() -> impl Strategy<Value = Stamp> {
    (0i64..400_000_000, prop::sample::select(vec![9 * 3600, 0, -5 * 3600])).prop_map(
        |(secs, off)| {
            let offset = FixedOffset::east_opt(off).expect("offset");
            offset.timestamp_opt(1_500_000_000 + secs, 0).single().expect("time")
        },
    )
}

fn kind() -> impl Strategy<Value = RemarkKind> {
    prop::sample::select(RemarkKind::ALL.to_vec())
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        Just(Target::Meeting),
        (text(), 2016i32..2030)
            .prop_map(|(kpi, y)| Target::Item { kpi: kpi.into(), fiscal_year: FiscalYear(y) }),
        text().prop_map(|company| Target::Company { company: company.into() }),
    ]
}

fn revision() -> impl Strategy<Value = Revision> {
    (
        stamp(),
        prop::sample::select(vec![Change::Edited, Change::Deleted, Change::Restored]),
        kind(),
        target(),
        text(),
        any::<bool>(),
    )
        .prop_map(|(changed_at, change, kind, target, text, internal)| Revision {
            changed_at,
            change,
            speaker: Some("a1".into()),
            kind,
            target,
            text,
            internal,
        })
}

fn remark() -> impl Strategy<Value = Remark> {
    (
        "[0-9A-Z]{26}",
        stamp(),
        prop::option::of(Just("a1".to_string())),
        kind(),
        target(),
        text(),
        any::<bool>(),
        prop::option::of(text()),
        prop::option::of(stamp()),
        prop::collection::vec(revision(), 0..3),
    )
        .prop_map(
            |(id, at, speaker, kind, target, text, internal, prepared_by, deleted, history)| {
                Remark {
                    id: id.into(),
                    at,
                    speaker: speaker.map(Into::into),
                    kind,
                    target,
                    text: text.into(),
                    internal,
                    trail: None,
                }
                .with_trail(Trail {
                    prepared_by,
                    deleted,
                    history,
                    ..Trail::default()
                })
            },
        )
}

fn session() -> impl Strategy<Value = Session> {
    (text(), text(), prop::collection::vec(remark(), 0..8), text(), stamp()).prop_map(
        |(title, place, remarks, reason, at)| {
            let mut remarks = remarks;
            remarks.sort_by(|a, b| a.id.cmp(&b.id));
            remarks.dedup_by(|a, b| a.id == b.id);
            let sheet = Sheet {
                title,
                date: NaiveDate::from_ymd_opt(2019, 5, 20),
                start: NaiveTime::from_hms_opt(14, 0, 0),
                end: None,
                place,
                attendees: vec![Attendee {
                    id: "a1".into(),
                    name: "山田 \"太郎\" \\".into(),
                    affiliation: "北見\n商工会議所".into(),
                    role: Role::Chair,
                    absent: true,
                    signer: true,
                }],
                materials: vec!["資料1 \"実績\"\n一覧".into(), "資料2".into()],
                next_meeting: "令和2年5月頃（日程は別途調整）".into(),
            };
            let mut s = Session::new(
                sheet,
                DataRefs {
                    plan: DataRef { path: "<embedded plan>".into(), sha256: "ab".repeat(32) },
                    actuals: DataRef::default(),
                },
            );
            s.remarks = remarks;
            s.judgments = vec![Judgment {
                target: JudgmentTarget::Plan,
                effect: "地方創生に効果があった".into(),
                policy: "継続".into(),
                reason,
                at,
                internal: true,
                withdrawn: None,
                history: Vec::new(),
            }];
            s.revision = 42;
            s
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_session_file_round_trips(s in session()) {
        let text = session_file::to_text(&s).expect("serialize");
        let back = session_file::parse(&Origin::Embedded("test"), &text).expect("parse back");
        let mut expected = s.clone();
        expected.normalize();
        prop_assert_eq!(back, expected);
        // Written twice, the same bytes: a stable order diffs cleanly.
        let again = session_file::to_text(&s).expect("serialize");
        prop_assert_eq!(text, again);
    }

    #[test]
    fn journal_lines_round_trip(r in remark(), n in 1u64..1_000_000) {
        let op = Op::AddRemark(r);
        let run = ulid::Ulid::new().to_string();
        let line = journal::encode(&run, n, n + 1, &op).expect("encode");
        prop_assert_eq!(line.matches('\n').count(), 1, "one line per record");
        let replay = journal::read(line.as_bytes()).expect("read");
        let name = journal::LineName::Run { run, seq: n };
        prop_assert_eq!(replay.records, vec![journal::Entry { name, revision: n + 1, op }]);
    }
}

#[test]
fn times_keep_their_offset() {
    let at: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2019-05-20T14:12:03+09:00").expect("time");
    let mut s = Session::new(Sheet::default(), DataRefs::default());
    s.apply(&Op::AddRemark(Remark {
        id: "01".into(),
        at,
        speaker: None,
        kind: RemarkKind::Question,
        target: Target::Meeting,
        text: "質問".into(),
        internal: false,
        trail: None,
    }))
    .expect("add");
    let text = session_file::to_text(&s).expect("serialize");
    assert!(text.contains("2019-05-20T14:12:03+09:00"), "{text}");
}
