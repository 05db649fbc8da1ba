//! The `kpi-council` binary: parse the command line and run it.

use std::process::ExitCode;

fn main() -> ExitCode {
    // Panics get a readable report; ratatui's own hook, installed when the
    // interface starts, restores the terminal before this one prints.
    let _ = color_eyre::install();
    // A library's panic that the program catches (a full disk under the
    // workbook's rows) is reported as an error, not by the hook.
    kpi_council::guard::install();
    kpi_council::interrupt::file_size_limit_as_error();
    let cli = kpi_council::cli::Cli::from_process();
    match kpi_council::run(&cli) {
        Ok(code) => code,
        // Whoever read the output stopped reading (`| head -1`): not a failure.
        Err(e) if e.is_closed_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            let prefix = match kpi_council::i18n::message_lang() {
                kpi_council::i18n::Lang::Ja => "エラー",
                kpi_council::i18n::Lang::En => "error",
            };
            // Messages quote files (names, paths, fields): never raw.
            kpi_council::say!(
                "{prefix}: {}",
                kpi_council::export::safe::terminal_lines(&e.to_string())
            );
            ExitCode::from(kpi_council::EXIT_USER_ERROR)
        }
    }
}
