//! Quantities: a number with a unit, read from text like `50 cycles/min` or `-0.3 mm`, converted
//! and compared in base units.

use std::cmp::Ordering;
use std::fmt;

use super::error::{DimensionMismatch, QuantityError};
use num_traits::{One, Zero};

use super::exact::{self, Exact};
use super::scan::Scanner;
use super::unit::Unit;
use crate::source::Span;

const SECONDS_PER_DAY: f64 = 86_400.0;

/// The longest duration concord moves a date by: 1,000,000 days (about 2,700 years). A longer duration in a record
/// is a data error at its span, never a verdict.
pub const MAX_DAYS: f64 = 1_000_000.0;

/// A number with a unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The number as written.
    pub value: f64,
    /// The unit it is written in.
    pub unit: Unit,
}

impl Quantity {
    /// Reads a whole string such as `50 cycles/min`, `5.5kW`, `75 dB(A)`, or a value on a scale named before it
    /// (`Shore A 62`, `grade 4-5`).
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        Quantity::parse_spanned(text).map(|(q, _)| q)
    }

    /// Like `parse`, also giving the byte span of the unit inside `text`.
    pub fn parse_spanned(text: &str) -> Result<(Quantity, Span), QuantityError> {
        if text.trim().is_empty() {
            return Err(QuantityError::Empty {
                span: Span::new(0, text.len()),
            });
        }
        let mut scanner = Scanner::new(text);
        // `μ = 0.27`, `PF = 0.96`: a value on a scale named first may follow an equals sign.
        if scanner.scale_prefix() {
            scanner.eat("=");
        } else {
            scanner.currency_prefix();
        }
        let (q, span) = Quantity::scan(&mut scanner)?;
        scanner.expect_end()?;
        Ok((q, span))
    }

    /// Reads a number and its unit at the scanner.
    pub(crate) fn scan(scanner: &mut Scanner<'_>) -> Result<(Quantity, Span), QuantityError> {
        let first = scanner.number()?;
        let (value, number_span) = scanner.half_step(first).unwrap_or(first);
        let (unit, unit_span) = scanner.required_unit()?;
        Quantity::checked(value, unit, number_span).map(|q| (q, unit_span))
    }

    /// A quantity whose base value is finite, or `BadNumber` at `span`.
    pub(crate) fn checked(value: f64, unit: Unit, span: Span) -> Result<Quantity, QuantityError> {
        let q = Quantity { value, unit };
        if q.base_value().is_finite() {
            Ok(q)
        } else {
            Err(QuantityError::BadNumber {
                text: value.to_string(),
                span,
                reason: "it is too large in this unit",
            })
        }
    }

    /// The value in base units: `value * factor + offset`.
    pub fn base_value(&self) -> f64 {
        self.value * self.unit.factor() + self.unit.offset()
    }

    /// The value in base units read as a difference, without the offset (for tolerances and deviations).
    pub fn base_difference(&self) -> f64 {
        self.value * self.unit.factor()
    }

    /// The number as written, exactly (`None` only for a value that is not finite).
    pub fn exact_value(&self) -> Option<Exact> {
        exact::of_f64(self.value)
    }

    /// The value in base units, exactly: `value * factor + offset`.
    pub fn exact_base(&self) -> Option<Exact> {
        let difference = self.exact_difference()?;
        let offset = self.unit.exact_offset();
        Some(if offset.is_zero() {
            difference
        } else {
            difference + offset
        })
    }

    /// The value in base units read as a difference (without the offset), exactly.
    pub fn exact_difference(&self) -> Option<Exact> {
        let value = self.exact_value()?;
        let factor = self.unit.exact_factor();
        Some(if factor.is_one() {
            value
        } else {
            value * factor
        })
    }

    /// The value expressed in `unit` (converted exactly, then rounded to the nearest float).
    pub fn convert_to(&self, unit: &Unit) -> Result<f64, DimensionMismatch> {
        same_dimension(&self.unit, unit)?;
        Ok(match self.exact_base() {
            Some(base) => exact::to_f64(&((base - unit.exact_offset()) / unit.exact_factor())),
            None => (self.base_value() - unit.offset()) / unit.factor(),
        })
    }

    /// Orders two quantities of one dimension, exactly: `3000 cycles/h` equals `50 cycles/min`, and
    /// `49.99999999999 N` is less than `50 N`.
    pub fn compare(&self, other: &Quantity) -> Result<Ordering, DimensionMismatch> {
        same_dimension(&self.unit, &other.unit)?;
        // In one unit the written values compare as they are: distinct decimals of at most 15 digits are distinct
        // floats in the same order, and every float is the shortest decimal that reads back as it.
        if self.unit.same_scale(&other.unit) {
            return Ok(self
                .value
                .partial_cmp(&other.value)
                .unwrap_or(Ordering::Equal));
        }
        Ok(match (self.exact_base(), other.exact_base()) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self
                .base_value()
                .partial_cmp(&other.base_value())
                .unwrap_or(Ordering::Equal),
        })
    }

    /// The duration in days, for time quantities.
    pub fn as_days(&self) -> Option<f64> {
        self.unit
            .is_time()
            .then(|| self.base_value() / SECONDS_PER_DAY)
    }
}

/// `Ok` when both units measure the same thing.
pub(crate) fn same_dimension(left: &Unit, right: &Unit) -> Result<(), DimensionMismatch> {
    if left.dimension() == right.dimension() {
        return Ok(());
    }
    Err(DimensionMismatch {
        left: left.dimension().clone(),
        right: right.dimension().clone(),
        left_unit: left.symbol().to_owned(),
        right_unit: right.symbol().to_owned(),
    })
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The degree of angle is written against its number (`91.2°`); every other unit after a space (`23 °C`).
        let unit = self.unit.to_string();
        let space = if unit == "°" { "" } else { " " };
        write!(f, "{}{space}{unit}", self.value)
    }
}
