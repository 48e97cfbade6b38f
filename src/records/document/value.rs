//! Typed values of a loaded record: dates, quantities and requirements already parsed, each with its span.

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::source::{FileId, Span};
use crate::units::{Quantity, Requirement};

/// A typed value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The value.
    pub kind: ValueKind,
    /// The span of the YAML node it came from.
    pub span: Span,
    /// The file the span points into, where it differs from the file of the value holding it: a row that a version
    /// adds to its base's table (`amend table`) is written in the version's file. `None` means the enclosing file.
    pub file: Option<FileId>,
}

/// A quantity read from data, with the span of its unit for unit errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// The quantity.
    pub quantity: Quantity,
    /// Where its unit is written (the whole scalar when it cannot be pinned down).
    pub unit_span: Span,
}

/// A requirement read from data, with the span of its unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Req {
    /// The requirement.
    pub requirement: Requirement,
    /// Where its unit is written, if it has one.
    pub unit_span: Span,
}

/// A period after an event: `30 days after confirmed receipt`.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// How long.
    pub duration: Quantity,
    /// After what, in the words of the contract (`confirmed receipt`), if stated.
    pub anchor: Option<String>,
    /// The event the anchor names (`receipt`, `delivery`, `arrival`, `shipment`; `data/windows.tsv`).
    pub event: Option<&'static str>,
}

/// One entry of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The key.
    pub key: String,
    /// The span of the key.
    pub key_span: Span,
    /// The value.
    pub value: Value,
}

/// The kinds of typed value.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// An empty value (`key:` or `~`): treated as absent.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// Text.
    Text(String),
    /// A calendar date.
    Date(NaiveDate),
    /// A timestamp with offset.
    Timestamp(DateTime<FixedOffset>),
    /// A quantity with unit. Boxed, as are requirements and windows: values are moved and copied throughout
    /// evaluation, and these three variants made every value six times the size of the others.
    Quantity(Box<Measure>),
    /// A requirement.
    Requirement(Box<Req>),
    /// A window after an event.
    Window(Box<Window>),
    /// A list.
    List(Vec<Value>),
    /// A mapping, in document order.
    Map(Vec<Field>),
}

impl Value {
    /// The entry of a mapping with this key.
    pub fn field(&self, key: &str) -> Option<&Field> {
        match &self.kind {
            ValueKind::Map(fields) => fields.iter().find(|f| f.key == key),
            _ => None,
        }
    }

    /// The field at the end of a run of keys (a schema role's keys: `Schema::role`).
    pub fn path(&self, keys: &[String]) -> Option<&Field> {
        let (last, parents) = keys.split_last()?;
        let mut value = self;
        for key in parents {
            value = &value.field(key)?.value;
        }
        value.field(last)
    }

    /// True for an empty value.
    pub fn is_null(&self) -> bool {
        matches!(self.kind, ValueKind::Null)
    }
}

/// Values are moved and copied throughout evaluation (`eval::value::Ev` holds one): the large variants are boxed,
/// and this bound keeps a new variant from undoing that unnoticed.
#[cfg(all(test, target_pointer_width = "64"))]
mod size_tests {
    #[test]
    fn a_value_stays_small() {
        assert!(std::mem::size_of::<super::ValueKind>() <= 32);
    }
}
