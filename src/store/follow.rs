//! Following a session another program is writing (the projector's view):
//! read-only, no lock, the journal read from where it was last read.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::domain::session::Session;

use super::journal;
use super::session_file;
use super::session_store::OpenError;

pub struct Follower {
    path: PathBuf,
    journal: PathBuf,
    /// The snapshot as last read: its modification time and length.
    snapshot: Option<(SystemTime, u64)>,
    /// How far the journal has been read.
    offset: u64,
    /// A last line still being written.
    partial: Vec<u8>,
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

impl Follower {
    /// Reads the session as it is now.
    pub fn open(path: &Path) -> Result<(Follower, Session), OpenError> {
        let mut follower = Follower {
            path: path.to_path_buf(),
            journal: PathBuf::from(format!("{}.journal", path.display())),
            snapshot: None,
            offset: 0,
            partial: Vec::new(),
        };
        let session = follower.reload()?;
        Ok((follower, session))
    }

    fn reload(&mut self) -> Result<Session, OpenError> {
        self.snapshot = stamp(&self.path);
        let mut session = session_file::load(&self.path)?;
        self.offset = 0;
        self.partial.clear();
        self.read_journal(&mut session);
        Ok(session)
    }

    /// Applies the journal lines written since the last read.
    fn read_journal(&mut self, session: &mut Session) -> bool {
        let Ok(mut file) = std::fs::File::open(&self.journal) else { return false };
        let len = file.metadata().map_or(0, |m| m.len());
        if len < self.offset {
            // Emptied: the writer wrote a new snapshot; it is reloaded next.
            return false;
        }
        if len == self.offset || file.seek(SeekFrom::Start(self.offset)).is_err() {
            return false;
        }
        let mut bytes = std::mem::take(&mut self.partial);
        if file.read_to_end(&mut bytes).is_err() {
            return false;
        }
        self.offset = len;
        // Only whole lines; a line still being written waits for the next read.
        let cut = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        self.partial = bytes.split_off(cut);
        let Ok(replay) = journal::read(&bytes) else { return false };
        let mut changed = false;
        for entry in replay.records {
            if !entry.is_in(session) {
                entry.fold_into(session);
                changed = true;
            }
        }
        changed
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Brings `session` up to date; whether anything changed.
    pub fn poll(&mut self, session: &mut Session) -> bool {
        let journal_len = std::fs::metadata(&self.journal).map_or(0, |m| m.len());
        if stamp(&self.path) != self.snapshot || journal_len < self.offset {
            return match self.reload() {
                Ok(s) => {
                    *session = s;
                    true
                }
                Err(_) => false,
            };
        }
        self.read_journal(session)
    }
}
