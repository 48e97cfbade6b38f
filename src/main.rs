//! The `concord` binary: hands the command line to `concord::cli::run` and exits with its code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    concord::cli::run(std::env::args_os(), &mut stdout.lock(), &mut stderr.lock())
}
