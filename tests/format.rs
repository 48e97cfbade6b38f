//! Laws of `concord fmt`: formatting is idempotent, keeps the meaning (checked inside `format`), and gives the
//! same text however the indentation and spacing of the input were scrambled (blank lines are the author's
//! choice and are kept, at most one in a row).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

use std::path::{Path, PathBuf};

use concord::syntax::format::format;
use proptest::prelude::*;

fn rule_files() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    let mut stack = vec![
        root.join("rules"),
        root.join("examples"),
        root.join("tests/fixtures"),
        // Versions written as changes (`replace`, `remove`, `retire`, `amend`).
        root.join("tests/data/lang"),
    ];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "concord") {
                let text = std::fs::read_to_string(&path).unwrap();
                // Fixtures with deliberate syntax errors cannot be formatted; they are skipped here.
                if concord::syntax::parse::parse(&text).is_ok() {
                    found.push((path, text));
                }
            }
        }
    }
    found.sort();
    found
}

#[test]
fn formatting_is_idempotent_on_every_rule_file() {
    let files = rule_files();
    assert!(files.len() >= 8);
    for (path, text) in files {
        let once = format(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let twice = format(&once).unwrap();
        assert_eq!(
            once,
            twice,
            "{} changes when formatted twice",
            path.display()
        );
    }
}

#[test]
fn the_bundled_packs_are_formatted() {
    for (path, text) in rule_files()
        .into_iter()
        .filter(|(p, _)| p.starts_with(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")))
    {
        assert_eq!(
            format(&text).unwrap(),
            text,
            "{} is not formatted: run `concord fmt rules`",
            path.display()
        );
    }
}

/// Scrambles layout only: re-indents lines and widens single spaces outside strings and comments.
fn scramble(text: &str, seed: &[u8]) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let k = seed.get(i % seed.len().max(1)).copied().unwrap_or(0);
        let (mut in_string, mut in_comment, mut escaped) = (false, false, false);
        out.extend(std::iter::repeat_n(' ', usize::from(k % 7)));
        for c in line.trim_start().chars() {
            if c == '"' && !in_comment && !escaped {
                in_string = !in_string;
            }
            escaped = in_string && c == '\\' && !escaped;
            if c == '#' && !in_string {
                in_comment = true;
            }
            out.push(c);
            if c == ' ' && !in_string && !in_comment && k % 2 == 1 {
                out.push(' ');
            }
        }
        out.push('\n');
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn layout_does_not_matter(seed in proptest::collection::vec(any::<u8>(), 1..32), which in 0usize..64) {
        let files = rule_files();
        let (_, text) = &files[which % files.len()];
        let canonical = format(text).unwrap();
        let scrambled = scramble(text, &seed);
        prop_assert_eq!(format(&scrambled).unwrap(), canonical);
    }
}
