//! Checking cases: loading rules and records, evaluating the packs in force, waivers, the consistency matrix, batches.

pub mod batch;
pub mod case_findings;
pub mod config;
pub mod load;
pub mod matrix;
pub mod outcome;
pub mod problem;
pub mod run;
pub mod waivers;
