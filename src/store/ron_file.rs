//! Reading RON files with every error positioned: file, line, column and
//! what was expected. Files are untrusted: nesting is limited, and so are
//! the size of a file (at a ceiling far above honest data), each text and
//! each list (see `limits`), so no file can exhaust memory or stack.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::domain::record_error::RecordError;

pub use super::limits::RECURSION_LIMIT;

/// Where a text came from: a file, or the default compiled into the program.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    File(PathBuf),
    Embedded(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Embedded(name) => write!(f, "<embedded {name}>"),
        }
    }
}

/// One clear message for a file that could not be used.
#[derive(Debug)]
pub enum LoadError {
    Io {
        origin: Origin,
        reason: String,
    },
    TooLarge {
        origin: Origin,
        size: u64,
        limit: u64,
    },
    /// Not UTF-8; `saved_as` names the encoding it looks saved in
    /// (Shift_JIS, UTF-16), as Notepad or Excel may save a file edited by hand.
    NotUtf8 {
        origin: Origin,
        line: usize,
        col: usize,
        saved_as: Option<&'static str>,
    },
    Syntax {
        origin: Origin,
        line: usize,
        col: usize,
        message: String,
    },
    Invalid {
        origin: Origin,
        error: RecordError,
    },
    Other {
        origin: Origin,
        message: String,
    },
}

impl std::error::Error for LoadError {}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::i18n::tr;
        let text = match self {
            LoadError::Io { origin, reason } => tr(
                format!("{origin}: ファイルを読めません: {reason}"),
                format!("{origin}: cannot read the file: {reason}"),
            ),
            LoadError::TooLarge { origin, size, limit } => {
                let limits =
                    super::limits::Limits { file_bytes: *limit, ..super::limits::limits() };
                format!("{origin}: {}", limits.file_message(*size))
            }
            LoadError::NotUtf8 { origin, line, col, saved_as } => {
                let (ja, en) = saved_as.map_or((String::new(), String::new()), |e| {
                    (
                        format!("（{e} で保存されているようです）"),
                        format!(" (it looks saved as {e})"),
                    )
                });
                tr(
                    format!(
                        "{origin}:{line}:{col}: UTF-8 のテキストではありません{ja}。UTF-8 で保存し直してください（メモ帳なら「名前を付けて保存」で文字コードを UTF-8 に）"
                    ),
                    format!(
                        "{origin}:{line}:{col}: the file is not valid UTF-8 text{en}; expected UTF-8 (save it again as UTF-8)"
                    ),
                )
            }
            LoadError::Syntax { origin, line, col, message } => {
                format!("{origin}:{line}:{col}: {message}")
            }
            LoadError::Invalid { origin, error } => format!("{origin}: {error}"),
            LoadError::Other { origin, message } => format!("{origin}: {message}"),
        };
        f.write_str(&text)
    }
}

impl LoadError {
    #[must_use]
    pub fn invalid(origin: &Origin, error: RecordError) -> Self {
        LoadError::Invalid { origin: origin.clone(), error }
    }
}

/// Reads a whole file as bytes, refusing one over the ceiling on a file.
pub fn read_capped(path: &Path) -> Result<Vec<u8>, LoadError> {
    let origin = Origin::File(path.to_path_buf());
    let io = |e: std::io::Error| LoadError::Io { origin: origin.clone(), reason: io_reason(&e) };
    let file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(LoadError::Io {
            origin: origin.clone(),
            reason: crate::i18n::tr(
                "フォルダです。ファイルを指定してください",
                "it is a folder; expected a file",
            ),
        });
    }
    let limit = super::limits::limits().file_bytes;
    if meta.len() > limit {
        return Err(LoadError::TooLarge { origin, size: meta.len(), limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // take() guards against a file that grows while it is read.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(LoadError::TooLarge { origin, size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// A short reason for an I/O error, without the OS error number, in the
/// command line's language.
#[must_use]
pub fn io_reason(e: &std::io::Error) -> String {
    io_reason_in(crate::i18n::message_lang(), e)
}

/// A short reason for an I/O error in `lang`: the ones a meeting meets
/// (a full disk, a folder made read-only, a stick pulled out) said in it,
/// any other in the system's words.
#[must_use]
pub fn io_reason_in(lang: crate::i18n::Lang, e: &std::io::Error) -> String {
    use crate::i18n::Lang;
    use std::io::ErrorKind;
    let (ja, en) = match e.kind() {
        ErrorKind::NotFound => ("ファイルがありません", "no such file"),
        ErrorKind::PermissionDenied => ("権限がありません", "permission denied"),
        ErrorKind::StorageFull => ("ディスクに空きがありません", "no space left on the disk"),
        ErrorKind::ReadOnlyFilesystem => {
            ("読み取り専用の場所で、書き込めません", "the place is read-only")
        }
        _ => {
            let text = e.to_string();
            return text.split(" (os error").next().unwrap_or(&text).to_string();
        }
    };
    match lang {
        Lang::Ja => ja.to_string(),
        Lang::En => en.to_string(),
    }
}

/// Bytes as UTF-8 text, with the position of the first bad byte. A UTF-8
/// byte-order mark is skipped. Borrowed: a large file is not held twice.
pub fn utf8_text<'a>(origin: &Origin, bytes: &'a [u8]) -> Result<&'a str, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Checked with SIMD first (five times faster on Japanese text, tens of
    // megabytes in a large session); only a bad file is checked again for
    // the position of its first bad byte.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let text = String::from_utf8_lossy(good);
            let line = text.matches('\n').count() + 1;
            let col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(LoadError::NotUtf8 { origin: origin.clone(), line, col, saved_as: saved_as(bytes) })
        }
    }
}

/// The encoding a file that is not UTF-8 looks saved in, as the CSV import
/// tells it (a byte-order mark, UTF-16 without one, Shift_JIS: Japanese
/// Windows' default, Notepad's ANSI). Only on the error path: it decodes
/// the whole file.
fn saved_as(bytes: &[u8]) -> Option<&'static str> {
    let (_, encoding) = crate::import::csv_file::decode("", bytes).ok()?;
    match encoding.name() {
        "UTF-8" => None,
        name if name.starts_with("UTF-16") => Some("UTF-16"),
        name => Some(name),
    }
}

/// The RON writer's settings every file of the program starts from: `\n`
/// between lines on every system (the writer's default is `\r\n` on
/// Windows), so that a session written on a member's Windows laptop is the
/// same bytes as on the secretariat's machine, and git and the program's
/// line readers see the same lines.
#[must_use]
pub fn pretty_config() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new().new_line("\n")
}

/// A plan or actuals as RON with one record per line (as the embedded files
/// are written): readable and fixable by hand, a quarter of the size of full
/// pretty-printing. Ends with a newline.
pub fn records_text<T: serde::Serialize>(value: &T) -> Result<String, ron::Error> {
    let config = pretty_config().indentor("    ".to_string()).struct_names(false).depth_limit(2);
    ron::ser::to_string_pretty(value, config).map(|mut text| {
        text.push('\n');
        text
    })
}

/// Parses RON text into `T` with positioned errors.
pub fn parse<T: DeserializeOwned>(origin: &Origin, text: &str) -> Result<T, LoadError> {
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    options.from_str(text).map_err(|e| {
        conflict_left(origin, text)
            .or_else(|| empty_left(origin, text))
            .unwrap_or_else(|| syntax_in(origin, text, &e))
    })
}

/// The RON reader's error in `text`, positioned in `origin`; a full-width
/// character where it stopped (a `，` typed with the Japanese input method
/// on) is named as the reason, with its half-width form.
#[must_use]
pub fn syntax_in(origin: &Origin, text: &str, e: &ron::error::SpannedError) -> LoadError {
    let mut error = syntax(origin, e);
    let at = text
        .lines()
        .nth(e.span.start.line.saturating_sub(1))
        .and_then(|line| line.chars().nth(e.span.start.col.saturating_sub(1)));
    let reason = at.and_then(super::ron_message::full_width).or_else(|| another_kind(&e.code));
    if let (Some(message), LoadError::Syntax { message: said, .. }) = (reason, &mut error) {
        *said = message;
    }
    error
}

/// A file of another of the program's kinds where one kind was read (the
/// actuals given as `--plan`, a plan given to `export`): said as such, not
/// as the first of its fields the other kind lacks. Told by that field
/// alone (each kind's fields but `version` are its own), so that the start
/// of a large file gives the same reason as the whole.
fn another_kind(code: &ron::Error) -> Option<String> {
    use super::kind::FileKind;
    use crate::domain::{actuals::Actuals, plan::Plan, session::Session};
    use crate::i18n::tr;
    let ron::Error::NoSuchStructField { outer: Some(outer), found, .. } = code else {
        return None;
    };
    let kinds = [
        (FileKind::Plan, "Plan", fields_of::<Plan>()),
        (FileKind::Actuals, "Actuals", fields_of::<Actuals>()),
        (FileKind::Session, "Session", fields_of::<Session>()),
    ];
    let wanted = kinds.iter().find(|k| k.1 == outer)?.0;
    let found = kinds.iter().find(|k| k.0 != wanted && k.2.contains(&found.as_str()))?.0;
    let name = |kind: FileKind| match kind {
        FileKind::Plan => tr("計画（--plan）", "a plan (--plan)"),
        FileKind::Actuals => tr("実績（--actuals）", "actuals (--actuals)"),
        FileKind::Session => tr("会議の記録", "a session"),
    };
    Some(tr(
        format!(
            "これは{}のファイルです。ここには{}のファイルが必要です（ファイルを取り違えていませんか）",
            name(found),
            name(wanted)
        ),
        format!(
            "this file is {}; expected {} here (are the files mixed up?)",
            name(found),
            name(wanted)
        ),
    ))
}

/// The top-level fields of a file kind, as its reader lists them for a
/// field it does not know.
fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    match ron::from_str::<T>("(kpi_council_no_such_field: 0)").map_err(|e| e.code) {
        Err(ron::Error::NoSuchStructField { expected, .. }) => expected,
        _ => &[],
    }
}

/// A file with nothing in it (a file saved empty, or only spaces): said as
/// such rather than as a file that ends too early.
#[must_use]
pub fn empty_left(origin: &Origin, text: &str) -> Option<LoadError> {
    text.trim().is_empty().then(|| LoadError::Syntax {
        origin: origin.clone(),
        line: 1,
        col: 1,
        message: crate::i18n::tr("ファイルが空です", "the file is empty; expected RON text"),
    })
}

/// A file that does not read because a `git merge` left a conflict in it
/// (see [`conflict_line`]): said as such, to be settled by hand, rather
/// than as the character the RON reader stopped at. (A session says how
/// to merge it again with the program's driver instead.)
#[must_use]
pub fn conflict_left(origin: &Origin, text: &str) -> Option<LoadError> {
    Some(LoadError::Syntax {
        origin: origin.clone(),
        line: conflict_line(text)?,
        col: 1,
        message: crate::i18n::tr(
            "git の統合で競合した印（<<<<<<<）が残っています。どちらの版を残すか決めて印の行（<<<<<<<、=======、>>>>>>>）を消してから、もう一度読み込んでください",
            "a git conflict is left in the file (<<<<<<<); settle it (keep the right version and remove the marker lines <<<<<<<, =======, >>>>>>>), then read it again",
        ),
    })
}

/// The RON reader's error, positioned in `origin`.
pub fn syntax(origin: &Origin, e: &ron::error::SpannedError) -> LoadError {
    LoadError::Syntax {
        origin: origin.clone(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: describe(&e.code),
    }
}

/// The line of the first conflict a `git merge` left in `text` (a line
/// starting with `<<<<<<<`): for a file that did not read, its reason.
#[must_use]
pub fn conflict_line(text: &str) -> Option<usize> {
    text.lines().position(|l| l.starts_with("<<<<<<<")).map(|i| i + 1)
}

/// Reads and parses a RON file.
pub fn load<T: DeserializeOwned>(path: &Path) -> Result<(T, Vec<u8>), LoadError> {
    let bytes = read_capped(path)?;
    let origin = Origin::File(path.to_path_buf());
    let text = utf8_text(&origin, &bytes)?;
    let value = parse(&origin, text)?;
    Ok((value, bytes))
}

/// RON's message, phrased as what was expected, in the messages' language.
fn describe(code: &ron::Error) -> String {
    super::ron_message::describe(code)
}

#[cfg(test)]
mod tests {
    use super::io_reason_in;
    use crate::i18n::Lang;

    /// The status line of a Japanese meeting said a full disk in the
    /// system's English (保存できません: No space left on device).
    #[test]
    fn a_full_disk_and_a_read_only_place_are_said_in_the_meetings_language() {
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let read_only = std::io::Error::from(std::io::ErrorKind::ReadOnlyFilesystem);
        assert_eq!(io_reason_in(Lang::Ja, &full), "ディスクに空きがありません");
        assert_eq!(io_reason_in(Lang::En, &full), "no space left on the disk");
        assert_eq!(io_reason_in(Lang::Ja, &read_only), "読み取り専用の場所で、書き込めません");
        assert_eq!(io_reason_in(Lang::En, &read_only), "the place is read-only");
        // As the system reports them on Linux (ENOSPC, EROFS).
        #[cfg(target_os = "linux")]
        for (code, said) in
            [(28, "ディスクに空きがありません"), (30, "読み取り専用の場所で、書き込めません")]
        {
            let e = std::io::Error::from_raw_os_error(code);
            assert_eq!(io_reason_in(Lang::Ja, &e), said);
        }
        // As Windows reports them (ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL,
        // ERROR_WRITE_PROTECT: a USB stick's write-protect switch).
        #[cfg(windows)]
        for (code, said) in [
            (112, "ディスクに空きがありません"),
            (39, "ディスクに空きがありません"),
            (19, "読み取り専用の場所で、書き込めません"),
        ] {
            let e = std::io::Error::from_raw_os_error(code);
            assert_eq!(io_reason_in(Lang::Ja, &e), said, "{e}");
        }
        // Any other in the system's words, without the error number (EIO).
        #[cfg(target_os = "linux")]
        {
            let other = std::io::Error::from_raw_os_error(5);
            assert_eq!(io_reason_in(Lang::Ja, &other), "Input/output error");
        }
    }
}
