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
    pub via: Vec<Trace<'a>>,
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
    pub fn marks(&self) -> Vec<Trace<'a>> {
        let mut marks: Vec<Trace<'a>> = self.mark().into_iter().collect();
        marks.extend(self.via.iter().cloned());
        marks
    }

    /// The value's place in the data, when it came from the data.
    pub fn mark(&self) -> Option<Trace<'a>> {
        Some(Trace::Read {
            at: self.at?,
            path: self.label,
            val: self.val.clone(),
        })
    }
}

/// A data place that decided a condition. Most conditions hold and their places are never shown, so a value read
/// from the data is put into words only when a finding is made of it.
#[derive(Debug, Clone)]
pub(crate) enum Trace<'a> {
    /// A value read from the data, with the rule path that read it.
    Read {
        at: Location,
        path: Option<&'a str>,
        val: Cow<'a, ValueKind>,
    },
    /// A place already put into words (missing data, a unit that clashes).
    Said(Mark),
    /// A vague phrase found in a text: each is its own thing to rewrite, so a clause shows all of them (up to
    /// `MAX_PHRASE_MARKS`), not the first `MAX_MARKS`.
    Phrase(Mark),
}

impl Trace<'_> {
    pub fn at(&self) -> Location {
        match self {
            Trace::Read { at, .. } => *at,
            Trace::Said(mark) | Trace::Phrase(mark) => mark.at,
        }
    }

    /// The mark a finding shows.
    pub fn render(self) -> Mark {
        match self {
            Trace::Read { at, path, val } => Mark {
                at,
                label: match path {
                    Some(path) => format!("`{path}` is {}", super::render::value(&val)),
                    None => super::render::value(&val),
                },
            },
            Trace::Said(mark) | Trace::Phrase(mark) => mark,
        }
    }
}

impl From<Mark> for Trace<'_> {
    fn from(mark: Mark) -> Self {
        Trace::Said(mark)
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
pub(crate) struct Judged<'a> {
    pub holds: bool,
    pub trail: Vec<Trace<'a>>,
}

impl<'a> Judged<'a> {
    pub fn new(holds: bool, trail: Vec<Trace<'a>>) -> Self {
        Judged { holds, trail }
    }
}

/// At most this many marks are kept per finding, so a case with thousands of units stays readable.
pub(crate) const MAX_MARKS: usize = 12;

/// Phrases found in a text are kept up to this many per finding: a clause's vague phrases are each a rewrite the
/// user must make, and a finding that showed twelve of forty would hide the rest until the next run. The bound
/// keeps a hostile text's finding finite.
pub(crate) const MAX_PHRASE_MARKS: usize = 200;

pub(crate) fn push_marks<'a>(
    trail: &mut Vec<Trace<'a>>,
    more: impl IntoIterator<Item = Trace<'a>>,
) {
    for trace in more {
        let limit = match trace {
            Trace::Phrase(_) => MAX_PHRASE_MARKS,
            _ => MAX_MARKS,
        };
        if trail.len() >= limit {
            continue;
        }
        let at = trace.at();
        match trail.iter_mut().find(|t| t.at() == at) {
            // The same value of the data read again by the same path (`a and a > 0`): the label would be the same,
            // so nothing is put into words for it. A value derived from it (`window_event(w)`) says something new.
            Some(Trace::Read { path, val, .. })
                if matches!(&trace, Trace::Read { path: again, val: same_val, .. }
                    if again == path && std::ptr::eq(same_val.as_ref(), val.as_ref())) => {}
            // Several things said of one place read as one label there (rare: worded only then).
            Some(same) => {
                let (old, new) = (same.clone().render(), trace.render());
                if old.label != new.label && !old.label.contains(&new.label) {
                    *same = Trace::Said(Mark {
                        at,
                        label: format!("{}; {}", old.label, new.label),
                    });
                }
            }
            None => trail.push(trace),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{push_marks, Mark, Trace, MAX_MARKS, MAX_PHRASE_MARKS};
    use crate::source::{FileId, Location, Span};

    fn mark(i: usize) -> Mark {
        Mark {
            at: Location {
                file: FileId(0),
                span: Span::new(i * 10, i * 10 + 5),
            },
            label: format!("place {i}"),
        }
    }

    #[test]
    fn a_place_read_again_by_one_path_is_one_mark_and_by_another_path_one_label() {
        let at = mark(1).at;
        let data = crate::records::document::ValueKind::Text("x".into());
        let read = |path| Trace::Read {
            at,
            path: Some(path),
            val: std::borrow::Cow::Borrowed(&data),
        };
        let mut trail = Vec::new();
        push_marks(
            &mut trail,
            [read("item.requirement"), read("item.requirement")],
        );
        assert_eq!(trail.len(), 1);
        assert!(matches!(trail.first(), Some(Trace::Read { .. })));
        push_marks(&mut trail, [read("name")]);
        assert_eq!(trail.len(), 1);
        let label = trail.pop().map(|t| t.render().label).unwrap_or_default();
        assert_eq!(label, "`item.requirement` is `x`; `name` is `x`");
    }

    #[test]
    fn every_phrase_of_a_clause_is_kept_while_other_marks_stop_at_the_cap() {
        let mut trail = Vec::new();
        push_marks(&mut trail, (0..20).map(|i| Trace::Said(mark(i))));
        assert_eq!(trail.len(), MAX_MARKS);
        // Phrases found after the cap still come in: each is a rewrite the user must make.
        push_marks(&mut trail, (20..60).map(|i| Trace::Phrase(mark(i))));
        assert_eq!(trail.len(), MAX_MARKS + 40);
        push_marks(&mut trail, (60..1000).map(|i| Trace::Phrase(mark(i))));
        assert_eq!(trail.len(), MAX_PHRASE_MARKS);
    }
}
