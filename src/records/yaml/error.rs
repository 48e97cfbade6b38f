//! Takes the ways loading YAML can fail; gives `YamlError`, a diagnostic with a labelled span,
//! a stable code and a help line for each.

use crate::source::Span;

/// Why a YAML file could not be loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
pub enum YamlError {
    /// The text is not valid YAML.
    #[error("{message}")]
    #[diagnostic(code(concord::yaml::syntax), help("{}", syntax_help(message)))]
    Syntax {
        /// What is wrong, lowercase.
        message: String,
        /// Where the parser stopped.
        #[label("here")]
        span: Span,
    },

    /// The file is larger than the loader accepts.
    #[error("the file is {size} bytes, more than the limit of {limit} bytes")]
    #[diagnostic(
        code(concord::yaml::too_large),
        help("split the file, or check that it is the file you meant to give")
    )]
    TooLarge {
        /// Size of the file in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
        /// An empty span at the start of the file.
        #[label("file starts here")]
        span: Span,
    },

    /// Lists and mappings are nested too deeply.
    #[error("lists and mappings are nested more than {limit} levels deep")]
    #[diagnostic(
        code(concord::yaml::too_deep),
        help("flatten the structure: records this deep are not expected")
    )]
    TooDeep {
        /// The deepest nesting accepted.
        limit: usize,
        /// The node that goes past the limit.
        #[label("too deep here")]
        span: Span,
    },

    /// The document holds too many values.
    #[error("the document holds more than {limit} values")]
    #[diagnostic(
        code(concord::yaml::too_many_nodes),
        help("split the file into smaller records")
    )]
    TooManyNodes {
        /// The most values accepted.
        limit: usize,
        /// The value that goes past the limit.
        #[label("limit reached here")]
        span: Span,
    },

    /// Aliases expand into too many values.
    #[error("aliases expand to more than {limit} values")]
    #[diagnostic(
        code(concord::yaml::alias_budget),
        help("write the values out instead of repeating large anchored blocks through `*aliases`")
    )]
    AliasBudget {
        /// The most values alias expansion may create.
        limit: usize,
        /// The alias that goes past the budget.
        #[label("this alias goes past the budget")]
        span: Span,
    },

    /// An alias names an anchor that is not defined before it.
    #[error("alias refers to an anchor that is not defined before it")]
    #[diagnostic(
        code(concord::yaml::unknown_anchor),
        help("define the anchor with `&name` on a complete value earlier in the file, or fix the alias name")
    )]
    UnknownAnchor {
        /// The alias.
        #[label("unknown anchor")]
        span: Span,
    },

    /// A mapping holds the same key twice.
    #[error(
        "the key `{}` appears twice in the same mapping",
        crate::records::document::short(key)
    )]
    #[diagnostic(
        code(concord::yaml::duplicate_key),
        help("remove one of the two entries, or merge them into one")
    )]
    DuplicateKey {
        /// The repeated key.
        key: String,
        /// The second occurrence.
        #[label("defined again here")]
        span: Span,
        /// The first occurrence.
        #[label("first defined here")]
        first: Span,
    },

    /// A mapping key is a list or a mapping.
    #[error("a mapping key must be a text value, not a list or a mapping")]
    #[diagnostic(
        code(concord::yaml::complex_key),
        help("use a plain word or a quoted text as the key")
    )]
    ComplexKey {
        /// The key.
        #[label("this key")]
        span: Span,
    },

    /// A `<<` merge key was used.
    #[error("merge keys (`<<`) are not supported")]
    #[diagnostic(
        code(concord::yaml::merge_key),
        help("write the merged entries out in this mapping; concord does not support `<<` merge keys")
    )]
    MergeKey {
        /// The `<<` key.
        #[label("merge key")]
        span: Span,
    },

    /// A tag other than the YAML core schema's (`!secret`, `!!binary`, a `%TAG` handle's): records are plain
    /// values, and a tag would ask for a type concord does not read.
    #[error("the tag `{tag}` is not accepted: records are plain YAML values")]
    #[diagnostic(
        code(concord::yaml::tag),
        help("remove the tag; only the core schema's `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq` and `!!map` are accepted")
    )]
    Tag {
        /// The tag as written (at most 200 characters).
        tag: String,
        /// The tag.
        #[label("this tag")]
        span: Span,
    },

    /// A `%TAG` directive, or a `%YAML` directive for a version other than 1.1 or 1.2.
    #[error("the directive `{directive}` is not accepted")]
    #[diagnostic(code(concord::yaml::directive), help("{help}"))]
    Directive {
        /// The directive line as written (at most 200 characters).
        directive: String,
        /// What to do.
        help: String,
        /// The directive.
        #[label("this directive")]
        span: Span,
    },

    /// Aliases expand into too much text.
    #[error("aliases expand to more than {limit} bytes of text")]
    #[diagnostic(
        code(concord::yaml::alias_bytes),
        help("write the values out instead of repeating large anchored values through `*aliases`")
    )]
    AliasBytes {
        /// The most bytes alias expansion may create.
        limit: usize,
        /// The alias that goes past the budget.
        #[label("this alias goes past the budget")]
        span: Span,
    },

    /// The file holds more than one YAML document.
    #[error("the file holds more than one YAML document")]
    #[diagnostic(
        code(concord::yaml::multiple_documents),
        help("keep one document per file: remove this `---` and everything after it, or move it to its own file")
    )]
    MultipleDocuments {
        /// The start of the second document.
        #[label("second document starts here")]
        span: Span,
    },
}

impl YamlError {
    /// The main span the error points at.
    pub fn span(&self) -> Span {
        match self {
            YamlError::Syntax { span, .. }
            | YamlError::TooLarge { span, .. }
            | YamlError::TooDeep { span, .. }
            | YamlError::TooManyNodes { span, .. }
            | YamlError::AliasBudget { span, .. }
            | YamlError::UnknownAnchor { span }
            | YamlError::DuplicateKey { span, .. }
            | YamlError::ComplexKey { span }
            | YamlError::MergeKey { span }
            | YamlError::MultipleDocuments { span }
            | YamlError::Tag { span, .. }
            | YamlError::Directive { span, .. }
            | YamlError::AliasBytes { span, .. } => *span,
        }
    }
}

/// Readable rewrites of saphyr's messages: (text to find, message, help).
const SYNTAX: &[(&str, &str, &str)] = &[
    (
        "control character",
        "control character",
        "remove it: a record is plain text, and such a byte usually means a damaged or binary file",
    ),
    (
        "tab",
        "tab character used for indentation",
        "indent with spaces: YAML does not allow tabs for indentation",
    ),
    (
        "mapping values are not allowed",
        "unexpected `:` in a value",
        "put text that contains `: ` in quotes, or check the indentation of this line",
    ),
    (
        "did not find expected key",
        "expected a `key: value` line here",
        "check the indentation: entries of one mapping must start in the same column",
    ),
    (
        "did not find expected '-' indicator",
        "expected a `- item` line here",
        "check the indentation: items of one list must start in the same column",
    ),
    (
        "quoted scalar, found unexpected end of stream",
        "quoted text is never closed",
        "add the closing quote",
    ),
    (
        "expected ',' or ']'",
        "expected `,` or `]` in a `[...]` list",
        "separate items with `,` and close the list with `]`",
    ),
    (
        "expected ',' or '}'",
        "expected `,` or `}` in a `{...}` mapping",
        "separate entries with `,` and close the mapping with `}`",
    ),
    (
        "indentation",
        "bad indentation",
        "indent nested values with spaces, deeper than their key and consistently",
    ),
    (
        "unknown escape character",
        "unknown escape sequence in double-quoted text",
        "write a backslash as `\\\\`, or use single quotes, where `\\` has no special meaning",
    ),
];

/// The readable message for a saphyr error text.
pub(crate) fn syntax_message(info: &str) -> String {
    if let Some((_, message, _)) = find_syntax(info) {
        return (*message).to_owned();
    }
    let trimmed = info.trim().trim_end_matches('.');
    let mut chars = trimmed.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// The help line for a message made by `syntax_message`.
fn syntax_help(message: &str) -> &'static str {
    if message.contains("is not closed on its line") || message.contains("is never closed") {
        return "add the closing quote or bracket; the problem reported here follows from it";
    }
    SYNTAX
        .iter()
        .find(|(_, readable, _)| message.starts_with(readable))
        .map_or(
            "check the YAML syntax at this point: indentation, quotes and brackets",
            |(_, _, help)| help,
        )
}

fn find_syntax(info: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    SYNTAX.iter().find(|(needle, _, _)| info.contains(needle))
}
