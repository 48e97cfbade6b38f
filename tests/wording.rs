//! The wording lint measured on its own set (`tests/data/wording/`, `docs/wording.md`): every vague phrasing is
//! embedded in a clause or a spec item of a contract, `concord lint` runs on the contracts, and a phrasing counts as
//! found when a WORD finding points at its exact span or a span covering it. Precise sentences must draw no WORD
//! finding at all. Prints recall and false alarms; fails below the floors of issue 12.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const RECALL_FLOOR: f64 = 0.95;
const FALSE_ALARM_CEILING: f64 = 0.02;
/// Sentences per generated contract.
const CHUNK: usize = 80;

struct Row {
    id: String,
    family: String,
    place: String,
    /// The text with `[[...]]` marks and `\n` escapes.
    text: String,
}

fn rows(name: &str) -> Vec<Row> {
    let path = Path::new(support::ROOT)
        .join("tests/data/wording")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("the measurement set is committed");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.splitn(4, '\t').collect();
            assert_eq!(cols.len(), 4, "four columns in {l:?}");
            Row {
                id: cols[0].to_owned(),
                family: cols[1].to_owned(),
                place: cols[2].to_owned(),
                text: cols[3].to_owned(),
            }
        })
        .collect()
}

/// Where a row landed in the generated YAML: the byte range of the whole scalar and of the marked span.
struct Placed {
    scalar: (usize, usize),
    expected: Option<(usize, usize)>,
}

/// Writes one YAML scalar for `text`, as a folded block when it has line breaks and single-quoted otherwise,
/// returning the ranges (relative to the start of `out`'s growth) of the scalar and the marked span.
fn scalar(out: &mut String, text: &str, indent: usize) -> Placed {
    let folded = text.contains("\\n");
    let pad = " ".repeat(indent);
    let mut expected_start = None;
    let mut expected_end = None;
    let scalar_start = if folded {
        out.push_str(">-\n");
        out.push_str(&pad);
        out.len()
    } else {
        out.push('\'');
        out.len() - 1
    };
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("[[") {
            expected_start = Some(out.len());
            rest = r;
        } else if let Some(r) = rest.strip_prefix("]]") {
            expected_end = Some(out.len());
            rest = r;
        } else if let Some(r) = rest.strip_prefix("\\n") {
            out.push('\n');
            out.push_str(&pad);
            rest = r;
        } else {
            let c = rest.chars().next().expect("not empty");
            if c == '\'' && !folded {
                out.push_str("''");
            } else {
                out.push(c);
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    if !folded {
        out.push('\'');
    }
    let scalar_end = out.len();
    out.push('\n');
    Placed {
        scalar: (scalar_start, scalar_end),
        expected: expected_start.zip(expected_end),
    }
}

fn contract(rows: &[&Row]) -> (String, Vec<Placed>) {
    let mut out = String::from(
        "order:\n  id: TA-WORDING-0001\n  platform: alibaba-trade-assurance\n  signed: 2026-03-02\n  category: consumer_goods\n  product: Household goods\n  quantity: 1200 pcs\n  value: 24000 USD\nbuyer: { name: Harbor Home LLC, country: US }\nsupplier: { name: Ningbo Goods Co., country: CN }\nshipment: { ship_by: 2026-05-15, incoterm: FOB Ningbo }\nprotection: { claim_window: 30 days after confirmed receipt }\n",
    );
    let mut placed: Vec<(usize, Placed)> = Vec::new();
    out.push_str("spec:\n");
    for (i, row) in rows.iter().enumerate().filter(|(_, r)| r.place == "spec") {
        out.push_str(&format!("  item_{}:\n    requirement: ", row.id));
        let p = scalar(&mut out, &row.text, 6);
        out.push_str("    measured_by: visual_check\n");
        placed.push((i, p));
    }
    out.push_str("clauses:\n");
    for (i, row) in rows.iter().enumerate().filter(|(_, r)| r.place != "spec") {
        out.push_str("  - ");
        let p = scalar(&mut out, &row.text, 4);
        placed.push((i, p));
    }
    placed.sort_by_key(|(i, _)| *i);
    (out, placed.into_iter().map(|(_, p)| p).collect())
}

/// The byte ranges of every WORD finding of a lint run.
fn word_spans(file: &Path) -> Vec<(usize, usize)> {
    let run = support::concord(&[
        "lint",
        &file.to_string_lossy(),
        "--format",
        "json",
        "--as-of",
        "2026-03-10",
    ]);
    assert!(
        run.code <= 1,
        "lint of {} is bad input:\n{}",
        file.display(),
        run.snapshot()
    );
    let report: serde_json::Value =
        serde_json::from_slice(&run.stdout).expect("the JSON report parses");
    let mut spans = Vec::new();
    for finding in report["findings"].as_array().into_iter().flatten() {
        if !finding["rule_id"]
            .as_str()
            .unwrap_or("")
            .starts_with("WORD-")
        {
            continue;
        }
        for loc in finding["locations"].as_array().into_iter().flatten() {
            if let (Some(s), Some(e)) = (loc["byte_start"].as_u64(), loc["byte_end"].as_u64()) {
                spans.push((s as usize, e as usize));
            }
        }
    }
    spans
}

fn scratch_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wording");
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Runs the lint over the rows; for each row, the WORD spans inside its scalar and its expected span.
/// A row measured: the row, the WORD spans inside its scalar, its expected span and the flagged texts.
type Measured = (Row, Vec<(usize, usize)>, Option<(usize, usize)>, String);

fn measure(name: &str) -> Vec<Measured> {
    let all = rows(name);
    let dir = scratch_dir();
    let mut out = Vec::new();
    let refs: Vec<&Row> = all.iter().collect();
    for (n, chunk) in refs.chunks(CHUNK).enumerate() {
        let (yaml, placed) = contract(chunk);
        let file = dir.join(format!("{}-{n}.yaml", name.trim_end_matches(".tsv")));
        std::fs::write(&file, &yaml).expect("scratch contract written");
        let spans = word_spans(&file);
        for (row, p) in chunk.iter().zip(placed) {
            let inside: Vec<(usize, usize)> = spans
                .iter()
                .copied()
                .filter(|(s, e)| *s < p.scalar.1 && *e > p.scalar.0)
                .collect();
            let shown: Vec<String> = inside
                .iter()
                .map(|(s, e)| format!("{:?}", &yaml[*s..*e]))
                .collect();
            out.push((
                Row {
                    id: row.id.clone(),
                    family: row.family.clone(),
                    place: row.place.clone(),
                    text: row.text.clone(),
                },
                inside,
                p.expected,
                shown.join(", "),
            ));
        }
    }
    out
}

#[test]
fn the_wording_lint_finds_vague_phrasings_and_leaves_precise_sentences_alone() {
    let vague = measure("vague.tsv");
    let mut per_family: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for (row, spans, expected, shown) in &vague {
        let (s, e) = expected.expect("every vague row marks its span");
        let found = spans.iter().any(|(fs, fe)| *fs <= s && *fe >= e);
        let entry = per_family.entry(row.family.clone()).or_default();
        entry.1 += 1;
        if found {
            entry.0 += 1;
        } else {
            misses.push(format!(
                "  missed {} ({}, {}): {}   found: [{shown}]",
                row.id, row.family, row.place, row.text
            ));
        }
    }
    let precise = measure("precise.tsv");
    let mut alarms = Vec::new();
    for (row, spans, _, shown) in &precise {
        if !spans.is_empty() {
            alarms.push(format!(
                "  false alarm {} ({}, {}): {}   flagged: [{shown}]",
                row.id, row.family, row.place, row.text
            ));
        }
    }
    let found: usize = per_family.values().map(|(f, _)| f).sum();
    let recall = found as f64 / vague.len() as f64;
    let false_alarms = alarms.len() as f64 / precise.len() as f64;
    println!(
        "wording lint: recall {found}/{} = {:.1}%, false alarms {}/{} = {:.1}%",
        vague.len(),
        recall * 100.0,
        alarms.len(),
        precise.len(),
        false_alarms * 100.0
    );
    for (family, (f, n)) in &per_family {
        println!("  {family:<12} {f:>3}/{n:<3}");
    }
    for line in misses.iter().chain(&alarms) {
        println!("{line}");
    }
    assert!(
        vague.len() >= 300 && precise.len() >= 150,
        "the set has at least 300 vague phrasings and 150 precise sentences"
    );
    assert!(
        recall >= RECALL_FLOOR,
        "recall {:.1}% is below the floor of {:.0}%",
        recall * 100.0,
        RECALL_FLOOR * 100.0
    );
    assert!(
        false_alarms <= FALSE_ALARM_CEILING,
        "false alarms {:.1}% are above the ceiling of {:.0}%",
        false_alarms * 100.0,
        FALSE_ALARM_CEILING * 100.0
    );
}
