//! Every bundled rule has examples where it fires and where it holds (`rules/tests/*.yaml`),
//! and each example does what it says when run through the engine.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

use std::collections::BTreeMap;
use std::path::Path;

use concord::check::load::{load_rules, Limits};
use concord::packs::bundled::RULE_TEST_FILES;
use concord::packs::ruletest::{parse, run_example, ExampleOutcome, RuleTest};
use concord::source::SourceMap;

fn all_tests() -> BTreeMap<String, RuleTest> {
    let mut tests = BTreeMap::new();
    for (path, text) in RULE_TEST_FILES {
        let parsed = parse(text).unwrap_or_else(|e| panic!("{path}: {}", e.message));
        for (rule, test) in parsed {
            assert!(
                tests.insert(rule.clone(), test).is_none(),
                "{rule} is tested in two files"
            );
        }
    }
    tests
}

#[test]
fn every_bundled_rule_has_an_example_where_it_fires_and_one_where_it_holds() {
    let mut sources = SourceMap::new();
    let rules = load_rules(&mut sources, &[], &Limits::default()).unwrap();
    let tests = all_tests();
    let mut missing = Vec::new();
    for rule in &rules.rules {
        match tests.get(&rule.id) {
            Some(t) if !t.fires.is_empty() && !t.passes.is_empty() => {}
            _ => missing.push(rule.id.clone()),
        }
    }
    assert!(
        missing.is_empty(),
        "rules without a firing and a passing example: {missing:?}"
    );
    let unknown: Vec<_> = tests
        .keys()
        .filter(|id| !rules.rules.iter().any(|r| &&r.id == id))
        .collect();
    assert!(
        unknown.is_empty(),
        "examples for rules that do not exist: {unknown:?}"
    );
}

#[test]
fn every_example_does_what_it_says() {
    let mut sources = SourceMap::new();
    let rules = load_rules(&mut sources, &[], &Limits::default()).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut wrong = Vec::new();
    for (rule, test) in all_tests() {
        for (i, example) in test.fires.iter().enumerate() {
            let label = format!("{rule}/fires[{i}]");
            match run_example(
                &rules,
                &sources,
                &rule,
                example,
                &[examples.as_path()],
                &label,
            ) {
                Ok(ExampleOutcome::Fired(_)) => {}
                other => wrong.push(format!(
                    "{label} ({}): expected to fire, got {other:?}",
                    example.about
                )),
            }
        }
        for (i, example) in test.passes.iter().enumerate() {
            let label = format!("{rule}/passes[{i}]");
            match run_example(
                &rules,
                &sources,
                &rule,
                example,
                &[examples.as_path()],
                &label,
            ) {
                Ok(ExampleOutcome::Passed) => {}
                other => wrong.push(format!(
                    "{label} ({}): expected to hold, got {other:?}",
                    example.about
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "examples that do not do what they say:\n{}",
        wrong.join("\n")
    );
}
