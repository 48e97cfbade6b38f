//! Rule tests: YAML files that say, per rule, in which cases it must fire and in which it must pass.
//! Each example is a base case (a folder under `examples/`) plus patches to its records.

mod patch;
mod run;
pub mod suite;

use std::collections::BTreeMap;

pub use run::{run_example, ExampleOutcome};

use crate::records::schema::RecordKind;
use crate::records::yaml::{self, Node, NodeKind};
use crate::source::Span;

/// The examples of one rule.
#[derive(Debug, Clone, Default)]
pub struct RuleTest {
    /// Cases where the rule must fire.
    pub fires: Vec<Example>,
    /// Cases where the rule must hold.
    pub passes: Vec<Example>,
}

/// One example: a base case and what is changed in it.
#[derive(Debug, Clone)]
pub struct Example {
    /// What the example shows, in words.
    pub about: String,
    /// The base case folder name under `examples/`.
    pub base: String,
    /// The evaluation date, when it matters.
    pub as_of: Option<chrono::NaiveDate>,
    /// Patches to records, merged into the base.
    pub patches: Vec<(RecordKind, Node)>,
    /// Records removed from the base.
    pub remove: Vec<RecordKind>,
    /// Pack versions pinned for the example (`name@version`); otherwise the versions in force on `as_of`.
    pub packs: Vec<String>,
    /// Where the example is written in its file.
    pub span: Span,
}

/// The base case of examples that do not name one.
pub const DEFAULT_BASE: &str = "claim-holds";

/// A broken rule-test file: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFileError {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: Span,
}

fn fail<T>(message: String, span: Span) -> Result<T, TestFileError> {
    Err(TestFileError { message, span })
}

/// Reads a rule-test file: a mapping from rule id to `fires:` and `passes:` lists of examples.
pub fn parse(text: &str) -> Result<BTreeMap<String, RuleTest>, TestFileError> {
    let root = match yaml::load(text, &yaml::Limits::default()) {
        Ok(Some(root)) => root,
        Ok(None) => return fail("the file is empty".to_owned(), Span::at(0)),
        Err(e) => return fail(e.to_string(), e.span()),
    };
    let NodeKind::Map(rules) = &root.kind else {
        return fail(
            "a rule-test file is a mapping from rule id to `fires` and `passes`".to_owned(),
            root.span,
        );
    };
    let mut tests = BTreeMap::new();
    for rule in rules {
        let mut test = RuleTest::default();
        let NodeKind::Map(kinds) = &rule.value.kind else {
            return fail(
                format!("`{}` needs `fires:` and `passes:` lists", rule.key),
                rule.key_span,
            );
        };
        for kind in kinds {
            let NodeKind::Seq(items) = &kind.value.kind else {
                return fail(
                    format!("`{}.{}` must be a list of examples", rule.key, kind.key),
                    kind.key_span,
                );
            };
            let examples = items.iter().map(example).collect::<Result<Vec<_>, _>>()?;
            match kind.key.as_str() {
                "fires" => test.fires = examples,
                "passes" => test.passes = examples,
                other => {
                    return fail(
                        format!(
                            "`{}`: unknown key `{other}`; use `fires` and `passes`",
                            rule.key
                        ),
                        kind.key_span,
                    )
                }
            }
        }
        tests.insert(rule.key.clone(), test);
    }
    Ok(tests)
}

fn example(node: &Node) -> Result<Example, TestFileError> {
    let NodeKind::Map(fields) = &node.kind else {
        return fail(
            "an example is a mapping with `about` and the record patches".to_owned(),
            node.span,
        );
    };
    let mut example = Example {
        about: String::new(),
        base: DEFAULT_BASE.to_owned(),
        as_of: None,
        patches: Vec::new(),
        remove: Vec::new(),
        packs: Vec::new(),
        span: node.span,
    };
    for field in fields {
        match (field.key.as_str(), &field.value.kind) {
            ("about", NodeKind::Scalar(s)) => example.about = s.value.clone(),
            ("base", NodeKind::Scalar(s)) => example.base = s.value.clone(),
            ("as_of", NodeKind::Scalar(s)) => match chrono::NaiveDate::parse_from_str(&s.value, "%Y-%m-%d") {
                Ok(date) => example.as_of = Some(date),
                Err(_) => return fail(format!("`as_of: {}` is not a date", s.value), field.value.span),
            },
            ("packs", NodeKind::Seq(items)) => {
                example.packs.extend(items.iter().filter_map(|i| match &i.kind {
                    NodeKind::Scalar(s) => Some(s.value.clone()),
                    _ => None,
                }));
            }
            ("remove", NodeKind::Seq(items)) => {
                for item in items {
                    let NodeKind::Scalar(s) = &item.kind else { continue };
                    match RecordKind::from_name(&s.value) {
                        Some(record) => example.remove.push(record),
                        None => return fail(format!("`remove`: unknown record `{}`", s.value), item.span),
                    }
                }
            }
            (key, _) => match RecordKind::from_name(key) {
                Some(record) => example.patches.push((record, field.value.clone())),
                None => {
                    return fail(
                        format!("unknown key `{key}` in an example; use about, base, as_of, packs, remove, contract, inspection, evidence"),
                        field.key_span,
                    )
                }
            },
        }
    }
    Ok(example)
}
