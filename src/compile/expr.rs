//! Compiles one expression: resolves paths against the schema and variables, checks types and units,
//! builds regexes and looks up lexicons. Errors are collected; a failed sub-expression yields `None`.

use std::sync::Arc;

use chrono::NaiveDate;

use super::error::suggestion_help;
use super::error::CompileError;
use super::scope::{Scope, Vocabulary};
use crate::compile::ir::{Builtin, CExpr, CKind, CPath, CStep, CmpOp, Const, Root};
use crate::compile::types::Type;
use crate::records::schema::RecordKind;
use crate::source::Span;
use crate::syntax::ast::{BinOp, Expr, ExprKind, Literal, PathStep, ReqLit};
use crate::units::{Quantity, Requirement};

/// The deepest expression nesting the compiler accepts; deeper input is rejected, not recursed into.
/// A chain of terms joined by the same `and` (or `or`) is one level, however long: it is flat as written.
pub(super) const MAX_DEPTH: usize = 64;

/// The tallest expression tree accepted, chains counted term by term: evaluation recurses through the tree,
/// so its height stays bounded even when no nesting is deep.
pub(super) const MAX_HEIGHT: usize = MAX_DEPTH * 4;

/// Compiles expressions of one rule.
pub(super) struct ExprCompiler<'v, 'a> {
    pub vocab: &'v Vocabulary<'a>,
    pub scope: Scope,
    pub errors: Vec<CompileError>,
    /// The pack version the rule belongs to, for looking up its own lexicons and tables first.
    pub pack: usize,
    depth: usize,
    height: usize,
    /// A nesting or height error was reported for this expression compiler: one report is enough.
    too_deep: bool,
}

impl<'v, 'a> ExprCompiler<'v, 'a> {
    pub fn new(vocab: &'v Vocabulary<'a>) -> Self {
        ExprCompiler {
            vocab,
            scope: Scope::default(),
            errors: Vec::new(),
            pack: 0,
            depth: 0,
            height: 0,
            too_deep: false,
        }
    }

    /// Compiles an expression that must be a condition.
    pub fn condition(&mut self, e: &Expr, place: &str) -> Option<CExpr> {
        let compiled = self.expr(e)?;
        if compiled.ty == Type::Bool {
            return Some(compiled);
        }
        self.errors.push(CompileError::WrongType {
            place: place.to_owned(),
            expected: "a condition (true or false)".to_owned(),
            found: compiled.ty.to_string(),
            help: "compare it (`>= 50 cycles/min`), test it (`exists`, `satisfies ...`), or combine conditions with `and`/`or`".to_owned(),
            span: e.span.into(),
        });
        None
    }

    /// Compiles any expression.
    pub fn expr(&mut self, e: &Expr) -> Option<CExpr> {
        if self.depth >= MAX_DEPTH {
            return self.refuse_depth(
                e,
                CompileError::TooDeep {
                    limit: MAX_DEPTH,
                    span: e.span.into(),
                },
            );
        }
        self.depth += 1;
        let result = self.taller(e);
        self.depth -= 1;
        result
    }

    /// Compiles `e` one level taller, within `MAX_HEIGHT`.
    fn taller(&mut self, e: &Expr) -> Option<CExpr> {
        if self.height >= MAX_HEIGHT {
            return self.refuse_depth(
                e,
                CompileError::TooTall {
                    limit: MAX_HEIGHT,
                    span: e.span.into(),
                },
            );
        }
        self.height += 1;
        let result = self.expr_inner(e);
        self.height -= 1;
        result
    }

    /// Reports a nesting error once: every operand past the limit would report it again.
    fn refuse_depth(&mut self, _e: &Expr, error: CompileError) -> Option<CExpr> {
        if !self.too_deep {
            self.too_deep = true;
            self.errors.push(error);
        }
        None
    }

    fn expr_inner(&mut self, e: &Expr) -> Option<CExpr> {
        let span = e.span;
        match &e.kind {
            ExprKind::Literal(lit) => self.literal(lit, span),
            ExprKind::Path { root, steps } => self.path(&root.value, root.span, steps, span),
            ExprKind::Not(inner) => {
                let inner = self.condition(inner, "the operand of `not`")?;
                Some(typed(CKind::Not(Box::new(inner)), Type::Bool, span))
            }
            ExprKind::Binary { op, left, right } => self.binary(op.value, left, right, span),
            ExprKind::Satisfies { value, requirement } => self.satisfies(value, requirement, span),
            ExprKind::Overlaps { left, right } => self.overlaps(left, right, span),
            ExprKind::Exists { value, negated } => {
                let value = self.expr(value)?;
                Some(typed(
                    CKind::Exists(Box::new(value), *negated),
                    Type::Bool,
                    span,
                ))
            }
            ExprKind::Matches { value, pattern } => {
                let value = self.text_operand(value, "`matches`")?;
                let regex = match self.vocab.regexes.get(&pattern.value) {
                    Some(built) => built.clone(),
                    None => super::regexes::build(&pattern.value),
                };
                match regex {
                    Ok(r) => Some(typed(CKind::Matches(Box::new(value), r), Type::Bool, span)),
                    Err(message) => {
                        self.errors.push(CompileError::BadRegex {
                            message,
                            span: pattern.span.into(),
                        });
                        None
                    }
                }
            }
            ExprKind::Mentions { value, lexicon } => {
                let value = self.expr(value);
                let lex = self.lexicon(&lexicon.value, lexicon.span);
                Some(typed(
                    CKind::Mentions(Box::new(value?), lex?),
                    Type::Bool,
                    span,
                ))
            }
            ExprKind::OneOf { value, choices } => self.one_of(value, choices, span),
            ExprKind::Member { value, collection } => self.member(value, collection, span),
            ExprKind::MeasuredBy { value, method } => {
                self.measured_by(value, &method.value, method.span, span)
            }
            ExprKind::Quantified {
                quantifier,
                var,
                source,
                body,
            } => {
                let (slot, source) = self.bind_iteration(&var.value, source)?;
                let body = self.condition(body, "the body of a quantifier");
                self.scope.pop();
                Some(typed(
                    CKind::Quantified(*quantifier, slot, Box::new(source), Box::new(body?)),
                    Type::Bool,
                    span,
                ))
            }
            ExprKind::Count {
                var,
                source,
                filter,
            } => {
                let (slot, source) = self.bind_iteration(&var.value, source)?;
                let filter = match filter {
                    Some(f) => Some(Box::new(self.condition(f, "the `where` of `count`")?)),
                    None => None,
                };
                self.scope.pop();
                Some(typed(
                    CKind::Count(slot, Box::new(source), filter),
                    Type::Number,
                    span,
                ))
            }
            ExprKind::First {
                var,
                source,
                filter,
            } => {
                let (slot, source) = self.bind_iteration(&var.value, source)?;
                let element = source.ty.element().unwrap_or(Type::Text);
                let filter = self.condition(filter, "the `where` of `first`");
                self.scope.pop();
                Some(typed(
                    CKind::First(slot, Box::new(source), Box::new(filter?)),
                    element,
                    span,
                ))
            }
            ExprKind::Call { name, args } => self.call(&name.value, name.span, args, span),
        }
    }

    /// Compiles the source of an iteration and binds the variable to its element type.
    pub fn bind_iteration(&mut self, var: &str, source: &Expr) -> Option<(usize, CExpr)> {
        let compiled = self.expr(source)?;
        let Some(element) = compiled.ty.element() else {
            self.errors.push(CompileError::WrongType {
                place: "what a quantifier or `for` runs over".to_owned(),
                expected: "a list or a mapping".to_owned(),
                found: compiled.ty.to_string(),
                help: "iterate over a list such as `evidence.units` or a mapping such as `contract.spec`".to_owned(),
                span: source.span.into(),
            });
            return None;
        };
        Some((self.scope.bind(var, element), compiled))
    }

    // ------------------------------------------------------------ literals

    fn literal(&mut self, lit: &Literal, span: Span) -> Option<CExpr> {
        let (constant, ty) = match lit {
            Literal::Number(n) => (Const::Number(*n), Type::Number),
            Literal::Text(t) => (Const::Text(t.clone()), Type::Text),
            Literal::Bool(b) => (Const::Bool(*b), Type::Bool),
            Literal::AsOf => return Some(typed(CKind::AsOf, Type::Date, span)),
            Literal::Date(text) => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(d) => (Const::Date(d), Type::Date),
                Err(_) => {
                    self.errors.push(CompileError::BadLiteral {
                        message: format!("`{text}` is not a date in the calendar"),
                        help: "write an existing date as YYYY-MM-DD".to_owned(),
                        span: span.into(),
                    });
                    return None;
                }
            },
            Literal::Quantity { text, .. } => {
                let q = self.quantity_literal(text, span)?;
                let ty = Type::Quantity(Some(q.unit.dimension().clone()));
                (Const::Quantity(Box::new(q)), ty)
            }
            Literal::Requirement(req) => {
                let r = self.requirement_literal(req)?;
                let ty = Type::Requirement(r.dimension().cloned());
                (Const::Requirement(Box::new(r)), ty)
            }
            Literal::List(items) => {
                let items: Vec<CExpr> = items.iter().filter_map(|i| self.expr(i)).collect();
                let ty = items.first().map_or(Type::Text, |i| i.ty.clone());
                (Const::List(items), Type::List(Box::new(ty)))
            }
        };
        Some(typed(CKind::Const(constant), ty, span))
    }

    fn quantity_literal(&mut self, text: &str, span: Span) -> Option<Quantity> {
        match Quantity::parse_spanned(text) {
            Ok((q, _)) => Some(q),
            Err(e) => {
                self.errors
                    .push(literal_error(e.to_string(), e.span().shift(span.start)));
                None
            }
        }
    }

    /// Parses a requirement literal; pub for the spec statement.
    pub fn requirement_literal(&mut self, lit: &ReqLit) -> Option<Requirement> {
        match Requirement::parse_spanned(&lit.text) {
            Ok((r, _)) => Some(r),
            Err(e) => {
                // The literal's text is its source text, except for quoted named requirements.
                let span = if lit.text.len() == lit.span.len() {
                    e.span().shift(lit.span.start)
                } else {
                    lit.span
                };
                self.errors.push(literal_error(e.to_string(), span));
                None
            }
        }
    }

    // ------------------------------------------------------------ paths

    fn path(
        &mut self,
        root: &str,
        root_span: Span,
        steps: &[PathStep],
        span: Span,
    ) -> Option<CExpr> {
        let (root_ref, mut ty) = if let Some((slot, ty)) = self.scope.lookup(root) {
            (Root::Var(slot), ty.clone())
        } else if let Some(record) = RecordKind::from_name(root) {
            (
                Root::Record(record),
                Type::of_field(&self.vocab.schema.root(record)),
            )
        } else if let Some((index, row)) = self.vocab.table_types.get(root, self.pack) {
            (Root::Table(*index), Type::List(Box::new(row.clone())))
        } else {
            let names: Vec<&str> = self
                .scope
                .names()
                .chain(RecordKind::ALL.iter().map(|r| r.name()))
                .chain(self.vocab.table_types.names())
                .collect();
            self.errors.push(CompileError::UnknownPath {
                path: root.to_owned(),
                help: suggestion_help(
                    root,
                    names.iter().copied(),
                    "a path starts with `contract`, `inspection`, `evidence` or a bound variable",
                ),
                span: root_span.into(),
            });
            return None;
        };
        let mut written = root.to_owned();
        let mut lifted = false;
        let mut compiled_steps = Vec::with_capacity(steps.len());
        for step in steps {
            let (next, compiled) = self.step(&ty, step, &written)?;
            match step {
                PathStep::Field(f) => written.push_str(&format!(".{}", f.value)),
                PathStep::Index(_) => written.push_str("[…]"),
                PathStep::Wildcard(_) => {
                    written.push_str("[*]");
                    lifted = true;
                }
            }
            ty = next;
            compiled_steps.push(compiled);
        }
        if lifted {
            ty = Type::List(Box::new(ty));
        }
        let path = CPath {
            root: root_ref,
            steps: compiled_steps,
            text: written,
        };
        Some(typed(CKind::Path(path), ty, span))
    }

    /// Types one step. After `[*]` the type tracked is the element's; the path as a whole is a list.
    fn step(&mut self, ty: &Type, step: &PathStep, written: &str) -> Option<(Type, CStep)> {
        match step {
            PathStep::Field(name) => self.field_step(ty, &name.value, name.span, written),
            PathStep::Index(index) => {
                let index = self.expr(index)?;
                let element = match (ty, &index.ty) {
                    (Type::Map(of), t) if t.is_text_like() => (**of).clone(),
                    (Type::List(of), Type::Number) => (**of).clone(),
                    _ => {
                        self.errors.push(CompileError::WrongType {
                            place: format!("an index into `{written}`"),
                            expected: "a text key into a mapping, or a number into a list".to_owned(),
                            found: format!("{} indexed by {}", ty, index.ty),
                            help: "index mappings by name (`inspection.results[key]`) and lists by position".to_owned(),
                            span: index.span.into(),
                        });
                        return None;
                    }
                };
                Some((element, CStep::Index(Box::new(index))))
            }
            PathStep::Wildcard(span) => match ty.element() {
                Some(element) => Some((element, CStep::Wildcard)),
                None => {
                    self.errors.push(CompileError::WrongType {
                        place: format!("`{written}[*]`"),
                        expected: "a list or a mapping".to_owned(),
                        found: ty.to_string(),
                        help: "`[*]` takes every element of a list or mapping".to_owned(),
                        span: (*span).into(),
                    });
                    None
                }
            },
        }
    }

    fn field_step(
        &mut self,
        ty: &Type,
        name: &str,
        span: Span,
        written: &str,
    ) -> Option<(Type, CStep)> {
        let next = match ty {
            Type::Record(id) => {
                let record = self.vocab.schema.record(*id);
                match record.field(name) {
                    Some(field) => Type::of_field(field),
                    None => {
                        let fields = record.fields.iter().map(|(n, _)| n.as_str());
                        self.errors.push(CompileError::UnknownPath {
                            path: format!("{written}.{name}"),
                            help: suggestion_help(
                                name,
                                fields,
                                &format!("`{written}` has: {}", record.field_list()),
                            ),
                            span: span.into(),
                        });
                        return None;
                    }
                }
            }
            Type::Map(of) => (**of).clone(),
            Type::Row(columns) => match columns.iter().find(|(n, _)| n == name) {
                Some((_, t)) => t.clone(),
                None => {
                    let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
                    self.errors.push(CompileError::UnknownPath {
                        path: format!("{written}.{name}"),
                        help: suggestion_help(
                            name,
                            names.iter().copied(),
                            &format!("the table's columns are: {}", names.join(", ")),
                        ),
                        span: span.into(),
                    });
                    return None;
                }
            },
            Type::List(_) => {
                self.errors.push(CompileError::UnknownPath {
                    path: format!("{written}.{name}"),
                    help: format!("`{written}` is a list: use `{written}[*].{name}` for every element, or a quantifier such as `all u in {written}: u.{name} exists`"),
                    span: span.into(),
                });
                return None;
            }
            other => {
                self.errors.push(CompileError::UnknownPath {
                    path: format!("{written}.{name}"),
                    help: format!("`{written}` is {other}, which has no fields"),
                    span: span.into(),
                });
                return None;
            }
        };
        Some((next, CStep::Field(name.to_owned())))
    }

    // ------------------------------------------------------------ operators

    fn binary(&mut self, op: BinOp, left: &Expr, right: &Expr, span: Span) -> Option<CExpr> {
        match op {
            BinOp::And | BinOp::Or => {
                // `a and b and c` is one flat chain as written: its left spine is not deeper nesting.
                let chained =
                    matches!(&left.kind, ExprKind::Binary { op: inner, .. } if inner.value == op);
                let l = if chained {
                    self.taller(left)
                } else {
                    self.condition(left, &format!("each side of `{}`", op.symbol()))
                };
                let r = self.condition(right, &format!("each side of `{}`", op.symbol()));
                let (l, r) = (Box::new(l?), Box::new(r?));
                let kind = if op == BinOp::And {
                    CKind::And(l, r)
                } else {
                    CKind::Or(l, r)
                };
                Some(typed(kind, Type::Bool, span))
            }
            BinOp::Add | BinOp::Sub => self.arithmetic(op, left, right, span),
            BinOp::Mul | BinOp::Div => self.scaling(op, left, right, span),
            _ => {
                let l = self.expr(left);
                let r = self.expr(right);
                let (l, r) = (l?, r?);
                self.check_comparable(op, &l, &r, right)?;
                let cmp = match op {
                    BinOp::Eq => CmpOp::Eq,
                    BinOp::Ne => CmpOp::Ne,
                    BinOp::Lt => CmpOp::Lt,
                    BinOp::Le => CmpOp::Le,
                    BinOp::Gt => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                Some(typed(
                    CKind::Compare(cmp, Box::new(l), Box::new(r)),
                    Type::Bool,
                    span,
                ))
            }
        }
    }

    fn check_comparable(
        &mut self,
        op: BinOp,
        l: &CExpr,
        r: &CExpr,
        right_ast: &Expr,
    ) -> Option<()> {
        let equality = matches!(op, BinOp::Eq | BinOp::Ne);
        let ok = match (&l.ty, &r.ty) {
            (Type::Number, Type::Number)
            | (Type::Date, Type::Date)
            | (Type::Timestamp, Type::Timestamp) => true,
            (a, b) if a.is_quantity_like() && b.is_quantity_like() => {
                return self.check_dimensions(l, r, right_ast)
            }
            (Type::Enum(words), _) | (_, Type::Enum(words)) if equality => {
                return self.check_enum_value(words, l, r)
            }
            (a, b) if a.is_text_like() && b.is_text_like() => equality,
            (Type::Bool, Type::Bool) => equality,
            _ => false,
        };
        if ok {
            return Some(());
        }
        let help = match (&l.ty, &r.ty) {
            (a, Type::Number) if a.is_quantity_like() => "give the number its unit, e.g. `500 units` or `7 days`".to_owned(),
            (a, b) if a.is_text_like() && b.is_text_like() => "text can only be tested with `==`, `!=`, `in`, `matches` or `mentions`".to_owned(),
            _ => "compare values of the same kind: numbers with numbers, dates with dates, quantities with quantities".to_owned(),
        };
        self.errors.push(CompileError::TypeMismatch {
            op: op.symbol().to_owned(),
            left: l.ty.to_string(),
            right: r.ty.to_string(),
            help,
            span: l.span.join(r.span).into(),
        });
        None
    }

    fn check_dimensions(&mut self, l: &CExpr, r: &CExpr, right_ast: &Expr) -> Option<()> {
        let (Some(dl), Some(dr)) = (l.ty.dimension(), r.ty.dimension()) else {
            return Some(());
        };
        if dl == dr {
            return Some(());
        }
        let unit_span = literal_unit_span(right_ast).unwrap_or(r.span);
        self.errors.push(CompileError::UnitMismatch {
            message: format!("{dl} cannot be compared with {dr}"),
            help: format!("use a unit of {dl} here, or compare with a value measured in {dr}"),
            span: unit_span.into(),
            other: Some(l.span.into()),
        });
        None
    }

    fn check_enum_value(&mut self, words: &[String], l: &CExpr, r: &CExpr) -> Option<()> {
        for side in [l, r] {
            if let CKind::Const(Const::Text(text)) = &side.kind {
                if !words.iter().any(|w| w == text) {
                    self.errors.push(CompileError::UnknownName {
                        what: "value",
                        name: text.clone(),
                        help: suggestion_help(
                            text,
                            words.iter().map(String::as_str),
                            &format!("the field takes one of: {}", words.join(", ")),
                        ),
                        span: side.span.into(),
                    });
                    return None;
                }
            } else if !side.ty.is_text_like() {
                self.errors.push(CompileError::TypeMismatch {
                    op: "==".to_owned(),
                    left: l.ty.to_string(),
                    right: r.ty.to_string(),
                    help: "compare the field with one of its words in quotes".to_owned(),
                    span: l.span.join(r.span).into(),
                });
                return None;
            }
        }
        Some(())
    }

    fn arithmetic(&mut self, op: BinOp, left: &Expr, right: &Expr, span: Span) -> Option<CExpr> {
        let l = self.expr(left);
        let r = self.expr(right);
        let (l, r) = (l?, r?);
        let time = |t: &Type| {
            matches!(t, Type::Window) || (matches!(t, Type::Quantity(Some(d)) if d.is_time()))
        };
        let ty = match (op, &l.ty, &r.ty) {
            (_, Type::Number, Type::Number) => Some(Type::Number),
            (_, Type::Date, t) if time(t) => Some(Type::Date),
            (BinOp::Add, t, Type::Date) if time(t) => Some(Type::Date),
            (_, Type::Timestamp, t) if time(t) => Some(Type::Timestamp),
            (BinOp::Sub, Type::Date, Type::Date)
            | (BinOp::Sub, Type::Timestamp, Type::Timestamp) => Some(Type::duration()),
            (_, Type::Quantity(a), Type::Quantity(b)) => match (a, b) {
                (Some(a), Some(b)) if a != b => {
                    self.errors.push(CompileError::UnitMismatch {
                        message: format!("{a} cannot be added to {b}"),
                        help: "add or subtract quantities of the same kind".to_owned(),
                        span: literal_unit_span(right).unwrap_or(r.span).into(),
                        other: Some(l.span.into()),
                    });
                    return None;
                }
                _ => Some(Type::Quantity(a.clone().or_else(|| b.clone()))),
            },
            _ => None,
        };
        let Some(ty) = ty else {
            self.errors.push(CompileError::TypeMismatch {
                op: op.symbol().to_owned(),
                left: l.ty.to_string(),
                right: r.ty.to_string(),
                help: "dates take durations (`evidence.arrival.date + 7 days`), two dates give a duration, quantities add to their own kind".to_owned(),
                span: span.into(),
            });
            return None;
        };
        let kind = if op == BinOp::Add {
            CKind::Add(Box::new(l), Box::new(r))
        } else {
            CKind::Sub(Box::new(l), Box::new(r))
        };
        Some(typed(kind, ty, span))
    }

    /// `a * b`, `a / b`: numbers, a quantity scaled by a number (`contract.order.quantity * 3 / 100`), or a
    /// quantity over another of its kind (a number); a product of two quantities would be a new kind, which no field
    /// holds.
    fn scaling(&mut self, op: BinOp, left: &Expr, right: &Expr, span: Span) -> Option<CExpr> {
        let l = self.expr(left);
        let r = self.expr(right);
        let (l, r) = (l?, r?);
        let ty = match (op, &l.ty, &r.ty) {
            (_, Type::Number, Type::Number) => Some(Type::Number),
            (_, q @ Type::Quantity(_), Type::Number)
            | (BinOp::Mul, Type::Number, q @ Type::Quantity(_)) => Some(q.clone()),
            // The share one quantity is of another of its kind, or of a count a packing ratio joins.
            (BinOp::Div, Type::Quantity(a), Type::Quantity(b)) => match (a, b) {
                (Some(a), Some(b)) if a != b && !(a.is_count() && b.is_count()) => None,
                _ => Some(Type::Number),
            },
            _ => None,
        };
        let Some(ty) = ty else {
            self.errors.push(CompileError::TypeMismatch {
                op: op.symbol().to_owned(),
                left: l.ty.to_string(),
                right: r.ty.to_string(),
                help: "multiply or divide numbers, or a quantity by a number (`contract.order.quantity * 3 / 100`); a quantity divided by one of its kind is a number".to_owned(),
                span: span.into(),
            });
            return None;
        };
        let kind = if op == BinOp::Mul {
            CKind::Mul(Box::new(l), Box::new(r))
        } else {
            CKind::Div(Box::new(l), Box::new(r))
        };
        Some(typed(kind, ty, span))
    }

    fn satisfies(&mut self, value: &Expr, requirement: &Expr, span: Span) -> Option<CExpr> {
        let v = self.expr(value);
        let r = self.expr(requirement);
        let (v, r) = (v?, r?);
        if !matches!(r.ty, Type::Requirement(_)) {
            self.errors.push(CompileError::WrongType {
                place: "the right side of `satisfies`".to_owned(),
                expected: "a requirement".to_owned(),
                found: r.ty.to_string(),
                help: "write a requirement (`>= 50 cycles/min`, `48..52 mm`, `120 mm ± 0.5 mm`) or a path to one (`item.requirement`)".to_owned(),
                span: r.span.into(),
            });
            return None;
        }
        // A requirement on the left asks whether it is at least as strict as the one on the right.
        if !(v.ty.is_quantity_like() || v.ty.is_text_like() || matches!(v.ty, Type::Requirement(_)))
        {
            self.errors.push(CompileError::WrongType {
                place: "the left side of `satisfies`".to_owned(),
                expected: "a measured value".to_owned(),
                found: v.ty.to_string(),
                help: "test a measurement such as `inspection.results.throughput.measured`, or a requirement such as `contract.spec.throughput.requirement` (at least as strict)"
                    .to_owned(),
                span: v.span.into(),
            });
            return None;
        }
        self.same_kind(&v, &r, requirement, |dv, dr| {
            (
                format!("{dv} cannot satisfy a requirement on {dr}"),
                "test the value against a requirement of its own kind",
            )
        })?;
        Some(typed(
            CKind::Satisfies(Box::new(v), Box::new(r)),
            Type::Bool,
            span,
        ))
    }

    /// `None`, with a unit mismatch at the right side's unit, when both sides have a dimension and they differ.
    fn same_kind(
        &mut self,
        l: &CExpr,
        r: &CExpr,
        right: &Expr,
        says: impl FnOnce(&crate::units::Dimension, &crate::units::Dimension) -> (String, &'static str),
    ) -> Option<()> {
        if let (Some(dl), Some(dr)) = (l.ty.dimension(), r.ty.dimension()) {
            if dl != dr {
                let (message, help) = says(dl, dr);
                self.errors.push(CompileError::UnitMismatch {
                    message,
                    help: help.to_owned(),
                    span: literal_unit_span(right).unwrap_or(r.span).into(),
                    other: Some(l.span.into()),
                });
                return None;
            }
        }
        Some(())
    }

    fn overlaps(&mut self, left: &Expr, right: &Expr, span: Span) -> Option<CExpr> {
        let l = self.expr(left);
        let r = self.expr(right);
        let (l, r) = (l?, r?);
        for (side, e) in [("left", &l), ("right", &r)] {
            if !matches!(e.ty, Type::Requirement(_)) {
                self.errors.push(CompileError::WrongType {
                    place: format!("the {side} side of `overlaps`"),
                    expected: "a requirement".to_owned(),
                    found: e.ty.to_string(),
                    help: "compare two requirements (`48..52 mm overlaps item.requirement`); test a measured value with `satisfies`".to_owned(),
                    span: e.span.into(),
                });
                return None;
            }
        }
        self.same_kind(&l, &r, right, |dl, dr| {
            (
                format!("a requirement on {dl} cannot overlap one on {dr}"),
                "compare requirements of one kind",
            )
        })?;
        Some(typed(
            CKind::Overlaps(Box::new(l), Box::new(r)),
            Type::Bool,
            span,
        ))
    }

    fn text_operand(&mut self, value: &Expr, op: &str) -> Option<CExpr> {
        let v = self.expr(value)?;
        if v.ty.is_text_like() || matches!(&v.ty, Type::List(of) if of.is_text_like()) {
            return Some(v);
        }
        self.errors.push(CompileError::WrongType {
            place: format!("the left side of {op}"),
            expected: "a text".to_owned(),
            found: v.ty.to_string(),
            help: if matches!(&v.ty, Type::Requirement(_) | Type::Reading | Type::Quantity(_) | Type::Number | Type::Date) {
                let written = path_text(value);
                format!(
                    "{} is not a text; `text(...)` gives it as written: `text({written}) {} ...`",
                    v.ty,
                    op.trim_matches('`')
                )
            } else {
                "apply it to a text field such as `contract.clauses[*]` or `evidence.incident_report.findings`".to_owned()
            },
            span: v.span.into(),
        });
        None
    }

    fn lexicon(&mut self, name: &str, span: Span) -> Option<Arc<crate::compile::ir::Lexicon>> {
        if let Some(lex) = self.vocab.lexicons.get(name, self.pack) {
            return Some(lex.clone());
        }
        self.errors.push(CompileError::UnknownName {
            what: "lexicon",
            name: name.to_owned(),
            help: suggestion_help(
                name,
                self.vocab.lexicons.names(),
                "declare it with `lexicon NAME { \"phrase\" => \"replacement\" }` in a loaded pack",
            ),
            span: span.into(),
        });
        None
    }

    fn one_of(&mut self, value: &Expr, choices: &[Expr], span: Span) -> Option<CExpr> {
        let v = self.expr(value)?;
        let mut compiled = Vec::with_capacity(choices.len());
        for choice in choices {
            let c = self.expr(choice)?;
            self.check_comparable(BinOp::Eq, &v, &c, choice)?;
            compiled.push(c);
        }
        Some(typed(CKind::OneOf(Box::new(v), compiled), Type::Bool, span))
    }

    fn member(&mut self, value: &Expr, collection: &Expr, span: Span) -> Option<CExpr> {
        let v = self.expr(value);
        let c = self.expr(collection);
        let (v, c) = (v?, c?);
        let Some(element) = c.ty.element() else {
            self.errors.push(CompileError::WrongType {
                place: "the right side of `in`".to_owned(),
                expected: "a list or a mapping".to_owned(),
                found: c.ty.to_string(),
                help:
                    "write a list (`[\"a\", \"b\"]`) or a path to one (`inspection.lot.lot_codes`)"
                        .to_owned(),
                span: c.span.into(),
            });
            return None;
        };
        let probe = typed(CKind::Const(Const::Bool(false)), element, c.span);
        self.check_comparable(BinOp::Eq, &v, &probe, collection)?;
        Some(typed(
            CKind::Member(Box::new(v), Box::new(c)),
            Type::Bool,
            span,
        ))
    }

    /// Checks that a method is declared; pub for the spec statement.
    pub fn check_method(&mut self, method: &str, span: Span) -> Option<()> {
        if self.vocab.methods.contains(method) {
            return Some(());
        }
        self.errors.push(CompileError::UnknownName {
            what: "test method",
            name: method.to_owned(),
            help: suggestion_help(
                method,
                self.vocab.methods.iter().map(String::as_str),
                "declare it with `methods NAME` in a loaded pack",
            ),
            span: span.into(),
        });
        None
    }

    fn measured_by(
        &mut self,
        value: &Expr,
        method: &str,
        method_span: Span,
        span: Span,
    ) -> Option<CExpr> {
        let v = self.expr(value);
        self.check_method(method, method_span)?;
        let v = v?;
        let measured = self
            .vocab
            .schema
            .role_key(crate::records::schema::Role::Measured);
        let measurement_field = matches!(&v.kind, CKind::Path(p) if matches!(p.steps.last(), Some(CStep::Field(f)) if f == measured));
        if !measurement_field {
            self.errors.push(CompileError::WrongType {
                place: "the left side of `measured_by`".to_owned(),
                expected: "the `measured` field of a result or measurement".to_owned(),
                found: v.ty.to_string(),
                help: "write e.g. `inspection.results.throughput.measured measured_by functional_test`".to_owned(),
                span: v.span.into(),
            });
            return None;
        }
        let ty = v.ty.clone();
        Some(typed(
            CKind::MeasuredBy(Box::new(v), method.to_owned()),
            ty,
            span,
        ))
    }

    /// `after(text, LEXICON)`: a text, then the name of a lexicon.
    fn after(&mut self, args: &[Expr], span: Span) -> Option<CExpr> {
        let lexicon_name = match args {
            [_, Expr {
                kind: ExprKind::Path { root, steps },
                ..
            }] if steps.is_empty() => Some(root),
            _ => None,
        };
        let Some(lexicon_name) = lexicon_name else {
            self.errors.push(CompileError::WrongType {
                place: "the arguments of `after`".to_owned(),
                expected: "a text and the name of a lexicon".to_owned(),
                found: format!("{} arguments", args.len()),
                help: "call it as `after(clause, compensation_caps)`".to_owned(),
                span: span.into(),
            });
            return None;
        };
        let text = self.expr(&args[0]);
        let lexicon = self.lexicon(&lexicon_name.value, lexicon_name.span);
        let text = text?;
        if !text.ty.is_text_like() {
            self.errors.push(CompileError::WrongType {
                place: "the first argument of `after`".to_owned(),
                expected: "a text".to_owned(),
                found: text.ty.to_string(),
                help: "see docs/language.md, section Functions".to_owned(),
                span: text.span.into(),
            });
            return None;
        }
        Some(typed(
            CKind::After(Box::new(text), lexicon?),
            Type::Text,
            span,
        ))
    }

    fn call(&mut self, name: &str, name_span: Span, args: &[Expr], span: Span) -> Option<CExpr> {
        if name == "after" {
            return self.after(args, span);
        }
        let builtin = match name {
            "len" => Builtin::Len,
            "abs" => Builtin::Abs,
            "floor" => Builtin::Floor,
            "ceil" => Builtin::Ceil,
            "days" => Builtin::Days,
            "date" => Builtin::Date,
            "lower" => Builtin::Lower,
            "keys" => Builtin::Keys,
            "number" => Builtin::Number,
            "event" => Builtin::Event,
            "form" => Builtin::Form,
            "standards" => Builtin::Standards,
            "conditions" => Builtin::Conditions,
            "percentages" => Builtin::Percentages,
            "durations" => Builtin::Durations,
            "bodies" => Builtin::Bodies,
            "measures" => Builtin::Measures,
            "text" => Builtin::Text,
            _ => {
                self.errors.push(CompileError::UnknownName {
                    what: "function",
                    name: name.to_owned(),
                    help: suggestion_help(
                        name,
                        ["len", "abs", "floor", "ceil", "days", "date", "lower", "keys", "number", "event", "form", "standards", "conditions", "percentages", "durations", "after", "bodies", "measures", "text"],
                        "the functions are `len`, `abs`, `floor`, `ceil`, `days`, `date`, `lower`, `keys`, `number`, `event`, `form`, `standards`, `conditions`, `percentages`, `durations`, `after`, `bodies`, `measures` and `text`",
                    ),
                    span: name_span.into(),
                });
                return None;
            }
        };
        let compiled: Vec<CExpr> = args.iter().filter_map(|a| self.expr(a)).collect();
        if compiled.len() != args.len() {
            return None;
        }
        let [arg] = compiled.as_slice() else {
            self.errors.push(CompileError::WrongType {
                place: format!("the arguments of `{name}`"),
                expected: "exactly one argument".to_owned(),
                found: format!("{} arguments", args.len()),
                help: format!("call it as `{name}(value)`"),
                span: span.into(),
            });
            return None;
        };
        let ty = match (builtin, &arg.ty) {
            (Builtin::Len, Type::List(_) | Type::Map(_) | Type::Text) => Some(Type::Number),
            (Builtin::Abs, t @ (Type::Number | Type::Quantity(_))) => Some(t.clone()),
            (Builtin::Floor | Builtin::Ceil, Type::Number) => Some(Type::Number),
            (Builtin::Days, Type::Quantity(Some(d))) if d.is_time() => Some(Type::Number),
            (Builtin::Days, Type::Window) => Some(Type::Number),
            (Builtin::Date, Type::Timestamp | Type::Date) => Some(Type::Date),
            (Builtin::Lower, t) if t.is_text_like() => Some(Type::Text),
            (Builtin::Keys, Type::Map(_)) => Some(Type::List(Box::new(Type::Text))),
            (Builtin::Number, Type::Number | Type::Quantity(_)) => Some(Type::Number),
            (Builtin::Event, Type::Window) => Some(Type::Text),
            (Builtin::Standards | Builtin::Bodies, t) if t.is_text_like() => {
                Some(Type::List(Box::new(Type::Text)))
            }
            (Builtin::Percentages | Builtin::Durations, t) if t.is_text_like() => {
                Some(Type::List(Box::new(Type::Number)))
            }
            (Builtin::Conditions, t) if t.is_text_like() => {
                Some(Type::List(Box::new(Type::Requirement(None))))
            }
            (Builtin::Measures, Type::Requirement(_) | Type::Reading | Type::Quantity(_)) => {
                Some(Type::Text)
            }
            (Builtin::Form, Type::Requirement(_) | Type::Reading) => Some(Type::Text),
            (
                Builtin::Text,
                Type::Requirement(_)
                | Type::Reading
                | Type::Quantity(_)
                | Type::Number
                | Type::Date,
            ) => Some(Type::Text),
            (Builtin::Text, t) if t.is_text_like() => Some(Type::Text),
            _ => None,
        };
        let Some(ty) = ty else {
            self.errors.push(CompileError::WrongType {
                place: format!("the argument of `{name}`"),
                expected: match builtin {
                    Builtin::Len => "a list, a mapping or a text",
                    Builtin::Abs => "a number or a quantity",
                    Builtin::Floor | Builtin::Ceil => "a number",
                    Builtin::Days => "a duration",
                    Builtin::Date => "a timestamp",
                    Builtin::Lower => "a text",
                    Builtin::Keys => "a mapping",
                    Builtin::Number => "a number or a quantity",
                    Builtin::Event => "a claim window",
                    Builtin::Standards
                    | Builtin::Bodies
                    | Builtin::Conditions
                    | Builtin::Percentages
                    | Builtin::Durations => "a text",
                    Builtin::Measures => "a requirement or a quantity",
                    Builtin::Form => "a requirement or a measured value",
                    Builtin::Text => {
                        "a requirement, a measured value, a quantity, a number, a date or a text"
                    }
                }
                .to_owned(),
                found: arg.ty.to_string(),
                help: "see docs/language.md, section Functions".to_owned(),
                span: arg.span.into(),
            });
            return None;
        };
        Some(typed(CKind::Call(builtin, compiled), ty, span))
    }
}

/// A path as written (`item.requirement`), for help lines; other expressions read as `x`.
fn path_text(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Path { root, steps } => {
            let mut text = root.value.clone();
            for step in steps {
                match step {
                    PathStep::Field(f) => {
                        text.push('.');
                        text.push_str(&f.value);
                    }
                    PathStep::Index(_) => text.push_str("[…]"),
                    PathStep::Wildcard(_) => text.push_str("[*]"),
                }
            }
            text
        }
        _ => "x".to_owned(),
    }
}

fn typed(kind: CKind, ty: Type, span: Span) -> CExpr {
    CExpr { kind, ty, span }
}

fn literal_error(message: String, span: Span) -> CompileError {
    CompileError::BadLiteral {
        message,
        help: "use a unit from docs/units.md, e.g. `cycles/min`, `kW`, `dB(A)`, `mm`, `days`"
            .to_owned(),
        span: span.into(),
    }
}

/// The span of the unit when the expression is a quantity or requirement literal.
fn literal_unit_span(e: &Expr) -> Option<Span> {
    match &e.kind {
        ExprKind::Literal(Literal::Quantity { unit_span, .. }) => Some(*unit_span),
        ExprKind::Literal(Literal::Requirement(r)) => r.unit_span,
        _ => None,
    }
}
