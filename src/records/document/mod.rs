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
}

/// Loads and types one record. Returns the errors instead when there are any.
pub fn load(
    record: RecordKind,
    file_id: FileId,
    file: &SourceFile,
    schema: &Schema,
    limits: &Limits,
) -> Result<Document, Vec<DataError>> {
    let root = load_as(
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
    let root = typer.value(&node, ty, name);
    if typer.errors.is_empty() {
        Ok(root)
    } else {
        Err(typer.into_errors())
    }
}
