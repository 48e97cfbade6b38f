//! Data stage: a record's YAML text in, a typed `Document` out (every value with its span), or every
//! `DataError` found in it. The case loader (`crate::records::case`) reads the files; this module does no IO.

mod error;
mod typing;
mod value;

pub use error::DataError;
pub use value::{Field, Measure, Req, Value, ValueKind, Window};

pub(crate) use typing::short;

use crate::records::schema::{RecordKind, Schema};
use crate::records::yaml::{self, Limits};
use crate::source::{FileId, SourceFile};

/// One record of a case, typed against the schema.
#[derive(Debug, Clone)]
pub struct Document {
    /// Which record this is.
    pub record: RecordKind,
    /// The file it was read from.
    pub file: FileId,
    /// The top-level mapping; `Null` for an empty file.
    pub root: Value,
    /// Values a template left to fill in, in document order.
    pub placeholders: Vec<Placeholder>,
}

/// What starts a value `concord init` leaves to fill in: `"FILL IN: >= 48000 capsules/h"`. The rest is the example,
/// which the rules read meanwhile; every such value is reported until it is replaced.
pub const PLACEHOLDER: &str = "FILL IN:";

/// A value still to fill in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// Its path (`contract.spec.throughput.requirement`).
    pub path: String,
    /// The template's example after `FILL IN:`.
    pub example: String,
    /// Where the whole value is written.
    pub span: crate::source::Span,
}

/// Loads and types one record. Returns the errors instead when there are any.
pub fn load(
    record: RecordKind,
    file_id: FileId,
    file: &SourceFile,
    schema: &Schema,
    limits: &Limits,
) -> Result<Document, Vec<DataError>> {
    let (root, placeholders) = load_typed(
        &schema.root(record),
        record.name(),
        record.file_name(),
        file,
        schema,
        limits,
    )?;
    Ok(Document {
        record,
        file: file_id,
        root,
        placeholders,
    })
}

/// Loads a YAML file and types it as `ty`; `name` starts the paths in messages, `file_name` names the file.
pub fn load_as(
    ty: &crate::records::schema::FieldType,
    name: &str,
    file_name: &str,
    file: &SourceFile,
    schema: &Schema,
    limits: &Limits,
) -> Result<Value, Vec<DataError>> {
    load_typed(ty, name, file_name, file, schema, limits).map(|(value, _)| value)
}

/// `load_as`, with the values left to fill in.
fn load_typed(
    ty: &crate::records::schema::FieldType,
    name: &str,
    file_name: &str,
    file: &SourceFile,
    schema: &Schema,
    limits: &Limits,
) -> Result<(Value, Vec<Placeholder>), Vec<DataError>> {
    let node = match yaml::load(&file.text, limits) {
        Ok(Some(node)) => node,
        Ok(None) => {
            return Err(vec![DataError::Empty {
                file: file_name.to_owned(),
                span: crate::source::Span::at(0).into(),
            }])
        }
        Err(e) => return Err(vec![DataError::Yaml(e)]),
    };
    if !matches!(node.kind, yaml::NodeKind::Map(_)) {
        return Err(vec![DataError::NotAMapping {
            file: file_name.to_owned(),
            span: node.span.into(),
        }]);
    }
    let mut typer = typing::Typer::new(schema, &file.text);
    // `10,000 cycles` reads as ten thousand unless the record writes a decimal comma somewhere (`1,5 mm`).
    let grouping = !crate::units::writes_decimal_comma(&file.text);
    let root = crate::units::with_thousands_separators(grouping, || typer.value(&node, ty, name));
    if typer.errors.is_empty() {
        Ok((root, typer.placeholders))
    } else {
        Err(typer.into_errors())
    }
}
