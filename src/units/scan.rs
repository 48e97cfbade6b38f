//! A cursor over quantity and requirement text: numbers, operators and unit text, with byte spans
//! relative to the start of the whole input.

use super::error::QuantityError;
use super::exact;
use super::table::table;
use super::thousands;
use super::unit::Unit;
use crate::source::Span;

/// Text that ends a unit: a range `..` or ` to `, a tolerance `±`, `+/-` or `+2/-1`.
const UNIT_STOPS: [&str; 4] = ["..", "±", "+", " to "];

/// Tildes that join the two ends of a range (`-3%~+1%`, `-3％～+1％`, `220〜240 V`).
const RANGE_TILDES: [char; 3] = ['~', '～', '〜'];

/// Where a tilde joining a range starts in unit text: one followed by a number, signed or not (`%～+1％`), so the
/// unit of the lower end stops there; a tilde in a unit (`V~`) is not followed by one.
fn range_tilde(rest: &str) -> Option<usize> {
    rest.char_indices().find_map(|(i, c)| {
        if !RANGE_TILDES.contains(&c) {
            return None;
        }
        let after = rest.get(i + c.len_utf8()..)?.trim_start();
        let after = after
            .strip_prefix(|c: char| c == '+' || MINUS_SIGNS.contains(&c))
            .unwrap_or(after);
        after.starts_with(|c: char| c.is_ascii_digit()).then_some(i)
    })
}

/// The signs read as a minus where a number is expected: the hyphen-minus, the minus sign U+2212, the en dash
/// U+2013, the figure dash U+2012, the small hyphen-minus U+FE63 and the fullwidth hyphen-minus U+FF0D, as word
/// processors and spreadsheets turn a typed `-` into them.
pub const MINUS_SIGNS: [char; 6] = [
    '-', '\u{2212}', '\u{2013}', '\u{2012}', '\u{FE63}', '\u{FF0D}',
];

/// Numbers of up to this many significant digits always read back exactly as written.
const MAX_DIGITS: usize = 15;

#[derive(Clone)]
pub(crate) struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    /// The unit named before the number (`grade >= 4`, `Shore A 60 ± 5`), used where no unit follows it.
    default_unit: Option<(Unit, Span)>,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Self {
        Scanner {
            text,
            pos: 0,
            default_unit: None,
        }
    }

    /// Reads a scale's name at the start (`grade`, `Shore A`, `PF`) when a number or comparison follows it; the
    /// name then stands for the unit wherever none is written. Returns whether one was read.
    pub fn scale_prefix(&mut self) -> bool {
        self.skip_ws();
        let rest = self.rest();
        // The common case, a number or a comparison first, is settled without looking anything up.
        if !rest.starts_with(char::is_alphabetic) {
            return false;
        }
        let words: Vec<(usize, &str)> = rest
            .split_whitespace()
            .take(3)
            .map(|w| (w.as_ptr() as usize - rest.as_ptr() as usize, w))
            .collect();
        for n in (1..=2).rev() {
            let Some(&(last_at, last)) = words.get(n - 1) else {
                continue;
            };
            let end = last_at + last.len();
            let name = rest.get(..end).unwrap_or("");
            let after = rest.get(end..).unwrap_or("").trim_start();
            let follows = after.starts_with(|c: char| {
                c.is_ascii_digit()
                    || matches!(c, '<' | '>' | '=' | '≥' | '≤' | '±' | '+' | '.')
                    || MINUS_SIGNS.contains(&c)
            });
            if !follows {
                continue;
            }
            let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
            if let Some((spelling, def)) = table().find(&compact) {
                if def.dimension.is_scale() {
                    let unit = Unit::from_def(spelling.to_owned(), def);
                    self.default_unit = Some((unit, Span::new(self.pos, self.pos + end)));
                    self.pos += end;
                    return true;
                }
            }
        }
        false
    }

    /// Reads a currency written before its amount (`USD 30,000.00`, `US$4,440`, `€ 870`), as invoices and claims
    /// write it; the currency then stands for the unit. Returns whether one was read.
    pub fn currency_prefix(&mut self) -> bool {
        self.skip_ws();
        let rest = self.rest();
        if rest.starts_with(|c: char| c.is_ascii_digit() || c.is_whitespace()) {
            return false;
        }
        let end = rest
            .find(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest.get(..end).unwrap_or("");
        let after = rest.get(end..).unwrap_or("").trim_start();
        if name.is_empty() || !after.starts_with(|c: char| c.is_ascii_digit()) {
            return false;
        }
        match table().find(name) {
            Some((spelling, def)) if def.dimension.is_currency() => {
                let unit = Unit::from_def(spelling.to_owned(), def);
                self.default_unit = Some((unit, Span::new(self.pos, self.pos + end)));
                self.pos += end;
                true
            }
            _ => false,
        }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The same scanner over the text up to byte `end` only (a trailing bound word cut off).
    pub fn truncated(&self, end: usize) -> Scanner<'a> {
        Scanner {
            text: self.text.get(..end).unwrap_or(self.text),
            pos: self.pos.min(end),
            default_unit: self.default_unit.clone(),
        }
    }

    /// Moves forward to byte `pos` (never back).
    pub fn advance_to(&mut self, pos: usize) {
        self.pos = self.pos.max(pos.min(self.text.len()));
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
            // Point at the word found instead (`four`), or at the place where the number belongs.
            let word = self.rest().split(char::is_whitespace).next().unwrap_or("");
            return Err(QuantityError::MissingNumber {
                span: Span::new(start, start + word.len()),
            });
        }
        if comma_follows(self.rest().get(len..).unwrap_or("")) {
            if let Some(read) = self.grouped_number(start) {
                return read;
            }
            let grouped = len + 1 + digits(self.rest().get(len + 1..).unwrap_or(""));
            let raw = self.rest().get(..grouped).unwrap_or("");
            let span = Span::new(start, start + grouped);
            let reason = if thousands::read_grouped(self.rest()).is_some() {
                "the record writes a decimal comma elsewhere, so this comma may be one too"
            } else {
                "write it without thousands separators or decimal commas"
            };
            return Err(bad(raw, span, reason));
        }
        let ascii: String = raw
            .chars()
            .map(|c| if MINUS_SIGNS.contains(&c) { '-' } else { c })
            .collect();
        let value: f64 = ascii.parse().map_err(|_| bad(raw, span, "not a number"))?;
        // Up to 15 significant digits a decimal always reads back as written; past that, only if the float
        // holds it exactly. `49.9999999999999999` would become 50 and pass `>= 50`: it is refused instead.
        if significant_digits(raw) > MAX_DIGITS
            && value.is_finite()
            && exact::parse_decimal(&ascii) != exact::of_f64(value)
        {
            return Err(bad(
                raw,
                span,
                "it has more significant digits than concord compares exactly (write at most 15)",
            ));
        }
        self.pos += len;
        if !value.is_finite() {
            return Err(bad(raw, span, "it is too large"));
        }
        Ok((value, span))
    }

    /// A number written with thousands separators (`10,000`, `1,250,000`, `1,234.5`), when it cannot be a decimal
    /// comma: several groups, or a decimal point after the group, always; one group (`10,000`) only where the
    /// record writes no decimal comma anywhere (`thousands::with_separators`). `None` leaves it refused.
    fn grouped_number(&mut self, start: usize) -> Option<Result<(f64, Span), QuantityError>> {
        let rest = self.rest();
        let (digits_only, len, groups, fraction) = thousands::read_grouped(rest)?;
        if groups == 1 && !fraction && !thousands::separators_allowed() {
            return None;
        }
        let raw = rest.get(..len).unwrap_or("");
        let span = Span::new(start, start + len);
        let value: f64 = match digits_only.parse() {
            Ok(v) => v,
            Err(_) => return Some(Err(bad(raw, span, "not a number"))),
        };
        if significant_digits(&digits_only) > MAX_DIGITS {
            return Some(Err(bad(
                raw,
                span,
                "it has more significant digits than concord compares exactly (write at most 15)",
            )));
        }
        self.pos += len;
        Some(Ok((value, span)))
    }

    /// `4-5` or `3/4` on a grade scale: the half step between two neighbouring grades (4.5, 3.5), as grey-scale
    /// colour-fastness results are written. Only before a scale unit (written after it, or named before the
    /// number), and only when the second grade is the next one; otherwise nothing is read.
    pub fn half_step(&mut self, first: (f64, Span)) -> Option<(f64, Span)> {
        let rest = self.rest();
        let after = rest.strip_prefix(['-', '/', '–'])?;
        if !after.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let mut probe = self.clone();
        probe.pos += rest.len() - after.len();
        let second = probe.number().ok()?;
        let end = probe.pos();
        let (unit, _) = probe.unit().ok()??;
        if !unit.dimension().is_scale() || second.0 != first.0 + 1.0 {
            return None;
        }
        self.pos = end;
        Some(((first.0 + second.0) / 2.0, Span::new(first.1.start, end)))
    }

    /// Reads unit text up to a range or tolerance marker or the end; `None` if there is none.
    pub fn unit(&mut self) -> Result<Option<(Unit, Span)>, QuantityError> {
        self.skip_ws();
        let rest = self.rest();
        let end = UNIT_STOPS
            .iter()
            .filter_map(|s| rest.find(s))
            .chain(range_tilde(rest))
            .min()
            .unwrap_or(rest.len());
        // `12 +0.5 -0 mm`: a minus after a space and before a digit starts a number, not a unit.
        let end = rest
            .get(..end)
            .unwrap_or("")
            .char_indices()
            .find(|(i, c)| {
                c.is_whitespace()
                    && rest.get(i + c.len_utf8()..).is_some_and(|after| {
                        let mut chars = after.chars();
                        chars.next().is_some_and(|m| MINUS_SIGNS.contains(&m))
                            && chars.next().is_some_and(|d| d.is_ascii_digit())
                    })
            })
            .map_or(end, |(i, _)| i);
        let raw = rest.get(..end).unwrap_or("").trim_end();
        if raw.is_empty() {
            return Ok(self.default_unit.clone());
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

/// Significant digits of a written number: `0.000123` has 3, `1200` has 2, `49.99999999999` has 13.
fn significant_digits(raw: &str) -> usize {
    let mantissa = raw.split(['e', 'E']).next().unwrap_or("");
    let digits = || mantissa.bytes().filter(u8::is_ascii_digit);
    let leading = digits().take_while(|d| *d == b'0').count();
    let trailing = digits().rev().take_while(|d| *d == b'0').count();
    digits().count().saturating_sub(leading + trailing)
}

/// Byte length of the number at the start of `text` (0 if none).
fn number_length(text: &str) -> usize {
    let sign = std::iter::once('+')
        .chain(MINUS_SIGNS)
        .find(|c| text.starts_with(*c))
        .map_or(0, char::len_utf8);
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
