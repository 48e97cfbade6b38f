//! Errors of the data stage: YAML that parses but does not fit the record schema.

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

use crate::records::yaml::YamlError;

/// A data file that does not fit its record's schema, or is not YAML at all.
#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum DataError {
    /// Malformed YAML, or a limit was hit.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Yaml(#[from] YamlError),

    /// A key the schema does not know.
    #[error("unknown field `{field}` in {record}")]
    #[diagnostic(code(concord::data::unknown_field), help("{help}"))]
    UnknownField {
        /// The key as written.
        field: String,
        /// Where the mapping lives (`contract.order`).
        record: String,
        /// Did-you-mean, or the list of known fields.
        help: String,
        /// The key.
        #[label("not a field of {record}")]
        span: SourceSpan,
    },

    /// A value of the wrong shape or type.
    #[error("`{path}` should be {expected}, found {found}")]
    #[diagnostic(code(concord::data::wrong_type), help("{help}"))]
    WrongType {
        /// Where in the record (`contract.order.signed`).
        path: String,
        /// What the schema wants, in words.
        expected: String,
        /// What was found, in words.
        found: String,
        /// What to do.
        help: String,
        /// The value.
        #[label("expected {expected}")]
        span: SourceSpan,
    },

    /// A quantity or requirement that cannot be read (bad unit, bad number, reversed range).
    #[error("`{path}`: {message}")]
    #[diagnostic(code(concord::data::bad_quantity), help("{help}"))]
    BadQuantity {
        /// Where in the record.
        path: String,
        /// What is wrong.
        message: String,
        /// What to do.
        help: String,
        /// The offending part of the scalar.
        #[label("{message}")]
        span: SourceSpan,
    },

    /// A date or timestamp that does not exist or lacks its offset.
    #[error("`{path}`: {message}")]
    #[diagnostic(code(concord::data::bad_date), help("{help}"))]
    BadDate {
        /// Where in the record.
        path: String,
        /// What is wrong.
        message: String,
        /// What to do.
        help: String,
        /// The value.
        #[label("{message}")]
        span: SourceSpan,
    },

    /// An entry without a field it must have.
    #[error("`{path}` has no `{field}`")]
    #[diagnostic(code(concord::data::missing_field), help("{help}"))]
    MissingField {
        /// The entry.
        path: String,
        /// The field it lacks.
        field: String,
        /// What to write.
        help: String,
        /// The entry.
        #[label("needs `{field}`")]
        span: SourceSpan,
    },

    /// More problems in one file than are worth reporting: the first ones are shown, the rest counted, so a
    /// hostile file of a hundred thousand wrong values costs neither memory nor time in the report.
    #[error("{more} more problems in this file are not shown")]
    #[diagnostic(
        code(concord::data::more_errors),
        help("fix the problems shown first: a file with this many is usually the wrong file or the wrong shape")
    )]
    MoreErrors {
        /// How many were not shown.
        more: usize,
        /// Where the first of them is.
        #[label("the first problem not shown")]
        span: SourceSpan,
    },

    /// A record file with nothing in it.
    #[error("{file} is empty")]
    #[diagnostic(
        code(concord::data::empty),
        help("write the record's fields, or remove the file if the record does not exist yet (see docs/case-format.md)")
    )]
    Empty {
        /// File name.
        file: String,
        /// The start of the file.
        #[label("nothing here but comments or blank lines")]
        span: SourceSpan,
    },

    /// The top of the file is not a mapping.
    #[error("{file} must be a mapping of fields at the top level")]
    #[diagnostic(
        code(concord::data::not_a_mapping),
        help("start the file with the record's fields, e.g. `order:` for a contract")
    )]
    NotAMapping {
        /// File name.
        file: String,
        /// The top node.
        #[label("this is not a mapping")]
        span: SourceSpan,
    },
}
