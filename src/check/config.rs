//! The configuration file `concord.toml` (docs/configuration.md): rule-pack folders, pinned pack versions,
//! severity overrides, disabled rules with their reasons, `fail-on` and the default format, read with spans so
//! that an unknown key or a wrong type is reported at its line and column.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use miette::{Diagnostic, SourceSpan};
use thiserror::Error;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::compile::ir::Severity;
use crate::eval::finding::{Finding, Waived};
use crate::source::{FileId, Location, SourceFile, Span};

/// The name of the configuration file looked for from the case folder upward.
pub const FILE_NAME: &str = "concord.toml";

/// The keys of the top level, for the unknown-key help.
const TOP_KEYS: &[&str] = &["rules", "packs", "severity", "disable", "fail-on", "format"];

/// A configuration file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error, Diagnostic)]
pub enum ConfigError {
    /// Not TOML.
    #[error("{file} is not valid TOML: {message}")]
    #[diagnostic(
        code(concord::config::syntax),
        help(
            "fix the TOML syntax at the marked place (docs/configuration.md shows a complete file)"
        )
    )]
    Syntax {
        /// File name.
        file: String,
        /// The parser's message.
        message: String,
        /// Where.
        #[label("here")]
        span: SourceSpan,
    },
    /// A key concord does not know.
    #[error("unknown key `{key}` in {table}")]
    #[diagnostic(code(concord::config::unknown_key), help("{help}"))]
    UnknownKey {
        /// The key as written.
        key: String,
        /// The table it is in.
        table: String,
        /// Did-you-mean, or the keys known there.
        help: String,
        /// The key.
        #[label("not a key of {table}")]
        span: SourceSpan,
    },
    /// A value of the wrong type or with a wrong value.
    #[error("`{key}` should be {expected}")]
    #[diagnostic(code(concord::config::wrong_value), help("{help}"))]
    WrongValue {
        /// The key (dotted).
        key: String,
        /// What is expected, in words.
        expected: String,
        /// What to write.
        help: String,
        /// The value.
        #[label("this value")]
        span: SourceSpan,
    },
    /// A `[[disable]]` entry without its rule or reason.
    #[error("a `[[disable]]` entry has no `{field}`")]
    #[diagnostic(
        code(concord::config::missing_field),
        help("write `rule = \"RULE-ID\"` and `reason = \"why this rule does not apply\"`: a disabled rule is shown in every report with its reason, like a waiver")
    )]
    MissingField {
        /// The missing key.
        field: String,
        /// The entry.
        #[label("this entry")]
        span: SourceSpan,
    },
}

/// A rule disabled by the configuration, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disabled {
    /// The rule id.
    pub rule: String,
    /// Why.
    pub reason: String,
    /// The last day it applies (`until`), if any.
    pub until: Option<NaiveDate>,
    /// Where the entry is written.
    pub location: Location,
}

/// What the configuration changes in findings: severities, and rules disabled with a reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// The configuration file as shown to the user.
    pub file: String,
    /// Rule id and the severity it gets.
    pub severity: Vec<(String, Severity)>,
    /// Disabled rules.
    pub disabled: Vec<Disabled>,
}

impl Overrides {
    /// Applies the overrides: a rule's severity is replaced; a finding of a disabled rule stays in the report,
    /// accepted like a waived one, with the configuration's reason (until its `until` date, if any, has passed).
    pub fn apply(&self, findings: &mut [Finding], as_of: NaiveDate) {
        for f in findings.iter_mut() {
            if let Some((_, severity)) = self.severity.iter().find(|(id, _)| *id == f.rule_id) {
                f.severity = *severity;
            }
            if f.waived.is_some() {
                continue;
            }
            let Some(d) = self
                .disabled
                .iter()
                .find(|d| d.rule == f.rule_id && d.until.is_none_or(|u| u >= as_of))
            else {
                continue;
            };
            f.waived = Some(Waived {
                reason: format!("disabled in the configuration: {}", d.reason),
                approver: self.file.clone(),
                expires: d.until.unwrap_or(NaiveDate::MAX),
                location: d.location,
            });
        }
    }
}

/// A read configuration file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file as shown to the user.
    pub shown: String,
    /// Rule-pack folders, relative to the configuration file's folder.
    pub rules: Vec<PathBuf>,
    /// Pinned versions, `name@version`.
    pub packs: Vec<String>,
    /// Severity overrides and disabled rules.
    pub overrides: Overrides,
    /// The least severity that fails the run.
    pub fail_on: Option<Severity>,
    /// The default output format, one of the names given to `parse`.
    pub format: Option<String>,
}

fn span(range: std::ops::Range<usize>) -> SourceSpan {
    SourceSpan::from(range.start..range.end)
}

fn unknown(key: &Spanned<std::borrow::Cow<'_, str>>, table: &str, known: &[&str]) -> ConfigError {
    let name = key.get_ref().as_ref();
    let help = match crate::text::closest(name, known.iter().copied()) {
        Some(s) => format!(
            "did you mean `{s}`? the keys of {table} are: {}",
            known.join(", ")
        ),
        None => format!("the keys of {table} are: {}", known.join(", ")),
    };
    ConfigError::UnknownKey {
        key: name.to_owned(),
        table: table.to_owned(),
        help,
        span: span(key.span()),
    }
}

fn wrong(key: &str, expected: &str, help: &str, value: &Spanned<DeValue<'_>>) -> ConfigError {
    ConfigError::WrongValue {
        key: key.to_owned(),
        expected: expected.to_owned(),
        help: help.to_owned(),
        span: span(value.span()),
    }
}

fn string<'a>(
    key: &str,
    help: &str,
    value: &'a Spanned<DeValue<'_>>,
) -> Result<&'a str, ConfigError> {
    value
        .get_ref()
        .as_str()
        .ok_or_else(|| wrong(key, "a string", help, value))
}

fn table<'a, 'i>(
    key: &str,
    help: &str,
    value: &'a Spanned<DeValue<'i>>,
) -> Result<&'a DeTable<'i>, ConfigError> {
    value
        .get_ref()
        .as_table()
        .ok_or_else(|| wrong(key, "a table", help, value))
}

fn severity(key: &str, value: &Spanned<DeValue<'_>>) -> Result<Severity, ConfigError> {
    let help = "write \"error\", \"warning\" or \"info\"";
    let word = string(key, help, value)?;
    Severity::from_word(word).ok_or_else(|| wrong(key, "`error`, `warning` or `info`", help, value))
}

/// Reads a configuration file. `dir` is its folder (rule folders are relative to it); `formats` are the
/// names `format` may take.
pub fn parse(
    source: &SourceFile,
    file: FileId,
    dir: &Path,
    formats: &[&str],
) -> Result<Config, ConfigError> {
    let text: &str = &source.text;
    let root = DeTable::parse(text).map_err(|e| ConfigError::Syntax {
        file: source.name.clone(),
        message: e.message().trim().to_owned(),
        span: span(e.span().unwrap_or(0..0)),
    })?;
    let mut config = Config {
        shown: source.name.clone(),
        overrides: Overrides {
            file: source.name.clone(),
            ..Overrides::default()
        },
        ..Config::default()
    };
    for (key, value) in root.get_ref().iter() {
        match key.get_ref().as_ref() {
            "rules" => {
                let help = "write a list of folders of `.concord` files, relative to this file: rules = [\"packs\"]";
                let list = value
                    .get_ref()
                    .as_array()
                    .ok_or_else(|| wrong("rules", "a list of folders", help, value))?;
                for item in list {
                    config.rules.push(dir.join(string("rules", help, item)?));
                }
            }
            "packs" => {
                let help = "write one pinned version per pack: trade_assurance = \"1.0.0\"";
                for (name, version) in table("packs", help, value)? {
                    let key = format!("packs.{}", name.get_ref());
                    let version = string(&key, help, version)?;
                    config.packs.push(format!("{}@{version}", name.get_ref()));
                }
            }
            "severity" => {
                let help = "write one rule per line: \"WORD-001\" = \"warning\"";
                for (rule, level) in table("severity", help, value)? {
                    let key = format!("severity.{}", rule.get_ref());
                    let level = severity(&key, level)?;
                    config
                        .overrides
                        .severity
                        .push((rule.get_ref().to_string(), level));
                }
            }
            "disable" => {
                let help =
                    "write each disabled rule as a [[disable]] table with `rule` and `reason`";
                let list = value
                    .get_ref()
                    .as_array()
                    .ok_or_else(|| wrong("disable", "a list of [[disable]] tables", help, value))?;
                for entry in list {
                    config.overrides.disabled.push(disabled(entry, file, help)?);
                }
            }
            "fail-on" => config.fail_on = Some(severity("fail-on", value)?),
            "format" => {
                let help = format!("write one of: {}", formats.join(", "));
                let name = string("format", &help, value)?;
                if !formats.contains(&name) {
                    return Err(wrong("format", "an output format", &help, value));
                }
                config.format = Some(name.to_owned());
            }
            _ => return Err(unknown(key, "concord.toml", TOP_KEYS)),
        }
    }
    Ok(config)
}

fn disabled(
    entry: &Spanned<DeValue<'_>>,
    file: FileId,
    help: &str,
) -> Result<Disabled, ConfigError> {
    let fields = table("disable", help, entry)?;
    let (mut rule, mut reason, mut until) = (None, None, None);
    for (key, value) in fields {
        match key.get_ref().as_ref() {
            "rule" => {
                rule = Some(string(
                    "disable.rule",
                    "write the rule id: rule = \"WORD-001\"",
                    value,
                )?)
            }
            "reason" => {
                let text = string("disable.reason", "say why the rule does not apply", value)?;
                if text.trim().is_empty() {
                    return Err(wrong(
                        "disable.reason",
                        "a reason that is not empty",
                        "say why the rule does not apply: it is shown in every report",
                        value,
                    ));
                }
                reason = Some(text);
            }
            "until" => {
                let help = "write the last day as a date: until = 2026-12-31";
                let date = value
                    .get_ref()
                    .as_datetime()
                    .and_then(|d| d.date)
                    .and_then(|d| {
                        NaiveDate::from_ymd_opt(
                            i32::from(d.year),
                            u32::from(d.month),
                            u32::from(d.day),
                        )
                    })
                    .ok_or_else(|| wrong("disable.until", "a date", help, value))?;
                until = Some(date);
            }
            _ => {
                return Err(unknown(
                    key,
                    "a [[disable]] entry",
                    &["rule", "reason", "until"],
                ))
            }
        }
    }
    let missing = |field: &str| ConfigError::MissingField {
        field: field.to_owned(),
        span: span(entry.span()),
    };
    let range = entry.span();
    Ok(Disabled {
        rule: rule.ok_or_else(|| missing("rule"))?.to_owned(),
        reason: reason.ok_or_else(|| missing("reason"))?.to_owned(),
        until,
        location: Location {
            file,
            span: Span::new(range.start, range.end),
        },
    })
}
