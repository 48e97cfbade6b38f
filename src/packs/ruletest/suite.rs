//! Runs rule-test files as a suite (`concord test`): every example of every rule, pass/fail per example,
//! and rule coverage — which rules no example makes fire, and which no example shows holding.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{parse, run_example, Example, ExampleOutcome};
use crate::compile::ir::RuleSet;
use crate::files::Files;
use crate::source::{SourceFile, SourceMap};

/// A rule-test file to run.
#[derive(Debug, Clone)]
pub struct TestFile {
    /// The name shown to users.
    pub name: String,
    /// Its text.
    pub text: String,
    /// Folders where its examples' base cases are looked for, in order.
    pub search: Vec<PathBuf>,
}

/// The result of one example.
#[derive(Debug, Clone)]
pub struct ExampleResult {
    /// The rule tested.
    pub rule: String,
    /// `fires` or `passes`.
    pub expected: &'static str,
    /// What the example shows.
    pub about: String,
    /// `file:line:col` of the example.
    pub at: String,
    /// Why it failed; `None` when it did what it says.
    pub failure: Option<String>,
}

/// The results of a suite.
#[derive(Debug, Clone, Default)]
pub struct SuiteReport {
    /// Every example, in file and rule order.
    pub examples: Vec<ExampleResult>,
    /// Rules in scope, sorted.
    pub rules: Vec<String>,
    /// Rules in scope that no example makes fire.
    pub never_fired: Vec<String>,
    /// Rules in scope that no example shows holding.
    pub never_held: Vec<String>,
}

impl SuiteReport {
    /// Examples that failed.
    pub fn failures(&self) -> usize {
        self.examples.iter().filter(|e| e.failure.is_some()).count()
    }

    /// Percentage of rules in scope with an example that fires and one that holds.
    pub fn coverage(&self) -> f64 {
        if self.rules.is_empty() {
            return 100.0;
        }
        let covered = self
            .rules
            .iter()
            .filter(|r| !self.never_fired.contains(r) && !self.never_held.contains(r))
            .count();
        100.0 * covered as f64 / self.rules.len() as f64
    }
}

/// Runs every example of every file. `in_scope` lists the rules coverage is measured over.
/// Broken test files are returned as errors (`file:line:col: message`).
pub fn run_suite(
    disk: &dyn Files,
    rules: &RuleSet,
    sources: &SourceMap,
    files: &[TestFile],
    in_scope: &BTreeSet<String>,
) -> Result<SuiteReport, Vec<String>> {
    let mut report = SuiteReport {
        rules: in_scope.iter().cloned().collect(),
        ..SuiteReport::default()
    };
    let mut errors = Vec::new();
    let (mut fired, mut held) = (BTreeSet::new(), BTreeSet::new());
    for file in files {
        let located = SourceFile::new(file.name.clone(), file.text.clone());
        let tests = match parse(&file.text) {
            Ok(tests) => tests,
            Err(e) => {
                let (line, col) = located.line_col(e.span.start);
                errors.push(format!("{}:{line}:{col}: {}", file.name, e.message));
                continue;
            }
        };
        let search: Vec<&Path> = file.search.iter().map(PathBuf::as_path).collect();
        // A base case that cannot be found is one error for the file, however many examples use it.
        let mut missing: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for example in tests.values().flat_map(|t| t.fires.iter().chain(&t.passes)) {
            if super::run::base_folder(disk, &example.base, &search).is_err() {
                missing
                    .entry(&example.base)
                    .or_insert((example.span.start, 0))
                    .1 += 1;
            }
        }
        if !missing.is_empty() {
            for (base, (at, uses)) in missing {
                let (line, col) = located.line_col(at);
                let tried = super::run::base_folder(disk, base, &search)
                    .err()
                    .unwrap_or_default();
                errors.push(format!(
                    "{}:{line}:{col}: base case `{base}` not found ({uses} example{} use{} it); looked for {}, then among the bundled base cases ({})",
                    file.name,
                    if uses == 1 { "" } else { "s" },
                    if uses == 1 { "s" } else { "" },
                    tried.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", "),
                    crate::packs::bundled::base_case_names().join(", ")
                ));
            }
            continue;
        }
        for (rule, test) in tests {
            if !rules.rules.iter().any(|r| r.id == rule) {
                errors.push(format!(
                    "{}: examples for `{rule}`, which no loaded pack defines",
                    file.name
                ));
                continue;
            }
            for (expected, examples) in [("fires", &test.fires), ("passes", &test.passes)] {
                for (i, example) in examples.iter().enumerate() {
                    let result = run_one(
                        disk, rules, sources, &rule, example, &search, &located, expected, i,
                    );
                    if result.failure.is_none() {
                        if expected == "fires" {
                            fired.insert(rule.clone())
                        } else {
                            held.insert(rule.clone())
                        };
                    }
                    report.examples.push(result);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    report.never_fired = report
        .rules
        .iter()
        .filter(|r| !fired.contains(*r))
        .cloned()
        .collect();
    report.never_held = report
        .rules
        .iter()
        .filter(|r| !held.contains(*r))
        .cloned()
        .collect();
    Ok(report)
}

#[allow(
    clippy::too_many_arguments,
    reason = "one example and where it comes from"
)]
fn run_one(
    disk: &dyn Files,
    rules: &RuleSet,
    sources: &SourceMap,
    rule: &str,
    example: &Example,
    search: &[&Path],
    file: &SourceFile,
    expected: &'static str,
    index: usize,
) -> ExampleResult {
    let (line, col) = file.line_col(example.span.start);
    let label = format!("{}#{rule}/{expected}[{index}]", file.name);
    let outcome = run_example(disk, rules, sources, rule, example, search, &label);
    let failure = match (expected, outcome) {
        (_, Err(e)) => Some(format!("the example cannot run: {e}")),
        ("fires", Ok(ExampleOutcome::Fired(_))) | ("passes", Ok(ExampleOutcome::Passed)) => None,
        ("fires", Ok(other)) => Some(format!("expected {rule} to fire, but it {}", said(&other))),
        (_, Ok(other)) => Some(format!("expected {rule} to hold, but it {}", said(&other))),
    };
    ExampleResult {
        rule: rule.to_owned(),
        expected,
        about: example.about.clone(),
        at: format!("{}:{line}:{col}", file.name),
        failure,
    }
}

fn said(outcome: &ExampleOutcome) -> String {
    match outcome {
        ExampleOutcome::Fired(messages) => {
            format!("fired: {}", messages.first().map_or("", String::as_str))
        }
        ExampleOutcome::Passed => "held".to_owned(),
        ExampleOutcome::NotApplied => {
            "did not apply (its guard was false or it had nothing to check)".to_owned()
        }
    }
}
