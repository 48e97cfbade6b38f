//! Comparisons, `satisfies` and date arithmetic over evaluated values, with unit conversion.
//! A unit clash in the data becomes a `Clash` that points at the units on both sides.

use std::cmp::Ordering;

use chrono::{Duration, Months};

use super::value::{Clash, Ev, Stop};
use crate::compile::ir::CmpOp;
use crate::eval::finding::Mark;
use crate::eval::value::Trace;
use crate::records::document::{Measure, ValueKind};
use crate::source::Location;
use crate::units::{CalendarUnit, DimensionMismatch, Quantity, Requirement, Unit};

type Result<T> = std::result::Result<T, Stop>;

/// `a OP b`.
pub(crate) fn compare_values(op: CmpOp, a: &Ev<'_>, b: &Ev<'_>) -> Result<bool> {
    let ordering = match (a.val.as_ref(), b.val.as_ref()) {
        (ValueKind::Number(x), ValueKind::Number(y)) => x.partial_cmp(y),
        (ValueKind::Date(x), ValueKind::Date(y)) => Some(x.cmp(y)),
        (ValueKind::Timestamp(x), ValueKind::Timestamp(y)) => Some(x.cmp(y)),
        (ValueKind::Bool(x), ValueKind::Bool(y)) => Some(x.cmp(y)),
        (ValueKind::Text(x), ValueKind::Text(y)) => Some(x.cmp(y)),
        (x, y) => match (quantity_of(x), quantity_of(y)) {
            (Some(qx), Some(qy)) => Some(qx.compare(qy).map_err(|e| clash(&e, a, b))?),
            _ => None,
        },
    };
    // Values of different kinds (possible only through `reading`s) are simply unequal.
    Ok(match (op, ordering) {
        (CmpOp::Eq, o) => o == Some(Ordering::Equal),
        (CmpOp::Ne, o) => o != Some(Ordering::Equal),
        (_, None) => false,
        (CmpOp::Lt, Some(o)) => o == Ordering::Less,
        (CmpOp::Le, Some(o)) => o != Ordering::Greater,
        (CmpOp::Gt, Some(o)) => o == Ordering::Greater,
        (CmpOp::Ge, Some(o)) => o != Ordering::Less,
    })
}

fn quantity_of(v: &ValueKind) -> Option<&Quantity> {
    match v {
        ValueKind::Quantity(m) => Some(&m.quantity),
        ValueKind::Window(w) => Some(&w.duration),
        _ => None,
    }
}

/// `measured satisfies requirement`.
pub(crate) fn satisfies(measured: &Ev<'_>, requirement: &Ev<'_>) -> Result<bool> {
    let ValueKind::Requirement(req) = requirement.val.as_ref() else {
        return Ok(false);
    };
    // A requirement satisfies another when it is at least as strict: every value that meets it meets the other.
    if let ValueKind::Requirement(stricter) = measured.val.as_ref() {
        return stricter
            .requirement
            .implies(&req.requirement)
            .map_err(|e| clash(&e, measured, requirement));
    }
    match reading_meets(measured.val.as_ref(), &req.requirement) {
        Ok(met) => Ok(met),
        Err(Unmet::Dimensions(e)) => Err(clash(&e, measured, requirement)),
        Err(Unmet::NotAQuantity(message)) => Err(Stop::Clash(Clash {
            message,
            marks: [measured.mark(), requirement.mark()]
                .into_iter()
                .flatten()
                .map(Trace::render)
                .collect(),
        })),
    }
}

/// Whether some value meets both requirements (`overlaps`); false when either side is not a requirement.
pub(crate) fn overlaps(left: &Ev<'_>, right: &Ev<'_>) -> Result<bool> {
    let (ValueKind::Requirement(a), ValueKind::Requirement(b)) =
        (left.val.as_ref(), right.val.as_ref())
    else {
        return Ok(false);
    };
    a.requirement
        .overlaps(&b.requirement)
        .map_err(|e| clash(&e, left, right))
}

/// Why a measured value cannot be held against a requirement.
#[derive(Debug, Clone, PartialEq)]
pub enum Unmet {
    /// The value and the requirement measure different things.
    Dimensions(DimensionMismatch),
    /// A text reading against a numeric requirement (the message says so).
    NotAQuantity(String),
}

/// Whether a typed reading meets a requirement, as `satisfies` decides it in rules.
pub fn reading_meets(
    measured: &ValueKind,
    requirement: &Requirement,
) -> std::result::Result<bool, Unmet> {
    match (measured, requirement) {
        // Read in the kind of its requirement: against a material, `316L` is a grade, not 316 litres. The value is
        // written back as the supplier wrote it, number and symbol together.
        (ValueKind::Quantity(m), Requirement::Named(name)) => {
            let written = format!("{}{}", m.quantity.value, m.quantity.unit.symbol());
            Ok(crate::text::names_match(&written, name))
        }
        (ValueKind::Quantity(m), r) => r.is_satisfied_by(&m.quantity).map_err(Unmet::Dimensions),
        (ValueKind::Text(text), Requirement::Named(name)) => {
            Ok(crate::text::names_match(text, name))
        }
        // A rating label read as several values (`50/60 Hz`) meets `Each` when it names every required value.
        (ValueKind::Text(text), Requirement::Each { values }) => match Requirement::parse(text) {
            Ok(Requirement::Each { values: have }) => {
                if let (Some(h), Some(w)) = (have.first(), values.first()) {
                    crate::units::Quantity::compare(h, w).map_err(Unmet::Dimensions)?;
                }
                Ok(crate::units::includes_each(&have, values))
            }
            _ => Ok(false),
        },
        // Read in the kind of its requirement: against a scale, `4-5` is the grade 4.5.
        (ValueKind::Text(text), r) => match crate::units::read_on_scale(text, r) {
            Some(q) => r.is_satisfied_by(&q).map_err(Unmet::Dimensions),
            None => Err(Unmet::NotAQuantity(format!(
                "`{}` is not a quantity, so it cannot be held against `{r}`",
                crate::records::document::short(text)
            ))),
        },
        _ => Ok(false),
    }
}

fn clash(error: &DimensionMismatch, a: &Ev<'_>, b: &Ev<'_>) -> Stop {
    let marks = [unit_mark(a), unit_mark(b)].into_iter().flatten().collect();
    Stop::Clash(Clash {
        message: error.to_string(),
        marks,
    })
}

/// A mark on the unit of a quantity from the data, so a clash points at the very unit.
fn unit_mark(v: &Ev<'_>) -> Option<Mark> {
    let at = v.at?;
    let (span, unit) = match v.val.as_ref() {
        ValueKind::Quantity(m) => (m.unit_span, m.quantity.unit.symbol().to_owned()),
        ValueKind::Requirement(r) => (
            r.unit_span,
            r.requirement
                .unit()
                .map(|u| u.symbol().to_owned())
                .unwrap_or_default(),
        ),
        _ => return v.mark().map(Trace::render),
    };
    let span = if span.is_empty() { at.span } else { span };
    Some(Mark {
        at: Location {
            file: at.file,
            span,
        },
        label: format!("`{unit}` ({})", unit_words(v)),
    })
}

fn unit_words(v: &Ev<'_>) -> String {
    let dimension = match v.val.as_ref() {
        ValueKind::Quantity(m) => Some(m.quantity.unit.dimension().clone()),
        ValueKind::Requirement(r) => r.requirement.dimension().cloned(),
        _ => None,
    };
    dimension.map_or_else(String::new, |d| d.to_string())
}

/// `a + b` / `a - b` on dates, timestamps, numbers and quantities.
pub(crate) fn arithmetic<'a>(add: bool, a: &Ev<'a>, b: &Ev<'a>) -> Result<Ev<'a>> {
    let value = match (a.val.as_ref(), b.val.as_ref()) {
        (ValueKind::Number(x), ValueKind::Number(y)) => {
            Some(ValueKind::Number(if add { x + y } else { x - y }))
        }
        (ValueKind::Date(d), other) | (other, ValueKind::Date(d))
            if quantity_of(other).is_some() =>
        {
            quantity_of(other)
                .and_then(|q| shift_date(*d, q, add))
                .map(ValueKind::Date)
        }
        (ValueKind::Timestamp(t), other) if quantity_of(other).is_some() => quantity_of(other)
            .and_then(|q| q.as_days())
            .and_then(|days| Duration::try_milliseconds((days * 86_400_000.0) as i64))
            .and_then(|d| {
                if add {
                    t.checked_add_signed(d)
                } else {
                    t.checked_sub_signed(d)
                }
            })
            .map(ValueKind::Timestamp),
        (ValueKind::Date(x), ValueKind::Date(y)) => days((*x - *y).num_days() as f64),
        (ValueKind::Timestamp(x), ValueKind::Timestamp(y)) => {
            days((*x - *y).num_seconds() as f64 / 86_400.0)
        }
        (ValueKind::Quantity(x), ValueKind::Quantity(y)) => {
            let converted = y
                .quantity
                .convert_to(&x.quantity.unit)
                .map_err(|e| clash(&e, a, b))?;
            let mut sum = x.clone();
            sum.quantity.value = if add {
                x.quantity.value + converted
            } else {
                x.quantity.value - converted
            };
            Some(ValueKind::Quantity(sum))
        }
        _ => None,
    };
    let mut result = Ev::owned(value.unwrap_or(ValueKind::Null));
    result.via = a.marks();
    result.via.extend(b.marks());
    Ok(result)
}

/// `a * b` or `a / b`: numbers, a quantity scaled by a number (either side for `*`), or a quantity over another
/// of its kind, a number. A result that is not finite
/// (a division by zero) is no value, so a test on it is not provable.
pub(crate) fn scaled<'a>(multiply: bool, a: &Ev<'a>, b: &Ev<'a>) -> Ev<'a> {
    let apply = |x: f64, y: f64| if multiply { x * y } else { x / y };
    let value = match (a.val.as_ref(), b.val.as_ref()) {
        (ValueKind::Number(x), ValueKind::Number(y)) => Some(ValueKind::Number(apply(*x, *y))),
        (ValueKind::Quantity(q), ValueKind::Number(n)) => {
            let mut q = q.clone();
            q.quantity.value = apply(q.quantity.value, *n);
            Some(ValueKind::Quantity(q))
        }
        // A quantity over another of its kind is the number of times it holds it (`shortage / ordered`).
        (ValueKind::Quantity(x), ValueKind::Quantity(y)) if !multiply => y
            .quantity
            .convert_to(&x.quantity.unit)
            .ok()
            .map(|y| ValueKind::Number(x.quantity.value / y)),
        (ValueKind::Number(n), ValueKind::Quantity(q)) if multiply => {
            let mut q = q.clone();
            q.quantity.value *= n;
            Some(ValueKind::Quantity(q))
        }
        _ => None,
    }
    .filter(|v| match v {
        ValueKind::Number(n) => n.is_finite(),
        ValueKind::Quantity(q) => q.quantity.value.is_finite(),
        _ => true,
    });
    let mut result = Ev::owned(value.unwrap_or(ValueKind::Null));
    result.via = a.marks();
    result.via.extend(b.marks());
    result
}

fn days(n: f64) -> Option<ValueKind> {
    let unit = Unit::parse("days").ok()?;
    Some(ValueKind::Quantity(Box::new(Measure {
        quantity: Quantity { value: n, unit },
        unit_span: crate::source::Span::default(),
    })))
}

/// Moves a date by a duration: calendar months and years move by the calendar, other units by days.
fn shift_date(date: chrono::NaiveDate, q: &Quantity, add: bool) -> Option<chrono::NaiveDate> {
    if let Some(calendar) = q.unit.is_calendar() {
        if q.value.fract() == 0.0 && q.value.abs() < 100_000.0 {
            let months = q.value.abs() as u32
                * if calendar == CalendarUnit::Year {
                    12
                } else {
                    1
                };
            let forward = add == (q.value >= 0.0);
            return if forward {
                date.checked_add_months(Months::new(months))
            } else {
                date.checked_sub_months(Months::new(months))
            };
        }
    }
    let days = q.as_days()?;
    if !days.is_finite() || days.abs() > crate::units::MAX_DAYS {
        return None;
    }
    let delta = Duration::try_seconds((days * 86_400.0).round() as i64)?;
    let moved = date.and_hms_opt(0, 0, 0)?;
    let moved = if add {
        moved.checked_add_signed(delta)?
    } else {
        moved.checked_sub_signed(delta)?
    };
    Some(moved.date())
}
