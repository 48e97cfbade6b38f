//! `concord lint` on Word files that cannot be read (`tests/fixtures/lint-bad/`, written by
//! `tests/fixtures/lint/make_docx.py`): each is bad input, exit 2, naming the file and the reason, never a panic,
//! a hang or an expanded entity.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

mod support;

use support::relative;

#[test]
fn unreadable_word_files_are_bad_input() {
    std::env::set_current_dir(support::ROOT).unwrap();
    insta::glob!("fixtures/lint-bad/*.docx", |file| {
        let file = relative(file);
        let run = support::concord(&[
            "lint",
            &file,
            "--format",
            "plain",
            "--max-file-bytes",
            "1000000",
        ]);
        assert_eq!(run.code, 2, "{file} must be bad input");
        assert!(run.snapshot().contains(&file), "{file} is named");
        insta::assert_snapshot!(run.snapshot());
    });
}
