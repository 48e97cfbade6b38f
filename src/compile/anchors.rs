//! A lexicon's anchor words in one automaton, so a text is searched once for all of them, not once per pattern.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// Anchor sets as numbers into `AnchorIndex::words`.
type Sets = Option<Vec<Vec<u32>>>;

/// Every distinct anchor word of a lexicon's phrases and excepts (`LexiconEntry::anchors`), numbered, with each
/// pattern's anchor sets as those numbers. Testing each of a lexicon's ~1,400 patterns with a substring search of the
/// text was a sixth of checking a small case; one pass of the automaton finds every word the text holds.
#[derive(Debug)]
pub struct AnchorIndex {
    words: Vec<String>,
    /// `None` only if the automaton cannot be built; the words are then searched one by one.
    automaton: Option<AhoCorasick>,
    entries: Vec<Sets>,
    excepts: Vec<Sets>,
}

/// The anchor words one text holds.
pub struct Present<'i> {
    index: &'i AnchorIndex,
    held: Vec<bool>,
}

impl AnchorIndex {
    /// The index of the anchor sets of a lexicon's entries and excepts, in their order.
    pub fn new<'s>(
        entries: impl Iterator<Item = &'s Option<Vec<Vec<String>>>>,
        excepts: impl Iterator<Item = &'s Option<Vec<Vec<String>>>>,
    ) -> Self {
        let mut words: Vec<String> = Vec::new();
        let mut numbers: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        let mut number = |sets: &Option<Vec<Vec<String>>>| -> Sets {
            let sets = sets.as_ref()?;
            Some(
                sets.iter()
                    .map(|set| {
                        set.iter()
                            .map(|word| {
                                *numbers.entry(word.clone()).or_insert_with(|| {
                                    words.push(word.clone());
                                    u32::try_from(words.len() - 1).unwrap_or(u32::MAX)
                                })
                            })
                            .collect()
                    })
                    .collect(),
            )
        };
        let entries: Vec<Sets> = entries.map(&mut number).collect();
        let excepts: Vec<Sets> = excepts.map(&mut number).collect();
        // Overlapping search reports every word at every place, as one substring search per word would.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(&words)
            .ok();
        AnchorIndex {
            words,
            automaton,
            entries,
            excepts,
        }
    }

    /// Which anchor words `folded` (`text::anchor_fold` of a text) holds.
    pub fn present(&self, folded: &str) -> Present<'_> {
        let mut held = vec![false; self.words.len()];
        match &self.automaton {
            Some(automaton) => {
                for found in automaton.find_overlapping_iter(folded) {
                    if let Some(slot) = held.get_mut(found.pattern().as_usize()) {
                        *slot = true;
                    }
                }
            }
            None => {
                for (slot, word) in held.iter_mut().zip(&self.words) {
                    *slot = folded.contains(word.as_str());
                }
            }
        }
        Present { index: self, held }
    }
}

impl Present<'_> {
    /// Whether the text holds a word of every anchor set of entry `i` (true for an entry without anchors).
    pub fn entry(&self, i: usize) -> bool {
        self.holds(self.index.entries.get(i))
    }

    /// Whether the text holds a word of every anchor set of except `i`.
    pub fn except(&self, i: usize) -> bool {
        self.holds(self.index.excepts.get(i))
    }

    fn holds(&self, sets: Option<&Sets>) -> bool {
        sets.and_then(Option::as_ref).is_none_or(|sets| {
            sets.iter().all(|set| {
                set.iter()
                    .any(|&n| self.held.get(n as usize).copied().unwrap_or(true))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::AnchorIndex;

    fn sets(words: &[&[&str]]) -> Option<Vec<Vec<String>>> {
        Some(
            words
                .iter()
                .map(|set| set.iter().map(|w| (*w).to_owned()).collect())
                .collect(),
        )
    }

    /// The index answers as a substring search per word does: words inside other words and overlapping words count,
    /// every set must hold one word, and a pattern without anchors is always searched.
    #[test]
    fn the_index_agrees_with_a_substring_search_per_word() {
        let entries = [
            sets(&[&["defect"], &["free", "clear"]]),
            sets(&[&["quality"]]),
            None,
            sets(&[&["质量"], &["好"]]),
            sets(&[&["of"], &["often"]]),
        ];
        let excepts = [sets(&[&["sample"]])];
        let index = AnchorIndex::new(entries.iter(), excepts.iter());
        for text in [
            "free of visible defects",
            "defect-free",
            "often of good qualityx",
            "质量好",
            "",
            "sample size 80",
        ] {
            let present = index.present(text);
            for (i, entry) in entries.iter().enumerate() {
                let expected = entry.as_ref().is_none_or(|sets| {
                    sets.iter()
                        .all(|set| set.iter().any(|w| text.contains(w.as_str())))
                });
                assert_eq!(present.entry(i), expected, "entry {i} in {text:?}");
            }
            assert_eq!(present.except(0), text.contains("sample"), "{text:?}");
        }
    }
}
