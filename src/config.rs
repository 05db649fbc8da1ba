//! The user's settings, in the platform's usual place
//! (`$XDG_CONFIG_HOME/kpi-council/config.ron` on Linux): language, theme,
//! sessions folder, and the attendees to start each new session with.
//! A bad file is reported like any bad input, and the program goes on
//! with the defaults.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::session::Attendee;
use crate::export::wording::Wording;
use crate::i18n::Lang;
use crate::store::disk::{Disk, RealDisk};
use crate::store::ron_file::{self, LoadError};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `Ja` or `En`; `--lang` overrides it.
    pub lang: Option<ConfigLang>,
    /// The theme last chosen with `t`.
    pub theme: Option<ThemeKind>,
    /// Where sessions go by default (instead of ./sessions).
    pub sessions_dir: Option<PathBuf>,
    /// The council's members, put on the sheet of each new session.
    pub attendees: Vec<Attendee>,
}

/// Which colours the interface uses; `t` cycles through the first three.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeKind {
    #[default]
    Dark,
    Light,
    HighContrast,
    /// No colours: `NO_COLOR` is set.
    Mono,
}

impl ThemeKind {
    #[must_use]
    pub fn next(self) -> ThemeKind {
        match self {
            ThemeKind::Dark => ThemeKind::Light,
            ThemeKind::Light => ThemeKind::HighContrast,
            ThemeKind::HighContrast | ThemeKind::Mono => ThemeKind::Dark,
        }
    }
}

/// The language as written in the config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfigLang {
    Ja,
    En,
}

impl From<ConfigLang> for Lang {
    fn from(l: ConfigLang) -> Lang {
        match l {
            ConfigLang::Ja => Lang::Ja,
            ConfigLang::En => Lang::En,
        }
    }
}

/// Where the config file is on this platform.
#[must_use]
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "kpi-council").map(|d| d.config_dir().join("config.ron"))
}

/// The config file this run reads: `KPI_COUNCIL_CONFIG`, else the
/// platform's place.
#[must_use]
pub fn config_path() -> Option<PathBuf> {
    std::env::var_os("KPI_COUNCIL_CONFIG").map(PathBuf::from).or_else(default_path)
}

/// The config's language, for the help clap prints before the settings
/// are read. A config that cannot be read says none here (the run that
/// follows reports it).
#[must_use]
pub fn configured_lang() -> Option<Lang> {
    load(&config_path()?).ok()?.lang.map(Lang::from)
}

/// Where the log file goes: the platform's state folder, else its cache.
#[must_use]
pub fn log_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "kpi-council")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.cache_dir());
    Some(dir.join("kpi-council.log"))
}

/// Where a session that could not be saved at the close is written whole
/// (a rescue copy): the platform's state folder, beside the log, which a
/// restart does not empty as it may the temporary folder.
#[must_use]
pub fn rescue_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "kpi-council")?;
    Some(dirs.state_dir().unwrap_or_else(|| dirs.cache_dir()).join("rescue"))
}

/// Reads the config; no file is the defaults.
pub fn load(path: &Path) -> Result<Config, LoadError> {
    if !path.exists() {
        return Ok(Config::default());
    }
    Ok(ron_file::load::<Config>(path)?.0)
}

/// Writes the config atomically, creating its folder.
pub fn save(path: &Path, config: &Config) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = ron::ser::to_string_pretty(
        config,
        crate::store::ron_file::pretty_config().indentor("    ".to_string()),
    )
    .map_err(std::io::Error::other)?;
    RealDisk::default().replace(path, format!("// kpi-council settings\n{text}\n").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_missing_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("sub/config.ron");
        assert_eq!(load(&path).expect("no file"), Config::default());
        let c = Config {
            theme: Some(ThemeKind::HighContrast),
            lang: Some(ConfigLang::En),
            ..Config::default()
        };
        save(&path, &c).expect("save");
        assert_eq!(load(&path).expect("load"), c);
    }

    #[test]
    fn a_bad_file_names_its_place() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("config.ron");
        std::fs::write(&path, "(theme: Some(Purple))").expect("write");
        let e = load(&path).expect_err("bad");
        assert!(e.to_string().contains("config.ron:1:"), "{e}");
    }
}

/// What a run works with: the language and the config, and where it is.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub lang: Lang,
    pub config: Config,
    /// Where the config is kept (and the theme remembered).
    pub path: Option<PathBuf>,
    /// Why the config file could not be used, if it could not.
    pub problem: Option<String>,
    /// `NO_COLOR` is set (and not empty).
    pub no_color: bool,
    /// The fixed sentences of the minutes: `minutes-wording.ron` beside
    /// the config file, else the shipped wording.
    pub wording: Wording,
    /// Why that file could not be used (the shipped wording is used).
    pub wording_problem: Option<String>,
}

impl Settings {
    /// Settings without a config file: for tests and one-off runs.
    #[must_use]
    pub fn plain(lang: Lang) -> Self {
        Settings { lang, ..Settings::default() }
    }

    /// Reads the config from its usual place; `lang` (from `--lang`) wins.
    #[must_use]
    pub fn load(lang: Option<Lang>) -> Self {
        let path = config_path();
        let (config, unread) = match path.as_deref().map(load) {
            Some(Ok(c)) => (c, false),
            Some(Err(_)) => (Config::default(), true),
            None => (Config::default(), false),
        };
        let lang = lang.or(config.lang.map(Lang::from)).unwrap_or_default();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        // The config's and the wording file's problems are said in this
        // language: it is known from here on (the first call wins; the
        // command line's run sets the same). A config that did not read is
        // read again for its reason, which was made before the language
        // was known.
        crate::i18n::set_message_lang(lang);
        let problem =
            path.as_deref().filter(|_| unread).and_then(|p| load(p).err()).map(|e| e.to_string());
        let (wording, wording_problem) = Wording::load(path.as_deref().and_then(Path::parent));
        Settings { lang, config, path, problem, no_color, wording, wording_problem }
    }
}
