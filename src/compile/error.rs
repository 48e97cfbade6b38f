//! Errors of the compile stage: names, paths, types, units and pack structure. All are collected in one run.

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

use crate::source::FileId;

/// A compile error in a given rule file.
#[derive(Debug, Clone, PartialEq)]
pub struct CompileDiagnostic {
    /// The rule file.
    pub file: FileId,
    /// What is wrong.
    pub error: CompileError,
}

/// Something in a rule file that cannot be compiled.
#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum CompileError {
    /// A path root or field the schema does not know.
    #[error("unknown path `{path}`")]
    #[diagnostic(code(concord::compile::unknown_path), help("{help}"))]
    UnknownPath {
        /// The path up to the unknown name.
        path: String,
        /// Did-you-mean or the known names.
        help: String,
        /// The unknown name.
        #[label("not known here")]
        span: SourceSpan,
    },

    /// Two sides of an operator that cannot meet.
    #[error("`{op}` cannot compare {left} with {right}")]
    #[diagnostic(code(concord::compile::type_mismatch), help("{help}"))]
    TypeMismatch {
        /// Operator.
        op: String,
        /// Left type.
        left: String,
        /// Right type.
        right: String,
        /// What to do.
        help: String,
        /// The expression.
        #[label("here")]
        span: SourceSpan,
    },

    /// Quantities of different dimensions.
    #[error("unit mismatch: {message}")]
    #[diagnostic(code(concord::compile::unit_mismatch), help("{help}"))]
    UnitMismatch {
        /// What clashes.
        message: String,
        /// What to do.
        help: String,
        /// The unit that does not fit.
        #[label(primary, "this unit")]
        span: SourceSpan,
        /// The other side.
        #[label("compared with this")]
        other: Option<SourceSpan>,
    },

    /// A literal that cannot be read (bad unit, bad date, bad number).
    #[error("{message}")]
    #[diagnostic(code(concord::compile::bad_literal), help("{help}"))]
    BadLiteral {
        /// What is wrong.
        message: String,
        /// What to do.
        help: String,
        /// The literal or its bad part.
        #[label("here")]
        span: SourceSpan,
    },

    /// A name that is not declared: method, lexicon, function, severity, stage, pack.
    #[error("unknown {what} `{name}`")]
    #[diagnostic(code(concord::compile::unknown_name), help("{help}"))]
    UnknownName {
        /// What kind of name.
        what: &'static str,
        /// The name.
        name: String,
        /// Did-you-mean or the known names.
        help: String,
        /// Where it is used.
        #[label("unknown {what}")]
        span: SourceSpan,
    },

    /// An expression of the wrong type for its place.
    #[error("{place} must be {expected}, but this is {found}")]
    #[diagnostic(code(concord::compile::wrong_type), help("{help}"))]
    WrongType {
        /// Where the expression stands (`the condition of \`when\``).
        place: String,
        /// The wanted type.
        expected: String,
        /// The actual type.
        found: String,
        /// What to do.
        help: String,
        /// The expression.
        #[label("{found}")]
        span: SourceSpan,
    },

    /// A rule without a field it needs.
    #[error("rule `{rule}` has no `{field}`")]
    #[diagnostic(
        code(concord::compile::missing_field),
        help("add `{field} {example}` to the rule")
    )]
    MissingField {
        /// Rule id.
        rule: String,
        /// Field name.
        field: &'static str,
        /// An example value.
        example: &'static str,
        /// The rule.
        #[label("this rule")]
        span: SourceSpan,
    },

    /// A rule field given twice.
    #[error("`{field}` is given twice in rule `{rule}`")]
    #[diagnostic(
        code(concord::compile::duplicate_field),
        help("keep one `{field}`: a rule has one of each")
    )]
    DuplicateField {
        /// Field name.
        field: &'static str,
        /// Rule id.
        rule: String,
        /// The second occurrence.
        #[label("given again here")]
        span: SourceSpan,
    },

    /// Two rules, lexicons or packs with the same name.
    #[error("{what} `{name}` is defined twice")]
    #[diagnostic(code(concord::compile::duplicate), help("{help}"))]
    Duplicate {
        /// What kind of thing.
        what: &'static str,
        /// Its name.
        name: String,
        /// Where the first one is.
        help: String,
        /// The second definition.
        #[label("defined again here")]
        span: SourceSpan,
    },

    /// A declared source that no rule of its pack version cites.
    #[error("source `{id}` is declared but no rule cites it")]
    #[diagnostic(
        code(concord::compile::uncited_source),
        help("cite it where a rule rests on it (`cite {id} \"what the source says\"`), or remove the declaration")
    )]
    UncitedSource {
        /// The source id.
        id: String,
        /// The declaration's id.
        #[label("not cited by any rule")]
        span: SourceSpan,
    },

    /// A regular expression that does not compile, or is too large.
    #[error("invalid regular expression: {message}")]
    #[diagnostic(code(concord::compile::bad_regex), help("concord uses the `regex` crate's syntax (no look-around or back-references, so matching stays linear)"))]
    BadRegex {
        /// The regex crate's message.
        message: String,
        /// The pattern.
        #[label("this pattern")]
        span: SourceSpan,
    },

    /// A pack that `extends` itself through other packs.
    #[error("pack `{name}` extends itself through {cycle}")]
    #[diagnostic(
        code(concord::compile::cyclic_extends),
        help("remove one `extends` so that packs build on each other in one direction")
    )]
    CyclicExtends {
        /// The pack.
        name: String,
        /// The chain.
        cycle: String,
        /// Its `extends`.
        #[label("here")]
        span: SourceSpan,
    },

    /// `based_on` names a version of the pack that is not loaded.
    #[error("pack `{pack}` has no version `{version}` to be based on")]
    #[diagnostic(code(concord::compile::unknown_base), help("{help}"))]
    UnknownBase {
        /// The pack.
        pack: String,
        /// The version named.
        version: String,
        /// The versions loaded, or how to load the base.
        help: String,
        /// The `based_on` version.
        #[label("no such version is loaded")]
        span: SourceSpan,
    },

    /// A version based on itself through other versions.
    #[error("version `{label}` is based on itself through {cycle}")]
    #[diagnostic(
        code(concord::compile::cyclic_base),
        help("base each version on an earlier one, so that the chain ends at a version written out in full")
    )]
    CyclicBase {
        /// `pack@version`.
        label: String,
        /// The chain.
        cycle: String,
        /// Its `based_on`.
        #[label("here")]
        span: SourceSpan,
    },

    /// A change to a rule, lexicon or phrase the base version does not have.
    #[error("{what} `{name}` is not in {base}")]
    #[diagnostic(code(concord::compile::not_in_base), help("{help}"))]
    NotInBase {
        /// `rule`, `lexicon` or `phrase`.
        what: &'static str,
        /// Its name.
        name: String,
        /// `pack@version` of the base.
        base: String,
        /// Did-you-mean, or how to add it instead.
        help: String,
        /// The name in the change.
        #[label("not in the base version")]
        span: SourceSpan,
    },

    /// A rule or phrase added by a derived version that its base already has.
    #[error("{what} `{name}` is already in {base}")]
    #[diagnostic(code(concord::compile::already_in_base), help("{help}"))]
    AlreadyInBase {
        /// `rule` or `phrase`.
        what: &'static str,
        /// Its name.
        name: String,
        /// `pack@version` of the base.
        base: String,
        /// How to change it instead.
        help: String,
        /// The addition.
        #[label("already in the base version")]
        span: SourceSpan,
    },

    /// `replace`, `remove`, `retire` or `amend` in a pack version that is not `based_on` another.
    #[error("a change needs a base version")]
    #[diagnostic(
        code(concord::compile::change_without_base),
        help("add `based_on \"VERSION\"` to the pack header to write this version as changes to that one, or write the rule or lexicon out in full")
    )]
    ChangeWithoutBase {
        /// The change.
        #[label("changes nothing: the pack header has no `based_on`")]
        span: SourceSpan,
    },

    /// An expression whose tree is too tall, though no nesting is too deep: very long chains of `and`/`or`.
    #[error("expression has more than {limit} levels of terms")]
    #[diagnostic(
        code(concord::compile::too_tall),
        help("split the chain into several rules or `let` bindings")
    )]
    TooTall {
        /// The tallest tree accepted.
        limit: usize,
        /// Where the limit was passed.
        #[label("the limit is passed here")]
        span: SourceSpan,
    },

    /// An expression nested deeper than the compiler accepts.
    #[error("expression nested more than {limit} levels deep")]
    #[diagnostic(
        code(concord::compile::too_deep),
        help("split the condition into several rules or `let` bindings")
    )]
    TooDeep {
        /// The limit.
        limit: usize,
        /// The expression.
        #[label("too deep")]
        span: SourceSpan,
    },
}

/// "did you mean `x`?" when a candidate is close, else the fallback advice.
pub(super) fn suggestion_help<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    fallback: &str,
) -> String {
    match crate::text::closest(name, candidates) {
        Some(s) => format!("did you mean `{s}`?"),
        None => fallback.to_owned(),
    }
}

/// The date a `YYYY-MM-DD` literal names (a pack's, a rule's or a source's date), or a `BadLiteral` error at it when
/// the calendar has no such day.
pub(super) fn calendar_date(
    date: &crate::source::Spanned<String>,
    push: &mut impl FnMut(CompileError),
) -> Option<chrono::NaiveDate> {
    let parsed = chrono::NaiveDate::parse_from_str(&date.value, "%Y-%m-%d").ok();
    if parsed.is_none() {
        push(CompileError::BadLiteral {
            message: format!("`{}` is not a date in the calendar", date.value),
            help: "write an existing date as YYYY-MM-DD".to_owned(),
            span: date.span.into(),
        });
    }
    parsed
}
