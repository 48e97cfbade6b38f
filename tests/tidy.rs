//! Tidy: the invariants ARCHITECTURE.md states about the code itself, checked over the source text so that
//! breaking one fails the build's tests (the lint-level ones are `#![deny]`s in `src/lib.rs`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every `.rs` file under `src/`, as a path relative to `src/` with forward slashes, and its text.
fn sources() -> BTreeMap<String, String> {
    let src = Path::new(ROOT).join("src");
    let mut found = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let name = path
                    .strip_prefix(&src)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                found.insert(name, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    found
}

/// The code of a file without comments, so that prose naming a module is not counted as a use of it.
fn code(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn offenders(allowed: impl Fn(&str) -> bool, needle: &str) -> Vec<String> {
    sources()
        .into_iter()
        .filter(|(name, text)| !allowed(name) && code(text).contains(needle))
        .map(|(name, _)| name)
        .collect()
}

#[test]
fn only_files_rs_touches_the_file_system_and_cli_writes() {
    let found = offenders(|n| n == "files.rs" || n.starts_with("cli/"), "std::fs");
    assert!(
        found.is_empty(),
        "std::fs outside src/files.rs and src/cli/: {found:?}"
    );
    // The CLI writes files (fmt, init) but reads through `Files` like everyone else.
    for reader in ["read_dir", "read_to_string", "fs::File::open"] {
        let found = offenders(|n| n == "files.rs", reader);
        assert!(
            found.is_empty(),
            "`{reader}` outside src/files.rs: {found:?}"
        );
    }
}

#[test]
fn only_the_parser_names_pest() {
    let found = offenders(|n| n.starts_with("syntax/parse/"), "pest");
    assert!(
        found.is_empty(),
        "pest named outside src/syntax/parse/: {found:?}"
    );
}

#[test]
fn lines_and_columns_are_computed_only_in_source_rs() {
    for needle in ["fn line_col", "matches('\\n').count()", ".lines().count()"] {
        let found = offenders(|n| n == "source.rs", needle);
        assert!(
            found.is_empty(),
            "`{needle}` outside src/source.rs: {found:?}"
        );
    }
}

#[test]
fn the_library_never_prints_or_exits() {
    let lib = std::fs::read_to_string(Path::new(ROOT).join("src/lib.rs")).unwrap();
    for lint in [
        "clippy::print_stdout",
        "clippy::print_stderr",
        "clippy::exit",
    ] {
        assert!(lib.contains(lint), "src/lib.rs must deny {lint}");
    }
    let found = offenders(
        |n| n.starts_with("cli/") || n == "main.rs",
        "allow(clippy::print",
    );
    assert!(
        found.is_empty(),
        "a library module allows printing: {found:?}"
    );
    let found = offenders(|n| n.starts_with("cli/") || n == "main.rs", "clap");
    assert!(found.is_empty(), "clap outside the binary: {found:?}");
    let found = offenders(|n| n.starts_with("cli/") || n == "main.rs", "indicatif");
    assert!(found.is_empty(), "indicatif outside the binary: {found:?}");
}

#[test]
fn rendering_does_not_depend_on_the_loader() {
    let found: Vec<String> = sources()
        .into_iter()
        .filter(|(n, t)| n.starts_with("report/") && code(t).contains("check::load"))
        .map(|(n, _)| n)
        .collect();
    assert!(found.is_empty(), "report/ imports the loader: {found:?}");
}

/// The module file a `crate::a::b::c` path names: the longest prefix that is a file.
fn resolve(files: &BTreeSet<String>, segments: &[&str]) -> Option<String> {
    for n in (1..=segments.len()).rev() {
        let stem = segments[..n].join("/");
        for candidate in [format!("{stem}.rs"), format!("{stem}/mod.rs")] {
            if files.contains(&candidate) {
                return Some(candidate);
            }
        }
    }
    None
}

/// The segments of the module a file is (`check/load.rs` -> `check::load`).
fn module_of(name: &str) -> Vec<String> {
    let trimmed = name.trim_end_matches(".rs").trim_end_matches("/mod");
    if trimmed == "lib" || trimmed == "main" {
        return Vec::new();
    }
    trimmed.split('/').map(str::to_owned).collect()
}

/// Edges between module files from `crate::` and `super::` paths (test modules excluded).
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let all = sources();
    let files: BTreeSet<String> = all.keys().cloned().collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, text) in &all {
        let body = code(text.split("#[cfg(test)]").next().unwrap_or(""));
        let module = module_of(name);
        let mut edges = BTreeSet::new();
        for (prefix, base) in [
            ("crate::", Vec::new()),
            ("super::", {
                // `super` of `a/b.rs` is `a`; of `a/b/mod.rs` is `a` too.
                let mut m = module.clone();
                m.pop();
                m
            }),
        ] {
            for (i, _) in body.match_indices(prefix) {
                if body[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                let rest: String = body[i + prefix.len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let mut segments: Vec<&str> = base.iter().map(String::as_str).collect();
                segments.extend(rest.split("::").filter(|s| !s.is_empty()));
                if let Some(target) = resolve(&files, &segments) {
                    if &target != name {
                        edges.insert(target);
                    }
                }
            }
        }
        graph.insert(name.clone(), edges);
    }
    graph
}

/// Circles that are one module split over two files, each pair named with why it stays.
const ONE_MODULE_IN_TWO_FILES: [(&str, &str, &str); 3] = [
    (
        "eval/expr.rs",
        "eval/path.rs",
        "a path's filter is an expression and an expression walks paths",
    ),
    (
        "units/unit.rs",
        "units/compound.rs",
        "a unit is a compound of units; the parser of compounds builds units",
    ),
    (
        "units/requirement.rs",
        "units/requirement_parse.rs",
        "the requirement type and its parser",
    ),
];

/// A folder's `mod.rs` re-exports its children and the children may name the folder's shared items:
/// that is one module, not a circle. Every other cycle between files is.
fn is_parent_child(a: &str, b: &str) -> bool {
    // `check/mod.rs` is the parent of `check/load.rs` and of `check/sub/mod.rs`, not of `check/sub/x.rs`.
    let child_of = |child: &str, parent: &str| {
        let Some(dir) = parent.strip_suffix("mod.rs") else {
            return false;
        };
        let Some(rest) = child.strip_prefix(dir) else {
            return false;
        };
        rest != "mod.rs"
            && (!rest.contains('/')
                || rest
                    .strip_suffix("/mod.rs")
                    .is_some_and(|d| !d.contains('/')))
    };
    child_of(a, b) || child_of(b, a)
}

#[test]
fn no_import_circles_between_source_files() {
    let graph = import_graph();
    let mut cycles = Vec::new();
    for start in graph.keys() {
        // Depth-first search for a path back to `start`.
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                let paired = ONE_MODULE_IN_TWO_FILES
                    .iter()
                    .any(|(a, b, _)| (node == *a && next == b) || (node == *b && next == a));
                if paired || is_parent_child(&node, next) {
                    continue;
                }
                if next == start {
                    cycles.push(path.join(" -> ") + " -> " + start);
                } else if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next.clone(), p));
                }
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    assert!(cycles.is_empty(), "import circles:\n{}", cycles.join("\n"));
}

#[test]
fn src_reads_as_the_pipeline() {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("src"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    assert!(entries.len() <= 15, "src/ has {} entries", entries.len());
    for (name, text) in sources() {
        assert!(
            text.starts_with("//!"),
            "src/{name} does not open with a `//!` line"
        );
    }
}

#[test]
fn every_rule_file_in_the_repository_is_bundled() {
    let root = Path::new(ROOT);
    let mut on_disk: Vec<String> = Vec::new();
    let mut stack = vec![root.join("rules")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "concord" || e == "yaml")
            {
                on_disk.push(
                    path.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    on_disk.sort();
    let mut bundled: Vec<String> = concord::packs::bundled::RULE_FILES
        .iter()
        .chain(concord::packs::bundled::RULE_TEST_FILES)
        .map(|(p, _)| (*p).to_owned())
        .collect();
    bundled.sort();
    assert_eq!(
        on_disk, bundled,
        "src/packs/bundled.rs must list every rules/**/*.concord and rules/tests/*.yaml file"
    );
}

/// The field names of the record schema: every key under `records:` and `types:` below the record and type names.
fn schema_field_names() -> BTreeSet<String> {
    let text = std::fs::read_to_string(Path::new(ROOT).join("data/schema.yaml")).unwrap();
    let mut section = "";
    let mut names = BTreeSet::new();
    for line in text.lines() {
        let body = line.split('#').next().unwrap_or("");
        if body.trim().is_empty() {
            continue;
        }
        let indent = body.len() - body.trim_start().len();
        let Some((key, _)) = body.trim().split_once(':') else {
            continue;
        };
        if indent == 0 {
            section = if key == "records" || key == "types" {
                "fields"
            } else {
                ""
            };
        } else if indent >= 4 && section == "fields" {
            names.insert(key.trim().to_owned());
        }
    }
    names
}

/// The string literals of a code text, without their quotes (escapes left as written).
fn string_literals(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                // A char literal (`'"'`) or a lifetime: skip what a char literal can hold.
                let ahead: String = chars.clone().take(3).collect();
                if ahead.starts_with("\\") {
                    chars.nth(2);
                } else if ahead.chars().nth(1) == Some('\'') {
                    chars.nth(1);
                }
            }
            '"' => {
                let mut literal = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            literal.push(c);
                            literal.extend(chars.next());
                        }
                        '"' => break,
                        _ => literal.push(c),
                    }
                }
                out.push(literal);
            }
            _ => {}
        }
    }
    out
}

/// Rust reads record fields through the roles of `data/schema.yaml` (`Schema::role`), never by a name written in
/// Rust: renaming a field in the schema then changes one place. A field name that is also a word of the language
/// or of the reports (`arrival` is a stage, `rule` a keyword, `name` a JSON key) is a field only where it is used
/// to read a record: `.field("...")`, `.path(...)`, `key == "..."`. A name with an underscore is a field anywhere.
#[test]
fn record_field_names_are_not_written_in_rust() {
    let fields = schema_field_names();
    assert!(fields.contains("measured_by") && fields.contains("receipt_confirmed"));
    let mut found = Vec::new();
    for (name, text) in sources() {
        if name == "records/schema.rs" || name.ends_with("tests.rs") {
            continue;
        }
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        let code = code(text);
        for literal in string_literals(&code) {
            if fields.contains(&literal) && literal.contains('_') {
                found.push(format!("{name}: \"{literal}\""));
            }
        }
        for access in [".field(\"", "key == \"", ".get(\""] {
            for piece in code.split(access).skip(1) {
                let literal = piece.split('"').next().unwrap_or("");
                if fields.contains(literal) {
                    found.push(format!("{name}: {access}{literal}\""));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "record fields named in Rust (read them through a role of data/schema.yaml): {found:#?}"
    );
}

#[test]
fn the_tidy_field_check_finds_a_field_read_by_name() {
    let code = "let x = item.field(\"measured_by\"); let y = \"claim_window\"; let c = '\"'; let z = \"a\\\"b\";";
    let literals = string_literals(code);
    assert_eq!(literals, ["measured_by", "claim_window", "a\\\"b"]);
}

/// Every bundled rule cites at least one source its pack declares (`source ID "title" "url" ...`), so a compliance
/// officer can open what the rule rests on; the compiler checks that the ids are declared. The prelude's rules are
/// templates of the spec statement: the author's cite replaces theirs, so they cite nothing public.
#[test]
fn every_bundled_rule_cites_a_declared_public_source() {
    let mut uncited = Vec::new();
    for (path, text) in concord::packs::bundled::RULE_FILES {
        let file = concord::syntax::parse::parse(text).unwrap();
        if file.pack.name.value == "prelude" {
            continue;
        }
        for rule in &file.rules {
            let cites_a_source = rule.fields.iter().any(|field| {
                matches!(field, concord::syntax::ast::RuleField::Cite(c) if !c.sources.is_empty())
            });
            if !cites_a_source {
                uncited.push(format!("{path}: {}", rule.id.value));
            }
        }
    }
    assert!(
        uncited.is_empty(),
        "rules citing no declared source (write `cite ID \"...\"` with a `source ID ...` of the pack): {uncited:?}"
    );
}
