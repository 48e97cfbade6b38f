//! Synthetic Trade Assurance cases and rule packs for the benchmarks, generated as text (code, not data).
//!
//! Included by the bench targets with `#[path = "gen/mod.rs"] mod casegen;`. Everything is deterministic:
//! a case is a function of its seed, its number of spec items and its number of pulled units, drawn with
//! a small xorshift generator (no `rand` dependency).
//!
//! A generated case is realistic in shape and size, and loads without bad-input errors:
//! - `contract.yaml`: an order with `items` spec items named `KIND_I` (`throughput_3`, `power_consumption_7`,
//!   ...) whose requirements mix `>= X cycles/min`, `<= Y kW`, `A mm ± B mm`, `±0.5 mm`, `W mg ± P%`,
//!   `<= N dB(A)`, `>= C capsules/h` and named materials, each with a test method of the bundled `common` pack;
//! - `inspection.yaml`: one result per item, mostly agreeing with the requirement, a few failing (and then
//!   reported as `fail`), a lot size and sample size consistent with ANSI/ASQ Z1.4 level II at AQL 2.5/4.0
//!   (e.g. lot 2000 pcs → sample 125 pcs), defects and a verdict consistent with the plan;
//! - `evidence.yaml`: arrival, seal photos, `units` pulled units (lot codes from the inspection, photos with
//!   timestamps in several UTC offsets, measurements of one to three items), an incident report, a filing
//!   and communications.

#![allow(dead_code)] // each bench target uses a different part of this module

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// The evaluation date to use with generated cases (`--as-of`), so rules that look at today are reproducible.
pub const AS_OF: &str = "2026-07-05";

/// Xorshift64*: small, fast, deterministic; good enough to vary benchmark inputs.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` (any value; zero is remapped).
    pub fn new(seed: u64) -> Self {
        Rng(seed
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(0x2545_F491_4F6C_DD1D)
            | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = self.below(items.len() as u64) as usize;
        &items[i]
    }
}

/// The three records of one case, as YAML text.
#[derive(Debug, Clone)]
pub struct CaseFiles {
    pub contract: String,
    pub inspection: String,
    pub evidence: String,
}

impl CaseFiles {
    /// Total size in bytes.
    pub fn len(&self) -> usize {
        self.contract.len() + self.inspection.len() + self.evidence.len()
    }

    /// Writes `contract.yaml`, `inspection.yaml`, `evidence.yaml` into `dir` (created).
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("contract.yaml"), &self.contract)?;
        std::fs::write(dir.join("inspection.yaml"), &self.inspection)?;
        std::fs::write(dir.join("evidence.yaml"), &self.evidence)
    }
}

/// The kinds of spec item: name stem, how the requirement and readings look, and the test method.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// `>= X cycles/min`
    Throughput,
    /// `>= X capsules/h`
    Capacity,
    /// `<= Y kW`
    Power,
    /// `<= N dB(A)`
    Noise,
    /// `A mm ± B mm`
    Length,
    /// `±0.5 mm` against a drawing
    Frame,
    /// `W mg ± P%`
    Dosing,
    /// a named material
    Material,
}

const KINDS: [Kind; 8] = [
    Kind::Throughput,
    Kind::Capacity,
    Kind::Power,
    Kind::Noise,
    Kind::Length,
    Kind::Frame,
    Kind::Dosing,
    Kind::Material,
];

impl Kind {
    fn stem(self) -> &'static str {
        match self {
            Kind::Throughput => "throughput",
            Kind::Capacity => "rated_capacity",
            Kind::Power => "power_consumption",
            Kind::Noise => "noise_level",
            Kind::Length => "length",
            Kind::Frame => "frame_dimensions",
            Kind::Dosing => "dosing_tolerance",
            Kind::Material => "contact_material",
        }
    }

    fn method(self) -> &'static str {
        match self {
            Kind::Throughput | Kind::Capacity => "functional_test",
            Kind::Power => "electrical_test",
            Kind::Noise => "sound_level_test",
            Kind::Length | Kind::Frame => "dimensional_check",
            Kind::Dosing => "weight_check",
            Kind::Material => "material_certificate",
        }
    }
}

/// One spec item with its requirement and a way to draw readings that meet or miss it.
#[derive(Debug, Clone)]
struct Item {
    name: String,
    kind: Kind,
    /// The main number of the requirement (bound, nominal, tolerance).
    a: u64,
    /// The second number (tolerance of `A mm ± B mm`, percent of `± P%`).
    b: u64,
}

const MATERIALS: [(&str, &str, &str); 4] = [
    ("SUS316L stainless steel", "SUS316L", "SUS304"),
    ("SUS304 stainless steel", "SUS304", "Q235 carbon steel"),
    ("food-grade silicone", "food-grade silicone", "PVC"),
    ("POM-C acetal", "POM-C", "ABS"),
];

impl Item {
    fn new(index: usize, rng: &mut Rng) -> Item {
        // The first items cover every kind once (a machinery contract names them all), then random kinds.
        let kind = if index < KINDS.len() {
            KINDS[index]
        } else {
            *rng.pick(&KINDS)
        };
        let (a, b) = match kind {
            Kind::Throughput => (rng.range(30, 120), 0),
            Kind::Capacity => (rng.range(12, 60) * 1000, 0),
            Kind::Power => (rng.range(15, 220), 0), // tenths of kW
            Kind::Noise => (rng.range(65, 85), 0),
            Kind::Length => (rng.range(40, 1800), rng.range(1, 10)), // mm, tenths of mm
            Kind::Frame => (rng.range(1, 10), 0),                    // tenths of mm
            Kind::Dosing => (rng.range(50, 900), rng.range(2, 5)),   // mg, percent
            Kind::Material => (rng.below(MATERIALS.len() as u64), 0),
        };
        Item {
            name: format!("{}_{index}", kind.stem()),
            kind,
            a,
            b,
        }
    }

    fn requirement(&self) -> String {
        let (a, b) = (self.a, self.b);
        match self.kind {
            Kind::Throughput => format!(">= {a} cycles/min"),
            Kind::Capacity => format!(">= {a} capsules/h"),
            Kind::Power => format!("<= {} kW", tenths(a)),
            Kind::Noise => format!("<= {a} dB(A)"),
            Kind::Length => format!("{a} mm ± {} mm", tenths(b)),
            Kind::Frame => format!("±{} mm", tenths(a)),
            Kind::Dosing => format!("{a} mg ± {b}%"),
            Kind::Material => MATERIALS[a as usize].0.to_owned(),
        }
    }

    /// A reading that meets the requirement (`pass`) or misses it.
    fn reading(&self, pass: bool, rng: &mut Rng) -> String {
        let (a, b) = (self.a, self.b);
        match (self.kind, pass) {
            (Kind::Throughput, true) => format!("{} cycles/min", a + rng.below(8)),
            (Kind::Throughput, false) => format!("{} cycles/min", a - 1 - rng.below(a / 3)),
            (Kind::Capacity, true) => format!("{} capsules/h", a + rng.below(3000)),
            (Kind::Capacity, false) => format!("{} capsules/h", a - 1 - rng.below(a / 3)),
            (Kind::Power, true) => format!("{} kW", tenths(a - rng.below(a / 4))),
            (Kind::Power, false) => format!("{} kW", tenths(a + 1 + rng.below(a / 4 + 1))),
            (Kind::Noise, true) => format!("{} dB(A)", a - rng.below(6)),
            (Kind::Noise, false) => format!("{} dB(A)", a + 1 + rng.below(6)),
            // Tenths of a millimetre: within the tolerance, or beyond it.
            (Kind::Length, true) => signed_mm(a * 10, rng.below(b + 1), rng.chance(50)),
            (Kind::Length, false) => signed_mm(a * 10, b + 1 + rng.below(10), rng.chance(50)),
            (Kind::Frame, true) => format!("{} mm", tenths(rng.below(a + 1))),
            (Kind::Frame, false) => format!("{} mm", tenths(a + 1 + rng.below(5))),
            (Kind::Dosing, true) => {
                let off = a * b * rng.below(100) / 10_000; // up to the tolerance, rounded down
                format!("{} mg", if rng.chance(50) { a + off } else { a - off })
            }
            (Kind::Dosing, false) => format!("{} mg", a - a * b / 100 - 1 - rng.below(10)),
            (Kind::Material, true) => MATERIALS[a as usize].1.to_owned(),
            (Kind::Material, false) => MATERIALS[a as usize].2.to_owned(),
        }
    }
}

fn tenths(v: u64) -> String {
    if v % 10 == 0 {
        format!("{}", v / 10)
    } else {
        format!("{}.{}", v / 10, v % 10)
    }
}

/// `nominal ± off` tenths of a millimetre, written in millimetres.
fn signed_mm(nominal: u64, off: u64, up: bool) -> String {
    let v = if up { nominal + off } else { nominal - off };
    format!("{} mm", tenths(v))
}

/// ANSI/ASQ Z1.4 level II, AQL 2.5 major / 4.0 minor: (lot min, lot max, sample size, Ac major, Ac minor),
/// from the bundled `z14` pack's tables (code letters H to M: the plan is at the code letter for both AQLs).
const Z14_LEVEL_II: [(u64, u64, u64, u64, u64); 5] = [
    (281, 500, 50, 3, 5),
    (501, 1200, 80, 5, 7),
    (1201, 3200, 125, 7, 10),
    (3201, 10_000, 200, 10, 14),
    (10_001, 35_000, 315, 14, 21),
];

const OFFSETS: [&str; 5] = ["-07:00", "+01:00", "+08:00", "+05:30", "-03:00"];
/// Inspection companies: mostly ones Alibaba designates for quality disputes, one in ten not (a finding).
const INSPECTORS: [(&str, &str); 10] = [
    ("SGS", "SGS-NB"),
    ("SGS", "SGS-SH"),
    ("SGS", "SGS-GZ"),
    ("Bureau Veritas", "BV-SH"),
    ("Bureau Veritas", "BV-NB"),
    ("TÜV Rheinland", "TUVR-SZ"),
    ("TÜV Rheinland", "TUVR-NB"),
    ("CCIC", "CCIC-NB"),
    ("CCIC", "CCIC-QD"),
    ("Intertek", "ITK-NGB"),
];

/// Generates one case: `items` spec items (at least 1), `units` pulled units (may be 0), fixed by `seed`.
pub fn generate(seed: u64, items: usize, units: usize) -> CaseFiles {
    let mut rng = Rng::new(seed);
    let items_list: Vec<Item> = (0..items.max(1)).map(|i| Item::new(i, &mut rng)).collect();
    let order = format!("TA-2026-{:04}-{:04}", 100 + rng.below(900), seed % 10_000);
    // Pick a lot at least as large as the units pulled on arrival.
    let plans: Vec<_> = Z14_LEVEL_II
        .iter()
        .filter(|p| p.1 >= units as u64)
        .collect();
    let (lot_min, lot_max, sample, ac_major, ac_minor) = if plans.is_empty() {
        Z14_LEVEL_II[4]
    } else {
        **rng.pick(&plans)
    };
    let lot = (rng.range(lot_min, lot_max) / 10 * 10).max(lot_min);
    let n_codes = rng.range(2, 8) as usize;
    let lot_codes: Vec<String> = (0..n_codes)
        .map(|i| format!("LOT{}-26{:02}-{:02}", seed % 1000, rng.range(1, 12), i + 1))
        .collect();
    // Mostly agreeing results: about one item in 25 fails (and is reported as `fail`).
    let fails: Vec<bool> = items_list.iter().map(|_| rng.chance(4)).collect();
    let any_fail = fails.iter().any(|f| *f);
    let (inspector, prefix) = *rng.pick(&INSPECTORS);
    let offset = *rng.pick(&OFFSETS);

    // ---------------------------------------------------------------- contract
    let mut c = String::with_capacity(200 + items * 110);
    let _ = writeln!(
        c,
        "# Generated case {seed}: contract record of order {order}."
    );
    let _ = writeln!(c, "order:");
    let _ = writeln!(c, "  id: {order}");
    let _ = writeln!(c, "  platform: alibaba-trade-assurance");
    let _ = writeln!(c, "  signed: 2026-03-{:02}", rng.range(1, 28));
    let _ = writeln!(c, "  category: machinery");
    let _ = writeln!(
        c,
        "  product: Automatic filling line, model GX-{}",
        rng.range(100, 999)
    );
    let _ = writeln!(c, "  quantity: {lot} pcs");
    let _ = writeln!(c, "  value: {} USD", lot * rng.range(20, 400));
    let _ = writeln!(c, "buyer: {{ name: Harbor Nutrition LLC, country: US }}");
    let _ = writeln!(
        c,
        "supplier: {{ name: \"Ruian Hongda Machinery Co., Ltd.\", country: CN }}"
    );
    let _ = writeln!(
        c,
        "shipment: {{ ship_by: 2026-05-15, incoterm: FOB Ningbo }}"
    );
    let _ = writeln!(
        c,
        "protection: {{ claim_window: 30 days after confirmed receipt }}"
    );
    let _ = writeln!(c, "spec:");
    for (i, item) in items_list.iter().enumerate() {
        let reference = match item.kind {
            Kind::Frame | Kind::Length => {
                format!(", reference: drawing GX-{} rev {}", i, i % 5 + 1)
            }
            _ => String::new(),
        };
        let _ = writeln!(
            c,
            "  {}: {{ requirement: \"{}\"{reference}, measured_by: {} }}",
            item.name,
            item.requirement(),
            item.kind.method()
        );
    }
    let _ = writeln!(c, "inspection:");
    let _ = writeln!(c, "  type: pre_shipment");
    let _ = writeln!(c, "  by: third_party");
    let _ = writeln!(c, "  methods: [visual, dimensional, functional]");
    let _ = writeln!(c, "  sampling: {{ standard: ANSI/ASQ Z1.4, level: II, aql: {{ critical: 0, major: 2.5, minor: 4.0 }} }}");
    let _ = writeln!(c, "  defect_classes:");
    let _ = writeln!(
        c,
        "    critical: hazard to the operator or breach of a safety regulation"
    );
    let _ = writeln!(
        c,
        "    major: any spec item out of requirement, or a defect that reduces usability"
    );
    let _ = writeln!(
        c,
        "    minor: cosmetic defect that does not affect function"
    );
    let _ = writeln!(c, "  pass_fail: lot fails if any spec item fails or a defect class exceeds its acceptance number");
    let _ = writeln!(c, "warranty: {{ period: 12 months, scope: \"parts and labour for manufacturing defects, on-site within 10 days\" }}");
    let _ = writeln!(c, "clauses:");
    let _ = writeln!(
        c,
        "  - Supplier ships the machines with the factory acceptance test video for each unit."
    );

    // ---------------------------------------------------------------- inspection
    let day = rng.range(1, 12);
    let mut s = String::with_capacity(600 + items * 90);
    let _ = writeln!(
        s,
        "# Generated case {seed}: inspection record of order {order}."
    );
    let _ = writeln!(s, "report:");
    let _ = writeln!(s, "  number: {prefix}-2026-{:06}", seed % 1_000_000);
    let _ = writeln!(s, "  company: {inspector}");
    let _ = writeln!(s, "  office: Ningbo");
    let _ = writeln!(s, "  inspector: Li Wei");
    let _ = writeln!(s, "  date: 2026-05-{day:02}");
    let _ = writeln!(s, "  type: pre_shipment");
    let _ = writeln!(s, "  booked_by: buyer");
    let _ = writeln!(s, "  paid_by: buyer");
    let _ = writeln!(s, "lot:");
    let _ = writeln!(s, "  size: {lot} pcs");
    let _ = writeln!(s, "  lot_codes: [{}]", lot_codes.join(", "));
    let _ = writeln!(s, "  sample_size: {sample} pcs");
    let _ = writeln!(s, "sampling: {{ standard: ANSI/ASQ Z1.4, level: II, aql: {{ critical: 0, major: 2.5, minor: 4.0 }} }}");
    let _ = writeln!(s, "results:");
    for (item, fail) in items_list.iter().zip(&fails) {
        let measured = item.reading(!fail, &mut rng);
        let _ = writeln!(
            s,
            "  {}: {{ measured: {measured}, method: {}, result: {} }}",
            item.name,
            item.kind.method(),
            if *fail { "fail" } else { "pass" }
        );
    }
    // A passing lot stays within the acceptance numbers; a failing one exceeds the major one.
    let (major, minor) = if any_fail {
        (ac_major + 1 + rng.below(5), rng.below(ac_minor + 1))
    } else {
        (rng.below(ac_major + 1), rng.below(ac_minor + 1))
    };
    let _ = writeln!(
        s,
        "defects: {{ critical: 0, major: {major}, minor: {minor} }}"
    );
    let _ = writeln!(s, "verdict: {}", if any_fail { "fail" } else { "pass" });

    // ---------------------------------------------------------------- evidence
    let arrival_day = rng.range(10, 20);
    let mut e = String::with_capacity(900 + units * 260);
    let _ = writeln!(
        e,
        "# Generated case {seed}: evidence record of order {order}."
    );
    let _ = writeln!(e, "arrival:");
    let _ = writeln!(e, "  date: 2026-06-{arrival_day:02}");
    let _ = writeln!(e, "  place: Harbor Nutrition warehouse, Oakland CA");
    let _ = writeln!(e, "  receipt_confirmed: 2026-06-{arrival_day:02}");
    let _ = writeln!(e, "  accepted: false");
    let _ = writeln!(e, "container:");
    let _ = writeln!(e, "  number: MSKU{:07}", rng.below(10_000_000));
    let _ = writeln!(e, "  seal: CN2026-{:05}", rng.below(100_000));
    let _ = writeln!(e, "  seal_photos:");
    let _ = writeln!(e, "    - {{ file: photos/seal-01.jpg, taken: 2026-06-{arrival_day:02}T08:{:02}:00{offset}, before_opening: true }}", rng.below(60));
    // The items that get measured on arrival: a few, preferring failed ones.
    let mut measured_items: Vec<usize> = (0..items_list.len())
        .filter(|i| fails[*i])
        .take(3)
        .collect();
    while measured_items.len() < 3.min(items_list.len()) {
        let i = rng.below(items_list.len() as u64) as usize;
        if !measured_items.contains(&i) {
            measured_items.push(i);
        }
    }
    // One case in ten has a unit photographed without its lot code visible (a finding).
    let hidden_code = if rng.chance(10) && units > 0 {
        Some(rng.below(units as u64) as usize)
    } else {
        None
    };
    if units == 0 {
        let _ = writeln!(e, "units: []");
    } else {
        let _ = writeln!(e, "units:");
    }
    for u in 0..units {
        let code = &lot_codes[u % lot_codes.len()];
        // Photos from 09:00 on arrival day, one every 20 s, in the warehouse's offset.
        let t = 9 * 3600 + u as u64 * 20;
        let (d, h, m, sec) = (arrival_day + t / 86_400, t / 3600 % 24, t / 60 % 60, t % 60);
        let _ = writeln!(e, "  - lot_code: {code}");
        let _ = writeln!(e, "    photos: [{{ file: photos/unit-{u:05}.jpg, taken: 2026-06-{d:02}T{h:02}:{m:02}:{sec:02}{offset}, lot_code_visible: {} }}]", hidden_code != Some(u));
        let _ = writeln!(e, "    measurements:");
        let n = rng.range(1, measured_items.len() as u64) as usize;
        for &i in measured_items.iter().take(n) {
            let item = &items_list[i];
            let measured = item.reading(!fails[i] || rng.chance(5), &mut rng);
            let _ = writeln!(
                e,
                "      {}: {{ measured: {measured}, method: {}, taken: 2026-06-{:02}T{:02}:{:02}:00{offset} }}",
                item.name,
                item.kind.method(),
                arrival_day + 1 + t / 86_400,
                8 + (u / 60) % 10,
                u % 60
            );
        }
    }
    let _ = writeln!(e, "incident_report:");
    // One case in twenty reports late (more than 7 days after arrival: a finding).
    let report_after = if rng.chance(5) {
        rng.range(8, 10)
    } else {
        rng.range(1, 6)
    };
    let _ = writeln!(e, "  date: 2026-06-{:02}", arrival_day + report_after);
    let _ = writeln!(e, "  place: Oakland CA");
    let _ = writeln!(e, "  inspector: J. Ortiz, QA lead");
    if any_fail {
        let _ = writeln!(e, "  findings: Pulled units fail the contract spec as the {inspector} report {prefix}-2026-{:06} found.", seed % 1_000_000);
    } else {
        let _ = writeln!(
            e,
            "  findings: Pulled units were measured against the contract spec; results are listed per unit."
        );
    }
    let _ = writeln!(e, "dispute: {{ filed: 2026-06-{:02} }}", arrival_day + 10);
    let _ = writeln!(e, "communications:");
    let _ = writeln!(e, "  - {{ channel: email, date: 2026-04-{:02}, summary: supplier confirms the drawing revision for the frame, in_contract: true }}", rng.range(1, 28));
    if rng.chance(30) {
        let _ = writeln!(e, "  - {{ channel: wechat, date: 2026-04-{:02}, summary: supplier says a firmware update will raise the throughput, in_contract: false }}", rng.range(1, 28));
    }

    CaseFiles {
        contract: c,
        inspection: s,
        evidence: e,
    }
}

/// A count given as `N` or as a range `A-B` (drawn per case).
#[derive(Debug, Clone, Copy)]
pub struct Count {
    pub lo: usize,
    pub hi: usize,
}

impl Count {
    pub fn parse(s: &str) -> Option<Count> {
        match s.split_once('-') {
            Some((a, b)) => {
                let (lo, hi) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
                (lo <= hi).then_some(Count { lo, hi })
            }
            None => s.trim().parse().ok().map(|n| Count { lo: n, hi: n }),
        }
    }

    fn draw(self, rng: &mut Rng) -> usize {
        rng.range(self.lo as u64, self.hi as u64) as usize
    }
}

/// Writes `n` cases `case-00000`, ... under `out`; case `i` has seed `i + 1`. Returns their folders.
pub fn write_cases(out: &Path, n: usize, items: Count, units: Count) -> io::Result<Vec<PathBuf>> {
    let mut sizes = Rng::new(0xC0_4C_0D);
    let mut dirs = Vec::with_capacity(n);
    for i in 0..n {
        let (it, un) = (items.draw(&mut sizes), units.draw(&mut sizes));
        let dir = out.join(format!("case-{i:05}"));
        generate(i as u64 + 1, it, un).write(&dir)?;
        dirs.push(dir);
    }
    Ok(dirs)
}

/// The benchmark sizes: (label, spec items, pulled units).
pub const SIZES: [(&str, usize, usize); 3] = [
    ("small", 10, 2),
    ("typical", 50, 100),
    ("large", 200, 10_000),
];

/// A rule pack of `n` rules like the bundled ones: each iterates the contract spec and checks the
/// inspection's result for the items of one kind (`for` / `let` / `when` / `require`).
pub fn rule_pack(n: usize) -> String {
    let mut p = String::with_capacity(600 + n * 700);
    let _ = writeln!(
        p,
        "# Generated for benchmarks: {n} rules over contract.spec and inspection.results.\n"
    );
    let _ = writeln!(p, "pack generated_bench {{");
    let _ = writeln!(p, "  version \"1.0.0\"");
    let _ = writeln!(p, "  effective 2026-01-01");
    let _ = writeln!(p, "  changelog \"Generated\"");
    let _ = writeln!(p, "  extends common");
    let _ = writeln!(p, "  categories all");
    let _ = writeln!(p, "}}");
    for i in 0..n {
        let kind = KINDS[i % KINDS.len()];
        let stem = kind.stem();
        let method = kind.method();
        let _ = writeln!(p);
        let _ = writeln!(p, "rule GEN-{i:04} {{");
        let _ = writeln!(p, "  title \"Generated rule {i} on the {stem} items\"");
        let _ = writeln!(
            p,
            "  severity {}",
            if i % 3 == 0 { "warning" } else { "error" }
        );
        let _ = writeln!(p, "  stage pre_shipment");
        let _ = writeln!(
            p,
            "  cite \"Benchmark rule {i}: the inspection tests {stem} against the contract\""
        );
        let _ = writeln!(
            p,
            "  pattern \"2 no valid pre-shipment inspection: no third-party record tested against the contract\""
        );
        let _ = writeln!(p, "  for name, item in contract.spec");
        match i % 4 {
            0 => {
                let _ = writeln!(p, "  let result = inspection.results[name]");
                let _ = writeln!(p, "  when name matches \"(?i)^{stem}_\" and result.measured exists and item.requirement exists");
                let _ = writeln!(p, "  require (result.measured satisfies item.requirement) == (result.result == \"pass\")");
                let _ = writeln!(p, "  message \"`{{name}}`: `{{result.result}}` but measured {{result.measured}} against `{{item.requirement}}`\"");
            }
            1 => {
                let _ = writeln!(
                    p,
                    "  when name matches \"(?i)^{stem}_\" and inspection.results[name] exists"
                );
                let _ = writeln!(p, "  require inspection.results[name].method == \"{method}\" and item.measured_by == \"{method}\"");
                let _ = writeln!(p, "  message \"`{{name}}` was measured by `{{inspection.results[name].method}}`, expected `{method}`\"");
            }
            2 => {
                let _ = writeln!(p, "  let result = inspection.results[name]");
                let _ = writeln!(
                    p,
                    "  when name matches \"(?i)^{stem}_\" and result.result == \"pass\""
                );
                let _ = writeln!(p, "  require result.measured satisfies item.requirement");
                let _ = writeln!(p, "  message \"`{{name}}` passed with {{result.measured}} against `{{item.requirement}}`\"");
            }
            _ => {
                let _ = writeln!(p, "  when name matches \"(?i)^{stem}_\"");
                let _ = writeln!(
                    p,
                    "  require inspection.results[name] exists and item.measured_by exists"
                );
                let _ = writeln!(
                    p,
                    "  message \"the inspection reports no result for `{{name}}`\""
                );
            }
        }
        let _ = writeln!(
            p,
            "  help \"ask the inspection company to test `{{name}}` by `{method}` (rule {i})\""
        );
        let _ = writeln!(p, "}}");
    }
    p
}

/// The case folders named on a command line: a folder with a `contract.yaml` is a case; any other folder
/// stands for its sub-folders that are cases (sorted), so `DIR` can hold 1,000 generated cases.
pub fn case_dirs(args: &[String]) -> io::Result<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    for arg in args {
        let path = PathBuf::from(arg);
        if path.join("contract.yaml").is_file() {
            dirs.push(path);
            continue;
        }
        let mut inner: Vec<PathBuf> = std::fs::read_dir(&path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("contract.yaml").is_file())
            .collect();
        if inner.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!(
                    "{}: neither a case folder nor a folder of cases",
                    path.display()
                ),
            ));
        }
        inner.sort();
        dirs.append(&mut inner);
    }
    Ok(dirs)
}

/// The record files of a case folder that exist, in the order contract, inspection, evidence.
pub fn record_files(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    ["contract", "inspection", "evidence"]
        .into_iter()
        .map(|r| (r, dir.join(format!("{r}.yaml"))))
        .filter(|(_, p)| p.is_file())
        .collect()
}
