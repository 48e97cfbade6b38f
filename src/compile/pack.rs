//! Pack-level compilation: headers (version, dates, extends), the shared vocabulary of methods and lexicons.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::error::suggestion_help;
use super::error::{CompileDiagnostic, CompileError};
use super::scope::{Namespace, Vocabulary};
use crate::compile::ir::{LazyRegex, Lexicon, PackInfo};
use crate::records::schema::Schema;
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::ast::{PackHeader, RuleFile};

/// One `PackInfo` per distinct pack, and for each file the index of its pack.
pub(super) fn collect_packs(
    files: &[(FileId, &RuleFile)],
    out: &mut Vec<CompileDiagnostic>,
) -> (Vec<PackInfo>, Vec<usize>) {
    let mut packs: Vec<PackInfo> = Vec::new();
    let mut pack_of_file = Vec::with_capacity(files.len());
    for (file, ast) in files {
        let info = pack_info(*file, &ast.pack, out);
        // Files with the same name and version make up one pack; other versions stand beside it.
        let index = match packs
            .iter()
            .position(|p| p.name == info.name && p.version == info.version)
        {
            Some(i) => i,
            None => {
                packs.push(info);
                packs.len() - 1
            }
        };
        pack_of_file.push(index);
    }
    check_extends(files, &packs, out);
    (packs, pack_of_file)
}

fn pack_info(file: FileId, header: &PackHeader, out: &mut Vec<CompileDiagnostic>) -> PackInfo {
    let mut push = |error| out.push(CompileDiagnostic { file, error });
    let version = match &header.version {
        Some(v) if is_version(&v.value) => v.value.clone(),
        Some(v) => {
            push(CompileError::BadLiteral {
                message: format!(
                    "`{}` is not a version number: {}",
                    crate::records::document::short(&v.value),
                    semver::Version::parse(&v.value)
                        .err()
                        .map(|e| e.to_string())
                        .unwrap_or_default()
                ),
                help: "write the version as MAJOR.MINOR.PATCH (semantic versioning), e.g. \"1.2.0\"; no leading zeros"
                    .to_owned(),
                span: v.span.into(),
            });
            v.value.clone()
        }
        None => {
            push(CompileError::MissingField {
                rule: format!("pack {}", header.name.value),
                field: "version",
                example: "\"1.0.0\"",
                span: header.name.span.into(),
            });
            String::new()
        }
    };
    let effective = header
        .effective
        .as_ref()
        .and_then(|d| super::error::calendar_date(d, &mut push));
    let until = header
        .until
        .as_ref()
        .and_then(|d| super::error::calendar_date(d, &mut push));
    if let (Some(from), Some(to), Some(written)) = (effective, until, header.until.as_ref()) {
        if to < from {
            push(CompileError::BadLiteral {
                message: format!("the pack is in force until {to}, before it comes into force on {from}"),
                help: "`until` is the last day in force: give a date on or after `effective`, or remove `until`".to_owned(),
                span: written.span.into(),
            });
        }
    }
    PackInfo {
        name: header.name.value.clone(),
        version,
        effective,
        until,
        changelog: header
            .changelog
            .as_ref()
            .map(|c| c.value.clone())
            .unwrap_or_default(),
        based_on: header.based_on.as_ref().map(|b| b.value.clone()),
        lexicons: std::collections::BTreeMap::new(),
        tables: std::collections::BTreeMap::new(),
        extends: header.extends.iter().map(|e| e.value.clone()).collect(),
        categories: header.categories.iter().map(|c| c.value.clone()).collect(),
        file,
        hash: String::new(),
    }
}

/// A semantic version (`1.2.0`, `2.0.0-rc.1`), as the `semver` crate reads it.
fn is_version(text: &str) -> bool {
    semver::Version::parse(text).is_ok()
}

fn check_extends(
    files: &[(FileId, &RuleFile)],
    packs: &[PackInfo],
    out: &mut Vec<CompileDiagnostic>,
) {
    let names: Vec<&str> = packs.iter().map(|p| p.name.as_str()).collect();
    for (file, ast) in files {
        for parent in &ast.pack.extends {
            if !names.contains(&parent.value.as_str()) {
                out.push(CompileDiagnostic {
                    file: *file,
                    error: CompileError::UnknownName {
                        what: "pack",
                        name: parent.value.clone(),
                        help: suggestion_help(
                            &parent.value,
                            names.iter().copied(),
                            "load the pack it extends with `--rules DIR`, or remove the `extends`",
                        ),
                        span: parent.span.into(),
                    },
                });
            }
        }
    }
    let mut reported = BTreeSet::new();
    for pack in packs {
        if !reported.insert(pack.name.as_str()) {
            continue;
        }
        if let Some(cycle) = find_cycle(&pack.name, packs) {
            let span = files
                .iter()
                .find(|(f, _)| *f == pack.file)
                .and_then(|(_, ast)| ast.pack.extends.first().map(|e| e.span))
                .unwrap_or_default();
            out.push(CompileDiagnostic {
                file: pack.file,
                error: CompileError::CyclicExtends {
                    name: pack.name.clone(),
                    cycle: cycle.join(" → "),
                    span: span.into(),
                },
            });
        }
    }
}

/// The chain of `extends` that leads from `start` back to itself, if any, through any version of each pack.
fn find_cycle(start: &str, packs: &[PackInfo]) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut seen = BTreeSet::new();
    while let Some((name, chain)) = stack.pop() {
        let parents: BTreeSet<&String> = packs
            .iter()
            .filter(|p| p.name == name)
            .flat_map(|p| &p.extends)
            .collect();
        for parent in parents {
            if parent == start {
                let mut cycle = chain.clone();
                cycle.push(parent.clone());
                return Some(cycle);
            }
            if seen.insert(parent.clone()) {
                let mut next = chain.clone();
                next.push(parent.clone());
                stack.push((parent.clone(), next));
            }
        }
    }
    None
}

/// Where a name was first declared, to tell a clash from another version of the same pack.
type FirstSeen = BTreeMap<String, Vec<(usize, FileId, Span)>>;

/// Records a declaration; returns the clashing earlier one, if any: same pack version, or another pack's.
fn declare(
    first: &mut FirstSeen,
    name: &str,
    pack: usize,
    file: FileId,
    span: Span,
    packs: &[PackInfo],
) -> Option<(FileId, Span)> {
    let seen = first.entry(name.to_owned()).or_default();
    let pack_name = packs.get(pack).map(|p| p.name.as_str());
    let clash = seen
        .iter()
        .find(|(p, _, _)| *p == pack || packs.get(*p).map(|i| i.name.as_str()) != pack_name);
    if let Some((_, f, s)) = clash {
        return Some((*f, *s));
    }
    seen.push((pack, file, span));
    None
}

/// The methods, lexicons, tables and regexes every rule may use.
pub(super) fn vocabulary<'a>(
    files: &[(FileId, &RuleFile)],
    pack_of_file: &[usize],
    packs: &[PackInfo],
    sources: &SourceMap,
    schema: &'a Schema,
    out: &mut Vec<CompileDiagnostic>,
) -> Vocabulary<'a> {
    let methods = files
        .iter()
        .flat_map(|(_, ast)| ast.methods.iter().map(|m| m.value.clone()))
        .collect();
    let mut lexicons = Namespace::default();
    let mut tables = Vec::new();
    let mut table_types = Namespace::default();
    let (mut first_lexicon, mut first_table) = (FirstSeen::new(), FirstSeen::new());
    // The bundled packs' patterns are known to build (a test builds each), so none is built before it is needed.
    let bundled = |id: FileId| {
        sources
            .get(id)
            .is_some_and(|f| crate::packs::bundled::is_bundled_text(&f.text))
    };
    let (regexes, translations) = super::regexes::build_all(files, bundled);
    for (index, (file, ast)) in files.iter().enumerate() {
        let pack = pack_of_file.get(index).copied().unwrap_or(0);
        let duplicate = |what, name: &crate::source::Spanned<String>, (f, s): (FileId, Span)| {
            CompileDiagnostic {
                file: *file,
                error: CompileError::Duplicate {
                    what,
                    name: name.value.clone(),
                    help: first_defined_help(f, s, sources),
                    span: name.span.into(),
                },
            }
        };
        for lex in &ast.lexicons {
            if let Some(first) = declare(
                &mut first_lexicon,
                &lex.name.value,
                pack,
                *file,
                lex.name.span,
                packs,
            ) {
                out.push(duplicate("lexicon", &lex.name, first));
                continue;
            }
            // A lexicon with a bad entry is still declared (without that entry), so rules naming it
            // draw no second error.
            let (l, errors) = build_lexicon(lex, &regexes, &translations, bundled(*file));
            out.extend(
                errors
                    .into_iter()
                    .map(|error| CompileDiagnostic { file: *file, error }),
            );
            lexicons
                .entries
                .entry(lex.name.value.clone())
                .or_default()
                .push((pack, Arc::new(l)));
        }
        for table in &ast.tables {
            if let Some(first) = declare(
                &mut first_table,
                &table.name.value,
                pack,
                *file,
                table.name.span,
                packs,
            ) {
                out.push(duplicate("table", &table.name, first));
                continue;
            }
            match super::table::compile_table(table, *file) {
                Ok(compiled) => {
                    table_types
                        .entries
                        .entry(table.name.value.clone())
                        .or_default()
                        .push((pack, (tables.len(), compiled.row_type)));
                    tables.push(compiled.table);
                }
                Err(errors) => out.extend(
                    errors
                        .into_iter()
                        .map(|error| CompileDiagnostic { file: *file, error }),
                ),
            }
        }
    }
    let mut pack_patterns = std::collections::BTreeMap::new();
    for (index, (file, ast)) in files.iter().enumerate() {
        let pack = pack_of_file.get(index).copied().unwrap_or(0);
        for (id, text) in &ast.patterns {
            if pack_patterns
                .insert((pack, id.value.clone()), text.value.clone())
                .is_some()
            {
                out.push(CompileDiagnostic {
                    file: *file,
                    error: CompileError::Duplicate {
                        what: "pattern",
                        name: id.value.clone(),
                        help: "a pack declares each pattern id once; rename one of them, or remove the copy"
                            .to_owned(),
                        span: id.span.into(),
                    },
                });
            }
        }
    }
    Vocabulary {
        schema,
        methods,
        lexicons,
        tables,
        table_types,
        regexes,
        pack_patterns,
        data_patterns: data_patterns(),
        sources: super::sources::declare(files, pack_of_file, out),
    }
}

/// The dispute patterns of `data/patterns.tsv`: `id<TAB>text` lines; `#` lines are comments.
fn data_patterns() -> std::collections::BTreeMap<String, String> {
    include_str!("../../data/patterns.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .filter(|(id, _)| *id != "id")
        .map(|(id, text)| (id.trim().to_owned(), text.trim().to_owned()))
        .collect()
}

/// The compiled lexicon, and an error for every entry or `except` that cannot be built (left out of it).
fn build_lexicon(
    lex: &crate::syntax::ast::Lexicon,
    regexes: &super::regexes::RegexCache,
    translations: &super::regexes::Translations,
    trusted: bool,
) -> (Lexicon, Vec<CompileError>) {
    let pattern = |text: &crate::source::Spanned<String>| {
        translations
            .get(&text.value)
            .cloned()
            .unwrap_or_else(|| super::regexes::translate(&text.value))
            .and_then(|source| {
                if trusted || source.len() <= super::regexes::LAZY_MAX_LEN {
                    return Ok(LazyRegex::new(source));
                }
                match regexes.get(&source) {
                    Some(built) => built.clone(),
                    None => super::regexes::build(&source),
                }
                .map(|regex| LazyRegex::built(source, regex))
            })
            .map_err(|reason| CompileError::BadLiteral {
                message: format!("lexicon pattern `{}` is not valid: {reason}", text.value),
                help: "write words separated by spaces, with `(a|b)` for alternatives, `[a]` for an optional part and `word*` for inflections".to_owned(),
                span: text.span.into(),
            })
    };
    let mut entries = Vec::with_capacity(lex.entries.len());
    let mut errors = Vec::new();
    for e in &lex.entries {
        let unless = match e.unless.as_ref().map(unless).transpose() {
            Ok(u) => u,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        match pattern(&e.phrase) {
            Ok(regex) => entries.push(crate::compile::ir::LexiconEntry {
                phrase: e.phrase.value.clone(),
                replacement: e.replacement.value.clone(),
                leaves: e.leaves.iter().map(|l| l.value.clone()).collect(),
                regex,
                anchors: super::regexes::anchors(&e.phrase.value),
                unless,
            }),
            Err(error) => errors.push(error),
        }
    }
    let mut excepts = Vec::with_capacity(lex.excepts.len());
    for text in &lex.excepts {
        match pattern(text) {
            Ok(regex) => excepts.push(crate::compile::ir::ExceptPattern {
                regex,
                anchors: super::regexes::anchors(&text.value),
            }),
            Err(error) => errors.push(error),
        }
    }
    let lexicon = Lexicon {
        name: lex.name.value.clone(),
        entries,
        excepts,
        marks_segment: lex.marks_segment,
        finds_terms: lex.finds_terms,
        anchors: std::sync::OnceLock::new(),
    };
    (lexicon, errors)
}

fn unless(u: &crate::syntax::ast::Unless) -> Result<crate::compile::ir::Unless, CompileError> {
    use crate::compile::ir::{Recogniser, UnlessSide};
    let side = match u.side.value.as_str() {
        "preceded" => UnlessSide::Preceded,
        "qualified" => UnlessSide::Qualified,
        "accompanied" => UnlessSide::Accompanied,
        _ => UnlessSide::Followed,
    };
    let mut kinds = Vec::new();
    for kind in &u.kinds {
        match Recogniser::ALL.iter().find(|(name, _)| *name == kind.value) {
            Some((_, r)) => kinds.push(*r),
            None => {
                let names = Recogniser::ALL.iter().map(|(n, _)| *n);
                let hint = crate::text::closest(&kind.value, names.clone())
                    .map_or_else(String::new, |c| format!("did you mean `{c}`? "));
                return Err(CompileError::BadLiteral {
                    message: format!("`{}` is not a kind of context", kind.value),
                    help: format!(
                        "{hint}the kinds are {}",
                        names.collect::<Vec<_>>().join(", ")
                    ),
                    span: kind.span.into(),
                });
            }
        }
    }
    Ok(crate::compile::ir::Unless { side, kinds })
}

/// Where the first of two definitions is, which may be another file than the second one.
pub(super) fn first_defined_help(file: FileId, span: Span, sources: &SourceMap) -> String {
    let place = sources.get(file).map_or_else(String::new, |f| {
        let (line, column) = f.line_col(span.start);
        format!(" at {}:{line}:{column}", f.name)
    });
    format!("the first definition is{place}; rename one of them, or remove the copy")
}
