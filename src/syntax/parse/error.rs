//! Errors of the parse stage: syntax errors from pest and malformed literals found while building the tree.

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

/// A rule file that cannot be turned into a syntax tree.
#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum ParseError {
    /// The text does not follow the grammar.
    #[error("syntax error: expected {expected}")]
    #[diagnostic(code(concord::parse::syntax), help("{help}"))]
    Syntax {
        /// What the parser would have accepted, in words.
        expected: String,
        /// Advice.
        help: String,
        /// Where it stopped.
        #[label("here")]
        span: SourceSpan,
    },
    /// Chains of `and`/`or` terms, with the nesting around them, longer than the parser accepts: not nesting
    /// (a flat chain is one level), but a tree later stages walk level by level.
    #[error("the expression is too long: its chains of `and`/`or` terms and nesting pass {limit} levels")]
    #[diagnostic(
        code(concord::parse::too_tall),
        help("split the condition into `let` bindings or several rules; nesting up to {depth} levels and chains of a few hundred terms are accepted")
    )]
    TooTall {
        /// The most levels accepted.
        limit: usize,
        /// The nesting limit, for the help.
        depth: usize,
        /// The term that passes the limit.
        #[label("the limit is passed here")]
        span: SourceSpan,
    },
    /// Brackets or `not`s nested deeper than the parser accepts.
    #[error("nested more than {limit} levels deep")]
    #[diagnostic(
        code(concord::parse::too_deep),
        help("split the condition into `let` bindings or several rules; no rule needs this depth")
    )]
    TooDeep {
        /// The limit.
        limit: usize,
        /// Where the limit was passed.
        #[label("level {limit} is passed here")]
        span: SourceSpan,
    },
    /// Braces in a message or help whose content is not an expression: usually a literal brace meant as text.
    #[error("`{written}` in the text is read as a placeholder, and its content is not an expression ({why})")]
    #[diagnostic(
        code(concord::parse::placeholder),
        help("in `message` and `help`, `{{expr}}` shows a value (`{{item.requirement}}`); to write a brace as text, double it: `{{{{` and `}}}}`")
    )]
    BadPlaceholder {
        /// The braces and what they hold.
        written: String,
        /// What the expression parser expected.
        why: String,
        /// The braces.
        #[label("a placeholder holds an expression")]
        span: SourceSpan,
    },
    /// A string literal with a broken `{...}` placeholder.
    #[error("unclosed placeholder in text")]
    #[diagnostic(
        code(concord::parse::placeholder),
        help("close the placeholder with `}}`, or write `{{{{` for a literal brace")
    )]
    UnclosedPlaceholder {
        /// The opening brace.
        #[label("opened here")]
        span: SourceSpan,
    },
}
