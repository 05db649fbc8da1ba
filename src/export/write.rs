//! Writing an export: atomically (a reader never sees half a file), and
//! never over an existing file unless asked to.

use std::path::{Path, PathBuf};

use crate::store::disk::{Disk, RealDisk};
use crate::store::ron_file::io_reason;

/// The formats of the minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Html,
    Xlsx,
    /// The minutes in Word, for the office to edit and file.
    Docx,
}

impl Format {
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Docx => "docx",
        }
    }

    /// Whether this format prints each item's breakdown table from the
    /// minutes; the xlsx lists every record in a sheet of its own.
    #[must_use]
    pub fn prints_breakdown_tables(self) -> bool {
        self != Format::Xlsx
    }

    /// Whether this format is public unless told otherwise: HTML goes on the
    /// homepage; Markdown (for the chair) and xlsx (the city's records)
    /// keep everything.
    #[must_use]
    pub fn public_by_default(self) -> bool {
        self == Format::Html
    }
}

/// Next to the session, named after it: `2019-05-20-北見市-minutes.md`, or
/// `…-minutes-public.html` for the public version.
#[must_use]
pub fn default_path(session: &Path, format: Format, public: bool) -> PathBuf {
    let stem =
        session.file_stem().map_or_else(|| "session".into(), |s| s.to_string_lossy().into_owned());
    let suffix = if public { "-minutes-public" } else { "-minutes" };
    session.with_file_name(format!("{stem}{suffix}.{}", format.extension()))
}

#[derive(Debug)]
pub enum WriteError {
    Exists(String),
    Io { path: String, reason: String },
}

impl std::error::Error for WriteError {}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::i18n::tr;
        f.write_str(&match self {
            WriteError::Exists(path) => tr(
                format!("{path}: ファイルが既にあります。置き換えるには --force を付けてください"),
                format!("{path}: the file exists; use --force to replace it"),
            ),
            WriteError::Io { path, reason } => tr(
                format!("{path}: 書き込めません: {reason}"),
                format!("{path}: cannot write: {reason}"),
            ),
        })
    }
}

/// The error [`write`] gives for a file that exists, unless `force`:
/// for a command to give it before the work of making the bytes.
pub fn refuse_existing(path: &Path, force: bool) -> Result<(), WriteError> {
    if path.exists() && !force {
        return Err(WriteError::Exists(path.display().to_string()));
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically and durably.
pub fn write(path: &Path, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    write_with(path, force, &mut |file| file.write_all(bytes))
}

/// Writes every file of `files` (existing ones replaced), each atomically
/// and durably, all of them written before any is put in place: a set
/// that cannot be written whole (a full disk) stays as it was. The error
/// names the file by its name alone: a set is written in one folder, and
/// a long path would push the reason off the status line.
pub fn write_all(files: &[(&Path, &[u8])]) -> Result<(), WriteError> {
    crate::store::disk::replace_all(files).map_err(|(path, e)| WriteError::Io {
        path: path.file_name().unwrap_or(path.as_os_str()).to_string_lossy().into_owned(),
        reason: io_reason(&e),
    })
}

/// [`write`] with what `write` writes into the new file, a piece at a time
/// (a large output is never held whole); when it fails, no file is left
/// and an existing one stays as it was.
pub fn write_with(
    path: &Path,
    force: bool,
    write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    refuse_existing(path, force)?;
    RealDisk::default()
        .replace_with(path, write)
        .map_err(|e| WriteError::Io { path: path.display().to_string(), reason: io_reason(&e) })
}
