//! Parses compound unit text (`g/m2`, `cycles/min`, `N·m`, `mm^2`) factor by factor against the
//! units table, giving a `Unit` or a `UnitError` whose span points at the offending factor.

use super::dimension::Dimension;
use super::error::UnitError;
use super::exact::{self, Exact};
use super::suggest::suggest;
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

/// Reads `text` as factors joined by `/`, `*`, `·` or `⋅`.
pub(crate) fn parse_compound(text: &str) -> Result<Unit, UnitError> {
    let factors = split(text);
    let single = factors.len() == 1;
    let mut symbol = String::new();
    let mut dimension = Dimension::dimensionless();
    let mut factor = Exact::from_integer(1.into());
    let mut offset = Exact::from_integer(0.into());
    for f in &factors {
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
            Some(f) => factor *= f,
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
        }
        push_symbol(&mut symbol, f, &r);
    }
    let float = exact::to_f64(&factor);
    if !float.is_finite() || float == 0.0 {
        return Err(malformed(
            text,
            Span::new(0, text.len()),
            "the unit is too large or too small",
        ));
    }
    Ok(Unit::new(symbol, dimension, factor, offset))
}

fn split(text: &str) -> Vec<Factor<'_>> {
    let mut factors = Vec::new();
    let mut start = 0;
    let mut divide = false;
    for (i, c) in text.char_indices() {
        if matches!(c, '/' | '*' | '·' | '⋅') {
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
    let (base, exponent) = split_exponent(&compact).map_err(|r| malformed(f.text, f.span, r))?;
    match table().find(base) {
        Some((name, def)) if exponent != 1 => Ok(Resolved {
            name: name.to_owned(),
            exponent,
            def,
        }),
        _ => Err(UnitError::Unknown {
            suggestion: suggest(&compact),
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
