//! Quantities and requirements from arbitrary text. The whole input is parsed as both; then it is
//! split at newlines into a quantity, a requirement and a second requirement, and whatever parses is
//! checked against each other with `is_satisfied_by` and `implies` (errors are fine, panics are not). The
//! requirement line is also read as a packing clause, and the quantity converted through its ratios into pieces.
#![no_main]

use concord::units::{durations_stated, ratios_stated, Packing, Quantity, Requirement, Unit};
use libfuzzer_sys::fuzz_target;

fn exercise(quantity: &str, requirement: &str, other: &str) {
    let q = Quantity::parse(quantity);
    let r = Requirement::parse(requirement);
    let o = Requirement::parse(other);
    let _ = ratios_stated(requirement);
    let _ = durations_stated(requirement);
    let packing = Packing::read([(requirement, ()), (other, ())]);
    if let (Ok(q), Ok(pcs)) = (&q, Unit::parse("pcs")) {
        let _ = packing.convert(q, &pcs);
    }
    if let Ok(q) = &q {
        let _ = q.base_value();
        let _ = q.base_difference();
        let _ = q.as_days();
        let _ = q.to_string();
    }
    if let Ok(r) = &r {
        let _ = r.interval();
        let _ = r.to_string();
        if let Ok(q) = &q {
            let _ = r.is_satisfied_by(q);
            let _ = q.compare(q);
        }
        let _ = r.implies(r);
        if let Ok(o) = &o {
            let _ = r.implies(o);
            let _ = o.implies(r);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    exercise(text, text, text);
    let mut parts = text.splitn(3, '\n');
    let quantity = parts.next().unwrap_or("");
    let requirement = parts.next().unwrap_or("");
    let other = parts.next().unwrap_or("");
    exercise(quantity, requirement, other);
});
