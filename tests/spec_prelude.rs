//! The spec statement is sugar for the prelude's rules (`rules/prelude.concord`): the author's help, stage and
//! severity win, a user pack replaces a prelude rule, and one item is reported by one rule, not twice.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

mod support;

use std::path::PathBuf;

/// A case folder copied from a fixture into a fresh temporary folder, with a rule folder of its own.
struct Scratch {
    root: PathBuf,
}

impl Scratch {
    fn new(name: &str, fixture: &str) -> Scratch {
        let root = std::env::temp_dir().join(format!(
            "concord-spec-prelude-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("rules")).expect("temp folder");
        let from = PathBuf::from(support::ROOT).join(fixture);
        for record in ["contract.yaml", "inspection.yaml", "evidence.yaml"] {
            std::fs::copy(from.join(record), root.join(record)).expect("copy a record");
        }
        Scratch { root }
    }

    fn write(&self, path: &str, text: &str) {
        std::fs::write(self.root.join(path), text).expect("write");
    }

    fn edit(&self, path: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.root.join(path)).expect("read");
        assert!(text.contains(from), "{path} holds `{from}`");
        self.write(path, &text.replacen(from, to, 1));
    }

    /// The findings of `concord check` on the case with the scratch rules, as JSON values.
    fn findings(&self) -> Vec<serde_json::Value> {
        let case = self.root.to_string_lossy().into_owned();
        let rules = self.root.join("rules").to_string_lossy().into_owned();
        let run = support::concord(&["check", &case, "--rules", &rules, "--format", "json"]);
        assert!(run.code <= 1, "{}", run.snapshot());
        let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("a JSON report");
        report["findings"].as_array().cloned().unwrap_or_default()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

const FIXTURE: &str = "tests/fixtures/check/user-pack-spec-inspection-misjudged";

fn pack(rule_fields: &str, extra: &str) -> String {
    format!(
        r#"pack buyer_throughput {{
  version "1.0.0"
}}

rule BUY-THR-001 {{
  title "Throughput is at least 50 cycles/min by functional test"
  cite "Buyer's purchasing policy"
  message "throughput"
{rule_fields}
  require spec.throughput >= 50 cycles/min measured_by functional_test
}}
{extra}"#
    )
}

const AUTHOR: &str = "  severity error\n  stage pre_shipment\n  help \"the buyer's help\"";

fn by<'a>(findings: &'a [serde_json::Value], rule: &str) -> Vec<&'a serde_json::Value> {
    findings.iter().filter(|f| f["rule_id"] == rule).collect()
}

#[test]
fn an_item_the_contract_states_is_judged_by_the_generic_rule_alone() {
    // The inspection reports `pass` for 31 cycles/min against the contract's `>= 50 cycles/min`: TA-INSP-003 finds
    // it; the spec statement on the same item adds nothing of its own.
    let scratch = Scratch::new("stated", FIXTURE);
    scratch.write("rules/buyer.concord", &pack(AUTHOR, ""));
    let findings = scratch.findings();
    assert_eq!(by(&findings, "TA-INSP-003").len(), 1, "{findings:#?}");
    assert!(by(&findings, "BUY-THR-001").is_empty(), "{findings:#?}");
}

#[test]
fn an_item_the_contract_leaves_out_is_judged_by_the_spec_statement_alone() {
    // Without `throughput` in the contract, TA-INSP-003 has nothing to iterate over; the statement's inspection
    // part judges the inspection's `pass` against the rule's own requirement, once.
    let scratch = Scratch::new("left-out", FIXTURE);
    scratch.write("rules/buyer.concord", &pack(AUTHOR, ""));
    scratch.edit(
        "contract.yaml",
        "  throughput:        { requirement: \">= 50 cycles/min\", measured_by: functional_test }\n",
        "",
    );
    let findings = scratch.findings();
    assert!(by(&findings, "TA-INSP-003").is_empty(), "{findings:#?}");
    let ours = by(&findings, "BUY-THR-001");
    let messages: Vec<&str> = ours.iter().filter_map(|f| f["message"].as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("the contract does not state `throughput`")),
        "{messages:#?}"
    );
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.contains("the inspection reports `pass` for `throughput`"))
            .count(),
        1,
        "{messages:#?}"
    );
}

#[test]
fn the_authors_help_stage_and_severity_win_over_the_preludes() {
    let scratch = Scratch::new("author", FIXTURE);
    scratch.write(
        "rules/buyer.concord",
        &pack(
            "  severity warning\n  stage arrival\n  help \"ask the buyer's QA desk\"",
            "",
        ),
    );
    scratch.edit(
        "contract.yaml",
        "\">= 50 cycles/min\", measured_by: functional_test",
        "\">= 40 cycles/min\", measured_by: functional_test",
    );
    let findings = scratch.findings();
    let ours = by(&findings, "BUY-THR-001");
    assert!(!ours.is_empty(), "{findings:#?}");
    for f in ours {
        assert_eq!(f["severity"], "warning", "{f:#?}");
        assert_eq!(f["stage"], "arrival", "{f:#?}");
        assert_eq!(f["help"], "ask the buyer's QA desk", "{f:#?}");
        assert_eq!(
            f["title"],
            "Throughput is at least 50 cycles/min by functional test"
        );
    }
}

#[test]
fn a_part_never_speaks_before_its_record_exists() {
    // `stage contract` keeps the contract part at the contract stage, so `concord lint` (the contract alone) runs
    // it; the inspection and arrival parts speak at their own, later stages.
    let scratch = Scratch::new("stages", FIXTURE);
    scratch.write(
        "rules/buyer.concord",
        &pack("  severity error\n  stage contract\n  help \"h\"", ""),
    );
    scratch.edit(
        "contract.yaml",
        "  throughput:        { requirement: \">= 50 cycles/min\", measured_by: functional_test }\n",
        "",
    );
    let findings = scratch.findings();
    let stages: Vec<(&str, &str)> = by(&findings, "BUY-THR-001")
        .iter()
        .map(|f| {
            (
                f["record"].as_str().unwrap_or(""),
                f["stage"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(stages.contains(&("contract", "contract")), "{stages:?}");
    assert!(
        stages.contains(&("inspection", "pre_shipment")),
        "{stages:?}"
    );
}

#[test]
fn a_user_pack_replaces_a_prelude_rule() {
    let scratch = Scratch::new("override", FIXTURE);
    scratch.edit(
        "contract.yaml",
        "\">= 50 cycles/min\", measured_by: functional_test",
        "\">= 40 cycles/min\", measured_by: functional_test",
    );
    let replaced = r#"
rule SPEC-CON-003 overrides {
  title "The contract's requirement is at least as strict as the rule's"
  severity error
  stage contract
  cite "buyer's policy"
  let item = contract.spec[spec_item]
  when item.requirement exists
  require item.requirement satisfies spec_requirement
  message "our policy needs {spec_requirement} for {spec_item}; the contract says {item.requirement}"
  help "h"
}
"#;
    scratch.write("rules/buyer.concord", &pack(AUTHOR, replaced));
    let findings = scratch.findings();
    let messages: Vec<&str> = by(&findings, "BUY-THR-001")
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert_eq!(
        messages,
        ["throughput: our policy needs >= 50 cycles/min for throughput; the contract says >= 40 cycles/min"],
    );
}

#[test]
fn a_requirement_satisfies_a_requirement_it_is_at_least_as_strict_as() {
    let scratch = Scratch::new("strict", FIXTURE);
    let rule = r#"
rule BUY-THR-002 {
  title "The contract's throughput is at least as strict as 45 cycles/min"
  severity error
  stage contract
  cite "policy"
  require contract.spec.throughput.requirement satisfies >= 45 cycles/min and not (contract.spec.throughput.requirement satisfies >= 60 cycles/min)
  message "not as strict"
  help "h"
}
"#;
    scratch.write("rules/buyer.concord", &pack(AUTHOR, rule));
    let findings = scratch.findings();
    assert!(by(&findings, "BUY-THR-002").is_empty(), "{findings:#?}");
}

#[test]
fn a_stated_item_says_nothing_of_records_the_case_lacks_and_a_left_out_one_says_it_once() {
    let scratch = Scratch::new("absent", FIXTURE);
    scratch.write("rules/buyer.concord", &pack(AUTHOR, ""));
    for record in ["inspection.yaml", "evidence.yaml"] {
        std::fs::remove_file(scratch.root.join(record)).expect("remove a record");
    }
    let findings = scratch.findings();
    assert!(by(&findings, "BUY-THR-001").is_empty(), "{findings:#?}");
    // Left out of the contract, the item is judged by the statement: once per record the case lacks.
    scratch.edit(
        "contract.yaml",
        "  throughput:        { requirement: \">= 50 cycles/min\", measured_by: functional_test }\n",
        "",
    );
    let findings = scratch.findings();
    // Each absent record is one finding (CASE-RECORD) that names the rules it blocks, the statement's among them.
    let missing: Vec<&serde_json::Value> = by(&findings, "CASE-RECORD")
        .into_iter()
        .filter(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("BUY-THR-001"))
        })
        .collect();
    let records: Vec<String> = missing
        .iter()
        .map(|f| f["missing_records"].to_string())
        .collect();
    assert_eq!(
        records,
        ["[\"inspection.yaml\"]", "[\"evidence.yaml\"]"],
        "{findings:#?}"
    );
}
