//! Rule text to syntax tree: the grammar's parser, the tree it builds, and the formatter that prints it back.

pub mod ast;
pub mod format;
pub mod parse;
