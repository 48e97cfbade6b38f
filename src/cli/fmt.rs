//! `concord fmt`: formats rule files in place, atomically (a temporary file renamed over the original), or with
//! `--check` only reports the files that are not formatted. A file that does not parse is left untouched.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::Exit;
use concord::check::load::Limits;
use concord::files::{self, Disk, Files as _};
use concord::syntax::format::{format, FormatError};

/// Runs the command over files and folders; returns the exit code.
pub fn run(paths: &[PathBuf], check: bool, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Exit {
    let mut files = Vec::new();
    for path in paths {
        match files::rule_files(&Disk, path, &path.to_string_lossy()) {
            Ok(found) => files.extend(found),
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                return Exit::BadInput;
            }
        }
    }
    let (mut unformatted, mut broken) = (0, 0);
    for file in &files {
        match one(file, check) {
            Ok(false) => {}
            Ok(true) => {
                unformatted += 1;
                let verb = if check {
                    "would reformat"
                } else {
                    "reformatted"
                };
                let _ = writeln!(stdout, "{verb} {}", file.display());
            }
            Err(message) => {
                broken += 1;
                let _ = writeln!(stderr, "error: {}: {message}", file.display());
            }
        }
    }
    let _ = writeln!(
        stdout,
        "{} files checked, {unformatted} {}",
        files.len(),
        if check {
            "not formatted"
        } else {
            "reformatted"
        }
    );
    if broken > 0 {
        Exit::BadInput
    } else if check && unformatted > 0 {
        Exit::Findings
    } else {
        Exit::Ok
    }
}

/// Formats one file; true when it was (or, with `check`, would be) changed.
fn one(path: &Path, check: bool) -> Result<bool, String> {
    let file = Disk
        .read_text(
            path,
            &path.to_string_lossy(),
            Limits::default().max_file_bytes,
        )
        .map_err(|e| e.to_string())?;
    let formatted = format(&file.text).map_err(|e| match e {
        FormatError::Syntax(message) => {
            format!("{message}; fix the syntax first (`concord check` shows where)")
        }
        FormatError::Changed => {
            "formatting would change the meaning; the file is left as it is (please report this)"
                .to_owned()
        }
    })?;
    if formatted == *file.text {
        return Ok(false);
    }
    if !check {
        write_atomically(path, &formatted)
            .map_err(|e| format!("cannot write: {e}; the original is unchanged"))?;
    }
    Ok(true)
}

/// Writes to a temporary file beside the target, then renames it over the target, so a failure leaves the original.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.concord-fmt-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
