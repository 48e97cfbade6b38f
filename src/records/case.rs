//! A case: the typed records of one order, by record kind. A record absent from the case is `None`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::records::document::{Document, Value, ValueKind};
use crate::records::schema::{RecordKind, Role, Schema};
use crate::source::Location;
use crate::units::Packing;

/// The records of one order.
#[derive(Debug, Clone, Default)]
pub struct Case {
    /// Display name (the folder).
    pub name: String,
    records: BTreeMap<RecordKind, Document>,
    /// The packing ratios the contract states, read on first use.
    packing: OnceLock<Packing<Location>>,
}

impl Case {
    /// An empty case.
    pub fn new(name: impl Into<String>) -> Self {
        Case {
            name: name.into(),
            records: BTreeMap::new(),
            packing: OnceLock::new(),
        }
    }

    /// Adds a record, replacing any earlier one of the same kind.
    pub fn insert(&mut self, document: Document) {
        self.records.insert(document.record, document);
        self.packing = OnceLock::new();
    }

    /// The packing ratios the contract's packing lines and clauses state (`24 pcs per carton`), each with its
    /// place: the count conversions of this order.
    pub fn packing(&self) -> &Packing<Location> {
        self.packing.get_or_init(|| {
            let Some(contract) = self.get(RecordKind::Contract) else {
                return Packing::default();
            };
            let schema = Schema::bundled();
            let mut texts = Vec::new();
            for role in [Role::Packing, Role::Clauses] {
                if let Some(field) = contract.root.path(schema.role(role)) {
                    texts_of(&field.value, contract.file, &mut texts);
                }
            }
            Packing::read(texts)
        })
    }

    /// The record of a kind, if the case has it.
    pub fn get(&self, record: RecordKind) -> Option<&Document> {
        self.records.get(&record)
    }

    /// The contract's signing date, when stated: it chooses the rule-set version in force.
    pub fn signed(&self) -> Option<chrono::NaiveDate> {
        let roles = crate::records::schema::Schema::bundled();
        let signed = roles.role(crate::records::schema::Role::Signed);
        match &self
            .get(RecordKind::Contract)?
            .root
            .path(signed)?
            .value
            .kind
        {
            crate::records::document::ValueKind::Date(d) => Some(*d),
            _ => None,
        }
    }

    /// The contract's product category, when stated.
    pub fn category(&self) -> Option<&str> {
        let roles = crate::records::schema::Schema::bundled();
        let category = roles.role(crate::records::schema::Role::Category);
        match &self
            .get(RecordKind::Contract)?
            .root
            .path(category)?
            .value
            .kind
        {
            crate::records::document::ValueKind::Text(t) => Some(t.as_str()),
            _ => None,
        }
    }
}

/// The texts of a value (a text, or a list of texts), each with its place.
fn texts_of<'v>(value: &'v Value, file: crate::source::FileId, out: &mut Vec<(&'v str, Location)>) {
    let at = Location {
        file: value.file.unwrap_or(file),
        span: value.span,
    };
    match &value.kind {
        ValueKind::Text(text) => out.push((text, at)),
        ValueKind::List(items) => items.iter().for_each(|item| texts_of(item, file, out)),
        _ => {}
    }
}
