//! `concord check` over many case folders in one process: the rules are loaded once, then every case is
//! loaded, evaluated and reported (JSON, as `--format json`) in turn, so the per-case engine cost is visible
//! without process start-up and rule loading. concord's CLI checks one case per invocation today.
//!
//!     batch_check [--print] [--as-of DATE] CASE_DIR|DIR_OF_CASES...
//!
//! Reports are rendered into memory and discarded unless `--print` is given (then written to stdout).
//! A timing summary goes to stderr. Exit code: 2 if a case has bad input, 1 if a case has an error-severity
//! finding, 0 otherwise (as `concord check`). Built by `cargo bench --no-run`; run by `benches/compare.sh`.

#[path = "gen/mod.rs"]
mod casegen;

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use concord::check::load::{self, Limits};
use concord::eval::{evaluate, EvalOptions};
use concord::report::{self, CaseReport, Format, Subject};
use concord::source::SourceMap;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut print = false;
    let mut as_of = casegen::AS_OF.to_owned();
    let mut positional = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--print" => print = true,
            "--as-of" => as_of = args.next().unwrap_or_default(),
            "--bench" => {}
            _ => positional.push(a),
        }
    }
    let Ok(as_of) = chrono::NaiveDate::parse_from_str(&as_of, "%Y-%m-%d") else {
        eprintln!("batch_check: --as-of takes a date YYYY-MM-DD");
        return ExitCode::from(2);
    };
    let dirs = match casegen::case_dirs(&positional) {
        Ok(d) if !d.is_empty() => d,
        Ok(_) => {
            eprintln!("usage: batch_check [--print] [--as-of DATE] CASE_DIR|DIR_OF_CASES...");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("batch_check: {e}");
            return ExitCode::from(2);
        }
    };
    let limits = Limits::default();
    let t0 = Instant::now();
    // Rule sources first; each case adds its files to a copy (the texts are shared, not copied).
    let mut rule_sources = SourceMap::new();
    let rules = match load::load_rules(&concord::files::Disk, &mut rule_sources, &[], &limits) {
        Ok(r) => r,
        Err(problems) => {
            eprintln!("batch_check: the bundled rules do not load: {problems:?}");
            return ExitCode::from(2);
        }
    };
    let t_rules = t0.elapsed();
    let options = EvalOptions {
        as_of,
        stages: None,
        packs: None,
        rule_date: None,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut buf = Vec::new();
    let (mut bad, mut not_ready, mut findings) = (0usize, 0usize, 0usize);
    for dir in &dirs {
        let mut sources = rule_sources.clone();
        let case = match load::load_case(&concord::files::Disk, &mut sources, dir, &limits) {
            Ok(c) => c,
            Err(problems) => {
                eprintln!(
                    "batch_check: {}: {} problems",
                    dir.display(),
                    problems.len()
                );
                bad += 1;
                continue;
            }
        };
        let evaluation = evaluate(&rules, &case, &sources, &options);
        findings += evaluation.findings.len();
        let report = CaseReport::new(
            Subject::Case,
            case.name.clone(),
            as_of,
            &rules,
            evaluation.findings,
        );
        buf.clear();
        if report::write_report(&mut buf, &report, &sources, Format::Json).is_err() {
            bad += 1;
            continue;
        }
        if print && out.write_all(&buf).is_err() {
            return ExitCode::from(2);
        }
        if !report.is_ready() {
            not_ready += 1;
        }
    }
    let total = t0.elapsed();
    let per_case = (total - t_rules).as_secs_f64() * 1e3 / dirs.len() as f64;
    eprintln!(
        "batch_check: {} cases ({} not ready, {} bad input, {} findings); rules loaded in {:.2} ms, {:.3} ms per case, {:.1} ms in all",
        dirs.len(),
        not_ready,
        bad,
        findings,
        t_rules.as_secs_f64() * 1e3,
        per_case,
        total.as_secs_f64() * 1e3
    );
    if bad > 0 {
        ExitCode::from(2)
    } else if not_ready > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
