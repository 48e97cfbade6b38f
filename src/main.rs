//! The `concord` binary: hands the command line to `cli::run` and exits with its code.

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: a run allocates and frees many small strings and trees, and glibc's
/// malloc and free were about 30% of one small case's instructions (docs/performance.md). The binary only: the
/// library leaves the choice to whoever links it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    // Standard error is not locked for the whole run: the progress bar of a batch draws on it from other threads,
    // and a lock held here would make them wait forever (a batch on a terminal hung this way).
    let mut stderr = std::io::stderr();
    cli::run(std::env::args_os(), &mut stdout.lock(), &mut stderr).into()
}
