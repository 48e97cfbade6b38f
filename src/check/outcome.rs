//! The outcome of checking one case: its findings, the pack versions that ran, the matrix and the window.

use chrono::NaiveDate;

use crate::check::matrix;
use crate::compile::ir::{RuleSet, Severity};
use crate::eval::finding::Finding;

/// A pack version used in a run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PackUsed {
    /// Pack name.
    pub name: String,
    /// Version.
    pub version: String,
    /// SHA-256 of the pack's files.
    pub sha256: String,
}

/// What was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// A case folder, before filing.
    Case,
    /// One contract, before the deposit moves.
    Contract,
    /// A contract written as text (`.txt`, `.md`, `.docx`): only its wording can be checked.
    ContractText,
}

/// The result of checking one case, ready to render.
#[derive(Debug, Clone)]
pub struct CaseReport {
    /// What was checked.
    pub subject: Subject,
    /// The case (folder or file) as given.
    pub case: String,
    /// The evaluation date.
    pub as_of: NaiveDate,
    /// The packs that ran.
    pub packs: Vec<PackUsed>,
    /// Loaded packs of which no version was in force on the date, so none of their rules ran.
    pub packs_not_in_force: Vec<String>,
    /// The consistency matrix, for the HTML report.
    pub matrix: Vec<matrix::MatrixRow>,
    /// The protection window, when the records state it.
    pub window: Option<matrix::WindowStatus>,
    /// The findings, in order.
    pub findings: Vec<Finding>,
}

impl CaseReport {
    /// Builds a report from an evaluation.
    pub fn new(
        subject: Subject,
        case: String,
        as_of: NaiveDate,
        rules: &RuleSet,
        findings: Vec<Finding>,
    ) -> Self {
        let packs = rules
            .packs
            .iter()
            .map(|p| PackUsed {
                name: p.name.clone(),
                version: p.version.clone(),
                sha256: p.hash.clone(),
            })
            .collect();
        CaseReport {
            subject,
            case,
            as_of,
            packs,
            packs_not_in_force: Vec::new(),
            matrix: Vec::new(),
            window: None,
            findings,
        }
    }

    /// Keeps only the pack versions that ran.
    pub fn with_selection(
        mut self,
        rules: &RuleSet,
        selection: &crate::compile::ir::Selection,
    ) -> Self {
        self.packs = rules
            .packs
            .iter()
            .zip(&selection.active)
            .filter(|(_, active)| **active)
            .map(|(p, _)| PackUsed {
                name: p.name.clone(),
                version: p.version.clone(),
                sha256: p.hash.clone(),
            })
            .collect();
        self.packs_not_in_force = selection.none_in_force.clone();
        self
    }

    /// The line naming the pack versions that ran, for text reports.
    pub fn packs_line(&self) -> String {
        let packs: Vec<String> = self
            .packs
            .iter()
            .map(|p| {
                format!(
                    "{}@{} ({})",
                    p.name,
                    p.version,
                    p.sha256.get(..12).unwrap_or(&p.sha256)
                )
            })
            .collect();
        let skipped = match self.packs_not_in_force.as_slice() {
            [] => String::new(),
            names => format!("; no version in force for {}", names.join(", ")),
        };
        format!("rule packs: {}{skipped}", packs.join(", "))
    }

    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity && f.waived.is_none())
            .count()
    }

    /// True when no finding is an error: the records tell one story.
    pub fn is_ready(&self) -> bool {
        self.count(Severity::Error) == 0
    }

    /// Number of findings accepted by a waiver (shown, never hidden, not counted as errors).
    pub fn waived(&self) -> usize {
        self.findings.iter().filter(|f| f.waived.is_some()).count()
    }
}

/// A dispute-killing pattern seen in a report, with the rules that found it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PatternHit {
    /// The pattern, as the rules name it.
    pub pattern: String,
    /// Rule ids with findings of this pattern, sorted.
    pub rules: Vec<String>,
    /// Number of findings.
    pub findings: usize,
}

impl CaseReport {
    /// The dispute-killing patterns the findings show, in the order of their names.
    pub fn patterns(&self) -> Vec<PatternHit> {
        let mut hits: std::collections::BTreeMap<&str, PatternHit> =
            std::collections::BTreeMap::new();
        for f in self
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info && f.waived.is_none())
        {
            let Some(pattern) = f.pattern.as_deref() else {
                continue;
            };
            let hit = hits.entry(pattern).or_insert_with(|| PatternHit {
                pattern: pattern.to_owned(),
                rules: Vec::new(),
                findings: 0,
            });
            hit.findings += 1;
            if !hit.rules.contains(&f.rule_id) {
                hit.rules.push(f.rule_id.clone());
            }
        }
        hits.into_values()
            .map(|mut h| {
                h.rules.sort();
                h
            })
            .collect()
    }
}
