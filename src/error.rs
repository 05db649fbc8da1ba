//! The errors a command ends with, kept typed to the edge: `main` prints
//! one line and chooses the exit status from the kind, and a closed pipe
//! (`kpi-council summary … | head -1`) ends quietly with status 0, as the
//! usual command-line tools do.

use std::error::Error as _;
use std::io;

use crate::commands::UserError;
use crate::export::write::WriteError;
use crate::store::ron_file::LoadError;
use crate::store::session_store::OpenError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A message written for the user (bad arguments, a refused input).
    #[error(transparent)]
    User(#[from] UserError),
    /// A file that could not be read: its path, line and column.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A session that could not be opened (locked, damaged journal).
    #[error(transparent)]
    Open(#[from] OpenError),
    /// An output file that could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// Standard output could not be written.
    #[error("{}", crate::i18n::tr(format!("出力を書けません: {_0}"), format!("cannot write the output: {_0}")))]
    Output(#[source] io::Error),
}

impl Error {
    /// Whoever read our output has gone (`| head -1`): nothing to report.
    #[must_use]
    pub fn is_closed_pipe(&self) -> bool {
        match self {
            Error::Output(e) => closed_pipe(e),
            _ => false,
        }
    }
}

/// Whether an error is, or was caused by, a write to a closed pipe (the
/// CSV and JSON writers wrap the I/O error they met).
fn closed_pipe(e: &io::Error) -> bool {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return true;
    }
    let mut cause: Option<&(dyn std::error::Error + 'static)> =
        e.get_ref().map(|inner| inner as &(dyn std::error::Error + 'static));
    while let Some(c) = cause {
        if c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe) {
            return true;
        }
        if c.downcast_ref::<serde_json::Error>()
            .is_some_and(|j| j.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
        {
            return true;
        }
        // The CSV writer keeps the I/O error in its kind, not as a source.
        if let Some(csv) = c.downcast_ref::<csv::Error>()
            && let csv::ErrorKind::Io(io) = csv.kind()
            && io.kind() == io::ErrorKind::BrokenPipe
        {
            return true;
        }
        cause = c.source();
    }
    e.source().is_some_and(|s| {
        s.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_is_told_apart_even_when_wrapped() {
        let pipe = || io::Error::from(io::ErrorKind::BrokenPipe);
        assert!(Error::Output(pipe()).is_closed_pipe());
        let csv_error: csv::Error = pipe().into();
        assert!(Error::Output(io::Error::other(csv_error)).is_closed_pipe());
        let json_error = serde_json::Error::io(pipe());
        assert!(Error::Output(io::Error::other(json_error)).is_closed_pipe());
        assert!(!Error::Output(io::Error::from(io::ErrorKind::StorageFull)).is_closed_pipe());
        assert!(!Error::User(UserError("x".into())).is_closed_pipe());
    }
}
