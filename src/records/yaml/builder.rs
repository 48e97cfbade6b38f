//! Takes saphyr-parser events one at a time; gives the `Node` tree with byte spans, built with an
//! explicit stack and checked against the depth, node and alias budgets as it grows.

use std::collections::HashMap;

use saphyr_parser::{Event, ScalarStyle as SaphyrStyle, Tag};

use super::error::YamlError;
use super::limits::Limits;
use super::node::{Entry, Node, NodeKind, Scalar, ScalarStyle};
use super::offsets::Offsets;
use super::spans;
use crate::source::Span;

/// A finished node with the figures the budgets need.
#[derive(Debug, Clone)]
struct Built {
    node: Node,
    /// Nodes in the subtree, itself included.
    size: usize,
    /// Collections on the longest path down from this node, itself included.
    height: usize,
    /// Bytes of text (scalars and keys) in the subtree.
    bytes: usize,
}

/// A list or mapping whose end event has not come yet.
#[derive(Debug)]
struct Frame {
    items: Items,
    /// Byte offset of `[`, `{` or the first `-`; `None` when the first child decides.
    start: Option<usize>,
    flow: bool,
    anchor: usize,
    size: usize,
    height: usize,
    bytes: usize,
}

#[derive(Debug)]
enum Items {
    Seq(Vec<Node>),
    Map(MapItems),
}

#[derive(Debug, Default)]
struct MapItems {
    entries: Vec<Entry>,
    /// The key read and waiting for its value.
    key: Option<(String, Span)>,
    /// Where each key was first written.
    seen: HashMap<String, Span>,
}

/// Builds one document's tree from its events.
#[derive(Debug)]
pub(crate) struct Builder<'a> {
    text: &'a str,
    offsets: Offsets<'a>,
    limits: Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Built>,
    nodes: usize,
    alias_nodes: usize,
    alias_bytes: usize,
    /// Byte offset where the last token handled ended.
    last_end: usize,
    root: Option<Node>,
}

impl<'a> Builder<'a> {
    /// A builder for `text` under `limits`.
    pub(crate) fn new(text: &'a str, limits: Limits) -> Self {
        Builder {
            text,
            offsets: Offsets::new(text),
            limits,
            stack: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            alias_nodes: 0,
            alias_bytes: 0,
            last_end: 0,
            root: None,
        }
    }

    /// The byte span of a saphyr span.
    pub(crate) fn bytes(&self, span: saphyr_parser::Span) -> Span {
        Span::new(
            self.offsets.byte(span.start.index()),
            self.offsets.byte(span.end.index()),
        )
    }

    /// The byte offset of a saphyr marker.
    pub(crate) fn offset(&self, marker: saphyr_parser::Marker) -> usize {
        self.offsets.byte(marker.index())
    }

    /// The text being loaded.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// The finished tree, if the document held a node.
    pub(crate) fn finish(self) -> Option<Node> {
        self.root
    }

    /// Handles one node event; document and stream events are the caller's.
    pub(crate) fn event(
        &mut self,
        event: Event<'_>,
        span: saphyr_parser::Span,
    ) -> Result<(), YamlError> {
        let span = self.bytes(span);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let tag = tag.map(|tag| self.accept_tag(&tag, span)).transpose()?;
                self.scalar(value.into_owned(), style, anchor, tag, span)
            }
            Event::SequenceStart(anchor, tag) => {
                let tagged = tag.map(|tag| self.accept_tag(&tag, span)).transpose()?;
                self.open(true, anchor, tagged.is_some(), span)
            }
            Event::MappingStart(anchor, tag) => {
                let tagged = tag.map(|tag| self.accept_tag(&tag, span)).transpose()?;
                self.open(false, anchor, tagged.is_some(), span)
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(span),
            Event::Alias(id) => self.alias(id, span),
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd => Ok(()),
        }
    }

    /// Accepts the core schema's tags for plain values; refuses any other (`!local`, `!!binary`, a `%TAG`
    /// handle's) at the tag itself.
    fn accept_tag(&self, tag: &Tag, raw: Span) -> Result<String, YamlError> {
        const CORE: &[&str] = &["str", "int", "float", "bool", "null", "seq", "map"];
        let shown = render_tag(tag);
        if tag.is_yaml_core_schema() && CORE.contains(&tag.suffix.as_str()) {
            return Ok(shown);
        }
        // The tag starts at the first `!` of the node's properties; it ends at white space.
        let text = self.text;
        let from = text
            .get(raw.start..raw.end.max(raw.start))
            .and_then(|s| s.find('!'))
            .map_or(raw.start, |i| raw.start + i);
        let len = text
            .get(from..)
            .and_then(|rest| rest.find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}')))
            .unwrap_or(0)
            .max(1);
        Err(YamlError::Tag {
            tag: crate::records::document::short(&shown),
            span: Span::new(from, (from + len).min(text.len())),
        })
    }

    fn count_node(&mut self, span: Span) -> Result<(), YamlError> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(YamlError::TooManyNodes {
                limit: self.limits.max_nodes,
                span,
            });
        }
        Ok(())
    }

    fn scalar(
        &mut self,
        value: String,
        style: SaphyrStyle,
        anchor: usize,
        tag: Option<String>,
        raw: Span,
    ) -> Result<(), YamlError> {
        let has_properties = anchor != 0 || tag.is_some();
        let mut span = self.scalar_span(&value, style, has_properties, raw);
        if span.is_empty() && self.expects_key() {
            // An empty key sits where the parser puts it, not after the `:` that follows.
            span = Span::at(raw.start);
        }
        self.count_node(span)?;
        let scalar = Scalar {
            value,
            style: convert_style(style),
            tag,
        };
        let bytes = scalar.value.len();
        let node = Node {
            span,
            kind: NodeKind::Scalar(scalar),
        };
        self.finish_node(
            Built {
                node,
                size: 1,
                height: 0,
                bytes,
            },
            anchor,
        )
    }

    fn scalar_span(
        &self,
        value: &str,
        style: SaphyrStyle,
        has_properties: bool,
        raw: Span,
    ) -> Span {
        let text = self.text;
        let start = if has_properties {
            spans::skip_properties(text, raw.start, raw.end)
        } else {
            raw.start
        };
        match style {
            SaphyrStyle::Plain if value.is_empty() => {
                let at = if has_properties {
                    start
                } else {
                    spans::empty_value_at(text, start)
                };
                Span::at(at)
            }
            SaphyrStyle::Plain => Span::new(start, spans::trim_end(text, start, raw.end)),
            SaphyrStyle::SingleQuoted | SaphyrStyle::DoubleQuoted => {
                let end = spans::quoted_end(text, start)
                    .unwrap_or_else(|| spans::trim_end(text, start, raw.end));
                Span::new(start, end)
            }
            SaphyrStyle::Literal | SaphyrStyle::Folded => {
                let from = if has_properties {
                    start
                } else {
                    self.last_end.min(raw.start)
                };
                match spans::block_header(text, from, raw.end.max(start)) {
                    // The header is one ASCII byte; the span ends after the last content line.
                    Some(header) => Span::new(
                        header,
                        spans::trim_end(text, header + 1, raw.end.max(header + 1)),
                    ),
                    None => Span::new(start, spans::trim_end(text, start, raw.end)),
                }
            }
        }
    }

    fn open(
        &mut self,
        is_seq: bool,
        anchor: usize,
        tagged: bool,
        raw: Span,
    ) -> Result<(), YamlError> {
        let text = self.text;
        let at = if anchor != 0 || tagged {
            spans::skip_properties(text, raw.start, raw.end)
        } else {
            raw.start
        };
        let here = spans::char_at(text, at);
        self.reject_complex_key(here)?;
        if self.stack.len() >= self.limits.max_depth {
            return Err(YamlError::TooDeep {
                limit: self.limits.max_depth,
                span: here,
            });
        }
        self.count_node(here)?;
        let flow = matches!(text.as_bytes().get(at), Some(b'[' | b'{'));
        let start = if flow {
            self.last_end = at + 1;
            Some(at)
        } else if is_seq {
            spans::sequence_dash(text, at)
        } else {
            None
        };
        let items = if is_seq {
            Items::Seq(Vec::new())
        } else {
            Items::Map(MapItems::default())
        };
        self.stack.push(Frame {
            items,
            start,
            flow,
            anchor,
            size: 1,
            height: 1,
            bytes: 0,
        });
        Ok(())
    }

    /// True when the innermost open collection is a mapping waiting for a key.
    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last().map(|frame| &frame.items),
            Some(Items::Map(map)) if map.key.is_none()
        )
    }

    /// Fails when a list or mapping opens where a mapping expects its key.
    fn reject_complex_key(&self, span: Span) -> Result<(), YamlError> {
        if self.expects_key() {
            return Err(YamlError::ComplexKey { span });
        }
        Ok(())
    }

    fn close(&mut self, raw: Span) -> Result<(), YamlError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let (kind, first, last) = match frame.items {
            Items::Seq(items) => {
                let first = items.first().map(|node| node.span.start);
                let last = items.last().map(|node| node.span.end);
                (NodeKind::Seq(items), first, last)
            }
            Items::Map(map) => {
                let first = map.entries.first().map(|entry| entry.key_span.start);
                let last = map.entries.last().map(|entry| entry.value.span.end);
                (NodeKind::Map(map.entries), first, last)
            }
        };
        let fallback = raw.start;
        let start = frame.start.or(first).unwrap_or(fallback);
        let end = if frame.flow {
            raw.end
        } else {
            last.unwrap_or(start)
        };
        let node = Node {
            span: Span::new(start, end.max(start)),
            kind,
        };
        let built = Built {
            node,
            size: frame.size,
            height: frame.height,
            bytes: frame.bytes,
        };
        self.finish_node(built, frame.anchor)
    }

    fn alias(&mut self, id: usize, raw: Span) -> Result<(), YamlError> {
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(YamlError::UnknownAnchor { span: raw });
        };
        let (size, height, bytes) = (anchored.size, anchored.height, anchored.bytes);
        self.alias_nodes = self.alias_nodes.saturating_add(size);
        if self.alias_nodes > self.limits.max_alias_nodes {
            return Err(YamlError::AliasBudget {
                limit: self.limits.max_alias_nodes,
                span: raw,
            });
        }
        // The expanded size counts too: a few thousand copies of one wide anchor are few nodes but much text.
        self.alias_bytes = self.alias_bytes.saturating_add(bytes);
        if self.alias_bytes > self.limits.max_alias_bytes {
            return Err(YamlError::AliasBytes {
                limit: self.limits.max_alias_bytes,
                span: raw,
            });
        }
        self.check_copy(size, height, raw)?;
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(YamlError::UnknownAnchor { span: raw });
        };
        let built = anchored.clone();
        self.finish_node(built, 0)?;
        self.last_end = raw.end;
        Ok(())
    }

    /// Checks the node and depth budgets before a subtree of `size` nodes is copied in.
    fn check_copy(&mut self, size: usize, height: usize, span: Span) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(size);
        if self.nodes > self.limits.max_nodes {
            return Err(YamlError::TooManyNodes {
                limit: self.limits.max_nodes,
                span,
            });
        }
        if self.stack.len() + height > self.limits.max_depth {
            return Err(YamlError::TooDeep {
                limit: self.limits.max_depth,
                span,
            });
        }
        Ok(())
    }

    /// Records an anchored node, then hands the node to its parent.
    fn finish_node(&mut self, built: Built, anchor: usize) -> Result<(), YamlError> {
        self.last_end = built.node.span.end;
        if anchor != 0 {
            // The anchor table holds a copy, so it counts against the node budget.
            self.nodes = self.nodes.saturating_add(built.size);
            if self.nodes > self.limits.max_nodes {
                return Err(YamlError::TooManyNodes {
                    limit: self.limits.max_nodes,
                    span: built.node.span,
                });
            }
            self.anchors.insert(anchor, built.clone());
        }
        self.attach(built)
    }

    fn attach(&mut self, built: Built) -> Result<(), YamlError> {
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(built.node);
            return Ok(());
        };
        parent.size = parent.size.saturating_add(built.size);
        parent.bytes = parent.bytes.saturating_add(built.bytes);
        parent.height = parent.height.max(built.height + 1);
        match &mut parent.items {
            Items::Seq(items) => items.push(built.node),
            Items::Map(map) => match map.key.take() {
                Some((key, key_span)) => map.entries.push(Entry {
                    key,
                    key_span,
                    value: built.node,
                }),
                None => map.key = Some(accept_key(map, built.node)?),
            },
        }
        Ok(())
    }
}

/// Checks a node read in key position and gives its text and span.
fn accept_key(map: &mut MapItems, node: Node) -> Result<(String, Span), YamlError> {
    let span = node.span;
    let NodeKind::Scalar(scalar) = node.kind else {
        return Err(YamlError::ComplexKey { span });
    };
    if scalar.style == ScalarStyle::Plain && scalar.value == "<<" {
        return Err(YamlError::MergeKey { span });
    }
    if let Some(&first) = map.seen.get(&scalar.value) {
        return Err(YamlError::DuplicateKey {
            key: scalar.value,
            span,
            first,
        });
    }
    map.seen.insert(scalar.value.clone(), span);
    Ok((scalar.value, span))
}

fn convert_style(style: SaphyrStyle) -> ScalarStyle {
    match style {
        SaphyrStyle::Plain => ScalarStyle::Plain,
        SaphyrStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        SaphyrStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        SaphyrStyle::Literal => ScalarStyle::Literal,
        SaphyrStyle::Folded => ScalarStyle::Folded,
    }
}

/// A tag as written: `!local`, `!!core` or the full `prefix:suffix`.
fn render_tag(tag: &Tag) -> String {
    if tag.is_yaml_core_schema() {
        format!("!!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    }
}
