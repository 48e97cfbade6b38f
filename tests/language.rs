//! The pack language for authors: pack-level definitions, declared pattern ids, `"""` texts, and errors that
//! lead to the fix (`docs/language.md`, `docs/diagnostics.md`). Bad rule files are in `tests/bad_inputs/`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

mod support;

#[test]
fn a_missing_base_case_is_reported_once_with_every_place_tried() {
    let run = support::concord(&["test", "tests/data/lang/missing-base"]);
    assert_eq!(run.code, 2);
    let text = run.snapshot();
    assert_eq!(text.matches("not found").count(), 1, "{text}");
    for place in [
        "tests/data/lang/missing-base/tests/towels/contract.yaml",
        "tests/data/lang/missing-base/towels/contract.yaml",
        "examples/towels/contract.yaml",
    ] {
        assert!(text.contains(place), "{place} missing from {text}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn explain_finds_lower_case_ids_and_a_user_packs_tests() {
    let run = support::concord(&[
        "explain",
        "hn-njp-001",
        "--rules",
        "examples/packs/harbor-nutrition",
    ]);
    assert_eq!(run.code, 0);
    let text = run.stdout_text();
    assert!(text.starts_with("HN-NJP-001: "), "{text}");
    assert!(
        text.contains("It fires, for example, when the contract asks only 40 cycles/min"),
        "{text}"
    );
    let bundled = support::concord(&["explain", "ta-insp-003"]);
    assert!(bundled.stdout_text().starts_with("TA-INSP-003: "));
}

#[test]
fn definitions_blocks_and_pattern_ids_read_like_the_rule_written_out() {
    // The same rule twice: once with a def, a pack-level let, a pattern id and a `"""` message, once written out.
    let run = support::concord(&[
        "check",
        "examples/claim-holds",
        "--format",
        "plain",
        "--as-of",
        "2026-07-05",
        "--rules",
        "tests/bad_inputs/rules-definitions-and-blocks/rules",
    ]);
    let text = run.stdout_text();
    assert!(text.contains(
        "error[BUY-002]: the contract asks for >= 50 cycles/min, which the buyer's floor of \"60 cycles/min\" does not accept; braces are written {like this}"
    ), "{text}");
    assert!(text.contains("help: raise the requirement to `>= 60 cycles/min` and confirm it in the contract, not in a chat"), "{text}");
    assert!(
        text.contains("pattern 7: buyer's own pattern: the speed was promised in a chat (BUY-002)"),
        "{text}"
    );
    // The finding points at the rule's `require`, not into the def.
    assert!(
        text.contains("rules-definitions-and-blocks/rules/buyer.concord:31:11"),
        "{text}"
    );
}

#[test]
fn a_rule_runs_only_within_its_own_dates_and_explain_shows_them() {
    // A rule's dates are judged on the date that chooses pack versions (the signing date, or `--versions-as-of`),
    // not on the evaluation date.
    let lint = |as_of: &str| {
        support::concord(&[
            "lint",
            "examples/claim-holds/contract.yaml",
            "--format",
            "plain",
            "--rules",
            "tests/data/lang/dated",
            "--versions-as-of",
            as_of,
        ])
        .stdout_text()
    };
    assert!(lint("2026-02-01").contains("error[DT-001]"));
    assert!(lint("2026-03-31").contains("error[DT-001]"));
    assert!(!lint("2026-04-01").contains("DT-001"));
    assert!(!lint("2025-12-31").contains("DT-001"));
    let explain = support::concord(&["explain", "DT-001", "--rules", "tests/data/lang/dated"]);
    assert!(explain
        .stdout_text()
        .contains("in force  from 2026-01-01 until 2026-03-31"));
}
