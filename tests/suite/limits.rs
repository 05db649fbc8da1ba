//! What the program writes, it reads back: a session's file grows with
//! what it holds (not with how deeply it is nested), and an import past
//! the read limits is refused before anything is written.

use chrono::DateTime;
use kpi_council::domain::session::{
    Change, DataRefs, Op, Remark, RemarkKind, Session, Sheet, Target,
};
use kpi_council::store::session_file;

fn remark_with_history(n: usize, edits: usize) -> Remark {
    let at = DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time")
        + chrono::Duration::seconds(i64::try_from(n).expect("small"));
    let mut r = Remark::new(
        format!("01SIZE{n:020}"),
        at,
        RemarkKind::Opinion,
        Target::Meeting,
        format!("発言{n}"),
    );
    for e in 0..edits {
        let when = at + chrono::Duration::seconds(i64::try_from(e + 1).expect("small"));
        r.history.push(r.snapshot(when, Change::Edited));
        r.text = format!("発言{n}の{e}回目の修正");
    }
    r
}

#[test]
fn a_sessions_file_grows_with_its_content_not_its_nesting() {
    let mut session = Session::new(Sheet::default(), DataRefs::default());
    for n in 0..300 {
        session.apply(&Op::AddRemark(remark_with_history(n, 6))).expect("add");
    }
    let text = session_file::to_text(&session).expect("ron");
    let compact = ron::to_string(&session).expect("ron").len();
    // Line breaks and a little indentation per record, not per field.
    assert!(
        text.len() * 100 < compact * 115,
        "the file is {} bytes for {compact} bytes of content",
        text.len()
    );
    // One more remark, and the file grows by about that remark's size.
    let one = remark_with_history(300, 6);
    let one_size = ron::to_string(&one).expect("ron").len();
    session.apply(&Op::AddRemark(one)).expect("add");
    let grown = session_file::to_text(&session).expect("ron").len() - text.len();
    assert!(
        grown * 100 < one_size * 115 + 2_000,
        "one remark of {one_size} bytes grew the file by {grown}"
    );
    // And it reads back as it was.
    let back = session_file::parse(
        &kpi_council::store::ron_file::Origin::Embedded("test"),
        &session_file::to_text(&session).expect("ron"),
    )
    .expect("reads back");
    let mut expected = session.clone();
    expected.normalize();
    assert_eq!(back, expected);
}

#[test]
fn an_import_past_the_cell_limit_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let limit = kpi_council::store::limits::MAX_CELLS;
    let row = vec!["1"; 100].join(",");
    let rows = limit / 100 + 1;
    let mut csv = String::with_capacity((row.len() + 1) * rows);
    for _ in 0..rows {
        csv.push_str(&row);
        csv.push('\n');
    }
    std::fs::write(dir.path().join("big.csv"), csv).expect("write");
    let out = assert_cmd::Command::cargo_bin("kpi-council")
        .expect("bin")
        .args(["import", "actuals", "big.csv", "-o", "actuals.ron"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("big.csv") && stderr.contains(&limit.to_string()), "{stderr}");
    assert!(!dir.path().join("actuals.ron").exists(), "nothing written");
}
