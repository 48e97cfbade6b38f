//! criterion benchmark of the typing stage's unit work: the cost of reading one measured value
//! (`concord::units::Quantity::parse`) and one requirement (`concord::units::Requirement::parse`) as
//! suppliers and laboratories write them, and of checking the reading against the requirement.
//!
//! The readings are a fixed mix of simple (`31 cycles/min`), compound (`180 g/m2`), worded (`5% max`),
//! ranged (`220-240 V`) and toleranced (`120 mm ± 0.5 mm`) notation. Run: `cargo bench --bench typing`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use concord::units::{Quantity, Requirement};

/// (requirement, measured value), each pair read and compared once per iteration.
const PAIRS: &[(&str, &str)] = &[
    (">= 50 cycles/min", "52 cycles/min"),
    ("180 g/m2 ± 5%", "176 g/m2"),
    ("<= 0.5 mm", "0.3 mm"),
    ("48..52 cycles/min", "3000 cycles/h"),
    ("5% max", "3.2%"),
    ("max. 0.5 mm", "0.45 mm"),
    ("min 50 N", "61 N"),
    ("220-240 V", "230 V"),
    ("120 mm ± 0.5 mm", "120.2 mm"),
    (">= 2 MΩ", "500 MΩ"),
    ("<= 75 dB(A)", "71.5 dB(A)"),
    (">= 5.5 kW", "5500 W"),
];

fn bench_typing(c: &mut Criterion) {
    let mut group = c.benchmark_group("typing");
    group.throughput(Throughput::Elements(PAIRS.len() as u64));
    group.bench_function("reading", |b| {
        b.iter(|| {
            for (_, measured) in PAIRS {
                let _ = black_box(Quantity::parse(black_box(measured)));
            }
        })
    });
    group.bench_function("requirement", |b| {
        b.iter(|| {
            for (requirement, _) in PAIRS {
                let _ = black_box(Requirement::parse(black_box(requirement)));
            }
        })
    });
    group.bench_function("read_and_check", |b| {
        b.iter(|| {
            for (requirement, measured) in PAIRS {
                if let (Ok(r), Ok(q)) = (
                    Requirement::parse(black_box(requirement)),
                    Quantity::parse(black_box(measured)),
                ) {
                    let _ = black_box(r.is_satisfied_by(&q));
                }
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = bench_typing
}
criterion_main!(benches);
