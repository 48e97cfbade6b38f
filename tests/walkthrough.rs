//! `docs/writing-a-pack.md` is run as written: its `# file:` code blocks are written into an empty folder, the base
//! case is copied as its step 2 says, and `concord test` gives what the page shows at each step.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on a broken walkthrough"
)]

mod support;

use std::path::{Path, PathBuf};

/// The code blocks of the page that start with `# file: PATH`, as (path, text).
fn files(page: &str) -> Vec<(String, String)> {
    enum At {
        Prose,
        BlockStart,
        File(String, String),
        OtherBlock,
    }
    let mut out = Vec::new();
    let mut at = At::Prose;
    for line in page.lines() {
        let fence = line.starts_with("```");
        at = match (at, fence) {
            (At::Prose, true) => At::BlockStart,
            (At::Prose, false) => At::Prose,
            (At::File(path, text), true) => {
                out.push((path, text));
                At::Prose
            }
            (At::BlockStart | At::OtherBlock, true) => At::Prose,
            (At::BlockStart, false) => match line.strip_prefix("# file: ") {
                Some(path) => At::File(path.trim().to_owned(), format!("{line}\n")),
                None => At::OtherBlock,
            },
            (At::File(path, text), false) => At::File(path, format!("{text}{line}\n")),
            (At::OtherBlock, false) => At::OtherBlock,
        };
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
    }
}

#[test]
fn the_textiles_walkthrough_reaches_full_rule_coverage() {
    let page = std::fs::read_to_string(Path::new(support::ROOT).join("docs/writing-a-pack.md"))
        .expect("the walkthrough");
    let files = files(&page);
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        names,
        [
            "textiles/textiles.concord",
            "textiles/composition.concord",
            "textiles/weight.concord",
            "textiles/tests/textiles.yaml"
        ]
    );
    let root: PathBuf =
        std::env::temp_dir().join(format!("concord-walkthrough-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for (path, text) in &files {
        let at = root.join(path);
        std::fs::create_dir_all(at.parent().expect("a folder")).expect("folder");
        std::fs::write(at, text).expect("write");
    }
    // Step 2: `cp -r examples/tote-bags-holds textiles/tote-bags-holds`.
    copy_dir(
        &Path::new(support::ROOT).join("examples/tote-bags-holds"),
        &root.join("textiles/tote-bags-holds"),
    );
    let pack = root.join("textiles").to_string_lossy().into_owned();

    // Step 4: before any example, every rule is uncovered.
    let tests = root.join("textiles/tests/textiles.yaml");
    let written = std::fs::read_to_string(&tests).expect("tests");
    std::fs::write(&tests, "{}\n").expect("write");
    let before = support::concord(&["test", &pack, "--min-coverage", "100"]);
    assert_eq!(before.code, 1, "{}", before.snapshot());
    assert!(
        before
            .stdout_text()
            .contains("no example makes these rules fire: TX-INSP-001, TX-SPEC-001, TX-SPEC-002\n"),
        "{}",
        before.snapshot()
    );
    assert!(before
        .stdout_text()
        .ends_with("0 passed, 0 failed; rule coverage 0.0% of 3 rules\n"));

    // Step 6: with the examples, every rule fires and holds.
    std::fs::write(&tests, written).expect("write");
    let after = support::concord(&["test", &pack, "--min-coverage", "100"]);
    // Step 7: the pack as written is in the canonical layout.
    let layout = support::concord(&["fmt", "--check", &pack]);
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(layout.code, 0, "{}", layout.snapshot());
    assert!(
        layout
            .stdout_text()
            .ends_with("3 files checked, 0 not formatted\n"),
        "{}",
        layout.snapshot()
    );
    assert!(page.contains("`3 files checked, 0 not formatted`"));
    assert_eq!(after.code, 0, "{}", after.snapshot());
    assert!(
        after
            .stdout_text()
            .ends_with("6 passed, 0 failed; rule coverage 100.0% of 3 rules\n"),
        "{}",
        after.snapshot()
    );
    assert!(page.contains("`6 passed, 0 failed; rule coverage 100.0% of 3 rules`"));
}
