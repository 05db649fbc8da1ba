//! Sessions shared through git: two branches add remarks to one session,
//! `git merge` with the program's driver succeeds, and the result holds
//! both sets exactly once. Also `kpi-council merge` of members' copies.

use predicates::prelude::PredicateBooleanExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::Command as Bin;
use chrono::{DateTime, Duration};
use kpi_council::domain::session::{
    Attendee, DataRefs, Op, Remark, RemarkKind, Role, Session, Sheet, Stamp, Target,
};
use kpi_council::store::session_file;

fn t(minutes: i64) -> Stamp {
    DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time")
        + Duration::minutes(minutes)
}

fn remark(id: &str, minute: i64, text: &str) -> Op {
    Op::AddRemark(Remark::new(
        id.into(),
        t(minute),
        RemarkKind::Question,
        Target::Meeting,
        text.into(),
    ))
}

fn base_session() -> Session {
    let sheet = Sheet {
        title: "令和元年度 第1回".into(),
        attendees: vec![Attendee {
            id: "a1".into(),
            name: "佐藤 花子".into(),
            affiliation: String::new(),
            role: Role::Member,
            absent: false,
            signer: false,
        }],
        ..Sheet::default()
    };
    let mut s = Session::new(sheet, DataRefs::default());
    s.apply(&remark("01BASE", 0, "事前に共有された論点")).expect("base");
    s
}

fn write(path: &Path, s: &Session) {
    std::fs::write(path, session_file::to_text(s).expect("ron")).expect("write");
}

fn read(path: &Path) -> Session {
    session_file::load(path).expect("session")
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    // The merge driver git starts is the program: its own files in the
    // tests' folder.
    crate::common::isolated(&mut Command::new("git"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("git runs")
}

/// A git repository on branch main, with a name to commit under.
fn init(repo: &Path) {
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["config", "user.email", "test@example.invalid"],
        &["config", "user.name", "test"],
    ] {
        assert!(git(repo, args).status.success());
    }
}

/// `sessions/meeting.ron` committed, then a branch `member` adding the
/// remarks `member` (id, minute, text) and main adding the secretariat's
/// 01SECRETARIAT: two branches to merge, main checked out.
fn two_branches(repo: &Path, member: &[(&str, i64, &str)]) -> PathBuf {
    std::fs::create_dir(repo.join("sessions")).expect("sessions");
    let file = repo.join("sessions/meeting.ron");
    write(&file, &base_session());
    assert!(git(repo, &["add", "-A"]).status.success());
    assert!(git(repo, &["commit", "-qm", "base"]).status.success());
    assert!(git(repo, &["checkout", "-qb", "member"]).status.success());
    let mut s = read(&file);
    for (id, minute, text) in member {
        s.apply(&remark(id, *minute, text)).expect("add");
    }
    write(&file, &s);
    assert!(git(repo, &["commit", "-qam", "member questions"]).status.success());
    assert!(git(repo, &["checkout", "-q", "main"]).status.success());
    let mut s = read(&file);
    s.apply(&remark("01SECRETARIAT", 12, "事務局の補足")).expect("add");
    write(&file, &s);
    assert!(git(repo, &["commit", "-qam", "secretariat note"]).status.success());
    file
}

/// What a meeting leaves beside its session (its journal, lock, drafts,
/// backups, a large session's backup to be after a kill, a replacement
/// it could not read) stays out of `git add`: the judgment's draft may
/// hold 非公開 text, and the backup to be is a copy of the whole session.
#[test]
fn git_setup_ignores_every_file_a_meeting_leaves_beside_its_session() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("SKIPPED git_setup_ignores_every_file_a_meeting_leaves: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path();
    init(repo);
    crate::common::kpi_council().arg("git-setup").current_dir(repo).assert().success();
    std::fs::create_dir(repo.join("sessions")).expect("sessions");
    for suffix in
        ["", ".journal", ".lock", ".draft", ".judgment-draft", ".bak", ".bak.pending", ".unmerged"]
    {
        std::fs::write(repo.join(format!("sessions/m.ron{suffix}")), "x").expect("write");
    }
    let status = git(repo, &["status", "--porcelain", "-uall", "sessions"]);
    assert_eq!(String::from_utf8_lossy(&status.stdout), "?? sessions/m.ron\n");
}

#[test]
fn git_merge_of_two_branches_with_the_driver() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("SKIPPED git_merge_of_two_branches_with_the_driver: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path();
    init(repo);
    let setup = crate::common::kpi_council().arg("git-setup").current_dir(repo).assert().success();
    let printed = String::from_utf8(setup.get_output().stdout.clone()).expect("utf-8");
    assert!(printed.contains("merge-driver %O %A %B"), "{printed}");
    assert!(
        std::fs::read_to_string(repo.join(".gitattributes"))
            .expect("attributes")
            .contains("sessions/*.ron merge=kpi-council")
    );

    let file = two_branches(
        repo,
        &[("01MEMBER1", 10, "内訳の根拠は？"), ("01MEMBER2", 11, "来年度の目標は？")],
    );

    let merged = git(repo, &["merge", "-q", "--no-edit", "member"]);
    assert!(merged.status.success(), "git merge: {}", String::from_utf8_lossy(&merged.stderr));
    let result = read(&file);
    let ids: Vec<&str> = result.remarks.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        ["01BASE", "01MEMBER1", "01MEMBER2", "01SECRETARIAT"],
        "both sets, exactly once"
    );
    assert!(!std::fs::read_to_string(&file).expect("file").contains("<<<<<<<"));
}

fn bin() -> Bin {
    let mut b = crate::common::kpi_council();
    b.args(["--lang", "en"]);
    b
}

#[test]
fn merge_brings_members_questions_in_and_flags_official_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = dir.path().join("meeting.ron");
    let (m1, m2) = (dir.path().join("sato.ron"), dir.path().join("takahashi.ron"));
    write(&base, &base_session());
    let mut a = base_session();
    a.apply(&remark("01A", 10, "佐藤の質問")).expect("add");
    write(&m1, &a);
    let mut b = base_session();
    b.apply(&remark("01B", 11, "高橋の質問")).expect("add");
    b.sheet.title = "勝手に変えた題".into();
    write(&m2, &b);
    let original = std::fs::read(&base).expect("base");
    let out =
        bin().arg("merge").arg(&base).arg(&m1).arg(&m2).arg("-o").arg(&base).assert().success();
    let backup = dir.path().join("meeting.ron.bak");
    assert_eq!(std::fs::read(&backup).expect("a backup"), original, "the replaced file is kept");
    let report = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    assert!(report.contains("flagged, not applied"), "{report}");
    assert!(report.contains("title 「令和元年度 第1回」 → 「勝手に変えた題」"), "{report}");
    assert!(report.contains("3 remarks (2 new), 0 to settle"), "{report}");
    let merged = read(&base);
    assert_eq!(merged.sheet.title, "令和元年度 第1回", "the official title stands");
    assert_eq!(merged.remarks.len(), 3);
    // Merging the same copies again changes nothing.
    let before = std::fs::read(&base).expect("file");
    bin().arg("merge").arg(&base).arg(&m2).arg(&m1).arg("-o").arg(&base).assert().success();
    assert_eq!(std::fs::read(&base).expect("file"), before);
}

#[test]
fn merge_refuses_a_copy_of_another_plan_and_a_session_in_use() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = dir.path().join("meeting.ron");
    let other = dir.path().join("other.ron");
    let mut s = base_session();
    s.data.plan.sha256 = "a".repeat(64);
    write(&base, &s);
    s.data.plan.sha256 = "b".repeat(64);
    write(&other, &s);
    bin()
        .arg("merge")
        .arg(&base)
        .arg(&other)
        .arg("-o")
        .arg(&base)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("recorded against another plan"));
    bin()
        .arg("merge")
        .arg(&base)
        .arg(&other)
        .arg("-o")
        .arg(&base)
        .arg("--force")
        .assert()
        .success();

    let _held = kpi_council::store::lock::Lock::acquire(&base, "a running meeting").expect("lock");
    bin()
        .arg("merge")
        .arg(&base)
        .arg(&other)
        .arg("-o")
        .arg(&base)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is open in a running kpi-council"))
        .stderr(predicates::str::contains("write the merge to another file with -o"))
        // merge has no --session: the meeting's own advice would mislead.
        .stderr(predicates::str::contains("--session").not());
    // In Japanese by default, with the same advice.
    crate::common::kpi_council()
        .arg("merge")
        .arg(&base)
        .arg(&other)
        .arg("-o")
        .arg(&base)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with("エラー: "))
        .stderr(predicates::str::contains("会議中の kpi-council で開かれています"))
        .stderr(predicates::str::contains("-o で別のファイルに書き出してください"))
        .stderr(predicates::str::contains("--session").not());
}

/// A merge made without the driver leaves git's conflict markers in the
/// session: every command refuses it at the marker's line with the way
/// to merge it again, and that way keeps both sides' remarks.
#[test]
fn a_conflict_left_without_the_driver_says_how_to_merge_again() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!(
            "SKIPPED a_conflict_left_without_the_driver_says_how_to_merge_again: git is not installed"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path();
    init(repo);
    let file = two_branches(repo, &[("01MEMBER1", 10, "内訳の根拠は？")]);

    // No driver set up: git writes its markers into the session.
    assert!(!git(repo, &["merge", "-q", "--no-edit", "member"]).status.success());
    let text = std::fs::read_to_string(&file).expect("file");
    let marker = text.lines().position(|l| l.starts_with("<<<<<<<")).expect("markers") + 1;
    let at = format!("sessions/meeting.ron:{marker}:1: a git conflict is left in the file");
    for command in [&["check", "sessions/meeting.ron"][..], &["export", "sessions/meeting.ron"]] {
        let out = bin().args(command).current_dir(repo).assert().code(2);
        // (check reports each file on stdout, the others on stderr)
        let out = out.get_output();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(said.contains(&at), "{command:?}: {said}");
        let way = "run kpi-council git-setup, then git checkout -m -- sessions/meeting.ron";
        assert!(said.contains(way), "{command:?}: {said}");
    }
    // The way said: both sides' remarks, once each.
    bin().arg("git-setup").current_dir(repo).assert().success();
    let again = git(repo, &["checkout", "-m", "--", "sessions/meeting.ron"]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    let ids: Vec<String> = read(&file).remarks.iter().map(|r| r.id.to_string()).collect();
    assert_eq!(ids, ["01BASE", "01MEMBER1", "01SECRETARIAT"]);
}
