//! Takes nothing; gives the loaded YAML tree (`Node`, `NodeKind`, `Scalar`, `Entry`), where
//! every node and key carries the byte span it was read from.

use crate::source::Span;

/// One YAML value and the bytes it was written in.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node is written. Nodes copied from an alias keep the spans of the anchored node.
    pub span: Span,
    /// What the node is.
    pub kind: NodeKind,
}

/// The three shapes a YAML value can take.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A text value.
    Scalar(Scalar),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, with entries in source order.
    Map(Vec<Entry>),
}

/// A text value as written: YAML types (numbers, booleans) are left to the reader.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The text after YAML unquoting, folding and chomping.
    pub value: String,
    /// How the value was written.
    pub style: ScalarStyle,
    /// The tag, if one was written (`!custom`, `!!str` is given as `!!str`).
    pub tag: Option<String>,
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    /// Unquoted.
    Plain,
    /// In `'single quotes'`.
    SingleQuoted,
    /// In `"double quotes"`.
    DoubleQuoted,
    /// A `|` block.
    Literal,
    /// A `>` block.
    Folded,
}

/// One `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key text.
    pub key: String,
    /// Where the key is written.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

impl Node {
    /// The entry for `key` when this node is a mapping holding it.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|entry| entry.key == key),
            NodeKind::Scalar(_) | NodeKind::Seq(_) => None,
        }
    }

    /// True for a plain scalar written as nothing, `~`, `null`, `Null` or `NULL`.
    pub fn is_null(&self) -> bool {
        match &self.kind {
            NodeKind::Scalar(scalar) => {
                scalar.style == ScalarStyle::Plain
                    && matches!(scalar.value.as_str(), "" | "~" | "null" | "Null" | "NULL")
            }
            NodeKind::Seq(_) | NodeKind::Map(_) => false,
        }
    }

    /// What the node is, in words fit for a message: "a text value", "a list" or "a mapping".
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Scalar(_) => "a text value",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }
}
