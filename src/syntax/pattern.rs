//! The lexicon pattern language (`docs/language.md`, "Lexicon patterns"): a word pattern to the source of a regex,
//! and the anchor words every match contains. Free of other modules, so the build script translates the bundled
//! packs' patterns with this same code (`build.rs`).

/// A separator between two words of a lexicon pattern: white space (line breaks of folded blocks included) or a
/// hyphen, so `heavy duty` also finds `heavy-duty` and `Heavy -\n duty`.
const SEPARATOR: &str = r"(?:\s*[-‐‑–]\s*|\s+)";

/// A node of a lexicon pattern (`docs/language.md`, "Lexicon patterns").
#[derive(Debug, Clone, PartialEq)]
enum PatternNode {
    /// Literal characters of one word, `*` already turned into `[a-z]*`.
    Word(String),
    /// White space between words.
    Space,
    /// `(a|b c)`.
    Alternatives(Vec<Vec<PatternNode>>),
    /// `[a b]`.
    Optional(Vec<PatternNode>),
}

/// Translates a lexicon pattern into the source of a case-insensitive regular expression.
///
/// The pattern is words separated by spaces; a space matches any white space or a hyphen, a hyphen matches a hyphen,
/// white space or nothing, an apostrophe is optional (`supplier's` finds `suppliers` and `supplier’s`). `(a|b c)`
/// are alternatives, `[a]` is optional, `word*` also finds the word's inflections (`defect*`: `defects`,
/// `defective`). `<number>`, `<range>` (two numbers joined by a dash, a tilde or `to`), `<quantity>` (a number with
/// an optional unit), `<quoted>` (a quotation), `<bracketed>` (a text in round brackets), `<word>` (any one word)
/// and `<rest>` (the rest of the sentence) stand
/// for what they name. Characters of Chinese, Japanese and Korean scripts are matched without word spaces, with any
/// white space (a line break of a folded block) allowed between them. Every other character stands for itself.
pub fn pattern_regex(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.trim().chars().collect();
    if chars.is_empty() {
        return Err("a lexicon pattern cannot be empty".to_owned());
    }
    let mut pos = 0;
    let nodes = parse_sequence(&chars, &mut pos, 0, Glue::default())?;
    if let Some(c) = chars.get(pos) {
        return Err(format!("`{c}` has no opening bracket"));
    }
    Ok(format!("(?i){}", emit_sequence(&nodes)))
}

/// Whether a group is written inside a word (`brand[s]`, `colo(u)r`): its words then continue the word on that side
/// instead of starting or ending one.
#[derive(Clone, Copy, Default)]
struct Glue {
    left: bool,
    right: bool,
}

impl Glue {
    /// The glue of the group opening at `open`.
    fn of_group(chars: &[char], open: usize) -> Glue {
        let letter = |i: Option<usize>| {
            i.and_then(|i| chars.get(i))
                .is_some_and(|c| c.is_alphanumeric())
        };
        let mut depth = 0usize;
        let close = chars.iter().enumerate().skip(open).find_map(|(i, c)| {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
            None
        });
        Glue {
            left: letter(open.checked_sub(1)),
            right: letter(close.map(|i| i + 1)),
        }
    }
}

fn parse_sequence(
    chars: &[char],
    pos: &mut usize,
    depth: usize,
    glue: Glue,
) -> Result<Vec<PatternNode>, String> {
    if depth > 8 {
        return Err("brackets are nested more than 8 deep".to_owned());
    }
    let mut nodes: Vec<PatternNode> = Vec::new();
    let mut word = String::new();
    // The last character written into `word`, to close a word of a spaced script with a word boundary.
    let mut last: Option<char> = None;
    let spaced = |c: char| c.is_alphanumeric() && !is_cjk(c);
    let flush = |word: &mut String, nodes: &mut Vec<PatternNode>, last: &mut Option<char>| {
        if !word.is_empty() {
            if last.is_some_and(spaced) {
                word.push_str(r"(?-u:\b)");
            }
            nodes.push(PatternNode::Word(std::mem::take(word)));
        }
        *last = None;
    };
    while let Some(&c) = chars.get(*pos) {
        match c {
            ')' | '|' | ']' => break,
            '(' => {
                let inner = Glue::of_group(chars, *pos);
                // A group glued to a word continues it: no word boundary in between.
                if inner.left {
                    last = None;
                }
                flush(&mut word, &mut nodes, &mut last);
                *pos += 1;
                let mut alternatives = vec![parse_sequence(chars, pos, depth + 1, inner)?];
                while chars.get(*pos) == Some(&'|') {
                    *pos += 1;
                    alternatives.push(parse_sequence(chars, pos, depth + 1, inner)?);
                }
                if chars.get(*pos) != Some(&')') {
                    return Err("`(` is not closed by `)`".to_owned());
                }
                *pos += 1;
                nodes.push(PatternNode::Alternatives(alternatives));
                continue;
            }
            '[' => {
                let inner = Glue::of_group(chars, *pos);
                // A group glued to a word continues it: no word boundary in between.
                if inner.left {
                    last = None;
                }
                flush(&mut word, &mut nodes, &mut last);
                *pos += 1;
                let mut alternatives = vec![parse_sequence(chars, pos, depth + 1, inner)?];
                while chars.get(*pos) == Some(&'|') {
                    *pos += 1;
                    alternatives.push(parse_sequence(chars, pos, depth + 1, inner)?);
                }
                let inner = if alternatives.len() == 1 {
                    alternatives.pop().unwrap_or_default()
                } else {
                    vec![PatternNode::Alternatives(alternatives)]
                };
                if chars.get(*pos) != Some(&']') {
                    return Err("`[` is not closed by `]`".to_owned());
                }
                *pos += 1;
                nodes.push(PatternNode::Optional(inner));
                continue;
            }
            '<' => {
                let end = chars[*pos..]
                    .iter()
                    .position(|&c| c == '>')
                    .ok_or("`<` is not closed by `>`")?;
                let name: String = chars[*pos + 1..*pos + end].iter().collect();
                let regex = match name.as_str() {
                    "number" => r"[0-9]+(?:[.,][0-9]+)*",
                    "range" => r"[0-9]+(?:[.,][0-9]+)*\s*(?:[-‐‑–~～]|to)\s*[0-9]+(?:[.,][0-9]+)*",
                    "quantity" => r"[0-9]+(?:[.,][0-9]+)*(?:\s*(?:%|[a-z°µ²³/]+|\p{Han}))?",
                    "quoted" => r#"(?:\\?"[^"]+\\?"|'{1,2}[^']+'{1,2}|“[^”]*”|‘[^’]*’|「[^」]*」)"#,
                    "rest" => r"[^.;!?。；！？]*",
                    "bracketed" => r"(?:\([^()\n]{1,200}\)|（[^（）\n]{1,200}）)",
                    "word" => r"[\p{L}\p{N}][\p{L}\p{N}'’]*(?:-[\p{L}\p{N}]+)*",
                    other => {
                        return Err(format!(
                            "`<{other}>` is not a placeholder; use <number>, <range>, <quantity>, <quoted>, <bracketed>, <word> or <rest>"
                        ))
                    }
                };
                word.push_str(regex);
                last = None;
                *pos += end + 1;
                continue;
            }
            c if c.is_whitespace() => {
                flush(&mut word, &mut nodes, &mut last);
                while chars.get(*pos).is_some_and(|c| c.is_whitespace()) {
                    *pos += 1;
                }
                if !matches!(nodes.last(), None | Some(PatternNode::Space)) {
                    nodes.push(PatternNode::Space);
                }
                continue;
            }
            '*' => word.push_str("[a-z]*"),
            // A regex habit that would silently look for a literal `?`: the pattern language writes it otherwise.
            '?' => {
                return Err(
                    "`?` is not pattern syntax: write an optional part in brackets (`[any]`, `[(the|our)]`) and \
                     inflections with `*` (`operator*`, `(odor|odour)`)"
                        .to_owned(),
                )
            }
            '-' | '‐' => {
                word.push_str(r"(?:\s*[-‐‑–]\s*|\s+)?");
                last = None;
            }
            // An apostrophe may be missing, curly, or doubled inside a single-quoted YAML scalar.
            '\'' | '’' => word.push_str("['’]{0,2}"),
            c => {
                // A word of a spaced script starts at a word boundary, unless it continues a word across a group.
                let continues = (glue.left && nodes.is_empty())
                    || (*pos > 0 && matches!(chars.get(*pos - 1), Some(')' | ']')));
                if word.is_empty() && spaced(c) && !continues {
                    word.push_str(r"(?-u:\b)");
                }
                // White space (a folded line break, a stray space) may stand between Chinese characters, also where
                // a group meets them (`(质量|品质)(好|佳)` finds `质量 好`).
                let after_group = *pos > 0 && matches!(chars.get(*pos - 1), Some(')' | ']'));
                if is_cjk(c) && word.is_empty() && after_group {
                    word.push_str(r"\s*");
                }
                word.push_str(&regex_escape(c));
                if is_cjk(c)
                    && chars
                        .get(*pos + 1)
                        .is_some_and(|n| is_cjk(*n) || matches!(n, '(' | '['))
                {
                    word.push_str(r"\s*");
                }
                last = Some(c);
            }
        }
        *pos += 1;
    }
    if glue.right {
        last = None;
    }
    flush(&mut word, &mut nodes, &mut last);
    while nodes.last() == Some(&PatternNode::Space) {
        nodes.pop();
    }
    Ok(nodes)
}

/// The regex of a sequence. An optional part takes one neighbouring space with it, so `free of [visible] defects`
/// finds `free of defects` with one space.
fn emit_sequence(nodes: &[PatternNode]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while let Some(node) = nodes.get(i) {
        match node {
            PatternNode::Word(w) => out.push_str(w),
            PatternNode::Space => {
                if let Some(PatternNode::Optional(inner)) = nodes.get(i + 1) {
                    out.push_str(&format!("(?:{SEPARATOR}{})?", emit_sequence(inner)));
                    i += 2;
                    continue;
                }
                out.push_str(SEPARATOR);
            }
            PatternNode::Alternatives(alternatives) => {
                let parts: Vec<String> = alternatives.iter().map(|a| emit_sequence(a)).collect();
                out.push_str(&format!("(?:{})", parts.join("|")));
            }
            PatternNode::Optional(inner) => {
                if nodes.get(i + 1) == Some(&PatternNode::Space) {
                    out.push_str(&format!("(?:{}{SEPARATOR})?", emit_sequence(inner)));
                    i += 2;
                    continue;
                }
                out.push_str(&format!("(?:{})?", emit_sequence(inner)));
            }
        }
        i += 1;
    }
    out
}

fn regex_escape(c: char) -> String {
    if c.is_alphanumeric() || c == '_' || !c.is_ascii() {
        c.to_string()
    } else {
        format!("\\{c}")
    }
}

/// Sets of words, in ASCII lower case (or single Chinese, Japanese or Korean characters), such that every match of
/// a lexicon pattern contains a word of each set: a text whose `anchor_fold` lacks every word of one set cannot
/// match, so the pattern's regex need not be built or run on it. `None` when the pattern names no such word
/// (accented words only, or placeholders). The most selective set comes first.
pub fn pattern_anchors(pattern: &str) -> Option<Vec<Vec<String>>> {
    let chars: Vec<char> = pattern.trim().chars().collect();
    let mut sets = anchors_of_sequence(&chars, &mut 0);
    sets.sort_by_key(|set| std::cmp::Reverse(anchor_score(set)));
    (!sets.is_empty()).then_some(sets)
}

/// How selective a set of anchor words is: the length of its shortest word.
fn anchor_score(set: &[String]) -> usize {
    set.iter().map(String::len).min().unwrap_or(0)
}

/// The anchor sets of a sequence's required parts: each literal run of ASCII letters, digits and literal
/// punctuation, and each alternation whose every branch has a set (the union of each branch's most selective one).
/// Optional parts, placeholders, white space, `*`, hyphens and apostrophes only end a run: the characters on either
/// side still stand in every match.
fn anchors_of_sequence(chars: &[char], pos: &mut usize) -> Vec<Vec<String>> {
    let mut sets: Vec<Vec<String>> = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, sets: &mut Vec<Vec<String>>| {
        if !word.is_empty() {
            sets.push(vec![std::mem::take(word)]);
        }
    };
    while let Some(&c) = chars.get(*pos) {
        // Letters, digits and the punctuation that a pattern writes as itself (`a.s.a.p.`, `and/or`).
        if c.is_ascii_graphic() && !"()|[]<>*-'\\".contains(c) {
            word.push(c.to_ascii_lowercase());
            *pos += 1;
            continue;
        }
        flush(&mut word, &mut sets);
        // A Chinese character stands for itself alone (white space may come between two), and has no case.
        if is_cjk(c) && c.to_lowercase().eq([c]) && c.to_uppercase().eq([c]) {
            sets.push(vec![c.to_string()]);
            *pos += 1;
            continue;
        }
        match c {
            ')' | '|' | ']' => break,
            '(' | '[' => {
                let mut union = Some(Vec::new());
                loop {
                    *pos += 1;
                    let best = anchors_of_sequence(chars, pos)
                        .into_iter()
                        .max_by_key(|set| anchor_score(set));
                    union = union.zip(best).map(|(mut u, b)| {
                        u.extend(b);
                        u
                    });
                    if chars.get(*pos) != Some(&'|') {
                        break;
                    }
                }
                *pos += 1;
                if let (Some(union), '(') = (union, c) {
                    sets.push(union);
                }
            }
            '<' => {
                while chars.get(*pos).is_some_and(|&c| c != '>') {
                    *pos += 1;
                }
                *pos += 1;
            }
            _ => *pos += 1,
        }
    }
    flush(&mut word, &mut sets);
    sets
}

/// The text as `pattern_anchors` words are looked for in it: ASCII lower case, and every other character that a
/// case-insensitive match could take for an ASCII letter (the Kelvin sign for `k`, the long s for `s`) turned into
/// that letter.
pub fn anchor_fold(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                return c.to_ascii_lowercase();
            }
            let lower = c.to_lowercase().next().filter(char::is_ascii);
            let upper = c.to_uppercase().next().filter(char::is_ascii);
            lower.or(upper).map_or(c, |a| a.to_ascii_lowercase())
        })
        .collect()
}

/// Chinese, Japanese and Korean characters, which are written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}
