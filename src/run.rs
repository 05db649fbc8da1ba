//! Running the command line: the settings and log first, then one small
//! function per group of subcommands. Errors come back typed (`crate::error`)
//! and `main` prints them as one line.

use crate::export::safe;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{Cli, Command, ImportCommand};
use crate::commands::{self, UserError};
use crate::config::Settings;
use crate::error::Error;
use crate::i18n::tr;
use crate::store::dataset_files::{self, Loaded};
use crate::{logging, store};

/// Runs the command line.
pub fn run(cli: &Cli) -> Result<ExitCode, Error> {
    if let Some(problem) = crate::clock::unreadable_setting() {
        return Err(UserError(problem).into());
    }
    let log = logging::init(cli.debug);
    let settings = Settings::load(cli.lang);
    crate::i18n::set_message_lang(settings.lang);
    if let (Some(problem), Some(_)) = (&settings.problem, &cli.command) {
        let problem = safe::terminal_lines(problem);
        crate::say!(
            "{}",
            tr(
                format!("警告: {problem}（設定ファイルは使いません）"),
                format!("warning: {problem} (the config file is ignored)")
            )
        );
    }
    if let (Some(problem), Some(_)) = (&settings.wording_problem, &cli.command) {
        let problem = safe::terminal_lines(problem);
        crate::say!(
            "{}",
            tr(
                format!("警告: {problem}（議事録は標準の定型文で書き出します）"),
                format!("warning: {problem} (the minutes use the shipped wording)")
            )
        );
    }
    if !matches!(cli.command, None | Some(Command::Review(_))) {
        // Files a signal interrupts are given up, not left half-written
        // (the interface handles signals itself). Should the signals not
        // be taken, they act as by default.
        let _ = crate::interrupt::watch();
    }
    let load = || dataset_files::load(cli.data.plan.as_deref(), cli.data.actuals.as_deref());
    match &cli.command {
        None => meeting(cli, None, settings),
        Some(Command::Review(args)) => meeting(cli, Some((&args.session, &args.name)), settings),
        Some(Command::Summary(args)) => {
            summary_refusals(args)?;
            summary(&load()?, &settings, args)
        }
        Some(Command::Export(args)) => export(&load()?, args, &settings),
        Some(Command::Check(args)) => check(&args.files, cli.data.plan.as_deref(), settings.lang),
        Some(Command::Import(command)) => import(command, cli.data.plan.as_deref(), settings.lang),
        Some(Command::Merge(args)) => {
            let (base, members) = args.sessions.split_first().ok_or_else(|| {
                UserError(tr("merge には記録ファイルが必要です", "merge needs sessions"))
            })?;
            let members: Vec<&Path> = members.iter().map(PathBuf::as_path).collect();
            print_lines(commands::merge::run(base, &members, &args.output, args.force)?)
        }
        Some(Command::MergeDriver(args)) => {
            for note in
                commands::merge::driver(&args.base, &args.ours, &args.theirs, args.path.as_deref())?
            {
                crate::say!("kpi-council: {}", safe::terminal_lines(&note));
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::New(args)) => new_meeting(&load()?, &settings, args),
        Some(Command::GitSetup) => print_lines(commands::merge::git_setup()?),
        Some(Command::Config(args)) => config(&settings, log.as_deref(), args.path),
        Some(Command::Sample(args)) => {
            if args.kpis == 0 {
                return Err(UserError(tr(
                    "--kpis: 1 以上を指定してください",
                    "--kpis: expected at least 1",
                ))
                .into());
            }
            let size = crate::sample::Size {
                kpis: args.kpis,
                years: usize::from(args.years),
                companies: args.companies,
                records: args.records,
                remarks: args.remarks,
            };
            print_lines(commands::sample::run(size, &args.output, args.force)?)
        }
        Some(Command::Completions(args)) => {
            // The descriptions a shell shows beside each command and option
            // (zsh, fish, PowerShell; bash shows none) are the help's, in
            // the run's language: Japanese unless --lang en.
            let mut command = Cli::command_in(settings.lang);
            clap_complete::generate(
                args.shell,
                &mut command,
                "kpi-council",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_lines(lines: Vec<String>) -> Result<ExitCode, Error> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in lines {
        // Reports quote files (titles, names, paths): never raw.
        writeln!(out, "{}", safe::terminal_lines(&line)).map_err(Error::Output)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The interface: recording, reviewing a copy, or following (`--follow`)
/// for the projector.
fn meeting(
    cli: &Cli,
    review: Option<(&PathBuf, &String)>,
    settings: Settings,
) -> Result<ExitCode, Error> {
    let request = commands::meeting::Request {
        plan: cli.data.plan.clone(),
        actuals: cli.data.actuals.clone(),
        session: review.map(|(s, _)| s.clone()).or_else(|| cli.session.clone()),
        follow: cli.follow.clone(),
        review_as: review.map(|(_, n)| n.clone()),
        options: commands::meeting::Options { minutes_per_item: cli.minutes_per_item },
    };
    Ok(commands::meeting::run(request, settings)?)
}

/// What `summary` refuses from its arguments alone, before the data are
/// read (at a million records, seconds).
fn summary_refusals(args: &crate::cli::SummaryArgs) -> Result<(), Error> {
    use crate::cli::Format;
    if args.excel && args.format != Format::Csv {
        return Err(UserError(tr(
            "--excel: --format csv と一緒に指定してください（--format xlsx はブックを書き出します）",
            "--excel: only with --format csv (--format xlsx writes a workbook)",
        ))
        .into());
    }
    if args.format == Format::Xlsx && args.output.is_none() {
        return Err(UserError(tr(
            "--format xlsx: 書き出すファイルを -o FILE で指定してください",
            "--format xlsx: give the file to write with -o FILE",
        ))
        .into());
    }
    if let Some(path) = &args.output {
        // Refused before the data are read, and again when written.
        crate::export::write::refuse_existing(path, args.force)
            .map_err(|e| UserError(e.to_string()))?;
    }
    Ok(())
}

fn summary(
    loaded: &Loaded,
    settings: &Settings,
    args: &crate::cli::SummaryArgs,
) -> Result<ExitCode, Error> {
    use crate::cli::Format;
    let data = &loaded.dataset;
    let fy = args.fy.as_deref().map(|f| commands::summary::parse_fy(data, f)).transpose()?;
    let kpi = args.kpi.as_deref();
    let make = |out: &mut dyn Write| -> Result<(), Error> {
        if args.companies {
            commands::companies::run(data, settings.lang, kpi, fy, args.format, out)
        } else {
            commands::summary::run(data, settings.lang, kpi, fy, args.format, out)
        }
    };
    // Straight out as it is made, or read again as it is made for Excel (a
    // CSV with a byte-order mark, a workbook): a million rows are never
    // held whole, but for the workbook itself.
    let book = || -> Result<Vec<u8>, Error> {
        let name = if args.companies { "企業別内訳" } else { "KPI" };
        // Only ever into a file (refused above without -o).
        let folder = args.output.as_deref().and_then(Path::parent);
        let folder = folder.filter(|f| !f.as_os_str().is_empty()).unwrap_or(Path::new("."));
        through_pipe(&make, |csv| {
            commands::excel::xlsx_from_csv(csv, name, folder).map_err(|e| {
                UserError(tr(
                    format!("xlsx ファイルを作れません: {e}"),
                    format!("cannot build the xlsx file: {e}"),
                ))
                .into()
            })
        })
    };
    // The rows of a CSV for Excel, told of once it is written if Excel
    // would not read them all.
    let excel_rows = std::cell::Cell::new(0);
    let said_rows = || {
        if let Some(warning) = commands::excel::rows_excel_leaves_out(excel_rows.get()) {
            crate::say!("{warning}");
        }
    };
    let emit = |out: &mut dyn Write| -> Result<(), Error> {
        match args.format {
            Format::Csv if args.excel => csv_for_excel(&make, out).map(|n| excel_rows.set(n)),
            Format::Xlsx => out.write_all(&book()?).map_err(Error::Output),
            _ => make(out),
        }
    };
    let Some(path) = &args.output else {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        emit(&mut out)?;
        out.flush().map_err(Error::Output)?;
        said_rows();
        return Ok(ExitCode::SUCCESS);
    };
    if args.format == Format::Xlsx {
        // Built whole before its file is opened (the workbook is held whole
        // anyway): seconds at a million rows, during which a signal ends
        // the program at once with nothing beside the output.
        crate::export::write::refuse_existing(path, args.force)
            .map_err(|e| UserError(e.to_string()))?;
        let book = book()?;
        crate::export::write::write(path, &book, args.force)
            .map_err(|e| UserError(e.to_string()))?;
        return print_lines(vec![path.display().to_string()]);
    }
    // Into the file as it is made (replaced atomically once whole; a table
    // that fails leaves no file).
    let mut failed = None;
    let written = crate::export::write::write_with(path, args.force, &mut |file| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        let emitted = emit(&mut out).and_then(|()| out.flush().map_err(Error::Output));
        emitted.map_err(|e| match e {
            // The file could not be written: said with its name.
            Error::Output(io) => io,
            e => {
                let io = std::io::Error::other(e.to_string());
                failed = Some(e);
                io
            }
        })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    written.map_err(|e| UserError(e.to_string()))?;
    said_rows();
    print_lines(vec![path.display().to_string()])
}

/// Makes the table into a pipe on the other core while `read` reads it, so
/// that it is never held whole. A reader that fails closes the pipe, which
/// the table then cannot write to: the reader's error is the cause. Else
/// the table's own error (the reader only saw its end too soon).
/// The table `make` makes, as a CSV for Excel into `out` as it is made;
/// how many rows it has.
fn csv_for_excel(
    make: &(dyn Fn(&mut dyn Write) -> Result<(), Error> + Sync),
    out: &mut dyn Write,
) -> Result<u64, Error> {
    through_pipe(make, |csv| {
        commands::excel::csv_for_excel(csv, out).map_err(|e| match e.kind() {
            // Whoever read the output may have stopped (`| head`).
            csv::ErrorKind::Io(io) => Error::Output(std::io::Error::new(io.kind(), e.to_string())),
            _ => UserError(tr(
                format!("Excel 用の CSV を書けません: {e}"),
                format!("cannot write the CSV for Excel: {e}"),
            ))
            .into(),
        })
    })
}

fn through_pipe<T>(
    make: &(dyn Fn(&mut dyn Write) -> Result<(), Error> + Sync),
    read: impl FnOnce(std::io::PipeReader) -> Result<T, Error>,
) -> Result<T, Error> {
    // Not an error of the output: with -o it would be said as the file's.
    let (csv, mut into) = std::io::pipe().map_err(|e| {
        UserError(tr(format!("パイプを作れません: {e}"), format!("cannot make a pipe: {e}")))
    })?;
    std::thread::scope(|scope| {
        let made = scope.spawn(move || make(&mut into));
        let read = read(csv);
        let made = made.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let read = read?;
        made?;
        Ok(read)
    })
}

fn export(
    loaded: &Loaded,
    args: &crate::cli::ExportArgs,
    settings: &Settings,
) -> Result<ExitCode, Error> {
    let public = match (args.public, args.internal) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    };
    let export = commands::export::ExportArgs {
        session: &args.session,
        format: args.format,
        output: args.output.as_deref(),
        public,
        anonymize: args.anonymize,
        force: args.force,
        lang: settings.lang,
        wording: &settings.wording,
    };
    let exported = commands::export::run(loaded, &export)?;
    // What is unsettled (speakers 未指定, judgments missing): said, not refused.
    for line in &exported.warnings {
        let line = crate::export::safe::terminal(line);
        crate::say!("{}", tr(format!("警告: {line}"), format!("warning: {line}")));
    }
    print_lines(vec![exported.path.display().to_string()])
}

fn check(
    files: &[PathBuf],
    plan: Option<&Path>,
    lang: crate::i18n::Lang,
) -> Result<ExitCode, Error> {
    let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // What a file holds (titles, remarks on the checklist) is printed as
    // terminal-safe text.
    let mut failed = 0;
    crate::export::safe::to_terminal(&mut out, |out| {
        failed = commands::check::run(&files, plan, lang, out)?;
        Ok(())
    })
    .map_err(Error::Output)?;
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(crate::EXIT_USER_ERROR) })
}

fn import(
    command: &ImportCommand,
    plan: Option<&Path>,
    lang: crate::i18n::Lang,
) -> Result<ExitCode, Error> {
    match command {
        ImportCommand::Actuals(args) => {
            let sample_plan = plan.is_none();
            let plan = match plan {
                Some(p) => dataset_files::load_plan(p)?.0,
                None => store::embedded::plan()?.0,
            };
            let import = commands::import::ActualsArgs {
                file: &args.file,
                output: &args.output,
                sheet: args.sheet.as_deref(),
                map: args.map.as_deref(),
                hidden: args.hidden,
                reconciliation: args.reconciliation.as_deref(),
                report: args.report,
                force: args.force,
                lang,
                sample_plan,
            };
            if args.preview {
                return print_lines(vec![commands::import::preview(&plan, &import)?]);
            }
            let (text, line) = commands::import::actuals(&plan, &import)?;
            print!("{text}");
            print_lines(vec![line])
        }
        ImportCommand::Plan(args) => {
            let (report, warnings) = commands::import::plan(&commands::import::PlanArgs {
                file: &args.file,
                output: &args.output,
                force: args.force,
                kinds: &args.kinds,
                top_aligned: args.top_aligned,
                lower: &args.lower_is_better,
                higher: &args.higher_is_better,
            })?;
            for w in warnings {
                let w = safe::terminal_lines(&w);
                crate::say!("{}", tr(format!("警告: {w}"), format!("warning: {w}")));
            }
            print_lines(report)
        }
    }
}

fn config(settings: &Settings, log: Option<&Path>, path_only: bool) -> Result<ExitCode, Error> {
    let config = settings.path.as_ref().map_or_else(
        || tr("（このシステムには設定フォルダがありません）", "(no config folder on this system)"),
        |p| p.display().to_string(),
    );
    if path_only {
        return print_lines(vec![config]);
    }
    let log = log.map_or_else(|| tr("（なし）", "(none)"), |p| p.display().to_string());
    let mut lines = vec![
        tr(format!("設定ファイル: {config}"), format!("config: {config}")),
        tr(format!("ログ: {log}"), format!("log: {log}")),
    ];
    if let Some(problem) = &settings.problem {
        lines.push(tr(format!("設定ファイルの問題: {problem}"), format!("problem: {problem}")));
    }
    print_lines(lines)
}

/// What `new` says of the session it made.
/// `new --from`: the new session's path, and how many attendees of the
/// earlier meeting its roster took over.
fn new_meeting(
    loaded: &Loaded,
    settings: &Settings,
    args: &crate::cli::NewArgs,
) -> Result<ExitCode, Error> {
    let today = crate::clock::now().date_naive();
    let (path, carried) = commands::new::run(
        loaded,
        settings,
        &args.from,
        args.date.as_deref(),
        args.output.as_deref(),
        today,
    )?;
    let mut lines = vec![created(&path)];
    if carried > 0 {
        lines.push(commands::new::carried_note(carried));
    }
    print_lines(lines)
}

fn created(path: &std::path::Path) -> String {
    let path = path.display();
    tr(
        format!("{path}: 作成しました。--session で開いてください"),
        format!("{path}: created; open it with --session"),
    )
}
