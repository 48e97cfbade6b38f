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

/// The day an example is checked on: its dispute's filing date, else its planned date, else its signing date, so the
/// deadline and the dates the evidence holds read as they did on that day.
fn evaluation_date(case: &Path) -> String {
    let evidence = std::fs::read_to_string(case.join("evidence.yaml")).unwrap_or_default();
    ["filed:", "planned:"]
        .iter()
        .find_map(|key| support::date_after(&evidence, key))
        .unwrap_or_else(|| signing_date(&case.join("contract.yaml")))
}

#[test]
fn examples_render_graphically() {
    in_crate_root();
    insta::glob!("../examples", "*/contract.yaml", |contract| {
        let case = relative(contract.parent().unwrap());
        let day = evaluation_date(contract.parent().unwrap());
        insta::assert_snapshot!(run(&[
            "check",
            &case,
            "--format",
            "graphical",
            "--as-of",
            &day
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
    // trade_assurance 1.1.0 is an example version, written as changes to the bundled 1.0.0.
    let example = "examples/packs/trade-assurance-1.1.0";
    insta::assert_snapshot!(run(&["rules", "list", "--rules", example]));
    insta::assert_snapshot!(run(&[
        "rules",
        "diff",
        "trade_assurance@1.0.0",
        "trade_assurance@1.1.0",
        "--cases",
        "examples",
        "--rules",
        example
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
        &evaluation_date(Path::new("examples/late-incident-report"))
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
        "--rules",
        "examples/packs/trade-assurance-1.1.0",
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

/// A missing record is one finding naming the record and every rule it blocks, not one "cannot be shown" per
/// rule with the same help; the summary numbers the patterns as the seed does.
#[test]
fn a_missing_record_is_one_finding_naming_the_rules_it_blocks() {
    in_crate_root();
    let report = run(&[
        "check",
        "tests/fixtures/check/inspection-missing",
        "--as-of",
        "2026-07-05",
        "--format",
        "plain",
    ]);
    let ids = finding_ids(&report);
    assert_eq!(
        ids.iter().filter(|id| *id == "CASE-RECORD").count(),
        1,
        "{report}"
    );
    assert!(!report.contains("this rule needs it"), "{report}");
    assert!(
        report
            .contains("error[CASE-RECORD]: cannot be shown: the case has no inspection.yaml, so "),
        "{report}"
    );
    for blocked in ["TA-INSP-001", "TA-PSI-001", "Z14-PLAN-001", "TA-INSP-004"] {
        assert!(
            report.contains(&format!("{blocked} (")),
            "{blocked} is not named: {report}"
        );
    }
    assert!(
        report.contains("  - pattern 2: no valid pre-shipment inspection"),
        "{report}"
    );
    assert!(!report.contains("  - 2 no valid"), "{report}");
}

/// The rule ids of the findings of a plain report, one per finding line.
fn finding_ids(report: &str) -> Vec<String> {
    report
        .lines()
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| {
            let (_, rest) = l
                .split_once(": error[")
                .or_else(|| l.split_once(": warning["))
                .or_else(|| l.split_once(": info["))?;
            Some(rest.split(']').next()?.to_owned())
        })
        .collect()
}

/// A new user's first case: `concord init` (any category), then `check` and `lint` report only the values still to
/// fill in, one finding per `FILL IN:` value, at its place; nothing cryptic, nothing located in a bundled rule file.
#[test]
fn init_then_check_reports_only_values_to_fill_in() {
    in_crate_root();
    let dir = std::env::temp_dir().join(format!("concord-init-fill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let packs = "tests/fixtures/init-packs";
    for (category, rules) in [
        (None, None),
        (Some("machinery"), None),
        (Some("consumer_goods"), None),
        (Some("furniture"), Some(packs)),
    ] {
        let case = dir.join(category.unwrap_or("default"));
        let case = case.to_string_lossy().into_owned();
        let mut args = vec!["init", case.as_str()];
        args.extend(category.iter().flat_map(|c| ["--category", *c]));
        args.extend(rules.iter().flat_map(|r| ["--rules", *r]));
        let init = run(&args);
        assert!(init.starts_with("exit: 0\n"), "{init}");
        let per_record: Vec<usize> = ["contract.yaml", "inspection.yaml", "evidence.yaml"]
            .iter()
            .map(|f| {
                let text = std::fs::read_to_string(format!("{case}/{f}")).unwrap();
                text.lines()
                    .filter(|l| !l.trim_start().starts_with('#'))
                    .map(|l| l.split('#').next().unwrap().matches("FILL IN:").count())
                    .sum::<usize>()
            })
            .collect();
        let placeholders: usize = per_record.iter().sum();
        let records_to_fill = per_record.iter().filter(|n| **n > 0).count();
        let mut check = vec!["check", case.as_str(), "--format", "plain"];
        check.extend(rules.iter().flat_map(|r| ["--rules", *r]));
        let checked = run(&check);
        let ids = finding_ids(&checked);
        assert!(checked.starts_with("exit: 1\n"), "{checked}");
        // One finding per record that still holds placeholders, naming each placeholder at its place.
        assert_eq!(
            ids.len(),
            records_to_fill,
            "one finding per record to fill in: {checked}"
        );
        assert_eq!(
            checked.matches("` to fill in (example: ").count(),
            placeholders,
            "every placeholder named once: {checked}"
        );
        assert!(
            ids.iter().all(|id| id == "CASE-FILL"),
            "{category:?}: {checked}"
        );
        assert!(checked.contains(" still to fill in"), "{checked}");
        assert!(
            !checked.contains("<bundled>"),
            "a finding located in a bundled rule file: {checked}"
        );
        let contract = format!("{case}/contract.yaml");
        let mut lint = vec!["lint", contract.as_str(), "--format", "plain"];
        lint.extend(rules.iter().flat_map(|r| ["--rules", *r]));
        let linted = run(&lint);
        let ids = finding_ids(&linted);
        assert!(
            !ids.is_empty() && ids.iter().all(|id| id == "CASE-FILL"),
            "{linted}"
        );
        // The finding sits at the contract's first placeholder, the order id, and names it at its line and column.
        assert!(
            linted.contains("/contract.yaml:7:7: error[CASE-FILL]: ")
                && linted.contains("/contract.yaml:7:7: `order.id` to fill in"),
            "{linted}"
        );
    }
    // A pack for a category concord does not bundle adds its minimum spec item, with placeholders.
    let furniture = std::fs::read_to_string(dir.join("furniture/contract.yaml")).unwrap();
    assert!(furniture.contains("category: furniture"), "{furniture}");
    assert!(
        furniture.contains(
            r#"seat_load: { requirement: "FILL IN: >= 1300 N", measured_by: "FILL IN: load_test" }"#
        ),
        "{furniture}"
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
