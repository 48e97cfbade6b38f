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
    /// A lot or batch code, read without the label word written before it (`LOT 2026-05-A` is `2026-05-A`).
    Lot,
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
            FieldType::Text => "a text".into(),
            FieldType::Prose => "a text, or a list of lines of text".into(),
            FieldType::Lot => "a lot or batch code such as `2026-05-A`".into(),
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
    roles: Vec<(Role, Vec<String>)>,
}

/// The part a record field plays, for the code that reads it outside rules (the matrix, `measured_by`, the pack
/// versions in force, waivers). `data/schema.yaml` names the field of each role under `roles:`, so Rust never
/// writes a record field's name; a role whose field the schema lacks is an error with its line in the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The contract's signing date (it chooses the pack versions in force).
    Signed,
    /// The contract's product category (it chooses the category packs).
    Category,
    /// The contract's spec items, a map of spec items.
    SpecItems,
    /// A spec item's requirement.
    Requirement,
    /// A spec item's test method.
    TestMethod,
    /// The inspection's results, a map by spec item.
    Results,
    /// A result's or arrival measurement's measured value.
    Measured,
    /// The method a result or arrival measurement was taken by.
    Method,
    /// A result's pass/fail.
    Verdict,
    /// The pulled units of the arrival evidence.
    PulledUnits,
    /// A pulled unit's measurements, a map by spec item.
    UnitMeasurements,
    /// The date the buyer confirmed receipt.
    ReceiptConfirmed,
    /// The contract's protection window.
    ClaimWindow,
    /// The date the dispute was filed.
    Filed,
    /// The waivers of a waivers file.
    Waivers,
    /// A waiver's rule id.
    WaiverRule,
    /// A waiver's data path.
    WaiverPath,
    /// Why a waiver accepts the finding.
    WaiverReason,
    /// Who approved a waiver.
    WaiverApprover,
    /// A waiver's last day.
    WaiverExpires,
    /// The date the buyer plans to file the dispute.
    Planned,
    /// The date the goods arrived.
    ArrivalDate,
    /// The bill of lading's on-board date.
    OnBoard,
    /// The quantity shipped.
    ShippedQuantity,
    /// The quantity received.
    ReceivedQuantity,
    /// The claims of the dispute.
    Claims,
    /// A claim's kind.
    ClaimKind,
    /// A claim's spec item.
    ClaimItem,
    /// A claim's amount.
    ClaimAmount,
    /// The order's id.
    OrderId,
    /// The order's product.
    Product,
    /// The order's quantity.
    OrderQuantity,
    /// The order's value.
    OrderValue,
    /// The latest shipment date of the contract.
    ShipBy,
    /// The buyer (a party).
    Buyer,
    /// The supplier (a party).
    Supplier,
    /// A party's name.
    PartyName,
    /// A party's country.
    PartyCountry,
    /// The contract's packing lines, where packing ratios are stated.
    Packing,
    /// The contract's clauses.
    Clauses,
}

impl Role {
    /// Every role, each named once in the schema.
    pub const ALL: [Role; 40] = [
        Role::Signed,
        Role::Category,
        Role::SpecItems,
        Role::Requirement,
        Role::TestMethod,
        Role::Results,
        Role::Measured,
        Role::Method,
        Role::Verdict,
        Role::PulledUnits,
        Role::UnitMeasurements,
        Role::ReceiptConfirmed,
        Role::ClaimWindow,
        Role::Filed,
        Role::Waivers,
        Role::WaiverRule,
        Role::WaiverPath,
        Role::WaiverReason,
        Role::WaiverApprover,
        Role::WaiverExpires,
        Role::Planned,
        Role::ArrivalDate,
        Role::OnBoard,
        Role::ShippedQuantity,
        Role::ReceivedQuantity,
        Role::Claims,
        Role::ClaimKind,
        Role::ClaimItem,
        Role::ClaimAmount,
        Role::OrderId,
        Role::Product,
        Role::OrderQuantity,
        Role::OrderValue,
        Role::ShipBy,
        Role::Buyer,
        Role::Supplier,
        Role::PartyName,
        Role::PartyCountry,
        Role::Packing,
        Role::Clauses,
    ];

    /// The role's name under `roles:` in the schema.
    pub fn name(self) -> &'static str {
        match self {
            Role::Signed => "signed",
            Role::Category => "category",
            Role::SpecItems => "spec_items",
            Role::Requirement => "requirement",
            Role::TestMethod => "test_method",
            Role::Results => "results",
            Role::Measured => "measured",
            Role::Method => "method",
            Role::Verdict => "verdict",
            Role::PulledUnits => "pulled_units",
            Role::UnitMeasurements => "unit_measurements",
            Role::ReceiptConfirmed => "receipt_confirmed",
            Role::ClaimWindow => "claim_window",
            Role::Filed => "filed",
            Role::Waivers => "waivers",
            Role::WaiverRule => "waiver_rule",
            Role::WaiverPath => "waiver_path",
            Role::WaiverReason => "waiver_reason",
            Role::WaiverApprover => "waiver_approver",
            Role::WaiverExpires => "waiver_expires",
            Role::Planned => "planned",
            Role::ArrivalDate => "arrival_date",
            Role::OnBoard => "on_board",
            Role::ShippedQuantity => "shipped_quantity",
            Role::ReceivedQuantity => "received_quantity",
            Role::Claims => "claims",
            Role::ClaimKind => "claim_kind",
            Role::ClaimItem => "claim_item",
            Role::ClaimAmount => "claim_amount",
            Role::OrderId => "order_id",
            Role::Product => "product",
            Role::OrderQuantity => "order_quantity",
            Role::OrderValue => "order_value",
            Role::ShipBy => "ship_by",
            Role::Buyer => "buyer",
            Role::Supplier => "supplier",
            Role::PartyName => "party_name",
            Role::PartyCountry => "party_country",
            Role::Packing => "packing",
            Role::Clauses => "clauses",
        }
    }
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
                roles: Vec::new(),
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
        let mut schema = Schema {
            types: builder.types,
            roots,
            named: builder.named,
            roles: Vec::new(),
        };
        schema.roles = schema.read_roles(text, &root)?;
        Ok(schema)
    }

    /// The keys of a role's field: from its record's root for a record field, from a value of its type otherwise
    /// (`spec_item.requirement` gives `["requirement"]`). Empty only for a schema that failed to load.
    pub fn role(&self, role: Role) -> &[String] {
        self.roles
            .iter()
            .find(|(r, _)| *r == role)
            .map_or(&[], |(_, keys)| keys.as_slice())
    }

    /// The last key of a role's field: its name in the record.
    pub fn role_key(&self, role: Role) -> &str {
        self.role(role).last().map_or("", String::as_str)
    }

    /// Reads `roles:`: each role once, each naming `record.field...` or `type.field...` that the schema has.
    fn read_roles(&self, text: &str, root: &Node) -> Result<Vec<(Role, Vec<String>)>, String> {
        let located = |node: &Node, message: String| {
            let (line, column) = crate::source::line_col(text, node.span.start);
            format!("data/schema.yaml:{line}:{column}: {message}")
        };
        let roles = root.get("roles").ok_or("schema has no `roles`")?;
        let NodeKind::Map(entries) = &roles.value.kind else {
            return Err(located(&roles.value, "`roles` must be a mapping".into()));
        };
        let mut out = Vec::new();
        for entry in entries {
            let Some(role) = Role::ALL.into_iter().find(|r| r.name() == entry.key) else {
                let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                return Err(located(
                    &entry.value,
                    format!(
                        "unknown role `{}`; the roles are {}",
                        entry.key,
                        names.join(", ")
                    ),
                ));
            };
            let NodeKind::Scalar(path) = &entry.value.kind else {
                return Err(located(
                    &entry.value,
                    format!("role `{}` names one field, `record.field`", entry.key),
                ));
            };
            let keys = self.resolve(&path.value).map_err(|message| {
                located(&entry.value, format!("role `{}`: {message}", entry.key))
            })?;
            out.push((role, keys));
        }
        if let Some(missing) = Role::ALL
            .into_iter()
            .find(|r| !out.iter().any(|(o, _)| o == r))
        {
            return Err(located(
                &roles.value,
                format!(
                    "`roles` does not name the field of role `{}`",
                    missing.name()
                ),
            ));
        }
        Ok(out)
    }

    /// `record.field.field` or `type.field`: the keys after the first name, each a field of the one before.
    fn resolve(&self, path: &str) -> Result<Vec<String>, String> {
        let mut names = path.split('.');
        let first = names.next().unwrap_or_default();
        let mut ty = match RecordKind::from_name(first) {
            Some(record) => self.root(record),
            None => self
                .named(first)
                .ok_or_else(|| format!("`{first}` is neither a record nor a type of the schema"))?,
        };
        let mut keys = Vec::new();
        let mut walked = first.to_owned();
        for name in names {
            let FieldType::Record(id) = ty else {
                return Err(format!("`{walked}` has no fields"));
            };
            let record = self.record(id);
            let Some(field) = record.field(name) else {
                let hint = record
                    .suggest(name)
                    .map(|s| {
                        format!("; did you mean `{s}`? (rename the role's field with the schema's)")
                    })
                    .unwrap_or_default();
                return Err(format!("`{walked}` has no field `{name}`{hint}"));
            };
            ty = field.clone();
            walked = format!("{walked}.{name}");
            keys.push(name.to_owned());
        }
        if keys.is_empty() {
            return Err(format!("`{path}` names no field"));
        }
        Ok(keys)
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
        "lot" => FieldType::Lot,
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

    #[test]
    fn every_role_names_a_field_of_the_bundled_schema() {
        let schema = Schema::bundled();
        for role in Role::ALL {
            assert!(!schema.role(role).is_empty(), "{}", role.name());
        }
        assert_eq!(schema.role_key(Role::TestMethod), "measured_by");
    }

    #[test]
    fn renaming_a_field_without_its_role_is_an_error_at_the_role() {
        let bundled = include_str!("../../data/schema.yaml");
        let field = "    measured_by: text\n";
        assert!(bundled.contains(field));
        let renamed = bundled.replacen(field, "    test_method: text\n", 1);
        let error = Schema::parse(&renamed).unwrap_err();
        let line = renamed
            .lines()
            .position(|l| l.trim() == "test_method: spec_item.measured_by")
            .unwrap()
            + 1;
        assert!(
            error.starts_with(&format!("data/schema.yaml:{line}:")),
            "{error}"
        );
        assert!(
            error.contains("role `test_method`: `spec_item` has no field `measured_by`"),
            "{error}"
        );
        // Renamed in its role too, every reader follows.
        let both = renamed.replacen(
            "test_method: spec_item.measured_by",
            "test_method: spec_item.test_method",
            1,
        );
        let schema = Schema::parse(&both).unwrap();
        assert_eq!(schema.role_key(Role::TestMethod), "test_method");
    }

    #[test]
    fn a_schema_without_a_role_is_refused() {
        let bundled = include_str!("../../data/schema.yaml");
        let without = bundled.replacen("  verdict: result.result\n", "", 1);
        let error = Schema::parse(&without).unwrap_err();
        assert!(error.contains("role `verdict`"), "{error}");
    }
}
