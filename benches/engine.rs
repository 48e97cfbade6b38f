//! criterion benchmarks of the engine's stages, in-process (no CLI, no process start-up):
//!
//! - `parse/<pack>`: `concord::syntax::parse::parse` on each bundled rule file;
//! - `compile/bundled`: compiling the bundled packs from parsed trees; `load_rules/bundled`: parse + compile
//!   as `concord check` does (`load::load_rules`, parsing on all cores);
//! - `parse/generated_1000` and `compile/generated_1000`: a generated pack of 1,000 rules
//!   (`benches/gen/mod.rs`), compiled together with the bundled packs it extends;
//! - `yaml/<size>` and `document/<size>`: one generated case's three YAML files loaded with spans
//!   (`concord::records::yaml::load`) and typed (`concord::records::document::load`);
//! - `evaluate/<size>`: the bundled packs evaluated on that case (rules and case loaded once, into one
//!   `SourceMap`: rule sources first, then the case files).
//!
//! Sizes: small (10 spec items, 2 pulled units), typical (50, 100), large (200, 10,000).
//! Run: `cargo bench --bench engine` (or `-- evaluate` to filter).

#[path = "gen/mod.rs"]
mod casegen;

use std::hint::black_box;
use std::process::exit;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use concord::check::load::{self, Limits};
use concord::eval::{evaluate, EvalOptions};
use concord::records::schema::{RecordKind, Schema};
use concord::source::{FileId, SourceFile, SourceMap};
use concord::syntax::ast::RuleFile;

fn fail(what: &str) -> ! {
    eprintln!("engine bench: {what}");
    exit(2)
}

/// The bundled rule files, added to `sources` and parsed.
fn parsed_bundled(sources: &mut SourceMap) -> Vec<(FileId, RuleFile)> {
    concord::packs::bundled::RULE_FILES
        .iter()
        .map(|(path, text)| {
            let id = sources.add(SourceFile::new(
                concord::packs::bundled::display_name(path),
                *text,
            ));
            match concord::syntax::parse::parse(text) {
                Ok(ast) => (id, ast),
                Err(e) => fail(&format!("{path} does not parse: {e:?}")),
            }
        })
        .collect()
}

fn bench_rules(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for (path, text) in concord::packs::bundled::RULE_FILES {
        let name = path
            .trim_start_matches("rules/")
            .trim_end_matches(".concord");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| concord::syntax::parse::parse(black_box(text)))
        });
    }
    let generated = casegen::rule_pack(1000);
    group.throughput(Throughput::Bytes(generated.len() as u64));
    group.bench_function("generated_1000", |b| {
        b.iter(|| concord::syntax::parse::parse(black_box(&generated)))
    });
    group.finish();

    let mut group = c.benchmark_group("compile");
    let mut sources = SourceMap::new();
    let parsed = parsed_bundled(&mut sources);
    let refs: Vec<(FileId, &RuleFile)> = parsed.iter().map(|(id, ast)| (*id, ast)).collect();
    group.bench_function("bundled", |b| {
        b.iter(|| concord::compile::compile(black_box(&refs), Schema::bundled(), &sources).is_ok())
    });
    let gen_id = sources.add(SourceFile::new(
        "generated_1000.concord",
        generated.as_str(),
    ));
    let gen_ast = match concord::syntax::parse::parse(&generated) {
        Ok(ast) => ast,
        Err(e) => fail(&format!("the generated pack does not parse: {e:?}")),
    };
    let mut refs_gen = refs.clone();
    refs_gen.push((gen_id, &gen_ast));
    match concord::compile::compile(&refs_gen, Schema::bundled(), &sources) {
        Ok(set) if set.rules.len() >= 1000 => {}
        Ok(set) => fail(&format!(
            "the generated pack compiled to {} rules",
            set.rules.len()
        )),
        Err(e) => fail(&format!(
            "the generated pack does not compile: {:?}",
            e.first()
        )),
    }
    group.bench_function("generated_1000", |b| {
        b.iter(|| {
            concord::compile::compile(black_box(&refs_gen), Schema::bundled(), &sources).is_ok()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("load_rules");
    group.bench_function("bundled", |b| {
        b.iter(|| {
            let mut sources = SourceMap::new();
            load::load_rules(&concord::files::Disk, &mut sources, &[], &Limits::default()).is_ok()
        })
    });
    group.finish();
}

fn bench_cases(c: &mut Criterion) {
    let limits = concord::records::yaml::Limits::default();
    let schema = Schema::bundled();
    let cases: Vec<_> = casegen::SIZES
        .iter()
        .map(|(label, items, units)| (*label, casegen::generate(7, *items, *units)))
        .collect();

    let mut group = c.benchmark_group("yaml");
    for (label, case) in &cases {
        group.throughput(Throughput::Bytes(case.len() as u64));
        group.bench_function(*label, |b| {
            b.iter(|| {
                for text in [&case.contract, &case.inspection, &case.evidence] {
                    let _ = black_box(concord::records::yaml::load(black_box(text), &limits));
                }
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("document");
    for (label, case) in &cases {
        let mut sources = SourceMap::new();
        let files: Vec<(RecordKind, FileId)> = [
            (RecordKind::Contract, &case.contract),
            (RecordKind::Inspection, &case.inspection),
            (RecordKind::Evidence, &case.evidence),
        ]
        .into_iter()
        .map(|(kind, text)| {
            (
                kind,
                sources.add(SourceFile::new(
                    format!("{}.yaml", kind.name()),
                    text.as_str(),
                )),
            )
        })
        .collect();
        group.throughput(Throughput::Bytes(case.len() as u64));
        group.bench_function(*label, |b| {
            b.iter(|| {
                for (kind, id) in &files {
                    if let Some(file) = sources.get(*id) {
                        let _ = black_box(concord::records::document::load(
                            *kind, *id, file, schema, &limits,
                        ));
                    }
                }
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("evaluate");
    let tmp = std::env::temp_dir().join(format!("concord-bench-engine-{}", std::process::id()));
    let options = EvalOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap_or_default(),
        stages: None,
        packs: None,
        rule_date: None,
    };
    for (label, case) in &cases {
        let dir = tmp.join(label);
        if let Err(e) = case.write(&dir) {
            fail(&format!("cannot write {}: {e}", dir.display()));
        }
        // The large case takes seconds per evaluation: criterion's minimum of 10 samples.
        group.sample_size(if *label == "large" { 10 } else { 30 });
        // One source map: rule sources first, then the case files.
        let mut sources = SourceMap::new();
        let rules =
            match load::load_rules(&concord::files::Disk, &mut sources, &[], &Limits::default()) {
                Ok(r) => r,
                Err(p) => fail(&format!("bundled rules: {p:?}")),
            };
        let loaded = match load::load_case(
            &concord::files::Disk,
            &mut sources,
            &dir,
            &Limits::default(),
        ) {
            Ok(c) => c,
            Err(p) => fail(&format!("generated {label} case does not load: {p:?}")),
        };
        group.bench_function(*label, |b| {
            b.iter(|| evaluate(black_box(&rules), black_box(&loaded), &sources, &options))
        });
        // load_case + evaluate: what one case costs once the rules are loaded (as in batch_check).
        group.bench_function(format!("{label}_with_load"), |b| {
            b.iter_batched(
                || sources.clone(),
                |mut s| {
                    load::load_case(&concord::files::Disk, &mut s, &dir, &Limits::default())
                        .map(|case| evaluate(&rules, &case, &s, &options).findings.len())
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&tmp);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = bench_rules, bench_cases
}
criterion_main!(benches);
