//! Names visible while compiling a rule: the variables bound by `for`, `let` and quantifiers, and the declared vocabulary.

use std::collections::BTreeMap;
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
    pub lexicons: Namespace<Arc<Lexicon>>,
    /// Tables, in declaration order.
    pub tables: Vec<crate::compile::ir::Table>,
    /// Table name to (index into the tables, row type), by pack version.
    pub table_types: Namespace<(usize, Type)>,
    /// Every regex of the loaded files, built in advance.
    pub regexes: super::regexes::RegexCache,
    /// `pattern ID "text"` declared by a pack version, by (pack, id).
    pub pack_patterns: BTreeMap<(usize, String), String>,
    /// The dispute patterns of `data/patterns.tsv`, by id.
    pub data_patterns: BTreeMap<String, String>,
    /// `source ID ...` declared by a pack version, by (pack, id).
    pub sources: super::sources::Sources,
}

impl Vocabulary<'_> {
    /// The text of a pattern id as a rule of `pack` sees it: its pack's declaration, else the data's.
    pub fn pattern(&self, id: &str, pack: usize) -> Option<&str> {
        self.pack_patterns
            .get(&(pack, id.to_owned()))
            .or_else(|| self.data_patterns.get(id))
            .map(String::as_str)
    }

    /// Every pattern id, for suggestions.
    pub fn pattern_ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.pack_patterns
            .keys()
            .map(|(_, id)| id.as_str())
            .chain(self.data_patterns.keys().map(String::as_str))
    }
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

/// Names declared per pack version. Versions of one pack may each declare the same lexicon or table;
/// a rule sees its own version's declaration first.
#[derive(Debug)]
pub(super) struct Namespace<T> {
    pub(super) entries: BTreeMap<String, Vec<(usize, T)>>,
}

impl<T> Default for Namespace<T> {
    fn default() -> Self {
        Namespace {
            entries: BTreeMap::new(),
        }
    }
}

impl<T> Namespace<T> {
    /// The declaration a rule of pack `pack` sees.
    pub fn get(&self, name: &str, pack: usize) -> Option<&T> {
        let candidates = self.entries.get(name)?;
        candidates
            .iter()
            .find(|(p, _)| *p == pack)
            .or_else(|| candidates.first())
            .map(|(_, t)| t)
    }

    /// All declared names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }
}
