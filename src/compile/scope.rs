//! Names visible while compiling a rule: the variables bound by `for`, `let` and quantifiers, and the declared vocabulary.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::compile::ir::{Lexicon, Slot};
use crate::compile::types::Type;
use crate::records::schema::Schema;

/// Declarations shared by every rule of a run.
pub(super) struct Vocabulary<'a> {
    /// The record schema.
    pub schema: &'a Schema,
    /// Test methods declared by the loaded packs.
    pub methods: BTreeSet<String>,
    /// Lexicons by name and pack version.
    pub lexicons: super::pack::Namespace<Arc<Lexicon>>,
    /// Tables, in declaration order.
    pub tables: Vec<crate::compile::ir::Table>,
    /// Table name to (index into the tables, row type), by pack version.
    pub table_types: super::pack::Namespace<(usize, Type)>,
    /// Every regex of the loaded files, built in advance.
    pub regexes: super::regexes::RegexCache,
}

/// The variables of one rule.
#[derive(Default)]
pub(super) struct Scope {
    names: Vec<(String, Slot, Type)>,
    slots: usize,
}

impl Scope {
    /// Binds a name to a fresh slot; later bindings shadow earlier ones.
    pub fn bind(&mut self, name: &str, ty: Type) -> Slot {
        let slot = self.slots;
        self.slots += 1;
        self.names.push((name.to_owned(), slot, ty));
        slot
    }

    /// Forgets the most recent binding (at the end of a quantifier body).
    pub fn pop(&mut self) {
        self.names.pop();
    }

    /// Looks a name up, innermost first.
    pub fn lookup(&self, name: &str) -> Option<(Slot, &Type)> {
        self.names
            .iter()
            .rev()
            .find(|(n, _, _)| n == name)
            .map(|(_, s, t)| (*s, t))
    }

    /// The visible names, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(|(n, _, _)| n.as_str())
    }

    /// How many slots the rule needs.
    pub fn slot_count(&self) -> usize {
        self.slots
    }
}
