//! The claim-window vocabulary of `data/windows.tsv`: the events a window counts from, the number words
//! its length may be spelt in, the words of days that are not calendar days, and the platform's own limits on a
//! window, read once.

use std::collections::HashMap;
use std::sync::OnceLock;

const SOURCE: &str = include_str!("../../data/windows.tsv");

/// The parsed vocabulary.
#[derive(Debug, Default)]
pub struct Vocabulary {
    anchors: HashMap<String, &'static str>,
    numbers: HashMap<String, &'static str>,
    limits: Vec<(&'static str, u32)>,
    /// Words that make a day a working day (`working`, `business`, `工作日`), lower case.
    day_words: Vec<&'static str>,
    /// Rows that do not parse (a test keeps this empty).
    pub problems: Vec<String>,
}

/// The bundled vocabulary.
pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| Vocabulary::parse(SOURCE))
}

/// Lower case, single spaces, no leading "the", no trailing punctuation: how phrases are compared.
pub fn normalise(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ").to_lowercase();
    let trimmed = joined.trim_end_matches(['.', ',', ';', ':']);
    trimmed.strip_prefix("the ").unwrap_or(trimmed).to_owned()
}

impl Vocabulary {
    fn parse(source: &'static str) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        for (number, line) in source.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("kind\t") {
                continue;
            }
            match line.split('\t').collect::<Vec<_>>().as_slice() {
                ["anchor", phrase, meaning] => {
                    vocabulary.anchors.insert(normalise(phrase), meaning);
                }
                ["number", word, value] if value.parse::<u32>().is_ok() => {
                    vocabulary.numbers.insert(normalise(word), value);
                }
                ["limit", event, days] if days.parse::<u32>().is_ok() => {
                    vocabulary.limits.push((event, days.parse().unwrap_or(0)));
                }
                ["day", word, why] if !word.trim().is_empty() && !why.trim().is_empty() => {
                    vocabulary.day_words.push(word.trim());
                }
                _ => vocabulary.problems.push(format!(
                    "data/windows.tsv:{}: not `kind\tphrase\tmeaning`",
                    number + 1
                )),
            }
        }
        vocabulary
    }

    /// The event an anchor phrase names (`receipt`, `delivery`, `arrival`, `shipment`).
    pub fn event(&self, anchor: &str) -> Option<&'static str> {
        self.anchors.get(&normalise(anchor)).copied()
    }

    /// The platform's own limits on a claim window, whatever the contract says: (event, days after it).
    pub fn limits(&self) -> &[(&'static str, u32)] {
        &self.limits
    }

    /// Whether a word makes a day one that is not a calendar day (`working`, `Business`).
    pub fn is_working_day_word(&self, word: &str) -> bool {
        self.day_words.iter().any(|w| w.eq_ignore_ascii_case(word))
    }

    /// Whether a text counts working days in a script written without word spaces (`3个工作日`): a number, an
    /// optional measure word `个`, then a day word that is not ASCII.
    pub fn counts_working_days_unspaced(&self, text: &str) -> bool {
        self.day_words.iter().filter(|w| !w.is_ascii()).any(|word| {
            text.match_indices(word).any(|(i, _)| {
                text[..i]
                    .trim_end_matches('个')
                    .ends_with(|c: char| c.is_ascii_digit())
            })
        })
    }

    /// The digits of a number word (`thirty` -> `30`).
    pub fn number(&self, word: &str) -> Option<&'static str> {
        self.numbers.get(&normalise(word)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::{normalise, vocabulary};

    #[test]
    fn the_vocabulary_parses_and_reads_contract_wording() {
        let v = vocabulary();
        assert!(v.problems.is_empty(), "{:?}", v.problems);
        assert_eq!(v.event("Confirmed  Receipt"), Some("receipt"));
        assert_eq!(v.event("the date of delivery."), Some("delivery"));
        assert_eq!(v.event("B/L date"), Some("shipment"));
        assert_eq!(v.event("inspection"), None);
        assert_eq!(v.number("Thirty"), Some("30"));
        assert_eq!(v.limits(), &[("receipt", 30)]);
        assert!(v.is_working_day_word("Business") && !v.is_working_day_word("calendar"));
        assert!(
            v.counts_working_days_unspaced("3个工作日内")
                && !v.counts_working_days_unspaced("工作日内")
        );
        assert_eq!(normalise("  The  Arrival "), "arrival");
    }
}
