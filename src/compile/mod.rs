//! Compile stage: syntax trees of all loaded rule files in, one `RuleSet` out, or every error of every file.
//! Resolves packs, vocabulary, paths, types and units, so that evaluation cannot fail on the rules.

pub mod anchors;
mod define;
mod error;
mod expr;
pub mod ir;
mod pack;
mod regexes;
mod rule;
mod scope;
mod sources;
mod table;
pub mod types;
mod versions;

use std::collections::BTreeMap;

pub use error::{CompileDiagnostic, CompileError};

use crate::compile::ir::RuleSet;
use crate::records::schema::Schema;
use crate::source::{FileId, SourceMap};
use crate::syntax::ast::RuleFile;

/// A parsed rule file.
type Parsed<'a> = (FileId, &'a RuleFile);

/// The pack whose rules are what a spec statement expands into (`rules/prelude.concord`): they never run on their
/// own, and a user pack replaces one with `rule ID overrides { ... }`.
pub const PRELUDE: &str = "prelude";

/// Compiles parsed rule files into one rule set. All errors of all files are returned together.
pub fn compile(
    all_files: &[(FileId, &RuleFile)],
    schema: &Schema,
    sources: &SourceMap,
) -> Result<RuleSet, Vec<CompileDiagnostic>> {
    let mut diagnostics = Vec::new();
    let (prelude, files): (Vec<Parsed<'_>>, Vec<Parsed<'_>>) = all_files
        .iter()
        .copied()
        .partition(|(_, ast)| ast.pack.name.value == PRELUDE);
    let resolved = versions::resolve(&files, &mut diagnostics);
    let files: Vec<Parsed<'_>> = resolved
        .files
        .iter()
        .map(|(id, ast)| (*id, ast.as_ref()))
        .collect();
    let files = files.as_slice();
    let (packs, pack_of_file) = pack::collect_packs(files, &mut diagnostics);
    let vocab = pack::vocabulary(
        files,
        &pack_of_file,
        &packs,
        sources,
        schema,
        &mut diagnostics,
    );
    let templates = compile_templates(&prelude, files, &vocab, &mut diagnostics);
    let template_ids: Vec<&str> = prelude
        .iter()
        .flat_map(|(_, ast)| &ast.rules)
        .map(|r| r.id.value.as_str())
        .collect();
    // Room for every rule at once: doubling left a pack of 100,000 rules a third of its compiled size unused.
    let mut rules = Vec::with_capacity(files.iter().map(|(_, ast)| ast.rules.len()).sum());
    let mut first_definition: BTreeMap<&str, (FileId, crate::source::Span)> = BTreeMap::new();
    let mut pack_of_rule: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, (file, ast)) in files.iter().enumerate() {
        let pack = pack_of_file.get(index).copied().unwrap_or(0);
        let mut def_errors = Vec::new();
        let defs = define::Definitions::new(&ast.definitions, &mut def_errors);
        diagnostics.extend(
            def_errors
                .into_iter()
                .map(|error| CompileDiagnostic { file: *file, error }),
        );
        for rule in ast.rules.iter().filter(|r| r.overrides.is_none()) {
            // A rule id is unique within a pack version and across packs; versions of one pack share their ids.
            let seen = pack_of_rule.entry(rule.id.value.as_str()).or_default();
            let clash = seen.iter().any(|p| {
                *p == pack || packs.get(*p).map(|i| &i.name) != packs.get(pack).map(|i| &i.name)
            });
            seen.push(pack);
            if let (true, Some((first_file, first_span))) =
                (clash, first_definition.get(rule.id.value.as_str()))
            {
                diagnostics.push(CompileDiagnostic {
                    file: *file,
                    error: CompileError::Duplicate {
                        what: "rule",
                        name: rule.id.value.clone(),
                        help: format!(
                            "{}; to replace that rule, write `rule {} overrides {{`",
                            pack::first_defined_help(*first_file, *first_span, sources),
                            rule.id.value
                        ),
                        span: rule.id.span.into(),
                    },
                });
                continue;
            }
            first_definition
                .entry(&rule.id.value)
                .or_insert((*file, rule.id.span));
            match rule::compile_rule(rule, &defs, *file, pack, &vocab, &templates) {
                Ok(compiled) => rules.push(compiled),
                Err(errors) => diagnostics.extend(
                    errors
                        .into_iter()
                        .map(|error| CompileDiagnostic { file: *file, error }),
                ),
            }
        }
    }
    apply_overrides(
        files,
        &Compiled {
            pack_of_file: &pack_of_file,
            packs: &packs,
            vocab: &vocab,
            templates: &templates,
            template_ids: &template_ids,
        },
        &mut rules,
        &mut diagnostics,
    );
    check_lexicon_rule_references(files, &first_definition, &mut diagnostics);
    drop_repeats(&mut diagnostics, &resolved);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    // (id, pack) is unique once duplicates are refused above, so an unstable sort gives the one order, without the
    // stable sort's buffer of half the rules.
    rules.sort_unstable_by(|a, b| a.id.cmp(&b.id).then(a.pack.cmp(&b.pack)));
    let mut packs = packs;
    hash_packs(&mut packs, files, &resolved.carried, &pack_of_file, sources);
    list_lexicons(&mut packs, files, &pack_of_file);
    Ok(RuleSet {
        packs,
        rules,
        tables: vocab.tables,
    })
}

/// One mistake, one diagnostic: a base's content is compiled again in each version `based_on` it, so its errors
/// come again, under the base's file, or under the derived file for a lexicon the derived version amends (the same
/// error at the same span: the base's text). Those repeats are dropped; the base's own report stays.
fn drop_repeats(diagnostics: &mut Vec<CompileDiagnostic>, resolved: &versions::Resolved<'_>) {
    let derived: std::collections::BTreeSet<FileId> = resolved
        .files
        .iter()
        .zip(&resolved.carried)
        .filter(|((_, ast), carried)| !**carried && ast.pack.based_on.is_some())
        .map(|((id, _), _)| *id)
        .collect();
    let all = diagnostics.clone();
    let mut kept: Vec<CompileDiagnostic> = Vec::with_capacity(diagnostics.len());
    for diagnostic in diagnostics.drain(..) {
        let again = kept.contains(&diagnostic);
        let base_text_again = derived.contains(&diagnostic.file)
            && all
                .iter()
                .any(|d| d.error == diagnostic.error && !derived.contains(&d.file));
        if !again && !base_text_again {
            kept.push(diagnostic);
        }
    }
    *diagnostics = kept;
}

/// `leaves RULE` in a lexicon must name a rule that is loaded.
fn check_lexicon_rule_references(
    files: &[(FileId, &RuleFile)],
    rules: &BTreeMap<&str, (FileId, crate::source::Span)>,
    out: &mut Vec<CompileDiagnostic>,
) {
    for (file, ast) in files {
        for entry in ast.lexicons.iter().flat_map(|l| &l.entries) {
            for rule in &entry.leaves {
                if !rules.contains_key(rule.value.as_str()) {
                    out.push(CompileDiagnostic {
                        file: *file,
                        error: CompileError::UnknownName {
                            what: "rule",
                            name: rule.value.clone(),
                            help: error::suggestion_help(
                                &rule.value,
                                rules.keys().copied(),
                                "name a rule of a loaded pack",
                            ),
                            span: rule.span.into(),
                        },
                    });
                }
            }
        }
    }
}

/// Sets each pack version's content hash: SHA-256 over its own files' names and texts, in name order, after the
/// hash of the version it is `based_on` (its base's content is carried in under the base's files, not hashed again).
fn hash_packs(
    packs: &mut [crate::compile::ir::PackInfo],
    files: &[(FileId, &RuleFile)],
    carried: &[bool],
    pack_of_file: &[usize],
    sources: &SourceMap,
) {
    let mut hashes: Vec<Option<String>> = vec![None; packs.len()];
    // A base is hashed before the versions built on it; a chain is as long as there are versions.
    for _ in 0..packs.len() {
        for index in 0..packs.len() {
            if hashes.get(index).is_some_and(Option::is_some) {
                continue;
            }
            let base_hash = match packs.get(index).and_then(|p| p.based_on.as_ref()) {
                None => Some(String::new()),
                Some(version) => packs
                    .iter()
                    .position(|b| {
                        Some(&b.name) == packs.get(index).map(|p| &p.name) && &b.version == version
                    })
                    .and_then(|b| hashes.get(b).cloned().flatten()),
            };
            let Some(base_hash) = base_hash else { continue };
            let own = files
                .iter()
                .zip(pack_of_file)
                .zip(carried)
                .filter(|((_, p), carried)| **p == index && !**carried)
                .filter_map(|(((id, _), _), _)| sources.get(*id));
            if let Some(slot) = hashes.get_mut(index) {
                *slot = Some(content_hash(&base_hash, own));
            }
        }
    }
    for (pack, hash) in packs.iter_mut().zip(hashes) {
        pack.hash = hash.unwrap_or_default();
    }
}

/// SHA-256 over a base's hash (empty for none) and, per file in name order, its base name and the SHA-256 of its
/// text (a bundled file's from the build: `packs::bundled::bundled_text_digest`).
fn content_hash<'s>(
    base_hash: &str,
    files: impl Iterator<Item = &'s crate::source::SourceFile>,
) -> String {
    use sha2::{Digest, Sha256};
    let mut members: Vec<&crate::source::SourceFile> = files.collect();
    members.sort_by(|a, b| a.name.cmp(&b.name));
    let mut hasher = Sha256::new();
    if !base_hash.is_empty() {
        hasher.update(b"based_on ");
        hasher.update(base_hash.as_bytes());
    }
    for file in members {
        // Only the base name: the same pack must hash alike wherever it is installed.
        let name = file.name.rsplit(['/', '\\']).next().unwrap_or(&file.name);
        hasher.update((name.len() as u64).to_le_bytes());
        hasher.update(name.as_bytes());
        hasher.update((file.text.len() as u64).to_le_bytes());
        match crate::packs::bundled::bundled_text_digest(&file.text) {
            Some(digest) => hasher.update(digest),
            None => hasher.update(Sha256::digest(file.text.as_bytes())),
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Records each version's lexicons (phrase and advice) and table rows, for `rules diff`.
fn list_lexicons(
    packs: &mut [crate::compile::ir::PackInfo],
    files: &[(FileId, &RuleFile)],
    pack_of_file: &[usize],
) {
    for ((_, ast), pack) in files.iter().zip(pack_of_file) {
        let Some(info) = packs.get_mut(*pack) else {
            continue;
        };
        for table in &ast.tables {
            info.tables
                .entry(table.name.value.clone())
                .or_default()
                .extend(table.rows.iter().map(crate::syntax::ast::TableRow::text));
        }
        for lexicon in &ast.lexicons {
            let entries = lexicon
                .entries
                .iter()
                .map(|e| (e.phrase.value.clone(), e.replacement.value.clone()));
            info.lexicons
                .entry(lexicon.name.value.clone())
                .or_default()
                .extend(entries);
        }
    }
}

/// `rule ID overrides { ... }` replaces the rule of that id from other packs; it must replace something.
fn apply_overrides(
    files: &[(FileId, &RuleFile)],
    compiled: &Compiled<'_, '_>,
    rules: &mut Vec<crate::compile::ir::CompiledRule>,
    out: &mut Vec<CompileDiagnostic>,
) {
    let Compiled {
        pack_of_file,
        packs,
        vocab,
        templates,
        template_ids,
    } = *compiled;
    let mut overridden: std::collections::BTreeSet<(&str, &str)> =
        std::collections::BTreeSet::new();
    for (index, (file, ast)) in files.iter().enumerate() {
        let pack = pack_of_file.get(index).copied().unwrap_or(0);
        let pack_name = packs.get(pack).map(|p| p.name.as_str());
        // Duplicate definitions were reported with the file's other rules.
        let defs = define::Definitions::new(&ast.definitions, &mut Vec::new());
        for rule in ast.rules.iter().filter(|r| r.overrides.is_some()) {
            let key = (pack_name.unwrap_or_default(), rule.id.value.as_str());
            // A prelude rule replaced by a user pack was compiled with the prelude (`compile_templates`).
            if template_ids.contains(&rule.id.value.as_str()) {
                continue;
            }
            let before = rules.len();
            rules.retain(|r| {
                r.id != rule.id.value || packs.get(r.pack).map(|p| p.name.as_str()) == pack_name
            });
            // Another version of this pack (one `based_on` the other shares the rule) replaced it already.
            let replaced_before = !overridden.insert(key);
            if rules.len() == before && !replaced_before {
                out.push(CompileDiagnostic {
                    file: *file,
                    error: CompileError::UnknownName {
                        what: "rule to override",
                        name: rule.id.value.clone(),
                        help: "`overrides` replaces a rule of another loaded pack; remove `overrides` to add a new rule".to_owned(),
                        span: rule.id.span.into(),
                    },
                });
                continue;
            }
            match rule::compile_rule(rule, &defs, *file, pack, vocab, templates) {
                Ok(compiled) => rules.push(compiled),
                Err(errors) => out.extend(
                    errors
                        .into_iter()
                        .map(|error| CompileDiagnostic { file: *file, error }),
                ),
            }
        }
    }
}

/// What `apply_overrides` compiles against.
struct Compiled<'c, 'v> {
    pack_of_file: &'c [usize],
    packs: &'c [crate::compile::ir::PackInfo],
    vocab: &'c scope::Vocabulary<'v>,
    templates: &'c [crate::compile::ir::CompiledRule],
    template_ids: &'c [&'c str],
}

/// The prelude's rules, in the order written, each replaced by a user pack's `rule ID overrides` of its id.
fn compile_templates(
    prelude: &[(FileId, &RuleFile)],
    files: &[(FileId, &RuleFile)],
    vocab: &scope::Vocabulary<'_>,
    out: &mut Vec<CompileDiagnostic>,
) -> Vec<crate::compile::ir::CompiledRule> {
    let mut chosen: Vec<(FileId, &crate::syntax::ast::Rule)> = prelude
        .iter()
        .flat_map(|(file, ast)| ast.rules.iter().map(move |r| (*file, r)))
        .collect();
    for (file, ast) in files {
        for rule in ast.rules.iter().filter(|r| r.overrides.is_some()) {
            if let Some(slot) = chosen.iter_mut().find(|(_, r)| r.id.value == rule.id.value) {
                *slot = (*file, rule);
            }
        }
    }
    let mut templates = Vec::new();
    for (file, rule) in chosen {
        match rule::compile_template(rule, file, vocab) {
            Ok(compiled) => templates.push(compiled),
            Err(errors) => out.extend(
                errors
                    .into_iter()
                    .map(|error| CompileDiagnostic { file, error }),
            ),
        }
    }
    templates
}
