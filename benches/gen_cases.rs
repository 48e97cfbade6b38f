//! Writes synthetic cases to a folder: `cargo bench --bench gen_cases -- OUT_DIR N ITEMS UNITS`.
//!
//! `ITEMS` (spec items per case) and `UNITS` (pulled units per case) are a number or a range `A-B`
//! drawn per case; defaults: 1 case, `10-200` items, `2-100` units. Case `i` is `OUT_DIR/case-0000i`, generated
//! from the fixed seed `i + 1` (see `benches/gen/mod.rs`), so the same arguments always write the same files.

#[path = "gen/mod.rs"]
mod casegen;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    // `cargo bench` passes `--bench` (and filters) to every target: keep only the positional arguments.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let usage = "usage: cargo bench --bench gen_cases -- OUT_DIR [N] [ITEMS|A-B] [UNITS|A-B]";
    let Some(out) = args.first().map(PathBuf::from) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let n = match args.get(1).map(|s| s.parse::<usize>()) {
        None => 1,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    let count = |i: usize, default: &str| casegen::Count::parse(args.get(i).map_or(default, |s| s));
    let (Some(items), Some(units)) = (count(2, "10-200"), count(3, "2-100")) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    match casegen::write_cases(&out, n, items, units) {
        Ok(dirs) => {
            let bytes: u64 = dirs
                .iter()
                .flat_map(|d| {
                    ["contract.yaml", "inspection.yaml", "evidence.yaml"].map(|f| d.join(f))
                })
                .filter_map(|f| std::fs::metadata(f).ok())
                .map(|m| m.len())
                .sum();
            eprintln!(
                "gen_cases: wrote {} cases ({} bytes) under {}",
                dirs.len(),
                bytes,
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_cases: cannot write under {}: {e}", out.display());
            ExitCode::from(2)
        }
    }
}
