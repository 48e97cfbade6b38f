//! Report formats for tools: every example under `examples/` is checked through the library (as
//! `concord check --as-of 2026-07-05` does) and rendered as SARIF, JUnit XML and JSON; each output is
//! snapshot-tested with insta and validated: SARIF against the official SARIF 2.1.0 schema
//! (`tests/data/sarif-2.1.0.json`) and the rules of the specification the schema cannot express,
//! JSON against `docs/report.schema.json`, JUnit XML for well-formedness and consistent counts.
//! The fixtures under `tests/fixtures/check/` add bad input (problems) and user packs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

mod support;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use concord::check::load::{self, Limits, Problem};
use concord::eval::{self, EvalOptions};
use concord::report::{self, CaseReport, Format, Subject};
use concord::source::SourceMap;
use serde_json::Value;

const AS_OF: &str = "2026-07-05";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn in_crate_root() {
    std::env::set_current_dir(root()).unwrap();
}

/// The path relative to the crate root, with forward slashes, so outputs do not depend on the machine.
fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// What a run produced: a report, or the problems that stopped it, with the files read.
enum Outcome {
    Report(Box<CaseReport>),
    Problems(Vec<Problem>),
}

/// Checks a case folder as `concord check CASE --as-of DATE [--rules DIR]...` does.
fn check(case: &str, as_of: NaiveDate, rules: &[PathBuf]) -> (Outcome, SourceMap) {
    let mut sources = SourceMap::new();
    let limits = Limits::default();
    let loaded =
        load::load_rules(&concord::files::Disk, &mut sources, rules, &limits).and_then(|rules| {
            load::load_case(
                &concord::files::Disk,
                &mut sources,
                Path::new(case),
                &limits,
            )
            .map(|c| (rules, c))
        });
    let (rules, case) = match loaded {
        Ok(loaded) => loaded,
        Err(problems) => return (Outcome::Problems(problems), sources),
    };
    // Pack versions follow the contract's signing date, not the evaluation date.
    let signed = case.signed().unwrap_or(as_of);
    let selection = rules.select(signed, &[]).unwrap();
    let options = EvalOptions {
        as_of,
        stages: None,
        packs: Some(selection.active.clone()),
        rule_date: None,
    };
    let mut findings = eval::evaluate(&rules, &case, &sources, &options).findings;
    // The case-level findings `check_case` adds: one per missing record, values to fill in, dates ahead.
    concord::check::case_findings::merge_absent_records(&mut findings);
    findings.splice(0..0, concord::check::case_findings::to_fill_in(&case));
    findings.extend(concord::check::case_findings::future_dates(&case, as_of));
    let mut report = CaseReport::new(Subject::Case, case.name.clone(), as_of, &rules, findings)
        .with_selection(&rules, &rules.ran(&selection, case.category()), &|_| {
            format!("in force at the signing date {signed}")
        });
    report.matrix = concord::check::matrix::build(&case);
    report.window = concord::check::matrix::window(&case, as_of);
    report.facts = Box::new(concord::check::matrix::facts(&case));
    (Outcome::Report(Box::new(report)), sources)
}

fn render(outcome: &Outcome, sources: &SourceMap, format: Format) -> String {
    let mut out = Vec::new();
    match outcome {
        Outcome::Report(report) => report::write_report(&mut out, report, sources, format),
        Outcome::Problems(problems) => report::write_problems(&mut out, problems, sources, format),
    }
    .unwrap();
    String::from_utf8(out).unwrap()
}

/// The day an example is checked on: its dispute's filing date when it states one, else `fallback`, so its
/// evidence is not dated after the evaluation.
fn filed_or(case: &str, fallback: &str) -> NaiveDate {
    let evidence =
        std::fs::read_to_string(Path::new(case).join("evidence.yaml")).unwrap_or_default();
    support::date_after(&evidence, "filed:").map_or_else(|| date(fallback), |day| date(&day))
}

/// Runs the built binary and returns its standard output.
fn cli(args: &[&str]) -> String {
    support::concord(args).stdout_text()
}

/// A fixture folder with the options `tests/fixtures.rs` gives it (`args` may set `--as-of`).
fn fixture(dir: &Path) -> (String, NaiveDate, Vec<PathBuf>) {
    let mut as_of = date(AS_OF);
    if let Ok(line) = std::fs::read_to_string(dir.join("args")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        for pair in words.windows(2) {
            if let [flag, value] = pair {
                if *flag == "--as-of" {
                    as_of = date(value);
                }
            }
        }
    }
    let rules = if dir.join("rules").is_dir() {
        vec![PathBuf::from(format!("{}/rules", relative(dir)))]
    } else {
        Vec::new()
    };
    (relative(dir), as_of, rules)
}

fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/check"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

// ---------------------------------------------------------------------------------------------
// JSON Schema validation

fn load_json(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

/// The one `pattern` of the official SARIF 2.1.0 schema that is not a valid regular expression
/// (a stray `]`, in `language`, which concord never writes); it is dropped before compiling.
const BROKEN_SARIF_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";

fn drop_broken_patterns(value: &mut Value) -> usize {
    match value {
        Value::Object(map) => {
            let mut n = 0;
            if map.get("pattern").and_then(Value::as_str) == Some(BROKEN_SARIF_PATTERN) {
                map.remove("pattern");
                n += 1;
            }
            n + map.values_mut().map(drop_broken_patterns).sum::<usize>()
        }
        Value::Array(items) => items.iter_mut().map(drop_broken_patterns).sum(),
        _ => 0,
    }
}

fn validator(path: &str) -> jsonschema::Validator {
    let mut schema = load_json(path);
    if path.ends_with("sarif-2.1.0.json") {
        assert_eq!(
            drop_broken_patterns(&mut schema),
            2,
            "the known broken pattern"
        );
    }
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{path} is not a valid JSON Schema: {e}"))
}

fn assert_valid(validator: &jsonschema::Validator, what: &str, text: &str) -> Value {
    let instance: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: not JSON: {e}\n{text}"));
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| {
            let text = e.to_string();
            let short: String = text.chars().take(300).collect();
            format!(
                "at {} (schema {}): {short}",
                e.instance_path(),
                e.schema_path()
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not validate:\n{}",
        errors.join("\n")
    );
    instance
}

// ---------------------------------------------------------------------------------------------
// SARIF rules the schema cannot express

fn str_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {v}"))
}

fn int_at(v: &Value, pointer: &str) -> usize {
    v.pointer(pointer)
        .and_then(Value::as_u64)
        .map(|n| usize::try_from(n).unwrap())
        .unwrap_or_else(|| panic!("no integer at {pointer} in {v}"))
}

/// 1-based line and column in code points of a character offset.
fn line_col(text: &str, char_offset: usize) -> (usize, usize) {
    let (mut line, mut column) = (1, 1);
    for c in text.chars().take(char_offset) {
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

fn percent_decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Checks one SARIF location: its file exists and its region, recomputed from `charOffset` and
/// `charLength` in the file's code points, starts and ends where `startLine`... say.
fn check_location(location: &Value, what: &str) {
    let artifact = location
        .pointer("/physicalLocation/artifactLocation")
        .unwrap();
    let uri = percent_decode(str_at(artifact, "/uri"));
    let path = match artifact.get("uriBaseId").and_then(Value::as_str) {
        Some("CONCORD_BUNDLED") => root().join(&uri),
        Some(other) => panic!("{what}: unknown uriBaseId {other}"),
        None => root().join(&uri),
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{what}: {} cannot be read: {e}", path.display()));
    let region = location.pointer("/physicalLocation/region").unwrap();
    let offset = int_at(region, "/charOffset");
    let length = int_at(region, "/charLength");
    assert!(
        offset + length <= text.chars().count(),
        "{what}: region past the end of {uri}"
    );
    let start = line_col(&text, offset);
    let end = line_col(&text, offset + length);
    assert_eq!(
        start,
        (int_at(region, "/startLine"), int_at(region, "/startColumn")),
        "{what}: start of the region in {uri}"
    );
    assert_eq!(
        end,
        (int_at(region, "/endLine"), int_at(region, "/endColumn")),
        "{what}: end of the region in {uri}"
    );
}

fn check_sarif_semantics(log: &Value, what: &str) {
    assert_eq!(str_at(log, "/version"), "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "{what}: one run");
    let run = &runs[0];
    assert_eq!(str_at(run, "/tool/driver/name"), "concord");
    assert_eq!(
        str_at(run, "/tool/driver/version"),
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(str_at(run, "/columnKind"), "unicodeCodePoints");
    let rules = run
        .pointer("/tool/driver/rules")
        .unwrap()
        .as_array()
        .unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| str_at(r, "/id")).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "{what}: rules sorted by id, each once");
    let results = run["results"].as_array().unwrap();
    let mut used = vec![false; rules.len()];
    for (i, result) in results.iter().enumerate() {
        let what = format!("{what}: result {i}");
        let index = int_at(result, "/ruleIndex");
        assert_eq!(str_at(result, "/ruleId"), ids[index], "{what}: ruleIndex");
        used[index] = true;
        // SARIF 2.1.0 §3.27.10: a result whose kind is not `fail` has level `none`.
        let kind = result["kind"].as_str().unwrap_or("fail");
        let level = result["level"].as_str().unwrap_or("warning");
        assert!(
            kind == "fail" || level == "none",
            "{what}: kind {kind} with level {level}"
        );
        let locations = result["locations"].as_array().unwrap();
        assert!(!locations.is_empty(), "{what}: no location");
        let related = result
            .get("relatedLocations")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for location in locations.iter().chain(&related) {
            check_location(location, &what);
        }
    }
    assert!(
        used.iter().all(|u| *u),
        "{what}: a rule without a result is listed"
    );
}

// ---------------------------------------------------------------------------------------------
// A small XML well-formedness checker (XML 1.0 without DTDs, comments, CDATA or processing
// instructions besides the declaration, which is what the JUnit writer emits).

#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

struct Xml<'a> {
    text: &'a str,
    at: usize,
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == ':' || !c.is_ascii()
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit() || c == '-' || c == '.'
}

impl Xml<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn fail(&self, message: &str) -> ! {
        let (line, column) = line_col(self.text, self.text[..self.at].chars().count());
        panic!("XML not well-formed at {line}:{column}: {message}")
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &str) {
        if !self.eat(token) {
            self.fail(&format!("expected `{token}`"));
        }
    }

    fn space(&mut self) -> bool {
        let n = self.rest().len()
            - self
                .rest()
                .trim_start_matches([' ', '\t', '\n', '\r'])
                .len();
        self.at += n;
        n > 0
    }

    fn name(&mut self) -> String {
        let mut chars = self.rest().chars();
        match chars.next() {
            Some(c) if is_name_start(c) => {}
            _ => self.fail("expected a name"),
        }
        let n = self
            .rest()
            .char_indices()
            .find(|(_, c)| !is_name_char(*c))
            .map_or(self.rest().len(), |(i, _)| i);
        let name = self.rest()[..n].to_owned();
        self.at += n;
        name
    }

    /// Reads a reference after `&` and returns the character it stands for.
    fn reference(&mut self) -> char {
        let end = self
            .rest()
            .find(';')
            .unwrap_or_else(|| self.fail("unterminated reference"));
        let body = self.rest()[..end].to_owned();
        self.at += end + 1;
        let c = match body.as_str() {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            b if b.starts_with("#x") => u32::from_str_radix(&b[2..], 16)
                .ok()
                .and_then(char::from_u32),
            b if b.starts_with('#') => b[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) if is_xml_char(c) => c,
            _ => self.fail(&format!("bad reference `&{body};`")),
        }
    }

    /// Reads characters up to one of `stops`, decoding references.
    fn chars_until(&mut self, stops: &[char], in_attribute: bool) -> String {
        let mut out = String::new();
        while let Some(c) = self.rest().chars().next() {
            if stops.contains(&c) {
                break;
            }
            if !is_xml_char(c) {
                self.fail(&format!("character U+{:04X} not allowed", u32::from(c)));
            }
            if c == '<' {
                self.fail("`<` in an attribute value");
            }
            if !in_attribute && self.rest().starts_with("]]>") {
                self.fail("`]]>` in text");
            }
            self.at += c.len_utf8();
            if c == '&' {
                out.push(self.reference());
            } else if in_attribute && matches!(c, '\t' | '\n' | '\r') {
                out.push(' ');
            } else {
                out.push(c);
            }
        }
        out
    }

    fn element(&mut self) -> Element {
        self.expect("<");
        let name = self.name();
        let mut attributes: Vec<(String, String)> = Vec::new();
        loop {
            let spaced = self.space();
            if self.eat("/>") {
                return Element {
                    name,
                    attributes,
                    children: Vec::new(),
                    text: String::new(),
                };
            }
            if self.eat(">") {
                break;
            }
            if !spaced {
                self.fail("expected a space before an attribute");
            }
            let attr = self.name();
            self.space();
            self.expect("=");
            self.space();
            let quote = match self.rest().chars().next() {
                Some(q @ ('"' | '\'')) => q,
                _ => self.fail("expected a quoted attribute value"),
            };
            self.at += 1;
            let value = self.chars_until(&[quote], true);
            self.expect(&quote.to_string());
            if attributes.iter().any(|(n, _)| *n == attr) {
                self.fail(&format!("attribute `{attr}` twice"));
            }
            attributes.push((attr, value));
        }
        let mut children = Vec::new();
        let mut text = String::new();
        loop {
            text.push_str(&self.chars_until(&['<'], false));
            if self.rest().is_empty() {
                self.fail(&format!("`{name}` not closed"));
            }
            if self.eat("</") {
                let end = self.name();
                if end != name {
                    self.fail(&format!("`</{end}>` closes `<{name}>`"));
                }
                self.space();
                self.expect(">");
                return Element {
                    name,
                    attributes,
                    children,
                    text,
                };
            }
            if self.rest().starts_with("<!") || self.rest().starts_with("<?") {
                self.fail("comments, CDATA and processing instructions are not expected");
            }
            children.push(self.element());
        }
    }
}

/// Parses a whole XML document and returns its root element, or panics with where it is not well-formed.
fn parse_xml(text: &str) -> Element {
    let mut xml = Xml { text, at: 0 };
    if xml.eat("<?xml") {
        let end = xml
            .rest()
            .find("?>")
            .unwrap_or_else(|| xml.fail("unterminated declaration"));
        let declaration = xml.rest()[..end].to_owned();
        assert!(
            declaration.contains("version=\"1.0\"") && declaration.contains("encoding=\"UTF-8\""),
            "XML declaration: {declaration}"
        );
        xml.at += end + 2;
    }
    xml.space();
    let root = xml.element();
    xml.space();
    if !xml.rest().is_empty() {
        xml.fail("content after the root element");
    }
    root
}

fn count_attr(e: &Element, name: &str) -> usize {
    e.attr(name)
        .unwrap_or_else(|| panic!("<{}> has no {name}", e.name))
        .parse()
        .unwrap()
}

/// Checks the JUnit report of a case against the report it renders.
fn check_junit(xml: &str, report: &CaseReport, what: &str) {
    let root = parse_xml(xml);
    assert_eq!(root.name, "testsuites", "{what}");
    let suites: Vec<&Element> = root.children("testsuite").collect();
    assert_eq!(suites.len(), 1, "{what}: one test suite");
    let suite = suites[0];
    assert_eq!(
        suite.attr("name"),
        Some(format!("concord: {}", report.case).as_str())
    );
    let cases: Vec<&Element> = suite.children("testcase").collect();
    assert_eq!(cases.len(), report.findings.len() + 1, "{what}: test cases");
    let failed = cases
        .iter()
        .filter(|c| c.children("failure").count() > 0)
        .count();
    for e in [&root, suite] {
        assert_eq!(count_attr(e, "tests"), cases.len(), "{what}: tests");
        assert_eq!(count_attr(e, "failures"), failed, "{what}: failures");
        assert_eq!(count_attr(e, "errors"), 0, "{what}: errors");
    }
    let mut names: Vec<(&str, &str)> = cases
        .iter()
        .map(|c| (c.attr("classname").unwrap(), c.attr("name").unwrap()))
        .collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(names.len(), before, "{what}: test case names are unique");
    let skipped = cases
        .iter()
        .filter(|c| c.children("skipped").count() > 0)
        .count();
    assert_eq!(skipped, report.waived(), "{what}: skipped");
    assert_eq!(count_attr(suite, "skipped"), skipped, "{what}: skipped");
    for (case, finding) in cases.iter().zip(&report.findings) {
        assert_eq!(case.attr("classname"), Some(finding.pack.as_str()));
        assert!(case.attr("name").unwrap().starts_with(&finding.rule_id));
        let failure = case.children("failure").next();
        if let Some(waiver) = &finding.waived {
            assert!(failure.is_none(), "{what}: waived finding as failure");
            let skip = case.children("skipped").next().unwrap();
            assert!(skip.attr("message").unwrap().contains(&waiver.reason));
        } else if finding.severity == concord::compile::ir::Severity::Error {
            let failure = failure.unwrap_or_else(|| panic!("{what}: error without failure"));
            assert_eq!(failure.attr("message"), Some(finding.message.as_str()));
            assert!(failure.text.contains(&finding.help), "{what}: help");
        } else {
            assert!(failure.is_none(), "{what}: warning as failure");
            let out = case.children("system-out").next().unwrap();
            assert!(out.text.contains(&finding.message), "{what}: message");
        }
    }
    let verdict = cases.last().unwrap();
    assert_eq!(verdict.attr("name"), Some("verdict"));
    assert_eq!(
        verdict.children("failure").count(),
        usize::from(!report.is_ready()),
        "{what}: verdict"
    );
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn examples_render_in_every_tool_format() {
    in_crate_root();
    let sarif = validator("tests/data/sarif-2.1.0.json");
    let json = validator("docs/report.schema.json");
    insta::glob!("../examples", "*/contract.yaml", |contract| {
        let case = relative(contract.parent().unwrap());
        let day = filed_or(&case, AS_OF);
        let (outcome, sources) = check(&case, day, &[]);
        let Outcome::Report(report) = &outcome else {
            panic!("{case}: bad input")
        };

        let text = render(&outcome, &sources, Format::Sarif);
        let log = assert_valid(&sarif, &format!("{case} (SARIF)"), &text);
        check_sarif_semantics(&log, &case);
        insta::assert_snapshot!("sarif", text);

        let text = render(&outcome, &sources, Format::Junit);
        check_junit(&text, report, &case);
        insta::assert_snapshot!("junit", text);

        let text = render(&outcome, &sources, Format::Json);
        assert_valid(&json, &format!("{case} (JSON)"), &text);
        // The library calls above are the pipeline of `concord check`.
        assert_eq!(
            text,
            cli(&[
                "check",
                &case,
                "--format",
                "json",
                "--as-of",
                &day.to_string()
            ]),
            "{case}: the report differs from the CLI's"
        );
    });
}

#[test]
fn fixtures_validate_in_every_tool_format() {
    in_crate_root();
    let sarif = validator("tests/data/sarif-2.1.0.json");
    let json = validator("docs/report.schema.json");
    let (mut reports, mut problems) = (0, 0);
    for dir in fixture_dirs() {
        let (case, as_of, rules) = fixture(&dir);
        let (outcome, sources) = check(&case, as_of, &rules);
        let log = assert_valid(
            &sarif,
            &format!("{case} (SARIF)"),
            &render(&outcome, &sources, Format::Sarif),
        );
        assert_valid(
            &json,
            &format!("{case} (JSON)"),
            &render(&outcome, &sources, Format::Json),
        );
        let xml = render(&outcome, &sources, Format::Junit);
        match &outcome {
            Outcome::Report(report) => {
                reports += 1;
                check_sarif_semantics(&log, &case);
                check_junit(&xml, report, &case);
            }
            Outcome::Problems(list) => {
                problems += 1;
                let root = parse_xml(&xml);
                let case_element = root
                    .children("testsuite")
                    .next()
                    .and_then(|s| s.children("testcase").next())
                    .unwrap();
                assert_eq!(case_element.attr("name"), Some("bad_input"));
                assert_eq!(case_element.children("error").count(), list.len());
                let results = log.pointer("/runs/0/results").unwrap().as_array().unwrap();
                assert_eq!(results.len(), list.len(), "{case}: one result per problem");
                assert_eq!(
                    log.pointer("/runs/0/invocations/0/executionSuccessful"),
                    Some(&Value::Bool(false))
                );
            }
        }
    }
    assert!(
        reports > 10 && problems > 5,
        "fixtures: {reports} reports, {problems} bad inputs"
    );
}

#[test]
fn problems_render_in_every_tool_format() {
    in_crate_root();
    for name in [
        "bad-duplicate-key",
        "bad-unknown-field-typo",
        "bad-no-contract",
    ] {
        let case = format!("tests/fixtures/check/{name}");
        let (outcome, sources) = check(&case, date(AS_OF), &[]);
        assert!(matches!(outcome, Outcome::Problems(_)), "{case}");
        insta::assert_snapshot!(
            format!("problems_sarif_{name}"),
            render(&outcome, &sources, Format::Sarif)
        );
        insta::assert_snapshot!(
            format!("problems_junit_{name}"),
            render(&outcome, &sources, Format::Junit)
        );
    }
}

#[test]
fn json_schema_rejects_what_the_report_never_holds() {
    let json = validator("docs/report.schema.json");
    in_crate_root();
    let (outcome, sources) = check("examples/lost-100k", date(AS_OF), &[]);
    let good = assert_valid(
        &json,
        "lost-100k",
        &render(&outcome, &sources, Format::Json),
    );
    let mut extra = good.clone();
    extra["findings"][0]["unknown"] = Value::Bool(true);
    assert!(!json.is_valid(&extra), "an unknown field in a finding");
    let mut version = good.clone();
    version["schema_version"] = Value::from(2);
    assert!(!json.is_valid(&version), "another schema version");
    let mut severity = good;
    severity["findings"][0]["severity"] = Value::from("fatal");
    assert!(!json.is_valid(&severity), "an unknown severity");
}

#[test]
fn xml_checker_rejects_what_is_not_well_formed() {
    for bad in [
        "<a><b></a></b>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>&nbsp;</a>",
        "<a>1 < 2</a>",
        "<a x=\"<\"/>",
        "<a></a><b/>",
        "<a>\u{1}</a>",
        "<a>]]></a>",
        "<a x=1/>",
    ] {
        let parsed = std::panic::catch_unwind(|| parse_xml(bad));
        assert!(parsed.is_err(), "accepted: {bad}");
    }
    let ok =
        parse_xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x='&lt;&#10;'><b/>t&amp;</a>\n");
    assert_eq!(ok.attr("x"), Some("<\n"));
    assert_eq!(ok.text, "t&");
}
