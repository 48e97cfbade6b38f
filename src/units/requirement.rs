//! Requirements on a quantity (`>= 50 cycles/min`, `48..52 cycles/min`, `300 mg ± 3%`, `±0.5 mm`)
//! or a named material or standard; their parsing, display and dimension.

use std::fmt;

use super::dimension::Dimension;
use super::error::QuantityError;
use super::quantity::Quantity;
use super::requirement_parse::parse_requirement;
use super::unit::Unit;
use crate::source::Span;

/// A comparison operator of a one-sided requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `>=` or `≥`.
    Ge,
    /// `>`.
    Gt,
    /// `<=` or `≤`.
    Le,
    /// `<`.
    Lt,
    /// `=` or `==`.
    Eq,
}

impl CompareOp {
    /// The ASCII spelling used when displaying.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Ge => ">=",
            CompareOp::Gt => ">",
            CompareOp::Le => "<=",
            CompareOp::Lt => "<",
            CompareOp::Eq => "=",
        }
    }
}

/// How far a value may stray from its nominal.
#[derive(Clone, Debug, PartialEq)]
pub enum Tolerance {
    /// Plus or minus a quantity of the nominal's dimension (`± 0.5 mm`).
    Absolute(Quantity),
    /// Plus or minus a percentage of the nominal (`± 3%` is `Percent(3.0)`).
    Percent(f64),
}

/// What a contract asks of a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Requirement {
    /// `>= 50 cycles/min`; a bare quantity `4 units` reads as `= 4 units`.
    Compare {
        /// The operator.
        op: CompareOp,
        /// The right-hand side.
        bound: Quantity,
    },
    /// `48..52 cycles/min`, both ends included.
    Range {
        /// The lowest allowed value.
        low: Quantity,
        /// The highest allowed value.
        high: Quantity,
    },
    /// `120 mm ± 0.5 mm` or `300 mg ± 3%`, both ends included.
    Tolerance {
        /// The nominal value.
        nominal: Quantity,
        /// The allowed deviation either way.
        tolerance: Tolerance,
    },
    /// `±0.5 mm`: a measured deviation `d` from a drawing satisfies it when `|d| <= 0.5 mm`.
    Deviation {
        /// The largest allowed deviation either way.
        tolerance: Quantity,
    },
    /// `50/60 Hz`, `110/220 V`: several nominal values, each of which must be supported (a dual-voltage or
    /// dual-frequency rating). Met by a reading that names every one of them, never by one measured value.
    Each {
        /// The nominal values, in the order written (at least two).
        values: Vec<Quantity>,
    },
    /// A material or standard, such as `SUS316L stainless steel` (trimmed).
    Named(String),
}

impl Requirement {
    /// Reads a requirement. Text starting with a digit, sign or comparison must be a valid
    /// numeric requirement; any other text is `Named`.
    pub fn parse(text: &str) -> Result<Requirement, QuantityError> {
        parse_requirement(text).map(|(r, _)| r)
    }

    /// Like `parse`, also giving the byte span of the (first) unit inside `text`; `None` for `Named`.
    pub fn parse_spanned(text: &str) -> Result<(Requirement, Option<Span>), QuantityError> {
        parse_requirement(text)
    }

    /// The unit the requirement is written in (the first one for ranges); `None` for `Named`.
    pub fn unit(&self) -> Option<&Unit> {
        match self {
            Requirement::Compare { bound: q, .. }
            | Requirement::Range { low: q, .. }
            | Requirement::Tolerance { nominal: q, .. }
            | Requirement::Deviation { tolerance: q } => Some(&q.unit),
            Requirement::Each { values } => values.first().map(|q| &q.unit),
            Requirement::Named(_) => None,
        }
    }

    /// What the requirement measures; `None` for `Named`.
    pub fn dimension(&self) -> Option<&Dimension> {
        self.unit().map(Unit::dimension)
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::Compare { op, bound } => write!(f, "{} {bound}", op.symbol()),
            Requirement::Range { low, high } if low.unit == high.unit => {
                write!(f, "{}..{} {}", low.value, high.value, low.unit)
            }
            Requirement::Range { low, high } => write!(f, "{low} .. {high}"),
            Requirement::Tolerance { nominal, tolerance } => write!(f, "{nominal} ± {tolerance}"),
            Requirement::Deviation { tolerance } => write!(f, "±{tolerance}"),
            Requirement::Each { values } => {
                let same = values.windows(2).all(|w| w[0].unit == w[1].unit);
                for (i, q) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str("/")?;
                    }
                    if same {
                        write!(f, "{}", q.value)?;
                    } else {
                        write!(f, "{q}")?;
                    }
                }
                match values.first() {
                    Some(q) if same => write!(f, " {}", q.unit),
                    _ => Ok(()),
                }
            }
            Requirement::Named(name) => f.write_str(name),
        }
    }
}

impl fmt::Display for Tolerance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tolerance::Absolute(q) => write!(f, "{q}"),
            Tolerance::Percent(p) => write!(f, "{p}%"),
        }
    }
}
