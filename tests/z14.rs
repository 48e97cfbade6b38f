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
    let mut wrong = Vec::new();
    for plan in &plans {
        for lot in [Some(plan.lot_min), plan.lot_max].into_iter().flatten() {
            let mut sources = rule_sources.clone();
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
                    packs: Some(rules.select(as_of, &[]).unwrap().active),
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
                between(&sample, "needs ", " for major"),
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
    assert!(
        wrong.is_empty(),
        "{} of the plans disagree:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
