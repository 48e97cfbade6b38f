//! Parses the bundled rule packs (`rules/*.concord`) at build time and embeds their syntax trees, so `concord`
//! decodes them at start-up instead of parsing about 3,200 lines of rules on every run (`src/packs/bundled.rs`).
//!
//! The parser is the crate's own: its source files are compiled into this script through `#[path]`, under the
//! same module paths they have in the library (`crate::source`, `crate::syntax::{ast, parse}`), so the trees
//! cannot come from a different parser than the one user packs go through. A bundled pack that does not parse
//! is a build error.

#[allow(
    dead_code,
    reason = "the library's module; the build needs its spans only"
)]
#[path = "src/source.rs"]
pub mod source;

#[allow(
    dead_code,
    reason = "the library's module; the build needs the tree types only"
)]
#[path = "src/syntax/ast.rs"]
pub mod ast;

#[allow(
    dead_code,
    reason = "the library's module; the build needs `parse` only"
)]
#[path = "src/syntax/parse/mod.rs"]
pub mod parse;

#[allow(
    dead_code,
    reason = "the library's module; the build needs the pattern translation only"
)]
#[path = "src/syntax/pattern.rs"]
pub mod pattern;

/// The module path the parser's sources name (`crate::syntax::ast`).
mod syntax {
    #[allow(
        unused_imports,
        reason = "the parser names `crate::syntax::ast` today; both paths exist in the library"
    )]
    pub use super::{ast, parse};
}

use std::path::{Path, PathBuf};

/// The embedded form: every bundled rule file as (path relative to the repository, text, syntax tree), in path
/// order. `src/packs/bundled.rs` reads the same tuple.
type Embedded = Vec<(String, String, ast::RuleFile)>;

fn main() -> Result<(), String> {
    for watched in [
        "build.rs",
        "rules",
        "grammar",
        "src/source.rs",
        "src/syntax",
    ] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let mut embedded = Embedded::new();
    for path in rule_files(&root.join("rules"))? {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = format!(
            "rules/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let tree = parse::parse(&text).map_err(|e| describe(&name, &text, &e))?;
        embedded.push((name, text, tree));
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let translated = translate_patterns(&embedded);
    let bytes = postcard::to_allocvec(&translated).map_err(|e| e.to_string())?;
    std::fs::write(out.join("bundled_patterns.postcard"), bytes).map_err(|e| e.to_string())?;
    std::fs::write(out.join("bundled_digests.rs"), text_digests(&embedded))
        .map_err(|e| e.to_string())?;
    let bytes = postcard::to_allocvec(&embedded).map_err(|e| e.to_string())?;
    std::fs::write(out.join("bundled_packs.postcard"), bytes).map_err(|e| e.to_string())
}

/// The SHA-256 of each bundled file's text, as a Rust array of (path, digest) that `src/packs/bundled.rs` includes:
/// hashing the 400 KB of bundled rules was an eighth of the instructions of checking one case.
fn text_digests(embedded: &Embedded) -> String {
    use sha2::Digest as _;
    let mut out = String::from("&[\n");
    for (name, text, _) in embedded {
        let digest = sha2::Sha256::digest(text.as_bytes());
        let bytes: Vec<String> = digest.iter().map(|b| format!("{b}")).collect();
        out.push_str(&format!("    ({name:?}, [{}]),\n", bytes.join(", ")));
    }
    out.push_str("]\n");
    out
}

/// Every distinct lexicon pattern of the bundled packs (phrases and `except`s) with its regex source (or why it does
/// not translate) and its anchor words, in pattern order: translating them was a fifth of one small case's
/// instructions (`src/packs/bundled.rs` reads the same tuple).
fn translate_patterns(embedded: &Embedded) -> Vec<Translated> {
    let mut texts: Vec<&str> = embedded
        .iter()
        .flat_map(|(_, _, tree)| &tree.lexicons)
        .flat_map(|lexicon| {
            let phrases = lexicon.entries.iter().map(|e| e.phrase.value.as_str());
            phrases.chain(lexicon.excepts.iter().map(|e| e.value.as_str()))
        })
        .collect();
    texts.sort_unstable();
    texts.dedup();
    texts
        .into_iter()
        .map(|text| {
            (
                text.to_owned(),
                pattern::pattern_regex(text),
                pattern::pattern_anchors(text),
            )
        })
        .collect()
}

/// A translated pattern: (pattern, regex source or why not, anchor word sets).
type Translated = (String, Result<String, String>, Option<Vec<Vec<String>>>);

/// The `.concord` files directly under `rules/`, sorted by name (`rules/tests/` holds rule tests, not packs).
fn rule_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "concord"))
        .collect();
    files.sort();
    Ok(files)
}

/// The parse error as `rules/x.concord:LINE:COL: message`, so a broken bundled pack names its place.
fn describe(name: &str, text: &str, error: &parse::ParseError) -> String {
    use miette::Diagnostic as _;
    let offset = error
        .labels()
        .and_then(|mut labels| labels.next())
        .map_or(0, |label| label.offset());
    let (line, column) = source::line_col(text, offset);
    let help = error.help().map(|h| h.to_string()).unwrap_or_default();
    format!("bundled pack {name}:{line}:{column} does not parse: {error} ({help})")
}
