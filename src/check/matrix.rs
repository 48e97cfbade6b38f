//! The consistency matrix of a case: one row per contract spec item, with what the contract requires, what the
//! inspection measured and judged, and what was measured on arrival, each cell coloured and located.

use chrono::{Months, NaiveDate};

use crate::records::case::Case;
use crate::records::document::{Document, Value, ValueKind};
use crate::records::schema::{RecordKind, Role, Schema};
use crate::source::Location;
use crate::units::Requirement;

/// How a cell reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    /// Meets the contract.
    Green,
    /// Fails the contract, or disagrees with itself.
    Red,
    /// Missing.
    Grey,
}

/// One cell: its state, what it says and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Colour.
    pub state: CellState,
    /// The value in words.
    pub text: String,
    /// Where the value is written.
    pub at: Option<Location>,
}

/// One spec item across the three records.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixRow {
    /// Spec item name.
    pub item: String,
    /// The contract's requirement and method.
    pub contract: Cell,
    /// The inspection's measurement and verdict.
    pub inspection: Cell,
    /// The arrival measurements.
    pub arrival: Cell,
}

/// Where the case stands against its protection window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowStatus {
    /// The last day to file.
    pub closes: NaiveDate,
    /// Days from the evaluation date to the last day (negative once closed).
    pub days_left: i64,
    /// The filing date, if filed.
    pub filed: Option<NaiveDate>,
}

fn cell(state: CellState, text: impl Into<String>, at: Option<Location>) -> Cell {
    Cell {
        state,
        text: text.into(),
        at,
    }
}

fn at(doc: &Document, value: &Value) -> Option<Location> {
    Some(Location {
        file: doc.file,
        span: value.span,
    })
}

fn text_of(value: Option<&Value>) -> Option<&str> {
    match &value?.kind {
        ValueKind::Text(t) => Some(t),
        _ => None,
    }
}

/// Whether a measured value meets a requirement; `None` when they cannot be compared.
fn meets(measured: &ValueKind, requirement: &Requirement) -> Option<bool> {
    match (measured, requirement) {
        (ValueKind::Quantity(m), r) => r.is_satisfied_by(&m.quantity).ok(),
        (ValueKind::Text(t), Requirement::Named(name)) => Some(crate::text::names_match(t, name)),
        _ => None,
    }
}

fn shown(value: &ValueKind) -> String {
    match value {
        ValueKind::Quantity(m) => m.quantity.to_string(),
        ValueKind::Text(t) => t.clone(),
        ValueKind::Requirement(r) => r.requirement.to_string(),
        _ => String::new(),
    }
}

/// Builds the matrix from the case's records, in the contract's order of spec items.
pub fn build(case: &Case) -> Vec<MatrixRow> {
    let Some(contract) = case.get(RecordKind::Contract) else {
        return Vec::new();
    };
    let schema = Schema::bundled();
    let role = |r: Role| schema.role(r);
    let Some(ValueKind::Map(items)) = contract
        .root
        .path(role(Role::SpecItems))
        .map(|f| &f.value.kind)
    else {
        return Vec::new();
    };
    items
        .iter()
        .map(|item| {
            let requirement = item.value.path(role(Role::Requirement)).map(|f| &f.value);
            let method = text_of(item.value.path(role(Role::TestMethod)).map(|f| &f.value));
            let req = match requirement.map(|r| &r.kind) {
                Some(ValueKind::Requirement(r)) => Some(&r.requirement),
                _ => None,
            };
            let contract_cell = match (req, requirement) {
                (Some(r), Some(value)) => {
                    let by = method
                        .map(|m| format!(" by {m}"))
                        .unwrap_or_else(|| ", no method".to_owned());
                    let state = if method.is_some() {
                        CellState::Green
                    } else {
                        CellState::Red
                    };
                    cell(state, format!("{r}{by}"), at(contract, value))
                }
                _ => cell(CellState::Red, "no requirement", at(contract, &item.value)),
            };
            MatrixRow {
                item: item.key.clone(),
                contract: contract_cell,
                inspection: inspection_cell(case, &item.key, req),
                arrival: arrival_cell(case, &item.key, req),
            }
        })
        .collect()
}

fn inspection_cell(case: &Case, item: &str, req: Option<&Requirement>) -> Cell {
    let Some(doc) = case.get(RecordKind::Inspection) else {
        return cell(CellState::Grey, "no inspection report", None);
    };
    let schema = Schema::bundled();
    let role = |r: Role| schema.role(r);
    let Some(result) = doc
        .root
        .path(role(Role::Results))
        .and_then(|r| r.value.field(item))
    else {
        return cell(CellState::Grey, "not inspected", None);
    };
    let Some(measured) = result.value.path(role(Role::Measured)).map(|f| &f.value) else {
        return cell(CellState::Grey, "no measured value", at(doc, &result.value));
    };
    let verdict =
        text_of(result.value.path(role(Role::Verdict)).map(|f| &f.value)).unwrap_or("no result");
    let method =
        text_of(result.value.path(role(Role::Method)).map(|f| &f.value)).unwrap_or("no method");
    let judged = req.and_then(|r| meets(&measured.kind, r));
    let state = match (judged, verdict) {
        (Some(true), "pass") => CellState::Green,
        (None, _) => CellState::Grey,
        _ => CellState::Red,
    };
    cell(
        state,
        format!("{}: {verdict} ({method})", shown(&measured.kind)),
        at(doc, measured),
    )
}

fn arrival_cell(case: &Case, item: &str, req: Option<&Requirement>) -> Cell {
    let Some(doc) = case.get(RecordKind::Evidence) else {
        return cell(CellState::Grey, "no arrival evidence", None);
    };
    let schema = Schema::bundled();
    let role = |r: Role| schema.role(r);
    let Some(ValueKind::List(units)) = doc
        .root
        .path(role(Role::PulledUnits))
        .map(|f| &f.value.kind)
    else {
        return cell(CellState::Grey, "no pulled units", None);
    };
    let measured: Vec<&Value> = units
        .iter()
        .filter_map(|u| {
            u.path(role(Role::UnitMeasurements))?
                .value
                .field(item)?
                .value
                .path(role(Role::Measured))
                .map(|f| &f.value)
        })
        .collect();
    let Some(first) = measured.first() else {
        return cell(CellState::Grey, "not measured", None);
    };
    let verdicts: Vec<Option<bool>> = measured
        .iter()
        .map(|m| req.and_then(|r| meets(&m.kind, r)))
        .collect();
    let state = if verdicts.contains(&Some(false)) {
        CellState::Red
    } else if verdicts.iter().all(|v| *v == Some(true)) {
        CellState::Green
    } else {
        CellState::Grey
    };
    let values: Vec<String> = measured.iter().take(4).map(|m| shown(&m.kind)).collect();
    let more = if measured.len() > 4 {
        format!(" and {} more", measured.len() - 4)
    } else {
        String::new()
    };
    let text = format!(
        "{}{more} ({} {})",
        values.join(", "),
        measured.len(),
        if measured.len() == 1 { "unit" } else { "units" }
    );
    cell(state, text, at(doc, first))
}

/// The protection window: closes on confirmed receipt plus the contract's window.
pub fn window(case: &Case, as_of: NaiveDate) -> Option<WindowStatus> {
    let evidence = case.get(RecordKind::Evidence)?;
    let contract = case.get(RecordKind::Contract)?;
    let date = |v: Option<&Value>| match v.map(|v| &v.kind) {
        Some(ValueKind::Date(d)) => Some(*d),
        _ => None,
    };
    let schema = Schema::bundled();
    let receipt = date(
        evidence
            .root
            .path(schema.role(Role::ReceiptConfirmed))
            .map(|f| &f.value),
    )?;
    let window = match &contract
        .root
        .path(schema.role(Role::ClaimWindow))?
        .value
        .kind
    {
        ValueKind::Window(w) => w.duration.clone(),
        _ => return None,
    };
    let closes = match window.unit.is_calendar() {
        Some(calendar) if window.value.fract() == 0.0 && window.value >= 0.0 => {
            let months = window.value as u32
                * if calendar == crate::units::CalendarUnit::Year {
                    12
                } else {
                    1
                };
            receipt.checked_add_months(Months::new(months))?
        }
        _ => receipt.checked_add_days(chrono::Days::new(window.as_days()?.max(0.0) as u64))?,
    };
    let filed = date(
        evidence
            .root
            .path(schema.role(Role::Filed))
            .map(|f| &f.value),
    );
    Some(WindowStatus {
        closes,
        days_left: (closes - as_of).num_days(),
        filed,
    })
}
