//! Takes nothing; gives `Limits`, the size, depth and node budgets that keep the loader safe
//! against hostile input.

/// Budgets enforced while loading one YAML file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted input, in bytes (default 16 MiB).
    pub max_bytes: usize,
    /// Deepest accepted nesting of lists and mappings (default 64).
    pub max_depth: usize,
    /// Most nodes the loaded tree may hold, counting alias copies (default 250,000: a real record has a few
    /// thousand; at this bound a 1 MB file of one-character values stays far under 200 MB, docs/security.md).
    pub max_nodes: usize,
    /// Most nodes that alias expansion may create (default 10,000).
    pub max_alias_nodes: usize,
    /// Most bytes of text (scalars and keys) that alias expansion may create (default 1 MiB): one wide anchor
    /// aliased a few thousand times stays within the node budget but not within this one.
    pub max_alias_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 16 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 250_000,
            max_alias_nodes: 10_000,
            max_alias_bytes: 1 << 20,
        }
    }
}
