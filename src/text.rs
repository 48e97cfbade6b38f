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

/// A named requirement (a material, a standard) is met by a measured text when one names the other as whole
/// words, ignoring case and spacing: `SUS316L` meets `SUS316L stainless steel`. Where the requirement names a
/// material grade of `data/grades.tsv`, any designation of the same grade meets it (`AISI 304 (1.4301)` meets
/// `SUS304`) and no other grade does (`SUS316` does not meet `SUS316L`).
pub fn names_match(measured: &str, required: &str) -> bool {
    let (m, r) = (normalise(measured), normalise(required));
    if m.is_empty() {
        return false;
    }
    let required_grades = grades_named(&r);
    if !required_grades.is_empty() {
        let measured_grades = grades_named(&m);
        return required_grades.iter().all(|g| measured_grades.contains(g));
    }
    contains_words(&r, &m) || contains_words(&m, &r)
}

/// The standards a text names (`data/standards.tsv`), each as `prefix number` in lower case without its year:
/// `IEC 60335-1:2010+A2:2016 cl. 10.1` names `iec 60335-1`; `GB 4806.9-2016` names `gb 4806.9`.
pub fn standards_named(text: &str) -> Vec<String> {
    let lower = normalise(text);
    let mut found: Vec<String> = Vec::new();
    for prefix in standard_prefixes() {
        for (i, _) in lower.match_indices(prefix.as_str()) {
            if lower[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let rest = lower[i + prefix.len()..].trim_start_matches([' ', '.']);
            let number: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '/'))
                .collect();
            let number = number.trim_end_matches(['.', '-', '/']);
            // A standard number has a digit within its first two characters (`60335-1`, `f963-17`, `d3512`).
            if !number.chars().take(2).any(|c| c.is_ascii_digit()) {
                continue;
            }
            let number = without_year(number);
            // ASTM writes its year as two digits and a reapproval in brackets: `D882-18`, `D5748-95(2019)`.
            let number = match prefix.as_str() {
                "astm" => number
                    .split('(')
                    .next()
                    .map_or(number, |n| match n.rsplit_once('-') {
                        Some((base, yy))
                            if yy.len() == 2 && yy.bytes().all(|b| b.is_ascii_digit()) =>
                        {
                            base
                        }
                        _ => n,
                    }),
                _ => number,
            };
            let id = format!("{prefix} {number}");
            if !found.contains(&id) {
                found.push(id);
            }
        }
    }
    found
}

/// `4806.9-2016` -> `4806.9`; `71-3` stays.
fn without_year(number: &str) -> &str {
    match number.rsplit_once('-') {
        Some((base, year))
            if year.len() == 4
                && (year.starts_with("19") || year.starts_with("20"))
                && year.bytes().all(|b| b.is_ascii_digit()) =>
        {
            base
        }
        _ => number,
    }
}

fn standard_prefixes() -> &'static [String] {
    static PREFIXES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    PREFIXES.get_or_init(|| {
        include_str!("../data/standards.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && *l != "prefix" && !l.trim().is_empty())
            .map(normalise)
            .collect()
    })
}

/// Whether a text refers to an identified sample, drawing or similar document (`data/references.tsv`): one of
/// those words followed, later in the text, by a token with a digit (`approved sample AS-0412`, `dwg 1102 rev C`).
pub fn names_a_reference(text: &str) -> bool {
    let lower = normalise(text);
    reference_words().iter().any(|word| {
        lower.match_indices(word.as_str()).any(|(i, _)| {
            let bounded = !lower[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            bounded
                && lower[i + word.len()..]
                    .split_whitespace()
                    .any(|w| w.chars().any(|c| c.is_ascii_digit()))
        })
    })
}

fn reference_words() -> &'static [String] {
    static WORDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../data/references.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && *l != "word" && !l.trim().is_empty())
            .map(normalise)
            .collect()
    })
}

/// Whether a text names a material grade of `data/grades.tsv` (`SUS304`, `AISI 316L`, `1.4301`).
pub fn names_a_grade(text: &str) -> bool {
    !grades_named(&normalise(text)).is_empty()
}

/// Whether `needle` occurs in `hay` with no letter or digit touching it on either side.
fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Whether a whole text is the name of a grade group of `data/grades.tsv` (`304`, `316L`, `Q235`): written alone
/// as a requirement or a reading, a bare `304` names the grade, though inside other words it does not.
pub fn is_grade_name(text: &str) -> bool {
    let text = normalise(text);
    grades().iter().any(|(group, _)| normalise(group) == text)
}

/// The grade groups of `data/grades.tsv` a normalised text names (a group's own name only as the whole text).
fn grades_named(text: &str) -> Vec<&'static str> {
    grades()
        .iter()
        .filter(|(group, designations)| {
            designations.iter().any(|d| contains_words(text, d)) || normalise(group) == text
        })
        .map(|(group, _)| *group)
        .collect()
}

/// The grade table: each group with its designations, normalised.
fn grades() -> &'static [(&'static str, Vec<String>)] {
    static GRADES: std::sync::OnceLock<Vec<(&'static str, Vec<String>)>> =
        std::sync::OnceLock::new();
    GRADES.get_or_init(|| {
        include_str!("../data/grades.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("group\t") && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(group, list)| (group, list.split(',').map(normalise).collect()))
            .collect()
    })
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
mod grade_tests {
    use super::{names_match, standards_named};

    #[test]
    fn standards_are_read_without_their_years() {
        assert_eq!(
            standards_named("IEC 60335-1:2010+A2:2016 cl. 10.1 at 230 V"),
            ["iec 60335-1"]
        );
        assert_eq!(standards_named("GB 4806.9-2016"), ["gb 4806.9"]);
        assert_eq!(standards_named("ASTM F963-17 §8.9"), ["astm f963"]);
        assert_eq!(
            standards_named("ASTM D882-18"),
            standards_named("ASTM D882")
        );
        assert_eq!(standards_named("ASTM D5748-95(2019)"), ["astm d5748"]);
        assert_eq!(standards_named("ISO 105-C06:2010"), ["iso 105-c06"]);
        assert!(standards_named("Platform scale, 10 pcs").is_empty());
        assert!(standards_named("visual check per golden sample").is_empty());
    }

    #[test]
    fn grades_match_across_standards_and_never_across_grades() {
        assert!(names_match("AISI 304 (1.4301)", "SUS304 stainless steel"));
        assert!(names_match("06Cr19Ni10", "SUS304"));
        assert!(names_match("SUS316L", "SUS316L stainless steel"));
        assert!(!names_match("SUS316", "SUS316L"));
        assert!(!names_match("SUS316L", "SUS316"));
        assert!(names_match("316L", "SUS316L stainless steel"));
        assert!(!names_match("316L", "SUS304"));
        assert!(!names_match("AISI 201", "SUS304"));
        assert!(names_match("45# steel", "C45"));
        assert!(names_match("EN 71-3", "EN 71-3:2019"));
        assert!(!names_match("EN 71-3", "EN 71-31"));
    }
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

#[cfg(test)]
mod reference_tests {
    use super::names_a_reference;

    #[test]
    fn identified_samples_and_drawings_are_references() {
        assert!(names_a_reference(
            "speed of approved sample AS-0412 as filmed at the factory"
        ));
        assert!(names_a_reference("per drawing NJP-800-A rev 3"));
        assert!(!names_a_reference("as the approved sample"));
        assert!(!names_a_reference("as judged by the inspector"));
    }
}
