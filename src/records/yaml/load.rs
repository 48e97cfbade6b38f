//! Takes YAML text and `Limits`; gives the one document it holds as a `Node` tree with byte
//! spans, or a `YamlError` pointing at the problem.

use saphyr_parser::{Event, Parser, ScanError};

use super::builder::Builder;
use super::error::{syntax_message, YamlError};
use super::limits::Limits;
use super::node::Node;
use super::spans;
use crate::source::{line_col, Span};

/// saphyr's own cap on `[`/`{` nesting; reported as a depth error.
const PARSER_FLOW_DEPTH: usize = 255;

/// Loads the single YAML document in `text`.
///
/// Gives `Ok(None)` when the text holds no document (empty, or only comments).
/// A second document (`---`) is an error.
///
/// # Errors
/// A `YamlError` for invalid YAML, for input past any of `limits`, for duplicate, complex or
/// merge keys, for unknown anchors and for more than one document.
pub fn load(text: &str, limits: &Limits) -> Result<Option<Node>, YamlError> {
    if text.len() > limits.max_bytes {
        return Err(YamlError::TooLarge {
            size: text.len(),
            limit: limits.max_bytes,
            span: Span::at(0),
        });
    }
    check_directives(text)?;
    let mut builder = Builder::new(text, *limits);
    let mut documents = 0usize;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|error| scan_error(&builder, limits, &error))?;
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError::MultipleDocuments {
                        span: builder.bytes(span),
                    });
                }
            }
            Event::StreamEnd => break,
            other => builder.event(other, span)?,
        }
    }
    Ok(builder.finish())
}

/// Refuses `%TAG` directives (records need no application tags) and `%YAML` versions other than 1.1 and 1.2,
/// at the directive. Directives stand at the start of a line before the document's content begins.
fn check_directives(text: &str) -> Result<(), YamlError> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !body.starts_with('%') {
            // The first line of content (or `---`) ends the directives.
            return Ok(());
        }
        let span = Span::new(start, start + body.len());
        let shown = crate::records::document::short(body);
        let mut words = body.split_whitespace();
        match (words.next(), words.next()) {
            (Some("%YAML"), Some("1.1" | "1.2")) => {}
            (Some("%YAML"), _) => {
                return Err(YamlError::Directive {
                    directive: shown,
                    help: "concord reads YAML 1.2 (and 1.1); remove the line, or write `%YAML 1.2`"
                        .to_owned(),
                    span,
                })
            }
            (Some("%TAG"), _) => {
                return Err(YamlError::Directive {
                    directive: shown,
                    help:
                        "remove the `%TAG` line and the tags that use it: records are plain values"
                            .to_owned(),
                    span,
                })
            }
            // A reserved directive: YAML says to ignore it, and so does concord.
            _ => {}
        }
    }
    Ok(())
}

/// Turns a scanner or parser error into a `YamlError` at the right bytes.
fn scan_error(builder: &Builder<'_>, limits: &Limits, error: &ScanError) -> YamlError {
    let text = builder.text();
    let at = builder.offset(*error.marker());
    let info = error.info();
    if info.contains("unknown anchor") {
        return YamlError::UnknownAnchor {
            span: alias_span(text, at),
        };
    }
    if info.contains("recursion limit exceeded") {
        return YamlError::TooDeep {
            limit: limits.max_depth.min(PARSER_FLOW_DEPTH),
            span: spans::char_at(text, at),
        };
    }
    // A control character (a NUL from a corrupted or binary file) is the likelier cause than what saphyr
    // reports where it stopped: name it, at its own place.
    if let Some((i, c)) = text
        .char_indices()
        .find(|(_, c)| c.is_control() && !c.is_whitespace())
    {
        return YamlError::Syntax {
            message: format!(
                "control character U+{:04X} is not allowed in YAML text",
                u32::from(c)
            ),
            span: spans::char_at(text, i),
        };
    }
    let mut message = syntax_message(info);
    if let Some(hint) = unclosed_before(text, at) {
        message = format!("{message}; {hint}");
    }
    let at = if info.contains("tab") {
        nearest_tab(text, at).unwrap_or(at)
    } else {
        at
    };
    YamlError::Syntax {
        message,
        span: spans::char_at(text, at),
    }
}

/// A quote or bracket opened before `at` and not closed on its own line: the likelier cause of many errors.
fn unclosed_before(text: &str, at: usize) -> Option<String> {
    // Up to the end of the error's line: saphyr often stops right at the opening quote.
    let end = text
        .get(at..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| at + i);
    let before = text.get(..end)?;
    // Byte offsets of the openings; lines and columns are computed by `source::line_col`, in one place.
    let mut depth: Vec<(usize, char)> = Vec::new();
    let mut hint = None;
    let mut line_start = 0;
    for line in before.split('\n') {
        let mut quote: Option<(usize, char)> = None;
        let mut previous: Option<char> = None;
        for (i, c) in line.char_indices() {
            match (quote, c) {
                (Some((_, q)), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '#') => break,
                (None, '"' | '\'') if previous.is_none_or(|p| " :-[{,".contains(p)) => {
                    quote = Some((line_start + i, c));
                }
                (None, '[' | '{') => depth.push((line_start + i, c)),
                (None, ']' | '}') => {
                    depth.pop();
                }
                _ => {}
            }
            previous = Some(c);
        }
        if let Some((offset, q)) = quote {
            let (line, column) = line_col(text, offset);
            hint = Some(format!(
                "the `{q}` opened at line {line}, column {column} is not closed on its line"
            ));
        }
        line_start += line.len() + 1;
    }
    hint.or_else(|| {
        depth.last().map(|&(offset, c)| {
            let (line, column) = line_col(text, offset);
            format!("the `{c}` opened at line {line}, column {column} is never closed")
        })
    })
}

/// The tab saphyr means by an error at `at`: it reports the character after a tab, or the start
/// of the plain scalar whose next line holds it. Gives the closest tab before `at` on its line,
/// or else the first tab from `at` to the end of the following line.
fn nearest_tab(text: &str, at: usize) -> Option<usize> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    if let Some(i) = text.get(line_start..at)?.rfind('\t') {
        return Some(line_start + i);
    }
    let rest = text.get(at..)?;
    let two_lines = rest.splitn(3, '\n').take(2).map(str::len).sum::<usize>() + 1;
    rest.get(..two_lines.min(rest.len()))?
        .find('\t')
        .map(|i| at + i)
}

/// The span of the `*name` alias starting at `at`.
fn alias_span(text: &str, at: usize) -> Span {
    let rest = text.get(at..).unwrap_or("");
    let len = rest
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}'))
        .map_or(rest.len(), |(i, _)| i);
    Span::new(at, at + len)
}
