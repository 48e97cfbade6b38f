//! Bad-input tests: every folder under `tests/bad_inputs/` is a case (or a set of rule files) with one
//! thing broken, run through the built binary and snapshot-tested with insta (`bad_input`).
//!
//! A folder holds an `about` file (one line: what it tests) and
//! - the records (`contract.yaml`, `inspection.yaml`, `evidence.yaml`), usually examples/claim-holds with
//!   one thing broken; a folder without any record checks `examples/claim-holds` instead;
//! - optionally `rules/`: `.concord` files, passed with `--rules`;
//! - optionally `args`: extra command-line arguments (one line);
//! - optionally `case`: the path to check instead of the folder, relative to the folder;
//! - optionally `expect-ok`: the input is legitimately valid (exit 0 or 1 expected, not 2);
//! - optionally `also-graphical`: the output is snapshot in the graphical format too (`bad_input_graphical`);
//! - optionally `expect-mention`: text the output must contain, for input-level errors that have no
//!   line and column (a missing folder, a bad option).
//!
//! Otherwise the run must exit with 2 and name a file with a line and column (`x.yaml:3:7`).
//!
//! Hostile inputs too large to commit (a 200 MB record, 100,000-level nesting, alias bombs, 20 MB of
//! lines, deeply nested rule expressions, 10,000 rules) are generated into a temporary folder by the
//! tests at the end of this file, and run through the built binary in a child process, so that a stack
//! overflow or an abort fails one test instead of killing the test binary.
//! Fuzzing regressions (`tests/bad_inputs/regressions/`, see docs/fuzzing.md) run the same way.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

mod support;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use support::{relative, BIN, ROOT};
const CLAIM_HOLDS: &str = "examples/claim-holds";

// ------------------------------------------------------------------------------------------------
// the committed corpus

/// Runs the built binary; gives the exit code and the snapshot text.
fn run_corpus(args: &[String]) -> (u8, String) {
    let run = support::concord(args);
    (run.code, run.snapshot())
}

fn one_line(dir: &Path, name: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(name))
        .ok()
        .map(|s| s.trim().to_owned())
}

fn has_records(dir: &Path) -> bool {
    ["contract.yaml", "inspection.yaml", "evidence.yaml"]
        .iter()
        .any(|f| dir.join(f).exists())
}

/// The arguments for one corpus folder.
fn corpus_args(dir: &Path) -> Vec<String> {
    let rel = relative(dir);
    let case = match one_line(dir, "case") {
        Some(case) => format!("{rel}/{case}"),
        None if has_records(dir) => rel.clone(),
        None => CLAIM_HOLDS.to_owned(),
    };
    let mut args: Vec<String> = ["check", &case, "--format", "plain", "--as-of", "2026-07-05"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    if dir.join("rules").is_dir() {
        args.push("--rules".to_owned());
        args.push(format!("{rel}/rules"));
    }
    if let Some(line) = one_line(dir, "args") {
        args.extend(line.split_whitespace().map(str::to_owned));
    }
    args
}

/// `file.yaml:12:5` or `file.concord:3:1`: a diagnostic that names a file, a line and a column.
fn names_location(output: &str) -> bool {
    output.lines().any(|line| {
        [".yaml:", ".concord:"].iter().any(|ext| {
            line.match_indices(ext).any(|(i, m)| {
                let rest = &line[i + m.len()..];
                let mut parts = rest.splitn(3, ':');
                let line_no = parts.next().unwrap_or("");
                let col = parts.next().unwrap_or("");
                !line_no.is_empty()
                    && line_no.bytes().all(|b| b.is_ascii_digit())
                    && col.bytes().next().is_some_and(|b| b.is_ascii_digit())
            })
        })
    })
}

/// What a corpus folder's run must show, beyond its snapshot; `Err` says what is wrong.
fn judge(dir: &Path, code: u8, output: &str) -> Result<(), String> {
    if output.contains("panicked") {
        return Err("concord panicked".to_owned());
    }
    if dir.join("expect-ok").exists() {
        return if code <= 1 {
            Ok(())
        } else {
            Err(format!("a valid input gave exit {code}, not 0 or 1"))
        };
    }
    if code != 2 {
        return Err(format!("exit {code}, not 2 (bad input)"));
    }
    match one_line(dir, "expect-mention") {
        Some(text) if output.contains(&text) => Ok(()),
        Some(text) => Err(format!("the output does not mention `{text}`")),
        None if names_location(output) => Ok(()),
        None => Err("the output names no file:line:column".to_owned()),
    }
}

#[test]
fn bad_inputs() {
    std::env::set_current_dir(ROOT).unwrap();
    let mut failures = Vec::new();
    insta::glob!("bad_inputs/*/about", |about| {
        let dir = about.parent().unwrap();
        let (code, output) = run_corpus(&corpus_args(dir));
        if let Err(why) = judge(dir, code, &output) {
            // Printed at once too: insta panics at the end of the glob when a snapshot differs,
            // before the assertion below can list these.
            eprintln!("bad input handled wrongly: {}: {why}", relative(dir));
            failures.push(format!("{}: {why}", relative(dir)));
        }
        insta::assert_snapshot!("bad_input", output);
        if dir.join("also-graphical").exists() {
            let mut args = corpus_args(dir);
            if let Some(i) = args.iter().position(|a| a == "plain") {
                args[i] = "graphical".to_owned();
            }
            insta::assert_snapshot!("bad_input_graphical", run_corpus(&args).1);
        }
    });
    assert!(
        failures.is_empty(),
        "{} bad inputs are handled wrongly:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_has_at_least_sixty_entries_each_with_a_one_line_about() {
    let dir = Path::new(ROOT).join("tests/bad_inputs");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == "regressions") || !path.is_dir() {
            continue;
        }
        let about = std::fs::read_to_string(path.join("about"))
            .unwrap_or_else(|_| panic!("{} has no `about` file", path.display()));
        assert_eq!(
            about.trim().lines().count(),
            1,
            "{}: `about` is one line",
            path.display()
        );
        count += 1;
    }
    assert!(count >= 60, "only {count} bad inputs");
}

// ------------------------------------------------------------------------------------------------
// generated hostile inputs, run through the binary in a child process

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "concord-bad-inputs-{}-{}-{name}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    /// A case folder holding claim-holds' records, with `replace` (file name, text) written over them.
    fn case(name: &str, replace: &[(&str, &[u8])]) -> TempDir {
        let dir = TempDir::new(name);
        for file in ["contract.yaml", "inspection.yaml", "evidence.yaml"] {
            std::fs::copy(
                Path::new(ROOT).join(CLAIM_HOLDS).join(file),
                dir.path().join(file),
            )
            .unwrap();
        }
        for (file, text) in replace {
            std::fs::write(dir.path().join(file), text).unwrap();
        }
        dir
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a child run of the binary gave.
struct Outcome {
    /// The exit code; `None` when a signal ended the process (a stack overflow aborts).
    code: Option<i32>,
    output: String,
    elapsed: Duration,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown: String = self.output.chars().take(2000).collect();
        write!(f, "exit {:?} after {:?}:\n{shown}", self.code, self.elapsed)
    }
}

/// Runs `concord check CASE --format plain --as-of 2026-07-05 EXTRA...` as a child process.
fn run_binary(case: &Path, extra: &[&str]) -> Outcome {
    let start = Instant::now();
    let out = Command::new(BIN)
        .arg("check")
        .arg(case)
        .args(["--format", "plain", "--as-of", "2026-07-05"])
        .args(extra)
        .current_dir(ROOT)
        .output()
        .unwrap();
    Outcome {
        code: out.status.code(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        elapsed: start.elapsed(),
    }
}

/// Asserts a clean rejection: exit 2 and every one of `mentions` in the output.
fn assert_rejected(outcome: &Outcome, mentions: &[&str]) {
    assert_eq!(outcome.code, Some(2), "expected exit 2; {outcome}");
    for text in mentions {
        assert!(
            outcome.output.contains(text),
            "expected `{text}` in the output; {outcome}"
        );
    }
    assert!(!outcome.output.contains("panicked"), "{outcome}");
}

#[test]
fn a_200_mb_evidence_file_is_rejected_by_size() {
    let dir = TempDir::case("200mb", &[]);
    let mut file = std::fs::File::create(dir.path().join("evidence.yaml")).unwrap();
    // About 1 MiB of whole lines, written 200 times: 200 MiB of valid YAML.
    let block = b"- { lot_code: NJP800-2604-01 }\n".repeat((1 << 20) / 31 + 1);
    file.write_all(b"units:\n").unwrap();
    for _ in 0..200 {
        file.write_all(&block).unwrap();
    }
    drop(file);
    let outcome = run_binary(dir.path(), &[]);
    assert_rejected(
        &outcome,
        &["evidence.yaml", "more than the limit of 16777216 bytes"],
    );
    assert!(outcome.elapsed < Duration::from_secs(5), "{outcome}");
}

#[test]
fn twenty_mb_of_key_value_lines_is_rejected_by_size() {
    let text = "a: b\n".repeat(4 * 1024 * 1024);
    let dir = TempDir::case("20mb-lines", &[("inspection.yaml", text.as_bytes())]);
    let outcome = run_binary(dir.path(), &[]);
    assert_rejected(&outcome, &["inspection.yaml", "more than the limit"]);
}

#[test]
fn twenty_mb_of_key_value_lines_past_a_raised_size_limit_stops_at_the_duplicate() {
    let text = "a: b\n".repeat(4 * 1024 * 1024);
    let dir = TempDir::case("20mb-dup", &[("inspection.yaml", text.as_bytes())]);
    let outcome = run_binary(dir.path(), &["--max-file-bytes", "30000000"]);
    assert_rejected(&outcome, &["inspection.yaml:2:1", "duplicate_key"]);
    assert!(outcome.elapsed < Duration::from_secs(10), "{outcome}");
}

#[test]
fn twenty_mb_of_distinct_keys_past_a_raised_size_limit_stops_at_the_node_limit() {
    // `--max-nodes 100000` keeps the test fast in debug builds; the default limit (250,000)
    // behaves the same, later (docs/fuzzing.md gives the release-build timing).
    let mut text = String::with_capacity(21 << 20);
    let mut i = 0u64;
    while text.len() < 20 << 20 {
        text.push_str(&format!("k{i}: b\n"));
        i += 1;
    }
    let dir = TempDir::case("20mb-nodes", &[("inspection.yaml", text.as_bytes())]);
    let outcome = run_binary(
        dir.path(),
        &["--max-file-bytes", "30000000", "--max-nodes", "100000"],
    );
    assert_rejected(&outcome, &["inspection.yaml:", "too_many_nodes", "100000"]);
    assert!(outcome.elapsed < Duration::from_secs(10), "{outcome}");
}

#[test]
fn nesting_100000_block_levels_is_rejected_at_the_depth_limit() {
    let text = format!("units:\n{}x\n", "- ".repeat(100_000));
    let dir = TempDir::case("deep-block", &[("evidence.yaml", text.as_bytes())]);
    let outcome = run_binary(dir.path(), &[]);
    assert_rejected(&outcome, &["evidence.yaml:2:", "too_deep", "64"]);
}

#[test]
fn nesting_100000_block_mapping_levels_is_rejected_at_the_depth_limit() {
    // `a: ` after `- ` opens a mapping inside each list item, alternating the two block collections.
    let text = format!("units:\n{}x\n", "- a: ".repeat(100_000));
    let dir = TempDir::case("deep-block-map", &[("evidence.yaml", text.as_bytes())]);
    let outcome = run_binary(dir.path(), &[]);
    assert_eq!(outcome.code, Some(2), "{outcome}");
    assert!(outcome.output.contains("evidence.yaml:2:"), "{outcome}");
}

#[test]
fn nesting_100000_flow_levels_is_rejected_at_the_depth_limit() {
    let text = format!("units: {}x{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let dir = TempDir::case("deep-flow", &[("evidence.yaml", text.as_bytes())]);
    let outcome = run_binary(dir.path(), &[]);
    assert_rejected(&outcome, &["evidence.yaml:1:", "too_deep"]);
}

#[test]
fn nesting_100000_flow_mapping_levels_is_rejected_at_the_depth_limit() {
    let text = format!(
        "units: {}x{}\n",
        "{a: ".repeat(100_000),
        "}".repeat(100_000)
    );
    let dir = TempDir::case("deep-flow-map", &[("evidence.yaml", text.as_bytes())]);
    let outcome = run_binary(dir.path(), &[]);
    assert_rejected(&outcome, &["evidence.yaml:1:", "too_deep"]);
}

#[test]
fn billion_laughs_stops_at_the_alias_budget() {
    let mut text = String::from("arrival:\n  date: 2026-06-20\nlol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..=10 {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        text.push_str(&format!("lol{level}: &a{level} [{refs}]\n"));
    }
    let dir = TempDir::case("billion-laughs", &[("evidence.yaml", text.as_bytes())]);
    let outcome = run_binary(dir.path(), &[]);
    assert_rejected(&outcome, &["evidence.yaml:", "alias_budget"]);
    assert!(outcome.elapsed < Duration::from_secs(5), "{outcome}");
}

#[test]
fn an_alias_chain_of_100000_anchors_stays_within_limits() {
    // Each anchor aliases the one before: linear text, but naive expansion copies ever longer chains.
    let mut text = String::from("arrival:\n  date: 2026-06-20\nx0: &a0 [z]\n");
    for level in 1..100_000 {
        text.push_str(&format!("x{level}: &a{level} [*a{}]\n", level - 1));
    }
    let dir = TempDir::case("alias-chain", &[("evidence.yaml", text.as_bytes())]);
    let outcome = run_binary(dir.path(), &[]);
    assert_eq!(outcome.code, Some(2), "{outcome}");
    assert!(outcome.output.contains("evidence.yaml:"), "{outcome}");
    assert!(outcome.elapsed < Duration::from_secs(10), "{outcome}");
}

/// A rule pack with one rule whose `require` is `condition`.
fn pack_with(condition: &str) -> String {
    format!(
        "pack buyer {{\n  version \"1.0.0\"\n}}\n\nrule BUY-001 {{\n  title \"t\"\n  severity error\n  stage pre_shipment\n  cite \"c\"\n  require {condition}\n  message \"m\"\n  help \"h\"\n}}\n"
    )
}

fn run_rules(name: &str, files: &[(&str, String)], case: &Path) -> Outcome {
    let dir = TempDir::new(name);
    for (file, text) in files {
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let rules = dir.path().to_string_lossy().into_owned();
    run_binary(case, &["--rules", &rules])
}

#[test]
fn deeply_nested_parentheses_in_a_rule_never_crash() {
    let case = Path::new(ROOT).join(CLAIM_HOLDS);
    let mut failures = Vec::new();
    for depth in [64, 200, 500, 1_000, 2_000, 5_000, 10_000] {
        let condition = format!(
            "{}inspection.report.company exists{}",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        let outcome = run_rules("parens", &[("deep.concord", pack_with(&condition))], &case);
        if !matches!(outcome.code, Some(0 | 2)) {
            failures.push(format!("{depth} parentheses: {outcome}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn deeply_nested_not_in_a_rule_is_too_deep_not_a_crash() {
    let case = Path::new(ROOT).join(CLAIM_HOLDS);
    let mut failures = Vec::new();
    for depth in [65, 200, 500, 1_000, 2_000, 5_000, 10_000] {
        let condition = format!("{}inspection.report.company exists", "not ".repeat(depth));
        let outcome = run_rules("nots", &[("deep.concord", pack_with(&condition))], &case);
        if outcome.code != Some(2) || !outcome.output.contains("deep.concord:10:") {
            failures.push(format!("`not` {depth} times: {outcome}"));
        } else if !outcome.output.contains("too_deep") {
            failures.push(format!(
                "`not` {depth} times, not reported as too_deep: {outcome}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ten_thousand_rules_in_one_file_compile() {
    let mut text = String::from("pack buyer {\n  version \"1.0.0\"\n}\n\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "rule BUY-{i:05} {{\n  title \"t\"\n  severity info\n  stage pre_shipment\n  cite \"c\"\n  require inspection.report.company exists\n  message \"m\"\n  help \"h\"\n}}\n"
        ));
    }
    let case = Path::new(ROOT).join(CLAIM_HOLDS);
    let outcome = run_rules("ten-thousand", &[("many.concord", text)], &case);
    eprintln!("10,000 rules: {:?}", outcome.elapsed);
    assert_eq!(outcome.code, Some(0), "{outcome}");
    assert!(outcome.elapsed < Duration::from_secs(60), "{outcome}");
}

#[test]
fn pathological_regexes_stay_linear_on_a_megabyte_of_text() {
    let inspection =
        std::fs::read_to_string(Path::new(ROOT).join(CLAIM_HOLDS).join("inspection.yaml"))
            .unwrap()
            .replace(
                "inspector: Li Wei",
                &format!("inspector: {}!", "a".repeat(1 << 20)),
            );
    let dir = TempDir::case("regex-data", &[("inspection.yaml", inspection.as_bytes())]);
    let mut text = pack_with("not (inspection.report.inspector matches \"(a+)+$\")");
    text.push_str(
        "\nrule BUY-002 {\n  title \"t\"\n  severity error\n  stage pre_shipment\n  cite \"c\"\n  require not (inspection.report.inspector matches \"(a|aa)*b\")\n  message \"m\"\n  help \"h\"\n}\n",
    );
    text.push_str(
        "\nrule BUY-003 {\n  title \"t\"\n  severity error\n  stage pre_shipment\n  cite \"c\"\n  require not (inspection.report.inspector matches \"^(a|a?)+$\")\n  message \"m\"\n  help \"h\"\n}\n",
    );
    let outcome = run_rules("regex", &[("regex.concord", text)], dir.path());
    eprintln!("pathological regexes on 1 MiB: {:?}", outcome.elapsed);
    assert_eq!(outcome.code, Some(0), "{outcome}");
    assert!(outcome.elapsed < Duration::from_secs(10), "{outcome}");
}

// ------------------------------------------------------------------------------------------------
// fuzzing regressions

/// Every file under `tests/bad_inputs/regressions/` (named `<target>-<what>.<ext>`) goes through the
/// binary the way its fuzz target fed it: `.concord` files as a rule pack, `.yaml` files as the record
/// the name says (`...-inspection-...`, `...-contract-...`, else evidence). The process must end with an
/// exit code (never a signal) and never print a panic.
#[test]
fn fuzz_regressions_do_not_crash() {
    let dir = Path::new(ROOT).join("tests/bad_inputs/regressions");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let case = Path::new(ROOT).join(CLAIM_HOLDS);
    let mut failures = Vec::new();
    let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let outcome = if name.ends_with(".concord") {
            let rules = TempDir::new("regression-rules");
            std::fs::write(rules.path().join("fuzz.concord"), &bytes).unwrap();
            let rules_arg = rules.path().to_string_lossy().into_owned();
            run_binary(&case, &["--rules", &rules_arg])
        } else if name.ends_with(".yaml") {
            let record = if name.contains("inspection") {
                "inspection.yaml"
            } else if name.contains("contract") {
                "contract.yaml"
            } else {
                "evidence.yaml"
            };
            let dir = TempDir::case("regression-case", &[(record, &bytes)]);
            run_binary(dir.path(), &[])
        } else {
            continue;
        };
        if outcome.code.is_none() || outcome.output.contains("panicked") {
            failures.push(format!("{name}: {outcome}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ------------------------------------------------------------------------------------------------
// special files and symbolic links, created at run time (they cannot be committed)

/// Runs `concord ARGS` with a deadline: a run that blocks (a FIFO read) is killed and reported, never hangs
/// the test. The output has the temporary folder replaced by `[TMP]`, for snapshots.
fn run_with_deadline(args: &[&std::ffi::OsStr], tmp: &Path, stdin: std::process::Stdio) -> String {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .env("NO_COLOR", "1")
        .stdin(stdin)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("concord {args:?} blocked for 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "exit: {code:?}\n--- stdout\n{}--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.replace(&tmp.to_string_lossy().into_owned(), "[TMP]")
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_links_are_located_errors_never_a_block() {
    use std::os::unix::fs::symlink;
    let tmp = TempDir::new("special");
    let root = tmp.path();
    let os = |s: &str| std::ffi::OsString::from(s);
    let plain = ["--format", "plain", "--as-of", "2026-07-05"];
    let mut shots = Vec::new();
    let mut check = |title: &str, mut args: Vec<std::ffi::OsString>| {
        args.extend(plain.iter().map(|s| os(s)));
        let refs: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
        let text = run_with_deadline(&refs, root, std::process::Stdio::null());
        assert!(text.starts_with("exit: Some(2)"), "{title}: {text}");
        shots.push(format!("=== {title}\n{text}"));
    };
    let claim = Path::new(ROOT).join(CLAIM_HOLDS);
    let case = |name: &str| {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        for file in ["contract.yaml", "inspection.yaml", "evidence.yaml"] {
            std::fs::copy(claim.join(file), dir.join(file)).unwrap();
        }
        dir
    };

    // A FIFO as a record: no writer ever opens it; reading would block forever.
    let fifo_case = case("fifo-record");
    std::fs::remove_file(fifo_case.join("evidence.yaml")).unwrap();
    mkfifo(&fifo_case.join("evidence.yaml"));
    check("a FIFO as a record", vec![os("check"), fifo_case.into()]);

    // A FIFO as a rule file.
    let rules = root.join("fifo-rules");
    std::fs::create_dir_all(&rules).unwrap();
    mkfifo(&rules.join("pack.concord"));
    check(
        "a FIFO as a rule file",
        vec![
            os("check"),
            claim.clone().into(),
            os("--rules"),
            rules.into(),
        ],
    );

    // A FIFO as the file `lint` reads.
    let fifo = root.join("contract-fifo.yaml");
    mkfifo(&fifo);
    check("a FIFO given to lint", vec![os("lint"), fifo.into()]);

    // `/dev/stdin` and a device given to lint.
    check(
        "/dev/stdin given to lint",
        vec![os("lint"), os("/dev/stdin")],
    );
    check("/dev/null given to lint", vec![os("lint"), os("/dev/null")]);

    // A record that links outside the case folder: refused, and its content is never shown.
    std::fs::write(root.join("secret.yaml"), "order:\n  id: SECRET-CONTENT\n").unwrap();
    let outside = case("link-outside");
    std::fs::remove_file(outside.join("contract.yaml")).unwrap();
    symlink(root.join("secret.yaml"), outside.join("contract.yaml")).unwrap();
    check(
        "a record linking outside the case folder",
        vec![os("check"), outside.clone().into()],
    );

    // A rule file in a `--rules` folder linking outside it.
    let linked_rules = root.join("link-rules");
    std::fs::create_dir_all(&linked_rules).unwrap();
    std::fs::write(root.join("elsewhere.concord"), "pack elsewhere {\n").unwrap();
    symlink(
        root.join("elsewhere.concord"),
        linked_rules.join("pack.concord"),
    )
    .unwrap();
    check(
        "a rule file linking outside its --rules folder",
        vec![
            os("check"),
            claim.clone().into(),
            os("--rules"),
            linked_rules.into(),
        ],
    );

    // A dangling link is an error, not an absent record.
    let dangling = case("dangling");
    std::fs::remove_file(dangling.join("inspection.yaml")).unwrap();
    symlink(root.join("nowhere.yaml"), dangling.join("inspection.yaml")).unwrap();
    check(
        "a dangling link as a record",
        vec![os("check"), dangling.into()],
    );

    // `--follow-symlinks` reads through the link (and the secret's content is then checked as a contract).
    let args = [
        os("check"),
        outside.into(),
        os("--follow-symlinks"),
        os("--format"),
        os("plain"),
        os("--as-of"),
        os("2026-07-05"),
    ];
    let refs: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let followed = run_with_deadline(&refs, root, std::process::Stdio::null());
    assert!(!followed.contains("outside_folder"), "{followed}");

    // A link inside the case folder (to a sibling record) is read as usual.
    let inside = case("link-inside");
    std::fs::rename(
        inside.join("evidence.yaml"),
        inside.join("evidence-real.yaml"),
    )
    .unwrap();
    symlink("evidence-real.yaml", inside.join("evidence.yaml")).unwrap();
    let args = [
        os("check"),
        inside.into(),
        os("--format"),
        os("plain"),
        os("--as-of"),
        os("2026-07-05"),
    ];
    let refs: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let within = run_with_deadline(&refs, root, std::process::Stdio::null());
    assert!(within.starts_with("exit: Some(0)"), "{within}");

    let all = shots.join("\n");
    assert!(!all.contains("SECRET-CONTENT"), "{all}");
    insta::assert_snapshot!("special_files_and_links", all);
}

#[cfg(unix)]
#[test]
fn a_pipe_on_dev_stdin_is_refused_without_reading() {
    // The test holds the pipe's write end open and never writes: reading would block until the deadline.
    let tmp = TempDir::new("stdin-pipe");
    let args = ["lint", "/dev/stdin", "--format", "plain"].map(std::ffi::OsStr::new);
    let text = run_with_deadline(&args, tmp.path(), std::process::Stdio::piped());
    assert!(text.starts_with("exit: Some(2)"), "{text}");
    assert!(text.contains("/dev/stdin: is a FIFO"), "{text}");
}

#[cfg(unix)]
#[test]
fn fmt_formats_a_links_target_names_hard_links_locates_syntax_errors_and_reports_a_full_stdout() {
    use std::os::unix::fs::symlink;
    let tmp = TempDir::new("fmt-links");
    let root = tmp.path();
    let unformatted = "pack p {\n     version \"1.0.0\"\n}\n";
    let formatted = "pack p {\n  version \"1.0.0\"\n}\n";
    let run = |args: &[&Path]| {
        let mut all: Vec<&std::ffi::OsStr> = vec![std::ffi::OsStr::new("fmt")];
        all.extend(args.iter().map(|p| p.as_os_str()));
        run_with_deadline(&all, root, std::process::Stdio::null())
    };
    let mut shots = Vec::new();

    // A symbolic link: the target is formatted and the link stays a link.
    std::fs::write(root.join("target.concord"), unformatted).unwrap();
    std::fs::create_dir_all(root.join("d")).unwrap();
    symlink("../target.concord", root.join("d/link.concord")).unwrap();
    shots.push(format!("=== a symbolic link\n{}", run(&[&root.join("d")])));
    assert!(std::fs::symlink_metadata(root.join("d/link.concord"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(root.join("target.concord")).unwrap(),
        formatted
    );

    // A hard link: formatted, and the run says the other name keeps the old text.
    std::fs::write(root.join("hard.concord"), unformatted).unwrap();
    std::fs::hard_link(root.join("hard.concord"), root.join("hard-other.txt")).unwrap();
    shots.push(format!(
        "=== a hard link\n{}",
        run(&[&root.join("hard.concord")])
    ));

    // A dangling link.
    symlink("nowhere.concord", root.join("dangling.concord")).unwrap();
    shots.push(format!(
        "=== a dangling link\n{}",
        run(&[&root.join("dangling.concord")])
    ));

    // A syntax error has a line and a column.
    std::fs::write(
        root.join("broken.concord"),
        "pack p {\n  version \"1.0.0\"\n\n rule X {",
    )
    .unwrap();
    shots.push(format!(
        "=== a syntax error\n{}",
        run(&[&root.join("broken.concord")])
    ));

    // A FIFO given to fmt.
    mkfifo(&root.join("fifo.concord"));
    shots.push(format!(
        "=== a FIFO\n{}",
        run(&[&root.join("fifo.concord")])
    ));

    let all = shots.join("\n");
    insta::assert_snapshot!("fmt_links_and_errors", all);

    // A full disk behind standard output: exit 2 with a message.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(BIN)
        .args(["fmt", "--check", "rules"])
        .current_dir(ROOT)
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write to standard output"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn control_characters_in_a_folder_name_are_shown_escaped_in_text_formats() {
    let tmp = TempDir::new("folder-name");
    let case = tmp
        .path()
        .join("case\u{1b}[31m\u{7}\r\nthe records agree: ready to file \u{202e}x");
    std::fs::create_dir_all(&case).unwrap();
    for file in ["contract.yaml", "inspection.yaml", "evidence.yaml"] {
        std::fs::copy(
            Path::new(ROOT).join(CLAIM_HOLDS).join(file),
            case.join(file),
        )
        .unwrap();
    }
    // A bad record too, so that problems (not only findings) name the folder.
    let bad = tmp.path().join("bad\u{1b}]0;title\u{7}\n");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("contract.yaml"), "order: [\n").unwrap();
    let mut shots = Vec::new();
    for dir in [&case, &bad] {
        for format in ["plain", "graphical", "human"] {
            let args = [
                std::ffi::OsStr::new("check"),
                dir.as_os_str(),
                std::ffi::OsStr::new("--format"),
                std::ffi::OsStr::new(format),
                std::ffi::OsStr::new("--as-of"),
                std::ffi::OsStr::new("2026-07-05"),
            ];
            let text = run_with_deadline(&args, tmp.path(), std::process::Stdio::null());
            for c in ['\u{1b}', '\u{7}', '\r', '\u{202e}'] {
                assert!(!text.contains(c), "{format}: raw {c:?} in\n{text}");
            }
            // No line starts with the forged verdict: the line feed in the name is shown as `\n`.
            assert!(
                !text.lines().any(|l| l.starts_with("the records agree")),
                "{text}"
            );
            if format != "human" {
                shots.push(format!("=== {format}\n{text}"));
            }
        }
    }
    insta::assert_snapshot!("folder_name_control_characters", shots.join("\n"));
}
