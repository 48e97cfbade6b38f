//! The rule packs shipped inside the binary, so `concord check` works with no set-up.

use crate::syntax::ast::RuleFile;

/// Every file under `rules/`, as (path relative to the repository, text). A test keeps the list complete.
pub const RULE_FILES: &[(&str, &str)] = &[
    (
        "rules/common.concord",
        include_str!("../../rules/common.concord"),
    ),
    (
        "rules/machinery.concord",
        include_str!("../../rules/machinery.concord"),
    ),
    (
        "rules/consumer_goods.concord",
        include_str!("../../rules/consumer_goods.concord"),
    ),
    (
        "rules/trade_assurance.concord",
        include_str!("../../rules/trade_assurance.concord"),
    ),
    (
        "rules/claims.concord",
        include_str!("../../rules/claims.concord"),
    ),
    ("rules/z14.concord", include_str!("../../rules/z14.concord")),
    (
        "rules/wording.concord",
        include_str!("../../rules/wording.concord"),
    ),
    (
        "rules/prelude.concord",
        include_str!("../../rules/prelude.concord"),
    ),
];

/// The syntax trees of every `rules/*.concord` file, parsed by `build.rs` with the crate's own parser and encoded
/// with postcard, as (path, text, tree) in path order. Decoding them costs a small part of parsing the text.
const SYNTAX_TREES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled_packs.postcard"));

/// Every lexicon pattern of the bundled packs translated by `build.rs` with `syntax::pattern`, as (pattern, regex
/// source or why it does not translate, anchor word sets) in pattern order.
const PATTERNS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled_patterns.postcard"));

/// A lexicon pattern as the build translated it: its regex source (or why it does not translate) and its anchors.
pub type Translated = (
    Result<&'static str, &'static str>,
    Option<Vec<Vec<&'static str>>>,
);

/// The build's translation of a bundled lexicon pattern, found by its text; `None` for any other pattern (which
/// the caller translates itself). The same code translated both, so either way gives the same regex.
pub fn translated_pattern(pattern: &str) -> Option<&'static Translated> {
    static DECODED: std::sync::OnceLock<Vec<(&'static str, Translated)>> =
        std::sync::OnceLock::new();
    let decoded = DECODED.get_or_init(|| {
        postcard::from_bytes::<Vec<(&str, Result<&str, &str>, Option<Vec<Vec<&str>>>)>>(PATTERNS)
            .map(|all| {
                all.into_iter()
                    .map(|(text, source, anchors)| (text, (source, anchors)))
                    .collect()
            })
            .unwrap_or_default()
    });
    decoded
        .binary_search_by(|(text, _)| (*text).cmp(pattern))
        .ok()
        .and_then(|i| decoded.get(i))
        .map(|(_, translated)| translated)
}

/// The syntax trees of `RULE_FILES`, in that order, as the build parsed them; `None` when a file's tree is missing
/// or was parsed from another text (the caller then parses the text, so a stale build can only cost time).
pub fn syntax_trees() -> Option<Vec<RuleFile>> {
    let mut decoded: Vec<(&str, &str, RuleFile)> = postcard::from_bytes(SYNTAX_TREES).ok()?;
    RULE_FILES
        .iter()
        .map(|(path, text)| {
            let i = decoded
                .iter()
                .position(|(p, t, _)| p == path && t == text)?;
            Some(decoded.swap_remove(i).2)
        })
        .collect()
}

/// The rule tests of the bundled packs (`rules/tests/*.yaml`): examples where each rule fires and where it holds.
pub const RULE_TEST_FILES: &[(&str, &str)] = &[
    (
        "rules/tests/common.yaml",
        include_str!("../../rules/tests/common.yaml"),
    ),
    (
        "rules/tests/machinery.yaml",
        include_str!("../../rules/tests/machinery.yaml"),
    ),
    (
        "rules/tests/consumer_goods.yaml",
        include_str!("../../rules/tests/consumer_goods.yaml"),
    ),
    (
        "rules/tests/trade_assurance.yaml",
        include_str!("../../rules/tests/trade_assurance.yaml"),
    ),
    (
        "rules/tests/z14.yaml",
        include_str!("../../rules/tests/z14.yaml"),
    ),
    (
        "rules/tests/claims.yaml",
        include_str!("../../rules/tests/claims.yaml"),
    ),
    (
        "rules/tests/wording.yaml",
        include_str!("../../rules/tests/wording.yaml"),
    ),
];

/// The example cases that bundled rule tests start from, as (case name, file name, text).
pub const BASE_CASES: &[(&str, &str, &str)] = &[
    (
        "claim-holds",
        "contract.yaml",
        include_str!("../../examples/claim-holds/contract.yaml"),
    ),
    (
        "claim-holds",
        "inspection.yaml",
        include_str!("../../examples/claim-holds/inspection.yaml"),
    ),
    (
        "claim-holds",
        "evidence.yaml",
        include_str!("../../examples/claim-holds/evidence.yaml"),
    ),
    (
        "tote-bags-holds",
        "contract.yaml",
        include_str!("../../examples/tote-bags-holds/contract.yaml"),
    ),
    (
        "tote-bags-holds",
        "inspection.yaml",
        include_str!("../../examples/tote-bags-holds/inspection.yaml"),
    ),
    (
        "tote-bags-holds",
        "evidence.yaml",
        include_str!("../../examples/tote-bags-holds/evidence.yaml"),
    ),
];

/// The text of a record of a bundled base case.
pub fn base_case_file(case: &str, file: &str) -> Option<&'static str> {
    BASE_CASES
        .iter()
        .find(|(c, f, _)| *c == case && *f == file)
        .map(|(_, _, t)| *t)
}

/// The names of the bundled base cases, in order.
pub fn base_case_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = BASE_CASES.iter().map(|(c, _, _)| *c).collect();
    names.dedup();
    names
}

/// The SHA-256 of each file of `RULE_FILES`, as (path, digest), computed by `build.rs` from the same files.
const TEXT_DIGESTS: &[(&str, [u8; 32])] = include!(concat!(env!("OUT_DIR"), "/bundled_digests.rs"));

/// The SHA-256 of a rule text that is, byte for byte, a bundled rule file, as the build computed it; `None` for any
/// other text (the caller hashes it). Hashing the bundled rules on every run was an eighth of checking one case.
pub fn bundled_text_digest(text: &str) -> Option<&'static [u8; 32]> {
    let (path, _) = RULE_FILES.iter().find(|(_, bundled)| *bundled == text)?;
    TEXT_DIGESTS
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, digest)| digest)
}

/// Whether a rule text is, byte for byte, one of the bundled rule files: its lexicon patterns are known to build
/// (`compile::regexes` tests every one), so the compiler need not build any before it is used.
pub fn is_bundled_text(text: &str) -> bool {
    RULE_FILES.iter().any(|(_, bundled)| *bundled == text)
}

/// The name bundled files are shown under.
pub fn display_name(path: &str) -> String {
    format!("<bundled>/{path}")
}

#[cfg(test)]
mod tests {
    use super::{bundled_text_digest, syntax_trees, RULE_FILES};

    /// The build's digests are the SHA-256 of the texts compiled into the binary, for every bundled file.
    #[test]
    fn build_digests_are_the_texts_digests() {
        use sha2::Digest as _;
        for (path, text) in RULE_FILES {
            let digest: [u8; 32] = sha2::Sha256::digest(text.as_bytes()).into();
            assert_eq!(bundled_text_digest(text), Some(&digest), "{path}");
        }
        assert_eq!(bundled_text_digest("pack other {}"), None);
    }

    /// The trees embedded at build time are exactly what parsing the embedded text gives at run time, spans
    /// included, so the two cannot drift apart.
    #[test]
    fn the_trees_parsed_at_build_time_equal_a_fresh_parse_of_the_embedded_text() {
        let trees = syntax_trees()
            .expect("every bundled rule file has its tree, parsed from the same text");
        assert_eq!(trees.len(), RULE_FILES.len());
        for ((path, text), tree) in RULE_FILES.iter().zip(&trees) {
            let fresh = crate::syntax::parse::parse(text).expect("a bundled pack parses");
            assert!(
                fresh == *tree,
                "{path}: the embedded tree differs from a fresh parse"
            );
        }
    }
}
