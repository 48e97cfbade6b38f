//! Turns pest's parse tree into the `ast` types, copying byte spans out at once.
//! This is the only file that matches on the generated `Rule` enum.

use pest::iterators::Pair;

use super::error::ParseError;
use super::grammar::Rule as R;
use crate::source::{Span, Spanned};
use crate::syntax::ast::*;

type Result<T> = std::result::Result<T, ParseError>;

/// The pair's span without the trailing whitespace pest's implicit separators may have swallowed.
/// Pairs of a top-level item parsed on its own point into that item's text: spans add where it starts in the file.
fn span_of(pair: &Pair<'_, R>) -> Span {
    let start = pair.as_span().start() + OFFSET.with(std::cell::Cell::get);
    Span::new(start, start + pair.as_str().trim_end().len())
}

fn spanned_str(pair: &Pair<'_, R>) -> Spanned<String> {
    Spanned::new(pair.as_str().to_owned(), span_of(pair))
}

/// An empty file, to which `add` adds the pack header and then each item.
pub(super) fn empty_file() -> RuleFile {
    RuleFile {
        // INVARIANT: the grammar requires a pack header first, so `add` sets `pack` whenever pest accepted the file.
        pack: PackHeader {
            name: Spanned::new(String::new(), Span::default()),
            version: None,
            based_on: None,
            effective: None,
            until: None,
            changelog: None,
            extends: Vec::new(),
            categories: Vec::new(),
            span: Span::default(),
        },
        methods: Vec::new(),
        lexicons: Vec::new(),
        tables: Vec::new(),
        rules: Vec::new(),
        patterns: Vec::new(),
        sources: Vec::new(),
        definitions: Vec::new(),
        changes: Vec::new(),
    }
}

/// Adds one top-level pair (the pack header or an item) parsed from the file's text at byte `offset`.
pub(super) fn add(file: &mut RuleFile, p: Pair<'_, R>, offset: usize) -> Result<()> {
    let outer = OFFSET.with(|o| o.replace(offset));
    let result = add_item(file, p);
    OFFSET.with(|o| o.set(outer));
    result
}

fn add_item(file: &mut RuleFile, p: Pair<'_, R>) -> Result<()> {
    match p.as_rule() {
        R::pack => file.pack = pack_header(p)?,
        R::methods => file.methods.extend(ident_list(first_inner(p))),
        R::lexicon => file.lexicons.push(lexicon(p)?),
        R::table => file.tables.push(table(p)?),
        R::rule => file.rules.push(rule(p)?),
        R::pattern_decl => {
            let span = span_of(&p);
            let mut inner = p.into_inner();
            let (Some(id), Some(text)) = (inner.next(), inner.next()) else {
                return Err(internal(span));
            };
            file.patterns.push((spanned_str(&id), string_lit(text)));
        }
        R::source_decl => file.sources.push(source_decl(p)?),
        R::definition | R::shared_let => file.definitions.push(definition(p)?),
        R::replace_rule | R::remove_rule | R::retire_rule | R::amend_lexicon | R::amend_table => {
            file.changes.push(change(p)?);
        }
        _ => {}
    }
    Ok(())
}

/// Runs `f` with spans taken as they are (an expression parsed out of context shifts its own spans).
pub(super) fn without_offset<T>(f: impl FnOnce() -> T) -> T {
    let outer = OFFSET.with(|o| o.replace(0));
    let result = f();
    OFFSET.with(|o| o.set(outer));
    result
}

/// `def name(a, b) = expr` or a pack-level `let name = expr`.
fn definition(pair: Pair<'_, R>) -> Result<Definition> {
    let span = span_of(&pair);
    let is_def = pair.as_rule() == R::definition;
    let mut name = None;
    let mut params = is_def.then(Vec::new);
    let mut body = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            R::ident if name.is_none() => name = Some(spanned_str(&p)),
            R::def_params => {
                if let Some(list) = params.as_mut() {
                    list.extend(p.into_inner().map(|i| spanned_str(&i)));
                }
            }
            _ => body = Some(expr(p)?),
        }
    }
    let (Some(name), Some(body)) = (name, body) else {
        return Err(internal(span));
    };
    Ok(Definition {
        name,
        params,
        body,
        span,
    })
}

fn table(pair: Pair<'_, R>) -> Result<Table> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let name = inner
        .next()
        .map(|p| spanned_str(&p))
        .ok_or_else(|| internal(span))?;
    let mut columns = Vec::new();
    let mut rows = Vec::new();
    for part in inner {
        match part.as_rule() {
            R::table_columns => {
                for column in part.into_inner() {
                    let mut c = column.into_inner();
                    if let (Some(n), Some(t)) = (c.next(), c.next()) {
                        columns.push((spanned_str(&n), spanned_str(&t)));
                    }
                }
            }
            R::table_row => rows.push(table_row(part)?),
            _ => {}
        }
    }
    Ok(Table {
        name,
        columns,
        rows,
        span,
    })
}

/// `row 2, 8, "II"`.
fn table_row(part: Pair<'_, R>) -> Result<TableRow> {
    let row_span = span_of(&part);
    let cells = part
        .into_inner()
        .map(|cell| {
            let cell_span = span_of(&cell);
            let value = if cell.as_rule() == R::number {
                Cell::Number(cell.as_str().parse().map_err(|_| internal(cell_span))?)
            } else {
                Cell::Text(string_lit(cell).value)
            };
            Ok(Spanned::new(value, cell_span))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(TableRow {
        cells,
        span: row_span,
        origin: None,
    })
}

fn first_inner<'i>(pair: Pair<'i, R>) -> Option<Pair<'i, R>> {
    pair.into_inner().next()
}

fn ident_list(pair: Option<Pair<'_, R>>) -> Vec<Spanned<String>> {
    pair.map(|p| p.into_inner().map(|i| spanned_str(&i)).collect())
        .unwrap_or_default()
}

fn pack_header(pair: Pair<'_, R>) -> Result<PackHeader> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let name = inner
        .next()
        .map(|p| spanned_str(&p))
        .unwrap_or_else(|| Spanned::new(String::new(), span));
    let mut header = PackHeader {
        name,
        version: None,
        based_on: None,
        effective: None,
        until: None,
        changelog: None,
        extends: Vec::new(),
        categories: Vec::new(),
        span,
    };
    for p in inner {
        let kind = p.as_rule();
        let value = first_inner(p);
        match kind {
            R::version => header.version = value.map(string_lit),
            R::based_on => header.based_on = value.map(string_lit),
            R::effective => header.effective = value.map(|v| spanned_str(&v)),
            R::until => header.until = value.map(|v| spanned_str(&v)),
            R::changelog => header.changelog = value.map(string_lit),
            R::extends => header.extends.extend(ident_list(value)),
            R::categories => header.categories.extend(ident_list(value)),
            _ => {}
        }
    }
    Ok(header)
}

fn lexicon(pair: Pair<'_, R>) -> Result<Lexicon> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let name = inner
        .next()
        .map(|p| spanned_str(&p))
        .unwrap_or_else(|| Spanned::new(String::new(), span));
    let mut entries = Vec::new();
    let mut excepts = Vec::new();
    let mut marks_segment = false;
    let mut finds_terms = false;
    for item in inner {
        if item.as_rule() == R::lexicon_finds {
            finds_terms = true;
            continue;
        }
        if item.as_rule() == R::lexicon_marks {
            marks_segment = item.as_str().split_whitespace().last() == Some("segment");
            continue;
        }
        if item.as_rule() == R::lexicon_except {
            excepts.extend(item.into_inner().next().map(string_lit));
            continue;
        }
        entries.extend(lexicon_entry(item, span));
    }
    Ok(Lexicon {
        name,
        entries,
        excepts,
        marks_segment,
        finds_terms,
        span,
    })
}

/// `"phrase" => "replacement" [leaves ...] [unless ...]`; `None` for a pair of another shape.
fn lexicon_entry(item: Pair<'_, R>, span: Span) -> Option<LexiconEntry> {
    let mut parts = item.into_inner();
    let (Some(phrase), Some(replacement)) = (parts.next(), parts.next()) else {
        return None;
    };
    let mut leaves = Vec::new();
    let mut unless = None;
    for part in parts {
        if part.as_rule() == R::lexicon_unless {
            let mut words = part.into_inner();
            let side = words
                .next()
                .map(|p| spanned_str(&p))
                .unwrap_or_else(|| Spanned::new(String::new(), span));
            unless = Some(Unless {
                side,
                kinds: words.map(|p| spanned_str(&p)).collect(),
            });
        } else {
            leaves.push(spanned_str(&part));
        }
    }
    Some(LexiconEntry {
        phrase: string_lit(phrase),
        replacement: string_lit(replacement),
        leaves,
        unless,
    })
}

/// One change against the base version: `replace rule`, `remove rule`, `retire rule`, `amend lexicon`.
fn change(pair: Pair<'_, R>) -> Result<Change> {
    let span = span_of(&pair);
    let kind = pair.as_rule();
    let mut inner = pair.into_inner();
    let first = inner.next().ok_or_else(|| internal(span))?;
    Ok(match kind {
        R::replace_rule => Change::Replace(rule(first)?),
        R::remove_rule => Change::Remove {
            id: spanned_str(&first),
            span,
        },
        R::retire_rule => {
            let until = inner.next().ok_or_else(|| internal(span))?;
            Change::Retire {
                id: spanned_str(&first),
                until: spanned_str(&until),
                span,
            }
        }
        R::amend_table => {
            let (mut add, mut remove) = (Vec::new(), Vec::new());
            for part in inner {
                let sign = part.as_rule();
                let Some(body) = part.into_inner().next() else {
                    continue;
                };
                if sign == R::table_add {
                    add.push(table_row(body)?);
                } else {
                    remove.push(table_row(body)?);
                }
            }
            Change::AmendTable {
                name: spanned_str(&first),
                add,
                remove,
                span,
            }
        }
        _ => {
            let (mut add, mut remove) = (Vec::new(), Vec::new());
            for part in inner {
                let sign = part.as_rule();
                let Some(body) = part.into_inner().next() else {
                    continue;
                };
                if sign == R::lexicon_add {
                    add.extend(lexicon_entry(body, span));
                } else {
                    remove.push(string_lit(body));
                }
            }
            Change::AmendLexicon {
                name: spanned_str(&first),
                add,
                remove,
                span,
            }
        }
    })
}

/// The unescaped content of a `string` pair, spanned over the whole literal including quotes.
fn string_lit(pair: Pair<'_, R>) -> Spanned<String> {
    let span = span_of(&pair);
    let raw = pair.as_str();
    if let Some(block) = raw
        .strip_prefix("\"\"\"")
        .and_then(|s| s.strip_suffix("\"\"\""))
    {
        return Spanned::new(unescape(&fold_lines(block)), span);
    }
    let inner = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(raw);
    Spanned::new(unescape(inner), span)
}

/// The text of a `"""` block: lines joined with one space, a blank line kept as a line break, the white space
/// at both ends dropped. Escapes are left for `unescape`.
fn fold_lines(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push(c);
            out.extend(chars.next());
        } else if c.is_whitespace() {
            let mut run = String::from(c);
            while let Some(n) = chars.next_if(|n| n.is_whitespace()) {
                run.push(n);
            }
            let at_start = out.is_empty();
            push_folded(&mut out, &run, at_start, chars.peek().is_none());
        } else {
            out.push(c);
        }
    }
    out
}

/// Adds a run of white space from a `"""` block: nothing at either end, one space within a line or for a line
/// break, a line break for a blank line.
fn push_folded(out: &mut String, run: &str, at_start: bool, at_end: bool) {
    // Not a position: how many lines the run of white space touches (1: none broken, 2: one break, more: a blank line).
    let lines_touched = run.split('\n').count();
    if at_start || at_end {
    } else if lines_touched == 1 {
        // Within a line too, white space is layout: one space.
        out.push(' ');
    } else if lines_touched == 2 {
        out.push(' ');
    } else {
        out.push('\n');
    }
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn rule(pair: Pair<'_, R>) -> Result<Rule> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let id = inner
        .next()
        .map(|p| spanned_str(&p))
        .unwrap_or_else(|| Spanned::new(String::new(), span));
    let mut overrides = None;
    let mut fields = Vec::new();
    for p in inner {
        if p.as_rule() == R::overrides {
            overrides = Some(span_of(&p));
        } else {
            fields.push(rule_field(p)?);
        }
    }
    // Growth by doubling leaves a typical rule's seven or so fields room for eight or more; a pack of many small
    // rules kept that slack for the whole run (docs/security.md, rule-file memory).
    fields.shrink_to_fit();
    Ok(Rule {
        id,
        fields,
        overrides,
        span,
    })
}

/// `source ID "title" ["url"] (undated | dated DATE | retrieved DATE)`.
fn source_decl(pair: Pair<'_, R>) -> Result<SourceDecl> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let (Some(id), Some(title)) = (inner.next(), inner.next()) else {
        return Err(internal(span));
    };
    let mut url = None;
    let mut date = None;
    for part in inner {
        match part.as_rule() {
            R::string => url = Some(string_lit(part)),
            R::source_undated => date = Some(SourceDate::Undated),
            R::source_dated => {
                date = part
                    .into_inner()
                    .next()
                    .map(|d| SourceDate::Dated(spanned_str(&d)))
            }
            R::source_retrieved => {
                date = part
                    .into_inner()
                    .next()
                    .map(|d| SourceDate::Retrieved(spanned_str(&d)));
            }
            _ => return Err(internal(span)),
        }
    }
    Ok(SourceDecl {
        id: spanned_str(&id),
        title: string_lit(title),
        url,
        date: date.ok_or_else(|| internal(span))?,
        span,
    })
}

/// `cite "text"` or `cite B1, B7 "text"`: `first` is the source list or the text.
fn cite<'i>(
    first: Pair<'i, R>,
    mut rest: impl Iterator<Item = Pair<'i, R>>,
    span: Span,
) -> Result<Cite> {
    if first.as_rule() != R::cite_sources {
        return Ok(Cite {
            sources: Vec::new(),
            text: string_lit(first),
        });
    }
    let sources = first.into_inner().map(|i| spanned_str(&i)).collect();
    let text = rest.next().ok_or_else(|| internal(span))?;
    Ok(Cite {
        sources,
        text: string_lit(text),
    })
}

fn rule_field(pair: Pair<'_, R>) -> Result<RuleField> {
    let span = span_of(&pair);
    let kind = pair.as_rule();
    let mut inner = pair.into_inner();
    let Some(first) = inner.next() else {
        return Err(internal(span));
    };
    Ok(match kind {
        R::title => RuleField::Title(string_lit(first)),
        R::severity => RuleField::Severity(spanned_str(&first)),
        R::case_severity => RuleField::CaseSeverity(spanned_str(&first)),
        R::stage => RuleField::Stage(spanned_str(&first)),
        R::effective => RuleField::Effective(spanned_str(&first)),
        R::until => RuleField::Until(spanned_str(&first)),
        R::cite => RuleField::Cite(cite(first, inner, span)?),
        R::pattern if first.as_rule() == R::ident => {
            RuleField::Pattern(PatternRef::Id(spanned_str(&first)))
        }
        R::pattern => RuleField::Pattern(PatternRef::Text(string_lit(first))),
        R::message => RuleField::Message(template(&first)?),
        R::help => RuleField::Help(template(&first)?),
        R::for_clause => for_clause(first, inner, span)?,
        R::let_clause => {
            let value = inner.next().ok_or_else(|| internal(span))?;
            RuleField::Let {
                name: spanned_str(&first),
                value: Box::new(expr(value)?),
            }
        }
        R::when_clause => RuleField::When(expr(first)?),
        R::require_clause => RuleField::Require(match first.as_rule() {
            R::spec_check => Requirement::Spec(Box::new(spec_check(first)?)),
            _ => Requirement::Expr(expr(first)?),
        }),
        _ => return Err(internal(span)),
    })
}

fn for_clause<'i>(
    first: Pair<'i, R>,
    rest: pest::iterators::Pairs<'i, R>,
    span: Span,
) -> Result<RuleField> {
    let rest: Vec<_> = rest.collect();
    let (key, item, source) = match rest.as_slice() {
        [item, source] => (Some(spanned_str(&first)), spanned_str(item), source.clone()),
        [source] => (None, spanned_str(&first), source.clone()),
        _ => return Err(internal(span)),
    };
    Ok(RuleField::For(Box::new(ForClause {
        key,
        item,
        source: expr(source)?,
        span,
    })))
}

fn spec_check(pair: Pair<'_, R>) -> Result<SpecCheck> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let (Some(item), Some(req), Some(method)) = (inner.next(), inner.next(), inner.next()) else {
        return Err(internal(span));
    };
    Ok(SpecCheck {
        item: spanned_str(&item),
        requirement: requirement(req),
        method: spanned_str(&method),
        span,
    })
}

/// A requirement literal: its text in the units module's syntax and the span of its unit.
fn requirement(pair: Pair<'_, R>) -> ReqLit {
    let span = span_of(&pair);
    let inner = pair.into_inner().next();
    let unit_span = inner
        .clone()
        .and_then(|p| {
            p.into_inner()
                .flatten()
                .filter(|p| p.as_rule() == R::unit)
                .last()
        })
        .map(|p| span_of(&p));
    let text = match inner {
        Some(p) if p.as_rule() == R::string => string_lit(p).value,
        Some(p) => normalise_space(p.as_str()),
        None => String::new(),
    };
    ReqLit {
        text,
        span,
        unit_span,
    }
}

fn internal(span: Span) -> ParseError {
    ParseError::Syntax {
        expected: "a well-formed rule file".to_owned(),
        help: "the parser met a shape it did not expect; this is a bug in concord, please report it with the file".to_owned(),
        span: span.into(),
    }
}

// ---------------------------------------------------------------- templates

/// Splits a message string into text and `{expr}` holes, parsing each hole as an expression.
fn template(pair: &Pair<'_, R>) -> Result<Template> {
    let span = span_of(pair);
    let raw = pair.as_str();
    let block = raw.len() >= 6 && raw.starts_with("\"\"\"") && raw.ends_with("\"\"\"");
    let quote = if block { 3 } else { 1 };
    let body = raw.get(quote..raw.len() - quote).unwrap_or(raw);
    let base = span.start + quote;
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut rest = body.char_indices().peekable();
    while let Some((i, c)) = rest.next() {
        match c {
            '\\' => {
                if let Some((_, escaped)) = rest.next() {
                    text.push(match escaped {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                }
            }
            '{' if rest.peek().is_some_and(|(_, next)| *next == '{') => {
                rest.next();
                text.push('{');
            }
            '}' if rest.peek().is_some_and(|(_, next)| *next == '}') => {
                rest.next();
                text.push('}');
            }
            c if block && c.is_whitespace() => {
                let mut run = String::from(c);
                while let Some((_, n)) = rest.next_if(|(_, n)| n.is_whitespace()) {
                    run.push(n);
                }
                let at_start = text.is_empty() && parts.is_empty();
                push_folded(&mut text, &run, at_start, rest.peek().is_none());
            }
            '{' => {
                let close = body[i..].find('}').map(|j| i + j).ok_or_else(|| {
                    ParseError::UnclosedPlaceholder {
                        span: Span::new(base + i, base + i + 1).into(),
                    }
                })?;
                if !text.is_empty() {
                    parts.push(TemplatePart::Text(std::mem::take(&mut text)));
                }
                let hole =
                    super::parse_expr_at(&body[i + 1..close], base + i + 1).map_err(|e| {
                        ParseError::BadPlaceholder {
                            written: body[i..=close].to_owned(),
                            why: match &e {
                                ParseError::Syntax { expected, .. } => {
                                    format!("expected {expected}")
                                }
                                other => other.to_string(),
                            },
                            span: Span::new(base + i, base + close + 1).into(),
                        }
                    })?;
                parts.push(TemplatePart::Hole(Box::new(hole)));
                while rest.peek().is_some_and(|(j, _)| *j <= close) {
                    rest.next();
                }
            }
            other => text.push(other),
        }
    }
    if !text.is_empty() {
        parts.push(TemplatePart::Text(text));
    }
    parts.shrink_to_fit();
    Ok(Template { parts, span })
}

// ---------------------------------------------------------------- expressions

/// Builds an expression from any expression-level pair.
pub(super) fn expr(pair: Pair<'_, R>) -> Result<Expr> {
    let span = span_of(&pair);
    // Nesting through quantifiers and calls is not caught by the bracket pre-scan; bound the recursion here too.
    let _guard = DepthGuard::enter(span)?;
    match pair.as_rule() {
        R::expr => single(pair, span),
        R::or_expr => binary_chain(pair, BinOp::Or),
        R::and_expr => binary_chain(pair, BinOp::And),
        R::not_expr => single(pair, span),
        R::negation => {
            let operand = pair.into_inner().nth(1).ok_or_else(|| internal(span))?;
            Ok(Expr {
                kind: ExprKind::Not(Box::new(expr(operand)?)),
                span,
            })
        }
        R::predicate => predicate(pair),
        R::sum | R::product => sum(pair),
        R::path => path(pair),
        R::quantifier => quantifier(pair),
        R::count => count(pair),
        R::first => first(pair),
        R::call => call(pair),
        _ => literal(pair),
    }
}

fn single(pair: Pair<'_, R>, span: Span) -> Result<Expr> {
    let inner = pair.into_inner().next().ok_or_else(|| internal(span))?;
    expr(inner)
}

/// `a or b or c` (operators are separate pairs and skipped), folded to the left.
///
/// A chain is flat as written, so it is not nesting; but the folded tree is as tall as the chain is long, and
/// later stages walk it recursively. Each term is built with the levels of the tree above it counted
/// (`CHAIN`), so the tree's height stays within the parser's bound.
fn binary_chain(pair: Pair<'_, R>, op: BinOp) -> Result<Expr> {
    let span = span_of(&pair);
    let terms = pair
        .clone()
        .into_inner()
        .filter(|p| !matches!(p.as_rule(), R::kw_and | R::kw_or))
        .count();
    let mut operands = pair.into_inner();
    let first = operands.next().ok_or_else(|| internal(span))?;
    // The first term sits below every fold; term `i` below `terms - i` of them.
    let mut acc = in_chain(terms.saturating_sub(1), span_of(&first), || expr(first))?;
    let mut op_span = Span::default();
    let mut index = 0;
    for p in operands {
        if matches!(p.as_rule(), R::kw_and | R::kw_or) {
            op_span = span_of(&p);
            continue;
        }
        index += 1;
        let at = span_of(&p);
        let right = in_chain(terms.saturating_sub(index), at, || expr(p))?;
        acc = binary(op, op_span, acc, right);
    }
    Ok(acc)
}

/// Runs `build` with `levels` more tree levels above it, refusing a tree taller than the parser's bound.
fn in_chain(levels: usize, at: Span, build: impl FnOnce() -> Result<Expr>) -> Result<Expr> {
    let (limit, max) = LIMIT.with(|l| (l.get(), l.get().saturating_mul(8)));
    let above = CHAIN.with(|c| c.get()).saturating_add(levels);
    if above.saturating_add(DEPTH.with(|d| d.get())) > max {
        return Err(ParseError::TooTall {
            limit: max,
            depth: limit,
            span: at.into(),
        });
    }
    CHAIN.with(|c| c.set(above));
    let result = build();
    CHAIN.with(|c| c.set(c.get().saturating_sub(levels)));
    result
}

fn binary(op: BinOp, op_span: Span, left: Expr, right: Expr) -> Expr {
    Expr {
        span: left.span.join(right.span),
        kind: ExprKind::Binary {
            op: Spanned::new(op, op_span),
            left: Box::new(left),
            right: Box::new(right),
        },
    }
}

/// `a + b - c` or `a * b / c`: operators of one level, from the left.
fn sum(pair: Pair<'_, R>) -> Result<Expr> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let first = inner.next().ok_or_else(|| internal(span))?;
    let mut acc = expr(first)?;
    while let (Some(op), Some(operand)) = (inner.next(), inner.next()) {
        let bin = match op.as_str() {
            "+" => BinOp::Add,
            "-" => BinOp::Sub,
            "*" => BinOp::Mul,
            _ => BinOp::Div,
        };
        acc = binary(bin, span_of(&op), acc, expr(operand)?);
    }
    Ok(acc)
}

fn predicate(pair: Pair<'_, R>) -> Result<Expr> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let subject = expr(inner.next().ok_or_else(|| internal(span))?)?;
    let Some(test) = inner.next() else {
        return Ok(subject);
    };
    let test_rule = test.as_rule();
    let mut parts = test.into_inner();
    let value = Box::new(subject);
    let kind = match test_rule {
        R::compare => {
            let (Some(op), Some(rhs)) = (parts.next(), parts.next()) else {
                return Err(internal(span));
            };
            return Ok(binary(
                cmp_op(op.as_str()),
                span_of(&op),
                *value,
                expr(rhs)?,
            ));
        }
        R::satisfies | R::overlaps => {
            let rhs = parts.next().ok_or_else(|| internal(span))?;
            let requirement = Box::new(if rhs.as_rule() == R::requirement {
                let lit = requirement(rhs);
                Expr {
                    span: lit.span,
                    kind: ExprKind::Literal(Literal::Requirement(lit)),
                }
            } else {
                expr(rhs)?
            });
            if test_rule == R::overlaps {
                ExprKind::Overlaps {
                    left: value,
                    right: requirement,
                }
            } else {
                ExprKind::Satisfies { value, requirement }
            }
        }
        R::exists => ExprKind::Exists {
            value,
            negated: false,
        },
        R::missing => ExprKind::Exists {
            value,
            negated: true,
        },
        R::matches => ExprKind::Matches {
            value,
            pattern: string_lit(parts.next().ok_or_else(|| internal(span))?),
        },
        R::mentions => ExprKind::Mentions {
            value,
            lexicon: spanned_str(&parts.next().ok_or_else(|| internal(span))?),
        },
        R::one_of => {
            let Some(target) = parts.find(|p| p.as_rule() != R::kw_in) else {
                return Err(internal(span));
            };
            if target.as_rule() != R::list {
                return Ok(Expr {
                    kind: ExprKind::Member {
                        value,
                        collection: Box::new(expr(target)?),
                    },
                    span,
                });
            }
            let list = Some(target);
            let choices = list
                .map(|l| l.into_inner().map(expr).collect::<Result<Vec<_>>>())
                .transpose()?
                .unwrap_or_default();
            ExprKind::OneOf { value, choices }
        }
        R::measured_by => ExprKind::MeasuredBy {
            value,
            method: spanned_str(&parts.next().ok_or_else(|| internal(span))?),
        },
        _ => return Err(internal(span)),
    };
    Ok(Expr { kind, span })
}

fn cmp_op(text: &str) -> BinOp {
    match text {
        ">=" => BinOp::Ge,
        "<=" => BinOp::Le,
        ">" => BinOp::Gt,
        "<" => BinOp::Lt,
        "!=" => BinOp::Ne,
        _ => BinOp::Eq,
    }
}

fn path(pair: Pair<'_, R>) -> Result<Expr> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let root = spanned_str(&inner.next().ok_or_else(|| internal(span))?);
    let mut steps = inner
        .map(|step| {
            let step_span = span_of(&step);
            match step.as_rule() {
                R::field => step
                    .into_inner()
                    .next()
                    .map(|p| PathStep::Field(spanned_str(&p)))
                    .ok_or_else(|| internal(step_span)),
                R::index => {
                    let e = step
                        .into_inner()
                        .next()
                        .ok_or_else(|| internal(step_span))?;
                    Ok(PathStep::Index(Box::new(expr(e)?)))
                }
                _ => Ok(PathStep::Wildcard(step_span)),
            }
        })
        .collect::<Result<Vec<_>>>()?;
    // A collected iterator of unknown length keeps room for four steps; a pack holds many short paths.
    steps.shrink_to_fit();
    Ok(Expr {
        kind: ExprKind::Path { root, steps },
        span,
    })
}

fn quantifier(pair: Pair<'_, R>) -> Result<Expr> {
    let span = span_of(&pair);
    let parts: Vec<_> = pair.into_inner().collect();
    let [kw, var, _in, source, body] = parts.as_slice() else {
        return Err(internal(span));
    };
    let quantifier = match kw.as_str() {
        "all" => Quantifier::All,
        "any" => Quantifier::Any,
        _ => Quantifier::None,
    };
    Ok(Expr {
        kind: ExprKind::Quantified {
            quantifier,
            var: spanned_str(var),
            source: Box::new(expr(source.clone())?),
            body: Box::new(expr(body.clone())?),
        },
        span,
    })
}

fn count(pair: Pair<'_, R>) -> Result<Expr> {
    let span = span_of(&pair);
    let parts: Vec<_> = pair.into_inner().collect();
    let (var, source, filter) = match parts.as_slice() {
        [var, _in, source] => (var, source, None),
        [var, _in, source, filter] => (var, source, Some(filter)),
        _ => return Err(internal(span)),
    };
    Ok(Expr {
        kind: ExprKind::Count {
            var: spanned_str(var),
            source: Box::new(expr(source.clone())?),
            filter: filter.map(|f| expr(f.clone()).map(Box::new)).transpose()?,
        },
        span,
    })
}

fn first(pair: Pair<'_, R>) -> Result<Expr> {
    let span = span_of(&pair);
    let parts: Vec<_> = pair.into_inner().collect();
    let [var, _in, source, filter] = parts.as_slice() else {
        return Err(internal(span));
    };
    Ok(Expr {
        kind: ExprKind::First {
            var: spanned_str(var),
            source: Box::new(expr(source.clone())?),
            filter: Box::new(expr(filter.clone())?),
        },
        span,
    })
}

fn call(pair: Pair<'_, R>) -> Result<Expr> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let name = spanned_str(&inner.next().ok_or_else(|| internal(span))?);
    let args = inner.map(expr).collect::<Result<Vec<_>>>()?;
    Ok(Expr {
        kind: ExprKind::Call { name, args },
        span,
    })
}

fn literal(pair: Pair<'_, R>) -> Result<Expr> {
    let span = span_of(&pair);
    let lit = match pair.as_rule() {
        R::number => Literal::Number(pair.as_str().parse().map_err(|_| internal(span))?),
        R::quantity => {
            let unit_span = pair
                .clone()
                .into_inner()
                .find(|p| p.as_rule() == R::unit)
                .map(|p| span_of(&p))
                .unwrap_or(span);
            Literal::Quantity {
                text: normalise_space(pair.as_str()),
                unit_span,
            }
        }
        R::string => Literal::Text(string_lit(pair).value),
        R::date => Literal::Date(pair.as_str().to_owned()),
        R::boolean => Literal::Bool(pair.as_str() == "true"),
        R::as_of => Literal::AsOf,
        R::list => Literal::List(pair.into_inner().map(expr).collect::<Result<Vec<_>>>()?),
        _ => return Err(internal(span)),
    };
    Ok(Expr {
        kind: ExprKind::Literal(lit),
        span,
    })
}

/// Literal text with single spaces, so a quantity or requirement means the same however it is spaced.
fn normalise_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Tree levels added by `and`/`or` chains above the expression being built.
    static CHAIN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    static LIMIT: std::cell::Cell<usize> = const { std::cell::Cell::new(super::MAX_NESTING) };
    /// Where the text being turned into a tree starts in its file (see `span_of`).
    static OFFSET: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The nesting limit of this thread, when no expression is being built (so a hole parsed now depends only on its text
/// and the limit); `None` inside an expression.
pub(super) fn limit_at_top() -> Option<usize> {
    let top = DEPTH.with(|d| d.get()) == 0 && CHAIN.with(|c| c.get()) == 0;
    top.then(|| LIMIT.with(|l| l.get()))
}

/// Sets the nesting limit for parses on this thread.
pub(super) fn set_depth_limit(limit: usize) {
    LIMIT.with(|l| l.set(limit));
    DEPTH.with(|d| d.set(0));
    CHAIN.with(|c| c.set(0));
}

/// Counts expression nesting while building the tree; refuses more than a generous multiple of the language limit.
struct DepthGuard;

impl DepthGuard {
    fn enter(span: Span) -> Result<DepthGuard> {
        // Each nesting level passes through several grammar levels, hence the factor.
        let (limit, max) = LIMIT.with(|l| (l.get(), l.get().saturating_mul(8)));
        let depth = DEPTH.with(|d| {
            d.set(d.get() + 1);
            d.get()
        });
        if depth > max {
            DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
            return Err(ParseError::TooDeep {
                limit,
                span: span.into(),
            });
        }
        if depth.saturating_add(CHAIN.with(|c| c.get())) > max {
            DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
            return Err(ParseError::TooTall {
                limit: max,
                depth: limit,
                span: span.into(),
            });
        }
        Ok(DepthGuard)
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}
