//! Loads the bundled units table (`data/units.tsv`) once, and looks unit spellings up in it.
//! Rows that fail to parse are skipped and recorded in `Table::problems` (a test keeps it empty).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::dimension::Dimension;
use super::exact::{self, Exact};

const SOURCE: &str = include_str!("../../data/units.tsv");

/// Unit spellings this long or longer also match ignoring case.
const LOOSE_MIN_CHARS: usize = 4;

/// One row of the units table.
#[derive(Clone, Debug)]
pub(crate) struct UnitDef {
    pub symbol: &'static str,
    pub aliases: Vec<&'static str>,
    pub dimension: Dimension,
    /// Multiplier to the base unit and the offset added after scaling (temperatures), exactly; shared with
    /// every unit made from this row.
    pub exact: std::sync::Arc<(Exact, Exact)>,
    /// `exact`, to the nearest floats.
    pub factor: f64,
    /// The offset to the nearest float.
    pub offset: f64,
}

/// All rows, indexed by every spelling.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub defs: Vec<UnitDef>,
    /// Every spelling without its spaces (`Shore A` is found as `ShoreA`), with its row and table spelling.
    index: HashMap<String, (usize, &'static str)>,
    folded: HashMap<String, Vec<(usize, &'static str)>>,
    pub problems: Vec<String>,
}

/// The parsed bundled table.
pub(crate) fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table::parse(SOURCE))
}

/// Every symbol and alias of the bundled table, in table order.
pub fn known_unit_symbols() -> impl Iterator<Item = &'static str> {
    table()
        .defs
        .iter()
        .flat_map(|d| std::iter::once(d.symbol).chain(d.aliases.iter().copied()))
}

/// The symbol of the unitless scale a spec item's name names (`power_factor` gives `PF`, `cri` gives `Ra`): the
/// symbol or an alias of a scale row, with `_` and `-` read as spaces and case ignored.
pub fn scale_named(item: &str) -> Option<&'static str> {
    let key = item.replace(['_', '-'], " ").trim().to_lowercase();
    table()
        .defs
        .iter()
        .filter(|d| d.dimension.is_scale())
        .find(|d| {
            std::iter::once(d.symbol)
                .chain(d.aliases.iter().copied())
                .any(|name| name.to_lowercase() == key)
        })
        .map(|d| d.symbol)
}

impl Table {
    /// The table spelling and row for `name` (written without spaces): an exact match, or for words of at least
    /// `LOOSE_MIN_CHARS` characters (`Months`, `Pieces`) the one row spelled so ignoring case.
    /// Short symbols and prefixed symbols stay case-sensitive, so `mW` never becomes `MW` nor `Mbar` `mbar`.
    pub fn find(&self, name: &str) -> Option<(&'static str, &UnitDef)> {
        if let Some(&(i, spelling)) = self.index.get(name) {
            return self.defs.get(i).map(|d| (spelling, d));
        }
        if name.chars().count() < LOOSE_MIN_CHARS {
            return None;
        }
        let candidates = self.folded.get(&name.to_lowercase())?;
        let (row, spelling) = *candidates.first()?;
        let unique = candidates.iter().all(|(r, _)| *r == row);
        unique.then(|| self.defs.get(row).map(|d| (spelling, d)))?
    }

    fn parse(source: &'static str) -> Table {
        let mut table = Table::default();
        let rows = source
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
            .skip(1); // header
        for (n, line) in rows {
            match parse_row(line) {
                Ok(def) => table.add(def, n + 1),
                Err(e) => table.problems.push(format!("line {}: {e}", n + 1)),
            }
        }
        table.keep_prefixes_case_sensitive();
        table
    }

    /// A spelling that is an SI prefix letter before another spelling of the same dimension (`mbar`: `m` + `bar`,
    /// `kelvin` is not) is a symbol whose case is its meaning: it never matches ignoring case.
    fn keep_prefixes_case_sensitive(&mut self) {
        let prefixed = |row: usize, name: &str| {
            let mut chars = name.chars();
            chars.next();
            let base = chars.as_str();
            match (self.index.get(base), self.defs.get(row)) {
                (Some((other, _)), Some(def)) => {
                    self.defs.get(*other).map(|d| &d.dimension) == Some(&def.dimension)
                }
                _ => false,
            }
        };
        let strict: Vec<(usize, &'static str)> = self
            .folded
            .values()
            .flatten()
            .filter(|(row, name)| prefixed(*row, name))
            .copied()
            .collect();
        for candidates in self.folded.values_mut() {
            candidates.retain(|c| !strict.contains(c));
        }
    }

    fn add(&mut self, def: UnitDef, line: usize) {
        let names: Vec<&'static str> = std::iter::once(def.symbol)
            .chain(def.aliases.iter().copied())
            .collect();
        for name in names {
            let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
            self.folded
                .entry(compact.to_lowercase())
                .or_default()
                .push((self.defs.len(), name));
            if self
                .index
                .insert(compact, (self.defs.len(), name))
                .is_some()
            {
                self.problems
                    .push(format!("line {line}: `{name}` is defined twice"));
            }
        }
        self.defs.push(def);
    }
}

fn parse_row(line: &'static str) -> Result<UnitDef, String> {
    let cols: Vec<&'static str> = line.split('\t').map(str::trim).collect();
    let [symbol, aliases, dimension, factor, offset] = cols[..] else {
        return Err(format!(
            "expected 5 tab-separated columns, found {}",
            cols.len()
        ));
    };
    if symbol.is_empty() {
        return Err("empty symbol".to_owned());
    }
    let exact_factor = parse_number(factor)?;
    let exact_offset = parse_number(offset)?;
    if exact::to_f64(&exact_factor) == 0.0 {
        return Err(format!("`{symbol}` has a zero factor"));
    }
    Ok(UnitDef {
        symbol,
        aliases: parse_aliases(aliases),
        dimension: Dimension::parse(dimension)?,
        factor: exact::to_f64(&exact_factor),
        offset: exact::to_f64(&exact_offset),
        exact: std::sync::Arc::new((exact_factor, exact_offset)),
    })
}

fn parse_aliases(text: &'static str) -> Vec<&'static str> {
    text.split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty() && *a != "-")
        .collect()
}

/// A number or a product/quotient of numbers, read left to right and exactly: `30.436875*86400`, `1/60`.
fn parse_number(text: &str) -> Result<Exact, String> {
    exact::parse_product(text).ok_or_else(|| format!("bad number `{text}`"))
}
