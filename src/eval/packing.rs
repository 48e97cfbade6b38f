//! Counts in two units the contract's packing ratios join (`288 cartons` against `7200 pcs` at 24 pcs per carton):
//! the second is expressed in the first's unit before they are compared or combined, and the ratio's place joins
//! the trail.

use super::finding::Mark;
use super::value::{Ev, Trace};
use crate::records::case::Case;
use crate::records::document::{Measure, ValueKind};

/// `a` and `b` as they are, or with `b` (else `a`) converted into the other's unit through the case's packing
/// ratios, when both are quantities of dimensions the ratios join.
pub(crate) fn in_one_unit<'a>(case: &Case, a: Ev<'a>, b: Ev<'a>) -> (Ev<'a>, Ev<'a>) {
    let (ValueKind::Quantity(qa), ValueKind::Quantity(qb)) = (a.val.as_ref(), b.val.as_ref())
    else {
        return (a, b);
    };
    if qa.quantity.unit.dimension() == qb.quantity.unit.dimension() {
        return (a, b);
    }
    let packing = case.packing();
    if packing.is_empty() {
        return (a, b);
    }
    if let Some(converted) = converted(packing, qb, &qa.quantity.unit, &b) {
        return (a, converted);
    }
    if let Some(converted) = converted(packing, qa, &qb.quantity.unit, &a) {
        return (converted, b);
    }
    (a, b)
}

fn converted<'a>(
    packing: &crate::units::Packing<crate::source::Location>,
    from: &Measure,
    unit: &crate::units::Unit,
    original: &Ev<'a>,
) -> Option<Ev<'a>> {
    let (quantity, places) = packing.convert(&from.quantity, unit)?;
    let label = format!(
        "a packing ratio the contract states: {} counted as {}",
        from.quantity, quantity
    );
    let mut ev = Ev::owned(ValueKind::Quantity(Box::new(Measure {
        quantity,
        unit_span: from.unit_span,
    })));
    ev.via = original.marks();
    ev.via.extend(places.into_iter().map(|at| {
        Trace::Said(Mark {
            at,
            label: label.clone(),
        })
    }));
    Some(ev)
}
