//! Daily use through the binary: `concord.toml` discovery and errors, `--fail-on`, `--quiet`, `--output`,
//! `--output-dir`, `-` for standard input, `--format github`, a closed pipe, and the evaluation date kept apart
//! from the date that chooses pack versions.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use support::{concord, BIN, ROOT};

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("concord-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary with `input` on standard input.
fn with_stdin(args: &[&str], input: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const CASE: &str = "tests/config/team/orders/claim-holds";

/// trade_assurance 1.1.0, an example version written as changes to the bundled 1.0.0.
const TA_1_1_0: &str = "examples/packs/trade-assurance-1.1.0";

#[test]
fn the_configuration_is_found_from_the_case_folder_upward_and_named_in_every_report() {
    let run = concord(&["check", CASE, "--as-of", "2026-07-05", "--format", "plain"]);
    let out = run.stdout_text();
    // Its rule folder (relative to the file) is loaded, its pin chooses the version and says so, its disabled
    // rule is shown as waived with the reason.
    assert!(
        out.contains("configuration: tests/config/team/concord.toml"),
        "{out}"
    );
    assert!(out.contains("harbor_nutrition@1.0.0"), "{out}");
    assert!(
        out.contains(&format!(
            "trade_assurance@1.1.0 ({}), pinned in tests/config/team/concord.toml",
            hash("trade_assurance", "1.1.0")
        )),
        "{out}"
    );
    assert!(out.contains("warning[TA-FILE-002] (waived)"), "{out}");
    assert!(
        out.contains("disabled in the configuration: our buyers confirm every chat promise"),
        "{out}"
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    for (format, needle) in [
        ("json", "\"config\": \"tests/config/team/concord.toml\""),
        ("sarif", "\"config\": \"tests/config/team/concord.toml\""),
        (
            "junit",
            "name=\"config\" value=\"tests/config/team/concord.toml\"",
        ),
        ("github", "configuration: tests/config/team/concord.toml"),
    ] {
        let run = concord(&["check", CASE, "--as-of", "2026-07-05", "--format", format]);
        assert!(
            run.stdout_text().contains(needle),
            "{format}: {}",
            run.snapshot()
        );
    }
    // `--no-config`: no team packs, no waiver, and the report says no configuration was used.
    let run = concord(&["check", CASE, "--as-of", "2026-07-05", "--no-config"]);
    let out = run.stdout_text();
    assert!(out.contains("configuration: none"), "{out}");
    assert!(!out.contains("harbor_nutrition"), "{out}");
    assert!(out.contains("warning[TA-FILE-002]:"), "{out}");
}

#[test]
fn a_configuration_given_with_config_overrides_severities_and_fail_on_comes_from_it() {
    let run = concord(&[
        "check",
        "examples/claim-holds",
        "--config",
        "tests/config/strict.toml",
        "--as-of",
        "2026-07-05",
    ]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stdout_text().contains("error[TA-FILE-002]"));
    // The team file says `fail-on = "warning"`: a warning that is not disabled fails the run.
    let dir = temp("fail-on");
    std::fs::write(dir.join("concord.toml"), "fail-on = \"warning\"\n").unwrap();
    let run = concord(&[
        "check",
        "examples/claim-holds",
        "--config",
        dir.join("concord.toml").to_str().unwrap(),
        "--as-of",
        "2026-07-05",
    ]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn configuration_errors_are_located_with_help() {
    for (file, expected) in [
        (
            "unknown-key.toml",
            "tests/config/unknown-key.toml:2:2: error[concord::config::unknown_key]: unknown key `severty`",
        ),
        (
            "wrong-type.toml",
            "tests/config/wrong-type.toml:1:9: error[concord::config::wrong_value]: `rules` should be a list of folders",
        ),
        (
            "no-reason.toml",
            "error[concord::config::missing_field]: a `[[disable]]` entry has no `reason`",
        ),
    ] {
        let path = format!("tests/config/{file}");
        let run = concord(&["check", "examples/claim-holds", "--config", &path, "--format", "plain"]);
        assert_eq!(run.code, 2, "{}", run.snapshot());
        let err = String::from_utf8_lossy(&run.stderr).into_owned();
        assert!(err.contains(expected), "{file}: {err}");
        assert!(err.contains("help: "), "{file}: {err}");
    }
    let run = concord(&[
        "check",
        "examples/claim-holds",
        "--config",
        "tests/config/unknown-key.toml",
    ]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("did you mean `severity`?"));
}

#[test]
fn fail_on_warning_fails_a_case_with_only_warnings() {
    let base = ["check", "examples/claim-holds", "--as-of", "2026-07-05"];
    assert_eq!(concord(&base).code, 0);
    let run = concord(&[&base[..], &["--fail-on", "warning"]].concat());
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert_eq!(
        concord(&[&base[..], &["--fail-on", "error"]].concat()).code,
        0
    );
    // A batch too.
    let run = concord(&[
        "check",
        "examples",
        "--as-of",
        "2026-07-05",
        "--fail-on",
        "info",
    ]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
}

#[test]
fn quiet_prints_only_failures_and_the_summary() {
    let run = concord(&[
        "check",
        "examples/claim-holds",
        "--as-of",
        "2026-07-05",
        "--quiet",
    ]);
    let out = run.stdout_text();
    assert!(!out.contains("TA-FILE-002]"), "{out}");
    // The closing line still counts every finding.
    assert!(
        out.contains("ready to file (0 errors, 1 warning, 0 info)"),
        "{out}"
    );
    let run = concord(&["check", "examples", "--as-of", "2026-07-05", "--quiet"]);
    let out = run.stdout_text();
    assert!(!out.contains("examples/claim-holds:"), "{out}");
    assert!(out.contains("examples/lost-100k: not ready"), "{out}");
    assert!(out.contains("total"), "{out}");
}

#[test]
fn output_writes_the_report_to_a_file_and_output_dir_one_report_per_case() {
    let dir = temp("output");
    let file = dir.join("report.sarif");
    let run = concord(&[
        "check",
        "examples/claim-holds",
        "--format",
        "sarif",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(run.stdout.is_empty());
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("\"version\": \"2.1.0\""));
    for (format, ext, needle) in [
        ("html", "html", "<html"),
        ("sarif", "sarif", "\"runs\""),
        ("junit", "xml", "<testsuite"),
    ] {
        let out = dir.join(format);
        let run = concord(&[
            "check",
            "examples",
            "--as-of",
            "2026-07-05",
            "--format",
            format,
            "--output-dir",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 1, "{}", run.snapshot());
        assert!(run.stdout_text().contains("examples/lost-100k: not ready"));
        assert!(run.stdout_text().contains("total"));
        for case in ["claim-holds", "lost-100k", "wrong-method"] {
            let text = std::fs::read_to_string(out.join(format!("{case}.{ext}"))).unwrap();
            assert!(text.contains(needle), "{format} {case}");
        }
    }
    // Bad input in a machine format goes to the file too, where the tool reading it looks.
    let file = dir.join("bad.json");
    let run = concord(&[
        "lint",
        "tests/config/no-such-contract.yaml",
        "--format",
        "json",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("\"bad_input\""));
    // Without --output-dir a batch still refuses one-file formats, and says what to do.
    let run = concord(&["check", "examples", "--format", "sarif"]);
    assert_eq!(run.code, 2);
    assert!(String::from_utf8_lossy(&run.stderr).contains("--output-dir DIR"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_dash_reads_standard_input_for_lint_and_fmt() {
    let contract = std::fs::read(format!("{ROOT}/examples/claim-holds/contract.yaml")).unwrap();
    let (code, out, err) = with_stdin(&["lint", "-", "--format", "plain"], &contract);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("<stdin>: the contract is ready"), "{out}");
    let (code, out, err) = with_stdin(
        &["lint", "-", "--format", "plain"],
        b"order:\n  id: X\n  signed: 2026-02-30\n",
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("<stdin>:3:"), "{err}");
    let rules = std::fs::read(format!(
        "{ROOT}/examples/packs/harbor-nutrition/harbor.concord"
    ))
    .unwrap();
    let (code, out, _) = with_stdin(&["fmt", "-"], &rules);
    assert_eq!(code, 0);
    assert_eq!(
        out.as_bytes(),
        &rules[..],
        "the bundled example is formatted"
    );
    let (code, out, _) = with_stdin(
        &["fmt", "--check", "-"],
        b"pack p {\n  version   \"1.0.0\"\n}\n",
    );
    assert_eq!(code, 1, "{out}");
    let (code, _, err) = with_stdin(&["fmt", "-"], b"pack p {\n");
    assert_eq!(code, 2);
    assert!(err.contains("<stdin>:"), "{err}");
}

#[test]
fn github_format_writes_workflow_annotations() {
    let run = concord(&[
        "check",
        "examples/claim-holds",
        "--as-of",
        "2026-07-05",
        "--format",
        "github",
    ]);
    let out = run.stdout_text();
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("::warning file=examples/claim-holds/evidence.yaml,line=29,col=122,"),
        "{out}"
    );
    assert!(first.contains("title=warning TA-FILE-002::"), "{first}");
    // The help is on the annotation's second line: a line feed is escaped.
    assert!(first.contains("%0Ahelp: "), "{first}");
    assert_eq!(run.code, 0);
    let run = concord(&[
        "check",
        "examples/lost-100k",
        "--as-of",
        "2026-07-05",
        "--format",
        "github",
    ]);
    assert!(run
        .stdout_text()
        .lines()
        .any(|l| l.starts_with("::error file=")));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // A reader that stops at once (`concord ... | head -1`): the JSON of a batch is far larger than a pipe holds.
    for args in [
        &[
            "check",
            "examples",
            "--format",
            "json",
            "--as-of",
            "2026-07-05",
        ][..],
        &[
            "check",
            "examples",
            "--format",
            "plain",
            "--as-of",
            "2026-07-05",
        ][..],
        &["rules", "doc"][..],
    ] {
        let mut child = Command::new(BIN)
            .args(args)
            .current_dir(ROOT)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 16];
        let _ = stdout.read(&mut first);
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.is_empty(), "{args:?}: {err}");
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{args:?}: {:?}",
            output.status
        );
    }
}

#[test]
fn the_evaluation_date_does_not_choose_pack_versions() {
    // claim-holds is signed on 2026-03-02, before trade_assurance 1.1.0 (an example version) starts; an evaluation
    // date after it changes no version, and the report says which rule chose each.
    let run = concord(&[
        "check",
        "examples/claim-holds",
        "--as-of",
        "2026-07-05",
        "--rules",
        TA_1_1_0,
    ]);
    let out = run.stdout_text();
    assert!(
        out.contains(&format!(
            "trade_assurance@1.0.0 ({})",
            hash("trade_assurance", "1.0.0")
        )) && out.contains("in force at the signing date 2026-03-02"),
        "{out}"
    );
    let run = concord(&[
        "check",
        "examples/claim-holds",
        "--versions-as-of",
        "2026-07-05",
        "--rules",
        TA_1_1_0,
    ]);
    let out = run.stdout_text();
    assert!(
        out.contains(&format!(
            "trade_assurance@1.1.0 ({})",
            hash("trade_assurance", "1.1.0")
        )) && out.contains("in force on --versions-as-of 2026-07-05"),
        "{out}"
    );
    let run = concord(&[
        "check",
        "examples/claim-holds",
        "--pack",
        "trade_assurance@1.1.0",
        "--rules",
        TA_1_1_0,
    ]);
    assert!(run.stdout_text().contains(&format!(
        "trade_assurance@1.1.0 ({}), pinned by --pack",
        hash("trade_assurance", "1.1.0")
    )));
    let run = concord(&["check", "examples/claim-holds", "--format", "json"]);
    assert!(run
        .stdout_text()
        .contains("\"chosen_by\": \"in force at the signing date 2026-03-02\""));
}

/// The first 12 hex digits of a bundled pack version's content hash, as `concord rules list` prints them, so these
/// tests follow a pack's edits instead of pinning its hash.
/// The short hash `rules list` shows, with the example pack version 1.1.0 of trade_assurance loaded too.
fn hash(pack: &str, version: &str) -> String {
    let list = concord(&["rules", "list", "--rules", TA_1_1_0]).stdout_text();
    list.lines()
        .find(|l| {
            let mut words = l.split_whitespace();
            words.next() == Some(pack) && words.next() == Some(version)
        })
        .and_then(|l| {
            l.split_whitespace()
                .find(|w| w.len() == 12 && w.chars().all(|c| c.is_ascii_hexdigit()))
        })
        .unwrap_or_else(|| panic!("`rules list` shows {pack} {version} with its hash:\n{list}"))
        .to_owned()
}

#[test]
fn init_takes_the_nearest_template_up_the_category_hierarchy_and_refuses_an_unknown_category() {
    let dir = temp("init-categories");
    let unknown = dir.join("kettles");
    let run = concord(&[
        "init",
        unknown.to_str().unwrap(),
        "--category",
        "appliances",
    ]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    let told = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(
        told.contains("no template or rule pack knows the category `appliances`"),
        "{told}"
    );
    assert!(
        told.contains("consumer_goods") && told.contains("electronics"),
        "{told}"
    );
    assert!(
        !unknown.join("contract.yaml").exists(),
        "nothing is written for an unknown category"
    );
    // `electronics` is a kind of consumer goods (data/categories.tsv): it gets that template, named as itself.
    let case = dir.join("chargers");
    let run = concord(&["init", case.to_str().unwrap(), "--category", "electronics"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let contract = std::fs::read_to_string(case.join("contract.yaml")).unwrap();
    assert!(contract.contains("category: electronics"), "{contract}");
    assert!(
        !contract.contains("capsule"),
        "not the machinery template: {contract}"
    );
}

#[test]
fn fmt_diff_shows_the_change_and_writes_nothing() {
    let dir = temp("fmt-diff");
    let file = dir.join("p.concord");
    let text = "pack p {\n    version \"1.0.0\"\n  categories all\n}\n";
    std::fs::write(&file, text).unwrap();
    let shown = file.to_string_lossy().into_owned();
    let run = concord(&["fmt", "--diff", shown.as_str()]);
    assert_eq!(run.code, 1, "{}", String::from_utf8_lossy(&run.stderr));
    let out = run.stdout_text();
    assert!(out.contains(&format!("--- {shown}\n")), "{out}");
    assert!(out.contains("-    version \"1.0.0\"\n"), "{out}");
    assert!(out.contains("+  version \"1.0.0\"\n"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        text,
        "--diff wrote the file"
    );
    // A formatted file shows no diff and passes.
    let run = concord(&["fmt", "--diff", "rules/claims.concord"]);
    assert_eq!(run.code, 0, "{}", run.stdout_text());
    assert!(!run.stdout_text().contains("---"), "{}", run.stdout_text());
}
