//! SARIF 2.1.0 output: one log with one run, for code-scanning tools (`docs/reports.md`).
//!
//! Columns and character offsets are counted in Unicode code points (`run.columnKind` is
//! `unicodeCodePoints`), as `Position` counts them. Files of the bundled packs are named relative to
//! the `CONCORD_BUNDLED` base (`run.originalUriBaseIds`), since `<bundled>/...` is not a URI.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{CaseReport, PackUsed, PatternHit, Position};
use crate::check::problem::Problem;
use crate::compile::ir::{Severity, Stage};
use crate::eval::finding::{Finding, Outcome};
use crate::records::schema::RecordKind;
use crate::source::{Location, SourceMap, Span};

/// The schema URI written in `$schema`.
const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The base id under which files of the bundled packs are named.
const BUNDLED_BASE: &str = "CONCORD_BUNDLED";
/// How the bundled packs' files are shown to users (`bundled::display_name`).
const BUNDLED_PREFIX: &str = "<bundled>/";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: Vec<Invocation>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, BaseId>,
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
    properties: RunProperties<'a>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
}

#[derive(Serialize)]
struct BaseId {
    description: Message,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

impl Message {
    fn new(text: impl Into<String>) -> Self {
        Message { text: text.into() }
    }
}

/// A `reportingDescriptor`: one rule, or one diagnostic code for problems.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Message>,
    /// The address of the first public source the rule's cite names, for a reader to open.
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    pack: String,
    pack_version: String,
    stage: Stage,
    pattern: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    kind: &'static str,
    message: Message,
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    properties: ResultProperties<'a>,
}

/// A waiver, as SARIF's accepted external suppression.
#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<SarifLocation>,
    properties: SuppressionProperties,
}

#[derive(Serialize)]
struct SuppressionProperties {
    approver: String,
    expires: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

/// A text region; columns and character offsets in code points, end column exclusive.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    char_offset: usize,
    char_length: usize,
}

#[derive(Serialize)]
#[serde(untagged)]
enum ResultProperties<'a> {
    Finding(FindingProperties<'a>),
    Problem(ProblemProperties),
}

#[derive(Serialize)]
struct ProblemProperties {
    help: Option<String>,
}

#[derive(Serialize)]
struct FindingProperties<'a> {
    outcome: Outcome,
    stage: Stage,
    record: Option<RecordKind>,
    item: Option<&'a str>,
    missing_records: Vec<&'static str>,
    help: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    leaves_unprovable: &'a [String],
}

#[derive(Serialize)]
struct RunProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<super::Subject>,
    #[serde(skip_serializing_if = "Option::is_none")]
    case: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<String>,
    verdict: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<Summary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    packs: Option<&'a [PackUsed]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    patterns: Option<Vec<PatternHit>>,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    infos: usize,
    waived: usize,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// True for the bytes a URI reference may hold as they are (RFC 3986 unreserved and sub-delims,
/// `/` and `@`); `:` only where it cannot be read as a scheme.
fn keep(byte: u8, colon: bool) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=/@".contains(&byte) || (colon && byte == b':')
}

fn percent_encode(text: &str, colon: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if keep(byte, colon) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A file name as shown to users, as a SARIF `artifactLocation`: relative names stay relative
/// (percent-encoded), absolute paths become `file` URIs, bundled files are relative to `CONCORD_BUNDLED`.
fn artifact(name: &str) -> ArtifactLocation {
    if let Some(rest) = name.strip_prefix(BUNDLED_PREFIX) {
        return ArtifactLocation {
            uri: percent_encode(rest, false),
            uri_base_id: Some(BUNDLED_BASE),
        };
    }
    let name = if cfg!(windows) {
        name.replace('\\', "/")
    } else {
        name.to_owned()
    };
    let bytes = name.as_bytes();
    let drive = bytes.len() >= 3
        && bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.get(1) == Some(&b':')
        && bytes.get(2) == Some(&b'/');
    let uri = if drive {
        format!("file:///{}", percent_encode(&name, true))
    } else if name.starts_with("//") {
        // A UNC path: `//server/share/...`.
        format!("file:{}", percent_encode(&name, true))
    } else if name.starts_with('/') {
        format!("file://{}", percent_encode(&name, true))
    } else {
        percent_encode(&name, false)
    };
    ArtifactLocation {
        uri,
        uri_base_id: None,
    }
}

/// A location as a SARIF `location`, or `None` when its file is not in the run.
fn location(at: Location, message: Option<String>, sources: &SourceMap) -> Option<SarifLocation> {
    let file = sources.get(at.file)?;
    let position = Position::of(at, sources)?;
    let before = file.text.get(..at.span.start).unwrap_or("");
    let within = file.text.get(at.span.start..at.span.end).unwrap_or("");
    Some(SarifLocation {
        physical_location: PhysicalLocation {
            artifact_location: artifact(&position.file),
            region: Region {
                start_line: position.line,
                start_column: position.column,
                end_line: position.end_line,
                end_column: position.end_column,
                char_offset: before.chars().count(),
                char_length: within.chars().count(),
            },
        },
        message: message.map(Message::new),
    })
}

/// The bases of the files the log names, for `run.originalUriBaseIds`.
fn bases<'a>(locations: impl Iterator<Item = &'a SarifLocation>) -> BTreeMap<&'static str, BaseId> {
    let mut bases = BTreeMap::new();
    for l in locations {
        if l.physical_location.artifact_location.uri_base_id == Some(BUNDLED_BASE) {
            bases.insert(
                BUNDLED_BASE,
                BaseId {
                    description: Message::new(
                        "the rule packs compiled into concord (the `rules/` folder of its sources)",
                    ),
                },
            );
        }
    }
    bases
}

fn all_locations<'a, 'b>(
    results: &'b [SarifResult<'a>],
) -> impl Iterator<Item = &'b SarifLocation> {
    results
        .iter()
        .flat_map(|r| r.locations.iter().chain(r.related_locations.iter()))
}

/// One descriptor per rule with a finding, sorted by id; returns them with each rule's index.
fn descriptors(findings: &[Finding]) -> (Vec<Descriptor>, BTreeMap<&str, usize>) {
    // The first finding of each rule, preferring one that is not about an absent record:
    // its help is the rule's own rather than `add FILE to the case folder`.
    let mut firsts: BTreeMap<&str, &Finding> = BTreeMap::new();
    for f in findings {
        let better = firsts
            .get(f.rule_id.as_str())
            .is_none_or(|seen| !seen.absent.is_empty() && f.absent.is_empty());
        if better {
            firsts.insert(&f.rule_id, f);
        }
    }
    let mut index = BTreeMap::new();
    let rules = firsts
        .values()
        .enumerate()
        .map(|(i, f)| {
            index.insert(f.rule_id.as_str(), i);
            let stage = findings
                .iter()
                .filter(|g| g.rule_id == f.rule_id)
                .map(|g| g.stage)
                .min()
                .unwrap_or(f.stage);
            Descriptor {
                id: f.rule_id.clone(),
                name: Some(f.title.clone()),
                short_description: Some(Message::new(f.title.clone())),
                full_description: Some(Message::new(f.cite.clone())),
                help: Some(Message::new(f.help.clone())),
                help_uri: f.sources.iter().find_map(|s| s.url.clone()),
                default_configuration: Configuration {
                    level: level(f.severity),
                },
                properties: Some(RuleProperties {
                    pack: f.pack.clone(),
                    pack_version: f.pack_version.clone(),
                    stage,
                    pattern: f.pattern.clone(),
                }),
            }
        })
        .collect();
    (rules, index)
}

fn result<'a>(f: &'a Finding, rule_index: usize, sources: &SourceMap) -> SarifResult<'a> {
    let rule = location(f.rule, Some(format!("rule {}", f.rule_id)), sources);
    let mut locations: Vec<SarifLocation> = f
        .marks
        .iter()
        .filter_map(|m| location(m.at, Some(m.label.clone()), sources))
        .collect();
    let mut related = Vec::new();
    if locations.is_empty() {
        // An absent record has no place in the data: the rule is where the finding points.
        locations.extend(rule);
    } else {
        related.extend(rule);
    }
    SarifResult {
        rule_id: f.rule_id.clone(),
        rule_index,
        level: level(f.severity),
        // SARIF 2.1.0 §3.27.9/§3.27.10: a result whose kind is not `fail` must have level `none`,
        // so a finding that cannot be shown stays `fail` with its severity; `outcome` tells them apart.
        kind: "fail",
        message: Message::new(f.message.clone()),
        locations,
        related_locations: related,
        suppressions: f
            .waived
            .iter()
            .map(|w| Suppression {
                kind: "external",
                status: "accepted",
                justification: w.reason.clone(),
                location: location(w.location, Some("waiver".to_owned()), sources),
                properties: SuppressionProperties {
                    approver: w.approver.clone(),
                    expires: w.expires.format("%Y-%m-%d").to_string(),
                },
            })
            .collect(),
        properties: ResultProperties::Finding(FindingProperties {
            outcome: f.outcome,
            stage: f.stage,
            record: f.record,
            item: f.item.as_deref(),
            missing_records: f.absent.iter().map(|r| r.file_name()).collect(),
            help: &f.help,
            leaves_unprovable: &f.leaves_unprovable,
        }),
    }
}

fn write(out: &mut dyn Write, log: &Log<'_>) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, log).map_err(io::Error::other)?;
    writeln!(out)
}

pub(super) fn write_report(
    out: &mut dyn Write,
    report: &CaseReport,
    sources: &SourceMap,
) -> io::Result<()> {
    let (rules, index) = descriptors(&report.findings);
    let results: Vec<SarifResult<'_>> = report
        .findings
        .iter()
        .map(|f| {
            let i = index.get(f.rule_id.as_str()).copied().unwrap_or_default();
            result(f, i, sources)
        })
        .collect();
    let run = Run {
        tool: tool(rules),
        invocations: vec![Invocation {
            execution_successful: true,
        }],
        original_uri_base_ids: bases(all_locations(&results)),
        results,
        column_kind: "unicodeCodePoints",
        properties: RunProperties {
            subject: Some(report.subject),
            case: Some(&report.case),
            config: report.config.as_deref(),
            as_of: Some(report.as_of.format("%Y-%m-%d").to_string()),
            verdict: if report.is_ready() {
                "ready"
            } else {
                "not_ready"
            },
            summary: Some(Summary {
                errors: report.count(Severity::Error),
                warnings: report.count(Severity::Warning),
                infos: report.count(Severity::Info),
                waived: report.waived(),
            }),
            packs: Some(&report.packs),
            patterns: Some(report.patterns()),
        },
    };
    write(out, &log(run))
}

fn tool(rules: Vec<Descriptor>) -> Tool {
    Tool {
        driver: Driver {
            name: "concord",
            version: env!("CARGO_PKG_VERSION"),
            semantic_version: env!("CARGO_PKG_VERSION"),
            rules,
        },
    }
}

fn log(run: Run<'_>) -> Log<'_> {
    Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: vec![run],
    }
}

pub(super) fn write_problems(
    out: &mut dyn Write,
    problems: &[Problem],
    sources: &SourceMap,
) -> io::Result<()> {
    let mut codes: Vec<String> = Vec::new();
    let mut results = Vec::new();
    for problem in problems {
        let d = problem.diagnostic();
        let code = d
            .code()
            .map_or_else(|| "concord".to_owned(), |c| c.to_string());
        let rule_index = match codes.iter().position(|c| *c == code) {
            Some(i) => i,
            None => {
                codes.push(code.clone());
                codes.len() - 1
            }
        };
        let mut places: Vec<SarifLocation> = match (problem.file(), d.labels()) {
            (Some(file), Some(labels)) => labels
                .filter_map(|label| {
                    let span = Span::new(label.offset(), label.offset() + label.len());
                    location(
                        Location { file, span },
                        label.label().map(str::to_owned),
                        sources,
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        let related = if places.len() > 1 {
            places.split_off(1)
        } else {
            Vec::new()
        };
        results.push(SarifResult {
            rule_id: code,
            rule_index,
            level: "error",
            kind: "fail",
            message: Message::new(d.to_string()),
            locations: places,
            related_locations: related,
            suppressions: Vec::new(),
            properties: ResultProperties::Problem(ProblemProperties {
                help: d.help().map(|h| h.to_string()),
            }),
        });
    }
    let rules = codes
        .into_iter()
        .map(|id| Descriptor {
            id,
            name: None,
            short_description: None,
            full_description: None,
            help: None,
            help_uri: None,
            default_configuration: Configuration { level: "error" },
            properties: None,
        })
        .collect();
    let run = Run {
        tool: tool(rules),
        invocations: vec![Invocation {
            execution_successful: false,
        }],
        original_uri_base_ids: bases(all_locations(&results)),
        results,
        column_kind: "unicodeCodePoints",
        properties: RunProperties {
            subject: None,
            case: None,
            config: None,
            as_of: None,
            verdict: "bad_input",
            summary: None,
            packs: None,
            patterns: None,
        },
    };
    write(out, &log(run))
}

#[cfg(test)]
mod tests {
    use super::artifact;

    fn uri(name: &str) -> (String, Option<&'static str>) {
        let a = artifact(name);
        (a.uri, a.uri_base_id)
    }

    #[test]
    fn file_names_become_uri_references() {
        assert_eq!(
            uri("examples/claim-holds/contract.yaml"),
            ("examples/claim-holds/contract.yaml".to_owned(), None)
        );
        assert_eq!(
            uri("<bundled>/rules/common.concord"),
            ("rules/common.concord".to_owned(), Some("CONCORD_BUNDLED"))
        );
        assert_eq!(
            uri("my cases/Müller:1/100%.yaml"),
            ("my%20cases/M%C3%BCller%3A1/100%25.yaml".to_owned(), None)
        );
        assert_eq!(
            uri("/home/me/case/contract.yaml"),
            ("file:///home/me/case/contract.yaml".to_owned(), None)
        );
    }
}
