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
        let before = r.snapshot(when, Change::Edited);
        r.trail_mut().history.push(before);
        r.text = format!("発言{n}の{e}回目の修正").into();
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

/// An import past the cells read is refused, naming the file, the row,
/// the limit and the variable that raises it, and writes nothing; raised,
/// the same file imports. (The limit lowered here: the default is two
/// million cells, 250,000 records of eight columns.)
#[test]
fn an_import_past_the_cell_limit_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut csv = String::from("指標,年度,企業名,区分,値\n");
    for i in 0..300 {
        csv.push_str(&format!("新規移動人数,2016,株式会社テスト{i},地元企業,1\n"));
    }
    std::fs::write(dir.path().join("big.csv"), csv).expect("write");
    let import = |cells: &str| {
        crate::common::kpi_council()
            .args(["import", "actuals", "big.csv", "-o", "actuals.ron"])
            .env("KPI_COUNCIL_MAX_CELLS", cells)
            .current_dir(dir.path())
            .output()
            .expect("runs")
    };
    let out = import("1000");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim_end(),
        "エラー: big.csv、201行目: ファイルが大きすぎて読めません（201 行目までで 1000 セルを超えます）。\
         表は 1000 セルまで読みます。上限は KPI_COUNCIL_MAX_CELLS で引き上げられます（例: KPI_COUNCIL_MAX_CELLS=2000）"
    );
    assert!(!dir.path().join("actuals.ron").exists(), "nothing written");
    let out = import("2000");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let actuals = std::fs::read_to_string(dir.path().join("actuals.ron")).expect("written");
    assert!(actuals.contains("株式会社テスト299"), "every row imported");
}

/// `kpi-council summary` on the embedded plan with these actuals and
/// environment: exit status and the error line.
fn summary(actuals: &std::path::Path, env: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut cmd = crate::common::kpi_council();
    cmd.args(["--lang", "en", "summary", "--actuals"]).arg(actuals);
    cmd.env("KPI_COUNCIL_CACHE", "off");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("runs");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Honest data larger than the old 64 MiB cap load: the size of a file is
/// no reason to refuse it below the ceiling.
#[test]
fn a_file_over_64_mib_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("actuals.ron");
    let mut text = kpi_council::store::embedded::ACTUALS_RON.to_string();
    // Blank lines at the end (as a careless export might leave): 65 MiB.
    text.push_str(&"\n".repeat(65 << 20));
    std::fs::write(&path, &text).expect("write");
    let (code, stderr) = summary(&path, &[]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_file_over_the_ceiling_is_refused_naming_the_limit_and_how_to_raise_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("actuals.ron");
    let mut text = kpi_council::store::embedded::ACTUALS_RON.to_string();
    text.push_str(&"\n".repeat(3 << 20));
    std::fs::write(&path, &text).expect("write");
    let (code, stderr) = summary(&path, &[("KPI_COUNCIL_MAX_FILE_MB", "2")]);
    assert_eq!(code, Some(2), "{stderr}");
    let line = stderr.trim();
    assert_eq!(line.lines().count(), 1, "{stderr}");
    assert!(line.contains("actuals.ron"), "{line}");
    assert!(line.contains("files over 2097152 bytes (2 MB) are refused"), "{line}");
    assert!(line.contains("KPI_COUNCIL_MAX_FILE_MB=4"), "{line}");
    // Raised as it says, the file loads.
    let (code, stderr) = summary(&path, &[("KPI_COUNCIL_MAX_FILE_MB", "4")]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_text_over_the_limit_is_refused_naming_its_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("actuals.ron");
    let long = "長い備考".repeat(200); // 2,400 bytes
    let text = kpi_council::store::embedded::ACTUALS_RON.replacen(
        "note: \"",
        &format!("note: \"{long}"),
        1,
    );
    assert_ne!(text, kpi_council::store::embedded::ACTUALS_RON, "a note to lengthen");
    std::fs::write(&path, &text).expect("write");
    let (code, stderr) = summary(&path, &[("KPI_COUNCIL_MAX_TEXT_KB", "2")]);
    assert_eq!(code, Some(2), "{stderr}");
    let line = stderr.trim();
    assert!(line.contains("actuals.ron") && line.contains("contributions[0]"), "{line}");
    assert!(line.contains("at most 2048 bytes"), "{line}");
    assert!(line.contains("KPI_COUNCIL_MAX_TEXT_KB=3"), "{line}");
    let (code, stderr) = summary(&path, &[("KPI_COUNCIL_MAX_TEXT_KB", "3")]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_list_over_the_limit_is_refused_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("actuals.ron");
    std::fs::write(&path, kpi_council::store::embedded::ACTUALS_RON).expect("write");
    let (code, stderr) = summary(&path, &[("KPI_COUNCIL_MAX_RECORDS", "40")]);
    assert_eq!(code, Some(2), "{stderr}");
    let line = stderr.trim();
    assert!(line.contains("contributions: the list holds 44 records"), "{line}");
    assert!(line.contains("KPI_COUNCIL_MAX_RECORDS=44"), "{line}");
}
