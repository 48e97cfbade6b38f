//! The notation table (`tests/data/notations.tsv`): how concord reads what suppliers, laboratories and inspectors
//! write. Each row is typed through the data stage as the records type it (a requirement, a reading, a quantity,
//! a duration or a claim window), its meaning is compared with the row's, and one comparison is made with it,
//! as `satisfies` makes it in rules. Unreadable text must be refused at the exact characters the row names.

#![allow(
    clippy::expect_used,
    reason = "the shared test support fails loudly when the binary cannot run"
)]

mod support;

use std::path::Path;

use concord::eval::{reading_meets, Unmet};
use concord::records::document::{load_as, DataError, ValueKind};
use concord::records::schema::{FieldType, Schema};
use concord::records::yaml::Limits;
use concord::source::SourceFile;
use concord::units::{Quantity, Requirement};

const TABLE: &str = include_str!("data/notations.tsv");

/// One row of the table.
struct Row<'a> {
    line: usize,
    field: &'a str,
    written: &'a str,
    meaning: &'a str,
    other: &'a str,
    verdict: &'a str,
}

fn rows() -> Vec<Row<'static>> {
    TABLE
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|(i, l)| {
            let cells: Vec<&str> = l.split('\t').collect();
            let [field, written, meaning, other, verdict] = cells[..] else {
                unreachable!("line {}: expected 5 tab-separated cells: {l:?}", i + 1);
            };
            Row {
                line: i + 1,
                field,
                written,
                meaning,
                other,
                verdict,
            }
        })
        .collect()
}

/// The value typed as the records type a field of `ty`, or the text each error points at.
fn typed(text: &str, ty: FieldType) -> Result<ValueKind, Vec<String>> {
    let yaml = format!("v: '{}'\n", text.replace('\'', "''"));
    let file = SourceFile::new("notation.yaml", yaml.clone());
    match load_as(
        &FieldType::Map(Box::new(ty)),
        "row",
        "notation.yaml",
        &file,
        Schema::bundled(),
        &Limits::default(),
    ) {
        Ok(value) => match value.kind {
            ValueKind::Map(mut fields) if fields.len() == 1 => Ok(fields.remove(0).value.kind),
            other => unreachable!("unexpected typed value {other:?}"),
        },
        Err(errors) => Err(errors
            .iter()
            .map(|e| {
                let span = match e {
                    DataError::BadQuantity { span, .. }
                    | DataError::WrongType { span, .. }
                    | DataError::BadDate { span, .. } => *span,
                    other => unreachable!("unexpected error {other:?}"),
                };
                let text = yaml
                    .get(span.offset()..span.offset() + span.len())
                    .unwrap_or("?");
                format!("{text}\u{1}{e}")
            })
            .collect()),
    }
}

fn field_type(name: &str) -> FieldType {
    match name {
        "requirement" => FieldType::Requirement,
        "reading" => FieldType::Reading,
        "quantity" => FieldType::Quantity,
        "duration" => FieldType::Duration,
        "window" => FieldType::Window,
        other => unreachable!("unknown field kind `{other}`"),
    }
}

fn meaning(value: &ValueKind) -> String {
    match value {
        ValueKind::Requirement(r) => match &r.requirement {
            Requirement::Named(name) => format!("named: {name}"),
            other => other.to_string(),
        },
        ValueKind::Quantity(m) => format!("quantity: {}", m.quantity),
        ValueKind::Text(t) => format!("text: {t}"),
        ValueKind::Window(w) => match w.event {
            Some(event) => format!("{} from {event}", w.duration),
            None => w.duration.to_string(),
        },
        other => format!("{other:?}"),
    }
}

fn verdict(result: Result<bool, Unmet>) -> &'static str {
    match result {
        Ok(true) => "pass",
        Ok(false) => "fail",
        Err(_) => "clash",
    }
}

/// The comparison a row asks for: a requirement against a reading, a reading against a requirement, a quantity
/// or duration against a requirement, an elapsed time against a window.
fn compare(row: &Row<'_>, value: &ValueKind) -> Result<&'static str, String> {
    let requirement_of = |text: &str| match typed(text, FieldType::Requirement) {
        Ok(ValueKind::Requirement(r)) => Ok(r.requirement),
        other => Err(format!("`{text}` is not a requirement: {other:?}")),
    };
    Ok(match (row.field, value) {
        ("requirement", ValueKind::Requirement(r)) => {
            let reading = typed(row.other, FieldType::Reading)
                .map_err(|e| format!("reading `{}`: {e:?}", row.other))?;
            verdict(reading_meets(&reading, &r.requirement))
        }
        ("reading" | "quantity" | "duration", v) => {
            verdict(reading_meets(v, &requirement_of(row.other)?))
        }
        ("window", ValueKind::Window(w)) => {
            let elapsed = Quantity::parse(row.other).map_err(|e| e.to_string())?;
            let within = Requirement::Compare {
                op: concord::units::CompareOp::Le,
                bound: w.duration.clone(),
            };
            verdict(within.is_satisfied_by(&elapsed).map_err(Unmet::Dimensions))
        }
        (field, v) => return Err(format!("a {field} row typed as {v:?}")),
    })
}

#[test]
fn the_notation_table_reads_as_written() {
    let rows = rows();
    let mut failures = Vec::new();
    for row in &rows {
        let result = typed(row.written, field_type(row.field));
        let problem = match (result, row.meaning.strip_prefix("error: ")) {
            (Err(errors), Some(at)) => {
                let first = errors.first().map(String::as_str).unwrap_or("");
                let (span_text, message) = first.split_once('\u{1}').unwrap_or((first, ""));
                (span_text != at)
                    .then(|| format!("refused at `{span_text}`, not at `{at}` ({message})"))
            }
            (Err(errors), None) => Some(format!(
                "refused: {}",
                errors.join("; ").replace('\u{1}', " <- ")
            )),
            (Ok(value), Some(_)) => Some(format!("accepted as `{}`", meaning(&value))),
            (Ok(value), None) => {
                let read = meaning(&value);
                if read != row.meaning {
                    Some(format!("read as `{read}`"))
                } else if row.verdict == "-" {
                    None
                } else {
                    match compare(row, &value) {
                        Ok(v) if v == row.verdict => None,
                        Ok(v) => Some(format!(
                            "against `{}`: {v}, expected {}",
                            row.other, row.verdict
                        )),
                        Err(e) => Some(e),
                    }
                }
            }
        };
        if let Some(problem) = problem {
            failures.push(format!(
                "line {} {} `{}`: {problem}",
                row.line, row.field, row.written
            ));
        }
    }
    let total = rows.len();
    assert!(
        failures.is_empty(),
        "{} of {total} notations are not read as the table says:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        total >= 300,
        "the table has {total} rows, expected at least 300"
    );
}

#[test]
fn docs_list_every_unit_and_alias() {
    let docs = include_str!("../docs/units.md");
    let missing: Vec<&str> = concord::units::known_unit_symbols()
        .filter(|name| !docs.contains(&format!("`{name}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/units.md does not list these units or aliases of data/units.tsv: {missing:?}"
    );
}

/// Runs `concord check` on a copy of an example with `edits` (file, from, to) made to it.
fn check_edited(example: &str, edits: &[(&str, &str, &str)]) -> (u8, String) {
    let source = Path::new(support::ROOT).join("examples").join(example);
    let dir =
        std::env::temp_dir().join(format!("concord-notation-{example}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).ok();
    for file in ["contract.yaml", "inspection.yaml", "evidence.yaml"] {
        let mut text = std::fs::read_to_string(source.join(file)).unwrap_or_default();
        for (f, from, to) in edits {
            if *f == file {
                assert!(text.contains(from), "{example}/{file} has no `{from}`");
                text = text.replace(from, to);
            }
        }
        std::fs::write(dir.join(file), text).ok();
    }
    let signed = std::fs::read_to_string(source.join("contract.yaml"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("signed:")
                .map(|d| d.trim().to_owned())
        })
        .unwrap_or_default();
    let case = dir.to_string_lossy().into_owned();
    let run = support::concord(&["check", &case, "--format", "plain", "--as-of", &signed]);
    let _ = std::fs::remove_dir_all(&dir);
    (run.code, run.stdout_text())
}

/// The two examples in supplier and laboratory notation check clean, and each reading in that notation is really
/// compared: a result that contradicts its reading is caught.
#[test]
fn examples_in_lab_and_mill_notation_are_judged_by_their_readings() {
    let (code, out) = check_edited("kettle-lab-notation", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ready to file"), "{out}");
    let (code, out) = check_edited(
        "kettle-lab-notation",
        &[
            (
                "inspection.yaml",
                "measured: \"50/60 Hz\"",
                "measured: \"50 Hz\"",
            ),
            ("inspection.yaml", "measured: PF 0.99", "measured: PF 0.9"),
            ("inspection.yaml", "measured: 0.55 GΩ", "measured: 1.9 MΩ"),
            ("inspection.yaml", "measured: 120 µA", "measured: 0.8 mA"),
        ],
    );
    assert_eq!(code, 1, "{out}");
    for item in [
        "rated_frequency",
        "power_factor",
        "insulation_resistance",
        "leakage_current",
    ] {
        assert!(
            out.contains(&format!("reports `pass` for `{item}`")),
            "{item}: {out}"
        );
    }
    let (code, out) = check_edited("towels-mill-notation", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ready to file"), "{out}");
    let (code, out) = check_edited(
        "towels-mill-notation",
        &[
            ("inspection.yaml", "measured: 4-5\n", "measured: 3-4\n"),
            (
                "inspection.yaml",
                "measured: \"−2.4%\"",
                "measured: \"−3.4%\"",
            ),
        ],
    );
    assert_eq!(code, 1, "{out}");
    for item in ["colour_fastness_washing", "dimensional_stability"] {
        assert!(
            out.contains(&format!("reports `pass` for `{item}`")),
            "{item}: {out}"
        );
    }
}
