//! Pack versions written as changes (`based_on`): each is resolved into the files a full copy of it would be.
//!
//! A derived version's own file keeps its own rules, the rules it replaces and the lexicons it amends; the rest of
//! its base is carried over under the base's file ids, so every span still points at the text that wrote it.
//! Files of one name and version make up one pack version already, so the later stages compile the result as they
//! compile any pack of several files.

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::error::{suggestion_help, CompileDiagnostic, CompileError};
use crate::source::{FileId, Spanned};
use crate::syntax::ast::{Change, LexiconEntry, RuleField, RuleFile, TableRow};

/// The files to compile, with derived versions resolved.
pub(super) struct Resolved<'a> {
    /// Every file, in the order given; a derived version's own files come first, then its base's content.
    pub files: Vec<(FileId, Cow<'a, RuleFile>)>,
    /// For each file: it is a base's content carried into a derived version, not text of that version.
    pub carried: Vec<bool>,
}

/// `pack@version`: the key of a pack version.
type Key = (String, String);

fn key_of(ast: &RuleFile) -> Key {
    let version = ast.pack.version.as_ref().map(|v| v.value.clone());
    (ast.pack.name.value.clone(), version.unwrap_or_default())
}

fn label((name, version): &Key) -> String {
    format!("{name}@{version}")
}

/// Resolves every `based_on` version; files of other versions are passed through untouched.
pub(super) fn resolve<'a>(
    files: &[(FileId, &'a RuleFile)],
    out: &mut Vec<CompileDiagnostic>,
) -> Resolved<'a> {
    let mut resolved = Resolved {
        files: Vec::with_capacity(files.len()),
        carried: Vec::with_capacity(files.len()),
    };
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for (file, ast) in files {
        if ast.pack.based_on.is_none() {
            for change in &ast.changes {
                found.push(CompileDiagnostic {
                    file: *file,
                    error: CompileError::ChangeWithoutBase {
                        span: change.target().span.into(),
                    },
                });
            }
            resolved.files.push((*file, Cow::Borrowed(*ast)));
            resolved.carried.push(false);
            continue;
        }
        let key = key_of(ast);
        if !done.insert(key.clone()) {
            // Another file of this version was met first: the version was resolved whole then.
            continue;
        }
        match full_version(files, &key, &mut Vec::new(), &mut found) {
            Some(version) => {
                let own = version.own.len();
                for (index, (id, ast)) in version.own.into_iter().chain(version.base).enumerate() {
                    resolved.files.push((id, Cow::Owned(ast)));
                    resolved.carried.push(index >= own);
                }
            }
            None => {
                // The base is missing or circular (reported): the version's own files still compile alone.
                for (id, ast) in files.iter().filter(|(_, a)| key_of(a) == key) {
                    resolved.files.push((*id, Cow::Borrowed(*ast)));
                    resolved.carried.push(false);
                }
            }
        }
    }
    // A version in a chain is resolved again for each version built on it: report each problem once.
    for diagnostic in found {
        if !out.contains(&diagnostic) {
            out.push(diagnostic);
        }
    }
    resolved
}

/// A version written out in full: its own files, then its base's content.
struct FullVersion {
    own: Vec<(FileId, RuleFile)>,
    base: Vec<(FileId, RuleFile)>,
}

/// The whole content of version `key`, its base's applied first; `None` when the chain of bases is broken.
fn full_version(
    files: &[(FileId, &RuleFile)],
    key: &Key,
    seen: &mut Vec<Key>,
    out: &mut Vec<CompileDiagnostic>,
) -> Option<FullVersion> {
    let members: Vec<(FileId, RuleFile)> = files
        .iter()
        .filter(|(_, ast)| key_of(ast) == *key)
        .map(|(id, ast)| (*id, (*ast).clone()))
        .collect();
    let Some((first_file, based_on)) = members
        .iter()
        .find_map(|(id, ast)| ast.pack.based_on.clone().map(|b| (*id, b)))
    else {
        return Some(FullVersion {
            own: members,
            base: Vec::new(),
        });
    };
    let base_key = (key.0.clone(), based_on.value.clone());
    seen.push(key.clone());
    if let Some(start) = seen.iter().position(|k| *k == base_key) {
        let members = seen.get(start..).unwrap_or_default();
        // One cycle, one diagnostic: at the `based_on` of its lowest version, whichever version led to it.
        if members.iter().min() == Some(key) {
            let mut cycle = vec![label(key)];
            cycle.extend(members.iter().map(label));
            out.push(CompileDiagnostic {
                file: first_file,
                error: CompileError::CyclicBase {
                    label: label(key),
                    cycle: cycle.join(" → "),
                    span: based_on.span.into(),
                },
            });
        }
        return None;
    }
    if !files.iter().any(|(_, ast)| key_of(ast) == base_key) {
        out.push(unknown_base(files, key, &based_on, first_file));
        return None;
    }
    let full_base = full_version(files, &base_key, seen, out)?;
    let mut base: Vec<(FileId, RuleFile)> =
        full_base.own.into_iter().chain(full_base.base).collect();
    for (_, ast) in &mut base {
        carry_into(ast, key);
    }
    let base_header = base.first().map(|(_, ast)| ast.pack.clone());
    // A derived base's own file holds its base's definitions too: each name once.
    let mut names = BTreeSet::new();
    let base_definitions: Vec<_> = base
        .iter()
        .flat_map(|(_, a)| a.definitions.iter())
        .filter(|d| names.insert(d.name.value.clone()))
        .cloned()
        .collect();
    let mut own = members;
    for (file, ast) in &mut own {
        let mut apply = Apply {
            base: &mut base,
            base_label: label(&base_key),
            file: *file,
            out,
        };
        apply.reject_additions_in_base(ast);
        for change in std::mem::take(&mut ast.changes) {
            apply.change(change, ast);
        }
        if let Some(header) = &base_header {
            inherit_header(ast, header);
        }
        // The base's `def`s and pack-level `let`s are visible to the rules this version adds or replaces.
        let own_definitions = std::mem::take(&mut ast.definitions);
        ast.definitions = base_definitions
            .iter()
            .cloned()
            .chain(own_definitions)
            .collect();
    }
    seen.pop();
    Some(FullVersion { own, base })
}

fn unknown_base(
    files: &[(FileId, &RuleFile)],
    key: &Key,
    based_on: &Spanned<String>,
    file: FileId,
) -> CompileDiagnostic {
    let versions: Vec<String> = files
        .iter()
        .map(|(_, ast)| key_of(ast))
        .filter(|(name, version)| *name == key.0 && *version != key.1)
        .map(|(_, version)| version)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let help = if versions.is_empty() {
        format!(
            "no other version of `{}` is loaded: load the base with `--rules DIR`, or write this version out in full without `based_on`",
            key.0
        )
    } else {
        format!(
            "the loaded versions of `{}` are {}: name one of them",
            key.0,
            versions
                .iter()
                .map(|v| format!("\"{v}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    CompileDiagnostic {
        file,
        error: CompileError::UnknownBase {
            pack: key.0.clone(),
            version: based_on.value.clone(),
            help,
            span: based_on.span.into(),
        },
    }
}

/// A base file's content as part of version `key`: same text, the derived version's name and number.
fn carry_into(ast: &mut RuleFile, key: &Key) {
    if let Some(version) = ast.pack.version.as_mut() {
        version.value.clone_from(&key.1);
    }
    ast.pack.based_on = None;
}

/// What the derived header does not say, it takes from its base: `extends` and `categories`.
fn inherit_header(ast: &mut RuleFile, base: &crate::syntax::ast::PackHeader) {
    if ast.pack.extends.is_empty() {
        ast.pack.extends.clone_from(&base.extends);
    }
    if ast.pack.categories.is_empty() {
        ast.pack.categories.clone_from(&base.categories);
    }
}

/// Applies the changes of one file of a derived version to its base's content.
struct Apply<'b, 'o> {
    base: &'b mut Vec<(FileId, RuleFile)>,
    base_label: String,
    file: FileId,
    out: &'o mut Vec<CompileDiagnostic>,
}

impl Apply<'_, '_> {
    fn push(&mut self, error: CompileError) {
        self.out.push(CompileDiagnostic {
            file: self.file,
            error,
        });
    }

    /// A rule added (not replaced) must be new: one of the base's ids is a mistake or needs `replace`.
    fn reject_additions_in_base(&mut self, ast: &mut RuleFile) {
        let mut kept = Vec::with_capacity(ast.rules.len());
        for rule in std::mem::take(&mut ast.rules) {
            if rule.overrides.is_none() && self.rule_position(&rule.id.value).is_some() {
                let error = CompileError::AlreadyInBase {
                    what: "rule",
                    name: rule.id.value.clone(),
                    base: self.base_label.clone(),
                    help: format!(
                        "write `replace rule {} {{` to give it a new definition, or give the new rule an id of its own",
                        rule.id.value
                    ),
                    span: rule.id.span.into(),
                };
                self.push(error);
                continue;
            }
            kept.push(rule);
        }
        ast.rules = kept;
    }

    fn change(&mut self, change: Change, ast: &mut RuleFile) {
        match change {
            Change::Replace(rule) => {
                if self.take_rule(&rule.id, "write it as a new rule, without `replace`") {
                    ast.rules.push(rule);
                }
            }
            Change::Remove { id, .. } => {
                self.take_rule(&id, "there is nothing to remove: delete this line");
            }
            Change::Retire { id, until, .. } => self.retire(&id, until),
            Change::AmendLexicon {
                name, add, remove, ..
            } => self.amend_lexicon(&name, add, &remove, ast),
            Change::AmendTable {
                name,
                add,
                remove,
                span,
            } => self.amend_table(&name, add, &remove, span, ast),
        }
    }

    /// Takes the item named `name` (a lexicon, a table) out of the base, with the file it was in; reports it, with a
    /// did-you-mean among the base's items of that kind, when the base has none.
    fn take_from_base<T>(
        &mut self,
        what: &'static str,
        name: &Spanned<String>,
        items: impl Fn(&mut RuleFile) -> &mut Vec<T>,
        item_name: impl Fn(&T) -> &String,
        otherwise: &str,
    ) -> Option<(FileId, T)> {
        let found = self.base.iter_mut().find_map(|(file, ast)| {
            let list = items(ast);
            let at = list
                .iter()
                .position(|item| *item_name(item) == name.value)?;
            Some((*file, list.remove(at)))
        });
        if found.is_none() {
            let names: Vec<String> = self
                .base
                .iter_mut()
                .flat_map(|(_, ast)| {
                    items(ast)
                        .iter()
                        .map(|i| item_name(i).clone())
                        .collect::<Vec<_>>()
                })
                .collect();
            let help = suggestion_help(&name.value, names.iter().map(String::as_str), otherwise);
            self.push(CompileError::NotInBase {
                what,
                name: name.value.clone(),
                base: self.base_label.clone(),
                help,
                span: name.span.into(),
            });
        }
        found
    }

    /// Moves the table into the derived file, rows removed and added; each row the base wrote keeps its base file,
    /// so a finding that points at it still points at the line that wrote it.
    fn amend_table(
        &mut self,
        name: &Spanned<String>,
        add: Vec<TableRow>,
        remove: &[TableRow],
        span: crate::source::Span,
        ast: &mut RuleFile,
    ) {
        let Some((base_file, mut table)) = self.take_from_base(
            "table",
            name,
            |a| &mut a.tables,
            |t| &t.name.value,
            "declare a new table with `table NAME { columns ... }` instead",
        ) else {
            return;
        };
        for row in &mut table.rows {
            row.origin = row.origin.or(Some(base_file));
        }
        let base = format!("table `{}` of {}", name.value, self.base_label);
        for row in remove {
            let before = table.rows.len();
            table.rows.retain(|r| !r.same_cells(row));
            if table.rows.len() == before {
                // A row of the base that starts with the same cell is most likely the one meant.
                let near = table.rows.iter().find(|r| {
                    r.cells.first().map(|c| &c.value) == row.cells.first().map(|c| &c.value)
                });
                let help = match near {
                    Some(r) => format!(
                        "the base table has `{}`: write the row's cells exactly as it does",
                        r.text()
                    ),
                    None => "write the row's cells exactly as the base table does, in column order"
                        .to_owned(),
                };
                self.push(CompileError::NotInBase {
                    what: "row",
                    name: cells_text(row),
                    base: base.clone(),
                    help,
                    span: row.span.into(),
                });
            }
        }
        for row in add {
            if table.rows.iter().any(|r| r.same_cells(&row)) {
                self.push(CompileError::AlreadyInBase {
                    what: "row",
                    name: cells_text(&row),
                    base: base.clone(),
                    help: "the base table holds this row already: delete this line".to_owned(),
                    span: row.span.into(),
                });
                continue;
            }
            table.rows.push(row);
        }
        // The table as a whole is now the amended one, declared by this change.
        table.span = span;
        ast.tables.push(table);
    }

    /// Where the base holds rule `id`: (file, rule).
    fn rule_position(&self, id: &str) -> Option<(usize, usize)> {
        self.base.iter().enumerate().find_map(|(f, (_, ast))| {
            ast.rules
                .iter()
                .position(|r| r.id.value == id)
                .map(|r| (f, r))
        })
    }

    /// Takes rule `id` out of the base; reports it when the base has no such rule.
    fn take_rule(&mut self, id: &Spanned<String>, otherwise: &str) -> bool {
        match self.rule_position(&id.value) {
            Some((f, r)) => {
                if let Some((_, ast)) = self.base.get_mut(f) {
                    ast.rules.remove(r);
                }
                true
            }
            None => {
                self.not_in_base("rule", id, otherwise);
                false
            }
        }
    }

    fn not_in_base(&mut self, what: &'static str, name: &Spanned<String>, otherwise: &str) {
        let ids: Vec<String> = self
            .base
            .iter()
            .flat_map(|(_, ast)| ast.rules.iter().map(|r| r.id.value.clone()))
            .collect();
        let help = suggestion_help(&name.value, ids.iter().map(String::as_str), otherwise);
        let error = CompileError::NotInBase {
            what,
            name: name.value.clone(),
            base: self.base_label.clone(),
            help,
            span: name.span.into(),
        };
        self.push(error);
    }

    /// The base's rule runs up to `until`; a date of its own (`until` in the rule) gives way. The date is checked
    /// here, against the rule's `effective` too: the rule stays in the base's file, where the compiler would point
    /// at the wrong text.
    fn retire(&mut self, id: &Spanned<String>, until: Spanned<String>) {
        let Ok(last_day) = chrono::NaiveDate::parse_from_str(&until.value, "%Y-%m-%d") else {
            self.push(CompileError::BadLiteral {
                message: format!("`{}` is not a date in the calendar", until.value),
                help: "write an existing date as YYYY-MM-DD".to_owned(),
                span: until.span.into(),
            });
            return;
        };
        let Some((f, r)) = self.rule_position(&id.value) else {
            self.not_in_base("rule", id, "only a rule of the base version can be retired");
            return;
        };
        let Some(rule) = self.base.get_mut(f).and_then(|(_, a)| a.rules.get_mut(r)) else {
            return;
        };
        let effective = rule.fields.iter().find_map(|field| match field {
            RuleField::Effective(d) => chrono::NaiveDate::parse_from_str(&d.value, "%Y-%m-%d").ok(),
            _ => None,
        });
        match effective {
            Some(from) if last_day < from => self.push(CompileError::BadLiteral {
                message: format!("the rule is retired on {last_day}, before it takes effect on {from}"),
                help: "`until` is the last day the rule runs: give a date on or after its `effective`, or `remove rule` it".to_owned(),
                span: until.span.into(),
            }),
            _ => {
                rule.fields.retain(|field| !matches!(field, RuleField::Until(_)));
                rule.fields.push(RuleField::Until(until));
            }
        }
    }

    /// Moves the lexicon into the derived file, phrases removed and added; the base keeps no copy.
    fn amend_lexicon(
        &mut self,
        name: &Spanned<String>,
        add: Vec<LexiconEntry>,
        remove: &[Spanned<String>],
        ast: &mut RuleFile,
    ) {
        let Some((_, mut lexicon)) = self.take_from_base(
            "lexicon",
            name,
            |a| &mut a.lexicons,
            |l| &l.name.value,
            "declare a new lexicon with `lexicon NAME { ... }` instead",
        ) else {
            return;
        };
        for phrase in remove {
            let before = lexicon.entries.len();
            lexicon.entries.retain(|e| e.phrase.value != phrase.value);
            if lexicon.entries.len() == before {
                let help = suggestion_help(
                    &phrase.value,
                    lexicon.entries.iter().map(|e| e.phrase.value.as_str()),
                    "write the phrase exactly as the base lexicon does",
                );
                self.push(CompileError::NotInBase {
                    what: "phrase",
                    name: phrase.value.clone(),
                    base: format!("lexicon `{}` of {}", name.value, self.base_label),
                    help,
                    span: phrase.span.into(),
                });
            }
        }
        for entry in add {
            if lexicon
                .entries
                .iter()
                .any(|e| e.phrase.value == entry.phrase.value)
            {
                let error = CompileError::AlreadyInBase {
                    what: "phrase",
                    name: entry.phrase.value.clone(),
                    base: format!("lexicon `{}` of {}", name.value, self.base_label),
                    help: format!(
                        "to change its advice, remove it first: `- \"{}\"`, then add it again",
                        entry.phrase.value
                    ),
                    span: entry.phrase.span.into(),
                };
                self.push(error);
                continue;
            }
            lexicon.entries.push(entry);
        }
        ast.lexicons.push(lexicon);
    }
}

/// A row's cells as written, without the `row` keyword (`"A", 0.65, 20`), for messages that say "row" already.
fn cells_text(row: &TableRow) -> String {
    let text = row.text();
    text.strip_prefix("row ").unwrap_or(&text).to_owned()
}
