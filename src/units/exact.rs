//! Exact numbers: a written decimal, a table factor (`30.436875*86400`, `1/60`) and every value in base units are
//! rationals, so conversions are exact and bounds are hard (`49.99999999999` is below `50`, `3000 cycles/h` equals
//! `50 cycles/min`). Floats remain for display and rule arithmetic only.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};

/// An exact rational number.
pub type Exact = BigRational;

/// Scientific exponents past this are refused: the numbers concord reads are at most 15 digits long.
const MAX_SCALE: i64 = 400;

/// The decimal that `x` reads as (its shortest round-trip spelling), exactly; `None` for NaN and infinities.
/// Numbers are read with at most 15 significant digits, so this is the decimal as written.
pub fn of_f64(x: f64) -> Option<Exact> {
    if !x.is_finite() {
        return None;
    }
    // Whole numbers below 2^53 are exact as they are.
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        #[allow(clippy::cast_possible_truncation)]
        return Some(BigRational::from_integer(BigInt::from(x as i64)));
    }
    parse_decimal(&format!("{x:e}"))
}

/// The nearest float, for display.
pub fn to_f64(x: &Exact) -> f64 {
    x.to_f64().unwrap_or(f64::NAN)
}

/// Reads `-12.5`, `.5`, `1e-3`, `4.999e1` exactly.
pub fn parse_decimal(text: &str) -> Option<Exact> {
    let text = text.trim();
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (text, 0),
    };
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let scale = exponent.checked_sub(i64::try_from(frac.len()).ok()?)?;
    if scale.abs() > MAX_SCALE {
        return None;
    }
    // Short decimals (all that concord reads) without big-number parsing.
    let small = (digits.len() <= 18 && scale.abs() <= 19)
        .then(|| digits.parse::<u64>().ok())
        .flatten();
    let value = match small {
        Some(n) => {
            let power = BigInt::from(10u64.pow(u32::try_from(scale.unsigned_abs()).ok()?));
            if scale >= 0 {
                BigRational::from_integer(BigInt::from(n) * power)
            } else {
                BigRational::new(BigInt::from(n), power)
            }
        }
        None => {
            let value = BigRational::from_integer(digits.parse::<BigInt>().ok()?);
            let power = BigRational::from_integer(num_traits::pow(
                BigInt::from(10),
                usize::try_from(scale.unsigned_abs()).ok()?,
            ));
            if scale >= 0 {
                value * power
            } else {
                value / power
            }
        }
    };
    Some(if negative { -value } else { value })
}

/// A product or quotient of decimals, read left to right: `30.436875*86400`, `1/60`, `459.67*5/9`.
pub fn parse_product(text: &str) -> Option<Exact> {
    let mut value = BigRational::from_integer(BigInt::from(1));
    let mut divide = false;
    let mut rest = text.trim();
    loop {
        let end = rest.find(['*', '/']).unwrap_or(rest.len());
        let (head, tail) = rest.split_at(end);
        let n = parse_decimal(head)?;
        if divide {
            if n.is_zero() {
                return None;
            }
            value /= n;
        } else {
            value *= n;
        }
        let mut chars = tail.chars();
        match chars.next() {
            None => return Some(value),
            Some(c) => divide = c == '/',
        }
        rest = chars.as_str();
    }
}

/// `x` raised to an integer power (units carry exponents of at most 4).
pub fn powi(x: &Exact, exponent: i32) -> Option<Exact> {
    if exponent < 0 && x.is_zero() {
        return None;
    }
    let mut result = BigRational::from_integer(BigInt::from(1));
    for _ in 0..exponent.unsigned_abs() {
        result *= x;
    }
    Some(if exponent < 0 { result.recip() } else { result })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_read_exactly() {
        let d = |t: &str| parse_decimal(t).map(|x| x.to_string());
        assert_eq!(
            d("49.99999999999"),
            Some("4999999999999/100000000000".into())
        );
        assert_eq!(d("0.1"), Some("1/10".into()));
        assert_eq!(d("-3"), Some("-3".into()));
        assert_eq!(d(".5"), Some("1/2".into()));
        assert_eq!(d("1e3"), Some("1000".into()));
        assert_eq!(d("abc"), None);
        assert_eq!(d("1e9999"), None);
        assert_eq!(of_f64(0.1).map(|x| x.to_string()), Some("1/10".into()));
        assert_eq!(of_f64(49.99999999999), parse_decimal("49.99999999999"));
        assert_eq!(
            parse_product("1/60").map(|x| x.to_string()),
            Some("1/60".into())
        );
        assert_eq!(
            parse_product("459.67*5/9").map(|x| x.to_string()),
            Some("45967/180".into())
        );
        assert_eq!(parse_product("1/0"), None);
    }
}
