//! Reads requirement text into a `Requirement` plus the span of its unit: comparisons, ranges,
//! tolerances, deviations, and names for text that does not look numeric.

use super::error::QuantityError;
use super::exact;
use super::quantity::Quantity;
use super::requirement::{CompareOp, Requirement, Tolerance};
use super::scan::{Scanner, MINUS_SIGNS};
use super::unit::Unit;
use crate::source::Span;

type Parsed = Result<(Requirement, Option<Span>), QuantityError>;

const OPERATORS: [(&str, CompareOp); 8] = [
    (">=", CompareOp::Ge),
    ("≥", CompareOp::Ge),
    ("<=", CompareOp::Le),
    ("≤", CompareOp::Le),
    ("==", CompareOp::Eq),
    ("=", CompareOp::Eq),
    (">", CompareOp::Gt),
    ("<", CompareOp::Lt),
];

const PLUS_MINUS: [&str; 3] = ["±", "+/-", "+-"];

/// Parses a whole requirement text.
pub(crate) fn parse_requirement(text: &str) -> Parsed {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(QuantityError::Empty {
            span: Span::new(0, text.len()),
        });
    }
    let mut s = Scanner::new(text);
    // `grade >= 4`, `Shore A 60 ± 5`, `PF >= 0.9`: a scale named first. A comparison after it must read;
    // `Grade 304 stainless steel` is a name.
    if s.scale_prefix() {
        let compared = OPERATORS
            .iter()
            .any(|(t, _)| s.rest().trim_start().starts_with(t));
        return match scaled(&mut s) {
            Err(_) if !compared => Ok((Requirement::Named(trimmed.to_owned()), None)),
            parsed => parsed,
        };
    }
    if let Some(op) = OPERATORS.iter().find(|(t, _)| s.eat(t)).map(|(_, op)| *op) {
        return compare(&mut s, op);
    }
    if let Some(parsed) = worded_bound(text) {
        return parsed;
    }
    if eat_plus_minus(&mut s) {
        return deviation(&mut s);
    }
    if looks_numeric(trimmed) {
        return numeric(&mut s);
    }
    Ok((Requirement::Named(trimmed.to_owned()), None))
}

/// `5% max`, `max. 0.5 mm`, `min 50 N`, `at least 2 MΩ` (`data/bounds.tsv`): a bound when the rest is a quantity
/// with a unit; otherwise `None`, and the text is read as it would be without the word.
fn worded_bound(text: &str) -> Option<Parsed> {
    let lower = text.to_lowercase();
    // Lower-casing keeps byte offsets only for ASCII; other text is left to the other forms.
    if lower.len() != text.len() {
        return None;
    }
    for (word, prefix, op) in bound_words() {
        if *prefix {
            let Some(rest) = lower.trim_start().strip_prefix(word.as_str()) else {
                continue;
            };
            if !rest.starts_with([' ', '\t']) && !word.ends_with('.') {
                continue;
            }
            let start = text.len() - rest.len();
            let mut s = Scanner::new(text);
            s.eat(text.get(..start).unwrap_or(""));
            match compare(&mut s, *op) {
                Ok(parsed) => return Some(Ok(parsed)),
                // `max. 0.5 mmm`: a bound whose unit does not read is refused at the unit.
                Err(e @ QuantityError::Unit(_)) => return Some(Err(e)),
                Err(_) => {}
            }
        } else {
            let trimmed = lower.trim_end();
            let Some(head) = trimmed.strip_suffix(word.as_str()) else {
                continue;
            };
            if !head.ends_with([' ', '\t']) {
                continue;
            }
            let head_text = text.get(..head.len()).unwrap_or("");
            let mut s = Scanner::new(head_text);
            match compare(&mut s, *op) {
                Ok(parsed) => return Some(Ok(parsed)),
                // `0.5 mmm max`: refused at `mmm`; `3.5 min` (no unit before the word) is read without it.
                Err(e @ QuantityError::Unit(_)) => return Some(Err(e)),
                Err(_) => {}
            }
        }
    }
    None
}

/// The text after its bound, a comparison sign (`<= 760 x 350 mm`) or a word of `data/bounds.tsv` before or after
/// the rest (`max 760 x 350 mm`, `760 x 350 mm max`); `None` when the text states no bound.
pub fn without_bound(text: &str) -> Option<&str> {
    let trimmed = text.trim();
    if let Some((sign, _)) = OPERATORS.iter().find(|(t, _)| trimmed.starts_with(t)) {
        return trimmed.get(sign.len()..).map(str::trim);
    }
    let lower = trimmed.to_lowercase();
    if lower.len() != trimmed.len() {
        return None;
    }
    bound_words().iter().find_map(|(word, prefix, _)| {
        if *prefix {
            let rest = lower.strip_prefix(word.as_str())?;
            (rest.starts_with([' ', '\t']) || word.ends_with('.'))
                .then(|| trimmed.get(word.len()..))
                .flatten()
                .map(str::trim)
        } else {
            let head = lower.strip_suffix(word.as_str())?;
            head.ends_with([' ', '\t'])
                .then(|| trimmed.get(..head.len()))
                .flatten()
                .map(str::trim)
        }
    })
}

/// The bound words of `data/bounds.tsv`: (word, is a prefix, comparison).
fn bound_words() -> &'static [(String, bool, CompareOp)] {
    static WORDS: std::sync::OnceLock<Vec<(String, bool, CompareOp)>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../../data/bounds.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("word\t"))
            .filter_map(|l| {
                let mut cells = l.split('\t');
                let (word, position, op) = (cells.next()?, cells.next()?, cells.next()?);
                let op = OPERATORS.iter().find(|(t, _)| *t == op)?.1;
                Some((word.to_owned(), position == "prefix", op))
            })
            .collect()
    })
}

/// Whether `text` starts or ends with a bound word of `data/bounds.tsv` next to a number (`0.5 mmm max`,
/// `max. 0.5 mmm`), whether or not the rest reads: such text is a comparison, never a name.
pub fn has_bound_words(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let numeric = |t: &str| {
        t.trim()
            .starts_with(|c: char| c.is_ascii_digit() || c == '.' || MINUS_SIGNS.contains(&c))
    };
    bound_words().iter().any(|(word, prefix, _)| {
        if *prefix {
            lower
                .strip_prefix(word.as_str())
                .is_some_and(|rest| (rest.starts_with(' ') || word.ends_with('.')) && numeric(rest))
        } else {
            lower
                .strip_suffix(word.as_str())
                .is_some_and(|head| head.ends_with(' ') && numeric(&lower))
        }
    })
}

/// Whether a prefix bound word of `data/bounds.tsv` stands as a word anywhere in `text` with a number after it
/// (`gross weight about 1,280 kg, not to exceed 1,350 kg`).
pub fn bound_word_before_number(text: &str) -> bool {
    let lower = text.to_lowercase();
    bound_words()
        .iter()
        .filter(|(_, prefix, _)| *prefix)
        .any(|(word, _, _)| {
            lower.match_indices(word.as_str()).any(|(i, w)| {
                // Chinese has no word spaces: its bound words start anywhere.
                let starts_word = word.starts_with(crate::text::is_cjk)
                    || !lower[..i].ends_with(|c: char| c.is_alphanumeric());
                let rest = &lower[i + w.len()..];
                // A Chinese bound word is written against its number (`不超过2支`).
                let joined = word.ends_with('.') || word.ends_with(crate::text::is_cjk);
                starts_word
                    && (rest.starts_with(' ') || joined)
                    && rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
            })
        })
}

/// Whether `text` is a quantity followed by a bound word (`5% max`), for telling bounds from compositions.
pub fn has_bound_word(text: &str) -> bool {
    matches!(worded_bound(text), Some(Ok(_)))
}

/// The rest of a requirement whose scale was named first: `>= 4`, `3-4 min` (a minimum grade, never minutes),
/// `60 ± 5`. A unit written after the number is the requirement's own (`Ra <= 0.8 µm`).
fn scaled(s: &mut Scanner<'_>) -> Parsed {
    // `μ = 0.35–0.45`, `PF = 0.95 ± 0.02`: an equals sign after a scale's name introduces its value, which may be a
    // range or a tolerance.
    if s.rest().trim_start().starts_with('=') && !s.rest().trim_start().starts_with("==") {
        let mut value = s.clone();
        value.eat("=");
        if let Ok(parsed) = numeric(&mut value) {
            *s = value;
            return Ok(parsed);
        }
    }
    let parsed = if let Some(op) = OPERATORS.iter().find(|(t, _)| s.eat(t)).map(|(_, op)| *op) {
        compare(s, op)
    } else if eat_plus_minus(s) {
        deviation(s)
    } else if let Some(parsed) = scaled_worded(s) {
        parsed
    } else {
        numeric(s)
    }?;
    // A unit of its own after the number makes the name a label: `Ra <= 0.8 µm` is a surface roughness.
    Ok(parsed)
}

/// `3-4 min`, `4 or more` after a scale's name: the suffix bound words of `data/bounds.tsv`.
fn scaled_worded(s: &mut Scanner<'_>) -> Option<Parsed> {
    let rest = s.rest();
    let lower = rest.to_lowercase();
    if lower.len() != rest.len() {
        return None;
    }
    let trimmed = lower.trim_end();
    bound_words()
        .iter()
        .filter(|(_, prefix, _)| !prefix)
        .find_map(|(word, _, op)| {
            let head = trimmed.strip_suffix(word.as_str())?;
            if !head.ends_with([' ', '\t']) {
                return None;
            }
            let mut sub = s.truncated(s.pos() + head.len());
            let parsed = compare(&mut sub, *op).ok()?;
            s.advance_to(s.pos() + rest.len());
            Some(Ok(parsed))
        })
}

fn eat_plus_minus(s: &mut Scanner<'_>) -> bool {
    PLUS_MINUS.iter().any(|t| s.eat(t))
}

fn looks_numeric(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() || c == '+' || MINUS_SIGNS.contains(&c) => true,
        Some('.') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

fn compare(s: &mut Scanner<'_>, op: CompareOp) -> Parsed {
    let (bound, span) = Quantity::scan(s)?;
    s.expect_end()?;
    Ok((Requirement::Compare { op, bound }, Some(span)))
}

fn deviation(s: &mut Scanner<'_>) -> Parsed {
    let (value, number_span) = tolerance_number(s)?;
    // `±3%` alone is a limit on a change written in percent (shrinkage, dimensional stability): a measured
    // `-2.1%` meets it. A measured length or mass does not, and is reported as a unit clash, never read as 3% of it.
    let (unit, span) = s.required_unit()?;
    s.expect_end()?;
    let tolerance = Quantity::checked(value, unit, number_span)?;
    Ok((Requirement::Deviation { tolerance }, Some(span)))
}

/// `220-240 V`, `220–240 V`, `220~240 V`, `-3％～+1％` are ranges as suppliers write them. Only a mark directly followed by a
/// digit counts, so signs and units are left alone.
fn eat_range_mark(s: &mut Scanner<'_>) -> bool {
    let rest = s.rest();
    let trimmed = rest.trim_start();
    for mark in ['-', '–', '—', '~', '～', '〜'] {
        if let Some(after) = trimmed.strip_prefix(mark) {
            // After a tilde the upper end may carry its sign (`-3%~+1%`); after a dash it may not.
            let after = after.trim_start();
            let after = if matches!(mark, '~' | '～' | '〜') {
                after
                    .strip_prefix(|c: char| c == '+' || super::MINUS_SIGNS.contains(&c))
                    .unwrap_or(after)
            } else {
                after
            };
            if after.starts_with(|c: char| c.is_ascii_digit()) {
                let skip = rest.len() - trimmed.len() + mark.len_utf8();
                s.advance_to(s.pos() + skip);
                return true;
            }
        }
    }
    // `3 to 5 mm`, `-3 % to +2 %`.
    let to = trimmed
        .get(..3)
        .is_some_and(|w| w.eq_ignore_ascii_case("to "));
    if to {
        s.advance_to(s.pos() + rest.len() - trimmed.len() + 2);
        return true;
    }
    false
}

/// `50/60 Hz`, `110/220 V`: several nominal values. A slash between whole numbers whose second is a power of two
/// (`1/2 in`, `3/4 in`, `5/16 in`) is a fraction, never a list: it stays an error (write the decimal).
fn eat_slash_list(s: &mut Scanner<'_>, first: f64) -> bool {
    let rest = s.rest();
    let Some(after) = rest.trim_start().strip_prefix('/') else {
        return false;
    };
    let digits: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let Ok(second) = digits.parse::<f64>() else {
        return false;
    };
    if is_fraction(first, second) {
        return false;
    }
    s.advance_to(s.pos() + rest.len() - after.len());
    true
}

fn tolerance_number(s: &mut Scanner<'_>) -> Result<(f64, Span), QuantityError> {
    let (value, span) = s.number()?;
    if value < 0.0 {
        return Err(QuantityError::NegativeTolerance { span });
    }
    Ok((value, span))
}

/// A requirement starting with a number: a range, a tolerance, several nominal values, or a bare quantity (`= q`).
fn numeric(s: &mut Scanner<'_>) -> Parsed {
    let mut first = s.number()?;
    if let Some(step) = s.half_step(first) {
        first = step;
    } else if eat_range_mark(s) || s.eat("..") {
        return range(s, first, None);
    } else if eat_slash_list(s, first.0) {
        return each(s, first);
    } else if let Some(e) = fraction_error(s, first) {
        return Err(e);
    }
    let unit = s.unit()?;
    if s.eat("..") || eat_range_mark(s) {
        return range(s, first, unit);
    }
    if eat_plus_minus(s) {
        return tolerance(s, first, unit);
    }
    if s.rest().trim_start().starts_with('+') {
        return asymmetric(s, first, unit);
    }
    let (unit, span) = unit.ok_or(QuantityError::MissingUnit {
        span: Span::at(first.1.end),
    })?;
    s.expect_end()?;
    let bound = Quantity::checked(first.0, unit, first.1)?;
    Ok((
        Requirement::Compare {
            op: CompareOp::Eq,
            bound,
        },
        Some(span),
    ))
}

/// `1/2`, `3/4`, `5/16`: a fraction as inches are written, never a list of values.
fn is_fraction(first: f64, second: f64) -> bool {
    let whole = first.fract() == 0.0 && second.fract() == 0.0;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let power_of_two = (2.0..1e9).contains(&second) && (second as u64).is_power_of_two();
    whole && first < second && power_of_two
}

/// `1/2 in`: refused at the fraction, with the decimal to write instead.
fn fraction_error(s: &Scanner<'_>, first: (f64, Span)) -> Option<QuantityError> {
    let after = s.rest().strip_prefix('/')?;
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    let second: f64 = after.get(..digits)?.parse().ok()?;
    if !is_fraction(first.0, second) {
        return None;
    }
    let end = s.pos() + 1 + digits;
    Some(QuantityError::BadNumber {
        text: format!("{}/{second}", first.0),
        span: Span::new(first.1.start, end),
        reason: "a fraction: write it as a decimal (`1/2 in` is `0.5 in`)",
    })
}

/// `50/60 Hz`: the values after the first, then the unit they share.
fn each(s: &mut Scanner<'_>, first: (f64, Span)) -> Parsed {
    let mut numbers = vec![first];
    loop {
        numbers.push(s.number()?);
        let rest = s.rest().trim_start();
        if !rest.starts_with('/') {
            break;
        }
        s.eat("/");
    }
    let (unit, span) = s.required_unit()?;
    s.expect_end()?;
    let values = numbers
        .into_iter()
        .map(|(v, at)| Quantity::checked(v, unit.clone(), at))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((Requirement::Each { values }, Some(span)))
}

/// `12 mm +2/-1 mm`, `12 +0.5 -0 mm`, `12 mm +0.5/-0.2`: a nominal value with different tolerances above and
/// below, read as the range they allow (`11..14 mm`), computed exactly.
fn asymmetric(s: &mut Scanner<'_>, nominal: (f64, Span), unit: Option<(Unit, Span)>) -> Parsed {
    s.eat("+");
    let plus = tolerance_number(s)?;
    // `+5% / -2%`: a percent written after each figure.
    let plus_percent = s.eat("%");
    s.skip_ws();
    s.eat("/");
    s.skip_ws();
    let rest = s.rest();
    let Some(minus_sign) = MINUS_SIGNS.iter().find(|m| rest.starts_with(**m)) else {
        return Err(QuantityError::BadRange {
            span: Span::at(s.pos()),
            reason: "an upper tolerance `+a` needs its lower one, as in `12 mm +2/-1 mm`",
        });
    };
    s.eat(rest.get(..minus_sign.len_utf8()).unwrap_or(""));
    let minus = tolerance_number(s)?;
    let tail_unit = s.unit()?;
    s.expect_end()?;
    if plus_percent && !tail_unit.as_ref().is_some_and(|(t, _)| t.is_percent()) {
        return Err(QuantityError::BadRange {
            span: Span::new(plus.1.start, s.pos()),
            reason: "a percent above needs a percent below, as in `12 kg +5% / -2%`",
        });
    }
    // `20000 mAh +0/-5%`: a percent after both figures is a share of the nominal, above and below it.
    let percent_of_nominal = matches!(
        (&unit, &tail_unit),
        (Some((u, _)), Some((t, _))) if t.is_percent() && !u.dimension().is_dimensionless()
    );
    let (unit, span) = match (unit, tail_unit) {
        (Some(u), _) if percent_of_nominal => u,
        (Some(u), tail) => {
            if let Some((t, t_span)) = tail {
                if t.dimension() != u.0.dimension() {
                    return Err(QuantityError::ToleranceUnitMismatch {
                        nominal: u.0.symbol().to_owned(),
                        tolerance: t.symbol().to_owned(),
                        span: t_span,
                    });
                }
            }
            u
        }
        (None, Some(t)) => t,
        (None, None) => {
            return Err(QuantityError::MissingUnit {
                span: Span::at(nominal.1.end),
            })
        }
    };
    let whole = Span::new(nominal.1.start, s.pos());
    let (Some(n), Some(p), Some(m)) = (
        exact::of_f64(nominal.0),
        exact::of_f64(plus.0),
        exact::of_f64(minus.0),
    ) else {
        return Err(QuantityError::BadRange {
            span: whole,
            reason: "the tolerances are not usable numbers",
        });
    };
    let (below, above) = if percent_of_nominal {
        let hundred = exact::Exact::from_integer(100.into());
        (n.clone() * m / hundred.clone(), n.clone() * p / hundred)
    } else {
        (m, p)
    };
    let low = Quantity::checked(exact::to_f64(&(n.clone() - below)), unit.clone(), nominal.1)?;
    let high = Quantity::checked(exact::to_f64(&(n + above)), unit, nominal.1)?;
    Ok((Requirement::Range { low, high }, Some(span)))
}

fn range(s: &mut Scanner<'_>, low: (f64, Span), low_unit: Option<(Unit, Span)>) -> Parsed {
    s.skip_ws();
    if s.at_end() {
        return Err(QuantityError::BadRange {
            span: Span::new(low.1.start, s.pos()),
            reason: "nothing follows `..`",
        });
    }
    let high = s.number()?;
    let high_unit = s.unit()?;
    s.expect_end()?;
    let (lu, hu, span) = match (low_unit, high_unit) {
        (Some((lu, span)), Some((hu, _))) => (lu, hu, span),
        (Some((u, span)), None) | (None, Some((u, span))) => (u.clone(), u, span),
        (None, None) => {
            return Err(QuantityError::MissingUnit {
                span: Span::at(s.pos()),
            })
        }
    };
    if lu.dimension() != hu.dimension() {
        return Err(QuantityError::BadRange {
            span: Span::new(low.1.start, s.pos()),
            reason: "the two ends measure different things",
        });
    }
    let whole = Span::new(low.1.start, s.pos());
    let low = Quantity::checked(low.0, lu, low.1)?;
    let high = Quantity::checked(high.0, hu, high.1)?;
    ordered(&low, &high, whole)?;
    Ok((Requirement::Range { low, high }, Some(span)))
}

fn ordered(low: &Quantity, high: &Quantity, span: Span) -> Result<(), QuantityError> {
    if low
        .compare(high)
        .is_ok_and(|o| o != std::cmp::Ordering::Greater)
    {
        return Ok(());
    }
    Err(QuantityError::ReversedRange {
        low: low.to_string(),
        high: high.to_string(),
        span,
    })
}

fn tolerance(s: &mut Scanner<'_>, nominal: (f64, Span), unit: Option<(Unit, Span)>) -> Parsed {
    let (t, t_span) = tolerance_number(s)?;
    // `35 kg/m³ ± 2`, `120 mm ± 0.5`: a bare tolerance is in the nominal's unit, as spec sheets write it.
    let (t_unit, t_unit_span) = match (&unit, s.at_end()) {
        (Some(u), true) => u.clone(),
        _ => s.required_unit()?,
    };
    s.expect_end()?;
    let (unit, span) = match unit {
        Some(u) => u,
        None if t_unit.is_percent() => {
            return Err(QuantityError::MissingUnit {
                span: Span::at(nominal.1.end),
            })
        }
        None => (t_unit.clone(), t_unit_span),
    };
    let nominal = Quantity::checked(nominal.0, unit, nominal.1)?;
    let tolerance = if t_unit.is_percent() && !nominal.unit.dimension().is_dimensionless() {
        Tolerance::Percent(t)
    } else if t_unit.dimension() != nominal.unit.dimension() {
        return Err(QuantityError::ToleranceUnitMismatch {
            nominal: nominal.unit.symbol().to_owned(),
            tolerance: t_unit.symbol().to_owned(),
            span: t_unit_span,
        });
    } else {
        Tolerance::Absolute(Quantity::checked(t, t_unit, t_span)?)
    };
    Ok((Requirement::Tolerance { nominal, tolerance }, Some(span)))
}
