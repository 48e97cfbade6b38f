//! Units: one table symbol or a compound (`g/m2`, `cycles/min`, `N·m`, `m^2`), with its dimension
//! and its factor and offset to base units.

use super::compound::parse_compound;
use super::dimension::Dimension;
use super::error::UnitError;
use super::exact::Exact;
use super::table::{table, UnitDef};
use crate::source::Span;

const DAY: f64 = 86_400.0;
const MONTH: f64 = 30.436_875 * DAY;
const YEAR: f64 = 365.242_5 * DAY;

/// A unit as a person wrote it, normalised (`g/m²`, `cycles/min`), with its meaning.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    symbol: String,
    dimension: Dimension,
    factor: f64,
    offset: f64,
    /// The factor and offset, exactly (shared: units are cloned with every quantity).
    exact: std::sync::Arc<(Exact, Exact)>,
}

/// Calendar-length units, for callers that do date arithmetic instead of fixed-length days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CalendarUnit {
    /// A calendar month (30.436875 days on average).
    Month,
    /// A calendar year (365.2425 days on average).
    Year,
}

impl Unit {
    /// Reads a unit text; surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Result<Unit, UnitError> {
        if text.trim().is_empty() {
            return Err(UnitError::Empty {
                span: Span::new(0, text.len()),
            });
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        match table().find(&compact) {
            Some((spelling, def)) => Ok(Unit::from_def(spelling.to_owned(), def)),
            None => parse_compound(text),
        }
    }

    pub(crate) fn from_def(symbol: String, def: &UnitDef) -> Unit {
        Unit {
            symbol,
            dimension: def.dimension.clone(),
            factor: def.factor,
            offset: def.offset,
            exact: std::sync::Arc::clone(&def.exact),
        }
    }

    #[cfg(test)]
    pub(crate) fn new(
        symbol: String,
        dimension: Dimension,
        exact_factor: Exact,
        exact_offset: Exact,
    ) -> Unit {
        Unit {
            symbol,
            dimension,
            factor: super::exact::to_f64(&exact_factor),
            offset: super::exact::to_f64(&exact_offset),
            exact: std::sync::Arc::new((exact_factor, exact_offset)),
        }
    }

    /// A unit whose floats were computed alongside its exact factor and offset (compound units).
    pub(crate) fn with_floats(
        symbol: String,
        dimension: Dimension,
        exact: (Exact, Exact),
        floats: (f64, f64),
    ) -> Unit {
        Unit {
            symbol,
            dimension,
            factor: floats.0,
            offset: floats.1,
            exact: std::sync::Arc::new(exact),
        }
    }

    /// Whether both units have the same factor and offset, so their written values compare as they are.
    pub(crate) fn same_scale(&self, other: &Unit) -> bool {
        std::sync::Arc::ptr_eq(&self.exact, &other.exact) || self.exact == other.exact
    }

    /// `factor`, exactly.
    pub fn exact_factor(&self) -> &Exact {
        &self.exact.0
    }

    /// `offset`, exactly.
    pub fn exact_offset(&self) -> &Exact {
        &self.exact.1
    }

    /// The normalised spelling, e.g. `cycles/min`.
    pub fn symbol(&self) -> &str {
        &self.symbol
    }

    /// What the unit measures.
    pub fn dimension(&self) -> &Dimension {
        &self.dimension
    }

    /// How many base units one of this unit is (before the offset).
    pub fn factor(&self) -> f64 {
        self.factor
    }

    /// Added after scaling to reach base units (non-zero only for °C and °F).
    pub fn offset(&self) -> f64 {
        self.offset
    }

    /// True for plain durations.
    pub fn is_time(&self) -> bool {
        self.dimension.is_time()
    }

    /// True for the percent sign and its spellings.
    pub fn is_percent(&self) -> bool {
        self.dimension.is_dimensionless() && near(self.factor, 0.01)
    }

    /// `Month` or `Year` when this is a calendar-length unit.
    pub fn is_calendar(&self) -> Option<CalendarUnit> {
        if !self.is_time() {
            None
        } else if near(self.factor, MONTH) {
            Some(CalendarUnit::Month)
        } else if near(self.factor, YEAR) {
            Some(CalendarUnit::Year)
        } else {
            None
        }
    }
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.symbol)
    }
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}
