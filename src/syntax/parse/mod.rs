//! Parse stage: rule-file text in, `ast::RuleFile` out, or one `ParseError` with a span and a help line.
//! pest stops at the first syntax error, so a file yields at most one syntax error.

mod error;
mod grammar;
mod to_ast;

use pest::Parser as _;

pub use error::ParseError;
use grammar::{ConcordParser, Rule};

use crate::source::Span;
use crate::syntax::ast::{Expr, RuleFile};

/// Parses a whole rule file, with the default nesting limit.
pub fn parse(text: &str) -> Result<RuleFile, ParseError> {
    parse_with_depth(text, MAX_NESTING)
}

/// Parses a whole rule file, refusing brackets or `not`s nested deeper than `max_depth` (`--max-rule-depth`).
pub fn parse_with_depth(text: &str, max_depth: usize) -> Result<RuleFile, ParseError> {
    parse_items(text, max_depth, |_| {})
}

/// An empty tree, as `parse_items` starts from and as a visitor may reset the tree to.
pub fn empty_file() -> RuleFile {
    to_ast::empty_file()
}

/// Parses a rule file one top-level item at a time, handing `visit` the tree after each item is added (the pack
/// header first). A visitor that needs each item once, not the whole tree, takes it out (`*tree = empty_file()`),
/// so a large file is never held as a tree: `fmt` compares files this way.
pub fn parse_items(
    text: &str,
    max_depth: usize,
    mut visit: impl FnMut(&mut RuleFile),
) -> Result<RuleFile, ParseError> {
    to_ast::set_depth_limit(max_depth);
    // A byte-order mark is accepted as whitespace; three spaces keep every byte offset in place.
    let unmarked;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            unmarked = format!("   {rest}");
            unmarked.as_str()
        }
        None => text,
    };
    check_nesting(text, max_depth)?;
    // One top-level item at a time: pest's tree of a whole file takes tens of bytes per byte of text, one item's
    // tree is small. A file that fails is parsed again whole, so its error is the one the whole-file grammar gives
    // (a syntax error anywhere comes before a tree error in an earlier item, and pest names what it expected there).
    let whole_file_error = |fallback: ParseError| match ConcordParser::parse(Rule::file, text) {
        Err(e) => syntax_error(&e, 0, text),
        Ok(_) => fallback,
    };
    let mut file = to_ast::empty_file();
    let mut at = 0;
    let mut rule = Rule::file_head;
    loop {
        let rest = text.get(at..).unwrap_or_default();
        let top = match ConcordParser::parse(rule, rest) {
            Ok(mut pairs) => pairs.next(),
            Err(e) => return Err(whole_file_error(syntax_error(&e, at, rest))),
        };
        let Some(top) = top else {
            return Err(whole_file_error(syntax_error_at(
                at,
                "a `pack` header".to_owned(),
            )));
        };
        let end = top.as_span().end();
        match top.into_inner().next() {
            Some(p) if p.as_rule() != Rule::EOI && end > 0 => {
                if let Err(e) = to_ast::add(&mut file, p, at) {
                    return Err(whole_file_error(e));
                }
                visit(&mut file);
            }
            _ => return Ok(file),
        }
        at += end;
        rule = Rule::file_next;
    }
}

/// Parses an expression written at byte `offset` of a larger file, so its spans point into that file.
pub(crate) fn parse_expr_at(text: &str, offset: usize) -> Result<Expr, ParseError> {
    let key = to_ast::limit_at_top()
        .filter(|_| text.len() <= HOLE_CACHE_TEXT)
        .map(|limit| (limit, text));
    let cached = key.and_then(|(limit, text)| {
        HOLES.with(|holes| holes.borrow().get(&(limit, text.to_owned())).cloned())
    });
    let mut expr = match cached {
        Some(expr) => expr,
        None => {
            let expr = parse_expr_unshifted(text, offset)?;
            if let Some((limit, text)) = key {
                remember_hole(limit, text, &expr);
            }
            expr
        }
    };
    shift_expr(&mut expr, offset);
    Ok(expr)
}

/// The expression `text` with spans from its own start: the tree a hole's text always gives, wherever it stands.
fn parse_expr_unshifted(text: &str, offset: usize) -> Result<Expr, ParseError> {
    let pairs =
        ConcordParser::parse(Rule::expr_only, text).map_err(|e| syntax_error(&e, offset, text))?;
    let expr_pair = pairs
        .flatten()
        .find(|p| p.as_rule() == Rule::expr)
        .ok_or_else(|| syntax_error_at(offset, "an expression".to_owned()))?;
    to_ast::without_offset(|| to_ast::expr(expr_pair))
}

/// Holes longer than this are parsed each time: the cache is for the short paths messages repeat (`{name}`,
/// `{item.requirement}`), and its keys stay small.
const HOLE_CACHE_TEXT: usize = 64;
/// Distinct holes kept per thread; past it the cache starts again, so a hostile pack cannot grow it without bound.
const HOLE_CACHE_ENTRIES: usize = 4096;

thread_local! {
    /// The trees of template holes parsed so far on this thread, by their text, with spans from the hole's start.
    /// The same hole text always parses to the same tree, so a pack of 1,000 messages that repeat `{name}` runs pest
    /// once for it, not 1,000 times (a sixth of parsing a generated 1,000-rule pack, callgrind).
    /// Keyed by the nesting limit too, which decides whether a hole parses at all.
    static HOLES: std::cell::RefCell<std::collections::HashMap<(usize, String), Expr>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

fn remember_hole(limit: usize, text: &str, expr: &Expr) {
    HOLES.with(|holes| {
        let mut holes = holes.borrow_mut();
        if holes.len() >= HOLE_CACHE_ENTRIES {
            holes.clear();
        }
        holes.insert((limit, text.to_owned()), expr.clone());
    });
}

fn syntax_error(error: &pest::error::Error<Rule>, offset: usize, text: &str) -> ParseError {
    let position = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((start, _)) => start,
    };
    let expected = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    let found = text
        .get(position..)
        .and_then(|rest| rest.split_whitespace().next());
    let mut err = syntax_error_at(position + offset, expected);
    if let (ParseError::Syntax { help, .. }, Some(found)) = (&mut err, found) {
        *help = format!(
            "found `{}`; {help}",
            truncate(&found.escape_debug().to_string(), 24)
        );
    }
    if let (ParseError::Syntax { help, expected, .. }, Some(found)) = (&mut err, found) {
        if let Some(place) = misplaced(found, expected) {
            *help = place;
        }
    }
    if let (ParseError::Syntax { help, .. }, Some(start)) =
        (&mut err, open_string_before(text, position))
    {
        let (line, column) = crate::source::line_col(text, start);
        *help = format!("{help}; the string opened at line {line}, column {column} runs over several lines: is its closing `\"` missing?");
    }
    err
}

/// Where a header field written in the wrong block belongs, when the parser stopped at one.
fn misplaced(found: &str, expected: &str) -> Option<String> {
    const PACK_ONLY: [&str; 4] = ["version", "changelog", "extends", "categories"];
    const RULE_ONLY: [&str; 12] = [
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
    ];
    let in_rule = expected.contains("a rule field");
    let in_pack = expected.contains("a pack field");
    if in_rule && PACK_ONLY.contains(&found) {
        return Some(format!(
            "`{found}` is a field of the pack: write it in the `pack NAME {{ ... }}` header at the top of the file; a rule holds title, severity, case_severity, stage, cite, pattern, effective, until, for, let, when, require, message and help"
        ));
    }
    if in_pack && RULE_ONLY.contains(&found) {
        return Some(format!(
            "`{found}` is a field of a rule: write it inside a `rule ID {{ ... }}` block; the pack header holds version, effective, until, changelog, extends and categories"
        ));
    }
    None
}

/// The deepest nesting of brackets, or run of `not`s, accepted. Deeper input is refused before pest
/// recurses into it, so hostile rule files cannot exhaust the stack.
pub const MAX_NESTING: usize = 64;

/// Moves `chars`, standing on the first `"` of a `"""` block, past its closing `"""` (escapes included): the
/// block may hold brackets and line breaks that belong to the text, not to the rule.
fn skip_block_string(chars: &mut impl Iterator<Item = (usize, char)>) {
    chars.next();
    chars.next();
    let mut quotes = 0;
    while let Some((_, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
                quotes = 0;
            }
            '"' => {
                quotes += 1;
                if quotes == 3 {
                    break;
                }
            }
            _ => quotes = 0,
        }
    }
}

fn check_nesting(text: &str, max_depth: usize) -> Result<(), ParseError> {
    let too_deep = |at: usize| ParseError::TooDeep {
        limit: max_depth,
        span: Span::new(at, at + 1).into(),
    };
    let (mut depth, mut nots) = (0usize, 0usize);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' if text[i..].starts_with("\"\"\"") => {
                skip_block_string(&mut chars);
            }
            '"' => {
                while let Some((_, s)) = chars.next() {
                    match s {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '#' => while chars.next_if(|(_, s)| *s != '\n').is_some() {},
            '(' | '[' => {
                depth += 1;
                if depth > max_depth {
                    return Err(too_deep(i));
                }
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            c if c.is_alphabetic() || c == '_' => {
                let mut word = String::from(c);
                while let Some((_, w)) = chars.next_if(|(_, w)| w.is_alphanumeric() || *w == '_') {
                    word.push(w);
                }
                nots = if word == "not" { nots + 1 } else { 0 };
                if nots > max_depth {
                    return Err(too_deep(i));
                }
            }
            c if c.is_whitespace() => {}
            _ => nots = 0,
        }
    }
    Ok(())
}

/// The start of the last string before `position` that spans lines, or is still open there.
fn open_string_before(text: &str, position: usize) -> Option<usize> {
    let mut found = None;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        if i >= position {
            break;
        }
        match c {
            '#' => {
                for (_, s) in chars.by_ref() {
                    if s == '\n' {
                        break;
                    }
                }
            }
            '"' if text[i..].starts_with("\"\"\"") => {
                // A `"""` block spans lines by design: skip it whole.
                skip_block_string(&mut chars);
            }
            '"' => {
                let start = i;
                let mut multiline = false;
                let mut closed = false;
                while let Some((_, s)) = chars.next() {
                    match s {
                        '\\' => {
                            chars.next();
                        }
                        '\n' => multiline = true,
                        '"' => {
                            closed = true;
                            break;
                        }
                        _ => {}
                    }
                }
                found = if multiline || !closed {
                    Some(start)
                } else {
                    found
                };
            }
            _ => {}
        }
    }
    found
}

fn syntax_error_at(position: usize, expected: String) -> ParseError {
    ParseError::Syntax {
        expected,
        help: "see docs/language.md for the rule syntax".to_owned(),
        span: Span::at(position).into(),
    }
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// Names grammar rules the way a rule author thinks of them.
/// The items a file may hold after its pack header.
const TOP_LEVEL_ITEMS: &str = "`rule`, `methods`, `lexicon`, `table`, `pattern`, `source`, `def` or `let` (or, in a `based_on` version, `replace`, `remove`, `retire` or `amend`)";

fn describe_expected(rules: &[Rule]) -> String {
    let mut words: Vec<&str> = rules.iter().map(|r| rule_in_words(*r)).collect();
    words.sort_unstable();
    words.dedup();
    match words.as_slice() {
        [] => "something else".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn rule_in_words(grammar_rule: Rule) -> &'static str {
    match grammar_rule {
        Rule::pack => "a `pack NAME { ... }` header",
        // One description for every top-level item, so an error at the top level names them once.
        Rule::rule
        | Rule::methods
        | Rule::lexicon
        | Rule::replace_rule
        | Rule::remove_rule
        | Rule::retire_rule
        | Rule::amend_lexicon
        | Rule::amend_table
        | Rule::definition
        | Rule::shared_let
        | Rule::pattern_decl
        | Rule::source_decl
        | Rule::def_params => TOP_LEVEL_ITEMS,
        Rule::source_undated | Rule::source_dated | Rule::source_retrieved => {
            "what is known of the source's date: `undated`, `dated 2019-07-25` or `retrieved 2026-01-15`"
        }
        Rule::cite_sources => "declared source ids such as `B1, B7`, then the cite's text",
        Rule::lexicon_add | Rule::lexicon_remove => "`+ \"phrase\" => \"replacement\"`, `- \"phrase\"` or `}`",
        Rule::table_add | Rule::table_remove => "`+ row CELL, CELL, ...`, `- row CELL, CELL, ...` or `}`",
        Rule::rule_id => "a rule id such as `TA-SPEC-001`",
        Rule::ident | Rule::ident_list => "a name",
        Rule::string | Rule::string_inner | Rule::block_string | Rule::block_inner => "a quoted string",
        Rule::date => "a date such as `2026-03-02`",
        Rule::number => "a number",
        Rule::quantity | Rule::unit | Rule::unit_atom => "a quantity with a unit, such as `50 cycles/min`",
        Rule::requirement
        | Rule::req_compare
        | Rule::req_range
        | Rule::req_tolerance
        | Rule::req_deviation => "a requirement such as `>= 50 cycles/min`, `48..52 mm` or `120 mm ± 0.5 mm`",
        Rule::expr | Rule::or_expr | Rule::and_expr | Rule::not_expr | Rule::predicate | Rule::sum => {
            "an expression"
        }
        Rule::cmp_op | Rule::compare => "a comparison (`>=`, `<=`, `==`, `!=`, `<`, `>`)",
        Rule::kw_and | Rule::kw_or => "`and` or `or`",
        Rule::kw_in => "`in`",
        Rule::pm => "`±`",
        Rule::EOI => "the end of the file",
        Rule::title
        | Rule::severity
        | Rule::stage
        | Rule::cite
        | Rule::message
        | Rule::help
        | Rule::for_clause
        | Rule::let_clause
        | Rule::when_clause
        | Rule::require_clause => "a rule field (`title`, `severity`, `stage`, `cite`, `pattern`, `effective`, `until`, `message`, `help`, `for`, `let`, `when`, `require`) or `}`",
        Rule::effective | Rule::until => "a date field (`effective`, `until`)",
        Rule::version
        | Rule::based_on
        | Rule::changelog
        | Rule::extends
        | Rule::categories => "a pack field (`version`, `based_on`, `effective`, `until`, `changelog`, `extends`, `categories`) or `}`",
        Rule::lexicon_entry => "a lexicon entry `\"phrase\" => \"replacement\"` or `}`",
        Rule::quant_kw | Rule::quantifier | Rule::count => "a quantifier (`all`, `any`, `none`, `count`)",
        Rule::table | Rule::table_columns | Rule::table_column => "a table: `columns NAME: number, NAME: text`",
        Rule::table_row => "a table row `row 2, 8, \"II\"` or `}`",
        Rule::first => "`first x in LIST where CONDITION`",
        Rule::spec_check => "a spec statement `spec.ITEM >= VALUE UNIT measured_by METHOD`",
        Rule::list => "a list `[a, b]`",
        _ => "a value, a path or `(`",
    }
}

/// Moves every span of an expression parsed out of context to where it stands in its file.
fn shift_expr(expr: &mut Expr, by: usize) {
    use crate::syntax::ast::{ExprKind as K, Literal, PathStep};
    expr.span = expr.span.shift(by);
    match &mut expr.kind {
        K::Literal(Literal::List(items)) => items.iter_mut().for_each(|e| shift_expr(e, by)),
        K::Literal(Literal::Quantity { unit_span, .. }) => *unit_span = unit_span.shift(by),
        K::Literal(Literal::Requirement(lit)) => {
            lit.span = lit.span.shift(by);
            lit.unit_span = lit.unit_span.map(|s| s.shift(by));
        }
        K::Literal(_) => {}
        K::Path { root, steps } => {
            root.span = root.span.shift(by);
            for step in steps {
                match step {
                    PathStep::Field(f) => f.span = f.span.shift(by),
                    PathStep::Index(e) => shift_expr(e, by),
                    PathStep::Wildcard(s) => *s = s.shift(by),
                }
            }
        }
        K::Not(e) => shift_expr(e, by),
        K::Binary { op, left, right } => {
            op.span = op.span.shift(by);
            shift_expr(left, by);
            shift_expr(right, by);
        }
        K::Satisfies { value, requirement }
        | K::Overlaps {
            left: value,
            right: requirement,
        } => {
            shift_expr(value, by);
            shift_expr(requirement, by);
        }
        K::Exists { value, .. } => shift_expr(value, by),
        K::Matches { value, pattern } => {
            shift_expr(value, by);
            pattern.span = pattern.span.shift(by);
        }
        K::Mentions { value, lexicon } => {
            shift_expr(value, by);
            lexicon.span = lexicon.span.shift(by);
        }
        K::Member { value, collection } => {
            shift_expr(value, by);
            shift_expr(collection, by);
        }
        K::OneOf { value, choices } => {
            shift_expr(value, by);
            choices.iter_mut().for_each(|e| shift_expr(e, by));
        }
        K::MeasuredBy { value, method } => {
            shift_expr(value, by);
            method.span = method.span.shift(by);
        }
        K::Quantified {
            var, source, body, ..
        } => {
            var.span = var.span.shift(by);
            shift_expr(source, by);
            shift_expr(body, by);
        }
        K::Count {
            var,
            source,
            filter,
        } => {
            var.span = var.span.shift(by);
            shift_expr(source, by);
            if let Some(f) = filter {
                shift_expr(f, by);
            }
        }
        K::First {
            var,
            source,
            filter,
        } => {
            var.span = var.span.shift(by);
            shift_expr(source, by);
            shift_expr(filter, by);
        }
        K::Call { name, args } => {
            name.span = name.span.shift(by);
            args.iter_mut().for_each(|e| shift_expr(e, by));
        }
    }
}

#[cfg(test)]
mod hole_cache_tests {
    use super::parse;
    use crate::syntax::ast::{RuleField, TemplatePart};

    /// A hole met again (from the cache) points at its own text, as the first one does.
    #[test]
    fn a_repeated_hole_keeps_its_own_span() {
        let rule = |id: &str| {
            format!("rule {id} {{\n  title \"t\"\n  severity error\n  stage contract\n  cite \"c\"\n  require contract.order.quantity exists\n  message \"see {{contract.order.quantity}} now\"\n  help \"h\"\n}}\n")
        };
        let text = format!(
            "pack p {{\n  version \"1.0.0\"\n}}\n{}{}",
            rule("A-1"),
            rule("A-2")
        );
        let Ok(file) = parse(&text) else {
            unreachable!("the pack parses")
        };
        let holes: Vec<(usize, usize)> = file
            .rules
            .iter()
            .flat_map(|r| &r.fields)
            .filter_map(|f| match f {
                RuleField::Message(t) => t.parts.iter().find_map(|p| match p {
                    TemplatePart::Hole(e) => Some((e.span.start, e.span.end)),
                    TemplatePart::Text(_) => None,
                }),
                _ => None,
            })
            .collect();
        assert_eq!(holes.len(), 2);
        assert_ne!(holes.first(), holes.last(), "each hole has its own place");
        for &(start, end) in &holes {
            assert_eq!(text.get(start..end), Some("contract.order.quantity"));
        }
    }
}
