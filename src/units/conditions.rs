//! Figures stated in running text: the test conditions of a method (`spindle 4 @ 20 rpm, 25 °C` states `20 rpm`
//! and `25 °C`, each read as a requirement so that `23 ± 2 °C` stays one condition) and the percentages of a clause.

use std::sync::OnceLock;

use super::quantity::Quantity;
use super::requirement::{CompareOp, Requirement, Tolerance};

/// Characters that end one stated condition and start the next (`@ 20 rpm, 25 °C`). A bracket does too when it
/// opens at a word's start (`(23 °C; 50 % RH)`), but not inside a unit (`dB(A)`), and a slash with a space beside
/// it (`23 °C / 50 % RH`), but not inside a unit (`mm/min`).
const SEPARATORS: [char; 8] = [',', ';', '@', '，', '；', '（', '）', '、'];

/// The most of a text read for figures (a method's conditions, a clause's durations and packing ratios).
const MOST_BYTES: usize = 4096;

/// A condition is read from at most this many words (`23 ± 2 °C` is four); longer candidates are not tried, so
/// a hostile text costs a bounded number of parses per word.
const MOST_WORDS: usize = 5;

/// The quantities a text states, in the order written; a bare value is read with the tolerance of its kind in
/// `data/condition_tolerances.tsv` (`20 rpm` as `20 rpm ± 1 %`), so that two methods' conditions agree when they
/// overlap. Counts (`3 bottles`, `10 drops`: how many, not at what
/// condition), amounts of money, unitless numbers (`spindle 4`, `ISO 2409`), bare deviations (`±0.5 mm`) and
/// several values (`50/60 Hz`) are left out: they are not one condition the test runs at.
pub fn conditions_stated(text: &str) -> Vec<Requirement> {
    // A method is a line or two; past this, the rest is not read (a hostile megabyte of `1 1 1 ...` would cost a
    // few parses per word).
    clauses(read_part(text))
        .into_iter()
        .flat_map(conditions_in_clause)
        .map(with_tolerance)
        .collect()
}

/// The durations a text states, in days, in the order written (`no penalty for the first 5 days` gives 5,
/// `2 weeks` 14): each bare time value of its conditions.
pub fn durations_stated(text: &str) -> Vec<f64> {
    clauses(read_part(text))
        .into_iter()
        .flat_map(conditions_in_clause)
        .filter_map(|condition| match condition {
            Requirement::Compare {
                op: CompareOp::Eq,
                bound,
            } if bound.unit.is_time() => bound.as_days(),
            _ => None,
        })
        .collect()
}

/// The part of a text read for figures: its first `MOST_BYTES`, cut at a character boundary.
pub(super) fn read_part(text: &str) -> &str {
    let end = (0..=text.len().min(MOST_BYTES))
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    text.get(..end).unwrap_or("")
}

/// A bare value (`= 20 rpm`) with the tolerance of its kind; any other condition as written.
fn with_tolerance(condition: Requirement) -> Requirement {
    let Requirement::Compare {
        op: CompareOp::Eq,
        bound,
    } = condition
    else {
        return condition;
    };
    let tolerance = tolerance_for(&bound);
    Requirement::Tolerance {
        nominal: bound,
        tolerance,
    }
}

/// The tolerance `data/condition_tolerances.tsv` gives a value's kind: its own row, or the `*` row.
fn tolerance_for(value: &Quantity) -> Tolerance {
    let kind = value.unit.dimension().to_string();
    let rows = tolerances();
    rows.iter()
        .find(|(measures, _)| *measures == kind)
        .or_else(|| rows.iter().find(|(measures, _)| measures == "*"))
        .map_or(Tolerance::Percent(0.0), |(_, t)| t.clone())
}

fn tolerances() -> &'static [(String, Tolerance)] {
    static ROWS: OnceLock<Vec<(String, Tolerance)>> = OnceLock::new();
    ROWS.get_or_init(|| {
        include_str!("../../data/condition_tolerances.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("measures\t"))
            .filter_map(|l| {
                let (measures, tolerance) = l.split_once('\t')?;
                let tolerance = match tolerance.trim().strip_suffix('%') {
                    Some(percent) => Tolerance::Percent(percent.trim().parse().ok()?),
                    None => Tolerance::Absolute(Quantity::parse(tolerance).ok()?),
                };
                Some((measures.trim().to_owned(), tolerance))
            })
            .collect()
    })
}

/// The text cut at its separators and at the brackets that open at a word's start, and at their closing ones.
fn clauses(text: &str) -> Vec<&str> {
    let mut cuts = Vec::new();
    let mut open: Vec<bool> = Vec::new();
    let mut before = ' ';
    for (at, c) in text.char_indices() {
        let cut = match c {
            '(' => {
                let apart = !before.is_alphanumeric();
                open.push(apart);
                apart
            }
            ')' => open.pop().unwrap_or(true),
            '/' => {
                before.is_whitespace()
                    || text
                        .get(at + 1..)
                        .is_some_and(|after| after.starts_with(char::is_whitespace))
            }
            c => SEPARATORS.contains(&c),
        };
        if cut {
            cuts.push((at, c.len_utf8()));
        }
        before = c;
    }
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for (at, len) in cuts {
        pieces.push(text.get(from..at).unwrap_or(""));
        from = at + len;
    }
    pieces.push(text.get(from..).unwrap_or(""));
    pieces
}

fn conditions_in_clause(clause: &str) -> Vec<Requirement> {
    let words: Vec<&str> = clause.split_whitespace().collect();
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        match longest_condition_at(&words[at..]) {
            Some((condition, used)) => {
                found.push(condition);
                at += used;
            }
            None => at += 1,
        }
    }
    found
}

/// The longest run of words from the first that reads as one condition, with how many words it took.
fn longest_condition_at(words: &[&str]) -> Option<(Requirement, usize)> {
    let first = words.first()?;
    if !first
        .trim_start_matches(['≥', '≤', '>', '<', '=', '~', '+', '±'])
        .starts_with(|c: char| c.is_ascii_digit() || super::MINUS_SIGNS.contains(&c))
    {
        return None;
    }
    (1..=words.len().min(MOST_WORDS)).rev().find_map(|n| {
        let text = words[..n].join(" ");
        let requirement = Requirement::parse(&text)
            .ok()
            .or_else(|| Requirement::parse(&percent_nominal(&text)?).ok())?;
        is_a_condition(&requirement).then_some((requirement, n))
    })
}

/// `50 ± 5 %` (a humidity band) with its nominal's unit written: `50 % ± 5 %`. `None` unless the text is a bare
/// number, a plus-minus sign and a percentage.
fn percent_nominal(text: &str) -> Option<String> {
    let (nominal, tolerance) = text.split_once('±')?;
    let nominal = nominal.trim();
    let tolerance = tolerance.trim();
    (nominal.parse::<f64>().is_ok() && tolerance.ends_with('%'))
        .then(|| format!("{nominal} % ± {tolerance}"))
}

fn is_a_condition(requirement: &Requirement) -> bool {
    let unit = match requirement {
        Requirement::Compare { bound: q, .. }
        | Requirement::Range { low: q, .. }
        | Requirement::Tolerance { nominal: q, .. } => &q.unit,
        Requirement::Deviation { .. } | Requirement::Each { .. } | Requirement::Named(_) => {
            return false
        }
    };
    let dimension = unit.dimension();
    !unit.symbol().is_empty() && !dimension.is_count() && !dimension.is_currency()
}

/// The percentages a text states, in the order written (`±3% more or less`, `增减3%`, `5 ％`): each number written
/// right before a per-cent sign, without its sign.
pub fn percentages_stated(text: &str) -> Vec<f64> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices(['%', '％']) {
        let before = text.get(..at).unwrap_or("").trim_end_matches(' ');
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
            .last()
            .map_or(before.len(), |(i, _)| i);
        let number = before.get(start..).unwrap_or("").trim_start_matches('.');
        if let Ok(value) = number.parse::<f64>() {
            if value.is_finite() {
                found.push(value);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::conditions_stated;

    fn read(text: &str) -> Vec<String> {
        conditions_stated(text)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_viscometer_method_states_its_speed_and_temperature() {
        assert_eq!(
            read("Brookfield RVT spindle 4 @ 20 rpm, 25 °C"),
            ["20 rpm ± 1%", "25 °C ± 1 K"]
        );
    }

    #[test]
    fn a_tolerance_stays_one_condition() {
        assert_eq!(
            read("conditioned 24 h at 23 ± 2 °C"),
            ["24 h ± 1%", "23 °C ± 2 °C"]
        );
    }

    #[test]
    fn counts_standards_and_bare_numbers_are_no_conditions() {
        assert!(read("ISO 2409 cross-cut, 6 cuts, class 1").is_empty());
        assert!(read("drop test, 10 drops, 3 cartons").is_empty());
        assert!(read("±0.5 mm").is_empty());
    }

    #[test]
    fn a_word_after_the_unit_ends_the_condition() {
        assert_eq!(read("drop from 1.2 m onto concrete"), ["1.2 m ± 1%"]);
    }

    #[test]
    fn every_row_of_the_tolerance_table_reads() {
        let rows = include_str!("../../data/condition_tolerances.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("measures\t"))
            .count();
        assert_eq!(super::tolerances().len(), rows);
        assert!(super::tolerances().iter().any(|(m, _)| m == "*"));
    }

    #[test]
    fn close_readings_of_one_condition_overlap_and_far_ones_do_not() {
        let one = |t: &str| conditions_stated(t).remove(0);
        let overlaps = |a: &str, b: &str| one(a).overlaps(&one(b)).unwrap_or(false);
        assert!(overlaps("25 mm strip", "25.4 mm strip"));
        assert!(overlaps("at 23 °C", "at 24.5 °C"));
        assert!(!overlaps("@ 20 rpm", "@ 50 rpm"));
        assert!(!overlaps("at 23 °C", "at 40 °C"));
        assert!(overlaps("23 ± 2 °C", "at 25 °C"));
    }

    #[test]
    fn a_bracket_in_a_unit_is_no_separator() {
        assert_eq!(
            read("background 60 dB(A) max (23 °C; 50 % RH)"),
            ["<= 60 dB(A)", "23 °C ± 1 K", "50 % ± 1%"]
        );
    }

    #[test]
    fn a_slash_between_conditions_separates_them_and_a_humidity_band_reads() {
        assert_eq!(
            read("23 ± 2 °C / 50 ± 5 % RH, 300 mm/min"),
            ["23 °C ± 2 °C", "50 % ± 5 %", "300 mm/min ± 1%"]
        );
        assert_eq!(
            read("boil 1 L at 220 V~ 50 Hz"),
            ["1 L ± 1%", "220 V~ ± 1%", "50 Hz ± 1%"]
        );
    }

    #[test]
    fn percentages_are_read_with_their_numbers() {
        use super::percentages_stated;
        assert_eq!(
            percentages_stated(
                "Quantity tolerance: ±3% more or less; 数量允许增减3%。 deposit 30 %"
            ),
            [3.0, 3.0, 30.0]
        );
        assert_eq!(percentages_stated("2.5％ of the lot"), [2.5]);
        assert!(percentages_stated("100 pcs, no sign").is_empty());
    }
}
