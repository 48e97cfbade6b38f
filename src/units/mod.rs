//! Quantities with units (`50 cycles/min`, `75 dB(A)`) and requirements on them (`>= 50 cycles/min`,
//! `120 mm ± 0.5 mm`, named materials), driven by the bundled `data/units.tsv` table.

mod check;
mod compound;
mod conditions;
mod dimension;
mod dimension_words;
mod dual;
mod error;
mod exact;
mod interval;
mod packing;
mod quantity;
mod requirement;
mod requirement_parse;
mod scan;
mod suggest;
mod table;
mod thousands;
mod unit;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_requirement;

pub use check::includes_each;
pub use conditions::{conditions_stated, durations_stated, percentages_stated};
pub use dimension::Dimension;
pub use dual::{first_of_two_units, without_conversion};
pub use error::{DimensionMismatch, QuantityError, UnitError};
pub use exact::Exact;
pub use interval::{Bound, Interval};
pub use packing::{ratios_stated, Packing, Ratio};
pub use quantity::{Quantity, MAX_DAYS};
pub use requirement::{CompareOp, Requirement, Tolerance};
pub use requirement_parse::{
    bound_word_before_number, has_bound_word, has_bound_words, without_bound,
};
pub use scan::MINUS_SIGNS;
pub use table::{known_unit_symbols, scale_named};
pub use thousands::{
    decimal_comma_at, with_separators as with_thousands_separators, writes_decimal_comma,
};
pub use unit::{CalendarUnit, Unit};

/// Whether a text states a quantity somewhere in its words (`Needle detector Fe 1.0 mm: 0 detections` states
/// `1.0 mm`): a number followed by a unit of the table. Used to tell a measurable description from prose.
pub fn mentions_quantity(text: &str) -> bool {
    bounds_a_number(text)
        || mentions_number_with_unit(text)
        || counts_working_days(text)
        || tolerance_on_a_number(text)
}

/// How a plus-minus sign is written between or before numbers.
const PLUS_MINUS: [&str; 5] = ["±", "+/-", "+/−", "+-", "+ / -"];

/// Whether a number carries a plus-minus tolerance (`Asker C 25 ± 5`, `HRC 56±2`): a value on a named scale with its
/// tolerance is a quantity requirement even where the scale has no unit.
fn tolerance_on_a_number(text: &str) -> bool {
    PLUS_MINUS.iter().any(|sign| {
        text.match_indices(sign).any(|(i, _)| {
            let before = text[..i].trim_end();
            let after = text[i + sign.len()..].trim_start();
            before.ends_with(|c: char| c.is_ascii_digit())
                && after.starts_with(|c: char| c.is_ascii_digit())
        })
    })
}

/// Whether a number of working or business days is stated (`within 5 working days`, `3个工作日`): a definite term in
/// wording, though a record's window is refused in them (counting needs the parties' holiday calendar). The day words
/// are data (`data/windows.tsv`, kind `day`).
fn counts_working_days(text: &str) -> bool {
    let days = crate::records::windows::vocabulary();
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let in_words = words.windows(3).any(|w| {
        w[0].chars().all(|c| c.is_ascii_digit())
            && days.is_working_day_word(w[1])
            && w[2]
                .trim_end_matches([',', '.', ';', ')'])
                .starts_with("day")
    });
    in_words || days.counts_working_days_unspaced(&lower)
}

/// Whether a comparison sign bounds a number (`ΔE ≤ 1.5`, `Cpk >= 1.33`, `grey scale ≥ 4`): a limit on a named scale is a
/// quantity requirement even where the scale has no unit.
fn bounds_a_number(text: &str) -> bool {
    text.match_indices(['≤', '≥', '<', '>', '＜', '＞', '≦', '≧'])
        .any(|(i, sign)| {
            let rest = text.get(i + sign.len()..).unwrap_or("");
            let rest = rest.strip_prefix('=').unwrap_or(rest).trim_start();
            let rest = rest.trim_start_matches(|c: char| c == '+' || MINUS_SIGNS.contains(&c));
            rest.starts_with(|c: char| c.is_ascii_digit())
        })
}

/// Whether a text states a tolerance or a hard bound on a number: a comparison sign (`≤ 1.8 s`), a plus-minus sign
/// (`± 0.15 kg`, `+/- 2 mm`, `+5 % / -10 %`), or a bound word of `data/bounds.tsv` before a number (`not to exceed
/// 1,350 kg`, `max. 0.5 mm`).
pub fn states_tolerance(text: &str) -> bool {
    let number_after = |rest: &str| {
        rest.trim_start()
            .trim_start_matches(|c: char| c == '+' || MINUS_SIGNS.contains(&c))
            .starts_with(|c: char| c.is_ascii_digit())
    };
    let plus_minus = PLUS_MINUS.iter().any(|sign| {
        text.match_indices(sign)
            .any(|(i, _)| number_after(&text[i + sign.len()..]))
    });
    let signed_pair = text
        .match_indices('+')
        .any(|(i, _)| signed_pair_after_plus(&text[i + 1..]));
    bounds_a_number(text)
        || plus_minus
        || signed_pair
        || requirement_parse::bound_word_before_number(text)
}

/// Whether the text after a `+` is an asymmetric tolerance: a number (with an optional unit), then a space or a
/// slash, then a minus sign and a number: `+0.5/-0.2 mm`, `+5% / -10%`, `+2 -1 mm`. A phone number (`+86-21-5555`)
/// joins its groups with a bare hyphen and is not one.
fn signed_pair_after_plus(rest: &str) -> bool {
    let number_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(rest.len());
    if number_end == 0 {
        return false;
    }
    let after_number = &rest[number_end..];
    let after_unit = after_number
        .trim_start_matches(|c: char| c.is_alphabetic() || c == '%' || c == '°' || c == 'µ');
    let gap = after_unit.len() - after_unit.trim_start_matches([' ', '/']).len();
    let minus = after_unit[gap..].chars().next();
    gap > 0
        && minus.is_some_and(|c| MINUS_SIGNS.contains(&c))
        && after_unit[gap..]
            .chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit())
}

fn mentions_number_with_unit(text: &str) -> bool {
    // Chinese text writes numbers against its words (`温度25 °C下≥13,000 lm`): its characters and punctuation, and
    // comparison signs, separate words too.
    let words: Vec<&str> = text
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | ';' | ':' | '(' | ')' | '≥' | '≤' | '<' | '>' | '=' | '~' | '±'
                )
                || crate::text::is_cjk(c)
                || matches!(c, '，' | '。' | '：' | '；' | '、' | '（' | '）')
        })
        .filter(|w| !w.is_empty())
        .collect();
    // A range written with two dots or a dash (`9..15 mm wide`, `200-600 mm`) states its unit once, after its
    // upper end.
    let number = |w: &str| {
        let finite = |n: &str| n.parse::<f64>().is_ok_and(f64::is_finite);
        finite(w)
            || ["..", "-", "–"].iter().any(|dash| {
                w.split_once(dash)
                    .is_some_and(|(low, high)| finite(low) && finite(high))
            })
    };
    words.windows(2).any(|pair| {
        let [first, unit] = pair else { return false };
        number(first) && Quantity::parse(&format!("1 {unit}")).is_ok()
    }) || words.iter().any(|w| {
        // `-3%`, `+2 mm`: a signed number is a quantity too.
        let w = w.trim_start_matches(|c: char| c == '+' || MINUS_SIGNS.contains(&c));
        w.starts_with(|c: char| c.is_ascii_digit())
            && w.contains(|c: char| c.is_alphabetic() || c == '%')
            && Quantity::parse(w).is_ok()
    })
}

/// `100% cotton`, `cotton 100%`, `95% cotton 5% elastane`: percentages of named materials, not a bound (`5% max`).
pub fn is_composition(text: &str) -> bool {
    // `100 % polyester`: a percent sign written apart from its number belongs to it; a full-width one is a percent
    // sign, and a material written against it (`100％棉`) is a word of its own.
    let joined: String = text.replace('％', "%").replace(" %", "%");
    let joined = joined.replace('%', "% ").replace("%  ", "% ");
    let words: Vec<&str> = joined.split_whitespace().collect();
    let percent = |w: &str| {
        w.strip_suffix('%')
            .is_some_and(|n| !n.is_empty() && n.parse::<f64>().is_ok())
    };
    let material = |w: &&str| w.starts_with(char::is_alphabetic);
    // `60/40 poly-cotton`: shares that add up to 100, then the materials.
    let shares = words.first().and_then(|w| w.split_once('/')).is_some_and(
        |(a, b)| matches!((a.parse::<u32>(), b.parse::<u32>()), (Ok(a), Ok(b)) if a + b == 100),
    ) && words.get(1).is_some_and(material);
    shares
        || !has_bound_word(text.trim())
            && words.iter().enumerate().any(|(i, w)| {
                percent(w)
                    && (words.get(i + 1).is_some_and(material)
                        || i.checked_sub(1)
                            .and_then(|p| words.get(p))
                            .is_some_and(material))
            })
}

/// `80% cotton / 20% polyester ± 3 percentage points`: a composition with the tolerance fibre-content labelling
/// allows on each share (16 CFR 303.43 and Regulation (EU) No 1007/2011 both allow 3 points). It names the blend; the
/// tolerance is on its shares, not a bound the text can be compared against.
pub fn is_composition_with_tolerance(text: &str) -> bool {
    let Some((head, tail)) = text.split_once('±').or_else(|| text.split_once("+/-")) else {
        return false;
    };
    let tail = tail.trim().to_lowercase();
    let number_end = tail
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(tail.len());
    let (number, unit) = tail.split_at(number_end);
    let unit = unit.trim();
    !number.is_empty()
        && number.parse::<f64>().is_ok()
        && [
            "percentage points",
            "percentage point",
            "pp",
            "p.p.",
            "points",
            "%",
        ]
        .contains(&unit)
        && is_composition(head.trim().trim_end_matches(['(', ',']))
}

/// `500 mm x 120 mm ± 2 mm`, `300 × 200 × 80 mm`: a size of two or three dimensions, each a number with an optional
/// length unit, joined by `x` or `×`, with an optional tolerance after the last.
pub fn is_size(text: &str) -> bool {
    let main = text
        .split_once('±')
        .or_else(|| text.split_once("+/-"))
        .map_or(text, |(head, _)| head);
    let parts: Vec<&str> = main.split(['x', 'X', '×', '*']).map(str::trim).collect();
    let metre = Quantity::parse("1 m").ok();
    let length = metre.as_ref().map(|q| q.unit.dimension());
    let dimension = |part: &str| {
        let number_end = part
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(part.len());
        let (number, unit) = part.split_at(number_end);
        !number.is_empty()
            && number.replace(',', ".").parse::<f64>().is_ok()
            && (unit.trim().is_empty()
                || Quantity::parse(&format!("1 {}", unit.trim()))
                    .is_ok_and(|q| Some(q.unit.dimension()) == length))
    };
    (2..=3).contains(&parts.len())
        && parts.iter().all(|p| dimension(p))
        && parts.iter().any(|p| p.ends_with(char::is_alphabetic))
}

/// `4-5`, `3/4`: a half step between two neighbouring grades written without its scale, as laboratories report
/// grey-scale results. It is read as a number only against a requirement on a scale (`grade >= 4`).
pub fn is_half_step(text: &str) -> bool {
    let Some((a, b)) = text.trim().split_once(['-', '/', '–']) else {
        return false;
    };
    let whole = |t: &str| {
        let t = t.trim();
        (!t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    matches!((whole(a), whole(b)), (Some(a), Some(b)) if b == a + 1)
}

/// A measured text read in the kind of its requirement: against a scale (`grade >= 4`), `4-5` is the grade 4.5
/// and `0.95` a power factor of 0.95. `None` when the requirement is on no scale or the text is no such value.
pub fn read_on_scale(text: &str, requirement: &Requirement) -> Option<Quantity> {
    let unit = requirement.unit()?;
    if !unit.dimension().is_scale() || text.chars().any(char::is_alphabetic) {
        return None;
    }
    Quantity::parse(&format!("{} {}", text.trim(), unit.symbol())).ok()
}
