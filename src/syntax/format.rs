//! `concord fmt`: canonical layout of rule files. It changes only whitespace — indentation by block depth, one
//! space around operators and after commas, none inside brackets, a block's `{` on its header's line, at most one
//! blank line — keeps every comment, and checks that the file still parses to the same tree before anything is
//! written.

use crate::syntax::parse;

/// Why a file cannot be formatted.
#[derive(Debug, Clone, PartialEq)]
pub enum FormatError {
    /// The file does not parse; formatting would guess. The error has the span, for a line and a column.
    Syntax(parse::ParseError),
    /// Formatting changed the meaning: a bug in the formatter, reported instead of writing.
    Changed,
}

/// Words that start a field line inside a block; any other line inside a block continues the one before.
const FIELD_WORDS: &[&str] = &[
    "title",
    "severity",
    "case_severity",
    "stage",
    "cite",
    "pattern",
    "message",
    "help",
    "for",
    "let",
    "when",
    "require",
    "version",
    "based_on",
    "effective",
    "until",
    "changelog",
    "extends",
    "categories",
    "columns",
    "row",
    "except",
    "\"",
    "#",
    "}",
];

/// Top-level words; other top-level lines continue the one before (a long `methods` list).
const ITEM_WORDS: &[&str] = &[
    "pack", "methods", "lexicon", "table", "rule", "pattern", "source", "def", "let", "replace",
    "remove", "retire", "amend", "#",
];

/// Formats a rule file. The result parses to the same tree as the input.
pub fn format(text: &str) -> Result<String, FormatError> {
    // Each tree is reduced to a digest as soon as it is built, so at most one tree is in memory at a time.
    let before = tree_digest(text).map_err(FormatError::Syntax)?;
    // The canonical spacing of tokens is checked like the rest; should it ever change the tree (a token form it
    // does not know), the file is laid out with its tokens as written rather than refused.
    // A byte-order mark stays where it is, before the layout of the text after it.
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text),
    };
    for spacing in [Spacing::Canonical, Spacing::AsWritten] {
        let mut formatted = layout(body, spacing);
        // Put back in place rather than copied into a new string: a copy of a large file's layout doubles the peak.
        formatted.insert_str(0, bom);
        let same = tree_digest(&formatted).is_ok_and(|after| after == before);
        if same {
            return Ok(formatted);
        }
    }
    Err(FormatError::Changed)
}

/// How the tokens of a line are spaced.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Spacing {
    /// One space around comparison operators, `=`, `=>` and `|`, one after a comma, none inside brackets, and a space
    /// between an operator word and its bracket (`and (`).
    Canonical,
    /// Runs of spaces collapsed to one, nothing else changed.
    AsWritten,
}

/// A digest of a file's tree, item by item in file order, with every byte position removed, to compare trees
/// regardless of layout. Each item's tree is digested as soon as it is parsed and then dropped, and its debug text is
/// streamed into the digest, never held whole: a large file's tree is many times the file's size.
fn tree_digest(text: &str) -> Result<[u8; 32], parse::ParseError> {
    use std::fmt::Write as _;
    let mut sink = WithoutSpans::default();
    parse::parse_items(text, parse::MAX_NESTING, |tree| {
        let _ = write!(sink, "{tree:?}");
        *tree = parse::empty_file();
    })?;
    Ok(sink.finish())
}

/// Feeds text into SHA-256 with every `Span { ... }` left out, across the pieces `Debug` writes.
#[derive(Default)]
struct WithoutSpans {
    hasher: sha2::Sha256,
    pending: String,
}

impl WithoutSpans {
    const MARK: &'static str = "Span {";

    fn drain(&mut self, at_end: bool) {
        use sha2::Digest as _;
        loop {
            match self.pending.find(Self::MARK) {
                Some(i) => match self.pending[i..].find('}') {
                    Some(j) => {
                        self.hasher.update(&self.pending.as_bytes()[..i]);
                        self.pending.drain(..i + j + 1);
                    }
                    None if at_end => {
                        self.hasher.update(&self.pending.as_bytes()[..i]);
                        self.pending.clear();
                        return;
                    }
                    // The span's end has not been written yet.
                    None => return,
                },
                None => {
                    // Keep a tail that could be the start of the mark.
                    let keep = if at_end { 0 } else { Self::MARK.len() - 1 };
                    let mut cut = self.pending.len().saturating_sub(keep);
                    while !self.pending.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    self.hasher.update(&self.pending.as_bytes()[..cut]);
                    self.pending.drain(..cut);
                    return;
                }
            }
        }
    }

    fn finish(mut self) -> [u8; 32] {
        use sha2::Digest as _;
        self.drain(true);
        self.hasher.finalize().into()
    }
}

impl std::fmt::Write for WithoutSpans {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.pending.push_str(s);
        if self.pending.len() > 4096 {
            self.drain(false);
        }
        Ok(())
    }
}

/// State carried from line to line.
#[derive(Default)]
struct Cursor {
    depth: usize,
    in_string: Quote,
    blank_run: usize,
}

/// Whether the text at a point is inside a string, and which kind.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Quote {
    /// Outside strings.
    #[default]
    None,
    /// Inside `"..."`.
    Plain,
    /// Inside `"""..."""`.
    Block,
}

/// The quote state after the `"` at the start of `rest`, and how many more characters the quote takes.
fn after_quote(state: Quote, rest: &str) -> (Quote, usize) {
    let triple = rest.starts_with("\"\"\"");
    match state {
        Quote::None if triple => (Quote::Block, 2),
        Quote::None => (Quote::Plain, 0),
        Quote::Plain => (Quote::None, 0),
        Quote::Block if triple => (Quote::None, 2),
        Quote::Block => (Quote::Block, 0),
    }
}

fn layout(text: &str, spacing: Spacing) -> String {
    // Room for the byte-order mark put back in front, and for spaces added around operators.
    let mut out = String::with_capacity(text.len() + text.len() / 16 + 3);
    let mut cursor = Cursor::default();
    for raw in text.lines() {
        // A block's opening brace alone on its line joins its header: `rule R-1` then `{` is `rule R-1 {`.
        if cursor.in_string == Quote::None && raw.trim() == "{" && ends_with_code(&out) {
            out.truncate(out.trim_end().len());
            out.push_str(" {\n");
            cursor.depth += 1;
            cursor.blank_run = 0;
            continue;
        }
        if cursor.in_string == Quote::Block {
            // Inside a `"""` block the indentation is not part of the text: its lines sit one level in, the
            // closing quotes at the level of the field; a blank line (a line break in the text) stays blank.
            let line = collapse(raw.trim());
            let line = line.as_str();
            if !line.is_empty() {
                let closing = line.starts_with("\"\"\"");
                out.extend(std::iter::repeat_n(
                    "  ",
                    cursor.depth + usize::from(!closing),
                ));
                out.push_str(line);
            }
            out.push('\n');
            let (_, still) = scan(line, &mut cursor.depth, cursor.in_string);
            cursor.in_string = still;
            continue;
        }
        if cursor.in_string != Quote::None {
            // Inside a string that spans lines: the text is the string's content, so it stays as written.
            out.push_str(raw);
            out.push('\n');
            let (_, still) = scan(raw, &mut cursor.depth, cursor.in_string);
            cursor.in_string = still;
            continue;
        }
        let line = collapse(raw.trim());
        let line = if spacing == Spacing::Canonical {
            respace(&line)
        } else {
            line
        };
        if line.is_empty() {
            cursor.blank_run += 1;
            continue;
        }
        let closes = line.starts_with('}');
        let level = cursor.depth.saturating_sub(usize::from(closes));
        let first_word = line.split_whitespace().next().unwrap_or("");
        let continuation = if cursor.depth == 0 {
            !ITEM_WORDS.iter().any(|w| first_word.starts_with(w))
        } else {
            // `+ "phrase"`, `- "phrase"`, `+ row` and `- row` open the lines of an `amend` block; `- 3 days` continues
            // an expression.
            let amends = ["+ \"", "- \"", "+ row ", "- row "]
                .iter()
                .any(|sign| line.starts_with(sign));
            !amends
                && !FIELD_WORDS.iter().any(|w| {
                    first_word == *w
                        || (w.starts_with(['"', '#', '}']) && first_word.starts_with(*w))
                })
        };
        // Keep one blank line where the author had some, but none right after an opening or before a closing brace.
        if cursor.blank_run > 0 && !closes && !out.trim_end().ends_with('{') && !out.is_empty() {
            out.push('\n');
        }
        cursor.blank_run = 0;
        out.extend(std::iter::repeat_n("  ", level + usize::from(continuation)));
        out.push_str(&line);
        out.push('\n');
        let (depth, still) = scan(&line, &mut cursor.depth, Quote::None);
        cursor.depth = depth;
        cursor.in_string = still;
    }
    out
}

/// Whether the last line written ends in code a brace may follow (not a comment, a brace or nothing).
fn ends_with_code(out: &str) -> bool {
    let last = out.trim_end().rsplit('\n').next().unwrap_or("");
    let trimmed = last.trim();
    !trimmed.is_empty()
        && !trimmed.starts_with('#')
        && !trimmed.ends_with(['{', '}'])
        && !last.contains(" #")
        && !trimmed.contains('"')
}

/// The canonical spacing of one collapsed line's code, leaving strings and the comment as they are.
fn respace(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut code = String::new();
    let mut in_string = Quote::None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_string == Quote::None {
            match c {
                '#' => {
                    out.push_str(&respace_code(&code, !out.is_empty()));
                    code.clear();
                    if !out.is_empty() && !out.ends_with(' ') {
                        out.push(' ');
                    }
                    out.push_str(&line[i..]);
                    return out.trim_end().to_owned();
                }
                '"' => {
                    out.push_str(&respace_code(&code, !out.is_empty()));
                    code.clear();
                    let (state, skip) = after_quote(in_string, &line[i..]);
                    in_string = state;
                    out.push(c);
                    for _ in 0..skip {
                        out.extend(chars.next().map(|(_, q)| q));
                    }
                }
                _ => code.push(c),
            }
            continue;
        }
        out.push(c);
        if c == '\\' {
            out.extend(chars.next().map(|(_, n)| n));
        } else if c == '"' {
            let (state, skip) = after_quote(in_string, &line[i..]);
            in_string = state;
            for _ in 0..skip {
                out.extend(chars.next().map(|(_, q)| q));
            }
        }
    }
    out.push_str(&respace_code(&code, !out.is_empty()));
    out.trim_end().to_owned()
}

/// Operators spaced on both sides, longest first.
const SPACED_OPERATORS: &[&str] = &[">=", "<=", "==", "!=", "=>", "<", ">", "=", "|"];

/// Words after which a bracket opens a sub-expression, not a call's arguments.
const OPERATOR_WORDS: &[&str] = &["and", "or", "not", "in", "when", "require"];

/// The canonical spacing of a stretch of code (no strings, no comment in it).
fn respace_code(code: &str, preceded: bool) -> String {
    let mut out = String::with_capacity(code.len() + 8);
    let mut rest = code;
    while let Some(c) = rest.chars().next() {
        if let Some(op) = SPACED_OPERATORS.iter().find(|op| rest.starts_with(**op)) {
            trim_trailing_space(&mut out);
            if (preceded || !out.is_empty()) && !out.ends_with(['(', '[']) {
                out.push(' ');
            }
            out.push_str(op);
            out.push(' ');
            rest = rest[op.len()..].trim_start();
            continue;
        }
        match c {
            ',' => {
                trim_trailing_space(&mut out);
                out.push_str(", ");
                rest = rest[1..].trim_start();
            }
            '(' | '[' => {
                let word = out.trim_end().rsplit([' ', '(', '[']).next().unwrap_or("");
                if OPERATOR_WORDS.contains(&word) && !out.ends_with(' ') {
                    out.push(' ');
                }
                out.push(c);
                rest = rest[1..].trim_start();
            }
            ')' | ']' => {
                trim_trailing_space(&mut out);
                out.push(c);
                rest = &rest[1..];
            }
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

fn trim_trailing_space(out: &mut String) {
    out.truncate(out.trim_end_matches(' ').len());
}

/// Counts braces outside strings and comments; returns the new depth and whether a string is still open.
fn scan(line: &str, depth: &mut usize, mut in_string: Quote) -> (usize, Quote) {
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        let outside = in_string == Quote::None;
        match (outside, c) {
            (false, '\\') => {
                chars.next();
            }
            (_, '"') => {
                let (state, skip) = after_quote(in_string, &line[i..]);
                in_string = state;
                for _ in 0..skip {
                    chars.next();
                }
            }
            (true, '#') => break,
            (true, '{') => *depth += 1,
            (true, '}') => *depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (*depth, in_string)
}

/// Collapses runs of spaces and tabs to one space, outside strings and comments.
fn collapse(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_string = Quote::None;
    let mut chars = line.char_indices().peekable();
    let mut last_space = false;
    while let Some((i, c)) = chars.next() {
        if in_string != Quote::None {
            out.push(c);
            if c == '\\' {
                if let Some((_, n)) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                let (state, skip) = after_quote(in_string, &line[i..]);
                in_string = state;
                for _ in 0..skip {
                    out.extend(chars.next().map(|(_, q)| q));
                }
            }
            continue;
        }
        match c {
            '#' => {
                out.push('#');
                out.extend(chars.by_ref().map(|(_, c)| c));
                break;
            }
            '"' => {
                let (state, skip) = after_quote(in_string, &line[i..]);
                in_string = state;
                last_space = false;
                out.push(c);
                for _ in 0..skip {
                    out.extend(chars.next().map(|(_, q)| q));
                }
            }
            ' ' | '\t' => {
                if !last_space {
                    out.push(' ');
                }
                last_space = true;
            }
            _ => {
                last_space = false;
                out.push(c);
            }
        }
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reindents_collapses_spaces_and_keeps_comments() {
        let messy = "pack p {\nversion   \"1.0.0\"\n}\n\n\n\n   # a comment   kept\nrule R-1 {\n      title \"t  with  spaces\"\nseverity    error\n stage contract\ncite \"c\"\n  require contract.spec exists and\n contract.order exists\nmessage \"m\"\nhelp \"h\"\n}\n";
        let formatted = format(messy).unwrap();
        assert_eq!(
            formatted,
            "pack p {\n  version \"1.0.0\"\n}\n\n# a comment   kept\nrule R-1 {\n  title \"t  with  spaces\"\n  severity error\n  stage contract\n  cite \"c\"\n  require contract.spec exists and\n    contract.order exists\n  message \"m\"\n  help \"h\"\n}\n"
        );
        assert_eq!(format(&formatted).unwrap(), formatted);
    }

    #[test]
    fn the_streamed_digest_ignores_spans_however_the_text_is_cut() {
        use std::fmt::Write as _;
        let a = "Rule { id: \"X\", span: Span { start: 1, end: 20 }, name: \"é\" }";
        let b = "Rule { id: \"X\", span: Span { start: 300, end: 4000 }, name: \"é\" }";
        let whole = |text: &str| {
            let mut sink = WithoutSpans::default();
            let _ = sink.write_str(text);
            sink.finish()
        };
        let in_pieces = |text: &str| {
            let mut sink = WithoutSpans::default();
            for c in text.chars() {
                let _ = sink.write_char(c);
                sink.drain(false);
            }
            sink.finish()
        };
        assert_eq!(whole(a), whole(b));
        assert_eq!(whole(a), in_pieces(b));
        assert_ne!(whole(a), whole(&a.replace("\"X\"", "\"Y\"")));
    }

    #[test]
    fn keeps_triple_quoted_texts_and_quotes_inside_them() {
        let text = "pack p {\nversion \"1.0.0\"\n}\nrule R-1 {\ntitle \"t\"\nseverity error\nstage contract\ncite \"c\"\nrequire contract.spec exists\nmessage   \"\"\"\n    a \"quoted\" {contract.order.category}\n      and a {{brace}}\n  \"\"\"\nhelp \"h\"\n}\n";
        let formatted = format(text).unwrap();
        assert!(formatted.contains("  message \"\"\"\n    a \"quoted\" {contract.order.category}\n    and a {{brace}}\n  \"\"\"\n  help \"h\"\n"), "{formatted}");
        assert_eq!(format(&formatted).unwrap(), formatted);
    }

    #[test]
    fn lays_out_the_changes_of_a_version_based_on_another() {
        let messy = "pack p {\nversion \"1.1.0\"\n   based_on   \"1.0.0\"\n}\nremove   rule R-1\n  retire rule R-2 until 2026-12-31\namend lexicon words {\n+ \"a\" => \"b\"\n      - \"c\"\n}\n";
        let formatted = format(messy).unwrap();
        assert_eq!(
            formatted,
            "pack p {\n  version \"1.1.0\"\n  based_on \"1.0.0\"\n}\nremove rule R-1\nretire rule R-2 until 2026-12-31\namend lexicon words {\n  + \"a\" => \"b\"\n  - \"c\"\n}\n"
        );
        assert_eq!(format(&formatted).unwrap(), formatted);
    }

    #[test]
    fn lays_out_the_rows_an_amended_table_adds_and_removes() {
        let messy = "pack p {\nversion \"1.1.0\"\nbased_on \"1.0.0\"\n}\namend table windows {\n- row \"a\" ,20\n      + row \"a\",25\n}\n";
        let formatted = format(messy).unwrap();
        assert_eq!(
            formatted,
            "pack p {\n  version \"1.1.0\"\n  based_on \"1.0.0\"\n}\namend table windows {\n  - row \"a\", 20\n  + row \"a\", 25\n}\n"
        );
        assert_eq!(format(&formatted).unwrap(), formatted);
    }

    #[test]
    fn a_sign_that_continues_an_expression_stays_a_continuation() {
        let text = "pack p {\n  version \"1.0.0\"\n}\nrule R-1 {\n  require evidence.dispute.planned <= evidence.arrival.receipt_confirmed\n    + 30 days\n}\n";
        assert_eq!(format(text).unwrap(), text);
    }

    #[test]
    fn spaces_operators_commas_and_brackets_canonically() {
        let messy = "pack p {\nversion \"1.0.0\"\ncategories a ,b\n}\nrule R-1\n{\ntitle \"t\"\nlet n=count x in contract.spec where x.requirement exists\nrequire n>=1 and(contract.order.category in [ \"a\",\"b\" ] or not( n==0 ))\n}\nlexicon w {\n\"a b\"=>\"c\" unless followed by standard|quantity\n}\n";
        let formatted = format(messy).unwrap();
        assert_eq!(
            formatted,
            "pack p {\n  version \"1.0.0\"\n  categories a, b\n}\nrule R-1 {\n  title \"t\"\n  let n = count x in contract.spec where x.requirement exists\n  require n >= 1 and (contract.order.category in [\"a\", \"b\"] or not (n == 0))\n}\nlexicon w {\n  \"a b\" => \"c\" unless followed by standard | quantity\n}\n"
        );
        assert_eq!(format(&formatted).unwrap(), formatted);
    }

    #[test]
    fn leaves_strings_comments_paths_and_quantities_as_written() {
        let text = "pack p {\n  version \"1.0.0\"\n}\nrule R-1 {\n  message \"a,b  >=c ( d )\" # x,y>=z\n  require contract.spec[*].requirement exists and contract.order.quantity >= 50 cycles/min\n}\n";
        assert_eq!(format(text).unwrap(), text);
    }

    #[test]
    fn keeps_a_byte_order_mark_and_lays_out_what_follows() {
        let text = "\u{feff}pack p {\nversion \"1.0.0\"\n}\n";
        assert_eq!(
            format(text).unwrap(),
            "\u{feff}pack p {\n  version \"1.0.0\"\n}\n"
        );
    }

    #[test]
    fn refuses_a_file_that_does_not_parse() {
        assert!(matches!(format("pack p {"), Err(FormatError::Syntax(_))));
    }
}
