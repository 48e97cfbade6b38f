//! The `concord` binary: hands the command line to `cli::run` and exits with its code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    cli::run(std::env::args_os(), &mut stdout.lock(), &mut stderr.lock()).into()
}
