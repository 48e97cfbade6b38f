//! Compiles one `rule { ... }` block: its header fields, its `for`/`let`/`when` steps and what it requires.

use super::error::suggestion_help;
use super::error::CompileError;
use super::expr::ExprCompiler;
use super::scope::Vocabulary;
use crate::compile::ir::{self, Check, CompiledRule, Severity, SpecCheck, Stage, Step};
use crate::source::{FileId, Location, Span, Spanned};
use crate::syntax::ast::{self, RuleField};

/// The header fields of a rule, each at most once.
#[derive(Default)]
struct Header<'r> {
    title: Option<&'r Spanned<String>>,
    severity: Option<&'r Spanned<String>>,
    case_severity: Option<&'r Spanned<String>>,
    stage: Option<&'r Spanned<String>>,
    cite: Option<&'r ast::Cite>,
    pattern: Option<&'r ast::PatternRef>,
    effective: Option<&'r Spanned<String>>,
    until: Option<&'r Spanned<String>>,
    message: Option<&'r ast::Template>,
    help: Option<&'r ast::Template>,
    require: Option<&'r ast::Requirement>,
}

/// The names a prelude rule reads the spec statement it expands by: the item, the rule's requirement, the method.
pub(super) const SPEC_PARAMETERS: [&str; 3] = ["spec_item", "spec_requirement", "spec_method"];

/// Compiles a rule, or returns every error found in it. A spec statement expands into the prelude's rules,
/// `templates` (compiled by `compile_template`).
pub(super) fn compile_rule(
    rule: &ast::Rule,
    defs: &super::define::Definitions<'_>,
    file: FileId,
    pack: usize,
    vocab: &Vocabulary<'_>,
    templates: &[CompiledRule],
) -> Result<CompiledRule, Vec<CompileError>> {
    let expanded = defs.expand(rule)?;
    compile_with(&expanded, file, pack, vocab, Some(templates))
}

/// Compiles a rule of the prelude: an ordinary rule that also sees `spec_item` (text), `spec_requirement` (a
/// requirement) and `spec_method` (text), bound by its first three steps, which each expansion fills in.
pub(super) fn compile_template(
    rule: &ast::Rule,
    file: FileId,
    vocab: &Vocabulary<'_>,
) -> Result<CompiledRule, Vec<CompileError>> {
    compile_with(rule, file, usize::MAX, vocab, None)
}

fn compile_with(
    rule: &ast::Rule,
    file: FileId,
    pack: usize,
    vocab: &Vocabulary<'_>,
    templates: Option<&[CompiledRule]>,
) -> Result<CompiledRule, Vec<CompileError>> {
    let mut cx = ExprCompiler::new(vocab);
    cx.pack = pack;
    let header = collect_header(rule, &mut cx.errors);
    let mut steps = Vec::new();
    if templates.is_none() {
        let types = [
            crate::compile::types::Type::Text,
            crate::compile::types::Type::Requirement(None),
            crate::compile::types::Type::Text,
        ];
        for (name, ty) in SPEC_PARAMETERS.into_iter().zip(types) {
            let slot = cx.scope.bind(name, ty.clone());
            let value = ir::CExpr {
                kind: ir::CKind::Const(ir::Const::Text(String::new())),
                ty,
                span: rule.id.span,
            };
            steps.push(Step::Let { slot, value });
        }
    }
    for field in &rule.fields {
        if let Some(step) = compile_step(field, &mut cx) {
            steps.push(step);
        }
    }
    let check = header
        .require
        .and_then(|r| compile_check(r, &mut cx, templates));
    let message = header.message.map(|t| template(t, &mut cx));
    let help = header.help.map(|t| template(t, &mut cx));
    let severity = header.severity.and_then(|s| {
        word(
            s,
            "severity",
            &Severity::WORDS,
            Severity::from_word,
            &mut cx.errors,
        )
    });
    let case_severity = header.case_severity.and_then(|s| {
        word(
            s,
            "severity",
            &Severity::WORDS,
            Severity::from_word,
            &mut cx.errors,
        )
    });
    let (effective, until) = rule_dates(&header, &mut cx.errors);
    let pattern = header
        .pattern
        .and_then(|p| pattern_text(p, pack, vocab, &mut cx.errors));
    let sources = header.cite.map_or_else(Vec::new, |c| {
        super::sources::cited(c, pack, &vocab.sources, &mut cx.errors)
    });
    let stage = header
        .stage
        .and_then(|s| word(s, "stage", &Stage::WORDS, Stage::from_word, &mut cx.errors));
    require_present(rule, &header, &mut cx.errors);
    let (
        Some(check),
        Some(severity),
        Some(stage),
        Some(title),
        Some(message),
        Some(help),
        Some(cite),
        Some(require),
    ) = (
        check,
        severity,
        stage,
        header.title,
        message,
        help,
        header.cite,
        header.require,
    )
    else {
        return Err(cx.errors);
    };
    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    Ok(CompiledRule {
        id: rule.id.value.clone(),
        title: title.value.clone(),
        severity,
        case_severity,
        stage,
        cite: cite.text.value.clone(),
        sources,
        pattern,
        message,
        help,
        pack,
        location: Location {
            file,
            span: rule.id.span,
        },
        block: Location {
            file,
            span: rule.span,
        },
        require_location: Location {
            file,
            span: requirement_span(require),
        },
        steps,
        check,
        slots: cx.scope.slot_count(),
        effective,
        until,
    })
}

/// A rule's own `effective` and `until` dates; `until` may not come before `effective`.
fn rule_dates(
    header: &Header<'_>,
    errors: &mut Vec<CompileError>,
) -> (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) {
    let mut push = |e| errors.push(e);
    let effective = header
        .effective
        .and_then(|d| super::error::calendar_date(d, &mut push));
    let until = header
        .until
        .and_then(|d| super::error::calendar_date(d, &mut push));
    if let (Some(from), Some(to), Some(written)) = (effective, until, header.until) {
        if to < from {
            errors.push(CompileError::BadLiteral {
                message: format!("the rule is in force until {to}, before it takes effect on {from}"),
                help: "`until` is the last day the rule runs: give a date on or after `effective`, or remove `until`".to_owned(),
                span: written.span.into(),
            });
        }
    }
    (effective, until)
}

/// The text of a rule's `pattern`: written in the rule, or declared under an id by the pack or `data/patterns.tsv`.
fn pattern_text(
    pattern: &ast::PatternRef,
    pack: usize,
    vocab: &Vocabulary<'_>,
    errors: &mut Vec<CompileError>,
) -> Option<String> {
    let id = match pattern {
        ast::PatternRef::Text(t) => return Some(t.value.clone()),
        ast::PatternRef::Id(id) => id,
    };
    if let Some(text) = vocab.pattern(&id.value, pack) {
        return Some(text.to_owned());
    }
    errors.push(CompileError::UnknownName {
        what: "pattern",
        name: id.value.clone(),
        help: suggestion_help(
            &id.value,
            vocab.pattern_ids(),
            &format!(
                "declare it in the pack: `pattern {} \"what goes wrong in the dispute\"`, or use an id of data/patterns.tsv",
                id.value
            ),
        ),
        span: id.span.into(),
    });
    None
}

fn requirement_span(require: &ast::Requirement) -> Span {
    match require {
        ast::Requirement::Expr(e) => e.span,
        ast::Requirement::Spec(s) => s.span,
    }
}

fn collect_header<'r>(rule: &'r ast::Rule, errors: &mut Vec<CompileError>) -> Header<'r> {
    let mut header = Header::default();
    for field in &rule.fields {
        let (name, span) = match field {
            RuleField::Title(t) => (set(&mut header.title, t), t.span),
            RuleField::Severity(s) => (set(&mut header.severity, s), s.span),
            RuleField::CaseSeverity(s) => (set(&mut header.case_severity, s), s.span),
            RuleField::Stage(s) => (set(&mut header.stage, s), s.span),
            RuleField::Cite(c) => (set(&mut header.cite, c), c.text.span),
            RuleField::Pattern(p) => (set(&mut header.pattern, p), p.span()),
            RuleField::Effective(d) => (set(&mut header.effective, d), d.span),
            RuleField::Until(d) => (set(&mut header.until, d), d.span),
            RuleField::Message(m) => (set(&mut header.message, m), m.span),
            RuleField::Help(h) => (set(&mut header.help, h), h.span),
            RuleField::Require(r) => (set(&mut header.require, r), requirement_span(r)),
            RuleField::For { .. } | RuleField::Let { .. } | RuleField::When(_) => continue,
        };
        if name.is_some() {
            errors.push(CompileError::DuplicateField {
                field: field_name(field),
                rule: rule.id.value.clone(),
                span: span.into(),
            });
        }
    }
    header
}

/// Stores the first occurrence; returns `Some(())` when the field was already set.
fn set<'r, T>(slot: &mut Option<&'r T>, value: &'r T) -> Option<()> {
    if slot.is_some() {
        return Some(());
    }
    *slot = Some(value);
    None
}

fn field_name(field: &RuleField) -> &'static str {
    match field {
        RuleField::Title(_) => "title",
        RuleField::Severity(_) => "severity",
        RuleField::CaseSeverity(_) => "case_severity",
        RuleField::Stage(_) => "stage",
        RuleField::Cite(_) => "cite",
        RuleField::Pattern(_) => "pattern",
        RuleField::Effective(_) => "effective",
        RuleField::Until(_) => "until",
        RuleField::Message(_) => "message",
        RuleField::Help(_) => "help",
        RuleField::Require(_) => "require",
        RuleField::For { .. } => "for",
        RuleField::Let { .. } => "let",
        RuleField::When(_) => "when",
    }
}

fn require_present(rule: &ast::Rule, header: &Header<'_>, errors: &mut Vec<CompileError>) {
    let wanted: [(bool, &'static str, &'static str); 7] = [
        (header.title.is_some(), "title", "\"what the rule checks\""),
        (header.severity.is_some(), "severity", "error"),
        (header.stage.is_some(), "stage", "contract"),
        (
            header.cite.is_some(),
            "cite",
            "\"the term or guidance it enforces\"",
        ),
        (
            header.message.is_some(),
            "message",
            "\"what is wrong, with {values}\"",
        ),
        (header.help.is_some(), "help", "\"what the user should do\""),
        (header.require.is_some(), "require", "contract.spec exists"),
    ];
    for (present, field, example) in wanted {
        if !present {
            errors.push(CompileError::MissingField {
                rule: rule.id.value.clone(),
                field,
                example,
                span: rule.id.span.into(),
            });
        }
    }
}

fn word<T: Copy>(
    value: &Spanned<String>,
    what: &'static str,
    words: &[&str],
    read: fn(&str) -> Option<T>,
    errors: &mut Vec<CompileError>,
) -> Option<T> {
    let found = read(&value.value);
    if found.is_none() {
        errors.push(CompileError::UnknownName {
            what,
            name: value.value.clone(),
            help: suggestion_help(
                &value.value,
                words.iter().copied(),
                &format!("use one of: {}", words.join(", ")),
            ),
            span: value.span.into(),
        });
    }
    found
}

fn compile_step(field: &RuleField, cx: &mut ExprCompiler<'_, '_>) -> Option<Step> {
    match field {
        RuleField::For(clause) => {
            let ast::ForClause {
                key, item, source, ..
            } = &**clause;
            let is_map = key.is_some();
            let key_slot = key
                .as_ref()
                .map(|k| cx.scope.bind(&k.value, crate::compile::types::Type::Text));
            let (item_slot, source) = cx.bind_iteration(&item.value, source)?;
            if is_map && !matches!(source.ty, crate::compile::types::Type::Map(_)) {
                cx.errors.push(CompileError::WrongType {
                    place: "`for key, item in ...`".to_owned(),
                    expected: "a mapping".to_owned(),
                    found: source.ty.to_string(),
                    help: "lists have no keys: write `for item in ...`".to_owned(),
                    span: source.span.into(),
                });
                return None;
            }
            Some(Step::For {
                key: key_slot,
                item: item_slot,
                source,
            })
        }
        RuleField::Let { name, value } => {
            let value = cx.expr(value)?;
            let slot = cx.scope.bind(&name.value, value.ty.clone());
            Some(Step::Let { slot, value })
        }
        RuleField::When(e) => cx.condition(e, "the condition of `when`").map(Step::When),
        _ => None,
    }
}

fn compile_check(
    require: &ast::Requirement,
    cx: &mut ExprCompiler<'_, '_>,
    templates: Option<&[CompiledRule]>,
) -> Option<Check> {
    match require {
        ast::Requirement::Expr(e) => cx.condition(e, "what `require` tests").map(Check::Expr),
        ast::Requirement::Spec(spec) => {
            let requirement = cx.requirement_literal(&spec.requirement);
            let method = cx.check_method(&spec.method.value, spec.method.span);
            let templates = match templates {
                Some(t) if !t.is_empty() => t,
                Some(_) => {
                    cx.errors.push(CompileError::UnknownName {
                        what: "pack",
                        name: "prelude".to_owned(),
                        help: "the spec statement expands into the rules of the `prelude` pack (`rules/prelude.concord`), which is not loaded; load it, or write the checks as ordinary `require` conditions".to_owned(),
                        span: spec.span.into(),
                    });
                    return None;
                }
                None => {
                    cx.errors.push(CompileError::WrongType {
                        place: "what a prelude rule requires".to_owned(),
                        expected: "a condition".to_owned(),
                        found: "a spec statement".to_owned(),
                        help: "a prelude rule is what a spec statement expands into: write its check as a condition over `spec_item`, `spec_requirement` and `spec_method`".to_owned(),
                        span: spec.span.into(),
                    });
                    return None;
                }
            };
            method?;
            let requirement = requirement?;
            let parts = templates
                .iter()
                .map(|t| expand(t, &spec.item.value, &requirement, &spec.method.value))
                .collect();
            Some(Check::Spec(Box::new(SpecCheck {
                item: spec.item.value.clone(),
                requirement,
                requirement_text: spec.requirement.text.clone(),
                method: spec.method.value.clone(),
                parts,
            })))
        }
    }
}

/// One prelude rule with the spec statement's item, requirement and method filled into its first three steps.
fn expand(
    template: &CompiledRule,
    item: &str,
    requirement: &crate::units::Requirement,
    method: &str,
) -> CompiledRule {
    let mut part = template.clone();
    let values = [
        ir::Const::Text(item.to_owned()),
        ir::Const::Requirement(Box::new(requirement.clone())),
        ir::Const::Text(method.to_owned()),
    ];
    for (step, value) in part.steps.iter_mut().zip(values) {
        if let Step::Let { value: v, .. } = step {
            v.kind = ir::CKind::Const(value);
        }
    }
    part
}

fn template(t: &ast::Template, cx: &mut ExprCompiler<'_, '_>) -> ir::Template {
    let mut parts = t
        .parts
        .iter()
        .filter_map(|part| match part {
            ast::TemplatePart::Text(s) => Some(ir::TemplatePart::Text(s.clone())),
            ast::TemplatePart::Hole(e) => cx.expr(e).map(|e| ir::TemplatePart::Hole(Box::new(e))),
        })
        .collect::<Vec<_>>();
    // `filter_map` leaves room for four parts; every rule holds two templates, most of one part.
    parts.shrink_to_fit();
    ir::Template { parts }
}
