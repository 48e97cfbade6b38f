//! Shared by the integration tests: runs the built `concord` binary as a user would, from the crate root.

#![allow(dead_code, reason = "each test file uses part of the support module")]

use std::path::Path;
use std::process::{Command, Stdio};

/// The crate root, where relative paths in fixtures start.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_concord");

/// What one run of the binary gave.
pub struct Run {
    /// The exit code (255 when the process was killed by a signal).
    pub code: u8,
    /// Standard output.
    pub stdout: Vec<u8>,
    /// Standard error.
    pub stderr: Vec<u8>,
}

impl Run {
    /// The form every snapshot uses: exit code, then both streams.
    pub fn snapshot(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code,
            String::from_utf8_lossy(&self.stdout),
            String::from_utf8_lossy(&self.stderr)
        )
    }

    /// Standard output as text.
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// Runs `concord` with the arguments, from the crate root, with no terminal and no colour.
pub fn concord<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the concord binary runs");
    Run {
        code: output
            .status
            .code()
            .and_then(|c| u8::try_from(c).ok())
            .unwrap_or(255),
        stdout: output.stdout,
        stderr: output.stderr,
    }
}

/// The path relative to the crate root, with forward slashes, so snapshots do not depend on the machine.
pub fn relative(path: &Path) -> String {
    path.strip_prefix(ROOT)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The ISO date written after `key` in `text` (`filed: 2026-07-02`, `# as of: 2026-05-04`), if any: the day a case
/// is judged on, so its verdict does not depend on today's date.
pub fn date_after(text: &str, key: &str) -> Option<String> {
    let at = text.find(key)?;
    let date: String = text[at + key.len()..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    (date.len() == 10).then_some(date)
}
