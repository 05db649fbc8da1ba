//! No file can make the program write elsewhere: a symbolic link at the
//! lock, journal, draft, backup, session or export path is refused with a
//! clear message, and not one byte reaches the file it points to. New
//! files get an ordinary user file's permissions, the journal and the
//! draft (which may hold 非公開 text) their owner's only.

#![cfg(unix)]

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use chrono::DateTime;
use kpi_council::domain::session::{
    DataRefs, Draft, Op, Remark, RemarkKind, Session, Sheet, Target,
};
use kpi_council::store::disk::RealDisk;
use kpi_council::store::session_store::SessionStore;

use crate::common::Screen;

const OUTSIDE: &str = "外のファイル: must stay as it is\n";

fn create() -> Session {
    Session::new(Sheet::default(), DataRefs::default())
}

fn open(path: &Path) -> Result<(SessionStore, Session), String> {
    SessionStore::open(path, create, Box::new(RealDisk::default()), "test")
        .map(|(store, session, _)| (store, session))
        .map_err(|e| e.to_string())
}

fn remark(id: &str) -> Op {
    let at = DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    Op::AddRemark(Remark::new(
        id.into(),
        at,
        RemarkKind::Opinion,
        Target::Meeting,
        "非公開の話".into(),
    ))
}

/// A folder with `s.ron` (a saved session) and `outside.txt` elsewhere.
fn setup() -> (tempfile::TempDir, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    std::fs::write(elsewhere.path().join("outside.txt"), OUTSIDE).expect("outside");
    let (mut store, session) = open(&dir.path().join("s.ron")).expect("open");
    store.snapshot(&session).expect("snapshot");
    drop(store);
    (dir, elsewhere)
}

fn untouched(elsewhere: &Path) {
    let text = std::fs::read_to_string(elsewhere.join("outside.txt")).expect("outside");
    assert_eq!(text, OUTSIDE, "not one byte written through the link");
}

#[test]
fn a_link_at_any_of_the_session_files_is_refused_at_open() {
    for suffix in ["", ".lock", ".journal", ".draft", ".bak"] {
        let (dir, elsewhere) = setup();
        let path = dir.path().join(format!("s.ron{suffix}"));
        let _ = std::fs::remove_file(&path);
        symlink(elsewhere.path().join("outside.txt"), &path).expect("symlink");
        let Err(message) = open(&dir.path().join("s.ron")) else {
            panic!("s.ron{suffix}: a link there must be refused");
        };
        assert!(message.contains("symbolic link"), "s.ron{suffix}: {message}");
        assert!(message.contains(&format!("s.ron{suffix}")), "names the file: {message}");
        untouched(elsewhere.path());
    }
}

#[test]
fn links_made_while_the_meeting_runs_are_not_written_through() {
    let (dir, elsewhere) = setup();
    let path = dir.path().join("s.ron");
    let (mut store, mut session) = open(&path).expect("open");
    let outside = elsewhere.path().join("outside.txt");
    // The journal, the draft and the session file itself become links.
    for name in ["s.ron.journal", "s.ron.draft"] {
        let _ = std::fs::remove_file(dir.path().join(name));
        symlink(&outside, dir.path().join(name)).expect("symlink");
    }
    let op = remark("01LINKED");
    session.apply(&op).expect("apply");
    let err = store.record(&session, session.revision, &op).expect_err("journal through a link");
    assert!(err.to_string().contains("symbolic link"), "{err}");
    let draft = Draft {
        editing: None,
        speaker: None,
        kind: RemarkKind::Opinion,
        target: Target::Meeting,
        text: "打ちかけ".into(),
        internal: true,
        saved_at: DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time"),
    };
    assert!(store.save_draft(&draft).is_err(), "the draft is not written through a link");
    std::fs::remove_file(&path).expect("rm");
    symlink(&outside, &path).expect("symlink");
    assert!(store.snapshot(&session).is_err(), "the session is not written through a link");
    untouched(elsewhere.path());
    assert!(std::fs::symlink_metadata(&path).expect("meta").file_type().is_symlink());
}

#[test]
fn new_files_get_ordinary_permissions_and_private_text_its_owner_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.ron");
    let (mut store, mut session) = open(&path).expect("open");
    let op = remark("01PRIVATE");
    session.apply(&op).expect("apply");
    store.record(&session, session.revision, &op).expect("record");
    let draft = Draft {
        editing: None,
        speaker: None,
        kind: RemarkKind::Opinion,
        target: Target::Meeting,
        text: "打ちかけ".into(),
        internal: true,
        saved_at: DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time"),
    };
    store.save_draft(&draft).expect("draft");
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join(name)).expect(name).permissions().mode() & 0o777
    };
    for name in ["s.ron", "s.ron.lock"] {
        let m = mode(name);
        assert_eq!(m & 0o133, 0, "{name}: {m:o}: no one else writes it, nothing runs it");
        assert_eq!(m & 0o600, 0o600, "{name}: {m:o}");
    }
    for name in ["s.ron.journal", "s.ron.draft"] {
        assert_eq!(mode(name), 0o600, "{name}: its owner's only");
    }
}

#[test]
fn the_meeting_refuses_a_committed_lock_link_without_truncating_its_target() {
    let dir = tempfile::tempdir().expect("temp dir");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let outside = elsewhere.path().join("outside.txt");
    std::fs::write(&outside, OUTSIDE).expect("outside");
    symlink(&outside, dir.path().join("m.ron.lock")).expect("symlink");
    let mut s = Screen::start(&["--session", "m.ron"], 120, 30, dir.path());
    assert_eq!(s.wait_exit(), 2);
    let text = String::from_utf8_lossy(&s.raw.lock().expect("raw")).into_owned();
    assert!(text.contains("m.ron.lock") && text.contains("シンボリックリンク"), "{text}");
    untouched(elsewhere.path());
}

#[test]
fn an_export_to_a_link_is_refused_even_with_force() {
    let (dir, elsewhere) = setup();
    let out = dir.path().join("minutes.md");
    symlink(elsewhere.path().join("outside.txt"), &out).expect("symlink");
    let result = crate::common::kpi_council()
        .args(["export", "s.ron", "-o", "minutes.md", "--force"])
        .current_dir(dir.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&result.get_output().stderr).into_owned();
    assert!(stderr.contains("minutes.md") && stderr.contains("シンボリックリンク"), "{stderr}");
    untouched(elsewhere.path());
    assert!(std::fs::symlink_metadata(&out).expect("meta").file_type().is_symlink());
}
