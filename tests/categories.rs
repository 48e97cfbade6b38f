//! Categories form a hierarchy kept as data (`data/categories.tsv`), and `extends` brings the packs a pack builds on
//! to every case that pack applies to: a `textiles` order gets the consumer-goods rules either way.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

mod support;

use std::path::PathBuf;

/// The tote-bag case (consumer goods, ready to file) with another category and no packaging spec.
struct Case {
    root: PathBuf,
}

impl Case {
    fn new(name: &str, category: &str, pack: Option<&str>) -> Case {
        let root =
            std::env::temp_dir().join(format!("concord-categories-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("rules")).expect("temp folder");
        let from = PathBuf::from(support::ROOT).join("examples/tote-bags-holds");
        for record in ["inspection.yaml", "evidence.yaml"] {
            std::fs::copy(from.join(record), root.join(record)).expect("copy a record");
        }
        let contract = std::fs::read_to_string(from.join("contract.yaml")).expect("contract");
        assert!(
            contract.contains("category: consumer_goods") && contract.contains("\npackaging: ")
        );
        let contract: String = contract
            .replace("category: consumer_goods", &format!("category: {category}"))
            .lines()
            .filter(|l| !l.starts_with("packaging: "))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(root.join("contract.yaml"), contract).expect("write");
        if let Some(pack) = pack {
            std::fs::write(root.join("rules/pack.concord"), pack).expect("write");
        }
        Case { root }
    }

    fn run(&self, command: &str) -> support::Run {
        let case = if command == "lint" {
            self.root.join("contract.yaml")
        } else {
            self.root.clone()
        };
        let case = case.to_string_lossy().into_owned();
        let rules = self.root.join("rules").to_string_lossy().into_owned();
        support::concord(&[command, &case, "--rules", &rules, "--format", "plain"])
    }
}

impl Drop for Case {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn pack(name: &str, extends: &str) -> String {
    format!(
        r#"pack {name} {{
  version "1.0.0"
  {extends}
  categories {name}
}}

rule TX-001 {{
  title "The contract names the product"
  severity error
  stage contract
  cite "the buyer's policy"
  require contract.order.product exists
  message "the contract names no product"
  help "name the product under `order:`"
}}
"#
    )
}

#[test]
fn a_textiles_pack_that_extends_consumer_goods_gets_the_consumer_goods_rules() {
    let case = Case::new(
        "textiles",
        "textiles",
        Some(&pack("textiles", "extends consumer_goods")),
    );
    let lint = case.run("lint");
    let text = lint.stdout_text();
    assert_eq!(lint.code, 1, "{}", lint.snapshot());
    assert!(text.contains("error[CG-SPEC-004]"), "{text}");
    assert!(text.contains("the contract is not ready"), "{text}");
    let check = case.run("check");
    assert!(
        check.stdout_text().contains("[CG-SPEC-004]"),
        "{}",
        check.snapshot()
    );
}

#[test]
fn a_category_under_consumer_goods_gets_the_consumer_goods_rules_without_a_pack() {
    let case = Case::new("hierarchy", "textiles", None);
    let text = case.run("lint").stdout_text();
    assert!(text.contains("error[CG-SPEC-004]"), "{text}");
    assert!(!text.contains("CASE-CATEGORY"), "{text}");
}

#[test]
fn extends_brings_the_extended_pack_to_a_category_the_hierarchy_does_not_list() {
    let with = Case::new(
        "bedding",
        "bedding",
        Some(&pack("bedding", "extends consumer_goods")),
    );
    let text = with.run("lint").stdout_text();
    assert!(text.contains("error[CG-SPEC-004]"), "{text}");
    // The same pack without `extends`: the consumer-goods rules do not run on a `bedding` order.
    let without = Case::new("bedding-alone", "bedding", Some(&pack("bedding", "")));
    let text = without.run("lint").stdout_text();
    assert!(!text.contains("CG-SPEC-004"), "{text}");
}
