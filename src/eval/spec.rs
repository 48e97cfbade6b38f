//! The spec statement (`spec.ITEM REQUIREMENT measured_by METHOD`) over the three records: the contract must
//! state the item at least as strictly, the inspection must test it by the method and judge it rightly, and the
//! arrival evidence must agree with the inspection or rule out transit damage. Each disagreement is its own part.

use super::render;
use crate::compile::ir::SpecCheck;
use crate::eval::finding::{Mark, Outcome};
use crate::records::case::Case;
use crate::records::document::{Document, Field, Value, ValueKind};
use crate::records::schema::RecordKind;
use crate::source::Location;
use crate::units::Requirement;

/// The verdict of one record's part of a spec statement.
pub(crate) struct Part {
    pub record: RecordKind,
    pub outcome: Outcome,
    pub message: String,
    pub help: String,
    pub marks: Vec<Mark>,
    pub absent: Vec<RecordKind>,
}

/// A value found in a document, with where it is.
#[derive(Clone, Copy)]
struct At<'a> {
    value: &'a Value,
    key: Location,
    at: Location,
}

impl<'a> At<'a> {
    fn mark(&self, label: impl Into<String>) -> Mark {
        Mark {
            at: self.at,
            label: label.into(),
        }
    }
    fn key_mark(&self, label: impl Into<String>) -> Mark {
        Mark {
            at: self.key,
            label: label.into(),
        }
    }
}

fn get<'a>(doc: &'a Document, parent: Option<At<'a>>, key: &str) -> Option<At<'a>> {
    let value = parent.map_or(&doc.root, |p| p.value);
    let field: &Field = value.field(key)?;
    if field.value.is_null() {
        return None;
    }
    Some(At {
        value: &field.value,
        key: Location {
            file: doc.file,
            span: field.key_span,
        },
        at: Location {
            file: doc.file,
            span: field.value.span,
        },
    })
}

fn path<'a>(doc: &'a Document, keys: &[&str]) -> Option<At<'a>> {
    keys.iter()
        .try_fold(None, |parent, key| get(doc, parent, key).map(Some))
        .flatten()
}

/// Where to point when something is missing: the deepest key that exists along the path.
fn nearest(doc: &Document, keys: &[&str]) -> Option<Mark> {
    let mut found = None;
    let mut parent = None;
    for key in keys {
        match get(doc, parent, key) {
            Some(at) => {
                found = Some(at);
                parent = Some(at);
            }
            None => break,
        }
    }
    let missing = keys.join(".");
    found.map(|at| at.key_mark(format!("`{}.{missing}` is missing under here", doc.record)))
}

fn text(at: Option<At<'_>>) -> Option<&str> {
    match &at?.value.kind {
        ValueKind::Text(t) => Some(t),
        _ => None,
    }
}

/// Evaluates the three parts of a spec statement: for each record, `None` when it agrees.
pub(crate) fn check(case: &Case, spec: &SpecCheck) -> [(RecordKind, Option<Part>); 3] {
    let contract = case.get(RecordKind::Contract);
    let item = contract.and_then(|doc| path(doc, &["spec", &spec.item]).map(|at| (doc, at)));
    let requirement = item.and_then(|(doc, at)| get(doc, Some(at), "requirement"));
    let judged = |r: Option<At<'_>>| match r.map(|r| &r.value.kind) {
        Some(ValueKind::Requirement(req)) => req.requirement.clone(),
        _ => spec.requirement.clone(),
    };
    let requirement_used = judged(requirement);
    let inspection = inspection_part(case, spec, &requirement_used, requirement);
    let evidence = evidence_part(case, spec, &requirement_used, requirement);
    [
        (RecordKind::Contract, contract_part(case, spec)),
        (RecordKind::Inspection, inspection),
        (RecordKind::Evidence, evidence),
    ]
}

fn part(
    record: RecordKind,
    outcome: Outcome,
    message: String,
    help: String,
    marks: Vec<Mark>,
) -> Option<Part> {
    Some(Part {
        record,
        outcome,
        message,
        help,
        marks,
        absent: Vec::new(),
    })
}

fn absent(record: RecordKind, needed_for: &str) -> Part {
    Part {
        record,
        outcome: Outcome::NotProvable,
        message: format!(
            "the case has no {}, so {needed_for} cannot be shown",
            record.file_name()
        ),
        help: format!("add {} to the case folder", record.file_name()),
        marks: Vec::new(),
        absent: vec![record],
    }
}

fn contract_part(case: &Case, spec: &SpecCheck) -> Option<Part> {
    let r = RecordKind::Contract;
    let Some(doc) = case.get(r) else {
        return Some(absent(r, &format!("the contract's `{}`", spec.item)));
    };
    let item_example = format!(
        "`{}: {{ requirement: \"{}\", measured_by: {} }}`",
        spec.item, spec.requirement, spec.method
    );
    let Some(item) = path(doc, &["spec", &spec.item]) else {
        return part(
            r,
            Outcome::Violated,
            format!("the contract does not state `{}`", spec.item),
            format!("add {item_example} under `spec:` before the deposit moves"),
            nearest(doc, &["spec", &spec.item]).into_iter().collect(),
        );
    };
    let Some(req_at) = get(doc, Some(item), "requirement") else {
        return part(
            r,
            Outcome::Violated,
            format!(
                "the contract names `{}` but states no requirement for it",
                spec.item
            ),
            format!("write a quantitative requirement, e.g. {item_example}"),
            vec![item.key_mark(format!("`{}` has no `requirement`", spec.item))],
        );
    };
    let ValueKind::Requirement(req) = &req_at.value.kind else {
        return None;
    };
    let mut problems = Vec::new();
    let mut marks = Vec::new();
    match req.requirement.implies(&spec.requirement) {
        Ok(true) => {}
        Ok(false) => {
            problems.push(format!(
                "the contract requires `{}` for `{}`, which is not as strict as `{}`",
                req.requirement, spec.item, spec.requirement
            ));
            marks.push(req_at.mark(format!("contract requires `{}`", req.requirement)));
        }
        Err(e) => {
            problems.push(format!(
                "the contract states `{}` as `{}`: {e}",
                spec.item, req.requirement
            ));
            let at = Location {
                file: doc.file,
                span: if req.unit_span.is_empty() {
                    req_at.at.span
                } else {
                    req.unit_span
                },
            };
            marks.push(Mark {
                at,
                label: "this unit does not measure what the rule measures".to_owned(),
            });
        }
    }
    let method = get(doc, Some(item), "measured_by");
    match text(method) {
        Some(m) if m == spec.method => {}
        Some(m) => {
            problems.push(format!(
                "the contract measures `{}` by `{m}`, not by `{}`",
                spec.item, spec.method
            ));
            marks.extend(method.map(|at| at.mark(format!("method `{m}`"))));
        }
        None => {
            problems.push(format!(
                "the contract names no test method for `{}`",
                spec.item
            ));
            marks.push(item.key_mark(format!("`{}` has no `measured_by`", spec.item)));
        }
    }
    if problems.is_empty() {
        return None;
    }
    part(
        r,
        Outcome::Violated,
        problems.join("; "),
        format!("state it as {item_example}"),
        marks,
    )
}

fn inspection_part(
    case: &Case,
    spec: &SpecCheck,
    requirement: &Requirement,
    contract_req: Option<At<'_>>,
) -> Option<Part> {
    let r = RecordKind::Inspection;
    let Some(doc) = case.get(r) else {
        return Some(absent(r, &format!("the inspection of `{}`", spec.item)));
    };
    let Some(result) = path(doc, &["results", &spec.item]) else {
        return part(r, Outcome::Violated, format!("the inspection reports no result for `{}`", spec.item),
            format!("have the inspection company test `{}` by `{}` against the contract and report it under `results:`", spec.item, spec.method),
            nearest(doc, &["results", &spec.item]).into_iter().collect());
    };
    let method = get(doc, Some(result), "method");
    match text(method) {
        Some(m) if m == spec.method => {}
        other => {
            let said =
                other.map_or_else(|| "names no method".to_owned(), |m| format!("used `{m}`"));
            let mark = method.map_or_else(
                || result.key_mark("no `method`"),
                |at| at.mark(format!("method `{}`", other.unwrap_or(""))),
            );
            return part(r, Outcome::Violated, format!("the inspection {said} for `{}`; the contract and rule need `{}`", spec.item, spec.method),
                format!("an inspection counts only by the contract's method: ask for `{}` to be tested by `{}`", spec.item, spec.method), vec![mark]);
        }
    }
    let Some(measured) = get(doc, Some(result), "measured") else {
        return part(
            r,
            Outcome::NotProvable,
            format!("the inspection gives no measured value for `{}`", spec.item),
            "the report must state the measured value, not only pass/fail".to_owned(),
            vec![result.key_mark("no `measured`")],
        );
    };
    let meets = match meets(&measured, requirement, contract_req) {
        Ok(m) => m,
        Err(clash) => return clash.into_part(r),
    };
    let reported = get(doc, Some(result), "result");
    match text(reported) {
        Some(said) if (said == "pass") == meets => None,
        Some(said) => {
            let value = render::plain(&measured.value.kind);
            let verdict = if meets { "meets" } else { "does not meet" };
            let mut marks = reported
                .map(|at| at.mark(format!("reported `{said}`")))
                .into_iter()
                .collect::<Vec<_>>();
            marks.push(measured.mark(format!("measured {value}")));
            marks.extend(
                contract_req.map(|at| at.mark(format!("contract requires `{requirement}`"))),
            );
            part(r, Outcome::Violated,
                format!("the inspection reports `{said}` for `{}`, but its own {value} {verdict} `{requirement}`", spec.item),
                "ask the inspection company to correct the report: a verdict that contradicts its own measurement will not hold in arbitration".to_owned(),
                marks)
        }
        None => part(
            r,
            Outcome::NotProvable,
            format!("the inspection gives no pass/fail for `{}`", spec.item),
            "the report must state `result: pass` or `result: fail` per spec item".to_owned(),
            vec![result.key_mark("no `result`")],
        ),
    }
}

struct UnitClash {
    message: String,
    marks: Vec<Mark>,
}

impl UnitClash {
    fn into_part(self, record: RecordKind) -> Option<Part> {
        part(record, Outcome::Violated, self.message,
            "measure the item in a unit of the same kind as the contract's requirement (see docs/units.md)".to_owned(), self.marks)
    }
}

fn meets(
    measured: &At<'_>,
    requirement: &Requirement,
    contract_req: Option<At<'_>>,
) -> Result<bool, UnitClash> {
    match &measured.value.kind {
        ValueKind::Quantity(m) => requirement.is_satisfied_by(&m.quantity).map_err(|e| {
            let unit_at = Location { file: measured.at.file, span: if m.unit_span.is_empty() { measured.at.span } else { m.unit_span } };
            let mut marks = vec![Mark { at: unit_at, label: format!("`{}` ({})", m.quantity.unit.symbol(), m.quantity.unit.dimension()) }];
            marks.extend(contract_req.map(|at| at.mark(format!("requirement `{requirement}`"))));
            UnitClash { message: format!("the measured {} cannot be held against `{requirement}`: {e}", m.quantity), marks }
        }),
        ValueKind::Text(t) => match requirement {
            Requirement::Named(name) => Ok(crate::text::names_match(t, name)),
            _ => Err(UnitClash {
                message: format!("the measured `{}` is not a quantity, so it cannot be held against `{requirement}`", crate::records::document::short(t)),
                marks: vec![measured.mark("not a quantity")],
            }),
        },
        _ => Ok(false),
    }
}

fn evidence_part(
    case: &Case,
    spec: &SpecCheck,
    requirement: &Requirement,
    contract_req: Option<At<'_>>,
) -> Option<Part> {
    let r = RecordKind::Evidence;
    let Some(doc) = case.get(r) else {
        return Some(absent(
            r,
            &format!("the condition of `{}` on arrival", spec.item),
        ));
    };
    let inspection_failed = inspection_failed(case, spec, requirement, contract_req);
    let units = match path(doc, &["units"]).map(|u| &u.value.kind) {
        Some(ValueKind::List(units)) => units.as_slice(),
        _ => &[],
    };
    let mut measured_any = false;
    for unit in units {
        let Some(m) = unit
            .field("measurements")
            .and_then(|f| f.value.field(&spec.item))
        else {
            continue;
        };
        measured_any = true;
        let at = |v: &Value| Location {
            file: doc.file,
            span: v.span,
        };
        let value = |k: &str| {
            m.value.field(k).filter(|f| !f.value.is_null()).map(|f| At {
                value: &f.value,
                key: Location {
                    file: doc.file,
                    span: f.key_span,
                },
                at: at(&f.value),
            })
        };
        if let Some(p) = unit_disagrees(
            case,
            doc,
            spec,
            requirement,
            contract_req,
            inspection_failed,
            value("measured"),
            value("method"),
            value("taken"),
            m,
        ) {
            return Some(p);
        }
    }
    if !measured_any && inspection_failed == Some(true) {
        return part(r, Outcome::NotProvable,
            format!("the inspection failed `{}`, but no pulled unit was measured for it on arrival", spec.item),
            format!("measure `{}` by `{}` on the pulled units, with a timestamp, and record it under `units[*].measurements`", spec.item, spec.method),
            nearest(doc, &["units"]).into_iter().collect());
    }
    None
}

/// Whether the inspection failed the item (by its own measurement when it has one), if known.
fn inspection_failed(
    case: &Case,
    spec: &SpecCheck,
    requirement: &Requirement,
    contract_req: Option<At<'_>>,
) -> Option<bool> {
    let doc = case.get(RecordKind::Inspection)?;
    let result = path(doc, &["results", &spec.item])?;
    if let Some(measured) = get(doc, Some(result), "measured") {
        if let Ok(m) = meets(&measured, requirement, contract_req) {
            return Some(!m);
        }
    }
    text(get(doc, Some(result), "result")).map(|t| t == "fail")
}

#[allow(
    clippy::too_many_arguments,
    reason = "one unit's measurement, split into the fields it is judged by"
)]
fn unit_disagrees(
    case: &Case,
    doc: &Document,
    spec: &SpecCheck,
    requirement: &Requirement,
    contract_req: Option<At<'_>>,
    inspection_failed: Option<bool>,
    measured: Option<At<'_>>,
    method: Option<At<'_>>,
    taken: Option<At<'_>>,
    field: &Field,
) -> Option<Part> {
    let r = RecordKind::Evidence;
    let key = Mark {
        at: Location {
            file: doc.file,
            span: field.key_span,
        },
        label: format!("arrival measurement of `{}`", spec.item),
    };
    match text(method) {
        Some(m) if m == spec.method => {}
        other => {
            let said = other.map_or_else(
                || "names no method".to_owned(),
                |m| format!("was taken by `{m}`"),
            );
            return part(r, Outcome::Violated, format!("an arrival measurement of `{}` {said}; the contract needs `{}`", spec.item, spec.method),
                format!("measure `{}` on arrival by `{}`, the same method as the contract and the inspection", spec.item, spec.method),
                vec![method.map_or(key.clone(), |at| at.mark("method used"))]);
        }
    }
    let Some(measured) = measured else {
        return part(
            r,
            Outcome::NotProvable,
            format!(
                "an arrival measurement of `{}` has no measured value",
                spec.item
            ),
            "record the measured value with its unit".to_owned(),
            vec![key],
        );
    };
    let meets = match meets(&measured, requirement, contract_req) {
        Ok(m) => m,
        Err(clash) => return clash.into_part(r),
    };
    let value = render::plain(&measured.value.kind);
    match inspection_failed {
        Some(true) if meets => part(r, Outcome::Violated,
            format!("on arrival `{}` measured {value}, which meets `{requirement}`, yet the inspection failed it", spec.item),
            "the records disagree on what failed: re-measure, or explain the difference in the incident report".to_owned(),
            vec![measured.mark(format!("measured {value} on arrival"))]),
        Some(false) | None if !meets => new_failure(case, doc, spec, requirement, &measured, taken, &value),
        _ => None,
    }
}

/// A failure on arrival that the inspection did not see needs timestamps that rule out transit damage.
fn new_failure(
    case: &Case,
    doc: &Document,
    spec: &SpecCheck,
    requirement: &Requirement,
    measured: &At<'_>,
    taken: Option<At<'_>>,
    value: &str,
) -> Option<Part> {
    let _ = case;
    let measured_at = match taken.map(|t| &t.value.kind) {
        Some(ValueKind::Timestamp(t)) => Some(*t),
        _ => None,
    };
    let seal_before = path(doc, &["container", "seal_photos"]).and_then(|p| match &p.value.kind {
        ValueKind::List(photos) => photos.iter().find_map(|photo| {
            let before = matches!(
                photo.field("before_opening").map(|f| &f.value.kind),
                Some(ValueKind::Bool(true))
            );
            match photo.field("taken").map(|f| &f.value.kind) {
                Some(ValueKind::Timestamp(t)) if before => Some(*t),
                _ => None,
            }
        }),
        _ => None,
    });
    if let (Some(seal), Some(m)) = (seal_before, measured_at) {
        if seal <= m {
            return None;
        }
    }
    part(RecordKind::Evidence, Outcome::Violated,
        format!("on arrival `{}` measured {value} against `{requirement}`, a failure the inspection did not record, and no timestamps rule out transit damage", spec.item),
        "document the seal with timestamped photos taken before opening, and timestamp each measurement after them".to_owned(),
        vec![measured.mark(format!("measured {value} on arrival"))])
}
