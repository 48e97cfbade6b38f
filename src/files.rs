//! The only file-system access of the library: a `Files` trait that reads UTF-8 text within a size limit and
//! lists folders, on `Disk` or `InMemory`. Nothing here writes; every failure is an `InputError` naming the path.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use thiserror::Error;

use crate::source::SourceFile;

/// A file or folder that cannot be read as concord input.
#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum InputError {
    /// The path does not exist.
    #[error("{path}: no such file or folder")]
    #[diagnostic(code(concord::input::not_found), help("check the spelling and the current folder; `concord check` takes case folders, `lint` a contract file, `--rules` folders of `.concord` files"))]
    NotFound {
        /// The path as given.
        path: String,
    },
    /// A folder was expected.
    #[error("{path}: not a folder")]
    #[diagnostic(code(concord::input::not_a_folder), help("{help}"))]
    NotAFolder {
        /// The path.
        path: String,
        /// What to give instead.
        help: String,
    },
    /// A folder where a file is needed.
    #[error("{path}: is a folder, where a file is needed")]
    #[diagnostic(
        code(concord::input::is_a_folder),
        help("replace the folder with the record file, or remove it")
    )]
    IsAFolder {
        /// The path.
        path: String,
    },
    /// Not a regular file: a FIFO, a socket, a device (`/dev/stdin`, `/dev/zero`). Reading one could block forever
    /// or never end, so it is refused without reading.
    #[error("{path}: is {what}, not a regular file")]
    #[diagnostic(
        code(concord::input::not_a_regular_file),
        help("give a regular file; to check text from a pipe, save it to a file first")
    )]
    NotARegularFile {
        /// The path.
        path: String,
        /// What it is instead.
        what: String,
    },
    /// A symbolic link whose target does not exist: a record that is meant to be there, not an absent one.
    #[error("{path}: is a symbolic link to nothing (its target does not exist)")]
    #[diagnostic(
        code(concord::input::dangling_link),
        help("point the link at the file, replace it with the file, or remove it")
    )]
    DanglingLink {
        /// The path.
        path: String,
    },
    /// A file that resolves (through symbolic links) outside the folder given on the command line.
    #[error("{path}: is a symbolic link that leads outside `{root}`, so it is not read")]
    #[diagnostic(
        code(concord::input::outside_folder),
        help("copy the file into the folder, or pass `--follow-symlinks` if you trust every link in it")
    )]
    OutsideFolder {
        /// The path.
        path: String,
        /// The folder given on the command line.
        root: String,
    },
    /// The OS refused to read it.
    #[error("{path}: cannot be read: {reason}")]
    #[diagnostic(code(concord::input::unreadable), help("check the file's permissions"))]
    Unreadable {
        /// The path.
        path: String,
        /// The OS's reason.
        reason: String,
    },
    /// Larger than the limit.
    #[error("{path}: {size} bytes is more than the limit of {limit} bytes")]
    #[diagnostic(code(concord::input::too_large), help("a case record is a few kilobytes; if this one is genuine, raise the limit with `--max-file-bytes`"))]
    TooLarge {
        /// The path.
        path: String,
        /// Its size (at least).
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A `.docx` file whose text cannot be extracted.
    #[error("{path}: cannot read the text of this Word file: {reason}")]
    #[diagnostic(
        code(concord::input::not_a_word_file),
        help("save the contract from Word as `.docx` (not `.doc`, not password-protected), or as plain text (`.txt`) and lint that")
    )]
    NotAWordFile {
        /// The path.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Not UTF-8 text.
    #[error("{path}:{line}:{column}: byte 0x{byte:02X} is not UTF-8 text")]
    #[diagnostic(
        code(concord::input::not_utf8),
        help("save the file as UTF-8 (most editors offer it under \"Save with encoding\")")
    )]
    NotUtf8 {
        /// The path.
        path: String,
        /// 1-based line of the bad byte.
        line: usize,
        /// 1-based column (in characters) of the bad byte.
        column: usize,
        /// The bad byte.
        byte: u8,
    },
    /// Evaluation needed more steps than allowed: a hostile or enormous case.
    #[error(
        "{path}: checking the case needed more than {limit} evaluation steps; nothing was reported"
    )]
    #[diagnostic(code(concord::input::eval_budget), help("a real case needs far fewer; if this one is genuine, raise the limit with `--max-eval-steps`"))]
    EvaluationBudget {
        /// The case.
        path: String,
        /// The limit.
        limit: u64,
    },
    /// No rule pack that applies to the case is in force on the date the rules are chosen by: nothing would be
    /// checked, and a case checked by nothing must never read as ready.
    #[error(
        "{path}: no rule pack for this case is in force on {date}, so nothing could be checked"
    )]
    #[diagnostic(code(concord::input::no_pack_in_force), help("the loaded packs and their dates: {ranges}; check the contract's `order.signed` date or `--as-of`, or pin a version with `--pack NAME@VERSION`"))]
    NoPackInForce {
        /// The case.
        path: String,
        /// The date that chose the pack versions.
        date: String,
        /// Every loaded pack version with its dates.
        ranges: String,
    },
    /// A case folder without its contract.
    #[error("{path}: the case has no contract.yaml")]
    #[diagnostic(code(concord::input::no_contract), help("every case needs the order contract as contract.yaml; `concord lint FILE` checks a contract alone"))]
    NoContract {
        /// The case folder.
        path: String,
    },
}

/// What a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A file.
    File,
    /// A folder.
    Folder,
}

/// Where the library reads its inputs from (typst's `World` is the model): the disk for the CLI, memory for
/// rule tests, fuzzing and benchmarks. Every read goes through `read_text`, so the size limit and the UTF-8
/// check hold for every input.
pub trait Files: Sync {
    /// What `path` names, or `None` when nothing is there.
    fn kind(&self, path: &Path) -> Option<Kind>;

    /// The entries of a folder with their kinds, sorted by path.
    fn list(&self, dir: &Path, display: &str) -> Result<Vec<(PathBuf, Kind)>, InputError>;

    /// Reads a text file of at most `limit` bytes.
    fn read_text(&self, path: &Path, display: &str, limit: u64) -> Result<SourceFile, InputError>;

    /// Reads a file of at most `limit` bytes that need not be text (a Word file). By default the text of
    /// `read_text`, for file systems that hold only text.
    fn read_bytes(&self, path: &Path, display: &str, limit: u64) -> Result<Vec<u8>, InputError> {
        self.read_text(path, display, limit)
            .map(|file| file.text.as_bytes().to_vec())
    }
}

/// The real file system. Only regular files are read: a FIFO or a device is refused before any read, so nothing
/// blocks. `Disk` follows symbolic links anywhere; the CLI reads through `DiskWithin` unless `--follow-symlinks`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

/// The real file system, reading a file only when its real path (symbolic links resolved) lies inside one of the
/// roots: the folders and files given on the command line. A link in a case folder then cannot make concord
/// read, and echo into a report, a file from elsewhere.
#[derive(Debug, Clone, Default)]
pub struct DiskWithin {
    roots: Vec<(PathBuf, String)>,
}

impl DiskWithin {
    /// A file system that reads only inside `roots` (each resolved once here; a root that does not exist
    /// confines nothing, and reports itself as not found when read).
    pub fn new<'a>(roots: impl IntoIterator<Item = &'a Path>) -> DiskWithin {
        let roots = roots
            .into_iter()
            .filter_map(|root| {
                std::fs::canonicalize(root)
                    .ok()
                    .map(|real| (real, root.to_string_lossy().into_owned()))
            })
            .collect();
        DiskWithin { roots }
    }

    /// Refuses a path whose real location is outside every root.
    fn confine(&self, path: &Path, display: &str) -> Result<(), InputError> {
        let real = std::fs::canonicalize(path).map_err(|e| open_error(e, display))?;
        if self.roots.iter().any(|(root, _)| real.starts_with(root)) {
            return Ok(());
        }
        // Name the root the path was given under (the first one that holds it as written).
        let root = self
            .roots
            .iter()
            .find(|(_, shown)| path.starts_with(shown))
            .or(self.roots.first())
            .map(|(_, shown)| shown.clone())
            .unwrap_or_default();
        Err(InputError::OutsideFolder {
            path: display.to_owned(),
            root,
        })
    }
}

impl Files for DiskWithin {
    fn kind(&self, path: &Path) -> Option<Kind> {
        Disk.kind(path)
    }

    fn list(&self, dir: &Path, display: &str) -> Result<Vec<(PathBuf, Kind)>, InputError> {
        Disk.list(dir, display)
    }

    fn read_text(&self, path: &Path, display: &str, limit: u64) -> Result<SourceFile, InputError> {
        check_before_open(path, display)?;
        self.confine(path, display)?;
        read_from_disk(path, display, limit)
    }

    fn read_bytes(&self, path: &Path, display: &str, limit: u64) -> Result<Vec<u8>, InputError> {
        check_before_open(path, display)?;
        self.confine(path, display)?;
        read_bytes_from_disk(path, display, limit)
    }
}

/// A dangling link, or a path that is neither a regular file nor a folder, refused before it is opened or
/// resolved (`/dev/stdin` resolves to no path when it is a pipe).
fn check_before_open(path: &Path, display: &str) -> Result<(), InputError> {
    match std::fs::metadata(path) {
        Err(_) if std::fs::symlink_metadata(path).is_ok() => Err(InputError::DanglingLink {
            path: display.to_owned(),
        }),
        Ok(meta) if !meta.is_file() && !meta.is_dir() => Err(InputError::NotARegularFile {
            path: display.to_owned(),
            what: special_kind(&meta).to_owned(),
        }),
        _ => Ok(()),
    }
}

impl Files for Disk {
    fn kind(&self, path: &Path) -> Option<Kind> {
        // A dangling link is a file that cannot be read (reported when read), not an absent one.
        let meta = std::fs::metadata(path)
            .or_else(|_| std::fs::symlink_metadata(path))
            .ok()?;
        Some(if meta.is_dir() {
            Kind::Folder
        } else {
            Kind::File
        })
    }

    fn list(&self, dir: &Path, display: &str) -> Result<Vec<(PathBuf, Kind)>, InputError> {
        let entries = std::fs::read_dir(dir).map_err(|e| open_error(e, display))?;
        let mut listed: Vec<(PathBuf, Kind)> = entries
            .flatten()
            .map(|entry| {
                let kind = if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    Kind::Folder
                } else {
                    Kind::File
                };
                (entry.path(), kind)
            })
            .collect();
        listed.sort();
        Ok(listed)
    }

    fn read_text(&self, path: &Path, display: &str, limit: u64) -> Result<SourceFile, InputError> {
        check_before_open(path, display)?;
        read_from_disk(path, display, limit)
    }

    fn read_bytes(&self, path: &Path, display: &str, limit: u64) -> Result<Vec<u8>, InputError> {
        check_before_open(path, display)?;
        read_bytes_from_disk(path, display, limit)
    }
}

/// Files held in memory, by path; folders are implied by the paths of their files.
#[derive(Debug, Clone, Default)]
pub struct InMemory {
    files: BTreeMap<PathBuf, String>,
}

impl InMemory {
    /// An empty file system.
    pub fn new() -> Self {
        InMemory::default()
    }

    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) -> &mut Self {
        self.files.insert(path.into(), text.into());
        self
    }
}

impl Files for InMemory {
    fn kind(&self, path: &Path) -> Option<Kind> {
        if self.files.contains_key(path) {
            Some(Kind::File)
        } else if self.files.keys().any(|p| p.starts_with(path)) {
            Some(Kind::Folder)
        } else {
            None
        }
    }

    fn list(&self, dir: &Path, display: &str) -> Result<Vec<(PathBuf, Kind)>, InputError> {
        if self.kind(dir) != Some(Kind::Folder) {
            return Err(InputError::NotFound {
                path: display.to_owned(),
            });
        }
        let mut listed: Vec<(PathBuf, Kind)> = Vec::new();
        for path in self.files.keys() {
            let Ok(rest) = path.strip_prefix(dir) else {
                continue;
            };
            let mut parts = rest.components();
            let (Some(first), more) = (parts.next(), parts.next().is_some()) else {
                continue;
            };
            let entry = (
                dir.join(first),
                if more { Kind::Folder } else { Kind::File },
            );
            if !listed.contains(&entry) {
                listed.push(entry);
            }
        }
        listed.sort();
        Ok(listed)
    }

    fn read_text(&self, path: &Path, display: &str, limit: u64) -> Result<SourceFile, InputError> {
        match self.files.get(path) {
            Some(text) if text.len() as u64 > limit => Err(InputError::TooLarge {
                path: display.to_owned(),
                size: text.len() as u64,
                limit,
            }),
            Some(text) => Ok(SourceFile::new(display, text.as_str())),
            None if self.kind(path) == Some(Kind::Folder) => Err(InputError::IsAFolder {
                path: display.to_owned(),
            }),
            None => Err(InputError::NotFound {
                path: display.to_owned(),
            }),
        }
    }
}

/// Opens without blocking (a FIFO with no writer would otherwise block in `open`), then checks what the opened
/// handle is, so a file swapped between a check and the open cannot slip through.
fn open_regular(
    path: &Path,
    display: &str,
) -> Result<(std::fs::File, std::fs::Metadata), InputError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| open_error(e, display))?;
    let meta = file.metadata().map_err(|e| open_error(e, display))?;
    if meta.is_dir() {
        return Err(InputError::IsAFolder {
            path: display.to_owned(),
        });
    }
    if !meta.is_file() {
        return Err(InputError::NotARegularFile {
            path: display.to_owned(),
            what: special_kind(&meta).to_owned(),
        });
    }
    Ok((file, meta))
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_meta: &std::fs::Metadata) -> &'static str {
    "a special file"
}

fn read_from_disk(path: &Path, display: &str, limit: u64) -> Result<SourceFile, InputError> {
    let bytes = read_bytes_from_disk(path, display, limit)?;
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(display, e))?;
    Ok(SourceFile::new(display, text))
}

fn read_bytes_from_disk(path: &Path, display: &str, limit: u64) -> Result<Vec<u8>, InputError> {
    let (file, meta) = open_regular(path, display)?;
    if meta.len() > limit {
        return Err(InputError::TooLarge {
            path: display.to_owned(),
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    // Read one byte past the limit, so a file that grows while being read is still caught.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| open_error(e, display))?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge {
            path: display.to_owned(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

fn open_error(e: std::io::Error, display: &str) -> InputError {
    match e.kind() {
        std::io::ErrorKind::NotFound => InputError::NotFound {
            path: display.to_owned(),
        },
        _ => InputError::Unreadable {
            path: display.to_owned(),
            reason: e.to_string(),
        },
    }
}

fn not_utf8(display: &str, e: std::string::FromUtf8Error) -> InputError {
    let valid_up_to = e.utf8_error().valid_up_to();
    let bytes = e.as_bytes();
    let byte = bytes.get(valid_up_to).copied().unwrap_or(0);
    let prefix = std::str::from_utf8(bytes.get(..valid_up_to).unwrap_or(&[])).unwrap_or("");
    let (line, column) = crate::source::line_col(prefix, prefix.len());
    InputError::NotUtf8 {
        path: display.to_owned(),
        line,
        column,
        byte,
    }
}

/// Every `*.concord` file under a folder, sorted by path, at most 8 folders deep.
pub fn rule_files(
    files: &dyn Files,
    dir: &Path,
    display: &str,
) -> Result<Vec<PathBuf>, InputError> {
    let Some(kind) = files.kind(dir) else {
        return Err(InputError::NotFound {
            path: display.to_owned(),
        });
    };
    if kind != Kind::Folder {
        if dir.extension().is_some_and(|e| e == "concord") {
            return Ok(vec![dir.to_path_buf()]);
        }
        return Err(InputError::NotAFolder {
            path: display.to_owned(),
            help: "`--rules` takes a folder of `.concord` files, or one `.concord` file".to_owned(),
        });
    }
    let mut found = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((folder, depth)) = stack.pop() {
        for (path, kind) in files.list(&folder, &folder.to_string_lossy())? {
            let is_dir = kind == Kind::Folder;
            if is_dir && depth < 8 {
                stack.push((path, depth + 1));
            } else if !is_dir && path.extension().is_some_and(|e| e == "concord") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}
