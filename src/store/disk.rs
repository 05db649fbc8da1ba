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
    /// [`Disk::replace`] with what `write` writes into the new file, a
    /// piece at a time (a large session is never held whole as text); when
    /// `write` fails, the old file stays as it was. By default the pieces
    /// are gathered and replaced at once.
    fn replace_with(
        &mut self,
        path: &Path,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.replace(path, &bytes)
    }
    /// Makes the file `from` (written by this program, not yet synced) the
    /// file `to`, atomically and durably, as [`Disk::replace`] would with
    /// its bytes; `from` is gone after.
    fn promote(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        let bytes = std::fs::read(from)?;
        self.replace(to, &bytes)?;
        self.remove(from)
    }
    /// Removes a file if it exists.
    fn remove(&mut self, path: &Path) -> io::Result<()>;
}

/// Files that may hold 非公開 text outside the session file (the journal,
/// the draft, a rescue copy, a backup waiting to become the `.bak`):
/// readable by their owner only. Every other new file gets the permissions
/// of an ordinary user file; a backup put in place, those of the file it is
/// a copy of (see [`like`]).
#[must_use]
pub fn mode_for(path: &Path) -> u32 {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let private =
        [".journal", ".draft", ".judgment-draft", ".bak.pending"].iter().any(|s| name.ends_with(s))
            || name.starts_with("kpi-council-rescue-");
    if private { 0o600 } else { 0o644 }
}

/// Refuses a path that is a symbolic link: the program never writes
/// through one (a committed `x.ron.lock` link to another file, say).
pub fn refuse_symlink(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(symlink_error(path)),
        _ => Ok(()),
    }
}

/// The error for a symbolic link where a file is written.
#[must_use]
pub fn symlink_error(path: &Path) -> io::Error {
    let _ = path;
    io::Error::other(crate::i18n::tr(
        "シンボリックリンクです。リンクを通しては書き込みません（普通のファイルに置き換えるか、消してください）",
        "it is a symbolic link; refused, nothing is written through a link (replace it by a plain file or remove it)",
    ))
}

/// Opens for writing without following a symbolic link at `path` (on
/// Unix `O_NOFOLLOW`; a link gives the clear error of [`symlink_error`]).
pub fn open_nofollow(options: &mut OpenOptions, path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW).mode(mode_for(path));
    }
    options.open(path).map_err(|e| {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            symlink_error(path)
        } else {
            e
        }
    })
}

/// Replaces each of `files` with its bytes, atomically and durably, the
/// set as nearly at once as a file system allows: every new file is
/// written and synced beside its old one before any is put in place, so a
/// full disk, a quota or a size limit leaves the whole set as it was
/// rather than some files new and the others old (the minutes in four
/// formats, say), and nothing beside them. A link or a folder where a file
/// is to go is refused before anything is written, and another user's file
/// in a shared folder before anything is renamed. Only a rename refused for
/// a reason not seen beforehand can leave the set part replaced; the files
/// not yet renamed are then removed. The error names the file it is about.
pub fn replace_all(files: &[(&Path, &[u8])]) -> Result<(), (PathBuf, io::Error)> {
    for &(path, _) in files {
        refuse_symlink(path).map_err(|e| (path.to_path_buf(), e))?;
        if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            let folder = crate::i18n::tr("同じ名前のフォルダがあります", "a folder has that name");
            return Err((path.to_path_buf(), io::Error::other(folder)));
        }
    }
    let mut writing = crate::interrupt::writing();
    let mut made = Vec::with_capacity(files.len());
    // This user (the files made are theirs until given the old owner).
    let mut me = None;
    for &(path, bytes) in files {
        let failed = |e| (path.to_path_buf(), e);
        let (mut file, made_by) = beside(path).map_err(failed)?;
        me = me.or(made_by);
        crate::interrupt::Stoppable(file.as_file_mut()).write_all(bytes).map_err(failed)?;
        // Synced here, where a delayed allocation finds the disk full.
        file.as_file().sync_all().map_err(failed)?;
        made.push((path, file));
    }
    // A signal to stop is heeded before the renames, not between them.
    if let Some(&(path, _)) = files.first() {
        crate::interrupt::check().map_err(|e| (path.to_path_buf(), e))?;
    }
    // A rename the file system would refuse is found before the first.
    #[cfg(unix)]
    if let Some(me) = me
        && let Some((path, _)) = made.iter().find(|(path, _)| rename_refused(path, me))
    {
        let refused = io::Error::from(io::ErrorKind::PermissionDenied);
        return Err((path.to_path_buf(), refused));
    }
    // A rename refused hands its file back, removed as it is dropped with
    // those not yet renamed.
    let renamed = made.into_iter().try_for_each(|(path, file)| {
        file.persist(path).map(drop).map_err(|e| (path.to_path_buf(), e.error))
    });
    // The folders synced even then: what was renamed stays renamed.
    let (mut synced, mut unsynced) = (Vec::new(), None);
    for &(path, _) in files {
        if !synced.contains(&folder_of(path)) {
            if let Err(e) = sync_dir(path) {
                unsynced.get_or_insert((path.to_path_buf(), e));
            }
            synced.push(folder_of(path));
        }
    }
    renamed?;
    if let Some(failed) = unsynced {
        return Err(failed);
    }
    writing.done();
    Ok(())
}

/// Whether the file system would refuse user `me` a rename over `path`: in
/// a folder with the sticky bit (a shared folder, `/tmp`) only the owner
/// of a file, or of the folder, may replace it.
#[cfg(unix)]
fn rename_refused(path: &Path, me: u32) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    let Ok(target) = std::fs::symlink_metadata(path) else { return false };
    let dir = folder_of(path);
    let Ok(folder) = std::fs::metadata(dir) else { return false };
    me != 0 && folder.mode() & 0o1000 != 0 && target.uid() != me && folder.uid() != me
}

/// The owner, group and permissions a file written at `path` takes: those
/// of the file it replaces. A backup (`<file>.bak`) takes the owner and
/// group of the file it is a copy of, and is no more open than that file
/// either: a session made private has a private backup. `None` for a new
/// file that is no backup.
fn like(path: &Path) -> Option<(std::fs::Metadata, std::fs::Permissions)> {
    let old = std::fs::metadata(path).ok();
    let Some(copied) = backed_up(path).and_then(|p| std::fs::metadata(p).ok()) else {
        return old.map(|m| (m.clone(), m.permissions()));
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = old.map_or(0o7777, |m| m.permissions().mode()) & copied.permissions().mode();
        let permissions = std::fs::Permissions::from_mode(mode);
        Some((copied, permissions))
    }
    #[cfg(not(unix))]
    {
        let permissions = old.map_or_else(|| copied.permissions(), |m| m.permissions());
        Some((copied, permissions))
    }
}

/// The file a backup (`<file>.bak`) is a copy of, whatever bytes its name
/// holds.
fn backed_up(path: &Path) -> Option<&Path> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let name = path.as_os_str().as_bytes().strip_suffix(b".bak")?;
        Some(Path::new(std::ffi::OsStr::from_bytes(name)))
    }
    #[cfg(not(unix))]
    {
        path.to_str()?.strip_suffix(".bak").map(Path::new)
    }
}

/// Gives `file` the group, then the owner, of `like` where the system
/// allows (a member of the group may give the group, only root the owner),
/// and then `permissions`, without the group's share when the group could
/// not be given: the file would otherwise open to this user's own group,
/// which the old file never let in.
#[cfg(unix)]
fn take_on(
    file: &File,
    like: &std::fs::Metadata,
    permissions: &std::fs::Permissions,
) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let _ = std::os::unix::fs::fchown(file, None, Some(like.gid()));
    if file.metadata()?.uid() != like.uid() {
        let _ = std::os::unix::fs::fchown(file, Some(like.uid()), None);
    }
    let grouped = file.metadata()?.gid() == like.gid();
    let mode = if grouped { permissions.mode() } else { permissions.mode() & !0o070 };
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn take_on(
    file: &File,
    _like: &std::fs::Metadata,
    permissions: &std::fs::Permissions,
) -> io::Result<()> {
    file.set_permissions(permissions.clone())
}

/// A new file beside `path`, hidden (`.<name>.XXXXXX`), to be renamed over
/// it, and the user it was made by (`None` where there are none): with the
/// permissions, owner and group of the file it replaces ([`like`]; the
/// owner and group where the system allows, see [`take_on`]), or for a new
/// one the permissions of [`mode_for`] less what the user's umask takes
/// away. It is never more open than the file it replaces: made readable
/// by this user alone until its owner and group are set.
fn beside(path: &Path) -> io::Result<(tempfile::NamedTempFile, Option<u32>)> {
    let prefix = hidden_prefix(path);
    let old = like(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let narrowest = old.as_ref().map_or(0o7777, |(_, p)| p.mode() & 0o700);
        builder.permissions(std::fs::Permissions::from_mode(mode_for(path) & narrowest));
    }
    let file = builder.tempfile_in(folder_of(path))?;
    #[cfg(unix)]
    let made_by = {
        use std::os::unix::fs::MetadataExt as _;
        Some(file.as_file().metadata()?.uid())
    };
    #[cfg(not(unix))]
    let made_by = None;
    if let Some((owner, permissions)) = old {
        take_on(file.as_file(), &owner, &permissions)?;
    }
    Ok((file, made_by))
}

/// The start of the name of a new file beside `path`: `.<name>.` (the
/// rest random), hidden, and found by `cache::prune` when a run left it.
fn hidden_prefix(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!(".{name}.")
}

/// What writes a file the program keeps for itself (see [`replace_own`]).
pub type WriteOwn<'a> = dyn FnMut(&mut File) -> Result<(), Box<dyn std::error::Error>> + 'a;

/// A file the program keeps for itself (a cache), readable by its owner
/// only, written by `write` beside `path` (it may read back and seek
/// within what it wrote) and renamed over it. Not synced: a cache lost in
/// a crash is made again, and one cut short fails its own checksum. When
/// `write` fails or a signal asks to stop, nothing is left beside `path`
/// and `path` stays as it was; a link there is refused.
pub fn replace_own(
    path: &Path,
    write: &mut WriteOwn<'_>,
) -> Result<(), Box<dyn std::error::Error>> {
    refuse_symlink(path)?;
    let prefix = hidden_prefix(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut file = builder.tempfile_in(folder_of(path))?;
    write(file.as_file_mut())?;
    crate::interrupt::check()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The real file system.
#[derive(Default)]
pub struct RealDisk {
    /// Open append handles, so a remark costs one write and one fsync.
    appending: HashMap<PathBuf, File>,
}

/// Whether a folder's sync failed because the file system cannot sync
/// folders (EINVAL, EBADF), not because the data did not reach the disk.
#[cfg(unix)]
fn folder_sync_unsupported(e: &io::Error) -> bool {
    const EBADF: i32 = 9;
    e.kind() == io::ErrorKind::InvalidInput || e.raw_os_error() == Some(EBADF)
}

/// The folder `path` is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Syncs the folder `path` is in, so a file made or renamed there survives
/// a power cut. A file system that cannot sync a folder at all (some
/// network and FUSE mounts answer EINVAL or EBADF) is not an error, as in
/// PostgreSQL's `fsync_fname`: the file itself was synced, and every save
/// would otherwise be reported as failed though it was made.
#[cfg_attr(not(unix), allow(clippy::unnecessary_wraps))]
fn sync_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(folder_of(path))?
            .sync_all()
            .or_else(|e| if folder_sync_unsupported(&e) { Ok(()) } else { Err(e) })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

impl Disk for RealDisk {
    fn promote(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        self.appending.remove(to);
        refuse_symlink(to)?;
        // Opened for writing: Windows syncs only a file open for writing.
        let file = OpenOptions::new().write(true).open(from)?;
        file.sync_all()?;
        // The permissions, owner and group `replace` would give it.
        if let Some((owner, permissions)) = like(to) {
            take_on(&file, &owner, &permissions)?;
        }
        std::fs::rename(from, to)?;
        sync_dir(to)
    }

    fn append(&mut self, path: &Path, bytes: &[u8], sync: bool) -> io::Result<()> {
        if !self.appending.contains_key(path) {
            let existed = path.exists();
            let file = open_nofollow(OpenOptions::new().create(true).append(true), path)?;
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
        self.replace_with(path, &mut |file| file.write_all(bytes))
    }

    fn replace_with(
        &mut self,
        path: &Path,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        // A handle to the old file would write into the replaced inode.
        self.appending.remove(path);
        refuse_symlink(path)?;
        // Dropped after the file: a signal to stop ends the program once
        // the temporary file is gone (see crate::interrupt).
        let mut writing = crate::interrupt::writing();
        let (mut file, _) = beside(path)?;
        // On failure the temporary file is dropped, and so removed; a
        // rename refused hands it back to be dropped too.
        write(&mut crate::interrupt::Stoppable(file.as_file_mut()))?;
        file.as_file().sync_all()?;
        crate::interrupt::check()?;
        file.persist(path).map_err(|e| e.error)?;
        sync_dir(path)?;
        writing.done();
        Ok(())
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

        fn replace_with(
            &mut self,
            path: &Path,
            write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
        ) -> io::Result<()> {
            self.fail(|f| &mut f.replaces)?;
            self.inner.replace_with(path, write)
        }

        fn remove(&mut self, path: &Path) -> io::Result<()> {
            self.inner.remove(path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file system that cannot sync folders (EINVAL, EBADF) is not a
    /// failed save; a disk that fails (EIO) or is full (ENOSPC) is.
    #[cfg(unix)]
    #[test]
    fn only_a_folder_sync_the_file_system_cannot_do_is_let_pass() {
        let errno = io::Error::from_raw_os_error;
        assert!(folder_sync_unsupported(&errno(22)), "EINVAL");
        assert!(folder_sync_unsupported(&errno(9)), "EBADF");
        assert!(!folder_sync_unsupported(&errno(5)), "EIO");
        assert!(!folder_sync_unsupported(&errno(28)), "ENOSPC");
        assert!(!folder_sync_unsupported(&errno(13)), "EACCES");
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A set with a file that cannot be put in place (a folder has its
    /// name) replaces none of the others, and leaves nothing beside them.
    #[test]
    fn a_set_that_cannot_be_written_whole_is_left_as_it_was() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (first, folder) = (dir.path().join("a.md"), dir.path().join("b.docx"));
        std::fs::write(&first, "old").expect("old file");
        std::fs::create_dir(&folder).expect("folder");
        let err = replace_all(&[(&first, b"new"), (&folder, b"new")]).expect_err("a folder");
        assert_eq!(err.0, folder, "the error names the file it is about");
        assert_eq!(std::fs::read_to_string(&first).expect("a.md"), "old");
        assert_eq!(names(dir.path()), ["a.md", "b.docx"]);
    }

    /// In a shared folder (the sticky bit) a file of another user cannot
    /// be replaced: seen before the first rename; elsewhere, or by its
    /// owner, it can.
    #[cfg(unix)]
    #[test]
    fn another_users_file_in_a_shared_folder_is_seen_as_not_replaceable() {
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a.md");
        std::fs::write(&file, "old").expect("file");
        let owner = std::fs::metadata(&file).expect("meta").uid();
        let other = owner + 4242;
        assert!(!rename_refused(&file, other), "not a shared folder");
        let shared = std::fs::Permissions::from_mode(0o1777);
        std::fs::set_permissions(dir.path(), shared).expect("sticky");
        assert!(rename_refused(&file, other), "another user's file in a shared folder");
        assert!(!rename_refused(&file, owner), "the owner's own file");
        assert!(!rename_refused(&dir.path().join("new.md"), other), "a new file");
    }

    /// A file replaced keeps its permissions, owner and group (where the
    /// test may give a file another owner: as root).
    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_owner_group_and_permissions() {
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        let dir = tempfile::tempdir().expect("temp dir");
        let (single, in_set) = (dir.path().join("s.ron"), dir.path().join("m.md"));
        for file in [&single, &in_set] {
            std::fs::write(file, "old").expect("file");
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o640)).expect("mode");
            if std::os::unix::fs::chown(file, Some(4242), Some(4243)).is_err() {
                eprintln!("skipped: giving a file another owner needs root");
                return;
            }
        }
        RealDisk::default().replace(&single, b"new").expect("replaced");
        replace_all(&[(&in_set, b"new")]).expect("replaced");
        for file in [&single, &in_set] {
            let meta = std::fs::metadata(file).expect("meta");
            assert_eq!((meta.uid(), meta.gid()), (4242, 4243), "{}", file.display());
            assert_eq!(meta.permissions().mode() & 0o7777, 0o640, "{}", file.display());
            assert_eq!(std::fs::read_to_string(file).expect("read"), "new");
        }
    }

    /// A set that can be written is, every file with its own bytes.
    #[test]
    fn a_set_is_written_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (dir.path().join("a.md"), dir.path().join("b.html"));
        std::fs::write(&a, "old").expect("old file");
        replace_all(&[(&a, "新しい".as_bytes()), (&b, b"<p>")]).expect("written");
        assert_eq!(std::fs::read_to_string(&a).expect("a"), "新しい");
        assert_eq!(std::fs::read_to_string(&b).expect("b"), "<p>");
        assert_eq!(names(dir.path()), ["a.md", "b.html"]);
    }
}
