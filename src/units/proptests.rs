//! Property tests: conversion round trips (exact: no tolerance), range ends inclusive and hard, dash ranges never
//! confused with negative numbers, comparison laws, display/parse round trips, laws of
//! `implies` and `is_satisfied_by`, and parsers that never panic.

use std::cmp::Ordering;

use proptest::prelude::*;
use proptest::sample::select;

use super::table::{table, UnitDef};
use super::*;

const LENGTHS: [&str; 7] = ["mm", "cm", "m", "km", "in", "ft", "µm"];

fn unit_of(def: &UnitDef) -> Unit {
    Unit::from_def(def.symbol.to_owned(), def)
}

fn length(symbol: &str) -> Unit {
    Unit::parse(symbol).unwrap_or_else(|_| {
        Unit::new(
            String::new(),
            Dimension::dimensionless(),
            Exact::from_integer(1.into()),
            Exact::from_integer(0.into()),
        )
    })
}

fn same_dimension_pairs() -> Vec<(Unit, Unit)> {
    let defs = &table().defs;
    defs.iter()
        .flat_map(|a| defs.iter().map(move |b| (a, b)))
        .filter(|(a, b)| a.dimension == b.dimension)
        .map(|(a, b)| (unit_of(a), unit_of(b)))
        .collect()
}

fn any_unit() -> impl Strategy<Value = Unit> {
    let simple: Vec<Unit> = table().defs.iter().map(unit_of).collect();
    let plain: Vec<Unit> = simple
        .iter()
        .filter(|u| !u.dimension().is_level())
        .cloned()
        .collect();
    let compound = (select(plain.clone()), select(plain), any::<bool>()).prop_filter_map(
        "compound units must parse",
        |(a, b, divide)| {
            let op = if divide { "/" } else { "*" };
            Unit::parse(&format!("{}{op}{}", a.symbol(), b.symbol())).ok()
        },
    );
    prop_oneof![select(simple), compound]
}

fn length_quantity() -> impl Strategy<Value = Quantity> {
    (-1000i32..1000, select(LENGTHS.to_vec())).prop_map(|(v, u)| Quantity {
        value: f64::from(v),
        unit: length(u),
    })
}

fn tolerance_value() -> impl Strategy<Value = f64> {
    (0u32..200).prop_map(|t| f64::from(t) / 4.0)
}

fn length_requirement() -> impl Strategy<Value = Requirement> {
    let ops = select(vec![
        CompareOp::Ge,
        CompareOp::Gt,
        CompareOp::Le,
        CompareOp::Lt,
        CompareOp::Eq,
    ]);
    let compare =
        (ops, length_quantity()).prop_map(|(op, bound)| Requirement::Compare { op, bound });
    let range = (length_quantity(), length_quantity()).prop_map(|(a, b)| {
        let (low, high) = if a.base_value() <= b.base_value() {
            (a, b)
        } else {
            (b, a)
        };
        Requirement::Range { low, high }
    });
    let absolute = (
        length_quantity(),
        tolerance_value(),
        select(LENGTHS.to_vec()),
    )
        .prop_map(|(nominal, t, u)| {
            let tolerance = Tolerance::Absolute(Quantity {
                value: t,
                unit: length(u),
            });
            Requirement::Tolerance { nominal, tolerance }
        });
    let percent =
        (length_quantity(), tolerance_value()).prop_map(|(nominal, p)| Requirement::Tolerance {
            nominal,
            tolerance: Tolerance::Percent(p),
        });
    let deviation =
        (tolerance_value(), select(LENGTHS.to_vec())).prop_map(|(t, u)| Requirement::Deviation {
            tolerance: Quantity {
                value: t,
                unit: length(u),
            },
        });
    prop_oneof![compare, range, absolute, percent, deviation]
}

proptest! {
    #[test]
    fn conversion_round_trips(pair in select(same_dimension_pairs()), x in -1e6f64..1e6) {
        let (a, b) = pair;
        let there = Quantity { value: x, unit: a.clone() }.convert_to(&b);
        let back = there.and_then(|y| Quantity { value: y, unit: b }.convert_to(&a));
        prop_assert!(back.is_ok_and(|v| (v - x).abs() <= 1e-9 * (x.abs() + 1000.0)));
    }

    #[test]
    fn comparison_is_antisymmetric_and_transitive(
        a in length_quantity(), b in length_quantity(), c in length_quantity()
    ) {
        let ab = a.compare(&b);
        prop_assert_eq!(ab.clone().map(Ordering::reverse), b.compare(&a));
        let le = |x: &Quantity, y: &Quantity| x.compare(y).is_ok_and(|o| o != Ordering::Greater);
        if le(&a, &b) && le(&b, &c) {
            prop_assert!(le(&a, &c));
        }
    }

    #[test]
    fn quantity_display_parses_back(value in -1e12f64..1e12, unit in any_unit()) {
        let q = Quantity { value, unit };
        prop_assert_eq!(Quantity::parse(&q.to_string()), Ok(q));
    }

    #[test]
    fn requirement_display_parses_back(r in length_requirement()) {
        prop_assert_eq!(Requirement::parse(&r.to_string()), Ok(r));
    }

    #[test]
    fn named_requirement_display_parses_back(name in "[A-Za-z][A-Za-z0-9 .-]{0,15}") {
        let r = Requirement::Named(name.trim().to_owned());
        prop_assert_eq!(Requirement::parse(&r.to_string()), Ok(r));
    }

    #[test]
    fn implies_is_reflexive_and_transitive(
        a in length_requirement(), b in length_requirement(), c in length_requirement()
    ) {
        prop_assert_eq!(a.implies(&a), Ok(true));
        if a.implies(&b) == Ok(true) && b.implies(&c) == Ok(true) {
            prop_assert_eq!(a.implies(&c), Ok(true));
        }
    }

    #[test]
    fn satisfaction_agrees_with_intervals_and_implication(
        a in length_requirement(), b in length_requirement(), m in length_quantity()
    ) {
        let x = match a {
            Requirement::Deviation { .. } => m.exact_difference(),
            _ => m.exact_base(),
        };
        let inside = match (a.interval(), x) {
            (Some(i), Some(x)) => i.contains(&x),
            _ => false,
        };
        prop_assert_eq!(a.is_satisfied_by(&m), Ok(inside));
        if a.implies(&b) == Ok(true) && inside {
            prop_assert_eq!(b.is_satisfied_by(&m), Ok(true));
        }
    }

    #[test]
    fn overlap_is_symmetric_and_agrees_with_a_shared_value(
        a in length_requirement(), b in length_requirement(), m in length_quantity()
    ) {
        prop_assert_eq!(a.overlaps(&b), b.overlaps(&a));
        let deviation = |r: &Requirement| matches!(r, Requirement::Deviation { .. });
        // A value meeting both is a witness that they overlap.
        if !deviation(&a) && !deviation(&b) && a.is_satisfied_by(&m) == Ok(true) && b.is_satisfied_by(&m) == Ok(true) {
            prop_assert_eq!(a.overlaps(&b), Ok(true));
        }
        if a.overlaps(&a) == Ok(true) && a.implies(&b) == Ok(true) {
            prop_assert_eq!(a.overlaps(&b), Ok(true));
        }
    }

    #[test]
    fn conditions_never_panic_and_are_never_counts(text in ".{0,80}") {
        for condition in super::conditions_stated(&text) {
            prop_assert!(condition.dimension().is_some_and(|d| !d.is_count()));
        }
    }

    #[test]
    fn compare_agrees_with_plain_numbers(v in -100i32..100, w in -100i32..100, u in select(LENGTHS.to_vec())) {
        let unit = length(u);
        let bound = Quantity { value: f64::from(v), unit: unit.clone() };
        let m = Quantity { value: f64::from(w), unit };
        let ge = Requirement::Compare { op: CompareOp::Ge, bound: bound.clone() };
        let lt = Requirement::Compare { op: CompareOp::Lt, bound };
        prop_assert_eq!(ge.is_satisfied_by(&m), Ok(w >= v));
        prop_assert_eq!(lt.is_satisfied_by(&m), Ok(w < v));
    }

    #[test]
    fn parsers_never_panic_on_any_text(text in ".*") {
        let _ = Quantity::parse(&text);
        let _ = Requirement::parse(&text);
        let _ = Unit::parse(&text);
    }

    #[test]
    fn parsers_never_panic_on_unit_like_text(text in "[0-9.±<>=/ a-zA-Z()%²³·-]{0,20}") {
        let _ = Quantity::parse(&text);
        let _ = Requirement::parse(&text);
        let _ = Unit::parse(&text);
    }

    #[test]
    fn error_spans_lie_inside_the_text(text in "[0-9.±<>=/ a-zA-Z()%²³·+-]{0,20}") {
        if let Err(e) = Requirement::parse(&text) {
            let span = e.span();
            prop_assert!(span.end <= text.len());
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
}

/// Units of one dimension whose factors differ by a whole number: `k` of the small one is one of the big one.
const SCALED: [(&str, &str, u32); 8] = [
    ("mm", "m", 1000),
    ("g", "kg", 1000),
    ("s", "min", 60),
    ("cycles/h", "cycles/min", 60),
    ("Pa", "kPa", 1000),
    ("W", "kW", 1000),
    ("mΩ", "Ω", 1000),
    ("mAh", "Ah", 1000),
];

/// A decimal with up to 3 places, as written: (its text, its value).
fn decimal() -> impl Strategy<Value = (String, f64)> {
    (-100_000i64..100_000, 0u32..4).prop_map(|(n, places)| {
        let scale = 10f64.powi(i32::try_from(places).unwrap_or(0));
        #[allow(clippy::cast_precision_loss)]
        let value = n as f64 / scale;
        (format!("{value}"), value)
    })
}

proptest! {
    /// Both ends of a range are inside it, and the nearest written values outside are not (no tolerance).
    #[test]
    fn range_ends_are_inclusive_and_hard(
        (low_text, low) in decimal(), width in 0u32..10_000, unit in select(LENGTHS.to_vec())
    ) {
        let high = low + f64::from(width) / 10.0;
        let text = format!("{low_text}..{high} {unit}");
        let r = Requirement::parse(&text);
        prop_assert!(r.is_ok(), "{:?}", r);
        let r = r.unwrap_or(Requirement::Named(String::new()));
        let at = |v: f64| Quantity { value: v, unit: length(unit) };
        prop_assert_eq!(r.is_satisfied_by(&at(low)), Ok(true));
        prop_assert_eq!(r.is_satisfied_by(&at(high)), Ok(true));
        prop_assert_eq!(r.is_satisfied_by(&at(low - 1e-7)), Ok(false));
        prop_assert_eq!(r.is_satisfied_by(&at(high + 1e-7)), Ok(false));
    }

    /// Converting exactly is lossless: `k` small units equal one big unit exactly, and a hair more is more.
    #[test]
    fn conversions_are_exact(pair in select(SCALED.to_vec()), n in -1_000_000i32..1_000_000) {
        let (small, big, k) = pair;
        let many = Quantity { value: f64::from(n) * f64::from(k) / 1000.0, unit: length(small) };
        let one = Quantity { value: f64::from(n) / 1000.0, unit: length(big) };
        prop_assert_eq!(many.compare(&one), Ok(Ordering::Equal));
        prop_assert_eq!(one.compare(&many), Ok(Ordering::Equal));
        let more = Quantity { value: many.value + 1e-6, ..many.clone() };
        prop_assert_eq!(more.compare(&one), Ok(Ordering::Greater));
        // And back: the big value converted to the small unit and again to the big one is the same value.
        let there = one.convert_to(&many.unit).unwrap_or(f64::NAN);
        let back = Quantity { value: there, unit: many.unit.clone() }.convert_to(&one.unit).unwrap_or(f64::NAN);
        prop_assert_eq!(back, one.value);
    }

    /// `a-b` is a range from a to b, `-a` a negative number, `-a..b` and `-a to b` a range from -a: a dash between
    /// numbers is never read as a sign, and a sign never as a range.
    #[test]
    fn dash_ranges_and_negative_numbers_are_never_confused(
        a in 0u32..10_000, b in 0u32..10_000, unit in select(LENGTHS.to_vec()),
        minus in select(MINUS_SIGNS.to_vec()), spaced in any::<bool>()
    ) {
        let (lo, hi) = (a.min(b), a.max(b));
        let dash = if spaced { " - " } else { "-" };
        let range = |low: f64, high: f64| Requirement::Range {
            low: Quantity { value: low, unit: length(unit) },
            high: Quantity { value: high, unit: length(unit) },
        };
        prop_assert_eq!(Requirement::parse(&format!("{lo}{dash}{hi} {unit}")), Ok(range(f64::from(lo), f64::from(hi))));
        prop_assert_eq!(
            Requirement::parse(&format!("{minus}{a}..{b} {unit}")).ok(),
            (f64::from(b) >= -f64::from(a)).then(|| range(-f64::from(a), f64::from(b)))
        );
        prop_assert_eq!(
            Requirement::parse(&format!("{minus}{a} {unit} to {b} {unit}")).ok(),
            Some(range(-f64::from(a), f64::from(b)))
        );
        prop_assert_eq!(
            Quantity::parse(&format!("{minus}{a} {unit}")).map(|q| q.value),
            Ok(-f64::from(a))
        );
        prop_assert_eq!(
            Requirement::parse(&format!("{minus}{a} {unit}")),
            Ok(Requirement::Compare { op: CompareOp::Eq, bound: Quantity { value: -f64::from(a), unit: length(unit) } })
        );
        if a > b {
            let reversed = format!("{a}-{b} {unit}");
            prop_assert!(Requirement::parse(&reversed).is_err());
        }
    }
}

proptest! {
    /// Reading packing ratios never panics, whatever the text.
    #[test]
    fn packing_ratios_never_panic(text in "\\PC{0,80}") {
        let _ = ratios_stated(&text);
    }

    /// A count converted through a packing ratio and back is the count it was, and the conversion is the ratio's.
    #[test]
    fn packing_conversion_round_trips(per in 1u32..500, cartons in 0u32..100_000) {
        let packing = Packing::read([(format!("{per} pcs per export carton").as_str(), ())]);
        let counted = Quantity::parse(&format!("{cartons} cartons")).unwrap();
        let pcs = Unit::parse("pcs").unwrap();
        let (pieces, _) = packing.convert(&counted, &pcs).unwrap();
        prop_assert_eq!(pieces.value, f64::from(per) * f64::from(cartons));
        let (back, _) = packing.convert(&pieces, &counted.unit).unwrap();
        prop_assert_eq!(back.value, f64::from(cartons));
    }
}
