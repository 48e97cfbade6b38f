//! Words in free text: lexicon word patterns translated to case-insensitive regexes that match across white space
//! (so a hit inside a folded or literal YAML block points at the exact characters), sentences, the recognisers of
//! standards, grades and references (`data/*.tsv`), "did you mean" suggestions for misspelt names, and text made
//! safe to show on a terminal.

/// Lower-cases and collapses every run of whitespace to one space, trimming both ends.
pub fn normalise(text: &str) -> String {
    Normalised::new(text).text
}

struct Normalised {
    text: String,
}

impl Normalised {
    fn new(raw: &str) -> Self {
        let mut text = String::with_capacity(raw.len());
        let mut pending_space = false;
        for c in raw.chars() {
            if c.is_whitespace() {
                pending_space = true;
                continue;
            }
            if std::mem::take(&mut pending_space) && !text.is_empty() {
                text.push(' ');
            }
            text.extend(c.to_lowercase());
        }
        Normalised { text }
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
            // Chinese writes a standard against its words (`按ISO 9227中性盐雾`): its characters are not part of it.
            if lower[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() && !is_cjk(c))
            {
                continue;
            }
            let rest = after_number_word(lower[i + prefix.len()..].trim_start_matches([' ', '.']));
            // A division letter before the number is part of it (`JIS A 1460`, `KS M 1998`), written with or
            // without its space.
            let joined;
            let rest = match rest.as_bytes() {
                [letter, b' ', digit, ..]
                    if letter.is_ascii_alphabetic() && digit.is_ascii_digit() =>
                {
                    joined = format!("{}{}", char::from(*letter), rest.get(2..).unwrap_or(""));
                    joined.as_str()
                }
                _ => rest,
            };
            let number: String = rest
                .chars()
                .take_while(|c| {
                    (c.is_alphanumeric() && !is_cjk(*c)) || matches!(c, '.' | '-' | '/')
                })
                .collect();
            let number = number.trim_end_matches(['.', '-', '/']);
            // A standard number has a digit within its first two characters (`60335-1`, `f963-17`, `d3512`), or is a
            // short series of letters, a hyphen and a number (`HP-1` of ANSI/HPVA).
            let series = number.split_once('-').is_some_and(|(letters, digits)| {
                (1..=3).contains(&letters.len())
                    && letters.chars().all(|c| c.is_ascii_alphabetic())
                    && digits.starts_with(|c: char| c.is_ascii_digit())
            });
            if !number.chars().take(2).any(|c| c.is_ascii_digit()) && !series {
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
            // ASTM's inch-pound and metric editions are one standard: `D3330/D3330M` is `D3330`.
            let number = match number.split_once('/') {
                Some((base, metric)) if metric.strip_suffix('m') == Some(base) => base,
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

/// The text after a word that only says "number" before a number (`Regulation (EC) No 1935/2004`, `Nr. 5`).
fn after_number_word(rest: &str) -> &str {
    ["no.", "no", "nr.", "nr", "number", "№"]
        .iter()
        .find_map(|word| {
            rest.strip_prefix(word)
                .map(|after| after.trim_start_matches([' ', '.']))
                .filter(|after| after.starts_with(|c: char| c.is_ascii_digit()))
        })
        .unwrap_or(rest)
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

/// The inspection bodies a text names (`data/inspection_bodies.tsv`), each by its first name in the table and once:
/// `SGS-CSTC Standards Technical Services` names `SGS`. A name counts as whole words, ignoring case.
pub fn bodies_named(text: &str) -> Vec<String> {
    let lower = normalise(text);
    let whole = |name: &str| {
        lower.match_indices(name).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + name.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    };
    inspection_bodies()
        .iter()
        .filter(|(_, names)| names.iter().any(|n| whole(n)))
        .map(|(body, _)| body.clone())
        .collect()
}

/// The rows of `data/inspection_bodies.tsv`: each body's name, and all its names normalised (its own first).
fn inspection_bodies() -> &'static [(String, Vec<String>)] {
    static BODIES: std::sync::OnceLock<Vec<(String, Vec<String>)>> = std::sync::OnceLock::new();
    BODIES.get_or_init(|| {
        include_str!("../data/inspection_bodies.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("body\t") && !l.trim().is_empty())
            .filter_map(|l| {
                let (body, others) = l.split_once('\t')?;
                let names = std::iter::once(body)
                    .chain(others.split(','))
                    .map(|n| normalise(n.trim()))
                    .filter(|n| !n.is_empty())
                    .collect();
                Some((body.trim().to_owned(), names))
            })
            .collect()
    })
}

/// Whether a text refers to an identified sample, drawing or similar document (`data/references.tsv`): one of
/// those words followed, later in the text, by a token with a digit (`approved sample AS-0412`, `dwg 1102 rev C`).
pub fn names_a_reference(text: &str) -> bool {
    if names_a_model(text) || names_a_makers_model(text) {
        return true;
    }
    let lower = normalise(text);
    reference_words().iter().any(|word| {
        lower.match_indices(word.as_str()).any(|(i, _)| {
            // A Chinese word stands against its neighbours (`按封样GS-0412`): only a letter of a spaced script joins it.
            let bounded = !lower[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() && !is_cjk(c));
            bounded
                && lower[i + word.len()..]
                    .split_whitespace()
                    .any(|w| w.chars().any(|c| c.is_ascii_digit()))
        })
    })
}

/// A maker's model or part number (`S7-1200`, `HLG-150H-24A`, `6ES7 214`): a word of letters and at least two digits
/// joined by a hyphen, which names one product exactly.
fn names_a_model(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')'))
        .any(|word| {
            let digits = word.chars().filter(char::is_ascii_digit).count();
            let letters = word.chars().any(|c| c.is_ascii_alphabetic());
            let joined = word.trim_matches('-').contains('-');
            digits >= 2 && letters && joined && word.starts_with(|c: char| c.is_ascii_alphabetic())
        })
}

/// Whether a text names a maker of `data/makers.tsv` with a model within three words after it (`Mitsubishi FX5U`,
/// `Videojet 1580`, `Blum CLIP top BLUMOTION`): a word with a digit, or of at least three capitals.
pub fn names_a_makers_model(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':'))
        .filter(|w| !w.is_empty())
        .collect();
    let model = |w: &str| {
        w.chars().any(|c| c.is_ascii_digit())
            || (w.chars().filter(char::is_ascii_uppercase).count() >= 3
                && w.chars().all(|c| c.is_ascii_uppercase() || c == '-'))
    };
    makers().iter().any(|maker| {
        let size = maker.len();
        (0..words.len().saturating_sub(size - 1)).any(|i| {
            let named = words[i..i + size]
                .iter()
                .zip(maker)
                .all(|(w, m)| same_maker_word(w, m));
            named && words.iter().skip(i + size).take(3).any(|w| model(w))
        })
    })
}

/// Whether a written word is a maker's name word: a name in capitals (`SICK`, `SEW`, `SKF`) only as written, since
/// the same letters in lower case are ordinary words (`sick`, `sew`); other names in any case (`siemens`).
fn same_maker_word(written: &str, name: &str) -> bool {
    if name.chars().all(|c| !c.is_lowercase()) && name.chars().any(char::is_uppercase) {
        written == name
    } else {
        written.eq_ignore_ascii_case(name)
    }
}

/// The text with its Traditional Chinese characters read as Simplified (`data/hanzi_traditional.tsv`): 品質穩定 reads
/// as 品质稳定, so one lexicon of Simplified phrases finds contracts from Taiwan and Hong Kong. Each pair is one character
/// to one of the same UTF-8 length, so every byte offset of the result is the same place in `text`.
pub fn simplified_han(text: &str) -> std::borrow::Cow<'_, str> {
    // Han characters start at U+3400: a text without any (most of them) costs no table.
    if !text.chars().any(|c| c >= '\u{3400}') {
        return std::borrow::Cow::Borrowed(text);
    }
    static PAIRS: std::sync::OnceLock<std::collections::HashMap<char, char>> =
        std::sync::OnceLock::new();
    let pairs = PAIRS.get_or_init(|| {
        include_str!("../data/hanzi_traditional.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (from, to) = l.split_once('\t')?;
                let (mut from, mut to) = (from.chars(), to.chars());
                let pair = (from.next()?, to.next()?);
                // One character each, of one length, or the offsets would move.
                (from.next().is_none()
                    && to.next().is_none()
                    && pair.0.len_utf8() == pair.1.len_utf8())
                .then_some(pair)
            })
            .collect()
    });
    if !text.chars().any(|c| pairs.contains_key(&c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| pairs.get(&c).copied().unwrap_or(c))
            .collect(),
    )
}

fn makers() -> &'static [Vec<String>] {
    static MAKERS: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    MAKERS.get_or_init(|| {
        include_str!("../data/makers.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && *l != "maker" && !l.trim().is_empty())
            .map(|l| l.split_whitespace().map(str::to_owned).collect())
            .collect()
    })
}

/// Whether a text holds a calendar date: `2026-05-15`, `15 May 2026`, `May 15, 2026`, `15/05/2026`,
/// `2026年5月15日`. A time word with a date beside it (`timely shipment: latest on-board date 2026-05-15`) is precise.
pub fn names_a_date(text: &str) -> bool {
    static DATE: std::sync::OnceLock<Option<regex_automata::meta::Regex>> =
        std::sync::OnceLock::new();
    DATE.get_or_init(|| {
        let month = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?";
        regex_automata::meta::Regex::new(&format!(
            r"(?i)\b(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}|\d{{1,2}}\s+{month}\s+\d{{4}}|{month}\s+\d{{1,2}},?\s+\d{{4}})\b|\d{{4}}年\d{{1,2}}月(?:\d{{1,2}}日)?"
        ))
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(text))
}

/// A lot or batch code without the label word written before it (`LOT 2026-05-A`, `Batch No.: B0415`, `批号：260415`
/// give `2026-05-A`, `B0415`, `260415`): the words are `data/lot_labels.tsv`, matched ignoring case when a space,
/// colon, `#` or full stop follows. The code itself is kept as written.
pub fn lot_code(text: &str) -> &str {
    static LABELS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let labels = LABELS.get_or_init(|| {
        let mut words: Vec<String> = data_words(include_str!("../data/lot_labels.tsv"))
            .into_iter()
            .map(str::to_lowercase)
            .collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words
    });
    let trimmed = text.trim();
    let separators = [' ', ':', '：', '#', '.', '\t'];
    for label in labels {
        let Some(head) = trimmed.get(..label.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(label) && head.to_lowercase() != *label {
            continue;
        }
        let rest = &trimmed[label.len()..];
        let cjk_label = label.chars().any(is_cjk);
        if rest.starts_with(separators) || (cjk_label && !rest.is_empty()) {
            let code = rest.trim_start_matches(separators);
            if !code.is_empty() {
                return code;
            }
        }
    }
    trimmed
}

/// The words of a one-column data file (`data/conditions.tsv`, `data/differences.tsv`): its lines without comments,
/// blank lines and the `word` header, trimmed.
pub(crate) fn data_words(tsv: &'static str) -> Vec<&'static str> {
    tsv.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && *l != "word")
        .collect()
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

/// `text` with the digits of every hedged number blanked (`about 4 mins or so`, `约30天`, `30天左右`; the hedges of
/// `data/hedges.tsv`): a hedged number is the vague part of a sentence, never the evidence that makes another phrase
/// of it precise.
pub fn without_hedged_numbers(text: &str) -> std::borrow::Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_ascii_digit() {
            continue;
        }
        let mut end = start + 1;
        while let Some(&(i, n)) = chars.peek() {
            if n.is_ascii_digit() || matches!(n, '.' | ',') {
                end = i + n.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        if hedged(text, start, end) {
            let blanked = out.get_or_insert_with(|| text.to_owned());
            blanked.replace_range(start..end, &"x".repeat(end - start));
        }
    }
    out.map_or(std::borrow::Cow::Borrowed(text), std::borrow::Cow::Owned)
}

/// Whether the number at `start..end` of `text` has a hedge right before it, or right after it and its unit.
fn hedged(text: &str, start: usize, end: usize) -> bool {
    // A hedge is a few words long: looking at a few characters each side keeps a long sentence of numbers linear.
    let before: String = text
        .get(..start)
        .unwrap_or("")
        .chars()
        .rev()
        .take(24)
        .collect();
    // A sign between the hedge and its number is part of the hedged value (`approx ±0.5mm`).
    let before = normalise(&before.chars().rev().collect::<String>())
        .trim_end_matches(['±', '+', '-', '~', '−', ' '])
        .to_owned();
    let after = normalise(
        &text
            .get(end..)
            .unwrap_or("")
            .chars()
            .take(32)
            .collect::<String>(),
    );
    let after = after.trim_start();
    // The unit after the number: one spaced word, or the characters glued to it up to a hedge (`30天左右`).
    let unit_len = after.find(char::is_whitespace).unwrap_or(after.len());
    hedges().iter().any(|(word, before_number)| {
        if *before_number {
            before
                .strip_suffix(word.as_str())
                .is_some_and(|rest| !rest.ends_with(|c: char| c.is_alphanumeric() && !is_cjk(c)))
        } else {
            let glued = after
                .get(..unit_len)
                .is_some_and(|unit| unit.contains(word.as_str()));
            let spaced = after.get(unit_len..).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.starts_with(word.as_str())
                    && !rest[word.len()..].starts_with(|c: char| c.is_alphanumeric())
            });
            glued || spaced || after.starts_with(word.as_str())
        }
    })
}

/// Whether `word` is a hedge of `data/hedges.tsv` (`approx.`, `ca`, `约`), ignoring case.
pub fn is_hedge_word(word: &str) -> bool {
    let word = normalise(word);
    hedges().iter().any(|(hedge, _)| *hedge == word)
}

/// Whether `token` is a chemical element symbol of `data/elements.tsv` as written (`Ni`, `Au`, `Pb`; not `ni`).
pub fn is_element_symbol(token: &str) -> bool {
    static SYMBOLS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    SYMBOLS
        .get_or_init(|| {
            data_words(include_str!("../data/elements.tsv"))
                .into_iter()
                .filter(|w| *w != "symbol")
                .collect()
        })
        .contains(&token)
}

fn hedges() -> &'static [(String, bool)] {
    static HEDGES: std::sync::OnceLock<Vec<(String, bool)>> = std::sync::OnceLock::new();
    HEDGES.get_or_init(|| {
        include_str!("../data/hedges.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && *l != "word\tside" && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(word, side)| (normalise(word), side.trim() == "before"))
            .collect()
    })
}

/// Whether a text names a material of `data/materials.tsv` as whole words: a wood species, a polymer, a fibre
/// (`HDPE`, `solid white oak (Quercus alba)`).
pub fn names_a_material(text: &str) -> bool {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        include_str!("../data/materials.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && *l != "name" && !l.trim().is_empty())
            .map(normalise)
            .collect()
    });
    let lower = normalise(text);
    names.iter().any(|n| contains_words(&lower, n))
}

/// Whether a text names a material grade of `data/grades.tsv` (`SUS304`, `AISI 316L`, `1.4301`).
pub fn names_a_grade(text: &str) -> bool {
    !grades_named(&normalise(text)).is_empty()
}

/// Whether a text labels a designation as a grade or class: the word `grade` or `class` beside a token of letters
/// and digits (`GC300 grade`, `grade S355`). Such a designation is checked against its standard or a certificate,
/// even where `data/grades.tsv` does not list it; `grade A` (no digit) and `grade 4` (a scale reading) are not.
pub fn labels_a_grade(text: &str) -> bool {
    let label = |w: &str| w.eq_ignore_ascii_case("grade") || w.eq_ignore_ascii_case("class");
    // `1st choice` is a rank, not a designation.
    let ordinal = |w: &str| {
        ["st", "nd", "rd", "th"]
            .iter()
            .any(|s| w.to_lowercase().ends_with(s))
    };
    // A designation mixes letters and digits (`GC300`, `S355`): `grade 4` is a reading on a scale, not a grade.
    let designation = |w: &str| {
        w.chars().any(|c| c.is_ascii_digit())
            && w.chars().any(|c| c.is_ascii_alphabetic())
            && w.len() <= 12
            && !ordinal(w)
    };
    // Within one stretch between commas: `AAA grade, 1st choice` labels nothing.
    text.split([',', ';', '(', ')', '，', '；']).any(|stretch| {
        let words: Vec<&str> = stretch
            .split(|c: char| c.is_whitespace() || c == ':')
            .filter(|w| !w.is_empty())
            .collect();
        words.windows(2).any(|pair| {
            (label(pair[0]) && designation(pair[1])) || (designation(pair[0]) && label(pair[1]))
        })
    })
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
    grades().iter().any(|grade| grade.name == text)
}

/// The grade groups of `data/grades.tsv` a normalised text names (a group's own name only as the whole text).
fn grades_named(text: &str) -> Vec<&'static str> {
    // A designation stands in the text as whole words, so its first word is one of the text's words: only the
    // designations whose first word the text holds are searched for (searching every one for every text typed was a
    // fifth of typing a case's records).
    let (index, table) = (grade_index(), grades());
    let mut found = vec![false; table.len()];
    let words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    for &(group, designation) in words
        .filter_map(|w| index.by_first_word.get(w))
        .flatten()
        .chain(&index.unindexed)
    {
        let designation = table
            .get(group)
            .and_then(|g| g.designations.get(designation));
        if let (Some(slot), Some(d)) = (found.get_mut(group), designation) {
            *slot = *slot || contains_words(text, d);
        }
    }
    table
        .iter()
        .zip(found)
        .filter(|(grade, found)| *found || grade.name == text)
        .map(|(grade, _)| grade.group)
        .collect()
}

/// The designations of the grade table by their first word: (group, designation) positions in `grades()`.
struct GradeIndex {
    by_first_word: std::collections::HashMap<&'static str, Vec<(usize, usize)>>,
    /// Designations that do not start with a letter or digit, searched for in every text.
    unindexed: Vec<(usize, usize)>,
}

fn grade_index() -> &'static GradeIndex {
    static INDEX: std::sync::OnceLock<GradeIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = GradeIndex {
            by_first_word: std::collections::HashMap::new(),
            unindexed: Vec::new(),
        };
        for (g, grade) in grades().iter().enumerate() {
            for (d, designation) in grade.designations.iter().enumerate() {
                let first = designation.split(|c: char| !c.is_alphanumeric()).next();
                match first.filter(|w| !w.is_empty()) {
                    Some(word) => index.by_first_word.entry(word).or_default().push((g, d)),
                    None => index.unindexed.push((g, d)),
                }
            }
        }
        index
    })
}

/// A grade group of `data/grades.tsv`: its name as written and normalised, and its designations, normalised.
struct Grade {
    group: &'static str,
    /// Normalised once here: normalising on every lookup was a quarter of typing a case's records.
    name: String,
    designations: Vec<String>,
}

/// The grade table.
fn grades() -> &'static [Grade] {
    static GRADES: std::sync::OnceLock<Vec<Grade>> = std::sync::OnceLock::new();
    GRADES.get_or_init(|| {
        include_str!("../data/grades.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("group\t") && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(group, list)| Grade {
                group,
                name: normalise(group),
                designations: list.split(',').map(normalise).collect(),
            })
            .collect()
    })
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
        assert_eq!(
            standards_named("Regulation (EC) No 1935/2004"),
            ["regulation (ec) 1935/2004"]
        );
        assert_eq!(standards_named("ASTM F963-17 §8.9"), ["astm f963"]);
        assert_eq!(
            standards_named("ASTM D882-18"),
            standards_named("ASTM D882")
        );
        assert_eq!(standards_named("ASTM D5748-95(2019)"), ["astm d5748"]);
        assert_eq!(
            standards_named("ASTM D3330/D3330M-04(2018) Method A"),
            ["astm d3330"]
        );
        // A division letter before the number, with or without its space.
        assert_eq!(standards_named("JIS A 1460 desiccator"), ["jis a1460"]);
        assert_eq!(standards_named("JIS A1460"), standards_named("JIS A 1460"));
        assert_eq!(standards_named("ECE R90 Annex 7"), ["ece r90"]);
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
mod body_tests {
    use super::bodies_named;

    #[test]
    fn a_body_is_named_by_any_of_its_names_as_whole_words() {
        assert_eq!(
            bodies_named("SGS-CSTC Standards Technical Services Co., Ltd."),
            ["SGS"]
        );
        assert_eq!(bodies_named("TUV SUD Shanghai"), ["TÜV SÜD"]);
        assert_eq!(
            bodies_named("SGS or Bureau Veritas"),
            ["SGS", "Bureau Veritas"]
        );
        assert!(bodies_named("Hongda QC department").is_empty());
        // `BV` inside a word is not Bureau Veritas, nor `UL` inside `Ultra`.
        assert!(bodies_named("BVLGARI Ultra Trading").is_empty());
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

    #[test]
    fn a_decimal_before_a_unit_is_content_not_clause_numbering() {
        use super::without_list_marker;
        assert_eq!(without_list_marker("0.5 mm thick"), "0.5 mm thick");
        assert_eq!(without_list_marker("2.5 kg net"), "2.5 kg net");
        assert_eq!(
            without_list_marker("5.2 Cartons to be heavy-duty"),
            "Cartons to be heavy-duty"
        );
        assert_eq!(without_list_marker("3) strong carton"), "strong carton");
    }

    #[test]
    fn a_maker_named_in_capitals_is_that_maker_only_as_written() {
        assert!(super::names_a_makers_model("light curtain SICK C4000"));
        assert!(super::names_a_makers_model("PLC siemens S7-1200"));
        assert!(!super::names_a_makers_model("sick leave of 10 days"));
        assert!(!super::names_a_makers_model("sew 12 stitches per inch"));
    }
}

/// A character a terminal acts on instead of showing, or that reorders what is shown: control characters
/// (C0 such as ESC, BEL, CR and LF; DEL; C1) and the bidirectional embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069).
pub fn is_hidden_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text with every hidden control character written visibly as `\u{1b}` (line feed as `\n`, carriage return
/// as `\r`; a tab stays), so a value cannot forge an output line, move the cursor, recolour the terminal or
/// reverse what follows it. With `keep_newlines`, line feeds stay: for whole reports, whose values were
/// already made visible where they were interpolated.
pub fn visible(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| is_hidden_control(c) && c != '\t' && !(keep_newlines && c == '\n'))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\t' => out.push(c),
            '\n' if keep_newlines => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_hidden_control(c) => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Source text for a snippet display: every hidden control character other than tab and the line breaks is
/// replaced by a visible character of the same UTF-8 length (`?`, `¿`, `�`), so byte spans still point at the
/// same places.
pub fn visible_same_length(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| is_hidden_control(c) && !matches!(c, '\t' | '\n' | '\r'))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if is_hidden_control(c) => match c.len_utf8() {
                1 => '?',
                2 => '\u{BF}',
                _ => '\u{FFFD}',
            },
            c => c,
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod visible_tests {
    use super::{visible, visible_same_length};

    #[test]
    fn control_and_bidi_characters_are_shown_not_obeyed() {
        assert_eq!(
            visible("a\u{1b}[31mb\u{7}\r\nc\u{202e}d\u{2066}\u{85}\te", false),
            "a\\u{1b}[31mb\\u{7}\\r\\nc\\u{202e}d\\u{2066}\\u{85}\te"
        );
        assert_eq!(visible("x\ny\u{1b}", true), "x\ny\\u{1b}");
        assert_eq!(visible("plain é 中", false), "plain é 中");
    }

    #[test]
    fn the_same_length_form_keeps_byte_offsets() {
        let text = "a\u{1b}b\u{85}c\u{202e}d\r\ne";
        let shown = visible_same_length(text);
        assert_eq!(shown.len(), text.len());
        assert_eq!(shown, "a?b\u{BF}c\u{FFFD}d\r\ne");
    }
}

pub use crate::syntax::pattern::{anchor_fold, is_cjk, pattern_anchors, pattern_regex};

/// Whether a match at `start..end` of `text` stands as whole words: a match that begins (ends) with a letter or
/// digit of a spaced script must not touch another letter or digit there. Characters of scripts written without
/// spaces need no boundary.
pub fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let spaced_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !is_cjk(c));
    let first = text.get(start..).and_then(|s| s.chars().next());
    let last = text.get(..end).and_then(|s| s.chars().next_back());
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    let joined_before = spaced_word(first) && spaced_word(before);
    let joined_after = spaced_word(last) && spaced_word(after);
    !joined_before && !joined_after
}

/// The most words a marked segment may hold: a longer stretch without a comma is marked by its phrase alone, so a
/// mark never grows into a paragraph.
const SEGMENT_MAX_WORDS: usize = 24;

/// The byte range between the segment breaks around `start..end` (see `segment_around`), as written: with any
/// numbering, evidence and trailing punctuation it holds.
pub fn segment_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let (sentence_from, sentence_to) = sentence_around(text, start, end);
    let digit_at = |i: usize, before: bool| {
        let c = if before {
            text.get(..i).and_then(|t| t.chars().next_back())
        } else {
            text.get(i..).and_then(|t| t.chars().nth(1))
        };
        c.is_some_and(|c| c.is_ascii_digit())
    };
    let is_break = |i: usize, c: char| -> bool {
        match c {
            ',' | ':' => !(digit_at(i, true) && digit_at(i, false)),
            '，' | '：' | '、' | '|' | '(' | ')' | '（' | '）' | '[' | ']' | '【' | '】' => {
                true
            }
            '-' | '–' | '—' | '/' => {
                let spaced = |t: Option<char>| t.is_some_and(char::is_whitespace);
                spaced(text.get(..i).and_then(|t| t.chars().next_back()))
                    && spaced(text.get(i..).and_then(|t| t.chars().nth(1)))
            }
            '\n' => text
                .get(i + 1..)
                .unwrap_or("")
                .trim_start_matches([' ', '\t'])
                .starts_with(['-', '*', '•', '·']),
            _ => false,
        }
    };
    let from = text
        .get(sentence_from..start)
        .unwrap_or("")
        .char_indices()
        .rev()
        .find(|&(i, c)| is_break(sentence_from + i, c))
        .map_or(sentence_from, |(i, c)| sentence_from + i + c.len_utf8());
    let to = text
        .get(end..sentence_to)
        .unwrap_or("")
        .char_indices()
        .find(|&(i, c)| is_break(end + i, c))
        .map_or(sentence_to, |(i, _)| end + i);
    (from, to)
}

/// The byte range of the segment of `text` around `start..end`: the stretch of its sentence between commas, colons,
/// brackets, table bars, ` - ` and ` / ` dashes and slashes, and list bullets on a new line (a comma or colon between
/// digits, as in `1,000` or `2:1`, goes on), without its leading numbering or bullet and its trailing punctuation.
/// A vague phrase is a part of such a segment (`Workmanship must be fine`, `a small deviation is acceptable`), and the
/// segment is what the writer must rewrite. Falls back to `start..end` when the segment is longer than
/// `SEGMENT_MAX_WORDS` words. A mark does not reach across a line break into a line that opens a clause.
pub fn segment_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    let (from, to) = segment_bounds(text, start, end);
    let (line_from, line_to) = clause_lines(text, start, end);
    let (from, to) = (from.max(line_from), to.min(line_to));
    let segment = text.get(from..to).unwrap_or("");
    let lead = segment.len() - without_list_marker(segment).len();
    let trail = segment.len()
        - segment
            .trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, '.' | '*' | '"' | '\'' | '’' | '”')
            })
            .len();
    let (from, to) = ((from + lead).min(start), (to - trail).max(end));
    let (from, to) = (
        after_last_evidence(text, from, start),
        before_first_evidence(text, end, to),
    );
    let words = text
        .get(from..to)
        .unwrap_or("")
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().filter(|&c| is_cjk(c)).count().max(1).div_ceil(2))
        .sum::<usize>();
    if words > SEGMENT_MAX_WORDS {
        (start, end)
    } else {
        (from, to)
    }
}

/// The byte range of the lines around `start..end`, widened over line breaks that do not open a clause. A line opens a
/// clause when it starts with a capitalised word, Chinese, a bullet, a quotation mark of a chat (`>`) or clause
/// numbering (`2.5 Lid`): `... 31 cm` then `Strong packing` are two statements without a full stop between them,
/// while wrapped prose (`must be` then `fine`) and a wrapped code (`rated` then `IP67`) go on. Neither a mark nor the
/// context that makes a phrase precise reaches across such a break.
pub fn clause_lines(text: &str, start: usize, end: usize) -> (usize, usize) {
    let mut from = text
        .get(..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let mut joined = 0;
    while from > 0 && joined < CLAUSE_MAX_LINES && !opens_clause(text, from) {
        joined += 1;
        from = text
            .get(..from - 1)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
    }
    let mut to = text
        .get(end..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| end + i);
    let mut joined = 0;
    while to < text.len() && joined < CLAUSE_MAX_LINES && !opens_clause(text, to + 1) {
        joined += 1;
        to = text
            .get(to + 1..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |i| to + 1 + i);
    }
    (from, to)
}

/// Whether the line starting at `at` opens a clause of its own (see `clause_lines`). A line after one that ends
/// with a comma, a colon or a joining word goes on (`Colour fastness to washing:` then `Grade 4 per ISO 105-C06`).
fn opens_clause(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("").trim_end();
    let last_word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let joined = before.ends_with([',', ':', '，', '：', '(', '/', '-', '+', '=', '&'])
        || [
            "and", "or", "per", "to", "with", "of", "by", "in", "at", "the", "a", "an",
        ]
        .iter()
        .any(|w| last_word.eq_ignore_ascii_case(w));
    if joined {
        return false;
    }
    let line = text.get(at..).unwrap_or("").trim_start_matches([' ', '\t']);
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let title_word = first.is_uppercase() && chars.next().is_some_and(char::is_lowercase);
    // A line opening with a bracket or a date is a new message of a pasted chat (`[2026-04-08 10:26] Jenny: ...`,
    // `08/04/2026, 10:26 - Jenny: ...`), a reference (`[1]`) or a checkbox (`[x]`), never wrapped prose.
    let marker = matches!(first, '-' | '*' | '•' | '>' | '|' | '#' | '[') || starts_with_date(line);
    let numbered = first.is_ascii_digit() && without_list_marker(line).len() < line.len();
    // A field label (`GRADE: AAA grade`, `Note: ...`) opens its own statement.
    let label = line
        .split_whitespace()
        .next()
        .is_some_and(|w| w.len() > 1 && w.ends_with([':', '：']));
    title_word || is_cjk(first) || marker || numbered || label
}

/// Whether a line starts with a date written in figures (`2026-04-08`, `08/04/2026,`, `8.4.26`): three groups of
/// digits joined by one separator.
fn starts_with_date(line: &str) -> bool {
    let word = line
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(',');
    let Some(separator) = word.chars().find(|c| matches!(c, '-' | '/' | '.')) else {
        return false;
    };
    let groups: Vec<&str> = word.split(separator).collect();
    groups.len() == 3
        && groups
            .iter()
            .all(|g| (1..=4).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a word is evidence the mark must not swallow: a number, a model or part number, a standard's number
/// (`S7-1200`, `304`, `71-3`). A hedge beside it (`Siemens S7-1200 or similar`) is the vague part, not the model.
fn is_evidence_word(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
}

/// The start of the mark when widening left from `start` to `from`: just after the last evidence word in between.
fn after_last_evidence(text: &str, from: usize, start: usize) -> usize {
    let mut at = from;
    let mut offset = from;
    for word in text
        .get(from..start)
        .unwrap_or("")
        .split_inclusive(char::is_whitespace)
    {
        offset += word.len();
        if is_evidence_word(word) {
            at = offset;
        }
    }
    let rest = text.get(at..start).unwrap_or("");
    at + (rest.len() - rest.trim_start().len())
}

/// The end of the mark when widening right from `end` to `to`: just before the first evidence word in between.
fn before_first_evidence(text: &str, end: usize, to: usize) -> usize {
    let mut offset = end;
    for word in text
        .get(end..to)
        .unwrap_or("")
        .split_inclusive(char::is_whitespace)
    {
        // The rest of a word the phrase ends inside (`about 25` of `about 25-30 days`) belongs to the phrase.
        let continues = offset == end && !word.starts_with(char::is_whitespace);
        if is_evidence_word(word) && !continues {
            return end + text.get(end..offset).unwrap_or("").trim_end().len();
        }
        offset += word.len();
    }
    to
}

/// `text` without its leading white space, bullets (`-`, `*`, `•`, `#`, `>`) and clause numbering (`2.1`, `3)`,
/// `(b)`): a number without a dot or bracket (`25 boxes`) is content, not numbering, and so is a decimal before a
/// unit (`0.5 mm thick`, `2.5 kg`).
pub fn without_list_marker(text: &str) -> &str {
    let rest = text.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '*' | '•' | '·' | '#' | '>')
    });
    let mut words = rest.split(char::is_whitespace);
    let token = words.next().unwrap_or("");
    // A unit symbol is short or lower case (`mm`, `MPa`, `kg`); a capitalised word of four letters or more after a
    // clause number opens the clause (`5.2 Cartons to be heavy-duty`, `2.4 Roll labels`), even where it names a
    // countable unit. Looked up last: parsing a unit
    // is the costly test, and most texts open with no numbering at all.
    let before_unit = |w: &str| {
        let w = w.trim_end_matches([',', ';', '.', ')']);
        (w.chars().count() <= 3 || w.starts_with(|c: char| c.is_lowercase())) && is_unit_symbol(w)
    };
    let numbering = !token.starts_with("0.")
        && token.len() <= 8
        && token.contains(['.', ')'])
        && token.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(c, '.' | '(' | ')')
                || (c.is_ascii_lowercase() && token.len() <= 3)
        })
        && !words.next().is_some_and(before_unit);
    if numbering && token.len() < rest.len() {
        rest.get(token.len()..).unwrap_or(rest).trim_start()
    } else {
        rest
    }
}

/// Whether a word is a unit symbol of `data/units.tsv` (`MPa`, `N`, `kW`).
fn is_unit_symbol(word: &str) -> bool {
    crate::units::Quantity::parse(&format!("1 {word}")).is_ok()
}

/// The byte range of the sentence of `text` around `start..end`. Sentences end at `;`, `!`, `?` and their Chinese
/// forms, at `。`, and at a full stop followed by white space and a capital (or the end), unless the word before it is
/// a short capitalised abbreviation (`Rev. A`, `No. 5`, `Co. Ltd`); `approx. 180` goes on. A table bar `|` starts a
/// sentence but does not end one.
pub fn sentence_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    let is_end = |i: usize, c: char| -> bool {
        match c {
            ';' | '!' | '?' | '。' | '；' | '！' | '？' => true,
            '.' => {
                let after = text
                    .get(i + 1..)
                    .unwrap_or("")
                    .trim_start_matches(['\'', '"', '’', '”', ')']);
                let next = after.trim_start().chars().next();
                let spaced = after.is_empty() || after.starts_with(char::is_whitespace);
                let word: Vec<char> = text
                    .get(..i)
                    .unwrap_or("")
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                // A unit symbol is not an abbreviation: `tensile ≥ 300 MPa. Machine ...` ends a sentence.
                let abbreviation = (1..=3).contains(&word.len())
                    && word.last().is_some_and(|c| c.is_uppercase())
                    && !is_unit_symbol(&word.iter().rev().collect::<String>());
                spaced && next.is_none_or(|n| n.is_uppercase() || is_cjk(n)) && !abbreviation
            }
            _ => false,
        }
    };
    // A sentence is read at most `SENTENCE_MAX_BYTES` each side of the phrase: text without a full stop (a hostile
    // file, a table dumped as one line) would otherwise make every phrase read the whole file.
    let floor = floor_boundary(text, start.saturating_sub(SENTENCE_MAX_BYTES));
    let ceiling = floor_boundary(text, (end + SENTENCE_MAX_BYTES).min(text.len()));
    let from = text
        .get(floor..start)
        .unwrap_or("")
        .char_indices()
        .rev()
        // A table bar starts a cell: a row reads `Leakproof | vacuum -0.06 MPa ...` (a cell explained by the next), but a
        // quantity in one cell does not make the words of a later cell precise (`≥ 5000 mm | heavy-duty`).
        .find(|&(i, c)| c == '|' || is_end(floor + i, c))
        .map_or(floor, |(i, c)| floor + i + c.len_utf8());
    // Only a row's first cell is explained by the cells after it; a later cell is a value of its own (a supplier's
    // claim is not made precise by the buyer's requirement in the next column).
    let cell_ends = !in_first_cell(text, start);
    // A phrase that ends with a full stop (`etc.`) may end its sentence with it.
    let probe = if end > start && text.get(..end).is_some_and(|t| t.ends_with('.')) {
        end - 1
    } else {
        end
    };
    let to = text
        .get(probe..ceiling)
        .unwrap_or("")
        .char_indices()
        .find(|&(i, c)| (cell_ends && c == '|') || is_end(probe + i, c))
        .map_or(ceiling, |(i, _)| probe + i);
    (from, to)
}

/// Whether `at` stands in the first cell of a table row (`| Leakproof | vacuum -0.06 MPa |`), or on a line that is
/// no table row at all.
fn in_first_cell(text: &str, at: usize) -> bool {
    let at = floor_boundary(text, at);
    let line_start = text
        .get(..at)
        .unwrap_or("")
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let before = text.get(line_start..at).unwrap_or("").trim_start();
    let mut cells = before.split('|');
    cells.next_back();
    // Cells before the phrase's own that only number the row (`| 2.7 | Low-noise motor | ...`) do not count.
    cells.all(|cell| is_row_number(cell.trim()))
}

/// Whether a table cell only numbers its row: empty, digits and punctuation (`2.7`, `(3)`), or one letter with them
/// (`A`, `B2`).
fn is_row_number(cell: &str) -> bool {
    let letters = cell.chars().filter(|c| c.is_alphabetic()).count();
    letters == 0 || (letters == 1 && cell.chars().count() <= 3)
}

/// The most bytes of a sentence read on each side of a phrase (a long contract sentence is under 1,000).
const SENTENCE_MAX_BYTES: usize = 2_000;

/// The most lines `clause_lines` joins on each side of a phrase (wrapped statements are a few lines long).
const CLAUSE_MAX_LINES: usize = 8;

/// The largest character boundary of `text` at or below `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whether a text names an identified sample, drawing or similar document with its identifier close behind: a word
/// of `data/references.tsv` followed within three words by a token with a digit (`sample GS-0412`,
/// `drawing no. A-2210 rev D`). Closer than `names_a_reference`, for use inside a sentence that may hold dates.
pub fn names_a_reference_closely(text: &str) -> bool {
    // A document id opening the text names the document the phrase stands before (`per buyer's instruction
    // sheet BD-SM-01`).
    if text.split_whitespace().take(3).any(names_a_model) {
        return true;
    }
    let lower = normalise(text);
    reference_words().iter().any(|word| {
        lower.match_indices(word.as_str()).any(|(i, _)| {
            // A Chinese word stands against its neighbours (`按封样GS-0412`): only a letter of a spaced script joins it.
            let bounded = !lower[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() && !is_cjk(c));
            let next: Vec<&str> = lower[i + word.len()..].split_whitespace().take(4).collect();
            // An id of letters alone names a document when a revision follows it (`drawing HC-KB-ASM rev B`).
            let revised = next.windows(2).take(3).any(|pair| {
                pair[0].contains('-')
                    && matches!(
                        pair[1].trim_end_matches(['.', ':']),
                        "rev" | "revision" | "version" | "ver"
                    )
            });
            bounded
                && (next
                    .iter()
                    .take(3)
                    .any(|w| w.chars().any(|c| c.is_ascii_digit()))
                    || revised)
        })
    })
}

#[cfg(test)]
mod pattern_tests {
    use super::{pattern_regex, sentence_around, stands_alone};

    fn finds(pattern: &str, text: &str) -> Option<String> {
        let source = pattern_regex(pattern).unwrap();
        let re = regex_automata::meta::Regex::new(&source).unwrap();
        let found = re
            .find_iter(text)
            .find(|m| stands_alone(text, m.start(), m.end()))
            .map(|m| text[m.start()..m.end()].to_owned());
        found
    }

    #[test]
    fn a_range_is_two_numbers_joined_never_one_number_split() {
        let p = "within <range> days";
        assert_eq!(
            finds(p, "ship within 30-35 days").as_deref(),
            Some("within 30-35 days")
        );
        assert_eq!(
            finds(p, "within 25 ~ 30 days").as_deref(),
            Some("within 25 ~ 30 days")
        );
        assert_eq!(
            finds(p, "within 30 to 35 days").as_deref(),
            Some("within 30 to 35 days")
        );
        assert_eq!(finds(p, "within 30 days"), None);
    }

    #[test]
    fn patterns_find_variants_of_spacing_hyphens_case_and_inflection() {
        let p = "(first|high|top) (class|quality|grade)";
        assert_eq!(finds(p, "of HIGH-Quality."), Some("HIGH-Quality".into()));
        assert_eq!(
            finds(p, "top\n    grade steel"),
            Some("top\n    grade".into())
        );
        assert_eq!(
            finds("heavy-duty", "a heavyduty rack"),
            Some("heavyduty".into())
        );
        assert_eq!(
            finds("heavy-duty", "a Heavy Duty rack"),
            Some("Heavy Duty".into())
        );
        assert_eq!(
            finds("free of [obvious|visible] defect*", "free of defects"),
            Some("free of defects".into())
        );
        assert_eq!(
            finds(
                "free of [(obvious|visible)] defect*",
                "free of  visible defects."
            ),
            Some("free of  visible defects".into())
        );
        assert_eq!(
            finds("good quality [level]", "good quality, ok"),
            Some("good quality".into())
        );
        assert_eq!(
            finds("supplier's standard", "suppliers standard"),
            Some("suppliers standard".into())
        );
        assert_eq!(
            finds("supplier's standard", "supplier’s standard"),
            Some("supplier’s standard".into())
        );
        assert_eq!(
            finds("about <quantity>", "about 300 mm wide"),
            Some("about 300 mm".into())
        );
        assert_eq!(
            finds("about <quantity>", "inform the buyer about any change"),
            None
        );
        assert_eq!(finds("good", "goods"), None);
        assert_eq!(finds("etc.", "cups, plates etc. are"), Some("etc.".into()));
    }

    #[test]
    fn a_group_glued_to_a_word_continues_it() {
        assert_eq!(
            finds("famous brand[s]", "from famous brands only"),
            Some("famous brands".into())
        );
        assert_eq!(finds("colo(u|)r", "true colour"), Some("colour".into()));
        assert_eq!(finds("colo(u|)r", "true color"), Some("color".into()));
        assert_eq!(
            finds("famous brand[s]", "famous brand s"),
            Some("famous brand".into())
        );
    }

    #[test]
    fn a_word_placeholder_takes_one_word_only() {
        assert_eq!(
            finds("as per <word> standard", "as per factory standard"),
            Some("as per factory standard".into())
        );
        assert_eq!(
            finds("as per <word> standard", "as per ISO 9001 standard"),
            None
        );
        assert_eq!(
            finds("以<word>为主", "以买方意见为主"),
            Some("以买方意见为主".into())
        );
    }

    #[test]
    fn chinese_meets_a_group_without_word_spaces() {
        assert_eq!(
            finds("按(厂|工厂)标", "尺寸按 工厂 标执行"),
            Some("按 工厂 标".into())
        );
        assert_eq!(
            finds("按(厂|工厂)标", "尺寸按厂标执行"),
            Some("按厂标".into())
        );
    }

    #[test]
    fn a_mark_widens_to_its_segment_and_stops_at_evidence() {
        use super::segment_around;
        let mark = |text: &str, phrase: &str| {
            let start = text.find(phrase).unwrap();
            let (from, to) = segment_around(text, start, start + phrase.len());
            text[from..to].to_owned()
        };
        assert_eq!(
            mark(
                "5.2 Cartons to be strong enough for export, with labels.",
                "strong enough"
            ),
            "Cartons to be strong enough for export"
        );
        assert_eq!(
            mark("Delivery: about 25-30 days after deposit", "about 25"),
            "about 25-30 days after deposit"
        );
        assert_eq!(
            mark("Approx. 5% shrinkage after washing is normal", "is normal"),
            "shrinkage after washing is normal"
        );
        assert_eq!(
            mark(
                "Finish smooth and nice looking; hardness 45 HRC",
                "nice looking"
            ),
            "Finish smooth and nice looking"
        );
    }

    #[test]
    fn chinese_is_matched_without_word_spaces() {
        assert_eq!(finds("按样品", "颜色按样品生产"), Some("按样品".into()));
        assert_eq!(
            finds("按样品", "颜色按样\n    品生产"),
            Some("按样\n    品".into())
        );
        assert_eq!(finds("约<quantity>", "重量约180克"), Some("约180克".into()));
        assert_eq!(finds("约<quantity>", "合约双方"), None);
    }

    #[test]
    fn bad_patterns_are_refused_with_a_reason() {
        assert!(pattern_regex("(a|b").is_err());
        assert!(pattern_regex("[a").is_err());
        assert!(pattern_regex("a)").is_err());
        assert!(pattern_regex("<thing>").is_err());
        assert!(pattern_regex("   ").is_err());
    }

    #[test]
    fn every_match_holds_an_anchor_word() {
        use super::{anchor_fold, pattern_anchors};
        let anchors = |p: &str| {
            pattern_anchors(p).map(|sets| {
                let sets: Vec<String> = sets.iter().map(|s| s.join(",")).collect();
                sets.join(" & ")
            })
        };
        assert_eq!(
            anchors("free of [obvious|visible] defect*").as_deref(),
            Some("defect & free & of")
        );
        assert_eq!(
            anchors("(first|high|top) (class|quality|grade)").as_deref(),
            Some("class,quality,grade & first,high,top")
        );
        assert_eq!(anchors("合格(产品|品)").as_deref(), Some("合 & 格 & 品,品"));
        assert_eq!(anchors("<quantity>"), None);
        assert_eq!(anchors("(asap|<number>) days").as_deref(), Some("days"));
        assert_eq!(anchors("(asap|<number>)"), None);
        for (pattern, text) in [
            (
                "free of [obvious|visible] defect*",
                "free of  visible DEFECTS.",
            ),
            ("heavy-duty", "a heavyduty rack"),
            ("supplier's standard", "Supplier’s Standard"),
            ("(etc.|and so on)", "bolts, nuts, and so\n on"),
            // A case-insensitive regex takes the Kelvin sign for `k` and the long s for `s`.
            ("basket", "a BA\u{17F}\u{212A}ET"),
            ("合格(产品|品)", "均为合\n格品"),
        ] {
            assert!(finds(pattern, text).is_some(), "{pattern} in {text}");
            let folded = anchor_fold(text);
            for words in pattern_anchors(pattern).unwrap() {
                assert!(
                    words.iter().any(|w| folded.contains(w.as_str())),
                    "{pattern}: {words:?} in {folded}"
                );
            }
        }
    }

    #[test]
    fn a_table_cell_reads_on_only_from_a_rows_label() {
        let sentence = |text: &str, phrase: &str| {
            let start = text.find(phrase).unwrap();
            let (from, to) = sentence_around(text, start, start + phrase.len());
            text[from..to].trim().to_owned()
        };
        let row = "| Leakproof | vacuum -0.06 MPa for 10 s |";
        assert_eq!(
            sentence(row, "Leakproof"),
            "Leakproof | vacuum -0.06 MPa for 10 s |"
        );
        let row = "| 2.7 | Low-noise motor | sound power level ≤ 82 dB(A) |";
        assert_eq!(
            sentence(row, "Low-noise"),
            "Low-noise motor | sound power level ≤ 82 dB(A) |"
        );
        let row = "| Housing | premium material | UL 94 V-0 at 1.5 mm |";
        assert_eq!(sentence(row, "premium"), "premium material");
        assert_eq!(
            sentence("premium material, UL 94 V-0", "premium"),
            "premium material, UL 94 V-0"
        );
    }

    #[test]
    fn a_phrase_ending_in_a_full_stop_may_end_its_sentence() {
        let text = "bad stitching, slubs etc.\nA needle found is critical.";
        let start = text.find("etc.").unwrap();
        let (from, to) = sentence_around(text, start, start + 4);
        assert_eq!(&text[from..to], "bad stitching, slubs etc");
    }

    #[test]
    fn sentences_end_at_full_stops_but_not_after_abbreviations() {
        let t = "Approx. 180 gsm per Annex 3 Rev. A and more. Next sentence here";
        let s = t.find("gsm").unwrap();
        let (a, b) = sentence_around(t, s, s + 3);
        assert_eq!(&t[a..b], "Approx. 180 gsm per Annex 3 Rev. A and more");
        let t = "Colour as sample; shipped on 2026-05-01";
        let (a, b) = sentence_around(t, 0, 6);
        assert_eq!(&t[a..b], "Colour as sample");
    }
}

#[cfg(test)]
mod lot_tests {
    use super::lot_code;

    #[test]
    fn a_label_before_a_lot_code_is_not_part_of_it() {
        assert_eq!(lot_code("LOT 2026-05-A"), "2026-05-A");
        assert_eq!(lot_code("Lot No.: LH2604-03"), "LH2604-03");
        assert_eq!(lot_code("Batch# B0415"), "B0415");
        assert_eq!(lot_code("批号：260415"), "260415");
        assert_eq!(lot_code("2026-05-A"), "2026-05-A");
    }

    #[test]
    fn a_code_that_only_starts_like_a_label_is_kept() {
        assert_eq!(lot_code("LOTUS-7"), "LOTUS-7");
        assert_eq!(lot_code("BATCH7"), "BATCH7");
        assert_eq!(lot_code("Lot"), "Lot");
    }
}
