//! Intervals of base-unit values with open, closed or missing ends, compared with a small
//! relative tolerance so that `3000 cycles/h` equals `50 cycles/min`.

/// Relative tolerance of comparisons in base units.
const EPSILON: f64 = 1e-9;

/// True when `a` and `b` agree to a relative 1e-9.
pub(crate) fn approx_eq(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= EPSILON * a.abs().max(b.abs())
}

fn approx_le(a: f64, b: f64) -> bool {
    a <= b || approx_eq(a, b)
}

fn strictly_lt(a: f64, b: f64) -> bool {
    a < b && !approx_eq(a, b)
}

/// One end of an interval, in base units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    /// No limit on this side.
    Unbounded,
    /// The end value is included.
    Closed(f64),
    /// The end value is excluded.
    Open(f64),
}

/// The set of base-unit values that satisfy a numeric requirement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    /// The lower end.
    pub low: Bound,
    /// The upper end.
    pub high: Bound,
}

impl Interval {
    /// Whether `x` lies inside.
    pub fn contains(&self, x: f64) -> bool {
        let above = match self.low {
            Bound::Unbounded => true,
            Bound::Closed(l) => approx_le(l, x),
            Bound::Open(l) => strictly_lt(l, x),
        };
        let below = match self.high {
            Bound::Unbounded => true,
            Bound::Closed(h) => approx_le(x, h),
            Bound::Open(h) => strictly_lt(x, h),
        };
        above && below
    }

    /// Whether every value inside `self` is also inside `other`.
    pub fn is_subset_of(&self, other: &Interval) -> bool {
        low_within(self.low, other.low) && high_within(self.high, other.high)
    }
}

/// Whether lower end `inner` is at or above lower end `outer`.
fn low_within(inner: Bound, outer: Bound) -> bool {
    match (inner, outer) {
        (_, Bound::Unbounded) => true,
        (Bound::Unbounded, _) => false,
        (Bound::Closed(i), Bound::Open(o)) => strictly_lt(o, i),
        (Bound::Closed(i) | Bound::Open(i), Bound::Closed(o) | Bound::Open(o)) => approx_le(o, i),
    }
}

/// Whether upper end `inner` is at or below upper end `outer`.
fn high_within(inner: Bound, outer: Bound) -> bool {
    match (inner, outer) {
        (_, Bound::Unbounded) => true,
        (Bound::Unbounded, _) => false,
        (Bound::Closed(i), Bound::Open(o)) => strictly_lt(i, o),
        (Bound::Closed(i) | Bound::Open(i), Bound::Closed(o) | Bound::Open(o)) => approx_le(i, o),
    }
}
