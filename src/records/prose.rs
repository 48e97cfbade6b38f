//! Contracts as people hold them: a plain-text, Markdown or Word (`.docx`) contract read as a contract record
//! whose clauses are its paragraphs, with spans into the text (for `.docx`, the text extracted from it).

use std::io::Read;
use std::path::Path;

use crate::files::InputError;
use crate::records::document::{Document, Field, Value, ValueKind};
use crate::records::schema::{RecordKind, Schema};
use crate::source::{FileId, SourceFile, Span};

/// The forms of a contract other than the YAML record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProseFormat {
    /// `.txt`, `.text`: paragraphs separated by blank lines or starting with a clause number.
    Text,
    /// `.md`, `.markdown`: as text, and headings, list items and table rows are paragraphs of their own;
    /// fenced code is left out.
    Markdown,
    /// `.docx`: the paragraphs of the document body, one per line of the extracted text.
    Docx,
}

impl ProseFormat {
    /// The prose form a file name says, if any.
    pub fn of(path: &Path) -> Option<ProseFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(ProseFormat::Text),
            "md" | "markdown" => Some(ProseFormat::Markdown),
            "docx" => Some(ProseFormat::Docx),
            _ => None,
        }
    }
}

/// The WordprocessingML namespace of `word/document.xml`.
const WORD_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The text of a `.docx` file: the paragraphs of its body in reading order (table cells included), one per
/// line, so that line N of the text is paragraph N of the document and a column counts its characters.
/// Deleted text (tracked changes) is left out. The decompressed XML may be at most `limit` bytes.
pub fn docx_text(bytes: &[u8], display: &str, limit: u64) -> Result<String, InputError> {
    let fail = |reason: String| InputError::NotAWordFile {
        path: display.to_owned(),
        reason,
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| fail(format!("it is not a zip archive ({e})")))?;
    let part = archive
        .by_name("word/document.xml")
        .map_err(|_| fail("it holds no `word/document.xml`".to_owned()))?;
    let mut bytes = Vec::new();
    part.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("`word/document.xml` cannot be read ({e})")))?;
    if bytes.len() as u64 > limit {
        return Err(fail(format!(
            "`word/document.xml` is larger than {limit} bytes once decompressed (`--max-file-bytes`)"
        )));
    }
    let xml = String::from_utf8(bytes)
        .map_err(|_| fail("`word/document.xml` is not UTF-8 text".to_owned()))?;
    // No DTD (so no entity expansion), and a node limit besides the byte limit.
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 2_000_000,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(&xml, options)
        .map_err(|e| fail(format!("`word/document.xml` is not well-formed XML ({e})")))?;
    Ok(paragraph_lines(&doc).join("\n"))
}

/// Every `w:p` of the document with its text, in document order; a paragraph nested in another (a text box)
/// is a paragraph of its own.
fn paragraph_lines(doc: &roxmltree::Document) -> Vec<String> {
    let is = |node: &roxmltree::Node, name: &str| {
        node.is_element()
            && node.tag_name().name() == name
            && node.tag_name().namespace() == Some(WORD_NS)
    };
    let mut lines: Vec<String> = Vec::new();
    let mut ids: Vec<roxmltree::NodeId> = Vec::new();
    for node in doc.descendants() {
        if is(&node, "p") {
            ids.push(node.id());
            lines.push(String::new());
            continue;
        }
        let piece = if is(&node, "t") {
            node.text().unwrap_or("").replace(['\n', '\r'], " ")
        } else if is(&node, "tab") {
            "\t".to_owned()
        } else if is(&node, "br") || is(&node, "cr") {
            " ".to_owned()
        } else if is(&node, "noBreakHyphen") {
            "-".to_owned()
        } else {
            continue;
        };
        let Some(paragraph) = node.ancestors().find(|a| is(a, "p")) else {
            continue;
        };
        if let Some(index) = ids.iter().rposition(|id| *id == paragraph.id()) {
            if let Some(line) = lines.get_mut(index) {
                line.push_str(&piece);
            }
        }
    }
    lines
}

/// The byte spans of the paragraphs of a text: runs of non-blank lines, and a new paragraph at each line that
/// starts a numbered clause or a list item (and, in Markdown, a heading or a table row). Fenced code in Markdown
/// is left out.
pub fn paragraphs(text: &str, format: ProseFormat) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut current: Option<Span> = None;
    let mut in_fence = false;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        let fence = format == ProseFormat::Markdown
            && (trimmed.starts_with("```") || trimmed.starts_with("~~~"));
        if fence || in_fence || trimmed.is_empty() {
            if fence {
                in_fence = !in_fence;
            }
            spans.extend(current.take());
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let span = Span::new(start + lead, start + line.trim_end().len());
        let breaks = format == ProseFormat::Docx || starts_a_clause(trimmed, format);
        current = match current {
            Some(open) if !breaks => Some(Span::new(open.start, span.end)),
            open => {
                spans.extend(open);
                Some(span)
            }
        };
    }
    spans.extend(current);
    spans
}

/// A line that opens a clause of its own: `3.`, `3.1`, `(a)`, `a)`, `-`, `*`, `•`, `Article 5`, `第五条`, and in
/// Markdown `#` headings and `|` table rows.
fn starts_a_clause(line: &str, format: ProseFormat) -> bool {
    let markdown =
        format == ProseFormat::Markdown && (line.starts_with('#') || line.starts_with('|'));
    let bullet = line
        .strip_prefix(['-', '*', '•', '·', '–'])
        .is_some_and(|rest| rest.starts_with(char::is_whitespace));
    // `1.`, `3.1`, `1)`, `1、`: a bare number (`180 gsm` on a continued line) is not a clause number.
    let digits = line
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .count();
    let (number, rest) = line.split_at(digits);
    let numbered = line.starts_with(|c: char| c.is_ascii_digit())
        && ((number.contains('.') && rest.starts_with([' ', '\t']))
            || rest.starts_with([')', '、', '．']));
    let lettered = {
        let mut chars = line.chars();
        match (chars.next(), chars.next(), chars.next()) {
            (Some('('), Some(c), Some(')')) => c.is_alphanumeric(),
            (Some(c), Some(')'), _) => c.is_ascii_alphabetic(),
            _ => false,
        }
    };
    let chinese = line.starts_with('第') && line.chars().take(8).any(|c| c == '条' || c == '章');
    let keyword = ["article ", "clause ", "section "].iter().any(|k| {
        line.get(..k.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(k))
    });
    markdown || bullet || numbered || lettered || chinese || keyword
}

/// A contract record holding only its clauses: one prose value per paragraph of `file`, in the contract field the
/// schema declares as a list of prose (`clauses`).
pub fn contract(
    file_id: FileId,
    file: &SourceFile,
    format: ProseFormat,
    schema: &Schema,
) -> Document {
    let text = &file.text;
    let clauses: Vec<Value> = paragraphs(text, format)
        .into_iter()
        .map(|span| Value {
            kind: ValueKind::Text(text.get(span.start..span.end).unwrap_or("").to_owned()),
            span,
            file: None,
        })
        .collect();
    let whole = Span::new(0, text.len());
    let fields = schema
        .prose_list(RecordKind::Contract)
        .map(|name| Field {
            key: name.to_owned(),
            key_span: Span::at(0),
            value: Value {
                kind: ValueKind::List(clauses),
                span: whole,
                file: None,
            },
        })
        .into_iter()
        .collect();
    Document {
        record: RecordKind::Contract,
        file: file_id,
        root: Value {
            kind: ValueKind::Map(fields),
            span: whole,
            file: None,
        },
        placeholders: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, format: ProseFormat) -> Vec<&str> {
        paragraphs(text, format)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn paragraphs_break_at_blank_lines_and_clause_numbers() {
        let text = "PURCHASE CONTRACT\n\n1. Quality: good\nquality goods.\n2. Packing: export\n   packing.\n\n(a) first\na) second\n第五条 质量好\n";
        assert_eq!(
            texts(text, ProseFormat::Text),
            [
                "PURCHASE CONTRACT",
                "1. Quality: good\nquality goods.",
                "2. Packing: export\n   packing.",
                "(a) first",
                "a) second",
                "第五条 质量好"
            ]
        );
    }

    #[test]
    fn markdown_headings_rows_and_fences() {
        let text = "# Spec\nbody line\n| a | b |\n| c | d |\n```\ncode good quality\n```\n- item one\n  continued\n";
        assert_eq!(
            texts(text, ProseFormat::Markdown),
            [
                "# Spec\nbody line",
                "| a | b |",
                "| c | d |",
                "- item one\n  continued"
            ]
        );
    }

    #[test]
    fn a_number_inside_a_sentence_does_not_start_a_clause() {
        assert!(!starts_a_clause("180 gsm fabric", ProseFormat::Text));
        assert!(starts_a_clause("3.2 Packing", ProseFormat::Text));
        assert!(starts_a_clause("12) Warranty", ProseFormat::Text));
    }

    #[test]
    fn docx_paragraphs_are_lines() {
        assert_eq!(texts("one\n\nthree", ProseFormat::Docx), ["one", "three"]);
    }
}
