//! Renders values for messages and labels the way a person would write them in a record.

use crate::records::document::ValueKind;

/// The most characters of one value in a message; longer values end in `…`.
const MAX_VALUE_CHARS: usize = 200;

/// A value as text: `31 cycles/min`, `2026-06-20`, `pass`; at most 200 characters, control characters visible.
pub(crate) fn value(v: &ValueKind) -> String {
    let text = unbounded(v);
    let capped = match text.char_indices().nth(MAX_VALUE_CHARS) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    };
    crate::text::visible(&capped, false).into_owned()
}

fn unbounded(v: &ValueKind) -> String {
    match v {
        ValueKind::Null => "empty".to_owned(),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Number(n) => number(*n),
        ValueKind::Text(t) => format!("`{}`", crate::records::document::short(t)),
        ValueKind::Date(d) => d.format("%Y-%m-%d").to_string(),
        ValueKind::Timestamp(t) => t.to_rfc3339(),
        ValueKind::Quantity(m) => m.quantity.to_string(),
        ValueKind::Requirement(r) => format!("`{}`", r.requirement),
        ValueKind::Window(w) => match &w.anchor {
            Some(anchor) => format!("{} after {anchor}", w.duration),
            None => w.duration.to_string(),
        },
        ValueKind::List(items)
            if !items.is_empty()
                && items.len() <= 6
                && items.iter().all(|i| is_scalar(&i.kind)) =>
        {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(|i| value(&i.kind))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        ValueKind::List(items) => format!("a list of {}", items.len()),
        ValueKind::Map(fields) => format!("a mapping of {} entries", fields.len()),
    }
}

fn is_scalar(v: &ValueKind) -> bool {
    !matches!(v, ValueKind::List(_) | ValueKind::Map(_))
}

/// A value as it reads inside a sentence, without code quotes.
pub(crate) fn plain(v: &ValueKind) -> String {
    match v {
        ValueKind::Text(t) => crate::records::document::short(t),
        ValueKind::Requirement(r) => {
            let text = r.requirement.to_string();
            let capped = match text.char_indices().nth(MAX_VALUE_CHARS) {
                Some((i, _)) => format!("{}…", &text[..i]),
                None => text,
            };
            crate::text::visible(&capped, false).into_owned()
        }
        other => value(other),
    }
}

/// A number without a trailing `.0`.
pub(crate) fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}
