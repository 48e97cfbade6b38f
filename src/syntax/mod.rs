//! Rule text to syntax tree: the grammar's parser, the tree it builds, the formatter that prints it back, and the
//! lexicon pattern language.

pub mod ast;
pub mod format;
pub mod parse;
pub mod pattern;
