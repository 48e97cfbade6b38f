//! The exit codes of every command, as one type: 0 ready, 1 findings, 2 bad input (`docs/diagnostics.md`).

use std::process::ExitCode;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Nothing to fix: exit code 0.
    Ok,
    /// The input was read, and findings (or failing rule tests, or unformatted files) need attention: exit code 1.
    Findings,
    /// The input could not be used: exit code 2.
    BadInput,
}

impl Exit {
    /// The numeric code, as documented.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Findings => 1,
            Exit::BadInput => 2,
        }
    }

    /// The worse of two outcomes, for commands that run several parts.
    pub fn worst(self, other: Exit) -> Exit {
        if other.code() > self.code() {
            other
        } else {
            self
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}
