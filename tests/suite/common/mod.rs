//! Running the real binary in a pseudo-terminal, typing keys and reading
//! the screen through a terminal emulator.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// The folder the program keeps its own files in while the tests run it
/// (its settings, log and cache), emptied when the suite first runs it: never
/// the developer's home, whose settings (a language, a theme) would change
/// what the tests see, and whose cache and log the tests would fill.
pub fn own_files() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("suite-own-files");
        // What an earlier run left (its log, its caches).
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the tests' own folder");
        dir
    })
}

/// `cmd`, the program or a shell that starts it, with its own files in
/// the tests' folder (`own_files`); a test may give its own after.
pub fn isolated(cmd: &mut std::process::Command) -> &mut std::process::Command {
    let dir = own_files();
    cmd.env("KPI_COUNCIL_CONFIG", dir.join("config.ron"))
        .env("KPI_COUNCIL_LOG", dir.join("kpi-council.log"))
        .env("KPI_COUNCIL_CACHE", dir.join("cache"))
}

/// The program, its own files in the tests' folder (`isolated`).
pub fn kpi_council() -> assert_cmd::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kpi-council"));
    isolated(&mut cmd);
    assert_cmd::Command::from_std(cmd)
}

/// How long a test waits for a text to appear. A passing test returns as
/// soon as it does; the deadline only bounds a failing one, so it is set
/// for a busy machine (a debug build, the whole suite in parallel).
pub const DEADLINE: Duration = Duration::from_secs(60);

pub struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    /// Every byte the program wrote to the terminal.
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// Set when the reader has seen the end of the output.
    drained: Arc<std::sync::atomic::AtomicBool>,
    /// Asks the reader to close its end of the terminal.
    hang_up: Arc<std::sync::atomic::AtomicBool>,
}

impl Screen {
    /// Starts the binary with `args` in a `cols`×`rows` terminal, in `dir`.
    pub fn start(args: &[&str], cols: u16, rows: u16, dir: &Path) -> Screen {
        Screen::start_with_env(args, cols, rows, dir, &[])
    }

    /// As `start`, with more environment variables.
    pub fn start_with_env(
        args: &[&str],
        cols: u16,
        rows: u16,
        dir: &Path,
        env: &[(&str, &str)],
    ) -> Screen {
        Screen::spawn(env!("CARGO_BIN_EXE_kpi-council"), args, (cols, rows), dir, env, true)
    }

    /// As `start`, with every file the program writes limited to `kib`
    /// KiB (bash's `ulimit -f`, the signal it would send ignored): a write
    /// past it fails with "File too large", as on a full disk.
    pub fn start_with_file_limit(
        args: &[&str],
        cols: u16,
        rows: u16,
        dir: &Path,
        kib: u64,
    ) -> Screen {
        // SIGXFSZ is left to its default: the program makes it an error.
        let script = format!("ulimit -f {kib}; exec \"$0\" \"$@\"");
        let mut line = vec!["-c", &script, env!("CARGO_BIN_EXE_kpi-council")];
        line.extend_from_slice(args);
        Screen::spawn("bash", &line, (cols, rows), dir, &[], true)
    }

    /// As `start`, run by a shell with job control (bash's `set -m`), as
    /// in a terminal window: when the program stops, the shell says
    /// `job stopped`, waits for a line, and then continues it (`fg`).
    pub fn start_in_job_control_shell(args: &[&str], cols: u16, rows: u16, dir: &Path) -> Screen {
        let script = "set -m; \"$0\" \"$@\"; echo job stopped; read -r _; fg";
        let mut line = vec!["-c", script, env!("CARGO_BIN_EXE_kpi-council")];
        line.extend_from_slice(args);
        Screen::spawn("bash", &line, (cols, rows), dir, &[], true)
    }

    /// As `start`, but the pseudo-terminal is not the program's controlling
    /// terminal: closing it sends no SIGHUP, so the program only learns of
    /// the loss when its reads and writes fail.
    pub fn start_without_hangup_signal(args: &[&str], cols: u16, rows: u16, dir: &Path) -> Screen {
        Screen::spawn(env!("CARGO_BIN_EXE_kpi-council"), args, (cols, rows), dir, &[], false)
    }

    fn spawn(
        program: &str,
        args: &[&str],
        (cols, rows): (u16, u16),
        dir: &Path,
        env: &[(&str, &str)],
        controlling: bool,
    ) -> Screen {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(program);
        cmd.set_controlling_tty(controlling);
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        // Never the developer's own settings: a config in the test's folder.
        cmd.env("KPI_COUNCIL_CONFIG", dir.join("config.ron"));
        cmd.env_remove("NO_COLOR");
        cmd.env("KPI_COUNCIL_LOG", dir.join("kpi-council.log"));
        cmd.env("KPI_COUNCIL_CACHE", dir.join("cache"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("start the program");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let drained = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let hang_up = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (p, r, d) = (Arc::clone(&parser), Arc::clone(&raw), Arc::clone(&drained));
        let stop = Arc::clone(&hang_up);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                // The reader holds the last handle on the terminal: leaving
                // the loop drops it and the terminal is gone.
                if n == 0 || stop.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                p.lock().expect("parser").process(&buf[..n]);
                r.lock().expect("raw").extend_from_slice(&buf[..n]);
            }
            d.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        Screen {
            parser,
            writer: Some(writer),
            child,
            master: Some(pair.master),
            raw,
            drained,
            hang_up,
        }
    }

    /// The screen's text now.
    pub fn text(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    /// Waits until the screen shows `needle` and has stopped changing (two
    /// identical frames, so a half-drawn frame is never asserted on);
    /// panics with the screen if the deadline passes.
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_for_within(needle, DEADLINE)
    }

    /// As `wait_for`, with a deadline of its own (slow work such as
    /// writing every format of the minutes of a large sample in a debug
    /// build on a busy machine).
    pub fn wait_for_within(&self, needle: &str, deadline: Duration) -> String {
        let start = Instant::now();
        loop {
            let text = self.text();
            if text.contains(needle) {
                std::thread::sleep(Duration::from_millis(40));
                if self.text() == text {
                    return text;
                }
                continue;
            }
            assert!(
                start.elapsed() <= deadline,
                "waited {deadline:?} for {needle:?}; the screen shows:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until `needle` is gone from the screen.
    pub fn wait_gone(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let text = self.text();
            if !text.contains(needle) {
                std::thread::sleep(Duration::from_millis(40));
                if self.text() == text {
                    return text;
                }
                continue;
            }
            assert!(
                start.elapsed() <= DEADLINE,
                "waited {DEADLINE:?} for {needle:?} to go; the screen shows:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types bytes as the keyboard would send them.
    pub fn send(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(bytes).expect("type into the pty");
        writer.flush().expect("flush the pty");
    }

    pub fn key(&mut self, key: Key) {
        self.send(key.bytes());
    }

    /// Waits for the program to end, and for everything it wrote to be
    /// read, and returns its exit status.
    pub fn wait_exit(&mut self) -> u32 {
        self.wait_status().exit_code()
    }

    /// The exit status if the program has ended (everything it wrote read).
    pub fn try_exit(&mut self) -> Option<u32> {
        let status = self.child.try_wait().expect("child status")?;
        let start = Instant::now();
        while !self.drained.load(std::sync::atomic::Ordering::SeqCst) && start.elapsed() < DEADLINE
        {
            std::thread::sleep(Duration::from_millis(10));
        }
        Some(status.exit_code())
    }

    /// As `wait_exit`, with how it ended (a signal's name when killed).
    pub fn wait_status(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                while !self.drained.load(std::sync::atomic::Ordering::SeqCst)
                    && start.elapsed() < DEADLINE
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                return status;
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("the program did not end within {DEADLINE:?}:\n{}", self.text());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The symbols of one row of the terminal, one entry per column (a
    /// wide character's second column is an empty string).
    pub fn row_cells(&self, row: u16) -> Vec<String> {
        let parser = self.parser.lock().expect("parser");
        let screen = parser.screen();
        let (_, cols) = screen.size();
        (0..cols)
            .map(|c| {
                screen.cell(row, c).map(|cell| cell.contents().to_string()).unwrap_or_default()
            })
            .collect()
    }

    /// Closes the terminal under the program, as when the laptop's
    /// terminal window is closed or the ssh link drops. The reader lets go
    /// of its end at the program's next output (the clock redraws every
    /// second).
    pub fn hang_up(&mut self) {
        self.hang_up.store(true, std::sync::atomic::Ordering::SeqCst);
        self.writer = None;
        self.master = None;
    }

    /// The terminal's device, as another program (a shell, `stty -F`)
    /// reaches it.
    #[cfg(unix)]
    pub fn tty(&self) -> std::path::PathBuf {
        self.master.as_ref().and_then(|m| m.tty_name()).expect("the terminal's device")
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// Whether the terminal is back to normal: alternate screen left.
    pub fn restored(&self) -> bool {
        !self.parser.lock().expect("parser").screen().alternate_screen()
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Every ASCII byte, so that a key can be a slice of it.
static ASCII: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        #[allow(clippy::cast_possible_truncation)]
        {
            table[i] = i as u8;
        }
        i += 1;
    }
    table
};

#[derive(Debug, Clone, Copy)]
pub enum Key {
    Enter,
    Esc,
    Space,
    Up,
    Down,
    Left,
    Right,
    PageDown,
    PageUp,
    Backspace,
    Char(u8),
}

impl Key {
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Key::Enter => b"\r",
            Key::Esc => b"\x1b",
            Key::Space => b" ",
            Key::Up => b"\x1b[A",
            Key::Down => b"\x1b[B",
            Key::Right => b"\x1b[C",
            Key::Left => b"\x1b[D",
            Key::PageDown => b"\x1b[6~",
            Key::PageUp => b"\x1b[5~",
            Key::Backspace => b"\x7f",
            // Any ASCII character as itself.
            Key::Char(c) => {
                let i = usize::from(c.min(127));
                &ASCII[i..=i]
            }
        }
    }
}

/// A folder holding a sample's plan.ron, actuals.ron and session.ron of
/// ten KPIs over five years, `companies` companies, `records` records and
/// five remarks.
pub fn sample_dir(companies: usize, records: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let size = kpi_council::sample::Size { kpis: 10, years: 5, companies, records, remarks: 5 };
    kpi_council::commands::sample::run(size, dir.path(), false).expect("sample");
    dir
}

/// The text the interface draws at `width` × `height` in memory, without
/// blanks (a wide character leaves a blank cell after it).
pub fn drawn_text(app: &kpi_council::app::state::App, width: u16, height: u16) -> String {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal.draw(|f| kpi_council::ui::render(app, f)).expect("draw");
    buffer_text(&terminal)
}

/// The text of a terminal drawn in memory, without blanks.
pub fn buffer_text(terminal: &ratatui::Terminal<ratatui::backend::TestBackend>) -> String {
    terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect::<String>()
        .replace(' ', "")
}
