//! Builds every regular expression of the loaded rule files (`matches` patterns and lexicon word patterns) once, on
//! all cores, before rules are compiled:
//! building a case-insensitive Unicode regex costs far more than matching with it.

use std::collections::BTreeMap;
use std::sync::Arc;

use regex_automata::meta::{Config, Regex};

use crate::syntax::ast::{
    Expr, ExprKind, Literal, PathStep, Requirement, RuleField, RuleFile, TemplatePart,
};

/// Pattern text to the built regex, or the regex crate's error message.
pub(super) type RegexCache = BTreeMap<String, Result<Arc<Regex>, String>>;

/// Builds a regex for short texts (record fields, clauses), with the limits concord applies everywhere. Literal
/// prefilters are left out: rule texts are short, and building the prefilter of a case-insensitive alternation costs
/// more than all matching on a case. So is the lazy DFA: building its reverse NFA was a tenth of checking one case,
/// and on a short text the bounded backtracker is as fast (`build_for_long` keeps it for long texts).
pub(super) fn build(pattern: &str) -> Result<Arc<Regex>, String> {
    build_with(pattern, false)
}

/// Builds a regex for long texts (a contract read as one document): with the lazy DFA, without which the PikeVM
/// made linting a 1 MB contract twice as slow.
pub(super) fn build_for_long(pattern: &str) -> Result<Arc<Regex>, String> {
    build_with(pattern, true)
}

fn build_with(pattern: &str, lazy_dfa: bool) -> Result<Arc<Regex>, String> {
    let config = Config::new()
        .auto_prefilter(false)
        .dfa(false)
        .onepass(false)
        .hybrid(lazy_dfa)
        .nfa_size_limit(Some(1 << 20));
    Regex::builder()
        .configure(config)
        .build(pattern)
        .map(Arc::new)
        .map_err(|err| {
            if let Some(syntax) = err.syntax_error() {
                let text = syntax.to_string();
                return text
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
                    .trim_start_matches("error: ")
                    .to_owned();
            }
            match err.size_limit() {
                Some(limit) => {
                    format!("the pattern compiles to more than the limit of {limit} bytes")
                }
                None => err.to_string(),
            }
        })
}

/// The longest lexicon regex source built on first use rather than while compiling. A source this short cannot
/// reach the NFA size limit (a test builds the costliest constructs at this length), so building it later cannot
/// fail; a longer one is built while compiling, where its error is reported.
pub(super) const LAZY_MAX_LEN: usize = 2_500;

/// Lexicon word patterns translated to regex sources (or why they do not translate), by pattern text: each is
/// translated once, here, and read again when its lexicon is built (translating is a tenth of a small case).
pub(super) type Translations = BTreeMap<String, Result<String, String>>;

/// A lexicon pattern's regex source (`syntax::pattern::pattern_regex`): the build's translation for a pattern of the
/// bundled packs (`packs::bundled::translated_pattern`), else translated now.
pub(super) fn translate(pattern: &str) -> Result<String, String> {
    match crate::packs::bundled::translated_pattern(pattern) {
        Some((source, _)) => source.map(str::to_owned).map_err(str::to_owned),
        None => crate::text::pattern_regex(pattern),
    }
}

/// A lexicon pattern's anchor words (`syntax::pattern::pattern_anchors`), from the build for a bundled pattern.
pub(super) fn anchors(pattern: &str) -> Option<Vec<Vec<String>>> {
    match crate::packs::bundled::translated_pattern(pattern) {
        Some((_, anchors)) => anchors.as_ref().map(|sets| {
            sets.iter()
                .map(|set| set.iter().map(|w| (*w).to_owned()).collect())
                .collect()
        }),
        None => crate::text::pattern_anchors(pattern),
    }
}

/// Every distinct pattern of the files that is built while compiling, in parallel: `matches` patterns, and the
/// lexicon word patterns longer than `LAZY_MAX_LEN` (shorter ones are built on first use); with every lexicon
/// pattern's translation. The lexicon patterns of files for which `trusted` holds (the bundled packs, every one of
/// whose patterns a test builds) are all built on first use: a case meets few of them.
pub(super) fn build_all(
    files: &[(crate::source::FileId, &RuleFile)],
    trusted: impl Fn(crate::source::FileId) -> bool,
) -> (RegexCache, Translations) {
    let mut patterns = Vec::new();
    let mut translations = Translations::new();
    for (id, file) in files {
        let eager = !trusted(*id);
        // Lexicon word patterns, translated; one that does not translate is reported when its lexicon is built.
        for lexicon in &file.lexicons {
            let phrases = lexicon.entries.iter().map(|e| &e.phrase);
            for text in phrases.chain(&lexicon.excepts) {
                if translations.contains_key(&text.value) {
                    continue;
                }
                let source = translate(&text.value);
                patterns.extend(
                    source
                        .as_ref()
                        .ok()
                        .filter(|source| eager && source.len() > LAZY_MAX_LEN)
                        .cloned(),
                );
                translations.insert(text.value.clone(), source);
            }
        }
        for rule in &file.rules {
            for field in &rule.fields {
                collect_field(field, &mut patterns);
            }
        }
    }
    patterns.sort();
    patterns.dedup();
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, patterns.len().max(1));
    let chunk = patterns.len().div_ceil(workers).max(1);
    let regexes = std::thread::scope(|scope| {
        let handles: Vec<_> = patterns
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|p| (p.clone(), build(p)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    (regexes, translations)
}

fn collect_field(field: &RuleField, out: &mut Vec<String>) {
    match field {
        RuleField::For(clause) => collect(&clause.source, out),
        RuleField::Let { value, .. } => collect(value, out),
        RuleField::When(e) | RuleField::Require(Requirement::Expr(e)) => collect(e, out),
        RuleField::Message(t) | RuleField::Help(t) => t.parts.iter().for_each(|p| {
            if let TemplatePart::Hole(e) = p {
                collect(e, out);
            }
        }),
        _ => {}
    }
}

fn collect(e: &Expr, out: &mut Vec<String>) {
    match &e.kind {
        ExprKind::Matches { value, pattern } => {
            out.push(pattern.value.clone());
            collect(value, out);
        }
        ExprKind::Literal(Literal::List(items)) => items.iter().for_each(|i| collect(i, out)),
        ExprKind::Literal(_) => {}
        ExprKind::Path { steps, .. } => steps.iter().for_each(|s| {
            if let PathStep::Index(i) = s {
                collect(i, out);
            }
        }),
        ExprKind::Not(x) => collect(x, out),
        ExprKind::Binary { left, right, .. } | ExprKind::Overlaps { left, right } => {
            collect(left, out);
            collect(right, out);
        }
        ExprKind::Satisfies { value, requirement } => {
            collect(value, out);
            collect(requirement, out);
        }
        ExprKind::Exists { value, .. }
        | ExprKind::Mentions { value, .. }
        | ExprKind::MeasuredBy { value, .. } => collect(value, out),
        ExprKind::Member { value, collection } => {
            collect(value, out);
            collect(collection, out);
        }
        ExprKind::OneOf { value, choices } => {
            collect(value, out);
            choices.iter().for_each(|c| collect(c, out));
        }
        ExprKind::Quantified { source, body, .. } => {
            collect(source, out);
            collect(body, out);
        }
        ExprKind::Count { source, filter, .. } => {
            collect(source, out);
            if let Some(f) = filter {
                collect(f, out);
            }
        }
        ExprKind::First { source, filter, .. } => {
            collect(source, out);
            collect(filter, out);
        }
        ExprKind::Call { args, .. } => args.iter().for_each(|a| collect(a, out)),
    }
}

#[cfg(test)]
mod tests {
    use super::{build, build_for_long, Regex, LAZY_MAX_LEN};

    /// The build translated every bundled lexicon pattern with the same code the library runs, so its regex source
    /// and anchors are what translating now gives: a stale or partial table fails here.
    #[test]
    fn the_builds_pattern_translations_are_the_librarys() {
        let trees = crate::packs::bundled::syntax_trees().unwrap_or_default();
        let mut checked = 0;
        for lexicon in trees.iter().flat_map(|t| &t.lexicons) {
            let phrases = lexicon.entries.iter().map(|e| &e.phrase);
            for text in phrases.chain(&lexicon.excepts) {
                let Some((source, _)) = crate::packs::bundled::translated_pattern(&text.value)
                else {
                    panic!("`{}` was not translated by the build", text.value);
                };
                let source = source.map(str::to_owned).map_err(str::to_owned);
                assert_eq!(source, crate::text::pattern_regex(&text.value));
                assert_eq!(
                    super::anchors(&text.value),
                    crate::text::pattern_anchors(&text.value)
                );
                checked += 1;
            }
        }
        assert!(checked > 500, "{checked} patterns");
        assert!(crate::packs::bundled::translated_pattern("no such pattern in any pack").is_none());
    }

    /// The costliest constructs of a word pattern per byte of regex source (case-insensitive letters with
    /// non-ASCII case variants, placeholders, inflections, hyphens, alternatives, Chinese), each repeated until the
    /// source passes `LAZY_MAX_LEN`, still build: a lexicon regex built on first use cannot fail.
    /// The bundled packs' lexicon patterns are built on first use whatever their length (`build_all`'s `trusted`):
    /// each must build, so a bad one fails here rather than in a user's run.
    #[test]
    fn every_bundled_lexicon_pattern_builds() {
        let trees = crate::packs::bundled::syntax_trees().unwrap_or_default();
        assert!(!trees.is_empty());
        let mut built = 0;
        for file in &trees {
            for lexicon in &file.lexicons {
                let phrases = lexicon.entries.iter().map(|e| &e.phrase);
                for text in phrases.chain(&lexicon.excepts) {
                    let source = crate::text::pattern_regex(&text.value)
                        .unwrap_or_else(|e| panic!("`{}` does not translate: {e}", text.value));
                    if let Err(e) = build(&source) {
                        panic!("`{}` does not build: {e}", text.value);
                    }
                    built += 1;
                }
            }
        }
        assert!(built > 500, "{built}");
    }

    #[test]
    fn lazily_built_lexicon_patterns_cannot_reach_the_size_limit() {
        for unit in [
            "ks",
            "k s ",
            "<quantity> ",
            "<quoted> ",
            "<rest> ",
            "<number> ",
            "(k|s) ",
            "k* ",
            "k-s-",
            "合格 ",
            "[k] ",
            "supplier's ",
        ] {
            let mut pattern = String::new();
            let mut source = String::new();
            while source.len() <= LAZY_MAX_LEN {
                pattern.push_str(unit);
                source = crate::text::pattern_regex(&pattern).unwrap();
            }
            assert!(
                build(&source).is_ok(),
                "`{unit}` x N, {} bytes",
                source.len()
            );
        }
    }

    /// The builds for short and for long texts are one pattern: they find the same matches in a long text.
    #[test]
    fn the_long_text_build_finds_what_the_short_text_build_finds() {
        let source = crate::text::pattern_regex("free of (obvious|visible|major) defect*").unwrap();
        let (short, long) = (build(&source).unwrap(), build_for_long(&source).unwrap());
        let text = "Goods free of visible defects; FREE OF  major\ndefect. ".repeat(200);
        let spans = |re: &Regex| re.find_iter(&text).map(|m| m.range()).collect::<Vec<_>>();
        assert_eq!(spans(&short).len(), 400);
        assert_eq!(spans(&short), spans(&long));
    }
}
