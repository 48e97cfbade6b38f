//! `concord test`: finds the rule-test files of a pack folder (or the bundled ones), runs them and reports
//! pass/fail per example and rule coverage, as text or JUnit XML.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::Exit;
use concord::check::load::{self, Limits};
use concord::files::{Disk, Files as _, Kind};
use concord::packs::ruletest::suite::{run_suite, TestFile};
use concord::report::ruletests::{render_junit, render_text};
use concord::source::SourceMap;

/// Runs the command; returns the exit code.
pub fn run(
    dir: Option<&Path>,
    extra: &[PathBuf],
    min_coverage: f64,
    junit: bool,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Exit {
    let mut dirs: Vec<PathBuf> = extra.to_vec();
    dirs.extend(dir.map(Path::to_path_buf));
    let mut sources = SourceMap::new();
    let rules = match load::load_rules(&Disk, &mut sources, &dirs, &Limits::default()) {
        Ok(rules) => rules,
        Err(problems) => {
            let _ = concord::report::write_problems(
                stderr,
                &problems,
                &sources,
                concord::report::Format::Plain,
            );
            return Exit::BadInput;
        }
    };
    let (files, scope) = match dir {
        None => bundled(&rules),
        Some(dir) => match folder(dir, &rules, &sources) {
            Ok(found) => found,
            Err(message) => {
                let _ = writeln!(stderr, "error: {message}");
                return Exit::BadInput;
            }
        },
    };
    let report = match run_suite(&Disk, &rules, &sources, &files, &scope) {
        Ok(report) => report,
        Err(errors) => {
            for e in errors {
                let _ = writeln!(stderr, "error: {e}");
            }
            let _ = writeln!(
                stderr,
                "  help: see docs/rule-tests.md for the format of rule tests"
            );
            return Exit::BadInput;
        }
    };
    let text = if junit {
        render_junit(&report)
    } else {
        render_text(&report)
    };
    let _ = write!(stdout, "{text}");
    if report.failures() > 0 {
        return Exit::Findings;
    }
    if report.coverage() < min_coverage {
        let _ = writeln!(
            stderr,
            "error: rule coverage {:.1}% is below --min-coverage {min_coverage}%",
            report.coverage()
        );
        return Exit::Findings;
    }
    Exit::Ok
}

/// The bundled packs' tests; base cases from `examples/` when run in the repository, else the bundled copies.
fn bundled(rules: &concord::compile::ir::RuleSet) -> (Vec<TestFile>, BTreeSet<String>) {
    let files = concord::packs::bundled::RULE_TEST_FILES
        .iter()
        .map(|(path, text)| TestFile {
            name: concord::packs::bundled::display_name(path),
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
    rules: &concord::compile::ir::RuleSet,
    sources: &SourceMap,
) -> Result<(Vec<TestFile>, BTreeSet<String>), String> {
    let tests_dir = dir.join("tests");
    let paths: Vec<PathBuf> = Disk
        .list(&tests_dir, &tests_dir.to_string_lossy())
        .map_err(|_| format!("{}: no `tests` folder with rule tests", dir.display()))?
        .into_iter()
        .filter(|(p, kind)| {
            *kind == Kind::File && p.extension().is_some_and(|e| e == "yaml" || e == "yml")
        })
        .map(|(p, _)| p)
        .collect();
    let mut files = Vec::new();
    for path in paths {
        let shown = path.to_string_lossy().into_owned();
        let file = Disk
            .read_text(&path, &shown, Limits::default().max_file_bytes)
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
