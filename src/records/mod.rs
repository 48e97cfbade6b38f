//! The three YAML records of a case: YAML with spans, the schema, typed documents and the case they form.

pub mod case;
pub mod categories;
pub mod document;
pub mod schema;
pub mod windows;
pub mod yaml;
