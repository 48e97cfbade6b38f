//! The command line: arguments in (clap), library calls, a report and an exit code out.
//! It lives in the binary, not the library: `main.rs` calls `run` and turns its `Exit` into the process's code.

mod exit;
mod fmt;
mod init;
mod test;

pub use exit::Exit;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use concord::check::config::Config;
use concord::check::load::{self, Limits, Problem};
use concord::check::run::{check_case, CaseOutcome, CheckOptions};
use concord::compile::ir::Severity;
use concord::files::{Disk, DiskWithin, Files, Kind};
use concord::report::{self, Format};
use concord::source::SourceMap;

/// Checks that an order's contract, inspection report and arrival evidence tell the same story.
#[derive(Debug, Parser)]
#[command(name = "concord", version, about, long_about = None, args_override_self = true)]
#[command(
    after_help = "Exit codes: 0 no error-severity findings, 1 error-severity findings, 2 bad input or usage."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a case folder (contract.yaml, inspection.yaml, evidence.yaml) before filing.
    Check {
        /// Case folders, or folders of case folders (a batch, checked on all cores).
        #[arg(required = true, value_name = "CASE_DIR")]
        cases: Vec<PathBuf>,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Lint contract files before the deposit moves (contract-stage rules only).
    Lint {
        /// The contract YAML files (`-`: standard input); each gets its own report.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Explain a rule: its purpose, citation, source, and an example where it fires and one where it holds.
    Explain {
        /// The rule id, e.g. `TA-INSP-003`.
        rule: String,
        /// A folder of `.concord` rule files to load besides the bundled packs (repeatable).
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
    /// Run rule tests: for each rule, examples where it must fire and where it must hold; reports rule coverage.
    Test {
        /// A folder of `.concord` packs with their tests in `tests/*.yaml`; without it, the bundled packs' tests.
        dir: Option<PathBuf>,
        /// More folders of `.concord` rule files to load (repeatable).
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
        /// Fail when fewer rules than this percentage have an example that fires and one that holds.
        #[arg(long = "min-coverage", value_name = "PERCENT", default_value_t = 0.0)]
        min_coverage: f64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TestFormat::Human)]
        format: TestFormat,
    },
    /// Format rule files canonically (in place, atomically); `--check` only reports unformatted files.
    Fmt {
        /// Rule files or folders of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Change nothing; exit 1 when a file is not formatted.
        #[arg(long)]
        check: bool,
        /// Change nothing; show what formatting would change, as a unified diff (exit 1 when it would change a file).
        #[arg(long)]
        diff: bool,
    },
    /// Create a case folder with the three records to fill in, each with comments.
    Init {
        /// The new case folder (created if absent; existing records are never overwritten).
        case: PathBuf,
        /// The product category: its template, with every minimum spec item the loaded packs require
        /// (machinery when not given).
        #[arg(long, value_name = "CATEGORY")]
        category: Option<String>,
        /// A folder of `.concord` rule files to load besides the bundled packs (repeatable): their minimum spec
        /// items for the category are added to the contract.
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
    /// Print the JSON Schema of a record, for editors with a YAML language server.
    Schema {
        /// Which record.
        #[arg(value_enum)]
        record: RecordArg,
    },
    /// Print shell completions.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
    /// Work with rule packs.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// List the loaded packs: versions, dates in force, rule counts and content hashes.
    List {
        /// A folder of `.concord` rule files to load besides the bundled packs (repeatable).
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
    /// Compare two pack versions: rules added, removed and changed, and which cases' verdicts move.
    Diff {
        /// The older version, `NAME@VERSION`.
        from: String,
        /// The newer version, `NAME@VERSION`.
        to: String,
        /// A folder of case folders to run under both versions.
        #[arg(long = "cases", value_name = "DIR")]
        cases: Option<PathBuf>,
        /// The evaluation date for the cases (default: each case's signing date).
        #[arg(long = "as-of", value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// A folder of `.concord` rule files to load besides the bundled packs (repeatable).
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
    /// Print the rule reference (docs/rules.md) as Markdown.
    Doc {
        /// A folder of `.concord` rule files to load besides the bundled packs (repeatable).
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
}

#[derive(Debug, Args)]
struct CommonArgs {
    /// Output format; `human` is graphical on a terminal and plain text otherwise. Default: the configuration's
    /// `format`, else `human`.
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// The configuration file to use, instead of the `concord.toml` found from the case folder upward.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Use no configuration file, even if a `concord.toml` is found.
    #[arg(long)]
    no_config: bool,
    /// The least severity that fails the run (exit code 1): `error` (default), `warning` or `info`.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<FailOn>,
    /// Print only the findings that fail the run, and the summary.
    #[arg(long, short)]
    quiet: bool,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE", conflicts_with = "output_dir")]
    output: Option<PathBuf>,
    /// For a batch: write one report per case into DIR (any format: one HTML, SARIF or JUnit file per case);
    /// standard output gets one line per case and the summary.
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
    /// A folder of `.concord` rule files to load besides the bundled packs (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// The evaluation date (YYYY-MM-DD), for reproducible runs: deadlines and waivers are judged on it.
    /// Default: today. It does not choose pack versions (see `--versions-as-of`).
    #[arg(long = "as-of", value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// The date (YYYY-MM-DD) that chooses the pack versions in force. Default: the contract's signing date, or
    /// the evaluation date when the contract states none.
    #[arg(long = "versions-as-of", value_name = "DATE", value_parser = parse_date)]
    versions_as_of: Option<NaiveDate>,
    /// Pin a pack version, e.g. `trade_assurance@1.0.0` (repeatable).
    #[arg(long = "pack", value_name = "NAME@VERSION")]
    packs: Vec<String>,
    /// Largest file read, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_file_bytes)]
    max_file_bytes: u64,
    /// Deepest YAML nesting accepted.
    #[arg(long, value_name = "LEVELS", default_value_t = Limits::default().yaml.max_depth, value_parser = parse_limit, allow_negative_numbers = true)]
    max_depth: usize,
    /// Most YAML nodes per file.
    #[arg(long, value_name = "NODES", default_value_t = Limits::default().yaml.max_nodes, value_parser = parse_limit, allow_negative_numbers = true)]
    max_nodes: usize,
    /// Deepest nesting of brackets or `not`s in a rule file.
    #[arg(long, value_name = "LEVELS", default_value_t = Limits::default().max_rule_depth, value_parser = parse_limit, allow_negative_numbers = true)]
    max_rule_depth: usize,
    /// Most evaluation steps per case.
    #[arg(long, value_name = "STEPS", default_value_t = Limits::default().max_eval_steps)]
    max_eval_steps: u64,
    /// Most bytes of text created by aliases per file.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().yaml.max_alias_bytes, value_parser = parse_limit, allow_negative_numbers = true)]
    max_alias_bytes: usize,
    /// Read records and rule files through symbolic links that lead outside the folders and files given on the
    /// command line. Off by default: a link in a case folder could otherwise put any readable file into a report.
    #[arg(long)]
    follow_symlinks: bool,
    /// Most YAML nodes created by aliases per file.
    #[arg(long, value_name = "NODES", default_value_t = Limits::default().yaml.max_alias_nodes, value_parser = parse_limit, allow_negative_numbers = true)]
    max_alias_nodes: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    /// Error findings fail the run (the default).
    Error,
    /// Warnings fail it too.
    Warning,
    /// Any finding fails it.
    Info,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RecordArg {
    /// contract.yaml
    Contract,
    /// inspection.yaml
    Inspection,
    /// evidence.yaml
    Evidence,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum TestFormat {
    /// One line per example, then coverage.
    Human,
    /// JUnit XML.
    Junit,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// Graphical on a terminal, plain text otherwise.
    Human,
    /// miette's graphical diagnostics, also when not on a terminal (colour only on a terminal).
    Graphical,
    /// One line per finding and per location.
    Plain,
    /// A JSON object (docs/report.schema.json).
    Json,
    /// One JSON object per line: the form for batches and pipelines.
    Jsonl,
    /// One self-contained HTML page: consistency matrix, findings by stage, protection window.
    Html,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// JUnit XML, for CI dashboards.
    Junit,
    /// GitHub Actions workflow annotations (`::error file=...,line=...,col=...::message`).
    Github,
}

impl FormatArg {
    /// The names a configuration file may give as `format`.
    const NAMES: [&'static str; 9] = [
        "human",
        "graphical",
        "plain",
        "json",
        "jsonl",
        "html",
        "sarif",
        "junit",
        "github",
    ];
}

fn parse_limit(text: &str) -> Result<usize, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a limit: write a whole number, 0 or more"))
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date; write YYYY-MM-DD"))
}

impl CommonArgs {
    fn limits(&self) -> Limits {
        let mut limits = Limits {
            max_file_bytes: self.max_file_bytes,
            ..Limits::default()
        };
        limits.yaml.max_bytes = usize::try_from(self.max_file_bytes).unwrap_or(usize::MAX);
        limits.yaml.max_depth = self.max_depth;
        limits.yaml.max_nodes = self.max_nodes;
        limits.yaml.max_alias_nodes = self.max_alias_nodes;
        limits.yaml.max_alias_bytes = self.max_alias_bytes;
        limits.max_rule_depth = self.max_rule_depth;
        limits.max_eval_steps = self.max_eval_steps;
        limits
    }

    /// The file system for a run over `given` (and the `--rules` folders): confined to them unless
    /// `--follow-symlinks`.
    fn disk(&self, given: &[PathBuf], config: Option<&Config>) -> Box<dyn Files> {
        let config_rules = config.map(|c| c.rules.as_slice()).unwrap_or_default();
        if self.follow_symlinks {
            Box::new(Disk)
        } else {
            Box::new(DiskWithin::new(
                given
                    .iter()
                    .chain(&self.rules)
                    .chain(config_rules)
                    .filter(|p| p.as_os_str() != "-")
                    .map(PathBuf::as_path),
            ))
        }
    }

    /// The rule folders: the configuration's, then `--rules`.
    fn rule_dirs(&self, config: Option<&Config>) -> Vec<PathBuf> {
        config
            .map(|c| c.rules.clone())
            .unwrap_or_default()
            .into_iter()
            .chain(self.rules.iter().cloned())
            .collect()
    }

    /// The least severity that fails the run: `--fail-on`, else the configuration's, else `error`.
    fn fail_on(&self, config: Option<&Config>) -> Severity {
        self.fail_on
            .map(FailOn::severity)
            .or_else(|| config.and_then(|c| c.fail_on))
            .unwrap_or(Severity::Error)
    }

    fn options(
        &self,
        config: Option<&Config>,
        limits: Limits,
        contract_only: bool,
    ) -> CheckOptions {
        let mut pins = self.packs.clone();
        let mut config_pins = Vec::new();
        for pin in config.map(|c| c.packs.as_slice()).unwrap_or_default() {
            let name = pin.split_once('@').map_or(pin.as_str(), |(n, _)| n);
            let given = pins
                .iter()
                .any(|p| p.split_once('@').is_some_and(|(n, _)| n == name));
            if !given {
                pins.push(pin.clone());
                config_pins.push(pin.clone());
            }
        }
        CheckOptions {
            as_of: self.as_of,
            versions_as_of: self.versions_as_of,
            pins,
            config_pins,
            overrides: config.map(|c| c.overrides.clone()).unwrap_or_default(),
            config: config.map(|c| c.shown.clone()),
            limits,
            contract_only,
        }
    }

    fn format(&self, config: Option<&Config>, stdout_is_terminal: bool) -> Format {
        let configured = config
            .and_then(|c| c.format.as_deref())
            .and_then(|name| FormatArg::from_str(name, true).ok());
        let chosen = self.format.or(configured).unwrap_or(FormatArg::Human);
        // A report written to a file is never drawn for a terminal.
        let stdout_is_terminal = stdout_is_terminal && self.output.is_none();
        match chosen {
            FormatArg::Github => Format::Github,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Html => Format::Html,
            FormatArg::Junit => Format::Junit,
            FormatArg::Plain => Format::Plain,
            FormatArg::Human if stdout_is_terminal => Format::Graphical {
                colour: std::env::var_os("NO_COLOR").is_none(),
                width: terminal_width(),
            },
            FormatArg::Human => Format::Plain,
            FormatArg::Graphical => Format::Graphical {
                colour: false,
                width: 100,
            },
        }
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// Runs the command line and returns the exit code. Output goes to the given writers.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Exit {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::BadInput
            } else {
                Exit::Ok
            };
            let text = e.render().to_string();
            let target: &mut dyn Write = if e.use_stderr() { stderr } else { stdout };
            let _ = write!(target, "{text}");
            return code;
        }
    };
    let terminal = std::io::stdout().is_terminal();
    let code = match &cli.command {
        Command::Check { cases, common } if is_batch(cases) => {
            batch(cases, common, terminal, stdout, stderr)
        }
        Command::Check { cases, common } => check(
            Target::Case(cases.first().cloned().unwrap_or_default()),
            common,
            terminal,
            stdout,
            stderr,
        ),
        Command::Lint { files, common } => files.iter().fold(Exit::Ok, |worst, file| {
            worst.worst(check(
                Target::Contract(file.clone()),
                common,
                terminal,
                stdout,
                stderr,
            ))
        }),
        Command::Explain { rule, rules } => explain(rule, rules, stdout, stderr),
        Command::Fmt { paths, check, diff } => {
            crate::cli::fmt::run(paths, *check, *diff, stdout, stderr)
        }
        Command::Init {
            case,
            category,
            rules,
        } => init_case(case, category.as_deref(), rules, stdout, stderr),
        Command::Schema { record } => {
            let record = match record {
                RecordArg::Contract => concord::records::schema::RecordKind::Contract,
                RecordArg::Inspection => concord::records::schema::RecordKind::Inspection,
                RecordArg::Evidence => concord::records::schema::RecordKind::Evidence,
            };
            let text = serde_json::to_string_pretty(&crate::cli::init::json_schema(record))
                .unwrap_or_default();
            let _ = writeln!(stdout, "{text}");
            Exit::Ok
        }
        Command::Completions { shell } => {
            // Generated into memory first: clap_complete panics when its writer fails (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(
                *shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "concord",
                &mut script,
            );
            let _ = stdout.write_all(&script);
            Exit::Ok
        }
        Command::Man => {
            match clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(stdout) {
                Ok(()) => Exit::Ok,
                Err(e) => {
                    let _ = writeln!(stderr, "error: cannot write the man page: {e}");
                    Exit::BadInput
                }
            }
        }
        Command::Test {
            dir,
            rules,
            min_coverage,
            format,
        } => crate::cli::test::run(
            dir.as_deref(),
            rules,
            *min_coverage,
            matches!(format, TestFormat::Junit),
            stdout,
            stderr,
        ),
        Command::Rules {
            command: RulesCommand::Doc { rules },
        } => rules_doc(rules, stdout, stderr),
        Command::Rules {
            command: RulesCommand::List { rules },
        } => rules_list(rules, stdout, stderr),
        Command::Rules {
            command:
                RulesCommand::Diff {
                    from,
                    to,
                    cases,
                    as_of,
                    rules,
                },
        } => rules_diff(from, to, cases.as_deref(), *as_of, rules, stdout, stderr),
    };
    code
}

enum Target {
    Case(PathBuf),
    Contract(PathBuf),
}

/// How standard input is named in reports (`concord lint -`, `concord fmt -`).
pub(crate) const STDIN_NAME: &str = "<stdin>";

/// Reads standard input as UTF-8 text of at most `limit` bytes.
pub(crate) fn read_stdin(limit: u64) -> Result<String, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("error: cannot read standard input: {e}"))?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(format!("error: {STDIN_NAME}: more than {limit} bytes\n  help: give a smaller file, or raise --max-file-bytes"));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "error: {STDIN_NAME}: not UTF-8 text (byte {})\n  help: save the file as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The file system, with `-` read from standard input (already read, so it is read once).
struct WithStdin {
    inner: Box<dyn Files>,
    text: String,
}

impl Files for WithStdin {
    fn kind(&self, path: &std::path::Path) -> Option<Kind> {
        if path.as_os_str() == "-" {
            Some(Kind::File)
        } else {
            self.inner.kind(path)
        }
    }

    fn list(
        &self,
        dir: &std::path::Path,
        display: &str,
    ) -> Result<Vec<(PathBuf, Kind)>, concord::files::InputError> {
        self.inner.list(dir, display)
    }

    fn read_text(
        &self,
        path: &std::path::Path,
        display: &str,
        limit: u64,
    ) -> Result<concord::source::SourceFile, concord::files::InputError> {
        if path.as_os_str() == "-" {
            Ok(concord::source::SourceFile::new(
                STDIN_NAME,
                self.text.as_str(),
            ))
        } else {
            self.inner.read_text(path, display, limit)
        }
    }
}

/// A write error that only means the reader went away (`concord ... | head -1`): the run ends quietly.
fn broken_pipe(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::BrokenPipe
}

/// The `concord.toml` that applies to `start` (a case folder, a contract file, a batch folder): `--config`, or
/// the first found from `start`'s folder upward, unless `--no-config`. Shown relative to the current folder when
/// it lies under it.
fn find_config(args: &CommonArgs, start: &std::path::Path) -> Option<PathBuf> {
    if args.no_config {
        return None;
    }
    if let Some(file) = &args.config {
        return Some(file.clone());
    }
    let start = if start.as_os_str() == "-" {
        std::path::Path::new(".")
    } else {
        start
    };
    let absolute = std::path::absolute(start).ok()?;
    let cwd = std::env::current_dir().ok();
    let mut dir = if absolute.is_dir() {
        absolute
    } else {
        absolute.parent()?.to_path_buf()
    };
    loop {
        let candidate = dir.join(concord::check::config::FILE_NAME);
        if candidate.is_file() {
            let shown = cwd
                .as_deref()
                .and_then(|cwd| candidate.strip_prefix(cwd).ok())
                .map(std::path::Path::to_path_buf)
                .unwrap_or(candidate);
            return Some(shown);
        }
        if !dir.pop() {
            return None;
        }
    }
}

/// Reads and parses the configuration for `start`, adding it to `sources` so its errors and disabled rules can
/// point into it.
fn load_config(
    args: &CommonArgs,
    start: &std::path::Path,
    sources: &mut SourceMap,
) -> Result<Option<Config>, Vec<Problem>> {
    let Some(path) = find_config(args, start) else {
        return Ok(None);
    };
    let shown = path.to_string_lossy().into_owned();
    let file = Disk
        .read_text(&path, &shown, args.max_file_bytes)
        .map_err(|e| vec![Problem::from(e)])?;
    let id = sources.add(file);
    let Some(file) = sources.get(id) else {
        return Ok(None);
    };
    let dir = path.parent().unwrap_or(std::path::Path::new(""));
    concord::check::config::parse(file, id, dir, &FormatArg::NAMES)
        .map(Some)
        .map_err(|error| vec![Problem::Config { file: id, error }])
}

/// True when a finding that is not waived is of `fail_on` or more serious.
fn fails(report: &report::CaseReport, fail_on: Severity) -> bool {
    report
        .findings
        .iter()
        .any(|f| f.waived.is_none() && f.severity <= fail_on)
}

/// Renders a report; with `quiet`, text formats keep only the findings that fail the run, and the summary.
fn render(
    report: &report::CaseReport,
    sources: &SourceMap,
    format: Format,
    quiet: Option<Severity>,
) -> std::io::Result<Vec<u8>> {
    let mut text = Vec::new();
    let textual = matches!(
        format,
        Format::Plain | Format::Graphical { .. } | Format::Github
    );
    match quiet {
        Some(fail_on) if textual => {
            let mut shown = report.clone();
            shown
                .findings
                .retain(|f| f.waived.is_none() && f.severity <= fail_on);
            report::write_report(&mut text, &shown, sources, format)?;
            // The closing line counts every finding, not only those shown.
            let partial = format!("{}\n", report::verdict_line(&shown));
            if text.ends_with(partial.as_bytes()) {
                text.truncate(text.len() - partial.len());
                text.extend_from_slice(format!("{}\n", report::verdict_line(report)).as_bytes());
            }
        }
        _ => report::write_report(&mut text, report, sources, format)?,
    }
    Ok(text)
}

/// Writes a finished report to `--output FILE` or standard output. A closed pipe is not an error.
fn emit(
    text: &[u8],
    output: Option<&std::path::Path>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<(), Exit> {
    if let Some(file) = output {
        return std::fs::write(file, text).map_err(|e| {
            let _ = writeln!(stderr, "error: {}: cannot write the report: {e}\n  help: check that the folder exists and can be written", file.display());
            Exit::BadInput
        });
    }
    match stdout.write_all(text).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if broken_pipe(&e) => Ok(()),
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot write the report to standard output: {e}\n  help: check the disk or the program reading the output");
            Err(Exit::BadInput)
        }
    }
}

fn check(
    target: Target,
    args: &CommonArgs,
    terminal: bool,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Exit {
    let (path, contract_only) = match &target {
        Target::Case(dir) => (dir.as_path(), false),
        Target::Contract(file) => (file.as_path(), true),
    };
    let mut rule_sources = SourceMap::new();
    let config = match load_config(args, path, &mut rule_sources) {
        Ok(config) => config,
        Err(problems) => {
            let format = args.format(None, terminal);
            return bad_input(&problems, &rule_sources, format, stdout, stderr);
        }
    };
    let format = args.format(config.as_ref(), terminal);
    let mut disk = args.disk(&[path.to_path_buf()], config.as_ref());
    if path.as_os_str() == "-" {
        match read_stdin(args.max_file_bytes) {
            Ok(text) => disk = Box::new(WithStdin { inner: disk, text }),
            Err(message) => {
                let _ = writeln!(stderr, "{message}");
                return Exit::BadInput;
            }
        }
    }
    let limits = args.limits();
    let dirs = args.rule_dirs(config.as_ref());
    // Never freed: the process ends after this one check, and freeing the compiled rules node by node cost about
    // 4% of a small case's instructions (callgrind, docs/performance.md).
    let rules = std::mem::ManuallyDrop::new(
        match load::load_rules(&*disk, &mut rule_sources, &dirs, &limits) {
            Ok(rules) => rules,
            Err(problems) => {
                return bad_input_to(
                    args.output.as_deref(),
                    &problems,
                    &rule_sources,
                    format,
                    stdout,
                    stderr,
                )
            }
        },
    );
    let options = args.options(config.as_ref(), limits, contract_only);
    let fail_on = args.fail_on(config.as_ref());
    let (outcome, sources) = check_case(&*disk, &rules, &rule_sources, path, &options);
    match outcome {
        CaseOutcome::Report(mut report) => {
            if path.as_os_str() == "-" {
                STDIN_NAME.clone_into(&mut report.case);
            }
            let quiet = args.quiet.then_some(fail_on);
            let text = match render(&report, &sources, format, quiet) {
                Ok(text) => text,
                Err(e) => {
                    let _ = writeln!(stderr, "error: cannot render the report: {e}");
                    return Exit::BadInput;
                }
            };
            if let Err(code) = emit(&text, args.output.as_deref(), stdout, stderr) {
                return code;
            }
            if fails(&report, fail_on) {
                Exit::Findings
            } else {
                Exit::Ok
            }
        }
        CaseOutcome::BadInput(problems) => bad_input_to(
            args.output.as_deref(),
            &problems,
            &sources,
            format,
            stdout,
            stderr,
        ),
        CaseOutcome::Usage(message) => {
            let _ = writeln!(stderr, "error: {message}\n  help: `concord rules list` shows the loaded packs and versions");
            Exit::BadInput
        }
    }
}

/// One path that is a case folder is a single check; anything else is a batch.
fn is_batch(paths: &[PathBuf]) -> bool {
    paths.len() > 1
        || paths.first().is_some_and(|p| {
            Disk.kind(p) == Some(Kind::Folder)
                && Disk.kind(&p.join("contract.yaml")).is_none()
                && has_case_folders(p)
        })
}

fn has_case_folders(dir: &std::path::Path) -> bool {
    concord::check::batch::case_folders(&Disk, dir).is_ok_and(|f| !f.is_empty())
}

/// The file extension of a report written per case with `--output-dir`.
fn extension(format: Format) -> &'static str {
    match format {
        Format::Html => "html",
        Format::Sarif => "sarif",
        Format::Junit => "xml",
        Format::Json => "json",
        Format::Jsonl => "jsonl",
        Format::Plain | Format::Graphical { .. } | Format::Github => "txt",
    }
}

/// The file names of the per-case reports: the case folder's name, or its whole path (`a/b` as `a__b`) when two
/// cases of the batch share a name.
fn report_names(folders: &[PathBuf], ext: &str) -> Vec<(PathBuf, String)> {
    let short = |f: &PathBuf| {
        f.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "case".to_owned())
    };
    let mut seen = std::collections::BTreeSet::new();
    let unique = folders.iter().all(|f| seen.insert(short(f)));
    folders
        .iter()
        .map(|f| {
            let stem = if unique {
                short(f)
            } else {
                f.to_string_lossy()
                    .trim_start_matches("./")
                    .replace(['/', '\\'], "__")
            };
            (f.clone(), format!("{stem}.{ext}"))
        })
        .collect()
}

fn batch(
    paths: &[PathBuf],
    args: &CommonArgs,
    terminal: bool,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Exit {
    let mut rule_sources = SourceMap::new();
    let start = paths.first().cloned().unwrap_or_default();
    let config = match load_config(args, &start, &mut rule_sources) {
        Ok(config) => config,
        Err(problems) => {
            let format = args.format(None, terminal);
            return bad_input(&problems, &rule_sources, format, stdout, stderr);
        }
    };
    let file_format = args.format(config.as_ref(), false);
    // With `--output-dir`, each case's report goes to its own file and the stream is one line per case.
    let format = if args.output_dir.is_some() {
        Format::Plain
    } else {
        args.format(config.as_ref(), terminal)
    };
    if args.output_dir.is_none() && matches!(format, Format::Sarif | Format::Junit | Format::Html) {
        let _ = writeln!(stderr, "error: a batch of cases is reported as `--format jsonl`, `json`, `plain`, `github` or `human` on one stream\n  help: add `--output-dir DIR` to write one HTML, SARIF or JUnit file per case");
        return Exit::BadInput;
    }
    let mut folders = Vec::new();
    for path in paths {
        if Disk.kind(&path.join("contract.yaml")) == Some(Kind::File) {
            folders.push(path.clone());
            continue;
        }
        match concord::check::batch::case_folders(&Disk, path) {
            Ok(found) if !found.is_empty() => folders.extend(found),
            Ok(_) => {
                let _ = writeln!(stderr, "error: {}: no case folder (a folder holding contract.yaml) here\n  help: give case folders, or folders of case folders", path.display());
                return Exit::BadInput;
            }
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                return Exit::BadInput;
            }
        }
    }
    let disk = args.disk(paths, config.as_ref());
    let limits = args.limits();
    let dirs = args.rule_dirs(config.as_ref());
    let rules = match load::load_rules(&*disk, &mut rule_sources, &dirs, &limits) {
        Ok(rules) => rules,
        Err(problems) => return bad_input(&problems, &rule_sources, format, stdout, stderr),
    };
    let options = args.options(config.as_ref(), limits, false);
    let fail_on = args.fail_on(config.as_ref());
    // The report files of `--output-dir`, written from the worker threads; failures are collected.
    let names = args
        .output_dir
        .as_ref()
        .map(|dir| (dir, report_names(&folders, extension(file_format))));
    if let Some((dir, _)) = &names {
        if let Err(e) = std::fs::create_dir_all(dir) {
            let _ = writeln!(stderr, "error: {}: cannot create the folder: {e}\n  help: give a folder that can be written", dir.display());
            return Exit::BadInput;
        }
    }
    let failures = std::sync::Mutex::new(Vec::<String>::new());
    let write_case = |folder: &std::path::Path, outcome: &CaseOutcome, sources: &SourceMap| {
        let Some((dir, names)) = &names else { return };
        let Some((_, name)) = names.iter().find(|(f, _)| f == folder) else {
            return;
        };
        let mut text = Vec::new();
        let written = match outcome {
            CaseOutcome::Report(report) => {
                report::write_report(&mut text, report, sources, file_format)
            }
            CaseOutcome::BadInput(problems) => {
                report::write_problems(&mut text, problems, sources, file_format)
            }
            CaseOutcome::Usage(message) => writeln!(text, "{message}"),
        };
        let file = dir.join(name);
        if let Err(e) = written.and_then(|()| std::fs::write(&file, &text)) {
            if let Ok(mut failures) = failures.lock() {
                failures.push(format!("{}: {e}", file.display()));
            }
        }
    };
    // The bar draws on standard error from the worker threads; nothing may hold standard error's lock meanwhile
    // (main.rs does not lock it), or the workers and the main thread wait for each other forever.
    let bar = (terminal && args.output.is_none() && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(folders.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} cases {elapsed_precise}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = || {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    let hooks = concord::check::batch::BatchHooks {
        progress: &progress,
        each: names
            .is_some()
            .then_some(&write_case as concord::check::batch::EachCase<'_>),
        quiet: args.quiet,
        fail_on,
    };
    let mut file;
    let out: &mut dyn Write = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => {
                file = std::io::BufWriter::new(f);
                &mut file
            }
            Err(e) => {
                let _ = writeln!(stderr, "error: {}: cannot write the report: {e}\n  help: check that the folder exists and can be written", path.display());
                return Exit::BadInput;
            }
        },
        None => stdout,
    };
    let result = concord::check::batch::run_batch(
        &*disk,
        &rules,
        &rule_sources,
        &folders,
        &options,
        format,
        out,
        &hooks,
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let summary = match result {
        Ok(summary) => summary,
        Err(e) if broken_pipe(&e) => return Exit::Ok,
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot write the report: {e}");
            return Exit::BadInput;
        }
    };
    if !matches!(format, Format::Json | Format::Jsonl) {
        let mut table = concord::check::batch::summary_table(&summary);
        table.push_str(&match &config {
            Some(c) => format!("  configuration: {}\n", c.shown),
            None => "  configuration: none (no concord.toml found)\n".to_owned(),
        });
        if let Some((dir, _)) = &names {
            table.push_str(&format!("  reports: {}\n", dir.display()));
        }
        if let Err(e) = out.write_all(table.as_bytes()).and_then(|()| out.flush()) {
            if !broken_pipe(&e) {
                let _ = writeln!(stderr, "error: cannot write the report: {e}");
                return Exit::BadInput;
            }
        }
    } else if let Err(e) = out.flush() {
        if !broken_pipe(&e) {
            let _ = writeln!(stderr, "error: cannot write the report: {e}");
            return Exit::BadInput;
        }
    }
    let failures = failures.into_inner().unwrap_or_default();
    for failure in &failures {
        let _ = writeln!(stderr, "error: cannot write the report {failure}");
    }
    if summary.bad_input > 0 || !failures.is_empty() {
        Exit::BadInput
    } else if summary.failing(fail_on) > 0 {
        Exit::Findings
    } else {
        Exit::Ok
    }
}

/// `concord init`: the category's template, with the minimum spec items of the loaded packs for the category.
fn init_case(
    case: &std::path::Path,
    category: Option<&str>,
    dirs: &[PathBuf],
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Exit {
    let mut sources = SourceMap::new();
    let rules = match load::load_rules(&Disk, &mut sources, dirs, &Limits::default()) {
        Ok(rules) => rules,
        Err(problems) => return bad_input(&problems, &sources, Format::Plain, stdout, stderr),
    };
    if let Some(category) = category {
        // A category nothing knows would get another category's template without a word: refuse it and list them.
        let mut known: Vec<String> = concord::records::categories::bundled()
            .names()
            .map(str::to_owned)
            .chain(crate::cli::init::template_categories().map(str::to_owned))
            .chain(
                rules
                    .packs
                    .iter()
                    .flat_map(|p| p.categories.iter().cloned()),
            )
            .filter(|c| c != "all")
            .collect();
        known.sort();
        known.dedup();
        if !known.iter().any(|k| k == category) {
            let _ = writeln!(
                stderr,
                "error: no template or rule pack knows the category `{category}`\n  help: use one of {}; a category of your own needs a pack that names it (`--rules DIR`, `docs/writing-a-pack.md`), or a row in data/categories.tsv naming what it is a kind of",
                known.join(", ")
            );
            return Exit::BadInput;
        }
    }
    let items = category
        .map(|c| crate::cli::init::required_items(&rules, c))
        .unwrap_or_default();
    let today = chrono::Local::now().date_naive();
    match crate::cli::init::init(case, category, &items, today) {
        Ok(written) => {
            for file in written {
                let _ = writeln!(stdout, "wrote {file}");
            }
            let _ = writeln!(
                stdout,
                "fill in every `FILL IN:` value (`concord check {}` lists them), then check the case",
                case.display()
            );
            Exit::Ok
        }
        Err(message) => {
            let _ = writeln!(stderr, "error: {message}\n  help: give a new folder, or move the existing records away first");
            Exit::BadInput
        }
    }
}

fn explain(rule: &str, dirs: &[PathBuf], stdout: &mut dyn Write, stderr: &mut dyn Write) -> Exit {
    let mut sources = SourceMap::new();
    let rules = match load::load_rules(&Disk, &mut sources, dirs, &Limits::default()) {
        Ok(rules) => rules,
        Err(problems) => return bad_input(&problems, &sources, Format::Plain, stdout, stderr),
    };
    // The user packs' rule tests, so their rules are explained with examples too.
    let mut user_tests = Vec::new();
    for dir in dirs {
        let tests_dir = dir.join("tests");
        let Ok(entries) = Disk.list(&tests_dir, &tests_dir.to_string_lossy()) else {
            continue;
        };
        for (path, kind) in entries {
            let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
            if kind == concord::files::Kind::File && yaml {
                if let Ok(file) = Disk.read_text(
                    &path,
                    &path.to_string_lossy(),
                    Limits::default().max_file_bytes,
                ) {
                    user_tests.push(file.text.to_string());
                }
            }
        }
    }
    match concord::packs::explain::explain(rule, &rules, &sources, &user_tests) {
        Ok(text) => {
            let _ = write!(stdout, "{text}");
            Exit::Ok
        }
        Err(suggestion) => {
            let hint = suggestion
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            let _ = writeln!(
                stderr,
                "error: unknown rule `{rule}`{hint}
  help: `concord rules doc` lists every rule"
            );
            Exit::BadInput
        }
    }
}

fn rules_doc(dirs: &[PathBuf], stdout: &mut dyn Write, stderr: &mut dyn Write) -> Exit {
    let mut sources = SourceMap::new();
    match load::load_rules(&Disk, &mut sources, dirs, &Limits::default()) {
        Ok(rules) => {
            let _ = write!(
                stdout,
                "{}",
                concord::packs::explain::rules_markdown(&rules)
            );
            Exit::Ok
        }
        Err(problems) => bad_input(&problems, &sources, Format::Plain, stdout, stderr),
    }
}

fn rules_list(dirs: &[PathBuf], stdout: &mut dyn Write, stderr: &mut dyn Write) -> Exit {
    let mut sources = SourceMap::new();
    match load::load_rules(&Disk, &mut sources, dirs, &Limits::default()) {
        Ok(rules) => {
            let _ = write!(stdout, "{}", concord::packs::catalog::list(&rules));
            Exit::Ok
        }
        Err(problems) => bad_input(&problems, &sources, Format::Plain, stdout, stderr),
    }
}

fn rules_diff(
    from: &str,
    to: &str,
    cases: Option<&std::path::Path>,
    as_of: Option<NaiveDate>,
    dirs: &[PathBuf],
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Exit {
    let mut sources = SourceMap::new();
    let rules = match load::load_rules(&Disk, &mut sources, dirs, &Limits::default()) {
        Ok(rules) => rules,
        Err(problems) => return bad_input(&problems, &sources, Format::Plain, stdout, stderr),
    };
    let (a, b) = match (
        concord::packs::catalog::find(&rules, from),
        concord::packs::catalog::find(&rules, to),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            let _ = writeln!(
                stderr,
                "error: {e}\n  help: `concord rules list` shows the loaded versions"
            );
            return Exit::BadInput;
        }
    };
    let diff = concord::packs::catalog::diff(&rules, &sources, a, b);
    let _ = write!(
        stdout,
        "{}",
        concord::packs::catalog::render_diff(&rules, a, b, &diff)
    );
    let Some(dir) = cases else { return Exit::Ok };
    match concord::check::batch::case_folders(&Disk, dir) {
        Ok(folders) => {
            let _ = write!(
                stdout,
                "{}",
                concord::check::batch::verdict_moves(
                    &Disk, &rules, &sources, &folders, from, to, as_of
                )
            );
            Exit::Ok
        }
        Err(e) => bad_input(&[e.into()], &sources, Format::Plain, stdout, stderr),
    }
}

/// Bad input, with the machine formats' description of it written to `--output FILE` when one is given.
fn bad_input_to(
    output: Option<&std::path::Path>,
    problems: &[Problem],
    sources: &SourceMap,
    format: Format,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Exit {
    let machine = matches!(
        format,
        Format::Json | Format::Jsonl | Format::Sarif | Format::Junit | Format::Html
    );
    match output {
        Some(file) if machine => {
            let mut text = Vec::new();
            let _ = report::write_problems(&mut text, problems, sources, format);
            let _ = emit(&text, Some(file), stdout, stderr);
            Exit::BadInput
        }
        _ => bad_input(problems, sources, format, stdout, stderr),
    }
}

fn bad_input(
    problems: &[Problem],
    sources: &SourceMap,
    format: Format,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Exit {
    // Machine formats describe bad input in their own shape, where tools read them: on standard output.
    let machine = matches!(
        format,
        Format::Json | Format::Jsonl | Format::Sarif | Format::Junit | Format::Html
    );
    let target: &mut dyn Write = if machine { stdout } else { stderr };
    let _ = report::write_problems(target, problems, sources, format);
    Exit::BadInput
}
