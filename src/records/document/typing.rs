//! Reads a YAML tree against a record schema: gives typed `Value`s with spans, and every mismatch as a `DataError`.
//! It never stops at the first error, so one run reports all problems of a file.

use chrono::{DateTime, NaiveDate};

use super::error::DataError;
use super::value::{Field, Measure, Req, Value, ValueKind, Window};
use crate::records::schema::{FieldType, Schema};
use crate::records::windows;
use crate::records::yaml::{Node, NodeKind, Scalar, ScalarStyle};
use crate::source::Span;
use crate::units::{Quantity, QuantityError, Requirement, UnitError};

/// Walks one YAML tree, collecting errors.
pub(crate) struct Typer<'s> {
    schema: &'s Schema,
    source: &'s str,
    /// The problems found so far, at most `MAX_ERRORS`.
    pub errors: Vec<DataError>,
    /// Problems found past `MAX_ERRORS`, and where the first of them is.
    dropped: Option<(usize, miette::SourceSpan)>,
    /// Values still to fill in (`FILL IN: example`), in document order.
    pub placeholders: Vec<super::Placeholder>,
}

/// The most problems reported for one file; the rest are counted (`DataError::MoreErrors`).
const MAX_ERRORS: usize = 100;

impl<'s> Typer<'s> {
    pub(crate) fn new(schema: &'s Schema, source: &'s str) -> Self {
        Typer {
            schema,
            source,
            errors: Vec::new(),
            dropped: None,
            placeholders: Vec::new(),
        }
    }

    /// Records a problem, or counts it once `MAX_ERRORS` are recorded.
    fn report(&mut self, error: DataError) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(error);
            return;
        }
        let span = miette::Diagnostic::labels(&error)
            .and_then(|mut labels| labels.next())
            .map_or_else(|| miette::SourceSpan::from(0..0), |l| *l.inner());
        let (count, _) = self.dropped.get_or_insert((0, span));
        *count += 1;
    }

    /// Every problem reported, with the count of those not shown last.
    pub(crate) fn into_errors(mut self) -> Vec<DataError> {
        if let Some((more, span)) = self.dropped {
            self.errors.push(DataError::MoreErrors { more, span });
        }
        self.errors
    }

    /// Types `node` as `ty`; `path` names it in messages (`contract.order.signed`).
    pub(crate) fn value(&mut self, node: &Node, ty: &FieldType, path: &str) -> Value {
        let kind = if node.is_null() {
            ValueKind::Null
        } else {
            self.kind(node, ty, path).unwrap_or(ValueKind::Null)
        };
        Value {
            kind,
            span: node.span,
            file: None,
        }
    }

    fn kind(&mut self, node: &Node, ty: &FieldType, path: &str) -> Option<ValueKind> {
        match (ty, &node.kind) {
            (FieldType::Record(id), NodeKind::Map(entries)) => {
                let flow = self
                    .source
                    .get(node.span.start..)
                    .is_some_and(|t| t.starts_with('{'));
                Some(self.record(*id, entries, path, flow))
            }
            (FieldType::Map(of), NodeKind::Map(entries)) => Some(ValueKind::Map(
                entries
                    .iter()
                    .map(|e| self.field(e.key.clone(), e.key_span, &e.value, of, path))
                    .collect(),
            )),
            (FieldType::List(of), NodeKind::Seq(items)) => Some(ValueKind::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.value(item, of, &format!("{path}[{i}]")))
                    .collect(),
            )),
            (_, NodeKind::Scalar(scalar)) => self.scalar(node, scalar, ty, path),
            // Prose written as a list of lines (`packaging:` then `- 4 sets per 5-ply carton`), as YAML invites: each
            // line is a text with its own place, linted like the prose it is.
            (FieldType::Prose, NodeKind::Seq(items))
                if items.iter().all(|i| matches!(i.kind, NodeKind::Scalar(_))) =>
            {
                Some(ValueKind::List(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| self.value(item, ty, &format!("{path}[{i}]")))
                        .collect(),
                ))
            }
            _ => {
                // A flow mapping (`{ name: Li Wei }`) was written as one on purpose.
                let flow = self
                    .source
                    .get(node.span.start..)
                    .is_some_and(|t| t.starts_with('{'));
                let help = (!flow)
                    .then(|| colon_in_a_line(node, ty))
                    .flatten()
                    .unwrap_or_else(|| {
                        "restructure the value as the schema describes (see docs/case-format.md)"
                            .to_owned()
                    });
                self.wrong_type(node, ty, path, node.kind_name(), &help)
            }
        }
    }

    fn record(
        &mut self,
        id: crate::records::schema::TypeId,
        entries: &[crate::records::yaml::Entry],
        path: &str,
        flow: bool,
    ) -> ValueKind {
        let record = self.schema.record(id);
        let mut fields = Vec::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            let Some(ty) = record.field(&entry.key) else {
                let mut error = unknown_field(record, &entry.key, entry.key_span, path);
                // `{ name: Hongda Co., Ltd., country: CN }`: the comma ended the value and `Ltd.` became a key.
                if let (true, true, Some(before)) = (
                    flow,
                    entry.value.is_null(),
                    i.checked_sub(1).and_then(|j| entries.get(j)),
                ) {
                    if let DataError::UnknownField { help, .. } = &mut error {
                        *help = format!(
                            "inside `{{ ... }}` a comma separates entries, so `{}` was cut short here: quote the value, e.g. `{}: \"{}, {}\"`",
                            before.key,
                            before.key,
                            self.source.get(before.value.span.start..before.value.span.end).unwrap_or(""),
                            entry.key
                        );
                    }
                }
                self.report(error);
                continue;
            };
            let ty = ty.clone();
            fields.push(self.field(entry.key.clone(), entry.key_span, &entry.value, &ty, path));
        }
        ValueKind::Map(fields)
    }

    fn field(
        &mut self,
        key: String,
        key_span: Span,
        node: &Node,
        ty: &FieldType,
        parent: &str,
    ) -> Field {
        let path = format!("{parent}.{key}");
        let value = self.value(node, ty, &path);
        Field {
            key,
            key_span,
            value,
        }
    }

    fn scalar(
        &mut self,
        node: &Node,
        scalar: &Scalar,
        ty: &FieldType,
        path: &str,
    ) -> Option<ValueKind> {
        let text = scalar.value.as_str();
        // A template's value to replace: typed as its example, so the rules read a whole case, and listed, so the
        // report says it is still to fill in.
        if let Some(example) = text.strip_prefix(super::PLACEHOLDER) {
            let example = example.trim();
            self.placeholders.push(super::Placeholder {
                path: path.to_owned(),
                example: example.to_owned(),
                span: node.span,
            });
            let inner = Scalar {
                value: example.to_owned(),
                style: ScalarStyle::Plain,
                tag: None,
            };
            return self.scalar(node, &inner, ty, path);
        }
        let plain = scalar.style == ScalarStyle::Plain;
        // Application tags (`!secret`) would change a value's meaning in ways concord cannot know.
        if let Some(tag) = scalar.tag.as_deref().filter(|t| !t.starts_with("!!")) {
            return self.wrong_type(
                node,
                ty,
                path,
                &format!("a value tagged `{}`", short(tag)),
                "remove the tag: records are plain YAML values",
            );
        }
        match ty {
            FieldType::Text | FieldType::Prose => Some(ValueKind::Text(text.to_owned())),
            FieldType::Lot => Some(ValueKind::Text(crate::text::lot_code(text).to_owned())),
            FieldType::Bool => match (plain, text) {
                (true, "true" | "True" | "TRUE") => Some(ValueKind::Bool(true)),
                (true, "false" | "False" | "FALSE") => Some(ValueKind::Bool(false)),
                _ => self.wrong_type(
                    node,
                    ty,
                    path,
                    &format!("`{}`", short(text)),
                    "write `true` or `false` without quotes",
                ),
            },
            FieldType::Number | FieldType::Integer => self.number(node, text, plain, ty, path),
            FieldType::Enum(words) => {
                if words.iter().any(|w| w == text) {
                    Some(ValueKind::Text(text.to_owned()))
                } else {
                    let help = match crate::text::closest(text, words.iter().map(String::as_str))
                    {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("use one of: {}", words.join(", ")),
                    };
                    self.wrong_type(node, ty, path, &format!("`{}`", short(text)), &help)
                }
            }
            FieldType::Date => self.date(node, text, path),
            FieldType::Timestamp => self.timestamp(node, text, path),
            FieldType::Quantity | FieldType::Duration | FieldType::Amount => self.quantity(node, scalar, ty, path),
            FieldType::Reading if not_a_number(text) => self.bad_quantity(
                path,
                format!("`{}` is not a measured value", short(text)),
                "write the number that was measured and its unit, e.g. `31 cycles/min`; leave the field out if nothing was measured".to_owned(),
                node.span,
            ),
            FieldType::Reading => {
                // A measured range (`200-1000 V`, an MPPT range read off a nameplate) is a named reading:
                // rules judge it by the inspection's own verdict, never by one end of it.
                // Several nominal values read off a rating label (`50/60 Hz`) likewise, and so is a grade's half
                // step written without its scale (`4-5`): it is read in the kind of the requirement it meets.
                let range = matches!(
                    Requirement::parse(text),
                    Ok(Requirement::Range { .. } | Requirement::Each { .. })
                ) || crate::units::is_half_step(text)
                    || (crate::text::is_grade_name(text) && Quantity::parse(text).is_err());
                // A value on a scale named first (`Shore A 62`, `PF 0.95`) is a quantity too.
                let scaled = !starts_numeric(text) && Quantity::parse(text).is_ok();
                // `ΔT = 100 K`: a temperature difference, read in kelvin.
                if let Some(difference) = temperature_difference(text) {
                    let value = Scalar {
                        value: difference.trim_start_matches(['=', ' ']).to_owned(),
                        ..scalar.clone()
                    };
                    if Quantity::parse(&value.value).is_ok() {
                        return self.quantity(node, &value, ty, path);
                    }
                }
                // `2-ply`: a construction, read as written.
                if counted_construction(text) {
                    return Some(ValueKind::Text(text.trim().to_owned()));
                }
                // A value with its test condition after it (`83.6 dB SPL @1m`): the value is what was measured. A
                // value in two units (`95 kg / 209 lbs`) is its first.
                let head = crate::units::first_of_two_units(text).or_else(|| {
                    (starts_numeric(text) && !range && Quantity::parse(text).is_err())
                        .then(|| reading_before_condition(text))
                        .flatten()
                });
                if let Some(head) = head {
                    let value = Scalar {
                        value: head.to_owned(),
                        ..scalar.clone()
                    };
                    return self.quantity(node, &value, ty, path);
                }
                if scaled || (starts_numeric(text) && !range && (!is_description(text) || Quantity::parse(text).is_ok())) {
                    self.quantity(node, scalar, ty, path)
                } else {
                    Some(ValueKind::Text(text.to_owned()))
                }
            }
            FieldType::Requirement => self.requirement(node, scalar, path),
            FieldType::Window => self.window(node, scalar, path),
            FieldType::List(_) | FieldType::Map(_) | FieldType::Record(_) => self.wrong_type(
                node,
                ty,
                path,
                &format!("the text `{}`", short(text)),
                "write the value as the schema describes (see docs/case-format.md)",
            ),
        }
    }

    fn number(
        &mut self,
        node: &Node,
        text: &str,
        plain: bool,
        ty: &FieldType,
        path: &str,
    ) -> Option<ValueKind> {
        let parsed = text.parse::<f64>().ok().filter(|n| n.is_finite() && plain);
        match parsed {
            Some(n) if *ty == FieldType::Integer && n.fract() != 0.0 => {
                self.wrong_type(node, ty, path, &format!("`{text}`"), "write a whole number")
            }
            Some(n) if n.abs() > 1e15 => self.wrong_type(
                node,
                ty,
                path,
                &format!("`{}`", short(text)),
                "the number is too large to be a count or a measure",
            ),
            Some(n) => Some(ValueKind::Number(n)),
            None => self.wrong_type(
                node,
                ty,
                path,
                &format!("`{}`", short(text)),
                "write a plain finite number, without quotes or units",
            ),
        }
    }

    fn date(&mut self, node: &Node, text: &str, path: &str) -> Option<ValueKind> {
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            if text.len() == 10 {
                return Some(ValueKind::Date(date));
            }
        }
        let message = if looks_like_date(text) {
            format!("`{}` is not a date in the calendar", short(text))
        } else {
            format!("`{}` is not a date", short(text))
        };
        self.report(DataError::BadDate {
            path: path.to_owned(),
            message,
            help: "write the date as YYYY-MM-DD, e.g. `2026-03-02`".to_owned(),
            span: node.span.into(),
        });
        None
    }

    fn timestamp(&mut self, node: &Node, text: &str, path: &str) -> Option<ValueKind> {
        if let Ok(ts) = DateTime::parse_from_rfc3339(text) {
            return Some(ValueKind::Timestamp(ts));
        }
        let no_offset = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").is_ok()
            || chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").is_ok();
        let (message, help) = if no_offset {
            (
                format!("the timestamp `{}` has no UTC offset", short(text)),
                "add the offset where the photo or measurement was taken, e.g. `2026-06-20T09:12:00-07:00`; without it the time order against other records cannot be proven",
            )
        } else {
            (
                format!("`{}` is not a timestamp", short(text)),
                "write an ISO 8601 timestamp with offset, e.g. `2026-06-20T09:12:00-07:00`",
            )
        };
        self.report(DataError::BadDate {
            path: path.to_owned(),
            message,
            help: help.to_owned(),
            span: node.span.into(),
        });
        None
    }

    fn quantity(
        &mut self,
        node: &Node,
        scalar: &Scalar,
        ty: &FieldType,
        path: &str,
    ) -> Option<ValueKind> {
        match Quantity::parse_spanned(&scalar.value) {
            Ok((quantity, unit_span)) => {
                if *ty == FieldType::Duration && !quantity.unit.is_time() {
                    let span = self.inner_span(node, scalar, unit_span);
                    return self.bad_quantity(
                        path,
                        format!("`{}` is not a unit of time", quantity.unit.symbol()),
                        "write a duration such as `12 months`, `30 days` or `2 years`".to_owned(),
                        span,
                    );
                }
                let whole = node.span;
                if let Some(days) = quantity
                    .as_days()
                    .filter(|d| d.abs() > crate::units::MAX_DAYS)
                {
                    return self.bad_quantity(
                        path,
                        format!("`{}` ({days:.0} days) is longer than concord can count from a date", short(&scalar.value)),
                        "a duration is at most 1,000,000 days (about 2,700 years): write the period the contract states, e.g. `24 months`".to_owned(),
                        self.inner_span(node, scalar, Span::new(0, scalar.value.len())),
                    );
                }
                if !quantity.value.is_finite() || quantity.value.abs() > 1e15 {
                    return self.bad_quantity(
                        path,
                        format!("`{}` is not a usable number", short(&scalar.value)),
                        "write a finite number of at most 15 digits".to_owned(),
                        whole,
                    );
                }
                if *ty == FieldType::Amount && quantity.value < 0.0 {
                    return self.bad_quantity(
                        path,
                        format!("`{}` is negative", short(&scalar.value)),
                        "a count, size or value is 0 or more".to_owned(),
                        whole,
                    );
                }
                let unit_span = self.inner_span(node, scalar, unit_span);
                Some(ValueKind::Quantity(Box::new(Measure {
                    quantity,
                    unit_span,
                })))
            }
            Err(e) => match on_item_scale(&scalar.value, path)
                .filter(|_| *ty == FieldType::Reading)
                .and_then(|text| Quantity::parse(&text).ok())
            {
                Some(quantity) => Some(ValueKind::Quantity(Box::new(Measure {
                    quantity,
                    unit_span: node.span,
                }))),
                None => self.quantity_error(node, scalar, path, &e),
            },
        }
    }

    fn requirement(&mut self, node: &Node, scalar: &Scalar, path: &str) -> Option<ValueKind> {
        // `ΔT ≥ 120 °C`: a temperature difference, read in kelvin.
        if let Some(requirement) = temperature_difference(&scalar.value)
            .and_then(|text| Requirement::parse(&text).ok())
            .filter(|r| !matches!(r, Requirement::Named(_)))
        {
            return Some(ValueKind::Requirement(Box::new(Req {
                requirement,
                unit_span: node.span,
            })));
        }
        // `>= 120 kg / 265 lbs`: one limit in two units; the slash is no division.
        if let Some(requirement) = crate::units::first_of_two_units(&scalar.value)
            .and_then(|head| Requirement::parse(head).ok())
        {
            return Some(ValueKind::Requirement(Box::new(Req {
                requirement,
                unit_span: node.span,
            })));
        }
        // `2.5 HP (1.84 kW) continuous`: one rating with its conversion in brackets.
        if let Some(requirement) =
            crate::units::without_conversion(&scalar.value).and_then(|text| {
                Requirement::parse(&text)
                    .ok()
                    .filter(|r| !matches!(r, Requirement::Named(_)))
                    .or_else(|| before_condition(&text))
            })
        {
            return Some(ValueKind::Requirement(Box::new(Req {
                requirement,
                unit_span: node.span,
            })));
        }
        // `316L`, `304`, `6061-T6` alone name a grade: never 316 litres.
        if crate::text::is_grade_name(&scalar.value) {
            return Some(ValueKind::Requirement(Box::new(Req {
                requirement: Requirement::Named(scalar.value.trim().to_owned()),
                unit_span: node.span,
            })));
        }
        let parsed = Requirement::parse_spanned(&scalar.value);
        let named = !matches!(&parsed, Ok((r, _)) if !matches!(r, Requirement::Named(_)));
        if let Some((requirement, at, unit_span)) = named.then(|| labelled(&scalar.value)).flatten()
        {
            let unit_span = match unit_span {
                Some(s) => self.inner_span(node, scalar, Span::new(s.start + at, s.end + at)),
                None => node.span,
            };
            return Some(ValueKind::Requirement(Box::new(Req {
                requirement,
                unit_span,
            })));
        }
        match parsed {
            Ok((requirement, unit_span)) => {
                let unit_span = match unit_span {
                    Some(s) => self.inner_span(node, scalar, s),
                    None => node.span,
                };
                Some(ValueKind::Requirement(Box::new(Req {
                    requirement,
                    unit_span,
                })))
            }
            Err(_) if is_description(&scalar.value) => {
                Some(ValueKind::Requirement(Box::new(Req {
                    requirement: Requirement::Named(scalar.value.trim().to_owned()),
                    unit_span: node.span,
                })))
            }
            Err(e) => match on_item_scale(&scalar.value, path)
                .and_then(|text| Requirement::parse(&text).ok())
                .or_else(|| {
                    // `>= 0.42 wet, ANSI A326.3` under `dcof`: the scale after the number, then its condition.
                    on_item_scale_after_number(&scalar.value, path)
                        .and_then(|text| before_condition(&text))
                })
                .or_else(|| first_of_several(&scalar.value))
                .or_else(|| rate_after_tolerance(&scalar.value))
                .or_else(|| {
                    counted_construction(&scalar.value)
                        .then(|| Requirement::Named(scalar.value.trim().to_owned()))
                })
                .or_else(|| before_condition(&scalar.value))
                .or_else(|| asymmetric_change(&scalar.value))
                .or_else(|| counted_parts(&scalar.value))
                .or_else(|| {
                    let plain = without_remarks(&scalar.value)?;
                    Requirement::parse(&plain)
                        .ok()
                        .or_else(|| first_of_several(&plain))
                        .or_else(|| before_condition(&plain))
                }) {
                Some(requirement) => Some(ValueKind::Requirement(Box::new(Req {
                    requirement,
                    unit_span: node.span,
                }))),
                None => self.quantity_error(node, scalar, path, &e),
            },
        }
    }

    /// `[within] LENGTH (after|from|following|of) EVENT`, with the events and number words of `data/windows.tsv`.
    fn window(&mut self, node: &Node, scalar: &Scalar, path: &str) -> Option<ValueKind> {
        let text = scalar.value.as_str();
        let parts = split_window(text);
        let length_span = Span::new(parts.length.0, parts.length.1);
        let length_text = text.get(parts.length.0..parts.length.1).unwrap_or("");
        let length = match window_length(length_text) {
            Ok(length) => length,
            Err((message, help)) => {
                let span = self.inner_span(node, scalar, length_span);
                return self.bad_quantity(path, message, help, span);
            }
        };
        let duration = match Quantity::parse_spanned(&length) {
            Ok((duration, _)) if duration.unit.is_time() => duration,
            Ok(_) => {
                let span = self.inner_span(node, scalar, length_span);
                return self.bad_quantity(
                    path,
                    "a window must be a length of time".to_owned(),
                    "write it as `30 days after confirmed receipt`".to_owned(),
                    span,
                );
            }
            // Spans of the error are relative to the length text: exact when that text was read as written.
            Err(e) if parts.length.0 == 0 && length == length_text => {
                return self.quantity_error(node, scalar, path, &e)
            }
            Err(e) => {
                let span = self.inner_span(node, scalar, length_span);
                return self.bad_quantity(path, e.to_string(), quantity_help(&e), span);
            }
        };
        if let Some(days) = duration
            .as_days()
            .filter(|d| d.abs() > crate::units::MAX_DAYS)
        {
            let span = self.inner_span(node, scalar, length_span);
            return self.bad_quantity(
                path,
                format!("a window of {days:.0} days is longer than concord can count from a date"),
                "a window is at most 1,000,000 days (about 2,700 years): write the window the contract states, e.g. `30 days after confirmed receipt`".to_owned(),
                span,
            );
        }
        let Some((start, end)) = parts.anchor else {
            return Some(ValueKind::Window(Box::new(Window {
                duration,
                anchor: None,
                event: None,
            })));
        };
        let anchor = text.get(start..end).unwrap_or("").trim().to_owned();
        match windows::vocabulary().event(&anchor) {
            Some(event) => Some(ValueKind::Window(Box::new(Window {
                duration,
                anchor: Some(anchor),
                event: Some(event),
            }))),
            None => {
                let span = self.inner_span(node, scalar, Span::new(start, end));
                self.bad_quantity(
                    path,
                    format!("concord cannot tell which event `{anchor}` is, so it cannot count the window from it"),
                    "name the event the window counts from: confirmed receipt, delivery, arrival or shipment (every phrase concord reads is in data/windows.tsv)".to_owned(),
                    span,
                )
            }
        }
    }

    fn quantity_error(
        &mut self,
        node: &Node,
        scalar: &Scalar,
        path: &str,
        error: &QuantityError,
    ) -> Option<ValueKind> {
        let span = self.inner_span(node, scalar, error.span());
        let mut help = quantity_help(error);
        if let QuantityError::BadNumber { reason, .. } = error {
            if reason.contains("may be one too") {
                help.push_str(&self.where_decimal_comma());
            }
        }
        self.bad_quantity(path, error.to_string(), help, span)
    }

    /// `; the decimal comma is at line 7, column 31 (`1,75`)`: where the record writes the decimal comma that makes a
    /// single thousands group ambiguous.
    fn where_decimal_comma(&self) -> String {
        let Some(at) = crate::units::decimal_comma_at(self.source) else {
            return String::new();
        };
        let before = self.source.get(..at).unwrap_or("");
        let (line, column) = crate::source::line_col(self.source, at);
        let start = before
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        let rest = self.source.get(at + 1..).unwrap_or("");
        let end = at
            + 1
            + rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
        let written = self.source.get(start..end).unwrap_or(",");
        format!("; the record's decimal comma is at line {line}, column {column} (`{written}`)")
    }

    fn bad_quantity(
        &mut self,
        path: &str,
        message: String,
        help: String,
        span: Span,
    ) -> Option<ValueKind> {
        self.report(DataError::BadQuantity {
            path: path.to_owned(),
            message,
            help,
            span: span.into(),
        });
        None
    }

    fn wrong_type(
        &mut self,
        node: &Node,
        ty: &FieldType,
        path: &str,
        found: &str,
        help: &str,
    ) -> Option<ValueKind> {
        self.report(DataError::WrongType {
            path: path.to_owned(),
            expected: ty.describe(self.schema),
            found: found.to_owned(),
            help: help.to_owned(),
            span: node.span.into(),
        });
        None
    }

    /// Maps a span inside a scalar's value to the file, when the value stands verbatim in the source.
    fn inner_span(&self, node: &Node, scalar: &Scalar, inner: Span) -> Span {
        inner_span(self.source, node.span, scalar, inner)
    }
}

/// Maps a span inside a scalar's value to a span in the file; falls back to the whole node.
pub(crate) fn inner_span(source: &str, node: Span, scalar: &Scalar, inner: Span) -> Span {
    let raw = source.get(node.start..node.end).unwrap_or("");
    let offset = match scalar.style {
        ScalarStyle::Plain if raw == scalar.value => Some(0),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
            if raw.len() >= 2 && raw.get(1..raw.len() - 1) == Some(scalar.value.as_str()) =>
        {
            Some(1)
        }
        _ => None,
    };
    match offset {
        Some(o) if inner.end <= scalar.value.len() => inner.shift(node.start + o),
        _ => node,
    }
}

fn unknown_field(
    record: &crate::records::schema::RecordType,
    key: &str,
    span: Span,
    path: &str,
) -> DataError {
    let help = match record.suggest(key) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("known fields here: {}", record.field_list()),
    };
    DataError::UnknownField {
        field: short(key),
        record: format!("`{path}`"),
        help,
        span: span.into(),
    }
}

/// A named requirement or reading that happens to start with a number, such as `100% cotton canvas` or
/// `304 stainless steel`: no comparison or tolerance sign, and at least two words after the number.
/// A single unknown word (`50 cyclez/min`) stays a unit error, so typos in units are still caught.
/// A bare number on an item that names a unitless scale (`power_factor: { requirement: ">= 0.9" }`, then
/// `measured: 0.97`), written on that scale: the item's name says which scale, as a spec sheet's column header
/// does. Any other bare number stays an error, so a forgotten unit is never taken for a ratio.
fn on_item_scale(text: &str, path: &str) -> Option<String> {
    let item = path.rsplit('.').nth(1)?;
    let symbol = crate::units::scale_named(item)?;
    Some(format!("{} {symbol}", text.trim()))
}

/// Like `on_item_scale`, with the scale's symbol right after the first number (`>= 0.42 μ wet, ANSI A326.3`), so
/// that words after the number read as the test's condition.
fn on_item_scale_after_number(text: &str, path: &str) -> Option<String> {
    let item = path.rsplit('.').nth(1)?;
    let symbol = crate::units::scale_named(item)?;
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let end = text[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map_or(text.len(), |e| start + e);
    Some(format!("{} {symbol}{}", &text[..end], &text[end..]))
}

/// A requirement written as several parts, as rating labels and fabric specs write them (`220 V ± 10 %, 60 Hz,
/// single phase`; `100 % polyester velvet, 280 g/m2 ± 5 %`): compared by its first part, which must read as a
/// requirement or name a material; the other parts stay in the text for the reader.
fn first_of_several(text: &str) -> Option<Requirement> {
    // Two limits joined by `and` (`PF ≥ 0.95 and THD ≤ 15 % at 240 V`) are parts as a comma's are, when a comparison
    // follows the `and`: `between 5 and 10 mm` is one range.
    let joined = || {
        text.split_once(" and ")
            .filter(|(_, rest)| rest.contains(['≥', '≤', '<', '>', '=']))
    };
    let (first, rest) = text.split_once([',', ';']).or_else(joined)?;
    let (first, rest) = (first.trim(), rest.trim());
    if first.is_empty() || rest.is_empty() {
        return None;
    }
    if is_description(first) {
        return Some(Requirement::Named(text.trim().to_owned()));
    }
    // Several requirements, each for its own test (`>= 4 washing, >= 3-4 wet rubbing`): the inspection's result per
    // item decides, as for any named requirement.
    let compared = |t: &str| t.trim_start().starts_with(['<', '>', '≤', '≥', '=']);
    if compared(first) && compared(rest) && Requirement::parse(first).is_err() {
        return Some(Requirement::Named(text.trim().to_owned()));
    }
    Requirement::parse(first).ok()
}

/// The text without the remarks in brackets that a spec sheet writes after a value (`grade >= 4 (change and
/// staining), ISO 105-C06`): a bracket after white space that holds a letter. A unit's own bracket (`dB(A)`) stands
/// against its word and stays. `None` when there is no such remark.
fn without_remarks(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut removed = false;
    while let Some(open) = rest.find(" (") {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inside = &rest[open + 2..close];
        out.push_str(&rest[..open]);
        if inside.chars().any(char::is_alphabetic) && !inside.contains('(') {
            removed = true;
        } else {
            out.push_str(&rest[open..=close]);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    removed.then_some(out)
}

/// A requirement written after the name or symbol of what it measures, as spec sheets and lab reports head a value:
/// a label ending in a colon (`Hardness: 55-60 HRC`, `硬度 Hardness: HRC 55±3`), a few words before a comparison sign
/// (`Polarizing efficiency ≥ 95 %`), or one symbol before the number (`τv 8-18 %`, `Ni ≥ 8µm`, `Pb 90 ppm max`). The
/// rest must read by itself as a requirement with a unit; a label that hedges, bounds or negates (`approx.`,
/// `max`, `not`) is no label. Returns the requirement, the byte offset of the rest and the rest's unit span.
fn labelled(text: &str) -> Option<(Requirement, usize, Option<Span>)> {
    const NOT_A_LABEL: [&str; 20] = [
        "not", "no", "non", "never", "without", "less", "more", "than", "up", "to", "under",
        "over", "below", "above", "within", "only", "at", "least", "most", "per",
    ];
    let start = text.find(|c: char| !c.is_whitespace())?;
    let at = text.find(|c: char| {
        c.is_ascii_digit() || matches!(c, '<' | '>' | '=' | '≥' | '≤' | '±' | '+')
    })?;
    // A colon ends the label, even where a scale's name follows it (`Hardness: HRC 55±3`).
    let at = match text
        .get(..at)?
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, ':' | '：'))
    {
        Some((c, colon)) => c + colon.len_utf8(),
        None => at,
    };
    let label = text.get(start..at)?.trim_end();
    let rest = text.get(at..)?;
    let colon = label.ends_with([':', '：']);
    let compared = !rest.starts_with(|c: char| c.is_ascii_digit());
    let words: Vec<&str> = label
        .trim_end_matches([':', '：'])
        .split_whitespace()
        .collect();
    let is_word = |w: &&str| {
        w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '(' | ')' | '/' | '.'))
            && w.chars().any(char::is_alphabetic)
    };
    let symbol = |w: &str| {
        crate::text::is_element_symbol(w)
            || (w.chars().count() <= 3 && w.chars().all(char::is_alphabetic) && !w.is_ascii())
    };
    let shaped = match words.as_slice() {
        [] => false,
        _ if colon => words.len() <= 6,
        _ if compared => words.len() <= 4,
        [only] => symbol(only),
        _ => false,
    };
    let plain = |w: &&str| {
        let lower = w.to_lowercase();
        !NOT_A_LABEL.contains(&lower.as_str()) && !crate::text::is_hedge_word(w)
    };
    if !shaped
        || !words.iter().all(|w| is_word(w) && plain(w))
        || crate::units::bound_word_before_number(text)
    {
        return None;
    }
    // After a label that a colon or a comparison closes, the rest may carry its test condition (`FAD: 10.2 m³/min ±
    // 5 % @ 8 bar(e)`); after a bare symbol it must read whole (`Ø52 mm overflow hole at 390 mm ± 3 mm` describes a
    // part, and is no 52 mm requirement).
    let (requirement, unit_span) = match Requirement::parse_spanned(rest) {
        Ok((requirement, span)) if requirement.unit().is_some() => (requirement, span),
        _ if colon || compared => (before_condition(rest)?, None),
        _ => return None,
    };
    requirement.unit()?;
    Some((requirement, at, unit_span))
}

/// A rate whose `per` is written after its tolerance (`0.2 cc ±0.02 per stroke`, `0.2 cc ± 0.02 cc per stroke`), as
/// dosing-pump and filler specs write it: the nominal and the tolerance are both per that thing (`0.2 cc/stroke ±
/// 0.02 cc/stroke`), so a reading of `0.16 cc per stroke` compares with it.
fn rate_after_tolerance(text: &str) -> Option<Requirement> {
    let (head, thing) = text.trim().rsplit_once(" per ")?;
    if !thing.chars().all(char::is_alphabetic) || thing.is_empty() {
        return None;
    }
    let sign = ["±", "+/-", "+-"].iter().find_map(|sign| head.find(sign))?;
    let (nominal, tolerance) = (head.get(..sign)?.trim(), head.get(sign..)?.trim());
    let bare = tolerance
        .trim_start_matches(['±', '+', '/', '-'])
        .trim()
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.');
    let rewritten = if bare {
        format!("{nominal} per {thing} {tolerance}")
    } else {
        format!("{nominal} per {thing} {tolerance} per {thing}")
    };
    Requirement::parse(&rewritten)
        .ok()
        .filter(|r| !matches!(r, Requirement::Named(_)))
}

/// A requirement followed by its test condition (`>= 65 °C after 6 h from a 95 °C start`, `>= 25 kg top load per
/// box`): read up to the first word of `data/conditions.tsv` that follows a requirement which reads by itself.
fn before_condition(text: &str) -> Option<Requirement> {
    read_before_condition(text, Cuts::Requirement, |head| {
        // Only a head that reads as a quantity requirement: any text parses as a name, and `at least 95% of
        // tiles per ISO 10545-2` must not be read as the name `at`.
        Requirement::parse(head)
            .ok()
            .filter(|r| !matches!(r, Requirement::Named(_)))
    })
}

/// The text after a word of `data/differences.tsv` (`ΔT ≥ 120 °C`), its degrees Celsius written as kelvin: a
/// difference of one degree Celsius is one kelvin. `None` without such a word, or for a difference in °F.
fn temperature_difference(text: &str) -> Option<String> {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let words = WORDS
        .get_or_init(|| crate::text::data_words(include_str!("../../../data/differences.tsv")));
    let text = text.trim();
    let rest = words.iter().find_map(|word| {
        let head = text.get(..word.len())?;
        let rest = text.get(word.len()..)?;
        (head.eq_ignore_ascii_case(word) && rest.starts_with([' ', '=', ':', '≥', '≤', '>', '<']))
            .then_some(rest)
    })?;
    let rest = rest.trim_start().trim_start_matches(':').trim_start();
    if rest.contains(['℉']) || rest.contains("°F") || rest.contains("degF") {
        return None;
    }
    Some(
        rest.replace("°C", "K")
            .replace('℃', "K")
            .replace("degC", "K"),
    )
}

/// A measured value followed by its test condition (`83.6 dB SPL @1m`, `412 N at 23 °C`, `17420 mAh after 3
/// cycles`): the quantity up to the condition. Only a condition word or `@` ends a reading: a plain word after it may
/// say what was found (`2 pcs broken glass` stays a description, judged by the inspection's verdict).
fn reading_before_condition(text: &str) -> Option<&str> {
    read_before_condition(text, Cuts::Reading, |head| {
        Quantity::parse(head).is_ok().then_some(head)
    })
}

/// Which words may end the value read before a condition.
#[derive(Clone, Copy, PartialEq)]
enum Cuts {
    /// Condition words, a material, `per` a standard, the property's name, the unit spelt out, a further rating.
    Requirement,
    /// Condition words and `@` only.
    Reading,
}

/// `read` applied to the text before the first word that opens a condition (`data/conditions.tsv`, `@1m`) or, for a
/// requirement, another part of it (`Cuts::Requirement`), where that head reads.
fn read_before_condition<'t, T>(
    text: &'t str,
    cuts: Cuts,
    read: impl Fn(&'t str) -> Option<T>,
) -> Option<T> {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let words =
        WORDS.get_or_init(|| crate::text::data_words(include_str!("../../../data/conditions.tsv")));
    let tokens: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|t| (t.as_ptr() as usize - text.as_ptr() as usize, t))
        .collect();
    tokens
        .iter()
        .enumerate()
        .skip(1)
        .find_map(|(i, &(at, token))| {
            // The word may end its clause (`>= 0.42 wet, per ANSI A326.3`).
            let word = token.trim_end_matches([',', ';', ':']);
            let listed = words.iter().any(|w| w.eq_ignore_ascii_case(word))
                // `@1m`, `@ 25 °C`: the place or condition of the test.
                || (token.starts_with('@') && token.len() < 40);
            let opens =
                listed || (cuts == Cuts::Requirement && opens_another_part(text, &tokens, i));
            if !opens {
                return None;
            }
            read(text.get(..at)?.trim())
        })
}

/// Whether token `i` of a requirement opens something other than its value: a material (`>= 780 g PS`), `per` a
/// standard (`>= 150 N per ISO 13935-2`), the property's name (`<= 10 s sinking time`), the unit spelt out (`5%
/// percent flicker`) or a further rating written without a comma (`415 V ± 10 % 3-phase 50 Hz`).
fn opens_another_part(text: &str, tokens: &[(usize, &str)], i: usize) -> bool {
    let Some(&(at, token)) = tokens.get(i) else {
        return false;
    };
    let Some(&(_, before)) = i.checked_sub(1).and_then(|b| tokens.get(b)) else {
        return false;
    };
    // A material after the unit says what was weighed or moulded (`>= 780 g PS`, `>= 12 g of PP`).
    let material = token.len() > 1
        && (crate::text::names_a_material(token) || crate::text::is_element_symbol(token));
    // `per` before a standard reads "according to" (`>= 150 N per ISO 13935-2`), not a division.
    let per_standard = token.eq_ignore_ascii_case("per")
        && tokens.get(i + 1).is_some_and(|&(_, next)| {
            let rest = text.get(at + token.len()..).unwrap_or("").trim_start();
            crate::text::standards_named(rest.get(..rest.len().min(40)).unwrap_or(rest))
                .first()
                .and_then(|s| s.split_whitespace().next())
                .is_some_and(|prefix| next.eq_ignore_ascii_case(prefix))
        });
    material
        || per_standard
        || names_the_property(before, token)
        || repeats_the_unit(before, token)
        || counted_rating(token)
}

/// A rating of its own written after a value without a comma: a number joined to a plain word (`3-phase`, `4-pole`,
/// `2-wire`), as rating plates write them (`415 V ± 10 % 3-phase 50 Hz`).
fn counted_rating(token: &str) -> bool {
    token.split_once('-').is_some_and(|(number, word)| {
        !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) && is_plain_word(word)
    })
}

/// Whether `word`, after a number with its unit, starts the name of what was measured (`<= 10 s sinking time`,
/// `<= 5% length and width after 3 washes`): a word of letters that is no unit and cannot continue one. After a bare
/// number it never does, so a misspelt unit (`0.5 mmm`) stays an error.
fn names_the_property(before: &str, word: &str) -> bool {
    const CONTINUES_A_UNIT: [&str; 6] = ["per", "a", "an", "each", "every", "square"];
    let unit_before = before
        .chars()
        .any(|c| c.is_alphabetic() || matches!(c, '%' | '°' | '′' | '″' | '²' | '³'));
    // The word may end its clause (`<= 150 kW installed, 380 V`) or be hyphenated (`<= 3 mm out-of-round`).
    let word = word.trim_end_matches([',', ';', ':']);
    unit_before
        && is_plain_word(word)
        && !CONTINUES_A_UNIT
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word))
}

/// A word of three letters or more (hyphens allowed) that is no unit: it names or describes, it does not measure.
fn is_plain_word(word: &str) -> bool {
    word.chars().count() >= 3
        && word.starts_with(char::is_alphabetic)
        && word.chars().all(|c| c.is_alphabetic() || c == '-')
        && crate::units::Quantity::parse(&format!("1 {word}")).is_err()
}

/// The help for a line of text that YAML read as a key and a value (`- Heating evenness (cake test): no uncooked
/// area`): a colon followed by a space inside an unquoted line starts a mapping.
fn colon_in_a_line(node: &Node, ty: &FieldType) -> Option<String> {
    let NodeKind::Map(entries) = &node.kind else {
        return None;
    };
    let [entry] = entries.as_slice() else {
        return None;
    };
    let text_expected = matches!(
        ty,
        FieldType::Text
            | FieldType::Prose
            | FieldType::Lot
            | FieldType::Requirement
            | FieldType::Reading
    );
    (text_expected && matches!(entry.value.kind, NodeKind::Scalar(_))).then(|| {
        // The key's last words show where the colon is; a long key is cut to them.
        let words: Vec<&str> = entry.key.split_whitespace().collect();
        let shown = words[words.len().saturating_sub(4)..].join(" ");
        let cut = shown.char_indices().rev().nth(39).map_or(0, |(i, _)| i);
        let shown = &shown[cut..];
        format!(
            "the `: ` after `{}` makes YAML read the line as a key and a value; put the whole line in quotes",
            crate::text::visible(shown, false)
        )
    })
}

/// A change allowed above and below, written with its signs and no nominal (`+0.5% / -0.3% of diagonal`, a tile's
/// flatness per ISO 10545-2): the range between the two (`-0.3% to +0.5%`). Words after `of` say what the change is
/// a part of; a measured change (`0.4%`) compares with the range.
fn asymmetric_change(text: &str) -> Option<Requirement> {
    let body = text
        .split_once(" of ")
        .map_or(text, |(body, _)| body)
        .trim();
    let minus = |t: &str| t.starts_with(crate::units::MINUS_SIGNS);
    let slash = body.char_indices().find(|&(i, c)| {
        c == '/'
            && body.get(i + 1..).is_some_and(|r| {
                let r = r.trim_start();
                r.starts_with('+') || minus(r)
            })
    })?;
    let (first, second) = (body[..slash.0].trim(), body[slash.0 + 1..].trim());
    let (plus, below) = match (first.starts_with('+'), minus(second)) {
        (true, true) => (first, second),
        _ if minus(first) && second.starts_with('+') => (second, first),
        _ => return None,
    };
    Requirement::parse(&format!("{below} to {plus}")).ok()
}

/// Parts counted and then measured (`2 self-fabric handles 700 mm ± 10 mm long, 30 mm ± 2 mm wide`), or a count of
/// described things under a bound (`at least 12 different inkjet faces per pallet`): a whole number, words that are
/// no unit, then a quantity or, after a bound, nothing more. The description is the inspector's to count and measure,
/// as any named requirement; a number followed by one unknown word and nothing measured (`50 cyclez/min`) stays a
/// unit error.
fn counted_parts(text: &str) -> Option<Requirement> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| w.chars().all(|c| c.is_ascii_digit()))?;
    let bounded = at > 0 && crate::units::has_bound_words(text);
    if at > 0 && !bounded {
        return None;
    }
    let first = words.get(at + 1)?;
    let rest = words.get(at + 2..).unwrap_or_default().join(" ");
    // Under a bound, two words at least say what is counted: `at least 12 cyclez` stays a unit error.
    let counted = bounded && words.len() >= at + 3;
    (is_plain_word(first) && (counted || crate::units::mentions_quantity(&rest)))
        .then(|| Requirement::Named(text.trim().to_owned()))
}

/// Whether `word` spells out the unit the number before it was written with (`<= 5% percent flicker`): the word adds
/// nothing to the value, and what follows it names the property.
fn repeats_the_unit(before: &str, word: &str) -> bool {
    let symbol = before.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ','));
    // The same unit by another name: one dimension and one exact factor and offset (`%` and `percent`).
    let unit_of = |text: &str| {
        crate::units::Quantity::parse(&format!("1 {text}"))
            .ok()
            .map(|q| q.unit)
    };
    let same = |a: &crate::units::Unit, b: &crate::units::Unit| {
        a.dimension() == b.dimension()
            && a.exact_factor() == b.exact_factor()
            && a.exact_offset() == b.exact_offset()
    };
    !symbol.is_empty()
        && word.chars().all(char::is_alphabetic)
        && unit_of(symbol)
            .is_some_and(|unit| unit_of(word).is_some_and(|other| same(&unit, &other)))
}

/// A test repeated a number of times, as test plans write it (`3 × 300 cycles`, `5 x 10 s`): a description of the
/// test, judged by the inspection's verdict, never 3 times a quantity.
fn repeats_a_test(text: &str) -> bool {
    let Some((times, rest)) = text.split_once(['×', 'x', '*']) else {
        return false;
    };
    let times = times.trim();
    !times.is_empty()
        && times.chars().all(|c| c.is_ascii_digit())
        && rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
        && Quantity::parse(rest.trim()).is_ok()
}

/// A count joined to a word by a hyphen, as product names write it (`2-ply`, `3-layer`, `4-wire`): a description of
/// the construction, named and judged as written (a count unit after the hyphen, `200-sheets`, is no such word).
fn counted_construction(text: &str) -> bool {
    let Some((number, word)) = text.trim().split_once('-') else {
        return false;
    };
    !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) && is_plain_word(word)
}

/// A regulation cited with its title number first, as US federal regulations are (`16 CFR 1632/1633`, `21 CFR
/// 177.1520`): a number, then a standard of `data/standards.tsv` named from the next word.
fn cites_titled_standard(text: &str) -> bool {
    let text = text.trim_start();
    let Some((title, rest)) = text.split_once(char::is_whitespace) else {
        return false;
    };
    let prefix = rest.split_whitespace().next().unwrap_or("");
    title.chars().all(|c| c.is_ascii_digit())
        && crate::text::standards_named(rest)
            .first()
            .and_then(|s| s.split_whitespace().next())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

fn is_description(text: &str) -> bool {
    // A blend with the tolerance on its shares names a material, whatever sign its tolerance takes; a size of two or
    // three dimensions (`500 mm x 120 mm ± 2 mm`) describes the part, and each dimension is the inspector's to measure.
    if crate::units::is_composition_with_tolerance(text)
        || crate::units::is_size(text)
        || cites_titled_standard(text)
        || repeats_a_test(text)
    {
        return true;
    }
    // A size with a bound (`max 760 x 350 mm`, `<= 600 × 400 mm`) is a size all the same: each dimension is the
    // inspector's to measure against it.
    if crate::units::without_bound(text).is_some_and(crate::units::is_size) {
        return true;
    }
    // A comparison, a range, a tolerance (`+/-`, `+2/-1`) or a bound word (`0.5 mmm max`) is a requirement that
    // must read, never a description.
    let plus_number = text.match_indices('+').any(|(i, _)| {
        text.get(i + 1..)
            .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()))
    });
    if text.contains(['<', '>', '=', '±', '≤', '≥'])
        || text.contains("..")
        || text.contains("+/-")
        || plus_number
        || crate::units::has_bound_words(text)
    {
        return false;
    }
    // A material grade (`45# steel`, `42CrMo4`, `6061-T6`) or a composition (`100% cotton`, `95% cotton 5%
    // elastane`) names a material, whatever digits it starts with.
    if crate::text::names_a_grade(text) || crate::units::is_composition(text) {
        return true;
    }
    let rest = text.trim_start().trim_start_matches(|c: char| {
        c.is_ascii_digit() || c == '.' || c == '+' || crate::units::MINUS_SIGNS.contains(&c)
    });
    // `1e400 cycles/min` is a number in scientific notation, not a description.
    let mut after = rest.chars();
    if matches!(after.next(), Some('e' | 'E'))
        && after
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '+')
    {
        return false;
    }
    let rest = rest.trim_start().trim_start_matches('%');
    rest.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
        >= 2
}

/// `NaN kW`, `inf dB(A)`, or a unit with no number: words that look like a measurement but carry none.
fn not_a_number(text: &str) -> bool {
    let trimmed = text.trim();
    // The common case, a number first, is settled without looking a unit up.
    if starts_numeric(trimmed) {
        return false;
    }
    let first = trimmed
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        first.trim_start_matches(['+', '-']),
        "nan" | ".nan" | "inf" | ".inf" | "infinity"
    ) || (!trimmed.is_empty()
        && !trimmed.contains(char::is_whitespace)
        && crate::units::Unit::parse(trimmed).is_ok())
}

fn starts_numeric(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| {
        matches!(c, '+' | '±' | ' ') || crate::units::MINUS_SIGNS.contains(&c)
    });
    let t = t.strip_prefix('.').unwrap_or(t);
    t.starts_with(|c: char| c.is_ascii_digit())
}

fn looks_like_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10 && b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-')
}

/// Cuts user text for messages so a hostile file cannot flood the terminal.
pub(crate) fn short(text: &str) -> String {
    const MAX: usize = 60;
    let capped = match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    };
    // Shown on terminals: a value's control characters are written visibly, never obeyed.
    crate::text::visible(&capped, false).into_owned()
}

/// What to do about a quantity that cannot be read.
fn quantity_help(error: &QuantityError) -> String {
    match error {
        QuantityError::Unit(unit @ (UnitError::Unknown { .. } | UnitError::Malformed { .. })) => {
            match unit.suggestion() {
                Some(s) => format!("did you mean `{s}`? units are listed in docs/units.md"),
                None => "use a unit from docs/units.md, e.g. `cycles/min`, `kW`, `dB(A)`, `mm`".to_owned(),
            }
        }
        QuantityError::MissingUnit { .. } => {
            "add the unit after the number, e.g. `50 cycles/min`; counts need their thing, e.g. `4 units`".to_owned()
        }
        QuantityError::ReversedRange { .. } => "write the low end first, e.g. `48..52 cycles/min`".to_owned(),
        QuantityError::BadNumber { text, reason, .. } if reason.contains("may be one too") => format!(
            "write `{}` if the comma separates thousands, or `{}` if it is a decimal comma (docs/units.md, Numbers)",
            text.replace(',', ""),
            text.replace(',', ".")
        ),
        QuantityError::BadNumber { text, .. } if text.matches(',').count() == 1 => format!(
            "write the number with a decimal point, `{}` (a decimal comma is not read: docs/units.md, Numbers)",
            text.replace(',', ".")
        ),
        QuantityError::BadNumber { .. } => {
            "write a finite number of at most 15 significant digits, without thousands separators".to_owned()
        }
        QuantityError::PercentWithoutNominal { .. } => {
            "give the nominal value before the percentage, e.g. `300 mg ± 3%`".to_owned()
        }
        _ => "write a number and a unit (`50 cycles/min`) or a requirement (`>= 50 cycles/min`, `48..52 mm`, `120 mm ± 0.5 mm`)".to_owned(),
    }
}

/// Where a window's length and its event are in the text (byte ranges).
struct WindowParts {
    length: (usize, usize),
    anchor: Option<(usize, usize)>,
}

fn split_window(text: &str) -> WindowParts {
    if let Some(parts) = split_chinese_window(text) {
        return parts;
    }
    // ASCII lower case keeps byte offsets.
    let lower = text.to_ascii_lowercase();
    let start = lower.len() - lower.trim_start().len();
    let start = if lower[start..].starts_with("within ") {
        start + 7
    } else {
        start
    };
    let separator = [" after ", " from ", " following ", " of "]
        .iter()
        .filter_map(|s| lower.get(start..)?.find(s).map(|i| (start + i, s.len())))
        .min();
    match separator {
        Some((at, len)) => WindowParts {
            length: (start, at),
            anchor: Some((at + len, text.len())),
        },
        None => WindowParts {
            length: (start, text.len()),
            anchor: None,
        },
    }
}

/// A window written in Chinese, the event first: `确认收货后30天内`, `自到货之日起30天内` (EVENT 后|起 LENGTH [内]).
fn split_chinese_window(text: &str) -> Option<WindowParts> {
    let (at, mark) = ["之日起", "后", "起"]
        .iter()
        .filter_map(|m| text.find(m).map(|i| (i, *m)))
        .min()?;
    let head = text.get(..at)?;
    let anchor_start = ["自", "从"]
        .iter()
        .find_map(|p| {
            head.trim_start()
                .strip_prefix(p)
                .map(|_| head.len() - head.trim_start().len() + p.len())
        })
        .unwrap_or(head.len() - head.trim_start().len());
    let tail = text.get(at + mark.len()..)?;
    let tail_end = ["以内", "之内", "内"]
        .iter()
        .find_map(|s| tail.trim_end().strip_suffix(s))
        .map_or(tail.trim_end().len(), str::len);
    let length = (at + mark.len(), at + mark.len() + tail_end);
    let starts_with_digit = text
        .get(length.0..length.1)?
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit());
    (starts_with_digit && anchor_start < at).then_some(WindowParts {
        length,
        anchor: Some((anchor_start, at)),
    })
}

/// The length of a window as a quantity text: number words as digits, `(30)` and `calendar` dropped.
/// Working or business days (`data/windows.tsv`, kind `day`) are refused: counting them needs the parties' holiday
/// calendar.
fn window_length(text: &str) -> Result<String, (String, String)> {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !(w.starts_with('(') && w.ends_with(')')))
        .filter(|w| !w.eq_ignore_ascii_case("calendar"))
        .collect();
    let vocabulary = windows::vocabulary();
    if words.iter().any(|w| vocabulary.is_working_day_word(w)) {
        return Err((
            format!("a window of `{}` cannot be counted without the parties' holiday calendar", text.trim()),
            "ask for the window in calendar days (`30 calendar days after delivery`); concord counts calendar days".to_owned(),
        ));
    }
    for n in (1..=words.len().min(4)).rev() {
        if let Some(digits) = vocabulary.number(&words[..n].join(" ")) {
            let rest = words[n..].join(" ");
            return Ok(format!("{digits} {rest}"));
        }
    }
    Ok(words.join(" "))
}
