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

/// Where the case stands against its protection window: the last day to file, and the date the window is judged
/// against (the filing date, else the planned date, else the evaluation date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowStatus {
    /// The last day to file: the contract's window from its event, or Trade Assurance's own limit when earlier.
    pub closes: NaiveDate,
    /// What the last day counts from, in words (`30 days after confirmed receipt on 2026-06-20`).
    pub counted_from: String,
    /// Days from the evaluation date to the last day (negative once closed).
    pub days_left: i64,
    /// The filing date, if filed.
    pub filed: Option<NaiveDate>,
    /// The planned filing date, if planned and not filed.
    pub planned: Option<NaiveDate>,
}

impl WindowStatus {
    /// The deadline in words, for every report format: `file by 2026-07-20: 18 days left`.
    pub fn line(&self) -> String {
        let days = |n: i64| {
            if n == 1 {
                "1 day".to_owned()
            } else {
                format!("{n} days")
            }
        };
        match (self.filed, self.planned) {
            (Some(filed), _) if filed <= self.closes => format!(
                "filed on {filed}, {} before the protection window closed on {}",
                days((self.closes - filed).num_days()),
                self.closes
            ),
            (Some(filed), _) => format!(
                "filed on {filed}, {} after the protection window closed on {}",
                days((filed - self.closes).num_days()),
                self.closes
            ),
            _ if self.days_left < 0 => format!(
                "not filed; the protection window closed on {}, {} ago",
                self.closes,
                days(-self.days_left)
            ),
            (None, Some(planned)) if planned > self.closes => format!(
                "file by {}: {} left; the planned date {planned} is too late",
                self.closes,
                days(self.days_left)
            ),
            (None, Some(planned)) => format!(
                "file by {}: {} left (planned for {planned})",
                self.closes,
                days(self.days_left)
            ),
            (None, None) => format!("file by {}: {} left", self.closes, days(self.days_left)),
        }
    }
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

/// The value a role names in a record (`data/schema.yaml`, `roles:`), or below a value for a role of a type.
fn role_value(value: &Value, role: Role) -> Option<&Value> {
    value.path(Schema::bundled().role(role)).map(|f| &f.value)
}

fn date_of(value: Option<&Value>) -> Option<NaiveDate> {
    match value?.kind {
        ValueKind::Date(d) => Some(d),
        _ => None,
    }
}

fn role_date(doc: &Document, role: Role) -> Option<NaiveDate> {
    date_of(role_value(&doc.root, role))
}

/// A date plus a duration: calendar months and years by the calendar, anything else in whole days.
fn add(start: NaiveDate, length: &crate::units::Quantity) -> Option<NaiveDate> {
    match length.unit.is_calendar() {
        Some(calendar) if length.value.fract() == 0.0 && length.value >= 0.0 => {
            let months = length.value as u32
                * if calendar == crate::units::CalendarUnit::Year {
                    12
                } else {
                    1
                };
            start.checked_add_months(Months::new(months))
        }
        _ => start.checked_add_days(chrono::Days::new(length.as_days()?.max(0.0) as u64)),
    }
}

/// The protection window: the contract's window counted from the event it names (`data/windows.tsv`; confirmed
/// receipt when it names none), closed earlier by the platform's own limits when they are shorter.
pub fn window(case: &Case, as_of: NaiveDate) -> Option<WindowStatus> {
    let evidence = case.get(RecordKind::Evidence)?;
    let contract = case.get(RecordKind::Contract)?;
    let ValueKind::Window(window) = &role_value(&contract.root, Role::ClaimWindow)?.kind else {
        return None;
    };
    let event = window.event.unwrap_or("receipt");
    let (start, what) = match event {
        "delivery" | "arrival" => (role_date(evidence, Role::ArrivalDate)?, event),
        "shipment" => (role_date(evidence, Role::OnBoard)?, "shipment"),
        _ => (
            role_date(evidence, Role::ReceiptConfirmed)?,
            "confirmed receipt",
        ),
    };
    let mut closes = add(start, &window.duration)?;
    let mut counted_from = format!("{} after {what} on {start}", window.duration);
    let receipt = role_date(evidence, Role::ReceiptConfirmed);
    for (anchor, limit) in crate::records::windows::vocabulary().limits() {
        let from = match *anchor {
            "receipt" => receipt,
            _ => None,
        };
        if let Some(limited) = from.and_then(|from| {
            Some((
                from,
                from.checked_add_days(chrono::Days::new(u64::from(*limit)))?,
            ))
        }) {
            if limited.1 < closes {
                closes = limited.1;
                counted_from = format!(
                    "Trade Assurance's limit of {limit} days after confirmed receipt on {}, earlier than the contract's {}",
                    limited.0, window.duration
                );
            }
        }
    }
    let filed = role_date(evidence, Role::Filed);
    Some(WindowStatus {
        closes,
        counted_from,
        days_left: (closes - as_of).num_days(),
        filed,
        planned: if filed.is_none() {
            role_date(evidence, Role::Planned)
        } else {
            None
        },
    })
}

/// One claimed item, as `dispute.claims` states it (or as concord takes it when the claims are not stated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedItem {
    /// `quality`, `late_shipment` or `short_quantity`.
    pub kind: String,
    /// The spec item, for a quality claim.
    pub item: Option<String>,
    /// The amount claimed, as written.
    pub amount: Option<String>,
}

/// What the case is about, for the head of a report to attach to a filing: the order, the parties and the claim.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFacts {
    /// `order.id`.
    pub order_id: Option<String>,
    /// `order.product`.
    pub product: Option<String>,
    /// `order.category`.
    pub category: Option<String>,
    /// `order.signed`.
    pub signed: Option<NaiveDate>,
    /// `order.quantity`, as written.
    pub quantity: Option<String>,
    /// `order.value`, as written.
    pub value: Option<String>,
    /// The buyer's name and country.
    pub buyer: Option<String>,
    /// The supplier's name and country.
    pub supplier: Option<String>,
    /// `shipment.ship_by` of the contract.
    pub ship_by: Option<NaiveDate>,
    /// The bill of lading's on-board date.
    pub on_board: Option<NaiveDate>,
    /// The quantity shipped, as written.
    pub shipped: Option<String>,
    /// The quantity received, as written.
    pub received: Option<String>,
    /// The claims as stated under `dispute.claims`; empty when none are stated.
    pub claims: Vec<ClaimedItem>,
}

fn written(value: Option<&Value>) -> Option<String> {
    match &value?.kind {
        ValueKind::Text(t) => Some(t.clone()),
        ValueKind::Quantity(m) => Some(m.quantity.to_string()),
        ValueKind::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads the facts of a case from its records; anything not written is `None`.
pub fn facts(case: &Case) -> CaseFacts {
    let mut facts = CaseFacts::default();
    if let Some(c) = case.get(RecordKind::Contract) {
        let party = |who: Role| {
            let party = role_value(&c.root, who)?;
            let name = written(role_value(party, Role::PartyName))?;
            Some(match written(role_value(party, Role::PartyCountry)) {
                Some(country) => format!("{name} ({country})"),
                None => name,
            })
        };
        let text = |role: Role| written(role_value(&c.root, role));
        facts.order_id = text(Role::OrderId);
        facts.product = text(Role::Product);
        facts.category = text(Role::Category);
        facts.signed = role_date(c, Role::Signed);
        facts.quantity = text(Role::OrderQuantity);
        facts.value = text(Role::OrderValue);
        facts.buyer = party(Role::Buyer);
        facts.supplier = party(Role::Supplier);
        facts.ship_by = role_date(c, Role::ShipBy);
    }
    if let Some(e) = case.get(RecordKind::Evidence) {
        facts.on_board = role_date(e, Role::OnBoard);
        facts.shipped = written(role_value(&e.root, Role::ShippedQuantity));
        facts.received = written(role_value(&e.root, Role::ReceivedQuantity));
        if let Some(ValueKind::List(claims)) = role_value(&e.root, Role::Claims).map(|v| &v.kind) {
            facts.claims = claims
                .iter()
                .filter_map(|claim| {
                    Some(ClaimedItem {
                        kind: written(role_value(claim, Role::ClaimKind))?,
                        item: written(role_value(claim, Role::ClaimItem)),
                        amount: written(role_value(claim, Role::ClaimAmount)),
                    })
                })
                .collect();
        }
    }
    facts
}
