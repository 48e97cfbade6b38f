//! The `concord` binary: hands the command line to `cli::run` and exits with its code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    // Standard error is not locked for the whole run: the progress bar of a batch draws on it from other threads,
    // and a lock held here would make them wait forever (a batch on a terminal hung this way).
    let mut stderr = std::io::stderr();
    cli::run(std::env::args_os(), &mut stdout.lock(), &mut stderr).into()
}
