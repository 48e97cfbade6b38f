//! The pre-commit hooks (`.pre-commit-hooks.yaml`) run as written: each hook's `entry` and `args`, given files of
//! this repository where the hook passes file names, and a folder of this repository where it names one.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use support::{concord, ROOT};

/// Each hook's id, `entry` words after `concord`, and `args`.
fn hooks() -> Vec<(String, Vec<String>, Vec<String>)> {
    let text = std::fs::read_to_string(format!("{ROOT}/.pre-commit-hooks.yaml")).unwrap();
    let mut hooks = Vec::new();
    for block in text.split("\n- id: ").skip(1) {
        let id = block.lines().next().unwrap().trim().to_owned();
        let field = |name: &str| {
            block.lines().find_map(|l| {
                l.trim()
                    .strip_prefix(&format!("{name}: "))
                    .map(str::to_owned)
            })
        };
        let entry = field("entry").unwrap();
        let entry: Vec<String> = entry
            .strip_prefix("concord ")
            .expect("hooks run concord")
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        let args = field("args")
            .map(|a| {
                a.trim_matches(['[', ']'])
                    .split(',')
                    .map(|w| w.trim().trim_matches('"').to_owned())
                    .collect()
            })
            .unwrap_or_default();
        hooks.push((id, entry, args));
    }
    hooks
}

#[test]
fn every_hook_runs_its_command() {
    let hooks = hooks();
    let ids: Vec<&str> = hooks.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "concord-lint",
            "concord-check",
            "concord-test",
            "concord-fmt"
        ]
    );
    for (id, entry, args) in hooks {
        // This repository's layout stands in for a cases repository's.
        let args: Vec<String> = args
            .into_iter()
            .map(|a| match a.as_str() {
                "cases" => "examples".to_owned(),
                "packs" => "examples/packs/harbor-nutrition".to_owned(),
                _ => a,
            })
            .collect();
        let files: Vec<String> = match id.as_str() {
            "concord-lint" => vec![
                "examples/claim-holds/contract.yaml".to_owned(),
                "examples/units-converted/contract.yaml".to_owned(),
            ],
            "concord-fmt" => vec!["examples/packs/harbor-nutrition/harbor.concord".to_owned()],
            _ => Vec::new(),
        };
        let run = concord(&[entry, args, files].concat());
        let expected = if id == "concord-check" { 1 } else { 0 };
        assert_eq!(run.code, expected, "{id}: {}", run.snapshot());
    }
}
