//! concord: checks that a Trade Assurance order's contract, inspection report and arrival evidence
//! tell the same story, by running rule packs written in the concord language over the three YAML records.
//!
//! The pipeline, one module per stage: [`parse`] (text to [`ast`]), [`compile`] (to [`ir`], names, types and
//! units resolved), [`document`] (YAML to typed values with spans), [`eval`] (to [`finding`]s), [`report`].

pub mod ast;
pub mod batch;
pub mod bundled;
pub mod case;
pub mod catalog;
pub mod cli;
pub mod compile;
pub mod document;
pub mod eval;
pub mod explain;
pub mod finding;
pub mod fmtcmd;
pub mod format;
pub mod input;
pub mod ir;
pub mod parse;
pub mod pipeline;
pub mod report;
pub mod ruletest;
pub mod run;
pub mod scaffold;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod testcmd;
pub mod text;
pub mod types;
pub mod units;
pub mod waiver;
pub mod yaml;
