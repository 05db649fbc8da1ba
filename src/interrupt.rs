//! Ctrl+C (SIGINT), SIGTERM or SIGHUP while a command writes a file. Each
//! file is written to a temporary file beside it and renamed into place
//! (see `store::disk`); the default action of the signal would end the
//! program there and leave that temporary file (`.<name>.XXXXXX`, hundreds
//! of megabytes for `summary --companies -o` at a million records).
//!
//! With [`watch`], a signal while files are written stops them at their
//! next write: their temporary files are removed, the files they replace
//! stay as they were, and the program then ends by the signal, as it would
//! have (a shell sees 128 + n, and a script's loop stops). Outside a write
//! the signal ends the program at once, as by default, and so does a second
//! signal. A signal the program was started ignoring (`nohup`, `trap ''
//! INT`) stays ignored. The interface does not use this: it has its own
//! handling, which saves the meeting first.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

/// The signals that end a run: Ctrl+C, a request to end, and the terminal
/// closed (SIGHUP, where the system has it).
#[cfg(unix)]
pub(crate) const ENDING: [i32; 3] =
    [signal_hook::consts::SIGHUP, signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM];
#[cfg(not(unix))]
pub(crate) const ENDING: [i32; 2] = [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM];

/// The signal caught (0: none).
static CAUGHT: LazyLock<Arc<AtomicUsize>> = LazyLock::new(Arc::default);
/// Whether a signal was caught: a second one ends the program at once.
static STOPPING: LazyLock<Arc<AtomicBool>> = LazyLock::new(Arc::default);
/// Whether no file is being written: a signal ends the program at once.
static IDLE: LazyLock<Arc<AtomicBool>> = LazyLock::new(|| Arc::new(AtomicBool::new(true)));
/// How many files are being written now.
static WRITING: AtomicUsize = AtomicUsize::new(0);

/// Takes SIGINT, SIGTERM and SIGHUP for the rest of the run (a command
/// other than the interface), but those the program was started ignoring.
pub fn watch() -> std::io::Result<()> {
    let ignored = ignored_at_start();
    for signal in ENDING {
        if ignored(signal) {
            continue;
        }
        // Run in this order: the second signal, then one outside a write,
        // end the program (by the signal) before the first one is noted.
        signal_hook::flag::register_conditional_default(signal, Arc::clone(&STOPPING))?;
        signal_hook::flag::register_conditional_default(signal, Arc::clone(&IDLE))?;
        #[allow(clippy::cast_sign_loss)]
        signal_hook::flag::register_usize(signal, Arc::clone(&CAUGHT), signal as usize)?;
        signal_hook::flag::register(signal, Arc::clone(&STOPPING))?;
    }
    Ok(())
}

/// A write past the file-size limit (`ulimit -f`) fails with its error
/// (File too large), which the program reports as it does a full disk,
/// instead of SIGXFSZ's default action ending the program there: the
/// interface's terminal left as it was, temporary files beside the files.
pub fn file_size_limit_as_error() {
    #[cfg(unix)]
    let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, Arc::default());
}

/// Which signals the program was started ignoring (`SigIgn` in
/// `/proc/self/status`, a bit for each: Linux). Where it cannot be read,
/// none.
pub(crate) fn ignored_at_start() -> impl Fn(i32) -> bool {
    let mask = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find_map(|l| l.strip_prefix("SigIgn:"))?;
            u64::from_str_radix(line.trim(), 16).ok()
        })
        .unwrap_or(0);
    move |signal| (1..=64).contains(&signal) && mask & (1 << (signal - 1)) != 0
}

/// `Err` once a signal asked the program to stop: the file being written
/// is to be given up.
pub fn check() -> std::io::Result<()> {
    if STOPPING.load(Ordering::SeqCst) {
        Err(std::io::Error::other(crate::i18n::tr("中断しました", "interrupted")))
    } else {
        Ok(())
    }
}

/// A file being written, from before its temporary file is made until
/// after it is committed or removed (or a screen of the program's, see
/// [`interface`]): held by the writer, dropped last.
#[must_use]
pub struct Writing {
    what: What,
}

/// What a [`Writing`] stands for: what the message says of it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum What {
    /// A file the user asked for; whether it was committed (a signal may
    /// come after the last look at it, while it is renamed).
    File { done: bool },
    /// A cache file, which the user did not ask for, or a screen.
    Quiet,
}

/// Marks a file the user asked for as being written (see [`Writing`]).
pub fn writing() -> Writing {
    begin(What::File { done: false })
}

/// Marks a cache file as being written: given up like any other, said as
/// an interruption only.
pub fn writing_cache() -> Writing {
    begin(What::Quiet)
}

/// Marks a screen of a command (the import's preview) as shown: a signal
/// does not end the program at once, so that the screen can restore the
/// terminal first (it watches for the signal itself); the program then
/// ends by the signal when this is dropped.
pub fn interface() -> Writing {
    begin(What::Quiet)
}

fn begin(what: What) -> Writing {
    if WRITING.fetch_add(1, Ordering::SeqCst) == 0 {
        IDLE.store(false, Ordering::SeqCst);
    }
    Writing { what }
}

impl Writing {
    /// The file is in place, whole.
    pub fn done(&mut self) {
        if let What::File { done } = &mut self.what {
            *done = true;
        }
    }
}

impl Drop for Writing {
    /// The last file of a run that was asked to stop has been given up (or
    /// finished just before): the program ends by the signal.
    fn drop(&mut self) {
        if WRITING.fetch_sub(1, Ordering::SeqCst) == 1 {
            IDLE.store(true, Ordering::SeqCst);
            let signal = CAUGHT.load(Ordering::SeqCst);
            if signal != 0 {
                let said = match self.what {
                    What::File { done: true } => crate::i18n::tr(
                        "中断しました（書いていたファイルは書き終えていました）",
                        "interrupted (the file being written had been finished)",
                    ),
                    What::File { done: false } => crate::i18n::tr(
                        "中断しました（書きかけのファイルは消しました）",
                        "interrupted (the half-written file was removed)",
                    ),
                    What::Quiet => crate::i18n::tr("中断しました", "interrupted"),
                };
                // The terminal may be gone (a hang-up): never a panic here.
                crate::say!("{said}");
                let signal = i32::try_from(signal).unwrap_or(signal_hook::consts::SIGINT);
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                // Where the signal could not end it.
                std::process::exit(128 + signal);
            }
        }
    }
}

/// A writer that fails once a signal asked the program to stop, so that
/// a long write is given up at its next piece.
pub struct Stoppable<'a>(pub &'a mut dyn std::io::Write);

impl std::io::Write for Stoppable<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        check()?;
        self.0.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        check()?;
        self.0.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
