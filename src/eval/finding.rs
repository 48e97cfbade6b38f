//! Findings: what evaluation concludes about a case, each pointing at the data and at the rule behind it.

use crate::compile::ir::{Severity, Source, Stage};
use crate::records::schema::RecordKind;
use crate::source::Location;

/// Why a finding was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The data contradicts the rule.
    Violated,
    /// The data the rule needs is missing.
    NotProvable,
}

/// A place in a data file, with what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The place.
    pub at: Location,
    /// What is there, in words.
    pub label: String,
}

/// One conclusion of one rule about one item of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Rule id.
    pub rule_id: String,
    /// Rule title.
    pub title: String,
    /// Pack name.
    pub pack: String,
    /// Pack version.
    pub pack_version: String,
    /// Severity.
    pub severity: Severity,
    /// Lifecycle stage.
    pub stage: Stage,
    /// Violated or not provable.
    pub outcome: Outcome,
    /// What is wrong, with values filled in.
    pub message: String,
    /// What to do.
    pub help: String,
    /// The term or guidance behind the rule.
    pub cite: String,
    /// The declared public sources the cite names.
    pub sources: Vec<Source>,
    /// The dispute-killing pattern the rule guards against.
    pub pattern: Option<String>,
    /// The spec item or map key the finding is about.
    pub item: Option<String>,
    /// The record that disagrees, when the rule compares records.
    pub record: Option<RecordKind>,
    /// Places in the data, in the order they matter.
    pub marks: Vec<Mark>,
    /// Records the rule needed that the case does not have.
    pub absent: Vec<RecordKind>,
    /// Where the rule is written.
    pub rule: Location,
    /// Rules of this evaluation that cannot hold because vague wording stands where their data should be.
    pub leaves_unprovable: Vec<String>,
    /// The waiver that accepts this finding, if one does and it has not expired.
    pub waived: Option<Waived>,
}

/// What raises a finding: a rule of a pack, or one of concord's own checks (then `pack` names it).
#[derive(Debug, Clone, Copy)]
pub struct Raiser<'a> {
    /// Rule id.
    pub id: &'a str,
    /// Rule title.
    pub title: &'a str,
    /// Pack name.
    pub pack: &'a str,
    /// Pack version (empty for concord's own checks).
    pub pack_version: &'a str,
    /// Severity.
    pub severity: Severity,
    /// Lifecycle stage.
    pub stage: Stage,
    /// The term or guidance behind the rule.
    pub cite: &'a str,
    /// The declared public sources the cite names.
    pub sources: &'a [Source],
    /// The dispute-killing pattern the rule guards against.
    pub pattern: Option<&'a str>,
    /// Where the rule is written.
    pub rule: Location,
}

impl Finding {
    /// The one way to build a finding: who raises it, why, what is wrong and what to do. The places in the
    /// data, the item, the record and the absent records are added with the methods below.
    pub fn new(by: &Raiser<'_>, outcome: Outcome, message: String, help: String) -> Finding {
        Finding {
            rule_id: by.id.to_owned(),
            title: by.title.to_owned(),
            pack: by.pack.to_owned(),
            pack_version: by.pack_version.to_owned(),
            severity: by.severity,
            stage: by.stage,
            outcome,
            message,
            help,
            cite: by.cite.to_owned(),
            sources: by.sources.to_vec(),
            pattern: by.pattern.map(str::to_owned),
            item: None,
            record: None,
            marks: Vec::new(),
            absent: Vec::new(),
            rule: by.rule,
            leaves_unprovable: Vec::new(),
            waived: None,
        }
    }

    /// The places in the data, in the order they matter.
    pub fn at(mut self, marks: Vec<Mark>) -> Finding {
        self.marks = marks;
        self
    }

    /// The spec item or map key the finding is about.
    pub fn about(mut self, item: Option<String>) -> Finding {
        self.item = item;
        self
    }

    /// The record that disagrees.
    pub fn in_record(mut self, record: Option<RecordKind>) -> Finding {
        self.record = record;
        self
    }

    /// Records the rule needed that the case does not have.
    pub fn needing(mut self, absent: Vec<RecordKind>) -> Finding {
        self.absent = absent;
        self
    }
}

/// How a finding was waived, shown with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waived {
    /// Why.
    pub reason: String,
    /// By whom.
    pub approver: String,
    /// Until when.
    pub expires: chrono::NaiveDate,
    /// Where the waiver is written.
    pub location: Location,
}
