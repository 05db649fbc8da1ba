//! One writer per session: an exclusive lock on `<session>.lock`, released
//! by the operating system when the process ends, however it ends. The
//! file says who holds it, so a second instance can name the holder.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

pub struct Lock {
    /// Held open: the lock lasts while the file is (read only where the
    /// system can say which file is at the path, see [`Lock::is_in_place`]).
    #[cfg_attr(not(unix), allow(dead_code))]
    file: File,
    pub path: PathBuf,
}

#[derive(Debug)]
pub enum LockError {
    Held { session: String, holder: String },
    Io { path: String, reason: String },
}

impl std::error::Error for LockError {}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::i18n::tr;
        f.write_str(&match self {
            LockError::Held { session, holder } => tr(
                format!("{session}: この記録は別の kpi-council で開かれています（{holder}）。そちらを閉じるか、--session で別の記録を開いてください"),
                format!("{session}: the session is open in another kpi-council ({holder}); close it there, or open another session with --session"),
            ),
            LockError::Io { path, reason } => tr(
                format!("{path}: ロックファイルを作れません: {reason}"),
                format!("{path}: cannot create the lock file: {reason}"),
            ),
        })
    }
}

/// `pid 1234, user yamada, host laptop, since 2019-05-20 14:02:11`.
fn describe_self(now: &str) -> String {
    let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_default();
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_default();
    describe(std::process::id(), &user, &host, now)
}

/// `pid 1234, user yamada, host laptop, since …`; a name the system does
/// not give is left out, not written as 「user ,」.
fn describe(pid: u32, user: &str, host: &str, now: &str) -> String {
    let mut parts = vec![format!("pid {pid}")];
    for (what, value) in [("user", user.trim()), ("host", host.trim())] {
        if !value.is_empty() {
            parts.push(format!("{what} {value}"));
        }
    }
    parts.push(format!("since {now}"));
    parts.join(", ")
}

impl Lock {
    /// Takes the lock of `session`, or says who holds it.
    pub fn acquire(session: &Path, now: &str) -> Result<Lock, LockError> {
        let path = path_of(session);
        let io = |e: std::io::Error| LockError::Io {
            path: path.display().to_string(),
            reason: super::ron_file::io_reason(&e),
        };
        // Never through a link: a committed `x.ron.lock` link to another
        // file must not make the meeting truncate that file.
        let mut file = super::disk::open_nofollow(
            OpenOptions::new().read(true).write(true).create(true).truncate(false),
            &path,
        )
        .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                return Err(LockError::Held {
                    session: session.display().to_string(),
                    holder: if holder.is_empty() {
                        "holder unknown".into()
                    } else {
                        holder.to_string()
                    },
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        // Say who holds it; a failure here does not weaken the lock itself.
        // Not synced: the words are for a second program running now, and
        // the lock itself ends with the process, whatever reached the disk.
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = file.write_all(describe_self(now).as_bytes());
        Ok(Lock { file, path })
    }
}

impl Lock {
    /// Whether the lock file at its path is still the one held: not once
    /// the folder was swapped under the meeting (a USB stick pulled and
    /// its mount point left, the folder renamed and made again) or the
    /// file removed, when a second program would lock a new one there.
    #[must_use]
    pub fn is_in_place(&self) -> bool {
        let Ok(there) = std::fs::symlink_metadata(&self.path) else {
            return false;
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            self.file
                .metadata()
                .is_ok_and(|held| held.dev() == there.dev() && held.ino() == there.ino())
        }
        #[cfg(not(unix))]
        {
            let _ = there;
            true
        }
    }
}

/// The lock file of a session.
#[must_use]
pub fn path_of(session: &Path) -> PathBuf {
    let mut name = session.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Whether another program holds the session's lock now (a meeting
/// recording it). Only looks: never creates the lock file.
#[must_use]
pub fn is_held(session: &Path) -> bool {
    let Ok(file) = OpenOptions::new().read(true).open(path_of(session)) else {
        return false;
    };
    match file.try_lock_shared() {
        Ok(()) => {
            let _ = file.unlock();
            false
        }
        Err(TryLockError::WouldBlock) => true,
        Err(TryLockError::Error(_)) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_with_the_holder_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.ron");
        let first = Lock::acquire(&session, "14:02").expect("first lock");
        let Err(LockError::Held { holder, .. }) = Lock::acquire(&session, "14:03") else {
            panic!("the second lock must be refused");
        };
        assert!(holder.contains(&format!("pid {}", std::process::id())), "{holder}");
        assert!(holder.contains("since 14:02"));
        assert!(is_held(&session), "another program sees it held");
        drop(first);
        assert!(!is_held(&session));
        assert!(Lock::acquire(&session, "14:04").is_ok(), "released with its holder");
    }

    #[test]
    fn a_name_the_system_does_not_give_is_left_out() {
        assert_eq!(
            describe(7, "yamada", "pc\n", "14:02"),
            "pid 7, user yamada, host pc, since 14:02"
        );
        assert_eq!(describe(7, "", " ", "14:02"), "pid 7, since 14:02");
    }
}
