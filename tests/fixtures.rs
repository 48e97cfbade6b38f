//! Fixture tests: every folder under `tests/fixtures/` is run through the built binary as a user would,
//! and its output (plain text, JSON, graphical for some) and exit code are snapshot-tested with insta.
//!
//! - `check/<case>/`: a case folder; optional `args` (extra arguments, one line) and `rules/` (extra packs).
//! - `lint/<name>.yaml`: one contract for `concord lint`; `lint/<name>.txt`, `.md`, `.docx`: a contract written as
//!   text (`signed-supply-contract.docx` is written by `lint/make_docx.py`).
//!
//! Each fixture starts with a one-line comment (`about` file or first YAML line) saying what it tests.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

mod support;

use std::path::Path;

use support::relative;

/// Runs the built binary and returns its exit code and output, in the snapshot form.
fn run(args: &[&str]) -> String {
    support::concord(args).snapshot()
}

fn extra_args(dir: &Path) -> Vec<String> {
    let mut args = vec!["--as-of".to_owned(), "2026-07-05".to_owned()];
    if let Ok(line) = std::fs::read_to_string(dir.join("args")) {
        args.extend(line.split_whitespace().map(str::to_owned));
    }
    if dir.join("rules").is_dir() {
        args.push("--rules".to_owned());
        args.push(format!("{}/rules", relative(dir)));
    }
    args
}

fn in_crate_root() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
}

#[test]
fn check_fixtures() {
    in_crate_root();
    insta::glob!("fixtures/check/*/about", |about| {
        let dir = about.parent().unwrap();
        let case = relative(dir);
        let extra = extra_args(dir);
        for format in ["plain", "json"] {
            let mut args = vec!["check", case.as_str(), "--format", format];
            args.extend(extra.iter().map(String::as_str));
            insta::assert_snapshot!(format!("check_{format}"), run(&args));
        }
    });
}

#[test]
fn lint_fixtures() {
    in_crate_root();
    insta::glob!("fixtures/lint/*.{yaml,txt,md,docx}", |file| {
        let file = relative(file);
        insta::assert_snapshot!(run(&[
            "lint",
            &file,
            "--format",
            "plain",
            "--as-of",
            "2026-07-05"
        ]));
    });
}

/// The signing date written in a contract, so an example runs as of its own signing, with the pack versions of that day.
fn signing_date(contract: &Path) -> String {
    let text = std::fs::read_to_string(contract).unwrap();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("signed:"))
        .expect("every example states its signing date");
    line.trim_start()
        .trim_start_matches("signed:")
        .trim()
        .to_owned()
}

#[test]
fn examples_render_graphically() {
    in_crate_root();
    insta::glob!("../examples", "*/contract.yaml", |contract| {
        let case = relative(contract.parent().unwrap());
        let signed = signing_date(contract);
        insta::assert_snapshot!(run(&[
            "check",
            &case,
            "--format",
            "graphical",
            "--as-of",
            &signed
        ]));
    });
}

#[test]
fn explain_shows_a_rule_with_examples() {
    in_crate_root();
    insta::assert_snapshot!(run(&["explain", "TA-INSP-003"]));
    insta::assert_snapshot!(run(&["explain", "TA-INSP-03"]));
}

#[test]
fn rules_list_and_diff_name_versions_changes_and_moving_verdicts() {
    in_crate_root();
    insta::assert_snapshot!(run(&["rules", "list"]));
    insta::assert_snapshot!(run(&[
        "rules",
        "diff",
        "trade_assurance@1.0.0",
        "trade_assurance@1.1.0",
        "--cases",
        "examples"
    ]));
    insta::assert_snapshot!(run(&[
        "rules",
        "diff",
        "trade_assurance@1.0.0",
        "trade_assurance@9.9.9"
    ]));
}

#[test]
fn rule_tests_report_examples_and_coverage() {
    in_crate_root();
    insta::assert_snapshot!(run(&["test", "examples/packs/harbor-nutrition"]));
    insta::assert_snapshot!(run(&[
        "test",
        "examples/packs/harbor-nutrition",
        "--format",
        "junit"
    ]));
    insta::assert_snapshot!(run(&["test", "--min-coverage", "100"]));
}

#[test]
fn a_user_pack_extends_the_bundled_packs_and_overrides_one_rule_explicitly() {
    in_crate_root();
    insta::assert_snapshot!(run(&[
        "check",
        "examples/late-incident-report",
        "--rules",
        "examples/packs/harbor-nutrition",
        "--format",
        "plain",
        "--as-of",
        "2026-03-02"
    ]));
}

#[test]
fn pinned_pack_versions_override_the_date() {
    in_crate_root();
    insta::assert_snapshot!(run(&[
        "check",
        "examples/tote-bags-holds",
        "--pack",
        "trade_assurance@1.1.0",
        "--as-of",
        "2026-04-14",
        "--format",
        "plain"
    ]));
    insta::assert_snapshot!(run(&[
        "check",
        "examples/tote-bags-holds",
        "--pack",
        "trade_assurance@7.0.0"
    ]));
}

#[test]
fn init_writes_records_that_load_and_never_overwrites() {
    in_crate_root();
    let dir = std::env::temp_dir().join(format!("concord-init-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let case = dir.to_string_lossy().into_owned();
    let first = run(&["init", &case]);
    assert!(first.starts_with("exit: 0\n"), "{first}");
    let checked = run(&["check", &case, "--as-of", "2026-04-25", "--format", "plain"]);
    assert!(
        !checked.starts_with("exit: 2\n"),
        "the templates must load: {checked}"
    );
    let again = run(&["init", &case]);
    assert!(
        again.starts_with("exit: 2\n") && again.contains("nothing was written"),
        "{again}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn schemas_completions_and_man_page_are_generated_from_the_definitions() {
    in_crate_root();
    insta::assert_snapshot!(run(&["schema", "inspection"]));
    let bash = run(&["completions", "bash"]);
    assert!(
        bash.contains("concord") && bash.contains("check") && bash.contains("--as-of"),
        "{bash}"
    );
    let man = run(&["man"]);
    assert!(
        man.contains(".TH concord 1") && man.contains("check"),
        "{man}"
    );
}
