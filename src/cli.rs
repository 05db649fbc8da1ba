//! The command line.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::i18n::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "kpi-council",
    // As the program is typed on every system (argv[0] would make the help
    // say kpi-council.exe on Windows).
    bin_name = "kpi-council",
    version,
    propagate_version = true,
    about = "KPI evaluation meetings of a 地域再生計画: present the figures, record remarks, export minutes",
    long_about = None
)]
pub struct Cli {
    #[command(flatten)]
    pub data: DataArgs,

    /// Session file to create or resume. Default: sessions/<date>-<plan>.ron.
    #[arg(long, value_name = "SESSION", conflicts_with = "follow")]
    pub session: Option<PathBuf>,

    /// Projector view: follow, read-only, the session another kpi-council is recording
    /// (without SESSION: the one being recorded in the sessions folder; waits until there is one).
    #[arg(long, value_name = "SESSION", num_args = 0..=1)]
    pub follow: Option<Option<PathBuf>>,

    /// A time box for each agenda item, in minutes, with a warning when it is over.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=600))]
    pub minutes_per_item: Option<u32>,

    /// Verbose log file (where: `kpi-council config`).
    #[arg(long, global = true)]
    pub debug: bool,

    /// Language of the interface and of the command line's messages (default: the config's, else ja). The minutes stay in Japanese: they are official documents.
    #[arg(long, value_enum, global = true)]
    pub lang: Option<Lang>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The command line of this process. Without any argument (the
    /// meeting on the embedded default: `cargo run --release`) it is the
    /// defaults, without building the parser of every subcommand (a third
    /// of a millisecond, a tenth of the time to the first full frame).
    ///
    /// The help (`--help`, `-h`, `help`, and the usage a bad argument
    /// prints) is in the language the run will speak: `--lang` anywhere on
    /// the command line, else the config's, else Japanese.
    #[must_use]
    pub fn from_process() -> Cli {
        if std::env::args_os().len() <= 1 {
            return Cli::without_arguments();
        }
        let args: Vec<OsString> = std::env::args_os().collect();
        let lang = lang_argument(&args).or_else(crate::config::configured_lang).unwrap_or_default();
        let mut command = Cli::command_in(lang);
        // As `Cli::parse`: help and version exit 0, a bad argument 2.
        let matches = command.try_get_matches_from_mut(args).unwrap_or_else(|e| exit_with(e, lang));
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| exit_with(e.format(&mut command), lang))
    }

    /// The parser with its help in `lang`, built in both: its `help`
    /// command then holds the commands in either language (`help help`
    /// lists them, `help help summary` is summary's help), not only in the
    /// Japanese, which is built to be given its words.
    #[must_use]
    pub fn command_in(lang: Lang) -> clap::Command {
        match lang {
            Lang::Ja => crate::i18n::help::japanese(Cli::command()),
            Lang::En => {
                let mut command = Cli::command();
                command.build();
                command
            }
        }
    }

    /// What an empty command line parses into.
    #[must_use]
    pub fn without_arguments() -> Cli {
        Cli {
            data: DataArgs::default(),
            session: None,
            follow: None,
            minutes_per_item: None,
            debug: false,
            lang: None,
            command: None,
        }
    }
}

/// clap's message (help, version, or a mistyped command line) in `lang`,
/// and clap's exit: 0 for help and version, 2 for a mistake.
fn exit_with(error: clap::Error, lang: Lang) -> ! {
    match lang {
        Lang::Ja => error.apply::<crate::i18n::clap_errors::Japanese>().exit(),
        Lang::En => error.exit(),
    }
}

/// The language `--lang` asks for, wherever it is on the command line
/// (it is global: `kpi-council import actuals --help --lang en`), read
/// before clap parses so that clap's help is in it; the last one, as clap
/// takes it. Nothing after `--` is an option; a value clap will refuse is
/// none here.
fn lang_argument(args: &[OsString]) -> Option<Lang> {
    let mut lang = None;
    let mut args = args.iter().skip(1).map(|a| a.to_str());
    while let Some(arg) = args.next() {
        let value = match arg {
            Some("--") => break,
            Some("--lang") => args.next().flatten(),
            Some(a) => a.strip_prefix("--lang="),
            None => None,
        };
        if let Some(value) = value {
            lang = Lang::from_str(value, false).ok().or(lang);
        }
    }
    lang
}

/// The plan and actuals files; the embedded 北見市 default when omitted.
#[derive(Debug, Args, Clone, Default)]
pub struct DataArgs {
    /// Plan file (RON). Default: the embedded 北見市 plan.
    #[arg(long, value_name = "PLAN", global = true)]
    pub plan: Option<PathBuf>,
    /// Actuals file (RON). Default: the embedded sample actuals.
    #[arg(long, value_name = "ACTUALS", global = true)]
    pub actuals: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the KPI × fiscal-year table: target, actual, rate, status.
    Summary(SummaryArgs),
    /// Validate plan, actuals and session files and say which kind each is.
    Check(CheckArgs),
    /// Export a session's minutes (議事録) as Markdown, HTML, Word (docx) or an xlsx evaluation sheet.
    Export(ExportArgs),
    /// Import actuals from Excel/LibreOffice/CSV, or a plan from its text.
    #[command(subcommand)]
    Import(ImportCommand),
    /// A member's offline review: open a copy of the session, add questions under your name, change only your own.
    Review(ReviewArgs),
    /// Merge members' copies into the meeting's session (BASE first).
    Merge(MergeArgs),
    /// A new meeting whose agenda begins with 前回の指摘事項への対応 (the earlier session's action items and decisions).
    New(NewArgs),
    /// The git merge driver for session files: merge-driver %O %A %B %P.
    #[command(name = "merge-driver")]
    MergeDriver(MergeDriverArgs),
    /// Set up the repository around this folder to merge session files with kpi-council.
    #[command(name = "git-setup")]
    GitSetup,
    /// Where the settings and the log file are.
    Config(ConfigArgs),
    /// Write a synthetic plan, actuals and session of any size (the same each time) for benchmarks.
    Sample(SampleArgs),
    /// Shell completions: kpi-council completions bash > /etc/bash_completion.d/kpi-council
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The earlier meeting's session.
    #[arg(long, value_name = "LAST_SESSION")]
    pub from: PathBuf,
    /// The new meeting's date (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Where to write the new session (default: sessions/<date>-<plan>.ron).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    /// Number of KPIs.
    #[arg(long, default_value_t = 10)]
    pub kpis: usize,
    /// Number of fiscal years.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=60))]
    pub years: u16,
    /// Number of companies.
    #[arg(long, default_value_t = 1_000)]
    pub companies: usize,
    /// Number of contributions (actuals records).
    #[arg(long, default_value_t = 10_000)]
    pub records: usize,
    /// Number of remarks in the session.
    #[arg(long, default_value_t = 1_000)]
    pub remarks: usize,
    /// The folder to write plan.ron, actuals.ron and session.ron into.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print the config file's path.
    #[arg(long)]
    pub path: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The session copy to review.
    #[arg(value_name = "SESSION")]
    pub session: PathBuf,
    /// Your name, as on the session sheet.
    #[arg(long = "as", value_name = "NAME")]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The meeting's session, then the copies to merge into it.
    #[arg(value_name = "SESSION", required = true, num_args = 2..)]
    pub sessions: Vec<PathBuf>,
    /// Where to write the merged session (may be the first).
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Merge copies recorded against another plan; replace an existing OUT.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor (%O).
    pub base: PathBuf,
    /// Ours (%A); the result is written here.
    pub ours: PathBuf,
    /// Theirs (%B).
    pub theirs: PathBuf,
    /// Where the session lives in the working tree (%P): the journal of a
    /// meeting there (running, or ended by a crash) is merged in too.
    pub path: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Actuals from .xlsx, .xls, .ods or .csv, checked against the plan (--plan, or the embedded one).
    Actuals(ImportActualsArgs),
    /// A plan from the text of its 地域再生計画 document; prints each KPI's kind and why.
    Plan(ImportPlanArgs),
}

#[derive(Debug, Args)]
pub struct ImportActualsArgs {
    /// The spreadsheet or CSV file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The actuals file to write.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// The sheet to read, or `all` for every sheet with the table's header (default: the one visible sheet with it).
    #[arg(long, value_name = "NAME|all")]
    pub sheet: Option<String>,
    /// Hidden rows and columns that hold data: stop and list them (default), skip them, or include them.
    #[arg(long, value_enum, default_value_t = crate::import::actuals::Hidden::Stop)]
    pub hidden: crate::import::actuals::Hidden,
    /// Also write the reconciliation (what was read, row by row, and the totals) as Markdown.
    #[arg(long, value_name = "FILE")]
    pub reconciliation: Option<PathBuf>,
    /// Show the sheet as read before writing: Enter writes, Esc writes nothing.
    #[arg(long)]
    pub preview: bool,
    /// Other header names: "実績人数=value,会社=company" (fields: fiscal_year, kpi, company, value, date, note, head_office, kind, industry, source, reading, figure_status, or ignore to leave a column out).
    #[arg(long, value_name = "HEADER=FIELD,...")]
    pub map: Option<String>,
    /// List every bad row, not only the first.
    #[arg(long)]
    pub report: bool,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ImportPlanArgs {
    /// The plan's text (UTF-8, Shift_JIS or UTF-16).
    #[arg(value_name = "PLAN.txt")]
    pub file: PathBuf,
    /// The plan file to write.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// A KPI's kind when the inferred one is wrong: "移住者数=累計" (単年度, 累計, 水準, 率). Repeatable.
    #[arg(long = "kind", value_name = "KPI=KIND")]
    pub kinds: Vec<String>,
    /// The KPI table's cells are aligned to the top (Word's default): the lines below a row's values are the rest of its name.
    #[arg(long)]
    pub top_aligned: bool,
    /// A KPI to bring down (空き店舗数, 待機児童数): its rate is target ÷ actual, 達成 at or below the target. Repeatable.
    #[arg(long = "lower-is-better", value_name = "KPI")]
    pub lower_is_better: Vec<String>,
    /// A KPI whose targets fall but that is better higher (a population whose decline is to be held). Repeatable.
    #[arg(long = "higher-is-better", value_name = "KPI")]
    pub higher_is_better: Vec<String>,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The session file.
    #[arg(value_name = "SESSION")]
    pub session: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::export::write::Format::Md)]
    pub format: crate::export::write::Format,
    /// Output file. Default: next to the session, named after it.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Public minutes: internal (非公開) remarks and judgments left out and counted. The default for html.
    #[arg(long, conflicts_with = "internal")]
    pub public: bool,
    /// Internal record: everything. The default for md and xlsx.
    #[arg(long)]
    pub internal: bool,
    /// In public minutes, name secretariat and observers by their role, not their name.
    #[arg(long)]
    pub anonymize: bool,
    /// Replace an existing output file; export even if the data differ from the session's, or a remark is in an unresolved conflict.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// Only this fiscal year: 2018, 2018年度, 平成30年度, H30, R1 …
    #[arg(long, value_name = "YEAR")]
    pub fy: Option<String>,
    /// Only this KPI (its id in the plan, which is its name unless the plan says otherwise: 新規移動人数).
    #[arg(long, value_name = "ID")]
    pub kpi: Option<String>,
    /// The companies behind each number instead of the KPI table.
    #[arg(long)]
    pub companies: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// With --format csv: a CSV that Excel opens as it is (UTF-8 with a byte-order mark, CRLF line ends).
    #[arg(long)]
    pub excel: bool,
    /// Write to this file instead of the terminal (needed for --format xlsx).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    /// The CSV's table as an Excel workbook (with -o FILE).
    Xlsx,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files to validate.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(args: &[&str]) -> Option<Lang> {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        lang_argument(&args)
    }

    /// `--lang` is read wherever it is, as clap reads it.
    #[test]
    fn the_help_language_is_read_from_anywhere_on_the_line() {
        assert_eq!(lang(&["kpi-council", "--help"]), None);
        assert_eq!(lang(&["kpi-council", "--lang", "en", "--help"]), Some(Lang::En));
        assert_eq!(lang(&["kpi-council", "--help", "--lang", "en"]), Some(Lang::En));
        assert_eq!(lang(&["kpi-council", "import", "actuals", "-h", "--lang=en"]), Some(Lang::En));
        assert_eq!(lang(&["kpi-council", "--lang", "en", "--lang", "ja", "-h"]), Some(Lang::Ja));
        // A value clap refuses, a missing one, and one after `--`: none.
        assert_eq!(lang(&["kpi-council", "--lang", "fr", "-h"]), None);
        assert_eq!(lang(&["kpi-council", "-h", "--lang"]), None);
        assert_eq!(lang(&["kpi-council", "check", "--", "--lang", "en"]), None);
    }

    /// The shortcut for an empty command line gives what the parser gives.
    #[test]
    fn no_arguments_are_what_the_parser_makes_of_none() {
        let parsed = Cli::try_parse_from(["kpi-council"]).expect("parsed");
        assert_eq!(format!("{:?}", Cli::without_arguments()), format!("{parsed:?}"));
        // And a field the shortcut would miss shows: one argument differs.
        let debug = Cli::try_parse_from(["kpi-council", "--debug"]).expect("parsed");
        assert_ne!(format!("{:?}", Cli::without_arguments()), format!("{debug:?}"));
    }
}
