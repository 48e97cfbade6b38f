//! Lexicon matching: the word patterns of a compiled lexicon over one text, leaving out phrases that touch `except`
//! text and phrases made precise by their sentence (`unless followed by standard | quantity`).

use crate::compile::ir::{Lexicon, Recogniser, Unless, UnlessSide};

/// A phrase found: the byte range to mark, the index of its lexicon entry, and the phrases inside the mark (one, or
/// several when the lexicon `marks segment` and they stand in one segment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
    pub phrases: Vec<(usize, usize)>,
}

/// The phrases of `lexicon` in a scalar's source text. A literal block (`|`) keeps its writer's line breaks, so each
/// of its lines is read on its own (a defect class listed one defect per line): no mark or context runs from one
/// line into the next, unless the next line hangs deeper than the block's indentation (`machines of GOOD` then
/// `   quality; ...`), which continues it. Other scalars are read whole (a folded or plain scalar's line breaks are
/// spaces).
pub(crate) fn find_in_scalar(source: &str, lexicon: &Lexicon) -> Vec<Hit> {
    if !source.starts_with('|') {
        return find(source, lexicon);
    }
    let mut hits = Vec::new();
    let mut offset = 0;
    for line in literal_lines(source) {
        hits.extend(find(line, lexicon).into_iter().map(|hit| {
            Hit {
                start: hit.start + offset,
                end: hit.end + offset,
                entry: hit.entry,
                phrases: hit
                    .phrases
                    .iter()
                    .map(|&(s, e)| (s + offset, e + offset))
                    .collect(),
            }
        }));
        offset += line.len();
    }
    hits
}

/// A literal block's source cut into the lines its writer broke, a line hanging deeper than the block's indentation
/// joined to the one before; the pieces cover the source end to end.
fn literal_lines(source: &str) -> Vec<&str> {
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let base = source
        .split_inclusive('\n')
        .skip(1)
        .find(|l| !l.trim().is_empty())
        .map_or(0, indent);
    let mut pieces: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut at = 0;
    for line in source.split_inclusive('\n') {
        let hangs = at > 0 && !line.trim().is_empty() && indent(line) > base;
        if at > start && !hangs {
            pieces.extend(source.get(start..at));
            start = at;
        }
        at += line.len();
    }
    pieces.extend(source.get(start..at));
    pieces
}

/// The phrases of `lexicon` in `text`, in text order, none overlapping: where two overlap, they merge into one hit
/// with the advice of the earlier (of two starting together, the longer).
pub(crate) fn find(text: &str, lexicon: &Lexicon) -> Vec<Hit> {
    // Traditional characters are read as Simplified ones of the same byte length: every offset below is the same
    // place in the text as written.
    let simplified = crate::text::simplified_han(text);
    let text: &str = &simplified;
    // Most phrases do not occur in a text: a phrase lacking every word of one of its anchor sets is not searched for,
    // and its regex is not built. The `except` regexes are searched only once a phrase is found, and, like phrases,
    // only those whose anchor words occur.
    let folded = crate::text::anchor_fold(text);
    let present = lexicon.anchor_index().present(&folded);
    let mut excepted: Option<Vec<(usize, usize)>> = None;
    let mut hits = Vec::new();
    for (entry, e) in lexicon.entries.iter().enumerate() {
        if !present.entry(entry) {
            continue;
        }
        let Some(regex) = e.regex.get_for(text) else {
            continue;
        };
        for m in regex.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            if start == end
                || !crate::text::stands_alone(text, start, end)
                || (!lexicon.finds_terms && runs_into_a_precise_line(text, start, end))
            {
                continue;
            }
            let excepted = excepted.get_or_insert_with(|| {
                lexicon
                    .excepts
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| present.except(*i))
                    .filter_map(|(_, except)| except.regex.get_for(text))
                    .flat_map(|re| re.find_iter(text).map(|m| (m.start(), m.end())))
                    .collect()
            });
            if excepted.iter().any(|&(s, e)| s < end && start < e)
                || e.unless
                    .as_ref()
                    .is_some_and(|u| made_precise(text, start, end, u))
                || (!lexicon.finds_terms && defined_after_its_colon(text, start, end))
            {
                continue;
            }
            hits.push(Hit {
                start,
                end,
                entry,
                phrases: vec![(start, end)],
            });
        }
    }
    hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        match kept.last_mut() {
            // Overlapping phrases are one vague stretch (`printing fine quality`, `it is usual practice`): the hit
            // grows to cover both and keeps the advice of the phrase that starts first.
            Some(last) if hit.start < last.end => {
                last.end = last.end.max(hit.end);
                if let Some(phrase) = last.phrases.last_mut() {
                    phrase.1 = last.end;
                }
            }
            _ => kept.push(hit),
        }
    }
    if lexicon.marks_segment {
        widen_to_segments(text, kept)
    } else {
        kept
    }
}

/// Each hit widened to the segment it stands in (`text::segment_around`); hits whose segments meet, or stand next to
/// each other in a list (`soft, fluffy and absorbent`), become one mark holding their phrases, with the advice of the
/// first.
fn widen_to_segments(text: &str, hits: Vec<Hit>) -> Vec<Hit> {
    let mut marks: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        let (start, end) = crate::text::segment_around(text, hit.start, hit.end);
        match marks.last_mut() {
            Some(last)
                if start < last.end
                    || listed_together(text.get(last.end..start).unwrap_or("x")) =>
            {
                last.end = last.end.max(end);
                last.phrases.extend(hit.phrases);
            }
            _ => marks.push(Hit { start, end, ..hit }),
        }
    }
    marks
}

/// Whether a phrase runs across a line break into a line that opens a clause and states evidence of its own
/// (`small color difference is normal` then `Color difference to sealed sample: ΔE ≤ 1.5`): two statements, not one
/// phrase. Wrapped words of one phrase (`Best` then `Quality with photos`) stay one phrase.
fn runs_into_a_precise_line(text: &str, start: usize, end: usize) -> bool {
    let first_lines_end = crate::text::clause_lines(text, start, start).1;
    if first_lines_end >= end {
        return false;
    }
    let next = text.get(first_lines_end..).unwrap_or("");
    let next = next
        .get(..next[1..].find('\n').map_or(next.len(), |i| i + 1))
        .unwrap_or(next);
    crate::units::mentions_quantity(next)
        || !crate::text::standards_named(next).is_empty()
        || crate::text::names_a_reference_closely(next)
}

/// Whether the phrase stands in a short label that its line defines after a colon with evidence: `Strong guideways:
/// hardness HRC 50 or higher`, `Training to a reasonable level: 3 days on site for 2 operators`. The label is the
/// term, the body its measure; a body without evidence (`Good quality: as per sample`) defines nothing.
fn defined_after_its_colon(text: &str, start: usize, end: usize) -> bool {
    const LABEL_WORDS: usize = 4;
    let line_start = text
        .get(..start)
        .and_then(|before| before.rfind(['\n', '|']))
        .map_or(0, |i| i + 1);
    let head = crate::text::without_list_marker(text.get(line_start..start).unwrap_or(""));
    let head = head.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '*' | '•' | '"' | '\'')
    });
    let Some(colon) = text
        .get(end..)
        .and_then(|after| after.find([':', '：', '\n', ',', ';', '.', '，', '；', '。', '|']))
        .map(|i| end + i)
        .filter(|&i| {
            text.get(i..)
                .is_some_and(|rest| rest.starts_with([':', '：']))
        })
    else {
        return false;
    };
    let tail = text.get(end..colon).unwrap_or("");
    let short = |words: &str| words.split_whitespace().count() <= LABEL_WORDS && words.len() <= 40;
    if !short(head) || !short(tail) || head.contains([':', '：', ',', ';']) {
        return false;
    }
    let body_start = colon
        + text
            .get(colon..)
            .and_then(|r| r.chars().next())
            .map_or(1, char::len_utf8);
    let to = crate::text::sentence_around(text, body_start, body_start)
        .1
        .min(crate::text::clause_lines(text, body_start, body_start).1);
    let body = text.get(body_start..to.max(body_start)).unwrap_or("");
    let plain = crate::text::without_hedged_numbers(body);
    crate::units::mentions_quantity(&plain)
        || crate::units::states_tolerance(&plain)
        || !crate::text::standards_named(body).is_empty()
        || crate::text::names_a_reference_closely(body)
        || crate::text::names_a_grade(body)
}

/// Whether the phrase's sentence holds, on the side the entry names, what one of its recognisers knows.
fn made_precise(text: &str, start: usize, end: usize, unless: &Unless) -> bool {
    // Context before the phrase counts only within its segment: in `Stainless steel AISI 304, contact parts food
    // grade` the grade names the frame's steel, not the contact parts' food-contact material. Context after it runs to
    // the end of the sentence (`waterproof to IPX7, tested per IEC 60529`).
    // Neither side reaches across a line break into a line that opens a clause (`text::clause_lines`).
    let (lines_from, lines_to) = crate::text::clause_lines(text, start, end);
    let to = crate::text::sentence_around(text, start, end)
        .1
        .min(lines_to);
    let from = context_start(text, start, end).max(lines_from);
    // A tolerance stated for a value holds for its whole line (`Approximately 470 mm ...; tolerance ± 10 mm`).
    let line_rest = text.get(start..lines_to).unwrap_or("");
    let window = match unless.side {
        UnlessSide::Followed => text.get(start..to),
        UnlessSide::Preceded => text.get(from..end),
        UnlessSide::Qualified => text.get(from..to),
        UnlessSide::Accompanied => {
            let sentence_from = crate::text::sentence_around(text, start, end)
                .0
                .max(lines_from);
            text.get(sentence_from..to)
        }
    }
    .unwrap_or("")
    .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '\'' | '"' | '’' | '”'));
    // A clause's number is not a quantity of what follows it (`5.2 Cartons to be heavy-duty` states no carton count).
    let window = crate::text::without_list_marker(window);
    unless.kinds.iter().any(|kind| match kind {
        Recogniser::Standard => !crate::text::standards_named(window).is_empty(),
        Recogniser::Date => crate::text::names_a_date(window),
        Recogniser::Quantity => {
            crate::units::mentions_quantity(&crate::text::without_hedged_numbers(window))
        }
        Recogniser::Reference => crate::text::names_a_reference_closely(window),
        Recogniser::Grade => {
            crate::text::names_a_grade(window) || crate::text::labels_a_grade(window)
        }
        Recogniser::Composition => crate::units::is_composition(window),
        Recogniser::Tolerance => {
            let ahead = if unless.side == UnlessSide::Preceded {
                window
            } else {
                line_rest
            };
            crate::units::states_tolerance(&crate::text::without_hedged_numbers(ahead))
                || crate::units::states_tolerance(&crate::text::without_hedged_numbers(window))
        }
    })
}

/// Where the context before a phrase begins: its segment, reaching back over colons, since what stands before a colon
/// governs what follows it (`Surface quality judged per ISO 10545-2: ... free of visible defects`).
fn context_start(text: &str, start: usize, end: usize) -> usize {
    let mut from = crate::text::segment_bounds(text, start, end).0;
    // A relative clause after a comma speaks of what stands before it (`within 5 working days, which both parties
    // accept as a reasonable time`): its context reaches back one segment.
    let opens_relative = text.get(from..start).is_some_and(|segment| {
        let first = segment.split_whitespace().next().unwrap_or("");
        ["which", "that", "whereby"]
            .iter()
            .any(|w| first.eq_ignore_ascii_case(w))
    });
    if opens_relative && from > 0 {
        let comma = from - 1;
        let earlier = crate::text::segment_bounds(text, comma, comma).0;
        if earlier < from {
            from = earlier;
        }
    }
    while let Some(colon) = text
        .get(..from)
        .and_then(|before| before.strip_suffix([':', '：']))
        .map(str::len)
    {
        let earlier = crate::text::segment_bounds(text, colon, colon).0;
        if earlier >= from {
            break;
        }
        from = earlier;
    }
    from
}

/// Whether the text between two marks only joins them as items of one list: commas, `and`, `or`, `&`, `、`.
fn listed_together(between: &str) -> bool {
    between
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | '&'))
        .all(|word| {
            word.is_empty() || word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("or")
        })
}

#[cfg(test)]
mod tests {
    use super::literal_lines;

    #[test]
    fn a_literal_blocks_lines_stand_alone_unless_they_hang() {
        let block = "|\n  a scuff up to 10 mm\n  small cosmetic defects\n";
        assert_eq!(
            literal_lines(block),
            [
                "|\n",
                "  a scuff up to 10 mm\n",
                "  small cosmetic defects\n"
            ]
        );
        let block = "|\n  machines of GOOD\n     quality; packed\n  next line\n";
        assert_eq!(
            literal_lines(block),
            [
                "|\n",
                "  machines of GOOD\n     quality; packed\n",
                "  next line\n"
            ]
        );
        assert_eq!(literal_lines(block).concat(), block);
    }

    #[test]
    fn traditional_characters_read_as_simplified_in_place() {
        let text = "3.1 乙方保證品質穩定，儘速交貨 (quality: stable)";
        let simplified = crate::text::simplified_han(text);
        assert_eq!(
            simplified,
            "3.1 乙方保证品质稳定，尽速交货 (quality: stable)"
        );
        // Every character keeps its byte offset, so a span found in the one marks the same words in the other.
        assert_eq!(simplified.len(), text.len());
        for ((i, a), (j, b)) in text.char_indices().zip(simplified.char_indices()) {
            assert_eq!((i, a.len_utf8()), (j, b.len_utf8()));
        }
        assert!(matches!(
            crate::text::simplified_han("good quality, 品质好"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
