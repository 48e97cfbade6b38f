//! Evaluates compiled expressions over a case: values with their data places, and conditions in
//! three-valued logic (holds, fails, or stops on missing data), keeping the marks that decided them.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::compare::{arithmetic, compare_values, overlaps, satisfies, scaled};
use super::packing::in_one_unit;
use super::path::walk;
use super::value::{push_marks, Ev, Judged, Missing, Stop, Trace};
use crate::compile::ir::{Builtin, CExpr, CKind, CmpOp, Const, Lexicon};
use crate::compile::types::Type;
use crate::eval::finding::Mark;
use crate::records::case::Case;
use crate::records::document::{Field, Req, Value, ValueKind};
use crate::source::{Location, SourceMap};
use crate::syntax::ast::Quantifier;

/// Evaluation state for one rule instance.
pub(crate) struct Evaluator<'a> {
    pub case: &'a Case,
    pub tables: &'a [crate::compile::ir::Table],
    pub sources: &'a SourceMap,
    pub as_of: NaiveDate,
    pub slots: Vec<Option<Ev<'a>>>,
    /// For `let` bindings whose value was missing: why, so uses of the name report it.
    pub pending: Vec<Option<Missing>>,
    /// Rules that vague phrases met in this rule instance stand in for (`leaves` in lexicons).
    pub leaves: Vec<String>,
    /// Records found absent by `RECORD exists` in this rule instance, so the finding can name them.
    pub absent: Vec<crate::records::schema::RecordKind>,
    /// Evaluation steps left for the whole case; at zero every rule stops and the case is refused.
    pub steps_left: u64,
    /// Whether conditions gather the data places that decided them. Most conditions hold and their places are never
    /// shown, so a rule's check runs without them and again with them only when it fails (`RuleRun::check`):
    /// gathering them was a quarter of checking a small case.
    pub tracing: bool,
    /// The phrases found in this check's texts, by lexicon and text (their addresses): judging a failed check again
    /// while tracing searches nothing twice. Cleared for each check.
    pub found: Vec<((usize, usize, usize), Vec<super::lexicon::Hit>)>,
}

type Result<T> = std::result::Result<T, Stop>;

impl<'a> Evaluator<'a> {
    /// A condition's result, with the data places `trail` gives only while tracing.
    fn judged(&self, holds: bool, trail: impl FnOnce() -> Vec<Trace<'a>>) -> Judged<'a> {
        Judged::new(holds, if self.tracing { trail() } else { Vec::new() })
    }

    /// Evaluates a condition.
    pub fn truth(&mut self, e: &'a CExpr) -> Result<Judged<'a>> {
        self.step()?;
        match &e.kind {
            CKind::Not(inner) => self.truth(inner).map(|j| Judged::new(!j.holds, j.trail)),
            CKind::And(l, r) => self.and_or(l, r, false),
            CKind::Or(l, r) => self.and_or(l, r, true),
            CKind::Compare(op, l, r) if l.ty == Type::Bool => {
                let (a, b) = (self.truth(l)?, self.truth(r)?);
                let equal = a.holds == b.holds;
                let mut trail = a.trail;
                push_marks(&mut trail, b.trail);
                Ok(Judged::new(
                    if *op == CmpOp::Ne { !equal } else { equal },
                    trail,
                ))
            }
            CKind::Compare(op, l, r) => {
                let (a, b) = in_one_unit(self.case, self.value(l)?, self.value(r)?);
                let holds = compare_values(*op, &a, &b)?;
                Ok(self.judged(holds, || marks(&[&a, &b])))
            }
            CKind::Satisfies(v, r) => {
                let (a, b) = (self.value(v)?, self.value(r)?);
                let holds = satisfies(&a, &b)?;
                Ok(self.judged(holds, || marks(&[&a, &b])))
            }
            CKind::Overlaps(l, r) => {
                let (a, b) = (self.value(l)?, self.value(r)?);
                let holds = overlaps(&a, &b)?;
                Ok(self.judged(holds, || marks(&[&a, &b])))
            }
            CKind::Exists(inner, negated) => self.exists(inner, *negated),
            CKind::Matches(v, regex) => {
                let value = match self.text_value(v)? {
                    Ok(value) => value,
                    Err(absent) => return Ok(absent),
                };
                let texts = texts(&value);
                let hit = texts.iter().find(|(t, _)| regex.is_match(t));
                Ok(self.judged(hit.is_some(), || match hit {
                    Some((_, ev)) => ev.mark().into_iter().collect(),
                    None => value.marks(),
                }))
            }
            CKind::Mentions(v, lexicon) => {
                let value = match self.text_value(v)? {
                    Ok(value) => value,
                    Err(absent) => return Ok(absent),
                };
                let hits = self.mentions(&value, lexicon);
                let found = !hits.is_empty();
                // With no phrase found, the text itself is what decided it.
                if found {
                    return Ok(Judged::new(true, hits));
                }
                Ok(self.judged(false, || value.marks()))
            }
            CKind::OneOf(v, choices) => {
                let value = self.value(v)?;
                for choice in choices {
                    let c = self.value(choice)?;
                    if compare_values(CmpOp::Eq, &value, &c)? {
                        return Ok(self.judged(true, || marks(&[&value])));
                    }
                }
                Ok(self.judged(false, || marks(&[&value])))
            }
            CKind::Quantified(q, slot, source, body) => self.quantified(*q, *slot, source, body),
            CKind::Member(v, collection) => {
                let value = self.value(v)?;
                let list = self.value(collection)?;
                for item in elements(list.clone()) {
                    if compare_values(CmpOp::Eq, &value, &item)? {
                        return Ok(self.judged(true, || {
                            let mut trail = marks(&[&value]);
                            push_marks(&mut trail, item.mark());
                            trail
                        }));
                    }
                }
                Ok(self.judged(false, || {
                    let mut trail = marks(&[&value]);
                    push_marks(&mut trail, list.mark());
                    trail
                }))
            }
            _ => {
                let v = self.value(e)?;
                let holds = matches!(v.val.as_ref(), ValueKind::Bool(true));
                Ok(self.judged(holds, || v.mark().into_iter().collect()))
            }
        }
    }

    /// Kleene `and` (`or` when `is_or`): a decided side wins over a missing one.
    /// Kleene `and` (`or` when `is_or`): a decided side wins over a missing one. Both sides are evaluated, so
    /// that a finding points at every part that decided it (both failed conditions of an `and`).
    fn and_or(&mut self, l: &'a CExpr, r: &'a CExpr, is_or: bool) -> Result<Judged<'a>> {
        let decisive = is_or;
        let left = self.truth(l);
        if let Err(Stop::Clash(_)) = left {
            return left;
        }
        let right = self.truth(r);
        match (left, right) {
            (Ok(a), Ok(b)) => {
                let holds = if a.holds == decisive {
                    a.holds
                } else {
                    b.holds
                };
                let mut trail = Vec::new();
                if a.holds == holds {
                    push_marks(&mut trail, a.trail);
                }
                if b.holds == holds {
                    push_marks(&mut trail, b.trail);
                }
                Ok(Judged::new(holds, trail))
            }
            (Ok(a), Err(_)) if a.holds == decisive => Ok(a),
            (Err(Stop::Missing(_)), Ok(b)) if b.holds == decisive => Ok(b),
            (Err(stop), _) | (Ok(_), Err(stop)) => Err(stop),
        }
    }

    /// The text a `matches` or `mentions` looks into. A text missing from a record that is present contains
    /// nothing, so the test is false there (pointing at where the text would be); an absent record stops.
    fn text_value(&mut self, v: &'a CExpr) -> Result<std::result::Result<Ev<'a>, Judged<'a>>> {
        match self.value(v) {
            Ok(value) => Ok(Ok(value)),
            Err(Stop::Missing(m)) if m.absent.is_none() => Ok(Err(Judged::new(
                false,
                m.mark().into_iter().map(Trace::from).collect(),
            ))),
            Err(stop) => Err(stop),
        }
    }

    fn exists(&mut self, inner: &'a CExpr, negated: bool) -> Result<Judged<'a>> {
        // `inspection exists` asks whether the case has the record at all: that can always be told.
        if let CKind::Path(crate::compile::ir::CPath {
            root: crate::compile::ir::Root::Record(record),
            steps,
            ..
        }) = &inner.kind
        {
            if steps.is_empty() && self.case.get(*record).is_none() {
                if !self.absent.contains(record) {
                    self.absent.push(*record);
                }
                return Ok(Judged::new(negated, Vec::new()));
            }
        }
        match self.value(inner) {
            Ok(v) if !matches!(v.val.as_ref(), ValueKind::Null) => {
                Ok(self.judged(!negated, || v.mark().into_iter().collect()))
            }
            Ok(v) => Ok(self.judged(negated, || v.mark().into_iter().collect())),
            // Whether a field exists cannot be told when its whole record is absent from the case.
            Err(Stop::Missing(m)) if m.absent.is_some() => Err(Stop::Missing(m)),
            Err(Stop::Missing(m)) => Ok(Judged::new(
                negated,
                m.mark().into_iter().map(Trace::from).collect(),
            )),
            Err(clash) => Err(clash),
        }
    }

    fn quantified(
        &mut self,
        q: Quantifier,
        slot: usize,
        source: &'a CExpr,
        body: &'a CExpr,
    ) -> Result<Judged<'a>> {
        let items = elements(self.value(source)?);
        let (mut held, mut failed) = (0usize, 0usize);
        let (mut held_trail, mut failed_trail) = (Vec::new(), Vec::new());
        let mut first_missing = None;
        for item in items {
            self.bind(slot, item);
            match self.truth(body) {
                Ok(j) if j.holds => {
                    held += 1;
                    push_marks(&mut held_trail, j.trail);
                }
                Ok(j) => {
                    failed += 1;
                    push_marks(&mut failed_trail, j.trail);
                }
                Err(Stop::Missing(m)) => {
                    first_missing.get_or_insert(m);
                }
                Err(clash) => return Err(clash),
            }
            if q == Quantifier::Any && held > 0 {
                break;
            }
        }
        // A decided element settles the quantifier even when others lack data; otherwise missing data wins.
        match q {
            Quantifier::All if failed > 0 => Ok(Judged::new(false, failed_trail)),
            Quantifier::Any if held > 0 => Ok(Judged::new(true, held_trail)),
            Quantifier::None if held > 0 => Ok(Judged::new(false, held_trail)),
            _ => match first_missing {
                Some(m) => Err(Stop::Missing(m)),
                None => match q {
                    Quantifier::All => Ok(Judged::new(true, held_trail)),
                    Quantifier::Any | Quantifier::None => {
                        Ok(Judged::new(q == Quantifier::None, failed_trail))
                    }
                },
            },
        }
    }

    /// Counts one step against the case's budget.
    fn step(&mut self) -> Result<()> {
        if self.steps_left == 0 {
            return Err(Stop::Missing(Missing {
                path: "the case".to_owned(),
                reason: Some("the evaluation step budget is spent".to_owned()),
                at: None,
                absent: None,
            }));
        }
        self.steps_left -= 1;
        Ok(())
    }

    /// Binds a slot; out-of-range slots cannot happen for compiled rules, and are ignored if they do.
    pub fn bind(&mut self, slot: usize, value: Ev<'a>) {
        if let Some(s) = self.slots.get_mut(slot) {
            *s = Some(value);
        }
        if let Some(p) = self.pending.get_mut(slot) {
            *p = None;
        }
    }

    /// Marks a slot as bound to missing data.
    pub fn defer(&mut self, slot: usize, missing: Missing) {
        if let Some(s) = self.slots.get_mut(slot) {
            *s = None;
        }
        if let Some(p) = self.pending.get_mut(slot) {
            *p = Some(missing);
        }
    }

    /// Evaluates a value.
    pub fn value(&mut self, e: &'a CExpr) -> Result<Ev<'a>> {
        self.step()?;
        match &e.kind {
            CKind::Const(c) => self.constant(c),
            CKind::AsOf => Ok(Ev::owned(ValueKind::Date(self.as_of))),
            CKind::Path(path) => walk(self, path),
            CKind::Mul(l, r) | CKind::Div(l, r) => {
                let (a, b) = in_one_unit(self.case, self.value(l)?, self.value(r)?);
                Ok(scaled(matches!(e.kind, CKind::Mul(..)), &a, &b))
            }
            CKind::Add(l, r) | CKind::Sub(l, r) => {
                let (a, b) = in_one_unit(self.case, self.value(l)?, self.value(r)?);
                arithmetic(matches!(e.kind, CKind::Add(..)), &a, &b)
            }
            CKind::MeasuredBy(inner, method) => self.measured_by(inner, method),
            CKind::Count(slot, source, filter) => {
                let items = elements(self.value(source)?);
                let mut n = 0usize;
                for item in items {
                    self.bind(*slot, item);
                    let counted = match filter {
                        Some(f) => self.truth(f)?.holds,
                        None => true,
                    };
                    n += usize::from(counted);
                }
                Ok(Ev::owned(ValueKind::Number(n as f64)))
            }
            CKind::First(slot, source, filter) => {
                let source_value = self.value(source)?;
                let at = source_value.at;
                for item in elements(source_value) {
                    self.bind(*slot, item.clone());
                    if self.truth(filter)?.holds {
                        return Ok(item);
                    }
                }
                Err(Stop::Missing(Missing {
                    path: "first ... where ...".to_owned(),
                    reason: Some("no element matches the condition".to_owned()),
                    at,
                    absent: None,
                }))
            }
            CKind::Call(builtin, args) => self.call(*builtin, args),
            CKind::After(text, lexicon) => self.after(text, lexicon),
            _ => self.truth(e).map(|j| Ev::owned(ValueKind::Bool(j.holds))),
        }
    }

    fn constant(&mut self, c: &'a Const) -> Result<Ev<'a>> {
        Ok(Ev::owned(match c {
            Const::Number(n) => ValueKind::Number(*n),
            Const::Text(t) => ValueKind::Text(t.clone()),
            Const::Date(d) => ValueKind::Date(*d),
            Const::Bool(b) => ValueKind::Bool(*b),
            Const::Quantity(q) => {
                ValueKind::Quantity(Box::new(crate::records::document::Measure {
                    quantity: (**q).clone(),
                    unit_span: crate::source::Span::default(),
                }))
            }
            Const::Requirement(r) => {
                ValueKind::Requirement(Box::new(crate::records::document::Req {
                    requirement: (**r).clone(),
                    unit_span: crate::source::Span::default(),
                }))
            }
            Const::List(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    let v = self.value(item)?;
                    values.push(Value {
                        kind: v.val.into_owned(),
                        span: crate::source::Span::default(),
                        file: None,
                    });
                }
                ValueKind::List(values)
            }
        }))
    }

    /// `x.measured measured_by M`: the value counts only if its measurement names method `M`.
    fn measured_by(&mut self, inner: &'a CExpr, method: &str) -> Result<Ev<'a>> {
        let CKind::Path(path) = &inner.kind else {
            return self.value(inner);
        };
        let value = walk(self, path)?;
        let parent = super::path::walk_parent(self, path)?;
        let used = parent.as_ref().and_then(|p| match p.val.as_ref() {
            ValueKind::Map(fields) => {
                let method = crate::records::schema::Schema::bundled()
                    .role_key(crate::records::schema::Role::Method);
                fields.iter().find(|f| f.key == method)
            }
            _ => None,
        });
        match used.map(|f| &f.value.kind) {
            Some(ValueKind::Text(m)) if m == method => Ok(value),
            Some(ValueKind::Text(m)) => Err(Stop::Missing(Missing {
                path: path.text.clone(),
                reason: Some(format!("it was measured by `{m}`, not `{method}`")),
                at: used.zip(value.at).map(|(f, at)| Location {
                    file: at.file,
                    span: f.value.span,
                }),
                absent: None,
            })),
            _ => Err(Stop::Missing(Missing {
                path: path.text.clone(),
                reason: Some(format!(
                    "no method is named for it; the rule needs `{method}`"
                )),
                at: value.at,
                absent: None,
            })),
        }
    }

    fn call(&mut self, builtin: Builtin, args: &'a [CExpr]) -> Result<Ev<'a>> {
        let Some(arg) = args.first() else {
            return Ok(Ev::owned(ValueKind::Null));
        };
        let v = self.value(arg)?;
        let at = v.at;
        let result = match (builtin, v.val.as_ref()) {
            (Builtin::Len, ValueKind::List(items)) => ValueKind::Number(items.len() as f64),
            (Builtin::Len, ValueKind::Map(fields)) => ValueKind::Number(fields.len() as f64),
            (Builtin::Len, ValueKind::Text(t)) => ValueKind::Number(t.chars().count() as f64),
            (Builtin::Abs, ValueKind::Number(n)) => ValueKind::Number(n.abs()),
            // A share computed in floats (`21 / 7`) is rounded to 12 digits first, so a whole number stays whole.
            (Builtin::Floor, ValueKind::Number(n)) => ValueKind::Number(rounded(*n).floor()),
            (Builtin::Ceil, ValueKind::Number(n)) => ValueKind::Number(rounded(*n).ceil()),
            (Builtin::Abs, ValueKind::Quantity(m)) => {
                let mut m = m.clone();
                m.quantity.value = m.quantity.value.abs();
                ValueKind::Quantity(m)
            }
            (Builtin::Days, ValueKind::Quantity(m)) => {
                ValueKind::Number(m.quantity.as_days().unwrap_or(f64::NAN))
            }
            (Builtin::Days, ValueKind::Window(w)) => {
                ValueKind::Number(w.duration.as_days().unwrap_or(f64::NAN))
            }
            (Builtin::Date, ValueKind::Timestamp(t)) => ValueKind::Date(t.date_naive()),
            (Builtin::Date, ValueKind::Date(d)) => ValueKind::Date(*d),
            (Builtin::Lower, ValueKind::Text(t)) => ValueKind::Text(t.to_lowercase()),
            (Builtin::Text, ValueKind::Text(t)) => ValueKind::Text(t.clone()),
            (Builtin::Text, ValueKind::Requirement(r)) => {
                ValueKind::Text(r.requirement.to_string())
            }
            (Builtin::Text, ValueKind::Quantity(m)) => ValueKind::Text(m.quantity.to_string()),
            (Builtin::Text, ValueKind::Number(n)) => ValueKind::Text(super::render::number(*n)),
            (Builtin::Text, ValueKind::Date(d)) => {
                ValueKind::Text(d.format("%Y-%m-%d").to_string())
            }
            (Builtin::Number, ValueKind::Quantity(m)) => ValueKind::Number(m.quantity.value),
            (Builtin::Event, ValueKind::Window(w)) => {
                ValueKind::Text(w.event.unwrap_or("unstated").to_owned())
            }
            (Builtin::Standards, ValueKind::Text(text)) => read_out_of(
                crate::text::standards_named(text)
                    .into_iter()
                    .map(ValueKind::Text),
                at,
            ),
            (Builtin::Bodies, ValueKind::Text(text)) => read_out_of(
                crate::text::bodies_named(text)
                    .into_iter()
                    .map(ValueKind::Text),
                at,
            ),
            (Builtin::Durations, ValueKind::Text(text)) => read_out_of(
                crate::units::durations_stated(text)
                    .into_iter()
                    .map(ValueKind::Number),
                at,
            ),
            (Builtin::Percentages, ValueKind::Text(text)) => read_out_of(
                crate::units::percentages_stated(text)
                    .into_iter()
                    .map(ValueKind::Number),
                at,
            ),
            (Builtin::Conditions, ValueKind::Text(text)) => read_out_of(
                crate::units::conditions_stated(text)
                    .into_iter()
                    .map(|requirement| {
                        ValueKind::Requirement(Box::new(Req {
                            requirement,
                            unit_span: at.map_or(crate::source::Span::at(0), |l| l.span),
                        }))
                    }),
                at,
            ),
            (Builtin::Measures, ValueKind::Quantity(m)) => {
                ValueKind::Text(m.quantity.unit.dimension().to_string())
            }
            (Builtin::Measures, ValueKind::Requirement(r)) => ValueKind::Text(
                r.requirement
                    .dimension()
                    .map_or_else(|| "named".to_owned(), ToString::to_string),
            ),
            (Builtin::Measures, ValueKind::Text(_)) => ValueKind::Text("named".to_owned()),
            (Builtin::Form, ValueKind::Quantity(_)) => ValueKind::Text("numeric".to_owned()),
            (Builtin::Form, ValueKind::Text(text)) => ValueKind::Text(
                if crate::text::names_a_grade(text) || crate::text::labels_a_grade(text) {
                    "grade"
                } else if crate::units::is_half_step(text)
                    || matches!(
                        crate::units::Requirement::parse(text),
                        Ok(crate::units::Requirement::Each { .. })
                    )
                {
                    // `4-5` (a grade's half step) and `50/60 Hz` (a rating label) are compared as numbers.
                    "numeric"
                } else {
                    "named"
                }
                .to_owned(),
            ),
            (Builtin::Form, ValueKind::Requirement(r)) => ValueKind::Text(
                match &r.requirement {
                    crate::units::Requirement::Named(name)
                        if crate::text::names_a_grade(name)
                            || crate::text::labels_a_grade(name) =>
                    {
                        "grade"
                    }
                    crate::units::Requirement::Named(name)
                        if !crate::text::standards_named(name).is_empty() =>
                    {
                        "standard"
                    }
                    crate::units::Requirement::Named(name)
                        if crate::text::names_a_reference(name) =>
                    {
                        "reference"
                    }
                    crate::units::Requirement::Named(name)
                        if crate::units::is_composition(name) =>
                    {
                        "composition"
                    }
                    crate::units::Requirement::Named(name)
                        if crate::text::names_a_material(name) =>
                    {
                        "material"
                    }
                    // A count of described things under a bound (`at least 12 different faces per pallet`) is
                    // the inspector's to count.
                    crate::units::Requirement::Named(name)
                        if crate::units::mentions_quantity(name)
                            || crate::units::has_bound_words(name) =>
                    {
                        "described"
                    }
                    crate::units::Requirement::Named(_) => "named",
                    // A bare value of a measured quantity (`10000 W`) is a nominal rating with no tolerance: what
                    // meets it cannot be decided by comparison. A count (`4 units`) is exact.
                    crate::units::Requirement::Compare {
                        op: crate::units::CompareOp::Eq,
                        bound,
                    } if !bound.unit.dimension().is_count() => "nominal",
                    _ => "numeric",
                }
                .to_owned(),
            ),
            (Builtin::Keys, ValueKind::Map(fields)) => ValueKind::List(
                fields
                    .iter()
                    .map(|f| Value {
                        kind: ValueKind::Text(f.key.clone()),
                        span: f.key_span,
                        file: None,
                    })
                    .collect(),
            ),
            (_, other) => other.clone(),
        };
        // A computed argument (`days(on_board - ship_by)`) passes on the data places it was computed from.
        Ok(Ev {
            via: v.via.clone(),
            val: Cow::Owned(result),
            at,
            label: v.label,
        })
    }

    /// The rest of the sentence after the first phrase of `lexicon` in a text; no value when none is found.
    fn after(&mut self, text: &'a CExpr, lexicon: &Lexicon) -> Result<Ev<'a>> {
        let value = self.value(text)?;
        let ValueKind::Text(t) = value.val.as_ref() else {
            return Ok(Ev::owned(ValueKind::Null));
        };
        let Some(hit) = super::lexicon::find(t, lexicon).into_iter().next() else {
            return Ok(Ev::owned(ValueKind::Null));
        };
        let rest = t.get(hit.end..).unwrap_or("");
        let end = crate::text::sentence_around(rest, 0, 0).1;
        let end = rest
            .get(..end)
            .and_then(|r| r.find([';', '；']))
            .unwrap_or(end);
        let mut ev = Ev::owned(ValueKind::Text(rest.get(..end).unwrap_or(rest).to_owned()));
        ev.via = value.marks();
        Ok(ev)
    }

    fn mentions(&mut self, value: &Ev<'a>, lexicon: &Lexicon) -> Vec<Trace<'a>> {
        let mut trail = Vec::new();
        for (text, ev) in texts(value) {
            let Some(at) = ev.at else {
                continue;
            };
            // Match on the source text of the scalar, so the span is exact even in folded blocks.
            let raw = self
                .sources
                .get(at.file)
                .map(|f| f.slice(at.span))
                .filter(|r| !r.is_empty());
            let haystack = raw.unwrap_or(text.as_str());
            let base = if raw.is_some() { at.span.start } else { 0 };
            let key = (
                std::ptr::from_ref(lexicon).addr(),
                haystack.as_ptr().addr(),
                haystack.len(),
            );
            let hits = match self.found.iter().find(|(k, _)| *k == key) {
                Some((_, hits)) => hits.clone(),
                None => {
                    let hits = if raw.is_some() {
                        super::lexicon::find_in_scalar(haystack, lexicon)
                    } else {
                        super::lexicon::find(haystack, lexicon)
                    };
                    self.found.push((key, hits.clone()));
                    hits
                }
            };
            for hit in hits {
                let entry = lexicon.entries.get(hit.entry);
                let replacement = entry.map_or("", |e| e.replacement.as_str());
                for rule in entry.map_or(&[][..], |e| e.leaves.as_slice()) {
                    if !self.leaves.contains(rule) {
                        self.leaves.push(rule.clone());
                    }
                }
                let phrases = hit
                    .phrases
                    .iter()
                    .map(|&(start, end)| {
                        let phrase = haystack.get(start..end).unwrap_or("").split_whitespace();
                        format!(
                            "`{}`",
                            crate::records::document::short(&phrase.collect::<Vec<_>>().join(" "))
                        )
                    })
                    .collect::<Vec<_>>();
                let verb = if phrases.len() == 1 { "gives" } else { "give" };
                let span = if raw.is_some() {
                    crate::source::Span::new(base + hit.start, base + hit.end)
                } else {
                    at.span
                };
                let at = Location {
                    file: at.file,
                    span,
                };
                // A lexicon of terms names what its phrase was read as; one of vague wording, what to write instead.
                let mark = if lexicon.finds_terms {
                    Trace::Said(Mark {
                        at,
                        label: format!("{} is read as {replacement}", phrases.join(", ")),
                    })
                } else {
                    Trace::Phrase(Mark {
                        at,
                        label: format!(
                            "{} {verb} arbitration nothing to measure; instead: {replacement}",
                            phrases.join(", ")
                        ),
                    })
                };
                push_marks(&mut trail, [mark]);
            }
        }
        trail
    }
}

/// The data places of values that came from the data.
fn marks<'a>(values: &[&Ev<'a>]) -> Vec<Trace<'a>> {
    values.iter().flat_map(|v| v.marks()).collect()
}

/// The elements of a list or the values of a map, each with its own place.
pub(crate) fn elements<'a>(v: Ev<'a>) -> Vec<Ev<'a>> {
    let file = v.at.map(|a| a.file);
    let wrap = |value: &Value, label: Option<&'a str>| {
        (
            value.kind.clone(),
            value.file.or(file).map(|f| Location {
                file: f,
                span: value.span,
            }),
            label,
        )
    };
    match v.val {
        Cow::Borrowed(ValueKind::List(items)) => items.iter().map(|i| borrowed(i, file)).collect(),
        Cow::Borrowed(ValueKind::Map(fields)) => fields
            .iter()
            .map(|f: &Field| borrowed(&f.value, file))
            .collect(),
        Cow::Owned(ValueKind::List(items)) => items
            .iter()
            .map(|i| {
                let (val, at, label) = wrap(i, None);
                Ev {
                    via: Vec::new(),
                    val: Cow::Owned(val),
                    at,
                    label,
                }
            })
            .collect(),
        Cow::Owned(ValueKind::Map(fields)) => fields
            .iter()
            .map(|f| {
                let (val, at, label) = wrap(&f.value, None);
                Ev {
                    via: Vec::new(),
                    val: Cow::Owned(val),
                    at,
                    label,
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn borrowed<'a>(value: &'a Value, file: Option<crate::source::FileId>) -> Ev<'a> {
    Ev {
        via: Vec::new(),
        val: Cow::Borrowed(&value.kind),
        at: value.file.or(file).map(|f| Location {
            file: f,
            span: value.span,
        }),
        label: None,
    }
}

/// The texts inside a value (itself, or the elements of a list), each with its own place.
fn texts<'a>(v: &Ev<'a>) -> Vec<(String, Ev<'a>)> {
    match v.val.as_ref() {
        ValueKind::Text(t) => vec![(t.clone(), v.clone())],
        ValueKind::Requirement(r) => match &r.requirement {
            crate::units::Requirement::Named(t) => vec![(t.clone(), v.clone())],
            _ => Vec::new(),
        },
        ValueKind::List(_) => elements(v.clone())
            .into_iter()
            .filter_map(|e| match e.val.as_ref() {
                ValueKind::Text(t) => Some((t.clone(), e.clone())),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A list of what a function read out of a text (standards, conditions, percentages), each pointing at that text.
fn read_out_of(kinds: impl IntoIterator<Item = ValueKind>, at: Option<Location>) -> ValueKind {
    let span = at.map_or(crate::source::Span::at(0), |l| l.span);
    ValueKind::List(
        kinds
            .into_iter()
            .map(|kind| Value {
                kind,
                span,
                file: at.map(|l| l.file),
            })
            .collect(),
    )
}

/// A number rounded to 12 significant decimals: `floor` and `ceil` of a share computed in floats
/// (`0.3 / 0.1` is `2.9999999999999996`) see the whole number it stands for.
fn rounded(n: f64) -> f64 {
    if n == 0.0 || !n.is_finite() {
        return n;
    }
    format!("{n:.12e}").parse().unwrap_or(n)
}
