//! Errors of unit, quantity and requirement parsing (with byte spans relative to the parsed text),
//! and the dimension mismatch raised when two quantities cannot be compared.

use thiserror::Error;

use super::dimension::Dimension;
use crate::source::Span;

/// Why a unit text (`cycles/min`) could not be read; spans are relative to the unit text.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum UnitError {
    /// Nothing but whitespace.
    #[error("the unit is empty")]
    Empty {
        /// Where the unit was expected.
        span: Span,
    },
    /// A unit symbol that is not in the table.
    #[error("unknown unit `{unit}`{}", did_you_mean(looked_up))]
    Unknown {
        /// The unknown symbol (one factor of a compound unit).
        unit: String,
        /// Where it is.
        span: Span,
        /// The spelling that was looked up (white space removed); `UnitError::suggestion` finds a known one close to it.
        looked_up: String,
    },
    /// A compound unit with an empty factor or a bad exponent.
    #[error("malformed unit `{unit}`: {reason}")]
    Malformed {
        /// The offending part.
        unit: String,
        /// Where it is.
        span: Span,
        /// What is wrong.
        reason: &'static str,
    },
    /// A logarithmic level (dB, dB(A)) or a unitless scale (grade, Shore A) inside a compound unit or with an exponent.
    #[error("the level or scale `{unit}` cannot be part of a compound unit or take an exponent")]
    LevelInCompound {
        /// The level symbol.
        unit: String,
        /// Where it is.
        span: Span,
    },
}

impl UnitError {
    /// The same error with its span moved by `offset` bytes.
    pub fn shifted(mut self, offset: usize) -> UnitError {
        match &mut self {
            UnitError::Empty { span }
            | UnitError::Unknown { span, .. }
            | UnitError::Malformed { span, .. }
            | UnitError::LevelInCompound { span, .. } => *span = span.shift(offset),
        }
        self
    }

    /// The span of the offending text.
    pub fn span(&self) -> Span {
        match self {
            UnitError::Empty { span }
            | UnitError::Unknown { span, .. }
            | UnitError::Malformed { span, .. }
            | UnitError::LevelInCompound { span, .. } => *span,
        }
    }
}

/// Why a quantity or requirement text could not be read; spans are byte offsets into that text.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum QuantityError {
    /// Nothing but whitespace.
    #[error("expected a quantity, found nothing")]
    Empty {
        /// Where the quantity was expected.
        span: Span,
    },
    /// No number where one was expected.
    #[error("expected a number")]
    MissingNumber {
        /// Where the number was expected.
        span: Span,
    },
    /// A number that is not finite or too large once converted.
    #[error("`{text}` is not a usable number: {reason}")]
    BadNumber {
        /// The number as written.
        text: String,
        /// Where it is.
        span: Span,
        /// What is wrong.
        reason: &'static str,
    },
    /// A number without a unit.
    #[error("the number has no unit")]
    MissingUnit {
        /// Where the unit was expected.
        span: Span,
    },
    /// A unit that cannot be read (unknown, malformed, or a level in a compound); its span is already relative
    /// to the quantity text.
    #[error(transparent)]
    Unit(UnitError),
    /// A range `low..high` that is incomplete or mixes dimensions.
    #[error("bad range: {reason}")]
    BadRange {
        /// The offending part.
        span: Span,
        /// What is wrong.
        reason: &'static str,
    },
    /// A range whose low end is above its high end.
    #[error("the range `{low}..{high}` is reversed: its low end is above its high end")]
    ReversedRange {
        /// The low end as written.
        low: String,
        /// The high end as written.
        high: String,
        /// The whole range.
        span: Span,
    },
    /// A tolerance measured in a different dimension from its nominal value.
    #[error(
        "the tolerance `{tolerance}` does not measure the same thing as the nominal `{nominal}`"
    )]
    ToleranceUnitMismatch {
        /// The nominal's unit.
        nominal: String,
        /// The tolerance's unit.
        tolerance: String,
        /// The tolerance's unit span.
        span: Span,
    },
    /// A tolerance written with a minus sign.
    #[error("a tolerance cannot be negative")]
    NegativeTolerance {
        /// The tolerance number.
        span: Span,
    },
    /// `±5%` without a nominal value to take the percentage of.
    #[error("a percent tolerance needs a nominal value, as in `300 mg ± 3%`")]
    PercentWithoutNominal {
        /// The percent tolerance.
        span: Span,
    },
    /// Text left over after a complete quantity or requirement.
    #[error("unexpected `{text}` after the requirement")]
    TrailingText {
        /// The leftover text.
        text: String,
        /// Where it is.
        span: Span,
    },
}

impl QuantityError {
    /// The span of the offending text, relative to the parsed string.
    pub fn span(&self) -> Span {
        use QuantityError as E;
        match self {
            E::Empty { span }
            | E::MissingNumber { span }
            | E::BadNumber { span, .. }
            | E::MissingUnit { span }
            | E::BadRange { span, .. }
            | E::ReversedRange { span, .. }
            | E::ToleranceUnitMismatch { span, .. }
            | E::NegativeTolerance { span }
            | E::PercentWithoutNominal { span }
            | E::TrailingText { span, .. } => *span,
            E::Unit(unit) => unit.span(),
        }
    }

    /// Lifts a unit error found in unit text starting at byte `offset`.
    pub(crate) fn from_unit(err: UnitError, offset: usize) -> QuantityError {
        match err {
            UnitError::Empty { span } => QuantityError::MissingUnit {
                span: span.shift(offset),
            },
            other => QuantityError::Unit(other.shifted(offset)),
        }
    }
}

/// Two quantities (or a quantity and a requirement) that measure different things.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("`{left_unit}` ({left}) cannot be compared with `{right_unit}` ({right})")]
pub struct DimensionMismatch {
    /// What the left side measures.
    pub left: Dimension,
    /// What the right side measures.
    pub right: Dimension,
    /// The left side's unit symbol.
    pub left_unit: String,
    /// The right side's unit symbol.
    pub right_unit: String,
}

fn did_you_mean(looked_up: &str) -> String {
    super::suggest::suggest(looked_up)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

impl UnitError {
    /// For an unknown unit, a known spelling close to it. Found when asked, not when the error is made: most unknown
    /// units are probes (is this word a unit?) whose errors are dropped, and the search over the table was a twentieth
    /// of typing a case's records.
    pub fn suggestion(&self) -> Option<String> {
        match self {
            UnitError::Unknown { looked_up, .. } => super::suggest::suggest(looked_up),
            _ => None,
        }
    }
}
