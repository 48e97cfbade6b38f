//! A cursor over quantity and requirement text: numbers, operators and unit text, with byte spans
//! relative to the start of the whole input.

use super::error::QuantityError;
use super::unit::Unit;
use crate::source::Span;

/// Text that ends a unit: a range `..` or a tolerance `±` / `+/-`.
const UNIT_STOPS: [&str; 4] = ["..", "±", "+/-", "+-"];

pub(crate) struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Self {
        Scanner { text, pos: 0 }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    pub fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    /// Consumes `token` (after whitespace) if it comes next.
    pub fn eat(&mut self, token: &str) -> bool {
        self.skip_ws();
        let found = self.rest().starts_with(token);
        if found {
            self.pos += token.len();
        }
        found
    }

    /// Whether only whitespace is left.
    pub fn at_end(&self) -> bool {
        self.rest().trim().is_empty()
    }

    /// Fails with `TrailingText` unless only whitespace is left.
    pub fn expect_end(&mut self) -> Result<(), QuantityError> {
        self.skip_ws();
        if self.at_end() {
            return Ok(());
        }
        let text = self.rest().trim_end();
        Err(QuantityError::TrailingText {
            text: text.to_owned(),
            span: Span::new(self.pos, self.pos + text.len()),
        })
    }

    /// Reads a decimal number with optional sign, fraction and exponent: `-0.3`, `.5`, `1e3`.
    pub fn number(&mut self) -> Result<(f64, Span), QuantityError> {
        self.skip_ws();
        let start = self.pos;
        let len = number_length(self.rest());
        let raw = self.rest().get(..len).unwrap_or("");
        let span = Span::new(start, start + len);
        if !raw.chars().any(|c| c.is_ascii_digit()) {
            return Err(QuantityError::MissingNumber {
                span: Span::at(start),
            });
        }
        if comma_follows(self.rest().get(len..).unwrap_or("")) {
            let grouped = len + 1 + digits(self.rest().get(len + 1..).unwrap_or(""));
            let raw = self.rest().get(..grouped).unwrap_or("");
            let span = Span::new(start, start + grouped);
            return Err(bad(
                raw,
                span,
                "write it without thousands separators or decimal commas",
            ));
        }
        self.pos += len;
        let value: f64 = raw
            .replace('−', "-")
            .parse()
            .map_err(|_| bad(raw, span, "not a number"))?;
        if !value.is_finite() {
            return Err(bad(raw, span, "it is too large"));
        }
        Ok((value, span))
    }

    /// Reads unit text up to a range or tolerance marker or the end; `None` if there is none.
    pub fn unit(&mut self) -> Result<Option<(Unit, Span)>, QuantityError> {
        self.skip_ws();
        let rest = self.rest();
        let end = UNIT_STOPS
            .iter()
            .filter_map(|s| rest.find(s))
            .min()
            .unwrap_or(rest.len());
        let raw = rest.get(..end).unwrap_or("").trim_end();
        if raw.is_empty() {
            return Ok(None);
        }
        let span = Span::new(self.pos, self.pos + raw.len());
        let unit = Unit::parse(raw).map_err(|e| QuantityError::from_unit(e, self.pos))?;
        self.pos += raw.len();
        Ok(Some((unit, span)))
    }

    /// Reads a unit that must be present.
    pub fn required_unit(&mut self) -> Result<(Unit, Span), QuantityError> {
        self.unit()?.ok_or(QuantityError::MissingUnit {
            span: Span::at(self.pos),
        })
    }
}

fn bad(raw: &str, span: Span, reason: &'static str) -> QuantityError {
    QuantityError::BadNumber {
        text: raw.to_owned(),
        span,
        reason,
    }
}

/// Whether a comma and a digit follow, as in `1,000` or `1,5`.
fn comma_follows(text: &str) -> bool {
    text.strip_prefix(',')
        .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()))
}

/// Byte length of the number at the start of `text` (0 if none).
fn number_length(text: &str) -> usize {
    let sign = ['-', '+', '−']
        .iter()
        .find(|c| text.starts_with(**c))
        .map_or(0, |c| c.len_utf8());
    let body = text.get(sign..).unwrap_or("");
    let int = digits(body);
    let after_int = body.get(int..).unwrap_or("");
    let frac = match after_int.strip_prefix('.') {
        Some(f) if digits(f) > 0 => 1 + digits(f),
        _ => 0,
    };
    let mantissa = int + frac;
    if mantissa == 0 {
        return sign;
    }
    let after = body.get(mantissa..).unwrap_or("");
    sign + mantissa + exponent_length(after)
}

fn exponent_length(text: &str) -> usize {
    let Some(rest) = text.strip_prefix(['e', 'E']) else {
        return 0;
    };
    let sign = usize::from(rest.starts_with(['-', '+']));
    let n = digits(rest.get(sign..).unwrap_or(""));
    if n == 0 {
        0
    } else {
        1 + sign + n
    }
}

fn digits(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_digit).count()
}
