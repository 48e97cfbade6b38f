//! The whole pipeline over the bundled packs: the input becomes the inspection or evidence record
//! (chosen by the first byte) of the claim-holds example, or both (split at the first 0xFF byte),
//! and is loaded, typed and evaluated. Nothing may panic, and every span of every typed value and
//! of every finding's marks must lie inside its file on character boundaries.
#![no_main]

use std::sync::OnceLock;

use std::path::Path;

use concord::check::load::{load_case, Limits};
use concord::files::InMemory;
use concord::records::document::{Value, ValueKind};
use concord::eval::{evaluate, EvalOptions};
use concord::compile::ir::RuleSet;
use concord::records::schema::RecordKind;
use concord::source::{SourceMap, Span};
use libfuzzer_sys::fuzz_target;

const CONTRACT: &str = include_str!("../../examples/claim-holds/contract.yaml");
const INSPECTION: &str = include_str!("../../examples/claim-holds/inspection.yaml");
const EVIDENCE: &str = include_str!("../../examples/claim-holds/evidence.yaml");

fn bundled_rules() -> &'static (RuleSet, SourceMap) {
    static RULES: OnceLock<(RuleSet, SourceMap)> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut sources = SourceMap::new();
        let rules =
            concord::check::load::load_rules(&concord::files::Disk, &mut sources, &[], &concord::check::load::Limits::default())
                .unwrap_or_else(|problems| {
                    panic!("the bundled packs do not compile: {problems:?}")
                });
        (rules, sources)
    })
}

fn valid_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} span {span:?} outside the {} bytes of its file",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} span {span:?} splits a character"
    );
}

fn check_spans(text: &str, root: &Value) {
    let mut stack = vec![root];
    while let Some(value) = stack.pop() {
        valid_span(text, value.span, "value");
        match &value.kind {
            ValueKind::List(items) => stack.extend(items.iter()),
            ValueKind::Map(fields) => {
                for field in fields {
                    valid_span(text, field.key_span, "key");
                    stack.push(&field.value);
                }
            }
            ValueKind::Quantity(m) => valid_span(text, m.unit_span, "quantity unit"),
            ValueKind::Requirement(r) => valid_span(text, r.unit_span, "requirement unit"),
            _ => {}
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    // 0xFF never occurs in UTF-8, so it is a safe separator for the two-record mode.
    let (inspection, evidence): (Vec<u8>, Vec<u8>) = match selector % 3 {
        0 => (rest.to_vec(), EVIDENCE.as_bytes().to_vec()),
        1 => (INSPECTION.as_bytes().to_vec(), rest.to_vec()),
        _ => match rest.iter().position(|&b| b == 0xFF) {
            Some(i) => (rest[..i].to_vec(), rest[i + 1..].to_vec()),
            None => (rest.to_vec(), rest.to_vec()),
        },
    };
    let (Ok(inspection), Ok(evidence)) =
        (String::from_utf8(inspection), String::from_utf8(evidence))
    else {
        return;
    };

    let (rules, rule_sources) = bundled_rules();
    // Case files join the rule files in one map, as in the pipeline, so every mark resolves.
    let mut sources = rule_sources.clone();
    // The records go through the same loader as a case folder on disk, from memory.
    let mut files = InMemory::new();
    files
        .insert("fuzz/contract.yaml", CONTRACT)
        .insert("fuzz/inspection.yaml", inspection.as_str())
        .insert("fuzz/evidence.yaml", evidence.as_str());
    let Ok(case) = load_case(&files, &mut sources, Path::new("fuzz"), &Limits::default()) else {
        return;
    };
    for (record, text) in [
        (RecordKind::Contract, CONTRACT),
        (RecordKind::Inspection, inspection.as_str()),
        (RecordKind::Evidence, evidence.as_str()),
    ] {
        if let Some(doc) = case.get(record) {
            check_spans(text, &doc.root);
        }
    }
    let options = EvalOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap_or_default(),
        stages: None,
        packs: None,
        rule_date: None,
    };
    for finding in evaluate(rules, &case, &sources, &options).findings {
        for mark in &finding.marks {
            if let Some(file) = sources.get(mark.at.file) {
                valid_span(&file.text, mark.at.span, "finding mark");
            } else {
                panic!("finding mark in unknown file {:?}", mark.at.file);
            }
        }
        let rule_file = sources.get(finding.rule.file);
        assert!(rule_file.is_some(), "finding rule span in unknown file");
        if let Some(file) = rule_file {
            valid_span(&file.text, finding.rule.span, "finding rule");
        }
    }
});
