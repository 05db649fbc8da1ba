//! The meeting ends in ways nobody chose: the ssh link drops (SIGHUP), the
//! system shuts down (SIGTERM), someone sends SIGINT, the terminal goes away
//! under the program, or the power is cut (SIGKILL). Each test types a
//! remark in the real binary in a pseudo-terminal, ends it so, and checks
//! the files and the next start.

use std::path::Path;
use std::time::Duration;

use crate::common::{Key, Screen};

fn kill(pid: u32, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success(), "kill -{signal} {pid}");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// The session's file and its journal together: what is on disk.
fn on_disk(session: &Path) -> String {
    let journal = session.with_file_name("s.ron.journal");
    format!("{}{}", read(session), read(&journal))
}

fn open_editor_and_type(s: &mut Screen, text: &str) {
    s.send(b"r");
    s.wait_for("発言を記録");
    s.send(text.as_bytes());
    s.wait_for(text);
}

#[test]
fn a_signal_while_typing_keeps_the_draft_and_exits_128_plus_n() {
    for (signal, n) in [("HUP", 1), ("TERM", 15), ("INT", 2)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.ron");
        let args = ["--session", "s.ron"];
        let text = format!("途中の発言{signal}");
        let mut s = Screen::start(&args, 100, 30, dir.path());
        s.wait_for("保存済み");
        open_editor_and_type(&mut s, &text);
        kill(s.pid(), signal);
        assert_eq!(s.wait_exit(), 128 + n, "SIG{signal}");
        assert!(s.restored(), "SIG{signal}: the terminal is restored");
        let draft = read(&session.with_file_name("s.ron.draft"));
        assert!(draft.contains(&text), "SIG{signal}: the draft holds the words: {draft:?}");

        // The next start opens the editor with the words, ready to save.
        let mut s = Screen::start(&args, 100, 30, dir.path());
        s.wait_for(&text);
        s.key(Key::Enter);
        s.wait_for("保存済み");
        s.send(b"q");
        assert_eq!(s.wait_exit(), 0);
        assert!(on_disk(&session).contains(&text), "SIG{signal}: saved after the restart");
        assert!(!session.with_file_name("s.ron.draft").exists(), "the draft is used up");
    }
}

/// The process state letter of `pid` (`T` stopped, `S` sleeping).
fn state(pid: u32) -> char {
    let stat = read(Path::new(&format!("/proc/{pid}/stat")));
    stat.rsplit(") ").next().and_then(|rest| rest.chars().next()).unwrap_or('?')
}

/// Waits until `pid` is stopped (`T`), or no longer.
fn wait_state(pid: u32, stopped: bool) {
    let start = std::time::Instant::now();
    while (state(pid) == 'T') != stopped {
        assert!(start.elapsed() < crate::common::DEADLINE, "state {} of {pid}", state(pid));
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Stopped (SIGSTOP, or Ctrl+Z's SIGTSTP sent from outside) while the
/// shell put the terminal back to its line mode, the meeting takes the
/// terminal again when continued (`fg`): keys act at once, not after a
/// newline, the screen is drawn whole again, and the meeting goes on
/// recording. (Before, the keys were echoed onto the screen and none
/// reached the program until Enter.)
#[test]
fn stopped_and_continued_the_meeting_has_its_terminal_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session = dir.path().join("s.ron");
    let mut s = Screen::start(&["--session", "s.ron"], 100, 30, dir.path());
    s.wait_for("保存済み");
    let pid = s.pid();

    kill(pid, "STOP");
    wait_state(pid, true);
    let sane = std::process::Command::new("stty").arg("-F").arg(s.tty()).arg("sane").status();
    assert!(sane.expect("stty").success(), "the shell's line mode");
    // What the shell writes meanwhile (`[1]+ Stopped`, `fg`).
    std::fs::write(s.tty(), "\r\n[1]+ Stopped kpi-council\r\n$ fg\r\n").expect("the shell's words");
    s.wait_for("Stopped kpi-council");
    kill(pid, "CONT");
    wait_state(pid, false);
    s.wait_gone("Stopped kpi-council");
    open_editor_and_type(&mut s, "再開後の発言");
    s.key(Key::Enter);
    s.wait_gone("発言を記録");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    assert!(on_disk(&session).contains("再開後の発言"), "{}", on_disk(&session));
}

/// Ctrl+Z's signal sent from outside (`kill -TSTP`) to a meeting run
/// from a shell with job control: the terminal is given back before the
/// program stops, so the shell's words and prompt are on the normal
/// screen in its line mode; `fg` brings the meeting back, drawn whole,
/// and it goes on recording.
#[test]
fn a_stop_signal_gives_the_terminal_back_to_the_shell_until_fg() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session = dir.path().join("s.ron");
    let mut s = Screen::start_in_job_control_shell(&["--session", "s.ron"], 100, 30, dir.path());
    s.wait_for("保存済み");
    let shell = s.pid();
    let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
        .expect("the shell's children");
    let pid: u32 = children.split_whitespace().next().and_then(|p| p.parse().ok()).expect("pid");

    kill(pid, "TSTP");
    s.wait_for("job stopped");
    wait_state(pid, true);
    assert!(s.restored(), "the terminal is given back before it stops:\n{}", s.text());
    s.send(b"\n");
    wait_state(pid, false);
    s.wait_gone("job stopped");
    open_editor_and_type(&mut s, "戻った後の発言");
    s.key(Key::Enter);
    s.wait_gone("発言を記録");
    s.send(b"q");
    s.wait_exit();
    assert!(on_disk(&session).contains("戻った後の発言"), "{}", on_disk(&session));
}

#[test]
fn a_lost_terminal_ends_the_program_with_everything_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session = dir.path().join("s.ron");
    let mut s = Screen::start_without_hangup_signal(&["--session", "s.ron"], 100, 30, dir.path());
    s.wait_for("保存済み");
    open_editor_and_type(&mut s, "保存した発言");
    s.key(Key::Enter);
    s.wait_for("〔意見〕");
    open_editor_and_type(&mut s, "打ちかけの発言");
    s.hang_up();
    // Ends by itself: no signal comes, only failing reads and writes.
    assert_eq!(s.wait_exit(), 1, "a lost terminal is an error exit, not a hang");
    assert!(on_disk(&session).contains("保存した発言"));
    let draft = read(&session.with_file_name("s.ron.draft"));
    assert!(draft.contains("打ちかけの発言"), "the draft: {draft:?}");
    let log = read(&dir.path().join("kpi-council.log"));
    assert!(!log.contains("panicked"), "{log}");
}

/// Power cut: SIGKILL at random moments while remarks are typed and
/// saved. After each kill the program starts again, and every remark the
/// screen showed as saved is in the session.
#[test]
fn kill_minus_nine_at_random_moments_loses_no_saved_remark() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session = dir.path().join("s.ron");
    let args = ["--session", "s.ron"];
    let mut saved: Vec<String> = Vec::new();
    let mut seed: u64 = 0x5EED;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..12 {
        let mut s = Screen::start(&args, 100, 30, dir.path());
        // (The status line may show "recovered" instead of 保存済み for a while.)
        let first = s.wait_for("指標 × 年度");
        for text in &saved {
            // The remarks panel shows the latest; the file must hold all.
            assert!(
                on_disk(&session).contains(text.as_str()),
                "round {round}: {text} lost; screen:\n{first}"
            );
        }
        // Any draft from the last kill is dismissed.
        if s.text().contains("発言を記録") {
            s.key(Key::Esc);
            s.wait_gone("発言を記録");
        }
        let remarks = 1 + next() % 3;
        for i in 0..remarks {
            let text = format!("第{round}回の発言{i}");
            open_editor_and_type(&mut s, &text);
            s.key(Key::Enter);
            s.wait_for("〔意見〕");
            s.wait_gone("発言を記録");
            saved.push(text);
        }
        // Kill at a random moment: idle, mid-typing, or right after Enter.
        match next() % 3 {
            0 => {}
            1 => {
                s.send(b"r");
                s.send("打ちかけ".as_bytes());
            }
            _ => {
                s.send(b"r");
                s.send("直後".as_bytes());
                s.key(Key::Enter);
            }
        }
        std::thread::sleep(Duration::from_millis(next() % 40));
        kill(s.pid(), "KILL");
        let status = s.wait_status();
        assert!(status.signal().is_some(), "round {round}: killed, not ended: {status:?}");
    }
    let s = Screen::start(&args, 100, 30, dir.path());
    s.wait_for("指標 × 年度");
    let disk = on_disk(&session);
    for text in &saved {
        assert!(disk.contains(text.as_str()), "{text} lost at the end");
    }
}

/// The program in a folder of its own, with `flag value`, as a terminal
/// starts it, its log in the folder.
fn command(dir: &Path, flag: &str, value: &str) -> portable_pty::CommandBuilder {
    let mut cmd = portable_pty::CommandBuilder::new(env!("CARGO_BIN_EXE_kpi-council"));
    cmd.args([flag, value]);
    cmd.cwd(dir);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    cmd.env("KPI_COUNCIL_CONFIG", dir.join("config.ron"));
    cmd.env("KPI_COUNCIL_LOG", dir.join("kpi-council.log"));
    cmd.env("KPI_COUNCIL_CACHE", dir.join("cache"));
    cmd
}

/// How `child` ended after a SIGTERM sent `when`; killed, and the test
/// failed, if it has not ended by the deadline.
fn ended(
    child: &mut (dyn portable_pty::Child + Send + Sync),
    when: &str,
) -> portable_pty::ExitStatus {
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("status") {
            return status;
        }
        if start.elapsed() > crate::common::DEADLINE {
            let _ = child.kill();
            panic!("SIGTERM was not honoured {when}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The data still loading (here: a plan that is a pipe nobody writes to,
/// as a file on a hung network share would be) and the terminal stalled
/// under the loading frame (its output stopped, as over a stalled ssh
/// link): SIGTERM still ends the program with 128 + 15 within seconds.
#[test]
fn a_signal_ends_the_program_while_the_load_and_the_terminal_stall() {
    use portable_pty::{PtySize, native_pty_system};
    use std::os::unix::fs::OpenOptionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("plan.ron");
    let mode = rustix::fs::Mode::from_raw_mode(0o600);
    rustix::fs::mknodat(rustix::fs::CWD, &plan, rustix::fs::FileType::Fifo, mode, 0)
        .expect("a pipe");
    let size = PtySize { rows: 40, cols: 120, pixel_width: 0, pixel_height: 0 };
    let pair = native_pty_system().openpty(size).expect("pty");
    let tty = pair.master.tty_name().expect("the terminal's name");
    let mut child =
        pair.slave.spawn_command(command(dir.path(), "--plan", "plan.ron")).expect("start");
    drop(pair.slave);
    // The loading frame shows after a moment; then the terminal takes no
    // more of the frames redrawn every tenth of a second.
    std::thread::sleep(Duration::from_millis(500));
    let terminal = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOCTTY)
        .open(&tty)
        .expect("the terminal");
    rustix::termios::tcflow(&terminal, rustix::termios::Action::OOff).expect("output stopped");
    std::thread::sleep(Duration::from_millis(500));
    kill(child.process_id().expect("pid"), "TERM");
    let status = ended(child.as_mut(), "while loading on a stalled terminal");
    assert_eq!(status.exit_code(), 143);
    drop(pair.master);
}

/// The main loop blocked (here: writing to a terminal nobody reads, as
/// over a stalled ssh link) still ends on SIGTERM, with 128 + 15: a
/// watchdog sees that the loop did not react and ends the program itself.
/// Nothing saved is lost that way (the journal holds it); the lock is free.
#[test]
fn a_signal_ends_the_program_even_when_its_main_loop_is_stuck() {
    use portable_pty::{PtySize, native_pty_system};
    let dir = tempfile::tempdir().expect("temp dir");
    let size = |cols| PtySize { rows: 100, cols, pixel_width: 0, pixel_height: 0 };
    let pair = native_pty_system().openpty(size(300)).expect("pty");
    let mut child =
        pair.slave.spawn_command(command(dir.path(), "--session", "s.ron")).expect("start");
    drop(pair.slave);
    // Nobody reads the terminal; each resize makes the program redraw the
    // whole 300x100 screen until its writes block. The session is opened
    // first (its file is written only after a first frame, which never
    // gets out whole here: the log says when it is open).
    let session = dir.path().join("s.ron");
    let log = dir.path().join("kpi-council.log");
    let start = std::time::Instant::now();
    while !read(&log).contains("session opened") {
        assert!(start.elapsed() < crate::common::DEADLINE, "the session was never opened");
        std::thread::sleep(Duration::from_millis(20));
    }
    for i in 0..40u16 {
        pair.master.resize(size(300 - i % 2)).expect("resize");
        std::thread::sleep(Duration::from_millis(50));
    }
    kill(child.process_id().expect("pid"), "TERM");
    let status = ended(child.as_mut(), "while the main loop was stuck");
    assert_eq!(status.exit_code(), 143);
    let log = read(&dir.path().join("kpi-council.log"));
    eprintln!("the watchdog acted: {}", log.contains("watchdog"));
    // The session is whole and free to open again.
    let create = || {
        kpi_council::domain::session::Session::new(
            kpi_council::domain::session::Sheet::default(),
            kpi_council::domain::session::DataRefs::default(),
        )
    };
    kpi_council::store::session_store::SessionStore::open(
        &session,
        create,
        Box::new(kpi_council::store::disk::RealDisk::default()),
        "after",
    )
    .expect("opens");
    drop(pair.master);
}
