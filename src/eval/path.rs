//! Walks a compiled path through a case's records, borrowing the values it finds.
//! When a step finds nothing, the result is `Missing`, pointing at the key under which the data should be.

use std::borrow::Cow;

use super::expr::Evaluator;
use super::value::{Ev, Missing, Stop};
use crate::compile::ir::{CPath, CStep, Root};
use crate::records::document::{Value, ValueKind};
use crate::source::{FileId, Location, Span};

type Result<T> = std::result::Result<T, Stop>;

/// The value a path leads to.
pub(crate) fn walk<'a>(ev: &mut Evaluator<'a>, path: &'a CPath) -> Result<Ev<'a>> {
    let mut found = walk_steps(ev, path, path.steps.len())?;
    if found.label.is_none() {
        found.label = Some(path.text.as_str());
    }
    Ok(found)
}

/// The value one step before the end of a path (the measurement that holds a `measured`).
pub(crate) fn walk_parent<'a>(ev: &mut Evaluator<'a>, path: &'a CPath) -> Result<Option<Ev<'a>>> {
    match path.steps.len() {
        0 => Ok(None),
        n => walk_steps(ev, path, n - 1).map(Some),
    }
}

fn start<'a>(ev: &Evaluator<'a>, path: &'a CPath) -> Result<Ev<'a>> {
    match path.root {
        Root::Var(slot) => ev.slots.get(slot).cloned().flatten().ok_or_else(|| {
            let deferred = ev.pending.get(slot).cloned().flatten();
            Stop::Missing(deferred.unwrap_or_else(|| Missing {
                path: path.text.clone(),
                reason: None,
                at: None,
                absent: None,
            }))
        }),
        Root::Table(index) => match ev.tables.get(index) {
            Some(table) => Ok(Ev {
                via: Vec::new(),
                val: Cow::Borrowed(&table.rows.kind),
                at: Some(Location {
                    file: table.file,
                    span: table.rows.span,
                }),
                label: None,
            }),
            None => Err(Stop::Missing(Missing {
                path: path.text.clone(),
                reason: None,
                at: None,
                absent: None,
            })),
        },
        Root::Record(record) => match ev.case.get(record) {
            Some(doc) => Ok(Ev {
                via: Vec::new(),
                val: Cow::Borrowed(&doc.root.kind),
                at: Some(Location {
                    file: doc.file,
                    span: first_key_span(&doc.root),
                }),
                label: None,
            }),
            None => Err(Stop::Missing(Missing {
                path: path.text.clone(),
                reason: Some(format!("the case has no {}", record.file_name())),
                at: None,
                absent: Some(record),
            })),
        },
    }
}

fn first_key_span(root: &Value) -> Span {
    match &root.kind {
        ValueKind::Map(fields) => fields.first().map_or(Span::at(0), |f| f.key_span),
        _ => Span::at(root.span.start),
    }
}

fn walk_steps<'a>(ev: &mut Evaluator<'a>, path: &'a CPath, n: usize) -> Result<Ev<'a>> {
    let mut current = start(ev, path)?;
    let file = current.at.map(|a| a.file);
    // Where missing data should have been: the key of the innermost mapping reached so far.
    let mut key_at = current.at;
    for (i, step) in path.steps.iter().take(n).enumerate() {
        let missing = |at: Option<Location>| {
            Stop::Missing(Missing {
                path: path.text.clone(),
                reason: None,
                at,
                absent: None,
            })
        };
        current = match step {
            CStep::Field(name) => {
                // A mapping reached without a key (a bound item) is pointed at by its first key, not as a whole.
                let at = if key_at == current.at {
                    first_key(&current, file).or(key_at)
                } else {
                    key_at
                };
                let (found, key) = field(&current, name, file).ok_or_else(|| missing(at))?;
                key_at = key.or(key_at);
                found
            }
            CStep::Index(index) => {
                let key = ev.value(index)?;
                let found = match key.val.as_ref() {
                    ValueKind::Text(k) => field(&current, k, file),
                    ValueKind::Number(i) => element(&current, *i, file).map(|e| (e, None)),
                    _ => None,
                };
                let (found, key) = found.ok_or_else(|| missing(key_at))?;
                key_at = key.or(found.at);
                found
            }
            CStep::Wildcard => return Ok(lifted(current, path, i + 1, n, file)),
        };
        if matches!(current.val.as_ref(), ValueKind::Null) {
            return Err(missing(key_at));
        }
    }
    Ok(current)
}

/// After `[*]`: applies the remaining field steps to every element, keeping those that have the field.
fn lifted<'a>(
    current: Ev<'a>,
    path: &'a CPath,
    from: usize,
    to: usize,
    file: Option<FileId>,
) -> Ev<'a> {
    let mut values: Vec<Value> = Vec::new();
    for item in super::expr::elements(current.clone()) {
        let mut cur = Some(item);
        for step in path.steps.iter().take(to).skip(from) {
            cur = match (cur, step) {
                (Some(c), CStep::Field(name)) => field(&c, name, file).map(|(found, _)| found),
                _ => None,
            };
        }
        if let Some(c) = cur.filter(|c| !matches!(c.val.as_ref(), ValueKind::Null)) {
            values.push(Value {
                span: c.at.map_or(Span::default(), |a| a.span),
                file: c.at.map(|a| a.file),
                kind: c.val.into_owned(),
            });
        }
    }
    Ev {
        via: Vec::new(),
        val: Cow::Owned(ValueKind::List(values)),
        at: current.at,
        label: Some(path.text.as_str()),
    }
}

fn first_key(current: &Ev<'_>, file: Option<FileId>) -> Option<Location> {
    match current.val.as_ref() {
        ValueKind::Map(fields) => fields.first().zip(file).map(|(f, file)| Location {
            file,
            span: f.key_span,
        }),
        _ => None,
    }
}

/// The field's value and the location of its key.
fn field<'a>(
    current: &Ev<'a>,
    name: &str,
    file: Option<FileId>,
) -> Option<(Ev<'a>, Option<Location>)> {
    let at = |span: Span| file.map(|f| Location { file: f, span });
    let (val, f) = match &current.val {
        Cow::Borrowed(ValueKind::Map(fields)) => {
            let f = fields.iter().find(|f| f.key == name)?;
            (Cow::Borrowed(&f.value.kind), f)
        }
        Cow::Owned(ValueKind::Map(fields)) => {
            let f = fields.iter().find(|f| f.key == name)?;
            (Cow::Owned(f.value.kind.clone()), f)
        }
        _ => return None,
    };
    let found = Ev {
        via: Vec::new(),
        val,
        at: at(f.value.span).map(|l| key_or_value(l, f)),
        label: None,
    };
    Some((found, at(f.key_span)))
}

/// Empty values have no span of their own worth pointing at: use their key instead.
fn key_or_value(at: Location, field: &crate::records::document::Field) -> Location {
    if field.value.is_null() || at.span.is_empty() {
        Location {
            file: at.file,
            span: field.key_span,
        }
    } else {
        at
    }
}

fn element<'a>(current: &Ev<'a>, index: f64, file: Option<FileId>) -> Option<Ev<'a>> {
    if index < 0.0 || index.fract() != 0.0 {
        return None;
    }
    let i = index as usize;
    let item = match &current.val {
        Cow::Borrowed(ValueKind::List(items)) => items
            .get(i)
            .map(|v| (Cow::Borrowed(&v.kind), v.span, v.file)),
        Cow::Owned(ValueKind::List(items)) => items
            .get(i)
            .map(|v| (Cow::Owned(v.kind.clone()), v.span, v.file)),
        _ => None,
    }?;
    Some(Ev {
        via: Vec::new(),
        val: item.0,
        at: item.2.or(file).map(|f| Location {
            file: f,
            span: item.1,
        }),
        label: None,
    })
}
