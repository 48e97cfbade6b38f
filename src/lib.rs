//! concord: checks that a Trade Assurance order's contract, inspection report and arrival evidence
//! tell the same story, by running rule packs written in the concord language over the three YAML records.

pub mod check;
pub mod compile;
pub mod eval;
pub mod files;
pub mod packs;
pub mod records;
pub mod report;
pub mod source;
pub mod syntax;
pub mod text;
pub mod units;
