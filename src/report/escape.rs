//! Escaping for the markup formats (JUnit XML, HTML): one place, so every report treats newlines,
//! characters XML cannot hold, control characters and bidirectional overrides the same way.

/// Text content of an XML element.
pub fn xml_text(text: &str) -> String {
    xml(text, false)
}

/// The value of an XML attribute (tab, line feed and carriage return survive attribute normalisation).
pub fn xml_attribute(text: &str) -> String {
    xml(text, true)
}

/// Text made safe for XML 1.0: markup characters as entities; characters XML cannot hold at all
/// (control characters other than tab, line feed and carriage return; U+FFFE, U+FFFF) as U+FFFD.
/// In attributes, tab, line feed and carriage return are written as character references so that
/// attribute-value normalisation keeps them.
fn xml(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if u32::from(c) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            // DEL, C1 and the bidirectional overrides are valid XML but reorder or hide what a viewer shows.
            c if crate::text::is_hidden_control(c) => {
                out.push_str(&crate::text::visible(c.encode_utf8(&mut [0; 4]), false));
            }
            c => out.push(c),
        }
    }
    out
}

/// An attribute, with its leading space.
pub fn attr(name: &str, value: &str) -> String {
    format!(" {name}=\"{}\"", xml_attribute(value))
}

/// Text for HTML content or a quoted attribute.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters and bidirectional overrides would reorder or hide what the page shows.
            '\n' | '\t' => out.push(c),
            c if crate::text::is_hidden_control(c) => {
                out.push_str(&crate::text::visible(c.encode_utf8(&mut [0; 4]), false));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{xml_attribute, xml_text};

    #[test]
    fn escapes_markup_and_characters_xml_cannot_hold() {
        assert_eq!(
            xml_attribute("a<b>&\"c'\n\t\r\u{1}\u{FFFF}é"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;&#9;&#13;\u{FFFD}\u{FFFD}é"
        );
        assert_eq!(xml_text("]]> \"x\"\n"), "]]&gt; \"x\"\n");
        assert_eq!(xml_text("a\u{202e}b\u{85}"), "a\\u{202e}b\\u{85}");
    }

    #[test]
    fn html_shows_control_characters_and_bidi_overrides() {
        assert_eq!(
            super::html("<a>\u{1b}[31m\u{202e}x\n"),
            "&lt;a&gt;\\u{1b}[31m\\u{202e}x\n"
        );
    }
}
