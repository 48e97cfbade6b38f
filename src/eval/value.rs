//! Values during evaluation: borrowed from the documents where possible, each remembering where it was read.
//! Also the two ways evaluation of a rule can stop: data missing, or data whose units clash.

use std::borrow::Cow;

use crate::eval::finding::Mark;
use crate::records::document::ValueKind;
use crate::records::schema::RecordKind;
use crate::source::Location;

/// A value and the place in the data it came from (none for literals and computed values).
#[derive(Debug, Clone)]
pub(crate) struct Ev<'a> {
    pub val: Cow<'a, ValueKind>,
    pub at: Option<Location>,
    /// The rule path that read it, for labels.
    pub label: Option<&'a str>,
    /// For computed values (`a - b`): the data places of the values it was computed from.
    pub via: Vec<Mark>,
}

impl<'a> Ev<'a> {
    pub fn owned(val: ValueKind) -> Self {
        Ev {
            val: Cow::Owned(val),
            at: None,
            label: None,
            via: Vec::new(),
        }
    }

    /// Every data place behind the value: its own, or those it was computed from.
    pub fn marks(&self) -> Vec<Mark> {
        let mut marks: Vec<Mark> = self.mark().into_iter().collect();
        marks.extend(self.via.iter().cloned());
        marks
    }

    /// A mark for findings, when the value came from the data.
    pub fn mark(&self) -> Option<Mark> {
        let at = self.at?;
        let label = match self.label {
            Some(path) => format!("`{path}` is {}", super::render::value(&self.val)),
            None => super::render::value(&self.val),
        };
        Some(Mark { at, label })
    }
}

/// Data a rule needs and the case does not have.
#[derive(Debug, Clone)]
pub(crate) struct Missing {
    /// The path as written in the rule.
    pub path: String,
    /// Why it does not count, when it is there but unusable (e.g. measured by another method).
    pub reason: Option<String>,
    /// The nearest place in the data where it should be.
    pub at: Option<Location>,
    /// The record file that is absent, if that is the cause.
    pub absent: Option<RecordKind>,
}

impl Missing {
    pub fn mark(&self) -> Option<Mark> {
        let at = self.at?;
        let label = match &self.reason {
            Some(reason) => format!("`{}` does not count: {reason}", self.path),
            None => format!("`{}` is missing here", self.path),
        };
        Some(Mark { at, label })
    }
}

/// Values whose units cannot be compared: a defect of the data, reported as a violation.
#[derive(Debug, Clone)]
pub(crate) struct Clash {
    pub message: String,
    pub marks: Vec<Mark>,
}

/// Why evaluation of a rule instance stopped.
#[derive(Debug, Clone)]
pub(crate) enum Stop {
    Missing(Missing),
    Clash(Clash),
}

/// A condition's result with the data places that decided it.
#[derive(Debug, Clone)]
pub(crate) struct Judged {
    pub holds: bool,
    pub trail: Vec<Mark>,
}

impl Judged {
    pub fn new(holds: bool, trail: Vec<Mark>) -> Self {
        Judged { holds, trail }
    }
}

/// At most this many marks are kept per finding, so a case with thousands of units stays readable.
pub(crate) const MAX_MARKS: usize = 12;

pub(crate) fn push_marks(trail: &mut Vec<Mark>, more: impl IntoIterator<Item = Mark>) {
    for mark in more {
        if trail.len() >= MAX_MARKS {
            return;
        }
        // Several things missing at one place read as one label there.
        match trail.iter_mut().find(|m| m.at == mark.at) {
            Some(same) if same.label != mark.label && !same.label.contains(&mark.label) => {
                same.label = format!("{}; {}", same.label, mark.label);
            }
            Some(_) => {}
            None => trail.push(mark),
        }
    }
}
