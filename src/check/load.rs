//! The pipeline as library calls: rule files to a compiled `RuleSet`, a case folder to a typed `Case`.
//! Every problem of every file is collected and returned together as `Problem`s.

pub use crate::check::problem::Problem;

use std::path::{Path, PathBuf};

use crate::check::waivers::Waiver;
use crate::compile;
use crate::compile::ir::RuleSet;
use crate::files::{self, Files, InputError, Kind};
use crate::records::case::Case;
use crate::records::document;
use crate::records::prose::{self, ProseFormat};
use crate::records::schema::{RecordKind, Schema};
use crate::records::yaml;
use crate::source::{FileId, SourceFile, SourceMap};
use crate::syntax::parse::{self, ParseError};

/// Limits on what concord reads.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Limits of the YAML loader.
    pub yaml: yaml::Limits,
    /// Deepest nesting of brackets or `not`s in a rule file.
    pub max_rule_depth: usize,
    /// Most evaluation steps per case.
    pub max_eval_steps: u64,
}

impl Default for Limits {
    fn default() -> Self {
        let yaml = yaml::Limits::default();
        Limits {
            max_file_bytes: yaml.max_bytes as u64,
            yaml,
            max_rule_depth: parse::MAX_NESTING,
            max_eval_steps: crate::eval::DEFAULT_MAX_STEPS,
        }
    }
}

/// Parses and compiles the bundled packs plus every `.concord` file under `extra`.
pub fn load_rules(
    files: &dyn Files,
    sources: &mut SourceMap,
    extra: &[PathBuf],
    limits: &Limits,
) -> Result<RuleSet, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut ids = Vec::new();
    for (path, text) in crate::packs::bundled::RULE_FILES {
        ids.push(sources.add(crate::source::SourceFile::new(
            crate::packs::bundled::display_name(path),
            *text,
        )));
    }
    for dir in extra {
        let shown = dir.to_string_lossy().into_owned();
        match files::rule_files(files, dir, &shown) {
            Ok(paths) => {
                for path in paths {
                    match files.read_text(&path, &path.to_string_lossy(), limits.max_file_bytes) {
                        Ok(file) => ids.push(sources.add(file)),
                        Err(e) => problems.push(e.into()),
                    }
                }
            }
            Err(e) => problems.push(e.into()),
        }
    }
    let mut parsed = Vec::with_capacity(ids.len());
    // The bundled packs were parsed when concord was built; only a nesting limit below the default (which they
    // might pass) has their text parsed again, so the limit applies to them as to any file.
    let prebuilt = (limits.max_rule_depth >= parse::MAX_NESTING)
        .then(crate::packs::bundled::syntax_trees)
        .flatten()
        .unwrap_or_default();
    let to_parse = ids.get(prebuilt.len()..).unwrap_or_default();
    parsed.extend(ids.iter().copied().zip(prebuilt));
    for (id, result) in parse_all(sources, to_parse, limits.max_rule_depth) {
        match result {
            Ok(ast) => parsed.push((id, ast)),
            Err(error) => problems.push(Problem::Parse { file: id, error }),
        }
    }
    // A user pack named like a bundled pack replaces it, all versions: the user's folder is the authority. A user
    // version written as changes (`based_on`) adds to the bundled versions instead, since its base may be one of them.
    let bundled: std::collections::BTreeSet<FileId> = ids
        .iter()
        .take(crate::packs::bundled::RULE_FILES.len())
        .copied()
        .collect();
    let user_packs: std::collections::BTreeSet<String> = parsed
        .iter()
        .filter(|(id, ast)| !bundled.contains(id) && ast.pack.based_on.is_none())
        .map(|(_, ast)| ast.pack.name.value.clone())
        .collect();
    parsed.retain(|(id, ast)| !bundled.contains(id) || !user_packs.contains(&ast.pack.name.value));
    let refs: Vec<(FileId, &crate::syntax::ast::RuleFile)> =
        parsed.iter().map(|(id, ast)| (*id, ast)).collect();
    let result = match compile::compile(&refs, Schema::bundled(), sources) {
        Ok(rules) if problems.is_empty() => return Ok(rules),
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    };
    // One mistake, one diagnostic: a pack whose file does not parse is not "unknown" to the packs that extend it.
    let broken: std::collections::BTreeSet<String> = problems
        .iter()
        .filter_map(|p| match p {
            Problem::Parse { file, .. } => sources.get(*file).and_then(|f| declared_pack(&f.text)),
            _ => None,
        })
        .collect();
    problems.extend(
        result
            .into_iter()
            .filter(|d| {
                !matches!(&d.error, compile::CompileError::UnknownName { what: "pack", name, .. } if broken.contains(name))
            })
            .map(Problem::from),
    );
    sort_by_place(&mut problems, sources);
    Err(problems)
}

/// The pack a rule file declares, read from its first words even when the rest does not parse.
fn declared_pack(text: &str) -> Option<String> {
    let mut words = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(|l| l.split(|c: char| c.is_whitespace() || c == '{'))
        .filter(|w| !w.is_empty());
    (words.next()? == "pack").then(|| words.next().map(str::to_owned))?
}

/// Problems in the order of their files' names, then of their places in the file; problems without a place first.
fn sort_by_place(problems: &mut [Problem], sources: &SourceMap) {
    problems.sort_by_cached_key(|p| {
        let name = p
            .file()
            .and_then(|f| sources.get(f))
            .map(|f| f.name.clone());
        let offset = p
            .diagnostic()
            .labels()
            .and_then(|mut labels| labels.next())
            .map_or(0, |l| l.offset());
        (name, offset)
    });
}

/// Parses rule files on all cores (parsing dominates start-up); results come back in the files' order.
fn parse_all(
    sources: &SourceMap,
    files: &[FileId],
    max_depth: usize,
) -> Vec<(FileId, Result<crate::syntax::ast::RuleFile, ParseError>)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let parse_one = |i: usize| {
        files.get(i).and_then(|id| {
            sources
                .get(*id)
                .map(|f| (i, *id, parse::parse_with_depth(&f.text, max_depth)))
        })
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(files.len())
        .max(1);
    // Largest files first, taken one at a time by whichever worker is free, so the cores finish together.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| {
        std::cmp::Reverse(
            files
                .get(i)
                .and_then(|id| sources.get(*id))
                .map_or(0, |f| f.text.len()),
        )
    });
    let next = AtomicUsize::new(0);
    let mut results: Vec<_> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..workers)
            .map(|_| {
                // Parsing recurses with the nesting of the rule text: give it a roomy stack of its own.
                std::thread::Builder::new()
                    .stack_size(64 << 20)
                    .spawn_scoped(scope, || {
                        let mut done = Vec::new();
                        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                            done.extend(parse_one(i));
                        }
                        done
                    })
            })
            .collect();
        workers
            .into_iter()
            .flatten()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    // A worker that died would leave its files out; parse those here, so nothing is silently dropped.
    let missing: Vec<usize> = (0..files.len())
        .filter(|i| !results.iter().any(|(j, _, _)| j == i))
        .collect();
    results.extend(missing.into_iter().filter_map(parse_one));
    results.sort_by_key(|(i, _, _)| *i);
    results.into_iter().map(|(_, id, r)| (id, r)).collect()
}

/// Reads and types the records of a case folder. `contract.yaml` is required; the others may be absent.
pub fn load_case(
    files: &dyn Files,
    sources: &mut SourceMap,
    dir: &Path,
    limits: &Limits,
) -> Result<Case, Vec<Problem>> {
    let shown = dir.to_string_lossy().into_owned();
    match files.kind(dir) {
        Some(Kind::Folder) => {}
        Some(Kind::File) => {
            return Err(vec![InputError::NotAFolder {
            path: shown,
            help:
                "`concord check` takes a case folder; `concord lint FILE` checks one contract file"
                    .to_owned(),
        }
        .into()])
        }
        None => return Err(vec![InputError::NotFound { path: shown }.into()]),
    }
    let mut case = Case::new(shown.clone());
    let mut problems = Vec::new();
    for record in RecordKind::ALL {
        let path = dir.join(record.file_name());
        if files.kind(&path).is_none() {
            if record == RecordKind::Contract {
                problems.push(
                    InputError::NoContract {
                        path: shown.clone(),
                    }
                    .into(),
                );
            }
            continue;
        }
        match load_record(files, sources, &path, record, limits) {
            Ok(doc) => case.insert(doc),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if problems.is_empty() {
        Ok(case)
    } else {
        Err(problems)
    }
}

/// Reads a case folder's records and its `waivers.yaml` (accepted exceptions, kept apart from the records),
/// reporting the problems of both together.
pub fn load_case_and_waivers(
    files: &dyn Files,
    sources: &mut SourceMap,
    dir: &Path,
    limits: &Limits,
) -> Result<(Case, Vec<Waiver>), Vec<Problem>> {
    let case = load_case(files, sources, dir, limits);
    let path = dir.join("waivers.yaml");
    let waivers = if files.kind(&path).is_some() {
        load_waivers(files, sources, &path, limits)
    } else {
        Ok(Vec::new())
    };
    match (case, waivers) {
        (Ok(case), Ok(waivers)) => Ok((case, waivers)),
        (Ok(_), Err(problems)) | (Err(problems), Ok(_)) => Err(problems),
        (Err(mut problems), Err(mut more)) => {
            problems.append(&mut more);
            Err(problems)
        }
    }
}

fn load_waivers(
    files: &dyn Files,
    sources: &mut SourceMap,
    path: &Path,
    limits: &Limits,
) -> Result<Vec<Waiver>, Vec<Problem>> {
    let file = files
        .read_text(path, &path.to_string_lossy(), limits.max_file_bytes)
        .map_err(|e| vec![e.into()])?;
    let id = sources.add(file);
    let Some(file) = sources.get(id) else {
        return Err(Vec::new());
    };
    let schema = Schema::bundled();
    let ty = schema
        .named("waivers_file")
        .unwrap_or(crate::records::schema::FieldType::Text);
    let root = document::load_as(&ty, "waivers", "waivers.yaml", file, schema, &limits.yaml)
        .map_err(|errors| {
            errors
                .into_iter()
                .map(|error| Problem::Data { file: id, error })
                .collect::<Vec<_>>()
        })?;
    let missing = crate::check::waivers::missing_fields(&root);
    if !missing.is_empty() {
        return Err(missing
            .into_iter()
            .map(|error| Problem::Data { file: id, error })
            .collect());
    }
    Ok(crate::check::waivers::from_value(&root, id))
}

/// Reads one contract file as a case of its own.
pub fn load_contract(
    files: &dyn Files,
    sources: &mut SourceMap,
    path: &Path,
    limits: &Limits,
) -> Result<Case, Vec<Problem>> {
    let doc = match ProseFormat::of(path) {
        Some(format) => load_prose(files, sources, path, format, limits)?,
        None => load_record(files, sources, path, RecordKind::Contract, limits)?,
    };
    let mut case = Case::new(path.to_string_lossy().into_owned());
    case.insert(doc);
    Ok(case)
}

/// A contract written as plain text, Markdown or Word: its paragraphs as the contract's clauses.
fn load_prose(
    files: &dyn Files,
    sources: &mut SourceMap,
    path: &Path,
    format: ProseFormat,
    limits: &Limits,
) -> Result<document::Document, Vec<Problem>> {
    let display = path.to_string_lossy();
    let file = if format == ProseFormat::Docx {
        let bytes = files
            .read_bytes(path, &display, limits.max_file_bytes)
            .map_err(|e| vec![e.into()])?;
        let text = prose::docx_text(&bytes, &display, limits.max_file_bytes)
            .map_err(|e| vec![e.into()])?;
        SourceFile::new(display.as_ref(), text)
    } else {
        files
            .read_text(path, &display, limits.max_file_bytes)
            .map_err(|e| vec![e.into()])?
    };
    let id = sources.add(file);
    let Some(file) = sources.get(id) else {
        return Err(Vec::new());
    };
    Ok(prose::contract(id, file, format, Schema::bundled()))
}

fn load_record(
    files: &dyn Files,
    sources: &mut SourceMap,
    path: &Path,
    record: RecordKind,
    limits: &Limits,
) -> Result<document::Document, Vec<Problem>> {
    let file = files
        .read_text(path, &path.to_string_lossy(), limits.max_file_bytes)
        .map_err(|e| vec![e.into()])?;
    let id = sources.add(file);
    let Some(file) = sources.get(id) else {
        return Err(Vec::new());
    };
    document::load(record, id, file, Schema::bundled(), &limits.yaml).map_err(|errors| {
        errors
            .into_iter()
            .map(|error| Problem::Data { file: id, error })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::{load_rules, Limits};
    use crate::files::InMemory;
    use crate::source::SourceMap;

    /// The bundled packs' trees come from the build, yet a nesting limit below the default still applies to them:
    /// their texts are parsed again, as a user's file would be (`concord check --max-rule-depth 3` refuses them).
    #[test]
    fn a_nesting_limit_below_the_default_applies_to_the_bundled_packs() {
        let low = Limits {
            max_rule_depth: 3,
            ..Limits::default()
        };
        let refused = load_rules(&InMemory::new(), &mut SourceMap::new(), &[], &low);
        assert!(refused.is_err_and(|problems| !problems.is_empty()));
        let high = Limits {
            max_rule_depth: 200,
            ..Limits::default()
        };
        assert!(load_rules(&InMemory::new(), &mut SourceMap::new(), &[], &high).is_ok());
    }
}
