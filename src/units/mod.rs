//! Quantities with units (`50 cycles/min`, `75 dB(A)`) and requirements on them (`>= 50 cycles/min`,
//! `120 mm ± 0.5 mm`, named materials), driven by the bundled `data/units.tsv` table.

mod check;
mod compound;
mod dimension;
mod dimension_words;
mod error;
mod interval;
mod quantity;
mod requirement;
mod requirement_parse;
mod scan;
mod suggest;
mod table;
mod unit;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_requirement;

pub use dimension::Dimension;
pub use error::{DimensionMismatch, QuantityError, UnitError};
pub use interval::{Bound, Interval};
pub use quantity::Quantity;
pub use requirement::{CompareOp, Requirement, Tolerance};
pub use requirement_parse::has_bound_word;
pub use table::known_unit_symbols;
pub use unit::{CalendarUnit, Unit};
