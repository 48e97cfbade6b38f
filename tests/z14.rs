//! The Z1.4 tables of the bundled z14 pack, read through its own rules, agree with every one of the 630 plans
//! of `tests/data/plans_by_lot_level_aql.csv` (lot size range x inspection level x AQL), at both ends of each range.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

use concord::check::load::{load_case, load_rules, Limits};
use concord::eval::{evaluate, EvalOptions};
use std::path::Path;

use concord::files::InMemory;
use concord::source::SourceMap;

const CONTRACT: &str = include_str!("../examples/tote-bags-holds/contract.yaml");

struct Plan {
    lot_min: u64,
    lot_max: Option<u64>,
    level: String,
    aql: String,
    sample_size: String,
    ac: String,
    re: String,
}

fn plans() -> Vec<Plan> {
    include_str!("data/plans_by_lot_level_aql.csv")
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            Plan {
                lot_min: f[0].parse().unwrap(),
                lot_max: f[1].parse().ok(),
                level: f[2].to_owned(),
                aql: f[4].to_owned(),
                sample_size: f[6].to_owned(),
                ac: f[7].to_owned(),
                re: f[8].to_owned(),
            }
        })
        .collect()
}

/// An inspection that draws one unit, passes the lot and finds 999 major defects: every z14 rule fires and says its numbers.
fn inspection(lot: u64, level: &str, aql: &str) -> String {
    format!(
        "lot: {{ size: {lot} pcs, sample_size: 1 pcs }}\n\
         sampling: {{ standard: ANSI/ASQ Z1.4, level: \"{level}\", aql: {{ critical: 0, major: {aql}, minor: {aql} }} }}\n\
         defects: {{ critical: 0, major: 999, minor: 0 }}\n\
         verdict: pass\n"
    )
}

fn between<'a>(text: &'a str, before: &str, after: &str) -> &'a str {
    let start = text
        .find(before)
        .unwrap_or_else(|| panic!("`{before}` not in `{text}`"))
        + before.len();
    let rest = &text[start..];
    &rest[..rest.find(after).unwrap_or(rest.len())]
}

#[test]
fn z14_pack_agrees_with_all_630_published_plans() {
    let mut rule_sources = SourceMap::new();
    let rules = load_rules(
        &concord::files::Disk,
        &mut rule_sources,
        &[],
        &Limits::default(),
    )
    .unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap();
    let plans = plans();
    assert_eq!(plans.len(), 630);
    // Only the z14 pack runs: the other packs have nothing to say about these plans, and 1,260 cases are many.
    let z14_only: Vec<bool> = rules
        .select(as_of, &[])
        .unwrap()
        .active
        .iter()
        .zip(&rules.packs)
        .map(|(active, pack)| *active && pack.name == "z14")
        .collect();
    assert_eq!(z14_only.iter().filter(|a| **a).count(), 1);
    // Two halves on two threads: 1,260 cases through the evaluator of a debug build take a while.
    let check = |plans: &[Plan]| {
        let mut sources = rule_sources.clone();
        let mut wrong = Vec::new();
        for plan in plans {
            for lot in [Some(plan.lot_min), plan.lot_max].into_iter().flatten() {
                // One source map per thread: cloning the bundled rule text per case would cost more than checking it.
                let mut files = InMemory::new();
                files.insert("z14/contract.yaml", CONTRACT).insert(
                    "z14/inspection.yaml",
                    inspection(lot, &plan.level, &plan.aql),
                );
                let case =
                    load_case(&files, &mut sources, Path::new("z14"), &Limits::default()).unwrap();
                let findings = evaluate(
                    &rules,
                    &case,
                    &sources,
                    &EvalOptions {
                        as_of,
                        stages: None,
                        packs: Some(z14_only.clone()),
                        rule_date: None,
                    },
                )
                .findings;
                let message = |id: &str| {
                    findings
                        .iter()
                        .find(|f| f.rule_id == id)
                        .map(|f| f.message.clone())
                        .unwrap_or_default()
                };
                let every_unit = plan.sample_size.parse::<u64>().unwrap() >= lot;
                if every_unit {
                    let full = message("Z14-SAMPLE-002");
                    let sampled = [
                        message("Z14-SAMPLE-001"),
                        message("Z14-ACCEPT-001"),
                        message("Z14-REJECT-001"),
                    ];
                    let expected = format!("needs a sample of {}, which reaches the lot size, so every unit must be inspected", plan.sample_size);
                    if !full.contains(&expected) || sampled.iter().any(|m| !m.is_empty()) {
                        wrong.push(format!("lot {lot} level {} AQL {}: expected `{expected}` and no acceptance number, got {full} | {sampled:?}", plan.level, plan.aql));
                    }
                    continue;
                }
                let (sample, accept, reject) = (
                    message("Z14-SAMPLE-001"),
                    message("Z14-ACCEPT-001"),
                    message("Z14-REJECT-001"),
                );
                if sample.is_empty() || accept.is_empty() || reject.is_empty() {
                    wrong.push(format!("lot {lot} level {} AQL {}: a z14 rule did not fire: {sample} | {accept} | {reject}", plan.level, plan.aql));
                    continue;
                }
                let got = (
                    between(&sample, "needs ", ":"),
                    between(&accept, "accepts at most 0 critical, ", " major"),
                    between(&reject, "(reject at ", ")"),
                );
                if got
                    != (
                        plan.sample_size.as_str(),
                        plan.ac.as_str(),
                        plan.re.as_str(),
                    )
                {
                    wrong.push(format!(
                        "lot {lot} level {} AQL {}: got n/Ac/Re {got:?}, expected {}/{}/{}",
                        plan.level, plan.aql, plan.sample_size, plan.ac, plan.re
                    ));
                }
            }
        }
        wrong
    };
    let (first, second) = plans.split_at(plans.len() / 2);
    let wrong: Vec<String> = std::thread::scope(|s| {
        let other = s.spawn(|| check(second));
        let mut wrong = check(first);
        wrong.extend(other.join().unwrap());
        wrong
    });
    assert!(
        wrong.is_empty(),
        "{} of the plans disagree:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A code letter, its sample size and its cells, one per AQL column.
type CellRow = (String, u64, Vec<String>);

/// The cells of `tests/data/table2a_full_cells.csv` (AQL 0.010 to 1000), one map from (letter, AQL column) to the
/// cell as printed: `Ac/Re`, `UP` or `DOWN`.
fn full_cells() -> (Vec<String>, Vec<CellRow>) {
    let mut lines = include_str!("data/table2a_full_cells.csv").lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .skip(2)
        .map(|h| h.trim_start_matches("aql_").to_owned())
        .collect();
    let rows = lines
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            (
                f[0].to_owned(),
                f[1].parse().unwrap(),
                f[2..].iter().map(|c| (*c).to_owned()).collect(),
            )
        })
        .collect();
    (header, rows)
}

#[test]
fn full_table_agrees_with_the_published_cells_for_aql_065_to_65() {
    let (aqls, rows) = full_cells();
    let mut published = include_str!("data/table2a_cells.csv").lines();
    let columns: Vec<&str> = published
        .next()
        .unwrap()
        .split(',')
        .skip(2)
        .map(|h| h.trim_start_matches("aql_"))
        .collect();
    let mut compared = 0;
    for line in published {
        let f: Vec<&str> = line.split(',').collect();
        let row = rows.iter().find(|r| r.0 == f[0]).unwrap();
        for (column, cell) in columns.iter().zip(&f[2..]) {
            let at = aqls.iter().position(|a| a == column).unwrap();
            assert_eq!(&row.2[at], cell, "code letter {} at AQL {column}", f[0]);
            compared += 1;
        }
    }
    assert_eq!(compared, 96);
}

#[test]
fn every_diagonal_of_the_full_table_holds_one_plan() {
    // Moving one code letter down and one AQL column left keeps the plan: the law the table is built on.
    let (_, rows) = full_cells();
    for pair in rows.windows(2) {
        for column in 1..pair[1].2.len() {
            let (above, below) = (&pair[0].2[column], &pair[1].2[column - 1]);
            if above.contains('/') && below.contains('/') {
                assert_eq!(
                    above, below,
                    "{} and {} on one diagonal",
                    pair[0].0, pair[1].0
                );
            }
        }
    }
}

#[test]
fn the_packs_plans_follow_the_arrows_of_the_full_table() {
    let (aqls, rows) = full_cells();
    let pack = include_str!("../rules/z14.concord");
    let table = between(pack, "table z14_plans {", "\n}");
    let written: Vec<String> = table
        .lines()
        .filter_map(|l| l.trim().strip_prefix("row "))
        .map(|r| r.replace(['"', ' '], ""))
        .collect();
    let mut expected = Vec::new();
    for (li, (letter, _, _)) in rows.iter().enumerate() {
        for (ai, aql) in aqls.iter().enumerate() {
            let mut at = li as i64;
            let plan = loop {
                let Some(row) = usize::try_from(at).ok().and_then(|i| rows.get(i)) else {
                    break None;
                };
                match row.2[ai].as_str() {
                    "UP" => at -= 1,
                    "DOWN" => at += 1,
                    cell => break Some((row, cell)),
                }
            };
            if let Some((row, cell)) = plan {
                let (ac, re) = cell.split_once('/').unwrap();
                let aql = if aql.contains('.') {
                    aql.clone()
                } else {
                    format!("{aql}.0")
                };
                expected.push(format!("{letter},{aql},{},{},{ac},{re}", row.0, row.1));
            }
        }
    }
    assert_eq!(expected.len(), 16 * 26 - 2, "two arrows lead off the table");
    assert_eq!(written, expected);
}
