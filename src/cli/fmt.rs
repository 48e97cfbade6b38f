//! `concord fmt`: formats rule files in place, atomically (a temporary file renamed over the original), or with
//! `--check` only reports the files that are not formatted (`--diff` also shows what would change, as a unified diff). A file that does not parse is left untouched; a
//! symbolic link has its target formatted; a file that changed while it was being formatted is not written.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::Exit;
use concord::check::load::Limits;
use concord::files::{self, Disk, Files as _};
use concord::syntax::format::{format, FormatError};

/// What formatting one file did.
struct Done {
    /// True when the file was (or, with `--check`, would be) changed.
    changed: bool,
    /// What the user should know about links: the target of a symbolic link, hard links left behind.
    notes: Vec<String>,
    /// With `--diff`, the change as a unified diff.
    diff: Option<String>,
}

/// Runs the command over files and folders; returns the exit code.
pub fn run(
    paths: &[PathBuf],
    check: bool,
    diff: bool,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Exit {
    // `--diff` changes nothing, like `--check`.
    let check = check || diff;
    if paths.iter().any(|p| p.as_os_str() == "-") {
        if paths.len() > 1 {
            let _ = writeln!(stderr, "error: `-` (standard input) cannot be mixed with files\n  help: give `-` alone, or only files and folders");
            return Exit::BadInput;
        }
        return from_stdin(check, stdout, stderr);
    }
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
    let mut out = Vec::new();
    for file in &files {
        match one(file, check, diff) {
            Ok(done) => {
                if done.changed {
                    unformatted += 1;
                    let verb = if check {
                        "would reformat"
                    } else {
                        "reformatted"
                    };
                    let _ = writeln!(out, "{verb} {}", file.display());
                }
                if let Some(diff) = &done.diff {
                    let _ = write!(out, "{diff}");
                }
                for note in done.notes {
                    let _ = writeln!(stderr, "note: {}: {note}", file.display());
                }
            }
            Err(message) => {
                broken += 1;
                let _ = write!(stderr, "{message}");
            }
        }
    }
    let _ = writeln!(
        out,
        "{} file{} checked, {unformatted} {}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        if check {
            "not formatted"
        } else {
            "reformatted"
        }
    );
    // A report that cannot be written (a full disk, a closed pipe) is an error the user must see.
    if let Err(e) = stdout.write_all(&out).and_then(|()| stdout.flush()) {
        let _ = writeln!(
            stderr,
            "error: cannot write to standard output: {e}\n  help: check the disk or the program reading the output; the files themselves were {}",
            if check { "not changed" } else { "formatted as reported above" }
        );
        return Exit::BadInput;
    }
    if broken > 0 {
        Exit::BadInput
    } else if check && unformatted > 0 {
        Exit::Findings
    } else {
        Exit::Ok
    }
}

/// `concord fmt -`: formats the rule text on standard input to standard output; with `--check`, prints nothing
/// and exits 1 when the text is not formatted.
fn from_stdin(check: bool, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Exit {
    let text = match crate::cli::read_stdin(Limits::default().max_file_bytes) {
        Ok(text) => text,
        Err(message) => {
            let _ = writeln!(stderr, "{message}");
            return Exit::BadInput;
        }
    };
    let shown = crate::cli::STDIN_NAME;
    match format(&text) {
        Ok(formatted) if check => {
            if formatted == text {
                Exit::Ok
            } else {
                let _ = writeln!(stdout, "would reformat {shown}");
                Exit::Findings
            }
        }
        Ok(formatted) => {
            let _ = stdout.write_all(formatted.as_bytes());
            Exit::Ok
        }
        Err(FormatError::Syntax(error)) => {
            let offset = miette::Diagnostic::labels(&error)
                .and_then(|mut labels| labels.next())
                .map_or(0, |label| label.offset());
            let (line, column) = concord::source::line_col(&text, offset);
            let help = miette::Diagnostic::help(&error)
                .map(|h| format!("\n  help: {h}"))
                .unwrap_or_default();
            let _ = writeln!(stderr, "error: {shown}:{line}:{column}: {error}{help}");
            Exit::BadInput
        }
        Err(FormatError::Changed) => {
            let _ = writeln!(
                stderr,
                "error: {shown}: formatting would change the meaning (please report this)"
            );
            Exit::BadInput
        }
    }
}

/// The file a path names: the target when it is a symbolic link (formatting writes there, never replacing the
/// link with a regular file).
fn resolve(path: &Path) -> Result<(PathBuf, Option<String>), String> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok((path.to_path_buf(), None));
    }
    match std::fs::canonicalize(path) {
        Ok(target) => {
            let note = format!(
                "is a symbolic link; formatted the file it links to, {}",
                target.display()
            );
            Ok((target, Some(note)))
        }
        Err(_) => Err(format!(
            "error: {}: is a symbolic link to nothing (its target does not exist)\n  help: point the link at a rule file, or remove it\n",
            path.display()
        )),
    }
}

/// Length and modification time: a change in either between the read and the write means someone else wrote.
type Stamp = (u64, Option<std::time::SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    std::fs::metadata(path)
        .ok()
        .map(|m| (m.len(), m.modified().ok()))
}

#[cfg(unix)]
fn hard_links(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).map_or(1, |m| m.nlink())
}

#[cfg(not(unix))]
fn hard_links(_path: &Path) -> u64 {
    1
}

/// Formats one file. Errors are whole messages, with the file (and a line and a column for syntax errors).
fn one(path: &Path, check: bool, show_diff: bool) -> Result<Done, String> {
    let shown = path.to_string_lossy().into_owned();
    let (target, link_note) = resolve(path)?;
    let before = stamp(&target);
    let file = Disk
        .read_text(&target, &shown, Limits::default().max_file_bytes)
        .map_err(|e| format!("error: {e}\n"))?;
    let formatted = match format(&file.text) {
        Ok(formatted) => formatted,
        Err(FormatError::Syntax(error)) => {
            let offset = miette::Diagnostic::labels(&error)
                .and_then(|mut labels| labels.next())
                .map_or(0, |label| label.offset());
            let (line, column) = concord::source::line_col(&file.text, offset);
            let help = miette::Diagnostic::help(&error)
                .map(|h| format!("\n  help: {h}"))
                .unwrap_or_default();
            return Err(format!(
                "error: {shown}:{line}:{column}: {error}{help}\n  note: the file was not formatted; fix the syntax first\n"
            ));
        }
        Err(FormatError::Changed) => {
            return Err(format!("error: {shown}: formatting would change the meaning; the file is left as it is (please report this)\n"));
        }
    };
    let mut notes = Vec::new();
    if formatted == *file.text {
        return Ok(Done {
            changed: false,
            notes,
            diff: None,
        });
    }
    let diff = show_diff.then(|| unified_diff(&shown, &file.text, &formatted));
    notes.extend(link_note);
    if !check {
        let links = hard_links(&target);
        write_unless_changed(&target, &shown, &file.text, before, &formatted)?;
        if links > 1 {
            notes.push(format!(
                "{} had {} other hard link(s): the formatted text is a new file under that name, and the other links keep the unformatted text",
                target.display(),
                links - 1
            ));
        }
    }
    Ok(Done {
        changed: true,
        notes,
        diff,
    })
}

/// The change formatting makes to a file, as a unified diff with three lines of context (`similar`).
fn unified_diff(shown: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(shown, &format!("{shown} (formatted)"))
        .to_string()
}

/// Writes `formatted` over `target` unless the file is no longer what was read (`read`, with length and
/// modification time `before`): someone (an editor, another process) wrote to it meanwhile, and writing now would
/// lose that. Checked just before the write; the write itself is a rename, so nothing else can interleave with it.
fn write_unless_changed(
    target: &Path,
    shown: &str,
    read: &str,
    before: Option<Stamp>,
    formatted: &str,
) -> Result<(), String> {
    let now = Disk
        .read_text(target, shown, Limits::default().max_file_bytes)
        .ok();
    if stamp(target) != before || now.is_none_or(|now| *now.text != *read) {
        return Err(format!("error: {shown}: the file changed while it was being formatted, so it was not written\n  help: run `concord fmt` again when nothing else is writing to it\n"));
    }
    write_atomically(target, formatted)
        .map_err(|e| format!("error: {shown}: cannot write: {e}; the original is unchanged\n"))
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
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;

    #[test]
    fn text_appended_after_the_read_is_never_lost() {
        let dir = std::env::temp_dir().join(format!("concord-fmt-race-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("p.concord");
        let original = "pack p {\n     version \"1.0.0\"\n}\n";
        std::fs::write(&path, original).unwrap();
        let before = stamp(&path);
        // Another writer appends between concord's read and its write.
        let appended = format!("{original}# added while fmt ran\n");
        std::fs::write(&path, &appended).unwrap();
        let result = write_unless_changed(&path, "p.concord", original, before, "formatted\n");
        let after = Disk.read_text(&path, "p", 1 << 20).unwrap().text;
        let _ = std::fs::remove_dir_all(&dir);
        assert!(result
            .unwrap_err()
            .contains("changed while it was being formatted"));
        assert_eq!(*after, *appended);
    }

    #[test]
    fn an_unchanged_file_is_written() {
        let dir = std::env::temp_dir().join(format!("concord-fmt-same-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("p.concord");
        std::fs::write(&path, "old\n").unwrap();
        let before = stamp(&path);
        let result = write_unless_changed(&path, "p.concord", "old\n", before, "new\n");
        let after = Disk.read_text(&path, "p", 1 << 20).unwrap().text;
        let _ = std::fs::remove_dir_all(&dir);
        assert!(result.is_ok());
        assert_eq!(&*after, "new\n");
    }
}
