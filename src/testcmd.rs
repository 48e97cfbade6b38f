//! `concord test`: finds the rule-test files of a pack folder (or the bundled ones), runs them and reports
//! pass/fail per example and rule coverage, as text or JUnit XML.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK};
use crate::pipeline::{self, Limits};
use crate::ruletest::suite::{render_junit, render_text, run_suite, TestFile};
use crate::source::SourceMap;

/// Runs the command; returns the exit code.
pub fn run(
    dir: Option<&Path>,
    extra: &[PathBuf],
    min_coverage: f64,
    junit: bool,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let mut dirs: Vec<PathBuf> = extra.to_vec();
    dirs.extend(dir.map(Path::to_path_buf));
    let mut sources = SourceMap::new();
    let rules = match pipeline::load_rules(&mut sources, &dirs, &Limits::default()) {
        Ok(rules) => rules,
        Err(problems) => {
            let _ = crate::report::write_problems(
                stderr,
                &problems,
                &sources,
                crate::report::Format::Plain,
            );
            return EXIT_BAD_INPUT;
        }
    };
    let (files, scope) = match dir {
        None => bundled(&rules),
        Some(dir) => match folder(dir, &rules, &sources) {
            Ok(found) => found,
            Err(message) => {
                let _ = writeln!(stderr, "error: {message}");
                return EXIT_BAD_INPUT;
            }
        },
    };
    let report = match run_suite(&rules, &sources, &files, &scope) {
        Ok(report) => report,
        Err(errors) => {
            for e in errors {
                let _ = writeln!(stderr, "error: {e}");
            }
            let _ = writeln!(
                stderr,
                "  help: see docs/rule-tests.md for the format of rule tests"
            );
            return EXIT_BAD_INPUT;
        }
    };
    let text = if junit {
        render_junit(&report)
    } else {
        render_text(&report)
    };
    let _ = write!(stdout, "{text}");
    if report.failures() > 0 {
        return EXIT_FINDINGS;
    }
    if report.coverage() < min_coverage {
        let _ = writeln!(
            stderr,
            "error: rule coverage {:.1}% is below --min-coverage {min_coverage}%",
            report.coverage()
        );
        return EXIT_FINDINGS;
    }
    EXIT_OK
}

/// The bundled packs' tests; base cases from `examples/` when run in the repository, else the bundled copies.
fn bundled(rules: &crate::ir::RuleSet) -> (Vec<TestFile>, BTreeSet<String>) {
    let files = crate::bundled::RULE_TEST_FILES
        .iter()
        .map(|(path, text)| TestFile {
            name: crate::bundled::display_name(path),
            text: (*text).to_owned(),
            search: vec![PathBuf::from("examples")],
        })
        .collect();
    let scope = rules.rules.iter().map(|r| r.id.clone()).collect();
    (files, scope)
}

/// The tests in `DIR/tests/*.yaml`, and the rules defined by the packs under `DIR`.
fn folder(
    dir: &Path,
    rules: &crate::ir::RuleSet,
    sources: &SourceMap,
) -> Result<(Vec<TestFile>, BTreeSet<String>), String> {
    let tests_dir = dir.join("tests");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&tests_dir)
        .map_err(|_| format!("{}: no `tests` folder with rule tests", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let shown = path.to_string_lossy().into_owned();
        let file = crate::input::read_text(&path, &shown, Limits::default().max_file_bytes)
            .map_err(|e| e.to_string())?;
        files.push(TestFile {
            name: shown,
            text: file.text.to_string(),
            search: vec![
                tests_dir.clone(),
                dir.to_path_buf(),
                PathBuf::from("examples"),
            ],
        });
    }
    let root = dir.to_string_lossy().into_owned();
    let scope = rules
        .rules
        .iter()
        .filter(|r| {
            sources
                .get(r.block.file)
                .is_some_and(|f| Path::new(&f.name).starts_with(&root))
        })
        .map(|r| r.id.clone())
        .collect();
    Ok((files, scope))
}
