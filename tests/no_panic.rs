//! Property tests over hostile input: no parser, loader or evaluator panics on any text,
//! and every span it reports lies inside its file on character boundaries.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

use concord::eval::{evaluate, EvalOptions};
use std::path::Path;

use concord::check::load::{load_case, Limits};
use concord::files::InMemory;
use concord::records::document::{self, Value, ValueKind};
use concord::records::schema::{RecordKind, Schema};
use concord::source::{SourceFile, SourceMap, Span};
use proptest::prelude::*;

const CONTRACT: &str = include_str!("../examples/claim-holds/contract.yaml");
const INSPECTION: &str = include_str!("../examples/claim-holds/inspection.yaml");
const EVIDENCE: &str = include_str!("../examples/claim-holds/evidence.yaml");
const RULES: &str = include_str!("../rules/trade_assurance.concord");

fn valid_span(text: &str, span: Span) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "span {span:?} outside {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "span {span:?} splits a character"
    );
}

fn check_spans(text: &str, value: &Value) {
    valid_span(text, value.span);
    match &value.kind {
        ValueKind::List(items) => items.iter().for_each(|v| check_spans(text, v)),
        ValueKind::Map(fields) => fields.iter().for_each(|f| {
            valid_span(text, f.key_span);
            check_spans(text, &f.value);
        }),
        ValueKind::Quantity(m) => valid_span(text, m.unit_span),
        ValueKind::Requirement(r) => valid_span(text, r.unit_span),
        _ => {}
    }
}

/// Replaces a byte range of a valid file with arbitrary text, keeping the result UTF-8.
fn mutate(base: &str, at: usize, cut: usize, insert: &str) -> String {
    let mut start = at % (base.len() + 1);
    while !base.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + cut).min(base.len());
    while !base.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{}{}", &base[..start], insert, &base[end..])
}

/// The bundled rule set and its sources, compiled once for all cases.
fn bundled_rules() -> &'static (concord::compile::ir::RuleSet, SourceMap) {
    static RULES: std::sync::OnceLock<(concord::compile::ir::RuleSet, SourceMap)> =
        std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let mut sources = SourceMap::new();
        let rules = concord::check::load::load_rules(
            &concord::files::Disk,
            &mut sources,
            &[],
            &concord::check::load::Limits::default(),
        )
        .unwrap();
        (rules, sources)
    })
}

fn load_and_evaluate(contract: &str) {
    let (rules, rule_sources) = bundled_rules();
    // Case files join the rule files in one map, as in the pipeline, so every mark resolves.
    let mut sources = rule_sources.clone();
    // The records go through the same loader as a case folder on disk, from memory.
    let mut files = InMemory::new();
    files
        .insert("fuzz/contract.yaml", contract)
        .insert("fuzz/inspection.yaml", INSPECTION)
        .insert("fuzz/evidence.yaml", EVIDENCE);
    let Ok(case) = load_case(&files, &mut sources, Path::new("fuzz"), &Limits::default()) else {
        return;
    };
    for (record, text) in [
        (RecordKind::Contract, contract),
        (RecordKind::Inspection, INSPECTION),
        (RecordKind::Evidence, EVIDENCE),
    ] {
        if let Some(doc) = case.get(record) {
            check_spans(text, &doc.root);
        }
    }
    let options = EvalOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap(),
        stages: None,
        packs: None,
        rule_date: None,
    };
    for finding in evaluate(rules, &case, &sources, &options).findings {
        for mark in finding.marks {
            let text = &sources.get(mark.at.file).unwrap().text;
            valid_span(text, mark.at.span);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn rule_parser_and_compiler_never_panic(text in "\\PC{0,200}") {
        if let Ok(ast) = concord::syntax::parse::parse(&text) {
            let _ = concord::compile::compile(&[(concord::source::FileId(0), &ast)], Schema::bundled(), &SourceMap::new());
        }
    }

    #[test]
    fn mutated_rule_files_never_panic(at in 0usize..6000, cut in 0usize..40, insert in "[ -~±·²{}()\\[\\]\"\n]{0,12}") {
        let text = mutate(RULES, at, cut, &insert);
        if let Ok(ast) = concord::syntax::parse::parse(&text) {
            let _ = concord::compile::compile(&[(concord::source::FileId(0), &ast)], Schema::bundled(), &SourceMap::new());
        }
    }

    #[test]
    fn yaml_loader_never_panics_and_keeps_spans_valid(text in "\\PC{0,300}") {
        let file = SourceFile::new("x.yaml", text.as_str());
        if let Ok(doc) = document::load(RecordKind::Evidence, concord::source::FileId(0), &file, Schema::bundled(), &Default::default()) {
            check_spans(&text, &doc.root);
        }
    }

    #[test]
    fn mutated_contracts_load_and_evaluate_without_panic(at in 0usize..2000, cut in 0usize..30, insert in "[ -~±·²ÜÖ好\n\t]{0,16}") {
        load_and_evaluate(&mutate(CONTRACT, at, cut, &insert));
    }
}
