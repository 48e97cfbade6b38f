//! Loads the bundled units table (`data/units.tsv`) once, and looks unit spellings up in it.
//! Rows that fail to parse are skipped and recorded in `Table::problems` (a test keeps it empty).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::dimension::Dimension;

const SOURCE: &str = include_str!("../../data/units.tsv");

/// Unit spellings this long or longer also match ignoring case.
const LOOSE_MIN_CHARS: usize = 4;

/// One row of the units table.
#[derive(Clone, Debug)]
pub(crate) struct UnitDef {
    pub symbol: &'static str,
    pub aliases: Vec<&'static str>,
    pub dimension: Dimension,
    pub factor: f64,
    pub offset: f64,
}

/// All rows, indexed by every spelling.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub defs: Vec<UnitDef>,
    index: HashMap<&'static str, usize>,
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

impl Table {
    /// The table spelling and row for `name`: an exact match, or for names of at least
    /// `LOOSE_MIN_CHARS` characters (`Months`, `Pieces`) the one row spelled so ignoring case.
    /// Short symbols stay case-sensitive, so `mW` never becomes `MW`.
    pub fn find(&self, name: &str) -> Option<(&'static str, &UnitDef)> {
        if let Some((&key, &i)) = self.index.get_key_value(name) {
            return self.defs.get(i).map(|d| (key, d));
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
        table
    }

    fn add(&mut self, def: UnitDef, line: usize) {
        let names: Vec<&'static str> = std::iter::once(def.symbol)
            .chain(def.aliases.iter().copied())
            .collect();
        for name in names {
            self.folded
                .entry(name.to_lowercase())
                .or_default()
                .push((self.defs.len(), name));
            if self.index.insert(name, self.defs.len()).is_some() {
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
    let factor = parse_number(factor)?;
    if factor == 0.0 {
        return Err(format!("`{symbol}` has a zero factor"));
    }
    Ok(UnitDef {
        symbol,
        aliases: parse_aliases(aliases),
        dimension: Dimension::parse(dimension)?,
        factor,
        offset: parse_number(offset)?,
    })
}

fn parse_aliases(text: &'static str) -> Vec<&'static str> {
    text.split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty() && *a != "-")
        .collect()
}

/// A number or a product/quotient of numbers, read left to right: `30.436875*86400`, `1/60`.
fn parse_number(text: &str) -> Result<f64, String> {
    let mut value = 1.0;
    let mut op = '*';
    let mut rest = text.trim();
    loop {
        let end = rest.find(['*', '/']).unwrap_or(rest.len());
        let (head, tail) = rest.split_at(end);
        let n: f64 = head
            .trim()
            .parse()
            .map_err(|_| format!("bad number `{head}` in `{text}`"))?;
        value = if op == '/' { value / n } else { value * n };
        let mut chars = tail.chars();
        match chars.next() {
            None => break,
            Some(c) => op = c,
        }
        rest = chars.as_str();
    }
    if value.is_finite() {
        Ok(value)
    } else {
        Err(format!("`{text}` is not a finite number"))
    }
}
