//! Checking requirements: the interval of values a requirement allows, whether a measured quantity
//! satisfies it, and whether one requirement implies another.

use super::error::DimensionMismatch;
use super::exact::{self, Exact};
use super::interval::{Bound, Interval};
use super::quantity::{same_dimension, Quantity};
use super::requirement::{CompareOp, Requirement, Tolerance};

impl Requirement {
    /// The allowed values in base units, exactly; a `Deviation` gives `[-t, t]`; `None` for `Named` and `Each`
    /// (and for a value that is not finite).
    pub fn interval(&self) -> Option<Interval> {
        match self {
            Requirement::Compare { op, bound } => Some(compare_interval(*op, bound.exact_base()?)),
            Requirement::Range { low, high } => Some(closed(low.exact_base()?, high.exact_base()?)),
            Requirement::Tolerance { nominal, tolerance } => tolerance_interval(nominal, tolerance),
            Requirement::Deviation { tolerance } => {
                let t = abs(tolerance.exact_difference()?);
                Some(closed(-t.clone(), t))
            }
            Requirement::Each { .. } | Requirement::Named(_) => None,
        }
    }

    /// Whether `measured` meets the requirement (for `Deviation`, `measured` is the deviation), compared exactly.
    /// A `Named` requirement is never met by a quantity, nor is `Each` (one value cannot show that every
    /// nominal value is supported).
    pub fn is_satisfied_by(&self, measured: &Quantity) -> Result<bool, DimensionMismatch> {
        let Some(unit) = self.unit() else {
            return Ok(false);
        };
        same_dimension(unit, &measured.unit)?;
        if let Some(met) = same_scale_check(self, measured) {
            return Ok(met);
        }
        let Some(interval) = self.interval() else {
            return Ok(false);
        };
        // Kelvin against Celsius or Fahrenheit (or the reverse) is a temperature difference: laboratories write
        // differences in K (ISO 80000-5), as in a thermal-shock ΔT of 150 K against `>= 120 °C`. Only units of
        // temperature have offsets, so one offset being zero and the other not means exactly that pairing.
        let difference = (unit.offset() == 0.0) != (measured.unit.offset() == 0.0);
        let x = match self {
            Requirement::Deviation { .. } => measured.exact_difference(),
            _ if difference => measured.exact_difference().map(|d| d + unit.exact_offset()),
            _ => measured.exact_base(),
        };
        Ok(x.is_some_and(|x| interval.contains(&x)))
    }

    /// Whether some value meets both requirements (`20 rpm ± 5 %` and `19..22 rpm`); never for `Named`, `Each`
    /// or a value that is not finite.
    pub fn overlaps(&self, other: &Requirement) -> Result<bool, DimensionMismatch> {
        if let (Some(a), Some(b)) = (self.unit(), other.unit()) {
            same_dimension(a, b)?;
        }
        // A deviation is measured from a drawing's nominal, not a value: it overlaps nothing.
        if matches!(self, Requirement::Deviation { .. })
            || matches!(other, Requirement::Deviation { .. })
        {
            return Ok(false);
        }
        Ok(match (self.interval(), other.interval()) {
            (Some(a), Some(b)) => a.meets(&b),
            _ => false,
        })
    }

    /// Whether `self` is at least as strict as `other`: every value meeting `self` meets `other`.
    /// Names match ignoring case and spacing; a `Deviation` only implies a `Deviation`; `Each` implies an `Each`
    /// whose every value it names.
    pub fn implies(&self, other: &Requirement) -> Result<bool, DimensionMismatch> {
        match (self, other) {
            (Requirement::Named(a), Requirement::Named(b)) => Ok(same_name(a, b)),
            (Requirement::Named(_), _) | (_, Requirement::Named(_)) => Ok(false),
            (Requirement::Each { values: a }, Requirement::Each { values: b }) => {
                if let (Some(x), Some(y)) = (a.first(), b.first()) {
                    same_dimension(&x.unit, &y.unit)?;
                }
                Ok(includes_each(a, b))
            }
            (Requirement::Each { .. }, _) | (_, Requirement::Each { .. }) => Ok(false),
            _ => numeric_implies(self, other),
        }
    }
}

/// The common case decided without rationals: the bounds are written in the measured value's own unit, so the
/// written values compare as they are (see `Quantity::compare`). `None` when a conversion is needed.
fn same_scale_check(requirement: &Requirement, measured: &Quantity) -> Option<bool> {
    let x = measured.value;
    let same = |q: &Quantity| q.unit.same_scale(&measured.unit);
    match requirement {
        Requirement::Compare { op, bound } if same(bound) => Some(match op {
            CompareOp::Ge => x >= bound.value,
            CompareOp::Gt => x > bound.value,
            CompareOp::Le => x <= bound.value,
            CompareOp::Lt => x < bound.value,
            CompareOp::Eq => x == bound.value,
        }),
        Requirement::Range { low, high } if same(low) && same(high) => {
            Some(low.value <= x && x <= high.value)
        }
        Requirement::Deviation { tolerance } if same(tolerance) => {
            Some(x.abs() <= tolerance.value.abs())
        }
        _ => None,
    }
}

/// Whether every value of `wanted` is one of `have` (compared exactly, in base units).
pub fn includes_each(have: &[Quantity], wanted: &[Quantity]) -> bool {
    wanted.iter().all(|w| {
        have.iter()
            .any(|h| h.compare(w) == Ok(std::cmp::Ordering::Equal))
    })
}

fn abs(x: Exact) -> Exact {
    if x < Exact::from_integer(0.into()) {
        -x
    } else {
        x
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

fn closed(low: Exact, high: Exact) -> Interval {
    Interval {
        low: Bound::Closed(low),
        high: Bound::Closed(high),
    }
}

fn compare_interval(op: CompareOp, b: Exact) -> Interval {
    let (low, high) = match op {
        CompareOp::Ge => (Bound::Closed(b), Bound::Unbounded),
        CompareOp::Gt => (Bound::Open(b), Bound::Unbounded),
        CompareOp::Le => (Bound::Unbounded, Bound::Closed(b)),
        CompareOp::Lt => (Bound::Unbounded, Bound::Open(b)),
        CompareOp::Eq => (Bound::Closed(b.clone()), Bound::Closed(b)),
    };
    Interval { low, high }
}

/// Percent tolerances are taken of the nominal as written (so `23 °C ± 10%` is 20.7..25.3 °C).
fn tolerance_interval(nominal: &Quantity, tolerance: &Tolerance) -> Option<Interval> {
    match tolerance {
        Tolerance::Absolute(t) => {
            let (n, d) = (nominal.exact_base()?, abs(t.exact_difference()?));
            Some(closed(n.clone() - d.clone(), n + d))
        }
        Tolerance::Percent(p) => {
            let value = nominal.exact_value()?;
            let delta =
                abs(value.clone()) * abs(exact::of_f64(*p)?) / Exact::from_integer(100.into());
            let at = |v: Exact| v * nominal.unit.exact_factor() + nominal.unit.exact_offset();
            Some(closed(at(value.clone() - delta.clone()), at(value + delta)))
        }
    }
}
