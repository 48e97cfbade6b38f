//! Did-you-mean for unknown unit symbols: the closest known spelling by edit distance.

use super::table::known_unit_symbols;

/// A known unit spelling close to `unknown`, if one is close enough to be a likely typo.
pub(crate) fn suggest(unknown: &str) -> Option<String> {
    let lower = unknown.to_lowercase();
    if let Some(same) = known_unit_symbols().find(|k| k.to_lowercase() == lower) {
        return Some(same.to_owned());
    }
    let length = unknown.chars().count();
    if length < 3 {
        return None;
    }
    let limit = if length <= 4 { 1 } else { 2 };
    known_unit_symbols()
        .map(|k| (strsim::levenshtein(unknown, k), k))
        .filter(|(d, _)| *d <= limit)
        // On a tie, the spelling sharing the longest start with the unknown text (`mgs` → `mg`, not `ms`).
        .min_by_key(|(d, k)| {
            let shared = unknown
                .chars()
                .zip(k.chars())
                .take_while(|(a, b)| a == b)
                .count();
            (*d, std::cmp::Reverse(shared))
        })
        .map(|(_, k)| k.to_owned())
}
