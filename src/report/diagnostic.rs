//! Adapts a `Finding` to miette: the primary block shows the data file with every mark in it,
//! related blocks show marks in the other records and the rule that produced the finding.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SpanContents};

use crate::compile::ir::Severity;
use crate::eval::finding::{Finding, Mark, Outcome};
use crate::source::{FileId, Location, SourceMap};

/// One block of a finding: a file and the labelled places in it.
#[derive(Debug)]
pub(super) struct Block {
    message: String,
    severity: miette::Severity,
    code: Option<String>,
    help: Option<String>,
    source: Option<Shown>,
    labels: Vec<LabeledSpan>,
    related: Vec<Block>,
}

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Block {}

impl Diagnostic for Block {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|b| b as &dyn Diagnostic)))
    }
}

/// A file as miette shows it: its name and text with control characters made visible, and columns counted in
/// characters (as in every other format), not in bytes as miette's own sources count them.
#[derive(Debug, Clone)]
pub(super) struct Shown {
    name: String,
    /// The file as read, for lines and columns.
    file: crate::source::SourceFile,
    /// The text shown: the same length as the file's, with control characters replaced.
    text: std::sync::Arc<str>,
}

impl SourceCode for Shown {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let (_, column) = self.file.line_col(inner.span().offset());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column.saturating_sub(1),
            inner.line_count(),
        )))
    }
}

/// miette pads each label to its column, and fails past column 65,535; a label further along its line than this is
/// shown without the snippet, with its place written after the message instead.
const MAX_SNIPPET_COLUMN: usize = 1_000;

/// The file to show for labels at `spans`, or, when one is too far along its line, none and the place in words.
fn shown_for(
    sources: &SourceMap,
    file: FileId,
    spans: impl IntoIterator<Item = crate::source::Span>,
) -> (Option<Shown>, String) {
    let Some(f) = sources.get(file) else {
        return (None, String::new());
    };
    for span in spans {
        let (line, column) = f.line_col(span.start);
        let (_, end_column) = f.line_col(span.end);
        if column.max(end_column) > MAX_SNIPPET_COLUMN {
            let at = format!(
                " (at {}:{line}:{column})",
                crate::text::visible(&f.name, false)
            );
            return (None, at);
        }
    }
    (named(sources, file), String::new())
}

fn named(sources: &SourceMap, file: FileId) -> Option<Shown> {
    let f = sources.get(file)?;
    // Shown on a terminal: a file name's or a value's control characters are shown, never obeyed (the text keeps
    // its length, so spans still fit).
    let text: std::sync::Arc<str> = match crate::text::visible_same_length(&f.text) {
        std::borrow::Cow::Borrowed(_) => f.text.clone(),
        std::borrow::Cow::Owned(text) => text.into(),
    };
    Some(Shown {
        name: crate::text::visible(&f.name, false).into_owned(),
        file: f.clone(),
        text,
    })
}

fn label(mark: &Mark) -> LabeledSpan {
    LabeledSpan::new_with_span(
        Some(crate::text::visible(&mark.label, false).into_owned()),
        mark.at.span,
    )
}

/// Groups marks by file, keeping the order in which files first appear.
fn by_file(marks: &[Mark]) -> Vec<(FileId, Vec<&Mark>)> {
    let mut groups: Vec<(FileId, Vec<&Mark>)> = Vec::new();
    for mark in marks {
        match groups.iter_mut().find(|(f, _)| *f == mark.at.file) {
            Some((_, g)) => g.push(mark),
            None => groups.push((mark.at.file, vec![mark])),
        }
    }
    groups
}

fn severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// Builds the blocks of a finding.
pub(super) fn finding_block(finding: &Finding, sources: &SourceMap) -> Block {
    let groups = by_file(&finding.marks);
    let mut related: Vec<Block> = groups
        .iter()
        .skip(1)
        .map(|(file, marks)| {
            let (source, at) = shown_for(sources, *file, marks.iter().map(|m| m.at.span));
            Block {
                message: format!(
                    "in {}{at}",
                    crate::text::visible(sources.get(*file).map_or("", |f| f.name.as_str()), false)
                ),
                severity: miette::Severity::Advice,
                code: None,
                help: None,
                source,
                labels: marks.iter().map(|m| label(m)).collect(),
                related: Vec::new(),
            }
        })
        .collect();
    related.push(rule_block(finding, sources));
    let outcome = match finding.outcome {
        Outcome::Violated => "",
        Outcome::NotProvable => "cannot be shown: ",
    };
    let (source, labels, at) = match groups.first() {
        Some((file, marks)) => {
            let (source, at) = shown_for(sources, *file, marks.iter().map(|m| m.at.span));
            (source, marks.iter().map(|m| label(m)).collect(), at)
        }
        None => (None, Vec::new(), String::new()),
    };
    let (message, level) = match &finding.waived {
        Some(w) => (
            format!(
                "waived by {} until {} ({}): {outcome}{}",
                w.approver, w.expires, w.reason, finding.message
            ),
            miette::Severity::Advice,
        ),
        None => (
            format!("{outcome}{}", finding.message),
            severity(finding.severity),
        ),
    };
    Block {
        message: format!("{}{at}", crate::text::visible(&message, false)),
        severity: level,
        code: Some(finding.rule_id.clone()),
        help: Some(crate::text::visible(&finding.help, false).into_owned()),
        source,
        labels,
        related,
    }
}

fn rule_block(finding: &Finding, sources: &SourceMap) -> Block {
    let Location { file, span } = finding.rule;
    let (source, at) = shown_for(sources, file, [span]);
    Block {
        message: format!(
            "rule {} ({}): {}{at}",
            finding.rule_id,
            format!("{} {}", finding.pack, finding.pack_version).trim_end(),
            finding.title
        ),
        severity: miette::Severity::Advice,
        code: None,
        help: Some(format!("cites: {}", finding.cite)),
        source,
        labels: vec![LabeledSpan::new_with_span(
            Some("this rule".to_owned()),
            span,
        )],
        related: Vec::new(),
    }
}

/// A stage error shown with the file it points into.
#[derive(Debug)]
pub(super) struct WithSource<'a> {
    pub inner: &'a (dyn Diagnostic + Send + Sync + 'static),
    pub source: Option<Shown>,
    /// The place in words, when the snippet is not shown (`shown_for`).
    pub at: String,
}

impl fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::text::visible(&self.inner.to_string(), false))?;
        f.write_str(&self.at)
    }
}

impl std::error::Error for WithSource<'_> {}

impl Diagnostic for WithSource<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Error)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.help()
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.inner.labels()
    }
}

/// Wraps a problem with its source file.
pub(super) fn problem_block<'a>(
    problem: &'a crate::check::problem::Problem,
    sources: &SourceMap,
) -> WithSource<'a> {
    let inner = problem.diagnostic();
    let (source, at) = match problem.file() {
        Some(file) => {
            let spans: Vec<crate::source::Span> = inner
                .labels()
                .map(|labels| {
                    labels
                        .map(|l| crate::source::Span::new(l.offset(), l.offset() + l.len()))
                        .collect()
                })
                .unwrap_or_default();
            shown_for(sources, file, spans)
        }
        None => (None, String::new()),
    };
    WithSource { inner, source, at }
}
