//! kpi-council: the evaluation meeting of a 地域再生計画 in a terminal.
//!
//! - [`domain`]: plans, fiscal years and eras, actuals, achievement, the
//!   aggregates: pure data and rules.
//! - [`store`]: reading files with positioned errors; the embedded default.
//! - [`app`]: state, actions, keys and `update`.
//! - [`ui`]: drawing the state; one module per screen.
//! - [`tui`]: the terminal itself.
//! - [`commands`]: the subcommands for scripts.
//! - [`cli`]: the command line; [`i18n`]: Japanese and English words.

pub mod app;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod import;
pub mod store;
pub mod tui;
pub mod ui;

use std::process::ExitCode;

use cli::{Cli, Command};
use commands::UserError;

/// Exit status for an error the user can fix (bad input, bad arguments).
pub const EXIT_USER_ERROR: u8 = 2;

/// Runs the command line. User errors come back as one message.
pub fn run(cli: Cli) -> Result<ExitCode, UserError> {
    let data = &cli.data;
    match cli.command {
        None => {
            let loaded = store::dataset_files::load(data.plan.as_deref(), data.actuals.as_deref())?;
            commands::meeting::run(loaded, cli.lang, cli.session.as_deref())
        }
        Some(Command::Summary(args)) => {
            let loaded = store::dataset_files::load(data.plan.as_deref(), data.actuals.as_deref())?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let data = &loaded.dataset;
            let fy =
                args.fy.as_deref().map(|f| commands::summary::parse_fy(data, f)).transpose()?;
            let kpi = args.kpi.as_deref();
            if args.companies {
                commands::companies::run(data, cli.lang, kpi, fy, args.format, &mut out)?;
            } else {
                commands::summary::run(data, cli.lang, kpi, fy, args.format, &mut out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export(args)) => {
            let loaded = store::dataset_files::load(data.plan.as_deref(), data.actuals.as_deref())?;
            let public = if args.public {
                Some(true)
            } else if args.internal {
                Some(false)
            } else {
                None
            };
            let export = commands::export::ExportArgs {
                session: &args.session,
                format: args.format,
                output: args.output.as_deref(),
                public,
                anonymize: args.anonymize,
                force: args.force,
            };
            let path = commands::export::run(&loaded, &export)?;
            println!("{}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import(cli::ImportCommand::Actuals(args))) => {
            let plan = match data.plan.as_deref() {
                Some(p) => store::dataset_files::load_plan(p)?.0,
                None => store::embedded::plan()?.0,
            };
            let import = commands::import::ActualsArgs {
                file: &args.file,
                output: &args.output,
                sheet: args.sheet.as_deref(),
                map: args.map.as_deref(),
                report: args.report,
                force: args.force,
            };
            println!("{}", commands::import::actuals(&plan, &import)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import(cli::ImportCommand::Plan(args))) => {
            println!("{}", commands::import::plan(&args.file, &args.output, args.force)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Review(args)) => {
            let loaded = store::dataset_files::load(data.plan.as_deref(), data.actuals.as_deref())?;
            commands::meeting::run_review(loaded, cli.lang, &args.session, &args.name)
        }
        Some(Command::Merge(args)) => {
            let (base, members) = args
                .sessions
                .split_first()
                .ok_or_else(|| UserError("merge needs sessions".into()))?;
            let members: Vec<&std::path::Path> =
                members.iter().map(std::path::PathBuf::as_path).collect();
            for line in commands::merge::run(base, &members, &args.output, args.force)? {
                println!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::MergeDriver(args)) => {
            for note in commands::merge::driver(&args.base, &args.ours, &args.theirs)? {
                eprintln!("kpi-council: {note}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::GitSetup) => {
            for line in commands::merge::git_setup()? {
                println!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Check(args)) => {
            let files: Vec<&std::path::Path> =
                args.files.iter().map(std::path::PathBuf::as_path).collect();
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let failed = commands::check::run(&files, data.plan.as_deref(), &mut out)
                .map_err(|e| UserError(format!("cannot write: {e}")))?;
            Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(EXIT_USER_ERROR) })
        }
    }
}
