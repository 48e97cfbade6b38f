//! The report of `concord test`: rule-test results as text for people and as JUnit XML for CI dashboards.

use std::fmt::Write as _;

use super::escape::xml_attribute;
use crate::packs::ruletest::suite::SuiteReport;

/// The report for people.
pub fn render_text(report: &SuiteReport) -> String {
    let mut out = String::new();
    for e in &report.examples {
        match &e.failure {
            None => {
                let _ = writeln!(out, "ok    {} {}: {}", e.rule, e.expected, e.about);
            }
            Some(why) => {
                let _ = writeln!(
                    out,
                    "FAIL  {} {}: {}\n      at {}: {why}",
                    e.rule, e.expected, e.about, e.at
                );
            }
        }
    }
    if !report.never_fired.is_empty() {
        let _ = writeln!(
            out,
            "no example makes these rules fire: {}",
            report.never_fired.join(", ")
        );
    }
    if !report.never_held.is_empty() {
        let _ = writeln!(
            out,
            "no example shows these rules holding: {}",
            report.never_held.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "{} passed, {} failed; rule coverage {:.1}% of {} rules",
        report.examples.len() - report.failures(),
        report.failures(),
        report.coverage(),
        report.rules.len()
    );
    out
}

/// The report as JUnit XML: one test case per example, and one per uncovered rule.
pub fn render_junit(report: &SuiteReport) -> String {
    let mut cases = String::new();
    let mut failures = report.failures();
    for e in &report.examples {
        let name = xml_attribute(&format!("{} {}: {}", e.rule, e.expected, e.about));
        match &e.failure {
            None => {
                let _ = writeln!(
                    cases,
                    "    <testcase classname=\"{}\" name=\"{name}\"/>",
                    xml_attribute(&e.rule)
                );
            }
            Some(why) => {
                let _ = writeln!(
                    cases,
                    "    <testcase classname=\"{}\" name=\"{name}\">\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                    xml_attribute(&e.rule),
                    xml_attribute(why),
                    xml_attribute(&e.at)
                );
            }
        }
    }
    for (rule, what) in report
        .never_fired
        .iter()
        .map(|r| (r, "fires"))
        .chain(report.never_held.iter().map(|r| (r, "holds")))
    {
        failures += 1;
        let _ = writeln!(
            cases,
            "    <testcase classname=\"coverage\" name=\"{} {what}\">\n      <failure message=\"no example shows {} {what}\"/>\n    </testcase>",
            xml_attribute(rule),
            xml_attribute(rule)
        );
    }
    let tests = report.examples.len() + report.never_fired.len() + report.never_held.len();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"concord test\" tests=\"{tests}\" failures=\"{failures}\">\n{cases}  </testsuite>\n</testsuites>\n"
    )
}
