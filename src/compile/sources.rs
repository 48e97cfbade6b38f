//! The public sources a pack declares (`source B1 "title" "url" undated`) and the ids its rules cite them by.

use std::collections::{BTreeMap, BTreeSet};

use super::error::{CompileDiagnostic, CompileError};
use super::ir::{Source, SourceDate};
use crate::source::{FileId, Spanned};
use crate::syntax::ast::{self, RuleFile};

/// Declared sources by (pack version, id).
pub(super) type Sources = BTreeMap<(usize, String), Source>;

/// Every pack version's declared sources. A duplicate id, a date not in the calendar, or a source no rule of its
/// pack version cites is an error; a version written as changes (`based_on`) inherits its base's sources and may
/// drop the rules that cited some, so only a full version is held to citing all.
pub(super) fn declare(
    files: &[(FileId, &RuleFile)],
    pack_of_file: &[usize],
    out: &mut Vec<CompileDiagnostic>,
) -> Sources {
    let mut declared = Sources::new();
    let mut at = Vec::new();
    for (index, (file, ast)) in files.iter().enumerate() {
        let pack = pack_of_file.get(index).copied().unwrap_or(0);
        for decl in &ast.sources {
            let mut push = |error| out.push(CompileDiagnostic { file: *file, error });
            let Some(source) = compile_source(decl, &mut push) else {
                continue;
            };
            if declared
                .insert((pack, decl.id.value.clone()), source)
                .is_some()
            {
                push(CompileError::Duplicate {
                    what: "source",
                    name: decl.id.value.clone(),
                    help: "a pack declares each source id once; rename one of them, or remove the copy".to_owned(),
                    span: decl.id.span.into(),
                });
                continue;
            }
            at.push((pack, *file, &decl.id));
        }
    }
    report_uncited(files, pack_of_file, &at, out);
    declared
}

fn compile_source(decl: &ast::SourceDecl, push: &mut impl FnMut(CompileError)) -> Option<Source> {
    let date = match &decl.date {
        ast::SourceDate::Undated => SourceDate::Undated,
        ast::SourceDate::Dated(d) => SourceDate::Dated(super::error::calendar_date(d, push)?),
        ast::SourceDate::Retrieved(d) => {
            SourceDate::Retrieved(super::error::calendar_date(d, push)?)
        }
    };
    Some(Source {
        id: decl.id.value.clone(),
        title: decl.title.value.clone(),
        url: decl.url.as_ref().map(|u| u.value.clone()),
        date,
    })
}

/// A declared source that no rule of its pack version cites: a list of sources is worth keeping only for what
/// the rules rest on, and an uncited one is most often a cite that names the wrong id.
fn report_uncited(
    files: &[(FileId, &RuleFile)],
    pack_of_file: &[usize],
    declared: &[(usize, FileId, &Spanned<String>)],
    out: &mut Vec<CompileDiagnostic>,
) {
    let mut cited = BTreeSet::new();
    let mut derived = BTreeSet::new();
    for (index, (_, ast)) in files.iter().enumerate() {
        let pack = pack_of_file.get(index).copied().unwrap_or(0);
        if ast.pack.based_on.is_some() {
            derived.insert(pack);
        }
        let replaced = ast.changes.iter().filter_map(|c| match c {
            ast::Change::Replace(rule) => Some(rule),
            _ => None,
        });
        for rule in ast.rules.iter().chain(replaced) {
            for id in rule.fields.iter().flat_map(cited_ids) {
                cited.insert((pack, id.value.as_str()));
            }
        }
    }
    for (pack, file, id) in declared {
        if derived.contains(pack) || cited.contains(&(*pack, id.value.as_str())) {
            continue;
        }
        out.push(CompileDiagnostic {
            file: *file,
            error: CompileError::UncitedSource {
                id: id.value.clone(),
                span: id.span.into(),
            },
        });
    }
}

fn cited_ids(field: &ast::RuleField) -> &[Spanned<String>] {
    match field {
        ast::RuleField::Cite(cite) => &cite.sources,
        _ => &[],
    }
}

/// The declared sources a rule of `pack` cites, in the order written; an unknown id is an error with the
/// pack's closest id.
pub(super) fn cited(
    cite: &ast::Cite,
    pack: usize,
    sources: &Sources,
    errors: &mut Vec<CompileError>,
) -> Vec<Source> {
    let mut found = Vec::with_capacity(cite.sources.len());
    for id in &cite.sources {
        if let Some(source) = sources.get(&(pack, id.value.clone())) {
            found.push(source.clone());
            continue;
        }
        let ids = sources
            .keys()
            .filter(|(p, _)| *p == pack)
            .map(|(_, id)| id.as_str());
        errors.push(CompileError::UnknownName {
            what: "source",
            name: id.value.clone(),
            help: super::error::suggestion_help(
                &id.value,
                ids,
                &format!(
                    "declare it in the pack: `source {} \"title\" \"https://...\" undated`",
                    id.value
                ),
            ),
            span: id.span.into(),
        });
    }
    found
}
