//! The parse floor: loads the three YAML records of every case folder given on the command line with
//! concord's own loader and does nothing else, so `concord check` can be timed against it as a process.
//!
//!     parse_floor [--typed] CASE_DIR|DIR_OF_CASES...
//!
//! Without `--typed`: read each file and build the span tree (`concord::records::yaml::load`).
//! With `--typed`: also type it against the bundled schema (`concord::records::document::load`), as `concord check` does.
//! Exits 2 if a file does not load. Built by `cargo bench --no-run`; run by `benches/compare.sh`.

#[path = "gen/mod.rs"]
mod casegen;

use std::process::ExitCode;

use concord::records::schema::{RecordKind, Schema};
use concord::source::{SourceFile, SourceMap};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let typed = args.iter().any(|a| a == "--typed");
    let positional: Vec<String> = args.into_iter().filter(|a| !a.starts_with("--")).collect();
    let dirs = match casegen::case_dirs(&positional) {
        Ok(d) if !d.is_empty() => d,
        Ok(_) => {
            eprintln!("usage: parse_floor [--typed] CASE_DIR|DIR_OF_CASES...");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("parse_floor: {e}");
            return ExitCode::from(2);
        }
    };
    let limits = concord::records::yaml::Limits::default();
    let schema = Schema::bundled();
    let mut failed = 0usize;
    let mut loaded = 0usize;
    for dir in &dirs {
        // One source map per case, as `concord check` has one per run.
        let mut sources = SourceMap::new();
        for (record, path) in casegen::record_files(dir) {
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("parse_floor: {}: {e}", path.display());
                    failed += 1;
                    continue;
                }
            };
            let ok = if typed {
                let Some(kind) = RecordKind::from_name(record) else {
                    failed += 1;
                    continue;
                };
                let id = sources.add(SourceFile::new(path.to_string_lossy(), text));
                match sources.get(id) {
                    Some(file) => std::hint::black_box(concord::records::document::load(
                        kind, id, file, schema, &limits,
                    ))
                    .is_ok(),
                    None => false,
                }
            } else {
                matches!(
                    std::hint::black_box(concord::records::yaml::load(&text, &limits)),
                    Ok(Some(_))
                )
            };
            if ok {
                loaded += 1;
            } else {
                eprintln!("parse_floor: {} does not load", path.display());
                failed += 1;
            }
        }
    }
    if failed > 0 {
        eprintln!("parse_floor: {failed} files failed, {loaded} loaded");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
