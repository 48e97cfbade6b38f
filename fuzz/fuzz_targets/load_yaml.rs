//! The YAML loader on arbitrary text: Ok or a YamlError, never a panic; and every node and key span
//! of a loaded tree lies inside the text on character boundaries (the loader's invariant).
#![no_main]

use concord::source::Span;
use concord::records::yaml::{Node, NodeKind};
use libfuzzer_sys::fuzz_target;

fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} span {span:?} outside the {} bytes of the text",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} span {span:?} splits a character"
    );
}

fn check_tree(text: &str, root: &Node) {
    // An explicit stack: the tree may be as deep as the depth limit allows.
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        check_span(text, node.span, "node");
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Seq(items) => stack.extend(items.iter()),
            NodeKind::Map(entries) => {
                for entry in entries {
                    check_span(text, entry.key_span, "key");
                    stack.push(&entry.value);
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(Some(root)) = concord::records::yaml::load(text, &concord::records::yaml::Limits::default()) {
        check_tree(text, &root);
    }
});
