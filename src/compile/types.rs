//! Static types of rule expressions, derived from the record schema and from literals.
//! Quantities carry their dimension when it is known at compile time, so unit clashes are caught early.

use std::fmt;

use crate::records::schema::{FieldType, Schema, TypeId};
use crate::units::{Dimension, Unit};

/// The type of an expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// `true` / `false`.
    Bool,
    /// A plain number.
    Number,
    /// Text.
    Text,
    /// One of a fixed set of words.
    Enum(Vec<String>),
    /// A date.
    Date,
    /// A timestamp.
    Timestamp,
    /// A quantity, of a known dimension or not.
    Quantity(Option<Dimension>),
    /// A requirement, of a known dimension or not.
    Requirement(Option<Dimension>),
    /// A period after an event.
    Window,
    /// A measured value: a quantity, or a text for named things.
    Reading,
    /// A list.
    List(Box<Type>),
    /// A map with any keys.
    Map(Box<Type>),
    /// A record of the schema.
    Record(TypeId),
    /// A row of a table: column names and types.
    Row(std::sync::Arc<Vec<(String, Type)>>),
}

impl Type {
    /// The type of a schema field.
    pub fn of_field(field: &FieldType) -> Type {
        match field {
            FieldType::Text | FieldType::Prose | FieldType::Lot => Type::Text,
            FieldType::Date => Type::Date,
            FieldType::Timestamp => Type::Timestamp,
            FieldType::Quantity | FieldType::Amount => Type::Quantity(None),
            FieldType::Duration => Type::Quantity(Some(time_dimension())),
            FieldType::Requirement => Type::Requirement(None),
            FieldType::Reading => Type::Reading,
            FieldType::Window => Type::Window,
            FieldType::Bool => Type::Bool,
            FieldType::Number | FieldType::Integer => Type::Number,
            FieldType::Enum(words) => Type::Enum(words.clone()),
            FieldType::List(of) => Type::List(Box::new(Type::of_field(of))),
            FieldType::Map(of) => Type::Map(Box::new(Type::of_field(of))),
            FieldType::Record(id) => Type::Record(*id),
        }
    }

    /// A duration.
    pub fn duration() -> Type {
        Type::Quantity(Some(time_dimension()))
    }

    /// True for values that compare like quantities.
    pub fn is_quantity_like(&self) -> bool {
        matches!(self, Type::Quantity(_) | Type::Reading | Type::Window)
    }

    /// True for text-like values.
    pub fn is_text_like(&self) -> bool {
        matches!(self, Type::Text | Type::Enum(_) | Type::Reading)
    }

    /// The dimension a quantity-like type is known to have.
    pub fn dimension(&self) -> Option<&Dimension> {
        match self {
            Type::Quantity(d) | Type::Requirement(d) => d.as_ref(),
            _ => None,
        }
    }

    /// The element type when iterated.
    pub fn element(&self) -> Option<Type> {
        match self {
            Type::List(of) | Type::Map(of) => Some((**of).clone()),
            _ => None,
        }
    }

    /// How the type reads in messages.
    pub fn describe(&self, schema: &Schema) -> String {
        match self {
            Type::Bool => "a true/false value".into(),
            Type::Number => "a number".into(),
            Type::Text => "a text".into(),
            Type::Enum(words) => format!("one of `{}`", words.join("`, `")),
            Type::Date => "a date".into(),
            Type::Timestamp => "a timestamp".into(),
            Type::Quantity(Some(d)) => format!("a quantity of {d}"),
            Type::Quantity(None) => "a quantity".into(),
            Type::Requirement(Some(d)) => format!("a requirement on {d}"),
            Type::Requirement(None) => "a requirement".into(),
            Type::Window => "a window".into(),
            Type::Reading => "a measured value".into(),
            Type::List(of) => format!("a list of {}", of.describe(schema)),
            Type::Map(of) => format!("a mapping of names to {}", of.describe(schema)),
            Type::Record(id) => format!("the record `{}`", schema.record(*id).name),
            Type::Row(columns) => format!(
                "a table row ({})",
                columns
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Schema::bundled()))
    }
}

/// The dimension of time.
pub fn time_dimension() -> Dimension {
    Unit::parse("day")
        .map(|u| u.dimension().clone())
        .unwrap_or_else(|_| Dimension::dimensionless())
}
