//! Checking requirements: the interval of values a requirement allows, whether a measured quantity
//! satisfies it, and whether one requirement implies another.

use super::error::DimensionMismatch;
use super::interval::{Bound, Interval};
use super::quantity::{same_dimension, Quantity};
use super::requirement::{CompareOp, Requirement, Tolerance};

impl Requirement {
    /// The allowed values in base units; a `Deviation` gives `[-t, t]`; `None` for `Named`.
    pub fn interval(&self) -> Option<Interval> {
        match self {
            Requirement::Compare { op, bound } => Some(compare_interval(*op, bound.base_value())),
            Requirement::Range { low, high } => Some(closed(low.base_value(), high.base_value())),
            Requirement::Tolerance { nominal, tolerance } => {
                Some(tolerance_interval(nominal, tolerance))
            }
            Requirement::Deviation { tolerance } => {
                let t = tolerance.base_difference().abs();
                Some(closed(-t, t))
            }
            Requirement::Named(_) => None,
        }
    }

    /// Whether `measured` meets the requirement (for `Deviation`, `measured` is the deviation).
    /// A `Named` requirement is never met by a quantity.
    pub fn is_satisfied_by(&self, measured: &Quantity) -> Result<bool, DimensionMismatch> {
        let (Some(unit), Some(interval)) = (self.unit(), self.interval()) else {
            return Ok(false);
        };
        same_dimension(unit, &measured.unit)?;
        // Kelvin against Celsius or Fahrenheit (or the reverse) is a temperature difference: laboratories write
        // differences in K (ISO 80000-5), as in a thermal-shock ΔT of 150 K against `>= 120 °C`. Only units of
        // temperature have offsets, so one offset being zero and the other not means exactly that pairing.
        let difference = (unit.offset() == 0.0) != (measured.unit.offset() == 0.0);
        let x = match self {
            Requirement::Deviation { .. } => measured.base_difference(),
            _ if difference => measured.base_difference() + unit.offset(),
            _ => measured.base_value(),
        };
        Ok(interval.contains(x))
    }

    /// Whether `self` is at least as strict as `other`: every value meeting `self` meets `other`.
    /// Names match ignoring case and spacing; a `Deviation` only implies a `Deviation`.
    pub fn implies(&self, other: &Requirement) -> Result<bool, DimensionMismatch> {
        match (self, other) {
            (Requirement::Named(a), Requirement::Named(b)) => Ok(same_name(a, b)),
            (Requirement::Named(_), _) | (_, Requirement::Named(_)) => Ok(false),
            _ => numeric_implies(self, other),
        }
    }
}

fn numeric_implies(a: &Requirement, b: &Requirement) -> Result<bool, DimensionMismatch> {
    if let (Some(ua), Some(ub)) = (a.unit(), b.unit()) {
        same_dimension(ua, ub)?;
    }
    let a_dev = matches!(a, Requirement::Deviation { .. });
    let b_dev = matches!(b, Requirement::Deviation { .. });
    if a_dev != b_dev {
        return Ok(false);
    }
    Ok(match (a.interval(), b.interval()) {
        (Some(ia), Some(ib)) => ia.is_subset_of(&ib),
        _ => false,
    })
}

fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

fn closed(low: f64, high: f64) -> Interval {
    Interval {
        low: Bound::Closed(low),
        high: Bound::Closed(high),
    }
}

fn compare_interval(op: CompareOp, b: f64) -> Interval {
    let (low, high) = match op {
        CompareOp::Ge => (Bound::Closed(b), Bound::Unbounded),
        CompareOp::Gt => (Bound::Open(b), Bound::Unbounded),
        CompareOp::Le => (Bound::Unbounded, Bound::Closed(b)),
        CompareOp::Lt => (Bound::Unbounded, Bound::Open(b)),
        CompareOp::Eq => (Bound::Closed(b), Bound::Closed(b)),
    };
    Interval { low, high }
}

/// Percent tolerances are taken of the nominal as written (so `23 °C ± 10%` is 20.7..25.3 °C).
fn tolerance_interval(nominal: &Quantity, tolerance: &Tolerance) -> Interval {
    match tolerance {
        Tolerance::Absolute(t) => {
            let (n, d) = (nominal.base_value(), t.base_difference().abs());
            closed(n - d, n + d)
        }
        Tolerance::Percent(p) => {
            let delta = nominal.value.abs() * p.abs() / 100.0;
            let at = |v: f64| v * nominal.unit.factor() + nominal.unit.offset();
            closed(at(nominal.value - delta), at(nominal.value + delta))
        }
    }
}
