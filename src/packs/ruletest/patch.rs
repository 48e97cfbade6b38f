//! Deep-merges a YAML patch into a record's YAML tree and writes the result back as YAML text,
//! so a rule test states only what differs from its base case.

use crate::records::yaml::{Entry, Node, NodeKind, Scalar, ScalarStyle};

/// Merges `patch` into `base`: mappings merge key by key, an empty value removes the key, anything else replaces.
pub(crate) fn merge(base: &mut Node, patch: &Node) {
    match (&mut base.kind, &patch.kind) {
        (NodeKind::Map(entries), NodeKind::Map(changes)) => {
            for change in changes {
                let position = entries.iter().position(|e| e.key == change.key);
                match (position, change.value.is_null()) {
                    (Some(i), true) => {
                        entries.remove(i);
                    }
                    (Some(i), false) => {
                        if let Some(entry) = entries.get_mut(i) {
                            merge(&mut entry.value, &change.value);
                        }
                    }
                    (None, true) => {}
                    (None, false) => entries.push(Entry {
                        key: change.key.clone(),
                        key_span: change.key_span,
                        value: change.value.clone(),
                    }),
                }
            }
        }
        _ => *base = patch.clone(),
    }
}

/// Writes a tree as block-style YAML.
pub(crate) fn emit(node: &Node) -> String {
    let mut out = String::new();
    match &node.kind {
        NodeKind::Map(entries) if !entries.is_empty() => emit_map(entries, 0, &mut out),
        _ => {
            out.push_str(&inline(node));
            out.push('\n');
        }
    }
    out
}

fn emit_map(entries: &[Entry], indent: usize, out: &mut String) {
    for entry in entries {
        push_indent(out, indent);
        out.push_str(&scalar_text(&entry.key, ScalarStyle::Plain));
        out.push(':');
        emit_child(&entry.value, indent, out);
    }
}

fn emit_child(value: &Node, indent: usize, out: &mut String) {
    match &value.kind {
        NodeKind::Map(entries) if !entries.is_empty() => {
            out.push('\n');
            emit_map(entries, indent + 2, out);
        }
        NodeKind::Seq(items) if !items.is_empty() => {
            out.push('\n');
            for item in items {
                push_indent(out, indent + 2);
                out.push('-');
                match &item.kind {
                    NodeKind::Map(entries) if !entries.is_empty() => {
                        out.push('\n');
                        emit_map(entries, indent + 4, out);
                    }
                    _ => {
                        out.push(' ');
                        out.push_str(&inline(item));
                        out.push('\n');
                    }
                }
            }
        }
        _ => {
            out.push(' ');
            out.push_str(&inline(value));
            out.push('\n');
        }
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A node on one line: scalars, and flow collections for nested ones.
fn inline(node: &Node) -> String {
    match &node.kind {
        NodeKind::Scalar(Scalar { value, style, .. }) => scalar_text(value, *style),
        NodeKind::Seq(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        NodeKind::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|e| format!(
                    "{}: {}",
                    scalar_text(&e.key, ScalarStyle::Plain),
                    inline(&e.value)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A plain scalar stays plain when YAML would read it back the same; anything else is double-quoted.
fn scalar_text(value: &str, style: ScalarStyle) -> String {
    if style == ScalarStyle::Plain && is_safe_plain(value) {
        return value.to_owned();
    }
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".to_owned())
}

fn is_safe_plain(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.contains(", ")
        && !value.ends_with(':')
        && value.trim() == value
        && !value.contains('\n')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::yaml::{load, Limits};

    fn node(text: &str) -> Node {
        load(text, &Limits::default()).unwrap().unwrap()
    }

    #[test]
    fn patches_merge_deeply_remove_empty_keys_and_read_back() {
        let mut base = node("a: { b: 1, c: \">= 50 cycles/min\" }\nd: [x, y]\ne: keep\n");
        merge(
            &mut base,
            &node("a: { b: 2 }\nd: [z]\ne:\nf: \"Hongda Co., Ltd.\"\n"),
        );
        let text = emit(&base);
        assert_eq!(
            text,
            "a:\n  b: 2\n  c: \">= 50 cycles/min\"\nd:\n  - z\nf: \"Hongda Co., Ltd.\"\n"
        );
        let reread = node(&text);
        assert_eq!(emit(&reread), text);
    }
}
