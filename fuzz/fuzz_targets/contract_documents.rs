//! Contracts written as text: the first byte chooses plain text, Markdown or Word, the rest is the file. A Word
//! file goes through `docx_text` (zip, XML, the size limit); text through `paragraphs`. Errors are fine; a panic is
//! not, and every paragraph span must lie inside the text on character boundaries.
#![no_main]

use concord::records::prose::{docx_text, paragraphs, ProseFormat};
use libfuzzer_sys::fuzz_target;

fn check_paragraphs(text: &str, format: ProseFormat) {
    let mut previous_end = 0;
    for span in paragraphs(text, format) {
        assert!(span.start <= span.end && span.end <= text.len(), "span inside the text");
        assert!(span.start >= previous_end, "paragraphs in order, not overlapping");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "on character boundaries");
        previous_end = span.end;
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    match choice % 3 {
        0 => {
            if let Ok(text) = docx_text(rest, "fuzz.docx", 1 << 20) {
                check_paragraphs(&text, ProseFormat::Docx);
            }
        }
        1 => {
            if let Ok(text) = std::str::from_utf8(rest) {
                check_paragraphs(text, ProseFormat::Text);
            }
        }
        _ => {
            if let Ok(text) = std::str::from_utf8(rest) {
                check_paragraphs(text, ProseFormat::Markdown);
            }
        }
    }
});
