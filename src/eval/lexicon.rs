//! Lexicon matching: the word patterns of a compiled lexicon over one text, leaving out phrases that touch `except`
//! text and phrases made precise by their sentence (`unless followed by standard | quantity`).

use crate::compile::ir::{Lexicon, Recogniser, Unless, UnlessSide};

/// A phrase found: the byte range in the text and the index of its lexicon entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// The phrases of `lexicon` in `text`, in text order, none overlapping: where two overlap, they merge into one hit
/// with the advice of the earlier (of two starting together, the longer).
pub(crate) fn find(text: &str, lexicon: &Lexicon) -> Vec<Hit> {
    let excepted: Vec<(usize, usize)> = lexicon
        .excepts
        .iter()
        .flat_map(|re| re.find_iter(text).map(|m| (m.start(), m.end())))
        .collect();
    let mut hits = Vec::new();
    for (entry, e) in lexicon.entries.iter().enumerate() {
        for m in e.regex.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            if start == end
                || !crate::text::stands_alone(text, start, end)
                || excepted.iter().any(|&(s, e)| s < end && start < e)
                || e.unless
                    .as_ref()
                    .is_some_and(|u| made_precise(text, start, end, u))
            {
                continue;
            }
            hits.push(Hit { start, end, entry });
        }
    }
    hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        match kept.last_mut() {
            // Overlapping phrases are one vague stretch (`printing fine quality`, `it is usual practice`): the hit
            // grows to cover both and keeps the advice of the phrase that starts first.
            Some(last) if hit.start < last.end => last.end = last.end.max(hit.end),
            _ => kept.push(hit),
        }
    }
    kept
}

/// Whether the phrase's sentence holds, on the side the entry names, what one of its recognisers knows.
fn made_precise(text: &str, start: usize, end: usize, unless: &Unless) -> bool {
    let (from, to) = crate::text::sentence_around(text, start, end);
    let window = match unless.side {
        UnlessSide::Followed => text.get(start..to),
        UnlessSide::Preceded => text.get(from..end),
        UnlessSide::Qualified => text.get(from..to),
    }
    .unwrap_or("")
    .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '\'' | '"' | '’' | '”'));
    unless.kinds.iter().any(|kind| match kind {
        Recogniser::Standard => !crate::text::standards_named(window).is_empty(),
        Recogniser::Date => crate::text::names_a_date(window),
        Recogniser::Quantity => crate::units::mentions_quantity(window),
        Recogniser::Reference => crate::text::names_a_reference_closely(window),
        Recogniser::Grade => crate::text::names_a_grade(window),
        Recogniser::Composition => crate::units::is_composition(window),
    })
}
