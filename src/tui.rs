//! The only code that touches the terminal: set-up and restoration, the
//! event loop, and the signals that must not leave a broken terminal.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use crate::app::state::App;
use crate::app::update::{handle_key, handle_paste};
use crate::ui;

/// How the interactive session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit.
    Quit,
    /// A signal ended it; the exit status is 128 + the signal number.
    Signal(i32),
}

/// Runs the interface until the user quits or a signal arrives. The
/// terminal is restored on every path: quit, error, signal, and (through
/// ratatui's hook) panic.
pub fn run(app: &mut App) -> std::io::Result<Ending> {
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [SIGHUP, SIGINT, SIGTERM] {
        signal_hook::flag::register_usize(
            sig,
            Arc::clone(&signal),
            usize::try_from(sig).unwrap_or(0),
        )?;
    }
    let mut terminal = ratatui::try_init()?;
    // Pasted text arrives as one event, not as keys that could trigger commands.
    let result = execute!(std::io::stdout(), EnableBracketedPaste)
        .and_then(|()| event_loop(&mut terminal, app, &signal));
    // A lost terminal (hang-up) cannot be restored; that is not an error then.
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    let restored = ratatui::try_restore();
    let ending = result?;
    if ending == Ending::Quit {
        restored?;
    }
    Ok(ending)
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    signal: &AtomicUsize,
) -> std::io::Result<Ending> {
    let started = Instant::now();
    loop {
        let sig = signal.load(Ordering::SeqCst);
        if sig != 0 {
            return Ok(Ending::Signal(i32::try_from(sig).unwrap_or(15)));
        }
        app.elapsed = started.elapsed();
        terminal.draw(|frame| ui::render(app, frame))?;
        if event::poll(Duration::from_millis(250))? {
            match event::read()? {
                Event::Key(key) => handle_key(app, key),
                Event::Paste(text) => handle_paste(app, &text),
                _ => {}
            }
        }
        if app.quit {
            return Ok(Ending::Quit);
        }
    }
}
