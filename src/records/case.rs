//! A case: the typed records of one order, by record kind. A record absent from the case is `None`.

use std::collections::BTreeMap;

use crate::records::document::Document;
use crate::records::schema::RecordKind;

/// The records of one order.
#[derive(Debug, Clone, Default)]
pub struct Case {
    /// Display name (the folder).
    pub name: String,
    records: BTreeMap<RecordKind, Document>,
}

impl Case {
    /// An empty case.
    pub fn new(name: impl Into<String>) -> Self {
        Case {
            name: name.into(),
            records: BTreeMap::new(),
        }
    }

    /// Adds a record, replacing any earlier one of the same kind.
    pub fn insert(&mut self, document: Document) {
        self.records.insert(document.record, document);
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
