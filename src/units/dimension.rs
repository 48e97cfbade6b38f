//! Physical dimensions: products of base atoms with integer exponents, parsed from the units table
//! text (`M*L^-2`, `count:cycle*T^-1`) and described in words for error messages.

use std::collections::BTreeMap;

/// One independent base quantity. Named counts, currencies and level weightings are each their own atom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Atom {
    Count(&'static str),
    Currency(&'static str),
    Level(&'static str),
    Scale(&'static str),
    Mass,
    Length,
    Time,
    Current,
    Temperature,
    Luminous,
    /// Plane angle: SI counts it dimensionless, but a bending angle compared with a percentage is a mistake.
    Angle,
}

/// A product of atoms with non-zero integer exponents, kept sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dimension {
    atoms: BTreeMap<Atom, i32>,
}

impl Dimension {
    /// The dimension of pure numbers and ratios.
    pub fn dimensionless() -> Self {
        Dimension::default()
    }

    /// True for pure numbers and ratios such as `%`.
    pub fn is_dimensionless(&self) -> bool {
        self.atoms.is_empty()
    }

    /// True for plain durations (seconds to years).
    pub fn is_time(&self) -> bool {
        self.single() == Some((Atom::Time, 1))
    }

    /// True for a number of counted things (`4 units`, `2000 pcs`): an exact value means exactly that many.
    pub fn is_count(&self) -> bool {
        matches!(self.single(), Some((Atom::Count(_), 1)))
    }

    /// True for an amount of one currency.
    pub fn is_currency(&self) -> bool {
        matches!(self.single(), Some((Atom::Currency(_), 1)))
    }

    /// True when a logarithmic level (dB, dB(A), ...) takes part.
    pub fn is_level(&self) -> bool {
        self.atoms.keys().any(|a| matches!(a, Atom::Level(_)))
    }

    /// True for a unitless scale read on its own (a grey-scale grade, Shore A hardness, power factor): its
    /// name may stand before the number (`grade >= 4`, `Shore A 60 ± 5`) and it never enters a compound unit.
    pub fn is_scale(&self) -> bool {
        matches!(self.single(), Some((Atom::Scale(_), 1)))
    }

    pub(crate) fn atoms(&self) -> impl Iterator<Item = (Atom, i32)> + '_ {
        self.atoms.iter().map(|(a, e)| (*a, *e))
    }

    fn single(&self) -> Option<(Atom, i32)> {
        let mut it = self.atoms();
        let first = it.next()?;
        it.next().is_none().then_some(first)
    }

    /// This dimension raised to an integer power.
    pub fn pow(&self, exponent: i32) -> Dimension {
        let atoms = self
            .atoms
            .iter()
            .map(|(a, e)| (*a, e.saturating_mul(exponent)))
            .filter(|(_, e)| *e != 0)
            .collect();
        Dimension { atoms }
    }

    /// The product of two dimensions.
    pub fn mul(&self, other: &Dimension) -> Dimension {
        let mut atoms = self.atoms.clone();
        for (atom, exp) in other.atoms() {
            let entry = atoms.entry(atom).or_insert(0);
            *entry = entry.saturating_add(exp);
        }
        atoms.retain(|_, e| *e != 0);
        Dimension { atoms }
    }

    /// Parses the table notation: `1`, `L`, `M*L^-2`, `count:cycle*T^-1`.
    pub(crate) fn parse(text: &'static str) -> Result<Dimension, String> {
        let text = text.trim();
        if text == "1" {
            return Ok(Dimension::dimensionless());
        }
        text.split('*')
            .try_fold(Dimension::dimensionless(), |acc, factor| {
                let (name, exp) = split_exponent(factor.trim())?;
                let atom = parse_atom(name)?;
                let one = Dimension {
                    atoms: BTreeMap::from([(atom, 1)]),
                };
                Ok(acc.mul(&one.pow(exp)))
            })
    }
}

fn split_exponent(factor: &'static str) -> Result<(&'static str, i32), String> {
    match factor.split_once('^') {
        None => Ok((factor, 1)),
        Some((name, exp)) => exp
            .parse::<i32>()
            .map(|e| (name, e))
            .map_err(|_| format!("bad exponent `{exp}` in dimension `{factor}`")),
    }
}

fn parse_atom(name: &'static str) -> Result<Atom, String> {
    if let Some((kind, label)) = name.split_once(':') {
        if label.is_empty() {
            return Err(format!("empty name in dimension atom `{name}`"));
        }
        return match kind {
            "count" => Ok(Atom::Count(label)),
            "currency" => Ok(Atom::Currency(label)),
            "level" => Ok(Atom::Level(label)),
            "scale" => Ok(Atom::Scale(label)),
            _ => Err(format!("unknown atom kind `{kind}`")),
        };
    }
    match name {
        "L" => Ok(Atom::Length),
        "M" => Ok(Atom::Mass),
        "T" => Ok(Atom::Time),
        "I" => Ok(Atom::Current),
        "K" | "Θ" => Ok(Atom::Temperature),
        "J" => Ok(Atom::Luminous),
        "angle" => Ok(Atom::Angle),
        _ => Err(format!("unknown dimension atom `{name}`")),
    }
}
