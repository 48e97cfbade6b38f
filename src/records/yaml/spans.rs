//! Takes byte offsets derived from saphyr's event markers; gives the exact byte spans this module
//! promises, correcting for what saphyr includes (anchors, tags, trailing blanks and comments).

use crate::source::Span;

/// The byte at `pos`, if any.
fn byte(text: &str, pos: usize) -> Option<u8> {
    text.as_bytes().get(pos).copied()
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Skips blanks, line breaks and comments from `pos`, stopping at `limit`.
fn skip_blanks_and_comments(text: &str, mut pos: usize, limit: usize) -> usize {
    while pos < limit {
        match byte(text, pos) {
            Some(b) if is_blank(b) => pos += 1,
            Some(b'#') => pos = line_end(text, pos).min(limit),
            _ => break,
        }
    }
    pos
}

/// The offset of the line break (or end of text) ending the line that holds `pos`.
fn line_end(text: &str, pos: usize) -> usize {
    text.get(pos..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |at| pos + at)
}

/// The end of an anchor (`&name`) or tag (`!tag`, `!<uri>`) starting at `pos`.
fn property_end(text: &str, pos: usize, limit: usize) -> usize {
    let verbatim = byte(text, pos) == Some(b'!') && byte(text, pos + 1) == Some(b'<');
    let mut end = pos + 1;
    while end < limit {
        match byte(text, end) {
            Some(b'>') if verbatim => return end + 1,
            Some(b) if is_blank(b) => break,
            Some(b',' | b'[' | b']' | b'{' | b'}') if !verbatim => break,
            None => break,
            Some(_) => end += 1,
        }
    }
    end.min(limit)
}

/// Skips the anchor and tag written before a node, stopping at `limit`: gives the content start.
pub(crate) fn skip_properties(text: &str, mut pos: usize, limit: usize) -> usize {
    loop {
        pos = skip_blanks_and_comments(text, pos, limit);
        match byte(text, pos) {
            Some(b'&' | b'!') if pos < limit => pos = property_end(text, pos, limit),
            _ => return pos,
        }
    }
}

/// Moves `end` back over blanks and line breaks, not before `start`.
pub(crate) fn trim_end(text: &str, start: usize, mut end: usize) -> usize {
    while end > start && byte(text, end - 1).is_some_and(is_blank) {
        end -= 1;
    }
    end
}

/// The offset just past the closing quote of the quoted scalar opening at `start`.
pub(crate) fn quoted_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = *bytes.get(start)?;
    let mut pos = start + 1;
    while let Some(&b) = bytes.get(pos) {
        match (quote, b) {
            (b'"', b'\\') => pos += 2,
            (b'\'', b'\'') if bytes.get(pos + 1) == Some(&b'\'') => pos += 2,
            _ if b == quote => return Some(pos + 1),
            _ => pos += 1,
        }
    }
    None
}

/// The offset of the `|` or `>` header of the block scalar written after `from`, before `limit`.
///
/// Between the previous token and the header only indicators (`:`, `-`, `?`, `---`),
/// properties, blanks and comments can appear.
pub(crate) fn block_header(text: &str, mut from: usize, limit: usize) -> Option<usize> {
    while from < limit {
        from = skip_blanks_and_comments(text, from, limit);
        match byte(text, from)? {
            b'|' | b'>' => return Some(from),
            b'&' | b'!' => from = property_end(text, from, limit),
            b':' | b'-' | b'?' => from += 1,
            _ => return None,
        }
    }
    None
}

/// The offset of the `-` opening a block sequence whose start event sits at `pos`.
///
/// saphyr puts the event at the `-`, or just after it when the first item is empty.
pub(crate) fn sequence_dash(text: &str, pos: usize) -> Option<usize> {
    if byte(text, pos) == Some(b'-') {
        return Some(pos);
    }
    let before = text.get(..pos)?.trim_end_matches([' ', '\t']);
    before.ends_with('-').then(|| before.len() - 1)
}

/// Where an empty value sits: just after the `:` when the parser reports it at the key end.
pub(crate) fn empty_value_at(text: &str, pos: usize) -> usize {
    if byte(text, pos) == Some(b':') {
        pos + 1
    } else {
        pos
    }
}

/// The span of the character at `pos` (empty at a line break or the end of the text).
pub(crate) fn char_at(text: &str, pos: usize) -> Span {
    match text.get(pos..).and_then(|rest| rest.chars().next()) {
        Some(c) if c != '\n' && c != '\r' => Span::new(pos, pos + c.len_utf8()),
        _ => Span::at(pos),
    }
}
