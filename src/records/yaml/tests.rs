//! Takes sample YAML texts; gives checks that spans slice back to the source, that limits hold
//! against hostile input, and that errors point at the right bytes.

// Tests fail by panicking; the crate-wide denial of `unwrap` and `panic!` is for library paths.
#![allow(clippy::unwrap_used, clippy::panic)]

use super::*;
use crate::source::{SourceFile, Span};

const EXAMPLE: &str = r#"# contract.yaml
order:
  id: TA-2026-0412-0007
  signed: 2026-03-02
  product: Automatic capsule filling machine, model NJP-800
buyer: { name: Harbor Nutrition LLC, country: US }
spec:
  throughput:        { requirement: ">= 50 cycles/min", measured_by: functional_test }
  frame_dimensions:  { requirement: "±0.5 mm", reference: drawing NJP-800-A rev 3, measured_by: dimensional_check }
inspection:
  methods: [visual, dimensional, functional]
  sampling: { standard: ANSI/ASQ Z1.4, level: II, aql: { critical: 0, major: 2.5, minor: 4.0 } }
warranty: { period: 12 months, scope: parts and labour for manufacturing defects, on-site within 10 days }
clauses:
  - Supplier ships the machines with the factory acceptance test video for each unit.
  - >
    Folded text with TÜV SÜD
    across lines
"#;

fn load_ok(text: &str) -> Node {
    match load(text, &Limits::default()) {
        Ok(Some(node)) => node,
        other => panic!("expected a document, got {other:?}"),
    }
}

fn load_err(text: &str) -> YamlError {
    match load(text, &Limits::default()) {
        Err(error) => error,
        Ok(node) => panic!("expected an error, got {node:?}"),
    }
}

fn slice(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

/// Follows a path of mapping keys (or list indexes written as numbers).
fn at<'n>(node: &'n Node, path: &[&str]) -> &'n Node {
    let mut node = node;
    for step in path {
        node = match &node.kind {
            NodeKind::Map(_) => &node.get(step).unwrap().value,
            NodeKind::Seq(items) => &items[step.parse::<usize>().unwrap()],
            NodeKind::Scalar(_) => panic!("no step {step} in a scalar"),
        };
    }
    node
}

fn scalar(node: &Node) -> &Scalar {
    match &node.kind {
        NodeKind::Scalar(scalar) => scalar,
        other => panic!("not a scalar: {other:?}"),
    }
}

/// Checks every scalar and key of the tree: plain scalars slice to their value, quoted ones
/// to their quotes around the source text, block ones from the indicator.
fn check_spans(text: &str, node: &Node) {
    match &node.kind {
        NodeKind::Scalar(s) => {
            let src = slice(text, node.span);
            match s.style {
                ScalarStyle::Plain if s.value.contains('\n') || src.contains('\n') => {}
                ScalarStyle::Plain => assert_eq!(src, s.value),
                ScalarStyle::SingleQuoted => assert!(src.starts_with('\'') && src.ends_with('\'')),
                ScalarStyle::DoubleQuoted => assert!(src.starts_with('"') && src.ends_with('"')),
                ScalarStyle::Literal => assert!(src.starts_with('|'), "{src:?}"),
                ScalarStyle::Folded => assert!(src.starts_with('>'), "{src:?}"),
            }
            assert!(!src.ends_with([' ', '\n', '\r', '\t']), "{src:?}");
        }
        NodeKind::Seq(items) => items.iter().for_each(|item| check_spans(text, item)),
        NodeKind::Map(entries) => {
            for entry in entries {
                assert_eq!(slice(text, entry.key_span), entry.key);
                check_spans(text, &entry.value);
            }
        }
    }
}

#[test]
fn example_spans_slice_back_to_source() {
    let root = load_ok(EXAMPLE);
    check_spans(EXAMPLE, &root);
    let span_of = |path: &[&str]| slice(EXAMPLE, at(&root, path).span);
    assert_eq!(span_of(&["order", "id"]), "TA-2026-0412-0007");
    assert_eq!(
        span_of(&["spec", "throughput", "requirement"]),
        "\">= 50 cycles/min\""
    );
    assert_eq!(
        span_of(&["spec", "throughput"]),
        "{ requirement: \">= 50 cycles/min\", measured_by: functional_test }"
    );
    assert_eq!(
        span_of(&["spec", "frame_dimensions", "requirement"]),
        "\"±0.5 mm\""
    );
    assert_eq!(
        span_of(&["spec", "frame_dimensions", "reference"]),
        "drawing NJP-800-A rev 3"
    );
    assert_eq!(
        span_of(&["inspection", "methods"]),
        "[visual, dimensional, functional]"
    );
    assert_eq!(span_of(&["inspection", "sampling", "aql", "major"]), "2.5");
    assert_eq!(
        span_of(&["clauses", "1"]),
        ">\n    Folded text with TÜV SÜD\n    across lines"
    );
    assert_eq!(
        scalar(at(&root, &["clauses", "1"])).value,
        "Folded text with TÜV SÜD across lines\n"
    );
    assert!(span_of(&["clauses"]).starts_with("- Supplier ships"));
    assert!(span_of(&["clauses"]).ends_with("across lines"));
    assert!(span_of(&["order"]).starts_with("id: TA"));
    assert!(span_of(&["order"]).ends_with("NJP-800"));
    assert_eq!(slice(EXAMPLE, root.span), EXAMPLE[16..].trim_end());
}

#[test]
fn quoted_and_block_scalars_cover_their_source() {
    let text = "a: \"x y\"  # note\nb: |\n  line1\n  line2\n\n\nc: 'it''s'\n";
    let root = load_ok(text);
    assert_eq!(slice(text, at(&root, &["a"]).span), "\"x y\"");
    assert_eq!(slice(text, at(&root, &["b"]).span), "|\n  line1\n  line2");
    assert_eq!(slice(text, at(&root, &["c"]).span), "'it''s'");
    assert_eq!(scalar(at(&root, &["c"])).value, "it's");
}

#[test]
fn block_scalar_headers_with_indicators_tags_and_comments() {
    let text = "a: >-  # folded\n  x\n  y\nb: !!str |2\n   z\nc: |\nd:\n  - |+\n    kept\n\n  - &m >\n    m\n";
    let root = load_ok(text);
    assert_eq!(
        slice(text, at(&root, &["a"]).span),
        ">-  # folded\n  x\n  y"
    );
    assert_eq!(slice(text, at(&root, &["b"]).span), "|2\n   z");
    assert_eq!(scalar(at(&root, &["b"])).tag.as_deref(), Some("!!str"));
    assert_eq!(slice(text, at(&root, &["c"]).span), "|");
    assert_eq!(slice(text, at(&root, &["d", "0"]).span), "|+\n    kept");
    assert_eq!(slice(text, at(&root, &["d", "1"]).span), ">\n    m");
    assert_eq!(
        slice(text, at(&root, &["d"]).span),
        "- |+\n    kept\n\n  - &m >\n    m"
    );
}

#[test]
fn multi_line_plain_scalars_span_first_to_last_char() {
    let text = "a: plain text   \n  more words  # comment\nb: 1\n";
    let root = load_ok(text);
    assert_eq!(
        slice(text, at(&root, &["a"]).span),
        "plain text   \n  more words"
    );
    assert_eq!(scalar(at(&root, &["a"])).value, "plain text more words");
}

#[test]
fn flow_map_values_slice_exactly() {
    let text = "x: { requirement: \">= 50 cycles/min\", measured_by: functional_test }\n";
    let root = load_ok(text);
    assert_eq!(
        slice(text, at(&root, &["x", "requirement"]).span),
        "\">= 50 cycles/min\""
    );
    assert_eq!(
        slice(text, at(&root, &["x", "measured_by"]).span),
        "functional_test"
    );
    let entry = at(&root, &["x"]).get("measured_by").unwrap();
    assert_eq!(slice(text, entry.key_span), "measured_by");
}

#[test]
fn empty_values_sit_after_the_colon() {
    let text = "a:\nb: 1\nc: [ ]\nd: {}\ne:\n  -\n  - x\n";
    let root = load_ok(text);
    let a = at(&root, &["a"]);
    assert!(a.is_null());
    assert_eq!(a.span, Span::at(2));
    assert_eq!(scalar(a).value, "");
    assert_eq!(slice(text, at(&root, &["c"]).span), "[ ]");
    assert_eq!(slice(text, at(&root, &["d"]).span), "{}");
    assert!(at(&root, &["e", "0"]).is_null());
    assert_eq!(slice(text, at(&root, &["e"]).span), "-\n  - x");
}

#[test]
fn anchors_and_tags_are_not_part_of_the_span() {
    let text = "a: &x \"q\"\nb: !!str plain\nc: *x\nd: &m\n  n: 1\ne: &s [1, 2]\nf: *m\n";
    let root = load_ok(text);
    assert_eq!(slice(text, at(&root, &["a"]).span), "\"q\"");
    assert_eq!(slice(text, at(&root, &["b"]).span), "plain");
    assert_eq!(scalar(at(&root, &["b"])).tag.as_deref(), Some("!!str"));
    assert_eq!(scalar(at(&root, &["c"])).value, "q");
    assert_eq!(slice(text, at(&root, &["d"]).span), "n: 1");
    assert_eq!(slice(text, at(&root, &["e"]).span), "[1, 2]");
    assert_eq!(at(&root, &["f"]), at(&root, &["d"]));
}

#[test]
fn application_tags_binary_and_tag_directives_are_refused_at_their_span() {
    for (text, tag) in [
        ("a: 1\nb: !t plain\n", "!t"),
        ("a: !!binary aGk=\n", "!!binary"),
        ("a: !secret {x: 1}\n", "!secret"),
        ("a: [1, !local 2]\n", "!local"),
    ] {
        match load_err(text) {
            YamlError::Tag { span, .. } => assert_eq!(slice(text, span), tag, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
    for text in [
        "%TAG !e! tag:example.com,2000:app/\n---\na: !e!x 1\n",
        "%YAML 2.0\n---\na: 1\n",
    ] {
        match load_err(text) {
            YamlError::Directive { span, .. } => assert_eq!(span.start, 0, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
    assert!(load("%YAML 1.2\n---\na: 1\n", &Limits::default()).is_ok());
}

#[test]
fn the_alias_budget_counts_expanded_bytes_at_the_alias() {
    let wide = "x".repeat(10_000);
    let copies = vec!["*w"; 200].join(", ");
    let text = format!("w: &w {wide}\nc: [{copies}]\n");
    match load_err(&text) {
        YamlError::AliasBytes { span, .. } => assert_eq!(slice(&text, span), "*w"),
        other => panic!("{other:?}"),
    }
    // Within the budget, the same shape loads.
    let copies = vec!["*w"; 50].join(", ");
    assert!(load(
        &format!("w: &w {wide}\nc: [{copies}]\n"),
        &Limits::default()
    )
    .is_ok());
}

#[test]
fn non_ascii_before_a_node_does_not_shift_spans() {
    let text = "lab: TÜV SÜD 🔬 检验\nnote: \"检验 ✓\"\nvalue: 42\nlist: [é, \"ü\", 漢字]\n";
    let root = load_ok(text);
    check_spans(text, &root);
    assert_eq!(slice(text, at(&root, &["lab"]).span), "TÜV SÜD 🔬 检验");
    assert_eq!(slice(text, at(&root, &["note"]).span), "\"检验 ✓\"");
    assert_eq!(slice(text, at(&root, &["value"]).span), "42");
    assert_eq!(slice(text, at(&root, &["list", "2"]).span), "漢字");
}

#[test]
fn long_non_ascii_text_keeps_spans() {
    let mut text = String::new();
    for i in 0..500 {
        text.push_str(&format!("k{i}: «значение {i}» ✓\n"));
    }
    let root = load_ok(&text);
    check_spans(&text, &root);
    assert_eq!(slice(&text, at(&root, &["k499"]).span), "«значение 499» ✓");
}

#[test]
fn crlf_line_endings() {
    let text = "a: TÜV\r\nb: \"x\"\r\nc: |\r\n  l1\r\n  l2\r\nd:\r\n  - e\r\n";
    let root = load_ok(text);
    check_spans(text, &root);
    assert_eq!(slice(text, at(&root, &["a"]).span), "TÜV");
    assert_eq!(slice(text, at(&root, &["c"]).span), "|\r\n  l1\r\n  l2");
    assert_eq!(slice(text, at(&root, &["d", "0"]).span), "e");
}

#[test]
fn byte_order_mark_at_start() {
    let text = "\u{feff}a: TÜV\nb: [x]\n";
    let root = load_ok(text);
    check_spans(text, &root);
    assert_eq!(slice(text, at(&root, &["b", "0"]).span), "x");
    assert_eq!(root.get("a").unwrap().key_span, Span::new(3, 4));
}

#[test]
fn node_helpers() {
    let root = load_ok("a: ~\nb: 'null'\nc: [1]\nd: NULL\n");
    assert!(at(&root, &["a"]).is_null());
    assert!(!at(&root, &["b"]).is_null());
    assert!(at(&root, &["d"]).is_null());
    assert_eq!(at(&root, &["b"]).kind_name(), "a text value");
    assert_eq!(at(&root, &["c"]).kind_name(), "a list");
    assert_eq!(root.kind_name(), "a mapping");
    assert!(root.get("z").is_none());
}

#[test]
fn empty_and_comment_only_files_hold_no_document() {
    for text in ["", "# only a comment\n# and another\n", "\n\n", "\u{feff}"] {
        assert_eq!(load(text, &Limits::default()), Ok(None), "{text:?}");
    }
}

#[test]
fn second_document_is_an_error_at_its_marker() {
    let text = "a: 1\n---\nb: 2\n";
    assert_eq!(
        load_err(text),
        YamlError::MultipleDocuments {
            span: Span::new(5, 8)
        }
    );
    assert!(load("---\na: 1\n...\n", &Limits::default()).is_ok());
}

#[test]
fn duplicate_keys_name_both_places() {
    let text = "a: 1\nb:\n  c: 2\n  c: 3\n";
    assert_eq!(
        load_err(text),
        YamlError::DuplicateKey {
            key: "c".into(),
            span: Span::new(17, 18),
            first: Span::new(10, 11),
        }
    );
    assert!(matches!(
        load_err("{x: 1, x: 2}"),
        YamlError::DuplicateKey { .. }
    ));
}

#[test]
fn empty_key_sits_where_written() {
    let text = "a: 1\n: v\n";
    let root = load_ok(text);
    assert_eq!(root.get("").map(|entry| entry.key_span), Some(Span::at(5)));
}

#[test]
fn complex_and_merge_keys_are_rejected() {
    assert_eq!(
        load_err("? [a]\n: v\n"),
        YamlError::ComplexKey {
            span: Span::new(2, 3)
        }
    );
    assert!(matches!(
        load_err("{a: 1}: v\n"),
        YamlError::ComplexKey { .. }
    ));
    let text = "base: &b {x: 1}\nother:\n  <<: *b\n";
    assert_eq!(
        load_err(text),
        YamlError::MergeKey {
            span: Span::new(25, 27)
        }
    );
}

#[test]
fn unknown_and_self_referencing_aliases() {
    assert_eq!(
        load_err("a: *nope\n"),
        YamlError::UnknownAnchor {
            span: Span::new(3, 8)
        }
    );
    assert!(matches!(
        load_err("a: &x [*x]\n"),
        YamlError::UnknownAnchor { .. }
    ));
}

#[test]
fn deep_block_nesting_is_rejected() {
    let text = "- ".repeat(100_000);
    assert!(matches!(
        load_err(&text),
        YamlError::TooDeep { limit: 64, .. }
    ));
}

#[test]
fn deep_flow_nesting_is_rejected() {
    let text = "[".repeat(100_000);
    assert!(matches!(load_err(&text), YamlError::TooDeep { .. }));
    let text = "{a: ".repeat(100_000);
    assert!(matches!(load_err(&text), YamlError::TooDeep { .. }));
    let text = format!("{}1{}", "[".repeat(100), "]".repeat(100));
    assert!(matches!(
        load_err(&text),
        YamlError::TooDeep { limit: 64, .. }
    ));
}

#[test]
fn deep_block_mapping_nesting_is_rejected() {
    let text: String = (0..2_000)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    assert!(matches!(
        load_err(&text),
        YamlError::TooDeep { limit: 64, .. }
    ));
}

#[test]
fn depth_at_the_limit_is_accepted() {
    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    assert!(load("[[[1]]]", &limits).is_ok());
    assert!(matches!(
        load("[[[[1]]]]", &limits),
        Err(YamlError::TooDeep { limit: 3, .. })
    ));
    // An alias may not smuggle in extra depth.
    assert!(matches!(
        load("a: &x [[1]]\nb: [*x]\n", &limits),
        Err(YamlError::TooDeep { limit: 3, .. })
    ));
}

#[test]
fn billion_laughs_hits_the_alias_budget() {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..=9 {
        let prev = level - 1;
        let refs = vec![format!("*a{prev}"); 10].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    assert!(matches!(
        load_err(&text),
        YamlError::AliasBudget { limit: 10_000, .. }
    ));
}

#[test]
fn node_budget_is_enforced() {
    let limits = Limits {
        max_nodes: 10,
        ..Limits::default()
    };
    let text = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]";
    assert!(matches!(
        load(text, &limits),
        Err(YamlError::TooManyNodes { limit: 10, .. })
    ));
}

#[test]
fn oversized_input_is_rejected_before_parsing() {
    let limits = Limits {
        max_bytes: 4,
        ..Limits::default()
    };
    assert_eq!(
        load("a: 12", &limits),
        Err(YamlError::TooLarge {
            size: 5,
            limit: 4,
            span: Span::at(0)
        })
    );
}

#[test]
fn five_megabyte_file_loads() {
    let mut text = String::with_capacity(5_300_000);
    let mut i = 0;
    while text.len() < 5_000_000 {
        text.push_str(&format!(
            "item{i}:\n  name: \"Part {i} – TÜV\"\n  qty: {i}\n  tags: [a, b, c]\n"
        ));
        i += 1;
    }
    // The file is about size: its 560,000 nodes pass the default node limit (250,000, docs/security.md), so the
    // limit is raised as `--max-nodes` would.
    let limits = Limits {
        max_nodes: 1_000_000,
        ..Limits::default()
    };
    let root = match load(&text, &limits) {
        Ok(Some(node)) => node,
        other => panic!("expected a document, got {other:?}"),
    };
    let NodeKind::Map(entries) = &root.kind else {
        panic!()
    };
    assert_eq!(entries.len(), i);
    let last = format!("item{}", i - 1);
    assert_eq!(
        slice(&text, at(&root, &[&last, "name"]).span),
        format!("\"Part {} – TÜV\"", i - 1)
    );
}

#[test]
fn tab_indentation_error_points_at_its_line() {
    let text = "a: 1\nb:\n\tc: 2\n";
    let error = load_err(text);
    let YamlError::Syntax { message, span } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(message, "tab character used for indentation");
    let file = SourceFile::new("t", text);
    assert_eq!(file.line_col(span.start).0, 3);
    assert_eq!(slice(text, *span), "\t");
    for text in [
        "a:\r\n\tb: 1\r\n",
        "a:\n  b: 1\n\tc: 2\n",
        "- a\n-\tb\n\t- c\n",
    ] {
        let span = load_err(text).span();
        assert_eq!(slice(text, span), "\t", "{text:?}");
    }
    let help = miette::Diagnostic::help(&error).map(|h| h.to_string());
    assert_eq!(
        help.as_deref(),
        Some("indent with spaces: YAML does not allow tabs for indentation")
    );
}

#[test]
fn syntax_errors_are_lowercase_without_period() {
    for text in ["a: \"open\n", "a: b: c\n", "x: [a, b\n", "k: v\n k2: v\n"] {
        let error = load_err(text);
        let YamlError::Syntax { message, .. } = &error else {
            panic!("{error:?}")
        };
        assert!(!message.ends_with('.'), "{message}");
        assert!(message.chars().next().is_some_and(|c| !c.is_uppercase()));
        assert!(miette::Diagnostic::help(&error).is_some());
        assert!(miette::Diagnostic::code(&error).is_some());
    }
}

#[test]
fn character_indices_map_to_bytes_in_any_order() {
    let text: String = (0..300).map(|i| format!("{i}é✓🔬\n")).collect();
    let offsets = super::offsets::Offsets::new(&text);
    let expected: Vec<usize> = text.char_indices().map(|(byte, _)| byte).collect();
    let order = (0..expected.len())
        .rev()
        .chain(0..expected.len())
        .chain([5, 900, 3, 700]);
    for index in order {
        assert_eq!(offsets.byte(index), expected[index], "{index}");
    }
    assert_eq!(offsets.byte(expected.len()), text.len());
    assert_eq!(offsets.byte(usize::MAX), text.len());
}
