//! Parses compound unit text (`g/m2`, `cycles/min`, `N·m`, `mm^2`) factor by factor against the
//! units table, giving a `Unit` or a `UnitError` whose span points at the offending factor.

use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

use super::dimension::Dimension;
use super::error::UnitError;
use super::exact::{self, Exact};
use super::table::{table, UnitDef};
use super::unit::Unit;
use crate::source::Span;

const MAX_EXPONENT: i32 = 4;

/// One factor of a compound unit: `m2` in `g/m2`.
struct Factor<'a> {
    divide: bool,
    text: &'a str,
    span: Span,
}

/// A factor resolved against the table.
struct Resolved {
    name: String,
    exponent: i32,
    def: &'static UnitDef,
}

/// Compound units read so far, by their text: a batch repeats a few compound units in every record, and reading
/// one takes exact arithmetic. Bounded, so hostile input cannot grow it past `CACHE_LIMIT` entries.
fn cache() -> &'static RwLock<HashMap<String, Unit>> {
    static CACHE: OnceLock<RwLock<HashMap<String, Unit>>> = OnceLock::new();
    CACHE.get_or_init(|| RwLock::new(HashMap::new()))
}

const CACHE_LIMIT: usize = 4096;

/// Reads `text` as factors joined by `/`, `*`, `·` or `⋅`.
pub(crate) fn parse_compound(text: &str) -> Result<Unit, UnitError> {
    if let Some(unit) = cache()
        .read()
        .ok()
        .and_then(|cached| cached.get(text).cloned())
    {
        return Ok(unit);
    }
    let unit = read_compound(text)?;
    if let Ok(mut cached) = cache().write() {
        if cached.len() < CACHE_LIMIT {
            cached.insert(text.to_owned(), unit.clone());
        }
    }
    Ok(unit)
}

/// The most factors a compound unit may have. Real units have a few (`kg·m/s²`, `mg/kg/day`, `N/25 mm`); each
/// factor multiplies the exact scale, so a unit of hundreds of factors (`mg/4/mg4/...`, found by fuzzing) made
/// rationals of thousands of digits and cost a second per value. Past this, the unit is refused at its span.
const MOST_FACTORS: usize = 8;

fn read_compound(text: &str) -> Result<Unit, UnitError> {
    let factors = split(text);
    if factors.len() > MOST_FACTORS {
        return Err(malformed(
            text,
            Span::new(0, text.len()),
            "a unit of more than 8 parts: write the unit as a standard would (`kg·m/s²`, `mg/kg`)",
        ));
    }
    let single = factors.len() == 1;
    let mut symbol = String::new();
    let mut dimension = Dimension::dimensionless();
    let mut factor = Exact::from_integer(1.into());
    let mut offset = Exact::from_integer(0.into());
    let (mut float, mut float_offset) = (1.0_f64, 0.0_f64);
    for whole in &factors {
        // A count written into a rate (`1 carton per 1,000`, `defects per 100 pcs`) scales the unit, exactly.
        let (count, f) = counted(whole);
        let scaled = count.is_some();
        if let Some((count, written)) = count {
            let scale = if f.divide {
                exact::powi(&count, -1)
            } else {
                Some(count)
            };
            let Some(scale) = scale else {
                return Err(malformed(text, whole.span, "a count in a unit cannot be 0"));
            };
            float *= exact::to_f64(&scale);
            factor *= scale;
            if !symbol.is_empty() || f.divide {
                symbol.push(if f.divide { '/' } else { '·' });
            }
            symbol.push_str(written);
            if f.text.is_empty() {
                continue;
            }
        }
        let f = &f;
        let r = resolve(f)?;
        if (r.def.dimension.is_level() || r.def.dimension.is_scale())
            && !(single && r.exponent == 1)
        {
            return Err(UnitError::LevelInCompound {
                unit: f.text.trim().to_owned(),
                span: f.span,
            });
        }
        let exponent = if f.divide { -r.exponent } else { r.exponent };
        dimension = dimension.mul(&r.def.dimension.pow(exponent));
        match exact::powi(&r.def.exact.0, exponent) {
            Some(f) => {
                factor *= f;
                float *= r.def.factor.powi(exponent);
            }
            None => {
                return Err(malformed(
                    text,
                    f.span,
                    "the unit is too large or too small",
                ))
            }
        }
        if single && r.exponent == 1 {
            offset = r.def.exact.1.clone();
            float_offset = r.def.offset;
        }
        if scaled {
            // `100 pcs` after its count reads as written, not as `100/pcs`.
            let mut name = String::new();
            push_symbol(&mut name, f, &r);
            symbol.push(' ');
            symbol.push_str(&name);
        } else {
            push_symbol(&mut symbol, f, &r);
        }
    }
    if !float.is_finite() || float == 0.0 {
        return Err(malformed(
            text,
            Span::new(0, text.len()),
            "the unit is too large or too small",
        ));
    }
    Ok(Unit::with_floats(
        symbol,
        dimension,
        (factor, offset),
        (float, float_offset),
    ))
}

/// A factor's leading count, if it has one, and the rest of the factor: `100 pcs` is 100 and `pcs`, `1000` is 1000
/// and nothing.
fn counted<'a>(f: &Factor<'a>) -> (Option<(Exact, &'a str)>, Factor<'a>) {
    let (head, rest) = f
        .text
        .split_once(char::is_whitespace)
        .unwrap_or((f.text, ""));
    match plain_count(head) {
        Some(count) => {
            let rest = rest.trim_start();
            let start = f.span.end - rest.len();
            (
                Some((count, head)),
                Factor {
                    divide: f.divide,
                    text: rest,
                    span: Span::new(start, f.span.end),
                },
            )
        }
        None => (
            None,
            Factor {
                divide: f.divide,
                text: f.text,
                span: f.span,
            },
        ),
    }
}

/// A count written as a factor of a unit (`1000`, `1,000`, `100`): a whole number, with thousands separators.
fn plain_count(text: &str) -> Option<Exact> {
    let digits: String = text.chars().filter(|&c| c != ',').collect();
    let whole =
        !digits.is_empty() && digits.len() <= 12 && digits.bytes().all(|b| b.is_ascii_digit());
    whole.then(|| exact::parse_decimal(&digits)).flatten()
}

/// Whether the word `per` stands at byte `i` of a unit text (`carton per 1000`, `per 1000 cartons`): alone, between
/// white space or at the start.
fn per_at(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    bytes
        .get(i..i + 3)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"per"))
        && (i == 0 || bytes.get(i - 1).is_some_and(u8::is_ascii_whitespace))
        && bytes.get(i + 3).is_some_and(u8::is_ascii_whitespace)
}

fn split(text: &str) -> Vec<Factor<'_>> {
    let mut factors = Vec::new();
    let mut start = 0;
    let mut divide = false;
    for (i, c) in text.char_indices() {
        if per_at(text, i) {
            // A leading `per` (`per 1000 cartons`) divides one: there is no factor before it.
            if i > 0 {
                factors.push(factor(text, start, i, divide));
            }
            divide = true;
            start = i + 3;
        } else if matches!(c, '/' | '*' | '·' | '⋅') {
            factors.push(factor(text, start, i, divide));
            divide = c == '/';
            start = i + c.len_utf8();
        }
    }
    factors.push(factor(text, start, text.len(), divide));
    factors
}

fn factor(text: &str, start: usize, end: usize, divide: bool) -> Factor<'_> {
    let raw = text.get(start..end).unwrap_or("");
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    Factor {
        divide,
        text: trimmed,
        span: Span::new(start + lead, start + lead + trimmed.len()),
    }
}

fn resolve(f: &Factor<'_>) -> Result<Resolved, UnitError> {
    if f.text.is_empty() {
        return Err(malformed(
            f.text,
            f.span,
            "a unit is missing around `/`, `*` or `·`",
        ));
    }
    let compact: String = f.text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some((name, def)) = table().find(&compact) {
        return Ok(Resolved {
            name: name.to_owned(),
            exponent: 1,
            def,
        });
    }
    // Words before a count unit say what is counted (`1 misformed or jammed carton per 1000`, `2 broken bottles`):
    // the count is of that unit. Only a count reads this way; `3 long mm` stays unknown.
    if let Some((_, last)) = f.text.rsplit_once(char::is_whitespace) {
        let described = f
            .text
            .split_whitespace()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'));
        if let Some((name, def)) = table().find(last).filter(|(_, d)| d.dimension.is_count()) {
            if described {
                return Ok(Resolved {
                    name: name.to_owned(),
                    exponent: 1,
                    def,
                });
            }
        }
    }
    let (base, exponent) = split_exponent(&compact).map_err(|r| malformed(f.text, f.span, r))?;
    match table().find(base) {
        Some((name, def)) if exponent != 1 => Ok(Resolved {
            name: name.to_owned(),
            exponent,
            def,
        }),
        _ => Err(UnitError::Unknown {
            looked_up: compact,
            unit: f.text.to_owned(),
            span: f.span,
        }),
    }
}

/// Splits `m2`, `m²`, `m^-1` into base and exponent; no exponent gives 1.
fn split_exponent(text: &str) -> Result<(&str, i32), &'static str> {
    let (base, exp) = if let Some(base) = text.strip_suffix('²') {
        (base, 2)
    } else if let Some(base) = text.strip_suffix('³') {
        (base, 3)
    } else if let Some((base, exp)) = text.split_once('^') {
        (
            base,
            exp.parse::<i32>().map_err(|_| "bad exponent after `^`")?,
        )
    } else {
        let base = text.trim_end_matches(|c: char| c.is_ascii_digit());
        let digits = text.get(base.len()..).unwrap_or("");
        match digits {
            "" => (text, 1),
            d => (base, d.parse::<i32>().map_err(|_| "bad exponent")?),
        }
    };
    if exp == 0 || exp.abs() > MAX_EXPONENT {
        return Err("exponents must be between -4 and 4, and not 0");
    }
    Ok((base, exp))
}

fn push_symbol(symbol: &mut String, f: &Factor<'_>, r: &Resolved) {
    if !symbol.is_empty() {
        symbol.push(if f.divide { '/' } else { '·' });
    }
    symbol.push_str(&r.name);
    match r.exponent {
        1 => {}
        2 => symbol.push('²'),
        3 => symbol.push('³'),
        e => symbol.push_str(&format!("^{e}")),
    }
}

fn malformed(unit: &str, span: Span, reason: &'static str) -> UnitError {
    UnitError::Malformed {
        unit: unit.to_owned(),
        span,
        reason,
    }
}
