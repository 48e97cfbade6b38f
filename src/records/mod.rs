//! The three records of a case: YAML with spans, the schema, typed documents, the case they form, and contracts
//! read from plain text, Markdown or Word files.

pub mod case;
pub mod document;
pub mod prose;
pub mod schema;
pub mod windows;
pub mod yaml;
