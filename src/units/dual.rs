//! A value written in two units at once, as spec sheets for two markets write it: `>= 120 kg / 265 lbs`.

use super::{Quantity, Requirement};

/// How far apart the two spellings of one value may be, relative to the first: a converted value is rounded
/// (`120 kg` is 264.6 lb, written `265 lbs`).
const ROUNDING: f64 = 0.02;

/// The first spelling of a value written twice in different units of one kind, separated by a slash (`>= 120 kg /
/// 265 lbs`, `95 kg/209 lbs`, `20 bar / 290 psi`): the text before the slash, when what follows it is the same value
/// in another unit. `None` for anything else, so `5 g / 100 g` (a share) and `kg/265 lbs` read as written otherwise
/// stay as they are.
pub fn first_of_two_units(text: &str) -> Option<&str> {
    let slash = text.rfind('/')?;
    let (head, tail) = (text.get(..slash)?.trim(), text.get(slash + 1..)?.trim());
    same_value_again(
        head,
        tail.trim_start_matches(['>', '<', '=', '≥', '≤', ' ']),
    )
    .then_some(head)
}

/// A value followed by its conversion in brackets, as rating plates and catalogues write it (`2.5 HP (1.84 kW)
/// continuous`, `≥ 90 kg (198 lbs)`): the text without the bracket, when it holds the same value in another unit of
/// the same kind. `None` for anything else, so a remark in brackets (`5 mm (max.)`) or a different value stays.
pub fn without_conversion(text: &str) -> Option<String> {
    // The bracket opens after a space, or is a full-width one as Chinese sheets write it (`≥ 90 N（9.2 kgf）`).
    let (open, width) = match (text.find(" ("), text.find('（')) {
        (Some(a), Some(b)) if b < a => (b, '（'.len_utf8()),
        (Some(a), _) => (a, 2),
        (None, Some(b)) => (b, '（'.len_utf8()),
        (None, None) => return None,
    };
    let close = open + text.get(open..)?.find([')', '）'])?;
    let close_width = text.get(close..)?.chars().next()?.len_utf8();
    let (head, inside, after) = (
        text.get(..open)?.trim(),
        text.get(open + width..close)?.trim(),
        text.get(close + close_width..)?,
    );
    let inside = inside.trim_start_matches(['>', '<', '=', '≥', '≤', '≈', '~', ' ']);
    same_value_again(head, inside).then(|| format!("{head}{after}"))
}

/// Whether `other` (a number first) is the value of requirement or quantity `head` in another unit of its kind,
/// within the rounding of a converted value.
fn same_value_again(head: &str, other: &str) -> bool {
    let read = || {
        if !other.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let other = Quantity::parse(other).ok()?;
        let first = match Requirement::parse(head).ok()? {
            Requirement::Compare { bound, .. } => bound,
            Requirement::Tolerance { nominal, .. } => nominal,
            _ => Quantity::parse(head).ok()?,
        };
        Some((first, other))
    };
    read().is_some_and(|(first, other)| {
        let same_kind = first.unit.dimension() == other.unit.dimension()
            && first.unit.symbol() != other.unit.symbol();
        let (a, b) = (first.base_value(), other.base_value());
        same_kind && a != 0.0 && ((a - b) / a).abs() <= ROUNDING
    })
}

#[cfg(test)]
mod tests {
    use super::{first_of_two_units, without_conversion};

    #[test]
    fn a_conversion_in_brackets_is_left_out() {
        assert_eq!(
            without_conversion("2.5 HP (1.84 kW) continuous").as_deref(),
            Some("2.5 HP continuous")
        );
        assert_eq!(
            without_conversion("≥ 90 kg (198 lbs)").as_deref(),
            Some("≥ 90 kg")
        );
        // A remark, another value, a share: kept.
        assert_eq!(without_conversion("5 mm (max.)"), None);
        assert_eq!(without_conversion("2.5 HP (3 kW)"), None);
        assert_eq!(without_conversion("5 g (100 g sample)"), None);
    }

    #[test]
    fn a_value_in_two_units_reads_as_its_first() {
        assert_eq!(first_of_two_units(">= 120 kg / 265 lbs"), Some(">= 120 kg"));
        assert_eq!(first_of_two_units("≥ 20 bar / 290 psi"), Some("≥ 20 bar"));
        assert_eq!(first_of_two_units("95 kg/209 lbs"), Some("95 kg"));
        assert_eq!(
            first_of_two_units("500 mm ± 2 mm / 19.7 in"),
            Some("500 mm ± 2 mm")
        );
        // Not the same value: a share, a rate, two different limits.
        assert_eq!(first_of_two_units("5 g / 100 g"), None);
        assert_eq!(first_of_two_units(">= 120 kg / 200 lbs"), None);
        assert_eq!(first_of_two_units("3 defects / 100 pcs"), None);
        assert_eq!(first_of_two_units("50 cycles/min"), None);
    }
}
