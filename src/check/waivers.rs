//! Waivers: accepted exceptions from `waivers.yaml`, each scoped to one rule and one place in a record.
//! A waived finding stays in the report, marked and counted; an expired waiver no longer applies;
//! a waiver that matches nothing becomes a finding of its own.

use chrono::NaiveDate;

use crate::compile::ir::{Severity, Stage};
use crate::eval::finding::{Finding, Mark, Outcome, Raiser, Waived};
use crate::records::case::Case;
use crate::records::document::{Value, ValueKind};
use crate::records::schema::{RecordKind, Role, Schema};
use crate::source::{FileId, Location};

/// One accepted exception.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiver {
    /// The rule it accepts a finding of.
    pub rule: String,
    /// The record path it is scoped to, e.g. `evidence.communications[0]`.
    pub path: String,
    /// Why the exception is accepted.
    pub reason: String,
    /// Who accepted it.
    pub approver: String,
    /// The last day it applies.
    pub expires: NaiveDate,
    /// Where the waiver is written.
    pub location: Location,
}

/// Reads the waivers out of a typed `waivers.yaml`.
pub fn from_value(root: &Value, file: FileId) -> Vec<Waiver> {
    let schema = Schema::bundled();
    let Some(list) = root.field(schema.role_key(Role::Waivers)) else {
        return Vec::new();
    };
    let ValueKind::List(items) = &list.value.kind else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let text = |role: Role| match item.field(schema.role_key(role)).map(|f| &f.value.kind) {
                Some(ValueKind::Text(t)) => Some(t.clone()),
                _ => None,
            };
            let expires = match item
                .field(schema.role_key(Role::WaiverExpires))
                .map(|f| &f.value.kind)
            {
                Some(ValueKind::Date(d)) => *d,
                _ => return None,
            };
            Some(Waiver {
                rule: text(Role::WaiverRule)?,
                path: text(Role::WaiverPath)?,
                reason: text(Role::WaiverReason).unwrap_or_default(),
                approver: text(Role::WaiverApprover).unwrap_or_default(),
                expires,
                location: Location {
                    file,
                    span: item.span,
                },
            })
        })
        .collect()
}

/// A waiver must say what it accepts, where, why, who approved it and until when: each gap is an error.
pub fn missing_fields(root: &Value) -> Vec<crate::records::document::DataError> {
    let schema = Schema::bundled();
    let Some(ValueKind::List(items)) = root
        .field(schema.role_key(Role::Waivers))
        .map(|f| &f.value.kind)
    else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    for (i, item) in items.iter().enumerate() {
        for role in [
            Role::WaiverRule,
            Role::WaiverPath,
            Role::WaiverReason,
            Role::WaiverApprover,
            Role::WaiverExpires,
        ] {
            let field = schema.role_key(role);
            if item.field(field).is_none_or(|f| f.value.is_null()) {
                errors.push(crate::records::document::DataError::MissingField {
                    path: format!("waivers[{i}]"),
                    field: field.to_owned(),
                    help: "a waiver states `rule`, `path`, `reason`, `approver` and `expires` (see docs/waivers.md)".to_owned(),
                    span: item.span.into(),
                });
            }
        }
    }
    errors
}

/// Applies waivers to findings: marks the findings they accept, notes expired ones, and returns a finding for
/// every waiver that accepts nothing.
pub fn apply(
    findings: &mut [Finding],
    waivers: &[Waiver],
    case: &Case,
    as_of: NaiveDate,
) -> Vec<Finding> {
    let mut unused = Vec::new();
    for waiver in waivers {
        let Some(scope) = resolve(case, &waiver.path) else {
            unused.push(unused_finding(
                waiver,
                format!("the path `{}` does not exist in the case", waiver.path),
            ));
            continue;
        };
        let mut matched = false;
        for finding in findings
            .iter_mut()
            .filter(|f| f.rule_id == waiver.rule && in_scope(f, scope))
        {
            matched = true;
            if waiver.expires < as_of {
                finding.message = format!(
                    "{} (a waiver by {} expired on {}: the finding stands again)",
                    finding.message, waiver.approver, waiver.expires
                );
                continue;
            }
            finding.waived = Some(Waived {
                reason: waiver.reason.clone(),
                approver: waiver.approver.clone(),
                expires: waiver.expires,
                location: waiver.location,
            });
        }
        if !matched {
            unused.push(unused_finding(
                waiver,
                format!("no finding of `{}` lies at `{}`", waiver.rule, waiver.path),
            ));
        }
    }
    unused
}

fn in_scope(finding: &Finding, scope: Location) -> bool {
    finding.marks.iter().any(|m| {
        m.at.file == scope.file
            && scope.span.start <= m.at.span.start
            && m.at.span.end <= scope.span.end
    })
}

fn unused_finding(waiver: &Waiver, why: String) -> Finding {
    let by = Raiser {
        id: "WAIVER-UNUSED",
        title: "Every waiver accepts a finding",
        pack: "waivers",
        pack_version: "",
        severity: Severity::Warning,
        stage: Stage::Filing,
        cite: "concord: waivers are scoped to one rule and one place, and must stay current",
        sources: &[],
        pattern: None,
        rule: waiver.location,
    };
    Finding::new(
        &by,
        Outcome::Violated,
        format!("the waiver of `{}` accepts nothing: {why}", waiver.rule),
        "remove the waiver, or correct its rule id and path (e.g. `evidence.communications[0]`) so it names the finding it accepts".to_owned(),
    )
    .at(vec![Mark { at: waiver.location, label: "this waiver".to_owned() }])
}

/// Resolves `record.field[index].field` to the place of that value in the case.
pub fn resolve(case: &Case, path: &str) -> Option<Location> {
    let mut parts = split_path(path)?.into_iter();
    let record = RecordKind::from_name(&parts.next()?)?;
    let doc = case.get(record)?;
    let mut value = &doc.root;
    for part in parts {
        value = match (&value.kind, part.parse::<usize>()) {
            (ValueKind::List(items), Ok(i)) => items.get(i)?,
            (ValueKind::Map(_), _) => &value.field(&part)?.value,
            _ => return None,
        };
    }
    Some(Location {
        file: doc.file,
        span: value.span,
    })
}

/// `evidence.communications[0].summary` → `["evidence", "communications", "0", "summary"]`.
fn split_path(path: &str) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    for segment in path.split('.') {
        let (name, rest) = segment
            .split_once('[')
            .map_or((segment, ""), |(n, r)| (n, r));
        if name.is_empty() {
            return None;
        }
        parts.push(name.to_owned());
        for index in rest.split('[').filter(|s| !s.is_empty()) {
            parts.push(index.strip_suffix(']')?.to_owned());
        }
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::split_path;

    #[test]
    fn paths_split_into_fields_and_indices() {
        assert_eq!(
            split_path("evidence.units[1].measurements.throughput").unwrap(),
            ["evidence", "units", "1", "measurements", "throughput"]
        );
        assert!(split_path("evidence..units").is_none());
        assert!(split_path("evidence.units[1").is_none());
    }
}
