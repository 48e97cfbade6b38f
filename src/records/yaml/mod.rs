//! Takes YAML text; gives a tree of nodes that each keep their byte span, loaded safely from
//! saphyr-parser's event stream under size, depth, node and alias budgets.

mod builder;
mod error;
mod limits;
mod load;
mod node;
mod offsets;
mod spans;

#[cfg(test)]
mod tests;

pub use error::YamlError;
pub use limits::Limits;
pub use load::load;
pub use node::{Entry, Node, NodeKind, Scalar, ScalarStyle};
