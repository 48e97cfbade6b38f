//! The README's sample output is the real output: every fenced `console` block whose first line is
//! `$ concord ARGS` is run through the built binary and compared with the rest of the block; the README says how to
//! install before it uses `concord`; `docs/rules.md` has one heading per pack version.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use support::{concord, ROOT};

/// The `$ concord ...` blocks of a Markdown text: arguments and the expected output.
fn samples(markdown: &str) -> Vec<(Vec<String>, String)> {
    let mut found = Vec::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "```console" {
            continue;
        }
        let Some(command) = lines.next().and_then(|l| l.strip_prefix("$ concord ")) else {
            continue;
        };
        let mut expected = String::new();
        for line in lines.by_ref() {
            if line.starts_with("```") {
                break;
            }
            expected.push_str(line);
            expected.push('\n');
        }
        let args = command.split_whitespace().map(str::to_owned).collect();
        found.push((args, expected));
    }
    found
}

#[test]
fn the_readme_sample_output_matches_the_real_output() {
    let readme = std::fs::read_to_string(format!("{ROOT}/README.md")).unwrap();
    let samples = samples(&readme);
    assert!(
        !samples.is_empty(),
        "the README shows no `$ concord ...` sample"
    );
    for (args, expected) in samples {
        let run = concord(&args);
        assert_eq!(
            run.stdout_text(),
            expected,
            "README sample `concord {}` differs from the real output; paste the real output into README.md",
            args.join(" ")
        );
    }
}

#[test]
fn the_readme_says_how_to_install_before_it_uses_concord() {
    let readme = std::fs::read_to_string(format!("{ROOT}/README.md")).unwrap();
    let install = readme
        .find("cargo install --locked --path .")
        .expect("the README says how to install");
    let first_use = readme.find("$ concord ").expect("the README shows a run");
    assert!(
        install < first_use,
        "the README uses `concord` before installing it"
    );
    assert!(
        readme.contains("~/.cargo/bin"),
        "the README says where the binary lands"
    );
}

#[test]
fn the_rule_reference_has_one_heading_per_pack_version() {
    let run = concord(&["rules", "doc"]);
    let doc = run.stdout_text();
    let headings: Vec<&str> = doc.lines().filter(|l| l.starts_with("## Pack `")).collect();
    let mut unique = headings.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        unique.len(),
        headings.len(),
        "a heading repeats: {headings:?}"
    );
    let table_rows = doc
        .lines()
        .skip_while(|l| *l != "## Packs")
        .skip(4)
        .take_while(|l| l.starts_with('|'))
        .count();
    assert_eq!(headings.len(), table_rows, "{headings:?}");
    assert!(headings.contains(&"## Pack `trade_assurance` 1.0.0"));
}
