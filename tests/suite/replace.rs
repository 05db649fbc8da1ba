//! The session file is shared: git (a merge, a fast-forward), a copy or
//! another tool replaces it after a crash or while a meeting runs. Every
//! remark acknowledged as saved survives, and so does what the other side
//! brought.
//!
//! - `kill_then_replace_loop`: a writer (this test binary in child mode)
//!   records remarks and prints `ack <id>` once each is saved; it is killed
//!   with SIGKILL at a random instant, then the session file is replaced by
//!   a merge with another branch whose revision is far higher (as a git
//!   merge or fast-forward leaves it), in alternate rounds with the merge
//!   driver reading the journal (`%P`). The next round's writer opens it.
//!   `KPI_COUNCIL_REPLACE_ROUNDS` sets the number of rounds (50 by default).
//! - The real program in a pseudo-terminal with real git: remarks typed,
//!   `kill -9`, a fast-forward to a branch with a higher revision, restart;
//!   and a fast-forward under the running meeting, then a normal quit.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::DateTime;
use kpi_council::domain::session::merge::merge;
use kpi_council::domain::session::{DataRefs, Op, Remark, RemarkKind, Session, Sheet, Target};
use kpi_council::store::disk::{Disk, RealDisk};
use kpi_council::store::session_file;
use kpi_council::store::session_store::SessionStore;

use crate::common::{Key, Screen};

const CHILD_ENV: &str = "KPI_COUNCIL_REPLACE_CHILD";

fn rounds() -> usize {
    std::env::var("KPI_COUNCIL_REPLACE_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(50)
}

fn remark(id: &str, n: i64, text: &str) -> Op {
    let at = DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time")
        + chrono::Duration::seconds(n);
    Op::AddRemark(Remark::new(id.into(), at, RemarkKind::Opinion, Target::Meeting, text.into()))
}

/// The writer: runs only when the loop starts it.
#[test]
#[ignore = "run by kill_then_replace_loop as its child process"]
fn replace_child() {
    let Ok(path) = std::env::var(CHILD_ENV) else { return };
    let create = || Session::new(Sheet::default(), DataRefs::default());
    let (mut store, mut session, _) =
        SessionStore::open(Path::new(&path), create, Box::new(RealDisk::default()), "child")
            .expect("open");
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for n in 0i64.. {
        let id = ulid::Ulid::new().to_string();
        let op = remark(&id, n, &format!("会議の発言 {n}"));
        session.apply(&op).expect("apply");
        store.record(&session, session.revision, &op).expect("record");
        writeln!(out, "ack {id}").expect("stdout");
        out.flush().expect("flush");
        if n % 29 == 28 {
            store.snapshot(&session).expect("snapshot");
        }
    }
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn kill_then_replace_loop() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.ron");
    let me = std::env::current_exe().expect("test binary");
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    let acked: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
    let mut branch: BTreeSet<String> = BTreeSet::new();
    let rounds = rounds();
    for round in 0..rounds {
        let mut child = crate::common::isolated(&mut Command::new(&me))
            .args([
                "--exact",
                "replace::replace_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the child");
        let stdout = child.stdout.take().expect("child stdout");
        let sink = Arc::clone(&acked);
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(id) = line.strip_prefix("ack ") {
                    sink.lock().expect("acks").push(id.to_string());
                }
            }
        });
        // Once the writer has started saving (a busy machine starts it
        // slowly), kill it at a random instant.
        let before = acked.lock().expect("acks").len();
        let started = std::time::Instant::now();
        while acked.lock().expect("acks").len() == before
            && started.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_micros(rng.next() % 20_000));
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        reader.join().expect("reader");
        if !path.exists() {
            continue; // killed before it created the file
        }

        // Another branch: the file as committed, two remarks more, and a
        // revision far above this machine's (each machine counts its own).
        let committed = session_file::load(&path)
            .unwrap_or_else(|e| panic!("round {round}: the session file does not load: {e}"));
        let mut theirs = committed.clone();
        for k in 0..2 {
            let id = format!("BRANCH{round:03}{k}");
            theirs
                .apply(&remark(&id, 100_000 + i64::try_from(round).unwrap_or(0), "他の枝の発言"))
                .expect("branch remark");
            branch.insert(id);
        }
        theirs.revision += 1_000_000;
        if round % 2 == 0 {
            // git merge / fast-forward: the file is simply replaced.
            let merged = merge(&committed, &theirs);
            let text = session_file::to_text(&merged).expect("ron");
            RealDisk::default().replace(&path, text.as_bytes()).expect("replace");
        } else {
            // The merge driver, told where the session lives (%P).
            let ours = dir.path().join("ours.ron");
            let base = dir.path().join("base.ron");
            let other = dir.path().join("theirs.ron");
            std::fs::copy(&path, &ours).expect("ours");
            std::fs::copy(&path, &base).expect("base");
            std::fs::write(&other, session_file::to_text(&theirs).expect("ron")).expect("theirs");
            kpi_council::commands::merge::driver(&base, &ours, &other, Some(&path))
                .expect("driver");
            std::fs::rename(&ours, &path).expect("git writes the result");
        }

        let session = SessionStore::read_back(&path)
            .unwrap_or_else(|e| panic!("round {round}: the session does not load: {e}"));
        let ids: BTreeSet<&str> = session.remarks.iter().map(|r| r.id.as_str()).collect();
        for id in acked.lock().expect("acks").iter() {
            assert!(ids.contains(id.as_str()), "round {round}: acknowledged remark {id} was lost");
        }
        for id in &branch {
            assert!(ids.contains(id.as_str()), "round {round}: the other branch's {id} was lost");
        }
        assert_eq!(ids.len(), session.remarks.len(), "round {round}: no remark twice");
    }
    let acked = acked.lock().expect("acks");
    assert!(acked.len() > rounds, "the writers made progress: {} acknowledgements", acked.len());
    let create = || Session::new(Sheet::default(), DataRefs::default());
    let (_, session, _) = SessionStore::open(&path, create, Box::new(RealDisk::default()), "end")
        .expect("opens after every round");
    // A writer may be killed between saving a remark and saying so.
    assert!(session.remarks.len() >= acked.len() + branch.len(), "every remark is there");
    let ids: BTreeSet<&str> = session.remarks.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), session.remarks.len(), "each remark exactly once");
}

fn git(dir: &Path, args: &[&str]) {
    // (the merge driver git starts is the program)
    let out = crate::common::isolated(&mut Command::new("git"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A repository with `sessions/m.ron` made by the program and committed on
/// `main`, and a branch `other` that added two remarks with a revision far
/// above this machine's. `None` without git.
fn repository(dir: &Path) -> Option<std::path::PathBuf> {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("SKIPPED: git is not installed");
        return None;
    }
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.email", "test@example.invalid"]);
    git(dir, &["config", "user.name", "test"]);
    crate::common::kpi_council().arg("git-setup").current_dir(dir).assert().success();
    std::fs::create_dir(dir.join("sessions")).expect("sessions");
    let mut s = Screen::start(&["--session", "sessions/m.ron"], 100, 30, dir);
    s.wait_for("保存済み");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "the meeting starts"]);
    git(dir, &["checkout", "-qb", "other"]);
    let file = dir.join("sessions/m.ron");
    let mut theirs = session_file::load(&file).expect("session");
    theirs.apply(&remark("01OTHERBRANCH1", 1, "他の枝の一つ目")).expect("add");
    theirs.apply(&remark("01OTHERBRANCH2", 2, "他の枝の二つ目")).expect("add");
    theirs.revision += 10_000;
    std::fs::write(&file, session_file::to_text(&theirs).expect("ron")).expect("write");
    git(dir, &["commit", "-qam", "another machine's remarks"]);
    git(dir, &["checkout", "-q", "main"]);
    Some(file)
}

fn type_remark(s: &mut Screen, text: &str) {
    s.send(b"r");
    s.wait_for("発言を記録");
    s.send(text.as_bytes());
    s.wait_for(text);
    s.key(Key::Enter);
    s.wait_gone("発言を記録");
    let screen = s.wait_for(text);
    assert!(screen.contains("保存済み"), "acknowledged as saved:\n{screen}");
}

fn texts(file: &Path) -> Vec<String> {
    let s = SessionStore::read_back(file).expect("session loads");
    s.remarks.iter().map(|r| r.text.to_string()).collect()
}

#[test]
fn a_fast_forward_after_kill_9_keeps_every_saved_remark() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(file) = repository(dir.path()) else { return };
    let mut s = Screen::start(&["--session", "sessions/m.ron"], 100, 30, dir.path());
    s.wait_for("保存済み");
    type_remark(&mut s, "会議の発言一");
    type_remark(&mut s, "会議の発言二");
    std::process::Command::new("kill")
        .args(["-KILL", &s.pid().to_string()])
        .status()
        .expect("kill");
    let _ = s.wait_status();
    // The file was not rewritten since the commit: git fast-forwards it to
    // the other branch, whose revision is far above the journal's.
    git(dir.path(), &["merge", "-q", "--ff-only", "other"]);
    let mut s = Screen::start(&["--session", "sessions/m.ron"], 100, 30, dir.path());
    s.wait_for("保存済み");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    let all = texts(&file);
    for text in ["会議の発言一", "会議の発言二", "他の枝の一つ目", "他の枝の二つ目"]
    {
        assert_eq!(all.iter().filter(|t| *t == text).count(), 1, "{text} exactly once: {all:?}");
    }
}

#[test]
fn a_file_replaced_under_a_running_meeting_is_merged_not_overwritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(file) = repository(dir.path()) else { return };
    let mut s = Screen::start(&["--session", "sessions/m.ron"], 120, 30, dir.path());
    s.wait_for("保存済み");
    type_remark(&mut s, "置き換え前の発言");
    git(dir.path(), &["merge", "-q", "--ff-only", "other"]);
    // The secretary is told, and sees the other branch's remarks.
    s.wait_for("統合しました");
    type_remark(&mut s, "置き換え後の発言");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    let all = texts(&file);
    for text in ["置き換え前の発言", "置き換え後の発言", "他の枝の一つ目", "他の枝の二つ目"]
    {
        assert_eq!(all.iter().filter(|t| *t == text).count(), 1, "{text} exactly once: {all:?}");
    }
}

/// A file that claims the journal's lines (`folded`) but lacks their
/// remarks, as a hand-made copy could, does not make them skipped.
#[test]
fn a_file_claiming_journal_lines_it_lacks_cannot_make_them_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.ron");
    let create = || Session::new(Sheet::default(), DataRefs::default());
    let (mut store, mut session, _) =
        SessionStore::open(&path, create, Box::new(RealDisk::default()), "t").expect("open");
    let op = remark("01JOURNALONLY", 1, "ジャーナルだけの発言");
    session.apply(&op).expect("apply");
    store.record(&session, session.revision, &op).expect("record");
    let journal = std::fs::read_to_string(dir.path().join("m.ron.journal")).expect("journal");
    let run = journal.split(':').next().expect("run id").to_string();
    // Crash: the store goes without a snapshot (its lock with it), and the
    // file is replaced by one claiming every line of that run.
    drop(store);
    let mut forged = session_file::load(&path).expect("file");
    forged.folded.insert(run, 1_000_000);
    forged.revision = 1_000_000;
    std::fs::write(&path, session_file::to_text(&forged).expect("ron")).expect("write");
    // (Another test's child process may hold the released lock for the
    // instant between its fork and exec: try again then.)
    let mut tries = 0;
    let (_, opened, report) = loop {
        match SessionStore::open(&path, create, Box::new(RealDisk::default()), "t") {
            Ok(opened) => break opened,
            Err(e) if tries < 100 => {
                tries += 1;
                eprintln!("retrying: {e}");
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("open: {e}"),
        }
    };
    assert_eq!(opened.remarks.iter().filter(|r| r.id == "01JOURNALONLY").count(), 1);
    assert_eq!(report.recovered, 1);
}

/// A real merge (both branches changed the session) while a meeting runs:
/// git runs the driver with `%P`, which merges the meeting's journal in;
/// the meeting then takes the merged file in, and a normal quit keeps all.
#[test]
fn a_git_merge_under_a_running_meeting_keeps_both_branches_and_the_journal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(file) = repository(dir.path()) else { return };
    // Both sides change the file: main gets a remark of its own.
    let mut ours = session_file::load(&file).expect("session");
    ours.apply(&remark("01MAINBRANCH", 3, "本線の発言")).expect("add");
    std::fs::write(&file, session_file::to_text(&ours).expect("ron")).expect("write");
    git(dir.path(), &["commit", "-qam", "main's remark"]);
    let mut s = Screen::start(&["--session", "sessions/m.ron"], 120, 30, dir.path());
    s.wait_for("保存済み");
    type_remark(&mut s, "ジャーナルにある発言");
    git(dir.path(), &["merge", "-q", "--no-edit", "other"]);
    // The merge commit itself holds the journal's remark (the driver's %P).
    let committed = Command::new("git")
        .current_dir(dir.path())
        .args(["show", "HEAD:sessions/m.ron"])
        .output()
        .expect("git show");
    let committed = String::from_utf8_lossy(&committed.stdout);
    assert!(committed.contains("ジャーナルにある発言"), "{committed}");
    assert!(committed.contains("本線の発言") && committed.contains("他の枝の一つ目"));
    s.wait_for("統合しました");
    type_remark(&mut s, "統合の後の発言");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    let all = texts(&file);
    for text in
        ["本線の発言", "ジャーナルにある発言", "統合の後の発言", "他の枝の一つ目", "他の枝の二つ目"]
    {
        assert_eq!(all.iter().filter(|t| *t == text).count(), 1, "{text} exactly once: {all:?}");
    }
}

/// A session file replaced by something that cannot be read is kept as
/// `.unmerged` before the meeting writes its own session over it.
#[test]
fn an_unreadable_replacement_is_kept_aside_not_lost() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.ron");
    let create = || Session::new(Sheet::default(), DataRefs::default());
    let (mut store, mut session, _) =
        SessionStore::open(&path, create, Box::new(RealDisk::default()), "t").expect("open");
    let op = remark("01KEPT", 1, "会議の発言");
    session.apply(&op).expect("apply");
    store.record(&session, session.revision, &op).expect("record");
    let replacement = "(version: 1, sheet: (title: \"<<<<<<< HEAD 競合したまま\"";
    std::fs::write(&path, replacement).expect("replace");
    assert!(store.changed_on_disk().is_err(), "noticed, and it cannot be read");
    store.snapshot(&session).expect("snapshot");
    let kept = std::fs::read_to_string(dir.path().join("m.ron.unmerged")).expect("kept");
    assert_eq!(kept, replacement);
    let back = SessionStore::read_back(&path).expect("the session loads");
    assert!(back.remark("01KEPT").is_some());
}

/// The real program in a pseudo-terminal, in a loop: remarks typed (each
/// acknowledged when the screen shows it with 保存済み), `kill -9` at a
/// random moment, the session file then replaced (atomically, as git does)
/// by a merge with another branch whose revision is far higher, restart.
/// At the end every acknowledged remark and every branch remark is there
/// exactly once. 3 rounds by default (each takes a few seconds);
/// `KPI_COUNCIL_PTY_REPLACE_ROUNDS=50` for more.
#[test]
fn kill_9_and_replace_loop_on_the_real_program() {
    let rounds: usize = std::env::var("KPI_COUNCIL_PTY_REPLACE_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("s.ron");
    let args = ["--session", "s.ron"];
    let mut rng = XorShift(0x1234_5678_9ABC_DEF1);
    let mut acked: Vec<String> = Vec::new();
    let mut branch: Vec<String> = Vec::new();
    for round in 0..rounds {
        let mut s = Screen::start(&args, 100, 30, dir.path());
        // Open: saved, or saying what it recovered from the journal.
        let start = std::time::Instant::now();
        while !["保存済み", "を復元しました"].iter().any(|w| s.text().contains(w)) {
            assert!(start.elapsed() < crate::common::DEADLINE, "round {round}: {}", s.text());
            std::thread::sleep(Duration::from_millis(20));
        }
        let count = usize::try_from(rng.next() % 3).unwrap_or(0) + 1;
        for k in 0..count {
            let text = format!("発言R{round}の{k}");
            type_remark(&mut s, &text);
            acked.push(text);
        }
        // Sometimes mid-typing, sometimes idle; always without warning.
        if rng.next().is_multiple_of(2) {
            s.send(b"r");
            s.send("打ちかけ".as_bytes());
        }
        std::thread::sleep(Duration::from_millis(rng.next() % 50));
        Command::new("kill").args(["-KILL", &s.pid().to_string()]).status().expect("kill");
        let _ = s.wait_status();

        let committed = session_file::load(&file)
            .unwrap_or_else(|e| panic!("round {round}: the session does not load: {e}"));
        let mut theirs = committed.clone();
        let text = format!("他の枝R{round}");
        let id = format!("01BRANCHPTY{round:015}");
        theirs
            .apply(&remark(&id, 200_000 + i64::try_from(round).unwrap_or(0), &text))
            .expect("branch remark");
        theirs.revision += 1_000_000;
        branch.push(text);
        let merged = merge(&committed, &theirs);
        RealDisk::default()
            .replace(&file, session_file::to_text(&merged).expect("ron").as_bytes())
            .expect("replace");
        // A draft left by the kill reopens in the editor: give it up.
        let _ = std::fs::remove_file(dir.path().join("s.ron.draft"));
    }
    let mut s = Screen::start(&args, 100, 30, dir.path());
    s.wait_for("指標 × 年度");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    let all = texts(&file);
    for text in acked.iter().chain(&branch) {
        assert_eq!(all.iter().filter(|t| *t == text).count(), 1, "{text} exactly once: {all:?}");
    }
}

/// The meeting records 01NEW; another program then replaces the file at
/// `path` with `first` plus 01THEIRS (no lock taken); the meeting snapshots.
fn record_then_replaced_under(
    store: &mut SessionStore,
    session: &mut Session,
    first: &Session,
    path: &Path,
) {
    let op = remark("01NEW", 2, "今回の発言");
    session.apply(&op).expect("apply");
    store.record(session, session.revision, &op).expect("record");
    let mut theirs = first.clone();
    theirs.apply(&remark("01THEIRS", 3, "別の枝の発言")).expect("apply");
    std::fs::write(path, session_file::to_text(&theirs).expect("text")).expect("replace");
    store.snapshot(session).expect("snapshot");
}

/// `<session>.bak` is the file as this run opened it, from the moment this
/// run first replaces the file (a file replaced under the meeting too);
/// until then the file itself is that copy, and an older `.bak` stays.
#[test]
fn the_backup_is_the_file_as_this_run_opened_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.ron");
    let backup = dir.path().join("m.ron.bak");
    let mut first = Session::new(Sheet::default(), DataRefs::default());
    first.apply(&remark("01FIRST", 1, "前回までの発言")).expect("apply");
    let opened = session_file::to_text(&first).expect("text");
    std::fs::write(&path, &opened).expect("write");
    std::fs::write(&backup, "an older run's backup").expect("write");
    let create = || unreachable!("the file exists");
    let (mut store, mut session, _) =
        SessionStore::open(&path, create, Box::new(RealDisk::default()), "t").expect("open");
    assert_eq!(std::fs::read_to_string(&backup).expect("bak"), "an older run's backup");
    // Another program replaces the file under the meeting; the merge keeps both.
    record_then_replaced_under(&mut store, &mut session, &first, &path);
    assert_eq!(std::fs::read_to_string(&backup).expect("bak"), opened, "as this run opened it");
    store.snapshot(&session).expect("again");
    assert_eq!(std::fs::read_to_string(&backup).expect("bak"), opened, "not the later snapshot");
    let back = SessionStore::read_back(&path).expect("the session loads");
    for id in ["01FIRST", "01NEW", "01THEIRS"] {
        assert!(back.remark(id).is_some(), "{id}");
    }
}

/// A session made private has a private backup: the `.bak` is no more
/// open than the session file, nor than an older `.bak`, whether it was
/// held in memory (a small session) or kept aside on disk (a large one),
/// and whatever bytes the file's name holds.
#[cfg(unix)]
#[test]
fn the_backup_of_a_private_session_is_private() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    let small = Session::new(Sheet::default(), DataRefs::default());
    let size = kpi_council::sample::Size { remarks: 5_000, ..kpi_council::sample::MEDIUM };
    let large = kpi_council::sample::session_of(size);
    let names: [&[u8]; 2] = [b"m.ron", b"m\xff.ron"];
    for (first, name) in [&small, &large].into_iter().flat_map(|f| names.map(|n| (f, n))) {
        for older in [None, Some(0o644)] {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join(std::ffi::OsStr::from_bytes(name));
            let backup = dir.path().join(std::ffi::OsStr::from_bytes(&[name, b".bak"].concat()));
            std::fs::write(&path, session_file::to_text(first).expect("text")).expect("write");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
            if let Some(older) = older {
                std::fs::write(&backup, "an older run's backup").expect("write");
                std::fs::set_permissions(&backup, std::fs::Permissions::from_mode(older))
                    .expect("chmod");
            }
            let create = || unreachable!("the file exists");
            let copies = dir.path().join("cache");
            let cache = kpi_council::store::cache::Cache::in_dir(&copies)
                .from_size(kpi_council::store::cache::MIN_BYTES);
            let disk = Box::new(RealDisk::default());
            let (mut store, mut session, _) =
                SessionStore::open_keeping_copies_in(&path, create, disk, "t", cache)
                    .expect("open");
            record_then_replaced_under(&mut store, &mut session, first, &path);
            drop(store);
            let large = first.remarks.len() > 1;
            assert_eq!(mode(&backup), 0o600, "the backup (large: {large}, older: {older:?})");
            assert_eq!(mode(&path), 0o600, "the session (large: {large})");
            // A large session's parsed copy holds every remark too.
            let copies: Vec<_> = std::fs::read_dir(&copies)
                .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
                .unwrap_or_default();
            assert_eq!(copies.len(), usize::from(large), "{copies:?}");
            for copy in copies {
                assert_eq!(mode(&copy), 0o600, "{}", copy.display());
            }
        }
    }
}

/// A large session file (1 MB or more, 5,000 remarks) in a folder of its
/// own beside an older run's `.bak`: the folder, the session's, backup's
/// and pending backup's paths, the file's text and its session.
struct Large {
    dir: tempfile::TempDir,
    path: std::path::PathBuf,
    backup: std::path::PathBuf,
    pending: std::path::PathBuf,
    opened: String,
    first: Session,
}

fn large() -> Large {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.ron");
    let backup = dir.path().join("m.ron.bak");
    let pending = dir.path().join("m.ron.bak.pending");
    let size = kpi_council::sample::Size { remarks: 5_000, ..kpi_council::sample::MEDIUM };
    let opened = session_file::to_text(&kpi_council::sample::session_of(size)).expect("text");
    assert!(opened.len() > 1024 * 1024, "large: {} bytes", opened.len());
    std::fs::write(&path, &opened).expect("write");
    std::fs::write(&backup, "an older run's backup").expect("write");
    let first = session_file::load(&path).expect("loads");
    Large { dir, path, backup, pending, opened, first }
}

/// A large session (1 MB or more) is not held in memory for its backup: it
/// is copied as read to `<session>.bak.pending`, which becomes the `.bak`
/// when the run first replaces the file, with the very bytes opened (a file
/// replaced under the meeting too), and goes when the run ends without
/// replacing it, or when what was read ahead is never used. Read ahead or
/// at opening, the same.
#[test]
fn a_large_session_is_kept_aside_as_opened_until_it_is_the_backup() {
    use kpi_council::store::cache::Cache;
    use kpi_council::store::session_file::Early;
    let Large { dir: _dir, path, backup, pending, opened, first } = large();
    let create = || unreachable!("the file exists");
    let off = Cache::off();
    // Read ahead, then never opened (the data did not load): nothing left.
    let early = Early::read(&path, &off, "t").expect("read ahead");
    assert!(pending.exists(), "kept aside while the data load");
    drop(early);
    assert!(!pending.exists(), "removed with the reading never used");
    // Read on its own thread and given up at once: the thread is told to
    // stop and waited for; nothing is left, and the lock is free again.
    drop(Early::spawn(path.clone(), Cache::off(), "t".into()));
    assert!(!pending.exists(), "nothing left by a reading given up");
    for ahead in [false, true] {
        // Opened only to look: nothing replaced, the copy aside goes.
        let disk = Box::new(RealDisk::default());
        let (mut store, session, _) = if ahead {
            let early = Early::read(&path, &off, "t").expect("read ahead");
            SessionStore::open_with(&path, create, disk, "t", Some(early))
        } else {
            SessionStore::open_keeping_copies_in(&path, create, disk, "t", off.clone())
        }
        .expect("open");
        // Without a parsed copy to start from, copied as it was read.
        let aside = std::fs::read_to_string(&pending).expect("kept aside as read");
        assert_eq!(aside, opened, "ahead: {ahead}");
        store.snapshot(&session).expect("close");
        drop(store);
        assert!(!pending.exists(), "gone with the run (ahead: {ahead})");
        assert_eq!(std::fs::read_to_string(&backup).expect("bak"), "an older run's backup");
        assert_eq!(std::fs::read_to_string(&path).expect("file"), opened);
    }

    // A remark, and the file replaced under the meeting: the backup is the
    // file as opened (keeping the permissions the old one had), the merge
    // keeps all.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&backup, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    let early = Early::read(&path, &off, "t").expect("read ahead");
    let (mut store, mut session, _) =
        SessionStore::open_with(&path, create, Box::new(RealDisk::default()), "t", Some(early))
            .expect("open");
    record_then_replaced_under(&mut store, &mut session, &first, &path);
    assert_eq!(std::fs::read_to_string(&backup).expect("bak"), opened, "as this run opened it");
    assert!(!pending.exists(), "made the backup");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup).expect("bak").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the old backup's permissions");
    }
    store.snapshot(&session).expect("again");
    assert_eq!(std::fs::read_to_string(&backup).expect("bak"), opened, "not the later snapshot");
    drop(store);
    let back = SessionStore::read_back_with(&path, &off).expect("the session loads");
    for id in ["01NEW", "01THEIRS"] {
        assert!(back.remark(id).is_some(), "{id}");
    }
    assert_eq!(back.remarks.len(), first.remarks.len() + 2);
}

/// A session of one remark (01FIRST) opened on a disk that fails when
/// told to; then another program writes the file with a remark more
/// (01THEIRS). The folder, the file, the faults, the store and its session.
struct Shared {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    faults: Arc<Mutex<kpi_council::store::disk::faulty::Faults>>,
    store: SessionStore,
    session: Session,
}

fn changed_under_the_meeting() -> Shared {
    use kpi_council::store::disk::faulty::FaultyDisk;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.ron");
    let mut first = Session::new(Sheet::default(), DataRefs::default());
    first.apply(&remark("01FIRST", 1, "前回までの発言")).expect("apply");
    std::fs::write(&path, session_file::to_text(&first).expect("text")).expect("write");
    let faults = Arc::new(Mutex::new(kpi_council::store::disk::faulty::Faults::default()));
    let create = || unreachable!("the file exists");
    let disk = Box::new(FaultyDisk::new(Arc::clone(&faults)));
    let (store, session, _) = SessionStore::open(&path, create, disk, "t").expect("open");
    let mut theirs = first;
    theirs.apply(&remark("01THEIRS", 3, "別の枝の発言")).expect("apply");
    std::fs::write(&path, session_file::to_text(&theirs).expect("text")).expect("replace");
    Shared { _dir: dir, path, faults, store, session }
}

/// A file another program wrote under the meeting is merged in at the next
/// save; when that save fails (a full disk), the next one still merges it:
/// the file is taken as seen once read, so what it held is kept with the
/// meeting until written.
#[test]
fn a_file_changed_on_disk_is_merged_even_after_a_failed_save() {
    let Shared { path, faults, mut store, mut session, _dir } = changed_under_the_meeting();
    let op = remark("01NEW", 2, "今回の発言");
    session.apply(&op).expect("apply");
    store.record(&session, session.revision, &op).expect("record");
    faults.lock().expect("faults").replaces = 1;
    assert!(store.snapshot(&session).is_err(), "the disk is full");
    store.snapshot(&session).expect("room again");
    let back = SessionStore::read_back(&path).expect("the session loads");
    for id in ["01FIRST", "01NEW", "01THEIRS"] {
        assert!(back.remark(id).is_some(), "{id}");
    }
}

/// A merge with a file changed on disk that a save made and the meeting
/// did not take (the save at opening, or at the first frame) is taken with
/// the next remark in it, written or not: the remark is never folded into
/// a session that lacks it.
#[test]
fn a_remark_recorded_after_an_untaken_merge_is_kept() {
    for fails in [false, true] {
        let Shared { path, faults, mut store, mut session, _dir } = changed_under_the_meeting();
        store.snapshot(&session).expect("a save that merges");
        let op = remark("01NEW", 2, "今回の発言");
        session.apply(&op).expect("apply");
        faults.lock().expect("faults").replaces = usize::from(fails);
        let recorded = store.record(&session, session.revision, &op);
        assert_eq!(recorded.is_err(), fails, "the disk full: {fails}");
        let taken = store.take_merged().expect("the merge, for the meeting");
        for id in ["01FIRST", "01NEW", "01THEIRS"] {
            assert!(taken.remark(id).is_some(), "{id} (a failed write: {fails})");
        }
        store.snapshot(&taken).expect("saved");
        drop(store);
        let back = SessionStore::read_back(&path).expect("the session loads");
        assert_eq!(back.remarks.len(), 3, "a failed write: {fails}");
    }
}

/// The text of `pending` once it holds `len` bytes (a copy made on a
/// thread of its own), waiting for it.
fn kept_aside(pending: &Path, len: usize) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::fs::read(pending).map_or(true, |b| b.len() < len) {
        assert!(std::time::Instant::now() < deadline, "kept aside: {}", pending.display());
        std::thread::sleep(Duration::from_millis(5));
    }
    std::fs::read_to_string(pending).expect("kept aside")
}

/// A large session whose session comes from its parsed copy is only
/// hashed at the start: its backup to be is copied once the first frame is
/// on screen (`begin_backup`), with the bytes opened, and goes when the run
/// ends without replacing the file. A file another program writes before
/// that copy, even at the same size and time, is merged in, not written
/// over; the copy, not the bytes opened, is then not made the backup (the
/// previous run's stays).
#[test]
fn a_large_session_from_its_parsed_copy_is_kept_aside_after_the_first_frame() {
    use kpi_council::store::cache::Cache;
    use kpi_council::store::session_file::Early;
    let Large { dir, path, backup, pending, opened, first } = large();
    let cache = Cache::in_dir(&dir.path().join("cache"));
    kpi_council::store::session_cache::write(&cache, opened.as_bytes(), &first);
    let create = || unreachable!("the file exists");
    let open = || {
        let early = Early::read(&path, &cache, "t").expect("read ahead");
        SessionStore::open_with(&path, create, Box::new(RealDisk::default()), "t", Some(early))
            .expect("open")
    };

    let (mut store, session, _) = open();
    assert_eq!(session, first, "from its parsed copy");
    assert!(!pending.exists(), "not copied while the start reads");
    store.begin_backup();
    assert_eq!(kept_aside(&pending, opened.len()), opened);
    store.snapshot(&session).expect("close");
    drop(store);
    assert!(!pending.exists(), "gone with a run that replaced nothing");
    assert_eq!(std::fs::read_to_string(&backup).expect("bak"), "an older run's backup");

    // A remark; meanwhile another program rewrites a remark of the file
    // in as many bytes, and sets its time back.
    let (mut store, mut session, _) = open();
    let op = remark("01NEW", 2, "今回の発言");
    session.apply(&op).expect("apply");
    store.record(&session, session.revision, &op).expect("record");
    let said = first.remarks[7].text.to_string();
    let first_char = said.chars().next().expect("a text");
    let other = if first_char == '別' { '他' } else { '別' };
    assert_eq!(first_char.len_utf8(), other.len_utf8(), "{said}");
    let rewritten = said.replacen(first_char, &other.to_string(), 1);
    let theirs = opened.replacen(&format!("\"{said}\""), &format!("\"{rewritten}\""), 1);
    assert_eq!((theirs.len(), theirs != opened), (opened.len(), true));
    let modified = std::fs::metadata(&path).expect("meta").modified().expect("time");
    std::fs::write(&path, &theirs).expect("rewrite");
    let file = std::fs::File::options().write(true).open(&path).expect("open");
    file.set_modified(modified).expect("time set back");
    drop(file);
    store.begin_backup();
    store.snapshot(&session).expect("snapshot");
    assert_eq!(std::fs::read_to_string(&backup).expect("bak"), "an older run's backup");
    assert!(!pending.exists(), "the copy dropped");
    drop(store);
    let back = SessionStore::read_back_with(&path, &cache).expect("the session loads");
    assert!(back.remark("01NEW").is_some(), "this run's remark");
    // Changed there and not here without a history to tell which is later:
    // the other wording is set aside beside this run's, never dropped.
    // (The first remark of the file with that text: texts repeat.)
    let changed = first.remarks.iter().find(|r| r.text == said).expect("said");
    let r = back.remark(changed.id.as_str()).expect("the remark");
    let wordings: Vec<&str> = std::iter::once(r.text.as_str())
        .chain(r.trail().set_aside.iter().map(|s| s.text.as_str()))
        .collect();
    assert!(wordings.contains(&rewritten.as_str()), "theirs kept: {wordings:?}");
    assert_eq!(back.remarks.len(), first.remarks.len() + 1);
}

/// The start screen and the earlier meetings read a session's remarks and
/// judgments with its journal: a meeting that stopped before its last
/// snapshot is listed with the remark only its journal holds.
#[test]
fn the_sessions_list_counts_what_only_the_journal_holds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.ron");
    let create =
        || Session::new(Sheet { title: "第1回".into(), ..Sheet::default() }, DataRefs::default());
    let (mut store, mut session, _) =
        SessionStore::open(&path, create, Box::new(RealDisk::default()), "t").expect("open");
    let before = kpi_council::store::session_list::list(dir.path());
    let count = |listed: &[kpi_council::store::session_list::Listed]| {
        listed[0].content.as_ref().expect("readable").remarks
    };
    assert_eq!(count(&before), 0);
    let op = remark("01JOURNALONLY", 1, "ジャーナルだけの発言");
    session.apply(&op).expect("apply");
    store.record(&session, session.revision, &op).expect("record");
    // Stopped: no snapshot, the remark in the journal only.
    drop(store);
    assert!(session_file::load(&path).expect("file").remarks.is_empty());
    let listed = kpi_council::store::session_list::list(dir.path());
    assert_eq!(count(&listed), 1);
    assert_eq!(listed[0].content.as_ref().expect("readable").title, "第1回");
}
