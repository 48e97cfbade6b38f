//! Describes a `Dimension` in words ("cycles per time", "mass", "sound level dB(A)") for messages.

use std::fmt;

use super::dimension::{Atom, Dimension};

/// Dimensions with a familiar name, as (atoms with exponents, name).
const NAMED: &[(&[(Atom, i32)], &str)] = &[
    (
        &[(Atom::Mass, 1), (Atom::Length, 1), (Atom::Time, -2)],
        "force",
    ),
    (
        &[(Atom::Mass, 1), (Atom::Length, 2), (Atom::Time, -2)],
        "energy or torque",
    ),
    (
        &[(Atom::Mass, 1), (Atom::Length, 2), (Atom::Time, -3)],
        "power",
    ),
    (
        &[(Atom::Mass, 1), (Atom::Length, -1), (Atom::Time, -2)],
        "pressure",
    ),
    (
        &[
            (Atom::Mass, 1),
            (Atom::Length, 2),
            (Atom::Time, -3),
            (Atom::Current, -1),
        ],
        "voltage",
    ),
    (
        &[
            (Atom::Mass, 1),
            (Atom::Length, 2),
            (Atom::Time, -3),
            (Atom::Current, -2),
        ],
        "electric resistance",
    ),
    (&[(Atom::Time, 1), (Atom::Current, 1)], "electric charge"),
    (&[(Atom::Time, -1)], "frequency"),
    (&[(Atom::Length, 1), (Atom::Time, -1)], "speed"),
    (&[(Atom::Length, -2), (Atom::Luminous, 1)], "illuminance"),
];

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_dimensionless() {
            return f.write_str("dimensionless ratio");
        }
        if let Some(name) = named(self) {
            return f.write_str(name);
        }
        f.write_str(&describe(self))
    }
}

fn named(dim: &Dimension) -> Option<&'static str> {
    NAMED.iter().find_map(|(atoms, name)| {
        let same = dim.atoms().eq(sorted(atoms));
        same.then_some(*name)
    })
}

fn sorted(atoms: &[(Atom, i32)]) -> impl Iterator<Item = (Atom, i32)> {
    let mut v = atoms.to_vec();
    v.sort();
    v.into_iter()
}

fn describe(dim: &Dimension) -> String {
    let up: Vec<String> = dim
        .atoms()
        .filter(|(_, e)| *e > 0)
        .map(|(a, e)| power_word(a, e))
        .collect();
    let down: Vec<String> = dim
        .atoms()
        .filter(|(_, e)| *e < 0)
        .map(|(a, e)| power_word(a, -e))
        .collect();
    let mut text = up.join(" × ");
    for word in down {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str("per ");
        text.push_str(&word);
    }
    text
}

fn power_word(atom: Atom, exp: i32) -> String {
    match (atom, exp) {
        (Atom::Length, 2) => "area".to_owned(),
        (Atom::Length, 3) => "volume".to_owned(),
        (_, 1) => atom_word(atom),
        _ => format!("{}^{exp}", atom_word(atom)),
    }
}

fn atom_word(atom: Atom) -> String {
    match atom {
        Atom::Count(name) => plural(name),
        Atom::Currency(code) => code.to_owned(),
        Atom::Level(name) => level_word(name),
        Atom::Scale(name) => format!("{name} scale"),
        Atom::Mass => "mass".to_owned(),
        Atom::Length => "length".to_owned(),
        Atom::Time => "time".to_owned(),
        Atom::Current => "electric current".to_owned(),
        Atom::Temperature => "temperature".to_owned(),
        Atom::Luminous => "luminous intensity".to_owned(),
        Atom::Angle => "angle".to_owned(),
    }
}

fn plural(name: &str) -> String {
    let es = ["s", "x", "ch", "sh"].iter().any(|end| name.ends_with(end));
    if es {
        format!("{name}es")
    } else {
        format!("{name}s")
    }
}

fn level_word(name: &str) -> String {
    match name.strip_prefix("dB") {
        Some("") => "level in dB".to_owned(),
        Some(weighting) => format!("sound level dB({weighting})"),
        None => format!("level {name}"),
    }
}
