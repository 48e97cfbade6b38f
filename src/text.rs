//! Phrase matching in free text: case- and whitespace-insensitive, reporting byte ranges in the original text,
//! so a lexicon hit inside a folded or literal YAML block still points at the exact characters;
//! and "did you mean" suggestions for misspelt names.

/// Lower-cases and collapses every run of whitespace to one space, trimming both ends.
pub fn normalise(text: &str) -> String {
    Normalised::new(text).text
}

/// Normalised text with, for every byte of it, the byte range of the original character it came from.
struct Normalised {
    text: String,
    origin: Vec<(usize, usize)>,
}

impl Normalised {
    fn new(raw: &str) -> Self {
        let mut text = String::with_capacity(raw.len());
        let mut origin = Vec::with_capacity(raw.len());
        let mut pending_space: Option<(usize, usize)> = None;
        for (i, c) in raw.char_indices() {
            let range = (i, i + c.len_utf8());
            if c.is_whitespace() {
                pending_space.get_or_insert(range);
                continue;
            }
            if let Some(space) = pending_space.take() {
                if !text.is_empty() {
                    text.push(' ');
                    origin.push(space);
                }
            }
            for lower in c.to_lowercase() {
                let before = text.len();
                text.push(lower);
                origin.extend(std::iter::repeat_n(range, text.len() - before));
            }
        }
        Normalised { text, origin }
    }
}

/// A named requirement (a material, a standard) is met by a measured text when one names the other,
/// ignoring case and spacing: `SUS316L` meets `SUS316L stainless steel`.
pub fn names_match(measured: &str, required: &str) -> bool {
    let (m, r) = (normalise(measured), normalise(required));
    !m.is_empty() && (r.contains(&m) || m.contains(&r))
}

/// A phrase found in a text: the byte range in the original text and the index of the phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseHit {
    /// Start byte in the original text.
    pub start: usize,
    /// End byte in the original text.
    pub end: usize,
    /// Which phrase of the matcher.
    pub phrase: usize,
}

/// Finds whole-word occurrences of the matcher's (normalised) phrases in `raw`.
pub fn find_phrases(raw: &str, matcher: &aho_corasick::AhoCorasick) -> Vec<PhraseHit> {
    let normalised = Normalised::new(raw);
    let text = normalised.text.as_str();
    matcher
        .find_iter(text)
        .filter(|m| is_word_boundary(text, m.start(), m.end()))
        .filter_map(|m| {
            let (start, _) = *normalised.origin.get(m.start())?;
            let (_, end) = *normalised.origin.get(m.end().checked_sub(1)?)?;
            Some(PhraseHit {
                start,
                end,
                phrase: m.pattern().as_usize(),
            })
        })
        .collect()
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    !is_word(before) && !is_word(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(phrases: &[&str]) -> aho_corasick::AhoCorasick {
        aho_corasick::AhoCorasick::new(phrases.iter().map(|p| normalise(p))).unwrap()
    }

    #[test]
    fn finds_phrases_across_line_breaks_and_case() {
        let raw = "Machines of GOOD\n    quality, as per supplier's standard.";
        let hits = find_phrases(
            raw,
            &matcher(&["good quality", "as per supplier's standard"]),
        );
        let found: Vec<&str> = hits.iter().map(|h| &raw[h.start..h.end]).collect();
        assert_eq!(found, ["GOOD\n    quality", "as per supplier's standard"]);
    }

    #[test]
    fn ranges_stay_on_character_boundaries_next_to_non_ascii() {
        let raw = "TÜV SÜD: gute Qualität — good quality 好";
        let hits = find_phrases(raw, &matcher(&["good quality"]));
        assert_eq!(hits.len(), 1);
        assert_eq!(&raw[hits[0].start..hits[0].end], "good quality");
    }

    #[test]
    fn ignores_matches_inside_words() {
        let hits = find_phrases("goods quality", &matcher(&["good"]));
        assert!(hits.is_empty());
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a plausible typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(d, c)| *d <= limit || (c.starts_with(name) && name.len() >= 3))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c.to_owned())
}

#[cfg(test)]
mod suggest_tests {
    use super::closest;

    #[test]
    fn suggests_a_close_name_and_nothing_for_a_distant_one() {
        let names = ["throughput", "noise_level", "rated_capacity"];
        assert_eq!(closest("throughtput", names).as_deref(), Some("throughput"));
        assert_eq!(closest("colour", names), None);
    }
}
