//! Pack-level definitions: `def name(a, b) = expr` is written in place of each call, and a pack-level
//! `let name = expr` becomes a `let` step of each rule that names it, just before the first step that does.
//! The rule that results is compiled like any other, so a definition cannot change what a rule means.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::error::CompileError;
use crate::source::Spanned;
use crate::syntax::ast::{Definition, Expr, ExprKind, Literal, PathStep, Rule, RuleField};

/// Calls inside calls deeper than this are refused (a `def` that calls itself is caught before).
const MAX_CALL_DEPTH: usize = 32;

/// The definitions a rule sees: those of its file.
pub(super) struct Definitions<'a> {
    functions: BTreeMap<&'a str, &'a Definition>,
    values: Vec<&'a Definition>,
}

impl<'a> Definitions<'a> {
    /// Collects a file's definitions; a name defined twice is an error on the second.
    pub fn new(defs: &'a [Definition], errors: &mut Vec<CompileError>) -> Self {
        let mut functions = BTreeMap::new();
        let mut values: Vec<&Definition> = Vec::new();
        let mut seen: BTreeMap<&str, &Definition> = BTreeMap::new();
        for def in defs {
            if let Some(first) = seen.get(def.name.value.as_str()) {
                errors.push(CompileError::Duplicate {
                    what: if def.params.is_some() { "def" } else { "let" },
                    name: def.name.value.clone(),
                    help: format!(
                        "the first definition is at byte {} of this file; rename one of them, or remove the copy",
                        first.name.span.start
                    ),
                    span: def.name.span.into(),
                });
                continue;
            }
            seen.insert(&def.name.value, def);
            if def.params.is_some() {
                functions.insert(def.name.value.as_str(), def);
            } else {
                values.push(def);
            }
        }
        Definitions { functions, values }
    }

    fn is_empty(&self) -> bool {
        self.functions.is_empty() && self.values.is_empty()
    }

    fn value(&self, name: &str) -> Option<&'a Definition> {
        self.values.iter().copied().find(|d| d.name.value == name)
    }

    /// The rule with every call of a `def` written out and the pack-level `let`s it names added as steps.
    pub fn expand<'r>(&self, rule: &'r Rule) -> Result<Cow<'r, Rule>, Vec<CompileError>> {
        if self.is_empty() {
            return Ok(Cow::Borrowed(rule));
        }
        let mut errors = Vec::new();
        let mut fields = Vec::with_capacity(rule.fields.len());
        let mut bound: BTreeSet<String> = BTreeSet::new();
        let mut added: BTreeSet<String> = BTreeSet::new();
        for field in &rule.fields {
            let field = self.expand_field(field, &mut errors);
            let mut wanted = Vec::new();
            for e in field_exprs(&field) {
                free_names(e, &mut Vec::new(), &mut wanted);
            }
            for name in wanted {
                self.add_value(
                    &name,
                    &bound,
                    &mut added,
                    &mut fields,
                    &mut Vec::new(),
                    &mut errors,
                );
            }
            match &field {
                RuleField::For(clause) => {
                    for name in clause.key.iter().chain(std::iter::once(&clause.item)) {
                        self.refuse_shadowing(name, &mut errors);
                        bound.insert(name.value.clone());
                    }
                }
                RuleField::Let { name, .. } => {
                    self.refuse_shadowing(name, &mut errors);
                    bound.insert(name.value.clone());
                }
                _ => {}
            }
            fields.push(field);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Cow::Owned(Rule {
            id: rule.id.clone(),
            fields,
            overrides: rule.overrides,
            span: rule.span,
        }))
    }

    /// A rule's own `for` or `let` may not take the name of a pack-level `let`: which one a later step means
    /// would depend on the order of the steps.
    fn refuse_shadowing(&self, name: &Spanned<String>, errors: &mut Vec<CompileError>) {
        if self.value(&name.value).is_some() {
            errors.push(CompileError::BadLiteral {
                message: format!(
                    "`{}` is already a pack-level `let` of this file",
                    name.value
                ),
                help: format!(
                    "use the pack's `{0}` as it is, or give this one another name (`my_{0}`)",
                    name.value
                ),
                span: name.span.into(),
            });
        }
    }

    /// Adds `let name = ...` (after the pack-level `let`s it needs) unless the rule binds the name or has it.
    #[allow(clippy::too_many_arguments)]
    fn add_value(
        &self,
        name: &str,
        bound: &BTreeSet<String>,
        added: &mut BTreeSet<String>,
        fields: &mut Vec<RuleField>,
        stack: &mut Vec<String>,
        errors: &mut Vec<CompileError>,
    ) {
        if bound.contains(name) || added.contains(name) {
            return;
        }
        let Some(def) = self.value(name) else {
            return;
        };
        if stack.iter().any(|s| s == name) {
            errors.push(CompileError::BadLiteral {
                message: format!("the pack-level `let {name}` depends on itself"),
                help: format!(
                    "{} -> {name}: compute it from the records and tables instead",
                    stack.join(" -> ")
                ),
                span: def.name.span.into(),
            });
            return;
        }
        let body = self.expand_expr(&def.body, &mut Vec::new(), errors);
        let mut wanted = Vec::new();
        free_names(&body, &mut Vec::new(), &mut wanted);
        stack.push(name.to_owned());
        for needed in &wanted {
            if self.value(needed).is_some() {
                self.add_value(needed, bound, added, fields, stack, errors);
            } else if bound.contains(needed) {
                errors.push(CompileError::BadLiteral {
                    message: format!("the pack-level `let {name}` names `{needed}`, which this rule binds"),
                    help: "a pack-level `let` is computed from the records, tables and other pack-level `let`s only; rename the rule's own name".to_owned(),
                    span: def.name.span.into(),
                });
            }
        }
        stack.pop();
        added.insert(name.to_owned());
        fields.push(RuleField::Let {
            name: def.name.clone(),
            value: Box::new(body),
        });
    }

    fn expand_field(&self, field: &RuleField, errors: &mut Vec<CompileError>) -> RuleField {
        let mut field = field.clone();
        match &mut field {
            RuleField::For(clause) => {
                clause.source = self.expand_expr(&clause.source, &mut Vec::new(), errors)
            }
            RuleField::Let { value, .. } => {
                **value = self.expand_expr(value, &mut Vec::new(), errors)
            }
            RuleField::When(e) | RuleField::Require(crate::syntax::ast::Requirement::Expr(e)) => {
                *e = self.expand_expr(e, &mut Vec::new(), errors);
            }
            RuleField::Message(t) | RuleField::Help(t) => {
                for part in &mut t.parts {
                    if let crate::syntax::ast::TemplatePart::Hole(e) = part {
                        **e = self.expand_expr(e, &mut Vec::new(), errors);
                    }
                }
            }
            _ => {}
        }
        field
    }

    /// The expression with every call of a `def` replaced by the def's body, its parameters by the arguments.
    fn expand_expr(
        &self,
        e: &Expr,
        stack: &mut Vec<String>,
        errors: &mut Vec<CompileError>,
    ) -> Expr {
        let mut out = e.clone();
        self.expand_in_place(&mut out, stack, errors);
        out
    }

    fn expand_in_place(
        &self,
        e: &mut Expr,
        stack: &mut Vec<String>,
        errors: &mut Vec<CompileError>,
    ) {
        for child in children_mut(e) {
            self.expand_in_place(child, stack, errors);
        }
        let ExprKind::Call { name, args } = &e.kind else {
            return;
        };
        let Some(def) = self.functions.get(name.value.as_str()) else {
            return;
        };
        let params = def.params.as_deref().unwrap_or_default();
        let fail = |message: String, help: String| CompileError::BadLiteral {
            message,
            help,
            span: name.span.into(),
        };
        if params.len() != args.len() {
            errors.push(fail(
                format!(
                    "`{}` takes {} argument{}, and is given {}",
                    name.value,
                    params.len(),
                    if params.len() == 1 { "" } else { "s" },
                    args.len()
                ),
                format!(
                    "write `{}({})`",
                    name.value,
                    params
                        .iter()
                        .map(|p| p.value.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            return;
        }
        if stack.contains(&name.value) || stack.len() >= MAX_CALL_DEPTH {
            errors.push(fail(
                format!("`{}` calls itself", name.value),
                format!(
                    "{} -> {}: a def is written out where it is called, so it cannot call itself",
                    stack.join(" -> "),
                    name.value
                ),
            ));
            return;
        }
        let map: BTreeMap<&str, &Expr> = params
            .iter()
            .map(|p| p.value.as_str())
            .zip(args.iter())
            .collect();
        let mut body = def.body.clone();
        let mut arg_names = Vec::new();
        for arg in args {
            free_names(arg, &mut Vec::new(), &mut arg_names);
        }
        if let Err(message) = substitute(&mut body, &map, &arg_names) {
            errors.push(fail(
                message,
                format!(
                "rename the name bound inside `def {}`, or pass a path such as `item.requirement`",
                name.value
            ),
            ));
            return;
        }
        stack.push(name.value.clone());
        self.expand_in_place(&mut body, stack, errors);
        stack.pop();
        // The call's place stands for the whole: a finding on it points at the rule, not into the def.
        body.span = e.span;
        *e = body;
    }
}

/// The expressions of a rule field, in the order they are written.
fn field_exprs(field: &RuleField) -> Vec<&Expr> {
    match field {
        RuleField::For(clause) => vec![&clause.source],
        RuleField::Let { value, .. } => vec![&**value],
        RuleField::When(e) | RuleField::Require(crate::syntax::ast::Requirement::Expr(e)) => {
            vec![e]
        }
        RuleField::Message(t) | RuleField::Help(t) => t
            .parts
            .iter()
            .filter_map(|p| match p {
                crate::syntax::ast::TemplatePart::Hole(e) => Some(&**e),
                crate::syntax::ast::TemplatePart::Text(_) => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The variable bound inside an expression (quantifiers, `first`, `count`), with the parts it is visible in.
fn binder(e: &Expr) -> Option<&Spanned<String>> {
    match &e.kind {
        ExprKind::Quantified { var, .. }
        | ExprKind::First { var, .. }
        | ExprKind::Count { var, .. } => Some(var),
        _ => None,
    }
}

/// Names used as path roots and not bound inside the expression, in order of first use.
fn free_names(e: &Expr, inner: &mut Vec<String>, out: &mut Vec<String>) {
    if let ExprKind::Path { root, .. } = &e.kind {
        if !inner.contains(&root.value) && !out.contains(&root.value) {
            out.push(root.value.clone());
        }
    }
    match &e.kind {
        ExprKind::Quantified {
            var, source, body, ..
        } => {
            free_names(source, inner, out);
            inner.push(var.value.clone());
            free_names(body, inner, out);
            inner.pop();
        }
        ExprKind::First {
            var,
            source,
            filter,
        } => {
            free_names(source, inner, out);
            inner.push(var.value.clone());
            free_names(filter, inner, out);
            inner.pop();
        }
        ExprKind::Count {
            var,
            source,
            filter,
        } => {
            free_names(source, inner, out);
            inner.push(var.value.clone());
            if let Some(f) = filter {
                free_names(f, inner, out);
            }
            inner.pop();
        }
        _ => {
            for child in children(e) {
                free_names(child, inner, out);
            }
        }
    }
}

/// Replaces parameters by arguments. A name bound inside the body that an argument also uses would capture it.
fn substitute(
    e: &mut Expr,
    map: &BTreeMap<&str, &Expr>,
    arg_names: &[String],
) -> Result<(), String> {
    if let Some(var) = binder(e) {
        if arg_names.contains(&var.value) {
            return Err(format!(
                "the def binds `{0}`, and an argument names `{0}` too: inside the def it would mean the def's own",
                var.value
            ));
        }
        if map.contains_key(var.value.as_str()) {
            let mut inner = map.clone();
            inner.remove(var.value.as_str());
            // The source is outside the binder's scope; the body or filter inside it.
            return substitute_binder(e, map, &inner, arg_names);
        }
    }
    if let ExprKind::Path { root, steps } = &mut e.kind {
        for step in steps.iter_mut() {
            if let PathStep::Index(i) = step {
                substitute(i, map, arg_names)?;
            }
        }
        if let Some(arg) = map.get(root.value.as_str()) {
            if steps.is_empty() {
                *e = (*arg).clone();
                return Ok(());
            }
            let ExprKind::Path {
                root: arg_root,
                steps: arg_steps,
            } = &arg.kind
            else {
                return Err(format!(
                    "the def reads fields of `{}`, so its argument must be a path",
                    root.value
                ));
            };
            let mut joined = arg_steps.clone();
            joined.append(steps);
            *root = arg_root.clone();
            *steps = joined;
        }
        return Ok(());
    }
    for child in children_mut(e) {
        substitute(child, map, arg_names)?;
    }
    Ok(())
}

fn substitute_binder(
    e: &mut Expr,
    outer: &BTreeMap<&str, &Expr>,
    inner: &BTreeMap<&str, &Expr>,
    arg_names: &[String],
) -> Result<(), String> {
    match &mut e.kind {
        ExprKind::Quantified { source, body, .. } => {
            substitute(source, outer, arg_names)?;
            substitute(body, inner, arg_names)
        }
        ExprKind::First { source, filter, .. } => {
            substitute(source, outer, arg_names)?;
            substitute(filter, inner, arg_names)
        }
        ExprKind::Count { source, filter, .. } => {
            substitute(source, outer, arg_names)?;
            match filter {
                Some(f) => substitute(f, inner, arg_names),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

fn children(e: &Expr) -> Vec<&Expr> {
    use ExprKind as K;
    match &e.kind {
        K::Literal(Literal::List(items)) => items.iter().collect(),
        K::Literal(_) => Vec::new(),
        K::Path { steps, .. } => steps
            .iter()
            .filter_map(|s| match s {
                PathStep::Index(i) => Some(&**i),
                _ => None,
            })
            .collect(),
        K::Not(a) | K::Exists { value: a, .. } | K::Matches { value: a, .. } => vec![a],
        K::Mentions { value: a, .. } | K::MeasuredBy { value: a, .. } => vec![a],
        K::Binary { left, right, .. } | K::Overlaps { left, right } => vec![left, right],
        K::Satisfies { value, requirement } => vec![value, requirement],
        K::Member { value, collection } => vec![value, collection],
        K::OneOf { value, choices } => std::iter::once(&**value).chain(choices.iter()).collect(),
        K::Quantified { source, body, .. } => vec![source, body],
        K::First { source, filter, .. } => vec![source, filter],
        K::Count { source, filter, .. } => std::iter::once(&**source)
            .chain(filter.as_deref())
            .collect(),
        K::Call { args, .. } => args.iter().collect(),
    }
}

fn children_mut(e: &mut Expr) -> Vec<&mut Expr> {
    use ExprKind as K;
    match &mut e.kind {
        K::Literal(Literal::List(items)) => items.iter_mut().collect(),
        K::Literal(_) => Vec::new(),
        K::Path { steps, .. } => steps
            .iter_mut()
            .filter_map(|s| match s {
                PathStep::Index(i) => Some(&mut **i),
                _ => None,
            })
            .collect(),
        K::Not(a) | K::Exists { value: a, .. } | K::Matches { value: a, .. } => vec![&mut **a],
        K::Mentions { value: a, .. } | K::MeasuredBy { value: a, .. } => vec![&mut **a],
        K::Binary { left, right, .. } | K::Overlaps { left, right } => {
            vec![&mut **left, &mut **right]
        }
        K::Satisfies { value, requirement } => vec![&mut **value, &mut **requirement],
        K::Member { value, collection } => vec![&mut **value, &mut **collection],
        K::OneOf { value, choices } => std::iter::once(&mut **value)
            .chain(choices.iter_mut())
            .collect(),
        K::Quantified { source, body, .. } => vec![&mut **source, &mut **body],
        K::First { source, filter, .. } => vec![&mut **source, &mut **filter],
        K::Count { source, filter, .. } => std::iter::once(&mut **source)
            .chain(filter.as_deref_mut())
            .collect(),
        K::Call { args, .. } => args.iter_mut().collect(),
    }
}
