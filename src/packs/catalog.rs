//! The rule catalog for people: `concord rules list` (packs, versions, dates, the rules each version holds, hashes) and
//! `concord rules diff A B` (rules added, removed and changed between two pack versions, and, given cases,
//! whose verdict moves).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::compile::ir::{version_order, CompiledRule, RuleSet};
use crate::source::SourceMap;

/// The text of `concord rules list`.
pub fn list(rules: &RuleSet) -> String {
    let mut order: Vec<usize> = (0..rules.packs.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&rules.packs[a], &rules.packs[b]);
        pa.name
            .cmp(&pb.name)
            .then_with(|| version_order(&pa.version, &pb.version))
    });
    let mut out =
        String::from("pack              version  in force                        rules  sha256\n");
    for index in order {
        let Some(pack) = rules.packs.get(index) else {
            continue;
        };
        let count = rules.rules.iter().filter(|r| r.pack == index).count();
        let from = pack
            .effective
            .map_or_else(|| "always".to_owned(), |d| format!("from {d}"));
        let until = pack.until.map(|d| format!(" to {d}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<17} {:<8} {:<31} {:>5}  {}",
            pack.name,
            pack.version,
            format!("{from}{until}"),
            count,
            pack.short_hash()
        );
        if !pack.changelog.is_empty() {
            let _ = writeln!(out, "    {}", pack.changelog);
        }
        if let Some(base) = &pack.based_on {
            let _ = writeln!(
                out,
                "    based on {}@{base}: written as its changes, hash chained to the base's",
                pack.name
            );
        }
        let ids: Vec<&str> = rules
            .rules
            .iter()
            .filter(|r| r.pack == index)
            .map(|r| r.id.as_str())
            .collect();
        if !ids.is_empty() {
            let _ = writeln!(out, "    rules: {}", ids.join(", "));
        }
    }
    out
}

/// How one rule differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleChange {
    /// Rule id.
    pub id: String,
    /// What changed, in words (`severity error → warning`, `condition`, `message`, `until - → 2026-12-31`).
    pub what: Vec<String>,
}

/// How one lexicon differs between two versions: phrases added and removed (a phrase whose advice changed is both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconChange {
    /// Lexicon name.
    pub name: String,
    /// What happened to the lexicon as a whole: `added`, `removed` or `amended`.
    pub how: &'static str,
    /// Phrases in `b` only (or with other advice), with their advice.
    pub added: Vec<(String, String)>,
    /// Phrases in `a` only (or with other advice).
    pub removed: Vec<String>,
}

/// Rules added, removed, retired and changed from pack version `a` to `b` (indices into `rules.packs`), and
/// lexicon phrases added and removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackDiff {
    /// In `b` only.
    pub added: Vec<String>,
    /// In `a` only.
    pub removed: Vec<String>,
    /// In both, the same but for a last day in force that `b` sets (`retire rule ID until DATE`): id and date.
    pub retired: Vec<(String, String)>,
    /// In both, but different.
    pub changed: Vec<RuleChange>,
    /// Lexicons whose phrases differ.
    pub lexicons: Vec<LexiconChange>,
    /// Tables whose rows differ.
    pub tables: Vec<TableChange>,
}

/// How one table differs between two versions: rows added and removed, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableChange {
    /// Table name.
    pub name: String,
    /// What happened to the table as a whole: `added`, `removed` or `amended`.
    pub how: &'static str,
    /// Rows in `b` only.
    pub added: Vec<String>,
    /// Rows in `a` only.
    pub removed: Vec<String>,
}

/// Compares two pack versions rule by rule.
pub fn diff(rules: &RuleSet, sources: &SourceMap, a: usize, b: usize) -> PackDiff {
    let of = |pack: usize| -> BTreeMap<&str, &CompiledRule> {
        rules
            .rules
            .iter()
            .filter(|r| r.pack == pack)
            .map(|r| (r.id.as_str(), r))
            .collect()
    };
    let (old, new) = (of(a), of(b));
    let mut result = PackDiff::default();
    for (id, rule) in &new {
        match old.get(id) {
            None => result.added.push((*id).to_owned()),
            Some(before) => {
                let what = changes(before, rule, sources);
                if let (true, None, Some(until)) = (is_retirement(&what), before.until, rule.until)
                {
                    result.retired.push(((*id).to_owned(), until.to_string()));
                } else if !what.is_empty() {
                    result.changed.push(RuleChange {
                        id: (*id).to_owned(),
                        what,
                    });
                }
            }
        }
    }
    result.removed = old
        .keys()
        .filter(|id| !new.contains_key(*id))
        .map(|id| (*id).to_owned())
        .collect();
    if let (Some(pa), Some(pb)) = (rules.packs.get(a), rules.packs.get(b)) {
        result.lexicons = lexicon_changes(&pa.lexicons, &pb.lexicons);
        result.tables = table_changes(&pa.tables, &pb.tables);
    }
    result
}

/// The only change is a last day in force.
fn is_retirement(what: &[String]) -> bool {
    what.len() == 1 && what.iter().all(|w| w.starts_with("until "))
}

type Lexicons = BTreeMap<String, Vec<(String, String)>>;

/// Lexicons added, removed or amended from `a` to `b`, phrase by phrase.
fn lexicon_changes(a: &Lexicons, b: &Lexicons) -> Vec<LexiconChange> {
    member_changes(a, b)
        .into_iter()
        .map(|(name, how, added, removed)| LexiconChange {
            name,
            how,
            added,
            removed: removed.into_iter().map(|(phrase, _)| phrase).collect(),
        })
        .collect()
}

/// Tables added, removed or amended from `a` to `b`, row by row.
fn table_changes(
    a: &BTreeMap<String, Vec<String>>,
    b: &BTreeMap<String, Vec<String>>,
) -> Vec<TableChange> {
    member_changes(a, b)
        .into_iter()
        .map(|(name, how, added, removed)| TableChange {
            name,
            how,
            added,
            removed,
        })
        .collect()
}

/// For each named collection (a lexicon's phrases, a table's rows) that differs from `a` to `b`: its name, whether it
/// was `added`, `removed` or `amended`, and the members in `b` only and in `a` only.
fn member_changes<T: PartialEq + Clone>(
    a: &BTreeMap<String, Vec<T>>,
    b: &BTreeMap<String, Vec<T>>,
) -> Vec<(String, &'static str, Vec<T>, Vec<T>)> {
    let names: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let mut out = Vec::new();
    for name in names {
        let (before, after) = (a.get(name), b.get(name));
        let old = before.map(Vec::as_slice).unwrap_or_default();
        let new = after.map(Vec::as_slice).unwrap_or_default();
        let added: Vec<T> = new.iter().filter(|e| !old.contains(e)).cloned().collect();
        let removed: Vec<T> = old.iter().filter(|e| !new.contains(e)).cloned().collect();
        if added.is_empty() && removed.is_empty() {
            continue;
        }
        let how = match (before, after) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "amended",
        };
        out.push((name.clone(), how, added, removed));
    }
    out
}

fn changes(a: &CompiledRule, b: &CompiledRule, sources: &SourceMap) -> Vec<String> {
    let mut what = Vec::new();
    if a.severity != b.severity {
        what.push(format!("severity {} → {}", a.severity, b.severity));
    }
    if a.case_severity != b.case_severity {
        let shown =
            |s: Option<crate::compile::ir::Severity>| s.map_or("-".to_owned(), |s| s.to_string());
        what.push(format!(
            "case_severity {} → {}",
            shown(a.case_severity),
            shown(b.case_severity)
        ));
    }
    if a.stage != b.stage {
        what.push(format!("stage {} → {}", a.stage, b.stage));
    }
    if a.pattern != b.pattern {
        what.push("pattern".to_owned());
    }
    let day = |d: Option<chrono::NaiveDate>| d.map_or("-".to_owned(), |d| d.to_string());
    if a.effective != b.effective {
        what.push(format!(
            "effective {} → {}",
            day(a.effective),
            day(b.effective)
        ));
    }
    if a.until != b.until {
        what.push(format!("until {} → {}", day(a.until), day(b.until)));
    }
    // A cite's ids are in its text; a declaration's title, address or date is compared here.
    if a.sources != b.sources {
        what.push("sources".to_owned());
    }
    let (fa, fb) = (fields(a, sources), fields(b, sources));
    for (field, label) in [
        ("logic", "condition"),
        ("message", "message"),
        ("help", "help"),
        ("title", "title"),
        ("cite", "citation"),
    ] {
        if fa.get(field) != fb.get(field) {
            what.push(label.to_owned());
        }
    }
    what
}

/// The rule's source split into its fields, whitespace-normalised; `for`, `let`, `when` and `require` form `logic`
/// (shown as `condition`).
fn fields(rule: &CompiledRule, sources: &SourceMap) -> BTreeMap<&'static str, String> {
    let text = sources
        .get(rule.block.file)
        .map(|f| f.slice(rule.block.span))
        .unwrap_or("");
    let mut out: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut current = "logic";
    for line in text.lines().skip(1) {
        let trimmed = line.trim();
        if trimmed.starts_with('#') || trimmed == "}" {
            continue;
        }
        let word = trimmed.split_whitespace().next().unwrap_or("");
        current = match word {
            "title" => "title",
            "message" => "message",
            "help" => "help",
            "cite" => "cite",
            // Compared as compiled values (severity, stage, dates, pattern), not as text.
            "severity" | "case_severity" | "stage" | "effective" | "until" => "compiled",
            "pattern" => "pattern",
            "for" | "let" | "when" | "require" => "logic",
            _ => current,
        };
        let entry = out.entry(current).or_default();
        entry.push(' ');
        entry.push_str(&trimmed.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    out
}

/// Finds a pack version by `name@version`.
pub fn find(rules: &RuleSet, label: &str) -> Result<usize, String> {
    let (name, version) = label
        .split_once('@')
        .ok_or_else(|| format!("`{label}` is not NAME@VERSION"))?;
    rules
        .packs
        .iter()
        .position(|p| p.name == name && p.version == version)
        .ok_or_else(|| {
            let known: Vec<String> = rules.packs.iter().map(|p| p.label()).collect();
            format!(
                "no pack version `{label}` is loaded; loaded: {}",
                known.join(", ")
            )
        })
}

/// The text of a diff.
pub fn render_diff(rules: &RuleSet, a: usize, b: usize, diff: &PackDiff) -> String {
    let label = |i: usize| rules.packs.get(i).map(|p| p.label()).unwrap_or_default();
    let mut out = format!("rules from {} to {}:\n", label(a), label(b));
    if let Some(pack) = rules.packs.get(b) {
        if !pack.changelog.is_empty() {
            let _ = writeln!(out, "  changelog of {}: {}", label(b), pack.changelog);
        }
    }
    if diff.added.is_empty()
        && diff.removed.is_empty()
        && diff.retired.is_empty()
        && diff.changed.is_empty()
    {
        out.push_str("  no rule changed\n");
    }
    for id in &diff.added {
        let title = rules
            .rules
            .iter()
            .find(|r| &r.id == id && r.pack == b)
            .map_or("", |r| r.title.as_str());
        let _ = writeln!(out, "  added    {id}: {title}");
    }
    for id in &diff.removed {
        let title = rules
            .rules
            .iter()
            .find(|r| &r.id == id && r.pack == a)
            .map_or("", |r| r.title.as_str());
        let _ = writeln!(out, "  removed  {id}: {title}");
    }
    for (id, until) in &diff.retired {
        let _ = writeln!(out, "  retired  {id}: runs until {until}");
    }
    for change in &diff.changed {
        let _ = writeln!(out, "  changed  {}: {}", change.id, change.what.join(", "));
    }
    render_lexicons(&mut out, &diff.lexicons);
    for table in &diff.tables {
        let _ = writeln!(out, "  table {} {}:", table.name, table.how);
        for row in &table.added {
            let _ = writeln!(out, "    + {row}");
        }
        for row in &table.removed {
            let _ = writeln!(out, "    - {row}");
        }
    }
    out
}

fn render_lexicons(out: &mut String, lexicons: &[LexiconChange]) {
    for lexicon in lexicons {
        let _ = writeln!(out, "  lexicon {} {}:", lexicon.name, lexicon.how);
        for (phrase, advice) in &lexicon.added {
            let _ = writeln!(out, "    + \"{phrase}\" => \"{advice}\"");
        }
        for phrase in &lexicon.removed {
            let _ = writeln!(out, "    - \"{phrase}\"");
        }
    }
}
