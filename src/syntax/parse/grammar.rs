//! The pest parser generated from `grammar/concord.pest`: the only place the grammar is bound to Rust.

#![allow(
    missing_docs,
    reason = "pest_derive generates the `Rule` enum without docs"
)]

/// The generated parser.
#[derive(pest_derive::Parser)]
#[grammar = "grammar/concord.pest"]
pub struct ConcordParser;
