//! Intervals of exact base-unit values with open, closed or missing ends. Comparisons are exact: a bound is hard.

use super::exact::Exact;

/// One end of an interval, in base units.
#[derive(Clone, Debug, PartialEq)]
pub enum Bound {
    /// No limit on this side.
    Unbounded,
    /// The end value is included.
    Closed(Exact),
    /// The end value is excluded.
    Open(Exact),
}

/// The set of base-unit values that satisfy a numeric requirement.
#[derive(Clone, Debug, PartialEq)]
pub struct Interval {
    /// The lower end.
    pub low: Bound,
    /// The upper end.
    pub high: Bound,
}

impl Interval {
    /// Whether `x` lies inside.
    pub fn contains(&self, x: &Exact) -> bool {
        let above = match &self.low {
            Bound::Unbounded => true,
            Bound::Closed(l) => l <= x,
            Bound::Open(l) => l < x,
        };
        let below = match &self.high {
            Bound::Unbounded => true,
            Bound::Closed(h) => x <= h,
            Bound::Open(h) => x < h,
        };
        above && below
    }

    /// Whether some value lies inside both.
    pub fn meets(&self, other: &Interval) -> bool {
        ends_admit(&self.low, &other.high) && ends_admit(&other.low, &self.high)
    }

    /// Whether every value inside `self` is also inside `other`.
    pub fn is_subset_of(&self, other: &Interval) -> bool {
        low_within(&self.low, &other.low) && high_within(&self.high, &other.high)
    }
}

/// Whether lower end `inner` is at or above lower end `outer`.
fn low_within(inner: &Bound, outer: &Bound) -> bool {
    match (inner, outer) {
        (_, Bound::Unbounded) => true,
        (Bound::Unbounded, _) => false,
        (Bound::Closed(i), Bound::Open(o)) => o < i,
        (Bound::Closed(i) | Bound::Open(i), Bound::Closed(o) | Bound::Open(o)) => o <= i,
    }
}

/// Whether upper end `inner` is at or below upper end `outer`.
fn high_within(inner: &Bound, outer: &Bound) -> bool {
    match (inner, outer) {
        (_, Bound::Unbounded) => true,
        (Bound::Unbounded, _) => false,
        (Bound::Closed(i), Bound::Open(o)) => i < o,
        (Bound::Closed(i) | Bound::Open(i), Bound::Closed(o) | Bound::Open(o)) => i <= o,
    }
}

/// Whether some value is at or above lower end `low` and at or below upper end `high`.
fn ends_admit(low: &Bound, high: &Bound) -> bool {
    match (low, high) {
        (Bound::Unbounded, _) | (_, Bound::Unbounded) => true,
        (Bound::Closed(l), Bound::Closed(h)) => l <= h,
        (Bound::Closed(l) | Bound::Open(l), Bound::Closed(h) | Bound::Open(h)) => l < h,
    }
}
