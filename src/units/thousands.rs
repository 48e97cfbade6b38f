//! Thousands separators in numbers (`10,000 cycles`): read where they cannot be a decimal comma, and a record's
//! own convention decides the one ambiguous form, a single group (`1,500`).

use std::cell::Cell;

thread_local! {
    /// Whether a single comma group (`10,000`) reads as thousands while a record is typed.
    static ALLOWED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with single-group thousands separators read (`allowed`) or refused, restoring the setting after, also
/// when `f` unwinds.
pub fn with_separators<R>(allowed: bool, f: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            ALLOWED.with(|a| a.set(self.0));
        }
    }
    let _restore = Restore(ALLOWED.with(|a| a.replace(allowed)));
    f()
}

pub(crate) fn separators_allowed() -> bool {
    ALLOWED.with(Cell::get)
}

/// Whether a text writes a decimal comma somewhere: a comma between digits that is not followed by exactly three
/// digits (`1,5`, `0,25`, `12,3456`), or that follows a lone `0` (`0,125`). Lists of numbers (`36,37,38`) count too:
/// the cautious side, as a single group is then refused as before.
pub fn writes_decimal_comma(text: &str) -> bool {
    decimal_comma_at(text).is_some()
}

/// Where the first decimal comma of `writes_decimal_comma` is (the comma's byte offset).
pub fn decimal_comma_at(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().position(|(i, &b)| {
        if b != b',' || i == 0 || !bytes[i - 1].is_ascii_digit() {
            return false;
        }
        let after = bytes[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if after == 0 {
            return false;
        }
        let before = bytes[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let lone_zero = before == 1 && bytes[i - 1] == b'0';
        after != 3 || lone_zero
    })
}

/// A number with comma groups at the start of `text`: its digits without commas (with a leading sign and a
/// fraction as written), its byte length, the number of groups and whether a decimal point follows. `None` unless
/// it is `[sign]d{1,3}(,ddd)+[.d+]` with a first group not starting with 0 and no digit or comma-digit after.
pub(crate) fn read_grouped(text: &str) -> Option<(String, usize, usize, bool)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut plain = String::new();
    // A sign as the scanner reads it: `+`, or any of the minus signs (`−10,000` is minus ten thousand).
    if let Some(sign) = text.chars().next() {
        if sign == '+' || super::MINUS_SIGNS.contains(&sign) {
            plain.push(if sign == '+' { '+' } else { '-' });
            at = sign.len_utf8();
        }
    }
    let lead = bytes[at..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if !(1..=3).contains(&lead) || bytes[at] == b'0' {
        return None;
    }
    plain.push_str(text.get(at..at + lead)?);
    at += lead;
    let mut groups = 0;
    while bytes.get(at) == Some(&b',') {
        let run = bytes[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if run != 3 {
            return None;
        }
        plain.push_str(text.get(at + 1..at + 4)?);
        at += 4;
        groups += 1;
    }
    if groups == 0 {
        return None;
    }
    let mut fraction = false;
    if bytes.get(at) == Some(&b'.') {
        let run = bytes[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if run > 0 {
            plain.push_str(text.get(at..at + 1 + run)?);
            at += 1 + run;
            fraction = true;
        }
    }
    Some((plain, at, groups, fraction))
}

#[cfg(test)]
mod tests {
    use super::{read_grouped, with_separators, writes_decimal_comma};
    use crate::units::Quantity;

    #[test]
    fn several_groups_or_a_decimal_point_always_read() {
        assert_eq!(
            Quantity::parse("1,250,000 pcs").map(|q| q.value),
            Ok(1_250_000.0)
        );
        assert_eq!(Quantity::parse("1,234.5 mm").map(|q| q.value), Ok(1234.5));
        assert_eq!(
            Quantity::parse("\u{2212}1,250,000 pcs").map(|q| q.value),
            Ok(-1_250_000.0)
        );
    }

    #[test]
    fn one_group_reads_only_where_the_record_allows_it() {
        assert!(Quantity::parse("10,000 cycles").is_err());
        let read = with_separators(true, || Quantity::parse("10,000 cycles"));
        assert_eq!(read.map(|q| q.value), Ok(10_000.0));
        assert!(
            Quantity::parse("10,000 cycles").is_err(),
            "the setting is restored"
        );
        assert!(with_separators(true, || Quantity::parse("1,5 mm")).is_err());
        assert!(with_separators(true, || Quantity::parse("0,125 mm")).is_err());
    }

    #[test]
    fn decimal_commas_are_found_and_groups_are_not() {
        assert!(writes_decimal_comma("thickness: 1,5 mm"));
        assert!(writes_decimal_comma("0,125 mm"));
        assert!(writes_decimal_comma("sizes 36,37,38"));
        assert!(!writes_decimal_comma(
            "10,000 cycles, 1,250,000 pcs; 3, 4 and 5"
        ));
    }

    #[test]
    fn malformed_groups_are_not_read() {
        assert_eq!(read_grouped("12,34 mm"), None);
        assert_eq!(read_grouped("1234,567"), None);
        assert_eq!(read_grouped("0,500"), None);
        assert_eq!(read_grouped("1,0000"), None);
    }
}
