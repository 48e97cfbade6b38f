//! concord: checks that a Trade Assurance order's contract, inspection report and arrival evidence
//! tell the same story, by running rule packs written in the concord language over the three YAML records.
//!
//! The library API is small: [`load_rules`] compiles the bundled packs (and any folders of your own),
//! [`check_case`] checks one case folder against them, and a [`CaseReport`] is rendered with [`write_report`].
//! Files are read through a [`Files`] implementation: [`Disk`], or [`InMemory`] for records you hold in memory.
//!
//! ```
//! use std::path::Path;
//! use concord::{check_case, load_rules, CaseOutcome, CheckOptions, Disk, Limits, SourceMap};
//!
//! let mut rule_sources = SourceMap::new();
//! let rules = load_rules(&Disk, &mut rule_sources, &[], &Limits::default()).expect("the bundled packs compile");
//! let options = CheckOptions {
//!     as_of: chrono::NaiveDate::from_ymd_opt(2026, 7, 5),
//!     ..CheckOptions::default()
//! };
//! let (outcome, _sources) =
//!     check_case(&Disk, &rules, &rule_sources, Path::new("examples/claim-holds"), &options);
//! match outcome {
//!     CaseOutcome::Report(report) => assert!(report.is_ready()),
//!     other => panic!("the example is valid input: {other:?}"),
//! }
//! ```
//!
//! The stage modules are public only for the benchmarks, fuzz targets and tests that drive one stage at a
//! time, and hidden from the documentation; the re-exports are the supported API.

// The library never prints or exits: output goes to the writers it is given, files are read through
// `files::Files` (tests/tidy.rs checks that and the other layout invariants).
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::exit)]

#[doc(hidden)]
pub mod source;
#[doc(hidden)]
pub mod text;
#[doc(hidden)]
pub mod files;
#[doc(hidden)]
pub mod syntax;
#[doc(hidden)]
pub mod compile;
#[doc(hidden)]
pub mod records;
#[doc(hidden)]
pub mod units;
#[doc(hidden)]
pub mod eval;
#[doc(hidden)]
pub mod check;
#[doc(hidden)]
pub mod report;
#[doc(hidden)]
pub mod packs;

pub use check::load::{load_rules, Limits};
pub use check::outcome::CaseReport;
pub use check::problem::Problem;
pub use check::run::{check_case, CaseOutcome, CheckOptions};
pub use files::{Disk, DiskWithin, Files, InMemory};
pub use report::{write_problems, write_report, Format};
pub use source::SourceMap;
