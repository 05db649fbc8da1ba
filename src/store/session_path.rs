//! Where sessions go: `sessions/<date>-<plan>.ron`, with a file name made
//! from user text that can never leave its folder.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

/// The folder sessions are kept in by default.
pub const SESSIONS_DIR: &str = "sessions";

/// Windows' reserved device names, refused on every platform so a session
/// folder can be copied anywhere.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file-name part from user text: path separators, controls and the
/// characters Windows forbids become `_`, leading dots and spaces go, the
/// length is bounded, reserved names are avoided; never empty.
#[must_use]
pub fn slug(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| {
            if c.is_control()
                || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
                || crate::text::is_unsafe(c)
            {
                '_'
            } else if c.is_whitespace() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let trimmed = mapped.trim_matches(|c: char| c == '.' || c == '-' || c == ' ');
    let mut out: String = trimmed.chars().take(40).collect();
    out = out.trim_end_matches(['.', '-']).to_string();
    if out.is_empty() {
        out = "plan".into();
    }
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED.contains(&stem.as_str()) {
        out.insert(0, '_');
    }
    out
}

/// `sessions/2019-05-20-北見市.ron`.
#[must_use]
pub fn default_path(dir: &Path, plan_author: &str, date: NaiveDate) -> PathBuf {
    dir.join(format!("{date}-{}.ron", slug(plan_author)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_stay_inside_their_folder() {
        for hostile in
            ["../../etc/passwd", "/etc/passwd", "..", "a/b\\c", "C:\\x", "\u{0}", "  ", "..."]
        {
            let s = slug(hostile);
            assert!(!s.contains('/') && !s.contains('\\') && !s.is_empty(), "{hostile:?} → {s:?}");
            assert!(!s.starts_with('.'), "{hostile:?} → {s:?}");
            let p = default_path(Path::new("sessions"), hostile, NaiveDate::MIN);
            assert_eq!(p.parent(), Some(Path::new("sessions")), "{hostile:?} → {p:?}");
        }
    }

    #[test]
    fn japanese_names_are_kept_and_reserved_names_avoided() {
        assert_eq!(slug("北見市"), "北見市");
        assert_eq!(slug("北見 地域"), "北見-地域");
        assert_eq!(slug("CON"), "_CON");
        assert_eq!(slug("nul.txt"), "_nul.txt");
        assert_eq!(slug("\u{202e}evil"), "_evil");
        let date = NaiveDate::from_ymd_opt(2019, 5, 20).expect("date");
        assert_eq!(
            default_path(Path::new("sessions"), "北見市", date),
            Path::new("sessions/2019-05-20-北見市.ron")
        );
    }
}
