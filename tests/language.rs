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

/// Loads the bundled packs and the files given, all in memory.
fn load_in_memory(files: &[(&str, String)]) -> (concord::compile::ir::RuleSet, concord::SourceMap) {
    let mut memory = concord::InMemory::new();
    for (path, text) in files {
        memory.insert(format!("packs/{path}"), text.clone());
    }
    let mut sources = concord::SourceMap::new();
    let rules = concord::load_rules(
        &memory,
        &mut sources,
        &[std::path::PathBuf::from("packs")],
        &concord::Limits::default(),
    )
    .unwrap_or_else(|problems| panic!("{problems:?}"));
    (rules, sources)
}

fn read(folder: &str, file: &str) -> (&'static str, String) {
    let text =
        std::fs::read_to_string(format!("{}/tests/data/lang/{folder}/{file}", support::ROOT))
            .unwrap();
    (
        if file.contains("1.1.0") {
            "shop-1.1.0.concord"
        } else {
            "shop.concord"
        },
        text,
    )
}

/// The compiled rules of one pack version, each as its debug text without positions and file ids: what the rule
/// does, not where it is written.
fn rules_of(rules: &concord::compile::ir::RuleSet, label: &str) -> Vec<String> {
    let pack = concord::packs::catalog::find(rules, label).unwrap();
    rules
        .rules
        .iter()
        .filter(|r| r.pack == pack)
        .map(|r| {
            without_positions(&format!(
                "{:?} {:?}",
                (
                    &r.id,
                    &r.title,
                    r.severity,
                    r.case_severity,
                    &r.stage,
                    &r.cite,
                    &r.pattern,
                ),
                (
                    &r.message,
                    &r.help,
                    &r.steps,
                    &r.check,
                    r.slots,
                    r.effective,
                    r.until
                )
            ))
        })
        .collect()
}

/// Debug text with every `start: N, end: N` and `FileId(N)` taken out.
fn without_positions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        let before = &rest[..i];
        let digits = rest[i..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(rest.len(), |n| i + n);
        let positional =
            before.ends_with("start: ") || before.ends_with("end: ") || before.ends_with("FileId(");
        out.push_str(before);
        if !positional {
            out.push_str(&rest[i..digits]);
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

#[test]
fn a_version_written_as_changes_compiles_to_the_rules_of_a_full_copy() {
    let derived = [
        read("versions", "shop.concord"),
        read("versions", "shop-1.1.0.concord"),
    ];
    let full = [
        read("versions-full", "shop.concord"),
        read("versions-full", "shop-1.1.0.concord"),
    ];
    let (derived_rules, _) = load_in_memory(&derived);
    let (full_rules, _) = load_in_memory(&full);
    let (a, b) = (
        rules_of(&derived_rules, "shop@1.1.0"),
        rules_of(&full_rules, "shop@1.1.0"),
    );
    assert_eq!(a.len(), 4, "SHOP-001, 002, 004, 005: {a:#?}");
    assert_eq!(a, b);
    let lexicons = |rules: &concord::compile::ir::RuleSet| {
        let pack = concord::packs::catalog::find(rules, "shop@1.1.0").unwrap();
        rules.packs[pack].lexicons.clone()
    };
    assert_eq!(lexicons(&derived_rules), lexicons(&full_rules));
    // The base is unchanged by the version built on it.
    assert_eq!(
        rules_of(&derived_rules, "shop@1.0.0"),
        rules_of(&full_rules, "shop@1.0.0")
    );
}

#[test]
fn a_change_to_the_base_changes_the_hash_of_the_version_based_on_it() {
    let hashes = |files: &[(&str, String)]| {
        let (rules, _) = load_in_memory(files);
        let hash = |label: &str| {
            rules.packs[concord::packs::catalog::find(&rules, label).unwrap()]
                .hash
                .clone()
        };
        (hash("shop@1.0.0"), hash("shop@1.1.0"))
    };
    let base = read("versions", "shop.concord");
    let derived = read("versions", "shop-1.1.0.concord");
    let (base_hash, derived_hash) = hashes(&[base.clone(), derived.clone()]);
    // Only a comment changes in the base: its text, so its hash and the derived version's.
    let edited = (
        base.0,
        base.1.replace("first version", "first version, reviewed"),
    );
    let (edited_base_hash, edited_derived_hash) = hashes(&[edited, derived.clone()]);
    assert_ne!(base_hash, edited_base_hash);
    assert_ne!(derived_hash, edited_derived_hash);
    // The derived version's own text counts too, and the base does not depend on it.
    let own = (
        derived.0,
        derived
            .1
            .replace("written as its changes", "written as changes"),
    );
    let (same_base_hash, own_hash) = hashes(&[base, own]);
    assert_eq!(base_hash, same_base_hash);
    assert_ne!(derived_hash, own_hash);
}

#[test]
fn rules_diff_lists_exactly_the_rules_and_phrases_a_version_changes() {
    let run = support::concord(&[
        "rules",
        "diff",
        "shop@1.0.0",
        "shop@1.1.0",
        "--rules",
        "tests/data/lang/versions",
    ]);
    assert_eq!(run.code, 0);
    let text = run.stdout_text();
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim_start().split_once(": "))
        .filter_map(|(head, _)| head.split_whitespace().nth(1))
        .filter(|id| id.starts_with("SHOP-"))
        .collect();
    assert_eq!(
        ids,
        ["SHOP-005", "SHOP-003", "SHOP-004", "SHOP-002"],
        "{text}"
    );
    // A full copy of the same version shows the same changes.
    let full = support::concord(&[
        "rules",
        "diff",
        "shop@1.0.0",
        "shop@1.1.0",
        "--rules",
        "tests/data/lang/versions-full",
    ]);
    assert_eq!(full.stdout_text(), text);
    insta::assert_snapshot!(text);
    let list =
        support::concord(&["rules", "list", "--rules", "tests/data/lang/versions"]).stdout_text();
    assert!(
        list.contains("    rules: SHOP-001, SHOP-002, SHOP-004, SHOP-005\n"),
        "{list}"
    );
    assert!(list.contains("    based on shop@1.0.0"), "{list}");
}

#[test]
fn mistakes_in_a_version_written_as_changes_are_compile_errors_that_lead_to_the_fix() {
    let run = support::concord(&[
        "rules",
        "list",
        "--rules",
        "tests/data/lang/versions-errors",
    ]);
    assert_eq!(run.code, 2);
    let text = run.snapshot();
    for code in [
        "unknown_base",
        "cyclic_base",
        "not_in_base",
        "already_in_base",
        "change_without_base",
    ] {
        assert!(
            text.contains(&format!("concord::compile::{code}")),
            "{code}: {text}"
        );
    }
    assert_eq!(
        text.matches("cyclic_base").count(),
        1,
        "one cycle, one error: {text}"
    );
    insta::assert_snapshot!(text);
    let graphical = support::concord(&[
        "check",
        "examples/claim-holds",
        "--rules",
        "tests/data/lang/versions-errors",
        "--format",
        "graphical",
    ]);
    insta::assert_snapshot!(graphical.snapshot());
}

#[test]
fn a_version_based_on_one_that_overrides_a_rule_of_another_pack_overrides_it_too() {
    let base = std::fs::read_to_string(format!(
        "{}/examples/packs/harbor-nutrition/harbor.concord",
        support::ROOT
    ))
    .unwrap();
    let derived =
        "pack harbor_nutrition {\n  version \"1.1.0\"\n  based_on \"1.0.0\"\n}\n".to_owned();
    let (rules, _) = load_in_memory(&[("harbor.concord", base), ("harbor-1.1.0.concord", derived)]);
    let pack = concord::packs::catalog::find(&rules, "harbor_nutrition@1.1.0").unwrap();
    let ids: Vec<&str> = rules
        .rules
        .iter()
        .filter(|r| r.pack == pack)
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(ids, ["HN-NJP-001", "HN-NJP-002", "TA-ARR-004"]);
}

#[test]
fn a_mistake_in_the_base_is_reported_once_at_the_base_not_again_for_the_version_built_on_it() {
    let run = support::concord(&[
        "rules",
        "list",
        "--rules",
        "tests/data/lang/versions-base-error",
    ]);
    assert_eq!(run.code, 2);
    let text = run.snapshot();
    assert_eq!(text.matches("error[").count(), 1, "{text}");
    assert!(
        text.contains("versions-base-error/bl.concord:8:3"),
        "{text}"
    );
}

#[test]
fn a_cite_of_an_undeclared_source_is_a_compile_error_with_the_closest_declared_id() {
    let run = support::concord(&["rules", "list", "--rules", "tests/data/lang/sources-errors"]);
    assert_eq!(run.code, 2);
    let text = run.snapshot();
    assert!(text.contains("unknown source `harbour_policy`"), "{text}");
    assert!(text.contains("did you mean `harbor_policy`?"), "{text}");
    assert!(
        text.contains("source `harbor_policy` is declared but no rule cites it"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn explain_shows_each_cited_source_with_its_title_address_and_date() {
    let run = support::concord(&["explain", "TA-INSP-004"]);
    assert_eq!(run.code, 0);
    let text = run.stdout_text();
    assert!(
        text.contains("  source    [B7] What's not covered by Trade Assurance?, https://service.alibaba.com/buyer/faq_detail/20328902.htm (undated)"),
        "{text}"
    );
}

#[test]
fn a_table_amended_by_a_version_keeps_each_row_where_it_was_written() {
    let dir = "tests/data/lang/versions-table";
    let diff = support::concord(&[
        "rules",
        "diff",
        "plans@1.0.0",
        "plans@1.1.0",
        "--rules",
        dir,
    ]);
    assert_eq!(diff.code, 0);
    let text = diff.stdout_text();
    assert!(
        text.contains("  no rule changed\n  table windows amended:\n    + row \"consumer_goods\", 25\n    + row \"textiles\", 15\n    - row \"consumer_goods\", 20\n"),
        "{text}"
    );
    // A row the base wrote points into the base's file; a row the version added, into the version's.
    let check = support::concord(&[
        "check",
        "examples/claim-holds",
        "--rules",
        dir,
        "--format",
        "plain",
    ]);
    let out = check.stdout_text();
    assert!(
        out.contains("at tests/data/lang/versions-table/plans.concord:9:20: `w.days` is 30"),
        "{out}"
    );
    assert!(
        out.contains("at tests/data/lang/versions-table/plans-1.1.0.concord:11:27: `w.days` is 25"),
        "{out}"
    );
    assert!(out.contains("(plans 1.1.0)"), "{out}");
}

#[test]
fn mistakes_in_an_amended_table_are_compile_errors_that_lead_to_the_fix() {
    let run = support::concord(&[
        "rules",
        "list",
        "--rules",
        "tests/data/lang/versions-table-errors",
    ]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn an_amended_table_compiles_to_the_table_of_a_full_copy() {
    let files = |folder: &str| -> Vec<(&'static str, String)> {
        ["plans.concord", "plans-1.1.0.concord"]
            .iter()
            .map(|name| {
                let path = format!("{}/tests/data/lang/{folder}/{name}", support::ROOT);
                (*name, std::fs::read_to_string(path).unwrap())
            })
            .collect()
    };
    let (derived, _) = load_in_memory(&files("versions-table"));
    let (full, _) = load_in_memory(&files("versions-table-full"));
    assert_eq!(
        rules_of(&derived, "plans@1.1.0"),
        rules_of(&full, "plans@1.1.0")
    );
    let tables = |rules: &concord::compile::ir::RuleSet, label: &str| {
        let pack = concord::packs::catalog::find(rules, label).unwrap();
        let mut rows = rules.packs[pack].tables.clone();
        rows.values_mut().for_each(|r| r.sort());
        rows
    };
    assert_eq!(
        tables(&derived, "plans@1.1.0"),
        tables(&full, "plans@1.1.0")
    );
    // The base keeps its own rows.
    assert_eq!(
        tables(&derived, "plans@1.0.0"),
        tables(&full, "plans@1.0.0")
    );
    assert_eq!(
        tables(&derived, "plans@1.0.0")["windows"],
        ["row \"consumer_goods\", 20", "row \"machinery\", 30"]
    );
}
