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

use concord::check::load::{self, Limits, Problem};
use concord::check::run::{check_case, CaseOutcome, CheckOptions};
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
    /// Lint one contract file before the deposit moves (contract-stage rules only).
    Lint {
        /// The contract YAML file.
        file: PathBuf,
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
    },
    /// Create a case folder with the three records to fill in, each with comments.
    Init {
        /// The new case folder (created if absent; existing records are never overwritten).
        case: PathBuf,
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
    /// Output format; `human` is graphical on a terminal and plain text otherwise.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// A folder of `.concord` rule files to load besides the bundled packs (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// The evaluation date (YYYY-MM-DD), for reproducible runs; it also chooses the pack versions in force.
    /// Default: today, with the pack versions in force on the contract's signing date.
    #[arg(long = "as-of", value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
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
    fn disk(&self, given: &[PathBuf]) -> Box<dyn Files> {
        if self.follow_symlinks {
            Box::new(Disk)
        } else {
            Box::new(DiskWithin::new(
                given.iter().chain(&self.rules).map(PathBuf::as_path),
            ))
        }
    }

    fn format(&self, stdout_is_terminal: bool) -> Format {
        match self.format {
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
        Command::Check { cases, common } if is_batch(cases) => batch(
            cases,
            common,
            common.format(terminal),
            terminal,
            stdout,
            stderr,
        ),
        Command::Check { cases, common } => check(
            Target::Case(cases.first().cloned().unwrap_or_default()),
            common,
            common.format(terminal),
            stdout,
            stderr,
        ),
        Command::Lint { file, common } => check(
            Target::Contract(file.clone()),
            common,
            common.format(terminal),
            stdout,
            stderr,
        ),
        Command::Explain { rule, rules } => explain(rule, rules, stdout, stderr),
        Command::Fmt { paths, check } => crate::cli::fmt::run(paths, *check, stdout, stderr),
        Command::Init { case } => match crate::cli::init::init(case) {
            Ok(written) => {
                for file in written {
                    let _ = writeln!(stdout, "wrote {file}");
                }
                let _ = writeln!(
                    stdout,
                    "fill in the records, then run `concord check {}`",
                    case.display()
                );
                Exit::Ok
            }
            Err(message) => {
                let _ = writeln!(stderr, "error: {message}\n  help: give a new folder, or move the existing records away first");
                Exit::BadInput
            }
        },
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

fn check(
    target: Target,
    args: &CommonArgs,
    format: Format,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Exit {
    let (path, contract_only) = match &target {
        Target::Case(dir) => (dir.as_path(), false),
        Target::Contract(file) => (file.as_path(), true),
    };
    let disk = args.disk(&[path.to_path_buf()]);
    let mut rule_sources = SourceMap::new();
    let limits = args.limits();
    let rules = match load::load_rules(&*disk, &mut rule_sources, &args.rules, &limits) {
        Ok(rules) => rules,
        Err(problems) => return bad_input(&problems, &rule_sources, format, stdout, stderr),
    };
    let options = CheckOptions {
        as_of: args.as_of,
        pins: args.packs.clone(),
        limits,
        contract_only,
    };
    let (outcome, sources) = check_case(&*disk, &rules, &rule_sources, path, &options);
    match outcome {
        CaseOutcome::Report(report) => {
            if let Err(e) = report::write_report(stdout, &report, &sources, format)
                .and_then(|()| stdout.flush())
            {
                let _ = writeln!(stderr, "error: cannot write the report to standard output: {e}\n  help: check the disk or the program reading the output");
                return Exit::BadInput;
            }
            if report.is_ready() {
                Exit::Ok
            } else {
                Exit::Findings
            }
        }
        CaseOutcome::BadInput(problems) => bad_input(&problems, &sources, format, stdout, stderr),
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

fn batch(
    paths: &[PathBuf],
    args: &CommonArgs,
    format: Format,
    terminal: bool,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Exit {
    if matches!(format, Format::Sarif | Format::Junit | Format::Html) {
        let _ = writeln!(stderr, "error: a batch of cases is reported as `--format jsonl`, `json`, `plain` or `human`\n  help: check cases one at a time for SARIF or JUnit");
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
    let disk = args.disk(paths);
    let mut rule_sources = SourceMap::new();
    let limits = args.limits();
    let rules = match load::load_rules(&*disk, &mut rule_sources, &args.rules, &limits) {
        Ok(rules) => rules,
        Err(problems) => return bad_input(&problems, &rule_sources, format, stdout, stderr),
    };
    let options = CheckOptions {
        as_of: args.as_of,
        pins: args.packs.clone(),
        limits,
        contract_only: false,
    };
    let bar = (terminal && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(folders.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} cases {elapsed_precise}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let summary = match concord::check::batch::run_batch(
        &*disk,
        &rules,
        &rule_sources,
        &folders,
        &options,
        format,
        stdout,
        &|| {
            if let Some(bar) = &bar {
                bar.inc(1);
            }
        },
    ) {
        Ok(summary) => summary,
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot write the report: {e}");
            return Exit::BadInput;
        }
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if !matches!(format, Format::Json | Format::Jsonl) {
        let _ = write!(stdout, "{}", concord::check::batch::summary_table(&summary));
    }
    if summary.bad_input > 0 {
        Exit::BadInput
    } else if summary.not_ready > 0 {
        Exit::Findings
    } else {
        Exit::Ok
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
