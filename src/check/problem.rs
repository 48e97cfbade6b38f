//! Problems: anything that makes the input unusable (exit code 2), from whichever stage found it.

use miette::Diagnostic;

use crate::compile::{self, CompileDiagnostic};
use crate::files::InputError;
use crate::records::document::DataError;
use crate::source::FileId;
use crate::syntax::parse::ParseError;

/// Anything that makes the input unusable: exit code 2.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A file or folder that cannot be read.
    Input(InputError),
    /// A rule file with a syntax error.
    Parse {
        /// The rule file.
        file: FileId,
        /// The error.
        error: ParseError,
    },
    /// Rules that do not compile.
    Compile {
        /// The rule file.
        file: FileId,
        /// The error.
        error: compile::CompileError,
    },
    /// A configuration file (`concord.toml`) that cannot be used.
    Config {
        /// The configuration file.
        file: FileId,
        /// The error.
        error: crate::check::config::ConfigError,
    },
    /// A data file that does not fit its schema.
    Data {
        /// The data file.
        file: FileId,
        /// The error.
        error: DataError,
    },
}

impl Problem {
    /// The source file the problem points into, if any.
    pub fn file(&self) -> Option<FileId> {
        match self {
            Problem::Input(_) => None,
            Problem::Parse { file, .. }
            | Problem::Compile { file, .. }
            | Problem::Config { file, .. }
            | Problem::Data { file, .. } => Some(*file),
        }
    }

    /// Where the problem is: its file and the span of its first label, when it has both (an input problem such
    /// as a missing folder has neither).
    pub fn location(&self) -> Option<crate::source::Location> {
        let label = self.diagnostic().labels().and_then(|mut l| l.next())?;
        Some(crate::source::Location {
            file: self.file()?,
            span: crate::source::Span::new(label.offset(), label.offset() + label.len()),
        })
    }

    /// The diagnostic to render.
    pub fn diagnostic(&self) -> &(dyn Diagnostic + Send + Sync + 'static) {
        match self {
            Problem::Input(e) => e,
            Problem::Parse { error, .. } => error,
            Problem::Compile { error, .. } => error,
            Problem::Config { error, .. } => error,
            Problem::Data { error, .. } => error,
        }
    }
}

impl From<InputError> for Problem {
    fn from(e: InputError) -> Self {
        Problem::Input(e)
    }
}

impl From<CompileDiagnostic> for Problem {
    fn from(d: CompileDiagnostic) -> Self {
        Problem::Compile {
            file: d.file,
            error: d.error,
        }
    }
}
