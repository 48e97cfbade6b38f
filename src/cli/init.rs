//! `concord init`, `concord schema`, shell completions and the man page: things generated for users
//! from the case templates, the record schemas and the CLI definition.

use std::io::Write;
use std::path::Path;

use serde_json::{json, Map, Value};

use concord::records::schema::{FieldType, RecordKind, Schema};

/// The case templates written by `concord init`.
const TEMPLATES: [(&str, &str); 3] = [
    (
        "contract.yaml",
        include_str!("../../data/templates/contract.yaml"),
    ),
    (
        "inspection.yaml",
        include_str!("../../data/templates/inspection.yaml"),
    ),
    (
        "evidence.yaml",
        include_str!("../../data/templates/evidence.yaml"),
    ),
];

/// Writes the three record templates into a new or empty case folder; never overwrites a file.
pub fn init(dir: &Path) -> Result<Vec<String>, String> {
    let existing: Vec<&str> = TEMPLATES
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
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create the folder: {e}", dir.display()))?;
    let mut written = Vec::new();
    for (name, text) in TEMPLATES {
        let path = dir.join(name);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        file.write_all(text.as_bytes())
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
        FieldType::Text | FieldType::Prose => json!({ "type": "string" }),
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
