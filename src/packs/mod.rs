//! The bundled packs and what is done with packs as a whole: listing, diffing, explaining, and running their rule tests.

pub mod bundled;
pub mod catalog;
pub mod explain;
pub mod ruletest;
