//! The realistic case corpus (`tests/cases/<kind>/`, see its README): every case runs through the built binary;
//! its exit code must be the one a compliance officer expects (`EXPECTED.tsv`), a fail twin's findings must point
//! at the line its one edit changed, and the report is snapshot-tested.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

mod support;

use std::path::Path;

use support::ROOT;

/// One row of a kind's `EXPECTED.tsv`.
struct Expected {
    case: String,
    twin_of: Option<String>,
    exit: u8,
    edited: Option<(String, usize)>,
    /// A disagreement kept on purpose until concord reads the notation (sixth column): the test fails when it is
    /// fixed, so the mark is removed and the case counts in full.
    known_gap: Option<String>,
}

fn expectations(kind: &Path) -> Vec<Expected> {
    let text = std::fs::read_to_string(kind.join("EXPECTED.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let edited = cells.get(4).and_then(|e| {
                let (file, line) = e.trim().split_once(':')?;
                Some((file.to_owned(), line.parse().ok()?))
            });
            Expected {
                case: cells[0].to_owned(),
                twin_of: cells.get(1).filter(|t| **t != "-").map(|t| (*t).to_owned()),
                exit: cells[2].parse().unwrap(),
                edited,
                known_gap: cells
                    .get(5)
                    .filter(|g| !g.trim().is_empty())
                    .map(|g| (*g).to_owned()),
            }
        })
        .collect()
}

/// The day the case is checked on: the date of an `# as of: DATE` comment in the evidence (a case judged before
/// filing), else the dispute's filing date, or its planned date, so a case keeps its verdict whatever today's date is.
fn as_of(case: &Path) -> Option<String> {
    let evidence = std::fs::read_to_string(case.join("evidence.yaml")).ok()?;
    ["# as of:", "filed:", "planned:"]
        .iter()
        .find_map(|key| support::date_after(&evidence, key))
}

fn line_count(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

#[test]
fn every_case_gets_the_verdict_a_compliance_officer_expects() {
    let root = Path::new(ROOT).join("tests/cases");
    let mut wrong = Vec::new();
    let mut checked = 0;
    let mut kinds: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("EXPECTED.tsv").is_file())
        .collect();
    kinds.sort();
    for kind in &kinds {
        let kind_name = kind.file_name().unwrap().to_string_lossy().into_owned();
        for expected in expectations(kind) {
            let dir = format!("tests/cases/{kind_name}/{}", expected.case);
            let mut args = vec![
                "check".to_owned(),
                dir.clone(),
                "--format".to_owned(),
                "plain".to_owned(),
            ];
            if let Some(date) = as_of(&kind.join(&expected.case)) {
                args.extend(["--as-of".to_owned(), date]);
            }
            let run = support::concord(&args);
            let output = run.snapshot();
            checked += 1;
            if let Some(gap) = &expected.known_gap {
                if run.code == expected.exit {
                    wrong.push(format!(
                        "{dir}: now judged right; remove the known-gap mark ({gap})"
                    ));
                }
                continue;
            }
            if run.code != expected.exit {
                wrong.push(format!(
                    "{dir}: expected exit {}, got {}",
                    expected.exit, run.code
                ));
            }
            // A twin fails for its edit: a finding points at the edited line, unless the edit deleted it.
            if let (Some(hold), Some((file, line)), 1) =
                (&expected.twin_of, &expected.edited, expected.exit)
            {
                let hold_file = kind.join(hold).join(file);
                let twin_file = kind.join(&expected.case).join(file);
                let deleted = line_count(&twin_file) < line_count(&hold_file);
                if !deleted && !output.contains(&format!("{dir}/{file}:{line}:")) {
                    wrong.push(format!(
                        "{dir}: no finding points at the edited line {file}:{line}"
                    ));
                }
            }
            insta::with_settings!({ snapshot_suffix => format!("{kind_name}-{}", expected.case) }, {
                insta::assert_snapshot!("case", output);
            });
        }
    }
    assert!(checked >= 160, "only {checked} cases");
    assert!(
        wrong.is_empty(),
        "{} cases judged wrongly:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Before filing, the deadline is the point: every report of a case judged before filing says `file by DATE: N days
/// left`, and a date in the evidence after the evaluation date is a located data warning, not a silent pass.
#[test]
fn a_case_before_filing_says_when_to_file_and_flags_dates_ahead() {
    let run = support::concord(&[
        "check",
        "tests/cases/filing-window/planned-inside-hold",
        "--format",
        "plain",
        "--as-of",
        "2026-06-28",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout_text());
    assert!(
        run.stdout_text()
            .contains("deadline: file by 2026-07-20: 22 days left (planned for 2026-07-10)"),
        "{}",
        run.stdout_text()
    );
    let json = support::concord(&[
        "check",
        "tests/cases/filing-window/planned-past-30-days",
        "--format",
        "json",
        "--as-of",
        "2026-06-28",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout_text()).unwrap();
    assert_eq!(value["deadline"]["file_by"], "2026-07-20");
    assert_eq!(value["deadline"]["days_left"], 22);
    assert_eq!(value["deadline"]["planned"], "2026-07-28");
    assert!(value["deadline"]["text"]
        .as_str()
        .unwrap()
        .contains("the planned date 2026-07-28 is too late"));
    let ahead = support::concord(&[
        "check",
        "tests/cases/filing-window/incident-report-dated-ahead",
        "--format",
        "plain",
        "--as-of",
        "2026-06-24",
    ]);
    assert_eq!(ahead.code, 0, "{}", ahead.stdout_text());
    assert!(
        ahead.stdout_text().contains(
            "tests/cases/filing-window/incident-report-dated-ahead/evidence.yaml:24:9: warning[CASE-DATES]"
        ),
        "{}",
        ahead.stdout_text()
    );
    assert!(ahead
        .stdout_text()
        .contains("`incident_report.date` is 2026-06-26, after 2026-06-24"));
}
