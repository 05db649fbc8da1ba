//! Ctrl+C (SIGINT), SIGTERM or SIGHUP while a command writes a file. Each
//! file is written to a temporary file beside it and renamed into place
//! (see `store::disk`); the default action of the signal would end the
//! program there and leave that temporary file (`.<name>.XXXXXX`, hundreds
//! of megabytes for `summary --companies -o` at a million records).
//!
//! With [`watch`], a signal while files are written stops them at their
//! next write: their temporary files are removed, the files they replace
//! stay as they were, and the program then ends as the signal would have
//! (status 128 + n). Outside a write the signal ends the program at once,
//! as by default, and so does a second signal. The interface does not use
//! this: it has its own handling, which saves the meeting first.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

/// The signal caught (0: none).
static CAUGHT: LazyLock<Arc<AtomicUsize>> = LazyLock::new(Arc::default);
/// Whether a signal was caught: a second one ends the program at once.
static STOPPING: LazyLock<Arc<AtomicBool>> = LazyLock::new(Arc::default);
/// Whether no file is being written: a signal ends the program at once.
static IDLE: LazyLock<Arc<AtomicBool>> = LazyLock::new(|| Arc::new(AtomicBool::new(true)));
/// How many files are being written now.
static WRITING: AtomicUsize = AtomicUsize::new(0);

/// Takes SIGINT, SIGTERM and SIGHUP for the rest of the run (a command
/// other than the interface).
pub fn watch() -> std::io::Result<()> {
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        let status = 128 + signal;
        // Run in this order: the second signal, then one outside a write,
        // end the program before the first one is noted.
        signal_hook::flag::register_conditional_shutdown(signal, status, Arc::clone(&STOPPING))?;
        signal_hook::flag::register_conditional_shutdown(signal, status, Arc::clone(&IDLE))?;
        #[allow(clippy::cast_sign_loss)]
        signal_hook::flag::register_usize(signal, Arc::clone(&CAUGHT), signal as usize)?;
        signal_hook::flag::register(signal, Arc::clone(&STOPPING))?;
    }
    Ok(())
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
/// after it is committed or removed: held by the writer, dropped last.
#[must_use]
pub struct Writing(());

/// Marks a file as being written (see [`Writing`]).
pub fn writing() -> Writing {
    if WRITING.fetch_add(1, Ordering::SeqCst) == 0 {
        IDLE.store(false, Ordering::SeqCst);
    }
    Writing(())
}

impl Drop for Writing {
    /// The last file of a run that was asked to stop has been given up:
    /// the program ends as the signal would have ended it.
    fn drop(&mut self) {
        if WRITING.fetch_sub(1, Ordering::SeqCst) == 1 {
            IDLE.store(true, Ordering::SeqCst);
            let signal = CAUGHT.load(Ordering::SeqCst);
            if signal != 0 {
                eprintln!(
                    "{}",
                    crate::i18n::tr(
                        "中断しました（書きかけのファイルは残していません）",
                        "interrupted (no half-written file is left)"
                    )
                );
                std::process::exit(i32::try_from(128 + signal).unwrap_or(130));
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
