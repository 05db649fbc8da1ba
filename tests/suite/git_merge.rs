//! Sessions shared through git: two branches add remarks to one session,
//! `git merge` with the program's driver succeeds, and the result holds
//! both sets exactly once. Also `kpi-council merge` of members' copies.

use predicates::prelude::PredicateBooleanExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::Command as Bin;
use chrono::{DateTime, Duration};
use kpi_council::domain::session::{
    AgendaItem, Attendee, DataRefs, Judgment, JudgmentTarget, Op, Remark, RemarkKind, Role,
    Session, Sheet, Stamp, Target,
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

/// A temporary git repository on branch main, or `None` (said, as
/// SKIPPED `test`) where git is not installed.
fn git_repo(test: &str) -> Option<tempfile::TempDir> {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("SKIPPED {test}: git is not installed");
        return None;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    init(dir.path());
    Some(dir)
}

/// `git-setup` run in `repo`, and `session` committed as
/// `sessions/meeting.ron` (returned), main checked out.
fn with_driver_and_committed(repo: &Path, session: &Session) -> PathBuf {
    crate::common::kpi_council().arg("git-setup").current_dir(repo).assert().success();
    std::fs::create_dir(repo.join("sessions")).expect("sessions");
    let file = repo.join("sessions/meeting.ron");
    write(&file, session);
    assert!(git(repo, &["add", "-A"]).status.success());
    assert!(git(repo, &["commit", "-qm", "base"]).status.success());
    file
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
    let Some(dir) = git_repo("git_setup_ignores_every_file_a_meeting_leaves") else { return };
    let repo = dir.path();
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
    let Some(dir) = git_repo("git_merge_of_two_branches_with_the_driver") else { return };
    let repo = dir.path();
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
    let Some(dir) = git_repo("a_conflict_left_without_the_driver_says_how_to_merge_again") else {
        return;
    };
    let repo = dir.path();
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

fn verdict(effect: &str, policy: &str, minute: i64) -> Op {
    Op::SetJudgment(Judgment {
        target: JudgmentTarget::Plan,
        effect: effect.into(),
        policy: policy.into(),
        reason: String::new(),
        at: t(minute),
        internal: false,
        withdrawn: None,
        history: Vec::new(),
    })
}

/// The meeting's session with the council's verdict on the plan.
fn judged_base() -> Session {
    let mut s = base_session();
    s.apply(&verdict("地方創生に効果があった", "継続", 50)).expect("judge");
    s
}

/// Two clerks record two different verdicts on the plan, one on a laptop
/// whose clock is behind: the merge keeps one for now but says so, the
/// merged session fails `check` and its export waits, until the verdict
/// to keep is recorded again; merging the other copy again then changes
/// nothing. (Before, the newest by the laptops' clocks stood silently.)
#[test]
fn two_different_verdicts_are_a_conflict_the_clerk_settles() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (base, other) = (dir.path().join("meeting.ron"), dir.path().join("clerk2.ron"));
    let mut ours = judged_base();
    ours.apply(&verdict("地方創生に相当程度効果があった", "改善して継続", 70)).expect("judge");
    write(&base, &ours);
    let mut theirs = judged_base();
    // The second laptop's clock is an hour ahead: its verdict seems newest.
    theirs.apply(&verdict("地方創生に効果がなかった", "中止", 130)).expect("judge");
    write(&other, &theirs);
    let out = bin().arg("merge").arg(&base).arg(&other).arg("-o").arg(&base).assert().success();
    let report = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    assert!(
        report.contains(
            "to settle: the judgment on the plan as a whole differs between the copies; 「地方創生に効果がなかった／中止」 kept for now, 「地方創生に相当程度効果があった／改善して継続」 set aside"
        ),
        "{report}"
    );
    assert!(report.contains("1 remark (0 new), 1 to settle"), "{report}");
    let checked = bin().arg("check").arg(&base).assert().code(2);
    let said = String::from_utf8_lossy(&checked.get_output().stdout).into_owned();
    assert!(said.contains("session, 1 unresolved conflict blocks its export"), "{said}");
    assert!(said.contains("⚠ 1 judgment given differently on two copies"), "{said}");
    let refused = bin().arg("export").arg(&base).arg("-o").arg(dir.path().join("m.md")).assert();
    let err = String::from_utf8_lossy(&refused.code(2).get_output().stderr).into_owned();
    assert!(
        err.contains(
            "the plan as a whole: 「地方創生に効果がなかった／中止」 (kept for now) and 「地方創生に相当程度効果があった／改善して継続」"
        ),
        "{err}"
    );
    // In Japanese, as the secretariat reads it.
    let checked = crate::common::kpi_council().arg("check").arg(&base).assert().code(2);
    let said = String::from_utf8_lossy(&checked.get_output().stdout).into_owned();
    assert!(said.contains("写しごとに異なる評価 1件"), "{said}");

    // The clerk records the verdict to keep, with the council's reason:
    // settled, and it stays so when either copy is merged again.
    let mut merged = read(&base);
    let Op::SetJudgment(kept) = verdict("地方創生に相当程度効果があった", "改善して継続", 90)
    else {
        unreachable!()
    };
    merged
        .apply(&Op::SetJudgment(Judgment { reason: "審議の結果".into(), ..kept }))
        .expect("judge");
    write(&base, &merged);
    bin().arg("check").arg(&base).assert().success();
    let first = dir.path().join("clerk1.ron");
    write(&first, &ours);
    bin().arg("merge").arg(&base).arg(&other).arg(&first).arg("-o").arg(&base).assert().success();
    let again = read(&base);
    let j = again.judgment(&JudgmentTarget::Plan).expect("judged");
    assert_eq!(
        (j.effect.as_str(), j.policy.as_str(), j.reason.as_str()),
        ("地方創生に相当程度効果があった", "改善して継続", "審議の結果")
    );
    assert!(!j.in_conflict());
    bin().arg("check").arg(&base).assert().success();
}

/// What is no conflict stays none: the same verdict on both copies, or a
/// verdict changed on one copy only (even on a laptop whose clock is
/// behind the meeting's: the change stands, not the older verdict).
#[test]
fn one_sided_or_equal_verdicts_merge_without_conflict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (base, other) = (dir.path().join("meeting.ron"), dir.path().join("clerk2.ron"));
    write(&base, &judged_base());
    let mut theirs = judged_base();
    theirs.apply(&verdict("地方創生に効果がなかった", "中止", 40)).expect("judge");
    write(&other, &theirs);
    let out = bin().arg("merge").arg(&base).arg(&other).arg("-o").arg(&base).assert().success();
    let report = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    assert!(report.contains("0 to settle"), "{report}");
    let j = read(&base).judgment(&JudgmentTarget::Plan).cloned().expect("judged");
    assert_eq!(j.effect, "地方創生に効果がなかった");
    assert!(!j.in_conflict());

    let mut ours = judged_base();
    ours.apply(&verdict("地方創生に効果がなかった", "中止", 60)).expect("judge");
    write(&base, &ours);
    let mut theirs = judged_base();
    theirs.apply(&verdict("地方創生に効果がなかった", "中止", 65)).expect("judge");
    write(&other, &theirs);
    bin().arg("merge").arg(&base).arg(&other).arg("-o").arg(&base).assert().success();
    bin().arg("check").arg(&base).assert().success();
}

/// Two branches with different verdicts: `git merge` with the driver
/// succeeds, says the judgment is to settle, and the merged session fails
/// `check` until it is.
#[test]
fn git_merge_of_two_verdicts_leaves_a_conflict_to_settle() {
    let Some(dir) = git_repo("git_merge_of_two_verdicts_leaves_a_conflict_to_settle") else {
        return;
    };
    let repo = dir.path();
    let file = with_driver_and_committed(repo, &judged_base());
    assert!(git(repo, &["checkout", "-qb", "clerk2"]).status.success());
    let mut s = read(&file);
    s.apply(&verdict("地方創生に効果がなかった", "中止", 130)).expect("judge");
    write(&file, &s);
    assert!(git(repo, &["commit", "-qam", "clerk 2"]).status.success());
    assert!(git(repo, &["checkout", "-q", "main"]).status.success());
    let mut s = read(&file);
    s.apply(&verdict("地方創生に相当程度効果があった", "改善して継続", 70)).expect("judge");
    write(&file, &s);
    assert!(git(repo, &["commit", "-qam", "clerk 1"]).status.success());
    let merged = git(repo, &["merge", "-q", "--no-edit", "clerk2"]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&merged.stdout),
        String::from_utf8_lossy(&merged.stderr)
    );
    assert!(merged.status.success(), "git merge: {said}");
    // (the driver git starts speaks the program's default language)
    assert!(said.contains("要確認: 計画全体 の評価が写しごとに異なります"), "{said}");
    bin().arg("check").arg("sessions/meeting.ron").current_dir(repo).assert().code(2);
}

fn agenda(titles: &[&str]) -> Vec<AgendaItem> {
    titles
        .iter()
        .enumerate()
        .map(|(n, title)| AgendaItem::Free {
            id: format!("f{n}"),
            title: (*title).into(),
            document: String::new(),
            note: String::new(),
        })
        .collect()
}

/// The agenda arranged anew on one branch only comes through `git merge`
/// (before, ours stood whenever ours had an agenda, and their arrangement
/// was lost without a word); arranged differently on both, ours stays and
/// the driver says so. `kpi-council merge` reports a copy's other agenda.
#[test]
fn the_agenda_changed_on_one_branch_comes_through_and_both_is_said() {
    let Some(dir) = git_repo("the_agenda_changed_on_one_branch_comes_through_and_both_is_said")
    else {
        return;
    };
    let repo = dir.path();
    bin().arg("git-setup").current_dir(repo).assert().success();
    std::fs::create_dir(repo.join("sessions")).expect("sessions");
    let file = repo.join("sessions/meeting.ron");
    let mut s = base_session();
    s.agenda = Some(agenda(&["報告", "審議"]));
    write(&file, &s);
    assert!(git(repo, &["add", "-A"]).status.success());
    assert!(git(repo, &["commit", "-qm", "base"]).status.success());
    assert!(git(repo, &["checkout", "-qb", "clerk2"]).status.success());
    let mut s = read(&file);
    s.agenda = Some(agenda(&["審議", "報告", "その他"]));
    write(&file, &s);
    assert!(git(repo, &["commit", "-qam", "agenda"]).status.success());
    assert!(git(repo, &["checkout", "-q", "main"]).status.success());
    let mut s = read(&file);
    s.apply(&remark("01SECRETARIAT", 12, "事務局の補足")).expect("add");
    write(&file, &s);
    assert!(git(repo, &["commit", "-qam", "remark"]).status.success());
    let merged = git(repo, &["merge", "-q", "--no-edit", "clerk2"]);
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    assert_eq!(read(&file).agenda, Some(agenda(&["審議", "報告", "その他"])));

    // Both branches arrange it anew, differently: ours, and said.
    assert!(git(repo, &["checkout", "-qb", "clerk3", "HEAD~1"]).status.success());
    let mut s = read(&file);
    s.agenda = Some(agenda(&["報告"]));
    write(&file, &s);
    assert!(git(repo, &["commit", "-qam", "agenda 3"]).status.success());
    assert!(git(repo, &["checkout", "-q", "main"]).status.success());
    let merged = git(repo, &["merge", "-q", "--no-edit", "clerk3"]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&merged.stdout),
        String::from_utf8_lossy(&merged.stderr)
    );
    assert!(merged.status.success(), "{said}");
    assert!(
        said.contains("議題（前回の指摘事項の対応状況を含む）が両方で変えられています"),
        "{said}"
    );
    assert_eq!(read(&file).agenda, Some(agenda(&["審議", "報告", "その他"])));

    // `kpi-council merge` of a copy with another agenda: reported.
    let copy = repo.join("copy.ron");
    let mut s = read(&file);
    s.agenda = Some(agenda(&["その他"]));
    write(&copy, &s);
    let out = bin().arg("merge").arg(&file).arg(&copy).arg("-o").arg(&file).assert().success();
    let report = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    assert!(report.contains("copy.ron arranges the agenda differently"), "{report}");
    assert_eq!(read(&file).agenda, Some(agenda(&["審議", "報告", "その他"])));
}

/// A file replaced under a running meeting with the agenda arranged anew
/// (another clerk's, by a `git pull`): the meeting takes it when its own
/// agenda is still as it read it, and keeps its own when it changed it.
/// (Before, its own stood whenever it had one.)
#[test]
fn a_replaced_file_brings_its_agenda_into_a_running_meeting() {
    use kpi_council::store::session_store::merge_replaced;
    let mut ours = base_session();
    ours.agenda = Some(agenda(&["報告", "審議"]));
    let base = (ours.sheet.clone(), ours.data.clone(), ours.agenda.clone());
    let mut theirs = ours.clone();
    theirs.agenda = Some(agenda(&["審議", "報告"]));
    ours.apply(&remark("01LIVE", 20, "会議中の発言")).expect("add");
    let merged = merge_replaced(&ours, &theirs, &base);
    assert_eq!(merged.agenda, Some(agenda(&["審議", "報告"])));
    assert_eq!(merged.remarks.len(), 2);
    // Arranged anew in the meeting too: the meeting's stands.
    ours.agenda = Some(agenda(&["報告"]));
    assert_eq!(merge_replaced(&ours, &theirs, &base).agenda, Some(agenda(&["報告"])));
}

/// The meeting marks an attendee absent while a `git pull` brings the
/// corrected title: both stay. (Before, the meeting's whole sheet stood
/// once it had changed any of it, and the title on disk was lost.)
#[test]
fn a_replaced_file_brings_a_sheet_field_the_meeting_did_not_change() {
    use kpi_council::store::session_store::merge_replaced;
    let mut ours = base_session();
    let base = (ours.sheet.clone(), ours.data.clone(), ours.agenda.clone());
    let mut theirs = ours.clone();
    theirs.sheet.title = "令和元年度 第1回 北見地域企業立地促進協議会".into();
    ours.sheet.attendees[0].absent = true;
    let merged = merge_replaced(&ours, &theirs, &base);
    assert_eq!(merged.sheet.title, "令和元年度 第1回 北見地域企業立地促進協議会");
    assert!(merged.sheet.attendees[0].absent, "the meeting's own change stays");
}

/// A verdict withdrawn (undone) and given anew on one copy, merged with a
/// copy that still holds the verdict as it was: the new verdict stands
/// and there is nothing to settle (the one copy changed it, the other did
/// not).
#[test]
fn a_verdict_undone_and_given_anew_on_one_copy_is_no_conflict() {
    use kpi_council::domain::session::merge::merge;
    let before = judged_base();
    let mut changed = before.clone();
    changed
        .apply(&Op::WithdrawJudgment { target: JudgmentTarget::Plan, at: t(55) })
        .expect("withdraw");
    changed.apply(&verdict("地方創生に効果がなかった", "中止", 56)).expect("judge");
    for merged in [merge(&before, &changed), merge(&changed, &before)] {
        let j = merged.judgment(&JudgmentTarget::Plan).expect("judged");
        assert_eq!(j.effect, "地方創生に効果がなかった");
        assert!(j.withdrawn.is_none());
        assert!(!j.in_conflict(), "{j:?}");
    }
}

/// Both clerks record the same verdict (at 14:56 and 15:00); the merge
/// rightly says nothing. Then one of them corrects it on their own copy
/// and the two are merged again: the correction stands, with nothing to
/// settle, whichever copy's time the first merge kept. (Before, the equal
/// verdict the merge had kept beside the other was taken for one the
/// other copy gave differently: a conflict that blocked the export for a
/// change made on one copy only.)
#[test]
fn the_same_verdict_on_both_copies_then_changed_on_one_is_no_conflict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (meeting, clerk) = (dir.path().join("meeting.ron"), dir.path().join("clerk2.ron"));
    for (ours_minute, theirs_minute) in [(60, 56), (56, 60)] {
        let mut ours = base_session();
        ours.apply(&verdict("地方創生に効果があった", "継続", ours_minute)).expect("judge");
        let mut theirs = base_session();
        theirs.apply(&verdict("地方創生に効果があった", "継続", theirs_minute)).expect("judge");
        write(&meeting, &ours);
        write(&clerk, &theirs);
        let out =
            bin().arg("merge").arg(&meeting).arg(&clerk).arg("-o").arg(&meeting).assert().success();
        let report = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(report.contains("0 to settle"), "{report}");
        // The second clerk corrects the verdict on their copy, not merged since.
        theirs.apply(&verdict("地方創生に効果がなかった", "中止", 70)).expect("judge");
        write(&clerk, &theirs);
        let out =
            bin().arg("merge").arg(&meeting).arg(&clerk).arg("-o").arg(&meeting).assert().success();
        let report = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(report.contains("1 remark (0 new), 0 to settle"), "{ours_minute}: {report}");
        let j = read(&meeting).judgment(&JudgmentTarget::Plan).cloned().expect("judged");
        assert_eq!((j.effect.as_str(), j.policy.as_str()), ("地方創生に効果がなかった", "中止"));
        bin().arg("check").arg(&meeting).assert().success();
        // Merging the first clerk's copy again brings nothing back.
        write(&clerk, &ours);
        bin().arg("merge").arg(&meeting).arg(&clerk).arg("-o").arg(&meeting).assert().success();
        let j = read(&meeting).judgment(&JudgmentTarget::Plan).cloned().expect("judged");
        assert_eq!(j.effect, "地方創生に効果がなかった");
        bin().arg("check").arg(&meeting).assert().success();
    }
}

/// The session with attendee `a2` (`name`) added and a remark `id` by them.
fn with_new_attendee(s: &mut Session, name: &str, role: Role, id: &str, minute: i64, text: &str) {
    let mut sheet = s.sheet.clone();
    sheet.attendees.push(Attendee {
        id: "a2".into(),
        name: name.into(),
        affiliation: String::new(),
        role,
        absent: false,
        signer: false,
    });
    s.apply(&Op::SetSheet(sheet)).expect("sheet");
    let mut said =
        Remark::new(id.into(), t(minute), RemarkKind::Opinion, Target::Meeting, text.into());
    said.speaker = Some("a2".into());
    s.apply(&Op::AddRemark(said)).expect("remark");
}

/// Each branch adds an attendee, and both take the next id, `a2`, for
/// two different people, each speaking: after `git merge` each remark is
/// still its own speaker's in the minutes, and both people are on the
/// roster. (Before, the other branch's remark was put in the mouth of
/// the person ours gave `a2`: a wrong name in the published minutes.)
#[test]
fn attendees_added_on_both_branches_under_one_id_keep_their_own_remarks() {
    let Some(dir) = git_repo("attendees_added_on_both_branches") else { return };
    let repo = dir.path();
    let file = with_driver_and_committed(repo, &base_session());
    assert!(git(repo, &["checkout", "-qb", "guest"]).status.success());
    let mut s = read(&file);
    with_new_attendee(
        &mut s,
        "高橋 次郎",
        Role::Member,
        "01GUEST",
        10,
        "信用金庫として融資を検討する。",
    );
    write(&file, &s);
    assert!(git(repo, &["commit", "-qam", "guest"]).status.success());
    assert!(git(repo, &["checkout", "-q", "main"]).status.success());
    let mut s = read(&file);
    with_new_attendee(
        &mut s,
        "鈴木 一郎",
        Role::Secretariat,
        "01CLERK",
        12,
        "事務局から回答します。",
    );
    write(&file, &s);
    assert!(git(repo, &["commit", "-qam", "clerk"]).status.success());
    let merged = git(repo, &["merge", "-q", "--no-edit", "guest"]);
    let said = String::from_utf8_lossy(&merged.stderr).into_owned();
    assert!(merged.status.success(), "git merge: {said}");
    let minutes = repo.join("minutes.md");
    bin().arg("export").arg(&file).arg("-o").arg(&minutes).assert().success();
    let text = std::fs::read_to_string(&minutes).expect("minutes");
    assert!(text.contains("高橋 次郎（委員）：信用金庫として融資を検討する。"), "{text}");
    assert!(text.contains("鈴木 一郎（事務局）：事務局から回答します。"), "{text}");
    assert!(text.contains("委員：佐藤 花子、高橋 次郎"), "{text}");
    assert!(said.contains("出席者 高橋 次郎 は相手の側で"), "{said}");
    // Nothing else of theirs is left out, and no program's notation is shown.
    assert!(!said.contains("両方で変えられています"), "{said}");
    assert!(!said.contains("Attendee {"), "{said}");

    // A file so merged elsewhere, replacing the session under a running
    // meeting that added its own a2: the same.
    let mut ours = base_session();
    let base = (ours.sheet.clone(), ours.data.clone(), ours.agenda.clone());
    let mut theirs = ours.clone();
    with_new_attendee(&mut ours, "鈴木 一郎", Role::Secretariat, "01CLERK", 12, "回答");
    with_new_attendee(&mut theirs, "高橋 次郎", Role::Member, "01GUEST", 10, "意見");
    let merged = kpi_council::store::session_store::merge_replaced(&ours, &theirs, &base);
    let speaker = |id: &str| {
        let r = merged.remark(id).expect("remark");
        merged.sheet.attendee(r.speaker.as_deref().expect("speaker")).map(|a| a.name.clone())
    };
    assert_eq!(speaker("01GUEST").as_deref(), Some("高橋 次郎"));
    assert_eq!(speaker("01CLERK").as_deref(), Some("鈴木 一郎"));
}
