//! Explains rules to people: `concord explain RULE` (purpose, citation, source, an example where the rule
//! fires and one where it holds) and the rule reference `docs/rules.md`, both from the packs themselves.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::compile::ir::{CompiledRule, RuleSet};
use crate::packs::bundled;
use crate::packs::ruletest::{self, Example, RuleTest};
use crate::source::SourceMap;

/// The rule tests of the bundled packs, then of the user's packs (`DIR/tests/*.yaml`, given as texts), with the
/// text of the file each comes from. A user's tests of a rule replace the bundled ones.
fn rule_tests(user: &[String]) -> BTreeMap<String, (RuleTest, &str)> {
    let mut tests = BTreeMap::new();
    let texts = bundled::RULE_TEST_FILES
        .iter()
        .map(|(_, text)| *text)
        .chain(user.iter().map(String::as_str));
    for text in texts {
        if let Ok(parsed) = ruletest::parse(text) {
            for (rule, test) in parsed {
                tests.insert(rule, (test, text));
            }
        }
    }
    tests
}

/// The text of `concord explain RULE`, or the closest known id when the rule does not exist.
/// Ids are matched ignoring case (`ta-insp-003` finds `TA-INSP-003`); `user_tests` are the texts of the user
/// packs' rule-test files.
pub fn explain(
    rule_id: &str,
    rules: &RuleSet,
    sources: &SourceMap,
    user_tests: &[String],
) -> Result<String, Option<String>> {
    let found = rules.rules.iter().find(|r| r.id == rule_id).or_else(|| {
        rules
            .rules
            .iter()
            .find(|r| r.id.eq_ignore_ascii_case(rule_id))
    });
    let Some(rule) = found else {
        return Err(crate::text::closest(
            rule_id,
            rules.rules.iter().map(|r| r.id.as_str()),
        ));
    };
    let mut out = String::new();
    let pack = rules.packs.get(rule.pack);
    let _ = writeln!(out, "{}: {}", rule.id, rule.title);
    if let Some(pack) = pack {
        let from = pack
            .effective
            .map(|d| format!(", in force from {d}"))
            .unwrap_or_default();
        let _ = writeln!(out, "  pack      {} {}{from}", pack.name, pack.version);
    }
    let _ = writeln!(
        out,
        "  severity  {}, at stage {}",
        rule.severity, rule.stage
    );
    if let Some(case_severity) = rule.case_severity {
        let _ = writeln!(
            out,
            "            {case_severity} when a whole case is checked"
        );
    }
    if let Some(dates) = rule_dates(rule) {
        let _ = writeln!(
            out,
            "  in force  {dates}: the rule does not run for other dates"
        );
    }
    if let Some(pattern) = &rule.pattern {
        let _ = writeln!(out, "  guards    pattern {pattern}");
    }
    let _ = writeln!(out, "  cites     {}", rule.cite);
    for source in &rule.sources {
        let _ = writeln!(out, "  source    {source}");
    }
    if let Some(file) = sources.get(rule.block.file) {
        let (line, _) = file.line_col(rule.block.span.start);
        let _ = writeln!(out, "\nThe rule, {}:{line}:\n", file.name);
        for text in file.slice(rule.block.span).lines() {
            let _ = writeln!(out, "    {text}");
        }
    }
    match rule_tests(user_tests).get(&rule.id) {
        Some((test, text)) => {
            write_examples(&mut out, "It fires, for example, when", &test.fires, text);
            write_examples(&mut out, "It holds, for example, when", &test.passes, text);
        }
        None => {
            let _ = writeln!(
                out,
                "\nNo examples are bundled for this rule, nor in a `tests` folder of the packs given with `--rules`."
            );
        }
    }
    Ok(out)
}

fn write_examples(out: &mut String, heading: &str, examples: &[Example], text: &str) {
    let Some(example) = examples.first() else {
        return;
    };
    let _ = writeln!(
        out,
        "\n{heading} {} (case `examples/{}`):",
        example.about, example.base
    );
    let source = text.get(example.span.start..example.span.end).unwrap_or("");
    let changes: Vec<&str> = source
        .lines()
        .filter(|l| {
            !l.trim_start().starts_with("about:") && !l.trim_start().starts_with("- about:")
        })
        .collect();
    if changes.iter().all(|l| l.trim().is_empty()) {
        let _ = writeln!(out, "    (the case as it is)");
        return;
    }
    let indent = changes
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    for line in changes {
        let _ = writeln!(
            out,
            "    {}",
            line.get(indent..).unwrap_or(line.trim_start()).trim_end()
        );
    }
}

/// `docs/rules.md`: every rule of every pack, with its purpose, citation and the pattern it guards against.
pub fn rules_markdown(rules: &RuleSet) -> String {
    let mut out = String::from(
        "# Rule reference\n\nGenerated by `concord rules doc` from the bundled packs; a test fails when this file is stale.\n\
         Each cite is followed by the public sources it names, with title, address and date (`undated` where the copy \
         read carries none); `concord explain RULE` shows the same, the rule's text and an example where it fires and \
         one where it holds.\n",
    );
    let _ = writeln!(out, "\n## Packs\n\n| pack | version | in force from | categories | rules | changelog |\n| --- | --- | --- | --- | --- | --- |");
    for (index, pack) in rules.packs.iter().enumerate() {
        let count = rules.rules.iter().filter(|r| r.pack == index).count();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {count} | {} |",
            pack.name,
            pack.version,
            pack.effective.map(|d| d.to_string()).unwrap_or_default(),
            if pack.categories.is_empty() {
                "all".to_owned()
            } else {
                pack.categories.join(", ")
            },
            pack.changelog
        );
    }
    let _ = writeln!(out, "\n## The five patterns that lose a dispute\n");
    let mut patterns: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for rule in &rules.rules {
        if let Some(p) = &rule.pattern {
            patterns
                .entry(p.as_str())
                .or_default()
                .push(rule.id.as_str());
        }
    }
    for (pattern, ids) in &mut patterns {
        // Versions of one pack share rule ids.
        ids.dedup();
        let _ = writeln!(out, "- **{pattern}**: {}", ids.join(", "));
    }
    write_checkpoints(&mut out);
    for (index, pack) in rules.packs.iter().enumerate() {
        // One heading per pack version: versions of one pack share rule ids, so the heading says which is which.
        let until = pack
            .until
            .map(|d| format!(" until {d}"))
            .unwrap_or_default();
        let dates = match pack.effective {
            Some(from) => format!(", in force from {from}{until}"),
            None if until.is_empty() => String::new(),
            None => format!(", in force{until}"),
        };
        let _ = writeln!(out, "\n## Pack `{}` {}{dates}\n", pack.name, pack.version);
        for rule in rules.rules.iter().filter(|r| r.pack == index) {
            write_rule(&mut out, rule);
        }
    }
    out
}

/// A rule's own dates in words (`from 2026-01-01 until 2026-12-31`), if it has any.
fn rule_dates(rule: &CompiledRule) -> Option<String> {
    match (rule.effective, rule.until) {
        (None, None) => None,
        (Some(from), None) => Some(format!("from {from}")),
        (None, Some(to)) => Some(format!("until {to}")),
        (Some(from), Some(to)) => Some(format!("from {from} until {to}")),
    }
}

fn write_rule(out: &mut String, rule: &CompiledRule) {
    let _ = writeln!(out, "### {}: {}\n", rule.id, rule.title);
    let _ = writeln!(
        out,
        "- severity `{}`, stage `{}`",
        rule.severity, rule.stage
    );
    if let Some(case_severity) = rule.case_severity {
        let _ = writeln!(
            out,
            "- severity `{case_severity}` when a whole case is checked"
        );
    }
    if let Some(dates) = rule_dates(rule) {
        let _ = writeln!(out, "- in force {dates} (the rule's own dates)");
    }
    if let Some(pattern) = &rule.pattern {
        let _ = writeln!(out, "- guards against: {pattern}");
    }
    let _ = writeln!(out, "- cites: {}", rule.cite);
    for source in &rule.sources {
        let _ = writeln!(out, "  - {}", source_markdown(source));
    }
    out.push('\n');
}

/// `[B1] [title](url), undated`: the source as a Markdown list item's text.
fn source_markdown(source: &crate::compile::ir::Source) -> String {
    use crate::compile::ir::SourceDate;
    let title = match &source.url {
        Some(url) => format!("[{}](<{url}>)", source.title),
        None => source.title.clone(),
    };
    let date = match source.date {
        SourceDate::Undated => "undated".to_owned(),
        SourceDate::Dated(d) => format!("dated {d}"),
        SourceDate::Retrieved(d) => format!("retrieved {d}"),
    };
    format!("source {}: {title}, {date}", source.id)
}

/// The seed's checkpoints and the rules that enforce each (`data/checkpoints.tsv`).
pub const CHECKPOINTS: &str = include_str!("../../data/checkpoints.tsv");

fn write_checkpoints(out: &mut String) {
    let _ = writeln!(
        out,
        "\n## Seed checkpoints and the rules that enforce them\n"
    );
    let _ = writeln!(out, "| part | checkpoint | rules |\n| --- | --- | --- |");
    for line in CHECKPOINTS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("part\t"))
    {
        let mut cells = line.splitn(3, '\t');
        if let (Some(part), Some(checkpoint), Some(rules)) =
            (cells.next(), cells.next(), cells.next())
        {
            let _ = writeln!(out, "| {part} | {checkpoint} | {rules} |");
        }
    }
}
