//! `concord init`, `concord schema`, shell completions and the man page: things generated for users
//! from the case templates, the record schemas and the CLI definition.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use serde_json::{json, Map, Value};

use concord::records::schema::{FieldType, RecordKind, Role, Schema};

/// The case templates of the bundled categories, each a claim that holds once its `FILL IN:` values are this
/// order's own (`data/templates/CATEGORY/`). The first is the default.
const TEMPLATES: [(&str, [(&str, &str); 3]); 2] = [
    (
        "machinery",
        [
            (
                "contract.yaml",
                include_str!("../../data/templates/machinery/contract.yaml"),
            ),
            (
                "inspection.yaml",
                include_str!("../../data/templates/machinery/inspection.yaml"),
            ),
            (
                "evidence.yaml",
                include_str!("../../data/templates/machinery/evidence.yaml"),
            ),
        ],
    ),
    (
        "consumer_goods",
        [
            (
                "contract.yaml",
                include_str!("../../data/templates/consumer_goods/contract.yaml"),
            ),
            (
                "inspection.yaml",
                include_str!("../../data/templates/consumer_goods/inspection.yaml"),
            ),
            (
                "evidence.yaml",
                include_str!("../../data/templates/consumer_goods/evidence.yaml"),
            ),
        ],
    ),
];

/// A spec item a loaded pack asks for, read from the example in its rule's help (`name: { requirement: ..., ... }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecItem {
    /// The spec item's name.
    pub name: String,
    /// Its fields as written in the example (`requirement`, `reference`, `measured_by`), in order.
    pub fields: Vec<(String, String)>,
}

/// The spec items the contract-stage rules of the packs for `category` give as examples in their help.
pub fn required_items(rules: &concord::compile::ir::RuleSet, category: &str) -> Vec<SpecItem> {
    let mut items: Vec<SpecItem> = Vec::new();
    for rule in &rules.rules {
        let for_category = rules
            .packs
            .get(rule.pack)
            .is_some_and(|p| p.categories.iter().any(|c| c == category));
        if !for_category || rule.stage != concord::compile::ir::Stage::Contract {
            continue;
        }
        let help: String = rule
            .help
            .parts
            .iter()
            .filter_map(|part| match part {
                concord::compile::ir::TemplatePart::Text(t) => Some(t.as_str()),
                concord::compile::ir::TemplatePart::Hole(_) => None,
            })
            .collect();
        for snippet in help.split('`').skip(1).step_by(2) {
            if let Some(item) = spec_example(snippet) {
                if !items.iter().any(|i| i.name == item.name) {
                    items.push(item);
                }
            }
        }
    }
    items
}

/// Reads `name: { requirement: "X", measured_by: Y }` (the braces may be doubled, as in rule text).
fn spec_example(snippet: &str) -> Option<SpecItem> {
    let snippet = snippet.replace("{{", "{").replace("}}", "}");
    let (name, rest) = snippet.split_once(':')?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let body = rest.trim().strip_prefix('{')?.strip_suffix('}')?;
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in body.chars().chain(std::iter::once(',')) {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                let (key, value) = current.split_once(':')?;
                fields.push((
                    key.trim().to_owned(),
                    value.replace('\\', "").trim().to_owned(),
                ));
                current.clear();
            }
            c => current.push(c),
        }
    }
    fields
        .iter()
        .any(|(k, _)| k == "requirement")
        .then(|| SpecItem {
            name: name.to_owned(),
            fields,
        })
}

/// The categories with a bundled case template.
pub fn template_categories() -> impl Iterator<Item = &'static str> {
    TEMPLATES.iter().map(|(category, _)| *category)
}

/// A reading that meets a requirement, for the template's inspection result of an added spec item.
fn meeting_reading(requirement: &str) -> Option<String> {
    use concord::units::Requirement;
    match Requirement::parse(requirement).ok()? {
        Requirement::Compare { bound, .. } => Some(bound.to_string()),
        Requirement::Range { low, .. } => Some(low.to_string()),
        Requirement::Tolerance { nominal, .. } => Some(nominal.to_string()),
        Requirement::Deviation { tolerance } => Some(tolerance.to_string()),
        Requirement::Named(name) => Some(name),
        _ => None,
    }
}

fn fill(value: &str) -> String {
    format!("\"FILL IN: {}\"", value.replace('"', ""))
}

/// The templates for a category: a bundled category's own, or its nearest ancestor's (else the default's) with the
/// category named and the spec items the loaded packs ask for added (to the contract, and as passing results to the
/// inspection).
fn templates(category: Option<&str>, items: &[SpecItem]) -> Vec<(&'static str, String)> {
    // The nearest template up the category hierarchy (`textiles` and `electronics` are kinds of `consumer_goods`,
    // `data/categories.tsv`), else the default.
    let lineage = category.map_or_else(Vec::new, |c| {
        concord::records::categories::bundled().lineage(c)
    });
    let (default, records) = lineage
        .iter()
        .find_map(|c| TEMPLATES.iter().find(|(t, _)| t == c))
        .copied()
        .unwrap_or(TEMPLATES[0]);
    let Some(category) = category.filter(|c| *c != default) else {
        return records.iter().map(|(n, t)| (*n, (*t).to_owned())).collect();
    };
    records
        .iter()
        .map(|(name, text)| {
            let mut text = (*text).to_owned();
            let mut added = String::new();
            for item in items
                .iter()
                .filter(|i| !text.contains(&format!("  {}:", i.name)))
            {
                match *name {
                    "contract.yaml" => {
                        let fields: Vec<String> = item
                            .fields
                            .iter()
                            .map(|(k, v)| format!("{k}: {}", fill(v)))
                            .collect();
                        let _ = writeln!(added, "  {}: {{ {} }}", item.name, fields.join(", "));
                    }
                    "inspection.yaml" => {
                        let schema = Schema::bundled();
                        let key = |role: Role| schema.role_key(role);
                        let requirement = item
                            .fields
                            .iter()
                            .find(|(k, _)| k == key(Role::Requirement));
                        let method = item.fields.iter().find(|(k, _)| k == key(Role::TestMethod));
                        if let (Some(reading), Some((_, method))) =
                            (requirement.and_then(|(_, r)| meeting_reading(r)), method)
                        {
                            let _ = writeln!(
                                added,
                                "  {}: {{ {}: {}, {}: {}, {}: {} }}",
                                item.name,
                                key(Role::Measured),
                                fill(&reading),
                                key(Role::Method),
                                fill(method),
                                key(Role::Verdict),
                                fill("pass")
                            );
                        }
                    }
                    _ => {}
                }
            }
            let section = match *name {
                "contract.yaml" => Some("\ninspection:\n"),
                "inspection.yaml" => Some("\ndefects:"),
                _ => None,
            };
            if let Some(at) = section.and_then(|s| text.find(s)) {
                text.insert_str(at + 1, &added);
            }
            if *name == "contract.yaml" {
                text = text.replace(
                    &format!("category: {default}"),
                    &format!("category: {category}"),
                );
            }
            (*name, text)
        })
        .collect()
}

/// Moves every date of a template by whole days, so its dates fall around `today`: the arrival a week ago, the
/// filing planned in the days ahead, the contract and the inspection before them.
fn shift_dates(text: &str, today: NaiveDate, receipt: NaiveDate) -> String {
    let days = (today - receipt).num_days() - 7;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("2026-") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        match from
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .and_then(|d| d.checked_add_signed(chrono::TimeDelta::days(days)))
        {
            Some(moved) => {
                out.push_str(&moved.format("%Y-%m-%d").to_string());
                rest = from.get(10..).unwrap_or("");
            }
            None => {
                out.push_str("2026-");
                rest = from.get(5..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// The confirmed receipt date of an evidence template.
fn receipt_of(evidence: &str) -> Option<NaiveDate> {
    let at = evidence.find("receipt_confirmed:")?;
    let from = evidence.get(at..)?;
    let start = from.find("2026-")?;
    NaiveDate::parse_from_str(from.get(start..start + 10)?, "%Y-%m-%d").ok()
}

/// Writes the three records of a case into a new or empty case folder; never overwrites a file. `category`
/// chooses the template (machinery by default); `items` are the spec items the loaded packs ask for.
pub fn init(
    dir: &Path,
    category: Option<&str>,
    items: &[SpecItem],
    today: NaiveDate,
) -> Result<Vec<String>, String> {
    let records = templates(category, items);
    let existing: Vec<&str> = records
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| dir.join(n).exists())
        .collect();
    if !existing.is_empty() {
        return Err(format!(
            "{} already holds {}; nothing was written",
            dir.display(),
            existing.join(", ")
        ));
    }
    let receipt = records
        .iter()
        .find(|(n, _)| *n == "evidence.yaml")
        .and_then(|(_, t)| receipt_of(t))
        .unwrap_or(today);
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create the folder: {e}", dir.display()))?;
    let mut written = Vec::new();
    for (name, text) in records {
        let path = dir.join(name);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        file.write_all(shift_dates(&text, today, receipt).as_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path.to_string_lossy().into_owned());
    }
    Ok(written)
}

/// The JSON Schema of a record, for editors with a YAML language server.
pub fn json_schema(record: RecordKind) -> Value {
    let schema = Schema::bundled();
    let mut root = to_json(&schema.root(record), schema, 0);
    if let Value::Object(map) = &mut root {
        map.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        map.insert(
            "title".into(),
            json!(format!("concord {}", record.file_name())),
        );
    }
    root
}

fn to_json(ty: &FieldType, schema: &Schema, depth: usize) -> Value {
    let text = |description: &str, example: &str| json!({ "type": "string", "description": description, "examples": [example] });
    match ty {
        FieldType::Text => json!({ "type": "string" }),
        FieldType::Lot => {
            json!({ "type": "string", "description": "a lot or batch code; a label word before it (`LOT`, `Batch No.`) is not part of it" })
        }
        FieldType::Prose => json!({
            "anyOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }],
            "description": "free text, or a list of lines of text"
        }),
        FieldType::Date => {
            json!({ "type": "string", "format": "date", "description": "YYYY-MM-DD" })
        }
        FieldType::Timestamp => {
            json!({ "type": "string", "format": "date-time", "description": "ISO 8601 with its UTC offset" })
        }
        FieldType::Quantity => text("a number and a unit", "50 cycles/min"),
        FieldType::Amount => text("a number of 0 or more and a unit", "4 units"),
        FieldType::Duration => text("a length of time", "12 months"),
        FieldType::Requirement => text(
            "a comparison, range, tolerance, or a named material or standard",
            ">= 50 cycles/min",
        ),
        FieldType::Reading => text(
            "a measured quantity, or a text for named things",
            "31 cycles/min",
        ),
        FieldType::Window => text(
            "a length of time after an event",
            "30 days after confirmed receipt",
        ),
        FieldType::Bool => json!({ "type": "boolean" }),
        FieldType::Number => json!({ "type": "number" }),
        FieldType::Integer => json!({ "type": "integer", "minimum": 0 }),
        FieldType::Enum(words) => json!({ "enum": words }),
        FieldType::List(of) => json!({ "type": "array", "items": to_json(of, schema, depth + 1) }),
        FieldType::Map(of) => {
            json!({ "type": "object", "additionalProperties": to_json(of, schema, depth + 1) })
        }
        FieldType::Record(id) if depth < 16 => {
            let record = schema.record(*id);
            let properties: Map<String, Value> = record
                .fields
                .iter()
                .map(|(name, field)| (name.clone(), to_json(field, schema, depth + 1)))
                .collect();
            json!({ "type": "object", "properties": properties, "additionalProperties": false })
        }
        FieldType::Record(_) => json!({ "type": "object" }),
    }
}

#[cfg(test)]
mod tests {
    use super::{meeting_reading, shift_dates, spec_example};
    use chrono::NaiveDate;

    #[test]
    fn a_help_example_reads_as_a_spec_item() {
        let item = spec_example(
            r#"bag_dimensions: {{ requirement: \"±5 mm\", reference: drawing TB-01 rev B, measured_by: dimensional_check }}"#,
        )
        .unwrap();
        assert_eq!(item.name, "bag_dimensions");
        assert_eq!(
            item.fields,
            vec![
                ("requirement".to_owned(), "±5 mm".to_owned()),
                ("reference".to_owned(), "drawing TB-01 rev B".to_owned()),
                ("measured_by".to_owned(), "dimensional_check".to_owned()),
            ]
        );
        assert!(spec_example("sampling: { standard: ANSI/ASQ Z1.4 }").is_none());
        assert_eq!(meeting_reading(">= 150 N").as_deref(), Some("150 N"));
    }

    #[test]
    fn template_dates_move_to_the_week_of_today() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            shift_dates(
                "a: 2026-06-20, b: 2026-07-02T10:00:00+00:00",
                day("2026-12-01"),
                day("2026-06-20")
            ),
            "a: 2026-11-24, b: 2026-12-06T10:00:00+00:00"
        );
    }
}
