//! The record schemas (`data/schema.yaml`): which fields each record of a case has and of what type.
//! Both the data loader and the rule compiler read it, so rules and data agree on one shape.

use std::fmt;
use std::sync::OnceLock;

use crate::records::yaml::{self, Node, NodeKind};

/// The three records of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// The order contract.
    Contract,
    /// The pre-shipment inspection report.
    Inspection,
    /// The arrival evidence and dispute filing.
    Evidence,
}

impl RecordKind {
    /// All records, in lifecycle order.
    pub const ALL: [RecordKind; 3] = [
        RecordKind::Contract,
        RecordKind::Inspection,
        RecordKind::Evidence,
    ];

    /// The name used in rule paths (`contract`, ...).
    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Contract => "contract",
            RecordKind::Inspection => "inspection",
            RecordKind::Evidence => "evidence",
        }
    }

    /// The file that holds the record in a case folder.
    pub fn file_name(self) -> &'static str {
        match self {
            RecordKind::Contract => "contract.yaml",
            RecordKind::Inspection => "inspection.yaml",
            RecordKind::Evidence => "evidence.yaml",
        }
    }

    /// The record named by a path root, if any.
    pub fn from_name(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|r| r.name() == name)
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Index of a record type inside the `Schema`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TypeId(usize);

/// The type of a field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    /// A short text (names, ids, codes).
    Text,
    /// Free prose, linted for vague wording.
    Prose,
    /// An ISO 8601 date.
    Date,
    /// An ISO 8601 timestamp with offset.
    Timestamp,
    /// A number with a unit.
    Quantity,
    /// A quantity of time.
    Duration,
    /// A quantity of 0 or more: a count, a size, a value.
    Amount,
    /// A requirement such as `>= 50 cycles/min`.
    Requirement,
    /// A measured value: a quantity, or a text for named things such as materials.
    Reading,
    /// A period after an event: `30 days after confirmed receipt`.
    Window,
    /// `true` or `false`.
    Bool,
    /// Any number.
    Number,
    /// A whole number.
    Integer,
    /// One of the listed words.
    Enum(Vec<String>),
    /// A list of values.
    List(Box<FieldType>),
    /// A mapping with any keys.
    Map(Box<FieldType>),
    /// A mapping with the fields of a record type.
    Record(TypeId),
}

impl FieldType {
    /// How the type reads in a message: "a date", "a list of ...".
    pub fn describe(&self, schema: &Schema) -> String {
        match self {
            FieldType::Text | FieldType::Prose => "a text".into(),
            FieldType::Date => "a date such as `2026-03-02`".into(),
            FieldType::Timestamp => {
                "a timestamp with offset such as `2026-06-20T09:12:00-07:00`".into()
            }
            FieldType::Quantity => "a quantity with a unit such as `50 cycles/min`".into(),
            FieldType::Duration => "a duration such as `12 months`".into(),
            FieldType::Amount => "a quantity of 0 or more such as `4 units`".into(),
            FieldType::Requirement => {
                "a requirement such as `>= 50 cycles/min`, `48..52 mm` or `120 mm ± 0.5 mm`".into()
            }
            FieldType::Reading => "a measured value such as `31 cycles/min`".into(),
            FieldType::Window => "a window such as `30 days after confirmed receipt`".into(),
            FieldType::Bool => "`true` or `false`".into(),
            FieldType::Number => "a number".into(),
            FieldType::Integer => "a whole number".into(),
            FieldType::Enum(words) => format!(
                "one of {}",
                words
                    .iter()
                    .map(|w| format!("`{w}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            FieldType::List(of) => format!("a list of {}", strip_article(&of.describe(schema))),
            FieldType::Map(of) => format!(
                "a mapping of names to {}",
                strip_article(&of.describe(schema))
            ),
            FieldType::Record(id) => format!("a mapping ({})", schema.record(*id).name),
        }
    }
}

fn strip_article(text: &str) -> String {
    let trimmed = text
        .strip_prefix("a ")
        .or_else(|| text.strip_prefix("an "))
        .unwrap_or(text);
    format!("{trimmed}s").replace("values such", "values, such")
}

/// A record type: named fields.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordType {
    /// The type's name (`spec_item`, or a path such as `contract.order` for inline types).
    pub name: String,
    /// Fields in schema order.
    pub fields: Vec<(String, FieldType)>,
}

impl RecordType {
    /// The type of a field, if the record has it.
    pub fn field(&self, name: &str) -> Option<&FieldType> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, t)| t)
    }

    /// Every field name, comma separated, for help lines that list what a record has.
    pub fn field_list(&self) -> String {
        let names: Vec<&str> = self.fields.iter().map(|(n, _)| n.as_str()).collect();
        names.join(", ")
    }

    /// The closest field name to a misspelt one.
    pub fn suggest(&self, name: &str) -> Option<String> {
        crate::text::closest(name, self.fields.iter().map(|(n, _)| n.as_str()))
    }
}

/// All record types, and the root type of each record.
#[derive(Debug, Clone)]
pub struct Schema {
    types: Vec<RecordType>,
    roots: Vec<(RecordKind, TypeId)>,
    named: Vec<(String, TypeId)>,
}

impl Schema {
    /// The bundled schema, parsed once.
    pub fn bundled() -> &'static Schema {
        static SCHEMA: OnceLock<Schema> = OnceLock::new();
        SCHEMA.get_or_init(|| {
            // INVARIANT: data/schema.yaml is bundled and covered by a test; a broken one yields an empty schema,
            // which makes every path an error rather than a crash.
            Schema::parse(include_str!("../../data/schema.yaml")).unwrap_or_else(|_| Schema {
                types: Vec::new(),
                roots: Vec::new(),
                named: Vec::new(),
            })
        })
    }

    /// The record type behind an id.
    pub fn record(&self, id: TypeId) -> &RecordType {
        static EMPTY: RecordType = RecordType {
            name: String::new(),
            fields: Vec::new(),
        };
        self.types.get(id.0).unwrap_or(&EMPTY)
    }

    /// The root type of a record.
    pub fn root(&self, record: RecordKind) -> FieldType {
        self.roots
            .iter()
            .find(|(r, _)| *r == record)
            .map_or(FieldType::Map(Box::new(FieldType::Text)), |(_, id)| {
                FieldType::Record(*id)
            })
    }

    /// Parses a schema document; errors are messages for concord's developers.
    pub fn parse(text: &str) -> Result<Schema, String> {
        let root = yaml::load(text, &yaml::Limits::default())
            .map_err(|e| e.to_string())?
            .ok_or("empty schema")?;
        let mut builder = Builder::default();
        if let Some(types) = root.get("types") {
            builder.declare_named(&types.value)?;
        }
        let records = root.get("records").ok_or("schema has no `records`")?;
        let mut roots = Vec::new();
        for record in RecordKind::ALL {
            let node = records
                .value
                .get(record.name())
                .ok_or_else(|| format!("schema lacks record `{record}`"))?;
            roots.push((record, builder.inline(record.name(), &node.value)?));
        }
        Ok(Schema {
            types: builder.types,
            roots,
            named: builder.named,
        })
    }

    /// The top-level field of a record that holds a list of prose (the contract's clauses): where the paragraphs
    /// of a contract written as text go.
    pub fn prose_list(&self, record: RecordKind) -> Option<&str> {
        let FieldType::Record(id) = self.root(record) else {
            return None;
        };
        self.record(id)
            .fields
            .iter()
            .find(|(_, ty)| *ty == FieldType::List(Box::new(FieldType::Prose)))
            .map(|(name, _)| name.as_str())
    }

    /// A named type of the schema's `types` section.
    pub fn named(&self, name: &str) -> Option<FieldType> {
        self.named
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| FieldType::Record(*id))
    }

    /// Every record type (for generating JSON Schemas and docs).
    pub fn types(&self) -> impl Iterator<Item = &RecordType> {
        self.types.iter()
    }
}

#[derive(Default)]
struct Builder {
    types: Vec<RecordType>,
    named: Vec<(String, TypeId)>,
}

impl Builder {
    fn declare_named(&mut self, node: &Node) -> Result<(), String> {
        let NodeKind::Map(entries) = &node.kind else {
            return Err("`types` must be a mapping".into());
        };
        // Declare every name first so that types can refer to each other in any order.
        for entry in entries {
            let id = TypeId(self.types.len());
            self.types.push(RecordType {
                name: entry.key.clone(),
                fields: Vec::new(),
            });
            self.named.push((entry.key.clone(), id));
        }
        for entry in entries {
            let id = self.lookup(&entry.key).ok_or("type vanished")?;
            let fields = self.fields(&entry.key, &entry.value)?;
            if let Some(t) = self.types.get_mut(id.0) {
                t.fields = fields;
            }
        }
        Ok(())
    }

    fn lookup(&self, name: &str) -> Option<TypeId> {
        self.named
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
    }

    fn inline(&mut self, name: &str, node: &Node) -> Result<TypeId, String> {
        let fields = self.fields(name, node)?;
        let id = TypeId(self.types.len());
        self.types.push(RecordType {
            name: name.to_owned(),
            fields,
        });
        Ok(id)
    }

    fn fields(&mut self, name: &str, node: &Node) -> Result<Vec<(String, FieldType)>, String> {
        let NodeKind::Map(entries) = &node.kind else {
            return Err(format!("`{name}` must be a mapping of fields"));
        };
        let mut fields = Vec::new();
        for entry in entries {
            let path = format!("{name}.{}", entry.key);
            let ty = match &entry.value.kind {
                NodeKind::Map(_) => FieldType::Record(self.inline(&path, &entry.value)?),
                NodeKind::Scalar(s) => parse_type(&s.value, &|n| self.lookup(n))
                    .ok_or_else(|| format!("`{path}`: unknown type `{}`", s.value))?,
                NodeKind::Seq(_) => return Err(format!("`{path}`: a type is a word or a mapping")),
            };
            fields.push((entry.key.clone(), ty));
        }
        Ok(fields)
    }
}

fn parse_type(text: &str, lookup: &dyn Fn(&str) -> Option<TypeId>) -> Option<FieldType> {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix("list(").and_then(|t| t.strip_suffix(')')) {
        return parse_type(inner, lookup).map(|t| FieldType::List(Box::new(t)));
    }
    if let Some(inner) = text.strip_prefix("map(").and_then(|t| t.strip_suffix(')')) {
        return parse_type(inner, lookup).map(|t| FieldType::Map(Box::new(t)));
    }
    if let Some(inner) = text.strip_prefix("enum(").and_then(|t| t.strip_suffix(')')) {
        return Some(FieldType::Enum(
            inner.split(',').map(|w| w.trim().to_owned()).collect(),
        ));
    }
    Some(match text {
        "text" => FieldType::Text,
        "prose" => FieldType::Prose,
        "date" => FieldType::Date,
        "timestamp" => FieldType::Timestamp,
        "quantity" => FieldType::Quantity,
        "duration" => FieldType::Duration,
        "amount" => FieldType::Amount,
        "requirement" => FieldType::Requirement,
        "reading" => FieldType::Reading,
        "window" => FieldType::Window,
        "bool" => FieldType::Bool,
        "number" => FieldType::Number,
        "integer" => FieldType::Integer,
        named => FieldType::Record(lookup(named)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_schema_parses_and_has_every_record() {
        let schema = Schema::parse(include_str!("../../data/schema.yaml")).unwrap();
        for record in RecordKind::ALL {
            let FieldType::Record(id) = schema.root(record) else {
                panic!("{record} has no record type");
            };
            assert!(!schema.record(id).fields.is_empty());
        }
    }

    #[test]
    fn spec_items_are_a_map_of_spec_item_records() {
        let schema = Schema::bundled();
        let FieldType::Record(contract) = schema.root(RecordKind::Contract) else {
            panic!("contract is not a record");
        };
        let Some(FieldType::Map(item)) = schema.record(contract).field("spec") else {
            panic!("spec is not a map");
        };
        let FieldType::Record(item) = item.as_ref() else {
            panic!("spec items are not records");
        };
        assert_eq!(schema.record(*item).name, "spec_item");
        assert_eq!(
            schema.record(*item).field("requirement"),
            Some(&FieldType::Requirement)
        );
    }
}
