//! The few ways the program writes to disk, behind one trait so that tests
//! can make any step fail (a full disk, a read-only folder, a failing
//! fsync) and prove nothing is lost.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub trait Disk: Send {
    /// Appends to a file; with `sync`, returns only once the data is on
    /// disk. A new file's folder is synced too.
    fn append(&mut self, path: &Path, bytes: &[u8], sync: bool) -> io::Result<()>;
    /// Replaces a file atomically and durably: a temporary file in the same
    /// folder, fsync, rename over the old one, fsync of the folder. A crash
    /// at any instant leaves the old file or the new one, never a mix.
    fn replace(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Removes a file if it exists.
    fn remove(&mut self, path: &Path) -> io::Result<()>;
}

/// The real file system.
#[derive(Default)]
pub struct RealDisk {
    /// Open append handles, so a remark costs one write and one fsync.
    appending: HashMap<PathBuf, File>,
}

fn sync_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

impl Disk for RealDisk {
    fn append(&mut self, path: &Path, bytes: &[u8], sync: bool) -> io::Result<()> {
        if !self.appending.contains_key(path) {
            let existed = path.exists();
            let file = OpenOptions::new().create(true).append(true).open(path)?;
            if !existed {
                file.sync_all()?;
                sync_dir(path)?;
            }
            self.appending.insert(path.to_path_buf(), file);
        }
        let result = (|| {
            let file = self.appending.get_mut(path).ok_or(io::ErrorKind::NotFound)?;
            file.write_all(bytes)?;
            if sync { file.sync_data() } else { Ok(()) }
        })();
        if result.is_err() {
            // After a failed write or fsync the file is not trusted again
            // (PostgreSQL's "fsyncgate"): the caller writes a fresh file.
            self.appending.remove(path);
        }
        result
    }

    fn replace(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        // A handle to the old file would write into the replaced inode.
        self.appending.remove(path);
        let mut file = atomic_write_file::AtomicWriteFile::open(path)?;
        file.write_all(bytes)?;
        file.commit()
    }

    fn remove(&mut self, path: &Path) -> io::Result<()> {
        self.appending.remove(path);
        match std::fs::remove_file(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other.and_then(|()| sync_dir(path)),
        }
    }
}

/// A disk whose next operations fail on purpose, for the fault tests.
#[doc(hidden)]
pub mod faulty {
    use std::io;
    use std::path::Path;
    use std::sync::{Arc, Mutex};

    use super::{Disk, RealDisk};

    /// What to break, shared with the test that watches.
    #[derive(Debug, Default, Clone)]
    pub struct Faults {
        /// Appends to fail from now on (each failure counts one down).
        pub appends: usize,
        /// Replacements to fail.
        pub replaces: usize,
        /// The error to give: `StorageFull` (ENOSPC) by default.
        pub kind: Option<io::ErrorKind>,
    }

    pub struct FaultyDisk {
        pub inner: RealDisk,
        pub faults: Arc<Mutex<Faults>>,
    }

    impl FaultyDisk {
        #[must_use]
        pub fn new(faults: Arc<Mutex<Faults>>) -> Self {
            FaultyDisk { inner: RealDisk::default(), faults }
        }

        fn fail(&self, which: fn(&mut Faults) -> &mut usize) -> io::Result<()> {
            let mut f = self.faults.lock().map_err(|_| io::Error::other("poisoned"))?;
            let kind = f.kind.unwrap_or(io::ErrorKind::StorageFull);
            let n = which(&mut f);
            if *n > 0 {
                *n -= 1;
                return Err(io::Error::new(kind, "injected fault"));
            }
            Ok(())
        }
    }

    impl Disk for FaultyDisk {
        fn append(&mut self, path: &Path, bytes: &[u8], sync: bool) -> io::Result<()> {
            self.fail(|f| &mut f.appends)?;
            self.inner.append(path, bytes, sync)
        }

        fn replace(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
            self.fail(|f| &mut f.replaces)?;
            self.inner.replace(path, bytes)
        }

        fn remove(&mut self, path: &Path) -> io::Result<()> {
            self.inner.remove(path)
        }
    }
}
