//! The only code that touches the terminal: set-up and restoration, the
//! event loop, and the signals that must not leave a broken terminal or
//! an unsaved session.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;

use crate::clock;
use crate::commands::UserError;
use crate::commands::meeting::{Chooser, Opening};
use crate::i18n::Lang;
use crate::runtime::Meeting;
use crate::ui;

/// How the interactive session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The user quit.
    Quit,
    /// A signal ended it; the exit status is 128 + the signal number.
    Signal(i32),
    /// The terminal went away or failed (writes to it fail after a hang-up).
    TerminalLost(String),
}

/// What builds the app: reading the data and opening the session, which
/// can take a moment with large files. It runs on a thread of its own while
/// the terminal is set up and, past a moment, the loading frame shows.
pub type Loader = Box<dyn FnOnce() -> Result<Opening, UserError> + Send>;

/// The terminal the interface draws on: standard output through a buffer
/// that holds a whole frame, written at once when ratatui flushes at the
/// end of each draw. Standard output's own buffer writes every kilobyte (a
/// frame went out in eight to forty writes, and a terminal could show it
/// half drawn).
pub type Tty =
    ratatui::Terminal<ratatui::backend::CrosstermBackend<std::io::BufWriter<std::io::Stdout>>>;

/// Bytes a frame may take before the buffer is written out: a 200x50
/// frame in colour is well under this.
const FRAME_BYTES: usize = 256 * 1024;

/// Sets the terminal up as `ratatui::try_init` does (its panic hook first,
/// raw mode, the alternate screen), drawing through [`Tty`]'s buffer. The
/// hook restores the terminal for a panic of this thread, which draws,
/// while the returned guard is held; a worker's panic is logged and the
/// meeting goes on in its screen (see `crate::guard`).
fn open_tty() -> std::io::Result<(TtyGuard, Tty)> {
    let reported = Arc::new(AtomicBool::new(false));
    let said = Arc::clone(&reported);
    let hook = crate::guard::add_hook_for_this_thread(move |_| {
        said.store(true, Ordering::SeqCst);
        ratatui::restore();
    });
    let guard = TtyGuard { _hook: hook, reported };
    crossterm::terminal::enable_raw_mode()?;
    execute!(std::io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    let out = std::io::BufWriter::with_capacity(FRAME_BYTES, std::io::stdout());
    let terminal = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(out))?;
    Ok((guard, terminal))
}

/// Held while the terminal is the program's. A worker's panic passed on
/// to this thread (`resume_unwind`, as scoped threads and rayon do) runs
/// no panic hook: the terminal is then restored here, as the thread
/// unwinds, and the user told where the report is.
struct TtyGuard {
    _hook: crate::guard::ThreadHook,
    /// Whether the hook ran (and printed the report) for this thread.
    reported: Arc<AtomicBool>,
}

impl Drop for TtyGuard {
    fn drop(&mut self) {
        if std::thread::panicking() && !self.reported.load(Ordering::SeqCst) {
            let _ = execute!(std::io::stdout(), DisableMouseCapture, DisableBracketedPaste);
            ratatui::restore();
            crate::say!(
                "{}",
                crate::i18n::tr(
                    "kpi-council: 内部の処理が止まり、終了しました（詳しくはログに。場所は kpi-council config で）。記録済みの発言は保存されています",
                    "kpi-council: an internal task stopped and the program ended (details in the log, shown by kpi-council config); recorded remarks are saved"
                )
            );
        }
    }
}

/// The signals that end a run (SIGHUP, SIGINT, SIGTERM): the signal
/// caught, whether the main loop has seen it, and whether the run has
/// saved what it had to and is restoring the terminal.
struct Signals {
    caught: Arc<AtomicUsize>,
    seen: Arc<AtomicBool>,
    saved: Arc<AtomicBool>,
    /// Whether a watchdog runs already (see [`Signals::watchdog`]).
    watching: Arc<AtomicBool>,
    /// Set when the program was continued after a stop (SIGCONT).
    continued: Arc<AtomicBool>,
    /// Set when asked to stop (SIGTSTP: Ctrl+Z's signal sent from outside).
    stop: Arc<AtomicBool>,
}

/// Whether a shell's job control can continue this program once stopped:
/// its process group is not its session's own (Linux: `/proc/self/stat`;
/// where that cannot be read, taken as not).
fn under_job_control() -> bool {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return false };
    // After the command's name in brackets: state, parent, group, session.
    let fields: Vec<&str> =
        stat.rsplit_once(") ").map(|(_, rest)| rest.split(' ').collect()).unwrap_or_default();
    matches!((fields.get(2), fields.get(3)), (Some(group), Some(session)) if group != session)
}

/// Seconds the main loop has to react to a signal, and then the terminal
/// to be restored once everything is saved, before the watchdog ends the
/// program itself.
const WATCHDOG_SECONDS: u64 = 3;

impl Signals {
    fn register() -> std::io::Result<Signals> {
        let caught = Arc::new(AtomicUsize::new(0));
        for sig in crate::interrupt::ENDING {
            signal_hook::flag::register_usize(
                sig,
                Arc::clone(&caught),
                usize::try_from(sig).unwrap_or(0),
            )?;
        }
        let continued = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        // Job control, where the system has it.
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGCONT, SIGTSTP};
            signal_hook::flag::register(SIGCONT, Arc::clone(&continued))?;
            // Taken unless started ignoring it (then it stays ignored).
            if !crate::interrupt::ignored_at_start()(SIGTSTP) {
                signal_hook::flag::register(SIGTSTP, Arc::clone(&stop))?;
            }
        }
        Ok(Signals {
            caught,
            seen: Arc::new(AtomicBool::new(false)),
            saved: Arc::new(AtomicBool::new(false)),
            watching: Arc::new(AtomicBool::new(false)),
            continued,
            stop,
        })
    }

    /// Takes the terminal again once the program was stopped and then
    /// continued (SIGSTOP, or SIGTSTP sent from outside, and `fg`): the
    /// shell put the terminal back to its line mode meanwhile, where keys
    /// were echoed and held until Enter, and wrote on the screen. Raw mode,
    /// the alternate screen, mouse and paste are set again, and the next
    /// frame is drawn whole.
    /// Stops when asked (SIGTSTP sent from outside, as Ctrl+Z is not in
    /// raw mode): the terminal is given back first, so that the shell's
    /// words and prompt are on the normal screen in its line mode, then
    /// the program stops as the signal's default would; continued (`fg`),
    /// it takes the terminal again. Without a shell's job control (the
    /// program leads its own session, or its group is the session's) no
    /// one could continue it: the request is passed over, as the system
    /// passes it over then.
    fn stop_if_asked(&self, terminal: &mut Tty) -> std::io::Result<()> {
        if !self.stop.swap(false, Ordering::SeqCst) {
            return Ok(());
        }
        if !under_job_control() {
            tracing::info!("a stop was asked without job control: passed over");
            return Ok(());
        }
        tracing::info!("stopped: the terminal is given back until the program is continued");
        execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste,
            crossterm::terminal::LeaveAlternateScreen,
            crossterm::cursor::Show
        )?;
        crossterm::terminal::disable_raw_mode()?;
        // As SIGTSTP's default action; returns once continued.
        #[cfg(unix)]
        signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
        self.continued.store(true, Ordering::SeqCst);
        self.retake_if_continued(terminal)
    }

    fn retake_if_continued(&self, terminal: &mut Tty) -> std::io::Result<()> {
        if !self.continued.swap(false, Ordering::SeqCst) {
            return Ok(());
        }
        tracing::info!("continued after a stop: the terminal is set up again");
        // crossterm sets raw mode once and then takes it as set: let go of
        // it first (back to the mode before it) so that it is set anew.
        let _ = crossterm::terminal::disable_raw_mode();
        crossterm::terminal::enable_raw_mode()?;
        execute!(
            std::io::stdout(),
            crossterm::terminal::EnterAlternateScreen,
            EnableBracketedPaste,
            EnableMouseCapture,
            crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
        )?;
        // A blank frame makes the next one drawn whole. (ratatui's own
        // `clear` asks the terminal where the cursor is, and the answer
        // goes to the thread reading the keys.)
        terminal.draw(|_| {})?;
        Ok(())
    }

    /// The signal caught, if any: the main loop has seen it, and ends the
    /// run (saving everything) itself.
    fn take(&self) -> Option<i32> {
        let sig = self.caught.load(Ordering::SeqCst);
        if sig == 0 {
            return None;
        }
        self.seen.store(true, Ordering::SeqCst);
        Some(i32::try_from(sig).unwrap_or(15))
    }

    /// Long work on the main thread (a huge session's minutes), or a write
    /// to a terminal nobody reads, must not make the program deaf to a
    /// signal: if the main loop has not seen one within a few seconds, the
    /// thread running this restores the terminal and exits with 128 + n.
    /// Once the loop has seen it, the run saves everything, never cut
    /// short; then the terminal is restored, which a stalled terminal can
    /// block: that too gets a few seconds. Nothing saved is lost: every
    /// remark shown as saved is in the journal (folded in at the next
    /// start), the draft at most two seconds old; the files are only ever
    /// replaced atomically. Run by the loader's thread once it is done
    /// (loaded, failed or panicked), before the first frame is drawn: a
    /// thread of its own started before the first frame delayed it; on a
    /// thread of its own as soon as a load takes longer than a moment. The
    /// first of the two to start it runs it; the other returns at once.
    fn watchdog(&self) -> impl FnOnce() + Send + 'static {
        let (caught, seen) = (Arc::clone(&self.caught), Arc::clone(&self.seen));
        let (saved, watching) = (Arc::clone(&self.saved), Arc::clone(&self.watching));
        move || {
            if watching.swap(true, Ordering::SeqCst) {
                return;
            }
            let sig = loop {
                std::thread::sleep(Duration::from_millis(100));
                let sig = caught.load(Ordering::SeqCst);
                if sig != 0 {
                    break sig;
                }
            };
            // The time runs while the loop has not seen the signal, and
            // anew once everything is saved; not while saving.
            let (mut ticks, mut restoring) = (0, false);
            while ticks < WATCHDOG_SECONDS * 10 {
                std::thread::sleep(Duration::from_millis(100));
                if saved.load(Ordering::SeqCst) && !restoring {
                    (ticks, restoring) = (0, true);
                }
                if !seen.load(Ordering::SeqCst) || restoring {
                    ticks += 1;
                }
            }
            tracing::warn!(
                sig,
                "the main loop did not react to a signal, or the terminal could not be restored; the watchdog ends the program"
            );
            // A stalled terminal (a hung ssh link) could block the
            // restoring writes too: they get a moment on a thread of
            // their own, and the program ends either way.
            let (done, restored) = mpsc::channel();
            std::thread::spawn(move || {
                let _ = execute!(std::io::stdout(), DisableMouseCapture, DisableBracketedPaste);
                let _ = ratatui::try_restore();
                if restoring {
                    crate::say!(
                        "{}",
                        crate::i18n::tr(
                            format!(
                                "kpi-council: シグナル {sig} で終了しました。記録は保存しましたが、端末を元に戻せませんでした"
                            ),
                            format!(
                                "kpi-council: ended by signal {sig}: the session was saved, the terminal could not be restored"
                            ),
                        )
                    );
                } else {
                    crate::say!(
                        "{}",
                        crate::i18n::tr(
                            format!(
                                "kpi-council: 処理中にシグナル {sig} で終了しました。保存済みと表示された発言はすべて記録のジャーナルにあり、次に開いたときに取り込まれます"
                            ),
                            format!(
                                "kpi-council: ended by signal {sig} while busy; every remark shown as saved is in the session's journal and is folded in at the next start"
                            ),
                        )
                    );
                }
                let _ = done.send(());
            });
            let _ = restored.recv_timeout(Duration::from_secs(1));
            // Not `std::process::exit`: it flushes stdout first, whose
            // lock the blocked main thread holds. `_exit` ends at once.
            signal_hook::low_level::exit(128 + i32::try_from(sig).unwrap_or(15));
        }
    }
}

/// How a run went.
pub enum Outcome {
    /// The meeting ran and ended so; lines to print follow.
    Ran(Ending, Vec<String>),
    /// The data or the session could not be opened.
    LoadFailed(UserError),
    /// Quit or ended by a signal while still loading.
    Abandoned(Ending),
}

/// Runs the interface: the data loaded while the terminal is set up (a
/// loading frame shown if that takes more than a moment), then the meeting until the user quits, a signal arrives or the terminal
/// is lost. On every path the session is saved first and the terminal
/// restored after (ratatui's hook restores it on a panic).
pub fn run(loader: Loader, lang: Lang) -> std::io::Result<Outcome> {
    let signal = Signals::register()?;
    // The data start loading before the terminal is set up: with the
    // embedded default they are ready by the time it is.
    let loading = spawn_loader(loader, signal.watchdog());
    ask_processor_features();
    // The guard dropped after the terminal: what the terminal still
    // holds goes out before the screen is left.
    let (_tty, mut terminal) = open_tty()?;
    if let Ok(size) = terminal.size() {
        ui::prepare(size.into(), clock::now());
    }
    // On a panic, mouse reporting and bracketed paste are switched off
    // before ratatui's own hook restores the rest of the terminal.
    let _mouse_hook = crate::guard::add_hook_for_this_thread(|_| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    });
    // Pasted text arrives as one event, not as keys that could trigger commands.
    let outcome = match execute!(std::io::stdout(), EnableBracketedPaste, EnableMouseCapture) {
        Ok(()) => {
            let mut keys = Keys::default();
            let opened = wait_for_load(&mut terminal, &loading, lang, &mut keys, &signal).and_then(
                |opening| match opening {
                    Opening::Ready(meeting) => Ok(*meeting),
                    Opening::Choose(chooser) => {
                        choose(&mut terminal, *chooser, keys.listen(), &signal)
                    }
                },
            );
            match opened {
                Ok(mut meeting) => {
                    // Keys typed while the chosen meeting was opening (Enter
                    // pressed twice on the start screen) were meant for the
                    // start screen, not for the meeting's first.
                    let opened_at = Instant::now();
                    let ending =
                        event_loop(&mut terminal, &mut meeting, &mut keys, &signal, opened_at);
                    tracing::info!(?ending, "the interface ends");
                    // The run ends now, saving everything: a signal from here
                    // on must not cut the closing short.
                    signal.seen.store(true, Ordering::SeqCst);
                    // Minutes being written are waited for, after a signal
                    // too: their files are put in place as a set, and a
                    // run ended between two of them would leave the set
                    // part replaced and the rest beside it.
                    let messages = meeting.close();
                    Outcome::Ran(ending, messages)
                }
                Err(outcome) => outcome,
            }
        }
        Err(e) => Outcome::Abandoned(Ending::TerminalLost(e.to_string())),
    };
    // Everything is saved; a stalled terminal can block what follows,
    // which the watchdog then cuts short (after a signal).
    signal.saved.store(true, Ordering::SeqCst);
    // What a failed draw left in the frame's buffer goes out now, onto the
    // screen about to be left: never after the terminal is restored.
    drop(terminal);
    // A lost terminal cannot be restored; that is not an error then.
    let _ = execute!(std::io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    let restored = ratatui::try_restore();
    if matches!(outcome, Outcome::Ran(Ending::Quit, _)) {
        restored?;
    }
    Ok(outcome)
}

/// Asks the processor what it can do, here, while the loader's thread
/// starts: the answers are kept for the whole process, so the loader finds
/// them. std's detection (behind memchr and simdutf8), sha2's and the
/// random source of the ids each ask with `cpuid` the first time they are
/// used, and a virtual machine traps every one (about 6 µs each on the
/// machine of BENCHMARKS.md, 0.09 ms together). Asked on the loader's
/// thread, they delayed the embedded default's first frame by 0.16 ms of
/// its 1.5 in the process (by turns).
fn ask_processor_features() {
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    std::hint::black_box(std::is_x86_feature_detected!("avx2"));
    std::hint::black_box(<sha2::Sha256 as sha2::Digest>::digest([]));
    // The interface makes its remarks' ids on this thread: its random
    // source is seeded now rather than at the first remark.
    std::hint::black_box(ulid::Ulid::new());
}

/// The terminal's events, read on a thread of their own, started once
/// they are needed: after the first frame when the data are ready at once
/// (the embedded default), once a load takes longer than a moment
/// otherwise, and before the start screen.
/// Each thread started before the first frame delayed it (0.2-0.3 ms of a
/// 4 ms start, measured by turns); keys pressed meanwhile wait in the
/// terminal.
#[derive(Default)]
struct Keys(Option<mpsc::Receiver<Read>>);

/// A terminal event and when it was read: a key read before the screen it
/// would act on was shown (see [`event_loop`]) is not acted on.
type Read = (Instant, std::io::Result<Event>);

impl Keys {
    fn listen(&mut self) -> &mpsc::Receiver<Read> {
        self.0.get_or_insert_with(spawn_reader)
    }
}

/// Runs the loader on a thread of its own; its result comes on the
/// channel. The thread then runs `after` (the watchdog), also when the
/// loader panicked, once the channel is closed.
fn spawn_loader(
    loader: Loader,
    after: impl FnOnce() + Send + 'static,
) -> mpsc::Receiver<Result<Opening, UserError>> {
    /// Runs its function when dropped, as a panic unwinds too.
    struct Then<F: FnOnce()>(Option<F>);
    impl<F: FnOnce()> Drop for Then<F> {
        fn drop(&mut self) {
            if let Some(f) = self.0.take() {
                f();
            }
        }
    }
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _after = Then(Some(after));
        // Dropped first (the reverse order of the two), so that the
        // interface hears of a panic before the watchdog starts.
        let tx = tx;
        let _ = tx.send(loader());
    });
    rx
}

/// How long a load may take before the loading frame is shown.
const LOADING_SHOWN_AFTER: Duration = Duration::from_millis(30);

/// Waits for the loader, showing the loading frame after the first moment
/// (`LOADING_SHOWN_AFTER`) until it is done; quitting and signals still
/// work meanwhile, looked at after each wait.
fn wait_for_load(
    terminal: &mut Tty,
    rx: &mpsc::Receiver<Result<Opening, UserError>>,
    lang: Lang,
    keys: &mut Keys,
    signal: &Signals,
) -> Result<Opening, Outcome> {
    let started = Instant::now();
    // Data ready within a moment (the embedded default, a cached file)
    // go straight to their first frame: no loading frame drawn only to
    // be replaced. Longer, it shows; nobody sees the wait before it.
    let mut wait = LOADING_SHOWN_AFTER;
    let mut watched = false;
    loop {
        match rx.recv_timeout(wait) {
            Ok(Ok(meeting)) => return Ok(meeting),
            Ok(Err(e)) => return Err(Outcome::LoadFailed(e)),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                // A panic of the loader's thread: its report is in the log.
                return Err(Outcome::LoadFailed(UserError(crate::i18n::tr(
                    "データの読み込みが途中で止まりました（詳しくはログに。場所は kpi-council config で）",
                    "loading stopped unexpectedly (details in the log, shown by kpi-council config)",
                ))));
            }
        }
        if !watched {
            // A long load: the loading frame drawn next could block on a
            // stalled terminal; the loader's thread is still busy.
            std::thread::spawn(signal.watchdog());
            watched = true;
        }
        if let Some(sig) = signal.take() {
            return Err(Outcome::Abandoned(Ending::Signal(sig)));
        }
        while let Ok((_, event)) = keys.listen().try_recv() {
            match event {
                Ok(Event::Key(key))
                    if crate::app::keymap::action_for(&key)
                        == Some(crate::app::action::Action::Quit) =>
                {
                    return Err(Outcome::Abandoned(Ending::Quit));
                }
                Ok(_) => {}
                Err(e) => return Err(Outcome::Abandoned(Ending::TerminalLost(e.to_string()))),
            }
        }
        if let Err(e) = terminal.draw(|frame| ui::loading::render(frame, lang, started.elapsed())) {
            return Err(Outcome::Abandoned(Ending::TerminalLost(e.to_string())));
        }
        wait = Duration::from_millis(100);
    }
}

/// The start screen: the sessions of the folder until one is chosen (or a
/// new meeting's date given). Quitting and signals work as everywhere.
fn choose(
    terminal: &mut Tty,
    mut chooser: Chooser,
    events: &mpsc::Receiver<Read>,
    signal: &Signals,
) -> Result<Meeting, Outcome> {
    use crossterm::event::{MouseButton, MouseEventKind};
    loop {
        if let Some(sig) = signal.take() {
            return Err(Outcome::Abandoned(Ending::Signal(sig)));
        }
        if let Err(e) =
            signal.stop_if_asked(terminal).and_then(|()| signal.retake_if_continued(terminal))
        {
            return Err(Outcome::Abandoned(Ending::TerminalLost(e.to_string())));
        }
        if let Err(e) = terminal.draw(|frame| ui::picker::render(&chooser.picker, frame)) {
            return Err(Outcome::Abandoned(Ending::TerminalLost(e.to_string())));
        }
        let choice = match events.recv_timeout(Duration::from_millis(250)) {
            Ok((_, Ok(Event::Key(key)))) => chooser.picker.key(key),
            Ok((_, Ok(Event::Paste(text)))) => {
                chooser.picker.paste(&text);
                None
            }
            Ok((_, Ok(Event::Mouse(m)))) if m.kind == MouseEventKind::Down(MouseButton::Left) => {
                let top = ui::picker::LIST_TOP;
                m.row.checked_sub(top).and_then(|r| chooser.picker.click(usize::from(r)))
            }
            Ok((_, Ok(_))) | Err(mpsc::RecvTimeoutError::Timeout) => None,
            Ok((_, Err(e))) => {
                return Err(Outcome::Abandoned(Ending::TerminalLost(e.to_string())));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Outcome::Abandoned(Ending::TerminalLost(events_stopped())));
            }
        };
        let Some(choice) = choice else { continue };
        return match chooser.open(choice) {
            Ok(Some(meeting)) => Ok(meeting),
            Ok(None) => Err(Outcome::Abandoned(Ending::Quit)),
            Err(e) => Err(Outcome::LoadFailed(e)),
        };
    }
}

/// Reads terminal events on a thread of its own. crossterm's reader never
/// returns once the terminal has hung up (it retries the failing read
/// forever), so the main loop must not wait inside it: it waits on this
/// channel with a timeout, and keeps checking signals and drawing, which
/// fails on a dead terminal and ends the run with the session saved.
fn spawn_reader() -> mpsc::Receiver<Read> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        loop {
            let event = event::read();
            let failed = event.is_err();
            if tx.send((Instant::now(), event)).is_err() || failed {
                break;
            }
        }
    });
    rx
}

/// The meeting until it ends. A key read before `shown` (when the meeting
/// opened, or a form was saved and closed) was typed before the screen it
/// would now act on was there to see: Enter pressed twice to save a
/// remark would otherwise open the item under it. Such keys are not acted
/// on, and the status line says so once.
fn event_loop(
    terminal: &mut Tty,
    meeting: &mut Meeting,
    keys: &mut Keys,
    signal: &Signals,
    opened_at: Instant,
) -> Ending {
    let mut shown = opened_at;
    let mut dropped = false;
    loop {
        if let Some(sig) = signal.take() {
            return Ending::Signal(sig);
        }
        if let Err(e) =
            signal.stop_if_asked(terminal).and_then(|()| signal.retake_if_continued(terminal))
        {
            return Ending::TerminalLost(e.to_string());
        }
        meeting.tick(clock::now());
        if let Err(e) = terminal.draw(|frame| ui::render(&meeting.app, frame)) {
            return Ending::TerminalLost(e.to_string());
        }
        // A session created new is written once its first frame is shown.
        meeting.settle();
        match keys.listen().recv_timeout(Duration::from_millis(250)) {
            Ok((read, Ok(Event::Key(_) | Event::Paste(_)))) if read <= shown => {
                if !dropped {
                    dropped = true;
                    meeting.app.set_now(clock::now());
                    let words = meeting.app.lang.day().type_ahead_dropped;
                    meeting.app.warn(words);
                }
            }
            Ok((_, Ok(Event::Key(key)))) => {
                dropped = false;
                meeting.app.set_now(clock::now());
                meeting.key(key);
            }
            Ok((_, Ok(Event::Paste(text)))) => {
                dropped = false;
                meeting.app.set_now(clock::now());
                meeting.paste(&text);
            }
            Ok((_, Ok(Event::Mouse(mouse)))) => {
                meeting.app.set_now(clock::now());
                meeting.mouse(mouse, Instant::now());
            }
            Ok((_, Ok(_))) | Err(mpsc::RecvTimeoutError::Timeout) => {}
            Ok((_, Err(e))) => return Ending::TerminalLost(e.to_string()),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Ending::TerminalLost(events_stopped());
            }
        }
        if meeting.app.quit {
            return Ending::Quit;
        }
        if std::mem::take(&mut meeting.app.form_saved) {
            shown = Instant::now();
        }
    }
}

/// Runs the import preview until the user decides; a signal or a lost
/// terminal decides nothing is written. The terminal is restored on every
/// path (ratatui's hook restores it on a panic).
pub fn run_preview(
    preview: &mut crate::app::preview::Preview,
) -> std::io::Result<crate::app::preview::Decision> {
    use crate::app::preview::Decision;
    // A command's signals (crate::interrupt) wait for this screen: it
    // restores the terminal first, then the program ends by the signal.
    let _interface = crate::interrupt::interface();
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in crate::interrupt::ENDING {
        signal_hook::flag::register_usize(
            sig,
            Arc::clone(&signal),
            usize::try_from(sig).unwrap_or(0),
        )?;
    }
    // The guard dropped after the terminal: what the terminal still
    // holds goes out before the screen is left.
    let (_tty, mut terminal) = open_tty()?;
    let events = spawn_reader();
    let decision = loop {
        if signal.load(Ordering::SeqCst) != 0 {
            break Decision::Discard;
        }
        if terminal.draw(|frame| ui::reconciliation::render(preview, frame)).is_err() {
            break Decision::Discard;
        }
        match events.recv_timeout(Duration::from_millis(250)) {
            Ok((_, Ok(Event::Key(key)))) => {
                if let Some(d) = preview.key(key) {
                    break d;
                }
            }
            Ok((_, Ok(_))) | Err(mpsc::RecvTimeoutError::Timeout) => {}
            Ok((_, Err(_))) | Err(mpsc::RecvTimeoutError::Disconnected) => break Decision::Discard,
        }
    };
    // (as in `run`: a frame's remains before the restore)
    drop(terminal);
    ratatui::try_restore()?;
    Ok(decision)
}

/// Why the meeting ended when the terminal's input closed.
fn events_stopped() -> String {
    crate::i18n::tr("端末からの入力が途絶えました", "the terminal stopped sending events")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The writes that reach the terminal: how many, how many bytes.
    #[derive(Default, Clone)]
    struct Writes(std::rc::Rc<std::cell::Cell<(usize, usize)>>);

    impl std::io::Write for Writes {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let (calls, bytes) = self.0.get();
            self.0.set((calls + 1, bytes + buf.len()));
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A whole frame (the overview, in colour, at the sizes of a laptop
    /// and a projector) reaches the terminal in one write, never in pieces
    /// the terminal could show half drawn.
    #[test]
    fn a_frame_reaches_the_terminal_in_one_write() {
        use ratatui::layout::Rect;
        use ratatui::{TerminalOptions, Viewport};
        let loaded = crate::store::embedded::load().expect("embedded default");
        let now = chrono::DateTime::parse_from_rfc3339("2019-05-20T13:55:00+09:00").expect("time");
        let app = crate::app::state::App::in_memory(loaded, Lang::Ja, now);
        for (width, height) in [(80, 24), (120, 40), (200, 50)] {
            let writes = Writes::default();
            let out = std::io::BufWriter::with_capacity(FRAME_BYTES, writes.clone());
            let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
            let backend = ratatui::backend::CrosstermBackend::new(out);
            let mut terminal =
                ratatui::Terminal::with_options(backend, TerminalOptions { viewport })
                    .expect("terminal");
            terminal.draw(|frame| ui::render(&app, frame)).expect("drawn");
            let (calls, bytes) = writes.0.get();
            assert!(bytes > 4000, "{width}x{height}: a whole frame ({bytes} bytes)");
            assert_eq!(calls, 1, "{width}x{height}: {bytes} bytes");
        }
    }
}
