//! Tidy tests: the docs name every diagnostic code the source can emit, and every source file starts with a doc comment.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

#[test]
fn every_diagnostic_code_is_documented() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md"))
            .unwrap();
    let mut missing = Vec::new();
    for (_, text) in sources() {
        for (i, _) in text.match_indices("code(concord::") {
            let code: String = text[i + 5..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == ':' || *c == '_')
                .collect();
            if !docs.contains(&format!("`{code}`")) {
                missing.push(code);
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "codes missing from docs/diagnostics.md: {missing:?}"
    );
}

#[test]
fn every_source_file_starts_with_a_module_doc_comment() {
    let undocumented: Vec<_> = sources()
        .into_iter()
        .filter(|(_, text)| !text.trim_start().starts_with("//!"))
        .map(|(p, _)| p)
        .collect();
    assert!(
        undocumented.is_empty(),
        "files without a leading //! comment: {undocumented:?}"
    );
}

/// The bundled packs, compiled.
fn bundled_rules() -> concord::compile::ir::RuleSet {
    let mut sources = concord::source::SourceMap::new();
    concord::check::load::load_rules(
        &concord::files::Disk,
        &mut sources,
        &[],
        &concord::check::load::Limits::default(),
    )
    .unwrap()
}

#[test]
fn the_rule_reference_is_up_to_date() {
    let rules = bundled_rules();
    let expected = concord::packs::explain::rules_markdown(&rules);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale: run `cargo run -- rules doc > docs/rules.md` and commit it"
    );
}

#[test]
fn every_rule_named_in_the_seed_checkpoints_exists() {
    let rules = bundled_rules();
    for line in concord::packs::explain::CHECKPOINTS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("part\t"))
    {
        let listed = line.split('\t').nth(2).unwrap_or("");
        if listed.starts_with("unenforced:") {
            continue;
        }
        for id in listed.split(", ") {
            assert!(
                rules.rules.iter().any(|r| r.id == id),
                "data/checkpoints.tsv names `{id}`, which no bundled pack defines"
            );
        }
    }
}
