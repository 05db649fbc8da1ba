//! A log file for diagnosis, in the platform's state (or cache) folder,
//! never on the screen: `--debug` makes it verbose.

use std::sync::Mutex;

use tracing::Level;

/// Starts logging to the log file; quietly does nothing if it cannot be
/// opened (a log must never stop a meeting). Returns its path.
pub fn init(debug: bool) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("KPI_COUNCIL_LOG")
        .map(std::path::PathBuf::from)
        .or_else(crate::config::log_path)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).ok()?;
    }
    // Never through a link, like every file the program writes.
    let file = crate::store::disk::open_nofollow(
        std::fs::OpenOptions::new().create(true).append(true),
        &path,
    )
    .ok()?;
    let level = if debug { Level::DEBUG } else { Level::INFO };
    tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_max_level(level)
        // A log that cannot be written (a full disk, a size limit) says
        // nothing on the screen either.
        .log_internal_errors(false)
        .try_init()
        .ok()?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "kpi-council starts");
    Some(path)
}
